#!/usr/bin/env bash
# player_shipped.sh — the lesson player on the shipped lessons, at 100×30 in
# English and 80×24 in Chinese. Lesson 6, section 2: the student restarts
# the lesson's collector mid-experiment; the failed check says so in plain
# words (no bare ✗ under a right prediction) and offers R; R reruns the
# section and the lesson ends with every check passed. Lesson 5: the
# student's spawn of a lesson's name is refused with a free one; resuming
# the paused sub by a ':' command makes the check say so; R recovers; q at
# section 3 leaves, the menu shows 3/3, reopening resumes at section 3 and
# the lesson goes on to its end.
. "$(dirname "$0")/lib.sh"

# Each configuration starts with no progress of its own.
fresh_state () {
    rm -rf "$XDG_STATE_HOME"
    mkdir -p "$XDG_STATE_HOME"
}

next_re='\[n\] (next|下一步)'
ask_re='Press 1-|按 1-'

# step_until RE ANSWERS: n whenever the lesson waits for it, and the next of
# ANSWERS (a string of digits, one per question) at each question, until
# RE (an extended regular expression) shows; at a goal, P and y play its
# solution. Leaves the answers not used
# in $left.
step_until () {
    local want=$1 deadline=$(( $(date +%s) + 150 )) before
    left=$2
    while ! screen_has_re "$want"; do
        [ "$(date +%s)" -ge "$deadline" ] && fail "$what: timed out going on to '$want'"
        before=$(screen)
        if screen | grep -qE "$next_re"; then
            keys n
        elif screen | grep -qE "$ask_re"; then
            [ -n "$left" ] || fail "$what: one question more than expected before '$want'"
            keys "${left:0:1}"
            left=${left:1}
        elif goal_waits; then
            play_goal
        fi
        wait_until '[ "$(screen)" != "$before" ] || screen_has_re "$want"' 60 || true
    done
}

# open_menu_lesson N: from the menu, lesson N.
open_menu_lesson () {
    local i
    wait_for_re "ZeroMQ lessons|ZeroMQ 课程" 10
    keys g
    for ((i = 1; i < $1; i++)); do keys j; done
    keys Enter
}

# select_actor NAME DETAILS: Tab until NAME's details (DETAILS) show.
select_actor () {
    local i
    for ((i = 0; i < 12; i++)); do
        screen_has "$2" && return 0
        keys Tab
        wait_until 'screen_has "$2"' 1 && return 0
    done
    fail "$what: Tab never selected $1"
}

# The lesson panel's text, read across its wrapped lines: what is right of
# the last │ on each line, with no spaces at all (Chinese wraps with none).
panel_flat () {
    screen | sed 's/.*│//' | tr -d ' \n'
}

# panel_has TEXT: TEXT (spaces aside) in the lesson panel.
panel_has () {
    local flat
    flat=$(panel_flat)
    [[ $flat == *"${1// /}"* ]]
}

