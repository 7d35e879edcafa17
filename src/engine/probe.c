/*  probe.c — the instrumented socket: the only way a behaviour reaches
    ZeroMQ. Every send is stamped and counted, every receive is attributed to
    a link and checked for gaps, every error is counted, and every blocking
    call polls the actor's pipe as well so that pause, kill and step get
    through.

    Hot path: no allocation beyond zmq_msg's own, no lock, no formatting but
    the stamp's digits; counters are single-writer atomics.
*/
#define _GNU_SOURCE
#include "actor_run.h"
#include "probe.h"
#include "outside.h"
#include "same.h"
#include "stamp.h"
#include "socktype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#define SOCKET_META "zmqlab.socket"

//  A message's bytes are written by the sender and read by the receiver on
//  another thread; libzmq hands the buffer over, but Debian's libzmq is not
//  built with TSan, so tell TSan about that hand-over ourselves.
//  The same for a message's metadata, which libzmq's I/O thread made.
#if defined (__SANITIZE_THREAD__)
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
void __tsan_ignore_thread_begin (void);
void __tsan_ignore_thread_end (void);
static inline void s_handover_send (zmq_msg_t *msg) { __tsan_release (zmq_msg_data (msg)); }
static inline void s_handover_recv (zmq_msg_t *msg) { __tsan_acquire (zmq_msg_data (msg)); }
static inline const char *
s_msg_property (zmq_msg_t *msg, const char *name)
{
    __tsan_ignore_thread_begin ();
    const char *value = zmq_msg_gets (msg, name);
    __tsan_ignore_thread_end ();
    return value;
}
#else
static inline void s_handover_send (zmq_msg_t *msg) { (void) msg; }
static inline void s_handover_recv (zmq_msg_t *msg) { (void) msg; }
static inline const char *
s_msg_property (zmq_msg_t *msg, const char *name) { return zmq_msg_gets (msg, name); }
#endif

enum { LINK_CACHE = 8, FRAMES_MAX = 64, RETRY_UNKNOWN = 1024, BOUND_MAX = 8,
       PEER_CACHE = 4 };

//  A tcp/ipc connection messages came in on, as last looked up: by its
//  descriptor and the address of its libzmq metadata (see outside.c).
typedef struct {
    int fd;
    const void *meta;
    peer_ref_t ref;
} peer_cache_t;

typedef struct {
    char label [LAB_LABEL_MAX];
    size_t len;
    link_rec_t *link;               //  NULL: no link known for this label yet
    unsigned misses;                //  for NULL entries: when to ask again
    loss_reader_t reader;           //  this socket's side of the link's accounting
} cache_entry_t;

struct probe_sock_t {
    const char *tag;                //  &s_socket_tag: tells our userdata apart
    void *zsock;                    //  NULL once closed
    sock_rec_t *rec;
    actor_run_t *run;
    actor_t *actor;                 //  run's actor, for its counters
    lab_t *lab;
    int type;
    bool pub;                       //  PUB/XPUB: a sequence per topic
    bool gap_check;                 //  receives from senders that must not skip
    char prefix [STAMP_PREFIX_MAX]; //  " [label#": the stamp up to its number
    size_t prefix_len;
    char stamp [STAMP_MAX];         //  the stamp of the last message sent
    size_t stamp_len;
    uint64_t stamp_seq;             //  its number
    const topic_t *stamp_topic;     //  its stream; NULL before the first
    long sndtimeo, rcvtimeo;        //  ms, -1 forever (we block, not libzmq)
    int last_topic;                 //  send-side: index of the last topic used
    topic_t overflow;               //  stream for topics the table cannot track
    int epoch;                      //  bumped by (un)subscribe
    char *bound [BOUND_MAX];        //  endpoints to unbind before closing
    int n_bound;
    bool attached;                  //  has bound or connected at least once
    char from_last [LAB_LABEL_MAX]; //  the label in user value 1 (a Lua string)
    size_t from_last_len;
    stamp_guess_t guess;            //  the stamp expected next
    const char *body_last;          //  bytes of the Lua string in user value 2
    size_t body_last_len;
    cache_entry_t cache [LINK_CACHE];
    int n_cache, next_evict;
    //  tcp/ipc: outside programs may be at the other end.
    bool watched;                   //  monitored, ZMQ_MAXMSGSIZE set
    peer_cache_t peers [PEER_CACHE];
    int next_peer;
    peer_ref_t reply_to;            //  REP: the outside requester to answer
    bool replying_outside;
    peer_ref_t sole;                //  the one outside peer a send reaches, if any
    bool sole_known;
    unsigned sole_changes, sole_topology;   //  what sole was computed from
};

typedef enum { OPT_INT, OPT_BOOL, OPT_BYTES } opt_kind_t;
static const struct { const char *name; int option; opt_kind_t kind; } s_options [] = {
    { "SNDHWM", ZMQ_SNDHWM, OPT_INT }, { "RCVHWM", ZMQ_RCVHWM, OPT_INT },
    { "SUBSCRIBE", ZMQ_SUBSCRIBE, OPT_BYTES }, { "UNSUBSCRIBE", ZMQ_UNSUBSCRIBE, OPT_BYTES },
    { "LINGER", ZMQ_LINGER, OPT_INT }, { "REQ_RELAXED", ZMQ_REQ_RELAXED, OPT_BOOL },
    { "REQ_CORRELATE", ZMQ_REQ_CORRELATE, OPT_BOOL },
    { "XPUB_NODROP", ZMQ_XPUB_NODROP, OPT_BOOL },
    { "XPUB_VERBOSE", ZMQ_XPUB_VERBOSE, OPT_BOOL },
    { "ROUTER_MANDATORY", ZMQ_ROUTER_MANDATORY, OPT_BOOL },
    { "SNDTIMEO", ZMQ_SNDTIMEO, OPT_INT }, { "RCVTIMEO", ZMQ_RCVTIMEO, OPT_INT },
    { "ROUTING_ID", ZMQ_ROUTING_ID, OPT_BYTES }, { "CONFLATE", ZMQ_CONFLATE, OPT_BOOL },
    { "IMMEDIATE", ZMQ_IMMEDIATE, OPT_BOOL }, { "MAXMSGSIZE", ZMQ_MAXMSGSIZE, OPT_INT },
    { NULL, 0, OPT_INT }
};

