/*  text.c — display width, fitting, clipping and wrapping of UTF-8 text.

    The unit everything works in is a "cluster": one character plus the
    zero-width marks after it, so a cut or a wrap never separates an accent
    from its letter. Widths come from utf8.c's tables.
*/
#include "text.h"
#include "utf8.h"

#include <string.h>

//  One cluster at S: returns its bytes; *base_len is the first character's
//  length, *width its columns and *base its code point (-1 when invalid).
static size_t
s_cluster (const char *s, size_t len, size_t *base_len, int *width, int32_t *base)
{
    int32_t cp;
    size_t size = (size_t) utf8_decode (s, len, base);
    *base_len = size;
    *width = utf8_width (*base);
    while (size < len) {
        int n = utf8_decode (s + size, len - size, &cp);
        if (cp < 0 || utf8_width (cp) != 0)
            break;
        size += (size_t) n;
    }
    return size;
}

int
text_width_n (const char *s, size_t len)
{
    int width = 0, cw;
    size_t pos = 0, base_len;
    int32_t base;
    while (s && pos < len) {
        pos += s_cluster (s + pos, len - pos, &base_len, &cw, &base);
        width += cw;
    }
    return width;
}

int
text_width (const char *s)
{
    return s ? text_width_n (s, strlen (s)) : 0;
}

size_t
text_fit (const char *s, int columns, int *used)
{
    int width = 0, cw;
    size_t pos = 0, len = s ? strlen (s) : 0, base_len;
    int32_t base;
    while (pos < len) {
        size_t size = s_cluster (s + pos, len - pos, &base_len, &cw, &base);
        if (width + cw > columns)
            break;
        width += cw;
        pos += size;
    }
    if (used)
        *used = width;
    return pos;
}

//  Line-breaking rules for CJK text (a small kinsoku): no line starts with
//  closing punctuation, none ends with opening punctuation.
static bool
s_no_break_before (int32_t cp)
{
    static const int32_t closing [] = {
        ',', '.', ';', ':', '!', '?', ')', ']', '}', 0x2019, 0x201D, 0x2026,
        0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
        0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D
    };
    for (size_t i = 0; i < sizeof closing / sizeof closing [0]; i++)
        if (cp == closing [i])
            return true;
    return false;
}

static bool
s_no_break_after (int32_t cp)
{
    static const int32_t opening [] = {
        '(', '[', '{', 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010,
        0x3014, 0xFF08, 0xFF3B, 0xFF5B
    };
    for (size_t i = 0; i < sizeof opening / sizeof opening [0]; i++)
        if (cp == opening [i])
            return true;
    return false;
}

//  Finds the end of the line starting at *START. Returns the line; sets
//  *next to where the following line starts. Leading spaces that alone
//  overflow the width are dropped (they would make an empty line).
static text_line_t
s_wrap_line (const char *s, size_t len, size_t *start, int width, size_t *next)
{
    size_t pos = *start, brk = 0, brk_next = 0, base_len;
    int w = 0, brk_w = 0, cw;
    bool have_brk = false, prev_wide = false;
    int32_t cp, prev = 0;
    while (pos < len && s [pos] != '\n') {
        if (s [pos] == ' ') {
            size_t after = pos;
            while (after < len && s [after] == ' ')
                after++;
            if (pos > *start) {
                have_brk = true, brk = pos, brk_w = w, brk_next = after;
                if (w + (int) (after - pos) > width)
                    break;
            }
            else
            if ((int) (after - pos) > width) {
                *start = pos = after;
                continue;
            }
            w += (int) (after - pos);
            pos = after;
            prev_wide = false, prev = ' ';
            continue;
        }
        size_t size = s_cluster (s + pos, len - pos, &base_len, &cw, &cp);
        if ((cw == 2 || prev_wide) && pos > *start
        &&  !s_no_break_before (cp) && !s_no_break_after (prev))
            have_brk = true, brk = pos, brk_w = w, brk_next = pos;
        if (w + cw > width) {
            if (!have_brk && pos == *start)
                pos += size, w = cw;        //  wider than the line: alone
            break;
        }
        w += cw;
        pos += size;
        prev_wide = cw == 2, prev = cp;
    }
    if (pos >= len || s [pos] == '\n') {
        *next = pos < len ? pos + 1 : pos;
        return (text_line_t) { *start, pos - *start, w };
    }
    if (!have_brk) {                        //  a hard break inside a word
        *next = pos;
        return (text_line_t) { *start, pos - *start, w };
    }
    //  Spaces at a break belong to neither line; a newline right after them
    //  is this line's end, not an empty line of its own.
    *next = brk_next < len && s [brk_next] == '\n' ? brk_next + 1 : brk_next;
    return (text_line_t) { *start, brk - *start, brk_w };
}

