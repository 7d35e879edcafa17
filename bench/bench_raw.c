/*  bench_raw.c — the benchmark's baseline: the same traffic as the lab
    rounds on raw libzmq sockets, each end a plain C thread.
*/
#include "bench.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

static void
s_die (const char *what)
{
    fprintf (stderr, "bench: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    exit (1);
}

//  --- raw libzmq -----------------------------------------------------------

typedef struct {
    void *ctx;
    const char *endpoint;
    long count;
} raw_push_t;

static void *
s_raw_pusher (void *arg)
{
    raw_push_t *self = arg;
    void *socket = zmq_socket (self->ctx, ZMQ_PUSH);
    if (!socket || zmq_connect (socket, self->endpoint) != 0)
        s_die ("raw push: connect");
    char data [MSG_SIZE];
    memset (data, 'x', sizeof data);
    for (long i = 0; i < self->count; i++)
        if (zmq_send (socket, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw push: send");
    zmq_close (socket);         //  default linger: ctx_term waits for delivery
    return NULL;
}

//  PUSH (a thread) -> PULL (this thread), inproc_thr's shape. Returns msg/s.
double
bench_raw_push_pull (long count)
{
    void *ctx = zmq_ctx_new ();
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    if (!pull || zmq_bind (pull, "inproc://raw-push-pull") != 0)
        s_die ("raw pull: bind");
    raw_push_t push = { ctx, "inproc://raw-push-pull", count };
    pthread_t thread;
    pthread_create (&thread, NULL, s_raw_pusher, &push);
    char data [MSG_SIZE];
    if (zmq_recv (pull, data, sizeof data, 0) != MSG_SIZE)
        s_die ("raw pull: recv");
    double start = bench_now ();
    for (long i = 1; i < count; i++)
        if (zmq_recv (pull, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw pull: recv");
    double elapsed = bench_now () - start;
    pthread_join (thread, NULL);
    zmq_close (pull);
    zmq_ctx_term (ctx);
    return (double) (count - 1) / elapsed;
}

typedef struct {
    void *ctx;
    long count;
    pthread_barrier_t *attached;
    double first, last;         //  when the first and the last message came
    long received;
} raw_sub_t;

static void *
s_raw_subscriber (void *arg)
{
    raw_sub_t *self = arg;
    void *socket = zmq_socket (self->ctx, ZMQ_SUB);
    int zero = 0, timeout = 10000;
    zmq_setsockopt (socket, ZMQ_RCVHWM, &zero, sizeof zero);
    zmq_setsockopt (socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (socket, ZMQ_SUBSCRIBE, "", 0);
    if (zmq_connect (socket, "inproc://raw-pub-sub") != 0)
        s_die ("raw sub: connect");
    pthread_barrier_wait (self->attached);
    char data [MSG_SIZE];
    self->received = 0;
    if (zmq_recv (socket, data, sizeof data, 0) == MSG_SIZE) {
        self->first = bench_now ();
        self->received = 1;
        while (self->received < self->count
           &&  zmq_recv (socket, data, sizeof data, 0) == MSG_SIZE)
            self->received++;
    }
    self->last = bench_now ();
    zmq_close (socket);
    return NULL;
}

//  PUB (this thread) -> 3 SUBs (threads), HWMs 0. Returns per-subscriber msg/s.
double
bench_raw_pub_sub (long count)
{
    void *ctx = zmq_ctx_new ();
    pthread_barrier_t attached;
    pthread_barrier_init (&attached, NULL, SUBSCRIBERS + 1);
    raw_sub_t subs [SUBSCRIBERS];
    pthread_t threads [SUBSCRIBERS];
    for (int i = 0; i < SUBSCRIBERS; i++) {
        subs [i] = (raw_sub_t) { ctx, count, &attached, 0, 0, 0 };
        pthread_create (&threads [i], NULL, s_raw_subscriber, &subs [i]);
    }
    //  The subscribers connected and subscribed: binding now hands their
    //  subscriptions to the PUB before its first send.
    pthread_barrier_wait (&attached);
    void *pub = zmq_socket (ctx, ZMQ_PUB);
    int zero = 0;
    zmq_setsockopt (pub, ZMQ_SNDHWM, &zero, sizeof zero);
    if (zmq_bind (pub, "inproc://raw-pub-sub") != 0)
        s_die ("raw pub: bind");
    char data [MSG_SIZE];
    memset (data, 'x', sizeof data);
    for (long i = 0; i < count; i++)
        if (zmq_send (pub, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw pub: send");
    double first [SUBSCRIBERS], last [SUBSCRIBERS];
    bool complete = true;
    for (int i = 0; i < SUBSCRIBERS; i++) {
        pthread_join (threads [i], NULL);
        first [i] = subs [i].first;
        last [i] = subs [i].last;
        if (subs [i].received != count) {
            fprintf (stderr, "# raw pub/sub: subscriber %d received %ld of %ld\n",
                     i, subs [i].received, count);
            complete = false;
        }
    }
    zmq_close (pub);
    zmq_ctx_term (ctx);
    pthread_barrier_destroy (&attached);
    return complete ? bench_fan_out_rate (first, last, count) : 0;
}
