/*  lab.c — the lab: the zmq context, the registry of actors, sockets and
    links, the clock, the event ring and snapshots.

    The registry (actors, sockets, endpoints, links, behaviours) and the clock
    live behind lab->lock. Nothing on the send/receive path takes it: actor
    threads take it only to register sockets, binds, connects and
    subscriptions, and to resolve a link the first time a sender is seen.
*/
#define _GNU_SOURCE
#include "bytes.h"
#include "internal.h"
#include "outside.h"
#include "stamp.h"
#include "textfile.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    sock_rec_t *sock;
    char endpoint [LAB_ENDPOINT_MAX];
    bool bound;                     //  bind, else connect
    bool active;
    double closed_at;               //  monotonic seconds, when it went inactive
} endpoint_rec_t;

typedef struct {
    char *name;
    char *source;
} behaviour_def_t;

enum { BEHAVIOUR_FILE_MAX = 1024 * 1024 };

enum { LISTEN_MAX = 64 };

//  Seconds a closed binder still counts for a connect (see s_endpoint_add).
static const double RECENTLY_CLOSED = 1.0;

struct lab_t {
    void *ctx;
    char *behaviour_dir;
    pthread_mutex_t lock;           //  registry and clock
    //  Registry; arrays grow, records never move or die before lab_destroy.
    actor_t **actors;
    size_t n_actors, cap_actors;
    sock_rec_t **socks;
    size_t n_socks, cap_socks;
    link_rec_t **links;
    size_t n_links, cap_links;
    endpoint_rec_t *endpoints;
    size_t n_endpoints, cap_endpoints;
    behaviour_def_t *defs;
    size_t n_defs;
    //  Clock: lab time = lab_base + (real - real_base) * speed, unless paused.
    double speed;
    bool paused;
    double lab_base, real_base;
    _Atomic bool gate_closed;       //  pause-all, read on the hot path
    _Atomic bool stepping;
    _Atomic long permits;
    //  Events and change notification.
    events_t *events;
    _Atomic uint64_t events_dropped;    //  lab-level events only
    int notify_fds [2];
    _Atomic bool notify_pending;
    //  Outside programs over tcp/ipc.
    outside_t *outside;
    _Atomic unsigned topology;      //  bumped when an endpoint comes or goes
    char host_addresses [128];      //  this machine's IPv4 addresses, see s_reachable
    bool host_addresses_read;
    char listen [LISTEN_MAX];       //  loopback tcp binds go here; "" keeps them
};

static void *
s_grow (void *array, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return array;
    size_t cap_new = *cap ? *cap * 2 : 16;
    while (cap_new < need)
        cap_new *= 2;
    void *grown = realloc (array, cap_new * item);
    if (grown)
        *cap = cap_new;
    return grown;
}

