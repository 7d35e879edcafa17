/*  fuzz_peer_bytes.c — a libFuzzer target for everything that reads the
    bytes a peer sent: the stamp parser and the topic (engine/stamp.h), the
    escape for display (engine/bytes.h), and the view's text functions on
    what the escape hands them, and on the raw bytes (tui/text.h).

    Each check is a promise one of those headers makes; a broken one prints
    its line and aborts, which libFuzzer and the sanitizers report as a
    crash. `make fuzz` runs this with libFuzzer; replay.c runs it on the
    saved corpus in `make test`.
*/
#include "engine/bytes.h"
#include "engine/stamp.h"
#include "tui/text.h"
#include "../utf8check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum {
    ESCAPE_MAX = 4,         //  rendered bytes per input byte, at most: "\xNN"
    PIECE_MAX = 8,          //  rendered bytes per character, at most: a C1 control
    LINES_MAX = 64          //  wrapped lines this target looks at
};

static void
s_check (bool ok, const char *what, int line)
{
    if (!ok) {
        fprintf (stderr, "fuzz_peer_bytes.c:%d: check failed: %s\n", line, what);
        abort ();
    }
}

//  A function-like macro only to report the expression and its line.
#define CHECK(expr) s_check ((expr), #expr, __LINE__)

//  --- independent checks -------------------------------------------------------------

//  True when valid UTF-8 TEXT holds no C0 or C1 control and no DEL: nothing
//  a terminal would act on.
static bool
s_no_controls (const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *) text;
    for (size_t i = 0; i < len; i++)
        if (s [i] < 0x20 || s [i] == 0x7F
        ||  (s [i] == 0xC2 && i + 1 < len && s [i + 1] < 0xA0))
            return false;
    return true;
}

static int
s_hex (char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

//  Reverses the escape into OUT (room for LEN bytes). Returns the bytes
//  decoded, or -1 when TEXT holds a partial or unknown escape.
static long
s_unescape (const char *text, size_t len, uint8_t *out)
{
    size_t n = 0, i = 0;
    while (i < len) {
        if (text [i] != '\\')
            out [n++] = (uint8_t) text [i++];
        else
        if (i + 1 < len && text [i + 1] == '\\')
            out [n++] = '\\', i += 2;
        else
        if (i + 3 < len && text [i + 1] == 'x'
        &&  s_hex (text [i + 2]) >= 0 && s_hex (text [i + 3]) >= 0) {
            out [n++] = (uint8_t) (s_hex (text [i + 2]) * 16 + s_hex (text [i + 3]));
            i += 4;
        }
        else
            return -1;
    }
    return (long) n;
}

//  --- stamps -------------------------------------------------------------------------

//  BODY followed by the stamp LABEL#SEQ parses back to exactly those.
static void
s_round_trip (const uint8_t *body, size_t body_len, const char *label, size_t label_len,
              uint64_t seq)
{
    uint8_t *message = malloc (body_len + STAMP_MAX);
    CHECK (message != NULL);
    if (body_len)
        memcpy (message, body, body_len);
    size_t len = body_len
               + stamp_format ((char *) message + body_len, label, label_len, seq);
    stamp_t stamp;
    CHECK (stamp_parse (message, len, &stamp) == 0);
    CHECK (stamp.body_len == body_len);
    CHECK (stamp.seq == seq);
    CHECK (stamp.label_len == label_len);
    CHECK (memcmp (stamp.label, label, label_len) == 0);
    free (message);
}

static void
s_fuzz_stamp (const uint8_t *data, size_t size)
{
    stamp_t stamp;
    if (stamp_parse (data, size, &stamp) == 0) {
        CHECK (stamp.label_len >= 1 && stamp.label_len <= STAMP_LABEL_MAX);
        CHECK (stamp.seq >= 1);
        CHECK (stamp.label == (const char *) data + stamp.body_len + 2);
        for (size_t i = 0; i < stamp.label_len; i++)
            CHECK (stamp_label_char ((unsigned char) stamp.label [i]));
        //  The stamp is exactly the tail: formatting it again gives it back.
        char again [STAMP_MAX];
        size_t n = stamp_format (again, stamp.label, stamp.label_len, stamp.seq);
        CHECK (stamp.body_len + n == size);
        CHECK (memcmp (again, data + stamp.body_len, n) == 0);
        s_round_trip (data, stamp.body_len, stamp.label, stamp.label_len, stamp.seq);
    }
    //  Any bytes with one of our stamps after them parse back exactly; the
    //  label and the sequence come from the input too.
    char label [STAMP_LABEL_MAX];
    size_t label_len = 0;
    for (size_t i = 0; i < size && label_len < STAMP_LABEL_MAX; i++)
        if (stamp_label_char (data [i]))
            label [label_len++] = (char) data [i];
    if (label_len == 0)
        label [label_len++] = 'a';
    uint64_t seq = 0;
    memcpy (&seq, data, size < sizeof seq ? size : sizeof seq);
    s_round_trip (data, size, label, label_len, seq ? seq : 1);

    size_t topic = stamp_topic_len (data, size);
    CHECK (topic <= size);
    CHECK (topic == size || data [topic] == ' ');
    CHECK (topic == 0 || !memchr (data, ' ', topic));
}

//  --- the view's text functions ------------------------------------------------------

//  TEXT is NUL-terminated at LEN; it may hold NULs before that (raw bytes),
//  which text_wrap, reading up to the first NUL, never sees.
static void
s_fuzz_text (const char *text, size_t len)
{
    int width = text_width_n (text, len);
    CHECK (width >= 0 && (size_t) width <= 2 * len);
    size_t text_len = strlen (text);
    if (text_len == len)
        CHECK (text_width (text) == width);

    static const int columns [] = { 1, 2, 3, 5, 20, 80 };
    for (size_t c = 0; c < sizeof columns / sizeof *columns; c++) {
        int used = -1;
        size_t fit = text_fit (text, columns [c], &used);
        CHECK (fit <= text_len && used >= 0 && used <= columns [c]);
        CHECK (text_width_n (text, fit) == used);
        for (int utf8 = 0; utf8 < 2; utf8++) {
            char clip [256];
            text_clip_n (text, len, columns [c], clip, sizeof clip, utf8);
            size_t clip_len = strnlen (clip, sizeof clip);
            CHECK (clip_len < sizeof clip);
            CHECK (utf8check_valid (clip, clip_len));
            CHECK (s_no_controls (clip, clip_len));
            CHECK (text_width (clip) <= columns [c]);
            for (size_t i = 0; !utf8 && i < clip_len; i++)
                CHECK ((unsigned char) clip [i] < 0x80);
        }
    }
    //  Buffers too small for the text: exact sizes on the heap, so ASan
    //  sees a byte written past them.
    for (size_t out_size = 1; out_size <= 5; out_size++) {
        char *small = malloc (out_size);
        CHECK (small != NULL);
        text_clip_n (text, len, 80, small, out_size, true);
        CHECK (strnlen (small, out_size) < out_size);
        CHECK (utf8check_valid (small, strlen (small)));
        free (small);
    }

    static const int widths [] = { 1, 2, 7, 40 };
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        text_line_t lines [LINES_MAX];
        int count = text_wrap (text, widths [w], lines, LINES_MAX);
        CHECK (text_len == 0 ? count == 0 : count >= 1);
        CHECK ((size_t) count <= text_len + 1);
        size_t end = 0;
        for (int i = 0; i < count && i < LINES_MAX; i++) {
            text_line_t *line = &lines [i];
            CHECK (line->start >= end);
            CHECK (line->start + line->length <= text_len);
            CHECK (line->width == text_width_n (text + line->start, line->length));
            //  No wider than the line, but for one wide character alone.
            CHECK (line->width <= widths [w] || line->width <= 2);
            end = line->start + line->length;
        }
    }
}

