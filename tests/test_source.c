/*  test_source.c — the source view's text (src/cli/source.h): lines split
    and tabs expanded, the marked line scrolled into view, scrolling kept
    within the text, and the place an error message names.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "cli/source.h"

#include <stdio.h>
#include <string.h>

static void
test_fill_lines (void **state)
{
    (void) state;
    source_view_t view;
    memset (&view, 0, sizeof view);
    assert_int_equal (source_fill (&view, "a.lua", "one\n\ttwo\r\nthree", 0), 0);
    assert_true (view.open);
    assert_string_equal (view.title, "a.lua");
    assert_int_equal (view.n_lines, 3);
    assert_string_equal (view.lines [0], "one");
    assert_string_equal (view.lines [1], "    two");
    assert_string_equal (view.lines [2], "three");
    assert_int_equal (view.mark, 0);
    assert_int_equal (view.top, 0);
    //  A final newline ends the last line; it starts none.
    assert_int_equal (source_fill (&view, "b.lua", "x\ny\n", 0), 0);
    assert_int_equal (view.n_lines, 2);
    //  Tab stops count characters, not bytes.
    assert_int_equal (source_fill (&view, "c.lua", "é\tx\n", 0), 0);
    assert_string_equal (view.lines [0], "é   x");
    assert_int_equal (source_fill (&view, "empty", "", 0), 0);
    assert_int_equal (view.n_lines, 0);
    assert_true (view.open);
    source_clear (&view);
    assert_false (view.open);
    assert_null (view.lines);
}

static void
test_mark_and_scroll (void **state)
{
    (void) state;
    char text [4096] = "";
    for (int i = 1; i <= 100; i++) {
        char line [32];
        snprintf (line, sizeof line, "line %d\n", i);
        strcat (text, line);
    }
    source_view_t view;
    memset (&view, 0, sizeof view);
    assert_int_equal (source_fill (&view, "long.lua", text, 50), 0);
    assert_int_equal (view.mark, 50);
    //  The marked line is on screen, with some lines above it.
    assert_true (view.top < 49 && view.top > 30);
    source_scroll (&view, -1000, 20);
    assert_int_equal (view.top, 0);
    source_scroll (&view, 1000, 20);
    assert_int_equal (view.top, 80);        //  the last line at the bottom
    source_scroll (&view, -5, 20);
    assert_int_equal (view.top, 75);
    //  A mark past the end is none.
    assert_int_equal (source_fill (&view, "long.lua", text, 101), 0);
    assert_int_equal (view.mark, 0);
    assert_int_equal (view.top, 0);
    //  A text shorter than the page does not scroll.
    assert_int_equal (source_fill (&view, "short.lua", "a\nb\n", 2), 0);
    source_scroll (&view, 10, 20);
    assert_int_equal (view.top, 0);
    //  A note under the marked line; sideways scrolling stays at 0 or more.
    source_note (&view, "unexpected symbol near '='");
    assert_string_equal (view.note, "unexpected symbol near '='");
    source_note (&view, "");
    assert_null (view.note);
    source_side (&view, -8);
    assert_int_equal (view.left, 0);
    source_side (&view, 16);
    assert_int_equal (view.left, 16);
    source_note (&view, "kept until cleared");
    source_clear (&view);
    assert_null (view.note);
    assert_int_equal (view.left, 0);
}

static void
test_location (void **state)
{
    (void) state;
    char path [256];
    assert_int_equal (source_location ("/home/u/ex/rep-server.lua:12: attempt to call a nil value",
                                       path, sizeof path), 12);
    assert_string_equal (path, "/home/u/ex/rep-server.lua");
    assert_int_equal (source_location ("crashed: actors/rep_server.lua:13: Protocol not supported",
                                       path, sizeof path), 13);
    assert_string_equal (path, "actors/rep_server.lua");
    //  A lesson's inline behaviour: its name.
    assert_int_equal (source_location ("worker:7: boom", path, sizeof path), 7);
    assert_string_equal (path, "worker");
    //  An endpoint's port is no line: "tcp://127.0.0.1:5555" has no second colon after it.
    assert_int_equal (source_location ("bind tcp://127.0.0.1:5555: address in use", path,
                                       sizeof path), 0);
    assert_int_equal (source_location ("no place here", path, sizeof path), 0);
    assert_int_equal (source_location (":12: no path", path, sizeof path), 0);
    assert_int_equal (source_location (NULL, path, sizeof path), 0);
    //  What the error says, after its place.
    assert_string_equal (source_message ("crashed: worker:7: boom here"), "boom here");
    assert_string_equal (source_message ("a.lua:3:x"), "x");
    assert_null (source_message ("bind tcp://127.0.0.1:5555: address in use"));
    assert_null (source_message (NULL));
    //  Cut to the buffer, never past it.
    char small [8];
    assert_int_equal (source_location ("abcdefghijkl.lua:3: x", small, sizeof small), 3);
    assert_string_equal (small, "abcdefg");
}

int
main (void)
{
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_fill_lines),
        cmocka_unit_test (test_mark_and_scroll),
        cmocka_unit_test (test_location),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
