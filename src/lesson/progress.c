/*  progress.c — the learner's progress file: a header line, then one line
    per lesson: "id finished step". */
#define _GNU_SOURCE
#include "progress.h"
#include "lesson.h"
#include "engine/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char s_header [] = "zmqlab-progress 1";

enum { ID_MAX = 64 };

typedef struct {
    char id [ID_MAX];
    bool finished;
    int step;
} record_t;

struct progress_t {
    record_t *records;
    size_t n;
};

char *
progress_path (void)
{
    char *dir = paths_state_dir ();
    char *path = NULL;
    if (dir && asprintf (&path, "%s/progress", dir) < 0)
        path = NULL;
    free (dir);
    return path;
}

static record_t *
s_find (const progress_t *self, const char *id)
{
    for (size_t i = 0; i < self->n; i++)
        if (strcmp (self->records [i].id, id) == 0)
            return &self->records [i];
    return NULL;
}

progress_t *
progress_load (char **warning)
{
    *warning = NULL;
    progress_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    char *path = progress_path ();
    FILE *file = path ? fopen (path, "r") : NULL;
    if (!file) {
        if (path && errno != ENOENT && asprintf (warning, "%s: %s", path, strerror (errno)) < 0)
            *warning = NULL;
        free (path);
        return self;
    }
    char line [256];
    int number = 0;
    bool bad = false;
    while (!bad && fgets (line, sizeof line, file)) {
        number++;
        size_t len = strlen (line);
        if (len == sizeof line - 1 && line [len - 1] != '\n') {
            bad = true;
            break;
        }
        line [strcspn (line, "\n")] = 0;
        if (number == 1) {
            bad = strcmp (line, s_header) != 0;
            continue;
        }
        char id [ID_MAX + 1];
        int finished, step;
        char extra;
        if (sscanf (line, "%64s %d %d %c", id, &finished, &step, &extra) != 3
        ||  !lesson_valid_id (id) || (finished != 0 && finished != 1) || step < 0) {
            bad = true;
            break;
        }
        progress_record (self, id, finished, step);
    }
    if (!bad && ferror (file))
        bad = true;
    fclose (file);
    if (bad || number == 0) {
        if (asprintf (warning, "%s:%d: not a progress file", path, number) < 0)
            *warning = NULL;
        free (self->records);
        self->records = NULL;
        self->n = 0;
    }
    free (path);
    return self;
}

void
progress_destroy (progress_t **self_p)
{
    if (self_p && *self_p) {
        free ((*self_p)->records);
        free (*self_p);
        *self_p = NULL;
    }
}

bool
progress_finished (const progress_t *self, const char *id)
{
    const record_t *record = s_find (self, id);
    return record && record->finished;
}

int
progress_last_step (const progress_t *self, const char *id)
{
    const record_t *record = s_find (self, id);
    return record ? record->step : 0;
}

void
progress_record (progress_t *self, const char *id, bool finished, int step)
{
    if (!lesson_valid_id (id))
        return;
    record_t *record = s_find (self, id);
    if (!record) {
        record_t *grown = realloc (self->records, (self->n + 1) * sizeof *grown);
        if (!grown)
            return;
        self->records = grown;
        record = &grown [self->n++];
        memset (record, 0, sizeof *record);
        snprintf (record->id, sizeof record->id, "%s", id);
    }
    //  Finishing once is for good; the step is the last one reached.
    record->finished |= finished;
    record->step = step;
}

int
progress_save (const progress_t *self, char **error)
{
    *error = NULL;
    char *dir = paths_state_dir ();
    char *path = progress_path ();
    char *temp = NULL;
    if (!dir || !path || asprintf (&temp, "%s.tmp", path) < 0) {
        *error = strdup (dir ? "out of memory"
                             : "no place for the progress: set HOME or XDG_STATE_HOME");
        free (dir);
        free (path);
        return -1;
    }
    FILE *file = NULL;
    if (paths_make_dir (dir) == 0)
        file = fopen (temp, "w");
    free (dir);
    int rc = -1;
    if (file) {
        fprintf (file, "%s\n", s_header);
        for (size_t i = 0; i < self->n; i++)
            fprintf (file, "%s %d %d\n", self->records [i].id,
                     self->records [i].finished, self->records [i].step);
        if (fclose (file) == 0 && rename (temp, path) == 0)
            rc = 0;
    }
    if (rc != 0 && asprintf (error, "%s: %s", path, strerror (errno)) < 0)
        *error = NULL;
    if (rc != 0)
        remove (temp);
    free (temp);
    free (path);
    return rc;
}
