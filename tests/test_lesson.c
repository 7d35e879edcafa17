/*  test_lesson.c — the lesson runtime: the sandbox (forbidden names, text-only
    loading, the instruction budget, the memory cap), stepping the lesson's
    coroutine (say, ask, wait, wait_until) and the items it emits, every API
    function's argument errors with their file:line, the i18n fallback and
    the choice of language, the progress file's tolerance of damage, and the
    catalog.

    Each test has a fresh temporary directory (its lessons are written there),
    a fresh lab when it runs lessons for real, saved and restored environment
    variables, and testutil.h's alarm() watchdog. Waiting for lab time runs
    the lesson in testutil.h's waiting loop (test_poll_until: lab_wait
    between rounds, a deadline that fails with the lab's snapshot); nothing
    sleeps. Counts are checked with testutil.h's check_eq, which prints in
    decimal with the lab.

    Tests marked "Regression" check runtime bugs these tests once found
    (each comment says what went wrong), so they stay fixed.
*/
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testutil.h"

#include "lesson/catalog.h"
#include "lesson/i18n.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <lauxlib.h>
#include <lua.h>
#include <sys/stat.h>

enum {
    ITEMS_MAX = 512,            //  items a test keeps
    RUN_DEADLINE_MS = 30000,    //  a lesson that should end must end by then
    QUICK_MS = 20000            //  "quickly" for the budget and the memory cap
};

//  Metadata every lesson snippet starts with (one line).
#define HEADER "lesson { id = \"t\", title = \"T\", summary = \"s\", level = \"beginner\" }\n"

static const char *s_env_names [] = { "XDG_STATE_HOME", "HOME", "LANG", "LC_ALL", "LC_MESSAGES" };
enum { ENV_SAVED = sizeof s_env_names / sizeof s_env_names [0] };

typedef struct {
    char dir [64];                  //  mkdtemp: this test's files
    char path [128];                //  the lesson last written
    test_fixture_t engine;          //  the lab (made by s_open for real runs)
    lesson_t *lesson;
    lesson_item_t items [ITEMS_MAX];    //  items taken so far
    int n_items;
    char *env [ENV_SAVED];          //  values before the test (NULL: unset)
    const void *row;                //  the table row of a table-driven test
} fx_t;

//  --- fixture ----------------------------------------------------------------------

static int
s_setup (void **state)
{
    alarm (TEST_WATCHDOG_S);
    fx_t *fx = calloc (1, sizeof *fx);
    if (!fx)
        return -1;
    fx->row = *state;
    *state = fx;
    for (int i = 0; i < ENV_SAVED; i++) {
        const char *value = getenv (s_env_names [i]);
        fx->env [i] = value ? strdup (value) : NULL;
    }
    snprintf (fx->dir, sizeof fx->dir, "/tmp/zmqlab-test-lesson-XXXXXX");
    if (!mkdtemp (fx->dir))
        return -1;
    //  Progress goes to this test's directory, never to the real one.
    char state_dir [96];
    snprintf (state_dir, sizeof state_dir, "%s/state", fx->dir);
    setenv ("XDG_STATE_HOME", state_dir, 1);
    return 0;
}

static int
s_remove_one (const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void) info; (void) flag; (void) ftw;
    //  Undo a test's chmod so the directory can go.
    chmod (path, 0700);
    return remove (path);
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    if (fx) {
        lesson_destroy (&fx->lesson);
        test_fixture_clear (&fx->engine);
        for (int i = 0; i < fx->n_items; i++)
            lesson_item_clear (&fx->items [i]);
        if (fx->dir [0] && strncmp (fx->dir, "/tmp/zmqlab-test-lesson-", 24) == 0)
            nftw (fx->dir, s_remove_one, 8, FTW_DEPTH | FTW_PHYS);
        for (int i = 0; i < ENV_SAVED; i++) {
            if (fx->env [i])
                setenv (s_env_names [i], fx->env [i], 1);
            else
                unsetenv (s_env_names [i]);
            free (fx->env [i]);
        }
        free (fx);
        *state = NULL;
    }
    alarm (0);
    return 0;
}

//  --- helpers ------------------------------------------------------------------------

//  Writes DATA (SIZE bytes) to DIR/NAME; returns the path (in fx->path).
static const char *
s_write_bytes (fx_t *fx, const char *name, const char *data, size_t size)
{
    snprintf (fx->path, sizeof fx->path, "%s/%s", fx->dir, name);
    FILE *file = fopen (fx->path, "wb");
    assert_non_null (file);
    assert_int_equal (fwrite (data, 1, size, file), size);
    assert_int_equal (fclose (file), 0);
    return fx->path;
}

//  A fresh lesson file (mkstemp in the test's directory) holding SOURCE.
static const char *
s_write_lesson (fx_t *fx, const char *source)
{
    snprintf (fx->path, sizeof fx->path, "%s/lesson-XXXXXX", fx->dir);
    int fd = mkstemp (fx->path);
    assert_true (fd >= 0);
    size_t size = strlen (source);
    assert_int_equal (write (fd, source, size), (ssize_t) size);
    assert_int_equal (close (fd), 0);
    return fx->path;
}

//  Opens SOURCE for a real run (dry: for a check), replacing any earlier lesson.
static lesson_t *
s_open_lang (fx_t *fx, const char *source, i18n_lang_t lang, bool dry)
{
    lesson_destroy (&fx->lesson);
    const char *path = s_write_lesson (fx, source);
    char *error = NULL;
    fx->lesson = dry ? lesson_open_dry (path, lang, TEST_ACTORS_DIR, &error)
                     : lesson_open (path, test_fixture_lab (&fx->engine), lang, &error);
    if (!fx->lesson)
        fail_msg ("cannot open the lesson: %s\n--- source:\n%s", error ? error : "(no message)",
                  source);
    assert_null (error);
    return fx->lesson;
}

static lesson_t *
s_open (fx_t *fx, const char *source)
{
    return s_open_lang (fx, source, LANG_EN, false);
}

//  Takes the lesson's pending items into fx->items.
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

//  A test_step_t: runs the lesson as headless mode does, going on after each
//  say and answering each ask with the declared answer, until it waits for
//  lab time (false: let the lab run) or ends (true).
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
                //  Headless mode plays the solution at once.
                if (!lesson_goal_playing (fx->lesson))
                    assert_int_equal (lesson_goal_play (fx->lesson), 0);
                return false;
            case LESSON_WAITING:
                return false;
        }
    }
}

//  Runs the lesson to its end, letting the lab run while it waits; a
//  timeout fails at the caller's line.
static lesson_status_t
s_run_at (fx_t *fx, const char *file, int line)
{
    test_poll_until_at (fx->engine.lab, s_run_step, fx, RUN_DEADLINE_MS, "the lesson to end",
                        file, line);
    return lesson_status (fx->lesson);
}

#define s_run(fx) s_run_at ((fx), __FILE__, __LINE__)

static void
s_dump_items (const fx_t *fx)
{
    for (int i = 0; i < fx->n_items; i++)
        print_error ("  item %d: kind %d line %d passed %d text \"%s\" detail \"%s\"\n", i,
                     fx->items [i].kind, fx->items [i].line, fx->items [i].passed,
                     fx->items [i].text ? fx->items [i].text : "",
                     fx->items [i].detail ? fx->items [i].detail : "");
}

//  The Nth (0-based) item of KIND, or NULL.
static const lesson_item_t *
s_item (const fx_t *fx, item_kind_t kind, int nth)
{
    for (int i = 0; i < fx->n_items; i++)
        if (fx->items [i].kind == kind && nth-- == 0)
            return &fx->items [i];
    return NULL;
}

static int
s_count_items (const fx_t *fx, item_kind_t kind)
{
    int n = 0;
    for (int i = 0; i < fx->n_items; i++)
        n += fx->items [i].kind == kind;
    return n;
}

//  The run ended as it should: DONE, every expect passed.
static void
s_assert_passed (fx_t *fx, lesson_status_t status, int checks)
{
    if (status != LESSON_DONE || lesson_checks_failed (fx->lesson) != 0
    ||  lesson_checks_passed (fx->lesson) != checks) {
        print_error ("status %d, error \"%s\", checks passed %d failed %d (expected %d)\n",
                     status, lesson_error (fx->lesson) ? lesson_error (fx->lesson) : "",
                     lesson_checks_passed (fx->lesson), lesson_checks_failed (fx->lesson),
                     checks);
        s_dump_items (fx);
        test_dump_lab (fx->engine.lab);
        fail ();
    }
}

//  TEXT starts with "PATH:LINE:" (LINE 0: any number).
static bool
s_has_location (const char *text, const char *path, int line)
{
    size_t len = strlen (path);
    if (!text || strncmp (text, path, len) != 0 || text [len] != ':')
        return false;
    char *end;
    long number = strtol (text + len + 1, &end, 10);
    if (end == text + len + 1 || *end != ':')
        return false;
    return line == 0 ? number > 0 : number == line;
}

//  The lesson failed with an error containing WHAT, the hint HINT (or any
//  hint when HINT is MSG_COUNT), and an ITEM_ERROR saying the same.
static void
s_assert_failed (fx_t *fx, lesson_status_t status, const char *what, msg_id_t hint)
{
    const char *error = lesson_error (fx->lesson);
    if (status != LESSON_FAILED || !error || !strstr (error, what)) {
        print_error ("expected LESSON_FAILED with \"%s\"; got status %d, error \"%s\"\n",
                     what, status, error ? error : "(none)");
        s_dump_items (fx);
        test_dump_lab (fx->engine.lab);
        fail ();
    }
    assert_int_equal (lesson_status (fx->lesson), LESSON_FAILED);
    const lesson_item_t *item = s_item (fx, ITEM_ERROR, s_count_items (fx, ITEM_ERROR) - 1);
    assert_non_null (item);
    assert_string_equal (item->text, error);
    assert_non_null (item->detail);
    if (hint != MSG_COUNT)
        assert_string_equal (item->detail, i18n_msg (LANG_EN, hint));
    //  It stays failed.
    assert_int_equal (lesson_run (fx->lesson), LESSON_FAILED);
}

//  The lesson's error starts with "path:LINE:".
static void
s_assert_location (fx_t *fx, int line)
{
    const char *error = lesson_error (fx->lesson);
    if (!s_has_location (error, fx->path, line)) {
        char where [16];
        snprintf (where, sizeof where, line ? "%d" : "LINE", line);
        fail_msg ("the error should start with \"%s:%s:\"; it is \"%s\"", fx->path, where,
                  error ? error : "(none)");
    }
}

//  --- the sandbox --------------------------------------------------------------------

typedef struct {
    const char *expression;     //  true in a sandboxed lesson
    const char *label;
} sandbox_case_t;

static const sandbox_case_t s_sandbox_cases [] = {
    { "io == nil", "io" },
    { "os == nil", "os" },
    { "package == nil", "package" },
    { "debug == nil", "debug" },
    { "load == nil", "load" },
    { "loadfile == nil", "loadfile" },
    { "dofile == nil", "dofile" },
    { "require == nil", "require" },
    { "collectgarbage == nil", "collectgarbage" },
    { "coroutine == nil", "coroutine" },
    { "string.dump == nil", "string.dump" },
    { "(\"\").dump == nil", "(\"\").dump through the string metatable" },
    { "getmetatable(\"\").__index.dump == nil", "getmetatable(\"\").__index.dump" },
    { "_G == nil", "_G" },
    { "rawget(_ENV, \"io\") == nil", "rawget(_ENV, \"io\")" },
    //  What lessons may use is there.
    { "type(string.format) == \"function\"", "string.format" },
    { "type(table.concat) == \"function\"", "table.concat" },
    { "type(math.floor) == \"function\"", "math.floor" },
    { "type(utf8.char) == \"function\"", "utf8.char" },
    { "type(pcall) == \"function\" and type(tostring) == \"function\"", "pcall, tostring" },
    { "(\"abc\"):upper() == \"ABC\"", "string methods" },
};
enum { SANDBOX_CASES = sizeof s_sandbox_cases / sizeof s_sandbox_cases [0] };

