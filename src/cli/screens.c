/*  screens.c — what is on screen: the lesson menu, a lesson, or the
    sandbox; opening one closes the lab of the one before and starts its
    own (the menu has none).
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "script.h"

#include "lesson/catalog.h"
#include "lesson/names.h"
#include "lesson/progress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  --- the lab ----------------------------------------------------------------

void
screens_close_lab (session_t *self)
{
    lesson_destroy (&self->lesson);
    lesson_destroy (&self->commands);
    //  The snapshot, log, glyphs and rates were of this lab.
    feed_reset (self->feed);
    lab_destroy (&self->lab);
    free (self->lesson_path);
    self->lesson_path = NULL;
}

static int
s_open_lab (session_t *self)
{
    screens_close_lab (self);
    self->lab = lab_new (self->options->actors_dir);
    if (!self->lab) {
        session_message (self, true, "%s", s_msg (self, MSG_NO_LAB));
        return -1;
    }
    lab_set_speed (self->lab, self->options->speed);
    lab_set_outside (self->lab, &self->options->outside);
    char *error = NULL;
    self->commands = lesson_open_sandbox (self->lab, self->options->lang, &error);
    free (error);
    return 0;
}

//  --- screens ----------------------------------------------------------------

//  The usual level words in the learner's language; others as written.
static const char *
s_level (const session_t *self, const char *level)
{
    static const msg_id_t words [] = {
        MSG_LEVEL_BEGINNER, MSG_LEVEL_INTERMEDIATE, MSG_LEVEL_ADVANCED
    };
    if (!level)
        return "";
    for (size_t i = 0; i < sizeof words / sizeof words [0]; i++)
        if (strcmp (level, i18n_msg (LANG_EN, words [i])) == 0)
            return s_msg (self, words [i]);
    return level;
}

void
screens_menu (session_t *self)
{
    screens_close_lab (self);
    panel_clear (self);
    model_t *model = &self->model;
    model->screen = SCREEN_MENU;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        session_message (self, true, "%s: %s", s_msg (self, MSG_PROGRESS_BAD), warning);
    free (warning);
    for (int i = 0; i < model->n_menu; i++) {
        free (model->menu [i].id);
        free (model->menu [i].title);
        free (model->menu [i].level);
    }
    model->n_menu = 0;
    const catalog_t *catalog = self->options->catalog;
    for (size_t i = 0; catalog && i < catalog->n && model->n_menu < MODEL_MENU_MAX; i++) {
        const catalog_entry_t *entry = &catalog->entries [i];
        menu_entry_t *item = &model->menu [model->n_menu++];
        item->number = entry->number;
        item->id = strdup (entry->meta.id ? entry->meta.id : "?");
        item->title = strdup (entry->meta.title ? entry->meta.title : (entry->error ? entry->error : ""));
        item->level = strdup (s_level (self, entry->meta.level));
        item->finished = progress && entry->meta.id && progress_finished (progress, entry->meta.id);
    }
    progress_destroy (&progress);
    if (model->menu_selected >= model->n_menu)
        model->menu_selected = 0;
    self->dirty = true;
}

void
screens_lesson (session_t *self, const char *path)
{
    panel_clear (self);
    if (s_open_lab (self) != 0)
        return;
    char *error = NULL;
    //  "Step k of n": a dry run counts the steps of a straight lesson.
    lesson_t *dry = lesson_open_dry (path, self->options->lang, self->options->actors_dir, &error);
    free (error);
    error = NULL;
    if (dry) {
        lesson_run (dry);
        self->model.steps = lesson_step (dry);
        //  The ':' commands leave the lesson's names to the lesson.
        names_reserve (self->commands, dry);
        lesson_destroy (&dry);
    }
    self->lesson = lesson_open (path, self->lab, self->options->lang, &error);
    self->model.screen = SCREEN_LESSON;
    if (!self->lesson) {
        panel_add (self, ENTRY_ERROR, error ? error : path);
        free (error);
        return;
    }
    self->lesson_path = strdup (path);
    session_message (self, false, "%s", s_msg (self, MSG_LESSON_KEYS));
}

void
screens_sandbox (session_t *self, const char *script)
{
    panel_clear (self);
    if (s_open_lab (self) != 0)
        return;
    self->model.screen = SCREEN_SANDBOX;
    panel_add (self, ENTRY_SAY, s_msg (self, MSG_SANDBOX_EMPTY));
    panel_add (self, ENTRY_LOG, "spawn(\"publisher\", { name = \"pub\", rate = 2 })");
    panel_add (self, ENTRY_LOG, "spawn(\"subscriber\", { name = \"sub\", subscribe = \"news\" })");
    panel_add (self, ENTRY_LOG, "actor(\"sub\"):pause()    link(\"pub\", \"sub\")");
    panel_add (self, ENTRY_SAY, s_msg (self, MSG_SANDBOX_KEYS));
    self->model.command_open = true;
    if (script) {
        char *text = script_read (script);
        if (text) {
            char *error = NULL;
            if (lesson_eval (self->commands, text, &error) != 0)
                session_message (self, true, "%s: %s", script, error ? error : "?");
            free (error);
        }
        else
            session_message (self, true, "%s: %s (%s)", script,
                       s_msg (self, MSG_CANNOT_READ), strerror (errno));
        free (text);
    }
}
