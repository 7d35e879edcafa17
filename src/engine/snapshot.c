/*  snapshot.c — reading a lab snapshot, and the names of the engine's
    enums. Pure: no lab, no lock; any thread, on a snapshot it holds.
    (lab_snapshot itself assembles one in lab.c.)
*/
#include "lab.h"

#include <stdlib.h>
#include <string.h>

void
lab_snapshot_destroy (lab_snapshot_t **self_p)
{
    if (self_p && *self_p) {
        free ((*self_p)->actors);
        free ((*self_p)->sockets);
        free ((*self_p)->links);
        free (*self_p);
        *self_p = NULL;
    }
}

const actor_stats_t *
lab_snapshot_actor (const lab_snapshot_t *snap, const char *name)
{
    for (size_t i = 0; snap && name && i < snap->n_actors; i++)
        if (strcmp (snap->actors [i].name, name) == 0)
            return &snap->actors [i];
    return NULL;
}

const link_stats_t *
lab_snapshot_link (const lab_snapshot_t *snap, const char *from, const char *to)
{
    //  FROM and TO name actors or socket labels ("pub.sync"). Between two
    //  actors, prefer an active link (after a restart the old one stays for
    //  history), then one between their main sockets (labels = names).
    const link_stats_t *found = NULL;
    int best = -1;
    for (size_t i = 0; snap && from && to && i < snap->n_links; i++) {
        const link_stats_t *link = &snap->links [i];
        bool by_label = strcmp (link->from, from) == 0 && strcmp (link->to, to) == 0;
        if (!by_label && (strcmp (link->from_actor, from) != 0 || strcmp (link->to_actor, to) != 0))
            continue;
        int score = (link->active ? 2 : 0) + (by_label ? 1 : 0);
        if (score >= best) {
            best = score;
            found = link;
        }
    }
    return found;
}

const char *
actor_state_name (actor_state_t state)
{
    static const char *names [ACTOR_STATE_COUNT] = {
        "starting", "running", "sleeping", "blocked in send", "blocked in recv",
        "waiting for input", "waiting for step", "paused", "crashed", "stopped",
        "external"
    };
    return state < ACTOR_STATE_COUNT ? names [state] : "?";
}

const char *
error_kind_name (error_kind_t kind)
{
    static const char *names [ERR_KIND_COUNT] = {
        "EAGAIN", "EFSM", "EHOSTUNREACH", "EINVAL", "ENOTSUP",
        "EADDRINUSE", "ECONNREFUSED", "EMSGSIZE", "ETERM", "other"
    };
    return kind < ERR_KIND_COUNT ? names [kind] : "?";
}

const char *
event_kind_name (event_kind_t kind)
{
    static const char *names [EVENT_KIND_COUNT] = {
        "send", "recv", "drop", "missed", "error", "join",
        "subscribe", "unsubscribe", "log", "state"
    };
    return kind < EVENT_KIND_COUNT ? names [kind] : "?";
}

const char *const LINK_DISCARD_REASON = "closed with the queue";
const char *const SEND_DISCARD_REASON = "unroutable";
