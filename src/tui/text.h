/*  text.h — UTF-8 text measured in terminal columns: width, fitting,
    clipping and word wrap. Widths come from utf8.h's own tables (East Asian
    Wide/Fullwidth = 2, combining marks = 0), not from the process locale,
    so the view lays out the same under LANG=C as under zh_CN.UTF-8.

    Bytes that are not valid UTF-8, and control characters, are one column
    each and are copied out as '?': they are shown, never silently skipped.
*/
#ifndef ZMQLAB_TEXT_H
#define ZMQLAB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

//  One wrapped line: a byte range of the wrapped text, without the spaces
//  or the newline at which it was broken.
typedef struct {
    size_t start;           //  byte offset into the text
    size_t length;          //  bytes
    int width;              //  columns
} text_line_t;

//  Columns of the NUL-terminated S (NULL is 0), or of its first LEN bytes.
int text_width (const char *s);
int text_width_n (const char *s, size_t len);

//  How many bytes of S fit in COLUMNS without splitting a character (marks
//  that follow a character stay with it). Sets *used, if not NULL, to the
//  columns those bytes take.
size_t text_fit (const char *s, int columns, int *used);

//  Wraps S at WIDTH columns: at spaces, between CJK characters (never just
//  before closing punctuation such as '，' or '。'), and inside a word only
//  when the word alone is longer than a line. '\n' always ends a line.
//  Fills up to MAX_LINES lines and returns how many lines the whole text
//  needs (like snprintf), so a caller can size a scroll region. No line is
//  wider than WIDTH, except a lone character wider than WIDTH (a CJK
//  character at WIDTH 1). Returns 0 when WIDTH < 1 or S is empty.
int text_wrap (const char *s, int width, text_line_t *lines, int max_lines);

//  Copies as much of S (or of its first LEN bytes) as fits in COLUMNS into
//  OUT (always NUL-terminated, never a partial character), ending with '…'
//  — "..." when UTF8 is false — when something was cut. Invalid bytes and
//  control characters become '?' and tabs a space. When UTF8 is false the
//  terminal cannot show other characters either: each non-ASCII character
//  becomes as many '?' as it is wide, so the layout stays the same.
void text_clip (const char *s, int columns, char *out, size_t out_size, bool utf8);
void text_clip_n (const char *s, size_t len, int columns, char *out, size_t out_size,
                  bool utf8);

#endif
