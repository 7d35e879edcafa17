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
#include "canvas.h"
#include "text.h"
#include "utf8.h"
#include "words.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
                paint_text (*y, panel->x + 1, indent, prefix, attr, utf8);
            char line [512];
            text_clip_n (text + lines [i].start, lines [i].length, width, line, sizeof line, utf8);
            paint_text (*y, panel->x + 1 + indent, width, line, attr, utf8);
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
        case ENTRY_HINT: *prefix = words_msg (model, W_HINT_PREFIX); *attr = theme_attr (ROLE_HINT); break;
        case ENTRY_LOG: *prefix = utf8 ? "· " : ". "; *attr = theme_attr (ROLE_DIM); break;
        case ENTRY_ERROR: *prefix = "! "; *attr = theme_attr (ROLE_FAIL); break;
        case ENTRY_CHECK_RUNNING: *prefix = utf8 ? "… " : ".. "; *attr = theme_attr (ROLE_DIM) | A_BOLD; break;
        case ENTRY_CHECK_PASS: *prefix = utf8 ? "✓ " : "ok "; *attr = theme_attr (ROLE_PASS) | A_BOLD; break;
        case ENTRY_CHECK_FAIL: *prefix = utf8 ? "✗ " : "FAIL "; *attr = theme_attr (ROLE_FAIL) | A_BOLD; break;
        case ENTRY_EXPECT_PASS: *prefix = utf8 ? "    ✓ " : "    ok "; *attr = theme_attr (ROLE_PASS); break;
        case ENTRY_EXPECT_FAIL: *prefix = utf8 ? "    ✗ " : "    FAIL "; *attr = theme_attr (ROLE_FAIL); break;
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
        if (i > 0 && (entry->kind == ENTRY_SAY || entry->kind == ENTRY_ASK
                   || entry->kind == ENTRY_CHECK_RUNNING || entry->kind == ENTRY_CHECK_PASS
                   || entry->kind == ENTRY_CHECK_FAIL))
            y++;                //  a blank line between steps, and between checks
        s_panel_text (body, &y, prefix, entry->text, attr, utf8, draw);
    }
    if (model->goal.open) {
        //  The goal stays under the history while it is open, with its
        //  live status: what the learner works towards, and how far.
        y++;
        s_panel_text (body, &y, words_msg (model, W_GOAL_PREFIX), model->goal.text,
                      theme_attr (ROLE_QUESTION) | A_BOLD, utf8, draw);
        if (model->goal.status [0])
            s_panel_text (body, &y, "  ", model->goal.status,
                          theme_attr (ROLE_FOCUS) | A_BOLD, utf8, draw);
        s_panel_text (body, &y, "", words_msg (model, model->goal.playing ? W_GOAL_PLAYING
                                                                          : W_GOAL_KEYS),
                      theme_attr (ROLE_DIM), utf8, draw);
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
        words_format (press, sizeof press, model, W_PRESS_TO_PREDICT, model->question.n_choices);
        s_panel_text (body, &y, "", press, theme_attr (ROLE_DIM), utf8, draw);
    }
    else
    if (model->waiting_next)
        s_panel_text (body, &y, "", words_msg (model, W_NEXT),
                      theme_attr (ROLE_DIM) | A_BOLD, utf8, draw);
    else
    if (model->finished && model->screen == SCREEN_EXERCISE) {
        char done [128];
        words_format (done, sizeof done, model, W_CHECKS_OF, model->checks_passed,
                      model->checks_passed + model->checks_failed);
        y++;
        s_panel_text (body, &y, "", done, theme_attr (model->checks_failed ? ROLE_FAIL : ROLE_PASS)
                      | A_BOLD, utf8, draw);
    }
    else
    if (model->finished) {
        char done [128];
        words_format (done, sizeof done, model, W_LESSON_OVER, model->checks_passed, model->checks_passed + model->checks_failed);
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
        snprintf (header, sizeof header, "%s", words_msg (model, W_SANDBOX));
    else
    if (model->screen == SCREEN_EXERCISE && model->finished)
        words_format (header, sizeof header, model, W_CHECKS_OF, model->checks_passed,
                      model->sections);
    else
    if (model->screen == SCREEN_EXERCISE)
        words_format (header, sizeof header, model, W_CHECKS_RUNNING,
                      model->checks_passed + model->checks_failed, model->sections);
    else
    if (model->steps > 0 && model->sections > 1)
        words_format (header, sizeof header, model, W_SECTION_STEP_OF, model->section,
                      model->sections, model->step, model->steps);
    else
    if (model->steps > 0)
        words_format (header, sizeof header, model, W_STEP_OF, model->step, model->steps);
    else
        header [0] = 0;
    paint_text (panel->y, panel->x + 1, panel->width - 2, header, theme_attr (ROLE_DIM) | A_BOLD, utf8);
    rect_t body = { panel->y + 1, panel->x, panel->height - 1, panel->width };
    int total = s_panel_pass (model, &body, 0, utf8, false);
    int scroll = model->panel_scroll;
    if (scroll > total - body.height)
        scroll = total - body.height;
    if (scroll < 0)
        scroll = 0;
    //  An exercise reads from the top (its statement, then its checks, the
    //  first failure first): panel_scroll counts lines down from there.
    bool from_top = model->screen == SCREEN_EXERCISE;
    int top = from_top ? body.y - scroll
            : total > body.height ? body.y - (total - body.height) + scroll : body.y;
    s_panel_pass (model, &body, top, utf8, true);
    if (from_top && top + total > body.y + body.height) {
        const char *more = words_msg (model, utf8 ? W_MORE_BELOW : W_MORE_BELOW_ASCII);
        int width = text_width (more);
        if (text_width (header) + width + 3 <= panel->width)
            paint_text (panel->y, panel->x + panel->width - 1 - width, width, more,
                   theme_attr (ROLE_DIM), utf8);
    }
    //  More above: said in the header row, never over the text.
    if (total > body.height && top < body.y) {
        const char *more = words_msg (model, utf8 ? W_MORE_ABOVE : W_MORE_ABOVE_ASCII);
        int width = text_width (more);
        if (text_width (header) + width + 3 <= panel->width)
            paint_text (panel->y, panel->x + panel->width - 1 - width, width, more,
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
        paint_text (area->y + r, area->x, area->width, line, theme_attr (s_event_role (event->kind)), utf8);
    }
    if (count == 0)
        paint_text (area->y, area->x, area->width, words_msg (model, W_LOG_EMPTY),
               theme_attr (ROLE_DIM), utf8);
}

//  An outside program: where it is, what it did, and what zmqlab cannot
//  know or do about it.
static void
s_draw_outside (const model_t *model, const actor_stats_t *actor, const rect_t *area, bool utf8)
{
    int y = area->y, end = area->y + area->height;
    char line [1024];
    bool live = actor->state == ACTOR_EXTERNAL;
    const char *type = strcmp (actor->behaviour, "external") ? actor->behaviour : "?";
    words_format (line, sizeof line, model, W_OUTSIDE_TITLE, actor->name, type, actor->address,
              live ? "" : words_msg (model, W_OUTSIDE_LEFT),
              actor->detail [0] ? " — " : "", actor->detail);
    paint_text (y++, area->x, area->width, line, theme_attr (paint_state_role (actor)) | A_BOLD, utf8);
    const link_stats_t *link = NULL;
    for (size_t i = 0; i < model->snap->n_links && !link; i++)
        if (model->snap->links [i].external
        &&  (strcmp (model->snap->links [i].from_actor, actor->name) == 0
        ||   strcmp (model->snap->links [i].to_actor, actor->name) == 0))
            link = &model->snap->links [i];
    if (link && y < end) {
        bool from = strcmp (link->from_actor, actor->name) == 0;
        words_format (line, sizeof line, model, W_OUTSIDE_LINK, from ? link->to_actor : link->from_actor, from ? link->to : link->from,
                  link->endpoint, (unsigned long long) actor->sent,
                  (unsigned long long) actor->received);
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_NORMAL), utf8);
        if (!link->counted && y < end)
            paint_text (y++, area->x, area->width, words_msg (model, W_OUTSIDE_NOT_COUNTED),
                theme_attr (ROLE_DIM), utf8);
    }
    if (y < end)
        paint_text (y++, area->x, area->width, words_msg (model, W_OUTSIDE_NO_STAMPS), theme_attr (ROLE_DIM), utf8);
    if (y < end)
        paint_text (y++, area->x, area->width, words_msg (model, W_OUTSIDE_NO_CONTROL), theme_attr (ROLE_DIM), utf8);
    for (size_t back = 0; back < model->log_count && y < end; back++) {
        const lab_event_t *event = &model->log [(model->log_start + model->log_count - 1 - back) % MODEL_LOG_MAX];
        if (strcmp (event->actor, actor->name) != 0 && strcmp (event->peer, actor->name) != 0)
            continue;
        s_format_event (event, line, sizeof line, utf8);
        paint_text (y++, area->x, area->width, line, theme_attr (s_event_role (event->kind)), utf8);
    }
}

