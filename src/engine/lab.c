/*  lab.c — the lab as the controller drives it: its parts made and ended,
    actors spawned and removed, the clock switched (waking every actor),
    events taken and snapshots assembled.

    The top of the engine. Its files in layers; each calls only files of
    lower layers (tests/cli/layers.sh checks it and prints every edge):

      5  lab.c            the controller's side (this file)
      4  actor.c probe.c  actor threads (these two still call each other)
      3  labcore.c        the lab_* services actor threads call
         outside_view.c   outside peers as snapshots show them
      2  outside.c        outside peers' records, told by monitor.c
      1  registry.c       sockets, endpoints, links
         behaviours.c     behaviour sources;  journal.c  event building
         monitor.c        the thread that reads libzmq's socket monitors
      0  endpoint.c socktype.c whois.c labclock.c notify.c snapshot.c
         events.c stamp.c bytes.c textfile.c   (pure, or one small object)

    lab.c makes the parts and hands each the lower ones it needs (outside
    gets the context, the event ring and the notifier): nothing below
    layer 3 holds a lab_t, and actor threads reach the lab only through
    labcore.c's services.

    Threads: every function here runs on the controller (the thread that
    made the lab), except lab_snapshot (any thread; it never stops the
    actors) and lab_notify_fd / lab_wait. lab->lock guards the actors array
    only; each part has its own lock, and a snapshot takes them one after
    the other, never one inside another.
*/
#define _GNU_SOURCE
#include "labcore.h"
#include "grow.h"
#include "endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EVENTS_MAX = 4096 };
//  Seconds lab_stop waits for every actor to be held before it kills them.
static const double STOP_HOLD_S = 1.0;

