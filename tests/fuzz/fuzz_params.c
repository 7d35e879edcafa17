/*  fuzz_params.c — a libFuzzer target for a behaviour's params: the table
    a lesson gives spawn, which zmqlab writes as constructor text and the
    actor's thread evaluates in its own lua_State (with an instruction
    budget, in an empty environment). The input's first byte picks the way:

      even  the rest is constructor text for lab_spawn as it is (what
            actor_restart and lab_spawn accept from any caller): the actor
            starts with a table, or the spawn fails saying why; it never
            crashes, hangs or escapes its budget;
      odd   the rest is decoded into a Lua value (integers, floats,
            strings of any bytes, booleans, tables of them, nested within
            the params' depth limit), written as a Lua literal, and sent
            through a real lesson: spawn("echo", { v = VALUE }) on a fresh
            lab, where the behaviour compares params.v with the same
            literal compiled on its own side. Every value must arrive
            equal: the same type, the same number, the same bytes.

    Integer and float are told apart (3.0 stays a float, math.mininteger
    an integer).

    `make fuzz` runs this with libFuzzer; replay.c runs it on corpus/params
    in `make test`. Run it from the repository root.
*/
#define _GNU_SOURCE
#include "engine/lab.h"
#include "lesson/lesson.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

enum {
    DEPTH_MAX = 2,          //  tables inside v: v and two levels (spawn's own is one more)
    ENTRIES_MAX = 6,        //  entries per table
    LITERAL_MAX = 64 * 1024,
    DEADLINE_MS = 20000,    //  the round trip's lesson must end by then
    WAIT_MS = 2
};

static void
s_check (bool ok, const char *what, int line)
{
    if (!ok) {
        fprintf (stderr, "fuzz_params.c:%d: check failed: %s\n", line, what);
        abort ();
    }
}

#define CHECK(expr) s_check ((expr), #expr, __LINE__)

static double
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

//  --- raw constructor text ---------------------------------------------------------

//  Counts what it was given (walking at most 8 levels): reading params
//  must work whatever they hold.
static const char s_counter [] =
    "local n = 0\n"
    "local function walk (v, d)\n"
    "  n = n + 1\n"
    "  if type (v) == 'table' and d < 8 then\n"
    "    for _, x in pairs (v) do walk (x, d + 1) end\n"
    "  end\n"
    "end\n"
    "walk (params, 0)\n"
    "report ('n', n)\n";

static void
s_raw (const uint8_t *data, size_t size)
{
    //  Text stops at a NUL, as lab_spawn's C string does.
    char *text = strndup ((const char *) data, size);
    CHECK (text != NULL);
    lab_t *lab = lab_new (NULL);
    CHECK (lab != NULL);
    CHECK (lab_define (lab, "counter", s_counter) == 0);
    char *error = NULL;
    actor_t *actor = lab_spawn (lab, "counter", "c", text, &error);
    if (!actor) {
        CHECK (error != NULL && *error);
        free (error);
    }
    else {
        //  Restarted with the same text, it loads it again.
        if (actor_restart (actor, text, &error) != 0) {
            CHECK (error != NULL && *error);
            free (error);
        }
        CHECK (lab_remove (lab, "c") == 0);
    }
    lab_destroy (&lab);
    free (text);
}

//  --- round trip through a lesson ---------------------------------------------------

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t at;
    char *out;
    size_t len;
} literal_t;

static uint8_t
s_byte (literal_t *self)
{
    return self->at < self->size ? self->data [self->at++] : 0;
}

static void
s_put (literal_t *self, const char *text)
{
    size_t n = strlen (text);
    if (self->len + n < LITERAL_MAX) {
        memcpy (self->out + self->len, text, n + 1);
        self->len += n;
    }
}

static void
s_put_string (literal_t *self)
{
    size_t n = s_byte (self);
    s_put (self, "\"");
    for (size_t i = 0; i < n && self->at < self->size; i++) {
        char escape [8];
        snprintf (escape, sizeof escape, "\\%03u", (unsigned) s_byte (self));
        s_put (self, escape);
    }
    s_put (self, "\"");
}

