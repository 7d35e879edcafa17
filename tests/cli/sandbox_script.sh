#!/usr/bin/env bash
# sandbox_script.sh — zmqlab --sandbox SCRIPT without a terminal: a script's
# errors name the script and its line (they once said "command:1:"), a
# script larger than the limit is refused with a clear message (no part of
# it runs), and a script that cannot be read, does not compile, stops with
# an error or fails a check exits 1 (it once exited 0); a script whose
# checks pass exits 0. A __gc finalizer or a C copy in a loop cannot hang or
# bloat it either. Every run has a deadline: a hang is a failure.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
failures=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-sandbox-XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
export XDG_STATE_HOME=$dir

# run NAME EXPECTED_STATUS PATTERN SCRIPT: runs the script, then checks its
# exit status and that a line of the output matches PATTERN (grep -E).
run () {
    local name=$1 status=$2 pattern=$3 script=$4 out rc
    out=$(timeout -k 5 60 "$ZMQLAB" --sandbox "$script" --lang en </dev/null 2>&1)
    rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        echo "FAIL $name: did not end within 60 s"; failures=$((failures + 1)); return
    fi
    if [ $rc -ne "$status" ]; then
        echo "FAIL $name: exit status $rc, expected $status"; sed 's/^/  | /' <<<"$out" | tail -n 8
        failures=$((failures + 1)); return
    fi
    if ! grep -q -E -- "$pattern" <<<"$out"; then
        echo "FAIL $name: no line matching '$pattern' in:"; sed 's/^/  | /' <<<"$out" | tail -n 8
        failures=$((failures + 1)); return
    fi
    echo "ok   $name"
}

printf 'log("first")\n\nerror("boom")\n' >"$dir/error.lua"
run "an error names the script and its line" 1 "error: $dir/error.lua:3: boom" "$dir/error.lua"

printf 'log("a")\nlocal x = = 1\n' >"$dir/syntax.lua"
run "a syntax error names the script and its line" 1 "error: $dir/syntax.lua:2:" "$dir/syntax.lua"

printf 'expect(1 == 2, "one is two")\n' >"$dir/expect.lua"
run "a failed expect exits 1" 1 "one is two" "$dir/expect.lua"

printf 'expect(1 == 1, "one is one")\nlog("all good")\n' >"$dir/pass.lua"
run "a passing script exits 0" 0 "all good" "$dir/pass.lua"

run "a missing script exits 1" 1 "$dir/missing.lua: cannot read the file" "$dir/missing.lua"

# Just over a MiB: refused whole, with the limit; not a line of it runs.
{ echo 'log("RAN")'; head -c $((1024 * 1024)) /dev/zero | tr '\0' '-'; echo; } >"$dir/big.lua"
run "a script over the limit is refused" 1 "$dir/big.lua: larger than 1024 KiB, not a script" "$dir/big.lua"
out=$(timeout -k 5 60 "$ZMQLAB" --sandbox "$dir/big.lua" --lang en </dev/null 2>&1)
if grep -q RAN <<<"$out"; then
    echo "FAIL a part of the script over the limit ran"; failures=$((failures + 1))
else echo "ok   no part of it ran"; fi
# Exactly at the limit: read whole (its last line runs).
{ echo '--[['; head -c $((1024 * 1024 - 40)) /dev/zero | tr '\0' '-'; echo ']]'; } >"$dir/edge.lua"
printf 'log("LAST LINE")\n' >>"$dir/edge.lua"
size=$(wc -c <"$dir/edge.lua")
[ "$size" -le $((1024 * 1024)) ] || { echo "FAIL edge.lua is $size bytes"; failures=$((failures + 1)); }
run "a script at the limit runs whole ($size bytes)" 0 "LAST LINE" "$dir/edge.lua"

printf 'setmetatable({}, { __gc = function () while true do end end })\n' >"$dir/gc.lua"
run "a __gc finalizer is refused (it once hung zmqlab)" 1 "gc.lua:1: setmetatable: a metatable with __gc is not allowed" "$dir/gc.lua"

printf 'local s = ("x"):rep(1024 * 1024)\nfor i = 1, 2000 do\n  hint(s)\nend\n' >"$dir/hints.lua"
run "hints in a loop stop at the memory cap" 1 "hints.lua:3: not enough memory: hint" "$dir/hints.lua"

echo "sandbox_script.sh: $failures failed"
[ $failures -eq 0 ]
