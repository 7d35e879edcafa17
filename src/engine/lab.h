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

#include "snapshot.h"

typedef struct lab_t lab_t;
typedef struct actor_t actor_t;

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
//  The same for source read from the file PATH (a student's exercise): its
//  actors' errors read "PATH:line: message", so an editor can jump there.
int lab_define_file (lab_t *self, const char *name, const char *lua_source, const char *path);

//  True when BEHAVIOUR is defined inline or found as behaviour_dir/NAME.lua.
bool lab_has_behaviour (lab_t *self, const char *behaviour);
//  The Lua source of BEHAVIOUR (inline, else behaviour_dir/NAME.lua), for
//  the view to show; caller frees. *path (caller frees) gets the file it
//  came from, or NULL for an inline one. NULL with *error set (caller frees).
char *lab_behaviour_text (lab_t *self, const char *behaviour, char **path, char **error);

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
//  The bytes of the lines fed to the lab's actors and not read yet
//  (controller thread).
size_t lab_feed_queued (lab_t *self);
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

//  The longest subscription (bytes), ours or a peer's. libzmq keeps
//  subscriptions in a trie of one node per byte and frees it recursively on
//  its reaper's stack: 256 KiB overflowed it. Far below that, far above any
//  topic a lesson needs. A PUB or XPUB on tcp/ipc takes no message longer
//  than a subscription of this size (ZMQ_MAXMSGSIZE).
enum { LAB_SUBSCRIPTION_MAX = 4096 };

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
//  Ends every actor for good, keeping their records for a last snapshot:
//  first holds every send (pause all) until each actor is held or ended,
//  so none sends into a queue that is closing, then kills them all. At
//  most about a second waits for the hold. The lab stays paused.
void lab_stop (lab_t *self);
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

//  Takes up to MAX events from the ring, oldest first (controller only).
size_t lab_events (lab_t *self, lab_event_t *events, size_t max);

//  A file descriptor that becomes readable when something worth redrawing
//  happened (a state change, a join, a crash); lab_wait blocks on it.
int lab_notify_fd (lab_t *self);
//  Waits up to timeout_ms for a change; true if one came. Clears the signal.
bool lab_wait (lab_t *self, int timeout_ms);


#endif