double
lab_monotonic (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

lab_t *
lab_new (const char *behaviour_dir)
{
    lab_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->ctx = zmq_ctx_new ();
    self->events = events_new (4096);
    self->outside = outside_new (self);
    if (!self->ctx || !self->events || !self->outside
    ||  pipe (self->notify_fds) != 0) {
        if (self->ctx)
            zmq_ctx_term (self->ctx);
        events_destroy (&self->events);
        outside_destroy (&self->outside);
        free (self);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl (self->notify_fds [i], F_SETFL, O_NONBLOCK);
        fcntl (self->notify_fds [i], F_SETFD, FD_CLOEXEC);
    }
    //  Thousands of actor threads are not the point; a few hundred must work.
    zmq_ctx_set (self->ctx, ZMQ_MAX_SOCKETS, 4096);
    self->behaviour_dir = behaviour_dir ? strdup (behaviour_dir) : NULL;
    pthread_mutex_init (&self->lock, NULL);
    self->speed = 1.0;
    self->real_base = lab_monotonic ();
    return self;
}

void
lab_destroy (lab_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    lab_t *self = *self_p;
    //  Ask every actor to stop first, then wait: they stop in parallel.
    for (size_t i = 0; i < self->n_actors; i++)
        actor_signal_kill (self->actors [i]);
    for (size_t i = 0; i < self->n_actors; i++)
        actor_destroy (&self->actors [i]);
    //  Before the socket records it points to go, and before the context
    //  ends: the watcher's own sockets must be closed first.
    outside_destroy (&self->outside);
    free (self->actors);
    for (size_t i = 0; i < self->n_socks; i++)
        free (self->socks [i]);
    free (self->socks);
    for (size_t i = 0; i < self->n_links; i++)
        free (self->links [i]);
    free (self->links);
    free (self->endpoints);
    for (size_t i = 0; i < self->n_defs; i++) {
        free (self->defs [i].name);
        free (self->defs [i].source);
    }
    free (self->defs);
    zmq_ctx_term (self->ctx);
    events_destroy (&self->events);
    close (self->notify_fds [0]);
    close (self->notify_fds [1]);
    pthread_mutex_destroy (&self->lock);
    free (self->behaviour_dir);
    free (self);
    *self_p = NULL;
}

void *
lab_context (lab_t *lab)
{
    return lab->ctx;
}

outside_t *
lab_outside (lab_t *lab)
{
    return lab->outside;
}

bool
lab_listen_valid (const char *address)
{
    //  IPv4, a host or interface name, or "*" (IPv6 is not switched on).
    if (strlen (address) >= LISTEN_MAX)
        return false;
    for (const char *c = address; *c; c++)
        if (!isalnum ((unsigned char) *c) && !strchr (".-_*", *c))
            return false;
    return true;
}

int
lab_set_outside (lab_t *self, const lab_outside_t *outside)
{
    const char *address = outside->listen ? outside->listen : "";
    if (!lab_listen_valid (address))
        return -1;
    pthread_mutex_lock (&self->lock);
    snprintf (self->listen, sizeof self->listen, "%s", address);
    pthread_mutex_unlock (&self->lock);
    outside_set_max_msg_size (self->outside, outside->max_msg_size < 0 ? -1
                              : outside->max_msg_size ? outside->max_msg_size : LAB_MAX_MSG_SIZE);
    outside_set_max_peers (self->outside, outside->max_peers > 0 ? outside->max_peers
                                                                  : LAB_MAX_PEERS);
    return 0;
}

//  The host of a tcp endpoint: its text between "tcp://" and the last ':'.
static bool
s_tcp_host (const char *endpoint, const char **host, size_t *len)
{
    if (strncmp (endpoint, "tcp://", 6) != 0)
        return false;
    const char *start = endpoint + 6;
    const char *colon = strrchr (start, ':');
    if (!colon)
        return false;
    //  "tcp://a:1;b:2" names a source address: the host is after the ';'.
    const char *semi = memchr (start, ';', (size_t) (colon - start));
    if (semi)
        start = semi + 1;
    *host = start;
    *len = (size_t) (colon - start);
    return true;
}

static bool
s_loopback (const char *host, size_t len)
{
    return (len == 9 && strncmp (host, "localhost", 9) == 0)
        || (len >= 4 && strncmp (host, "127.", 4) == 0)
        || (len == 5 && strncmp (host, "[::1]", 5) == 0)
        || (len == 2 && strncmp (host, "lo", 2) == 0);
}

bool
lab_endpoint_reachable (const char *endpoint)
{
    const char *host;
    size_t len;
    return endpoint && s_tcp_host (endpoint, &host, &len) && !s_loopback (host, len);
}

const char *
lab_connect_endpoint (lab_t *lab, const char *endpoint, char *out)
{
    const char *host;
    size_t len;
    pthread_mutex_lock (&lab->lock);
    bool move = lab->listen [0] && strcmp (lab->listen, "*") != 0
             && strcmp (lab->listen, "0.0.0.0") != 0
             && s_tcp_host (endpoint, &host, &len) && host == endpoint + 6
             && s_loopback (host, len);
    if (move) {
        //  Only to a port the lab bound: an outside server on loopback stays.
        const char *port = host + len;
        move = false;
        for (size_t i = 0; i < lab->n_endpoints && !move; i++) {
            const endpoint_rec_t *ep = &lab->endpoints [i];
            const char *bound_port = strrchr (ep->endpoint, ':');
            move = ep->active && ep->bound && bound_port
                && strncmp (ep->endpoint, "tcp://", 6) == 0 && strcmp (bound_port, port) == 0;
        }
        if (move)
            snprintf (out, LAB_ENDPOINT_MAX, "tcp://%s%s", lab->listen, port);
    }
    pthread_mutex_unlock (&lab->lock);
    return move ? out : endpoint;
}

const char *
lab_bind_endpoint (lab_t *lab, const char *endpoint, char *out)
{
    const char *host;
    size_t len;
    pthread_mutex_lock (&lab->lock);
    bool move = lab->listen [0] && s_tcp_host (endpoint, &host, &len)
             && host == endpoint + 6 && s_loopback (host, len);
    if (move)
        snprintf (out, LAB_ENDPOINT_MAX, "tcp://%s%s", lab->listen, host + len);
    pthread_mutex_unlock (&lab->lock);
    return move ? out : endpoint;
}

//  --- behaviours -----------------------------------------------------------

static bool
s_valid_name (const char *name)
{
    if (!name || !*name || strlen (name) >= LAB_NAME_MAX)
        return false;
    for (const char *c = name; *c; c++)
        if (!stamp_label_char (*c) || *c == '.')
            return false;
    return true;
}

int
lab_define (lab_t *self, const char *name, const char *lua_source)
{
    if (!s_valid_name (name) || !lua_source)
        return -1;
    char *source = strdup (lua_source);
    if (!source)
        return -1;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_defs; i++)
        if (strcmp (self->defs [i].name, name) == 0) {
            free (self->defs [i].source);
            self->defs [i].source = source;
            pthread_mutex_unlock (&self->lock);
            return 0;
        }
    behaviour_def_t *defs = realloc (self->defs, (self->n_defs + 1) * sizeof *defs);
    int rc = -1;
    if (defs) {
        self->defs = defs;
        defs [self->n_defs].name = strdup (name);
        defs [self->n_defs].source = source;
        self->n_defs++;
        rc = 0;
    }
    else
        free (source);
    pthread_mutex_unlock (&self->lock);
    return rc;
}

