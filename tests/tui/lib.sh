# lib.sh — helpers for the end-to-end tests of the terminal view, sourced by
# tests/tui/*.sh and scripts/screenshots.sh. Not a test itself: `make test`
# runs every tests/tui/*.sh, and run as a script this file exits 0 at once.
#
# Each test gets its own tmux server on a private socket (tmux -S, in the
# test's temporary directory: zmqlab-test-$$-N), so it never touches the
# user's tmux and tests can run in parallel; its own
# XDG_STATE_HOME (progress file, log); and LANG=C.UTF-8 unless it says
# otherwise. Panes stay after their process exits (remain-on-exit), so the
# exit status can be read. Synchronisation is always "poll a condition every
# 0.1 s until a deadline", never a fixed sleep.
#
#   tui_start [-x COLS] [-y ROWS] [-e VAR=VALUE]... [--] ARG...   zmqlab ARG...
#   tui_start_sh [-x COLS] [-y ROWS] [-e VAR=VALUE]... -- 'SHELL COMMAND'
#   keys KEY...             tmux send-keys (key names: Enter, Escape, Tab, Space…)
#   type_text TEXT          send TEXT literally
#   screen                  the pane's text now
#   screen_all              the same with the lines scrolled off the top
#   wait_for TEXT [SECS]    until TEXT (fixed string) is on screen (default 10 s)
#   wait_for_re RE [SECS]   the same with an extended regular expression
#   wait_gone TEXT [SECS]   until TEXT is no longer on screen
#   wait_until CMD [SECS]   until the shell command CMD succeeds
#   assert_screen_has TEXT / assert_screen_lacks TEXT   now, fixed strings
#   resize COLS ROWS        resize the window (and wait until tmux reports it)
#   wait_exit [SECS]        until the pane is dead; prints its exit status
#   pane_alive              true while zmqlab runs
#   zmqlab_pid              the pid of zmqlab (the pane's process or its child)
#   box_text NAME           the inside of NAME's box on screen (or fails)
#   box_counts NAME         "SENT RECEIVED" from NAME's box on screen (or fails)
#   box_sent NAME           the sent count alone
#   box_has NAME TEXT       NAME's box shows TEXT
#   wait_box NAME [SECS]    until NAME's box is on screen
#   wait_sent_above NAME N  until NAME's sent count is above N; prints it
#   status_bar              the last line
#   lesson_step             "Step k of n" from the lesson panel
#   open_lesson N           from the menu, open lesson N (down, Enter)
#   advance_until TEXT [SECS]   press n when "[n] next" shows, until TEXT
#   fail MESSAGE            print MESSAGE and the last screen, exit 1
#   pass MESSAGE            print "ok - MESSAGE"

# Run as a script (make test runs every tests/tui/*.sh), it is not a test.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    exit 0
fi
[ -n "${ZMQLAB_TUI_LIB:-}" ] && return 0
ZMQLAB_TUI_LIB=1
set -u

: "${ZMQLAB:=$PWD/zmqlab}"
case $ZMQLAB in /*) ;; *) ZMQLAB=$PWD/$ZMQLAB ;; esac
export LC_ALL=C.UTF-8           # the helpers count characters of UTF-8 screens

TUI_SOCKET=zmqlab-test-$$
TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-tui.XXXXXX")
TUI_NAME=${0##*/}
TUI_STARTED=0
export XDG_STATE_HOME=$TUI_TMP/state
mkdir -p "$XDG_STATE_HOME"

# A config of our own: no status line (the pane is the whole window), panes
# stay after exit, sizes are only what we set.
cat > "$TUI_TMP/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g history-limit 2000
set -g escape-time 0
EOF

# The pane's terminal type: what tmux emulates, if this machine knows it.
TUI_TERM=screen
for t in tmux-256color screen-256color; do
    if infocmp "$t" >/dev/null 2>&1; then TUI_TERM=$t; break; fi
done
echo "set -g default-terminal $TUI_TERM" >> "$TUI_TMP/tmux.conf"

tm () {
    tmux -S "$TUI_TMP/$TUI_SOCKET" -f "$TUI_TMP/tmux.conf" "$@"
}

