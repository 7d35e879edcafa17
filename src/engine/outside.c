/*  outside.c — programs outside zmqlab, seen through libzmq's socket monitor.

    A socket that binds or connects on tcp:// or ipc:// gets a monitor, and
    one watcher thread reads every monitor. Each connection gets a record.
    When its other end is one of the lab's own sockets (an actor talking to
    an actor over tcp) the record is internal and stays invisible; any other
    is an outside peer, "ext1", shown as a box of its own.

    Messages are attributed by the file descriptor libzmq read them from
    (ZMQ_SRCFD), never by their text, so a stamp an outside program copies
    or forges is not taken for one of the lab's.

    Threads. The watcher owns the monitors' reading sockets: each is made
    on an actor's thread and handed over under self->lock (the full memory
    barrier libzmq asks for when a socket changes threads). Records live
    under self->lock; their counters have one writer, the owner of the
    socket they belong to. A record that ended may be reused for the same
    socket and host (a client reconnecting keeps its box); its generation
    tells a stale holder.

    Known race: a message read from a new connection that reuses the file
    descriptor of one that just ended, before the watcher has seen the end,
    is counted for the old record. Both are then outside peers of the same
    socket, or the new one is classified afresh on its next message.
*/
#define _GNU_SOURCE
#include "outside.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { PEERS_MAX = 256, WATCHES_MAX = 512 };

//  Seconds a peer that left stays in snapshots: long enough to be seen
//  leaving, short enough that a class's comings and goings do not pile up.
static const double LEFT_SHOWN = 60.0;

typedef struct {
    void *pair;                     //  reads the monitor's events
    sock_rec_t *sock;
    peer_rec_t *pending;            //  connection whose handshake is under way
    unsigned pending_generation;
} watch_t;

struct outside_t {
    lab_t *lab;
    pthread_mutex_t lock;
    pthread_t thread;
    bool started;
    int wake_fd;                    //  eventfd: a new watch, or stop
    _Atomic bool stop;
    //  Under lock:
    watch_t *handed [WATCHES_MAX];  //  made by actors, not yet taken
    size_t n_handed;
    peer_rec_t *peers [PEERS_MAX];
    size_t n_peers;
    int next_number;
    int max_peers;
    int64_t max_msg_size;
    uint64_t refused, handshake_failed;
    int monitors;
};

outside_t *
outside_new (lab_t *lab)
{
    outside_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (self->wake_fd < 0) {
        free (self);
        return NULL;
    }
    self->lab = lab;
    self->max_peers = LAB_MAX_PEERS;
    self->max_msg_size = LAB_MAX_MSG_SIZE;
    pthread_mutex_init (&self->lock, NULL);
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
    pthread_mutex_unlock (&self->lock);
    atomic_store (&self->stop, true);
    s_wake (self);
    if (started)
        pthread_join (self->thread, NULL);
    for (size_t i = 0; i < self->n_handed; i++) {
        zmq_close (self->handed [i]->pair);
        free (self->handed [i]);
    }
    for (size_t i = 0; i < self->n_peers; i++)
        free (self->peers [i]);
    close (self->wake_fd);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

void
outside_set_max_peers (outside_t *self, int max)
{
    pthread_mutex_lock (&self->lock);
    self->max_peers = max;
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

//  --- who is at the other end ----------------------------------------------

typedef struct {
    bool ok;
    bool internal;
    char address [64];
    char host [48];
} whois_t;

static bool
s_inet_parts (const struct sockaddr_storage *addr, char *ip, size_t size, int *port)
{
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const void *) addr;
        *port = ntohs (in->sin_port);
        return inet_ntop (AF_INET, &in->sin_addr, ip, (socklen_t) size) != NULL;
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const void *) addr;
        *port = ntohs (in6->sin6_port);
        return inet_ntop (AF_INET6, &in6->sin6_addr, ip, (socklen_t) size) != NULL;
    }
    return false;
}

static bool
s_wildcard (const char *ip)
{
    return strcmp (ip, "0.0.0.0") == 0 || strcmp (ip, "::") == 0;
}

static bool
s_same_inet (const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    char ip_a [INET6_ADDRSTRLEN], ip_b [INET6_ADDRSTRLEN];
    int port_a, port_b;
    return s_inet_parts (a, ip_a, sizeof ip_a, &port_a) && s_inet_parts (b, ip_b, sizeof ip_b, &port_b)
        && port_a == port_b && strcmp (ip_a, ip_b) == 0;
}

