/*  exercise.c — an exercise in the terminal view: its panel (title,
    statement, the learner's file, each check with its expects), the
    learner's file in their own editor (e), the solution after a question
    (S), and the file watched, so that a save anywhere (that editor,
    another terminal) runs every check again from a clean lab.
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "clock.h"
#include "editor.h"
#include "source.h"

#include "lesson/progress.h"
#include "lesson/workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  --- opening, reloading -------------------------------------------------------

void
exercise_close (session_t *self)
{
    watch_destroy (&self->watch);
    free (self->student_file);
    free (self->exercise_dir);
    self->student_file = self->exercise_dir = NULL;
    self->student_copied = false;
    self->hints_shown = 0;
}

//  The lab and the exercise's lesson, from nothing; the panel with them.
static void
s_start (session_t *self)
{
    screens_close_lab (self);
    panel_clear (self);
    self->model.screen = SCREEN_EXERCISE;
    if (screens_open_lab (self) != 0)
        return;
    char *error = NULL;
    self->lesson = lesson_open_exercise (self->exercise_dir, self->student_file, self->lab,
                                         self->options->lang, &error);
    if (!self->lesson) {
        panel_add (self, ENTRY_ERROR, error ? error : self->exercise_dir);
        free (error);
        return;
    }
    self->started = clock_now ();
}

void
exercise_open (session_t *self, const char *dir, const char *file, bool copied)
{
    char *dir_copy = strdup (dir);
    char *file_copy = strdup (file);
    exercise_close (self);
    self->exercise_dir = dir_copy;
    self->student_file = file_copy;
    self->student_copied = copied;
    if (!dir_copy || !file_copy)
        return;
    self->watch = watch_new (file_copy);
    self->watched = clock_now ();
    s_start (self);
    session_message (self, false, "%s", s_msg (self, MSG_EXERCISE_KEYS));
}

void
exercise_reload (session_t *self, msg_id_t why)
{
    if (!self->exercise_dir)
        return;
    //  A source view open stays open (the solution, a behaviour); the
    //  learner's file in it is shown as it is now, where it was.
    source_view_t kept = self->model.source;
    memset (&self->model.source, 0, sizeof self->model.source);
    bool showing = kept.open && kept.title && strcmp (kept.title, self->student_file) == 0;
    int top = kept.top, left = kept.left;
    //  The panel said once that the file was just copied; not again.
    self->student_copied = false;
    s_start (self);
    self->model.source = kept;
    if (showing && source_open_place (self, self->student_file, 0) == 0) {
        self->model.source.top = top;
        self->model.source.left = left;
    }
    //  The hints seen stay seen.
    int hints = self->hints_shown;
    self->hints_shown = 0;
    for (int i = 0; i < hints && self->lesson; i++) {
        bool had = false;
        const char *hint = lesson_next_hint (self->lesson, &had);
        if (!hint)
            break;
        panel_add (self, ENTRY_HINT, hint);
        self->hints_shown++;
    }
    session_message (self, false, "%s", s_msg (self, why));
}

int
exercise_fd (session_t *self)
{
    return self->watch && self->model.screen == SCREEN_EXERCISE ? watch_fd (self->watch) : -1;
}

int
exercise_poll (session_t *self, double now, bool woken)
{
    if (!self->watch || self->model.screen != SCREEN_EXERCISE)
        return -1;
    //  inotify wakes the loop; without it, a look a few times a second.
    int period = watch_fd (self->watch) >= 0 ? WATCH_BACKSTOP_MS : WATCH_POLL_MS;
    double since = (now - self->watched) * 1000;
    if (!woken && since < period)
        return period - (int) since;
    self->watched = now;
    if (watch_changed (self->watch))
        exercise_reload (self, MSG_EXERCISE_RELOADED);
    return period;
}

//  --- the panel ----------------------------------------------------------------

bool
exercise_take_item (session_t *self, const lesson_item_t *item)
{
    model_t *model = &self->model;
    char line [1024];
    switch (item->kind) {
        case ITEM_TITLE: {
            free (model->lesson_title);
            //  The title is on the title bar: the panel starts with the task.
            model->lesson_title = strdup (item->text ? item->text : "");
            if (item->detail)
                panel_add (self, ENTRY_SAY, item->detail);
            char *text = self->student_copied
                ? i18n_format (self->options->lang, MSG_TUI_YOUR_FILE_COPIED, self->student_file)
                : i18n_format (self->options->lang, MSG_TUI_YOUR_FILE, self->student_file);
            panel_add (self, ENTRY_LOG, text ? text : self->student_file);
            free (text);
            return true;
        }
        case ITEM_SECTION:
            //  A check begins: "running" until its verdict comes.
            snprintf (line, sizeof line, "%d/%d %s", item->answer, item->total,
                      item->text ? item->text : "");
            panel_add (self, ENTRY_CHECK_RUNNING, line);
            self->check_entry = model->n_entries - 1;
            model->section = item->answer;
            model->sections = item->total;
            return true;
        case ITEM_EXPECT:
            panel_add (self, item->passed ? ENTRY_EXPECT_PASS : ENTRY_EXPECT_FAIL, item->text);
            if (item->detail)
                panel_add (self, ENTRY_HINT, item->detail);
            return true;
        case ITEM_CHECK: {
            model->sections = item->total;
            snprintf (line, sizeof line, "%d/%d %s", item->answer, item->total,
                      item->text ? item->text : "");
            //  Its line says the verdict where it said "running"; a check
            //  that never began (the file does not compile) gets its own.
            entry_t *entry = self->check_entry < model->n_entries
                           ? &model->entries [self->check_entry] : NULL;
            if (entry && entry->kind == ENTRY_CHECK_RUNNING) {
                entry->kind = item->passed ? ENTRY_CHECK_PASS : ENTRY_CHECK_FAIL;
                self->dirty = true;
            }
            else
                panel_add (self, item->passed ? ENTRY_CHECK_PASS : ENTRY_CHECK_FAIL, line);
            self->check_entry = (size_t) -1;
            if (item->detail)
                panel_add (self, ENTRY_HINT, item->detail);
            return true;
        }
        default:
            return false;
    }
}

void
exercise_finished (session_t *self)
{
    const lesson_meta_t *meta = self->lesson ? lesson_meta (self->lesson) : NULL;
    if (!meta || !meta->id)
        return;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    free (warning);
    if (!progress)
        return;
    bool passed = lesson_status (self->lesson) == LESSON_DONE
               && lesson_checks_failed (self->lesson) == 0;
    progress_exercise_record (progress, meta->id, passed ? EXERCISE_PASSED : EXERCISE_FAILING);
    char *error = NULL;
    if (progress_save (progress, &error) != 0)
        session_message (self, true, "%s: %s", s_msg (self, MSG_CANNOT_SAVE_PROGRESS),
                         error ? error : "");
    free (error);
    progress_destroy (&progress);
}

//  --- the menu -------------------------------------------------------------------

void
exercise_menu_rows (session_t *self)
{
    model_t *model = &self->model;
    const exercises_t *exercises = self->exercises;
    if (!exercises)
        return;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    free (warning);
    char *workspace = workspace_dir (self->options->workspace);
    for (size_t i = 0; i < exercises->n && model->n_menu < MODEL_MENU_MAX; i++) {
        const exercise_entry_t *entry = &exercises->entries [i];
        menu_entry_t *row = &model->menu [model->n_menu++];
        memset (row, 0, sizeof *row);
        row->exercise = true;
        row->number = entry->number;
        row->id = strdup (entry->id ? entry->id : "?");
        row->title = strdup (entry->title ? entry->title : entry->error ? entry->error : "");
        row->level = strdup ("");
        //  As --exercises says: checked before, its state; a copy never
        //  checked, failing until it is; no copy, not started.
        exercise_state_t state = progress && entry->id ? progress_exercise (progress, entry->id)
                                                       : EXERCISE_NOT_STARTED;
        if (state == EXERCISE_NOT_STARTED && workspace && entry->id
        &&  workspace_started (workspace, entry->id))
            state = EXERCISE_FAILING;
        row->state = state == EXERCISE_PASSED ? MENU_EXERCISE_PASSED
                   : state == EXERCISE_FAILING ? MENU_EXERCISE_FAILING : MENU_EXERCISE_NEW;
        row->finished = state == EXERCISE_PASSED;
    }
    free (workspace);
    progress_destroy (&progress);
}

void
exercise_open_row (session_t *self, int index)
{
    const exercises_t *exercises = self->exercises;
    const menu_entry_t *row = &self->model.menu [index];
    const exercise_entry_t *entry = NULL;
    for (size_t i = 0; exercises && i < exercises->n && !entry; i++)
        if (exercises->entries [i].id && row->id && strcmp (exercises->entries [i].id, row->id) == 0)
            entry = &exercises->entries [i];
    if (!entry)
        return;
    if (entry->error) {
        session_message (self, true, "%s", entry->error);
        return;
    }
    char *workspace = workspace_dir (self->options->workspace);
    char *error = NULL;
    bool created = false;
    char *file = workspace ? workspace_open (workspace, entry->id, entry->template_path,
                                             self->options->lang, &created, &error) : NULL;
    if (!file)
        session_message (self, true, "%s", error ? error : s_msg (self, MSG_WORKSPACE_NONE));
    else
        exercise_open (self, entry->dir, file, created);
    free (error);
    free (file);
    free (workspace);
}

//  --- the keys -----------------------------------------------------------------

void
exercise_edit (session_t *self)
{
    if (!self->student_file)
        return;
    const char *command = editor_command ();
    if (!command) {
        //  Say how, and where the file is: another terminal works as well.
        char *text = i18n_format (self->options->lang, MSG_NO_EDITOR, self->student_file);
        panel_add (self, ENTRY_HINT, text ? text : self->student_file);
        self->model.panel_scroll = PANEL_TO_END;
        session_message (self, true, "%s", text ? text : self->student_file);
        free (text);
        return;
    }
    tui_leave (self->tui);
    int status = editor_run (command, self->student_file);
    int error = errno;
    tui_return (self->tui);
    self->dirty = true;
    if (status < 0) {
        char *text = i18n_format (self->options->lang, MSG_EDITOR_FAILED, command, strerror (error));
        session_message (self, true, "%s", text ? text : command);
        free (text);
    }
    else
    if (status != 0) {
        char *text = i18n_format (self->options->lang, MSG_EDITOR_STATUS, command, status);
        session_message (self, true, "%s", text ? text : command);
        free (text);
    }
    //  A change is the watcher's to notice, at once: the checks run again.
    self->watched = 0;
}

void
exercise_ask_solution (session_t *self)
{
    if (!self->exercise_dir)
        return;
    self->model.prompt_open = false;
    session_message (self, false, "%s", s_msg (self, MSG_SOLUTION_ASK));
    self->prompt = PROMPT_EXERCISE_SOLUTION;
    self->model.prompt_open = true;
}

void
exercise_show_solution (session_t *self)
{
    char *path = NULL;
    if (!self->exercise_dir || asprintf (&path, "%s/solution.lua", self->exercise_dir) < 0)
        return;
    if (source_open_place (self, path, 0) != 0)
        session_message (self, true, "%s", s_msg (self, MSG_NO_SOLUTION));
    else {
        //  The title says what it is: the answer, not the learner's file
        //  (at its end: a long path loses its start).
        char *title = NULL;
        if (asprintf (&title, "%s (%s)", path, s_msg (self, MSG_SOLUTION_TITLE)) >= 0) {
            free (self->model.source.title);
            self->model.source.title = title;
        }
    }
    free (path);
}
