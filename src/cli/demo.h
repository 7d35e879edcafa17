/*  demo.h — zmqlab --demo: a pattern's actors, printed as plain text. */
#ifndef ZMQLAB_DEMO_H
#define ZMQLAB_DEMO_H

#include <signal.h>
#include <stdbool.h>

enum { DEMO_INTERRUPTED = 130 };

//  reqrep, pubsub, pushpull, pipeline or all.
bool demo_known (const char *pattern);
//  Runs PATTERN for SECONDS (0: the default) at SPEED. 0, 1 on failure, or
//  DEMO_INTERRUPTED when a signal of SIGNALS (blocked) arrived.
int demo_run (const char *pattern, double seconds, double speed, const char *actors_dir,
              const sigset_t *signals);

#endif
