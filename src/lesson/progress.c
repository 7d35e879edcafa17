/*  progress.c — the learner's progress file: a header line, then one line
    per lesson: "id finished step section sections" (version 1 files, with
    "id finished step" lines, still load), and keyed lines "kind:id …"
    (no lesson id has a ':'): "exercise:ID passed|failing". A keyed line
    of a kind this version does not know is kept as it is, so a newer
    zmqlab's records survive an older one's save. */
#define _GNU_SOURCE
#include "progress.h"
#include "lesson.h"
#include "engine/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char s_header [] = "zmqlab-progress 2";
static const char s_header_1 [] = "zmqlab-progress 1";

enum { ID_MAX = 64 };

typedef struct {
    char id [ID_MAX];
    bool finished;
    int step;
    int section;            //  the section reached, 1-based; 0 when not known
    int sections;           //  how many the lesson has; 0 when not known
} record_t;

typedef struct {
    char id [ID_MAX];
    exercise_state_t state;
} exercise_record_t;

struct progress_t {
    record_t *records;
    size_t n;
    exercise_record_t *exercises;
    size_t n_exercises;
    char **keyed;                   //  keyed lines of kinds not known here, as they were
    size_t n_keyed;
};

static const char s_exercise_key [] = "exercise:";

//  A keyed line: "kind:rest" with kind 1 to 31 lower-case letters or '-'.
static bool
s_keyed (const char *line)
{
    size_t kind = strspn (line, "abcdefghijklmnopqrstuvwxyz-");
    return kind > 0 && kind < 32 && line [kind] == ':';
}

//  "exercise:ID passed|failing": 0, or -1 when it is not that.
static int
s_read_exercise (progress_t *self, const char *line)
{
    char id [ID_MAX + 1], state [16], extra;
    if (sscanf (line + strlen (s_exercise_key), "%64s %15s %c", id, state, &extra) != 2
    ||  !lesson_valid_id (id))
        return -1;
    if (strcmp (state, "passed") == 0)
        progress_exercise_record (self, id, EXERCISE_PASSED);
    else
    if (strcmp (state, "failing") == 0)
        progress_exercise_record (self, id, EXERCISE_FAILING);
    else
        return -1;
    return 0;
}

static void
s_forget_all (progress_t *self)
{
    free (self->records);
    self->records = NULL;
    self->n = 0;
    free (self->exercises);
    self->exercises = NULL;
    self->n_exercises = 0;
    for (size_t i = 0; i < self->n_keyed; i++)
        free (self->keyed [i]);
    free (self->keyed);
    self->keyed = NULL;
    self->n_keyed = 0;
}

exercise_state_t
progress_exercise (const progress_t *self, const char *id)
{
    for (size_t i = 0; i < self->n_exercises; i++)
        if (strcmp (self->exercises [i].id, id) == 0)
            return self->exercises [i].state;
    return EXERCISE_NOT_STARTED;
}

void
progress_exercise_record (progress_t *self, const char *id, exercise_state_t state)
{
    if (!lesson_valid_id (id))
        return;
    for (size_t i = 0; i < self->n_exercises; i++)
        if (strcmp (self->exercises [i].id, id) == 0) {
            self->exercises [i].state = state;
            return;
        }
    exercise_record_t *grown = realloc (self->exercises,
                                        (self->n_exercises + 1) * sizeof *grown);
    if (!grown)
        return;
    self->exercises = grown;
    snprintf (grown [self->n_exercises].id, sizeof grown->id, "%s", id);
    grown [self->n_exercises++].state = state;
}

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
            bad = strcmp (line, s_header) != 0 && strcmp (line, s_header_1) != 0;
            continue;
        }
        if (strncmp (line, s_exercise_key, strlen (s_exercise_key)) == 0) {
            bad = s_read_exercise (self, line) != 0;
            continue;
        }
        if (s_keyed (line)) {
            char **grown = realloc (self->keyed, (self->n_keyed + 1) * sizeof *grown);
            if (grown) {
                self->keyed = grown;
                if ((grown [self->n_keyed] = strdup (line)))
                    self->n_keyed++;
            }
            continue;
        }
        char id [ID_MAX + 1];
        int finished, step, section = 0, sections = 0, end = -1;
        char extra;
        //  "id finished step", then (version 2) "section sections".
        bool read = sscanf (line, "%64s %d %d%n", id, &finished, &step, &end) == 3 && end > 0;
        if (read && line [end] && sscanf (line + end, " %c", &extra) == 1)
            read = sscanf (line + end, "%d %d %c", &section, &sections, &extra) == 2;
        if (!read
        ||  !lesson_valid_id (id) || (finished != 0 && finished != 1) || step < 0
        ||  section < 0 || sections < 0 || section > sections) {
            bad = true;
            break;
        }
        progress_record (self, id, finished, step);
        progress_reach (self, id, section, sections);
    }
    if (!bad && ferror (file))
        bad = true;
    fclose (file);
    if (bad || number == 0) {
        if (asprintf (warning, "%s:%d: not a progress file", path, number) < 0)
            *warning = NULL;
        s_forget_all (self);
    }
    free (path);
    return self;
}

void
progress_destroy (progress_t **self_p)
{
    if (self_p && *self_p) {
        s_forget_all (*self_p);
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
progress_section (const progress_t *self, const char *id)
{
    const record_t *record = s_find (self, id);
    return record ? record->section : 0;
}

int
progress_sections (const progress_t *self, const char *id)
{
    const record_t *record = s_find (self, id);
    return record ? record->sections : 0;
}

void
progress_reach (progress_t *self, const char *id, int section, int sections)
{
    progress_record (self, id, false, progress_last_step (self, id));
    record_t *record = s_find (self, id);
    if (record && section >= 0 && sections >= 0 && section <= sections) {
        record->section = section;
        record->sections = sections;
    }
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
    //  A temporary file of this run's own: two zmqlabs saving at once must
    //  not write into one file (the last rename wins, whole).
    if (!dir || !path || asprintf (&temp, "%s.XXXXXX", path) < 0) {
        *error = strdup (dir ? "out of memory"
                             : "no place for the progress: set HOME or XDG_STATE_HOME");
        free (dir);
        free (path);
        return -1;
    }
    FILE *file = NULL;
    int fd = paths_make_dir (dir) == 0 ? mkstemp (temp) : -1;
    if (fd >= 0 && !(file = fdopen (fd, "w")))
        close (fd);
    free (dir);
    int rc = -1;
    if (file) {
        fprintf (file, "%s\n", s_header);
        for (size_t i = 0; i < self->n; i++)
            fprintf (file, "%s %d %d %d %d\n", self->records [i].id,
                     self->records [i].finished, self->records [i].step,
                     self->records [i].section, self->records [i].sections);
        for (size_t i = 0; i < self->n_exercises; i++)
            fprintf (file, "%s%s %s\n", s_exercise_key, self->exercises [i].id,
                     self->exercises [i].state == EXERCISE_PASSED ? "passed" : "failing");
        for (size_t i = 0; i < self->n_keyed; i++)
            fprintf (file, "%s\n", self->keyed [i]);
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
