/*  utf8.h — one UTF-8 character at a time: decoding and display width.
    Our own tables, not wcwidth(): the process locale may be C or missing,
    and the layout must not change with it.
*/
#ifndef ZMQLAB_UTF8_H
#define ZMQLAB_UTF8_H

#include <stddef.h>
#include <stdint.h>

//  Decodes the character at S (at most LEN bytes, LEN >= 1). Returns its
//  length in bytes (1..4) and sets *codepoint, or sets it to -1 for a byte
//  that does not start a valid sequence (overlong, surrogate, truncated…),
//  whose length is then 1. A NUL inside a sequence makes it invalid, so
//  LEN may exceed a NUL-terminated string's end.
int utf8_decode (const char *s, size_t len, int32_t *codepoint);
//  Columns of a code point: 0 (combining, format), 1, or 2 (East Asian
//  Wide and Fullwidth). -1 (an invalid byte) and control characters are 1:
//  the view shows them as '?'.
int utf8_width (int32_t codepoint);

#endif