static void
test_sandbox_names (void **state)
{
    fx_t *fx = *state;
    char source [8192];
    int len = snprintf (source, sizeof source, HEADER);
    for (int i = 0; i < SANDBOX_CASES; i++)
        len += snprintf (source + len, sizeof source - (size_t) len, "expect(%s, [[%s]])\n",
                         s_sandbox_cases [i].expression, s_sandbox_cases [i].label);
    assert_true (len < (int) sizeof source);
    s_open (fx, source);
    lesson_status_t status = s_run (fx);
    for (int i = 0; i < SANDBOX_CASES; i++) {
        const lesson_item_t *item = s_item (fx, ITEM_EXPECT, i);
        if (!item || !item->passed)
            print_error ("sandbox: %s: not %s\n", s_sandbox_cases [i].label,
                         item ? "as expected" : "checked");
    }
    s_assert_passed (fx, status, SANDBOX_CASES);
}

//  Loading bytecode: a real chunk from lua_dump, and the signature alone.
typedef struct {
    char data [65536];
    size_t size;
} dump_t;

static int
s_dump_writer (lua_State *L, const void *data, size_t size, void *ud)
{
    (void) L;
    dump_t *dump = ud;
    if (size > sizeof dump->data - dump->size)
        return 1;
    memcpy (dump->data + dump->size, data, size);
    dump->size += size;
    return 0;
}

static void
s_assert_refused (fx_t *fx, const char *path)
{
    char *error = NULL;
    lesson_t *lesson = lesson_open (path, test_fixture_lab (&fx->engine), LANG_EN, &error);
    assert_null (lesson);
    assert_non_null (error);
    if (!strstr (error, "binary"))
        fail_msg ("the message should say the chunk is binary: \"%s\"", error);
    free (error);
    error = NULL;
    assert_null (lesson_open_dry (path, LANG_EN, TEST_ACTORS_DIR, &error));
    assert_non_null (error);
    free (error);
    error = NULL;
    lesson_meta_t meta;
    assert_int_equal (lesson_read_meta (path, LANG_EN, &meta, &error), -1);
    assert_non_null (error);
    free (error);
}

static void
test_bytecode_refused (void **state)
{
    fx_t *fx = *state;
    //  A genuine chunk that would otherwise run fine.
    lua_State *L = luaL_newstate ();
    assert_non_null (L);
    assert_int_equal (luaL_loadstring (L, HEADER "expect(true, 'ran')"), LUA_OK);
    static dump_t dump;
    dump.size = 0;
    assert_int_equal (lua_dump (L, s_dump_writer, &dump, 1), 0);
    lua_close (L);
    assert_true (dump.size > 4 && memcmp (dump.data, "\x1bLua", 4) == 0);
    s_assert_refused (fx, s_write_bytes (fx, "dumped.lua", dump.data, dump.size));

    static const char fake [] = "\x1bLua\x54\x00garbage that is not a chunk";
    const char *path = s_write_bytes (fx, "fake.lua", fake, sizeof fake - 1);
    s_assert_refused (fx, path);

    //  Regression: Lua's "attempt to load a binary chunk (mode is 't')" has no
    //  position, and the runtime does not add the file's name (so headless
    //  mode prints it without saying which file, with the syntax hint).
    char *error = NULL;
    assert_null (lesson_open (path, test_fixture_lab (&fx->engine), LANG_EN, &error));
    assert_non_null (error);
    bool named = strncmp (error, path, strlen (path)) == 0;
    if (!named)
        print_error ("the message should start with the file %s: \"%s\"\n", path, error);
    free (error);
    assert_true (named);
}

//  --- the instruction budget and the memory cap ---------------------------------------

static void
test_budget_infinite_loop (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER "while true do end\n");
    double start = test_now_ms ();
    lesson_status_t status = s_run (fx);
    double took = test_now_ms () - start;
    s_assert_failed (fx, status, "instruction budget", MSG_HINT_BUDGET);
    if (took > QUICK_MS)
        fail_msg ("the budget took %.0f ms to end the loop", took);
    //  Regression: the budget's error is raised from the count hook with luaL_error,
    //  whose position is the looping function's caller: for a loop in the
    //  main chunk there is none, so the message has no "file:line:".
    s_assert_location (fx, 2);
}

static void
test_budget_loop_in_function (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "local function spin ()\n"
            "    while true do end\n"       //  line 3
            "end\n"
            "spin ()\n");                   //  line 5
    s_assert_failed (fx, s_run (fx), "instruction budget", MSG_HINT_BUDGET);
    //  Regression (same cause): the line is the caller's (5), not the loop's (3).
    s_assert_location (fx, 3);
}

static void
test_budget_in_wait_until (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "speed(100)\n"
            "wait_until(function () while true do end end, 5)\n");
    double start = test_now_ms ();
    s_assert_failed (fx, s_run (fx), "instruction budget", MSG_HINT_BUDGET);
    assert_true (test_now_ms () - start < QUICK_MS);
}

//  Regression: the hook refills the budget before raising, so a pcall that catches
//  the error gets a fresh budget: a loop around pcall never ends. Bounded
//  here to 20 rounds, so the bug shows as a failed check, not a hang.
static void
test_budget_not_escaped_by_pcall (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "for i = 1, 20 do pcall(function () while true do end end) end\n"
            "expect(false, 'the loop escaped the instruction budget')\n");
    s_assert_failed (fx, s_run (fx), "instruction budget", MSG_HINT_BUDGET);
}

//  The budget is per resume: a lesson that works a lot but waits in between
//  is fine (4 x 3 million instructions > 5 million).
static void
test_budget_per_resume (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "for i = 1, 4 do\n"
            "    for j = 1, 3000000 do end\n"
            "    wait(0)\n"
            "end\n"
            "expect(true, 'done')\n");
    s_assert_passed (fx, s_run (fx), 1);
}

static void
s_assert_memory_cap (fx_t *fx, const char *source, int line)
{
    s_open (fx, source);
    double start = test_now_ms ();
    lesson_status_t status = s_run (fx);
    double took = test_now_ms () - start;
    s_assert_failed (fx, status, "not enough memory", MSG_HINT_MEMORY);
    if (took > QUICK_MS)
        fail_msg ("the memory cap took %.0f ms", took);
    //  The process is fine: the next lesson in the same lab runs.
    s_open (fx, HEADER
            "local t = {} for i = 1, 1000 do t[i] = string.rep('x', 100) end\n"
            "expect(#t == 1000, 'a normal lesson after the cap')\n");
    s_assert_passed (fx, s_run (fx), 1);
    //  Regression: "not enough memory" comes without "file:line:" (Lua's ERRMEM
    //  message has no position; the runtime does not add one).
    lesson_destroy (&fx->lesson);
    s_open (fx, source);
    s_run (fx);
    s_assert_location (fx, line);
}

static void
test_memory_cap_string (void **state)
{
    s_assert_memory_cap (*state, HEADER
                         "local s = 'x'\n"
                         "while true do s = s .. s end\n", 3);
}

static void
test_memory_cap_table (void **state)
{
    s_assert_memory_cap (*state, HEADER
                         "local t = {}\n"
                         "for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end\n", 3);
}

static void
test_memory_cap_one_huge_allocation (void **state)
{
    s_assert_memory_cap (*state, HEADER "local s = string.rep('x', 1 << 30)\n", 2);
}

//  A failed allocation inside pcall is an ordinary error the lesson may handle.
static void
test_memory_error_caught (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "local ok, err = pcall(string.rep, 'x', 1 << 30)\n"
            "expect(not ok and tostring(err):find('not enough memory') ~= nil, 'caught')\n");
    s_assert_passed (fx, s_run (fx), 1);
}

//  --- stepping the coroutine ---------------------------------------------------------

static void
test_say_and_ask (void **state)
{
    fx_t *fx = *state;
    lesson_t *lesson = s_open (fx,
        "lesson { id = 'steps', title = 'Steps', summary = 'About steps', level = 'beginner' }\n"
        "say 'one'\n"
        "local n = ask { q = 'Which?', choices = { 'a', 'b', 'c' }, answer = 2,\n"
        "                explain = 'because' }\n"
        "expect(n == 3, 'ask returns the chosen number')\n");
    assert_null (lesson_meta (lesson));
    assert_int_equal (lesson_expected_answer (lesson), 0);

    assert_int_equal (lesson_run (lesson), LESSON_SAY);
    const lesson_meta_t *meta = lesson_meta (lesson);
    assert_non_null (meta);
    assert_string_equal (meta->id, "steps");
    assert_string_equal (meta->title, "Steps");
    assert_string_equal (meta->summary, "About steps");
    assert_string_equal (meta->level, "beginner");
    //  Stays at the say until the learner goes on.
    assert_int_equal (lesson_run (lesson), LESSON_SAY);
    assert_int_equal (lesson_run (lesson), LESSON_SAY);
    assert_int_equal (lesson_status (lesson), LESSON_SAY);
    assert_int_equal (lesson_answer (lesson, 1), -1);      //  no ask pending
    check_eq (&fx->engine, lesson_step (lesson), 1);
    lesson_next (lesson);

    assert_int_equal (lesson_run (lesson), LESSON_ASK);
    assert_int_equal (lesson_run (lesson), LESSON_ASK);
    lesson_next (lesson);                                   //  not a say: ignored
    assert_int_equal (lesson_run (lesson), LESSON_ASK);
    check_eq (&fx->engine, lesson_step (lesson), 2);
    check_eq (&fx->engine, lesson_expected_answer (lesson), 2);
    assert_int_equal (lesson_answer (lesson, 0), -1);
    assert_int_equal (lesson_answer (lesson, 4), -1);
    assert_int_equal (lesson_answer (lesson, -1), -1);
    assert_int_equal (lesson_run (lesson), LESSON_ASK);    //  a refused answer changes nothing
    assert_int_equal (lesson_answer (lesson, 3), 0);       //  a wrong prediction is allowed
    assert_int_equal (lesson_run (lesson), LESSON_DONE);
    assert_int_equal (lesson_run (lesson), LESSON_DONE);
    assert_null (lesson_error (lesson));
    check_eq (&fx->engine, lesson_checks_passed (lesson), 1);
    check_eq (&fx->engine, lesson_checks_failed (lesson), 0);

    s_take_items (fx);
    //  The answer comes with the check's result, after it.
    static const item_kind_t order [] = { ITEM_TITLE, ITEM_SAY, ITEM_ASK, ITEM_CHOSEN,
                                          ITEM_EXPECT, ITEM_REVEAL };
    if (fx->n_items != 6)
        s_dump_items (fx);
    check_eq (&fx->engine, fx->n_items, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal (fx->items [i].kind, order [i]);
    const lesson_item_t *items = fx->items;
    assert_string_equal (items [0].text, "Steps");
    assert_string_equal (items [0].detail, "About steps");
    assert_string_equal (items [1].text, "one");
    assert_int_equal (items [1].line, 2);
    assert_string_equal (items [2].text, "Which?");
    assert_int_equal (items [2].n_choices, 3);
    assert_string_equal (items [2].choices [0], "a");
    assert_string_equal (items [2].choices [2], "c");
    assert_int_equal (items [2].answer, 2);
    assert_int_equal (items [3].chosen, 3);
    assert_int_equal (items [5].answer, 2);
    assert_string_equal (items [5].detail, "b");
    assert_string_equal (items [5].text, "because");
    assert_string_equal (items [4].text, "ask returns the chosen number");
    assert_true (items [4].passed);
    assert_int_equal (items [4].line, 5);
}

//  The reveal also comes when the lesson ends without another expect.
static void
test_reveal_at_end (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER "ask { q = 'Q', choices = { 'x', 'y' }, answer = 1, explain = 'E' }\n");
    s_assert_passed (fx, s_run (fx), 0);
    const lesson_item_t *reveal = s_item (fx, ITEM_REVEAL, 0);
    assert_non_null (reveal);
    assert_string_equal (reveal->text, "E");
    assert_string_equal (reveal->detail, "x");
}

typedef struct {
    lesson_t *lesson;           //  waiting in wait(30)
    lab_t *lab;                 //  whose clock it waits on
    double start;               //  lab time when the wait began
    lesson_status_t status;     //  of the last lesson_run
    int waits;                  //  rounds that still waited
} lab_time_wait_t;

