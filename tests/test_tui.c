/*  test_tui.c — the terminal view's pure parts: text widths and wrapping
    (src/tui/text.h, utf8.h), actor layout (layout.h), queue gauges
    (gauge.h), key dispatch and the command line editor (input.h,
    cmdline.h). No terminal is needed: none of these include curses.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tui/cmdline.h"
#include "tui/gauge.h"
#include "tui/input.h"
#include "tui/layout.h"
#include "tui/text.h"
#include "tui/utf8.h"
#include "tui/words.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  --- text ------------------------------------------------------------------

static const char *CHINESE =
    "发布者把每条消息发给所有订阅者，订阅者只收到它订阅的主题。"
    "迟到的订阅者会错过它加入之前发出的消息，这就是“慢连接者”问题。";
static const char *MIXED = "PUB 发布者 sends \"news Hello\" to every SUB 订阅者 that "
                           "subscribed, 而 PUSH 把任务 Task 0…Task 9 分给 workers。";
static const char *ENGLISH =
    "A subscriber that joins late misses every message published before its "
    "subscription reached the publisher: ZeroMQ keeps no queue for absent "
    "subscribers.\n\nSet SNDHWM and RCVHWM to see the queue fill up.";

//  True when S (LEN bytes) is valid UTF-8 throughout.
static bool
s_valid_utf8 (const char *s, size_t len)
{
    for (size_t pos = 0; pos < len; ) {
        int32_t cp;
        pos += (size_t) utf8_decode (s + pos, len - pos, &cp);
        if (cp < 0)
            return false;
    }
    return true;
}

static void
test_text_width (void **state)
{
    (void) state;
    //  Twice: the widths must not depend on the process locale.
    const char *locales [] = { "C", "C.UTF-8" };
    for (int i = 0; i < 2; i++) {
        setlocale (LC_ALL, locales [i]);
        assert_int_equal (text_width (NULL), 0);
        assert_int_equal (text_width (""), 0);
        assert_int_equal (text_width ("hello"), 5);
        assert_int_equal (text_width ("发布者"), 6);
        assert_int_equal (text_width ("PUB 发布者 sends"), 16);
        assert_int_equal (text_width ("订阅者，你好。"), 14);   //  fullwidth punctuation
        assert_int_equal (text_width ("ＡＢ"), 4);              //  fullwidth Latin
        assert_int_equal (text_width ("한국어"), 6);
        assert_int_equal (text_width ("ひらがな カタカナ"), 17);
        assert_int_equal (text_width ("\xf0\xa0\x80\x80"), 2);  //  U+20000, plane 2
        assert_int_equal (text_width ("e\xcc\x81t\xc3\xa9"), 3);  //  combining and precomposed
        assert_int_equal (text_width ("a\xe2\x80\x8b" "b"), 2);   //  zero-width space
        assert_int_equal (text_width ("✓ ✗ … ─▶"), 8);          //  narrow symbols
        assert_int_equal (text_width_n ("发布者", 3), 2);
    }
    setlocale (LC_ALL, "C");
}

static void
test_text_invalid (void **state)
{
    (void) state;
    //  Each invalid byte is one column: a lone continuation, a bad lead, a
    //  truncated sequence, an overlong '/', a surrogate, beyond U+10FFFF.
    assert_int_equal (text_width ("\x80"), 1);
    assert_int_equal (text_width ("\xff\xfe"), 2);
    assert_int_equal (text_width ("a\xe5\x8f" "b"), 4);
    assert_int_equal (text_width ("\xc0\xaf"), 2);
    assert_int_equal (text_width ("\xed\xa0\x80"), 3);
    assert_int_equal (text_width ("\xf4\x90\x80\x80"), 4);
    assert_int_equal (text_width ("\x01\t"), 2);             //  controls show as '?'
    int32_t cp;
    assert_int_equal (utf8_decode ("\xe5\x8f\x91", 3, &cp), 3);
    assert_int_equal (cp, 0x53D1);
    assert_int_equal (utf8_decode ("\xe5\x8f\x91", 2, &cp), 1);
    assert_int_equal (cp, -1);
    assert_int_equal (utf8_decode ("\xe5\x8f", 4, &cp), 1);  //  NUL ends it
    assert_int_equal (cp, -1);
    //  Copied out as '?', never dropped.
    char out [64];
    text_clip ("a\xff" "b\xe5\x8f" "c\x01\td", 40, out, sizeof out, true);
    assert_string_equal (out, "a?b??c? d");
    //  A truncated character after a valid one does not swallow it.
    text_clip ("发\xe5\x8f", 40, out, sizeof out, true);
    assert_string_equal (out, "发??");
}

static void
test_text_fit (void **state)
{
    (void) state;
    int used = -1;
    assert_int_equal (text_fit ("abcdef", 4, &used), 4);
    assert_int_equal (used, 4);
    assert_int_equal (text_fit ("abc", 10, &used), 3);
    assert_int_equal (used, 3);
    assert_int_equal (text_fit ("发布者", 5, &used), 6);  //  never half a wide char
    assert_int_equal (used, 4);
    assert_int_equal (text_fit ("发布者", 1, &used), 0);
    assert_int_equal (used, 0);
    assert_int_equal (text_fit ("发布者", 0, NULL), 0);
    assert_int_equal (text_fit ("e\xcc\x81x", 1, &used), 3);  //  the accent stays with e
    assert_int_equal (used, 1);
    assert_int_equal (text_fit ("\xff\xfe", 1, &used), 1);
    assert_int_equal (used, 1);
    assert_int_equal (text_fit (NULL, 5, &used), 0);
    //  Every prefix of the mixed text: whole characters, width as promised.
    for (int columns = 0; columns <= text_width (MIXED) + 1; columns++) {
        size_t bytes = text_fit (MIXED, columns, &used);
        assert_true (used <= columns);
        assert_int_equal (used, text_width_n (MIXED, bytes));
        assert_true (s_valid_utf8 (MIXED, bytes));
        assert_true (used >= columns - 1 || bytes == strlen (MIXED));
    }
}

static void
test_text_clip (void **state)
{
    (void) state;
    char out [64];
    text_clip ("hello", 5, out, sizeof out, true);
    assert_string_equal (out, "hello");
    text_clip ("hello world", 8, out, sizeof out, true);
    assert_string_equal (out, "hello w…");
    text_clip ("hello world", 8, out, sizeof out, false);
    assert_string_equal (out, "hello...");
    text_clip ("PUB 发布者 sends", 8, out, sizeof out, true);
    assert_string_equal (out, "PUB 发…");
    text_clip ("PUB 发布者 sends", 9, out, sizeof out, true);
    assert_string_equal (out, "PUB 发布…");
    text_clip ("发布者", 6, out, sizeof out, true);
    assert_string_equal (out, "发布者");
    text_clip ("发布者", 5, out, sizeof out, true);
    assert_string_equal (out, "发布…");
    text_clip ("发布者", 6, out, sizeof out, false);  //  an ASCII terminal: same width
    assert_string_equal (out, "??????");
    text_clip ("hello", 2, out, sizeof out, false);
    assert_string_equal (out, "..");
    text_clip ("hello", 0, out, sizeof out, true);
    assert_string_equal (out, "");
    text_clip ("发布者", 10, out, 5, true);            //  the buffer is the limit
    assert_string_equal (out, "…");
    text_clip ("发布者", 10, out, 7, true);
    assert_string_equal (out, "发…");

    //  Every width and buffer size: fits both, whole characters, and the
    //  whole text (sanitized) whenever it fits.
    const char *texts [] = { "hello world", CHINESE, MIXED, "a\xff\xe5\x8f" "b", "" };
    char big [1024];
    for (size_t t = 0; t < sizeof texts / sizeof texts [0]; t++)
        for (int utf8 = 0; utf8 < 2; utf8++)
            for (int columns = 0; columns < 40; columns++)
                for (size_t size = 1; size < 48; size++) {
                    text_clip (texts [t], columns, out, size, utf8);
                    assert_true (strlen (out) < size);
                    assert_true (text_width (out) <= columns);
                    assert_true (s_valid_utf8 (out, strlen (out)));
                    text_clip (texts [t], 1000, big, sizeof big, utf8);
                    if (text_width (texts [t]) <= columns && strlen (big) < size)
                        assert_string_equal (out, big);
                }
}

//  Checks the promises of text_wrap for S at WIDTH, returns the line count.
static int
s_check_wrap (const char *s, int width)
{
    enum { MAX = 2048 };
    static text_line_t lines [MAX];
    int n = text_wrap (s, width, lines, MAX);
    assert_true (n <= MAX);
    assert_int_equal (text_wrap (s, width, NULL, 0), n);    //  counting only
    assert_int_equal (text_wrap (s, width, lines, 1), n);
    size_t end = 0, len = strlen (s);
    char kept [4096] = "", source [4096] = "";
    size_t k = 0, m = 0;
    for (int i = 0; i < n; i++) {
        text_line_t *line = &lines [i];
        assert_true (line->start >= end);
        assert_true (line->start + line->length <= len);
        assert_int_equal (line->width, text_width_n (s + line->start, line->length));
        if (line->width > width) {                          //  only a lone wide char
            assert_int_equal (width, 1);
            assert_int_equal (line->width, 2);
        }
        assert_true (s_valid_utf8 (s + line->start, line->length) || !s_valid_utf8 (s, len));
        for (size_t b = 0; b < line->length; b++)
            if (s [line->start + b] != ' ')
                kept [k++] = s [line->start + b];
        end = line->start + line->length;
    }
    //  Nothing but spaces and newlines is lost, and nothing is reordered.
    for (size_t b = 0; b < len; b++)
        if (s [b] != ' ' && s [b] != '\n')
            source [m++] = s [b];
    kept [k] = source [m] = 0;
    assert_string_equal (kept, source);
    return n;
}

static void
test_text_wrap_ascii (void **state)
{
    (void) state;
    const char *fox = "the quick brown fox jumps over the lazy dog";
    text_line_t lines [16];
    const char *expected [] = { "the quick", "brown fox", "jumps over", "the lazy", "dog" };
    assert_int_equal (text_wrap (fox, 10, lines, 16), 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal (lines [i].length, strlen (expected [i]));
        assert_memory_equal (fox + lines [i].start, expected [i], lines [i].length);
    }
    //  An overlong word is broken hard; spaces at breaks vanish.
    const char *word = "supercalifragilistic is long";
    assert_int_equal (text_wrap (word, 8, lines, 16), 4);
    assert_memory_equal (word + lines [0].start, "supercal", 8);
    assert_int_equal (lines [2].length, 7);
    assert_memory_equal (word + lines [2].start, "stic is", 7);
    //  Newlines: always a line end; blank lines kept; a final one adds none.
    assert_int_equal (text_wrap ("a\n\nb", 10, lines, 16), 3);
    assert_int_equal (lines [1].length, 0);
    assert_int_equal (text_wrap ("a\n", 10, lines, 16), 1);
    assert_int_equal (text_wrap ("\n", 10, lines, 16), 1);
    assert_int_equal (text_wrap ("", 10, lines, 16), 0);
    assert_int_equal (text_wrap ("abc", 0, lines, 16), 0);
    //  Trailing spaces before a newline do not make an extra blank line.
    assert_int_equal (text_wrap ("hello   \nworld", 5, lines, 16), 2);
    //  Every width: the promises hold; once every word fits, words stay whole.
    for (int width = 1; width <= 80; width++) {
        s_check_wrap (ENGLISH, width);
        s_check_wrap (fox, width);
        s_check_wrap ("\xff\xfe\xfd bad \xe5\x8f bytes", width);
        if (width < 12)                                     //  "subscription"
            continue;
        int n = text_wrap (ENGLISH, width, lines, 0);
        text_line_t *all = calloc ((size_t) n, sizeof *all);
        text_wrap (ENGLISH, width, all, n);
        for (int i = 0; i < n; i++) {
            char after = ENGLISH [all [i].start + all [i].length];
            assert_true (after == ' ' || after == '\n' || after == 0);
        }
        free (all);
    }
}

static void
test_text_wrap_chinese (void **state)
{
    (void) state;
    text_line_t lines [64];
    int n = text_wrap (CHINESE, 10, lines, 64);
    assert_true (n >= text_width (CHINESE) / 10);
    for (int i = 0; i < n; i++) {
        assert_true (lines [i].width <= 10);
        //  Lines are full but for closing punctuation kept off line starts.
        if (i < n - 1)
            assert_true (lines [i].width >= 8);
        int32_t cp;
        utf8_decode (CHINESE + lines [i].start, 4, &cp);
        assert_true (cp != 0xFF0C && cp != 0x3002 && cp != 0x201D);   //  ， 。 ”
    }
    //  Mixed text breaks at spaces and between Chinese characters.
    const char *pub = "PUB 发布者 sends";
    assert_int_equal (text_wrap (pub, 8, lines, 64), 2);
    assert_memory_equal (pub + lines [0].start, "PUB 发布", lines [0].length);
    assert_memory_equal (pub + lines [1].start, "者 sends", lines [1].length);
    assert_int_equal (text_wrap (pub, 16, lines, 64), 1);
    //  At width 1 a wide character stands alone.
    assert_int_equal (text_wrap ("发布者", 1, lines, 64), 3);
    for (int width = 1; width <= 80; width++) {
        s_check_wrap (CHINESE, width);
        s_check_wrap (MIXED, width);
    }
}

//  --- layout ----------------------------------------------------------------

typedef struct {
    layout_box_t boxes [LAYOUT_ACTORS_MAX + 8];
    layout_t layout;
} s_placed_t;

//  Places NAMES (NULL-terminated) with LINKS ("from>to" strings, NULL-ended).
static void
s_place (s_placed_t *placed, const char **names, const char **links, int width, int height,
         int box_width, int box_height)
{
    static char buffer [64][2][LAB_NAME_MAX];
    static layout_link_t pairs [64];
    int n = 0, n_links = 0;
    while (names [n])
        n++;
    for (; links && links [n_links]; n_links++) {
        const char *arrow = strchr (links [n_links], '>');
        snprintf (buffer [n_links][0], LAB_NAME_MAX, "%.*s",
                  (int) (arrow - links [n_links]), links [n_links]);
        snprintf (buffer [n_links][1], LAB_NAME_MAX, "%s", arrow + 1);
        pairs [n_links] = (layout_link_t) { buffer [n_links][0], buffer [n_links][1] };
    }
    layout_input_t input = { names, n, pairs, n_links, width, height, box_width, box_height };
    layout_place (&input, placed->boxes, &placed->layout);
    //  Whatever the input: visible boxes inside the canvas, never overlapping.
    const layout_t *l = &placed->layout;
    int hidden = 0;
    for (int i = 0; i < n; i++) {
        const layout_box_t *a = &placed->boxes [i];
        if (!a->visible) {
            hidden++;
            continue;
        }
        assert_true (a->x >= 0 && a->y >= 0);
        assert_true (a->x + l->box_width <= width && a->y + l->box_height <= height);
        for (int j = 0; j < i; j++) {
            const layout_box_t *b = &placed->boxes [j];
            if (b->visible)
                assert_true (a->x + l->box_width <= b->x || b->x + l->box_width <= a->x
                          || a->y + l->box_height <= b->y || b->y + l->box_height <= a->y);
        }
    }
    assert_int_equal (l->hidden, hidden);
    assert_int_equal (l->overflow, hidden > 0);
}

static void
s_expect (const s_placed_t *placed, int i, int column, int row)
{
    if (placed->boxes [i].column != column || placed->boxes [i].row != row)
        fail_msg ("actor %d at column %d row %d, expected %d %d", i,
                  placed->boxes [i].column, placed->boxes [i].row, column, row);
    assert_true (placed->boxes [i].visible);
}

static void
test_layout_patterns (void **state)
{
    (void) state;
    s_placed_t p;
    //  Request-reply: a cycle; the earlier actor stands left.
    s_place (&p, (const char *[]) { "client", "server", NULL },
             (const char *[]) { "client>server", "server>client", NULL }, 80, 20, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 1, 0);
    assert_true (p.boxes [0].x + 18 < p.boxes [1].x);
    assert_int_equal (p.layout.columns, 2);
    assert_false (p.layout.compact);
    s_place (&p, (const char *[]) { "server", "client", NULL },
             (const char *[]) { "client>server", "server>client", NULL }, 80, 20, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 1, 0);
    //  Pub/sub 1 -> 3: subscribers stacked in spawn order, top to bottom.
    s_place (&p, (const char *[]) { "pub", "sub1", "sub2", "sub3", NULL },
             (const char *[]) { "pub>sub1", "pub>sub2", "pub>sub3", NULL }, 80, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    for (int i = 1; i <= 3; i++)
        s_expect (&p, i, 1, i - 1);
    assert_true (p.boxes [1].y < p.boxes [2].y && p.boxes [2].y < p.boxes [3].y);
    assert_int_equal (p.layout.rows, 3);
    //  Push/pull 1 -> 2.
    s_place (&p, (const char *[]) { "pusher", "puller1", "puller2", NULL },
             (const char *[]) { "pusher>puller1", "pusher>puller2", NULL }, 80, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 1, 0);
    s_expect (&p, 2, 1, 1);
    //  Pipeline: the sink's sync link from the ventilator does not pull it
    //  into the workers' column. Spawned sink first, as the guide does.
    const char *pipeline_links [] = {
        "ventilator>worker1", "ventilator>worker2", "ventilator>worker3",
        "worker1>sink", "worker2>sink", "worker3>sink", "ventilator>sink", NULL
    };
    s_place (&p, (const char *[]) { "ventilator", "worker1", "worker2", "worker3", "sink", NULL },
             pipeline_links, 100, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    for (int i = 1; i <= 3; i++)
        s_expect (&p, i, 1, i - 1);
    s_expect (&p, 4, 2, 0);
    assert_int_equal (p.layout.columns, 3);
    s_place (&p, (const char *[]) { "sink", "worker1", "worker2", "worker3", "ventilator", NULL },
             pipeline_links, 100, 24, 18, 5);
    s_expect (&p, 0, 2, 0);
    s_expect (&p, 4, 0, 0);
    s_expect (&p, 3, 1, 2);
    //  Columns spread evenly over the width.
    int gap1 = p.boxes [1].x - p.boxes [4].x, gap2 = p.boxes [0].x - p.boxes [1].x;
    assert_true (abs (gap1 - gap2) <= 1);
}

static void
test_layout_isolated_and_stable (void **state)
{
    (void) state;
    s_placed_t p;
    //  No links: one column, spawn order.
    s_place (&p, (const char *[]) { "a", "b", "c", NULL }, NULL, 80, 24, 18, 5);
    for (int i = 0; i < 3; i++)
        s_expect (&p, i, 0, i);
    //  An isolated actor next to a pattern; unknown names and self-links ignored.
    s_place (&p, (const char *[]) { "pub", "lonely", "sub", NULL },
             (const char *[]) { "pub>sub", "ghost>sub", "lonely>lonely", NULL }, 80, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 0, 1);
    s_expect (&p, 2, 1, 0);
    //  A late subscriber joins: the others keep their cells.
    s_place (&p, (const char *[]) { "pub", "sub1", "sub2", "late", NULL },
             (const char *[]) { "pub>sub1", "pub>sub2", "pub>late", NULL }, 80, 24, 18, 5);
    s_expect (&p, 1, 1, 0);
    s_expect (&p, 2, 1, 1);
    s_expect (&p, 3, 1, 2);
    //  A worker not linked yet stands in column 0 below the ventilator and
    //  disturbs nobody; once linked it joins the workers, after w1.
    const char *pipeline [] = { "vent", "w1", "w2", "sink", NULL };
    s_place (&p, pipeline, (const char *[]) { "vent>w1", "w1>sink", NULL }, 100, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 1, 0);
    s_expect (&p, 2, 0, 1);
    s_expect (&p, 3, 2, 0);
    s_place (&p, pipeline, (const char *[]) { "vent>w1", "w1>sink", "vent>w2", "w2>sink", NULL },
             100, 24, 18, 5);
    s_expect (&p, 0, 0, 0);
    s_expect (&p, 1, 1, 0);
    s_expect (&p, 2, 1, 1);
    s_expect (&p, 3, 2, 0);
}

static void
test_layout_crowded (void **state)
{
    (void) state;
    s_placed_t p;
    //  20 actors in 120x40: a ventilator, 18 workers, a sink — all shown.
    const char *names [21];
    char buffer [20][LAB_NAME_MAX];
    const char *links [40];
    char link_buffer [40][2 * LAB_NAME_MAX];
    names [0] = "vent";
    names [19] = "sink";
    names [20] = NULL;
    for (int i = 1; i <= 18; i++) {
        snprintf (buffer [i], LAB_NAME_MAX, "worker%d", i);
        names [i] = buffer [i];
        snprintf (link_buffer [2 * i - 2], sizeof link_buffer [0], "vent>worker%d", i);
        snprintf (link_buffer [2 * i - 1], sizeof link_buffer [0], "worker%d>sink", i);
        links [2 * i - 2] = link_buffer [2 * i - 2];
        links [2 * i - 1] = link_buffer [2 * i - 1];
    }
    links [36] = NULL;
    s_place (&p, names, links, 120, 40, 20, 5);
    assert_false (p.layout.overflow);
    assert_true (p.layout.compact);                 //  18 rows: short boxes
    assert_int_equal (p.layout.rows, 18);
    assert_int_equal (p.boxes [19].column, 2);
    //  20 unlinked actors: one column of 20.
    s_place (&p, names, NULL, 120, 40, 20, 5);
    assert_false (p.layout.overflow);
    //  A chain of 20: twenty columns do not fit 120 columns; some hide.
    for (int i = 0; i < 19; i++) {
        snprintf (link_buffer [i], sizeof link_buffer [0], "%s>%s", names [i], names [i + 1]);
        links [i] = link_buffer [i];
    }
    links [19] = NULL;
    s_place (&p, names, links, 120, 40, 20, 5);
    assert_true (p.layout.overflow);
    assert_int_equal (p.layout.box_width, LAYOUT_BOX_MIN_WIDTH);
    assert_int_equal (p.layout.columns, 20);
    //  Too wide for the box asked: narrower boxes, all there.
    s_place (&p, (const char *[]) { "a", "b", "c", NULL },
             (const char *[]) { "a>b", "b>c", NULL }, 45, 20, 18, 5);
    assert_true (p.layout.compact);
    assert_false (p.layout.overflow);
    assert_int_equal (p.layout.box_width, 12);
}

static void
test_layout_tiny (void **state)
{
    (void) state;
    s_placed_t p;
    const char *names [] = { "ventilator", "worker1", "worker2", "worker3", "sink", NULL };
    const char *links [] = { "ventilator>worker1", "ventilator>worker2", "ventilator>worker3",
                             "worker1>sink", "worker2>sink", "worker3>sink", NULL };
    s_place (&p, names, links, 20, 2, 18, 5);
    assert_true (p.layout.overflow);
    assert_true (p.layout.compact);
    assert_true (p.layout.hidden > 0);
    assert_true (p.boxes [0].visible);              //  the first cells stay
    s_place (&p, names, links, 0, 0, 18, 5);
    assert_int_equal (p.layout.hidden, 5);
    s_place (&p, names, links, 7, 30, 18, 5);       //  narrower than any box
    assert_int_equal (p.layout.hidden, 5);
    //  Every small size: never an overlap (s_place checks), no crash.
    for (int w = 0; w < 60; w += 3)
        for (int h = 0; h < 20; h++)
            s_place (&p, names, links, w, h, 18, 5);
    //  More actors than the layout handles: the rest are hidden, not lost.
    const char *many [LAYOUT_ACTORS_MAX + 4];
    char buffer [LAYOUT_ACTORS_MAX + 3][16];
    for (int i = 0; i < LAYOUT_ACTORS_MAX + 3; i++) {
        snprintf (buffer [i], sizeof buffer [i], "a%d", i);
        many [i] = buffer [i];
    }
    many [LAYOUT_ACTORS_MAX + 3] = NULL;
    s_place (&p, many, NULL, 200, 200, 10, 1);
    assert_int_equal (p.layout.hidden, 3);
    assert_int_equal (p.boxes [LAYOUT_ACTORS_MAX + 1].column, -1);
}

static void
test_layout_snapshot (void **state)
{
    (void) state;
    actor_stats_t actors [3] = { { .name = "client" }, { .name = "server" }, { .name = "spy" } };
    link_stats_t links [2] = {
        { .from_actor = "client", .to_actor = "server", .active = true },
        { .from_actor = "server", .to_actor = "client", .active = false }
    };
    lab_snapshot_t snap = { .n_actors = 3, .n_links = 2, .actors = actors, .links = links };
    layout_box_t boxes [3];
    layout_t layout;
    layout_snapshot (&snap, 80, 24, 18, 5, boxes, &layout);
    assert_int_equal (boxes [0].column, 0);
    assert_int_equal (boxes [1].column, 1);
    assert_int_equal (boxes [2].column, 0);
    assert_int_equal (boxes [2].row, 1);
    assert_false (layout.overflow);
    layout_snapshot (NULL, 80, 24, 18, 5, boxes, &layout);
    assert_int_equal (layout.columns, 0);
}

//  --- gauge -----------------------------------------------------------------

static void
test_gauge_level (void **state)
{
    (void) state;
    assert_int_equal (gauge_level (0, 20), GAUGE_CALM);
    assert_int_equal (gauge_level (9, 20), GAUGE_CALM);
    assert_int_equal (gauge_level (10, 20), GAUGE_WARN);
    assert_int_equal (gauge_level (19, 20), GAUGE_WARN);
    assert_int_equal (gauge_level (20, 20), GAUGE_FULL);
    assert_int_equal (gauge_level (25, 20), GAUGE_FULL);
    assert_int_equal (gauge_level (0, 1), GAUGE_CALM);
    assert_int_equal (gauge_level (1, 1), GAUGE_FULL);
    assert_int_equal (gauge_level (1000000, -1), GAUGE_CALM);
    assert_int_equal (gauge_level ((uint64_t) INT64_MAX - 1, INT64_MAX), GAUGE_WARN);
    assert_int_equal (gauge_level (UINT64_MAX, INT64_MAX), GAUGE_FULL);
}

static void
test_gauge_render (void **state)
{
    (void) state;
    char out [256];
    gauge_render (out, sizeof out, 0, 20, 8, true);
    assert_string_equal (out, "▕░░░░░░░░▏ 0/20");
    gauge_render (out, sizeof out, 10, 20, 8, true);
    assert_string_equal (out, "▕████░░░░▏ 10/20");
    gauge_render (out, sizeof out, 12, 20, 8, false);
    assert_string_equal (out, "[####....] 12/20");
    gauge_render (out, sizeof out, 20, 20, 8, false);
    assert_string_equal (out, "[########] 20/20");
    gauge_render (out, sizeof out, 25, 20, 8, false);   //  clamped
    assert_string_equal (out, "[########] 25/20");
    gauge_render (out, sizeof out, 19, 20, 8, false);   //  not full: not drawn full
    assert_string_equal (out, "[#######.] 19/20");
    gauge_render (out, sizeof out, 1, 2000, 8, false);  //  not empty: not drawn empty
    assert_string_equal (out, "[#.......] 1/2000");
    gauge_render (out, sizeof out, 12, -1, 4, true);
    assert_string_equal (out, "▕░░░░▏ 12/∞");
    gauge_render (out, sizeof out, 12, -1, 4, false);
    assert_string_equal (out, "[....] 12/inf");
    gauge_render (out, sizeof out, 123456, 20000000, 4, false);
    assert_string_equal (out, "[#...] 123k/20M");
    gauge_render (out, sizeof out, 3, 20, 0, false);    //  no room for a bar
    assert_string_equal (out, "3/20");
    gauge_render (out, 9, 3, 20, 8, true);              //  short buffer: whole characters
    assert_true (s_valid_utf8 (out, strlen (out)));
    assert_true (strlen (out) < 9);

    //  Cells 1..20: the bar is always cells + 2 columns, and fills monotonically.
    for (int cells = 1; cells <= 20; cells++)
        for (int utf8 = 0; utf8 < 2; utf8++) {
            int last = 0;
            for (uint64_t in_flight = 0; in_flight <= 45; in_flight++) {
                gauge_render (out, sizeof out, in_flight, 40, cells, utf8);
                size_t bar = strcspn (out, " ");
                assert_int_equal (text_width_n (out, bar), cells + 2);
                int filled = 0;
                const char *mark = utf8 ? "█" : "#";
                for (const char *p = strstr (out, mark); p && p < out + bar;
                     p = strstr (p + strlen (mark), mark))
                    filled++;
                assert_true (filled >= last);
                assert_true ((filled == 0) == (in_flight == 0));
                if (cells > 1)
                    assert_true ((filled == cells) == (in_flight >= 40));
                last = filled;
            }
            gauge_render (out, sizeof out, 7, -1, cells, utf8);
            assert_int_equal (text_width_n (out, strcspn (out, " ")), cells + 2);
        }
}

//  --- input -----------------------------------------------------------------

static model_t *
s_model (void)
{
    static model_t model;
    memset (&model, 0, sizeof model);
    model.screen = SCREEN_LESSON;
    model.selected = 2;
    model.question.open = true;
    model.question.n_choices = 3;
    model.n_menu = 6;
    model.menu_selected = 4;
    return &model;
}

typedef struct {
    screen_t screen;
    int key;
    action_kind_t kind;
    int arg;
} s_binding_t;

static void
test_input_keys (void **state)
{
    (void) state;
    const s_binding_t bindings [] = {
        //  The lesson screen: every key of the list.
        { SCREEN_LESSON, '?', ACTION_HELP, 0 },
        { SCREEN_LESSON, 'q', ACTION_BACK, 0 },
        { SCREEN_LESSON, ' ', ACTION_PAUSE_ALL, 0 },
        { SCREEN_LESSON, '.', ACTION_STEP, 0 },
        { SCREEN_LESSON, '+', ACTION_FASTER, 0 },
        { SCREEN_LESSON, '=', ACTION_FASTER, 0 },
        { SCREEN_LESSON, '-', ACTION_SLOWER, 0 },
        { SCREEN_LESSON, 'n', ACTION_NEXT, 0 },
        { SCREEN_LESSON, '\n', ACTION_NEXT, 0 },
        { SCREEN_LESSON, '\r', ACTION_NEXT, 0 },
        { SCREEN_LESSON, KEY_ENTER, ACTION_NEXT, 0 },
        { SCREEN_LESSON, '1', ACTION_ANSWER, 1 },
        { SCREEN_LESSON, '3', ACTION_ANSWER, 3 },
        { SCREEN_LESSON, '4', ACTION_NONE, 0 },         //  only 3 choices
        { SCREEN_LESSON, 'h', ACTION_HINT, 0 },
        { SCREEN_LESSON, '\t', ACTION_SELECT_NEXT, 0 },
        { SCREEN_LESSON, KEY_RIGHT, ACTION_SELECT_NEXT, 0 },
        { SCREEN_LESSON, KEY_DOWN, ACTION_SELECT_NEXT, 0 },
        { SCREEN_LESSON, KEY_BTAB, ACTION_SELECT_PREV, 0 },
        { SCREEN_LESSON, KEY_LEFT, ACTION_SELECT_PREV, 0 },
        { SCREEN_LESSON, KEY_UP, ACTION_SELECT_PREV, 0 },
        { SCREEN_LESSON, 'p', ACTION_PAUSE_ACTOR, 2 },
        { SCREEN_LESSON, 'k', ACTION_KILL_ACTOR, 2 },
        { SCREEN_LESSON, 'r', ACTION_RESTART_ACTOR, 2 },
        { SCREEN_LESSON, ':', ACTION_COMMAND, 0 },
        { SCREEN_LESSON, 'l', ACTION_LESSONS, 0 },
        { SCREEN_LESSON, KEY_PPAGE, ACTION_LOG_UP, 0 },
        { SCREEN_LESSON, KEY_NPAGE, ACTION_LOG_DOWN, 0 },
        { SCREEN_LESSON, KEY_MOUSE, ACTION_MOUSE, 0 },
        { SCREEN_LESSON, KEY_RESIZE, ACTION_RESIZE, 0 },
        { SCREEN_LESSON, INPUT_CTRL_L, ACTION_REDRAW, 0 },
        { SCREEN_LESSON, 'x', ACTION_REPLAY, 0 },
        { SCREEN_LESSON, 'S', ACTION_SOLUTION, 0 },
        { SCREEN_LESSON, 'P', ACTION_PLAY_SOLUTION, 0 },
        { SCREEN_LESSON, 'z', ACTION_NONE, 0 },
        { SCREEN_LESSON, 'j', ACTION_NONE, 0 },
        //  The sandbox: no steps, no questions; q leaves; Enter types a command.
        { SCREEN_SANDBOX, 'q', ACTION_QUIT, 0 },
        { SCREEN_SANDBOX, 'n', ACTION_NONE, 0 },
        { SCREEN_SANDBOX, '\n', ACTION_COMMAND, 0 },
        { SCREEN_SANDBOX, '1', ACTION_NONE, 0 },
        { SCREEN_SANDBOX, ':', ACTION_COMMAND, 0 },
        { SCREEN_SANDBOX, ' ', ACTION_PAUSE_ALL, 0 },
        { SCREEN_SANDBOX, 'k', ACTION_KILL_ACTOR, 2 },
        { SCREEN_SANDBOX, 'l', ACTION_LESSONS, 0 },
        { SCREEN_SANDBOX, 'x', ACTION_REPLAY, 0 },
        { SCREEN_SANDBOX, 'S', ACTION_NONE, 0 },
        { SCREEN_SANDBOX, 'P', ACTION_NONE, 0 },
        //  v: the source view, in a lesson and the sandbox too.
        { SCREEN_LESSON, 'v', ACTION_SOURCE, 0 },
        { SCREEN_SANDBOX, 'v', ACTION_SOURCE, 0 },
        { SCREEN_LESSON, 'e', ACTION_NONE, 0 },
        { SCREEN_LESSON, 'S', ACTION_SOLUTION, 0 },
        { SCREEN_LESSON, 'P', ACTION_PLAY_SOLUTION, 0 },
        //  An exercise: e, S and R are its own; no steps, no questions.
        { SCREEN_EXERCISE, 'e', ACTION_EDIT_FILE, 0 },
        { SCREEN_EXERCISE, 'S', ACTION_SOLUTION, 0 },
        { SCREEN_EXERCISE, 'R', ACTION_RESTART_SECTION, 0 },
        { SCREEN_EXERCISE, 'v', ACTION_SOURCE, 0 },
        { SCREEN_EXERCISE, 'h', ACTION_HINT, 0 },
        { SCREEN_EXERCISE, 'q', ACTION_BACK, 0 },
        { SCREEN_EXERCISE, 'p', ACTION_PAUSE_ACTOR, 2 },
        { SCREEN_EXERCISE, ':', ACTION_COMMAND, 0 },
        { SCREEN_EXERCISE, 'n', ACTION_NONE, 0 },
        { SCREEN_EXERCISE, 'x', ACTION_NONE, 0 },
        { SCREEN_EXERCISE, '\n', ACTION_NONE, 0 },
        { SCREEN_EXERCISE, KEY_NPAGE, ACTION_LOG_DOWN, 0 },
        //  The menu: arrows and j/k move, Enter opens, q exits.
        { SCREEN_MENU, KEY_UP, ACTION_MENU_UP, 0 },
        { SCREEN_MENU, 'k', ACTION_MENU_UP, 0 },
        { SCREEN_MENU, KEY_DOWN, ACTION_MENU_DOWN, 0 },
        { SCREEN_MENU, 'j', ACTION_MENU_DOWN, 0 },
        { SCREEN_MENU, KEY_HOME, ACTION_MENU_FIRST, 0 },
        { SCREEN_MENU, KEY_END, ACTION_MENU_LAST, 0 },
        { SCREEN_MENU, '\n', ACTION_OPEN, 4 },
        { SCREEN_MENU, KEY_ENTER, ACTION_OPEN, 4 },
        { SCREEN_MENU, 'q', ACTION_QUIT, 0 },
        { SCREEN_MENU, '?', ACTION_HELP, 0 },
        { SCREEN_MENU, ' ', ACTION_NONE, 0 },
        { SCREEN_MENU, 'p', ACTION_NONE, 0 },
        { SCREEN_MENU, KEY_RESIZE, ACTION_RESIZE, 0 },
    };
    for (size_t i = 0; i < sizeof bindings / sizeof bindings [0]; i++) {
        const s_binding_t *b = &bindings [i];
        model_t *model = s_model ();
        model->screen = b->screen;
        action_t action = input_action (b->screen, model, b->key);
        if (action.kind != b->kind || action.arg != b->arg)
            fail_msg ("screen %d key %d: action %d (%d), expected %d (%d)", b->screen,
                      b->key, action.kind, action.arg, b->kind, b->arg);
    }
}

static void
test_input_overlays (void **state)
{
    (void) state;
    model_t *model = s_model ();
    //  No question open: digits mean nothing.
    model->question.open = false;
    assert_int_equal (input_action (SCREEN_LESSON, model, '1').kind, ACTION_NONE);
    //  Nothing selected: p says so with -1.
    model->selected = -1;
    assert_int_equal (input_action (SCREEN_LESSON, model, 'p').arg, -1);
    //  An empty menu opens nothing.
    model->n_menu = 0;
    assert_int_equal (input_action (SCREEN_MENU, model, '\n').kind, ACTION_NONE);
    //  The help overlay takes any key, q included; a resize still resizes.
    model->help_open = true;
    const int keys [] = { 'q', '?', ' ', '1', KEY_UP, INPUT_ESC, '\n', KEY_MOUSE };
    for (size_t i = 0; i < sizeof keys / sizeof keys [0]; i++) {
        assert_int_equal (input_action (SCREEN_LESSON, model, keys [i]).kind, ACTION_CLOSE_HELP);
        assert_int_equal (input_action (SCREEN_MENU, model, keys [i]).kind, ACTION_CLOSE_HELP);
    }
    assert_int_equal (input_action (SCREEN_LESSON, model, KEY_RESIZE).kind, ACTION_RESIZE);
    //  The open command line takes every key (a click still selects).
    model->help_open = false;
    model->command_open = true;
    assert_int_equal (input_action (SCREEN_SANDBOX, model, KEY_MOUSE).kind, ACTION_MOUSE);
    for (size_t i = 0; i < sizeof keys / sizeof keys [0] - 1; i++) {
        action_t action = input_action (SCREEN_SANDBOX, model, keys [i]);
        assert_int_equal (action.kind, ACTION_EDIT);
        assert_int_equal (action.arg, keys [i]);
    }
    assert_int_equal (input_action (SCREEN_LESSON, model, KEY_RESIZE).kind, ACTION_RESIZE);
}

static void
test_input_source (void **state)
{
    (void) state;
    model_t *model = s_model ();
    model->source.open = true;
    //  The source view is read: it scrolls and closes; nothing else acts.
    const struct { int key; action_kind_t kind; int arg; } keys [] = {
        { KEY_UP, ACTION_SOURCE_SCROLL, -1 },
        { 'k', ACTION_SOURCE_SCROLL, -1 },
        { KEY_DOWN, ACTION_SOURCE_SCROLL, 1 },
        { 'j', ACTION_SOURCE_SCROLL, 1 },
        { KEY_PPAGE, ACTION_SOURCE_SCROLL, -INPUT_SOURCE_PAGE },
        { KEY_NPAGE, ACTION_SOURCE_SCROLL, INPUT_SOURCE_PAGE },
        { ' ', ACTION_SOURCE_SCROLL, INPUT_SOURCE_PAGE },
        { KEY_HOME, ACTION_SOURCE_SCROLL, -INPUT_SOURCE_END },
        { KEY_END, ACTION_SOURCE_SCROLL, INPUT_SOURCE_END },
        { KEY_LEFT, ACTION_SOURCE_SIDE, -1 },
        { KEY_RIGHT, ACTION_SOURCE_SIDE, 1 },
        { 'v', ACTION_SOURCE, 0 },
        { 'q', ACTION_SOURCE, 0 },
        { INPUT_ESC, ACTION_SOURCE, 0 },
        { '\n', ACTION_SOURCE, 0 },
        { 'p', ACTION_NONE, 0 },
        { 'k' + 100, ACTION_NONE, 0 },
        { KEY_MOUSE, ACTION_NONE, 0 },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys [0]; i++) {
        action_t action = input_action (SCREEN_LESSON, model, keys [i].key);
        if (action.kind != keys [i].kind || action.arg != keys [i].arg)
            fail_msg ("key %d: action %d (%d), expected %d (%d)", keys [i].key, action.kind,
                      action.arg, keys [i].kind, keys [i].arg);
    }
    //  e edits the learner's file in an exercise only.
    assert_int_equal (input_action (SCREEN_EXERCISE, model, 'e').kind, ACTION_EDIT_FILE);
    assert_int_equal (input_action (SCREEN_LESSON, model, 'e').kind, ACTION_NONE);
    //  The help and a resize come first.
    assert_int_equal (input_action (SCREEN_LESSON, model, KEY_RESIZE).kind, ACTION_RESIZE);
    model->help_open = true;
    assert_int_equal (input_action (SCREEN_LESSON, model, 'v').kind, ACTION_CLOSE_HELP);
}

//  --- command line ----------------------------------------------------------

static void
s_type (cmdline_t *line, const char *ascii)
{
    for (; *ascii; ascii++)
        assert_int_equal (cmdline_key (line, (unsigned char) *ascii), CMDLINE_EDITED);
}

static void
test_cmdline_edit (void **state)
{
    (void) state;
    cmdline_t *line = cmdline_new ();
    assert_non_null (line);
    s_type (line, "spawn pub");
    assert_string_equal (cmdline_text (line), "spawn pub");
    assert_int_equal (cmdline_key (line, KEY_HOME), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 0);
    assert_int_equal (cmdline_key (line, KEY_LEFT), CMDLINE_IGNORED);
    assert_int_equal (cmdline_key (line, KEY_BACKSPACE), CMDLINE_IGNORED);
    assert_int_equal (cmdline_key (line, KEY_DC), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "pawn pub");
    assert_int_equal (cmdline_key (line, INPUT_CTRL_E), CMDLINE_EDITED);
    assert_int_equal (cmdline_key (line, KEY_RIGHT), CMDLINE_IGNORED);
    assert_int_equal (cmdline_key (line, INPUT_CTRL_W), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "pawn ");
    assert_int_equal (cmdline_key (line, INPUT_CTRL_U), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "");
    assert_int_equal (cmdline_key (line, 200), CMDLINE_IGNORED);   //  bytes: cmdline_insert
    assert_int_equal (cmdline_key (line, 0410 /* KEY_F(0) */), CMDLINE_IGNORED);
    //  Submit keeps the text for the caller; Esc cancels and clears.
    s_type (line, "speed 2");
    assert_int_equal (cmdline_key (line, '\n'), CMDLINE_SUBMIT);
    assert_string_equal (cmdline_text (line), "speed 2");
    s_type (line, "x");
    assert_int_equal (cmdline_key (line, INPUT_ESC), CMDLINE_CANCEL);
    assert_string_equal (cmdline_text (line), "");
    cmdline_destroy (&line);
    assert_null (line);
    cmdline_destroy (&line);
}

