/*  watchdog.c — see watchdog.h. Lua runs some code where no hook reaches
    it (a string pattern is matched in C, however long it takes), and a
    thread can wait forever in a library's cleanup; SIGTERM and Ctrl-C are
    taken only by the loop such code holds up. This thread makes sure a
    signal someone sent is not ignored for good.
*/
#define _GNU_SOURCE
#include "watchdog.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { LOOKS_PER_SECOND = 4 };

static char s_saying [512];

static void *
s_watch (void *arg)
{
    const sigset_t *signals = arg;
    int looks = 0;                  //  consecutive looks that found one pending
    for (;;) {
        struct timespec pause = { 0, 1000000000L / LOOKS_PER_SECOND };
        nanosleep (&pause, NULL);
        sigset_t pending;
        int found = 0;
        if (sigpending (&pending) == 0)
            for (int sig = 1; sig < NSIG && !found; sig++)
                if (sigismember (signals, sig) == 1 && sigismember (&pending, sig) == 1)
                    found = sig;
        looks = found ? looks + 1 : 0;
        if (looks > WATCHDOG_SECONDS * LOOKS_PER_SECOND) {
            ssize_t written = write (STDERR_FILENO, s_saying, strlen (s_saying));
            (void) written;                 //  nothing better to do then
            _exit (128 + found);
        }
    }
    return NULL;
}

int
watchdog_start (const sigset_t *signals, const char *saying)
{
    snprintf (s_saying, sizeof s_saying, "%s", saying ? saying : "");
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init (&attr);
    pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize (&attr, 64 * 1024);
    int rc = pthread_create (&thread, &attr, s_watch, (void *) signals);
    pthread_attr_destroy (&attr);
    return rc == 0 ? 0 : -1;
}
