/*  actions.c — what a key does (input.c has already said which action
    it is): pause, step, speed, next, answer, hint, select, pause / kill /
    restart an actor, scroll, the menu, and the ':' command line.
*/
#define _GNU_SOURCE
#include "session_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static actor_t *
s_selected_actor (session_t *self)
{
    const lab_snapshot_t *snap = self->model.snap;
    if (!self->lab || !snap || self->model.selected < 0
    ||  (size_t) self->model.selected >= snap->n_actors)
        return NULL;
    return lab_actor (self->lab, snap->actors [self->model.selected].name);
}

static bool
s_selected_outside (session_t *self)
{
    const lab_snapshot_t *snap = self->model.snap;
    return snap && self->model.selected >= 0
        && (size_t) self->model.selected < snap->n_actors
        && snap->actors [self->model.selected].external;
}

static void
s_submit_command (session_t *self)
{
    const char *text = cmdline_text (self->cmdline);
    if (!text [0]) {
        if (self->model.screen != SCREEN_SANDBOX)
            self->model.command_open = false;
        return;
    }
    if (!self->commands) {
        session_message (self, true, "%s", s_msg (self, MSG_NO_LAB_HERE));
        return;
    }
    char *error = NULL;
    if (lesson_eval (self->commands, text, &error) != 0) {
        //  The line stays, so the learner can fix it.
        session_message (self, true, "%s", error ? error : "?");
        free (error);
        return;
    }
    session_message (self, false, ":%s", text);
    panel_note_command (self, text);
    cmdline_clear (self->cmdline);
    if (self->model.screen != SCREEN_SANDBOX)
        self->model.command_open = false;
}

static void
s_sync_command (session_t *self)
{
    snprintf (self->model.command, sizeof self->model.command, "%s", cmdline_text (self->cmdline));
    self->model.command_cursor = (int) cmdline_cursor (self->cmdline);
    self->dirty = true;
}

static void
s_edit (session_t *self, int key, const char *utf8)
{
    cmdline_result_t result = key == TUI_TEXT ? cmdline_insert (self->cmdline, utf8)
                                              : cmdline_key (self->cmdline, key);
    if (result == CMDLINE_SUBMIT)
        s_submit_command (self);
    else
    if (result == CMDLINE_CANCEL)
        self->model.command_open = false;
    s_sync_command (self);
}

