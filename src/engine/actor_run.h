/*  actor_run.h — the run context of one actor thread, and the services the
    thread's callers use on it: probe*.c (a behaviour's sockets),
    actor_thread.c (the thread itself) and actor.c (the controller, for
    the hook's signal only). Owned by actor_run.c; everything here is
    called on the actor's own thread unless it says otherwise.

    Below probe: a probe file calls these; actor_run.c calls no probe file.
    What the run must do with sockets (apply options the controller set)
    it does through the apply_options function the thread gave it.
*/
#ifndef ZMQLAB_ACTOR_RUN_H
#define ZMQLAB_ACTOR_RUN_H

#include "internal.h"
#include "msgbudget.h"
#include "textfile.h"

enum {
    HOOK_EVERY = 1000,                      //  instructions between kill checks
    SOCKETS_MAX = 64                        //  open sockets per actor
};

//  One run of a behaviour, made by actor_start and owned by the thread.
struct actor_run_t {
    actor_t *actor;
    lab_t *lab;
    lua_State *L;
    void *pipe;                     //  PAIR, the actor's end: signals up
    int wake_fd;                    //  eventfd: the controller's nudges
    probe_sock_t *socks [SOCKETS_MAX];  //  open socket userdata, closed at exit
    int n_socks;
    //  Sockets opened in this run, for their labels (probe.c): no two
    //  sockets of one run share a label; a restart numbers them again.
    unsigned sockets_opened, unnamed_opened;
    struct { char name [16]; unsigned opened; } socknames [SOCKETS_MAX];
    int n_socknames;
    luamem_t memory;                //  the behaviour's Lua allocations, capped
    msgbudget_t *held;              //  bytes its messages hold in libzmq: with
                                    //  memory.used, within memory.max
    int event_budget;
    double event_window;
    unsigned event_skips;
    long params_budget;             //  instructions left for params (or an error's text)
    const char *budget_message;     //  the error when they run out (NULL: params')
    char *source, *chunkname;
    //  Applies the options the controller set (actor_thread.c's): called by
    //  actor_gate, which lies below the sockets it would need to reach.
    void (*apply_options) (actor_run_t *run);
};

typedef enum { WAIT_READY, WAIT_TIMEOUT, WAIT_WOKEN, WAIT_KILLED } wait_result_t;

actor_run_t *actor_run_of (lua_State *L);
actor_t *actor_run_actor (actor_run_t *run);
void actor_set_state (actor_run_t *run, actor_state_t state);
//  Waits until the lab and the actor are not paused. WAIT_KILLED if killed.
wait_result_t actor_gate (actor_run_t *run);
//  No deadline: wait for ever.
#define ACTOR_FOREVER (-1.0)
//  The lab time SECONDS from now, as a deadline for actor_wait
//  (ACTOR_FOREVER for a negative SECONDS).
double actor_deadline (actor_run_t *run, double seconds);
//  Waits until one of ITEMS is ready (revents filled) or lab time reaches
//  DEADLINE (lab seconds, or ACTOR_FOREVER), staying responsive to pause and
//  kill; STATE is shown meanwhile. Lab time is what every timeout of a
//  behaviour means (sleep, zmq.poll, SNDTIMEO, RCVTIMEO): it runs at the
//  lab's speed and stands still while the lab is paused. With n == 0 it
//  returns WAIT_WOKEN on any control nudge, so a caller can look again.
wait_result_t actor_wait (actor_run_t *run, zmq_pollitem_t *items, int n,
                          double deadline, actor_state_t state);
//  True once the controller asked this run to stop.
bool actor_run_killed (actor_run_t *run);
//  True while the lab or the actor is paused.
bool actor_run_held (actor_run_t *run);
//  Raises the "killed" error; never returns.
int actor_raise_killed (lua_State *L);
//  Is the error value at IDX the one actor_raise_killed raised?
bool actor_killed_error (lua_State *L, int idx);
//  Message events, subject to the per-actor rate cap.
void actor_message_event (actor_run_t *run, event_kind_t kind, const char *peer,
                          uint64_t seq, const char *text, size_t len);
//  The same in two steps, for a caller with work to do only for an event
//  that is kept: take (false: the cap counted it as sampled out), then push.
bool actor_event_take (actor_run_t *run);
void actor_event_push (actor_run_t *run, event_kind_t kind, const char *peer,
                       uint64_t seq, const char *text, size_t len);
//  The lab's kind of a zmq errno (ERR_OTHER for the rest).
error_kind_t actor_error_kind (int errnum);
void actor_count_error (actor_run_t *run, int errnum, const char *context);
//  Counts the error and returns nil, message, code to the behaviour.
int actor_fail (lua_State *L, actor_run_t *run, int errnum, const char *context);
//  Sockets the thread must close when the behaviour ends.
void actor_track_socket (actor_run_t *run, probe_sock_t *sock);
void actor_untrack_socket (actor_run_t *run, probe_sock_t *sock);

//  The count hook (see actor_run.c's head comment).
//  Once per process, before the first actor thread (controller thread).
void actor_hook_init (void);
//  Controller thread: makes a running actor's thread set its hook now.
void actor_hook_arm_thread (actor_t *actor);
//  First thing on a new actor thread: lets the arm signal in and sets the
//  always-on hook with its instruction budget, for loading and params.
void actor_hook_start (actor_run_t *run);
//  From the behaviour's start to its end: the hook only when armed.
void actor_hook_on_demand (actor_run_t *run);
void actor_hook_done (actor_run_t *run);
//  The count hook itself: with params_budget set, code on the run's main
//  state runs under it bounded (an error value's __tostring).
lua_Hook actor_run_hook (void);

#endif
