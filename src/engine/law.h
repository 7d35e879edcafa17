/*  law.h — the conservation law, checked on a snapshot: every message a
    socket sent is delivered, lost (or missed), discarded, or still in
    flight. For a round-robin sender (PUSH, REQ, REP, DEALER, ROUTER,
    PAIR) over all its links:

        sent = delivered + lost + missed + discarded + in flight

    summed over its label's stream (a restarted actor's sockets keep their
    labels, and a receiver tells a sender by label only, so what an older
    socket sent may be counted on a newer one's link), and, once it and every receiver are closed and its links are inproc,
    in flight is 0: nothing can be queued between two closed sockets (a
    closing receiver counts its queue as discarded; what the sender slipped
    in as it closed the registry finds by difference once no open receiver
    can hold it, so over inproc this mostly says nothing was counted
    twice, and the drain is tested on its own). A fan-out link (from
    PUB or XPUB) carries a per-topic copy: it can account for no more
    than its sender sent. What is not checked, and why: a socket that
    talks to an outside program (unstamped: which peer got what is not
    known); in flight on tcp/ipc after both ends closed (bytes in the
    kernel's and libzmq's buffers that neither end can read).

    Pure: no lab, no lock; any thread, on a snapshot it holds.
*/
#ifndef ZMQLAB_LAW_H
#define ZMQLAB_LAW_H

#include "snapshot.h"

typedef struct {
    char from [LAB_LABEL_MAX];      //  the sending socket
    char to [LAB_LABEL_MAX];        //  a fan-out link's receiver; "" for a sender
    uint64_t sent;                  //  what the sender sent
    uint64_t delivered, lost, discarded, in_flight;  //  lost includes missed
    bool stuck;                     //  in flight where nothing can be (else: more
                                    //  accounted for than was sent)
} law_violation_t;

//  Checks every sending socket and fan-out link of SNAP. Writes up to MAX
//  violations to OUT; returns how many there are (may exceed MAX).
size_t law_check (const lab_snapshot_t *snap, law_violation_t *out, size_t max);

#endif
