/*  internal.h — what the files of the lesson runtime share, and which owns
    what:
      lesson.c    opening a lesson (sandboxed state, budget, memory cap),
                  driving its coroutine (lesson_run), eval, destroy
      sections.c  section (), entering sections in order, restart, resume
      items.c     the item queue, reveal, hints, meddling, predictions
      text.c      bilingual texts, dry-run reports, sandbox results as text
      api.c       the story calls: lesson {}, say, ask, hint, log, expect,
                  wait, wait_until, speed, stepping, …, help ()
      api_actors.c  spawn, actor handles and their methods, behaviour,
                  focus, link, outside
      names.c     the names reservation between a lesson and the ':'
                  commands (names.h)
      exercise.c  exercises: exercise {}, check (), STUDENT, the student's
                  file as a behaviour, each check's end and verdict
      goal.c      goal { … }: a state of the lab the learner reaches, its
                  live status, hints, solution, play () and what they did
*/
#ifndef ZMQLAB_LESSON_INTERNAL_H
#define ZMQLAB_LESSON_INTERNAL_H

#include "lesson.h"
#include "engine/textfile.h"

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>

//  WAIT_NEXT_CHECK: an exercise's check ended early (it raised, or the
//  student's code crashed); the next lesson_run goes on with the next one.
//  WAIT_OUTSIDE: spawn (STUDENT) in --outside mode waits until the
//  student's program listens where it binds.
typedef enum { WAIT_NOTHING, WAIT_SAY, WAIT_ASK, WAIT_TIME, WAIT_UNTIL, WAIT_META,
               WAIT_NEXT_CHECK, WAIT_GOAL, WAIT_OUTSIDE } lesson_wait_t;

typedef struct outside_mode_t outside_mode_t;

//  The behaviour name the student's file is defined under (STUDENT).
#define LESSON_STUDENT "student"

//  A goal's life: open (the learner acts), play asked (the front end wants
//  the solution played), playing (play () runs in the coroutine), played
//  (timeout running), over (reached or failed: the coroutine goes on).
typedef enum { GOAL_NONE, GOAL_OPEN, GOAL_PLAY_ASKED, GOAL_PLAYING, GOAL_PLAYED,
               GOAL_OVER } goal_phase_t;

typedef struct {
    goal_phase_t phase;
    int check_ref, play_ref;        //  the goal's functions
    char *text, *solution;          //  in the lesson's language
    char *status;                   //  from the last check (), "" before
    double timeout;                 //  lab seconds after play () returns
    double deadline;                //  lab time the played solution must reach it by
    bool reached;                   //  when over
    bool solution_shown;
    int number;                     //  1-based in the lesson
    int line;
    char **actions;                 //  what the learner did while it was open
    int n_actions;
    //  Numbering (kept for the lesson's life: R keeps a goal's number).
    int *lines;                     //  the source lines of goal calls, in order
    char **line_keys;               //  per line: the call stack that first used it
    int n_lines;
    char **other_keys;              //  goals numbered after the lines (helpers)
    int n_other_keys;
} lesson_goal_t;

//  Registry keys of the library functions the runtime itself uses, saved
//  before a lesson can replace them.
#define LESSON_CONCAT "zmqlab.concat"
#define LESSON_SORT "zmqlab.sort"

enum { LESSON_FILE_MAX = 4 * 1024 * 1024,
       LESSON_MEMORY_MAX = 64 * 1024 * 1024,
       LESSON_BUDGET = 5000000,         //  instructions per resume
       LESSON_HOOK_EVERY = 1000 };