static void
test_cmdline_chinese (void **state)
{
    (void) state;
    cmdline_t *line = cmdline_new ();
    assert_int_equal (cmdline_insert (line, "发布者"), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 9);
    //  Left by whole characters.
    assert_int_equal (cmdline_key (line, KEY_LEFT), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 6);
    assert_int_equal (cmdline_key (line, KEY_LEFT), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 3);
    //  Insert in the middle, by bytes and by characters.
    assert_int_equal (cmdline_insert (line, "订阅"), CMDLINE_EDITED);
    s_type (line, "ab");
    assert_string_equal (cmdline_text (line), "发订阅ab布者");
    //  Backspace and Delete take whole characters.
    assert_int_equal (cmdline_key (line, KEY_BACKSPACE), CMDLINE_EDITED);
    assert_int_equal (cmdline_key (line, KEY_BACKSPACE), CMDLINE_EDITED);
    assert_int_equal (cmdline_key (line, KEY_BACKSPACE), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "发订布者");
    assert_int_equal (cmdline_cursor (line), 6);
    assert_int_equal (cmdline_key (line, KEY_DC), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "发订者");
    assert_int_equal (cmdline_key (line, KEY_RIGHT), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 9);
    //  A letter with a combining accent is one step.
    cmdline_clear (line);
    cmdline_insert (line, "caf" "e\xcc\x81" "!");
    assert_int_equal (cmdline_key (line, KEY_LEFT), CMDLINE_EDITED);
    assert_int_equal (cmdline_key (line, KEY_LEFT), CMDLINE_EDITED);
    assert_int_equal (cmdline_cursor (line), 3);
    assert_int_equal (cmdline_key (line, KEY_DC), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "caf!");
    //  Invalid bytes show as '?', control characters stay out.
    cmdline_clear (line);
    assert_int_equal (cmdline_insert (line, "a\xff\tb\n"), CMDLINE_EDITED);
    assert_string_equal (cmdline_text (line), "a?b");
    assert_int_equal (cmdline_insert (line, "\t"), CMDLINE_IGNORED);
    //  Full: only whole characters go in.
    cmdline_clear (line);
    for (int i = 0; i < 1400; i++)
        cmdline_insert (line, "发");
    assert_int_equal (strlen (cmdline_text (line)), CMDLINE_MAX - 2);   //  1365 × 3 bytes
    assert_true (s_valid_utf8 (cmdline_text (line), CMDLINE_MAX - 2));
    assert_int_equal (cmdline_insert (line, "发"), CMDLINE_FULL);
    assert_int_equal (strlen (cmdline_text (line)), CMDLINE_MAX - 2);
    cmdline_destroy (&line);
}

