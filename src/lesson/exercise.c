/*  exercise.c — exercises: a folder's exercise.lua declares the exercise
    (exercise {}) and its checks (check (title, fn)); the student's file
    is a behaviour the checks spawn as STUDENT. A check is a section run
    straight through on a fresh lab; it passes when its expects passed,
    nothing raised and no actor running the student's code crashed. Every
    check runs, whatever the ones before did.

    The student's file is defined in the lab under its real path, so its
    errors read "path:line: message" and an editor can jump there.
*/
#define _GNU_SOURCE
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *
s_strdup (const char *text)
{
    return text ? strdup (text) : NULL;
}

//  "rep-server": lower-case words (letters, digits) joined by single '-'.
static bool
s_exercise_id (const char *id)
{
    if (!lesson_valid_id (id) || id [0] == '-' || id [strlen (id) - 1] == '-')
        return false;
    for (const char *c = id; *c; c++)
        if (*c == '_' || (c [0] == '-' && c [1] == '-'))
            return false;
    return true;
}

//  --- where an error in the student's code is -------------------------------------

//  MESSAGE as "FILE:line: message" with the student's real path: Lua
//  shortens a long chunk name to "...tail" (LUA_IDSIZE), and a message
//  without a position gets the file alone. The caller frees.
static char *
s_in_student_file (const lesson_t *self, const char *message)
{
    const char *file = self->student_file;
    size_t file_len = strlen (file);
    if (strncmp (message, file, file_len) == 0 && message [file_len] == ':')
        return strdup (message);
    char *result = NULL;
    if (strncmp (message, "...", 3) == 0) {
        //  "...tail:LINE: text": tail must end the real path.
        const char *colon = strchr (message + 3, ':');
        while (colon && !isdigit ((unsigned char) colon [1]))
            colon = strchr (colon + 1, ':');
        size_t tail = colon ? (size_t) (colon - message - 3) : 0;
        if (colon && tail <= file_len
        &&  strncmp (file + file_len - tail, message + 3, tail) == 0
        &&  asprintf (&result, "%s%s", file, colon) < 0)
            result = NULL;
        if (result)
            return result;
    }
    if (asprintf (&result, "%s: %s", file, message) < 0)
        result = NULL;
    return result;
}

//  An error item; one in the student's file carries its line there.
static void
s_push_error (lesson_t *self, const char *text, const char *detail)
{
    lesson_item_t item = { .kind = ITEM_ERROR, .text = s_strdup (text),
                           .detail = s_strdup (detail) };
    size_t len = self->student_file ? strlen (self->student_file) : 0;
    if (text && len && strncmp (text, self->student_file, len) == 0 && text [len] == ':')
        item.line = atoi (text + len + 1);
    lesson_push_item (self, &item);
}

//  --- exercise { id, title, statement, hints, outside } ---------------------------

