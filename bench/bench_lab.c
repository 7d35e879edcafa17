/*  bench_lab.c — the benchmark's traffic through zmqlab actors: the
    benchmark's own behaviours, the reader the controller runs meanwhile
    (what the view will do), the lab rounds, shutdown and memory.
*/
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double ROUND_TIMEOUT = 120;     //  seconds before a lab round gives up

//  --- lab ------------------------------------------------------------------

//  Flat out, a constant 16-byte text, then stays (the socket stays open
//  until the lab goes, so nothing in flight is cut off).
static const char *s_bench_pusher =
    "local socket = zmq.socket(params.type or 'PUSH')\n"
    "if params.sndhwm then socket:set('SNDHWM', params.sndhwm) end\n"
    "assert(socket:bind(params.bind))\n"
    "local text = string.rep('x', 16)\n"
    "for _ = 1, params.count do socket:send(text) end\n"
    "report('sent', params.count)\n"
    "sleep(1e6)\n";

//  Receives COUNT messages; the clock starts after the first one.
static const char *s_bench_puller =
    "local socket = zmq.socket(params.type or 'PULL')\n"
    "if params.rcvhwm then socket:set('RCVHWM', params.rcvhwm) end\n"
    "if params.subscribe then socket:set('SUBSCRIBE', params.subscribe) end\n"
    "assert(socket:connect(params.connect))\n"
    "socket:recv()\n"
    "local first = now()\n"
    "for _ = 2, params.count do socket:recv() end\n"
    "local last = now()\n"
    "report('first', string.format('%.9f', first))\n"
    "report('last', string.format('%.9f', last))\n";

static const char *s_bench_sleeper = "sleep(params.seconds or 1e6)\n";

lab_t *
bench_lab_new (void)
{
    lab_t *lab = lab_new (bench_actors_dir);
    if (!lab) {
        fprintf (stderr, "bench: lab_new failed\n");
        exit (1);
    }
    lab_define (lab, "bench_pusher", s_bench_pusher);
    lab_define (lab, "bench_puller", s_bench_puller);
    lab_define (lab, "bench_sleeper", s_bench_sleeper);
    return lab;
}

actor_t *
bench_spawn (lab_t *lab, const char *behaviour, const char *name, const char *params)
{
    char *error = NULL;
    actor_t *actor = lab_spawn (lab, behaviour, name, params, &error);
    if (!actor) {
        fprintf (stderr, "bench: cannot spawn %s (%s): %s\n", name, behaviour,
                 error ? error : "?");
        exit (1);
    }
    free (error);
    return actor;
}

//  --- the reader and the rounds -------------------------------------------

reader_t bench_last_reader;

static view_t *s_reader_view;       //  set: lab rounds draw frames with it

//  One turn of a view-like reader: sleeps on the notification fd until the
//  next frame, and at each frame takes a snapshot and drains the events.
static void
s_reader_turn (lab_t *lab, reader_t *reader)
{
    if (!bench_reader && !s_reader_view) {
        //  No reader: poll the actors' states only, and leave the
        //  notification fd alone (it stays signalled after the first change).
        nanosleep (&(struct timespec) { 0, 10 * 1000 * 1000 }, NULL);
        return;
    }
    double now = bench_now ();
    int wait_ms = (int) ((reader->next_frame - now) * 1000) + 1;
    if (wait_ms < 1)
        wait_ms = 1;
    if (lab_wait (lab, wait_ms))
        reader->wakeups++;
    if (bench_now () < reader->next_frame)
        return;
    reader->next_frame = bench_now () + FRAME;
    reader->frames++;
    if (s_reader_view) {
        //  A view round: a real frame, drawn.
        bench_view_round_frame (s_reader_view, lab);
        return;
    }
    lab_snapshot_t *snap = lab_snapshot (lab);
    lab_snapshot_destroy (&snap);
    lab_event_t events [256];
    while (lab_events (lab, events, 256) == 256)
        ;
}

bool
bench_finished (actor_state_t state)
{
    return state == ACTOR_STOPPED || state == ACTOR_CRASHED;
}

