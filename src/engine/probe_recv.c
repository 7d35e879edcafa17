/*  probe_recv.c — receiving: every message attributed to the link it came
    on (by its stamp) or to an outside program (by its connection), checked
    for gaps by loss.c's accounting, its stamp taken off, and counted.
    Runs on the actor's thread; the hot path: no allocation beyond
    zmq_msg's own, no lock, no formatting.
*/
#include "probe_sock.h"
#include "same.h"
#include "socktype.h"

#include <errno.h>
#include <string.h>

static cache_entry_t *
s_link_for (probe_sock_t *self, const char *label, size_t len)
{
    for (int i = 0; i < self->n_cache; i++) {
        cache_entry_t *entry = &self->cache [i];
        if (entry->len != len || !same_bytes (entry->label, label, len))
            continue;
        if (entry->link && atomic_load_explicit (&entry->link->active, memory_order_relaxed))
            return entry;
        //  A closed link: look again at once (a restarted sender made a new
        //  one, and its sequence starts over). Unknown: now and then.
        if (!entry->link && (entry->misses++ % RETRY_UNKNOWN) != 0)
            return entry;
        link_rec_t *link = lab_link_find (self->lab, self->rec, label, len);
        if (link != entry->link) {
            link_let_go (entry->link);
            entry->link = link;
            loss_reader_init (&entry->reader, self->epoch);
        }
        else
            link_let_go (link);         //  held once is enough
        return entry;
    }
    cache_entry_t *entry;
    if (self->n_cache < LINK_CACHE)
        entry = &self->cache [self->n_cache++];
    else {
        entry = &self->cache [self->next_evict];
        self->next_evict = (self->next_evict + 1) % LINK_CACHE;
        link_let_go (entry->link);
    }
    memcpy (entry->label, label, len);
    entry->len = len;
    entry->misses = 1;
    entry->link = lab_link_find (self->lab, self->rec, label, len);
    loss_reader_init (&entry->reader, self->epoch);
    return entry;
}

//  Where loss.c reports a gap: the receiving socket and the link.
typedef struct {
    probe_sock_t *sock;
    link_rec_t *link;
} gap_site_t;

//  A gap (loss.c has counted it on the link): counted for the actor too,
//  with an event that names the range ("lost #21-#1000").
static void
s_count_gap (void *arg, uint64_t first, uint64_t last, bool missed)
{
    gap_site_t *site = arg;
    actor_t *actor = site->sock->actor;
    counter_add (missed ? &actor->missed : &actor->lost, last - first + 1);
    char text [64];
    int len = snprintf (text, sizeof text, "%s #%llu-#%llu", missed ? "missed" : "lost",
                        (unsigned long long) first, (unsigned long long) last);
    actor_message_event (site->sock->run, missed ? EVENT_MISSED : EVENT_DROP,
                         site->link->from->label, 0, text, (size_t) len);
}

//  The link of a cache entry, when its tail can be resolved: only inproc
//  (over tcp/ipc a sent message may still be on the wire).
static link_rec_t *
s_tail_link (cache_entry_t *entry)
{
    link_rec_t *link = entry->link;
    return link && strncmp (link->endpoint, "inproc://", 9) == 0 ? link : NULL;
}

