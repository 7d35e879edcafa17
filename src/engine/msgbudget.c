/*  msgbudget.c — bytes held in libzmq by an actor's messages (see msgbudget.h).
*/
#include "msgbudget.h"

#include <stdatomic.h>
#include <stdlib.h>

//  libzmq keeps up to 33 bytes inside the zmq_msg_t (its "very small
//  messages"): bounded by the HWMs, never worth a callback.
enum { COUNTED_FROM = 64 };

struct msgbudget_t {
    _Atomic int64_t held;           //  bytes of live messages
    _Atomic int64_t refs;           //  the owner's, and one per live message
};

//  Each counted content starts with its size, before the bytes libzmq sees.
typedef struct {
    size_t size;
    max_align_t align;
} header_t;

msgbudget_t *
msgbudget_new (void)
{
    msgbudget_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    atomic_init (&self->held, 0);
    atomic_init (&self->refs, 1);
    return self;
}

static void
s_unref (msgbudget_t *self)
{
    if (atomic_fetch_sub (&self->refs, 1) == 1)
        free (self);
}

void
msgbudget_release (msgbudget_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    s_unref (*self_p);
    *self_p = NULL;
}

int64_t
msgbudget_held (msgbudget_t *self)
{
    return atomic_load (&self->held);
}

//  libzmq's callback, on whichever thread let the last copy of a message
//  go. The sender released the bytes when it sent them (probe_sock.h):
//  libzmq, not built with TSan, handed them over.
#if defined (__SANITIZE_THREAD__)
void __tsan_acquire (void *addr);
#else
#define __tsan_acquire(addr) ((void) (addr))
#endif

static void
s_free (void *data, void *hint)
{
    msgbudget_t *self = hint;
    __tsan_acquire (data);
    header_t *header = (header_t *) ((char *) data - offsetof (header_t, align));
    atomic_fetch_sub (&self->held, (int64_t) header->size);
    free (header);
    s_unref (self);
}

int
msgbudget_msg (msgbudget_t *self, zmq_msg_t *msg, size_t size)
{
    if (size < COUNTED_FROM)
        return zmq_msg_init_size (msg, size);
    header_t *header = malloc (offsetof (header_t, align) + size);
    if (!header)
        return -1;
    header->size = size;
    atomic_fetch_add (&self->held, (int64_t) size);
    atomic_fetch_add (&self->refs, 1);
    if (zmq_msg_init_data (msg, &header->align, size, s_free, self) != 0) {
        atomic_fetch_sub (&self->held, (int64_t) size);
        atomic_fetch_sub (&self->refs, 1);
        free (header);
        return -1;
    }
    return 0;
}
