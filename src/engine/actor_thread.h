/*  actor_thread.h — the actor thread's entry point (actor_thread.c), for
    actor.c, which starts it.
*/
#ifndef ZMQLAB_ACTOR_THREAD_H
#define ZMQLAB_ACTOR_THREAD_H

//  The thread's body; ARG is the actor_run_t actor_start made, which the
//  thread owns (and frees) from then on.
void *actor_thread_main (void *arg);

#endif
