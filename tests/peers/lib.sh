# lib.sh — helpers for the tests of outside programs (tests/peers/*.sh):
# zmqlab runs a test script headless in the background, pyzmq programs
# (tests/peers/programs/) play the outside world in the foreground, over
# tcp:// and ipc://. Sourced, not run: `make test` skips this file.
#
# Synchronisation is never a sleep. The test script (Lua, run by zmqlab)
# logs marks, lines "@@WORD [text]", when something happened in the lab
# ("READY": every actor has bound); the shell waits for a mark with
# wait_mark. An outside program started with outside_bg waits, where the
# lab must look before it goes on, for a line on its stdin (go NAME).
# Every process has a `timeout -k` backstop, every wait a deadline.
#
#   peers_python                    the python3 that can `import zmq` ($PYTHON)
#   free_ports N                    N free tcp ports on 127.0.0.1
#   lab_start RUN TRANSPORT SCRIPT [ZMQLAB OPTION]...
#                                   writes the script (the prelude below, then
#                                   SCRIPT with @EP1@ @EP2@ @EP3@ replaced by
#                                   fresh endpoints, also in $EP1 $EP2 $EP3),
#                                   starts zmqlab --headless in the background
#                                   and waits for READY; picks other ports and
#                                   starts again when a port was taken
#   wait_mark WORD [SECONDS]        until the lab logs @@WORD ($MARK: the line)
#   at_mark WORD                    the same, a failure when it does not come
#   outside NAME PROGRAM ARG...     runs tests/peers/programs/PROGRAM in the
#                                   foreground; its status in ${RC[NAME]}
#   outside_bg NAME PROGRAM ARG...  the same in the background, stdin a pipe
#   go NAME                         one line to that program's stdin
#   outside_wait NAME               waits for it; status in ${RC[NAME]}
#   lab_finish                      waits for zmqlab; status in $LAB_RC
#   lab_ok / outside_ok NAME        exit status 0, no sanitizer report
#   out NAME                        the output file of a program (or "lab")
#   ok TEXT / fail TEXT             one result line; fail prints the tails
#   peers_done                      the summary line; the script's status
#
# Environment: $ZMQLAB (the binary; default ./zmqlab), PEERS_TIMEOUT (seconds
# a zmqlab run may take, default 60), PEERS_RECV_TIMEOUT (seconds an outside
# program waits for a message, default 20), PEERS_KEEP (set: keep the
# scripts and outputs, and say where).

set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
case $ZMQLAB in /*) ;; *) ZMQLAB=$PWD/$ZMQLAB ;; esac
PEERS_TIMEOUT=${PEERS_TIMEOUT:-60}
PEERS_RECV_TIMEOUT=${PEERS_RECV_TIMEOUT:-20}
PEERS_PROGRAMS=$PWD/tests/peers/programs
TEST_NAME=${0##*/}
TEST_NAME=${TEST_NAME%.sh}
export ZMQLAB_LESSONS=$PWD/lessons      # this tree's behaviours, wherever the binary is
unset ZMQLAB_ACTORS
export LC_ALL=C.UTF-8

# The ipc endpoints live here too: a unix socket path has at most 107 bytes.
PEERS_TMP=${TMPDIR:-/tmp}
[ "${#PEERS_TMP}" -le 48 ] || PEERS_TMP=/tmp
PEERS_TMP=$(mktemp -d "$PEERS_TMP/zmqlab-peers.XXXXXX") || exit 1
export XDG_STATE_HOME=$PEERS_TMP/state  # progress of these runs goes nowhere real
mkdir -p "$XDG_STATE_HOME"

passed=0
failed=0
RUN=""                                  # the current run: its files are $PEERS_TMP/$RUN.*
LAB_PID=""
LAB_READER=""
LAB_MARKS=""
LAB_ENDED=0
LAB_RC=""
EP1="" EP2="" EP3=""
declare -A RC=() BG_PID=() BG_FD=()
SANITIZED='Sanitizer|runtime error:|Segmentation fault|core dumped'

