/*  monitor.c — the thread that reads every socket monitor (see monitor.h).

    Each monitor's reading end is made on an actor's thread and handed
    over under self->lock (the full memory barrier libzmq asks for when a
    socket changes threads); from then on only the monitor thread uses it.
*/
#include "monitor.h"
#include "eintr.h"
#include "labclock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

enum { WATCHES_MAX = 1024, PENDING_MAX = 16, FAILURE_MAX = 96, TICK_MS = 1000 };

typedef struct {
    void *pair;                     //  reads the monitor's events
    sock_rec_t *sock;
    char failure [FAILURE_MAX];     //  a handshake failed: told at the disconnect
    //  Connections whose handshake has not succeeded yet, oldest first
    //  (libzmq's success event names none: handshakes end in about the
    //  order they began).
    int pending [PENDING_MAX];
    int n_pending;
} watch_t;

struct monitor_t {
    void *ctx;
    monitor_handler_t handler;
    int wake_fd;                    //  eventfd: a new watch, a drain, or stop
    _Atomic bool stop;
    pthread_mutex_t lock;           //  everything below
    pthread_t thread;
    bool started;
    pthread_cond_t drained;         //  signalled when drain_done moves
    uint64_t drain_asked, drain_done;
    watch_t *handed [WATCHES_MAX];  //  made by actors, not yet taken
    size_t n_handed;
    size_t n_watches;               //  handed or taken, until their monitor stops
};

monitor_t *
monitor_new (void *ctx, const monitor_handler_t *handler)
{
    monitor_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (self->wake_fd < 0) {
        free (self);
        return NULL;
    }
    self->ctx = ctx;
    self->handler = *handler;
    atomic_init (&self->stop, false);
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->drained, NULL);
    return self;
}

static void
s_wake (monitor_t *self)
{
    uint64_t one = 1;
    if (write (self->wake_fd, &one, sizeof one) < 0) {
        //  The counter is full: the thread is awake anyway.
    }
}

void
monitor_destroy (monitor_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    monitor_t *self = *self_p;
    pthread_mutex_lock (&self->lock);
    bool started = self->started;
    atomic_store (&self->stop, true);
    pthread_cond_broadcast (&self->drained);
    pthread_mutex_unlock (&self->lock);
    s_wake (self);
    if (started)
        pthread_join (self->thread, NULL);
    for (size_t i = 0; i < self->n_handed; i++) {
        zmq_close (self->handed [i]->pair);
        free (self->handed [i]);
    }
    close (self->wake_fd);
    pthread_cond_destroy (&self->drained);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

static void *s_thread (void *arg);

int
monitor_watch (monitor_t *self, sock_rec_t *rec, void *zsock)
{
    watch_t *watch = calloc (1, sizeof *watch);
    if (!watch)
        return -1;
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://zmqlab-monitor-%d", rec->id);
    int events = ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED
               | ZMQ_EVENT_HANDSHAKE_SUCCEEDED
               | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
               | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_MONITOR_STOPPED;
    if (ZMQ_AGAIN_ON_EINTR (zmq_socket_monitor (zsock, endpoint, events)) != 0) {
        free (watch);
        return -1;
    }
    //  Connected before the first bind/connect, so no event is missed.
    watch->pair = zmq_socket (self->ctx, ZMQ_PAIR);
    int zero = 0;
    if (!watch->pair
    ||  zmq_setsockopt (watch->pair, ZMQ_LINGER, &zero, sizeof zero) != 0
    ||  ZMQ_AGAIN_ON_EINTR (zmq_connect (watch->pair, endpoint)) != 0) {
        if (watch->pair)
            zmq_close (watch->pair);
        ZMQ_AGAIN_ON_EINTR (zmq_socket_monitor (zsock, NULL, 0));
        free (watch);
        return -1;
    }
    watch->sock = rec;
    sock_hold (rec);            //  until its monitor stopped (s_thread)
    pthread_mutex_lock (&self->lock);
    //  Never more than the thread can poll: a monitor nobody reads stalls
    //  libzmq's I/O thread.
    bool ok = self->n_watches < WATCHES_MAX && !atomic_load (&self->stop);
    if (ok && !self->started)
        ok = self->started = pthread_create (&self->thread, NULL, s_thread, self) == 0;
    if (ok) {
        self->handed [self->n_handed++] = watch;
        self->n_watches++;
    }
    pthread_mutex_unlock (&self->lock);
    if (!ok) {
        sock_let_go (rec);
        zmq_close (watch->pair);
        ZMQ_AGAIN_ON_EINTR (zmq_socket_monitor (zsock, NULL, 0));
        free (watch);
        return -1;
    }
    s_wake (self);
    return 0;
}

void
monitor_drain (monitor_t *self)
{
    pthread_mutex_lock (&self->lock);
    if (self->started && !atomic_load (&self->stop)) {
        uint64_t ticket = ++self->drain_asked;
        s_wake (self);
        //  A bound, so a stuck thread cannot hold an actor forever; a
        //  generous one, as a slow watcher (a loaded machine, a sanitizer)
        //  that misses it lets a refused connection's messages through.
        struct timespec until;
        clock_gettime (CLOCK_REALTIME, &until);
        until.tv_sec += 10;
        while (self->drain_done < ticket && !atomic_load (&self->stop))
            if (pthread_cond_timedwait (&self->drained, &self->lock, &until) != 0)
                break;
    }
    pthread_mutex_unlock (&self->lock);
}

//  --- the monitor thread -----------------------------------------------------

//  Takes FD (or, when FD is -1, the oldest) off the pending handshakes.
//  True if it was there.
static bool
s_handshake_over (watch_t *watch, int fd)
{
    for (int i = 0; i < watch->n_pending; i++)
        if (fd < 0 || watch->pending [i] == fd) {
            memmove (&watch->pending [i], &watch->pending [i + 1],
                     (size_t) (watch->n_pending - i - 1) * sizeof watch->pending [0]);
            watch->n_pending--;
            return true;
        }
    return false;
}

static void
s_on_event (monitor_t *self, watch_t *watch, uint16_t event, uint32_t value,
            const char *endpoint)
{
    const monitor_handler_t *handler = &self->handler;
    if (event == ZMQ_EVENT_ACCEPTED || event == ZMQ_EVENT_CONNECTED) {
        if (watch->n_pending == PENDING_MAX)
            s_handshake_over (watch, -1);
        watch->pending [watch->n_pending++] = (int) value;
        handler->connected (handler->arg, watch->sock, event == ZMQ_EVENT_ACCEPTED,
                            (int) value, endpoint);
    }
    else
    if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        s_handshake_over (watch, -1);
    else
    if (event == ZMQ_EVENT_DISCONNECTED) {
        bool pending = s_handshake_over (watch, (int) value);
        handler->disconnected (handler->arg, watch->sock, (int) value, pending, watch->failure);
        watch->failure [0] = 0;
    }
    else
    if (event == ZMQ_EVENT_MONITOR_STOPPED)
        handler->stopped (handler->arg, watch->sock);
    else {
        //  A failed handshake: libzmq ends that connection next, with a
        //  DISCONNECTED that names it; the reason waits for it.
        snprintf (watch->failure, sizeof watch->failure, MONITOR_HANDSHAKE_FAILED "%s%s",
                  event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? ": " : "",
                  event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ? strerror ((int) value) : "");
    }
}

typedef enum { READ_NONE, READ_EVENT, READ_STOPPED } read_t;

//  Reads one event (two frames), if there is one.
static read_t
s_read_event (monitor_t *self, watch_t *watch)
{
    zmq_msg_t head, address;
    zmq_msg_init (&head);
    zmq_msg_init (&address);
    read_t read = READ_NONE;
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
        s_on_event (self, watch, event, value, endpoint);
        read = event == ZMQ_EVENT_MONITOR_STOPPED ? READ_STOPPED : READ_EVENT;
    }
    zmq_msg_close (&head);
    zmq_msg_close (&address);
    return read;
}

