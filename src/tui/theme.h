/*  theme.h — colours by what they mean, not by hue (htop's ColorElements).
    256 colours, 8 colours, or none (NO_COLOR, monochrome terminals); every
    role also has a non-colour attribute so meaning survives without colour.
*/
#ifndef ZMQLAB_THEME_H
#define ZMQLAB_THEME_H

#include <stdbool.h>

typedef enum {
    ROLE_NORMAL, ROLE_TITLE, ROLE_STATUS, ROLE_DIM, ROLE_BOX, ROLE_SELECTED,
    ROLE_FOCUS, ROLE_RUNNING, ROLE_SLEEPING, ROLE_BLOCKED, ROLE_PAUSED,
    ROLE_CRASHED, ROLE_STOPPED, ROLE_CALM, ROLE_WARN, ROLE_FULL, ROLE_DROP,
    ROLE_MISSED, ROLE_PASS, ROLE_FAIL, ROLE_HINT, ROLE_QUESTION, ROLE_MESSAGE,
    ROLE_GLYPH, ROLE_COUNT
} role_t;

//  After initscr: sets up colour pairs (if the terminal has colours and
//  NO_COLOR is unset).
void theme_init (void);
//  The curses attributes for ROLE (an attr_t, as int to keep curses out).
int theme_attr (role_t role);
bool theme_has_color (void);

#endif
