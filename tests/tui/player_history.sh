#!/usr/bin/env bash
# player_history.sh — the sandbox keeps its command history across runs:
# a command typed in one sandbox comes back with Up in the next (the file
# sits next to the progress), in English at 100×30 and Chinese at 80×24;
# q asks before the sandbox's actors stop, another key stays.

cd "$(dirname "$0")/../.." || exit 1
. tests/tui/lib.sh

for run in "en 100 30" "zh 80 24"; do
    set -- $run
    lang=$1 x=$2 y=$3
    rm -rf "$XDG_STATE_HOME"; mkdir -p "$XDG_STATE_HOME"
    if [ "$lang" = en ]; then leave="Leave the sandbox?"; stay="Staying."
    else leave="离开自由模式吗？"; stay="留下。"; fi

    tui_start -x "$x" -y "$y" -- --lang "$lang" --sandbox
    wait_until '[ "$(screen | tail -2 | head -1)" = ":" ]' 10 || fail "no command line"
    type_text 'spawn("publisher", { name = "hist1" })'
    keys Enter
    wait_box hist1
    keys Escape
    keys q
    wait_for "$leave"
    keys n
    wait_for "$stay"
    pane_alive || fail "another key than y left the sandbox"
    keys q
    wait_for "$leave"
    keys y
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "q, y exited with status $status"
    grep -q -F 'spawn("publisher", { name = "hist1" })' "$XDG_STATE_HOME/zmqlab/history" \
        || fail "the history file does not hold the command"
    pass "$lang ${x}x$y: q asks, another key stays, y leaves; the command is kept"

    tui_start -x "$x" -y "$y" -- --lang "$lang" --sandbox
    wait_until '[ "$(screen | tail -2 | head -1)" = ":" ]' 10 || fail "no command line"
    keys Up
    wait_for ':spawn("publisher", { name = "hist1" })'
    keys Enter
    wait_box hist1
    pass "$lang ${x}x$y: the next sandbox recalls it with Up and runs it"
    keys Escape q
    wait_for "$leave"
    keys y
    wait_exit 10 >/dev/null || fail "zmqlab did not exit"
done
