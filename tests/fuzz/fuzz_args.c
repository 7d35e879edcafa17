/*  fuzz_args.c — a libFuzzer target for zmqlab's command line: the input,
    split at its NUL bytes, is argv (after "zmqlab"), up to 64 arguments.

    The parser is static in src/main.c, so main.c is compiled into this
    file (its main renamed), rather than made public for a test. Checked,
    for every input: s_parse_args ends with -1 (go on) or an exit status
    (0 for --help and --version, 2 for a usage error); going on, every
    value is in its documented range, the mode agrees with its options,
    the positional arguments are argv's own; then each positional argument
    is looked up in the lesson catalog as main does (quietly), and the
    lessons directory of --lessons is checked. Each argument is a buffer of
    its exact length, so a sanitizer sees any read past it.

    `make fuzz` runs this with libFuzzer; replay.c runs it on corpus/args
    in `make test`.
*/
#define ZMQLAB_VERSION "fuzz"
#define main zmqlab_main
int zmqlab_main (int argc, char **argv);
#include "main.c"
#undef main

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum { ARGS_MAX = 64 };

static void
s_fuzz_check (bool ok, const char *what, int line)
{
    if (!ok) {
        fprintf (stderr, "fuzz_args.c:%d: check failed: %s\n", line, what);
        abort ();
    }
}

#define CHECK(expr) s_fuzz_check ((expr), #expr, __LINE__)

//  The shipped lessons, read once (NULL when not run from the source tree).
static catalog_t *
s_catalog (void)
{
    static catalog_t *catalog;
    static bool loaded;
    if (!loaded) {
        loaded = true;
        catalog = catalog_load ("lessons", LANG_EN);
    }
    return catalog;
}

static bool
s_is_arg (char **argv, int argc, const char *arg)
{
    for (int i = 1; i < argc; i++)
        if (argv [i] == arg)
            return true;
    return false;
}

//  What a parse that goes on promises.
static void
s_check_options (const options_t *o, char **argv, int argc)
{
    CHECK (o->mode >= MODE_MENU && o->mode <= MODE_EXERCISE);
    CHECK (o->speed >= 0.01 && o->speed <= 1000);
    CHECK (o->timeout >= 1 && o->timeout <= 86400);
    CHECK (o->seconds == 0 || (o->seconds >= 0.1 && o->seconds <= 86400));
    CHECK (o->from_section >= 0 && o->from_section <= 1000);
    CHECK (o->port >= 0 && o->port <= 65535);
    CHECK (o->outside.max_peers >= 0 && o->outside.max_peers <= LAB_MAX_PEERS_LIMIT);
    CHECK (o->outside.max_msg_size == 0 || o->outside.max_msg_size == -1
           || (o->outside.max_msg_size >= 1 && o->outside.max_msg_size <= (1 << 30)));
    CHECK (!o->outside.listen || lab_listen_valid (o->outside.listen));
    CHECK (o->n_args >= 0 && o->n_args < argc);
    for (int i = 0; i < o->n_args; i++)
        CHECK (s_is_arg (argv, argc, o->args [i]));
    CHECK (o->mode != MODE_DEMO || (o->demo && demo_known (o->demo)));
    CHECK ((o->mode == MODE_EXERCISE) == (o->exercise || o->exercises));
    CHECK (o->mode != MODE_EXERCISE || o->n_args == 0);
    CHECK (o->mode != MODE_LESSON || o->n_args > 0);
    CHECK (o->mode != MODE_HEADLESS || o->all || o->n_args > 0);
    CHECK (!o->solution || o->exercise);
    CHECK (!o->port || o->exercise_outside);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    //  argv: "zmqlab", then each NUL-separated piece (the last may be empty).
    char *argv [ARGS_MAX + 2];
    int argc = 0;
    argv [argc++] = strdup ("zmqlab");
    for (size_t at = 0; at <= size && argc <= ARGS_MAX; ) {
        const uint8_t *end = memchr (data + at, 0, size - at);
        size_t len = end ? (size_t) (end - (data + at)) : size - at;
        char *arg = malloc (len + 1);
        CHECK (arg != NULL);
        memcpy (arg, data + at, len);
        arg [len] = 0;
        argv [argc++] = arg;
        if (!end)
            break;
        at += len + 1;
    }
    argv [argc] = NULL;

    options_t options;
    int status = s_parse_args (argc, argv, &options);
    CHECK (status == -1 || status == 0 || status == 2);
    if (status == -1) {
        s_check_options (&options, argv, argc);
        //  As main: each lesson named is a catalog entry (or a file).
        const catalog_t *catalog = s_catalog ();
        for (int i = 0; catalog && i < options.n_args; i++) {
            const catalog_entry_t *entry = catalog_find (catalog, options.args [i]);
            CHECK (!entry || entry->path);
        }
        //  --lessons DIR, as main checks it (a directory of lessons or not).
        if (options.lessons) {
            char *dir = s_lessons_dir (options.lessons, argv [0], options.lang);
            CHECK (!dir || s_is_dir (dir));
            free (dir);
        }
    }
    free (options.args);
    for (int i = 0; i < argc; i++)
        free (argv [i]);
    return 0;
}
