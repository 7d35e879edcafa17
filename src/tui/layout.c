/*  layout.c — actor boxes on the canvas: columns by longest path over the
    links, rows by spawn order, then sizes and positions.

    The graph is a bitset per actor (at most 64 actors), so finding cycles
    (transitive closure) and longest paths is a few thousand operations —
    cheap enough to redo every frame, which is what keeps it stateless.
*/
#include "layout.h"

#include <stdint.h>
#include <string.h>

typedef struct {
    int n;                                  //  actors in the graph (<= 64)
    uint64_t out [LAYOUT_ACTORS_MAX];       //  bit j of out[i]: i sends to j
} s_graph_t;

static int
s_index (const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (names [i] && strcmp (names [i], name) == 0)
            return i;
    return -1;
}

static void
s_graph_link (s_graph_t *graph, int from, int to)
{
    if (from >= 0 && to >= 0 && from != to)
        graph->out [from] |= UINT64_C (1) << to;
}

static bool
s_has (uint64_t set, int i)
{
    return (set >> i) & 1;
}

//  Column = longest chain of links leading to the actor. Links that close
//  a cycle are dropped first: inside a cycle only links from an earlier to
//  a later actor count, which leaves no cycle and puts the earlier left.
static void
s_columns (const s_graph_t *graph, int *column)
{
    int n = graph->n;
    uint64_t reach [LAYOUT_ACTORS_MAX], keep [LAYOUT_ACTORS_MAX];
    memcpy (reach, graph->out, sizeof reach);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++)
            if (s_has (reach [i], k))
                reach [i] |= reach [k];
    for (int i = 0; i < n; i++) {
        keep [i] = graph->out [i];
        for (int j = 0; j < i; j++)
            if (s_has (keep [i], j) && s_has (reach [j], i))
                keep [i] &= ~(UINT64_C (1) << j);
        column [i] = 0;
    }
    //  Relaxation: a chain in an acyclic graph of n actors settles in n passes.
    bool changed = true;
    for (int pass = 0; changed && pass < n; pass++) {
        changed = false;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (s_has (keep [i], j) && column [j] < column [i] + 1) {
                    column [j] = column [i] + 1;
                    changed = true;
                }
    }
}

static int
s_min (int a, int b)
{
    return a < b ? a : b;
}

static int
s_max (int a, int b)
{
    return a > b ? a : b;
}

static void
s_place (const layout_input_t *input, const s_graph_t *graph, layout_box_t *boxes,
         layout_t *layout)
{
    int column [LAYOUT_ACTORS_MAX], row [LAYOUT_ACTORS_MAX];
    int count [LAYOUT_ACTORS_MAX] = { 0 };
    int columns = 0, rows = 0;
    s_columns (graph, column);
    for (int i = 0; i < graph->n; i++) {
        row [i] = count [column [i]]++;
        columns = s_max (columns, column [i] + 1);
        rows = s_max (rows, count [column [i]]);
    }
    int width = s_max (input->width, 0), height = s_max (input->height, 0);
    int want_w = s_max (input->box_width, LAYOUT_BOX_MIN_WIDTH);
    int want_h = s_max (input->box_height, LAYOUT_BOX_MIN_HEIGHT);

    //  Across: each column gets an equal slot of at least box + gap; boxes
    //  narrow down to the minimum, then the rightmost columns are hidden.
    int box_w = want_w, shown_columns = columns;
    if (columns > 0 && columns * (box_w + LAYOUT_GAP) > width) {
        box_w = s_max (width / columns - LAYOUT_GAP, LAYOUT_BOX_MIN_WIDTH);
        if (columns * (box_w + LAYOUT_GAP) > width) {
            shown_columns = width / (LAYOUT_BOX_MIN_WIDTH + LAYOUT_GAP);
            if (shown_columns == 0 && width >= LAYOUT_BOX_MIN_WIDTH)
                shown_columns = 1;          //  one column needs no gap
        }
    }
    //  Down: boxes with a blank row between them, shorter ones, bordered
    //  boxes touching (3 rows), one-line boxes; then the lowest are hidden.
    int box_h = want_h, shown_rows = rows;
    if (rows > 0 && rows * box_h + rows - 1 > height) {
        box_h = (height + 1) / rows - 1;
        if (box_h < 3)
            box_h = s_min (height / rows >= 3 ? 3 : 1, want_h);
        if (rows * box_h > height)
            shown_rows = height / box_h;
    }
    *layout = (layout_t) { .box_width = box_w, .box_height = box_h, .columns = columns,
                           .rows = rows, .compact = box_w < want_w || box_h < want_h };

    for (int i = 0; i < s_max (input->n_actors, 0); i++) {
        layout_box_t *box = &boxes [i];
        *box = (layout_box_t) { -1, -1, -1, -1, false };
        if (i < graph->n) {
            box->column = column [i];
            box->row = row [i];
        }
        if (i >= graph->n || column [i] >= shown_columns || row [i] >= shown_rows) {
            layout->hidden++;
            continue;
        }
        //  Slots by integer division: adjacent slots share no cell, and
        //  each is at least the smallest one, which was sized above.
        int in_column = s_min (count [column [i]], shown_rows);
        int x0 = column [i] * width / shown_columns;
        int x1 = (column [i] + 1) * width / shown_columns;
        int y0 = row [i] * height / in_column;
        int y1 = (row [i] + 1) * height / in_column;
        box->x = x0 + (x1 - x0 - box_w) / 2;
        box->y = y0 + (y1 - y0 - box_h) / 2;
        box->visible = true;
    }
    layout->overflow = layout->hidden > 0;
}

void
layout_place (const layout_input_t *input, layout_box_t *boxes, layout_t *layout)
{
    s_graph_t graph = { s_min (s_max (input->n_actors, 0), LAYOUT_ACTORS_MAX), { 0 } };
    for (int i = 0; i < input->n_links; i++)
        s_graph_link (&graph, s_index (input->names, graph.n, input->links [i].from),
                      s_index (input->names, graph.n, input->links [i].to));
    s_place (input, &graph, boxes, layout);
}

void
layout_snapshot (const lab_snapshot_t *snap, int width, int height, int box_width,
                 int box_height, layout_box_t *boxes, layout_t *layout)
{
    const char *names [LAYOUT_ACTORS_MAX];
    int n = snap ? (int) snap->n_actors : 0;
    s_graph_t graph = { s_min (n, LAYOUT_ACTORS_MAX), { 0 } };
    for (int i = 0; i < graph.n; i++)
        names [i] = snap->actors [i].name;
    for (size_t i = 0; snap && i < snap->n_links; i++)
        s_graph_link (&graph, s_index (names, graph.n, snap->links [i].from_actor),
                      s_index (names, graph.n, snap->links [i].to_actor));
    //  BOXES has room for LAYOUT_ACTORS_MAX: the rest are hidden.
    layout_input_t input = { names, graph.n, NULL, 0, width, height, box_width, box_height };
    s_place (&input, &graph, boxes, layout);
    if (n > graph.n) {
        layout->overflow = true;
        layout->hidden += n - graph.n;
    }
}
