/*  session_parts.h — what the parts of the terminal session share: its
    state, and the functions one part calls in another.

    session.c   the loop: keys, lab notifications and signals in, frames out
    feed.c      the lab's snapshots and events into the model, with rates
    panel.c     the lesson (and the ':' commands) run into the lesson panel
    screens.c   the menu, opening a lesson or the sandbox, and their lab
    actions.c   what a key does, the command line among it
*/
#ifndef ZMQLAB_SESSION_PARTS_H
#define ZMQLAB_SESSION_PARTS_H

#include "session.h"
#include "feed.h"

#include "engine/lab.h"
#include "lesson/i18n.h"
#include "lesson/lesson.h"
#include "tui/cmdline.h"
#include "tui/input.h"
#include "tui/model.h"
#include "tui/tui.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const session_options_t *options;
    tui_t *tui;
    model_t model;
    feed_t *feed;                   //  the lab's output into the model
    cmdline_t *cmdline;
    lab_t *lab;
    lesson_t *lesson;               //  the lesson taught (NULL on the menu / sandbox)
    lesson_t *commands;             //  ':' commands, on the same lab
    char *lesson_path;
    char **hints;                   //  the lesson's hints, shown on 'h'
    size_t n_hints, hints_shown;
    int predicted;                  //  the learner's choice, until the answer shows
    bool dirty;                     //  the model changed: draw again
    bool quit;
    int status;
} session_t;

//  The program message ID (lesson/i18n.h) in the session's language.
static inline const char *
s_msg (const session_t *self, msg_id_t id)
{
    return i18n_msg (self->options->lang, id);
}

//  session.c: a one-line notice (or error) under the canvas.
void session_message (session_t *self, bool error, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  panel.c: one more entry in the lesson panel (the oldest go past 400).
void panel_add (session_t *self, entry_kind_t kind, const char *text);
//  panel.c: an empty panel, no question, no hints: before another screen.
void panel_clear (session_t *self);
//  panel.c: runs the lesson and the ':' command as far as they go.
void panel_advance (session_t *self);
//  panel.c: saves how far the lesson got (and whether it passed).
void panel_record_progress (session_t *self);

//  screens.c: the lesson menu; no lab.
void screens_menu (session_t *self);
//  screens.c: the lesson at PATH on a fresh lab.
void screens_lesson (session_t *self, const char *path);
//  screens.c: the sandbox on a fresh lab, running SCRIPT (may be NULL) first.
void screens_sandbox (session_t *self, const char *script);
//  screens.c: ends the lesson, the commands and the lab, and all shown of it.
void screens_close_lab (session_t *self);

//  actions.c: does ACTION (input.c's reading of KEY; UTF8: the typed text).
void actions_do (session_t *self, action_t action, int key, const char *utf8);
//  actions.c: x: the current experiment again, on a fresh lab.
void actions_replay (session_t *self);

#endif
