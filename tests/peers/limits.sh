#!/usr/bin/env bash
# limits.sh — what an actor or an outside program may cost zmqlab: each
# bound is kept, with a clear error, and nothing crashes or bloats.
#
#   subscriptions  libzmq keeps subscriptions in a trie of one node per byte
#             and frees it recursively (256 KiB overflowed its stack): a
#             behaviour's SUBSCRIBE (and an XSUB's "\1topic") longer than
#             4096 bytes is a Lua error that says the bound; over tcp and
#             ipc, with --max-msg-size 1 MiB, an outside SUB sending a 256
#             KiB subscription has its connection ended (a PUB takes no
#             message longer than a subscription may be); an ordinary
#             subscription of the same program then gets its messages, and
#             zmqlab ends cleanly.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

SUBSCRIPTIONS=$(cat <<'EOF'
local pub = spawn("publisher", { name = "pub", bind = "@EP1@", rate = 20 })
if not up(pub) then return end

-- Behaviours: over the bound, a Lua error that says it; at the bound, kept.
local long = spawn("subscriber", { name = "long", connect = "@EP1@", subscribe = ("x"):rep(256 * 1024) })
local edge = spawn("subscriber", { name = "edge", connect = "@EP1@", subscribe = ("x"):rep(4096) })
behaviour("xsub_long", [[
  local s = zmq.socket("XSUB")
  assert(s:connect(params.endpoint))
  local ok, err = pcall(s.send, s, "\1" .. ("x"):rep(256 * 1024))
  report("long", ok and "sent" or tostring(err):match("a subscription of %d+ bytes: at most %d+"))
  assert(s:send("\1" .. ("x"):rep(4096)))
  report("edge", "sent")
  while true do sleep(1) end
]])
local xsub = spawn("xsub_long", { name = "xsub", endpoint = "@EP1@" })
local settled = wait_until(function()
  return long:stats().state == "crashed" and edge:stats().state:find("^blocked")
     and xsub:stats().report.edge == "sent"
end, WAIT)
expect(settled, "long crashed, edge and xsub went on (" .. long:stats().state .. ", "
       .. edge:stats().state .. ", " .. tostring(xsub:stats().report.edge) .. ")")
local detail = long:stats().detail
expect(detail:find("a subscription of 262144 bytes: at most 4096", 1, true),
       "long's detail says the bound (" .. detail .. ")")
local said = tostring(xsub:stats().report.long)
expect(said:find("a subscription of 262144 bytes: at most 4096", 1, true),
       "xsub's long subscription: an error that says the bound (" .. said .. ")")
mark("BEHAVIOURS")

-- The outside program: its long subscription ends its connection, its
-- ordinary one is served.
local ended = wait_until(function() return #peers_of("pub", "left") >= 1 end, WAIT)
expect(ended, "the long subscriber's connection ended")
local again = wait_until(function() return #peers_of("pub", "connected") >= 1 end, WAIT)
expect(again, "the program subscribed again")
mark("PLAIN")
expect(wait_until(function() return outside().live == 0 end, WAIT), "the program left")
for _, p in ipairs(outside().peers) do log(describe(p)) end
expect(pub:stats().state == "sleeping" or pub:stats().state == "running",
       "pub still runs (" .. pub:stats().state .. ")")
EOF
)

for transport in tcp ipc; do
    lab_start "subscriptions-$transport" "$transport" "$SUBSCRIPTIONS" --max-msg-size 1048576 \
        || { lab_finish; continue; }
    if at_mark BEHAVIOURS; then
        outside_bg long long_subscriber "$EP1" news --hold
        at_mark PLAIN
        go long
        outside_wait long
        outside_ok long
    fi
    lab_finish
    lab_ok
done

peers_done
