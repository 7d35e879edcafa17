#!/usr/bin/env bash
# goal.sh — goals in the terminal view, at 80×24 in English and in Chinese,
# on tests/lessons/goal/goals.lua: an open goal stands in the panel with its
# live status and the status bar lists S and P; h gives its hints one by
# one; the learner reaches the first goal with the ':' command line, is told
# at once with what they did, and is not told they spoiled the experiment;
# S asks first (another key: not shown), y shows the solution and the
# progress file remembers it; P plays it, and the second goal is reached.

cd "$(dirname "$0")/../.." || exit 1
. tests/tui/lib.sh

lessons=$TUI_TMP/lessons
mkdir -p "$lessons"
cp tests/lessons/goal/goals.lua "$lessons/01-goals.lua"
ln -s "$PWD/lessons/actors" "$lessons/actors"
export ZMQLAB_LESSONS=$lessons

# next_until TEXT: presses n while the lesson waits for it, until TEXT shows.
next_until () {
    local want=$1 deadline=$(( $(date +%s) + 30 ))
    while ! screen_has "$want"; do
        [ "$(date +%s)" -ge "$deadline" ] && fail "timed out going on to '$want'"
        if screen | grep -q -E '\[n\] (next|下一步)'; then
            keys n
            wait_until "screen_has \"$want\" || ! screen | grep -q -E '\\[n\\] (next|下一步)'" 5
        else
            wait_until "screen_has \"$want\" || screen | grep -q -E '\\[n\\] (next|下一步)'" 10
        fi
    done
}

COMMAND='spawn("req_client", { name = "alpha", connect = "inproc://goals", count = 2 })'

run () {
    local lang=$1
    local goal1 status0 hint1 hint2 keys_bar reached did meddled goal2 ask solution \
          shown playing reached2 done menu
    if [ "$lang" = en ]; then
        goal1="Goal: Get alpha 2 replies"; status0="alpha: 0 of 2 replies"
        hint1="First hint"; hint2="Second hint"; keys_bar="S solution · P play"
        reached="Goal reached! You ran :speed(1), then ran :spawn("; did="✓ Goal reached: Get alpha"
        meddled="may not finish as planned"; goal2="Goal: Get beta 3 replies"
        ask="Show the solution?"; solution="Solution: spawn"
        shown="P plays it in the lab"; playing="Playing the solution"
        reached2="✓ Goal reached: Get beta"; done="Both goals reached."; menu="ZeroMQ lessons"
    else
        goal1="目标：让 alpha 收到 2 个应答"; status0="alpha：0 / 2 个应答"
        hint1="第一条提示"; hint2="第二条提示"; keys_bar="S 解法 · P 演示"
        reached="目标达成！你运行了 :speed(1)，然后运行了 :spawn("; did="✓ 目标达成：让 alpha"
        meddled="课程的实验可能无法按计划完成"; goal2="目标：让 beta 收到 3 个应答"
        ask="要看解法吗？"; solution="解法：启动"
        shown="按 P 在实验中演示"; playing="正在演示解法"
        reached2="✓ 目标达成：让 beta"; done="两个目标都达成了。"; menu="ZeroMQ 课程"
    fi
    rm -rf "$XDG_STATE_HOME"; mkdir -p "$XDG_STATE_HOME"
    tui_start -x 80 -y 24 -- --lang "$lang" 1
    next_until "$goal1"
    wait_for "$status0"
    status_bar | grep -qF "$keys_bar" || fail "the status bar does not list S and P"
    pass "$lang 80x24: the goal and its live status stand in the panel; the bar lists S and P"

    keys h
    wait_for "$hint1"
    assert_screen_lacks "$hint2"
    keys h
    wait_for "$hint2"
    pass "$lang 80x24: h gives the goal's hints one by one"

    # A change that does not reach it yet: the goal's work, not meddling.
    keys :
    type_text 'speed(1)'
    keys Enter
    wait_for ":speed(1)"
    assert_screen_lacks "$meddled"
    wait_for "$status0"

    # The learner reaches it with the command line.
    keys :
    type_text "$COMMAND"
    keys Enter
    wait_for "$reached" 20
    wait_for "$did"
    pass "$lang 80x24: reached with ':', said at once with what the learner did, no meddling"

    # The second: S asks; another key shows nothing; y shows it.
    wait_for "$goal2" 20
    keys S
    wait_for "$ask"
    keys z
    wait_gone "$ask"
    assert_screen_lacks "$solution"
    keys S
    wait_for "$ask"
    keys y
    wait_for "$solution"
    wait_for "$shown"
    grep -qx 'solution: goals 2' "$XDG_STATE_HOME/zmqlab/progress" \
        || fail "the progress file does not remember the solution of goal 2: $(cat "$XDG_STATE_HOME/zmqlab/progress" 2>&1)"
    pass "$lang 80x24: S asks first, then shows the solution; the progress file remembers it"

    keys P
    wait_for "$playing"
    wait_for "$reached2" 20
    next_until "$done"
    pass "$lang 80x24: P plays the solution and reaches the goal"

    keys q
    wait_for "$menu"
    keys q
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "q exited with status $status"
}

run en
run zh
