#!/usr/bin/env bash
# broken.sh — the broken-lesson corpus (tests/lessons/broken/*.lua): each file
# must fail cleanly with its expected message at its file:line, within a
# minute, with exit status 1 and no crash or sanitizer report.
#
# A file's first line is "-- expect: SUBSTRING" (a part of the message). Other
# comment lines at the top may say:
#   -- line: N             the message names FILE:N: (else any FILE:LINE:)
#   -- modes: M...         headless: zmqlab --headless FILE fails with it
#                          check:    zmqlab --check FILE fails with it
#                          pass:     zmqlab --headless FILE passes (exit 0)
#                          (default: headless check)
#   -- args: ARGS...       more options for --headless
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
TIMEOUT=60

state=$(mktemp -d /tmp/zmqlab-broken-XXXXXX) || exit 1
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME=$state      # progress of these runs goes nowhere real
out=$state/out

cases=0
failures=0

fail () {
    echo "FAIL $file ($mode): $*"
    echo "  command: ${command[*]}"
    echo "  exit status: $rc; output (last 15 lines):"
    tail -n 15 "$out" | sed 's/^/  | /'
    failures=$((failures + 1))
}

# Checks the run just made; $expect, $line, $file, $mode, $rc, $out set.
check_run () {
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "did not end within $TIMEOUT s"; return
    fi
    if grep -q -E 'Sanitizer|runtime error:|Segmentation fault|core dumped' "$out"; then
        fail "crash or sanitizer report"; return
    fi
    if [ "$mode" = pass ]; then
        [ "$rc" -eq 0 ] || fail "expected exit status 0"
        return
    fi
    if [ "$rc" -ne 1 ]; then
        fail "expected exit status 1"; return
    fi
    if ! grep -q -F -- "$expect" "$out"; then
        fail "no \"$expect\" in the output"; return
    fi
    # The message itself carries the location: one line has both.
    local where
    if [ -n "$line" ]; then
        where=$(grep -F -- "$expect" "$out" | grep -c -F -- "$file:$line:")
    else
        local pattern
        pattern=$(printf '%s' "$file" | sed 's/[.[\*^$]/\\&/g')
        where=$(grep -F -- "$expect" "$out" | grep -c -E -- "$pattern:[0-9]+:")
    fi
    if [ "$where" -eq 0 ]; then
        fail "the message \"$expect\" does not start with $file:${line:-LINE}:"
    fi
}

for file in tests/lessons/broken/*.lua; do
    expect=$(sed -n '1s/^-- expect: //p' "$file")
    if [ -z "$expect" ]; then
        echo "FAIL $file: the first line must be '-- expect: SUBSTRING'"
        failures=$((failures + 1))
        continue
    fi
    header=$(sed -n '1,/^[^-]/p' "$file")
    line=$(printf '%s\n' "$header" | sed -n 's/^-- line: \([0-9][0-9]*\)$/\1/p' | head -n 1)
    modes=$(printf '%s\n' "$header" | sed -n 's/^-- modes: //p' | head -n 1)
    args=$(printf '%s\n' "$header" | sed -n 's/^-- args: //p' | head -n 1)
    for mode in ${modes:-headless check}; do
        case $mode in
            headless|pass)
                # shellcheck disable=SC2206
                command=("$ZMQLAB" --headless --lang en $args "$file") ;;
            check)
                command=("$ZMQLAB" --check --lang en "$file") ;;
            *)
                echo "FAIL $file: unknown mode '$mode'"
                failures=$((failures + 1))
                continue ;;
        esac
        cases=$((cases + 1))
        timeout -k 5 "$TIMEOUT" "${command[@]}" </dev/null >"$out" 2>&1
        rc=$?
        check_run
    done
done

echo "broken.sh: $cases runs, $failures failed"
[ "$failures" -eq 0 ]
