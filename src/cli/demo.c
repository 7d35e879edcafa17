/*  demo.c — zmqlab --demo: the actors of one messaging pattern (or all four
    in turn) in a lab, printed as plain text: the lab's event log as it
    comes, and a table of actors and links once a second.
*/
#define _GNU_SOURCE
#include "demo.h"
#include "clock.h"

#include "engine/lab.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    EVENTS_PER_SECOND_SHOWN = 40,   //  log lines printed per second at most
    DEMO_SECONDS = 10,              //  --demo PATTERN without --seconds
    TOUR_SECONDS = 5                //  each pattern of --demo all
};

//  One actor of a demo: what lab_spawn gets.
typedef struct {
    const char *behaviour;          //  lessons/actors/BEHAVIOUR.lua
    const char *name;               //  actor name, unique in the lab
    const char *params;             //  Lua table constructor
} demo_actor_t;

//  A pattern and the actors that show it.
typedef struct {
    const char *pattern;            //  as given to --demo
    const char *title;              //  one-line heading
    const demo_actor_t *actors;     //  in start-up order, ended by a NULL name
} demo_t;

//  What the demo has printed of the event log since the last table.
typedef struct {
    size_t shown;                   //  lines printed
    size_t hidden;                  //  lines over EVENTS_PER_SECOND_SHOWN
} log_state_t;

//  Behaviours and their parameters: the headers of lessons/actors/*.lua
//  list them.
static const demo_actor_t s_reqrep[] = {
    { "rep_server", "server", "{ bind = 'inproc://reqrep' }" },
    { "req_client", "client", "{ connect = 'inproc://reqrep', count = 0, interval = 0.5 }" },
    { NULL, NULL, NULL },
};
static const demo_actor_t s_pubsub[] = {
    { "publisher", "pub", "{ bind = 'inproc://pubsub', topics = { 'news', 'weather' }, rate = 2 }" },
    { "subscriber", "sub1", "{ connect = 'inproc://pubsub', subscribe = 'news' }" },
    { "subscriber", "sub2", "{ connect = 'inproc://pubsub', subscribe = '' }" },
    { NULL, NULL, NULL },
};
static const demo_actor_t s_pushpull[] = {
    { "puller", "puller1", "{ connect = 'inproc://pushpull' }" },
    { "puller", "puller2", "{ connect = 'inproc://pushpull' }" },
    { "pusher", "pusher", "{ bind = 'inproc://pushpull', count = 10, interval = 0.3 }" },
    { NULL, NULL, NULL },
};
static const demo_actor_t s_pipeline[] = {
    { "sink", "sink", "{ bind = 'inproc://results', sync = 'inproc://sync', expected = 10 }" },
    { "worker", "worker1", "{ tasks = 'inproc://tasks', results = 'inproc://results', work = 0.5 }" },
    { "worker", "worker2", "{ tasks = 'inproc://tasks', results = 'inproc://results', work = 0.5 }" },
    { "worker", "worker3", "{ tasks = 'inproc://tasks', results = 'inproc://results', work = 0.5 }" },
    { "ventilator", "vent", "{ bind = 'inproc://tasks', sink = 'inproc://sync', tasks = 10, workers = 3 }" },
    { NULL, NULL, NULL },
};

static const demo_t s_demos[] = {
    { "reqrep", "Request-Reply: a REQ client and a REP server in lockstep", s_reqrep },
    { "pubsub", "Publish-Subscribe: every subscriber gets its own copy of its topics", s_pubsub },
    { "pushpull", "Push-Pull: each task reaches exactly one puller", s_pushpull },
    { "pipeline", "Parallel pipeline: ventilator, three workers, sink", s_pipeline },
};
static const size_t s_n_demos = sizeof (s_demos) / sizeof (s_demos[0]);

static const demo_t *
s_find (const char *pattern)
{
    for (size_t i = 0; i < s_n_demos; i++)
        if (strcmp (s_demos[i].pattern, pattern) == 0)
            return &s_demos[i];
    return NULL;
}

