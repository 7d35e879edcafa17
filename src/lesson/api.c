/*  api.c — the functions a lesson calls (lessons/README.md is the reference).
    Each checks its arguments with luaL_check*, so a mistake in a lesson
    reads "file:line: bad argument #1 to 'spawn' (…)". In a dry run
    (--check) the same checks run but nothing starts and nothing waits.
*/
#define _GNU_SOURCE
#include "internal.h"
#include "help.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

lesson_t *
api_lesson (lua_State *L)
{
    return *(lesson_t **) lua_getextraspace (L);
}

lesson_t *
api_lesson_met (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    if (!self->have_meta)
        luaL_error (L, i18n_msg (self->lang, MSG_META_FIRST));
    return self;
}

//  A message in the lesson's language (its format, for luaL_error).
const char *
api_msg (lua_State *L, msg_id_t id)
{
    return i18n_msg (api_lesson (L)->lang, id);
}

static char *
s_strdup (const char *text)
{
    return text ? strdup (text) : NULL;
}

//  --- lesson { id, title, summary, level, needs } -----------------------------------

bool
lesson_valid_id (const char *id)
{
    if (!*id || strlen (id) > 40)
        return false;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return false;
    return true;
}

static int
l_lesson (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    luaL_checktype (L, 1, LUA_TTABLE);
    if (self->have_meta)
        return luaL_error (L, api_msg (L, MSG_META_TWICE));
    lua_getfield (L, 1, "id");
    const char *id = lua_tostring (L, -1);
    if (!id || !lesson_valid_id (id))
        return luaL_error (L, api_msg (L, MSG_META_ID));
    lua_getfield (L, 1, "title");
    if (lua_isnil (L, -1))
        return luaL_error (L, api_msg (L, MSG_META_TITLE));
    const char *title = lesson_text (self, L, -1, "title");
    lua_getfield (L, 1, "summary");
    const char *summary = lua_isnil (L, -1) ? NULL : lesson_text (self, L, -1, "summary");
    lua_getfield (L, 1, "level");
    const char *level = NULL;
    if (!lua_isnil (L, -1)) {
        level = lua_tostring (L, -1);
        if (!level)
            return luaL_error (L, api_msg (L, MSG_META_LEVEL));
    }
    else
    if (self->dry)
        lesson_report (self, L, "%s", api_msg (L, MSG_META_NO_LEVEL));
    if (!summary && self->dry)
        lesson_report (self, L, "%s", api_msg (L, MSG_META_NO_SUMMARY));
    //  needs = "outside": the lesson waits for a program outside zmqlab,
    //  so --headless --all leaves it out.
    lua_getfield (L, 1, "needs");
    const char *needs = lua_tostring (L, -1);
    if (!lua_isnil (L, -1) && (!needs || strcmp (needs, "outside") != 0))
        return luaL_error (L, api_msg (L, MSG_META_NEEDS));
    self->meta.needs = s_strdup (needs);
    self->meta.id = s_strdup (id);
    self->meta.title = s_strdup (title);
    self->meta.summary = s_strdup (summary);
    self->meta.level = s_strdup (level);
    self->have_meta = true;
    lesson_item_t item = { .kind = ITEM_TITLE, .text = s_strdup (title),
                           .detail = s_strdup (summary), .line = lesson_current_line (L) };
    lesson_push_item (self, &item);
    if (self->meta_only) {
        self->waiting = WAIT_META;
        return lua_yield (L, 0);
    }
    return 0;
}

//  --- narrative ----------------------------------------------------------------

static void
s_text_item (lua_State *L, lesson_t *self, item_kind_t kind, const char *what)
{
    lesson_item_t item = { .kind = kind, .line = lesson_current_line (L) };
    item.text = s_strdup (lesson_text (self, L, 1, what));
    lesson_push_item (self, &item);
}

static int
l_say (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (self->exercise)
        return luaL_error (L, api_msg (L, MSG_EXERCISE_NO_SAY), "say");
    s_text_item (L, self, ITEM_SAY, "say");
    self->steps++;
    if (self->dry)
        return 0;
    self->waiting = WAIT_SAY;
    return lua_yield (L, 0);
}