//  Is the other end of connection FD (local address LOCAL, remote PEER)
//  another socket of this process? Either the other end of the very same
//  connection (its local address is PEER and its remote is LOCAL: a local
//  port alone is not enough, Linux reuses one for different destinations),
//  or, for a connection we made, a listener of ours on PEER's port.
static bool
s_own_address (int fd, const struct sockaddr_storage *local, const struct sockaddr_storage *peer)
{
    char peer_ip [INET6_ADDRSTRLEN], local_ip [INET6_ADDRSTRLEN];
    int peer_port, local_port;
    if (!s_inet_parts (peer, peer_ip, sizeof peer_ip, &peer_port)
    ||  !s_inet_parts (local, local_ip, sizeof local_ip, &local_port))
        return false;
    bool same_host = strcmp (peer_ip, local_ip) == 0;
    DIR *dir = opendir ("/proc/self/fd");
    if (!dir)
        return false;
    bool found = false;
    struct dirent *entry;
    while (!found && (entry = readdir (dir))) {
        char *end;
        long other = strtol (entry->d_name, &end, 10);
        if (*end || end == entry->d_name || other == fd)
            continue;
        struct sockaddr_storage addr, remote;
        socklen_t len = sizeof addr, remote_len = sizeof remote;
        char other_ip [INET6_ADDRSTRLEN];
        int other_port;
        if (getsockname ((int) other, (struct sockaddr *) &addr, &len) != 0
        ||  !s_inet_parts (&addr, other_ip, sizeof other_ip, &other_port)
        ||  other_port != peer_port)
            continue;
        if (getpeername ((int) other, (struct sockaddr *) &remote, &remote_len) == 0)
            found = s_same_inet (&addr, peer) && s_same_inet (&remote, local);
        else
        if (same_host && (s_wildcard (other_ip) || strcmp (other_ip, peer_ip) == 0)) {
            int listening = 0;
            socklen_t size = sizeof listening;
            found = getsockopt ((int) other, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0
                 && listening;
        }
    }
    closedir (dir);
    return found;
}

static whois_t
s_whois (int fd)
{
    whois_t who = { 0 };
    struct sockaddr_storage peer, local;
    socklen_t len = sizeof peer, local_len = sizeof local;
    if (getpeername (fd, (struct sockaddr *) &peer, &len) != 0)
        return who;
    if (peer.ss_family == AF_UNIX) {
        struct ucred cred;
        socklen_t size = sizeof cred;
        if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0)
            return who;
        who.ok = true;
        who.internal = cred.pid == getpid ();
        snprintf (who.host, sizeof who.host, "pid %d", (int) cred.pid);
        snprintf (who.address, sizeof who.address, "ipc, pid %d", (int) cred.pid);
        return who;
    }
    char ip [INET6_ADDRSTRLEN];
    int port;
    if (!s_inet_parts (&peer, ip, sizeof ip, &port)
    ||  getsockname (fd, (struct sockaddr *) &local, &local_len) != 0)
        return who;
    who.ok = true;
    who.internal = s_own_address (fd, &local, &peer);
    snprintf (who.host, sizeof who.host, "%s", ip);
    snprintf (who.address, sizeof who.address,
              peer.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", ip, port);
    return who;
}

//  --- records (lock held) -------------------------------------------------

static peer_rec_t *
s_find_live (outside_t *self, sock_rec_t *sock, int fd)
{
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == sock && peer->fd == fd
        &&  atomic_load (&peer->state) == PEER_LIVE)
            return peer;
    }
    return NULL;
}

static size_t
s_live_outside (outside_t *self, sock_rec_t *sock)
{
    size_t live = 0;
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (!peer->internal && atomic_load (&peer->state) == PEER_LIVE
        &&  (!sock || peer->sock == sock))
            live++;
    }
    return live;
}

static void
s_count_live (outside_t *self, sock_rec_t *sock)
{
    atomic_store (&sock->n_outside, (int) s_live_outside (self, sock));
}

