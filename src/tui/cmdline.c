/*  cmdline.c — the command line editor. The text is kept valid UTF-8 at
    all times (only whole characters go in, invalid bytes as '?'), so moving
    back is a matter of skipping continuation bytes.
*/
#include "cmdline.h"
#include "input.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cmdline_t {
    char text [CMDLINE_MAX];        //  the line: valid UTF-8, NUL-terminated
    size_t len;                     //  bytes in text
    size_t cursor;                  //  byte offset, between characters
    char *history [CMDLINE_HISTORY_MAX];    //  a ring of commands (heap copies)
    int first;                      //  ring index of the oldest command
    int count;                      //  commands in the ring
    int browsing;                   //  0: the line being typed; k: the k-th newest
    char draft [CMDLINE_MAX];       //  the line being typed, kept while browsing
};

cmdline_t *
cmdline_new (void)
{
    return calloc (1, sizeof (cmdline_t));
}

void
cmdline_destroy (cmdline_t **self_p)
{
    if (self_p && *self_p) {
        for (int i = 0; i < CMDLINE_HISTORY_MAX; i++)
            free ((*self_p)->history [i]);
        free (*self_p);
        *self_p = NULL;
    }
}

const char *
cmdline_text (const cmdline_t *self)
{
    return self->text;
}

size_t
cmdline_cursor (const cmdline_t *self)
{
    return self->cursor;
}

const char *
cmdline_history (const cmdline_t *self, int k)
{
    if (k < 0 || k >= self->count)
        return NULL;
    return self->history [(self->first + self->count - 1 - k) % CMDLINE_HISTORY_MAX];
}

void
cmdline_clear (cmdline_t *self)
{
    self->text [0] = 0;
    self->len = self->cursor = 0;
    self->browsing = 0;
    self->draft [0] = 0;
}

//  Replaces the text (from the history or the draft); cursor at the end.
static void
s_set (cmdline_t *self, const char *text)
{
    self->len = strlen (text);
    memcpy (self->text, text, self->len + 1);
    self->cursor = self->len;
}

//  The boundary after the character at POS, its combining marks included.
static size_t
s_next (const cmdline_t *self, size_t pos)
{
    int32_t cp;
    if (pos >= self->len)
        return self->len;
    pos += (size_t) utf8_decode (self->text + pos, self->len - pos, &cp);
    while (pos < self->len) {
        int size = utf8_decode (self->text + pos, self->len - pos, &cp);
        if (utf8_width (cp) != 0)
            break;
        pos += (size_t) size;
    }
    return pos;
}

//  The boundary before POS: back over marks to the character they sit on.
static size_t
s_prev (const cmdline_t *self, size_t pos)
{
    int32_t cp;
    while (pos > 0) {
        do
            pos--;
        while (pos > 0 && ((unsigned char) self->text [pos] & 0xC0) == 0x80);
        utf8_decode (self->text + pos, self->len - pos, &cp);
        if (utf8_width (cp) != 0)
            break;
    }
    return pos;
}

static cmdline_result_t
s_delete (cmdline_t *self, size_t from, size_t to)
{
    if (from >= to)
        return CMDLINE_IGNORED;
    memmove (self->text + from, self->text + to, self->len - to + 1);
    self->len -= to - from;
    self->cursor = from;
    return CMDLINE_EDITED;
}

static bool
s_insert (cmdline_t *self, const char *bytes, size_t size)
{
    if (self->len + size >= CMDLINE_MAX)
        return false;
    memmove (self->text + self->cursor + size, self->text + self->cursor,
             self->len - self->cursor + 1);
    memcpy (self->text + self->cursor, bytes, size);
    self->len += size;
    self->cursor += size;
    return true;
}

