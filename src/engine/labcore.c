/*  labcore.c — the lab as actor threads see it: the services actor.c and
    probe.c reach through their lab_t (declared in internal.h). Each one
    hands the call to the part that owns it (registry, clock, notifier,
    events, behaviours) and raises the notifier when the view should know.
    Any thread. Nothing here calls into lab.c or the actors.
*/
#include "labcore.h"
#include "journal.h"

void *
lab_context (lab_t *lab)
{
    return lab->ctx;
}

outside_t *
lab_outside (lab_t *lab)
{
    return lab->outside;
}

char *
lab_behaviour_source (lab_t *lab, const char *name, char **chunkname, char **error)
{
    return behaviours_source (lab->behaviours, name, chunkname, error);
}

//  --- clock ------------------------------------------------------------------

double
lab_now (lab_t *self)
{
    return labclock_now (self->clock);
}

long
lab_ms_until (lab_t *self, double deadline)
{
    return labclock_ms_until (self->clock, deadline);
}

double
lab_speed (lab_t *self)
{
    return labclock_speed (self->clock);
}

bool
lab_gate_closed (lab_t *lab)
{
    return labclock_gate_closed (lab->clock);
}

bool
lab_take_permit (lab_t *lab)
{
    return labclock_take_permit (lab->clock);
}

//  --- notification and events ---------------------------------------------

void
lab_notify (lab_t *lab)
{
    notify_raise (lab->notify);
}

void
lab_event_push (lab_t *lab, actor_t *actor, event_kind_t kind,
                const char *peer, uint64_t seq, const char *text, size_t len)
{
    if (journal_post (lab->events, actor ? actor->name : "", kind, peer, seq, text, len, true))
        return;
    if (actor)
        counter_add (&actor->events_dropped, 1);
    else
        atomic_fetch_add (&lab->events_dropped, 1);
}

//  --- registry ---------------------------------------------------------------

const char *
lab_bind_endpoint (lab_t *lab, const char *endpoint, char *out)
{
    return registry_bind_endpoint (lab->registry, endpoint, out);
}

const char *
lab_connect_endpoint (lab_t *lab, const char *endpoint, char *out)
{
    return registry_connect_endpoint (lab->registry, endpoint, out);
}

sock_rec_t *
lab_sock_new (lab_t *lab, actor_t *owner, int type, const char *name, unsigned nth)
{
    return registry_sock_new (lab->registry, owner, type, name, nth);
}

void
lab_sock_closed (lab_t *lab, sock_rec_t *rec)
{
    registry_sock_closed (lab->registry, rec);
    notify_raise (lab->notify);
}

void
lab_sock_bound (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    registry_sock_joined (lab->registry, rec, endpoint, true);
    notify_raise (lab->notify);
}

void
lab_sock_connected (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    registry_sock_joined (lab->registry, rec, endpoint, false);
    notify_raise (lab->notify);
}

void
lab_sock_disconnected (lab_t *lab, sock_rec_t *rec, const char *endpoint)
{
    registry_sock_disconnected (lab->registry, rec, endpoint);
    notify_raise (lab->notify);
}

void
lab_sock_hwm (lab_t *lab, sock_rec_t *rec, int sndhwm, int rcvhwm)
{
    registry_sock_hwm (lab->registry, rec, sndhwm, rcvhwm);
}

void
lab_sock_subscribe (lab_t *lab, sock_rec_t *rec, const char *prefix, size_t len, bool on)
{
    registry_sock_subscribe (lab->registry, rec, prefix, len, on);
    notify_raise (lab->notify);
}

link_rec_t *
lab_link_find (lab_t *lab, sock_rec_t *to, const char *label, size_t len)
{
    return registry_link_find (lab->registry, to, label, len);
}

int
lab_sock_peers (lab_t *lab, sock_rec_t *rec)
{
    return registry_sock_peers (lab->registry, rec);
}

unsigned
lab_topology (lab_t *lab)
{
    return registry_topology (lab->registry);
}
