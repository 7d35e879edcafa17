/*  textfile.h — small helpers the engine and the lesson runtime share: a
    whole text file read at once, a Lua allocator with a memory cap, and the
    whitelist environment both sandboxes start from.
*/
#ifndef ZMQLAB_TEXTFILE_H
#define ZMQLAB_TEXTFILE_H

#include <stddef.h>

//  The whole file, NUL-terminated; the caller frees. NULL with errno set
//  when it cannot be read, or EFBIG when it is larger than MAX bytes.
char *textfile_read (const char *path, size_t max);

//  A lua_Alloc that refuses to grow past max (Lua then raises "not enough
//  memory"). Its ud is a luamem_t.
typedef struct {
    size_t used;
    size_t max;
} luamem_t;

void *luamem_alloc (void *ud, void *ptr, size_t osize, size_t nsize);

//  Pushes a new table holding the safe standard globals (string, table,
//  math, utf8, pairs, pcall, …; no io, os, package, debug, load, require,
//  collectgarbage, coroutine): the start of a sandbox's _ENV. L is a
//  lua_State with the standard libraries open. Its setmetatable refuses
//  a metatable with __gc, raising NO_FINALIZERS: a finalizer would run
//  with hooks off, out of reach of the budget and the kill.
void luaenv_push_safe (void *lua_state, const char *no_finalizers);

//  luaL_checkstring for a string the caller keeps as a C string (a name,
//  an endpoint, a report): raises an argument error when it holds a NUL
//  byte, which would cut it there without a word. luaenv_optcstring: the
//  same, or DEF when the argument is none or nil.
const char *luaenv_checkcstring (void *lua_state, int arg);
const char *luaenv_optcstring (void *lua_state, int arg, const char *def);

//  Closes the pending to-be-closed variables of the coroutine CO that
//  stopped with an error (its stack kept for the error's line until now),
//  running their __close under whatever hook CO has. FROM: the thread
//  that resumed it. Lua's status.
int luaenv_close_thread (void *co, void *from);

//  Pushes the arguments at 1..N of the running C function as one string,
//  like print: each through tostring (or DESCRIBE, when not NULL, which
//  must push one string for the value at its index), separated by tabs.
//  Built one piece at a time, so any number of arguments fits the stack.
void luaenv_push_joined (void *lua_state, int n, void (*describe) (void *lua_state, int idx));

#endif
