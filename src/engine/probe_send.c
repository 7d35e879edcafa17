/*  probe_send.c — sending: every message stamped with its socket's label
    and its stream's next number, counted, and (when it will reach an
    outside program) counted for that program too. Blocking goes through
    actor_wait, so pause, kill and step get through. Runs on the actor's
    thread; the hot path: no allocation beyond zmq_msg's own, no lock.
*/
#include "probe_sock.h"
#include "same.h"

#include <errno.h>
#include <string.h>

//  Before a message is sent: the outside peer it will reach, where that is
//  known (a REP's requester; the only peer there is), or NULL. Chosen
//  before sending: once sent, the peer may read it and be gone at once.
static const peer_ref_t *
s_outside_target (probe_sock_t *self)
{
    if (atomic_load_explicit (&self->rec->n_outside, memory_order_relaxed) == 0)
        return NULL;
    //  Unstamped from here on: which peer got what is not known.
    atomic_store_explicit (&self->rec->outside_ever, true, memory_order_relaxed);
    if (self->type == ZMQ_REP)
        return self->replying_outside && outside_ref_valid (&self->reply_to)
             ? &self->reply_to : NULL;
    if (self->pub)
        return NULL;
    //  Looked up again only when a peer came or went: no lock per send.
    outside_t *outside = lab_outside (self->lab);
    unsigned changes = outside_changes (outside), topology = lab_topology (self->lab);
    if (!self->sole_known || changes != self->sole_changes || topology != self->sole_topology) {
        self->sole_changes = changes;
        self->sole_topology = topology;
        self->sole_known = lab_sock_peers (self->lab, self->rec) == 0
                        && outside_sole_peer (outside, self->rec, &self->sole);
    }
    return self->sole_known && outside_ref_valid (&self->sole) ? &self->sole : NULL;
}

//  --- sending --------------------------------------------------------------

//  One budget per actor: its Lua memory and the bytes its messages still
//  hold in libzmq (sent, not yet read: a PUSH to a PULL that never reads
//  keeps all of them) stay within its cap. A send past it is refused: nil,
//  the reason, "ENOBUFS" (counted, and shown as the actor's last error).
//  Returns 0 when BYTES more fit, else the 3 results pushed.
static int
s_over_budget (lua_State *L, probe_sock_t *self, size_t bytes)
{
    actor_run_t *run = self->run;
    double held = run->held ? (double) msgbudget_held (run->held) : 0;
    double lua = (double) run->memory.used, max = (double) run->memory.max;
    if (lua + held + (double) bytes <= max)
        return 0;
    const double mib = 1024.0 * 1024.0;
    char text [LAB_DETAIL_MAX];
    snprintf (text, sizeof text, "send: %.1f MiB more would pass the actor's %.0f MiB "
              "(Lua %.1f MiB, its messages not yet read %.1f MiB)",
              (double) bytes / mib, max / mib, lua / mib, held / mib);
    actor_count_error (run, ENOBUFS, text);
    lua_pushnil (L);
    lua_pushstring (L, text);
    lua_pushstring (L, "ENOBUFS");
    return 3;
}

//  The sequence stream this message belongs to: its topic on PUB, the one
//  stream otherwise. NULL when the topic table is full or the topic too long.
static topic_t *
s_send_topic (probe_sock_t *self, const char *first, size_t first_len)
{
    sock_rec_t *rec = self->rec;
    if (!self->pub)
        return &rec->topics [0];
    size_t len = stamp_topic_len (first, first_len);
    if (len > TOPIC_LEN_MAX)
        return NULL;
    int n = atomic_load_explicit (&rec->n_topics, memory_order_relaxed);
    topic_t *last = n > 0 ? &rec->topics [self->last_topic] : NULL;
    if (last && last->len == len && same_bytes (last->name, first, len))
        return last;
    for (int i = 0; i < n; i++)
        if (rec->topics [i].len == len && same_bytes (rec->topics [i].name, first, len)) {
            self->last_topic = i;
            return &rec->topics [i];
        }
    if (n == TOPIC_MAX)
        return NULL;
    topic_t *topic = &rec->topics [n];
    memcpy (topic->name, first, len);
    topic->name [len] = 0;
    topic->len = len;
    atomic_init (&topic->seq, 0);
    atomic_store_explicit (&rec->n_topics, n + 1, memory_order_release);
    self->last_topic = n;
    return topic;
}

