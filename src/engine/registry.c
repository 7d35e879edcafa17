/*  registry.c — the lab's sockets, endpoints and links (see registry.h).
*/
#define _GNU_SOURCE
#include "registry.h"
#include "grow.h"
#include "endpoint.h"
#include "labclock.h"
#include "socktype.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sock_rec_t *sock;
    char endpoint [LAB_ENDPOINT_MAX];
    bool bound;                     //  bind, else connect
    bool active;
    double closed_at;               //  monotonic seconds, when it went inactive
} endpoint_rec_t;

//  Seconds a closed binder still counts for a connect (see s_endpoint_add).
static const double RECENTLY_CLOSED = 1.0;

//  Ended links' rows beyond which those of one pair of actors are folded
//  into one (see s_ended_add).
enum { ENDED_MAX = 1024 };

//  What the freed sockets of one owner counted as senders (see s_gone_add).
typedef struct {
    actor_t *owner;
    uint64_t discarded, unroutable;
} gone_t;

struct registry_t {
    pthread_mutex_t lock;           //  everything below
    //  Records do not move; s_reclaim frees those nothing can reach.
    sock_rec_t **socks;             //  oldest first
    size_t n_socks, cap_socks;
    int next_id;                    //  ids are never given twice
    link_rec_t **links;             //  oldest first
    size_t n_links, cap_links;
    //  What freed links counted: a row per pair of labels of two actors.
    link_stats_t *ended;
    size_t n_ended, cap_ended;
    //  What freed sockets of each owner counted on the sender's side, not
    //  passed on to a restart's socket (carried_on): the actor's discarded
    //  and unroutable add them, so neither goes down when a socket goes.
    gone_t *gone;
    size_t n_gone, cap_gone;
    endpoint_rec_t *endpoints;      //  binds and connects: active, or lately closed binds
    size_t n_endpoints, cap_endpoints;
    _Atomic unsigned topology;      //  bumped when an endpoint comes or goes
    char host_addresses [128];      //  this machine's IPv4 addresses, see s_reachable
    bool host_addresses_read;
    char listen [ENDPOINT_LISTEN_MAX];  //  loopback tcp binds go here; "" keeps them
};

registry_t *
registry_new (void)
{
    registry_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    pthread_mutex_init (&self->lock, NULL);
    atomic_init (&self->topology, 0);
    return self;
}

void
registry_destroy (registry_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    registry_t *self = *self_p;
    for (size_t i = 0; i < self->n_socks; i++)
        free (self->socks [i]);
    free (self->socks);
    for (size_t i = 0; i < self->n_links; i++)
        free (self->links [i]);
    free (self->links);
    free (self->ended);
    free (self->gone);
    free (self->endpoints);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
registry_set_listen (registry_t *self, const char *listen)
{
    pthread_mutex_lock (&self->lock);
    snprintf (self->listen, sizeof self->listen, "%s", listen);
    pthread_mutex_unlock (&self->lock);
}

void
registry_forget_owner (registry_t *self, actor_t *owner)
{
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_socks; i++)
        if (self->socks [i]->owner == owner)
            self->socks [i]->owner = NULL;
    //  Its freed sockets' sums and ended rows too: an actor given its
    //  name later is another one.
    size_t kept = 0;
    for (size_t i = 0; i < self->n_gone; i++)
        if (self->gone [i].owner != owner)
            self->gone [kept++] = self->gone [i];
    self->n_gone = kept;
    for (size_t i = 0; i < self->n_ended; i++) {
        if (strcmp (self->ended [i].from_actor, owner->name) == 0)
            self->ended [i].from_actor [0] = 0;
        if (strcmp (self->ended [i].to_actor, owner->name) == 0)
            self->ended [i].to_actor [0] = 0;
    }
    pthread_mutex_unlock (&self->lock);
}

const char *
registry_connect_endpoint (registry_t *self, const char *endpoint, char *out)
{
    const char *port = endpoint_loopback_port (endpoint);
    bool move = false;
    pthread_mutex_lock (&self->lock);
    if (port && self->listen [0] && !endpoint_listen_any (self->listen)) {
        //  Only to a port the lab bound: an outside server on loopback stays.
        for (size_t i = 0; i < self->n_endpoints && !move; i++) {
            const endpoint_rec_t *ep = &self->endpoints [i];
            const char *bound_port = strrchr (ep->endpoint, ':');
            move = ep->active && ep->bound && bound_port
                && strncmp (ep->endpoint, "tcp://", 6) == 0 && strcmp (bound_port, port) == 0;
        }
        if (move)
            snprintf (out, LAB_ENDPOINT_MAX, "tcp://%s%s", self->listen, port);
    }
    pthread_mutex_unlock (&self->lock);
    return move ? out : endpoint;
}

const char *
registry_bind_endpoint (registry_t *self, const char *endpoint, char *out)
{
    const char *port = endpoint_loopback_port (endpoint);
    pthread_mutex_lock (&self->lock);
    bool move = port && self->listen [0];
    if (move)
        snprintf (out, LAB_ENDPOINT_MAX, "tcp://%s%s", self->listen, port);
    pthread_mutex_unlock (&self->lock);
    return move ? out : endpoint;
}

static bool
s_label_taken (registry_t *self, const char *label)
{
    for (size_t i = 0; i < self->n_socks; i++)
        if (!atomic_load (&self->socks [i]->closed)
        &&  strcmp (self->socks [i]->label, label) == 0)
            return true;
    return false;
}

