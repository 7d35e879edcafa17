/*  test_goal.c — goal { … } in the lesson runtime: a goal the learner
    reaches with a ':' command before any play (their action is the goal's,
    not meddling), a goal reached by playing its solution (play waits in
    the lesson's coroutine), a played solution that does not reach it (a
    failed check with its status), the accessors (status, text, solution
    shown, number, play refused), a restart while a goal is open, an error
    in check (), and the dry run's validation, which calls nothing.

    Each test has a fresh temporary directory and lab; waiting for lab time
    goes through testutil.h's waiting loop; nothing sleeps.
*/
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#include "lesson/i18n.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"

#include <ftw.h>
#include <sys/stat.h>

enum { ITEMS_MAX = 256, RUN_DEADLINE_MS = 30000 };

#define HEADER "lesson { id = \"g\", title = \"G\", summary = \"s\", level = \"beginner\" }\n"

//  A server, and a goal: a client that got three replies. PLAY is the
//  body of play (); TIMEOUT its goal { timeout }.
#define GOAL(PLAY, TIMEOUT) \
    HEADER \
    "spawn('rep_server', { name = 'server', bind = 'inproc://goal' })\n" \
    "local reached = goal {\n" \
    "  text = { en = 'Three replies', zh = '三个回复' },\n" \
    "  check = function ()\n" \
    "    local c = actor('client')\n" \
    "    local got = c and c:stats().received or 0\n" \
    "    return got >= 3, { en = ('client got %d, goal: 3'):format(got),\n" \
    "                       zh = ('客户端收到 %d，目标：3'):format(got) }\n" \
    "  end,\n" \
    "  hints = { { en = 'a client', zh = '客户端' }, { en = 'connect it', zh = '连接它' } },\n" \
    "  solution = { en = 'spawn a req_client', zh = '启动 req_client' },\n" \
    "  play = function () " PLAY " end,\n" \
    "  timeout = " TIMEOUT ",\n" \
    "}\n" \
    "log('goal returned ' .. tostring(reached))\n" \
    "expect(true, 'after the goal')\n"

#define SPAWN_CLIENT "spawn('req_client', { name = 'client', connect = 'inproc://goal', count = 3 })"

typedef struct {
    char dir [64];
    char path [128];
    test_fixture_t engine;
    lesson_t *lesson;
    lesson_t *commands;             //  the ':' command line's state
    lesson_item_t items [ITEMS_MAX];
    int n_items;
    bool play;                      //  run as headless mode: play at once
} fx_t;

static int
s_setup (void **state)
{
    alarm (TEST_WATCHDOG_S);
    fx_t *fx = calloc (1, sizeof *fx);
    if (!fx)
        return -1;
    *state = fx;
    snprintf (fx->dir, sizeof fx->dir, "/tmp/zmqlab-test-goal-XXXXXX");
    return mkdtemp (fx->dir) ? 0 : -1;
}

static int
s_remove_one (const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void) info; (void) flag; (void) ftw;
    return remove (path);
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    if (fx) {
        lesson_destroy (&fx->lesson);
        lesson_destroy (&fx->commands);
        test_fixture_clear (&fx->engine);
        for (int i = 0; i < fx->n_items; i++)
            lesson_item_clear (&fx->items [i]);
        if (strncmp (fx->dir, "/tmp/zmqlab-test-goal-", 22) == 0)
            nftw (fx->dir, s_remove_one, 8, FTW_DEPTH | FTW_PHYS);
        free (fx);
        *state = NULL;
    }
    alarm (0);
    return 0;
}

static lesson_t *
s_open (fx_t *fx, const char *source, bool dry)
{
    snprintf (fx->path, sizeof fx->path, "%s/lesson.lua", fx->dir);
    FILE *file = fopen (fx->path, "w");
    assert_non_null (file);
    assert_int_equal (fputs (source, file) >= 0, 1);
    assert_int_equal (fclose (file), 0);
    char *error = NULL;
    fx->lesson = dry ? lesson_open_dry (fx->path, LANG_EN, TEST_ACTORS_DIR, &error)
                     : lesson_open (fx->path, test_fixture_lab (&fx->engine), LANG_EN, &error);
    if (!fx->lesson)
        fail_msg ("cannot open the lesson: %s", error ? error : "?");
    return fx->lesson;
}

