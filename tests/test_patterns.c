/*  test_patterns.c — the messaging patterns through the lab, and the loss
    the lab counts: REQ/REP lockstep and EFSM, PUB/SUB prefix filtering, exact
    HWM drops, PUSH blocking instead of dropping, late subscribers, PUSH
    round-robin and the pipeline with its sync signal.

    Each test has a fresh lab and its own inproc endpoints. Start order is
    made deterministic with handshakes on the actors' states (a SUB or PULL
    blocked in recv has connected and subscribed), never with sleeps.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

//  --- REQ/REP ---------------------------------------------------------------------

static void
test_reqrep_lockstep (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn (lab, "rep_server", "server", "{ bind = 'inproc://reqrep-lockstep' }");
    test_spawn (lab, "req_client", "client",
                "{ connect = 'inproc://reqrep-lockstep', count = 20, interval = 0 }");
    //  The client returns after its 20th reply.
    test_wait_state (lab, "client", ACTOR_STOPPED);
    test_wait_state (lab, "server", ACTOR_BLOCKED_RECV);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *client = test_actor (snap, "client");
    const actor_stats_t *server = test_actor (snap, "server");
    assert_string_equal (client->detail, "finished");
    assert_non_null (test_report (client, "replies"));
    assert_string_equal (test_report (client, "replies"), "20");
    check_eq (fx, client->sent, 20);
    check_eq (fx, client->received, 20);
    check_eq (fx, server->received, 20);
    check_eq (fx, server->sent, 20);
    check_eq (fx, client->errors, 0);
    check_eq (fx, server->errors, 0);
    check_eq (fx, client->lost + server->lost, 0);

    const link_stats_t *request = test_link (snap, "client", "server");
    const link_stats_t *reply = test_link (snap, "server", "client");
    check_eq (fx, request->delivered, 20);
    check_eq (fx, reply->delivered, 20);
    check_eq (fx, request->lost + reply->lost, 0);
}

static void
test_reqrep_send_twice_is_efsm (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn (lab, "rep_server", "server", "{ bind = 'inproc://reqrep-twice' }");
    test_spawn (lab, "req_client", "client",
                "{ connect = 'inproc://reqrep-twice', count = 3, interval = 0,"
                "  send_twice = true }");
    test_wait_state (lab, "client", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *client = test_actor (snap, "client");
    //  Each of the 3 requests is followed by a refused second send.
    check_eq (fx, client->errors_by_kind [ERR_EFSM], 3);
    check_eq (fx, client->errors, 3);
    assert_non_null (strstr (client->last_error,
                             "Operation cannot be accomplished in current state"));
    //  Counted and reported, not a crash: the lockstep goes on.
    assert_int_equal (client->state, ACTOR_STOPPED);
    assert_string_equal (client->detail, "finished");
    assert_non_null (test_report (client, "replies"));
    assert_string_equal (test_report (client, "replies"), "3");
    check_eq (fx, client->sent, 3);

    //  A REQ that receives before it sent: EFSM too, and it goes on.
    test_spawn (lab, "req_client", "client2",
                "{ connect = 'inproc://reqrep-twice', count = 2, interval = 0,"
                "  recv_first = true }");
    test_wait_state (lab, "client2", ACTOR_STOPPED);
    snap = test_snap (fx);
    const actor_stats_t *client2 = test_actor (snap, "client2");
    check_eq (fx, client2->errors_by_kind [ERR_EFSM], 1);
    check_eq (fx, client2->errors, 1);
    assert_non_null (strstr (client2->last_error,
                             "Operation cannot be accomplished in current state"));
    assert_string_equal (client2->detail, "finished");
    assert_string_equal (test_report (client2, "replies"), "2");
}

//  --- PUB/SUB prefix filtering -------------------------------------------------------

static void
test_pubsub_prefix_filtering (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    //  Subscribers first; each is blocked in recv only after it subscribed.
    test_spawn_receiver (lab, "subscriber", "s_news",
        "{ connect = 'inproc://pubsub-prefix', subscribe = 'news', quiet = true }");
    test_spawn_receiver (lab, "subscriber", "s_all",
        "{ connect = 'inproc://pubsub-prefix', subscribe = '', quiet = true }");
    test_spawn_receiver (lab, "subscriber", "s_none",
        "{ connect = 'inproc://pubsub-prefix', subscribe = false, quiet = true }");

    //  Binding now attaches the waiting connections with their subscriptions
    //  before the first send: nothing is missed. 30 messages, 10 per topic.
    test_spawn (lab, "publisher", "pub",
                "{ bind = 'inproc://pubsub-prefix', rate = 0, count = 30,"
                "  topics = { 'news', 'newsletter', 'weather' } }");
    test_wait_state (lab, "pub", ACTOR_STOPPED);
    test_wait_received (lab, "s_all", 30);
    test_wait_received (lab, "s_news", 20);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *pub = test_actor (snap, "pub");
    const actor_stats_t *news = test_actor (snap, "s_news");
    const actor_stats_t *all = test_actor (snap, "s_all");
    const actor_stats_t *none = test_actor (snap, "s_none");
    check_eq (fx, pub->sent, 30);
    //  "news" matches news and newsletter, not weather.
    check_eq (fx, news->received, 20);
    check_eq (fx, all->received, 30);
    //  PUB filters at the sender: an unsubscribed SUB is never sent anything.
    check_eq (fx, none->received, 0);
    //  Filtering is not loss.
    check_eq (fx, news->lost, 0);
    check_eq (fx, news->missed, 0);
    check_eq (fx, all->lost, 0);
    check_eq (fx, all->missed, 0);
    check_eq (fx, none->lost + none->missed, 0);

    const link_stats_t *to_news = test_link (snap, "pub", "s_news");
    const link_stats_t *to_all = test_link (snap, "pub", "s_all");
    check_eq (fx, to_news->delivered, 20);
    check_eq (fx, to_news->lost + to_news->missed, 0);
    check_eq (fx, to_all->delivered, 30);
    check_eq (fx, to_all->lost + to_all->missed, 0);
    const link_stats_t *to_none = lab_snapshot_link (snap, "pub", "s_none");
    if (to_none) {
        check_eq (fx, to_none->delivered, 0);
        check_eq (fx, to_none->lost + to_none->missed, 0);
    }
}

//  --- HWM drop ----------------------------------------------------------------------

//  A subscriber with RCVHWM 10, paused while a PUB with SNDHWM SNDHWM
//  publishes 1000 messages flat out; then resumed until it drains.
static void
s_hwm_burst (test_fixture_t *fx, const char *endpoint, int sndhwm)
{
    lab_t *lab = fx->lab;
    char params [256];
    snprintf (params, sizeof params,
              "{ connect = '%s', subscribe = 'news', rcvhwm = 10, quiet = true }", endpoint);
    actor_t *sub = test_spawn_paused_receiver (lab, "subscriber", "sub", params);

    snprintf (params, sizeof params,
              "{ bind = '%s', rate = 0, count = 1000, sndhwm = %d }", endpoint, sndhwm);
    test_spawn (lab, "publisher", "pub", params);
    test_wait_state (lab, "pub", ACTOR_STOPPED);

    assert_int_equal (actor_resume (sub), 0);
    //  Resumed, it reads what its pipe holds; blocked in recv again (not
    //  paused) after at least one message means it has drained.
    test_wait_received (lab, "sub", 1);
    test_wait_state (lab, "sub", ACTOR_BLOCKED_RECV);
}

static void
test_hwm_drop_is_exact (void **state)
{
    test_fixture_t *fx = *state;
    s_hwm_burst (fx, "inproc://hwm-exact", 10);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *pub = test_actor (snap, "pub");
    const actor_stats_t *sub = test_actor (snap, "sub");
    const link_stats_t *link = test_link (snap, "pub", "sub");
    check_eq (fx, pub->sent, 1000);        //  a PUB's send succeeds even when dropped
    check_eq (fx, link->capacity, 20);
    check_eq (fx, link->delivered, 20);
    check_eq (fx, link->lost, 980);
    check_eq (fx, link->missed, 0);
    check_eq (fx, sub->received, 20);
    check_eq (fx, sub->lost, 980);
    check_eq (fx, sub->missed, 0);
}

static void
test_hwm_zero_loses_nothing (void **state)
{
    test_fixture_t *fx = *state;
    s_hwm_burst (fx, "inproc://hwm-zero", 0);
    test_wait_received (fx->lab, "sub", 1000);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *sub = test_actor (snap, "sub");
    const link_stats_t *link = test_link (snap, "pub", "sub");
    check_eq (fx, link->capacity, (uint64_t) -1);     //  unlimited
    check_eq (fx, link->delivered, 1000);
    check_eq (fx, link->lost, 0);
    check_eq (fx, link->missed, 0);
    check_eq (fx, sub->received, 1000);
    check_eq (fx, sub->lost, 0);
    check_eq (fx, sub->missed, 0);
}

//  Regression: the tail lost after a drained SUB must be resolved for every
//  topic of a link, not only the first few. The same burst as
//  test_hwm_drop_is_exact with 5 rotating topics once counted 784, not 980.
static void
test_hwm_drop_is_exact_with_five_topics (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    actor_t *sub = test_spawn_paused_receiver (lab, "subscriber", "sub",
        "{ connect = 'inproc://hwm-topics', subscribe = '', rcvhwm = 10, quiet = true }");
    test_spawn (lab, "publisher", "pub",
                "{ bind = 'inproc://hwm-topics', rate = 0, count = 1000, sndhwm = 10,"
                "  topics = { 'a', 'b', 'c', 'd', 'e' } }");
    test_wait_state (lab, "pub", ACTOR_STOPPED);
    assert_int_equal (actor_resume (sub), 0);
    test_wait_received (lab, "sub", 1);
    test_wait_state (lab, "sub", ACTOR_BLOCKED_RECV);

    lab_snapshot_t *snap = test_snap (fx);
    const link_stats_t *link = test_link (snap, "pub", "sub");
    check_eq (fx, link->delivered, 20);
    check_eq (fx, link->missed, 0);
    check_eq (fx, link->lost, 980);
    check_eq (fx, test_actor (snap, "sub")->lost, 980);
}

//  --- PUSH blocks ---------------------------------------------------------------------

static void
test_push_blocks_instead_of_dropping (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    actor_t *puller = test_spawn_paused_receiver (lab, "puller", "puller",
        "{ connect = 'inproc://push-blocks', rcvhwm = 10, quiet = true }");

    test_spawn (lab, "pusher", "pusher",
                "{ bind = 'inproc://push-blocks', count = 100, interval = 0,"
                "  sndhwm = 10, quiet = true }");
    test_wait_state (lab, "pusher", ACTOR_BLOCKED_SEND);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *pusher = test_actor (snap, "pusher");
    const link_stats_t *link = test_link (snap, "pusher", "puller");
    check_eq (fx, pusher->sent, 20);       //  SNDHWM 10 + RCVHWM 10, exactly
    check_eq (fx, link->capacity, 20);
    check_eq (fx, link->in_flight, 20);
    check_eq (fx, link->delivered, 0);
    check_eq (fx, link->lost, 0);
    check_eq (fx, pusher->errors, 0);

    //  Nothing moves while the puller stays paused.
    lab_wait (lab, 50);
    snap = test_snap (fx);
    check_eq (fx, test_actor (snap, "pusher")->sent, 20);
    assert_int_equal (test_actor (snap, "pusher")->state, ACTOR_BLOCKED_SEND);

    //  A send blocked this way still answers pause and resume.
    actor_t *pusher_actor = lab_actor (lab, "pusher");
    assert_non_null (pusher_actor);
    assert_int_equal (actor_pause (pusher_actor), 0);
    test_wait_state (lab, "pusher", ACTOR_PAUSED);
    assert_int_equal (actor_resume (pusher_actor), 0);
    test_wait_state (lab, "pusher", ACTOR_BLOCKED_SEND);
    check_eq (fx, test_actor (test_snap (fx), "pusher")->sent, 20);

    assert_int_equal (actor_resume (puller), 0);
    test_wait_report (lab, "puller", "tasks", "100");
    test_wait_state (lab, "pusher", ACTOR_STOPPED);

    snap = test_snap (fx);
    pusher = test_actor (snap, "pusher");
    const actor_stats_t *pulled = test_actor (snap, "puller");
    link = test_link (snap, "pusher", "puller");
    assert_string_equal (pusher->detail, "finished");
    check_eq (fx, pusher->sent, 100);
    check_eq (fx, pulled->received, 100);
    check_eq (fx, pulled->lost, 0);
    check_eq (fx, link->delivered, 100);
    check_eq (fx, link->lost, 0);
    check_eq (fx, link->in_flight, 0);
}

//  Regression: a link's in_flight must not drop to 0 when the sender closes
//  its socket: the messages are still queued for the paused receiver and
//  are delivered when it resumes.
static void
test_in_flight_survives_sender_exit (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    actor_t *puller = test_spawn_paused_receiver (lab, "puller", "puller",
        "{ connect = 'inproc://in-flight-exit', quiet = true }");
    test_spawn (lab, "pusher", "pusher",
                "{ bind = 'inproc://in-flight-exit', count = 15, interval = 0, quiet = true }");
    test_wait_state (lab, "pusher", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    const link_stats_t *link = test_link (snap, "pusher", "puller");
    check_eq (fx, link->delivered, 0);
    check_eq (fx, link->in_flight, 15);     //  all 15 wait in the puller's queue

    assert_int_equal (actor_resume (puller), 0);
    test_wait_report (lab, "puller", "tasks", "15");
    snap = test_snap (fx);
    link = test_link (snap, "pusher", "puller");
    check_eq (fx, link->delivered, 15);
    check_eq (fx, link->in_flight, 0);
}

//  --- late subscriber ------------------------------------------------------------------

static void
test_late_subscriber_misses (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn (lab, "publisher", "pub",
                "{ bind = 'inproc://late-sub', topic = 'news', rate = 200 }");
    test_wait_sent (lab, "pub", 50);
    lab_snapshot_t *snap = test_snap (fx);
    uint64_t sent_before = test_actor (snap, "pub")->sent;

    test_spawn (lab, "subscriber", "sub",
                "{ connect = 'inproc://late-sub', subscribe = 'news', quiet = true }");
    test_wait_received (lab, "sub", 1);

    snap = test_snap (fx);
    const actor_stats_t *sub = test_actor (snap, "sub");
    const link_stats_t *link = test_link (snap, "pub", "sub");
    check_ge (fx, sub->missed, sent_before);
    check_eq (fx, link->missed, sub->missed);
    check_eq (fx, link->missed_first, 1);
    check_eq (fx, link->missed_last, link->missed);
    check_eq (fx, sub->lost, 0);
    check_eq (fx, link->lost, 0);
}

static void
test_early_subscriber_misses_nothing (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn_receiver (lab, "subscriber", "sub",
                         "{ connect = 'inproc://early-sub', subscribe = 'news', quiet = true }");
    test_spawn (lab, "publisher", "pub",
                "{ bind = 'inproc://early-sub', topic = 'news', rate = 200, count = 20 }");
    test_wait_received (lab, "sub", 20);
    test_wait_state (lab, "pub", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *sub = test_actor (snap, "sub");
    const link_stats_t *link = test_link (snap, "pub", "sub");
    check_eq (fx, sub->received, 20);
    check_eq (fx, sub->missed, 0);
    check_eq (fx, sub->lost, 0);
    check_eq (fx, link->delivered, 20);
    check_eq (fx, link->missed, 0);
    check_eq (fx, link->missed_first, 0);
    check_eq (fx, link->missed_last, 0);
}

//  --- PUSH round-robin ------------------------------------------------------------------

static bool
s_pulled_total (const lab_snapshot_t *snap, const void *arg)
{
    uint64_t total = 0;
    for (size_t i = 0; i < snap->n_actors; i++)
        if (strcmp (snap->actors [i].behaviour, "puller") == 0)
            total += snap->actors [i].received;
    return total >= *(const uint64_t *) arg;
}

static void
test_push_round_robin (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    const char *names [3] = { "p1", "p2", "p3" };
    //  All three connected before the pusher binds: all attached at once.
    for (int i = 0; i < 3; i++)
        test_spawn_receiver (lab, "puller", names [i],
                             "{ connect = 'inproc://round-robin', quiet = true }");
    test_spawn (lab, "pusher", "pusher",
                "{ bind = 'inproc://round-robin', count = 99, interval = 0, quiet = true }");
    uint64_t total = 99;
    test_wait_until (lab, s_pulled_total, &total, "the pullers to receive 99 in all");
    test_wait_state (lab, "pusher", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    check_eq (fx, test_actor (snap, "pusher")->sent, 99);
    uint64_t sum = 0;
    for (int i = 0; i < 3; i++) {
        const actor_stats_t *puller = test_actor (snap, names [i]);
        check_ge (fx, puller->received, 32);
        check_le (fx, puller->received, 34);
        check_eq (fx, puller->lost, 0);
        check_eq (fx, test_link (snap, "pusher", names [i])->delivered, puller->received);
        sum += puller->received;
    }
    check_eq (fx, sum, 99);
}

//  --- pipeline ----------------------------------------------------------------------------

static void
test_pipeline_collects_every_result (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn (lab, "sink", "sink",
                "{ bind = 'inproc://pipe-results', sync = 'inproc://pipe-sync', expected = 30 }");
    const char *workers [3] = { "w1", "w2", "w3" };
    for (int i = 0; i < 3; i++)
        test_spawn (lab, "worker", workers [i],
                    "{ tasks = 'inproc://pipe-tasks', results = 'inproc://pipe-results',"
                    "  work = 0, quiet = true }");
    test_spawn (lab, "ventilator", "vent",
                "{ bind = 'inproc://pipe-tasks', sink = 'inproc://pipe-sync', tasks = 30,"
                "  wait = 'workers', workers = 3 }");
    test_wait_state (lab, "sink", ACTOR_STOPPED);
    test_wait_state (lab, "vent", ACTOR_STOPPED);

    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *sink = test_actor (snap, "sink");
    assert_string_equal (sink->detail, "finished");
    assert_string_equal (test_actor (snap, "vent")->detail, "finished");
    const char *results = test_report (sink, "results");
    const char *per_worker = test_report (sink, "per_worker");
    assert_non_null (results);
    assert_non_null (per_worker);
    assert_string_equal (results, "30");
    assert_non_null (test_report (sink, "elapsed"));

    //  "w1=10 w2=10 w3=10": every worker named, the counts add up to 30.
    int counts [3] = { 0, 0, 0 };
    int total = 0, parsed = 0;
    char copy [64];
    snprintf (copy, sizeof copy, "%s", per_worker);
    char *save = NULL;
    for (char *part = strtok_r (copy, " ", &save); part; part = strtok_r (NULL, " ", &save)) {
        char name [16];
        int count;
        assert_int_equal (sscanf (part, "%15[^=]=%d", name, &count), 2);
        bool known = false;
        for (int i = 0; i < 3; i++)
            if (strcmp (name, workers [i]) == 0) {
                counts [i] = count;
                known = true;
            }
        if (!known)
            fail_msg ("per_worker names an unknown sender '%s' in \"%s\"", name, per_worker);
        total += count;
        parsed++;
    }
    assert_int_equal (parsed, 3);
    assert_int_equal (total, 30);
    for (int i = 0; i < 3; i++) {
        if (counts [i] < 1)
            fail_msg ("worker %s did nothing: per_worker \"%s\"", workers [i], per_worker);
        //  What the sink counted is what the worker says it did. A worker
        //  reports after its send returns, so the sink may have its last
        //  result first: wait for the report, never read it at once.
        char done [16];
        snprintf (done, sizeof done, "%d", counts [i]);
        test_wait_report (lab, workers [i], "done", done);
    }
    check_eq (fx, sink->lost, 0);
}

//  A test_step_t: the sink has shown w2's results, at least 7 (w1 holds
//  at most 3 tasks), on a snapshot where everything agrees: w2 idle and
//  the sink waiting for the rest, its results what w2 says it did, its
//  per_worker and its received count (the start signal and the results)
//  those of the same results. Every check below reads that snapshot.
static bool
s_sink_showed_w2 (void *arg)
{
    test_fixture_t *fx = arg;
    lab_snapshot_t *snap = test_snap (fx);
    const actor_stats_t *w2 = lab_snapshot_actor (snap, "w2");
    const actor_stats_t *sink = lab_snapshot_actor (snap, "sink");
    if (!w2 || !sink || w2->state != ACTOR_BLOCKED_RECV || sink->state != ACTOR_BLOCKED_RECV)
        return false;
    const char *results = test_report (sink, "results");
    const char *done = test_report (w2, "done");
    const char *spread = test_report (sink, "per_worker");
    if (!results || !done || !spread || strcmp (results, done) != 0 || atoi (results) < 7)
        return false;
    char want [32];
    snprintf (want, sizeof want, "w2=%s", results);
    return strcmp (spread, want) == 0 && sink->received == 1 + (uint64_t) atoi (results);
}

//  Tasks lost on the way: the sink shows what came so far (it showed
//  nothing until all expected results had come, so never). And the
//  worker's rcvhwm: a stuck worker with rcvhwm = 1 holds at most its task
//  and a queue of two (SNDHWM 1 + RCVHWM 1), so the other one does at
//  least 7 of 10 (with the default queue the stuck one took every other
//  task, and the sink never passed 5).
static void
test_pipeline_partial_results (void **state)
{
    test_fixture_t *fx = *state;
    lab_t *lab = fx->lab;
    test_spawn (lab, "sink", "sink",
                "{ bind = 'inproc://part-results', sync = 'inproc://part-sync', expected = 10 }");
    test_spawn (lab, "worker", "w1",
                "{ tasks = 'inproc://part-tasks', results = 'inproc://part-results',"
                "  work = 1000, rcvhwm = 1, quiet = true }");
    test_spawn (lab, "worker", "w2",
                "{ tasks = 'inproc://part-tasks', results = 'inproc://part-results',"
                "  work = 0, rcvhwm = 1, quiet = true }");
    test_spawn (lab, "ventilator", "vent",
                "{ bind = 'inproc://part-tasks', sink = 'inproc://part-sync', tasks = 10,"
                "  wait = 'workers', workers = 2, sndhwm = 1 }");
    test_wait_state (lab, "vent", ACTOR_STOPPED);
    //  w1 dies with its tasks: they never reach the sink.
    assert_int_equal (actor_kill (lab_actor (lab, "w1")), 0);
    test_poll_until (lab, s_sink_showed_w2, fx, TEST_DEADLINE_MS,
                     "the sink to show w2's results, at least 7 (w2=N, received N + 1)");

    const actor_stats_t *sink = test_actor (fx->snap, "sink");
    int results = atoi (test_report (sink, "results"));
    if (results > 9)
        fail_msg ("the sink has %d results, expected 7 to 9 (w1 held 1 to 3)", results);
    assert_string_equal (test_report (sink, "expected"), "10");
    const char *elapsed = test_report (sink, "elapsed");
    assert_non_null (elapsed);
    assert_true (atof (elapsed) >= 0);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_reqrep_lockstep,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_reqrep_send_twice_is_efsm,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_pubsub_prefix_filtering,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_hwm_drop_is_exact,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_hwm_zero_loses_nothing,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_hwm_drop_is_exact_with_five_topics,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_push_blocks_instead_of_dropping,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_in_flight_survives_sender_exit,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_late_subscriber_misses,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_early_subscriber_misses_nothing,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_push_round_robin,
                                         test_setup_lab, test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_pipeline_partial_results, test_setup_lab,
                                         test_teardown_lab),
        cmocka_unit_test_setup_teardown (test_pipeline_collects_every_result,
                                         test_setup_lab, test_teardown_lab),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
