/*  outside_records.h — the records of outside.c, for the files that read
    them: outside.c (the table: its monitor calls, the actor threads'
    questions) and outside_view.c (snapshots). Nobody else includes it.
    Everything in an outside_t below its lock is read and written under it.
*/
#ifndef ZMQLAB_OUTSIDE_RECORDS_H
#define ZMQLAB_OUTSIDE_RECORDS_H

#include "outside.h"
#include "monitor.h"
#include "whois.h"

enum { PEERS_MAX = 1024, DETAIL_MAX = 96, TYPE_MAX = 8 };

typedef enum { PEER_LIVE, PEER_GONE } peer_state_t;

//  One connection of one of the lab's sockets (see outside.c).
struct peer_rec_t {
    char name [LAB_NAME_MAX];       //  "ext1"; "" for internal connections
    sock_rec_t *sock;               //  the lab's socket at this end
    _Atomic int state;              //  peer_state_t
    _Atomic unsigned generation;    //  bumped when the record ends or is reused
    //  Added to by the actor thread of whichever socket the record is for
    //  (a reused record changes socket), reset by the watcher: shared.
    shared_counter_t received, sent;    //  messages from / to the peer
    shared_counter_t bytes;         //  bytes of the messages read from it
    //  Under the outside lock:
    uint64_t serial;                //  when it (re)started: newer is larger
    int fd;                         //  kept after the end: queued messages name it
    const void *meta;               //  metadata of its messages, once one was read
    zmq_msg_t held;                 //  a copy of that message: keeps the metadata,
    bool holding;                   //  so its address names no other connection
    whois_t who;
    char other_label [LAB_LABEL_MAX];   //  internal: the lab's socket there
    char endpoint [LAB_ENDPOINT_MAX];   //  ours: "tcp://127.0.0.1:5555"
    char type [TYPE_MAX];           //  the peer's socket type, once a message told
    char detail [DETAIL_MAX];       //  why it went ("handshake failed: …")
    int connects;
    bool refused;                   //  ended as over the limit: nothing of it counts
    double left_at;                 //  monotonic seconds
};

struct outside_t {
    events_t *events;               //  the lab's event ring: joins, leaves, errors
    notify_t *notify;               //  raised when a peer comes or goes
    _Atomic uint64_t events_dropped;    //  events of ours the full ring refused
    monitor_t *monitor;             //  the thread that reads the monitors
    _Atomic unsigned changes;       //  bumped when an outside peer comes or goes
    pthread_mutex_t lock;           //  everything below
    peer_rec_t *peers [PEERS_MAX];
    size_t n_peers;
    uint64_t serial;
    int next_number;
    int max_peers;
    int64_t max_msg_size;
    uint64_t refused, handshake_failed;
};

static inline bool
peer_live (const peer_rec_t *peer)
{
    return atomic_load (&peer->state) == PEER_LIVE;
}

static inline bool
peer_outside (const peer_rec_t *peer)
{
    return !peer->who.internal;
}

//  Lock held. The newest refused record of a connection from HOST to SOCK.
peer_rec_t *outside_last_refused (outside_t *self, sock_rec_t *sock, const char *host);

//  Lock held. Live outside peers of SOCK (of every socket when NULL).
size_t outside_live_count (outside_t *self, sock_rec_t *sock);

#endif