static int
l_exercise (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    luaL_checktype (L, 1, LUA_TTABLE);
    if (self->have_meta)
        return luaL_error (L, api_msg (L, MSG_EXERCISE_TWICE));
    lua_getfield (L, 1, "id");
    const char *id = lua_tostring (L, -1);
    if (!id || !s_exercise_id (id))
        return luaL_error (L, api_msg (L, MSG_EXERCISE_ID));
    lua_getfield (L, 1, "title");
    if (lua_isnil (L, -1))
        return luaL_error (L, api_msg (L, MSG_EXERCISE_TITLE));
    const char *title = lesson_text (self, L, -1, "title");
    lua_getfield (L, 1, "statement");
    if (lua_isnil (L, -1))
        return luaL_error (L, api_msg (L, MSG_EXERCISE_STATEMENT));
    const char *statement = lesson_text (self, L, -1, "statement");
    lua_getfield (L, 1, "outside");
    if (!lua_isnil (L, -1)) {
        if (!lua_istable (L, -1))
            return luaL_error (L, api_msg (L, MSG_EXERCISE_OUTSIDE));
        for (lua_Integer i = 1; i <= luaL_len (L, -1); i++)
            if (lua_geti (L, -1, i) != LUA_TSTRING)
                return luaL_error (L, api_msg (L, MSG_EXERCISE_OUTSIDE));
            else
            if (!outside_mode_endpoint_ok (lua_tostring (L, -1)))
                return luaL_error (L, api_msg (L, MSG_OUTSIDE_TCP), lua_tostring (L, -1));
            else
                lua_pop (L, 1);
        self->n_outside_listed = (int) luaL_len (L, -1);
    }
    lua_pop (L, 1);
    if (self->outside)
        outside_mode_endpoints (self, L, 1);
    //  Graduated hints: each a text, checked before any is kept.
    lua_getfield (L, 1, "hints");
    if (!lua_isnil (L, -1)) {
        if (!lua_istable (L, -1))
            return luaL_error (L, api_msg (L, MSG_ASK_HINTS));
        int n = (int) luaL_len (L, -1);
        for (int i = 1; i <= n; i++) {
            lua_rawgeti (L, -1, i);
            lesson_text (self, L, -1, "exercise { hints = … }");
            lua_pop (L, 1);
        }
        lesson_list_free (self->ex_hints, self->n_ex_hints);
        self->ex_hints = NULL;
        self->n_ex_hints = self->ex_hints_shown = 0;
        for (int i = 1; i <= n; i++) {
            lua_rawgeti (L, -1, i);
            lesson_list_append (&self->ex_hints, &self->n_ex_hints,
                                lesson_text (self, L, -1, "exercise { hints = … }"));
            lua_pop (L, 1);
        }
    }
    lua_pop (L, 1);
    self->meta.id = s_strdup (id);
    self->meta.title = s_strdup (title);
    self->meta.summary = s_strdup (statement);
    self->have_meta = true;
    lesson_item_t item = { .kind = ITEM_TITLE, .text = s_strdup (title),
                           .detail = s_strdup (statement), .line = lesson_current_line (L) };
    lesson_push_item (self, &item);
    //  Said once, up front, under the title: no check can run.
    if (self->student_error)
        s_push_error (self, self->student_error, api_msg (L, MSG_HINT_STUDENT_SYNTAX));
    if (self->meta_only) {
        self->waiting = WAIT_META;
        return lua_yield (L, 0);
    }
    return 0;
}

void
exercise_open_api (lesson_t *self)
{
    lua_State *L = self->L;
    self->exercise = true;
    lua_rawgeti (L, LUA_REGISTRYINDEX, self->env_ref);
    lua_pushcfunction (L, l_exercise);
    lua_setfield (L, -2, "exercise");
    lua_pushcfunction (L, lesson_l_section);    //  a check is a section
    lua_setfield (L, -2, "check");
    lua_pushliteral (L, LESSON_STUDENT);
    lua_setfield (L, -2, "STUDENT");
    //  Whether the checks judge a program outside zmqlab (--outside).
    lua_pushboolean (L, self->outside != NULL);
    lua_setfield (L, -2, "OUTSIDE");
    lua_pop (L, 1);
}

//  --- the checks -------------------------------------------------------------------

lesson_status_t
exercise_check_error (lesson_t *self, const char *message, msg_id_t hint)
{
    //  What cannot be done to an outside program skips the check: no error.
    if (!outside_mode_skipped (self))
        s_push_error (self, message ? message : i18n_msg (self->lang, MSG_ERROR),
                      i18n_msg (self->lang, hint));
    self->check_spoiled = true;
    self->waiting = WAIT_NEXT_CHECK;
    return self->status = LESSON_WAITING;
}

void
exercise_watch (lesson_t *self)
{
    if (!self->lab || self->section < 0 || self->check_spoiled || self->meta_only)
        return;
    if (self->outside) {
        outside_mode_poll (self);       //  its counts outlive the snapshots' minute
        return;                         //  no actor runs the student's code
    }
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    for (size_t i = 0; snap && i < snap->n_actors; i++) {
        const actor_stats_t *actor = &snap->actors [i];
        if (actor->external || actor->state != ACTOR_CRASHED
        ||  strcmp (actor->behaviour, LESSON_STUDENT) != 0)
            continue;
        char *where = s_in_student_file (self, actor->detail);
        char *detail = i18n_format (self->lang, MSG_STUDENT_ACTOR, actor->name);
        s_push_error (self, where ? where : actor->detail, detail);
        free (where);
        free (detail);
        //  Its verdict is known: the check ends here, the next one runs.
        self->check_spoiled = true;
        self->waiting = WAIT_NEXT_CHECK;
        self->status = LESSON_WAITING;
        break;
    }
    lab_snapshot_destroy (&snap);
}

