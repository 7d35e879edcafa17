#!/usr/bin/env bash
# exercise.sh — an exercise in the terminal view (zmqlab --exercise ID):
#   - the template's checks fail (✗); e runs $EDITOR (here a script that
#     copies the solution over the file, as a learner would type it): the
#     terminal comes back, the change is noticed and every check passes (✓);
#   - a change from another terminal (cp) reloads as well, back to ✗;
#   - a syntax error shows as FILE:LINE: message, and v opens that file
#     with that line marked;
#   - with no $EDITOR (nor $VISUAL), e says how to set one and where the
#     file is;
#   - v on a shipped behaviour (the sandbox's rep_server) shows its source;
#   - the menu lists the exercises after the lessons, with their state.
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
exercise_dir=$(ls -d "$root"/lessons/exercises/01-* | head -1)
[ -d "$exercise_dir" ] || fail "no exercise 01 in lessons/exercises"
id=$(sed -n 's/^[[:space:]]*id[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$exercise_dir/exercise.lua" | head -1)
[ -n "$id" ] || fail "no id in $exercise_dir/exercise.lua"
# Where the menu finds the learner's files too: $XDG_DATA_HOME/zmqlab/exercises.
ws=$TUI_TMP/data/zmqlab/exercises
file=$ws/$id.lua

# All checks done and all passed / not all passed: the panel's header.
all_passed='Checks: ([0-9]+) of \1 passed'
some_failed='Checks: [0-9]+ of [0-9]+ passed'

# The learner's editor: copies the solution over the file and leaves a
# trace that it ran (with the path it was given).
editor=$TUI_TMP/editor.sh
cat > "$editor" <<EOS
#!/bin/sh
echo "edited \$1" > "$TUI_TMP/editor.ran"
cp "$exercise_dir/solution.lua" "\$1"
EOS
chmod +x "$editor"

# --- the template fails; e (a scripted editor) makes every check pass ----------
tui_start -x 160 -y 40 -e EDITOR="$editor" -- --exercise "$id" --workspace "$ws"
wait_for "copied from the template" 10
[ -f "$file" ] || fail "the template was not copied to $file"
cmp -s "$file" "$exercise_dir/template.lua" || fail "$file is not the template"
wait_for_re "$some_failed" 30
screen | grep -qE "$all_passed" && fail "the template passed every check"
assert_screen_has "✗"
assert_screen_has "e edit"
keys e
wait_until '[ -f "$TUI_TMP/editor.ran" ]' 10 || fail "e did not run \$EDITOR"
grep -qF "edited $file" "$TUI_TMP/editor.ran" || fail "the editor got $(cat "$TUI_TMP/editor.ran"), not $file"
# The terminal is the view's again, and the change reran the checks.
wait_for_re "$all_passed" 30
assert_screen_has "✓"
assert_screen_lacks "✗"
assert_screen_has "zmqlab · "
pass "the template fails; e runs \$EDITOR on the file; the change reruns every check: all ✓"

# --- a real editor, when there is one: curses steps aside and comes back ----------
if command -v vim >/dev/null 2>&1; then
    cp "$exercise_dir/template.lua" "$file"
    keys q
    wait_for "ZeroMQ lessons" 5
    keys q
    wait_exit 10 >/dev/null
    # An editor command with arguments, as EDITOR often is.
    tui_start -x 160 -y 40 -e EDITOR="vim -u NONE -i NONE -N" -- --exercise "$id" --workspace "$ws"
    wait_for_re "$some_failed" 30
    keys e
    wait_for "$(sed -n 1p "$exercise_dir/template.lua" | cut -c1-30)" 10
    assert_screen_lacks "Checks:"
    # Everything replaced by the solution, as typed commands.
    keys Escape
    type_text ':%d'
    keys Enter
    type_text ':r '"$exercise_dir/solution.lua"
    keys Enter
    type_text ':1d'
    keys Enter
    type_text ':wq'
    keys Enter
    wait_for_re "$all_passed" 30
    assert_screen_has "zmqlab · "
    assert_screen_has "e edit · v source"
    # The keys are the view's again.
    keys v
    wait_for "lines 1-" 5
    keys v
    pass "vim as \$EDITOR: the view steps aside, comes back whole, and the edit passes"
fi

# --- a change from elsewhere reloads too ----------------------------------------
# v with no error shown: the learner's file; it follows the change, open.
keys v
wait_for "lines 1-" 5
assert_screen_has "$id.lua"
# A line the template has and the file shown (the solution) has not.
marker=$(grep -vxF -f "$file" "$exercise_dir/template.lua" | grep -v '^ *$' | head -1 | cut -c1-40)
[ -n "$marker" ] || fail "the template has no line the solution lacks"
assert_screen_lacks "$marker"
cp "$exercise_dir/template.lua" "$file"
wait_for "$marker" 10
assert_screen_has "lines 1-"
keys v
wait_gone "lines 1-" 5
wait_for "✗" 30
wait_for_re "$some_failed" 30
screen | grep -qE "$all_passed" && fail "the template passed after cp"
pass "a change of the file from another terminal reruns the checks (back to ✗); the source view follows it"

# --- a syntax error: FILE:LINE: message, and v at that line ---------------------
printf -- '-- my server\nlocal socket = zmq.socket("REP")\nlocal x = = 1\n' > "$file"
wait_for "$id.lua:3:" 30
keys v
wait_for_re "▶ ?3 │ local x = = 1" 5
# What the error says, under its line.
wait_for "└ unexpected symbol" 5
wait_for "$id.lua" 5
wait_for "lines 1-3 of 3" 5
keys Escape
wait_gone "lines 1-3 of 3" 5
pass "a syntax error shows as $id.lua:3: …; v opens the file with line 3 marked"
# q: back to the menu (the lessons, then the exercises), q again: out.
keys q
wait_for "ZeroMQ lessons" 5
assert_screen_lacks "Your file changed"
keys q
wait_exit 10 >/dev/null

# --- no editor: how to set one, and the path ------------------------------------
tui_start -x 120 -y 32 -e EDITOR= -e VISUAL= -- --exercise "$id" --workspace "$ws"
wait_for_re "$some_failed" 30
keys e
wait_for "export EDITOR=nano" 5
# The path may be wrapped in the panel: its lines joined hold it whole.
panel_joined () { screen | sed -n 's/^[^│]*│ *//p' | tr -d '\n '; }
wait_until 'panel_joined | grep -qF -- "$(printf %s "$file" | tr -d " ")inanotherterminal"' 5 \
    || fail "the panel does not say where the file is ($file)"
pane_alive || fail "zmqlab ended on e without an editor"
keys q
wait_for "ZeroMQ lessons" 5
keys q
wait_exit 10 >/dev/null
pass "without \$EDITOR or \$VISUAL, e says: export EDITOR=nano, and where the file is"

# --- 80×24, English and Chinese: the task, the file, the verdict, the keys ------
for lang in en zh; do
    tui_start -x 80 -y 24 -- --exercise "$id" --workspace "$ws" --lang $lang
    if [ $lang = en ]; then
        wait_for "your file:" 10
        wait_for_re "$some_failed" 30
        wait_for "e edit · v source · h hint · S solution · R rerun"
        wait_for "Write the"
    else
        wait_for "你的文件：" 10
        wait_for_re "检查：[0-9]+/[0-9]+ 通过" 30
        wait_for "e 编辑 · v 源码 · h 提示 · S 答案 · R 重新检查"
    fi
    # h: the first hint; S asks before it shows the solution.
    keys h
    wait_until 'screen | tr -d " \n" | grep -qE "Compareyourloop|把你的循环"' 5 \
        || fail "h did not show the exercise's first hint"
    keys S
    wait_for_re "(Show the solution\?|显示答案？)" 5
    keys n
    wait_for_re "(Staying\.|留下。)" 5
    assert_screen_lacks "solution.lua"
    keys S y
    wait_for_re "solution.lua \\((solution|答案)\\)" 5
    keys q
    wait_gone "solution.lua" 5
    keys q
    wait_for_re "(ZeroMQ lessons|ZeroMQ 课程)" 5
    keys q
    wait_exit 10 >/dev/null
    pass "80×24 $lang: statement, your file, the checks' verdict, the keys; h, and S after y"
done

# --- the source of a shipped behaviour ------------------------------------------
tui_start -x 80 -y 24 -- --sandbox
wait_for "Sandbox"
type_text 'spawn("rep_server", { name = "server", bind = "inproc://x" })'
keys Enter
wait_box server
keys Escape Tab v
wait_for "rep_server.lua" 5
wait_for "socket:bind(endpoint)" 5
keys End
wait_for_re "lines [0-9]+-([0-9]+) of \\1" 5
# Sideways: Right moves every line 8 columns.
keys Home Right
wait_for "│ $(sed -n 1p "$root/lessons/actors/rep_server.lua" | cut -c9-40)" 5
keys Left
wait_for "│ $(sed -n 1p "$root/lessons/actors/rep_server.lua" | cut -c1-32)" 5
keys v
wait_gone "rep_server.lua" 5
pass "v shows a shipped behaviour's source (rep_server.lua), scrollable; v closes it"
# A behaviour defined in the lab (as lessons do): its source from the lab,
# at the line its actor crashed on.
keys :
type_text 'behaviour("boom", "log(1)\nlocal t = nil\nt.x = 1")'
keys Enter
type_text 'spawn("boom", { name = "b" })'
keys Enter
wait_box b
keys Escape
wait_until 'box_has b crashed' 10 || fail "b did not crash"
# Tab until b is selected (its details show), then v.
for _ in 1 2 3; do
    screen | grep -q "b (boom)" && break
    keys Tab
    wait_for_re "(server|b) \\((rep_server|boom)\\)" 5
done
wait_for "b (boom)" 5
keys v
wait_for_re "▶3 │ t.x = 1" 5
assert_screen_has "boom"
keys v
pass "v shows a behaviour defined in the lab, its crash line marked"
keys q
wait_for "Leave the sandbox?" 5
keys y
wait_exit 10 >/dev/null

# --- the menu: exercises after the lessons, with their state ---------------------
tui_start -x 100 -y 40 -e XDG_DATA_HOME="$TUI_TMP/data"
wait_for "ZeroMQ lessons"
wait_for "Exercises" 5
screen | grep -qE "$id +(failing|passed)" || fail "the menu does not list $id with its state"
keys End Enter
wait_for_re "(Checks: [0-9]+ of [0-9]+ (done|passed))" 30
pass "the menu lists the exercises after the lessons with their state, and opens one"
keys q
wait_for "ZeroMQ lessons"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "q exited with status $status"
