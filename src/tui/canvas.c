/*  canvas.c — the topology canvas: actor boxes placed by layout.c, links
    between them with their queue gauges and lost/missed marks, and the
    glyphs of arriving messages. Draws from the model only.
*/
#define _GNU_SOURCE
#define _XOPEN_SOURCE_EXTENDED 1
#include "canvas.h"
#include "gauge.h"
#include "layout.h"
#include "text.h"
#include "utf8.h"
#include "words.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Messages a second from which a link shows its rate instead of its
//  endpoint (glyphs stop at about this rate too).
static const double RATE_SHOWN = 10;

//  Moving glyphs carry their message's text only while few are moving:
//  more would overwrite each other into text nobody sent.
enum { FLIGHT_TEXTS_MAX = 3 };

//  One canvas being drawn.
typedef struct {
    const model_t *model;
    bool utf8;
    draw_state_t *state;            //  where the boxes went, for mouse clicks
    layout_box_t boxes [LAYOUT_ACTORS_MAX];
    layout_t layout;
    rect_t canvas;
    const unsigned char *lines;     //  the links' cells (LINE_* bits), while labelling
    unsigned char *labelled;        //  canvas cells a label already took
} frame_t;

//  The socket types of an actor: "PUB", "PULL+PUSH".
static void
s_socket_types (const model_t *model, const char *actor, char *out, size_t size)
{
    out [0] = 0;
    const lab_snapshot_t *snap = model->snap;
    size_t used = 0;
    for (size_t i = 0; snap && i < snap->n_sockets && used + 8 < size; i++) {
        const socket_stats_t *sock = &snap->sockets [i];
        if (sock->closed || strcmp (sock->actor, actor) != 0)
            continue;
        int n = snprintf (out + used, size - used, "%s%s", used ? "+" : "", sock->type);
        if (n > 0)
            used += (size_t) n;
    }
}

//  --- boxes ------------------------------------------------------------------

