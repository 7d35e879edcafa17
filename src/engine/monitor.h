/*  monitor.h — one thread that reads libzmq's socket monitors: every tcp
    or ipc socket of the lab gets a monitor, and this thread turns their
    events into calls of a handler (outside.c's), so that the monitors are
    always read (a monitor nobody reads stalls libzmq's I/O thread).

    Threads: monitor_watch and monitor_drain are called on an actor's
    thread; the handler runs on the monitor's own thread, never under the
    monitor's lock; monitor_new/destroy on the controller.
*/
#ifndef ZMQLAB_MONITOR_H
#define ZMQLAB_MONITOR_H

#include "internal.h"

//  The start of a failed handshake's reason, as the handler is told it.
#define MONITOR_HANDSHAKE_FAILED "not a ZeroMQ peer? handshake failed"

typedef struct monitor_t monitor_t;

typedef struct {
    void *arg;                      //  passed to each call
    //  A connection on FD to SOCK was accepted (ACCEPTED) or made.
    void (*connected) (void *arg, sock_rec_t *sock, bool accepted, int fd,
                       const char *endpoint);
    //  The connection on FD ended: once per connection. PENDING: its
    //  handshake had not succeeded; FAILURE: why it failed when libzmq
    //  said (libzmq tells a failed handshake, then the end), else "".
    void (*disconnected) (void *arg, sock_rec_t *sock, int fd, bool pending,
                          const char *failure);
    //  SOCK closed: its connections went with it, unannounced.
    void (*stopped) (void *arg, sock_rec_t *sock);
    //  About once a second.
    void (*tick) (void *arg);
} monitor_handler_t;

//  CTX makes the reading sockets. The thread starts at the first watch.
monitor_t *monitor_new (void *ctx, const monitor_handler_t *handler);
//  Stops the thread and closes every reading socket: before zmq_ctx_term.
void monitor_destroy (monitor_t **self_p);
//  Actor thread, before REC's first tcp/ipc bind or connect: starts
//  libzmq's monitor on ZSOCK. 0, or -1 (no memory, too many, stopping).
int monitor_watch (monitor_t *self, sock_rec_t *rec, void *zsock);
//  Actor thread: waits (up to 2 s) until every event so far was handled.
void monitor_drain (monitor_t *self);

#endif
