/*  test_exercise.c — an exercise run on a real lab: the student's file is
    the STUDENT behaviour, its syntax error is said once, up front, with its
    real path and line, and no check runs; a runtime error in the actor
    running it reads "path:line: message" (also for a path longer than Lua
    keeps in a chunk name) and fails that check; every check runs after one
    failed, raised, or said something an exercise may not (say); each ends
    with an ITEM_CHECK; the counts are checks, not expects.

    Waiting runs the exercise in testutil.h's loop (lab_wait between rounds,
    a deadline that fails with the lab's snapshot); nothing sleeps.
*/
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#include "lesson/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    test_fixture_t lab;
    char dir [64];
    lesson_t *lesson;
    lesson_item_t items [64];
    int n_items;
} fx_t;

static int
s_setup (void **state)
{
    alarm (TEST_WATCHDOG_S);
    fx_t *fx = calloc (1, sizeof *fx);
    snprintf (fx->dir, sizeof fx->dir, "/tmp/zmqlab-test-ex-XXXXXX");
    if (!mkdtemp (fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    lesson_destroy (&fx->lesson);
    for (int i = 0; i < fx->n_items; i++)
        lesson_item_clear (&fx->items [i]);
    test_fixture_clear (&fx->lab);
    char command [128];
    snprintf (command, sizeof command, "rm -rf %s", fx->dir);
    int rc = system (command);
    free (fx);
    return rc == 0 ? 0 : -1;
}

static char *
s_write (fx_t *fx, const char *name, const char *text)
{
    char *path;
    assert_true (asprintf (&path, "%s/%s", fx->dir, name) > 0);
    //  Folders on the way.
    for (char *slash = strchr (path + strlen (fx->dir) + 1, '/'); slash;
         slash = strchr (slash + 1, '/')) {
        *slash = 0;
        mkdir (path, 0700);
        *slash = '/';
    }
    FILE *file = fopen (path, "w");
    assert_non_null (file);
    fputs (text, file);
    assert_int_equal (fclose (file), 0);
    return path;
}

//  The exercise every test uses: three checks, the second of which raises.
static const char s_exercise [] =
    "exercise { id = \"echo-server\", title = { en = \"Echo\", zh = \"回声\" },\n"
    "           statement = { en = \"Echo\", zh = \"回声\" },\n"
    "           hints = { { en = \"first\", zh = \"一\" }, { en = \"second\", zh = \"二\" } } }\n"
    "check(\"answers\", function()\n"
    "  spawn(STUDENT, { name = \"server\", bind = \"inproc://echo\" })\n"
    "  local client = spawn(\"req_client\", { name = \"client\", connect = \"inproc://echo\",\n"
    "                                        count = 2, interval = 0 })\n"
    "  wait_until(function() return client:stats().state == \"stopped\" end, 10)\n"
    "  expect(client:stats().received == 2, \"client got \" .. client:stats().received .. \" of 2\")\n"
    "end)\n"
    "check(\"raises\", function() local t = nil; return t.x end)\n"
    "check(\"plain\", function() expect(true, \"one is one\") end)\n";

static const char s_echo [] =
    "local socket = zmq.socket(\"REP\")\n"
    "assert(socket:bind(params.bind))\n"
    "while true do\n"
    "  local message = socket:recv()\n"
    "  assert(socket:send(message))\n"
    "end\n";

typedef struct {
    fx_t *fx;
    lesson_status_t status;
} run_arg_t;

static bool
s_step (void *arg)
{
    run_arg_t *run = arg;
    run->status = lesson_run (run->fx->lesson);
    lesson_item_t item;
    while (lesson_take_item (run->fx->lesson, &item)) {
        if (run->fx->n_items < 64)
            run->fx->items [run->fx->n_items++] = item;
        else
            lesson_item_clear (&item);
    }
    return run->status == LESSON_DONE || run->status == LESSON_FAILED;
}

//  Opens the exercise in DIR with STUDENT and runs it to its end; its
//  items replace any of a run before.
static lesson_status_t
s_run (fx_t *fx, const char *dir, const char *student)
{
    for (int i = 0; i < fx->n_items; i++)
        lesson_item_clear (&fx->items [i]);
    fx->n_items = 0;
    lab_t *lab = test_fixture_lab (&fx->lab);
    char *error = NULL;
    fx->lesson = lesson_open_exercise (dir, student, lab, LANG_EN, &error);
    if (!fx->lesson)
        fail_msg ("lesson_open_exercise: %s", error ? error : "?");
    run_arg_t run = { .fx = fx };
    test_poll_until (lab, s_step, &run, TEST_DEADLINE_MS, "the exercise to end");
    return run.status;
}

static int
s_count (fx_t *fx, item_kind_t kind)
{
    int n = 0;
    for (int i = 0; i < fx->n_items; i++)
        n += fx->items [i].kind == kind;
    return n;
}

//  The Nth (0-based) item of KIND, or fails.
static const lesson_item_t *
s_nth (fx_t *fx, item_kind_t kind, int nth)
{
    for (int i = 0; i < fx->n_items; i++)
        if (fx->items [i].kind == kind && nth-- == 0)
            return &fx->items [i];
    fail_msg ("no item %d of kind %d", nth, kind);
    return NULL;
}

static void
s_assert_starts (const char *text, const char *prefix)
{
    if (!text || strncmp (text, prefix, strlen (prefix)) != 0)
        fail_msg ("\"%s\" does not start with \"%s\"", text ? text : "(null)", prefix);
}

//  --- a passing file ------------------------------------------------------------------

static void
test_exercise_passes (void **state)
{
    fx_t *fx = *state;
    free (s_write (fx, "ex/exercise.lua", s_exercise));
    char *student = s_write (fx, "echo.lua", s_echo);
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    assert_string_equal (lesson_student_file (fx->lesson), student);
    const lesson_meta_t *meta = lesson_meta (fx->lesson);
    assert_string_equal (meta->id, "echo-server");
    assert_string_equal (meta->summary, "Echo");
    //  Three checks ran, each opened and closed; the raising one failed.
    assert_int_equal (s_count (fx, ITEM_SECTION), 3);
    assert_int_equal (s_count (fx, ITEM_CHECK), 3);
    const lesson_item_t *first = s_nth (fx, ITEM_CHECK, 0);
    assert_true (first->passed);
    assert_string_equal (first->text, "answers");
    assert_int_equal (first->answer, 1);
    assert_int_equal (first->total, 3);
    const lesson_item_t *second = s_nth (fx, ITEM_CHECK, 1);
    assert_false (second->passed);
    assert_int_equal (second->answer, 2);
    assert_true (s_nth (fx, ITEM_CHECK, 2)->passed);
    //  The error is the exercise's own, with its line.
    char where [128];
    snprintf (where, sizeof where, "%s/exercise.lua:11:", dir);
    s_assert_starts (s_nth (fx, ITEM_ERROR, 0)->text, where);
    assert_int_equal (lesson_checks_passed (fx->lesson), 2);
    assert_int_equal (lesson_checks_failed (fx->lesson), 1);
    assert_null (lesson_error (fx->lesson));
    //  The exercise's hints, graduated.
    bool had = false;
    assert_string_equal (lesson_next_hint (fx->lesson, &had), "first");
    assert_true (had);
    assert_string_equal (lesson_next_hint (fx->lesson, &had), "second");
    assert_null (lesson_next_hint (fx->lesson, &had));
    free (dir);
    free (student);
}

//  --- the student's syntax error: once, up front, their path and line ---------------

static void
test_exercise_syntax_error (void **state)
{
    fx_t *fx = *state;
    free (s_write (fx, "ex/exercise.lua", s_exercise));
    char *student = s_write (fx, "mine.lua", "local socket = zmq.socket(\"REP\")\n\nlocal x = = 1\n");
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    //  Once, and first after the title.
    assert_int_equal (s_count (fx, ITEM_ERROR), 1);
    assert_int_equal (fx->items [0].kind, ITEM_TITLE);
    assert_int_equal (fx->items [1].kind, ITEM_ERROR);
    char where [128];
    snprintf (where, sizeof where, "%s:3: ", student);
    s_assert_starts (fx->items [1].text, where);
    assert_non_null (strstr (fx->items [1].text, "near '='"));
    assert_int_equal (fx->items [1].line, 3);           //  for the source view
    //  No check ran (no actor was spawned); each says it did not.
    assert_int_equal (s_count (fx, ITEM_CHECK), 3);
    for (int i = 0; i < 3; i++) {
        assert_false (s_nth (fx, ITEM_CHECK, i)->passed);
        assert_non_null (s_nth (fx, ITEM_CHECK, i)->detail);
    }
    assert_int_equal (s_count (fx, ITEM_EXPECT), 0);
    assert_int_equal (lab_actor_count (fx->lab.lab), 0);
    assert_int_equal (lesson_checks_passed (fx->lesson), 0);
    assert_int_equal (lesson_checks_failed (fx->lesson), 3);
    free (dir);
    free (student);
}

//  --- the student's runtime error: their path and line, that check fails -------------

static void
s_runtime_error (fx_t *fx, const char *student_name)
{
    free (s_write (fx, "ex/exercise.lua", s_exercise));
    char *student = s_write (fx, student_name,
                             "local socket = zmq.socket(\"REP\")\n"
                             "assert(socket:bind(params.bind))\n"
                             "local message = socket:recv()\n"
                             "local n = nil\n"
                             "socket:send(message .. n)\n");
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    const lesson_item_t *first = s_nth (fx, ITEM_CHECK, 0);
    assert_false (first->passed);
    const lesson_item_t *error = s_nth (fx, ITEM_ERROR, 0);
    char where [256];
    snprintf (where, sizeof where, "%s:5: attempt to concatenate", student);
    s_assert_starts (error->text, where);
    assert_int_equal (error->line, 5);
    assert_non_null (error->detail);
    assert_non_null (strstr (error->detail, "server"));     //  which actor
    //  The checks after it still ran: the third passed.
    assert_int_equal (s_count (fx, ITEM_CHECK), 3);
    assert_true (s_nth (fx, ITEM_CHECK, 2)->passed);
    free (dir);
    free (student);
}

static void
test_exercise_runtime_error (void **state)
{
    s_runtime_error (*state, "mine.lua");
}

//  Lua keeps at most 60 characters of a chunk name ("...tail"): the error
//  still carries the whole path, for the editor to open.
static void
test_exercise_runtime_error_long_path (void **state)
{
    s_runtime_error (*state, "a-directory-with-a-long-name-so-that-lua-shortens-it/"
                             "and-another-one-below-it/my-rep-server.lua");
}

//  --- what an exercise may not do --------------------------------------------------------

static void
test_exercise_no_say (void **state)
{
    fx_t *fx = *state;
    free (s_write (fx, "ex/exercise.lua",
                   "exercise { id = \"x\", title = \"X\", statement = \"S\" }\n"
                   "check(\"talks\", function() say(\"hello\") end)\n"
                   "check(\"asks\", function() ask { q = \"?\", choices = { \"a\", \"b\" }, answer = 1 } end)\n"
                   "check(\"quiet\", function() expect(true, \"fine\") end)\n"));
    char *student = s_write (fx, "s.lua", "-- nothing\n");
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    assert_int_equal (s_count (fx, ITEM_SAY), 0);
    assert_int_equal (s_count (fx, ITEM_ASK), 0);
    assert_non_null (strstr (s_nth (fx, ITEM_ERROR, 0)->text, "say is for lessons"));
    assert_non_null (strstr (s_nth (fx, ITEM_ERROR, 1)->text, "ask is for lessons"));
    assert_int_equal (lesson_checks_passed (fx->lesson), 1);
    assert_int_equal (lesson_checks_failed (fx->lesson), 2);
    free (dir);
    free (student);
}

static void
test_exercise_bad_files (void **state)
{
    fx_t *fx = *state;
    lab_t *lab = test_fixture_lab (&fx->lab);
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    char *student = s_write (fx, "s.lua", "-- nothing\n");
    char *error = NULL;
    //  No exercise.lua.
    assert_null (lesson_open_exercise (dir, student, lab, LANG_EN, &error));
    assert_non_null (error);
    free (error);
    //  No student's file: named.
    free (s_write (fx, "ex/exercise.lua", "exercise { id = \"x\", title = \"X\", statement = \"S\" }\n"));
    assert_null (lesson_open_exercise (dir, "no/such.lua", lab, LANG_EN, &error));
    assert_non_null (strstr (error, "no/such.lua"));
    free (error);
    //  An exercise without checks fails, saying so.
    assert_int_equal (s_run (fx, dir, student), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "no check"));
    //  A lesson is not an exercise.
    lesson_t *lesson = lesson_open ("lessons/01-request-reply.lua", lab, LANG_EN, &error);
    assert_non_null (lesson);
    assert_null (lesson_student_file (lesson));
    lesson_destroy (&lesson);
    free (dir);
    free (student);
}

//  Rerun with the file changed: opened again on the same lab, the new code
//  runs (the old definition and the old actors are gone).
static void
test_exercise_reopen (void **state)
{
    fx_t *fx = *state;
    free (s_write (fx, "ex/exercise.lua", s_exercise));
    char *student = s_write (fx, "mine.lua", "local x = = 1\n");
    char *dir = NULL;
    assert_true (asprintf (&dir, "%s/ex", fx->dir) > 0);
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    assert_int_equal (lesson_checks_passed (fx->lesson), 0);
    assert_int_equal (lesson_restart_section (fx->lesson), -1);
    lesson_destroy (&fx->lesson);
    free (s_write (fx, "mine.lua", s_echo));
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    assert_int_equal (lesson_checks_passed (fx->lesson), 2);
    lesson_destroy (&fx->lesson);
    //  Broken again at run time: the crash, not the old code, is what runs.
    free (s_write (fx, "mine.lua", "error(\"on purpose\")\n"));
    assert_int_equal (s_run (fx, dir, student), LESSON_DONE);
    assert_false (s_nth (fx, ITEM_CHECK, 0)->passed);
    assert_int_equal (lesson_checks_passed (fx->lesson), 1);
    char where [160];
    snprintf (where, sizeof where, "%s:1: on purpose", student);
    bool found = false;
    for (int i = 0; i < fx->n_items; i++)
        found |= fx->items [i].kind == ITEM_ERROR && strcmp (fx->items [i].text, where) == 0;
    assert_true (found);
    free (dir);
    free (student);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_exercise_passes, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_syntax_error, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_runtime_error, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_runtime_error_long_path, s_setup,
                                         s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_no_say, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_bad_files, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_exercise_reopen, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
