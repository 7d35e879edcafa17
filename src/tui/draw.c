/*  draw.c — one frame of the view, from the model only.

    Screen, top to bottom: the title bar; the canvas (actor boxes, links
    with their queue gauges, moving messages) beside the lesson panel; the
    event log or the selected actor's details under the canvas; the message
    or command line; the status bar. Smaller terminals fold the log, then
    put the panel under the canvas; below DRAW_MIN_* the view only says how
    large the terminal must be.

    Everything colour says is also said by a character or a word.
*/
#define _GNU_SOURCE
#define _XOPEN_SOURCE_EXTENDED 1
#include "draw.h"
#include "gauge.h"
#include "layout.h"
#include "text.h"
#include "utf8.h"
#include "theme.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int y, x, height, width;
} rect_t;

//  Messages a second from which a link shows its rate instead of its
//  endpoint (glyphs stop at about this rate too).
static const double RATE_SHOWN = 10;

//  Moving glyphs carry their message's text only while few are moving:
//  more would overwrite each other into text nobody sent.
enum { FLIGHT_TEXTS_MAX = 3 };

typedef struct {
    const model_t *model;
    bool utf8;
    draw_state_t *state;
    layout_box_t boxes [LAYOUT_ACTORS_MAX];
    layout_t layout;
    rect_t canvas;
    const unsigned char *lines;     //  the links' cells (LINE_* bits), while labelling
    unsigned char *labelled;        //  canvas cells a label already took
} frame_t;

static const char *
s_tr (const model_t *model, const char *en, const char *zh)
{
    return model->zh ? zh : en;
}

//  Writes TEXT at (y, x), clipped to COLUMNS, in ATTR.
static void
s_put (int y, int x, int columns, const char *text, int attr, bool utf8)
{
    if (columns <= 0 || y < 0 || x < 0)
        return;
    char clipped [1024];
    text_clip (text, columns, clipped, sizeof clipped, utf8);
    attrset ((attr_t) attr);
    mvaddstr (y, x, clipped);
    attrset (A_NORMAL);
}

static void
s_fill (int y, int x, int columns, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < columns; i++)
        mvaddch (y, x + i, ' ');
    attrset (A_NORMAL);
}

static void
s_hline (int y, int x, int columns, bool utf8, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < columns; i++)
        if (utf8)
            mvaddstr (y, x + i, "─");
        else
            mvaddch (y, x + i, '-');
    attrset (A_NORMAL);
}

static void
s_vline (int y, int x, int rows, bool utf8, int attr)
{
    attrset ((attr_t) attr);
    for (int i = 0; i < rows; i++)
        if (utf8)
            mvaddstr (y + i, x, "│");
        else
            mvaddch (y + i, x, '|');
    attrset (A_NORMAL);
}

