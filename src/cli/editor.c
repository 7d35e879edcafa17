/*  editor.c — runs the learner's editor (see editor.h).

    The session blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH and
    SIGTSTP in every thread and reads them from a signalfd. The editor must
    get the ordinary dispositions and an empty mask, or Ctrl-C and a resize
    would not reach it; a Ctrl-C meant for the editor (one that stops a
    command of vi, say) must not end zmqlab afterwards either.
*/
#define _GNU_SOURCE
#include "editor.h"
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *
editor_command (void)
{
    const char *names [] = { "VISUAL", "EDITOR" };
    for (int i = 0; i < 2; i++) {
        const char *value = getenv (names [i]);
        if (value && *value)
            return value;
    }
    return NULL;
}

int
editor_run (const char *command, const char *path)
{
    //  As git runs $EDITOR: the command is shell code, the path "$@".
    //  Built before fork: the child of a threaded process may not malloc.
    char *script = NULL;
    if (asprintf (&script, "%s \"$@\"", command) < 0)
        return -1;
    //  Only async-signal-safe calls in the child: execve, not execl.
    char *const argv [] = { "sh", "-c", script, "sh", (char *) path, NULL };
    //  Signals typed for the editor wait here until it ends: not stuck.
    watchdog_hold (true);
    pid_t pid = fork ();
    if (pid < 0) {
        watchdog_hold (false);
        free (script);
        return -1;
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset (&none);
        sigprocmask (SIG_SETMASK, &none, NULL);
        execve ("/bin/sh", argv, environ);
        _exit (127);
    }
    free (script);
    int status = 0;
    while (1) {
        pid_t rc = waitpid (pid, &status, WUNTRACED);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0) {
            watchdog_hold (false);
            return -1;
        }
        if (WIFSTOPPED (status)) {
            //  Ctrl-Z in the editor: stop as a whole, as the shell sees us.
            kill (getpid (), SIGSTOP);
            kill (pid, SIGCONT);
            continue;
        }
        break;
    }
    //  A Ctrl-C or Ctrl-\ typed for the editor is pending here too (they
    //  are blocked): it was the editor's, not a wish to end zmqlab.
    sigset_t interrupt;
    sigemptyset (&interrupt);
    sigaddset (&interrupt, SIGINT);
    sigaddset (&interrupt, SIGQUIT);
    struct timespec now = { 0, 0 };
    while (sigtimedwait (&interrupt, NULL, &now) > 0)
        ;
    watchdog_hold (false);
    if (WIFEXITED (status))
        return WEXITSTATUS (status);
    return 128 + (WIFSIGNALED (status) ? WTERMSIG (status) : 0);
}
