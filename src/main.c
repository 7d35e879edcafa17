/*  main.c — zmqlab's command line. Wires the layers together: the engine
    (lab), the lesson runtime, and the front ends (the headless or plain
    interactive runner, the demo).

    SIGINT and SIGTERM are blocked before any lab starts its threads, so no
    actor is interrupted by them; the main loop picks them up between waits.
*/
#define _GNU_SOURCE
#include "cli/demo.h"
#include "cli/exercise_cli.h"
#include "cli/runner.h"
#include "cli/session.h"
#include "cli/watchdog.h"
#include "engine/lab.h"
#include "lesson/catalog.h"
#include "lesson/exercises.h"
#include "lesson/lesson.h"
#include "lesson/lint.h"
#include "lesson/progress.h"

#include <lua.h>
#include <zmq.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  The version is defined once, in the Makefile (VERSION), which passes it here.
#ifndef ZMQLAB_VERSION
#   error "ZMQLAB_VERSION is not defined: build zmqlab with make"
#endif

enum { EXIT_USAGE = 2, EXIT_INTERRUPTED = 130, LESSON_TIMEOUT = 600 };

typedef enum { MODE_MENU, MODE_LESSON, MODE_HEADLESS, MODE_LIST, MODE_CHECK,
               MODE_DEMO, MODE_SANDBOX, MODE_EXERCISE } mode_t_;

//  What the command line asked for.
typedef struct {
    mode_t_ mode;
    const char *demo;               //  --demo PATTERN
    double seconds;                 //  --seconds (demo)
    double speed;                   //  --speed
    double timeout;                 //  --timeout (headless, per lesson)
    bool all;                       //  --all
    bool verbose;                   //  --verbose
    const char *lessons;            //  --lessons DIR
    lab_outside_t outside;          //  --listen, --max-msg-size, --max-peers
    int from_section;               //  --from-section N (1-based); 0: the first
    const char *exercise;           //  --exercise ID
    bool exercises;                 //  --exercises
    const char *workspace;          //  --workspace DIR
    const char *solution;           //  --solution FILE
    bool headless;                  //  --headless (with --exercise or --exercises)
    bool exercise_outside;          //  --outside: an outside program is checked
    int port;                       //  --port (with --outside), 0: the exercise's
    i18n_lang_t lang;
    char **args;                    //  lessons or files
    int n_args;
} options_t;

static void
s_usage (FILE *out, i18n_lang_t lang)
{
    fputs (i18n_msg (lang, MSG_USAGE), out);
}

//  WHAT is the value at fault, quoted ('' when empty); NULL when the
//  message says it all.
static int
s_usage_error (i18n_lang_t lang, msg_id_t message, const char *what)
{
    if (what)
        i18n_print (stderr, lang, MSG_USAGE_ERROR, i18n_msg (lang, message), what);
    else
        i18n_print (stderr, lang, MSG_USAGE_ERROR_ALONE, i18n_msg (lang, message));
    return EXIT_USAGE;
}

static int
s_parse_number (const char *text, double min, double max, double *value)
{
    char *end;
    errno = 0;
    double number = strtod (text, &end);
    if (errno || end == text || *end || !isfinite (number) || number < min || number > max)
        return -1;
    *value = number;
    return 0;
}

