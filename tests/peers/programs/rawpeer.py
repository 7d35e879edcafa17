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


def recv_exactly(sock, size):
    """SIZE bytes from SOCK; fewer when the connection ends first."""
    data = b""
    while len(data) < size:
        try:
            chunk = sock.recv(size - len(data))
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            break
        data += chunk
    return data


def zmtp3_frame(body, command=False, more=False):
    """One ZMTP 3.0 frame: flags, size (1 or 8 bytes), body."""
    flags = (0x04 if command else 0) | (0x01 if more else 0)
    if len(body) > 255:
        return bytes([flags | 0x02]) + len(body).to_bytes(8, "big") + body
    return bytes([flags, len(body)]) + body


def zmtp3_recv_frame(sock):
    """(flags, body) of the next frame; None when the connection ended."""
    head = recv_exactly(sock, 1)
    if not head:
        return None
    flags = head[0]
    size_bytes = recv_exactly(sock, 8 if flags & 0x02 else 1)
    size = int.from_bytes(size_bytes, "big")
    body = recv_exactly(sock, size)
    if len(body) < size:
        return None
    return flags, body


def zmtp3_handshake(sock, socket_type):
    """ZMTP 3.0 with the NULL mechanism, by hand: the greetings, then the
    READY commands. True when the other end answered with its own."""
    greeting = b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00")
    sock.sendall(greeting + b"\x00" * 32)
    if len(recv_exactly(sock, 64)) < 64:
        return False
    kind = socket_type.encode()
    ready = b"\x05READY" + b"\x0bSocket-Type" + len(kind).to_bytes(4, "big") + kind
    sock.sendall(zmtp3_frame(ready, command=True))
    frame = zmtp3_recv_frame(sock)
    return frame is not None and frame[1].startswith(b"\x05READY")