static void
s_draw_box (frame_t *frame, int index, const rect_t *box)
{
    const model_t *model = frame->model;
    const actor_stats_t *actor = &model->snap->actors [index];
    bool selected = index == model->selected;
    bool focused = model->focus [0] && strcmp (model->focus, actor->name) == 0;
    int border = theme_attr (selected ? ROLE_SELECTED : focused ? ROLE_FOCUS : ROLE_BOX);
    role_t state_role = paint_state_role (actor);
    bool utf8 = frame->utf8;
    int inner = box->width - 2;

    if (box->height == 1) {
        char line [128];
        snprintf (line, sizeof line, "[%s %s]", actor->name,
                  paint_state_word (model, actor));
        paint_text (box->y, box->x, box->width, line, theme_attr (state_role) | (selected ? A_REVERSE : 0), utf8);
        return;
    }
    //  Border: selected is bold yellow and also doubled, focus is marked
    //  with '*' in the corner — readable without colour.
    attrset ((attr_t) border);
    const char *h = utf8 ? (selected ? "═" : "─") : (selected ? "=" : "-");
    const char *v = utf8 ? (selected ? "║" : "│") : (selected ? "#" : "|");
    const char *corners [4] = { "┌", "┐", "└", "┘" };
    const char *double_corners [4] = { "╔", "╗", "╚", "╝" };
    for (int i = 0; i < 4; i++)
        if (!utf8)
            corners [i] = "+";
        else
        if (selected)
            corners [i] = double_corners [i];
    mvaddstr (box->y, box->x, corners [0]);
    for (int i = 1; i < box->width - 1; i++)
        mvaddstr (box->y, box->x + i, h);
    mvaddstr (box->y, box->x + box->width - 1, corners [1]);
    for (int r = 1; r < box->height - 1; r++) {
        mvaddstr (box->y + r, box->x, v);
        mvaddstr (box->y + r, box->x + box->width - 1, v);
        for (int i = 1; i < box->width - 1; i++)
            mvaddch (box->y + r, box->x + i, ' ');
    }
    mvaddstr (box->y + box->height - 1, box->x, corners [2]);
    for (int i = 1; i < box->width - 1; i++)
        mvaddstr (box->y + box->height - 1, box->x + i, h);
    mvaddstr (box->y + box->height - 1, box->x + box->width - 1, corners [3]);
    attrset (A_NORMAL);
    if (focused)
        paint_text (box->y, box->x + 1, 1, "*", theme_attr (ROLE_FOCUS), utf8);

    //  Name on the top border, the rest inside.
    char title [64];
    snprintf (title, sizeof title, " %s ", actor->name);
    paint_text (box->y, box->x + 2, inner - 2, title, border | A_BOLD, utf8);
    int row = box->y + 1;
    int last = box->y + box->height - 2;
    char types [64], line [LAB_DETAIL_MAX + 32];
    s_socket_types (model, actor->name, types, sizeof types);
    if (actor->external)        //  its socket type, once a message told it
        snprintf (types, sizeof types, "%s", strcmp (actor->behaviour, "external") ? actor->behaviour : "");
    if (row == last && box->height == 3) {
        //  One row inside: the state and the counts, which lessons are about.
        char sent [16], received [16];
        gauge_count (sent, sizeof sent, actor->sent);
        gauge_count (received, sizeof received, actor->received);
        snprintf (line, sizeof line, utf8 ? "↑%s ↓%s" : "o%s i%s", sent, received);
        int counts = text_width (line);
        paint_text (row, box->x + 1, inner - counts - 1, paint_state_word (model, actor),
               theme_attr (state_role), utf8);
        paint_text (row, box->x + 1 + inner - counts, counts, line, theme_attr (ROLE_NORMAL), utf8);
        return;
    }
    if (row <= last) {
        //  Type and state on one line when there is room, else the state.
        int type_width = text_width (types);
        if (type_width && type_width + 1 + text_width (paint_state_word (model, actor)) <= inner) {
            paint_text (row, box->x + 1, inner, types, theme_attr (ROLE_DIM), utf8);
            paint_text (row, box->x + 2 + type_width, inner - type_width - 1,
                   paint_state_word (model, actor), theme_attr (state_role), utf8);
        }
        else
            paint_text (row, box->x + 1, inner, paint_state_word (model, actor),
                   theme_attr (state_role), utf8);
        row++;
    }
    if (row <= last) {
        char sent [16], received [16];
        gauge_count (sent, sizeof sent, actor->sent);
        gauge_count (received, sizeof received, actor->received);
        snprintf (line, sizeof line, utf8 ? "↑%s ↓%s" : "out %s in %s", sent, received);
        paint_text (row, box->x + 1, inner, line, theme_attr (ROLE_NORMAL), utf8);
        row++;
    }
    if (row <= last) {
        //  What went wrong, when something did: lost, missed, errors.
        line [0] = 0;
        int attr = theme_attr (ROLE_NORMAL);
        if (actor->external) {
            snprintf (line, sizeof line, "%s", actor->address);
            attr = theme_attr (ROLE_DIM);
        }
        else
        if (actor->state == ACTOR_CRASHED) {
            //  Why, in a line the box can hold: "address in use (inproc://x)".
            words_crash (line, sizeof line, model, actor->detail, actor->last_error);
            attr = theme_attr (ROLE_CRASHED);
        }
        else
        if (actor->lost) {
            snprintf (line, sizeof line, "%s %llu", words_msg (model, W_LOST),
                      (unsigned long long) actor->lost);
            attr = theme_attr (ROLE_DROP);
        }
        else
        if (actor->missed) {
            snprintf (line, sizeof line, "%s %llu", words_msg (model, W_MISSED),
                      (unsigned long long) actor->missed);
            attr = theme_attr (ROLE_MISSED);
        }
        else
        if (actor->discarded) {
            snprintf (line, sizeof line, "%s %llu", words_msg (model, W_DISCARDED),
                      (unsigned long long) actor->discarded);
            attr = theme_attr (ROLE_DROP);
        }
        else
        if (actor->errors) {
            snprintf (line, sizeof line, "%s %llu", words_msg (model, W_ERRORS),
                      (unsigned long long) actor->errors);
            attr = theme_attr (ROLE_FAIL);
        }
        paint_text (row, box->x + 1, inner, line, attr, utf8);
    }
}

