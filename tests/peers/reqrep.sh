#!/usr/bin/env bash
# reqrep.sh — a sandbox REP (rep_server) answers an outside REQ client
# (programs/req_client.py: the tutorial's client.py), over tcp and ipc.
#
# The lab sees one outside peer, of type REQ, that sent every request; the
# link from it to the server delivered them all; nothing is lost or missed.
# Two requests look like stamps ("Hello [server#99]", "x [client#5]"): text
# from outside is never read as a stamp, so they change no counts and make
# no link of their own. The client gets one reply per request, each with
# the server's stamp, in order. The client stays connected until the lab
# has looked (CHECKED).
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

HELLOS=5
LOOKALIKES=("Hello [server#99]" "x [client#5]")
REQUESTS=()
for n in $(seq 1 "$HELLOS"); do REQUESTS+=("Hello $n"); done
REQUESTS+=("${LOOKALIKES[@]}")
TOTAL=${#REQUESTS[@]}

SCRIPT=$(cat <<'EOF'
local server = spawn("rep_server", { name = "server", bind = "@EP1@" })
if not up(server) then return end

-- The client runs now. It is done when the server answered all of them.
local done = wait_until(function()
  local s = server:stats()
  return s.received >= TOTAL and s.sent >= TOTAL
end, WAIT)
expect(done, "the server received and answered " .. TOTAL .. " requests")
-- The client stays connected until CHECKED. A peer first seen through its
-- message learns its endpoint once the watcher has read libzmq's "accepted"
-- event, which may come later under load.
wait_until(function()
  local p = outside().peers[1]
  return p ~= nil and p.endpoint ~= ""
end, WAIT)

local o = outside()
for _, p in ipairs(o.peers) do log(describe(p)) end
expect(#o.peers == 1, "one outside peer (got " .. #o.peers .. ")")
local p = o.peers[1] or {}
expect(p.type == "REQ", "the outside peer is a REQ (got '" .. tostring(p.type) .. "')")
expect(p.sent == TOTAL, "it sent " .. TOTAL .. " requests (got " .. tostring(p.sent) .. ")")
expect(p.received == TOTAL, "it received " .. TOTAL .. " replies (got " .. tostring(p.received) .. ")")
expect(p.actor == "server" and p.socket == "server" and p.endpoint == "@EP1@",
       "it is the server's peer, on @EP1@ (got " .. tostring(p.actor) .. ", " .. tostring(p.endpoint) .. ")")
expect(o.refused == 0, "nothing refused")

local l = p.name and link(p.name, "server")
expect(l and l.delivered == TOTAL,
       "link " .. tostring(p.name) .. " -> server delivered " .. TOTAL .. " (got " .. tostring(l and l.delivered) .. ")")
expect(l and l.lost == 0 and l.missed == 0, "that link lost and missed nothing")

local s = server:stats()
expect(s.received == TOTAL and s.sent == TOTAL,
       "server: received " .. s.received .. ", sent " .. s.sent .. " (want " .. TOTAL .. " each)")
expect(s.lost == 0 and s.missed == 0,
       "server: lost " .. s.lost .. ", missed " .. s.missed .. ": the lookalike stamps counted nothing")
expect(s.errors == 0, "server: no errors (" .. s.last_error .. ")")
mark("CHECKED")
EOF
)
SCRIPT="local TOTAL = $TOTAL
$SCRIPT"

also=()
for text in "${LOOKALIKES[@]}"; do also+=(--also "$text"); done

for transport in tcp ipc; do
    lab_start "reqrep-$transport" "$transport" "$SCRIPT" || { lab_finish; continue; }
    outside_bg client req_client "$EP1" "$HELLOS" "${also[@]}" --hold
    at_mark CHECKED
    go client
    outside_wait client
    lab_finish
    lab_ok
    outside_ok client

    # The client: one reply per request, in order, each the server's answer
    # with its stamp: "World from server! [server#1]" ... [server#TOTAL].
    replies=$(grep -c '^Received reply ' "$(out client)")
    bad=""
    for n in "${!REQUESTS[@]}"; do
        want="Received reply $((n + 1)) [${REQUESTS[$n]}]: World from server! [server#$((n + 1))]"
        grep -q -F -x -e "$want" "$(out client)" || bad="$bad $((n + 1))"
    done
    if [ "$replies" -eq "$TOTAL" ] && [ -z "$bad" ]; then
        ok "$RUN: the client got $TOTAL replies \"World from server! [server#N]\", in order"
    else
        fail "$RUN: the client got $replies replies of $TOTAL; wrong or missing:$bad"
    fi

    # Over ipc the lab names the client by its process id.
    if [ "$transport" = ipc ]; then
        pid=$(sed -n 's/^req_client: pid \([0-9]*\),.*/\1/p' "$(out client)")
        if grep -q -F "(ipc, pid $pid) type=\"REQ\"" "$(out lab)"; then
            ok "$RUN: the lab names the client \"ipc, pid $pid\""
        else
            fail "$RUN: the lab does not name the client \"ipc, pid ${pid:-?}\""
        fi
    fi

    # The transcript's link table lists the links that carried anything:
    # only the outside client's, with every request and nothing lost.
    links=$(sed -n '/^  link  /,/^$/p' "$(out lab)" | sed '1d;/^$/d')
    if [[ $links =~ ^\ \ ext[0-9]+\ -\>\ server\ +$TOTAL\ +0\ +0\ +0\ +[0-9]+/[0-9]+$ ]]; then
        ok "$RUN: the only link that carried anything is ext -> server ($TOTAL, 0 lost, 0 missed)"
    else
        fail "$RUN: the links that carried anything are not just ext -> server ($TOTAL):
$links"
    fi
done

peers_done
