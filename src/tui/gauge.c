/*  gauge.c — queue gauges: level and bar text.
*/
#include "gauge.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

gauge_level_t
gauge_level (uint64_t in_flight, int64_t capacity)
{
    if (capacity < 1)
        return GAUGE_CALM;
    uint64_t cap = (uint64_t) capacity;
    if (in_flight >= cap)
        return GAUGE_FULL;
    //  in_flight < cap <= INT64_MAX, so doubling it cannot overflow.
    return in_flight * 2 < cap ? GAUGE_CALM : GAUGE_WARN;
}

//  Appends whole pieces only: a piece that does not fit ends the text, so a
//  short buffer never holds half a UTF-8 character.
typedef struct {
    char *out;
    size_t size, len;
    bool full;
} s_text_t;

static void
s_put (s_text_t *text, const char *piece)
{
    size_t n = strlen (piece);
    if (text->full || text->len + n >= text->size) {
        text->full = true;
        return;
    }
    memcpy (text->out + text->len, piece, n + 1);
    text->len += n;
}

void
gauge_count (char *buf, size_t size, uint64_t n)
{
    if (n < 10000)
        snprintf (buf, size, "%" PRIu64, n);
    else
    if (n < 10000000)
        snprintf (buf, size, "%" PRIu64 "k", n / 1000);
    else
        snprintf (buf, size, "%" PRIu64 "M", n / 1000000);
}

static int
s_filled (uint64_t in_flight, int64_t capacity, int cells)
{
    if (capacity < 1 || in_flight == 0)
        return 0;
    if (in_flight >= (uint64_t) capacity)
        return cells;
    int filled = (int) ((double) in_flight / (double) capacity * cells);
    if (filled >= cells && cells > 1)
        filled = cells - 1;                 //  full means full
    if (filled == 0)
        filled = 1;                         //  something is queued
    return filled;
}

void
gauge_render (char *out, size_t size, uint64_t in_flight, int64_t capacity, int cells,
              bool utf8)
{
    if (!out || size == 0)
        return;
    out [0] = 0;
    s_text_t text = { out, size, 0, false };
    if (cells > 0) {
        int filled = s_filled (in_flight, capacity, cells);
        s_put (&text, utf8 ? "\u2595" : "[");
        for (int i = 0; i < cells; i++)
            s_put (&text, i < filled ? (utf8 ? "\u2588" : "#") : (utf8 ? "\u2591" : "."));
        s_put (&text, utf8 ? "\u258f" : "]");
        s_put (&text, " ");
    }
    char number [24];
    gauge_count (number, sizeof number, in_flight);
    s_put (&text, number);
    s_put (&text, "/");
    if (capacity < 1)
        s_put (&text, utf8 ? "\u221e" : "inf");
    else {
        gauge_count (number, sizeof number, (uint64_t) capacity);
        s_put (&text, number);
    }
}