//  A test_step_t: runs the waiting lesson once; earlier than 30 lab seconds
//  after the start it must still wait; once it goes on, 30 have passed.
static bool
s_lab_time_step (void *arg)
{
    lab_time_wait_t *self = arg;
    self->status = lesson_run (self->lesson);
    if (lab_now (self->lab) < self->start + 30)
        assert_int_equal (self->status, LESSON_WAITING);
    if (self->status != LESSON_WAITING)
        return true;
    self->waits++;
    return false;
}

static void
test_wait_lab_time (void **state)
{
    fx_t *fx = *state;
    lesson_t *lesson = s_open (fx, HEADER
                               "speed(100)\n"
                               "wait(30)\n"
                               "expect(speed() == 100, 'speed() reads the factor')\n");
    lab_t *lab = fx->engine.lab;
    lab_time_wait_t lab_time = { lesson, lab, lab_now (lab), LESSON_WAITING, 0 };
    assert_int_equal (lesson_run (lesson), LESSON_WAITING);
    assert_true (lab_speed (lab) > 99.9 && lab_speed (lab) < 100.1);
    test_poll_until (lab, s_lab_time_step, &lab_time, RUN_DEADLINE_MS, "30 lab seconds to pass");
    assert_int_equal (lab_time.status, LESSON_DONE);
    assert_true (lab_now (lab) >= lab_time.start + 30);
    check_ge (&fx->engine, lab_time.waits, 1);
    s_take_items (fx);
    s_assert_passed (fx, lab_time.status, 1);
}

static void
test_wait_until_result (void **state)
{
    fx_t *fx = *state;
    lesson_t *lesson = s_open (fx, HEADER
        "speed(100)\n"
        "local timed_out = wait_until(function () return false end, 2)\n"
        "expect(timed_out == false, 'false on timeout')\n"
        "local n = 0\n"
        "local met = wait_until(function () n = n + 1; return n >= 3 end, 3000)\n"
        "expect(met == true, 'true when met')\n"
        "expect(n >= 3, 'the condition is polled until it holds')\n"
        "expect(wait_until(function () return true end) == true, 'true at once')\n");
    lab_t *lab = fx->engine.lab;
    double start = lab_now (lab);
    assert_int_equal (lesson_run (lesson), LESSON_WAITING);
    s_assert_passed (fx, s_run (fx), 4);
    assert_true (lab_now (lab) >= start + 2);
    //  The polled condition ended well before its timeout.
    assert_true (lab_now (lab) < start + 2000);
}

static void
test_checks_counted (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "expect(true, 'a')\n"
            "expect(1 == 1, 'b')\n"
            "expect(0, 'zero is true in Lua')\n"
            "local r = expect(false, 'd')\n"
            "expect(nil, { en = 'e', zh = '五' })\n"
            "hint 'a hint'\n"
            "log('a log', 1)\n"
            "print(42)\n"
            "say 'the end'\n");
    lesson_status_t status = s_run (fx);
    assert_int_equal (status, LESSON_DONE);    //  failed checks do not end a lesson
    check_eq (&fx->engine, lesson_checks_passed (fx->lesson), 3);
    check_eq (&fx->engine, lesson_checks_failed (fx->lesson), 2);
    check_eq (&fx->engine, s_count_items (fx, ITEM_EXPECT), 5);
    assert_true (s_item (fx, ITEM_EXPECT, 2)->passed);
    assert_false (s_item (fx, ITEM_EXPECT, 3)->passed);
    assert_false (s_item (fx, ITEM_EXPECT, 4)->passed);
    assert_string_equal (s_item (fx, ITEM_EXPECT, 4)->text, "e");
    assert_string_equal (s_item (fx, ITEM_HINT, 0)->text, "a hint");
    assert_string_equal (s_item (fx, ITEM_LOG, 0)->text, "a log\t1");
    assert_string_equal (s_item (fx, ITEM_LOG, 1)->text, "42");
    assert_null (lesson_error (fx->lesson));
}

//  The API against real actors: spawn, stats, link, control, focus.
static void
test_actors (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
        "local pub = spawn('publisher', { name = 'pub', bind = 'inproc://lesson-actors',\n"
        "                                 rate = 50, topic = 'news' })\n"
        "local sub = spawn('subscriber', { name = 'sub', connect = 'inproc://lesson-actors',\n"
        "                                  subscribe = 'news', quiet = true })\n"
        "expect(pub.name == 'pub' and tostring(pub) == 'actor pub', 'handle')\n"
        "expect(actor('sub') ~= nil and actor('nobody') == nil, 'actor()')\n"
        "expect(actor(5) == nil, 'a number names no actor')\n"
        "focus(sub)\n"
        "expect(wait_until(function () return sub:stats().received >= 3 end, 30), 'received')\n"
        "local s = sub:stats()\n"
        "expect(type(s.sent) == 'number' and type(s.lost) == 'number' and\n"
        "       type(s.missed) == 'number' and type(s.errors) == 'number' and\n"
        "       type(s.state) == 'string', 'stats fields')\n"
        "local l = link('pub', sub)\n"
        "expect(l ~= nil and l.delivered >= 3 and type(l.lost) == 'number' and\n"
        "       type(l.in_flight) == 'number' and l.capacity ~= nil, 'link fields')\n"
        "pub:pause()\n"
        "expect(wait_until(function () return pub:stats().state == 'paused' end, 30), 'paused')\n"
        "pub:resume()\n"
        "sub:set('RCVHWM', 5)\n"
        "pub:kill()\n"
        "expect(pub:stats().state == 'stopped', 'killed')\n"
        "pub:restart({ bind = 'inproc://lesson-actors-2', rate = 0, count = 2 })\n"
        "expect(wait_until(function () return pub:stats().state == 'stopped' end, 30),\n"
        "       'restarted and finished')\n"
        "expect(pub:stats().sent == 2, 'counters start again')\n");
    lesson_status_t status = s_run (fx);
    s_assert_passed (fx, status, 10);
    const lesson_item_t *focus = s_item (fx, ITEM_FOCUS, 0);
    assert_non_null (focus);
    assert_string_equal (focus->text, "sub");
    //  What the lesson saw through the API is the lab's own state.
    lab_snapshot_t *snap = test_snap (&fx->engine);
    const actor_stats_t *pub = test_actor (snap, "pub");
    assert_int_equal (pub->state, ACTOR_STOPPED);
    check_eq (&fx->engine, pub->restarts, 1);
    check_eq (&fx->engine, pub->sent, 2);
    check_ge (&fx->engine, test_actor (snap, "sub")->received, 3);
    check_ge (&fx->engine, test_link (snap, "pub", "sub")->delivered, 3);
}

//  A lesson destroyed while it waits, with actors running: nothing leaks or hangs.
static void
test_destroy_while_waiting (void **state)
{
    fx_t *fx = *state;
    lesson_t *lesson = s_open (fx, HEADER
                               "spawn('publisher', { bind = 'inproc://lesson-destroy', rate = 100 })\n"
                               "wait(1000)\n");
    assert_int_equal (lesson_run (lesson), LESSON_WAITING);
    lesson_destroy (&fx->lesson);
    assert_null (fx->lesson);
    lesson_destroy (&fx->lesson);              //  harmless twice
    lesson_destroy (NULL);
    lab_destroy (&fx->engine.lab);
}

//  Regression: s_params_text serialises params with a luaL_Buffer while pushing
//  keys and values with lua_next; once the text outgrows the buffer's
//  first block (~1 KiB), the buffer takes the top of the stack for its box
//  and the params text comes out corrupted ("params:1: unexpected
//  symbol near '<\16>'").
static void
test_long_params (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "local p = spawn('publisher', { bind = 'inproc://lesson-long',\n"
            "                               text = string.rep('y', 5000), rate = 0, count = 1 })\n"
            "expect(p ~= nil, 'a long string param')\n"
            "local list = {}\n"
            "for i = 1, 400 do list[i] = 'topic' .. i end\n"
            "local q = spawn('publisher', { name = 'q', bind = 'inproc://lesson-long-2',\n"
            "                               topics = list, rate = 0, count = 1 })\n"
            "expect(q ~= nil, 'a long list param')\n");
    s_assert_passed (fx, s_run (fx), 2);
}

//  Params keep Lua's number subtypes on the way to the actor's thread:
//  math.mininteger came as a float (its decimal text overflows), 3.0 as
//  the integer 3; every value comes exactly as it was.
static void
test_params_number_types (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "behaviour('types', [[\n"
            "  for k, v in pairs(params) do\n"
            "    report(k, math.type(v) .. ' ' .. string.format('%q', v))\n"
            "  end\n"
            "  report('done', 'yes')\n"
            "]])\n"
            "local values = { min = math.mininteger, max = math.maxinteger, three = 3.0,\n"
            "                 int = 3, zero = -0.0, tenth = 0.1, big = 2^63, huge = 1e300,\n"
            "                 tiny = -5e-324, neg = -7 }\n"
            "local a = spawn('types', values)\n"
            "wait_until(function() return a:stats().report.done == 'yes' end, 30)\n"
            "for k, v in pairs(values) do\n"
            "  local want = math.type(v) .. ' ' .. string.format('%q', v)\n"
            "  expect(a:stats().report[k] == want, k .. ': ' .. tostring(a:stats().report[k]) ..\n"
            "         ', expected ' .. want)\n"
            "end\n");
    s_assert_passed (fx, s_run (fx), 10);
}

//  Regression: a lesson that never calls lesson {} (and nothing else that would
//  complain) fails with "the lesson never called lesson { … }" without
//  the file:line that every other lesson error has.
static void
test_no_lesson_call (void **state)
{
    fx_t *fx = *state;
    s_open (fx, "local x = 1\n");
    s_assert_failed (fx, s_run (fx), "lesson {", MSG_HINT_META);
    s_assert_location (fx, 0);
}

//  --- every API function's argument errors ---------------------------------------------

enum {
    BARE = 1,           //  no lesson {} line before the snippet
    RUN_ONLY = 2,       //  a check (dry run) cannot see it
    CHECKED_TOO = 4,    //  a check once missed it (a regression test for --check)
    DRY_ONLY = 8        //  only a check gives this message (a real run: the engine's)
};

typedef struct {
    const char *name;
    const char *source;     //  after HEADER unless BARE
    const char *error;      //  a part of the expected message
    int line;               //  of the error in the snippet (1-based); 0: its last line
    int flags;
} error_case_t;

#define SPAWN_P "local p = spawn('publisher', { bind = 'inproc://api' })\n"

