/*  tui.c — owning the terminal: curses set-up and teardown, the locale,
    keys, and where library diagnostics go while curses has the screen.

    Signals: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH and SIGTSTP are
    blocked in every thread and taken by the session loop from a signalfd;
    it then calls back here (restore, resize, suspend). Nothing is drawn
    from a signal handler.
*/
#define _GNU_SOURCE
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui.h"
#include "draw.h"
#include "theme.h"
#include "engine/paths.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

struct tui_t {
    SCREEN *screen;
    bool utf8;                      //  the character type is UTF-8
    int saved_stderr;               //  restored by tui_destroy
    int log_stderr;                 //  the log, while tui_leave gave stderr back
    char *log_path;                 //  where stderr went meanwhile
    long log_size;                  //  its size when we started
    draw_state_t draw;              //  what the last frame placed where
};

//  UTF-8 for the character type, if at all possible: the learner's locale,
//  else C.UTF-8 (LANG=C over SSH is common), else ASCII drawing.
static bool
s_setup_locale (void)
{
    setlocale (LC_ALL, "");
    if (strcmp (nl_langinfo (CODESET), "UTF-8") == 0)
        return true;
    if (setlocale (LC_CTYPE, "C.UTF-8") || setlocale (LC_CTYPE, "C.utf8"))
        return strcmp (nl_langinfo (CODESET), "UTF-8") == 0;
    return false;
}

static char *
s_log_path (void)
{
    char *dir = paths_state_dir ();
    char *path = NULL;
    if (dir) {
        paths_make_dir (dir);       //  if it fails, opening the log says so
        if (asprintf (&path, "%s/zmqlab.log", dir) < 0)
            path = NULL;
        free (dir);
    }
    return path ? path : strdup ("/tmp/zmqlab.log");
}

tui_t *
tui_new (char **error)
{
    *error = NULL;
    if (!isatty (STDIN_FILENO) || !isatty (STDOUT_FILENO)) {
        *error = strdup ("the terminal view needs a terminal (stdin and stdout); "
                         "try --headless or --demo");
        return NULL;
    }
    tui_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->utf8 = s_setup_locale ();
    self->saved_stderr = -1;
    self->log_stderr = -1;
    self->log_path = s_log_path ();
    int log = self->log_path ? open (self->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;
    if (log >= 0) {
        struct stat info;
        self->log_size = fstat (log, &info) == 0 ? (long) info.st_size : 0;
        fflush (stderr);
        self->saved_stderr = dup (STDERR_FILENO);
        dup2 (log, STDERR_FILENO);
        close (log);
    }
    self->screen = newterm (NULL, stdout, stdin);
    if (!self->screen) {
        tui_destroy (&self);
        *error = strdup ("curses cannot start on this terminal (is TERM set?)");
        return NULL;
    }
    set_term (self->screen);
    cbreak ();
    noecho ();
    nonl ();
    keypad (stdscr, TRUE);
    nodelay (stdscr, TRUE);
    curs_set (0);
    set_escdelay (25);
    mousemask (BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
    mouseinterval (0);
    theme_init ();
    return self;
}

void
tui_destroy (tui_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    tui_t *self = *self_p;
    if (self->screen) {
        endwin ();
        delscreen (self->screen);
    }
    if (self->saved_stderr >= 0) {
        fflush (stderr);
        dup2 (self->saved_stderr, STDERR_FILENO);
        close (self->saved_stderr);
        struct stat info;
        if (self->log_path && stat (self->log_path, &info) == 0
        &&  (long) info.st_size > self->log_size)
            fprintf (stderr, "zmqlab: messages were written to %s\n", self->log_path);
    }
    draw_state_clear (&self->draw);
    free (self->log_path);
    free (self);
    *self_p = NULL;
}

int
tui_fd (tui_t *self)
{
    (void) self;
    return STDIN_FILENO;
}

int
tui_key (tui_t *self, char utf8 [8])
{
    (void) self;
    utf8 [0] = 0;
    wint_t wide;
    int rc = get_wch (&wide);
    if (rc == ERR)
        return 0;
    if (rc == KEY_CODE_YES)
        return (int) wide;
    if (wide == 0)
        return 0;
    //  A character: also hand over its UTF-8 bytes for the command line.
    mbstate_t state;
    memset (&state, 0, sizeof state);
    char bytes [16];
    size_t len = wcrtomb (bytes, (wchar_t) wide, &state);
    if (len != (size_t) -1 && len < 8) {
        memcpy (utf8, bytes, len);
        utf8 [len] = 0;
    }
    //  Beyond ASCII a character's code could equal a curses key's (U+0102
    //  is KEY_DOWN): say "text" and let utf8 carry it.
    return wide < 128 ? (int) wide : TUI_TEXT;
}

void
tui_draw (tui_t *self, const model_t *model)
{
    draw_frame (&self->draw, model, self->utf8);
}

int
tui_mouse_actor (tui_t *self, const model_t *model)
{
    MEVENT event;
    if (getmouse (&event) != OK)
        return -1;
    return draw_actor_at (&self->draw, model, event.y, event.x);
}

bool
tui_utf8 (tui_t *self)
{
    return self->utf8;
}

void
tui_size (tui_t *self, int *rows, int *columns)
{
    (void) self;
    getmaxyx (stdscr, *rows, *columns);
}

void
tui_repaint (tui_t *self)
{
    (void) self;
    clearok (curscr, TRUE);
}

void
tui_resize (tui_t *self)
{
    (void) self;
    struct winsize size;
    if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
        resize_term (size.ws_row, size.ws_col);
    clearok (curscr, TRUE);
}

void
tui_suspend (tui_t *self)
{
    endwin ();
    fflush (stdout);
    kill (getpid (), SIGSTOP);
    //  Continued: the size may have changed meanwhile.
    tui_resize (self);
    refresh ();
}

void
tui_leave (tui_t *self)
{
    def_prog_mode ();
    endwin ();
    fflush (stdout);
    //  The editor's complaints belong on the terminal, not in our log.
    if (self->saved_stderr >= 0) {
        fflush (stderr);
        self->log_stderr = dup (STDERR_FILENO);
        dup2 (self->saved_stderr, STDERR_FILENO);
    }
}

void
tui_return (tui_t *self)
{
    if (self->log_stderr >= 0) {
        fflush (stderr);
        dup2 (self->log_stderr, STDERR_FILENO);
        close (self->log_stderr);
        self->log_stderr = -1;
    }
    reset_prog_mode ();
    //  What the editor left unread (answers to its terminal queries) is
    //  not the learner's keys for us.
    flushinp ();
    //  The editor may have left the terminal another size.
    tui_resize (self);
    refresh ();
}

int
tui_panel_scroll_max (tui_t *self)
{
    return self->draw.panel_scroll_max;
}