//  Sends one frame, blocking the way zmq_send would but through actor_wait.
//  SNDTIMEO is lab milliseconds, like every timeout a behaviour gives
//  (actor_wait); the deadline is set on the first miss. Returns 0, an
//  errno, or -1 when the actor was killed.
static int
s_send_frame (probe_sock_t *self, zmq_msg_t *msg, int flags)
{
    double deadline = ACTOR_FOREVER;
    s_handover_send (msg);
    for (;;) {
        if (zmq_msg_send (msg, self->zsock, flags | ZMQ_DONTWAIT) >= 0)
            return 0;
        int errnum = zmq_errno ();
        if (errnum == EINTR)
            continue;           //  the actor's hook signal (actor.c)
        if (errnum != EAGAIN || self->sndtimeo == 0)
            return errnum;
        if (self->sndtimeo > 0) {
            if (deadline == ACTOR_FOREVER)
                deadline = actor_deadline (self->run, self->sndtimeo / 1000.0);
            else
            if (lab_ms_until (self->lab, deadline) == 0)
                return EAGAIN;
        }
        zmq_pollitem_t item = { self->zsock, 0, ZMQ_POLLOUT, 0 };
        //  Told to our receivers: they look at their queues again meanwhile
        //  (probe_recv.c), since this send may yet go to another of them.
        atomic_store (&self->rec->blocked_send, true);
        wait_result_t waited = actor_wait (self->run, &item, 1, deadline, ACTOR_BLOCKED_SEND);
        atomic_store (&self->rec->blocked_send, false);
        if (waited == WAIT_KILLED)
            return -1;
    }
}

//  Sends one frame without waiting: 0 or an errno.
static int
s_send_frame_once (probe_sock_t *self, zmq_msg_t *msg, int flags)
{
    s_handover_send (msg);
    while (zmq_msg_send (msg, self->zsock, flags | ZMQ_DONTWAIT) < 0)
        if (zmq_errno () != EINTR)
            return zmq_errno ();
    return 0;
}

