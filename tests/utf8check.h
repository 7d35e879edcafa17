/*  utf8check.h — well-formed UTF-8 as Unicode's table 3-7 defines it,
    written apart from both decoders under test (src/tui/utf8.c and
    src/engine/bytes.c). For tests/test_bytes.c and the fuzz target.
*/
#ifndef ZMQLAB_UTF8CHECK_H
#define ZMQLAB_UTF8CHECK_H

#include <stdbool.h>
#include <stddef.h>

static inline bool
utf8check_valid (const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *) text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s [i], low = 0x80, high = 0xBF;
        size_t more;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) more = 1;
        else if (c == 0xE0)         more = 2, low = 0xA0;
        else if (c == 0xED)         more = 2, high = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) more = 2;
        else if (c == 0xF0)         more = 3, low = 0x90;
        else if (c == 0xF4)         more = 3, high = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) more = 3;
        else return false;
        if (len - i - 1 < more || s [i + 1] < low || s [i + 1] > high)
            return false;
        for (size_t k = 2; k <= more; k++)
            if ((s [i + k] & 0xC0) != 0x80)
                return false;
        i += more + 1;
    }
    return true;
}

#endif
