/*  outside.h — programs outside zmqlab, seen through libzmq's socket monitor.
    Internal to the engine (lab.c and probe.c); see outside.c.
*/
#ifndef ZMQLAB_OUTSIDE_H
#define ZMQLAB_OUTSIDE_H

#include "internal.h"

typedef struct outside_t outside_t;
//  One connection of one of the lab's sockets over tcp or ipc (opaque).
typedef struct peer_rec_t peer_rec_t;

//  What a socket's owner thread keeps of a connection it got messages on.
typedef struct {
    peer_rec_t *peer;
    unsigned generation;            //  the record's, when looked up
    bool trusted;                   //  one of the lab's sockets: its stamps count
    char name [LAB_NAME_MAX];       //  "ext1" for an outside peer, else ""
    char label [LAB_LABEL_MAX];     //  trusted: the label its stamps carry, "" unknown
} peer_ref_t;

//  Bytes an outside connection may have sent that its socket has not read
//  yet; beyond it the connection is ended (a message that never ends, or a
//  flood the actor cannot keep up with). tcp only.
enum { OUTSIDE_UNREAD_MAX = 16 * 1024 * 1024 };

outside_t *outside_new (lab_t *lab);
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
//  trust no stamp.
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

//  Snapshots (lab lock held): outside peers now and lately gone, as actors
//  and links. Returns how many were written (at most max).
size_t outside_count (outside_t *self);
size_t outside_fill (outside_t *self, actor_stats_t *actors, link_stats_t *links,
                     size_t max);
void outside_totals (outside_t *self, uint64_t *refused, uint64_t *handshake_failed,
                     size_t *live);

#endif