//  Counts the error and returns nil, message, code to the behaviour.
static int
s_fail (lua_State *L, probe_sock_t *self, int errnum, const char *context)
{
    return actor_fail (L, self->run, errnum, context);
}

//  Its address marks a socket userdata (the first field of probe_sock_t).
static const char s_socket_tag = 0;

//  The last userdata s_check accepted on this thread (an actor's).
static _Thread_local const probe_sock_t *s_checked;

//  The socket a method was called on. Checked by size and tag, not by
//  metatable: no stack traffic on every call. Behaviours cannot make
//  userdata of their own, so the size alone would do; the tag makes sure.
//  The same userdata as last time needs no check: a behaviour reaches no
//  full userdata but sockets (if that one was collected, whatever took its
//  address and is a userdata is a new socket).
static probe_sock_t *
s_check (lua_State *L)
{
    probe_sock_t *self = lua_touserdata (L, 1);
    if (self != s_checked || !self) {
        if (!self || lua_rawlen (L, 1) != sizeof *self || self->tag != &s_socket_tag)
            luaL_typeerror (L, 1, SOCKET_META);
        s_checked = self;
    }
    if (!self->zsock)
        luaL_error (L, "the socket is closed");
    return self;
}

void
probe_close (probe_sock_t *self)
{
    if (!self->zsock)
        return;
    if (self->watched) {
        outside_drain (lab_outside (self->lab));
        //  Stopped before the close: libzmq leaks an event it cannot send
        //  once the watcher has let go of the monitor.
        zmq_socket_monitor (self->zsock, NULL, 0);
    }
    //  zmq_close frees an inproc name only later, on libzmq's reaper thread;
    //  unbinding frees it now, so a restarted actor can bind it again.
    for (int i = 0; i < self->n_bound; i++) {
        zmq_unbind (self->zsock, self->bound [i]);
        free (self->bound [i]);
    }
    self->n_bound = 0;
    zmq_close (self->zsock);
    self->zsock = NULL;
    lab_sock_closed (self->lab, self->rec);
    actor_untrack_socket (self->run, self);
}

//  --- socket creation and set-up -------------------------------------------

static int
l_socket (lua_State *L)
{
    const char *type_name = luaL_checkstring (L, 1);
    const char *sockname = luaL_optstring (L, 2, NULL);
    int type = socktype_from_name (type_name);
    if (type < 0)
        return luaL_error (L, "unknown socket type '%s' (REQ, REP, PUB, SUB, PUSH, "
                              "PULL, DEALER, ROUTER, PAIR, XPUB or XSUB)", type_name);
    if (sockname) {
        luaL_argcheck (L, *sockname && strlen (sockname) < 16, 2,
                       "a socket name is 1 to 15 characters");
        for (const char *c = sockname; *c; c++)
            luaL_argcheck (L, stamp_label_char (*c) && *c != '.', 2,
                           "a socket name is letters, digits, _ and -");
    }
    actor_run_t *run = actor_run_of (L);
    probe_sock_t *self = lua_newuserdatauv (L, sizeof *self, 2);
    memset (self, 0, sizeof *self);
    self->tag = &s_socket_tag;
    luaL_setmetatable (L, SOCKET_META);
    actor_t *actor = actor_run_actor (run);
    self->run = run;
    self->actor = actor;
    self->lab = actor->lab;
    self->type = type;
    self->pub = type == ZMQ_PUB || type == ZMQ_XPUB;
    self->gap_check = type == ZMQ_SUB || type == ZMQ_XSUB || type == ZMQ_PAIR;
    self->sndtimeo = self->rcvtimeo = -1;
    self->zsock = zmq_socket (lab_context (self->lab), type);
    if (!self->zsock)
        return luaL_error (L, "cannot create a %s socket: %s", type_name,
                           zmq_strerror (zmq_errno ()));
    int zero = 0;
    zmq_setsockopt (self->zsock, ZMQ_LINGER, &zero, sizeof zero);
    self->rec = lab_sock_new (self->lab, actor, type, sockname);
    if (!self->rec) {
        zmq_close (self->zsock);
        self->zsock = NULL;
        return luaL_error (L, "out of memory");
    }
    self->prefix_len = stamp_prefix (self->prefix, self->rec->label, strlen (self->rec->label));
    actor_track_socket (run, self);
    return 1;
}

//  Before a socket's first tcp/ipc bind or connect: anything may be at the
//  other end now, so cap what it may send, and watch who comes and goes.
//  A limit the behaviour set itself stays. 0, or an errno: then the
//  socket does not go on tcp/ipc unguarded.
static int
s_watch (probe_sock_t *self)
{
    outside_t *outside = lab_outside (self->lab);
    int64_t max, current = -1;
    size_t size = sizeof current;
    zmq_getsockopt (self->zsock, ZMQ_MAXMSGSIZE, &current, &size);
    max = current >= 0 ? current : outside_max_msg_size (outside);
    if (zmq_setsockopt (self->zsock, ZMQ_MAXMSGSIZE, &max, sizeof max) != 0)
        return zmq_errno ();
    //  With a ZAP domain libzmq refuses peers older than ZMTP 3 (their
    //  messages carry no metadata, so they could pass for inproc ones).
    //  No ZAP handler is needed: without one, ZMTP 3 peers are let in.
    if (zmq_setsockopt (self->zsock, ZMQ_ZAP_DOMAIN, "zmqlab", 6) != 0)
        return zmq_errno ();
    if (outside_watch (outside, self->rec, self->zsock) != 0)
        return zmq_errno () ? zmq_errno () : ENOMEM;
    self->watched = true;
    return 0;
}