static void
s_print_event (const lab_event_t *event)
{
    printf ("%7.2f %-8s %-6s %s", event->time, event->actor,
            event_kind_name (event->kind), event->text);
    if (event->seq)
        printf (" #%llu", (unsigned long long) event->seq);
    if (event->peer [0] && event->kind == EVENT_RECV)
        printf (" from %s", event->peer);
    else
    if (event->peer [0])
        printf (" to %s", event->peer);
    putchar ('\n');
}

//  Prints the events that came since the last call, up to the per-second cap.
//  Takes a bounded number per call, so actors sending flat out cannot keep
//  the main loop here.
static void
s_print_events (lab_t *lab, log_state_t *log)
{
    lab_event_t events [64];
    size_t count;
    for (int batch = 0; batch < 32
    &&  (count = lab_events (lab, events, sizeof (events) / sizeof (events [0]))) > 0; batch++) {
        for (size_t i = 0; i < count; i++) {
            if (log->shown < EVENTS_PER_SECOND_SHOWN) {
                s_print_event (&events [i]);
                log->shown++;
            }
            else
                log->hidden++;
        }
    }
    fflush (stdout);
}

static void
s_print_actors (const lab_snapshot_t *snap)
{
    printf ("  %-10s %-11s %-17s %8s %8s %6s %6s %6s\n",
            "actor", "behaviour", "state", "sent", "received", "lost", "missed", "errors");
    for (size_t i = 0; i < snap->n_actors; i++) {
        const actor_stats_t *actor = &snap->actors [i];
        printf ("  %-10s %-11s %-17s %8llu %8llu %6llu %6llu %6llu\n",
                actor->name, actor->behaviour, actor_state_name (actor->state),
                (unsigned long long) actor->sent, (unsigned long long) actor->received,
                (unsigned long long) actor->lost, (unsigned long long) actor->missed,
                (unsigned long long) actor->errors);
        if (actor->state == ACTOR_CRASHED && actor->detail [0])
            printf ("  %-10s crashed: %s\n", "", actor->detail);
        else
        if (actor->errors && actor->last_error [0])
            printf ("  %-10s last error: %s\n", "", actor->last_error);
        if (actor->n_reports > 0) {
            printf ("  %-10s", "");
            for (int r = 0; r < actor->n_reports; r++)
                printf (" %s=%s", actor->reports [r].key, actor->reports [r].value);
            putchar ('\n');
        }
    }
}

static void
s_print_links (const lab_snapshot_t *snap)
{
    if (snap->n_links == 0)
        return;
    printf ("  %-24s %9s %6s %16s\n", "link", "delivered", "lost", "in flight/cap");
    for (size_t i = 0; i < snap->n_links; i++) {
        const link_stats_t *link = &snap->links [i];
        char route [2 * LAB_LABEL_MAX + 8];
        snprintf (route, sizeof (route), "%s -> %s", link->from, link->to);
        char capacity [24];
        if (link->capacity < 0)
            snprintf (capacity, sizeof (capacity), "inf");
        else
            snprintf (capacity, sizeof (capacity), "%lld", (long long) link->capacity);
        char gauge [48];
        snprintf (gauge, sizeof (gauge), "%llu/%s",
                  (unsigned long long) link->in_flight, capacity);
        printf ("  %-24s %9llu %6llu %16s%s\n", route,
                (unsigned long long) link->delivered, (unsigned long long) link->lost,
                gauge, link->active ? "" : "  (closed)");
    }
}

