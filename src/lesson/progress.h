/*  progress.h — which lessons the learner finished, the last step and
    the section reached, the goals whose solution they saw, and each
    exercise's state, kept in $XDG_STATE_HOME/zmqlab/progress (default
    ~/.local/state/zmqlab/progress; engine/paths.h). Never fatal: lines it
    cannot read (damage, a newer version's) are kept as they are, and a
    file that cannot be read is reported and never overwritten. Saves of
    several zmqlabs at once each keep their records (progress.c says how).
*/
#ifndef ZMQLAB_PROGRESS_H
#define ZMQLAB_PROGRESS_H

#include <stdbool.h>

typedef struct progress_t progress_t;

//  Never fails for a bad file: *warning (caller frees) says where it is
//  damaged ("PATH:LINE": what could be read is read, the rest kept) or why
//  it cannot be read ("PATH: reason": the progress starts empty). NULL
//  only when out of memory.
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
//  The solution of goal GOAL (1-based in the lesson) of lesson ID was
//  shown to the learner (S).
void progress_note_solution (progress_t *self, const char *id, int goal);
bool progress_solution_shown (const progress_t *self, const char *id, int goal);
//  Merges what was recorded through SELF (progress_record, _reach,
//  _note_solution, _exercise_record) into the file as it is now, under a
//  lock, and writes it (atomically: a temporary file renamed). 0, or -1
//  with *error set ("PATH: reason"; caller frees), the file left as it was:
//  also when it is there but cannot be read.
int progress_save (const progress_t *self, char **error);
//  The file's path (caller frees); NULL when there is no state directory.
char *progress_path (void);

#endif