sock_rec_t *
registry_sock_new (registry_t *self, actor_t *owner, int type, const char *name, unsigned nth)
{
    sock_rec_t *rec = calloc (1, sizeof *rec);
    if (!rec)
        return NULL;
    rec->owner = owner;
    rec->made_by = owner;
    rec->type = type;
    rec->sndhwm = rec->rcvhwm = 1000;   //  libzmq's defaults
    atomic_init (&rec->closed, false);
    atomic_init (&rec->n_topics, 0);
    atomic_init (&rec->holds, 0);
    if (!socktype_is_pub (type)) {
        //  One sequence stream for everything this socket sends.
        rec->topics [0].name [0] = 0;
        rec->topics [0].len = 0;
        atomic_init (&rec->n_topics, 1);
    }
    pthread_mutex_lock (&self->lock);
    //  Label: the actor's name for its run's first unnamed socket, then
    //  name.2, name.3 …; a named socket is name.sockname, then
    //  name.sockname.2 … (NTH comes from the run, so a socket never takes
    //  the label of one its run closed). A live socket's label is never
    //  taken (a guard: runs number apart, socket names are not numbers).
    char base [LAB_LABEL_MAX];
    if (name && *name)
        snprintf (base, sizeof base, "%.31s.%.15s", owner->name, name);
    else
        snprintf (base, sizeof base, "%s", owner->name);
    if (nth <= 1)
        snprintf (rec->label, sizeof rec->label, "%s", base);
    else
        snprintf (rec->label, sizeof rec->label, "%.34s.%u", base, nth);
    for (int n = 2; s_label_taken (self, rec->label) && n < 10000; n++)
        snprintf (rec->label, sizeof rec->label, "%.34s.%u.%d", base, nth, n);
    sock_rec_t **grown = grow_array (self->socks, &self->cap_socks, self->n_socks + 1,
                                 sizeof *grown);
    if (grown) {
        self->socks = grown;
        rec->id = self->next_id++;
        self->socks [self->n_socks++] = rec;
    }
    pthread_mutex_unlock (&self->lock);
    if (!grown) {
        free (rec);
        return NULL;
    }
    return rec;
}

static int64_t
s_capacity (const sock_rec_t *from, const sock_rec_t *to)
{
    if (from->sndhwm <= 0 || to->rcvhwm <= 0)
        return -1;
    return (int64_t) from->sndhwm + to->rcvhwm;
}

//  Lock held.
static void
s_link_new (registry_t *self, sock_rec_t *from, sock_rec_t *to, const char *endpoint)
{
    link_rec_t *link = calloc (1, sizeof *link);
    if (!link)
        return;
    link_rec_t **grown = grow_array (self->links, &self->cap_links, self->n_links + 1,
                                 sizeof *grown);
    if (!grown) {
        free (link);
        return;
    }
    self->links = grown;
    link->from = from;
    link->to = to;
    snprintf (link->endpoint, sizeof link->endpoint, "%s", endpoint);
    link->capacity = s_capacity (from, to);
    link->base_sent = counter_get (&from->sent);
    int n_topics = atomic_load_explicit (&from->n_topics, memory_order_acquire);
    for (int i = 0; i < n_topics; i++)
        link->topic_base [i] = atomic_load (&from->topics [i].seq);
    atomic_init (&link->active, true);
    atomic_init (&link->rx.n_channels, 0);
    atomic_init (&link->cached, 0);
    self->links [self->n_links++] = link;
}

//  Lock held. Records the endpoint and links the socket to every socket on
//  the other side of the same endpoint.
static void
s_endpoint_add (registry_t *self, sock_rec_t *rec, const char *endpoint, bool bound)
{
    endpoint_rec_t *grown = grow_array (self->endpoints, &self->cap_endpoints,
                                    self->n_endpoints + 1, sizeof *grown);
    if (!grown)
        return;
    self->endpoints = grown;
    endpoint_rec_t *ep = &self->endpoints [self->n_endpoints++];
    atomic_fetch_add (&self->topology, 1);
    ep->sock = rec;
    snprintf (ep->endpoint, sizeof ep->endpoint, "%s", endpoint);
    ep->bound = bound;
    ep->active = true;

    size_t used = strlen (rec->endpoints);
    snprintf (rec->endpoints + used, sizeof rec->endpoints - used, "%s%s %s",
              used ? ", " : "", bound ? "bind" : "connect", endpoint);

    //  A binder that closed a moment ago may still have sent to this
    //  connect (zmq_connect returned before we got here): link it too, as a
    //  closed link, so what it sent is attributed.
    double now = labclock_monotonic ();
    for (size_t i = 0; i + 1 < self->n_endpoints; i++) {
        endpoint_rec_t *other = &self->endpoints [i];
        bool recent = !other->active && other->bound && !bound
                   && now - other->closed_at < RECENTLY_CLOSED;
        if ((!other->active && !recent) || other->bound == bound || other->sock == rec
        ||  !endpoint_same (other->endpoint, endpoint))
            continue;
        const char *shown = bound ? endpoint : other->endpoint;
        size_t first = self->n_links;
        if (socktype_flows (rec->type, other->sock->type))
            s_link_new (self, rec, other->sock, shown);
        if (socktype_flows (other->sock->type, rec->type))
            s_link_new (self, other->sock, rec, shown);
        for (size_t l = first; recent && l < self->n_links; l++)
            atomic_store (&self->links [l]->active, false);
    }
}

