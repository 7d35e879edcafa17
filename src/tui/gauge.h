/*  gauge.h — a link's queue gauge: messages in flight against the link's
    capacity (SNDHWM + RCVHWM), as a level for colour and as text that
    says the same without colour: "▕████░░░░▏ 12/20" or "[####....] 12/20".
*/
#ifndef ZMQLAB_GAUGE_H
#define ZMQLAB_GAUGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    GAUGE_CALM,             //  below half the capacity, or unlimited
    GAUGE_WARN,             //  half full or more
    GAUGE_FULL              //  at capacity: PUSH blocks, PUB drops
} gauge_level_t;

//  CAPACITY -1 (or any value < 1) means unlimited.
gauge_level_t gauge_level (uint64_t in_flight, int64_t capacity);

//  Writes the gauge to OUT (NUL-terminated, cut only between characters):
//  a bar of CELLS fill cells between two edges — always CELLS + 2 columns,
//  or nothing when CELLS < 1 — then a space and "in_flight/capacity", with
//  "∞" ("inf" when not UTF8) for an unlimited capacity. Counts of 10000 and
//  more are shortened ("12k", "3M"). The bar never shows full unless the
//  queue is, nor empty when it is not (capacity and CELLS allowing).
//  N in a few columns, short enough for a link label or a box: 9999, 12k,
//  3M (thousands and millions rounded down).
void gauge_count (char *buf, size_t size, uint64_t n);

void gauge_render (char *out, size_t size, uint64_t in_flight, int64_t capacity, int cells,
                   bool utf8);

#endif
