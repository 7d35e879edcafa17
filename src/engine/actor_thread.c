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
    double deadline = actor_deadline (run, seconds);
    //  Woken early by a nudge (a speed change, a pause): wait on.
    for (;;) {
        if (actor_gate (run) == WAIT_KILLED)
            return actor_raise_killed (L);
        if (lab_ms_until (run->lab, deadline) == 0)
            break;
        if (actor_wait (run, NULL, 0, deadline, ACTOR_SLEEPING) == WAIT_KILLED)
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
    const char *key = luaenv_checkcstring (L, 1);
    luaL_argcheck (L, strlen (key) < LAB_NAME_MAX, 1, "a report key is at most 31 characters");
    size_t len;
    const char *value = luaL_tolstring (L, 2, &len);
    luaL_argcheck (L, strlen (value) == len, 2, "holds a NUL byte (\\0), which would cut it there");
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
            actor->feed_bytes -= strlen (line) + 1;
        }
        pthread_mutex_unlock (&actor->info_lock);
        if (line) {
            lua_pushstring (L, line);
            free (line);
            return 1;
        }
        if (actor_wait (run, NULL, 0, ACTOR_FOREVER, ACTOR_WAITING_INPUT) == WAIT_KILLED)
            return actor_raise_killed (L);
    }
}

//  The behaviour's _ENV: a whitelist of the standard library plus the lab's
//  own functions. Leaves it on the stack.
static void
s_push_env (lua_State *L, actor_run_t *run)
{
    luaenv_push_safe (L, "setmetatable: a metatable with __gc is not allowed in a behaviour "
                         "(a finalizer would run where kill cannot stop it); close sockets "
                         "explicitly instead");
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

//  The error value at the top of L as text, on L's main thread (protected:
//  __tostring may raise, and bounded: it may loop).
static int
s_tostring (lua_State *L)
{
    luaL_tolstring (L, 1, NULL);
    return 1;
}

//  Pushes the error of the body CO (its stack left where it stopped) on L
//  as "where: what": a message without a position gets the line of the
//  behaviour it stopped at, a value that is no message says what it is.
static void
s_push_error (actor_run_t *run, lua_State *L, lua_State *co)
{
    //  Where: the innermost Lua function (all of a behaviour's are its chunk's).
    lua_Debug ar;
    char source [LUA_IDSIZE] = "";
    int line = 0;
    for (int level = 0; lua_getstack (co, level, &ar); level++)
        if (lua_getinfo (co, "Sl", &ar) && ar.currentline > 0) {
            snprintf (source, sizeof source, "%s", ar.short_src);
            line = ar.currentline;
            break;
        }
    int type = lua_type (co, -1);
    lua_xmove (co, L, 1);
    int error = lua_gettop (L);
    if (type == LUA_TSTRING || type == LUA_TNUMBER)
        lua_pushvalue (L, error);
    else
    if (luaL_getmetafield (L, error, "__tostring") != LUA_TNIL) {
        lua_pop (L, 1);
        lua_pushcfunction (L, s_tostring);
        lua_pushvalue (L, error);
        run->params_budget = PARAMS_INSTRUCTIONS_MAX;
        run->budget_message = "the error value's __tostring takes too long";
        lua_sethook (L, actor_run_hook (), LUA_MASKCOUNT, HOOK_EVERY);
        //  Its result, or its own error (it raised, or took too long),
        //  which says what went wrong.
        lua_pcall (L, 1, 1, 0);
        if (!lua_isstring (L, -1)) {
            lua_pop (L, 1);
            lua_pushfstring (L, "error raised with a %s value whose __tostring failed",
                             luaL_typename (L, error));
        }
        run->params_budget = 0;
    }
    else
    if (type == LUA_TNIL)
        lua_pushliteral (L, "error raised with nil, not a message");
    else
        lua_pushfstring (L, "error raised with a %s value, not a message",
                         luaL_typename (L, error));
    if (strcmp (lua_tostring (L, -1), "not enough memory") == 0) {
        lua_pop (L, 1);
        lua_pushfstring (L, "not enough memory (a behaviour may use %d MiB)",
                         (int) (run->memory.max >> 20));
    }
    //  Lua's own messages say "chunk:line:" when they know it; the memory
    //  error never does (Lua calls no handler for it), nor error (nil).
    const char *what = lua_tostring (L, -1);
    size_t n = strlen (source);
    bool placed = n && strncmp (what, source, n) == 0 && what [n] == ':'
               && what [n + 1] >= '0' && what [n + 1] <= '9';
    if (placed)
        lua_pushvalue (L, -1);
    else
    if (line > 0)
        lua_pushfstring (L, "%s:%d: %s", source, line, what);
    else
        lua_pushfstring (L, "%s: %s", run->actor->behaviour, what);
}

static int
s_new_thread (lua_State *L)
{
    lua_newthread (L);
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
        s_push_env (L, run);                        //  index 1
        if (s_push_params (L, run) == 0) {
            lua_setfield (L, 1, "params");
            if (luaL_loadbufferx (L, run->source, strlen (run->source),
                                  run->chunkname ? run->chunkname : "=behaviour", "t") == LUA_OK) {
                lua_pushvalue (L, 1);
                lua_setupvalue (L, -2, 1);          //  _ENV
                //  The body runs as a coroutine (below); made protected,
                //  as params may have taken the memory.
                lua_pushcfunction (L, s_new_thread);
                ready = lua_pcall (L, 0, 1, 0) == LUA_OK;
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
        //  The body runs as a coroutine: after an error its stack stays
        //  where it stopped, so every error can say the line (the memory
        //  error calls no message handler). It inherits L's hook, which
        //  actor_hook_on_demand then sets on it (run->L).
        lua_State *co = lua_tothread (L, -1);
        lua_rotate (L, -2, 1);
        lua_xmove (L, co, 1);
        run->L = co;
        actor_hook_on_demand (run);
        int results = 0;
        int rc = lua_resume (co, L, 0, &results);
        actor_hook_done (run);
        run->L = L;
        bool killed = rc != LUA_OK && rc != LUA_YIELD
                   && (actor_killed_error (co, -1) || actor_run_killed (run));
        if (rc != LUA_OK && rc != LUA_YIELD && !killed)
            s_push_error (run, L, co);          //  while its stack says where
        if (rc != LUA_OK) {
            //  The <close> variables the error left open, as pcall closed
            //  them: under the count hook, bounded (a kill keeps raising).
            run->params_budget = PARAMS_INSTRUCTIONS_MAX;
            run->budget_message = "a __close handler takes too long";
            if (!killed)
                lua_sethook (co, actor_run_hook (), LUA_MASKCOUNT, HOOK_EVERY);
            luaenv_close_thread (co, L);
            run->params_budget = 0;
        }
        //  Close every socket before the state says stopped: a reader that
        //  sees "stopped" sees the links ended too.
        while (run->n_socks > 0)
            probe_close (run->socks [run->n_socks - 1]);
        if (rc == LUA_OK || rc == LUA_YIELD)
            s_finish (run, ACTOR_STOPPED, "finished");
        else
        if (killed)
            s_finish (run, ACTOR_STOPPED, "killed");
        else
            s_finish (run, ACTOR_CRASHED, lua_tostring (L, -1));
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
