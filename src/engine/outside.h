/*  outside.h — programs outside zmqlab, seen through libzmq's socket monitor.
    Internal to the engine: lab.c makes it and takes its view for snapshots,
    probe.c (actor threads) asks who sent a message; see outside.c. Uses
    only lower modules (endpoint, socktype, journal, notify, labclock) and
    never calls the lab.
*/
#ifndef ZMQLAB_OUTSIDE_H
#define ZMQLAB_OUTSIDE_H

#include "internal.h"
#include "events.h"
#include "notify.h"

typedef struct outside_t outside_t;
//  One connection of one of the lab's sockets over tcp or ipc (opaque).
typedef struct peer_rec_t peer_rec_t;

//  What a socket's owner thread keeps of a connection it got messages on.
typedef struct {
    peer_rec_t *peer;
    unsigned generation;            //  the record's, when looked up
    bool trusted;                   //  one of the lab's sockets: its stamps count
    bool refused;                   //  over --max-peers: its messages are dropped unread
    char name [LAB_NAME_MAX];       //  "ext1" for an outside peer, else ""
    char label [LAB_LABEL_MAX];     //  trusted: the label its stamps carry, "" unknown
} peer_ref_t;

//  Bytes an outside connection may have sent that its socket has not read
//  yet; beyond it the connection is ended (a message that never ends, or a
//  flood the actor cannot keep up with). tcp only.
//  OUTSIDE_ACTOR_UNREAD_MAX: the same for all the connections of one
//  actor's sockets together (an actor's budget, see msgbudget.h).
enum { OUTSIDE_UNREAD_MAX = 16 * 1024 * 1024, OUTSIDE_ACTOR_UNREAD_MAX = 64 * 1024 * 1024 };

//  CTX makes the monitors' reading sockets; joins, leaves and errors go
//  into EVENTS; NOTIFY is raised when a peer comes or goes. All three are
//  the lab's and outlive the outside_t.
outside_t *outside_new (void *ctx, events_t *events, notify_t *notify);
//  After every actor has stopped, before the socket records are freed and
//  before zmq_ctx_term.
void outside_destroy (outside_t **self_p);

//  Settings (controller, before spawning).
void outside_set_max_peers (outside_t *self, int max);
void outside_set_max_msg_size (outside_t *self, int64_t bytes);
int64_t outside_max_msg_size (outside_t *self);

//  Actor thread, before a socket's first tcp/ipc bind or connect: starts
//  libzmq's monitor on ZSOCK and hands its reading end to the watcher.
int outside_watch (outside_t *self, sock_rec_t *rec, void *zsock);
//  Actor thread, before closing a watched socket: waits (briefly) until the
//  watcher has read every monitor event so far, so the connections are
//  told apart while both their ends still exist.
void outside_drain (outside_t *self);
//  Actor thread: REC disconnected from or unbound ENDPOINT. libzmq tells
//  the monitor nothing of the connections that end with it.
void outside_endpoint_closed (outside_t *self, sock_rec_t *rec, const char *endpoint);

//  Actor thread: who sent MSG, which REC received. FD is its ZMQ_SRCFD,
//  META its "Socket-Type" metadata string: the address names the connection
//  for as long as its metadata lives (unlike the file descriptor, which the
//  kernel reuses), and the record keeps a copy of MSG so that it lives.
//  False when the connection can no longer be told: count the message,
//  trust no stamp. A connection not seen yet is first left to the watcher,
//  which decides whether it is refused (ref->refused: drop the message).
bool outside_sender (outside_t *self, sock_rec_t *rec, zmq_msg_t *msg, int fd,
                     const char *meta, peer_ref_t *ref);
//  Actor thread: the outside peer REC's next message goes to when that is
//  known: REC's only connection, and an outside one. False otherwise.
bool outside_sole_peer (outside_t *self, sock_rec_t *rec, peer_ref_t *ref);
//  True while REF still names the record it was filled from.
bool outside_ref_valid (const peer_ref_t *ref);
//  Counts a message from or to the peer of REF (any thread).
void outside_count_from (const peer_ref_t *ref, size_t bytes);
void outside_count_to (const peer_ref_t *ref);
//  Changes whenever an outside peer comes or goes (for caches).
unsigned outside_changes (outside_t *self);

//  Snapshots: outside peers now and lately gone, each as an actor and the
//  one link between it and the lab's socket. The lab's end names its
//  socket by label; the name of that socket's actor is the caller's to
//  fill (from_actor or to_actor, whichever is "": the registry knows it).
typedef struct {
    actor_stats_t actor;
    link_stats_t link;
    int sock_id;                    //  the lab's socket (sock_rec_t id)
    bool inbound;                   //  the link runs from the peer to the socket
} outside_peer_t;

typedef struct {
    outside_peer_t *peers;
    size_t n_peers;
    size_t live;                    //  outside connections now
    uint64_t refused;               //  over the limit, ended
    uint64_t handshake_failed;      //  not ZeroMQ, or vanished mid-handshake
    uint64_t events_dropped;        //  our events the full ring refused
} outside_view_t;

//  Any thread; takes only the outside lock. 0, or -1 when out of memory.
int outside_view (outside_t *self, outside_view_t *view);
void outside_view_clear (outside_view_t *view);

#endif