//  Cells a link passes through, from the sender's box to the receiver's:
//  out along the sender's middle row, down or up at the gap's middle, in
//  along the receiver's. Returns how many points were written.
static int
s_link_path (const rect_t *from, const rect_t *to, int trunk, int points [][2], int max)
{
    int n = 0;
    //  Lines leave a box high and enter a box low: boxes side by side share
    //  rows, and a line out of one must not run along a line into another.
    int y1 = from->y + (from->height >= 5 ? 1 : from->height / 2);
    int y2 = to->y + (to->height >= 5 ? to->height - 2 : to->height / 2);
    int x1, x2;
    bool forward = to->x > from->x;
    if (forward) {
        x1 = from->x + from->width;
        x2 = to->x - 1;
    }
    else
    if (to->x + to->width <= from->x) {
        x1 = from->x - 1;
        x2 = to->x + to->width;
    }
    else {
        //  Same column: out at the right, down, back in at the right.
        x1 = from->x + from->width;
        x2 = to->x + to->width;
        int bend = x1 + 1;
        for (int x = x1; x <= bend && n < max; x++)
            points [n][0] = y1, points [n][1] = x, n++;
        int step = y2 > y1 ? 1 : -1;
        for (int y = y1 + step; y != y2 && n < max; y += step)
            points [n][0] = y, points [n][1] = bend, n++;
        for (int x = bend; x >= x2 && n < max; x--)
            points [n][0] = y2, points [n][1] = x, n++;
        return n;
    }
    int step_x = forward ? 1 : -1;
    //  TRUNK: how far from the sender the vertical stretch stands (>= 0),
    //  or from the receiver when negative (-1 = next to it). Different
    //  senders get different trunks, so their lines never merge.
    int span = (x2 - x1) * step_x;
    int offset = trunk >= 0 ? trunk : span + trunk;
    if (offset < 1)
        offset = 1;
    if (offset > span - 1)
        offset = span > 1 ? span - 1 : 0;
    int middle = x1 + offset * step_x;
    for (int x = x1; x != middle && n < max; x += step_x)
        points [n][0] = y1, points [n][1] = x, n++;
    int step_y = y2 > y1 ? 1 : -1;
    for (int y = y1; y != y2 && n < max; y += step_y)
        points [n][0] = y, points [n][1] = middle, n++;
    for (int x = middle; x != x2 + step_x && n < max; x += step_x)
        points [n][0] = y2, points [n][1] = x, n++;
    return n;
}

static int
s_box_of (const frame_t *frame, const char *name)
{
    const lab_snapshot_t *snap = frame->model->snap;
    for (size_t i = 0; i < snap->n_actors && i < LAYOUT_ACTORS_MAX; i++)
        if (strcmp (snap->actors [i].name, name) == 0 && frame->boxes [i].visible)
            return (int) i;
    return -1;
}

static rect_t
s_box_rect (const frame_t *frame, int index)
{
    rect_t rect = { frame->canvas.y + frame->boxes [index].y,
                    frame->canvas.x + frame->boxes [index].x,
                    frame->layout.box_height, frame->layout.box_width };
    return rect;
}

static bool
s_inside (const frame_t *frame, int y, int x)
{
    const rect_t *c = &frame->canvas;
    return y >= c->y && y < c->y + c->height && x >= c->x && x < c->x + c->width;
}

//  Links are drawn in two passes: every path first marks, per cell, which
//  way lines leave it (so crossings and shared trunks get the right
//  junction), then the cells are drawn, then arrow heads and labels.
enum { LINE_UP = 1, LINE_DOWN = 2, LINE_LEFT = 4, LINE_RIGHT = 8 };

typedef struct {
    unsigned char *lines;           //  LINE_* bits per canvas cell
    unsigned char *roles;           //  the most urgent role passing a cell
} grid_t;

static int
s_role_rank (role_t role)
{
    return role == ROLE_FULL ? 3 : role == ROLE_WARN ? 2 : role == ROLE_CALM ? 1 : 0;
}

static role_t
s_link_role (const link_stats_t *link)
{
    gauge_level_t level = gauge_level (link->in_flight, link->capacity);
    return !link->active ? ROLE_DIM
         : level == GAUGE_FULL ? ROLE_FULL : level == GAUGE_WARN ? ROLE_WARN : ROLE_CALM;
}

