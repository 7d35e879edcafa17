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
    //  Never more than both queues hold.
    counter_add (&push->sent, 100);
    snap = s_fill (registry);
    assert_int_equal (snap->links [0].in_flight, 5);
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
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