lab_t *
lab_new (const char *behaviour_dir)
{
    lab_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->ctx = zmq_ctx_new ();
    self->behaviours = behaviours_new (behaviour_dir);
    self->registry = registry_new ();
    self->clock = labclock_new ();
    self->notify = notify_new ();
    self->events = events_new (EVENTS_MAX);
    if (self->ctx && self->events && self->notify)
        self->outside = outside_new (self->ctx, self->events, self->notify);
    if (!self->ctx || !self->behaviours || !self->registry || !self->clock
    ||  !self->notify || !self->events || !self->outside) {
        outside_destroy (&self->outside);
        if (self->ctx)
            zmq_ctx_term (self->ctx);
        events_destroy (&self->events);
        notify_destroy (&self->notify);
        labclock_destroy (&self->clock);
        registry_destroy (&self->registry);
        behaviours_destroy (&self->behaviours);
        free (self);
        return NULL;
    }
    //  Thousands of actor threads are not the point; a few hundred must work.
    zmq_ctx_set (self->ctx, ZMQ_MAX_SOCKETS, 4096);
    atomic_init (&self->events_dropped, 0);
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
lab_destroy (lab_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    lab_t *self = *self_p;
    //  Ask every actor to stop first, then wait: they stop in parallel.
    for (size_t i = 0; i < self->n_actors; i++)
        actor_signal_kill (self->actors [i]);
    //  All joined before any is freed: a thread closing its sockets reads
    //  the names of the actors at the other ends (registry.c's reclaiming).
    for (size_t i = 0; i < self->n_actors; i++)
        actor_join (self->actors [i]);
    for (size_t i = 0; i < self->n_actors; i++)
        actor_destroy (&self->actors [i]);
    free (self->actors);
    //  Before the socket records it points to go, and before the context
    //  ends: the watcher's own sockets must be closed first.
    outside_destroy (&self->outside);
    registry_destroy (&self->registry);
    zmq_ctx_term (self->ctx);
    events_destroy (&self->events);
    notify_destroy (&self->notify);
    labclock_destroy (&self->clock);
    behaviours_destroy (&self->behaviours);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

//  --- settings ---------------------------------------------------------------

bool
lab_listen_valid (const char *address)
{
    return endpoint_listen_valid (address);
}

bool
lab_endpoint_reachable (const char *endpoint)
{
    return endpoint_reachable (endpoint);
}

int
lab_set_outside (lab_t *self, const lab_outside_t *outside)
{
    const char *address = outside->listen ? outside->listen : "";
    if (!endpoint_listen_valid (address))
        return -1;
    registry_set_listen (self->registry, address);
    outside_set_max_msg_size (self->outside, outside->max_msg_size < 0 ? -1
                              : outside->max_msg_size ? outside->max_msg_size : LAB_MAX_MSG_SIZE);
    outside_set_max_peers (self->outside, outside->max_peers > 0 ? outside->max_peers
                                                                  : LAB_MAX_PEERS);
    return 0;
}

//  --- names ----------------------------------------------------------------

lab_refusal_t
lab_check_name (const char *name, bool actor)
{
    if (!behaviours_valid_name (name))
        return LAB_BAD_NAME;
    if (actor && strncmp (name, "ext", 3) == 0 && name [3]
    &&  strspn (name + 3, "0123456789") == strlen (name + 3))
        return LAB_RESERVED_NAME;
    return LAB_ACCEPTED;
}

//  What is against NAME for a new actor in SELF.
static lab_refusal_t
s_check_actor_name (lab_t *self, const char *name)
{
    lab_refusal_t refusal = lab_check_name (name, true);
    if (refusal == LAB_ACCEPTED && lab_actor (self, name))
        refusal = LAB_NAME_TAKEN;
    return refusal;
}

lab_refusal_t
lab_check_spawn (lab_t *self, const char *behaviour, const char *name)
{
    if (!lab_has_behaviour (self, behaviour))
        return LAB_UNKNOWN_BEHAVIOUR;
    return s_check_actor_name (self, name);
}

int
lab_define (lab_t *self, const char *name, const char *lua_source)
{
    return behaviours_define (self->behaviours, name, lua_source);
}

int
lab_define_file (lab_t *self, const char *name, const char *lua_source, const char *path)
{
    return behaviours_define_file (self->behaviours, name, lua_source, path);
}

bool
lab_has_behaviour (lab_t *self, const char *behaviour)
{
    char *chunkname = NULL, *error = NULL;
    char *source = behaviours_source (self->behaviours, behaviour, &chunkname, &error);
    bool found = source != NULL;
    free (source);
    free (chunkname);
    free (error);
    return found;
}

char *
lab_behaviour_text (lab_t *self, const char *behaviour, char **path, char **error)
{
    *path = NULL;
    char *chunkname = NULL;
    char *source = behaviours_source (self->behaviours, behaviour, &chunkname, error);
    //  A shipped file's chunk name is "@actors/NAME.lua" (short, for the
    //  learner): the file itself is behaviour_dir/NAME.lua. Any other "@"
    //  chunk name is the file's own path.
    const char *dir = behaviours_dir (self->behaviours);
    if (source && chunkname && strncmp (chunkname, "@actors/", 8) == 0 && dir) {
        if (asprintf (path, "%s/%s.lua", dir, behaviour) < 0)
            *path = NULL;
    }
    else
    if (source && chunkname && chunkname [0] == '@')
        *path = strdup (chunkname + 1);
    free (chunkname);
    return source;
}

//  --- actors ---------------------------------------------------------------

actor_t *
lab_spawn (lab_t *self, const char *behaviour, const char *name,
           const char *params, char **error)
{
    if (error)
        *error = NULL;
    const char *problem = NULL;
    lab_refusal_t refusal = s_check_actor_name (self, name);
    if (refusal == LAB_BAD_NAME)
        problem = "an actor name is 1 to 31 letters, digits, _ or -";
    else
    if (refusal == LAB_RESERVED_NAME)
        problem = "ext1, ext2, … name outside programs";
    else
    if (refusal == LAB_NAME_TAKEN)
        problem = "there is already an actor of that name";
    if (problem) {
        if (error && asprintf (error, "cannot spawn '%s': %s", name ? name : "", problem) < 0)
            *error = NULL;
        return NULL;
    }
    actor_t *actor = actor_new (self, behaviour, name, params);
    if (!actor)
        return NULL;
    pthread_mutex_lock (&self->lock);
    actor_t **grown = grow_array (self->actors, &self->cap_actors, self->n_actors + 1,
                              sizeof *grown);
    if (grown) {
        self->actors = grown;
        self->actors [self->n_actors++] = actor;
    }
    pthread_mutex_unlock (&self->lock);
    if (!grown) {
        actor_destroy (&actor);
        return NULL;
    }
    char *start_error = NULL;
    if (actor_start (actor, &start_error) != 0) {
        lab_remove (self, name);
        if (error)
            *error = start_error;
        else
            free (start_error);
        return NULL;
    }
    notify_raise (self->notify);
    return actor;
}

actor_t *
lab_actor (lab_t *self, const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < self->n_actors; i++)
        if (strcmp (self->actors [i]->name, name) == 0)
            return self->actors [i];
    return NULL;
}

int
lab_remove (lab_t *self, const char *name)
{
    actor_t *actor = lab_actor (self, name);
    if (!actor)
        return -1;
    actor_signal_kill (actor);
    actor_join (actor);
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_actors; i++)
        if (self->actors [i] == actor) {
            memmove (self->actors + i, self->actors + i + 1,
                     (self->n_actors - i - 1) * sizeof *self->actors);
            self->n_actors--;
            break;
        }
    pthread_mutex_unlock (&self->lock);
    //  Its sockets stay in the registry (links keep their history) but
    //  no longer name an owner.
    registry_forget_owner (self->registry, actor);
    actor_destroy (&actor);
    notify_raise (self->notify);
    return 0;
}

