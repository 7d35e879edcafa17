/*  test_workspace.c — the student's exercise files: where the workspace is
    (--workspace, XDG_DATA_HOME, HOME), the template copied once and never
    overwritten, clear errors for bad places and bad ids; the exercise
    states in the progress file (and the keyed lines of other kinds it
    keeps); the exercises catalog.

    Each test has a fresh temporary directory and restores the environment
    variables it changes.
*/
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lesson/exercises.h"
#include "lesson/progress.h"
#include "lesson/workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char dir [64];
    char *saved [3];            //  XDG_DATA_HOME, HOME, XDG_STATE_HOME
} fx_t;

static const char *s_vars [] = { "XDG_DATA_HOME", "HOME", "XDG_STATE_HOME" };

static int
s_setup (void **state)
{
    fx_t *fx = calloc (1, sizeof *fx);
    snprintf (fx->dir, sizeof fx->dir, "/tmp/zmqlab-test-ws-XXXXXX");
    if (!mkdtemp (fx->dir))
        return -1;
    for (int i = 0; i < 3; i++) {
        const char *value = getenv (s_vars [i]);
        fx->saved [i] = value ? strdup (value) : NULL;
    }
    char state_dir [128];
    snprintf (state_dir, sizeof state_dir, "%s/state", fx->dir);
    setenv ("XDG_STATE_HOME", state_dir, 1);
    *state = fx;
    return 0;
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    char command [256];
    snprintf (command, sizeof command, "chmod -R u+w %s; rm -rf %s", fx->dir, fx->dir);
    if (system (command) != 0)
        return -1;
    for (int i = 0; i < 3; i++) {
        if (fx->saved [i])
            setenv (s_vars [i], fx->saved [i], 1);
        else
            unsetenv (s_vars [i]);
        free (fx->saved [i]);
    }
    free (fx);
    return 0;
}

static char *
s_path (fx_t *fx, const char *name)
{
    char *path;
    assert_true (asprintf (&path, "%s/%s", fx->dir, name) > 0);
    return path;
}

static void
s_write (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    assert_non_null (file);
    fputs (text, file);
    assert_int_equal (fclose (file), 0);
}

static char *
s_read (const char *path)
{
    FILE *file = fopen (path, "r");
    assert_non_null (file);
    static char buffer [4096];
    size_t n = fread (buffer, 1, sizeof buffer - 1, file);
    buffer [n] = 0;
    fclose (file);
    return buffer;
}

//  --- where ----------------------------------------------------------------------

static void
test_workspace_dir (void **state)
{
    (void) state;
    setenv ("XDG_DATA_HOME", "/data", 1);
    setenv ("HOME", "/home/learner", 1);
    char *dir = workspace_dir ("my/place");
    assert_string_equal (dir, "my/place");
    free (dir);
    dir = workspace_dir (NULL);
    assert_string_equal (dir, "/data/zmqlab/exercises");
    free (dir);
    setenv ("XDG_DATA_HOME", "", 1);        //  empty: as if unset
    dir = workspace_dir (NULL);
    assert_string_equal (dir, "/home/learner/.local/share/zmqlab/exercises");
    free (dir);
    unsetenv ("XDG_DATA_HOME");
    unsetenv ("HOME");
    assert_null (workspace_dir (NULL));
    //  Nowhere to put it: said, not a crash.
    bool created = true;
    char *error = NULL;
    assert_null (workspace_open (NULL, "rep-server", "template.lua", LANG_EN, &created, &error));
    assert_non_null (error);
    assert_non_null (strstr (error, "--workspace"));
    free (error);
}

//  --- copy once -----------------------------------------------------------------

static void
test_workspace_copy_once (void **state)
{
    fx_t *fx = *state;
    char *template = s_path (fx, "template.lua");
    s_write (template, "-- the template\nlocal s = zmq.socket(\"REP\")\n");
    //  Parents missing: made.
    char *ws = s_path (fx, "deep/er/workspace");
    bool created = false;
    char *error = NULL;
    char *file = workspace_open (ws, "rep-server", template, LANG_EN, &created, &error);
    assert_null (error);
    assert_non_null (file);
    assert_true (created);
    char expected [256];
    snprintf (expected, sizeof expected, "%s/rep-server.lua", ws);
    assert_string_equal (file, expected);
    assert_string_equal (s_read (file), "-- the template\nlocal s = zmq.socket(\"REP\")\n");
    assert_true (workspace_started (ws, "rep-server"));
    assert_false (workspace_started (ws, "req-client"));

    //  The student edits it: opening again leaves it as it is.
    s_write (file, "-- mine now\n");
    char *again = workspace_open (ws, "rep-server", template, LANG_EN, &created, &error);
    assert_null (error);
    assert_string_equal (again, file);
    assert_false (created);
    assert_string_equal (s_read (file), "-- mine now\n");
    //  Even when the template changes.
    s_write (template, "-- a newer template\n");
    free (again);
    again = workspace_open (ws, "rep-server", template, LANG_EN, &created, &error);
    assert_false (created);
    assert_string_equal (s_read (file), "-- mine now\n");
    //  An empty file is the student's too.
    s_write (file, "");
    free (again);
    again = workspace_open (ws, "rep-server", template, LANG_EN, &created, &error);
    assert_false (created);
    assert_string_equal (s_read (file), "");
    free (again);
    free (file);
    free (ws);
    free (template);
}

