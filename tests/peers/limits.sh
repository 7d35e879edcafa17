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
#   crowd     over tcp and ipc, zmqlab --max-peers 2, CROWD PUSH sockets of
#             one program connect at once and each queues TASKS tasks: two
#             are taken, the others refused (again and again: they
#             reconnect). A refused connection delivers nothing: PULL gets
#             exactly 2 x TASKS tasks, each counted for the peer whose
#             socket sent it, never one peer for two sockets.
#   budget    (inproc) a behaviour's Lua memory plus the bytes its messages
#             hold unread in libzmq stay within its 64 MiB: a PUSH sending
#             20 MiB messages to a PULL that does not read has its third
#             send refused (nil, a reason naming the budget, "ENOBUFS"; the
#             reason is its last error too); once the PULL has read them,
#             it sends again; a PUB with no subscriber sends 10 of them
#             (dropped at once, they hold nothing).
#   flood     (tcp) six PUSH connections of one program each send 12 MiB
#             (under the 16 MiB one connection may have unread) to a PULL
#             that does not read: together past its actor's 64 MiB, so one
#             is refused, its detail saying why.
#   vanish    over tcp and ipc, a program connects and closes at once,
#             VANISH times: outside().handshake_failed counts each
#             connection once (VANISH, not about twice as many); a good
#             PUSH afterwards adds nothing to it.
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

-- The outside program: its long subscription ends its connection, its
-- ordinary one is served; then it says so on another socket.
local done = spawn("puller", { name = "done", bind = "@EP2@", quiet = true })
expect(settle(done), "done bound")
mark("PROGRAM")
expect(wait_until(function() return done:stats().received == 1 end, WAIT),
       "the program got its message and said done")
for _, p in ipairs(outside().peers) do log(describe(p)) end
expect(pub:stats().state == "sleeping" or pub:stats().state == "running",
       "pub still runs (" .. pub:stats().state .. ")")
EOF
)

CROWD=10
TASKS=100
CROWDED=$(cat <<'EOF'
behaviour("tally", [[
  -- Who sent each task: a peer's tasks all come from one socket ("s3").
  local s = zmq.socket("PULL")
  assert(s:bind(params.bind))
  local owner, n = {}, 0
  while true do
    local text, from = s:recv()
    local sock = text:match("^(s%d+) ") or "?"
    from = from or "?"
    if owner[from] and owner[from] ~= sock then
      report("mixed", from .. " sent for " .. owner[from] .. " and " .. sock)
    end
    owner[from] = owner[from] or sock
    n = n + 1
    report("tasks", n)
  end
]])
local pull = spawn("tally", { name = "pull", bind = "@EP1@" })
if not up(pull) then return end
-- Two taken, every other socket refused twice (so it had the time to leak).
local crowded = wait_until(function()
  local o = outside()
  return o.refused >= 2 * (CROWD - 2) and pull:stats().received >= 2 * TASKS
end, WAIT)
local o = outside()
expect(crowded, "two taken, the others refused twice (refused " .. o.refused .. ", live " .. o.live
       .. ", pull received " .. pull:stats().received .. ")")
expect(o.live <= 2, "at most two live (" .. o.live .. ")")
local s = pull:stats()
expect(s.received == 2 * TASKS, "pull received the two taken sockets' tasks only: " .. 2 * TASKS
       .. " (" .. s.received .. ")")
expect(s.report.mixed == nil, "no peer was counted another socket's task (" .. tostring(s.report.mixed) .. ")")
local total = 0
for _, p in ipairs(peers_of("pull")) do
  total = total + p.sent
  expect(p.sent == 0 or p.sent == TASKS, p.name .. ": all its socket's tasks or none (" .. p.sent .. ")")
end
expect(total == s.received, "the peers sent what pull received (" .. total .. ")")
for _, p in ipairs(outside().peers) do log(describe(p)) end
mark("CHECKED")
EOF
)
CROWDED="local CROWD, TASKS = $CROWD, $TASKS
$CROWDED"

