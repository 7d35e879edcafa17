/*  test_labclock.c — the lab's clock (src/engine/labclock.h) and the change
    notifier (src/engine/notify.h), on their own: no lab, no actor, no
    sleep. What a lesson relies on: paused lab time stands still, speed is
    clamped, stepping hands out exactly the permits granted.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/labclock.h"
#include "engine/notify.h"

#include <poll.h>
#include <stdbool.h>
#include <unistd.h>

static void
test_pause_stops_time (void **state)
{
    (void) state;
    labclock_t *clock = labclock_new ();
    assert_non_null (clock);
    assert_false (labclock_gate_closed (clock));
    labclock_pause (clock);
    assert_true (labclock_gate_closed (clock));
    double frozen = labclock_now (clock);
    //  However long this takes, paused time does not move.
    for (int i = 0; i < 1000; i++)
        assert_true (labclock_now (clock) == frozen);
    double now, speed;
    bool paused;
    labclock_read (clock, &now, &speed, &paused);
    assert_true (paused && now == frozen && speed == 1.0);
    //  Pausing twice keeps the first pause's time.
    labclock_pause (clock);
    assert_true (labclock_now (clock) == frozen);
    labclock_resume (clock);
    assert_false (labclock_gate_closed (clock));
    //  Time goes on from where it stopped, never backwards.
    double before = labclock_now (clock);
    assert_true (before >= frozen);
    double real = labclock_monotonic ();
    while (labclock_monotonic () < real + 0.002)
        ;                       //  spins 2 ms of real time: a measurement, not a wait
    assert_true (labclock_now (clock) > before);
    labclock_destroy (&clock);
    labclock_destroy (&clock);
    assert_null (clock);
}

static void
test_speed (void **state)
{
    (void) state;
    labclock_t *clock = labclock_new ();
    labclock_set_speed (clock, 4.0);
    assert_true (labclock_speed (clock) == 4.0);
    labclock_set_speed (clock, 0);
    assert_true (labclock_speed (clock) == 0.01);
    labclock_set_speed (clock, -3);
    assert_true (labclock_speed (clock) == 0.01);
    labclock_set_speed (clock, 0.0 / 0.0);
    assert_true (labclock_speed (clock) == 0.01);
    labclock_set_speed (clock, 1e9);
    assert_true (labclock_speed (clock) == 1000);
    //  A speed change keeps lab time continuous: no jump back.
    double before = labclock_now (clock);
    labclock_set_speed (clock, 0.5);
    assert_true (labclock_now (clock) >= before);
    //  Lab time since an event, scaled by the speed; none while paused.
    double real_now, lab_now, rate;
    labclock_sample (clock, &real_now, &lab_now, &rate);
    assert_true (rate == 0.5 && real_now <= labclock_monotonic ());
    labclock_pause (clock);
    labclock_sample (clock, &real_now, &lab_now, &rate);
    assert_true (rate == 0 && lab_now == labclock_now (clock));
    labclock_destroy (&clock);
}

//  How long a timed wait must wait for lab time to reach a deadline: real
//  milliseconds at the speed now; 0 once reached; -1 while paused.
static void
test_ms_until (void **state)
{
    (void) state;
    labclock_t *clock = labclock_new ();
    double now = labclock_now (clock);
    assert_int_equal (labclock_ms_until (clock, now), 0);
    assert_int_equal (labclock_ms_until (clock, now - 5), 0);
    long ms = labclock_ms_until (clock, now + 1);
    assert_true (ms > 900 && ms <= 1000);
    labclock_set_speed (clock, 4.0);
    ms = labclock_ms_until (clock, labclock_now (clock) + 1);
    assert_true (ms > 200 && ms <= 250);
    labclock_set_speed (clock, 0.25);
    ms = labclock_ms_until (clock, labclock_now (clock) + 1);
    assert_true (ms > 3900 && ms <= 4000);
    //  Capped: a waiter looks again after an hour at most.
    assert_int_equal (labclock_ms_until (clock, 1e9), 3600 * 1000);
    labclock_pause (clock);
    assert_int_equal (labclock_ms_until (clock, labclock_now (clock) + 1), -1);
    assert_int_equal (labclock_ms_until (clock, labclock_now (clock)), 0);
    labclock_destroy (&clock);
}

static void
test_stepping_permits (void **state)
{
    (void) state;
    labclock_t *clock = labclock_new ();
    //  Not stepping: every send may go, and a step grants nothing.
    assert_true (labclock_take_permit (clock));
    assert_false (labclock_step (clock));
    labclock_set_stepping (clock, true);
    assert_true (labclock_stepping (clock));
    assert_false (labclock_take_permit (clock));
    //  Exactly as many sends as steps.
    for (int i = 0; i < 3; i++)
        assert_true (labclock_step (clock));
    for (int i = 0; i < 3; i++)
        assert_true (labclock_take_permit (clock));
    assert_false (labclock_take_permit (clock));
    //  Switching stepping drops the permits not taken.
    assert_true (labclock_step (clock));
    labclock_set_stepping (clock, false);
    labclock_set_stepping (clock, true);
    assert_false (labclock_take_permit (clock));
    labclock_set_stepping (clock, false);
    assert_true (labclock_take_permit (clock));
    labclock_destroy (&clock);
}

static void
test_notify (void **state)
{
    (void) state;
    notify_t *notify = notify_new ();
    assert_non_null (notify);
    assert_false (notify_wait (notify, 0));
    //  Raised many times: one wake-up, then quiet again.
    for (int i = 0; i < 100; i++)
        notify_raise (notify);
    struct pollfd pfd = { .fd = notify_fd (notify), .events = POLLIN };
    assert_int_equal (poll (&pfd, 1, 0), 1);
    assert_true (notify_wait (notify, 0));
    assert_false (notify_wait (notify, 0));
    assert_int_equal (poll (&pfd, 1, 0), 0);
    //  And raised again after the reader lowered it.
    notify_raise (notify);
    assert_true (notify_wait (notify, 1000));
    notify_destroy (&notify);
    notify_destroy (&notify);
    assert_null (notify);
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_pause_stops_time),
        cmocka_unit_test (test_speed),
        cmocka_unit_test (test_ms_until),
        cmocka_unit_test (test_stepping_permits),
        cmocka_unit_test (test_notify),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
