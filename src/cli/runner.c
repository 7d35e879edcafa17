/*  runner.c — the lesson loop without curses: run the lesson until it
    waits, print what it said, advance (by itself or from stdin), and sleep
    in poll() on the lab's notification fd while the lab works.
*/
#define _GNU_SOURCE
#include "runner.h"
#include "clock.h"
#include "lawtext.h"
#include "script.h"

#include "engine/lab.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { FRAME_MS = 20, RUN_TIMEOUT_OUTSIDE = 600,
       LAW_SHOWN = 16 };        //  violations printed at most

typedef struct {
    const runner_options_t *options;
    lab_t *lab;
    lesson_t *lesson;
    i18n_lang_t lang;
    int steps;
    bool exercise;                  //  an exercise's checks, not a lesson
} run_t;

static const char *
s_msg (const run_t *run, msg_id_t id)
{
    return i18n_msg (run->lang, id);
}

//  ": " in English, "：" in Chinese.
static const char *
s_colon (const run_t *run)
{
    return s_msg (run, MSG_COLON);
}

//  Prints TEXT with every line indented.
static void
s_print_indented (const char *indent, const char *text)
{
    const char *line = text ? text : "";
    for (;;) {
        const char *end = strchr (line, '\n');
        int len = end ? (int) (end - line) : (int) strlen (line);
        printf ("%s%.*s\n", indent, len, line);
        if (!end)
            break;
        line = end + 1;
    }
}

static void
s_print_item (run_t *run, const lesson_item_t *item)
{
    switch (item->kind) {
        case ITEM_TITLE:
            printf ("== %s: %s ==\n", s_msg (run, run->exercise ? MSG_EXERCISE : MSG_LESSON),
                    item->text);
            if (item->detail)
                s_print_indented ("   ", item->detail);
            if (run->exercise && !lesson_student_file (run->lesson)) {
                const char *ends = lesson_outside_endpoints (run->lesson);
                char *program = i18n_format (run->lang, MSG_YOUR_PROGRAM, ends ? ends : "");
                printf ("   %s\n", program ? program : "");
                free (program);
            }
            else
            if (run->exercise)
                printf ("   %s%s%s\n", s_msg (run, MSG_YOUR_FILE), s_colon (run),
                        lesson_student_file (run->lesson));
            else
                printf ("\n");
            break;
        case ITEM_SAY:
            run->steps++;
            s_print_indented ("  ", item->text);
            printf ("\n");
            break;
        case ITEM_ASK:
            run->steps++;
            printf ("? %s%s", s_msg (run, MSG_QUESTION), s_colon (run));
            s_print_indented ("", item->text);
            for (int i = 0; i < item->n_choices; i++)
                printf ("    %d) %s\n", i + 1, item->choices [i]);
            break;
        case ITEM_CHOSEN:
            printf ("  -> %s %d\n\n", s_msg (run, MSG_PREDICTED), item->chosen);
            break;
        case ITEM_REVEAL:
            printf ("  %s%s%d) %s\n", s_msg (run, MSG_ANSWER), s_colon (run), item->answer,
                    item->detail ? item->detail : "");
            if (item->text)
                s_print_indented ("     ", item->text);
            printf ("\n");
            break;
        case ITEM_EXPECT:
            printf ("  %s %s\n", item->passed ? "\u2713" : "\u2717", item->text);
            if (item->detail)
                s_print_indented ("    ", item->detail);
            break;
        case ITEM_SECTION: {
            char *head = run->exercise ? i18n_format (run->lang, MSG_CHECK_HEAD, item->answer,
                                                      item->total, item->text ? item->text : "")
                       : !item->text ? strdup (s_msg (run, MSG_LESSON_AGAIN))
                       : item->chosen ? i18n_format (run->lang, MSG_SECTION_AGAIN, item->answer,
                                                     item->total, item->text)
                       : i18n_format (run->lang, MSG_SECTION_HEAD, item->answer, item->total,
                                      item->text);
            printf ("\n-- %s --\n\n", head ? head : "");
            free (head);
            break;
        }
        case ITEM_CHECK: {
            const char *title = item->text ? item->text : "";
            if (item->skipped) {
                char *verdict = i18n_format (run->lang, MSG_CHECK_VERDICT_SKIPPED, item->answer,
                                             item->total, title);
                printf ("- %s\n", verdict ? verdict : "");
                free (verdict);
                if (item->detail)
                    s_print_indented ("    ", item->detail);
                break;
            }
            char *verdict = item->passed
                ? i18n_format (run->lang, MSG_CHECK_VERDICT_PASSED, item->answer, item->total, title)
                : i18n_format (run->lang, MSG_CHECK_VERDICT_FAILED, item->answer, item->total, title);
            printf ("%s %s\n", item->passed ? "\u2713" : "\u2717", verdict ? verdict : "");
            free (verdict);
            if (item->detail)
                s_print_indented ("    ", item->detail);
            break;
        }
        case ITEM_HINT:
            i18n_print (stdout, run->lang, MSG_HINT_LABEL, s_msg (run, MSG_HINT));
            s_print_indented ("", item->text);
            break;
        case ITEM_LOG:
            printf ("  . ");
            s_print_indented ("", item->text);
            break;
        case ITEM_GOAL:
            printf ("\n* %s%s", s_msg (run, MSG_GOAL), s_colon (run));
            s_print_indented ("", item->text);
            break;
        case ITEM_GOAL_REACHED:
            printf ("  %s %s%s", item->passed ? "\u2713" : "\u2717",
                    s_msg (run, item->passed ? MSG_GOAL_REACHED : MSG_GOAL_MISSED),
                    s_colon (run));
            s_print_indented ("", item->text);
            if (item->detail)
                s_print_indented ("    ", item->detail);
            printf ("\n");
            break;
        case ITEM_FOCUS:
            break;
        case ITEM_ERROR:
            printf ("  %s%s%s\n", s_msg (run, MSG_ERROR), s_colon (run), item->text);
            if (item->detail)
                printf ("  %s%s%s\n", s_msg (run, MSG_HINT), s_colon (run), item->detail);
            break;
    }
}

