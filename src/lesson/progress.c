/*  progress.c — the learner's progress file: a header line, then one line
    per lesson: "id finished step section sections" (version 1 files, with
    "id finished step" lines, still load), and keyed lines "key: …" (a key
    is lower-case letters and '-', then a colon: no lesson id has one):
    "solution: id N" says the solution of goal N of lesson id was shown;
    "exercise:ID passed|failing" is an exercise's state.

    Nothing in the file is lost by reading it: keyed lines this version
    does not know (a newer zmqlab's) and damaged lines (binary garbage, a
    cut line, a bad header) are kept as they are, in order, after the
    records; a damaged one is reported. A file that is there but cannot be
    read (no permission, a directory, a FIFO, too large) is reported and
    never overwritten.

    Several zmqlabs may save at once (parallel --headless runs). Each save
    takes a lock (flock on "progress.lock" beside the file), reads the
    file again under it, merges what this run recorded into what it holds
    now, writes that to a temporary file of its own (mkstemp, same
    directory) and renames it over the file: every run's records stay. */
#define _GNU_SOURCE
#include "progress.h"
#include "lesson.h"
#include "engine/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char s_header [] = "zmqlab-progress 2";
static const char s_header_1 [] = "zmqlab-progress 1";

enum {
    ID_MAX = 64,
    FILE_MAX = 4 << 20,         //  bytes: a larger file is not read, so not overwritten
    LOCK_WAIT_MS = 10000,       //  a save waits this long for another one's lock
    LOCK_RETRY_MS = 2
};

//  Each entry says whether this run set it ("changed"): a save merges
//  those, and only those, into the file as it is then.
typedef struct {
    char id [ID_MAX];
    bool finished;
    int step;
    int section;            //  the section reached, 1-based; 0 when not known
    int sections;           //  how many the lesson has; 0 when not known
    bool changed;
} record_t;

typedef struct {
    char id [ID_MAX];
    int goal;
    bool changed;
} solution_t;

typedef struct {
    char id [ID_MAX];
    exercise_state_t state;
    bool changed;
} exercise_record_t;

//  A line kept as it was read: it may hold any byte, NUL included.
typedef struct {
    char *text;
    size_t len;
} kept_t;

struct progress_t {
    record_t *records;
    size_t n;
    solution_t *solutions;  //  goals whose solution was shown
    size_t n_solutions;
    exercise_record_t *exercises;
    size_t n_exercises;
    kept_t *kept;           //  lines not read here (unknown keys, damage), as read
    size_t n_kept;
    int damaged;            //  the first damaged line's number, 0 when none
};

static const char s_solution_key [] = "solution";
static const char s_exercise_key [] = "exercise";

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

//  The length of LINE's key ("solution" in "solution: …"), 0 when it has none.
static size_t
s_key_length (const char *line)
{
    size_t n = strspn (line, "abcdefghijklmnopqrstuvwxyz-");
    return n > 0 && line [n] == ':' ? n : 0;
}