static void
s_draw_details (const model_t *model, const rect_t *area, bool utf8)
{
    const actor_stats_t *actor = &model->snap->actors [model->selected];
    if (actor->external) {
        s_draw_outside (model, actor, area, utf8);
        return;
    }
    int y = area->y, end = area->y + area->height;
    char line [1024];
    snprintf (line, sizeof line, "%s (%s): %s%s%s", actor->name, actor->behaviour,
              actor_state_name (actor->state), actor->detail [0] ? " — " : "", actor->detail);
    paint_text (y++, area->x, area->width, line, theme_attr (paint_state_role (actor)) | A_BOLD, utf8);
    if (y < end) {
        actor_rate_t rate = { 0, 0 };
        if ((size_t) model->selected < model->n_actor_rates)
            rate = model->actor_rates [model->selected];
        words_format (line, sizeof line, model, W_DETAILS_COUNTS,
                  (unsigned long long) actor->sent, (unsigned long long) actor->received,
                  (unsigned long long) actor->lost, (unsigned long long) actor->missed,
                  (unsigned long long) actor->errors, rate.sent, rate.received);
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_NORMAL), utf8);
    }
    if (y < end && (actor->discarded || actor->in_flight)) {
        words_format (line, sizeof line, model, W_DETAILS_SENDER,
                      (unsigned long long) actor->discarded, (unsigned long long) actor->unroutable,
                      (unsigned long long) actor->in_flight);
        paint_text (y++, area->x, area->width, line,
                    theme_attr (actor->discarded ? ROLE_DROP : ROLE_NORMAL), utf8);
    }
    if (actor->subscriptions && y < end) {
        words_format (line, sizeof line, model, W_DETAILS_SUBSCRIPTIONS,
                      (unsigned long long) actor->subscriptions);
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_DIM), utf8);
    }
    //  Its sockets; a stopped actor's last ones (closed), newest first, so
    //  what it did stays readable after it ended.
    bool ended = actor->state == ACTOR_STOPPED || actor->state == ACTOR_CRASHED;
    const char *shown [8];
    int n_shown = 0;
    for (size_t k = 0; model->snap && k < model->snap->n_sockets && y < end; k++) {
        const socket_stats_t *sock = &model->snap->sockets [model->snap->n_sockets - 1 - k];
        if ((sock->closed && !ended) || strcmp (sock->actor, actor->name) != 0)
            continue;
        bool seen = false;
        for (int s = 0; s < n_shown && !seen; s++)
            seen = strcmp (shown [s], sock->label) == 0;
        if (seen || n_shown == 8)
            continue;
        shown [n_shown++] = sock->label;
        snprintf (line, sizeof line, "  %s %s  %s  HWM %d/%d%s%s%s", sock->type, sock->label,
                  sock->endpoints, sock->sndhwm, sock->rcvhwm,
                  sock->subscriptions [0] ? words_msg (model, W_SUBSCRIBED) : "",
                  sock->subscriptions, sock->closed ? words_msg (model, W_CLOSED) : "");
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_DIM), utf8);
    }
    if (actor->last_error [0] && y < end) {
        snprintf (line, sizeof line, "%s: %s", words_msg (model, W_LAST_ERROR), actor->last_error);
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_FAIL), utf8);
    }
    for (int r = 0; r < actor->n_reports && y < end; r++) {
        snprintf (line, sizeof line, "  %s = %s", actor->reports [r].key, actor->reports [r].value);
        paint_text (y++, area->x, area->width, line, theme_attr (ROLE_NORMAL), utf8);
    }
    //  Its latest messages, with their stamps.
    for (size_t back = 0; back < model->log_count && y < end; back++) {
        const lab_event_t *event = &model->log [(model->log_start + model->log_count - 1 - back) % MODEL_LOG_MAX];
        if (strcmp (event->actor, actor->name) != 0)
            continue;
        s_format_event (event, line, sizeof line, utf8);
        paint_text (y++, area->x, area->width, line, theme_attr (s_event_role (event->kind)), utf8);
    }
}