static char *
s_read_file (const char *path, char **error)
{
    char *text = textfile_read (path, BEHAVIOUR_FILE_MAX);
    if (!text && asprintf (error, "cannot read %s: %s", path, strerror (errno)) < 0)
        *error = NULL;
    return text;
}

char *
lab_behaviour_source (lab_t *lab, const char *name, char **chunkname, char **error)
{
    *chunkname = NULL;
    *error = NULL;
    if (!s_valid_name (name)) {
        if (asprintf (error, "'%s' is not a behaviour name (letters, digits, _ and -)",
                      name ? name : "") < 0)
            *error = NULL;
        return NULL;
    }
    char *source = NULL;
    pthread_mutex_lock (&lab->lock);
    for (size_t i = 0; i < lab->n_defs; i++)
        if (strcmp (lab->defs [i].name, name) == 0)
            source = strdup (lab->defs [i].source);
    pthread_mutex_unlock (&lab->lock);
    if (source) {
        if (asprintf (chunkname, "=%s", name) < 0)
            *chunkname = NULL;
        return source;
    }
    if (!lab->behaviour_dir) {
        if (asprintf (error, "unknown behaviour '%s'", name) < 0)
            *error = NULL;
        return NULL;
    }
    char *path;
    if (asprintf (&path, "%s/%s.lua", lab->behaviour_dir, name) < 0)
        return NULL;
    if (access (path, R_OK) != 0) {
        if (asprintf (error, "unknown behaviour '%s' (no %s)", name, path) < 0)
            *error = NULL;
        free (path);
        return NULL;
    }
    source = s_read_file (path, error);
    if (source && asprintf (chunkname, "@actors/%s.lua", name) < 0)
        *chunkname = NULL;
    free (path);
    return source;
}

bool
lab_has_behaviour (lab_t *self, const char *behaviour)
{
    char *chunkname = NULL, *error = NULL;
    char *source = lab_behaviour_source (self, behaviour, &chunkname, &error);
    bool found = source != NULL;
    free (source);
    free (chunkname);
    free (error);
    return found;
}

//  --- actors ---------------------------------------------------------------

actor_t *
lab_spawn (lab_t *self, const char *behaviour, const char *name,
           const char *params, char **error)
{
    if (error)
        *error = NULL;
    const char *problem = NULL;
    if (!s_valid_name (name))
        problem = "an actor name is 1 to 31 letters, digits, _ or -";
    else
    if (strncmp (name, "ext", 3) == 0 && name [3] && strspn (name + 3, "0123456789") == strlen (name + 3))
        problem = "ext1, ext2, … name outside programs";
    else
    if (lab_actor (self, name))
        problem = "there is already an actor of that name";
    if (problem) {
        if (error && asprintf (error, "cannot spawn '%s': %s", name ? name : "", problem) < 0)
            *error = NULL;
        return NULL;
    }
    actor_t *actor = actor_new (self, behaviour, name, params);
    if (!actor)
        return NULL;
    pthread_mutex_lock (&self->lock);
    actor_t **grown = s_grow (self->actors, &self->cap_actors, self->n_actors + 1,
                              sizeof *grown);
    if (grown) {
        self->actors = grown;
        self->actors [self->n_actors++] = actor;
    }
    pthread_mutex_unlock (&self->lock);
    if (!grown) {
        actor_destroy (&actor);
        return NULL;
    }
    char *start_error = NULL;
    if (actor_start (actor, &start_error) != 0) {
        lab_remove (self, name);
        if (error)
            *error = start_error;
        else
            free (start_error);
        return NULL;
    }
    lab_notify (self);
    return actor;
}

actor_t *
lab_actor (lab_t *self, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < self->n_actors; i++)
        if (strcmp (self->actors [i]->name, name) == 0)
            return self->actors [i];
    return NULL;
}

int
lab_remove (lab_t *self, const char *name)
{
    actor_t *actor = lab_actor (self, name);
    if (!actor)
        return -1;
    actor_signal_kill (actor);
    actor_join (actor);
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_actors; i++)
        if (self->actors [i] == actor) {
            memmove (self->actors + i, self->actors + i + 1,
                     (self->n_actors - i - 1) * sizeof *self->actors);
            self->n_actors--;
            break;
        }
    //  Its sockets stay in the registry (links keep their history) but
    //  no longer name an owner.
    for (size_t i = 0; i < self->n_socks; i++)
        if (self->socks [i]->owner == actor)
            self->socks [i]->owner = NULL;
    pthread_mutex_unlock (&self->lock);
    actor_destroy (&actor);
    lab_notify (self);
    return 0;
}

void
actor_stats (actor_t *self, actor_stats_t *stats)
{
    pthread_mutex_lock (&self->lab->lock);
    actor_stats_fill (self, stats);
    pthread_mutex_unlock (&self->lab->lock);
}

size_t
lab_actor_count (lab_t *self)
{
    return self->n_actors;
}

