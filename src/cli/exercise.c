/*  exercise.c — an exercise in the terminal view: the learner's file in
    their own editor (e), and the file watched, so that a save anywhere
    (that editor, another terminal) runs every check again on a fresh lab.
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "editor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    self->prompt = PROMPT_SOLUTION;
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
        //  The title says what it is: the answer, not the learner's file.
        char *title = NULL;
        if (asprintf (&title, "%s: %s", s_msg (self, MSG_SOLUTION_TITLE), path) >= 0) {
            free (self->model.source.title);
            self->model.source.title = title;
        }
    }
    free (path);
}