static void
s_take_items (fx_t *fx)
{
    lesson_item_t item;
    while (lesson_take_item (fx->lesson, &item)) {
        if (fx->n_items < ITEMS_MAX)
            fx->items [fx->n_items++] = item;
        else
            lesson_item_clear (&item);
    }
}

static void
s_dump_items (const fx_t *fx)
{
    for (int i = 0; i < fx->n_items; i++)
        print_error ("  item %d: kind %d passed %d text \"%s\" detail \"%s\"\n", i,
                     fx->items [i].kind, fx->items [i].passed,
                     fx->items [i].text ? fx->items [i].text : "",
                     fx->items [i].detail ? fx->items [i].detail : "");
}

static const lesson_item_t *
s_item (const fx_t *fx, item_kind_t kind, int nth)
{
    for (int i = 0; i < fx->n_items; i++)
        if (fx->items [i].kind == kind && nth-- == 0)
            return &fx->items [i];
    return NULL;
}

//  Runs the lesson until it ends; at a goal, plays it when fx->play.
static bool
s_run_step (void *arg)
{
    fx_t *fx = arg;
    for (;;) {
        lesson_status_t status = lesson_run (fx->lesson);
        s_take_items (fx);
        switch (status) {
            case LESSON_DONE:
            case LESSON_FAILED:
                return true;
            case LESSON_SAY:
                lesson_next (fx->lesson);
                break;
            case LESSON_ASK:
                assert_int_equal (lesson_answer (fx->lesson,
                                                 lesson_expected_answer (fx->lesson)), 0);
                break;
            case LESSON_GOAL:
                if (fx->play && !lesson_goal_playing (fx->lesson))
                    assert_int_equal (lesson_goal_play (fx->lesson), 0);
                return false;
            case LESSON_WAITING:
                return false;
        }
    }
}

static lesson_status_t
s_run_at (fx_t *fx, const char *file, int line)
{
    test_poll_until_at (fx->engine.lab, s_run_step, fx, RUN_DEADLINE_MS, "the lesson to end",
                        file, line);
    return lesson_status (fx->lesson);
}

#define s_run(fx) s_run_at ((fx), __FILE__, __LINE__)

static void
s_assert_checks (fx_t *fx, lesson_status_t status, int passed, int failed)
{
    if (status != LESSON_DONE || lesson_checks_passed (fx->lesson) != passed
    ||  lesson_checks_failed (fx->lesson) != failed) {
        print_error ("status %d error \"%s\" checks passed %d failed %d (expected %d, %d)\n",
                     status, lesson_error (fx->lesson) ? lesson_error (fx->lesson) : "",
                     lesson_checks_passed (fx->lesson), lesson_checks_failed (fx->lesson),
                     passed, failed);
        s_dump_items (fx);
        test_dump_lab (fx->engine.lab);
        fail ();
    }
}

//  Whether some ITEM_LOG says TEXT.
static bool
s_logged (const fx_t *fx, const char *text)
{
    for (int i = 0; i < fx->n_items; i++)
        if (fx->items [i].kind == ITEM_LOG && fx->items [i].text
        &&  strstr (fx->items [i].text, text))
            return true;
    return false;
}

//  --- tests ---------------------------------------------------------------------------

//  The learner reaches it with a ':' command while it waits: no play.
static bool
s_goal_open (void *arg)
{
    fx_t *fx = arg;
    lesson_status_t status = lesson_run (fx->lesson);
    s_take_items (fx);
    assert_int_not_equal (status, LESSON_FAILED);
    return status == LESSON_GOAL;
}

