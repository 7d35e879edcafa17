/*  watch.c — a file's change, by stat(2), woken by inotify (see watch.h). */
#define _GNU_SOURCE
#include "watch.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    bool exists;
    dev_t device;
    ino_t inode;
    off_t size;
    struct timespec modified;
    struct timespec changed;        //  ctime: a rename over the file, a chmod
} watch_state_t;

struct watch_t {
    char *path;
    watch_state_t state;
    int fd;                         //  inotify on the directory, or -1
};

//  A file written and closed, renamed there, removed, touched. Not each
//  write (IN_MODIFY), nor a creation or a rename away (IN_CREATE,
//  IN_MOVED_FROM): those come in the middle of a save (vim moves the old
//  file aside, then writes a new one), and the checks would run on a
//  missing or half-written file, then again.
static const uint32_t WATCH_EVENTS = IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_ATTRIB;

static int
s_inotify (const char *path)
{
    char *copy = strdup (path);
    int fd = copy ? inotify_init1 (IN_NONBLOCK | IN_CLOEXEC) : -1;
    if (fd >= 0 && inotify_add_watch (fd, dirname (copy), WATCH_EVENTS) < 0) {
        close (fd);
        fd = -1;
    }
    free (copy);
    return fd;
}

static watch_state_t
s_state (const char *path)
{
    watch_state_t state;
    memset (&state, 0, sizeof state);
    struct stat info;
    if (stat (path, &info) == 0) {
        state.exists = true;
        state.device = info.st_dev;
        state.inode = info.st_ino;
        state.size = info.st_size;
        state.modified = info.st_mtim;
        state.changed = info.st_ctim;
    }
    return state;
}

static bool
s_same (const watch_state_t *a, const watch_state_t *b)
{
    return a->exists == b->exists && a->device == b->device && a->inode == b->inode
        && a->size == b->size
        && a->modified.tv_sec == b->modified.tv_sec && a->modified.tv_nsec == b->modified.tv_nsec
        && a->changed.tv_sec == b->changed.tv_sec && a->changed.tv_nsec == b->changed.tv_nsec;
}

watch_t *
watch_new (const char *path)
{
    watch_t *self = calloc (1, sizeof *self);
    if (!self || !(self->path = strdup (path))) {
        free (self);
        return NULL;
    }
    self->state = s_state (path);
    self->fd = s_inotify (path);
    return self;
}

void
watch_destroy (watch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    if ((*self_p)->fd >= 0)
        close ((*self_p)->fd);
    free ((*self_p)->path);
    free (*self_p);
    *self_p = NULL;
}

//  The events waiting say only "look": read them all.
static void
s_drain (watch_t *self)
{
    char events [4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
    while (self->fd >= 0 && read (self->fd, events, sizeof events) > 0)
        ;
}

bool
watch_changed (watch_t *self)
{
    s_drain (self);
    watch_state_t now = s_state (self->path);
    if (s_same (&now, &self->state))
        return false;
    self->state = now;
    return true;
}

void
watch_reset (watch_t *self)
{
    s_drain (self);
    self->state = s_state (self->path);
}

const char *
watch_path (const watch_t *self)
{
    return self->path;
}

int
watch_fd (const watch_t *self)
{
    return self->fd;
}
