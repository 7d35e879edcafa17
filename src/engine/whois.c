/*  whois.c — the other end of a connection, from the kernel (see whois.h).
*/
#define _GNU_SOURCE
#include "whois.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool
s_inet_parts (const struct sockaddr_storage *addr, char *ip, size_t size, int *port)
{
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const void *) addr;
        *port = ntohs (in->sin_port);
        return inet_ntop (AF_INET, &in->sin_addr, ip, (socklen_t) size) != NULL;
    }
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const void *) addr;
        *port = ntohs (in6->sin6_port);
        return inet_ntop (AF_INET6, &in6->sin6_addr, ip, (socklen_t) size) != NULL;
    }
    return false;
}

bool
whois_same_inet (const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    char ip_a [INET6_ADDRSTRLEN], ip_b [INET6_ADDRSTRLEN];
    int port_a, port_b;
    return s_inet_parts (a, ip_a, sizeof ip_a, &port_a) && s_inet_parts (b, ip_b, sizeof ip_b, &port_b)
        && port_a == port_b && strcmp (ip_a, ip_b) == 0;
}

static bool
s_wildcard (const char *ip)
{
    return strcmp (ip, "0.0.0.0") == 0 || strcmp (ip, "::") == 0;
}

//  OTHER is the lab's end of the same connection as FD: its local address
//  is FD's remote and its remote FD's local. (A local port alone is not
//  enough: Linux reuses one for connections to different destinations.)
static bool
s_other_end (int other, const whois_t *who)
{
    struct sockaddr_storage local, remote;
    socklen_t len = sizeof local, remote_len = sizeof remote;
    return getsockname (other, (struct sockaddr *) &local, &len) == 0
        && getpeername (other, (struct sockaddr *) &remote, &remote_len) == 0
        && whois_same_inet (&local, &who->remote) && whois_same_inet (&remote, &who->local);
}

//  OTHER listens on FD's remote address (a connection we made to our own
//  listener, before it was accepted).
static bool
s_own_listener (int other, const whois_t *who)
{
    struct sockaddr_storage local;
    socklen_t len = sizeof local;
    char ip [INET6_ADDRSTRLEN], remote_ip [INET6_ADDRSTRLEN], local_ip [INET6_ADDRSTRLEN];
    int port, remote_port, local_port, listening = 0;
    socklen_t size = sizeof listening;
    return getsockname (other, (struct sockaddr *) &local, &len) == 0
        && s_inet_parts (&local, ip, sizeof ip, &port)
        && s_inet_parts (&who->remote, remote_ip, sizeof remote_ip, &remote_port)
        && s_inet_parts (&who->local, local_ip, sizeof local_ip, &local_port)
        && port == remote_port && strcmp (remote_ip, local_ip) == 0
        && (strcmp (ip, remote_ip) == 0 || s_wildcard (ip))
        && getsockopt (other, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 && listening;
}

//  Looks through this process's descriptors for the lab's end of WHO.
static void
s_find_own_end (int fd, whois_t *who)
{
    DIR *dir = opendir ("/proc/self/fd");
    if (!dir)
        return;                 //  not certain: trusted by nobody, refused never
    who->certain = true;
    struct dirent *entry;
    while (!who->internal && (entry = readdir (dir))) {
        char *end;
        long other = strtol (entry->d_name, &end, 10);
        if (*end || end == entry->d_name || other == fd || other == dirfd (dir))
            continue;
        if (s_other_end ((int) other, who)) {
            who->internal = true;
            who->other_fd = (int) other;
        }
        else
        if (s_own_listener ((int) other, who))
            who->internal = true;
    }
    closedir (dir);
}

whois_t
whois_of (int fd)
{
    whois_t who = { .other_fd = -1 };
    socklen_t len = sizeof who.remote, local_len = sizeof who.local;
    if (getpeername (fd, (struct sockaddr *) &who.remote, &len) != 0
    ||  getsockname (fd, (struct sockaddr *) &who.local, &local_len) != 0)
        return who;
    if (who.remote.ss_family == AF_UNIX) {
        struct ucred cred;
        socklen_t size = sizeof cred;
        if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0)
            return who;
        who.ok = who.certain = true;
        who.pid = (int) cred.pid;
        who.internal = who.pid == getpid ();
        snprintf (who.host, sizeof who.host, "pid %d", who.pid);
        snprintf (who.address, sizeof who.address, "ipc, pid %d", who.pid);
        return who;
    }
    char ip [INET6_ADDRSTRLEN];
    int port;
    if (!s_inet_parts (&who.remote, ip, sizeof ip, &port))
        return who;
    who.ok = who.inet = true;
    s_find_own_end (fd, &who);
    snprintf (who.host, sizeof who.host, "%s", ip);
    snprintf (who.address, sizeof who.address,
              who.remote.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", ip, port);
    return who;
}

bool
whois_same_connection (const whois_t *a, const whois_t *b)
{
    if (a->inet != b->inet)
        return false;
    return a->inet ? whois_same_inet (&a->local, &b->local) && whois_same_inet (&a->remote, &b->remote)
                   : a->pid == b->pid;
}

