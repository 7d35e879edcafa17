/*  testutil.h — helpers shared by the engine's cmocka tests.

    Waiting: a test never sleeps to let something happen. It states a
    condition on a lab snapshot and waits for it with test_wait_until: each
    time lab_wait returns (a change was signalled, or a short backstop timeout
    passed, since counters alone do not signal) it takes a fresh snapshot and
    checks again, until an overall deadline. On the deadline the test fails
    and prints the snapshot's actors and links, so the failure shows the
    numbers that did not arrive.

    test_poll_until is the same loop for a wait that is not a condition on
    a snapshot (a lesson run until it ends); the lesson tests use it.

    Include after <cmocka.h> (and its prerequisites).
*/
#ifndef ZMQLAB_TESTUTIL_H
#define ZMQLAB_TESTUTIL_H

#include "engine/lab.h"

#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    TEST_DEADLINE_MS = 15000,   //  overall wait; generous for TSan builds
    TEST_BACKSTOP_MS = 20,      //  lab_wait timeout: counters do not signal
    TEST_WATCHDOG_S = 60        //  alarm() per test: a hang fails, never blocks CI
};

//  Where the behaviours are: the tests run from the repository root.
#define TEST_ACTORS_DIR "lessons/actors"

static inline double
test_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

//  --- per-test fixture: a fresh lab, its latest snapshot, a watchdog ------

typedef struct {
    lab_t *lab;                 //  fresh per test
    lab_snapshot_t *snap;       //  the latest test_snap; freed by teardown
} test_fixture_t;

static inline int
test_setup_lab (void **state)
{
    alarm (TEST_WATCHDOG_S);
    test_fixture_t *fx = calloc (1, sizeof *fx);
    if (!fx)
        return -1;
    fx->lab = lab_new (TEST_ACTORS_DIR);
    *state = fx;
    return fx->lab ? 0 : -1;
}

//  A fixture's lab for a test that makes it only when it needs one (the
//  lesson tests: most of them never run an actor).
static inline lab_t *
test_fixture_lab (test_fixture_t *fx)
{
    if (!fx->lab)
        fx->lab = lab_new (TEST_ACTORS_DIR);
    assert_non_null (fx->lab);
    return fx->lab;
}

//  Destroys the fixture's snapshot and lab. lab_destroy accepts NULL: a
//  test may have destroyed the lab itself, or never made one.
static inline void
test_fixture_clear (test_fixture_t *fx)
{
    lab_snapshot_destroy (&fx->snap);
    lab_destroy (&fx->lab);
}

//  Runs also after a failed assertion, so nothing leaks then either.
static inline int
test_teardown_lab (void **state)
{
    test_fixture_t *fx = *state;
    if (fx) {
        test_fixture_clear (fx);
        free (fx);
        *state = NULL;
    }
    alarm (0);
    return 0;
}

//  Replaces the fixture's snapshot with a fresh one.
static inline lab_snapshot_t *
test_snap (test_fixture_t *fx)
{
    lab_snapshot_destroy (&fx->snap);
    fx->snap = lab_snapshot (fx->lab);
    assert_non_null (fx->snap);
    return fx->snap;
}

//  --- printing ---------------------------------------------------------------

static inline const char *
test_report (const actor_stats_t *actor, const char *key)
{
    for (int i = 0; actor && i < actor->n_reports; i++)
        if (strcmp (actor->reports [i].key, key) == 0)
            return actor->reports [i].value;
    return NULL;
}

