/*  actor.c — one thread per actor, started and stopped as CZMQ's zactor:
    the controller binds a PAIR pipe, starts the thread, waits for its ready
    signal; to stop it, sets the kill flag, wakes it and waits for the last
    signal. The thread runs a Lua behaviour in its own lua_State, in a
    sandboxed environment.

    Two channels, one per direction: the actor's signals (ready, done) go
    up the PAIR pipe; the controller's nudges (pause, kill, step, options:
    "look at the control atomics again") come down an eventfd, which every
    blocking call polls beside its sockets as a plain descriptor: cheaper
    in zmq_poll than a second socket, and a thousand nudges are one read.

    The thread itself is actor_thread.c; the services it and the sockets
    use while it runs (gate, wait, events, the count hook) are
    actor_run.c. This file is the controller's side.
*/
#define _GNU_SOURCE
#include "actor_run.h"
#include "actor_thread.h"
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum {
    ACTOR_MEMORY_MAX = 64 * 1024 * 1024,    //  per behaviour
    JOIN_REARM_MS = 20                      //  actor_join arms a running actor this often
};

actor_t *
actor_new (lab_t *lab, const char *behaviour, const char *name, const char *params)
{
    actor_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->lab = lab;
    snprintf (self->name, sizeof self->name, "%s", name);
    snprintf (self->behaviour, sizeof self->behaviour, "%s", behaviour ? behaviour : "");
    self->params = strdup (params && *params ? params : "{}");
    pthread_mutex_init (&self->info_lock, NULL);
    atomic_init (&self->state, ACTOR_STOPPED);
    atomic_init (&self->paused, false);
    atomic_init (&self->kill, false);
    self->wake_fd = -1;
    return self;
}

static void s_reset_counters (actor_t *self);

//  One end of an actor's pipe: a PAIR, linger 0, bound or connected to
//  ENDPOINT. NULL on failure (zmq_errno says why).
static void *
s_pipe_end (lab_t *lab, const char *endpoint, bool bind)
{
    void *pipe = zmq_socket (lab_context (lab), ZMQ_PAIR);
    int zero = 0;
    if (pipe && zmq_setsockopt (pipe, ZMQ_LINGER, &zero, sizeof zero) == 0
    &&  (bind ? zmq_bind (pipe, endpoint) : zmq_connect (pipe, endpoint)) == 0)
        return pipe;
    if (pipe) {
        int errnum = zmq_errno ();
        zmq_close (pipe);
        errno = errnum;
    }
    return NULL;
}

int
actor_start (actor_t *self, char **error)
{
    *error = NULL;
    actor_hook_init ();
    actor_run_t *run = calloc (1, sizeof *run);
    if (!run)
        return -1;
    run->actor = self;
    run->lab = self->lab;
    run->memory.max = ACTOR_MEMORY_MAX;
    run->source = lab_behaviour_source (self->lab, self->behaviour, &run->chunkname, error);
    if (!run->source) {
        free (run);
        return -1;
    }
    //  A unique endpoint per start: an old pipe may still be closing.
    static _Atomic unsigned pipe_counter;
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://zmqlab-pipe-%p-%u",
              (void *) self, atomic_fetch_add (&pipe_counter, 1));
    self->pipe = s_pipe_end (self->lab, endpoint, true);
    run->pipe = self->pipe ? s_pipe_end (self->lab, endpoint, false) : NULL;
    self->wake_fd = run->pipe ? eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC) : -1;
    run->wake_fd = self->wake_fd;
    if (self->wake_fd < 0) {
        if (asprintf (error, "cannot create the actor's pipe: %s",
                      run->pipe ? strerror (errno) : zmq_strerror (zmq_errno ())) < 0)
            *error = NULL;
        if (run->pipe)
            zmq_close (run->pipe);
        if (self->pipe)
            zmq_close (self->pipe);
        self->pipe = NULL;
        free (run->source);
        free (run->chunkname);
        free (run);
        return -1;
    }

    atomic_store (&self->kill, false);
    atomic_store (&self->state, ACTOR_STARTING);
    pthread_mutex_lock (&self->info_lock);
    self->detail [0] = 0;
    pthread_mutex_unlock (&self->info_lock);
    if (pthread_create (&self->thread, NULL, actor_thread_main, run) != 0) {
        if (asprintf (error, "cannot start a thread: %s", strerror (errno)) < 0)
            *error = NULL;
        zmq_close (run->pipe);
        zmq_close (self->pipe);
        self->pipe = NULL;
        close (self->wake_fd);
        self->wake_fd = -1;
        free (run->source);
        free (run->chunkname);
        free (run);
        atomic_store (&self->state, ACTOR_STOPPED);
        return -1;
    }
    self->joinable = true;

    //  The ready signal: "OK", or "ERR message" when the behaviour or its
    //  params did not load (then the thread has ended).
    char reply [LAB_DETAIL_MAX + 8];
    int size = zmq_recv (self->pipe, reply, sizeof reply - 1, 0);
    if (size < 0)
        size = 0;
    if (size > (int) sizeof reply - 1)
        size = (int) sizeof reply - 1;
    reply [size] = 0;
    if (strncmp (reply, "OK", 2) == 0)
        return 0;
    *error = strdup (size > 4 ? reply + 4 : "the actor did not start");
    actor_signal_kill (self);
    actor_join (self);
    return -1;
}

