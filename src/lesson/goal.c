/*  goal.c — goal { text, check, hints, solution, play, timeout }: the
    lesson waits until check () says the lab reached a state, while the
    learner acts with keys and ':' commands. check () runs every frame on
    the main state and gives the live status; the learner's actions meanwhile
    are the goal's (what they did, acknowledged when it is reached), not
    meddling. play () does the solution with the lesson API: it runs inside
    the lesson's coroutine (lua_callk), so it may wait; after it returns,
    the goal has timeout lab seconds to be reached, or it fails as a check.
    A goal counts as one check.
*/
#define _GNU_SOURCE
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GOAL_ACTIONS_MAX = 8, GOAL_AFTER_PLAY = 1 };

static int s_continue (lua_State *L, int status, lua_KContext ctx);

static bool
s_open (const lesson_goal_t *goal)
{
    return goal->phase != GOAL_NONE && goal->phase != GOAL_OVER;
}

void
lesson_goal_scan (lesson_t *self, const char *source)
{
    int line = 1;
    for (const char *p = source; *p; line++) {
        const char *start = p + strspn (p, " \t");
        if (strncmp (start, "goal", 4) == 0) {
            const char *after = start + 4 + strspn (start + 4, " \t");
            if (*after == '{' || *after == '(') {
                int *grown = realloc (self->goal.lines,
                                      (size_t) (self->goal.n_lines + 1) * sizeof *grown);
                if (grown)
                    self->goal.lines = grown;
                char **keys = realloc (self->goal.line_keys,
                                       (size_t) (self->goal.n_lines + 1) * sizeof *keys);
                if (keys)
                    self->goal.line_keys = keys;
                if (grown && keys) {
                    grown [self->goal.n_lines] = line;
                    keys [self->goal.n_lines++] = NULL;
                }
            }
        }
        const char *end = strchr (p, '\n');
        if (!end)
            break;
        p = end + 1;
    }
}

//  Where goal was called from: the lesson's lines on the stack ("12<40").
static void
s_call_key (lesson_t *self, lua_State *L, char *key, size_t size)
{
    key [0] = 0;
    size_t used = 0;
    lua_Debug ar;
    for (int level = 1; lua_getstack (L, level, &ar) && used + 16 < size; level++)
        if (lua_getinfo (L, "Sl", &ar) && ar.currentline > 0 && ar.source [0] == '@'
        &&  strcmp (ar.source + 1, self->path) == 0)
            used += (size_t) snprintf (key + used, size - used, "%s%d", used ? "<" : "",
                                       ar.currentline);
}

//  A goal's number: its call's rank among the file's goal lines, the same
//  after R or a resume. A line that makes several goals (a helper function
//  the lesson calls from several places) numbers the others after the
//  file's lines, in the order they first open.
static int
s_number (lesson_t *self, lua_State *L, int line)
{
    lesson_goal_t *goal = &self->goal;
    char key [256];
    s_call_key (self, L, key, sizeof key);
    for (int i = 0; i < goal->n_lines; i++) {
        if (goal->lines [i] != line)
            continue;
        if (!goal->line_keys [i])
            goal->line_keys [i] = strdup (key);
        if (!goal->line_keys [i] || strcmp (goal->line_keys [i], key) == 0)
            return i + 1;
    }
    for (int i = 0; i < goal->n_other_keys; i++)
        if (strcmp (goal->other_keys [i], key) == 0)
            return goal->n_lines + i + 1;
    lesson_list_append (&goal->other_keys, &goal->n_other_keys, key);
    return goal->n_lines + goal->n_other_keys;
}

void
lesson_goal_forget (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    if (goal->check_ref != LUA_NOREF)
        luaL_unref (self->L, LUA_REGISTRYINDEX, goal->check_ref);
    if (goal->play_ref != LUA_NOREF)
        luaL_unref (self->L, LUA_REGISTRYINDEX, goal->play_ref);
    free (goal->text);
    free (goal->solution);
    free (goal->status);
    lesson_list_free (goal->actions, goal->n_actions);
    //  The numbering stays.
    lesson_goal_t kept = { .lines = goal->lines, .line_keys = goal->line_keys,
                           .n_lines = goal->n_lines, .other_keys = goal->other_keys,
                           .n_other_keys = goal->n_other_keys,
                           .check_ref = LUA_NOREF, .play_ref = LUA_NOREF };
    *goal = kept;
}