static const error_case_t s_error_cases [] = {
    //  spawn
    { "spawn()", "spawn()", "bad argument #1 to 'spawn' (string expected, got no value)", 0, 0 },
    { "spawn(42)", "spawn(42)", "unknown behaviour '42'", 0, 0 },
    { "spawn({})", "spawn({})", "bad argument #1 to 'spawn' (string expected, got table)", 0, 0 },
    { "spawn(publisher, 5)", "spawn('publisher', 5)",
      "bad argument #2 to 'spawn' (table expected, got number)", 0, 0 },
    { "spawn(publisher, x)", "spawn('publisher', 'x')", "table expected, got string", 0, 0 },
    { "spawn(no_such_behaviour)", "spawn('no_such_behaviour')",
      "unknown behaviour 'no_such_behaviour'", 0, 0 },
    { "spawn name not a string", "spawn('publisher', { name = {} })",
      "params.name must be a string", 0, 0 },
    { "spawn the same name twice", SPAWN_P "spawn('publisher', { bind = 'inproc://api-2' })",
      "already", 0, 0 },
    { "params with a function", "spawn('publisher', { bind = 'inproc://api', f = print })",
      "not a function", 0, 0 },
    { "params nested too deep", "spawn('publisher', { a = { b = { c = { d = {} } } } })",
      "nested too deep", 0, 0 },
    { "params not finite", "spawn('publisher', { rate = math.huge })", "finite", 0, 0 },
    { "params with a table key", "spawn('publisher', { [{}] = 1 })",
      "keys must be strings or numbers", 0, 0 },
    //  ask
    { "ask{}", "ask {}", "ask { q = … }", 0, 0 },
    { "ask(5)", "ask(5)", "bad argument #1 to 'ask' (table expected, got number)", 0, 0 },
    { "ask without choices", "ask { q = '?', answer = 1 }", "ask { choices = { … } }", 0, 0 },
    { "ask with one choice", "ask { q = '?', choices = { 'a' }, answer = 1 }",
      "give two to nine", 0, 0 },
    { "ask with ten choices",
      "ask { q = '?', choices = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, answer = 1 }",
      "give two to nine", 0, 0 },
    { "ask answer out of range", "ask { q = '?', choices = { 'a', 'b' }, answer = 3 }",
      "the number of the right choice, 1 to 2", 0, 0 },
    { "ask without answer", "ask { q = '?', choices = { 'a', 'b' } }", "1 to 2", 0, 0 },
    { "ask answer not an integer", "ask { q = '?', choices = { 'a', 'b' }, answer = 1.5 }",
      "1 to 2", 0, 0 },
    //  Regression (ASan reports a leak at exit): l_ask has strdup'ed the question and
    //  the choices so far when lesson_text raises for a bad choice or explain.
    { "ask choice not a text", "ask { q = '?', choices = { 'a', true }, answer = 1 }",
      "ask choice: expected a text", 0, 0 },
    //  time
    { "wait(x)", "wait('x')", "bad argument #1 to 'wait' (number expected, got string)", 0, 0 },
    { "wait()", "wait()", "bad argument #1 to 'wait' (number expected, got no value)", 0, 0 },
    { "wait(-1)", "wait(-1)", "seconds from 0 to 3600", 0, 0 },
    { "wait(1e9)", "wait(1e9)", "seconds from 0 to 3600", 0, 0 },
    { "wait_until(5)", "wait_until(5)",
      "bad argument #1 to 'wait_until' (function expected, got number)", 0, 0 },
    { "wait_until timeout 0", "wait_until(function () return true end, 0)",
      "timeout seconds", 0, 0 },
    { "wait_until timeout x", "wait_until(function () return true end, 'x')",
      "number expected, got string", 0, 0 },
    { "wait_until condition raises",
      "wait_until(function ()\n"
      "    error('boom')\n"
      "end)", "boom", 2, RUN_ONLY },
    { "speed(0)", "speed(0)", "bad argument #1 to 'speed' (a factor from 0.01 to 1000)", 0, 0 },
    { "speed(fast)", "speed('fast')", "number expected, got string", 0, 0 },
    { "stepping(yes)", "stepping('yes')",
      "bad argument #1 to 'stepping' (boolean expected, got string)", 0, 0 },
    //  texts
    { "expect()", "expect()", "bad argument #1 to 'expect' (value expected)", 0, 0 },
    { "expect without text", "expect(true)", "expect: expected a text", 0, 0 },
    { "expect(true, 5)", "expect(true, 5)", "expect: expected a text", 0, 0 },
    { "say(5)", "say(5)", "say: expected a text", 0, 0 },
    { "say()", "say()", "say: expected a text", 0, 0 },
    { "say({fr=x})", "say({ fr = 'x' })", "neither en nor zh", 0, 0 },
    { "say({en=5})", "say({ en = 5 })", "neither en nor zh", 0, 0 },
    { "hint(5)", "hint(5)", "hint: expected a text", 0, 0 },
    //  actors by name
    { "link(nobody, nobody)", "link('nobody', 'nobody')", "no actor named 'nobody'", 0, 0 },
    { "link()", "link()", "bad argument #1 to 'link' (string expected, got no value)", 0, 0 },
    { "link(p, nobody)", SPAWN_P "link(p, 'nobody')", "no actor named 'nobody'", 0, 0 },
    { "actor()", "actor()", "bad argument #1 to 'actor' (string expected, got no value)", 0, 0 },
    { "actor({})", "actor({})", "string expected, got table", 0, 0 },
    { "focus(nobody)", "focus('nobody')", "no actor named 'nobody'", 0, 0 },
    //  behaviour
    { "behaviour(bad name!)", "behaviour('bad name!', 'local x = 1')", "is not a name", 0,
      CHECKED_TOO },
    { "behaviour syntax error", "behaviour('b', 'syntax error here (')", "behaviour 'b'", 0, 0 },
    { "behaviour without source", "behaviour('b')",
      "bad argument #2 to 'behaviour' (string expected, got no value)", 0, 0 },
    { "behaviour bytecode", "behaviour('b', '\\27Lua\\84\\0 not text')", "binary", 0, 0 },
    //  lesson {}
    { "lesson{} without id", "lesson {}", "lesson { id = … }", 0, BARE },
    { "lesson bad id", "lesson { id = 'Not An Id', title = 'T' }", "lesson { id = … }", 0, BARE },
    { "lesson without title", "lesson { id = 'x' }", "every lesson has a title", 0, BARE },
    { "lesson title 42", "lesson { id = 'x', title = 42 }", "title: expected a text", 0, BARE },
    { "lesson level a table", "lesson { id = 'x', title = 'T', level = {} }",
      "lesson { level = … }", 0, BARE },
    { "lesson(x)", "lesson('x')", "bad argument #1 to 'lesson' (table expected, got string)", 0,
      BARE },
    { "lesson twice", "lesson { id = 'again', title = 'T' }", "is called once", 0, 0 },
    { "say before lesson", "say 'hi'", "a lesson starts with lesson { … }", 0, BARE },
    { "spawn before lesson", "spawn('publisher')", "a lesson starts with lesson { … }", 0, BARE },
    { "expect before lesson", "expect(true, 'x')", "a lesson starts with lesson { … }", 0, BARE },
    { "wait before lesson", "wait(1)", "a lesson starts with lesson { … }", 0, BARE },
    //  handle methods
    { ":set(NOT_AN_OPTION, 1)", SPAWN_P "p:set('NOT_AN_OPTION', 1)",
      "unknown option 'NOT_AN_OPTION'", 0, 0 },
    { ":set(SNDHWM)", SPAWN_P "p:set('SNDHWM')", "value expected", 0, 0 },
    { ":restart(5)", SPAWN_P "p:restart(5)", "table expected, got number", 0, 0 },
    { ":restart params with a function", SPAWN_P "p:restart({ f = print })", "not a function", 0,
      0 },
    { ":feed()", SPAWN_P "p:feed()", "string expected, got no value", 0, 0 },
    { ".stats(nobody)", SPAWN_P "p.stats('nobody')", "no actor named 'nobody'", 0, 0 },
    //  sandbox escapes, called
    { "io.open", "local f = io.open('/etc/passwd')", "nil value", 0, 0 },
    { "os.execute", "os.execute('true')", "nil value", 0, 0 },
    { "require", "require('os')", "nil value", 0, 0 },
    { "load", "load('return 1')", "nil value", 0, 0 },
    { "loadfile", "loadfile('/etc/passwd')", "nil value", 0, 0 },
    { "dofile", "dofile('/etc/passwd')", "nil value", 0, 0 },
    { "string.dump", "string.dump(print)", "nil value", 0, 0 },
    { "(\"\"):dump", "local s = ('x'):dump()", "nil value", 0, 0 },
    { "collectgarbage", "collectgarbage('count')", "nil value", 0, 0 },
    { "coroutine.create", "coroutine.create(print)", "nil value", 0, 0 },
    { "debug.getinfo", "debug.getinfo(1)", "nil value", 0, 0 },
    { "package.loaded", "local l = package.loaded", "nil value", 0, 0 },
    //  plain runtime errors
    { "error()", "local x = 1\nerror('my own message')", "my own message", 0, 0 },
    { "index nil", "local t\nlocal y = t.x", "attempt to index a nil value", 0, 0 },
};
enum { ERROR_CASES = sizeof s_error_cases / sizeof s_error_cases [0] };

static int
s_error_line (const error_case_t *row)
{
    int header = row->flags & BARE ? 0 : 1;
    if (row->line)
        return header + row->line;
    int lines = 1;
    for (const char *c = row->source; *c; c++)
        lines += *c == '\n';
    return header + lines;
}

static void
s_api_error (fx_t *fx, bool dry)
{
    const error_case_t *row = fx->row;
    char source [1024];
    snprintf (source, sizeof source, "%s%s\n", row->flags & BARE ? "" : HEADER, row->source);
    s_open_lang (fx, source, LANG_EN, dry);
    lesson_status_t status = s_run (fx);
    s_assert_failed (fx, status, row->error, MSG_COUNT);
    s_assert_location (fx, s_error_line (row));
}

static void
test_api_error (void **state)
{
    s_api_error (*state, false);
}

//  --check sees the same mistakes: a dry run fails the same way.
static void
test_api_error_checked (void **state)
{
    //  Rows marked CHECKED_TOO once passed --check: a dry run did not check
    //  behaviour names (lab_define did, and a dry run has no lab).
    s_api_error (*state, true);
}

//  --- the runtime's own errors in Chinese ----------------------------------------------

//  A lesson in Chinese gets zmqlab's messages in Chinese, still after
//  "path:line:", with the Chinese hint; Lua's own messages stay as Lua
//  writes them.
typedef struct {
    error_case_t error;     //  .error: a part of the Chinese message
    msg_id_t hint;
} zh_error_case_t;

static const zh_error_case_t s_zh_error_cases [] = {
    { { "spawn(no_such)", "spawn('no_such')", "spawn：未知的行为 'no_such'", 0, DRY_ONLY },
      MSG_HINT_BEHAVIOUR },
    { { "spawn the same name twice", SPAWN_P "spawn('publisher', { bind = 'inproc://api-2' })",
        "已经有一个名为 'publisher' 的参与者", 0, DRY_ONLY }, MSG_HINT_RUNTIME },
    { { "params with a function", "spawn('publisher', { f = print })",
        "参数只能是字符串、数字、布尔值和表，不能是 function", 0, 0 }, MSG_HINT_RUNTIME },
    { { "link(nobody, nobody)", "link('nobody', 'nobody')", "没有名为 'nobody' 的参与者", 0, 0 },
      MSG_HINT_RUNTIME },
    { { "ask with one choice", "ask { q = '?', choices = { 'a' }, answer = 1 }",
        "ask：有 1 个选项；请给出二到九个", 0, 0 }, MSG_HINT_RUNTIME },
    { { "say(5)", "say(5)", "say：需要文本", 0, 0 }, MSG_HINT_RUNTIME },
    { { ":set(NOT_AN_OPTION, 1)", SPAWN_P "p:set('NOT_AN_OPTION', 1)",
        "未知的套接字选项 'NOT_AN_OPTION'", 0, 0 }, MSG_HINT_RUNTIME },
    { { "behaviour syntax error", "behaviour('b', 'syntax error here (')", "行为 'b' 有错误：",
        0, 0 }, MSG_HINT_BEHAVIOUR },
    { { "say before lesson", "say 'hi'", "课程以 lesson { … } 开头", 0, BARE }, MSG_HINT_META },
    { { "no lesson call", "local x = 1", "课程从未调用 lesson { … }", 0, BARE | RUN_ONLY },
      MSG_HINT_META },
    { { "infinite loop", "while true do end", "超出指令预算", 0, 0 }, MSG_HINT_BUDGET },
    //  The runtime's part of an argument error is Chinese, Lua's frame is not.
    { { "wait(-1)", "wait(-1)", "bad argument #1 to 'wait' (秒数应在 0 到 3600 之间)", 0, 0 },
      MSG_HINT_RUNTIME },
    { { "spawn()", "spawn()", "bad argument #1 to 'spawn' (string expected, got no value)", 0,
        0 }, MSG_HINT_RUNTIME },
};
enum { ZH_ERROR_CASES = sizeof s_zh_error_cases / sizeof s_zh_error_cases [0] };

static void
s_zh_error (fx_t *fx, bool dry)
{
    const zh_error_case_t *row = fx->row;
    char source [1024];
    snprintf (source, sizeof source, "%s%s\n", row->error.flags & BARE ? "" : HEADER,
              row->error.source);
    s_open_lang (fx, source, LANG_ZH, dry);
    lesson_status_t status = s_run (fx);
    s_assert_failed (fx, status, row->error.error, MSG_COUNT);
    s_assert_location (fx, s_error_line (&row->error));
    const lesson_item_t *item = s_item (fx, ITEM_ERROR, s_count_items (fx, ITEM_ERROR) - 1);
    assert_string_equal (item->detail, i18n_msg (LANG_ZH, row->hint));
}

