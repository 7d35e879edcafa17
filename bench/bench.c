/*  bench.c — what the sandbox costs: raw libzmq against the same traffic
    through zmqlab actors, side by side, in one run.

    Prints one "name: value" line per figure on stdout; per-round detail
    and warnings go to stderr, prefixed with '#'.

    - PUSH -> PULL over inproc, 16-byte messages: raw (two C threads) and lab
      (two actors running inline behaviours, every probe and counter on).
      The lab sends the same 16 bytes of text; its stamp " [push#1234567]"
      makes 31 bytes on the wire, still within libzmq's 33-byte inline
      message. Longer actor names cross that limit and cost a malloc per
      message (a 10-letter sender: about -17% on one CPU).
    - PUB -> 3 SUBs over inproc, subscribe "", HWMs 0 so nothing is dropped;
      the subscribers are attached before the publisher binds.
    - Throughput as libzmq's perf/inproc_thr measures it: the clock starts
      when the first message has arrived, so start-up is not in it; the
      rate is (N - 1) / elapsed. Lab actors take their times with now() and
      hand them over with report(); their counters are checked afterwards.
    - Rounds are interleaved (raw, lab, raw, lab, ...) so that noise on this
      machine hits both; the ratio is the median of the per-round ratios.
    - shutdown_ms: lab_destroy with 50 actors, some blocked in send, some in
      recv, some sleeping. rss_mb_100_actors: VmRSS growth for 100 idle
      subscribers (measured first, before the throughput rounds warm up the
      allocator).

    While lab traffic runs, the controller thread does what the view will
    do: it waits on the lab's notification fd and takes a snapshot and
    drains the event ring about 30 times a second. --no-reader turns that
    off (the controller then only polls the actors' states), to tell what
    the reader costs.

    The view (skipped with --no-view):
    - frame_ms_p50, frame_ms_p99: 20 actors (10 pushers -> 10 pullers, each
      pair on its own inproc endpoint, flat out, forever) and a lesson
      screen of 120x40: curses started with newterm("xterm-256color") on
      /dev/null (no terminal needed: the type is named, its terminfo entry
      comes from ncurses-base), a model filled as src/cli/session.c fills it
      (a few panel entries, an open question, the event log, glyphs). A
      frame is what the view does each time: drain lab_events into the log,
      lab_snapshot, draw_frame (one doupdate). -f frames (300) at 30 a
      second after half a second's warm-up; nearest-rank percentiles of the
      frames' wall-clock times. view_lab_msgs is what the pullers received
      per second meanwhile (the issue asks >= 1M). On stderr: each phase's
      times, the frames' CPU time, and how many frames the scheduler
      preempted: with 20 busy actors on few CPUs, slow frames are frames
      that waited for a CPU, not frames that worked longer.
    - push_pull_ratio_view: in the push/pull rounds, a third measurement
      beside raw and lab: the lab round again, with the controller drawing
      real frames of the round's lab (30 a second) instead of only taking
      snapshots. Lab and lab+view swap order every other round.
      view_cost = push_pull_ratio_view / push_pull_ratio (the issue: >= 0.9).
    --only view runs just these two (with the raw and lab push/pull rounds
    the ratio needs); --only frames just the first.

    --one-cpu pins the whole process (every thread it starts) to one CPU.
    Then nothing runs in parallel and the ratio is the plain CPU cost per
    message, raw against lab: steadier than the two-CPU figure, whose
    threads drift between a batching and a ping-pong regime from round to
    round. Use it to compare engine changes. A full run (no --only, no
    --one-cpu, more than one CPU) ends with these figures too, as
    push_pull_one_cpu_* and pub_sub_one_cpu_*.

    Usage: bench [-n push_pull_count] [-m pub_sub_count] [-r rounds] [-f frames]
                 [--only push_pull|pub_sub|lab_push_pull|lab_pub_sub|shutdown|rss
                         |view|frames]
                 [--no-view] [--no-reader] [--one-cpu]

    The files: this one holds main, the options, the output and the
    medians and ratios; bench_raw.c the raw libzmq runs; bench_lab.c the
    lab runs (and shutdown, memory); bench_view.c the view and its frames.
*/
#define _GNU_SOURCE
#include "bench.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

bool bench_reader = true;
const char *bench_actors_dir = "lessons/actors";
view_t *bench_screen;

