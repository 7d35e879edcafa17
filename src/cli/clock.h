/*  clock.h — what every front end asks of time and signals. */
#ifndef ZMQLAB_CLOCK_H
#define ZMQLAB_CLOCK_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

//  Seconds on the monotonic clock.
static inline double
clock_now (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

//  True if one of SIGNALS (blocked) is pending; takes it. NULL: never.
static inline bool
clock_interrupted (const sigset_t *signals)
{
    struct timespec zero = { 0, 0 };
    return signals && sigtimedwait (signals, NULL, &zero) > 0;
}

#endif
