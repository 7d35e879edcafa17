/*  probe.c — the instrumented socket: the only way a behaviour reaches
    ZeroMQ. Every send is stamped and counted, every receive is attributed
    to a link and checked for gaps, every error is counted, and every
    blocking call polls the actor's pipe as well so that pause, kill and
    step get through.

    This file makes, binds, connects, closes and polls sockets and installs
    the zmq table; sending is probe_send.c, receiving probe_recv.c, options
    probe_options.c (their shared record: probe_sock.h). Hot path: no
    allocation beyond zmq_msg's own, no lock, no formatting but the stamp's
    digits; counters are single-writer atomics.
*/
#define _GNU_SOURCE
#include "eintr.h"
#include "endpoint.h"
#include "probe_sock.h"
#include "probe.h"
#include "socktype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char probe_socket_tag = 0;

//  Remembers the file an ipc bind made, BOUND [I]: the socket file there
//  now is the one libzmq just made (it replaces whatever was there).
static void
s_note_ipc_file (probe_sock_t *self, int i)
{
    const char *path = endpoint_ipc_path (self->bound [i]);
    struct stat st;
    self->bound_ino [i] = 0;
    if (path && lstat (path, &st) == 0 && S_ISSOCK (st.st_mode)) {
        self->bound_dev [i] = st.st_dev;
        self->bound_ino [i] = st.st_ino;
    }
}

//  Removes the ipc file bind I made, if it is still that file: one another
//  program bound since (or put there) is not ours to remove.
static void
s_remove_ipc_file (probe_sock_t *self, int i)
{
    const char *path = endpoint_ipc_path (self->bound [i]);
    struct stat st;
    if (path && self->bound_ino [i] && lstat (path, &st) == 0 && S_ISSOCK (st.st_mode)
    &&  st.st_dev == self->bound_dev [i] && st.st_ino == self->bound_ino [i])
        unlink (path);
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
        ZMQ_AGAIN_ON_EINTR (zmq_socket_monitor (self->zsock, NULL, 0));
    }
    //  Before unbinding: that ends the pipes, and what they hold with them.
    probe_drain (self);
    //  zmq_close frees an inproc name only later, on libzmq's reaper thread;
    //  unbinding frees it now, so a restarted actor can bind it again.
    for (int i = 0; i < self->n_bound; i++) {
        ZMQ_AGAIN_ON_EINTR (zmq_unbind (self->zsock, self->bound [i]));
        s_remove_ipc_file (self, i);
        free (self->bound [i]);
    }
    self->n_bound = 0;
    zmq_close (self->zsock);
    self->zsock = NULL;
    //  Nothing reads the cache any more: its links may go, and the record
    //  with them once nothing else points at it (registry.h).
    for (int i = 0; i < self->n_cache; i++) {
        link_let_go (self->cache [i].link);
        self->cache [i].link = NULL;
    }
    self->n_cache = 0;
    lab_sock_closed (self->lab, self->rec);
    self->rec = NULL;
    actor_untrack_socket (self->run, self);
}

//  --- socket creation and set-up -------------------------------------------

//  How many sockets of this name (NULL: unnamed) this run has opened, this
//  one included: the label's number, so a socket opened after another
//  closed never takes its label ("c", "c.2", "c.3" however many closed).
//  A restart counts again: the same program's sockets get the same labels.
static unsigned
s_nth (actor_run_t *run, const char *sockname)
{
    run->sockets_opened++;
    if (!sockname)
        return ++run->unnamed_opened;
    for (int i = 0; i < run->n_socknames; i++)
        if (strcmp (run->socknames [i].name, sockname) == 0)
            return ++run->socknames [i].opened;
    if (run->n_socknames < SOCKETS_MAX) {
        int i = run->n_socknames++;
        snprintf (run->socknames [i].name, sizeof run->socknames [i].name, "%s", sockname);
        run->socknames [i].opened = 1;
        return 1;
    }
    //  More names than the table holds: numbered by the run's count of
    //  sockets, which no other socket of the run has.
    return run->sockets_opened + 1;
}

