/*  paths.c — the state directory. */
#define _GNU_SOURCE
#include "paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *
paths_state_dir (void)
{
    const char *state = getenv ("XDG_STATE_HOME");
    const char *home = getenv ("HOME");
    char *dir = NULL;
    if (state && *state) {
        if (asprintf (&dir, "%s/zmqlab", state) < 0)
            dir = NULL;
    }
    else
    if (home && *home && asprintf (&dir, "%s/.local/state/zmqlab", home) < 0)
        dir = NULL;
    return dir;
}

int
paths_make_dir (const char *dir)
{
    char *path = strdup (dir);
    if (!path)
        return -1;
    //  Parents may be missing on a fresh machine.
    int rc = 0;
    for (char *slash = strchr (path + 1, '/'); slash && rc == 0; slash = strchr (slash + 1, '/')) {
        *slash = 0;
        if (mkdir (path, 0700) != 0 && errno != EEXIST)
            rc = -1;
        *slash = '/';
    }
    if (rc == 0 && mkdir (path, 0700) != 0 && errno != EEXIST)
        rc = -1;
    int saved = errno;
    free (path);
    errno = saved;
    return rc;
}
