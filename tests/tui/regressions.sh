#!/usr/bin/env bash
# regressions.sh — defects once found in the terminal view, each checked
# so it stays fixed. Each check states what the screen should show; the
# script fails if any of them breaks again (and names which).
. "$(dirname "$0")/lib.sh"

failures=()

# bug NAME: runs the function NAME in a subshell with a tmux server of its
# own; a `fail` inside marks the bug as still there.
bug () {
    if ( trap tui_stop_server EXIT; "$1" ); then
        pass "$1"
    else
        failures+=("$1")
    fi
}

sandbox_pub_sub () {
    tui_start -x 100 -y 30 --sandbox
    wait_for 'spawn("publisher"'
    type_text 'spawn("publisher", { name = "pub", rate = 5 })'; keys Enter
    wait_box pub
    type_text 'spawn("subscriber", { name = "sub" })'; keys Enter
    wait_box sub
    keys Escape
    wait_until '[ "$(box_sent pub)" -gt 2 ]' 5 || fail "pub does not send"
}

# 1. After '.', Space leaves stepping: the lab runs freely again (it once
#    said "Running." while the status bar stayed STEPPING and nothing moved).
space_leaves_stepping () {
    sandbox_pub_sub
    keys .
    wait_for_re '^ STEPPING '
    keys Space
    wait_for "Running."
    wait_until 'status_bar | grep -q "^ running "' 3 || fail "the status bar still says $(status_bar | cut -c1-12) after Space, Space"
    local sent
    sent=$(box_sent pub)
    wait_sent_above pub "$sent" >/dev/null || exit 1
}

# 2. The details panel says "details (Esc: log)", but Esc does nothing:
#    nothing brings the event log back once an actor is selected.
esc_closes_details () {
    sandbox_pub_sub
    keys Tab
    wait_for "details (Esc: log)"
    keys Escape
    wait_until 'screen_has "event log"' 3 || fail "Esc did not bring the event log back"
}

# 3. An error of a ':' command is invisible while the command line stays
#    open (the error and the command line share one row): in the sandbox
#    every error, in a lesson a syntax error.
sandbox_command_error_visible () {
    tui_start -x 100 -y 30 --sandbox
    wait_for 'spawn("publisher"'
    type_text 'spawn("nope")'; keys Enter
    wait_until 'screen | grep -qE "unknown behaviour|nope"' 3 \
        || fail "the sandbox shows no error for spawn(\"nope\")"
}
lesson_syntax_error_visible () {
    tui_start -x 100 -y 30 1
    wait_for "Step 1 of"
    keys :
    type_text 'spawn('; keys Enter
    wait_until 'screen_has "unexpected symbol"' 3 || fail "a lesson shows no error for 'spawn('"
}

# 4. Restarting an actor that has been stopped for a second or more shows a
#    nonsense send rate in the details ("sent 0 … errors 0  1887308682…"),
#    paused lab or not.
restart_rate_sane () {
    sandbox_pub_sub
    keys Tab
    wait_for "pub (publisher)"
    keys k
    wait_until 'box_has pub stopped' 5 || fail "k did not stop pub"
    # Part of the reproduction, not a synchronisation: the actor stays
    # stopped a while (restarting at once does not show it).
    sleep 1.5
    keys r
    wait_until '! box_has pub stopped' 5 || fail "r did not restart pub"
    # The rate is sampled from the counters: within a second or two of the
    # restart it turns into billions (the sent count went back to 0).
    wait_until 'screen | grep -qE "errors [0-9]+  [0-9]{4,}"' 2.5 \
        && fail "pub's send rate after a restart reads $(screen | grep -oE "errors [0-9]+  [0-9]{4,}")"
    return 0
}

# 5. Lesson 5: when pub has finished, the link pub → sub still holds 20
#    messages (the lesson checks "The queue is full: 20 of 20"), but the
#    link is not drawn at all, so its full gauge (20/20) is not seen: a
#    closed link with nothing delivered or lost is skipped, whatever it
#    still holds.
full_queue_drawn () {
    tui_start -x 100 -y 30 5
    advance_until "to predict" 30
    keys 2
    wait_for "The queue is full: 20 of 20" 20
    wait_until 'screen_has "20/20"' 3 || fail "no 20/20 gauge on the link pub → sub"
}

[ -n "${ONLY:-}" ] && { bug "$ONLY"; exit; }
bug space_leaves_stepping
bug esc_closes_details
bug sandbox_command_error_visible
bug lesson_syntax_error_visible
bug restart_rate_sane
bug full_queue_drawn

if [ ${#failures[@]} -gt 0 ]; then
    echo "$TUI_NAME: still broken: ${failures[*]}" >&2
    exit 1
fi
