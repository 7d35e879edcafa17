#!/usr/bin/env bash
# law_check.sh — :check in the sandbox view, in English and in Chinese: with
# a pusher and a puller at work it says the conservation law holds; the
# help (? in a lesson) tells of it.
. "$(dirname "$0")/lib.sh"

for lang in en zh; do
    if [ "$lang" = zh ]; then
        holds="守恒定律成立"
        help=":check 检查计数（守恒定律）"
    else
        holds="conservation law holds"
        help=":check checks the counts"
    fi
    tui_start -x 100 -y 30 --lang "$lang" --sandbox
    wait_until '[ "$(screen | tail -2 | head -1)" = ":" ]' 10 || fail "$lang: the sandbox's prompt is not open"
    type_text 'spawn("puller", { name = "pl", quiet = true })'
    keys Enter
    wait_box pl
    type_text 'spawn("pusher", { name = "ps", interval = 0.05, quiet = true })'
    keys Enter
    wait_box ps
    wait_sent_above ps 3 >/dev/null || fail "$lang: the pusher does not send"
    type_text ':check'
    keys Enter
    wait_for "$holds" 5 || fail "$lang: :check did not say the law holds"
    pass "$lang: :check says the law holds"
    tui_start -x 100 -y 30 --lang "$lang" 3            # publish-subscribe
    wait_for_re '\[n\]' 20 || fail "$lang: the lesson did not open"
    keys '?'
    wait_for "$help" 5 || fail "$lang: the help does not tell of :check"
    pass "$lang: the help tells of :check"
done