static int
l_socket (lua_State *L)
{
    const char *type_name = luaenv_checkcstring (L, 1);
    const char *sockname = luaenv_optcstring (L, 2, NULL);
    int type = socktype_from_name (type_name);
    if (type < 0)
        return luaL_error (L, "unknown socket type '%s' (REQ, REP, PUB, SUB, PUSH, "
                              "PULL, DEALER, ROUTER, PAIR, XPUB or XSUB)", type_name);
    if (sockname) {
        luaL_argcheck (L, *sockname && strlen (sockname) < 16, 2,
                       "a socket name is 1 to 15 characters");
        bool digits = true;
        for (const char *c = sockname; *c; c++) {
            luaL_argcheck (L, stamp_label_char (*c) && *c != '.', 2,
                           "a socket name is letters, digits, _ and -");
            digits &= *c >= '0' && *c <= '9';
        }
        //  "c.2" is the label of the actor's second unnamed socket.
        luaL_argcheck (L, !digits, 2, "a socket name is not a number");
    }
    actor_run_t *run = actor_run_of (L);
    probe_sock_t *self = lua_newuserdatauv (L, sizeof *self, 2);
    memset (self, 0, sizeof *self);
    self->tag = &probe_socket_tag;
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
    int zero = 0, one = 1;
    zmq_setsockopt (self->zsock, ZMQ_LINGER, &zero, sizeof zero);
    //  A ROUTER drops what it cannot route without a word; told, we count
    //  it (unroutable) and still drop it, unless the behaviour asked for
    //  ROUTER_MANDATORY itself (probe_send.c).
    if (type == ZMQ_ROUTER)
        zmq_setsockopt (self->zsock, ZMQ_ROUTER_MANDATORY, &one, sizeof one);
    self->rec = lab_sock_new (self->lab, actor, type, sockname, s_nth (run, sockname));
    if (!self->rec) {
        zmq_close (self->zsock);
        self->zsock = NULL;
        return luaL_error (L, "out of memory");
    }
    snprintf (self->label, sizeof self->label, "%s", self->rec->label);
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
    max = probe_max_msg_size (self->type, current >= 0 ? current : outside_max_msg_size (outside));
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
    probe_sock_t *self = probe_check (L);
    const char *endpoint = luaenv_checkcstring (L, 2);
    luaL_argcheck (L, strlen (endpoint) < LAB_ENDPOINT_MAX, 2, "endpoint too long");
    static const char *names [] = { "bind", "connect", "disconnect" };
    char moved [LAB_ENDPOINT_MAX];
    if (which == 0 && strcmp (endpoint, "inproc://zeromq.zap.01") == 0) {
        //  Every tcp/ipc handshake in the lab would wait for its answers.
        char context [96];
        snprintf (context, sizeof context, "bind %s: kept by zmqlab (it refuses old peers with ZAP)",
                  endpoint);
        return actor_fail (L, self->run, EADDRINUSE, context);
    }
    if (!endpoint_tcp_port_valid (endpoint)) {
        //  libzmq would quietly use another port (99999 is 34463).
        char context [LAB_ENDPOINT_MAX + 64];
        snprintf (context, sizeof context, "%s %s: the port must be 0 to 65535, or *",
                  names [which], endpoint);
        actor_count_error (self->run, EINVAL, context);
        lua_pushnil (L);
        lua_pushliteral (L, "the tcp port must be 0 to 65535, or *");
        lua_pushliteral (L, "EINVAL");
        return 3;
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
            return actor_fail (L, self->run, errnum, context);
        }
    }
    if (which == 1 && self->watched)
        endpoint = lab_connect_endpoint (self->lab, endpoint, moved);
    rc = which == 0 ? ZMQ_AGAIN_ON_EINTR (zmq_bind (self->zsock, endpoint))
       : which == 1 ? ZMQ_AGAIN_ON_EINTR (zmq_connect (self->zsock, endpoint))
       : ZMQ_AGAIN_ON_EINTR (zmq_disconnect (self->zsock, endpoint));
    if (rc == 0 && which == 2 && self->watched) {
        //  libzmq tells the monitor nothing of a connection ended this way.
        outside_endpoint_closed (lab_outside (self->lab), self->rec, endpoint);
        memset (self->peers, 0, sizeof self->peers);
    }
    if (rc != 0) {
        char context [LAB_ENDPOINT_MAX + 16];
        snprintf (context, sizeof context, "%s %s", names [which], endpoint);
        return actor_fail (L, self->run, zmq_errno (), context);
    }
    //  A wildcard bind (tcp://*:*) is recorded as what it became.
    char actual [LAB_ENDPOINT_MAX];
    size_t size = sizeof actual;
    if (which == 0 && strchr (endpoint, '*') && strncmp (endpoint, "tcp://", 6) == 0
    &&  zmq_getsockopt (self->zsock, ZMQ_LAST_ENDPOINT, actual, &size) == 0)
        endpoint = actual;
    if (which == 0 && self->n_bound < BOUND_MAX) {
        self->bound [self->n_bound] = strdup (endpoint);
        if (self->bound [self->n_bound])
            s_note_ipc_file (self, self->n_bound++);
    }
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

static int
l_peers (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
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
    lua_pushfstring (L, "socket %s%s", self->label, self->zsock ? "" : " (closed)");
    return 1;
}

//  zmq.poll({s1, s2, …}, timeout) -> { ready sockets }. TIMEOUT is lab
//  seconds; nil or -1 waits for ever, as -1 does in zmq_poll (its only
//  documented negative). Any other negative is a mistake, most likely a
//  duration: an error, not a wait for ever.
static int
l_poll (lua_State *L)
{
    luaL_checktype (L, 1, LUA_TTABLE);
    double timeout = luaL_optnumber (L, 2, -1);
    luaL_argcheck (L, timeout == -1 || (timeout >= 0 && timeout < 1e9), 2,
                   "timeout is lab seconds, 0 or more; -1 or nil waits for ever");
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
    //  Ready already? Then no state change and no wait.
    int rc = zmq_poll (items, (int) n, 0);
    if (rc <= 0 && timeout != 0) {
        wait_result_t waited = actor_wait (run, items, (int) n, actor_deadline (run, timeout),
                                           ACTOR_BLOCKED_RECV);
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
        { "set", probe_l_set }, { "get", probe_l_get }, { "send", probe_l_send },
        { "send_multipart", probe_l_send_multipart }, { "recv", probe_l_recv },
        { "recv_multipart", probe_l_recv_multipart }, { "peers", l_peers },
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