//  Fills OPTIONS. Returns -1 to go on, or the exit status to end with.
static int
s_parse_args (int argc, char **argv, options_t *options)
{
    *options = (options_t) { .mode = MODE_MENU, .speed = 1, .timeout = LESSON_TIMEOUT,
                             .lang = i18n_from_environment () };
    options->args = calloc ((size_t) argc + 1, sizeof *options->args);
    if (!options->args)
        return 1;
    //  --lang first, so every message after it is in that language.
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp (argv [i], "--lang") == 0 && i18n_parse (argv [i + 1], &options->lang) != 0)
            return s_usage_error (options->lang, MSG_LANG_BAD, argv [i + 1]);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv [i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0) {
            s_usage (stdout, options->lang);
            return 0;
        }
        if (strcmp (arg, "--version") == 0 || strcmp (arg, "-V") == 0) {
            int major, minor, patch;
            zmq_version (&major, &minor, &patch);
            printf ("zmqlab %s\nlibzmq %d.%d.%d, %s\n", ZMQLAB_VERSION, major, minor, patch,
                    LUA_RELEASE);
            return 0;
        }
        if (strcmp (arg, "--headless") == 0) {
            options->mode = MODE_HEADLESS;
            options->headless = true;
            continue;
        }
        if (strcmp (arg, "--exercises") == 0) { options->exercises = true; continue; }
        if (strcmp (arg, "--outside") == 0) { options->exercise_outside = true; continue; }
        if (strcmp (arg, "--list") == 0) { options->mode = MODE_LIST; continue; }
        if (strcmp (arg, "--check") == 0) { options->mode = MODE_CHECK; continue; }
        if (strcmp (arg, "--sandbox") == 0) { options->mode = MODE_SANDBOX; continue; }
        if (strcmp (arg, "--all") == 0) { options->all = true; continue; }
        if (strcmp (arg, "--verbose") == 0) { options->verbose = true; continue; }
        if (arg [0] == '-' && arg [1]) {
            bool takes_value = strcmp (arg, "--demo") == 0 || strcmp (arg, "--seconds") == 0
                            || strcmp (arg, "--speed") == 0 || strcmp (arg, "--lang") == 0
                            || strcmp (arg, "--timeout") == 0 || strcmp (arg, "--listen") == 0
                            || strcmp (arg, "--max-msg-size") == 0
                            || strcmp (arg, "--max-peers") == 0
                            || strcmp (arg, "--from-section") == 0
                            || strcmp (arg, "--lessons") == 0
                            || strcmp (arg, "--exercise") == 0
                            || strcmp (arg, "--workspace") == 0
                            || strcmp (arg, "--solution") == 0
                            || strcmp (arg, "--port") == 0;
            if (!takes_value)
                return s_usage_error (options->lang, MSG_UNKNOWN_OPTION, arg);
            if (i + 1 >= argc)
                return s_usage_error (options->lang, MSG_MISSING_VALUE, arg);
            const char *value = argv [++i];
            if (strcmp (arg, "--demo") == 0) {
                if (!demo_known (value))
                    return s_usage_error (options->lang, MSG_DEMO_BAD, value);
                options->mode = MODE_DEMO;
                options->demo = value;
            }
            else
            if (strcmp (arg, "--seconds") == 0) {
                if (s_parse_number (value, 0.1, 86400, &options->seconds))
                    return s_usage_error (options->lang, MSG_SECONDS_BAD, value);
            }
            else
            if (strcmp (arg, "--speed") == 0) {
                if (s_parse_number (value, 0.01, 1000, &options->speed))
                    return s_usage_error (options->lang, MSG_SPEED_BAD, value);
            }
            else
            if (strcmp (arg, "--timeout") == 0) {
                if (s_parse_number (value, 1, 86400, &options->timeout))
                    return s_usage_error (options->lang, MSG_TIMEOUT_BAD, value);
            }
            else
            if (strcmp (arg, "--listen") == 0) {
                if (!*value || !lab_listen_valid (value))
                    return s_usage_error (options->lang, MSG_LISTEN_BAD, value);
                options->outside.listen = value;
            }
            else
            if (strcmp (arg, "--max-msg-size") == 0) {
                double bytes;
                if (s_parse_number (value, -1, 1 << 30, &bytes) || bytes != (int64_t) bytes
                ||  (bytes < 1 && bytes != -1))
                    return s_usage_error (options->lang, MSG_MAX_MSG_SIZE_BAD, value);
                options->outside.max_msg_size = (int64_t) bytes;
            }
            else
            if (strcmp (arg, "--from-section") == 0) {
                double section;
                if (s_parse_number (value, 1, 1000, &section) || section != (int) section)
                    return s_usage_error (options->lang, MSG_FROM_SECTION_BAD, value);
                options->from_section = (int) section;
            }
            else
            if (strcmp (arg, "--lessons") == 0) {
                if (!*value)
                    return s_usage_error (options->lang, MSG_LESSONS_DIR_BAD, value);
                options->lessons = value;
            }
            else
            if (strcmp (arg, "--exercise") == 0) {
                if (!*value)
                    return s_usage_error (options->lang, MSG_EXERCISE_WANTS_ID, value);
                options->exercise = value;
            }
            else
            if (strcmp (arg, "--workspace") == 0) {
                if (!*value)
                    return s_usage_error (options->lang, MSG_WORKSPACE_WANTS_DIR, value);
                options->workspace = value;
            }
            else
            if (strcmp (arg, "--solution") == 0) {
                if (!*value)
                    return s_usage_error (options->lang, MSG_SOLUTION_WANTS_FILE, value);
                options->solution = value;
            }
            else
            if (strcmp (arg, "--port") == 0) {
                double port;
                if (s_parse_number (value, 1, 65535, &port) || port != (int) port)
                    return s_usage_error (options->lang, MSG_PORT_BAD, value);
                options->port = (int) port;
            }
            else
            if (strcmp (arg, "--max-peers") == 0) {
                double peers;
                if (s_parse_number (value, 1, LAB_MAX_PEERS_LIMIT, &peers) || peers != (int) peers)
                    return s_usage_error (options->lang, MSG_MAX_PEERS_BAD, value);
                options->outside.max_peers = (int) peers;
            }
            continue;
        }
        options->args [options->n_args++] = argv [i];
    }
    //  Exercises: --exercise ID or --exercises, headless or not.
    if (options->exercise || options->exercises) {
        if (options->n_args > 0 || options->all
        ||  (options->mode != MODE_MENU && options->mode != MODE_HEADLESS))
            return s_usage_error (options->lang, MSG_EXERCISE_ALONE, NULL);
        if (options->exercise && options->exercises)
            return s_usage_error (options->lang, MSG_EXERCISE_ONE_OR_ALL, NULL);
        if (options->solution && !options->exercise)
            return s_usage_error (options->lang, MSG_SOLUTION_NEEDS_EXERCISE, NULL);
        if ((options->exercise_outside && (options->exercises || options->solution))
        ||  (options->port && !options->exercise_outside))
            return s_usage_error (options->lang, MSG_OUTSIDE_NEEDS_EXERCISE, NULL);
        //  --outside talks as text, on a terminal too: what to start and
        //  when, each check as it ends (the view does not drive an outside
        //  program).
        if (options->exercise_outside)
            options->headless = true;
        options->mode = MODE_EXERCISE;
        return -1;
    }
    if (options->solution || options->workspace)
        return s_usage_error (options->lang, MSG_SOLUTION_NEEDS_EXERCISE, NULL);
    if (options->exercise_outside || options->port)
        return s_usage_error (options->lang, MSG_OUTSIDE_NEEDS_EXERCISE, NULL);
    if (options->mode == MODE_MENU && options->n_args > 0)
        options->mode = MODE_LESSON;
    if (options->mode == MODE_HEADLESS && !options->all && options->n_args == 0)
        return s_usage_error (options->lang, MSG_HEADLESS_WANTS, NULL);
    if (options->mode == MODE_CHECK && !options->all && options->n_args == 0)
        return s_usage_error (options->lang, MSG_CHECK_WANTS, NULL);
    return -1;
}