//  A record to (re)use: the same socket's gone peer from the same host
//  keeps its name; else a new one; when the table is full, the oldest
//  gone internal record, then the oldest gone outside one.
static peer_rec_t *
s_record_for (outside_t *self, sock_rec_t *sock, const whois_t *who)
{
    peer_rec_t *reuse = NULL;
    for (size_t i = 0; i < self->n_peers && !who->internal; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == sock && !peer->internal && atomic_load (&peer->state) == PEER_GONE
        &&  strcmp (peer->host, who->host) == 0)
            reuse = peer;
    }
    if (!reuse && self->n_peers < PEERS_MAX) {
        reuse = calloc (1, sizeof *reuse);
        if (reuse) {
            atomic_init (&reuse->state, PEER_GONE);
            self->peers [self->n_peers++] = reuse;
        }
    }
    for (int pass = 0; !reuse && pass < 2; pass++)
        for (size_t i = 0; i < self->n_peers && !reuse; i++) {
            peer_rec_t *peer = self->peers [i];
            if (atomic_load (&peer->state) == PEER_GONE && peer->internal == (pass == 0))
                reuse = peer;
        }
    if (!reuse)
        return NULL;
    bool same = reuse->sock == sock && !reuse->internal && !who->internal
             && reuse->name [0] && strcmp (reuse->host, who->host) == 0;
    if (!same) {
        //  A fresh identity: counters start again.
        atomic_store (&reuse->received, 0);
        atomic_store (&reuse->sent, 0);
        reuse->connects = 0;
        reuse->type [0] = 0;
        if (who->internal)
            reuse->name [0] = 0;
        else
            snprintf (reuse->name, sizeof reuse->name, "ext%d", ++self->next_number);
    }
    reuse->sock = sock;
    reuse->internal = who->internal;
    snprintf (reuse->address, sizeof reuse->address, "%s", who->address);
    snprintf (reuse->host, sizeof reuse->host, "%s", who->host);
    reuse->detail [0] = 0;
    reuse->connects++;
    return reuse;
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
    lab_event_push_as (self->lab, peer->name, kind, peer->sock->label, text,
                       (size_t) len < sizeof text ? (size_t) len : sizeof text - 1);
}

//  Lock held. The live record for FD, made now if the watcher has not yet
//  seen the connection (a message can arrive before the monitor's event).
static peer_rec_t *
s_connection (outside_t *self, sock_rec_t *sock, int fd, const char *endpoint)
{
    peer_rec_t *peer = s_find_live (self, sock, fd);
    if (peer) {
        if (endpoint && !peer->endpoint [0])
            snprintf (peer->endpoint, sizeof peer->endpoint, "%s", endpoint);
        return peer;
    }
    whois_t who = s_whois (fd);
    if (!who.ok)
        return NULL;            //  already closed: nothing to attribute
    peer = s_record_for (self, sock, &who);
    if (!peer)
        return NULL;
    peer->fd = fd;
    snprintf (peer->endpoint, sizeof peer->endpoint, "%s", endpoint ? endpoint : "");
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_LIVE);
    if (!peer->internal) {
        s_count_live (self, sock);
        s_event (self, peer, EVENT_JOIN, peer->connects > 1 ? "%s connected again to %s"
                                                           : "%s connected to %s",
                 peer->address, sock->owner ? sock->owner->name : sock->label);
        lab_notify (self->lab);
    }
    return peer;
}

static void
s_gone (outside_t *self, peer_rec_t *peer, const char *detail)
{
    peer->fd = -1;
    peer->left_at = lab_monotonic ();
    atomic_fetch_add (&peer->generation, 1);
    atomic_store (&peer->state, PEER_GONE);
    if (detail && !peer->detail [0])
        snprintf (peer->detail, sizeof peer->detail, "%s", detail);
    if (!peer->internal) {
        s_count_live (self, peer->sock);
        s_event (self, peer, EVENT_STATE, "%s left%s%s", peer->address,
                 peer->detail [0] ? ": " : "", peer->detail);
        lab_notify (self->lab);
    }
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
               | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
               | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
               | ZMQ_EVENT_MONITOR_STOPPED;
    if (zmq_socket_monitor (zsock, endpoint, events) != 0) {
        free (watch);
        return -1;
    }
    //  Connected before the first bind/connect, so no event is missed.
    watch->pair = zmq_socket (lab_context (self->lab), ZMQ_PAIR);
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
    bool ok = self->n_handed < WATCHES_MAX && !atomic_load (&self->stop);
    if (ok && !self->started)
        ok = self->started = pthread_create (&self->thread, NULL, s_watcher, self) == 0;
    if (ok)
        self->handed [self->n_handed++] = watch;
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

peer_rec_t *
outside_peer (outside_t *self, sock_rec_t *rec, int fd, unsigned *generation,
              bool *internal, char *name)
{
    pthread_mutex_lock (&self->lock);
    peer_rec_t *peer = s_connection (self, rec, fd, NULL);
    if (peer) {
        *generation = atomic_load (&peer->generation);
        *internal = peer->internal;
        memcpy (name, peer->name, LAB_NAME_MAX);
    }
    pthread_mutex_unlock (&self->lock);
    return peer;
}

peer_rec_t *
outside_sole_peer (outside_t *self, sock_rec_t *rec, unsigned *generation)
{
    peer_rec_t *sole = NULL;
    int live = 0;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++) {
        peer_rec_t *peer = self->peers [i];
        if (peer->sock == rec && atomic_load (&peer->state) == PEER_LIVE) {
            live++;
            sole = peer;
        }
    }
    if (live != 1 || sole->internal)
        sole = NULL;
    if (sole)
        *generation = atomic_load (&sole->generation);
    pthread_mutex_unlock (&self->lock);
    return sole;
}