//  Called when the socket has nothing to read. Every message a sender had
//  finished sending before our last look is either in our pipe or was
//  dropped; so if a second look still finds nothing:
//  - gap-checked links: everything up to the sequences read first is lost.
//    This is how a paused subscriber that resumes learns about the tail it
//    will never see;
//  - round-robin senders (one sequence for all their links): none of what
//    they had sent is queued for us, which the registry uses to tell their
//    in flight from what vanished (link_rec_t.idle_seq).
static int
s_resolve_tail (probe_sock_t *self, zmq_msg_t *msg)
{
    uint64_t seen [LINK_CACHE][CHANNELS_MAX];
    uint64_t idle [LINK_CACHE];
    int n [LINK_CACHE];
    bool any = false;
    for (int i = 0; i < self->n_cache; i++) {
        link_rec_t *link = s_tail_link (&self->cache [i]);
        n [i] = link && self->gap_check ? loss_tail_look (&link->rx, seen [i]) : 0;
        any |= n [i] > 0;
        idle [i] = 0;
        if (link && !socktype_is_pub (link->from->type)) {
            //  Acquire: pairs with the sender's release after zmq_send.
            idle [i] = atomic_load_explicit (&link->from->topics [0].seq, memory_order_acquire);
            any = true;
        }
    }
    if (!any)
        return -1;
    if (zmq_msg_recv (msg, self->zsock, ZMQ_DONTWAIT) >= 0) {
        s_handover_recv (msg);
        return 0;
    }
    for (int i = 0; i < self->n_cache; i++) {
        link_rec_t *link = s_tail_link (&self->cache [i]);
        gap_site_t site = { self, link };
        if (link && n [i] > 0)
            loss_tail_settle (&link->rx, &self->cache [i].reader, self->epoch,
                              seen [i], n [i], s_count_gap, &site);
        //  Release: whoever reads it sees our counts up to this look.
        if (link && idle [i] > atomic_load_explicit (&link->idle_seq, memory_order_relaxed))
            atomic_store_explicit (&link->idle_seq, idle [i], memory_order_release);
    }
    return -1;
}

//  Lab seconds between looks at an empty queue while a round-robin sender
//  of ours is blocked in a send (see s_sender_blocked).
static const double RELOOK = 0.2;

//  Is a round-robin sender we read from blocked in a send? Then its next
//  message may go to another receiver (or into the queue of one that is
//  closing, where it dies unseen), and only our looks at an empty queue
//  after that send let the registry tell it from one in flight to us
//  (s_resolve_tail): so a blocked receiver looks again every RELOOK
//  meanwhile, instead of only when woken by a message.
static bool
s_sender_blocked (probe_sock_t *self)
{
    for (int i = 0; i < self->n_cache; i++) {
        link_rec_t *link = s_tail_link (&self->cache [i]);
        if (link && !socktype_is_pub (link->from->type)
        &&  atomic_load (&link->from->blocked_send))
            return true;
    }
    return false;
}

//  Receives one frame (the first of a message: it may block). RCVTIMEO is
//  lab milliseconds, like every timeout a behaviour gives (actor_wait):
//  the deadline is set on the first miss, so a ready message costs no
//  clock reading. Returns 0, an errno, or -1 when killed.
static int
s_recv_first (probe_sock_t *self, zmq_msg_t *msg)
{
    double deadline = ACTOR_FOREVER;
    bool was_blocked = false;
    for (;;) {
        if (zmq_msg_recv (msg, self->zsock, ZMQ_DONTWAIT) >= 0) {
            s_handover_recv (msg);
            return 0;
        }
        int errnum = zmq_errno ();
        if (errnum == EINTR)
            continue;           //  the actor's hook signal (actor.c)
        if (errnum != EAGAIN)
            return errnum;
        if (s_resolve_tail (self, msg) == 0)
            return 0;
        if (self->rcvtimeo == 0)
            return EAGAIN;
        if (self->rcvtimeo > 0) {
            if (deadline == ACTOR_FOREVER)
                deadline = actor_deadline (self->run, self->rcvtimeo / 1000.0);
            else
            if (lab_ms_until (self->lab, deadline) == 0)
                return EAGAIN;
        }
        zmq_pollitem_t item = { self->zsock, 0, ZMQ_POLLIN, 0 };
        //  Once more after the sender went on: its send may have come
        //  just after our last look.
        bool blocked = s_sender_blocked (self);
        double until = deadline;
        if (blocked || was_blocked) {
            double relook = actor_deadline (self->run, RELOOK);
            if (until == ACTOR_FOREVER || relook < until)
                until = relook;
        }
        was_blocked = blocked;
        if (actor_wait (self->run, &item, 1, until, ACTOR_BLOCKED_RECV) == WAIT_KILLED)
            return -1;
    }
}

//  Who sent a message, by the connection it came in on.
typedef enum { FROM_LAB, FROM_OUTSIDE, FROM_UNKNOWN, FROM_REFUSED } sender_kind_t;

