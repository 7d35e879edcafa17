/*  test_events.c — the bounded event ring (src/engine/events.h): capacity,
    a push that fails when full, oldest-first pops, ids, and several
    producer threads against one consumer.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/events.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static lab_event_t
s_event (uint64_t seq, const char *actor)
{
    lab_event_t event;
    memset (&event, 0, sizeof event);
    event.kind = EVENT_SEND;
    event.seq = seq;
    event.id = 999;                 //  ignored: the ring sets ids
    snprintf (event.actor, sizeof event.actor, "%s", actor);
    snprintf (event.text, sizeof event.text, "event %llu", (unsigned long long) seq);
    return event;
}

static void
test_push_until_full (void **state)
{
    (void) state;
    events_t *ring = events_new (5);        //  rounded up to 8
    assert_non_null (ring);
    for (uint64_t i = 1; i <= 8; i++) {
        lab_event_t event = s_event (i, "a");
        assert_true (events_push (ring, &event));
    }
    lab_event_t extra = s_event (9, "a");
    assert_false (events_push (ring, &extra));
    assert_false (events_push (ring, &extra));

    lab_event_t out [16];
    assert_int_equal (events_pop (ring, out, 3), 3);     //  at most max
    for (uint64_t i = 0; i < 3; i++) {
        assert_int_equal (out [i].seq, i + 1);           //  oldest first
        assert_int_equal (out [i].id, i + 1);            //  ids from 1
        assert_int_equal (out [i].kind, EVENT_SEND);
        assert_string_equal (out [i].actor, "a");
    }
    //  Room for exactly three more.
    for (uint64_t i = 9; i <= 11; i++) {
        lab_event_t event = s_event (i, "b");
        assert_true (events_push (ring, &event));
    }
    assert_false (events_push (ring, &extra));
    assert_int_equal (events_pop (ring, out, 16), 8);
    for (uint64_t i = 0; i < 8; i++) {
        assert_int_equal (out [i].seq, i + 4);
        assert_int_equal (out [i].id, i + 4);   //  no id spent on a failed push
        char text [32];
        snprintf (text, sizeof text, "event %llu", (unsigned long long) (i + 4));
        assert_string_equal (out [i].text, text);
    }
    assert_int_equal (events_pop (ring, out, 16), 0);   //  empty
    assert_int_equal (events_pop (ring, out, 0), 0);
    events_destroy (&ring);
    assert_null (ring);
    events_destroy (&ring);                 //  harmless
    events_destroy (NULL);
}

static void
test_wraps_around (void **state)
{
    (void) state;
    events_t *ring = events_new (4);
    assert_non_null (ring);
    lab_event_t out [4];
    uint64_t next = 1;
    for (int round = 0; round < 1000; round++) {
        int n = 1 + round % 4;
        for (int i = 0; i < n; i++) {
            lab_event_t event = s_event (next + (uint64_t) i, "w");
            assert_true (events_push (ring, &event));
        }
        assert_int_equal (events_pop (ring, out, 4), n);
        for (int i = 0; i < n; i++) {
            assert_int_equal (out [i].id, next);
            assert_int_equal (out [i].seq, next);
            next++;
        }
    }
    events_destroy (&ring);
}

static void
test_small_capacity (void **state)
{
    (void) state;
    const size_t capacities [] = { 0, 1, 2, 3, 64, 100 };
    const size_t expected [] = { 2, 2, 2, 4, 64, 128 };
    for (size_t c = 0; c < sizeof capacities / sizeof *capacities; c++) {
        events_t *ring = events_new (capacities [c]);
        assert_non_null (ring);
        size_t pushed = 0;
        lab_event_t event = s_event (1, "c");
        while (pushed < 1000 && events_push (ring, &event))
            pushed++;
        assert_int_equal (pushed, expected [c]);
        events_destroy (&ring);
    }
}

static long
s_minor_faults (void)
{
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

//  A fresh ring writes nothing to its slots (lab_new makes one): making a
//  big one faults in no pages, and it works like any other.
static void
test_fresh_ring_untouched (void **state)
{
    (void) state;
    enum { SLOTS = 16384 };
    long before = s_minor_faults ();
    events_t *ring = events_new (SLOTS);
    long faults = s_minor_faults () - before;
    assert_non_null (ring);
    //  Writing every slot would fault in thousands of pages.
    if (faults > 16)
        fail_msg ("events_new faulted in %ld pages for %d slots", faults, SLOTS);
    lab_event_t event = s_event (1, "f");
    for (int i = 0; i < SLOTS; i++)
        assert_true (events_push (ring, &event));
    assert_false (events_push (ring, &event));
    assert_true (s_minor_faults () - before > SLOTS * (long) sizeof (lab_event_t) / 4096 / 2);
    lab_event_t out [8];
    assert_int_equal (events_pop (ring, out, 8), 8);
    assert_int_equal (out [7].id, 8);
    assert_true (events_push (ring, &event));
    events_destroy (&ring);
    assert_null (ring);
}

//  --- several producers, one consumer -------------------------------------------

enum { PRODUCERS = 4, PER_PRODUCER = 20000 };

typedef struct {
    events_t *ring;
    int index;
    uint64_t dropped;
    atomic_int *done;               //  producers finished
} producer_t;

static void *
s_producer (void *arg)
{
    producer_t *self = arg;
    char name [8];
    snprintf (name, sizeof name, "p%d", self->index);
    for (uint64_t seq = 1; seq <= PER_PRODUCER; seq++) {
        lab_event_t event = s_event (seq, name);
        if (!events_push (self->ring, &event))
            self->dropped++;
    }
    atomic_fetch_add (self->done, 1);
    return NULL;
}

static void
test_producers (void **state)
{
    (void) state;
    events_t *ring = events_new (256);
    assert_non_null (ring);
    pthread_t threads [PRODUCERS];
    producer_t producers [PRODUCERS];
    atomic_int done = 0;
    for (int i = 0; i < PRODUCERS; i++) {
        producers [i] = (producer_t) { ring, i, 0, &done };
        assert_int_equal (pthread_create (&threads [i], NULL, s_producer, &producers [i]), 0);
    }
    uint64_t last_seq [PRODUCERS] = { 0 };
    uint64_t received = 0, last_id = 0;
    lab_event_t out [64];
    //  Pop until the ring is empty after every producer finished.
    for (;;) {
        bool finished = atomic_load (&done) == PRODUCERS;
        size_t n = events_pop (ring, out, 64);
        for (size_t i = 0; i < n; i++) {
            int p = out [i].actor [1] - '0';
            assert_true (p >= 0 && p < PRODUCERS);
            //  Ids strictly increase in pop order; each producer's own
            //  events keep their order (drops leave gaps, never swaps).
            assert_true (out [i].id > last_id);
            last_id = out [i].id;
            assert_true (out [i].seq > last_seq [p]);
            last_seq [p] = out [i].seq;
            char text [32];
            snprintf (text, sizeof text, "event %llu", (unsigned long long) out [i].seq);
            assert_string_equal (out [i].text, text);       //  never torn
            received++;
        }
        if (n == 0 && finished)
            break;
    }
    for (int i = 0; i < PRODUCERS; i++)
        assert_int_equal (pthread_join (threads [i], NULL), 0);
    uint64_t dropped = 0;
    for (int i = 0; i < PRODUCERS; i++)
        dropped += producers [i].dropped;
    //  Every event was either received or counted as dropped.
    assert_int_equal (received + dropped, (uint64_t) PRODUCERS * PER_PRODUCER);
    //  Ids are handed out only on success, so they number what was received.
    assert_int_equal (last_id, received);
    events_destroy (&ring);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_push_until_full),
        cmocka_unit_test (test_wraps_around),
        cmocka_unit_test (test_small_capacity),
        cmocka_unit_test (test_fresh_ring_untouched),
        cmocka_unit_test (test_producers),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
