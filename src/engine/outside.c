/*  outside.c — programs outside zmqlab, seen through libzmq's socket monitor.

    A socket that binds or connects on tcp:// or ipc:// gets a monitor, and
    one watcher thread reads every monitor. Each connection gets a record.
    When its other end is one of the lab's own sockets (an actor talking to
    an actor over tcp) the record is internal and stays invisible; any other
    is an outside peer, "ext1", shown as a box of its own.

    Who sent a message is decided by the connection it came in on, never by
    its text: an outside program can copy or forge a stamp. A message names
    its connection twice. ZMQ_SRCFD is the file descriptor, which the
    kernel reuses as soon as a connection closes, possibly while messages of
    that connection are still queued; so the first message read from a
    connection binds the address of its libzmq metadata to the record, and
    that address stays the connection's for as long as any of its messages
    exist. A stamp on an internal connection counts only when its label is
    that of the lab's socket at the other end.

    Threads. The watcher owns the monitors' reading sockets: each is made
    on an actor's thread and handed over under self->lock (the full memory
    barrier libzmq asks for when a socket changes threads). Records live
    under self->lock and are never freed before outside_destroy; a record
    that ended may be reused, and its generation tells a stale holder. The
    counters are shared_counter_t: any thread may add to them.

    What is left: a connection's messages, none of them read yet when it
    closed and its descriptor number was taken by a new connection to the
    same socket, can be bound to the new connection's record. A forged stamp
    then still needs the label of the actor at the other end of the new
    connection to count.
*/
#define _GNU_SOURCE
#include "outside.h"
#include "whois.h"
#include "journal.h"
#include "labclock.h"
#include "endpoint.h"
#include "socktype.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { PEERS_MAX = 1024, WATCHES_MAX = 1024,
       DETAIL_MAX = 96, TYPE_MAX = 8, CHECK_MS = 1000 };

//  Seconds a peer that left stays in snapshots: long enough to be seen
//  leaving, short enough that a class's comings and goings do not pile up.
static const double LEFT_SHOWN = 60.0;

#define HANDSHAKE_FAILED "not a ZeroMQ peer? handshake failed"

typedef enum { PEER_LIVE, PEER_GONE } peer_state_t;


struct peer_rec_t {
    char name [LAB_NAME_MAX];       //  "ext1"; "" for internal connections
    sock_rec_t *sock;               //  the lab's socket at this end
    _Atomic int state;              //  peer_state_t
    _Atomic unsigned generation;    //  bumped when the record ends or is reused
    //  Added to by the actor thread of whichever socket the record is for
    //  (a reused record changes socket), reset by the watcher: shared.
    shared_counter_t received, sent;    //  messages from / to the peer
    shared_counter_t bytes;         //  bytes of the messages read from it
    //  Under the outside lock:
    uint64_t serial;                //  when it (re)started: newer is larger
    int fd;                         //  kept after the end: queued messages name it
    const void *meta;               //  metadata of its messages, once one was read
    zmq_msg_t held;                 //  a copy of that message: keeps the metadata,
    bool holding;                   //  so its address names no other connection
    whois_t who;
    char other_label [LAB_LABEL_MAX];   //  internal: the lab's socket there
    char endpoint [LAB_ENDPOINT_MAX];   //  ours: "tcp://127.0.0.1:5555"
    char type [TYPE_MAX];           //  the peer's socket type, once a message told
    char detail [DETAIL_MAX];       //  why it went ("handshake failed: …")
    int connects;
    double left_at;                 //  monotonic seconds
};

enum { PENDING_MAX = 16 };

typedef struct {
    void *pair;                     //  reads the monitor's events
    sock_rec_t *sock;
    char failure [DETAIL_MAX];      //  a handshake failed: told at the disconnect
    //  Connections whose handshake has not succeeded yet, oldest first
    //  (libzmq's success event names none: handshakes end in about the
    //  order they began).
    int pending [PENDING_MAX];
    int n_pending;
} watch_t;

