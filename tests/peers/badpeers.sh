#!/usr/bin/env bash
# badpeers.sh — outside programs that are not good ZeroMQ peers, one after
# another against one sandbox PULL (puller), over tcp and ipc, zmqlab run
# with --verbose:
#
#   garbage   a plain socket sends an HTTP request and random bytes: the
#             handshake fails (outside().handshake_failed), the peer left
#             with a detail saying so, and the event log says it too;
#   vanish    a plain socket connects and closes without a word: the same;
#   blink     the same at once, before the lab can even look: counted as a
#             failed handshake;
#   big       a PUSH sends 1 MiB (the limit is 64 KiB): the connection ends,
#             the message never arrives, the peer left; a small message from
#             the same program afterwards arrives, under the same name;
#   good      then a well-behaved PUSH is served: every one of its tasks.
#
# Then the limit: zmqlab --max-peers 2 and a REP; three REQ clients of one
# program connect at once: one is refused (outside().refused, the detail
# "refused: 2 outside connections is the limit"), never more than two are
# live; once they are gone, the next client is served.
#
# The outside programs wait, where the lab must look, for a go-ahead (the
# script marks what it saw): no sleeps.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

GOOD=10

SCRIPT=$(cat <<'EOF'
local pull = spawn("puller", { name = "pull", bind = "@EP1@", quiet = true })
if not up(pull) then return end

-- Each phase starts with nobody connected, and waits for one connection.
local function alone(what)
  local quiet = wait_until(function() return outside().live == 0 end, WAIT)
  expect(quiet, what .. ": nobody outside connected before it")
end
local function arrival(what)
  local p
  local seen = wait_until(function()
    p = peers_of("pull", "connected")[1]
    return p ~= nil
  end, WAIT)
  expect(seen, what .. ": the lab saw it connect")
  return p or { name = "?", address = "?" }
end
local function departure(p, what)
  local left = wait_until(function()
    local q = peer(p.name)
    return q ~= nil and q.state == "left"
  end, WAIT)
  local q = peer(p.name) or {}
  log(what .. ": " .. describe(peer(p.name)))
  expect(left, what .. ": " .. p.name .. " left")
  return q
end
-- What each outside peer of pull has sent so far, by name.
local function sent_now()
  local sent = {}
  for _, p in ipairs(peers_of("pull")) do sent[p.name] = p.sent end
  return sent
end
-- The peers that sent something since BEFORE: "ext3+10 ext4+1".
local function since(before)
  local parts = {}
  for _, p in ipairs(peers_of("pull")) do
    local d = p.sent - (before[p.name] or 0)
    if d ~= 0 then parts[#parts + 1] = p.name .. "+" .. d end
  end
  return table.concat(parts, " ")
end

-- garbage: an HTTP request and random bytes. (libzmq would read a stream
-- that does not start with a ZMTP 3 greeting as ZMTP/1.0 frames; the lab
-- refuses peers older than ZMTP 3, so nothing comes out of the garbage.)
alone("garbage")
mark("GARBAGE")
local g = arrival("garbage")
mark("GARBAGE-SEEN", g.address)
local q = departure(g, "garbage")
expect(outside().handshake_failed >= 1,
       "garbage: a failed handshake counted (" .. outside().handshake_failed .. ")")
expect(tostring(q.detail):find("not a ZeroMQ peer? handshake failed", 1, true),
       "garbage: its detail says the handshake failed (" .. tostring(q.detail) .. ")")
log("garbage: pull received " .. pull:stats().received .. " message(s) out of it")

-- vanish: connects, says nothing, closes.
local failed = outside().handshake_failed
alone("vanish")
mark("VANISH")
local v = arrival("vanish")
mark("VANISH-SEEN", v.address)
q = departure(v, "vanish")
expect(outside().handshake_failed > failed,
       "vanish: one more failed handshake (" .. outside().handshake_failed .. ")")
expect(tostring(q.detail):find("not a ZeroMQ peer? handshake failed", 1, true),
       "vanish: its detail says the handshake failed (" .. tostring(q.detail) .. ")")

-- blink: the same at once; the lab may not even see who it was.
failed = outside().handshake_failed
alone("blink")
mark("BLINK")
expect(wait_until(function() return outside().handshake_failed > failed end, WAIT),
       "blink: one more failed handshake (" .. outside().handshake_failed .. ")")

-- big: 1 MiB over a 64 KiB limit.
alone("big")
mark("BIG")
local b = arrival("big")
local base = pull:stats().received
local before = sent_now()
mark("BIG-SEEN", b.address)
q = departure(b, "big")
expect(pull:stats().received == base and since(before) == "",
       "big: the 1 MiB message never arrived (pull received " .. pull:stats().received - base
       .. ", sent: '" .. since(before) .. "')")
mark("BIG-LEFT")
local small = wait_until(function() return pull:stats().received == base + 1 end, WAIT)
expect(small, "big: then its small message arrived")
expect(since(before) == b.name .. "+1",
       "big: the same program, reconnecting, kept its name " .. b.name .. " (sent: '" .. since(before) .. "')")
mark("SMALL-DONE")

-- good: a PUSH that behaves.
alone("good")
before = sent_now()
mark("GOOD")
local served = wait_until(function() return pull:stats().received == base + 1 + GOOD end, WAIT)
expect(served, "good: after all that, pull received the good client's " .. GOOD .. " tasks ("
       .. pull:stats().received - base - 1 .. ")")
local good = peers_of("pull", "connected")[1] or { name = "?" }
log("good: " .. describe(peer(good.name)))
expect(since(before) == good.name .. "+" .. GOOD,
       "good: " .. GOOD .. " tasks from " .. good.name .. " (sent: '" .. since(before) .. "')")
mark("GOOD-DONE")
for _, p in ipairs(peers_of("pull")) do
  local l = link(p.name, "pull")
  expect(l and l.delivered == p.sent, "link " .. p.name .. " -> pull delivered what it sent ("
         .. tostring(l and l.delivered) .. " of " .. p.sent .. ")")
end
local s = pull:stats()
expect(s.state ~= "crashed" and s.state ~= "stopped", "pull still runs (" .. s.state .. ")")
expect(s.received == base + 1 + GOOD and s.lost == 0 and s.missed == 0 and s.errors == 0,
       "pull: received " .. s.received .. ", lost " .. s.lost .. ", missed " .. s.missed
       .. ", errors " .. s.errors .. " (" .. s.last_error .. ")")
EOF
)
SCRIPT="local GOOD = $GOOD
$SCRIPT"

LIMIT_SCRIPT=$(cat <<'EOF'
local server = spawn("rep_server", { name = "server", bind = "@EP1@" })
if not up(server) then return end

-- Every look at the lab notes how many outside peers were live at once.
local most = 0
local function look()
  local o = outside()
  most = math.max(most, o.live, #peers_of("server", "connected"))
  return o
end

-- Three clients connect at once: two are taken, the third refused (again
-- and again: it reconnects).
local crowded = wait_until(function()
  local o = look()
  return o.refused >= 1 and o.live == 2
end, WAIT)
local o = look()
for _, p in ipairs(o.peers) do log(describe(p)) end
expect(crowded, "two clients live and one refused (live " .. o.live .. ", refused " .. o.refused .. ")")
local refused = 0
for _, p in ipairs(o.peers) do
  if p.state == "left" and p.detail == "refused: 2 outside connections is the limit" then
    refused = refused + 1
  end
end
expect(refused >= 1, "a refused peer's detail: \"refused: 2 outside connections is the limit\"")
mark("CROWDED")

local emptied = wait_until(function() return look().live == 0 end, WAIT)
expect(emptied, "the crowd left")
mark("EMPTY")

local served = wait_until(function() look() return server:stats().sent == 1 end, WAIT)
expect(served, "the next client was served")
expect(most <= 2, "never more than 2 outside peers live at once (at most " .. most .. ")")
local s = server:stats()
expect(s.received == 1 and s.errors == 0,
       "server: the crowd sent nothing, the last client one request (received " .. s.received
       .. ", errors " .. s.errors .. ")")
EOF
)

# events ADDRESS TEXT: the --verbose event log has a line with ADDRESS then TEXT.
events () {
    grep -a -E '^ +[0-9]+\.[0-9]+ ' "$(out lab)" | grep -a -q -F -e "$1$2"
}

for transport in tcp ipc; do
    lab_start "badpeers-$transport" "$transport" "$SCRIPT" --verbose || { lab_finish; continue; }
    garbage_at="" vanish_at="" big_at=""
    if at_mark GARBAGE; then
        outside_bg garbage garbage "$EP1" --hold
        at_mark GARBAGE-SEEN && garbage_at=${MARK#GARBAGE-SEEN }
        go garbage
        outside_wait garbage
    fi
    if at_mark VANISH; then
        outside_bg vanish vanish "$EP1" --hold
        at_mark VANISH-SEEN && vanish_at=${MARK#VANISH-SEEN }
        go vanish
        outside_wait vanish
    fi
    at_mark BLINK && outside blink vanish "$EP1"
    if at_mark BIG; then
        outside_bg big big_push "$EP1" --hold
        at_mark BIG-SEEN && big_at=${MARK#BIG-SEEN }
        go big
        at_mark BIG-LEFT
        go big
        at_mark SMALL-DONE
        go big
        outside_wait big
    fi
    if at_mark GOOD; then
        outside_bg good push_client "$EP1" "$GOOD" --hold
        at_mark GOOD-DONE
        go good
        outside_wait good
    fi
    lab_finish
    lab_ok
    for program in garbage vanish blink big good; do
        [ -n "${RC[$program]+set}" ] && outside_ok "$program"
    done
    RC=()

    # The event log (--verbose) tells each story.
    for story in "garbage|$garbage_at| connected" \
                 "garbage|$garbage_at| left: not a ZeroMQ peer? handshake failed" \
                 "vanish|$vanish_at| connected" \
                 "vanish|$vanish_at| left: not a ZeroMQ peer? handshake failed" \
                 "big|$big_at| connected" \
                 "big|$big_at| left"; do
        IFS='|' read -r who address text <<<"$story"
        if [ -n "$address" ] && events "$address" "$text"; then
            ok "$RUN: the event log says \"$address$text\" ($who)"
        else
            fail "$RUN: the event log lacks \"${address:-?}$text\" ($who)"
        fi
    done

    lab_start "limit-$transport" "$transport" "$LIMIT_SCRIPT" --max-peers 2 --verbose \
        || { lab_finish; continue; }
    outside_bg crowd crowd "$EP1" --clients 3 --hold
    at_mark CROWDED
    go crowd
    at_mark EMPTY
    go crowd
    outside_wait crowd
    lab_finish
    lab_ok
    outside_ok crowd
    if events "" ": refused: 2 outside connections is the limit"; then
        ok "$RUN: the event log says a client was refused"
    else
        fail "$RUN: the event log does not say a client was refused"
    fi
done

peers_done
