/*  session.c — the interactive program: the lesson menu, a lesson, or the
    sandbox, in the terminal view. The main loop: keys → actions, the
    lesson coroutine → panel entries, the lab → snapshot and log → model,
    draw only when something changed, then sleep in poll() until a key, a
    lab notification or the next frame. With the lab paused and nothing
    pressed it sleeps without a timeout: an idle zmqlab uses no CPU.
*/
#define _GNU_SOURCE
#include "session.h"
#include "clock.h"
#include "script.h"

#include "engine/lab.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "tui/cmdline.h"
#include "tui/input.h"
#include "tui/tui.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { FRAME_MS = 33, FLIGHT_MS = 600, FLIGHTS_PER_SECOND = 12, ENTRIES_MAX = 400 };

typedef struct {
    const session_options_t *options;
    tui_t *tui;
    model_t model;
    cmdline_t *cmdline;
    lab_t *lab;
    lab_snapshot_t *snap;
    lesson_t *lesson;               //  the lesson taught (NULL on the menu / sandbox)
    lesson_t *commands;             //  ':' commands, on the same lab
    char *lesson_path;
    char **hints;                   //  the lesson's hints, shown on 'h'
    size_t n_hints, hints_shown;
    int predicted;                  //  the learner's choice, until the answer shows
    double flight_start [MODEL_FLIGHTS_MAX];
    double *link_rates;             //  per snapshot link, messages a second
    uint64_t *rate_delivered;       //  delivered counts at rate_time
    size_t n_rates;
    double rate_time;
    double flights_window;          //  start of the second counted
    int flights_in_window;
    bool dirty;
    bool quit;
    int status;
} session_t;

static const char *
s_tr (const session_t *self, const char *en, const char *zh)
{
    return self->options->lang == LANG_ZH ? zh : en;
}

static void
s_message (session_t *self, bool error, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (self->model.message, sizeof self->model.message, format, args);
    va_end (args);
    //  One line: the message line has no room for more.
    char *newline = strchr (self->model.message, '\n');
    if (newline)
        *newline = 0;
    self->model.message_is_error = error;
    self->dirty = true;
}

//  --- the lesson panel -------------------------------------------------------

static void
s_add_entry (session_t *self, entry_kind_t kind, const char *text)
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

static void
s_clear_lesson_view (session_t *self)
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
    model->n_flights = 0;
    model->log_count = model->log_start = 0;
    model->log_scroll = model->panel_scroll = 0;
    for (size_t i = 0; i < self->n_hints; i++)
        free (self->hints [i]);
    free (self->hints);
    self->hints = NULL;
    self->n_hints = self->hints_shown = 0;
}

