/*  runner.h — runs lessons without the terminal view: headless (the runner
    advances by itself and answers each question with its declared answer)
    or plainly interactive (Enter to go on, a number to answer).
    Prints a readable transcript.
*/
#ifndef ZMQLAB_RUNNER_H
#define ZMQLAB_RUNNER_H

#include "engine/lab.h"
#include "lesson/i18n.h"

#include <signal.h>
#include <stdbool.h>

typedef struct {
    i18n_lang_t lang;
    double speed;                   //  lab speed factor
    bool interactive;               //  read the learner's keys from stdin
    bool verbose;                   //  print the lab's event log too
    double timeout;                 //  real seconds a lesson may take
    const char *actors_dir;
    const sigset_t *signals;        //  blocked SIGINT/SIGTERM to poll, or NULL
    lab_outside_t outside;          //  --listen, --max-msg-size, --max-peers
    int from_section;               //  --from-section: start there (1-based); 0: the first
} runner_options_t;

enum { RUNNER_PASSED = 0, RUNNER_FAILED = 1, RUNNER_INTERRUPTED = 130 };

//  Runs the lesson at PATH. RUNNER_PASSED if it ended with every check
//  passed, RUNNER_FAILED otherwise (a failed check, an error, a timeout).
int runner_run (const char *path, const runner_options_t *options);
//  Checks STUDENT_FILE against the exercise in EXERCISE_DIR without the
//  view: prints each check (✓/✗ with its expect lines) and "N of M checks
//  passed". RUNNER_PASSED iff every check passed. RECORD: the file is the
//  student's own workspace copy, so the progress file notes the
//  exercise's state (never for a --solution FILE).
int runner_exercise (const char *exercise_dir, const char *student_file, bool record,
                     const runner_options_t *options);
//  Free mode: a prompt for lesson API commands, after SCRIPT (may be NULL).
//  Ends on "quit" or end of input: RUNNER_PASSED, or RUNNER_INTERRUPTED.
int runner_sandbox (const char *script, const runner_options_t *options);

#endif
