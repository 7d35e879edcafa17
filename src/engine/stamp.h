/*  stamp.h — the readable stamp every sandbox message carries at its end:
    "text [label#seq]". Pure functions over bytes: no allocation, no zmq,
    safe on any input (a peer may send anything).
*/
#ifndef ZMQLAB_STAMP_H
#define ZMQLAB_STAMP_H

#include "same.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { STAMP_LABEL_MAX = 47,            //  label characters, without NUL
       STAMP_MAX = STAMP_LABEL_MAX + 24,    //  " [" label "#" 20 digits "]"
       STAMP_PREFIX_MAX = STAMP_LABEL_MAX + 3   //  " [" label "#"
};

typedef struct {
    const char *label;      //  points into the parsed buffer; not NUL-terminated
    size_t label_len;
    uint64_t seq;           //  1, 2, …
    size_t body_len;        //  length of the text before the stamp
} stamp_t;

//  True when C may appear in a label: letters, digits, '_', '-', '.'.
int stamp_label_char (int c);
//  Writes " [label#seq]" at out (room for STAMP_MAX bytes). Returns its length.
size_t stamp_format (char *out, const char *label, size_t label_len, uint64_t seq);
//  The same in two steps, for a sender that stamps many messages: the
//  prefix " [label#" once (room for STAMP_PREFIX_MAX bytes; returns its
//  length), then each stamp from it.
size_t stamp_prefix (char *out, const char *label, size_t label_len);
size_t stamp_format_with (char *out, const char *prefix, size_t prefix_len, uint64_t seq);
//  Turns STAMP (LEN bytes, made by the functions above, for a number below
//  UINT64_MAX; room for STAMP_MAX bytes) into the stamp of the next number,
//  in place: a sender's next stamp is mostly one digit changed. Returns
//  the new length. Inline: it runs on every send.
static inline size_t
stamp_next (char *stamp, size_t len)
{
    size_t i = len - 2;                 //  the last digit
    while (stamp [i] == '9')
        stamp [i--] = '0';
    if (stamp [i] == '#') {             //  9…9 became 0…0: one digit more
        memmove (stamp + i + 2, stamp + i + 1, len - i - 1);
        stamp [i + 1] = '1';
        return len + 1;
    }
    stamp [i]++;
    return len;
}
//  Parses a stamp from the end of data. Returns 0 and fills stamp, or -1 when
//  data carries no well-formed stamp (the message is then "unstamped").
int stamp_parse (const void *data, size_t size, stamp_t *stamp);
//  The same, faster when the label is GUESS (a label stamp_parse returned
//  before: a receiver's last sender); any other result is stamp_parse's.
int stamp_parse_as (const void *data, size_t size, const char *guess, size_t guess_len,
                    stamp_t *stamp);
//  A receiver's guess at the next stamp: the last one it read, counted up.
typedef struct {
    char text [STAMP_MAX];  //  " [label#seq]" expected next
    size_t len;             //  0: no guess
    size_t label_len;
    uint64_t seq;           //  the number in text
} stamp_guess_t;

//  stamp_parse for a receiver: when DATA ends with the guessed stamp (the
//  next number from the same sender, which a flow mostly is), a compare
//  instead of a parse. Same result as stamp_parse, always; then GUESS is
//  the stamp after the one read (or none).
//  (Inline: the compare runs on every received message; a miss goes to
//  stamp_parse_missed.)
int stamp_parse_missed (const void *data, size_t size, stamp_guess_t *guess, stamp_t *stamp);

static inline int
stamp_parse_next (const void *data, size_t size, stamp_guess_t *guess, stamp_t *stamp)
{
    const char *bytes = data;
    //  The guess is a well-formed stamp (" [" label "#" digits "]", no
    //  leading zero): data ending with it parses as exactly that.
    if (guess->len > 0 && size >= guess->len
    &&  same_bytes (bytes + size - guess->len, guess->text, guess->len)) {
        stamp->label = bytes + size - guess->len + 2;
        stamp->label_len = guess->label_len;
        stamp->seq = guess->seq;
        stamp->body_len = size - guess->len;
        if (guess->seq == UINT64_MAX)
            guess->len = 0;
        else {
            guess->len = stamp_next (guess->text, guess->len);
            guess->seq++;
        }
        return 0;
    }
    return stamp_parse_missed (data, size, guess, stamp);
}

//  Length of the topic: the bytes before the first space (all when none).
size_t stamp_topic_len (const void *data, size_t size);

#endif