static bool
s_link_shown (const link_stats_t *link)
{
    //  A closed link without history or queued messages is not worth a line.
    return link->active || link->delivered || link->lost || link->in_flight || link->discarded;
}

//  The trunk of the link FROM -> TO (see s_link_path): a fan-out (one
//  sender, many receivers) bends next to the sender and shares its trunk;
//  a fan-in (many senders into one receiver) bends next to the receiver,
//  each sender on a trunk of its own; anything else bends by the sender,
//  each sender on its own column of the gap.
static int
s_trunk (const frame_t *frame, int from, int to, bool *fan_in)
{
    const lab_snapshot_t *snap = frame->model->snap;
    const char *sender = snap->actors [from].name, *receiver = snap->actors [to].name;
    int senders = 0, rank = 0;
    for (size_t i = 0; i < snap->n_actors && i < LAYOUT_ACTORS_MAX; i++) {
        bool sends = false;
        for (size_t l = 0; l < snap->n_links && !sends; l++)
            sends = s_link_shown (&snap->links [l])
                 && strcmp (snap->links [l].to_actor, receiver) == 0
                 && strcmp (snap->links [l].from_actor, snap->actors [i].name) == 0
                 && strcmp (snap->actors [i].name, receiver) != 0;
        if (!sends)
            continue;
        if ((int) i < from)
            rank++;
        senders++;
    }
    (void) sender;
    (void) rank;
    *fan_in = senders > 1;
    //  By the sender's row, so trunks of different senders stand apart.
    int offset = 1 + 2 * frame->boxes [from].row;
    return *fan_in ? -offset : offset;
}

//  Marks the path of LINK in GRID. Returns its points (n) for the labels.
static int
s_mark_link (frame_t *frame, grid_t *grid, const link_stats_t *link, int points [][2], int max,
             bool *fan_in)
{
    int from = s_box_of (frame, link->from_actor), to = s_box_of (frame, link->to_actor);
    if (from < 0 || to < 0 || from == to)
        return 0;
    rect_t a = s_box_rect (frame, from), b = s_box_rect (frame, to);
    int n = s_link_path (&a, &b, s_trunk (frame, from, to, fan_in), points, max);
    const rect_t *c = &frame->canvas;
    role_t role = s_link_role (link);
    for (int i = 0; i < n; i++) {
        int y = points [i][0], x = points [i][1];
        if (!s_inside (frame, y, x))
            continue;
        size_t cell = (size_t) (y - c->y) * (size_t) c->width + (size_t) (x - c->x);
        for (int j = i - 1; j <= i + 1; j += 2) {
            if (j < 0 || j >= n)
                continue;
            int dy = points [j][0] - y, dx = points [j][1] - x;
            grid->lines [cell] |= dy < 0 ? LINE_UP : dy > 0 ? LINE_DOWN : dx < 0 ? LINE_LEFT : LINE_RIGHT;
        }
        //  The ends run on into the boxes' edges.
        if (i == 0 || i == n - 1) {
            int dx = i == 0 ? (n > 1 ? points [1][1] - x : 0) : (n > 1 ? points [n - 2][1] - x : 0);
            grid->lines [cell] |= dx > 0 ? LINE_LEFT : LINE_RIGHT;
        }
        if (!grid->roles [cell] || s_role_rank (role) > s_role_rank ((role_t) grid->roles [cell]))
            grid->roles [cell] = (unsigned char) role;
    }
    return n;
}

static const char *
s_line_glyph (unsigned char bits, bool utf8)
{
    static const char *boxes [16] = {
        " ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼"
    };
    static const char *ascii [16] = {
        " ", "|", "|", "|", "-", "+", "+", "+", "-", "+", "+", "+", "-", "+", "+", "+"
    };
    return (utf8 ? boxes : ascii) [bits & 15];
}

static void
s_draw_grid (frame_t *frame, const grid_t *grid)
{
    const rect_t *c = &frame->canvas;
    for (int y = 0; y < c->height; y++)
        for (int x = 0; x < c->width; x++) {
            size_t cell = (size_t) y * (size_t) c->width + (size_t) x;
            if (!grid->lines [cell])
                continue;
            attrset ((attr_t) theme_attr ((role_t) grid->roles [cell]));
            mvaddstr (c->y + y, c->x + x, s_line_glyph (grid->lines [cell], frame->utf8));
        }
    attrset (A_NORMAL);
}