static void
test_cmdline_history (void **state)
{
    (void) state;
    cmdline_t *line = cmdline_new ();
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_IGNORED);
    const char *commands [] = { "spawn('pub')", "connect('sub', 'inproc://news')",
                                "订阅 news", "订阅 news", "" };
    for (int i = 0; i < 5; i++) {
        cmdline_insert (line, commands [i]);
        assert_int_equal (cmdline_key (line, '\n'), CMDLINE_SUBMIT);
        cmdline_clear (line);
    }
    //  Repeats and empty lines are not kept.
    assert_string_equal (cmdline_history (line, 0), "订阅 news");
    assert_string_equal (cmdline_history (line, 2), "spawn('pub')");
    assert_null (cmdline_history (line, 3));
    //  Browse up and back down to the line being typed.
    s_type (line, "dr");
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_HISTORY_UP);
    assert_string_equal (cmdline_text (line), "订阅 news");
    assert_int_equal (cmdline_cursor (line), strlen ("订阅 news"));
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_HISTORY_UP);
    assert_int_equal (cmdline_key (line, INPUT_CTRL_P), CMDLINE_HISTORY_UP);
    assert_string_equal (cmdline_text (line), "spawn('pub')");
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_IGNORED);
    assert_int_equal (cmdline_key (line, KEY_DOWN), CMDLINE_HISTORY_DOWN);
    assert_string_equal (cmdline_text (line), "connect('sub', 'inproc://news')");
    assert_int_equal (cmdline_key (line, INPUT_CTRL_N), CMDLINE_HISTORY_DOWN);
    assert_int_equal (cmdline_key (line, KEY_DOWN), CMDLINE_HISTORY_DOWN);
    assert_string_equal (cmdline_text (line), "dr");
    assert_int_equal (cmdline_key (line, KEY_DOWN), CMDLINE_IGNORED);
    //  A recalled command, edited and submitted, is the newest.
    cmdline_key (line, KEY_UP);
    cmdline_key (line, KEY_UP);
    s_type (line, " # again");
    assert_int_equal (cmdline_key (line, KEY_ENTER), CMDLINE_SUBMIT);
    assert_string_equal (cmdline_history (line, 0), "connect('sub', 'inproc://news') # again");
    cmdline_clear (line);
    //  The last 100 are kept.
    char text [32];
    for (int i = 0; i < 150; i++) {
        snprintf (text, sizeof text, "command %d", i);
        cmdline_insert (line, text);
        cmdline_key (line, '\r');
        cmdline_clear (line);
    }
    assert_string_equal (cmdline_history (line, 0), "command 149");
    assert_string_equal (cmdline_history (line, 99), "command 50");
    assert_null (cmdline_history (line, 100));
    for (int i = 0; i < 100; i++)
        assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_HISTORY_UP);
    assert_string_equal (cmdline_text (line), "command 50");
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_IGNORED);
    cmdline_destroy (&line);
}