static int
s_endpoint_call (lua_State *L, int which)
{
    probe_sock_t *self = s_check (L);
    const char *endpoint = luaL_checkstring (L, 2);
    luaL_argcheck (L, strlen (endpoint) < LAB_ENDPOINT_MAX, 2, "endpoint too long");
    static const char *names [] = { "bind", "connect", "disconnect" };
    char moved [LAB_ENDPOINT_MAX];
    if (which == 0 && strcmp (endpoint, "inproc://zeromq.zap.01") == 0) {
        //  Every tcp/ipc handshake in the lab would wait for its answers.
        char context [96];
        snprintf (context, sizeof context, "bind %s: kept by zmqlab (it refuses old peers with ZAP)",
                  endpoint);
        return s_fail (L, self, EADDRINUSE, context);
    }
    if (which == 0)
        endpoint = lab_bind_endpoint (self->lab, endpoint, moved);
    int rc = 0;
    if (which != 2 && !self->watched
    &&  (strncmp (endpoint, "tcp://", 6) == 0 || strncmp (endpoint, "ipc://", 6) == 0)) {
        int errnum = s_watch (self);
        if (errnum) {
            char context [LAB_ENDPOINT_MAX + 48];
            snprintf (context, sizeof context, "%s %s: cannot watch for outside programs",
                      names [which], endpoint);
            return s_fail (L, self, errnum, context);
        }
    }
    if (which == 1 && self->watched)
        endpoint = lab_connect_endpoint (self->lab, endpoint, moved);
    rc = which == 0 ? zmq_bind (self->zsock, endpoint)
       : which == 1 ? zmq_connect (self->zsock, endpoint)
       : zmq_disconnect (self->zsock, endpoint);
    if (rc == 0 && which == 2 && self->watched) {
        //  libzmq tells the monitor nothing of a connection ended this way.
        outside_endpoint_closed (lab_outside (self->lab), self->rec, endpoint);
        memset (self->peers, 0, sizeof self->peers);
    }
    if (rc != 0) {
        char context [LAB_ENDPOINT_MAX + 16];
        snprintf (context, sizeof context, "%s %s", names [which], endpoint);
        return s_fail (L, self, zmq_errno (), context);
    }
    //  A wildcard bind (tcp://*:*) is recorded as what it became.
    char actual [LAB_ENDPOINT_MAX];
    size_t size = sizeof actual;
    if (which == 0 && strchr (endpoint, '*') && strncmp (endpoint, "tcp://", 6) == 0
    &&  zmq_getsockopt (self->zsock, ZMQ_LAST_ENDPOINT, actual, &size) == 0)
        endpoint = actual;
    if (which == 0 && self->n_bound < BOUND_MAX)
        self->bound [self->n_bound++] = strdup (endpoint);
    self->attached |= which != 2;
    if (which == 0)
        lab_sock_bound (self->lab, self->rec, endpoint);
    else
    if (which == 1)
        lab_sock_connected (self->lab, self->rec, endpoint);
    else
        lab_sock_disconnected (self->lab, self->rec, endpoint);
    actor_message_event (self->run, EVENT_JOIN, NULL, 0, endpoint, strlen (endpoint));
    lua_pushboolean (L, 1);
    return 1;
}

static int l_bind (lua_State *L) { return s_endpoint_call (L, 0); }
static int l_connect (lua_State *L) { return s_endpoint_call (L, 1); }
static int l_disconnect (lua_State *L) { return s_endpoint_call (L, 2); }

int
probe_option_index (const char *option)
{
    for (int i = 0; option && s_options [i].name; i++)
        if (strcasecmp (s_options [i].name, option) == 0)
            return i;
    return -1;
}

static int
s_find_option (lua_State *L, int arg)
{
    const char *name = luaL_checkstring (L, arg);
    int index = probe_option_index (name);
    if (index < 0)
        return luaL_error (L, "unknown socket option '%s' (known: SNDHWM, RCVHWM, SUBSCRIBE, "
                              "UNSUBSCRIBE, LINGER, REQ_RELAXED, REQ_CORRELATE, XPUB_NODROP, "
                              "ROUTER_MANDATORY, SNDTIMEO, RCVTIMEO, ROUTING_ID, CONFLATE, …)", name);
    return index;
}

//  Sets option INDEX: BYTES for byte options, NUMBER for the others.
//  0, or an errno (not yet counted).
static int
s_apply (probe_sock_t *self, int index, const char *bytes, size_t len, int number)
{
    int option = s_options [index].option;
    if (s_options [index].kind == OPT_BYTES) {
        if (zmq_setsockopt (self->zsock, option, bytes, len) != 0)
            return zmq_errno ();
        if (option == ZMQ_SUBSCRIBE || option == ZMQ_UNSUBSCRIBE) {
            bool on = option == ZMQ_SUBSCRIBE;
            lab_sock_subscribe (self->lab, self->rec, bytes, len, on);
            //  Messages filtered out meanwhile are neither lost nor missed
            //  by accident: a gap across this change counts as missed.
            self->epoch++;
            actor_message_event (self->run, on ? EVENT_SUBSCRIBE : EVENT_UNSUBSCRIBE,
                                 NULL, 0, bytes, len);
        }
        return 0;
    }
    if (option == ZMQ_MAXMSGSIZE) {
        int64_t limit = number;     //  libzmq takes this one as int64_t
        return zmq_setsockopt (self->zsock, option, &limit, sizeof limit) != 0 ? zmq_errno () : 0;
    }
    if (zmq_setsockopt (self->zsock, option, &number, sizeof number) != 0)
        return zmq_errno ();
    if (option == ZMQ_SNDHWM)
        lab_sock_hwm (self->lab, self->rec, number, -1);
    else
    if (option == ZMQ_RCVHWM)
        lab_sock_hwm (self->lab, self->rec, -1, number);
    else
    if (option == ZMQ_SNDTIMEO)
        self->sndtimeo = number;
    else
    if (option == ZMQ_RCVTIMEO)
        self->rcvtimeo = number;
    return 0;
}

