/*  catalog.h — the shipped lessons: NN-name.lua files in the lessons
    directory, in number order, with their metadata.
*/
#ifndef ZMQLAB_CATALOG_H
#define ZMQLAB_CATALOG_H

#include "lesson.h"

#include <stddef.h>

typedef struct {
    char *path;
    int number;                     //  NN of the file name
    lesson_meta_t meta;             //  empty when the file does not load
    char *error;                    //  why it does not load, or NULL
} catalog_entry_t;

typedef struct {
    catalog_entry_t *entries;
    size_t n;
} catalog_t;

//  Reads DIR's NN-*.lua files. NULL if the directory cannot be read.
catalog_t *catalog_load (const char *dir, i18n_lang_t lang);
void catalog_destroy (catalog_t **self_p);
//  By number ("3", "03") or id ("late-subscriber"); NULL when none matches.
const catalog_entry_t *catalog_find (const catalog_t *self, const char *query);

#endif
