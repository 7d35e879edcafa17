/*  test_outside.c — the lab's own sockets over tcp and ipc: actors talking
    to actors there are not outside programs (no "ext" box, stamps counted
    as on inproc), loopback binds move to --listen's address, and what is
    reachable from other machines is said.

    Outside programs are other processes, so the tests with real outside
    peers are in tests/peers/ (pyzmq as the outside program).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

//  The endpoint SOCKET (a label) bound, as the snapshot records it.
static void
s_bound_endpoint (test_fixture_t *fx, const char *label, char *out, size_t size)
{
    lab_snapshot_t *snap = test_snap (fx);
    for (size_t i = 0; i < snap->n_sockets; i++)
        if (strcmp (snap->sockets [i].label, label) == 0) {
            const char *bind = strstr (snap->sockets [i].endpoints, "bind ");
            assert_non_null (bind);
            snprintf (out, size, "%.*s", (int) strcspn (bind + 5, ", "), bind + 5);
            return;
        }
    fail_msg ("no socket labelled %s", label);
}

//  A wildcard bind is shown as other machines would connect: by one of
//  this machine's addresses (or, with none, as bound) and the same port.
static void
s_check_reachable (const char *reachable, const char *endpoint)
{
    const char *port = strrchr (endpoint, ':');
    assert_non_null (port);
    if (strcmp (reachable, endpoint + 6) != 0) {
        size_t len = strcspn (reachable, " ,");
        assert_true (len > strlen (port));
        assert_memory_equal (reachable + len - strlen (port), port, strlen (port));
        assert_true (strncmp (reachable, "127.", 4) != 0);
    }
}

static size_t
s_externals (const lab_snapshot_t *snap)
{
    size_t n = 0;
    for (size_t i = 0; i < snap->n_actors; i++)
        n += snap->actors [i].external;
    return n;
}

static void
s_reqrep_between_actors (test_fixture_t *fx, const char *bind)
{
    lab_t *lab = fx->lab;
    char params [256];
    snprintf (params, sizeof params, "{ bind = '%s' }", bind);
    test_spawn_receiver (lab, "rep_server", "server", params);
    char endpoint [LAB_ENDPOINT_MAX];
    s_bound_endpoint (fx, "server", endpoint, sizeof endpoint);
    snprintf (params, sizeof params, "{ connect = '%s', count = 20, interval = 0 }", endpoint);
    test_spawn (lab, "req_client", "client", params);
    test_wait_state (lab, "client", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    check_eq (fx, test_actor (snap, "client")->received, 20);
    const link_stats_t *link = lab_snapshot_link (snap, "client", "server");
    assert_non_null (link);
    assert_false (link->external);
    check_eq (fx, link->delivered, 20);
    check_eq (fx, link->lost, 0);
    //  Both ends are the lab's: nobody outside.
    check_eq (fx, s_externals (snap), 0);
    check_eq (fx, snap->outside_live, 0);
}

static void
test_tcp_between_actors_is_not_outside (void **state)
{
    s_reqrep_between_actors (*state, "tcp://127.0.0.1:*");
    //  Loopback only: not reachable from other machines.
    test_fixture_t *fx = *state;
    assert_string_equal (test_snap (fx)->reachable, "");
}

static void
test_ipc_between_actors_is_not_outside (void **state)
{
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "ipc:///tmp/zmqlab-test-%d.ipc", (int) getpid ());
    s_reqrep_between_actors (*state, endpoint);
    unlink (endpoint + 6);
}

static void
test_listen_moves_loopback_binds (void **state)
{
    test_fixture_t *fx = *state;
    lab_outside_t outside = { .listen = "0.0.0.0" };
    assert_int_equal (lab_set_outside (fx->lab, &outside), 0);
    s_reqrep_between_actors (fx, "tcp://127.0.0.1:*");
    char endpoint [LAB_ENDPOINT_MAX];
    s_bound_endpoint (fx, "server", endpoint, sizeof endpoint);
    assert_int_equal (strncmp (endpoint, "tcp://0.0.0.0:", 14), 0);
    s_check_reachable (test_snap (fx)->reachable, endpoint);
}

static void
test_wildcard_bind_is_reachable (void **state)
{
    test_fixture_t *fx = *state;
    test_spawn_receiver (fx->lab, "rep_server", "server", "{ bind = 'tcp://*:*' }");
    char endpoint [LAB_ENDPOINT_MAX];
    s_bound_endpoint (fx, "server", endpoint, sizeof endpoint);
    s_check_reachable (test_snap (fx)->reachable, endpoint);
    assert_true (lab_endpoint_reachable ("tcp://192.168.1.10:5555"));
    assert_false (lab_endpoint_reachable ("tcp://localhost:5555"));
    assert_false (lab_endpoint_reachable ("tcp://127.0.0.1:5555"));
    assert_false (lab_endpoint_reachable ("ipc:///tmp/x"));
    assert_false (lab_endpoint_reachable ("inproc://x"));
}

static void
test_bad_settings_are_refused (void **state)
{
    test_fixture_t *fx = *state;
    lab_outside_t outside = { .listen = "0.0.0.0; rm -rf" };
    assert_int_equal (lab_set_outside (fx->lab, &outside), -1);
    //  Outside programs' names are not actor names.
    char *error = NULL;
    assert_null (lab_spawn (fx->lab, "rep_server", "ext1", NULL, &error));
    assert_non_null (error);
    assert_non_null (strstr (error, "outside programs"));
    free (error);
    actor_t *ok = test_spawn (fx->lab, "rep_server", "ext", "{ bind = 'inproc://ext' }");
    assert_non_null (ok);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_tcp_between_actors_is_not_outside,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_ipc_between_actors_is_not_outside,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_listen_moves_loopback_binds,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_wildcard_bind_is_reachable,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_bad_settings_are_refused,
                                         test_setup_lab, test_teardown_lab),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
