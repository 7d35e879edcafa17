/*  counter.h — the engine's atomic counters, wrapped once.

    A counter_t has exactly one writing thread (the owner of its socket or
    actor): a plain load and store, no locked read-modify-write on the hot
    path. A shared_counter_t may be added to from any thread (an outside
    peer's, counted by whichever actor's socket it talks to and reset by
    the monitor thread): a real fetch_add. Both are read from any thread,
    relaxed: a snapshot wants a recent value, not an order.
*/
#ifndef ZMQLAB_COUNTER_H
#define ZMQLAB_COUNTER_H

#include <stdatomic.h>
#include <stdint.h>

typedef _Atomic uint64_t counter_t;
typedef struct { _Atomic uint64_t value; } shared_counter_t;

//  Single-writer increment: only the owning thread adds, others only read.
static inline void
counter_add (counter_t *counter, uint64_t n)
{
    atomic_store_explicit (counter,
        atomic_load_explicit (counter, memory_order_relaxed) + n,
        memory_order_relaxed);
}

static inline uint64_t
counter_get (const counter_t *counter)
{
    return atomic_load_explicit (counter, memory_order_relaxed);
}

static inline void
shared_counter_add (shared_counter_t *counter, uint64_t n)
{
    atomic_fetch_add_explicit (&counter->value, n, memory_order_relaxed);
}

static inline void
shared_counter_set (shared_counter_t *counter, uint64_t n)
{
    atomic_store_explicit (&counter->value, n, memory_order_relaxed);
}

static inline uint64_t
shared_counter_get (const shared_counter_t *counter)
{
    return atomic_load_explicit (&counter->value, memory_order_relaxed);
}

#endif