static int
l_set (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    int index = s_find_option (L, 2);
    size_t len = 0;
    const char *bytes = NULL;
    int number = 0;
    if (s_options [index].kind == OPT_BYTES)
        bytes = luaL_checklstring (L, 3, &len);
    else
    if (s_options [index].kind == OPT_BOOL && lua_isboolean (L, 3))
        number = lua_toboolean (L, 3);
    else {
        lua_Integer value = luaL_checkinteger (L, 3);
        luaL_argcheck (L, value >= -1 && value <= 0x7fffffff, 3, "out of range");
        number = (int) value;
    }
    int errnum = s_apply (self, index, bytes, len, number);
    if (errnum) {
        char context [64];
        snprintf (context, sizeof context, "set %s", s_options [index].name);
        return s_fail (L, self, errnum, context);
    }
    lua_pushboolean (L, 1);
    return 1;
}

//  Does OPTION make sense on a socket of this type? (A lab-wide set names
//  no socket: SUBSCRIBE goes to SUB sockets, SNDHWM to senders, …)
static bool
s_option_fits (int type, int option)
{
    bool sends = type != ZMQ_SUB && type != ZMQ_PULL;
    bool receives = type != ZMQ_PUB && type != ZMQ_PUSH;
    switch (option) {
        case ZMQ_SUBSCRIBE: case ZMQ_UNSUBSCRIBE:
            return type == ZMQ_SUB;
        case ZMQ_SNDHWM: case ZMQ_SNDTIMEO:
            return sends;
        case ZMQ_RCVHWM: case ZMQ_RCVTIMEO: case ZMQ_CONFLATE:
            return receives;
        case ZMQ_REQ_RELAXED: case ZMQ_REQ_CORRELATE:
            return type == ZMQ_REQ;
        case ZMQ_XPUB_NODROP: case ZMQ_XPUB_VERBOSE:
            return type == ZMQ_XPUB;
        case ZMQ_ROUTER_MANDATORY:
            return type == ZMQ_ROUTER;
        default:
            return true;
    }
}

void
probe_apply_option (probe_sock_t *self, int index, const char *value)
{
    int option = index >= 0 ? s_options [index].option : 0;
    if (!self->zsock || index < 0 || !s_option_fits (self->type, option))
        return;
    //  libzmq sizes a connection's queue when it is made; changing an HWM
    //  on a connected socket from outside its program also races its peers'
    //  pipes in libzmq 4.3 (a crash was seen with a peer closing). Refuse
    //  it here, visibly: params and a restart are the way.
    if ((option == ZMQ_SNDHWM || option == ZMQ_RCVHWM) && self->attached) {
        actor_count_error (self->run, EINVAL, option == ZMQ_SNDHWM
            ? "SNDHWM on a connected socket (pass sndhwm in the params and restart)"
            : "RCVHWM on a connected socket (pass rcvhwm in the params and restart)");
        return;
    }
    char *end;
    long number = strtol (value, &end, 10);
    if (s_options [index].kind != OPT_BYTES
    &&  (!*value || *end || number < -1 || number > 0x7fffffff)) {
        actor_count_error (self->run, EINVAL, s_options [index].name);
        return;
    }
    int errnum = s_apply (self, index, value, strlen (value), (int) number);
    if (errnum)
        actor_count_error (self->run, errnum, s_options [index].name);
}

static int
l_get (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    int index = s_find_option (L, 2);
    int option = s_options [index].option;
    if (option == ZMQ_SUBSCRIBE || option == ZMQ_UNSUBSCRIBE)
        return luaL_error (L, "%s can be set, not read", s_options [index].name);
    if (s_options [index].kind == OPT_BYTES) {
        char value [256];
        size_t size = sizeof value;
        if (zmq_getsockopt (self->zsock, option, value, &size) != 0)
            return s_fail (L, self, zmq_errno (), "get");
        lua_pushlstring (L, value, size);
        return 1;
    }
    if (option == ZMQ_MAXMSGSIZE) {
        int64_t value;
        size_t size = sizeof value;
        if (zmq_getsockopt (self->zsock, option, &value, &size) != 0)
            return s_fail (L, self, zmq_errno (), "get");
        lua_pushinteger (L, (lua_Integer) value);
        return 1;
    }
    int value;
    size_t size = sizeof value;
    if (zmq_getsockopt (self->zsock, option, &value, &size) != 0)
        return s_fail (L, self, zmq_errno (), "get");
    if (s_options [index].kind == OPT_BOOL)
        lua_pushboolean (L, value);
    else
        lua_pushinteger (L, value);
    return 1;
}

static int
l_peers (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    //  The lab's own sockets on its endpoints, and programs from outside.
    lua_pushinteger (L, lab_sock_peers (self->lab, self->rec)
                        + atomic_load (&self->rec->n_outside));
    return 1;
}

//  close, __close and __gc: closing twice is harmless.
static int
l_close (lua_State *L)
{
    probe_sock_t *self = luaL_checkudata (L, 1, SOCKET_META);
    probe_close (self);
    return 0;
}

static int
l_tostring (lua_State *L)
{
    probe_sock_t *self = luaL_checkudata (L, 1, SOCKET_META);
    lua_pushfstring (L, "socket %s%s", self->rec ? self->rec->label : "?",
                     self->zsock ? "" : " (closed)");
    return 1;
}

//  Before a message is sent: the outside peer it will reach, where that is
//  known (a REP's requester; the only peer there is), or NULL. Chosen
//  before sending: once sent, the peer may read it and be gone at once.
static const peer_ref_t *
s_outside_target (probe_sock_t *self)
{
    if (atomic_load_explicit (&self->rec->n_outside, memory_order_relaxed) == 0)
        return NULL;
    if (self->type == ZMQ_REP)
        return self->replying_outside && outside_ref_valid (&self->reply_to)
             ? &self->reply_to : NULL;
    if (self->pub)
        return NULL;
    //  Looked up again only when a peer came or went: no lock per send.
    outside_t *outside = lab_outside (self->lab);
    unsigned changes = outside_changes (outside), topology = lab_topology (self->lab);
    if (!self->sole_known || changes != self->sole_changes || topology != self->sole_topology) {
        self->sole_changes = changes;
        self->sole_topology = topology;
        self->sole_known = lab_sock_peers (self->lab, self->rec) == 0
                        && outside_sole_peer (outside, self->rec, &self->sole);
    }
    return self->sole_known && outside_ref_valid (&self->sole) ? &self->sole : NULL;
}

//  --- sending --------------------------------------------------------------