cmdline_result_t
cmdline_insert (cmdline_t *self, const char *utf8)
{
    bool inserted = false, full = false;
    size_t len = utf8 ? strlen (utf8) : 0;
    for (size_t pos = 0; pos < len; ) {
        int32_t cp;
        size_t size = (size_t) utf8_decode (utf8 + pos, len - pos, &cp);
        const char *piece = cp < 0 ? "?" : utf8 + pos;
        pos += size;
        if (cp >= 0 && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)))
            continue;                       //  a tab or newline would break the line
        if (!s_insert (self, piece, cp < 0 ? 1 : size)) {
            full = true;                    //  stop at a whole character
            break;
        }
        inserted = true;
    }
    return full ? CMDLINE_FULL : inserted ? CMDLINE_EDITED : CMDLINE_IGNORED;
}

//  Keeps a command, unless it is empty or repeats the last one.
void
cmdline_remember (cmdline_t *self, const char *text)
{
    const char *newest = cmdline_history (self, 0);
    if (!text || !text [0] || strlen (text) >= CMDLINE_MAX
    ||  (newest && strcmp (newest, text) == 0))
        return;
    char *copy = strdup (text);
    if (!copy)
        return;
    int slot = (self->first + self->count) % CMDLINE_HISTORY_MAX;
    if (self->count == CMDLINE_HISTORY_MAX)
        self->first = (self->first + 1) % CMDLINE_HISTORY_MAX;
    else
        self->count++;
    free (self->history [slot]);
    self->history [slot] = copy;
}

static cmdline_result_t
s_browse (cmdline_t *self, int step)
{
    int to = self->browsing + step;
    if (to < 0 || to > self->count)
        return CMDLINE_IGNORED;
    if (self->browsing == 0)
        memcpy (self->draft, self->text, self->len + 1);
    self->browsing = to;
    s_set (self, to == 0 ? self->draft : cmdline_history (self, to - 1));
    return step > 0 ? CMDLINE_HISTORY_UP : CMDLINE_HISTORY_DOWN;
}

//  Ctrl-W: the spaces before the cursor, then the word before them.
static cmdline_result_t
s_delete_word (cmdline_t *self)
{
    size_t from = self->cursor;
    while (from > 0 && self->text [from - 1] == ' ')
        from = s_prev (self, from);
    while (from > 0 && self->text [from - 1] != ' ')
        from = s_prev (self, from);
    return s_delete (self, from, self->cursor);
}

static cmdline_result_t
s_move (cmdline_t *self, size_t to)
{
    if (to == self->cursor)
        return CMDLINE_IGNORED;
    self->cursor = to;
    return CMDLINE_EDITED;
}

cmdline_result_t
cmdline_key (cmdline_t *self, int key)
{
    switch (key) {
        case '\n': case '\r': case KEY_ENTER:
            cmdline_remember (self, self->text);
            self->browsing = 0;
            return CMDLINE_SUBMIT;
        case INPUT_ESC:
            cmdline_clear (self);
            return CMDLINE_CANCEL;
        case KEY_LEFT: case INPUT_CTRL_B:   return s_move (self, s_prev (self, self->cursor));
        case KEY_RIGHT: case INPUT_CTRL_F:  return s_move (self, s_next (self, self->cursor));
        case KEY_HOME: case INPUT_CTRL_A:   return s_move (self, 0);
        case KEY_END: case INPUT_CTRL_E:    return s_move (self, self->len);
        case KEY_BACKSPACE: case INPUT_DEL: case INPUT_CTRL_H:
            return s_delete (self, s_prev (self, self->cursor), self->cursor);
        case KEY_DC: case INPUT_CTRL_D:
            return s_delete (self, self->cursor, s_next (self, self->cursor));
        case INPUT_CTRL_U:
            return s_delete (self, 0, self->len);
        case INPUT_CTRL_W:
            return s_delete_word (self);
        case KEY_UP: case INPUT_CTRL_P:     return s_browse (self, 1);
        case KEY_DOWN: case INPUT_CTRL_N:   return s_browse (self, -1);
        default:
            if (key >= 0x20 && key < 0x7F) {
                char c = (char) key;
                return s_insert (self, &c, 1) ? CMDLINE_EDITED : CMDLINE_FULL;
            }
            return CMDLINE_IGNORED;
    }
}

