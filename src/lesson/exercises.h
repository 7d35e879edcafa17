/*  exercises.h — the shipped exercises: NN-ID/ folders in the exercises
    directory (lessons/exercises), in number order, each with
    exercise.lua (metadata and checks), template.lua (where the student
    starts) and solution.lua (the reference solution).
*/
#ifndef ZMQLAB_EXERCISES_H
#define ZMQLAB_EXERCISES_H

#include "lesson.h"

#include <stddef.h>

typedef struct {
    int number;                     //  NN of the folder's name
    char *dir;                      //  the folder
    char *id;                       //  exercise { id }: the folder's ID when it does not load
    char *title;                    //  in the chosen language; NULL when it does not load
    char *statement;
    char *template_path;            //  dir/template.lua
    char *solution_path;            //  dir/solution.lua
    char *error;                    //  why exercise.lua does not load, or NULL
} exercise_entry_t;

typedef struct {
    exercise_entry_t *entries;
    size_t n;
} exercises_t;

//  Reads DIR's NN-ID/ folders. NULL if the directory cannot be read.
exercises_t *exercises_load (const char *dir, i18n_lang_t lang);
void exercises_destroy (exercises_t **self_p);
//  By number ("1", "01") or id ("rep-server"); NULL when none matches.
const exercise_entry_t *exercises_find (const exercises_t *self, const char *query);

#endif