static void
test_reached_by_the_learner (void **state)
{
    fx_t *fx = *state;
    s_open (fx, GOAL ("error('play must not run')", "5"), false);
    test_poll_until (fx->engine.lab, s_goal_open, fx, RUN_DEADLINE_MS, "the goal to open");
    const lesson_item_t *opened = s_item (fx, ITEM_GOAL, 0);
    assert_non_null (opened);
    assert_string_equal (opened->text, "Three replies");
    assert_int_equal (opened->total, 2);
    assert_int_equal (opened->answer, 1);
    assert_string_equal (lesson_goal_text (fx->lesson), "Three replies");
    assert_string_equal (lesson_goal_status (fx->lesson), "client got 0, goal: 3");
    assert_int_equal (lesson_goal_number (fx->lesson), 1);
    assert_false (lesson_goal_solution_shown (fx->lesson));
    //  The goal's hints, graduated, through the hint machinery.
    bool had = false;
    assert_string_equal (lesson_next_hint (fx->lesson, &had), "a client");
    assert_true (had);
    assert_string_equal (lesson_next_hint (fx->lesson, &had), "connect it");
    assert_null (lesson_next_hint (fx->lesson, &had));
    //  It stays open while nothing happens.
    assert_int_equal (lesson_run (fx->lesson), LESSON_GOAL);

    //  The learner's command, as the terminal view runs and notes it.
    char *error = NULL;
    fx->commands = lesson_open_sandbox (fx->engine.lab, LANG_EN, &error);
    assert_non_null (fx->commands);
    assert_int_equal (lesson_eval (fx->commands, SPAWN_CLIENT, &error), 0);
    assert_int_equal (lesson_run (fx->commands), LESSON_DONE);
    lesson_note_meddle (fx->lesson, "ran :spawn('req_client', …)");
    lesson_note_extra (fx->lesson, "ran :actor('client'):stats()");

    s_assert_checks (fx, s_run (fx), 2, 0);
    const lesson_item_t *reached = s_item (fx, ITEM_GOAL_REACHED, 0);
    assert_non_null (reached);
    assert_true (reached->passed);
    assert_string_equal (reached->text, "Three replies (client got 3, goal: 3)");
    assert_string_equal (reached->detail,
                         "You ran :spawn('req_client', …), then ran :actor('client'):stats().");
    assert_true (s_logged (fx, "goal returned true"));
    //  The goal's actions were not meddling: the checks after it are not
    //  blamed, and nothing is listed as beyond the script.
    assert_int_equal (lesson_extras (fx->lesson), 0);
    assert_null (s_item (fx, ITEM_EXPECT, 0)->detail);
    //  No goal open any more.
    assert_null (lesson_goal_status (fx->lesson));
    assert_null (lesson_goal_text (fx->lesson));
    assert_null (lesson_goal_solution (fx->lesson));
    assert_int_equal (lesson_goal_play (fx->lesson), -1);
    assert_int_equal (lesson_goal_number (fx->lesson), 0);
}

//  Headless: the solution is played at once; play () waits (lab time)
//  inside the lesson's coroutine before it spawns the client.
static void
test_reached_by_play (void **state)
{
    fx_t *fx = *state;
    fx->play = true;
    s_open (fx, GOAL ("wait(0.3) log('play woke') " SPAWN_CLIENT, "10"), false);
    s_assert_checks (fx, s_run (fx), 2, 0);
    const lesson_item_t *reached = s_item (fx, ITEM_GOAL_REACHED, 0);
    assert_non_null (reached);
    assert_true (reached->passed);
    assert_string_equal (reached->detail, "You played the solution.");
    assert_true (s_logged (fx, "Playing the solution: spawn a req_client"));
    assert_true (s_logged (fx, "play woke"));
    assert_true (s_logged (fx, "goal returned true"));
}