static void
test_zh_error (void **state)
{
    s_zh_error (*state, false);
}

static void
test_zh_error_checked (void **state)
{
    s_zh_error (*state, true);
}

//  A check in Chinese reports what it finds in Chinese; the English
//  report of the same lesson is unchanged.
static void
test_zh_reports (void **state)
{
    fx_t *fx = *state;
    static const char source [] =
        "lesson { id = 'r', title = 'T' }\n"
        "ask { q = '?', choices = { 'a', 'b' }, answer = 1 }\n";
    static const char *expected [LANG_COUNT][3] = {
        { "lesson { level = … } is missing", "lesson { summary = … } is missing",
          "ask without explain: say why the answer is right" },
        { "缺少 lesson { level = … }", "缺少 lesson { summary = … }",
          "ask 缺少 explain：请说明为什么这个答案是对的" },
    };
    for (i18n_lang_t lang = LANG_EN; lang < LANG_COUNT; lang++) {
        for (int i = 0; i < fx->n_items; i++)
            lesson_item_clear (&fx->items [i]);
        fx->n_items = 0;
        lesson_t *lesson = s_open_lang (fx, source, lang, true);
        assert_int_equal (lesson_run (lesson), LESSON_DONE);
        s_take_items (fx);
        if (s_count_items (fx, ITEM_ERROR) != 3)
            s_dump_items (fx);
        assert_int_equal (s_count_items (fx, ITEM_ERROR), 3);
        for (int i = 0; i < 3; i++) {
            const lesson_item_t *item = s_item (fx, ITEM_ERROR, i);
            assert_true (s_has_location (item->text, fx->path, i < 2 ? 1 : 2));
            if (!strstr (item->text, expected [lang][i]))
                fail_msg ("\"%s\" should contain \"%s\"", item->text, expected [lang][i]);
        }
    }
    //  The missing translation, in the language of the check.
    s_open_lang (fx, HEADER "say { en = 'only english' }\n", LANG_ZH, true);
    assert_int_equal (lesson_run (fx->lesson), LESSON_DONE);
    s_take_items (fx);
    const lesson_item_t *item = s_item (fx, ITEM_ERROR, s_count_items (fx, ITEM_ERROR) - 1);
    assert_non_null (item);
    assert_non_null (strstr (item->text, "say 的文本缺少翻译：zh"));
}

//  --- dry runs (--check) ------------------------------------------------------------

static const char s_complete [] =
    "lesson { id = 'ok', title = { en = 'T', zh = '题' }, summary = { en = 'S', zh = '概' },\n"
    "         level = 'beginner' }\n"
    "local p = spawn('publisher', { bind = 'inproc://dry' })\n"
    "spawn('subscriber', { connect = 'inproc://dry' })\n"
    "say { en = 'Hello', zh = '你好' }\n"
    "say 'plain text is fine in either language'\n"
    "local n = ask { q = { en = 'Q', zh = '问' }, choices = { 'a', 'b' }, answer = 2,\n"
    "                explain = { en = 'E', zh = '释' } }\n"
    "wait(100)\n"
    "wait_until(function () return false end, 100)\n"
    "expect(link('publisher', 'subscriber') ~= nil, { en = 'linked', zh = '已连接' })\n"
    "expect(p:stats().sent >= 0, 'stats in a dry run')\n"
    "p:set('SNDHWM', 10)\n"
    "p:kill()\n";

//  A complete lesson checks clean in both languages. It lies outside
//  lessons/ (no actors/ beside it): the dry run finds the shipped behaviours
//  in the ACTORS_DIR it is given, as a real run does.
static void
test_dry_run_complete (void **state)
{
    fx_t *fx = *state;
    for (i18n_lang_t lang = LANG_EN; lang < LANG_COUNT; lang++) {
        lesson_t *lesson = s_open_lang (fx, s_complete, lang, true);
        double start = test_now_ms ();
        //  Nothing waits in a dry run: one lesson_run goes to the end.
        lesson_status_t status = lesson_run (lesson);
        s_take_items (fx);
        if (status != LESSON_DONE || s_count_items (fx, ITEM_ERROR) != 0) {
            s_dump_items (fx);
            fail_msg ("a complete lesson should check clean (status %d, error %s)", status,
                      lesson_error (lesson) ? lesson_error (lesson) : "none");
        }
        assert_true (test_now_ms () - start < QUICK_MS);
        assert_non_null (lesson_meta (lesson));
    }
}

static void
test_read_meta (void **state)
{
    fx_t *fx = *state;
    lesson_meta_t meta;
    char *error = NULL;
    //  Only as far as lesson {}: the loop after it never runs.
    const char *path = s_write_lesson (fx,
        "lesson { id = 'meta', title = { en = 'Title', zh = '标题' }, summary = 'S',\n"
        "         level = 'advanced' }\n"
        "while true do end\n");
    assert_int_equal (lesson_read_meta (path, LANG_ZH, &meta, &error), 0);
    assert_null (error);
    assert_string_equal (meta.id, "meta");
    assert_string_equal (meta.title, "标题");
    assert_string_equal (meta.summary, "S");
    assert_string_equal (meta.level, "advanced");
    lesson_meta_clear (&meta);
    assert_null (meta.id);

    path = s_write_lesson (fx, "say 'no lesson call'\n");
    assert_int_equal (lesson_read_meta (path, LANG_EN, &meta, &error), -1);
    assert_non_null (error);
    assert_non_null (strstr (error, path));
    free (error);
    error = NULL;

    path = s_write_lesson (fx, "lesson { id = 'x', title = 'T' \n");
    assert_int_equal (lesson_read_meta (path, LANG_EN, &meta, &error), -1);
    assert_non_null (error);
    free (error);
    error = NULL;

    snprintf (fx->path, sizeof fx->path, "%s/missing.lua", fx->dir);
    assert_int_equal (lesson_read_meta (fx->path, LANG_EN, &meta, &error), -1);
    assert_non_null (error);
    free (error);
}

//  A file that does not parse: NULL from lesson_open, "file:line:" and a hint.
static void
test_syntax_error (void **state)
{
    fx_t *fx = *state;
    const char *path = s_write_lesson (fx, HEADER "say('unclosed'\n\nexpect(true, 'x')\n");
    char *error = NULL;
    assert_null (lesson_open (path, test_fixture_lab (&fx->engine), LANG_EN, &error));
    assert_non_null (error);
    if (!s_has_location (error, path, 0))
        fail_msg ("no file:line in \"%s\"", error);
    assert_non_null (strstr (error, i18n_msg (LANG_EN, MSG_HINT_SYNTAX)));
    free (error);
    error = NULL;
    assert_null (lesson_open_dry (path, LANG_ZH, TEST_ACTORS_DIR, &error));
    assert_non_null (error);
    assert_non_null (strstr (error, i18n_msg (LANG_ZH, MSG_HINT_SYNTAX)));
    free (error);
    error = NULL;
    snprintf (fx->path, sizeof fx->path, "%s/missing.lua", fx->dir);
    assert_null (lesson_open (fx->path, test_fixture_lab (&fx->engine), LANG_EN, &error));
    assert_non_null (error);
    assert_non_null (strstr (error, fx->path));
    free (error);
}

//  --- i18n -----------------------------------------------------------------------------

static const char s_partial [] =
    "lesson { id = 'i18n', title = { en = 'Title', zh = '标题' }, summary = 'S', level = 'x' }\n"
    "say { en = 'only english' }\n"                 //  2
    "say { zh = '只有中文' }\n"                      //  3
    "say 'plain'\n"                                 //  4
    "ask { q = 'Q', choices = { { en = 'a' }, 'b' }, answer = 2, explain = 'E' }\n";   //  5

static void
test_i18n_fallback (void **state)
{
    fx_t *fx = *state;
    static const char *expected [LANG_COUNT][4] = {
        { "Title", "only english", "只有中文", "plain" },
        { "标题", "only english", "只有中文", "plain" },
    };
    for (i18n_lang_t lang = LANG_EN; lang < LANG_COUNT; lang++) {
        for (int i = 0; i < fx->n_items; i++)
            lesson_item_clear (&fx->items [i]);
        fx->n_items = 0;
        s_open_lang (fx, s_partial, lang, false);
        s_assert_passed (fx, s_run (fx), 0);
        assert_string_equal (s_item (fx, ITEM_TITLE, 0)->text, expected [lang][0]);
        assert_string_equal (lesson_meta (fx->lesson)->title, expected [lang][0]);
        for (int i = 0; i < 3; i++)
            assert_string_equal (s_item (fx, ITEM_SAY, i)->text, expected [lang][i + 1]);
        assert_string_equal (s_item (fx, ITEM_ASK, 0)->choices [0], "a");
        //  A real run does not complain: the fallback is the point.
        assert_int_equal (s_count_items (fx, ITEM_ERROR), 0);
    }
}

static void
test_i18n_missing_reported (void **state)
{
    fx_t *fx = *state;
    //  Whatever the language of the check, both translations are checked.
    for (i18n_lang_t lang = LANG_EN; lang < LANG_COUNT; lang++) {
        for (int i = 0; i < fx->n_items; i++)
            lesson_item_clear (&fx->items [i]);
        fx->n_items = 0;
        lesson_t *lesson = s_open_lang (fx, s_partial, lang, true);
        assert_int_equal (lesson_run (lesson), LESSON_DONE);
        s_take_items (fx);
        if (s_count_items (fx, ITEM_ERROR) != 3)
            s_dump_items (fx);
        assert_int_equal (s_count_items (fx, ITEM_ERROR), 3);
        const lesson_item_t *en_only = s_item (fx, ITEM_ERROR, 0);
        const lesson_item_t *zh_only = s_item (fx, ITEM_ERROR, 1);
        const lesson_item_t *choice = s_item (fx, ITEM_ERROR, 2);
        assert_true (s_has_location (en_only->text, fx->path, 2));
        assert_non_null (strstr (en_only->text, "zh"));
        assert_true (s_has_location (zh_only->text, fx->path, 3));
        assert_non_null (strstr (zh_only->text, "en"));
        assert_true (s_has_location (choice->text, fx->path, 5));
        assert_non_null (strstr (choice->text, "zh"));
        assert_non_null (strstr (en_only->text, i18n_msg (lang, MSG_MISSING_TRANSLATION)));
    }
}

static void
test_i18n_parse (void **state)
{
    (void) state;
    static const struct { const char *name; int rc; i18n_lang_t lang; } cases [] = {
        { "en", 0, LANG_EN }, { "zh", 0, LANG_ZH }, { "zh_CN", 0, LANG_ZH },
        { "zh_CN.UTF-8", 0, LANG_ZH }, { "zh_TW", 0, LANG_ZH }, { "en_US.UTF-8", 0, LANG_EN },
        { "fr", -1, LANG_COUNT }, { "", -1, LANG_COUNT }, { "C", -1, LANG_COUNT },
        { "e", -1, LANG_COUNT }, { "z", -1, LANG_COUNT }, { NULL, -1, LANG_COUNT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        i18n_lang_t lang = LANG_COUNT;      //  untouched on failure
        int rc = i18n_parse (cases [i].name, &lang);
        if (rc != cases [i].rc || lang != cases [i].lang)
            fail_msg ("i18n_parse (\"%s\") gave %d, lang %d", cases [i].name ? cases [i].name
                      : "NULL", rc, lang);
    }
    assert_string_equal (i18n_code (LANG_EN), "en");
    assert_string_equal (i18n_code (LANG_ZH), "zh");
}

static void
s_set_locale (const char *lc_all, const char *lc_messages, const char *lang)
{
    const char *values [] = { lc_all, lc_messages, lang };
    const char *names [] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        if (values [i])
            setenv (names [i], values [i], 1);
        else
            unsetenv (names [i]);
    }
}