void
lesson_goal_destroy (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    free (goal->lines);
    lesson_list_free (goal->line_keys, goal->n_lines);
    lesson_list_free (goal->other_keys, goal->n_other_keys);
}

bool
lesson_goal_note (lesson_t *self, const char *what)
{
    lesson_goal_t *goal = &self->goal;
    if (!s_open (goal))
        return false;
    if (goal->n_actions < GOAL_ACTIONS_MAX)
        lesson_list_append (&goal->actions, &goal->n_actions, what);
    return true;
}

//  --- goal { … } ---------------------------------------------------------------------

//  The field NAME of the goal table (at 1) as a text; required ones raise.
static const char *
s_text_field (lesson_t *self, lua_State *L, const char *name, bool required)
{
    lua_getfield (L, 1, name);
    if (lua_isnil (L, -1)) {
        if (required)
            luaL_error (L, i18n_msg (self->lang, MSG_GOAL_FIELD_TEXT), name);
        return NULL;
    }
    char what [32];
    snprintf (what, sizeof what, "goal { %s }", name);
    //  Stays alive in the goal table after the pop (lesson_text reads raw).
    const char *text = lesson_text (self, L, -1, what);
    lua_pop (L, 1);
    return text;
}

static void
s_function_field (lesson_t *self, lua_State *L, const char *name)
{
    lua_getfield (L, 1, name);
    if (!lua_isfunction (L, -1))
        luaL_error (L, i18n_msg (self->lang, MSG_GOAL_FIELD_FUNCTION), name);
    lua_pop (L, 1);
}