//  The sequence stream this message belongs to: its topic on PUB, the one
//  stream otherwise. NULL when the topic table is full or the topic too long.
static topic_t *
s_send_topic (probe_sock_t *self, const char *first, size_t first_len)
{
    sock_rec_t *rec = self->rec;
    if (!self->pub)
        return &rec->topics [0];
    size_t len = stamp_topic_len (first, first_len);
    if (len > TOPIC_LEN_MAX)
        return NULL;
    int n = atomic_load_explicit (&rec->n_topics, memory_order_relaxed);
    topic_t *last = n > 0 ? &rec->topics [self->last_topic] : NULL;
    if (last && last->len == len && same_bytes (last->name, first, len))
        return last;
    for (int i = 0; i < n; i++)
        if (rec->topics [i].len == len && same_bytes (rec->topics [i].name, first, len)) {
            self->last_topic = i;
            return &rec->topics [i];
        }
    if (n == TOPIC_MAX)
        return NULL;
    topic_t *topic = &rec->topics [n];
    memcpy (topic->name, first, len);
    topic->name [len] = 0;
    topic->len = len;
    atomic_init (&topic->seq, 0);
    atomic_store_explicit (&rec->n_topics, n + 1, memory_order_release);
    self->last_topic = n;
    return topic;
}

//  Sends one frame, blocking the way zmq_send would but through actor_wait.
//  Returns 0, an errno, or -1 when the actor was killed.
static int
s_send_frame (probe_sock_t *self, zmq_msg_t *msg, int flags)
{
    double deadline = self->sndtimeo > 0 ? lab_monotonic () + self->sndtimeo / 1000.0 : 0;
    s_handover_send (msg);
    for (;;) {
        if (zmq_msg_send (msg, self->zsock, flags | ZMQ_DONTWAIT) >= 0)
            return 0;
        int errnum = zmq_errno ();
        if (errnum == EINTR)
            continue;           //  the actor's hook signal (actor.c)
        if (errnum != EAGAIN || self->sndtimeo == 0)
            return errnum;
        long wait_ms = -1;
        if (self->sndtimeo > 0) {
            double left = deadline - lab_monotonic ();
            if (left <= 0)
                return EAGAIN;
            wait_ms = (long) (left * 1000 + 0.999);
        }
        zmq_pollitem_t item = { self->zsock, 0, ZMQ_POLLOUT, 0 };
        wait_result_t waited = actor_wait (self->run, &item, 1, wait_ms, ACTOR_BLOCKED_SEND);
        if (waited == WAIT_KILLED)
            return -1;
    }
}

static int
s_send (lua_State *L, probe_sock_t *self, const char **frames, const size_t *lens, int n)
{
    actor_run_t *run = self->run;
    if (actor_gate (run) == WAIT_KILLED)
        return actor_raise_killed (L);
    while (!lab_take_permit (self->lab))
        if (actor_wait (run, NULL, 0, -1, ACTOR_WAITING_STEP) == WAIT_KILLED)
            return actor_raise_killed (L);

    //  An XSUB sends subscriptions upstream: "\1topic" or "\0topic". Those
    //  are libzmq's protocol, not messages: no stamp, and they are recorded
    //  like SUBSCRIBE.
    if (self->type == ZMQ_XSUB && n == 1 && lens [0] >= 1
    &&  (frames [0][0] == 0 || frames [0][0] == 1)) {
        zmq_msg_t msg;
        zmq_msg_init_size (&msg, lens [0]);
        memcpy (zmq_msg_data (&msg), frames [0], lens [0]);
        int rc = s_send_frame (self, &msg, 0);
        if (rc != 0) {
            zmq_msg_close (&msg);
            return rc < 0 ? actor_raise_killed (L) : s_fail (L, self, rc, "send");
        }
        bool on = frames [0][0] == 1;
        lab_sock_subscribe (self->lab, self->rec, frames [0] + 1, lens [0] - 1, on);
        self->epoch++;
        actor_message_event (run, on ? EVENT_SUBSCRIBE : EVENT_UNSUBSCRIBE, NULL, 0,
                             frames [0] + 1, lens [0] - 1);
        lua_pushboolean (L, 1);
        return 1;
    }
    topic_t *topic = s_send_topic (self, frames [0], lens [0]);
    if (!topic)
        topic = &self->overflow;    //  receivers find no such topic: unchecked
    const peer_ref_t *target = s_outside_target (self);
    uint64_t seq = counter_get (&topic->seq) + 1;
    //  The next number on the same stream: one digit changes, mostly.
    if (self->stamp_topic == topic && self->stamp_seq + 1 == seq && seq != UINT64_MAX)
        self->stamp_len = stamp_next (self->stamp, self->stamp_len);
    else
        self->stamp_len = stamp_format_with (self->stamp, self->prefix, self->prefix_len, seq);
    self->stamp_topic = topic;
    self->stamp_seq = seq;
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        const char *stamp = self->stamp;
        size_t stamp_len = last ? self->stamp_len : 0;
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, lens [i] + stamp_len) != 0)
            return s_fail (L, self, zmq_errno (), "send");
        char *data = zmq_msg_data (&msg);
        if (lens [i])
            memcpy (data, frames [i], lens [i]);
        if (stamp_len)
            memcpy (data + lens [i], stamp, stamp_len);
        int rc = s_send_frame (self, &msg, last ? 0 : ZMQ_SNDMORE);
        if (rc != 0) {
            zmq_msg_close (&msg);
            if (rc < 0)
                return actor_raise_killed (L);
            return s_fail (L, self, rc, "send");
        }
    }
    //  Published after zmq_send returned: a receiver that reads seq S knows
    //  message S is already in its pipe or was dropped (see s_resolve_tail).
    atomic_store_explicit (&topic->seq, seq, memory_order_release);
    if (target)
        outside_count_to (target);
    self->replying_outside = false;
    counter_add (&self->rec->sent, 1);
    counter_add (&self->actor->sent, 1);
    actor_message_event (run, EVENT_SEND, NULL, seq, frames [n - 1], lens [n - 1]);
    lua_pushboolean (L, 1);
    return 1;
}

