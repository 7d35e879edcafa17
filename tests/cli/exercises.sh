#!/usr/bin/env bash
# exercises.sh — every shipped exercise (lessons/exercises/NN-ID/), in
# English and in Chinese: its template loads but fails the checks (exit 1,
# no "does not compile"), its solution passes every check (exit 0), both
# headless with --solution, which never touches the progress file. Then the
# student's side: --exercises lists every exercise as not started;
# --headless --exercise ID copies the template into the workspace (saying
# where) and fails it; the copy is never overwritten; the solution put in
# its place passes; --exercises says failing / passed accordingly;
# --headless --exercises checks every started copy. Bad uses get a message
# and a non-zero status.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).
# EXERCISES_TIMEOUT: seconds each command may take (default 120).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
EXERCISES_TIMEOUT=${EXERCISES_TIMEOUT:-120}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS

tmp=$(mktemp -d /tmp/zmqlab-exercises-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data
failures=0

# run NAME EXPECTED_STATUS ARGS... — output in $tmp/NAME.out, status in $rc.
run () {
    local name=$1 expected=$2
    shift 2
    timeout -k 10 "$EXERCISES_TIMEOUT" "$ZMQLAB" "$@" </dev/null >"$tmp/$name.out" 2>&1
    rc=$?
    if [ "$rc" -eq "$expected" ] \
    && ! grep -q -E 'Sanitizer|runtime error:|Segmentation fault' "$tmp/$name.out"; then
        echo "ok   zmqlab $*"
        return 0
    fi
    echo "FAIL zmqlab $*: exit status $rc, expected $expected"
    [ "$rc" -eq 124 ] && echo "  (timed out after $EXERCISES_TIMEOUT s)"
    echo "  transcript (last 40 lines):"
    tail -n 40 "$tmp/$name.out" | sed 's/^/  | /'
    failures=$((failures + 1))
    return 1
}

fail () {
    echo "FAIL $*"
    failures=$((failures + 1))
}

shopt -s nullglob
dirs=(lessons/exercises/[0-9][0-9]-*/)
echo "exercises.sh: ${#dirs[@]} exercises"
[ "${#dirs[@]}" -gt 0 ] || fail "no exercise in lessons/exercises"

ids=()
for dir in "${dirs[@]}"; do
    dir=${dir%/}
    id=$(sed -n 's/^ *id *= *"\([a-z0-9-]*\)".*/\1/p' "$dir/exercise.lua" | head -n 1)
    [ -n "$id" ] || { fail "$dir/exercise.lua: no exercise { id = \"…\" }"; continue; }
    ids+=("$id")
    for file in exercise.lua template.lua solution.lua; do
        [ -f "$dir/$file" ] || fail "$dir: no $file"
    done
    # The dry run: exercise.lua's calls and texts, template and solution compile.
    run "$id-check" 0 --check "$dir"
    for lang in en zh; do
        if run "$id-template-$lang" 1 --lang "$lang" --headless --exercise "$id" \
                --solution "$dir/template.lua"; then
            # Incomplete, never broken: it must load and run.
            grep -q -E 'does not compile|无法编译' "$tmp/$id-template-$lang.out" \
                && fail "$dir/template.lua does not compile"
            grep -q -E '^✓ |^✗ ' "$tmp/$id-template-$lang.out" \
                || fail "$id ($lang): no check verdict printed for the template"
        fi
        if run "$id-solution-$lang" 0 --lang "$lang" --headless --exercise "$id" \
                --solution "$dir/solution.lua"; then
            grep -q '^✗ ' "$tmp/$id-solution-$lang.out" \
                && fail "$id ($lang): a check failed, yet exit status 0"
            n=$(grep -c -E '^-- ' "$tmp/$id-solution-$lang.out")
            grep -q -E "^$n of $n checks passed|^$n/$n 项检查通过" "$tmp/$id-solution-$lang.out" \
                || fail "$id ($lang): no \"$n of $n checks passed\" line"
        fi
    done
done

# --solution never records progress, never makes a workspace copy.
[ -e "$XDG_STATE_HOME/zmqlab/progress" ] && fail "--solution wrote the progress file"
[ -e "$XDG_DATA_HOME/zmqlab/exercises" ] && fail "--solution made a workspace"

# The student's side, with the first exercise.
if [ "${#ids[@]}" -gt 0 ]; then
    id=${ids[0]}
    dir=${dirs[0]%/}
    ws=$XDG_DATA_HOME/zmqlab/exercises
    run list-fresh 0 --exercises
    for each in "${ids[@]}"; do
        grep -q -E "^[0-9][0-9]  $each +not started" "$tmp/list-fresh.out" \
            || fail "--exercises: $each is not listed as not started"
    done
    run all-none 0 --headless --exercises
    grep -q 'No exercise started' "$tmp/all-none.out" || fail "--headless --exercises with none started says nothing"

    run student-first 1 --headless --exercise "$id"
    grep -q "copied from the template: $ws/$id.lua" "$tmp/student-first.out" \
        || fail "--exercise $id did not say where it copied the template"
    cmp -s "$dir/template.lua" "$ws/$id.lua" || fail "$ws/$id.lua is not the template"
    run list-failing 0 --exercises
    grep -q -E "^[0-9][0-9]  $id +failing" "$tmp/list-failing.out" \
        || fail "--exercises: $id is not failing after a failed check"

    # Never overwritten: the student's edit stays.
    cp "$dir/solution.lua" "$ws/$id.lua"
    echo "-- the student's own line" >>"$ws/$id.lua"
    run student-solved 0 --headless --exercise "$id"
    grep -q "copied from the template" "$tmp/student-solved.out" \
        && fail "the second run copied the template again"
    grep -q "the student's own line" "$ws/$id.lua" || fail "the student's file was overwritten"
    run list-passed 0 --exercises
    grep -q -E "^[0-9][0-9]  $id +passed" "$tmp/list-passed.out" \
        || fail "--exercises: $id is not passed after passing"
    run list-passed-zh 0 --lang zh --exercises
    grep -q -E "^[0-9][0-9]  $id +已通过" "$tmp/list-passed-zh.out" \
        || fail "--exercises --lang zh: $id is not 已通过"
    run all-passed 0 --headless --exercises
    grep -q '^1 of 1 exercises passed' "$tmp/all-passed.out" \
        || fail "--headless --exercises did not check the one started copy"

    # A runtime error in the student's copy: their file and line.
    printf 'local socket = zmq.socket("REP")\nassert(socket:bind(params.bind))\nlocal n = nil + 1\n' \
        >"$ws/$id.lua"
    run student-broken 1 --headless --exercise "$id"
    grep -q "$ws/$id.lua:3: attempt to perform arithmetic" "$tmp/student-broken.out" \
        || fail "a runtime error does not read $ws/$id.lua:3: …"
    run all-failing 1 --headless --exercises
    run list-failing-again 0 --exercises
    grep -q -E "^[0-9][0-9]  $id +failing" "$tmp/list-failing-again.out" \
        || fail "--exercises: $id is not failing again"

    # --workspace: another place, copied there.
    run other-workspace 1 --headless --exercise "$id" --workspace "$tmp/elsewhere"
    [ -f "$tmp/elsewhere/$id.lua" ] || fail "--workspace: no copy in $tmp/elsewhere"
fi

# --check finds an exercise's problems: every check is looked at.
mkdir -p "$tmp/bad"
cat >"$tmp/bad/exercise.lua" <<'LUA'
exercise { id = "bad", title = { en = "Bad" }, statement = { en = "s", zh = "s" } }
check("raises", function() spawn("nosuch") end)
check("talks", function() say("hello") end)
LUA
printf 'local = 1\n' >"$tmp/bad/template.lua"
run check-bad 1 --check "$tmp/bad/exercise.lua"
for problem in "template.lua:1:" "solution.lua: cannot open" "no translation in zh" \
               "unknown behaviour 'nosuch'" "exercise.lua:3: say is for lessons" "5 problems"; do
    grep -q -F "$problem" "$tmp/check-bad.out" || fail "--check of a bad exercise does not say: $problem"
done

# Bad uses: a message, a non-zero status, no hang.
run no-such 1 --headless --exercise no-such-exercise
grep -q 'no such exercise' "$tmp/no-such.out" || fail "an unknown exercise is not named"
touch "$tmp/a-file"
run ws-file 1 --headless --exercise 1 --workspace "$tmp/a-file"
grep -q 'not a directory' "$tmp/ws-file.out" || fail "--workspace FILE: no 'not a directory'"
run no-solution 1 --headless --exercise 1 --solution "$tmp/missing.lua"
grep -q "$tmp/missing.lua" "$tmp/no-solution.out" || fail "a missing --solution file is not named"
run solution-alone 2 --solution "$tmp/a-file"
run both 2 --exercise 1 --exercises
run with-lesson 2 --exercise 1 1

echo "exercises.sh: $failures failures"
[ "$failures" -eq 0 ]
