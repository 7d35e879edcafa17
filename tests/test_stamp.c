/*  test_stamp.c — the stamp formatter and parser (src/engine/stamp.h), pure
    functions over bytes: round trips, and every malformed or lookalike input
    either rejected or parsed exactly.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/stamp.h"
#include "engine/same.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  Parses TEXT (SIZE bytes, or strlen when SIZE is -1) and expects it to be
//  rejected.
static void
s_rejects_at (const char *text, long size, const char *file, int line)
{
    size_t len = size < 0 ? strlen (text) : (size_t) size;
    stamp_t stamp = { NULL, 0, 0, 0 };
    if (stamp_parse (text, len, &stamp) != -1) {
        print_error ("%s:%d: accepted \"%.*s\" as label \"%.*s\" seq %llu body %zu\n",
                     file, line, (int) len, text, (int) stamp.label_len,
                     stamp.label ? stamp.label : "", (unsigned long long) stamp.seq,
                     stamp.body_len);
        _fail (file, line);
    }
}

//  Expects TEXT to parse as LABEL, SEQ, with BODY_LEN bytes before the stamp.
static void
s_parses_at (const char *text, long size, const char *label, uint64_t seq, size_t body_len,
             const char *file, int line)
{
    size_t len = size < 0 ? strlen (text) : (size_t) size;
    stamp_t stamp = { NULL, 0, 0, 0 };
    if (stamp_parse (text, len, &stamp) != 0) {
        print_error ("%s:%d: rejected \"%.*s\"\n", file, line, (int) len, text);
        _fail (file, line);
        return;
    }
    if (stamp.label_len != strlen (label) || memcmp (stamp.label, label, stamp.label_len) != 0
    ||  stamp.seq != seq || stamp.body_len != body_len
    ||  stamp.label < text || stamp.label + stamp.label_len > text + len) {
        print_error ("%s:%d: \"%.*s\" parsed as label \"%.*s\" seq %llu body %zu; "
                     "expected \"%s\" %llu %zu\n", file, line, (int) len, text,
                     (int) stamp.label_len, stamp.label, (unsigned long long) stamp.seq,
                     stamp.body_len, label, (unsigned long long) seq, body_len);
        _fail (file, line);
    }
}

//  Function-like macros only to report the caller's line.
#define rejects(text) s_rejects_at ((text), -1, __FILE__, __LINE__)
#define rejects_n(text, size) s_rejects_at ((text), (size), __FILE__, __LINE__)
#define parses(text, label, seq, body) \
    s_parses_at ((text), -1, (label), (seq), (body), __FILE__, __LINE__)
#define parses_n(text, size, label, seq, body) \
    s_parses_at ((text), (size), (label), (seq), (body), __FILE__, __LINE__)

//  --- format and round trips ------------------------------------------------------

static void
test_format (void **state)
{
    (void) state;
    char out [STAMP_MAX + 1];
    size_t len = stamp_format (out, "pub", 3, 17);
    out [len] = 0;
    assert_string_equal (out, " [pub#17]");
    assert_int_equal (len, 9);

    len = stamp_format (out, "a", 1, 1);
    out [len] = 0;
    assert_string_equal (out, " [a#1]");
    assert_int_equal (len, 6);                      //  the shortest stamp

    len = stamp_format (out, "vent.sink", 9, UINT64_MAX);
    out [len] = 0;
    assert_string_equal (out, " [vent.sink#18446744073709551615]");

    //  The longest label and the longest number fit in STAMP_MAX.
    char label [STAMP_LABEL_MAX + 10];
    memset (label, 'x', sizeof label);
    len = stamp_format (out, label, STAMP_LABEL_MAX, UINT64_MAX);
    assert_int_equal (len, STAMP_MAX);
    //  A longer label is cut to STAMP_LABEL_MAX, never overflowing.
    len = stamp_format (out, label, sizeof label, UINT64_MAX);
    assert_int_equal (len, STAMP_MAX);
    out [len] = 0;
    assert_int_equal (strspn (out + 2, "x"), STAMP_LABEL_MAX);
}

//  Counting up in place gives stamp_format's stamps, across every change
//  of length, up to the largest number.
static void
test_next (void **state)
{
    (void) state;
    char prefix [STAMP_PREFIX_MAX], out [STAMP_MAX + 1], expected [STAMP_MAX + 1];
    size_t prefix_len = stamp_prefix (prefix, "pub", 3);
    const uint64_t starts [] = { 1, 9990, 999999990, 9999999999999999990u,
                                 UINT64_MAX - 20 };
    for (size_t s = 0; s < sizeof starts / sizeof starts [0]; s++) {
        size_t len = stamp_format_with (out, prefix, prefix_len, starts [s]);
        uint64_t last = starts [s] == 1 ? 200000 : starts [s] + 19;
        for (uint64_t seq = starts [s] + 1; seq <= last; seq++) {
            len = stamp_next (out, len);
            size_t expected_len = stamp_format_with (expected, prefix, prefix_len, seq);
            assert_int_equal (len, expected_len);
            assert_memory_equal (out, expected, len);
        }
    }
}

static uint64_t
s_next (uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

//  A receiver's guess at the next stamp changes the speed, never the
//  result: a stream that mostly counts up from one sender, with others,
//  repeats, jumps, restarts, lookalikes and text without a stamp mixed in.
static void
test_parse_next (void **state)
{
    (void) state;
    uint64_t x = 0x2545f4914f6cdd1du;
    const char *labels [] = { "pub", "pub2", "ub", "w.1", "pub" };
    uint64_t seqs [5] = { 1, 1, 1, 1, 1 };
    stamp_guess_t guess = { "", 0, 0, 0 };
    int guessed = 0;
    for (int round = 0; round < 200000; round++) {
        char buf [STAMP_MAX + 32];
        size_t len = (size_t) snprintf (buf, 16, "t%d", round % 7);
        int who = (s_next (&x) % 8) == 0 ? (int) (s_next (&x) % 5) : 0;
        uint64_t *seq = &seqs [who];
        switch (s_next (&x) % 16) {
            case 0: *seq += s_next (&x) % 1000; break;     //  a gap
            case 1: *seq = 1; break;                        //  a restart
            case 2: *seq = UINT64_MAX - s_next (&x) % 3; break;
            case 3: if (*seq > 1) (*seq)--; break;          //  a repeat
            default: break;
        }
        if (*seq == 0)
            *seq = 1;
        len += stamp_format (buf + len, labels [who], strlen (labels [who]), *seq);
        (*seq)++;
        if (s_next (&x) % 32 == 0)
            buf [len - 1 - s_next (&x) % 4] = (char) (s_next (&x) >> 24);    //  spoilt
        if (s_next (&x) % 64 == 0)
            len = s_next (&x) % len;                                           //  cut
        stamp_t expected = { NULL, 0, 0, 0 }, got = { NULL, 0, 0, 0 };
        stamp_guess_t before = guess;
        int rc = stamp_parse_next (buf, len, &guess, &got);
        assert_int_equal (rc, stamp_parse (buf, len, &expected));
        if (rc == 0) {
            assert_ptr_equal (got.label, expected.label);
            assert_int_equal (got.label_len, expected.label_len);
            assert_int_equal (got.seq, expected.seq);
            assert_int_equal (got.body_len, expected.body_len);
            guessed += before.len > 0 && len >= before.len
                    && memcmp (buf + len - before.len, before.text, before.len) == 0;
        }
    }
    //  The guess was right most of the time (it is a speed-up after all).
    assert_true (guessed > 100000);
}

//  same_bytes (same.h), which the stamp and loss code compare with: every
//  length, a difference at every place, unaligned starts.
static void
test_same_bytes (void **state)
{
    (void) state;
    unsigned char a [80], b [80];
    for (size_t i = 0; i < sizeof a; i++)
        a [i] = b [i] = (unsigned char) (i * 7 + 1);
    for (size_t off = 0; off < 3; off++)
        for (size_t n = 0; n + off <= 64; n++) {
            assert_true (same_bytes (a + off, b + off, n));
            for (size_t at = 0; at < n; at++) {
                b [off + at] ^= 0x80;
                assert_false (same_bytes (a + off, b + off, n));
                assert_true (same_bytes (a + off, b + off, at));
                b [off + at] ^= 0x80;
            }
        }
}

//  A sender's precomputed prefix gives the same stamps as stamp_format.
static void
test_format_with_prefix (void **state)
{
    (void) state;
    char prefix [STAMP_PREFIX_MAX], out [STAMP_MAX + 1], again [STAMP_MAX + 1];
    size_t prefix_len = stamp_prefix (prefix, "vent.sink", 9);
    assert_int_equal (prefix_len, 12);
    assert_memory_equal (prefix, " [vent.sink#", 12);
    const uint64_t seqs [] = { 1, 9, 10, 99, 100, 12345, 4294967296u, UINT64_MAX };
    for (size_t i = 0; i < sizeof seqs / sizeof seqs [0]; i++) {
        size_t len = stamp_format_with (out, prefix, prefix_len, seqs [i]);
        size_t len2 = stamp_format (again, "vent.sink", 9, seqs [i]);
        assert_int_equal (len, len2);
        assert_memory_equal (out, again, len);
    }
    //  The longest label: the prefix fits, and so does the stamp.
    char label [STAMP_LABEL_MAX + 10];
    memset (label, 'y', sizeof label);
    prefix_len = stamp_prefix (prefix, label, sizeof label);
    assert_int_equal (prefix_len, STAMP_PREFIX_MAX);
    assert_int_equal (stamp_format_with (out, prefix, prefix_len, UINT64_MAX), STAMP_MAX);
}

static void
test_round_trip (void **state)
{
    (void) state;
    const char *labels [] = { "a", "pub", "vent.sink", "w-1_2", "worker3.tasks",
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu" };   //  47
    const uint64_t seqs [] = { 1, 2, 9, 10, 99, 100, 12345, 4294967295u, 4294967296u,
                               10000000000000000000u, UINT64_MAX - 1, UINT64_MAX };
    const char *bodies [] = { "", "x", "news Hello, subscribers!", "Task 0",
                              "text [pub#3]", "] # [", "trailing space " };
    assert_int_equal (strlen (labels [5]), STAMP_LABEL_MAX);
    for (size_t l = 0; l < sizeof labels / sizeof *labels; l++)
        for (size_t s = 0; s < sizeof seqs / sizeof *seqs; s++)
            for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
                char message [256];
                size_t body_len = strlen (bodies [b]);
                memcpy (message, bodies [b], body_len);
                size_t len = body_len + stamp_format (message + body_len, labels [l],
                                                      strlen (labels [l]), seqs [s]);
                parses_n (message, (long) len, labels [l], seqs [s], body_len);
            }
}

static void
test_label_chars (void **state)
{
    (void) state;
    for (int c = -1; c < 256; c++) {
        bool expected = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                     || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!!stamp_label_char (c) != expected)
            fail_msg ("stamp_label_char (%d) is %d", c, stamp_label_char (c));
    }
}

static void
test_topic_len (void **state)
{
    (void) state;
    assert_int_equal (stamp_topic_len ("news Hello", 10), 4);
    assert_int_equal (stamp_topic_len ("newsletter x y", 14), 10);
    assert_int_equal (stamp_topic_len ("news", 4), 4);
    assert_int_equal (stamp_topic_len (" leading", 8), 0);
    assert_int_equal (stamp_topic_len ("", 0), 0);
    assert_int_equal (stamp_topic_len (NULL, 0), 0);
    //  Only SIZE bytes count, not a NUL.
    assert_int_equal (stamp_topic_len ("ab\0c d", 6), 4);
    assert_int_equal (stamp_topic_len ("news Hello", 3), 3);
}

//  --- malformed inputs ------------------------------------------------------------------

static void
test_parse_exact (void **state)
{
    (void) state;
    parses ("news Hello [pub#17]", "pub", 17, 10);
    parses (" [a#1]", "a", 1, 0);                   //  empty body, six bytes
    parses ("x [vent.sink#3]", "vent.sink", 3, 1);
    parses ("x [w1#18446744073709551615]", "w1", UINT64_MAX, 1);
    parses ("x [w1#10000000000000000000]", "w1", 10000000000000000000u, 1);
    //  Only SIZE bytes are read: a longer buffer's prefix can carry a stamp.
    parses_n ("x [p#12]garbage", 8, "p", 12, 1);
    rejects_n ("x [p#12]", 7);                      //  "x [p#12": the ']' is outside
}

static void
test_parse_rejects (void **state)
{
    (void) state;
    //  Too short, NULL, empty.
    rejects ("");
    rejects ("[a#1]");
    rejects_n (NULL, 0);
    rejects_n (NULL, 10);
    //  No ']'.
    rejects ("text [pub#17");
    rejects ("text [pub#17] ");
    rejects ("text [pub#17]\n");
    rejects ("see [pub#3] later");
    //  No '#'.
    rejects ("text [pub17]");
    rejects ("text [pub]");
    rejects ("text [#]");
    //  Not a sequence: none, zero, a leading zero, signs, spaces, other digits.
    rejects ("text [pub#]");
    rejects ("text [pub#0]");
    rejects ("text [pub#00]");
    rejects ("text [pub#017]");
    rejects ("text [pub#-3]");
    rejects ("text [pub#+3]");
    rejects ("text [pub# 3]");
    rejects ("text [pub#3 ]");
    rejects ("text [pub#1e3]");
    rejects ("text [pub#0x1f]");
    rejects ("text [pub#３]");                      //  fullwidth digit
    //  Overflow: UINT64_MAX + 1, 20 nines, 21 and more digits.
    rejects ("x [p#18446744073709551616]");
    rejects ("x [p#99999999999999999999]");
    rejects ("x [p#100000000000000000000]");
    rejects ("x [p#000000000000000000001]");
    rejects ("x [p#1111111111111111111111111111111111111111]");
    //  Empty label, a label too long (48 characters; 47 is the most).
    rejects ("text [#5]");
    rejects ("text [123456789012345678901234567890123456789012345678#5]");
    rejects ("[123456789012345678901234567890123456789012345678#5]");
    rejects (" [" "123456789012345678901234567890123456789012345678901234567890" "#5]");
    parses ("text [12345678901234567890123456789012345678901234567#5]",
            "12345678901234567890123456789012345678901234567", 5, 4);
    //  Label characters: letters, digits, '_', '-', '.' only.
    rejects ("text [pu b#3]");
    rejects ("text [pu/b#3]");
    rejects ("text [pub##3]");
    rejects ("text [p#b#3]");
    rejects ("text [p]b#3]");
    rejects ("text [pu\tb#3]");
    rejects ("text [pü#3]");
    //  Missing " [": no space, no bracket, another separator, doubled bracket.
    rejects ("text[pub#3]");
    rejects ("text pub#3]");
    rejects ("textpub#3]");
    rejects ("text\t[pub#3]");
    rejects ("text [[pub#3]");
    rejects ("text ([pub#3]");
    rejects ("text (pub#3)");
    rejects ("text {pub#3}");
    rejects ("text ［pub#3］");                     //  fullwidth brackets
    rejects ("x]");
    rejects ("######]");
    rejects ("      ]");
    rejects ("[[[[[[]");
}

static void
test_parse_binary (void **state)
{
    (void) state;
    //  A NUL inside the body is body; inside the stamp it breaks it.
    parses_n ("a\0b [pub#3]", 11, "pub", 3, 3);
    parses_n ("\0\0\0\0 [p#1]", 10, "p", 1, 4);
    rejects_n ("x [p\0b#3]", 9);
    rejects_n ("x [pub#3\0]", 10);
    rejects_n ("x [pub#3]\0", 10);
    rejects_n ("x \0[pub#3]", 10);
    rejects_n ("x [p\xff" "b#3]", 9);
    rejects_n ("x [p\x80#3]", 8);
    rejects_n ("\xff\xff\xff\xff\xff\xff\xff", 7);
    //  High bytes right before " [" are body.
    parses_n ("\xff\xfe [p#2]", 8, "p", 2, 2);
}

//  Text that looks like a stamp but is not one of ours, or is one inside
//  another message.
static void
test_parse_lookalikes (void **state)
{
    (void) state;
    //  Only the last stamp counts; an earlier one is body.
    parses ("x [pub#3] [sub#4]", "sub", 4, 9);
    parses ("forwarded [pub#3] [proxy#1]", "proxy", 1, 17);
    parses ("x  [pub#3]", "pub", 3, 2);             //  the extra space is body
    parses ("[a#1] [b#2]", "b", 2, 5);
    parses ("x [y [pub#3]", "pub", 3, 4);
    parses ("#1] [p#2]", "p", 2, 3);
    rejects ("x [pub#3]]");
    rejects ("x [pub#3][sub#4]");
    rejects ("x [pub#3] sub#4]");
    rejects ("x [pub#3 sub#4]");
    rejects ("array [1]");
    rejects ("issue [#42]");
    rejects ("see [RFC#7]x");
    rejects ("Markdown [link](#1)");
}


//  Random near-misses: a valid stamped message with a few bytes changed,
//  inserted or cut. Every answer is either a rejection or a stamp consistent
//  with the input, and nothing is read outside it (the buffer is exactly
//  LEN bytes on the heap, so ASan catches a stray read).
static void
test_parse_random (void **state)
{
    (void) state;
    uint64_t x = 0x9e3779b97f4a7c15u;
    const char alphabet [] = " [#]0123456789ab.-_\xff";
    int accepted = 0, rejected = 0;
    for (int round = 0; round < 100000; round++) {
        char buf [160];
        size_t len = s_next (&x) % 8;           //  random body
        for (size_t i = 0; i < len; i++)
            buf [i] = (char) (s_next (&x) >> 24);
        char label [STAMP_LABEL_MAX + 8];
        size_t label_len = 1 + s_next (&x) % (STAMP_LABEL_MAX + 4);
        for (size_t i = 0; i < label_len; i++)
            label [i] = "abcXYZ019._-" [s_next (&x) % 12];
        uint64_t seq = s_next (&x) >> (s_next (&x) % 64);
        len += stamp_format (buf + len, label, label_len, seq ? seq : 1);
        int edits = (int) (s_next (&x) % 4);
        for (int e = 0; e < edits && len > 0; e++) {
            size_t at = s_next (&x) % len;
            char c = (s_next (&x) & 1) ? alphabet [s_next (&x) % (sizeof alphabet - 1)]
                                       : (char) (s_next (&x) >> 24);
            switch (s_next (&x) % 3) {
                case 0: buf [at] = c; break;                        //  change
                case 1:                                             //  insert
                    if (len < sizeof buf) {
                        memmove (buf + at + 1, buf + at, len - at);
                        buf [at] = c;
                        len++;
                    }
                    break;
                default: len = at; break;                           //  cut
            }
        }
        unsigned char *copy = malloc (len ? len : 1);
        assert_non_null (copy);
        memcpy (copy, buf, len);
        stamp_t stamp;
        //  A guessed label changes the speed, never the result: the label
        //  written, a suffix of it, a longer one, another one.
        const struct { const char *text; size_t len; } guesses [] = {
            { label, label_len }, { label + label_len / 2, label_len - label_len / 2 },
            { "xabc", 4 }, { "a", 1 }
        };
        int expected = stamp_parse (copy, len, &stamp);
        for (size_t g = 0; g < sizeof guesses / sizeof guesses [0]; g++) {
            stamp_t guessed = { NULL, 0, 0, 0 };
            if (guesses [g].len > STAMP_LABEL_MAX)
                continue;       //  never a label stamp_parse returned
            int rc = stamp_parse_as (copy, len, guesses [g].text, guesses [g].len, &guessed);
            assert_int_equal (rc, expected);
            if (rc == 0) {
                assert_ptr_equal (guessed.label, stamp.label);
                assert_int_equal (guessed.label_len, stamp.label_len);
                assert_int_equal (guessed.seq, stamp.seq);
                assert_int_equal (guessed.body_len, stamp.body_len);
            }
        }
        if (expected == 0) {
            accepted++;
            const unsigned char *got = (const unsigned char *) stamp.label;
            assert_true (stamp.label_len >= 1 && stamp.label_len <= STAMP_LABEL_MAX);
            assert_true (stamp.seq >= 1);
            assert_ptr_equal (got, copy + stamp.body_len + 2);
            assert_int_equal (copy [stamp.body_len], ' ');
            assert_int_equal (copy [stamp.body_len + 1], '[');
            for (size_t i = 0; i < stamp.label_len; i++)
                assert_true (stamp_label_char (got [i]));
            //  Formatting it again gives back exactly the tail: no leading
            //  zero, no lost digit, no extra byte.
            char again [STAMP_MAX];
            size_t n = stamp_format (again, stamp.label, stamp.label_len, stamp.seq);
            assert_int_equal (stamp.body_len + n, len);
            assert_memory_equal (again, copy + stamp.body_len, n);
        }
        else
            rejected++;
        free (copy);
    }
    //  Both outcomes were exercised.
    assert_true (accepted > 1000);
    assert_true (rejected > 1000);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_format),
        cmocka_unit_test (test_format_with_prefix),
        cmocka_unit_test (test_next),
        cmocka_unit_test (test_same_bytes),
        cmocka_unit_test (test_parse_next),
        cmocka_unit_test (test_round_trip),
        cmocka_unit_test (test_label_chars),
        cmocka_unit_test (test_topic_len),
        cmocka_unit_test (test_parse_exact),
        cmocka_unit_test (test_parse_rejects),
        cmocka_unit_test (test_parse_binary),
        cmocka_unit_test (test_parse_lookalikes),
        cmocka_unit_test (test_parse_random),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
