/*  whois.h — who is at the other end of a tcp or ipc connection, asked of
    the kernel: its address, and whether it is one of this process's own
    sockets (an actor talking to an actor over tcp). No lock, no zmq; any
    thread. It reads /proc/self/fd, so call it outside any lock.
*/
#ifndef ZMQLAB_WHOIS_H
#define ZMQLAB_WHOIS_H

#include <stdbool.h>
#include <sys/socket.h>

enum { WHOIS_ADDRESS_MAX = 64, WHOIS_HOST_MAX = 48 };

//  Who is at the other end of a connection.
typedef struct {
    bool ok;                        //  open, and looked at
    bool certain;                   //  internal is known (/proc could be read)
    bool internal;                  //  one of this process's sockets
    int other_fd;                   //  internal: that socket's descriptor, or -1
    bool inet;
    struct sockaddr_storage local, remote;
    int pid;                        //  ipc: the peer process
    char address [WHOIS_ADDRESS_MAX];   //  "127.0.0.1:53422", "ipc, pid 4242"
    char host [WHOIS_HOST_MAX];     //  without the port: the reuse key
} whois_t;

//  The connection on FD; .ok false when it is closed or not tcp/ipc.
whois_t whois_of (int fd);
//  The same connection: the same four addresses (tcp), the same peer (ipc).
bool whois_same_connection (const whois_t *a, const whois_t *b);
//  The same IP address and port.
bool whois_same_inet (const struct sockaddr_storage *a, const struct sockaddr_storage *b);

#endif
