/*  canvas.h — the topology canvas of the view. */
#ifndef ZMQLAB_CANVAS_H
#define ZMQLAB_CANVAS_H

#include "draw.h"
#include "paint.h"

//  Draws the lab of MODEL into AREA and records the boxes in STATE.
void canvas_draw (draw_state_t *state, const model_t *model, rect_t area, bool utf8);

#endif
