/*  panel.c — the lesson panel: a lesson's items (say, ask, reveal, expect,
    hint, log, error) become its entries, the lesson and the ':' commands
    run as far as they go each turn of the loop, and a lesson's progress is
    recorded when it ends or is left. At the end, its score: checks,
    predictions, time, what the learner did beyond the script, the way on.
    What the learner changes in the experiment is told to the lesson, so a
    check that fails because of it says so.
*/
#define _GNU_SOURCE
#include "session_parts.h"

#include "clock.h"

#include "lesson/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ENTRIES_MAX = 400 };         //  the panel's history, at most

void
panel_add (session_t *self, entry_kind_t kind, const char *text)
{
    model_t *model = &self->model;
    //  The panel keeps the latest entries (a sandbox loop may print many).
    if (model->n_entries == ENTRIES_MAX) {
        size_t drop = ENTRIES_MAX / 4;
        for (size_t i = 0; i < drop; i++)
            free (model->entries [i].text);
        memmove (model->entries, model->entries + drop,
                 (model->n_entries - drop) * sizeof *model->entries);
        model->n_entries -= drop;
    }
    entry_t *grown = realloc (model->entries, (model->n_entries + 1) * sizeof *grown);
    if (!grown)
        return;
    model->entries = grown;
    grown [model->n_entries].kind = kind;
    grown [model->n_entries].text = strdup (text ? text : "");
    model->n_entries++;
    //  The newest shows (an exercise's panel stays where the learner put it:
    //  it reads from the top).
    if (model->screen != SCREEN_EXERCISE)
        model->panel_scroll = 0;
    self->dirty = true;
}

static void
s_clear_question (model_t *model)
{
    free (model->question.text);
    for (int i = 0; i < model->question.n_choices; i++)
        free (model->question.choices [i]);
    memset (&model->question, 0, sizeof model->question);
}

void
panel_clear_question (session_t *self)
{
    s_clear_question (&self->model);
}

void
panel_clear (session_t *self)
{
    model_t *model = &self->model;
    for (size_t i = 0; i < model->n_entries; i++)
        free (model->entries [i].text);
    free (model->entries);
    model->entries = NULL;
    model->n_entries = 0;
    s_clear_question (model);
    free (model->lesson_title);
    model->lesson_title = NULL;
    model->step = model->steps = 0;
    model->waiting_next = model->finished = false;
    model->checks_passed = model->checks_failed = 0;
    model->focus [0] = 0;
    model->selected = -1;
    model->log_scroll = model->panel_scroll = 0;
    model->section = model->sections = 0;
    memset (&model->goal, 0, sizeof model->goal);
    self->commands_run = 0;
}

