"""rawpeer.py: what the programs that are not ZeroMQ peers share: a plain
socket to a zmq endpoint (tcp://HOST:PORT or ipc://PATH), and the test
script's go-ahead (one line on stdin) at the points where it must look."""
import os
import select
import socket
import sys


def connect(endpoint, timeout):
    """A plain stream socket connected to ENDPOINT."""
    if endpoint.startswith("tcp://"):
        host, _, port = endpoint[len("tcp://"):].rpartition(":")
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    elif endpoint.startswith("ipc://"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(endpoint[len("ipc://"):])
    else:
        sys.exit(f"{endpoint}: not a tcp:// or ipc:// endpoint")
    return sock


def whoami(sock):
    """How zmqlab names this connection: "127.0.0.1:PORT", or "ipc, pid N"."""
    if sock.family == socket.AF_UNIX:
        return f"ipc, pid {os.getpid()}"
    host, port = sock.getsockname()[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def hold(program, what, timeout):
    """Waits for one line on stdin: the test script saw what it had to see."""
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([0], [], [], timeout)
        if not ready:
            sys.exit(f"{program}: no go-ahead to {what} within {timeout} s")
        chunk = os.read(0, 1)
        if not chunk:
            sys.exit(f"{program}: stdin closed before the go-ahead to {what}")
        line += chunk