static void
test_i18n_environment (void **state)
{
    (void) state;       //  the fixture restores the variables
    static const struct {
        const char *lc_all, *lc_messages, *lang;
        i18n_lang_t expected;
    } cases [] = {
        { NULL, NULL, NULL, LANG_EN },
        { NULL, NULL, "zh_CN.UTF-8", LANG_ZH },
        { NULL, NULL, "en_US.UTF-8", LANG_EN },
        { NULL, NULL, "C", LANG_EN },
        { NULL, NULL, "fr_FR.UTF-8", LANG_EN },
        { NULL, "zh_TW.UTF-8", "en_US.UTF-8", LANG_ZH },    //  LC_MESSAGES before LANG
        { "en_US.UTF-8", "zh_CN", "zh_CN", LANG_EN },        //  LC_ALL first
        { "zh_CN.UTF-8", NULL, "en_US", LANG_ZH },
        { "", "", "zh_CN.UTF-8", LANG_ZH },                  //  empty counts as unset
        { "", "C", "zh_CN.UTF-8", LANG_EN },                 //  the first one set decides
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        s_set_locale (cases [i].lc_all, cases [i].lc_messages, cases [i].lang);
        if (i18n_from_environment () != cases [i].expected)
            fail_msg ("LC_ALL=%s LC_MESSAGES=%s LANG=%s should give %s",
                      cases [i].lc_all ? cases [i].lc_all : "(unset)",
                      cases [i].lc_messages ? cases [i].lc_messages : "(unset)",
                      cases [i].lang ? cases [i].lang : "(unset)",
                      i18n_code (cases [i].expected));
    }
}

//  Every program message exists in both languages (and is translated).
static void
test_i18n_messages (void **state)
{
    (void) state;
    for (int id = 0; id < MSG_COUNT; id++) {
        const char *en = i18n_msg (LANG_EN, (msg_id_t) id);
        const char *zh = i18n_msg (LANG_ZH, (msg_id_t) id);
        assert_non_null (en);
        assert_non_null (zh);
        if (!*en || !*zh || strcmp (en, "?") == 0)
            fail_msg ("message %d is missing", id);
        if (id != MSG_NOT_FINISHED && strcmp (en, zh) == 0)
            fail_msg ("message %d is not translated: \"%s\"", id, en);
    }
    assert_string_equal (i18n_msg (LANG_EN, MSG_COUNT), "?");
}

//  --- progress ------------------------------------------------------------------------

//  Writes the progress file (creating its directory) with CONTENT.
static void
s_write_progress (fx_t *fx, const char *content, size_t size)
{
    char dir [128];
    snprintf (dir, sizeof dir, "%s/state", fx->dir);
    mkdir (dir, 0700);
    snprintf (dir, sizeof dir, "%s/state/zmqlab", fx->dir);
    mkdir (dir, 0700);
    s_write_bytes (fx, "state/zmqlab/progress", content, size);
}

static void
test_progress_path (void **state)
{
    fx_t *fx = *state;
    char expected [160];
    snprintf (expected, sizeof expected, "%s/state/zmqlab/progress", fx->dir);
    char *path = progress_path ();
    assert_string_equal (path, expected);
    free (path);
    unsetenv ("XDG_STATE_HOME");
    setenv ("HOME", "/home/learner", 1);
    path = progress_path ();
    assert_string_equal (path, "/home/learner/.local/state/zmqlab/progress");
    free (path);
    setenv ("XDG_STATE_HOME", "", 1);       //  empty: as if unset
    path = progress_path ();
    assert_string_equal (path, "/home/learner/.local/state/zmqlab/progress");
    free (path);
}

static void
test_progress_missing (void **state)
{
    (void) state;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (progress);
    assert_null (warning);
    assert_false (progress_finished (progress, "intro"));
    assert_int_equal (progress_last_step (progress, "intro"), 0);
    progress_destroy (&progress);
    assert_null (progress);
    progress_destroy (&progress);
    progress_destroy (NULL);
}

typedef struct {
    const char *name;
    const char *content;
    size_t size;            //  0: strlen
    int line;               //  the first damaged line, which the warning names
    const char *read;       //  a lesson id read in spite of the damage, or NULL
    const char *kept;       //  bytes the next save must keep as they are, or NULL
    size_t kept_size;
} progress_case_t;

static char s_long_line [4096];

//  A literal with its size, NUL bytes included.
#define BYTES(literal) literal, sizeof literal - 1

#define GARBAGE "\x7f" "ELF\x02\x01\x01 binary garbage \xff\xfe\n\x00\x01"

static const progress_case_t s_progress_cases [] = {
    { "garbage", BYTES (GARBAGE), 1, NULL, BYTES (GARBAGE "\n") },
    { "wrong header", BYTES ("zmqlab-progress 9\nintro 1 3\n"), 1, "intro",
      BYTES ("zmqlab-progress 9\n") },
    { "no header", BYTES ("intro 1 3\nhwm 0 2\n"), 1, "hwm", NULL, 0 },
    { "bad line", BYTES ("zmqlab-progress 1\nintro 1 3\nhwm x y\n"), 3, "intro",
      BYTES ("\nhwm x y\n") },
    { "bad finished flag", BYTES ("zmqlab-progress 1\nhwm 0 2\nintro 7 3\n"), 3, "hwm",
      BYTES ("\nintro 7 3\n") },
    { "negative step", BYTES ("zmqlab-progress 1\nintro 1 -3\nhwm 0 2\n"), 2, "hwm",
      BYTES ("\nintro 1 -3\n") },
    { "extra field", BYTES ("zmqlab-progress 1\nintro 1 3 x\n"), 2, NULL,
      BYTES ("\nintro 1 3 x\n") },
    { "bad id", BYTES ("zmqlab-progress 1\nIntro! 1 3\n"), 2, NULL, BYTES ("\nIntro! 1 3\n") },
    { "cut line", BYTES ("zmqlab-progress 2\nhwm 1 3 2 2\nintro 1 3 2"), 3, "hwm",
      BYTES ("\nintro 1 3 2\n") },
    { "bad solution", BYTES ("zmqlab-progress 2\nhwm 1 3 2 2\nsolution: hwm x\n"), 3, "hwm",
      BYTES ("\nsolution: hwm x\n") },
    { "NUL in a record", BYTES ("zmqlab-progress 2\nhwm 1 3 2 2\nintro\0 1 3 1 1\n"), 3, "hwm",
      BYTES ("\nintro\0 1 3 1 1\n") },
    { "overlong line", s_long_line, 0, 2, NULL, BYTES (" 1 1\n") },
};
enum { PROGRESS_CASES = sizeof s_progress_cases / sizeof s_progress_cases [0] };

//  Regression: a damaged file was ignored whole, and the next save wrote
//  this run's record alone over every other one. Now what can be read is
//  read, the rest is kept as it is, and the damage is reported by line.
static void
test_progress_damaged (void **state)
{
    fx_t *fx = *state;
    const progress_case_t *row = fx->row;
    s_write_progress (fx, row->content, row->size ? row->size : strlen (row->content));
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (progress);
    if (!warning)
        fail_msg ("a damaged progress file (%s) should be reported", row->name);
    char where [32];
    snprintf (where, sizeof where, "/progress:%d", row->line);
    if (!strstr (warning, where))
        fail_msg ("the warning \"%s\" should name line %d", warning, row->line);
    free (warning);
    if (row->read)
        assert_int_not_equal (progress_last_step (progress, row->read), 0);
    progress_record (progress, "mine", true, 1);
    char *error = NULL;
    assert_int_equal (progress_save (progress, &error), 0);
    assert_null (error);
    progress_destroy (&progress);
    //  Saving kept the damaged lines (reported again), and what was read.
    progress = progress_load (&warning);
    if (row->kept)
        assert_non_null (warning);
    else
        assert_null (warning);
    free (warning);
    assert_true (progress_finished (progress, "mine"));
    if (row->read)
        assert_int_not_equal (progress_last_step (progress, row->read), 0);
    progress_destroy (&progress);
    char path [160];
    snprintf (path, sizeof path, "%s/state/zmqlab/progress", fx->dir);
    FILE *file = fopen (path, "rb");
    assert_non_null (file);
    static char saved [8192];
    size_t size = fread (saved, 1, sizeof saved, file);
    fclose (file);
    if (row->kept && !memmem (saved, size, row->kept, row->kept_size))
        fail_msg ("the save lost the damaged part of \"%s\"", row->name);
    assert_non_null (memmem (saved, size, "\nmine 1 1 0 0\n", 14));
}

//  A directory where the file should be: unreadable, reported, not fatal,
//  and left as it is.
static void
test_progress_unreadable (void **state)
{
    fx_t *fx = *state;
    char dir [128];
    snprintf (dir, sizeof dir, "%s/state", fx->dir);
    assert_int_equal (mkdir (dir, 0700), 0);
    snprintf (dir, sizeof dir, "%s/state/zmqlab", fx->dir);
    assert_int_equal (mkdir (dir, 0700), 0);
    snprintf (dir, sizeof dir, "%s/state/zmqlab/progress", fx->dir);
    assert_int_equal (mkdir (dir, 0700), 0);
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (progress);
    assert_non_null (warning);
    assert_non_null (strstr (warning, strerror (EISDIR)));
    free (warning);
    assert_false (progress_finished (progress, "intro"));
    //  Saving does not replace a directory: an error, not a crash.
    progress_record (progress, "intro", true, 2);
    char *error = NULL;
    assert_int_equal (progress_save (progress, &error), -1);
    assert_non_null (error);
    assert_non_null (strstr (error, strerror (EISDIR)));
    free (error);
    progress_destroy (&progress);
    struct stat st;
    assert_int_equal (stat (dir, &st), 0);
    assert_true (S_ISDIR (st.st_mode));
}

static void
test_progress_round_trip (void **state)
{
    fx_t *fx = *state;
    char *warning = NULL, *error = NULL;
    progress_t *progress = progress_load (&warning);
    assert_null (warning);
    progress_record (progress, "request-reply", true, 7);
    progress_record (progress, "hwm", false, 3);
    progress_record (progress, "Not Valid!", true, 1);       //  ignored
    assert_int_equal (progress_save (progress, &error), 0);
    assert_null (error);
    progress_destroy (&progress);

    //  Written whole, under XDG_STATE_HOME, no temporary left behind: the
    //  directory holds the file and its lock, nothing else.
    char path [160];
    snprintf (path, sizeof path, "%s/state/zmqlab", fx->dir);
    DIR *dir = opendir (path);
    assert_non_null (dir);
    for (struct dirent *entry; (entry = readdir (dir)); )
        if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0
        &&  strcmp (entry->d_name, "progress") != 0 && strcmp (entry->d_name, "progress.lock") != 0)
            fail_msg ("left behind: %s", entry->d_name);
    closedir (dir);

    progress = progress_load (&warning);
    assert_null (warning);
    assert_true (progress_finished (progress, "request-reply"));
    assert_int_equal (progress_last_step (progress, "request-reply"), 7);
    assert_false (progress_finished (progress, "hwm"));
    assert_int_equal (progress_last_step (progress, "hwm"), 3);
    assert_false (progress_finished (progress, "Not Valid!"));

    //  Finished stays finished; the step is the last one reached.
    progress_record (progress, "request-reply", false, 2);
    assert_true (progress_finished (progress, "request-reply"));
    assert_int_equal (progress_last_step (progress, "request-reply"), 2);
    progress_record (progress, "hwm", true, 9);
    assert_int_equal (progress_save (progress, &error), 0);
    progress_destroy (&progress);

    progress = progress_load (&warning);
    assert_null (warning);
    assert_true (progress_finished (progress, "request-reply"));
    assert_int_equal (progress_last_step (progress, "request-reply"), 2);
    assert_true (progress_finished (progress, "hwm"));
    assert_int_equal (progress_last_step (progress, "hwm"), 9);
    progress_destroy (&progress);
}

//  XDG_STATE_HOME is a file: saving fails with a message, nothing crashes.
static void
test_progress_cannot_save (void **state)
{
    fx_t *fx = *state;
    const char *file = s_write_bytes (fx, "not-a-dir", "x", 1);
    setenv ("XDG_STATE_HOME", file, 1);
    char *warning = NULL, *error = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (progress);
    free (warning);             //  ENOTDIR may be reported; either way not fatal
    progress_record (progress, "intro", true, 1);
    assert_int_equal (progress_save (progress, &error), -1);
    assert_non_null (error);
    free (error);
    progress_destroy (&progress);
}