//  A play that does not reach it: a failed check with the last status,
//  after timeout lab seconds; the lesson goes on.
static void
test_play_not_reached (void **state)
{
    fx_t *fx = *state;
    fx->play = true;
    s_open (fx, GOAL ("log('played nothing')", "0.5"), false);
    s_assert_checks (fx, s_run (fx), 1, 1);
    const lesson_item_t *missed = s_item (fx, ITEM_GOAL_REACHED, 0);
    assert_non_null (missed);
    assert_false (missed->passed);
    assert_string_equal (missed->text, "Three replies (client got 0, goal: 3)");
    assert_string_equal (missed->detail,
                         "played the solution, not reached: client got 0, goal: 3");
    assert_true (s_logged (fx, "goal returned false"));
}

//  The solution once shown stays marked; a second play is refused; a
//  restart of the section while a goal is open forgets it, and the goal
//  keeps its number.
static void
test_solution_play_and_restart (void **state)
{
    fx_t *fx = *state;
    s_open (fx, GOAL ("wait(100)", "5"), false);
    test_poll_until (fx->engine.lab, s_goal_open, fx, RUN_DEADLINE_MS, "the goal to open");
    assert_string_equal (lesson_goal_solution (fx->lesson), "spawn a req_client");
    assert_true (lesson_goal_solution_shown (fx->lesson));
    assert_false (lesson_goal_playing (fx->lesson));
    assert_int_equal (lesson_goal_play (fx->lesson), 0);
    assert_true (lesson_goal_playing (fx->lesson));
    assert_int_equal (lesson_goal_play (fx->lesson), -1);
    //  play () waits: the goal is still open, with its status.
    assert_int_equal (lesson_run (fx->lesson), LESSON_WAITING);
    assert_string_equal (lesson_goal_status (fx->lesson), "client got 0, goal: 3");
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    assert_null (lesson_goal_status (fx->lesson));
    test_poll_until (fx->engine.lab, s_goal_open, fx, RUN_DEADLINE_MS, "the goal to open again");
    assert_int_equal (lesson_goal_number (fx->lesson), 1);
    assert_false (lesson_goal_solution_shown (fx->lesson));
    assert_false (lesson_goal_playing (fx->lesson));
}

//  An error in check (): the lesson fails at its line, and no goal stays open.
static void
test_check_error (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "goal { text = 'x', solution = 's', play = function () end,\n"
            "  check = function () return nil + 1 end }\n", false);
    lesson_status_t status = s_run (fx);
    assert_int_equal (status, LESSON_FAILED);
    char where [160];
    snprintf (where, sizeof where, "%s:3:", fx->path);
    assert_non_null (strstr (lesson_error (fx->lesson), where));
    assert_null (lesson_goal_status (fx->lesson));
}

//  A status that is no text is a clear error.
static void
test_check_status_type (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "goal { text = 'x', solution = 's', play = function () end,\n"
            "  check = function () return false, true end }\n", false);
    assert_int_equal (s_run (fx), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "its second value is the status"));
}

