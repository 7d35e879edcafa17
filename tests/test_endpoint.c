/*  test_endpoint.c — endpoint strings (src/engine/endpoint.h) and socket
    type facts (src/engine/socktype.h): pure functions over text, checked
    on every spelling the lab meets, and on bad input.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/endpoint.h"
#include "engine/socktype.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

//  Expects ENDPOINT's tcp host to be HOST (NULL: no tcp host at all).
static void
s_host_at (const char *endpoint, const char *host, const char *file, int line)
{
    const char *got = NULL;
    size_t len = 0;
    bool ok = endpoint_tcp_host (endpoint, &got, &len);
    if (!host && ok) {
        print_error ("%s:%d: \"%s\" has host \"%.*s\", expected none\n",
                     file, line, endpoint, (int) len, got);
        _fail (file, line);
    }
    else
    if (host && (!ok || len != strlen (host) || memcmp (got, host, len) != 0)) {
        print_error ("%s:%d: \"%s\" has host \"%.*s\", expected \"%s\"\n", file, line,
                     endpoint, ok ? (int) len : 6, ok ? got : "(none)", host);
        _fail (file, line);
    }
}

//  Function-like macro only to report the caller's line.
#define host_is(endpoint, host) s_host_at ((endpoint), (host), __FILE__, __LINE__)

static bool
s_loopback (const char *host)
{
    return endpoint_loopback (host, strlen (host));
}

static void
test_tcp_host (void **state)
{
    (void) state;
    host_is ("tcp://127.0.0.1:5555", "127.0.0.1");
    host_is ("tcp://localhost:5555", "localhost");
    host_is ("tcp://*:5555", "*");
    host_is ("tcp://eth0:5555", "eth0");
    //  IPv6 keeps its brackets: the port is after the last colon.
    host_is ("tcp://[::1]:5555", "[::1]");
    host_is ("tcp://[fe80::1%eth0]:80", "[fe80::1%eth0]");
    //  A source address: the host is the destination's, after the ';'.
    host_is ("tcp://192.168.1.2:0;127.0.0.1:5555", "127.0.0.1");
    host_is ("tcp://:5555", "");
    //  Not tcp, or no port.
    host_is ("ipc:///tmp/x", NULL);
    host_is ("inproc://a:b", NULL);
    host_is ("tcp://localhost", NULL);
    host_is ("TCP://localhost:1", NULL);
    host_is ("", NULL);
    host_is ("tcp:/", NULL);
    host_is (NULL, NULL);
}

//  Ports libzmq would misread quietly (99999 as 34463, "80x" as 80) are
//  refused; what libzmq judges itself (no port at all) is left to it.
static void
test_tcp_port (void **state)
{
    (void) state;
    assert_true (endpoint_tcp_port_valid ("tcp://127.0.0.1:5555"));
    assert_true (endpoint_tcp_port_valid ("tcp://127.0.0.1:0"));
    assert_true (endpoint_tcp_port_valid ("tcp://127.0.0.1:65535"));
    assert_true (endpoint_tcp_port_valid ("tcp://*:*"));
    assert_true (endpoint_tcp_port_valid ("tcp://[::1]:5555"));
    assert_true (endpoint_tcp_port_valid ("tcp://192.168.1.2:0;127.0.0.1:5555"));
    assert_true (endpoint_tcp_port_valid ("tcp://eth0;127.0.0.1:5555"));
    assert_true (endpoint_tcp_port_valid ("tcp://localhost"));
    assert_true (endpoint_tcp_port_valid ("tcp://[::1]"));
    assert_true (endpoint_tcp_port_valid ("ipc:///tmp/x:99999"));
    assert_true (endpoint_tcp_port_valid ("inproc://a:99999"));
    assert_true (endpoint_tcp_port_valid (NULL));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:99999"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:65536"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:100000"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:-1"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:80x"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1: 80"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:"));
    assert_false (endpoint_tcp_port_valid ("tcp://[::1]:70000"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:99999;127.0.0.1:5555"));
    assert_false (endpoint_tcp_port_valid ("tcp://127.0.0.1:5555;127.0.0.1:5555x"));
}

static void
test_ipc_path (void **state)
{
    (void) state;
    assert_string_equal (endpoint_ipc_path ("ipc:///tmp/x.ipc"), "/tmp/x.ipc");
    assert_string_equal (endpoint_ipc_path ("ipc://x.ipc"), "x.ipc");
    assert_null (endpoint_ipc_path ("ipc://@abstract"));
    assert_null (endpoint_ipc_path ("ipc://*"));
    assert_null (endpoint_ipc_path ("ipc://"));
    assert_null (endpoint_ipc_path ("tcp://127.0.0.1:5555"));
    assert_null (endpoint_ipc_path (NULL));
}

static void
test_loopback (void **state)
{
    (void) state;
    assert_true (s_loopback ("localhost"));
    assert_true (s_loopback ("127.0.0.1"));
    assert_true (s_loopback ("127.1.2.3"));
    assert_true (s_loopback ("[::1]"));
    assert_true (s_loopback ("lo"));
    assert_false (s_loopback ("localhost2"));
    assert_false (s_loopback ("localhos"));
    assert_false (s_loopback ("128.0.0.1"));
    assert_false (s_loopback ("127"));
    assert_false (s_loopback ("::1"));          //  unbracketed is not an endpoint host
    assert_false (s_loopback ("[::2]"));
    assert_false (s_loopback ("lo0"));
    assert_false (s_loopback ("*"));
    assert_false (s_loopback ("0.0.0.0"));
    assert_false (s_loopback (""));
    //  Only LEN bytes count: "127." inside a longer text.
    assert_true (endpoint_loopback ("localhost:5555", 9));
    assert_false (endpoint_loopback ("localhost", 5));
    assert_true (endpoint_wildcard ("*", 1));
    assert_true (endpoint_wildcard ("0.0.0.0", 7));
    assert_false (endpoint_wildcard ("0.0.0.1", 7));
    assert_false (endpoint_wildcard ("**", 2));
}

static void
test_same_endpoint (void **state)
{
    (void) state;
    //  tcp meets on the port, whatever the host spelling.
    assert_true (endpoint_same ("tcp://*:5555", "tcp://localhost:5555"));
    assert_true (endpoint_same ("tcp://127.0.0.1:5555", "tcp://[::1]:5555"));
    assert_true (endpoint_same ("tcp://0.0.0.0:5555", "tcp://eth0:5555"));
    assert_false (endpoint_same ("tcp://*:5555", "tcp://*:5556"));
    assert_false (endpoint_same ("tcp://*:5555", "tcp://*:55555"));
    assert_false (endpoint_same ("tcp://*:5555", "tcp://*"));
    //  Others by their exact text.
    assert_true (endpoint_same ("inproc://a", "inproc://a"));
    assert_false (endpoint_same ("inproc://a", "inproc://A"));
    assert_true (endpoint_same ("ipc:///tmp/x", "ipc:///tmp/x"));
    assert_false (endpoint_same ("ipc:///tmp/x", "ipc:///tmp/x2"));
    assert_false (endpoint_same ("ipc:///tmp/x:5555", "tcp://*:5555"));
    assert_false (endpoint_same ("inproc://:1", "tcp://*:1"));
}

static void
test_loopback_port (void **state)
{
    (void) state;
    assert_string_equal (endpoint_loopback_port ("tcp://127.0.0.1:5555"), ":5555");
    assert_string_equal (endpoint_loopback_port ("tcp://localhost:6000"), ":6000");
    assert_string_equal (endpoint_loopback_port ("tcp://[::1]:7"), ":7");
    assert_null (endpoint_loopback_port ("tcp://*:5555"));
    assert_null (endpoint_loopback_port ("tcp://192.168.1.5:5555"));
    //  With a source address it is not the plain endpoint --listen moves.
    assert_null (endpoint_loopback_port ("tcp://10.0.0.1:0;127.0.0.1:5555"));
    assert_null (endpoint_loopback_port ("ipc:///tmp/x"));
    assert_null (endpoint_loopback_port ("inproc://localhost:1"));
    assert_null (endpoint_loopback_port (NULL));
}

static void
test_listen_valid (void **state)
{
    (void) state;
    assert_true (endpoint_listen_valid (""));
    assert_true (endpoint_listen_valid ("0.0.0.0"));
    assert_true (endpoint_listen_valid ("*"));
    assert_true (endpoint_listen_valid ("192.168.1.5"));
    assert_true (endpoint_listen_valid ("eth0"));
    assert_true (endpoint_listen_valid ("my-host.example_net"));
    //  Anything that could end or change an endpoint is refused.
    assert_false (endpoint_listen_valid ("0.0.0.0; rm -rf"));
    assert_false (endpoint_listen_valid ("host:5555"));
    assert_false (endpoint_listen_valid ("[::1]"));
    assert_false (endpoint_listen_valid ("a b"));
    assert_false (endpoint_listen_valid ("tcp://x"));
    assert_false (endpoint_listen_valid ("h\xc3\xa9te"));
    assert_false (endpoint_listen_valid (NULL));
    char longest [ENDPOINT_LISTEN_MAX + 1];
    memset (longest, 'a', sizeof longest);
    longest [ENDPOINT_LISTEN_MAX - 1] = 0;
    assert_true (endpoint_listen_valid (longest));
    longest [ENDPOINT_LISTEN_MAX - 1] = 'a';
    longest [ENDPOINT_LISTEN_MAX] = 0;
    assert_false (endpoint_listen_valid (longest));
    assert_true (endpoint_listen_any ("*"));
    assert_true (endpoint_listen_any ("0.0.0.0"));
    assert_false (endpoint_listen_any ("192.168.1.5"));
    assert_false (endpoint_listen_any (""));
}

static void
test_reachable (void **state)
{
    (void) state;
    assert_true (endpoint_reachable ("tcp://192.168.1.10:5555"));
    assert_true (endpoint_reachable ("tcp://*:5555"));
    assert_true (endpoint_reachable ("tcp://eth0:5555"));
    assert_false (endpoint_reachable ("tcp://localhost:5555"));
    assert_false (endpoint_reachable ("tcp://127.0.0.1:5555"));
    assert_false (endpoint_reachable ("tcp://[::1]:5555"));
    assert_false (endpoint_reachable ("ipc:///tmp/x"));
    assert_false (endpoint_reachable ("inproc://x"));
    assert_false (endpoint_reachable ("tcp://nohost"));
    assert_false (endpoint_reachable (NULL));
}

static void
test_append_reachable (void **state)
{
    (void) state;
    char out [64] = "";
    //  A wildcard bind by this machine's addresses, the first one first.
    assert_true (endpoint_append_reachable (out, sizeof out, "tcp://*:5555",
                                            "192.168.1.5 10.0.0.3"));
    assert_string_equal (out, "192.168.1.5:5555 (also 10.0.0.3)");
    out [0] = 0;
    assert_true (endpoint_append_reachable (out, sizeof out, "tcp://0.0.0.0:7", "10.0.0.3"));
    assert_string_equal (out, "10.0.0.3:7");
    //  No address known: the bind as it was written.
    out [0] = 0;
    assert_true (endpoint_append_reachable (out, sizeof out, "tcp://*:5555", ""));
    assert_string_equal (out, "*:5555");
    //  Others as written, after a separator.
    assert_true (endpoint_append_reachable (out, sizeof out, "tcp://192.168.1.5:6000", "x"));
    assert_string_equal (out, "*:5555, 192.168.1.5:6000");
    //  Loopback and non-tcp are not reachable: nothing appended.
    assert_false (endpoint_append_reachable (out, sizeof out, "tcp://127.0.0.1:1", ""));
    assert_false (endpoint_append_reachable (out, sizeof out, "ipc:///tmp/x", ""));
    assert_string_equal (out, "*:5555, 192.168.1.5:6000");
    //  What does not fit is left out whole, never cut.
    char small [16] = "";
    assert_true (endpoint_append_reachable (small, sizeof small, "tcp://1.2.3.4:5", ""));
    assert_string_equal (small, "1.2.3.4:5");
    assert_false (endpoint_append_reachable (small, sizeof small, "tcp://1.2.3.4:6", ""));
    assert_string_equal (small, "1.2.3.4:5");
}

static void
test_socktype (void **state)
{
    (void) state;
    int types [] = { ZMQ_PAIR, ZMQ_PUB, ZMQ_SUB, ZMQ_REQ, ZMQ_REP, ZMQ_DEALER,
                     ZMQ_ROUTER, ZMQ_PULL, ZMQ_PUSH, ZMQ_XPUB, ZMQ_XSUB };
    for (size_t i = 0; i < sizeof types / sizeof types [0]; i++) {
        const char *name = socktype_name (types [i]);
        assert_string_not_equal (name, "?");
        assert_int_equal (socktype_from_name (name), types [i]);
    }
    assert_int_equal (socktype_from_name ("pub"), ZMQ_PUB);
    assert_int_equal (socktype_from_name ("Dealer"), ZMQ_DEALER);
    assert_int_equal (socktype_from_name ("STREAM"), -1);
    assert_int_equal (socktype_from_name (""), -1);
    assert_int_equal (socktype_from_name (NULL), -1);
    assert_string_equal (socktype_name (ZMQ_STREAM), "?");
    assert_string_equal (socktype_name (-1), "?");
    assert_true (socktype_flows (ZMQ_PUB, ZMQ_SUB));
    assert_false (socktype_flows (ZMQ_SUB, ZMQ_PUB));
    assert_true (socktype_flows (ZMQ_PUSH, ZMQ_PULL));
    assert_false (socktype_flows (ZMQ_PULL, ZMQ_PUSH));
    assert_true (socktype_flows (ZMQ_REQ, ZMQ_REP) && socktype_flows (ZMQ_REP, ZMQ_REQ));
    assert_true (socktype_flows (ZMQ_DEALER, ZMQ_ROUTER));
    assert_false (socktype_flows (ZMQ_PUB, ZMQ_PULL));
    assert_true (socktype_is_pub (ZMQ_XPUB) && !socktype_is_pub (ZMQ_SUB));
    assert_true (socktype_inbound (ZMQ_PULL) && !socktype_inbound (ZMQ_PUSH));
}

int
main (void)
{
    alarm (60);
    const struct CMUnitTest tests [] = {
        cmocka_unit_test (test_tcp_host),
        cmocka_unit_test (test_tcp_port),
        cmocka_unit_test (test_ipc_path),
        cmocka_unit_test (test_loopback),
        cmocka_unit_test (test_same_endpoint),
        cmocka_unit_test (test_loopback_port),
        cmocka_unit_test (test_listen_valid),
        cmocka_unit_test (test_reachable),
        cmocka_unit_test (test_append_reachable),
        cmocka_unit_test (test_socktype),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
