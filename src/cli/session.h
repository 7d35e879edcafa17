/*  session.h — zmqlab in the terminal view: the lesson menu, a lesson, or
    the sandbox, until the learner quits.
*/
#ifndef ZMQLAB_SESSION_H
#define ZMQLAB_SESSION_H

#include "engine/lab.h"
#include "lesson/catalog.h"
#include "lesson/i18n.h"

#include <signal.h>
#include <stdbool.h>

typedef struct {
    i18n_lang_t lang;
    double speed;
    const char *actors_dir;
    const catalog_t *catalog;       //  the menu's lessons
    const sigset_t *signals;        //  blocked SIGINT/SIGTERM/SIGHUP that end it
                                    //  (SIGWINCH must be blocked as well)
    const char *lesson_path;        //  open this lesson; NULL: the menu
    bool sandbox;                   //  free mode instead
    const char *script;             //  sandbox script to run first, or NULL
    const char *exercises_dir;      //  the menu's exercises (NN-ID/ folders), or NULL
    const char *workspace;          //  --workspace DIR, or NULL: the default place
    const char *exercise_dir;       //  open this exercise (its folder), on ...
    const char *student_file;       //  ... the learner's file
    bool student_copied;            //  which was just copied from the template
    lab_outside_t outside;          //  --listen, --max-msg-size, --max-peers
} session_options_t;

//  0 when the learner quit, 1 when the terminal view cannot start, 130
//  after a signal.
int session_run (const session_options_t *options);

#endif
