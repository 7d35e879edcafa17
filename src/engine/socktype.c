/*  socktype.c — socket type names and flows (see socktype.h).
*/
#include "socktype.h"

#include <stddef.h>
#include <strings.h>
#include <zmq.h>

static const struct { const char *name; int type; } s_types [] = {
    { "REQ", ZMQ_REQ }, { "REP", ZMQ_REP }, { "PUB", ZMQ_PUB }, { "SUB", ZMQ_SUB },
    { "PUSH", ZMQ_PUSH }, { "PULL", ZMQ_PULL }, { "DEALER", ZMQ_DEALER },
    { "ROUTER", ZMQ_ROUTER }, { "PAIR", ZMQ_PAIR }, { "XPUB", ZMQ_XPUB },
    { "XSUB", ZMQ_XSUB }, { NULL, 0 }
};

const char *
socktype_name (int type)
{
    for (int i = 0; s_types [i].name; i++)
        if (s_types [i].type == type)
            return s_types [i].name;
    return "?";
}

int
socktype_from_name (const char *name)
{
    for (int i = 0; name && s_types [i].name; i++)
        if (strcasecmp (s_types [i].name, name) == 0)
            return s_types [i].type;
    return -1;
}

bool
socktype_is_pub (int type)
{
    return type == ZMQ_PUB || type == ZMQ_XPUB;
}

bool
socktype_flows (int from, int to)
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

bool
socktype_inbound (int type)
{
    return type == ZMQ_PULL || type == ZMQ_SUB || type == ZMQ_XSUB
        || type == ZMQ_REP || type == ZMQ_ROUTER || type == ZMQ_PAIR;
}