static void
s_drain_items (run_t *run)
{
    lesson_item_t item;
    while (lesson_take_item (run->lesson, &item)) {
        s_print_item (run, &item);
        lesson_item_clear (&item);
    }
    fflush (stdout);
}

static void
s_print_events (run_t *run)
{
    lab_event_t events [64];
    size_t n;
    while ((n = lab_events (run->lab, events, 64)) > 0)
        for (size_t i = 0; run->options->verbose && i < n; i++)
            printf ("    %7.2f %-10s %-8s %s%s%s\n", events [i].time, events [i].actor,
                    event_kind_name (events [i].kind), events [i].text,
                    events [i].peer [0] ? " <- " : "", events [i].peer);
}

static void
s_print_stats (run_t *run)
{
    lab_snapshot_t *snap = lab_snapshot (run->lab);
    if (!snap || snap->n_actors == 0) {
        lab_snapshot_destroy (&snap);
        return;
    }
    printf ("  %s\n", s_msg (run, MSG_COLUMNS_ACTORS));
    for (size_t i = 0; i < snap->n_actors; i++) {
        const actor_stats_t *a = &snap->actors [i];
        //  An outside program is not an actor that stopped: it came or left.
        const char *state = !a->external ? actor_state_name (a->state)
                          : a->state == ACTOR_EXTERNAL ? "outside" : "outside, left";
        printf ("  %-12s %-18s %6llu %9llu %7llu %7llu %7llu\n", a->name,
                state, (unsigned long long) a->sent,
                (unsigned long long) a->received, (unsigned long long) a->lost,
                (unsigned long long) a->missed, (unsigned long long) a->errors);
    }
    bool header = false;
    for (size_t i = 0; i < snap->n_links; i++) {
        const link_stats_t *l = &snap->links [i];
        if (!l->delivered && !l->lost && !l->missed && !l->in_flight && !l->discarded)
            continue;
        if (!header)
            printf ("  %s\n", s_msg (run, MSG_COLUMNS_LINKS));
        header = true;
        char name [2 * LAB_LABEL_MAX + 8];
        snprintf (name, sizeof name, "%s -> %s", l->from, l->to);
        char capacity [32];
        if (l->capacity < 0)
            snprintf (capacity, sizeof capacity, "inf");
        else
            snprintf (capacity, sizeof capacity, "%lld", (long long) l->capacity);
        char in_flight [24];
        if (l->in_flight_known || l->external)
            snprintf (in_flight, sizeof in_flight, "%llu", (unsigned long long) l->in_flight);
        else
            snprintf (in_flight, sizeof in_flight, "?");
        //  An ended row: every link of the pair closed (a restarted actor's
        //  old ones are folded into its pair's row, not listed again).
        printf ("  %-28s %9llu %7llu %7llu %9llu %7s/%s%s\n", name,
                (unsigned long long) l->delivered, (unsigned long long) l->lost,
                (unsigned long long) l->missed, (unsigned long long) l->discarded,
                in_flight, capacity, l->active ? "" : s_msg (run, MSG_LINK_ENDED));
    }
    lab_snapshot_destroy (&snap);
}

