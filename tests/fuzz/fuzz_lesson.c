/*  fuzz_lesson.c — a libFuzzer target for what reads a lesson's text: the
    loader and the sandbox it runs the text in (instruction budget, memory
    cap, the API's argument checks), in each of the ways zmqlab reads it.
    The input's first byte picks the way, the rest is the text:

      0  --check: lesson_open_dry, then run as main's s_check does;
      1  the menu and --list: lesson_read_meta;
      2  a lesson run for real on a fresh lab (speed 100), the learner
         going on at each say and answering 1 at each ask, for at most
         ROUNDS runs of the lesson;
      3  --sandbox: each line of the text is a command for lesson_eval on
         a fresh lab, run as far as it goes (ROUNDS at most).

    Checked: nothing crashes, leaks or reads out of bounds (the sanitizers);
    every call returns; a lesson that does not open says why; every item
    has its text; a failed lesson says why (lesson_error). Budget and memory
    cap keep each input short: an endless loop ends in the budget's error.

    `make fuzz` runs this with libFuzzer (tests/fuzz/lesson.dict helps it
    write Lua); replay.c runs it on corpus/lesson in `make test`. Run it
    from the repository root: the shipped behaviours are in lessons/actors.
*/
#define _GNU_SOURCE
#include "engine/lab.h"
#include "lesson/lesson.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum {
    ROUNDS = 200,           //  lesson_run calls per input, at most
    WAIT_MS = 2,            //  lab_wait between runs that wait for lab time
    COMMANDS_MAX = 16       //  sandbox commands per input
};

#define ACTORS_DIR "lessons/actors"

static void
s_check (bool ok, const char *what, int line)
{
    if (!ok) {
        fprintf (stderr, "fuzz_lesson.c:%d: check failed: %s\n", line, what);
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

//  A directory of this process's own for the lesson file, made once;
//  progress (never written here) would go there too.
static void
s_setup (void)
{
    if (s_dir [0])
        return;
    const char *base = getenv ("TMPDIR");
    snprintf (s_dir, sizeof s_dir, "%s/zmqlab-fuzz-lesson-XXXXXX", base && *base ? base : "/tmp");
    CHECK (mkdtemp (s_dir) != NULL);
    atexit (s_cleanup);
    setenv ("XDG_STATE_HOME", s_dir, 1);
    snprintf (s_path, sizeof s_path, "%s/fuzz.lua", s_dir);
}

static void
s_write (const uint8_t *data, size_t size)
{
    FILE *file = fopen (s_path, "wb");
    CHECK (file != NULL);
    CHECK (fwrite (data, 1, size, file) == size);
    CHECK (fclose (file) == 0);
}

//  Takes the items: each has its text (an explanation, a goal's end or a
//  check's may have none).
static void
s_take_items (lesson_t *lesson)
{
    lesson_item_t item;
    while (lesson_take_item (lesson, &item)) {
        CHECK (item.kind == ITEM_GOAL_REACHED || item.kind == ITEM_CHECK
               || item.kind == ITEM_REVEAL || item.text != NULL);
        CHECK (item.n_choices >= 0 && item.n_choices <= ITEM_CHOICES_MAX);
        for (int i = 0; i < item.n_choices; i++)
            CHECK (item.choices [i] != NULL);
        lesson_item_clear (&item);
    }
}

//  Runs LESSON as a learner who goes on and answers 1, ROUNDS runs at most.
static lesson_status_t
s_play (lesson_t *lesson, lab_t *lab)
{
    lesson_status_t status = LESSON_WAITING;
    for (int round = 0; round < ROUNDS; round++) {
        status = lesson_run (lesson);
        s_take_items (lesson);
        lesson_section (lesson);
        lesson_goal_text (lesson);
        if (status == LESSON_DONE || status == LESSON_FAILED)
            break;
        if (status == LESSON_SAY)
            lesson_next (lesson);
        else
        if (status == LESSON_ASK)
            lesson_answer (lesson, 1);
        else
        if (lab)
            lab_wait (lab, WAIT_MS);
    }
    if (status == LESSON_FAILED)
        CHECK (lesson_error (lesson) != NULL);
    return status;
}

static void
s_dry (void)
{
    char *error = NULL;
    lesson_t *lesson = lesson_open_dry (s_path, LANG_EN, ACTORS_DIR, &error);
    CHECK (lesson || error);
    free (error);
    if (!lesson)
        return;
    //  As --check: a dry run never waits but may need a few more runs.
    lesson_status_t status = lesson_run (lesson);
    for (int runs = 0; status == LESSON_WAITING && runs < ROUNDS; runs++)
        status = lesson_run (lesson);
    s_take_items (lesson);
    lesson_meta (lesson);
    lesson_destroy (&lesson);
    CHECK (lesson == NULL);
}

static void
s_meta (void)
{
    lesson_meta_t meta;
    memset (&meta, 0, sizeof meta);
    char *error = NULL;
    if (lesson_read_meta (s_path, LANG_ZH, &meta, &error) == 0)
        CHECK (meta.id == NULL || lesson_valid_id (meta.id));
    else
        CHECK (error != NULL);
    free (error);
    lesson_meta_clear (&meta);
}

static lab_t *
s_lab (void)
{
    lab_t *lab = lab_new (ACTORS_DIR);
    CHECK (lab != NULL);
    lab_set_speed (lab, 100);
    return lab;
}

static void
s_real (void)
{
    lab_t *lab = s_lab ();
    char *error = NULL;
    lesson_t *lesson = lesson_open (s_path, lab, LANG_EN, &error);
    CHECK (lesson || error);
    free (error);
    if (lesson)
        s_play (lesson, lab);
    lesson_destroy (&lesson);
    lab_destroy (&lab);
}

static void
s_sandbox (const uint8_t *data, size_t size)
{
    lab_t *lab = s_lab ();
    char *error = NULL;
    lesson_t *lesson = lesson_open_sandbox (lab, LANG_EN, &error);
    CHECK (lesson != NULL);
    int commands = 0;
    for (size_t at = 0; at < size && commands < COMMANDS_MAX; commands++) {
        const uint8_t *newline = memchr (data + at, '\n', size - at);
        size_t len = newline ? (size_t) (newline - (data + at)) : size - at;
        char *line = malloc (len + 1);
        CHECK (line != NULL);
        memcpy (line, data + at, len);
        line [len] = 0;
        at += len + (newline != NULL);
        if (lesson_eval (lesson, line, &error) == 0)
            s_play (lesson, lab);
        else
            CHECK (error != NULL);
        free (error);
        error = NULL;
        free (line);
    }
    lesson_destroy (&lesson);
    lab_destroy (&lab);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    s_setup ();
    int way = data [0] % 4;
    data++;
    size--;
    if (way == 3) {
        s_sandbox (data, size);
        return 0;
    }
    s_write (data, size);
    if (way == 0)
        s_dry ();
    else
    if (way == 1)
        s_meta ();
    else
        s_real ();
    return 0;
}
