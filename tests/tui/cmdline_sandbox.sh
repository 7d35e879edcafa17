#!/usr/bin/env bash
# cmdline_sandbox.sh — the command line for people, in the sandbox, at
# 100×30 in English and 80×24 in Chinese: it stays open after Enter and a
# leading ':' is fine; an error clears the line and Up brings it back;
# "unknown behaviour" names the known ones; Tab completes behaviour and
# method names and shows the candidates when there are several; a second
# default publisher says why it crashed in one line; 4 KiB commands run and
# a longer one is refused in words; help() lists functions and behaviours.
. "$(dirname "$0")/lib.sh"

message_line () { screen | tail -2 | head -1; }
result_line () { screen | tail -3 | head -1; }

for config in "100 30 en" "80 24 zh"; do
    set -- $config
    cols=$1 rows=$2 lang=$3
    if [ "$lang" = zh ]; then
        unknown="未知的行为 'nope'（已知的：rep_server"
        crashed="p2 已崩溃：地址已被占用 (inproc://pubsub)"
        too_long="命令行最多 4096 字节"
        behaviours="行为："
    else
        unknown="unknown behaviour 'nope' (known: rep_server"
        crashed="p2 crashed: address in use (inproc://pubsub)"
        too_long="The command line holds at most 4096 bytes"
        behaviours="Behaviours:"
    fi
    what="${cols}x${rows} $lang"
    tui_start -x "$cols" -y "$rows" --lang "$lang" --sandbox
    wait_until '[ "$(message_line)" = ":" ]' 10 || fail "$what: the sandbox's prompt is not open"

    # A leading ':' (the habit of the key) is not a syntax error.
    type_text ':spawn("publisher", { name = "p1" })'
    keys Enter
    wait_box p1
    wait_until '[ "$(message_line)" = ":" ]' 5 || fail "$what: the prompt did not stay open, empty"
    assert_screen_lacks "unexpected symbol"
    pass "$what: a leading ':' runs, the prompt stays open"

    # An error: said above the prompt, which is empty again; Up brings it back.
    type_text 'spawn("nope")'
    keys Enter
    wait_until 'screen | grep -qF "$unknown"' 5 || fail "$what: no '$unknown'"
    screen | grep -F "$unknown" | grep -q "publisher" || fail "$what: the known behaviours are not named"
    [ "$(message_line)" = ":" ] || fail "$what: the wrong command stayed on the line"
    keys Up
    wait_until '[ "$(message_line)" = ":spawn(\"nope\")" ]' 5 || fail "$what: Up did not bring the command back"
    keys C-u
    pass "$what: an error clears the line, Up brings it back"

    # Tab: several candidates are shown; one is completed.
    type_text 'spawn("pu'
    keys Tab
    wait_until 'result_line | grep -q "^publisher pusher puller"' 5 || fail "$what: Tab did not show the candidates"
    type_text 'b'
    keys Tab
    wait_until '[ "$(message_line)" = ":spawn(\"publisher" ]' 5 || fail "$what: Tab did not complete 'publisher'"
    type_text '", { name = "p2" })'
    keys Enter
    wait_box p2
    # The crash says why, in one line.
    wait_until 'screen | grep -qF "$crashed"' 5 || fail "$what: no '$crashed'"
    pass "$what: Tab completes; a crash says why in one line"

    type_text 'actor("p1"):pa'
    keys Tab
    wait_until '[ "$(message_line)" = ":actor(\"p1\"):pause" ]' 5 || fail "$what: Tab did not complete the method"
    keys C-u

    # 300 bytes were cut at 255 before ("unfinished string near <eof>").
    long=$(printf 'x%.0s' $(seq 1 300))
    type_text "print(\"$long\")"
    keys Enter
    wait_until 'screen | grep -qF "xxxxxxxxxxxxxxxxxxxx"' 5 || fail "$what: a 300-byte print did not run"
    assert_screen_lacks "unfinished string"
    # Beyond 4096 bytes: refused in words, nothing cut silently.
    long=$(printf 'y%.0s' $(seq 1 4100))
    type_text "$long"
    wait_until 'screen | grep -qF "$too_long"' 20 || fail "$what: no '$too_long'"
    keys C-u
    pass "$what: 300 bytes run; beyond 4096 the line says so"

    type_text 'help()'
    keys Enter
    wait_until 'screen | grep -qF "sink — "' 5 || fail "$what: help() did not list the behaviours"
    result_line | grep -qE "^help\(\)" || fail "$what: help()'s last line is not its how-to"
    # Its head is up the panel: PgUp (with the line closed) scrolls there.
    keys Escape
    wait_until '! message_line | grep -q "^:"' 5 || fail "$what: Esc did not close the line"
    for i in $(seq 1 40); do
        screen_has "$behaviours" && break
        before=$(screen)
        keys PPage
        wait_until '[ "$(screen)" != "$before" ]' 5 || break
    done
    screen_has "$behaviours" || fail "$what: no '$behaviours' up the panel"
    pass "$what: help() lists the behaviours"

    keys q
    wait_for_re "Leave the sandbox\?|离开自由模式" 10    # its actors would stop: q asks first
    keys y
    status=$(wait_exit 10) || exit 1
    [ "$status" = 0 ] || fail "$what: q exited with status $status"
done
