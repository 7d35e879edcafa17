/*  stamp.c — formatting and parsing " [label#seq]" stamps.
    Parsing runs on every received message, so it works backwards from the
    end and touches only the stamp's bytes.
*/
#include "stamp.h"

#include <string.h>

int
stamp_label_char (int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

size_t
stamp_format (char *out, const char *label, size_t label_len, uint64_t seq)
{
    static const char pairs [] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char digits [20];
    size_t n = sizeof digits;
    while (seq >= 100) {
        unsigned pair = (unsigned) (seq % 100);
        seq /= 100;
        digits [--n] = pairs [pair * 2 + 1];
        digits [--n] = pairs [pair * 2];
    }
    if (seq >= 10) {
        digits [--n] = pairs [seq * 2 + 1];
        digits [--n] = pairs [seq * 2];
    }
    else
        digits [--n] = (char) ('0' + seq);
    if (label_len > STAMP_LABEL_MAX)
        label_len = STAMP_LABEL_MAX;
    size_t len = 0;
    out [len++] = ' ';
    out [len++] = '[';
    memcpy (out + len, label, label_len);
    len += label_len;
    out [len++] = '#';
    memcpy (out + len, digits + n, sizeof digits - n);
    len += sizeof digits - n;
    out [len++] = ']';
    return len;
}

int
stamp_parse (const void *data, size_t size, stamp_t *stamp)
{
    const unsigned char *bytes = data;
    //  Shortest stamp: " [a#1]" — six bytes.
    if (!bytes || size < 6 || bytes [size - 1] != ']')
        return -1;

    size_t pos = size - 1;              //  at ']'
    size_t digits_end = pos;
    while (pos > 0 && bytes [pos - 1] >= '0' && bytes [pos - 1] <= '9')
        pos--;
    size_t n_digits = digits_end - pos;
    if (n_digits == 0 || n_digits > 20 || bytes [pos] == '0')
        return -1;
    uint64_t seq = 0;
    for (size_t i = pos; i < digits_end; i++) {
        uint64_t digit = (uint64_t) (bytes [i] - '0');
        if (seq > (UINT64_MAX - digit) / 10)
            return -1;                  //  would overflow: not one of ours
        seq = seq * 10 + digit;
    }
    if (pos == 0 || bytes [pos - 1] != '#')
        return -1;
    pos--;                              //  at '#'
    size_t label_end = pos;
    while (pos > 0 && label_end - pos < STAMP_LABEL_MAX + 1
           && stamp_label_char (bytes [pos - 1]))
        pos--;
    size_t label_len = label_end - pos;
    if (label_len == 0 || label_len > STAMP_LABEL_MAX)
        return -1;
    if (pos < 2 || bytes [pos - 1] != '[' || bytes [pos - 2] != ' ')
        return -1;

    stamp->label = (const char *) bytes + pos;
    stamp->label_len = label_len;
    stamp->seq = seq;
    stamp->body_len = pos - 2;
    return 0;
}

size_t
stamp_topic_len (const void *data, size_t size)
{
    const char *space = size ? memchr (data, ' ', size) : NULL;
    return space ? (size_t) (space - (const char *) data) : size;
}
