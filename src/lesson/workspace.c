/*  workspace.c — the student's exercise files (see workspace.h). */
#define _GNU_SOURCE
#include "workspace.h"
#include "lesson.h"
#include "engine/paths.h"
#include "engine/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { TEMPLATE_MAX = 1024 * 1024 };

char *
workspace_dir (const char *option)
{
    if (option && *option)
        return strdup (option);
    const char *data = getenv ("XDG_DATA_HOME");
    const char *home = getenv ("HOME");
    char *dir = NULL;
    if (data && *data) {
        if (asprintf (&dir, "%s/zmqlab/exercises", data) < 0)
            dir = NULL;
    }
    else
    if (home && *home && asprintf (&dir, "%s/.local/share/zmqlab/exercises", home) < 0)
        dir = NULL;
    return dir;
}

char *
workspace_file (const char *dir, const char *id)
{
    if (!dir || !id || !lesson_valid_id (id))
        return NULL;
    char *path;
    if (asprintf (&path, "%s/%s.lua", dir, id) < 0)
        return NULL;
    return path;
}

bool
workspace_started (const char *dir, const char *id)
{
    char *path = workspace_file (dir, id);
    struct stat info;
    bool started = path && stat (path, &info) == 0 && S_ISREG (info.st_mode);
    free (path);
    return started;
}

//  Writes TEXT to PATH, which must not exist yet (O_EXCL: two zmqlabs
//  opening the exercise at once never overwrite each other). 0, 1 when it
//  existed, -1 with errno.
static int
s_create (const char *path, const char *text)
{
    int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno == EEXIST ? 1 : -1;
    size_t left = strlen (text);
    const char *at = text;
    while (left > 0) {
        ssize_t wrote = write (fd, at, left);
        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0) {
            int saved = errno ? errno : EIO;
            close (fd);
            unlink (path);
            errno = saved;
            return -1;
        }
        at += wrote;
        left -= (size_t) wrote;
    }
    if (close (fd) != 0) {
        int saved = errno;
        unlink (path);
        errno = saved;
        return -1;
    }
    return 0;
}

char *
workspace_open (const char *dir, const char *id, const char *template_path,
                i18n_lang_t lang, bool *created, char **error)
{
    *error = NULL;
    *created = false;
    if (!dir || !*dir) {
        *error = strdup (i18n_msg (lang, MSG_WORKSPACE_NONE));
        return NULL;
    }
    char *path = workspace_file (dir, id);
    if (!path) {
        *error = i18n_format (lang, MSG_WORKSPACE_BAD_ID, id ? id : "");
        return NULL;
    }
    struct stat info;
    if (stat (dir, &info) == 0 && !S_ISDIR (info.st_mode)) {
        *error = i18n_format (lang, MSG_WORKSPACE_NOT_DIR, dir);
        free (path);
        return NULL;
    }
    if (stat (path, &info) == 0) {
        if (S_ISREG (info.st_mode))
            return path;                //  the student's: never touched again
        *error = i18n_format (lang, MSG_WORKSPACE_NOT_FILE, path);
        free (path);
        return NULL;
    }
    if (paths_make_dir (dir) != 0) {
        *error = i18n_format (lang, MSG_WORKSPACE_CANNOT_MAKE, dir);
        free (path);
        return NULL;
    }
    char *text = textfile_read (template_path, TEMPLATE_MAX);
    if (!text) {
        *error = i18n_format (lang, MSG_WORKSPACE_NO_TEMPLATE, template_path);
        free (path);
        return NULL;
    }
    int rc = s_create (path, text);
    free (text);
    if (rc < 0) {
        *error = i18n_format (lang, MSG_WORKSPACE_CANNOT_WRITE, path);
        free (path);
        return NULL;
    }
    *created = rc == 0;
    return path;
}