//  The thread must keep reading: libzmq's I/O thread waits on a monitor
//  nobody reads. So it never gives up, not even when memory is short (it
//  then takes new monitors later).
static void *
s_thread (void *arg)
{
    monitor_t *self = arg;
    watch_t *watches [WATCHES_MAX];
    zmq_pollitem_t items [WATCHES_MAX + 1];
    size_t n = 0;
    double next_tick = labclock_monotonic () + TICK_MS / 1000.0;
    while (!atomic_load (&self->stop)) {
        pthread_mutex_lock (&self->lock);
        while (self->n_handed && n < WATCHES_MAX)
            watches [n++] = self->handed [--self->n_handed];
        uint64_t drain = self->drain_asked;
        bool draining = drain != self->drain_done;
        pthread_mutex_unlock (&self->lock);
        items [0] = (zmq_pollitem_t) { NULL, self->wake_fd, ZMQ_POLLIN, 0 };
        for (size_t i = 0; i < n; i++)
            items [i + 1] = (zmq_pollitem_t) { watches [i]->pair, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (items, (int) n + 1, draining ? 0 : TICK_MS) < 0 && zmq_errno () == ETERM)
            break;
        if (items [0].revents) {
            uint64_t count;
            if (read (self->wake_fd, &count, sizeof count) < 0) {
                //  EAGAIN: another wake took it.
            }
        }
        //  Every event there is; when an actor asked for a drain, until
        //  every monitor is empty.
        for (size_t i = 0; i < n; i++) {
            if (!items [i + 1].revents && !draining)
                continue;
            read_t got;
            while ((got = s_read_event (self, watches [i])) == READ_EVENT && draining)
                ;
            if (got == READ_STOPPED) {
                zmq_close (watches [i]->pair);
                sock_let_go (watches [i]->sock);
                free (watches [i]);
                watches [i] = NULL;
                pthread_mutex_lock (&self->lock);
                self->n_watches--;
                pthread_mutex_unlock (&self->lock);
            }
        }
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (watches [i])
                watches [kept++] = watches [i];
        n = kept;
        if (draining) {
            pthread_mutex_lock (&self->lock);
            self->drain_done = drain;
            pthread_cond_broadcast (&self->drained);
            pthread_mutex_unlock (&self->lock);
        }
        if (labclock_monotonic () >= next_tick) {
            self->handler.tick (self->handler.arg);
            next_tick = labclock_monotonic () + TICK_MS / 1000.0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        zmq_close (watches [i]->pair);
        free (watches [i]);
    }
    return NULL;
}
