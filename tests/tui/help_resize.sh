#!/usr/bin/env bash
# help_resize.sh — ? opens the help overlay and any key closes it; the view
# survives resizing: 40×12 (the minimum: a compact view), 30×10 (below it:
# "Terminal too small" and the size needed), back to 100×30 (the full view),
# resizing with the help open, and a burst of resizes.
. "$(dirname "$0")/lib.sh"

tui_start -x 100 -y 30 3                        # publish-subscribe
advance_until "to predict" 20
wait_box reader1

keys '?'
wait_for "Any key closes this help."
assert_screen_has "Keys"
assert_screen_has "p / k / r"
keys z
wait_gone "Any key closes this help."
assert_screen_has "to predict"                   # z did nothing else
pass "? opens the help, any key closes it"

# The full view, the compact view, the too-small message.
full_view () {
    screen_has "Step 3 of" && screen_has "event log" && box_text reader1 >/dev/null \
        && [ "$(screen | head -1)" = " zmqlab · Publish-subscribe: topics and copies" ] \
        && status_bar | grep -q '^ running ×1 │ Enter next · h hint' && ! screen_has "Terminal too small"
}
compact_view () {
    screen | head -1 | grep -q '^ zmqlab · Publish' && status_bar | grep -q '^ running ×1 │' \
        && screen_has "Step 3 of" && ! screen_has "Terminal too small"
}
too_small () {
    screen | tr -d '\n' | grep -qE 'Terminal too small: *30[x×]10; *zmqlab *needs *40[x×]12'
}

resize 40 12
wait_until compact_view 5 || fail "no compact view at 40×12"
pane_alive || fail "zmqlab died at 40×12"
pass "40×12: compact view"

resize 30 10
wait_until too_small 5 || fail "no 'Terminal too small' at 30×10"
pass "30×10: Terminal too small, needs 40×12"

resize 100 30
wait_until full_view 5 || fail "no full view back at 100×30"
pass "100×30: full view again"

# With the help open, and after it closes.
keys '?'
wait_for "Any key closes this help."
resize 40 12
wait_for "Keys"
resize 100 30
wait_for "Any key closes this help."
keys z
wait_gone "Any key closes this help."
wait_until full_view 5 || fail "no full view after resizing with the help open"
pass "resizing with the help open"

# A burst of resizes, then a size to check.
for size in 60x20 30x8 120x40 41x13 10x3 80x24 200x60 40x12 99x29; do
    tm resize-window -t zmqlab -x "${size%x*}" -y "${size#*x}"
done
resize 80 24
pane_alive || fail "zmqlab died in a burst of resizes"
wait_until 'screen_has "Step 3 of" && screen_has "event log" && status_bar | grep -q "^ running ×1"' 5 \
    || fail "no full view at 80×24 after a burst of resizes"
pass "a burst of resizes, then 80×24: full view"

# The menu's help too, then out (step 4 is a question: q asks first).
keys q
wait_for "A question is still open"
keys y
wait_for "ZeroMQ lessons"
keys '?'
wait_for "Any key closes this help."
keys z
wait_gone "Any key closes this help."
assert_screen_has "Enter open"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q exited with status $status"
pass "help on the menu; q exits 0"
