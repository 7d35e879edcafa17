/*  test_registry.c — the registry of sockets, endpoints and links
    (src/engine/registry.h) on its own: no lab, no thread, no zmq socket.
    Binds and connects become links only where messages can flow; labels
    stay unique; --listen moves loopback endpoints; a snapshot reads the
    records as they are.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    registry_t *registry;
    actor_t *alice, *bob;
} fixture_t;

static actor_t *
s_actor (const char *name)
{
    actor_t *actor = calloc (1, sizeof *actor);
    assert_non_null (actor);
    snprintf (actor->name, sizeof actor->name, "%s", name);
    return actor;
}

static int
s_setup (void **state)
{
    fixture_t *fx = calloc (1, sizeof *fx);
    fx->registry = registry_new ();
    fx->alice = s_actor ("alice");
    fx->bob = s_actor ("bob");
    *state = fx;
    return fx->registry ? 0 : -1;
}

static int
s_teardown (void **state)
{
    fixture_t *fx = *state;
    registry_destroy (&fx->registry);
    free (fx->alice);
    free (fx->bob);
    free (fx);
    return 0;
}

static lab_snapshot_t *
s_fill (registry_t *registry)
{
    lab_snapshot_t *snap = calloc (1, sizeof *snap);
    assert_non_null (snap);
    assert_int_equal (registry_fill (registry, snap, 0), 0);
    return snap;
}

static void
test_labels (void **state)
{
    fixture_t *fx = *state;
    sock_rec_t *first = registry_sock_new (fx->registry, fx->alice, ZMQ_PUSH, NULL, 1);
    sock_rec_t *second = registry_sock_new (fx->registry, fx->alice, ZMQ_PULL, NULL, 2);
    sock_rec_t *named = registry_sock_new (fx->registry, fx->alice, ZMQ_REQ, "sync", 1);
    assert_string_equal (first->label, "alice");
    assert_string_equal (second->label, "alice.2");
    assert_string_equal (named->label, "alice.sync");
    assert_int_equal (first->id, 0);
    assert_int_equal (named->id, 2);
    //  The run's third unnamed socket after the first closed: alice.3,
    //  never the closed one's label; a named one again: alice.sync.2.
    registry_sock_closed (fx->registry, first);
    registry_sock_closed (fx->registry, named);
    sock_rec_t *third = registry_sock_new (fx->registry, fx->alice, ZMQ_PUSH, NULL, 3);
    assert_string_equal (third->label, "alice.3");
    sock_rec_t *named2 = registry_sock_new (fx->registry, fx->alice, ZMQ_REQ, "sync", 2);
    assert_string_equal (named2->label, "alice.sync.2");
    //  A restart numbers again: its first socket is alice, as before.
    registry_sock_closed (fx->registry, second);
    registry_sock_closed (fx->registry, third);
    sock_rec_t *again = registry_sock_new (fx->registry, fx->alice, ZMQ_PUSH, NULL, 1);
    assert_string_equal (again->label, "alice");
    //  A live socket's label is never given twice.
    sock_rec_t *twin = registry_sock_new (fx->registry, fx->alice, ZMQ_PUSH, NULL, 1);
    assert_string_not_equal (twin->label, "alice");
    //  PUB keeps one sequence stream per topic, others one for everything.
    sock_rec_t *pub = registry_sock_new (fx->registry, fx->bob, ZMQ_PUB, NULL, 1);
    assert_int_equal (atomic_load (&pub->n_topics), 0);
    assert_int_equal (atomic_load (&again->n_topics), 1);
}

static void
test_links_follow_flows (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *push = registry_sock_new (registry, fx->alice, ZMQ_PUSH, NULL, 1);
    sock_rec_t *pull = registry_sock_new (registry, fx->bob, ZMQ_PULL, NULL, 1);
    sock_rec_t *sub = registry_sock_new (registry, fx->bob, ZMQ_SUB, "news", 1);
    unsigned topology = registry_topology (registry);
    registry_sock_joined (registry, push, "inproc://work", true);
    registry_sock_joined (registry, pull, "inproc://work", false);
    //  SUB on a PUSH's endpoint: no messages can flow, so no link.
    registry_sock_joined (registry, sub, "inproc://work", false);
    assert_true (registry_topology (registry) != topology);
    assert_int_equal (registry_sock_peers (registry, push), 2);
    assert_int_equal (registry_sock_peers (registry, pull), 1);

    link_rec_t *link = registry_link_find (registry, pull, "alice", 5);
    assert_non_null (link);
    assert_ptr_equal (link->from, push);
    assert_ptr_equal (link->to, pull);
    assert_true (atomic_load (&link->active));
    assert_int_equal (link->capacity, 2000);        //  libzmq's HWMs, 1000 + 1000
    assert_null (registry_link_find (registry, sub, "alice", 5));
    assert_null (registry_link_find (registry, pull, "alic", 4));

    lab_snapshot_t *snap = s_fill (registry);
    assert_int_equal (snap->n_sockets, 3);
    assert_int_equal (snap->n_links, 1);
    assert_string_equal (snap->sockets [0].type, "PUSH");
    assert_string_equal (snap->sockets [0].actor, "alice");
    assert_string_equal (snap->sockets [0].endpoints, "bind inproc://work");
    assert_string_equal (snap->sockets [2].label, "bob.news");
    assert_string_equal (snap->links [0].from_actor, "alice");
    assert_string_equal (snap->links [0].to, "bob");
    assert_string_equal (snap->links [0].endpoint, "inproc://work");
    lab_snapshot_destroy (&snap);

    //  A disconnect ends the link; it stays found (messages queued before
    //  still arrive) until a newer one exists.
    registry_sock_disconnected (registry, pull, "inproc://work");
    assert_false (atomic_load (&link->active));
    assert_ptr_equal (registry_link_find (registry, pull, "alice", 5), link);
    assert_int_equal (registry_sock_peers (registry, pull), 0);
    registry_sock_joined (registry, pull, "inproc://work", false);
    link_rec_t *newer = registry_link_find (registry, pull, "alice", 5);
    assert_true (newer != link && atomic_load (&newer->active));
}

static void
test_tcp_meets_on_port (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *rep = registry_sock_new (registry, fx->alice, ZMQ_REP, NULL, 1);
    sock_rec_t *req = registry_sock_new (registry, fx->bob, ZMQ_REQ, NULL, 1);
    sock_rec_t *other = registry_sock_new (registry, fx->bob, ZMQ_REQ, "other", 1);
    registry_sock_joined (registry, rep, "tcp://*:5555", true);
    registry_sock_joined (registry, req, "tcp://localhost:5555", false);
    registry_sock_joined (registry, other, "tcp://localhost:5556", false);
    //  REQ and REP both send: a link each way, on the bind's spelling.
    assert_non_null (registry_link_find (registry, rep, "bob", 3));
    link_rec_t *reply = registry_link_find (registry, req, "alice", 5);
    assert_non_null (reply);
    assert_string_equal (reply->endpoint, "tcp://*:5555");
    assert_null (registry_link_find (registry, other, "alice", 5));
    //  A wildcard bind is reachable from other machines.
    lab_snapshot_t *snap = s_fill (registry);
    assert_int_equal (snap->n_links, 2);
    assert_true (strstr (snap->reachable, ":5555") != NULL);
    lab_snapshot_destroy (&snap);
}

static void
test_listen_moves_loopback (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    char out [LAB_ENDPOINT_MAX];
    //  No --listen: nothing moves.
    assert_string_equal (registry_bind_endpoint (registry, "tcp://127.0.0.1:5555", out),
                         "tcp://127.0.0.1:5555");
    registry_set_listen (registry, "0.0.0.0");
    assert_string_equal (registry_bind_endpoint (registry, "tcp://localhost:5555", out),
                         "tcp://0.0.0.0:5555");
    assert_string_equal (registry_bind_endpoint (registry, "tcp://192.168.1.5:5555", out),
                         "tcp://192.168.1.5:5555");
    assert_string_equal (registry_bind_endpoint (registry, "ipc:///tmp/x", out), "ipc:///tmp/x");
    //  Every interface includes loopback: a connect stays.
    assert_string_equal (registry_connect_endpoint (registry, "tcp://127.0.0.1:5555", out),
                         "tcp://127.0.0.1:5555");
    //  One address: a connect follows a bind it moved, and only that.
    registry_set_listen (registry, "10.0.0.3");
    sock_rec_t *pull = registry_sock_new (registry, fx->alice, ZMQ_PULL, NULL, 1);
    registry_sock_joined (registry, pull, "tcp://10.0.0.3:5555", true);
    assert_string_equal (registry_connect_endpoint (registry, "tcp://127.0.0.1:5555", out),
                         "tcp://10.0.0.3:5555");
    assert_string_equal (registry_connect_endpoint (registry, "tcp://127.0.0.1:6000", out),
                         "tcp://127.0.0.1:6000");
    registry_sock_closed (registry, pull);
    assert_string_equal (registry_connect_endpoint (registry, "tcp://127.0.0.1:5555", out),
                         "tcp://127.0.0.1:5555");
}

static void
test_in_flight_and_owner (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *push = registry_sock_new (registry, fx->alice, ZMQ_PUSH, NULL, 1);
    sock_rec_t *pull = registry_sock_new (registry, fx->bob, ZMQ_PULL, NULL, 1);
    registry_sock_hwm (registry, push, 3, -1);
    registry_sock_hwm (registry, pull, -1, 2);
    registry_sock_joined (registry, pull, "inproc://q", true);
    registry_sock_joined (registry, push, "inproc://q", false);
    link_rec_t *link = registry_link_find (registry, pull, "alice", 5);
    assert_int_equal (link->capacity, 5);
    counter_add (&push->sent, 4);
    counter_add (&link->rx.delivered, 1);
    lab_snapshot_t *snap = s_fill (registry);
    assert_int_equal (snap->links [0].in_flight, 3);
    assert_int_equal (snap->sockets [0].sndhwm, 3);
    assert_int_equal (snap->sockets [1].rcvhwm, 2);
    lab_snapshot_destroy (&snap);
    //  More than both queues hold: the sender's total says it, the link
    //  does not claim to hold it.
    counter_add (&push->sent, 100);
    snap = s_fill (registry);
    assert_false (snap->links [0].in_flight_known);
    assert_int_equal (snap->sockets [0].in_flight, 103);
    lab_snapshot_destroy (&snap);
    //  What the receiver took as it closed is discarded, not in flight.
    counter_add (&link->discarded, 103);
    snap = s_fill (registry);
    assert_true (snap->links [0].in_flight_known);
    assert_int_equal (snap->links [0].in_flight, 0);
    assert_int_equal (snap->sockets [0].discarded, 103);
    lab_snapshot_destroy (&snap);
    //  An actor that goes leaves its sockets, ownerless.
    registry_forget_owner (registry, fx->alice);
    snap = s_fill (registry);
    assert_string_equal (snap->sockets [0].actor, "");
    assert_string_equal (snap->links [0].from_actor, "");
    assert_string_equal (snap->links [0].to_actor, "bob");
    lab_snapshot_destroy (&snap);
}

static void
test_subscriptions (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *sub = registry_sock_new (registry, fx->bob, ZMQ_SUB, NULL, 1);
    registry_sock_subscribe (registry, sub, "news", 4, true);
    registry_sock_subscribe (registry, sub, "weather", 7, true);
    registry_sock_subscribe (registry, sub, "news", 4, false);
    registry_sock_subscribe (registry, sub, "nothing", 7, false);
    lab_snapshot_t *snap = s_fill (registry);
    assert_string_equal (snap->sockets [0].subscriptions, "\"weather\"");
    lab_snapshot_destroy (&snap);
}

//  A restart loop: the sender closes and comes back with the same label
//  1000 times while the receiver lives. The records stay bounded, what the
//  ended links delivered stays in the pair's one row, and the link the
//  receiver's cache holds (with its sender) is never freed under it.
static void
test_restarts_reclaimed (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *sub = registry_sock_new (registry, fx->bob, ZMQ_SUB, NULL, 1);
    registry_sock_joined (registry, sub, "tcp://127.0.0.1:5560", false);
    link_rec_t *cached = NULL;
    for (int run = 1; run <= 1000; run++) {
        sock_rec_t *pub = registry_sock_new (registry, fx->alice, ZMQ_PUB, NULL, 1);
        assert_string_equal (pub->label, "alice");
        registry_sock_joined (registry, pub, "tcp://*:5560", true);
        //  The receiver's cache lets go of the old link for the new one.
        link_rec_t *link = registry_link_find (registry, sub, "alice", 5);
        assert_non_null (link);
        assert_ptr_equal (link->from, pub);
        link_let_go (cached);
        cached = link;
        counter_add (&link->rx.delivered, 2);
        registry_sock_closed (registry, pub);
        assert_false (atomic_load (&cached->active));
        assert_string_equal (cached->from->label, "alice");
    }
    size_t socks, links, ended;
    registry_records (registry, &socks, &links, &ended);
    //  sub, and alice's last 8 (all closed: kept for the view's details).
    assert_int_equal (socks, 1 + 8);
    assert_int_equal (links, 1);
    assert_int_equal (ended, 1);
    lab_snapshot_t *snap = s_fill (registry);
    assert_int_equal (snap->n_links, 1);
    assert_string_equal (snap->links [0].from, "alice");
    assert_string_equal (snap->links [0].to, "bob");
    assert_int_equal (snap->links [0].delivered, 2000);
    assert_false (snap->links [0].active);
    lab_snapshot_destroy (&snap);
    //  The receiver closes and lets go: nothing is left but the row.
    link_let_go (cached);
    registry_sock_closed (registry, sub);
    registry_records (registry, &socks, &links, &ended);
    assert_true (socks <= 1 + 8);       //  the last ones of each, for the view
    assert_int_equal (links, 0);
    snap = s_fill (registry);
    assert_int_equal (snap->n_links, 1);
    assert_int_equal (snap->links [0].delivered, 2000);
    lab_snapshot_destroy (&snap);
}

//  Sockets opened and closed in a loop, each with a label of its own: the
//  ended rows stay bounded too, folded per pair of actors ("alice.*").
static void
test_socket_loop_bounded (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *pull = registry_sock_new (registry, fx->bob, ZMQ_PULL, NULL, 1);
    registry_sock_joined (registry, pull, "inproc://loop", true);
    for (unsigned nth = 1; nth <= 3000; nth++) {
        sock_rec_t *push = registry_sock_new (registry, fx->alice, ZMQ_PUSH, NULL, nth);
        registry_sock_joined (registry, push, "inproc://loop", false);
        link_rec_t *link = registry_link_find (registry, pull, push->label, strlen (push->label));
        assert_non_null (link);
        counter_add (&link->rx.delivered, 1);
        link_let_go (link);
        registry_sock_closed (registry, push);
    }
    size_t socks, links, ended;
    registry_records (registry, &socks, &links, &ended);
    assert_int_equal (socks, 1 + 8);
    assert_int_equal (links, 0);
    assert_true (ended <= 1024);
    lab_snapshot_t *snap = s_fill (registry);
    uint64_t delivered = 0;
    bool folded = false;
    for (size_t i = 0; i < snap->n_links; i++) {
        delivered += snap->links [i].delivered;
        folded |= strcmp (snap->links [i].from, "alice.*") == 0;
    }
    assert_int_equal (delivered, 3000);
    assert_true (folded);
    lab_snapshot_destroy (&snap);
}

//  A removed actor's name given to a new actor: the new one's ended rows
//  never take in the old one's counts (an exercise's checks reuse names).
static void
test_name_reused_after_removal (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *pull = registry_sock_new (registry, fx->bob, ZMQ_PULL, NULL, 1);
    registry_sock_joined (registry, pull, "inproc://reuse", true);
    for (int round = 0; round < 2; round++) {
        actor_t *alice = s_actor ("alice");
        sock_rec_t *push = registry_sock_new (registry, alice, ZMQ_PUSH, NULL, 1);
        registry_sock_joined (registry, push, "inproc://reuse", false);
        link_rec_t *link = registry_link_find (registry, pull, "alice", 5);
        counter_add (&link->rx.delivered, 10);
        link_let_go (link);
        registry_sock_closed (registry, push);
        lab_snapshot_t *snap = s_fill (registry);
        const link_stats_t *row = lab_snapshot_link (snap, "alice", "bob");
        assert_non_null (row);
        assert_int_equal (row->delivered, 10);
        assert_string_equal (row->from_actor, "alice");
        lab_snapshot_destroy (&snap);
        registry_forget_owner (registry, alice);
        free (alice);
    }
}

//  libzmq never reconnects an inproc connect: once its bind is gone, a new
//  bind of the name reaches none of the old connects (no link, no peer).
static void
test_inproc_connect_ends_with_its_bind (void **state)
{
    fixture_t *fx = *state;
    registry_t *registry = fx->registry;
    sock_rec_t *sub = registry_sock_new (registry, fx->bob, ZMQ_SUB, NULL, 1);
    registry_sock_joined (registry, sub, "inproc://gone", false);
    sock_rec_t *pub = registry_sock_new (registry, fx->alice, ZMQ_PUB, NULL, 1);
    registry_sock_joined (registry, pub, "inproc://gone", true);
    assert_int_equal (registry_sock_peers (registry, sub), 1);
    registry_sock_closed (registry, pub);
    sock_rec_t *again = registry_sock_new (registry, fx->alice, ZMQ_PUB, NULL, 1);
    registry_sock_joined (registry, again, "inproc://gone", true);
    assert_int_equal (registry_sock_peers (registry, sub), 0);
    lab_snapshot_t *snap = s_fill (registry);
    for (size_t i = 0; i < snap->n_links; i++)
        assert_false (snap->links [i].active);
    lab_snapshot_destroy (&snap);
    //  Over tcp it reconnects: the new bind links again.
    registry_sock_joined (registry, sub, "tcp://127.0.0.1:5561", false);
    registry_sock_joined (registry, again, "tcp://*:5561", true);
    registry_sock_closed (registry, again);
    sock_rec_t *third = registry_sock_new (registry, fx->alice, ZMQ_PUB, NULL, 1);
    registry_sock_joined (registry, third, "tcp://*:5561", true);
    assert_int_equal (registry_sock_peers (registry, sub), 1);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_labels, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_links_follow_flows, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_tcp_meets_on_port, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_listen_moves_loopback, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_in_flight_and_owner, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_subscriptions, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_restarts_reclaimed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_socket_loop_bounded, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_name_reused_after_removal, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_inproc_connect_ends_with_its_bind,
                                         s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