int
text_wrap (const char *s, int width, text_line_t *lines, int max_lines)
{
    if (!s || width < 1)
        return 0;
    size_t len = strlen (s), pos = 0, next;
    int count = 0;
    while (pos < len) {
        text_line_t line = s_wrap_line (s, len, &pos, width, &next);
        if (lines && count < max_lines)
            lines [count] = line;
        count++;
        pos = next;
    }
    return count;
}

//  Writes one cluster as the terminal should get it; returns its bytes, or
//  only counts them when out is NULL.
static size_t
s_emit (const char *s, size_t size, size_t base_len, int width, int32_t base, bool utf8,
        char *out)
{
    size_t n = 0;
    if (base < 0x20 || (base >= 0x7F && base < 0xA0)) {
        if (out)
            out [0] = base == '\t' ? ' ' : '?';
        n = 1;
    }
    else
    if (base < 0x80 || utf8) {
        n = utf8 ? size : base_len;         //  ASCII mode drops the marks
        if (out)
            memcpy (out, s, n);
        return n;
    }
    else {
        n = (size_t) width;
        if (out)
            memset (out, '?', n);
    }
    if (utf8 && size > base_len) {
        if (out)
            memcpy (out + n, s + base_len, size - base_len);
        n += size - base_len;
    }
    return n;
}

void
text_clip_n (const char *s, size_t len, int columns, char *out, size_t out_size, bool utf8)
{
    if (!out || out_size == 0)
        return;
    out [0] = 0;
    if (!s || columns < 1)
        return;
    //  First: does all of it fit, in columns and in bytes?
    size_t pos = 0, bytes = 0, base_len, size;
    int width = 0, cw;
    int32_t base;
    for (; pos < len; pos += size) {
        size = s_cluster (s + pos, len - pos, &base_len, &cw, &base);
        width += cw;
        bytes += s_emit (s + pos, size, base_len, cw, base, utf8, NULL);
    }
    bool cut = width > columns || bytes >= out_size;
    //  The ellipsis, shortened to what the columns and the buffer allow
    //  ("." or ".." in one or two columns).
    const char *ellipsis = !cut ? "" : utf8 ? "\u2026" : "...";
    int ellipsis_width = !cut ? 0 : utf8 ? 1 : 3;
    if (!utf8 && ellipsis_width > columns)
        ellipsis += ellipsis_width - columns, ellipsis_width = columns;
    if (strlen (ellipsis) >= out_size)
        ellipsis = "", ellipsis_width = 0;
    int room = columns - ellipsis_width;
    size_t limit = out_size - 1 - strlen (ellipsis);
    pos = bytes = 0, width = 0;
    for (; pos < len; pos += size) {
        size = s_cluster (s + pos, len - pos, &base_len, &cw, &base);
        size_t n = s_emit (s + pos, size, base_len, cw, base, utf8, NULL);
        if (width + cw > room || bytes + n > limit)
            break;
        bytes += s_emit (s + pos, size, base_len, cw, base, utf8, out + bytes);
        width += cw;
    }
    memcpy (out + bytes, ellipsis, strlen (ellipsis));
    bytes += strlen (ellipsis);
    out [bytes] = 0;
}

void
text_clip (const char *s, int columns, char *out, size_t out_size, bool utf8)
{
    text_clip_n (s, s ? strlen (s) : 0, columns, out, out_size, utf8);
}
