/*  progress.h — which lessons the learner finished, the last step
    and the section reached, each exercise's state, kept in $XDG_STATE_HOME/zmqlab/progress (default
    ~/.local/state/zmqlab/progress; engine/paths.h). A damaged or unreadable file is
    reported and ignored, never fatal.
*/
#ifndef ZMQLAB_PROGRESS_H
#define ZMQLAB_PROGRESS_H

#include <stdbool.h>

typedef struct progress_t progress_t;

//  Never fails for a bad file: *warning (caller frees) says what was wrong
//  and the progress starts empty. NULL only when out of memory.
progress_t *progress_load (char **warning);
void progress_destroy (progress_t **self_p);
bool progress_finished (const progress_t *self, const char *id);
int progress_last_step (const progress_t *self, const char *id);
void progress_record (progress_t *self, const char *id, bool finished, int step);
//  The section reached (1-based) of how many: "3/5" on the menu. 0 when
//  not known (a file from before sections).
int progress_section (const progress_t *self, const char *id);
int progress_sections (const progress_t *self, const char *id);
void progress_reach (progress_t *self, const char *id, int section, int sections);
//  An exercise's state, recorded when the student's own copy is checked.
typedef enum { EXERCISE_NOT_STARTED, EXERCISE_FAILING, EXERCISE_PASSED } exercise_state_t;
exercise_state_t progress_exercise (const progress_t *self, const char *id);
void progress_exercise_record (progress_t *self, const char *id, exercise_state_t state);
//  Writes the file (atomically: a temporary file renamed). 0, or -1 with
//  *error set (caller frees).
int progress_save (const progress_t *self, char **error);
//  The file's path (caller frees); NULL when there is no state directory.
char *progress_path (void);

#endif
