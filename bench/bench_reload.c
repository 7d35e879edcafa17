/*  bench_reload.c — an exercise's reload: from the learner's write of
    their file to the first check started again, the way the terminal view
    does it (src/cli/exercise.c): the file watched every WATCH_POLL_MS, the
    running lesson and its lab ended, a fresh lab with the ':' commands'
    sandbox, the exercise opened on the file, run until its first check
    begins (ITEM_SECTION).

    The view's loop waits on the watcher's inotify descriptor, as here;
    without inotify a write lands anywhere within the view's poll period:
    each sample then waits a random part of WATCH_POLL_MS before the
    watcher looks, as the loop's timer would. Between
    writes the checks run to their end (or a few seconds), so the reload
    also pays for stopping what they left running.
*/
#define _GNU_SOURCE
#include "bench.h"

#include "cli/watch.h"
#include "lesson/exercises.h"
#include "lesson/lesson.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { RUN_SECONDS_MAX = 5 };

typedef struct {
    lab_t *lab;
    lesson_t *commands;             //  the view opens one with every lab
    lesson_t *lesson;
} reload_t;

static void
s_close (reload_t *self)
{
    lesson_destroy (&self->lesson);
    lesson_destroy (&self->commands);
    lab_destroy (&self->lab);
}

//  A clean lab, the exercise on FILE, run until its first check began.
//  0, or -1 when it could not open.
static int
s_open_until_first_check (reload_t *self, const char *dir, const char *file)
{
    s_close (self);
    self->lab = lab_new (bench_actors_dir);
    if (!self->lab)
        return -1;
    char *error = NULL;
    self->commands = lesson_open_sandbox (self->lab, LANG_EN, &error);
    free (error);
    error = NULL;
    self->lesson = lesson_open_exercise (dir, file, self->lab, LANG_EN, &error);
    free (error);
    if (!self->lesson)
        return -1;
    for (;;) {
        lesson_status_t status = lesson_run (self->lesson);
        lesson_item_t item;
        bool began = false;
        while (lesson_take_item (self->lesson, &item)) {
            began |= item.kind == ITEM_SECTION || item.kind == ITEM_CHECK;
            lesson_item_clear (&item);
        }
        if (began || status == LESSON_DONE || status == LESSON_FAILED)
            return 0;
        lab_wait (self->lab, 5);
    }
}

//  The checks on to their end, as the learner reads them.
static void
s_run_to_end (reload_t *self)
{
    double deadline = bench_now () + RUN_SECONDS_MAX;
    while (bench_now () < deadline) {
        lesson_status_t status = lesson_run (self->lesson);
        lesson_item_t item;
        while (lesson_take_item (self->lesson, &item))
            lesson_item_clear (&item);
        if (status == LESSON_DONE || status == LESSON_FAILED)
            return;
        lab_wait (self->lab, 30);
    }
}

static int
s_copy (const char *from, const char *to, int serial)
{
    FILE *in = fopen (from, "r");
    FILE *out = in ? fopen (to, "w") : NULL;
    if (!out) {
        if (in)
            fclose (in);
        return -1;
    }
    char buffer [4096];
    size_t n;
    while ((n = fread (buffer, 1, sizeof buffer, in)) > 0)
        fwrite (buffer, 1, n, out);
    //  A different size each time, as an edit would have.
    fprintf (out, "\n-- edit %d%*s\n", serial, serial % 7, "");
    fclose (in);
    return fclose (out) == 0 ? 0 : -1;
}

static void
s_sleep_ms (double ms)
{
    struct timespec pause = { (time_t) (ms / 1000), (long) (ms * 1e6) % 1000000000L };
    nanosleep (&pause, NULL);
}

//  One exercise: WRITES writes of its file, alternately template and
//  solution; prints the median and p99 of write-to-first-check in ms.
static void
s_bench_exercise (const exercise_entry_t *entry, int writes, const char *work)
{
    char *file = NULL;
    if (asprintf (&file, "%s/%s.lua", work, entry->id) < 0)
        return;
    double *samples = calloc ((size_t) writes, sizeof *samples);
    double *work_ms = calloc ((size_t) writes, sizeof *work_ms);
    reload_t reload = { 0 };
    int n = 0;
    bool inotify = false;
    if (samples && work_ms && s_copy (entry->template_path, file, 0) == 0
    &&  s_open_until_first_check (&reload, entry->dir, file) == 0) {
        watch_t *watch = watch_new (file);
        inotify = watch && watch_fd (watch) >= 0;
        for (int i = 1; watch && i <= writes; i++) {
            s_run_to_end (&reload);
            const char *source = i % 2 ? entry->solution_path : entry->template_path;
            if (s_copy (source, file, i) != 0)
                break;
            double written = bench_now ();
            //  As the view's loop waits: on inotify's descriptor, else for
            //  its timer, which fires somewhere within its period.
            if (watch_fd (watch) >= 0) {
                struct pollfd wake = { .fd = watch_fd (watch), .events = POLLIN };
                poll (&wake, 1, WATCH_BACKSTOP_MS);
            }
            else
                s_sleep_ms ((double) (rand () % WATCH_POLL_MS));
            double noticed = bench_now ();
            if (!watch_changed (watch)) {
                fprintf (stderr, "bench: %s: the write was not noticed\n", entry->id);
                break;
            }
            if (s_open_until_first_check (&reload, entry->dir, file) != 0)
                break;
            work_ms [n] = (bench_now () - noticed) * 1000;
            samples [n++] = (bench_now () - written) * 1000;
        }
        watch_destroy (&watch);
    }
    s_close (&reload);
    if (n == writes) {
        qsort (samples, (size_t) n, sizeof *samples, bench_compare);
        qsort (work_ms, (size_t) n, sizeof *work_ms, bench_compare);
        int p99 = (int) (0.99 * (n - 1) + 0.5);
        //  Write to first check, and of it the reload's own work (from the
        //  watcher's look on: the rest is the wake-up's delay).
        printf ("reload_ms_%s: median %.1f p99 %.1f max %.1f; of it the reload: median %.1f "
                "p99 %.1f (%d writes, %s)\n", entry->id, samples [n / 2], samples [p99],
                samples [n - 1], work_ms [n / 2], work_ms [p99], n,
                inotify ? "inotify" : "polled");
    }
    else
        printf ("reload_ms_%s: failed after %d writes\n", entry->id, n);
    fflush (stdout);
    unlink (file);
    free (samples);
    free (work_ms);
    free (file);
}

void
bench_reload (const char *exercises_dir, int writes)
{
    exercises_t *exercises = exercises_load (exercises_dir, LANG_EN);
    if (!exercises || exercises->n == 0) {
        printf ("reload_ms: failed (no exercises in %s)\n", exercises_dir);
        exercises_destroy (&exercises);
        return;
    }
    char work [] = "/tmp/zmqlab-bench-reload.XXXXXX";
    const char *tmp = getenv ("TMPDIR");
    char *dir = NULL;
    if (tmp && *tmp && asprintf (&dir, "%s/zmqlab-bench-reload.XXXXXX", tmp) < 0)
        dir = NULL;
    char *made = mkdtemp (dir ? dir : work);
    srand (1);
    for (size_t i = 0; made && i < exercises->n; i++)
        if (!exercises->entries [i].error)
            s_bench_exercise (&exercises->entries [i], writes, made);
    if (made)
        rmdir (made);
    free (dir);
    exercises_destroy (&exercises);
}
