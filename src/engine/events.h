/*  events.h — a bounded ring of lab events: many actor threads push, the
    controller pops. Lock-free; when full, a push fails and the caller
    counts the event as dropped (counters are never dropped, only events).
*/
#ifndef ZMQLAB_EVENTS_H
#define ZMQLAB_EVENTS_H

#include "lab.h"

typedef struct events_t events_t;

//  capacity is rounded up to a power of two.
events_t *events_new (size_t capacity);
void events_destroy (events_t **self_p);
//  Copies event in; its id is set here. False when the ring is full.
bool events_push (events_t *self, const lab_event_t *event);
//  Single consumer: copies out up to max events, oldest first.
size_t events_pop (events_t *self, lab_event_t *out, size_t max);

#endif
