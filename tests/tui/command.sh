#!/usr/bin/env bash
# command.sh — the ':' command line in a lesson: a wrong command shows its
# error on the message line and the lesson stays; Esc closes the line; a
# right command spawns an actor; Up recalls history. `zmqlab --sandbox`
# starts with the command line open and a short how-to.
. "$(dirname "$0")/lib.sh"

message_line () {
    screen | tail -2 | head -1
}

tui_start -x 100 -y 30 1                        # request-reply
wait_for "Step 1 of"
keys :
wait_until '[ "$(message_line)" = ":" ]' 5 || fail "':' did not open the command line"
type_text 'spawn("nope")'
wait_for ':spawn("nope")'
keys Enter
wait_until 'message_line | grep -qE "unknown behaviour.*nope"' 5 \
    || fail "no 'unknown behaviour … nope' error on the message line"
assert_screen_has "Step 1 of"
assert_screen_has "The first pattern of the tutorial"
[ "$(screen | head -1)" = " zmqlab · Request-reply: server and client" ] || fail "the title bar changed"
status_bar | grep -q '^ running ×1 │' || fail "the status bar changed"
pass "a wrong command: error on the message line, the lesson stays"

keys :
type_text 'print("never run")'
wait_for ':print("never run")'
keys Escape
wait_until '! message_line | grep -q "^:"' 5 || fail "Esc did not close the command line"
assert_screen_lacks 'never run'
pass "Esc closes the command line"

keys :
type_text 'spawn("subscriber", { name = "extra" })'
keys Enter
wait_box extra
wait_until '! message_line | grep -q "^:"' 5 || fail "the command line stayed open after a right command"
assert_screen_has "Step 1 of"
pass "a right command: box 'extra' appears"

keys : Up
wait_for ':spawn("subscriber", { name = "extra" })'
keys Escape
wait_until '! message_line | grep -q "^:"' 5 || fail "Esc did not close the command line"
pass "Up recalls the last command"

keys q
wait_for "ZeroMQ lessons"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q exited with status $status"

# The sandbox: the command line is open from the start, with a how-to.
tui_start -x 100 -y 30 --sandbox
wait_for "The lab is empty. Press ':'"
wait_until '[ "$(message_line)" = ":" ]' 5 || fail "the sandbox did not start with the command line open"
[ "$(screen | head -1)" = " zmqlab · sandbox" ] || fail "no sandbox title"
assert_screen_has 'spawn("publisher", { name = "pub"'
assert_screen_has "Esc leaves the command line"
status_bar | grep -q 'q quit' || fail "the status bar does not say q quit"
type_text 'spawn("publisher", { name = "pub", rate = 2 })'
keys Enter
wait_box pub
wait_until '[ "$(message_line)" = ":" ]' 5 || fail "the sandbox's command line did not stay open"
keys Escape
wait_until '! message_line | grep -q "^:"' 5 || fail "Esc did not close the sandbox's command line"
keys q
wait_for "Leave the sandbox?"      # its actors would stop: q asks first
keys y
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q in the sandbox exited with status $status"
pass "--sandbox: command line open, how-to, Esc then q exits 0"
