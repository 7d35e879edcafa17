/*  actor_run.c — the services an actor thread gives the code that runs on
    it: the gate (pause, kill, stepping) and the wait beside the control
    eventfd, the actor's state, its message events under a rate cap, its
    errors, the sockets it must close, and the count hook that reaches a
    behaviour looping in Lua. Called on the actor's own thread (probe*.c,
    actor_thread.c), except actor_hook_init and actor_hook_arm_thread
    (the controller's, from actor.c).

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
#include "actor_run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

enum {
    BLOCK_NOTICE_MS = 5,                    //  a block this long is worth a notify
    EVENT_BUDGET = 200                      //  message events per window
};
static const double EVENT_WINDOW = 0.1;     //  seconds

//  The signal that arms a running actor's hook (see the head comment).
#define ARM_SIGNAL (SIGRTMIN + 5)

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
void
actor_hook_init (void)
{
    pthread_once (&s_on_demand_once, s_on_demand_init);
}

//  Controller thread: running Lua, perhaps never calling the lab: arm its
//  hook. The caller stored its flag before this (sequentially consistent)
//  load; the actor stores RUNNING before its one-shot hook reads the
//  flags, so one of the two sees the other.
void
actor_hook_arm_thread (actor_t *actor)
{
    if (s_on_demand && atomic_load (&actor->state) == ACTOR_RUNNING)
        pthread_kill (actor->thread, ARM_SIGNAL);
}

void
actor_hook_start (actor_run_t *run)
{
    //  The host may block signals for its own threads; this one is ours.
    sigset_t arm;
    sigemptyset (&arm);
    sigaddset (&arm, ARM_SIGNAL);
    pthread_sigmask (SIG_UNBLOCK, &arm, NULL);
    lua_sethook (run->L, s_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

void
actor_hook_on_demand (actor_run_t *run)
{
    if (s_on_demand) {
        //  From here the hook is set on demand. A flag set before this
        //  point is seen now.
        lua_sethook (run->L, NULL, 0, 0);
        s_armable = run->L;
        if (actor_run_killed (run) || actor_run_held (run))
            s_arm (run);
    }
}

void
actor_hook_done (actor_run_t *run)
{
    (void) run;
    s_armable = NULL;
}

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

bool
actor_run_killed (actor_run_t *run)
{
    return atomic_load_explicit (&run->actor->kill, memory_order_relaxed);
}

bool
actor_run_held (actor_run_t *run)
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
    if (actor_run_killed (run))
        return WAIT_KILLED;
    if (atomic_load_explicit (&run->actor->options_pending, memory_order_relaxed))
        run->apply_options (run);
    if (!actor_run_held (run))
        return WAIT_READY;
    actor_state_t before = (actor_state_t) atomic_load (&run->actor->state);
    actor_set_state (run, ACTOR_PAUSED);
    zmq_pollitem_t item = { NULL, run->wake_fd, ZMQ_POLLIN, 0 };
    while (actor_run_held (run) && !actor_run_killed (run)) {
        if (zmq_poll (&item, 1, -1) < 0 && zmq_errno () != EINTR)
            return WAIT_KILLED;     //  the context is going away
        s_drain_wake (run);
    }
    if (actor_run_killed (run))
        return WAIT_KILLED;
    actor_set_state (run, before);
    s_arm (run);
    return WAIT_READY;
}

double
actor_deadline (actor_run_t *run, double seconds)
{
    return seconds < 0 ? ACTOR_FOREVER : lab_now (run->lab) + seconds;
}

wait_result_t
actor_wait (actor_run_t *run, zmq_pollitem_t *items, int n, double deadline,
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
    bool timed = deadline >= 0;       //  lab time is never negative
    actor_state_t before = (actor_state_t) atomic_load (&run->actor->state);
    //  An actor that waits is not flooding: its next skipped event looks at
    //  the clock, so a slow trickle after a burst is not sampled out.
    run->event_skips = 0;
    wait_result_t result = WAIT_TIMEOUT;
    bool noticed = false;           //  lab_notify'd that this block lasts
    for (;;) {
        if (actor_gate (run) == WAIT_KILLED) {
            result = WAIT_KILLED;
            break;
        }
        actor_set_state (run, state);
        //  Lab time: the real wait follows the speed, and stands still
        //  while paused (-1; resuming nudges us). A speed change nudges too,
        //  and the next turn of the loop waits at the new speed.
        long wait_ms = timed ? lab_ms_until (run->lab, deadline) : -1;
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
            if (actor_run_killed (run)) {
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
        if (timed && lab_ms_until (run->lab, deadline) == 0)
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
    //  From now on every instruction raises, however the kill was seen (in
    //  the hook or in a lab call): a pcall around sleep or recv that catches
    //  it cannot keep the behaviour running.
    lua_sethook (L, s_hook, LUA_MASKCOUNT, 1);
    lua_pushlightuserdata (L, (void *) &s_killed_tag);
    return lua_error (L);
}

bool
actor_killed_error (lua_State *L, int idx)
{
    return lua_touserdata (L, idx) == &s_killed_tag;
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
        //  The clock now and then (every 64th skip, and the first one after
        //  a wait): at full speed most calls end here.
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

error_kind_t
actor_error_kind (int errnum)
{
    switch (errnum) {
        case EAGAIN: return ERR_EAGAIN;
        case EFSM: return ERR_EFSM;
        case EHOSTUNREACH: return ERR_EHOSTUNREACH;
        case EINVAL: return ERR_EINVAL;
        case ENOTSUP: return ERR_ENOTSUP;
        case EADDRINUSE: return ERR_EADDRINUSE;
        case ECONNREFUSED: return ERR_ECONNREFUSED;
        case EMSGSIZE: return ERR_EMSGSIZE;
        case ETERM: return ERR_ETERM;
        default: return ERR_OTHER;
    }
}

//  The code a behaviour gets with a failed call: the kind's name, or a
//  few more errno names.
static const char *
s_error_code (int errnum)
{
    error_kind_t kind = actor_error_kind (errnum);
    if (kind == ERR_OTHER) {
        if (errnum == ENOENT) return "ENOENT";
        if (errnum == EPROTONOSUPPORT) return "EPROTONOSUPPORT";
        if (errnum == ENOCOMPATPROTO) return "ENOCOMPATPROTO";
        if (errnum == EADDRNOTAVAIL) return "EADDRNOTAVAIL";
        return "EOTHER";
    }
    return error_kind_name (kind);
}

void
actor_count_error (actor_run_t *run, int errnum, const char *context)
{
    actor_t *actor = run->actor;
    counter_add (&actor->errors [actor_error_kind (errnum)], 1);
    char text [LAB_DETAIL_MAX];
    snprintf (text, sizeof text, "%s: %s", context, zmq_strerror (errnum));
    pthread_mutex_lock (&actor->info_lock);
    memcpy (actor->last_error, text, sizeof actor->last_error);
    pthread_mutex_unlock (&actor->info_lock);
    actor_message_event (run, EVENT_ERROR, NULL, 0, text, strlen (text));
    lab_notify (run->lab);
}

int
actor_fail (lua_State *L, actor_run_t *run, int errnum, const char *context)
{
    actor_count_error (run, errnum, context);
    lua_pushnil (L);
    lua_pushstring (L, zmq_strerror (errnum));
    lua_pushstring (L, s_error_code (errnum));
    return 3;
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

//  --- the count hook -------------------------------------------------------

lua_Hook
actor_run_hook (void)
{
    return s_hook;
}

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
            luaL_error (L, "%s", run->budget_message ? run->budget_message
                                                     : "params take too long to evaluate");
        if (actor_run_killed (run))
            actor_raise_killed (L);
        return;
    }
    //  Unset before looking: an arm that comes meanwhile is kept.
    if (s_on_demand)
        lua_sethook (L, NULL, 0, 0);
    if (actor_gate (run) == WAIT_KILLED)
        actor_raise_killed (L);         //  which keeps the hook on for good
}

