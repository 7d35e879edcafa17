#!/usr/bin/env bash
# run_tests.sh — make test's runner (scripts/run-tests.sh) on made-up tests:
# scripts count one each, cmocka executables their cases (a crash outside
# them one more failure), every failure is named, outputs run side by side
# never interleave, and the last line is exactly "N passed, N failed".

set -u
cd "$(dirname "$0")/../.." || exit 1
runner=$PWD/scripts/run-tests.sh
tmp=$(mktemp -d /tmp/zmqlab-runner-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0
check () {
    checks=$((checks + 1))
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}

cd "$tmp" || exit 1
unset TEST_LOGS JOBS TEST_TIMEOUT       # make test's own, when it runs this
mkdir t
# Two long outputs written line by line, side by side: they must come out whole.
for name in long1 long2; do
    printf 'for i in $(seq 1 2000); do echo "%s $i"; done\n' "$name" >"t/$name.sh"
done
echo 'echo "a failing script"; exit 3' >t/fails.sh
printf '#!/bin/sh\necho "[==========] 3 test(s) run."\necho "[  PASSED  ] 3 test(s)."\n' >t/unit_ok
printf '#!/bin/sh\necho "[  PASSED  ] 2 test(s)."\necho "[  FAILED  ] 1 test(s), listed below:"\nexit 1\n' >t/unit_bad
printf '#!/bin/sh\necho "[  PASSED  ] 4 test(s)."\nkill -SEGV $$\n' >t/unit_crash
chmod +x t/unit_ok t/unit_bad t/unit_crash

JOBS=4 TEST_TIMEOUT=60 bash "$runner" t/long1.sh t/fails.sh t/long2.sh t/unit_ok t/unit_bad \
    t/unit_crash >out 2>&1
rc=$?
check "exit status 1 when a test failed (was $rc)" '[ "$rc" -eq 1 ]'
# Passed: 2 scripts + 3 + 2 + 4 cases; failed: 1 script + 1 case + 1 crash.
check "the last line counts scripts and cases: $(tail -n 1 out)" '[ "$(tail -n 1 out)" = "11 passed, 3 failed" ]'
check "each failure named" \
    'grep -q -F "t/fails.sh(exit 3)" out && grep -q -F "t/unit_bad(exit 1)" out && grep -q -F "t/unit_crash(exit 139)" out'
# whole NAME — right after its heading come NAME's 2000 lines, in order.
whole () {
    local heading
    heading=$(grep -n "^=== t/$1.sh " out | cut -d: -f1)
    [ -n "$heading" ] && sed -n "$((heading + 1)),$((heading + 2000))p" out \
        | cmp -s - <(seq 1 2000 | sed "s/^/$1 /")
}
for name in long1 long2; do
    check "$name's 2000 lines whole, right after its heading" "whole $name"
done

JOBS=2 bash "$runner" t/long1.sh t/unit_ok >out2 2>&1
rc=$?
check "all passing: exit 0 and \"4 passed, 0 failed\"" '[ "$rc" -eq 0 ] && [ "$(tail -n 1 out2)" = "4 passed, 0 failed" ]'
# Logs kept in TEST_LOGS, named after the tests; a second run there reports
# its own results, not what the first left.
TEST_LOGS=$tmp/logs JOBS=2 bash "$runner" t/fails.sh t/unit_ok >/dev/null 2>&1
echo 'echo "fixed"' >t/fails.sh
TEST_LOGS=$tmp/logs JOBS=2 bash "$runner" t/fails.sh t/unit_ok >out4 2>&1
rc=$?
check "TEST_LOGS reused: this run's results, logs named after the tests" \
    '[ "$rc" -eq 0 ] && [ "$(tail -n 1 out4)" = "4 passed, 0 failed" ] && grep -q -x fixed logs/t_fails.sh.log'
JOBS=x bash "$runner" t/unit_ok >out3 2>&1
rc=$?
check "JOBS=x: a usage error" '[ "$rc" -eq 2 ] && grep -q "JOBS must be" out3'

[ "$failures" -eq 0 ] || { echo "--- runner output:"; head -n 20 out; tail -n 8 out; }
echo "run_tests.sh: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
