/*  lang.h — the languages zmqlab speaks, and the one way it translates.

    Every message the program writes itself is a row of a message table:
    an id (an enum) with its text in each language, looked up as
    X_msg (language, id). Each layer that writes messages keeps its own
    table, because the view may not include the lesson's headers:

      src/lesson/i18n.h   i18n_msg (lang, MSG_…)    lessons, runner, session, main
      src/tui/words.h     words_msg (model, W_…)     the terminal view

    Both look up through lang_pick, so a row without a translation falls
    back to English the same way everywhere. Texts that lessons bring carry
    their translations themselves ({ en = …, zh = … }).

    Each table's rows are written once, in a .def file (i18n.def,
    words.def) that builds its enum and its table. Formats. A format taken
    from a table is no literal, so gcc's -Wformat cannot check it at the
    call: the layers format through i18n_format, i18n_print and
    words_format, macros that show gcc the row's English literal, and
    tests/test_i18n.c checks that every row's Chinese text has the same
    conversions, in the same order, as its English one
    (lang_same_conversions). Language is a base utility like textfile.c:
    nothing here knows a lesson or a screen.
*/
#ifndef ZMQLAB_LANG_H
#define ZMQLAB_LANG_H

#include <stdbool.h>

typedef enum { LANG_EN, LANG_ZH, LANG_COUNT } i18n_lang_t;

//  ROW's text in LANG; the English one when LANG has none (NULL), "?" when
//  there is no row.
const char *lang_pick (const char *const row [LANG_COUNT], i18n_lang_t lang);

//  True when formats A and B have the same conversions in the same order
//  (printf's and Lua's lua_pushfstring: length modifiers, '*' widths and
//  the conversion letter count; flags, widths and precisions do not).
bool lang_same_conversions (const char *a, const char *b);

#endif