//  The check that ran ends: its verdict as an ITEM_CHECK.
static void
s_end_check (lesson_t *self)
{
    exercise_watch (self);              //  a crash at the very end counts too
    bool passed = !self->check_spoiled && self->failed == self->at_start [1];
    const char *skipped = outside_mode_skipped (self);
    lesson_item_t item = { .kind = ITEM_CHECK, .answer = self->section + 1,
                           .total = self->n_sections, .passed = passed && !skipped,
                           .skipped = skipped != NULL, .detail = s_strdup (skipped),
                           .text = s_strdup (self->section_titles [self->section]) };
    lesson_push_item (self, &item);
    if (skipped)
        self->checks_skipped++;
    else
    if (passed)
        self->checks_passed++;
    else
        self->checks_failed++;
    self->check_spoiled = false;
}

int
exercise_next (lesson_t *self)
{
    if (self->section >= 0)
        s_end_check (self);
    else {
        //  The top level ran: the checks are known.
        if (self->n_sections == 0) {
            char *message = i18n_format (self->lang, MSG_EXERCISE_NO_CHECKS, self->path);
            lesson_fail (self, message, MSG_HINT_RUNTIME);
            free (message);
            return -1;
        }
        if (self->student_error) {
            //  Said once, under the title: no check can run; each says so.
            for (int i = 0; i < self->n_sections; i++) {
                lesson_item_t section = { .kind = ITEM_SECTION, .answer = i + 1,
                                          .total = self->n_sections,
                                          .text = s_strdup (self->section_titles [i]) };
                lesson_push_item (self, &section);
                lesson_item_t check = { .kind = ITEM_CHECK, .answer = i + 1,
                                        .total = self->n_sections, .passed = false,
                                        .text = s_strdup (self->section_titles [i]),
                                        .detail = s_strdup (i18n_msg (self->lang,
                                                                      MSG_CHECK_NOT_RUN)) };
                lesson_push_item (self, &check);
                self->checks_failed++;
            }
            self->section = self->n_sections - 1;
            self->waiting = WAIT_NOTHING;
            return 0;
        }
    }
    self->waiting = WAIT_NOTHING;
    outside_mode_check_begins (self);
    return lesson_next_section (self);
}

//  --- opening ----------------------------------------------------------------------

lesson_t *
lesson_open_exercise (const char *exercise_dir, const char *student_file, lab_t *lab,
                      i18n_lang_t lang, char **error)
{
    *error = NULL;
    //  A directory reads as an I/O error: say what it is instead.
    struct stat info;
    if (stat (student_file, &info) == 0 && !S_ISREG (info.st_mode)) {
        *error = i18n_format (lang, MSG_WORKSPACE_NOT_FILE, student_file);
        return NULL;
    }
    char *source = textfile_read (student_file, LESSON_FILE_MAX);
    if (!source) {
        *error = errno == EFBIG ? i18n_format (lang, MSG_TOO_LARGE, student_file)
                                : i18n_format (lang, MSG_STUDENT_CANNOT_READ, student_file);
        return NULL;
    }
    char *path;
    if (asprintf (&path, "%s/exercise.lua", exercise_dir) < 0) {
        free (source);
        return NULL;
    }
    lesson_t *self = lesson_new_file (path, lab, false, lang, error);
    free (path);
    if (!self) {
        free (source);
        return NULL;
    }
    exercise_open_api (self);
    self->student_file = strdup (student_file);
    //  Compiled here first: a syntax error is said once, up front, at its line.
    char *chunkname;
    if (asprintf (&chunkname, "@%s", student_file) < 0)
        chunkname = NULL;
    lua_State *L = self->L;
    int rc = luaL_loadbufferx (L, source, strlen (source), chunkname ? chunkname : "=student",
                               "t");
    free (chunkname);
    if (rc != LUA_OK) {
        const char *message = lua_tostring (L, -1);
        self->student_error = s_in_student_file (self, message ? message : "?");
    }
    lua_pop (L, 1);
    if (!self->student_error && lab_define_file (lab, LESSON_STUDENT, source, student_file) != 0) {
        free (source);
        *error = strdup (i18n_msg (lang, MSG_ERROR));
        lesson_destroy (&self);
        return NULL;
    }
    free (source);
    return self;
}

