/*  workspace.h — where a student's exercise files live: --workspace DIR,
    else $XDG_DATA_HOME/zmqlab/exercises, else
    ~/.local/share/zmqlab/exercises. Opening an exercise copies its
    template there once, as <id>.lua, and never overwrites it afterwards.
*/
#ifndef ZMQLAB_WORKSPACE_H
#define ZMQLAB_WORKSPACE_H

#include "i18n.h"

#include <stdbool.h>

//  The workspace directory: OPTION when given, else from the environment
//  (caller frees). NULL when OPTION is NULL and neither XDG_DATA_HOME nor
//  HOME is set.
char *workspace_dir (const char *option);
//  DIR/ID.lua (caller frees); NULL for an id that is not a lesson id (no
//  '/', no '.', so never outside DIR).
char *workspace_file (const char *dir, const char *id);
//  The student's file of exercise ID in DIR: copies TEMPLATE there when it
//  is not there yet (creating DIR; *CREATED true), else leaves it as it is
//  (*CREATED false). The path (caller frees), or NULL with *error set
//  (caller frees): a bad id, DIR not a directory or not writable, the
//  template unreadable, the file's place taken by a directory.
char *workspace_open (const char *dir, const char *id, const char *template_path,
                      i18n_lang_t lang, bool *created, char **error);
//  Whether the student started exercise ID (its file is in DIR).
bool workspace_started (const char *dir, const char *id);

#endif
