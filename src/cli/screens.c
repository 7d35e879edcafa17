/*  screens.c — what is on screen: the lesson menu, a lesson, or the
    sandbox; opening one closes the lab of the one before and starts its
    own (the menu has none). Also the ways between them: reopening a lesson
    offers to resume at the section reached, q asks before something would
    be lost, Enter at a lesson's end opens the next one, and the command
    history is kept across runs.
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "script.h"
#include "source.h"

#include "clock.h"

#include "engine/paths.h"
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
    //  Left before its end: how far it got is kept, to resume there.
    if (self->lesson && !self->model.finished && self->model.screen != SCREEN_EXERCISE)
        panel_record_progress (self);
    self->prompt = PROMPT_NONE;
    self->model.prompt_open = false;
    source_clear (&self->model.source);
    lesson_destroy (&self->lesson);
    lesson_destroy (&self->commands);
    //  The snapshot, log, glyphs and rates were of this lab.
    feed_reset (self->feed);
    lab_destroy (&self->lab);
    free (self->lesson_path);
    self->lesson_path = NULL;
}

int
screens_open_lab (session_t *self)
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

//  The steps a dry run of the lesson at PATH counts from section FROM on.
static int
s_count_steps (session_t *self, const char *path, int from)
{
    char *error = NULL;
    lesson_t *dry = lesson_open_dry (path, self->options->lang, self->options->actors_dir, &error);
    free (error);
    if (!dry)
        return 0;
    lesson_set_start_section (dry, from);
    lesson_run (dry);
    int steps = lesson_step (dry);
    //  The ':' commands leave the lesson's names to the lesson: every name
    //  a dry run from the first section spawns.
    if (from <= 1)
        names_reserve (self->commands, dry);
    lesson_destroy (&dry);
    return steps;
}


//  The catalog entry's index for PATH, or -1.
static int
s_catalog_index (const session_t *self, const char *path)
{
    const catalog_t *catalog = self->options->catalog;
    for (size_t i = 0; catalog && path && i < catalog->n; i++)
        if (strcmp (catalog->entries [i].path, path) == 0)
            return (int) i;
    return -1;
}

//  The catalog's own copy of PATH (it outlives the lesson), or NULL.
static const char *
s_catalog_path (const session_t *self, const char *path)
{
    int index = s_catalog_index (self, path);
    return index >= 0 ? self->options->catalog->entries [index].path : NULL;
}


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
    //  What an exercise said on the message line was about it.
    if (self->model.screen == SCREEN_EXERCISE)
        self->model.message [0] = 0;
    screens_close_lab (self);
    exercise_close (self);
    panel_clear (self);
    model_t *model = &self->model;
    model->screen = SCREEN_MENU;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        session_message (self, true, "%s: %s", s_msg (self, MSG_PROGRESS_BAD), warning);
    free (warning);
    //  The lesson just left (screens_close_lab forgot it): the cursor stays
    //  on it if unfinished, else goes to the next unfinished one.
    int left = self->lesson_entry ? s_catalog_index (self, self->lesson_entry) : -1;
    self->lesson_entry = NULL;
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
        item->section = progress && entry->meta.id ? progress_section (progress, entry->meta.id) : 0;
        item->sections = progress && entry->meta.id ? progress_sections (progress, entry->meta.id) : 0;
        if (item->finished)
            item->section = item->sections;
    }
    progress_destroy (&progress);
    exercise_menu_rows (self);
    if (model->menu_selected >= model->n_menu)
        model->menu_selected = 0;
    for (int k = 0; k < model->n_menu; k++) {
        int i = ((left > 0 ? left : 0) + k) % model->n_menu;
        if (!model->menu [i].finished) {
            model->menu_selected = i;
            break;
        }
    }
    self->dirty = true;
}

const catalog_entry_t *
screens_next_entry (session_t *self)
{
    int index = s_catalog_index (self, self->lesson_path);
    const catalog_t *catalog = self->options->catalog;
    if (index < 0 || (size_t) index + 1 >= catalog->n)
        return NULL;
    return &catalog->entries [index + 1];
}

void
screens_next_lesson (session_t *self)
{
    const catalog_entry_t *next = screens_next_entry (self);
    if (next)
        screens_lesson (self, next->path);
    else
    if (self->options->catalog)
        screens_menu (self);
    else
        self->quit = true;
}

static void
s_ask (session_t *self, prompt_t prompt, const char *text)
{
    self->model.prompt_open = false;
    session_message (self, false, "%s", text);
    self->prompt = prompt;
    self->model.prompt_open = true;
}

void
screens_ask (session_t *self, prompt_t prompt, const char *text)
{
    s_ask (self, prompt, text);
}

//  A lesson left at a later section: resume there, or start over? The
//  lesson does not run until the learner says.
static void
s_offer_resume (session_t *self)
{
    const lesson_meta_t *meta = NULL;
    lesson_meta_t read = { 0 };
    char *error = NULL;
    if (lesson_read_meta (self->lesson_path, self->options->lang, &read, &error) == 0)
        meta = &read;
    free (error);
    char *warning = NULL;
    progress_t *progress = meta && meta->id ? progress_load (&warning) : NULL;
    free (warning);
    int section = progress ? progress_section (progress, meta->id) : 0;
    int sections = progress ? progress_sections (progress, meta->id) : 0;
    bool finished = progress && progress_finished (progress, meta->id);
    progress_destroy (&progress);
    lesson_meta_clear (&read);
    //  A finished lesson opened again starts over, unless the learner left
    //  it before its last section this time.
    if (section < 2 || section > sections || (finished && section == sections))
        return;
    self->resume_section = section;
    self->resume_sections = sections;
    char *text = i18n_format (self->options->lang, MSG_RESUME_PROMPT, section, sections);
    panel_add (self, ENTRY_SAY, text);
    s_ask (self, PROMPT_RESUME, text ? text : "");
    free (text);
}

void
screens_prompt_key (session_t *self, int key)
{
    prompt_t prompt = self->prompt;
    self->prompt = PROMPT_NONE;
    self->model.prompt_open = false;
    self->model.message [0] = 0;
    bool yes = key == 'y' || key == 'Y';
    switch (prompt) {
        case PROMPT_NONE:
            break;
        case PROMPT_RESUME:
            if (key == 's' || key == 'S')
                break;                  //  from the start: as opened
            if (key == '\n' || key == '\r' || key == KEY_ENTER) {
                lesson_set_start_section (self->lesson, self->resume_section);
                self->resumed_from = self->resume_section;
                //  "Step k of n" counts the sections skipped.
                self->step_offset = self->model.steps
                                  - s_count_steps (self, self->lesson_path, self->resume_section);
                char *text = i18n_format (self->options->lang, MSG_RESUMED, self->resume_section,
                                          self->resume_sections);
                session_message (self, false, "%s", text ? text : "");
                free (text);
                break;
            }
            //  Another key: the question stays.
            self->prompt = PROMPT_RESUME;
            self->model.prompt_open = true;
            break;
        case PROMPT_LEAVE_LESSON:
        case PROMPT_LEAVE_SANDBOX:
            if (!yes)
                session_message (self, false, "%s", s_msg (self, MSG_STAYED));
            else
            if (self->options->catalog)
                screens_menu (self);
            else
                self->quit = true;
            break;
        case PROMPT_EXERCISE_SOLUTION:
            if (yes)
                exercise_show_solution (self);
            else
                session_message (self, false, "%s", s_msg (self, MSG_STAYED));
            break;
        case PROMPT_QUIT_SANDBOX:
            if (yes)
                self->quit = true;
            else
                session_message (self, false, "%s", s_msg (self, MSG_STAYED));
            break;
        case PROMPT_SOLUTION:
        case PROMPT_PLAY:
            if (yes)
                panel_goal_solution (self, prompt == PROMPT_PLAY);
            break;
    }
    self->dirty = true;
}

void
screens_leave (session_t *self, action_kind_t action)
{
    model_t *model = &self->model;
    bool to_menu = action != ACTION_QUIT && self->options->catalog;
    //  A question not yet answered would be lost: ask first.
    if (model->screen == SCREEN_LESSON && model->question.open && !model->finished) {
        s_ask (self, PROMPT_LEAVE_LESSON, s_msg (self, MSG_QUIT_QUESTION));
        return;
    }
    //  The sandbox's actors go (its commands stay in the history).
    if (model->screen == SCREEN_SANDBOX && self->commands_run > 0) {
        char *text = i18n_format (self->options->lang, MSG_QUIT_SANDBOX, self->commands_run);
        s_ask (self, to_menu ? PROMPT_LEAVE_SANDBOX : PROMPT_QUIT_SANDBOX, text ? text : "");
        free (text);
        return;
    }
    if (to_menu)
        screens_menu (self);
    else
        self->quit = true;
}

//  --- the command history ------------------------------------------------------

static char *
s_history_path (void)
{
    char *dir = paths_state_dir ();
    char *path = NULL;
    if (dir && asprintf (&path, "%s/history", dir) < 0)
        path = NULL;
    free (dir);
    return path;
}

void
screens_load_history (session_t *self)
{
    char *path = s_history_path ();
    FILE *file = path ? fopen (path, "r") : NULL;
    free (path);
    if (!file)
        return;
    //  Through the editor's own keys: each line typed and submitted.
    char line [CMDLINE_MAX + 2];
    while (fgets (line, sizeof line, file)) {
        size_t len = strcspn (line, "\n");
        if (line [len] != '\n' && !feof (file)) {
            int c;                      //  too long for the editor: skipped
            while ((c = fgetc (file)) != EOF && c != '\n')
                ;
            continue;
        }
        line [len] = 0;
        if (!len)
            continue;
        cmdline_clear (self->cmdline);
        cmdline_insert (self->cmdline, line);
        cmdline_key (self->cmdline, '\n');
    }
    cmdline_clear (self->cmdline);
    fclose (file);
}

void
screens_save_history (session_t *self)
{
    char *dir = paths_state_dir ();
    char *path = s_history_path ();
    char *temp = NULL;
    if (!dir || !path || paths_make_dir (dir) != 0 || asprintf (&temp, "%s.tmp", path) < 0) {
        free (dir);
        free (path);
        return;
    }
    FILE *file = fopen (temp, "w");
    if (file) {
        int n = 0;
        while (n < CMDLINE_HISTORY_MAX && cmdline_history (self->cmdline, n))
            n++;
        for (int k = n - 1; k >= 0; k--)
            fprintf (file, "%s\n", cmdline_history (self->cmdline, k));
        if (fclose (file) == 0)
            rename (temp, path);
        else
            remove (temp);
    }
    free (temp);
    free (dir);
    free (path);
}

void
screens_lesson (session_t *self, const char *path)
{
    screens_close_lab (self);           //  records the lesson before, if any
    exercise_close (self);
    panel_clear (self);
    if (screens_open_lab (self) != 0)
        return;
    char *error = NULL;
    //  "Step k of n": a dry run counts the steps of a straight lesson.
    self->model.steps = s_count_steps (self, path, 1);
    self->step_offset = 0;
    self->resumed_from = 0;
    self->lesson = lesson_open (path, self->lab, self->options->lang, &error);
    self->model.screen = SCREEN_LESSON;
    if (!self->lesson) {
        panel_add (self, ENTRY_ERROR, error ? error : path);
        free (error);
        return;
    }
    self->lesson_path = strdup (path);
    self->lesson_entry = s_catalog_path (self, path);
    self->started = clock_now ();
    session_message (self, false, "%s", s_msg (self, MSG_LESSON_KEYS));
    s_offer_resume (self);
}

void
screens_sandbox (session_t *self, const char *script)
{
    screens_close_lab (self);
    exercise_close (self);
    panel_clear (self);
    if (screens_open_lab (self) != 0)
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
            if (lesson_eval_script (self->commands, text, script, &error) != 0)
                session_message (self, true, "%s: %s", script, error ? error : "?");
            free (error);
        }
        else
        if (errno == EFBIG) {
            char *message = i18n_format (self->options->lang, MSG_SCRIPT_TOO_LARGE, script,
                                         SCRIPT_MAX >> 10);
            session_message (self, true, "%s", message ? message : script);
            free (message);
        }
        else
            session_message (self, true, "%s: %s (%s)", script,
                       s_msg (self, MSG_CANNOT_READ), strerror (errno));
        free (text);
    }
}