static void
s_nudge_all (lab_t *self)
{
    for (size_t i = 0; i < self->n_actors; i++)
        actor_nudge (self->actors [i]);
    lab_notify (self);
}

//  --- clock ----------------------------------------------------------------

static double
s_now_locked (lab_t *self)
{
    if (self->paused)
        return self->lab_base;
    return self->lab_base + (lab_monotonic () - self->real_base) * self->speed;
}

double
lab_now (lab_t *self)
{
    pthread_mutex_lock (&self->lock);
    double now = s_now_locked (self);
    pthread_mutex_unlock (&self->lock);
    return now;
}

void
lab_set_speed (lab_t *self, double speed)
{
    if (!(speed >= 0.01))
        speed = 0.01;
    if (speed > 1000)
        speed = 1000;
    pthread_mutex_lock (&self->lock);
    self->lab_base = s_now_locked (self);
    self->real_base = lab_monotonic ();
    self->speed = speed;
    pthread_mutex_unlock (&self->lock);
    s_nudge_all (self);         //  sleepers recompute their wake-up time
}

double
lab_speed (lab_t *self)
{
    pthread_mutex_lock (&self->lock);
    double speed = self->speed;
    pthread_mutex_unlock (&self->lock);
    return speed;
}

void
lab_pause_all (lab_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (!self->paused) {
        self->lab_base = s_now_locked (self);
        self->paused = true;
    }
    pthread_mutex_unlock (&self->lock);
    atomic_store (&self->gate_closed, true);
    s_nudge_all (self);
}

void
lab_resume_all (lab_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (self->paused) {
        self->real_base = lab_monotonic ();
        self->paused = false;
    }
    pthread_mutex_unlock (&self->lock);
    atomic_store (&self->gate_closed, false);
    s_nudge_all (self);
}

bool
lab_paused (lab_t *self)
{
    return atomic_load (&self->gate_closed);
}

bool
lab_gate_closed (lab_t *lab)
{
    return atomic_load_explicit (&lab->gate_closed, memory_order_relaxed);
}

void
lab_set_stepping (lab_t *self, bool on)
{
    atomic_store (&self->permits, 0);
    atomic_store (&self->stepping, on);
    s_nudge_all (self);
}

bool
lab_stepping (lab_t *self)
{
    return atomic_load (&self->stepping);
}

void
lab_step (lab_t *self)
{
    if (!atomic_load (&self->stepping))
        return;
    atomic_fetch_add (&self->permits, 1);
    s_nudge_all (self);
}

bool
lab_take_permit (lab_t *lab)
{
    if (!atomic_load_explicit (&lab->stepping, memory_order_relaxed))
        return true;
    long permits = atomic_load (&lab->permits);
    while (permits > 0)
        if (atomic_compare_exchange_weak (&lab->permits, &permits, permits - 1))
            return true;
    return false;
}

//  --- notification and events ---------------------------------------------

void
lab_notify (lab_t *lab)
{
    //  Coalesced: one byte until the reader clears the flag, so a busy lab
    //  costs one relaxed load per call.
    if (atomic_load_explicit (&lab->notify_pending, memory_order_relaxed))
        return;
    if (!atomic_exchange (&lab->notify_pending, true)) {
        ssize_t rc = write (lab->notify_fds [1], "!", 1);
        (void) rc;              //  a full pipe already means "wake up"
    }
}

int
lab_notify_fd (lab_t *self)
{
    return self->notify_fds [0];
}

bool
lab_wait (lab_t *self, int timeout_ms)
{
    struct pollfd pfd = { .fd = self->notify_fds [0], .events = POLLIN };
    int rc = poll (&pfd, 1, timeout_ms);
    if (rc <= 0)
        return false;
    char buf [64];
    while (read (self->notify_fds [0], buf, sizeof buf) > 0)
        ;
    atomic_store (&self->notify_pending, false);
    return true;
}

void
lab_event_push (lab_t *lab, actor_t *actor, event_kind_t kind,
                const char *peer, uint64_t seq, const char *text, size_t len)
{
    lab_event_t event;
    event.id = 0;
    event.time = lab_monotonic ();      //  converted to lab time by lab_events
    event.kind = kind;
    snprintf (event.actor, sizeof event.actor, "%s", actor ? actor->name : "");
    snprintf (event.peer, sizeof event.peer, "%s", peer ? peer : "");
    event.seq = seq;
    //  Message text may be anything a peer sent: shown escaped, whole.
    bytes_escape (text, text ? len : 0, event.text, sizeof event.text);
    if (!events_push (lab->events, &event)) {
        if (actor)
            counter_add (&actor->events_dropped, 1);
        else
            atomic_fetch_add (&lab->events_dropped, 1);
    }
}

void
lab_event_push_as (lab_t *lab, const char *who, event_kind_t kind,
                   const char *peer, const char *text, size_t len)
{
    lab_event_t event;
    memset (&event, 0, sizeof event);
    event.time = lab_monotonic ();
    event.kind = kind;
    snprintf (event.actor, sizeof event.actor, "%s", who ? who : "");
    snprintf (event.peer, sizeof event.peer, "%s", peer ? peer : "");
    if (len >= sizeof event.text)
        len = sizeof event.text - 1;
    memcpy (event.text, text, len);
    if (!events_push (lab->events, &event))
        atomic_fetch_add (&lab->events_dropped, 1);
}