//  Regression: two runs that loaded the file before either saved lost one
//  record (the last save wrote its own view whole). A save merges what
//  its run recorded into the file as it is now.
static void
test_progress_merge (void **state)
{
    (void) state;
    char *warning = NULL, *error = NULL;
    progress_t *first = progress_load (&warning);
    progress_t *second = progress_load (&warning);
    assert_null (warning);
    progress_record (first, "intro", true, 4);
    progress_note_solution (first, "intro", 2);
    progress_reach (second, "hwm", 2, 3);
    progress_exercise_record (second, "echo", EXERCISE_PASSED);
    assert_int_equal (progress_save (first, &error), 0);
    assert_int_equal (progress_save (second, &error), 0);
    //  Saving again changes nothing: a merge is idempotent.
    assert_int_equal (progress_save (first, &error), 0);
    assert_null (error);
    progress_destroy (&first);
    progress_destroy (&second);
    progress_t *progress = progress_load (&warning);
    assert_null (warning);
    assert_true (progress_finished (progress, "intro"));
    assert_int_equal (progress_last_step (progress, "intro"), 4);
    assert_true (progress_solution_shown (progress, "intro", 2));
    assert_int_equal (progress_section (progress, "hwm"), 2);
    assert_int_equal (progress_sections (progress, "hwm"), 3);
    assert_int_equal (progress_exercise (progress, "echo"), EXERCISE_PASSED);
    progress_destroy (&progress);
}

//  A file too large to read (over 4 MiB) is reported and not overwritten.
static void
test_progress_too_large (void **state)
{
    fx_t *fx = *state;
    enum { SIZE = (4 << 20) + 1 };
    char *content = malloc (SIZE);
    assert_non_null (content);
    memset (content, '\n', SIZE);
    memcpy (content, "zmqlab-progress 2\nhwm 1 2 0 0\n", 30);
    s_write_progress (fx, content, SIZE);
    free (content);
    char *warning = NULL, *error = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (warning);
    assert_non_null (strstr (warning, strerror (EFBIG)));
    free (warning);
    assert_int_equal (progress_last_step (progress, "hwm"), 0);
    progress_record (progress, "intro", true, 1);
    assert_int_equal (progress_save (progress, &error), -1);
    assert_non_null (strstr (error, strerror (EFBIG)));
    free (error);
    progress_destroy (&progress);
    char path [160];
    snprintf (path, sizeof path, "%s/state/zmqlab/progress", fx->dir);
    struct stat st;
    assert_int_equal (stat (path, &st), 0);
    assert_int_equal (st.st_size, SIZE);
}

//  --- the catalog -----------------------------------------------------------------------

static void
test_catalog (void **state)
{
    fx_t *fx = *state;
    s_write_bytes (fx, "02-second.lua", "lesson { id = 'second', title = 'Two' }\n", 40);
    s_write_bytes (fx, "01-first.lua",
                   "lesson { id = 'first', title = { en = 'One', zh = '一' }, level = 'a' }\n",
                   strlen ("lesson { id = 'first', title = { en = 'One', zh = '一' }, level = 'a' }\n"));
    s_write_bytes (fx, "10-broken.lua", "say 'no lesson call'\n", 21);
    s_write_bytes (fx, "README.md", "not a lesson\n", 13);
    s_write_bytes (fx, "3-short.lua", "lesson { id = 'short', title = 'S' }\n", 37);
    s_write_bytes (fx, "04-not-lua.txt", "x\n", 2);
    catalog_t *catalog = catalog_load (fx->dir, LANG_ZH);
    assert_non_null (catalog);
    assert_int_equal (catalog->n, 3);
    assert_int_equal (catalog->entries [0].number, 1);
    assert_string_equal (catalog->entries [0].meta.id, "first");
    assert_string_equal (catalog->entries [0].meta.title, "一");
    assert_null (catalog->entries [0].error);
    assert_int_equal (catalog->entries [1].number, 2);
    assert_int_equal (catalog->entries [2].number, 10);
    assert_non_null (catalog->entries [2].error);
    assert_ptr_equal (catalog_find (catalog, "1"), &catalog->entries [0]);
    assert_ptr_equal (catalog_find (catalog, "01"), &catalog->entries [0]);
    assert_ptr_equal (catalog_find (catalog, "second"), &catalog->entries [1]);
    assert_null (catalog_find (catalog, "3"));
    assert_null (catalog_find (catalog, "nope"));
    assert_null (catalog_find (catalog, ""));
    catalog_destroy (&catalog);
    assert_null (catalog);
    catalog_destroy (&catalog);

    char missing [128];
    snprintf (missing, sizeof missing, "%s/no-such-dir", fx->dir);
    assert_null (catalog_load (missing, LANG_EN));
}

//  --- main ------------------------------------------------------------------------------

//  Only to keep the table short.
#define TEST(f) cmocka_unit_test_setup_teardown (f, s_setup, s_teardown)

static char s_names [ERROR_CASES * 2 + ZH_ERROR_CASES * 2 + PROGRESS_CASES][96];

//  --- sections, hints, reveal, meddling (the lesson player) ---------------------

//  Two sections that spawn the same name on the same endpoint: the second
//  can only work on a lab emptied of the first's actors.
#define TWO_SECTIONS \
    HEADER \
    "local function setup () return spawn('publisher', { name = 'p', bind = 'inproc://sections' }) end\n" \
    "section({ en = 'One', zh = '一' }, function ()\n" \
    "  setup()\n" \
    "  say 'first'\n" \
    "  expect(actor('p') ~= nil, 'p in one')\n" \
    "end)\n" \
    "section({ en = 'Two', zh = '二' }, function ()\n" \
    "  expect(actor('q') == nil, 'nothing left of one')\n" \
    "  setup()\n" \
    "  say 'second'\n" \
    "  expect(actor('p') ~= nil, 'p in two')\n" \
    "end)\n"

//  Drops the items taken so far (a test goes on with a new run).
static void
s_forget_items (fx_t *fx)
{
    for (int i = 0; i < fx->n_items; i++)
        lesson_item_clear (&fx->items [i]);
    fx->n_items = 0;
}

//  Runs the lesson until it waits for the learner (or ends); lab waits in
//  between are short in these lessons.
static lesson_status_t
s_run_to_learner (fx_t *fx)
{
    for (int round = 0; round < 5000; round++) {
        lesson_status_t status = lesson_run (fx->lesson);
        s_take_items (fx);
        if (status != LESSON_WAITING)
            return status;
        lab_wait (fx->engine.lab, 10);
    }
    fail_msg ("the lesson never waited for the learner");
    return LESSON_FAILED;
}

static void
test_sections_in_order (void **state)
{
    fx_t *fx = *state;
    s_open (fx, TWO_SECTIONS);
    s_assert_passed (fx, s_run (fx), 3);
    assert_int_equal (s_count_items (fx, ITEM_SECTION), 2);
    const lesson_item_t *one = s_item (fx, ITEM_SECTION, 0);
    const lesson_item_t *two = s_item (fx, ITEM_SECTION, 1);
    assert_string_equal (one->text, "One");
    assert_int_equal (one->answer, 1);
    assert_int_equal (one->total, 2);
    assert_int_equal (one->chosen, 0);
    assert_string_equal (two->text, "Two");
    assert_int_equal (two->answer, 2);
    assert_int_equal (lesson_section (fx->lesson), 2);
    assert_int_equal (lesson_sections (fx->lesson), 2);
    //  Only one p is left: section two's.
    assert_int_equal (lab_actor_count (fx->engine.lab), 1);
}

static void
test_sections_zh_and_dry (void **state)
{
    fx_t *fx = *state;
    s_open_lang (fx, TWO_SECTIONS, LANG_ZH, false);
    s_assert_passed (fx, s_run (fx), 3);
    assert_string_equal (s_item (fx, ITEM_SECTION, 1)->text, "二");
    //  A check runs every section: both says are counted, nothing reported.
    s_open_lang (fx, TWO_SECTIONS, LANG_EN, true);
    assert_int_equal (lesson_run (fx->lesson), LESSON_DONE);
    assert_int_equal (lesson_step (fx->lesson), 2);
    s_forget_items (fx);
    s_take_items (fx);
    assert_int_equal (s_count_items (fx, ITEM_ERROR), 0);
}

static void
test_section_start (void **state)
{
    fx_t *fx = *state;
    s_open (fx, TWO_SECTIONS);
    lesson_set_start_section (fx->lesson, 2);
    s_assert_passed (fx, s_run (fx), 2);
    assert_int_equal (s_count_items (fx, ITEM_SECTION), 1);
    assert_int_equal (s_item (fx, ITEM_SECTION, 0)->answer, 2);
    assert_string_equal (s_item (fx, ITEM_SAY, 0)->text, "second");
    //  No such section: a message, not a crash.
    s_forget_items (fx);
    s_open (fx, TWO_SECTIONS);
    lesson_set_start_section (fx->lesson, 5);
    assert_int_equal (s_run (fx), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "no section 5"));
    //  A lesson without sections has only section 1.
    s_open (fx, HEADER "say 'x'\n");
    lesson_set_start_section (fx->lesson, 2);
    assert_int_equal (s_run (fx), LESSON_FAILED);
    s_open (fx, HEADER "say 'x'\n");
    assert_int_equal (s_run (fx), LESSON_DONE);
    assert_int_equal (lesson_sections (fx->lesson), 1);
    assert_int_equal (lesson_section (fx->lesson), 1);
}

//  R at a say of the top level, between two section() calls: the chunk
//  runs again and registers the same two sections, not four.
static void
test_section_restart_at_top_level (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER "section('a', function () say 'in a' end)\nsay 'top'\n"
                       "section('b', function () say 'in b' end)\n");
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);      //  "top"
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    assert_int_equal (s_run (fx), LESSON_DONE);
    assert_int_equal (lesson_sections (fx->lesson), 2);
}

static void
test_section_nested (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER "section('a', function () section('b', function () end) end)\n");
    assert_int_equal (s_run (fx), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "inside a section"));
}

static void
test_section_restart (void **state)
{
    fx_t *fx = *state;
    s_open (fx, TWO_SECTIONS);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);      //  "first"
    lesson_next (fx->lesson);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);      //  "second"
    assert_int_equal (lesson_checks_passed (fx->lesson), 2);
    int steps = lesson_step (fx->lesson);
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    //  The section's check and step no longer count; its p is gone.
    assert_int_equal (lesson_checks_passed (fx->lesson), 1);
    assert_int_equal (lesson_step (fx->lesson), steps - 1);
    assert_int_equal (lab_actor_count (fx->engine.lab), 0);
    s_assert_passed (fx, s_run (fx), 3);
    const lesson_item_t *again = s_item (fx, ITEM_SECTION, 2);
    assert_non_null (again);
    assert_int_equal (again->answer, 2);
    assert_int_equal (again->chosen, 1);
    assert_int_equal (s_count_items (fx, ITEM_SAY), 3);
}

static void
test_restart_without_sections (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER "say 'one'\nexpect(true, 'c')\nsay 'two'\n");
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    lesson_next (fx->lesson);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    s_assert_passed (fx, s_run (fx), 1);
    assert_int_equal (s_count_items (fx, ITEM_TITLE), 2);
    assert_int_equal (s_count_items (fx, ITEM_SAY), 4);
    //  Not in a dry run or the sandbox.
    s_open_lang (fx, HEADER "say 'x'\n", LANG_EN, true);
    assert_int_equal (lesson_restart_section (fx->lesson), -1);
}

//  slowed(): the lab slowed while its function runs (even across waits),
//  its results passed on, the speed back after it, and back too when R cuts
//  it short.
static void
test_slowed (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
        "section('s', function ()\n"
        "  speed(2)\n"
        "  local a, b = slowed(0.25, function () say 'in'; return speed(), 'two' end)\n"
        "  expect(a == 0.5 and b == 'two', 'inside: ' .. tostring(a) .. ' ' .. tostring(b))\n"
        "  expect(speed() == 2, 'after: ' .. speed())\n"
        "end)\n");
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);      //  "in", slowed
    assert_true (lab_speed (fx->engine.lab) == 0.5);
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    assert_true (lab_speed (fx->engine.lab) == 2);
    s_assert_passed (fx, s_run (fx), 2);
    assert_true (lab_speed (fx->engine.lab) == 2);
    //  A factor outside (0, 1] is the lesson's mistake, said where.
    s_open (fx, HEADER "slowed(2, function () end)\n");
    assert_int_equal (s_run (fx), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "at most 1"));
}

