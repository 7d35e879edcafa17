/*  lint.h — the spoiler lint of --check: does the narration before a
    question already give its answer away? A learner predicts better when
    the introduction sets up the experiment without telling the outcome.

    Pure text analysis, no Lua and no lab: feed it the lesson's narration
    (say texts, the summary) and each question as the dry run meets them.
    The narration counts from the start of its section (a lesson without
    sections is one section); the summary counts for the first question.
    A question is flagged when, in one earlier narration text of its
    section, appears:
      - its answer's text, or a part of it between colons, commas or
        brackets (at least 8 bytes: "立即失败" of "立即失败，返回错误"), at
        word boundaries, case-insensitive;
      - a key number of its answer: a number in the answer choice that is
        in neither the question nor any other choice ("20" of "20: news and
        newsletter" when the others say 10 and 30);
      - the answer's own words: at least two words of four letters or more
        that no other choice and not the question has, two thirds of them
        or more in that one text ("fails", "once", "error").
    It warns, never fails: a heuristic points at a place to reread.
    lint_file also warns, once, at a question without hints (ask { hints }):
    every question should offer h something that helps predict.
*/
#ifndef ZMQLAB_LINT_H
#define ZMQLAB_LINT_H

#include "engine/lang.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct lint_t lint_t;

typedef enum {
    LINT_TEXT,          //  the answer's text (or a part of it)
    LINT_NUMBER,        //  a key number of the answer
    LINT_WORDS          //  the answer's own words
} lint_kind_t;

typedef struct {
    lint_kind_t kind;   //  what gave the answer away
    char what [96];     //  that text, number or those words (truncated)
    int line;           //  the narration's source line (0 for the summary)
} lint_finding_t;

lint_t *lint_new (void);
void lint_destroy (lint_t **self_p);
//  The lesson's summary: narration for the first question only.
void lint_summary (lint_t *self, const char *text);
//  A new section starts: earlier narration no longer counts.
void lint_section (lint_t *self);
//  Narration (a say) at source LINE. -1 when out of memory.
int lint_say (lint_t *self, const char *text, int line);
//  A question with its choices and ANSWER (1-based). True, with *FINDING
//  filled, when the narration before it in its section gives it away.
bool lint_ask (lint_t *self, const char *question, const char *const *choices,
               int n_choices, int answer, lint_finding_t *finding);

//  --check's lint of a lesson file: a dry run with the texts in TEXTS, a
//  warning line ("FILE:LINE: warning [zh]: …", in LANG) on OUT for each
//  question given away. Returns the number of warnings (0 also when the
//  file does not run: the check itself reports that).
int lint_file (const char *path, i18n_lang_t texts, i18n_lang_t lang,
               const char *actors_dir, FILE *out);

#endif