void
outside_peer_type (outside_t *self, peer_rec_t *peer, const char *type)
{
    pthread_mutex_lock (&self->lock);
    snprintf (peer->type, sizeof peer->type, "%s", type);
    pthread_mutex_unlock (&self->lock);
}

//  --- the watcher thread ----------------------------------------------------

static void
s_on_event (outside_t *self, watch_t *watch, uint16_t event, uint32_t value,
            const char *endpoint)
{
    pthread_mutex_lock (&self->lock);
    sock_rec_t *sock = watch->sock;
    if (event == ZMQ_EVENT_ACCEPTED || event == ZMQ_EVENT_CONNECTED) {
        int fd = (int) value;
        peer_rec_t *peer = s_connection (self, sock, fd, endpoint);
        if (peer && !peer->internal && event == ZMQ_EVENT_ACCEPTED
        &&  self->max_peers >= 0 && s_live_outside (self, NULL) > (size_t) self->max_peers) {
            //  Refused: libzmq has no limit of its own, so end the
            //  connection under it. shutdown, not close: the descriptor
            //  stays libzmq's, which sees the end and cleans up.
            shutdown (fd, SHUT_RDWR);
            self->refused++;
            char detail [96];
            snprintf (detail, sizeof detail, "refused: %d outside connections is the limit",
                      self->max_peers);
            s_gone (self, peer, detail);
            peer = NULL;
        }
        watch->pending = peer;
        watch->pending_generation = peer ? atomic_load (&peer->generation) : 0;
    }
    else
    if (event == ZMQ_EVENT_DISCONNECTED) {
        peer_rec_t *peer = s_find_live (self, sock, (int) value);
        if (peer)
            s_gone (self, peer, NULL);
    }
    else
    if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        watch->pending = NULL;
    else
    if (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
    ||  event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
    ||  event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
        self->handshake_failed++;
        peer_rec_t *peer = watch->pending;
        if (peer && atomic_load (&peer->generation) == watch->pending_generation
        &&  !peer->internal) {
            //  NO_DETAIL carries an errno; the others a ZMTP error code.
            snprintf (peer->detail, sizeof peer->detail, "not a ZeroMQ peer? handshake failed%s%s",
                      event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? ": " : "",
                      event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? strerror ((int) value) : "");
            s_event (self, peer, EVENT_ERROR, "%s: %s", peer->address, peer->detail);
        }
        watch->pending = NULL;
    }
    pthread_mutex_unlock (&self->lock);
}

//  Reads one event (two frames). False when the monitor has stopped.
static bool
s_read_event (outside_t *self, watch_t *watch)
{
    zmq_msg_t head, address;
    zmq_msg_init (&head);
    zmq_msg_init (&address);
    bool alive = true;
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
        if (event == ZMQ_EVENT_MONITOR_STOPPED)
            alive = false;
        else
            s_on_event (self, watch, event, value, endpoint);
    }
    zmq_msg_close (&head);
    zmq_msg_close (&address);
    return alive;
}

