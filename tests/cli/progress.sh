#!/usr/bin/env bash
# progress.sh — the progress file under real runs (src/lesson/progress.c):
#
#   - 20 --headless runs started at once, each of its own lesson, all end up
#     recorded (they once lost 4 to 10 of 20: a save raced another's);
#   - a damaged file (binary garbage, a cut line, a NUL byte, a newer
#     zmqlab's lines) keeps every line the run did not write, and the run
#     says where the damage is;
#   - a file that cannot be read (a directory or a FIFO in its place, no
#     read permission) is reported, left exactly as it was, and the run
#     still ends normally (a FIFO once blocked zmqlab for good).
#
# Each run has its own XDG_STATE_HOME. Run from anywhere; $ZMQLAB names the
# binary (make test sets it).

set -u
cd "$(dirname "$0")/../.." || exit 1
ZMQLAB=${ZMQLAB:-$PWD/zmqlab}
TIMEOUT=120
RUNS=20

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqlab-progress-XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail () { echo "FAIL $*"; failures=$((failures + 1)); }
ok () { echo "ok   $*"; }

# A quick lesson per run: an id of its own, one check that passes.
for i in $(seq 1 $RUNS); do
    printf 'lesson { id = "quick-%d", title = "Quick", summary = "s", level = "beginner" }\nexpect(true, "fine")\n' \
        "$i" >"$tmp/quick-$i.lua"
done

# headless STATE N — runs lesson N headless with progress in STATE; output
# in $tmp/out, status in $rc.
headless () {
    XDG_STATE_HOME=$1 timeout -k 10 "$TIMEOUT" "$ZMQLAB" --headless "$tmp/quick-$2.lua" \
        </dev/null >"$tmp/out" 2>&1
    rc=$?
}

no_crash () {
    ! grep -q -E 'Sanitizer|runtime error:|Segmentation fault|core dumped' "$1"
}

# --- 20 runs at once ---------------------------------------------------------------
state=$tmp/parallel
pids=()
for i in $(seq 1 $RUNS); do
    XDG_STATE_HOME=$state timeout -k 10 "$TIMEOUT" "$ZMQLAB" --headless "$tmp/quick-$i.lua" \
        </dev/null >"$tmp/parallel-$i.out" 2>&1 &
    pids+=($!)
done
bad=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { bad=1; echo "  run $((i + 1)) exited $?"; tail -n 5 "$tmp/parallel-$((i + 1)).out"; }
    no_crash "$tmp/parallel-$((i + 1)).out" || bad=1
done
recorded=$(grep -c -E '^quick-[0-9]+ 1 ' "$state/zmqlab/progress" 2>/dev/null)
if [ "$bad" -eq 0 ] && [ "${recorded:-0}" -eq $RUNS ]; then
    ok "$RUNS parallel headless runs: all $RUNS recorded"
else
    fail "$RUNS parallel headless runs: ${recorded:-0} of $RUNS recorded"
    cat "$state/zmqlab/progress" 2>/dev/null | sed 's/^/  | /'
fi
leftover=$(find "$state/zmqlab" -name 'progress.?*' ! -name progress.lock | wc -l)
[ "$leftover" -eq 0 ] && ok "no temporary file left" || fail "$leftover temporary files left"

# --- a damaged file keeps what it holds --------------------------------------------
# damaged NAME CONTENT(printf format) KEPT(printf format, grep -F'd) LINE
damaged () {
    local name=$1 content=$2 kept=$3 line=$4 state=$tmp/damaged-$1
    mkdir -p "$state/zmqlab"
    printf "$content" >"$state/zmqlab/progress"
    headless "$state" 1
    if [ "$rc" -ne 0 ] || ! no_crash "$tmp/out"; then
        fail "damaged ($name): exit status $rc"; sed 's/^/  | /' "$tmp/out"; return
    fi
    if ! grep -q -F "zmqlab/progress:$line" "$tmp/out"; then
        fail "damaged ($name): no warning naming line $line"; sed 's/^/  | /' "$tmp/out"; return
    fi
    # Binary-safe: the kept bytes, then the run's own record and the other one.
    printf "$kept" >"$tmp/kept"
    if ! python3 - "$state/zmqlab/progress" "$tmp/kept" <<'PY'
import sys
saved = open(sys.argv[1], 'rb').read()
kept = open(sys.argv[2], 'rb').read()
sys.exit(0 if kept in saved and b'\nquick-1 1 ' in saved and b'\nother 1 4 ' in saved else 1)
PY
    then
        fail "damaged ($name): the save lost a line"
        od -c "$state/zmqlab/progress" | head -20 | sed 's/^/  | /'
        return
    fi
    ok "damaged ($name): other records and damaged lines kept, line $line reported"
}
damaged garbage 'zmqlab-progress 2\nother 1 4 2 2\n\177ELF\002\001 \377\376 garbage\n' \
    '\n\177ELF\002\001 \377\376 garbage\n' 3