static int
l_send (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    size_t len;
    const char *text = luaL_checklstring (L, 2, &len);
    return s_send (L, self, &text, &len, 1);
}

static int
l_send_multipart (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    luaL_checktype (L, 2, LUA_TTABLE);
    const char *frames [FRAMES_MAX];
    size_t lens [FRAMES_MAX];
    lua_Integer n = luaL_len (L, 2);
    luaL_argcheck (L, n >= 1 && n <= FRAMES_MAX, 2, "1 to 64 frames");
    luaL_checkstack (L, (int) n, "too many frames");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti (L, 2, i);     //  stays on the stack: keeps the string alive
        frames [i - 1] = lua_tolstring (L, -1, &lens [i - 1]);
        if (!frames [i - 1])
            return luaL_error (L, "frame %d is not a string", (int) i);
    }
    return s_send (L, self, frames, lens, (int) n);
}

//  --- receiving ------------------------------------------------------------

static cache_entry_t *
s_link_for (probe_sock_t *self, const char *label, size_t len)
{
    for (int i = 0; i < self->n_cache; i++) {
        cache_entry_t *entry = &self->cache [i];
        if (entry->len != len || !same_bytes (entry->label, label, len))
            continue;
        if (entry->link && atomic_load_explicit (&entry->link->active, memory_order_relaxed))
            return entry;
        //  A closed link: look again at once (a restarted sender made a new
        //  one, and its sequence starts over). Unknown: now and then.
        if (!entry->link && (entry->misses++ % RETRY_UNKNOWN) != 0)
            return entry;
        link_rec_t *link = lab_link_find (self->lab, self->rec, label, len);
        if (link != entry->link) {
            entry->link = link;
            loss_reader_init (&entry->reader, self->epoch);
        }
        return entry;
    }
    cache_entry_t *entry;
    if (self->n_cache < LINK_CACHE)
        entry = &self->cache [self->n_cache++];
    else {
        entry = &self->cache [self->next_evict];
        self->next_evict = (self->next_evict + 1) % LINK_CACHE;
    }
    memcpy (entry->label, label, len);
    entry->len = len;
    entry->misses = 1;
    entry->link = lab_link_find (self->lab, self->rec, label, len);
    loss_reader_init (&entry->reader, self->epoch);
    return entry;
}

//  Where loss.c reports a gap: the receiving socket and the link.
typedef struct {
    probe_sock_t *sock;
    link_rec_t *link;
} gap_site_t;

//  A gap (loss.c has counted it on the link): counted for the actor too,
//  with an event that names the range ("lost #21-#1000").
static void
s_count_gap (void *arg, uint64_t first, uint64_t last, bool missed)
{
    gap_site_t *site = arg;
    actor_t *actor = site->sock->actor;
    counter_add (missed ? &actor->missed : &actor->lost, last - first + 1);
    char text [64];
    int len = snprintf (text, sizeof text, "%s #%llu-#%llu", missed ? "missed" : "lost",
                        (unsigned long long) first, (unsigned long long) last);
    actor_message_event (site->sock->run, missed ? EVENT_MISSED : EVENT_DROP,
                         site->link->from->label, 0, text, (size_t) len);
}

//  The link of a cache entry, when its tail can be resolved: only inproc
//  (over tcp/ipc a sent message may still be on the wire).
static link_rec_t *
s_tail_link (cache_entry_t *entry)
{
    link_rec_t *link = entry->link;
    return link && strncmp (link->endpoint, "inproc://", 9) == 0 ? link : NULL;
}

//  Called when the socket has nothing to read. Every message a sender had
//  finished sending before our last look is either in our pipe or was
//  dropped; so if a second look still finds nothing, everything up to the
//  sequences read first is lost. This is how a paused subscriber that
//  resumes learns about the tail it will never see.
static int
s_resolve_tail (probe_sock_t *self, zmq_msg_t *msg)
{
    uint64_t seen [LINK_CACHE][CHANNELS_MAX];
    int n [LINK_CACHE];
    bool any = false;
    for (int i = 0; i < self->n_cache; i++) {
        link_rec_t *link = s_tail_link (&self->cache [i]);
        n [i] = link ? loss_tail_look (&link->rx, seen [i]) : 0;
        any |= n [i] > 0;
    }
    if (!any)
        return -1;
    if (zmq_msg_recv (msg, self->zsock, ZMQ_DONTWAIT) >= 0) {
        s_handover_recv (msg);
        return 0;
    }
    for (int i = 0; i < self->n_cache; i++) {
        link_rec_t *link = s_tail_link (&self->cache [i]);
        gap_site_t site = { self, link };
        if (link)
            loss_tail_settle (&link->rx, &self->cache [i].reader, self->epoch,
                              seen [i], n [i], s_count_gap, &site);
    }
    return -1;
}

//  Receives one frame (the first of a message: it may block). Returns 0, an
//  errno, or -1 when killed.
static int
s_recv_first (probe_sock_t *self, zmq_msg_t *msg)
{
    double deadline = self->rcvtimeo > 0 ? lab_monotonic () + self->rcvtimeo / 1000.0 : 0;
    for (;;) {
        if (zmq_msg_recv (msg, self->zsock, ZMQ_DONTWAIT) >= 0) {
            s_handover_recv (msg);
            return 0;
        }
        int errnum = zmq_errno ();
        if (errnum == EINTR)
            continue;           //  the actor's hook signal (actor.c)
        if (errnum != EAGAIN)
            return errnum;
        if (self->gap_check && s_resolve_tail (self, msg) == 0)
            return 0;
        if (self->rcvtimeo == 0)
            return EAGAIN;
        long wait_ms = -1;
        if (self->rcvtimeo > 0) {
            double left = deadline - lab_monotonic ();
            if (left <= 0)
                return EAGAIN;
            wait_ms = (long) (left * 1000 + 0.999);
        }
        zmq_pollitem_t item = { self->zsock, 0, ZMQ_POLLIN, 0 };
        if (actor_wait (self->run, &item, 1, wait_ms, ACTOR_BLOCKED_RECV) == WAIT_KILLED)
            return -1;
    }
}

