/*  events.c — bounded multi-producer ring (Dmitry Vyukov's sequence-per-slot
    queue). Each slot's sequence number says whose turn it is, so producers
    claim slots with one CAS and never wait for each other.

    A slot stores its turn minus its own index, so the ring's first state
    is all zeros: the slots are fresh anonymous pages, and a new ring costs
    no writes (a lab that is made and destroyed at once never touches
    them; a busy one touches only the slots it fills).
*/
#include "events.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

typedef struct {
    //  Turn minus slot index. Turn == position: free for the producer
    //  claiming that position; position + 1: full, for the consumer.
    _Atomic size_t turn;
    lab_event_t event;
} slot_t;

struct events_t {
    slot_t *slots;              //  mmap'd: zero pages until written
    size_t size;                //  bytes mapped
    size_t mask;
    _Atomic size_t tail;        //  next index producers claim
    size_t head;                //  next index the consumer reads (one consumer)
};

events_t *
events_new (size_t capacity)
{
    size_t size = 2;
    while (size < capacity)
        size *= 2;
    events_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    //  Not calloc: for a big block glibc may reuse freed heap memory and
    //  then clear it byte by byte.
    self->size = size * sizeof (slot_t);
    void *slots = mmap (NULL, self->size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (slots == MAP_FAILED) {
        free (self);
        return NULL;
    }
    self->slots = slots;
    self->mask = size - 1;
    atomic_init (&self->tail, 0);
    return self;
}

void
events_destroy (events_t **self_p)
{
    if (self_p && *self_p) {
        munmap ((*self_p)->slots, (*self_p)->size);
        free (*self_p);
        *self_p = NULL;
    }
}

bool
events_push (events_t *self, const lab_event_t *event)
{
    size_t pos = atomic_load_explicit (&self->tail, memory_order_relaxed);
    slot_t *slot;
    for (;;) {
        slot = &self->slots [pos & self->mask];
        size_t turn = atomic_load_explicit (&slot->turn, memory_order_acquire)
                    + (pos & self->mask);
        intptr_t diff = (intptr_t) turn - (intptr_t) pos;
        if (diff == 0) {
            if (atomic_compare_exchange_weak_explicit (&self->tail, &pos, pos + 1,
                    memory_order_relaxed, memory_order_relaxed))
                break;
        }
        else
        if (diff < 0)
            return false;       //  full: the consumer has not caught up
        else
            pos = atomic_load_explicit (&self->tail, memory_order_relaxed);
    }
    slot->event = *event;
    slot->event.id = pos + 1;
    atomic_store_explicit (&slot->turn, pos + 1 - (pos & self->mask), memory_order_release);
    return true;
}

size_t
events_pop (events_t *self, lab_event_t *out, size_t max)
{
    size_t n = 0;
    while (n < max) {
        size_t index = self->head & self->mask;
        slot_t *slot = &self->slots [index];
        size_t turn = atomic_load_explicit (&slot->turn, memory_order_acquire) + index;
        if (turn != self->head + 1)
            break;              //  empty, or a producer is still writing it
        out [n++] = slot->event;
        atomic_store_explicit (&slot->turn, self->head + self->mask + 1 - index,
                               memory_order_release);
        self->head++;
    }
    return n;
}
