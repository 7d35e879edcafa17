/*  feed.c — what the lab did, into the view's model: the event log ring,
    the glyphs, and the rates worked out from consecutive snapshots.

    Rates use the wall clock, as the engine's did before they moved here:
    the view shows real messages a second. Lab time would stand still while
    the lab is paused (a rate would never fall to zero) and would divide a
    sped-up lab's traffic by its speed.
*/
#include "feed.h"

#include "tui/words.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Where one actor's or link's rate is measured from.
typedef struct {
    char key [2 * LAB_LABEL_MAX + 2 * LAB_NAME_MAX + LAB_ENDPOINT_MAX + 8];   //  what it is
    double time;                    //  wall seconds of the last sample
    uint64_t count [2];             //  its counts then
    double rate [2];                //  per second over the last window
} sample_t;

//  The samples of one kind of thing, in the current snapshot's order.
typedef struct {
    sample_t *samples;              //  one per thing, as the snapshot lists them
    size_t n;                       //  how many
} samples_t;

struct _feed_t {
    model_t *model;                 //  what the feed fills (borrowed)
    lab_snapshot_t *snap;           //  the model's snapshot (owned)
    samples_t actors;               //  one per snap->actors: sent, received
    samples_t links;                //  one per snap->links: delivered
    actor_rate_t *actor_rates;      //  the model's actor_rates
    double *link_rates;             //  the model's link_rates
    double flight_start [MODEL_FLIGHTS_MAX];   //  when each glyph set off
    double flights_window;          //  start of the second being counted
    int flights_in_window;          //  glyphs started in it
    char error_actor [LAB_NAME_MAX];        //  the latest error event's actor
    char error_text [LAB_EVENT_TEXT_MAX];   //  and its text: a crash's cause
};

feed_t *
feed_new (model_t *model)
{
    feed_t *self = calloc (1, sizeof *self);
    if (self)
        self->model = model;
    return self;
}

void
feed_reset (feed_t *self)
{
    model_t *model = self->model;
    lab_snapshot_destroy (&self->snap);
    model->snap = NULL;
    free (self->actors.samples);
    free (self->links.samples);
    free (self->actor_rates);
    free (self->link_rates);
    self->actors = (samples_t) { NULL, 0 };
    self->links = (samples_t) { NULL, 0 };
    self->actor_rates = NULL;
    self->link_rates = NULL;
    self->error_actor [0] = self->error_text [0] = 0;
    model->actor_rates = NULL;
    model->n_actor_rates = 0;
    model->link_rates = NULL;
    model->n_link_rates = 0;
    model->log_start = model->log_count = 0;
    model->n_flights = 0;
    self->flights_window = 0;
    self->flights_in_window = 0;
}

void
feed_destroy (feed_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    feed_reset (*self_p);
    free (*self_p);
    *self_p = NULL;
}

//  --- events and glyphs ------------------------------------------------------

//  The label "worker2.tasks" belongs to actor "worker2".
static void
s_actor_of_label (const char *label, char *actor, size_t size)
{
    snprintf (actor, size, "%s", label);
    char *dot = strchr (actor, '.');
    if (dot)
        *dot = 0;
}

double
feed_link_rate (const feed_t *self, const char *from, const char *to)
{
    const lab_snapshot_t *snap = self->snap;
    for (size_t i = 0; snap && i < snap->n_links && i < self->model->n_link_rates; i++)
        if (strcmp (snap->links [i].from, from) == 0
        &&  strcmp (snap->links [i].to_actor, to) == 0)
            return self->model->link_rates [i];
    return 0;
}

//  A glyph for a message arriving, unless there are enough already.
static void
s_start_flight (feed_t *self, const lab_event_t *event, double now)
{
    model_t *model = self->model;
    if (now - self->flights_window >= 1) {
        self->flights_window = now;
        self->flights_in_window = 0;
    }
    //  Above a few a second glyphs are noise: the link's rate says it.
    if (++self->flights_in_window > FEED_FLIGHTS_PER_SECOND
    ||  model->n_flights >= MODEL_FLIGHTS_MAX
    ||  feed_link_rate (self, event->peer, event->actor) >= FEED_FLIGHTS_PER_SECOND)
        return;
    flight_t *flight = &model->flights [model->n_flights];
    s_actor_of_label (event->peer, flight->from, sizeof flight->from);
    snprintf (flight->to, sizeof flight->to, "%s", event->actor);
    snprintf (flight->text, sizeof flight->text, "%s", event->text);
    flight->progress = 0;
    flight->dropped = event->kind == EVENT_DROP;
    self->flight_start [model->n_flights] = now;
    model->n_flights++;
}