//  FROM_LAB: one of the lab's sockets (inproc, or tcp/ipc between actors),
//  whose stamp can be trusted; over tcp/ipc *label_p is the label it must
//  carry ("" when not known yet). FROM_OUTSIDE: an outside peer, *ref_p
//  names it. FROM_UNKNOWN: a connection that could not be told any more:
//  counted, but its text is never read as a stamp. FROM_REFUSED: a
//  connection over the limit: dropped unread, counted nowhere.
static sender_kind_t
s_sender (probe_sock_t *self, zmq_msg_t *msg, const peer_ref_t **ref_p, const char **label_p)
{
    *ref_p = NULL;
    *label_p = NULL;
    if (!self->watched)
        return FROM_LAB;
    int fd = zmq_msg_get (msg, ZMQ_SRCFD);
    if (fd < 0)
        return FROM_LAB;        //  inproc
    const char *meta = s_msg_property (msg, "Socket-Type");
    peer_cache_t *slot = NULL;
    for (int i = 0; i < PEER_CACHE && !slot; i++)
        if (self->peers [i].ref.peer && self->peers [i].fd == fd && self->peers [i].meta == meta)
            slot = &self->peers [i];
    if (!slot || !outside_ref_valid (&slot->ref)) {
        if (!slot) {
            slot = &self->peers [self->next_peer];
            self->next_peer = (self->next_peer + 1) % PEER_CACHE;
        }
        slot->fd = fd;
        slot->meta = meta;
        if (!outside_sender (lab_outside (self->lab), self->rec, msg, fd, meta, &slot->ref)) {
            memset (slot, 0, sizeof *slot);
            return FROM_UNKNOWN;
        }
    }
    *ref_p = &slot->ref;
    if (slot->ref.refused)
        return FROM_REFUSED;
    if (slot->ref.trusted) {
        *label_p = slot->ref.label;
        return FROM_LAB;
    }
    return FROM_OUTSIDE;
}

//  A message from a refused connection was dropped: a REP owes a reply
//  for it before it can read again (it goes nowhere: the connection is
//  ending). False when the message is to be delivered.
static bool
s_dropped (probe_sock_t *self, sender_kind_t sender)
{
    if (sender != FROM_REFUSED)
        return false;
    if (self->type == ZMQ_REP)
        zmq_send (self->zsock, "", 0, ZMQ_DONTWAIT);
    return true;
}

//  Accounts for a received message whose last frame is LAST (DATA, SIZE
//  bytes; first frame FIRST, for the topic; TOTAL bytes in all), from
//  SENDER (s_sender). Returns the body length and sets *from. A message
//  from an outside program is counted for its peer and never read as
//  stamped, whatever its text looks like.
static size_t
s_account (probe_sock_t *self, zmq_msg_t *first, zmq_msg_t *last,
           const char *data, size_t size, size_t total,
           sender_kind_t sender, const peer_ref_t *ref, const char *label,
           const char **from, size_t *from_len)
{
    stamp_t stamp;
    size_t body_len = size;
    uint64_t seq = 0;
    *from = NULL;
    *from_len = 0;
    if (self->type == ZMQ_REP) {
        self->replying_outside = sender == FROM_OUTSIDE;
        if (self->replying_outside)
            self->reply_to = *ref;
    }
    if (sender == FROM_OUTSIDE) {
        atomic_store_explicit (&self->rec->outside_ever, true, memory_order_relaxed);
        outside_count_from (ref, total);
        *from = ref->name;
        *from_len = strlen (ref->name);
    }
    else
    if (sender == FROM_LAB && loss_stamp (data, size, label, &self->guess, &stamp) == 0) {
        body_len = stamp.body_len;
        seq = stamp.seq;
        *from = stamp.label;
        *from_len = stamp.label_len;
        cache_entry_t *entry = s_link_for (self, stamp.label, stamp.label_len);
        link_rec_t *link = entry->link;
        if (link) {
            loss_delivered (&link->rx);
            if (self->gap_check) {
                const char *topic = first == last ? data : zmq_msg_data (first);
                size_t topic_size = first == last ? body_len : zmq_msg_size (first);
                sock_rec_t *sender_rec = link->from;
                loss_sender_t streams = {
                    sender_rec->topics, &sender_rec->n_topics,
                    sender_rec->type == ZMQ_PUB || sender_rec->type == ZMQ_XPUB
                };
                gap_site_t site = { self, link };
                loss_check (&link->rx, &entry->reader, self->epoch, &streams,
                            topic, topic_size, seq, s_count_gap, &site);
            }
        }
    }
    counter_add (&self->rec->received, 1);
    counter_add (&self->actor->received, 1);
    //  An XPUB reads subscriptions ("\1topic", "\0topic", unstamped) and
    //  what an XSUB sends upstream (stamped): only the first are counted.
    if (self->type == ZMQ_XPUB && seq == 0 && zmq_msg_size (first) >= 1) {
        char kind = *(const char *) zmq_msg_data (first);
        if (kind == 0 || kind == 1) {
            counter_add (&self->rec->subscriptions, 1);
            counter_add (&self->actor->subscriptions, 1);
        }
    }
    if (actor_event_take (self->run)) {
        char peer [LAB_LABEL_MAX];
        size_t peer_len = *from_len < sizeof peer ? *from_len : sizeof peer - 1;
        memcpy (peer, *from ? *from : "", peer_len);
        peer [peer_len] = 0;
        actor_event_push (self->run, EVENT_RECV, peer, seq, data, body_len);
    }
    return body_len;
}

