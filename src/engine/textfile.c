/*  textfile.c — reading a text file whole; a Lua allocator with a cap; the
    safe globals of a sandbox. */
#include "textfile.h"

#include <lauxlib.h>
#include <lua.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
textfile_read (const char *path, size_t max)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    char *text = NULL;
    size_t size = 0, cap = 0;
    int failure = 0;
    for (;;) {
        if (size + 4097 > cap) {
            //  Up to max + 4097 exactly: a file of max bytes fits, and a
            //  read at that size that still finds bytes says it is larger.
            if (cap >= max + 4097) {
                failure = EFBIG;
                break;
            }
            cap = cap ? cap * 2 : 16384;
            if (cap > max + 4097)
                cap = max + 4097;
            char *grown = realloc (text, cap);
            if (!grown) {
                failure = ENOMEM;
                break;
            }
            text = grown;
        }
        size_t got = fread (text + size, 1, cap - size - 1, file);
        size += got;
        if (got == 0)
            break;
    }
    if (!failure && ferror (file))
        failure = EIO;
    if (!failure && size > max)
        failure = EFBIG;
    fclose (file);
    if (failure) {
        free (text);
        errno = failure;
        return NULL;
    }
    text [size] = 0;
    return text;
}

void *
luamem_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
    luamem_t *memory = ud;
    if (!ptr)
        osize = 0;          //  then osize tells the kind of object, not a size
    if (nsize == 0) {
        memory->used -= osize;
        free (ptr);
        return NULL;
    }
    if (nsize > osize && memory->used + (nsize - osize) > memory->max)
        return NULL;
    void *grown = realloc (ptr, nsize);
    if (grown)
        memory->used = memory->used - osize + nsize;
    return grown;
}

//  setmetatable without finalizers. Lua runs a __gc metamethod with hooks
//  off (lgc.c: GCTM), so a finalizer would run outside the instruction
//  budget and the kill, at any allocation or in lua_close: a loop there
//  could never be stopped, a socket opened there never closed. Lua marks
//  an object for finalization only when setmetatable gives it a metatable
//  that holds a __gc field (raw), so refusing such a metatable here is
//  enough: a __gc added to the metatable later is never called. The
//  message is the upvalue. Otherwise lbaselib.c's setmetatable.
static int
s_setmetatable (lua_State *L)
{
    int type = lua_type (L, 2);
    luaL_checktype (L, 1, LUA_TTABLE);
    luaL_argexpected (L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield (L, 1, "__metatable") != LUA_TNIL)
        return luaL_error (L, "cannot change a protected metatable");
    if (type == LUA_TTABLE) {
        lua_pushliteral (L, "__gc");
        if (lua_rawget (L, 2) != LUA_TNIL)
            return luaL_error (L, "%s", lua_tostring (L, lua_upvalueindex (1)));
        lua_pop (L, 1);
    }
    lua_settop (L, 2);
    lua_setmetatable (L, 1);
    return 1;
}

void
luaenv_push_safe (void *lua_state, const char *no_finalizers)
{
    lua_State *L = lua_state;
    static const char *globals [] = {
        "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall",
        "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable",
        "getmetatable", "tonumber", "tostring", "type", "_VERSION",
        "string", "table", "math", "utf8", NULL
    };
    lua_newtable (L);
    for (int i = 0; globals [i]; i++) {
        lua_getglobal (L, globals [i]);
        lua_setfield (L, -2, globals [i]);
    }
    lua_pushstring (L, no_finalizers);
    lua_pushcclosure (L, s_setmetatable, 1);
    lua_setfield (L, -2, "setmetatable");
}

const char *
luaenv_checkcstring (void *lua_state, int arg)
{
    lua_State *L = lua_state;
    size_t len;
    const char *text = luaL_checklstring (L, arg, &len);
    if (strlen (text) < len)
        luaL_argerror (L, arg, "holds a NUL byte (\\0), which would cut it there");
    return text;
}

const char *
luaenv_optcstring (void *lua_state, int arg, const char *def)
{
    return lua_isnoneornil ((lua_State *) lua_state, arg) ? def
                                                          : luaenv_checkcstring (lua_state, arg);
}

int
luaenv_close_thread (void *co, void *from)
{
#if LUA_VERSION_RELEASE_NUM >= 50406
    return lua_closethread ((lua_State *) co, (lua_State *) from);
#else
    (void) from;
    return lua_resetthread ((lua_State *) co);
#endif
}

void
luaenv_push_joined (void *lua_state, int n, void (*describe) (void *lua_state, int idx))
{
    lua_State *L = lua_state;
    lua_pushliteral (L, "");
    for (int i = 1; i <= n; i++) {
        if (i > 1) {
            lua_pushliteral (L, "\t");
            lua_concat (L, 2);
        }
        luaL_checkstack (L, 8, "too many values");
        if (describe)
            describe (L, i);
        else
            luaL_tolstring (L, i, NULL);
        lua_concat (L, 2);
    }
}