//  Who sent a message, by the connection it came in on.
typedef enum { FROM_LAB, FROM_OUTSIDE, FROM_UNKNOWN } sender_kind_t;

//  FROM_LAB: one of the lab's sockets (inproc, or tcp/ipc between actors),
//  whose stamp can be trusted; over tcp/ipc *label_p is the label it must
//  carry ("" when not known yet). FROM_OUTSIDE: an outside peer, *ref_p
//  names it. FROM_UNKNOWN: a connection that could not be told any more:
//  counted, but its text is never read as a stamp.
static sender_kind_t
s_sender (probe_sock_t *self, zmq_msg_t *msg, const peer_ref_t **ref_p, const char **label_p)
{
    *ref_p = NULL;
    *label_p = NULL;
    if (!self->watched)
        return FROM_LAB;
    int fd = zmq_msg_get (msg, ZMQ_SRCFD);
    if (fd < 0)
        return FROM_LAB;        //  inproc
    const char *meta = s_msg_property (msg, "Socket-Type");
    peer_cache_t *slot = NULL;
    for (int i = 0; i < PEER_CACHE && !slot; i++)
        if (self->peers [i].ref.peer && self->peers [i].fd == fd && self->peers [i].meta == meta)
            slot = &self->peers [i];
    if (!slot || !outside_ref_valid (&slot->ref)) {
        if (!slot) {
            slot = &self->peers [self->next_peer];
            self->next_peer = (self->next_peer + 1) % PEER_CACHE;
        }
        slot->fd = fd;
        slot->meta = meta;
        if (!outside_sender (lab_outside (self->lab), self->rec, msg, fd, meta, &slot->ref)) {
            memset (slot, 0, sizeof *slot);
            return FROM_UNKNOWN;
        }
    }
    *ref_p = &slot->ref;
    if (slot->ref.trusted) {
        *label_p = slot->ref.label;
        return FROM_LAB;
    }
    return FROM_OUTSIDE;
}

//  Accounts for a received message whose last frame is LAST (DATA, SIZE
//  bytes; first frame FIRST, for the topic; TOTAL bytes in all). Returns
//  the body length and sets *from. A message
//  from an outside program is counted for its peer and never read as
//  stamped, whatever its text looks like.
static size_t
s_account (probe_sock_t *self, zmq_msg_t *first, zmq_msg_t *last,
           const char *data, size_t size, size_t total,
           const char **from, size_t *from_len)
{
    stamp_t stamp;
    size_t body_len = size;
    uint64_t seq = 0;
    *from = NULL;
    *from_len = 0;
    const peer_ref_t *ref;
    const char *label;
    sender_kind_t sender = s_sender (self, first, &ref, &label);
    if (self->type == ZMQ_REP) {
        self->replying_outside = sender == FROM_OUTSIDE;
        if (self->replying_outside)
            self->reply_to = *ref;
    }
    if (sender == FROM_OUTSIDE) {
        outside_count_from (ref, total);
        *from = ref->name;
        *from_len = strlen (ref->name);
    }
    else
    if (sender == FROM_LAB && loss_stamp (data, size, label, &self->guess, &stamp) == 0) {
        body_len = stamp.body_len;
        seq = stamp.seq;
        *from = stamp.label;
        *from_len = stamp.label_len;
        cache_entry_t *entry = s_link_for (self, stamp.label, stamp.label_len);
        link_rec_t *link = entry->link;
        if (link) {
            loss_delivered (&link->rx);
            if (self->gap_check) {
                const char *topic = first == last ? data : zmq_msg_data (first);
                size_t topic_size = first == last ? body_len : zmq_msg_size (first);
                sock_rec_t *sender_rec = link->from;
                loss_sender_t streams = {
                    sender_rec->topics, &sender_rec->n_topics,
                    sender_rec->type == ZMQ_PUB || sender_rec->type == ZMQ_XPUB
                };
                gap_site_t site = { self, link };
                loss_check (&link->rx, &entry->reader, self->epoch, &streams,
                            topic, topic_size, seq, s_count_gap, &site);
            }
        }
    }
    counter_add (&self->rec->received, 1);
    counter_add (&self->actor->received, 1);
    if (actor_event_take (self->run)) {
        char peer [LAB_LABEL_MAX];
        size_t peer_len = *from_len < sizeof peer ? *from_len : sizeof peer - 1;
        memcpy (peer, *from ? *from : "", peer_len);
        peer [peer_len] = 0;
        actor_event_push (self->run, EVENT_RECV, peer, seq, data, body_len);
    }
    return body_len;
}

enum { BODY_REUSE_MAX = 256 };     //  longer bodies are rarely sent twice

//  Pushes a received body. A flow often repeats its text (a ticker, "work",
//  a benchmark's payload): the same bytes as last time reuse last time's
//  string, kept in user value 2, and so skip lua_pushlstring's hashing
//  (short strings) or allocation (long ones). Strings are values in Lua,
//  so the behaviour cannot tell.
static void
s_push_body (lua_State *L, probe_sock_t *self, const char *body, size_t len)
{
    if (self->body_last && len == self->body_last_len
    &&  same_bytes (body, self->body_last, len)) {
        lua_getiuservalue (L, 1, 2);
        return;
    }
    lua_pushlstring (L, body, len);
    if (len <= BODY_REUSE_MAX) {
        //  The user value anchors the string: its bytes stay where they are.
        self->body_last = lua_tostring (L, -1);
        self->body_last_len = len;
        lua_pushvalue (L, -1);
        lua_setiuservalue (L, 1, 2);
    }
}