//  Waits until every actor is in STATE (or, for finished ones, has ended).
void
bench_wait_states (lab_t *lab, actor_t **actors, int n, actor_state_t state,
                   reader_t *reader)
{
    double deadline = bench_now () + ROUND_TIMEOUT;
    for (;;) {
        int done = 0;
        for (int i = 0; i < n; i++) {
            actor_state_t now = actor_state (actors [i]);
            if (now == state)
                done++;
            else
            if (bench_finished (now) && !bench_finished (state)) {
                actor_stats_t stats;
                actor_stats (actors [i], &stats);
                fprintf (stderr, "bench: actor %s ended: %s\n", stats.name, stats.detail);
                exit (1);
            }
        }
        if (done == n)
            return;
        if (bench_now () > deadline) {
            fprintf (stderr, "bench: timed out waiting for actors to be %s\n",
                     actor_state_name (state));
            exit (1);
        }
        s_reader_turn (lab, reader);
    }
}

static const char *
s_report (const actor_stats_t *stats, const char *key)
{
    for (int i = 0; i < stats->n_reports; i++)
        if (strcmp (stats->reports [i].key, key) == 0)
            return stats->reports [i].value;
    return NULL;
}

//  Reads a finished receiver's report and checks its counters.
static bool
s_receiver_times (actor_t *actor, long count, double *first, double *last)
{
    actor_stats_t stats;
    actor_stats (actor, &stats);
    const char *a = s_report (&stats, "first"), *b = s_report (&stats, "last");
    if (stats.state != ACTOR_STOPPED || !a || !b) {
        fprintf (stderr, "# %s: %s %s\n", stats.name, actor_state_name (stats.state),
                 stats.detail);
        return false;
    }
    *first = strtod (a, NULL);
    *last = strtod (b, NULL);
    if (stats.received != (uint64_t) count || stats.lost || stats.missed || stats.errors) {
        fprintf (stderr, "# %s: received %llu of %ld, lost %llu, missed %llu, errors %llu\n",
                 stats.name, (unsigned long long) stats.received, count,
                 (unsigned long long) stats.lost, (unsigned long long) stats.missed,
                 (unsigned long long) stats.errors);
        return false;
    }
    return true;
}

//  Puller first, then the pusher (flat out). Returns msg/s.
double
bench_lab_push_pull (long count)
{
    lab_t *lab = bench_lab_new ();
    reader_t reader = { 0, 0, 0 };
    char params [256];
    snprintf (params, sizeof params,
              "{ connect = 'inproc://bench-pp', count = %ld }", count);
    actor_t *puller = bench_spawn (lab, "bench_puller", "pull", params);
    bench_wait_states (lab, &puller, 1, ACTOR_BLOCKED_RECV, &reader);
    snprintf (params, sizeof params, "{ bind = 'inproc://bench-pp', count = %ld }", count);
    bench_spawn (lab, "bench_pusher", "push", params);
    bench_wait_states (lab, &puller, 1, ACTOR_STOPPED, &reader);
    double first, last, rate = 0;
    if (s_receiver_times (puller, count, &first, &last))
        rate = (double) (count - 1) / (last - first);
    //  The lab's own view of the link must agree.
    lab_snapshot_t *snap = lab_snapshot (lab);
    const link_stats_t *link = snap ? lab_snapshot_link (snap, "push", "pull") : NULL;
    if (!link || link->delivered != (uint64_t) count || link->lost) {
        fprintf (stderr, "# lab push/pull: link delivered %llu of %ld\n",
                 link ? (unsigned long long) link->delivered : 0ULL, count);
        rate = 0;
    }
    lab_snapshot_destroy (&snap);
    if (s_reader_view)
        bench_view_detach (s_reader_view);
    lab_destroy (&lab);
    bench_last_reader = reader;
    return rate;
}

//  The same round with the view attached: real frames instead of snapshots.
double
bench_lab_push_pull_view (long count)
{
    s_reader_view = bench_screen;
    double rate = bench_lab_push_pull (count);
    s_reader_view = NULL;
    return rate;
}

//  Three subscribers blocked in recv, then the publisher binds. Returns
//  per-subscriber msg/s.
double
bench_lab_pub_sub (long count)
{
    lab_t *lab = bench_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *subs [SUBSCRIBERS];
    char params [256];
    for (int i = 0; i < SUBSCRIBERS; i++) {
        char name [16];
        snprintf (name, sizeof name, "sub%d", i + 1);
        snprintf (params, sizeof params,
                  "{ type = 'SUB', connect = 'inproc://bench-ps', subscribe = '',"
                  " rcvhwm = 0, count = %ld }", count);
        subs [i] = bench_spawn (lab, "bench_puller", name, params);
    }
    bench_wait_states (lab, subs, SUBSCRIBERS, ACTOR_BLOCKED_RECV, &reader);
    snprintf (params, sizeof params,
              "{ type = 'PUB', bind = 'inproc://bench-ps', sndhwm = 0, count = %ld }", count);
    bench_spawn (lab, "bench_pusher", "pub", params);
    bench_wait_states (lab, subs, SUBSCRIBERS, ACTOR_STOPPED, &reader);
    double first [SUBSCRIBERS], last [SUBSCRIBERS], rate = 0;
    bool complete = true;
    for (int i = 0; i < SUBSCRIBERS; i++)
        complete &= s_receiver_times (subs [i], count, &first [i], &last [i]);
    if (complete)
        rate = bench_fan_out_rate (first, last, count);
    lab_destroy (&lab);
    bench_last_reader = reader;
    return rate;
}