//  Lock held. The inproc bind BOUND ended: libzmq never reconnects an
//  inproc connect, so the sockets connected to it are not any more, and
//  a new bind of the name gets none of them (they connect again).
static void
s_inproc_unbound (registry_t *self, const endpoint_rec_t *bound)
{
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        if (ep->active && !ep->bound && strcmp (ep->endpoint, bound->endpoint) == 0) {
            ep->active = false;
            ep->closed_at = labclock_monotonic ();
        }
    }
}

//  Lock held. Deactivates links between REC and the sockets on ENDPOINT
//  (all endpoints when NULL).
static void
s_endpoint_remove (registry_t *self, sock_rec_t *rec, const char *endpoint)
{
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        if (ep->sock == rec && ep->active
        &&  (!endpoint || endpoint_same (ep->endpoint, endpoint))) {
            atomic_fetch_add (&self->topology, 1);
            ep->active = false;
            ep->closed_at = labclock_monotonic ();
            if (ep->bound && strncmp (ep->endpoint, "inproc://", 9) == 0)
                s_inproc_unbound (self, ep);
        }
    }
    for (size_t i = 0; i < self->n_links; i++) {
        link_rec_t *link = self->links [i];
        if ((link->from == rec || link->to == rec)
        &&  (!endpoint || endpoint_same (link->endpoint, endpoint)))
            atomic_store (&link->active, false);
    }
}

//  Lock held. Could a subscription of TO let topic T through? A prefix
//  either way counts: "news" admits "newsletter", and "news Hi" may admit
//  some "news" messages.
static bool
s_subscribed (const sock_rec_t *to, const topic_t *topic)
{
    for (int i = 0; i < to->n_subs; i++) {
        size_t len = strlen (to->subs [i]);
        size_t common = len < topic->len ? len : topic->len;
        if (memcmp (to->subs [i], topic->name, common) == 0)
            return true;
    }
    return false;
}

//  Lock held. A fan-out link's in flight (PUB/XPUB): per topic, what the
//  sender numbered and the receiver has not seen, on the topics the
//  receiver subscribed to (both filter alike: libzmq sends nothing else).
static uint64_t
s_fanout_in_flight (link_rec_t *link)
{
    //  A closed receiver's messages are gone (counted as discarded).
    if (atomic_load (&link->to->closed))
        return 0;
    sock_rec_t *from = link->from;
    uint64_t in_flight = 0;
    int n_topics = atomic_load_explicit (&from->n_topics, memory_order_acquire);
    int n_channels = atomic_load_explicit (&link->rx.n_channels, memory_order_acquire);
    bool filtered = link->to->type == ZMQ_SUB || link->to->type == ZMQ_XSUB;
    for (int i = 0; i < n_topics; i++) {
        topic_t *topic = &from->topics [i];
        if (filtered && !s_subscribed (link->to, topic))
            continue;
        uint64_t start = link->topic_base [i];
        for (int c = 0; c < n_channels; c++)
            if (atomic_load (&link->rx.channels [c].topic) == topic)
                start = counter_get (&link->rx.channels [c].last);
        uint64_t seq = counter_get (&topic->seq);
        if (seq > start)
            in_flight += seq - start;
    }
    if (link->capacity >= 0 && in_flight > (uint64_t) link->capacity)
        in_flight = (uint64_t) link->capacity;
    return in_flight;
}

//  What a sending socket's links accounted for, summed while filling.
typedef struct {
    uint64_t delivered, lost, missed, discarded;
    int open;                       //  links whose receiver is open
    uint64_t idle;                  //  least idle_seq of those (UINT64_MAX: none)
    bool not_inproc;                //  a link over tcp/ipc
} sender_sums_t;

//  Lock held. Numbers each socket with its place in the table (index) and
//  sums its links per sending socket into SUMS (n_socks entries).
static void
s_sum_senders (registry_t *self, sender_sums_t *sums)
{
    for (size_t i = 0; i < self->n_socks; i++) {
        self->socks [i]->index = i;
        sums [i] = (sender_sums_t) { .idle = UINT64_MAX };
    }
    for (size_t i = 0; i < self->n_links; i++) {
        link_rec_t *link = self->links [i];
        sender_sums_t *sum = &sums [link->from->index];
        //  Before the counts: they include everything read by that look.
        uint64_t idle = atomic_load_explicit (&link->idle_seq, memory_order_acquire);
        sum->delivered += counter_get (&link->rx.delivered);
        sum->lost += counter_get (&link->rx.lost);
        sum->missed += counter_get (&link->rx.missed);
        sum->discarded += counter_get (&link->discarded);
        if (!atomic_load (&link->to->closed)) {
            sum->open++;
            if (idle < sum->idle)
                sum->idle = idle;
        }
        sum->not_inproc |= strncmp (link->endpoint, "inproc://", 9) != 0;
    }
}

//  What REC's own links (live and freed) accounted for.
static uint64_t
s_own_accounted (const sock_rec_t *rec, const sender_sums_t *sum)
{
    return sum->delivered + sum->lost + sum->missed + sum->discarded
         + rec->ended.delivered + rec->ended.lost + rec->ended.missed + rec->ended.discarded
         + counter_get (&rec->unroutable);
}


//  Lock held. Does REC have a connect with no binder now? Then its
//  messages may sit in that pipe until one comes (inproc connect before
//  bind). Said also when its binder has gone (that pipe died with it):
//  the cautious answer, which only leaves those counted as in flight.
static bool
s_pending_connect (registry_t *self, const sock_rec_t *rec)
{
    for (size_t i = 0; i < self->n_endpoints; i++) {
        const endpoint_rec_t *mine = &self->endpoints [i];
        if (mine->sock != rec || !mine->active || mine->bound)
            continue;
        bool paired = false;
        for (size_t j = 0; j < self->n_endpoints && !paired; j++)
            paired = self->endpoints [j].bound && self->endpoints [j].active
                  && endpoint_same (self->endpoints [j].endpoint, mine->endpoint);
        if (!paired)
            return true;
    }
    return false;
}

