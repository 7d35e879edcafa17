/*  bytes.c — escaping a peer's bytes for display. The engine never includes
    view code, so it has its own strict UTF-8 decoder, with the same rules as
    the view's (tui/utf8.c): whatever this copies through, the view shows as
    it is.
*/
#include "bytes.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum {
    PIECE_MAX = 8,          //  longest rendering of one character: "\xc2\x85"
    ELLIPSIS_LEN = 3        //  "…" in UTF-8
};

static const char s_ellipsis [] = "\u2026";

//  Length of the valid UTF-8 character at U (LEN >= 1 bytes), setting *cp;
//  0 when U does not start one: a stray byte, a truncated sequence, an
//  overlong form, a surrogate or a code point above U+10FFFF.
static size_t
s_decode (const unsigned char *u, size_t len, uint32_t *cp)
{
    size_t size;
    uint32_t min;
    if (u [0] < 0x80) {
        *cp = u [0];
        return 1;
    }
    if (u [0] >= 0xC2 && u [0] <= 0xDF)
        size = 2, *cp = u [0] & 0x1F, min = 0x80;
    else
    if (u [0] >= 0xE0 && u [0] <= 0xEF)
        size = 3, *cp = u [0] & 0x0F, min = 0x800;
    else
    if (u [0] >= 0xF0 && u [0] <= 0xF4)
        size = 4, *cp = u [0] & 0x07, min = 0x10000;
    else
        return 0;
    if (size > len)
        return 0;
    for (size_t i = 1; i < size; i++) {
        if ((u [i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (u [i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return size;
}

//  Renders the character or stray byte at U (LEN >= 1 bytes) into PIECE
//  (PIECE_MAX bytes). Returns the rendering's length; sets *used to the
//  input bytes it stands for.
static size_t
s_piece (const unsigned char *u, size_t len, char *piece, size_t *used)
{
    static const char hex [] = "0123456789abcdef";
    uint32_t cp;
    size_t size = s_decode (u, len, &cp);
    if (size > 0 && cp == '\\') {
        *used = 1;
        memcpy (piece, "\\\\", 2);
        return 2;
    }
    if (size > 0 && cp >= 0x20 && cp != 0x7F && (cp < 0x80 || cp >= 0xA0)) {
        *used = size;
        memcpy (piece, u, size);
        return size;
    }
    //  A control character's every byte, or one byte that starts nothing
    //  valid: the next byte gets its own chance to start a character.
    *used = size ? size : 1;
    for (size_t i = 0; i < *used; i++) {
        piece [i * 4] = '\\';
        piece [i * 4 + 1] = 'x';
        piece [i * 4 + 2] = hex [u [i] >> 4];
        piece [i * 4 + 3] = hex [u [i] & 0xF];
    }
    return *used * 4;
}

//  True when the rendering of the LEN bytes at U takes at most ROOM bytes.
//  Stops as soon as it does not, so it reads about ROOM bytes at most.
static bool
s_fits (const unsigned char *u, size_t len, size_t room)
{
    char piece [PIECE_MAX];
    size_t pos = 0, total = 0, used;
    while (pos < len) {
        total += s_piece (u + pos, len - pos, piece, &used);
        if (total > room)
            return false;
        pos += used;
    }
    return true;
}

size_t
bytes_escape (const void *data, size_t len, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return 0;
    const unsigned char *u = data;
    if (!u)
        len = 0;
    size_t room = out_size - 1, written = 0, pos = 0, used;
    //  Room for the ellipsis stays free until the rest is known to fit.
    size_t reserve = room >= ELLIPSIS_LEN ? ELLIPSIS_LEN : 0;
    char piece [PIECE_MAX];
    while (pos < len) {
        size_t n = s_piece (u + pos, len - pos, piece, &used);
        if (written + n + reserve > room) {
            if (!reserve || !s_fits (u + pos, len - pos, room - written))
                break;
            reserve = 0;
        }
        memcpy (out + written, piece, n);
        written += n;
        pos += used;
    }
    if (pos < len && reserve) {
        memcpy (out + written, s_ellipsis, ELLIPSIS_LEN);
        written += ELLIPSIS_LEN;
    }
    out [written] = 0;
    return written;
}
