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
*/
#define _GNU_SOURCE
#include "engine/lab.h"

#include "cli/feed.h"
#include "tui/draw.h"
#include "tui/theme.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include <zmq.h>

enum { MSG_SIZE = 16, SUBSCRIBERS = 3 };

static const double FRAME = 1.0 / 30;        //  the reader's snapshot period
static const double ROUND_TIMEOUT = 120;     //  seconds before a lab round gives up

static bool s_reader = true;
static const char *s_actors_dir = "lessons/actors";

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
s_compare (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double
s_median (const double *values, int n)
{
    double sorted [n];
    memcpy (sorted, values, sizeof sorted);
    qsort (sorted, (size_t) n, sizeof *sorted, s_compare);
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

static void
s_die (const char *what)
{
    fprintf (stderr, "bench: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    exit (1);
}

//  --- raw libzmq -----------------------------------------------------------

typedef struct {
    void *ctx;
    const char *endpoint;
    long count;
} raw_push_t;

static void *
s_raw_pusher (void *arg)
{
    raw_push_t *self = arg;
    void *socket = zmq_socket (self->ctx, ZMQ_PUSH);
    if (!socket || zmq_connect (socket, self->endpoint) != 0)
        s_die ("raw push: connect");
    char data [MSG_SIZE];
    memset (data, 'x', sizeof data);
    for (long i = 0; i < self->count; i++)
        if (zmq_send (socket, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw push: send");
    zmq_close (socket);         //  default linger: ctx_term waits for delivery
    return NULL;
}

//  PUSH (a thread) -> PULL (this thread), inproc_thr's shape. Returns msg/s.
static double
s_raw_push_pull (long count)
{
    void *ctx = zmq_ctx_new ();
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    if (!pull || zmq_bind (pull, "inproc://raw-push-pull") != 0)
        s_die ("raw pull: bind");
    raw_push_t push = { ctx, "inproc://raw-push-pull", count };
    pthread_t thread;
    pthread_create (&thread, NULL, s_raw_pusher, &push);
    char data [MSG_SIZE];
    if (zmq_recv (pull, data, sizeof data, 0) != MSG_SIZE)
        s_die ("raw pull: recv");
    double start = s_now ();
    for (long i = 1; i < count; i++)
        if (zmq_recv (pull, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw pull: recv");
    double elapsed = s_now () - start;
    pthread_join (thread, NULL);
    zmq_close (pull);
    zmq_ctx_term (ctx);
    return (double) (count - 1) / elapsed;
}

typedef struct {
    void *ctx;
    long count;
    pthread_barrier_t *attached;
    double first, last;         //  when the first and the last message came
    long received;
} raw_sub_t;

static void *
s_raw_subscriber (void *arg)
{
    raw_sub_t *self = arg;
    void *socket = zmq_socket (self->ctx, ZMQ_SUB);
    int zero = 0, timeout = 10000;
    zmq_setsockopt (socket, ZMQ_RCVHWM, &zero, sizeof zero);
    zmq_setsockopt (socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (socket, ZMQ_SUBSCRIBE, "", 0);
    if (zmq_connect (socket, "inproc://raw-pub-sub") != 0)
        s_die ("raw sub: connect");
    pthread_barrier_wait (self->attached);
    char data [MSG_SIZE];
    self->received = 0;
    if (zmq_recv (socket, data, sizeof data, 0) == MSG_SIZE) {
        self->first = s_now ();
        self->received = 1;
        while (self->received < self->count
           &&  zmq_recv (socket, data, sizeof data, 0) == MSG_SIZE)
            self->received++;
    }
    self->last = s_now ();
    zmq_close (socket);
    return NULL;
}

//  Per-subscriber msg/s over the window from the first subscriber's first
//  message to the last subscriber's last one (the same for the lab).
static double
s_fan_out_rate (const double *first, const double *last, long count)
{
    double start = s_min (first, SUBSCRIBERS), end = s_max (last, SUBSCRIBERS);
    return (double) (count - 1) / (end - start);
}

//  PUB (this thread) -> 3 SUBs (threads), HWMs 0. Returns per-subscriber msg/s.
static double
s_raw_pub_sub (long count)
{
    void *ctx = zmq_ctx_new ();
    pthread_barrier_t attached;
    pthread_barrier_init (&attached, NULL, SUBSCRIBERS + 1);
    raw_sub_t subs [SUBSCRIBERS];
    pthread_t threads [SUBSCRIBERS];
    for (int i = 0; i < SUBSCRIBERS; i++) {
        subs [i] = (raw_sub_t) { ctx, count, &attached, 0, 0, 0 };
        pthread_create (&threads [i], NULL, s_raw_subscriber, &subs [i]);
    }
    //  The subscribers connected and subscribed: binding now hands their
    //  subscriptions to the PUB before its first send.
    pthread_barrier_wait (&attached);
    void *pub = zmq_socket (ctx, ZMQ_PUB);
    int zero = 0;
    zmq_setsockopt (pub, ZMQ_SNDHWM, &zero, sizeof zero);
    if (zmq_bind (pub, "inproc://raw-pub-sub") != 0)
        s_die ("raw pub: bind");
    char data [MSG_SIZE];
    memset (data, 'x', sizeof data);
    for (long i = 0; i < count; i++)
        if (zmq_send (pub, data, sizeof data, 0) != MSG_SIZE)
            s_die ("raw pub: send");
    double first [SUBSCRIBERS], last [SUBSCRIBERS];
    bool complete = true;
    for (int i = 0; i < SUBSCRIBERS; i++) {
        pthread_join (threads [i], NULL);
        first [i] = subs [i].first;
        last [i] = subs [i].last;
        if (subs [i].received != count) {
            fprintf (stderr, "# raw pub/sub: subscriber %d received %ld of %ld\n",
                     i, subs [i].received, count);
            complete = false;
        }
    }
    zmq_close (pub);
    zmq_ctx_term (ctx);
    pthread_barrier_destroy (&attached);
    return complete ? s_fan_out_rate (first, last, count) : 0;
}

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

static lab_t *
s_lab_new (void)
{
    lab_t *lab = lab_new (s_actors_dir);
    if (!lab) {
        fprintf (stderr, "bench: lab_new failed\n");
        exit (1);
    }
    lab_define (lab, "bench_pusher", s_bench_pusher);
    lab_define (lab, "bench_puller", s_bench_puller);
    lab_define (lab, "bench_sleeper", s_bench_sleeper);
    return lab;
}

static actor_t *
s_spawn (lab_t *lab, const char *behaviour, const char *name, const char *params)
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

//  --- the view -------------------------------------------------------------

//  The terminal view as zmqlab runs it (src/cli/session.c), on a screen
//  that writes to /dev/null: a model filled from lab_snapshot and
//  lab_events by the session's own feed (src/cli/feed.h), drawn by
//  draw_frame. Curses on /dev/null needs no terminal:
//  newterm takes the terminal type by name, finds its terminfo entry, and
//  writes its output (the difference to the previous frame) into the void.

enum { VIEW_ROWS = 40, VIEW_COLUMNS = 120, VIEW_PAIRS = 10, VIEW_SAMPLES_MAX = 4096 };

typedef struct {
    SCREEN *screen;
    FILE *out, *in;
    bool utf8;
    model_t model;
    draw_state_t draw;
    lab_t *lab;                     //  the lab the model shows
    feed_t *feed;                   //  the lab into the model, as in zmqlab
} view_t;

//  One frame's times, in seconds (wall clock unless said otherwise).
typedef struct {
    double events, snapshot, draw, total;
    double cpu;                     //  this thread's CPU time for the frame
    long preempted;                 //  involuntary context switches during it
} frame_time_t;

static view_t *s_reader_view;       //  set: lab rounds draw frames with it
static frame_time_t s_round_frames [VIEW_SAMPLES_MAX];     //  view rounds' frames
static int s_n_round_frames;

static double
s_cpu_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

//  Nearest-rank percentile (P in 0..100).
static long
s_preemptions (void)
{
    struct rusage usage;
    return getrusage (RUSAGE_THREAD, &usage) == 0 ? usage.ru_nivcsw : 0;
}

static double
s_percentile (const double *values, int n, double p)
{
    double sorted [n];
    memcpy (sorted, values, sizeof sorted);
    qsort (sorted, (size_t) n, sizeof *sorted, s_compare);
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
static view_t *
s_view_new (void)
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
static void
s_view_detach (view_t *self)
{
    feed_reset (self->feed);
    self->lab = NULL;
}

static void
s_view_destroy (view_t **self_p)
{
    view_t *self = *self_p;
    if (!self)
        return;
    s_view_detach (self);
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
    double start = s_now (), cpu = s_cpu_now ();
    if (lab != self->lab) {
        s_view_detach (self);
        self->lab = lab;
    }
    feed_take_events (self->feed, lab, start);
    double events = s_now ();
    lab_snapshot_t *snap = lab_snapshot (lab);
    feed_snapshot (self->feed, &snap, s_now ());
    double snapshot = s_now ();
    draw_frame (&self->draw, &self->model, self->utf8);
    double end = s_now ();
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

typedef struct {
    double next_frame;
    long wakeups, frames;
} reader_t;

static reader_t s_last_reader;      //  the last lab round's, for the round line

//  One turn of a view-like reader: sleeps on the notification fd until the
//  next frame, and at each frame takes a snapshot and drains the events.
static void
s_reader_turn (lab_t *lab, reader_t *reader)
{
    if (!s_reader && !s_reader_view) {
        //  No reader: poll the actors' states only, and leave the
        //  notification fd alone (it stays signalled after the first change).
        nanosleep (&(struct timespec) { 0, 10 * 1000 * 1000 }, NULL);
        return;
    }
    double now = s_now ();
    int wait_ms = (int) ((reader->next_frame - now) * 1000) + 1;
    if (wait_ms < 1)
        wait_ms = 1;
    if (lab_wait (lab, wait_ms))
        reader->wakeups++;
    if (s_now () < reader->next_frame)
        return;
    reader->next_frame = s_now () + FRAME;
    reader->frames++;
    if (s_reader_view) {
        //  A view round: a real frame, drawn.
        frame_time_t time;
        s_view_frame (s_reader_view, lab, &time);
        if (s_n_round_frames < VIEW_SAMPLES_MAX)
            s_round_frames [s_n_round_frames++] = time;
        return;
    }
    lab_snapshot_t *snap = lab_snapshot (lab);
    lab_snapshot_destroy (&snap);
    lab_event_t events [256];
    while (lab_events (lab, events, 256) == 256)
        ;
}

static bool
s_finished (actor_state_t state)
{
    return state == ACTOR_STOPPED || state == ACTOR_CRASHED;
}

//  Waits until every actor is in STATE (or, for finished ones, has ended).
static void
s_wait_states (lab_t *lab, actor_t **actors, int n, actor_state_t state, reader_t *reader)
{
    double deadline = s_now () + ROUND_TIMEOUT;
    for (;;) {
        int done = 0;
        for (int i = 0; i < n; i++) {
            actor_state_t now = actor_state (actors [i]);
            if (now == state)
                done++;
            else
            if (s_finished (now) && !s_finished (state)) {
                actor_stats_t stats;
                actor_stats (actors [i], &stats);
                fprintf (stderr, "bench: actor %s ended: %s\n", stats.name, stats.detail);
                exit (1);
            }
        }
        if (done == n)
            return;
        if (s_now () > deadline) {
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
static double
s_lab_push_pull (long count)
{
    lab_t *lab = s_lab_new ();
    reader_t reader = { 0, 0, 0 };
    char params [256];
    snprintf (params, sizeof params,
              "{ connect = 'inproc://bench-pp', count = %ld }", count);
    actor_t *puller = s_spawn (lab, "bench_puller", "pull", params);
    s_wait_states (lab, &puller, 1, ACTOR_BLOCKED_RECV, &reader);
    snprintf (params, sizeof params, "{ bind = 'inproc://bench-pp', count = %ld }", count);
    s_spawn (lab, "bench_pusher", "push", params);
    s_wait_states (lab, &puller, 1, ACTOR_STOPPED, &reader);
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
        s_view_detach (s_reader_view);
    lab_destroy (&lab);
    s_last_reader = reader;
    return rate;
}

static view_t *s_view;              //  the screen, for the view rounds

//  The same round with the view attached: real frames instead of snapshots.
static double
s_lab_push_pull_view (long count)
{
    s_reader_view = s_view;
    double rate = s_lab_push_pull (count);
    s_reader_view = NULL;
    return rate;
}

//  Three subscribers blocked in recv, then the publisher binds. Returns
//  per-subscriber msg/s.
static double
s_lab_pub_sub (long count)
{
    lab_t *lab = s_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *subs [SUBSCRIBERS];
    char params [256];
    for (int i = 0; i < SUBSCRIBERS; i++) {
        char name [16];
        snprintf (name, sizeof name, "sub%d", i + 1);
        snprintf (params, sizeof params,
                  "{ type = 'SUB', connect = 'inproc://bench-ps', subscribe = '',"
                  " rcvhwm = 0, count = %ld }", count);
        subs [i] = s_spawn (lab, "bench_puller", name, params);
    }
    s_wait_states (lab, subs, SUBSCRIBERS, ACTOR_BLOCKED_RECV, &reader);
    snprintf (params, sizeof params,
              "{ type = 'PUB', bind = 'inproc://bench-ps', sndhwm = 0, count = %ld }", count);
    s_spawn (lab, "bench_pusher", "pub", params);
    s_wait_states (lab, subs, SUBSCRIBERS, ACTOR_STOPPED, &reader);
    double first [SUBSCRIBERS], last [SUBSCRIBERS], rate = 0;
    bool complete = true;
    for (int i = 0; i < SUBSCRIBERS; i++)
        complete &= s_receiver_times (subs [i], count, &first [i], &last [i]);
    if (complete)
        rate = s_fan_out_rate (first, last, count);
    lab_destroy (&lab);
    s_last_reader = reader;
    return rate;
}

//  20 actors (10 pushers -> 10 pullers, each pair on its own endpoint, flat
//  out) and FRAMES frames at 30 a second after a short warm-up. Prints
//  frame_ms_p50, frame_ms_p99 and view_lab_msgs (what the lab moved
//  meanwhile).
static void
s_view_frames (view_t *view, int frames)
{
    lab_t *lab = s_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *pullers [VIEW_PAIRS], *pushers [VIEW_PAIRS];
    char name [16], params [256];
    for (int i = 0; i < VIEW_PAIRS; i++) {
        snprintf (name, sizeof name, "pull%d", i + 1);
        snprintf (params, sizeof params,
                  "{ connect = 'inproc://view%d', count = 1000000000000 }", i + 1);
        pullers [i] = s_spawn (lab, "bench_puller", name, params);
    }
    s_wait_states (lab, pullers, VIEW_PAIRS, ACTOR_BLOCKED_RECV, &reader);
    for (int i = 0; i < VIEW_PAIRS; i++) {
        snprintf (name, sizeof name, "push%d", i + 1);
        snprintf (params, sizeof params,
                  "{ bind = 'inproc://view%d', count = 1000000000000 }", i + 1);
        pushers [i] = s_spawn (lab, "bench_pusher", name, params);
    }
    enum { WARM_UP = 15 };          //  half a second: every pair under way
    int total = frames + WARM_UP;
    frame_time_t *times = calloc ((size_t) total, sizeof *times);
    double *at = calloc ((size_t) total, sizeof *at);
    uint64_t *received = calloc ((size_t) total, sizeof *received);
    long wakeups = 0;
    double next = s_now ();
    for (int i = 0; i < total; i++) {
        //  Sleep on the notification fd until the frame is due (as the view).
        for (double now = s_now (); now < next; now = s_now ())
            if (lab_wait (lab, (int) ((next - now) * 1000) + 1))
                wakeups++;
        s_view_frame (view, lab, &times [i]);
        at [i] = s_now ();
        received [i] = s_received (view->model.snap);
        next += FRAME;
        if (next < s_now ())
            next = s_now ();        //  late: no burst to catch up
    }
    //  The lab must still be moving at the end, every actor alive.
    for (int i = 0; i < VIEW_PAIRS; i++) {
        actor_t *both [2] = { pullers [i], pushers [i] };
        for (int j = 0; j < 2; j++)
            if (s_finished (actor_state (both [j]))) {
                actor_stats_t stats;
                actor_stats (both [j], &stats);
                fprintf (stderr, "# view: actor %s ended: %s\n", stats.name, stats.detail);
            }
    }
    int boxes = view->draw.n_boxes;
    size_t actors = view->model.snap ? view->model.snap->n_actors : 0;
    s_view_detach (view);
    double start = s_now ();
    lab_destroy (&lab);
    double destroy_ms = (s_now () - start) * 1000;

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
static double
s_rss_100_actors (void)
{
    enum { N = 100 };
    lab_t *lab = s_lab_new ();
    reader_t reader = { 0, 0, 0 };
    long before = s_rss_kb ();
    actor_t *actors [N];
    for (int i = 0; i < N; i++) {
        char name [16];
        snprintf (name, sizeof name, "idle%d", i);
        actors [i] = s_spawn (lab, "subscriber", name,
                              "{ connect = 'inproc://idle', subscribe = '', quiet = true }");
    }
    s_wait_states (lab, actors, N, ACTOR_BLOCKED_RECV, &reader);
    long after = s_rss_kb ();
    lab_destroy (&lab);
    return (double) (after - before) / 1024;
}

//  50 actors: 10 pushers blocked in send to 10 paused pullers (HWMs 10),
//  8 pullers and 7 subscribers blocked in recv, 15 sleeping.
static double
s_shutdown_ms (void)
{
    lab_t *lab = s_lab_new ();
    reader_t reader = { 0, 0, 0 };
    actor_t *pushers [10], *pullers [10], *receivers [15], *sleepers [15];
    char name [16], params [256];
    for (int i = 0; i < 10; i++) {
        snprintf (name, sizeof name, "pull%d", i);
        snprintf (params, sizeof params,
                  "{ connect = 'inproc://held%d', rcvhwm = 10, quiet = true }", i);
        pullers [i] = s_spawn (lab, "puller", name, params);
    }
    s_wait_states (lab, pullers, 10, ACTOR_BLOCKED_RECV, &reader);
    for (int i = 0; i < 10; i++)
        actor_pause (pullers [i]);
    s_wait_states (lab, pullers, 10, ACTOR_PAUSED, &reader);
    for (int i = 0; i < 10; i++) {
        snprintf (name, sizeof name, "push%d", i);
        snprintf (params, sizeof params, "{ bind = 'inproc://held%d', sndhwm = 10,"
                  " interval = 0, count = 1e9, quiet = true }", i);
        pushers [i] = s_spawn (lab, "pusher", name, params);
    }
    for (int i = 0; i < 15; i++) {
        snprintf (name, sizeof name, "wait%d", i);
        if (i < 8)
            snprintf (params, sizeof params,
                      "{ connect = 'inproc://nobody%d', quiet = true }", i);
        else
            snprintf (params, sizeof params,
                      "{ connect = 'inproc://silent', subscribe = '', quiet = true }");
        receivers [i] = s_spawn (lab, i < 8 ? "puller" : "subscriber", name, params);
    }
    for (int i = 0; i < 15; i++) {
        snprintf (name, sizeof name, "nap%d", i);
        sleepers [i] = s_spawn (lab, "bench_sleeper", name, NULL);
    }
    s_wait_states (lab, pushers, 10, ACTOR_BLOCKED_SEND, &reader);
    s_wait_states (lab, receivers, 15, ACTOR_BLOCKED_RECV, &reader);
    s_wait_states (lab, sleepers, 15, ACTOR_SLEEPING, &reader);
    if (lab_actor_count (lab) != 50) {
        fprintf (stderr, "bench: expected 50 actors, have %zu\n", lab_actor_count (lab));
        exit (1);
    }
    double start = s_now ();
    lab_destroy (&lab);
    return (s_now () - start) * 1000;
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
    bool do_view = view && pair->lab_view && s_view;
    if (do_view)
        do_raw = do_lab = true;
    if (!do_raw && !do_lab)
        return;
    double raw [rounds], lab [rounds], ratio [rounds];
    double with_view [rounds], ratio_view [rounds], cost [rounds];
    int good = 0;
    s_n_round_frames = 0;
    for (int i = 0; i < rounds; i++) {
        double r = do_raw ? pair->raw (pair->count) : 0;
        double l = 0, v = 0;
        reader_t lab_reader = { 0, 0, 0 }, view_reader = { 0, 0, 0 };
        if (do_view && i % 2) {
            v = pair->lab_view (pair->count);
            view_reader = s_last_reader;
        }
        if (do_lab) {
            l = pair->lab (pair->count);
            lab_reader = s_last_reader;
        }
        if (do_view && i % 2 == 0) {
            v = pair->lab_view (pair->count);
            view_reader = s_last_reader;
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
        if (s_n_round_frames > 0)
            s_frame_details ("view rounds", s_round_frames, s_n_round_frames);
    }
    fflush (stdout);
}

static void
s_usage (void)
{
    fprintf (stderr, "usage: bench [-n push_pull_count] [-m pub_sub_count] [-r rounds]\n"
                     "             [--only push_pull|pub_sub|lab_push_pull|lab_pub_sub"
                     "|shutdown|rss|view|frames]\n"
                     "             [-f frames] [--no-view] [--no-reader] [--one-cpu]\n");
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
    int rounds = 7, frames = 300;
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
        if (strcmp (argv [i], "--only") == 0 && i + 1 < argc)
            only = argv [++i];
        else
        if (strcmp (argv [i], "--no-view") == 0)
            no_view = true;
        else
        if (strcmp (argv [i], "--no-reader") == 0)
            s_reader = false;
        else
        if (strcmp (argv [i], "--one-cpu") == 0)
            one_cpu = true;
        else
            s_usage ();
    }
    if (push_pull_count < 2 || pub_sub_count < 2 || rounds < 1 || frames < 2
    ||  frames > VIEW_SAMPLES_MAX)
        s_usage ();
    const char *dir = getenv ("ZMQLAB_ACTORS");
    if (dir && *dir)
        s_actors_dir = dir;
    if (access (s_actors_dir, R_OK) != 0) {
        fprintf (stderr, "bench: cannot read %s (run from the repository root, or set "
                         "ZMQLAB_ACTORS)\n", s_actors_dir);
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
        printf ("rss_mb_100_actors: %.1f\n", s_rss_100_actors ());
        fflush (stdout);
    }
    if (!only || strcmp (only, "shutdown") == 0) {
        printf ("shutdown_ms: %.1f\n", s_shutdown_ms ());
        fflush (stdout);
    }
    bool do_frames = !no_view && (!only || strcmp (only, "view") == 0
                                        || strcmp (only, "frames") == 0);
    bool do_view_rounds = !no_view && (!only || strcmp (only, "view") == 0);
    if (do_frames || do_view_rounds) {
        s_view = s_view_new ();
        if (!s_view) {
            printf ("frame_ms_p99: failed\n");
            fflush (stdout);
        }
    }
    if (do_frames && s_view)
        s_view_frames (s_view, frames);
    pair_t pairs [] = {
        { "push_pull", s_raw_push_pull, s_lab_push_pull, s_lab_push_pull_view, push_pull_count },
        { "pub_sub", s_raw_pub_sub, s_lab_pub_sub, NULL, pub_sub_count },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        s_run_pair (&pairs [i], rounds, only, do_view_rounds);
    //  A full run ends with the plain CPU cost per message: the same pairs
    //  on one CPU (*_one_cpu_*), the steadier figure to compare engines by.
    if (!one_cpu && !only && cpus > 1 && s_pin_one_cpu () == 0) {
        pair_t pinned [] = {
            { "push_pull_one_cpu", s_raw_push_pull, s_lab_push_pull, NULL, push_pull_count },
            { "pub_sub_one_cpu", s_raw_pub_sub, s_lab_pub_sub, NULL, pub_sub_count },
        };
        for (size_t i = 0; i < sizeof pinned / sizeof *pinned; i++)
            s_run_pair (&pinned [i], rounds, NULL, false);
    }
    s_view_destroy (&s_view);
    return 0;
}
