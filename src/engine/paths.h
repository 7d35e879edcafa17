/*  paths.h — where zmqlab keeps its state (the learner's progress, the
    view's log): one directory, found one way, for every layer.
*/
#ifndef ZMQLAB_PATHS_H
#define ZMQLAB_PATHS_H

//  $XDG_STATE_HOME/zmqlab, else $HOME/.local/state/zmqlab (caller frees).
//  NULL when neither variable is set (there is nowhere to keep state) or
//  when out of memory.
char *paths_state_dir (void);
//  Creates DIR and any missing parents (mode 0700). 0, or -1 with errno.
int paths_make_dir (const char *dir);

#endif
