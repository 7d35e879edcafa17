/*  cmdline.h — the ':' command line: a one-line UTF-8 editor with a
    history of the last 100 commands, keys as in readline (arrows, Home/End,
    Ctrl-A/E/B/F, Backspace/Delete, Ctrl-U clears, Ctrl-W deletes a word,
    Up/Down or Ctrl-P/N browse the history, Enter submits, Esc cancels).
    The cursor moves and deletes whole characters: a Chinese character or
    a letter with its accents is one step. Tab completion is pure text: the
    caller hands in the words (API names, behaviour names) for the context
    cmdline_context finds before the cursor. Knows no curses, no Lua.
*/
#ifndef ZMQLAB_CMDLINE_H
#define ZMQLAB_CMDLINE_H

#include <stddef.h>

enum {
    CMDLINE_MAX = 4097,         //  bytes, with the NUL (model_t.command's size)
    CMDLINE_HISTORY_MAX = 100   //  entries kept
};

typedef enum {
    CMDLINE_IGNORED,            //  the key does nothing here (nothing changed)
    CMDLINE_EDITED,             //  the text or the cursor changed
    CMDLINE_SUBMIT,             //  Enter: run cmdline_text; it stays (to fix an
                                //  error) until the caller calls cmdline_clear
    CMDLINE_CANCEL,             //  Esc: the line is cleared; close the command line
    CMDLINE_HISTORY_UP,         //  an older command replaced the text
    CMDLINE_HISTORY_DOWN,       //  a newer one (or the line being typed) did
    CMDLINE_FULL                //  the line holds CMDLINE_MAX - 1 bytes: what
                                //  did not fit was left out (say so)
} cmdline_result_t;

//  What the word before the cursor names, for Tab.
typedef enum {
    CMDLINE_NO_WORD,            //  inside another string, after a '.': nothing
    CMDLINE_FUNCTION,           //  a name at the top level: spawn, actor, help…
    CMDLINE_METHOD,             //  after ':' (a handle's method): pause, kill…
    CMDLINE_BEHAVIOUR           //  inside spawn(" … : publisher, subscriber…
} cmdline_context_t;

typedef struct cmdline_t cmdline_t;

//  An empty line with no history; NULL when out of memory.
cmdline_t *cmdline_new (void);
void cmdline_destroy (cmdline_t **self_p);

//  Handles an editing key (curses codes as in input.h) or a printable
//  ASCII character. Other characters come through cmdline_insert.
cmdline_result_t cmdline_key (cmdline_t *self, int key);
//  Inserts UTF8 at the cursor: every whole character that fits, each
//  invalid byte as '?', control characters not at all. EDITED, IGNORED
//  when nothing was inserted, FULL when some of it did not fit.
cmdline_result_t cmdline_insert (cmdline_t *self, const char *utf8);

const char *cmdline_text (const cmdline_t *self);
//  The cursor as a byte offset into cmdline_text (always between characters).
size_t cmdline_cursor (const cmdline_t *self);
//  Empties the line and leaves the history browsing; the history stays.
void cmdline_clear (cmdline_t *self);
//  The K-th most recent command (0 the newest), or NULL.
const char *cmdline_history (const cmdline_t *self, int k);
//  Puts TEXT in the history as if it had been submitted (a saved history).
void cmdline_remember (cmdline_t *self, const char *text);

//  The context of the word that ends at the cursor; *START (if not NULL)
//  gets the byte offset where that word begins.
cmdline_context_t cmdline_context (const cmdline_t *self, size_t *start);
//  Tab: completes the word before the cursor among WORDS (N of them). One
//  match: its rest is inserted. Several: their longest common prefix is,
//  and SHOWN gets them, space-separated (cut at SIZE). Returns the number
//  of matches (0: nothing changed, SHOWN empty).
int cmdline_complete (cmdline_t *self, const char *const *words, size_t n,
                      char *shown, size_t size);

#endif
