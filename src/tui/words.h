/*  words.h — the view's own messages in English and Chinese: the same kind
    of table as src/lesson/i18n.h (engine/lang.h says why the view keeps
    its own), looked up in the model's language.

    A message is words_msg (model, W_…); a format goes through words_format,
    its Chinese text having the English one's conversions in the same order
    (tests/test_i18n.c checks every row).
*/
#ifndef ZMQLAB_WORDS_H
#define ZMQLAB_WORDS_H

#include "engine/lang.h"
#include "model.h"

#include <stddef.h>

typedef enum {
    //  The lesson panel.
    W_HINT_PREFIX, W_PRESS_TO_PREDICT, W_NEXT, W_LESSON_OVER, W_SANDBOX, W_STEP_OF,
    W_MORE_ABOVE, W_MORE_ABOVE_ASCII,
    //  The log and the details.
    W_LOG_EMPTY, W_OUTSIDE_TITLE, W_OUTSIDE_LEFT, W_OUTSIDE_LINK, W_OUTSIDE_NOT_COUNTED,
    W_OUTSIDE_NO_STAMPS, W_OUTSIDE_NO_CONTROL, W_DETAILS_COUNTS, W_SUBSCRIBED, W_CLOSED,
    W_LAST_ERROR, W_DETAILS_TITLE, W_LOG_SAMPLED_TITLE, W_LOG_TITLE,
    //  Bars, overlays, the menu.
    W_TITLE_MENU, W_TITLE_SANDBOX, W_STATUS_MENU, W_PAUSED, W_STEPPING, W_RUNNING,
    W_STATUS_SANDBOX, W_STATUS_LESSON, W_REACHABLE, W_REFUSED, W_OUTSIDE_COUNT, W_HELP,
    W_MENU_INTRO, W_NO_LESSONS, W_TOO_SMALL,
    //  The canvas.
    W_LOST, W_MISSED, W_ERRORS, W_NO_STAMPS_WIDE, W_NO_STAMPS, W_NO_ACTORS_SANDBOX,
    W_NO_ACTORS_LESSON, W_ACTORS_HIDDEN, W_OUTSIDE, W_LEFT,
    //  Actor states, in actor_state_t's order, as lessons name them
    //  (English: actor_state_name's words).
    W_STATE_FIRST,
    W_COUNT = W_STATE_FIRST + ACTOR_STATE_COUNT
} word_id_t;

//  The message ID in the model's language.
const char *words_msg (const model_t *model, word_id_t id);
//  snprintf of the message ID as the format.
int words_format (char *out, size_t size, const model_t *model, word_id_t id, ...);

#endif
