/*  probe_sock.h — the socket userdata behind a behaviour's socket, shared
    by the probe files only: probe.c (making, binding, closing, poll),
    probe_options.c (set, get), probe_send.c and probe_recv.c (the hot
    path). Everything here runs on the actor thread that owns the socket.
*/
#ifndef ZMQLAB_PROBE_SOCK_H
#define ZMQLAB_PROBE_SOCK_H

#include "actor_run.h"
#include "outside.h"
#include "stamp.h"

#include <lauxlib.h>
#include <lua.h>
#include <sys/types.h>

#define SOCKET_META "zmqlab.socket"

//  A message's bytes are written by the sender and read by the receiver on
//  another thread; libzmq hands the buffer over, but Debian's libzmq is not
//  built with TSan, so tell TSan about that hand-over ourselves.
//  The same for a message's metadata, which libzmq's I/O thread made.
#if defined (__SANITIZE_THREAD__)
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
void __tsan_ignore_thread_begin (void);
void __tsan_ignore_thread_end (void);
static inline void s_handover_send (zmq_msg_t *msg) { __tsan_release (zmq_msg_data (msg)); }
static inline void s_handover_recv (zmq_msg_t *msg) { __tsan_acquire (zmq_msg_data (msg)); }
static inline const char *
s_msg_property (zmq_msg_t *msg, const char *name)
{
    __tsan_ignore_thread_begin ();
    const char *value = zmq_msg_gets (msg, name);
    __tsan_ignore_thread_end ();
    return value;
}
#else
static inline void s_handover_send (zmq_msg_t *msg) { (void) msg; }
static inline void s_handover_recv (zmq_msg_t *msg) { (void) msg; }
static inline const char *
s_msg_property (zmq_msg_t *msg, const char *name) { return zmq_msg_gets (msg, name); }
#endif

enum { LINK_CACHE = 8, FRAMES_MAX = 64, RETRY_UNKNOWN = 1024, BOUND_MAX = 8,
       PEER_CACHE = 4 };

//  A tcp/ipc connection messages came in on, as last looked up: by its
//  descriptor and the address of its libzmq metadata (see outside.c).
typedef struct {
    int fd;
    const void *meta;
    peer_ref_t ref;
} peer_cache_t;

typedef struct {
    char label [LAB_LABEL_MAX];
    size_t len;
    link_rec_t *link;               //  NULL: no link known for this label yet
    unsigned misses;                //  for NULL entries: when to ask again
    loss_reader_t reader;           //  this socket's side of the link's accounting
} cache_entry_t;

struct probe_sock_t {
    const char *tag;                //  &s_socket_tag: tells our userdata apart
    void *zsock;                    //  NULL once closed
    sock_rec_t *rec;                //  NULL once closed: the registry may free it
    char label [LAB_LABEL_MAX];     //  its label, for tostring after the close
    actor_run_t *run;
    actor_t *actor;                 //  run's actor, for its counters
    lab_t *lab;
    int type;
    bool pub;                       //  PUB/XPUB: a sequence per topic
    bool gap_check;                 //  receives from senders that must not skip
    char prefix [STAMP_PREFIX_MAX]; //  " [label#": the stamp up to its number
    size_t prefix_len;
    char stamp [STAMP_MAX];         //  the stamp of the last message sent
    size_t stamp_len;
    uint64_t stamp_seq;             //  its number
    const topic_t *stamp_topic;     //  its stream; NULL before the first
    long sndtimeo, rcvtimeo;        //  ms, -1 forever (we block, not libzmq)
    bool mandatory;                 //  ROUTER_MANDATORY as the behaviour set it;
                                    //  libzmq's is always on, so a drop is seen
    int last_topic;                 //  send-side: index of the last topic used
    topic_t overflow;               //  stream for topics the table cannot track
    int epoch;                      //  bumped by (un)subscribe
    char *bound [BOUND_MAX];        //  endpoints to unbind before closing
    int n_bound;
    //  The ipc file each bind made (st_ino 0: none), removed at the close:
    //  libzmq 4.3 leaves it behind. Only that very file (device, inode).
    dev_t bound_dev [BOUND_MAX];
    ino_t bound_ino [BOUND_MAX];
    bool attached;                  //  has bound or connected at least once
    char from_last [LAB_LABEL_MAX]; //  the label in user value 1 (a Lua string)
    size_t from_last_len;
    stamp_guess_t guess;            //  the stamp expected next
    const char *body_last;          //  bytes of the Lua string in user value 2
    size_t body_last_len;
    cache_entry_t cache [LINK_CACHE];
    int n_cache, next_evict;
    //  tcp/ipc: outside programs may be at the other end.
    bool watched;                   //  monitored, ZMQ_MAXMSGSIZE set
    peer_cache_t peers [PEER_CACHE];
    int next_peer;
    peer_ref_t reply_to;            //  REP: the outside requester to answer
    bool replying_outside;
    peer_ref_t sole;                //  the one outside peer a send reaches, if any
    bool sole_known;
    unsigned sole_changes, sole_topology;   //  what sole was computed from
};

//  Its address marks a socket userdata (the first field of probe_sock_t).
extern const char probe_socket_tag;

//  The last userdata probe_check accepted on this thread (an actor's), one
//  per file that includes this: a cache, right in each.
static _Thread_local const probe_sock_t *s_checked;

//  The socket a method was called on. Checked by size and tag, not by
//  metatable: no stack traffic on every call. Behaviours cannot make
//  userdata of their own, so the size alone would do; the tag makes sure.
//  The same userdata as last time needs no check: a behaviour reaches no
//  full userdata but sockets (if that one was collected, whatever took its
//  address and is a userdata is a new socket).
static inline probe_sock_t *
probe_check (lua_State *L)
{
    probe_sock_t *self = lua_touserdata (L, 1);
    if (self != s_checked || !self) {
        if (!self || lua_rawlen (L, 1) != sizeof *self || self->tag != &probe_socket_tag)
            luaL_typeerror (L, 1, SOCKET_META);
        s_checked = self;
    }
    if (!self->zsock)
        luaL_error (L, "the socket is closed");
    return self;
}

//  The ZMQ_MAXMSGSIZE a socket of TYPE gets when LIMIT is asked (-1: none):
//  a PUB or XPUB takes no message longer than a subscription may be.
int64_t probe_max_msg_size (int type, int64_t limit);

//  The methods of a socket, for probe_open's table.
int probe_l_set (lua_State *L);
int probe_l_get (lua_State *L);
int probe_l_send (lua_State *L);
int probe_l_send_multipart (lua_State *L);
int probe_l_recv (lua_State *L);
int probe_l_recv_multipart (lua_State *L);

//  probe_recv.c: counts what is still queued for the socket as discarded
//  on its links, just before it closes.
void probe_drain (probe_sock_t *self);

#endif