static role_t
s_state_role (actor_state_t state)
{
    switch (state) {
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
static const char *
s_state_word (const model_t *model, actor_state_t state)
{
    static const char *zh [ACTOR_STATE_COUNT] = {
        "启动中", "运行中", "休眠", "阻塞在发送", "阻塞在接收", "等待输入",
        "等待单步", "已暂停", "已崩溃", "已停止"
    };
    if (state >= ACTOR_STATE_COUNT)
        return "?";
    return model->zh ? zh [state] : actor_state_name (state);
}

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

static void
s_count (char *out, size_t size, uint64_t n)
{
    if (n < 10000)
        snprintf (out, size, "%llu", (unsigned long long) n);
    else
    if (n < 10000000)
        snprintf (out, size, "%lluk", (unsigned long long) (n / 1000));
    else
        snprintf (out, size, "%lluM", (unsigned long long) (n / 1000000));
}

//  --- the canvas ---------------------------------------------------------

static void
s_draw_box (frame_t *frame, int index, const rect_t *box)
{
    const model_t *model = frame->model;
    const actor_stats_t *actor = &model->snap->actors [index];
    bool selected = index == model->selected;
    bool focused = model->focus [0] && strcmp (model->focus, actor->name) == 0;
    int border = theme_attr (selected ? ROLE_SELECTED : focused ? ROLE_FOCUS : ROLE_BOX);
    role_t state_role = s_state_role (actor->state);
    bool utf8 = frame->utf8;
    int inner = box->width - 2;

    if (box->height == 1) {
        char line [128];
        snprintf (line, sizeof line, "[%s %s]", actor->name,
                  s_state_word (model, actor->state));
        s_put (box->y, box->x, box->width, line, theme_attr (state_role) | (selected ? A_REVERSE : 0), utf8);
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
        s_put (box->y, box->x + 1, 1, "*", theme_attr (ROLE_FOCUS), utf8);

    //  Name on the top border, the rest inside.
    char title [64];
    snprintf (title, sizeof title, " %s ", actor->name);
    s_put (box->y, box->x + 2, inner - 2, title, border | A_BOLD, utf8);
    int row = box->y + 1;
    int last = box->y + box->height - 2;
    char types [64], line [LAB_DETAIL_MAX + 32];
    s_socket_types (model, actor->name, types, sizeof types);
    if (row == last && box->height == 3) {
        //  One row inside: the state and the counts, which lessons are about.
        char sent [16], received [16];
        s_count (sent, sizeof sent, actor->sent);
        s_count (received, sizeof received, actor->received);
        snprintf (line, sizeof line, utf8 ? "↑%s ↓%s" : "o%s i%s", sent, received);
        int counts = text_width (line);
        s_put (row, box->x + 1, inner - counts - 1, s_state_word (model, actor->state),
               theme_attr (state_role), utf8);
        s_put (row, box->x + 1 + inner - counts, counts, line, theme_attr (ROLE_NORMAL), utf8);
        return;
    }
    if (row <= last) {
        //  Type and state on one line when there is room, else the state.
        int type_width = text_width (types);
        if (type_width && type_width + 1 + text_width (s_state_word (model, actor->state)) <= inner) {
            s_put (row, box->x + 1, inner, types, theme_attr (ROLE_DIM), utf8);
            s_put (row, box->x + 2 + type_width, inner - type_width - 1,
                   s_state_word (model, actor->state), theme_attr (state_role), utf8);
        }
        else
            s_put (row, box->x + 1, inner, s_state_word (model, actor->state),
                   theme_attr (state_role), utf8);
        row++;
    }
    if (row <= last) {
        char sent [16], received [16];
        s_count (sent, sizeof sent, actor->sent);
        s_count (received, sizeof received, actor->received);
        snprintf (line, sizeof line, utf8 ? "↑%s ↓%s" : "out %s in %s", sent, received);
        s_put (row, box->x + 1, inner, line, theme_attr (ROLE_NORMAL), utf8);
        row++;
    }
    if (row <= last) {
        //  What went wrong, when something did: lost, missed, errors.
        line [0] = 0;
        int attr = theme_attr (ROLE_NORMAL);
        if (actor->state == ACTOR_CRASHED) {
            snprintf (line, sizeof line, "%s", actor->detail);
            attr = theme_attr (ROLE_CRASHED);
        }
        else
        if (actor->lost) {
            snprintf (line, sizeof line, "%s %llu", s_tr (model, "lost", "丢失"),
                      (unsigned long long) actor->lost);
            attr = theme_attr (ROLE_DROP);
        }
        else
        if (actor->missed) {
            snprintf (line, sizeof line, "%s %llu", s_tr (model, "missed", "错过"),
                      (unsigned long long) actor->missed);
            attr = theme_attr (ROLE_MISSED);
        }
        else
        if (actor->errors) {
            snprintf (line, sizeof line, "%s %llu", s_tr (model, "errors", "错误"),
                      (unsigned long long) actor->errors);
            attr = theme_attr (ROLE_FAIL);
        }
        s_put (row, box->x + 1, inner, line, attr, utf8);
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
    return link->active || link->delivered || link->lost || link->in_flight;
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
    s_put (y, x, width, clipped, attr, frame->utf8);
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
        s_put (hy, hx, 1, utf8 ? (right ? "▶" : "◀") : (right ? ">" : "<"), theme_attr (role), utf8);
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
    gauge_render (gauge, sizeof gauge, link->in_flight, link->capacity, cells, utf8);
    if (ly + 1 < c->y + c->height)
        s_label (frame, ly + 1, lx, stretch, gauge, theme_attr (role));
    char marks [96] = "";
    if (link->lost)
        snprintf (marks, sizeof marks, "%s%llu", utf8 ? "✗" : "x", (unsigned long long) link->lost);
    if (link->missed) {
        size_t used = strlen (marks);
        snprintf (marks + used, sizeof marks - used, "%s%s %llu-%llu", used ? " " : "",
                  frame->model->zh ? "错过" : "missed",
                  (unsigned long long) link->missed_first, (unsigned long long) link->missed_last);
    }
    if (ly - 1 < c->y)
        return;
    if (marks [0])
        s_label (frame, ly - 1, lx, stretch, marks, theme_attr (link->lost ? ROLE_DROP : ROLE_MISSED));
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
    //  the cells): forward links first, so the request side speaks.
    bool *labelled = calloc (n_links ? n_links : 1, sizeof *labelled);
    for (int pass = 0; labelled && taken && pass < 2; pass++)
        for (size_t i = 0; i < n_links; i++) {
            const link_stats_t *link = &model->snap->links [i];
            if (!lengths [i] || labelled [i])
                continue;
            bool forward = paths [i][lengths [i] - 1][1] >= paths [i][0][1];
            if (pass == 0 && !forward)
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
        s_put (y, x, 1, glyph, theme_attr (flight->dropped ? ROLE_DROP : ROLE_GLYPH), frame->utf8);
        //  The message itself, when there is room after the glyph.
        if (flight->text [0] && !flight->dropped && model->n_flights <= FLIGHT_TEXTS_MAX)
            s_put (y, x + 1, 7, flight->text, theme_attr (ROLE_GLYPH), frame->utf8);
    }
}

static void
s_draw_canvas (frame_t *frame)
{
    const model_t *model = frame->model;
    rect_t *c = &frame->canvas;
    frame->state->n_boxes = 0;
    if (!model->snap || model->snap->n_actors == 0) {
        s_put (c->y + c->height / 2, c->x + 2, c->width - 4,
               model->screen == SCREEN_SANDBOX
               ? s_tr (model, "No actors yet: ':' spawn(\"publisher\") starts one.",
                              "还没有参与者：用 ':' spawn(\"publisher\") 启动一个。")
               : s_tr (model, "No actors yet: the lesson starts them.", "还没有参与者：课程会启动它们。"),
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
        snprintf (note, sizeof note, model->zh ? "还有 %d 个参与者未显示（终端太小）" : "+%d actors not shown (larger terminal?)",
                  frame->layout.hidden);
        s_put (c->y + c->height - 1, c->x + 1, c->width - 2, note, theme_attr (ROLE_WARN), frame->utf8);
    }
}

//  --- the lesson panel -----------------------------------------------------

typedef struct {
    const char *text;
    int attr;
    const char *prefix;
} panel_piece_t;

//  Writes wrapped TEXT (with PREFIX on its first line) from row *y; rows
//  before FIRST_ROW are counted but not drawn. Returns the rows used.
static int
s_panel_text (const rect_t *panel, int *y, const char *prefix, const char *text, int attr,
              bool utf8, bool draw)
{
    int indent = text_width (prefix);
    int width = panel->width - 2 - indent;
    if (width < 4)
        width = 4;
    //  As many lines as the text needs: nothing is cut silently.
    text = text ? text : "";
    text_line_t few [64];
    text_line_t *lines = few;
    int n = text_wrap (text, width, few, 64);
    if (n > 64) {
        lines = malloc ((size_t) n * sizeof *lines);
        if (lines)
            text_wrap (text, width, lines, n);
        else {
            lines = few;
            n = 64;
        }
    }
    for (int i = 0; i < n; i++) {
        if (draw && *y >= panel->y && *y < panel->y + panel->height) {
            if (i == 0 && indent)
                s_put (*y, panel->x + 1, indent, prefix, attr, utf8);
            char line [512];
            text_clip_n (text + lines [i].start, lines [i].length, width, line, sizeof line, utf8);
            s_put (*y, panel->x + 1 + indent, width, line, attr, utf8);
        }
        (*y)++;
    }
    if (lines != few)
        free (lines);
    return n;
}

static void
s_entry_style (const model_t *model, const entry_t *entry, const char **prefix, int *attr,
               bool utf8)
{
    *prefix = "";
    *attr = theme_attr (ROLE_NORMAL);
    switch (entry->kind) {
        case ENTRY_TITLE: *attr = theme_attr (ROLE_NORMAL) | A_BOLD; break;
        case ENTRY_SAY: break;
        case ENTRY_ASK: *prefix = "? "; *attr = theme_attr (ROLE_QUESTION); break;
        case ENTRY_CHOSEN: *prefix = utf8 ? "→ " : "> "; *attr = theme_attr (ROLE_DIM); break;
        case ENTRY_REVEAL: *prefix = utf8 ? "★ " : "* "; *attr = theme_attr (ROLE_HINT); break;
        case ENTRY_PASS: *prefix = utf8 ? "✓ " : "ok "; *attr = theme_attr (ROLE_PASS); break;
        case ENTRY_FAIL: *prefix = utf8 ? "✗ " : "FAIL "; *attr = theme_attr (ROLE_FAIL); break;
        case ENTRY_HINT: *prefix = s_tr (model, "hint: ", "提示："); *attr = theme_attr (ROLE_HINT); break;
        case ENTRY_LOG: *prefix = utf8 ? "· " : ". "; *attr = theme_attr (ROLE_DIM); break;
        case ENTRY_ERROR: *prefix = "! "; *attr = theme_attr (ROLE_FAIL); break;
    }
}

//  Everything the panel would show, drawn bottom-aligned: the newest text
//  is always visible; panel_scroll moves back.
static int
s_panel_pass (const model_t *model, const rect_t *body, int y, bool utf8, bool draw)
{
    int start = y;
    for (size_t i = 0; i < model->n_entries; i++) {
        const entry_t *entry = &model->entries [i];
        const char *prefix;
        int attr;
        s_entry_style (model, entry, &prefix, &attr, utf8);
        if (i > 0 && (entry->kind == ENTRY_SAY || entry->kind == ENTRY_ASK))
            y++;                //  a blank line between steps
        s_panel_text (body, &y, prefix, entry->text, attr, utf8, draw);
    }
    if (model->question.open) {
        y++;
        s_panel_text (body, &y, "? ", model->question.text, theme_attr (ROLE_QUESTION), utf8, draw);
        for (int c = 0; c < model->question.n_choices; c++) {
            char prefix [16];
            snprintf (prefix, sizeof prefix, "  %d) ", c + 1);
            s_panel_text (body, &y, prefix, model->question.choices [c],
                          theme_attr (ROLE_QUESTION), utf8, draw);
        }
        char press [96];
        snprintf (press, sizeof press, model->zh ? "按 1-%d 选择你的预测。"
                                                              : "Press 1-%d to predict.",
                  model->question.n_choices);
        s_panel_text (body, &y, "", press, theme_attr (ROLE_DIM), utf8, draw);
    }
    else
    if (model->waiting_next)
        s_panel_text (body, &y, "", s_tr (model, "[n] next", "[n] 下一步"),
                      theme_attr (ROLE_DIM) | A_BOLD, utf8, draw);
    else
    if (model->finished) {
        char done [128];
        snprintf (done, sizeof done, model->zh ? "课程结束：%d/%d 项检查通过。[q] 课程列表" : "Lesson over: %d of %d checks passed. [q] lessons",
                  model->checks_passed, model->checks_passed + model->checks_failed);
        y++;
        s_panel_text (body, &y, "", done, theme_attr (model->checks_failed ? ROLE_FAIL : ROLE_PASS),
                      utf8, draw);
    }
    return y - start;
}

static void
s_draw_panel (draw_state_t *state, const model_t *model, const rect_t *panel, bool utf8)
{
    //  Header: the lesson title and "step k of n".
    char header [256];
    if (model->screen == SCREEN_SANDBOX)
        snprintf (header, sizeof header, "%s", s_tr (model, "Sandbox", "自由模式"));
    else
    if (model->steps > 0)
        snprintf (header, sizeof header, model->zh ? "第 %d/%d 步" : "Step %d of %d",
                  model->step, model->steps);
    else
        header [0] = 0;
    s_put (panel->y, panel->x + 1, panel->width - 2, header, theme_attr (ROLE_DIM) | A_BOLD, utf8);
    rect_t body = { panel->y + 1, panel->x, panel->height - 1, panel->width };
    int total = s_panel_pass (model, &body, 0, utf8, false);
    int scroll = model->panel_scroll;
    if (scroll > total - body.height)
        scroll = total - body.height;
    if (scroll < 0)
        scroll = 0;
    int top = total > body.height ? body.y - (total - body.height) + scroll : body.y;
    s_panel_pass (model, &body, top, utf8, true);
    //  More above: said in the header row, never over the text.
    if (total > body.height && top < body.y) {
        const char *more = model->zh ? (utf8 ? "↑ PgUp 上翻" : "^ PgUp")
                                                  : (utf8 ? "↑ PgUp" : "^ PgUp");
        int width = text_width (more);
        if (text_width (header) + width + 3 <= panel->width)
            s_put (panel->y, panel->x + panel->width - 1 - width, width, more,
                   theme_attr (ROLE_DIM), utf8);
    }
    state->panel_scroll_max = total > body.height ? total - body.height : 0;
}

//  --- log and details ---------------------------------------------------------

static role_t
s_event_role (event_kind_t kind)
{
    switch (kind) {
        case EVENT_DROP: case EVENT_ERROR: return ROLE_DROP;
        case EVENT_MISSED: return ROLE_MISSED;
        case EVENT_STATE: return ROLE_BLOCKED;
        case EVENT_JOIN: case EVENT_SUBSCRIBE: case EVENT_UNSUBSCRIBE: return ROLE_SLEEPING;
        case EVENT_LOG: return ROLE_NORMAL;
        default: return ROLE_DIM;
    }
}

static void
s_format_event (const lab_event_t *event, char *out, size_t size, bool utf8)
{
    char seq [24] = "";
    if (event->seq)
        snprintf (seq, sizeof seq, " #%llu", (unsigned long long) event->seq);
    snprintf (out, size, "%6.2f %-8s %-6s %s%s%s%s", event->time, event->actor,
              event_kind_name (event->kind), event->text, seq,
              event->peer [0] ? (utf8 ? " ← " : " <- ") : "", event->peer);
}

static void
s_draw_log (const model_t *model, const rect_t *area, bool utf8)
{
    int rows = area->height;
    size_t count = model->log_count;
    size_t skip = (size_t) model->log_scroll < count ? (size_t) model->log_scroll : 0;
    for (int r = 0; r < rows; r++) {
        //  Newest at the bottom.
        size_t back = (size_t) (rows - 1 - r) + skip;
        if (back >= count)
            continue;
        const lab_event_t *event = &model->log [(model->log_start + count - 1 - back) % MODEL_LOG_MAX];
        char line [512];
        s_format_event (event, line, sizeof line, utf8);
        s_put (area->y + r, area->x, area->width, line, theme_attr (s_event_role (event->kind)), utf8);
    }
    if (count == 0)
        s_put (area->y, area->x, area->width, s_tr (model, "(the event log is empty)", "（事件日志为空）"),
               theme_attr (ROLE_DIM), utf8);
}

static void
s_draw_details (const model_t *model, const rect_t *area, bool utf8)
{
    const actor_stats_t *actor = &model->snap->actors [model->selected];
    int y = area->y, end = area->y + area->height;
    char line [1024];
    snprintf (line, sizeof line, "%s (%s): %s%s%s", actor->name, actor->behaviour,
              actor_state_name (actor->state), actor->detail [0] ? " — " : "", actor->detail);
    s_put (y++, area->x, area->width, line, theme_attr (s_state_role (actor->state)) | A_BOLD, utf8);
    if (y < end) {
        snprintf (line, sizeof line, model->zh
                  ? "发送 %llu  接收 %llu  丢失 %llu  错过 %llu  错误 %llu  %.0f/秒 发 %.0f/秒 收"
                  : "sent %llu  received %llu  lost %llu  missed %llu  errors %llu  %.0f/s out %.0f/s in",
                  (unsigned long long) actor->sent, (unsigned long long) actor->received,
                  (unsigned long long) actor->lost, (unsigned long long) actor->missed,
                  (unsigned long long) actor->errors, actor->send_rate, actor->recv_rate);
        s_put (y++, area->x, area->width, line, theme_attr (ROLE_NORMAL), utf8);
    }
    for (size_t i = 0; model->snap && i < model->snap->n_sockets && y < end; i++) {
        const socket_stats_t *sock = &model->snap->sockets [i];
        if (sock->closed || strcmp (sock->actor, actor->name) != 0)
            continue;
        snprintf (line, sizeof line, "  %s %s  %s  HWM %d/%d%s%s", sock->type, sock->label,
                  sock->endpoints, sock->sndhwm, sock->rcvhwm,
                  sock->subscriptions [0] ? s_tr (model, "  subscribed ", "  订阅 ") : "",
                  sock->subscriptions);
        s_put (y++, area->x, area->width, line, theme_attr (ROLE_DIM), utf8);
    }
    if (actor->last_error [0] && y < end) {
        snprintf (line, sizeof line, "%s: %s", s_tr (model, "last error", "最近的错误"), actor->last_error);
        s_put (y++, area->x, area->width, line, theme_attr (ROLE_FAIL), utf8);
    }
    for (int r = 0; r < actor->n_reports && y < end; r++) {
        snprintf (line, sizeof line, "  %s = %s", actor->reports [r].key, actor->reports [r].value);
        s_put (y++, area->x, area->width, line, theme_attr (ROLE_NORMAL), utf8);
    }
    //  Its latest messages, with their stamps.
    for (size_t back = 0; back < model->log_count && y < end; back++) {
        const lab_event_t *event = &model->log [(model->log_start + model->log_count - 1 - back) % MODEL_LOG_MAX];
        if (strcmp (event->actor, actor->name) != 0)
            continue;
        s_format_event (event, line, sizeof line, utf8);
        s_put (y++, area->x, area->width, line, theme_attr (s_event_role (event->kind)), utf8);
    }
}

//  --- bars, overlays, menu -----------------------------------------------------

static void
s_draw_title (const model_t *model, int columns, bool utf8)
{
    s_fill (0, 0, columns, theme_attr (ROLE_TITLE));
    char title [512];
    if (model->screen == SCREEN_MENU)
        snprintf (title, sizeof title, " zmqlab · %s", s_tr (model, "ZeroMQ lessons", "ZeroMQ 课程"));
    else
    if (model->screen == SCREEN_SANDBOX)
        snprintf (title, sizeof title, " zmqlab · %s", s_tr (model, "sandbox", "自由模式"));
    else
        snprintf (title, sizeof title, " zmqlab · %s", model->lesson_title ? model->lesson_title : "");
    s_put (0, 0, columns, title, theme_attr (ROLE_TITLE), utf8);
}

static void
s_draw_status (const model_t *model, int row, int columns, bool utf8)
{
    s_fill (row, 0, columns, theme_attr (ROLE_STATUS));
    char status [512];
    const lab_snapshot_t *snap = model->snap;
    if (model->screen == SCREEN_MENU)
        snprintf (status, sizeof status, "%s", s_tr (model,
                  " ↑↓ choose · Enter open · ? help · q quit",
                  " ↑↓ 选择 · Enter 打开 · ? 帮助 · q 退出"));
    else {
        const char *state = !snap ? "" : snap->paused ? s_tr (model, "PAUSED", "已暂停")
                          : snap->stepping ? s_tr (model, "STEPPING", "单步") : s_tr (model, "running", "运行中");
        if (model->screen == SCREEN_SANDBOX)
            snprintf (status, sizeof status, model->zh
                      ? " %s ×%g │ : 命令 · Esc 按键 · 空格 暂停 · . 单步 · +/- 速度 · Tab 选择 · ? 帮助 · q 退出"
                      : " %s ×%g │ : command · Esc keys · Space pause · . step · +/- speed · Tab select · ? help · q quit",
                      state, snap ? snap->speed : 1.0);
        else
            snprintf (status, sizeof status, model->zh
                      ? " %s ×%g │ 空格 暂停 · . 单步 · +/- 速度 · n 下一步 · h 提示 · : 命令 · ? 帮助 · q 返回"
                      : " %s ×%g │ Space pause · . step · +/- speed · n next · h hint · : command · ? help · q back",
                      state, snap ? snap->speed : 1.0);
    }
    s_put (row, 0, columns, status, theme_attr (ROLE_STATUS), utf8);
}

static void
s_draw_message_line (const model_t *model, int row, int columns, bool utf8)
{
    move (row, 0);
    clrtoeol ();
    if (model->command_open) {
        //  The command's result or error goes on the row above, over the
        //  bottom of the view, so the line being typed stays.
        if (model->message [0] && row > 1) {
            s_fill (row - 1, 0, columns, theme_attr (ROLE_NORMAL));
            s_put (row - 1, 0, columns, model->message,
                   theme_attr (model->message_is_error ? ROLE_MESSAGE : ROLE_HINT), utf8);
        }
        s_put (row, 0, 1, ":", theme_attr (ROLE_QUESTION) | A_BOLD, utf8);
        //  Keep the cursor in view on long lines.
        int before = text_width_n (model->command, (size_t) model->command_cursor);
        int offset = before > columns - 3 ? before - (columns - 3) : 0;
        const char *text = model->command;
        int skipped = 0;
        while (*text && skipped < offset) {
            //  A whole character at a time, wide ones included.
            int32_t codepoint;
            int n = utf8_decode (text, strlen (text), &codepoint);
            skipped += utf8_width (codepoint);
            text += n;
        }
        s_put (row, 1, columns - 1, text, theme_attr (ROLE_NORMAL), utf8);
        int cursor_x = 1 + before - skipped;
        if (cursor_x < columns) {
            move (row, cursor_x);
            curs_set (1);
        }
        return;
    }
    curs_set (0);
    s_put (row, 0, columns, model->message,
           theme_attr (model->message_is_error ? ROLE_MESSAGE : ROLE_HINT), utf8);
}

static void
s_draw_help (const model_t *model, int rows, int columns, bool utf8)
{
    static const char *en [] = {
        "Keys", "",
        "n, Enter      next step of the lesson",
        "1-9           answer the question (your prediction)",
        "h             show a hint",
        "Space         pause / resume every actor",
        ".             step: let exactly one message move",
        "+ / -         faster / slower",
        "Tab, Shift-Tab, arrows  select an actor (or click it)",
        "Esc           back to the log; leave the command line",
        "p / k / r     pause, kill, restart the selected actor",
        ":             command line: the lesson API, e.g.",
        "              spawn(\"subscriber\", { name = \"s2\" })",
        "PgUp / PgDn   scroll the lesson text and the event log",
        "l             the lesson list",
        "q             back to the lessons (on the list, in the sandbox: quit)",
        "", "Any key closes this help.", NULL
    };
    static const char *zh [] = {
        "按键", "",
        "n、Enter      课程的下一步",
        "1-9           回答问题（你的预测）",
        "h             显示提示",
        "空格          暂停 / 继续所有参与者",
        ".             单步：只让一条消息移动",
        "+ / -         加快 / 减慢",
        "Tab、Shift-Tab、方向键  选择参与者（或用鼠标点击）",
        "Esc           回到事件日志；离开命令行",
        "p / k / r     暂停、终止、重启选中的参与者",
        ":             命令行：课程 API，例如",
        "              spawn(\"subscriber\", { name = \"s2\" })",
        "PgUp / PgDn   滚动课程文本和事件日志",
        "l             课程列表",
        "q             返回课程列表（在列表或自由模式中：退出）",
        "", "按任意键关闭帮助。", NULL
    };
    const char **lines = model->zh ? zh : en;
    int n = 0, width = 0;
    for (; lines [n]; n++)
        if (text_width (lines [n]) > width)
            width = text_width (lines [n]);
    int height = n + 2;
    width += 4;
    if (width > columns - 2)
        width = columns - 2;
    if (height > rows - 2)
        height = rows - 2;
    int y = (rows - height) / 2, x = (columns - width) / 2;
    for (int r = 0; r < height; r++)
        s_fill (y + r, x, width, theme_attr (ROLE_STATUS));
    //  A frame, so the overlay stands apart without colour too.
    s_hline (y, x, width, utf8, theme_attr (ROLE_STATUS));
    s_hline (y + height - 1, x, width, utf8, theme_attr (ROLE_STATUS));
    s_vline (y, x, height, utf8, theme_attr (ROLE_STATUS));
    s_vline (y, x + width - 1, height, utf8, theme_attr (ROLE_STATUS));
    for (int i = 0; i < n && i < height - 2; i++)
        s_put (y + 1 + i, x + 2, width - 4, lines [i],
               theme_attr (ROLE_STATUS) | (i == 0 ? A_BOLD : 0), utf8);
}

static void
s_draw_menu (const model_t *model, int rows, int columns, bool utf8)
{
    int y = 2;
    s_put (y++, 2, columns - 4, s_tr (model,
           "Choose a lesson. Each one runs real ZeroMQ sockets and checks what happened.",
           "选择一个课程。每个课程都运行真实的 ZeroMQ 套接字，并检查实际发生了什么。"),
           theme_attr (ROLE_NORMAL), utf8);
    y++;
    int visible = rows - y - 4;
    int first = model->menu_selected >= visible ? model->menu_selected - visible + 1 : 0;
    for (int i = first; i < model->n_menu && y < rows - 3; i++, y++) {
        const menu_entry_t *entry = &model->menu [i];
        char line [512];
        snprintf (line, sizeof line, " %s %2d  %-20s %-13s %s", entry->finished ? (utf8 ? "✓" : "*") : " ",
                  entry->number, entry->id ? entry->id : "?", entry->level ? entry->level : "",
                  entry->title ? entry->title : "");
        int attr = i == model->menu_selected ? theme_attr (ROLE_SELECTED) | (int) A_REVERSE
                                             : theme_attr (entry->finished ? ROLE_PASS : ROLE_NORMAL);
        s_fill (y, 2, columns - 4, i == model->menu_selected ? attr : (int) A_NORMAL);
        s_put (y, 2, columns - 4, line, attr, utf8);
    }
    if (model->n_menu == 0)
        s_put (y, 2, columns - 4, s_tr (model, "(no lessons found)", "（没有找到课程）"),
               theme_attr (ROLE_FAIL), utf8);
}

//  --- the frame ------------------------------------------------------------------

void
draw_frame (draw_state_t *state, const model_t *model, bool utf8)
{
    int rows, columns;
    getmaxyx (stdscr, rows, columns);
    erase ();
    if (rows < DRAW_MIN_ROWS || columns < DRAW_MIN_COLUMNS) {
        char text [128];
        snprintf (text, sizeof text, model->zh
                  ? "终端太小：%dx%d，至少需要 %dx%d" : "Terminal too small: %dx%d; zmqlab needs %dx%d",
                  columns, rows, DRAW_MIN_COLUMNS, DRAW_MIN_ROWS);
        text_line_t lines [8];
        int n = text_wrap (text, columns, lines, 8);
        for (int i = 0; i < n && i < 8 && i < rows; i++) {
            char line [128];
            text_clip_n (text + lines [i].start, lines [i].length, columns, line, sizeof line, utf8);
            s_put (i, 0, columns, line, A_BOLD, utf8);
        }
        state->n_boxes = 0;
        curs_set (0);
        wnoutrefresh (stdscr);
        doupdate ();
        return;
    }
    s_draw_title (model, columns, utf8);
    s_draw_status (model, rows - 1, columns, utf8);
    if (model->screen == SCREEN_MENU) {
        state->n_boxes = 0;
        s_draw_menu (model, rows - 2, columns, utf8);
    }
    else {
        //  Middle area: rows 1 .. rows-3.
        //  An open command line's result takes the row above it.
        bool result_row = model->command_open && model->message [0];
        int top = 1, height = rows - 3 - (result_row ? 1 : 0);
        bool side = columns >= 64;
        int panel_width = side ? columns * 38 / 100 : columns;
        if (side && panel_width < 30)
            panel_width = 30;
        if (side && panel_width > 60)
            panel_width = 60;
        rect_t panel, left;
        if (side) {
            panel = (rect_t) { top, columns - panel_width, height, panel_width };
            left = (rect_t) { top, 0, height, columns - panel_width - 1 };
            s_vline (top, columns - panel_width - 1, height, utf8, theme_attr (ROLE_DIM));
        }
        else {
            int panel_height = height / 2;
            panel = (rect_t) { top + height - panel_height, 0, panel_height, columns };
            left = (rect_t) { top, 0, height - panel_height - 1, columns };
            s_hline (top + left.height, 0, columns, utf8, theme_attr (ROLE_DIM));
        }
        //  The log or the details fold away first when rows are short.
        int log_height = left.height >= 16 ? left.height * 3 / 10 : left.height >= 12 ? 3 : 0;
        if (log_height > 10)
            log_height = 10;
        frame_t frame = { .model = model, .utf8 = utf8, .state = state };
        frame.canvas = (rect_t) { left.y, left.x, left.height - (log_height ? log_height + 1 : 0), left.width };
        s_draw_canvas (&frame);
        if (log_height) {
            int sep = frame.canvas.y + frame.canvas.height;
            s_hline (sep, left.x, left.width, utf8, theme_attr (ROLE_DIM));
            rect_t log = { sep + 1, left.x + 1, log_height, left.width - 2 };
            bool details = model->snap && model->selected >= 0
                        && (size_t) model->selected < model->snap->n_actors;
            char title [128];
            uint64_t unseen = model->snap ? model->snap->events_sampled_out
                                            + model->snap->events_dropped : 0;
            if (details)
                snprintf (title, sizeof title, "%s", s_tr (model, " details (Esc: log) ", " 详情（Esc：日志） "));
            else
            if (unseen)
                //  The log shows a sample at high rates; the counts are exact.
                snprintf (title, sizeof title, model->zh
                          ? " 事件日志（另有 %llu 条未列出，计数不受影响） "
                          : " event log (%llu more not listed; counts are exact) ",
                          (unsigned long long) unseen);
            else
                snprintf (title, sizeof title, "%s", s_tr (model, " event log ", " 事件日志 "));
            s_put (sep, left.x + 2, left.width - 4, title, theme_attr (ROLE_DIM), utf8);
            if (details)
                s_draw_details (model, &log, utf8);
            else
                s_draw_log (model, &log, utf8);
        }
        s_draw_panel (state, model, &panel, utf8);
    }
    //  After the view: an open command line's result goes over its bottom row.
    s_draw_message_line (model, rows - 2, columns, utf8);
    if (model->help_open)
        s_draw_help (model, rows, columns, utf8);
    wnoutrefresh (stdscr);
    doupdate ();
}

int
draw_actor_at (const draw_state_t *state, const model_t *model, int y, int x)
{
    for (int i = 0; i < state->n_boxes; i++) {
        if (y < state->boxes [i].y || y >= state->boxes [i].y + state->boxes [i].height
        ||  x < state->boxes [i].x || x >= state->boxes [i].x + state->boxes [i].width)
            continue;
        for (size_t a = 0; model->snap && a < model->snap->n_actors; a++)
            if (strcmp (model->snap->actors [a].name, state->boxes [i].name) == 0)
                return (int) a;
    }
    return -1;
}

void
draw_state_clear (draw_state_t *state)
{
    state->n_boxes = 0;
}