bool
feed_events (feed_t *self, const lab_event_t *events, size_t n, double now)
{
    model_t *model = self->model;
    for (size_t i = 0; i < n; i++) {
        const lab_event_t *event = &events [i];
        size_t slot = (model->log_start + model->log_count) % MODEL_LOG_MAX;
        if (model->log_count < MODEL_LOG_MAX)
            model->log_count++;
        else
            model->log_start = (model->log_start + 1) % MODEL_LOG_MAX;
        model->log [slot] = *event;
        bool arrives = event->kind == EVENT_RECV || event->kind == EVENT_DROP;
        if (arrives && event->peer [0])
            s_start_flight (self, event, now);
        if (event->kind == EVENT_ERROR) {
            snprintf (self->error_actor, sizeof self->error_actor, "%s", event->actor);
            snprintf (self->error_text, sizeof self->error_text, "%s", event->text);
        }
        //  A crash says why on the message line, in one line.
        if (event->kind == EVENT_STATE && strncmp (event->text, "crashed", 7) == 0) {
            char why [LAB_DETAIL_MAX];
            bool same = strcmp (self->error_actor, event->actor) == 0;
            words_crash (why, sizeof why, model, event->text, same ? self->error_text : NULL);
            words_format (model->message, sizeof model->message, model, W_CRASHED_LINE,
                          event->actor, why);
            model->message_is_error = true;
        }
    }
    return n > 0;
}

bool
feed_advance (feed_t *self, double now)
{
    model_t *model = self->model;
    int kept = 0;
    for (int i = 0; i < model->n_flights; i++) {
        double progress = (now - self->flight_start [i]) * 1000.0 / FEED_FLIGHT_MS;
        if (progress >= 1)
            continue;
        model->flights [kept] = model->flights [i];
        model->flights [kept].progress = progress;
        self->flight_start [kept] = self->flight_start [i];
        kept++;
    }
    bool changed = kept != model->n_flights || kept > 0;
    model->n_flights = kept;
    return changed;
}

bool
feed_take_events (feed_t *self, lab_t *lab, double now)
{
    bool changed = false;
    lab_event_t events [FEED_EVENTS_BATCH];
    size_t n;
    while ((n = lab_events (lab, events, FEED_EVENTS_BATCH)) > 0)
        changed |= feed_events (self, events, n, now);
    changed |= feed_advance (self, now);
    return changed;
}

//  --- rates ------------------------------------------------------------------

//  What one actor or link is, and its counts, from the snapshot.
typedef void (describe_fn) (const lab_snapshot_t *snap, size_t i, char *key, size_t size,
                            uint64_t count [2]);

static void
s_describe_actor (const lab_snapshot_t *snap, size_t i, char *key, size_t size, uint64_t count [2])
{
    const actor_stats_t *actor = &snap->actors [i];
    snprintf (key, size, "%s", actor->name);
    count [0] = actor->sent;
    count [1] = actor->received;
}

static void
s_describe_link (const lab_snapshot_t *snap, size_t i, char *key, size_t size, uint64_t count [2])
{
    const link_stats_t *link = &snap->links [i];
    //  A unit separator: labels and endpoints are printable. A pair of
    //  sockets has an active row and an ended row (the registry folds its
    //  ended links into it): apart.
    snprintf (key, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d", link->from, link->to,
              link->from_actor, link->to_actor, link->endpoint, link->active);
    count [0] = link->delivered;
    count [1] = 0;
}

//  The sample before this one of the same thing: the same place in the
//  snapshot if it still is that thing (the usual case), else the first one
//  of that name not taken yet (two rows may share a name: the k-th stays
//  the k-th, as rows keep their order). -1: new.
static long
s_previous (const samples_t *before, const bool *taken, size_t i, const char *key)
{
    if (i < before->n && !taken [i] && strcmp (before->samples [i].key, key) == 0)
        return (long) i;
    for (size_t j = 0; j < before->n; j++)
        if (!taken [j] && strcmp (before->samples [j].key, key) == 0)
            return (long) j;
    return -1;
}

