/*  notify.h — a coalescing "something changed" signal: many threads raise
    it, one reader waits on a file descriptor (the view's loop polls it).
    Raising it while it is already raised costs one relaxed load, so the
    busiest actor may raise it on every state change.
*/
#ifndef ZMQLAB_NOTIFY_H
#define ZMQLAB_NOTIFY_H

#include <stdbool.h>

typedef struct notify_t notify_t;

notify_t *notify_new (void);
void notify_destroy (notify_t **self_p);
//  Any thread.
void notify_raise (notify_t *self);
//  The reader's side: readable while raised.
int notify_fd (notify_t *self);
//  Waits up to timeout_ms until raised; true if it was. Lowers it.
bool notify_wait (notify_t *self, int timeout_ms);

#endif
