#!/bin/sh
# bench.sh — the benchmark's helper: several runs side by side, or a profile
# of the lab's send/receive path. Run from the repository root.
#
#   scripts/bench.sh [RUNS] [BENCH ARGS…]   builds, runs build/bench RUNS times
#                                           (default 3), prints one table
#   scripts/bench.sh profile [BENCH ARGS…]  perf record (DWARF call graphs) of
#                                           lab push/pull rounds only, then the
#                                           top symbols, inclusive of callees
#   scripts/bench.sh sched [BENCH ARGS…]    perf sched record of the view's frames
#                                           (--only frames), then how long the
#                                           drawing thread waited for a CPU
#
# Throughput on a small VM is noisy: read the ratios, compare within one run.
set -eu

cd "$(dirname "$0")/.."
make -s build/bench >/dev/null

if [ "${1:-}" = profile ]; then
    shift
    command -v perf >/dev/null 2>&1 || { echo "bench.sh: perf is not installed" >&2; exit 1; }
    data=build/bench.perf.data
    perf record -q --call-graph dwarf,16384 -F 2000 -o "$data" \
        ./build/bench --only lab_push_pull -n 2000000 -r 2 "$@" >"$data.log" 2>&1 \
        || { cat "$data.log" >&2; exit 1; }
    # l_send is the pusher's side, l_recv the puller's; libzmq and Lua have
    # no symbols on Debian, so their time shows as addresses under our callers.
    perf report -i "$data" --children --sort symbol -g none --stdio 2>/dev/null \
        | grep -E '^ +[0-9]' | grep -v ' 0x0000' | head -50
    echo "(full data: perf report -i $data --children)"
    exit 0
fi

if [ "${1:-}" = sched ]; then
    # Slow frames under load are usually frames that waited for a CPU (the
    # bench counts the preempted ones); this shows it from the kernel's side.
    shift
    command -v perf >/dev/null 2>&1 || { echo "bench.sh: perf is not installed" >&2; exit 1; }
    data=build/bench.sched.data
    perf sched record -q -o "$data" -- ./build/bench --only frames "$@" >"$data.log" 2>&1 \
        || { cat "$data.log" >&2; exit 1; }
    grep -E '^(# view|frame_ms|view_lab)' "$data.log"
    # The drawing thread is the main one: its tid is the process id.
    perf sched timehist -i "$data" 2>/dev/null | awk '
        $3 ~ /^bench\[[0-9]+\]$/ {
            n++; d = $5; if (d > max) max = d; if (d > 1) over1++; if (d > 5) over5++
        }
        END {
            printf "drawing thread: %d switch-ins; waited for a CPU > 1 ms: %d, > 5 ms: %d; longest %.1f ms\n",
                   n, over1, over5, max
        }'
    perf sched timehist -i "$data" -s 2>/dev/null | sed -n '/Idle stats/,/^$/p'
    echo "(full data: perf sched timehist -i $data)"
    exit 0
fi

runs=3
case "${1:-}" in
    ''|*[!0-9]*) ;;
    *) runs=$1; shift ;;
esac

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
i=1
while [ "$i" -le "$runs" ]; do
    echo "run $i of $runs…" >&2
    ./build/bench "$@" >"$out/$i" 2>"$out/$i.err" || { cat "$out/$i.err" >&2; exit 1; }
    i=$((i + 1))
done

# One line per figure, one column per run, in the order the bench prints them.
awk -F': ' -v runs="$runs" '
    FNR == 1 { run++ }
    /: / { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }; v[$1, run] = $2 }
    END {
        for (i = 1; i <= n; i++) {
            line = sprintf("%-28s", order[i] ":")
            for (r = 1; r <= runs; r++)
                line = line sprintf(" %16s", ((order[i], r) in v) ? v[order[i], r] : "-")
            print line
        }
    }' $(i=1; while [ "$i" -le "$runs" ]; do printf '%s ' "$out/$i"; i=$((i + 1)); done)