//  --- bad places, bad ids ----------------------------------------------------------

static void
s_expect_refused (const char *dir, const char *id, const char *template, const char *words)
{
    bool created = true;
    char *error = NULL;
    char *file = workspace_open (dir, id, template, LANG_EN, &created, &error);
    if (file)
        fail_msg ("workspace_open (%s, %s) should fail, gave %s", dir, id, file);
    assert_false (created);
    assert_non_null (error);
    if (!strstr (error, words))
        fail_msg ("error \"%s\" does not say \"%s\"", error, words);
    free (error);
}

static void
test_workspace_bad (void **state)
{
    fx_t *fx = *state;
    char *template = s_path (fx, "template.lua");
    s_write (template, "-- template\n");
    char *ws = s_path (fx, "ws");
    //  Ids that would leave the workspace, or are no ids.
    s_expect_refused (ws, "../escape", template, "not an exercise id");
    s_expect_refused (ws, "a/b", template, "not an exercise id");
    s_expect_refused (ws, "..", template, "not an exercise id");
    s_expect_refused (ws, "", template, "not an exercise id");
    assert_null (workspace_file (ws, "../x"));
    //  Nothing was made on the way.
    struct stat info;
    assert_int_equal (stat (ws, &info), -1);

    //  A file where the workspace should be.
    char *plain = s_path (fx, "plain");
    s_write (plain, "x");
    s_expect_refused (plain, "rep-server", template, "not a directory");
    //  Below a file: cannot be made.
    char *below = s_path (fx, "plain/ws");
    s_expect_refused (below, "rep-server", template, "cannot create the workspace");
    //  A directory where the student's file should be.
    assert_int_equal (mkdir (ws, 0700), 0);
    char *taken = s_path (fx, "ws/rep-server.lua");
    assert_int_equal (mkdir (taken, 0700), 0);
    s_expect_refused (ws, "rep-server", template, "not a file");
    //  No template.
    char *missing = s_path (fx, "missing.lua");
    s_expect_refused (ws, "req-client", missing, "cannot read the exercise's template");
    assert_false (workspace_started (ws, "req-client"));
    //  Unwritable (root writes anyway: nothing to refuse there).
    if (geteuid () != 0) {
        char *locked = s_path (fx, "locked");
        assert_int_equal (mkdir (locked, 0500), 0);
        s_expect_refused (locked, "rep-server", template, "cannot write your copy");
        free (locked);
    }
    //  In Chinese too.
    bool created;
    char *error = NULL;
    assert_null (workspace_open (plain, "rep-server", template, LANG_ZH, &created, &error));
    assert_non_null (strstr (error, "不是目录"));
    free (error);
    free (missing);
    free (taken);
    free (below);
    free (plain);
    free (ws);
    free (template);
}

//  --- progress: exercise states -----------------------------------------------------

