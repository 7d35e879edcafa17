/*  watchdog.c — see watchdog.h. Lua runs some code where no hook reaches
    it (a string pattern is matched in C, however long it takes), and a
    thread can wait forever in a library's cleanup; SIGTERM and Ctrl-C are
    taken only by the loop such code holds up. This thread makes sure a
    signal someone sent is not ignored for good.
*/
#define _GNU_SOURCE
#include "watchdog.h"

#include <poll.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum { LOOKS_PER_SECOND = 4 };

static char s_saying [512];
static const sigset_t *s_signals;
static int s_stop_fd = -1;          //  eventfd: watchdog_stop's word
static pthread_t s_thread;
static bool s_started;
static atomic_bool s_held;          //  a child has the terminal: its signals

static void *
s_watch (void *arg)
{
    (void) arg;
    int looks = 0;                  //  consecutive looks that found one pending
    for (;;) {
        struct pollfd stop = { s_stop_fd, POLLIN, 0 };
        if (poll (&stop, 1, 1000 / LOOKS_PER_SECOND) > 0)
            return NULL;
        sigset_t pending;
        int found = 0;
        if (sigpending (&pending) == 0)
            for (int sig = 1; sig < NSIG && !found; sig++)
                if (sigismember (s_signals, sig) == 1 && sigismember (&pending, sig) == 1)
                    found = sig;
        looks = found && !atomic_load (&s_held) ? looks + 1 : 0;
        if (looks > WATCHDOG_SECONDS * LOOKS_PER_SECOND) {
            ssize_t written = write (STDERR_FILENO, s_saying, strlen (s_saying));
            (void) written;                 //  nothing better to do then
            _exit (128 + found);
        }
    }
}

int
watchdog_start (const sigset_t *signals, const char *saying)
{
    snprintf (s_saying, sizeof s_saying, "%s", saying ? saying : "");
    s_signals = signals;
    s_stop_fd = eventfd (0, EFD_CLOEXEC);
    if (s_stop_fd < 0)
        return -1;
    pthread_attr_t attr;
    pthread_attr_init (&attr);
    pthread_attr_setstacksize (&attr, 64 * 1024);
    s_started = pthread_create (&s_thread, &attr, s_watch, NULL) == 0;
    pthread_attr_destroy (&attr);
    if (!s_started) {
        close (s_stop_fd);
        s_stop_fd = -1;
        return -1;
    }
    return 0;
}

void
watchdog_hold (bool held)
{
    atomic_store (&s_held, held);
}

void
watchdog_stop (void)
{
    if (!s_started)
        return;
    uint64_t one = 1;
    ssize_t written = write (s_stop_fd, &one, sizeof one);
    (void) written;
    pthread_join (s_thread, NULL);
    close (s_stop_fd);
    s_stop_fd = -1;
    s_started = false;
}