static bool
s_is_dir (const char *path)
{
    struct stat info;
    return stat (path, &info) == 0 && S_ISDIR (info.st_mode);
}

//  A lessons directory is a directory with lessons (NN-name.lua) or
//  behaviours (actors/) in it: anything else named by the user is a mistake
//  worth a message, not an empty menu.
static bool
s_lessons_valid (const char *dir)
{
    if (!s_is_dir (dir))
        return false;
    char *actors;
    if (asprintf (&actors, "%s/actors", dir) < 0)
        return false;
    bool valid = s_is_dir (actors);
    free (actors);
    if (!valid) {
        catalog_t *catalog = catalog_load (dir, LANG_EN);
        valid = catalog && catalog->n > 0;
        catalog_destroy (&catalog);
    }
    return valid;
}

//  The directory this executable is in (from /proc/self/exe, else from
//  ARGV0 when it names a path), or NULL. The caller frees the result.
static char *
s_exe_dir (const char *argv0)
{
    char *exe = realpath ("/proc/self/exe", NULL);
    if (!exe && argv0 && strchr (argv0, '/'))
        exe = realpath (argv0, NULL);
    char *slash = exe ? strrchr (exe, '/') : NULL;
    if (!slash) {
        free (exe);
        return NULL;
    }
    slash [slash == exe] = 0;           //  "/zmqlab" is in "/"
    return exe;
}

