/*  textfile.c — reading a text file whole; a Lua allocator with a cap; the
    safe globals of a sandbox. */
#include "textfile.h"

#include <lauxlib.h>
#include <lua.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

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
            cap = cap ? cap * 2 : 16384;
            if (cap > max + 4097) {
                failure = EFBIG;
                break;
            }
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

void
luaenv_push_safe (void *lua_state)
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
