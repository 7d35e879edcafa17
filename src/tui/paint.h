/*  paint.h — writing on the curses screen, for draw.c and canvas.c only. */
#ifndef ZMQLAB_PAINT_H
#define ZMQLAB_PAINT_H

#include "model.h"
#include "theme.h"

#include <stdbool.h>

typedef struct {
    int y, x, height, width;
} rect_t;

//  TEXT at (y, x), clipped to COLUMNS, in ATTR (curses attributes).
void paint_text (int y, int x, int columns, const char *text, int attr, bool utf8);
void paint_fill (int y, int x, int columns, int attr);
void paint_hline (int y, int x, int columns, bool utf8, int attr);
void paint_vline (int y, int x, int rows, bool utf8, int attr);
role_t paint_state_role (const actor_stats_t *actor);
//  The state as lessons name it; in Chinese as the Chinese lessons do.
const char *paint_state_word (const model_t *model, const actor_stats_t *actor);

#endif