static inline void
test_dump_snapshot (const lab_snapshot_t *snap)
{
    if (!snap) {
        print_error ("  (no snapshot)\n");
        return;
    }
    print_error ("  lab: time %.3f paused %d stepping %d\n",
                 snap->time, snap->paused, snap->stepping);
    for (size_t i = 0; i < snap->n_actors; i++) {
        const actor_stats_t *a = &snap->actors [i];
        print_error ("  actor %s (%s): %s%s sent %" PRIu64 " received %" PRIu64
                     " lost %" PRIu64 " missed %" PRIu64 " errors %" PRIu64
                     " restarts %d detail \"%s\" last_error \"%s\"\n",
                     a->name, a->behaviour, actor_state_name (a->state),
                     a->paused ? " (paused)" : "", a->sent, a->received, a->lost,
                     a->missed, a->errors, a->restarts, a->detail, a->last_error);
        for (int r = 0; r < a->n_reports; r++)
            print_error ("    report %s = %s\n", a->reports [r].key, a->reports [r].value);
    }
    for (size_t i = 0; i < snap->n_links; i++) {
        const link_stats_t *l = &snap->links [i];
        print_error ("  link %s -> %s (%s)%s: delivered %" PRIu64 " lost %" PRIu64
                     " missed %" PRIu64 " (#%" PRIu64 "-#%" PRIu64 ") in_flight %" PRIu64
                     " capacity %" PRId64 "\n",
                     l->from, l->to, l->endpoint, l->active ? "" : " inactive",
                     l->delivered, l->lost, l->missed, l->missed_first, l->missed_last,
                     l->in_flight, l->capacity);
    }
}

