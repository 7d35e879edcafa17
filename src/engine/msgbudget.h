/*  msgbudget.h — the bytes an actor's sent messages still hold in libzmq
    (queued, unread, or not yet written out), counted exactly: the message
    content is ours, and libzmq calls us back when it lets the last copy go
    (read and closed, dropped at a HWM, thrown away with a closed socket,
    written to tcp). The actor's budget is its Lua memory plus these bytes.

    Threads: made and asked on an actor's thread; the callbacks run on any
    thread (libzmq's I/O thread, a receiver's). The budget outlives its
    actor run while any of its messages lives.
*/
#ifndef ZMQLAB_MSGBUDGET_H
#define ZMQLAB_MSGBUDGET_H

#include <stddef.h>
#include <stdint.h>
#include <zmq.h>

typedef struct msgbudget_t msgbudget_t;

//  NULL when out of memory.
msgbudget_t *msgbudget_new (void);
//  The owner lets go; the budget itself goes with its last message.
void msgbudget_release (msgbudget_t **self_p);
//  Bytes held now by messages made with msgbudget_msg.
int64_t msgbudget_held (msgbudget_t *self);
//  Initialises MSG with SIZE bytes of content counted against SELF (small
//  messages live inside the zmq_msg_t itself and are not counted). 0, or
//  -1 when out of memory.
int msgbudget_msg (msgbudget_t *self, zmq_msg_t *msg, size_t size);

#endif