//  The end of a headless run: stops every actor (their queues counted as
//  they close) and checks the conservation law on what is left (law.h).
//  Prints each violation as an error; returns how many there are.
static size_t
s_check_law (run_t *run)
{
    lab_stop (run->lab);
    lab_snapshot_t *snap = lab_snapshot (run->lab);
    law_violation_t violations [LAW_SHOWN];
    size_t count = law_check (snap, violations, LAW_SHOWN);
    for (size_t i = 0; i < count && i < LAW_SHOWN; i++) {
        char *text = lawtext_violation (run->lang, &violations [i]);
        printf ("  %s%s%s\n", s_msg (run, MSG_ERROR), s_colon (run), text ? text : "?");
        free (text);
    }
    lab_snapshot_destroy (&snap);
    return count;
}

//  Interactive: waits for a line on stdin while the lab runs. NULL on EOF
//  or interruption; the caller frees the line.
static char *
s_read_line (run_t *run)
{
    fflush (stdout);
    for (;;) {
        if (clock_interrupted (run->options->signals))
            return NULL;
        struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
        int rc = poll (&pfd, 1, 100);
        s_print_events (run);
        if (rc < 0 && errno != EINTR)
            return NULL;
        if (rc > 0) {
            char *line = NULL;
            size_t cap = 0;
            if (getline (&line, &cap, stdin) < 0) {
                free (line);
                return NULL;
            }
            line [strcspn (line, "\n")] = 0;
            return line;
        }
    }
}

//  Advances a lesson waiting for the learner. -1 when the learner left.
static int
s_advance (run_t *run, lesson_status_t status)
{
    if (status == LESSON_SAY) {
        if (!run->options->interactive) {
            lesson_next (run->lesson);
            return 0;
        }
        printf ("  %s ", s_msg (run, MSG_PROMPT_NEXT));
        char *line = s_read_line (run);
        if (!line)
            return -1;
        free (line);
        lesson_next (run->lesson);
        return 0;
    }
    int answer = lesson_expected_answer (run->lesson);
    if (!run->options->interactive)
        return lesson_answer (run->lesson, answer) == 0 ? 0 : -1;
    for (;;) {
        printf ("  %s ", s_msg (run, MSG_PROMPT_CHOICE));
        char *line = s_read_line (run);
        if (!line)
            return -1;
        int choice = atoi (line);
        free (line);
        if (lesson_answer (run->lesson, choice) == 0)
            return 0;
    }
}

//  A goal is open: there is no lab to act on here, so the solution is
//  played (interactive: after Enter) and the transcript says what it does.
//  -1 when the learner left.
static int
s_play_goal (run_t *run)
{
    if (run->options->interactive) {
        printf ("  %s ", s_msg (run, MSG_PROMPT_PLAY));
        char *line = s_read_line (run);
        if (!line)
            return -1;
        free (line);
    }
    lesson_goal_play (run->lesson);
    return 0;
}