//  Where the lessons are: --lessons DIR, else $ZMQLAB_LESSONS, else found
//  relative to the executable, so the same binary works in the source tree
//  and installed under any prefix: lessons/ beside it (./zmqlab in the
//  source tree), ../share/zmqlab/lessons (PREFIX/bin/zmqlab), ../../lessons
//  (build/<sanitizer>/zmqlab in the source tree). NULL, after saying why,
//  when there are none. The caller frees the result.
static char *
s_lessons_dir (const char *option, const char *argv0, i18n_lang_t lang)
{
    const char *env = getenv ("ZMQLAB_LESSONS");
    const char *given = option ? option : env && *env ? env : NULL;
    if (given) {
        if (s_lessons_valid (given))
            return strdup (given);
        const char *what = option ? "--lessons " : "ZMQLAB_LESSONS=";
        if (!s_is_dir (given))
            i18n_print (stderr, lang, MSG_LESSONS_NO_DIR, what, given);
        else
            i18n_print (stderr, lang, MSG_LESSONS_EMPTY_DIR, what, given);
        return NULL;
    }
    static const char *beside [] = { "lessons", "../share/zmqlab/lessons", "../../lessons" };
    char *exe_dir = s_exe_dir (argv0);
    for (size_t i = 0; exe_dir && i < sizeof beside / sizeof *beside; i++) {
        char *path;
        if (asprintf (&path, "%s/%s", exe_dir, beside [i]) < 0)
            break;
        char *real = s_lessons_valid (path) ? realpath (path, NULL) : NULL;
        free (path);
        if (real) {
            free (exe_dir);
            return real;
        }
    }
    i18n_print (stderr, lang, MSG_LESSONS_NOT_FOUND, exe_dir ? exe_dir : "zmqlab");
    free (exe_dir);
    return NULL;
}

//  Behaviours: $ZMQLAB_ACTORS, else the lessons' actors/.
static char *
s_actors_dir (const char *lessons_dir)
{
    const char *env = getenv ("ZMQLAB_ACTORS");
    char *path = NULL;
    if (env && *env)
        path = strdup (env);
    else
    if (asprintf (&path, "%s/actors", lessons_dir) < 0)
        path = NULL;
    return path;
}

//  A lesson named on the command line: an existing file, else a number or
//  id in the catalog. NULL (after saying why) when there is none.
static const char *
s_resolve (const catalog_t *catalog, const char *query, i18n_lang_t lang)
{
    if (access (query, R_OK) == 0 && !s_is_dir (query))
        return query;
    const catalog_entry_t *entry = catalog_find (catalog, query);
    if (entry)
        return entry->path;
    fprintf (stderr, "zmqlab: %s: '%s'\n", i18n_msg (lang, MSG_NO_LESSON), query);
    return NULL;
}