//  Items of a lesson (or of a command) become panel entries.
static void
s_take_items (session_t *self, lesson_t *lesson, bool is_command)
{
    model_t *model = &self->model;
    lesson_item_t item;
    char text [1024];
    while (lesson_take_item (lesson, &item)) {
        switch (item.kind) {
            case ITEM_TITLE:
                free (model->lesson_title);
                model->lesson_title = strdup (item.text ? item.text : "");
                s_add_entry (self, ENTRY_TITLE, item.text);
                if (item.detail)
                    s_add_entry (self, ENTRY_LOG, item.detail);
                break;
            case ITEM_SAY:
                model->step++;
                s_add_entry (self, ENTRY_SAY, item.text);
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
                    s_add_entry (self, ENTRY_ASK, model->question.text);
                if (item.chosen >= 1 && item.chosen <= model->question.n_choices)
                    snprintf (text, sizeof text, self->options->lang == LANG_ZH ? "你的预测：%d) %s" : "you predicted %d) %s",
                              item.chosen, model->question.choices [item.chosen - 1]);
                else
                    snprintf (text, sizeof text, "%d", item.chosen);
                s_add_entry (self, ENTRY_CHOSEN, text);
                s_clear_question (model);
                break;
            case ITEM_REVEAL: {
                //  Say whether the prediction was right: that is the point.
                const char *verdict = self->predicted == 0 ? ""
                    : self->predicted == item.answer ? s_tr (self, " (your prediction was right)", "（你的预测是对的）")
                    : s_tr (self, " (you predicted otherwise)", "（和你的预测不同）");
                snprintf (text, sizeof text, "%s%s%d) %s%s%s%s", s_tr (self, "Answer", "答案"),
                          s_tr (self, ": ", "："), item.answer, item.detail ? item.detail : "",
                          verdict, item.text ? " — " : "", item.text ? item.text : "");
                s_add_entry (self, ENTRY_REVEAL, text);
                self->predicted = 0;
                break;
            }
            case ITEM_EXPECT:
                s_add_entry (self, item.passed ? ENTRY_PASS : ENTRY_FAIL, item.text);
                break;
            case ITEM_HINT: {
                char **grown = realloc (self->hints, (self->n_hints + 1) * sizeof *grown);
                if (grown) {
                    self->hints = grown;
                    grown [self->n_hints++] = strdup (item.text ? item.text : "");
                }
                s_message (self, false, "%s", s_tr (self, "A hint is ready: press h.", "有一条提示：按 h 查看。"));
                break;
            }
            case ITEM_LOG:
                if (is_command)
                    s_message (self, false, "%s", item.text ? item.text : "");
                s_add_entry (self, ENTRY_LOG, item.text);
                break;
            case ITEM_FOCUS:
                snprintf (model->focus, sizeof model->focus, "%s", item.text ? item.text : "");
                self->dirty = true;
                break;
            case ITEM_ERROR:
                if (is_command)
                    s_message (self, true, "%s", item.text ? item.text : "");
                else {
                    s_add_entry (self, ENTRY_ERROR, item.text);
                    if (item.detail)
                        s_add_entry (self, ENTRY_HINT, item.detail);
                }
                break;
        }
        lesson_item_clear (&item);
    }
}

//  --- the lab --------------------------------------------------------------

static void
s_close_lab (session_t *self)
{
    lesson_destroy (&self->lesson);
    lesson_destroy (&self->commands);
    lab_snapshot_destroy (&self->snap);
    self->model.snap = NULL;
    lab_destroy (&self->lab);
    free (self->link_rates);
    free (self->rate_delivered);
    self->link_rates = NULL;
    self->rate_delivered = NULL;
    self->n_rates = 0;
    self->model.link_rates = NULL;
    self->model.n_link_rates = 0;
    free (self->lesson_path);
    self->lesson_path = NULL;
}

static int
s_open_lab (session_t *self)
{
    s_close_lab (self);
    self->lab = lab_new (self->options->actors_dir);
    if (!self->lab) {
        s_message (self, true, "%s", i18n_msg (self->options->lang, MSG_NO_LAB));
        return -1;
    }
    lab_set_speed (self->lab, self->options->speed);
    lab_set_outside (self->lab, &self->options->outside);
    char *error = NULL;
    self->commands = lesson_open_sandbox (self->lab, self->options->lang, &error);
    free (error);
    return 0;
}

//  The label "worker2.tasks" belongs to actor "worker2".
static void
s_actor_of_label (const char *label, char *actor, size_t size)
{
    snprintf (actor, size, "%s", label);
    char *dot = strchr (actor, '.');
    if (dot)
        *dot = 0;
}

//  The recent rate of the link from socket LABEL to actor TO (0 unknown).
static double
s_link_rate (const session_t *self, const char *label, const char *to)
{
    for (size_t i = 0; self->snap && i < self->snap->n_links && i < self->n_rates; i++)
        if (strcmp (self->snap->links [i].from, label) == 0
        &&  strcmp (self->snap->links [i].to_actor, to) == 0)
            return self->link_rates [i];
    return 0;
}