struct outside_t {
    void *ctx;                      //  the lab's zmq context (for monitor readers)
    events_t *events;               //  the lab's event ring: joins, leaves, errors
    notify_t *notify;               //  raised when a peer comes or goes
    _Atomic uint64_t events_dropped;    //  events of ours the full ring refused
    pthread_mutex_t lock;
    pthread_t thread;
    bool started;
    int wake_fd;                    //  eventfd: a new watch, or stop
    _Atomic bool stop;
    _Atomic unsigned changes;
    pthread_cond_t drained;         //  signalled when drain_done moves
    uint64_t drain_asked, drain_done;   //  under lock
    //  Under lock:
    watch_t *handed [WATCHES_MAX];  //  made by actors, not yet taken
    size_t n_handed;
    size_t n_watches;               //  handed or taken, until their monitor stops
    peer_rec_t *peers [PEERS_MAX];
    size_t n_peers;
    uint64_t serial;
    int next_number;
    int max_peers;
    int64_t max_msg_size;
    uint64_t refused, handshake_failed;
};

//  Lets go of the message that kept a record's metadata alive.
static void
s_let_go (peer_rec_t *peer)
{
    if (peer->holding)
        zmq_msg_close (&peer->held);
    peer->holding = false;
    peer->meta = NULL;
}

outside_t *
outside_new (void *ctx, events_t *events, notify_t *notify)
{
    outside_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (self->wake_fd < 0) {
        free (self);
        return NULL;
    }
    self->ctx = ctx;
    self->events = events;
    self->notify = notify;
    atomic_init (&self->events_dropped, 0);
    self->max_peers = LAB_MAX_PEERS;
    self->max_msg_size = LAB_MAX_MSG_SIZE;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->drained, NULL);
    return self;
}

static void
s_wake (outside_t *self)
{
    uint64_t one = 1;
    if (write (self->wake_fd, &one, sizeof one) < 0) {
        //  The counter is full: the watcher is awake anyway.
    }
}

void
outside_destroy (outside_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    outside_t *self = *self_p;
    pthread_mutex_lock (&self->lock);
    bool started = self->started;
    atomic_store (&self->stop, true);
    pthread_cond_broadcast (&self->drained);
    pthread_mutex_unlock (&self->lock);
    s_wake (self);
    if (started)
        pthread_join (self->thread, NULL);
    for (size_t i = 0; i < self->n_handed; i++) {
        zmq_close (self->handed [i]->pair);
        free (self->handed [i]);
    }
    for (size_t i = 0; i < self->n_peers; i++) {
        s_let_go (self->peers [i]);
        free (self->peers [i]);
    }
    close (self->wake_fd);
    pthread_cond_destroy (&self->drained);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
outside_set_max_peers (outside_t *self, int max)
{
    pthread_mutex_lock (&self->lock);
    //  Room for the lab's own connections in the table too.
    self->max_peers = max < PEERS_MAX / 2 ? max : PEERS_MAX / 2;
    pthread_mutex_unlock (&self->lock);
}

void
outside_set_max_msg_size (outside_t *self, int64_t bytes)
{
    pthread_mutex_lock (&self->lock);
    self->max_msg_size = bytes;
    pthread_mutex_unlock (&self->lock);
}

int64_t
outside_max_msg_size (outside_t *self)
{
    pthread_mutex_lock (&self->lock);
    int64_t bytes = self->max_msg_size;
    pthread_mutex_unlock (&self->lock);
    return bytes;
}

unsigned
outside_changes (outside_t *self)
{
    return atomic_load (&self->changes);
}

//  --- records (lock held) -------------------------------------------------

static bool
s_live (const peer_rec_t *peer)
{
    return atomic_load (&peer->state) == PEER_LIVE;
}

static bool
s_outside (const peer_rec_t *peer)
{
    return !peer->who.internal;
}

//  The newest record of SOCK on descriptor FD, live or gone.
static peer_rec_t *
s_newest (outside_t *self, sock_rec_t *sock, int fd)
{
    peer_rec_t *newest = NULL;
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == sock && peer->fd == fd && peer->serial
        &&  (!newest || peer->serial > newest->serial))
            newest = peer;
    }
    return newest;
}

