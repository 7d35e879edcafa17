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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>
#include <sys/stat.h>


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
        lua_pushfstring (L, i18n_msg (self->lang, MSG_BUDGET), self->path, line,
                         i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
        lua_error (L);
    }
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

static int s_l_section (lua_State *L);
static int s_l_reveal (lua_State *L);

//  The whitelist _ENV of a lesson, left on the stack.
static void
s_push_env (lua_State *L, lesson_t *self)
{
    luaenv_push_safe (L);
    api_open (L, self);
    lua_pushcfunction (L, s_l_section);
    lua_setfield (L, -2, "section");
    lua_pushcfunction (L, s_l_reveal);
    lua_setfield (L, -2, "reveal");
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
static void
s_start_coroutine (lesson_t *self, bool set_env)
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

//  --- sections, hints, the learner ----------------------------------------------

static void
s_free_list (char **list, int n)
{
    for (int i = 0; i < n; i++)
        free (list [i]);
    free (list);
}

//  Appends a copy of TEXT to LIST (of *N). false when out of memory.
static bool
s_append (char ***list, int *n, const char *text)
{
    char **grown = realloc (*list, (size_t) (*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    *list = grown;
    grown [*n] = strdup (text ? text : "");
    if (!grown [*n])
        return false;
    (*n)++;
    return true;
}

static bool
s_listed (char **list, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (strcmp (list [i], text) == 0)
            return true;
    return false;
}

bool
lesson_dry_named (const lesson_t *self, const char *name)
{
    if (s_listed (self->dry_names, self->n_dry_names, name))
        return true;
    for (size_t i = 0; i < self->n_dry_actors; i++)
        if (strcmp (self->dry_actors [i], name) == 0)
            return true;
    return false;
}

static void
s_clear_hints (lesson_t *self)
{
    s_free_list (self->hints, self->n_hints);
    self->hints = NULL;
    self->n_hints = self->hints_shown = 0;
}

//  section (title, fn): registers one section; the runtime runs them in
//  order once the lesson's top level has run.
static int
s_l_section (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    if (!self->have_meta)
        return luaL_error (L, i18n_msg (self->lang, MSG_META_FIRST));
    if (self->section >= 0)
        return luaL_error (L, i18n_msg (self->lang, MSG_SECTION_NESTED));
    const char *title = lesson_text (self, L, 1, "section");
    luaL_checktype (L, 2, LUA_TFUNCTION);
    if (self->sections_ref == LUA_NOREF) {
        lua_newtable (L);
        self->sections_ref = luaL_ref (L, LUA_REGISTRYINDEX);
    }
    if (!s_append (&self->section_titles, &self->n_sections, title))
        return luaL_error (L, "not enough memory");
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->sections_ref);
    lua_pushvalue (L, 2);
    lua_rawseti (L, -2, self->n_sections);
    lua_pop (L, 1);
    return 0;
}

//  reveal (): the open question's answer, now (its evidence is on screen).
static int
s_l_reveal (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    if (!self->have_meta)
        return luaL_error (L, i18n_msg (self->lang, MSG_META_FIRST));
    lesson_flush_reveal (self);
    return 0;
}

void
lesson_add_hint (lesson_t *self, const char *text, int line)
{
    s_append (&self->hints, &self->n_hints, text);
    lesson_item_t item = { .kind = ITEM_HINT, .line = line, .text = strdup (text ? text : "") };
    lesson_push_item (self, &item);
}

void
lesson_read_hints (lesson_t *self, lua_State *L, int idx)
{
    idx = lua_absindex (L, idx);
    lua_getfield (L, idx, "hints");
    if (lua_isnil (L, -1)) {
        lua_pop (L, 1);
        return;
    }
    if (!lua_istable (L, -1))
        luaL_error (L, i18n_msg (self->lang, MSG_ASK_HINTS));
    int n = (int) luaL_len (L, -1);
    //  Checked first, so that a bad one adds none.
    for (int i = 1; i <= n; i++) {
        lua_rawgeti (L, -1, i);
        lesson_text (self, L, -1, "ask { hints = … }");
        lua_pop (L, 1);
    }
    for (int i = 1; i <= n; i++) {
        lua_rawgeti (L, -1, i);
        s_append (&self->hints, &self->n_hints, lesson_text (self, L, -1, "ask { hints = … }"));
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
}

const char *
lesson_next_hint (lesson_t *self, bool *had)
{
    if (had)
        *had = self->n_hints > 0;
    if (self->hints_shown >= self->n_hints)
        return NULL;
    return self->hints [self->hints_shown++];
}

void
lesson_note_meddle (lesson_t *self, const char *what)
{
    if (!what || self->sandbox || self->dry)
        return;
    free (self->meddle);
    self->meddle = strdup (what);
    //  The end screen lists them: the first few are enough.
    if (self->n_extras < 8)
        s_append (&self->extras, &self->n_extras, what);
}

void
lesson_note_extra (lesson_t *self, const char *what)
{
    if (what && !self->sandbox && !self->dry && self->n_extras < 8)
        s_append (&self->extras, &self->n_extras, what);
}

int
lesson_extras (lesson_t *self)
{
    return self->n_extras;
}

const char *
lesson_extra (lesson_t *self, int index)
{
    return index >= 0 && index < self->n_extras ? self->extras [index] : NULL;
}

int
lesson_predictions (lesson_t *self)
{
    return self->asked;
}

int
lesson_predictions_right (lesson_t *self)
{
    return self->right;
}

void
lesson_checked (lesson_t *self, lesson_item_t *item)
{
    if (!self->dry) {
        if (item->passed)
            self->passed++;
        else
            self->failed++;
    }
    //  A check that failed after the learner changed the experiment says
    //  so: the check saw their change, not the lesson being wrong.
    if (!item->passed && self->meddle && !item->detail)
        item->detail = i18n_format (self->lang, MSG_MEDDLED, self->meddle);
    lesson_push_item (self, item);
    //  The evidence is on screen: now the answer.
    lesson_flush_reveal (self);
}

void
lesson_set_start_section (lesson_t *self, int section)
{
    self->start_section = section > 0 ? section - 1 : 0;
}

int
lesson_section (lesson_t *self)
{
    return self->section >= 0 ? self->section + 1 : 1;
}

int
lesson_sections (lesson_t *self)
{
    return self->n_sections > 0 ? self->n_sections : 1;
}

//  Every actor of the lab goes: a section begins on an empty lab that
//  runs freely (programs outside zmqlab stay connected).
static void
s_empty_lab (lesson_t *self)
{
    if (!self->lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        if (!snap->actors [i].external)
            lab_remove (self->lab, snap->actors [i].name);
    lab_snapshot_destroy (&snap);
    if (lab_stepping (self->lab))
        lab_set_stepping (self->lab, false);
    lab_resume_all (self->lab);
}

//  Makes section INDEX (0-based) the coroutine; RESTART: it ran before.
static void
s_enter_section (lesson_t *self, int index, bool restart)
{
    s_empty_lab (self);
    //  A section's names are free again in the next one; every section's
    //  are kept apart for whoever must leave them to the lesson.
    for (size_t i = 0; i < self->n_dry_actors; i++) {
        if (!s_listed (self->dry_names, self->n_dry_names, self->dry_actors [i]))
            s_append (&self->dry_names, &self->n_dry_names, self->dry_actors [i]);
        free (self->dry_actors [i]);
    }
    self->n_dry_actors = 0;
    lesson_item_clear (&self->reveal);
    self->reveal_pending = false;
    if (self->until_ref != LUA_NOREF) {
        luaL_unref (self->L, LUA_REGISTRYINDEX, self->until_ref);
        self->until_ref = LUA_NOREF;
    }
    s_clear_hints (self);
    free (self->meddle);
    self->meddle = NULL;
    self->section = index;
    int counts [5] = { self->passed, self->failed, self->steps, self->asked, self->right };
    memcpy (self->at_start, counts, sizeof counts);
    lesson_item_t item = { .kind = ITEM_SECTION, .answer = index + 1,
                           .total = self->n_sections, .chosen = restart,
                           .text = strdup (self->section_titles [index]) };
    lesson_push_item (self, &item);
    lua_rawgeti (self->L, LUA_REGISTRYINDEX, self->sections_ref);
    lua_rawgeti (self->L, -1, index + 1);
    lua_remove (self->L, -2);
    s_start_coroutine (self, false);
}

int
lesson_restart_section (lesson_t *self)
{
    if (self->sandbox || self->dry || !self->have_meta || self->meta_only)
        return -1;
    //  Its checks, steps and predictions begin again.
    self->passed = self->at_start [0];
    self->failed = self->at_start [1];
    self->steps = self->at_start [2];
    self->asked = self->at_start [3];
    self->right = self->at_start [4];
    free (self->error);
    self->error = NULL;
    self->advanced = false;
    self->chosen = 0;
    if (self->n_sections > 0 && self->section >= 0) {
        s_enter_section (self, self->section, true);
        return 0;
    }
    //  One implicit section: the whole lesson again, lesson {} included.
    s_empty_lab (self);
    lesson_item_clear (&self->reveal);
    self->reveal_pending = false;
    if (self->until_ref != LUA_NOREF) {
        luaL_unref (self->L, LUA_REGISTRYINDEX, self->until_ref);
        self->until_ref = LUA_NOREF;
    }
    s_clear_hints (self);
    free (self->meddle);
    self->meddle = NULL;
    lesson_meta_clear (&self->meta);
    self->have_meta = false;
    lesson_item_t item = { .kind = ITEM_SECTION, .answer = 1, .total = 1, .chosen = 1 };
    lesson_push_item (self, &item);
    lua_rawgeti (self->L, LUA_REGISTRYINDEX, self->chunk_ref);
    s_start_coroutine (self, true);
    return 0;
}

static lesson_t *
s_new (const char *path, lab_t *lab, bool dry, i18n_lang_t lang, char **error)
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
    s_start_coroutine (self, true);
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
    self->have_meta = true;         //  free mode: no lesson { … } needed
    self->status = LESSON_DONE;
    return self;
}

int
lesson_eval (lesson_t *self, const char *code, char **error)
{
    *error = NULL;
    if (self->status != LESSON_DONE && self->status != LESSON_FAILED) {
        *error = strdup (i18n_msg (self->lang, MSG_STILL_RUNNING));
        return -1;
    }
    lua_State *L = self->L;
    //  An expression shows its value, as in the lua prompt.
    char *expression;
    if (asprintf (&expression, "return %s", code) < 0)
        return -1;
    int rc = luaL_loadbufferx (L, expression, strlen (expression), "=command", "t");
    free (expression);
    if (rc != LUA_OK) {
        lua_pop (L, 1);
        rc = luaL_loadbufferx (L, code, strlen (code), "=command", "t");
    }
    if (rc != LUA_OK) {
        *error = strdup (lua_tostring (L, -1));
        lua_pop (L, 1);
        return -1;
    }
    free (self->error);
    self->error = NULL;
    s_start_coroutine (self, true);
    return 0;
}

lesson_t *
lesson_open (const char *path, lab_t *lab, i18n_lang_t lang, char **error)
{
    return s_new (path, lab, false, lang, error);
}

lesson_t *
lesson_open_dry (const char *path, i18n_lang_t lang, const char *actors_dir, char **error)
{
    lesson_t *self = s_new (path, NULL, true, lang, error);
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
        lua_close (self->L);
    for (size_t i = 0; i < self->n_items; i++)
        lesson_item_clear (&self->items [(self->head_items + i) % self->cap_items]);
    free (self->items);
    lesson_item_clear (&self->reveal);
    lesson_meta_clear (&self->meta);
    for (size_t i = 0; i < self->n_dry_actors; i++)
        free (self->dry_actors [i]);
    free (self->dry_actors);
    s_free_list (self->dry_names, self->n_dry_names);
    s_free_list (self->section_titles, self->n_sections);
    s_free_list (self->hints, self->n_hints);
    s_free_list (self->extras, self->n_extras);
    free (self->meddle);
    free (self->error);
    free (self->path);
    free (self->actors_dir);
    free (self);
    *self_p = NULL;
}

//  --- items ----------------------------------------------------------------

void
lesson_push_item (lesson_t *self, const lesson_item_t *item)
{
    if (self->n_items == self->cap_items) {
        size_t cap = self->cap_items ? self->cap_items * 2 : 32;
        lesson_item_t *grown = malloc (cap * sizeof *grown);
        if (!grown)
            return;
        for (size_t i = 0; i < self->n_items; i++)
            grown [i] = self->items [(self->head_items + i) % self->cap_items];
        free (self->items);
        self->items = grown;
        self->cap_items = cap;
        self->head_items = 0;
    }
    self->items [(self->head_items + self->n_items) % self->cap_items] = *item;
    self->n_items++;
}

bool
lesson_take_item (lesson_t *self, lesson_item_t *item)
{
    if (self->n_items == 0)
        return false;
    *item = self->items [self->head_items];
    self->head_items = (self->head_items + 1) % self->cap_items;
    self->n_items--;
    return true;
}

void
lesson_flush_reveal (lesson_t *self)
{
    if (!self->reveal_pending)
        return;
    lesson_push_item (self, &self->reveal);
    memset (&self->reveal, 0, sizeof self->reveal);
    self->reveal_pending = false;
}

int
lesson_current_line (lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack (L, level, &ar); level++) {
        lua_getinfo (L, "Sl", &ar);
        if (ar.currentline > 0 && ar.what [0] != 'C')
            return ar.currentline;
    }
    return 0;
}

void
lesson_report (lesson_t *self, lua_State *L, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *message;
    if (vasprintf (&message, format, args) < 0)
        message = NULL;
    va_end (args);
    lesson_item_t item = { .kind = ITEM_ERROR, .line = lesson_current_line (L) };
    if (asprintf (&item.text, "%s:%d: %s", self->path, item.line,
                  message ? message : "?") < 0)
        item.text = NULL;
    free (message);
    lesson_push_item (self, &item);
}

//  In a dry run: WHAT has no text in the language CODE.
static void
s_report_untranslated (lesson_t *self, lua_State *L, const char *what, const char *code)
{
    char *text = i18n_format (self->lang, MSG_TEXT_UNTRANSLATED, what,
                              i18n_msg (self->lang, MSG_MISSING_TRANSLATION), code);
    lesson_report (self, L, "%s", text ? text : what);
    free (text);
}

const char *
lesson_text (lesson_t *self, lua_State *L, int idx, const char *what)
{
    idx = lua_absindex (L, idx);
    if (lua_type (L, idx) == LUA_TSTRING)
        return lua_tostring (L, idx);
    if (!lua_istable (L, idx)) {
        luaL_error (L, i18n_msg (self->lang, MSG_TEXT_EXPECTED), what, luaL_typename (L, idx));
        return NULL;
    }
    const char *mine = i18n_code (self->lang);
    const char *other = i18n_code (self->lang == LANG_ZH ? LANG_EN : LANG_ZH);
    lua_pushstring (L, other);
    lua_rawget (L, idx);
    bool has_other = lua_type (L, -1) == LUA_TSTRING;
    lua_pop (L, 1);
    lua_pushstring (L, mine);
    lua_rawget (L, idx);
    if (lua_type (L, -1) != LUA_TSTRING) {
        lua_pop (L, 1);
        if (!has_other) {
            luaL_error (L, i18n_msg (self->lang, MSG_TEXT_NEITHER), what);
            return NULL;
        }
        if (self->dry)
            s_report_untranslated (self, L, what, mine);
        lua_pushstring (L, other);
        lua_rawget (L, idx);
    }
    else
    if (!has_other && self->dry)
        s_report_untranslated (self, L, what, other);
    //  Raw access above: the string is the table's own, so it stays alive
    //  in the table after we pop our copy (an __index result would not).
    const char *text = lua_tostring (L, -1);
    lua_pop (L, 1);
    return text;
}

//  --- running ----------------------------------------------------------------

//  Pushes one value as text: tables one level deep with sorted keys, as in
//  "{ lost = 0, received = 20 }". Runs protected: __tostring may raise.
static void
s_describe (lua_State *L, int idx)
{
    idx = lua_absindex (L, idx);
    if (!lua_istable (L, idx) || luaL_getmetafield (L, idx, "__tostring") != LUA_TNIL) {
        if (lua_istable (L, idx))
            lua_pop (L, 1);     //  the __tostring field
        luaL_tolstring (L, idx, NULL);
        return;
    }
    //  Sorted keys through table.sort, entries joined by table.concat.
    lua_newtable (L);           //  keys
    int keys = lua_gettop (L);
    lua_Integer n = 0;
    lua_pushnil (L);
    while (lua_next (L, idx)) {
        lua_pop (L, 1);
        if (lua_type (L, -1) == LUA_TSTRING) {
            lua_pushvalue (L, -1);
            lua_rawseti (L, keys, ++n);
        }
    }
    lua_getfield (L, LUA_REGISTRYINDEX, LESSON_CONCAT);
    lua_getfield (L, LUA_REGISTRYINDEX, LESSON_SORT);
    lua_pushvalue (L, keys);
    lua_call (L, 1, 0);
    lua_newtable (L);           //  parts
    int parts = lua_gettop (L);
    lua_Integer count = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti (L, keys, i);
        const char *key = lua_tostring (L, -1);
        lua_pushvalue (L, -1);
        lua_rawget (L, idx);
        const char *value = lua_istable (L, -1) ? "{…}" : luaL_tolstring (L, -1, NULL);
        lua_pushfstring (L, "%s = %s", key, value);
        lua_rawseti (L, parts, ++count);
        lua_settop (L, parts);
    }
    lua_Integer length = (lua_Integer) lua_rawlen (L, idx);
    for (lua_Integer i = 1; i <= length && i <= 64; i++) {
        lua_rawgeti (L, idx, i);
        if (lua_istable (L, -1))
            lua_pushliteral (L, "{…}");
        else
            luaL_tolstring (L, -1, NULL);
        lua_rawseti (L, parts, ++count);
        lua_settop (L, parts);
    }
    lua_pushvalue (L, parts - 1);               //  table.concat
    lua_pushvalue (L, parts);
    lua_pushliteral (L, ", ");
    lua_call (L, 2, 1);
    lua_pushfstring (L, "{ %s }", lua_tostring (L, -1));
    lua_replace (L, keys);
    lua_settop (L, keys);
}

static void
s_describe_at (void *lua_state, int idx)
{
    s_describe (lua_state, idx);
}

//  The command's results are the arguments; returns them as one string.
static int
s_describe_all (lua_State *L)
{
    luaenv_push_joined (L, lua_gettop (L), s_describe_at);
    return 1;
}

//  The values a sandbox command returned, as one log item.
static void
s_show_results (lesson_t *self, lua_State *co, int n)
{
    if (n <= 0)
        return;
    lua_State *L = self->L;
    if (!lua_checkstack (L, n + 2)) {
        lua_pop (co, n);
        return;
    }
    lua_pushcfunction (L, s_describe_all);
    lua_xmove (co, L, n);
    self->budget = LESSON_BUDGET;
    lesson_item_t item = { .kind = ITEM_LOG };
    bool ok = lua_pcall (L, n, 1, 0) == LUA_OK;
    item.text = strdup (ok ? lua_tostring (L, -1)
                           : i18n_msg (self->lang, MSG_UNSHOWABLE));
    lua_pop (L, 1);
    lesson_push_item (self, &item);
}

static lesson_status_t
s_fail (lesson_t *self, const char *message, msg_id_t hint)
{
    const char *unknown = i18n_msg (self->lang, MSG_ERROR);
    free (self->error);
    if (asprintf (&self->error, "%s", message ? message : unknown) < 0)
        self->error = NULL;
    lesson_item_t item = { .kind = ITEM_ERROR };
    item.text = strdup (self->error ? self->error : unknown);
    item.detail = strdup (i18n_msg (self->lang, hint));
    lesson_push_item (self, &item);
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
    if (strstr (message, "not enough memory"))
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
        if (lua_getinfo (co, "Sl", &ar) && ar.currentline > 0 && ar.source [0] == '@')
            return ar.currentline;
    return 0;
}

static lesson_status_t
s_status_of_wait (lesson_t *self)
{
    switch (self->waiting) {
        case WAIT_SAY: return LESSON_SAY;
        case WAIT_ASK: return LESSON_ASK;
        default: return LESSON_WAITING;
    }
}

//  Calls wait_until's function on the main state. 1 true, 0 false, -1 error.
static int
s_condition (lesson_t *self)
{
    lua_State *L = self->L;
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->until_ref);
    self->budget = LESSON_BUDGET;
    self->budget_blown = false;
    lua_sethook (L, s_hook, LUA_MASKCOUNT, LESSON_HOOK_EVERY);
    if (lua_pcall (L, 0, 1, 0) != LUA_OK || self->budget_blown) {
        if (self->budget_blown && lua_isstring (L, -1) == 0) {
            lua_pop (L, 1);
            lua_pushfstring (L, i18n_msg (self->lang, MSG_BUDGET), self->path, self->budget_line,
                             i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
        }
        const char *message = lua_tostring (L, -1);
        s_fail (self, message, s_hint_for (message));
        lua_pop (L, 1);
        return -1;
    }
    int result = lua_toboolean (L, -1);
    lua_pop (L, 1);
    return result;
}

//  After a coroutine ended: starts the next section. 1 when one started,
//  0 when the lesson is over, -1 when it failed (no such section).
static int
s_next_section (lesson_t *self)
{
    if (self->n_sections == 0) {
        if (self->start_section > 0) {
            char *message = i18n_format (self->lang, MSG_SECTION_NONE, self->path,
                                         self->start_section + 1, 1);
            s_fail (self, message, MSG_HINT_SECTION);
            free (message);
            return -1;
        }
        return 0;
    }
    int next = self->section < 0 ? self->start_section : self->section + 1;
    if (self->section < 0 && next >= self->n_sections) {
        char *message = i18n_format (self->lang, MSG_SECTION_NONE, self->path,
                                     next + 1, self->n_sections);
        s_fail (self, message, MSG_HINT_SECTION);
        free (message);
        return -1;
    }
    if (next >= self->n_sections)
        return 0;
    s_enter_section (self, next, false);
    return 1;
}

lesson_status_t
lesson_run (lesson_t *self)
{
    if (self->status == LESSON_DONE || self->status == LESSON_FAILED)
        return self->status;
    int nargs = 0;
    lua_State *co = self->co;
    switch (self->waiting) {
        case WAIT_SAY:
            if (!self->advanced)
                return self->status = LESSON_SAY;
            s_clear_hints (self);           //  the step is left: its hints go
            break;
        case WAIT_ASK:
            if (self->chosen == 0)
                return self->status = LESSON_ASK;
            s_clear_hints (self);
            lua_pushinteger (co, self->chosen);
            nargs = 1;
            break;
        case WAIT_TIME:
            if (lab_now (self->lab) < self->deadline)
                return self->status = LESSON_WAITING;
            break;
        case WAIT_UNTIL: {
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
        char *message = i18n_format (self->lang, MSG_BUDGET, self->path, self->budget_line,
                                     i18n_msg (self->lang, MSG_BUDGET_TAG), LESSON_BUDGET);
        s_fail (self, message, MSG_HINT_BUDGET);
        free (message);
        return self->status;
    }
    if (rc == LUA_OK && self->sandbox)
        s_show_results (self, co, nresults);    //  takes the results
    else
    if (rc == LUA_OK || rc == LUA_YIELD)
        lua_pop (co, nresults);                 //  after an error: the message
    if (rc == LUA_YIELD)
        return self->status = s_status_of_wait (self);
    if (rc == LUA_OK) {
        lesson_flush_reveal (self);
        if (self->have_meta && !self->sandbox && !self->meta_only) {
            int next = s_next_section (self);
            if (next < 0)
                return self->status;
            if (next > 0) {
                nargs = 0;
                goto resume;
            }
        }
        if (!self->have_meta && !self->dry)
        {
            char *message = i18n_format (self->lang, MSG_NEVER_META, self->path);
            s_fail (self, message, MSG_HINT_META);
            free (message);
            return self->status;
        }
        return self->status = LESSON_DONE;
    }
    //  An error: where it happened is in the message ("file:line: …"),
    //  except for errors without a position (memory): take it from the
    //  coroutine's stack, which an error leaves in place.
    const char *message = lua_tostring (co, -1);
    char *copy;
    if (message && (strncmp (message, self->path, strlen (self->path)) == 0
                    || (self->sandbox && strncmp (message, "command:", 8) == 0)))
        copy = strdup (message);
    else
    if (asprintf (&copy, "%s:%d: %s", self->path, s_error_line (co),
                  message ? message : i18n_msg (self->lang, MSG_ERROR_NOT_STRING)) < 0)
        copy = NULL;
    lua_pop (co, 1);
    s_fail (self, copy, s_hint_for (copy));
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
    lesson_t *self = s_new (path, NULL, true, lang, error);
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
    return self->passed;
}

int
lesson_checks_failed (lesson_t *self)
{
    return self->failed;
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
