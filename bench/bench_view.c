/*  bench_view.c — what a frame of the terminal view costs: a lesson
    screen drawn to /dev/null from a busy lab, as zmqlab draws it.
*/
#define _GNU_SOURCE
#include "bench.h"

#include "cli/feed.h"
#include "tui/draw.h"
#include "tui/theme.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

//  --- the view -------------------------------------------------------------

//  The terminal view as zmqlab runs it (src/cli/session.c), on a screen
//  that writes to /dev/null: a model filled from lab_snapshot and
//  lab_events by the session's own feed (src/cli/feed.h), drawn by
//  draw_frame. Curses on /dev/null needs no terminal:
//  newterm takes the terminal type by name, finds its terminfo entry, and
//  writes its output (the difference to the previous frame) into the void.

enum { VIEW_ROWS = 40, VIEW_COLUMNS = 120, VIEW_PAIRS = 10 };

struct _view_t {
    SCREEN *screen;                 //  curses' screen on /dev/null
    FILE *out, *in;                 //  /dev/null, for newterm
    bool utf8;                      //  the locale takes UTF-8: boxes and glyphs
    model_t model;                  //  what the view shows
    draw_state_t draw;              //  draw_frame's state from frame to frame
    lab_t *lab;                     //  the lab the model shows
    feed_t *feed;                   //  the lab into the model, as in zmqlab
};

//  One frame's times, in seconds (wall clock unless said otherwise).
typedef struct {
    double events, snapshot, draw, total;
    double cpu;                     //  this thread's CPU time for the frame
    long preempted;                 //  involuntary context switches during it
} frame_time_t;

static frame_time_t s_round_frames [VIEW_SAMPLES_MAX];     //  view rounds' frames
static int s_n_round_frames;

static double
s_cpu_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

//  Involuntary context switches of this thread so far.
static long
s_preemptions (void)
{
    struct rusage usage;
    return getrusage (RUSAGE_THREAD, &usage) == 0 ? usage.ru_nivcsw : 0;
}

//  Nearest-rank percentile (P in 0..100).
static double
s_percentile (const double *values, int n, double p)
{
    double sorted [n];
    memcpy (sorted, values, sizeof sorted);
    qsort (sorted, (size_t) n, sizeof *sorted, bench_compare);
    int rank = (int) ceil (p / 100 * n);
    return sorted [rank < 1 ? 0 : rank > n ? n - 1 : rank - 1];
}

static void
s_view_entry (view_t *self, entry_kind_t kind, const char *text)
{
    model_t *model = &self->model;
    entry_t *grown = realloc (model->entries, (model->n_entries + 1) * sizeof *grown);
    if (!grown)
        return;
    model->entries = grown;
    grown [model->n_entries].kind = kind;
    grown [model->n_entries].text = strdup (text);
    model->n_entries++;
}

//  A lesson screen in the middle of a lesson. NULL (and why, on stderr) if
//  curses cannot start.
view_t *
bench_view_new (void)
{
    view_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->feed = feed_new (&self->model);
    if (!self->feed) {
        free (self);
        return NULL;
    }
    //  The view draws boxes and ✓ in UTF-8 (tui.c asks the same of the locale).
    if (setlocale (LC_CTYPE, "C.UTF-8") || setlocale (LC_CTYPE, "C.utf8")
    ||  setlocale (LC_CTYPE, ""))
        self->utf8 = strcmp (nl_langinfo (CODESET), "UTF-8") == 0;
    self->out = fopen ("/dev/null", "w");
    self->in = fopen ("/dev/null", "r");
    self->screen = self->out && self->in ? newterm ("xterm-256color", self->out, self->in) : NULL;
    if (!self->screen) {
        fprintf (stderr, "# view: newterm(\"xterm-256color\") on /dev/null failed "
                         "(is the terminfo entry installed? ncurses-base has it)\n");
        if (self->out)
            fclose (self->out);
        if (self->in)
            fclose (self->in);
        feed_destroy (&self->feed);
        free (self);
        return NULL;
    }
    set_term (self->screen);
    resize_term (VIEW_ROWS, VIEW_COLUMNS);
    cbreak ();
    noecho ();
    nonl ();
    curs_set (0);
    theme_init ();

    model_t *model = &self->model;
    model->screen = SCREEN_LESSON;
    model->zh = false;
    model->utf8 = self->utf8;
    model->selected = -1;
    model->lesson_title = strdup ("Pipeline at full speed");
    model->step = 3;
    model->steps = 7;
    s_view_entry (self, ENTRY_TITLE, "Pipeline at full speed");
    s_view_entry (self, ENTRY_SAY,
        "Ten pushers each bind a PUSH socket and send as fast as they can; ten pullers "
        "connect and take what comes. Nothing is slowed down: watch the counters and the "
        "gauges, not the glyphs.");
    s_view_entry (self, ENTRY_LOG, "spawn(\"pusher\", { bind = \"inproc://p1\", interval = 0 })");
    s_view_entry (self, ENTRY_PASS, "every puller receives");
    s_view_entry (self, ENTRY_HINT, "A full queue blocks the sender: that is back-pressure.");
    s_view_entry (self, ENTRY_SAY,
        "When the receiver is slower than the sender, where do the messages wait? "
        "Predict before you press n.");
    model->question.open = true;
    model->question.text = strdup ("Where do the messages wait?");
    model->question.choices [0] = strdup ("in the sender's queue");
    model->question.choices [1] = strdup ("in the receiver's queue");
    model->question.choices [2] = strdup ("in both, up to their high-water marks");
    model->question.n_choices = 3;
    snprintf (model->message, sizeof model->message, "n: next · 1-9: predict · ?: all keys");
    return self;
}