//  Runs the lesson until it ends, advancing it. RUNNER_PASSED when it ran
//  to its end, RUNNER_FAILED on timeout, RUNNER_INTERRUPTED when the learner
//  left; the lesson's own status tells errors and checks.
static int
s_drive (run_t *run, const char *path)
{
    const runner_options_t *options = run->options;
    //  --outside: --timeout is how long a check waits for the program; the
    //  checks themselves have the usual time.
    double limit = options->exercise_outside && options->timeout < RUN_TIMEOUT_OUTSIDE
                 ? RUN_TIMEOUT_OUTSIDE : options->timeout;
    double deadline = clock_now () + limit, last = clock_now ();
    for (;;) {
        lesson_status_t status = lesson_run (run->lesson);
        s_drain_items (run);
        s_print_events (run);
        if (status == LESSON_DONE || status == LESSON_FAILED)
            return RUNNER_PASSED;
        if (clock_interrupted (run->options->signals))
            return RUNNER_INTERRUPTED;
        if (status == LESSON_SAY || status == LESSON_ASK) {
            if (s_advance (run, status) != 0)
                return RUNNER_INTERRUPTED;
            continue;
        }
        if (status == LESSON_GOAL && !lesson_goal_playing (run->lesson)) {
            if (s_play_goal (run) != 0)
                return RUNNER_INTERRUPTED;
            continue;
        }
        //  A person starting the outside program: not the lesson's time.
        double now = clock_now ();
        if (lesson_outside_waiting (run->lesson)) {
            deadline += now - last;
            fflush (stdout);
        }
        last = now;
        if (!options->interactive && clock_now () > deadline) {
            printf ("  %s: %s:%d: %s (%.0f s)\n", s_msg (run, MSG_ERROR), path,
                    lesson_line (run->lesson), s_msg (run, MSG_TIMEOUT), limit);
            return RUNNER_FAILED;
        }
        lab_wait (run->lab, FRAME_MS);
    }
}

int
runner_run (const char *path, const runner_options_t *options)
{
    if (options->interactive)
        setvbuf (stdin, NULL, _IONBF, 0);   //  see runner_sandbox
    run_t run = { .options = options, .lang = options->lang };
    run.lab = lab_new (options->actors_dir);
    if (!run.lab) {
        fprintf (stderr, "zmqlab: %s\n", i18n_msg (options->lang, MSG_NO_LAB));
        return RUNNER_FAILED;
    }
    lab_set_outside (run.lab, &options->outside);
    lab_set_speed (run.lab, options->speed);
    char *error = NULL;
    run.lesson = lesson_open (path, run.lab, options->lang, &error);
    if (!run.lesson) {
        printf ("%s: %s\n", s_msg (&run, MSG_ERROR), error ? error : path);
        free (error);
        lab_destroy (&run.lab);
        return RUNNER_FAILED;
    }
    if (options->from_section > 0)
        lesson_set_start_section (run.lesson, options->from_section);
    int result = s_drive (&run, path);
    lesson_status_t status = lesson_status (run.lesson);
    s_drain_items (&run);
    printf ("\n");
    s_print_stats (&run);
    if (s_check_law (&run) > 0)
        result = result == RUNNER_PASSED ? RUNNER_FAILED : result;
    int passed = lesson_checks_passed (run.lesson);
    int failed = lesson_checks_failed (run.lesson);
    if (status == LESSON_FAILED || failed > 0)
        result = result == RUNNER_PASSED ? RUNNER_FAILED : result;
    printf ("\n%s%s%d/%d %s%s%s\n\n", s_msg (&run, MSG_RESULT), s_colon (&run), passed,
            passed + failed,
            s_msg (&run, MSG_CHECKS),
            status == LESSON_FAILED ? " -- " : "",
            status == LESSON_FAILED ? s_msg (&run, MSG_LESSON_FAILED) : "");

    //  Progress: finished when it ended with every check passed.
    const lesson_meta_t *meta = lesson_meta (run.lesson);
    if (meta && meta->id) {
        char *warning = NULL;
        progress_t *progress = progress_load (&warning);
        if (warning)
            fprintf (stderr, "zmqlab: %s: %s\n", s_msg (&run, MSG_PROGRESS_BAD), warning);
        free (warning);
        if (progress) {
            progress_record (progress, meta->id, result == RUNNER_PASSED,
                             lesson_step (run.lesson));
            progress_reach (progress, meta->id, lesson_section (run.lesson),
                            lesson_sections (run.lesson));
            char *save_error = NULL;
            if (progress_save (progress, &save_error) != 0)
                fprintf (stderr, "zmqlab: %s: %s\n", s_msg (&run, MSG_CANNOT_SAVE_PROGRESS),
                         save_error ? save_error : "");
            free (save_error);
            progress_destroy (&progress);
        }
    }
    lesson_destroy (&run.lesson);
    lab_destroy (&run.lab);
    fflush (stdout);
    return result;
}

