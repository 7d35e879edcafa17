/*  catalog.c — listing the lessons directory. */
#define _GNU_SOURCE
#include "catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_compare (const void *a, const void *b)
{
    const catalog_entry_t *left = a, *right = b;
    if (left->number != right->number)
        return left->number < right->number ? -1 : 1;
    return strcmp (left->path, right->path);
}

//  "07-pipeline.lua" -> 7; -1 for anything else.
static int
s_number (const char *name)
{
    if (!isdigit ((unsigned char) name [0]) || !isdigit ((unsigned char) name [1])
    ||  name [2] != '-')
        return -1;
    size_t len = strlen (name);
    if (len < 8 || strcmp (name + len - 4, ".lua") != 0)
        return -1;
    return (name [0] - '0') * 10 + (name [1] - '0');
}

catalog_t *
catalog_load (const char *dir, i18n_lang_t lang)
{
    DIR *handle = opendir (dir);
    if (!handle)
        return NULL;
    catalog_t *self = calloc (1, sizeof *self);
    size_t cap = 0;
    struct dirent *entry;
    while (self && (entry = readdir (handle))) {
        int number = s_number (entry->d_name);
        if (number < 0)
            continue;
        if (self->n == cap) {
            cap = cap ? cap * 2 : 16;
            catalog_entry_t *grown = realloc (self->entries, cap * sizeof *grown);
            if (!grown)
                break;
            self->entries = grown;
        }
        catalog_entry_t *item = &self->entries [self->n];
        memset (item, 0, sizeof *item);
        item->number = number;
        if (asprintf (&item->path, "%s/%s", dir, entry->d_name) < 0)
            continue;
        lesson_read_meta (item->path, lang, &item->meta, &item->error);
        self->n++;
    }
    closedir (handle);
    if (self && self->n)
        qsort (self->entries, self->n, sizeof *self->entries, s_compare);
    return self;
}

void
catalog_destroy (catalog_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    catalog_t *self = *self_p;
    for (size_t i = 0; i < self->n; i++) {
        free (self->entries [i].path);
        free (self->entries [i].error);
        lesson_meta_clear (&self->entries [i].meta);
    }
    free (self->entries);
    free (self);
    *self_p = NULL;
}

const catalog_entry_t *
catalog_find (const catalog_t *self, const char *query)
{
    if (!self || !query || !*query)
        return NULL;
    char *end;
    long number = strtol (query, &end, 10);
    bool numeric = *end == 0;
    for (size_t i = 0; i < self->n; i++) {
        const catalog_entry_t *entry = &self->entries [i];
        if (numeric ? entry->number == number
                    : entry->meta.id && strcmp (entry->meta.id, query) == 0)
            return entry;
    }
    return NULL;
}