//  4 KiB fit, whole; beyond, the editor says FULL (the session says so in
//  words) instead of cutting the command silently.
static void
test_cmdline_long (void **state)
{
    (void) state;
    cmdline_t *line = cmdline_new ();
    //  What used to be cut at 255 bytes ("unfinished string near <eof>").
    char text [CMDLINE_MAX + 16];
    memset (text, 'a', sizeof text);
    memcpy (text, "print(\"", 7);
    memcpy (text + 296, "\")", 3);
    assert_int_equal (cmdline_insert (line, text), CMDLINE_EDITED);
    assert_int_equal (strlen (cmdline_text (line)), 298);
    assert_int_equal (cmdline_key (line, '\n'), CMDLINE_SUBMIT);
    assert_string_equal (cmdline_history (line, 0), text);
    cmdline_clear (line);
    //  4096 bytes go in; the 4097th does not, and says so.
    memset (text, 'b', sizeof text);
    text [CMDLINE_MAX - 1] = 0;
    assert_int_equal (cmdline_insert (line, text), CMDLINE_EDITED);
    assert_int_equal (strlen (cmdline_text (line)), 4096);
    assert_int_equal (cmdline_key (line, 'c'), CMDLINE_FULL);
    assert_int_equal (cmdline_insert (line, "cd"), CMDLINE_FULL);
    assert_int_equal (strlen (cmdline_text (line)), 4096);
    //  A paste that does not fit: what fits goes in, and FULL says the rest did not.
    cmdline_clear (line);
    text [CMDLINE_MAX - 1] = 'b';
    text [CMDLINE_MAX + 8] = 0;
    assert_int_equal (cmdline_insert (line, text), CMDLINE_FULL);
    assert_int_equal (strlen (cmdline_text (line)), 4096);
    //  The whole 4 KiB line is kept in the history and comes back.
    assert_int_equal (cmdline_key (line, KEY_ENTER), CMDLINE_SUBMIT);
    cmdline_clear (line);
    assert_int_equal (cmdline_key (line, KEY_UP), CMDLINE_HISTORY_UP);
    assert_int_equal (strlen (cmdline_text (line)), 4096);
    cmdline_destroy (&line);
}