//  New events: into the log ring, and (at low rates) into moving glyphs.
static void
s_take_events (session_t *self)
{
    if (!self->lab)
        return;
    model_t *model = &self->model;
    lab_event_t events [128];
    size_t n;
    double now = clock_now ();
    while ((n = lab_events (self->lab, events, 128)) > 0) {
        for (size_t i = 0; i < n; i++) {
            const lab_event_t *event = &events [i];
            size_t slot = (model->log_start + model->log_count) % MODEL_LOG_MAX;
            if (model->log_count < MODEL_LOG_MAX)
                model->log_count++;
            else
                model->log_start = (model->log_start + 1) % MODEL_LOG_MAX;
            model->log [slot] = *event;
            bool arrives = event->kind == EVENT_RECV || event->kind == EVENT_DROP;
            if (!arrives || !event->peer [0])
                continue;
            if (now - self->flights_window >= 1) {
                self->flights_window = now;
                self->flights_in_window = 0;
            }
            //  Above a few a second glyphs are noise: the link's rate says it.
            if (++self->flights_in_window > FLIGHTS_PER_SECOND || model->n_flights >= MODEL_FLIGHTS_MAX
            ||  s_link_rate (self, event->peer, event->actor) >= FLIGHTS_PER_SECOND)
                continue;
            flight_t *flight = &model->flights [model->n_flights];
            s_actor_of_label (event->peer, flight->from, sizeof flight->from);
            snprintf (flight->to, sizeof flight->to, "%s", event->actor);
            snprintf (flight->text, sizeof flight->text, "%s", event->text);
            flight->progress = 0;
            flight->dropped = event->kind == EVENT_DROP;
            self->flight_start [model->n_flights] = now;
            model->n_flights++;
        }
        self->dirty = true;
    }
    //  Advance and retire glyphs.
    int kept = 0;
    for (int i = 0; i < model->n_flights; i++) {
        double progress = (now - self->flight_start [i]) * 1000.0 / FLIGHT_MS;
        if (progress >= 1)
            continue;
        model->flights [kept] = model->flights [i];
        model->flights [kept].progress = progress;
        self->flight_start [kept] = self->flight_start [i];
        kept++;
    }
    if (kept != model->n_flights || kept > 0)
        self->dirty = true;
    model->n_flights = kept;
}

//  Link rates over at least half a second, so they do not flicker. Links
//  are never removed from a lab, so an index keeps naming the same link.
static void
s_update_rates (session_t *self)
{
    size_t n = self->snap->n_links;
    if (n > self->n_rates) {
        double *rates = realloc (self->link_rates, n * sizeof *rates);
        uint64_t *delivered = rates ? realloc (self->rate_delivered, n * sizeof *delivered) : NULL;
        if (rates)
            self->link_rates = rates;
        if (!delivered)
            return;
        self->rate_delivered = delivered;
        for (size_t i = self->n_rates; i < n; i++) {
            rates [i] = 0;
            delivered [i] = self->snap->links [i].delivered;
        }
        self->n_rates = n;
    }
    double now = clock_now ();
    double elapsed = now - self->rate_time;
    if (elapsed >= 0.5) {
        for (size_t i = 0; i < n; i++) {
            uint64_t delivered = self->snap->links [i].delivered;
            self->link_rates [i] = (double) (delivered - self->rate_delivered [i]) / elapsed;
            self->rate_delivered [i] = delivered;
        }
        self->rate_time = now;
    }
    self->model.link_rates = self->link_rates;
    self->model.n_link_rates = n;
}

