/*  labcore.h — the lab's parts, for the files that make up the lab: lab.c
    (the controller's side) and labcore.c (the services actor threads call
    through a lab_t). Nobody else includes it: the other modules get the
    part they need (a registry_t, an events_t, …) and not the lab.

    Each part has its own lock or is atomic; lab->lock guards only the
    actors array (the controller changes it, snapshots read it).
*/
#ifndef ZMQLAB_LABCORE_H
#define ZMQLAB_LABCORE_H

#include "internal.h"
#include "behaviours.h"
#include "labclock.h"
#include "notify.h"
#include "outside.h"
#include "registry.h"

struct lab_t {
    void *ctx;                      //  the zmq context of every socket
    behaviours_t *behaviours;       //  where behaviour sources come from
    registry_t *registry;           //  sockets, endpoints, links
    labclock_t *clock;              //  lab time, speed, pause, stepping
    notify_t *notify;               //  "something worth redrawing happened"
    events_t *events;               //  the event ring
    _Atomic uint64_t events_dropped;    //  lab-level events lost to a full ring
    outside_t *outside;             //  programs outside zmqlab over tcp/ipc
    pthread_mutex_t lock;           //  actors (written by the controller only)
    actor_t **actors;
    size_t n_actors, cap_actors;
};

#endif