static int
s_send (lua_State *L, probe_sock_t *self, const char **frames, const size_t *lens, int n)
{
    actor_run_t *run = self->run;
    if (actor_gate (run) == WAIT_KILLED)
        return actor_raise_killed (L);
    while (!lab_take_permit (self->lab))
        if (actor_wait (run, NULL, 0, ACTOR_FOREVER, ACTOR_WAITING_STEP) == WAIT_KILLED)
            return actor_raise_killed (L);

    //  An XSUB sends subscriptions upstream: "\1topic" or "\0topic". Those
    //  are libzmq's protocol, not messages: no stamp, and they are recorded
    //  like SUBSCRIBE.
    bool subscription = self->type == ZMQ_XSUB && lens [0] >= 1
                     && (frames [0][0] == 0 || frames [0][0] == 1);
    //  libzmq takes any first frame so marked for one (see lab.h).
    if (subscription)
        luaL_argcheck (L, lens [0] - 1 <= LAB_SUBSCRIPTION_MAX, 2,
                       lua_pushfstring (L, "a subscription of %I bytes: at most %d",
                                        (lua_Integer) (lens [0] - 1), (int) LAB_SUBSCRIPTION_MAX));
    if (subscription && n == 1) {
        zmq_msg_t msg;
        zmq_msg_init_size (&msg, lens [0]);
        memcpy (zmq_msg_data (&msg), frames [0], lens [0]);
        int rc = s_send_frame (self, &msg, 0);
        if (rc != 0) {
            zmq_msg_close (&msg);
            return rc < 0 ? actor_raise_killed (L) : actor_fail (L, self->run, rc, "send");
        }
        bool on = frames [0][0] == 1;
        lab_sock_subscribe (self->lab, self->rec, frames [0] + 1, lens [0] - 1, on);
        counter_add (&self->rec->subscriptions, 1);
        counter_add (&self->actor->subscriptions, 1);
        self->epoch++;
        actor_message_event (run, on ? EVENT_SUBSCRIBE : EVENT_UNSUBSCRIBE, NULL, 0,
                             frames [0] + 1, lens [0] - 1);
        lua_pushboolean (L, 1);
        return 1;
    }
    size_t bytes = STAMP_MAX;
    for (int i = 0; i < n; i++)
        bytes += lens [i];
    int over = s_over_budget (L, self, bytes);
    if (over)
        return over;
    if (!run->held)
        run->held = msgbudget_new ();   //  NULL: out of memory, sent uncounted
    topic_t *topic = s_send_topic (self, frames [0], lens [0]);
    if (!topic)
        topic = &self->overflow;    //  receivers find no such topic: unchecked
    const peer_ref_t *target = s_outside_target (self);
    uint64_t seq = counter_get (&topic->seq) + 1;
    //  The next number on the same stream: one digit changes, mostly.
    if (self->stamp_topic == topic && self->stamp_seq + 1 == seq && seq != UINT64_MAX)
        self->stamp_len = stamp_next (self->stamp, self->stamp_len);
    else
        self->stamp_len = stamp_format_with (self->stamp, self->prefix, self->prefix_len, seq);
    self->stamp_topic = topic;
    self->stamp_seq = seq;
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        const char *stamp = self->stamp;
        size_t stamp_len = last ? self->stamp_len : 0;
        zmq_msg_t msg;
        int made = run->held ? msgbudget_msg (run->held, &msg, lens [i] + stamp_len)
                             : zmq_msg_init_size (&msg, lens [i] + stamp_len);
        if (made != 0)
            return actor_fail (L, self->run, zmq_errno () ? zmq_errno () : ENOMEM, "send");
        char *data = zmq_msg_data (&msg);
        if (lens [i])
            memcpy (data, frames [i], lens [i]);
        if (stamp_len)
            memcpy (data + lens [i], stamp, stamp_len);
        int rc;
        if (i == 0 && self->type == ZMQ_ROUTER && !self->mandatory) {
            //  Where libzmq's ROUTER would drop the message without a word
            //  (no such peer, or its queue full), drop it too, counted.
            rc = s_send_frame_once (self, &msg, last ? 0 : ZMQ_SNDMORE);
            if (rc == EHOSTUNREACH || rc == EAGAIN) {
                zmq_msg_close (&msg);
                counter_add (&self->rec->unroutable, 1);
                actor_message_event (run, EVENT_DROP, NULL, seq, "unroutable", 10);
                break;
            }
        }
        else
            rc = s_send_frame (self, &msg, last ? 0 : ZMQ_SNDMORE);
        if (rc != 0) {
            zmq_msg_close (&msg);
            if (rc < 0)
                return actor_raise_killed (L);
            return actor_fail (L, self->run, rc, "send");
        }
    }
    //  Published after zmq_send returned: a receiver that reads seq S knows
    //  message S is already in its pipe or was dropped (see s_resolve_tail).
    atomic_store_explicit (&topic->seq, seq, memory_order_release);
    if (target)
        outside_count_to (target);
    self->replying_outside = false;
    counter_add (&self->rec->sent, 1);
    counter_add (&self->actor->sent, 1);
    actor_message_event (run, EVENT_SEND, NULL, seq, frames [n - 1], lens [n - 1]);
    lua_pushboolean (L, 1);
    return 1;
}

int
probe_l_send (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
    size_t len;
    const char *text = luaL_checklstring (L, 2, &len);
    return s_send (L, self, &text, &len, 1);
}

int
probe_l_send_multipart (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
    luaL_checktype (L, 2, LUA_TTABLE);
    const char *frames [FRAMES_MAX];
    size_t lens [FRAMES_MAX];
    lua_Integer n = luaL_len (L, 2);
    luaL_argcheck (L, n >= 1 && n <= FRAMES_MAX, 2, "1 to 64 frames");
    luaL_checkstack (L, (int) n, "too many frames");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti (L, 2, i);     //  stays on the stack: keeps the string alive
        frames [i - 1] = lua_tolstring (L, -1, &lens [i - 1]);
        if (!frames [i - 1])
            return luaL_error (L, "frame %d is not a string", (int) i);
    }
    return s_send (L, self, frames, lens, (int) n);
}