peers_cleanup () {
    local name
    for name in "${!BG_PID[@]}"; do
        kill "${BG_PID[$name]}" 2>/dev/null
    done
    [ -n "$LAB_PID" ] && kill "$LAB_PID" 2>/dev/null
    wait 2>/dev/null
    if [ -n "${PEERS_KEEP:-}" ]; then
        echo "$TEST_NAME: outputs kept in $PEERS_TMP"
    else
        rm -rf "$PEERS_TMP"
    fi
}
trap peers_cleanup EXIT

# --- python ---------------------------------------------------------------

peers_python () {
    PYTHON=$(sh "$(dirname "${BASH_SOURCE[0]}")/../../scripts/pyzmq.sh") && return 0
    echo "FAIL $TEST_NAME: no python3 with pyzmq (import zmq) for the outside programs;"
    echo "     run scripts/install-deps.sh (it installs python3-zmq)"
    exit 1
}
peers_python

# --- endpoints --------------------------------------------------------------

# free_ports N: N distinct ports free on 127.0.0.1 now, one a line. Another
# program may still take one before zmqlab binds it: lab_start then tries
# again with others.
free_ports () {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print("\n".join(str(s.getsockname()[1]) for s in held))
EOF
}

# Sets EP1 EP2 EP3 for TRANSPORT (tcp or ipc).
s_endpoints () {
    if [ "$1" = tcp ]; then
        local ports
        mapfile -t ports < <(free_ports 3)
        [ "${#ports[@]}" -eq 3 ] || return 1
        EP1=tcp://127.0.0.1:${ports[0]}
        EP2=tcp://127.0.0.1:${ports[1]}
        EP3=tcp://127.0.0.1:${ports[2]}
    else
        # A fresh private directory each time: nobody else binds there.
        local dir
        dir=$(mktemp -d "$PEERS_TMP/ipc.XXXXXX") || return 1
        EP1=ipc://$dir/1.ipc
        EP2=ipc://$dir/2.ipc
        EP3=ipc://$dir/3.ipc
    fi
}

# --- the lab ----------------------------------------------------------------

# What every test script starts with.
PRELUDE=$(cat <<'EOF'
lesson { id = "peers-test", title = "outside programs" }

-- How long (lab seconds) a test waits for anything: a backstop, never a delay.
WAIT = 30

-- mark(word [, text]): tells the shell (tests/peers/lib.sh, wait_mark) where we are.
function mark(word, text)
  log("@@" .. word .. (text and (" " .. text) or ""))
end

-- settle(actor, ...): waits until every actor has bound (it blocks, sleeps or waits
-- for input: no longer starting or running). An actor that crashed (a port taken)
-- marks BIND-FAILED with its detail, and settle returns false.
function settle(...)
  local actors = { ... }
  local settled = wait_until(function()
    for _, a in ipairs(actors) do
      local state = a:stats().state
      if state == "starting" or state == "running" then return false end
    end
    return true
  end, WAIT)
  for _, a in ipairs(actors) do
    local s = a:stats()
    if s.state == "crashed" or s.state == "stopped" then
      mark("BIND-FAILED", a.name .. " " .. s.state .. ": " .. s.detail)
      return false
    end
  end
  if not settled then
    mark("BIND-FAILED", "the actors did not settle within " .. WAIT .. " s")
  end
  return settled
end

-- up(actor, ...): settle, then mark READY (the shell starts the outside programs).
function up(...)
  if not settle(...) then return false end
  mark("READY")
  return true
end

-- peers_of(actor_name [, state]): the outside peers of that actor (in the given
-- state, "connected" or "left"), in order of arrival.
function peers_of(name, state)
  local found = {}
  for _, p in ipairs(outside().peers) do
    if p.actor == name and (not state or p.state == state) then found[#found + 1] = p end
  end
  return found
end

-- peer(peer_name): that outside peer's entry now, or nil.
function peer(name)
  for _, p in ipairs(outside().peers) do
    if p.name == name then return p end
  end
  return nil
end

-- describe(p): one line about an outside peer, for the transcript.
function describe(p)
  if not p then return "no such peer" end
  return string.format("%s (%s) type=%q state=%s sent=%d received=%d actor=%s endpoint=%s detail=%q",
    p.name, p.address, p.type, p.state, p.sent, p.received, p.actor, p.endpoint, p.detail)
end
EOF
)

# s_reader OUT MARKS: copies zmqlab's output (stdin) to OUT, and the text
# after "@@" of each mark line to MARKS; "EOF" when zmqlab's output ends.
s_reader () {
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s\n' "$line" >>"$1"
        case $line in *@@*) printf '%s\n' "${line#*@@}" >>"$2" ;; esac
    done
    printf 'EOF\n' >>"$2"
}