static int
s_list (const catalog_t *catalog, i18n_lang_t lang)
{
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        fprintf (stderr, "zmqlab: %s: %s\n", i18n_msg (lang, MSG_PROGRESS_BAD), warning);
    free (warning);
    for (size_t i = 0; i < catalog->n; i++) {
        const catalog_entry_t *entry = &catalog->entries [i];
        if (entry->error) {
            printf ("%2d  %-20s %s\n", entry->number, "?", entry->error);
            continue;
        }
        bool finished = progress && progress_finished (progress, entry->meta.id);
        //  How far the learner got: "3/5" sections, when known.
        int section = progress ? progress_section (progress, entry->meta.id) : 0;
        int sections = progress ? progress_sections (progress, entry->meta.id) : 0;
        char reached [24] = "";
        if (sections > 1)
            snprintf (reached, sizeof reached, "%d/%d", finished ? sections : section, sections);
        printf ("%2d  %-20s %-12s %-5s %s  %s\n", entry->number, entry->meta.id,
                entry->meta.level ? entry->meta.level : "", reached,
                finished ? "\u2713" : " ", entry->meta.title);
    }
    progress_destroy (&progress);
    return 0;
}

//  An exercise to --check: its folder, or its exercise.lua. The folder
//  (caller frees), or NULL for a lesson file.
static char *
s_exercise_folder (const char *path)
{
    char *folder = NULL;
    size_t len = strlen (path);
    if (len >= 12 && strcmp (path + len - 12, "exercise.lua") == 0
    &&  (len == 12 || path [len - 13] == '/'))
        folder = len == 12 ? strdup (".") : strndup (path, len - 13);
    else
    if (s_is_dir (path))
        folder = strdup (path);
    return folder;
}

//  --check: a dry run of each file (or exercise folder); every problem as
//  "file:line: message".
static int
s_check (char **files, int n, i18n_lang_t lang, const char *actors_dir)
{
    int problems = 0;
    for (int i = 0; i < n; i++) {
        char *error = NULL;
        char *exercise = s_exercise_folder (files [i]);
        lesson_t *lesson = exercise ? lesson_open_exercise_dry (exercise, lang, actors_dir, &error)
                                    : lesson_open_dry (files [i], lang, actors_dir, &error);
        free (exercise);
        if (!lesson) {
            printf ("%s\n", error ? error : files [i]);
            free (error);
            problems++;
            continue;
        }
        //  A dry run never waits, but an exercise's check that raised hands
        //  over to the next check through one more run.
        lesson_status_t status = lesson_run (lesson);
        for (int runs = 0; status == LESSON_WAITING && runs < 1000; runs++)
            status = lesson_run (lesson);
        lesson_item_t item;
        while (lesson_take_item (lesson, &item)) {
            if (item.kind == ITEM_ERROR) {
                printf ("%s\n", item.text);
                if (item.detail)
                    printf ("  %s: %s\n", i18n_msg (lang, MSG_HINT), item.detail);
                problems++;
            }
            lesson_item_clear (&item);
        }
        if (status == LESSON_DONE && !lesson_meta (lesson)) {
            printf ("%s:1: %s\n", files [i], i18n_msg (lang, MSG_HINT_META));
            problems++;
        }
        //  Warnings, not problems: does the narration give an answer away? (both languages)
        if (status == LESSON_DONE && !lesson_student_file (lesson) && !s_is_dir (files [i])
        &&  !strstr (files [i], "exercise.lua"))
            for (int texts = 0; texts < LANG_COUNT; texts++)
                lint_file (files [i], (i18n_lang_t) texts, lang, actors_dir, stdout);
        lesson_destroy (&lesson);
    }
    printf ("%d %s, %d %s\n", n, i18n_msg (lang, n == 1 ? MSG_FILE : MSG_FILES),
            problems, i18n_msg (lang, problems == 1 ? MSG_PROBLEM : MSG_PROBLEMS));
    return problems ? 1 : 0;
}