//  One sample brought to NOW: a rate once the window has passed.
static void
s_sample (sample_t *sample, const uint64_t count [2], double now)
{
    if (count [0] < sample->count [0] || count [1] < sample->count [1]) {
        //  Restarted: its counters began again. The rate shown stays the
        //  last window's until the next window ends.
        sample->time = now;
        memcpy (sample->count, count, sizeof sample->count);
        return;
    }
    double elapsed = now - sample->time;
    if (elapsed >= FEED_RATE_WINDOW) {
        for (int k = 0; k < 2; k++)
            sample->rate [k] = (double) (count [k] - sample->count [k]) / elapsed;
        sample->time = now;
        memcpy (sample->count, count, sizeof sample->count);
    }
}

//  The samples for the N things of SNAP, from those of the snapshot before.
//  -1 (and the old samples kept) when out of memory.
static int
s_update (samples_t *samples, const lab_snapshot_t *snap, size_t n, describe_fn *describe,
          double now)
{
    sample_t *fresh = calloc (n + 1, sizeof *fresh);
    bool *taken = calloc (samples->n + 1, sizeof *taken);
    if (!fresh || !taken) {
        free (fresh);
        free (taken);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sample_t *sample = &fresh [i];
        uint64_t count [2];
        describe (snap, i, sample->key, sizeof sample->key, count);
        long j = s_previous (samples, taken, i, sample->key);
        if (j >= 0) {
            taken [j] = true;
            *sample = samples->samples [j];
            s_sample (sample, count, now);
        }
        else {
            //  First seen: the first sample. A rate needs a second one.
            sample->time = now;
            memcpy (sample->count, count, sizeof sample->count);
        }
    }
    free (taken);
    free (samples->samples);
    samples->samples = fresh;
    samples->n = n;
    return 0;
}

//  The rates the model shows, from the samples.
static void
s_publish_rates (feed_t *self)
{
    model_t *model = self->model;
    actor_rate_t *actor_rates = realloc (self->actor_rates, (self->actors.n + 1) * sizeof *actor_rates);
    if (actor_rates) {
        self->actor_rates = actor_rates;
        for (size_t i = 0; i < self->actors.n; i++)
            actor_rates [i] = (actor_rate_t) { self->actors.samples [i].rate [0],
                                               self->actors.samples [i].rate [1] };
    }
    double *link_rates = realloc (self->link_rates, (self->links.n + 1) * sizeof *link_rates);
    if (link_rates) {
        self->link_rates = link_rates;
        for (size_t i = 0; i < self->links.n; i++)
            link_rates [i] = self->links.samples [i].rate [0];
    }
    //  Without memory the view shows no rates rather than stale ones.
    model->actor_rates = self->actor_rates;
    model->n_actor_rates = actor_rates ? self->actors.n : 0;
    model->link_rates = self->link_rates;
    model->n_link_rates = link_rates ? self->links.n : 0;
}

void
feed_snapshot (feed_t *self, lab_snapshot_t **snap_p, double now)
{
    if (!snap_p || !*snap_p)
        return;
    lab_snapshot_destroy (&self->snap);
    self->snap = *snap_p;
    *snap_p = NULL;
    const lab_snapshot_t *snap = self->snap;
    model_t *model = self->model;
    model->snap = snap;
    bool ok = s_update (&self->actors, snap, snap->n_actors, s_describe_actor, now) == 0
           && s_update (&self->links, snap, snap->n_links, s_describe_link, now) == 0;
    if (!ok) {
        //  Out of memory: measure from scratch next time.
        free (self->actors.samples);
        free (self->links.samples);
        self->actors = (samples_t) { NULL, 0 };
        self->links = (samples_t) { NULL, 0 };
    }
    s_publish_rates (self);
    if (model->selected >= (int) snap->n_actors)
        model->selected = snap->n_actors ? (int) snap->n_actors - 1 : -1;
}

bool
feed_moving (const feed_t *self)
{
    if (self->model->n_flights > 0)
        return true;
    for (size_t i = 0; i < self->links.n; i++)
        if (self->links.samples [i].rate [0] > 0)
            return true;
    for (size_t i = 0; i < self->actors.n; i++)
        if (self->actors.samples [i].rate [0] > 0 || self->actors.samples [i].rate [1] > 0)
            return true;
    return false;
}
