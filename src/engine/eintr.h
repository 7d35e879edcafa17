/*  eintr.h — libzmq's bind, connect, disconnect, unbind, socket_monitor
    and send first process the socket's pending commands, and fail with
    EINTR, having done nothing else, when a signal arrives meanwhile. An
    actor's thread gets one whenever its Lua hook is armed (actor_run.c), so
    such a call is made again rather than reported: a publisher crashed on
    its first line, "bind: Interrupted system call", when a lesson slowed
    the lab, and an actor's last "$DONE" lost that way left actor_join
    waiting for good. For calls that return -1 on failure.
*/
#ifndef ZMQLAB_EINTR_H
#define ZMQLAB_EINTR_H

#include <errno.h>
#include <zmq.h>

#define ZMQ_AGAIN_ON_EINTR(call) __extension__ ({ \
    int rc_; \
    do rc_ = (call); \
    while (rc_ == -1 && zmq_errno () == EINTR); \
    rc_; })

#endif