//  The table of actors and links, then a note of log lines not shown.
static void
s_print_table (lab_t *lab, double elapsed, log_state_t *log)
{
    lab_snapshot_t *snap = lab_snapshot (lab);
    if (!snap) {
        fprintf (stderr, "zmqlab: could not take a snapshot of the lab\n");
        return;
    }
    if (log->hidden)
        printf ("        (%zu more events not shown)\n", log->hidden);
    printf ("--- %.1f s   lab time %.2f s   speed %g%s\n", elapsed, snap->time,
            snap->speed, snap->paused ? "   paused" : "");
    s_print_actors (snap);
    s_print_links (snap);
    if (snap->events_dropped)
        printf ("  (%llu events dropped from the log: it fills faster than it is read)\n",
                (unsigned long long) snap->events_dropped);
    putchar ('\n');
    fflush (stdout);
    lab_snapshot_destroy (&snap);
    *log = (log_state_t) { 0, 0 };
}

//  Starts the demo's actors. Returns 0, or -1 after printing why not.
static int
s_demo_spawn (lab_t *lab, const demo_t *demo, const char *actors_dir)
{
    for (const demo_actor_t *actor = demo->actors; actor->name; actor++) {
        char *error = NULL;
        if (!lab_spawn (lab, actor->behaviour, actor->name, actor->params, &error)) {
            fprintf (stderr, "zmqlab: cannot start %s (%s from %s): %s\n",
                     actor->name, actor->behaviour, actors_dir,
                     error ? error : "unknown error");
            free (error);
            return -1;
        }
    }
    return 0;
}

//  Prints events as they come and the table once a second, for SECONDS.
//  Returns 0, or DEMO_INTERRUPTED.
static int
s_demo_watch (lab_t *lab, double seconds, const sigset_t *signals)
{
    log_state_t log = { 0, 0 };
    double start = clock_now ();
    double end = start + seconds;
    double next_table = start + 1;
    int status = 0;

    while (status == 0) {
        double now = clock_now ();
        if (now >= end)
            break;
        double until = fmin (fmin (next_table, end) - now, 0.1);
        lab_wait (lab, (int) ceil (until * 1000));
        s_print_events (lab, &log);
        now = clock_now ();
        if (now >= next_table && now < end) {
            s_print_table (lab, now - start, &log);
            next_table += 1;
        }
        if (clock_interrupted (signals)) {
            //  A second Ctrl-C ends zmqlab at once, should stopping hang.
            pthread_sigmask (SIG_UNBLOCK, signals, NULL);
            status = DEMO_INTERRUPTED;
        }
    }
    s_print_events (lab, &log);
    s_print_table (lab, clock_now () - start, &log);
    return status;
}

//  Runs one demo in a lab of its own. Returns 0, 1 on failure, or
//  DEMO_INTERRUPTED.
static int
s_demo_run (const demo_t *demo, double speed, double seconds,
            const char *actors_dir, const sigset_t *signals)
{
    printf ("=== %s\n\n", demo->title);
    fflush (stdout);
    lab_t *lab = lab_new (actors_dir);
    if (!lab) {
        fprintf (stderr, "zmqlab: cannot create a lab (zmq context)\n");
        return 1;
    }
    lab_set_speed (lab, speed);
    int status = s_demo_spawn (lab, demo, actors_dir) == 0
               ? s_demo_watch (lab, seconds, signals) : 1;
    lab_destroy (&lab);
    return status;
}

bool
demo_known (const char *pattern)
{
    return strcmp (pattern, "all") == 0 || s_find (pattern) != NULL;
}

int
demo_run (const char *pattern, double seconds, double speed, const char *actors_dir,
          const sigset_t *signals)
{
    if (strcmp (pattern, "all") != 0) {
        const demo_t *demo = s_find (pattern);
        if (!demo)
            return 1;
        return s_demo_run (demo, speed, seconds > 0 ? seconds : DEMO_SECONDS,
                           actors_dir, signals);
    }
    int status = 0;
    for (size_t i = 0; i < s_n_demos && status == 0; i++)
        status = s_demo_run (&s_demos [i], speed, seconds > 0 ? seconds : TOUR_SECONDS,
                             actors_dir, signals);
    return status;
}
