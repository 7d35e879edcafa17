/*  lint.c — the spoiler lint of --check (lint.h says what it flags and why).
    Texts are compared normalised: ASCII letters lower-cased, every run of
    ASCII punctuation, space or CJK punctuation one space; other bytes (the
    CJK text itself) as they are.
*/
#include "lint.h"
#include "lesson.h"
#include "i18n.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { WORDS_MAX = 48, NUMBERS_MAX = 32, WORD_MIN = 4 };

typedef struct {
    char *text;                 //  normalised narration
    int line;                   //  its source line, 0 for the summary
} s_said_t;

struct lint_t {
    s_said_t *said;             //  narration of the current section, in order
    size_t n_said;              //  how many
    size_t max_said;            //  allocated
    char *summary;              //  normalised summary, NULL once a question was asked
};

//  Common short words that say nothing about an answer.
static const char *s_stopwords [] = {
    "with", "that", "this", "from", "have", "will", "what", "when", "they", "them",
    "their", "there", "then", "than", "into", "each", "some", "does", "been", "were",
    "your", "also", "just", "only", "more", "most", "same", "like", "here", NULL
};

//  CJK punctuation that separates like ASCII punctuation does.
static const char *s_cjk_punct [] = {
    "\xef\xbc\x8c", "\xe3\x80\x82", "\xef\xbc\x9a", "\xef\xbc\x9b", "\xef\xbc\x88",
    "\xef\xbc\x89", "\xe3\x80\x81", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xef\xbc\x81",
    "\xef\xbc\x9f", "\xe2\x80\xa6", "\xe2\x80\x94", NULL
};

static size_t
s_cjk_punct_len (const char *p)
{
    for (int i = 0; s_cjk_punct [i]; i++) {
        size_t len = strlen (s_cjk_punct [i]);
        if (strncmp (p, s_cjk_punct [i], len) == 0)
            return len;
    }
    return 0;
}

static bool
s_alnum (char c)
{
    return (unsigned char) c < 0x80 && isalnum ((unsigned char) c);
}

