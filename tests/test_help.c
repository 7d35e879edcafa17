/*  test_help.c — the one table of what a command can call (lesson/help.h)
    and what reads it: every shipped behaviour file is in it and in
    lessons/README.md's table; help() lists the functions and behaviours in
    the chosen language; an unknown behaviour names the known ones; a ':'
    command cannot take the lesson's names, and a lesson that needs a name a
    command took still runs (lesson/names.h).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lesson/help.h"
#include "lesson/lesson.h"
#include "lesson/names.h"
#include "testutil.h"

#include <dirent.h>

enum { OUTPUT_MAX = 16384 };

typedef struct {
    test_fixture_t engine;          //  the lab, made on first use
    lesson_t *commands;             //  the ':' commands' state
    char output [OUTPUT_MAX];       //  the last command's items, one a line
    char path [64];                 //  a lesson file written by the test
} fx_t;

static int
s_setup (void **state)
{
    alarm (TEST_WATCHDOG_S);
    fx_t *fx = calloc (1, sizeof *fx);
    *state = fx;
    return fx ? 0 : -1;
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    lesson_destroy (&fx->commands);
    test_fixture_clear (&fx->engine);
    if (fx->path [0])
        unlink (fx->path);
    free (fx);
    alarm (0);
    return 0;
}

//  Takes LESSON's items into fx->output: "log: …", "error: …", "pass: …".
static void
s_take (fx_t *fx, lesson_t *lesson)
{
    lesson_item_t item;
    size_t used = strlen (fx->output);
    while (lesson_take_item (lesson, &item)) {
        const char *kind = item.kind == ITEM_LOG ? "log" : item.kind == ITEM_ERROR ? "error"
                         : item.kind == ITEM_EXPECT ? (item.passed ? "pass" : "fail") : NULL;
        if (kind && used < sizeof fx->output)
            used += (size_t) snprintf (fx->output + used, sizeof fx->output - used, "%s: %s\n",
                                       kind, item.text ? item.text : "");
        lesson_item_clear (&item);
    }
}

//  Opens the commands' state in LANG on the fixture's lab.
static void
s_open_commands (fx_t *fx, i18n_lang_t lang)
{
    lesson_destroy (&fx->commands);
    char *error = NULL;
    fx->commands = lesson_open_sandbox (test_fixture_lab (&fx->engine), lang, &error);
    assert_non_null (fx->commands);
    free (error);
}

//  Runs CODE as a ':' command; its items go to fx->output. The status.
static lesson_status_t
s_command (fx_t *fx, const char *code)
{
    fx->output [0] = 0;
    char *error = NULL;
    if (lesson_eval (fx->commands, code, &error) != 0) {
        snprintf (fx->output, sizeof fx->output, "error: %s\n", error ? error : "?");
        free (error);
        return LESSON_FAILED;
    }
    lesson_status_t status = lesson_run (fx->commands);
    s_take (fx, fx->commands);
    return status;
}

static void
s_assert_has (const char *text, const char *part)
{
    if (!strstr (text, part))
        fail_msg ("expected \"%s\" in:\n%s", part, text);
}

//  A lesson file holding SOURCE (a lesson { } head is added).
static const char *
s_write_lesson (fx_t *fx, const char *source)
{
    snprintf (fx->path, sizeof fx->path, "/tmp/zmqlab-help-XXXXXX");
    int fd = mkstemp (fx->path);
    assert_true (fd >= 0);
    FILE *file = fdopen (fd, "w");
    assert_non_null (file);
    fprintf (file, "lesson { id = \"names\", title = \"names\", summary = \"s\", "
                   "level = \"test\" }\n%s", source);
    assert_int_equal (fclose (file), 0);
    return fx->path;
}

//  --- the table -----------------------------------------------------------------

static void
test_table_covers_actors (void **state)
{
    (void) state;
    DIR *dir = opendir (TEST_ACTORS_DIR);
    assert_non_null (dir);
    int files = 0;
    struct dirent *entry;
    while ((entry = readdir (dir))) {
        size_t len = strlen (entry->d_name);
        if (len < 5 || strcmp (entry->d_name + len - 4, ".lua") != 0)
            continue;
        char name [64];
        snprintf (name, sizeof name, "%.*s", (int) (len - 4), entry->d_name);
        if (!help_behaviour (name))
            fail_msg ("%s/%s is not in lesson/help.c's table", TEST_ACTORS_DIR, entry->d_name);
        files++;
    }
    closedir (dir);
    //  And the other way: every behaviour of the table is shipped, and
    //  lessons/README.md's table (the reference) has a row for it.
    FILE *file = fopen ("lessons/README.md", "r");
    assert_non_null (file);
    static char readme [256 * 1024];
    size_t size = fread (readme, 1, sizeof readme - 1, file);
    readme [size] = 0;
    fclose (file);
    size_t n;
    const help_behaviour_t *behaviours = help_behaviours (&n);
    assert_int_equal ((int) n, files);
    for (size_t i = 0; i < n; i++) {
        char path [128], row [64];
        snprintf (path, sizeof path, "%s/%s.lua", TEST_ACTORS_DIR, behaviours [i].name);
        assert_int_equal (access (path, R_OK), 0);
        snprintf (row, sizeof row, "\n| `%s` |", behaviours [i].name);
        s_assert_has (readme, row);
        for (int lang = 0; lang < LANG_COUNT; lang++)
            assert_true (behaviours [i].text [lang] && behaviours [i].text [lang][0]);
    }
}

//  --- help() ---------------------------------------------------------------------

static void
test_help_lists (void **state)
{
    fx_t *fx = *state;
    for (i18n_lang_t lang = LANG_EN; lang < LANG_COUNT; lang++) {
        s_open_commands (fx, lang);
        assert_int_equal (s_command (fx, "help()"), LESSON_DONE);
        size_t n;
        const help_function_t *functions = help_functions (&n);
        for (size_t i = 0; i < n; i++)
            if (!functions [i].in_lesson_only) {
                s_assert_has (fx->output, functions [i].usage);
                s_assert_has (fx->output, functions [i].text [lang]);
            }
            else
                s_assert_has (fx->output, functions [i].name);
        const help_function_t *methods = help_methods (&n);
        for (size_t i = 0; i < n; i++)
            s_assert_has (fx->output, methods [i].text [lang]);
        const help_behaviour_t *behaviours = help_behaviours (&n);
        for (size_t i = 0; i < n; i++) {
            s_assert_has (fx->output, behaviours [i].params);
            s_assert_has (fx->output, behaviours [i].text [lang]);
        }
        s_assert_has (fx->output, lang == LANG_ZH ? "函数" : "Functions");
        //  One of them.
        assert_int_equal (s_command (fx, "help('publisher')"), LESSON_DONE);
        s_assert_has (fx->output, help_behaviour ("publisher")->params);
        assert_null (strstr (fx->output, "subscriber —"));
        assert_int_equal (s_command (fx, "help(\"kill\")"), LESSON_DONE);
        s_assert_has (fx->output, help_function ("kill")->text [lang]);
        assert_int_equal (s_command (fx, "help('nosuch')"), LESSON_FAILED);
        s_assert_has (fx->output, "'nosuch'");
        s_assert_has (fx->output, "help()");
    }
}

static void
test_unknown_behaviour_names_known (void **state)
{
    fx_t *fx = *state;
    s_open_commands (fx, LANG_EN);
    assert_int_equal (s_command (fx, "spawn('nope')"), LESSON_FAILED);
    s_assert_has (fx->output, "unknown behaviour 'nope'");
    size_t n;
    const help_behaviour_t *behaviours = help_behaviours (&n);
    for (size_t i = 0; i < n; i++)
        s_assert_has (fx->output, behaviours [i].name);
    //  One defined with behaviour() is known too.
    assert_int_equal (s_command (fx, "behaviour('mine', 'log(1)')"), LESSON_DONE);
    assert_int_equal (s_command (fx, "spawn('nope2')"), LESSON_FAILED);
    s_assert_has (fx->output, ", mine)");
    s_open_commands (fx, LANG_ZH);
    assert_int_equal (s_command (fx, "spawn('nope')"), LESSON_FAILED);
    s_assert_has (fx->output, "未知的行为 'nope'（已知的：rep_server");
}

//  --- names --------------------------------------------------------------------

static const char *s_pushing =
    "local p = spawn('pusher', { name = 'pusher', bind = 'inproc://t', count = 0 })\n"
    "for i = 1, 2 do spawn('puller', { name = 'puller' .. i, connect = 'inproc://t' }) end\n"
    "expect(p ~= nil, 'pusher started')\n";

//  A command may not take a name the lesson spawns now or later: it is
//  told which are taken and one that is free.
static void
test_command_names_reserved (void **state)
{
    fx_t *fx = *state;
    char *error = NULL;
    lesson_t *dry = lesson_open_dry (s_write_lesson (fx, s_pushing), LANG_EN,
                                     TEST_ACTORS_DIR, &error);
    assert_non_null (dry);
    lesson_run (dry);
    s_open_commands (fx, LANG_EN);
    names_reserve (fx->commands, dry);
    lesson_destroy (&dry);
    //  Nothing of the lesson runs yet: the names are still refused.
    assert_int_equal (s_command (fx, "spawn('pusher')"), LESSON_FAILED);
    s_assert_has (fx->output, "the name 'pusher' is taken: try name = \"pusher2\" "
                              "(taken: pusher, puller1, puller2)");
    assert_null (lab_actor (fx->engine.lab, "pusher"));
    assert_int_equal (s_command (fx, "spawn('puller', { name = 'puller2' })"), LESSON_FAILED);
    s_assert_has (fx->output, "try name = \"puller3\"");
    //  The free one is free; then it is taken like any actor of the lab.
    assert_int_equal (s_command (fx, "spawn('pusher', { name = 'pusher2', bind = 'inproc://m' })"),
                      LESSON_DONE);
    assert_non_null (lab_actor (fx->engine.lab, "pusher2"));
    assert_int_equal (s_command (fx, "spawn('pusher', { name = 'pusher2' })"), LESSON_FAILED);
    s_assert_has (fx->output, "try name = \"pusher3\" (taken: pusher, puller1, puller2, pusher2)");
    //  Nor does a command replace a shipped behaviour the lesson spawns.
    assert_int_equal (s_command (fx, "behaviour('pusher', 'log(1)')"), LESSON_FAILED);
    s_assert_has (fx->output, "'pusher' is a shipped behaviour");
    assert_int_equal (s_command (fx, "behaviour('mine', 'log(1)')"), LESSON_DONE);
}

//  Names of every section are the lesson's, not only the last section's
//  (each section starts on a fresh lab, so the dry run forgets a section's
//  names when the next begins; the reserved ones must not).
static void
test_command_names_reserved_every_section (void **state)
{
    fx_t *fx = *state;
    char *error = NULL;
    lesson_t *dry = lesson_open_dry (s_write_lesson (fx,
        "section('one', function() spawn('pusher', { name = 'first', bind = 'inproc://1' }) end)\n"
        "section('two', function() spawn('pusher', { name = 'second', bind = 'inproc://2' }) end)\n"
        "section('three', function() spawn('pusher', { name = 'first', bind = 'inproc://3' }) end)\n"),
        LANG_EN, TEST_ACTORS_DIR, &error);
    assert_non_null (dry);
    lesson_run (dry);
    assert_null (lesson_error (dry));
    s_open_commands (fx, LANG_EN);
    names_reserve (fx->commands, dry);
    lesson_destroy (&dry);
    assert_int_equal (s_command (fx, "spawn('puller', { name = 'first' })"), LESSON_FAILED);
    s_assert_has (fx->output, "the name 'first' is taken");
    assert_int_equal (s_command (fx, "spawn('puller', { name = 'second' })"), LESSON_FAILED);
    s_assert_has (fx->output, "the name 'second' is taken");
}

//  A lesson that needs a name a command took (no dry run foresaw it) does
//  not end: the student's actor makes way, and the lesson says so.
static void
test_lesson_takes_its_name (void **state)
{
    fx_t *fx = *state;
    s_open_commands (fx, LANG_EN);
    assert_int_equal (s_command (fx, "spawn('pusher', { bind = 'inproc://student' })"), LESSON_DONE);
    assert_non_null (lab_actor (fx->engine.lab, "pusher"));
    char *error = NULL;
    lesson_t *lesson = lesson_open (s_write_lesson (fx, s_pushing), fx->engine.lab, LANG_EN, &error);
    assert_non_null (lesson);
    fx->output [0] = 0;
    assert_int_equal (lesson_run (lesson), LESSON_DONE);
    s_take (fx, lesson);
    s_assert_has (fx->output, "log: your actor 'pusher' made way for the lesson's actor");
    s_assert_has (fx->output, "pass: pusher started");
    assert_int_equal (lesson_checks_failed (lesson), 0);
    assert_non_null (lab_actor (fx->engine.lab, "pusher"));
    lesson_destroy (&lesson);
    //  The lesson's own name twice is still the lesson's mistake.
    lesson = lesson_open (s_write_lesson (fx, "spawn('pusher', { name = 'a', bind = 'inproc://a' })\n"
                                              "spawn('pusher', { name = 'a' })\n"),
                          fx->engine.lab, LANG_EN, &error);
    assert_non_null (lesson);
    assert_int_equal (lesson_run (lesson), LESSON_FAILED);
    s_assert_has (lesson_error (lesson), "already an actor named 'a'");
    lesson_destroy (&lesson);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_table_covers_actors),
        cmocka_unit_test_setup_teardown (test_help_lists, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_unknown_behaviour_names_known, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_command_names_reserved, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_command_names_reserved_every_section,
                                         s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_lesson_takes_its_name, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