void
actions_do (session_t *self, action_t action, int key, const char *utf8)
{
    model_t *model = &self->model;
    lab_t *lab = self->lab;
    switch (action.kind) {
        case ACTION_NONE:
            return;
        case ACTION_HELP:
            model->help_open = true;
            break;
        case ACTION_CLOSE_HELP:
            model->help_open = false;
            break;
        case ACTION_QUIT:
        case ACTION_BACK:
        case ACTION_LESSONS:
            screens_leave (self, action.kind);     //  asks when something would be lost
            break;
        case ACTION_PROMPT:
            screens_prompt_key (self, action.arg);
            break;
        case ACTION_RESTART_SECTION:
            if (self->lesson && self->prompt == PROMPT_NONE
            &&  lesson_restart_section (self->lesson) == 0) {
                model->finished = model->waiting_next = false;
                self->predicted = 0;
                panel_clear_question (self);
                model->message [0] = 0;
            }
            break;
        case ACTION_PAUSE_ALL:
            if (lab) {
                //  Space also leaves stepping: the lab runs freely again.
                if (lab_stepping (lab)) {
                    lab_set_stepping (lab, false);
                    lab_resume_all (lab);
                }
                else
                if (lab_paused (lab))
                    lab_resume_all (lab);
                else
                    lab_pause_all (lab);
                session_message (self, false, "%s",
                                 s_msg (self, lab_paused (lab) ? MSG_PAUSED : MSG_RUNNING));
            }
            break;
        case ACTION_STEP:
            if (lab) {
                //  Stepping: each '.' lets one message move, paused or not.
                if (!lab_stepping (lab)) {
                    lab_set_stepping (lab, true);
                    if (lab_paused (lab))
                        lab_resume_all (lab);
                }
                lab_step (lab);
                panel_note_meddle (self, MSG_MEDDLE_STEP, NULL);
                session_message (self, false, "%s", s_msg (self, MSG_STEPPING));
            }
            break;
        case ACTION_FASTER:
        case ACTION_SLOWER:
            if (lab) {
                double speed = lab_speed (lab) * (action.kind == ACTION_FASTER ? 2 : 0.5);
                if (speed > 64)
                    speed = 64;
                if (speed < 1.0 / 16)
                    speed = 1.0 / 16;
                lab_set_speed (lab, speed);
                session_message (self, false, "%s ×%g", s_msg (self, MSG_SPEED), speed);
            }
            break;
        case ACTION_NEXT:
            model->message [0] = 0;
            if (self->lesson && lesson_status (self->lesson) == LESSON_SAY)
                lesson_next (self->lesson);
            else
            if (model->finished)
                screens_next_lesson (self);
            break;
        case ACTION_ANSWER:
            if (self->lesson && lesson_answer (self->lesson, action.arg) != 0)
                session_message (self, true, "%s", s_msg (self, MSG_NO_CHOICE));
            break;
        case ACTION_HINT:
            model->message [0] = 0;
            panel_hint (self);
            break;
        case ACTION_SELECT_NEXT:
        case ACTION_SELECT_PREV:
            if (model->snap && model->snap->n_actors) {
                int n = (int) model->snap->n_actors;
                int step = action.kind == ACTION_SELECT_NEXT ? 1 : -1;
                //  The first Tab goes to the actor the lesson points at.
                int focus = -1;
                for (int i = 0; i < n && model->focus [0]; i++)
                    if (strcmp (model->snap->actors [i].name, model->focus) == 0)
                        focus = i;
                model->selected = model->selected >= 0 ? (model->selected + step + n) % n
                                : focus >= 0 ? focus : step > 0 ? 0 : n - 1;
            }
            break;
        case ACTION_PAUSE_ACTOR:
        case ACTION_KILL_ACTOR:
        case ACTION_RESTART_ACTOR: {
            actor_t *actor = s_selected_actor (self);
            if (!actor && s_selected_outside (self)) {
                session_message (self, true, "%s", s_msg (self, MSG_OUTSIDE_NO_CONTROL));
                break;
            }
            if (!actor) {
                session_message (self, true, "%s", s_msg (self, MSG_SELECT_FIRST));
                break;
            }
            //  A check that fails now was the learner's doing: the lesson says so.
            panel_note_meddle (self, action.kind == ACTION_PAUSE_ACTOR ? MSG_MEDDLE_PAUSE
                                   : action.kind == ACTION_KILL_ACTOR ? MSG_MEDDLE_KILL
                                   : MSG_MEDDLE_RESTART, actor_name (actor));
            if (action.kind == ACTION_PAUSE_ACTOR) {
                actor_stats_t stats;
                actor_stats (actor, &stats);
                if (stats.paused)
                    actor_resume (actor);
                else
                    actor_pause (actor);
            }
            else
            if (action.kind == ACTION_KILL_ACTOR)
                actor_kill (actor);
            else {
                char *error = NULL;
                if (actor_restart (actor, NULL, &error) != 0)
                    session_message (self, true, "%s", error ? error : "restart failed");
                free (error);
            }
            break;
        }
        case ACTION_COMMAND:
            model->command_open = true;
            s_sync_command (self);
            break;
        case ACTION_EDIT:
            s_edit (self, key, utf8);
            break;
        case ACTION_LOG_UP:
            model->log_scroll += 5;
            if ((size_t) model->log_scroll >= model->log_count)
                model->log_scroll = model->log_count ? (int) model->log_count - 1 : 0;
            model->panel_scroll += 5;
            if (model->panel_scroll > tui_panel_scroll_max (self->tui))
                model->panel_scroll = tui_panel_scroll_max (self->tui);
            break;
        case ACTION_LOG_DOWN:
            model->log_scroll = model->log_scroll > 5 ? model->log_scroll - 5 : 0;
            model->panel_scroll = model->panel_scroll > 5 ? model->panel_scroll - 5 : 0;
            break;
        case ACTION_MENU_UP:
            if (model->menu_selected > 0)
                model->menu_selected--;
            break;
        case ACTION_MENU_DOWN:
            if (model->menu_selected + 1 < model->n_menu)
                model->menu_selected++;
            break;
        case ACTION_MENU_FIRST:
            model->menu_selected = 0;
            break;
        case ACTION_MENU_LAST:
            model->menu_selected = model->n_menu ? model->n_menu - 1 : 0;
            break;
        case ACTION_OPEN:
            if (self->options->catalog && model->menu_selected < model->n_menu
            &&  (size_t) model->menu_selected < self->options->catalog->n)
                screens_lesson (self, self->options->catalog->entries [model->menu_selected].path);
            break;
        case ACTION_MOUSE: {
            int index = tui_mouse_actor (self->tui, model);
            if (index >= 0)
                model->selected = index;
            break;
        }
        case ACTION_RESIZE:
            break;
        case ACTION_REDRAW:
            tui_repaint (self->tui);
            break;
        case ACTION_DESELECT:
            model->selected = -1;
            break;
    }
    self->dirty = true;
}