//  TEXT normalised (lint.c's head says how); NULL when out of memory.
static char *
s_normalise (const char *text)
{
    size_t len = strlen (text);
    char *out = malloc (len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    bool space = true;          //  no space at the start
    for (const char *p = text; *p; ) {
        unsigned char c = (unsigned char) *p;
        size_t punct = c >= 0x80 ? s_cjk_punct_len (p) : 0;
        if (punct || (c < 0x80 && !isalnum (c) && c != '.')
        ||  (c == '.' && !(n > 0 && isdigit ((unsigned char) out [n - 1])
                           && isdigit ((unsigned char) p [1])))) {
            if (!space)
                out [n++] = ' ';
            space = true;
            p += punct ? punct : 1;
            continue;
        }
        out [n++] = (char) (c < 0x80 ? tolower (c) : c);
        space = false;
        p++;
    }
    while (n > 0 && out [n - 1] == ' ')
        n--;
    out [n] = 0;
    return out;
}

//  Does NEEDLE occur in HAY at word boundaries (both normalised)?
static bool
s_contains (const char *hay, const char *needle)
{
    size_t len = strlen (needle);
    if (len == 0)
        return false;
    for (const char *at = strstr (hay, needle); at; at = strstr (at + 1, needle)) {
        bool before = at == hay || !s_alnum (at [-1]) || !s_alnum (needle [0]);
        bool after = !s_alnum (at [len]) || !s_alnum (needle [len - 1]);
        if (before && after)
            return true;
    }
    return false;
}

//  The numbers in normalised TEXT, not glued to a letter ("worker1" has none).
static int
s_numbers (const char *text, double *numbers, int max)
{
    int n = 0;
    for (const char *p = text; *p && n < max; ) {
        if (!isdigit ((unsigned char) *p) || (p > text && s_alnum (p [-1]))) {
            p++;
            continue;
        }
        char *end;
        double value = strtod (p, &end);
        if (!(end > p && s_alnum (*end) && !isdigit ((unsigned char) *end)))
            numbers [n++] = value;
        p = end > p ? end : p + 1;
    }
    return n;
}

static bool
s_has_number (const double *numbers, int n, double value)
{
    for (int i = 0; i < n; i++)
        if (fabs (numbers [i] - value) < 1e-9)
            return true;
    return false;
}

//  The words of normalised TEXT worth comparing: ASCII words that start
//  with a letter, WORD_MIN letters or more, not a stopword; a plural or
//  third-person s dropped ("waits" and "wait" are one word). Each one is
//  copied into WORDS (max entries of 32 bytes).
static int
s_words (const char *text, char words [][32], int max)
{
    int n = 0;
    for (const char *p = text; *p && n < max; ) {
        if (!s_alnum (*p) || !isalpha ((unsigned char) *p) || (p > text && s_alnum (p [-1]))) {
            p++;
            continue;
        }
        size_t len = 0;
        while (s_alnum (p [len]))
            len++;
        if (len >= WORD_MIN && len < 32) {
            char word [32];
            memcpy (word, p, len);
            word [len] = 0;
            bool stop = false;
            for (int i = 0; s_stopwords [i]; i++)
                stop = stop || strcmp (word, s_stopwords [i]) == 0;
            if (len > WORD_MIN && word [len - 1] == 's' && word [len - 2] != 's')
                word [len - 1] = 0;
            bool seen = false;
            for (int i = 0; i < n; i++)
                seen = seen || strcmp (words [i], word) == 0;
            if (!stop && !seen)
                strcpy (words [n++], word);
        }
        p += len;
    }
    return n;
}

static bool
s_has_word (char words [][32], int n, const char *word)
{
    for (int i = 0; i < n; i++)
        if (strcmp (words [i], word) == 0)
            return true;
    return false;
}

lint_t *
lint_new (void)
{
    return calloc (1, sizeof (lint_t));
}

void
lint_section (lint_t *self)
{
    for (size_t i = 0; i < self->n_said; i++)
        free (self->said [i].text);
    self->n_said = 0;
}

void
lint_destroy (lint_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    lint_t *self = *self_p;
    lint_section (self);
    free (self->said);
    free (self->summary);
    free (self);
    *self_p = NULL;
}

void
lint_summary (lint_t *self, const char *text)
{
    free (self->summary);
    self->summary = text ? s_normalise (text) : NULL;
}

int
lint_say (lint_t *self, const char *text, int line)
{
    if (self->n_said == self->max_said) {
        size_t max = self->max_said ? 2 * self->max_said : 16;
        s_said_t *said = realloc (self->said, max * sizeof (s_said_t));
        if (!said)
            return -1;
        self->said = said;
        self->max_said = max;
    }
    char *normal = s_normalise (text ? text : "");
    if (!normal)
        return -1;
    self->said [self->n_said++] = (s_said_t) { .text = normal, .line = line };
    return 0;
}

//  What in SAID gives the answer away, given the answer's normalised texts
//  (whole and its parts), key numbers and own words. True with *FINDING set.
static bool
s_gives_away (const char *said, char **texts, int n_texts, const double *keys, int n_keys,
              char words [][32], int n_words, lint_finding_t *finding)
{
    for (int i = 0; i < n_texts; i++)
        if (s_contains (said, texts [i])) {
            finding->kind = LINT_TEXT;
            snprintf (finding->what, sizeof finding->what, "%s", texts [i]);
            return true;
        }
    double numbers [NUMBERS_MAX];
    int n_numbers = s_numbers (said, numbers, NUMBERS_MAX);
    for (int i = 0; i < n_keys; i++)
        if (s_has_number (numbers, n_numbers, keys [i])) {
            finding->kind = LINT_NUMBER;
            snprintf (finding->what, sizeof finding->what, "%g", keys [i]);
            return true;
        }
    if (n_words >= 2) {
        char said_words [WORDS_MAX][32];
        int n_said = s_words (said, said_words, WORDS_MAX);
        int matched = 0;
        char list [sizeof finding->what] = "";
        for (int i = 0; i < n_words; i++)
            if (s_has_word (said_words, n_said, words [i])) {
                matched++;
                size_t used = strlen (list);
                snprintf (list + used, sizeof list - used, "%s%s", used ? ", " : "", words [i]);
            }
        if (matched >= 2 && 3 * matched >= 2 * n_words) {
            finding->kind = LINT_WORDS;
            snprintf (finding->what, sizeof finding->what, "%s", list);
            return true;
        }
    }
    return false;
}

bool
lint_ask (lint_t *self, const char *question, const char *const *choices,
          int n_choices, int answer, lint_finding_t *finding)
{
    char *summary = self->summary;
    self->summary = NULL;           //  counts for the first question only
    if (answer < 1 || answer > n_choices) {
        free (summary);
        return false;
    }
    //  The answer's texts: whole, and its parts between colons, commas,
    //  semicolons or brackets (ASCII or CJK).
    char *texts [8];
    int n_texts = 0;
    char *whole = s_normalise (choices [answer - 1]);
    if (whole && strlen (whole) >= 3)
        texts [n_texts++] = whole;
    else
        free (whole);
    const char *from = choices [answer - 1];
    for (const char *p = from; n_texts < 8; ) {
        size_t cut = *p == ':' || *p == ',' || *p == ';' || *p == '(' || *p == ')'
                   ? 1 : (unsigned char) *p >= 0x80 ? s_cjk_punct_len (p) : 0;
        if (!cut && *p) {
            p++;
            continue;
        }
        char *part = strndup (from, (size_t) (p - from));
        char *normal = part ? s_normalise (part) : NULL;
        free (part);
        bool letters = false;
        for (const char *q = normal; q && *q; q++)
            letters = letters || (!isdigit ((unsigned char) *q) && *q != ' ' && *q != '.');
        if (normal && letters && strlen (normal) >= 8 && n_texts > 0
        &&  strcmp (normal, texts [0]) != 0)
            texts [n_texts++] = normal;
        else
            free (normal);
        if (!*p)
            break;
        p += cut;
        from = p;
    }
    //  Key numbers and own words: the answer's, not the question's nor another choice's.
    double numbers [NUMBERS_MAX], others [NUMBERS_MAX * 4], keys [NUMBERS_MAX];
    char words [WORDS_MAX][32], other_words [WORDS_MAX * 4][32];
    int n_others = 0, n_keys = 0, n_other_words = 0, n_words = 0;
    for (int i = -1; i < n_choices; i++) {
        if (i == answer - 1)
            continue;
        char *normal = s_normalise (i < 0 ? question : choices [i]);
        if (!normal)
            continue;
        n_others += s_numbers (normal, others + n_others, NUMBERS_MAX * 4 - n_others);
        n_other_words += s_words (normal, other_words + n_other_words,
                                  WORDS_MAX * 4 - n_other_words);
        free (normal);
    }
    char *normal = s_normalise (choices [answer - 1]);
    if (normal) {
        int n_numbers = s_numbers (normal, numbers, NUMBERS_MAX);
        for (int i = 0; i < n_numbers; i++)
            if (!s_has_number (others, n_others, numbers [i])
            &&  !s_has_number (keys, n_keys, numbers [i]))
                keys [n_keys++] = numbers [i];
        char all [WORDS_MAX][32];
        int n_all = s_words (normal, all, WORDS_MAX);
        for (int i = 0; i < n_all; i++)
            if (!s_has_word (other_words, n_other_words, all [i]))
                strcpy (words [n_words++], all [i]);
        free (normal);
    }
    bool found = false;
    if (summary && s_gives_away (summary, texts, n_texts, keys, n_keys,
                                 words, n_words, finding)) {
        finding->line = 0;
        found = true;
    }
    for (size_t i = 0; !found && i < self->n_said; i++)
        if (s_gives_away (self->said [i].text, texts, n_texts, keys, n_keys,
                          words, n_words, finding)) {
            finding->line = self->said [i].line;
            found = true;
        }
    for (int i = 0; i < n_texts; i++)
        free (texts [i]);
    free (summary);
    return found;
}

//  --- the dry run ----------------------------------------------------------------

int
lint_file (const char *path, i18n_lang_t texts, i18n_lang_t lang,
           const char *actors_dir, FILE *out)
{
    char *error = NULL;
    lesson_t *lesson = lesson_open_dry (path, texts, actors_dir, &error);
    free (error);
    lint_t *lint = lesson ? lint_new () : NULL;
    if (!lint) {
        lesson_destroy (&lesson);
        return 0;
    }
    static const msg_id_t kinds [] = {
        [LINT_TEXT] = MSG_LINT_TEXT, [LINT_NUMBER] = MSG_LINT_NUMBER,
        [LINT_WORDS] = MSG_LINT_WORDS
    };
    int warnings = 0;
    lesson_run (lesson);
    lesson_item_t item;
    while (lesson_take_item (lesson, &item)) {
        lint_finding_t finding;
        if (item.kind == ITEM_TITLE)
            lint_summary (lint, item.detail);
        else
        if (item.kind == ITEM_SECTION)
            lint_section (lint);
        else
        if (item.kind == ITEM_SAY)
            lint_say (lint, item.text, item.line);
        else
        if (item.kind == ITEM_ASK && item.total == 0 && texts == LANG_EN) {
            //  Once, not per language: hints are there or not in both.
            i18n_print (out, lang, MSG_LINT_NO_HINTS, path, item.line);
            warnings++;
        }
        if (item.kind == ITEM_ASK
        &&  lint_ask (lint, item.text ? item.text : "", (const char *const *) item.choices,
                      item.n_choices, item.answer, &finding)) {
            const char *kind = i18n_msg (lang, kinds [finding.kind]);
            if (finding.line > 0)
                i18n_print (out, lang, MSG_LINT_SAY, path, item.line, i18n_code (texts),
                            finding.line, kind, finding.what);
            else
                i18n_print (out, lang, MSG_LINT_SUMMARY, path, item.line, i18n_code (texts),
                            kind, finding.what);
            warnings++;
        }
        lesson_item_clear (&item);
    }
    lint_destroy (&lint);
    lesson_destroy (&lesson);
    return warnings;
}