struct lesson_t {
    lua_State *L;                   //  the main state: helpers, wait_until calls
    lua_State *co;                  //  the lesson's coroutine
    int co_ref;                     //  keeps co alive in the registry
    int env_ref;                    //  the lesson's _ENV
    bool sandbox;                   //  free mode: commands, not a lesson file
    lab_t *lab;                     //  NULL in a dry run (--check)
    bool dry;
    bool meta_only;                 //  stop at lesson {}
    i18n_lang_t lang;
    char *path;
    char *chunk_label;              //  errors' "chunk:" when not path (a sandbox script, "command")
    char *actors_dir;               //  where shipped behaviours live (dry runs check it)
    lesson_status_t status;
    lesson_wait_t waiting;
    bool advanced;                  //  lesson_next after a say
    double deadline;                //  lab time: end of wait, timeout of wait_until
    double slowed_from;             //  the speed before slowed() ran, 0 outside one
    int until_ref;                  //  wait_until's function
    int ask_answer, ask_choices, chosen;
    lesson_item_t reveal;           //  the last ask's answer, shown after the experiment
    bool reveal_pending;
    bool reveal_withheld;           //  a check failed after meddling: no answer this run
    lesson_item_t *items;           //  ring of items not yet taken
    size_t n_items, cap_items, head_items;
    lesson_meta_t meta;
    bool have_meta;
    int passed, failed, steps;
    char *error;
    luamem_t memory;                //  Lua allocations, capped
    long budget;                    //  instructions left in this resume
    bool budget_blown;              //  ran out: the lesson ends, pcall or not
    int budget_line;                //  where it ran out
    char **dry_actors;              //  names spawned in a dry run, this section
    size_t n_dry_actors;
    char **dry_names;               //  names spawned in a dry run, every section
    int n_dry_names;
    int chunk_ref;                  //  the lesson's chunk: R reruns a lesson without sections
    int sections_ref;               //  table of the section functions, in order
    char **section_titles;          //  in the lesson's language
    int n_sections;                 //  0: the lesson is one implicit section
    int section;                    //  0-based section running; -1 before the first
    int start_section;              //  0-based section to start at (resume)
    int at_start [5];               //  passed, failed, steps, asked, right when it began
    int asked, right;               //  predictions made, and how many were right
    char **hints;                   //  the current step's hints, graduated
    int n_hints, hints_shown;
    char *meddle;                   //  what the learner changed in this section, or NULL
    char **extras;                  //  what the learner did beyond the script
    int n_extras;
    bool exercise;                  //  an exercise: exercise {}, check (), STUDENT
    char *student_file;             //  the student's file, or NULL (a lesson)
    char *student_error;            //  it does not compile: "file:line: message"
    char **ex_hints;                //  exercise { hints = … }, graduated
    int n_ex_hints, ex_hints_shown;
    bool check_spoiled;             //  this check raised, or the student's code crashed
    int checks_passed, checks_failed;   //  an exercise's checks (not its expects)
    lesson_goal_t goal;             //  the open goal, if any (goal.c)
    int checks_skipped;             //  --outside: they cannot run with an outside program
    outside_mode_t *outside;        //  --outside, else NULL (outside_mode.c)
    char **student_params;          //  a dry run: STUDENT's endpoint params, "key\tvalue"
    int n_student_params;
    bool collect_student;           //  a dry run that collects them
    int n_outside_listed;           //  exercise { outside = … }: how many
};

//  api.c
void api_open (lua_State *L, lesson_t *lesson);     //  fills the table at -1
lesson_t *api_lesson (lua_State *L);
//  The lesson of L, once lesson {} has run; raises before.
lesson_t *api_lesson_met (lua_State *L);
//  A message in the lesson's language (its format, for luaL_error).
const char *api_msg (lua_State *L, msg_id_t id);

//  api_actors.c
void api_open_actors (lua_State *L);                //  adds to the table at -1
//  Pushes a handle naming the actor NAME.
void api_push_handle (lua_State *L, const char *name);

//  names.c
//  Whether the lesson in L spawned NAME itself; marking it so.
bool names_spawned (lua_State *L, const char *name);
void names_mark_spawned (lua_State *L, const char *name);
//  Whether these commands run beside a lesson (they were told its names).
bool names_beside_lesson (lua_State *L);
//  Whether a command may not take NAME: the lesson's, or an actor's.
bool names_taken (lua_State *L, lesson_t *self, const char *name);
//  Raises: NAME is taken; lists the taken names and a free one.
int names_refuse_taken (lua_State *L, lesson_t *self, const char *name);

