/*  labclock.c — lab time, speed, pause and stepping (see labclock.h).
*/
#include "labclock.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

enum { LABCLOCK_WAIT_MAX_MS = 3600 * 1000 };

struct labclock_t {
    pthread_mutex_t lock;           //  speed, paused and the bases
    //  Lab time = lab_base + (real - real_base) * speed, unless paused.
    double speed;
    bool paused;
    double lab_base, real_base;
    _Atomic bool gate_closed;       //  paused, read on the hot path
    _Atomic bool stepping;
    _Atomic long permits;           //  sends allowed while stepping
};

double
labclock_monotonic (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

labclock_t *
labclock_new (void)
{
    labclock_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    pthread_mutex_init (&self->lock, NULL);
    self->speed = 1.0;
    self->real_base = labclock_monotonic ();
    atomic_init (&self->gate_closed, false);
    atomic_init (&self->stepping, false);
    atomic_init (&self->permits, 0);
    return self;
}

void
labclock_destroy (labclock_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pthread_mutex_destroy (&(*self_p)->lock);
    free (*self_p);
    *self_p = NULL;
}

//  Lock held.
static double
s_now (labclock_t *self, double real)
{
    if (self->paused)
        return self->lab_base;
    return self->lab_base + (real - self->real_base) * self->speed;
}

double
labclock_now (labclock_t *self)
{
    pthread_mutex_lock (&self->lock);
    double now = s_now (self, labclock_monotonic ());
    pthread_mutex_unlock (&self->lock);
    return now;
}

void
labclock_sample (labclock_t *self, double *real_now, double *lab_now, double *rate)
{
    pthread_mutex_lock (&self->lock);
    *real_now = labclock_monotonic ();
    *lab_now = s_now (self, *real_now);
    *rate = self->paused ? 0 : self->speed;
    pthread_mutex_unlock (&self->lock);
}

long
labclock_ms_until (labclock_t *self, double deadline)
{
    pthread_mutex_lock (&self->lock);
    double left = deadline - s_now (self, labclock_monotonic ());
    double speed = self->speed;
    bool paused = self->paused;
    pthread_mutex_unlock (&self->lock);
    if (left <= 0)
        return 0;
    if (paused)
        return -1;
    double ms = ceil (left / speed * 1000);
    return ms < LABCLOCK_WAIT_MAX_MS ? (long) ms : LABCLOCK_WAIT_MAX_MS;
}

void
labclock_read (labclock_t *self, double *now, double *speed, bool *paused)
{
    pthread_mutex_lock (&self->lock);
    *now = s_now (self, labclock_monotonic ());
    *speed = self->speed;
    *paused = self->paused;
    pthread_mutex_unlock (&self->lock);
}

void
labclock_set_speed (labclock_t *self, double speed)
{
    if (!(speed >= 0.01))
        speed = 0.01;
    if (speed > 1000)
        speed = 1000;
    pthread_mutex_lock (&self->lock);
    double real = labclock_monotonic ();
    self->lab_base = s_now (self, real);
    self->real_base = real;
    self->speed = speed;
    pthread_mutex_unlock (&self->lock);
}

double
labclock_speed (labclock_t *self)
{
    pthread_mutex_lock (&self->lock);
    double speed = self->speed;
    pthread_mutex_unlock (&self->lock);
    return speed;
}

void
labclock_pause (labclock_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (!self->paused) {
        self->lab_base = s_now (self, labclock_monotonic ());
        self->paused = true;
    }
    pthread_mutex_unlock (&self->lock);
    atomic_store (&self->gate_closed, true);
}

void
labclock_resume (labclock_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (self->paused) {
        self->real_base = labclock_monotonic ();
        self->paused = false;
    }
    pthread_mutex_unlock (&self->lock);
    atomic_store (&self->gate_closed, false);
}

bool
labclock_gate_closed (labclock_t *self)
{
    return atomic_load_explicit (&self->gate_closed, memory_order_relaxed);
}

void
labclock_set_stepping (labclock_t *self, bool on)
{
    atomic_store (&self->permits, 0);
    atomic_store (&self->stepping, on);
}

bool
labclock_stepping (labclock_t *self)
{
    return atomic_load (&self->stepping);
}

bool
labclock_step (labclock_t *self)
{
    if (!atomic_load (&self->stepping))
        return false;
    atomic_fetch_add (&self->permits, 1);
    return true;
}

bool
labclock_take_permit (labclock_t *self)
{
    if (!atomic_load_explicit (&self->stepping, memory_order_relaxed))
        return true;
    long permits = atomic_load (&self->permits);
    while (permits > 0)
        if (atomic_compare_exchange_weak (&self->permits, &permits, permits - 1))
            return true;
    return false;
}
