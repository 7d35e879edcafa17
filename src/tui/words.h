/*  words.h — the view's own messages in English and Chinese: the same kind
    of table as src/lesson/i18n.h (engine/lang.h says why the view keeps
    its own), looked up in the model's language.

    The rows are in words.def. A message is words_msg (model, W_…); a format
    goes through words_format, whose arguments gcc checks against the
    English text, its Chinese text having the English one's conversions in
    the same order (tests/test_i18n.c checks every row).
*/
#ifndef ZMQLAB_WORDS_H
#define ZMQLAB_WORDS_H

#include "engine/lang.h"
#include "model.h"

#include <stddef.h>
#include <stdio.h>

typedef enum {
#define MESSAGE(id, en, zh) id,
#define FORMAT(id, en, zh) id,
#include "words.def"
#undef MESSAGE
#undef FORMAT
    //  Actor states, in actor_state_t's order, as lessons name them
    //  (English: actor_state_name's words).
    W_STATE_FIRST,
    W_COUNT = W_STATE_FIRST + ACTOR_STATE_COUNT
} word_id_t;

//  Each format's English text as ID_EN, for gcc to check words_format's
//  calls against (src/lesson/i18n.h does the same and says why).
#define MESSAGE(id, en, zh)
#define FORMAT(id, en, zh) static const char id##_EN [] = en;
#include "words.def"
#undef MESSAGE
#undef FORMAT

//  The message ID in the model's language.
const char *words_msg (const model_t *model, word_id_t id);
//  snprintf of the message ID as the format.
int words_format (char *out, size_t size, const model_t *model, word_id_t id, ...);

//  An actor's crash in one line, e.g. "address in use (inproc://pubsub)":
//  DETAIL ("file:line: message", or an event's "crashed: …") without its
//  place, the message in the model's language when it is a usual one, and
//  the endpoint from LAST_ERROR ("bind ENDPOINT: message") when it is about
//  the same error. LAST_ERROR may be NULL.
void words_crash (char *out, size_t size, const model_t *model, const char *detail,
                  const char *last_error);

//  A macro of the function's name, so that every call shows gcc the row's
//  English literal in an unevaluated snprintf and has its arguments checked
//  (only a macro can carry the literal: i18n.h says more). ID is a FORMAT
//  row's name written out.
#define words_format(out, size, model, ID, ...) \
    ((void) sizeof (snprintf (out, size, ID##_EN, __VA_ARGS__)), \
     words_format (out, size, model, ID, __VA_ARGS__))

#endif