//  goal.c
void api_open_goal (lua_State *L);                  //  adds goal to the table at -1
//  The lines of SOURCE that call goal: a goal's number is its rank there.
void lesson_goal_scan (lesson_t *self, const char *source);
//  While waiting for a goal (WAIT_GOAL): checks it. 1: resume the
//  coroutine (reached, failed, or play asked); 0: still open
//  (LESSON_GOAL); -1: the lesson failed.
int lesson_goal_poll (lesson_t *self);
//  While play () runs: the live status. -1 when the lesson failed.
int lesson_goal_refresh (lesson_t *self);
//  Whether a goal is open: the learner's actions are the goal's.
bool lesson_goal_note (lesson_t *self, const char *what);
//  Forgets the goal (a section restarts, the lesson ends); keeps the numbering.
void lesson_goal_forget (lesson_t *self);
//  Frees the numbering too (after lesson_goal_forget).
void lesson_goal_destroy (lesson_t *self);

//  lesson.c
//  Calls the function on top of L protected, with a fresh instruction
//  budget, leaving NRESULTS. -1 (nothing left) when it raised: the lesson
//  failed with its message.
int lesson_call (lesson_t *self, int nargs, int nresults);
//  Makes the function on top of L's stack the body of a fresh coroutine;
//  a chunk (SET_ENV) gets the lesson's _ENV, a section has it already.
void lesson_start_coroutine (lesson_t *self, bool set_env);
//  The lesson fails with MESSAGE (an ITEM_ERROR with HINT); returns the status.
lesson_status_t lesson_fail (lesson_t *self, const char *message, msg_id_t hint);

//  lesson.c: the lesson's one memory budget (self->memory, its cap) holds
//  its Lua data and every C copy its script makes that the lesson keeps:
//  items not yet taken, the step's hints, behaviour sources. lesson_room
//  raises a clear "not enough memory" (WHAT names the call) when BYTES
//  more would pass the cap; lesson_hold counts a copy kept, lesson_unhold
//  one freed. Counted copies make the Lua allocator refuse sooner: one cap.
void lesson_room (lesson_t *self, lua_State *L, size_t bytes, const char *what);
void lesson_hold (lesson_t *self, size_t bytes);
void lesson_unhold (lesson_t *self, size_t bytes);
//  Raises when TEXT (LEN bytes, from Lua) holds a NUL byte: a C copy
//  would cut it there without a word. WHAT names the call.
void lesson_refuse_nul (lesson_t *self, lua_State *L, const char *text, size_t len,
                        const char *what);

//  lesson.c: a lesson state for the file PATH, its chunk loaded and ready to run.
lesson_t *lesson_new_file (const char *path, lab_t *lab, bool dry, i18n_lang_t lang,
                           char **error);

//  exercise.c
//  Adds exercise, check and STUDENT to the lesson's _ENV.
void exercise_open_api (lesson_t *self);
//  After a coroutine of an exercise ended (or a check was cut short): ends
//  the check that ran, starts the next. 1 when one started, 0 when every
//  check ran, -1 when the exercise failed (no checks).
int exercise_next (lesson_t *self);
//  Each frame: whether an actor running the student's code crashed in this
//  check (then its error is an item and the check is cut short).
void exercise_watch (lesson_t *self);
//  An error inside a check: an item; the check fails and the next runs.
lesson_status_t exercise_check_error (lesson_t *self, const char *message, msg_id_t hint);