//  --- bars, overlays, menu -----------------------------------------------------

static void
s_draw_title (const model_t *model, int columns, bool utf8)
{
    paint_fill (0, 0, columns, theme_attr (ROLE_TITLE));
    char title [512];
    if (model->screen == SCREEN_MENU)
        snprintf (title, sizeof title, " zmqlab · %s", words_msg (model, W_TITLE_MENU));
    else
    if (model->screen == SCREEN_SANDBOX)
        snprintf (title, sizeof title, " zmqlab · %s", words_msg (model, W_TITLE_SANDBOX));
    else
        snprintf (title, sizeof title, " zmqlab · %s", model->lesson_title ? model->lesson_title : "");
    paint_text (0, 0, columns, title, theme_attr (ROLE_TITLE), utf8);
}

static void
s_draw_status (const model_t *model, int row, int columns, bool utf8)
{
    paint_fill (row, 0, columns, theme_attr (ROLE_STATUS));
    char status [512];
    const lab_snapshot_t *snap = model->snap;
    if (model->screen == SCREEN_MENU)
        snprintf (status, sizeof status, "%s", words_msg (model, W_STATUS_MENU));
    else {
        const char *state = !snap ? "" : snap->paused ? words_msg (model, W_PAUSED)
                          : snap->stepping ? words_msg (model, W_STEPPING) : words_msg (model, W_RUNNING);
        if (model->source.open)
            snprintf (status, sizeof status, "%s",
                      words_msg (model, model->screen == SCREEN_EXERCISE ? W_STATUS_SOURCE_EXERCISE
                                                                        : W_STATUS_SOURCE));
        else
        if (model->screen == SCREEN_SANDBOX)
            words_format (status, sizeof status, model, W_STATUS_SANDBOX, state, snap ? snap->speed : 1.0);
        else
        if (model->goal.open)
            words_format (status, sizeof status, model, W_STATUS_GOAL, state, snap ? snap->speed : 1.0);
        else
        if (model->screen == SCREEN_EXERCISE)
            words_format (status, sizeof status, model, W_STATUS_EXERCISE, state);
        else
            words_format (status, sizeof status, model, W_STATUS_LESSON, state, snap ? snap->speed : 1.0);
    }
    paint_text (row, 0, columns, status, theme_attr (ROLE_STATUS), utf8);
    //  Who can reach the lab comes first: a teacher must know when
    //  other machines can connect.
    char outside [320] = "";
    if (snap && model->screen != SCREEN_MENU && (snap->reachable [0] || snap->outside_live
                                                 || snap->outside_refused)) {
        int n = 0;
        if (snap->reachable [0])
            n = words_format (outside, sizeof outside, model, W_REACHABLE, snap->reachable);
        char refused [64] = "";
        if (snap->outside_refused)
            words_format (refused, sizeof refused, model, W_REFUSED,
                          (unsigned long long) snap->outside_refused);
        if (n >= 0 && (size_t) n < sizeof outside && (snap->outside_live || snap->outside_refused))
            words_format (outside + n, sizeof outside - (size_t) n, model, W_OUTSIDE_COUNT,
                          snap->outside_live, refused);
        int width = text_width (outside);
        paint_text (row, 0, columns, outside,
                    theme_attr (snap->reachable [0] ? ROLE_WARN : ROLE_FOCUS) | A_BOLD, utf8);
        if (width + 1 < columns)
            paint_text (row, width, columns - width, status, theme_attr (ROLE_STATUS), utf8);
    }
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
            paint_fill (row - 1, 0, columns, theme_attr (ROLE_NORMAL));
            paint_text (row - 1, 0, columns, model->message,
                   theme_attr (model->message_is_error ? ROLE_MESSAGE : ROLE_HINT), utf8);
        }
        paint_text (row, 0, 1, ":", theme_attr (ROLE_QUESTION) | A_BOLD, utf8);
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
        paint_text (row, 1, columns - 1, text, theme_attr (ROLE_NORMAL), utf8);
        int cursor_x = 1 + before - skipped;
        if (cursor_x < columns) {
            move (row, cursor_x);
            curs_set (1);
        }
        return;
    }
    curs_set (0);
    paint_text (row, 0, columns, model->message,
           theme_attr (model->message_is_error ? ROLE_MESSAGE : ROLE_HINT), utf8);
}