//  Types TEXT (UTF-8) and returns what Tab does among WORDS.
static int
s_tab (cmdline_t *line, const char *text, const char *const *words, size_t n,
       char *shown, size_t size)
{
    cmdline_clear (line);
    cmdline_insert (line, text);
    return cmdline_complete (line, words, n, shown, size);
}

static void
test_cmdline_complete (void **state)
{
    (void) state;
    static const char *const functions [] = { "spawn", "speed", "actor", "link", "help" };
    static const char *const methods [] = { "pause", "resume", "kill", "restart" };
    static const char *const behaviours [] = { "publisher", "pusher", "puller", "subscriber" };
    cmdline_t *line = cmdline_new ();
    char shown [128];
    //  What the word before the cursor is.
    size_t start;
    cmdline_insert (line, "sp");
    assert_int_equal (cmdline_context (line, &start), CMDLINE_FUNCTION);
    assert_int_equal (start, 0);
    cmdline_clear (line);
    cmdline_insert (line, "actor(\"p\"):pa");
    assert_int_equal (cmdline_context (line, &start), CMDLINE_METHOD);
    assert_int_equal (start, 11);
    cmdline_clear (line);
    cmdline_insert (line, "spawn( 'pu");
    assert_int_equal (cmdline_context (line, &start), CMDLINE_BEHAVIOUR);
    assert_int_equal (start, 8);
    cmdline_clear (line);
    cmdline_insert (line, "spawn(\"rep_se");
    assert_int_equal (cmdline_context (line, NULL), CMDLINE_BEHAVIOUR);
    cmdline_clear (line);
    cmdline_insert (line, "print(\"sp");
    assert_int_equal (cmdline_context (line, NULL), CMDLINE_NO_WORD);
    cmdline_clear (line);
    cmdline_insert (line, "x = { name = \"pu");
    assert_int_equal (cmdline_context (line, NULL), CMDLINE_NO_WORD);
    cmdline_clear (line);
    cmdline_insert (line, "string.fo");
    assert_int_equal (cmdline_context (line, NULL), CMDLINE_NO_WORD);
    //  One match: its rest goes in.
    assert_int_equal (s_tab (line, "act", functions, 5, shown, sizeof shown), 1);
    assert_string_equal (cmdline_text (line), "actor");
    assert_string_equal (shown, "");
    //  Several: the common prefix, and the candidates to show.
    assert_int_equal (s_tab (line, "s", functions, 5, shown, sizeof shown), 2);
    assert_string_equal (cmdline_text (line), "sp");
    assert_string_equal (shown, "spawn speed");
    assert_int_equal (s_tab (line, "spawn(\"pu", behaviours, 4, shown, sizeof shown), 3);
    assert_string_equal (cmdline_text (line), "spawn(\"pu");
    assert_string_equal (shown, "publisher pusher puller");
    assert_int_equal (s_tab (line, "spawn(\"pub", behaviours, 4, shown, sizeof shown), 1);
    assert_string_equal (cmdline_text (line), "spawn(\"publisher");
    assert_int_equal (s_tab (line, "actor(\"x\"):re", methods, 4, shown, sizeof shown), 2);
    assert_string_equal (cmdline_text (line), "actor(\"x\"):res");
    assert_string_equal (shown, "resume restart");
    //  In the middle of a line: the rest stays after the cursor.
    cmdline_clear (line);
    cmdline_insert (line, "lin(1)");
    cmdline_key (line, KEY_HOME);
    for (int i = 0; i < 3; i++)
        cmdline_key (line, KEY_RIGHT);
    assert_int_equal (cmdline_complete (line, functions, 5, shown, sizeof shown), 1);
    assert_string_equal (cmdline_text (line), "link(1)");
    assert_int_equal (cmdline_cursor (line), 4);
    //  Nothing matches, or nothing to complete: nothing changes.
    assert_int_equal (s_tab (line, "zz", functions, 5, shown, sizeof shown), 0);
    assert_string_equal (cmdline_text (line), "zz");
    assert_int_equal (s_tab (line, "print(\"s", functions, 5, shown, sizeof shown), 0);
    assert_string_equal (cmdline_text (line), "print(\"s");
    //  A short SHOWN is cut, never overrun.
    char small [8];
    assert_int_equal (s_tab (line, "spawn('p", behaviours, 4, small, sizeof small), 3);
    assert_true (strlen (small) < sizeof small);
    assert_string_equal (cmdline_text (line), "spawn('pu");
    cmdline_destroy (&line);
}

