/*  exercises.c — listing the exercises directory (see exercises.h). */
#define _GNU_SOURCE
#include "exercises.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
s_compare (const void *a, const void *b)
{
    const exercise_entry_t *left = a, *right = b;
    if (left->number != right->number)
        return left->number < right->number ? -1 : 1;
    return strcmp (left->dir, right->dir);
}

//  "01-rep-server" -> 1; -1 for anything else.
static int
s_number (const char *name)
{
    if (!isdigit ((unsigned char) name [0]) || !isdigit ((unsigned char) name [1])
    ||  name [2] != '-' || !lesson_valid_id (name + 3))
        return -1;
    return (name [0] - '0') * 10 + (name [1] - '0');
}

static void
s_entry_clear (exercise_entry_t *entry)
{
    free (entry->dir);
    free (entry->id);
    free (entry->title);
    free (entry->statement);
    free (entry->template_path);
    free (entry->solution_path);
    free (entry->error);
    memset (entry, 0, sizeof *entry);
}

//  Fills ENTRY for the folder DIR/NAME. -1 when out of memory.
static int
s_read_entry (exercise_entry_t *entry, const char *dir, const char *name, i18n_lang_t lang)
{
    memset (entry, 0, sizeof *entry);
    entry->number = s_number (name);
    if (asprintf (&entry->dir, "%s/%s", dir, name) < 0) {
        entry->dir = NULL;
        return -1;
    }
    if (asprintf (&entry->template_path, "%s/template.lua", entry->dir) < 0)
        entry->template_path = NULL;
    if (asprintf (&entry->solution_path, "%s/solution.lua", entry->dir) < 0)
        entry->solution_path = NULL;
    lesson_meta_t meta;
    if (lesson_read_exercise_meta (entry->dir, lang, &meta, &entry->error) == 0) {
        entry->id = meta.id;
        entry->title = meta.title;
        entry->statement = meta.summary;
        meta.id = meta.title = meta.summary = NULL;
        lesson_meta_clear (&meta);
    }
    else
        entry->id = strdup (name + 3);
    if (!entry->template_path || !entry->solution_path || !entry->id) {
        s_entry_clear (entry);
        return -1;
    }
    return 0;
}

exercises_t *
exercises_load (const char *dir, i18n_lang_t lang)
{
    DIR *handle = opendir (dir);
    if (!handle)
        return NULL;
    exercises_t *self = calloc (1, sizeof *self);
    size_t cap = 0;
    struct dirent *found;
    while (self && (found = readdir (handle))) {
        if (s_number (found->d_name) < 0)
            continue;
        char *path;
        struct stat info;
        if (asprintf (&path, "%s/%s", dir, found->d_name) < 0)
            break;
        bool folder = stat (path, &info) == 0 && S_ISDIR (info.st_mode);
        free (path);
        if (!folder)
            continue;
        if (self->n == cap) {
            cap = cap ? cap * 2 : 16;
            exercise_entry_t *grown = realloc (self->entries, cap * sizeof *grown);
            if (!grown)
                break;
            self->entries = grown;
        }
        if (s_read_entry (&self->entries [self->n], dir, found->d_name, lang) == 0)
            self->n++;
    }
    closedir (handle);
    if (self && self->n)
        qsort (self->entries, self->n, sizeof *self->entries, s_compare);
    return self;
}

void
exercises_destroy (exercises_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    exercises_t *self = *self_p;
    for (size_t i = 0; i < self->n; i++)
        s_entry_clear (&self->entries [i]);
    free (self->entries);
    free (self);
    *self_p = NULL;
}

const exercise_entry_t *
exercises_find (const exercises_t *self, const char *query)
{
    if (!self || !query || !*query)
        return NULL;
    char *end;
    long number = strtol (query, &end, 10);
    bool numeric = *end == 0;
    for (size_t i = 0; i < self->n; i++) {
        const exercise_entry_t *entry = &self->entries [i];
        if (numeric ? entry->number == number : strcmp (entry->id, query) == 0)
            return entry;
    }
    return NULL;
}
