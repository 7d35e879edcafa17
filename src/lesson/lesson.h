/*  lesson.h — the Lua lesson runtime. A lesson is a Lua script run as a
    coroutine in one sandboxed lua_State on the controller thread. Calls
    that wait for the learner or for the lab (say, ask, wait, wait_until)
    yield; the front end (headless runner or terminal view) calls
    lesson_run again when the learner advances or time passes. A lesson is
    made of sections (section (title, fn)), each a coroutine of its own on
    a lab emptied of actors, so one can be run again (R) or resumed.

    What the lesson shows comes out as items (texts, questions, check
    results, hints) that the front end takes with lesson_take_item.
*/
#ifndef ZMQLAB_LESSON_H
#define ZMQLAB_LESSON_H

#include "i18n.h"
#include "engine/lab.h"

#include <stdbool.h>

typedef struct lesson_t lesson_t;

typedef enum {
    LESSON_SAY,         //  waiting for the learner to go on (lesson_next)
    LESSON_ASK,         //  waiting for a choice (lesson_answer)
    LESSON_WAITING,     //  waiting for lab time or a condition: run again later
    LESSON_GOAL,        //  waiting for the learner to reach the goal (goal {}):
                        //  run again each frame
    LESSON_DONE,        //  the script ended
    LESSON_FAILED       //  an error ended it; see lesson_error
} lesson_status_t;

typedef enum {
    ITEM_TITLE,         //  text: the lesson's title
    ITEM_SAY,
    ITEM_ASK,           //  text: question; choices; answer (1-based)
    ITEM_CHOSEN,        //  the learner's prediction: chosen
    ITEM_REVEAL,        //  after the experiment: answer, text: explanation
    ITEM_EXPECT,        //  text; passed
    ITEM_HINT,
    ITEM_LOG,
    ITEM_FOCUS,         //  text: actor name the view should highlight
    ITEM_ERROR,         //  text: file:line: message; detail: a one-line hint;
                        //  in an exercise's student file: line is that line there
    ITEM_SECTION,       //  text: title; answer: its number (1-based); total: how many;
                        //  chosen: 1 when it is a restart (an exercise: a check begins)
    ITEM_CHECK,         //  an exercise's check ended: text: its title; answer: its
                        //  number; total: how many; passed; detail: why not run, or NULL
    ITEM_GOAL,          //  a goal opened: text: what to reach; total: its number of
                        //  hints; answer: its number in the lesson (1-based)
    ITEM_GOAL_REACHED   //  the goal's end, a check: passed; text: goal (status);
                        //  detail: what the learner did, or why it failed
} item_kind_t;

enum { ITEM_CHOICES_MAX = 9 };

typedef struct {
    item_kind_t kind;
    char *text;
    char *detail;
    char *choices [ITEM_CHOICES_MAX];
    int n_choices;
    int answer;         //  1-based, 0 when none
    int chosen;
    bool passed;
    int line;           //  lesson source line, 0 when unknown
    int total;          //  ITEM_SECTION: the lesson's number of sections;
                        //  ITEM_ASK: how many hints the question has
    bool skipped;       //  ITEM_CHECK: it cannot run with an outside program
                        //  (detail says why); neither passed nor failed
} lesson_item_t;

typedef struct {
    char *id;
    char *title;        //  in the chosen language (falls back to the other)
    char *summary;
    char *level;
    char *needs;        //  "outside": it waits for a program outside zmqlab; or NULL
} lesson_meta_t;

//  Loads a lesson file (text only) for LAB in LANG. NULL with *error set
//  (file:line: message; caller frees) when it cannot be read or compiled.
lesson_t *lesson_open (const char *path, lab_t *lab, i18n_lang_t lang, char **error);
//  A check: runs the script without a lab. API calls are validated but start
//  nothing; waits end at once. Problems come out as ITEM_ERROR items.
//  Behaviours are looked for in actors/ beside the file, else in ACTORS_DIR
//  (may be NULL).
lesson_t *lesson_open_dry (const char *path, i18n_lang_t lang, const char *actors_dir,
                           char **error);
