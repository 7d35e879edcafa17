/*  watchdog.h — the last way out when zmqlab is stuck: a signal it does not
    take within WATCHDOG_SECONDS ends the process.
*/
#ifndef ZMQLAB_WATCHDOG_H
#define ZMQLAB_WATCHDOG_H

#include <signal.h>
#include <stdbool.h>

enum { WATCHDOG_SECONDS = 10 };

//  Starts a thread that looks, a few times a second, whether one of
//  SIGNALS (blocked in every thread, taken by the front ends between
//  frames with sigtimedwait) is pending; when one stays pending for
//  WATCHDOG_SECONDS, the thread that should take it is stuck (a script
//  running in C: a costly string pattern; a cleanup that waits forever),
//  so it says so on stderr and ends the process with status 128 + the
//  signal. SAYING is what it writes (copied). SIGNALS must outlive the
//  process's run. 0, or -1 when the thread cannot start (then nothing
//  watches).
int watchdog_start (const sigset_t *signals, const char *saying);
//  While HELD, a pending signal is no sign of being stuck: a program run in
//  the foreground (the editor) gets the Ctrl-C typed for it, which zmqlab
//  then finds pending and drops.
void watchdog_hold (bool held);
//  Ends the thread (at once) before the process ends on its own.
void watchdog_stop (void);

#endif
