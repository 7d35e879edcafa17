/*  fuzz_progress.c — a libFuzzer target for the progress file
    (lesson/progress.h): the input is the file's content, any bytes at all.

    Checked, for every input: loading never fails; a save keeps everything
    (each line of the input is in the saved file as it was, or it was read:
    a line of the saved file starts with its first word, as "intro 1 3"
    becomes "intro 1 3 0 0"); the record this run made is in it; and
    loading and saving the saved file again writes it byte for byte (the
    file settles after one save). A file that cannot be read is never the
    case here: the input is always a regular file.

    The file lives in a directory of this process's own (on /dev/shm when
    there is one: a save syncs the file, cheap in memory). `make fuzz` runs
    this with libFuzzer; replay.c runs it on corpus/progress in `make test`.
*/
#define _GNU_SOURCE
#include "lesson/progress.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_check (bool ok, const char *what, int line)
{
    if (!ok) {
        fprintf (stderr, "fuzz_progress.c:%d: check failed: %s\n", line, what);
        abort ();
    }
}

#define CHECK(expr) s_check ((expr), #expr, __LINE__)

static char s_dir [256];
static char s_path [300];

static int
s_remove_one (const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void) info; (void) flag; (void) ftw;
    return remove (path);
}

static void
s_cleanup (void)
{
    if (s_dir [0])
        nftw (s_dir, s_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

//  The state directory, made once; XDG_STATE_HOME points at it.
static void
s_setup (void)
{
    if (s_dir [0])
        return;
    struct stat st;
    const char *base = stat ("/dev/shm", &st) == 0 && S_ISDIR (st.st_mode)
                     && access ("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv ("TMPDIR");
    snprintf (s_dir, sizeof s_dir, "%s/zmqlab-fuzz-progress-XXXXXX", base && *base ? base : "/tmp");
    CHECK (mkdtemp (s_dir) != NULL);
    atexit (s_cleanup);
    setenv ("XDG_STATE_HOME", s_dir, 1);
    char zmqlab [280];
    snprintf (zmqlab, sizeof zmqlab, "%s/zmqlab", s_dir);
    CHECK (mkdir (zmqlab, 0700) == 0);
    snprintf (s_path, sizeof s_path, "%s/progress", zmqlab);
    char *path = progress_path ();
    CHECK (path && strcmp (path, s_path) == 0);
    free (path);
}

static void
s_write (const uint8_t *data, size_t size)
{
    FILE *file = fopen (s_path, "wb");
    CHECK (file != NULL);
    CHECK (fwrite (data, 1, size, file) == size);
    CHECK (fclose (file) == 0);
}

//  The file's content (caller frees), *size its bytes.
static char *
s_read (size_t *size)
{
    FILE *file = fopen (s_path, "rb");
    CHECK (file != NULL);
    CHECK (fseek (file, 0, SEEK_END) == 0);
    long end = ftell (file);
    CHECK (end >= 0);
    rewind (file);
    char *data = malloc ((size_t) end + 1);
    CHECK (data != NULL);
    CHECK (fread (data, 1, (size_t) end, file) == (size_t) end);
    fclose (file);
    data [end] = 0;
    *size = (size_t) end;
    return data;
}

//  True when TEXT (SIZE bytes) has LINE (LEN bytes) as a whole line.
static bool
s_has_line (const char *text, size_t size, const char *line, size_t len)
{
    for (const char *at = text; at + len <= text + size; ) {
        const char *found = memmem (at, (size_t) (text + size - at), line, len);
        if (!found)
            return false;
        bool starts = found == text || found [-1] == '\n';
        bool ends = found + len == text + size || found [len] == '\n';
        if (starts && ends)
            return true;
        at = found + 1;
    }
    return false;
}

//  What names LINE (LEN bytes) once read, in the form a save writes it:
//  "id" for a record, "solution: id" and "exercise:id" for those keys, as
//  the reader splits them (sscanf skips blanks). False when it has none.
static bool
s_name (const char *line, size_t len, char *name, size_t size)
{
    char copy [4096];
    if (len >= sizeof copy || memchr (line, 0, len))
        return false;
    memcpy (copy, line, len);
    copy [len] = 0;
    char id [65], extra;
    if (strncmp (copy, "solution:", 9) == 0)
        return sscanf (copy + 9, "%64s %c", id, &extra) >= 1
            && snprintf (name, size, "solution: %s ", id) < (int) size;
    if (strncmp (copy, "exercise:", 9) == 0)
        return sscanf (copy + 9, "%64s %c", id, &extra) >= 1
            && snprintf (name, size, "exercise:%s ", id) < (int) size;
    return sscanf (copy, "%64s", id) == 1 && snprintf (name, size, "%s ", id) < (int) size;
}

//  True when a line of TEXT (SIZE bytes) starts with NAME.
static bool
s_has_name (const char *text, size_t size, const char *name)
{
    size_t len = strlen (name);
    for (const char *at = text; at + len <= text + size; ) {
        const char *found = memmem (at, (size_t) (text + size - at), name, len);
        if (!found)
            return false;
        if (found == text || found [-1] == '\n')
            return true;
        at = found + 1;
    }
    return false;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_setup ();
    s_write (data, size);
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    CHECK (progress != NULL);
    free (warning);
    //  Whatever it read, the queries answer.
    progress_finished (progress, "intro");
    progress_section (progress, "intro");
    progress_exercise (progress, "intro");
    progress_record (progress, "fuzz-own", true, 3);
    progress_note_solution (progress, "fuzz-own", 2);
    char *error = NULL;
    int rc = progress_save (progress, &error);
    if (rc != 0)
        fprintf (stderr, "fuzz_progress.c: save failed: %s\n", error ? error : "?");
    CHECK (rc == 0);
    progress_destroy (&progress);

    size_t saved_size;
    char *saved = s_read (&saved_size);
    CHECK (s_has_line (saved, saved_size, "fuzz-own 1 3 0 0", 16));
    CHECK (s_has_line (saved, saved_size, "solution: fuzz-own 2", 20));
    //  Nothing lost: each input line is there as it was, or read (its
    //  first word starts a line). The first line may be the header.
    const char *text = (const char *) data;
    int number = 0;
    for (size_t at = 0; at < size; ) {
        const char *line = text + at;
        const char *newline = memchr (line, '\n', size - at);
        size_t len = newline ? (size_t) (newline - line) : size - at;
        at += len + (newline != NULL);
        number++;
        if (len == 0 || s_has_line (saved, saved_size, line, len))
            continue;
        if (number == 1 && len == 17 && memcmp (line, "zmqlab-progress ", 16) == 0)
            continue;       //  a header: the saved file has its own
        //  Read: what names it (the id; "solution: id", "exercise:id" for
        //  keyed lines, as sscanf splits them) starts a line of the file.
        char name [160];
        if (!s_name (line, len, name, sizeof name) || !s_has_name (saved, saved_size, name)) {
            fprintf (stderr, "fuzz_progress.c: line %d lost: %.*s\n", number, (int) len, line);
            CHECK (false);
        }
    }
    //  One save settles the file: loading and saving it again keeps it.
    progress = progress_load (&warning);
    CHECK (progress != NULL);
    free (warning);
    CHECK (progress_finished (progress, "fuzz-own"));
    CHECK (progress_save (progress, &error) == 0);
    progress_destroy (&progress);
    size_t again_size;
    char *again = s_read (&again_size);
    CHECK (again_size == saved_size && memcmp (again, saved, saved_size) == 0);
    free (again);
    free (saved);
    return 0;
}