static void *
s_watcher (void *arg)
{
    outside_t *self = arg;
    watch_t **watches = NULL;
    size_t n = 0, cap = 0;
    zmq_pollitem_t *items = NULL;
    while (!atomic_load (&self->stop)) {
        pthread_mutex_lock (&self->lock);
        if (n + self->n_handed > cap) {
            size_t cap_new = (n + self->n_handed) * 2;
            watch_t **grown = realloc (watches, cap_new * sizeof *grown);
            zmq_pollitem_t *items_new = grown ? realloc (items, (cap_new + 1) * sizeof *items) : NULL;
            if (grown)
                watches = grown;
            if (items_new) {
                items = items_new;
                cap = cap_new;
            }
        }
        while (self->n_handed && n < cap)
            watches [n++] = self->handed [--self->n_handed];
        pthread_mutex_unlock (&self->lock);
        if (!items)
            break;
        items [0] = (zmq_pollitem_t) { NULL, self->wake_fd, ZMQ_POLLIN, 0 };
        for (size_t i = 0; i < n; i++)
            items [i + 1] = (zmq_pollitem_t) { watches [i]->pair, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (items, (int) n + 1, -1) < 0) {
            if (zmq_errno () == ETERM)
                break;
            continue;
        }
        if (items [0].revents) {
            uint64_t count;
            if (read (self->wake_fd, &count, sizeof count) < 0) {
                //  EAGAIN: another wake took it.
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (!items [i + 1].revents)
                continue;
            if (!s_read_event (self, watches [i])) {
                zmq_close (watches [i]->pair);
                free (watches [i]);
                watches [i] = NULL;
            }
        }
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (watches [i])
                watches [kept++] = watches [i];
        n = kept;
    }
    for (size_t i = 0; i < n; i++) {
        zmq_close (watches [i]->pair);
        free (watches [i]);
    }
    free (watches);
    free (items);
    return NULL;
}

//  --- snapshots (lab lock held) ----------------------------------------------

//  Lock held. Is PEER in snapshots: an outside one, live or lately gone?
static bool
s_shown (const peer_rec_t *peer, double now)
{
    return !peer->internal && peer->name [0]
        && (atomic_load (&peer->state) == PEER_LIVE || now - peer->left_at < LEFT_SHOWN);
}

size_t
outside_count (outside_t *self)
{
    size_t count = 0;
    double now = lab_monotonic ();
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers; i++)
        count += s_shown (self->peers [i], now);
    pthread_mutex_unlock (&self->lock);
    return count;
}

//  Which way messages go on the one line drawn for a peer: towards the
//  lab's socket when it is one that mostly receives.
static bool
s_inbound (int type)
{
    return type == ZMQ_PULL || type == ZMQ_SUB || type == ZMQ_XSUB
        || type == ZMQ_REP || type == ZMQ_ROUTER || type == ZMQ_PAIR;
}

size_t
outside_fill (outside_t *self, actor_stats_t *actors, link_stats_t *links, size_t max)
{
    size_t count = 0;
    double now = lab_monotonic ();
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_peers && count < max; i++) {
        peer_rec_t *peer = self->peers [i];
        if (!s_shown (peer, now))
            continue;
        bool live = atomic_load (&peer->state) == PEER_LIVE;
        uint64_t from_peer = counter_get (&peer->received);
        uint64_t to_peer = counter_get (&peer->sent);
        actor_stats_t *actor = &actors [count];
        memset (actor, 0, sizeof *actor);
        snprintf (actor->name, sizeof actor->name, "%s", peer->name);
        snprintf (actor->behaviour, sizeof actor->behaviour, "%s",
                  peer->type [0] ? peer->type : "external");
        actor->state = live ? ACTOR_EXTERNAL : ACTOR_STOPPED;
        actor->external = true;
        snprintf (actor->address, sizeof actor->address, "%s", peer->address);
        //  From the outside program's side: what it sent, what it got.
        actor->sent = from_peer;
        actor->received = to_peer;
        snprintf (actor->detail, sizeof actor->detail, "%s", peer->detail);
        actor->restarts = peer->connects > 0 ? peer->connects - 1 : 0;

        link_stats_t *link = &links [count];
        memset (link, 0, sizeof *link);
        const char *owner = peer->sock->owner ? peer->sock->owner->name : "";
        bool inbound = s_inbound (peer->sock->type);
        snprintf (link->from, sizeof link->from, "%s", inbound ? peer->name : peer->sock->label);
        snprintf (link->to, sizeof link->to, "%s", inbound ? peer->sock->label : peer->name);
        snprintf (link->from_actor, sizeof link->from_actor, "%s", inbound ? peer->name : owner);
        snprintf (link->to_actor, sizeof link->to_actor, "%s", inbound ? owner : peer->name);
        snprintf (link->endpoint, sizeof link->endpoint, "%s", peer->endpoint);
        link->active = live;
        link->external = true;
        link->delivered = inbound ? from_peer : to_peer;
        //  PUB/PUSH/DEALER to several peers: libzmq does not say which
        //  peer got a message, so nothing is counted per peer.
        link->counted = inbound || peer->sock->type == ZMQ_REQ || to_peer > 0;
        link->capacity = 0;
        count++;
    }
    pthread_mutex_unlock (&self->lock);
    return count;
}

void
outside_totals (outside_t *self, uint64_t *refused, uint64_t *handshake_failed, size_t *live)
{
    pthread_mutex_lock (&self->lock);
    *refused = self->refused;
    *handshake_failed = self->handshake_failed;
    *live = s_live_outside (self, NULL);
    pthread_mutex_unlock (&self->lock);
}