//  The dry run checks the table, reports a hint without its Chinese text,
//  and calls neither check nor play; a missing field is an error.
static void
test_dry_run (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "local r = goal { text = { en = 'x', zh = '叉' }, solution = { en = 's', zh = '解' },\n"
            "  check = function () error('check ran') end,\n"
            "  play = function () error('play ran') end,\n"
            "  hints = { { en = 'only English' } } }\n"
            "expect(r == true, 'a dry goal is reached')\n", true);
    assert_int_equal (s_run (fx), LESSON_DONE);
    assert_non_null (s_item (fx, ITEM_GOAL, 0));
    const lesson_item_t *report = s_item (fx, ITEM_ERROR, 0);
    assert_non_null (report);
    assert_non_null (strstr (report->text, "goal { hints }"));
    assert_null (s_item (fx, ITEM_ERROR, 1));
    lesson_destroy (&fx->lesson);

    static const char *missing [][2] = {
        { "goal { check = function () end, solution = 's', play = function () end }", "text" },
        { "goal { text = 't', solution = 's', play = function () end }", "check" },
        { "goal { text = 't', check = function () end, play = function () end }", "solution" },
        { "goal { text = 't', check = function () end, solution = 's' }", "play" },
        { "goal { text = 't', check = function () end, solution = 's', play = function () end,"
          " timeout = -1 }", "timeout" },
        { "goal { text = 't', check = function () end, solution = 's', play = function () end,"
          " hints = 'h' }", "hints" },
    };
    for (size_t i = 0; i < sizeof missing / sizeof missing [0]; i++) {
        char source [512];
        snprintf (source, sizeof source, HEADER "%s\n", missing [i][0]);
        s_open (fx, source, true);
        assert_int_equal (s_run (fx), LESSON_FAILED);
        char field [32];
        snprintf (field, sizeof field, "goal { %s", missing [i][1]);
        if (!strstr (lesson_error (fx->lesson), field))
            fail_msg ("%s: error \"%s\" does not name %s", missing [i][0],
                      lesson_error (fx->lesson), field);
        lesson_destroy (&fx->lesson);
    }
}

//  Goals are numbered in the file's order; in free mode goal is refused.
static void
test_numbers_and_sandbox (void **state)
{
    fx_t *fx = *state;
    fx->play = true;
    s_open (fx, HEADER
            "goal { text = 'one', solution = 's', play = function () end,\n"
            "  check = function () return true end }\n"
            "goal { text = 'two', solution = 's', play = function () end,\n"
            "  check = function () return true, 'done' end }\n", false);
    s_assert_checks (fx, s_run (fx), 2, 0);
    assert_int_equal (s_item (fx, ITEM_GOAL, 0)->answer, 1);
    assert_int_equal (s_item (fx, ITEM_GOAL, 1)->answer, 2);
    assert_string_equal (s_item (fx, ITEM_GOAL_REACHED, 1)->text, "two (done)");
    assert_null (s_item (fx, ITEM_GOAL_REACHED, 0)->detail);
    lesson_destroy (&fx->lesson);
    for (int i = 0; i < fx->n_items; i++)
        lesson_item_clear (&fx->items [i]);
    fx->n_items = 0;

    //  Goals a helper function makes: the first takes the helper's line,
    //  the others follow the file's goal lines.
    s_open (fx, HEADER
            "local function g (name)\n"
            "  goal { text = name, solution = 's', play = function () end,\n"
            "    check = function () return true end }\n"
            "end\n"
            "g ('a')\n"
            "goal { text = 'b', solution = 's', play = function () end,\n"
            "  check = function () return true end }\n"
            "g ('c')\n"
            "g ('d')\n", false);
    s_assert_checks (fx, s_run (fx), 4, 0);
    assert_int_equal (s_item (fx, ITEM_GOAL, 0)->answer, 1);
    assert_int_equal (s_item (fx, ITEM_GOAL, 1)->answer, 2);
    assert_int_equal (s_item (fx, ITEM_GOAL, 2)->answer, 3);
    assert_int_equal (s_item (fx, ITEM_GOAL, 3)->answer, 4);

    char *error = NULL;
    fx->commands = lesson_open_sandbox (fx->engine.lab, LANG_EN, &error);
    assert_non_null (fx->commands);
    assert_int_equal (lesson_eval (fx->commands, "goal { text = 't' }", &error), 0);
    assert_int_equal (lesson_run (fx->commands), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->commands), "goal { … } is for lessons"));
}