//  Forgets the lab (call before destroying it): the next frame starts afresh.
void
bench_view_detach (view_t *self)
{
    feed_reset (self->feed);
    self->lab = NULL;
}

void
bench_view_destroy (view_t **self_p)
{
    view_t *self = *self_p;
    if (!self)
        return;
    bench_view_detach (self);
    feed_destroy (&self->feed);
    endwin ();
    delscreen (self->screen);
    fclose (self->out);
    fclose (self->in);
    model_t *model = &self->model;
    for (size_t i = 0; i < model->n_entries; i++)
        free (model->entries [i].text);
    free (model->entries);
    free (model->lesson_title);
    free (model->question.text);
    for (int i = 0; i < model->question.n_choices; i++)
        free (model->question.choices [i]);
    free (self);
    *self_p = NULL;
}

//  One frame: drain the events, take a snapshot, draw (session.c's loop body).
static void
s_view_frame (view_t *self, lab_t *lab, frame_time_t *time)
{
    long preempted = s_preemptions ();
    double start = bench_now (), cpu = s_cpu_now ();
    if (lab != self->lab) {
        bench_view_detach (self);
        self->lab = lab;
    }
    feed_take_events (self->feed, lab, start);
    double events = bench_now ();
    lab_snapshot_t *snap = lab_snapshot (lab);
    feed_snapshot (self->feed, &snap, bench_now ());
    double snapshot = bench_now ();
    draw_frame (&self->draw, &self->model, self->utf8);
    double end = bench_now ();
    if (time)
        *time = (frame_time_t) { events - start, snapshot - events, end - snapshot,
                                 end - start, s_cpu_now () - cpu,
                                 s_preemptions () - preempted };
}

static uint64_t
s_received (const lab_snapshot_t *snap)
{
    uint64_t total = 0;
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        total += snap->actors [i].received;
    return total;
}

//  Prints "# NAME: p50 .. p99 .. max" of one column of frame times, in ms.
static void
s_frame_detail (const char *name, const frame_time_t *frames, int n, size_t offset)
{
    double values [n], max = 0;
    for (int i = 0; i < n; i++) {
        values [i] = *(const double *) ((const char *) &frames [i] + offset) * 1000;
        if (values [i] > max)
            max = values [i];
    }
    fprintf (stderr, " %s %.3f/%.3f/%.3f", name, s_percentile (values, n, 50),
             s_percentile (values, n, 99), max);
}

static void
s_frame_details (const char *what, const frame_time_t *frames, int n)
{
    fprintf (stderr, "# %s, %d frames, ms p50/p99/max:", what, n);
    s_frame_detail ("total", frames, n, offsetof (frame_time_t, total));
    s_frame_detail ("cpu", frames, n, offsetof (frame_time_t, cpu));
    s_frame_detail ("events", frames, n, offsetof (frame_time_t, events));
    s_frame_detail ("snapshot", frames, n, offsetof (frame_time_t, snapshot));
    s_frame_detail ("draw", frames, n, offsetof (frame_time_t, draw));
    //  Frames the scheduler took the CPU from, and how slow those were:
    //  wall time far above CPU time there is waiting for a CPU, not work.
    int preempted = 0, slow = 0, slow_preempted = 0;
    for (int i = 0; i < n; i++) {
        preempted += frames [i].preempted > 0;
        if (frames [i].total > 0.002) {
            slow++;
            slow_preempted += frames [i].preempted > 0;
        }
    }
    fprintf (stderr, "; %d frames preempted; %d over 2 ms, %d of them preempted\n",
             preempted, slow, slow_preempted);
}

//  A frame of a view round (the reader of a lab round draws it), kept for
//  bench_view_rounds_details.
void
bench_view_round_frame (view_t *self, lab_t *lab)
{
    frame_time_t time;
    s_view_frame (self, lab, &time);
    if (s_n_round_frames < VIEW_SAMPLES_MAX)
        s_round_frames [s_n_round_frames++] = time;
}