//  Lock held. A round-robin sender's messages that are in no queue: sent
//  (by its sequence, read after the links' counts and looks), not
//  accounted for on any link, while every open receiver has looked at an
//  empty queue since they were sent. Over inproc a sent message is in its
//  receiver's pipe at once, and a pipe is read in order: so these died in
//  a receiver's queue as it closed, after it counted what it held (libzmq
//  ends a closed socket's pipes a moment later, on its own thread). Kept,
//  since it cannot come back. Not over tcp/ipc (on the wire meanwhile) nor
//  beside an unpaired connect (waiting for a binder).
static void
s_find_vanished (registry_t *self, sock_rec_t *rec, const sender_sums_t *sum,
                 uint64_t accounted)
{
    if (sum->not_inproc || atomic_load (&rec->n_outside) > 0 || atomic_load (&rec->outside_ever)
    ||  (sum->open > 0 && sum->idle == 0) || rec->carried.sent > 0
    ||  s_pending_connect (self, rec))
        return;
    uint64_t seq = atomic_load_explicit (&rec->topics [0].seq, memory_order_acquire);
    if ((sum->open == 0 || sum->idle >= seq) && seq > accounted + rec->vanished)
        rec->vanished = seq - accounted;
}

//  Lock held. A round-robin sender's messages of its label's stream not
//  accounted for: sent (its own and what it carries), less everything its
//  links, freed links and predecessors accounted for, less vanished.
static uint64_t
s_sender_in_flight (const sock_rec_t *rec, const sender_sums_t *sum, uint64_t sent)
{
    uint64_t accounted = s_own_accounted (rec, sum) + rec->vanished
                       + rec->carried.delivered + rec->carried.lost + rec->carried.missed
                       + rec->carried.discarded;
    sent += rec->carried.sent;
    return sent > accounted ? sent - accounted : 0;
}

//  Lock held, after s_sum_senders. Each socket's figures as a sender (its
//  label's stream: with what it carries from a restart's predecessor),
//  and a round-robin sender's in flight: what it sent and nothing
//  accounted for. Its sent is read after its links' counters: a receiver
//  may count a message before its sender does, never after.
static void
s_fill_senders (registry_t *self, lab_snapshot_t *snap, const sender_sums_t *sums)
{
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *rec = self->socks [i];
        socket_stats_t *out = &snap->sockets [i];
        const sender_sums_t *sum = &sums [i];
        out->outside = atomic_load (&rec->n_outside) > 0 || atomic_load (&rec->outside_ever);
        out->carried_on = rec->carried_on;
        out->unroutable = counter_get (&rec->unroutable);
        if (!socktype_is_pub (rec->type))
            s_find_vanished (self, rec, sum, s_own_accounted (rec, sum));
        uint64_t sent = counter_get (&rec->sent);
        out->sent = sent + rec->carried.sent;
        out->delivered = sum->delivered + rec->ended.delivered + rec->carried.delivered;
        out->lost = sum->lost + rec->ended.lost + rec->carried.lost;
        out->missed = sum->missed + rec->ended.missed + rec->carried.missed;
        out->discarded = sum->discarded + rec->ended.discarded + rec->carried.discarded
                       + out->unroutable + rec->vanished;
        if (!socktype_is_pub (rec->type))
            out->in_flight = s_sender_in_flight (rec, sum, sent);
    }
}

//  Lock held, after s_fill_senders. A link's in flight from a round-robin
//  sender is not known per link (libzmq does not say which pipe took a
//  message): it is the sender's total, which OUT shows only when its link
//  is the one whose receiver is open (and the pipe can hold it), or when
//  the total is 0. A fan-out link's adds to its sender's total.
static void
s_link_in_flight (link_rec_t *link, link_stats_t *out, lab_snapshot_t *snap,
                  const sender_sums_t *sums)
{
    socket_stats_t *sender = &snap->sockets [link->from->index];
    if (socktype_is_pub (link->from->type))
        sender->in_flight += out->in_flight;
    else
    if (atomic_load (&link->to->closed)) {
        out->in_flight = 0;             //  its queue went with it
        out->in_flight_known = true;
    }
    else
    if (sender->in_flight == 0
    ||  (sums [link->from->index].open == 1 && !sender->outside
         && (link->capacity < 0 || sender->in_flight <= (uint64_t) link->capacity))) {
        //  More than the pipe holds: some are elsewhere (libzmq's and
        //  the kernel's buffers on tcp), so the link's share is not known.
        out->in_flight = sender->in_flight;
        out->in_flight_known = true;
    }
}

//  --- reclaiming ----------------------------------------------------------
//
//  A record is freed once nothing can reach it, so restarts and sockets
//  opened and closed in a loop do not grow the lab. Who reaches what:
//  - a link: the registry's lookups, and the receiver's cache, which reads
//    it (and its sender's topics) without a lock: `cached` counts those;
//  - a socket: its links, its endpoints, and outside.c's and monitor.c's
//    records (`holds`); its owner only until it closes.
//  What a freed link delivered stays in its pair's row (ended), so no
//  count the lab shows goes down.

