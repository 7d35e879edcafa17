/*  source.c — the source view (v): which text it shows and where it
    comes from. The selected actor's behaviour (a shipped file in the
    actors directory, or a lesson's inline one, from the lab's registry),
    else the file the latest error names at its line, else in an exercise
    the learner's own file. The view only gets lines; files are read here.
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "source.h"

#include "engine/textfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    SOURCE_FILE_MAX = 1 << 20,      //  as large as a behaviour may be
    SOURCE_TAB = 4,
    SOURCE_CONTEXT = 6              //  lines shown above a marked one
};

//  --- the text -------------------------------------------------------------------

void
source_clear (source_view_t *view)
{
    for (int i = 0; i < view->n_lines; i++)
        free (view->lines [i]);
    free (view->lines);
    free (view->title);
    free (view->note);
    memset (view, 0, sizeof *view);
}

//  One line of LEN bytes with its tabs expanded (and a '\r' dropped).
static char *
s_expand (const char *line, size_t len)
{
    if (len && line [len - 1] == '\r')
        len--;
    size_t tabs = 0;
    for (size_t i = 0; i < len; i++)
        tabs += line [i] == '\t';
    char *out = malloc (len + tabs * SOURCE_TAB + 1);
    if (!out)
        return NULL;
    size_t n = 0, column = 0;
    for (size_t i = 0; i < len; i++) {
        if (line [i] == '\t') {
            do
                out [n++] = ' ';
            while (++column % SOURCE_TAB);
        }
        else {
            out [n++] = line [i];
            //  Columns for the tab stops: a UTF-8 character counts once.
            if (((unsigned char) line [i] & 0xC0) != 0x80)
                column++;
        }
    }
    out [n] = 0;
    return out;
}

int
source_fill (source_view_t *view, const char *title, const char *text, int mark)
{
    source_clear (view);
    text = text ? text : "";
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    n += *text && text [strlen (text) - 1] != '\n';
    view->lines = calloc (n ? n : 1, sizeof *view->lines);
    view->title = strdup (title ? title : "");
    if (!view->lines || !view->title) {
        source_clear (view);
        return -1;
    }
    const char *line = text;
    for (size_t i = 0; i < n; i++) {
        const char *end = strchr (line, '\n');
        size_t len = end ? (size_t) (end - line) : strlen (line);
        if (!(view->lines [i] = s_expand (line, len))) {
            source_clear (view);
            return -1;
        }
        view->n_lines++;
        line = end ? end + 1 : line + len;
    }
    view->mark = mark > 0 && mark <= view->n_lines ? mark : 0;
    view->top = view->mark > SOURCE_CONTEXT ? view->mark - 1 - SOURCE_CONTEXT : 0;
    view->open = true;
    return 0;
}

void
source_scroll (source_view_t *view, int delta, int page)
{
    if (page < 1)
        page = 1;
    long top = (long) view->top + delta;
    long max = view->n_lines > page ? view->n_lines - page : 0;
    //  The view may have been drawn with a top beyond max (a taller text
    //  area before): scrolling starts from what is on screen.
    if (view->top > max)
        top = max + delta;
    view->top = (int) (top < 0 ? 0 : top > max ? max : top);
}

void
source_note (source_view_t *view, const char *note)
{
    free (view->note);
    view->note = note && *note ? strdup (note) : NULL;
}

void
source_side (source_view_t *view, int delta)
{
    long left = (long) view->left + delta;
    view->left = left < 0 ? 0 : left > 10000 ? 10000 : (int) left;
}

//  The colon before the first "PATH:LINE:" in TEXT (the path's start in
//  *START_OUT, the colon after the line in *END); NULL when TEXT names no
//  place.
static const char *
s_place (const char *text, const char **start_out, const char **end)
{
    for (const char *colon = strchr (text, ':'); colon; colon = strchr (colon + 1, ':')) {
        const char *digit = colon + 1;
        while (isdigit ((unsigned char) *digit))
            digit++;
        if (digit == colon + 1 || *digit != ':')
            continue;
        //  The path: back from the colon to a space, a quote or the start.
        const char *start = colon;
        while (start > text && !isspace ((unsigned char) start [-1]) && start [-1] != '"'
               && start [-1] != '\'')
            start--;
        //  "tcp://127.0.0.1:5555:" is an endpoint, not a file and a line.
        if (start == colon || memmem (start, (size_t) (colon - start), "://", 3))
            continue;
        *start_out = start;
        *end = digit;
        return colon;
    }
    return NULL;
}

const char *
source_message (const char *text)
{
    const char *start, *end;
    if (!text || !s_place (text, &start, &end))
        return NULL;
    end++;
    while (*end == ' ')
        end++;
    return end;
}

int
source_location (const char *text, char *path_out, size_t size)
{
    const char *start, *end;
    const char *colon = text && size ? s_place (text, &start, &end) : NULL;
    if (colon) {
        size_t len = (size_t) (colon - start);
        if (len >= size)
            len = size - 1;
        memcpy (path_out, start, len);
        path_out [len] = 0;
        long line = strtol (colon + 1, NULL, 10);
        return line > 0 && line < 1000000000 ? (int) line : 0;
    }
    return 0;
}

//  --- where the text comes from -----------------------------------------------

//  Shows BEHAVIOUR's source (from the lab: a file of the actors directory,
//  a lesson's inline one, an exercise's learner file) at MARK.
static int
s_show_behaviour (session_t *self, const char *behaviour, int mark)
{
    if (!self->lab)
        return -1;
    char *path = NULL, *error = NULL;
    char *text = lab_behaviour_text (self->lab, behaviour, &path, &error);
    if (!text) {
        char *message = i18n_format (self->options->lang, MSG_SOURCE_CANNOT, behaviour,
                                     error ? error : "?");
        session_message (self, true, "%s", message ? message : behaviour);
        free (message);
        free (error);
        return -1;
    }
    int rc = source_fill (&self->model.source, path ? path : behaviour, text, mark);
    free (text);
    free (path);
    return rc;
}

//  A file's chunk name for a shipped behaviour is "actors/NAME.lua"; an
//  inline one is its bare NAME: the behaviour's name, or NULL.
static char *
s_behaviour_of (const char *place)
{
    const char *name = place;
    if (strncmp (place, "actors/", 7) == 0)
        name = place + 7;
    size_t len = strlen (name);
    if (len > 4 && strcmp (name + len - 4, ".lua") == 0)
        len -= 4;
    else
    if (name != place)
        return NULL;
    char *behaviour = strndup (name, len);
    if (behaviour && lab_check_name (behaviour, false) != LAB_ACCEPTED) {
        free (behaviour);
        return NULL;
    }
    return behaviour;
}

int
source_open_place (session_t *self, const char *place, int line)
{
    //  A file the learner can open (their exercise file, a lesson): itself.
    //  A shipped behaviour's "actors/NAME.lua" is not relative to here:
    //  the lab knows where its actors directory is.
    if (strncmp (place, "actors/", 7) != 0 && access (place, R_OK) == 0) {
        char *text = textfile_read (place, SOURCE_FILE_MAX);
        if (text) {
            int rc = source_fill (&self->model.source, place, text, line);
            free (text);
            self->dirty = true;
            return rc;
        }
    }
    char *behaviour = s_behaviour_of (place);
    int rc = -1;
    if (behaviour && self->lab && lab_has_behaviour (self->lab, behaviour))
        rc = s_show_behaviour (self, behaviour, line);
    free (behaviour);
    self->dirty = true;
    return rc;
}

//  The newest panel entry that names a place (its text in *TEXT).
static int
s_latest_error_place (session_t *self, char *place, size_t size, const char **text)
{
    const model_t *model = &self->model;
    for (size_t i = model->n_entries; i-- > 0;) {
        entry_kind_t kind = model->entries [i].kind;
        if (kind != ENTRY_ERROR && kind != ENTRY_FAIL && kind != ENTRY_EXPECT_FAIL)
            continue;
        int line = source_location (model->entries [i].text, place, size);
        if (line) {
            *text = model->entries [i].text;
            return line;
        }
    }
    return 0;
}

void
source_toggle (session_t *self)
{
    model_t *model = &self->model;
    if (model->source.open) {
        source_clear (&model->source);
        self->dirty = true;
        return;
    }
    char place [1024];
    //  The selected actor: its behaviour, at the line it crashed on.
    const lab_snapshot_t *snap = model->snap;
    if (snap && model->selected >= 0 && (size_t) model->selected < snap->n_actors
    &&  !snap->actors [model->selected].external) {
        const actor_stats_t *actor = &snap->actors [model->selected];
        int line = source_location (actor->detail, place, sizeof place);
        if (line && source_open_place (self, place, line) == 0) {
            source_note (&model->source, source_message (actor->detail));
            return;
        }
        s_show_behaviour (self, actor->behaviour, 0);
        self->dirty = true;
        return;
    }
    //  The file the latest error names, at its line.
    const char *error = NULL;
    int line = s_latest_error_place (self, place, sizeof place, &error);
    if (line && source_open_place (self, place, line) == 0) {
        source_note (&model->source, source_message (error));
        return;
    }
    //  An exercise: the learner's file.
    if (self->student_file && source_open_place (self, self->student_file, 0) == 0)
        return;
    //  Else the actor the lesson points at, or the first one: a shipped
    //  behaviour is one key away.
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        if (!snap->actors [i].external && (!model->focus [0]
                                        || strcmp (snap->actors [i].name, model->focus) == 0)) {
            s_show_behaviour (self, snap->actors [i].behaviour, 0);
            self->dirty = true;
            return;
        }
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        if (!snap->actors [i].external) {
            s_show_behaviour (self, snap->actors [i].behaviour, 0);
            self->dirty = true;
            return;
        }
    session_message (self, false, "%s", s_msg (self, MSG_SOURCE_NONE));
}
