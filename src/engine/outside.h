/*  outside.h — programs outside zmqlab, seen through libzmq's socket monitor.
    Internal to the engine (lab.c and probe.c); see outside.c.
*/
#ifndef ZMQLAB_OUTSIDE_H
#define ZMQLAB_OUTSIDE_H

#include "internal.h"

typedef struct outside_t outside_t;

typedef enum { PEER_LIVE, PEER_GONE } peer_state_t;

//  One connection of one of the lab's sockets over tcp or ipc. Records are
//  never freed before outside_destroy; a gone one may be reused later (its
//  generation changes), so holders of a pointer check the generation.
typedef struct {
    char name [LAB_NAME_MAX];       //  "ext1"; "" for internal connections
    sock_rec_t *sock;               //  the lab's socket at this end
    _Atomic int state;              //  peer_state_t
    _Atomic unsigned generation;    //  bumped when the record ends or is reused
    //  Written by the socket's owner thread only:
    counter_t received;             //  messages the socket got from the peer
    counter_t sent;                 //  messages the socket sent to it, where known
    //  Under the outside lock:
    int fd;                         //  -1 once gone
    bool internal;                  //  the other end is one of the lab's sockets
    char address [64];              //  "127.0.0.1:53422", "pid 4242"
    char host [48];                 //  address without the port: reuse key
    char endpoint [LAB_ENDPOINT_MAX];   //  ours: "tcp://127.0.0.1:5555"
    char type [8];                  //  the peer's socket type, once a message told
    char detail [96];               //  why it went ("handshake failed: …")
    int connects;
    double left_at;                 //  monotonic seconds, when it went
} peer_rec_t;

outside_t *outside_new (lab_t *lab);
//  After every actor has stopped, before zmq_ctx_term.
void outside_destroy (outside_t **self_p);

//  Settings (controller, before spawning).
void outside_set_max_peers (outside_t *self, int max);
void outside_set_max_msg_size (outside_t *self, int64_t bytes);
int64_t outside_max_msg_size (outside_t *self);

//  Actor thread, before a socket's first tcp/ipc bind or connect: starts
//  libzmq's monitor on ZSOCK and hands its reading end to the watcher.
int outside_watch (outside_t *self, sock_rec_t *rec, void *zsock);
//  Actor thread: the connection behind FD (ZMQ_SRCFD of a message REC
//  received), with its generation and whether the other end is one of the
//  lab's own sockets, and its name (LAB_NAME_MAX bytes); NULL when it is
//  already closed.
peer_rec_t *outside_peer (outside_t *self, sock_rec_t *rec, int fd,
                          unsigned *generation, bool *internal, char *name);
//  Actor thread: the one peer REC is connected to when that is an outside
//  one and REC has no other connection; else NULL.
peer_rec_t *outside_sole_peer (outside_t *self, sock_rec_t *rec, unsigned *generation);
//  Actor thread, on a message from PEER: remembers its socket type.
void outside_peer_type (outside_t *self, peer_rec_t *peer, const char *type);

//  Snapshots (lab lock held): the outside peers ever seen, as actors and
//  links. Returns how many were written (at most max).
size_t outside_count (outside_t *self);
size_t outside_fill (outside_t *self, actor_stats_t *actors, link_stats_t *links,
                     size_t max);
void outside_totals (outside_t *self, uint64_t *refused, uint64_t *handshake_failed,
                     size_t *live);

#endif