//  An exercise: EXERCISE_DIR's exercise.lua (exercise {} and its checks)
//  grading STUDENT_FILE, a behaviour the checks spawn as STUDENT. Each
//  check is a section run straight through on a fresh lab: ITEM_SECTION at
//  its start, its ITEM_EXPECTs, ITEM_ERRORs (an error in the student's
//  code reads "STUDENT_FILE:line: message"), ITEM_CHECK at its end. Every
//  check runs even when one before failed. A syntax error in the student's
//  file is one ITEM_ERROR up front; then no check runs and each fails.
//  lesson_meta gives id, title and summary (= the statement);
//  lesson_checks_passed / _failed count checks, not expects. NULL with
//  *error set (caller frees) when a file cannot be read or exercise.lua
//  does not compile.
lesson_t *lesson_open_exercise (const char *exercise_dir, const char *student_file, lab_t *lab,
                                i18n_lang_t lang, char **error);
//  A check of EXERCISE_DIR (--check): exercise.lua run without a lab (as
//  lesson_open_dry), template.lua and solution.lua compiled; problems come
//  out as ITEM_ERROR items.
lesson_t *lesson_open_exercise_dry (const char *exercise_dir, i18n_lang_t lang,
                                    const char *actors_dir, char **error);
//  --outside: the same checks with the student's behaviour replaced by a
//  program outside zmqlab on the exercise's endpoints (exercise { outside
//  = … }), e.g. the tutorial's server.py. spawn (STUDENT) starts nothing:
//  its handle stands for that program (stats from what it exchanged with
//  zmqlab's peers); the inproc endpoints it was given become tcp ones for
//  the other spawns. A check waits up to PATIENCE real seconds for the
//  program to show up (ITEM_LOG says what to start, and when); a check
//  that does what cannot be done to an outside program (kill, pause, …)
//  is skipped (ITEM_CHECK.skipped). PORT, when not 0, moves the endpoints:
//  the first one's port becomes PORT, the others keep their distance.
lesson_t *lesson_open_exercise_outside (const char *exercise_dir, lab_t *lab, i18n_lang_t lang,
                                        double patience, int port, char **error);
//  Whether the exercise waits now for its outside program to show up (a
//  person's time, not the lab's: a runner's own timeout does not count it).
bool lesson_outside_waiting (lesson_t *self);
//  --outside: the endpoints of the outside program, as it uses them
//  ("tcp://*:5555"), once exercise {} ran; NULL before and otherwise.
const char *lesson_outside_endpoints (lesson_t *self);
//  The checks skipped because they cannot run with an outside program.
int lesson_checks_skipped (lesson_t *self);
//  The student's file of an exercise; NULL for a lesson.
const char *lesson_student_file (lesson_t *self);
//  Runs EXERCISE_DIR's exercise.lua only as far as exercise {}: a copy of
//  its metadata (summary = statement). -1 with *error set when it has none
//  or does not load.
int lesson_read_exercise_meta (const char *exercise_dir, i18n_lang_t lang, lesson_meta_t *meta,
                               char **error);
//  Free mode: no file; commands come one by one through lesson_eval.
lesson_t *lesson_open_sandbox (lab_t *lab, i18n_lang_t lang, char **error);
//  Starts CODE (a statement or an expression, whose values are shown as a
//  log item) in the lesson's environment; then lesson_run it like a lesson.
//  -1 with *error set (caller frees) if it does not compile or the last
//  command still runs.
int lesson_eval (lesson_t *self, const char *code, char **error);
//  The same for a script's whole text: its errors name PATH and its lines.
int lesson_eval_script (lesson_t *self, const char *code, const char *path, char **error);
void lesson_destroy (lesson_t **self_p);

//  Runs until the lesson waits. Call again when the learner acted or, for
//  LESSON_WAITING, on the next frame.
lesson_status_t lesson_run (lesson_t *self);
lesson_status_t lesson_status (lesson_t *self);
//  The learner goes on after a say.
void lesson_next (lesson_t *self);
//  The learner's choice (1-based) for the pending ask. -1 if out of range.
int lesson_answer (lesson_t *self, int choice);
//  The declared answer of the pending ask (what headless mode picks).
int lesson_expected_answer (lesson_t *self);

