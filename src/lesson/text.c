/*  text.c — a lesson's values as text: its bilingual strings in the
    learner's language (a dry run reports a missing translation), the
    problems a dry run finds, the line a call came from, and what a sandbox
    command returned, described for the log.
*/
#define _GNU_SOURCE
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

//  The string at idx, which the caller is about to copy into C: refused
//  when it holds a NUL (the copy would end there) or when the copy would
//  take the lesson past its memory.
static const char *
s_copyable (lesson_t *self, lua_State *L, int idx, const char *what)
{
    size_t len;
    const char *text = lua_tolstring (L, idx, &len);
    lesson_refuse_nul (self, L, text, len, what);
    lesson_room (self, L, len + 1, what);
    return text;
}

const char *
lesson_text (lesson_t *self, lua_State *L, int idx, const char *what)
{
    idx = lua_absindex (L, idx);
    if (lua_type (L, idx) == LUA_TSTRING)
        return s_copyable (self, L, idx, what);
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
    const char *text = s_copyable (self, L, -1, what);
    lua_pop (L, 1);
    return text;
}

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
void
lesson_show_results (lesson_t *self, lua_State *co, int n)
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
