/*  registry.h — the lab's sockets, their endpoints and the links between
    them: which socket's messages can reach which, and what each link has
    delivered, lost and holds in flight.

    Threads: any, behind the registry's own lock. Actor threads register
    their sockets, binds, connects and subscriptions, and resolve a link
    the first time a sender is seen; nothing on the send/receive path takes
    the lock. A record is freed (under the lock) only once nothing can
    reach it: an ended link its receiver's cache let go of (link_let_go),
    and that no lookup can return; a closed socket no link, endpoint or
    hold (sock_hold) points at. What a freed link counted stays in the
    row of its pair of labels. Counters are atomics (see internal.h).
*/
#ifndef ZMQLAB_REGISTRY_H
#define ZMQLAB_REGISTRY_H

#include "internal.h"

typedef struct registry_t registry_t;

registry_t *registry_new (void);
//  After every actor and the outside watcher have stopped: frees every record.
void registry_destroy (registry_t **self_p);

//  Loopback tcp binds go to LISTEN ("" keeps them); endpoint_listen_valid.
void registry_set_listen (registry_t *self, const char *listen);
//  ENDPOINT as it must really be bound / connected (see internal.h).
const char *registry_bind_endpoint (registry_t *self, const char *endpoint, char *out);
const char *registry_connect_endpoint (registry_t *self, const char *endpoint, char *out);

//  A new socket of OWNER, the NTH of that name (NULL: unnamed) its run
//  opened: its label is OWNER's name, or NAME.name, then .NTH after it
//  ("c", "c.2"; "c.sync", "c.sync.2"); never that of a live socket.
sock_rec_t *registry_sock_new (registry_t *self, actor_t *owner, int type, const char *name,
                               unsigned nth);
void registry_sock_closed (registry_t *self, sock_rec_t *rec);
//  REC bound (BOUND) or connected to ENDPOINT: links it to the sockets on
//  the other side.
void registry_sock_joined (registry_t *self, sock_rec_t *rec, const char *endpoint, bool bound);
void registry_sock_disconnected (registry_t *self, sock_rec_t *rec, const char *endpoint);
void registry_sock_hwm (registry_t *self, sock_rec_t *rec, int sndhwm, int rcvhwm);
void registry_sock_subscribe (registry_t *self, sock_rec_t *rec, const char *prefix,
                              size_t len, bool on);
//  The active link from the socket labelled LABEL to TO, else the newest
//  closed one, or NULL. Held for the caller (the receiver's cache) until
//  link_let_go.
link_rec_t *registry_link_find (registry_t *self, sock_rec_t *to, const char *label, size_t len);
//  How many of the lab's sockets REC is joined to now.
int registry_sock_peers (registry_t *self, sock_rec_t *rec);
//  Changes whenever an endpoint is added or removed (for caches).
unsigned registry_topology (registry_t *self);
//  OWNER is going: its sockets stay (links keep their history), ownerless.
void registry_forget_owner (registry_t *self, actor_t *owner);

//  Fills SNAP's sockets (those not reclaimed, oldest first) and links
//  (with room for EXTRA_LINKS more after them): per pair of labels at most
//  one active row and one ended row, which holds what every ended link of
//  the pair counted (freed ones included); and reachable.
//  0, or -1 when out of memory.
int registry_fill (registry_t *self, lab_snapshot_t *snap, size_t extra_links);
//  Records kept now, after freeing what nothing reaches (for tests).
void registry_records (registry_t *self, size_t *socks, size_t *links, size_t *ended);

#endif