//  Forgets the frames kept: a new series of rounds begins.
void
bench_view_rounds_reset (void)
{
    s_n_round_frames = 0;
}

//  On stderr: the times of the frames kept since the last reset, if any.
void
bench_view_rounds_details (void)
{
    if (s_n_round_frames > 0)
        s_frame_details ("view rounds", s_round_frames, s_n_round_frames);
}

//  20 actors (10 pushers -> 10 pullers, each pair on its own endpoint, flat
//  out) and FRAMES frames at 30 a second after a short warm-up. Prints
//  frame_ms_p50, frame_ms_p99 and view_lab_msgs (what the lab moved
//  meanwhile).
void
bench_view_frames (view_t *view, int frames)
{
    lab_t *lab = bench_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *pullers [VIEW_PAIRS], *pushers [VIEW_PAIRS];
    char name [16], params [256];
    for (int i = 0; i < VIEW_PAIRS; i++) {
        snprintf (name, sizeof name, "pull%d", i + 1);
        snprintf (params, sizeof params,
                  "{ connect = 'inproc://view%d', count = 1000000000000 }", i + 1);
        pullers [i] = bench_spawn (lab, "bench_puller", name, params);
    }
    bench_wait_states (lab, pullers, VIEW_PAIRS, ACTOR_BLOCKED_RECV, &reader);
    for (int i = 0; i < VIEW_PAIRS; i++) {
        snprintf (name, sizeof name, "push%d", i + 1);
        snprintf (params, sizeof params,
                  "{ bind = 'inproc://view%d', count = 1000000000000 }", i + 1);
        pushers [i] = bench_spawn (lab, "bench_pusher", name, params);
    }
    enum { WARM_UP = 15 };          //  half a second: every pair under way
    int total = frames + WARM_UP;
    frame_time_t *times = calloc ((size_t) total, sizeof *times);
    double *at = calloc ((size_t) total, sizeof *at);
    uint64_t *received = calloc ((size_t) total, sizeof *received);
    long wakeups = 0;
    double next = bench_now ();
    for (int i = 0; i < total; i++) {
        //  Sleep on the notification fd until the frame is due (as the view).
        for (double now = bench_now (); now < next; now = bench_now ())
            if (lab_wait (lab, (int) ((next - now) * 1000) + 1))
                wakeups++;
        s_view_frame (view, lab, &times [i]);
        at [i] = bench_now ();
        received [i] = s_received (view->model.snap);
        next += FRAME;
        if (next < bench_now ())
            next = bench_now ();        //  late: no burst to catch up
    }
    //  The lab must still be moving at the end, every actor alive.
    for (int i = 0; i < VIEW_PAIRS; i++) {
        actor_t *both [2] = { pullers [i], pushers [i] };
        for (int j = 0; j < 2; j++)
            if (bench_finished (actor_state (both [j]))) {
                actor_stats_t stats;
                actor_stats (both [j], &stats);
                fprintf (stderr, "# view: actor %s ended: %s\n", stats.name, stats.detail);
            }
    }
    int boxes = view->draw.n_boxes;
    size_t actors = view->model.snap ? view->model.snap->n_actors : 0;
    bench_view_detach (view);
    double start = bench_now ();
    lab_destroy (&lab);
    double destroy_ms = (bench_now () - start) * 1000;

    const frame_time_t *measured = times + WARM_UP;
    double ms [frames];
    for (int i = 0; i < frames; i++)
        ms [i] = measured [i].total * 1000;
    double span = at [total - 1] - at [WARM_UP], gap = 0;
    for (int i = WARM_UP + 1; i < total; i++)
        if (at [i] - at [i - 1] > gap)
            gap = at [i] - at [i - 1];
    double rate = span > 0 ? (double) (received [total - 1] - received [WARM_UP]) / span : 0;
    //  The slowest second, to show the condition held throughout.
    double slowest = rate;
    for (int i = WARM_UP; i + 30 < total; i += 30) {
        double r = (double) (received [i + 30] - received [i]) / (at [i + 30] - at [i]);
        if (r < slowest)
            slowest = r;
    }
    s_frame_details ("view, 20 actors", measured, frames);
    fprintf (stderr, "# view: %.1f frames/s (longest gap %.1f ms), %ld notification wake-ups, "
                     "%d of %zu actor boxes drawn, slowest second %.0f msg/s, "
                     "lab_destroy %.0f ms\n", span > 0 ? (frames - 1) / span : 0, gap * 1000,
             wakeups, boxes, actors, slowest, destroy_ms);
    printf ("view_frames: %d\n", frames);
    printf ("frame_ms_p50: %.3f\n", s_percentile (ms, frames, 50));
    printf ("frame_ms_p99: %.3f\n", s_percentile (ms, frames, 99));
    printf ("view_lab_msgs: %.0f\n", rate);
    fflush (stdout);
    free (times);
    free (at);
    free (received);
}