# Stops the tmux server, then waits (up to 5 s) until the processes of its
# panes have gone: zmqlab saves progress as it leaves, and must not do so
# into a directory already removed.
tui_stop_server () {
    local pids pane
    pids=$(tm list-panes -a -F '#{pane_pid}' 2>/dev/null)
    for pane in $pids; do
        pids+=" $(ps -o pid= --ppid "$pane" 2>/dev/null)"
    done
    tm kill-server >/dev/null 2>&1
    # shellcheck disable=SC2086
    [ -n "${pids// /}" ] && wait_until '! kill -0 $pids 2>/dev/null' 5
    rm -f "$TUI_TMP/$TUI_SOCKET"
}

# At exit: stop the tmux server, then look into zmqlab's log (its stderr
# while curses had the screen): a sanitizer's report there fails the test.
tui_cleanup () {
    local status=$?
    tui_stop_server
    local log=$XDG_STATE_HOME/zmqlab/zmqlab.log
    if [ -s "$log" ] && grep -qE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|runtime error:' "$log"; then
        echo "FAIL - $TUI_NAME: a sanitizer reported in zmqlab's log:" >&2
        grep -E -A 20 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|runtime error:' "$log" | head -60 >&2
        status=1
    fi
    rm -rf "$TUI_TMP"
    exit $status
}
trap tui_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

pass () {
    echo "ok - $TUI_NAME: $*"
}

fail () {
    echo "FAIL - $TUI_NAME: $*" >&2
    if [ "$TUI_STARTED" = 1 ]; then
        echo "--- last screen ($(tm display -p '#{window_width}x#{window_height}' 2>/dev/null)):" >&2
        screen >&2
        echo "---" >&2
    fi
    exit 1
}

command -v tmux >/dev/null 2>&1 || { echo "$TUI_NAME: tmux is missing" >&2; exit 1; }
[ -x "$ZMQLAB" ] || { echo "$TUI_NAME: no zmqlab binary at $ZMQLAB (set ZMQLAB)" >&2; exit 1; }

# Options common to tui_start and tui_start_sh; sets TUI_X, TUI_Y, TUI_ENV.
tui_parse_options () {
    TUI_X=100 TUI_Y=30 TUI_ENV=("LANG=C.UTF-8")
    TUI_ARGS=()
    while [ $# -gt 0 ]; do
        case $1 in
            -x) TUI_X=$2; shift 2 ;;
            -y) TUI_Y=$2; shift 2 ;;
            -e) TUI_ENV+=("$2"); shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    TUI_ARGS=("$@")
}

# The environment of the pane: only what we choose (and what a terminal
# program needs), so the caller's LANG, LC_*, NO_COLOR never leak in.
tui_env_prefix () {
    local prefix="env -i PATH=$(printf %q "$PATH") HOME=$(printf %q "${HOME:-/tmp}")"
    prefix+=" TERM=$TUI_TERM XDG_STATE_HOME=$(printf %q "$XDG_STATE_HOME")"
    [ -n "${ZMQLAB_LESSONS:-}" ] && prefix+=" ZMQLAB_LESSONS=$(printf %q "$ZMQLAB_LESSONS")"
    # A sanitizer build keeps its options: without TSAN_OPTIONS the
    # suppressions for libzmq's insides would be lost in the pane.
    local e
    for e in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS TSAN_OPTIONS; do
        [ -n "${!e:-}" ] && prefix+=" $e=$(printf %q "${!e}")"
    done
    for e in "${TUI_ENV[@]}"; do
        prefix+=" $(printf %q "$e")"
    done
    printf '%s' "$prefix"
}

TUI_LAUNCHES=0
tui_launch () {
    local command=$1
    # Each start gets a server of its own: a new one on the old socket
    # could meet the old one still shutting down.
    [ "$TUI_STARTED" = 1 ] && tui_stop_server
    TUI_LAUNCHES=$((TUI_LAUNCHES + 1))
    TUI_SOCKET=zmqlab-test-$$-$TUI_LAUNCHES
    # tmux itself needs a terminal type it knows; the pane gets TERM from env.
    TERM=${TERM:-xterm} tm new-session -d -s zmqlab -x "$TUI_X" -y "$TUI_Y" "$command" \
        || { echo "$TUI_NAME: tmux new-session failed" >&2; exit 1; }
    TUI_STARTED=1
}

tui_start () {
    tui_parse_options "$@"
    local command
    command="$(tui_env_prefix) $(printf %q "$ZMQLAB")"
    local a
    for a in "${TUI_ARGS[@]}"; do
        command+=" $(printf %q "$a")"
    done
    tui_launch "exec $command"
}

# The command is run by sh, with ZMQLAB set, from the repository root.
tui_start_sh () {
    tui_parse_options "$@"
    local script=${TUI_ARGS[0]}
    tui_launch "exec $(tui_env_prefix) ZMQLAB=$(printf %q "$ZMQLAB") sh -c $(printf %q "$script")"
}