//  The exercise's state in the progress file: passed or failing.
static void
s_record_exercise (run_t *run, const char *id, bool passed)
{
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        fprintf (stderr, "zmqlab: %s: %s\n", s_msg (run, MSG_PROGRESS_BAD), warning);
    free (warning);
    if (!progress)
        return;
    progress_exercise_record (progress, id, passed ? EXERCISE_PASSED : EXERCISE_FAILING);
    char *save_error = NULL;
    if (progress_save (progress, &save_error) != 0)
        fprintf (stderr, "zmqlab: %s: %s\n", s_msg (run, MSG_CANNOT_SAVE_PROGRESS),
                 save_error ? save_error : "");
    free (save_error);
    progress_destroy (&progress);
}

int
runner_exercise (const char *exercise_dir, const char *student_file, bool record,
                 const runner_options_t *options)
{
    run_t run = { .options = options, .lang = options->lang, .exercise = true };
    run.lab = lab_new (options->actors_dir);
    if (!run.lab) {
        fprintf (stderr, "zmqlab: %s\n", i18n_msg (options->lang, MSG_NO_LAB));
        return RUNNER_FAILED;
    }
    lab_set_outside (run.lab, &options->outside);
    lab_set_speed (run.lab, options->speed);
    char *error = NULL;
    run.lesson = options->exercise_outside
               ? lesson_open_exercise_outside (exercise_dir, run.lab, options->lang,
                                               options->timeout, options->port, &error)
               : lesson_open_exercise (exercise_dir, student_file, run.lab, options->lang,
                                       &error);
    if (!run.lesson) {
        printf ("%s%s%s\n", s_msg (&run, MSG_ERROR), s_colon (&run),
                error ? error : student_file ? student_file : exercise_dir);
        free (error);
        lab_destroy (&run.lab);
        return RUNNER_FAILED;
    }
    int result = s_drive (&run, exercise_dir);
    lesson_status_t status = lesson_status (run.lesson);
    s_drain_items (&run);
    if (s_check_law (&run) > 0)
        result = result == RUNNER_PASSED ? RUNNER_FAILED : result;
    int passed = lesson_checks_passed (run.lesson);
    int failed = lesson_checks_failed (run.lesson);
    if (status == LESSON_FAILED || failed > 0 || passed == 0)
        result = result == RUNNER_PASSED ? RUNNER_FAILED : result;
    printf ("\n");
    int skipped = lesson_checks_skipped (run.lesson);
    i18n_print (stdout, run.lang, MSG_CHECKS_OF, passed, passed + failed + skipped);
    if (skipped)
        i18n_print (stdout, run.lang, MSG_CHECKS_SKIPPED, skipped);
    printf ("\n\n");
    //  Only the student's own copy counts as their progress.
    const lesson_meta_t *meta = lesson_meta (run.lesson);
    if (record && student_file && meta && meta->id && result != RUNNER_INTERRUPTED)
        s_record_exercise (&run, meta->id, result == RUNNER_PASSED);
    lesson_destroy (&run.lesson);
    lab_destroy (&run.lab);
    fflush (stdout);
    return result;
}

