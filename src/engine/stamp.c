/*  stamp.c — formatting and parsing " [label#seq]" stamps.
    Parsing runs on every received message, so it works backwards from the
    end and touches only the stamp's bytes.
*/
#include "stamp.h"
#include "same.h"

#include <string.h>

//  Label characters by byte: a lookup instead of five range tests per byte.
static const unsigned char s_label_chars [256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

int
stamp_label_char (int c)
{
    return c >= 0 && c < 256 && s_label_chars [c];
}

size_t
stamp_prefix (char *out, const char *label, size_t label_len)
{
    if (label_len > STAMP_LABEL_MAX)
        label_len = STAMP_LABEL_MAX;
    out [0] = ' ';
    out [1] = '[';
    memcpy (out + 2, label, label_len);
    out [label_len + 2] = '#';
    return label_len + 3;
}

size_t
stamp_format (char *out, const char *label, size_t label_len, uint64_t seq)
{
    char prefix [STAMP_PREFIX_MAX];
    size_t prefix_len = stamp_prefix (prefix, label, label_len);
    return stamp_format_with (out, prefix, prefix_len, seq);
}

size_t
stamp_format_with (char *out, const char *prefix, size_t prefix_len, uint64_t seq)
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
    size_t len = prefix_len;
    memcpy (out, prefix, prefix_len);
    memcpy (out + len, digits + n, sizeof digits - n);
    len += sizeof digits - n;
    out [len++] = ']';
    return len;
}

int
stamp_parse (const void *data, size_t size, stamp_t *stamp)
{
    return stamp_parse_as (data, size, NULL, 0, stamp);
}

int
stamp_parse_as (const void *data, size_t size, const char *guess, size_t guess_len,
                stamp_t *stamp)
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
    //  19 digits always fit in 64 bits; only a 20th can overflow.
    uint64_t seq = 0;
    size_t safe_end = n_digits == 20 ? digits_end - 1 : digits_end;
    for (size_t i = pos; i < safe_end; i++)
        seq = seq * 10 + (uint64_t) (bytes [i] - '0');
    if (safe_end != digits_end) {
        uint64_t digit = (uint64_t) (bytes [safe_end] - '0');
        if (seq > (UINT64_MAX - digit) / 10)
            return -1;                  //  would overflow: not one of ours
        seq = seq * 10 + digit;
    }
    if (pos == 0 || bytes [pos - 1] != '#')
        return -1;
    pos--;                              //  at '#'
    size_t label_end = pos;
    //  The guess, preceded by " [": the scan below would stop at the '['
    //  and find the same label.
    if (guess_len > 0 && guess_len <= STAMP_LABEL_MAX && pos >= guess_len + 2
    &&  bytes [pos - guess_len - 1] == '[' && bytes [pos - guess_len - 2] == ' '
    &&  same_bytes (bytes + pos - guess_len, guess, guess_len))
        pos -= guess_len;
    else
    while (pos > 0 && label_end - pos < STAMP_LABEL_MAX + 1
           && s_label_chars [bytes [pos - 1]])
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

int
stamp_parse_missed (const void *data, size_t size, stamp_guess_t *guess, stamp_t *stamp)
{
    if (stamp_parse_as (data, size, guess->text + 2, guess->len ? guess->label_len : 0,
                        stamp) != 0)
        return -1;
    if (stamp->seq == UINT64_MAX)
        guess->len = 0;
    else {
        guess->len = stamp_format (guess->text, stamp->label, stamp->label_len, stamp->seq + 1);
        guess->label_len = stamp->label_len;
        guess->seq = stamp->seq + 1;
    }
    return 0;
}

size_t
stamp_topic_len (const void *data, size_t size)
{
    const char *space = size ? memchr (data, ' ', size) : NULL;
    return space ? (size_t) (space - (const char *) data) : size;
}