keys () {
    tm send-keys -t zmqlab "$@"
}

type_text () {
    tm send-keys -t zmqlab -l -- "$1"
}

screen () {
    tm capture-pane -p -t zmqlab
}

# The screen and the lines scrolled off it.
screen_all () {
    tm capture-pane -p -S - -t zmqlab
}

# wait_until CMD [SECS]: CMD is eval'd every 0.1 s until it succeeds (at
# least once; SECS may have a fraction).
wait_until () {
    local wait_condition=$1 wait_timeout=${2:-10}
    # Seconds, possibly with a fraction ("0.7"), in milliseconds.
    local wait_whole=${wait_timeout%.*} wait_fraction=000
    [ "$wait_whole" != "$wait_timeout" ] && wait_fraction=${wait_timeout#*.}000
    local wait_ms=$(( 10#${wait_whole:-0} * 1000 + 10#${wait_fraction:0:3} ))
    local wait_deadline=$(( $(date +%s%N) / 1000000 + wait_ms ))
    while :; do
        eval "$wait_condition" && return 0
        [ $(( $(date +%s%N) / 1000000 )) -ge $wait_deadline ] && return 1
        sleep 0.1
    done
}

screen_has () { screen | grep -qF -- "$1"; }
screen_has_re () { screen | grep -qE -- "$1"; }

# (wait_until evals its condition in its own scope: the text goes through
# a variable of the caller, which bash's dynamic scoping makes visible.)
wait_for () {
    local wait_text=$1
    wait_until 'screen_has "$wait_text"' "${2:-10}" || fail "timed out waiting for '$1'"
}

wait_for_re () {
    local wait_text=$1
    wait_until 'screen_has_re "$wait_text"' "${2:-10}" || fail "timed out waiting for /$1/"
}

wait_gone () {
    local wait_text=$1
    wait_until '! screen_has "$wait_text"' "${2:-10}" || fail "timed out waiting for '$1' to go"
}

assert_screen_has () {
    screen_has "$1" || fail "the screen lacks '$1'"
}

assert_screen_lacks () {
    screen_has "$1" && fail "the screen shows '$1'"
    return 0
}

pane_alive () {
    [ "$(tm display -p -t zmqlab '#{pane_dead}' 2>/dev/null)" = 0 ]
}

# Prints the exit status once the pane is dead (fails the test on timeout).
# tmux sometimes misses the SIGCHLD of a pane's process (libutempter's
# handler races with its own: tmux issue #311) and leaves it a zombie with
# no status; a SIGCHLD to our own tmux server makes it reap it.
wait_exit () {
    wait_until '! pane_alive' "${1:-10}" || fail "zmqlab did not exit"
    local status= server
    server=$(tm display -p '#{pid}')
    wait_until 'status=$(tm display -p -t zmqlab "#{pane_dead_status}")
                [ -n "$status" ] || { kill -CHLD "$server" 2>/dev/null; false; }' 5
    if [ -z "$status" ]; then
        status="signal $(tm display -p -t zmqlab '#{pane_dead_signal}')"
    fi
    printf '%s\n' "$status"
}

resize () {
    tm resize-window -t zmqlab -x "$1" -y "$2" || fail "tmux resize-window $1 $2 failed"
    local want="$1x$2"
    wait_until '[ "$(tm display -p -t zmqlab "#{pane_width}x#{pane_height}")" = "$want" ]' 5 \
        || fail "the pane did not become $1x$2"
}

# zmqlab's pid: the pane's process when started by tui_start, else the
# pane's child of that name (tui_start_sh).
zmqlab_pid () {
    local pane pid
    pane=$(tm display -p -t zmqlab '#{pane_pid}')
    if [ "$(ps -o comm= -p "$pane" 2>/dev/null)" = zmqlab ]; then
        echo "$pane"
        return 0
    fi
    pid=$(ps -o pid=,comm= --ppid "$pane" 2>/dev/null | awk '$2 == "zmqlab" { print $1; exit }')
    [ -n "$pid" ] && echo "$pid"
}

# box_text NAME: the inside of NAME's box on screen, one line per row (the
# name sits on the top border: "┌─ name ─", "┌* name ─" when the lesson
# points at it, "╔═ name ═" when selected; ASCII "+- name -"). Fails when
# the box is not on screen.
box_text () {
    local name=$1 lines row col line rest border i width
    mapfile -t lines < <(screen)
    for ((row = 0; row < ${#lines[@]}; row++)); do
        line=${lines[row]}
        for border in "┌─ $name " "┌* $name " "╔═ $name " "╔* $name " "+- $name " "+* $name " "+= $name "; do
            rest=${line%%"$border"*}
            [ "$rest" = "$line" ] && continue
            col=${#rest}
            # The box ends at the next corner on the top border.
            local top=${line:col+1}
            top=${top%%[┐╗+]*}
            width=${#top}
            for ((i = row + 1; i < ${#lines[@]}; i++)); do
                local cell=${lines[i]:col:1}
                [[ $cell == [└╚+] ]] && return 0
                printf '%s\n' "${lines[i]:col+1:width}"
            done
            return 0
        done
    done
    return 1
}

# "SENT RECEIVED" of actor NAME, from the "↑3 ↓0" line of its box. Counts
# may read 12k or 3M: they are printed as they are.
box_counts () {
    local text line
    text=$(box_text "$1") || return 1
    while IFS= read -r line; do
        if [[ $line =~ ^(↑|out\ )([0-9]+[kM]?)\ (↓|in\ )([0-9]+[kM]?) ]]; then
            echo "${BASH_REMATCH[2]} ${BASH_REMATCH[4]}"
            return 0
        fi
    done <<< "$text"
    return 1
}

# box_has NAME TEXT: NAME's box is on screen and shows TEXT.
box_has () {
    local text
    text=$(box_text "$1") || return 1
    grep -qF -- "$2" <<< "$text"
}

# The sent count of NAME as a plain number (fails if the box is not there).
box_sent () {
    local counts
    counts=$(box_counts "$1") || return 1
    echo "${counts%% *}"
}

# The lesson panel's "Step k of n" (empty when not shown).
lesson_step () {
    screen | grep -oE 'Step [0-9]+ of [0-9]+' | head -1
}

# From the menu, opens lesson number N (1-based: N-1 times down, Enter).
open_lesson () {
    local n=$1 i
    wait_for "ZeroMQ lessons"
    keys g
    for ((i = 1; i < n; i++)); do keys j; done
    keys Enter
    wait_for_re 'Step [0-9]+ of [0-9]+'
}

# advance_until TEXT [SECS]: presses n whenever the lesson waits for it
# ("[n] next"), until TEXT is on screen. Never presses n on a finished
# lesson (that would go back to the menu).
advance_until () {
    local want=$1 timeout=${2:-20}
    local deadline=$(( $(date +%s) + timeout )) before
    while ! screen_has "$want"; do
        [ "$(date +%s)" -ge "$deadline" ] && fail "timed out advancing the lesson to '$want'"
        if screen_has "[n] next"; then
            before=$(lesson_step)
            keys n
            # The step moves on, or the lesson goes off to run its actors.
            wait_until '[ "$(lesson_step)" != "$before" ] || ! screen_has "[n] next" || screen_has "$want"' 10 \
                || fail "n did not advance the lesson (at '$before')"
        elif goal_waits; then
            play_goal
            wait_until '! goal_waits || screen_has "$want"' 10 || true
        elif screen_has "Lesson over"; then
            fail "the lesson ended before '$want'"
        else
            sleep 0.1
        fi
    done
}

# A goal is open and waits for the learner: its keys are on the status bar
# and no solution plays yet.
goal_waits () {
    screen | tail -1 | grep -qE 'P play ·|P 演示 ·' \
        && ! screen | grep -qE 'The solution is playing|正在演示解法'
}

# P plays the open goal's solution in the lab; it asks first (y).
play_goal () {
    keys P
    wait_until 'screen | grep -qE "y: play|y：演示"' 10 || fail "P did not offer to play the goal's solution"
    keys y
}

# Until NAME's box is on screen.
wait_box () {
    local wait_name=$1
    wait_until 'box_text "$wait_name" >/dev/null' "${2:-10}" || fail "no box for actor '$1'"
}

# Until NAME's sent count differs from (is above) FROM; prints the new count.
wait_sent_above () {
    local wait_name=$1 wait_from=$2 wait_now=
    wait_until 'wait_now=$(box_sent "$wait_name") && [ "${wait_now%[kM]}" -gt "${wait_from%[kM]}" ]' "${3:-5}" \
        || fail "$1's sent count stayed at $2"
    echo "$wait_now"
}

# The status bar (the last line).
status_bar () {
    screen | tail -1
}