//  Lock held. ROW's counts added to INTO (a row of the same pair).
static void
s_row_add (link_stats_t *into, const link_stats_t *row)
{
    into->delivered += row->delivered;
    into->lost += row->lost;
    into->missed += row->missed;
    into->discarded += row->discarded;
    into->in_flight += row->in_flight;
    into->in_flight_known &= row->in_flight_known;
    if (!into->missed_first && !into->missed_last) {
        into->missed_first = row->missed_first;
        into->missed_last = row->missed_last;
    }
}

//  Lock held, after s_sum_senders (the sender's index). The snapshot row
//  of one link record; a round-robin sender's in flight comes later
//  (s_link_in_flight).
static void
s_link_row (link_rec_t *link, link_stats_t *out)
{
    memset (out, 0, sizeof *out);
    snprintf (out->from, sizeof out->from, "%s", link->from->label);
    snprintf (out->to, sizeof out->to, "%s", link->to->label);
    snprintf (out->from_actor, sizeof out->from_actor, "%s",
              link->from->owner ? link->from->owner->name : "");
    snprintf (out->to_actor, sizeof out->to_actor, "%s",
              link->to->owner ? link->to->owner->name : "");
    snprintf (out->endpoint, sizeof out->endpoint, "%s", link->endpoint);
    out->active = atomic_load (&link->active);
    out->delivered = counter_get (&link->rx.delivered);
    out->lost = counter_get (&link->rx.lost);
    out->missed = counter_get (&link->rx.missed);
    out->missed_first = counter_get (&link->rx.missed_first);
    out->missed_last = counter_get (&link->rx.missed_last);
    out->discarded = counter_get (&link->discarded);
    out->from_socket = (int) link->from->index;
    out->capacity = link->capacity;
    if (socktype_is_pub (link->from->type)) {
        out->in_flight = s_fanout_in_flight (link);
        out->in_flight_known = true;
    }
}

//  Rows of the same two actors: a name freed by a removed actor and given
//  to a new one is another actor (registry_forget_owner blanks the old
//  rows' names), whose rows never fold with the old ones.
static bool
s_same_actors (const link_stats_t *a, const link_stats_t *b)
{
    return strcmp (a->from_actor, b->from_actor) == 0 && strcmp (a->to_actor, b->to_actor) == 0;
}

//  Rows of the same pair of sockets (labels) of the same two actors.
static bool
s_same_pair (const link_stats_t *a, const link_stats_t *b)
{
    return s_same_actors (a, b) && strcmp (a->from, b->from) == 0 && strcmp (a->to, b->to) == 0;
}

//  Lock held. "w1" and "w1.tasks" -> "w1.*"; one label -> itself.
static void
s_fold_label (char *label, size_t size, const char *other)
{
    if (strcmp (label, other) == 0)
        return;
    size_t actor_len = strcspn (label, ".");
    if (actor_len + 3 <= size)
        memcpy (label + actor_len, ".*", 3);
}

//  Lock held. Keeps the row of a link being freed with the rows of its
//  pair. Past ENDED_MAX rows (an actor that opens sockets in a loop gives
//  each a label of its own), a new pair folds into the row of the same two
//  actors, labelled "ACTOR.*".
static void
s_ended_add (registry_t *self, const link_stats_t *row)
{
    link_stats_t *into = NULL;
    for (size_t i = 0; i < self->n_ended && !into; i++)
        if (s_same_pair (&self->ended [i], row))
            into = &self->ended [i];
    for (size_t i = 0; i < self->n_ended && !into && self->n_ended >= ENDED_MAX; i++)
        if (s_same_actors (&self->ended [i], row)) {
            into = &self->ended [i];
            s_fold_label (into->from, sizeof into->from, row->from);
            s_fold_label (into->to, sizeof into->to, row->to);
        }
    if (!into) {
        link_stats_t *grown = grow_array (self->ended, &self->cap_ended, self->n_ended + 1,
                                          sizeof *grown);
        if (!grown)
            return;         //  out of memory: the row goes, the lab goes on
        self->ended = grown;
        into = &self->ended [self->n_ended++];
        *into = *row;
        into->delivered = into->lost = into->missed = into->discarded = 0;
        into->missed_first = into->missed_last = 0;
        into->from_socket = -1;         //  its sender may be gone
        into->in_flight_known = true;
    }
    //  The newest link's endpoint and ends.
    snprintf (into->endpoint, sizeof into->endpoint, "%s", row->endpoint);
    into->capacity = row->capacity;
    s_row_add (into, row);
    into->active = false;
    into->in_flight = 0;
    into->in_flight_known = true;
}

//  Lock held. Can a receiver's lookup still need LINK (index I)? Only
//  while it is the newest link of its label to its receiver: a newer one
//  takes the lookups (and a restarted sender's queued messages with them).
static bool
s_link_superseded (registry_t *self, size_t i)
{
    link_rec_t *link = self->links [i];
    for (size_t j = i + 1; j < self->n_links; j++)
        if (self->links [j]->to == link->to
        &&  strcmp (self->links [j]->from->label, link->from->label) == 0)
            return true;
    return false;
}

//  Closed sockets a stopped actor keeps for the view, which lists them in
//  its details (what it did stays readable after it ended).
enum { SHOWN_CLOSED = 8 };

