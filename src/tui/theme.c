/*  theme.c — one table of semantic roles. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "theme.h"

#include <curses.h>
#include <stdlib.h>

typedef struct {
    short fg, bg;           //  8-colour pair (-1: terminal default)
    short fg256;            //  a softer 256-colour foreground, -1: use fg
    attr_t extra;           //  always, colour or not: what keeps meaning
} role_style_t;

static const role_style_t s_styles [ROLE_COUNT] = {
    [ROLE_NORMAL]   = { -1, -1, -1, A_NORMAL },
    [ROLE_TITLE]    = { COLOR_BLACK, COLOR_CYAN, -1, A_BOLD },
    [ROLE_STATUS]   = { COLOR_BLACK, COLOR_WHITE, -1, A_NORMAL },
    [ROLE_DIM]      = { -1, -1, 244, A_DIM },
    [ROLE_BOX]      = { -1, -1, -1, A_NORMAL },
    [ROLE_SELECTED] = { COLOR_YELLOW, -1, 220, A_BOLD },
    [ROLE_FOCUS]    = { COLOR_MAGENTA, -1, 213, A_BOLD },
    [ROLE_RUNNING]  = { COLOR_GREEN, -1, 114, A_NORMAL },
    [ROLE_SLEEPING] = { COLOR_CYAN, -1, 116, A_NORMAL },
    [ROLE_BLOCKED]  = { COLOR_YELLOW, -1, 214, A_BOLD },
    [ROLE_PAUSED]   = { COLOR_BLUE, -1, 111, A_BOLD },
    [ROLE_CRASHED]  = { COLOR_RED, -1, 203, A_BOLD },
    [ROLE_STOPPED]  = { -1, -1, 244, A_DIM },
    [ROLE_CALM]     = { COLOR_GREEN, -1, 114, A_NORMAL },
    [ROLE_WARN]     = { COLOR_YELLOW, -1, 214, A_BOLD },
    [ROLE_FULL]     = { COLOR_RED, -1, 203, A_BOLD },
    [ROLE_DROP]     = { COLOR_RED, -1, 203, A_BOLD },
    [ROLE_MISSED]   = { COLOR_MAGENTA, -1, 176, A_NORMAL },
    [ROLE_PASS]     = { COLOR_GREEN, -1, 114, A_BOLD },
    [ROLE_FAIL]     = { COLOR_RED, -1, 203, A_BOLD },
    [ROLE_HINT]     = { COLOR_CYAN, -1, 116, A_NORMAL },
    [ROLE_QUESTION] = { COLOR_YELLOW, -1, 222, A_BOLD },
    [ROLE_MESSAGE]  = { COLOR_RED, -1, 203, A_BOLD },
    [ROLE_GLYPH]    = { COLOR_CYAN, -1, 87, A_BOLD },
};

static int s_attrs [ROLE_COUNT];
static bool s_color;

void
theme_init (void)
{
    const char *no_color = getenv ("NO_COLOR");
    s_color = has_colors () && !(no_color && *no_color);
    if (s_color) {
        start_color ();
        use_default_colors ();
    }
    for (int role = 0; role < ROLE_COUNT; role++) {
        const role_style_t *style = &s_styles [role];
        attr_t attr = style->extra;
        if (role == ROLE_TITLE || role == ROLE_STATUS)
            attr |= A_REVERSE * !s_color;   //  bars stay bars in monochrome
        if (s_color && (style->fg >= 0 || style->bg >= 0) && role < COLOR_PAIRS) {
            short fg = style->fg;
            if (COLORS >= 256 && style->fg256 >= 0)
                fg = style->fg256;
            init_pair ((short) role, fg, style->bg);
            attr |= COLOR_PAIR (role);
        }
        s_attrs [role] = (int) attr;
    }
}

int
theme_attr (role_t role)
{
    return role < ROLE_COUNT ? s_attrs [role] : 0;
}

bool
theme_has_color (void)
{
    return s_color;
}
