#!/usr/bin/env bash
# pubsub.sh — a sandbox PUB (publisher) rotates two topics, "weather" and
# "sports"; an outside SUB (programs/subscriber.py: the tutorial's
# subscriber) subscribes to "weather" alone, prints N messages and leaves;
# over tcp and ipc.
#
# The subscriber got N messages, every one of the "weather" topic with the
# publisher's stamp, their numbers consecutive (nothing dropped between
# them). The lab saw an outside peer of the publisher come (and go), and the
# publisher went on unharmed.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

COUNT=10

SCRIPT=$(cat <<'EOF'
-- 100 messages a second until the lesson ends, "weather" and "sports" in turn.
local pub = spawn("publisher", { name = "pub", bind = "@EP1@", topics = { "weather", "sports" },
                                 text = "Hello, subscribers!", rate = 100 })
if not up(pub) then return end

-- The subscriber runs now: it comes, takes its messages, and leaves once
-- the lab has seen it (SEEN).
local came = wait_until(function() return #peers_of("pub", "connected") >= 1 end, WAIT)
expect(came, "an outside peer of the publisher appeared")
mark("SEEN")
local left = wait_until(function() return #peers_of("pub", "left") >= 1 end, WAIT)
expect(left, "it left again once it had its messages")

local o = outside()
for _, p in ipairs(o.peers) do log(describe(p)) end
local p = peers_of("pub")[1] or {}
expect(p.state == "connected" or p.state == "left", "its state is connected or left (got " .. tostring(p.state) .. ")")
expect(p.endpoint == "@EP1@", "on the publisher's endpoint")

local s = pub:stats()
log("pub: " .. s.state .. ", sent " .. s.sent .. ", errors " .. s.errors)
expect(s.state ~= "crashed" and s.state ~= "stopped", "the publisher still runs (" .. s.state .. ")")
expect(s.sent >= 2 * COUNT, "the publisher sent at least " .. 2 * COUNT .. " (" .. s.sent .. ")")
expect(s.errors == 0, "the publisher met no errors (" .. s.last_error .. ")")
EOF
)
SCRIPT="local COUNT = $COUNT
$SCRIPT"

for transport in tcp ipc; do
    lab_start "pubsub-$transport" "$transport" "$SCRIPT" || { lab_finish; continue; }
    outside_bg sub subscriber "$EP1" weather "$COUNT" --hold
    at_mark SEEN
    go sub
    outside_wait sub
    lab_finish
    lab_ok
    outside_ok sub

    # Every message printed is "weather Hello, subscribers! [pub#K]", the K
    # consecutive (a PUB numbers each topic on its own).
    file=$(out sub)
    got=$(grep -c '^Received: ' "$file")
    others=$(grep '^Received: ' "$file" | grep -v -c -E '^Received: weather Hello, subscribers! \[pub#[0-9]+\]$')
    gaps=$(sed -n 's/^Received: weather .*\[pub#\([0-9]*\)\]$/\1/p' "$file" \
           | awk 'NR > 1 && $1 != last + 1 { gaps++ } { last = $1 } END { print gaps + 0 }')
    if [ "$got" -eq "$COUNT" ] && [ "$others" -eq 0 ] && [ "$gaps" -eq 0 ]; then
        ok "$RUN: the subscriber got $COUNT \"weather\" messages, stamped, consecutive"
    else
        fail "$RUN: the subscriber got $got of $COUNT; $others not \"weather ... [pub#K]\"; $gaps gaps"
    fi
done

peers_done
