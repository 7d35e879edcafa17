#!/usr/bin/env bash
# lint.sh — the spoiler lint of --check: tests/lessons/lint/spoilers.lua gets a
# warning at each of its three questions, in English and in Chinese texts,
# naming the narration's line and why, and one for each question without
# hints; clean.lua gets none; warnings do not
# fail the check (exit 0, "0 problems"); narration counts in its own section
# only (sections.lua); a goal's solution is no narration (goal.lua); the
# shipped lessons get none.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS
failures=0

# expect NAME PATTERN TEXT: TEXT has a line matching PATTERN (grep -E).
expect () {
    if grep -q -E -- "$2" <<<"$3"; then echo "ok   $1"; else
        echo "FAIL $1: no line matching '$2' in:"; sed 's/^/  | /' <<<"$3"
        failures=$((failures + 1)); fi
}
# refuse NAME PATTERN TEXT: no line of TEXT matches PATTERN.
refuse () {
    if ! grep -q -E -- "$2" <<<"$3"; then echo "ok   $1"; else
        echo "FAIL $1: a line matches '$2' in:"; sed 's/^/  | /' <<<"$3"
        failures=$((failures + 1)); fi
}

out=$(timeout 60 "$ZMQLAB" --check tests/lessons/lint/spoilers.lua tests/lessons/lint/clean.lua 2>&1)
rc=$?
[ $rc -eq 0 ] && echo "ok   warnings do not fail the check" \
    || { echo "FAIL --check exit status $rc, expected 0"; failures=$((failures + 1)); }
spoilers=tests/lessons/lint/spoilers.lua
for lang in en zh; do
    expect "$lang: summary's words" "^$spoilers:14: warning \[$lang\]: the lesson's summary" "$out"
    expect "$lang: key number 20" "^$spoilers:26: warning \[$lang\]: the narration at line 25, .*key number: 20\)" "$out"
    expect "$lang: the answer's text" "^$spoilers:39: warning \[$lang\]: the narration at line 38, .*answer's text" "$out"
done
expect "a question without hints" "^$spoilers:14: warning: this question has no hints" "$out"
[ "$(grep -c "^$spoilers:[0-9]*: warning: this question has no hints" <<<"$out")" -eq 3 ] \
    && echo "ok   each question without hints, once" \
    || { echo "FAIL not 3 warnings for the 3 questions without hints"; failures=$((failures + 1)); }
expect "summary: the English words" "summary.*own words: fail, once, error" "$out"
expect "summary: the Chinese part" "summary.*answer's text: 立即失败" "$out"
expect "no problem counted" "^2 files, 0 problems$" "$out"
refuse "clean.lua has no warning" "clean\.lua.*warning" "$out"

out=$(timeout 60 "$ZMQLAB" --check tests/lessons/lint/sections.lua 2>&1)
sections=tests/lessons/lint/sections.lua
expect "sections: the say of its own section" "^$sections:25: warning \[en\]: the narration at line 24," "$out"
refuse "sections: not the say of an earlier section" "^$sections:17: warning" "$out"

# A goal's text, hints and solution are not narration: never flagged.
out=$(timeout 60 "$ZMQLAB" --check tests/lessons/lint/goal.lua 2>&1)
refuse "goal.lua: a goal's solution is not a spoiler" "warning|警告" "$out"
expect "goal.lua: checked clean" "^1 file, 0 problems$" "$out"

out=$(timeout 60 "$ZMQLAB" --lang zh --check tests/lessons/lint/spoilers.lua 2>&1)
expect "the warning in Chinese" "^$spoilers:26: 警告 \[zh\]：这个问题之前第 25 行的讲解已经透露了答案" "$out"

out=$(timeout 120 "$ZMQLAB" --check --all 2>&1)
refuse "the shipped lessons give nothing away" "warning|警告" "$out"

echo "lint.sh: $failures failure(s)"
[ "$failures" -eq 0 ]