//  Checks the hints' texts (each in both languages for a dry run); adds
//  them as the step's hints when ADD.
static int
s_hints (lesson_t *self, lua_State *L, bool add)
{
    lua_getfield (L, 1, "hints");
    if (lua_isnil (L, -1)) {
        lua_pop (L, 1);
        return 0;
    }
    if (!lua_istable (L, -1))
        luaL_error (L, i18n_msg (self->lang, MSG_GOAL_HINTS));
    int n = (int) luaL_len (L, -1);
    for (int i = 1; i <= n; i++) {
        lua_rawgeti (L, -1, i);
        const char *text = lesson_text (self, L, -1, "goal { hints }");
        if (add)
            lesson_list_append (&self->hints, &self->n_hints, text);
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
    return n;
}

static int
l_goal (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (self->sandbox)
        return luaL_error (L, i18n_msg (self->lang, MSG_GOAL_SANDBOX));
    luaL_checktype (L, 1, LUA_TTABLE);
    lua_settop (L, 1);
    if (self->goal.phase != GOAL_NONE)
        return luaL_error (L, i18n_msg (self->lang, MSG_GOAL_NESTED));
    //  Everything is checked (and may raise) before anything is kept.
    const char *text = s_text_field (self, L, "text", true);
    s_function_field (self, L, "check");
    const char *solution = s_text_field (self, L, "solution", true);
    s_function_field (self, L, "play");
    lua_getfield (L, 1, "timeout");
    double timeout = 30;
    if (!lua_isnil (L, -1)) {
        int isnum = 0;
        timeout = lua_tonumberx (L, -1, &isnum);
        if (!isnum || !(timeout > 0 && timeout <= 3600))
            return luaL_error (L, i18n_msg (self->lang, MSG_GOAL_TIMEOUT));
    }
    lua_pop (L, 1);
    int n_hints = s_hints (self, L, false);
    int line = lesson_current_line (L);
    int number = s_number (self, L, line);
    lesson_item_t item = { .kind = ITEM_GOAL, .line = line, .text = strdup (text),
                           .total = n_hints, .answer = number };
    if (self->dry) {
        //  Nothing is called: the table was the check.
        lesson_push_item (self, &item);
        lua_pushboolean (L, 1);
        return 1;
    }
    lesson_goal_t *goal = &self->goal;
    //  An open question's answer waits for the goal's result, as for a
    //  check's (lesson_checked shows it then).
    lesson_clear_hints (self);
    s_hints (self, L, true);
    lua_getfield (L, 1, "check");
    goal->check_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    lua_getfield (L, 1, "play");
    goal->play_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    goal->text = strdup (text);
    goal->solution = strdup (solution);
    goal->status = strdup ("");
    goal->timeout = timeout;
    goal->number = number;
    goal->line = line;
    goal->phase = GOAL_OPEN;
    lesson_push_item (self, &item);
    self->waiting = WAIT_GOAL;
    return lua_yieldk (L, 0, 0, s_continue);
}

//  Where the coroutine goes on each time lesson_goal_poll resumes it:
//  play () when asked (it may wait: lua_callk), the timeout once it
//  returned, or the goal's end (goal returns whether it was reached).
static int
s_continue (lua_State *L, int status, lua_KContext ctx)
{
    (void) status;
    lesson_t *self = api_lesson (L);
    lesson_goal_t *goal = &self->goal;
    if (ctx != GOAL_AFTER_PLAY && goal->phase == GOAL_PLAY_ASKED) {
        goal->phase = GOAL_PLAYING;
        lua_rawgeti (L, LUA_REGISTRYINDEX, goal->play_ref);
        lua_callk (L, 0, 0, GOAL_AFTER_PLAY, s_continue);
        ctx = GOAL_AFTER_PLAY;
    }
    if (ctx == GOAL_AFTER_PLAY) {
        goal->phase = GOAL_PLAYED;
        goal->deadline = lab_now (self->lab) + goal->timeout;
    }
    if (goal->phase == GOAL_OVER) {
        bool reached = goal->reached;
        lesson_clear_hints (self);
        lesson_goal_forget (self);
        lua_pushboolean (L, reached);
        return 1;
    }
    self->waiting = WAIT_GOAL;
    return lua_yieldk (L, 0, 0, s_continue);
}

//  --- checking -----------------------------------------------------------------------

//  check () returns reached and a status: the status as text.
static int
s_call_check (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->goal.check_ref);
    lua_call (L, 0, 2);
    bool reached = lua_toboolean (L, -2);
    const char *status = "";
    int type = lua_type (L, -1);
    if (type == LUA_TNUMBER)
        status = lua_tostring (L, -1);
    else
    if (type == LUA_TSTRING || type == LUA_TTABLE)
        status = lesson_text (self, L, -1, "goal check () status");
    else
    if (type != LUA_TNIL)
        return luaL_error (L, i18n_msg (self->lang, MSG_GOAL_STATUS_TYPE), self->path,
                           self->goal.line, lua_typename (L, type));
    lua_pushboolean (L, reached);
    lua_pushstring (L, status);
    return 2;
}

//  Calls check (): 1 reached, 0 not, -1 the lesson failed. Keeps the status.
static int
s_check (lesson_t *self)
{
    lua_State *L = self->L;
    lua_pushcfunction (L, s_call_check);
    if (lesson_call (self, 0, 2) != 0)
        return -1;
    lesson_goal_t *goal = &self->goal;
    const char *status = lua_tostring (L, -1);
    if (status && strcmp (status, goal->status ? goal->status : "") != 0) {
        free (goal->status);
        goal->status = strdup (status);
    }
    int reached = lua_toboolean (L, -2);
    lua_pop (L, 2);
    return reached;
}