//  Lock held. Sets KEEP [i] for every socket something still reaches: open,
//  held, a link's or an endpoint's, or one of the last SHOWN_CLOSED of an
//  owner with none open (stopped, or between a kill and its restart).
//  Linear in the records (times the owners for the last rule): it runs
//  on every close and snapshot.
static void
s_socks_reached (registry_t *self, bool *keep)
{
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *rec = self->socks [i];
        rec->mark = !atomic_load (&rec->closed) || atomic_load (&rec->holds) > 0;
    }
    for (size_t i = 0; i < self->n_links; i++)
        self->links [i]->from->mark = self->links [i]->to->mark = true;
    for (size_t i = 0; i < self->n_endpoints; i++)
        self->endpoints [i].sock->mark = true;
    //  Owners seen, newest socket first: whether one is open, how many
    //  closed ones were kept.
    typedef struct { actor_t *owner; bool open; int kept; } owner_t;
    owner_t owners [64];
    size_t n_owners = 0;
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *rec = self->socks [i];
        keep [i] = rec->mark;
        size_t o = 0;
        while (o < n_owners && owners [o].owner != rec->owner)
            o++;
        if (o == n_owners && n_owners < 64 && rec->owner)
            owners [n_owners++] = (owner_t) { rec->owner, false, 0 };
        if (o < n_owners)
            owners [o].open |= !atomic_load (&rec->closed);
    }
    for (size_t i = self->n_socks; i-- > 0; ) {
        sock_rec_t *rec = self->socks [i];
        for (size_t o = 0; o < n_owners; o++)
            if (owners [o].owner == rec->owner && !owners [o].open
            &&  owners [o].kept++ < SHOWN_CLOSED)
                keep [i] = true;
    }
}

//  Lock held. A closed socket no link sends from any more hands its
//  figures to the next socket of its owner and label (a restart's): its
//  receivers tell its messages from the newer one's by label only, so the
//  law holds for the label's stream, not for each socket.
static void
s_carry_on (registry_t *self, const bool *sends)
{
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *old = self->socks [i];
        if (old->carried_on || sends [i] || !old->owner || !atomic_load (&old->closed))
            continue;
        //  The next one that still counts its label's stream: one carried
        //  on already (kept a while by a hold) passed its figures further.
        sock_rec_t *next = NULL;
        for (size_t j = i + 1; j < self->n_socks && !next; j++)
            if (self->socks [j]->owner == old->owner && !self->socks [j]->carried_on
            &&  strcmp (self->socks [j]->label, old->label) == 0)
                next = self->socks [j];
        if (!next)
            continue;
        next->carried.sent += counter_get (&old->sent) + old->carried.sent;
        next->carried.delivered += old->ended.delivered + old->carried.delivered;
        next->carried.lost += old->ended.lost + old->carried.lost;
        next->carried.missed += old->ended.missed + old->carried.missed;
        next->carried.discarded += old->ended.discarded + old->carried.discarded
                                 + counter_get (&old->unroutable) + old->vanished;
        old->carried_on = true;
    }
}

//  Lock held. A socket being freed: what it counted as a sender stays with
//  its owner (a closed socket no link reaches has no links to sum).
static void
s_gone_add (registry_t *self, const sock_rec_t *rec)
{
    if (rec->carried_on || !rec->owner)
        return;             //  a restart's socket has it, or nobody shows it
    uint64_t unroutable = counter_get (&rec->unroutable);
    uint64_t discarded = rec->ended.discarded + rec->carried.discarded + unroutable
                       + rec->vanished;
    if (discarded == 0)
        return;
    size_t g = 0;
    while (g < self->n_gone && self->gone [g].owner != rec->owner)
        g++;
    if (g == self->n_gone) {
        gone_t *grown = grow_array (self->gone, &self->cap_gone, self->n_gone + 1,
                                    sizeof *grown);
        if (!grown)
            return;         //  out of memory: the sums go, the lab goes on
        self->gone = grown;
        self->gone [self->n_gone++] = (gone_t) { rec->owner, 0, 0 };
    }
    self->gone [g].discarded += discarded;
    self->gone [g].unroutable += unroutable;
}

//  Lock held. Frees the links, endpoints and sockets nothing can reach.
//  Each table is judged whole before anything in it is freed: the
//  judgement reads the other records (s_sender_in_flight, s_socks_reached).
static void
s_reclaim (registry_t *self)
{
    size_t room = self->n_links + self->n_socks + 1;
    bool *doomed = calloc (room, sizeof *doomed);
    sender_sums_t *sums = calloc (self->n_socks + 1, sizeof *sums);
    if (!doomed || !sums) {
        free (doomed);
        free (sums);
        return;             //  out of memory: nothing freed this time
    }
    s_sum_senders (self, sums);
    for (size_t i = 0; i < self->n_links; i++) {
        link_rec_t *link = self->links [i];
        sock_rec_t *from = link->from;
        //  Ended and let go; and no lookup can want it: its receiver is
        //  closed, or a newer link of its label takes the lookups, or its
        //  sender is closed with nothing left in flight.
        bool settled = atomic_load (&from->closed)
                    && (socktype_is_pub (from->type)
                        ? s_fanout_in_flight (link) == 0
                        : s_sender_in_flight (from, &sums [from->index],
                                              counter_get (&from->sent)) == 0);
        doomed [i] = !atomic_load (&link->active) && atomic_load (&link->cached) == 0
                  && (atomic_load (&link->to->closed) || s_link_superseded (self, i) || settled);
    }
    for (size_t i = 0; i < self->n_links; i++)
        if (doomed [i]) {
            link_stats_t row;
            s_link_row (self->links [i], &row);
            s_ended_add (self, &row);
            sock_rec_t *from = self->links [i]->from;
            from->ended.delivered += row.delivered;
            from->ended.lost += row.lost;
            from->ended.missed += row.missed;
            from->ended.discarded += row.discarded;
        }
    free (sums);
    size_t kept = 0;
    for (size_t i = 0; i < self->n_links; i++)
        if (doomed [i])
            free (self->links [i]);
        else
            self->links [kept++] = self->links [i];
    self->n_links = kept;
    bool *sends = doomed;               //  the same room, for the sockets
    memset (sends, 0, room * sizeof *sends);
    for (size_t i = 0; i < self->n_socks; i++)
        self->socks [i]->index = i;
    for (size_t i = 0; i < self->n_links; i++)
        sends [self->links [i]->from->index] = true;
    s_carry_on (self, sends);
    //  A closed connect is never looked at again; a closed bind only for
    //  RECENTLY_CLOSED (s_endpoint_add), and only while no later bind has
    //  the same endpoint (a restarted binder's).
    double now = labclock_monotonic ();
    kept = 0;
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        bool recent = ep->bound && now - ep->closed_at < RECENTLY_CLOSED;
        for (size_t j = i + 1; j < self->n_endpoints && recent; j++)
            recent = !(self->endpoints [j].bound
                       && endpoint_same (self->endpoints [j].endpoint, ep->endpoint));
        if (ep->active || recent)
            self->endpoints [kept++] = *ep;
    }
    self->n_endpoints = kept;
    bool *reached = doomed;             //  the same room, for the sockets
    s_socks_reached (self, reached);
    kept = 0;
    for (size_t i = 0; i < self->n_socks; i++)
        if (reached [i])
            self->socks [kept++] = self->socks [i];
        else {
            s_gone_add (self, self->socks [i]);
            free (self->socks [i]);
        }
    self->n_socks = kept;
    free (doomed);
}

