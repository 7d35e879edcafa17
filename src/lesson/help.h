/*  help.h — the one table of what a command can call: the API functions,
    the handle methods and the shipped behaviours with their parameters
    (lessons/README.md's "Shipped behaviours" table, shortened). help(),
    Tab completion and "unknown behaviour" all read it; tests/test_help.c
    checks that every behaviour file in lessons/actors/ is in it.
*/
#ifndef ZMQLAB_HELP_H
#define ZMQLAB_HELP_H

#include "lesson/i18n.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *name;               //  as called: "spawn", or a method "pause"
    const char *usage;              //  how: "spawn(behaviour, { name = … })"
    const char *text [LANG_COUNT];  //  what it does, per language
    bool in_lesson_only;            //  makes sense in a lesson file, not at ':'
} help_function_t;

typedef struct {
    const char *name;               //  the file lessons/actors/NAME.lua
    const char *params;             //  its parameters, with defaults
    const char *text [LANG_COUNT];  //  what it does, per language
} help_behaviour_t;

//  The API functions (N gets their count).
const help_function_t *help_functions (size_t *n);
//  A handle's methods: actor("x"):pause().
const help_function_t *help_methods (size_t *n);
//  The shipped behaviours.
const help_behaviour_t *help_behaviours (size_t *n);
//  The function, method or behaviour called NAME, or NULL.
const help_function_t *help_function (const char *name);
const help_behaviour_t *help_behaviour (const char *name);
//  The shipped behaviours' names, comma-separated, into BUFFER.
void help_behaviour_names (char *buffer, size_t size);

#endif
