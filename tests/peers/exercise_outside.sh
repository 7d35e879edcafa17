#!/usr/bin/env bash
# exercise_outside.sh — zmqlab --headless --exercise ID --outside: the
# exercise's checks judge a program outside zmqlab (pyzmq) on the
# exercise's tcp endpoints (moved to free ports with --port).
#
#   - rep-server, en and zh: zmqlab first; once it says "start your program
#     now", the exercise's solution.py starts: every check passes (exit 0).
#   - rep-server, en and zh: a wrong server (another reply) already runs:
#     the reply check fails, the others pass (exit 1).
#   - rep-server with no program: each check says it did not show up
#     within --timeout, and fails.
#   - an exercise of this test's own where the student's program connects
#     (zmqlab's peer binds, spawned before STUDENT): lessons/py/client.py
#     passes it; a check that kills the program is skipped, not failed.
#   - --outside and --port alone, or with --exercises, are usage errors.
#
# No sleep: zmqlab's output is read line by line (read -t, a deadline)
# to know when to start a program; zmqlab waits for a server to listen.
# Run from anywhere; $ZMQLAB names the binary (make test sets it).

. "$(dirname "$0")/lib.sh"

SOLUTION=$PWD/lessons/exercises/01-rep-server/solution.py
EX_TIMEOUT=60                           # --timeout: how long a check waits for the program

# A server like the tutorial's that answers something else.
WRONG=$PEERS_TMP/wrong_server.py
cat >"$WRONG" <<'EOF'
import sys, zmq
context = zmq.Context()
socket = context.socket(zmq.REP)
socket.bind(f"tcp://*:{sys.argv[1]}")
while True:
    socket.recv()
    socket.send(b"Hello from the wrong server")
EOF

# bg NAME CMD...: a program in the background, output in $RUN.NAME.out;
# peers_cleanup kills it if the test ends first.
bg () {
    local name=$1
    shift
    timeout -k 5 $((EX_TIMEOUT * 3)) "$@" >"$PEERS_TMP/$RUN.$name.out" 2>&1 &
    BG_PID[$name]=$!
}

stop () {
    local name=$1
    [ -n "${BG_PID[$name]:-}" ] || return 0
    kill "${BG_PID[$name]}" 2>/dev/null
    wait "${BG_PID[$name]}" 2>/dev/null
    unset "BG_PID[$name]"
}

port () { free_ports 1; }

# exercise RUN ZMQLAB-ARGS...: zmqlab in the foreground; $LAB_RC, output $RUN.lab.out.
exercise () {
    RUN=$1
    shift
    XDG_DATA_HOME=$PEERS_TMP/data timeout -k 10 $((EX_TIMEOUT * 4)) \
        "$ZMQLAB" --headless --timeout "$EX_TIMEOUT" "$@" </dev/null >"$PEERS_TMP/$RUN.lab.out" 2>&1
    LAB_RC=$?
}

# exercise_then RUN TEXT PROGRAM-NAME PROGRAM... -- ZMQLAB-ARGS...: zmqlab
# in the background; when it prints TEXT, PROGRAM starts; then zmqlab ends.
exercise_then () {
    RUN=$1
    local text=$2 name=$3
    shift 3
    local program=()
    while [ "$1" != -- ]; do program+=("$1"); shift; done
    shift
    local pipe=$PEERS_TMP/$RUN.pipe out=$PEERS_TMP/$RUN.lab.out line started=0
    mkfifo "$pipe" || return 1
    XDG_DATA_HOME=$PEERS_TMP/data timeout -k 10 $((EX_TIMEOUT * 4)) \
        "$ZMQLAB" --headless --timeout "$EX_TIMEOUT" "$@" </dev/null >"$pipe" 2>&1 &
    local lab=$!
    local deadline=$((SECONDS + EX_TIMEOUT))
    : >"$out"
    while IFS= read -r -t $((deadline - SECONDS > 0 ? deadline - SECONDS : 1)) line; do
        printf '%s\n' "$line" >>"$out"
        if [ "$started" -eq 0 ] && [[ $line == *"$text"* ]]; then
            bg "$name" "${program[@]}"
            started=1
        fi
    done <"$pipe"
    wait "$lab"
    LAB_RC=$?
    [ "$started" -eq 1 ] || echo "  ($RUN: zmqlab never said \"$text\")" >>"$out"
}

lab_says () { grep -a -q -F -- "$1" "$PEERS_TMP/$RUN.lab.out"; }

# clean: zmqlab's output has no crash or sanitizer report (a sanitizer's exit
# status could pass for the 1 of a failed check).
clean () { ! grep -a -q -E "$SANITIZED" "$PEERS_TMP/$RUN.lab.out"; }

# --- rep-server with solution.py, started when zmqlab says so ----------------

for lang in en zh; do
    case $lang in
        en) start="start your program now"; all="3 of 3 checks passed" ;;
        zh) start="现在启动你的程序"; all="3/3 项检查通过" ;;
    esac
    p=$(port)
    exercise_then "solution-$lang" "$start" server "$PYTHON" "$SOLUTION" "$p" -- \
        --exercise rep-server --outside --port "$p" --lang "$lang"
    if [ "$LAB_RC" -eq 0 ] && clean && lab_says "$all" && lab_says "tcp://*:$p"; then
        ok "$RUN: solution.py passes every check: $(grep -a -F "$all" "$PEERS_TMP/$RUN.lab.out")"
    else
        fail "$RUN: exit $LAB_RC, expected 0 and \"$all\""
    fi
    # The program really served zmqlab's clients: 3 + 1 + 10 requests.
    stop server
    n=$(grep -a -c '^Received request: ' "$PEERS_TMP/$RUN.server.out")
    if [ "$n" -eq 14 ]; then
        ok "$RUN: solution.py answered 14 requests"
    else
        fail "$RUN: solution.py answered $n requests, expected 14"
    fi
