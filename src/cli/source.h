/*  source.h — what the source view shows (tui/model.h's source_view_t):
    a behaviour's text split into lines, scrolled, one line marked; and
    where an error message ("path:LINE: message") points. No curses, no
    lab: the session finds the text (source.c's session part).
*/
#ifndef ZMQLAB_SOURCE_H
#define ZMQLAB_SOURCE_H

#include "tui/model.h"

#include <stddef.h>

//  Shows TEXT titled TITLE in VIEW (what it showed before is freed): its
//  lines without newlines, tabs expanded to 4 columns. MARK (1-based, 0:
//  none) is marked and scrolled into view with some lines above it.
//  -1 when out of memory (VIEW then closed).
int source_fill (source_view_t *view, const char *title, const char *text, int mark);
//  Closes VIEW and frees its lines.
void source_clear (source_view_t *view);
//  Scrolls VIEW by DELTA lines, staying within its text; PAGE lines are
//  on screen (the last line can come to the top of nothing else).
void source_scroll (source_view_t *view, int delta, int page);

//  Shows NOTE (what the error says; NULL: nothing) under the marked line.
void source_note (source_view_t *view, const char *note);
//  Scrolls VIEW's long lines sideways by DELTA columns (never left of 0).
void source_side (source_view_t *view, int delta);

//  The first "PATH:LINE:" in TEXT (a Lua error, an actor's crash
//  "crashed: PATH:LINE: message"): PATH into PATH_OUT (SIZE bytes), the
//  line returned. 0 when TEXT names no place.
int source_location (const char *text, char *path_out, size_t size);
//  What TEXT says after its first "PATH:LINE: ", or NULL when it names no
//  place.
const char *source_message (const char *text);

#endif