static void
s_draw_help (const model_t *model, int rows, int columns, bool utf8)
{
    //  The help is one message; a line of it is a line of the overlay.
    char text [2048];
    snprintf (text, sizeof text, "%s", words_msg (model, W_HELP));
    const char *lines [32];
    int n_lines = 0;
    for (char *line = text; line && n_lines < 31; n_lines++) {
        lines [n_lines] = line;
        line = strchr (line, '\n');
        if (line)
            *line++ = 0;
    }
    lines [n_lines] = NULL;
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
        paint_fill (y + r, x, width, theme_attr (ROLE_STATUS));
    //  A frame, so the overlay stands apart without colour too.
    paint_hline (y, x, width, utf8, theme_attr (ROLE_STATUS));
    paint_hline (y + height - 1, x, width, utf8, theme_attr (ROLE_STATUS));
    paint_vline (y, x, height, utf8, theme_attr (ROLE_STATUS));
    paint_vline (y, x + width - 1, height, utf8, theme_attr (ROLE_STATUS));
    const char *corners [4] = { "┌", "┐", "└", "┘" };
    int corner_y [4] = { y, y, y + height - 1, y + height - 1 };
    int corner_x [4] = { x, x + width - 1, x, x + width - 1 };
    for (int c = 0; c < 4; c++)
        paint_text (corner_y [c], corner_x [c], 1, utf8 ? corners [c] : "+",
                    theme_attr (ROLE_STATUS), utf8);
    for (int i = 0; i < n && i < height - 2; i++)
        paint_text (y + 1 + i, x + 2, width - 4, lines [i],
               theme_attr (ROLE_STATUS) | (i == 0 ? A_BOLD : 0), utf8);
}