damaged cut-line 'zmqlab-progress 2\nother 1 4 2 2\nexercise:ex-one passed\nhwm 1 3 2' \
    '\nhwm 1 3 2\n' 4
damaged nul-byte 'zmqlab-progress 2\nhwm\000 1 3 1 1\nother 1 4 2 2\n' '\nhwm\000 1 3 1 1\n' 2
damaged no-header 'other 1 4 2 2\n\001\002\003\n' '\n\001\002\003\n' 1

# A newer zmqlab's keyed lines are kept, and are no damage.
state=$tmp/newer
mkdir -p "$state/zmqlab"
printf 'zmqlab-progress 2\nother 1 4 2 2\nbadge: gold quick-7\n' >"$state/zmqlab/progress"
headless "$state" 1
if [ "$rc" -eq 0 ] && ! grep -q progress "$tmp/out" && grep -q -x 'badge: gold quick-7' "$state/zmqlab/progress" \
&& grep -q '^quick-1 1 ' "$state/zmqlab/progress"; then
    ok "a newer version's keyed line kept without a warning"
else
    fail "a newer version's keyed line: exit status $rc"; sed 's/^/  | /' "$tmp/out" "$state/zmqlab/progress"
fi

# --- a file that cannot be read is left alone --------------------------------------
# unreadable NAME — the run ends normally, says the file is unreadable and
# not saved; $state/zmqlab/progress is as it was ($before, from ls/cat).
unreadable () {
    local name=$1
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "unreadable ($name): zmqlab did not end within $TIMEOUT s"; return
    fi
    if [ "$rc" -ne 0 ] || ! no_crash "$tmp/out" \
    || ! grep -q 'progress file damaged or unreadable' "$tmp/out" \
    || ! grep -q 'progress not saved' "$tmp/out"; then
        fail "unreadable ($name): exit status $rc, or no clear message"
        sed 's/^/  | /' "$tmp/out"; return
    fi
    ok "unreadable ($name): reported, not overwritten, the run went on"
}

state=$tmp/directory
mkdir -p "$state/zmqlab/progress"
touch "$state/zmqlab/progress/inside"
headless "$state" 1
unreadable directory
[ -f "$state/zmqlab/progress/inside" ] || fail "directory: its content is gone"

state=$tmp/fifo
mkdir -p "$state/zmqlab"
mkfifo "$state/zmqlab/progress"
headless "$state" 1
unreadable fifo
[ -p "$state/zmqlab/progress" ] || fail "fifo: replaced"

# No read permission: as root everything is readable, so the run is made as
# nobody when this runs as root (and skipped when that cannot be done).
state=$tmp/denied
mkdir -p "$state/zmqlab"
printf 'zmqlab-progress 2\nother 1 4 2 2\n' >"$state/zmqlab/progress"
as=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1 \
    && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ZMQLAB" 2>/dev/null; then
        as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chmod 755 "$tmp"
        chmod 644 "$tmp/quick-1.lua"
        chown -R 65534:65534 "$state"
    else
        echo "skip no read permission: root, and cannot run as nobody"
        state=
    fi
fi
if [ -n "$state" ]; then
    chmod 000 "$state/zmqlab/progress"
    XDG_STATE_HOME=$state timeout -k 10 "$TIMEOUT" "${as[@]}" "$ZMQLAB" --headless \
        "$tmp/quick-1.lua" </dev/null >"$tmp/out" 2>&1
    rc=$?
    unreadable no-permission
    chmod 600 "$state/zmqlab/progress"
    [ "$(cat "$state/zmqlab/progress")" = "$(printf 'zmqlab-progress 2\nother 1 4 2 2')" ] \
        || fail "no permission: the file changed"
fi

echo
if [ "$failures" -eq 0 ]; then
    echo "progress.sh: all passed"
else
    echo "progress.sh: $failures failed"
fi
[ "$failures" -eq 0 ]
