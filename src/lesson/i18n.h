/*  i18n.h — zmqlab's own messages in English and Chinese: the table of the
    lesson runtime, the runner, the session and main (the view keeps its
    own, src/tui/words.h; engine/lang.h says why and how they agree).
    Lesson texts carry their translations themselves ({ en = …, zh = … }).

    A message is i18n_msg (lang, MSG_…). A format goes to printf through
    i18n_format or i18n_print, or to Lua (luaL_error, lua_pushfstring) as
    i18n_msg: its Chinese text has the English one's conversions, in the
    same order (tests/test_i18n.c checks every row).
*/
#ifndef ZMQLAB_I18N_H
#define ZMQLAB_I18N_H

#include "engine/lang.h"

#include <stdio.h>

typedef enum {
    //  The transcript and the panel.
    MSG_LESSON, MSG_STEP, MSG_QUESTION, MSG_PREDICTED, MSG_ANSWER, MSG_CHECK_PASSED,
    MSG_CHECK_FAILED, MSG_HINT, MSG_RESULT, MSG_CHECKS, MSG_ACTORS, MSG_LINKS,
    MSG_ERROR, MSG_LESSON_FAILED, MSG_NO_LESSON, MSG_FINISHED, MSG_NOT_FINISHED,
    MSG_HINT_SYNTAX, MSG_HINT_RUNTIME, MSG_HINT_BUDGET, MSG_HINT_MEMORY,
    MSG_HINT_BEHAVIOUR, MSG_HINT_META, MSG_MISSING_TRANSLATION, MSG_PROGRESS_BAD,
    MSG_ALL_PASSED, MSG_SOME_FAILED, MSG_PRESS_ENTER, MSG_COLUMNS_ACTORS, MSG_COLUMNS_LINKS,
    MSG_PROMPT_NEXT, MSG_PROMPT_CHOICE, MSG_TIMEOUT, MSG_NO_LAB, MSG_CANNOT_READ,
    MSG_COLON, MSG_HINT_LABEL, MSG_CANNOT_SAVE_PROGRESS, MSG_SANDBOX_HELP, MSG_FAILED,
    //  The lesson runtime (lesson.c): Lua formats.
    MSG_BUDGET_TAG, MSG_BUDGET, MSG_TOO_LARGE, MSG_CANNOT_OPEN, MSG_NO_LUA_STATE,
    MSG_STILL_RUNNING, MSG_TEXT_EXPECTED, MSG_TEXT_NEITHER, MSG_TEXT_UNTRANSLATED,
    MSG_UNSHOWABLE, MSG_NEVER_META, MSG_ERROR_NOT_STRING, MSG_NO_META_AT_TOP,
    //  The lesson API's argument errors (api.c): Lua formats.
    MSG_META_FIRST, MSG_META_TWICE, MSG_META_ID, MSG_META_TITLE, MSG_META_LEVEL,
    MSG_META_NO_LEVEL, MSG_META_NO_SUMMARY, MSG_META_NEEDS, MSG_ASK_CHOICES,
    MSG_ASK_N_CHOICES, MSG_ASK_ANSWER, MSG_ASK_NO_EXPLAIN, MSG_WAIT_SECONDS,
    MSG_WAIT_TIMEOUT, MSG_SPEED_FACTOR, MSG_PARAMS_FINITE, MSG_PARAMS_DEEP, MSG_PARAMS_KEYS,
    MSG_PARAMS_TYPE, MSG_NO_ACTOR_YET, MSG_NO_ACTOR, MSG_SPAWN_NAME_TYPE,
    MSG_SPAWN_FAILED, MSG_RESTART_FAILED, MSG_SET_UNKNOWN, MSG_BEHAVIOUR_ERROR,
    //  What the lab refuses (lab_refusal_t), in the lesson's words.
    MSG_SPAWN_UNKNOWN, MSG_SPAWN_TAKEN, MSG_SPAWN_BAD_NAME, MSG_SPAWN_RESERVED,
    MSG_BEHAVIOUR_NAME,
    //  The command line and main's lists.
    MSG_USAGE_ERROR, MSG_LANG_BAD, MSG_UNKNOWN_OPTION, MSG_MISSING_VALUE, MSG_DEMO_BAD,
    MSG_SECONDS_BAD, MSG_SPEED_BAD, MSG_TIMEOUT_BAD, MSG_LISTEN_BAD, MSG_MAX_MSG_SIZE_BAD,
    MSG_MAX_PEERS_BAD, MSG_HEADLESS_WANTS, MSG_CHECK_WANTS, MSG_FILE, MSG_FILES,
    MSG_PROBLEM, MSG_PROBLEMS, MSG_SKIPPED_OUTSIDE, MSG_LESSONS_PASSED, MSG_LESSONS_FAILED,
    MSG_MENU_TITLE, MSG_MENU_PROMPT, MSG_CANNOT_READ_LESSONS, MSG_INTERRUPTED,
    MSG_COUNT
} msg_id_t;

//  "en" or "zh" (also "zh_CN", "en_US.UTF-8"…). -1 when neither.
int i18n_parse (const char *name, i18n_lang_t *lang);
//  The language from LC_ALL, LC_MESSAGES, LANG (in that order): zh when the
//  first one set starts with "zh", else en.
i18n_lang_t i18n_from_environment (void);
const char *i18n_code (i18n_lang_t lang);
//  A program message in LANG.
const char *i18n_msg (i18n_lang_t lang, msg_id_t id);
//  The message ID in LANG as a printf format, filled with the arguments
//  (the caller frees; NULL when out of memory).
char *i18n_format (i18n_lang_t lang, msg_id_t id, ...);
//  The same, written to OUT.
void i18n_print (FILE *out, i18n_lang_t lang, msg_id_t id, ...);

#endif
