/*  test_msgbudget.c — the bytes an actor's messages hold in libzmq
    (src/engine/msgbudget.h): counted while a message lives anywhere (our
    hands, a queue, a receiver's hands), given back when the last copy goes
    (read and closed, dropped by a PUB with nobody to send to, thrown away
    with a closed socket), and the budget outlives its owner while messages
    of it live.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/msgbudget.h"

#include <string.h>
#include <unistd.h>

enum { BIG = 100000 };

static void
test_own_hands (void **state)
{
    (void) state;
    msgbudget_t *budget = msgbudget_new ();
    assert_non_null (budget);
    zmq_msg_t msg, copy;
    assert_int_equal (msgbudget_msg (budget, &msg, BIG), 0);
    assert_int_equal (msgbudget_held (budget), BIG);
    zmq_msg_init (&copy);
    assert_int_equal (zmq_msg_copy (&copy, &msg), 0);
    assert_int_equal (msgbudget_held (budget), BIG);     //  one content, two handles
    zmq_msg_close (&msg);
    assert_int_equal (msgbudget_held (budget), BIG);
    zmq_msg_close (&copy);
    assert_int_equal (msgbudget_held (budget), 0);
    //  Small messages live inside the zmq_msg_t: not counted.
    assert_int_equal (msgbudget_msg (budget, &msg, 10), 0);
    assert_int_equal (msgbudget_held (budget), 0);
    zmq_msg_close (&msg);
    msgbudget_release (&budget);
    assert_null (budget);
}

static void
test_queued_then_read (void **state)
{
    (void) state;
    void *ctx = zmq_ctx_new ();
    void *push = zmq_socket (ctx, ZMQ_PUSH), *pull = zmq_socket (ctx, ZMQ_PULL);
    assert_int_equal (zmq_bind (pull, "inproc://budget"), 0);
    assert_int_equal (zmq_connect (push, "inproc://budget"), 0);
    msgbudget_t *budget = msgbudget_new ();
    for (int i = 0; i < 3; i++) {
        zmq_msg_t msg;
        assert_int_equal (msgbudget_msg (budget, &msg, BIG), 0);
        memset (zmq_msg_data (&msg), 'x', BIG);
        assert_int_equal (zmq_msg_send (&msg, push, 0), BIG);
    }
    assert_int_equal (msgbudget_held (budget), 3 * BIG);     //  queued, unread
    //  Its owner goes: the queued messages keep the budget.
    msgbudget_t *kept = budget;
    msgbudget_release (&budget);
    zmq_msg_t got;
    zmq_msg_init (&got);
    assert_int_equal (zmq_msg_recv (&got, pull, 0), BIG);
    assert_int_equal (msgbudget_held (kept), 3 * BIG);       //  read, still in our hands
    zmq_msg_close (&got);
    assert_int_equal (msgbudget_held (kept), 2 * BIG);
    zmq_close (push);
    zmq_close (pull);                   //  the last two go with the sockets
    zmq_ctx_term (ctx);
}

static void
test_pub_drops (void **state)
{
    (void) state;
    void *ctx = zmq_ctx_new ();
    void *pub = zmq_socket (ctx, ZMQ_PUB);
    assert_int_equal (zmq_bind (pub, "inproc://nobody"), 0);
    msgbudget_t *budget = msgbudget_new ();
    for (int i = 0; i < 10; i++) {
        zmq_msg_t msg;
        assert_int_equal (msgbudget_msg (budget, &msg, BIG), 0);
        assert_int_equal (zmq_msg_send (&msg, pub, 0), BIG);
    }
    assert_int_equal (msgbudget_held (budget), 0);           //  nobody to send to
    msgbudget_release (&budget);
    zmq_close (pub);
    zmq_ctx_term (ctx);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_own_hands),
        cmocka_unit_test (test_queued_then_read),
        cmocka_unit_test (test_pub_drops),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
