/*  snapshot.h — what the lab tells about itself: the telemetry's data types
    (actor states, error and event kinds, the counts of actors, sockets and
    links, one event) and the pure readers of a snapshot.

    This is all a reader of telemetry needs — the view includes this header,
    never lab.h, so it cannot reach a socket, a thread or a Lua state. A
    snapshot is a pure read taken by lab_snapshot (lab.h); any thread may read
    one it holds.
*/
#ifndef ZMQLAB_SNAPSHOT_H
#define ZMQLAB_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    ACTOR_STARTING,
    ACTOR_RUNNING,
    ACTOR_SLEEPING,
    ACTOR_BLOCKED_SEND,
    ACTOR_BLOCKED_RECV,
    ACTOR_WAITING_INPUT,    //  waiting for text fed by lab_feed (client.py's input())
    ACTOR_WAITING_STEP,     //  stepping mode: a send waits for a permit
    ACTOR_PAUSED,
    ACTOR_CRASHED,          //  Lua error; the message is in actor_stats_t.detail
    ACTOR_STOPPED,          //  finished or killed; detail says which
    ACTOR_EXTERNAL,         //  an outside program connected over tcp/ipc
    ACTOR_STATE_COUNT
} actor_state_t;

//  ZeroMQ errors are counted by kind; everything unnamed is ERR_OTHER.
typedef enum {
    ERR_EAGAIN, ERR_EFSM, ERR_EHOSTUNREACH, ERR_EINVAL, ERR_ENOTSUP,
    ERR_EADDRINUSE, ERR_ECONNREFUSED, ERR_EMSGSIZE, ERR_ETERM, ERR_OTHER,
    ERR_KIND_COUNT
} error_kind_t;

typedef enum {
    EVENT_SEND, EVENT_RECV, EVENT_DROP, EVENT_MISSED, EVENT_ERROR,
    EVENT_JOIN,             //  bind / connect / link created
    EVENT_SUBSCRIBE, EVENT_UNSUBSCRIBE,
    EVENT_LOG,              //  a behaviour's log() line, like the tutorial's print()
    EVENT_STATE,            //  crashed / stopped / started
    EVENT_KIND_COUNT
} event_kind_t;

enum { LAB_NAME_MAX = 32, LAB_LABEL_MAX = 48, LAB_ENDPOINT_MAX = 128,
       LAB_DETAIL_MAX = 256, LAB_EVENT_TEXT_MAX = 96, LAB_REPORT_MAX = 16 };

typedef struct {
    char key[LAB_NAME_MAX];
    char value[64];
} lab_report_t;

typedef struct {
    char name[LAB_NAME_MAX];        //  unique in the lab
    char behaviour[LAB_NAME_MAX];
    actor_state_t state;
    bool paused;                    //  paused by actor_pause (state may lag)
    uint64_t sent, received;        //  whole messages, all sockets
    uint64_t lost;                  //  gaps after the first message seen
    uint64_t missed;                //  sent before this actor's subscription took
    //  Of what this actor sent (its sockets now, as senders; see law.h):
    uint64_t discarded;             //  died unread in a closed receiver's queue,
                                    //  or never routable (unroutable counts those)
    uint64_t unroutable;            //  ROUTER: to no peer, dropped by libzmq
    uint64_t in_flight;             //  sent, not yet received nor discarded
    //  Subscription traffic, apart from sent: a SUB's or XSUB's subscribe
    //  and unsubscribe requests (libzmq sends each to every publisher it is
    //  connected to, and again on a reconnect), an XPUB's subscription
    //  messages read (in received too). No link carries them: an XPUB
    //  cannot tell which subscriber a subscription came from, and hands up
    //  only the first of equal ones.
    uint64_t subscriptions;
    uint64_t errors;                //  sum of errors_by_kind
    uint64_t errors_by_kind[ERR_KIND_COUNT];
    int restarts;
    char detail[LAB_DETAIL_MAX];    //  crash "file:line: message", or stop reason
    char last_error[LAB_DETAIL_MAX];//  last zmq error text seen by the behaviour
    lab_report_t reports[LAB_REPORT_MAX];   //  values set by report(key, value)
    int n_reports;
    bool external;                  //  an outside program ("ext1"), not an actor
    char address[64];               //  external: "127.0.0.1:53422", "ipc, pid 42"
} actor_stats_t;

