/*  lab.h — the lab: one zmq context, actor threads running Lua behaviours,
    a clock (speed, pause-all, single-step) and telemetry snapshots.

    Threads: every function here except lab_snapshot, lab_notify_fd and
    lab_now must be called from the thread that created the lab (the
    controller). lab_snapshot may be called from any thread at any time; it
    never stops the actors. The engine knows no screen and no lesson.
*/
#ifndef ZMQLAB_LAB_H
#define ZMQLAB_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lab_t lab_t;
typedef struct actor_t actor_t;

typedef enum {
    ACTOR_STARTING,
    ACTOR_RUNNING,
    ACTOR_SLEEPING,
    ACTOR_BLOCKED_SEND,
    ACTOR_BLOCKED_RECV,
    ACTOR_WAITING_INPUT,    //  waiting for text fed by lab_feed (client.py's input())
    ACTOR_WAITING_STEP,     //  stepping mode: a send waits for a permit
    ACTOR_PAUSED,
    ACTOR_CRASHED,          //  Lua error; the message is in actor_stats_t.detail
    ACTOR_STOPPED,          //  finished or killed; detail says which
    ACTOR_EXTERNAL,         //  an outside program connected over tcp/ipc
    ACTOR_STATE_COUNT
} actor_state_t;

//  ZeroMQ errors are counted by kind; everything unnamed is ERR_OTHER.
typedef enum {
    ERR_EAGAIN, ERR_EFSM, ERR_EHOSTUNREACH, ERR_EINVAL, ERR_ENOTSUP,
    ERR_EADDRINUSE, ERR_ECONNREFUSED, ERR_EMSGSIZE, ERR_ETERM, ERR_OTHER,
    ERR_KIND_COUNT
} error_kind_t;

typedef enum {
    EVENT_SEND, EVENT_RECV, EVENT_DROP, EVENT_MISSED, EVENT_ERROR,
    EVENT_JOIN,             //  bind / connect / link created
    EVENT_SUBSCRIBE, EVENT_UNSUBSCRIBE,
    EVENT_LOG,              //  a behaviour's log() line, like the tutorial's print()
    EVENT_STATE,            //  crashed / stopped / started
    EVENT_KIND_COUNT
} event_kind_t;

enum { LAB_NAME_MAX = 32, LAB_LABEL_MAX = 48, LAB_ENDPOINT_MAX = 128,
       LAB_DETAIL_MAX = 256, LAB_EVENT_TEXT_MAX = 96, LAB_REPORT_MAX = 16 };

typedef struct {
    char key[LAB_NAME_MAX];
    char value[64];
} lab_report_t;

typedef struct {
    char name[LAB_NAME_MAX];        //  unique in the lab
    char behaviour[LAB_NAME_MAX];
    actor_state_t state;
    bool paused;                    //  paused by actor_pause (state may lag)
    uint64_t sent, received;        //  whole messages, all sockets
    uint64_t lost;                  //  gaps after the first message seen
    uint64_t missed;                //  sent before this actor's subscription took
    uint64_t errors;                //  sum of errors_by_kind
    uint64_t errors_by_kind[ERR_KIND_COUNT];
    int restarts;
    char detail[LAB_DETAIL_MAX];    //  crash "file:line: message", or stop reason
    char last_error[LAB_DETAIL_MAX];//  last zmq error text seen by the behaviour
    lab_report_t reports[LAB_REPORT_MAX];   //  values set by report(key, value)
    int n_reports;
    bool external;                  //  an outside program ("ext1"), not an actor
    char address[64];               //  external: "127.0.0.1:53422", "ipc, pid 42"
} actor_stats_t;

typedef struct {
    char actor[LAB_NAME_MAX];       //  owner
    char label[LAB_LABEL_MAX];      //  stamp label: "pub", "vent.sink"
    char type[8];                   //  "PUB", "SUB", …
    int sndhwm, rcvhwm;
    bool closed;
    char endpoints[256];            //  "bind inproc://a, connect inproc://b"
    char subscriptions[256];        //  SUB only: quoted prefixes
    uint64_t sent, received;
} socket_stats_t;

