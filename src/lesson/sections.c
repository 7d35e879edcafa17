/*  sections.c — a lesson's sections: section (title, fn) registers one,
    the runtime enters them in order on an empty lab, starts at a chosen one
    (resume), restarts the current one (R), and keeps the names a dry run
    spawned in every section.
*/
#include "internal.h"

#include <stdlib.h>
#include <string.h>

//  section (title, fn): registers one section; the runtime runs them in
//  order once the lesson's top level has run.
int
lesson_l_section (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    if (!self->have_meta)
        return luaL_error (L, i18n_msg (self->lang, MSG_META_FIRST));
    if (self->section >= 0)
        return luaL_error (L, i18n_msg (self->lang, MSG_SECTION_NESTED));
    const char *title = lesson_text (self, L, 1, "section");
    luaL_checktype (L, 2, LUA_TFUNCTION);
    if (self->sections_ref == LUA_NOREF) {
        lua_newtable (L);
        self->sections_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    }
    if (!lesson_list_append (&self->section_titles, &self->n_sections, title))
        return luaL_error (L, "not enough memory");
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->sections_ref);
    lua_pushvalue (L, 2);
    lua_rawseti (L, -2, self->n_sections);
    lua_pop (L, 1);
    return 0;
}

bool
lesson_dry_named (const lesson_t *self, const char *name)
{
    if (lesson_list_has (self->dry_names, self->n_dry_names, name))
        return true;
    for (size_t i = 0; i < self->n_dry_actors; i++)
        if (strcmp (self->dry_actors [i], name) == 0)
            return true;
    return false;
}

void
lesson_set_start_section (lesson_t *self, int section)
{
    self->start_section = section > 0 ? section - 1 : 0;
}

int
lesson_section (lesson_t *self)
{
    return self->section >= 0 ? self->section + 1 : 1;
}

int
lesson_sections (lesson_t *self)
{
    return self->n_sections > 0 ? self->n_sections : 1;
}

//  Every actor of the lab goes: a section begins on an empty lab that
//  runs freely (programs outside zmqlab stay connected).
static void
s_empty_lab (lesson_t *self)
{
    if (!self->lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        if (!snap->actors [i].external)
            lab_remove (self->lab, snap->actors [i].name);
    lab_snapshot_destroy (&snap);
    if (lab_stepping (self->lab))
        lab_set_stepping (self->lab, false);
    lab_resume_all (self->lab);
    //  R in the middle of slowed(): the section starts at the speed before.
    if (self->slowed_from > 0)
        lab_set_speed (self->lab, self->slowed_from);
    self->slowed_from = 0;
}

//  What a run of a section leaves behind and the next must not see: the
//  pending answer, the wait, the step's hints, the learner's meddling.
static void
s_forget_run (lesson_t *self)
{
    lesson_item_clear (&self->reveal);
    self->reveal_pending = false;
    self->reveal_withheld = false;
    if (self->until_ref != LUA_NOREF) {
        luaL_unref (self->L, LUA_REGISTRYINDEX, self->until_ref);
        self->until_ref = LUA_NOREF;
    }
    lesson_clear_hints (self);
    free (self->meddle);
    self->meddle = NULL;
}

//  Makes section INDEX (0-based) the coroutine; RESTART: it ran before.
static void
s_enter_section (lesson_t *self, int index, bool restart)
{
    s_empty_lab (self);
    //  A section's names are free again in the next one; every section's
    //  are kept apart for whoever must leave them to the lesson.
    for (size_t i = 0; i < self->n_dry_actors; i++) {
        if (!lesson_list_has (self->dry_names, self->n_dry_names, self->dry_actors [i]))
            lesson_list_append (&self->dry_names, &self->n_dry_names, self->dry_actors [i]);
        free (self->dry_actors [i]);
    }
    self->n_dry_actors = 0;
    s_forget_run (self);
    self->section = index;
    int counts [5] = { self->passed, self->failed, self->steps, self->asked, self->right };
    memcpy (self->at_start, counts, sizeof counts);
    lesson_item_t item = { .kind = ITEM_SECTION, .answer = index + 1,
                           .total = self->n_sections, .chosen = restart,
                           .text = strdup (self->section_titles [index]) };
    lesson_push_item (self, &item);
    lua_rawgeti (self->L, LUA_REGISTRYINDEX, self->sections_ref);
    lua_rawgeti (self->L, -1, index + 1);
    lua_remove (self->L, -2);
    lesson_start_coroutine (self, false);
}

int
lesson_restart_section (lesson_t *self)
{
    //  An exercise reruns whole, with the file as it is now: the front end
    //  opens it again (lesson_open_exercise).
    if (self->sandbox || self->dry || !self->have_meta || self->meta_only || self->exercise)
        return -1;
    //  Its checks, steps and predictions begin again.
    self->passed = self->at_start [0];
    self->failed = self->at_start [1];
    self->steps = self->at_start [2];
    self->asked = self->at_start [3];
    self->right = self->at_start [4];
    free (self->error);
    self->error = NULL;
    self->advanced = false;
    self->chosen = 0;
    if (self->n_sections > 0 && self->section >= 0) {
        s_enter_section (self, self->section, true);
        return 0;
    }
    //  One implicit section: the whole lesson again, lesson {} included.
    s_empty_lab (self);
    s_forget_run (self);
    lesson_meta_clear (&self->meta);
    self->have_meta = false;
    //  The chunk registers its sections again (R came before they ran, at
    //  a say of the top level).
    lesson_list_free (self->section_titles, self->n_sections);
    self->section_titles = NULL;
    self->n_sections = 0;
    if (self->sections_ref != LUA_NOREF) {
        luaL_unref (self->L, LUA_REGISTRYINDEX, self->sections_ref);
        self->sections_ref = LUA_NOREF;
    }
    lesson_item_t item = { .kind = ITEM_SECTION, .answer = 1, .total = 1, .chosen = 1 };
    lesson_push_item (self, &item);
    lua_rawgeti (self->L, LUA_REGISTRYINDEX, self->chunk_ref);
    lesson_start_coroutine (self, true);
    return 0;
}

//  After a coroutine ended: starts the next section. 1 when one started,
//  0 when the lesson is over, -1 when it failed (no such section).
int
lesson_next_section (lesson_t *self)
{
    if (self->n_sections == 0) {
        if (self->start_section > 0) {
            char *message = i18n_format (self->lang, MSG_SECTION_NONE, self->path,
                                         self->start_section + 1, 1);
            lesson_fail (self, message, MSG_HINT_SECTION);
            free (message);
            return -1;
        }
        return 0;
    }
    int next = self->section < 0 ? self->start_section : self->section + 1;
    if (self->section < 0 && next >= self->n_sections) {
        char *message = i18n_format (self->lang, MSG_SECTION_NONE, self->path,
                                     next + 1, self->n_sections);
        lesson_fail (self, message, MSG_HINT_SECTION);
        free (message);
        return -1;
    }
    if (next >= self->n_sections)
        return 0;
    s_enter_section (self, next, false);
    return 1;
}
