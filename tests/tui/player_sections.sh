#!/usr/bin/env bash
# player_sections.sh — the lesson player in the terminal view, at 100×30 in
# English and at 80×24 in Chinese, on two small lessons
# (tests/lessons/player/): h before answering shows the question's hints one
# by one; the answer is not on screen after the prediction until its check
# is; R mid-experiment starts the section again on a fresh lab; q with a
# question open asks (another key stays, y leaves) and the menu shows 2/3;
# reopening offers to resume at section 2 and does; the end screen gives the
# predictions' score and Enter opens the next lesson; there, killing an
# actor makes the check fail with a plain-words reason and R recovers.

cd "$(dirname "$0")/../.." || exit 1
. tests/tui/lib.sh

lessons=$TUI_TMP/lessons
mkdir -p "$lessons"
cp tests/lessons/player/sections.lua "$lessons/01-sections.lua"
cp tests/lessons/player/meddle.lua "$lessons/02-meddle.lua"
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

# line_of TEXT: the screen line where TEXT first shows (0: nowhere).
line_of () {
    screen | grep -n -F -- "$1" | head -1 | cut -d: -f1 | grep . || echo 0
}

run () {
    local lang=$1 x=$2 y=$3
    local question nudge evidence no_more answer experiment again open stay menu_reached
    local resume section2 section_one check predictions next_title meddle_say killed press again_one
    if [ "$lang" = en ]; then
        question="Does it receive?"; nudge="Nudge:"; evidence="Evidence:"; no_more="No more hints"
        answer="Answer"; experiment="The experiment runs"; again="Section 2/3 again"
        open="A question is still open"; stay="Staying."; resume="You reached section 2 of 3"
        section2="Section 2/3"; section_one="Section one"; check="sub received five"
        predictions="Predictions right: 1 of 1"; next_title="zmqlab · Meddling"
        meddle_say="Go on to check"; killed="You killed sub"; press="to predict"
        again_one="Section 1/1 again"
    else
        question="订阅者订阅了"; nudge="提示一"; evidence="提示二"; no_more="没有更多提示"
        answer="答案"; experiment="实验正在运行"; again="重新开始第"
        open="还有一个问题没有回答"; stay="留下。"; resume="你上次学到第 2 节"
        section2="第 2/3 节"; section_one="第一节"; check="sub 收到了五条"
        predictions="预测正确：1 / 1"; next_title="zmqlab · 捣乱"
        meddle_say="继续，检查"; killed="终止了 sub"; press="选择你的预测"
        again_one="重新开始第 1/1"
    fi
    rm -rf "$XDG_STATE_HOME"; mkdir -p "$XDG_STATE_HOME"
    tui_start -x "$x" -y "$y" -- --lang "$lang"
    wait_for "player-sections"
    keys Enter
    next_until "$question"

    # A hint before answering, graduated; then none left.
    assert_screen_lacks "$nudge"
    keys h
    wait_for "$nudge"
    assert_screen_lacks "$evidence"
    keys h
    wait_for "$evidence"
    keys h
    wait_for "$no_more"
    pass "$lang ${x}x$y: h before answering: the nudge, then the evidence, then no more"

    # The prediction: no answer until the check that decides it.
    keys 1
    wait_for "$experiment"
    assert_screen_lacks "$answer"
    pass "$lang ${x}x$y: predicted, the experiment runs, no answer shown yet"

    # R mid-experiment: the section again, the question again.
    keys R
    wait_for "$again"
    next_until "$press"
    pass "$lang ${x}x$y: R mid-experiment starts section 2 again, its question with it"

    # q with the question open asks; another key stays, y leaves.
    keys q
    wait_for "$open"
    keys x
    wait_for "$stay"
    assert_screen_has "$question"
    keys q
    wait_for "$open"
    keys y
    wait_for "player-sections"
    screen | grep -E 'player-sections' | grep -q ' 2/3 ' \
        || fail "the menu does not show 2/3 for the lesson left at section 2"
    pass "$lang ${x}x$y: q asks before losing the question; the menu shows 2/3"

    # Reopened: resume at section 2.
    keys Enter
    wait_for "$resume"
    keys Enter
    wait_for "$section2"
    next_until "$press"
    assert_screen_lacks "$section_one"
    # The step counts the section skipped: the question is step 3 of 5.
    screen | grep -q -E 'Step 3 of 5|第 3/5 步' || fail "a resumed lesson does not count the steps skipped"
    pass "$lang ${x}x$y: reopened, resumed at section 2"

    # The answer comes with its check, after it.
    keys 1
    next_until "$check"
    wait_for "$answer"
    [ "$(line_of "$answer")" -gt "$(line_of "$check")" ] \
        || fail "the answer is not under its check"
    pass "$lang ${x}x$y: the answer shows with its check, under it"

    # The end: the predictions' score; Enter opens the next lesson.
    next_until "$predictions"
    keys Enter
    wait_for "$next_title"
    pass "$lang ${x}x$y: the end screen scores the prediction; Enter opens the next lesson"

    # Meddling: kill sub, the check says why; R recovers.
    next_until "$meddle_say"
    wait_box sub
    keys Tab
    wait_for "sub (subscriber)" 5
    keys k
    wait_for "stopped — killed" 5          # sub's details, in both languages
    keys n
    wait_for "$killed" 15
    keys R
    wait_for "$again_one"
    next_until "✓ sub"
    pass "$lang ${x}x$y: a killed actor: the check says so in plain words, R reruns it clean"

    keys q
    wait_for "player-sections"
    keys q
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "q exited with status $status"
}

run en 100 30
run zh 80 24