//  An exercise's state in the menu: a mark, and the word in the level's column.
static void
s_exercise_state (const model_t *model, menu_exercise_t state, bool utf8, const char **mark,
                  const char **word, role_t *role)
{
    *mark = " ";
    *word = words_msg (model, W_EXERCISE_NEW);
    *role = ROLE_NORMAL;
    if (state == MENU_EXERCISE_PASSED) {
        *mark = utf8 ? "✓" : "*";
        *word = words_msg (model, W_EXERCISE_PASSED);
        *role = ROLE_PASS;
    }
    else
    if (state == MENU_EXERCISE_FAILING) {
        *mark = utf8 ? "✗" : "x";
        *word = words_msg (model, W_EXERCISE_FAILING);
        *role = ROLE_FAIL;
    }
}

static void
s_draw_menu (const model_t *model, int rows, int columns, bool utf8)
{
    int y = 2;
    paint_text (y++, 2, columns - 4, words_msg (model, W_MENU_INTRO),
           theme_attr (ROLE_NORMAL), utf8);
    y++;
    //  The exercises come after the lessons, under a heading of their own.
    int first_exercise = model->n_menu;
    for (int i = 0; i < model->n_menu; i++)
        if (model->menu [i].exercise) {
            first_exercise = i;
            break;
        }
    int visible = rows - y - 4;
    int first = model->menu_selected >= visible - 1 ? model->menu_selected - visible + 2 : 0;
    for (int i = first; i < model->n_menu && y < rows - 3; i++, y++) {
        const menu_entry_t *entry = &model->menu [i];
        if (i == first_exercise) {
            paint_text (y++, 2, columns - 4, words_msg (model, W_MENU_EXERCISES),
                        theme_attr (ROLE_NORMAL) | A_BOLD, utf8);
            if (y >= rows - 3)
                break;
        }
        char line [512], reached [24] = "";
        role_t role = entry->finished ? ROLE_PASS : ROLE_NORMAL;
        if (entry->exercise) {
            const char *mark, *word;
            s_exercise_state (model, entry->state, utf8, &mark, &word, &role);
            //  The state word padded by columns: Chinese words are wide.
            char state [64];
            int pad = 13 - text_width (word);
            snprintf (state, sizeof state, "%s%*s", word, pad > 0 ? pad : 0, "");
            //  The title in the lessons' title column (after their "3/5").
            snprintf (line, sizeof line, " %s %2d  %-20s %s %-5s %s", mark, entry->number,
                      entry->id ? entry->id : "?", state, "", entry->title ? entry->title : "");
        }
        else {
            //  How far the learner got: sections reached of the lesson's (a
            //  lesson of one section has nothing to say there).
            if (entry->sections > 1)
                snprintf (reached, sizeof reached, "%d/%d", entry->section, entry->sections);
            snprintf (line, sizeof line, " %s %2d  %-20s %-13s %-5s %s", entry->finished ? (utf8 ? "✓" : "*") : " ",
                      entry->number, entry->id ? entry->id : "?", entry->level ? entry->level : "",
                      reached, entry->title ? entry->title : "");
        }
        int attr = i == model->menu_selected ? theme_attr (ROLE_SELECTED) | (int) A_REVERSE
                                             : theme_attr (role);
        paint_fill (y, 2, columns - 4, i == model->menu_selected ? attr : (int) A_NORMAL);
        paint_text (y, 2, columns - 4, line, attr, utf8);
    }
    if (model->n_menu == 0)
        paint_text (y, 2, columns - 4, words_msg (model, W_NO_LESSONS),
               theme_attr (ROLE_FAIL), utf8);
}