//  The progress file remembers shown solutions, and keeps the keyed lines
//  it does not know (a newer version's) and the lesson lines as they were.
static void
test_progress_solutions (void **state)
{
    fx_t *fx = *state;
    char dir [128], path [160];
    snprintf (dir, sizeof dir, "%s/state/zmqlab", fx->dir);
    snprintf (path, sizeof path, "%s/progress", dir);
    char state_dir [96];
    snprintf (state_dir, sizeof state_dir, "%s/state", fx->dir);
    char *saved = getenv ("XDG_STATE_HOME") ? strdup (getenv ("XDG_STATE_HOME")) : NULL;
    setenv ("XDG_STATE_HOME", state_dir, 1);
    assert_int_equal (mkdir (state_dir, 0700), 0);
    assert_int_equal (mkdir (dir, 0700), 0);
    FILE *file = fopen (path, "w");
    assert_non_null (file);
    fputs ("zmqlab-progress 2\n"
           "request-reply 1 9 2 2\n"
           "solution: request-reply 1\n"
           "badge: rep-server gold 3\n", file);
    assert_int_equal (fclose (file), 0);

    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    assert_null (warning);
    assert_true (progress_solution_shown (progress, "request-reply", 1));
    assert_false (progress_solution_shown (progress, "request-reply", 2));
    assert_false (progress_solution_shown (progress, "reqrep-mistakes", 1));
    assert_true (progress_finished (progress, "request-reply"));
    progress_note_solution (progress, "reqrep-mistakes", 1);
    progress_note_solution (progress, "reqrep-mistakes", 1);       //  once is enough
    progress_note_solution (progress, "Bad Id", 1);                //  ignored
    char *error = NULL;
    assert_int_equal (progress_save (progress, &error), 0);
    progress_destroy (&progress);

    file = fopen (path, "r");
    assert_non_null (file);
    char content [512] = "";
    size_t n = fread (content, 1, sizeof content - 1, file);
    content [n] = 0;
    fclose (file);
    assert_string_equal (content,
                         "zmqlab-progress 2\n"
                         "request-reply 1 9 2 2\n"
                         "solution: request-reply 1\n"
                         "solution: reqrep-mistakes 1\n"
                         "badge: rep-server gold 3\n");
    progress = progress_load (&warning);
    assert_null (warning);
    assert_true (progress_solution_shown (progress, "reqrep-mistakes", 1));
    progress_destroy (&progress);

    //  A known key with bad values is damage, as a bad lesson line is.
    file = fopen (path, "w");
    assert_non_null (file);
    fputs ("zmqlab-progress 2\nsolution: request-reply zero\n", file);
    assert_int_equal (fclose (file), 0);
    progress = progress_load (&warning);
    assert_non_null (warning);
    assert_false (progress_solution_shown (progress, "request-reply", 1));
    free (warning);
    progress_destroy (&progress);
    if (saved)
        setenv ("XDG_STATE_HOME", saved, 1);
    else
        unsetenv ("XDG_STATE_HOME");
    free (saved);
}

//  A question's answer waits for the goal's result, the check after it.
static void
test_reveal_after_goal (void **state)
{
    fx_t *fx = *state;
    fx->play = true;
    s_open (fx, HEADER
            "ask { q = 'q', choices = { 'a', 'b' }, answer = 1, explain = 'e' }\n"
            "goal { text = 'g', solution = 's', play = function () end,\n"
            "  check = function () return true end }\n", false);
    s_assert_checks (fx, s_run (fx), 1, 0);
    int reached = -1, reveal = -1;
    for (int i = 0; i < fx->n_items; i++) {
        if (fx->items [i].kind == ITEM_GOAL_REACHED)
            reached = i;
        if (fx->items [i].kind == ITEM_REVEAL)
            reveal = i;
    }
    assert_true (reached >= 0 && reveal > reached);
}

#define TEST(f) cmocka_unit_test_setup_teardown (f, s_setup, s_teardown)

int
main (void)
{
    const struct CMUnitTest tests [] = {
        TEST (test_reached_by_the_learner),
        TEST (test_reached_by_play),
        TEST (test_play_not_reached),
        TEST (test_solution_play_and_restart),
        TEST (test_check_error),
        TEST (test_check_status_type),
        TEST (test_dry_run),
        TEST (test_numbers_and_sandbox),
        TEST (test_progress_solutions),
        TEST (test_reveal_after_goal),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
