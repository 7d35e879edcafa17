/*  lang.c — looking up a message table row, and comparing two formats. */
#include "lang.h"

#include <stddef.h>
#include <string.h>

const char *
lang_pick (const char *const row [LANG_COUNT], i18n_lang_t lang)
{
    if (!row || !row [LANG_EN])
        return "?";
    if (lang >= LANG_COUNT || !row [lang])
        return row [LANG_EN];
    return row [lang];
}

//  Writes the next conversion of FORMAT (from *at) into OUT as its length
//  modifiers, '*'s and letter ("*d", "llu", "s"); "" at the end.
static void
s_next_conversion (const char **at, char *out, size_t size)
{
    size_t n = 0;
    out [0] = 0;
    const char *c = *at;
    while (*c) {
        if (*c++ != '%')
            continue;
        if (*c == '%') {
            c++;
            continue;
        }
        //  Flags, width, precision: only a '*' takes an argument.
        while (*c && strchr ("-+ #0123456789.*'", *c)) {
            if (*c == '*' && n + 1 < size)
                out [n++] = '*';
            c++;
        }
        while (*c && strchr ("hlLqjzt", *c)) {
            if (n + 1 < size)
                out [n++] = *c;
            c++;
        }
        if (*c && n + 1 < size)
            out [n++] = *c++;
        out [n] = 0;
        break;
    }
    *at = c;
}

bool
lang_same_conversions (const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    char one [16], other [16];
    do {
        s_next_conversion (&a, one, sizeof one);
        s_next_conversion (&b, other, sizeof other);
        if (strcmp (one, other) != 0)
            return false;
    } while (one [0]);
    return true;
}
