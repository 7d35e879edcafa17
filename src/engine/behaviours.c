/*  behaviours.c — inline behaviour definitions and behaviour files (see
    behaviours.h).
*/
#define _GNU_SOURCE
#include "behaviours.h"
#include "lab.h"
#include "stamp.h"
#include "textfile.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BEHAVIOUR_FILE_MAX = 1024 * 1024 };

typedef struct {
    char *name;
    char *source;
    char *chunkname;                //  "@path" of a file it came from, or NULL: "=name"
} behaviour_def_t;

struct behaviours_t {
    char *dir;                      //  NAME.lua files, or NULL
    pthread_mutex_t lock;           //  defs
    behaviour_def_t *defs;          //  inline definitions, in order defined
    size_t n_defs;
};

behaviours_t *
behaviours_new (const char *dir)
{
    behaviours_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    if (dir && !(self->dir = strdup (dir))) {
        free (self);
        return NULL;
    }
    pthread_mutex_init (&self->lock, NULL);
    return self;
}

void
behaviours_destroy (behaviours_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    behaviours_t *self = *self_p;
    for (size_t i = 0; i < self->n_defs; i++) {
        free (self->defs [i].name);
        free (self->defs [i].source);
        free (self->defs [i].chunkname);
    }
    free (self->defs);
    free (self->dir);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

bool
behaviours_valid_name (const char *name)
{
    if (!name || !*name || strlen (name) >= LAB_NAME_MAX)
        return false;
    for (const char *c = name; *c; c++)
        if (!stamp_label_char (*c) || *c == '.')
            return false;
    return true;
}

int
behaviours_define (behaviours_t *self, const char *name, const char *lua_source)
{
    return behaviours_define_file (self, name, lua_source, NULL);
}

int
behaviours_define_file (behaviours_t *self, const char *name, const char *lua_source,
                        const char *path)
{
    if (!behaviours_valid_name (name) || !lua_source)
        return -1;
    char *source = strdup (lua_source);
    char *chunkname = NULL;
    if (path && asprintf (&chunkname, "@%s", path) < 0)
        chunkname = NULL;
    if (!source || (path && !chunkname)) {
        free (source);
        free (chunkname);
        return -1;
    }
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_defs; i++)
        if (strcmp (self->defs [i].name, name) == 0) {
            free (self->defs [i].source);
            free (self->defs [i].chunkname);
            self->defs [i].source = source;
            self->defs [i].chunkname = chunkname;
            pthread_mutex_unlock (&self->lock);
            return 0;
        }
    behaviour_def_t *defs = realloc (self->defs, (self->n_defs + 1) * sizeof *defs);
    char *copy = strdup (name);
    int rc = -1;
    if (defs)
        self->defs = defs;
    if (defs && copy) {
        defs [self->n_defs].name = copy;
        defs [self->n_defs].source = source;
        defs [self->n_defs].chunkname = chunkname;
        self->n_defs++;
        rc = 0;
    }
    else {
        free (copy);
        free (source);
        free (chunkname);
    }
    pthread_mutex_unlock (&self->lock);
    return rc;
}

static char *
s_read_file (const char *path, char **error)
{
    char *text = textfile_read (path, BEHAVIOUR_FILE_MAX);
    if (!text && asprintf (error, "cannot read %s: %s", path, strerror (errno)) < 0)
        *error = NULL;
    return text;
}

char *
behaviours_source (behaviours_t *self, const char *name, char **chunkname, char **error)
{
    *chunkname = NULL;
    *error = NULL;
    if (!behaviours_valid_name (name)) {
        if (asprintf (error, "'%s' is not a behaviour name (letters, digits, _ and -)",
                      name ? name : "") < 0)
            *error = NULL;
        return NULL;
    }
    char *source = NULL;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_defs && !source; i++)
        if (strcmp (self->defs [i].name, name) == 0) {
            source = strdup (self->defs [i].source);
            if (self->defs [i].chunkname)
                *chunkname = strdup (self->defs [i].chunkname);
        }
    pthread_mutex_unlock (&self->lock);
    if (source) {
        if (!*chunkname && asprintf (chunkname, "=%s", name) < 0)
            *chunkname = NULL;
        return source;
    }
    if (!self->dir) {
        if (asprintf (error, "unknown behaviour '%s'", name) < 0)
            *error = NULL;
        return NULL;
    }
    char *path;
    if (asprintf (&path, "%s/%s.lua", self->dir, name) < 0)
        return NULL;
    if (access (path, R_OK) != 0) {
        if (asprintf (error, "unknown behaviour '%s' (no %s)", name, path) < 0)
            *error = NULL;
        free (path);
        return NULL;
    }
    source = s_read_file (path, error);
    if (source && asprintf (chunkname, "@actors/%s.lua", name) < 0)
        *chunkname = NULL;
    free (path);
    return source;
}