# Every failed check on screen carries the plain-words reason MEDDLE before
# the next check: no bare ✗ (under "your prediction was right" or not).
no_bare_cross () {
    local flat rest piece needle=${1// /}
    flat=$(panel_flat)
    rest=$flat
    while [[ $rest == *✗* ]]; do
        rest=${rest#*✗}
        piece=${rest%%[✓✗]*}
        [[ $piece == *"$needle"* ]] || fail "$what: a ✗ without '$1'"
    done
    return 0
}

# The end screen: "Checks passed: N of N".
all_checks_passed () {
    local line
    line=$(screen | grep -oE "$checks_re" | head -1)
    [ -n "$line" ] || fail "$what: no count of checks on the end screen"
    [[ $line =~ ([0-9]+)[^0-9]+([0-9]+) ]] || fail "$what: '$line'"
    [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] || fail "$what: not every check passed: $line"
}

for config in "100 30 en" "80 24 zh"; do
    set -- $config
    cols=$1 rows=$2 lang=$3
    what="${cols}x${rows} $lang"
    if [ "$lang" = zh ]; then
        over="本课结束"; checks_re='检查通过：[0-9]+ / [0-9]+'
        sec2="第 2/2 节"; sec2_again="重新开始第 2/2 节"
        sec1_again="重新开始第 1/3 节"; sec3="第 3/3 节"
        restarted="你在本节中重启了 collector"; ran="你在本节中运行了 :"
        press_r="按 R 重新运行本节"
        taken="名字 'sub' 已被占用"
        open="还有一个问题没有回答"; resume="你上次学到第 3 节"
    else
        over="Lesson over"; checks_re='Checks passed: [0-9]+ of [0-9]+'
        sec2="Section 2/2"; sec2_again="Section 2/2 again"
        sec1_again="Section 1/3 again"; sec3="Section 3/3"
        restarted="You restarted collector during this section"; ran="You ran :"
        press_r="Press R to run the section again"
        taken="the name 'sub' is taken"
        open="A question is still open"; resume="You reached section 3 of 3"
    fi
    fresh_state

    # --- Lesson 6, section 2: restart collector mid-experiment.
    tui_start -x "$cols" -y "$rows" -- --lang "$lang" 6
    step_until "$sec2" 2
    wait_box collector 30
    # At its question collector is paused and the pushers' tasks wait.
    step_until "$ask_re" ""
    select_actor collector "collector (puller)"
    keys r
    wait_for "collector (puller): blocked in recv" 15
    keys 2
    wait_until 'panel_has "$restarted" || screen_has_re "$over"' 60 \
        || fail "$what: no check after the restart"
    screen_has_re "$over" && fail "$what: the lesson ended, not a word on the restart"
    panel_has "$press_r" || fail "$what: no R offered"
    no_bare_cross "$restarted"
    screen_has_re "stopped with an error|课程因错误而停止" && fail "$what: the lesson stopped with an error"
    pass "$what: lesson 6, collector restarted: the check says so and offers R"

    keys R
    wait_for "$sec2_again" 15
    step_until "$over" 2
    [ -z "$left" ] || fail "$what: lesson 6 ended before its question"
    all_checks_passed
    pass "$what: R reruns section 2, lesson 6 ends with every check passed"
    keys q

    # --- Lesson 5: a ':' spawn of a lesson's name is refused with a free
    # one; resuming the paused sub by ':' makes the check say so.
    open_menu_lesson 5
    step_until "$ask_re" ""
    wait_box sub 30
    keys :
    type_text 'spawn("subscriber", { name = "sub", connect = "inproc://hwm-paused" })'
    keys Enter
    wait_until 'screen | tr -d "\n" | grep -qF "$taken"' 10 || fail "$what: no '$taken'"
    screen | tr -d "\n" | grep -qF 'name = "sub' || fail "$what: the refusal offers no free name"
    screen_has_re "stopped with an error|课程因错误而停止" && fail "$what: the lesson stopped with an error"
    pass "$what: lesson 5, a ':' spawn of 'sub' is refused with a free name"

    keys :
    type_text 'actor("sub"):resume()'
    keys Enter
    keys 2
    wait_until 'panel_has "$ran" || screen_has_re "$over"' 60 \
        || fail "$what: no check after the ':' resume"
    screen_has_re "$over" && fail "$what: the lesson ended, not a word on the ':' command"
    panel_has "$press_r" || fail "$what: no R offered"
    no_bare_cross "$ran"
    screen_has_re "stopped with an error|课程因错误而停止" && fail "$what: the lesson stopped with an error"
    pass "$what: lesson 5, sub resumed by ':': the check says so and offers R"

    keys R
    wait_for "$sec1_again" 15
    step_until "$sec3" 23
    [ -z "$left" ] || fail "$what: section 3 came before the questions of sections 1 and 2"
    assert_screen_lacks "✗"
    pass "$what: R reruns section 1; sections 1 and 2 pass"

    # --- q at section 3's question; the menu shows 3/3; resume there.
    step_until "$ask_re" ""
    keys q
    wait_until 'screen_has "$open" || screen_has_re "ZeroMQ lessons|ZeroMQ 课程"' 10 \
        || fail "$what: q did nothing"
    screen_has "$open" && keys y
    wait_for_re "ZeroMQ lessons|ZeroMQ 课程" 10
    screen | grep -E '^[^0-9]*5 ' | grep -q ' 3/3 ' \
        || fail "$what: the menu does not show 3/3 for lesson 5"
    pass "$what: q at section 3 of lesson 5; the menu shows 3/3"
    open_menu_lesson 5
    wait_for "$resume" 15
    keys Enter
    wait_for "$sec3" 15
    step_until "$over" 2
    [ -z "$left" ] || fail "$what: lesson 5 ended before section 3's question"
    all_checks_passed
    pass "$what: reopened at section 3, lesson 5 ends with every check passed"

    keys q
    wait_for_re "ZeroMQ lessons|ZeroMQ 课程" 10
    keys q
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "$what: q exited with status $status"
done
