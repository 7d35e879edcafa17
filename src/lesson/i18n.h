/*  i18n.h — the two languages zmqlab speaks, and its own messages in both.
    Lesson texts carry their translations themselves ({ en = …, zh = … }).
*/
#ifndef ZMQLAB_I18N_H
#define ZMQLAB_I18N_H

typedef enum { LANG_EN, LANG_ZH, LANG_COUNT } i18n_lang_t;

typedef enum {
    MSG_LESSON, MSG_STEP, MSG_QUESTION, MSG_PREDICTED, MSG_ANSWER, MSG_CHECK_PASSED,
    MSG_CHECK_FAILED, MSG_HINT, MSG_RESULT, MSG_CHECKS, MSG_ACTORS, MSG_LINKS,
    MSG_ERROR, MSG_LESSON_FAILED, MSG_NO_LESSON, MSG_FINISHED, MSG_NOT_FINISHED,
    MSG_HINT_SYNTAX, MSG_HINT_RUNTIME, MSG_HINT_BUDGET, MSG_HINT_MEMORY,
    MSG_HINT_BEHAVIOUR, MSG_HINT_META, MSG_MISSING_TRANSLATION, MSG_PROGRESS_BAD,
    MSG_ALL_PASSED, MSG_SOME_FAILED, MSG_PRESS_ENTER, MSG_COLUMNS_ACTORS, MSG_COLUMNS_LINKS,
    MSG_PROMPT_NEXT, MSG_PROMPT_CHOICE, MSG_TIMEOUT, MSG_NO_LAB, MSG_CANNOT_READ,
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

#endif