//  A crash in one line: the Lua place dropped, the endpoint kept.
static void
test_words_crash (void **state)
{
    (void) state;
    model_t *model = calloc (1, sizeof *model);
    assert_non_null (model);
    char line [128];
    words_crash (line, sizeof line, model, "actors/publisher.lua:15: Address already in use",
                 "bind inproc://pubsub: Address already in use");
    assert_string_equal (line, "address in use (inproc://pubsub)");
    //  The log event's text, and no last error.
    words_crash (line, sizeof line, model, "crashed: actors/publisher.lua:15: Address already in use",
                 NULL);
    assert_string_equal (line, "address in use");
    //  A last error about something else gives no endpoint.
    words_crash (line, sizeof line, model, "x.lua:3: boom", "bind inproc://a: Address already in use");
    assert_string_equal (line, "boom");
    //  Nested places ("[string]:1: file:2: msg") all go; a colon in the message stays.
    words_crash (line, sizeof line, model, "a.lua:1: b.lua:22: bad value: 3", "");
    assert_string_equal (line, "bad value: 3");
    model->zh = true;
    words_crash (line, sizeof line, model, "actors/publisher.lua:15: Address already in use",
                 "bind inproc://pubsub: Address already in use");
    assert_string_equal (line, "地址已被占用 (inproc://pubsub)");
    free (model);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_text_width),
        cmocka_unit_test (test_text_invalid),
        cmocka_unit_test (test_text_fit),
        cmocka_unit_test (test_text_clip),
        cmocka_unit_test (test_text_wrap_ascii),
        cmocka_unit_test (test_text_wrap_chinese),
        cmocka_unit_test (test_layout_patterns),
        cmocka_unit_test (test_layout_isolated_and_stable),
        cmocka_unit_test (test_layout_crowded),
        cmocka_unit_test (test_layout_tiny),
        cmocka_unit_test (test_layout_snapshot),
        cmocka_unit_test (test_gauge_level),
        cmocka_unit_test (test_gauge_render),
        cmocka_unit_test (test_input_keys),
        cmocka_unit_test (test_input_overlays),
        cmocka_unit_test (test_input_source),
        cmocka_unit_test (test_cmdline_edit),
        cmocka_unit_test (test_cmdline_chinese),
        cmocka_unit_test (test_cmdline_history),
        cmocka_unit_test (test_cmdline_long),
        cmocka_unit_test (test_cmdline_complete),
        cmocka_unit_test (test_words_crash),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
