/*  test_bytes.c — escaping a peer's bytes for display (src/engine/bytes.h):
    printable UTF-8 kept, everything else escaped, and a cut that never
    splits an escape or a character and never writes past the buffer.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/bytes.h"
#include "utf8check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  Escapes LEN bytes of DATA into a large buffer and expects EXPECTED.
static void
s_escapes_at (const char *data, size_t len, const char *expected, const char *file, int line)
{
    char out [1024];
    size_t n = bytes_escape (data, len, out, sizeof out);
    if (n != strlen (expected) || strcmp (out, expected) != 0) {
        print_error ("%s:%d: escaped as \"%s\" (%zu bytes); expected \"%s\"\n",
                     file, line, out, n, expected);
        _fail (file, line);
    }
    if (!utf8check_valid (out, n)) {
        print_error ("%s:%d: \"%s\" is not valid UTF-8\n", file, line, out);
        _fail (file, line);
    }
}

//  Function-like macros only to report the caller's line. A string
//  literal's size counts the NULs inside it.
#define escapes(data, expected) \
    s_escapes_at ((data), sizeof (data) - 1, (expected), __FILE__, __LINE__)
#define kept(data) escapes ((data), (data))

//  --- what is kept ---------------------------------------------------------------

static void
test_ascii (void **state)
{
    (void) state;
    escapes ("", "");
    kept ("hello [pub#1]");
    kept ("news Hello, subscribers! ~ { } | ' \" 0123456789");
    kept (" ");
}

static void
test_unicode_kept (void **state)
{
    (void) state;
    kept ("你好，世界。消息 [pub#3]");
    kept ("Grüße, ça va? Ελληνικά, кириллица");
    kept ("\u00a0");                                //  the first after the C1 range
    kept ("\u2026 \ufeff \ufffd");
    kept ("\U0001F600 \U00010000");                 //  four bytes
    kept ("\xf4\x8f\xbf\xbf");                      //  U+10FFFF, the last one
    kept ("\xef\xbf\xbf");                          //  U+FFFF, a noncharacter: valid
}

//  --- what is escaped -------------------------------------------------------------

static void
test_nul (void **state)
{
    (void) state;
    escapes ("a\0b", "a\\x00b");
    escapes ("\0", "\\x00");
    escapes ("x [pub#1]\0tail", "x [pub#1]\\x00tail");
    escapes ("\0\0\0", "\\x00\\x00\\x00");
    //  A long binary message is shown whole, not cut at its first NUL.
    char data [200], expected [801];
    for (int i = 0; i < 200; i++)
        data [i] = i % 2 ? 'z' : 0;
    for (int i = 0; i < 200; i++)
        strcpy (expected + (i / 2) * 5, "\\x00z");
    s_escapes_at (data, sizeof data, expected, __FILE__, __LINE__);
}

static void
test_invalid (void **state)
{
    (void) state;
    escapes ("\xff", "\\xff");
    escapes ("\xfe\xff", "\\xfe\\xff");
    escapes ("\x80", "\\x80");                      //  lone continuation
    escapes ("a\xbf" "b", "a\\xbfb");
    escapes ("ok\xe4\xb8", "ok\\xe4\\xb8");         //  truncated at the end
    escapes ("\xe4\xb8" "A", "\\xe4\\xb8A");        //  truncated by ASCII
    escapes ("\xe4" "你", "\\xe4你");               //  what follows is kept
    escapes ("\xc0\xaf", "\\xc0\\xaf");             //  overlong '/'
    escapes ("\xc1\xbf", "\\xc1\\xbf");
    escapes ("\xe0\x80\xaf", "\\xe0\\x80\\xaf");    //  overlong, three bytes
    escapes ("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");
    escapes ("\xed\xa0\x80", "\\xed\\xa0\\x80");    //  surrogate U+D800
    escapes ("\xed\xbf\xbf", "\\xed\\xbf\\xbf");    //  surrogate U+DFFF
    escapes ("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");   //  U+110000
    escapes ("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
    escapes ("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
    kept ("\xed\x9f\xbf");                          //  U+D7FF, just below
}

static void
test_controls (void **state)
{
    (void) state;
    escapes ("a\tb\nc\r", "a\\x09b\\x0ac\\x0d");
    escapes ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");   //  no terminal codes
    escapes ("\x01\x1f", "\\x01\\x1f");
    escapes ("\x7f", "\\x7f");                      //  DEL
    escapes ("\xc2\x80", "\\xc2\\x80");             //  C1: U+0080 …
    escapes ("\xc2\x85", "\\xc2\\x85");             //  NEL
    escapes ("\xc2\x9b" "31m", "\\xc2\\x9b31m");    //  CSI
    escapes ("\xc2\x9f", "\\xc2\\x9f");             //  … to U+009F
}

static void
test_backslash (void **state)
{
    (void) state;
    escapes ("\\", "\\\\");
    escapes ("a\\b", "a\\\\b");
    //  Text that looks like an escape cannot pass for one.
    escapes ("\\x00", "\\\\x00");
    escapes ("\\\0", "\\\\\\x00");
}

//  --- cuts ---------------------------------------------------------------------------

static void
test_cut_examples (void **state)
{
    (void) state;
    char out [16];
    memset (out, '#', sizeof out);
    assert_int_equal (bytes_escape ("abc", 3, out, 0), 0);
    assert_int_equal (out [0], '#');                //  nothing written
    assert_int_equal (bytes_escape ("abc", 3, out, 1), 0);
    assert_string_equal (out, "");
    assert_int_equal (bytes_escape ("abcd", 4, out, 3), 2);
    assert_string_equal (out, "ab");                //  no room for '…'
    assert_int_equal (bytes_escape ("abc", 3, out, 4), 3);
    assert_string_equal (out, "abc");               //  fits exactly: no cut
    assert_int_equal (bytes_escape ("abcd", 4, out, 4), 3);
    assert_string_equal (out, "\u2026");
    assert_int_equal (bytes_escape ("abcd", 4, out, 5), 4);
    assert_string_equal (out, "abcd");
    assert_int_equal (bytes_escape ("abcdefghij", 10, out, 10), 9);
    assert_string_equal (out, "abcdef\u2026");
    //  An escape or a character goes whole or not at all.
    assert_int_equal (bytes_escape ("a\0", 2, out, 5), 4);
    assert_string_equal (out, "a\u2026");
    assert_int_equal (bytes_escape ("你好世界", 12, out, 10), 9);
    assert_string_equal (out, "你好\u2026");
    assert_int_equal (bytes_escape ("你好世界", 12, out, 9), 6);
    assert_string_equal (out, "你\u2026");
    assert_int_equal (bytes_escape (NULL, 5, out, sizeof out), 0);
    assert_string_equal (out, "");
}

//  Every buffer size from 0 to 48 for one mixed input (its escape is 45
//  bytes): the result is valid UTF-8, NUL-terminated, inside the buffer,
//  and the full escape's longest prefix that fits, cut only between pieces,
//  then "…" when there is room.
static void
test_cut_every_size (void **state)
{
    (void) state;
    static const char input [] = "ab\\你\0\xff" "c\xc2\x85好\xe4\xb8" "x\n[p#1]";
    size_t len = sizeof input - 1;
    char full [256];
    size_t full_len = bytes_escape (input, len, full, sizeof full);
    assert_true (full_len + 1 < sizeof full);
    //  The pieces the full escape is made of: one character or one
    //  stray byte each (a C1 control is one character, two escapes).
    static const char *pieces [] = {
        "a", "b", "\\\\", "你", "\\x00", "\\xff", "c", "\\xc2\\x85", "好",
        "\\xe4", "\\xb8", "x", "\\x0a", "[", "p", "#", "1", "]"
    };
    bool boundary [256] = { true };
    char expected [256] = "";
    for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
        strcat (expected, pieces [i]);
        boundary [strlen (expected)] = true;
    }
    assert_string_equal (full, expected);
    assert_int_equal (full_len, 45);
    for (size_t size = 0; size <= 48; size++) {
        char out [64];
        memset (out, '#', sizeof out);
        size_t n = bytes_escape (input, len, out, size);
        for (size_t i = size + 1; i < sizeof out; i++)
            assert_int_equal (out [i], '#');    //  nothing past the buffer
        if (size == 0) {
            assert_int_equal (n, 0);
            assert_int_equal (out [0], '#');
            continue;
        }
        assert_true (n < size);
        assert_int_equal (out [n], 0);
        assert_int_equal (strlen (out), n);
        assert_true (utf8check_valid (out, n));
        if (full_len < size) {
            assert_string_equal (out, full);
            continue;
        }
        size_t prefix = n;
        if (size >= 4) {
            assert_true (n >= 3);
            assert_string_equal (out + n - 3, "\u2026");
            prefix = n - 3;
        }
        assert_memory_equal (out, full, prefix);
        assert_true (boundary [prefix]);
        //  The next piece would not have fitted.
        size_t next = prefix + 1;
        while (!boundary [next])
            next++;
        assert_true (next + (size >= 4 ? 3 : 0) + 1 > size);
    }
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_ascii),
        cmocka_unit_test (test_unicode_kept),
        cmocka_unit_test (test_nul),
        cmocka_unit_test (test_invalid),
        cmocka_unit_test (test_controls),
        cmocka_unit_test (test_backslash),
        cmocka_unit_test (test_cut_examples),
        cmocka_unit_test (test_cut_every_size),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