//  Items of a lesson (or of a command) become panel entries.
static void
s_take_items (session_t *self, lesson_t *lesson, bool is_command)
{
    model_t *model = &self->model;
    lesson_item_t item;
    char text [1024];
    while (lesson_take_item (lesson, &item)) {
        //  An exercise's checks have a panel of their own.
        if (!is_command && self->model.screen == SCREEN_EXERCISE && exercise_take_item (self, &item)) {
            lesson_item_clear (&item);
            continue;
        }
        switch (item.kind) {
            case ITEM_TITLE:
                free (model->lesson_title);
                model->lesson_title = strdup (item.text ? item.text : "");
                panel_add (self, ENTRY_TITLE, item.text);
                if (item.detail)
                    panel_add (self, ENTRY_LOG, item.detail);
                break;
            case ITEM_SAY:
                model->step++;
                panel_add (self, ENTRY_SAY, item.text);
                break;
            case ITEM_ASK:
                model->step++;
                s_clear_question (model);
                model->question.open = true;
                model->question.text = strdup (item.text ? item.text : "");
                for (int i = 0; i < item.n_choices && i < MODEL_CHOICES_MAX; i++)
                    model->question.choices [model->question.n_choices++] = strdup (item.choices [i]);
                break;
            case ITEM_CHOSEN:
                self->predicted = item.chosen;
                //  The question moves into the history with the prediction.
                if (model->question.text)
                    panel_add (self, ENTRY_ASK, model->question.text);
                if (item.chosen >= 1 && item.chosen <= model->question.n_choices) {
                    char *chosen = i18n_format (self->options->lang, MSG_YOU_PREDICTED, item.chosen,
                                                model->question.choices [item.chosen - 1]);
                    snprintf (text, sizeof text, "%s", chosen ? chosen : "?");
                    free (chosen);
                }
                else
                    snprintf (text, sizeof text, "%d", item.chosen);
                panel_add (self, ENTRY_CHOSEN, text);
                s_clear_question (model);
                break;
            case ITEM_REVEAL: {
                //  Say whether the prediction was right: that is the point.
                const char *verdict = self->predicted == 0 ? ""
                    : self->predicted == item.answer ? s_msg (self, MSG_PREDICTION_RIGHT)
                    : s_msg (self, MSG_PREDICTION_OTHER);
                snprintf (text, sizeof text, "%s%s%d) %s%s%s%s", s_msg (self, MSG_ANSWER),
                          s_msg (self, MSG_COLON), item.answer, item.detail ? item.detail : "",
                          verdict, item.text ? " — " : "", item.text ? item.text : "");
                panel_add (self, ENTRY_REVEAL, text);
                self->predicted = 0;
                break;
            }
            case ITEM_EXPECT:
                panel_add (self, item.passed ? ENTRY_PASS : ENTRY_FAIL, item.text);
                //  Why it failed when the learner changed the experiment.
                if (item.detail)
                    panel_add (self, ENTRY_HINT, item.detail);
                break;
            case ITEM_SECTION: {
                char *head = !item.text ? strdup (s_msg (self, MSG_LESSON_AGAIN))
                           : item.chosen ? i18n_format (self->options->lang, MSG_SECTION_AGAIN,
                                                        item.answer, item.total, item.text)
                           : i18n_format (self->options->lang, MSG_SECTION_HEAD, item.answer,
                                          item.total, item.text);
                panel_add (self, ENTRY_TITLE, head);
                free (head);
                model->section = item.answer;
                model->sections = item.total;
                break;
            }
            case ITEM_CHECK:
                //  An exercise's check ended (the exercise view shows more).
                panel_add (self, item.passed ? ENTRY_PASS : ENTRY_FAIL, item.text);
                if (item.detail)
                    panel_add (self, ENTRY_HINT, item.detail);
                break;
            case ITEM_HINT:
                //  The lesson keeps it with its step; h shows it.
                session_message (self, false, "%s", s_msg (self, MSG_HINT_READY));
                break;
            case ITEM_LOG:
                if (is_command)
                    session_message (self, false, "%s", item.text ? item.text : "");
                panel_add (self, ENTRY_LOG, item.text);
                break;
            case ITEM_GOAL:
                //  Shown under the history while open (model->goal).
                model->panel_scroll = 0;
                self->dirty = true;
                break;
            case ITEM_GOAL_REACHED:
                snprintf (text, sizeof text, "%s%s%s",
                          s_msg (self, item.passed ? MSG_GOAL_REACHED : MSG_GOAL_MISSED),
                          s_msg (self, MSG_COLON), item.text ? item.text : "");
                panel_add (self, item.passed ? ENTRY_PASS : ENTRY_FAIL, text);
                if (item.detail)
                    panel_add (self, ENTRY_LOG, item.detail);
                //  Acknowledged at once, where the learner's eyes are.
                if (item.passed) {
                    char *now = i18n_format (self->options->lang, MSG_GOAL_REACHED_NOW,
                                             item.detail ? item.detail : item.text ? item.text : "");
                    session_message (self, false, "%s", now ? now : "");
                    free (now);
                }
                break;
            case ITEM_FOCUS:
                snprintf (model->focus, sizeof model->focus, "%s", item.text ? item.text : "");
                self->dirty = true;
                break;
            case ITEM_ERROR:
                if (is_command)
                    session_message (self, true, "%s", item.text ? item.text : "");
                else {
                    panel_add (self, ENTRY_ERROR, item.text);
                    if (item.detail)
                        panel_add (self, ENTRY_HINT, item.detail);
                }
                break;
        }
        lesson_item_clear (&item);
    }
}

