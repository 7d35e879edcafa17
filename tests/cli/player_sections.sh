#!/usr/bin/env bash
# player_sections.sh — sections headless: tests/lessons/player/sections.lua
# runs its three sections in order in both languages (each on a fresh lab:
# the same names and endpoint in every section), the answer is printed after
# its check, --from-section N starts there, a section the lesson does not
# have is a message and a failure, a bad number a usage error; the progress
# file records the section reached and --list shows it as N/M.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS
lesson=tests/lessons/player/sections.lua

tmp=$(mktemp -d /tmp/zmqlab-player-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

fail () {
    echo "FAIL $*"
    failures=$((failures + 1))
}

# run NAME ARGS...: output in $tmp/NAME.out, status in $rc.
run () {
    local name=$1
    shift
    XDG_STATE_HOME=$tmp/state timeout -k 5 120 "$ZMQLAB" "$@" </dev/null >"$tmp/$name.out" 2>&1
    rc=$?
}

for lang in en zh; do
    run all-$lang --headless --speed 4 --lang $lang "$lesson"
    [ "$rc" -eq 0 ] || fail "$lang: exit status $rc"
    grep -q -E 'Section 1/3: Warm-up|第 1/3 节：热身' "$tmp/all-$lang.out" || fail "$lang: no section 1"
    grep -q -E 'Section 3/3: The end|第 3/3 节：结束' "$tmp/all-$lang.out" || fail "$lang: no section 3"
    grep -q -E '3/3' "$tmp/all-$lang.out" || fail "$lang: not 3 of 3 checks"
    # The answer comes after its check, never before.
    check=$(grep -n -E 'sub received five|sub 收到了五条' "$tmp/all-$lang.out" | cut -d: -f1)
    answer=$(grep -n -E 'Answer: 1\)|答案：1\)' "$tmp/all-$lang.out" | cut -d: -f1)
    if [ -z "$check" ] || [ -z "$answer" ] || [ "$answer" -le "$check" ]; then
        fail "$lang: the answer (line ${answer:-none}) is not after its check (line ${check:-none})"
    fi
    [ "$failures" -eq 0 ] && echo "ok   $lang: three sections in order, the answer after its check"
done
grep -q -x 'player-sections 1 [0-9]* 3 3' "$tmp/state/zmqlab/progress" \
    || fail "progress does not record 3/3: $(cat "$tmp/state/zmqlab/progress")"

run from3 --headless --speed 4 --from-section 3 "$lesson"
if [ "$rc" -ne 0 ] || grep -q 'Warm-up' "$tmp/from3.out" || ! grep -q 'Section 3/3' "$tmp/from3.out"; then
    fail "--from-section 3: status $rc"; cat "$tmp/from3.out"
else
    echo "ok   --from-section 3 starts at section 3"
fi

run from4 --headless --from-section 4 "$lesson"
if [ "$rc" -ne 1 ] || ! grep -q 'there is no section 4: the lesson has 3' "$tmp/from4.out"; then
    fail "--from-section 4: status $rc"; cat "$tmp/from4.out"
else
    echo "ok   --from-section 4 on three sections: a message, status 1"
fi

run bad --headless --from-section two "$lesson"
if [ "$rc" -ne 2 ] || ! grep -q -- "--from-section wants a section number" "$tmp/bad.out"; then
    fail "--from-section two: status $rc"; cat "$tmp/bad.out"
else
    echo "ok   --from-section two: a usage error"
fi

# --list shows how far a lesson got: 2/5 for a lesson left at section 2.
mkdir -p "$tmp/state/zmqlab"
printf 'zmqlab-progress 2\npush-pull 0 4 2 5\n' >"$tmp/state/zmqlab/progress"
run list --list --lang en
if ! grep -E '^ *[0-9]+ +push-pull ' "$tmp/list.out" | grep -q ' 2/5 '; then
    fail "--list does not show 2/5 for push-pull"; cat "$tmp/list.out"
else
    echo "ok   --list shows 2/5"
fi

[ "$failures" -eq 0 ] && echo "player_sections: all passed"
exit $((failures > 0))