double
bench_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
bench_compare (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double
s_median (const double *values, int n)
{
    double sorted [n];
    memcpy (sorted, values, sizeof sorted);
    qsort (sorted, (size_t) n, sizeof *sorted, bench_compare);
    return n % 2 ? sorted [n / 2] : (sorted [n / 2 - 1] + sorted [n / 2]) / 2;
}

static double
s_min (const double *values, int n)
{
    double min = values [0];
    for (int i = 1; i < n; i++)
        if (values [i] < min)
            min = values [i];
    return min;
}

static double
s_max (const double *values, int n)
{
    double max = values [0];
    for (int i = 1; i < n; i++)
        if (values [i] > max)
            max = values [i];
    return max;
}

//  Per-subscriber msg/s over the window from the first subscriber's first
//  message to the last subscriber's last one (the same for the lab).
double
bench_fan_out_rate (const double *first, const double *last, long count)
{
    double start = s_min (first, SUBSCRIBERS), end = s_max (last, SUBSCRIBERS);
    return (double) (count - 1) / (end - start);
}

//  --- main -----------------------------------------------------------------

typedef struct {
    const char *name;           //  "push_pull"
    double (*raw) (long count);
    double (*lab) (long count);
    double (*lab_view) (long count);    //  the lab round with the view attached
    long count;
} pair_t;

//  Rounds of raw, lab and (with VIEW) lab+view, interleaved; lab and
//  lab+view swap places every other round, so drift hits both alike.
static void
s_run_pair (const pair_t *pair, int rounds, const char *only, bool view)
{
    bool do_raw = !only || strcmp (only, pair->name) == 0;
    bool do_lab = do_raw || (only && strncmp (only, "lab_", 4) == 0
                                  && strcmp (only + 4, pair->name) == 0);
    bool do_view = view && pair->lab_view && bench_screen;
    if (do_view)
        do_raw = do_lab = true;
    if (!do_raw && !do_lab)
        return;
    double raw [rounds], lab [rounds], ratio [rounds];
    double with_view [rounds], ratio_view [rounds], cost [rounds];
    int good = 0;
    bench_view_rounds_reset ();
    for (int i = 0; i < rounds; i++) {
        double r = do_raw ? pair->raw (pair->count) : 0;
        double l = 0, v = 0;
        reader_t lab_reader = { 0, 0, 0 }, view_reader = { 0, 0, 0 };
        if (do_view && i % 2) {
            v = pair->lab_view (pair->count);
            view_reader = bench_last_reader;
        }
        if (do_lab) {
            l = pair->lab (pair->count);
            lab_reader = bench_last_reader;
        }
        if (do_view && i % 2 == 0) {
            v = pair->lab_view (pair->count);
            view_reader = bench_last_reader;
        }
        fprintf (stderr, "# %s round %d:", pair->name, i + 1);
        if (do_raw)
            fprintf (stderr, " raw %.0f msg/s,", r);
        fprintf (stderr, " lab %.0f msg/s", l);
        if (do_raw)
            fprintf (stderr, ", ratio %.3f", r > 0 ? l / r : 0);
        fprintf (stderr, " (reader: %ld wake-ups, %ld frames)",
                 lab_reader.wakeups, lab_reader.frames);
        if (do_view)
            fprintf (stderr, "; lab+view %.0f msg/s, ratio %.3f (%ld frames drawn)",
                     v, r > 0 ? v / r : 0, view_reader.frames);
        fprintf (stderr, "\n");
        if ((do_raw && r <= 0) || (do_lab && l <= 0) || (do_view && v <= 0))
            continue;           //  an incomplete round: reported, not counted
        raw [good] = r;
        lab [good] = l;
        ratio [good] = r > 0 ? l / r : 0;
        with_view [good] = v;
        ratio_view [good] = r > 0 ? v / r : 0;
        cost [good] = l > 0 ? v / l : 0;
        good++;
    }
    if (good == 0) {
        printf ("%s_ratio: failed\n", pair->name);
        return;
    }
    printf ("%s_count: %ld\n", pair->name, pair->count);
    if (do_raw)
        printf ("raw_%s_msgs: %.0f\n", pair->name, s_median (raw, good));
    printf ("lab_%s_msgs: %.0f\n", pair->name, s_median (lab, good));
    if (do_raw) {
        printf ("%s_ratio: %.3f\n", pair->name, s_median (ratio, good));
        printf ("%s_ratio_range: %.3f..%.3f\n", pair->name,
                s_min (ratio, good), s_max (ratio, good));
    }
    if (do_view) {
        printf ("lab_%s_view_msgs: %.0f\n", pair->name, s_median (with_view, good));
        printf ("%s_ratio_view: %.3f\n", pair->name, s_median (ratio_view, good));
        printf ("%s_ratio_view_range: %.3f..%.3f\n", pair->name,
                s_min (ratio_view, good), s_max (ratio_view, good));
        printf ("view_cost: %.3f\n", s_median (ratio_view, good) / s_median (ratio, good));
        fprintf (stderr, "# view_cost per round (lab+view / lab): median %.3f, %.3f..%.3f\n",
                 s_median (cost, good), s_min (cost, good), s_max (cost, good));
        bench_view_rounds_details ();
    }
    fflush (stdout);
}

static void
s_usage (void)
{
    fprintf (stderr, "usage: bench [-n push_pull_count] [-m pub_sub_count] [-r rounds]\n"
                     "             [--only push_pull|pub_sub|lab_push_pull|lab_pub_sub"
                     "|shutdown|rss|view|frames|reload]\n"
                     "             [-f frames] [-w reload_writes] [--no-view] [--no-reader]\n"
                     "             [--one-cpu]\n");
    exit (2);
}

//  Pins the process to its first CPU: threads started afterwards inherit
//  the mask (zmq's, the raw threads, every actor). 0, or -1 (said why).
static int
s_pin_one_cpu (void)
{
    cpu_set_t set;
    if (sched_getaffinity (0, sizeof set, &set) == 0) {
        int first = 0;
        while (first < CPU_SETSIZE && !CPU_ISSET (first, &set))
            first++;
        CPU_ZERO (&set);
        CPU_SET (first, &set);
    }
    if (sched_setaffinity (0, sizeof set, &set) != 0) {
        fprintf (stderr, "bench: cannot pin to one CPU: %s\n", strerror (errno));
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    //  About 0.3 s per raw round and 0.5-1.5 s per lab round on a 2-core VM.
    long push_pull_count = 4000000, pub_sub_count = 1000000;
    int rounds = 7, frames = 300, reload_writes = 60;
    const char *only = NULL;
    bool one_cpu = false, no_view = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp (argv [i], "-n") == 0 && i + 1 < argc)
            push_pull_count = atol (argv [++i]);
        else
        if (strcmp (argv [i], "-m") == 0 && i + 1 < argc)
            pub_sub_count = atol (argv [++i]);
        else
        if (strcmp (argv [i], "-r") == 0 && i + 1 < argc)
            rounds = atoi (argv [++i]);
        else
        if (strcmp (argv [i], "-f") == 0 && i + 1 < argc)
            frames = atoi (argv [++i]);
        else
        if (strcmp (argv [i], "-w") == 0 && i + 1 < argc)
            reload_writes = atoi (argv [++i]);
        else
        if (strcmp (argv [i], "--only") == 0 && i + 1 < argc)
            only = argv [++i];
        else
        if (strcmp (argv [i], "--no-view") == 0)
            no_view = true;
        else
        if (strcmp (argv [i], "--no-reader") == 0)
            bench_reader = false;
        else
        if (strcmp (argv [i], "--one-cpu") == 0)
            one_cpu = true;
        else
            s_usage ();
    }
    if (push_pull_count < 2 || pub_sub_count < 2 || rounds < 1 || frames < 2 || reload_writes < 1
    ||  frames > VIEW_SAMPLES_MAX)
        s_usage ();
    const char *dir = getenv ("ZMQLAB_ACTORS");
    if (dir && *dir)
        bench_actors_dir = dir;
    if (access (bench_actors_dir, R_OK) != 0) {
        fprintf (stderr, "bench: cannot read %s (run from the repository root, or set "
                         "ZMQLAB_ACTORS)\n", bench_actors_dir);
        return 1;
    }
    int cpus = (int) sysconf (_SC_NPROCESSORS_ONLN);
    if (one_cpu) {
        if (s_pin_one_cpu () != 0)
            return 1;
        cpus = 1;
    }
    int major, minor, patch;
    zmq_version (&major, &minor, &patch);
    printf ("libzmq: %d.%d.%d\n", major, minor, patch);
    printf ("cpus: %d\n", cpus);
    printf ("rounds: %d\n", rounds);
    fflush (stdout);

    if (!only || strcmp (only, "rss") == 0) {
        printf ("rss_mb_100_actors: %.1f\n", bench_rss_100_actors ());
        fflush (stdout);
    }
    if (!only || strcmp (only, "shutdown") == 0) {
        printf ("shutdown_ms: %.1f\n", bench_shutdown_ms ());
        fflush (stdout);
    }
    //  The exercises sit beside the actors directory (lessons/exercises).
    if (!only || strcmp (only, "reload") == 0) {
        char *exercises = NULL;
        if (asprintf (&exercises, "%s/../exercises", bench_actors_dir) >= 0)
            bench_reload (exercises, reload_writes);
        free (exercises);
    }
    bool do_frames = !no_view && (!only || strcmp (only, "view") == 0
                                        || strcmp (only, "frames") == 0);
    bool do_view_rounds = !no_view && (!only || strcmp (only, "view") == 0);
    if (do_frames || do_view_rounds) {
        bench_screen = bench_view_new ();
        if (!bench_screen) {
            printf ("frame_ms_p99: failed\n");
            fflush (stdout);
        }
    }
    if (do_frames && bench_screen)
        bench_view_frames (bench_screen, frames);
    pair_t pairs [] = {
        { "push_pull", bench_raw_push_pull, bench_lab_push_pull, bench_lab_push_pull_view,
          push_pull_count },
        { "pub_sub", bench_raw_pub_sub, bench_lab_pub_sub, NULL, pub_sub_count },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        s_run_pair (&pairs [i], rounds, only, do_view_rounds);
    //  A full run ends with the plain CPU cost per message: the same pairs
    //  on one CPU (*_one_cpu_*), the steadier figure to compare engines by.
    if (!one_cpu && !only && cpus > 1 && s_pin_one_cpu () == 0) {
        pair_t pinned [] = {
            { "push_pull_one_cpu", bench_raw_push_pull, bench_lab_push_pull, NULL,
              push_pull_count },
            { "pub_sub_one_cpu", bench_raw_pub_sub, bench_lab_pub_sub, NULL, pub_sub_count },
        };
        for (size_t i = 0; i < sizeof pinned / sizeof *pinned; i++)
            s_run_pair (&pinned [i], rounds, NULL, false);
    }
    bench_view_destroy (&bench_screen);
    return 0;
}