//  The end of a lesson: its score, its time, what the learner did beyond
//  the script, and the way on.
static void
s_end_screen (session_t *self)
{
    lesson_t *lesson = self->lesson;
    i18n_lang_t lang = self->options->lang;
    panel_add (self, ENTRY_TITLE, s_msg (self, MSG_END_TITLE));
    int passed = lesson_checks_passed (lesson);
    char *line = i18n_format (lang, MSG_END_CHECKS, passed, passed + lesson_checks_failed (lesson));
    panel_add (self, lesson_checks_failed (lesson) ? ENTRY_FAIL : ENTRY_PASS, line);
    free (line);
    if (self->resumed_from > 1) {
        //  The sections before it ran in an earlier visit: not counted here.
        line = i18n_format (lang, MSG_END_RESUMED, self->resumed_from);
        panel_add (self, ENTRY_LOG, line);
        free (line);
    }
    line = i18n_format (lang, MSG_END_PREDICTIONS, lesson_predictions_right (lesson),
                        lesson_predictions (lesson));
    panel_add (self, ENTRY_LOG, line);
    free (line);
    int seconds = (int) (clock_now () - self->started + 0.5);
    line = i18n_format (lang, MSG_END_TIME, seconds / 60, seconds % 60);
    panel_add (self, ENTRY_LOG, line);
    free (line);
    if (lesson_extras (lesson) == 0)
        panel_add (self, ENTRY_LOG, s_msg (self, MSG_END_NO_EXTRAS));
    else {
        panel_add (self, ENTRY_LOG, s_msg (self, MSG_END_EXTRAS));
        for (int i = 0; i < lesson_extras (lesson); i++) {
            char extra [300];
            snprintf (extra, sizeof extra, "  %s", lesson_extra (lesson, i));
            panel_add (self, ENTRY_LOG, extra);
        }
    }
    const catalog_entry_t *next = screens_next_entry (self);
    if (next) {
        char name [200];
        snprintf (name, sizeof name, "%d %s", next->number,
                  next->meta.title ? next->meta.title : next->meta.id ? next->meta.id : "?");
        line = i18n_format (lang, MSG_END_NEXT, name);
        panel_add (self, ENTRY_SAY, line);
        session_message (self, false, "%s", line);
        free (line);
    }
    else {
        panel_add (self, ENTRY_SAY, s_msg (self, MSG_END_LAST));
        session_message (self, false, "%s", s_msg (self, MSG_END_LAST));
    }
}

//  The learner changed the experiment: say at once that R is the way back,
//  rather than let them wait for a check that cannot pass.
static void
s_meddled_now (session_t *self, const char *what)
{
    char *text = i18n_format (self->options->lang, MSG_MEDDLE_NOW, what);
    session_message (self, false, "%s", text ? text : "");
    free (text);
}

void
panel_note_command (session_t *self, const char *text)
{
    self->commands_run++;
    if (!self->lesson || self->model.finished)
        return;
    //  Only what can change the experiment is blamed for a failed check;
    //  a look at stats() is listed at the end all the same.
    static const char *changes [] = {
        "spawn", "kill", "restart", "pause", "resume", "set", "link", "step", "speed", "feed"
    };
    bool changed = false;
    for (size_t i = 0; i < sizeof changes / sizeof changes [0]; i++)
        changed |= strstr (text, changes [i]) != NULL;
    char *what = i18n_format (self->options->lang, MSG_MEDDLE_COMMAND, text);
    //  While a goal is open, changing the lab is the learner's work, not meddling.
    if (changed) {
        bool for_goal = lesson_goal_text (self->lesson) != NULL;
        lesson_note_meddle (self->lesson, what);
        if (!for_goal)
            s_meddled_now (self, what);
    }
    else
        lesson_note_extra (self->lesson, what);
    free (what);
}

