#!/usr/bin/env bash
# cli.sh — zmqlab's command line: --help and --version, the language of its
# messages, usage errors (exit 2), a lesson that does not exist (exit 1), and
# a lesson file of the learner's own outside lessons/ (checked and run).
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
export ZMQLAB_LESSONS=$PWD/lessons
unset ZMQLAB_ACTORS LC_ALL LC_MESSAGES
export LANG=C.UTF-8

tmp=$(mktemp -d /tmp/zmqlab-cli-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state
failures=0
checks=0

# expect STATUS TEXT ARGS... — zmqlab ARGS exits with STATUS and prints TEXT
# (on stdout or stderr; TEXT empty: anything).
expect () {
    local status=$1 text=$2
    shift 2
    checks=$((checks + 1))
    timeout -k 5 60 "$ZMQLAB" "$@" </dev/null >"$tmp/out" 2>&1
    local rc=$?
    local problem=""
    if [ "$rc" -ne "$status" ]; then
        problem="exit status $rc, expected $status"
    elif [ -n "$text" ] && ! grep -q -F -- "$text" "$tmp/out"; then
        problem="no \"$text\" in the output"
    elif grep -q -E 'Sanitizer|runtime error:|Segmentation fault' "$tmp/out"; then
        problem="a crash or sanitizer report"
    fi
    if [ -z "$problem" ]; then
        echo "ok   zmqlab $*"
        return
    fi
    echo "FAIL zmqlab $*: $problem"
    tail -n 20 "$tmp/out" | sed 's/^/  | /'
    failures=$((failures + 1))
}

expect 0 "Usage: zmqlab" --help
expect 0 "Usage: zmqlab" -h
expect 0 "zmqlab " --version
expect 0 "libzmq" --version
expect 0 "用法" --lang zh --help
expect 0 "用法" --help --lang zh
LANG=zh_CN.UTF-8 expect 0 "用法" --help
LANG=zh_CN.UTF-8 expect 0 "Usage: zmqlab" --lang en --help

# Usage errors: exit 2 and a message.
expect 2 "unknown option" --no-such-option
expect 2 "--no-such-option" --no-such-option
expect 2 "未知选项" --lang zh --no-such-option
expect 2 "--lang" --lang fr
expect 2 "--speed" --speed 0
expect 2 "--speed" --speed fast
expect 2 "--timeout" --headless --timeout 0 --all
expect 2 "" --speed
expect 2 "--headless" --headless
expect 2 "--check" --check
# A message that names no value quotes none (they ended in '' once); an
# empty value is quoted.
for args in "--headless" "--exercises --solution x" "--lang zh --exercise a --exercises"; do
    expect 2 "zmqlab" $args
    if grep -q "''" "$tmp/out"; then
        echo "FAIL zmqlab $args: an empty '' where no value was named"
        failures=$((failures + 1))
    fi
done
expect 2 "not ''" --speed ""

# A lesson that is not there.
expect 1 "no such lesson" --headless no-such-lesson-xyz
expect 1 "no such lesson" --headless 99
expect 1 "没有这个课程" --lang zh --headless no-such-lesson-xyz
expect 1 "" --check "$tmp/missing.lua"

# The learner's own lesson, outside lessons/: --check finds the shipped
# behaviours as a run does, and headless mode runs it.
mkdir -p "$tmp/mine"
cat >"$tmp/mine/my-lesson.lua" <<'EOF'
lesson { id = "my-lesson", title = { en = "My lesson", zh = "我的课程" },
         summary = { en = "One publisher.", zh = "一个发布者。" }, level = "beginner" }
say { en = "Hello", zh = "你好" }
local n = ask { q = { en = "How many messages?", zh = "几条消息？" }, choices = { "2", "3" },
                answer = 2, explain = { en = "count = 3", zh = "count = 3" } }
local pub = spawn("publisher", { bind = "inproc://my-lesson", rate = 0, count = 3 })
expect(wait_until(function () return pub:stats().state == "stopped" end, 30),
       { en = "the publisher finished", zh = "发布者结束了" })
expect(n == 2, { en = "the declared answer", zh = "声明的答案" })
EOF
expect 0 "0 problems" --check --lang en "$tmp/mine/my-lesson.lua"
expect 0 "✓ the publisher finished" --headless --lang en "$tmp/mine/my-lesson.lua"
expect 0 "✓ 发布者结束了" --headless --lang zh "$tmp/mine/my-lesson.lua"
expect 0 "你好" --headless --lang zh "$tmp/mine/my-lesson.lua"

# A failing check fails the run.
cat >"$tmp/mine/failing.lua" <<'EOF'
lesson { id = "failing", title = { en = "Failing", zh = "失败" },
         summary = { en = "A false claim.", zh = "错误的说法。" }, level = "beginner" }
expect(1 + 1 == 3, { en = "one and one make three", zh = "一加一等于三" })
EOF
expect 1 "✗ one and one make three" --headless --lang en "$tmp/mine/failing.lua"

echo "cli.sh: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
