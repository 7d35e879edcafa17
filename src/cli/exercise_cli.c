/*  exercise_cli.c — exercises from the command line (see exercise_cli.h). */
#define _GNU_SOURCE
#include "exercise_cli.h"

#include "lesson/exercises.h"
#include "lesson/progress.h"
#include "lesson/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
s_msg (const exercise_cli_t *cli, msg_id_t id)
{
    return i18n_msg (cli->run.lang, id);
}

static exercises_t *
s_load (const exercise_cli_t *cli)
{
    exercises_t *exercises = exercises_load (cli->exercises_dir, cli->run.lang);
    if (!exercises)
        i18n_print (stderr, cli->run.lang, MSG_EXERCISES_NONE, cli->exercises_dir);
    return exercises;
}

static const char *
s_state_name (const exercise_cli_t *cli, exercise_state_t state)
{
    return state == EXERCISE_PASSED ? s_msg (cli, MSG_STATE_PASSED)
         : state == EXERCISE_FAILING ? s_msg (cli, MSG_STATE_FAILING)
         : s_msg (cli, MSG_STATE_NOT_STARTED);
}

int
exercise_cli_list (const exercise_cli_t *cli)
{
    exercises_t *exercises = s_load (cli);
    if (!exercises)
        return 1;
    char *warning = NULL;
    progress_t *progress = progress_load (&warning);
    if (warning)
        fprintf (stderr, "zmqlab: %s: %s\n", s_msg (cli, MSG_PROGRESS_BAD), warning);
    free (warning);
    char *workspace = workspace_dir (cli->workspace);
    for (size_t i = 0; i < exercises->n; i++) {
        const exercise_entry_t *entry = &exercises->entries [i];
        if (entry->error) {
            printf ("%02d  %-22s %s\n", entry->number, entry->id, entry->error);
            continue;
        }
        //  Checked before: the recorded state; a copy never checked: failing
        //  until it is; no copy: not started.
        exercise_state_t state = progress ? progress_exercise (progress, entry->id)
                                          : EXERCISE_NOT_STARTED;
        if (state == EXERCISE_NOT_STARTED && workspace_started (workspace, entry->id))
            state = EXERCISE_FAILING;
        const char *name = s_state_name (cli, state);
        //  Padded by hand: a Chinese state is wider than its bytes say.
        printf ("%02d  %-22s %s  %s\n", entry->number, entry->id, name, entry->title);
        if (entry->statement)
            printf ("    %s\n", entry->statement);
    }
    if (workspace) {
        printf ("\n");
        i18n_print (stdout, cli->run.lang, MSG_WORKSPACE_IS, workspace);
    }
    free (workspace);
    progress_destroy (&progress);
    exercises_destroy (&exercises);
    return 0;
}

static const exercise_entry_t *
s_find (const exercise_cli_t *cli, const exercises_t *exercises, const char *query)
{
    const exercise_entry_t *entry = exercises_find (exercises, query);
    if (!entry)
        i18n_print (stderr, cli->run.lang, MSG_NO_EXERCISE, query);
    else
    if (entry->error) {
        fprintf (stderr, "zmqlab: %s\n", entry->error);
        entry = NULL;
    }
    return entry;
}

//  The student's copy of ENTRY, made now if needed (saying where).
static char *
s_student_copy (const exercise_cli_t *cli, const exercise_entry_t *entry, bool *created)
{
    char *workspace = workspace_dir (cli->workspace);
    char *error = NULL;
    char *file = workspace_open (workspace, entry->id, entry->template_path, cli->run.lang,
                                 created, &error);
    if (!file)
        fprintf (stderr, "zmqlab: %s\n", error ? error : entry->id);
    else
    if (*created)
        i18n_print (stdout, cli->run.lang, MSG_WORKSPACE_COPIED, file);
    free (error);
    free (workspace);
    return file;
}

int
exercise_cli_open (const exercise_cli_t *cli, const char *query, char **dir, char **file,
                   bool *created)
{
    *dir = *file = NULL;
    *created = false;
    exercises_t *exercises = s_load (cli);
    const exercise_entry_t *entry = exercises ? s_find (cli, exercises, query) : NULL;
    if (entry && (*file = s_student_copy (cli, entry, created)))
        *dir = strdup (entry->dir);
    exercises_destroy (&exercises);
    if (*dir)
        return 0;
    free (*file);
    *file = NULL;
    return -1;
}

int
exercise_cli_check (const exercise_cli_t *cli, const char *query)
{
    exercises_t *exercises = s_load (cli);
    const exercise_entry_t *entry = exercises ? s_find (cli, exercises, query) : NULL;
    int rc = RUNNER_FAILED;
    if (entry && cli->solution)
        rc = runner_exercise (entry->dir, cli->solution, false, &cli->run);
    else
    if (entry) {
        bool created;
        char *file = s_student_copy (cli, entry, &created);
        if (file)
            rc = runner_exercise (entry->dir, file, true, &cli->run);
        free (file);
    }
    exercises_destroy (&exercises);
    return rc;
}

int
exercise_cli_check_all (const exercise_cli_t *cli)
{
    exercises_t *exercises = s_load (cli);
    if (!exercises)
        return RUNNER_FAILED;
    char *workspace = workspace_dir (cli->workspace);
    int total = 0, failed = 0, rc = RUNNER_PASSED;
    for (size_t i = 0; i < exercises->n && rc != RUNNER_INTERRUPTED; i++) {
        const exercise_entry_t *entry = &exercises->entries [i];
        if (!workspace_started (workspace, entry->id))
            continue;
        char *file = workspace_file (workspace, entry->id);
        rc = entry->error ? RUNNER_FAILED : runner_exercise (entry->dir, file, true, &cli->run);
        if (entry->error)
            fprintf (stderr, "zmqlab: %s\n", entry->error);
        free (file);
        total++;
        failed += rc != RUNNER_PASSED;
    }
    if (rc != RUNNER_INTERRUPTED) {
        if (total == 0)
            i18n_print (stdout, cli->run.lang, MSG_EXERCISES_NONE_STARTED,
                        workspace ? workspace : "?");
        else
            i18n_print (stdout, cli->run.lang, MSG_EXERCISES_RESULT, total - failed, total);
    }
    free (workspace);
    exercises_destroy (&exercises);
    return rc == RUNNER_INTERRUPTED ? RUNNER_INTERRUPTED : failed ? RUNNER_FAILED : RUNNER_PASSED;
}