void
panel_note_meddle (session_t *self, msg_id_t what, const char *name)
{
    if (!self->lesson || self->model.finished)
        return;
    //  The ids are FORMATs with one %s (the actor) or plain MESSAGEs.
    char *text = NULL;
    if (what == MSG_MEDDLE_RESTART)
        text = i18n_format (self->options->lang, MSG_MEDDLE_RESTART, name);
    else
    if (what == MSG_MEDDLE_KILL)
        text = i18n_format (self->options->lang, MSG_MEDDLE_KILL, name);
    else
    if (what == MSG_MEDDLE_PAUSE)
        text = i18n_format (self->options->lang, MSG_MEDDLE_PAUSE, name);
    else
        text = strdup (s_msg (self, what));
    bool for_goal = lesson_goal_text (self->lesson) != NULL;
    lesson_note_meddle (self->lesson, text);
    if (what != MSG_MEDDLE_STEP && !for_goal)   //  stepping says what it does itself
        s_meddled_now (self, text);
    free (text);
}

void
panel_note_goal (session_t *self, msg_id_t what)
{
    if (self->lesson && !self->model.finished && lesson_goal_text (self->lesson))
        lesson_note_extra (self->lesson, s_msg (self, what));
}

void
panel_hint (session_t *self)
{
    if (!self->lesson) {
        session_message (self, false, "%s", s_msg (self, MSG_NO_HINT_YET));
        return;
    }
    bool had = false;
    const char *hint = lesson_next_hint (self->lesson, &had);
    if (hint) {
        panel_add (self, ENTRY_HINT, hint);
        self->hints_shown++;            //  an exercise shows them again after a reload
        //  An exercise's panel reads from the top: the hint is at its end.
        if (self->model.screen == SCREEN_EXERCISE)
            self->model.panel_scroll = PANEL_TO_END;
    }
    else
        session_message (self, false, "%s", s_msg (self, had ? MSG_NO_MORE_HINTS
                                                               : MSG_NO_HINT_YET));
}

//  The progress file remembers that the open goal's solution was shown.
static void
s_record_solution (session_t *self)
{
    const lesson_meta_t *meta = lesson_meta (self->lesson);
    if (!meta || !meta->id)
        return;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    free (warning);
    if (!progress)
        return;
    progress_note_solution (progress, meta->id, lesson_goal_number (self->lesson));
    char *error = NULL;
    if (progress_save (progress, &error) != 0)
        session_message (self, true, "%s: %s", s_msg (self, MSG_CANNOT_SAVE_PROGRESS),
                         error ? error : "");
    free (error);
    progress_destroy (&progress);
}

void
panel_goal_key (session_t *self, bool play)
{
    if (!self->lesson || !lesson_goal_text (self->lesson)) {
        session_message (self, false, "%s", s_msg (self, MSG_NO_GOAL));
        return;
    }
    if (play && lesson_goal_playing (self->lesson)) {
        session_message (self, false, "%s", s_msg (self, MSG_SOLUTION_PLAYED));
        return;
    }
    //  Asked the first time only: a solution seen once is no secret.
    if (lesson_goal_solution_shown (self->lesson))
        panel_goal_solution (self, play);
    else
        screens_ask (self, play ? PROMPT_PLAY : PROMPT_SOLUTION,
                     s_msg (self, play ? MSG_PLAY_QUESTION : MSG_SOLUTION_QUESTION));
}

