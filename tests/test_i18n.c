/*  test_i18n.c — the one way zmqlab translates (src/engine/lang.h): every
    row of both message tables (src/lesson/i18n.def, src/tui/words.def) has
    both languages, is a FORMAT exactly when it has a conversion, and its
    Chinese format the English one's conversions in the same order (gcc
    checks a call's arguments against the English text only).
    Also the small shared pieces beside it: the lab's refusal kinds that
    the lesson words, lesson ids, the state directory, short counts.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/lab.h"
#include "engine/lang.h"
#include "engine/paths.h"
#include "lesson/i18n.h"
#include "lesson/lesson.h"
#include "tui/gauge.h"
#include "tui/words.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
test_same_conversions (void **state)
{
    (void) state;
    assert_true (lang_same_conversions ("plain", "纯文本"));
    assert_true (lang_same_conversions ("%s: %d", "%s：%d"));
    assert_true (lang_same_conversions ("%.0f/s %6.2f", "%f/秒 %.1f"));
    assert_true (lang_same_conversions ("100%% of %s", "%s 的 100%%"));
    assert_true (lang_same_conversions ("%02d %-8s %m", "%d %s %m"));
    assert_false (lang_same_conversions ("%s %d", "%d %s"));
    assert_false (lang_same_conversions ("%s", "%s %s"));
    assert_false (lang_same_conversions ("%llu", "%lu"));
    assert_false (lang_same_conversions ("%zu", "%u"));
    assert_false (lang_same_conversions ("%*d", "%d"));
    assert_false (lang_same_conversions ("%s", "no conversion"));
}

static void
test_pick (void **state)
{
    (void) state;
    const char *both [LANG_COUNT] = { "yes", "是" };
    const char *english [LANG_COUNT] = { "only", NULL };
    assert_string_equal (lang_pick (both, LANG_EN), "yes");
    assert_string_equal (lang_pick (both, LANG_ZH), "是");
    assert_string_equal (lang_pick (english, LANG_ZH), "only");
    assert_string_equal (lang_pick (NULL, LANG_ZH), "?");
}

//  Rows whose two texts are the same on purpose.
static bool
s_same_on_purpose (const char *en)
{
    return strcmp (en, "-") == 0 || strcmp (en, "^ PgUp") == 0 || strcmp (en, "v PgDn") == 0;
}

static void
s_check_row (const char *table, int id, const char *en, const char *zh)
{
    if (!en || !*en || !zh || !*zh || (en == zh && !s_same_on_purpose (en))) {
        print_error ("%s row %d: missing a language (en \"%s\", zh \"%s\")\n", table, id,
                     en ? en : "(null)", zh ? zh : "(null)");
        fail ();
    }
    if (!lang_same_conversions (en, zh)) {
        print_error ("%s row %d: \"%s\" and \"%s\" differ in their conversions\n", table, id,
                     en, zh);
        fail ();
    }
}

//  Whether each row of the two tables was written as a FORMAT (i18n.def,
//  words.def): a MESSAGE has no '%' (it is never a format by mistake), a
//  FORMAT has a conversion (gcc checks its calls against the English).
#define MESSAGE(id, en, zh) [id] = false,
#define FORMAT(id, en, zh) [id] = true,
static const bool s_msg_is_format [MSG_COUNT] = {
#include "lesson/i18n.def"
};
static const bool s_word_is_format [W_COUNT] = {
#include "tui/words.def"
};
#undef MESSAGE
#undef FORMAT

static void
s_check_kind (const char *table, int id, const char *en, bool format)
{
    bool conversion = false;
    for (const char *c = strchr (en, '%'); c; c = strchr (c + 2, '%'))
        if (c [1] != '%') {
            conversion = true;
            break;
        }
    if (format ? !conversion : strchr (en, '%') != NULL) {
        print_error ("%s row %d: \"%s\" is a %s row\n", table, id, en,
                     format ? "FORMAT without a conversion, not a MESSAGE"
                            : "MESSAGE with a '%', not a FORMAT");
        fail ();
    }
}

static void
test_lesson_table (void **state)
{
    (void) state;
    for (int id = 0; id < MSG_COUNT; id++) {
        s_check_row ("i18n", id, i18n_msg (LANG_EN, (msg_id_t) id),
                     i18n_msg (LANG_ZH, (msg_id_t) id));
        s_check_kind ("i18n", id, i18n_msg (LANG_EN, (msg_id_t) id), s_msg_is_format [id]);
    }
    assert_string_equal (i18n_msg (LANG_ZH, MSG_COUNT), "?");
}

static void
test_view_table (void **state)
{
    (void) state;
    model_t en = { .zh = false }, zh = { .zh = true };
    for (int id = 0; id < W_COUNT; id++) {
        s_check_row ("words", id, words_msg (&en, (word_id_t) id), words_msg (&zh, (word_id_t) id));
        s_check_kind ("words", id, words_msg (&en, (word_id_t) id), s_word_is_format [id]);
    }
    //  The view names states as the lessons do: the lab's words in English.
    for (int s = 0; s < ACTOR_STATE_COUNT; s++)
        assert_string_equal (words_msg (&en, (word_id_t) (W_STATE_FIRST + s)),
                             actor_state_name ((actor_state_t) s));
}

static void
test_format (void **state)
{
    (void) state;
    char *text = i18n_format (LANG_ZH, MSG_ASK_N_CHOICES, 1);
    assert_string_equal (text, "ask：有 1 个选项；请给出二到九个");
    free (text);
    text = i18n_format (LANG_EN, MSG_SPAWN_FAILED, "pusher", "boom");
    assert_string_equal (text, "spawn pusher: boom");
    free (text);
    model_t zh = { .zh = true };
    char out [64];
    words_format (out, sizeof out, &zh, W_STEP_OF, 2, 7);
    assert_string_equal (out, "第 2/7 步");
}

static void
test_refusals (void **state)
{
    (void) state;
    assert_int_equal (lab_check_name ("pub-1_a", true), LAB_ACCEPTED);
    assert_int_equal (lab_check_name ("", true), LAB_BAD_NAME);
    assert_int_equal (lab_check_name ("a b", false), LAB_BAD_NAME);
    assert_int_equal (lab_check_name ("a.b", true), LAB_BAD_NAME);
    assert_int_equal (lab_check_name ("0123456789012345678901234567890123", true), LAB_BAD_NAME);
    assert_int_equal (lab_check_name ("ext12", true), LAB_RESERVED_NAME);
    assert_int_equal (lab_check_name ("ext12", false), LAB_ACCEPTED);
    assert_int_equal (lab_check_name ("ext", true), LAB_ACCEPTED);
    assert_int_equal (lab_check_name ("ext1a", true), LAB_ACCEPTED);

    lab_t *lab = lab_new (NULL);
    assert_non_null (lab);
    assert_int_equal (lab_define (lab, "idle", "-- nothing"), 0);
    assert_int_equal (lab_check_spawn (lab, "nope", "x"), LAB_UNKNOWN_BEHAVIOUR);
    assert_int_equal (lab_check_spawn (lab, "idle", "ext3"), LAB_RESERVED_NAME);
    assert_int_equal (lab_check_spawn (lab, "idle", "a b"), LAB_BAD_NAME);
    assert_int_equal (lab_check_spawn (lab, "idle", "x"), LAB_ACCEPTED);
    //  lab_spawn refuses what lab_check_spawn names, in its own English.
    char *error = NULL;
    assert_null (lab_spawn (lab, "idle", "ext3", NULL, &error));
    assert_non_null (strstr (error, "ext1, ext2"));
    free (error);
    lab_destroy (&lab);
}

static void
test_lesson_ids (void **state)
{
    (void) state;
    assert_true (lesson_valid_id ("late-subscriber"));
    assert_true (lesson_valid_id ("a_1"));
    assert_false (lesson_valid_id (""));
    assert_false (lesson_valid_id ("Late"));
    assert_false (lesson_valid_id ("a b"));
    char longest [42];
    memset (longest, 'a', 41);
    longest [41] = 0;
    assert_false (lesson_valid_id (longest));
    longest [40] = 0;
    assert_true (lesson_valid_id (longest));
}

static void
test_state_dir (void **state)
{
    (void) state;
    setenv ("XDG_STATE_HOME", "/x/state", 1);
    setenv ("HOME", "/h", 1);
    char *dir = paths_state_dir ();
    assert_string_equal (dir, "/x/state/zmqlab");
    free (dir);
    setenv ("XDG_STATE_HOME", "", 1);
    dir = paths_state_dir ();
    assert_string_equal (dir, "/h/.local/state/zmqlab");
    free (dir);
    unsetenv ("XDG_STATE_HOME");
    unsetenv ("HOME");
    assert_null (paths_state_dir ());

    char root [] = "/tmp/zmqlab-paths-XXXXXX";
    assert_non_null (mkdtemp (root));
    char deep [128];
    snprintf (deep, sizeof deep, "%s/a/b/c", root);
    assert_int_equal (paths_make_dir (deep), 0);
    assert_int_equal (access (deep, W_OK), 0);
    assert_int_equal (paths_make_dir (deep), 0);        //  there already: fine
    char rm [160];
    snprintf (rm, sizeof rm, "rm -r '%s'", root);
    assert_int_equal (system (rm), 0);
}

static void
test_count (void **state)
{
    (void) state;
    char out [16];
    gauge_count (out, sizeof out, 9999);
    assert_string_equal (out, "9999");
    gauge_count (out, sizeof out, 12345);
    assert_string_equal (out, "12k");
    gauge_count (out, sizeof out, 30000000);
    assert_string_equal (out, "30M");
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_same_conversions),
        cmocka_unit_test (test_pick),
        cmocka_unit_test (test_lesson_table),
        cmocka_unit_test (test_view_table),
        cmocka_unit_test (test_format),
        cmocka_unit_test (test_refusals),
        cmocka_unit_test (test_lesson_ids),
        cmocka_unit_test (test_state_dir),
        cmocka_unit_test (test_count),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