void
registry_records (registry_t *self, size_t *socks, size_t *links, size_t *ended)
{
    pthread_mutex_lock (&self->lock);
    s_reclaim (self);
    *socks = self->n_socks;
    *links = self->n_links;
    *ended = self->n_ended;
    pthread_mutex_unlock (&self->lock);
}

void
registry_sock_joined (registry_t *self, sock_rec_t *rec, const char *endpoint, bool bound)
{
    pthread_mutex_lock (&self->lock);
    s_endpoint_add (self, rec, endpoint, bound);
    pthread_mutex_unlock (&self->lock);
}

void
registry_sock_disconnected (registry_t *self, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&self->lock);
    s_endpoint_remove (self, rec, endpoint);
    pthread_mutex_unlock (&self->lock);
}

void
registry_sock_closed (registry_t *self, sock_rec_t *rec)
{
    pthread_mutex_lock (&self->lock);
    s_endpoint_remove (self, rec, NULL);
    atomic_store (&rec->closed, true);
    s_reclaim (self);
    pthread_mutex_unlock (&self->lock);
}

void
registry_sock_hwm (registry_t *self, sock_rec_t *rec, int sndhwm, int rcvhwm)
{
    pthread_mutex_lock (&self->lock);
    if (sndhwm >= 0)
        rec->sndhwm = sndhwm;
    if (rcvhwm >= 0)
        rec->rcvhwm = rcvhwm;
    pthread_mutex_unlock (&self->lock);
}

void
registry_sock_subscribe (registry_t *self, sock_rec_t *rec, const char *prefix, size_t len, bool on)
{
    if (len > SUB_LEN_MAX)
        len = SUB_LEN_MAX;
    pthread_mutex_lock (&self->lock);
    if (on && rec->n_subs < SUBS_MAX) {
        memcpy (rec->subs [rec->n_subs], prefix, len);
        rec->subs [rec->n_subs][len] = 0;
        rec->n_subs++;
    }
    else
    if (!on)
        for (int i = 0; i < rec->n_subs; i++)
            if (strlen (rec->subs [i]) == len && memcmp (rec->subs [i], prefix, len) == 0) {
                memmove (rec->subs [i], rec->subs [i + 1],
                         (size_t) (rec->n_subs - i - 1) * sizeof rec->subs [0]);
                rec->n_subs--;
                break;
            }
    pthread_mutex_unlock (&self->lock);
}

link_rec_t *
registry_link_find (registry_t *self, sock_rec_t *to, const char *label, size_t len)
{
    //  The newest active link; else the newest closed one, since messages
    //  queued before a sender closed still arrive after it.
    link_rec_t *found = NULL;
    pthread_mutex_lock (&self->lock);
    for (size_t i = self->n_links; i-- > 0; ) {
        link_rec_t *link = self->links [i];
        if (link->to != to || strlen (link->from->label) != len
        ||  memcmp (link->from->label, label, len) != 0)
            continue;
        if (atomic_load (&link->active)) {
            found = link;
            break;
        }
        if (!found)
            found = link;
    }
    if (found)
        atomic_fetch_add (&found->cached, 1);
    pthread_mutex_unlock (&self->lock);
    return found;
}

unsigned
registry_topology (registry_t *self)
{
    return atomic_load (&self->topology);
}

int
registry_sock_peers (registry_t *self, sock_rec_t *rec)
{
    int peers = 0;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *mine = &self->endpoints [i];
        if (mine->sock != rec || !mine->active)
            continue;
        for (size_t j = 0; j < self->n_endpoints; j++) {
            endpoint_rec_t *other = &self->endpoints [j];
            if (other->active && other->sock != rec && other->bound != mine->bound
            &&  endpoint_same (other->endpoint, mine->endpoint))
                peers++;
        }
    }
    pthread_mutex_unlock (&self->lock);
    return peers;
}

