/*  feed.h — what the lab did, into the view's model (tui/model.h): the
    event log, the glyphs that move along links, and every rate the view
    shows (messages a second per actor and per link). The engine only
    counts; a snapshot is a plain read of those counts, and the rates are
    worked out here from one snapshot to the next. The terminal session and
    the benchmark both fill their model through a feed, so what the
    benchmark measures is what the learner sees.

    Time is passed in (NOW: seconds on the monotonic wall clock, as
    clock_now gives), never read here, so the tests can play snapshots and
    events at any pace without threads or sleeps.
*/
#ifndef ZMQLAB_FEED_H
#define ZMQLAB_FEED_H

#include "engine/lab.h"
#include "tui/model.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    FEED_FLIGHT_MS = 600,           //  a glyph's trip from sender to receiver
    FEED_FLIGHTS_PER_SECOND = 12,   //  glyphs started a second, at most
    FEED_EVENTS_BATCH = 128         //  events taken from the lab at a time
};

//  A rate is measured over at least this many seconds, so that it does
//  not flicker from frame to frame.
#define FEED_RATE_WINDOW 0.5

typedef struct _feed_t feed_t;

//  A feed that fills MODEL (borrowed: it must outlive the feed). The model's
//  snap, link_rates and actor_rates then point into the feed.
feed_t *feed_new (model_t *model);
//  Frees the feed and its snapshot; the model's pointers into it are
//  cleared. Accepts NULL; sets *self_p to NULL.
void feed_destroy (feed_t **self_p);

//  Forgets the lab (call before destroying it): no snapshot, an empty log,
//  no glyphs, no rates. The next snapshot starts every rate afresh.
void feed_reset (feed_t *self);

//  N events, oldest first, into the log ring (the oldest fall out when it
//  is full); messages arriving (recv, drop) also start glyphs, a few a
//  second and only on links slower than that. True if there were any.
bool feed_events (feed_t *self, const lab_event_t *events, size_t n, double now);

//  Moves the glyphs to NOW and retires those that arrived. True if any
//  glyph moved or left (the view must be drawn again).
bool feed_advance (feed_t *self, double now);

//  Drains LAB's event ring into the model (feed_events), then advances the
//  glyphs. True if the model changed.
bool feed_take_events (feed_t *self, lab_t *lab, double now);

//  Takes SNAP (nulls *snap_p) as the model's snapshot, dropping the one
//  before, and brings the rates up to date: for each actor and link, the
//  difference of its counts since its last sample over the time between,
//  once at least FEED_RATE_WINDOW has passed. An actor or link is known
//  again by its name (actor) or its sockets and endpoint (link), not by its
//  place in the snapshot, as outside programs come and go. A count that
//  went down (the actor restarted) starts its window again. Keeps the
//  model's selection within the actors.
void feed_snapshot (feed_t *self, lab_snapshot_t **snap_p, double now);

//  The recent rate of the link from socket FROM (a label) to actor TO; 0
//  when there is no such link or it is not measured yet.
double feed_link_rate (const feed_t *self, const char *from, const char *to);

//  True while a glyph moves or a rate is above zero: a rate falls to zero
//  only if someone takes another snapshot after the traffic stopped.
bool feed_moving (const feed_t *self);

#endif
