/*  tui.h — the terminal: curses set-up and teardown, keys, colours and
    drawing a model. Knows no lab and no lesson beyond the model it is
    given; never touches a socket or a Lua state.
*/
#ifndef ZMQLAB_TUI_H
#define ZMQLAB_TUI_H

#include "model.h"

#include <stdbool.h>

typedef struct tui_t tui_t;

//  Takes over the terminal. Library diagnostics (stderr) go to a log file
//  meanwhile. NULL with *error set (caller frees) when stdin/stdout is not a
//  terminal or curses cannot start.
tui_t *tui_new (char **error);
//  Restores the terminal; says where the log is if anything was written.
void tui_destroy (tui_t **self_p);

//  The fd to poll for keys.
int tui_fd (tui_t *self);
//  A character beyond ASCII (its UTF-8 bytes are in tui_key's utf8); above
//  every curses key code and every Unicode code point.
enum { TUI_TEXT = 0x200000 };

//  Reads one key without waiting: a curses key code, an ASCII character, or
//  TUI_TEXT for any other character (its UTF-8 bytes in utf8,
//  NUL-terminated). 0 when none is waiting.
int tui_key (tui_t *self, char utf8 [8]);
//  Draws MODEL: everything, one doupdate.
void tui_draw (tui_t *self, const model_t *model);
//  The actor index under a mouse click (KEY_MOUSE just read), or -1.
int tui_mouse_actor (tui_t *self, const model_t *model);
//  True when line drawing and wide characters are available.
bool tui_utf8 (tui_t *self);
void tui_size (tui_t *self, int *rows, int *columns);
//  Ctrl-Z: restores the terminal, stops the process (SIGSTOP), and takes
//  the terminal again when it continues.
void tui_suspend (tui_t *self);
//  Hands the terminal to another program (the learner's editor), as
//  tmux and htop do: curses' modes saved (def_prog_mode), the screen
//  left (endwin), stderr the terminal's again. tui_return takes it back
//  (reset_prog_mode, the size anew, everything repainted).
void tui_leave (tui_t *self);
void tui_return (tui_t *self);
//  How far the lesson panel could scroll back, as of the last frame.
int tui_panel_scroll_max (tui_t *self);
//  Takes the terminal's new size (after SIGWINCH).
void tui_resize (tui_t *self);
//  The next draw repaints the whole screen (Ctrl-L after line noise).
void tui_repaint (tui_t *self);

#endif
