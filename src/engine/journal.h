/*  journal.h — writes one lab event into the events ring: the one place an
    lab_event_t is built. Any thread (the ring is lock-free).
*/
#ifndef ZMQLAB_JOURNAL_H
#define ZMQLAB_JOURNAL_H

#include "events.h"

//  Pushes an event that happened now (monotonic time; the reader converts
//  it to lab time). WHO names where it happened (an actor, "ext1"), PEER
//  the other socket; either may be NULL. TEXT (LEN bytes) is shown escaped
//  when ESCAPE (a peer's bytes), else cut to fit. False when the ring was
//  full: the caller counts the event as dropped.
bool journal_post (events_t *ring, const char *who, event_kind_t kind, const char *peer,
                   uint64_t seq, const char *text, size_t len, bool escape);

#endif
