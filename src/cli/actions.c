/*  actions.c — what a key does (input.c has already said which action
    it is): pause, step, speed, next, answer, hint, select, pause / kill /
    restart an actor, scroll, the menu, and the ':' command line.
*/
#define _GNU_SOURCE
#include "session_parts.h"

#include "lawtext.h"
#include "source.h"

#include "lesson/help.h"

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

//  :check — the conservation law on the lab as it is now (engine/law.h).
//  Mid-run a sender's in flight is what is left, so only what cannot be
//  (more accounted for than sent; something left between closed ends)
//  shows.
static void
s_check_law (session_t *self)
{
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    law_violation_t first;
    size_t count = law_check (snap, &first, 1);
    size_t senders = 0;
    for (size_t i = 0; snap && i < snap->n_sockets; i++)
        senders += snap->sockets [i].sent > 0;
    lab_snapshot_destroy (&snap);
    i18n_lang_t lang = self->options->lang;
    char *text = NULL;
    if (count == 0)
        text = i18n_format (lang, MSG_LAW_HOLDS, senders);
    else {
        char *violation = lawtext_violation (lang, &first);
        text = i18n_format (lang, MSG_LAW_VIOLATIONS, count, violation ? violation : "?");
        free (violation);
    }
    session_message (self, count > 0, "%s", text ? text : "?");
    free (text);
}

//  Enter on the command line: runs it (a leading ':' is the habit of the
//  key that opened the line: dropped). Outside the sandbox the line then
//  closes; an error clears it either way (the history keeps the text: Up).
static void
s_submit_command (session_t *self)
{
    const char *text = cmdline_text (self->cmdline);
    while (*text == ' ' || *text == ':')
        text++;
    bool sandbox = self->model.screen == SCREEN_SANDBOX;
    if (!text [0]) {
        cmdline_clear (self->cmdline);
        if (!sandbox)
            self->model.command_open = false;
        return;
    }
    if (!self->commands) {
        session_message (self, true, "%s", s_msg (self, MSG_NO_LAB_HERE));
        return;
    }
    if (strcmp (text, "check") == 0) {
        s_check_law (self);
        cmdline_clear (self->cmdline);
        if (!sandbox)
            self->model.command_open = false;
        return;
    }
    char *error = NULL;
    if (lesson_eval (self->commands, text, &error) != 0)
        session_message (self, true, "%s", error ? error : "?");
    else {
        session_message (self, false, ":%s", text);
        panel_note_command (self, text);
    }
    free (error);
    cmdline_clear (self->cmdline);
    if (!sandbox)
        self->model.command_open = false;
}

static void
s_sync_command (session_t *self)
{
    snprintf (self->model.command, sizeof self->model.command, "%s", cmdline_text (self->cmdline));
    self->model.command_cursor = (int) cmdline_cursor (self->cmdline);
    self->dirty = true;
}

//  Tab on the command line: the API's names, a handle's methods after ':',
//  the behaviours inside spawn(" (lesson/help.h's table, and the lab's).
static void
s_complete (session_t *self)
{
    size_t n = 0, count;
    const char *words [64];
    switch (cmdline_context (self->cmdline, NULL)) {
        case CMDLINE_FUNCTION: {
            const help_function_t *functions = help_functions (&count);
            for (size_t i = 0; i < count && n < 64; i++)
                if (!functions [i].in_lesson_only)
                    words [n++] = functions [i].name;
            break;
        }
        case CMDLINE_METHOD: {
            const help_function_t *methods = help_methods (&count);
            for (size_t i = 0; i < count && n < 64; i++)
                words [n++] = methods [i].name;
            break;
        }
        case CMDLINE_BEHAVIOUR: {
            const help_behaviour_t *behaviours = help_behaviours (&count);
            for (size_t i = 0; i < count && n < 64; i++)
                words [n++] = behaviours [i].name;
            break;
        }
        case CMDLINE_NO_WORD:
            break;
    }
    char shown [sizeof self->model.message];
    int matches = cmdline_complete (self->cmdline, words, n, shown, sizeof shown);
    if (matches == 1)
        self->model.message [0] = 0;        //  the candidates shown before are done
    else
    if (matches > 1)
        session_message (self, false, "%s", shown);
    else
    if (matches == 0)
        session_message (self, false, "%s", s_msg (self, MSG_NO_COMPLETION));
}