typedef struct {
    char from[LAB_LABEL_MAX];       //  sending socket label
    char to[LAB_LABEL_MAX];         //  receiving socket label
    char from_actor[LAB_NAME_MAX], to_actor[LAB_NAME_MAX];
    char endpoint[LAB_ENDPOINT_MAX];
    bool active;                    //  false once either side closed
    uint64_t delivered, lost;
    uint64_t missed;                //  messages before the first one seen
    uint64_t missed_first, missed_last;     //  range of the first topic's miss
    uint64_t in_flight;             //  accepted by the sender, not yet seen
    int64_t capacity;               //  SNDHWM + RCVHWM; -1 unlimited; 0 unknown
    bool external;                  //  to or from an outside program: unstamped,
                                    //  so never gap-checked (no lost, no missed)
    bool counted;                   //  false: libzmq does not say which peer got
                                    //  what, so delivered is not known per peer
} link_stats_t;

typedef struct {
    uint64_t id;                    //  increasing; gaps mean the ring overflowed
    double time;                    //  lab seconds
    event_kind_t kind;
    char actor[LAB_NAME_MAX];       //  where it happened
    char peer[LAB_LABEL_MAX];       //  the other socket, when known
    uint64_t seq;                   //  stamp sequence, 0 when none
    char text[LAB_EVENT_TEXT_MAX];  //  message text (stamp stripped) or detail
} lab_event_t;

//  A snapshot is a pure read: raw counts and the times they were read at.
//  Rates come from two snapshots (their counts over real_time's difference).
typedef struct {
    double time;                    //  lab seconds
    double real_time;               //  monotonic seconds when it was taken
    double speed;
    bool paused, stepping;
    size_t n_actors, n_sockets, n_links;
    actor_stats_t *actors;
    socket_stats_t *sockets;
    link_stats_t *links;
    uint64_t events_dropped;        //  ring overflow: events lost, never counters
    uint64_t events_sampled_out;    //  message events skipped above the rate cap
    //  Outside programs (tcp/ipc). Their peers are listed among the actors
    //  (external = true) and links, after the lab's own.
    size_t outside_live;            //  outside connections now
    uint64_t outside_refused;       //  connections over the limit, ended
    uint64_t outside_handshake_failed;  //  not ZeroMQ, or vanished mid-handshake
    char reachable[192];            //  tcp binds other machines can reach, as
                                    //  they would connect: "192.168.1.5:5555", or ""
} lab_snapshot_t;

//  A lab. behaviour_dir holds NAME.lua files for lab_spawn; may be NULL.
//  Returns NULL on failure (zmq context could not be created).
lab_t *lab_new (const char *behaviour_dir);
//  Stops every actor (also ones blocked in send or recv), closes every
//  socket, terminates the context. Accepts NULL; sets *self_p to NULL.
void lab_destroy (lab_t **self_p);

//  Why the lab refuses a name or a spawn. The lab's own messages are
//  English; a caller that speaks another language words the kind itself.
typedef enum {
    LAB_ACCEPTED,           //  nothing against it
    LAB_BAD_NAME,           //  not 1 to 31 letters, digits, _ or -
    LAB_RESERVED_NAME,      //  ext1, ext2, …: the names of outside programs
    LAB_NAME_TAKEN,         //  an actor of that name exists
    LAB_UNKNOWN_BEHAVIOUR   //  neither defined nor behaviour_dir/NAME.lua
} lab_refusal_t;

//  Whether NAME may name a behaviour, or (ACTOR) an actor: LAB_ACCEPTED,
//  LAB_BAD_NAME or (actors only) LAB_RESERVED_NAME. Needs no lab.
lab_refusal_t lab_check_name (const char *name, bool actor);
//  What keeps lab_spawn from starting an actor, checked before anything
//  starts (lab_spawn itself refuses the names; an unknown behaviour fails
//  as the actor loads it), or LAB_ACCEPTED.
lab_refusal_t lab_check_spawn (lab_t *self, const char *behaviour, const char *name);

//  Registers a behaviour from Lua source (a lesson's inline behaviour).
//  Replaces an earlier one of the same name. 0 on success, -1 on bad name.
int lab_define (lab_t *self, const char *name, const char *lua_source);

//  True when BEHAVIOUR is defined inline or found as behaviour_dir/NAME.lua.
bool lab_has_behaviour (lab_t *self, const char *behaviour);

//  Starts an actor running BEHAVIOUR. PARAMS is a Lua table constructor
//  ("{ bind = 'inproc://x', rate = 5 }") or NULL. Synchronous: returns once
//  the actor's thread has loaded its behaviour. On failure returns NULL and,
//  if error is not NULL, sets *error to a message the caller must free.
actor_t *lab_spawn (lab_t *self, const char *behaviour, const char *name,
                    const char *params, char **error);
