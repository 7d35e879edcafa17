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

    THE COUNT HOOK. A behaviour that loops in Lua without calling the lab
    (while true do end) is reached only by a count hook; but while a count
    hook is set, Lua traps every instruction (about a tenth of a message's
    cost). So the hook is set only when something needs it, the way lua.c
    stops a script on Ctrl-C: a nudge to an actor that is running (not
    blocked in a wait, which the eventfd reaches) also sends the thread
    ARM_SIGNAL, whose handler, on that thread, sets a one-shot hook, which
    Lua allows from a signal handler (ldebug.c: lua_sethook "can be called
    asynchronously (e.g. during a signal)"). Never from another thread:
    lua_sethook walks the CallInfo list, which the owner frees as it runs.
    The hook sees the control atomics (actor_gate) and unsets itself. A
    flag set just as the actor leaves a wait is caught by a one-shot hook
    set on every way out of a wait. Params run under the old always-on
    hook and its instruction budget. Where ARM_SIGNAL is taken by the host,
    or under TSan (it holds a signal back until the thread calls into
    libc, which a Lua loop never does), the hook stays on as before.
*/
#define _GNU_SOURCE
#include "internal.h"
#include "textfile.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

enum {
    ACTOR_MEMORY_MAX = 64 * 1024 * 1024,    //  per behaviour
    HOOK_EVERY = 1000,                      //  instructions between kill checks
    BLOCK_NOTICE_MS = 5,                    //  a block this long is worth a notify
    ACTOR_NICE = 5,                         //  below the controller thread
    PARAMS_INSTRUCTIONS_MAX = 1000000,
    EVENT_BUDGET = 200,                     //  message events per window
    SOCKETS_MAX = 64
};
static const double EVENT_WINDOW = 0.1;     //  seconds

//  The signal that arms a running actor's hook (see the head comment).
#define ARM_SIGNAL (SIGRTMIN + 5)

struct actor_run_t {
    actor_t *actor;
    lab_t *lab;
    lua_State *L;
    void *pipe;                     //  PAIR, the actor's end: signals up
    int wake_fd;                    //  eventfd: the controller's nudges
    probe_sock_t *socks [SOCKETS_MAX];  //  open socket userdata, closed at exit
    int n_socks;
    luamem_t memory;                //  the behaviour's Lua allocations, capped
    int event_budget;
    double event_window;
    unsigned event_skips;
    long params_budget;             //  instructions left for params
    char *source, *chunkname;
};

//  The error value that unwinds a killed behaviour: its address is unique.
static const char s_killed_tag = 0;

static void s_hook (lua_State *L, lua_Debug *ar);

//  True when hooks are set on demand (ARM_SIGNAL is ours); set once.
static bool s_on_demand;
static pthread_once_t s_on_demand_once = PTHREAD_ONCE_INIT;
//  The behaviour's state while it runs on this thread, for the handler.
static _Thread_local lua_State *volatile s_armable;

#if !defined (__SANITIZE_THREAD__)
static void
s_arm_handler (int sig)
{
    (void) sig;
    int saved = errno;
    lua_State *L = s_armable;
    if (L)
        lua_sethook (L, s_hook, LUA_MASKCOUNT, 1);
    errno = saved;
}
#endif

static void
s_on_demand_init (void)
{
#if defined (__SANITIZE_THREAD__)
    s_on_demand = false;        //  see the head comment
#else
    struct sigaction old, action;
    memset (&action, 0, sizeof action);
    action.sa_handler = s_arm_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset (&action.sa_mask);
    s_on_demand = sigaction (ARM_SIGNAL, NULL, &old) == 0 && old.sa_handler == SIG_DFL
               && sigaction (ARM_SIGNAL, &action, NULL) == 0;
#endif
}

//  On the actor's thread: a hook at the next instruction, which checks the
//  control atomics and unsets itself.
static void
s_arm (actor_run_t *run)
{
    if (s_on_demand && s_armable)
        lua_sethook (run->L, s_hook, LUA_MASKCOUNT, 1);
}

//  --- controller side ------------------------------------------------------

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
static void *s_thread (void *arg);

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
    pthread_once (&s_on_demand_once, s_on_demand_init);
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
    if (pthread_create (&self->thread, NULL, s_thread, run) != 0) {
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
        //  Running Lua, perhaps never calling the lab: arm its hook. The
        //  caller stored its flag before this (sequentially consistent)
        //  load; the actor stores RUNNING before its one-shot hook reads
        //  the flags, so one of the two sees the other.
        if (s_on_demand && atomic_load (&self->state) == ACTOR_RUNNING)
            pthread_kill (self->thread, ARM_SIGNAL);
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
    //  Wait for the last signal, then reap the thread.
    char buf [16];
    int size;
    do
        size = zmq_recv (self->pipe, buf, sizeof buf, 0);
    while (size >= 0 && !(size == 5 && memcmp (buf, "$DONE", 5) == 0));
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

//  On the actor's thread: applies options set by the controller.
static void
s_apply_options (actor_run_t *run)
{
    actor_t *actor = run->actor;
    atomic_store (&actor->options_pending, false);
    pthread_mutex_lock (&actor->info_lock);
    char **options = actor->options;
    size_t n = actor->n_options;
    actor->options = NULL;
    actor->n_options = 0;
    pthread_mutex_unlock (&actor->info_lock);
    for (size_t i = 0; i < n; i++) {
        int index = probe_option_index (options [i]);
        const char *value = options [i] + strlen (options [i]) + 1;
        for (int s = 0; s < run->n_socks; s++)
            probe_apply_option (run->socks [s], index, value);
        free (options [i]);
    }
    free (options);
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

//  --- actor thread: control -----------------------------------------------

actor_run_t *
actor_run_of (lua_State *L)
{
    return *(actor_run_t **) lua_getextraspace (L);
}

actor_t *
actor_run_actor (actor_run_t *run)
{
    return run->actor;
}

void
actor_set_state (actor_run_t *run, actor_state_t state)
{
    actor_t *actor = run->actor;
    int old = atomic_load_explicit (&actor->state, memory_order_relaxed);
    if (old == (int) state)
        return;
    atomic_store (&actor->state, state);    //  seq_cst: see actor_nudge
    //  Blocking in send/recv flips thousands of times a second under load:
    //  actor_wait notifies only a block that lasts (BLOCK_NOTICE_MS).
    if (state != ACTOR_RUNNING && state != ACTOR_BLOCKED_SEND && state != ACTOR_BLOCKED_RECV)
        lab_notify (run->lab);
}

static bool
s_killed (actor_run_t *run)
{
    return atomic_load_explicit (&run->actor->kill, memory_order_relaxed);
}

static bool
s_held (actor_run_t *run)
{
    return lab_gate_closed (run->lab)
        || atomic_load_explicit (&run->actor->paused, memory_order_relaxed);
}

//  Takes the pending nudges (all of them: an eventfd read resets it).
static void
s_drain_wake (actor_run_t *run)
{
    uint64_t count;
    ssize_t rc = read (run->wake_fd, &count, sizeof count);
    (void) rc;                  //  EAGAIN: none pending
}

wait_result_t
actor_gate (actor_run_t *run)
{
    if (s_killed (run))
        return WAIT_KILLED;
    if (atomic_load_explicit (&run->actor->options_pending, memory_order_relaxed))
        s_apply_options (run);
    if (!s_held (run))
        return WAIT_READY;
    actor_state_t before = (actor_state_t) atomic_load (&run->actor->state);
    actor_set_state (run, ACTOR_PAUSED);
    zmq_pollitem_t item = { NULL, run->wake_fd, ZMQ_POLLIN, 0 };
    while (s_held (run) && !s_killed (run)) {
        if (zmq_poll (&item, 1, -1) < 0 && zmq_errno () != EINTR)
            return WAIT_KILLED;     //  the context is going away
        s_drain_wake (run);
    }
    if (s_killed (run))
        return WAIT_KILLED;
    actor_set_state (run, before);
    s_arm (run);
    return WAIT_READY;
}

wait_result_t
actor_wait (actor_run_t *run, zmq_pollitem_t *items, int n, long timeout_ms,
            actor_state_t state)
{
    zmq_pollitem_t all [SOCKETS_MAX + 1];
    if (n > SOCKETS_MAX)
        n = SOCKETS_MAX;
    all [0] = (zmq_pollitem_t) { NULL, run->wake_fd, ZMQ_POLLIN, 0 };
    for (int i = 0; i < n; i++) {
        all [i + 1] = items [i];
        all [i + 1].revents = 0;
    }
    double deadline = timeout_ms >= 0 ? lab_monotonic () + timeout_ms / 1000.0 : 0;
    actor_state_t before = (actor_state_t) atomic_load (&run->actor->state);
    wait_result_t result = WAIT_TIMEOUT;
    bool noticed = false;           //  lab_notify'd that this block lasts
    for (;;) {
        if (actor_gate (run) == WAIT_KILLED) {
            result = WAIT_KILLED;
            break;
        }
        actor_set_state (run, state);
        long wait_ms = -1;
        if (timeout_ms >= 0) {
            double left = deadline - lab_monotonic ();
            wait_ms = left > 0 ? (long) (left * 1000 + 0.999) : 0;
        }
        bool first_look = !noticed && (wait_ms < 0 || wait_ms > BLOCK_NOTICE_MS);
        int rc = zmq_poll (all, n + 1, first_look ? BLOCK_NOTICE_MS : wait_ms);
        if (first_look && rc == 0) {
            lab_notify (run->lab);
            noticed = true;
            continue;
        }
        if (rc < 0) {
            if (zmq_errno () == EINTR)
                continue;
            result = WAIT_KILLED;
            break;
        }
        if (all [0].revents) {
            s_drain_wake (run);
            if (s_killed (run)) {
                result = WAIT_KILLED;
                break;
            }
            if (n == 0) {
                result = WAIT_WOKEN;
                break;
            }
        }
        bool ready = false;
        for (int i = 0; i < n; i++) {
            items [i].revents = all [i + 1].revents;
            ready |= all [i + 1].revents != 0;
        }
        if (ready) {
            result = WAIT_READY;
            break;
        }
        if (timeout_ms >= 0 && lab_monotonic () >= deadline)
            break;
    }
    if (result != WAIT_KILLED) {
        actor_set_state (run, before == ACTOR_STARTING ? ACTOR_RUNNING : before);
        s_arm (run);
    }
    return result;
}

int
actor_raise_killed (lua_State *L)
{
    lua_pushlightuserdata (L, (void *) &s_killed_tag);
    return lua_error (L);
}

static double
s_coarse_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC_COARSE, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

bool
actor_event_take (actor_run_t *run)
{
    //  At high rates the ring would only churn: keep a few hundred events
    //  per actor per window and count the rest.
    if (run->event_budget <= 0) {
        //  The clock now and then: at full speed most calls end here.
        if ((run->event_skips++ & 63) == 0) {
            double now = s_coarse_now ();
            if (now - run->event_window >= EVENT_WINDOW) {
                run->event_window = now;
                run->event_budget = EVENT_BUDGET;
            }
        }
        if (run->event_budget <= 0) {
            counter_add (&run->actor->events_sampled_out, 1);
            return false;
        }
    }
    run->event_budget--;
    return true;
}

void
actor_event_push (actor_run_t *run, event_kind_t kind, const char *peer,
                  uint64_t seq, const char *text, size_t len)
{
    lab_event_push (run->lab, run->actor, kind, peer, seq, text, len);
}

void
actor_message_event (actor_run_t *run, event_kind_t kind, const char *peer,
                     uint64_t seq, const char *text, size_t len)
{
    if (actor_event_take (run))
        lab_event_push (run->lab, run->actor, kind, peer, seq, text, len);
}

void
actor_count_error (actor_run_t *run, int errnum, const char *context)
{
    actor_t *actor = run->actor;
    counter_add (&actor->errors [probe_error_kind (errnum)], 1);
    char text [LAB_DETAIL_MAX];
    snprintf (text, sizeof text, "%s: %s", context, zmq_strerror (errnum));
    pthread_mutex_lock (&actor->info_lock);
    memcpy (actor->last_error, text, sizeof actor->last_error);
    pthread_mutex_unlock (&actor->info_lock);
    actor_message_event (run, EVENT_ERROR, NULL, 0, text, strlen (text));
    lab_notify (run->lab);
}

void
actor_track_socket (actor_run_t *run, probe_sock_t *sock)
{
    if (run->n_socks < SOCKETS_MAX)
        run->socks [run->n_socks++] = sock;
}

void
actor_untrack_socket (actor_run_t *run, probe_sock_t *sock)
{
    for (int i = 0; i < run->n_socks; i++)
        if (run->socks [i] == sock) {
            run->socks [i] = run->socks [--run->n_socks];
            return;
        }
}

//  --- actor thread: the behaviour's environment ---------------------------

static void
s_hook (lua_State *L, lua_Debug *ar)
{
    (void) ar;
    actor_run_t *run = actor_run_of (L);
    if (run->params_budget > 0) {
        //  Params run before the ready signal, while the controller waits
        //  for it: no pause here, or a paused lab would never start it.
        run->params_budget -= HOOK_EVERY;
        if (run->params_budget <= 0)
            luaL_error (L, "params take too long to evaluate");
        if (s_killed (run))
            actor_raise_killed (L);
        return;
    }
    //  Unset before looking: an arm that comes meanwhile is kept.
    if (s_on_demand)
        lua_sethook (L, NULL, 0, 0);
    if (actor_gate (run) == WAIT_KILLED) {
        //  From now on every instruction raises: a pcall that catches the
        //  kill cannot keep the behaviour running.
        lua_sethook (L, s_hook, LUA_MASKCOUNT, 1);
        actor_raise_killed (L);
    }
}

static int
l_sleep (lua_State *L)
{
    actor_run_t *run = actor_run_of (L);
    double seconds = luaL_checknumber (L, 1);
    luaL_argcheck (L, seconds >= 0 && seconds < 1e9, 1, "seconds must be 0 or more");
    double target = lab_now (run->lab) + seconds;
    for (;;) {
        if (actor_gate (run) == WAIT_KILLED)
            return actor_raise_killed (L);
        double left = target - lab_now (run->lab);
        if (left <= 0)
            break;
        long ms = (long) (left / lab_speed (run->lab) * 1000 + 0.999);
        if (actor_wait (run, NULL, 0, ms, ACTOR_SLEEPING) == WAIT_KILLED)
            return actor_raise_killed (L);
    }
    return 0;
}

static int
l_now (lua_State *L)
{
    lua_pushnumber (L, lab_now (actor_run_of (L)->lab));
    return 1;
}

static int
l_log (lua_State *L)
{
    luaenv_push_joined (L, lua_gettop (L), NULL);
    size_t len;
    const char *text = lua_tolstring (L, -1, &len);
    actor_run_t *run = actor_run_of (L);
    actor_message_event (run, EVENT_LOG, NULL, 0, text, len);
    return 0;
}

static int
l_report (lua_State *L)
{
    actor_run_t *run = actor_run_of (L);
    const char *key = luaL_checkstring (L, 1);
    luaL_argcheck (L, strlen (key) < LAB_NAME_MAX, 1, "a report key is at most 31 characters");
    const char *value = luaL_tolstring (L, 2, NULL);
    actor_t *actor = run->actor;
    pthread_mutex_lock (&actor->info_lock);
    int slot = 0;
    while (slot < actor->n_reports && strcmp (actor->reports [slot].key, key) != 0)
        slot++;
    if (slot == actor->n_reports && slot < LAB_REPORT_MAX)
        actor->n_reports++;
    if (slot < LAB_REPORT_MAX) {
        snprintf (actor->reports [slot].key, sizeof actor->reports [slot].key, "%s", key);
        snprintf (actor->reports [slot].value, sizeof actor->reports [slot].value, "%s", value);
    }
    pthread_mutex_unlock (&actor->info_lock);
    lab_notify (run->lab);
    if (slot >= LAB_REPORT_MAX)
        return luaL_error (L, "too many report keys (at most %d)", LAB_REPORT_MAX);
    return 0;
}

static int
l_input (lua_State *L)
{
    actor_run_t *run = actor_run_of (L);
    actor_t *actor = run->actor;
    if (lua_gettop (L) >= 1) {
        size_t len;
        const char *prompt = luaL_checklstring (L, 1, &len);
        actor_message_event (run, EVENT_LOG, NULL, 0, prompt, len);
    }
    for (;;) {
        char *line = NULL;
        pthread_mutex_lock (&actor->info_lock);
        if (actor->n_feed > 0) {
            line = actor->feed [0];
            memmove (actor->feed, actor->feed + 1, (actor->n_feed - 1) * sizeof *actor->feed);
            actor->n_feed--;
        }
        pthread_mutex_unlock (&actor->info_lock);
        if (line) {
            lua_pushstring (L, line);
            free (line);
            return 1;
        }
        if (actor_wait (run, NULL, 0, -1, ACTOR_WAITING_INPUT) == WAIT_KILLED)
            return actor_raise_killed (L);
    }
}

//  The behaviour's _ENV: a whitelist of the standard library plus the lab's
//  own functions. Leaves it on the stack.
static void
s_push_env (lua_State *L, actor_run_t *run)
{
    luaenv_push_safe (L);
    static const luaL_Reg functions [] = {
        { "sleep", l_sleep }, { "now", l_now }, { "log", l_log },
        { "print", l_log }, { "report", l_report }, { "input", l_input },
        { NULL, NULL }
    };
    luaL_setfuncs (L, functions, 0);
    lua_pushstring (L, run->actor->name);
    lua_setfield (L, -2, "name");
    probe_open (L);
    lua_setfield (L, -2, "zmq");
}

//  Evaluates the params constructor in an empty environment, leaving the
//  table on the stack. 0, or -1 with the message on the stack.
static int
s_push_params (lua_State *L, actor_run_t *run)
{
    const char *params = run->actor->params;
    size_t len = strlen (params);
    char *chunk = malloc (len + 8);
    if (!chunk) {
        lua_pushstring (L, "out of memory");
        return -1;
    }
    memcpy (chunk, "return ", 7);
    memcpy (chunk + 7, params, len + 1);
    int rc = luaL_loadbufferx (L, chunk, len + 7, "=params", "t");
    free (chunk);
    if (rc != LUA_OK)
        return -1;
    lua_newtable (L);               //  nothing reachable from params
    lua_setupvalue (L, -2, 1);
    run->params_budget = PARAMS_INSTRUCTIONS_MAX;
    rc = lua_pcall (L, 0, 1, 0);
    run->params_budget = 0;
    if (rc != LUA_OK)
        return -1;
    if (!lua_istable (L, -1)) {
        lua_pop (L, 1);
        lua_pushstring (L, "params: expected a table like { rate = 5 }");
        return -1;
    }
    return 0;
}

static int
s_message_handler (lua_State *L)
{
    if (lua_touserdata (L, 1) == &s_killed_tag)
        return 1;
    if (!lua_isstring (L, 1))
        luaL_tolstring (L, 1, NULL);    //  error with a non-string value
    return 1;
}

static void
s_finish (actor_run_t *run, actor_state_t state, const char *detail)
{
    actor_t *actor = run->actor;
    pthread_mutex_lock (&actor->info_lock);
    snprintf (actor->detail, sizeof actor->detail, "%s", detail);
    pthread_mutex_unlock (&actor->info_lock);
    atomic_store (&actor->state, state);
    char text [LAB_DETAIL_MAX + 16];
    snprintf (text, sizeof text, "%s: %s", actor_state_name (state), detail);
    lab_event_push (run->lab, actor, EVENT_STATE, NULL, 0, text, strlen (text));
    lab_notify (run->lab);
}

static void *
s_thread (void *arg)
{
    actor_run_t *run = arg;
    actor_t *actor = run->actor;
    //  The controller thread (the lesson, the view) comes first: an actor
    //  sending flat out must not make the screen or the lesson wait for a
    //  CPU. Linux: setpriority on a thread id sets that thread's nice.
    setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), ACTOR_NICE);
    //  The host may block signals for its own threads; this one is ours.
    sigset_t arm;
    sigemptyset (&arm);
    sigaddset (&arm, ARM_SIGNAL);
    pthread_sigmask (SIG_UNBLOCK, &arm, NULL);
    lua_State *L = lua_newstate (luamem_alloc, &run->memory);
    bool ready = false;
    if (L) {
        *(actor_run_t **) lua_getextraspace (L) = run;
        run->L = L;
        luaL_openlibs (L);      //  read from, never exposed whole: see s_push_env
        lua_sethook (L, s_hook, LUA_MASKCOUNT, HOOK_EVERY);
        lua_pushcfunction (L, s_message_handler);   //  index 1
        s_push_env (L, run);                        //  index 2
        if (s_push_params (L, run) == 0) {
            lua_setfield (L, 2, "params");
            if (luaL_loadbufferx (L, run->source, strlen (run->source),
                                  run->chunkname ? run->chunkname : "=behaviour", "t") == LUA_OK) {
                lua_pushvalue (L, 2);
                lua_setupvalue (L, -2, 1);          //  _ENV
                ready = true;
            }
        }
    }
    if (!ready) {
        char reply [LAB_DETAIL_MAX + 8];
        snprintf (reply, sizeof reply, "ERR %s",
                  L ? lua_tostring (L, -1) : "cannot create a Lua state");
        atomic_store (&actor->state, ACTOR_STOPPED);
        zmq_send (run->pipe, reply, strlen (reply), 0);
    }
    else {
        atomic_store (&actor->state, ACTOR_RUNNING);
        zmq_send (run->pipe, "OK", 2, 0);
        lab_event_push (run->lab, actor, EVENT_STATE, NULL, 0, "started", 7);
        if (s_on_demand) {
            //  From here the hook is set on demand. A flag set before this
            //  point is seen now.
            lua_sethook (L, NULL, 0, 0);
            s_armable = L;
            if (s_killed (run) || s_held (run))
                s_arm (run);
        }
        int rc = lua_pcall (L, 0, 0, 1);
        s_armable = NULL;
        //  Close every socket before the state says stopped: a reader that
        //  sees "stopped" sees the links ended too.
        while (run->n_socks > 0)
            probe_close (run->socks [run->n_socks - 1]);
        if (rc == LUA_OK)
            s_finish (run, ACTOR_STOPPED, "finished");
        else
        if (lua_touserdata (L, -1) == &s_killed_tag || s_killed (run))
            s_finish (run, ACTOR_STOPPED, "killed");
        else {
            const char *message = lua_tostring (L, -1);
            s_finish (run, ACTOR_CRASHED, message ? message : "error");
        }
    }
    if (L)
        lua_close (L);
    free (run->source);
    free (run->chunkname);
    void *pipe = run->pipe;
    free (run);
    zmq_send (pipe, "$DONE", 5, 0);        //  the last signal
    zmq_close (pipe);
    return NULL;
}
