#!/usr/bin/env bash
# connect_out.sh — the other way round: the lab's actor connects to a
# program outside zmqlab. A sandbox SUB connects over tcp to a pyzmq PUB that
# publishes "news" and "weather": the PUB appears as an outside peer of the
# SUB (type PUB, its address), the SUB gets only news, its line counts what
# it got, and nothing is lost or missed (outside messages are unstamped).
#
# The PUB publishes until it is stopped; the lab waits on its own counters.
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS

python=$(sh scripts/pyzmq.sh) || python=""
[ -n "$python" ] || { echo "FAIL connect_out.sh: no python3 with pyzmq; run scripts/install-deps.sh"; exit 1; }

tmp=$(mktemp -d /tmp/zmqlab-connect-out-XXXXXX) || exit 1
pub_pid=""
trap '[ -n "$pub_pid" ] && kill "$pub_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# Its progress stays here, not in the user's own state directory.
export XDG_STATE_HOME=$tmp/state

# The PUB binds a free port and says which on its first line.
"$python" -u - >"$tmp/pub.out" 2>&1 <<'PY' &
import time, zmq
socket = zmq.Context().socket(zmq.PUB)
port = socket.bind_to_random_port("tcp://127.0.0.1")
print(port, flush=True)
deadline = time.monotonic() + 60
i = 0
while time.monotonic() < deadline:
    socket.send_string(f"news {i}")
    socket.send_string(f"weather {i}")
    i += 1
    time.sleep(0.01)          # a publisher's pace, not a synchronisation
PY
pub_pid=$!
for _ in $(seq 100); do
    port=$(head -n 1 "$tmp/pub.out" 2>/dev/null)
    [ -n "$port" ] && break
    read -r -t 0.1 <> <(:) || true
done
[ -n "${port:-}" ] || { echo "FAIL connect_out.sh: the PUB did not start: $(cat "$tmp/pub.out")"; exit 1; }

cat >"$tmp/connect_out.lua" <<EOF
lesson { id = "connect-out", title = "connect out", summary = "a SUB connects to an outside PUB", level = "test" }
local sub = spawn("subscriber", { name = "sub", connect = "tcp://127.0.0.1:$port", subscribe = "news", by_topic = true })
expect(wait_until(function() return sub:stats().received >= 20 end, 30), "sub got 20 messages")
local peer = outside().peers[1]
expect(peer ~= nil and peer.actor == "sub" and peer.type == "PUB" and peer.address == "127.0.0.1:$port",
       "the PUB is an outside peer of sub: " .. (peer and (peer.name .. " " .. peer.type .. " " .. peer.address) or "none"))
local s = sub:stats()
local line = peer and link(peer.name, "sub")
expect(line and line.delivered >= 20 and line.delivered <= s.received,
       "its line counts what sub got: " .. tostring(line and line.delivered) .. " of " .. s.received)
expect((s.report.weather or 0) == 0 and (s.report.news or 0) >= 20, "sub got news only")
expect(s.lost == 0 and s.missed == 0, "nothing lost or missed: outside messages carry no stamp")
EOF
timeout -k 10 120 "$ZMQLAB" --headless "$tmp/connect_out.lua" --timeout 90 </dev/null >"$tmp/lab.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || grep -q -E 'Sanitizer|runtime error:|Segmentation fault' "$tmp/lab.out"; then
    echo "FAIL connect_out.sh: zmqlab exit $rc"
    tail -n 30 "$tmp/lab.out" | sed 's/^/  | /'
    exit 1
fi
echo "ok   connect_out.sh: $(grep -E '^Result' "$tmp/lab.out")"
