/*  lawtext.h — a conservation-law violation (engine/law.h) in words, for
    the headless runner and the view's :check. Shared so both say it alike.
*/
#ifndef ZMQLAB_LAWTEXT_H
#define ZMQLAB_LAWTEXT_H

#include "engine/law.h"
#include "lesson/i18n.h"

//  The violation V in LANG, naming the socket (or link) and its numbers;
//  the caller frees. NULL when out of memory.
char *lawtext_violation (i18n_lang_t lang, const law_violation_t *v);

#endif
