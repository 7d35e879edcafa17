/*  internal.h — the records the engine's modules share and nobody else
    sees: sockets, links and their sequence streams (registry.c makes them,
    probe*.c count on them, outside.c points at them), the actor (actor.c,
    actor_run.c, probe*.c, labcore.c), and the services an actor thread
    calls on its lab (labcore.c). Each part's own header says the rest:
    registry.h, outside.h, labclock.h, notify.h, journal.h, behaviours.h,
    actor_run.h (an actor thread's services), probe.h (the zmq table).

    DESIGN. The controller thread (the one that made the lab) owns the lab's
    actors and every actor's controller-side pipe. Each actor thread owns
    its lua_State and its zmq sockets. What crosses threads:
    - registry records (sockets, links) are created under the registry's
      lock and freed under it only once nothing can reach them: a link once
      ended and let go by its receiver's cache (link_let_go), a socket once
      closed, let go by outside.c and monitor.c (sock_hold) and no link's
      end any more (registry.h);
    - counters are C11 atomics (counter.h): most with exactly one writing
      thread, so they need no read-modify-write;
    - control (pause, kill, stepping) is atomics plus a nudge on the
      actor's eventfd to wake it from a blocking poll;
    - rarely written text (crash detail, reports, fed input) sits behind the
      actor's info_lock.
*/
#ifndef ZMQLAB_INTERNAL_H
#define ZMQLAB_INTERNAL_H

#include "lab.h"
#include "counter.h"
#include "events.h"
#include "loss.h"

#include <pthread.h>
#include <stdatomic.h>
#include <lua.h>
#include <zmq.h>

//  A behaviour's socket: the Lua userdata probe.c makes (owned by the
//  actor's thread).
typedef struct probe_sock_t probe_sock_t;

enum { SUBS_MAX = 16, SUB_LEN_MAX = 63 };

typedef struct sock_rec_t {
    int id;
    actor_t *owner;                 //  under the lock: NULL once its actor is removed
    const actor_t *made_by;         //  set once, never written again: read without
                                    //  the lock (outside.c groups peers by actor)
    int type;                       //  ZMQ_PUB, …
    char label [LAB_LABEL_MAX];     //  stamp label, unique among live sockets
    _Atomic bool closed;
    //  Under the registry's lock (written by the owner, read by snapshots):
    int sndhwm, rcvhwm;
    char endpoints [256];
    char subs [SUBS_MAX][SUB_LEN_MAX + 1];
    int n_subs;
    //  Single-writer counters (the owner):
    counter_t sent, received;
    counter_t unroutable;           //  ROUTER: sends libzmq dropped (no such peer)
    uint64_t vanished;              //  under the registry's lock: sent, in no queue
                                    //  (a closing receiver's, after its drain)
    topic_t topics [TOPIC_MAX];
    _Atomic int n_topics;           //  release-published after a topic is filled
    _Atomic int n_outside;          //  live outside peers (outside.c writes)
    _Atomic bool outside_ever;      //  sent or received with an outside peer
                                    //  there (the owner writes): see law.h
    counter_t subscriptions;        //  see actor_stats_t.subscriptions
    _Atomic bool blocked_send;      //  the owner waits in a send on it (probe_send.c)
    //  Records outside the registry that point here (an outside peer's, a
    //  monitor's watch): the registry keeps a closed socket until they let go.
    _Atomic int holds;
    //  Under the lock: what its freed links accounted for (ended), and
    //  what the closed sockets of its owner and label before it (a
    //  restart's) sent and accounted for (carried): receivers tell a
    //  sender by its label, so a label's stream goes on in its newest socket.
    struct { uint64_t sent, delivered, lost, missed, discarded; } ended, carried;
    bool carried_on;                //  under the lock: its figures went to a newer socket
    size_t index;                   //  under the lock: its place in the table, as filled
    bool mark;                      //  under the lock: registry.c's reclaiming
} sock_rec_t;

typedef struct link_rec_t {
    sock_rec_t *from, *to;
    char endpoint [LAB_ENDPOINT_MAX];
    int64_t capacity;               //  SNDHWM + RCVHWM, -1 unlimited
    _Atomic bool active;
    uint64_t base_sent;             //  from->sent when the link was made
    uint64_t topic_base [TOPIC_MAX];//  from's topic seqs when the link was made
    loss_link_t rx;                 //  written by the receiver (to's owner)
    counter_t discarded;            //  the receiver's: its queue, as it closed
    _Atomic uint64_t idle_seq;      //  the receiver's: the sender's sequence as of
                                    //  its last look at an empty queue (release)
    //  Receiver caches that hold this link (taken by registry_link_find
    //  under the lock, let go by the receiver): kept while any does.
    _Atomic int cached;
} link_rec_t;

static inline void
sock_hold (sock_rec_t *rec)
{
    atomic_fetch_add (&rec->holds, 1);
}

static inline void
sock_let_go (sock_rec_t *rec)
{
    if (rec)
        atomic_fetch_sub (&rec->holds, 1);
}