static void
s_refresh_snapshot (session_t *self)
{
    if (!self->lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    if (!snap)
        return;
    lab_snapshot_destroy (&self->snap);
    self->snap = snap;
    self->model.snap = snap;
    s_update_rates (self);
    if (self->model.selected >= (int) snap->n_actors)
        self->model.selected = snap->n_actors ? (int) snap->n_actors - 1 : -1;
    self->dirty = true;
}

//  True while something on screen moves by itself: then the loop wakes
//  every frame; otherwise it sleeps until a key or a notification.
static bool
s_animating (const session_t *self)
{
    if (self->model.n_flights > 0)
        return true;
    //  Rates fall to zero only if someone looks again after traffic stops.
    for (size_t i = 0; i < self->n_rates; i++)
        if (self->link_rates [i] > 0)
            return true;
    if (!self->lab || !self->snap || self->snap->paused)
        return false;
    if (self->lesson && lesson_status (self->lesson) == LESSON_WAITING)
        return true;
    if (self->commands && lesson_status (self->commands) == LESSON_WAITING)
        return true;
    for (size_t i = 0; i < self->snap->n_actors; i++) {
        actor_state_t state = self->snap->actors [i].state;
        if (state == ACTOR_RUNNING || state == ACTOR_SLEEPING || state == ACTOR_STARTING)
            return true;
    }
    return false;
}

//  --- screens --------------------------------------------------------------

//  The usual level words, in the learner's language.
static const char *
s_level (const session_t *self, const char *level)
{
    static const char *words [][2] = {
        { "beginner", "入门" }, { "intermediate", "进阶" }, { "advanced", "高级" }
    };
    if (!level)
        return "";
    for (size_t i = 0; self->options->lang == LANG_ZH && i < 3; i++)
        if (strcmp (level, words [i][0]) == 0)
            return words [i][1];
    return level;
}

static void
s_show_menu (session_t *self)
{
    s_close_lab (self);
    s_clear_lesson_view (self);
    model_t *model = &self->model;
    model->screen = SCREEN_MENU;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        s_message (self, true, "%s: %s", i18n_msg (self->options->lang, MSG_PROGRESS_BAD), warning);
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

static void
s_open_lesson (session_t *self, const char *path)
{
    s_clear_lesson_view (self);
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
        lesson_destroy (&dry);
    }
    self->lesson = lesson_open (path, self->lab, self->options->lang, &error);
    self->model.screen = SCREEN_LESSON;
    if (!self->lesson) {
        s_add_entry (self, ENTRY_ERROR, error ? error : path);
        free (error);
        return;
    }
    self->lesson_path = strdup (path);
    s_message (self, false, "%s", s_tr (self, "n: next · 1-9: predict · ?: all keys",
                                        "n：下一步 · 1-9：预测 · ?：所有按键"));
}

static void
s_open_sandbox (session_t *self, const char *script)
{
    s_clear_lesson_view (self);
    if (s_open_lab (self) != 0)
        return;
    self->model.screen = SCREEN_SANDBOX;
    s_add_entry (self, ENTRY_SAY, s_tr (self,
        "The lab is empty. Press ':' and type lesson API commands, for example:",
        "实验是空的。按 ':' 输入课程 API 的命令，例如："));
    s_add_entry (self, ENTRY_LOG, "spawn(\"publisher\", { name = \"pub\", rate = 2 })");
    s_add_entry (self, ENTRY_LOG, "spawn(\"subscriber\", { name = \"sub\", subscribe = \"news\" })");
    s_add_entry (self, ENTRY_LOG, "actor(\"sub\"):pause()    link(\"pub\", \"sub\")");
    s_add_entry (self, ENTRY_SAY, s_tr (self,
        "Esc leaves the command line (Enter or ':' comes back); then Space pauses everything, '.' moves one message, Tab selects an actor. lessons/README.md lists every function.",
        "Esc 离开命令行（Enter 或 ':' 回来）；之后空格暂停全部，'.' 移动一条消息，Tab 选择参与者。所有函数见 lessons/README.md。"));
    self->model.command_open = true;
    if (script) {
        char *text = script_read (script);
        if (text) {
            char *error = NULL;
            if (lesson_eval (self->commands, text, &error) != 0)
                s_message (self, true, "%s: %s", script, error ? error : "?");
            free (error);
        }
        else
            s_message (self, true, "%s: %s (%s)", script,
                       i18n_msg (self->options->lang, MSG_CANNOT_READ), strerror (errno));
        free (text);
    }
}

static void
s_record_progress (session_t *self)
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
    char *error = NULL;
    if (progress_save (progress, &error) != 0)
        fprintf (stderr, "zmqlab: %s\n", error ? error : "cannot save progress");
    free (error);
    progress_destroy (&progress);
}