//  --- shutdown and memory --------------------------------------------------

static long
s_rss_kb (void)
{
    FILE *file = fopen ("/proc/self/status", "r");
    if (!file)
        return -1;
    char line [256];
    long kb = -1;
    while (fgets (line, sizeof line, file))
        if (strncmp (line, "VmRSS:", 6) == 0)
            kb = strtol (line + 6, NULL, 10);
    fclose (file);
    return kb;
}

//  100 subscribers (lessons/actors/subscriber.lua) blocked in recv.
double
bench_rss_100_actors (void)
{
    enum { N = 100 };
    lab_t *lab = bench_lab_new ();
    reader_t reader = { 0, 0, 0 };
    long before = s_rss_kb ();
    actor_t *actors [N];
    for (int i = 0; i < N; i++) {
        char name [16];
        snprintf (name, sizeof name, "idle%d", i);
        actors [i] = bench_spawn (lab, "subscriber", name,
                              "{ connect = 'inproc://idle', subscribe = '', quiet = true }");
    }
    bench_wait_states (lab, actors, N, ACTOR_BLOCKED_RECV, &reader);
    long after = s_rss_kb ();
    lab_destroy (&lab);
    return (double) (after - before) / 1024;
}

//  50 actors: 10 pushers blocked in send to 10 paused pullers (HWMs 10),
//  8 pullers and 7 subscribers blocked in recv, 15 sleeping.
double
bench_shutdown_ms (void)
{
    lab_t *lab = bench_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *pushers [10], *pullers [10], *receivers [15], *sleepers [15];
    char name [16], params [256];
    for (int i = 0; i < 10; i++) {
        snprintf (name, sizeof name, "pull%d", i);
        snprintf (params, sizeof params,
                  "{ connect = 'inproc://held%d', rcvhwm = 10, quiet = true }", i);
        pullers [i] = bench_spawn (lab, "puller", name, params);
    }
    bench_wait_states (lab, pullers, 10, ACTOR_BLOCKED_RECV, &reader);
    for (int i = 0; i < 10; i++)
        actor_pause (pullers [i]);
    bench_wait_states (lab, pullers, 10, ACTOR_PAUSED, &reader);
    for (int i = 0; i < 10; i++) {
        snprintf (name, sizeof name, "push%d", i);
        snprintf (params, sizeof params, "{ bind = 'inproc://held%d', sndhwm = 10,"
                  " interval = 0, count = 1e9, quiet = true }", i);
        pushers [i] = bench_spawn (lab, "pusher", name, params);
    }
    for (int i = 0; i < 15; i++) {
        snprintf (name, sizeof name, "wait%d", i);
        if (i < 8)
            snprintf (params, sizeof params,
                      "{ connect = 'inproc://nobody%d', quiet = true }", i);
        else
            snprintf (params, sizeof params,
                      "{ connect = 'inproc://silent', subscribe = '', quiet = true }");
        receivers [i] = bench_spawn (lab, i < 8 ? "puller" : "subscriber", name, params);
    }
    for (int i = 0; i < 15; i++) {
        snprintf (name, sizeof name, "nap%d", i);
        sleepers [i] = bench_spawn (lab, "bench_sleeper", name, NULL);
    }
    bench_wait_states (lab, pushers, 10, ACTOR_BLOCKED_SEND, &reader);
    bench_wait_states (lab, receivers, 15, ACTOR_BLOCKED_RECV, &reader);
    bench_wait_states (lab, sleepers, 15, ACTOR_SLEEPING, &reader);
    if (lab_actor_count (lab) != 50) {
        fprintf (stderr, "bench: expected 50 actors, have %zu\n", lab_actor_count (lab));
        exit (1);
    }
    double start = bench_now ();
    lab_destroy (&lab);
    return (bench_now () - start) * 1000;
}
