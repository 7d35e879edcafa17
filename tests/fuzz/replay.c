/*  replay.c — runs the fuzz target on saved inputs, without libFuzzer: each
    file named on the command line and each file in each directory named.
    `make test` builds it with the normal compiler (and sanitizer) and runs
    it on tests/fuzz/corpus, so an input that once broke something stays
    checked. A failed check aborts; an unreadable input exits 1.
*/
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  Reads PATH whole and runs the target on it. The buffer is exactly the
//  file's size, so a sanitizer sees a read past the input.
static int
s_replay_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    struct stat st;
    if (!file || fstat (fileno (file), &st) != 0) {
        fprintf (stderr, "replay: %s: %s\n", path, strerror (errno));
        if (file)
            fclose (file);
        return -1;
    }
    size_t size = (size_t) st.st_size;
    uint8_t *data = malloc (size ? size : 1);
    size_t got = data ? fread (data, 1, size, file) : 0;
    fclose (file);
    if (!data || got != size) {
        fprintf (stderr, "replay: %s: could not read %zu bytes\n", path, size);
        free (data);
        return -1;
    }
    //  Named first, so a crash report follows the input that caused it.
    printf ("replay %s (%zu bytes)\n", path, size);
    fflush (stdout);
    LLVMFuzzerTestOneInput (data, size);
    free (data);
    return 0;
}

//  Replays the regular files in DIR in name order, not its subdirectories.
//  Returns how many; counts those it could not read in *failures.
static int
s_replay_dir (const char *dir, int *failures)
{
    struct dirent **names;
    int count = scandir (dir, &names, NULL, alphasort);
    if (count < 0) {
        fprintf (stderr, "replay: %s: %s\n", dir, strerror (errno));
        (*failures)++;
        return 0;
    }
    int replayed = 0;
    for (int i = 0; i < count; i++) {
        char path [4096];
        struct stat st;
        if (names [i]->d_name [0] != '.'
        &&  snprintf (path, sizeof path, "%s/%s", dir, names [i]->d_name) < (int) sizeof path
        &&  stat (path, &st) == 0 && S_ISREG (st.st_mode)) {
            if (s_replay_file (path) == 0)
                replayed++;
            else
                (*failures)++;
        }
        free (names [i]);
    }
    free (names);
    return replayed;
}

int
main (int argc, char *argv [])
{
    if (argc < 2) {
        fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv [0]);
        return 1;
    }
    int replayed = 0, failures = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat (argv [i], &st) == 0 && S_ISDIR (st.st_mode))
            replayed += s_replay_dir (argv [i], &failures);
        else
        if (s_replay_file (argv [i]) == 0)
            replayed++;
        else
            failures++;
    }
    printf ("%d inputs replayed\n", replayed);
    if (replayed == 0 && failures == 0)
        fprintf (stderr, "replay: no inputs found\n");
    return replayed > 0 && failures == 0 ? 0 : 1;
}
