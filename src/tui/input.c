/*  input.c — key dispatch. Overlays come first (the help overlay takes any
    key, the open command line every key but a click), then the screen's.
*/
#include "input.h"

static action_t
s_action (action_kind_t kind, int arg)
{
    return (action_t) { kind, arg };
}

static bool
s_is_enter (int key)
{
    return key == '\n' || key == '\r' || key == KEY_ENTER;
}

static action_t
s_menu_action (const model_t *model, int key)
{
    switch (key) {
        case KEY_UP: case 'k':      return s_action (ACTION_MENU_UP, 0);
        case KEY_DOWN: case 'j':    return s_action (ACTION_MENU_DOWN, 0);
        case KEY_HOME: case 'g':    return s_action (ACTION_MENU_FIRST, 0);
        case KEY_END: case 'G':     return s_action (ACTION_MENU_LAST, 0);
        case 'q':                   return s_action (ACTION_QUIT, 0);
        default:
            if (s_is_enter (key) && model->n_menu > 0)
                return s_action (ACTION_OPEN, model->menu_selected);
            return s_action (ACTION_NONE, 0);
    }
}

//  The source view is read, not acted on: it scrolls, closes, and in an
//  exercise e opens the file in the editor.
static action_t
s_source_action (screen_t screen, int key)
{
    switch (key) {
        case KEY_UP: case 'k':      return s_action (ACTION_SOURCE_SCROLL, -1);
        case KEY_DOWN: case 'j':    return s_action (ACTION_SOURCE_SCROLL, 1);
        case KEY_PPAGE: case 'b':   return s_action (ACTION_SOURCE_SCROLL, -INPUT_SOURCE_PAGE);
        case KEY_NPAGE: case ' ':   return s_action (ACTION_SOURCE_SCROLL, INPUT_SOURCE_PAGE);
        case KEY_HOME: case 'g':    return s_action (ACTION_SOURCE_SCROLL, -INPUT_SOURCE_END);
        case KEY_END: case 'G':     return s_action (ACTION_SOURCE_SCROLL, INPUT_SOURCE_END);
        case KEY_LEFT:              return s_action (ACTION_SOURCE_SIDE, -1);
        case KEY_RIGHT:             return s_action (ACTION_SOURCE_SIDE, 1);
        case 'v': case 'q':
        case INPUT_ESC:             return s_action (ACTION_SOURCE, 0);
        case 'e':
            return s_action (screen == SCREEN_EXERCISE ? ACTION_EDIT_FILE : ACTION_NONE, 0);
        default:
            if (s_is_enter (key))
                return s_action (ACTION_SOURCE, 0);
            return s_action (ACTION_NONE, 0);
    }
}

//  An exercise: the lab's keys, but it has no steps and no questions; R
//  runs every check again, e, v and S are its own.
static action_t
s_exercise_action (int key)
{
    switch (key) {
        case 'e':       return s_action (ACTION_EDIT_FILE, 0);
        case 'S':       return s_action (ACTION_SOLUTION, 0);
        case 'R':       return s_action (ACTION_RESTART_SECTION, 0);
        case 'n':
        case 'x':       return s_action (ACTION_NONE, 0);
        default:
            return s_action (ACTION_NONE, -1);      //  -1: the lab's keys decide
    }
}

//  The lesson and the sandbox share their keys; the sandbox has no steps
//  and no questions, and q there leaves zmqlab (no menu stands behind it).
static action_t
s_lab_action (screen_t screen, const model_t *model, int key)
{
    bool sandbox = screen == SCREEN_SANDBOX;
    switch (key) {
        case 'q':       return s_action (sandbox ? ACTION_QUIT : ACTION_BACK, 0);
        case ' ':       return s_action (ACTION_PAUSE_ALL, 0);
        case '.':       return s_action (ACTION_STEP, 0);
        case '+':
        case '=':       return s_action (ACTION_FASTER, 0);     //  '+' unshifted
        case '-':
        case '_':       return s_action (ACTION_SLOWER, 0);
        case 'h':       return s_action (ACTION_HINT, 0);
        case INPUT_TAB:
        case KEY_RIGHT:
        case KEY_DOWN:  return s_action (ACTION_SELECT_NEXT, 0);
        case KEY_BTAB:
        case KEY_LEFT:
        case KEY_UP:    return s_action (ACTION_SELECT_PREV, 0);
        case 'p':       return s_action (ACTION_PAUSE_ACTOR, model->selected);
        case 'k':       return s_action (ACTION_KILL_ACTOR, model->selected);
        case 'r':       return s_action (ACTION_RESTART_ACTOR, model->selected);
        case 'R':       return s_action (sandbox ? ACTION_NONE : ACTION_RESTART_SECTION, 0);
        case ':':       return s_action (ACTION_COMMAND, 0);
        case 'l':       return s_action (ACTION_LESSONS, 0);
        case 'x':       return s_action (ACTION_REPLAY, 0);
        case 'S':       return s_action (sandbox ? ACTION_NONE : ACTION_SOLUTION, 0);
        case 'P':       return s_action (sandbox ? ACTION_NONE : ACTION_PLAY_SOLUTION, 0);
        case KEY_PPAGE: return s_action (ACTION_LOG_UP, 0);
        case KEY_NPAGE: return s_action (ACTION_LOG_DOWN, 0);
        case INPUT_ESC: return s_action (ACTION_DESELECT, 0);
        case 'n':       return s_action (sandbox ? ACTION_NONE : ACTION_NEXT, 0);
        case 'v':       return s_action (ACTION_SOURCE, 0);
        default:
            break;
    }
    //  In the sandbox Enter opens the command line: that is how one works there.
    if (s_is_enter (key))
        return s_action (sandbox ? ACTION_COMMAND
                       : screen == SCREEN_EXERCISE ? ACTION_NONE : ACTION_NEXT, 0);
    //  A digit answers only a question that has that many choices; otherwise
    //  it means nothing (the status bar says which digits are open).
    if (key >= '1' && key <= '9' && !sandbox && model->question.open
    &&  key - '0' <= model->question.n_choices)
        return s_action (ACTION_ANSWER, key - '0');
    return s_action (ACTION_NONE, 0);
}

action_t
input_action (screen_t screen, const model_t *model, int key)
{
    if (key == KEY_RESIZE)
        return s_action (ACTION_RESIZE, 0);
    if (model->help_open)
        return s_action (ACTION_CLOSE_HELP, 0);
    //  A question on the message line (leave? resume?): the key answers it.
    if (model->prompt_open && key != KEY_MOUSE)
        return s_action (ACTION_PROMPT, key);
    if (model->source.open && screen != SCREEN_MENU)
        return key == KEY_MOUSE ? s_action (ACTION_NONE, 0) : s_source_action (screen, key);
    if (key == KEY_MOUSE)
        return s_action (ACTION_MOUSE, 0);
    if (model->command_open && screen != SCREEN_MENU)
        return s_action (ACTION_EDIT, key);
    if (key == INPUT_CTRL_L)
        return s_action (ACTION_REDRAW, 0);
    if (key == '?')
        return s_action (ACTION_HELP, 0);
    if (screen == SCREEN_MENU)
        return s_menu_action (model, key);
    if (screen == SCREEN_EXERCISE) {
        action_t action = s_exercise_action (key);
        if (action.kind != ACTION_NONE || action.arg != -1)
            return action;
    }
    return s_lab_action (screen, model, key);
}