done

# --- rep-server with a wrong server already running ---------------------------

for lang in en zh; do
    case $lang in
        en) wrong="got \"Hello from the wrong server\" (expected \"World from server!\")"
            summary="2 of 3 checks passed" ;;
        zh) wrong="收到 \"Hello from the wrong server\"（应为 \"World from server!\"）"
            summary="2/3 项检查通过" ;;
    esac
    RUN=wrong-$lang
    p=$(port)
    bg server "$PYTHON" "$WRONG" "$p"
    exercise "wrong-$lang" --exercise rep-server --outside --port "$p" --lang "$lang"
    stop server
    if [ "$LAB_RC" -eq 1 ] && clean && lab_says "$wrong" && lab_says "$summary"; then
        ok "$RUN: the wrong server fails the reply check (exit 1, $summary)"
    else
        fail "$RUN: exit $LAB_RC, expected 1, '$wrong' and '$summary'"
    fi
done

# --- no program at all ---------------------------------------------------------

RUN=absent
p=$(port)
XDG_DATA_HOME=$PEERS_TMP/data timeout -k 10 60 "$ZMQLAB" --headless --timeout 1 \
    --exercise rep-server --outside --port "$p" </dev/null >"$PEERS_TMP/$RUN.lab.out" 2>&1
LAB_RC=$?
if [ "$LAB_RC" -eq 1 ] && clean && [ "$(grep -a -c 'your program did not show up within 1 s' "$PEERS_TMP/$RUN.lab.out")" -eq 3 ] \
   && lab_says "0 of 3 checks passed"; then
    ok "$RUN: no program: each check says it did not show up, exit 1"
else
    fail "$RUN: exit $LAB_RC, expected 1 and three 'did not show up within 1 s'"
fi

# --- a program that connects; a check that kills it ---------------------------

LESSONS=$PEERS_TMP/lessons
mkdir -p "$LESSONS/exercises/01-outside-client"
ln -s "$PWD/lessons/actors" "$LESSONS/actors"
cat >"$LESSONS/exercises/01-outside-client/exercise.lua" <<'EOF'
exercise {
  id = "outside-client",
  title = { en = "A REQ client", zh = "REQ 客户端" },
  statement = { en = "Send three requests to params.connect.", zh = "向 params.connect 发送三个请求。" },
  outside = { "tcp://localhost:5555" },
}

check({ en = "sends three requests and gets three replies", zh = "发出三个请求，收到三个应答" }, function()
  -- The peer first: its inproc endpoint is already the program's tcp one.
  local server = spawn("rep_server", { name = "server", bind = "inproc://ask" })
  local client = spawn(STUDENT, { name = "client", connect = "inproc://ask" })
  wait_until(function() return client:stats().state == "stopped" end, 20)
  local s, c = server:stats(), client:stats()
  expect(s.received == 3, ("the server got %d requests (expected 3)"):format(s.received))
  expect(c.sent == 3 and c.received == 3,
         ("the program sent %d and got %d (expected 3 and 3)"):format(c.sent, c.received))
  expect(c.state == "stopped", ("the program is %s (expected: stopped, it ended)"):format(c.state))
  expect(link(client, server) ~= nil, "link(client, server) names its connection")
end)

check({ en = "survives being killed", zh = "被杀掉之后" }, function()
  spawn("rep_server", { name = "server", bind = "inproc://ask" })
  local client = spawn(STUDENT, { name = "client", connect = "inproc://ask" })
  client:kill()
  expect(false, "not reached: an outside program cannot be killed")
end)
EOF
for f in template.lua solution.lua; do
    printf 'local s = zmq.socket("REQ")\nassert(s:connect(params.connect))\n' \
        >"$LESSONS/exercises/01-outside-client/$f"
done
p=$(port)
exercise_then client "start your program now" client \
    "$PYTHON" "$PWD/lessons/py/client.py" "tcp://localhost:$p" 3 -- \
    --lessons "$LESSONS" --exercise outside-client --outside --port "$p"
stop client
if [ "$LAB_RC" -eq 0 ] && clean && lab_says "1 of 2 checks passed, 1 skipped" \
   && lab_says "check 2/2 skipped: survives being killed" \
   && lab_says "cannot run with an outside program (:kill())" \
   && ! lab_says "not reached"; then
    ok "$RUN: a connecting program passes; the check that kills it is skipped (exit 0)"
else
    fail "$RUN: exit $LAB_RC, expected 0, '1 of 2 checks passed, 1 skipped'"
fi

# --- usage -----------------------------------------------------------------------

RUN=usage
for args in "--outside" "--exercises --outside" "--exercise rep-server --port 6000" \
            "--exercise rep-server --outside --solution x.lua" "--exercise 1 --outside --port 0"; do
    # shellcheck disable=SC2086
    "$ZMQLAB" --headless $args </dev/null >"$PEERS_TMP/$RUN.lab.out" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] && grep -a -q -E -- '--outside|--port' "$PEERS_TMP/$RUN.lab.out"; then
        ok "$RUN: zmqlab --headless $args: refused (exit $rc)"
    else
        fail "$RUN: zmqlab --headless $args: exit $rc, expected a usage error"
    fi
done

peers_done
