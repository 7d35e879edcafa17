#!/usr/bin/env bash
# run-tests.sh — make test's runner: runs the test executables one at a
# time, then the test scripts JOBS at a time, and prints N passed, N failed
# last.
#
#   scripts/run-tests.sh [--replay BIN CORPUS]... TEST...
#
# A TEST ending in .sh is a script, run with bash and $ZMQLAB naming the
# binary; it counts as one test. Any other TEST is a cmocka executable: its
# test cases are counted from cmocka's [  PASSED  ] / [  FAILED  ] /
# [  SKIPPED ] lines, and one that fails outside them (a crash, a sanitizer
# report at exit, a timeout) counts as one more failure. Each --replay runs
# a fuzz target's replayer over its corpus as one test.
#
# The scripts are independent (each tmux script has its own server, each
# peer test its own ports, picked free), so they run side by side. Each
# test's output goes to its own log, printed whole when it ends, so outputs
# never interleave.
#
# Environment: JOBS (default: twice the number of CPUs, as tests mostly
# wait), TEST_TIMEOUT (seconds per test, default 300), ZMQLAB (the binary
# the scripts run), TEST_LOGS (where the logs go, and where the next run
# reads how long each test took; default a temporary directory, removed at
# the end).
set -u

JOBS=${JOBS:-$((2 * $(nproc 2>/dev/null || echo 1)))}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
case $JOBS in ''|*[!0-9]*|0) echo "run-tests.sh: JOBS must be a whole number above 0, not '$JOBS'" >&2; exit 2 ;; esac

replays=()
while [ "${1:-}" = --replay ]; do
    replays+=("$2 $3")
    shift 3
done

if [ -n "${TEST_LOGS:-}" ]; then
    logs=$TEST_LOGS
    mkdir -p "$logs" || exit 1
else
    logs=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-tests.XXXXXX") || exit 1
fi
cleanup () {
    # Interrupted: end the tests still running. timeout passes the signal on
    # to its test's whole process group.
    local pidfile
    for pidfile in "$logs"/*.pid; do
        [ -e "$pidfile" ] && [ ! -e "${pidfile%.pid}.rc" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null
    done
    wait 2>/dev/null
    [ -n "${TEST_LOGS:-}" ] || rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

passed=0 failed=0 skipped=0 failures=""

# count WORD LOG — the sum of cmocka's "[  WORD  ] N test(s)" lines.
count () {
    sed -n "s/^\[  $1 *\] \([0-9][0-9]*\) test.*/\1/p" "$2" | awk '{ n += $1 } END { print n + 0 }'
}

# run_one ID KIND PATH — runs one test, its output into $logs/ID.log, its
# exit status and seconds into $logs/ID.rc (written last: the test is over).
run_one () {
    local id=$1 kind=$2 path=$3 start rc
    start=$(date +%s.%N)
    case $kind in
        script) set -- bash "$path" ;;
        replay) set -- "./${path% *}" "${path#* }" ;;
        *)      set -- "./$path" ;;
    esac
    timeout -k 10 "$TEST_TIMEOUT" "$@" </dev/null >"$logs/$id.log" 2>&1 &
    echo $! >"$logs/$id.pid"
    wait $!
    rc=$?
    echo "$rc $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')" \
        >"$logs/$id.rc.tmp"
    mv "$logs/$id.rc.tmp" "$logs/$id.rc"
}

# report ID KIND PATH — prints a finished test's log and adds it up.
report () {
    local id=$1 kind=$2 path=$3 rc seconds p f s
    read -r rc seconds <"$logs/$id.rc"
    local log=$logs/$id.log
    local name=$path
    [ "$kind" = replay ] && name="replay ${path#* }"
    echo "=== $name ($seconds s)"
    if [ "$kind" = replay ] && [ "$rc" -eq 0 ]; then
        tail -n 1 "$log"
    else
        cat "$log"
    fi
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "$name: timed out after $TEST_TIMEOUT s"
    fi
    if [ "$kind" = binary ]; then
        p=$(count PASSED "$log"); f=$(count FAILED "$log"); s=$(count SKIPPED "$log")
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$s" -eq 0 ]; then p=1; fi
    else
        s=0
        if [ "$rc" -eq 0 ]; then p=1 f=0; else p=0 f=1; fi
    fi
    if [ "$rc" -ne 0 ]; then failures="$failures $name(exit $rc)"; fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

# A test's files in $logs are named after its path (tests/cli/cli.sh:
# tests_cli_cli.sh.log); what an earlier run left there goes first, but for
# how long the test took then (its "took" file), so the longest start first.
ids=() kinds=() paths=() done_=() took=()
add () {
    local id=${2//[\/ ]/_} seconds=0
    [ -r "$logs/$id.rc" ] && read -r _ seconds <"$logs/$id.rc"
    rm -f "$logs/$id.log" "$logs/$id.rc" "$logs/$id.rc.tmp" "$logs/$id.pid"
    ids+=("$id"); kinds+=("$1"); paths+=("$2"); done_+=(0); took+=("${seconds%.*}")
}
for t in "$@"; do
    case $t in *.sh) add script "$t" ;; *) add binary "$t" ;; esac
done
for r in "${replays[@]}"; do add replay "$r"; done

# report_finished — reports every test that has ended and was not yet.
report_finished () {
    local i
    for i in "${!ids[@]}"; do
        if [ "${done_[$i]}" -eq 0 ] && [ -e "$logs/${ids[$i]}.rc" ]; then
            report "${ids[$i]}" "${kinds[$i]}" "${paths[$i]}"
            done_[$i]=1
        fi
    done
}

# run_all LIMIT INDEX... — runs those tests, at most LIMIT at once, and
# reports each as it ends.
run_all () {
    local limit=$1 i running=0
    shift
    for i in "$@"; do
        while [ "$running" -ge "$limit" ]; do
            wait -n 2>/dev/null
            running=$(jobs -rp | wc -l)
            report_finished
        done
        run_one "${ids[$i]}" "${kinds[$i]}" "${paths[$i]}" &
        running=$((running + 1))
    done
    while [ "$(jobs -rp | wc -l)" -gt 0 ]; do
        wait -n 2>/dev/null
        report_finished
    done
    wait
    report_finished
}

# First the executables, one at a time: they take seconds, and some of
# their cases time what threads do, which other tests' load would only
# disturb. Then the scripts, JOBS at a time, the longest of the last run
# first, so none is left to run alone at the end (in the order given when
# there was no last run).
units=() scripts=()
for i in "${!ids[@]}"; do
    if [ "${kinds[$i]}" = script ]; then scripts+=("$i"); else units+=("$i"); fi
done
run_all 1 "${units[@]}"
run_all "$JOBS" $(for i in "${scripts[@]}"; do echo "${took[$i]:-0} $i"; done \
                  | sort -s -k1,1nr | cut -d' ' -f2)

echo
if [ -n "$failures" ]; then echo "failed:$failures"; fi
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ -z "$failures" ]
