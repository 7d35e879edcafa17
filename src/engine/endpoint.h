/*  endpoint.h — endpoint strings ("tcp://host:port", "ipc://…", "inproc://…"):
    pure functions, no lock, no zmq, no lab. Any thread.

    The lab needs a few facts about the text of an endpoint: which host a tcp
    endpoint names, whether that host is this machine's loopback, whether two
    endpoints meet (a bind and a connect), where a loopback bind really goes
    when --listen moves it, and how another machine would type a bind.
*/
#ifndef ZMQLAB_ENDPOINT_H
#define ZMQLAB_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

enum { ENDPOINT_LISTEN_MAX = 64 };  //  bytes of a --listen address, with its NUL

//  The host of a tcp endpoint: its text between "tcp://" (or a source
//  address's ';') and the last ':'. False when ENDPOINT is not tcp or has
//  no port. "[::1]" keeps its brackets.
bool endpoint_tcp_host (const char *endpoint, const char **host, size_t *len);
//  False when a tcp endpoint's port (or its source address's) is not what
//  libzmq would use: it reads "99999" as 34463 and "80x" as 80, quietly.
//  A port is "*" or 0 to 65535 in decimal. True for anything else (not
//  tcp, no port): libzmq judges that itself.
bool endpoint_tcp_port_valid (const char *endpoint);
//  The file of an ipc endpoint ("ipc:///tmp/x" -> "/tmp/x"), or NULL: not
//  ipc, abstract ("ipc://@name"), or "ipc://*" (libzmq's own temporary file).
const char *endpoint_ipc_path (const char *endpoint);
//  True for "localhost", "127.*", "[::1]" and the interface "lo".
bool endpoint_loopback (const char *host, size_t len);
//  True for a wildcard tcp host: "*" or "0.0.0.0".
bool endpoint_wildcard (const char *host, size_t len);
//  For matching binds to connects: tcp endpoints meet on a port whatever
//  the host spelling (tcp://*:5555 and tcp://localhost:5555); others by
//  their exact text.
bool endpoint_same (const char *a, const char *b);
//  ":5555" of a plain loopback tcp endpoint (no source address), else NULL.
const char *endpoint_loopback_port (const char *endpoint);
//  A --listen address: IPv4, a host or interface name, or "*" (IPv6 is
//  not switched on); shorter than ENDPOINT_LISTEN_MAX. "" is valid (none).
bool endpoint_listen_valid (const char *address);
//  True when LISTEN takes every interface ("*", "0.0.0.0").
bool endpoint_listen_any (const char *listen);
//  True when ENDPOINT (tcp://host:port) can be reached from other machines.
bool endpoint_reachable (const char *endpoint);
//  Appends to OUT (SIZE bytes, NUL-terminated) how another machine would
//  connect to the bind ENDPOINT: "host:port", or for a wildcard bind the
//  first of ADDRESSES (space-separated, may be "") with the others in
//  "(also …)". Separated from what OUT holds by ", ". False, with OUT
//  unchanged, when ENDPOINT is not reachable or it does not fit.
bool endpoint_append_reachable (char *out, size_t size, const char *endpoint,
                                const char *addresses);

#endif