//  This machine's addresses others can use ("192.168.1.5 10.0.0.3"): what
//  a teacher writes on the board instead of 0.0.0.0. Read once.
static const char *
s_host_addresses (registry_t *self)
{
    if (self->host_addresses_read)
        return self->host_addresses;
    self->host_addresses_read = true;
    struct ifaddrs *list;
    if (getifaddrs (&list) != 0)
        return self->host_addresses;
    size_t used = 0;
    for (struct ifaddrs *it = list; it; it = it->ifa_next) {
        char ip [INET_ADDRSTRLEN];
        if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET || (it->ifa_flags & IFF_LOOPBACK)
        ||  !inet_ntop (AF_INET, &((struct sockaddr_in *) (void *) it->ifa_addr)->sin_addr, ip, sizeof ip)
        ||  used + strlen (ip) + 2 > sizeof self->host_addresses)
            continue;
        used += (size_t) snprintf (self->host_addresses + used, sizeof self->host_addresses - used,
                                   "%s%s", used ? " " : "", ip);
    }
    freeifaddrs (list);
    return self->host_addresses;
}

//  Lock held. The tcp binds other machines can reach, as they would type
//  them: a wildcard bind by this machine's addresses.
static void
s_reachable (registry_t *self, char *out, size_t size)
{
    out [0] = 0;
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        if (!ep->active || !ep->bound || !endpoint_reachable (ep->endpoint))
            continue;
        const char *host;
        size_t len;
        bool wildcard = endpoint_tcp_host (ep->endpoint, &host, &len)
                     && endpoint_wildcard (host, len);
        if (!endpoint_append_reachable (out, size, ep->endpoint,
                                        wildcard ? s_host_addresses (self) : ""))
            break;              //  the ones that fit
    }
}

//  Lock held. ROW joins an earlier one of ROWS of the same pair of labels
//  and the same state, if there is one: a pair shows at most two rows, its
//  active link (a restart's counts start again, as the actor's do) and
//  everything that ended (a restarted actor's old links, ever so many, in
//  one row). True if it did.
static bool
s_fold_row (link_stats_t *rows, size_t n, const link_stats_t *row)
{
    for (size_t i = 0; i < n; i++) {
        link_stats_t *into = &rows [i];
        if (into->active != row->active || !s_same_pair (into, row))
            continue;
        //  The newest link's endpoint and capacity.
        snprintf (into->endpoint, sizeof into->endpoint, "%s", row->endpoint);
        into->capacity = row->capacity;
        s_row_add (into, row);
        return true;
    }
    return false;
}

int
registry_fill (registry_t *self, lab_snapshot_t *snap, size_t extra_links)
{
    pthread_mutex_lock (&self->lock);
    s_reclaim (self);
    snap->sockets = calloc (self->n_socks + 1, sizeof *snap->sockets);
    snap->links = calloc (self->n_ended + self->n_links + extra_links + 1, sizeof *snap->links);
    if (!snap->sockets || !snap->links) {
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *rec = self->socks [i];
        socket_stats_t *out = &snap->sockets [i];
        out->id = rec->id;
        snprintf (out->actor, sizeof out->actor, "%s", rec->owner ? rec->owner->name : "");
        snprintf (out->label, sizeof out->label, "%s", rec->label);
        snprintf (out->type, sizeof out->type, "%s", socktype_name (rec->type));
        out->sndhwm = rec->sndhwm;
        out->rcvhwm = rec->rcvhwm;
        out->closed = atomic_load (&rec->closed);
        snprintf (out->endpoints, sizeof out->endpoints, "%s", rec->endpoints);
        size_t used = 0;
        out->subscriptions [0] = 0;
        for (int s = 0; s < rec->n_subs && used < sizeof out->subscriptions; s++) {
            int n = snprintf (out->subscriptions + used, sizeof out->subscriptions - used,
                              "%s\"%s\"", s ? " " : "", rec->subs [s]);
            if (n > 0)
                used += (size_t) n;
        }
        out->received = counter_get (&rec->received);
        out->subscription_msgs = counter_get (&rec->subscriptions);
    }
    snap->n_sockets = self->n_socks;
    //  Freed sockets' sums, on their owners (lab.c adds the sockets').
    for (size_t g = 0; g < self->n_gone; g++)
        for (size_t a = 0; a < snap->n_actors; a++) {
            actor_stats_t *actor = &snap->actors [a];
            if (!actor->external && strcmp (actor->name, self->gone [g].owner->name) == 0) {
                actor->discarded += self->gone [g].discarded;
                actor->unroutable += self->gone [g].unroutable;
            }
        }
    //  Each link's row, in flight last (the sender's figures first), then
    //  the ended rows first (they are the oldest) and the rows folded: per
    //  pair of labels one active row and one ended row at most.
    sender_sums_t *sums = calloc (self->n_socks + 1, sizeof *sums);
    link_stats_t *rows = calloc (self->n_links + 1, sizeof *rows);
    if (!sums || !rows) {
        free (sums);
        free (rows);
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    s_sum_senders (self, sums);
    for (size_t i = 0; i < self->n_links; i++)
        s_link_row (self->links [i], &rows [i]);
    s_fill_senders (self, snap, sums);
    for (size_t i = 0; i < self->n_links; i++)
        s_link_in_flight (self->links [i], &rows [i], snap, sums);
    size_t n = 0;
    for (size_t i = 0; i < self->n_ended; i++)
        snap->links [n++] = self->ended [i];
    for (size_t i = 0; i < self->n_links; i++)
        if (!s_fold_row (snap->links, n, &rows [i]))
            snap->links [n++] = rows [i];
    snap->n_links = n;
    free (rows);
    free (sums);
    s_reachable (self, snap->reachable, sizeof snap->reachable);
    pthread_mutex_unlock (&self->lock);
    return 0;
}