# lab_start RUN TRANSPORT SCRIPT [ZMQLAB OPTION]...
lab_start () {
    local run=$1 transport=$2 script=$3
    shift 3
    for _ in 1 2 3 4 5; do
        s_lab_start_once "$run" "$transport" "$script" "$@"
        if wait_mark READY; then
            return 0
        fi
        # A port taken between free_ports and the bind: again, other ports.
        if [ "$transport" = tcp ] && [[ $MARK == *"Address already in use"* ]]; then
            lab_finish
            echo "  ($run: a port was taken meanwhile; trying other ports)"
            continue
        fi
        break
    done
    if [ -z "$MARK" ]; then
        MARK="no READY"
        [ "$LAB_ENDED" -eq 1 ] && MARK="$MARK: zmqlab ended"
    fi
    fail "$run: the lab did not come up ($MARK)"
    return 1
}

s_lab_start_once () {
    local run=$1 transport=$2 script=$3
    shift 3
    RUN=$run
    LAB_ENDED=0
    LAB_RC=""
    s_endpoints "$transport" || { echo "$run: no endpoints"; return 1; }
    local lua=$PEERS_TMP/$run.lua
    printf '%s\n%s\n' "$PRELUDE" "$script" \
        | sed -e "s|@EP1@|$EP1|g" -e "s|@EP2@|$EP2|g" -e "s|@EP3@|$EP3|g" >"$lua"
    local pipe=$PEERS_TMP/$run.pipe marks=$PEERS_TMP/$run.marks
    rm -f "$pipe" "$marks" "$PEERS_TMP/$run.lab.out"
    mkfifo "$pipe" "$marks" || return 1
    [ -n "$LAB_MARKS" ] && exec {LAB_MARKS}<&-
    exec {LAB_MARKS}<>"$marks"
    s_reader "$PEERS_TMP/$run.lab.out" "$marks" <"$pipe" &
    LAB_READER=$!
    # --timeout ends a stuck script; timeout(1) ends a stuck zmqlab.
    timeout -k 10 $((PEERS_TIMEOUT + 30)) "$ZMQLAB" --headless "$lua" --lang en \
        --timeout "$PEERS_TIMEOUT" "$@" </dev/null >"$pipe" 2>&1 &
    LAB_PID=$!
}

# wait_mark WORD [SECONDS]: 0 once the lab logged @@WORD; 1 at the deadline
# or when zmqlab's output ended first. $MARK is the mark's line ("" if none).
wait_mark () {
    local want=$1 deadline=$((SECONDS + ${2:-$PEERS_TIMEOUT})) line left
    MARK=""
    while [ "$LAB_ENDED" -eq 0 ]; do
        left=$((deadline - SECONDS))
        [ "$left" -gt 0 ] || return 1
        IFS= read -r -t "$left" line <&"$LAB_MARKS" || return 1
        case $line in
            "$want"|"$want "*) MARK=$line; return 0 ;;
            EOF) LAB_ENDED=1 ;;
            BIND-FAILED*) MARK=$line; return 1 ;;
        esac
    done
    return 1
}

# at_mark WORD: wait_mark, and a failure when the mark does not come.
at_mark () {
    wait_mark "$1" && return 0
    fail "$RUN: the lab never got to $1 (${MARK:-no mark})"
    return 1
}

# lab_finish: waits for zmqlab (its script ends by itself); $LAB_RC.
lab_finish () {
    [ -n "$LAB_PID" ] || return 0
    wait "$LAB_PID"
    LAB_RC=$?
    wait "$LAB_READER"
    LAB_PID=""
    LAB_READER=""
    exec {LAB_MARKS}<&-
    LAB_MARKS=""
}