typedef struct {
    int id;                         //  the socket's number, never reused in a lab
    char actor[LAB_NAME_MAX];       //  owner
    char label[LAB_LABEL_MAX];      //  stamp label: "pub", "vent.sink"
    char type[8];                   //  "PUB", "SUB", …
    int sndhwm, rcvhwm;
    bool closed;
    char endpoints[256];            //  "bind inproc://a, connect inproc://b"
    char subscriptions[256];        //  SUB only: quoted prefixes
    uint64_t sent, received;
    //  As a sender, over its links to the lab's sockets (see law.h):
    uint64_t delivered, lost, missed;
    uint64_t discarded;             //  in closed receivers' queues, + unroutable
    uint64_t unroutable;            //  ROUTER: to no peer (or a full one), dropped
    uint64_t in_flight;             //  sent and not yet accounted on any link
    bool outside;                   //  has links to outside programs: unstamped,
                                    //  so its law cannot be checked
    bool carried_on;                //  closed, and a restart's socket of its label
                                    //  carries its figures on (the law counts them
                                    //  there: receivers tell senders by label)
    uint64_t subscription_msgs;     //  actor_stats_t.subscriptions, of this socket
} socket_stats_t;

typedef struct {
    char from[LAB_LABEL_MAX];       //  sending socket label
    char to[LAB_LABEL_MAX];         //  receiving socket label
    char from_actor[LAB_NAME_MAX], to_actor[LAB_NAME_MAX];
    int from_socket;                //  the sender's index in sockets; -1 outside
    char endpoint[LAB_ENDPOINT_MAX];
    bool active;                    //  false once either side closed: the
                                    //  row of a pair's ended links (a
                                    //  restarted actor's old ones, folded);
                                    //  a pair has one active row at most
    uint64_t delivered, lost;
    uint64_t missed;                //  messages before the first one seen
    uint64_t missed_first, missed_last;     //  range of the first topic's miss
    uint64_t in_flight;             //  accepted by the sender, not yet seen
    bool in_flight_known;           //  false: a round-robin sender with other open
                                    //  links; its total is on the sender's socket
    uint64_t discarded;             //  died unread in the receiver's queue as it
                                    //  closed (discard_reason)
    int64_t capacity;               //  SNDHWM + RCVHWM; -1 unlimited; 0 unknown
    bool external;                  //  to or from an outside program: unstamped,
                                    //  so never gap-checked (no lost, no missed)
    bool counted;                   //  false: libzmq does not say which peer got
                                    //  what, so delivered is not known per peer
} link_stats_t;

typedef struct {
    uint64_t id;                    //  increasing; gaps mean the ring overflowed
    double time;                    //  lab seconds
    event_kind_t kind;
    char actor[LAB_NAME_MAX];       //  where it happened
    char peer[LAB_LABEL_MAX];       //  the other socket, when known
    uint64_t seq;                   //  stamp sequence, 0 when none
    char text[LAB_EVENT_TEXT_MAX];  //  message text (stamp stripped) or detail
} lab_event_t;

//  A snapshot is a pure read: raw counts and the times they were read at.
//  Rates come from two snapshots (their counts over real_time's difference).
typedef struct {
    double time;                    //  lab seconds
    double real_time;               //  monotonic seconds when it was taken
    double speed;
    bool paused, stepping;
    size_t n_actors, n_sockets, n_links;
    actor_stats_t *actors;
    socket_stats_t *sockets;
    link_stats_t *links;
    uint64_t events_dropped;        //  ring overflow: events lost, never counters
    uint64_t events_sampled_out;    //  message events skipped above the rate cap
    //  Outside programs (tcp/ipc). Their peers are listed among the actors
    //  (external = true) and links, after the lab's own.
    size_t outside_live;            //  outside connections now
    uint64_t outside_refused;       //  connections over the limit, ended
    uint64_t outside_handshake_failed;  //  not ZeroMQ, or vanished mid-handshake
    char reachable[192];            //  tcp binds other machines can reach, as
                                    //  they would connect: "192.168.1.5:5555", or ""
} lab_snapshot_t;

void lab_snapshot_destroy (lab_snapshot_t **self_p);
const actor_stats_t *lab_snapshot_actor (const lab_snapshot_t *snap, const char *name);
//  The link from FROM to TO, or NULL. Each is an actor name or a socket
//  label ("vent.sync"); between two actors the active link between their
//  main sockets comes first.
const link_stats_t *lab_snapshot_link (const lab_snapshot_t *snap,
                                       const char *from, const char *to);

const char *actor_state_name (actor_state_t state);
const char *error_kind_name (error_kind_t kind);
const char *event_kind_name (event_kind_t kind);
//  Why a link's messages were discarded: "closed with the queue".
extern const char *const LINK_DISCARD_REASON;
//  Why a sender's were: "unroutable".
extern const char *const SEND_DISCARD_REASON;

#endif
