#!/usr/bin/env bash
# cmdline_lesson.sh — the command line in a lesson, at 100×30 in English
# and 80×24 in Chinese: one ':' opens it and Enter runs and closes it (an
# error too, the line empty); in lesson 6 the student's spawn("pusher") is
# refused with the taken names and a free one, the free one runs beside the
# lesson, and the lesson goes on to its end without an error; x replays.
. "$(dirname "$0")/lib.sh"

message_line () { screen | tail -2 | head -1; }

# Goes through the lesson: n at each say, 1 at each question, P and y at a
# goal (its solution played), until it is over.
finish_lesson () {
    local deadline=$(( $(date +%s) + 120 )) before
    while ! screen_has "$1"; do
        [ "$(date +%s)" -ge "$deadline" ] && fail "$what: the lesson did not end"
        before=$(screen)
        if screen | grep -qE "\[n\] (next|下一步)"; then
            keys n
        elif screen | grep -qE "Press 1-|按 1-"; then
            keys 1
        elif goal_waits; then
            play_goal
        fi
        wait_until '[ "$(screen)" != "$before" ] || screen_has "$1"' 30 || true
    done
}

for config in "100 30 en" "80 24 zh"; do
    set -- $config
    cols=$1 rows=$2 lang=$3
    if [ "$lang" = zh ]; then
        taken="名字 'pusher' 已被占用：试试 name = \"pusher2\""
        over="课程结束"
        step="第 1/"
        replayed="本节的实验在新的实验室中重新开始"
    else
        taken="the name 'pusher' is taken: try name = \"pusher2\""
        over="Lesson over"
        step="Step 1 of"
        replayed="This section's experiment starts again on a fresh lab"
    fi
    what="${cols}x${rows} $lang"
    tui_start -x "$cols" -y "$rows" --lang "$lang" 6
    wait_for "$step" 10

    # One ':' opens; a refused name closes the line with the reason.
    keys :
    wait_until '[ "$(message_line)" = ":" ]' 5 || fail "$what: ':' did not open the command line"
    type_text 'spawn("pusher")'
    keys Enter
    wait_until 'screen | tr -d "\n" | grep -qF "$taken"' 5 || fail "$what: no '$taken'"
    message_line | grep -q "^:" && fail "$what: Enter did not close the command line"
    pass "$what: a lesson's name is refused, with a free one"

    # The free one runs beside the lesson (its own endpoint).
    keys :
    type_text 'spawn("pusher", { name = "pusher2", bind = "inproc://mine", count = 3 })'
    keys Enter
    wait_box pusher2
    message_line | grep -q "^:" && fail "$what: Enter did not close the command line"
    pass "$what: the student's own actor runs beside the lesson"

    finish_lesson "$over"
    assert_screen_lacks "already an actor"
    assert_screen_lacks "0 of 0"
    assert_screen_lacks "0/0"
    pass "$what: lesson 6 goes on to its end"

    # x: the last section's experiment again, on a fresh lab (the
    # student's own actors go too).
    keys x
    wait_for "$replayed" 10
    wait_until '! box_text pusher2 >/dev/null' 5 || fail "$what: x kept the old lab"
    pass "$what: x replays the experiment on a fresh lab"

    keys q
    wait_for_re "ZeroMQ lessons|ZeroMQ 课程" 10
    keys q
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "$what: q exited with status $status"
done