//  Prints the lab as it is now (nothing without a lab).
static inline void
test_dump_lab (lab_t *lab)
{
    if (!lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (lab);
    test_dump_snapshot (snap);
    lab_snapshot_destroy (&snap);
}

//  Exact-number checks that print in decimal, with the snapshot the test
//  looked at (or, when it took none, the lab as it is now).
static inline void
test_check_at (const test_fixture_t *fx, bool ok, const char *expr, uint64_t actual,
               const char *op, uint64_t expected, const char *file, int line)
{
    if (ok)
        return;
    print_error ("%s:%d: %s is %" PRIu64 ", expected %s %" PRIu64 "\n",
                 file, line, expr, actual, op, expected);
    if (fx && !fx->snap && fx->lab)
        test_dump_lab (fx->lab);
    else
        test_dump_snapshot (fx ? fx->snap : NULL);
    _fail (file, line);
}

//  Function-like macros only to pass the expression text and location.
#define check_eq(fx, actual, expected) \
    test_check_at ((fx), (uint64_t) (actual) == (uint64_t) (expected), #actual, \
                   (uint64_t) (actual), "==", (uint64_t) (expected), __FILE__, __LINE__)
#define check_ge(fx, actual, expected) \
    test_check_at ((fx), (uint64_t) (actual) >= (uint64_t) (expected), #actual, \
                   (uint64_t) (actual), ">=", (uint64_t) (expected), __FILE__, __LINE__)
#define check_le(fx, actual, expected) \
    test_check_at ((fx), (uint64_t) (actual) <= (uint64_t) (expected), #actual, \
                   (uint64_t) (actual), "<=", (uint64_t) (expected), __FILE__, __LINE__)

//  --- waiting ------------------------------------------------------------------

//  One round of a wait: does what the test must do each time (take a
//  snapshot, run a lesson until it waits) and says whether the wait is over.
typedef bool (*test_step_t) (void *arg);

//  The one waiting loop: calls STEP until it returns true, letting the lab
//  run between calls (lab_wait; with no LAB it calls again at once). After
//  MS milliseconds fails the test at FILE:LINE, saying what it waited for,
//  with the lab's snapshot.
static inline void
test_poll_until_at (lab_t *lab, test_step_t step, void *arg, int ms, const char *what,
                    const char *file, int line)
{
    double deadline = test_now_ms () + ms;
    while (!step (arg)) {
        if (test_now_ms () >= deadline) {
            print_error ("%s:%d: timed out after %d ms waiting for %s\n", file, line, ms, what);
            test_dump_lab (lab);
            _fail (file, line);
            return;
        }
        if (lab)
            lab_wait (lab, TEST_BACKSTOP_MS);
    }
}

//  Function-like macro only to pass the caller's location to cmocka.
#define test_poll_until(lab, step, arg, ms, what) \
    test_poll_until_at ((lab), (step), (arg), (ms), (what), __FILE__, __LINE__)

typedef bool (*test_cond_t) (const lab_snapshot_t *snap, const void *arg);

typedef struct {
    lab_t *lab;                 //  the lab to take snapshots of
    test_cond_t cond;           //  the condition on each snapshot
    const void *arg;            //  and its argument
} test_snap_cond_t;

//  A test_step_t: whether COND holds on a fresh snapshot.
static inline bool
test_snap_step (void *arg)
{
    test_snap_cond_t *self = arg;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    bool holds = snap && self->cond (snap, self->arg);
    lab_snapshot_destroy (&snap);
    return holds;
}

//  Waits until COND holds on a fresh snapshot; fails the test at FILE:LINE
//  after TEST_DEADLINE_MS. Use through test_wait_until (adds the location).
static inline void
test_wait_until_at (lab_t *lab, test_cond_t cond, const void *arg, const char *what,
                    const char *file, int line)
{
    test_snap_cond_t snap_cond = { lab, cond, arg };
    test_poll_until_at (lab, test_snap_step, &snap_cond, TEST_DEADLINE_MS, what, file, line);
}

//  Function-like macro only to pass the caller's location to cmocka.
#define test_wait_until(lab, cond, arg, what) \
    test_wait_until_at ((lab), (cond), (arg), (what), __FILE__, __LINE__)

//  The common conditions: one actor's state, counter or report.
typedef enum {
    TEST_STATE,         //  state == value (and, for any state but PAUSED, not
                        //  paused by actor_pause: a resume has taken effect)
    TEST_SENT,          //  sent >= value
    TEST_RECEIVED,      //  received >= value
    TEST_ERRORS,        //  errors >= value
    TEST_REPORT         //  report key == text
} test_field_t;

typedef struct {
    const char *actor;
    test_field_t field;
    uint64_t value;
    const char *key, *text;
} test_actor_cond_t;

static inline bool
test_actor_cond (const lab_snapshot_t *snap, const void *arg)
{
    const test_actor_cond_t *c = arg;
    const actor_stats_t *a = lab_snapshot_actor (snap, c->actor);
    if (!a)
        return false;
    //  A crash ends the wait early (unless a crash is what we wait for):
    //  test_wait_actor_at then fails with the crash message.
    if (a->state == ACTOR_CRASHED
    &&  !(c->field == TEST_STATE && c->value == ACTOR_CRASHED))
        return true;
    switch (c->field) {
        case TEST_STATE:
            return a->state == (actor_state_t) c->value
                && ((actor_state_t) c->value == ACTOR_PAUSED || !a->paused);
        case TEST_SENT:
            return a->sent >= c->value;
        case TEST_RECEIVED:
            return a->received >= c->value;
        case TEST_ERRORS:
            return a->errors >= c->value;
        case TEST_REPORT: {
            const char *value = test_report (a, c->key);
            return value && strcmp (value, c->text) == 0;
        }
    }
    return false;
}

static inline void
test_wait_actor_at (lab_t *lab, const test_actor_cond_t *c, const char *file, int line)
{
    char what [160];
    switch (c->field) {
        case TEST_STATE:
            snprintf (what, sizeof what, "%s to be %s", c->actor,
                      actor_state_name ((actor_state_t) c->value));
            break;
        case TEST_REPORT:
            snprintf (what, sizeof what, "%s to report %s = %s", c->actor, c->key, c->text);
            break;
        default:
            snprintf (what, sizeof what, "%s's %s to reach %" PRIu64, c->actor,
                      c->field == TEST_SENT ? "sent"
                      : c->field == TEST_RECEIVED ? "received" : "errors", c->value);
    }
    test_wait_until_at (lab, test_actor_cond, c, what, file, line);
    if (c->field == TEST_STATE && c->value == ACTOR_CRASHED)
        return;
    lab_snapshot_t *snap = lab_snapshot (lab);
    const actor_stats_t *a = lab_snapshot_actor (snap, c->actor);
    if (a && a->state == ACTOR_CRASHED) {
        print_error ("%s:%d: %s crashed while waiting for %s\n", file, line, c->actor, what);
        test_dump_snapshot (snap);
        lab_snapshot_destroy (&snap);
        _fail (file, line);
    }
    lab_snapshot_destroy (&snap);
}

#define test_wait_state(lab, actor, state) \
    test_wait_actor_at ((lab), &(test_actor_cond_t) { (actor), TEST_STATE, (state), NULL, NULL }, \
                        __FILE__, __LINE__)
#define test_wait_sent(lab, actor, n) \
    test_wait_actor_at ((lab), &(test_actor_cond_t) { (actor), TEST_SENT, (n), NULL, NULL }, \
                        __FILE__, __LINE__)
#define test_wait_received(lab, actor, n) \
    test_wait_actor_at ((lab), &(test_actor_cond_t) { (actor), TEST_RECEIVED, (n), NULL, NULL }, \
                        __FILE__, __LINE__)
#define test_wait_report(lab, actor, key, text) \
    test_wait_actor_at ((lab), &(test_actor_cond_t) { (actor), TEST_REPORT, 0, (key), (text) }, \
                        __FILE__, __LINE__)

//  --- spawning -------------------------------------------------------------------

//  Spawns or fails the test with the engine's message.
static inline actor_t *
test_spawn_at (lab_t *lab, const char *behaviour, const char *name, const char *params,
               const char *file, int line)
{
    char *error = NULL;
    actor_t *actor = lab_spawn (lab, behaviour, name, params, &error);
    if (!actor) {
        print_error ("%s:%d: cannot spawn %s (%s): %s\n", file, line, name, behaviour,
                     error ? error : "(no message)");
        free (error);
        _fail (file, line);
    }
    return actor;
}

#define test_spawn(lab, behaviour, name, params) \
    test_spawn_at ((lab), (behaviour), (name), (params), __FILE__, __LINE__)

//  Spawns a receiver (a SUB, PULL, REP ...) and waits until it is blocked in
//  recv: it has then bound or connected, and a SUB has subscribed, so a
//  sender started next reaches it from its first message.
static inline actor_t *
test_spawn_receiver_at (lab_t *lab, const char *behaviour, const char *name,
                        const char *params, const char *file, int line)
{
    actor_t *actor = test_spawn_at (lab, behaviour, name, params, file, line);
    test_wait_actor_at (lab, &(test_actor_cond_t) { name, TEST_STATE, ACTOR_BLOCKED_RECV,
                                                    NULL, NULL }, file, line);
    return actor;
}

//  The same, then pauses the receiver there and waits until it is paused:
//  what a sender sends next stays queued for it (HWM drops, a PUSH that
//  blocks, messages in flight) until the test resumes it.
static inline actor_t *
test_spawn_paused_receiver_at (lab_t *lab, const char *behaviour, const char *name,
                               const char *params, const char *file, int line)
{
    actor_t *actor = test_spawn_receiver_at (lab, behaviour, name, params, file, line);
    if (actor_pause (actor) != 0) {
        print_error ("%s:%d: cannot pause %s\n", file, line, name);
        lab_snapshot_t *snap = lab_snapshot (lab);
        test_dump_snapshot (snap);
        lab_snapshot_destroy (&snap);
        _fail (file, line);
    }
    test_wait_actor_at (lab, &(test_actor_cond_t) { name, TEST_STATE, ACTOR_PAUSED,
                                                    NULL, NULL }, file, line);
    return actor;
}

#define test_spawn_receiver(lab, behaviour, name, params) \
    test_spawn_receiver_at ((lab), (behaviour), (name), (params), __FILE__, __LINE__)
#define test_spawn_paused_receiver(lab, behaviour, name, params) \
    test_spawn_paused_receiver_at ((lab), (behaviour), (name), (params), __FILE__, __LINE__)

//  A snapshot that must exist and an actor or link that must be in it.
static inline const actor_stats_t *
test_actor_at (const lab_snapshot_t *snap, const char *name, const char *file, int line)
{
    const actor_stats_t *a = lab_snapshot_actor (snap, name);
    if (!a) {
        print_error ("%s:%d: no actor %s in the snapshot\n", file, line, name);
        test_dump_snapshot (snap);
        _fail (file, line);
    }
    return a;
}

static inline const link_stats_t *
test_link_at (const lab_snapshot_t *snap, const char *from, const char *to,
              const char *file, int line)
{
    const link_stats_t *l = lab_snapshot_link (snap, from, to);
    if (!l) {
        print_error ("%s:%d: no link %s -> %s in the snapshot\n", file, line, from, to);
        test_dump_snapshot (snap);
        _fail (file, line);
    }
    return l;
}

#define test_actor(snap, name) test_actor_at ((snap), (name), __FILE__, __LINE__)
#define test_link(snap, from, to) test_link_at ((snap), (from), (to), __FILE__, __LINE__)

#endif
