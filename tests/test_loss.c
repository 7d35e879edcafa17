/*  test_loss.c — the receive-side loss accounting (src/engine/loss.h) over
    crafted sequences, without threads or sockets: what a receiver that
    reads these stamps must count as delivered, lost and missed, and which
    ranges it reports.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/loss.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  A sending socket's streams, as a lab socket keeps them (with room for
//  more than a receiver's channel table holds).
typedef struct {
    topic_t topics [CHANNELS_MAX + 8];
    _Atomic int n_topics;
    bool by_topic;
} sender_t;

enum { GAPS_MAX = 16 };

//  One side of a link under test: the receiver's counters and the gaps it
//  reported, in order.
typedef struct {
    sender_t sender;
    loss_link_t link;
    loss_reader_t reader;
    int epoch;
    struct { uint64_t first, last; bool missed; } gaps [GAPS_MAX];
    int n_gaps;
} fixture_t;

static void
s_gap (void *arg, uint64_t first, uint64_t last, bool missed)
{
    fixture_t *self = arg;
    assert_true (self->n_gaps < GAPS_MAX);
    self->gaps [self->n_gaps].first = first;
    self->gaps [self->n_gaps].last = last;
    self->gaps [self->n_gaps].missed = missed;
    self->n_gaps++;
}

static fixture_t *
s_fixture (bool by_topic)
{
    fixture_t *self = calloc (1, sizeof *self);
    assert_non_null (self);
    self->sender.by_topic = by_topic;
    if (!by_topic) {
        //  Every other socket type has its one stream "" from the start.
        self->sender.topics [0].len = 0;
        atomic_init (&self->sender.n_topics, 1);
    }
    loss_reader_init (&self->reader, self->epoch);
    return self;
}

//  The sender publishes a stream for TOPIC (as probe.c does on first use).
static topic_t *
s_topic (fixture_t *self, const char *topic)
{
    int n = atomic_load (&self->sender.n_topics);
    for (int i = 0; i < n; i++)
        if (strcmp (self->sender.topics [i].name, topic) == 0)
            return &self->sender.topics [i];
    assert_true (n < (int) (sizeof self->sender.topics / sizeof self->sender.topics [0]));
    topic_t *stream = &self->sender.topics [n];
    snprintf (stream->name, sizeof stream->name, "%s", topic);
    stream->len = strlen (topic);
    atomic_store (&self->sender.n_topics, n + 1);
    return stream;
}

//  The receiver reads a message with TEXT (its topic's text) and SEQ.
static void
s_read (fixture_t *self, const char *text, uint64_t seq)
{
    loss_sender_t streams = { self->sender.topics, &self->sender.n_topics,
                              self->sender.by_topic };
    loss_delivered (&self->link);
    loss_check (&self->link, &self->reader, self->epoch, &streams, text, strlen (text),
                seq, s_gap, self);
}

//  The sender sent message SEQ on TOPIC (it may never arrive).
static void
s_sent (fixture_t *self, const char *topic, uint64_t seq)
{
    atomic_store (&s_topic (self, topic)->seq, seq);
}

//  The tail rule as probe.c runs it when the queue is empty twice.
static void
s_tail (fixture_t *self)
{
    uint64_t seen [CHANNELS_MAX];
    int n = loss_tail_look (&self->link, seen);
    loss_tail_settle (&self->link, &self->reader, self->epoch, seen, n, s_gap, self);
}

static void
s_expect_gap (fixture_t *self, int index, uint64_t first, uint64_t last, bool missed)
{
    assert_true (index < self->n_gaps);
    assert_int_equal (self->gaps [index].first, first);
    assert_int_equal (self->gaps [index].last, last);
    assert_int_equal (self->gaps [index].missed, missed);
}

static void
s_expect (fixture_t *self, uint64_t delivered, uint64_t lost, uint64_t missed)
{
    assert_int_equal (counter_get (&self->link.delivered), delivered);
    assert_int_equal (counter_get (&self->link.lost), lost);
    assert_int_equal (counter_get (&self->link.missed), missed);
}

static void
test_in_order (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (false);
    for (uint64_t seq = 1; seq <= 1000; seq++) {
        s_sent (self, "", seq);
        s_read (self, "hello world", seq);
    }
    s_expect (self, 1000, 0, 0);
    assert_int_equal (self->n_gaps, 0);
    assert_int_equal (atomic_load (&self->link.n_channels), 1);
    assert_int_equal (counter_get (&self->link.channels [0].last), 1000);
    //  The queue is empty and nothing else was sent: no tail.
    s_tail (self);
    s_expect (self, 1000, 0, 0);
    assert_int_equal (counter_get (&self->link.missed_first), 0);
    free (self);
}

static void
test_gaps (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (false);
    s_sent (self, "", 10);
    const uint64_t seqs [] = { 1, 2, 5, 6, 10 };
    for (size_t i = 0; i < sizeof seqs / sizeof seqs [0]; i++)
        s_read (self, "x", seqs [i]);
    s_expect (self, 5, 2 + 3, 0);
    assert_int_equal (self->n_gaps, 2);
    s_expect_gap (self, 0, 3, 4, false);
    s_expect_gap (self, 1, 7, 9, false);
    free (self);
}

//  The late subscriber: what was sent before its first message is missed,
//  once, and the range is kept for the first channel only.
static void
test_first_after_join (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    s_sent (self, "news", 51);
    s_read (self, "news a", 51);
    s_expect (self, 1, 0, 50);
    s_expect_gap (self, 0, 1, 50, true);
    assert_int_equal (counter_get (&self->link.missed_first), 1);
    assert_int_equal (counter_get (&self->link.missed_last), 50);
    s_sent (self, "news", 52);
    s_read (self, "news b", 52);
    s_expect (self, 2, 0, 50);
    //  A second topic first seen at #11: missed too, the range stays.
    s_sent (self, "weather", 11);
    s_read (self, "weather rain", 11);
    s_expect (self, 3, 0, 60);
    s_expect_gap (self, 1, 1, 10, true);
    assert_int_equal (counter_get (&self->link.missed_last), 50);
    //  A first message #1 misses nothing.
    s_sent (self, "sport", 1);
    s_read (self, "sport goal", 1);
    s_expect (self, 4, 0, 60);
    assert_int_equal (self->n_gaps, 2);
    free (self);
}

//  A zmq pipe never reorders: a number not above the last one means the
//  sender started over (restarted, or sent a duplicate), never a loss.
static void
test_duplicates_and_restarts (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (false);
    for (uint64_t seq = 1; seq <= 3; seq++)
        s_read (self, "x", seq);
    s_read (self, "x", 3);              //  duplicate
    s_expect (self, 4, 0, 0);
    s_read (self, "x", 6);              //  4, 5 dropped
    s_read (self, "x", 5);              //  lower: start over from 5
    s_expect (self, 6, 2, 0);
    s_read (self, "x", 6);
    s_expect (self, 7, 2, 0);
    //  A restarted sender begins again at 1.
    s_read (self, "x", 1);
    s_read (self, "x", 2);
    s_read (self, "x", 4);
    s_expect (self, 10, 3, 0);
    assert_int_equal (self->n_gaps, 2);
    s_expect_gap (self, 0, 4, 5, false);
    s_expect_gap (self, 1, 3, 3, false);
    free (self);
}

//  On PUB a sequence runs per topic: filtering one topic out is no loss;
//  on other types the text before the space is no topic.
static void
test_topic_channels (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    s_sent (self, "news", 1);
    s_read (self, "news a", 1);
    s_sent (self, "weather", 1);
    s_read (self, "weather x", 1);
    s_sent (self, "news", 3);
    s_read (self, "news c", 3);         //  news #2 dropped
    s_sent (self, "weather", 2);
    s_read (self, "weather y", 2);
    s_sent (self, "solo", 1);
    s_read (self, "solo", 1);           //  no space: all of it is the topic
    s_sent (self, "solo", 2);
    s_read (self, "solo", 2);
    s_sent (self, "", 1);
    s_read (self, " leading space", 1); //  the empty topic
    s_expect (self, 7, 1, 0);
    assert_int_equal (self->n_gaps, 1);
    s_expect_gap (self, 0, 2, 2, false);
    assert_int_equal (atomic_load (&self->link.n_channels), 4);
    free (self);

    self = s_fixture (false);
    s_read (self, "news a", 1);
    s_read (self, "weather b", 2);
    s_read (self, "news c", 4);
    s_expect (self, 3, 1, 0);
    assert_int_equal (atomic_load (&self->link.n_channels), 1);
    free (self);
}

//  A gap across a SUBSCRIBE/UNSUBSCRIBE is missed, not lost; the tail of
//  a channel whose subscription changed is left alone.
static void
test_subscription_epoch (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    s_sent (self, "t", 12);
    s_read (self, "t 1", 1);
    s_read (self, "t 2", 2);
    self->epoch++;                      //  the receiver subscribed to more
    s_read (self, "t 10", 10);
    s_expect (self, 3, 0, 7);
    s_expect_gap (self, 0, 3, 9, true);
    s_read (self, "t 12", 12);          //  same epoch again: a drop
    s_expect (self, 4, 1, 7);
    s_expect_gap (self, 1, 11, 11, false);
    self->epoch++;
    s_sent (self, "t", 20);
    s_tail (self);
    s_expect (self, 4, 1, 7);
    assert_int_equal (self->n_gaps, 2);
    free (self);
}

static void
test_unstamped (void **state)
{
    (void) state;
    stamp_t stamp;
    stamp_guess_t none = { "", 0, 0, 0 }, guess = none;
    assert_int_equal (loss_stamp ("hello", 5, NULL, &guess, &stamp), -1);
    assert_int_equal (loss_stamp ("hello [pub#]", 12, NULL, &guess, &stamp), -1);
    assert_int_equal (loss_stamp ("", 0, "pub", &guess, &stamp), -1);
    const char *text = "news a [pub#17]";
    assert_int_equal (loss_stamp (text, strlen (text), NULL, &guess, &stamp), 0);
    assert_int_equal (stamp.seq, 17);
    assert_int_equal (stamp.body_len, 6);
    assert_int_equal (loss_stamp (text, strlen (text), "", &guess, &stamp), 0);
    assert_int_equal (loss_stamp (text, strlen (text), "pub", &guess, &stamp), 0);
    //  Over tcp/ipc a connection carries one socket's stamps, no other's.
    assert_int_equal (loss_stamp (text, strlen (text), "pu", &guess, &stamp), -1);
    assert_int_equal (loss_stamp (text, strlen (text), "pub2", &guess, &stamp), -1);
    assert_int_equal (loss_stamp (text, strlen (text), "sub", &guess, &stamp), -1);
}

//  Streams the accounting cannot track are counted, never gap-checked.
static void
test_untracked (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    char topic [80];
    for (int i = 0; i < CHANNELS_MAX; i++) {
        snprintf (topic, sizeof topic, "t%d", i);
        s_sent (self, topic, 1);
        s_read (self, topic, 1);
    }
    assert_int_equal (atomic_load (&self->link.n_channels), CHANNELS_MAX);
    //  The table is full: a new topic is delivered, not checked.
    s_sent (self, "late", 5);
    s_read (self, "late x", 5);
    s_read (self, "late y", 9);
    s_expect (self, CHANNELS_MAX + 2, 0, 0);
    assert_int_equal (atomic_load (&self->link.n_channels), CHANNELS_MAX);
    //  Tracked ones still are.
    s_read (self, "t3", 3);
    s_expect (self, CHANNELS_MAX + 3, 1, 0);
    free (self);

    self = s_fixture (true);
    //  A topic longer than TOPIC_LEN_MAX.
    memset (topic, 'a', TOPIC_LEN_MAX + 1);
    strcpy (topic + TOPIC_LEN_MAX + 1, " body");
    s_read (self, topic, 5);
    s_read (self, topic, 9);
    //  A topic the sender's table had no room for (its overflow stream).
    s_read (self, "unknown x", 7);
    s_read (self, "unknown x", 70);
    s_expect (self, 4, 0, 0);
    assert_int_equal (atomic_load (&self->link.n_channels), 0);
    assert_int_equal (self->n_gaps, 0);
    free (self);
}

static void
test_big_numbers (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (false);
    s_read (self, "x", UINT64_MAX - 2);
    s_expect (self, 1, 0, UINT64_MAX - 3);
    assert_int_equal (counter_get (&self->link.missed_last), UINT64_MAX - 3);
    s_read (self, "x", UINT64_MAX);
    s_expect (self, 2, 1, UINT64_MAX - 3);
    s_expect_gap (self, 1, UINT64_MAX - 1, UINT64_MAX - 1, false);
    //  After the largest number, no wrap into a gap.
    s_read (self, "x", UINT64_MAX);
    s_read (self, "x", 1);
    s_read (self, "x", 2);
    s_expect (self, 5, 1, UINT64_MAX - 3);
    assert_int_equal (self->n_gaps, 2);
    free (self);

    self = s_fixture (false);
    s_read (self, "x", 1);
    s_sent (self, "", (uint64_t) 1 << 40);
    s_tail (self);
    s_expect (self, 1, ((uint64_t) 1 << 40) - 1, 0);
    free (self);
}

//  A paused subscriber resumes, reads what its queue held, and then finds
//  it empty: the rest of what was sent before is the dropped tail.
static void
test_tail (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    s_sent (self, "news", 1000);
    s_sent (self, "weather", 10);
    for (uint64_t seq = 1; seq <= 20; seq++)
        s_read (self, "news x", seq);
    s_read (self, "weather x", 1);
    s_tail (self);
    s_expect (self, 21, 980 + 9, 0);
    assert_int_equal (self->n_gaps, 2);
    s_expect_gap (self, 0, 21, 1000, false);
    s_expect_gap (self, 1, 2, 10, false);
    assert_int_equal (counter_get (&self->link.channels [0].last), 1000);
    //  Counted once: a second empty look finds nothing new.
    s_tail (self);
    s_expect (self, 21, 989, 0);
    //  The sender goes on: the next message follows the tail, no gap.
    s_sent (self, "news", 1001);
    s_read (self, "news y", 1001);
    s_expect (self, 22, 989, 0);
    assert_int_equal (self->n_gaps, 2);
    //  A topic the receiver never saw has no channel, so no tail.
    s_sent (self, "sport", 50);
    s_tail (self);
    s_expect (self, 22, 989, 0);
    free (self);

    //  No channel at all: nothing to look at.
    self = s_fixture (false);
    uint64_t seen [CHANNELS_MAX];
    assert_int_equal (loss_tail_look (&self->link, seen), 0);
    free (self);
}

//  The classic experiment's numbers: 1000 published, the subscriber's
//  queue and the publisher's hold 10 each, it reads them and then the tail.
static void
test_classic_experiment (void **state)
{
    (void) state;
    fixture_t *self = s_fixture (true);
    s_sent (self, "tick", 1000);
    for (uint64_t seq = 1; seq <= 20; seq++)
        s_read (self, "tick", seq);
    s_tail (self);
    s_expect (self, 20, 980, 0);
    free (self);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_in_order),
        cmocka_unit_test (test_gaps),
        cmocka_unit_test (test_first_after_join),
        cmocka_unit_test (test_duplicates_and_restarts),
        cmocka_unit_test (test_topic_channels),
        cmocka_unit_test (test_subscription_epoch),
        cmocka_unit_test (test_unstamped),
        cmocka_unit_test (test_untracked),
        cmocka_unit_test (test_big_numbers),
        cmocka_unit_test (test_tail),
        cmocka_unit_test (test_classic_experiment),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