static void
s_edit (session_t *self, int key, const char *utf8)
{
    if (key == INPUT_TAB) {
        s_complete (self);
        s_sync_command (self);
        return;
    }
    cmdline_result_t result = key == TUI_TEXT ? cmdline_insert (self->cmdline, utf8)
                                              : cmdline_key (self->cmdline, key);
    if (result == CMDLINE_SUBMIT)
        s_submit_command (self);
    else
    if (result == CMDLINE_CANCEL)
        self->model.command_open = false;
    else
    if (result == CMDLINE_FULL) {
        char *text = i18n_format (self->options->lang, MSG_COMMAND_TOO_LONG, CMDLINE_MAX - 1);
        session_message (self, true, "%s", text ? text : "?");
        free (text);
    }
    s_sync_command (self);
}

//  R and x: the current section again, on a fresh lab (a lesson without
//  sections is one section: it starts over). False when there is none.
static bool
s_restart_section (session_t *self)
{
    if (!self->lesson || self->prompt != PROMPT_NONE
    ||  lesson_restart_section (self->lesson) != 0)
        return false;
    self->model.finished = self->model.waiting_next = false;
    self->predicted = 0;
    panel_clear_question (self);
    self->model.message [0] = 0;
    return true;
}

//  x: replays the last experiment, which is the current section's.
void
actions_replay (session_t *self)
{
    if (self->model.screen != SCREEN_LESSON || !s_restart_section (self)) {
        session_message (self, false, "%s", s_msg (self, MSG_NOTHING_TO_REPLAY));
        return;
    }
    session_message (self, false, "%s", s_msg (self, MSG_REPLAYED));
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
            if (model->screen == SCREEN_EXERCISE)
                exercise_reload (self, MSG_EXERCISE_RERUN);
            else
                s_restart_section (self);
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
                panel_note_goal (self, lab_paused (lab) ? MSG_MEDDLE_PAUSE_ALL
                                                        : MSG_GOAL_RESUMED_LAB);
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
        case ACTION_LOG_DOWN: {
            //  An exercise's panel reads from the top: PgDn goes further.
            bool back = action.kind == ACTION_LOG_UP;
            //  "To the end" (a hint added to an exercise) is as far as it goes.
            if (model->panel_scroll > tui_panel_scroll_max (self->tui))
                model->panel_scroll = tui_panel_scroll_max (self->tui);
            bool panel_back = model->screen == SCREEN_EXERCISE ? !back : back;
            if (back) {
                model->log_scroll += 5;
                if ((size_t) model->log_scroll >= model->log_count)
                    model->log_scroll = model->log_count ? (int) model->log_count - 1 : 0;
            }
            else
                model->log_scroll = model->log_scroll > 5 ? model->log_scroll - 5 : 0;
            if (panel_back) {
                model->panel_scroll += 5;
                if (model->panel_scroll > tui_panel_scroll_max (self->tui))
                    model->panel_scroll = tui_panel_scroll_max (self->tui);
            }
            else
                model->panel_scroll = model->panel_scroll > 5 ? model->panel_scroll - 5 : 0;
            break;
        }
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
            if (model->menu_selected < model->n_menu && model->menu [model->menu_selected].exercise)
                exercise_open_row (self, model->menu_selected);
            else
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
        case ACTION_REPLAY:
            actions_replay (self);
            break;
        case ACTION_SOURCE:
            source_toggle (self);
            break;
        case ACTION_SOURCE_SCROLL: {
            int rows, columns;
            tui_size (self->tui, &rows, &columns);
            int page = rows - 4;            //  the title, status and message rows, its header
            int delta = action.arg;
            if (delta == INPUT_SOURCE_END || delta == -INPUT_SOURCE_END)
                delta = delta > 0 ? model->source.n_lines : -model->source.n_lines;
            else
            if (delta == INPUT_SOURCE_PAGE || delta == -INPUT_SOURCE_PAGE)
                delta = delta > 0 ? page - 1 : -(page - 1);
            source_scroll (&model->source, delta, page);
            break;
        }
        case ACTION_SOURCE_SIDE:
            source_side (&model->source, action.arg * 8);
            break;
        case ACTION_EDIT_FILE:
            exercise_edit (self);
            break;
        case ACTION_SOLUTION:
        case ACTION_PLAY_SOLUTION:
            if (model->screen == SCREEN_EXERCISE)
                exercise_ask_solution (self);
            else
                panel_goal_key (self, action.kind == ACTION_PLAY_SOLUTION);
            break;
    }
    self->dirty = true;
}
