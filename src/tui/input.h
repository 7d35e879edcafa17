/*  input.h — what a key means on the screen it was pressed on. Pure: the
    caller reads the key (curses), asks input_action, and does the action.

    Key codes are plain ints. The curses codes used are defined here with
    ncurses' values, each only if curses.h (included first) has not.
*/
#ifndef ZMQLAB_INPUT_H
#define ZMQLAB_INPUT_H

#include "model.h"

#ifndef KEY_DOWN
#define KEY_DOWN 0402
#endif
#ifndef KEY_UP
#define KEY_UP 0403
#endif
#ifndef KEY_LEFT
#define KEY_LEFT 0404
#endif
#ifndef KEY_RIGHT
#define KEY_RIGHT 0405
#endif
#ifndef KEY_HOME
#define KEY_HOME 0406
#endif
#ifndef KEY_BACKSPACE
#define KEY_BACKSPACE 0407
#endif
#ifndef KEY_DC
#define KEY_DC 0512
#endif
#ifndef KEY_NPAGE
#define KEY_NPAGE 0522
#endif
#ifndef KEY_PPAGE
#define KEY_PPAGE 0523
#endif
#ifndef KEY_ENTER
#define KEY_ENTER 0527
#endif
#ifndef KEY_BTAB
#define KEY_BTAB 0541
#endif
#ifndef KEY_END
#define KEY_END 0550
#endif
#ifndef KEY_MOUSE
#define KEY_MOUSE 0631
#endif
#ifndef KEY_RESIZE
#define KEY_RESIZE 0632
#endif

//  Control characters, as the terminal sends them.
enum {
    INPUT_CTRL_A = 1, INPUT_CTRL_B = 2, INPUT_CTRL_D = 4, INPUT_CTRL_E = 5,
    INPUT_CTRL_F = 6, INPUT_CTRL_H = 8, INPUT_TAB = 9, INPUT_CTRL_L = 12,
    INPUT_CTRL_N = 14, INPUT_CTRL_P = 16, INPUT_CTRL_U = 21, INPUT_CTRL_W = 23,
    INPUT_ESC = 27, INPUT_DEL = 127
};

typedef enum {
    ACTION_NONE,            //  the key means nothing here
    ACTION_HELP,            //  ?: open the help overlay
    ACTION_CLOSE_HELP,      //  any key while the help overlay is open
    ACTION_QUIT,            //  q on the menu or in the sandbox: exit zmqlab
    ACTION_BACK,            //  q in a lesson: back to the menu
    ACTION_PAUSE_ALL,       //  Space: pause or resume every actor
    ACTION_STEP,            //  .: let one message move
    ACTION_FASTER,          //  + (or =)
    ACTION_SLOWER,          //  - (or _)
    ACTION_NEXT,            //  n or Enter: the lesson's next step
    ACTION_ANSWER,          //  1–9 while a question is open; arg: the choice
    ACTION_HINT,            //  h
    ACTION_SELECT_NEXT,     //  Tab, Right, Down
    ACTION_SELECT_PREV,     //  Shift-Tab, Left, Up
    ACTION_PAUSE_ACTOR,     //  p; arg: model->selected (-1: nothing selected)
    ACTION_KILL_ACTOR,      //  k; arg as for p
    ACTION_RESTART_ACTOR,   //  r; arg as for p
    ACTION_COMMAND,         //  :, or Enter in the sandbox: open the command line
    ACTION_EDIT,            //  the command line is open: arg (the key) goes to cmdline_key,
                            //  a character beyond ASCII to cmdline_insert
    ACTION_LESSONS,         //  l: the lesson list
    ACTION_LOG_UP,          //  PgUp: scroll the event log back
    ACTION_LOG_DOWN,        //  PgDn
    ACTION_MENU_UP,         //  Up or k on the menu
    ACTION_MENU_DOWN,       //  Down or j
    ACTION_MENU_FIRST,      //  Home or g
    ACTION_MENU_LAST,       //  End or G
    ACTION_OPEN,            //  Enter on the menu; arg: the menu index
    ACTION_MOUSE,           //  KEY_MOUSE: the caller reads the event
    ACTION_RESIZE,          //  KEY_RESIZE, also while the help is open
    ACTION_REDRAW,          //  Ctrl-L: repaint everything
    ACTION_DESELECT,        //  Esc: no actor selected (the log comes back)
    ACTION_RESTART_SECTION, //  R in a lesson: the current section again, on a fresh lab
    ACTION_REPLAY,          //  x: run the last experiment again (R's restart)
    ACTION_PROMPT,          //  any key while the message line asks (model->prompt_open);
                            //  arg: the key
    ACTION_SOURCE,          //  v: the source view (the selected actor's behaviour, or the
                            //  file of the error shown), or closes it
    ACTION_SOURCE_SCROLL,   //  the source view is open: arg lines (Up, Down, k, j) or
                            //  INPUT_SOURCE_PAGE pages (PgUp, PgDn, Space) or
                            //  INPUT_SOURCE_END (Home, g: to the top; End, G: the bottom)
    ACTION_SOURCE_SIDE,     //  the source view is open: Left / Right; arg -1 or 1
    ACTION_EDIT_FILE,       //  e in an exercise (or its source view): the learner's editor
    ACTION_SOLUTION,        //  S: an exercise's solution, or the open goal's in a lesson
                            //  (asks first)
    ACTION_PLAY_SOLUTION    //  P in a lesson: play the open goal's solution in the lab
} action_kind_t;

//  ACTION_SOURCE_SCROLL's arg, times -1 for up: a page, or to the end.
enum { INPUT_SOURCE_PAGE = 1000, INPUT_SOURCE_END = 1000000 };

typedef struct {
    action_kind_t kind;
    int arg;                //  see the kind; 0 when unused
} action_t;

//  What KEY does on SCREEN, given what MODEL shows (the help overlay, the
//  command line, the open question, the selection, the menu).
action_t input_action (screen_t screen, const model_t *model, int key);

#endif