size_t
lab_events (lab_t *self, lab_event_t *events, size_t max)
{
    size_t n = events_pop (self->events, events, max);
    pthread_mutex_lock (&self->lock);
    double real_now = lab_monotonic ();
    double lab_now_ = s_now_locked (self);
    double speed = self->paused ? 0 : self->speed;
    pthread_mutex_unlock (&self->lock);
    for (size_t i = 0; i < n; i++) {
        double t = lab_now_ - (real_now - events [i].time) * speed;
        events [i].time = t < 0 ? 0 : t;
    }
    return n;
}

//  --- registry: sockets, endpoints, links ---------------------------------

static bool
s_is_pub (int type)
{
    return type == ZMQ_PUB || type == ZMQ_XPUB;
}

//  True if messages flow from a socket of type FROM to one of type TO.
static bool
s_flows (int from, int to)
{
    switch (from) {
        case ZMQ_PUB: case ZMQ_XPUB:
            return to == ZMQ_SUB || to == ZMQ_XSUB;
        case ZMQ_PUSH:
            return to == ZMQ_PULL;
        case ZMQ_REQ:
            return to == ZMQ_REP || to == ZMQ_ROUTER;
        case ZMQ_REP:
            return to == ZMQ_REQ || to == ZMQ_DEALER;
        case ZMQ_DEALER: case ZMQ_ROUTER:
            return to == ZMQ_REP || to == ZMQ_REQ
                || to == ZMQ_DEALER || to == ZMQ_ROUTER;
        case ZMQ_PAIR:
            return to == ZMQ_PAIR;
        default:
            return false;
    }
}

static bool
s_label_taken (lab_t *self, const char *label)
{
    for (size_t i = 0; i < self->n_socks; i++)
        if (!atomic_load (&self->socks [i]->closed)
        &&  strcmp (self->socks [i]->label, label) == 0)
            return true;
    return false;
}

sock_rec_t *
lab_sock_new (lab_t *lab, actor_t *owner, int type, const char *name)
{
    sock_rec_t *rec = calloc (1, sizeof *rec);
    if (!rec)
        return NULL;
    rec->owner = owner;
    rec->type = type;
    rec->sndhwm = rec->rcvhwm = 1000;   //  libzmq's defaults
    atomic_init (&rec->closed, false);
    atomic_init (&rec->n_topics, 0);
    if (!s_is_pub (type)) {
        //  One sequence stream for everything this socket sends.
        rec->topics [0].name [0] = 0;
        rec->topics [0].len = 0;
        atomic_init (&rec->n_topics, 1);
    }
    pthread_mutex_lock (&lab->lock);
    //  Label: the actor's name for its first unnamed socket, then name.2 …;
    //  a named socket is name.sockname.
    char base [LAB_LABEL_MAX];
    if (name && *name)
        snprintf (base, sizeof base, "%.31s.%.15s", owner->name, name);
    else
        snprintf (base, sizeof base, "%s", owner->name);
    snprintf (rec->label, sizeof rec->label, "%s", base);
    for (int n = 2; s_label_taken (lab, rec->label) && n < 10000; n++)
        snprintf (rec->label, sizeof rec->label, "%.34s.%d", base, n);
    sock_rec_t **grown = s_grow (lab->socks, &lab->cap_socks, lab->n_socks + 1,
                                 sizeof *grown);
    if (grown) {
        lab->socks = grown;
        rec->id = (int) lab->n_socks;
        lab->socks [lab->n_socks++] = rec;
    }
    pthread_mutex_unlock (&lab->lock);
    if (!grown) {
        free (rec);
        return NULL;
    }
    return rec;
}