static void
test_progress_exercises (void **state)
{
    fx_t *fx = *state;
    char *warning = NULL, *error = NULL;
    progress_t *progress = progress_load (&warning);
    assert_null (warning);
    assert_int_equal (progress_exercise (progress, "rep-server"), EXERCISE_NOT_STARTED);
    progress_exercise_record (progress, "rep-server", EXERCISE_FAILING);
    progress_exercise_record (progress, "req-client", EXERCISE_PASSED);
    progress_exercise_record (progress, "rep-server", EXERCISE_PASSED);
    progress_exercise_record (progress, "Bad Id!", EXERCISE_PASSED);      //  ignored
    progress_record (progress, "request-reply", true, 7);
    assert_int_equal (progress_save (progress, &error), 0);
    progress_destroy (&progress);

    progress = progress_load (&warning);
    assert_null (warning);
    assert_int_equal (progress_exercise (progress, "rep-server"), EXERCISE_PASSED);
    assert_int_equal (progress_exercise (progress, "req-client"), EXERCISE_PASSED);
    assert_int_equal (progress_exercise (progress, "Bad Id!"), EXERCISE_NOT_STARTED);
    assert_true (progress_finished (progress, "request-reply"));
    progress_destroy (&progress);

    //  A keyed line of a kind this version does not know survives a save.
    char *path = progress_path ();
    s_write (path, "zmqlab-progress 2\nrequest-reply 1 7 0 0\nsolution:hwm 2\n"
                   "exercise:rep-server failing\n");
    progress = progress_load (&warning);
    assert_null (warning);
    assert_int_equal (progress_exercise (progress, "rep-server"), EXERCISE_FAILING);
    progress_exercise_record (progress, "rep-server", EXERCISE_PASSED);
    assert_int_equal (progress_save (progress, &error), 0);
    progress_destroy (&progress);
    const char *text = s_read (path);
    assert_non_null (strstr (text, "\nsolution:hwm 2\n"));
    assert_non_null (strstr (text, "\nexercise:rep-server passed\n"));
    assert_non_null (strstr (text, "\nrequest-reply 1 7 0 0\n"));

    //  Damage is still damage: a bad exercise line, an unkeyed stray line.
    static const char *damaged [] = {
        "zmqlab-progress 2\nexercise:rep-server maybe\n",
        "zmqlab-progress 2\nexercise:../x passed\n",
        "zmqlab-progress 2\nexercise:rep-server passed extra\n",
        "zmqlab-progress 2\nhwm x y\n",
    };
    for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
        s_write (path, damaged [i]);
        progress = progress_load (&warning);
        if (!warning)
            fail_msg ("damaged progress not reported: %s", damaged [i]);
        free (warning);
        warning = NULL;
        assert_int_equal (progress_exercise (progress, "rep-server"), EXERCISE_NOT_STARTED);
        progress_destroy (&progress);
    }
    free (path);
    (void) fx;
}

//  --- the catalog ----------------------------------------------------------------------

static void
test_exercises_catalog (void **state)
{
    fx_t *fx = *state;
    //  The shipped ones (the tests run from the repository root).
    exercises_t *shipped = exercises_load ("lessons/exercises", LANG_EN);
    assert_non_null (shipped);
    assert_true (shipped->n >= 1);
    const exercise_entry_t *first = exercises_find (shipped, "1");
    assert_non_null (first);
    assert_ptr_equal (first, exercises_find (shipped, "01"));
    assert_ptr_equal (first, exercises_find (shipped, "rep-server"));
    assert_null (first->error);
    assert_string_equal (first->id, "rep-server");
    assert_non_null (first->title);
    assert_non_null (strstr (first->statement, "REP"));
    assert_string_equal (first->template_path, "lessons/exercises/01-rep-server/template.lua");
    assert_string_equal (first->solution_path, "lessons/exercises/01-rep-server/solution.lua");
    for (size_t i = 1; i < shipped->n; i++)
        assert_true (shipped->entries [i - 1].number < shipped->entries [i].number);
    assert_null (exercises_find (shipped, "no-such"));
    exercises_destroy (&shipped);
    assert_null (shipped);
    exercises_t *zh = exercises_load ("lessons/exercises", LANG_ZH);
    assert_non_null (strstr (exercises_find (zh, "rep-server")->title, "服务端"));
    exercises_destroy (&zh);

    //  A folder that does not load is listed with why; files and odd names are not.
    char *root = s_path (fx, "exercises");
    assert_int_equal (mkdir (root, 0700), 0);
    char *broken = s_path (fx, "exercises/02-broken");
    assert_int_equal (mkdir (broken, 0700), 0);
    char *odd = s_path (fx, "exercises/notes");
    assert_int_equal (mkdir (odd, 0700), 0);
    char *file = s_path (fx, "exercises/03-file");
    s_write (file, "x");
    char *lua = s_path (fx, "exercises/02-broken/exercise.lua");
    s_write (lua, "exercise { id = \"Bad Id\" }\n");
    exercises_t *mine = exercises_load (root, LANG_EN);
    assert_non_null (mine);
    assert_int_equal (mine->n, 1);
    assert_string_equal (mine->entries [0].id, "broken");
    assert_non_null (mine->entries [0].error);
    assert_non_null (strstr (mine->entries [0].error, "exercise.lua:1:"));
    exercises_destroy (&mine);
    assert_null (exercises_load ("no/such/dir", LANG_EN));
    free (lua);
    free (file);
    free (odd);
    free (broken);
    free (root);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_workspace_dir, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_workspace_copy_once, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_workspace_bad, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_progress_exercises, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercises_catalog, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