void
panel_goal_solution (session_t *self, bool play)
{
    //  The goal may have been reached while the question was open.
    if (!self->lesson || !lesson_goal_text (self->lesson)) {
        session_message (self, false, "%s", s_msg (self, MSG_NO_GOAL));
        return;
    }
    bool shown = lesson_goal_solution_shown (self->lesson);
    const char *solution = lesson_goal_solution (self->lesson);
    if (!shown)
        s_record_solution (self);
    if (play) {
        //  Playing says the solution in the panel itself.
        if (lesson_goal_play (self->lesson) == 0)
            session_message (self, false, "%s", s_msg (self, MSG_SOLUTION_PLAYING));
        else
            session_message (self, false, "%s", s_msg (self, MSG_SOLUTION_PLAYED));
        return;
    }
    char *entry = i18n_format (self->options->lang, MSG_SOLUTION_ENTRY, solution ? solution : "");
    panel_add (self, ENTRY_REVEAL, entry);
    free (entry);
    session_message (self, false, "%s", s_msg (self, MSG_SOLUTION_SHOWN));
}

//  The open goal into the model: its text, its live status, whether it plays.
static void
s_show_goal (session_t *self)
{
    goal_view_t *view = &self->model.goal;
    const char *text = self->lesson ? lesson_goal_text (self->lesson) : NULL;
    const char *status = text ? lesson_goal_status (self->lesson) : "";
    bool playing = text && lesson_goal_playing (self->lesson);
    if (view->open == (text != NULL) && view->playing == playing
    &&  (!text || (strcmp (view->text, text) == 0 && strcmp (view->status, status) == 0)))
        return;
    view->open = text != NULL;
    view->playing = playing;
    snprintf (view->text, sizeof view->text, "%s", text ? text : "");
    snprintf (view->status, sizeof view->status, "%s", status ? status : "");
    self->dirty = true;
}

void
panel_record_progress (session_t *self)
{
    const lesson_meta_t *meta = self->lesson ? lesson_meta (self->lesson) : NULL;
    if (!meta || !meta->id)
        return;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    free (warning);
    if (!progress)
        return;
    bool finished = lesson_status (self->lesson) == LESSON_DONE
                 && lesson_checks_failed (self->lesson) == 0;
    progress_record (progress, meta->id, finished, lesson_step (self->lesson));
    //  The section reached: reopening offers to resume there.
    progress_reach (progress, meta->id, lesson_section (self->lesson),
                    lesson_sections (self->lesson));
    char *error = NULL;
    if (progress_save (progress, &error) != 0)
        session_message (self, true, "%s: %s", s_msg (self, MSG_CANNOT_SAVE_PROGRESS),
                         error ? error : "");
    free (error);
    progress_destroy (&progress);
}

//  Runs the lesson and the command as far as they go, into the model.
void
panel_advance (session_t *self)
{
    //  Until the learner says whether to resume, the lesson waits unstarted.
    if (self->lesson && self->prompt != PROMPT_RESUME) {
        lesson_status_t before = lesson_status (self->lesson);
        lesson_status_t status = lesson_run (self->lesson);
        s_take_items (self, self->lesson, false);
        //  R takes steps back; a resumed lesson skipped some.
        self->model.step = self->step_offset + lesson_step (self->lesson);
        self->model.waiting_next = status == LESSON_SAY;
        s_show_goal (self);
        self->model.checks_passed = lesson_checks_passed (self->lesson);
        self->model.checks_failed = lesson_checks_failed (self->lesson);
        bool ended = status == LESSON_DONE || status == LESSON_FAILED;
        if (ended && !self->model.finished && self->model.screen == SCREEN_EXERCISE) {
            self->model.finished = true;
            exercise_finished (self);
            self->dirty = true;
        }
        else
        if (ended && !self->model.finished) {
            self->model.finished = true;
            panel_record_progress (self);
            s_end_screen (self);
            self->dirty = true;
        }
        if (status != before)
            self->dirty = true;
    }
    if (self->commands) {
        lesson_status_t status = lesson_run (self->commands);
        s_take_items (self, self->commands, true);
        //  A command's say/ask: answered right away, there is no panel for it.
        if (status == LESSON_SAY)
            lesson_next (self->commands);
        else
        if (status == LESSON_ASK)
            lesson_answer (self->commands, lesson_expected_answer (self->commands));
    }
}