static size_t
s_live_outside (outside_t *self, sock_rec_t *sock)
{
    size_t live = 0;
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (s_outside (peer) && s_live (peer) && (!sock || peer->sock == sock))
            live++;
    }
    return live;
}

static void
s_changed (outside_t *self, sock_rec_t *sock)
{
    atomic_store (&sock->n_outside, (int) s_live_outside (self, sock));
    atomic_fetch_add (&self->changes, 1);
    notify_raise (self->notify);
}

//  Our events are our own text, never a peer's bytes: not escaped.
static void
s_post (outside_t *self, const char *who, event_kind_t kind, const char *peer,
        const char *text, size_t len)
{
    if (!journal_post (self->events, who, kind, peer, 0, text, len, false))
        atomic_fetch_add (&self->events_dropped, 1);
}

static void
s_event (outside_t *self, peer_rec_t *peer, event_kind_t kind, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

static void
s_event (outside_t *self, peer_rec_t *peer, event_kind_t kind, const char *format, ...)
{
    char text [LAB_EVENT_TEXT_MAX];
    va_list args;
    va_start (args, format);
    int len = vsnprintf (text, sizeof text, format, args);
    va_end (args);
    if (len < 0)
        return;
    s_post (self, peer->name, kind, peer->sock->label, text,
            (size_t) len < sizeof text ? (size_t) len : sizeof text - 1);
}


//  A record for a new connection: an outside peer reconnecting from the
//  same host to the same socket keeps its name and box; else a new record;
//  when the table is full, a gone internal one, then a gone outside one.
//  No record ever leaves the table, so stale pointers stay valid.
static peer_rec_t *
s_record_for (outside_t *self, sock_rec_t *sock, const whois_t *who)
{
    peer_rec_t *reuse = NULL;
    for (size_t i = 0; i < self->n_peers && !who->internal; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == sock && s_outside (peer) && !s_live (peer) && peer->name [0]
        &&  strcmp (peer->who.host, who->host) == 0)
            reuse = peer;
    }
    if (!reuse && self->n_peers < PEERS_MAX) {
        reuse = calloc (1, sizeof *reuse);
        if (reuse) {
            atomic_init (&reuse->state, PEER_GONE);
            reuse->fd = -1;
            self->peers [self->n_peers++] = reuse;
        }
    }
    for (int pass = 0; !reuse && pass < 2; pass++)
        for (size_t i = 0; i < self->n_peers; i++) {
            peer_rec_t *peer = self->peers [i];
            if (!s_live (peer) && peer->who.internal == (pass == 0)
            &&  (!reuse || peer->serial < reuse->serial))
                reuse = peer;
        }
    if (!reuse)
        return NULL;
    bool same = reuse->sock == sock && s_outside (reuse) && !who->internal
             && reuse->name [0] && strcmp (reuse->who.host, who->host) == 0;
    if (!same) {
        //  A fresh identity: counters start again.
        shared_counter_set (&reuse->received, 0);
        shared_counter_set (&reuse->sent, 0);
        reuse->connects = 0;
        reuse->type [0] = 0;
        if (who->internal)
            reuse->name [0] = 0;
        else
            snprintf (reuse->name, sizeof reuse->name, "ext%d", ++self->next_number);
    }
    shared_counter_set (&reuse->bytes, 0);
    s_let_go (reuse);
    reuse->sock = sock;
    reuse->who = *who;
    reuse->other_label [0] = 0;
    reuse->detail [0] = 0;
    reuse->connects++;
    return reuse;
}

