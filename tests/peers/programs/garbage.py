#!/usr/bin/env python3
"""garbage.py: not a ZeroMQ peer. Connects a plain socket, sends an HTTP
request and 256 (seeded, so always the same) random bytes, then ends the
connection and waits for zmqlab to close its side.

    garbage.py ENDPOINT [--hold] [--timeout SECONDS]

--hold: wait for a line on stdin before sending (so the lab sees the
connection first: zmqlab ends it as soon as the garbage arrives). Exits 0 once zmqlab closed the connection; 1 if
it did not within --timeout seconds.
"""
import argparse
import random
import socket
import sys

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

sock = rawpeer.connect(args.endpoint, args.timeout)
print(f"garbage: connected as {rawpeer.whoami(sock)}", flush=True)
if args.hold:
    rawpeer.hold("garbage", "send", args.timeout)
sock.sendall(b"GET / HTTP/1.1\r\nHost: zmqlab\r\nAccept: */*\r\n\r\n"
             + random.Random(20240901).randbytes(256))
print("garbage: sent an HTTP request and 256 random bytes", flush=True)
try:
    sock.shutdown(socket.SHUT_WR)
except OSError:
    pass                            # zmqlab ended it first: what should happen

answer = b""
try:
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
except socket.timeout:
    print(f"garbage: zmqlab did not close the connection within {args.timeout} s", flush=True)
    sys.exit(1)
except ConnectionResetError:
    pass
print(f"garbage: zmqlab answered {answer[:16]!r} and closed the connection", flush=True)
