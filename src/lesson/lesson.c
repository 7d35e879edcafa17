/*  lesson.c — loading a lesson into a sandboxed lua_State and running it as
    a coroutine, one resume at a time, on the controller thread.

    Sandbox: the file is loaded as text only, into a whitelist _ENV (no io,
    os, package, debug, load, dofile, require, collectgarbage, coroutine,
    string.dump); an instruction budget per resume and a memory cap end a
    runaway lesson with a message instead of a hang.
*/
#define _GNU_SOURCE
#include "internal.h"
#include "engine/textfile.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>
#include <sys/stat.h>

//  What errors name as the chunk: the lesson's path, or a sandbox script's,
//  or "command".
static const char *
s_chunk (const lesson_t *self)
{
    return self->chunk_label ? self->chunk_label : self->path;
}

static void
s_hook (lua_State *L, lua_Debug *ar)
{
    (void) ar;
    lesson_t *self = api_lesson (L);
    self->budget -= LESSON_HOOK_EVERY;
    //  Once blown, every hook raises again until the resume ends: a pcall
    //  around the loop cannot keep the lesson running.
    if (self->budget < 0 || self->budget_blown) {
        lua_Debug where;
        int line = lua_getstack (L, 0, &where) && lua_getinfo (L, "l", &where)
                 ? where.currentline : 0;
        if (!self->budget_blown)
            self->budget_line = line;
        self->budget_blown = true;
        //  Every instruction raises from now until this resume ends, so a
        //  pcall that catches the error cannot go on looping.
        lua_sethook (L, s_hook, LUA_MASKCOUNT, 1);
        lua_pushfstring (L, i18n_msg (self->lang, MSG_BUDGET), s_chunk (self), line,
                         i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
        lua_error (L);
    }
}

void
lesson_room (lesson_t *self, lua_State *L, size_t bytes, const char *what)
{
    if (bytes > self->memory.max || self->memory.used > self->memory.max - bytes)
        luaL_error (L, i18n_msg (self->lang, MSG_C_MEMORY), what,
                    (int) (self->memory.max >> 20));
}

void
lesson_hold (lesson_t *self, size_t bytes)
{
    self->memory.used += bytes;
}

void
lesson_unhold (lesson_t *self, size_t bytes)
{
    self->memory.used -= bytes < self->memory.used ? bytes : self->memory.used;
}

void
lesson_refuse_nul (lesson_t *self, lua_State *L, const char *text, size_t len,
                   const char *what)
{
    size_t at = strlen (text);
    if (at < len)
        luaL_error (L, i18n_msg (self->lang, MSG_TEXT_NUL), what, (int) at + 1);
}

static char *
s_read_file (const char *path, i18n_lang_t lang, char **error)
{
    char *text = textfile_read (path, LESSON_FILE_MAX);
    if (!text)
        *error = errno == EFBIG ? i18n_format (lang, MSG_TOO_LARGE, path)
                                : i18n_format (lang, MSG_CANNOT_OPEN, path);
    return text;
}

//  The whitelist _ENV of a lesson, left on the stack.
static void
s_push_env (lua_State *L, lesson_t *self)
{
    luaenv_push_safe (L, i18n_msg (self->lang, MSG_NO_FINALIZERS));
    api_open (L, self);
    lua_pushcfunction (L, lesson_l_section);
    lua_setfield (L, -2, "section");
    lua_pushcfunction (L, lesson_l_reveal);
    lua_setfield (L, -2, "reveal");
    api_open_goal (L);
}

//  A lesson state for PATH (a file, or a name for the sandbox) with no
//  chunk loaded yet.
static lesson_t *
s_new_state (const char *path, lab_t *lab, bool dry, i18n_lang_t lang, char **error)
{
    lesson_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->lab = lab;
    self->dry = dry;
    self->lang = lang;
    self->path = strdup (path);
    self->memory.max = LESSON_MEMORY_MAX;
    self->budget = LESSON_BUDGET;
    self->until_ref = LUA_NOREF;
    self->co_ref = LUA_NOREF;
    self->env_ref = LUA_NOREF;
    self->chunk_ref = LUA_NOREF;
    self->sections_ref = LUA_NOREF;
    self->goal.check_ref = self->goal.play_ref = LUA_NOREF;
    self->section = -1;
    self->status = LESSON_WAITING;
    //  Shipped behaviours sit in actors/ beside the lessons.
    const char *slash = strrchr (path, '/');
    if (asprintf (&self->actors_dir, "%.*sactors", slash ? (int) (slash - path + 1) : 0,
                  path) < 0)
        self->actors_dir = NULL;

    lua_State *L = lua_newstate (luamem_alloc, &self->memory);
    if (!L) {
        lesson_destroy (&self);
        *error = strdup (i18n_msg (lang, MSG_NO_LUA_STATE));
        return NULL;
    }
    self->L = L;
    *(lesson_t **) lua_getextraspace (L) = self;
    luaL_openlibs (L);
    //  Reachable through every string's metatable: must go from the table itself.
    lua_getglobal (L, "string");
    lua_pushnil (L);
    lua_setfield (L, -2, "dump");
    lua_pop (L, 1);
    lua_getglobal (L, "table");
    lua_getfield (L, -1, "concat");
    lua_setfield (L, LUA_REGISTRYINDEX, LESSON_CONCAT);
    lua_getfield (L, -1, "sort");
    lua_setfield (L, LUA_REGISTRYINDEX, LESSON_SORT);
    lua_pop (L, 1);
    lua_sethook (L, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    s_push_env (L, self);
    self->env_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    return self;
}

//  Makes the function on top of L's stack the body of a fresh coroutine;
//  a chunk (SET_ENV) gets the lesson's _ENV, a section has it already.
void
lesson_start_coroutine (lesson_t *self, bool set_env)
{
    lua_State *L = self->L;
    if (set_env) {
        lua_rawgeti (L, LUA_REGISTRYINDEX, self->env_ref);
        lua_setupvalue (L, -2, 1);      //  _ENV
    }
    if (self->co_ref != LUA_NOREF)
        luaL_unref (L, LUA_REGISTRYINDEX, self->co_ref);
    self->co = lua_newthread (L);
    lua_sethook (self->co, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    self->co_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    lua_xmove (L, self->co, 1);
    self->status = LESSON_WAITING;
    self->waiting = WAIT_NOTHING;
}

lesson_t *
lesson_new_file (const char *path, lab_t *lab, bool dry, i18n_lang_t lang, char **error)
{
    *error = NULL;
    char *source = s_read_file (path, lang, error);
    if (!source)
        return NULL;
    lesson_t *self = s_new_state (path, lab, dry, lang, error);
    if (!self) {
        free (source);
        return NULL;
    }
    lua_State *L = self->L;
    lesson_goal_scan (self, source);
    char *chunkname;
    if (asprintf (&chunkname, "@%s", path) < 0)
        chunkname = NULL;
    int rc = luaL_loadbufferx (L, source, strlen (source), chunkname ? chunkname : "@lesson", "t");
    free (chunkname);
    free (source);
    if (rc != LUA_OK) {
        //  Syntax errors carry "path:line:"; others ("attempt to load a
        //  binary chunk") get the path.
        const char *message = lua_tostring (L, -1);
        bool placed = message && strncmp (message, path, strlen (path)) == 0;
        if (asprintf (error, "%s%s%s\n  %s: %s", placed ? "" : path, placed ? "" : ": ",
                      message ? message : "?", i18n_msg (lang, MSG_HINT),
                      i18n_msg (lang, MSG_HINT_SYNTAX)) < 0)
            *error = NULL;
        lesson_destroy (&self);
        return NULL;
    }
    //  Kept: R reruns a lesson without sections from its start.
    lua_pushvalue (L, -1);
    self->chunk_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    lesson_start_coroutine (self, true);
    return self;
}

lesson_t *
lesson_open_sandbox (lab_t *lab, i18n_lang_t lang, char **error)
{
    *error = NULL;
    lesson_t *self = s_new_state ("sandbox", lab, false, lang, error);
    if (!self)
        return NULL;
    self->sandbox = true;
    self->chunk_label = strdup ("command");
    self->have_meta = true;         //  free mode: no lesson { … } needed
    self->status = LESSON_DONE;
    return self;
}

//  CODE as a command (LABEL "command") or a script's text (LABEL its path).
static int
s_eval (lesson_t *self, const char *code, const char *label, char **error)
{
    *error = NULL;
    if (self->status != LESSON_DONE && self->status != LESSON_FAILED) {
        *error = strdup (i18n_msg (self->lang, MSG_STILL_RUNNING));
        return -1;
    }
    lua_State *L = self->L;
    //  The last command's coroutine goes first: after a memory error it
    //  holds what filled the memory, and the new one could not compile.
    if (self->co_ref != LUA_NOREF) {
        luaL_unref (L, LUA_REGISTRYINDEX, self->co_ref);
        self->co_ref = LUA_NOREF;
        self->co = NULL;
    }
    //  An expression shows its value, as in the lua prompt.
    char *expression;
    if (asprintf (&expression, "return %s", code) < 0)
        return -1;
    char *chunkname;
    if (asprintf (&chunkname, "%s%s", strcmp (label, "command") == 0 ? "=" : "@", label) < 0) {
        free (expression);
        return -1;
    }
    int rc = luaL_loadbufferx (L, expression, strlen (expression), chunkname, "t");
    free (expression);
    if (rc != LUA_OK) {
        lua_pop (L, 1);
        rc = luaL_loadbufferx (L, code, strlen (code), chunkname, "t");
    }
    free (chunkname);
    if (rc != LUA_OK) {
        *error = strdup (lua_tostring (L, -1));
        lua_pop (L, 1);
        return -1;
    }
    free (self->error);
    self->error = NULL;
    free (self->chunk_label);
    self->chunk_label = strdup (label);
    lesson_start_coroutine (self, true);
    return 0;
}

int
lesson_eval (lesson_t *self, const char *code, char **error)
{
    return s_eval (self, code, "command", error);
}

int
lesson_eval_script (lesson_t *self, const char *code, const char *path, char **error)
{
    return s_eval (self, code, path, error);
}

lesson_t *
lesson_open (const char *path, lab_t *lab, i18n_lang_t lang, char **error)
{
    return lesson_new_file (path, lab, false, lang, error);
}

lesson_t *
lesson_open_dry (const char *path, i18n_lang_t lang, const char *actors_dir, char **error)
{
    lesson_t *self = lesson_new_file (path, NULL, true, lang, error);
    struct stat info;
    if (self && actors_dir && (!self->actors_dir || stat (self->actors_dir, &info) != 0)) {
        free (self->actors_dir);
        self->actors_dir = strdup (actors_dir);
    }
    return self;
}

void
lesson_item_clear (lesson_item_t *item)
{
    free (item->text);
    free (item->detail);
    for (int i = 0; i < item->n_choices; i++)
        free (item->choices [i]);
    memset (item, 0, sizeof *item);
}

void
lesson_meta_clear (lesson_meta_t *meta)
{
    free (meta->id);
    free (meta->title);
    free (meta->summary);
    free (meta->level);
    free (meta->needs);
    memset (meta, 0, sizeof *meta);
}

void
lesson_destroy (lesson_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    lesson_t *self = *self_p;
    if (self->L)
        lesson_goal_forget (self);
    lesson_goal_destroy (self);
    if (self->L)
        lua_close (self->L);
    for (size_t i = 0; i < self->n_items; i++)
        lesson_item_clear (&self->items [(self->head_items + i) % self->cap_items]);
    free (self->items);
    lesson_item_clear (&self->reveal);
    lesson_meta_clear (&self->meta);
    for (size_t i = 0; i < self->n_dry_actors; i++)
        free (self->dry_actors [i]);
    free (self->dry_actors);
    lesson_list_free (self->dry_names, self->n_dry_names);
    lesson_list_free (self->section_titles, self->n_sections);
    lesson_list_free (self->hints, self->n_hints);
    lesson_list_free (self->extras, self->n_extras);
    lesson_list_free (self->ex_hints, self->n_ex_hints);
    lesson_list_free (self->student_params, self->n_student_params);
    outside_mode_destroy (&self->outside);
    free (self->student_file);
    free (self->student_error);
    free (self->meddle);
    free (self->error);
    free (self->path);
    free (self->chunk_label);
    free (self->actors_dir);
    free (self);
    *self_p = NULL;
}

lesson_status_t
lesson_fail (lesson_t *self, const char *message, msg_id_t hint)
{
    //  In an exercise's check, an error ends that check, not the exercise.
    if (self->exercise && self->section >= 0 && !self->meta_only)
        return exercise_check_error (self, message, hint);
    const char *unknown = i18n_msg (self->lang, MSG_ERROR);
    free (self->error);
    if (asprintf (&self->error, "%s", message ? message : unknown) < 0)
        self->error = NULL;
    lesson_item_t item = { .kind = ITEM_ERROR };
    item.text = strdup (self->error ? self->error : unknown);
    item.detail = strdup (i18n_msg (self->lang, hint));
    lesson_push_item (self, &item);
    lesson_goal_forget (self);
    self->status = LESSON_FAILED;
    self->waiting = WAIT_NOTHING;
    return self->status;
}

static msg_id_t
s_hint_for (const char *message)
{
    if (!message)
        return MSG_HINT_RUNTIME;
    if (strstr (message, i18n_msg (LANG_EN, MSG_BUDGET_TAG))
    ||  strstr (message, i18n_msg (LANG_ZH, MSG_BUDGET_TAG)))
        return MSG_HINT_BUDGET;
    if (strstr (message, "not enough memory") || strstr (message, "内存不足"))
        return MSG_HINT_MEMORY;
    if (strstr (message, "behaviour") || strstr (message, "行为"))
        return MSG_HINT_BEHAVIOUR;
    if (strstr (message, "lesson {"))
        return MSG_HINT_META;
    return MSG_HINT_RUNTIME;
}

//  The line of the lesson where the coroutine CO stopped with an error.
static int
s_error_line (lua_State *co)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack (co, level, &ar); level++)
        if (lua_getinfo (co, "Sl", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

static int
s_tostring (lua_State *L)
{
    luaL_tolstring (L, 1, NULL);
    return 1;
}

//  The error value at the top of THREAD (popped) as "chunk:line: what": a
//  message without a position (the memory error, error (nil), a yield out
//  of a call) gets the line THREAD stopped at, which an error leaves in
//  place; a value that is no message says what it is, or its __tostring
//  (protected, under a budget of its own).
static char *
s_error_text (lesson_t *self, lua_State *thread)
{
    lua_State *L = self->L;
    int type = lua_type (thread, -1);
    char *what = NULL;
    if (type == LUA_TSTRING || type == LUA_TNUMBER)
        what = strdup (lua_tostring (thread, -1));
    else
    if (luaL_getmetafield (thread, -1, "__tostring") != LUA_TNIL) {
        lua_pop (thread, 1);
        lua_pushcfunction (L, s_tostring);
        lua_pushvalue (thread, -1);
        lua_xmove (thread, L, 1);
        self->budget = LESSON_BUDGET;
        self->budget_blown = false;
        lua_sethook (L, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
        //  Its result, or its own error (it raised), or that it looped.
        lua_pcall (L, 1, 1, 0);
        if (self->budget_blown || !lua_isstring (L, -1))
            what = strdup (i18n_msg (self->lang, self->budget_blown ? MSG_ERROR_TOSTRING_LOOP
                                                                     : MSG_ERROR));
        else
            what = strdup (lua_tostring (L, -1));
        self->budget_blown = false;
        lua_pop (L, 1);
    }
    else
        what = i18n_format (self->lang, MSG_ERROR_VALUE, lua_typename (thread, type));
    lua_pop (thread, 1);
    if (what && strcmp (what, "not enough memory") == 0) {
        free (what);
        what = i18n_format (self->lang, MSG_MEMORY_CAP, (int) (LESSON_MEMORY_MAX >> 20));
    }
    const char *chunk = s_chunk (self);
    size_t n = strlen (chunk);
    char *text = NULL;
    if (what && strncmp (what, chunk, n) == 0 && what [n] == ':')
        return what;
    if (asprintf (&text, "%s:%d: %s", chunk, s_error_line (thread),
                  what ? what : i18n_msg (self->lang, MSG_ERROR)) < 0)
        text = NULL;
    free (what);
    return text;
}

static lesson_status_t
s_status_of_wait (lesson_t *self)
{
    switch (self->waiting) {
        case WAIT_SAY: return LESSON_SAY;
        case WAIT_ASK: return LESSON_ASK;
        case WAIT_GOAL: return LESSON_GOAL;
        default: return LESSON_WAITING;
    }
}

//  A function on the main state (wait_until's condition, a goal's check),
//  protected, with a budget of its own.
static int
s_new_thread (lua_State *L)
{
    lua_newthread (L);
    return 1;
}

int
lesson_call (lesson_t *self, int nargs, int nresults)
{
    lua_State *L = self->L;
    //  On a thread of its own: after an error its stack stays where it
    //  stopped (the line of any error, the memory one too), and a wait or
    //  say inside it yields instead of raising a message without a line.
    //  Made protected: out of memory, lua_newthread would raise where
    //  nothing catches it.
    lua_pushcfunction (L, s_new_thread);
    if (lua_pcall (L, 0, 1, 0) != LUA_OK) {
        lua_pop (L, nargs + 2);         //  the error, the function, its arguments
        char *message = i18n_format (self->lang, MSG_MEMORY_CAP, (int) (LESSON_MEMORY_MAX >> 20));
        char *placed = NULL;
        if (asprintf (&placed, "%s:%d: %s", s_chunk (self),
                      self->co ? s_error_line (self->co) : 0,
                      message ? message : "") < 0)
            placed = NULL;
        lesson_fail (self, placed, MSG_HINT_MEMORY);
        free (placed);
        free (message);
        return -1;
    }
    lua_State *thread = lua_tothread (L, -1);
    lua_rotate (L, -(nargs + 2), 1);
    lua_xmove (L, thread, nargs + 1);
    self->budget = LESSON_BUDGET;
    self->budget_blown = false;
    lua_sethook (thread, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    int got = 0;
    int rc = lua_resume (thread, L, nargs, &got);
    char *message = NULL;
    if (self->budget_blown)
        message = i18n_format (self->lang, MSG_BUDGET, s_chunk (self), self->budget_line,
                               i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
    else
    if (rc == LUA_YIELD) {
        char *what = strdup (i18n_msg (self->lang, MSG_YIELD_IN_CALL));
        if (asprintf (&message, "%s:%d: %s", s_chunk (self),
                      s_error_line (thread), what) < 0)
            message = NULL;
        free (what);
    }
    else
    if (rc != LUA_OK)
        message = s_error_text (self, thread);
    if (rc != LUA_OK || self->budget_blown) {
        //  Its <close> variables, as lua_pcall closed them (a blown budget
        //  keeps raising at every instruction).
        luaenv_close_thread (thread, L);
        lua_pop (L, 1);                 //  the thread
        lesson_fail (self, message, message ? s_hint_for (message) : MSG_HINT_RUNTIME);
        free (message);
        return -1;
    }
    //  Exactly NRESULTS, as lua_pcall leaves them.
    if (nresults != LUA_MULTRET) {
        while (got < nresults) {
            lua_pushnil (thread);
            got++;
        }
        lua_pop (thread, got - nresults);
        got = nresults;
    }
    lua_xmove (thread, L, got);
    lua_rotate (L, -(got + 1), -1);
    lua_pop (L, 1);                     //  the thread
    return 0;
}

//  Calls wait_until's function on the main state. 1 true, 0 false, -1 error.
static int
s_condition (lesson_t *self)
{
    lua_State *L = self->L;
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->until_ref);
    if (lesson_call (self, 0, 1) != 0)
        return -1;
    int result = lua_toboolean (L, -1);
    lua_pop (L, 1);
    return result;
}

lesson_status_t
lesson_run (lesson_t *self)
{
    if (self->status == LESSON_DONE || self->status == LESSON_FAILED)
        return self->status;
    if (lesson_goal_refresh (self) < 0)
        return self->status;
    int nargs = 0;
    lua_State *co = self->co;
    if (self->exercise && self->waiting != WAIT_NEXT_CHECK)
        exercise_watch (self);          //  may cut the check short
    switch (self->waiting) {
        case WAIT_SAY:
            if (!self->advanced)
                return self->status = LESSON_SAY;
            lesson_clear_hints (self);           //  the step is left: its hints go
            break;
        case WAIT_ASK:
            if (self->chosen == 0)
                return self->status = LESSON_ASK;
            lesson_clear_hints (self);
            lua_pushinteger (co, self->chosen);
            nargs = 1;
            break;
        case WAIT_OUTSIDE:
            //  spawn (STUDENT) --outside: its program is to listen first.
            if (outside_mode_holds (self))
                return self->status = LESSON_WAITING;
            break;
        case WAIT_TIME:
            if (outside_mode_holds (self) || lab_now (self->lab) < self->deadline)
                return self->status = LESSON_WAITING;
            break;
        case WAIT_UNTIL: {
            //  A person starts the outside program: the lab's time waits.
            if (outside_mode_holds (self))
                return self->status = LESSON_WAITING;
            int met = s_condition (self);
            if (met < 0)
                return self->status;
            if (!met && lab_now (self->lab) < self->deadline)
                return self->status = LESSON_WAITING;
            luaL_unref (self->L, LUA_REGISTRYINDEX, self->until_ref);
            self->until_ref = LUA_NOREF;
            lua_pushboolean (co, met);
            nargs = 1;
            break;
        }
        case WAIT_NEXT_CHECK: {
            int next = exercise_next (self);
            if (next < 0)
                return self->status;
            if (next == 0)
                return self->status = LESSON_DONE;
            goto resume;
        }
        case WAIT_GOAL:
            if (lesson_goal_poll (self) <= 0)
                return self->status;
            break;
        case WAIT_META:
        case WAIT_NOTHING:
            break;
    }
  resume:
    co = self->co;
    self->waiting = WAIT_NOTHING;
    self->advanced = false;
    self->chosen = 0;
    self->budget = LESSON_BUDGET;
    self->budget_blown = false;
    lua_sethook (co, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    lua_sethook (self->L, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    int nresults = 0;
    int rc = lua_resume (co, self->L, nargs, &nresults);
    if (self->budget_blown) {
        //  Wherever the error finally escaped, the loop is where it began.
        if (rc == LUA_OK || rc == LUA_YIELD)
            lua_pop (co, nresults);
        else
            lua_pop (co, 1);
        char *message = i18n_format (self->lang, MSG_BUDGET, s_chunk (self), self->budget_line,
                                     i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
        lesson_fail (self, message, MSG_HINT_BUDGET);
        free (message);
        return self->status;
    }
    if (rc == LUA_OK && self->sandbox)
        lesson_show_results (self, co, nresults);    //  takes the results
    else
    if (rc == LUA_OK || rc == LUA_YIELD)
        lua_pop (co, nresults);                 //  after an error: the message
    if (rc == LUA_YIELD && self->waiting == WAIT_GOAL) {
        //  A goal just opened or was played: its status at once (and it
        //  may already be reached).
        int ready = lesson_goal_poll (self);
        if (ready <= 0)
            return self->status;
        nargs = 0;
        goto resume;
    }
    if (rc == LUA_YIELD)
        return self->status = s_status_of_wait (self);
    if (rc == LUA_OK) {
        lesson_flush_reveal (self);
        if (self->have_meta && !self->sandbox && !self->meta_only) {
            int next = self->exercise ? exercise_next (self) : lesson_next_section (self);
            if (next < 0)
                return self->status;
            if (next > 0) {
                nargs = 0;
                goto resume;
            }
        }
        if (!self->have_meta && !self->dry)
        {
            char *message = self->exercise
                          ? i18n_format (self->lang, MSG_EXERCISE_NEVER_META, self->path)
                          : i18n_format (self->lang, MSG_NEVER_META, self->path);
            lesson_fail (self, message, MSG_HINT_META);
            free (message);
            return self->status;
        }
        return self->status = LESSON_DONE;
    }
    //  An error: where it happened is in the message ("file:line: …"),
    //  else (memory, error (nil), an error value) on the coroutine's
    //  stack, which an error leaves in place.
    char *copy = s_error_text (self, co);
    lesson_fail (self, copy, s_hint_for (copy));
    free (copy);
    return self->status;
}

lesson_status_t
lesson_status (lesson_t *self)
{
    return self->status;
}

void
lesson_next (lesson_t *self)
{
    if (self->waiting == WAIT_SAY)
        self->advanced = true;
}

int
lesson_answer (lesson_t *self, int choice)
{
    if (self->waiting != WAIT_ASK || self->chosen != 0
    ||  choice < 1 || choice > self->ask_choices)
        return -1;
    self->chosen = choice;
    self->asked++;
    if (choice == self->ask_answer)
        self->right++;
    lesson_item_t item = { .kind = ITEM_CHOSEN, .chosen = choice, .answer = self->ask_answer };
    lesson_push_item (self, &item);
    return 0;
}

int
lesson_expected_answer (lesson_t *self)
{
    return self->waiting == WAIT_ASK ? self->ask_answer : 0;
}

const lesson_meta_t *
lesson_meta (lesson_t *self)
{
    return self->have_meta ? &self->meta : NULL;
}

int
lesson_read_meta (const char *path, i18n_lang_t lang, lesson_meta_t *meta, char **error)
{
    memset (meta, 0, sizeof *meta);
    lesson_t *self = lesson_new_file (path, NULL, true, lang, error);
    if (!self)
        return -1;
    self->meta_only = true;
    lesson_status_t status = lesson_run (self);
    int rc = -1;
    if (self->have_meta) {
        *meta = self->meta;
        memset (&self->meta, 0, sizeof self->meta);
        rc = 0;
    }
    else
    if (asprintf (error, "%s: %s", path, status == LESSON_FAILED && self->error ? self->error
                  : i18n_msg (lang, MSG_NO_META_AT_TOP)) < 0)
        *error = NULL;
    lesson_destroy (&self);
    return rc;
}

int
lesson_checks_passed (lesson_t *self)
{
    return self->exercise ? self->checks_passed : self->passed;
}

int
lesson_checks_failed (lesson_t *self)
{
    return self->exercise ? self->checks_failed : self->failed;
}

int
lesson_step (lesson_t *self)
{
    return self->steps;
}

int
lesson_line (lesson_t *self)
{
    return self->co ? s_error_line (self->co) : 0;
}

const char *
lesson_error (lesson_t *self)
{
    return self->error;
}