BUDGET=$(cat <<'EOF'
behaviour("bloat", [[
  local s = zmq.socket(params.type)
  assert(s:bind(params.bind))
  local big = ("x"):rep(20 * 1024 * 1024)
  local sent = 0
  for i = 1, params.count do
    local ok, err, code = s:send(big)
    if not ok then
      report("refused", i .. " " .. tostring(code) .. " " .. tostring(err):sub(1, 48))
      break
    end
    sent = i
  end
  report("sent", sent)
  if params.again then
    -- Until a reader has taken them (polled, with a deadline).
    local deadline = now() + 30
    while not s:send(big) and now() < deadline do sleep(0.05) end
    report("again", now() < deadline and "yes" or "no")
  end
  while true do sleep(1) end
]])
behaviour("reader", [[
  local s = zmq.socket("PULL")
  assert(s:connect(params.connect))
  input()                       -- connected, not reading, until fed
  for i = 1, params.count do s:recv() report("read", i) end
  while true do sleep(1) end
]])
local reader = spawn("reader", { name = "reader", connect = "inproc://bloat", count = 3 })
if not up(reader) then return end
local push = spawn("bloat", { name = "push", type = "PUSH", bind = "inproc://bloat", again = true, count = 30 })
local pub = spawn("bloat", { name = "pub", type = "PUB", bind = "inproc://nobody", count = 10 })
local refused = wait_until(function() return push:stats().report.sent ~= nil end, WAIT)
local s = push:stats()
expect(refused and s.report.sent == 2, "push: two 20 MiB messages sent, the third refused ("
       .. tostring(s.report.sent) .. ", " .. tostring(s.report.refused) .. ")")
expect(tostring(s.report.refused):find("3 ENOBUFS send: 20.0 MiB more would pass the actor's", 1, true),
       "push: the reason names the budget (" .. tostring(s.report.refused) .. ")")
expect(s.last_error:find("its messages not yet read 40.0 MiB", 1, true),
       "push: its last error says why (" .. s.last_error .. ")")
expect(s.errors >= 1, "push: the refusal counted as an error (" .. s.errors .. ")")
reader:feed("go")
expect(wait_until(function() return push:stats().report.again ~= nil end, WAIT)
       and push:stats().report.again == "yes", "push: sends again once its messages were read")
expect(wait_until(function() return reader:stats().report.read == 3 end, WAIT), "reader read 3")
expect(wait_until(function() return pub:stats().report.sent ~= nil end, WAIT), "pub done")
local p = pub:stats()
expect(p.report.sent == 10 and p.report.refused == nil,
       "pub: 10 sent to nobody (200 MiB), nothing held (" .. tostring(p.report.sent) .. ", " .. tostring(p.report.refused) .. ")")
mark("CHECKED")
EOF
)

FLOOD=$(cat <<'EOF'
behaviour("idle", [[
  local s = zmq.socket("PULL")
  assert(s:bind(params.bind))
  input()                       -- reads nothing until fed
  while true do s:recv() end
]])
local pull = spawn("idle", { name = "pull", bind = "@EP1@" })
if not up(pull) then return end
local why = "refused: its actor has more than 64 MiB unread from outside programs"
local refused = wait_until(function()
  for _, p in ipairs(peers_of("pull")) do
    if p.detail == why then return true end
  end
  return false
end, WAIT)
for _, p in ipairs(outside().peers) do log(describe(p)) end
expect(refused, "a connection refused: \"" .. why .. "\" (refused " .. outside().refused .. ")")
mark("CHECKED")
pull:feed("go")
EOF
)

VANISH=100
VANISHING=$(cat <<'EOF'
local pull = spawn("puller", { name = "pull", bind = "@EP1@", quiet = true })
if not up(pull) then return end
local counted = wait_until(function() return outside().handshake_failed >= VANISH end, WAIT)
expect(counted, VANISH .. " failed handshakes counted (" .. outside().handshake_failed .. ")")
mark("COUNTED")
-- A good program after them: every vanished connection was handled before.
expect(wait_until(function() return pull:stats().received == 1 end, WAIT), "the good PUSH was served")
mark("SERVED")
expect(wait_until(function() return outside().live == 0 end, WAIT), "the good PUSH left")
expect(outside().handshake_failed == VANISH,
       "each vanished connection counted once: " .. VANISH .. " (" .. outside().handshake_failed .. ")")
EOF
)
VANISHING="local VANISH = $VANISH
$VANISHING"

for transport in tcp ipc; do
    lab_start "crowd-$transport" "$transport" "$CROWDED" --max-peers 2 || { lab_finish; continue; }
    outside_bg crowd crowd_push "$EP1" "$CROWD" "$TASKS" --hold
    at_mark CHECKED
    go crowd
    outside_wait crowd
    outside_ok crowd
    lab_finish
    lab_ok
done

if lab_start budget tcp "$BUDGET"; then
    at_mark CHECKED
fi
lab_finish
lab_ok

if lab_start flood tcp "$FLOOD"; then
    outside_bg flood flood "$EP1" 6 $((12 * 1024 * 1024)) --hold
    at_mark CHECKED
    go flood
    outside_wait flood
    outside_ok flood
fi
lab_finish
lab_ok

for transport in tcp ipc; do
    lab_start "vanish-$transport" "$transport" "$VANISHING" || { lab_finish; continue; }
    outside vanish vanish "$EP1" --times "$VANISH"
    outside_ok vanish
    if at_mark COUNTED; then
        outside_bg good push_client "$EP1" 1 --hold
        at_mark SERVED
        go good
        outside_wait good
        outside_ok good
    fi
    lab_finish
    lab_ok
done

for transport in tcp ipc; do
    lab_start "subscriptions-$transport" "$transport" "$SUBSCRIPTIONS" --max-msg-size 1048576 \
        || { lab_finish; continue; }
    if at_mark PROGRAM; then
        outside long long_subscriber "$EP1" news "$EP2"
        outside_ok long
    fi
    lab_finish
    lab_ok
done

peers_done
