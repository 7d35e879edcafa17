/*  actor_thread.c — the actor's thread: its lua_State, the behaviour's
    sandboxed environment with the lab's own functions (sleep, now, log,
    print, report, input, the zmq table of probe.c), the params, the run
    itself and its end. actor.c starts actor_thread_main on a new thread;
    everything here runs on that thread.
*/
#define _GNU_SOURCE
#include "eintr.h"
#include "actor_run.h"
#include "actor_thread.h"
#include "probe.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

enum {
    ACTOR_NICE = 5,                         //  below the controller thread
    PARAMS_INSTRUCTIONS_MAX = 1000000
};

//  Applies options set by the controller to every open socket: actor_gate
//  calls it through run->apply_options (actor_run.c lies below probe).
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

//  --- the behaviour's own functions ----------------------------------------

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
    if (actor_killed_error (L, 1))
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
    //  The event first: a reader that sees the state finds it in the ring.
    char text [LAB_DETAIL_MAX + 16];
    snprintf (text, sizeof text, "%s: %s", actor_state_name (state), detail);
    lab_event_push (run->lab, actor, EVENT_STATE, NULL, 0, text, strlen (text));
    atomic_store (&actor->state, state);
    lab_notify (run->lab);
}

void *
actor_thread_main (void *arg)
{
    actor_run_t *run = arg;
    actor_t *actor = run->actor;
    //  The controller thread (the lesson, the view) comes first: an actor
    //  sending flat out must not make the screen or the lesson wait for a
    //  CPU. Linux: setpriority on a thread id sets that thread's nice.
    setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), ACTOR_NICE);
    run->apply_options = s_apply_options;
    lua_State *L = lua_newstate (luamem_alloc, &run->memory);
    bool ready = false;
    if (L) {
        *(actor_run_t **) lua_getextraspace (L) = run;
        run->L = L;
        luaL_openlibs (L);      //  read from, never exposed whole: see s_push_env
        actor_hook_start (run);
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
        ZMQ_AGAIN_ON_EINTR (zmq_send (run->pipe, reply, strlen (reply), 0));
    }
    else {
        atomic_store (&actor->state, ACTOR_RUNNING);
        ZMQ_AGAIN_ON_EINTR (zmq_send (run->pipe, "OK", 2, 0));
        lab_event_push (run->lab, actor, EVENT_STATE, NULL, 0, "started", 7);
        actor_hook_on_demand (run);
        int rc = lua_pcall (L, 0, 0, 1);
        actor_hook_done (run);
        //  Close every socket before the state says stopped: a reader that
        //  sees "stopped" sees the links ended too.
        while (run->n_socks > 0)
            probe_close (run->socks [run->n_socks - 1]);
        if (rc == LUA_OK)
            s_finish (run, ACTOR_STOPPED, "finished");
        else
        if (actor_killed_error (L, -1) || actor_run_killed (run))
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
    msgbudget_release (&run->held);     //  its messages may outlive it
    void *pipe = run->pipe;
    free (run);
    ZMQ_AGAIN_ON_EINTR (zmq_send (pipe, "$DONE", 5, 0));        //  the last signal
    zmq_close (pipe);
    return NULL;
}