static void
s_put_value (literal_t *self, int depth)
{
    char number [64];
    uint8_t tag = s_byte (self) % 6;
    if (tag == 0) {
        int64_t value = 0;
        for (int i = 0; i < 8; i++)
            value = (int64_t) ((uint64_t) value << 8 | s_byte (self));
        if (value == INT64_MIN)
            snprintf (number, sizeof number, "math.mininteger");
        else
            snprintf (number, sizeof number, "%lld", (long long) value);
        s_put (self, number);
    }
    else
    if (tag == 1) {
        uint64_t bits = 0;
        for (int i = 0; i < 8; i++)
            bits = bits << 8 | s_byte (self);
        double value;
        memcpy (&value, &bits, sizeof value);
        if (!isfinite (value))
            value = 0.5;            //  refused by spawn, as it says; not this check
        snprintf (number, sizeof number, "%.17g", value);
        if (!strpbrk (number, ".en"))
            strcat (number, ".0");  //  a float literal, even for 3.0 and -0.0
        s_put (self, number);
    }
    else
    if (tag == 2)
        s_put_string (self);
    else
    if (tag == 3)
        s_put (self, s_byte (self) & 1 ? "true" : "false");
    else
    if (tag == 4 && depth < DEPTH_MAX) {
        int entries = s_byte (self) % (ENTRIES_MAX + 1);
        s_put (self, "{");
        for (int i = 0; i < entries && self->at < self->size; i++) {
            s_put (self, "[");
            if (s_byte (self) & 1)
                s_put_string (self);
            else {
                snprintf (number, sizeof number, "%d", (int8_t) s_byte (self));
                s_put (self, number);
            }
            s_put (self, "]=");
            s_put_value (self, depth + 1);
            s_put (self, ",");
        }
        s_put (self, "}");
    }
    else {
        snprintf (number, sizeof number, "%d", (int8_t) s_byte (self));
        s_put (self, number);
    }
}

static const char s_lesson [] =
    "lesson { id = 'fz', title = 'F', summary = 's', level = 'beginner' }\n"
    "behaviour ('echo', [==[\n"
    "local strict = %s\n"
    "local want = %s\n"
    "local function same (a, b)\n"
    "  if type (a) ~= type (b) then return false end\n"
    "  if type (a) == 'number' then\n"
    "    return a == b and (not strict or math.type (a) == math.type (b))\n"
    "  end\n"
    "  if type (a) ~= 'table' then return a == b end\n"
    "  for k, v in pairs (a) do if not same (v, b [k]) then return false end end\n"
    "  for k in pairs (b) do if a [k] == nil then return false end end\n"
    "  return true\n"
    "end\n"
    "report ('same', same (params.v, want) and 'yes' or 'no')\n"
    "]==])\n"
    "local e = spawn ('echo', { name = 'e', v = %s })\n"
    "wait_until (function () return e:stats ().report.same ~= nil end, 10)\n"
    "expect (e:stats ().report.same == 'yes', 'params arrive as sent')\n";

static void
s_round_trip (const uint8_t *data, size_t size)
{
    literal_t literal = { data, size, 0, malloc (LITERAL_MAX), 0 };
    CHECK (literal.out != NULL);
    literal.out [0] = 0;
    s_put_value (&literal, 0);
    char *text = NULL;
    CHECK (asprintf (&text, s_lesson, "true", literal.out, literal.out) > 0);
    char path [] = "/tmp/zmqlab-fuzz-params-XXXXXX";
    int fd = mkstemp (path);
    CHECK (fd >= 0);
    CHECK (write (fd, text, strlen (text)) == (ssize_t) strlen (text));
    close (fd);

    lab_t *lab = lab_new (NULL);
    CHECK (lab != NULL);
    lab_set_speed (lab, 100);
    char *error = NULL;
    lesson_t *lesson = lesson_open (path, lab, LANG_EN, &error);
    if (!lesson)
        fprintf (stderr, "fuzz_params.c: %s\n", error ? error : "?");
    CHECK (lesson != NULL);
    lesson_status_t status = LESSON_WAITING;
    for (double deadline = s_now_ms () + DEADLINE_MS; s_now_ms () < deadline; ) {
        status = lesson_run (lesson);
        lesson_item_t item;
        while (lesson_take_item (lesson, &item))
            lesson_item_clear (&item);
        if (status == LESSON_DONE || status == LESSON_FAILED)
            break;
        lab_wait (lab, WAIT_MS);
    }
    bool passed = status == LESSON_DONE && lesson_checks_failed (lesson) == 0
               && lesson_checks_passed (lesson) == 1;
    if (!passed)
        fprintf (stderr, "fuzz_params.c: the value did not arrive as sent (%s):\n%s\n",
                 status == LESSON_FAILED ? lesson_error (lesson) : "its check failed",
                 literal.out);
    CHECK (passed);
    lesson_destroy (&lesson);
    lab_destroy (&lab);
    unlink (path);
    free (text);
    free (literal.out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data [0] % 2 == 0)
        s_raw (data + 1, size - 1);
    else
        s_round_trip (data + 1, size - 1);
    return 0;
}
