#!/usr/bin/env bash
# menu.sh — the lesson menu lists every lessons/NN-*.lua at 100×30 and at
# 80×24; q leaves zmqlab with status 0.
. "$(dirname "$0")/lib.sh"

lessons_dir=${ZMQLAB_LESSONS:-$(cd "$(dirname "$0")/../.." && pwd)/lessons}
ids=()
for file in "$lessons_dir"/[0-9][0-9]-*.lua; do
    id=$(sed -n 's/^[[:space:]]*id[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$file" | head -1)
    [ -n "$id" ] || fail "no id in $file"
    ids+=("$(basename "$file" | cut -c1-2 | sed 's/^0//') $id")
done
[ ${#ids[@]} -ge 1 ] || fail "no lessons in $lessons_dir"

for size in 100x30 80x24; do
    tui_start -x "${size%x*}" -y "${size#*x}"
    wait_for "ZeroMQ lessons"
    wait_for "Enter open"
    for entry in "${ids[@]}"; do
        number=${entry%% *} id=${entry#* }
        # " 3  publish-subscribe " : the number and the id on one line.
        screen | grep -qE "(^|[^0-9])$number  $id( |$)" || fail "$size: lesson $number $id is not listed"
    done
    assert_screen_lacks "no lessons found"
    keys q
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "$size: q exited with status $status"
    pane_alive && fail "$size: the pane is still alive after q"
    pass "$size: ${#ids[@]} lessons listed, q exits 0"
done