# --- outside programs ------------------------------------------------------

# out NAME: the output file of program NAME of this run ("lab": zmqlab's).
out () {
    printf '%s/%s.%s.out' "$PEERS_TMP" "$RUN" "$1"
}

# outside NAME PROGRAM ARG...: runs PROGRAM.py in the foreground.
outside () {
    local name=$1 program=$2
    shift 2
    timeout -k 5 $((PEERS_RECV_TIMEOUT * 3 + 30)) "$PYTHON" -B -u "$PEERS_PROGRAMS/$program.py" \
        "$@" --timeout "$PEERS_RECV_TIMEOUT" </dev/null >"$(out "$name")" 2>&1
    RC[$name]=$?
}

# outside_bg NAME PROGRAM ARG...: the same in the background; its stdin is a
# pipe the shell writes go-aheads to (go NAME).
outside_bg () {
    local name=$1 program=$2 fd
    shift 2
    local pipe=$PEERS_TMP/$RUN.$name.stdin
    rm -f "$pipe"
    mkfifo "$pipe" || return 1
    exec {fd}<>"$pipe"
    BG_FD[$name]=$fd
    timeout -k 5 $((PEERS_RECV_TIMEOUT * 3 + 30)) "$PYTHON" -B -u "$PEERS_PROGRAMS/$program.py" \
        "$@" --timeout "$PEERS_RECV_TIMEOUT" <"$pipe" >"$(out "$name")" 2>&1 &
    BG_PID[$name]=$!
}

# go NAME: the go-ahead the program waits for at its next stop.
go () {
    printf 'go\n' >&"${BG_FD[$1]}"
}

outside_wait () {
    local name=$1
    wait "${BG_PID[$name]}"
    RC[$name]=$?
    local fd=${BG_FD[$name]}
    exec {fd}<&-
    unset "BG_PID[$name]" "BG_FD[$name]"
}

# --- results ---------------------------------------------------------------

ok () {
    echo "ok   $*"
    passed=$((passed + 1))
}

# fail TEXT: the failure, then the tails of zmqlab's and the programs' output.
fail () {
    echo "FAIL $*"
    failed=$((failed + 1))
    local file
    for file in "$PEERS_TMP/$RUN".*.out; do
        [ -f "$file" ] || continue
        echo "  ${file##*/"$RUN".} (last 25 lines):"
        tail -n 25 "$file" | cat -v | sed 's/^/  | /'
    done
}

# lab_ok: zmqlab exited 0 (every expect passed) without a sanitizer report.
lab_ok () {
    local file
    file=$(out lab)
    if grep -a -q -E "$SANITIZED" "$file"; then
        fail "$RUN: zmqlab: crash or sanitizer report"
    elif [ "$LAB_RC" != 0 ]; then
        local why="exit status $LAB_RC"
        [ "$LAB_RC" = 124 ] || [ "$LAB_RC" = 137 ] && why="$why (timed out)"
        grep -a -q '✗' "$file" && why="$why; failed: $(grep -a '✗' "$file" | sed 's/^ *✗ //' | paste -sd ';' -)"
        why="$why; $(grep -a -E '^Result: |^  error: ' "$file" | paste -sd ';' -)"
        fail "$RUN: zmqlab: $why"
    else
        ok "$RUN: zmqlab: $(grep -a -E '^Result: ' "$file" | head -n 1)"
    fi
}

# outside_ok NAME: the program exited 0.
outside_ok () {
    local name=$1 file
    file=$(out "$name")
    if grep -a -q -E "$SANITIZED" "$file"; then
        fail "$RUN: $name: crash or sanitizer report"
    elif [ "${RC[$name]}" != 0 ]; then
        fail "$RUN: $name: exit status ${RC[$name]}: $(tail -n 1 "$file")"
    else
        ok "$RUN: $name exited 0"
    fi
}

peers_done () {
    echo "$TEST_NAME.sh: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
