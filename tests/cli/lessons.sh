#!/usr/bin/env bash
# lessons.sh — every shipped lesson (lessons/NN-*.lua) checks clean with
# --check, passes its own checks headless in English and in Chinese, and is
# listed by --list (finished after the headless run). Passes with whatever
# lessons exist, none included. A lesson that needs an outside program
# (lesson { needs = "outside" }) is skipped by --all, saying so; it is run
# with its programs by tests/peers/lesson09.sh.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).
# LESSONS_TIMEOUT: seconds each command may take (default 280).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
LESSONS_TIMEOUT=${LESSONS_TIMEOUT:-280}
export ZMQLAB_LESSONS=$PWD/lessons      # this tree's lessons, wherever the binary is
unset ZMQLAB_ACTORS

tmp=$(mktemp -d /tmp/zmqlab-lessons-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

# run NAME EXPECTED_STATUS ARGS... — output in $tmp/NAME.out, status in $rc.
run () {
    local name=$1 expected=$2
    shift 2
    timeout -k 10 "$LESSONS_TIMEOUT" "$ZMQLAB" "$@" </dev/null >"$tmp/$name.out" 2>&1
    rc=$?
    report "$name" "$expected" "$*"
}

report () {
    local name=$1 expected=$2 command=$3
    if [ "$rc" -eq "$expected" ] \
    && ! grep -q -E 'Sanitizer|runtime error:|Segmentation fault' "$tmp/$name.out"; then
        echo "ok   zmqlab $command"
        return
    fi
    echo "FAIL zmqlab $command: exit status $rc, expected $expected"
    [ "$rc" -eq 124 ] && echo "  (timed out after $LESSONS_TIMEOUT s)"
    # Which lesson and which check failed, wherever it was in a long run.
    if grep -q -E '✗|^== |rror|错误' "$tmp/$name.out"; then
        echo "  lessons and failures:"
        grep -E '✗|^== |rror|错误' "$tmp/$name.out" | sed 's/^/  | /'
    fi
    echo "  transcript (last 40 lines):"
    tail -n 40 "$tmp/$name.out" | sed 's/^/  | /'
    failures=$((failures + 1))
}

shopt -s nullglob
lessons=()
outside=()
for file in lessons/[0-9][0-9]-*.lua; do
    if grep -q -E '^ *needs *= *"outside"' "$file"; then outside+=("$file"); else lessons+=("$file"); fi
done
echo "lessons.sh: ${#lessons[@]} lessons, ${#outside[@]} needing an outside program"

run check 0 --check --all

# Both languages at once (each with its own progress directory): the
# headless runs take most of the time.
mkdir -p "$tmp/state-en" "$tmp/state-zh"
for lang in en zh; do
    XDG_STATE_HOME=$tmp/state-$lang timeout -k 10 "$LESSONS_TIMEOUT" \
        "$ZMQLAB" --headless --all --lang "$lang" </dev/null >"$tmp/headless-$lang.out" 2>&1 &
    eval "pid_$lang=$!"
done
headless_en_rc=0
for lang in en zh; do
    eval "wait \$pid_$lang"
    rc=$?
    [ "$lang" = en ] && headless_en_rc=$rc
    report "headless-$lang" 0 "--headless --all --lang $lang"
    # Every lesson printed its result line.
    results=$(grep -c -E '^(Result: |结果：)' "$tmp/headless-$lang.out")
    if [ "$rc" -eq 0 ] && [ "$results" -ne "${#lessons[@]}" ]; then
        echo "FAIL --headless --all --lang $lang ran $results lessons, not ${#lessons[@]}"
        failures=$((failures + 1))
    fi
    skipped=$(grep -c -E '^== (Skipped lesson|跳过课程)' "$tmp/headless-$lang.out")
    if [ "$skipped" -ne "${#outside[@]}" ]; then
        echo "FAIL --headless --all --lang $lang said it skipped $skipped lessons, not ${#outside[@]}"
        failures=$((failures + 1))
    fi
done

# --list names every lesson file by its number, loaded (not "?"), and, once
# the English run passed, finished (but for those --all skipped).
XDG_STATE_HOME=$tmp/state-en run list 0 --list --lang en
for file in "${lessons[@]}" "${outside[@]}"; do
    base=${file##*/}
    number=$((10#${base%%-*}))
    entry=$(grep -E "^ *$number  " "$tmp/list.out")
    if [ -z "$entry" ]; then
        echo "FAIL --list does not list $file (number $number)"
        failures=$((failures + 1))
    elif grep -q -E "^ *$number  \? " <<<"$entry"; then
        echo "FAIL --list cannot load $file: $entry"
        failures=$((failures + 1))
    elif [ "$headless_en_rc" -eq 0 ] && [[ " ${lessons[*]} " == *" $file "* ]] \
         && ! grep -q -F '✓' <<<"$entry"; then
        echo "FAIL --list does not show $file finished after it passed: $entry"
        failures=$((failures + 1))
    fi
done

echo "lessons.sh: $failures failed"
[ "$failures" -eq 0 ]
