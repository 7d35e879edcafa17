#!/usr/bin/env bash
# controls.sh — in the sandbox with a publisher and a subscriber: +/- speed,
# Tab selects (details panel), p pauses the selected actor, k kills it, r
# restarts it; Space pauses everything (counters stop); '.' steps exactly
# one message at a time.
. "$(dirname "$0")/lib.sh"

tui_start -x 100 -y 30 --sandbox
wait_for 'spawn("publisher"'
type_text 'spawn("publisher", { name = "pub", rate = 5 })'; keys Enter
wait_box pub
type_text 'spawn("subscriber", { name = "sub" })'; keys Enter
wait_box sub
keys Escape
wait_until '! screen | tail -2 | head -1 | grep -q "^:"' 5 || fail "Esc left the command line open"
sent=$(box_sent pub) || fail "no counts in pub's box"
sent=$(wait_sent_above pub "$sent") || exit 1
wait_until '[ "$(box_counts sub | cut -d" " -f2)" -gt 0 ]' 5 || fail "sub receives nothing"
pass "sandbox: pub and sub exchange messages"

# Speed: ×2, ×1, ×0.5 in the status bar.
wait_for_re '^ running ×1 '
keys +;  wait_for_re '^ running ×2 '
keys -;  wait_for_re '^ running ×1 '
keys -;  wait_for_re '^ running ×0.5 '
keys +;  wait_for_re '^ running ×1 '
pass "+/- speed: ×2 ×1 ×0.5 ×1"

# Tab selects the first actor: the details panel replaces the log.
assert_screen_has "event log"
keys Tab
wait_for "details"
wait_for "pub (publisher)"
assert_screen_has "sent "
# pub sends 5 a second: its rate, worked out from snapshot to snapshot.
wait_for_re ' [2-9]/s out' || fail "pub's rate is not about 5/s: $(screen | grep '/s out')"
pass "Tab: details of pub, with its rate"

# p pauses the selected actor only: its box says PAUSED, its count stops;
# the lab runs on.
keys p
wait_until 'box_has pub paused' 5 || fail "pub's box does not say PAUSED after p"
box_has sub paused && fail "p paused sub too"
status_bar | grep -q '^ running' || fail "p paused the whole lab"
frozen=$(box_sent pub)
wait_until '[ "$(box_sent pub)" != "$frozen" ]' 1 && fail "pub sent while paused"
keys p
wait_until '! box_has pub paused' 5 || fail "p did not resume pub"
wait_sent_above pub "$frozen" >/dev/null || exit 1
pass "p pauses and resumes the selected actor"

# k kills it, r restarts it (counting from 0 again).
keys k
wait_until 'box_has pub stopped' 5 || fail "pub's box does not say stopped after k"
keys r
wait_until '! box_has pub stopped' 5 || fail "r did not restart pub"
wait_until 'box_has pub running || box_has pub sleeping' 5 || fail "pub is not running after r"
wait_sent_above pub 0 >/dev/null || exit 1
pass "k stops, r restarts the selected actor"

# Space pauses everything: PAUSED in the status bar, and no counter moves.
keys Space
wait_for_re '^ PAUSED ×1 '
before=$(box_counts pub; box_counts sub)
wait_until '[ "$(box_counts pub; box_counts sub)" != "$before" ]' 1.5 \
    && fail "counters moved while paused: $before → $(box_counts pub; box_counts sub)"
pass "Space: PAUSED, counters still"

# '.' steps: STEPPING, and each '.' lets exactly one message go.
sent=$(box_sent pub)
for i in 1 2 3; do
    keys .
    wait_for_re '^ STEPPING '
    want=$((sent + 1))
    wait_until '[ "$(box_sent pub)" = "$want" ]' 5 || fail "after '.' #$i pub sent $(box_sent pub), not $want"
    wait_until '[ "$(box_sent pub)" != "$want" ]' 0.7 && fail "after '.' #$i pub sent $(box_sent pub), more than $want"
    sent=$want
done
pass "'.' three times: STEPPING, pub sent +1 each time"

keys q
wait_for "Leave the sandbox?"      # its actors would stop: q asks first
keys y
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q exited with status $status"
pass "q asks, y leaves the sandbox, exit 0"
