/*  labclock.h — the lab's clock: lab time runs at a speed factor and stops
    while paused; a gate closes every actor while paused; stepping mode hands
    out one send permit per step. Knows no actor: whoever changes it wakes
    the actors (lab.c does).

    Threads: any. Time, speed and pause sit behind the clock's own lock;
    the gate, stepping and permits are atomics, read on the hot path.
*/
#ifndef ZMQLAB_LABCLOCK_H
#define ZMQLAB_LABCLOCK_H

#include <stdbool.h>

typedef struct labclock_t labclock_t;

//  Seconds of CLOCK_MONOTONIC: real time, for deadlines and event stamps.
double labclock_monotonic (void);

labclock_t *labclock_new (void);
void labclock_destroy (labclock_t **self_p);

//  Lab seconds since labclock_new.
double labclock_now (labclock_t *self);
//  Real and lab time now, read together, and how fast lab time runs now
//  (0 while paused): lab time at an earlier real time R is then about
//  lab_now - (real_now - R) * rate, as the events ring needs it.
void labclock_sample (labclock_t *self, double *real_now, double *lab_now, double *rate);
//  Lab time, speed and pause read together (a snapshot's).
void labclock_read (labclock_t *self, double *now, double *speed, bool *paused);
//  Real milliseconds until lab time reaches DEADLINE (lab seconds) at the
//  speed now, rounded up and at most an hour (a waiter looks again): 0 once
//  reached, -1 while paused (lab time stands still). A speed change or a
//  pause makes the answer stale: whoever changes them wakes the waiters.
long labclock_ms_until (labclock_t *self, double deadline);
//  Clamped to 0.01 … 1000.
void labclock_set_speed (labclock_t *self, double speed);
double labclock_speed (labclock_t *self);
//  Stops lab time and closes the gate; resume opens both.
void labclock_pause (labclock_t *self);
void labclock_resume (labclock_t *self);
//  True while paused (relaxed: the hot path's check).
bool labclock_gate_closed (labclock_t *self);
//  Stepping on or off drops the permits not taken yet.
void labclock_set_stepping (labclock_t *self, bool on);
bool labclock_stepping (labclock_t *self);
//  One more permit, when stepping. False when not stepping.
bool labclock_step (labclock_t *self);
//  True if not stepping, or a permit was taken.
bool labclock_take_permit (labclock_t *self);

#endif