static void
s_sandbox_help (const run_t *run)
{
    fputs (s_msg (run, MSG_SANDBOX_HELP), stdout);
}

//  Runs one command, or a script's text (SCRIPT its path), to its end.
//  RUNNER_FAILED when it did not compile, stopped with an error or a
//  check of it failed.
static int
s_sandbox_command (run_t *run, const char *code, const char *script)
{
    char *error = NULL;
    int failed_before = lesson_checks_failed (run->lesson);
    if ((script ? lesson_eval_script (run->lesson, code, script, &error)
                : lesson_eval (run->lesson, code, &error)) != 0) {
        printf ("  %s: %s\n", s_msg (run, MSG_ERROR), error ? error : "?");
        free (error);
        return RUNNER_FAILED;
    }
    int result = s_drive (run, "sandbox");
    if (result == RUNNER_PASSED
    &&  (lesson_status (run->lesson) == LESSON_FAILED
         || lesson_checks_failed (run->lesson) > failed_before))
        result = RUNNER_FAILED;
    return result;
}

int
runner_sandbox (const char *script, const runner_options_t *options)
{
    //  poll() watches the fd: stdio must not hold lines back in its buffer.
    setvbuf (stdin, NULL, _IONBF, 0);
    run_t run = { .options = options, .lang = options->lang };
    run.lab = lab_new (options->actors_dir);
    if (run.lab)
        lab_set_outside (run.lab, &options->outside);
    char *error = NULL;
    run.lesson = run.lab ? lesson_open_sandbox (run.lab, options->lang, &error) : NULL;
    if (!run.lesson) {
        fprintf (stderr, "zmqlab: %s\n", error ? error : i18n_msg (options->lang, MSG_NO_LAB));
        free (error);
        lab_destroy (&run.lab);
        return RUNNER_FAILED;
    }
    lab_set_speed (run.lab, options->speed);
    s_sandbox_help (&run);
    int result = RUNNER_PASSED;
    //  A script that cannot be read, does not compile, stops with an error
    //  or fails a check makes the exit status 1 (the commands typed after
    //  it do not).
    bool script_failed = false;
    if (script) {
        char *text = script_read (script);
        if (!text && errno == EFBIG) {
            printf ("  %s: ", s_msg (&run, MSG_ERROR));
            i18n_print (stdout, run.lang, MSG_SCRIPT_TOO_LARGE, script, SCRIPT_MAX >> 10);
            printf ("\n");
        }
        else
        if (!text)
            printf ("  %s: %s: %s (%s)\n", s_msg (&run, MSG_ERROR), script,
                    s_msg (&run, MSG_CANNOT_READ), strerror (errno));
        else
            result = s_sandbox_command (&run, text, script);
        script_failed = !text || result == RUNNER_FAILED;
        free (text);
    }
    while (result != RUNNER_INTERRUPTED) {
        printf ("zmqlab> ");
        char *line = s_read_line (&run);
        if (!line) {
            printf ("\n");
            break;
        }
        if (strcmp (line, "quit") == 0 || strcmp (line, "exit") == 0) {
            free (line);
            break;
        }
        if (strcmp (line, "help") == 0)
            s_sandbox_help (&run);
        else
        if (strcmp (line, "stats") == 0)
            s_print_stats (&run);
        else
        if (line [0])
            result = s_sandbox_command (&run, line, NULL);
        free (line);
    }
    bool lawful = s_check_law (&run) == 0;
    lesson_destroy (&run.lesson);
    lab_destroy (&run.lab);
    if (result == RUNNER_INTERRUPTED)
        return RUNNER_INTERRUPTED;
    return lawful && !script_failed ? RUNNER_PASSED : RUNNER_FAILED;
}
