#!/usr/bin/env bash
# attribution.sh — a message from outside counts for the program that sent
# it, and for no actor, whatever it looks like.
#
#   forged    over tcp and ipc, a peer speaking ZMTP/1.0 (programs/zmtp10.py:
#             libzmq would take a plain stream as ZMTP/1.0, whose messages
#             carry no connection metadata and could pass for inproc ones)
#             tries to send "forged [push#50]" and "forged [push#51]" to a
#             PULL that the lab's pusher "push" also feeds (over inproc): the
#             lab refuses peers older than ZMTP 3, counts a failed handshake,
#             and the link push -> pull counts push's one task, nothing lost
#             or missed.
#   one-shot  over ipc (where each process is a peer of its own), SHOTS
#             programs one after another each connect, send one task and
#             leave: each peer sent one message, none was counted for another.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

SHOTS=20

FORGED=$(cat <<'EOF'
behaviour("pull2", [[
  local s = zmq.socket("PULL")
  assert(s:bind(params.outside))
  assert(s:bind(params.inside))
  while true do s:recv() end
]])
local pull = spawn("pull2", { name = "pull", outside = "@EP1@", inside = "inproc://inside" })
if not up(pull) then return end
spawn("pusher", { name = "push", connect = "inproc://inside", count = 1, interval = 0, quiet = true })

-- zmtp10 runs now: two messages with push's stamp, refused.
local refused = wait_until(function()
  return pull:stats().received >= 1 and outside().handshake_failed >= 1
end, WAIT)
expect(refused, "the ZMTP/1.0 peer failed its handshake (" .. outside().handshake_failed .. ")")
expect(pull:stats().received == 1, "pull received push's task only (" .. pull:stats().received .. ")")
local l = link("push", "pull")
expect(l and l.delivered == 1 and l.lost == 0 and l.missed == 0,
       "push -> pull: 1 delivered, 0 lost, 0 missed (" .. tostring(l and l.delivered) .. ", "
       .. tostring(l and l.lost) .. ", " .. tostring(l and l.missed) .. ")")
local s = pull:stats()
expect(s.lost == 0 and s.missed == 0, "pull: lost " .. s.lost .. ", missed " .. s.missed)
for _, p in ipairs(outside().peers) do log(describe(p)) end
mark("CHECKED")
EOF
)

ONE_SHOT=$(cat <<'EOF'
local pull = spawn("puller", { name = "pull", bind = "@EP1@", quiet = true })
if not up(pull) then return end

-- The programs come one after another; each leaves once its task was read.
for i = 1, SHOTS do
  local got = wait_until(function() return pull:stats().received == i end, WAIT)
  if not got then break end
  mark("GOT" .. i)
end
local s = pull:stats()
expect(s.received == SHOTS, "pull received " .. SHOTS .. " tasks (" .. s.received .. ")")
local total, most, peers = 0, 0, 0
for _, p in ipairs(peers_of("pull")) do
  if p.sent ~= 1 then log(describe(p)) end
  peers = peers + 1
  total = total + p.sent
  most = math.max(most, p.sent)
end
expect(peers == SHOTS, SHOTS .. " outside peers, one per program (" .. peers .. ")")
expect(most <= 1, "no peer was counted another program's task (the most: " .. most .. ")")
expect(total == SHOTS, "every task counted for the program that sent it (" .. total .. ")")
EOF
)
ONE_SHOT="local SHOTS = $SHOTS
$ONE_SHOT"

for transport in tcp ipc; do
    lab_start "forged-$transport" "$transport" "$FORGED" || { lab_finish; continue; }
    outside_bg forger zmtp10 "$EP1" "forged [push#50]" "forged [push#51]" --hold
    at_mark CHECKED
    go forger
    outside_wait forger         # refused: its exit status says nothing
    lab_finish
    lab_ok
done

if lab_start "one-shot-ipc" ipc "$ONE_SHOT"; then
    for i in $(seq 1 "$SHOTS"); do
        outside_bg "one$i" push_client "$EP1" 1 --hold
        at_mark "GOT$i" || { go "one$i"; outside_wait "one$i"; break; }
        go "one$i"
        outside_wait "one$i"
        [ "${RC[one$i]}" -eq 0 ] || outside_ok "one$i"
    done
fi
lab_finish
lab_ok

peers_done