static void
s_end (outside_t *self, peer_rec_t *peer, const char *detail)
{
    if (!s_live (peer))
        return;
    peer->left_at = labclock_monotonic ();
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_GONE);
    if (detail && detail [0] && !peer->detail [0])
        snprintf (peer->detail, sizeof peer->detail, "%s", detail);
    if (s_outside (peer)) {
        //  A failed handshake is an error of the peer's: a red line.
        bool failed = strncmp (peer->detail, HANDSHAKE_FAILED, strlen (HANDSHAKE_FAILED)) == 0;
        s_event (self, peer, failed ? EVENT_ERROR : EVENT_STATE, "%s left%s%s",
                 peer->who.address, peer->detail [0] ? ": " : "", peer->detail);
        s_changed (self, peer->sock);
    }
}

//  A record for the connection WHO on FD, now live. A live record on the
//  same descriptor that is another connection ended unseen (libzmq does
//  not always tell): it ends now.
static peer_rec_t *
s_start (outside_t *self, sock_rec_t *sock, int fd, const whois_t *who, const char *endpoint)
{
    peer_rec_t *old = s_newest (self, sock, fd);
    if (old && s_live (old)) {
        if (whois_same_connection (&old->who, who)) {
            if (endpoint && !old->endpoint [0])
                snprintf (old->endpoint, sizeof old->endpoint, "%s", endpoint);
            return old;
        }
        s_end (self, old, NULL);
    }
    peer_rec_t *peer = s_record_for (self, sock, who);
    if (!peer)
        return NULL;
    peer->fd = fd;
    peer->serial = ++self->serial;
    snprintf (peer->endpoint, sizeof peer->endpoint, "%s", endpoint ? endpoint : "");
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_LIVE);
    if (s_outside (peer)) {
        s_event (self, peer, EVENT_JOIN, peer->connects > 1 ? "%s connected again to %s"
                                                           : "%s connected to %s",
                 peer->who.address, sock->label);
        s_changed (self, sock);
    }
    return peer;
}

//  The label of the lab's socket at the other end of an internal record,
//  found by the other end's own record (its monitor saw the connection
//  too): the same four addresses, so it is that connection, live or not.
static const char *
s_other_label (outside_t *self, peer_rec_t *peer)
{
    if (!peer->other_label [0] && peer->who.other_fd >= 0) {
        peer_rec_t *found = NULL;
        for (size_t i = 0; i < self->n_peers; i++) {
            peer_rec_t *other = self->peers [i];
            if (other != peer && other->fd == peer->who.other_fd && other->serial
            &&  other->who.internal && other->who.inet
            &&  whois_same_inet (&other->who.local, &peer->who.remote)
            &&  whois_same_inet (&other->who.remote, &peer->who.local)
            &&  (!found || other->serial > found->serial))
                found = other;
        }
        if (found)
            snprintf (peer->other_label, sizeof peer->other_label, "%s", found->sock->label);
    }
    return peer->other_label;
}

static void
s_fill_ref (outside_t *self, peer_rec_t *peer, peer_ref_t *ref)
{
    ref->peer = peer;
    ref->generation = atomic_load (&peer->generation);
    ref->trusted = peer->who.internal && peer->who.certain;
    snprintf (ref->name, sizeof ref->name, "%s", ref->trusted ? "" : peer->name);
    ref->label [0] = 0;
    if (ref->trusted)
        snprintf (ref->label, sizeof ref->label, "%s", s_other_label (self, peer));
}

//  --- actor threads ----------------------------------------------------------

static void *s_watcher (void *arg);

