/*  model.h — everything the terminal view shows, as plain data. The
    controller fills it: src/cli/feed.c from the lab's snapshots and events
    (with the rates), src/cli/session.c and its parts from the lesson's
    items and their own state; the view only reads it. The view never
    touches a socket or a Lua state.
*/
#ifndef ZMQLAB_MODEL_H
#define ZMQLAB_MODEL_H

#include "engine/snapshot.h"
#include "cmdline.h"

#include <stdbool.h>
#include <stddef.h>

//  SCREEN_EXERCISE: the learner's own behaviour checked (keys: e, v, S, R).
typedef enum { SCREEN_MENU, SCREEN_LESSON, SCREEN_SANDBOX, SCREEN_EXERCISE } screen_t;

//  One line of the lesson panel's history (what the lesson said so far).
typedef enum {
    ENTRY_TITLE, ENTRY_SAY, ENTRY_ASK, ENTRY_CHOSEN, ENTRY_REVEAL, ENTRY_PASS,
    ENTRY_FAIL, ENTRY_HINT, ENTRY_LOG, ENTRY_ERROR,
    //  An exercise's check: running, then passed or failed; under it its
    //  expects, indented.
    ENTRY_CHECK_RUNNING, ENTRY_CHECK_PASS, ENTRY_CHECK_FAIL, ENTRY_EXPECT_PASS,
    ENTRY_EXPECT_FAIL
} entry_kind_t;

typedef struct {
    entry_kind_t kind;
    char *text;                     //  UTF-8; may hold newlines
} entry_t;

enum { MODEL_CHOICES_MAX = 9, MODEL_LOG_MAX = 512, MODEL_MENU_MAX = 64 };

//  The open question, when the lesson waits for a prediction.
typedef struct {
    bool open;
    char *text;
    char *choices [MODEL_CHOICES_MAX];
    int n_choices;
} question_t;

//  A menu row: a lesson, or (after the lessons) an exercise.
typedef enum { MENU_EXERCISE_NEW, MENU_EXERCISE_FAILING, MENU_EXERCISE_PASSED } menu_exercise_t;

typedef struct {
    int number;
    char *id;
    char *title;
    char *level;
    bool finished;
    int section, sections;          //  how far the learner got ("3/5"); 0 when unknown
    bool exercise;                  //  an exercise, not a lesson
    menu_exercise_t state;          //  an exercise's: not started, failing, passed
} menu_entry_t;

//  The source view: a behaviour's text, over the canvas and the panel. The
//  controller reads it (a file or a lesson's inline behaviour); the view
//  only shows the lines.
typedef struct {
    bool open;
    char *title;                    //  the file's path, or the behaviour's name
    char **lines;                   //  without their newlines, tabs expanded
    int n_lines;
    int top;                        //  the first line shown, 0-based
    int mark;                       //  the line marked (an error's), 1-based; 0: none
    char *note;                     //  what the error there says, under it; or NULL
    int left;                       //  columns scrolled right (long lines)
} source_view_t;

//  A message glyph moving along a link (low rates only).
typedef struct {
    char from [LAB_NAME_MAX];       //  actor names
    char to [LAB_NAME_MAX];
    char text [24];                 //  a short label: "Task 3", "#17"
    double progress;                //  0 at the sender, 1 at the receiver
    bool dropped;                   //  falls off instead of arriving
} flight_t;

enum { MODEL_FLIGHTS_MAX = 64 };

//  Messages per second one actor sent and received, recent.
typedef struct {
    double sent, received;
} actor_rate_t;

enum { MODEL_GOAL_TEXT_MAX = 512 };

//  The lesson's open goal (goal {}): what to reach and how far it is.
typedef struct {
    bool open;
    char text [MODEL_GOAL_TEXT_MAX];
    char status [MODEL_GOAL_TEXT_MAX];     //  from the goal's last check, "" before
    bool playing;                           //  its solution plays (P)
} goal_view_t;

typedef struct {
    screen_t screen;
    bool zh;                        //  Chinese, else English
    bool utf8;                      //  line drawing and ✓ may be used
    //  The lab, as of the last snapshot (NULL on the menu).
    const lab_snapshot_t *snap;
    //  Menu.
    menu_entry_t menu [MODEL_MENU_MAX];
    int n_menu;
    int menu_selected;
    //  Lesson panel.
    char *lesson_title;
    int step, steps;                //  step k of n
    int section, sections;          //  section k of n (0: the lesson has none)
    entry_t *entries;               //  history, oldest first
    size_t n_entries;
    int panel_scroll;               //  lines scrolled up from the bottom
    bool waiting_next;              //  the lesson waits for n / Enter
    bool finished;                  //  the lesson ended
    question_t question;
    goal_view_t goal;
    int checks_passed, checks_failed;
    //  Actors.
    int selected;                   //  index into snap->actors, -1 none
    char focus [LAB_NAME_MAX];      //  the lesson's focus(actor), "" none
    //  Messages per second on each of snap->links (same index), recent.
    const double *link_rates;
    size_t n_link_rates;
    //  Messages per second of each of snap->actors (same index), recent.
    const actor_rate_t *actor_rates;
    size_t n_actor_rates;
    //  Flow animation.
    flight_t flights [MODEL_FLIGHTS_MAX];
    int n_flights;
    //  Event log: a ring of the latest events, newest last.
    lab_event_t log [MODEL_LOG_MAX];
    size_t log_start, log_count;
    int log_scroll;                 //  lines scrolled up from the newest
    //  Overlays and the command line.
    bool help_open;
    source_view_t source;
    bool command_open;
    char command [CMDLINE_MAX];     //  the line being typed
    int command_cursor;             //  byte offset
    char message [256];             //  one-line notice or error under the canvas
    bool message_is_error;
    bool prompt_open;               //  the message asks a question: the next key answers it
} model_t;

#endif
