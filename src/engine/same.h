/*  same.h — equality of short byte strings, inline. The receive path
    compares a label, a stamp and a body with the last ones several times
    per message; for a few dozen bytes a call to memcmp costs more than the
    compare itself.
*/
#ifndef ZMQLAB_SAME_H
#define ZMQLAB_SAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline bool
same_bytes (const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n >= 8; p += 8, q += 8, n -= 8) {
        uint64_t x, y;
        memcpy (&x, p, 8);          //  unaligned loads, no call
        memcpy (&y, q, 8);
        if (x != y)
            return false;
    }
    for (; n > 0; p++, q++, n--)
        if (*p != *q)
            return false;
    return true;
}

#endif