static int
s_run_lessons (const options_t *options, const catalog_t *catalog, const char *actors_dir,
               const sigset_t *signals, bool interactive)
{
    runner_options_t run = { .lang = options->lang, .speed = options->speed,
                             .interactive = interactive, .verbose = options->verbose,
                             .timeout = options->timeout, .actors_dir = actors_dir,
                             .from_section = options->from_section,
                             .signals = signals, .outside = options->outside };
    int failed = 0, total = 0;
    if (options->all)
        for (size_t i = 0; i < catalog->n; i++) {
            const catalog_entry_t *entry = &catalog->entries [i];
            if (entry->meta.needs) {
                //  Nobody would start the outside program it waits for.
                i18n_print (stdout, options->lang, MSG_SKIPPED_OUTSIDE, entry->number, entry->meta.title ? entry->meta.title : "?", entry->number);
                continue;
            }
            int rc = runner_run (entry->path, &run);
            if (rc == RUNNER_INTERRUPTED)
                return EXIT_INTERRUPTED;
            failed += rc != RUNNER_PASSED;
            total++;
        }
    for (int i = 0; i < options->n_args; i++) {
        const char *path = s_resolve (catalog, options->args [i], options->lang);
        int rc = path ? runner_run (path, &run) : RUNNER_FAILED;
        if (rc == RUNNER_INTERRUPTED)
            return EXIT_INTERRUPTED;
        failed += rc != RUNNER_PASSED;
        total++;
    }
    if (total > 1)
        printf ("%d %s, %d %s\n", total - failed, i18n_msg (options->lang, MSG_LESSONS_PASSED),
                failed, i18n_msg (options->lang, MSG_LESSONS_FAILED));
    return failed ? 1 : 0;
}

//  The lesson menu without the terminal view: a numbered list and a prompt.
static int
s_menu (options_t *options, const catalog_t *catalog, const char *actors_dir,
        const sigset_t *signals)
{
    for (;;) {
        printf ("%s\n\n", i18n_msg (options->lang, MSG_MENU_TITLE));
        s_list (catalog, options->lang);
        printf ("\n%s", i18n_msg (options->lang, MSG_MENU_PROMPT));
        fflush (stdout);
        char *line = NULL;
        size_t cap = 0;
        if (getline (&line, &cap, stdin) < 0) {
            free (line);
            printf ("\n");
            return 0;
        }
        line [strcspn (line, "\n")] = 0;
        if (strcmp (line, "q") == 0 || strcmp (line, "quit") == 0) {
            free (line);
            return 0;
        }
        const catalog_entry_t *entry = catalog_find (catalog, line);
        free (line);
        if (!entry) {
            printf ("%s\n\n", i18n_msg (options->lang, MSG_NO_LESSON));
            continue;
        }
        runner_options_t run = { .lang = options->lang, .speed = options->speed,
                                 .interactive = true, .verbose = options->verbose,
                                 .timeout = options->timeout, .actors_dir = actors_dir,
                                 .signals = signals, .outside = options->outside };
        if (runner_run (entry->path, &run) == RUNNER_INTERRUPTED)
            return EXIT_INTERRUPTED;
    }
}

//  The terminal view needs a terminal on both sides; elsewhere (a pipe, a
//  script) the plain runner does.
static bool
s_terminal (void)
{
    return isatty (STDIN_FILENO) && isatty (STDOUT_FILENO) && getenv ("TERM")
        && strcmp (getenv ("TERM"), "dumb") != 0;
}

//  The exercises beside the lessons (EXERCISES_DIR: lessons/exercises),
//  listed on the menu after them.
static session_options_t
s_session_options (const options_t *options, const catalog_t *catalog,
                   const char *actors_dir, const sigset_t *signals, const char *exercises_dir)
{
    session_options_t session = { .lang = options->lang, .speed = options->speed,
                                  .actors_dir = actors_dir, .catalog = catalog,
                                  .signals = signals, .outside = options->outside,
                                  .exercises_dir = exercises_dir,
                                  .workspace = options->workspace };
    return session;
}