//  What the learner did while the goal was open, as one sentence, or NULL.
static char *
s_actions (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    if (goal->n_actions == 0)
        return NULL;
    const char *and = i18n_msg (self->lang, MSG_GOAL_AND);
    size_t size = 1;
    for (int i = 0; i < goal->n_actions; i++)
        size += strlen (goal->actions [i]) + strlen (and);
    size += strlen (i18n_msg (self->lang, MSG_GOAL_MORE));
    char *list = malloc (size);
    if (!list)
        return NULL;
    list [0] = 0;
    for (int i = 0; i < goal->n_actions; i++) {
        if (i)
            strcat (list, and);
        strcat (list, goal->actions [i]);
    }
    if (goal->n_actions >= GOAL_ACTIONS_MAX)
        strcat (list, i18n_msg (self->lang, MSG_GOAL_MORE));
    char *sentence = i18n_format (self->lang, MSG_GOAL_YOU_DID, list);
    free (list);
    return sentence;
}

//  The goal's end, a check: reached, or the played solution did not reach it.
static void
s_finish (lesson_t *self, bool reached)
{
    lesson_goal_t *goal = &self->goal;
    lesson_item_t item = { .kind = ITEM_GOAL_REACHED, .passed = reached, .line = goal->line,
                           .answer = goal->number };
    const char *status = goal->status ? goal->status : "";
    if (*status)
        item.text = i18n_format (self->lang, MSG_GOAL_WITH_STATUS, goal->text, status);
    else
        item.text = strdup (goal->text);
    item.detail = reached ? s_actions (self)
                          : i18n_format (self->lang, MSG_GOAL_NOT_REACHED, status);
    goal->reached = reached;
    goal->phase = GOAL_OVER;
    lesson_checked (self, &item);
}

int
lesson_goal_poll (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    int reached = s_check (self);
    if (reached < 0)
        return -1;
    if (reached)
        s_finish (self, true);
    else
    if (goal->phase == GOAL_PLAYED && lab_now (self->lab) >= goal->deadline)
        s_finish (self, false);
    else
    if (goal->phase != GOAL_PLAY_ASKED) {
        self->status = LESSON_GOAL;
        return 0;
    }
    return 1;
}

int
lesson_goal_refresh (lesson_t *self)
{
    if (self->goal.phase != GOAL_PLAYING || self->dry)
        return 0;
    return s_check (self) < 0 ? -1 : 0;
}

//  --- the front end's side ----------------------------------------------------------

const char *
lesson_goal_status (lesson_t *self)
{
    return s_open (&self->goal) ? (self->goal.status ? self->goal.status : "") : NULL;
}

const char *
lesson_goal_text (lesson_t *self)
{
    return s_open (&self->goal) ? self->goal.text : NULL;
}

const char *
lesson_goal_solution (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    if (!s_open (goal))
        return NULL;
    if (!goal->solution_shown)
        lesson_goal_note (self, i18n_msg (self->lang, MSG_GOAL_SAW_SOLUTION));
    goal->solution_shown = true;
    return goal->solution;
}

bool
lesson_goal_solution_shown (lesson_t *self)
{
    return s_open (&self->goal) && self->goal.solution_shown;
}

int
lesson_goal_play (lesson_t *self)
{
    lesson_goal_t *goal = &self->goal;
    if (goal->phase != GOAL_OPEN || self->waiting != WAIT_GOAL)
        return -1;
    goal->phase = GOAL_PLAY_ASKED;
    lesson_goal_note (self, i18n_msg (self->lang, MSG_GOAL_PLAYED));
    lesson_item_t item = { .kind = ITEM_LOG, .line = goal->line,
                           .text = i18n_format (self->lang, MSG_GOAL_PLAYING, goal->solution) };
    lesson_push_item (self, &item);
    return 0;
}

bool
lesson_goal_playing (lesson_t *self)
{
    goal_phase_t phase = self->goal.phase;
    return phase == GOAL_PLAY_ASKED || phase == GOAL_PLAYING || phase == GOAL_PLAYED;
}

int
lesson_goal_number (lesson_t *self)
{
    return s_open (&self->goal) ? self->goal.number : 0;
}

void
api_open_goal (lua_State *L)
{
    lua_pushcfunction (L, l_goal);
    lua_setfield (L, -2, "goal");
}