//  The receiver is done with a link lab_link_find gave it.
static inline void
link_let_go (link_rec_t *link)
{
    if (link)
        atomic_fetch_sub (&link->cached, 1);
}

struct actor_t {
    lab_t *lab;
    char name [LAB_NAME_MAX];
    char behaviour [LAB_NAME_MAX];
    char *params;                   //  Lua table constructor text
    //  Controller side:
    void *pipe;                     //  PAIR, controller end: the actor's signals
    int wake_fd;                    //  eventfd the controller nudges, -1 when none
    pthread_t thread;
    bool joinable;
    _Atomic int restarts;
    //  Control, written by the controller:
    _Atomic bool paused;
    _Atomic bool kill;
    //  Written by the actor thread:
    _Atomic int state;
    counter_t sent, received, lost, missed;
    counter_t subscriptions;        //  see actor_stats_t.subscriptions
    counter_t errors [ERR_KIND_COUNT];
    counter_t events_dropped, events_sampled_out;
    //  Rarely written text, behind info_lock:
    pthread_mutex_t info_lock;
    char detail [LAB_DETAIL_MAX];
    char last_error [LAB_DETAIL_MAX];
    lab_report_t reports [LAB_REPORT_MAX];
    int n_reports;
    char **feed;                    //  lines fed by actor_feed, oldest first
    size_t n_feed, feed_cap;
    size_t feed_bytes;              //  the unread lines' bytes (a lesson counts them)
    char **options;                 //  "OPTION\0value" pairs from actor_set_option
    size_t n_options;
    _Atomic bool options_pending;
};

//  --- labcore.c, for actor threads (any thread) --------------------------
void *lab_context (lab_t *lab);
//  Source text of a behaviour (inline or NAME.lua); caller frees. *chunkname
//  gets a malloc'd chunk name. NULL with *error set (caller frees).
char *lab_behaviour_source (lab_t *lab, const char *name, char **chunkname, char **error);
bool lab_gate_closed (lab_t *lab);          //  paused all
bool lab_take_permit (lab_t *lab);          //  true if no stepping, or a permit taken
void lab_notify (lab_t *lab);
void lab_event_push (lab_t *lab, actor_t *actor, event_kind_t kind,
                     const char *peer, uint64_t seq, const char *text, size_t len);
//  Real ms until lab time reaches DEADLINE (lab seconds), for a timed wait:
//  0 once reached, -1 while paused (see labclock_ms_until).
long lab_ms_until (lab_t *lab, double deadline);
//  Outside programs (outside.c), for probe.c.
struct outside_t *lab_outside (lab_t *lab);
//  ENDPOINT as it must really be bound (loopback moved to --listen's
//  address), written to out (LAB_ENDPOINT_MAX bytes).
const char *lab_bind_endpoint (lab_t *lab, const char *endpoint, char *out);
//  ENDPOINT as it must really be connected: a loopback connect to a port a
//  lab socket bound and --listen moved follows it (written to out).
const char *lab_connect_endpoint (lab_t *lab, const char *endpoint, char *out);

//  Registry (registry.c, under its own lock).
//  NTH: how many sockets of that name its run opened, this one included.
sock_rec_t *lab_sock_new (lab_t *lab, actor_t *owner, int type, const char *name, unsigned nth);
void lab_sock_closed (lab_t *lab, sock_rec_t *rec);
void lab_sock_bound (lab_t *lab, sock_rec_t *rec, const char *endpoint);
void lab_sock_connected (lab_t *lab, sock_rec_t *rec, const char *endpoint);
void lab_sock_disconnected (lab_t *lab, sock_rec_t *rec, const char *endpoint);
void lab_sock_hwm (lab_t *lab, sock_rec_t *rec, int sndhwm, int rcvhwm);
void lab_sock_subscribe (lab_t *lab, sock_rec_t *rec, const char *prefix, size_t len, bool on);
//  The active link from the socket labelled LABEL to TO, or NULL; held
//  for the caller until link_let_go.
link_rec_t *lab_link_find (lab_t *lab, sock_rec_t *to, const char *label, size_t len);
int lab_sock_peers (lab_t *lab, sock_rec_t *rec);
//  Changes whenever an endpoint is added or removed (for caches).
unsigned lab_topology (lab_t *lab);

typedef struct actor_run_t actor_run_t;      //  actor_run.h

//  --- actor.c: lifecycle, for lab.c (controller thread) -------------------
actor_t *actor_new (lab_t *lab, const char *behaviour, const char *name, const char *params);
//  Starts the thread; synchronous. 0, or -1 with *error set (caller frees).
int actor_start (actor_t *self, char **error);
//  Asks the thread to stop (non-blocking); actor_join then waits for it.
void actor_signal_kill (actor_t *self);
void actor_join (actor_t *self);
//  Wakes the actor from a blocking wait so it re-reads the control atomics.
void actor_nudge (actor_t *self);
void actor_destroy (actor_t **self_p);
//  Any thread.
void actor_stats_fill (actor_t *self, actor_stats_t *stats);

#endif