//  --exercise ID, --exercises, with or without --headless. Without the
//  terminal view, --exercise ID checks the student's copy once, as
//  --headless does: edit the file, run it again.
static int
s_exercise (const options_t *options, const char *lessons_dir, const char *actors_dir,
            const sigset_t *signals, const catalog_t *catalog)
{
    char *exercises_dir;
    if (asprintf (&exercises_dir, "%s/exercises", lessons_dir) < 0)
        return 1;
    exercise_cli_t cli = { .exercises_dir = exercises_dir, .workspace = options->workspace,
                           .solution = options->solution,
                           .run = { .lang = options->lang, .speed = options->speed,
                                    .verbose = options->verbose, .timeout = options->timeout,
                                    .actors_dir = actors_dir, .signals = signals,
                                    .outside = options->outside,
                                    .exercise_outside = options->exercise_outside,
                                    .port = options->port } };
    int status;
    if (options->exercises)
        status = options->headless ? exercise_cli_check_all (&cli) : exercise_cli_list (&cli);
    else
    if (!options->headless && s_terminal ()) {
        //  The terminal view: the checks, the editor, the file watched.
        char *dir = NULL, *file = NULL;
        bool created = false;
        status = 1;
        if (exercise_cli_open (&cli, options->exercise, &dir, &file, &created) == 0) {
            session_options_t session = s_session_options (options, catalog, actors_dir, signals,
                                                           exercises_dir);
            session.exercise_dir = dir;
            session.student_file = file;
            session.student_copied = created;
            status = session_run (&session);
        }
        free (dir);
        free (file);
    }
    else
        status = exercise_cli_check (&cli, options->exercise);
    free (exercises_dir);
    return status == RUNNER_INTERRUPTED ? EXIT_INTERRUPTED : status;
}

