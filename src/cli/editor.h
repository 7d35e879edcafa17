/*  editor.h — the learner's own editor on a file: $VISUAL, else $EDITOR,
    run by the shell (so "code -w" or "emacs -nw" work), with the terminal
    handed over while it runs.
*/
#ifndef ZMQLAB_EDITOR_H
#define ZMQLAB_EDITOR_H

//  The editor command, or NULL when neither $VISUAL nor $EDITOR is set
//  (or both are empty).
const char *editor_command (void);

//  Runs COMMAND on PATH and waits for it, every signal unblocked in it and
//  its own terminal stops followed (a Ctrl-Z in the editor stops zmqlab
//  too; fg continues both). The caller has handed the terminal over.
//  Its exit status (0: fine), or -1 with errno when it could not start.
int editor_run (const char *command, const char *path);

#endif
