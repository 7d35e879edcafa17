/*  main.c — zmqlab's command line. Wires the layers together.

    For now: --version, --help, and --demo, which runs the actors of one
    messaging pattern (or all four in turn) in a lab and prints what they do:
    the lab's event log as it comes, and a table of actors and links once a
    second. The lesson menu and the terminal view will start from here.

    SIGINT and SIGTERM are blocked before the lab starts its threads, so no
    actor is interrupted by them; the main thread picks them up between waits.
*/
#include "engine/lab.h"

#include <lua.h>
#include <zmq.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef ZMQLAB_DATADIR
#   define ZMQLAB_DATADIR "lessons"
#endif

static const char ZMQLAB_VERSION[] = "0.1.0";

enum {
    EXIT_USAGE = 2,                 //  bad command line
    EXIT_INTERRUPTED = 130,         //  stopped by SIGINT / SIGTERM
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

//  What the command line asked for.
typedef struct {
    const char *demo;               //  pattern name, "all", or NULL
    double seconds;                 //  per pattern; 0 = the default
    double speed;                   //  lab speed factor
} options_t;

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

static void
s_usage (FILE *out)
{
    fprintf (out,
        "Usage: zmqlab [OPTION]...\n"
        "An interactive ZeroMQ teaching sandbox.\n"
        "\n"
        "  --demo PATTERN    run the actors of PATTERN and print what they do:\n"
        "                    reqrep, pubsub, pushpull, pipeline, or all\n"
        "  --seconds N       how long each demo runs (default %d; %d each for all)\n"
        "  --speed X         lab speed factor: 2 runs twice as fast (default 1)\n"
        "  --version         print the versions of zmqlab, libzmq and Lua\n"
        "  --help            print this help\n"
        "\n"
        "With no option, zmqlab runs --demo all.\n"
        "\n"
        "Behaviours are read from $ZMQLAB_ACTORS if set, else from\n"
        "lessons/actors beside the zmqlab executable, else from\n"
        "%s/actors.\n",
        DEMO_SECONDS, TOUR_SECONDS, ZMQLAB_DATADIR);
}

static void
s_version (void)
{
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    printf ("zmqlab %s\n", ZMQLAB_VERSION);
    printf ("libzmq %d.%d.%d, %s\n", major, minor, patch, LUA_RELEASE);
}

static int
s_usage_error (const char *message, const char *what)
{
    fprintf (stderr, "zmqlab: %s '%s'\n", message, what);
    fprintf (stderr, "Usage: zmqlab [--demo PATTERN] [--seconds N] [--speed X]"
                     " | --help | --version\n");
    return EXIT_USAGE;
}

//  Parses a number in [min, max]; returns 0, or -1 if TEXT is not one.
static int
s_parse_number (const char *text, double min, double max, double *value)
{
    char *end;
    errno = 0;
    double number = strtod (text, &end);
    if (errno || end == text || *end || !isfinite (number)
    ||  number < min || number > max)
        return -1;
    *value = number;
    return 0;
}

static const demo_t *
s_demo_find (const char *pattern)
{
    for (size_t i = 0; i < s_n_demos; i++)
        if (strcmp (s_demos[i].pattern, pattern) == 0)
            return &s_demos[i];
    return NULL;
}

//  Fills OPTIONS from the command line. Returns -1 to go on, or the exit
//  status to end with (0 after --help and --version).
static int
s_parse_args (int argc, char **argv, options_t *options)
{
    *options = (options_t) { .demo = NULL, .seconds = 0, .speed = 1 };
    for (int i = 1; i < argc; i++) {
        const char *arg = argv [i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0) {
            s_usage (stdout);
            return 0;
        }
        if (strcmp (arg, "--version") == 0 || strcmp (arg, "-V") == 0) {
            s_version ();
            return 0;
        }
        bool takes_value = strcmp (arg, "--demo") == 0
                        || strcmp (arg, "--seconds") == 0
                        || strcmp (arg, "--speed") == 0;
        if (!takes_value)
            return s_usage_error ("unknown option", arg);
        if (i + 1 >= argc)
            return s_usage_error ("missing value after", arg);
        const char *value = argv [++i];

        if (strcmp (arg, "--demo") == 0) {
            if (strcmp (value, "all") != 0 && !s_demo_find (value))
                return s_usage_error ("--demo wants reqrep, pubsub, pushpull, pipeline or all, not", value);
            options->demo = value;
        }
        else
        if (strcmp (arg, "--seconds") == 0) {
            if (s_parse_number (value, 0.1, 86400, &options->seconds))
                return s_usage_error ("--seconds wants a number from 0.1 to 86400, not", value);
        }
        else
        if (s_parse_number (value, 0.01, 1000, &options->speed))
            return s_usage_error ("--speed wants a number from 0.01 to 1000, not", value);
    }
    return -1;
}

static bool
s_is_dir (const char *path)
{
    struct stat info;
    return stat (path, &info) == 0 && S_ISDIR (info.st_mode);
}

//  Where the behaviours are: $ZMQLAB_ACTORS, else lessons/actors beside the
//  executable, else the source tree's. The caller frees the result.
static char *
s_actors_dir (void)
{
    const char *env = getenv ("ZMQLAB_ACTORS");
    if (env && *env)
        return strdup (env);

    char exe [4096];
    ssize_t size = readlink ("/proc/self/exe", exe, sizeof (exe) - 1);
    if (size > 0) {
        exe [size] = '\0';
        char *slash = strrchr (exe, '/');
        if (slash) {
            *slash = '\0';
            char path [sizeof (exe) + 32];
            snprintf (path, sizeof (path), "%s/lessons/actors", exe);
            if (s_is_dir (path))
                return strdup (path);
        }
    }
    return strdup (ZMQLAB_DATADIR "/actors");
}

static double
s_monotonic (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

//  True if SIGINT or SIGTERM arrived (they are blocked; this takes them).
static bool
s_interrupted (const sigset_t *signals)
{
    struct timespec zero = { 0, 0 };
    return sigtimedwait (signals, NULL, &zero) > 0;
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
//  Returns 0, or EXIT_INTERRUPTED.
static int
s_demo_watch (lab_t *lab, double seconds, const sigset_t *signals)
{
    log_state_t log = { 0, 0 };
    double start = s_monotonic ();
    double end = start + seconds;
    double next_table = start + 1;
    int status = 0;

    while (status == 0) {
        double now = s_monotonic ();
        if (now >= end)
            break;
        double until = fmin (fmin (next_table, end) - now, 0.1);
        lab_wait (lab, (int) ceil (until * 1000));
        s_print_events (lab, &log);
        now = s_monotonic ();
        if (now >= next_table && now < end) {
            s_print_table (lab, now - start, &log);
            next_table += 1;
        }
        if (s_interrupted (signals)) {
            //  A second Ctrl-C ends zmqlab at once, should stopping hang.
            pthread_sigmask (SIG_UNBLOCK, signals, NULL);
            status = EXIT_INTERRUPTED;
        }
    }
    s_print_events (lab, &log);
    s_print_table (lab, s_monotonic () - start, &log);
    return status;
}

//  Runs one demo in a lab of its own. Returns 0, 1 on failure, or
//  EXIT_INTERRUPTED.
static int
s_demo_run (const demo_t *demo, const options_t *options, double seconds,
            const char *actors_dir, const sigset_t *signals)
{
    printf ("=== %s\n\n", demo->title);
    fflush (stdout);
    lab_t *lab = lab_new (actors_dir);
    if (!lab) {
        fprintf (stderr, "zmqlab: cannot create a lab (zmq context)\n");
        return 1;
    }
    lab_set_speed (lab, options->speed);
    int status = s_demo_spawn (lab, demo, actors_dir) == 0
               ? s_demo_watch (lab, seconds, signals) : 1;
    lab_destroy (&lab);
    return status;
}

static int
s_demo (const options_t *options, const char *actors_dir, const sigset_t *signals)
{
    if (strcmp (options->demo, "all") != 0) {
        double seconds = options->seconds > 0 ? options->seconds : DEMO_SECONDS;
        return s_demo_run (s_demo_find (options->demo), options, seconds,
                           actors_dir, signals);
    }
    double seconds = options->seconds > 0 ? options->seconds : TOUR_SECONDS;
    int status = 0;
    for (size_t i = 0; i < s_n_demos && status == 0; i++)
        status = s_demo_run (&s_demos [i], options, seconds, actors_dir, signals);
    return status;
}

int
main (int argc, char **argv)
{
    options_t options;
    int status = s_parse_args (argc, argv, &options);
    if (status >= 0)
        return status;
    if (!options.demo) {
        printf ("zmqlab %s: the lesson menu and the terminal view are coming; "
                "meanwhile, a tour of the four patterns (Ctrl-C stops it).\n\n",
                ZMQLAB_VERSION);
        options.demo = "all";
    }

    //  Blocked before any thread starts, so every actor thread inherits it.
    sigset_t signals;
    sigemptyset (&signals);
    sigaddset (&signals, SIGINT);
    sigaddset (&signals, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &signals, NULL);

    char *actors_dir = s_actors_dir ();
    if (!actors_dir) {
        fprintf (stderr, "zmqlab: out of memory\n");
        return 1;
    }
    status = s_demo (&options, actors_dir, &signals);
    free (actors_dir);
    if (status == EXIT_INTERRUPTED)
        fprintf (stderr, "zmqlab: interrupted\n");
    return status;
}
