/*  outside.c — programs outside zmqlab, seen through libzmq's socket monitor.

    A socket that binds or connects on tcp:// or ipc:// gets a monitor, and
    one thread (monitor.c) reads every monitor. Each connection gets a record.
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

    Threads. monitor.c's thread reads the monitors and calls this file's
    s_connected, s_disconnected, … . Records live under self->lock and are
    never freed before outside_destroy; a record that ended may be reused,
    and its generation tells a stale holder. The counters are
    shared_counter_t: any thread may add to them. The records' layout is in
    outside_records.h; snapshots read them in outside_view.c. This file
    never calls the lab: it gets the event ring and the notifier at new.

    What is left: a connection's messages, none of them read yet when it
    closed and its descriptor number was taken by a new connection to the
    same socket, can be bound to the new connection's record. A forged stamp
    then still needs the label of the actor at the other end of the new
    connection to count.
*/
#define _GNU_SOURCE
#include "outside_records.h"
#include "monitor.h"
#include "journal.h"
#include "labclock.h"
#include "endpoint.h"
#include "socktype.h"

#include <arpa/inet.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

//  Lets go of the message that kept a record's metadata alive.
static void
s_let_go (peer_rec_t *peer)
{
    if (peer->holding)
        zmq_msg_close (&peer->held);
    peer->holding = false;
    peer->meta = NULL;
}

static const monitor_handler_t s_handler;

outside_t *
outside_new (void *ctx, events_t *events, notify_t *notify)
{
    outside_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    monitor_handler_t handler = s_handler;
    handler.arg = self;
    self->monitor = monitor_new (ctx, &handler);
    if (!self->monitor) {
        free (self);
        return NULL;
    }
    self->events = events;
    self->notify = notify;
    atomic_init (&self->events_dropped, 0);
    atomic_init (&self->changes, 0);
    self->max_peers = LAB_MAX_PEERS;
    self->max_msg_size = LAB_MAX_MSG_SIZE;
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
outside_destroy (outside_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    outside_t *self = *self_p;
    //  First: its thread calls back into the records.
    monitor_destroy (&self->monitor);
    for (size_t i = 0; i < self->n_peers; i++) {
        s_let_go (self->peers [i]);
        free (self->peers [i]);
    }
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

size_t
outside_live_count (outside_t *self, sock_rec_t *sock)
{
    size_t live = 0;
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer_outside (peer) && peer_live (peer) && (!sock || peer->sock == sock))
            live++;
    }
    return live;
}

static void
s_changed (outside_t *self, sock_rec_t *sock)
{
    atomic_store (&sock->n_outside, (int) outside_live_count (self, sock));
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

peer_rec_t *
outside_last_refused (outside_t *self, sock_rec_t *sock, const char *host)
{
    peer_rec_t *last = NULL;
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->refused && peer->sock == sock && peer->serial && peer->name [0]
        &&  strcmp (peer->who.host, host) == 0 && (!last || peer->serial > last->serial))
            last = peer;
    }
    return last;
}