//  For matching binds to connects: tcp peers meet on a port whatever the
//  host spelling (tcp://*:5555 and tcp://localhost:5555); others exactly.
bool
lab_same_endpoint (const char *a, const char *b)
{
    if (strncmp (a, "tcp://", 6) == 0 && strncmp (b, "tcp://", 6) == 0) {
        const char *port_a = strrchr (a, ':'), *port_b = strrchr (b, ':');
        return port_a && port_b && strcmp (port_a, port_b) == 0;
    }
    return strcmp (a, b) == 0;
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
s_link_new (lab_t *self, sock_rec_t *from, sock_rec_t *to, const char *endpoint)
{
    link_rec_t *link = calloc (1, sizeof *link);
    if (!link)
        return;
    link_rec_t **grown = s_grow (self->links, &self->cap_links, self->n_links + 1,
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
    self->links [self->n_links++] = link;
}

//  Lock held. Records the endpoint and links the socket to every socket on
//  the other side of the same endpoint.
static void
s_endpoint_add (lab_t *self, sock_rec_t *rec, const char *endpoint, bool bound)
{
    endpoint_rec_t *grown = s_grow (self->endpoints, &self->cap_endpoints,
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
    double now = lab_monotonic ();
    for (size_t i = 0; i + 1 < self->n_endpoints; i++) {
        endpoint_rec_t *other = &self->endpoints [i];
        bool recent = !other->active && other->bound && !bound
                   && now - other->closed_at < RECENTLY_CLOSED;
        if ((!other->active && !recent) || other->bound == bound || other->sock == rec
        ||  !lab_same_endpoint (other->endpoint, endpoint))
            continue;
        const char *shown = bound ? endpoint : other->endpoint;
        size_t first = self->n_links;
        if (s_flows (rec->type, other->sock->type))
            s_link_new (self, rec, other->sock, shown);
        if (s_flows (other->sock->type, rec->type))
            s_link_new (self, other->sock, rec, shown);
        for (size_t l = first; recent && l < self->n_links; l++)
            atomic_store (&self->links [l]->active, false);
    }
}

//  Lock held. Deactivates links between REC and the sockets on ENDPOINT
//  (all endpoints when NULL).
static void
s_endpoint_remove (lab_t *self, sock_rec_t *rec, const char *endpoint)
{
    for (size_t i = 0; i < self->n_endpoints; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        if (ep->sock == rec && ep->active
        &&  (!endpoint || lab_same_endpoint (ep->endpoint, endpoint))) {
            atomic_fetch_add (&self->topology, 1);
            ep->active = false;
            ep->closed_at = lab_monotonic ();
        }
    }
    for (size_t i = 0; i < self->n_links; i++) {
        link_rec_t *link = self->links [i];
        if ((link->from == rec || link->to == rec)
        &&  (!endpoint || lab_same_endpoint (link->endpoint, endpoint)))
            atomic_store (&link->active, false);
    }
}

void
lab_sock_bound (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&lab->lock);
    s_endpoint_add (lab, rec, endpoint, true);
    pthread_mutex_unlock (&lab->lock);
    lab_notify (lab);
}

void
lab_sock_connected (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&lab->lock);
    s_endpoint_add (lab, rec, endpoint, false);
    pthread_mutex_unlock (&lab->lock);
    lab_notify (lab);
}

void
lab_sock_disconnected (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    pthread_mutex_lock (&lab->lock);
    s_endpoint_remove (lab, rec, endpoint);
    pthread_mutex_unlock (&lab->lock);
    lab_notify (lab);
}

void
lab_sock_closed (lab_t *lab, sock_rec_t *rec)
{
    pthread_mutex_lock (&lab->lock);
    s_endpoint_remove (lab, rec, NULL);
    atomic_store (&rec->closed, true);
    pthread_mutex_unlock (&lab->lock);
    lab_notify (lab);
}

void
lab_sock_hwm (lab_t *lab, sock_rec_t *rec, int sndhwm, int rcvhwm)
{
    pthread_mutex_lock (&lab->lock);
    if (sndhwm >= 0)
        rec->sndhwm = sndhwm;
    if (rcvhwm >= 0)
        rec->rcvhwm = rcvhwm;
    pthread_mutex_unlock (&lab->lock);
}

void
lab_sock_subscribe (lab_t *lab, sock_rec_t *rec, const char *prefix, size_t len, bool on)
{
    if (len > SUB_LEN_MAX)
        len = SUB_LEN_MAX;
    pthread_mutex_lock (&lab->lock);
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
    pthread_mutex_unlock (&lab->lock);
    lab_notify (lab);
}

link_rec_t *
lab_link_find (lab_t *lab, sock_rec_t *to, const char *label, size_t len)
{
    //  The newest active link; else the newest closed one, since messages
    //  queued before a sender closed still arrive after it.
    link_rec_t *found = NULL;
    pthread_mutex_lock (&lab->lock);
    for (size_t i = lab->n_links; i-- > 0; ) {
        link_rec_t *link = lab->links [i];
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
    pthread_mutex_unlock (&lab->lock);
    return found;
}

unsigned
lab_topology (lab_t *lab)
{
    return atomic_load (&lab->topology);
}

int
lab_sock_peers (lab_t *lab, sock_rec_t *rec)
{
    int peers = 0;
    pthread_mutex_lock (&lab->lock);
    for (size_t i = 0; i < lab->n_endpoints; i++) {
        endpoint_rec_t *mine = &lab->endpoints [i];
        if (mine->sock != rec || !mine->active)
            continue;
        for (size_t j = 0; j < lab->n_endpoints; j++) {
            endpoint_rec_t *other = &lab->endpoints [j];
            if (other->active && other->sock != rec && other->bound != mine->bound
            &&  lab_same_endpoint (other->endpoint, mine->endpoint))
                peers++;
        }
    }
    pthread_mutex_unlock (&lab->lock);
    return peers;
}

//  --- snapshots ------------------------------------------------------------

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

//  Lock held. Messages accepted by the sender and not yet seen by the
//  receiver, as well as the sandbox can tell without touching libzmq.
static uint64_t
s_in_flight (lab_t *self, link_rec_t *link)
{
    //  A closed sender's messages stay queued for the receiver; a closed
    //  receiver's are gone.
    if (atomic_load (&link->to->closed))
        return 0;
    sock_rec_t *from = link->from;
    uint64_t in_flight = 0;
    if (s_is_pub (from->type)) {
        int n_topics = atomic_load_explicit (&from->n_topics, memory_order_acquire);
        int n_channels = atomic_load_explicit (&link->rx.n_channels, memory_order_acquire);
        for (int i = 0; i < n_topics; i++) {
            topic_t *topic = &from->topics [i];
            if (from->type == ZMQ_PUB && link->to->type == ZMQ_SUB
            &&  !s_subscribed (link->to, topic))
                continue;
            uint64_t start = link->topic_base [i];
            for (int c = 0; c < n_channels; c++)
                if (atomic_load (&link->rx.channels [c].topic) == topic)
                    start = counter_get (&link->rx.channels [c].last);
            uint64_t seq = counter_get (&topic->seq);
            if (seq > start)
                in_flight += seq - start;
        }
    }
    else {
        //  Round-robin senders: what the socket sent and no link has
        //  delivered, shared among its active links.
        uint64_t delivered = 0;
        int active = 0;
        for (size_t i = 0; i < self->n_links; i++)
            if (self->links [i]->from == from) {
                delivered += counter_get (&self->links [i]->rx.delivered);
                active += !atomic_load (&self->links [i]->to->closed);
            }
        uint64_t sent = counter_get (&from->sent);
        if (sent > delivered && active > 0)
            in_flight = (sent - delivered + (uint64_t) active - 1) / (uint64_t) active;
    }
    if (link->capacity >= 0 && in_flight > (uint64_t) link->capacity)
        in_flight = (uint64_t) link->capacity;
    return in_flight;
}

static const char *
s_type_name (int type)
{
    switch (type) {
        case ZMQ_PAIR: return "PAIR";
        case ZMQ_PUB: return "PUB";
        case ZMQ_SUB: return "SUB";
        case ZMQ_REQ: return "REQ";
        case ZMQ_REP: return "REP";
        case ZMQ_DEALER: return "DEALER";
        case ZMQ_ROUTER: return "ROUTER";
        case ZMQ_PULL: return "PULL";
        case ZMQ_PUSH: return "PUSH";
        case ZMQ_XPUB: return "XPUB";
        case ZMQ_XSUB: return "XSUB";
        default: return "?";
    }
}

//  This machine's addresses others can use ("192.168.1.5 10.0.0.3"): what
//  a teacher writes on the board instead of 0.0.0.0. Read once.
static const char *
s_host_addresses (lab_t *self)
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
s_reachable (lab_t *self, char *out, size_t size)
{
    size_t used = 0;
    out [0] = 0;
    for (size_t i = 0; i < self->n_endpoints && used < size; i++) {
        endpoint_rec_t *ep = &self->endpoints [i];
        if (!ep->active || !ep->bound || !lab_endpoint_reachable (ep->endpoint))
            continue;
        const char *host, *port = strrchr (ep->endpoint, ':');
        size_t len;
        bool wildcard = s_tcp_host (ep->endpoint, &host, &len)
                     && ((len == 7 && strncmp (host, "0.0.0.0", 7) == 0) || (len == 1 && *host == '*'));
        const char *addresses = wildcard ? s_host_addresses (self) : "";
        int n;
        if (wildcard && *addresses) {
            //  "192.168.1.5:5555" for the first address, the others after.
            size_t first = strcspn (addresses, " ");
            n = snprintf (out + used, size - used, "%s%.*s%s%s%s%s", used ? ", " : "",
                          (int) first, addresses, port, addresses [first] ? " (also " : "",
                          addresses [first] ? addresses + first + 1 : "", addresses [first] ? ")" : "");
        }
        else
            n = snprintf (out + used, size - used, "%s%s", used ? ", " : "", ep->endpoint + 6);
        if (n < 0 || (size_t) n >= size - used) {
            out [used] = 0;         //  the ones that fit
            break;
        }
        used += (size_t) n;
    }
}

lab_snapshot_t *
lab_snapshot (lab_t *self)
{
    lab_snapshot_t *snap = calloc (1, sizeof *snap);
    if (!snap)
        return NULL;
    pthread_mutex_lock (&self->lock);
    snap->time = s_now_locked (self);
    snap->speed = self->speed;
    snap->paused = self->paused;
    snap->stepping = atomic_load (&self->stepping);
    size_t n_outside = outside_count (self->outside);
    snap->actors = calloc (self->n_actors + n_outside + 1, sizeof *snap->actors);
    snap->sockets = calloc (self->n_socks + 1, sizeof *snap->sockets);
    snap->links = calloc (self->n_links + n_outside + 1, sizeof *snap->links);
    if (!snap->actors || !snap->sockets || !snap->links) {
        pthread_mutex_unlock (&self->lock);
        lab_snapshot_destroy (&snap);
        return NULL;
    }
    double now = lab_monotonic ();
    snap->events_dropped = atomic_load (&self->events_dropped);
    for (size_t i = 0; i < self->n_actors; i++) {
        actor_t *actor = self->actors [i];
        actor_stats_fill (actor, &snap->actors [i]);
        //  Rates over at least half a second, so they do not flicker.
        actor_stats_t *stats = &snap->actors [i];
        if (actor->rate_time == 0) {
            actor->rate_time = now;
            actor->rate_sent = stats->sent;
            actor->rate_received = stats->received;
        }
        else
        if (stats->sent < actor->rate_sent || stats->received < actor->rate_received) {
            //  Restarted: its counters began again.
            actor->rate_time = now;
            actor->rate_sent = stats->sent;
            actor->rate_received = stats->received;
        }
        else
        if (now - actor->rate_time >= 0.5) {
            double dt = now - actor->rate_time;
            actor->send_rate = (double) (stats->sent - actor->rate_sent) / dt;
            actor->recv_rate = (double) (stats->received - actor->rate_received) / dt;
            actor->rate_time = now;
            actor->rate_sent = stats->sent;
            actor->rate_received = stats->received;
        }
        stats->send_rate = actor->send_rate;
        stats->recv_rate = actor->recv_rate;
        snap->events_dropped += counter_get (&actor->events_dropped);
        snap->events_sampled_out += counter_get (&actor->events_sampled_out);
    }
    snap->n_actors = self->n_actors;
    for (size_t i = 0; i < self->n_socks; i++) {
        sock_rec_t *rec = self->socks [i];
        socket_stats_t *out = &snap->sockets [i];
        snprintf (out->actor, sizeof out->actor, "%s", rec->owner ? rec->owner->name : "");
        snprintf (out->label, sizeof out->label, "%s", rec->label);
        snprintf (out->type, sizeof out->type, "%s", s_type_name (rec->type));
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
        out->sent = counter_get (&rec->sent);
        out->received = counter_get (&rec->received);
    }
    snap->n_sockets = self->n_socks;
    for (size_t i = 0; i < self->n_links; i++) {
        link_rec_t *link = self->links [i];
        link_stats_t *out = &snap->links [i];
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
        out->in_flight = s_in_flight (self, link);
        out->capacity = link->capacity;
    }
    snap->n_links = self->n_links;
    size_t n = outside_fill (self->outside, snap->actors + snap->n_actors,
                             snap->links + snap->n_links, n_outside);
    snap->n_actors += n;
    snap->n_links += n;
    outside_totals (self->outside, &snap->outside_refused,
                    &snap->outside_handshake_failed, &snap->outside_live);
    s_reachable (self, snap->reachable, sizeof snap->reachable);
    pthread_mutex_unlock (&self->lock);
    return snap;
}

void
lab_snapshot_destroy (lab_snapshot_t **self_p)
{
    if (self_p && *self_p) {
        free ((*self_p)->actors);
        free ((*self_p)->sockets);
        free ((*self_p)->links);
        free (*self_p);
        *self_p = NULL;
    }
}

const actor_stats_t *
lab_snapshot_actor (const lab_snapshot_t *snap, const char *name)
{
    for (size_t i = 0; snap && name && i < snap->n_actors; i++)
        if (strcmp (snap->actors [i].name, name) == 0)
            return &snap->actors [i];
    return NULL;
}

const link_stats_t *
lab_snapshot_link (const lab_snapshot_t *snap, const char *from, const char *to)
{
    //  FROM and TO name actors or socket labels ("pub.sync"). Between two
    //  actors, prefer an active link (after a restart the old one stays for
    //  history), then one between their main sockets (labels = names).
    const link_stats_t *found = NULL;
    int best = -1;
    for (size_t i = 0; snap && from && to && i < snap->n_links; i++) {
        const link_stats_t *link = &snap->links [i];
        bool by_label = strcmp (link->from, from) == 0 && strcmp (link->to, to) == 0;
        if (!by_label && (strcmp (link->from_actor, from) != 0 || strcmp (link->to_actor, to) != 0))
            continue;
        int score = (link->active ? 2 : 0) + (by_label ? 1 : 0);
        if (score >= best) {
            best = score;
            found = link;
        }
    }
    return found;
}

//  --- names ----------------------------------------------------------------

const char *
actor_state_name (actor_state_t state)
{
    static const char *names [ACTOR_STATE_COUNT] = {
        "starting", "running", "sleeping", "blocked in send", "blocked in recv",
        "waiting for input", "waiting for step", "paused", "crashed", "stopped",
        "external"
    };
    return state < ACTOR_STATE_COUNT ? names [state] : "?";
}

const char *
error_kind_name (error_kind_t kind)
{
    static const char *names [ERR_KIND_COUNT] = {
        "EAGAIN", "EFSM", "EHOSTUNREACH", "EINVAL", "ENOTSUP",
        "EADDRINUSE", "ECONNREFUSED", "EMSGSIZE", "ETERM", "other"
    };
    return kind < ERR_KIND_COUNT ? names [kind] : "?";
}

const char *
event_kind_name (event_kind_t kind)
{
    static const char *names [EVENT_KIND_COUNT] = {
        "send", "recv", "drop", "missed", "error", "join",
        "subscribe", "unsubscribe", "log", "state"
    };
    return kind < EVENT_KIND_COUNT ? names [kind] : "?";
}
