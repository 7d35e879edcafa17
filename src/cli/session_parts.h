/*  session_parts.h — what the parts of the terminal session share: its
    state, and the functions one part calls in another.

    session.c   the loop: keys, lab notifications and signals in, frames out
    feed.c      the lab's snapshots and events into the model, with rates
    panel.c     the lesson (and the ':' commands) run into the lesson panel
    screens.c   the menu, opening a lesson or the sandbox, and their lab
    actions.c   what a key does, the command line among it
    source.c    the source view (v): which text, read from where
    exercise.c  an exercise: its panel, the editor (e), the file watched
*/

#ifndef ZMQLAB_SESSION_PARTS_H
#define ZMQLAB_SESSION_PARTS_H

#include "session.h"
#include "feed.h"
#include "watch.h"

#include "engine/lab.h"
#include "lesson/catalog.h"
#include "lesson/exercises.h"
#include "lesson/i18n.h"
#include "lesson/lesson.h"
#include "tui/cmdline.h"
#include "tui/input.h"
#include "tui/model.h"
#include "tui/tui.h"

#include <stdbool.h>
#include <stddef.h>

//  A question on the message line that one key answers.
typedef enum {
    PROMPT_NONE,
    PROMPT_RESUME,                  //  Enter: resume at the section reached; s: start over
    PROMPT_LEAVE_LESSON,            //  y: leave with a question open
    PROMPT_LEAVE_SANDBOX,           //  y: leave the sandbox and its actors
    PROMPT_QUIT_SANDBOX,            //  the same, and zmqlab with it
    PROMPT_SOLUTION,                //  y: show the open goal's solution
    PROMPT_PLAY,                    //  y: show it and play it in the lab
    PROMPT_EXERCISE_SOLUTION        //  y: show an exercise's solution
} prompt_t;

typedef struct {
    const session_options_t *options;
    tui_t *tui;
    model_t model;
    feed_t *feed;                   //  the lab's output into the model
    cmdline_t *cmdline;
    lab_t *lab;
    lesson_t *lesson;               //  the lesson taught (NULL on the menu / sandbox)
    lesson_t *commands;             //  ':' commands, on the same lab
    char *lesson_path;
    int predicted;                  //  the learner's choice, until the answer shows
    prompt_t prompt;                //  what the message line asks, answered by one key
    int resume_section;             //  the section the resume question offers
    int resume_sections;            //  of how many
    int resumed_from;               //  the section the lesson resumed at, 0: from the start
    const char *lesson_entry;       //  the catalog path of the lesson open, or NULL
    double started;                 //  when the lesson opened (clock_now): its time taken
    int commands_run;               //  ':' commands since the screen opened
    int step_offset;                //  steps of the sections a resumed lesson skipped
    //  An exercise (SCREEN_EXERCISE).
    char *exercise_dir;             //  its folder (exercise.lua, template, solution)
    char *student_file;             //  the learner's file, graded and watched
    bool student_copied;            //  copied from the template when opened
    watch_t *watch;                 //  the learner's file, for a change
    double watched;                 //  when it was last looked at (clock_now)
    int hints_shown;                //  the exercise's hints shown: again after a reload
    size_t check_entry;             //  the panel entry of the check running
    exercises_t *exercises;         //  the menu's exercises, after the lessons
    bool dirty;                     //  the model changed: draw again
    bool quit;
    int status;
} session_t;

//  The program message ID (lesson/i18n.h) in the session's language.
static inline const char *
s_msg (const session_t *self, msg_id_t id)
{
    return i18n_msg (self->options->lang, id);
}

