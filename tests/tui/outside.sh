#!/usr/bin/env bash
# outside.sh — a program outside zmqlab in the picture: a pyzmq client
# connects to a sandbox REP over tcp and appears as its own box (ext1, its
# socket type, "outside", its address), its line says "no stamps", the
# status bar counts it, its details say what zmqlab cannot do, and k on it
# says so instead of acting. With --listen 0.0.0.0 the status bar says the
# lab is reachable from other machines.
. "$(dirname "$0")/lib.sh"

python=$(sh "$(dirname "$0")/../../scripts/pyzmq.sh") || python=""
[ -n "$python" ] || fail "no python3 with pyzmq; run scripts/install-deps.sh"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The client sends 3 requests, then stays connected until its stdin closes:
# the test ends it by killing the tmux server.
client="$TUI_TMP/client.py"
cat >"$client" <<'PY'
import sys, zmq
socket = zmq.Context().socket(zmq.REQ)
socket.setsockopt(zmq.RCVTIMEO, 30000)
socket.connect(sys.argv[1])
for i in range(3):
    socket.send_string(f"Hello {i}")
    print(socket.recv().decode(), flush=True)
sys.stdin.read()
PY

tui_start -x 100 -y 30 --listen 0.0.0.0 --sandbox
wait_for 'spawn("publisher"'
type_text "spawn(\"rep_server\", { name = \"server\", bind = \"tcp://127.0.0.1:$port\" })"; keys Enter
wait_box server
# --listen moved the loopback bind: reachable, shown by this machine's address.
wait_until 'status_bar | grep -q "reachable from other machines: .*:'"$port"'"' 10 \
    || fail "the status bar does not say the lab is reachable"
pass "--listen 0.0.0.0: the status bar says the lab is reachable"

tm new-window -d "$python $(printf %q "$client") tcp://127.0.0.1:$port > $(printf %q "$TUI_TMP/client.out") 2>&1"
wait_box ext1 15
wait_until '[ "$(box_counts ext1 2>/dev/null)" = "3 3" ]' 15 || fail "ext1 did not send 3 and get 3"
box_has ext1 "REQ" || fail "ext1's box does not show its socket type"
box_has ext1 "outside" || fail "ext1's box does not say outside"
box_has ext1 "127.0.0.1:" || fail "ext1's box does not show its address"
assert_screen_has "no stamps"
wait_until 'status_bar | grep -q "outside: 1"' 5 || fail "the status bar does not count the outside connection"
[ "$(grep -c '^World from server! \[server#' "$TUI_TMP/client.out")" -eq 3 ] \
    || fail "the client did not print 3 stamped replies: $(cat "$TUI_TMP/client.out")"
pass "ext1: its own box (REQ, outside, address), a line saying no stamps, counted in the status bar"

# Select ext1 (Tab through the actors), read its details, try to kill it.
keys Escape
for ((i = 0; i < 3; i++)); do
    screen_has "a program outside zmqlab" && break
    keys Tab
    wait_for "details" 5
done
wait_for "a program outside zmqlab" 5
assert_screen_has "cannot pause, kill or restart it"
keys k
wait_for "That is a program outside zmqlab" 5
box_has ext1 "outside" || fail "k changed ext1"
pass "ext1's details say what zmqlab cannot do; k on it says so and does nothing"

keys q
wait_for "Leave the sandbox?"      # its actors would stop: q asks first
keys y
wait_exit 10 >/dev/null || fail "q did not end zmqlab"
pass "q ends zmqlab"