//  The arrow head and the labels of a link whose path is POINTS.
//  Puts a label of TEXT at (y, x) within COLUMNS only where no line and no
//  other label is: a label must never read as part of another link's.
static void
s_label (frame_t *frame, int y, int x, int columns, const char *text, int attr)
{
    const rect_t *c = &frame->canvas;
    char clipped [256];
    text_clip (text, columns, clipped, sizeof clipped, frame->utf8);
    int width = text_width (clipped);
    if (y < c->y || y >= c->y + c->height || x < c->x || x + width > c->x + c->width || !width)
        return;
    size_t row = (size_t) (y - c->y) * (size_t) c->width;
    for (int i = 0; i < width; i++) {
        size_t cell = row + (size_t) (x - c->x + i);
        if (frame->lines [cell] || frame->labelled [cell])
            return;
    }
    for (int i = 0; i < width; i++)
        frame->labelled [row + (size_t) (x - c->x + i)] = 1;
    paint_text (y, x, width, clipped, attr, frame->utf8);
}

static void
s_label_link (frame_t *frame, const link_stats_t *link, double rate, int points [][2], int n,
              bool with_text, bool fan_in)
{
    if (n < 2)
        return;
    bool utf8 = frame->utf8;
    role_t role = s_link_role (link);
    int hy = points [n - 1][0], hx = points [n - 1][1];
    bool right = points [n - 1][1] >= points [n - 2][1];
    if (s_inside (frame, hy, hx))
        paint_text (hy, hx, 1, utf8 ? (right ? "▶" : "◀") : (right ? ">" : "<"), theme_attr (role), utf8);
    //  Labels on a horizontal stretch of this link alone: before the
    //  receiver, or (fan-in, where that stretch is shared) after the sender.
    //  The gauge always; lost and missed counts when any, else the endpoint.
    int start, stretch, lx, ly;
    if (fan_in) {
        int end = 0;
        while (end + 1 < n && points [end + 1][0] == points [0][0])
            end++;
        start = 0;
        stretch = end;
        ly = points [0][0];
        lx = right ? points [0][1] : points [end][1];
    }
    else {
        start = n - 1;
        while (start > 0 && points [start - 1][0] == hy)
            start--;
        stretch = n - 1 - start;
        ly = hy;
        lx = right ? points [start][1] : hx + 1;
    }
    if (stretch < 6 || !with_text)
        return;
    const rect_t *c = &frame->canvas;
    char gauge [96];
    int cells = stretch >= 22 ? 6 : stretch >= 14 ? 3 : 0;
    if (link->external)
        //  No stamps, so no queue depth and no gap check: say so instead.
        snprintf (gauge, sizeof gauge, "%s",
                  words_msg (frame->model, stretch >= 18 ? W_NO_STAMPS_WIDE : W_NO_STAMPS));
    else
    if (!link->in_flight_known) {
        //  One of a round-robin sender's links: its share is not known
        //  (the sender's total is in its details), so no bar, no number.
        char capacity [24] = "";
        if (link->capacity > 0)
            gauge_count (capacity, sizeof capacity, (uint64_t) link->capacity);
        snprintf (gauge, sizeof gauge, "?/%s", link->capacity > 0 ? capacity
                  : link->capacity < 0 ? (utf8 ? "\u221e" : "inf") : "?");
    }
    else
        gauge_render (gauge, sizeof gauge, link->in_flight, link->capacity, cells, utf8);
    if (ly + 1 < c->y + c->height)
        s_label (frame, ly + 1, lx, stretch, gauge, theme_attr (role));
    char marks [96] = "";
    if (link->lost)
        snprintf (marks, sizeof marks, "%s%llu", utf8 ? "✗" : "x", (unsigned long long) link->lost);
    if (link->missed) {
        size_t used = strlen (marks);
        snprintf (marks + used, sizeof marks - used, "%s%s %llu-%llu", used ? " " : "",
                  words_msg (frame->model, W_MISSED),
                  (unsigned long long) link->missed_first, (unsigned long long) link->missed_last);
    }
    if (link->discarded) {
        size_t used = strlen (marks);
        snprintf (marks + used, sizeof marks - used, "%s%s %llu", used ? " " : "",
                  words_msg (frame->model, W_DISCARDED), (unsigned long long) link->discarded);
    }
    if (ly - 1 < c->y)
        return;
    if (marks [0])
        s_label (frame, ly - 1, lx, stretch, marks,
                 theme_attr (link->lost || link->discarded ? ROLE_DROP : ROLE_MISSED));
    else
    if (rate >= RATE_SHOWN) {
        //  Too fast for glyphs to follow: the rate says it.
        char text [32];
        if (rate >= 10000)
            snprintf (text, sizeof text, "%.0fk/s", rate / 1000);
        else
            snprintf (text, sizeof text, "%.0f/s", rate);
        s_label (frame, ly - 1, lx, stretch, text, theme_attr (ROLE_GLYPH));
    }
    else
    if (stretch >= 10) {
        const char *endpoint = link->endpoint;
        if (strncmp (endpoint, "inproc://", 9) == 0)
            endpoint += 9;
        s_label (frame, ly - 1, lx, stretch, endpoint, theme_attr (ROLE_DIM));
    }
}

