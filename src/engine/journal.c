/*  journal.c — builds and pushes lab events (see journal.h).
*/
#include "journal.h"
#include "bytes.h"
#include "labclock.h"

#include <stdio.h>
#include <string.h>

bool
journal_post (events_t *ring, const char *who, event_kind_t kind, const char *peer,
              uint64_t seq, const char *text, size_t len, bool escape)
{
    lab_event_t event;
    event.id = 0;
    event.time = labclock_monotonic ();
    event.kind = kind;
    snprintf (event.actor, sizeof event.actor, "%s", who ? who : "");
    snprintf (event.peer, sizeof event.peer, "%s", peer ? peer : "");
    event.seq = seq;
    if (escape)
        //  Message text may be anything a peer sent: shown escaped, whole.
        bytes_escape (text, text ? len : 0, event.text, sizeof event.text);
    else {
        if (!text)
            len = 0;
        if (len >= sizeof event.text)
            len = sizeof event.text - 1;
        memset (event.text, 0, sizeof event.text);
        if (len)
            memcpy (event.text, text, len);
    }
    return events_push (ring, &event);
}