//  A record for a new connection: an outside peer reconnecting from the
//  same host to the same socket keeps its name and box; else a new record;
//  when the table is full, a gone internal one, then a gone outside one.
//  A refused record is never taken by a new connection from the same
//  host, and a connection about to be refused (REFUSING) gets a record of
//  its own: what is still queued of a refused connection (it is dropped
//  unread, see outside_sender) must stay known by its record. It is named
//  after the last refused connection from its host to its socket: one box
//  (outside_view.c shows the newest). No record ever leaves the table, so
//  stale pointers stay valid.
static peer_rec_t *
s_record_for (outside_t *self, sock_rec_t *sock, const whois_t *who, bool refusing)
{
    peer_rec_t *reuse = NULL;
    for (size_t i = 0; i < self->n_peers && !who->internal; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == sock && peer_outside (peer) && !peer_live (peer) && peer->name [0]
        &&  !peer->refused && !refusing && strcmp (peer->who.host, who->host) == 0)
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
            if (!peer_live (peer) && peer->who.internal == (pass == 0)
            &&  (!reuse || peer->serial < reuse->serial))
                reuse = peer;
        }
    if (!reuse)
        return NULL;
    bool same = reuse->sock == sock && peer_outside (reuse) && !who->internal
             && !reuse->refused && !refusing && reuse->name [0]
             && strcmp (reuse->who.host, who->host) == 0;
    if (!same) {
        //  A fresh identity: counters start again.
        shared_counter_set (&reuse->received, 0);
        shared_counter_set (&reuse->sent, 0);
        reuse->connects = 0;
        reuse->type [0] = 0;
        const peer_rec_t *named = refusing ? outside_last_refused (self, sock, who->host) : NULL;
        if (who->internal)
            reuse->name [0] = 0;
        else
        if (named && named != reuse)
            memcpy (reuse->name, named->name, sizeof reuse->name);
        else
            snprintf (reuse->name, sizeof reuse->name, "ext%d", ++self->next_number);
    }
    shared_counter_set (&reuse->bytes, 0);
    s_let_go (reuse);
    //  The registry keeps a closed socket while a record points at it.
    if (reuse->sock != sock) {
        sock_let_go (reuse->sock);
        sock_hold (sock);
    }
    reuse->sock = sock;
    reuse->who = *who;
    reuse->refused = false;
    reuse->other_label [0] = 0;
    reuse->detail [0] = 0;
    reuse->connects++;
    return reuse;
}

static void
s_end (outside_t *self, peer_rec_t *peer, const char *detail)
{
    if (!peer_live (peer))
        return;
    peer->left_at = labclock_monotonic ();
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_GONE);
    if (detail && detail [0] && !peer->detail [0])
        snprintf (peer->detail, sizeof peer->detail, "%s", detail);
    if (peer_outside (peer)) {
        //  A failed handshake is an error of the peer's: a red line.
        bool failed = strncmp (peer->detail, MONITOR_HANDSHAKE_FAILED, strlen (MONITOR_HANDSHAKE_FAILED)) == 0;
        s_event (self, peer, failed ? EVENT_ERROR : EVENT_STATE, "%s left%s%s",
                 peer->who.address, peer->detail [0] ? ": " : "", peer->detail);
        s_changed (self, peer->sock);
    }
}

//  A record for the connection WHO on FD, now live. A live record on the
//  same descriptor that is another connection ended unseen (libzmq does
//  not always tell): it ends now.
static peer_rec_t *
s_start (outside_t *self, sock_rec_t *sock, int fd, const whois_t *who, const char *endpoint,
         bool refusing)
{
    peer_rec_t *old = s_newest (self, sock, fd);
    if (old && peer_live (old)) {
        if (whois_same_connection (&old->who, who)) {
            if (endpoint && !old->endpoint [0])
                snprintf (old->endpoint, sizeof old->endpoint, "%s", endpoint);
            return old;
        }
        s_end (self, old, NULL);
    }
    peer_rec_t *peer = s_record_for (self, sock, who, refusing);
    if (!peer)
        return NULL;
    peer->fd = fd;
    peer->serial = ++self->serial;
    snprintf (peer->endpoint, sizeof peer->endpoint, "%s", endpoint ? endpoint : "");
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_LIVE);
    if (peer_outside (peer)) {
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
    ref->refused = peer->refused;
    snprintf (ref->name, sizeof ref->name, "%s", ref->trusted ? "" : peer->name);
    ref->label [0] = 0;
    if (ref->trusted)
        snprintf (ref->label, sizeof ref->label, "%s", s_other_label (self, peer));
}

//  --- actor threads ----------------------------------------------------------

int
outside_watch (outside_t *self, sock_rec_t *rec, void *zsock)
{
    return monitor_watch (self->monitor, rec, zsock);
}

void
outside_drain (outside_t *self)
{
    monitor_drain (self->monitor);
}

void
outside_endpoint_closed (outside_t *self, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == rec && peer_live (peer) && endpoint_same (peer->endpoint, endpoint))
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