//  Runs the lesson and the command as far as they go, into the model.
static void
s_advance (session_t *self)
{
    if (self->lesson) {
        lesson_status_t before = lesson_status (self->lesson);
        lesson_status_t status = lesson_run (self->lesson);
        s_take_items (self, self->lesson, false);
        self->model.waiting_next = status == LESSON_SAY;
        self->model.checks_passed = lesson_checks_passed (self->lesson);
        self->model.checks_failed = lesson_checks_failed (self->lesson);
        bool ended = status == LESSON_DONE || status == LESSON_FAILED;
        if (ended && !self->model.finished) {
            self->model.finished = true;
            s_record_progress (self);
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

//  --- actions ----------------------------------------------------------------

static actor_t *
s_selected_actor (session_t *self)
{
    if (!self->lab || !self->snap || self->model.selected < 0
    ||  (size_t) self->model.selected >= self->snap->n_actors)
        return NULL;
    return lab_actor (self->lab, self->snap->actors [self->model.selected].name);
}

static bool
s_selected_outside (session_t *self)
{
    return self->snap && self->model.selected >= 0
        && (size_t) self->model.selected < self->snap->n_actors
        && self->snap->actors [self->model.selected].external;
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
        s_message (self, true, "%s", s_tr (self, "no lab here: open a lesson or the sandbox",
                                           "这里没有实验：请打开课程或自由模式"));
        return;
    }
    char *error = NULL;
    if (lesson_eval (self->commands, text, &error) != 0) {
        //  The line stays, so the learner can fix it.
        s_message (self, true, "%s", error ? error : "?");
        free (error);
        return;
    }
    s_message (self, false, ":%s", text);
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

static void
s_act (session_t *self, action_t action, int key, const char *utf8)
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
            self->quit = true;
            break;
        case ACTION_BACK:
        case ACTION_LESSONS:
            if (self->options->catalog)
                s_show_menu (self);
            else
                self->quit = true;
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
                s_message (self, false, "%s", lab_paused (lab) ? s_tr (self, "Paused: Space resumes, '.' steps.",
                                                                       "已暂停：空格继续，'.' 单步。")
                                                               : s_tr (self, "Running.", "运行中。"));
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
                s_message (self, false, "%s", s_tr (self, "Stepping: '.' moves one message; Space leaves stepping.",
                                                    "单步模式：'.' 移动一条消息；空格退出单步。"));
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
                s_message (self, false, "%s ×%g", s_tr (self, "speed", "速度"), speed);
            }
            break;
        case ACTION_NEXT:
            model->message [0] = 0;
            if (self->lesson && lesson_status (self->lesson) == LESSON_SAY)
                lesson_next (self->lesson);
            else
            if (model->finished)
                s_show_menu (self);
            break;
        case ACTION_ANSWER:
            if (self->lesson && lesson_answer (self->lesson, action.arg) != 0)
                s_message (self, true, "%s", s_tr (self, "No such choice.", "没有这个选项。"));
            break;
        case ACTION_HINT:
            model->message [0] = 0;
            if (self->hints_shown < self->n_hints)
                s_add_entry (self, ENTRY_HINT, self->hints [self->hints_shown++]);
            else
                s_message (self, false, "%s", s_tr (self, "No hint here yet.", "这里还没有提示。"));
            break;
        case ACTION_SELECT_NEXT:
        case ACTION_SELECT_PREV:
            if (self->snap && self->snap->n_actors) {
                int n = (int) self->snap->n_actors;
                int step = action.kind == ACTION_SELECT_NEXT ? 1 : -1;
                //  The first Tab goes to the actor the lesson points at.
                int focus = -1;
                for (int i = 0; i < n && model->focus [0]; i++)
                    if (strcmp (self->snap->actors [i].name, model->focus) == 0)
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
                s_message (self, true, "%s", s_tr (self,
                    "That is a program outside zmqlab: stop it where it runs.",
                    "那是 zmqlab 之外的程序：请在它运行的地方停止它。"));
                break;
            }
            if (!actor) {
                s_message (self, true, "%s", s_tr (self, "Select an actor first (Tab).", "请先选择参与者（Tab）。"));
                break;
            }
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
                    s_message (self, true, "%s", error ? error : "restart failed");
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
                s_open_lesson (self, self->options->catalog->entries [model->menu_selected].path);
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

//  --- the loop -------------------------------------------------------------

//  Signals arrive on a signalfd, so poll() wakes for them: SIGWINCH means
//  a new terminal size, the others (SIGINT, SIGTERM, SIGHUP) the end.
static int
s_signal_fd (const session_options_t *options)
{
    if (!options->signals)
        return -1;
    sigset_t set = *options->signals;
    sigaddset (&set, SIGWINCH);
    sigaddset (&set, SIGTSTP);
    return signalfd (-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void
s_take_signals (session_t *self, int fd)
{
    struct signalfd_siginfo info;
    while (fd >= 0 && read (fd, &info, sizeof info) == (ssize_t) sizeof info) {
        if (info.ssi_signo == SIGWINCH) {
            tui_resize (self->tui);
            self->dirty = true;
        }
        else
        if (info.ssi_signo == SIGTSTP) {
            //  Ctrl-Z: give the terminal back, stop, and repaint on return.
            tui_suspend (self->tui);
            self->dirty = true;
        }
        else {
            self->status = 130;
            self->quit = true;
        }
    }
}

int
session_run (const session_options_t *options)
{
    session_t session;
    memset (&session, 0, sizeof session);
    session_t *self = &session;
    self->options = options;
    self->model.zh = options->lang == LANG_ZH;
    self->model.selected = -1;
    self->cmdline = cmdline_new ();
    char *error = NULL;
    self->tui = tui_new (&error);
    if (!self->tui) {
        fprintf (stderr, "zmqlab: %s\n", error ? error : "cannot start the terminal view");
        free (error);
        cmdline_destroy (&self->cmdline);
        return 1;
    }
    self->model.utf8 = tui_utf8 (self->tui);
    if (options->sandbox)
        s_open_sandbox (self, options->script);
    else
    if (options->lesson_path)
        s_open_lesson (self, options->lesson_path);
    else
        s_show_menu (self);

    int signals = s_signal_fd (options);
    double last_snapshot = 0, last_draw = 0;
    bool lab_changed = true;
    bool keyed = true;              //  a key was just handled: draw at once
    while (!self->quit) {
        s_advance (self);
        s_take_events (self);
        double now = clock_now ();
        //  A snapshot takes the lab's lock: at most one a frame, however
        //  often the lab signals (a busy lab signals thousands of times).
        int wait_snapshot = -1;
        if (self->lab && (lab_changed || self->dirty)) {
            double since = (now - last_snapshot) * 1000;
            if (since >= FRAME_MS) {
                s_refresh_snapshot (self);
                last_snapshot = now;
                lab_changed = false;
            }
            else
                wait_snapshot = FRAME_MS - (int) since;
        }
        //  At most one frame per FRAME_MS, except right after a key.
        int wait_draw = -1;
        if (self->dirty) {
            double since = (now - last_draw) * 1000;
            if (keyed || since >= FRAME_MS) {
                tui_draw (self->tui, &self->model);
                self->dirty = false;
                last_draw = now;
            }
            else
                wait_draw = FRAME_MS - (int) since;
        }
        keyed = false;
        //  Sleep until a key, a lab notification or (when moving) the frame.
        struct pollfd fds [3] = {
            { .fd = tui_fd (self->tui), .events = POLLIN },
            { .fd = self->lab ? lab_notify_fd (self->lab) : -1, .events = POLLIN },
            { .fd = signals, .events = POLLIN },
        };
        int timeout = s_animating (self) ? FRAME_MS : -1;
        if (wait_draw >= 0 && (timeout < 0 || wait_draw < timeout))
            timeout = wait_draw;
        if (wait_snapshot >= 0 && (timeout < 0 || wait_snapshot < timeout))
            timeout = wait_snapshot;
        //  While a snapshot is due anyway, more lab signals add nothing.
        if (wait_snapshot >= 0)
            fds [1].fd = -1;
        int rc = poll (fds, 3, timeout);
        if (rc < 0 && errno != EINTR)
            break;
        if (fds [2].revents) {
            s_take_signals (self, signals);
            if (self->quit)
                break;
        }
        if (fds [0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            //  The terminal is gone (closed window, SIGHUP ignored): no one
            //  is left to see anything.
            self->status = 130;
            break;
        }
        if (self->lab && fds [1].revents) {
            lab_wait (self->lab, 0);            //  clears the notification
            lab_changed = true;
        }
        lab_changed |= rc == 0;
        //  Every key waiting, so a paste does not take a frame per key.
        char utf8 [8];
        int key;
        while ((key = tui_key (self->tui, utf8)) != 0) {
            action_t action = input_action (self->model.screen, &self->model, key);
            s_act (self, action, key, utf8);
            keyed = true;
            if (self->quit)
                break;
        }
    }
    if (self->lesson && !self->model.finished)
        s_record_progress (self);
    if (signals >= 0)
        close (signals);
    tui_destroy (&self->tui);
    s_close_lab (self);
    s_clear_lesson_view (self);
    for (int i = 0; i < self->model.n_menu; i++) {
        free (self->model.menu [i].id);
        free (self->model.menu [i].title);
        free (self->model.menu [i].level);
    }
    cmdline_destroy (&self->cmdline);
    return self->status;
}
