/*  test_feed.c — the lab's output into the view's model (src/cli/feed.h),
    with crafted snapshots and events and the time passed in: rates from
    consecutive snapshots (window, restart, removal, a new link, reset),
    the event log ring, and the glyphs' caps and lifetimes. No lab, no
    threads.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cli/feed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  A snapshot of TIME with room for N_ACTORS actors and N_LINKS links,
//  allocated as lab_snapshot allocates one (the feed frees it).
static lab_snapshot_t *
s_snap (size_t n_actors, size_t n_links)
{
    lab_snapshot_t *snap = calloc (1, sizeof *snap);
    assert_non_null (snap);
    snap->actors = calloc (n_actors + 1, sizeof *snap->actors);
    snap->sockets = calloc (1, sizeof *snap->sockets);
    snap->links = calloc (n_links + 1, sizeof *snap->links);
    assert_non_null (snap->actors);
    assert_non_null (snap->sockets);
    assert_non_null (snap->links);
    snap->n_actors = n_actors;
    snap->n_links = n_links;
    snap->speed = 1;
    return snap;
}

static void
s_actor (lab_snapshot_t *snap, size_t i, const char *name, uint64_t sent, uint64_t received)
{
    actor_stats_t *actor = &snap->actors [i];
    snprintf (actor->name, sizeof actor->name, "%s", name);
    actor->state = ACTOR_RUNNING;
    actor->sent = sent;
    actor->received = received;
}

//  The link from socket FROM ("pub.out") to socket TO ("sub.in").
static void
s_link (lab_snapshot_t *snap, size_t i, const char *from, const char *to, uint64_t delivered)
{
    link_stats_t *link = &snap->links [i];
    snprintf (link->from, sizeof link->from, "%s", from);
    snprintf (link->to, sizeof link->to, "%s", to);
    snprintf (link->from_actor, sizeof link->from_actor, "%.*s", (int) strcspn (from, "."), from);
    snprintf (link->to_actor, sizeof link->to_actor, "%.*s", (int) strcspn (to, "."), to);
    snprintf (link->endpoint, sizeof link->endpoint, "inproc://%s", from);
    link->active = true;
    link->delivered = delivered;
}

//  An arrival at actor TO from socket PEER.
static lab_event_t
s_event (event_kind_t kind, uint64_t id, const char *to, const char *peer)
{
    lab_event_t event;
    memset (&event, 0, sizeof event);
    event.id = id;
    event.kind = kind;
    snprintf (event.actor, sizeof event.actor, "%s", to);
    snprintf (event.peer, sizeof event.peer, "%s", peer);
    snprintf (event.text, sizeof event.text, "#%llu", (unsigned long long) id);
    return event;
}

//  A model and its feed, as the session holds them.
typedef struct {
    model_t model;
    feed_t *feed;
} fixture_t;

static int
s_setup (void **state)
{
    fixture_t *fixture = calloc (1, sizeof *fixture);
    if (!fixture)
        return -1;
    fixture->model.selected = -1;
    fixture->feed = feed_new (&fixture->model);
    *state = fixture;
    return fixture->feed ? 0 : -1;
}

static int
s_teardown (void **state)
{
    fixture_t *fixture = *state;
    feed_destroy (&fixture->feed);
    assert_null (fixture->feed);
    feed_destroy (&fixture->feed);          //  a second call is harmless
    //  The model no longer points into the feed.
    assert_null (fixture->model.snap);
    assert_null (fixture->model.link_rates);
    assert_null (fixture->model.actor_rates);
    free (fixture);
    return 0;
}

static void
s_take (fixture_t *fixture, lab_snapshot_t *snap, double now)
{
    feed_snapshot (fixture->feed, &snap, now);
    assert_null (snap);                     //  the feed took it
}

//  One publisher, one subscriber, one link between them.
static lab_snapshot_t *
s_pair (uint64_t sent, uint64_t received)
{
    lab_snapshot_t *snap = s_snap (2, 1);
    s_actor (snap, 0, "pub", sent, 0);
    s_actor (snap, 1, "sub", 0, received);
    s_link (snap, 0, "pub.out", "sub.in", received);
    return snap;
}

static void
test_rates_from_two_snapshots (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    s_take (fixture, s_pair (100, 50), 10.0);
    assert_non_null (model->snap);
    assert_int_equal (model->n_actor_rates, 2);
    assert_int_equal (model->n_link_rates, 1);
    //  One sample is no rate yet.
    assert_true (model->actor_rates [0].sent == 0);
    assert_true (model->link_rates [0] == 0);
    assert_false (feed_moving (fixture->feed));

    //  Inside the window: still no rate, and the first sample stays the base.
    s_take (fixture, s_pair (150, 100), 10.0 + FEED_RATE_WINDOW / 2);
    assert_true (model->actor_rates [0].sent == 0);
    assert_true (model->link_rates [0] == 0);

    //  One second after the first sample: 200 more sent, 200 more received.
    s_take (fixture, s_pair (300, 250), 11.0);
    assert_float_equal (model->actor_rates [0].sent, 200, 1e-9);
    assert_float_equal (model->actor_rates [0].received, 0, 1e-9);
    assert_float_equal (model->actor_rates [1].sent, 0, 1e-9);
    assert_float_equal (model->actor_rates [1].received, 200, 1e-9);
    assert_float_equal (model->link_rates [0], 200, 1e-9);
    assert_float_equal (feed_link_rate (fixture->feed, "pub.out", "sub"), 200, 1e-9);
    assert_true (feed_link_rate (fixture->feed, "pub.out", "nobody") == 0);
    assert_true (feed_moving (fixture->feed));

    //  Half a second, 50 more: a rate over the new window alone.
    s_take (fixture, s_pair (350, 300), 11.5);
    assert_float_equal (model->actor_rates [0].sent, 100, 1e-9);
    assert_float_equal (model->link_rates [0], 100, 1e-9);

    //  Traffic stopped: the next window says so, and nothing moves.
    s_take (fixture, s_pair (350, 300), 12.5);
    assert_true (model->actor_rates [0].sent == 0);
    assert_true (model->actor_rates [1].received == 0);
    assert_true (model->link_rates [0] == 0);
    assert_false (feed_moving (fixture->feed));
}

static void
test_actor_restarted (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    s_take (fixture, s_pair (500, 0), 0.0);
    s_take (fixture, s_pair (1000, 0), 1.0);
    assert_float_equal (model->actor_rates [0].sent, 500, 1e-9);
    //  Restarted: its count began again. No wrapped-around rate; the last
    //  window's rate stands until a window from the restart has passed.
    s_take (fixture, s_pair (10, 0), 1.25);
    assert_float_equal (model->actor_rates [0].sent, 500, 1e-9);
    s_take (fixture, s_pair (60, 0), 1.5);
    assert_float_equal (model->actor_rates [0].sent, 500, 1e-9);
    s_take (fixture, s_pair (110, 0), 2.25);
    assert_float_equal (model->actor_rates [0].sent, 100, 1e-9);
}

static void
test_actor_removed (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    lab_snapshot_t *snap = s_snap (3, 0);
    s_actor (snap, 0, "a", 100, 0);
    s_actor (snap, 1, "b", 5000, 0);
    s_actor (snap, 2, "c", 200, 0);
    s_take (fixture, snap, 0.0);

    //  b is gone: c moves up one place, but keeps its own history.
    snap = s_snap (2, 0);
    s_actor (snap, 0, "a", 150, 0);
    s_actor (snap, 1, "c", 600, 0);
    s_take (fixture, snap, 1.0);
    assert_int_equal (model->n_actor_rates, 2);
    assert_float_equal (model->actor_rates [0].sent, 50, 1e-9);
    assert_float_equal (model->actor_rates [1].sent, 400, 1e-9);

    //  A new b (an outside program reconnecting under the old name, say):
    //  a first sample, so no rate yet, whatever it already counted.
    snap = s_snap (3, 0);
    s_actor (snap, 0, "b", 30, 0);
    s_actor (snap, 1, "a", 250, 0);
    s_actor (snap, 2, "c", 1000, 0);
    s_take (fixture, snap, 2.0);
    assert_true (model->actor_rates [0].sent == 0);
    assert_float_equal (model->actor_rates [1].sent, 100, 1e-9);
    assert_float_equal (model->actor_rates [2].sent, 400, 1e-9);
    snap = s_snap (3, 0);
    s_actor (snap, 0, "b", 90, 0);
    s_actor (snap, 1, "a", 250, 0);
    s_actor (snap, 2, "c", 1000, 0);
    s_take (fixture, snap, 3.0);
    assert_float_equal (model->actor_rates [0].sent, 60, 1e-9);
}

static void
test_link_appearing (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    lab_snapshot_t *snap = s_snap (0, 1);
    s_link (snap, 0, "a.out", "b.in", 100);
    s_take (fixture, snap, 0.0);

    //  A second link, already with traffic when first seen.
    snap = s_snap (0, 2);
    s_link (snap, 0, "a.out", "b.in", 300);
    s_link (snap, 1, "a.out", "c.in", 7000);
    s_take (fixture, snap, 1.0);
    assert_int_equal (model->n_link_rates, 2);
    assert_float_equal (model->link_rates [0], 200, 1e-9);
    assert_true (model->link_rates [1] == 0);
    assert_true (feed_link_rate (fixture->feed, "a.out", "c") == 0);

    //  Its window runs from when it appeared, not from the first link's.
    snap = s_snap (0, 2);
    s_link (snap, 0, "a.out", "b.in", 300);
    s_link (snap, 1, "a.out", "c.in", 7300);
    s_take (fixture, snap, 1.5);
    assert_float_equal (model->link_rates [1], 600, 1e-9);
    assert_float_equal (feed_link_rate (fixture->feed, "a.out", "c"), 600, 1e-9);
    //  The first link's window (from 1.0) has passed as well: nothing came.
    assert_true (model->link_rates [0] == 0);

    //  Two links may carry the same sockets' names (a restarted actor's new
    //  sockets): each keeps its own history, in order.
    snap = s_snap (0, 3);
    s_link (snap, 0, "a.out", "b.in", 300);
    s_link (snap, 1, "a.out", "c.in", 7300);
    s_link (snap, 2, "a.out", "b.in", 0);
    s_take (fixture, snap, 2.0);
    snap = s_snap (0, 3);
    s_link (snap, 0, "a.out", "b.in", 310);
    s_link (snap, 1, "a.out", "c.in", 7300);
    s_link (snap, 2, "a.out", "b.in", 40);
    s_take (fixture, snap, 3.0);
    assert_float_equal (model->link_rates [0], 10, 1e-9);
    assert_float_equal (model->link_rates [2], 40, 1e-9);
}

static void
test_reset (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    s_take (fixture, s_pair (0, 0), 0.0);
    s_take (fixture, s_pair (100, 100), 1.0);
    lab_event_t event = s_event (EVENT_RECV, 1, "sub", "pub.out");
    feed_events (fixture->feed, &event, 1, 1.0);
    assert_int_equal (model->log_count, 1);
    assert_true (feed_moving (fixture->feed));

    feed_reset (fixture->feed);
    assert_null (model->snap);
    assert_int_equal (model->n_actor_rates, 0);
    assert_int_equal (model->n_link_rates, 0);
    assert_int_equal (model->log_count, 0);
    assert_int_equal (model->n_flights, 0);
    assert_false (feed_moving (fixture->feed));
    //  A new lab: its counts start from zero, and so do the rates.
    s_take (fixture, s_pair (5, 5), 1.5);
    assert_true (model->actor_rates [0].sent == 0);
    s_take (fixture, s_pair (25, 5), 2.5);
    assert_float_equal (model->actor_rates [0].sent, 20, 1e-9);
}

static void
test_selection_kept_within_actors (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    model->selected = 5;
    s_take (fixture, s_pair (0, 0), 0.0);
    assert_int_equal (model->selected, 1);
    model->selected = 0;
    s_take (fixture, s_snap (0, 0), 0.1);
    assert_int_equal (model->selected, -1);
}

static void
test_event_ring_overflow (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    assert_false (feed_events (fixture->feed, NULL, 0, 0.0));
    //  Plain sends: into the log only.
    size_t total = MODEL_LOG_MAX + 88;
    for (uint64_t id = 1; id <= total; id++) {
        lab_event_t event = s_event (EVENT_SEND, id, "pub", "");
        assert_true (feed_events (fixture->feed, &event, 1, 0.0));
        assert_int_equal (model->log_count, id < MODEL_LOG_MAX ? id : MODEL_LOG_MAX);
    }
    assert_int_equal (model->n_flights, 0);
    //  The newest MODEL_LOG_MAX, oldest first.
    for (size_t i = 0; i < model->log_count; i++)
        assert_int_equal (model->log [(model->log_start + i) % MODEL_LOG_MAX].id,
                          total - MODEL_LOG_MAX + 1 + i);
}

static void
test_glyphs (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    //  Only arrivals with a known sender fly.
    lab_event_t events [4] = {
        s_event (EVENT_SEND, 1, "pub", "sub.in"),
        s_event (EVENT_RECV, 2, "sub", ""),
        s_event (EVENT_RECV, 3, "sub", "pub.out"),
        s_event (EVENT_DROP, 4, "sub", "pub.out"),
    };
    assert_true (feed_events (fixture->feed, events, 4, 5.0));
    assert_int_equal (model->n_flights, 2);
    assert_string_equal (model->flights [0].from, "pub");   //  the actor of the label
    assert_string_equal (model->flights [0].to, "sub");
    assert_string_equal (model->flights [0].text, "#3");
    assert_false (model->flights [0].dropped);
    assert_true (model->flights [1].dropped);
    assert_true (feed_moving (fixture->feed));

    //  Halfway along, then arrived and retired.
    double half = 5.0 + FEED_FLIGHT_MS / 2000.0;
    assert_true (feed_advance (fixture->feed, half));
    assert_int_equal (model->n_flights, 2);
    assert_float_equal (model->flights [0].progress, 0.5, 1e-9);
    assert_true (feed_advance (fixture->feed, 5.001 + FEED_FLIGHT_MS / 1000.0));
    assert_int_equal (model->n_flights, 0);
    assert_false (feed_advance (fixture->feed, 5.9));
    assert_false (feed_moving (fixture->feed));
}

static void
test_glyph_caps (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    //  At most FEED_FLIGHTS_PER_SECOND start in a second.
    for (uint64_t id = 1; id <= 2 * FEED_FLIGHTS_PER_SECOND; id++) {
        lab_event_t event = s_event (EVENT_RECV, id, "sub", "pub.out");
        feed_events (fixture->feed, &event, 1, 1.0 + (double) id / 100);
    }
    assert_int_equal (model->n_flights, FEED_FLIGHTS_PER_SECOND);
    assert_int_equal (model->log_count, 2 * FEED_FLIGHTS_PER_SECOND);
    //  A new second, more glyphs; however many seconds pass without the
    //  glyphs moving on, no more than the model holds.
    for (int second = 2; second < 2 + MODEL_FLIGHTS_MAX; second++)
        for (uint64_t id = 1; id <= FEED_FLIGHTS_PER_SECOND; id++) {
            lab_event_t event = s_event (EVENT_RECV, id, "sub", "pub.out");
            feed_events (fixture->feed, &event, 1, second);
        }
    assert_int_equal (model->n_flights, MODEL_FLIGHTS_MAX);
}

static void
test_no_glyphs_on_a_fast_link (void **state)
{
    fixture_t *fixture = *state;
    model_t *model = &fixture->model;
    lab_snapshot_t *snap = s_snap (3, 2);
    s_actor (snap, 0, "fast", 0, 0);
    s_actor (snap, 1, "slow", 0, 0);
    s_actor (snap, 2, "sink", 0, 0);
    s_link (snap, 0, "fast.out", "sink.in", 0);
    s_link (snap, 1, "slow.out", "sink.in", 0);
    s_take (fixture, snap, 0.0);
    snap = s_snap (3, 2);
    s_actor (snap, 0, "fast", 0, 0);
    s_actor (snap, 1, "slow", 0, 0);
    s_actor (snap, 2, "sink", 0, 0);
    s_link (snap, 0, "fast.out", "sink.in", FEED_FLIGHTS_PER_SECOND);
    s_link (snap, 1, "slow.out", "sink.in", 1);
    s_take (fixture, snap, 1.0);
    //  The fast link's rate says it all; the slow one still shows glyphs.
    lab_event_t fast = s_event (EVENT_RECV, 1, "sink", "fast.out");
    lab_event_t slow = s_event (EVENT_RECV, 2, "sink", "slow.out");
    feed_events (fixture->feed, &fast, 1, 1.1);
    feed_events (fixture->feed, &slow, 1, 1.1);
    assert_int_equal (model->n_flights, 1);
    assert_string_equal (model->flights [0].from, "slow");
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_rates_from_two_snapshots, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_actor_restarted, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_actor_removed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_link_appearing, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_reset, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_selection_kept_within_actors, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_event_ring_overflow, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_glyphs, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_glyph_caps, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_no_glyphs_on_a_fast_link, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
