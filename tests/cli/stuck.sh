#!/usr/bin/env bash
# stuck.sh — SIGTERM ends zmqlab even when what takes it is stuck: a string
# pattern runs in C, where no hook reaches (tests/lessons/stuck/), in the
# lesson itself or in an actor the lesson kills. Before the watchdog, only
# SIGKILL ended such a run. Each run must end within the watchdog's 10 s
# (plus slack) after the signal, with 128 + 15 and the message.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
failures=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-stuck-XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
export XDG_STATE_HOME=$dir

# busy PID: the process has used 2 s of CPU (the lessons need a fraction of
# that before the pattern; stdout is a file, so nothing shows meanwhile).
busy () {
    local ticks
    ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "${ticks:-0}" -ge $((2 * $(getconf CLK_TCK))) ]
}

# wait_for SECONDS COMMAND...: polls COMMAND until it succeeds or time is up.
wait_for () {
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

for lesson in tests/lessons/stuck/*.lua; do
    name=$(basename "$lesson" .lua)
    out=$dir/$name.out
    # The hard limit is for a regression: the test fails, it does not hang.
    timeout -s KILL 120 "$ZMQLAB" --headless --lang en "$lesson" >"$out" 2>&1 &
    pid=$!
    # timeout's child: zmqlab itself.
    wait_for 10 pgrep -P $pid >/dev/null
    child=$(pgrep -P $pid)
    if [ -z "$child" ] || ! wait_for 60 busy "$child"; then
        echo "FAIL $name: never reached the pattern"; sed 's/^/  | /' "$out" | tail -n 5
        failures=$((failures + 1)); kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null; continue
    fi
    sent=$SECONDS
    kill -TERM "${child:-$pid}"
    wait $pid
    rc=$?
    took=$((SECONDS - sent))
    if [ $rc -eq 137 ]; then
        echo "FAIL $name: SIGTERM did not end it (killed after 120 s)"; failures=$((failures + 1))
    elif [ $rc -ne 143 ]; then
        echo "FAIL $name: exit status $rc, expected 143"; sed 's/^/  | /' "$out" | tail -n 5
        failures=$((failures + 1))
    elif [ $took -gt 30 ]; then
        echo "FAIL $name: it took $took s after SIGTERM"; failures=$((failures + 1))
    elif ! grep -q "zmqlab is stuck" "$out"; then
        echo "FAIL $name: no message"; sed 's/^/  | /' "$out" | tail -n 5
        failures=$((failures + 1))
    else
        echo "ok   $name ended $took s after SIGTERM"
    fi
done

echo "stuck.sh: $failures failed"
[ $failures -eq 0 ]