//  outside_mode.c: --outside (see lesson_open_exercise_outside)
outside_mode_t *outside_mode_new (double patience, int port);
void outside_mode_destroy (outside_mode_t **self_p);
//  exercise { outside = … } at idx: the endpoints; raises on a bad one or
//  none, or when the STUDENT spawns name more endpoints than it lists.
void outside_mode_endpoints (lesson_t *self, lua_State *L, int idx);
//  Whether ENDPOINT can be an outside endpoint: tcp://HOST:PORT.
bool outside_mode_endpoint_ok (const char *endpoint);
//  A dry run spawns STUDENT with the params at idx: notes its endpoints
//  (and reports a spawn that names more than exercise { outside } lists).
void outside_mode_collect (lesson_t *self, lua_State *L, int idx);
//  spawn (STUDENT, params) in --outside mode: starts nothing; pushes the
//  handle or yields (WAIT_OUTSIDE) until the program listens.
int outside_mode_spawn (lesson_t *self, lua_State *L, const char *name);
//  The text a params string is sent as: the tcp endpoint for a mapped
//  inproc one, else TEXT.
const char *outside_mode_map (lesson_t *self, const char *text);
//  Whether NAME is the handle of this check's outside program.
bool outside_mode_is (lesson_t *self, const char *name);
//  Its stats, as an actor's.
void outside_mode_stats (lesson_t *self, actor_stats_t *stats);
//  The name (ext1, …) of its first connection in this check, or NAME.
const char *outside_mode_link_name (lesson_t *self, const char *name);
//  Raises: WHAT cannot be done to an outside program; the check is skipped.
int outside_mode_refuse (lesson_t *self, lua_State *L, const char *what);
//  Each frame: the outside program's connections in this check.
void outside_mode_poll (lesson_t *self);
//  In a wait (wait, wait_until) or WAIT_OUTSIDE: whether the check holds
//  on for the outside program to show up (the wait's deadline moves on
//  by the time held).
bool outside_mode_holds (lesson_t *self);
//  A check begins: no program seen yet, nothing skipped.
void outside_mode_check_begins (lesson_t *self);
//  Whether this check is skipped, and why (NULL when not).
const char *outside_mode_skipped (lesson_t *self);

//  sections.c
int lesson_l_section (lua_State *L);                //  section (title, fn)
//  After a coroutine ended: starts the next section. 1 when one started,
//  0 when the lesson is over, -1 when it failed (no such section).
int lesson_next_section (lesson_t *self);
//  Whether a dry run spawned NAME, in any section so far.
bool lesson_dry_named (const lesson_t *self, const char *name);

//  items.c
int lesson_l_reveal (lua_State *L);                 //  reveal ()
void lesson_push_item (lesson_t *self, const lesson_item_t *item);
void lesson_flush_reveal (lesson_t *self);
//  A check's result: counted, pushed (with the learner's meddling when it
//  failed), then the open question's answer.
void lesson_checked (lesson_t *self, lesson_item_t *item);
//  TEXT becomes one more hint of the current step (and an ITEM_HINT).
void lesson_add_hint (lesson_t *self, const char *text, int line);
//  ask { hints = { … } } at idx: each a hint of the question. Raises on a
//  bad one.
void lesson_read_hints (lesson_t *self, lua_State *L, int idx);
void lesson_clear_hints (lesson_t *self);
//  Lists of strings: LIST of *N entries.
void lesson_list_free (char **list, int n);
//  Appends a copy of TEXT to LIST (of *N). false when out of memory.
bool lesson_list_append (char ***list, int *n, const char *text);
bool lesson_list_has (char **list, int n, const char *text);

//  text.c
//  The text at idx (a string, or { en = …, zh = … }) in the lesson's
//  language, falling back to the other. A dry run reports a missing one.
//  Returns NULL (and raises) when idx is neither.
const char *lesson_text (lesson_t *self, lua_State *L, int idx, const char *what);
int lesson_current_line (lua_State *L);
//  A problem found by a dry run: an ITEM_ERROR item, the run goes on.
void lesson_report (lesson_t *self, lua_State *L, const char *format, ...);
//  The N values a sandbox command returned on CO, as one log item.
void lesson_show_results (lesson_t *self, lua_State *co, int n);

#endif