static int
l_hint (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    lesson_add_hint (self, lesson_text (self, L, 1, "hint"), lesson_current_line (L));
    return 0;
}

static int
l_log (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    lesson_item_t item = { .kind = ITEM_LOG, .line = lesson_current_line (L) };
    if (lua_type (L, 1) == LUA_TTABLE && lua_gettop (L) == 1)
        item.text = s_strdup (lesson_text (self, L, 1, "log"));
    else {
        //  Like print: every argument through tostring, tab-separated.
        luaenv_push_joined (L, lua_gettop (L), NULL);
        size_t len;
        const char *text = lua_tolstring (L, -1, &len);
        if (strlen (text) < len) {
            //  Printed values may be bytes: a NUL shows as \0, not as the end.
            luaL_Buffer shown;
            luaL_buffinit (L, &shown);
            for (size_t i = 0; i < len; i++)
                if (text [i])
                    luaL_addchar (&shown, text [i]);
                else
                    luaL_addstring (&shown, "\\0");
            luaL_pushresult (&shown);
            text = lua_tolstring (L, -1, &len);
        }
        lesson_room (self, L, len + 1, "log");
        item.text = s_strdup (text);
    }
    lesson_push_item (self, &item);
    return 0;
}

static int
l_ask (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (self->exercise)
        return luaL_error (L, api_msg (L, MSG_EXERCISE_NO_SAY), "ask");
    luaL_checktype (L, 1, LUA_TTABLE);
    //  Everything is checked (and may raise) before anything is copied, so
    //  a mistake in the lesson leaks nothing. The texts stay alive in the
    //  ask table meanwhile.
    const char *question, *choices [ITEM_CHOICES_MAX], *explain = NULL;
    lua_getfield (L, 1, "q");
    question = lesson_text (self, L, -1, "ask { q = … }");
    lua_getfield (L, 1, "choices");
    if (!lua_istable (L, -1))
        return luaL_error (L, api_msg (L, MSG_ASK_CHOICES));
    int n_choices = (int) luaL_len (L, -1);
    if (n_choices < 2 || n_choices > ITEM_CHOICES_MAX)
        return luaL_error (L, api_msg (L, MSG_ASK_N_CHOICES), n_choices);
    for (int i = 1; i <= n_choices; i++) {
        //  Raw: the string must be the table's own to outlive the pop.
        lua_rawgeti (L, -1, i);
        choices [i - 1] = lesson_text (self, L, -1, "ask choice");
        lua_pop (L, 1);
    }
    lua_getfield (L, 1, "answer");
    int answer = (int) lua_tointeger (L, -1);
    if (!lua_isinteger (L, -1) || answer < 1 || answer > n_choices)
        return luaL_error (L, api_msg (L, MSG_ASK_ANSWER), n_choices);
    lua_getfield (L, 1, "explain");
    if (!lua_isnil (L, -1))
        explain = lesson_text (self, L, -1, "ask { explain = … }");
    else
    if (self->dry)
        lesson_report (self, L, "%s", api_msg (L, MSG_ASK_NO_EXPLAIN));
    int hints_before = self->n_hints;
    lesson_read_hints (self, L, 1);

    lesson_flush_reveal (self);
    lesson_item_t item = { .kind = ITEM_ASK, .line = lesson_current_line (L),
                           .text = s_strdup (question), .answer = answer,
                           .total = self->n_hints - hints_before };
    for (int i = 0; i < n_choices; i++)
        item.choices [item.n_choices++] = s_strdup (choices [i]);
    lesson_item_t reveal = { .kind = ITEM_REVEAL, .answer = answer, .line = item.line,
                             .detail = s_strdup (choices [answer - 1]),
                             .text = s_strdup (explain) };
    lesson_push_item (self, &item);
    lesson_item_clear (&self->reveal);
    self->reveal = reveal;
    self->reveal_pending = true;
    self->steps++;
    self->ask_answer = answer;
    self->ask_choices = n_choices;
    if (self->dry) {
        lua_pushinteger (L, answer);
        return 1;
    }
    self->waiting = WAIT_ASK;
    return lua_yield (L, 0);
}

