/*  notify.c — a coalescing change signal over a pipe (see notify.h).
*/
#include "notify.h"

#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct notify_t {
    int fds [2];                    //  pipe: [0] read by the waiter, [1] written
    _Atomic bool pending;           //  a byte is in the pipe, not yet taken
};

notify_t *
notify_new (void)
{
    notify_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    if (pipe (self->fds) != 0) {
        free (self);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl (self->fds [i], F_SETFL, O_NONBLOCK);
        fcntl (self->fds [i], F_SETFD, FD_CLOEXEC);
    }
    atomic_init (&self->pending, false);
    return self;
}

void
notify_destroy (notify_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    close ((*self_p)->fds [0]);
    close ((*self_p)->fds [1]);
    free (*self_p);
    *self_p = NULL;
}

void
notify_raise (notify_t *self)
{
    //  Coalesced: one byte until the reader clears the flag.
    if (atomic_load_explicit (&self->pending, memory_order_relaxed))
        return;
    if (!atomic_exchange (&self->pending, true)) {
        ssize_t rc = write (self->fds [1], "!", 1);
        (void) rc;              //  a full pipe already means "wake up"
    }
}

int
notify_fd (notify_t *self)
{
    return self->fds [0];
}

bool
notify_wait (notify_t *self, int timeout_ms)
{
    struct pollfd pfd = { .fd = self->fds [0], .events = POLLIN };
    if (poll (&pfd, 1, timeout_ms) <= 0)
        return false;
    char buf [64];
    while (read (self->fds [0], buf, sizeof buf) > 0)
        ;
    atomic_store (&self->pending, false);
    return true;
}