int
outside_watch (outside_t *self, sock_rec_t *rec, void *zsock)
{
    watch_t *watch = calloc (1, sizeof *watch);
    if (!watch)
        return -1;
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://zmqlab-monitor-%d", rec->id);
    int events = ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED
               | ZMQ_EVENT_HANDSHAKE_SUCCEEDED
               | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
               | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_MONITOR_STOPPED;
    if (zmq_socket_monitor (zsock, endpoint, events) != 0) {
        free (watch);
        return -1;
    }
    //  Connected before the first bind/connect, so no event is missed.
    watch->pair = zmq_socket (self->ctx, ZMQ_PAIR);
    int zero = 0;
    if (!watch->pair
    ||  zmq_setsockopt (watch->pair, ZMQ_LINGER, &zero, sizeof zero) != 0
    ||  zmq_connect (watch->pair, endpoint) != 0) {
        if (watch->pair)
            zmq_close (watch->pair);
        zmq_socket_monitor (zsock, NULL, 0);
        free (watch);
        return -1;
    }
    watch->sock = rec;
    pthread_mutex_lock (&self->lock);
    //  Never more than the watcher can poll: a monitor nobody reads stalls
    //  libzmq's I/O thread.
    bool ok = self->n_watches < WATCHES_MAX && !atomic_load (&self->stop);
    if (ok && !self->started)
        ok = self->started = pthread_create (&self->thread, NULL, s_watcher, self) == 0;
    if (ok) {
        self->handed [self->n_handed++] = watch;
        self->n_watches++;
    }
    pthread_mutex_unlock (&self->lock);
    if (!ok) {
        zmq_close (watch->pair);
        zmq_socket_monitor (zsock, NULL, 0);
        free (watch);
        return -1;
    }
    s_wake (self);
    return 0;
}

void
outside_drain (outside_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (self->started && !atomic_load (&self->stop)) {
        uint64_t ticket = ++self->drain_asked;
        s_wake (self);
        //  A bound, so a stuck watcher cannot hold an actor forever.
        struct timespec until;
        clock_gettime (CLOCK_REALTIME, &until);
        until.tv_sec += 2;
        while (self->drain_done < ticket && !atomic_load (&self->stop))
            if (pthread_cond_timedwait (&self->drained, &self->lock, &until) != 0)
                break;
    }
    pthread_mutex_unlock (&self->lock);
}

void
outside_endpoint_closed (outside_t *self, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == rec && s_live (peer) && endpoint_same (peer->endpoint, endpoint))
            s_end (self, peer, NULL);
    }
    pthread_mutex_unlock (&self->lock);
}

//  Reads a string of libzmq's metadata, which libzmq's own thread wrote
//  before handing the message over (a handover ThreadSanitizer cannot see).
#if defined (__SANITIZE_THREAD__)
__attribute__ ((no_sanitize ("thread")))
#endif
static void
s_copy_meta (char *out, size_t size, const char *text)
{
    size_t i = 0;
    for (; text [i] && i + 1 < size; i++)
        out [i] = text [i];
    out [i] = 0;
}

bool
outside_sender (outside_t *self, sock_rec_t *rec, zmq_msg_t *msg, int fd,
                const char *meta, peer_ref_t *ref)
{
    pthread_mutex_lock (&self->lock);
    peer_rec_t *peer = NULL;
    //  A connection already seen: by its metadata, even if it has ended.
    for (size_t i = 0; meta && i < self->n_peers && !peer; i++)
        if (self->peers [i]->sock == rec && self->peers [i]->meta == meta)
            peer = self->peers [i];
    //  The record the watcher made for this descriptor, before any message
    //  (if it has ended, only while the descriptor is no other connection).
    if (!peer) {
        peer_rec_t *newest = s_newest (self, rec, fd);
        if (newest && !newest->meta && s_live (newest))
            peer = newest;
        else
        if (newest && !newest->meta) {
            whois_t now = whois_of (fd);
            if (!now.ok || whois_same_connection (&now, &newest->who))
                peer = newest;
        }
    }
    if (!peer) {
        //  Not seen yet (the message beat the monitor's event, or the
        //  descriptor is a new connection's): look at it now.
        pthread_mutex_unlock (&self->lock);
        whois_t who = whois_of (fd);
        pthread_mutex_lock (&self->lock);
        if (who.ok)
            peer = s_start (self, rec, fd, &who, NULL);
    }
    if (peer) {
        if (!peer->meta && meta) {
            //  Bound only while a copy keeps the metadata (and so its
            //  address) from going to another connection.
            zmq_msg_init (&peer->held);
            peer->holding = zmq_msg_copy (&peer->held, msg) == 0;
            if (peer->holding)
                peer->meta = meta;
            else
                zmq_msg_close (&peer->held);
        }
        if (meta && s_outside (peer) && !peer->type [0])
            s_copy_meta (peer->type, sizeof peer->type, meta);
        s_fill_ref (self, peer, ref);
    }
    pthread_mutex_unlock (&self->lock);
    return peer != NULL;
}