static void
test_hints_scoped (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "hint 'h0'\n"
            "say 'A'\n"
            "ask { q = 'Q', choices = { 'x', 'y' }, answer = 2, explain = 'E',\n"
            "      hints = { 'nudge', { en = 'look', zh = '看' } } }\n"
            "say 'B'\n");
    bool had = false;
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    assert_string_equal (lesson_next_hint (fx->lesson, &had), "h0");
    assert_null (lesson_next_hint (fx->lesson, &had));
    assert_true (had);
    lesson_next (fx->lesson);
    //  The question's hints, graduated; never the earlier step's.
    assert_int_equal (s_run_to_learner (fx), LESSON_ASK);
    assert_string_equal (lesson_next_hint (fx->lesson, NULL), "nudge");
    assert_string_equal (lesson_next_hint (fx->lesson, NULL), "look");
    assert_null (lesson_next_hint (fx->lesson, &had));
    assert_int_equal (lesson_answer (fx->lesson, 1), 0);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    assert_null (lesson_next_hint (fx->lesson, &had));
    assert_false (had);
    //  Wrong, then right: one of two predictions.
    lesson_next (fx->lesson);
    assert_int_equal (s_run_to_learner (fx), LESSON_DONE);
    assert_int_equal (lesson_predictions (fx->lesson), 1);
    assert_int_equal (lesson_predictions_right (fx->lesson), 0);
    //  A bad hints field is the lesson's mistake, with its line.
    s_open (fx, HEADER "ask { q = 'Q', choices = { 'x', 'y' }, answer = 1, hints = 3 }\n");
    assert_int_equal (s_run (fx), LESSON_FAILED);
    assert_non_null (strstr (lesson_error (fx->lesson), "hints"));
}

//  The position of the first item of KIND, or -1.
static int
s_position (const fx_t *fx, item_kind_t kind)
{
    for (int i = 0; i < fx->n_items; i++)
        if (fx->items [i].kind == kind)
            return i;
    return -1;
}

static void
test_reveal_after_evidence (void **state)
{
    fx_t *fx = *state;
    s_open (fx, HEADER
            "ask { q = 'Q', choices = { 'x', 'y' }, answer = 1, explain = 'E' }\n"
            "say 'the experiment runs'\n"
            "wait(0.05)\n"
            "expect(true, 'decided')\n"
            "say 'after'\n");
    s_assert_passed (fx, s_run (fx), 1);
    int say = s_position (fx, ITEM_SAY), expect = s_position (fx, ITEM_EXPECT);
    int reveal = s_position (fx, ITEM_REVEAL);
    if (!(say < expect && expect < reveal && reveal == expect + 1)) {
        s_dump_items (fx);
        fail_msg ("the answer must come right after the check (say %d expect %d reveal %d)",
                  say, expect, reveal);
    }
    //  reveal () shows it where the lesson says.
    s_forget_items (fx);
    s_open (fx, HEADER
            "ask { q = 'Q', choices = { 'x', 'y' }, answer = 1, explain = 'E' }\n"
            "reveal()\n"
            "say 'after'\n");
    s_assert_passed (fx, s_run (fx), 0);
    assert_true (s_position (fx, ITEM_REVEAL) < s_position (fx, ITEM_SAY));
    assert_int_equal (s_count_items (fx, ITEM_REVEAL), 1);
}

static void
test_meddle_explained (void **state)
{
    fx_t *fx = *state;
    const char *source = HEADER
        "section('one', function ()\n"
        "  say 'meddle now'\n"
        "  expect(false, 'the check')\n"
        "end)\n";
    s_open (fx, source);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    lesson_note_meddle (fx->lesson, "restarted collector");
    lesson_next (fx->lesson);
    s_run (fx);
    const lesson_item_t *check = s_item (fx, ITEM_EXPECT, 0);
    assert_non_null (check);
    assert_false (check->passed);
    assert_non_null (check->detail);
    assert_non_null (strstr (check->detail, "restarted collector"));
    assert_non_null (strstr (check->detail, "R "));
    assert_int_equal (lesson_extras (fx->lesson), 1);
    assert_string_equal (lesson_extra (fx->lesson, 0), "restarted collector");
    //  Restarted: the meddling is forgotten, the check fails plainly.
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    s_forget_items (fx);
    s_run (fx);
    check = s_item (fx, ITEM_EXPECT, 0);
    assert_non_null (check);
    assert_null (check->detail);
    //  Without meddling: no excuse.
    s_forget_items (fx);
    s_open (fx, source);
    s_run (fx);
    assert_null (s_item (fx, ITEM_EXPECT, 0)->detail);
    assert_int_equal (lesson_extras (fx->lesson), 0);

    //  A question's answer is not shown on evidence the meddling spoiled:
    //  it waits for R, and then comes after the clean run's check.
    const char *asked = HEADER
        "section('one', function ()\n"
        "  ask { q = 'Q', choices = { 'x', 'y' }, answer = 1 }\n"
        "  say 'meddle now'\n"
        "  expect(started_clean, 'the check')\n"
        "end)\n";
    s_forget_items (fx);
    s_open (fx, asked);
    assert_int_equal (s_run_to_learner (fx), LESSON_ASK);
    lesson_answer (fx->lesson, 1);
    assert_int_equal (s_run_to_learner (fx), LESSON_SAY);
    lesson_note_meddle (fx->lesson, "killed server");
    lesson_next (fx->lesson);
    s_run (fx);
    assert_int_equal (s_count_items (fx, ITEM_REVEAL), 0);
    assert_int_equal (lesson_restart_section (fx->lesson), 0);
    s_forget_items (fx);
    assert_int_equal (s_run_to_learner (fx), LESSON_ASK);
    lesson_answer (fx->lesson, 1);
    s_run (fx);
    assert_int_equal (s_count_items (fx, ITEM_REVEAL), 1);
}

static void
test_progress_sections (void **state)
{
    fx_t *fx = *state;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    assert_non_null (progress);
    assert_null (warning);
    progress_reach (progress, "intro", 3, 5);
    progress_record (progress, "old", false, 4);
    char *error = NULL;
    assert_int_equal (progress_save (progress, &error), 0);
    progress_destroy (&progress);
    progress = progress_load (&warning);
    assert_null (warning);
    assert_int_equal (progress_section (progress, "intro"), 3);
    assert_int_equal (progress_sections (progress, "intro"), 5);
    assert_false (progress_finished (progress, "intro"));
    assert_int_equal (progress_sections (progress, "old"), 0);
    progress_destroy (&progress);
    //  A file from before sections still loads; a section past the end does not.
    static const char old [] = "zmqlab-progress 1\nintro 0 5\n";
    s_write_progress (fx, old, sizeof old - 1);
    progress = progress_load (&warning);
    assert_null (warning);
    assert_int_equal (progress_last_step (progress, "intro"), 5);
    assert_int_equal (progress_section (progress, "intro"), 0);
    progress_destroy (&progress);
    static const char bad [] = "zmqlab-progress 2\nintro 0 5 6 5\n";
    s_write_progress (fx, bad, sizeof bad - 1);
    progress = progress_load (&warning);
    assert_non_null (warning);
    free (warning);
    assert_int_equal (progress_section (progress, "intro"), 0);
    progress_destroy (&progress);
}

int
main (void)
{
    //  An overlong line: an id far past the longest one.
    int len = snprintf (s_long_line, sizeof s_long_line, "zmqlab-progress 1\n");
    memset (s_long_line + len, 'a', sizeof s_long_line - (size_t) len - 8);
    memcpy (s_long_line + sizeof s_long_line - 8, " 1 1\n", 6);

    static const struct CMUnitTest fixed [] = {
        TEST (test_sandbox_names),
        TEST (test_bytecode_refused),
        TEST (test_budget_infinite_loop),
        TEST (test_budget_loop_in_function),
        TEST (test_budget_in_wait_until),
        TEST (test_budget_not_escaped_by_pcall),
        TEST (test_budget_per_resume),
        TEST (test_memory_cap_string),
        TEST (test_memory_cap_table),
        TEST (test_memory_cap_one_huge_allocation),
        TEST (test_memory_error_caught),
        TEST (test_say_and_ask),
        TEST (test_reveal_at_end),
        TEST (test_wait_lab_time),
        TEST (test_wait_until_result),
        TEST (test_checks_counted),
        TEST (test_actors),
        TEST (test_params_number_types),
        TEST (test_destroy_while_waiting),
        TEST (test_no_lesson_call),
        TEST (test_zh_reports),
        TEST (test_dry_run_complete),
        TEST (test_read_meta),
        TEST (test_syntax_error),
        TEST (test_i18n_fallback),
        TEST (test_i18n_missing_reported),
        TEST (test_i18n_parse),
        TEST (test_i18n_environment),
        TEST (test_i18n_messages),
        TEST (test_progress_path),
        TEST (test_progress_missing),
        TEST (test_progress_unreadable),
        TEST (test_progress_round_trip),
        TEST (test_progress_cannot_save),
        TEST (test_progress_merge),
        TEST (test_progress_too_large),
        TEST (test_catalog),
        TEST (test_sections_in_order),
        TEST (test_sections_zh_and_dry),
        TEST (test_section_start),
        TEST (test_section_restart_at_top_level),
        TEST (test_section_nested),
        TEST (test_section_restart),
        TEST (test_restart_without_sections),
        TEST (test_slowed),
        TEST (test_hints_scoped),
        TEST (test_reveal_after_evidence),
        TEST (test_meddle_explained),
        TEST (test_progress_sections),
    };
    enum { FIXED = sizeof fixed / sizeof fixed [0] };
    static struct CMUnitTest tests [FIXED + ERROR_CASES * 2 + ZH_ERROR_CASES * 2
                                    + PROGRESS_CASES + 1];
    size_t n = 0;
    for (size_t i = 0; i < FIXED; i++)
        tests [n++] = fixed [i];
    int named = 0;
    for (int i = 0; i < ERROR_CASES; i++) {
        snprintf (s_names [named], sizeof s_names [0], "api error: %s", s_error_cases [i].name);
        tests [n++] = (struct CMUnitTest) { s_names [named++], test_api_error, s_setup,
                                            s_teardown, (void *) &s_error_cases [i] };
    }
    for (int i = 0; i < ERROR_CASES; i++) {
        if (s_error_cases [i].flags & RUN_ONLY)
            continue;
        snprintf (s_names [named], sizeof s_names [0], "check: %s", s_error_cases [i].name);
        tests [n++] = (struct CMUnitTest) { s_names [named++], test_api_error_checked, s_setup,
                                            s_teardown, (void *) &s_error_cases [i] };
    }
    for (int i = 0; i < ZH_ERROR_CASES; i++) {
        const zh_error_case_t *row = &s_zh_error_cases [i];
        if (!(row->error.flags & DRY_ONLY)) {
            snprintf (s_names [named], sizeof s_names [0], "zh error: %s", row->error.name);
            tests [n++] = (struct CMUnitTest) { s_names [named++], test_zh_error, s_setup,
                                                s_teardown, (void *) row };
        }
        if (!(row->error.flags & RUN_ONLY)) {
            snprintf (s_names [named], sizeof s_names [0], "zh check: %s", row->error.name);
            tests [n++] = (struct CMUnitTest) { s_names [named++], test_zh_error_checked,
                                                s_setup, s_teardown, (void *) row };
        }
    }
    for (int i = 0; i < PROGRESS_CASES; i++) {
        snprintf (s_names [named], sizeof s_names [0], "damaged progress: %s",
                  s_progress_cases [i].name);
        tests [n++] = (struct CMUnitTest) { s_names [named++], test_progress_damaged, s_setup,
                                            s_teardown, (void *) &s_progress_cases [i] };
    }
    //  Last: until it is fixed it corrupts memory, and ASan stops the run there.
    tests [n++] = (struct CMUnitTest) TEST (test_long_params);
    return _cmocka_run_group_tests ("test_lesson", tests, n, NULL, NULL);
}