static int
l_expect (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    luaL_checkany (L, 1);
    lesson_item_t item = { .kind = ITEM_EXPECT, .line = lesson_current_line (L) };
    item.text = s_strdup (lesson_text (self, L, 2, "expect"));
    item.passed = lua_toboolean (L, 1);
    lesson_checked (self, &item);       //  then the open question's answer
    lua_pushboolean (L, item.passed);
    return 1;
}

//  --- time ---------------------------------------------------------------------

static int
l_wait (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    double seconds = luaL_checknumber (L, 1);
    luaL_argcheck (L, seconds >= 0 && seconds <= 3600, 1,
                   api_msg (L, MSG_WAIT_SECONDS));
    if (self->dry)
        return 0;
    self->deadline = lab_now (self->lab) + seconds;
    self->waiting = WAIT_TIME;
    return lua_yield (L, 0);
}

static int
l_wait_until (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    luaL_checktype (L, 1, LUA_TFUNCTION);
    double timeout = luaL_optnumber (L, 2, 10);
    luaL_argcheck (L, timeout > 0 && timeout <= 3600, 2,
                   api_msg (L, MSG_WAIT_TIMEOUT));
    if (self->dry) {
        lua_pushboolean (L, 1);
        return 1;
    }
    lua_pushvalue (L, 1);
    self->until_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    self->deadline = lab_now (self->lab) + timeout;
    self->waiting = WAIT_UNTIL;
    return lua_yield (L, 0);
}

static int
l_speed (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (lua_isnoneornil (L, 1)) {
        lua_pushnumber (L, self->dry ? 1 : lab_speed (self->lab));
        return 1;
    }
    double speed = luaL_checknumber (L, 1);
    luaL_argcheck (L, speed >= 0.01 && speed <= 1000, 1,
                   api_msg (L, MSG_SPEED_FACTOR));
    if (!self->dry)
        lab_set_speed (self->lab, speed);
    return 0;
}

//  After slowed()'s function: the speed before it (an inner slowed() leaves
//  the outer one in charge). CTX is 1 for the outermost call.
static int
s_slowed_done (lua_State *L, int status, lua_KContext ctx)
{
    (void) status;
    lesson_t *self = api_lesson_met (L);
    if (!self->dry)
        lab_set_speed (self->lab, lua_tonumber (L, 3));
    if (ctx)
        self->slowed_from = 0;
    return lua_gettop (L) - 3;          //  what fn returned
}

//  slowed(factor, fn): runs fn with the lab slowed by FACTOR (0.5: twice
//  as slow), so that a run a student should watch lasts long enough; lab
//  time and every count stay exact, and the log says so. fn may wait;
//  slowed returns what fn returns.
static int
l_slowed (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    double factor = luaL_checknumber (L, 1);
    luaL_argcheck (L, factor > 0 && factor <= 1, 1, api_msg (L, MSG_SLOWED_FACTOR));
    luaL_checktype (L, 2, LUA_TFUNCTION);
    lua_settop (L, 2);
    double normal = self->dry ? 1 : lab_speed (self->lab);
    bool outermost = self->slowed_from <= 0;
    if (outermost)
        self->slowed_from = normal;
    if (!self->dry)
        lab_set_speed (self->lab, normal * factor < 0.01 ? 0.01 : normal * factor);
    lesson_item_t item = { .kind = ITEM_LOG, .line = lesson_current_line (L),
                           .text = i18n_format (self->lang, MSG_SLOWED, 1 / factor) };
    lesson_push_item (self, &item);
    lua_pushnumber (L, normal);         //  3: for s_slowed_done
    lua_pushvalue (L, 2);
    lua_callk (L, 0, LUA_MULTRET, outermost, s_slowed_done);
    return s_slowed_done (L, LUA_OK, outermost);
}

static int
l_pause_all (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (!self->dry)
        lab_pause_all (self->lab);
    return 0;
}

static int
l_resume_all (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (!self->dry)
        lab_resume_all (self->lab);
    return 0;
}