bool
outside_sole_peer (outside_t *self, sock_rec_t *rec, peer_ref_t *ref)
{
    peer_rec_t *sole = NULL;
    int live = 0;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == rec && s_live (peer)) {
            live++;
            sole = peer;
        }
    }
    bool found = live == 1 && s_outside (sole);
    if (found)
        s_fill_ref (self, sole, ref);
    pthread_mutex_unlock (&self->lock);
    return found;
}

bool
outside_ref_valid (const peer_ref_t *ref)
{
    return ref->peer && atomic_load (&ref->peer->generation) == ref->generation;
}

void
outside_count_from (const peer_ref_t *ref, size_t bytes)
{
    shared_counter_add (&ref->peer->received, 1);
    shared_counter_add (&ref->peer->bytes, bytes);
}

void
outside_count_to (const peer_ref_t *ref)
{
    shared_counter_add (&ref->peer->sent, 1);
}

//  --- the watcher thread ----------------------------------------------------

//  Ends an outside connection libzmq would keep: shutdown, not close, so
//  the descriptor stays libzmq's, which sees the end and cleans up. Only
//  while the descriptor is still that connection: the kernel reuses numbers.
static void
s_refuse (outside_t *self, peer_rec_t *peer, const char *why)
{
    whois_t now = whois_of (peer->fd);
    if (now.ok && whois_same_connection (&now, &peer->who))
        shutdown (peer->fd, SHUT_RDWR);
    self->refused++;
    s_end (self, peer, why);
}