void
actor_nudge (actor_t *self)
{
    if (self->wake_fd >= 0) {
        uint64_t one = 1;
        ssize_t rc = write (self->wake_fd, &one, sizeof one);
        (void) rc;              //  only fails when the counter is full: awake anyway
        actor_hook_arm_thread (self);
    }
}

void
actor_signal_kill (actor_t *self)
{
    atomic_store (&self->kill, true);
    actor_nudge (self);
}

void
actor_join (actor_t *self)
{
    if (!self->joinable)
        return;
    //  Wait for the last signal, then reap the thread. Meanwhile an actor
    //  still running Lua is armed again now and then: one arm signal can
    //  come just as its last one-shot hook clears the VM's trap, and a
    //  loop that never calls the lab would then never look at the kill.
    char buf [16];
    int size = 0;
    while (true) {
        zmq_pollitem_t item = { self->pipe, 0, ZMQ_POLLIN, 0 };
        int ready = zmq_poll (&item, 1, JOIN_REARM_MS);
        if (ready < 0 && zmq_errno () != EINTR)
            break;
        if (ready <= 0) {
            actor_hook_arm_thread (self);
            continue;
        }
        size = zmq_recv (self->pipe, buf, sizeof buf, 0);
        if (size < 0 || (size == 5 && memcmp (buf, "$DONE", 5) == 0))
            break;
    }
    pthread_join (self->thread, NULL);
    self->joinable = false;
    zmq_close (self->pipe);
    self->pipe = NULL;
    close (self->wake_fd);
    self->wake_fd = -1;
}

void
actor_destroy (actor_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    actor_t *self = *self_p;
    actor_signal_kill (self);
    actor_join (self);
    pthread_mutex_lock (&self->info_lock);
    for (size_t i = 0; i < self->n_feed; i++)
        free (self->feed [i]);
    free (self->feed);
    for (size_t i = 0; i < self->n_options; i++)
        free (self->options [i]);
    free (self->options);
    pthread_mutex_unlock (&self->info_lock);
    pthread_mutex_destroy (&self->info_lock);
    free (self->params);
    free (self);
    *self_p = NULL;
}

const char *
actor_name (actor_t *self)
{
    return self->name;
}

int
actor_pause (actor_t *self)
{
    atomic_store (&self->paused, true);
    actor_nudge (self);
    return 0;
}

int
actor_resume (actor_t *self)
{
    atomic_store (&self->paused, false);
    actor_nudge (self);
    return 0;
}

int
actor_kill (actor_t *self)
{
    if (!self->joinable)
        return 0;
    actor_signal_kill (self);
    actor_join (self);
    lab_notify (self->lab);
    return 0;
}

