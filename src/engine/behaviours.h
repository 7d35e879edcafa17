/*  behaviours.h — where an actor's Lua source comes from: behaviours a
    lesson defined inline (lab_define), else NAME.lua in the behaviour
    directory. Any thread: the table has its own lock.
*/
#ifndef ZMQLAB_BEHAVIOURS_H
#define ZMQLAB_BEHAVIOURS_H

#include <stdbool.h>

typedef struct behaviours_t behaviours_t;

//  DIR holds NAME.lua files; may be NULL. NULL when out of memory.
behaviours_t *behaviours_new (const char *dir);
void behaviours_destroy (behaviours_t **self_p);
//  An actor or behaviour name: 1 to 31 letters, digits, _ or -.
bool behaviours_valid_name (const char *name);
//  Defines or replaces NAME. 0, or -1 on a bad name or no memory.
int behaviours_define (behaviours_t *self, const char *name, const char *lua_source);
//  The same for source read from the file PATH: its errors read
//  "PATH:line: message" (an inline one's read "name:line: …").
int behaviours_define_file (behaviours_t *self, const char *name, const char *lua_source,
                            const char *path);
//  Source text of NAME (inline, else DIR/NAME.lua); caller frees. *chunkname
//  gets a malloc'd chunk name. NULL with *error set (caller frees).
char *behaviours_source (behaviours_t *self, const char *name, char **chunkname,
                         char **error);

#endif