int
main (int argc, char **argv)
{
    options_t options;
    int status = s_parse_args (argc, argv, &options);
    if (status >= 0) {
        free (options.args);
        return status;
    }
    //  Blocked before any thread starts, so every actor thread inherits it.
    //  SIGWINCH too: the terminal view takes it from a signalfd, so no actor
    //  thread runs curses' handler.
    //  SIGTSTP too, for the view: it suspends itself (endwin first).
    sigset_t signals, blocked;
    sigemptyset (&signals);
    sigaddset (&signals, SIGINT);
    sigaddset (&signals, SIGTERM);
    sigaddset (&signals, SIGHUP);
    sigaddset (&signals, SIGQUIT);
    blocked = signals;
    sigaddset (&blocked, SIGWINCH);
    bool view = s_terminal () && (options.mode == MODE_MENU || options.mode == MODE_SANDBOX
                                  || (options.mode == MODE_LESSON && options.n_args == 1)
                                  || (options.mode == MODE_EXERCISE && options.exercise
                                      && !options.exercises && !options.headless));
    if (view)
        sigaddset (&blocked, SIGTSTP);
    pthread_sigmask (SIG_BLOCK, &blocked, NULL);
    //  Ctrl-C and SIGTERM end zmqlab even when what takes them is stuck.
    char *stuck = i18n_format (options.lang, MSG_STUCK, WATCHDOG_SECONDS);
    watchdog_start (&signals, stuck);
    free (stuck);

    char *lessons_dir = s_lessons_dir (options.lessons, argv [0], options.lang);
    char *actors_dir = lessons_dir ? s_actors_dir (lessons_dir) : NULL;
    catalog_t *catalog = lessons_dir ? catalog_load (lessons_dir, options.lang) : NULL;
    char *menu_exercises = NULL;        //  the view's menu lists them after the lessons
    if (lessons_dir && asprintf (&menu_exercises, "%s/exercises", lessons_dir) < 0)
        menu_exercises = NULL;
    if (!lessons_dir)
        status = 1;                     //  s_lessons_dir said why
    else
    if (!catalog && options.mode != MODE_DEMO && options.mode != MODE_CHECK) {
        i18n_print (stderr, options.lang, MSG_CANNOT_READ_LESSONS, lessons_dir);
        status = 1;
    }
    else
    switch (options.mode) {
        case MODE_DEMO:
            status = demo_run (options.demo, options.seconds, options.speed, actors_dir,
                               &signals);
            break;
        case MODE_LIST:
            status = s_list (catalog, options.lang);
            break;
        case MODE_CHECK: {
            //  The files named, then (--all) every shipped lesson and exercise.
            char *exercises_dir = NULL;
            exercises_t *exercises = NULL;
            if (options.all && asprintf (&exercises_dir, "%s/exercises", lessons_dir) > 0)
                exercises = exercises_load (exercises_dir, options.lang);
            size_t n_lessons = options.all && catalog ? catalog->n : 0;
            size_t n = (size_t) options.n_args + n_lessons + (exercises ? exercises->n : 0);
            char **files = calloc (n + 1, sizeof *files);
            if (!files) {
                status = 1;
                break;
            }
            memcpy (files, options.args, (size_t) options.n_args * sizeof *files);
            for (size_t i = 0; i < n_lessons; i++)
                files [(size_t) options.n_args + i] = catalog->entries [i].path;
            for (size_t i = 0; exercises && i < exercises->n; i++)
                files [(size_t) options.n_args + n_lessons + i] = exercises->entries [i].dir;
            status = s_check (files, (int) n, options.lang, actors_dir);
            free (files);
            exercises_destroy (&exercises);
            free (exercises_dir);
            break;
        }
        case MODE_HEADLESS:
            status = s_run_lessons (&options, catalog, actors_dir, &signals, false);
            break;
        case MODE_LESSON:
            if (options.n_args == 1 && s_terminal ()) {
                const char *path = s_resolve (catalog, options.args [0], options.lang);
                session_options_t session = s_session_options (&options, catalog, actors_dir,
                                                               &signals, menu_exercises);
                session.lesson_path = path;
                status = path ? session_run (&session) : 1;
            }
            else
                status = s_run_lessons (&options, catalog, actors_dir, &signals,
                                        isatty (STDIN_FILENO));
            break;
        case MODE_SANDBOX:
            if (s_terminal ()) {
                session_options_t session = s_session_options (&options, catalog, actors_dir,
                                                               &signals, menu_exercises);
                session.sandbox = true;
                session.script = options.n_args ? options.args [0] : NULL;
                status = session_run (&session);
                break;
            }
            {
            runner_options_t run = { .lang = options.lang, .speed = options.speed,
                                     .interactive = true, .verbose = options.verbose,
                                     .timeout = options.timeout, .actors_dir = actors_dir,
                                     .signals = &signals, .outside = options.outside };
            status = runner_sandbox (options.n_args ? options.args [0] : NULL, &run);
            break;
        }
        case MODE_EXERCISE:
            status = s_exercise (&options, lessons_dir, actors_dir, &signals, catalog);
            break;
        case MODE_MENU:
            if (s_terminal ()) {
                session_options_t session = s_session_options (&options, catalog, actors_dir,
                                                               &signals, menu_exercises);
                status = session_run (&session);
            }
            else
                status = s_menu (&options, catalog, actors_dir, &signals);
            break;
    }
    if (status == EXIT_INTERRUPTED)
        fputs (i18n_msg (options.lang, MSG_INTERRUPTED), stderr);
    catalog_destroy (&catalog);
    free (menu_exercises);
    free (actors_dir);
    free (lessons_dir);
    free (options.args);
    watchdog_stop ();
    return status;
}
