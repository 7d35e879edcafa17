/*  paint.c — writing on the curses screen: clipped text, fills, lines, and
    the words and roles of actor states, shared by the canvas and the panels.
*/
#define _GNU_SOURCE
#define _XOPEN_SOURCE_EXTENDED 1
#include "paint.h"
#include "text.h"
#include "words.h"

#include <curses.h>
#include <stdio.h>

//  Writes TEXT at (y, x), clipped to COLUMNS, in ATTR.
void
paint_text (int y, int x, int columns, const char *text, int attr, bool utf8)
{
    if (columns <= 0 || y < 0 || x < 0)
        return;
    char clipped [1024];
    text_clip (text, columns, clipped, sizeof clipped, utf8);
    attrset ((attr_t) attr);
    mvaddstr (y, x, clipped);
    attrset (A_NORMAL);
}

void
paint_fill (int y, int x, int columns, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < columns; i++)
        mvaddch (y, x + i, ' ');
    attrset (A_NORMAL);
}

void
paint_hline (int y, int x, int columns, bool utf8, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < columns; i++)
        if (utf8)
            mvaddstr (y, x + i, "─");
        else
            mvaddch (y, x + i, '-');
    attrset (A_NORMAL);
}

void
paint_vline (int y, int x, int rows, bool utf8, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < rows; i++)
        if (utf8)
            mvaddstr (y + i, x, "│");
        else
            mvaddch (y + i, x, '|');
    attrset (A_NORMAL);
}

role_t
paint_state_role (const actor_stats_t *actor)
{
    if (actor->external)
        return actor->state == ACTOR_EXTERNAL ? ROLE_FOCUS : ROLE_STOPPED;
    switch (actor->state) {
        case ACTOR_RUNNING: case ACTOR_STARTING: return ROLE_RUNNING;
        case ACTOR_SLEEPING: return ROLE_SLEEPING;
        case ACTOR_BLOCKED_SEND: case ACTOR_BLOCKED_RECV:
        case ACTOR_WAITING_INPUT: case ACTOR_WAITING_STEP: return ROLE_BLOCKED;
        case ACTOR_PAUSED: return ROLE_PAUSED;
        case ACTOR_CRASHED: return ROLE_CRASHED;
        default: return ROLE_STOPPED;
    }
}

//  The state as lessons name it (stats().state, the hints), so the box and
//  the text agree; in Chinese as the Chinese lessons say it.
const char *
paint_state_word (const model_t *model, const actor_stats_t *actor)
{
    //  An outside program: connected, or gone (it is not an actor that stopped).
    if (actor->external)
        return words_msg (model, actor->state == ACTOR_EXTERNAL ? W_OUTSIDE : W_LEFT);
    actor_state_t state = actor->state;
    if (state >= ACTOR_STATE_COUNT)
        return "?";
    return words_msg (model, (word_id_t) (W_STATE_FIRST + state));
}
