/*  watch.h — notices that a file changed: its size, modification time
    (to the nanosecond), inode or device, or whether it exists at all.
    An editor that writes in place, one that writes a new file and renames
    it over the old, and `cp` from another terminal all show.

    stat(2) decides; inotify on the file's directory (a rename over the
    file is an event of the directory) only says when to look, at once and
    without waking an idle program. Where inotify does not work (NFS, no
    more watches), the caller looks every WATCH_POLL_MS instead.
*/
#ifndef ZMQLAB_WATCH_H
#define ZMQLAB_WATCH_H

#include <stdbool.h>

//  How often the session looks without inotify: a change shows within
//  this, well under the second promised. With inotify, a look every
//  WATCH_BACKSTOP_MS catches a writer that never closes the file.
enum { WATCH_POLL_MS = 200, WATCH_BACKSTOP_MS = 1000 };

typedef struct watch_t watch_t;

//  Watches PATH (copied) from its state now. NULL when out of memory.
watch_t *watch_new (const char *path);
//  Accepts NULL; sets *self_p to NULL.
void watch_destroy (watch_t **self_p);
//  True once for each change since watch_new or the last true: the state
//  now becomes the one compared against.
bool watch_changed (watch_t *self);
//  Takes the state now as unchanged (after a change the caller made).
void watch_reset (watch_t *self);
const char *watch_path (const watch_t *self);
//  A descriptor that polls readable when the file may have changed (then
//  call watch_changed), or -1 without inotify: look every WATCH_POLL_MS.
int watch_fd (const watch_t *self);

#endif