void
actor_stats (actor_t *self, actor_stats_t *stats)
{
    //  Its figures as a sender (discarded, in flight) come from its links.
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    const actor_stats_t *found = lab_snapshot_actor (snap, self->name);
    if (found)
        *stats = *found;
    else
        actor_stats_fill (self, stats);
    lab_snapshot_destroy (&snap);
}

size_t
lab_feed_queued (lab_t *self)
{
    size_t bytes = 0;
    for (size_t i = 0; i < self->n_actors; i++) {
        actor_t *actor = self->actors [i];
        pthread_mutex_lock (&actor->info_lock);
        bytes += actor->feed_bytes;
        pthread_mutex_unlock (&actor->info_lock);
    }
    return bytes;
}

size_t
lab_actor_count (lab_t *self)
{
    return self->n_actors;
}

//  --- clock: every change wakes the actors, so sleepers recompute ------------

static void
s_nudge_all (lab_t *self)
{
    for (size_t i = 0; i < self->n_actors; i++)
        actor_nudge (self->actors [i]);
    notify_raise (self->notify);
}

void
lab_set_speed (lab_t *self, double speed)
{
    labclock_set_speed (self->clock, speed);
    s_nudge_all (self);
}

void
lab_pause_all (lab_t *self)
{
    labclock_pause (self->clock);
    s_nudge_all (self);
}

//  Held where it cannot send any more: paused at the gate, or ended.
static bool
s_all_held (lab_t *self)
{
    for (size_t i = 0; i < self->n_actors; i++) {
        actor_t *actor = self->actors [i];
        int state = atomic_load (&actor->state);
        if (actor->joinable && state != ACTOR_PAUSED && state != ACTOR_STOPPED
        &&  state != ACTOR_CRASHED)
            return false;
    }
    return true;
}

void
lab_stop (lab_t *self)
{
    lab_pause_all (self);
    double deadline = labclock_monotonic () + STOP_HOLD_S;
    while (!s_all_held (self) && labclock_monotonic () < deadline)
        lab_wait (self, 5);
    for (size_t i = 0; i < self->n_actors; i++)
        actor_signal_kill (self->actors [i]);
    for (size_t i = 0; i < self->n_actors; i++)
        actor_join (self->actors [i]);
    notify_raise (self->notify);
}

void
lab_resume_all (lab_t *self)
{
    labclock_resume (self->clock);
    s_nudge_all (self);
}

bool
lab_paused (lab_t *self)
{
    return labclock_gate_closed (self->clock);
}

void
lab_set_stepping (lab_t *self, bool on)
{
    labclock_set_stepping (self->clock, on);
    s_nudge_all (self);
}

bool
lab_stepping (lab_t *self)
{
    return labclock_stepping (self->clock);
}

void
lab_step (lab_t *self)
{
    if (labclock_step (self->clock))
        s_nudge_all (self);
}

//  --- notification and events ---------------------------------------------

