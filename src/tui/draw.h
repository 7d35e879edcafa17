/*  draw.h — one frame of the terminal view from a model: the title bar,
    the topology canvas with links and gauges, the lesson panel, the log or
    the selected actor's details, the command line and the status bar.
*/
#ifndef ZMQLAB_DRAW_H
#define ZMQLAB_DRAW_H

#include "model.h"

#include <stdbool.h>

enum { DRAW_BOXES_MAX = 64 };

//  Where the last frame put things (for mouse clicks).
typedef struct {
    int panel_scroll_max;           //  lines the lesson panel can scroll back
    int n_boxes;
    struct { int y, x, height, width; char name [LAB_NAME_MAX]; } boxes [DRAW_BOXES_MAX];
} draw_state_t;

//  The smallest terminal the view works in at all.
enum { DRAW_MIN_ROWS = 12, DRAW_MIN_COLUMNS = 40 };

void draw_frame (draw_state_t *state, const model_t *model, bool utf8);
int draw_actor_at (const draw_state_t *state, const model_t *model, int y, int x);
void draw_state_clear (draw_state_t *state);

#endif