//  session.c: a one-line notice (or error) under the canvas.
void session_message (session_t *self, bool error, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  A panel_scroll past any panel's end: an exercise's panel (which reads
//  from the top) shows its end.
enum { PANEL_TO_END = 1 << 20 };

//  panel.c: one more entry in the lesson panel (the oldest go past 400).
void panel_add (session_t *self, entry_kind_t kind, const char *text);
//  panel.c: an empty panel, no question, no hints: before another screen.
void panel_clear (session_t *self);
//  panel.c: no open question (R starts its section again).
void panel_clear_question (session_t *self);
//  panel.c: runs the lesson and the ':' command as far as they go.
void panel_advance (session_t *self);
//  panel.c: saves how far the lesson got (and whether it passed).
void panel_record_progress (session_t *self);
//  panel.c: a ':' command ran (TEXT): counted, and in a lesson noted as
//  the learner's change to the experiment.
void panel_note_command (session_t *self, const char *text);
//  panel.c: the learner changed the experiment by a key (MSG_MEDDLE_…
//  with the actor's NAME, or NULL for the whole lab).
void panel_note_meddle (session_t *self, msg_id_t what, const char *name);
//  panel.c: while a goal is open, WHAT (a MESSAGE) is one of the learner's
//  actions towards it (pausing the lab is no meddling otherwise).
void panel_note_goal (session_t *self, msg_id_t what);
//  panel.c: h: the current step's next hint, or why there is none.
void panel_hint (session_t *self);
//  panel.c: S (PLAY false) or P (true): the open goal's solution, asked
//  first the first time; P plays it in the lab.
void panel_goal_key (session_t *self, bool play);
//  panel.c: the learner said yes: the solution shown (and remembered in
//  the progress file), and with PLAY played.
void panel_goal_solution (session_t *self, bool play);

//  screens.c: the lesson menu; no lab.
void screens_menu (session_t *self);
//  screens.c: the lesson at PATH on a fresh lab.
void screens_lesson (session_t *self, const char *path);
//  screens.c: the sandbox on a fresh lab, running SCRIPT (may be NULL) first.
void screens_sandbox (session_t *self, const char *script);
//  screens.c: a fresh lab (the one before closed) and the ':' commands
//  on it. 0, or -1 after saying why.
int screens_open_lab (session_t *self);
//  screens.c: ends the lesson, the commands and the lab, and all shown of it.
void screens_close_lab (session_t *self);
//  screens.c: the catalog's lesson after the one open, or NULL.
const catalog_entry_t *screens_next_entry (session_t *self);
//  screens.c: the lesson after the one open, or the menu after the last.
void screens_next_lesson (session_t *self);
//  screens.c: a key for the question on the message line (PROMPT_…).
void screens_prompt_key (session_t *self, int key);
//  screens.c: asks TEXT on the message line; the next key answers PROMPT.
void screens_ask (session_t *self, prompt_t prompt, const char *text);
//  screens.c: q: leaves (ACTION: ACTION_BACK, ACTION_LESSONS or ACTION_QUIT),
//  asking first when something would be lost.
void screens_leave (session_t *self, action_kind_t action);
//  screens.c: the sandbox's command history, kept across runs in a file
//  next to the progress.
void screens_load_history (session_t *self);
void screens_save_history (session_t *self);

//  source.c: v: the source view of the selected actor's behaviour, else
//  of the file the latest error names (at its line), else of the
//  learner's file; v again closes it.
void source_toggle (session_t *self);
//  source.c: the source view of PLACE (a file, "actors/NAME.lua" or a
//  behaviour's name) at LINE (0: none). 0, or -1 when there is none to show.
int source_open_place (session_t *self, const char *place, int line);

//  exercise.c: the exercise in DIR grading the learner's FILE (COPIED: just
//  copied from the template) on a fresh lab; its file watched from now on.
void exercise_open (session_t *self, const char *dir, const char *file, bool copied);
//  exercise.c: the exercise open, again from a clean lab: every check
//  reruns with the file as it is now; WHY (a MSG_) on the message line.
void exercise_reload (session_t *self, msg_id_t why);
//  exercise.c: the descriptor that wakes the loop when the learner's file
//  may have changed (inotify), or -1.
int exercise_fd (session_t *self);
//  exercise.c: the learner's file is looked at (WOKEN: exercise_fd polled
//  readable; else every WATCH_POLL_MS, or WATCH_BACKSTOP_MS with inotify;
//  NOW from clock_now); a change reloads. The ms until the next look, or
//  -1 when no exercise is open.
int exercise_poll (session_t *self, double now, bool woken);
//  exercise.c: an exercise's item into the panel: true when taken (a
//  lesson's items go on in panel.c).
bool exercise_take_item (session_t *self, const lesson_item_t *item);
//  exercise.c: every check ran: the state recorded in the progress file.
void exercise_finished (session_t *self);
//  exercise.c: the menu's rows for the exercises, after the lessons.
void exercise_menu_rows (session_t *self);
//  exercise.c: the learner chose the menu's row INDEX, an exercise.
void exercise_open_row (session_t *self, int index);
//  exercise.c: the exercise closed (its lesson and lab are gone already).
void exercise_close (session_t *self);
//  exercise.c: e: the learner's file in their editor, or how to set one.
void exercise_edit (session_t *self);
//  exercise.c: S: asks first (the solution is the whole answer) ...
void exercise_ask_solution (session_t *self);
//  exercise.c: ... and y shows it in the source view.
void exercise_show_solution (session_t *self);

//  actions.c: does ACTION (input.c's reading of KEY; UTF8: the typed text).
void actions_do (session_t *self, action_t action, int key, const char *utf8);
//  actions.c: x: the current experiment again, on a fresh lab.
void actions_replay (session_t *self);

#endif
