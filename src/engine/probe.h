/*  probe.h — the zmq table a behaviour uses (probe.c, with probe_send.c,
    probe_recv.c and probe_options.c behind it), for the actor's thread
    (actor_thread.c) and its controller (actor.c, option names only). Every
    function here runs on the thread that owns the socket, but
    probe_option_index (pure: any thread).
*/
#ifndef ZMQLAB_PROBE_H
#define ZMQLAB_PROBE_H

#include "internal.h"

#include <lua.h>

//  Installs the zmq table in the behaviour's environment (at top of stack).
void probe_open (lua_State *L);
//  Closes the socket behind a socket userdata (idempotent).
void probe_close (probe_sock_t *sock);
//  Index of a known socket option, or -1.
int probe_option_index (const char *option);
//  Applies option INDEX (text value) to the socket if it makes sense for its
//  type; errors are counted like a behaviour's.
void probe_apply_option (probe_sock_t *sock, int index, const char *value);

#endif