static void
s_draw_links (frame_t *frame)
{
    const model_t *model = frame->model;
    const rect_t *c = &frame->canvas;
    size_t cells = (size_t) c->width * (size_t) c->height;
    grid_t grid = { calloc (cells, 1), calloc (cells, 1) };
    size_t n_links = model->snap->n_links;
    int (*paths) [512][2] = calloc (n_links ? n_links : 1, sizeof *paths);
    int *lengths = calloc (n_links ? n_links : 1, sizeof *lengths);
    bool *fan_in = calloc (n_links ? n_links : 1, sizeof *fan_in);
    if (!grid.lines || !grid.roles || !paths || !lengths || !fan_in) {
        free (grid.lines);
        free (grid.roles);
        free (paths);
        free (lengths);
        free (fan_in);
        return;
    }
    for (size_t i = 0; i < n_links; i++) {
        const link_stats_t *link = &model->snap->links [i];
        if (!s_link_shown (link))
            continue;
        lengths [i] = s_mark_link (frame, &grid, link, paths [i], 512, &fan_in [i]);
    }
    s_draw_grid (frame, &grid);
    unsigned char *taken = calloc (cells ? cells : 1, 1);
    frame->lines = grid.lines;
    frame->labelled = taken;
    //  One set of labels per pair of boxes (REQ -> REP and the reply share
    //  the cells): active links first (a restarted actor's ended row must
    //  not speak for its new link), forward ones first, so the request
    //  side speaks.
    bool *labelled = calloc (n_links ? n_links : 1, sizeof *labelled);
    for (int pass = 0; labelled && taken && pass < 4; pass++)
        for (size_t i = 0; i < n_links; i++) {
            const link_stats_t *link = &model->snap->links [i];
            if (!lengths [i] || labelled [i])
                continue;
            bool forward = paths [i][lengths [i] - 1][1] >= paths [i][0][1];
            if ((pass == 0 || pass == 2) && !forward)
                continue;
            if (pass < 2 && !link->active)
                continue;
            bool pair_labelled = false;
            for (size_t j = 0; j < n_links && !pair_labelled; j++) {
                const link_stats_t *other = &model->snap->links [j];
                pair_labelled = labelled [j]
                     && ((strcmp (other->from_actor, link->from_actor) == 0
                          && strcmp (other->to_actor, link->to_actor) == 0)
                     ||  (strcmp (other->from_actor, link->to_actor) == 0
                          && strcmp (other->to_actor, link->from_actor) == 0));
            }
            labelled [i] = true;
            if (pair_labelled) {
                s_label_link (frame, link, 0, paths [i], lengths [i], false, fan_in [i]);
                continue;
            }
            s_label_link (frame, link, i < model->n_link_rates ? model->link_rates [i] : 0,
                          paths [i], lengths [i], true, fan_in [i]);
        }
    free (labelled);
    free (fan_in);
    free (taken);
    frame->lines = NULL;
    frame->labelled = NULL;
    free (grid.lines);
    free (grid.roles);
    free (paths);
    free (lengths);
}

