/*  exercise_cli.h — exercises from the command line: --exercises lists
    them with the student's state, --headless --exercise ID checks one
    file, --headless --exercises every started workspace copy.
*/
#ifndef ZMQLAB_EXERCISE_CLI_H
#define ZMQLAB_EXERCISE_CLI_H

#include "runner.h"

typedef struct {
    const char *exercises_dir;      //  lessons/exercises
    const char *workspace;          //  --workspace DIR, or NULL: the default
    const char *solution;           //  --solution FILE, or NULL: the workspace copy
    runner_options_t run;
} exercise_cli_t;

//  --exercises: number, id, state (not started / failing / passed), title.
int exercise_cli_list (const exercise_cli_t *cli);
//  --headless --exercise ID: checks --solution FILE, else the student's
//  copy (made from the template the first time, saying where). 0 iff every
//  check passed, 1 otherwise, 130 when interrupted.
int exercise_cli_check (const exercise_cli_t *cli, const char *query);
//  --headless --exercises: checks every exercise the student started. 0 iff
//  each passed.
int exercise_cli_check_all (const exercise_cli_t *cli);
//  The exercise ID's folder and the student's file (made from the template
//  the first time; *created then true): for the view. 0, or -1 after
//  saying why on stderr. The caller frees *dir and *file.
int exercise_cli_open (const exercise_cli_t *cli, const char *query, char **dir, char **file,
                       bool *created);

#endif