enum { BODY_REUSE_MAX = 256 };     //  longer bodies are rarely sent twice

//  Pushes a received body. A flow often repeats its text (a ticker, "work",
//  a benchmark's payload): the same bytes as last time reuse last time's
//  string, kept in user value 2, and so skip lua_pushlstring's hashing
//  (short strings) or allocation (long ones). Strings are values in Lua,
//  so the behaviour cannot tell.
static void
s_push_body (lua_State *L, probe_sock_t *self, const char *body, size_t len)
{
    if (self->body_last && len == self->body_last_len
    &&  same_bytes (body, self->body_last, len)) {
        lua_getiuservalue (L, 1, 2);
        return;
    }
    lua_pushlstring (L, body, len);
    if (len <= BODY_REUSE_MAX) {
        //  The user value anchors the string: its bytes stay where they are.
        self->body_last = lua_tostring (L, -1);
        self->body_last_len = len;
        lua_pushvalue (L, -1);
        lua_setiuservalue (L, 1, 2);
    }
}

int
probe_l_recv (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
    if (actor_gate (self->run) == WAIT_KILLED)
        return actor_raise_killed (L);
    zmq_msg_t msg;
    const peer_ref_t *ref;
    const char *label;
    sender_kind_t sender;
again:
    zmq_msg_init (&msg);
    int rc = s_recv_first (self, &msg);
    if (rc != 0) {
        zmq_msg_close (&msg);
        return rc < 0 ? actor_raise_killed (L) : actor_fail (L, self->run, rc, "recv");
    }
    sender = s_sender (self, &msg, &ref, &label);
    //  A multipart message read with recv: keep the last frame, like the
    //  stamp, and drop the envelope (recv_multipart keeps every frame).
    size_t size = zmq_msg_size (&msg);
    size_t total = size;
    while (zmq_msg_more (&msg)) {
        zmq_msg_t next;
        zmq_msg_init (&next);
        if (zmq_msg_recv (&next, self->zsock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&next);
            break;
        }
        s_handover_recv (&next);
        size = zmq_msg_size (&next);
        total += size;
        zmq_msg_close (&msg);
        msg = next;
    }
    if (s_dropped (self, sender)) {
        zmq_msg_close (&msg);
        goto again;
    }
    const char *from;
    size_t from_len;
    const char *data = zmq_msg_data (&msg);
    size_t body_len = s_account (self, &msg, &msg, data, size, total, sender, ref, label,
                                 &from, &from_len);
    s_push_body (L, self, data, body_len);
    if (from) {
        //  Most messages come from the same sender as the last one: reuse
        //  its label string instead of interning it again.
        if (from_len == self->from_last_len && same_bytes (from, self->from_last, from_len))
            lua_getiuservalue (L, 1, 1);
        else {
            lua_pushlstring (L, from, from_len);
            if (from_len < sizeof self->from_last) {
                memcpy (self->from_last, from, from_len);
                self->from_last_len = from_len;
                lua_pushvalue (L, -1);
                lua_setiuservalue (L, 1, 1);
            }
        }
    }
    else
        lua_pushnil (L);
    zmq_msg_close (&msg);
    return 2;
}

