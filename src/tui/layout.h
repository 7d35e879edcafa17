/*  layout.h — where the actor boxes stand on the topology canvas.

    Messages flow left to right: an actor's column is the length of the
    longest chain of links leading to it, so a pipeline reads ventilator →
    workers → sink even though the sink also hears from the ventilator.
    A cycle (REQ <-> REP) is broken by spawn order: the earlier actor stands
    left. Within a column boxes stand in spawn order, so a new actor never
    reorders the others, and a box keeps its column while its links do.
    Pure: no curses, no state between calls.
*/
#ifndef ZMQLAB_LAYOUT_H
#define ZMQLAB_LAYOUT_H

#include "engine/snapshot.h"

#include <stdbool.h>

enum {
    LAYOUT_ACTORS_MAX = 64,     //  actors past this are reported hidden
    LAYOUT_BOX_MIN_WIDTH = 8,   //  narrowest box: a border and 6 columns of name
    LAYOUT_BOX_MIN_HEIGHT = 1,  //  a one-line box, no border: "[name]"
    LAYOUT_GAP = 3              //  columns between boxes: room for a link's "─▶"
};

//  A directed link, sender to receiver. Unknown names and self-links are
//  ignored; duplicates are harmless.
typedef struct {
    const char *from, *to;
} layout_link_t;

typedef struct {
    const char *const *names;   //  actors, in spawn order
    int n_actors;
    const layout_link_t *links;
    int n_links;
    int width, height;          //  the canvas, in cells
    int box_width, box_height;  //  box size wanted
} layout_input_t;

typedef struct {
    int column, row;            //  grid cell; column -1 past LAYOUT_ACTORS_MAX
    int x, y;                   //  top-left corner on the canvas; -1 when hidden
    bool visible;               //  false when the canvas had no room for it
} layout_box_t;

typedef struct {
    int box_width, box_height;  //  as placed: the same for every box
    int columns;                //  grid columns (some may be hidden)
    int rows;                   //  most boxes in one column
    bool compact;               //  boxes smaller than wanted: show fewer details
    bool overflow;              //  some boxes are hidden: the canvas is too small
    int hidden;                 //  how many
} layout_t;

//  Places INPUT's actors: fills BOXES (n_actors of them) and LAYOUT. Boxes
//  spread evenly over the canvas, never overlap and never cross its edge.
//  When they do not fit as wanted they shrink (compact) down to the minimum
//  size; below that the boxes that do not fit are hidden (overflow).
void layout_place (const layout_input_t *input, layout_box_t *boxes, layout_t *layout);

//  The same for a snapshot's actors and links. Inactive links count too, so
//  a box does not jump when its peer stops. BOXES has LAYOUT_ACTORS_MAX
//  entries; actors past that are counted in layout->hidden.
void layout_snapshot (const lab_snapshot_t *snap, int width, int height, int box_width,
                      int box_height, layout_box_t *boxes, layout_t *layout);

#endif
