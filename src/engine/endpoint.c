/*  endpoint.c — endpoint strings: pure functions over text (see endpoint.h).
*/
#include "endpoint.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool
endpoint_tcp_host (const char *endpoint, const char **host, size_t *len)
{
    if (!endpoint || strncmp (endpoint, "tcp://", 6) != 0)
        return false;
    const char *start = endpoint + 6;
    const char *colon = strrchr (start, ':');
    if (!colon)
        return false;
    //  "tcp://a:1;b:2" names a source address: the host is after the ';'.
    const char *semi = memchr (start, ';', (size_t) (colon - start));
    if (semi)
        start = semi + 1;
    *host = start;
    *len = (size_t) (colon - start);
    return true;
}

//  The port after the last ':' of TEXT (LEN bytes), if it has one outside
//  an IPv6 address's brackets: "*", or 0 to 65535 in decimal digits.
static bool
s_port_valid (const char *text, size_t len)
{
    const char *colon = NULL;
    for (size_t i = 0; i < len; i++)
        if (text [i] == ':')
            colon = text + i;
        else
        if (text [i] == ']')
            colon = NULL;
    if (!colon)
        return true;
    const char *port = colon + 1;
    size_t digits = (size_t) (text + len - port);
    if (digits == 1 && *port == '*')
        return true;
    if (digits == 0 || digits > 5)
        return false;
    long value = 0;
    for (size_t i = 0; i < digits; i++) {
        if (!isdigit ((unsigned char) port [i]))
            return false;
        value = value * 10 + (port [i] - '0');
    }
    return value <= 65535;
}

bool
endpoint_tcp_port_valid (const char *endpoint)
{
    if (!endpoint || strncmp (endpoint, "tcp://", 6) != 0)
        return true;
    const char *start = endpoint + 6;
    const char *semi = strchr (start, ';');
    if (semi && !s_port_valid (start, (size_t) (semi - start)))
        return false;
    if (semi)
        start = semi + 1;
    return s_port_valid (start, strlen (start));
}

const char *
endpoint_ipc_path (const char *endpoint)
{
    if (!endpoint || strncmp (endpoint, "ipc://", 6) != 0)
        return NULL;
    const char *path = endpoint + 6;
    if (!*path || *path == '@' || strcmp (path, "*") == 0)
        return NULL;
    return path;
}

bool
endpoint_loopback (const char *host, size_t len)
{
    return (len == 9 && strncmp (host, "localhost", 9) == 0)
        || (len >= 4 && strncmp (host, "127.", 4) == 0)
        || (len == 5 && strncmp (host, "[::1]", 5) == 0)
        || (len == 2 && strncmp (host, "lo", 2) == 0);
}

bool
endpoint_wildcard (const char *host, size_t len)
{
    return (len == 7 && strncmp (host, "0.0.0.0", 7) == 0) || (len == 1 && *host == '*');
}

bool
endpoint_same (const char *a, const char *b)
{
    if (strncmp (a, "tcp://", 6) == 0 && strncmp (b, "tcp://", 6) == 0) {
        const char *port_a = strrchr (a, ':'), *port_b = strrchr (b, ':');
        return port_a && port_b && strcmp (port_a, port_b) == 0;
    }
    return strcmp (a, b) == 0;
}

const char *
endpoint_loopback_port (const char *endpoint)
{
    const char *host;
    size_t len;
    //  With a source address ("tcp://127.0.0.1:0;…") the endpoint is not
    //  the plain one --listen moves.
    if (!endpoint_tcp_host (endpoint, &host, &len) || host != endpoint + 6
    ||  !endpoint_loopback (host, len))
        return NULL;
    return host + len;
}

bool
endpoint_listen_valid (const char *address)
{
    if (!address || strlen (address) >= ENDPOINT_LISTEN_MAX)
        return false;
    for (const char *c = address; *c; c++)
        if (!isalnum ((unsigned char) *c) && !strchr (".-_*", *c))
            return false;
    return true;
}

bool
endpoint_listen_any (const char *listen)
{
    return strcmp (listen, "*") == 0 || strcmp (listen, "0.0.0.0") == 0;
}

bool
endpoint_reachable (const char *endpoint)
{
    const char *host;
    size_t len;
    return endpoint && endpoint_tcp_host (endpoint, &host, &len)
        && !endpoint_loopback (host, len);
}

bool
endpoint_append_reachable (char *out, size_t size, const char *endpoint,
                           const char *addresses)
{
    const char *host;
    size_t len;
    if (!endpoint_reachable (endpoint) || !endpoint_tcp_host (endpoint, &host, &len))
        return false;
    size_t used = strnlen (out, size);
    if (used >= size)
        return false;
    const char *port = host + len;
    const char *sep = used ? ", " : "";
    int n;
    if (endpoint_wildcard (host, len) && addresses && *addresses) {
        //  "192.168.1.5:5555" for the first address, the others after.
        size_t first = strcspn (addresses, " ");
        bool more = addresses [first] != 0;
        n = snprintf (out + used, size - used, "%s%.*s%s%s%s%s", sep, (int) first, addresses,
                      port, more ? " (also " : "", more ? addresses + first + 1 : "",
                      more ? ")" : "");
    }
    else
        n = snprintf (out + used, size - used, "%s%s", sep, endpoint + 6);
    if (n < 0 || (size_t) n >= size - used) {
        out [used] = 0;
        return false;
    }
    return true;
}