//  Lock held. The record of the connection a message (META, on FD) came
//  in on, if there is one.
static peer_rec_t *
s_sender_record (outside_t *self, sock_rec_t *rec, int fd, const char *meta)
{
    //  A connection already seen: by its metadata, even if it has ended.
    for (size_t i = 0; meta && i < self->n_peers; i++)
        if (self->peers [i]->sock == rec && self->peers [i]->meta == meta)
            return self->peers [i];
    //  The record the watcher made for this descriptor, before any message
    //  (if it has ended, only while the descriptor is no other connection).
    peer_rec_t *newest = s_newest (self, rec, fd);
    if (newest && !newest->meta && peer_live (newest))
        return newest;
    if (newest && !newest->meta) {
        whois_t now = whois_of (fd);
        if (!now.ok || whois_same_connection (&now, &newest->who))
            return newest;
    }
    return NULL;
}

//  Passes of the watcher waited for a connection it has not seen (2 ms
//  apart: a second at most, unless a pass itself waits).
enum { DRAIN_PASSES = 500 };

bool
outside_sender (outside_t *self, sock_rec_t *rec, zmq_msg_t *msg, int fd,
                const char *meta, peer_ref_t *ref)
{
    pthread_mutex_lock (&self->lock);
    peer_rec_t *peer = s_sender_record (self, rec, fd, meta);
    if (!peer) {
        //  The message beat the watcher: its accept is in the monitor
        //  already (libzmq told it before the connection could carry
        //  anything). The watcher decides whether it is let in; wait.
        //  Until the watcher has seen it, or it is gone: a watcher that
        //  lags (a loaded machine, a sanitizer) may not have its event
        //  yet when one pass ends. Bounded, like each pass.
        for (int pass = 0; !peer && pass < DRAIN_PASSES; pass++) {
            pthread_mutex_unlock (&self->lock);
            monitor_drain (self->monitor);
            bool gone = !whois_of (fd).ok;
            if (!gone && pass + 1 < DRAIN_PASSES)
                nanosleep (&(struct timespec) { 0, 2000000 }, NULL);
            pthread_mutex_lock (&self->lock);
            peer = s_sender_record (self, rec, fd, meta);
            if (gone)
                break;
        }
    }
    if (!peer) {
        //  Not seen yet (the message beat the monitor's event, or the
        //  descriptor is a new connection's): look at it now.
        pthread_mutex_unlock (&self->lock);
        whois_t who = whois_of (fd);
        pthread_mutex_lock (&self->lock);
        if (who.ok)
            peer = s_start (self, rec, fd, &who, NULL, false);
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
        if (meta && peer_outside (peer) && !peer->type [0])
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
        if (peer->sock == rec && peer_live (peer)) {
            live++;
            sole = peer;
        }
    }
    bool found = live == 1 && peer_outside (sole);
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

//  --- the monitor thread's calls --------------------------------------------

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
    peer->refused = true;
    s_end (self, peer, why);
}

