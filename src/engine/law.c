/*  law.c — the conservation law on a snapshot (see law.h).
*/
#include "law.h"

#include <stdio.h>
#include <string.h>

static bool
s_fan_out (const char *type)
{
    return strcmp (type, "PUB") == 0 || strcmp (type, "XPUB") == 0;
}

//  Is LINK's row one of SOCK's label's stream? A row holds every link of
//  its pair of labels in one state, so an ended row may hold the links of
//  a restarted actor's older sockets of that label too (its from_socket
//  names the first of them only).
static bool
s_of_stream (const link_stats_t *link, const socket_stats_t *sock)
{
    return strcmp (link->from, sock->label) == 0 && strcmp (link->from_actor, sock->actor) == 0;
}

//  Is a socket labelled LABEL open? (Labels are unique among open sockets.)
static bool
s_label_open (const lab_snapshot_t *snap, const char *label)
{
    for (size_t i = 0; i < snap->n_sockets; i++)
        if (!snap->sockets [i].closed && strcmp (snap->sockets [i].label, label) == 0)
            return true;
    return false;
}

//  Are SOCK and every receiver of its links closed, and its links inproc?
//  Then nothing of it can be in flight. A link ends (active false) when
//  either side closes: a closed sender's messages still wait in an open
//  receiver's queue, so the receiver's own state is asked.
static bool
s_settled (const lab_snapshot_t *snap, size_t index)
{
    const socket_stats_t *sock = &snap->sockets [index];
    if (!sock->closed)
        return false;
    for (size_t i = 0; i < snap->n_links; i++) {
        const link_stats_t *link = &snap->links [i];
        if (link->external || link->from_socket < 0 || !s_of_stream (link, sock))
            continue;
        if (link->active || strncmp (link->endpoint, "inproc://", 9) != 0
        ||  s_label_open (snap, link->to))
            return false;
    }
    return true;
}

static void
s_add (law_violation_t *out, size_t max, size_t *count, const char *from, const char *to,
       uint64_t sent, uint64_t delivered, uint64_t lost, uint64_t discarded, uint64_t in_flight,
       bool stuck)
{
    if (*count < max) {
        law_violation_t *v = &out [*count];
        v->stuck = stuck;
        snprintf (v->from, sizeof v->from, "%s", from);
        snprintf (v->to, sizeof v->to, "%s", to);
        v->sent = sent;
        v->delivered = delivered;
        v->lost = lost;
        v->discarded = discarded;
        v->in_flight = in_flight;
    }
    (*count)++;
}

size_t
law_check (const lab_snapshot_t *snap, law_violation_t *out, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; snap && i < snap->n_sockets; i++) {
        const socket_stats_t *sock = &snap->sockets [i];
        if (sock->outside || sock->carried_on || s_fan_out (sock->type))
            continue;
        //  Its label's stream: a restarted actor's older socket of the
        //  label, not carried on yet (a receiver's cache still holds one
        //  of its links), sent what a newer one's links may have counted
        //  (a receiver tells a sender by its label). Checked whole, once,
        //  at its first socket.
        uint64_t sent = 0, delivered = 0, lost = 0, discarded = 0, in_flight = 0;
        bool open = false, outside = false, later = false;
        for (size_t j = 0; j < snap->n_sockets && !later; j++) {
            const socket_stats_t *other = &snap->sockets [j];
            if (other->carried_on || strcmp (other->label, sock->label) != 0
            ||  strcmp (other->actor, sock->actor) != 0 || s_fan_out (other->type))
                continue;
            later = j < i;
            sent += other->sent;
            delivered += other->delivered;
            lost += other->lost + other->missed;
            discarded += other->discarded;
            in_flight += other->in_flight;
            open |= !other->closed;
            outside |= other->outside;
        }
        //  in_flight is what is left (never below 0): the law fails when
        //  more was accounted than sent, or something is left where
        //  nothing can be.
        //  A sender still open may be between zmq_send and its count, while
        //  its receiver has counted the message already: one at most (one
        //  socket of a label is open at a time).
        bool over = !later && !outside && delivered + lost + discarded > sent + (open ? 1 : 0);
        bool stuck = sock->in_flight > 0 && s_settled (snap, i);
        if (over)
            s_add (out, max, &count, sock->label, "", sent, delivered, lost, discarded,
                   in_flight, false);
        else
        if (stuck)
            s_add (out, max, &count, sock->label, "", sock->sent, sock->delivered,
                   sock->lost + sock->missed, sock->discarded, sock->in_flight, true);
    }
    for (size_t i = 0; snap && i < snap->n_links; i++) {
        const link_stats_t *link = &snap->links [i];
        if (link->external || link->from_socket < 0 || (size_t) link->from_socket >= snap->n_sockets)
            continue;
        const socket_stats_t *first = &snap->sockets [link->from_socket];
        if (!s_fan_out (first->type))
            continue;
        //  What the label's stream sent: each of its sockets (a socket
        //  carried on is counted in the newer one's sent).
        uint64_t sent = 0;
        bool open = false;
        for (size_t s = 0; s < snap->n_sockets; s++) {
            const socket_stats_t *sock = &snap->sockets [s];
            if (s_of_stream (link, sock) && !sock->carried_on) {
                sent += sock->sent;
                open |= !sock->closed;
            }
        }
        uint64_t lost = link->lost + link->missed;
        uint64_t accounted = link->delivered + lost + link->discarded + link->in_flight;
        if (accounted > sent + (open ? 1 : 0))
            s_add (out, max, &count, link->from, link->to, sent, link->delivered,
                   lost, link->discarded, link->in_flight, false);
    }
    return count;
}
