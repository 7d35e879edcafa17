/*  test_watch.c — the exercise file's watcher (src/cli/watch.h): a change
    of the file is noticed once (its size, its modification time alone, a
    new file renamed over it, its removal and return), and nothing is
    reported while the file stays as it is; inotify wakes the caller for
    a change and stays quiet without one.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cli/watch.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char dir [256];
    char path [300];
} fixture_t;

static int
s_setup (void **state)
{
    fixture_t *fixture = calloc (1, sizeof *fixture);
    const char *tmp = getenv ("TMPDIR");
    snprintf (fixture->dir, sizeof fixture->dir, "%s/zmqlab-watch.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null (mkdtemp (fixture->dir));
    snprintf (fixture->path, sizeof fixture->path, "%s/rep-server.lua", fixture->dir);
    *state = fixture;
    return 0;
}

static int
s_teardown (void **state)
{
    fixture_t *fixture = *state;
    char other [320];
    snprintf (other, sizeof other, "%s.new", fixture->path);
    unlink (other);
    unlink (fixture->path);
    rmdir (fixture->dir);
    free (fixture);
    return 0;
}

static void
s_write (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    assert_non_null (file);
    fputs (text, file);
    assert_int_equal (fclose (file), 0);
}

//  Sets PATH's modification time to SECONDS (so two writes within one
//  clock tick still differ in a known way).
static void
s_set_mtime (const char *path, time_t seconds)
{
    struct timespec times [2] = { { seconds, 0 }, { seconds, 0 } };
    assert_int_equal (utimensat (AT_FDCWD, path, times, 0), 0);
}

static void
test_unchanged_is_quiet (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "-- template\n");
    watch_t *watch = watch_new (fixture->path);
    assert_non_null (watch);
    assert_string_equal (watch_path (watch), fixture->path);
    for (int i = 0; i < 5; i++)
        assert_false (watch_changed (watch));
    //  Read, not written: still no change.
    FILE *file = fopen (fixture->path, "r");
    assert_non_null (file);
    fgetc (file);
    fclose (file);
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
    assert_null (watch);
    watch_destroy (&watch);             //  accepts NULL
}

static void
test_size_change_noticed_once (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "-- template\n");
    watch_t *watch = watch_new (fixture->path);
    s_write (fixture->path, "-- template\nlocal socket = zmq.socket(\"REP\")\n");
    assert_true (watch_changed (watch));
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
}

static void
test_same_size_new_time_noticed (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "log(\"a\")\n");
    s_set_mtime (fixture->path, 1000000000);
    watch_t *watch = watch_new (fixture->path);
    //  The same number of bytes: only the time tells.
    s_write (fixture->path, "log(\"b\")\n");
    s_set_mtime (fixture->path, 1000000001);
    assert_true (watch_changed (watch));
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
}

static void
test_rename_over_noticed (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "log(\"a\")\n");
    s_set_mtime (fixture->path, 1000000000);
    watch_t *watch = watch_new (fixture->path);
    //  As vim and many editors save: a new file, same size and time,
    //  renamed over the old one. Its inode differs.
    char other [320];
    snprintf (other, sizeof other, "%s.new", fixture->path);
    s_write (other, "log(\"b\")\n");
    s_set_mtime (other, 1000000000);
    assert_int_equal (rename (other, fixture->path), 0);
    assert_true (watch_changed (watch));
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
}

static void
test_removed_and_back (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "log(\"a\")\n");
    watch_t *watch = watch_new (fixture->path);
    assert_int_equal (unlink (fixture->path), 0);
    assert_true (watch_changed (watch));
    assert_false (watch_changed (watch));
    s_write (fixture->path, "log(\"a\")\n");
    assert_true (watch_changed (watch));
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
}

static void
test_reset_takes_now (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "a\n");
    watch_t *watch = watch_new (fixture->path);
    s_write (fixture->path, "abc\n");
    watch_reset (watch);
    assert_false (watch_changed (watch));
    watch_destroy (&watch);
}

//  True when WATCH's descriptor polls readable within MS (a deadline, not
//  a sleep: it returns as soon as inotify has something).
static bool
s_woken (watch_t *watch, int ms)
{
    struct pollfd wake = { .fd = watch_fd (watch), .events = POLLIN };
    return poll (&wake, 1, ms) == 1;
}

static void
test_inotify_wakes (void **state)
{
    fixture_t *fixture = *state;
    s_write (fixture->path, "log(\"a\")\n");
    watch_t *watch = watch_new (fixture->path);
    if (watch_fd (watch) < 0) {
        //  No inotify here (the caller polls): nothing more to see.
        watch_destroy (&watch);
        skip ();
    }
    //  Nothing written: nothing to wake for.
    assert_false (s_woken (watch, 0));
    s_write (fixture->path, "log(\"bb\")\n");
    assert_true (s_woken (watch, 5000));
    assert_true (watch_changed (watch));
    //  Read: the descriptor is quiet again.
    assert_false (s_woken (watch, 0));
    //  Another file of the directory may wake the loop, but is no change.
    char other [320];
    snprintf (other, sizeof other, "%s.new", fixture->path);
    s_write (other, "x\n");
    assert_true (s_woken (watch, 5000));
    assert_false (watch_changed (watch));
    //  Renamed over: woken, and a change.
    s_write (other, "log(\"c\")\n");
    s_woken (watch, 5000);
    watch_changed (watch);              //  the new file's own events
    assert_int_equal (rename (other, fixture->path), 0);
    assert_true (s_woken (watch, 5000));
    assert_true (watch_changed (watch));
    watch_destroy (&watch);
}

static void
test_missing_file (void **state)
{
    fixture_t *fixture = *state;
    //  A file not there yet is watched all the same: its arrival shows.
    watch_t *watch = watch_new (fixture->path);
    assert_non_null (watch);
    assert_false (watch_changed (watch));
    s_write (fixture->path, "x\n");
    assert_true (watch_changed (watch));
    watch_destroy (&watch);
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test_setup_teardown (test_unchanged_is_quiet, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_size_change_noticed_once, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_same_size_new_time_noticed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_rename_over_noticed, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_removed_and_back, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_reset_takes_now, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_missing_file, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown (test_inotify_wakes, s_setup, s_teardown),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