static void
s_draw_flights (frame_t *frame)
{
    const model_t *model = frame->model;
    for (int f = 0; f < model->n_flights; f++) {
        const flight_t *flight = &model->flights [f];
        int from = s_box_of (frame, flight->from), to = s_box_of (frame, flight->to);
        if (from < 0 || to < 0 || from == to)
            continue;
        rect_t a = s_box_rect (frame, from), b = s_box_rect (frame, to);
        int points [512][2];
        bool fan_in;
        int n = s_link_path (&a, &b, s_trunk (frame, from, to, &fan_in), points, 512);
        if (n < 2)
            continue;
        int at = (int) (flight->progress * (n - 1));
        if (at < 0)
            at = 0;
        if (at > n - 1)
            at = n - 1;
        int y = points [at][0], x = points [at][1];
        if (flight->dropped)
            y += (int) (flight->progress * 3);      //  falls off the line
        if (!s_inside (frame, y, x))
            continue;
        const char *glyph = flight->dropped ? (frame->utf8 ? "✗" : "x") : (frame->utf8 ? "●" : "o");
        paint_text (y, x, 1, glyph, theme_attr (flight->dropped ? ROLE_DROP : ROLE_GLYPH), frame->utf8);
        //  The message itself, when there is room after the glyph.
        if (flight->text [0] && !flight->dropped && model->n_flights <= FLIGHT_TEXTS_MAX)
            paint_text (y, x + 1, 7, flight->text, theme_attr (ROLE_GLYPH), frame->utf8);
    }
}

static void
s_draw_canvas (frame_t *frame)
{
    const model_t *model = frame->model;
    rect_t *c = &frame->canvas;
    frame->state->n_boxes = 0;
    if (!model->snap || model->snap->n_actors == 0) {
        paint_text (c->y + c->height / 2, c->x + 2, c->width - 4,
               model->screen == SCREEN_SANDBOX ? words_msg (model, W_NO_ACTORS_SANDBOX)
               : model->screen == SCREEN_EXERCISE ? words_msg (model, W_NO_ACTORS_EXERCISE)
               : words_msg (model, W_NO_ACTORS_LESSON),
               theme_attr (ROLE_DIM), frame->utf8);
        return;
    }
    //  Box size: roomy when possible; the layout shrinks it when not.
    int box_width = c->width >= 90 ? 20 : 18;
    int box_height = c->height >= 14 ? 5 : 3;
    layout_snapshot (model->snap, c->width, c->height, box_width, box_height,
                     frame->boxes, &frame->layout);
    //  Links under glyphs, glyphs under boxes.
    s_draw_links (frame);
    s_draw_flights (frame);
    size_t n = model->snap->n_actors < LAYOUT_ACTORS_MAX ? model->snap->n_actors : LAYOUT_ACTORS_MAX;
    for (size_t i = 0; i < n; i++) {
        if (!frame->boxes [i].visible)
            continue;
        rect_t box = s_box_rect (frame, (int) i);
        s_draw_box (frame, (int) i, &box);
        if (frame->state->n_boxes < DRAW_BOXES_MAX) {
            draw_state_t *state = frame->state;
            state->boxes [state->n_boxes].y = box.y;
            state->boxes [state->n_boxes].x = box.x;
            state->boxes [state->n_boxes].height = box.height;
            state->boxes [state->n_boxes].width = box.width;
            snprintf (state->boxes [state->n_boxes].name, LAB_NAME_MAX, "%s",
                      model->snap->actors [i].name);
            state->n_boxes++;
        }
    }
    if (frame->layout.overflow) {
        char note [96];
        words_format (note, sizeof note, model, W_ACTORS_HIDDEN, frame->layout.hidden);
        paint_text (c->y + c->height - 1, c->x + 1, c->width - 2, note, theme_attr (ROLE_WARN), frame->utf8);
    }
}

void
canvas_draw (draw_state_t *state, const model_t *model, rect_t area, bool utf8)
{
    frame_t frame = { .model = model, .utf8 = utf8, .state = state, .canvas = area };
    s_draw_canvas (&frame);
}