//  Lock held. Outside tcp connections with more unread than allowed: a
//  message that never ends (libzmq's size limit is per frame), or a flood.
//  Per connection OUTSIDE_UNREAD_MAX; per actor, all its sockets'
//  connections together, OUTSIDE_ACTOR_UNREAD_MAX (the one that has most
//  unread goes first, until the rest fit).
static void
s_check_unread (outside_t *self)
{
    uint64_t unread [PEERS_MAX];
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        unread [i] = 0;
        if (!peer_outside (peer) || !peer_live (peer) || !peer->who.inet)
            continue;
        struct tcp_info info;
        socklen_t size = sizeof info;
        memset (&info, 0, sizeof info);
        if (getsockopt (peer->fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0
        ||  size < offsetof (struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
            continue;
        //  Frames cost a few bytes each on the wire; the greeting 64.
        uint64_t read = shared_counter_get (&peer->bytes) + 16 * shared_counter_get (&peer->received) + 1024;
        if (info.tcpi_bytes_received > read)
            unread [i] = info.tcpi_bytes_received - read;
        if (unread [i] > OUTSIDE_UNREAD_MAX) {
            s_refuse (self, peer, "refused: more than 16 MiB unread (a message that never ends?)");
            unread [i] = 0;
        }
    }
    for (size_t i = 0; i < self->n_peers; i++) {
        if (!unread [i])
            continue;
        const actor_t *owner = self->peers [i]->sock->made_by;
        for (;;) {
            uint64_t total = 0;
            size_t most = i;
            for (size_t j = i; j < self->n_peers; j++)
                if (unread [j] && self->peers [j]->sock->made_by == owner) {
                    total += unread [j];
                    if (unread [j] > unread [most])
                        most = j;
                }
            if (total <= OUTSIDE_ACTOR_UNREAD_MAX)
                break;
            s_refuse (self, self->peers [most],
                      "refused: its actor has more than 64 MiB unread from outside programs");
            unread [most] = 0;
        }
    }
}

static void
s_connected (void *arg, sock_rec_t *sock, bool accepted, int fd, const char *endpoint)
{
    outside_t *self = arg;
    whois_t who = whois_of (fd);         //  before the lock: it reads /proc
    pthread_mutex_lock (&self->lock);
    if (!who.ok && accepted) {
        //  Gone before it could be looked at: libzmq refused it at once
        //  (not ZeroMQ 3: garbage, or an old ZMTP) or it vanished. Its
        //  end comes next, and is counted there.
        char text [LAB_EVENT_TEXT_MAX];
        int len = snprintf (text, sizeof text, "a program connected to %s and was gone at once: "
                            "not ZeroMQ 3, or it vanished", sock->label);
        s_post (self, "?", EVENT_ERROR, sock->label, text,
                len > 0 && (size_t) len < sizeof text ? (size_t) len : sizeof text - 1);
        notify_raise (self->notify);
    }
    if (who.ok) {
        //  Over the limit: refused before any message of it is read.
        bool limited = accepted && !who.internal && who.certain;
        bool refusing = limited && outside_live_count (self, NULL) >= (size_t) self->max_peers;
        peer_rec_t *peer = s_start (self, sock, fd, &who, endpoint, refusing);
        if (!peer && accepted && !who.internal) {
            //  No room to keep it: not kept.
            shutdown (fd, SHUT_RDWR);
            self->refused++;
        }
        else
        if (peer && accepted && peer_outside (peer) && who.certain
        &&  outside_live_count (self, NULL) > (size_t) self->max_peers) {
            char why [DETAIL_MAX];
            snprintf (why, sizeof why, "refused: %d outside connections is the limit",
                      self->max_peers);
            s_refuse (self, peer, why);
        }
    }
    pthread_mutex_unlock (&self->lock);
}

static void
s_disconnected (void *arg, sock_rec_t *sock, int fd, bool pending, const char *failure)
{
    outside_t *self = arg;
    pthread_mutex_lock (&self->lock);
    //  This connection's record, if it got one: a record on FD that has
    //  ended already was an earlier connection's.
    peer_rec_t *peer = s_newest (self, sock, fd);
    if (peer && !peer_live (peer))
        peer = NULL;
    //  A failed handshake is counted here, once per connection: libzmq
    //  said why; or it was gone mid-handshake with nothing said (libzmq
    //  refuses peers older than ZMTP 3, and garbage, without a word).
    bool spoke = peer && (peer->meta || shared_counter_get (&peer->received));
    bool failed = strncmp (failure, MONITOR_HANDSHAKE_FAILED, strlen (MONITOR_HANDSHAKE_FAILED)) == 0;
    if (!failed && pending && !spoke) {
        failed = true;
        failure = MONITOR_HANDSHAKE_FAILED;
    }
    if (failed)
        self->handshake_failed++;
    if (peer)
        s_end (self, peer, failure);
    pthread_mutex_unlock (&self->lock);
}

static void
s_stopped (void *arg, sock_rec_t *sock)
{
    outside_t *self = arg;
    //  The socket closed: its connections went with it, unannounced, and
    //  no message of theirs will be read any more.
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++)
        if (self->peers [i]->sock == sock) {
            s_end (self, self->peers [i], NULL);
            s_let_go (self->peers [i]);
        }
    pthread_mutex_unlock (&self->lock);
}

static void
s_tick (void *arg)
{
    outside_t *self = arg;
    pthread_mutex_lock (&self->lock);
    s_check_unread (self);
    pthread_mutex_unlock (&self->lock);
}

static const monitor_handler_t s_handler = {
    .connected = s_connected, .disconnected = s_disconnected,
    .stopped = s_stopped, .tick = s_tick
};
