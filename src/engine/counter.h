/*  counter.h — the engine's telemetry counters: C11 atomics with exactly
    one writing thread, read by any other. One writer needs no
    read-modify-write, so an increment is a relaxed load and store.
*/
#ifndef ZMQLAB_COUNTER_H
#define ZMQLAB_COUNTER_H

#include <stdatomic.h>
#include <stdint.h>

typedef _Atomic uint64_t counter_t;

//  Single-writer increment: only the owning thread adds, others only read.
static inline void
counter_add (counter_t *counter, uint64_t n)
{
    atomic_store_explicit (counter,
        atomic_load_explicit (counter, memory_order_relaxed) + n,
        memory_order_relaxed);
}

static inline uint64_t
counter_get (counter_t *counter)
{
    return atomic_load_explicit (counter, memory_order_relaxed);
}

#endif
