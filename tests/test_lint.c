/*  test_lint.c — the spoiler lint of --check (src/lesson/lint.h): which
    narration gives a question's answer away (its text or a part of it, a
    key number, its own words) and which does not (the question's own
    numbers, words every choice shares, narration of an earlier section, a
    number glued to a name), in English and Chinese.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lesson/lint.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *s_topics [] = {
    "10: only the news messages", "20: news and newsletter", "30: everything"
};
static const char *s_topics_q =
    "Three topics, 10 messages each. How many will reader1 receive?";

//  Does SAID (one narration) give away ANSWER of the question Q?
static bool
s_flags (const char *said, const char *q, const char **choices, int n, int answer,
         lint_finding_t *finding)
{
    lint_t *lint = lint_new ();
    assert_non_null (lint);
    assert_int_equal (lint_say (lint, said, 7), 0);
    bool found = lint_ask (lint, q, choices, n, answer, finding);
    lint_destroy (&lint);
    assert_null (lint);
    return found;
}

static void
test_key_number (void **state)
{
    (void) state;
    lint_finding_t finding;
    assert_true (s_flags ("reader1 will get 20 messages.", s_topics_q, s_topics, 3, 2, &finding));
    assert_int_equal (finding.kind, LINT_NUMBER);
    assert_string_equal (finding.what, "20");
    assert_int_equal (finding.line, 7);
    //  The question's own number, and numbers of other choices, are not key.
    assert_false (s_flags ("Each topic has 10 messages, 30 in all.", s_topics_q, s_topics, 3, 2, &finding));
    //  Whole numbers only: 200, 2026, 20.5 and worker20 are not 20.
    assert_false (s_flags ("In 2026 we sent 200 of them at 20.5 per second to worker20.",
                           s_topics_q, s_topics, 3, 2, &finding));
    //  Decimals compare by value.
    const char *times [] = { "About 0.2 s: one task", "About 1.6 s: 8 × 0.2 s" };
    assert_true (s_flags ("It will take 1.60 s.", "8 tasks of 0.2 s: how long?", times, 2, 2, &finding));
    assert_string_equal (finding.what, "1.6");
    assert_false (s_flags ("Each task takes 0.2 s, 8 of them.", "8 tasks of 0.2 s: how long?",
                           times, 2, 2, &finding));
}

static void
test_answer_text (void **state)
{
    (void) state;
    const char *choices [] = { "Everything, from #1", "The late subscriber misses the start" };
    lint_finding_t finding;
    assert_true (s_flags ("Remember: THE late subscriber  misses the start!", "What does it get?",
                          choices, 2, 2, &finding));
    assert_int_equal (finding.kind, LINT_TEXT);
    assert_string_equal (finding.what, "the late subscriber misses the start");
    //  A part between colons or commas counts when long enough.
    const char *parts [] = { "#1: kept for it", "One sent after it joined: everything before is gone" };
    assert_true (s_flags ("Whatever was sent earlier: everything before is gone.", "Which first?",
                          parts, 2, 2, &finding));
    assert_string_equal (finding.what, "everything before is gone");
    //  At word boundaries: "none" is not in "nonetheless".
    const char *none [] = { "None", "A few", "All 20" };
    assert_false (s_flags ("Nonetheless it connects first.", "How many of 20 will it miss?",
                           none, 3, 1, &finding));
    assert_true (s_flags ("It will miss none.", "How many of 20 will it miss?", none, 3, 1, &finding));
}

static void
test_own_words (void **state)
{
    (void) state;
    const char *choices [] = {
        "It is queued and sent after the reply", "It fails at once with an error",
        "It blocks until the reply arrives"
    };
    const char *q = "The client sends twice. What happens to the second send?";
    lint_finding_t finding;
    assert_true (s_flags ("A second send fails at once: an error, EFSM.", q, choices, 3, 2, &finding));
    assert_int_equal (finding.kind, LINT_WORDS);
    assert_string_equal (finding.what, "fail, once, error");
    //  One word of three is not enough; nor are words the question has.
    assert_false (s_flags ("Watch for an error in the stats.", q, choices, 3, 2, &finding));
    assert_false (s_flags ("The client sends twice; what happens?", q, choices, 3, 2, &finding));
    //  A plural s is the same word: "waits" and "wait".
    const char *waiting [] = { "recv() returns an error", "It waits forever" };
    assert_true (s_flags ("A client without a timeout can wait forever.", "What does the client do?",
                          waiting, 2, 2, &finding));
}

static void
test_chinese (void **state)
{
    (void) state;
    const char *choices [] = { "排队", "立即失败，返回错误" };
    lint_finding_t finding;
    assert_true (s_flags ("连续发送两次会立即失败。", "连续发送两次会怎样？", choices, 2, 2, &finding));
    assert_int_equal (finding.kind, LINT_TEXT);
    assert_string_equal (finding.what, "立即失败");
    assert_false (s_flags ("客户端将连续发送两次。", "连续发送两次会怎样？", choices, 2, 2, &finding));
    const char *topics [] = { "10 条：只有 news", "20 条：news 和 newsletter", "30 条：全部" };
    assert_true (s_flags ("reader1 会收到20条。", "每个主题 10 条，reader1 会收到多少条？",
                          topics, 3, 2, &finding));
    assert_string_equal (finding.what, "20");
}

static void
test_sections_and_summary (void **state)
{
    (void) state;
    lint_t *lint = lint_new ();
    assert_non_null (lint);
    lint_finding_t finding;
    //  The summary counts for the first question only.
    lint_summary (lint, "reader1 gets 20 messages.");
    assert_true (lint_ask (lint, s_topics_q, s_topics, 3, 2, &finding));
    assert_int_equal (finding.line, 0);
    assert_false (lint_ask (lint, s_topics_q, s_topics, 3, 2, &finding));
    //  Narration counts until the next section starts.
    assert_int_equal (lint_say (lint, "Spoiler: 20.", 12), 0);
    assert_int_equal (lint_say (lint, "Harmless.", 13), 0);
    assert_true (lint_ask (lint, s_topics_q, s_topics, 3, 2, &finding));
    assert_int_equal (finding.line, 12);
    assert_true (lint_ask (lint, s_topics_q, s_topics, 3, 2, &finding));
    lint_section (lint);
    assert_false (lint_ask (lint, s_topics_q, s_topics, 3, 2, &finding));
    //  A bad answer index is no finding, never a crash.
    assert_int_equal (lint_say (lint, "20", 20), 0);
    assert_false (lint_ask (lint, s_topics_q, s_topics, 3, 4, &finding));
    assert_false (lint_ask (lint, s_topics_q, s_topics, 3, 0, &finding));
    lint_destroy (&lint);
    lint_destroy (&lint);           //  harmless twice
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_key_number),
        cmocka_unit_test (test_answer_text),
        cmocka_unit_test (test_own_words),
        cmocka_unit_test (test_chinese),
        cmocka_unit_test (test_sections_and_summary),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