//  The actor of that name, or NULL. Stopped and crashed actors stay listed.
actor_t *lab_actor (lab_t *self, const char *name);
//  Kills the actor if needed and forgets it. 0, or -1 if unknown.
int lab_remove (lab_t *self, const char *name);
size_t lab_actor_count (lab_t *self);

const char *actor_name (actor_t *self);
int actor_pause (actor_t *self);
int actor_resume (actor_t *self);
//  Stops the thread (within milliseconds, even when blocked); the actor
//  stays listed as stopped with its counters.
int actor_kill (actor_t *self);
//  Kills if running, then starts again; PARAMS NULL keeps the old ones.
//  Returns 0, or -1 with *error set (caller frees).
int actor_restart (actor_t *self, const char *params, char **error);
//  Feeds a line of text to the actor's input() (req_client's requests).
int actor_feed (actor_t *self, const char *text);
actor_state_t actor_state (actor_t *self);
//  True for a socket option actor_set_option accepts ("SNDHWM", "SUBSCRIBE"…).
bool actor_option_known (const char *option);
//  Sets a socket option on the actor's sockets where it applies (SUBSCRIBE
//  on SUB sockets, SNDHWM on sending ones, …), from the actor's own thread at
//  its next call. VALUE is text: "10", "news". 0, or -1 if unknown.
int actor_set_option (actor_t *self, const char *option, const char *value);
//  Fills stats for one actor (same values as in a snapshot).
void actor_stats (actor_t *self, actor_stats_t *stats);

//  Outside programs. A socket that binds or connects on tcp:// or ipc://
//  takes messages of at most max_msg_size bytes (ZMQ_MAXMSGSIZE: a bigger
//  one ends that connection), and at most max_peers outside connections
//  are kept at once (more are ended at once and counted as refused). tcp
//  binds on loopback ("tcp://127.0.0.1:5555", "tcp://localhost:…") really
//  bind on listen when it is set ("0.0.0.0": reachable from other machines).
typedef struct {
    const char *listen;             //  NULL or "": loopback stays loopback
    int64_t max_msg_size;           //  bytes; -1 no limit; 0 the default, 64 KiB
    int max_peers;                  //  0: the default, 64
} lab_outside_t;

enum { LAB_MAX_MSG_SIZE = 64 * 1024, LAB_MAX_PEERS = 64, LAB_MAX_PEERS_LIMIT = 512 };

//  Call before spawning. 0, or -1 when listen is not an IPv4 address, a
//  host or interface name, or "*".
int lab_set_outside (lab_t *self, const lab_outside_t *outside);
bool lab_listen_valid (const char *address);
//  True when ENDPOINT (tcp://host:port) can be reached from other machines.
bool lab_endpoint_reachable (const char *endpoint);

//  The clock. Speed scales sleep() and lab time: 2.0 runs twice as fast.
void lab_set_speed (lab_t *self, double speed);
double lab_speed (lab_t *self);
void lab_pause_all (lab_t *self);
void lab_resume_all (lab_t *self);
bool lab_paused (lab_t *self);
//  Stepping mode: every send waits for a permit; lab_step grants one, so
//  exactly one message moves per step.
void lab_set_stepping (lab_t *self, bool on);
bool lab_stepping (lab_t *self);
void lab_step (lab_t *self);
//  Lab seconds since lab_new: advances at the speed factor, stops while paused.
double lab_now (lab_t *self);

//  A copy of all telemetry. Any thread; never stops the actors.
lab_snapshot_t *lab_snapshot (lab_t *self);
void lab_snapshot_destroy (lab_snapshot_t **self_p);
const actor_stats_t *lab_snapshot_actor (const lab_snapshot_t *snap, const char *name);
//  The link from FROM to TO, or NULL. Each is an actor name or a socket
//  label ("vent.sync"); between two actors the active link between their
//  main sockets comes first.
const link_stats_t *lab_snapshot_link (const lab_snapshot_t *snap,
                                       const char *from, const char *to);

//  Takes up to MAX events from the ring, oldest first (controller only).
size_t lab_events (lab_t *self, lab_event_t *events, size_t max);

//  A file descriptor that becomes readable when something worth redrawing
//  happened (a state change, a join, a crash); lab_wait blocks on it.
int lab_notify_fd (lab_t *self);
//  Waits up to timeout_ms for a change; true if one came. Clears the signal.
bool lab_wait (lab_t *self, int timeout_ms);

const char *actor_state_name (actor_state_t state);
const char *error_kind_name (error_kind_t kind);
const char *event_kind_name (event_kind_t kind);

#endif