static int
l_recv (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    if (actor_gate (self->run) == WAIT_KILLED)
        return actor_raise_killed (L);
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    int rc = s_recv_first (self, &msg);
    if (rc != 0) {
        zmq_msg_close (&msg);
        return rc < 0 ? actor_raise_killed (L) : s_fail (L, self, rc, "recv");
    }
    //  A multipart message read with recv: keep the last frame, like the
    //  stamp, and drop the envelope (recv_multipart keeps every frame).
    size_t size = zmq_msg_size (&msg);
    size_t total = size;
    while (zmq_msg_more (&msg)) {
        zmq_msg_t next;
        zmq_msg_init (&next);
        if (zmq_msg_recv (&next, self->zsock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&next);
            break;
        }
        s_handover_recv (&next);
        size = zmq_msg_size (&next);
        total += size;
        zmq_msg_close (&msg);
        msg = next;
    }
    const char *from;
    size_t from_len;
    const char *data = zmq_msg_data (&msg);
    size_t body_len = s_account (self, &msg, &msg, data, size, total, &from, &from_len);
    s_push_body (L, self, data, body_len);
    if (from) {
        //  Most messages come from the same sender as the last one: reuse
        //  its label string instead of interning it again.
        if (from_len == self->from_last_len && same_bytes (from, self->from_last, from_len))
            lua_getiuservalue (L, 1, 1);
        else {
            lua_pushlstring (L, from, from_len);
            if (from_len < sizeof self->from_last) {
                memcpy (self->from_last, from, from_len);
                self->from_last_len = from_len;
                lua_pushvalue (L, -1);
                lua_setiuservalue (L, 1, 1);
            }
        }
    }
    else
        lua_pushnil (L);
    zmq_msg_close (&msg);
    return 2;
}

static int
l_recv_multipart (lua_State *L)
{
    probe_sock_t *self = s_check (L);
    if (actor_gate (self->run) == WAIT_KILLED)
        return actor_raise_killed (L);
    zmq_msg_t frames [FRAMES_MAX];
    int n = 0;
    zmq_msg_init (&frames [0]);
    int rc = s_recv_first (self, &frames [0]);
    if (rc != 0) {
        zmq_msg_close (&frames [0]);
        return rc < 0 ? actor_raise_killed (L) : s_fail (L, self, rc, "recv");
    }
    n = 1;
    size_t total = zmq_msg_size (&frames [0]);
    bool more = zmq_msg_more (&frames [0]);
    while (more) {
        zmq_msg_t *next = &frames [n < FRAMES_MAX ? n : FRAMES_MAX - 1];
        if (n == FRAMES_MAX)
            zmq_msg_close (next);   //  beyond 64 frames: keep the last
        zmq_msg_init (next);
        if (zmq_msg_recv (next, self->zsock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (next);
            break;
        }
        s_handover_recv (next);
        total += zmq_msg_size (next);
        more = zmq_msg_more (next);
        if (n < FRAMES_MAX)
            n++;
    }
    const char *from;
    size_t from_len;
    size_t body_len = s_account (self, &frames [0], &frames [n - 1],
                                 zmq_msg_data (&frames [n - 1]), zmq_msg_size (&frames [n - 1]),
                                 total, &from, &from_len);
    lua_createtable (L, n, 0);
    for (int i = 0; i < n; i++) {
        size_t len = i == n - 1 ? body_len : zmq_msg_size (&frames [i]);
        lua_pushlstring (L, zmq_msg_data (&frames [i]), len);
        lua_seti (L, -2, i + 1);
    }
    if (from)
        lua_pushlstring (L, from, from_len);
    else
        lua_pushnil (L);
    for (int i = 0; i < n; i++)
        zmq_msg_close (&frames [i]);
    return 2;
}

//  zmq.poll({s1, s2, …}, timeout) -> { ready sockets }
static int
l_poll (lua_State *L)
{
    luaL_checktype (L, 1, LUA_TTABLE);
    double timeout = luaL_optnumber (L, 2, -1);
    actor_run_t *run = actor_run_of (L);
    if (actor_gate (run) == WAIT_KILLED)
        return actor_raise_killed (L);
    zmq_pollitem_t items [FRAMES_MAX];
    lua_Integer n = luaL_len (L, 1);
    luaL_argcheck (L, n >= 1 && n <= FRAMES_MAX, 1, "1 to 64 sockets");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti (L, 1, i);
        probe_sock_t *sock = luaL_testudata (L, -1, SOCKET_META);
        lua_pop (L, 1);
        if (!sock || !sock->zsock)
            return luaL_error (L, "poll: item %d is not an open socket", (int) i);
        items [i - 1] = (zmq_pollitem_t) { sock->zsock, 0, ZMQ_POLLIN, 0 };
    }
    long timeout_ms = -1;
    if (timeout >= 0)
        timeout_ms = (long) (timeout / lab_speed (actor_run_actor (run)->lab) * 1000 + 0.999);
    //  Ready already? Then no state change and no wait.
    int rc = zmq_poll (items, (int) n, 0);
    if (rc <= 0 && timeout_ms != 0) {
        wait_result_t waited = actor_wait (run, items, (int) n, timeout_ms, ACTOR_BLOCKED_RECV);
        if (waited == WAIT_KILLED)
            return actor_raise_killed (L);
    }
    lua_newtable (L);
    int found = 0;
    for (lua_Integer i = 1; i <= n; i++)
        if (items [i - 1].revents & ZMQ_POLLIN) {
            lua_geti (L, 1, i);
            lua_seti (L, -2, ++found);
        }
    return 1;
}

void
probe_open (lua_State *L)
{
    static const luaL_Reg methods [] = {
        { "bind", l_bind }, { "connect", l_connect }, { "disconnect", l_disconnect },
        { "set", l_set }, { "get", l_get }, { "send", l_send },
        { "send_multipart", l_send_multipart }, { "recv", l_recv },
        { "recv_multipart", l_recv_multipart }, { "peers", l_peers },
        { "close", l_close }, { NULL, NULL }
    };
    static const luaL_Reg meta [] = {
        { "__gc", l_close }, { "__close", l_close }, { "__tostring", l_tostring },
        { NULL, NULL }
    };
    if (luaL_newmetatable (L, SOCKET_META)) {
        luaL_setfuncs (L, meta, 0);
        lua_newtable (L);
        luaL_setfuncs (L, methods, 0);
        lua_setfield (L, -2, "__index");
        lua_pushboolean (L, 0);
        lua_setfield (L, -2, "__metatable");    //  behaviours cannot reach it
    }
    lua_pop (L, 1);
    static const luaL_Reg functions [] = {
        { "socket", l_socket }, { "poll", l_poll }, { NULL, NULL }
    };
    luaL_newlib (L, functions);
}
