#!/usr/bin/env bash
# lesson.sh — open a lesson from the menu with Enter, advance with n to its
# question, answer it, watch the actors appear and their counters move, see
# a check pass; q back to the menu, q exits 0.
. "$(dirname "$0")/lib.sh"

tui_start -x 100 -y 30
open_lesson 4                                   # late-subscriber
assert_screen_has "The late subscriber"
assert_screen_has "Step 1 of"

# n until the question; pub publishes meanwhile.
advance_until "to predict" 20
assert_screen_has "1) "

# An actor in a box, its name on the top border ("┌─ pub ─", "┌* pub ─" when
# the lesson points at it), and its sent count going up.
wait_box pub
sent1=$(box_sent pub) || fail "no counts in pub's box"
sent2=$(wait_sent_above pub "$sent1") || exit 1
pass "actor box pub, sent count $sent1 → $sent2"

keys 2
wait_for "you predicted 2)"
assert_screen_lacks "to predict"
wait_for "Answer: 2)"
pass "question answered"

# The lesson's checks: ✓ in the panel, advancing as needed.
advance_until "✓ " 20
pass "a check passed"
# A second actor joined: late, with what it missed.
wait_box late

keys q
wait_for "ZeroMQ lessons"
assert_screen_has "late-subscriber"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q exited with status $status"
pass "q, q: back to the menu, exit 0"
