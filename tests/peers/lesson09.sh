#!/usr/bin/env bash
# lesson09.sh — lesson 09 ("bring your own program") passes headless in
# English and Chinese with the programs it tells the learner to run
# (lessons/py/*.py) as the outside programs, on the tutorial's ports,
# and the programs print what the tutorial says they print.
#
# Each program waits for zmqlab the way ZeroMQ clients do (connect first,
# the messages flow once the other side binds), so the order needs no sleep;
# timeouts are backstops only. Run from anywhere; $ZMQLAB names the binary.

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS

python=$(sh scripts/pyzmq.sh) || python=""
if [ -z "$python" ]; then
    echo "FAIL lesson09.sh: no python3 with pyzmq; run scripts/install-deps.sh"
    exit 1
fi

# The tutorial's ports are fixed, so two runs of this test on one machine
# (make test in two checkouts, or a plain and a sanitizer run side by side)
# would take each other's ports: one at a time.
if command -v flock >/dev/null 2>&1 && { exec 9>>/tmp/zmqlab-lesson09.lock; } 2>/dev/null; then
    flock -w 240 9 || echo "lesson09.sh: another run still holds the tutorial's ports; trying anyway"
fi

tmp=$(mktemp -d /tmp/zmqlab-lesson09-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

fail () {
    echo "FAIL $*"
    failures=$((failures + 1))
}

for lang in en zh; do
    XDG_STATE_HOME=$tmp/state-$lang timeout -k 10 240 \
        "$ZMQLAB" --headless 09 --lang "$lang" --timeout 200 </dev/null >"$tmp/lesson-$lang.out" 2>&1 &
    lab=$!
    # The lesson's three parts, in its order: each program ends on its own.
    timeout -k 5 120 "$python" lessons/py/client.py tcp://localhost:5555 3 \
        >"$tmp/client-$lang.out" 2>&1 || fail "client.py ($lang): exit $?"
    timeout -k 5 120 "$python" lessons/py/subscriber.py tcp://localhost:5556 news 3 \
        >"$tmp/subscriber-$lang.out" 2>&1 || fail "subscriber.py ($lang): exit $?"
    timeout -k 5 120 "$python" lessons/py/worker.py tcp://localhost:5557 tcp://localhost:5559 10 0 \
        >"$tmp/worker-$lang.out" 2>&1 || fail "worker.py ($lang): exit $?"
    wait "$lab"
    rc=$?
    out=$tmp/lesson-$lang.out
    if [ "$rc" -ne 0 ] || grep -q -E 'Sanitizer|runtime error:|Segmentation fault' "$out"; then
        fail "zmqlab --headless 09 --lang $lang: exit $rc"
        grep -E '✗|rror|错误' "$out" | sed 's/^/  failed: /'
        tail -n 30 "$out" | sed 's/^/  | /'
    else
        echo "ok   zmqlab --headless 09 --lang $lang: $(grep -E '^(Result|结果)' "$out")"
    fi
    # What the programs printed: replies stamped by zmqlab's server, only
    # news from the publisher, every task of the ventilator.
    [ "$(grep -c '^Received reply: World from server! \[server#[0-9]*\]$' "$tmp/client-$lang.out")" -eq 3 ] \
        || fail "client.py ($lang) did not print 3 replies: $(cat "$tmp/client-$lang.out")"
    [ "$(grep -c '^Received: news ' "$tmp/subscriber-$lang.out")" -eq 3 ] \
        && ! grep -q 'weather' "$tmp/subscriber-$lang.out" \
        || fail "subscriber.py ($lang) did not print 3 news and no weather: $(cat "$tmp/subscriber-$lang.out")"
    [ "$(grep -c '^Sent result: Processed Task [0-9] \[vent#' "$tmp/worker-$lang.out")" -eq 10 ] \
        || fail "worker.py ($lang) did not do 10 tasks: $(tail -n 3 "$tmp/worker-$lang.out")"
done

echo "lesson09.sh: $failures failed"
[ "$failures" -eq 0 ]