int
lab_notify_fd (lab_t *self)
{
    return notify_fd (self->notify);
}

bool
lab_wait (lab_t *self, int timeout_ms)
{
    return notify_wait (self->notify, timeout_ms);
}

size_t
lab_events (lab_t *self, lab_event_t *events, size_t max)
{
    size_t n = events_pop (self->events, events, max);
    double real_now, lab_now, rate;
    labclock_sample (self->clock, &real_now, &lab_now, &rate);
    for (size_t i = 0; i < n; i++) {
        //  Pushed with their monotonic time: lab time, as of now.
        double t = lab_now - (real_now - events [i].time) * rate;
        events [i].time = t < 0 ? 0 : t;
    }
    return n;
}

//  --- snapshots ------------------------------------------------------------

//  Each part is read under its own lock, one after the other: the outside
//  peers, the clock, the actors, the registry. A snapshot is a pure read.
//  Each actor's sums as a sender: its sockets' (the current ones; a
//  restarted actor's old sockets keep theirs on their links).
static void
s_sum_senders (lab_snapshot_t *snap)
{
    for (size_t a = 0; a < snap->n_actors; a++) {
        actor_stats_t *actor = &snap->actors [a];
        if (actor->external)
            continue;
        for (size_t i = 0; i < snap->n_sockets; i++) {
            const socket_stats_t *sock = &snap->sockets [i];
            if (strcmp (sock->actor, actor->name) != 0 || sock->carried_on)
                continue;           //  a restart's socket counts it
            actor->discarded += sock->discarded;
            actor->unroutable += sock->unroutable;
            actor->in_flight += sock->in_flight;
        }
    }
}

lab_snapshot_t *
lab_snapshot (lab_t *self)
{
    lab_snapshot_t *snap = calloc (1, sizeof *snap);
    outside_view_t outside;
    if (!snap || outside_view (self->outside, &outside) != 0) {
        free (snap);
        return NULL;
    }
    snap->real_time = labclock_monotonic ();
    labclock_read (self->clock, &snap->time, &snap->speed, &snap->paused);
    snap->stepping = labclock_stepping (self->clock);
    snap->events_dropped = atomic_load (&self->events_dropped) + outside.events_dropped;
    pthread_mutex_lock (&self->lock);
    snap->actors = calloc (self->n_actors + outside.n_peers + 1, sizeof *snap->actors);
    for (size_t i = 0; snap->actors && i < self->n_actors; i++) {
        actor_t *actor = self->actors [i];
        actor_stats_fill (actor, &snap->actors [i]);
        snap->events_dropped += counter_get (&actor->events_dropped);
        snap->events_sampled_out += counter_get (&actor->events_sampled_out);
    }
    snap->n_actors = snap->actors ? self->n_actors : 0;
    pthread_mutex_unlock (&self->lock);
    if (!snap->actors || registry_fill (self->registry, snap, outside.n_peers) != 0) {
        outside_view_clear (&outside);
        lab_snapshot_destroy (&snap);
        return NULL;
    }
    //  Outside peers after the lab's own actors and links; the lab's end of
    //  each link is named by its socket's actor, as the registry saw it.
    for (size_t i = 0; i < outside.n_peers; i++) {
        outside_peer_t *peer = &outside.peers [i];
        link_stats_t *link = &snap->links [snap->n_links++];
        snap->actors [snap->n_actors++] = peer->actor;
        *link = peer->link;
        const char *owner = "";
        //  Unstamped: what is queued between the two is not known.
        link->in_flight_known = false;
        link->from_socket = -1;
        for (size_t s = 0; s < snap->n_sockets; s++)
            if (snap->sockets [s].id == peer->sock_id) {
                owner = snap->sockets [s].actor;
                snap->sockets [s].outside = true;
                if (!peer->inbound)
                    link->from_socket = (int) s;
            }
        char *end = peer->inbound ? link->to_actor : link->from_actor;
        snprintf (end, sizeof link->to_actor, "%s", owner);
    }
    s_sum_senders (snap);
    snap->outside_live = outside.live;
    snap->outside_refused = outside.refused;
    snap->outside_handshake_failed = outside.handshake_failed;
    outside_view_clear (&outside);
    return snap;
}
