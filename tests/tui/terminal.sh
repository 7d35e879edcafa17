#!/usr/bin/env bash
# terminal.sh — leaving zmqlab restores the terminal: q exits 0; SIGTERM,
# SIGHUP and Ctrl-C (while actors run, or idle on the menu) end it with the
# terminal back in canonical mode. LANG=C with NO_COLOR=1, and TERM=vt100,
# still draw; --lang zh draws the Chinese menu.
. "$(dirname "$0")/lib.sh"

# zmqlab runs under sh; after it, sh prints its status and the terminal's
# line discipline: "icanon" (restored) or "-icanon" (left in cbreak mode),
# and "echo" / "-echo".
after='echo "EXIT=$?"; stty -a | tr " ;" "\n\n" | grep -xE -- "-?(icanon|echo)" | sed "s/^/TTY=/"'

restored () {   # $1: the exit status expected, as a regular expression
    local want=$1 all
    wait_until '! pane_alive' 10 || fail "the shell after zmqlab did not finish"
    all=$(screen_all)
    grep -qE "^EXIT=($want)\$" <<< "$all" || fail "no EXIT=($want) after zmqlab: $(grep EXIT= <<< "$all")"
    grep -qx "TTY=icanon" <<< "$all" || fail "the terminal was left without icanon"
    grep -qx "TTY=echo" <<< "$all" || fail "the terminal was left without echo"
    sed -n 's/^EXIT=//p' <<< "$all" | head -1
}

# q from the menu.
tui_start_sh -x 100 -y 30 -- "\"\$ZMQLAB\"; $after"
wait_for "Enter open"
keys q
restored 0 >/dev/null
pass "q: exit 0, terminal restored"

# SIGTERM while a lesson's actors run.
tui_start_sh -x 100 -y 30 -- "\"\$ZMQLAB\" 3; $after"
advance_until "to predict" 20
wait_box reader1
pid=$(zmqlab_pid) || fail "no zmqlab process"
kill -TERM "$pid"
status=$(restored '130|143') || exit 1
pass "SIGTERM in a lesson: exit $status, terminal restored"

# SIGTERM and SIGHUP while idle on the menu (nothing moves: zmqlab sleeps).
for signal in TERM HUP; do
    tui_start_sh -x 100 -y 30 -- "\"\$ZMQLAB\"; $after"
    wait_for "Enter open"
    pid=$(zmqlab_pid) || fail "no zmqlab process"
    kill -"$signal" "$pid"
    status=$(restored '129|130|143') || exit 1
    pass "SIG$signal on the idle menu: exit $status, terminal restored"
done

# Ctrl-C in the sandbox with a publisher running.
# (Ctrl-C signals the whole foreground group: sh must survive it to report.)
tui_start_sh -x 100 -y 30 -- "trap : INT; \"\$ZMQLAB\" --sandbox; $after"
wait_for "The lab is empty"
type_text 'spawn("publisher", { name = "pub", rate = 20 })'
keys Enter
wait_box pub
keys Escape
keys C-c
status=$(restored '130') || exit 1
pass "Ctrl-C in the sandbox: exit $status, terminal restored"

# LANG=C and NO_COLOR=1: the menu is drawn (UTF-8 through C.UTF-8, or ASCII),
# a lesson's boxes too; q, q exits 0.
tui_start -x 100 -y 30 -e LANG=C -e NO_COLOR=1
wait_for "ZeroMQ lessons"
wait_for "request-reply"
wait_for "Enter open"
keys Enter
wait_for_re "Step 1 of"
advance_until "to predict" 20
wait_box server
keys q
wait_for "A question is still open"     # q asks before the question is lost
keys y
wait_for "ZeroMQ lessons"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "LANG=C NO_COLOR=1: q exited with status $status"
pass "LANG=C NO_COLOR=1: menu and lesson drawn, exit 0"

# An 8-colour terminal without much else.
tui_start -x 80 -y 24 -e LANG=C -e TERM=vt100
wait_for "ZeroMQ lessons"
wait_for "startup-order"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "TERM=vt100: q exited with status $status"
pass "TERM=vt100: menu drawn, exit 0"

# Chinese.
tui_start -x 100 -y 30 --lang zh
wait_for "ZeroMQ 课程"
wait_for "订阅发布模式"
keys Enter
wait_for_re "第 1/[0-9]+ 步"
wait_for "空格 暂停"
keys q
wait_for "ZeroMQ 课程"
keys q
status=$(wait_exit 10) || exit 1
[ "$status" = 0 ] || fail "--lang zh: q exited with status $status"
pass "--lang zh: ZeroMQ 课程, a lesson in Chinese, exit 0"
