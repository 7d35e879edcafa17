/*  i18n.h — zmqlab's own messages in English and Chinese: the table of the
    lesson runtime, the runner, the session and main (the view keeps its
    own, src/tui/words.h; engine/lang.h says why and how they agree).
    Lesson texts carry their translations themselves ({ en = …, zh = … }).

    The rows are in i18n.def. A message is i18n_msg (lang, MSG_…). A format
    goes to printf through i18n_format or i18n_print, whose arguments gcc
    checks against the English text, or to Lua (luaL_error,
    lua_pushfstring) as i18n_msg: its Chinese text has the English one's
    conversions, in the same order (tests/test_i18n.c checks every row).
*/
#ifndef ZMQLAB_I18N_H
#define ZMQLAB_I18N_H

#include "engine/lang.h"

#include <stdio.h>

typedef enum {
#define MESSAGE(id, en, zh) id,
#define FORMAT(id, en, zh) id,
#include "i18n.def"
#undef MESSAGE
#undef FORMAT
    MSG_COUNT
} msg_id_t;

//  Each format's English text as ID_EN, for gcc to check the calls below
//  against (static and only ever inside sizeof: an optimised build drops
//  them; -O0 keeps a copy per file, a few kilobytes).
#define MESSAGE(id, en, zh)
#define FORMAT(id, en, zh) static const char id##_EN [] = en;
#include "i18n.def"
#undef MESSAGE
#undef FORMAT

//  "en" or "zh" (also "zh_CN", "en_US.UTF-8"…). -1 when neither.
int i18n_parse (const char *name, i18n_lang_t *lang);
//  The language from LC_ALL, LC_MESSAGES, LANG (in that order): zh when the
//  first one set starts with "zh", else en.
i18n_lang_t i18n_from_environment (void);
const char *i18n_code (i18n_lang_t lang);
//  A program message in LANG.
const char *i18n_msg (i18n_lang_t lang, msg_id_t id);
//  The format ID in LANG, filled with the arguments (the caller frees;
//  NULL when out of memory).
char *i18n_format (i18n_lang_t lang, msg_id_t id, ...);
//  The same, written to OUT.
void i18n_print (FILE *out, i18n_lang_t lang, msg_id_t id, ...);

//  A format from the table is no literal, so gcc cannot check a call's
//  arguments against it. These macros, named as the functions so that every
//  call goes through them, show gcc the row's English literal (ID##_EN) in
//  an unevaluated printf: the arguments are checked (-Wformat=2) and
//  evaluated once, by the function. Only a macro can carry the literal to
//  the call, hence macros, not static inline functions. ID is a FORMAT
//  row's name written out: a MESSAGE row or a computed id does not compile.
#define I18N_CHECK(ID, ...) ((void) sizeof (printf (ID##_EN, __VA_ARGS__)))
#define i18n_format(lang, ID, ...) \
    (I18N_CHECK (ID, __VA_ARGS__), i18n_format (lang, ID, __VA_ARGS__))
#define i18n_print(out, lang, ID, ...) \
    (I18N_CHECK (ID, __VA_ARGS__), i18n_print (out, lang, ID, __VA_ARGS__))

#endif
