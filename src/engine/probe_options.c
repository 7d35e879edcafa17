/*  probe_options.c — socket options as a behaviour sets and reads them
    (sock:set, sock:get), and as the controller sets them on a running
    actor's sockets (probe_apply_option, from actor_thread.c). The option
    table says each option's kind; the lab records what its views show
    (HWMs, subscriptions). Runs on the actor's thread.
*/
#include "probe_sock.h"
#include "probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    const char *name = luaenv_checkcstring (L, arg);
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
            counter_add (&self->rec->subscriptions, 1);
            counter_add (&self->actor->subscriptions, 1);
            //  Messages filtered out meanwhile are neither lost nor missed
            //  by accident: a gap across this change counts as missed.
            self->epoch++;
            actor_message_event (self->run, on ? EVENT_SUBSCRIBE : EVENT_UNSUBSCRIBE,
                                 NULL, 0, bytes, len);
        }
        return 0;
    }
    if (option == ZMQ_MAXMSGSIZE) {
        //  libzmq takes this one as int64_t
        int64_t limit = probe_max_msg_size (self->type, number);
        return zmq_setsockopt (self->zsock, option, &limit, sizeof limit) != 0 ? zmq_errno () : 0;
    }
    if (option == ZMQ_ROUTER_MANDATORY && self->type == ZMQ_ROUTER) {
        self->mandatory = number != 0;      //  libzmq's stays on: see probe.c
        return 0;
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

int
probe_l_set (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
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
    int option = s_options [index].option;
    if (option == ZMQ_SUBSCRIBE || option == ZMQ_UNSUBSCRIBE)
        luaL_argcheck (L, len <= LAB_SUBSCRIPTION_MAX, 3,
                       lua_pushfstring (L, "a subscription of %I bytes: at most %d",
                                        (lua_Integer) len, (int) LAB_SUBSCRIPTION_MAX));
    int errnum = s_apply (self, index, bytes, len, number);
    if (errnum) {
        char context [64];
        snprintf (context, sizeof context, "set %s", s_options [index].name);
        return actor_fail (L, self->run, errnum, context);
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
    size_t len = strlen (value);
    if ((option == ZMQ_SUBSCRIBE || option == ZMQ_UNSUBSCRIBE) && len > LAB_SUBSCRIPTION_MAX) {
        char context [96];
        snprintf (context, sizeof context, "%s of %zu bytes (at most %d)",
                  s_options [index].name, len, (int) LAB_SUBSCRIPTION_MAX);
        actor_count_error (self->run, EMSGSIZE, context);
        return;
    }
    int errnum = s_apply (self, index, value, len, (int) number);
    if (errnum)
        actor_count_error (self->run, errnum, s_options [index].name);
}

int64_t
probe_max_msg_size (int type, int64_t limit)
{
    //  What a PUB or XPUB reads is subscriptions: none longer than ours.
    int64_t cap = LAB_SUBSCRIPTION_MAX + 1;
    if ((type == ZMQ_PUB || type == ZMQ_XPUB) && (limit < 0 || limit > cap))
        return cap;
    return limit;
}

int
probe_l_get (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
    int index = s_find_option (L, 2);
    int option = s_options [index].option;
    if (option == ZMQ_SUBSCRIBE || option == ZMQ_UNSUBSCRIBE)
        return luaL_error (L, "%s can be set, not read", s_options [index].name);
    if (s_options [index].kind == OPT_BYTES) {
        char value [256];
        size_t size = sizeof value;
        if (zmq_getsockopt (self->zsock, option, value, &size) != 0)
            return actor_fail (L, self->run, zmq_errno (), "get");
        lua_pushlstring (L, value, size);
        return 1;
    }
    if (option == ZMQ_MAXMSGSIZE) {
        int64_t value;
        size_t size = sizeof value;
        if (zmq_getsockopt (self->zsock, option, &value, &size) != 0)
            return actor_fail (L, self->run, zmq_errno (), "get");
        lua_pushinteger (L, (lua_Integer) value);
        return 1;
    }
    if (option == ZMQ_ROUTER_MANDATORY && self->type == ZMQ_ROUTER) {
        lua_pushboolean (L, self->mandatory);
        return 1;
    }
    int value;
    size_t size = sizeof value;
    if (zmq_getsockopt (self->zsock, option, &value, &size) != 0)
        return actor_fail (L, self->run, zmq_errno (), "get");
    if (s_options [index].kind == OPT_BOOL)
        lua_pushboolean (L, value);
    else
        lua_pushinteger (L, value);
    return 1;
}
