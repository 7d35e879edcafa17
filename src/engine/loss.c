/*  loss.c — receive-side sequence accounting (the rules are in loss.h).
    Runs on every stamped message a gap-checked socket reads, so the usual
    case (same channel as last time, next number) is a compare and a store.
*/
#include "loss.h"
#include "same.h"

#include <string.h>

void
loss_reader_init (loss_reader_t *self, int epoch)
{
    for (int i = 0; i < CHANNELS_MAX; i++)
        self->epoch [i] = epoch;
    self->hint = 0;
}

//  Counts FIRST..LAST on the link and tells the caller.
static void
s_gap (loss_link_t *link, uint64_t first, uint64_t last, bool missed,
       loss_gap_fn *gap, void *arg)
{
    counter_add (missed ? &link->missed : &link->lost, last - first + 1);
    if (gap)
        gap (arg, first, last, missed);
}

static bool
s_is_topic (channel_t *channel, const void *name, size_t len)
{
    topic_t *topic = atomic_load_explicit (&channel->topic, memory_order_relaxed);
    return topic->len == len && same_bytes (topic->name, name, len);
}

static topic_t *
s_sender_topic (const loss_sender_t *sender, const void *name, size_t len)
{
    int n = atomic_load_explicit (sender->n_topics, memory_order_acquire);
    for (int i = 0; i < n; i++)
        if (sender->topics [i].len == len && memcmp (sender->topics [i].name, name, len) == 0)
            return &sender->topics [i];
    return NULL;
}

void
loss_check (loss_link_t *link, loss_reader_t *reader, int epoch,
            const loss_sender_t *sender, const void *topic_text, size_t size,
            uint64_t seq, loss_gap_fn *gap, void *arg)
{
    size_t topic_len = 0;
    if (sender->by_topic) {
        topic_len = stamp_topic_len (topic_text, size);
        if (topic_len > TOPIC_LEN_MAX)
            return;             //  untracked: counted, not checked
    }
    //  Only this thread adds channels: a relaxed load sees them all.
    int n = atomic_load_explicit (&link->n_channels, memory_order_relaxed);
    int index = reader->hint;
    if (index >= n || !s_is_topic (&link->channels [index], topic_text, topic_len)) {
        for (index = 0; index < n; index++)
            if (s_is_topic (&link->channels [index], topic_text, topic_len))
                break;
    }
    if (index == n) {
        topic_t *topic = s_sender_topic (sender, topic_text, topic_len);
        if (!topic || n == CHANNELS_MAX)
            return;             //  a stream the sender does not track, or no room
        channel_t *channel = &link->channels [n];
        atomic_store_explicit (&channel->topic, topic, memory_order_relaxed);
        atomic_store_explicit (&channel->last, seq, memory_order_relaxed);
        reader->epoch [n] = epoch;
        reader->hint = n;
        atomic_store_explicit (&link->n_channels, n + 1, memory_order_release);
        if (seq > 1) {
            //  What was sent before the first message this socket saw: the
            //  late subscriber's loss, told apart from drops.
            if (counter_get (&link->missed_first) == 0) {
                atomic_store_explicit (&link->missed_first, 1, memory_order_relaxed);
                atomic_store_explicit (&link->missed_last, seq - 1, memory_order_relaxed);
            }
            s_gap (link, 1, seq - 1, true, gap, arg);
        }
        return;
    }
    reader->hint = index;
    channel_t *channel = &link->channels [index];
    uint64_t last = counter_get (&channel->last);
    //  Written so that last == UINT64_MAX cannot wrap into a gap.
    if (seq > last && seq - last > 1) {
        bool across_subscription = reader->epoch [index] != epoch;
        s_gap (link, last + 1, seq - 1, across_subscription, gap, arg);
    }
    //  seq <= last: the sender restarted (or a duplicate); start over.
    reader->epoch [index] = epoch;
    atomic_store_explicit (&channel->last, seq, memory_order_relaxed);
}

int
loss_tail_look (loss_link_t *link, uint64_t *seen)
{
    int n = atomic_load_explicit (&link->n_channels, memory_order_relaxed);
    for (int c = 0; c < n; c++) {
        topic_t *topic = atomic_load_explicit (&link->channels [c].topic, memory_order_relaxed);
        //  Acquire: pairs with the sender's release after zmq_send, so
        //  message seen [c] is in our queue by now, or was dropped.
        seen [c] = atomic_load_explicit (&topic->seq, memory_order_acquire);
    }
    return n;
}

void
loss_tail_settle (loss_link_t *link, const loss_reader_t *reader, int epoch,
                  const uint64_t *seen, int n, loss_gap_fn *gap, void *arg)
{
    for (int c = 0; c < n; c++) {
        uint64_t last = counter_get (&link->channels [c].last);
        if (seen [c] > last && reader->epoch [c] == epoch) {
            s_gap (link, last + 1, seen [c], false, gap, arg);
            atomic_store_explicit (&link->channels [c].last, seen [c], memory_order_relaxed);
        }
    }
}
