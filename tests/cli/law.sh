#!/usr/bin/env bash
# law.sh — the conservation law headless: 30 tasks, 3 workers, one killed
# with its share queued. Its queue shows as discarded on its link, the
# survivors' links go back to 0 in flight, the lesson's checks on link()
# and :stats() pass, and the run ends with the law checked: exit 0, no
# violation, the transcript's link table showing the 10 discarded.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-law-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp        # progress of this run goes nowhere real
failures=0

cat >"$tmp/law.lua" <<'LESSON'
lesson { id = "law-test", title = { en = "The law", zh = "守恒定律" } }
behaviour("vent30", [[
local s = zmq.socket("PUSH")
assert(s:bind("inproc://law"))
while s:peers() < 3 do sleep(0.01) end
for i = 1, 30 do s:send("task " .. i) end
report("sent", 30)
while true do sleep(10) end
]])
local vent = spawn("vent30", { name = "vent" })
spawn("puller", { name = "w1", connect = "inproc://law", quiet = true })
local w2 = spawn("puller", { name = "w2", connect = "inproc://law", quiet = true })
-- Paused once connected (blocked in recv), so vent sees three workers.
wait_until(function() return w2:stats().state == "blocked in recv" end, 20)
w2:pause()
spawn("puller", { name = "w3", connect = "inproc://law", quiet = true })
local function received(name) return actor(name):stats().received end
expect(wait_until(function() return received("w1") + received("w3") == 20 end, 60),
       { en = "w1 and w3 read their 20", zh = "w1 和 w3 读完了 20 个" })
expect(vent:stats().in_flight == 10, { en = "10 in flight, all for w2", zh = "10 条在途" })
expect(link(vent, w2).in_flight == nil, { en = "no link guesses its share", zh = "不猜" })
w2:kill()
local l = link(vent, w2)
expect(l.discarded == 10 and l.discard_reason == "closed with the queue",
       { en = "w2's 10 tasks discarded with its queue", zh = "w2 的 10 个任务随队列丢弃" })
expect(link(vent, "w1").in_flight == 0 and vent:stats().in_flight == 0,
       { en = "nothing in flight once every queue is read", zh = "队列读完后没有在途消息" })
expect(vent:stats().discarded == 10, { en = "vent: 10 discarded", zh = "vent：丢弃 10" })
LESSON

timeout -k 5 120 "$ZMQLAB" --headless --lang en "$tmp/law.lua" </dev/null >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "6/6" "$tmp/out" || grep -q "conservation law" "$tmp/out" \
|| ! grep -E -q "^  vent -> w2 +0 +0 +0 +10 " "$tmp/out"; then
    echo "FAIL law.sh: the killed worker's queue (exit $rc)"
    sed 's/^/  | /' "$tmp/out" | tail -n 25
    failures=$((failures + 1))
else
    echo "ok   law.sh: a killed worker's queue is discarded, the law holds"
fi
[ "$failures" -eq 0 ]
