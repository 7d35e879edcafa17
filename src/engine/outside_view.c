/*  outside_view.c — outside peers as a snapshot shows them: each one an
    actor and a link (see outside_view in outside.h). Reads the records of
    outside.c under its lock; any thread.
*/
#include "outside_records.h"
#include "labclock.h"
#include "socktype.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Seconds a peer that left stays in snapshots: long enough to be seen
//  leaving, short enough that a class's comings and goings do not pile up.
static const double LEFT_SHOWN = 60.0;

//  Lock held. Is PEER in snapshots: an outside one, live or lately gone?
//  Of the refused connections of one host to one socket (one name, a
//  record each), the newest.
static bool
s_shown (outside_t *self, peer_rec_t *peer, double now)
{
    return peer_outside (peer) && peer->name [0] && peer->serial
        && (peer_live (peer) || now - peer->left_at < LEFT_SHOWN)
        && (!peer->refused || outside_last_refused (self, peer->sock, peer->who.host) == peer);
}

//  Lock held. PEER as an actor and its one link. The lab's end of the link
//  names its socket by label; its actor is the lab's to fill (sock_id).
static void
s_fill_peer (const peer_rec_t *peer, outside_peer_t *out)
{
    bool live = peer_live (peer);
    uint64_t from_peer = shared_counter_get (&peer->received);
    uint64_t to_peer = shared_counter_get (&peer->sent);
    actor_stats_t *actor = &out->actor;
    snprintf (actor->name, sizeof actor->name, "%s", peer->name);
    snprintf (actor->behaviour, sizeof actor->behaviour, "%s",
              peer->type [0] ? peer->type : "external");
    actor->state = live ? ACTOR_EXTERNAL : ACTOR_STOPPED;
    actor->external = true;
    snprintf (actor->address, sizeof actor->address, "%s", peer->who.address);
    //  From the outside program's side: what it sent, what it got.
    actor->sent = from_peer;
    actor->received = to_peer;
    snprintf (actor->detail, sizeof actor->detail, "%s", peer->detail);
    actor->restarts = peer->connects > 0 ? peer->connects - 1 : 0;

    link_stats_t *link = &out->link;
    bool inbound = socktype_inbound (peer->sock->type);
    out->sock_id = peer->sock->id;
    out->inbound = inbound;
    snprintf (link->from, sizeof link->from, "%s", inbound ? peer->name : peer->sock->label);
    snprintf (link->to, sizeof link->to, "%s", inbound ? peer->sock->label : peer->name);
    snprintf (link->from_actor, sizeof link->from_actor, "%s", inbound ? peer->name : "");
    snprintf (link->to_actor, sizeof link->to_actor, "%s", inbound ? "" : peer->name);
    snprintf (link->endpoint, sizeof link->endpoint, "%s", peer->endpoint);
    link->active = live;
    link->external = true;
    link->delivered = inbound ? from_peer : to_peer;
    //  PUB/PUSH/DEALER to several peers: libzmq does not say which
    //  peer got a message, so nothing is counted per peer.
    link->counted = inbound || peer->sock->type == ZMQ_REQ || to_peer > 0;
    link->capacity = 0;
}

int
outside_view (outside_t *self, outside_view_t *view)
{
    memset (view, 0, sizeof *view);
    double now = labclock_monotonic ();
    pthread_mutex_lock (&self->lock);
    size_t shown = 0;
    for (size_t i = 0; i < self->n_peers; i++)
        shown += s_shown (self, self->peers [i], now);
    view->peers = calloc (shown + 1, sizeof *view->peers);
    if (!view->peers) {
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (s_shown (self, peer, now))
            s_fill_peer (peer, &view->peers [view->n_peers++]);
    }
    view->refused = self->refused;
    view->handshake_failed = self->handshake_failed;
    view->live = outside_live_count (self, NULL);
    pthread_mutex_unlock (&self->lock);
    view->events_dropped = atomic_load (&self->events_dropped);
    return 0;
}

void
outside_view_clear (outside_view_t *view)
{
    free (view->peers);
    memset (view, 0, sizeof *view);
}