static int
l_stepping (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    luaL_checktype (L, 1, LUA_TBOOLEAN);
    if (!self->dry)
        lab_set_stepping (self->lab, lua_toboolean (L, 1));
    return 0;
}

static int
l_step (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    if (!self->dry) {
        if (!lab_stepping (self->lab))
            lab_set_stepping (self->lab, true);
        lab_step (self->lab);
    }
    return 0;
}

//  --- help() -------------------------------------------------------------------

static void
s_help_line (lua_State *L, lesson_t *self, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static void
s_help_line (lua_State *L, lesson_t *self, const char *format, ...)
{
    lesson_item_t item = { .kind = ITEM_LOG, .line = lesson_current_line (L) };
    va_list args;
    va_start (args, format);
    if (vasprintf (&item.text, format, args) < 0)
        item.text = NULL;
    va_end (args);
    if (item.text)
        lesson_push_item (self, &item);
}

//  help(): the functions a command can call, the handle methods and the
//  shipped behaviours with their parameters; help("name"): one of them.
static int
l_help (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    i18n_lang_t lang = self->lang;
    const char *dash = " — ";
    if (!lua_isnoneornil (L, 1)) {
        const char *name = luaL_checkstring (L, 1);
        const help_function_t *function = help_function (name);
        const help_behaviour_t *behaviour = help_behaviour (name);
        if (function)
            s_help_line (L, self, "%s%s%s", function->usage, dash, function->text [lang]);
        if (behaviour) {
            s_help_line (L, self, "spawn(\"%s\", { … })%s%s", behaviour->name, dash,
                         behaviour->text [lang]);
            s_help_line (L, self, "  %s%s", api_msg (L, MSG_HELP_PARAMS), behaviour->params);
        }
        if (!function && !behaviour)
            return luaL_error (L, api_msg (L, MSG_HELP_UNKNOWN), name);
        return 0;
    }
    size_t n;
    const help_function_t *functions = help_functions (&n);
    s_help_line (L, self, "%s", api_msg (L, MSG_HELP_FUNCTIONS));
    char lesson_only [256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!functions [i].in_lesson_only)
            s_help_line (L, self, "  %s%s%s", functions [i].usage, dash, functions [i].text [lang]);
        else
        if (used < sizeof lesson_only)
            used += (size_t) snprintf (lesson_only + used, sizeof lesson_only - used, "%s%s",
                                       used ? ", " : "", functions [i].name);
    }
    const help_function_t *methods = help_methods (&n);
    s_help_line (L, self, "%s", api_msg (L, MSG_HELP_METHODS));
    for (size_t i = 0; i < n; i++)
        s_help_line (L, self, "  :%s%s%s", strchr (methods [i].usage, ':') + 1, dash,
                     methods [i].text [lang]);
    s_help_line (L, self, "%s%s", api_msg (L, MSG_HELP_LESSON_ONLY), lesson_only);
    const help_behaviour_t *behaviours = help_behaviours (&n);
    s_help_line (L, self, "%s", api_msg (L, MSG_HELP_BEHAVIOURS));
    for (size_t i = 0; i < n; i++)
        s_help_line (L, self, "  %s%s%s · %s", behaviours [i].name, dash,
                     behaviours [i].text [lang], behaviours [i].params);
    //  Last: the line a command's result shows under the canvas.
    s_help_line (L, self, "%s", api_msg (L, MSG_HELP_MORE));
    return 0;
}

void
api_open (lua_State *L, lesson_t *lesson)
{
    (void) lesson;
    static const luaL_Reg functions [] = {
        { "lesson", l_lesson }, { "say", l_say }, { "ask", l_ask }, { "hint", l_hint },
        { "log", l_log }, { "print", l_log }, { "expect", l_expect }, { "wait", l_wait },
        { "wait_until", l_wait_until }, { "speed", l_speed }, { "slowed", l_slowed }, { "pause_all", l_pause_all },
        { "resume_all", l_resume_all }, { "stepping", l_stepping }, { "step", l_step },
        { "help", l_help }, { NULL, NULL }
    };
    luaL_setfuncs (L, functions, 0);
    api_open_actors (L);
}
