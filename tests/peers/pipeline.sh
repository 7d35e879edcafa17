#!/usr/bin/env bash
# pipeline.sh — the tutorial's parallel pipeline with the worker outside:
# a sandbox ventilator and sink, and programs/worker.py (PULL tasks, PUSH
# "Processed <task>") in between, no worker in the lab; over tcp and ipc.
#
# The ventilator waits for its worker (wait = "workers": socket:peers()
# counts outside peers too). The sink collects every result, all from the
# outside peer (per_worker "extK=N": recv names an outside sender by its
# peer name; the results carry the ventilator's stamp in their text, which
# is not read as a stamp); link(ext, "sink") delivered them all; the
# ventilator's outside peer received every task; the worker printed each
# task once. The worker stays until the sink has read every result.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

TASKS=20

SCRIPT=$(cat <<'EOF'
local sink = spawn("sink", { name = "sink", bind = "@EP2@", sync = "inproc://sync", expected = TASKS })
local vent = spawn("ventilator", { name = "vent", bind = "@EP1@", sink = "inproc://sync",
                                   tasks = TASKS, wait = "workers", workers = 1 })
if not settle(sink, vent) then return end
-- zmqlab's sockets linger 0: a socket closed right after its last send may
-- drop what libzmq has not yet written, and the ventilator closes at once.
-- Set before the worker comes: applied at the ventilator's next call into
-- the lab, and it sleeps before it sends.
vent:set("LINGER", 30000)
mark("READY")

-- The worker runs now: it connects to the ventilator (tasks) and the sink (results).
local connected = wait_until(function()
  return #peers_of("vent") == 1 and #peers_of("sink") == 1
end, WAIT)
expect(connected, "the outside worker connected to the ventilator and to the sink")

local done = wait_until(function() return sink:stats().report.results == TASKS end, WAIT)
expect(done, "the sink collected all " .. TASKS .. " results")

local o = outside()
for _, p in ipairs(o.peers) do log(describe(p)) end
local to_sink = peers_of("sink")[1] or {}
local from_vent = peers_of("vent")[1] or {}
expect(to_sink.type == "PUSH", "the worker's PUSH sent the results (type '" .. tostring(to_sink.type) .. "')")
expect(to_sink.sent == TASKS, "it sent " .. TASKS .. " results (" .. tostring(to_sink.sent) .. ")")
local l = to_sink.name and link(to_sink.name, "sink")
expect(l and l.delivered == TASKS,
       "link " .. tostring(to_sink.name) .. " -> sink delivered " .. TASKS .. " (" .. tostring(l and l.delivered) .. ")")
expect(from_vent.received == TASKS,
       "the ventilator's outside peer received " .. TASKS .. " tasks (" .. tostring(from_vent.received) .. ")")

local s = sink:stats()
log("sink: per_worker " .. tostring(s.report.per_worker) .. ", received " .. s.received)
expect(s.report.per_worker == tostring(to_sink.name) .. "=" .. TASKS,
       "every result came from the outside worker (per_worker " .. tostring(s.report.per_worker) .. ")")
-- The results carry "[vent#K]" in their text: outside text is never read as a stamp.
expect(s.lost == 0 and s.missed == 0, "sink: lost " .. s.lost .. ", missed " .. s.missed)
expect(s.received == TASKS + 1, "sink: the start signal and " .. TASKS .. " results (" .. s.received .. ")")
local v = vent:stats()
expect(v.sent == TASKS + 1 and v.errors == 0, "vent: sent the start signal and " .. TASKS .. " tasks ("
       .. v.sent .. "), no errors (" .. v.last_error .. ")")

-- The worker leaves only now, after the lesson: the sink read every result
-- while the worker was connected.
mark("COLLECTED")
EOF
)
SCRIPT="local TASKS = $TASKS
$SCRIPT"

for transport in tcp ipc; do
    lab_start "pipeline-$transport" "$transport" "$SCRIPT" || { lab_finish; continue; }
    outside_bg worker worker "$EP1" "$EP2" "$TASKS" --hold
    wait_mark COLLECTED || fail "$RUN: no COLLECTED mark from the lab"
    go worker
    outside_wait worker
    lab_finish
    lab_ok
    outside_ok worker

    # The worker printed every task once: "Task 0" ... "Task N-1", each with
    # the ventilator's stamp.
    file=$(out worker)
    missing=""
    for n in $(seq 0 $((TASKS - 1))); do
        [ "$(grep -c -E "^Processing task: Task $n \[vent#[0-9]+\]$" "$file")" -eq 1 ] || missing="$missing $n"
    done
    got=$(grep -c '^Processing task: ' "$file")
    if [ -z "$missing" ] && [ "$got" -eq "$TASKS" ]; then
        ok "$RUN: the worker processed each of the $TASKS tasks once"
    else
        fail "$RUN: the worker processed $got tasks; missing or repeated:$missing"
    fi
done

peers_done