//  A dry run: FILE (template.lua, solution.lua) of the exercise must compile.
static void
s_dry_compile (lesson_t *self, const char *dir, const char *name, bool required)
{
    char *path;
    if (asprintf (&path, "%s/%s", dir, name) < 0)
        return;
    char *source = textfile_read (path, LESSON_FILE_MAX);
    if (!source) {
        if (required) {
            char *message = i18n_format (self->lang, MSG_CANNOT_OPEN, path);
            s_push_error (self, message ? message : path, NULL);
            free (message);
        }
        free (path);
        return;
    }
    char *chunkname;
    if (asprintf (&chunkname, "@%s", path) < 0)
        chunkname = NULL;
    if (luaL_loadbufferx (self->L, source, strlen (source), chunkname ? chunkname : "=file",
                          "t") != LUA_OK)
        s_push_error (self, lua_tostring (self->L, -1), i18n_msg (self->lang, MSG_HINT_SYNTAX));
    lua_pop (self->L, 1);
    free (chunkname);
    free (source);
    free (path);
}

//  EXERCISE_DIR's exercise.lua for a run without a lab, STUDENT known.
static lesson_t *
s_open_dry (const char *exercise_dir, i18n_lang_t lang, const char *actors_dir, char **error)
{
    *error = NULL;
    char *path;
    if (asprintf (&path, "%s/exercise.lua", exercise_dir) < 0)
        return NULL;
    lesson_t *self = lesson_new_file (path, NULL, true, lang, error);
    free (path);
    if (!self)
        return NULL;
    exercise_open_api (self);
    if (actors_dir) {
        free (self->actors_dir);
        self->actors_dir = strdup (actors_dir);
    }
    //  STUDENT is a behaviour the dry run knows, as if defined inline.
    lua_State *L = self->L;
    if (lua_getfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours") != LUA_TTABLE) {
        lua_pop (L, 1);
        lua_newtable (L);
        lua_pushvalue (L, -1);
        lua_setfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours");
    }
    lua_pushliteral (L, "");
    lua_setfield (L, -2, LESSON_STUDENT);
    lua_pop (L, 1);
    return self;
}

lesson_t *
lesson_open_exercise_dry (const char *exercise_dir, i18n_lang_t lang, const char *actors_dir,
                          char **error)
{
    lesson_t *self = s_open_dry (exercise_dir, lang, actors_dir, error);
    if (!self)
        return NULL;
    s_dry_compile (self, exercise_dir, "template.lua", true);
    s_dry_compile (self, exercise_dir, "solution.lua", true);
    return self;
}

lesson_t *
lesson_open_exercise_outside (const char *exercise_dir, lab_t *lab, i18n_lang_t lang,
                              double patience, int port, char **error)
{
    //  A dry run first: the endpoints each STUDENT spawn names, known
    //  before any check spawns the peers that use them.
    lesson_t *dry = s_open_dry (exercise_dir, lang, NULL, error);
    if (!dry)
        return NULL;
    dry->collect_student = true;
    //  Only the endpoints matter: every behaviour may exist.
    free (dry->actors_dir);
    dry->actors_dir = NULL;
    for (int frames = 0; frames < 100000; frames++) {
        lesson_status_t status = lesson_run (dry);
        if (status == LESSON_DONE || status == LESSON_FAILED)
            break;
        if (status == LESSON_SAY)
            lesson_next (dry);
        else
        if (status == LESSON_ASK)
            lesson_answer (dry, lesson_expected_answer (dry));
    }
    char *path;
    if (asprintf (&path, "%s/exercise.lua", exercise_dir) < 0) {
        lesson_destroy (&dry);
        return NULL;
    }
    lesson_t *self = lesson_new_file (path, lab, false, lang, error);
    free (path);
    if (!self) {
        lesson_destroy (&dry);
        return NULL;
    }
    self->outside = outside_mode_new (patience, port);
    exercise_open_api (self);
    self->student_params = dry->student_params;
    self->n_student_params = dry->n_student_params;
    dry->student_params = NULL;
    dry->n_student_params = 0;
    lesson_destroy (&dry);
    if (!self->outside) {
        lesson_destroy (&self);
        return NULL;
    }
    return self;
}

const char *
lesson_student_file (lesson_t *self)
{
    return self->student_file;
}

int
lesson_read_exercise_meta (const char *exercise_dir, i18n_lang_t lang, lesson_meta_t *meta,
                           char **error)
{
    memset (meta, 0, sizeof *meta);
    *error = NULL;
    char *path;
    if (asprintf (&path, "%s/exercise.lua", exercise_dir) < 0)
        return -1;
    lesson_t *self = lesson_new_file (path, NULL, true, lang, error);
    if (!self) {
        free (path);
        return -1;
    }
    exercise_open_api (self);
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
                  : i18n_msg (lang, MSG_EXERCISE_NO_META)) < 0)
        *error = NULL;
    free (path);
    lesson_destroy (&self);
    return rc;
}