//  The source view: over the canvas and the panel, numbered lines, the
//  marked one (an error's) in reverse with an arrow, so it shows without
//  colour too.
static void
s_draw_source (const model_t *model, const rect_t *area, bool utf8)
{
    const source_view_t *source = &model->source;
    for (int r = 0; r < area->height; r++)
        paint_fill (area->y + r, area->x, area->width, theme_attr (ROLE_NORMAL));
    int visible = area->height - 1;
    //  The error's note takes a row under its line, when that line shows.
    bool noted = source->note && source->mark > 0;
    int top = source->top;
    int rows = visible - (noted ? 1 : 0);
    if (top > source->n_lines - rows)
        top = source->n_lines - rows;
    if (top < 0)
        top = 0;
    int last = top + visible < source->n_lines ? top + visible : source->n_lines;
    if (noted && source->mark > top && source->mark <= last && last - top == visible)
        last--;
    //  The header: the path, and which lines show at the right. A path too
    //  long loses its start: its end names the file.
    char where [128];
    words_format (where, sizeof where, model, W_SOURCE_LINES, source->n_lines ? top + 1 : 0, last,
                  source->n_lines);
    int where_width = text_width (where);
    paint_fill (area->y, area->x, area->width, theme_attr (ROLE_STATUS));
    const char *title = source->title ? source->title : "";
    int room = area->width - where_width - 2;
    char clipped [512];
    if (room > 4 && text_width (title) > room) {
        while (*title && text_width (title) > room - 1)
            title += text_fit (title, 1, NULL) ? text_fit (title, 1, NULL) : 1;
        snprintf (clipped, sizeof clipped, "%s%s", utf8 ? "…" : "<", title);
        title = clipped;
    }
    paint_text (area->y, area->x + 1, area->width - 1, title, theme_attr (ROLE_STATUS) | A_BOLD, utf8);
    if (where_width + 1 < area->width)
        paint_text (area->y, area->x + area->width - where_width, where_width, where,
                    theme_attr (ROLE_STATUS), utf8);
    if (source->n_lines == 0)
        paint_text (area->y + 1, area->x + 2, area->width - 2, words_msg (model, W_SOURCE_EMPTY),
                    theme_attr (ROLE_DIM), utf8);
    //  Numbers as wide as the last one needs.
    int digits = 1;
    for (int n = source->n_lines; n >= 10 && digits < 9; n /= 10)
        digits++;
    int y = area->y;
    for (int i = top; i < last; i++) {
        y++;
        bool marked = i + 1 == source->mark;
        char number [32];
        snprintf (number, sizeof number, "%s%*d %s", marked ? (utf8 ? "▶" : ">") : " ",
                  digits, i + 1, utf8 ? "│" : "|");
        int attr = marked ? (int) (theme_attr (ROLE_FAIL) | A_REVERSE | A_BOLD)
                          : theme_attr (ROLE_NORMAL);
        int width = text_width (number);
        if (marked)
            paint_fill (y, area->x, area->width, attr);
        paint_text (y, area->x, width, number, marked ? attr : theme_attr (ROLE_DIM), utf8);
        //  Scrolled sideways: whole characters skipped, as many columns.
        const char *text = source->lines [i];
        int skipped = 0;
        while (*text && skipped < source->left) {
            int32_t codepoint;
            int n = utf8_decode (text, strlen (text), &codepoint);
            skipped += n > 0 ? utf8_width (codepoint) : 1;
            text += n > 0 ? n : 1;
        }
        char line [1024];
        text_clip (text, area->width - width - 1, line, sizeof line, utf8);
        paint_text (y, area->x + width + 1, area->width - width - 1, line, attr, utf8);
        if (marked && noted && y + 1 < area->y + area->height) {
            //  What the error says, right under its line.
            y++;
            char note [512];
            snprintf (note, sizeof note, "%s %s", utf8 ? "└" : "^", source->note);
            paint_text (y, area->x + width + 1, area->width - width - 1, note,
                        theme_attr (ROLE_FAIL) | A_BOLD, utf8);
        }
    }
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
        words_format (text, sizeof text, model, W_TOO_SMALL, columns, rows, DRAW_MIN_COLUMNS, DRAW_MIN_ROWS);
        text_line_t lines [8];
        int n = text_wrap (text, columns, lines, 8);
        for (int i = 0; i < n && i < 8 && i < rows; i++) {
            char line [128];
            text_clip_n (text + lines [i].start, lines [i].length, columns, line, sizeof line, utf8);
            paint_text (i, 0, columns, line, A_BOLD, utf8);
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
        //  An exercise's panel is what the learner reads most: half the width.
        int panel_width = side ? columns * (model->screen == SCREEN_EXERCISE ? 50 : 38) / 100
                               : columns;
        if (side && panel_width < 30)
            panel_width = 30;
        int panel_max = model->screen == SCREEN_EXERCISE ? 100 : 60;
        if (side && panel_width > panel_max)
            panel_width = panel_max;
        rect_t panel, left;
        if (side) {
            panel = (rect_t) { top, columns - panel_width, height, panel_width };
            left = (rect_t) { top, 0, height, columns - panel_width - 1 };
            paint_vline (top, columns - panel_width - 1, height, utf8, theme_attr (ROLE_DIM));
        }
        else {
            int panel_height = height / 2;
            panel = (rect_t) { top + height - panel_height, 0, panel_height, columns };
            left = (rect_t) { top, 0, height - panel_height - 1, columns };
            paint_hline (top + left.height, 0, columns, utf8, theme_attr (ROLE_DIM));
        }
        //  The log or the details fold away first when rows are short.
        int log_height = left.height >= 16 ? left.height * 3 / 10 : left.height >= 12 ? 3 : 0;
        if (log_height > 10)
            log_height = 10;
        rect_t canvas = { left.y, left.x, left.height - (log_height ? log_height + 1 : 0), left.width };
        canvas_draw (state, model, canvas, utf8);
        if (log_height) {
            int sep = canvas.y + canvas.height;
            paint_hline (sep, left.x, left.width, utf8, theme_attr (ROLE_DIM));
            rect_t log = { sep + 1, left.x + 1, log_height, left.width - 2 };
            bool details = model->snap && model->selected >= 0
                        && (size_t) model->selected < model->snap->n_actors;
            char title [128];
            uint64_t unseen = model->snap ? model->snap->events_sampled_out
                                            + model->snap->events_dropped : 0;
            if (details)
                snprintf (title, sizeof title, "%s", words_msg (model, W_DETAILS_TITLE));
            else
            if (unseen)
                //  The log shows a sample at high rates; the counts are exact.
                words_format (title, sizeof title, model, W_LOG_SAMPLED_TITLE,
                              (unsigned long long) unseen);
            else
                snprintf (title, sizeof title, "%s", words_msg (model, W_LOG_TITLE));
            paint_text (sep, left.x + 2, left.width - 4, title, theme_attr (ROLE_DIM), utf8);
            if (details)
                s_draw_details (model, &log, utf8);
            else
                s_draw_log (model, &log, utf8);
        }
        s_draw_panel (state, model, &panel, utf8);
        if (model->source.open) {
            rect_t whole = { top, 0, height, columns };
            s_draw_source (model, &whole, utf8);
        }
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