//  "exercise:ID passed|failing": 0, or -1 when it is not that.
static int
s_read_exercise (progress_t *self, const char *line)
{
    char id [ID_MAX + 1], state [16], extra;
    if (sscanf (line + strlen (s_exercise_key) + 1, "%64s %15s %c", id, state, &extra) != 2
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

//  Keeps LINE (LEN bytes) as it is, to be written back after the records.
static void
s_keep (progress_t *self, const char *line, size_t len)
{
    kept_t *grown = realloc (self->kept, (self->n_kept + 1) * sizeof *grown);
    if (!grown)
        return;
    self->kept = grown;
    char *copy = malloc (len + 1);
    if (!copy)
        return;
    memcpy (copy, line, len);
    copy [len] = 0;
    grown [self->n_kept++] = (kept_t) { copy, len };
}

//  A keyed line the known keys read: true, or false when it is damaged.
//  A key this version does not know is kept, and is no damage.
static bool
s_read_keyed (progress_t *self, const char *line, size_t len, size_t key_length)
{
    if (key_length == strlen (s_solution_key)
    &&  strncmp (line, s_solution_key, key_length) == 0) {
        char id [ID_MAX + 1];
        int goal;
        char extra;
        if (sscanf (line + key_length + 1, "%64s %d %c", id, &goal, &extra) != 2
        ||  !lesson_valid_id (id) || goal < 1)
            return false;
        progress_note_solution (self, id, goal);
        return true;
    }
    if (key_length == strlen (s_exercise_key)
    &&  strncmp (line, s_exercise_key, key_length) == 0)
        return s_read_exercise (self, line) == 0;
    s_keep (self, line, len);
    return true;
}

//  "id finished step", then (version 2) "section sections". true when read.
static bool
s_read_record (progress_t *self, const char *line)
{
    char id [ID_MAX + 1];
    int finished, step, section = 0, sections = 0, end = -1;
    char extra;
    bool read = sscanf (line, "%64s %d %d%n", id, &finished, &step, &end) == 3 && end > 0;
    if (read && line [end] && sscanf (line + end, " %c", &extra) == 1)
        read = sscanf (line + end, "%d %d %c", &section, &sections, &extra) == 2;
    if (!read
    ||  !lesson_valid_id (id) || (finished != 0 && finished != 1) || step < 0
    ||  section < 0 || sections < 0 || section > sections)
        return false;
    progress_record (self, id, finished, step);
    progress_reach (self, id, section, sections);
    return true;
}

//  One line (LEN bytes, NUL-terminated at LEN). true when read or kept as
//  unknown; false when damaged (the caller keeps it).
static bool
s_read_line (progress_t *self, const char *line, size_t len)
{
    if (strlen (line) != len)
        return false;           //  a NUL byte: no line of ours has one
    size_t key_length = s_key_length (line);
    if (key_length)
        return s_read_keyed (self, line, len, key_length);
    return s_read_record (self, line);
}

//  Reads DATA (SIZE bytes, writable, with a NUL after them) line by line.
static void
s_parse (progress_t *self, char *data, size_t size)
{
    size_t at = 0;
    int number = 0;
    while (at < size) {
        char *line = data + at;
        char *newline = memchr (line, '\n', size - at);
        size_t len = newline ? (size_t) (newline - line) : size - at;
        at += len + (newline != NULL);
        line [len] = 0;
        number++;
        if (number == 1 && strlen (line) == len
        &&  (strcmp (line, s_header) == 0 || strcmp (line, s_header_1) == 0))
            continue;
        if (number == 1)
            self->damaged = 1;  //  no header: read what can be read all the same
        if (len == 0)
            continue;           //  an empty line says nothing
        if (!s_read_line (self, line, len)) {
            s_keep (self, line, len);
            if (!self->damaged)
                self->damaged = number;
        }
    }
    //  What was read is the file's, not this run's.
    for (size_t i = 0; i < self->n; i++)
        self->records [i].changed = false;
    for (size_t i = 0; i < self->n_solutions; i++)
        self->solutions [i].changed = false;
    for (size_t i = 0; i < self->n_exercises; i++)
        self->exercises [i].changed = false;
}

//  Reads the file at PATH into SELF: 0, or 0 with nothing read when there
//  is no file; -1 with errno when it is there but cannot be read.
static int
s_load (progress_t *self, const char *path)
{
    //  O_NONBLOCK: a FIFO in its place must not block zmqlab.
    int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat st;
    int rc = fstat (fd, &st);
    if (rc == 0 && !S_ISREG (st.st_mode)) {
        errno = S_ISDIR (st.st_mode) ? EISDIR : ENOTSUP;
        rc = -1;
    }
    if (rc == 0 && st.st_size > FILE_MAX) {
        errno = EFBIG;
        rc = -1;
    }
    //  Sized by the file, grown should it grow while read (up to FILE_MAX).
    size_t capacity = rc == 0 ? (size_t) st.st_size + 1024 : 0;
    char *data = rc == 0 ? malloc (capacity + 1) : NULL;
    if (rc == 0 && !data)
        rc = -1;
    size_t size = 0;
    while (rc == 0) {
        if (size == capacity) {
            char *grown = capacity <= (size_t) FILE_MAX ? realloc (data, capacity * 2 + 1) : NULL;
            if (!grown) {
                errno = capacity > (size_t) FILE_MAX ? EFBIG : ENOMEM;
                rc = -1;
                break;
            }
            data = grown;
            capacity *= 2;
        }
        ssize_t got = read (fd, data + size, capacity - size);
        if (got > 0)
            size += (size_t) got;
        else
        if (got == 0)
            break;
        else
        if (errno != EINTR)
            rc = -1;
    }
    if (rc == 0 && size > (size_t) FILE_MAX) {
        errno = EFBIG;          //  it grew while read
        rc = -1;
    }
    int saved = errno;
    close (fd);
    if (rc == 0) {
        data [size] = 0;
        s_parse (self, data, size);
    }
    free (data);
    errno = saved;
    return rc;
}

static void
s_forget_all (progress_t *self)
{
    free (self->records);
    self->records = NULL;
    self->n = 0;
    free (self->solutions);
    self->solutions = NULL;
    self->n_solutions = 0;
    free (self->exercises);
    self->exercises = NULL;
    self->n_exercises = 0;
    for (size_t i = 0; i < self->n_kept; i++)
        free (self->kept [i].text);
    free (self->kept);
    self->kept = NULL;
    self->n_kept = 0;
    self->damaged = 0;
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
    if (path && s_load (self, path) != 0) {
        //  Nothing read; progress_save will not overwrite it either.
        if (asprintf (warning, "%s: %s", path, strerror (errno)) < 0)
            *warning = NULL;
        s_forget_all (self);
    }
    else
    if (path && self->damaged && asprintf (warning, "%s:%d", path, self->damaged) < 0)
        *warning = NULL;
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
    record->changed = true;
}

//  Merges what SELF's run recorded into FRESH (the file as it is now).
static void
s_merge (progress_t *fresh, const progress_t *self)
{
    for (size_t i = 0; i < self->n; i++) {
        const record_t *ours = &self->records [i];
        if (!ours->changed)
            continue;
        progress_record (fresh, ours->id, ours->finished, ours->step);
        //  A section count not known here leaves the file's.
        if (ours->sections > 0)
            progress_reach (fresh, ours->id, ours->section, ours->sections);
    }
    for (size_t i = 0; i < self->n_solutions; i++)
        if (self->solutions [i].changed)
            progress_note_solution (fresh, self->solutions [i].id, self->solutions [i].goal);
    for (size_t i = 0; i < self->n_exercises; i++)
        if (self->exercises [i].changed)
            progress_exercise_record (fresh, self->exercises [i].id, self->exercises [i].state);
}

//  Writes SELF to FILE. 0, or -1 with errno.
static int
s_write (const progress_t *self, FILE *file)
{
    fprintf (file, "%s\n", s_header);
    for (size_t i = 0; i < self->n; i++)
        fprintf (file, "%s %d %d %d %d\n", self->records [i].id,
                 self->records [i].finished, self->records [i].step,
                 self->records [i].section, self->records [i].sections);
    for (size_t i = 0; i < self->n_solutions; i++)
        fprintf (file, "%s: %s %d\n", s_solution_key, self->solutions [i].id,
                 self->solutions [i].goal);
    for (size_t i = 0; i < self->n_exercises; i++)
        fprintf (file, "%s:%s %s\n", s_exercise_key, self->exercises [i].id,
                 self->exercises [i].state == EXERCISE_PASSED ? "passed" : "failing");
    for (size_t i = 0; i < self->n_kept; i++) {
        fwrite (self->kept [i].text, 1, self->kept [i].len, file);
        fputc ('\n', file);
    }
    if (fflush (file) != 0 || ferror (file) || fsync (fileno (file)) != 0)
        return -1;
    return 0;
}

//  Takes the lock beside the file (DIR/progress.lock): the descriptor that
//  holds it (close releases it), or -1 with errno. Waits for another
//  zmqlab's save, a few milliseconds at most, up to LOCK_WAIT_MS.
static int
s_lock (const char *dir)
{
    char *name = NULL;
    if (asprintf (&name, "%s/progress.lock", dir) < 0)
        return -1;
    int fd = open (name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600);
    free (name);
    if (fd < 0)
        return -1;
    struct timespec retry = { 0, LOCK_RETRY_MS * 1000000L };
    for (int waited = 0; ; waited += LOCK_RETRY_MS) {
        if (flock (fd, LOCK_EX | LOCK_NB) == 0)
            return fd;
        if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS)
            break;
        nanosleep (&retry, NULL);
    }
    int saved = errno;
    close (fd);
    errno = saved;
    return -1;
}

int
progress_save (const progress_t *self, char **error)
{
    *error = NULL;
    char *dir = paths_state_dir ();
    char *path = progress_path ();
    char *temp = NULL;
    if (!dir || !path || asprintf (&temp, "%s.XXXXXX", path) < 0) {
        *error = strdup (dir ? "out of memory"
                             : "no place for the progress: set HOME or XDG_STATE_HOME");
        free (dir);
        free (path);
        return -1;
    }
    int rc = -1;
    int lock = paths_make_dir (dir) == 0 ? s_lock (dir) : -1;
    progress_t *fresh = lock >= 0 ? calloc (1, sizeof *fresh) : NULL;
    //  The file as it is now, under the lock: another run may have saved
    //  since this one loaded it. One that cannot be read is left alone.
    if (fresh && s_load (fresh, path) == 0) {
        s_merge (fresh, self);
        //  A temporary file of this run's own, renamed over the file whole.
        FILE *file = NULL;
        int fd = mkstemp (temp);
        if (fd >= 0 && !(file = fdopen (fd, "w")))
            close (fd);
        if (file) {
            int written = s_write (fresh, file);
            if (fclose (file) == 0 && written == 0 && rename (temp, path) == 0)
                rc = 0;
        }
        int saved = errno;
        if (rc != 0 && fd >= 0)
            remove (temp);
        errno = saved;
    }
    if (rc != 0 && asprintf (error, "%s: %s", path, strerror (errno)) < 0)
        *error = NULL;
    progress_destroy (&fresh);
    if (lock >= 0)
        close (lock);
    free (dir);
    free (temp);
    free (path);
    return rc;
}

void
progress_note_solution (progress_t *self, const char *id, int goal)
{
    if (!lesson_valid_id (id) || goal < 1)
        return;
    for (size_t i = 0; i < self->n_solutions; i++)
        if (self->solutions [i].goal == goal && strcmp (self->solutions [i].id, id) == 0) {
            self->solutions [i].changed = true;
            return;
        }
    solution_t *grown = realloc (self->solutions, (self->n_solutions + 1) * sizeof *grown);
    if (!grown)
        return;
    self->solutions = grown;
    snprintf (grown [self->n_solutions].id, sizeof grown [self->n_solutions].id, "%s", id);
    grown [self->n_solutions].goal = goal;
    grown [self->n_solutions].changed = true;
    self->n_solutions++;
}

bool
progress_solution_shown (const progress_t *self, const char *id, int goal)
{
    for (size_t i = 0; i < self->n_solutions; i++)
        if (self->solutions [i].goal == goal && strcmp (self->solutions [i].id, id) == 0)
            return true;
    return false;
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
            self->exercises [i].changed = true;
            return;
        }
    exercise_record_t *grown = realloc (self->exercises,
                                        (self->n_exercises + 1) * sizeof *grown);
    if (!grown)
        return;
    self->exercises = grown;
    snprintf (grown [self->n_exercises].id, sizeof grown->id, "%s", id);
    grown [self->n_exercises].changed = true;
    grown [self->n_exercises++].state = state;
}
