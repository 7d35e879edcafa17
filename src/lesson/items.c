/*  items.c — what a lesson hands the view, and what it keeps of the
    learner: the queue of items (say, ask, check, log, …), the open
    question's answer held back until its evidence is on screen (reveal),
    the current step's graduated hints, the learner's meddling and extras,
    predictions made and right, and the lists of strings they use.
*/
#define _GNU_SOURCE
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void
lesson_list_free (char **list, int n)
{
    for (int i = 0; i < n; i++)
        free (list [i]);
    free (list);
}

//  Appends a copy of TEXT to LIST (of *N). false when out of memory.
bool
lesson_list_append (char ***list, int *n, const char *text)
{
    char **grown = realloc (*list, (size_t) (*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    *list = grown;
    grown [*n] = strdup (text ? text : "");
    if (!grown [*n])
        return false;
    (*n)++;
    return true;
}

bool
lesson_list_has (char **list, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (strcmp (list [i], text) == 0)
            return true;
    return false;
}

void
lesson_clear_hints (lesson_t *self)
{
    for (int i = 0; i < self->n_hints; i++)
        lesson_unhold (self, strlen (self->hints [i]) + 1);
    lesson_list_free (self->hints, self->n_hints);
    self->hints = NULL;
    self->n_hints = self->hints_shown = 0;
}

//  reveal (): the open question's answer, now (its evidence is on screen).
int
lesson_l_reveal (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    if (!self->have_meta)
        return luaL_error (L, i18n_msg (self->lang, MSG_META_FIRST));
    lesson_flush_reveal (self);
    return 0;
}

//  A hint kept in the step's list: counted in the lesson's memory.
static void
s_keep_hint (lesson_t *self, const char *text)
{
    if (lesson_list_append (&self->hints, &self->n_hints, text))
        lesson_hold (self, strlen (self->hints [self->n_hints - 1]) + 1);
}

void
lesson_add_hint (lesson_t *self, const char *text, int line)
{
    s_keep_hint (self, text);
    lesson_item_t item = { .kind = ITEM_HINT, .line = line, .text = strdup (text ? text : "") };
    lesson_push_item (self, &item);
}

void
lesson_read_hints (lesson_t *self, lua_State *L, int idx)
{
    idx = lua_absindex (L, idx);
    lua_getfield (L, idx, "hints");
    if (lua_isnil (L, -1)) {
        lua_pop (L, 1);
        return;
    }
    if (!lua_istable (L, -1))
        luaL_error (L, i18n_msg (self->lang, MSG_ASK_HINTS));
    int n = (int) luaL_len (L, -1);
    //  Checked first, so that a bad one adds none.
    for (int i = 1; i <= n; i++) {
        lua_rawgeti (L, -1, i);
        lesson_text (self, L, -1, "ask { hints = … }");
        lua_pop (L, 1);
    }
    for (int i = 1; i <= n; i++) {
        lua_rawgeti (L, -1, i);
        s_keep_hint (self, lesson_text (self, L, -1, "ask { hints = … }"));
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
}

const char *
lesson_next_hint (lesson_t *self, bool *had)
{
    //  An exercise's hints are the exercise's, whichever check runs.
    if (self->exercise) {
        if (had)
            *had = self->n_ex_hints > 0;
        return self->ex_hints_shown < self->n_ex_hints ? self->ex_hints [self->ex_hints_shown++]
                                                       : NULL;
    }
    if (had)
        *had = self->n_hints > 0;
    if (self->hints_shown >= self->n_hints)
        return NULL;
    return self->hints [self->hints_shown++];
}

void
lesson_note_meddle (lesson_t *self, const char *what)
{
    if (!what || self->sandbox || self->dry)
        return;
    //  While a goal is open, changing the lab is what the learner is asked to do.
    if (lesson_goal_note (self, what))
        return;
    free (self->meddle);
    self->meddle = strdup (what);
    //  The end screen lists them: the first few are enough.
    if (self->n_extras < 8)
        lesson_list_append (&self->extras, &self->n_extras, what);
}

void
lesson_note_extra (lesson_t *self, const char *what)
{
    if (!what || self->sandbox || self->dry || lesson_goal_note (self, what))
        return;
    if (self->n_extras < 8)
        lesson_list_append (&self->extras, &self->n_extras, what);
}

int
lesson_extras (lesson_t *self)
{
    return self->n_extras;
}

const char *
lesson_extra (lesson_t *self, int index)
{
    return index >= 0 && index < self->n_extras ? self->extras [index] : NULL;
}

int
lesson_predictions (lesson_t *self)
{
    return self->asked;
}

int
lesson_predictions_right (lesson_t *self)
{
    return self->right;
}

void
lesson_checked (lesson_t *self, lesson_item_t *item)
{
    if (!self->dry) {
        if (item->passed)
            self->passed++;
        else
            self->failed++;
    }
    //  A check that failed after the learner changed the experiment says
    //  so: the check saw their change, not the lesson being wrong.
    if (!item->passed && self->meddle && !item->detail)
        item->detail = i18n_format (self->lang, MSG_MEDDLED, self->meddle);
    //  Nor is an answer shown on evidence the learner's change spoiled: it
    //  waits for a run of the experiment as the lesson made it (R).
    if (!item->passed && self->meddle)
        self->reveal_withheld = true;
    lesson_push_item (self, item);
    //  The evidence is on screen: now the answer.
    lesson_flush_reveal (self);
}

//  The bytes an item's texts take (counted in the lesson's memory while
//  the item waits in the queue).
static size_t
s_item_bytes (const lesson_item_t *item)
{
    size_t bytes = (item->text ? strlen (item->text) + 1 : 0)
                 + (item->detail ? strlen (item->detail) + 1 : 0);
    for (int i = 0; i < item->n_choices; i++)
        bytes += item->choices [i] ? strlen (item->choices [i]) + 1 : 0;
    return bytes;
}

void
lesson_push_item (lesson_t *self, const lesson_item_t *item)
{
    if (self->n_items == self->cap_items) {
        size_t cap = self->cap_items ? self->cap_items * 2 : 32;
        lesson_item_t *grown = malloc (cap * sizeof *grown);
        if (!grown)
            return;
        for (size_t i = 0; i < self->n_items; i++)
            grown [i] = self->items [(self->head_items + i) % self->cap_items];
        free (self->items);
        self->items = grown;
        self->cap_items = cap;
        self->head_items = 0;
    }
    self->items [(self->head_items + self->n_items) % self->cap_items] = *item;
    self->n_items++;
    lesson_hold (self, s_item_bytes (item));
}

bool
lesson_take_item (lesson_t *self, lesson_item_t *item)
{
    if (self->n_items == 0)
        return false;
    *item = self->items [self->head_items];
    self->head_items = (self->head_items + 1) % self->cap_items;
    self->n_items--;
    lesson_unhold (self, s_item_bytes (item));
    return true;
}

void
lesson_flush_reveal (lesson_t *self)
{
    if (!self->reveal_pending)
        return;
    if (self->reveal_withheld) {
        lesson_item_clear (&self->reveal);
        lesson_item_t item = { .kind = ITEM_LOG,
                               .text = strdup (i18n_msg (self->lang, MSG_ANSWER_WITHHELD)) };
        lesson_push_item (self, &item);
    }
    else
        lesson_push_item (self, &self->reveal);
    memset (&self->reveal, 0, sizeof self->reveal);
    self->reveal_pending = false;
}