int
probe_l_recv_multipart (lua_State *L)
{
    probe_sock_t *self = probe_check (L);
    if (actor_gate (self->run) == WAIT_KILLED)
        return actor_raise_killed (L);
    zmq_msg_t frames [FRAMES_MAX];
    int n = 0;
    const peer_ref_t *ref;
    const char *label;
    sender_kind_t sender;
again:
    zmq_msg_init (&frames [0]);
    int rc = s_recv_first (self, &frames [0]);
    if (rc != 0) {
        zmq_msg_close (&frames [0]);
        return rc < 0 ? actor_raise_killed (L) : actor_fail (L, self->run, rc, "recv");
    }
    sender = s_sender (self, &frames [0], &ref, &label);
    n = 1;
    size_t total = zmq_msg_size (&frames [0]);
    bool more = zmq_msg_more (&frames [0]);
    while (more) {
        zmq_msg_t *next = &frames [n < FRAMES_MAX ? n : FRAMES_MAX - 1];
        if (n == FRAMES_MAX)
            zmq_msg_close (next);   //  beyond 64 frames: keep the last
        zmq_msg_init (next);
        if (zmq_msg_recv (next, self->zsock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (next);
            break;
        }
        s_handover_recv (next);
        total += zmq_msg_size (next);
        more = zmq_msg_more (next);
        if (n < FRAMES_MAX)
            n++;
    }
    if (s_dropped (self, sender)) {
        for (int i = 0; i < n; i++)
            zmq_msg_close (&frames [i]);
        goto again;
    }
    const char *from;
    size_t from_len;
    size_t body_len = s_account (self, &frames [0], &frames [n - 1],
                                 zmq_msg_data (&frames [n - 1]), zmq_msg_size (&frames [n - 1]),
                                 total, sender, ref, label, &from, &from_len);
    lua_createtable (L, n, 0);
    for (int i = 0; i < n; i++) {
        size_t len = i == n - 1 ? body_len : zmq_msg_size (&frames [i]);
        lua_pushlstring (L, zmq_msg_data (&frames [i]), len);
        lua_seti (L, -2, i + 1);
    }
    if (from)
        lua_pushlstring (L, from, from_len);
    else
        lua_pushnil (L);
    for (int i = 0; i < n; i++)
        zmq_msg_close (&frames [i]);
    return 2;
}

//  Before the socket closes: every message still queued for it dies with
//  it. Each one from the lab's sockets is counted on its link as discarded
//  ("closed with the queue"), so what its sender sent is accounted for
//  (lessons/README.md, "The conservation law"). Never blocks; what an
//  outside program sent is not counted (it carries no stamp we trust).
void
probe_drain (probe_sock_t *self)
{
    if (!socktype_inbound (self->type) && self->type != ZMQ_DEALER
    &&  self->type != ZMQ_REQ && self->type != ZMQ_XPUB)
        return;
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    for (;;) {
        if (zmq_msg_recv (&msg, self->zsock, ZMQ_DONTWAIT) < 0) {
            if (zmq_errno () == EINTR)
                continue;
            break;                  //  EAGAIN: empty; EFSM: a REQ owes a send
        }
        s_handover_recv (&msg);
        if (zmq_msg_more (&msg))
            continue;               //  the stamp is in the last frame
        const peer_ref_t *ref;
        const char *label;
        stamp_t stamp;
        if (s_sender (self, &msg, &ref, &label) == FROM_LAB
        &&  loss_stamp (zmq_msg_data (&msg), zmq_msg_size (&msg), label, &self->guess, &stamp) == 0) {
            link_rec_t *link = s_link_for (self, stamp.label, stamp.label_len)->link;
            if (link)
                counter_add (&link->discarded, 1);
        }
    }
    zmq_msg_close (&msg);
}