//  Items in the order they happened; false when none is left. The caller
//  owns the item's strings: free them with lesson_item_clear.
bool lesson_take_item (lesson_t *self, lesson_item_t *item);
void lesson_item_clear (lesson_item_t *item);

//  NULL until lesson {} ran.
const lesson_meta_t *lesson_meta (lesson_t *self);
//  Runs only as far as lesson {} and returns a copy of the metadata.
//  -1 with *error set when the file has none or does not load.
int lesson_read_meta (const char *path, i18n_lang_t lang, lesson_meta_t *meta, char **error);
void lesson_meta_clear (lesson_meta_t *meta);
//  A lesson id: 1 to 40 lower-case letters, digits, '-' or '_' (lesson {
//  id = … } takes these; the progress file keeps them).
bool lesson_valid_id (const char *id);

int lesson_checks_passed (lesson_t *self);
int lesson_checks_failed (lesson_t *self);
//  Steps (say and ask) so far: progress and "step k of n".
int lesson_step (lesson_t *self);
//  The lesson's line where it waits now (or stopped), 0 when unknown.
int lesson_line (lesson_t *self);
//  The message that ended the lesson, or NULL.
const char *lesson_error (lesson_t *self);

//  --- sections -------------------------------------------------------------
//  A lesson is made of section (title, fn) calls; each runs as its own
//  coroutine on a lab emptied of actors. Without sections it is one.

//  Before the first lesson_run: start at section N (1-based). A lesson
//  with fewer sections fails with a message when it gets there.
void lesson_set_start_section (lesson_t *self, int section);
//  The section running (1-based; 1 before the first) and how many there
//  are (1 for a lesson without sections, 0 until they are known).
int lesson_section (lesson_t *self);
int lesson_sections (lesson_t *self);
//  Starts the current section again on a lab emptied of actors: its
//  checks, steps and predictions no longer count. -1 in the sandbox, a dry
//  run, an exercise (rerun it by opening it again), or before lesson {} ran.
int lesson_restart_section (lesson_t *self);

//  --- the learner -------------------------------------------------------------

//  Predictions made, and how many were right.
int lesson_predictions (lesson_t *self);
int lesson_predictions_right (lesson_t *self);
//  The next hint of the current step (graduated: first the nudge), or
//  NULL when it has none left. HAD says whether it had any.
const char *lesson_next_hint (lesson_t *self, bool *had);
//  The learner changed the experiment (WHAT, in plain words: "you
//  restarted collector"): a check that fails in this section says so.
void lesson_note_meddle (lesson_t *self, const char *what);
//  The learner did WHAT beyond the script without changing the experiment
//  (looked at stats): listed at the end, never blamed for a check.
void lesson_note_extra (lesson_t *self, const char *what);
//  What the learner did beyond the script, oldest first: count, and each.
int lesson_extras (lesson_t *self);
const char *lesson_extra (lesson_t *self, int index);

//  --- goals ---------------------------------------------------------------------
//  goal { text, check, hints, solution, play, timeout }: the lesson waits
//  (LESSON_GOAL) until check () is true while the learner acts on the lab.

//  The open goal's live status (from the last check ()), "" before the
//  first; NULL when no goal is open.
const char *lesson_goal_status (lesson_t *self);
//  The open goal's text, NULL when none.
const char *lesson_goal_text (lesson_t *self);
//  The open goal's solution in words, marked shown (the learner looked);
//  NULL when none is open.
const char *lesson_goal_solution (lesson_t *self);
bool lesson_goal_solution_shown (lesson_t *self);
//  Plays the solution in the lab (the goal's play () runs in the lesson);
//  -1 when no goal is open or it is already playing or played.
int lesson_goal_play (lesson_t *self);
//  Whether the solution is playing or was played (the goal still open).
bool lesson_goal_playing (lesson_t *self);
//  The open goal's number in the lesson (1-based), 0 when none is open.
int lesson_goal_number (lesson_t *self);

#endif
