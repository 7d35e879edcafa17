/*  test_harden.c — what a script controls cannot run outside its budget nor
    grow zmqlab past its cap: setmetatable refuses finalizers (Lua runs them
    with hooks off) and a __gc put in later never runs; a text file is read
    whole up to its limit exactly; a lesson's C copies (log items, hints,
    :feed() lines) count in its one memory budget and are given back when
    the screen takes them or the actor reads them, so a long run never
    fails for copies it no longer holds; errors say where and what.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/textfile.h"
#include "lesson/lesson.h"
#include "testutil.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

//  --- setmetatable without finalizers ----------------------------------------

//  Runs CODE in a safe environment like the sandboxes'; leaves its results
//  (or the error message) on the stack. The status of the call.
static int
s_run_safe (lua_State *L, const char *code)
{
    if (luaL_loadbufferx (L, code, strlen (code), "=test", "t") != LUA_OK)
        return -1;
    lua_pushvalue (L, 1);                       //  the environment
    lua_setupvalue (L, -2, 1);
    return lua_pcall (L, 0, LUA_MULTRET, 0);
}

static void
test_no_finalizers (void **state)
{
    (void) state;
    lua_State *L = luaL_newstate ();
    luaL_openlibs (L);
    luaenv_push_safe (L, "no finalizers here");     //  index 1
    const char *refused [] = {
        "setmetatable({}, { __gc = function () end })",
        "setmetatable({}, { __gc = true })",        //  a function put there later would run
        "setmetatable({}, { __gc = false })",
        "local mt = { __gc = 0 } setmetatable({}, mt)",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused [0]; i++) {
        lua_settop (L, 1);
        assert_int_not_equal (s_run_safe (L, refused [i]), LUA_OK);
        const char *message = lua_tostring (L, -1);
        if (!message || !strstr (message, "no finalizers here"))
            fail_msg ("%s: %s", refused [i], message ? message : "(no message)");
    }
    //  Without __gc it is setmetatable: returns the table, keeps protection.
    lua_settop (L, 1);
    assert_int_equal (s_run_safe (L, "local t = {} return setmetatable(t, { __index = "
                                     "{ x = 7 } }) == t and t.x"), LUA_OK);
    assert_int_equal (lua_tointeger (L, -1), 7);
    lua_settop (L, 1);
    assert_int_not_equal (s_run_safe (L, "local t = setmetatable({}, { __metatable = 1 }) "
                                         "setmetatable(t, {})"), LUA_OK);
    assert_non_null (strstr (lua_tostring (L, -1), "protected metatable"));
    //  A __gc added after setmetatable: Lua never marked the table, so it
    //  never runs, even in lua_close.
    lua_settop (L, 1);
    assert_int_equal (s_run_safe (L, "local mt = {} setmetatable({}, mt) "
                                     "mt.__gc = function () ran = true end"), LUA_OK);
    lua_gc (L, LUA_GCCOLLECT);
    lua_getfield (L, 1, "ran");
    assert_true (lua_isnil (L, -1));
    lua_close (L);
}

//  --- text files to their limit exactly ---------------------------------------

static void
test_textfile_limit (void **state)
{
    (void) state;
    char path [] = "/tmp/zmqlab-harden-XXXXXX";
    int fd = mkstemp (path);
    assert_true (fd >= 0);
    close (fd);
    const size_t max = 1 << 20;
    //  Sizes around the limit and in the last 4 KiB below it (once refused).
    const size_t sizes [] = { 0, 1, max - 4097, max - 4000, max - 1, max, max + 1, 2 * max };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes [0]; i++) {
        FILE *file = fopen (path, "wb");
        assert_non_null (file);
        for (size_t n = 0; n < sizes [i]; n++)
            fputc ('a' + (int) (n % 26), file);
        fclose (file);
        errno = 0;
        char *text = textfile_read (path, max);
        if (sizes [i] <= max) {
            if (!text)
                fail_msg ("%zu bytes (limit %zu): not read (%s)", sizes [i], max, strerror (errno));
            assert_int_equal (strlen (text), sizes [i]);
        }
        else {
            if (text)
                fail_msg ("%zu bytes (limit %zu): read", sizes [i], max);
            assert_int_equal (errno, EFBIG);
        }
        free (text);
    }
    unlink (path);
}

//  --- a lesson's C copies in its memory budget ---------------------------------

typedef struct {
    test_fixture_t engine;
    lesson_t *commands;
    char last [512];                //  the last error item's text
    int logs;                       //  log items taken
} fx_t;

static int
s_setup (void **state)
{
    fx_t *fx = calloc (1, sizeof *fx);
    assert_non_null (fx);
    alarm (TEST_WATCHDOG_S * 2);
    char *error = NULL;
    fx->commands = lesson_open_sandbox (test_fixture_lab (&fx->engine), LANG_EN, &error);
    assert_non_null (fx->commands);
    free (error);
    *state = fx;
    return 0;
}

static int
s_teardown (void **state)
{
    fx_t *fx = *state;
    lesson_destroy (&fx->commands);
    test_fixture_clear (&fx->engine);
    free (fx);
    alarm (0);
    return 0;
}

static void
s_take (fx_t *fx)
{
    lesson_item_t item;
    while (lesson_take_item (fx->commands, &item)) {
        if (item.kind == ITEM_ERROR)
            snprintf (fx->last, sizeof fx->last, "%s", item.text ? item.text : "");
        if (item.kind == ITEM_LOG)
            fx->logs++;
        lesson_item_clear (&item);
    }
}

static bool
s_ended (void *arg)
{
    fx_t *fx = arg;
    lesson_status_t status = lesson_run (fx->commands);
    s_take (fx);
    return status == LESSON_DONE || status == LESSON_FAILED;
}

//  Runs CODE to its end, taking its items; the status.
static lesson_status_t
s_command (fx_t *fx, const char *code)
{
    char *error = NULL;
    fx->last [0] = 0;
    if (lesson_eval (fx->commands, code, &error) != 0)
        fail_msg ("%s: %s", code, error ? error : "?");
    test_poll_until (fx->engine.lab, s_ended, fx, TEST_DEADLINE_MS, code);
    return lesson_status (fx->commands);
}

static void
test_copies_given_back (void **state)
{
    fx_t *fx = *state;
    //  100 MiB of log items, 4 MiB at a time, each taken before the next:
    //  the budget (64 MiB) holds only what waits, so none fails.
    for (int i = 0; i < 25; i++)
        if (s_command (fx, "for i = 1, 4 do log(('l'):rep(1 << 20)) end") != LESSON_DONE)
            fail_msg ("round %d: %s", i, fx->last);
    assert_int_equal (fx->logs, 100);
    //  100 MiB in one go: the copies wait for the screen, the budget ends
    //  it (at a copy, or at the Lua string the copies left no room for).
    assert_int_equal (s_command (fx, "for i = 1, 100 do\n  log(('l'):rep(1 << 20))\nend"),
                      LESSON_FAILED);
    if (!strstr (fx->last, "command:2: not enough memory"))
        fail_msg ("%s", fx->last);
    //  Once taken, the memory is free again: the next command runs.
    assert_int_equal (s_command (fx, "log(('l'):rep(1 << 20))"), LESSON_DONE);
}

static bool
s_feed_read (void *arg)
{
    fx_t *fx = arg;
    return lab_feed_queued (fx->engine.lab) == 0;
}

static void
test_feed_given_back (void **state)
{
    fx_t *fx = *state;
    assert_int_equal (s_command (fx, "behaviour('reader', 'while true do input() end') "
                                     "spawn('reader', {})"), LESSON_DONE);
    //  100 MiB fed, 2 MiB at a time, each read before the next: none fails.
    for (int i = 0; i < 50; i++) {
        if (s_command (fx, "local r = actor('reader') for i = 1, 2 do "
                           "r:feed(('f'):rep(1 << 20)) end") != LESSON_DONE)
            fail_msg ("round %d: %s", i, fx->last);
        test_poll_until (fx->engine.lab, s_feed_read, fx, TEST_DEADLINE_MS, "lines read");
    }
    //  A deaf actor: its unread lines fill the budget.
    assert_int_equal (s_command (fx, "behaviour('deaf', 'while true do sleep(1) end') "
                                     "spawn('deaf', {})"), LESSON_DONE);
    assert_int_equal (s_command (fx, "local d = actor('deaf')\nfor i = 1, 100 do\n"
                                     "  d:feed(('f'):rep(1 << 20))\nend"), LESSON_FAILED);
    if (!strstr (fx->last, "command:3: not enough memory: :feed()"))
        fail_msg ("%s", fx->last);
    //  What a NUL would cut is refused.
    assert_int_equal (s_command (fx, "actor('deaf'):feed('a\\0b')"), LESSON_FAILED);
    if (!strstr (fx->last, "command:1: :feed(): the text holds a NUL byte"))
        fail_msg ("%s", fx->last);
}

static void
test_errors_say_where (void **state)
{
    fx_t *fx = *state;
    const struct { const char *code, *shown; } cases [] = {
        { "\nerror(nil)", "command:2: error raised with a nil value, not a message" },
        { "error({})", "command:1: error raised with a table value, not a message" },
        { "\n\nerror(setmetatable({}, { __tostring = function () return 'mine' end }))",
          "command:3: mine" },
        { "local t = {}\nfor i = 1, 1e9 do t[i] = { i } end",
          "command:2: not enough memory (a lesson may use 64 MiB)" },
        { "say('a\\0b')", "command:1: say: the text holds a NUL byte (\\0) at byte 2" },
        { "log('a\\0b') error(nil)", "command:1: error raised" },
        { "spawn('publisher', { name = 'pub\\0x' })",
          "command:1: spawn { name = … }: the text holds a NUL byte (\\0) at byte 4" },
        { "\nactor('a\\0b')", "command:2: actor: the text holds a NUL byte" },
        { "behaviour('b\\0c', 'x = 1')", "command:1: behaviour: the text holds a NUL byte" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        assert_int_equal (s_command (fx, cases [i].code), LESSON_FAILED);
        if (!strstr (fx->last, cases [i].shown))
            fail_msg ("%s\n  shows: %s\n  expected: %s", cases [i].code, fx->last,
                      cases [i].shown);
    }
}

//  A wait_until condition runs on a thread of its own: an error in it still
//  closes its <close> variables, as lua_pcall did, and says its line.
static void
test_condition_closes (void **state)
{
    fx_t *fx = *state;
    fx->logs = 0;
    assert_int_equal (s_command (fx, "wait_until(function ()\n"
                                     "  local guard <close> = setmetatable({}, "
                                     "{ __close = function () log('closed') end })\n"
                                     "  error('inside')\nend)"), LESSON_FAILED);
    if (!strstr (fx->last, "command:3: inside"))
        fail_msg ("%s", fx->last);
    assert_int_equal (fx->logs, 1);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_no_finalizers),
        cmocka_unit_test (test_textfile_limit),
        cmocka_unit_test_setup_teardown (test_copies_given_back, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_feed_given_back, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_errors_say_where, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_condition_closes, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
