/*  loss.h — the receive side of the lab's loss accounting: from the
    sequence numbers in the stamps a receiver reads, what was delivered,
    lost (dropped after the first message seen) and missed (sent before it,
    or across a subscription change). Pure: no zmq, no Lua, no threads; the
    counters it writes are single-writer atomics (counter.h) that snapshots
    read from other threads.

    The rules (lessons/README.md, "Stamps: how lost and missed are counted"):
    - a sender numbers its messages per stream: per topic (the text before
      the first space) on PUB/XPUB, one stream on every other socket type;
    - a receiver keeps a channel per sender stream on each link, holding the
      last sequence it saw there;
    - the first message on a channel with seq S > 1: #1..#S-1 are missed;
    - afterwards a jump from L to S > L+1: #L+1..#S-1 are lost, or missed
      when a SUBSCRIBE/UNSUBSCRIBE fell in between (the reader's epoch);
    - S <= L: the sender restarted (or a duplicate): the channel starts over;
    - the tail: everything a sender had published before the receiver's
      last look at an empty queue, and that a second look does not find,
      was dropped (loss_tail_look, then loss_tail_settle).
*/
#ifndef ZMQLAB_LOSS_H
#define ZMQLAB_LOSS_H

#include "counter.h"
#include "same.h"
#include "stamp.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { TOPIC_MAX = 64,          //  topics tracked per PUB socket
       TOPIC_LEN_MAX = 63,      //  longer topics are counted, not gap-checked
       CHANNELS_MAX = 64        //  sequence channels tracked per link
};

//  A sequence stream of one sending socket: one per topic on PUB/XPUB,
//  a single one ("") on every other type. Written by the sender.
typedef struct {
    char name [TOPIC_LEN_MAX + 1];  //  immutable once published
    size_t len;                     //  bytes of name
    counter_t seq;                  //  last sequence number sent (after zmq_send)
} topic_t;

//  A receiver's view of one sender topic on a link: written by the receiver.
typedef struct {
    _Atomic (topic_t *) topic;      //  the sender's stream
    counter_t last;                 //  last sequence seen
} channel_t;

//  What the receiver of one link counts (zeroed memory is a fresh link).
typedef struct {
    counter_t delivered;            //  stamped messages read from this sender
    counter_t lost, missed;         //  messages, see the rules above
    counter_t missed_first, missed_last;    //  range of the first channel's miss
    channel_t channels [CHANNELS_MAX];
    _Atomic int n_channels;         //  release-published after a channel is filled
} loss_link_t;

//  The sending socket's streams, as the receiver finds them.
typedef struct {
    topic_t *topics;                //  the sender's table
    _Atomic int *n_topics;          //  its published length
    bool by_topic;                  //  PUB/XPUB: a stream per topic
} loss_sender_t;

//  The receiving socket's own state for one link (not shared).
typedef struct {
    int epoch [CHANNELS_MAX];       //  subscription epoch each channel began in
    int hint;                       //  the channel the last message came on
} loss_reader_t;

//  Called for each range FIRST..LAST counted as lost or missed (the link's
//  counters are already added to), so the caller can count it for its
//  actor and tell it as an event.
typedef void (loss_gap_fn) (void *arg, uint64_t first, uint64_t last, bool missed);

//  The stamp of a message from one of the lab's sockets: 0 and fills
//  stamp, or -1 when it carries none, or (over tcp/ipc, where LABEL is the
//  label its connection belongs to; NULL or "" when not known yet) when it
//  names another socket. A message without a stamp is counted as received
//  and never checked for gaps. GUESS: the receiver's guess at the next
//  stamp (for speed only; see stamp_parse_next).
static inline int
loss_stamp (const void *data, size_t size, const char *label,
            stamp_guess_t *guess, stamp_t *stamp)
{
    if (stamp_parse_next (data, size, guess, stamp) != 0)
        return -1;
    if (label && label [0]
    &&  (strlen (label) != stamp->label_len || !same_bytes (label, stamp->label, stamp->label_len)))
        return -1;
    return 0;
}

//  A reader that starts on a link (or on a new link for the same sender).
void loss_reader_init (loss_reader_t *self, int epoch);

//  One stamped message on the link: counts it as delivered.
static inline void
loss_delivered (loss_link_t *link)
{
    counter_add (&link->delivered, 1);
}

//  Sequence check of one stamped message on a gap-checked link: SEQ from
//  its stamp, TOPIC the bytes its topic is read from (the first frame, or
//  the body without the stamp). EPOCH is the receiving socket's current
//  subscription epoch.
void loss_check (loss_link_t *link, loss_reader_t *reader, int epoch,
                 const loss_sender_t *sender, const void *topic, size_t size,
                 uint64_t seq, loss_gap_fn *gap, void *arg);

//  The tail rule, first half: copies every channel's sender sequence into
//  seen (CHANNELS_MAX entries) before the receiver looks at its queue once
//  more. Returns the number of channels.
int loss_tail_look (loss_link_t *link, uint64_t *seen);
//  Second half, when that look found nothing: what the senders had sent
//  by the first half and the reader never saw is lost (channels whose
//  subscription epoch changed meanwhile are left alone).
void loss_tail_settle (loss_link_t *link, const loss_reader_t *reader, int epoch,
                       const uint64_t *seen, int n, loss_gap_fn *gap, void *arg);

#endif