int
actor_restart (actor_t *self, const char *params, char **error)
{
    if (error)
        *error = NULL;
    actor_kill (self);
    if (params && *params) {
        char *copy = strdup (params);
        if (!copy)
            return -1;
        free (self->params);
        self->params = copy;
    }
    s_reset_counters (self);
    atomic_store (&self->paused, false);
    char *start_error = NULL;
    int rc = actor_start (self, &start_error);
    if (rc == 0)
        atomic_fetch_add (&self->restarts, 1);
    else {
        pthread_mutex_lock (&self->info_lock);
        snprintf (self->detail, sizeof self->detail, "%s",
                  start_error ? start_error : "restart failed");
        pthread_mutex_unlock (&self->info_lock);
        atomic_store (&self->state, ACTOR_CRASHED);
    }
    if (error)
        *error = start_error;
    else
        free (start_error);
    lab_notify (self->lab);
    return rc;
}

int
actor_feed (actor_t *self, const char *text)
{
    char *line = strdup (text ? text : "");
    if (!line)
        return -1;
    pthread_mutex_lock (&self->info_lock);
    if (self->n_feed == self->feed_cap) {
        size_t cap = self->feed_cap ? self->feed_cap * 2 : 8;
        char **grown = realloc (self->feed, cap * sizeof *grown);
        if (!grown) {
            pthread_mutex_unlock (&self->info_lock);
            free (line);
            return -1;
        }
        self->feed = grown;
        self->feed_cap = cap;
    }
    self->feed [self->n_feed++] = line;
    self->feed_bytes += strlen (line) + 1;
    pthread_mutex_unlock (&self->info_lock);
    actor_nudge (self);
    return 0;
}

bool
actor_option_known (const char *option)
{
    return probe_option_index (option) >= 0;
}

int
actor_set_option (actor_t *self, const char *option, const char *value)
{
    if (!actor_option_known (option) || !value)
        return -1;
    size_t option_len = strlen (option), value_len = strlen (value);
    char *pair = malloc (option_len + value_len + 2);
    if (!pair)
        return -1;
    memcpy (pair, option, option_len + 1);
    memcpy (pair + option_len + 1, value, value_len + 1);
    pthread_mutex_lock (&self->info_lock);
    char **grown = realloc (self->options, (self->n_options + 1) * sizeof *grown);
    if (grown) {
        self->options = grown;
        grown [self->n_options++] = pair;
    }
    pthread_mutex_unlock (&self->info_lock);
    if (!grown) {
        free (pair);
        return -1;
    }
    atomic_store (&self->options_pending, true);
    actor_nudge (self);
    return 0;
}

actor_state_t
actor_state (actor_t *self)
{
    return (actor_state_t) atomic_load (&self->state);
}

//  Counters start again with a restart: the new run is a new program. The
//  old thread has been joined, so no writer is left.
static void
s_reset_counters (actor_t *self)
{
    atomic_store (&self->sent, 0);
    atomic_store (&self->received, 0);
    atomic_store (&self->lost, 0);
    atomic_store (&self->missed, 0);
    atomic_store (&self->subscriptions, 0);
    for (int i = 0; i < ERR_KIND_COUNT; i++)
        atomic_store (&self->errors [i], 0);
    pthread_mutex_lock (&self->info_lock);
    self->n_reports = 0;
    self->last_error [0] = 0;
    pthread_mutex_unlock (&self->info_lock);
}

void
actor_stats_fill (actor_t *self, actor_stats_t *stats)
{
    memset (stats, 0, sizeof *stats);
    snprintf (stats->name, sizeof stats->name, "%s", self->name);
    snprintf (stats->behaviour, sizeof stats->behaviour, "%s", self->behaviour);
    stats->state = (actor_state_t) atomic_load (&self->state);
    stats->paused = atomic_load (&self->paused);
    stats->sent = counter_get (&self->sent);
    stats->received = counter_get (&self->received);
    stats->lost = counter_get (&self->lost);
    stats->missed = counter_get (&self->missed);
    stats->subscriptions = counter_get (&self->subscriptions);
    for (int i = 0; i < ERR_KIND_COUNT; i++) {
        stats->errors_by_kind [i] = counter_get (&self->errors [i]);
        stats->errors += stats->errors_by_kind [i];
    }
    stats->restarts = atomic_load (&self->restarts);
    pthread_mutex_lock (&self->info_lock);
    memcpy (stats->detail, self->detail, sizeof stats->detail);
    memcpy (stats->last_error, self->last_error, sizeof stats->last_error);
    memcpy (stats->reports, self->reports, sizeof stats->reports);
    stats->n_reports = self->n_reports;
    pthread_mutex_unlock (&self->info_lock);
}