//  Lock held. Outside tcp connections with more unread than allowed: a
//  message that never ends (libzmq's size limit is per frame), or a flood.
static void
s_check_unread (outside_t *self)
{
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (!s_outside (peer) || !s_live (peer) || !peer->who.inet)
            continue;
        struct tcp_info info;
        socklen_t size = sizeof info;
        memset (&info, 0, sizeof info);
        if (getsockopt (peer->fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0
        ||  size < offsetof (struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
            continue;
        //  Frames cost a few bytes each on the wire; the greeting 64.
        uint64_t read = shared_counter_get (&peer->bytes) + 16 * shared_counter_get (&peer->received) + 1024;
        if (info.tcpi_bytes_received > read + OUTSIDE_UNREAD_MAX)
            s_refuse (self, peer, "refused: more than 16 MiB unread (a message that never ends?)");
    }
}

static void
s_on_connection (outside_t *self, watch_t *watch, bool accepted, int fd, const char *endpoint)
{
    whois_t who = whois_of (fd);         //  before the lock: it reads /proc
    pthread_mutex_lock (&self->lock);
    if (!who.ok && accepted) {
        //  Gone before it could be looked at: libzmq refused it at once
        //  (not ZeroMQ 3: garbage, or an old ZMTP) or it vanished.
        self->handshake_failed++;
        char text [LAB_EVENT_TEXT_MAX];
        int len = snprintf (text, sizeof text, "a program connected to %s and was gone at once: "
                            "not ZeroMQ 3, or it vanished", watch->sock->label);
        s_post (self, "?", EVENT_ERROR, watch->sock->label, text,
                len > 0 && (size_t) len < sizeof text ? (size_t) len : sizeof text - 1);
        notify_raise (self->notify);
    }
    if (who.ok) {
        peer_rec_t *peer = s_start (self, watch->sock, fd, &who, endpoint);
        if (!peer && accepted && !who.internal) {
            //  No room to keep it: not kept.
            shutdown (fd, SHUT_RDWR);
            self->refused++;
        }
        else
        if (peer && accepted && s_outside (peer) && who.certain
        &&  s_live_outside (self, NULL) > (size_t) self->max_peers) {
            char why [DETAIL_MAX];
            snprintf (why, sizeof why, "refused: %d outside connections is the limit",
                      self->max_peers);
            s_refuse (self, peer, why);
        }
    }
    pthread_mutex_unlock (&self->lock);
}

//  Takes FD (or, when FD is -1, the oldest) off the pending handshakes.
//  True if it was there.
static bool
s_handshake_over (watch_t *watch, int fd)
{
    for (int i = 0; i < watch->n_pending; i++)
        if (fd < 0 || watch->pending [i] == fd) {
            memmove (&watch->pending [i], &watch->pending [i + 1],
                     (size_t) (watch->n_pending - i - 1) * sizeof watch->pending [0]);
            watch->n_pending--;
            return true;
        }
    return false;
}

static void
s_on_event (outside_t *self, watch_t *watch, uint16_t event, uint32_t value,
            const char *endpoint)
{
    if (event == ZMQ_EVENT_ACCEPTED || event == ZMQ_EVENT_CONNECTED) {
        if (watch->n_pending == PENDING_MAX)
            s_handshake_over (watch, -1);
        watch->pending [watch->n_pending++] = (int) value;
        s_on_connection (self, watch, event == ZMQ_EVENT_ACCEPTED, (int) value, endpoint);
        return;
    }
    pthread_mutex_lock (&self->lock);
    if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        s_handshake_over (watch, -1);
    else
    if (event == ZMQ_EVENT_DISCONNECTED) {
        //  Gone mid-handshake with no failure said: libzmq refuses peers
        //  older than ZMTP 3 (and garbage) without one.
        peer_rec_t *peer = s_newest (self, watch->sock, (int) value);
        bool spoke = peer && (peer->meta || shared_counter_get (&peer->received));
        if (s_handshake_over (watch, (int) value) && !watch->failure [0] && !spoke) {
            self->handshake_failed++;
            snprintf (watch->failure, sizeof watch->failure, HANDSHAKE_FAILED);
        }
        if (peer)
            s_end (self, peer, watch->failure);
        watch->failure [0] = 0;
    }
    else
    if (event == ZMQ_EVENT_MONITOR_STOPPED) {
        //  The socket closed: its connections went with it, unannounced,
        //  and no message of theirs will be read any more.
        for (size_t i = 0; i < self->n_peers; i++)
            if (self->peers [i]->sock == watch->sock) {
                s_end (self, self->peers [i], NULL);
                s_let_go (self->peers [i]);
            }
    }
    else {
        //  A failed handshake: libzmq ends that connection next, with a
        //  DISCONNECTED that names it; the reason waits for it.
        self->handshake_failed++;
        snprintf (watch->failure, sizeof watch->failure, HANDSHAKE_FAILED "%s%s",
                  event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? ": " : "",
                  event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? strerror ((int) value) : "");
    }
    pthread_mutex_unlock (&self->lock);
}

typedef enum { READ_NONE, READ_EVENT, READ_STOPPED } read_t;

//  Reads one event (two frames), if there is one.
static read_t
s_read_event (outside_t *self, watch_t *watch)
{
    zmq_msg_t head, address;
    zmq_msg_init (&head);
    zmq_msg_init (&address);
    read_t read = READ_NONE;
    if (zmq_msg_recv (&head, watch->pair, ZMQ_DONTWAIT) >= 0
    &&  zmq_msg_more (&head)
    &&  zmq_msg_recv (&address, watch->pair, ZMQ_DONTWAIT) >= 0
    &&  zmq_msg_size (&head) >= 6) {
        uint16_t event;
        uint32_t value;
        memcpy (&event, zmq_msg_data (&head), sizeof event);
        memcpy (&value, (char *) zmq_msg_data (&head) + 2, sizeof value);
        char endpoint [LAB_ENDPOINT_MAX];
        size_t len = zmq_msg_size (&address) < sizeof endpoint - 1
                   ? zmq_msg_size (&address) : sizeof endpoint - 1;
        memcpy (endpoint, zmq_msg_data (&address), len);
        endpoint [len] = 0;
        s_on_event (self, watch, event, value, endpoint);
        read = event == ZMQ_EVENT_MONITOR_STOPPED ? READ_STOPPED : READ_EVENT;
    }
    zmq_msg_close (&head);
    zmq_msg_close (&address);
    return read;
}

//  The watcher must keep reading: libzmq's I/O thread waits on a monitor
//  nobody reads. So it never gives up, not even when memory is short (it
//  then takes new monitors later).
static void *
s_watcher (void *arg)
{
    outside_t *self = arg;
    watch_t *watches [WATCHES_MAX];
    zmq_pollitem_t items [WATCHES_MAX + 1];
    size_t n = 0;
    double next_check = labclock_monotonic () + CHECK_MS / 1000.0;
    while (!atomic_load (&self->stop)) {
        pthread_mutex_lock (&self->lock);
        while (self->n_handed && n < WATCHES_MAX)
            watches [n++] = self->handed [--self->n_handed];
        uint64_t drain = self->drain_asked;
        pthread_mutex_unlock (&self->lock);
        items [0] = (zmq_pollitem_t) { NULL, self->wake_fd, ZMQ_POLLIN, 0 };
        for (size_t i = 0; i < n; i++)
            items [i + 1] = (zmq_pollitem_t) { watches [i]->pair, 0, ZMQ_POLLIN, 0 };
        bool draining = drain != self->drain_done;
        if (zmq_poll (items, (int) n + 1, draining ? 0 : CHECK_MS) < 0 && zmq_errno () == ETERM)
            break;
        if (items [0].revents) {
            uint64_t count;
            if (read (self->wake_fd, &count, sizeof count) < 0) {
                //  EAGAIN: another wake took it.
            }
        }
        //  Every event there is; when an actor asked for a drain, until
        //  every monitor is empty.
        for (size_t i = 0; i < n; i++) {
            if (!items [i + 1].revents && !draining)
                continue;
            read_t got;
            while ((got = s_read_event (self, watches [i])) == READ_EVENT && draining)
                ;
            if (got == READ_STOPPED) {
                zmq_close (watches [i]->pair);
                free (watches [i]);
                watches [i] = NULL;
                pthread_mutex_lock (&self->lock);
                self->n_watches--;
                pthread_mutex_unlock (&self->lock);
            }
        }
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (watches [i])
                watches [kept++] = watches [i];
        n = kept;
        if (draining) {
            pthread_mutex_lock (&self->lock);
            self->drain_done = drain;
            pthread_cond_broadcast (&self->drained);
            pthread_mutex_unlock (&self->lock);
        }
        if (labclock_monotonic () >= next_check) {
            pthread_mutex_lock (&self->lock);
            s_check_unread (self);
            pthread_mutex_unlock (&self->lock);
            next_check = labclock_monotonic () + CHECK_MS / 1000.0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        zmq_close (watches [i]->pair);
        free (watches [i]);
    }
    return NULL;
}

//  --- snapshots (any thread) -------------------------------------------------

//  Lock held. Is PEER in snapshots: an outside one, live or lately gone?
static bool
s_shown (const peer_rec_t *peer, double now)
{
    return s_outside (peer) && peer->name [0] && peer->serial
        && (s_live (peer) || now - peer->left_at < LEFT_SHOWN);
}

//  Lock held. PEER as an actor and its one link. The lab's end of the link
//  names its socket by label; its actor is the lab's to fill (sock_id).
static void
s_fill_peer (const peer_rec_t *peer, outside_peer_t *out)
{
    bool live = s_live (peer);
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
        shown += s_shown (self->peers [i], now);
    view->peers = calloc (shown + 1, sizeof *view->peers);
    if (!view->peers) {
        pthread_mutex_unlock (&self->lock);
        return -1;
    }
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (s_shown (peer, now))
            s_fill_peer (peer, &view->peers [view->n_peers++]);
    }
    view->refused = self->refused;
    view->handshake_failed = self->handshake_failed;
    view->live = s_live_outside (self, NULL);
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