//  --- Tab completion ----------------------------------------------------------

static bool
s_word_char (char c, bool dash)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || (dash && c == '-');
}

//  Whether the quote at QUOTE opens spawn's first argument: spawn ( "
static bool
s_after_spawn (const char *text, size_t quote)
{
    size_t at = quote;
    while (at > 0 && text [at - 1] == ' ')
        at--;
    if (at == 0 || text [at - 1] != '(')
        return false;
    at--;
    while (at > 0 && text [at - 1] == ' ')
        at--;
    return at >= 5 && strncmp (text + at - 5, "spawn", 5) == 0
        && (at == 5 || !s_word_char (text [at - 6], false));
}

//  Whether POS is inside a string literal (quotes counted from the start).
static bool
s_in_string (const char *text, size_t pos)
{
    char open = 0;
    for (size_t i = 0; i < pos; i++) {
        if (open && text [i] == '\\' && i + 1 < pos)
            i++;
        else
        if (open ? text [i] == open : (text [i] == '"' || text [i] == '\''))
            open = open ? 0 : text [i];
    }
    return open != 0;
}

cmdline_context_t
cmdline_context (const cmdline_t *self, size_t *start)
{
    const char *text = self->text;
    size_t pos = self->cursor;
    //  A behaviour name may hold '-': take the longer word first.
    size_t from = pos;
    while (from > 0 && s_word_char (text [from - 1], true))
        from--;
    if (start)
        *start = from;
    if (from > 0 && (text [from - 1] == '"' || text [from - 1] == '\'')
    &&  s_in_string (text, from) && s_after_spawn (text, from - 1))
        return CMDLINE_BEHAVIOUR;
    from = pos;
    while (from > 0 && s_word_char (text [from - 1], false))
        from--;
    if (start)
        *start = from;
    if (s_in_string (text, from))
        return CMDLINE_NO_WORD;
    if (from > 0 && text [from - 1] == ':')
        return CMDLINE_METHOD;
    if (from > 0 && (text [from - 1] == '.' || (from < pos && text [from] >= '0' && text [from] <= '9')))
        return CMDLINE_NO_WORD;
    return CMDLINE_FUNCTION;
}

int
cmdline_complete (cmdline_t *self, const char *const *words, size_t n,
                  char *shown, size_t size)
{
    if (size)
        shown [0] = 0;
    size_t start;
    if (cmdline_context (self, &start) == CMDLINE_NO_WORD)
        return 0;
    const char *prefix = self->text + start;
    size_t prefix_len = self->cursor - start;
    int matches = 0;
    size_t common = 0;                  //  of the matches, past the prefix
    const char *first = NULL;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!words [i] || strncmp (words [i], prefix, prefix_len) != 0)
            continue;
        if (!first) {
            first = words [i];
            common = strlen (first);
        }
        else {
            size_t same = prefix_len;
            while (same < common && words [i][same] == first [same])
                same++;
            common = same;
        }
        matches++;
        int wrote = snprintf (shown + used, size > used ? size - used : 0, "%s%s",
                              used ? " " : "", words [i]);
        if (wrote > 0 && used + (size_t) wrote < size)
            used += (size_t) wrote;
    }
    if (!matches)
        return 0;
    if (common > prefix_len) {
        char rest [CMDLINE_MAX];
        size_t len = common - prefix_len;
        if (len >= sizeof rest)
            len = sizeof rest - 1;
        memcpy (rest, first + prefix_len, len);
        rest [len] = 0;
        cmdline_insert (self, rest);
    }
    if (matches == 1 && size)
        shown [0] = 0;
    return matches;
}