//  --- the escape ---------------------------------------------------------------------

static void
s_fuzz_escape (const uint8_t *data, size_t size)
{
    size_t full_size = size * ESCAPE_MAX + 1;
    char *full = malloc (full_size);
    uint8_t *decoded = malloc (size + 1);
    CHECK (full != NULL && decoded != NULL);
    size_t full_len = bytes_escape (data, size, full, full_size);
    CHECK (full_len < full_size);
    CHECK (full [full_len] == 0 && strlen (full) == full_len);
    CHECK (utf8check_valid (full, full_len));
    CHECK (s_no_controls (full, full_len));
    //  Nothing is lost: the escape reverses to exactly the input.
    CHECK (s_unescape (full, full_len, decoded) == (long) size);
    CHECK (size == 0 || memcmp (decoded, data, size) == 0);
    s_fuzz_text (full, full_len);

    //  Cut renderings: sizes around the ellipsis and around the full length.
    const size_t sizes [] = { 0, 1, 2, 3, 4, 5, 7, 8, 13, 64, 255,
                              full_len, full_len + 1, full_len + 2, full_len + 3 };
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t out_size = sizes [s];
        char *out = malloc (out_size ? out_size : 1);
        CHECK (out != NULL);
        size_t n = bytes_escape (data, size, out, out_size);
        if (out_size == 0) {
            CHECK (n == 0);
            free (out);
            continue;
        }
        CHECK (n < out_size);
        CHECK (out [n] == 0 && strlen (out) == n);
        CHECK (utf8check_valid (out, n));
        if (full_len < out_size)
            CHECK (n == full_len && memcmp (out, full, n) == 0);
        else {
            size_t prefix = n;
            if (out_size >= 4) {
                CHECK (n >= 3 && memcmp (out + n - 3, "\u2026", 3) == 0);
                prefix = n - 3;
            }
            //  A prefix of the full escape, cut between whole escapes, that
            //  kept every piece that fitted.
            CHECK (memcmp (out, full, prefix) == 0);
            long got = s_unescape (out, prefix, decoded);
            CHECK (got >= 0 && (size_t) got < size);
            CHECK (got == 0 || memcmp (decoded, data, (size_t) got) == 0);
            CHECK (prefix + PIECE_MAX + (out_size >= 4 ? 3 : 0) >= out_size);
        }
        free (out);
    }
    free (decoded);
    free (full);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_fuzz_stamp (data, size);
    s_fuzz_escape (data, size);
    //  The raw bytes too: the view must cope with what was never escaped.
    char *raw = malloc (size + 1);
    CHECK (raw != NULL);
    if (size)
        memcpy (raw, data, size);
    raw [size] = 0;
    s_fuzz_text (raw, size);
    free (raw);
    return 0;
}
