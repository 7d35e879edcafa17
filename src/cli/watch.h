/*  watch.h — notices that a file changed: its size, modification time
    (to the nanosecond), inode or device, or whether it exists at all.
    An editor that writes in place, one that writes a new file and renames
    it over the old, and `cp` from another terminal all show. Polled:
    stat(2) is cheap and works on every file system, inotify does not (NFS,
    a bind mount, a file replaced by rename needs the directory watched).
*/
#ifndef ZMQLAB_WATCH_H
#define ZMQLAB_WATCH_H

#include <stdbool.h>

//  How often the session looks: a change shows within this, well under
//  the second promised.
enum { WATCH_POLL_MS = 200 };

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

#endif
