#!/usr/bin/env python3
"""zmtp10.py: a peer from before ZMTP 3, over a plain socket. libzmq still
takes a stream that does not open with a ZMTP 3 greeting as ZMTP/1.0: an
identity frame, then frames of (length, flags, body). Such messages carry
no connection metadata at all. Sends the given texts as messages.

    zmtp10.py ENDPOINT TEXT... [--hold] [--timeout SECONDS]

--hold: after sending, wait for a line on stdin before closing (so the lab
reads the messages while the connection is there). Exits 0.
"""
import argparse

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("texts", nargs="+")
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

sock = rawpeer.connect(args.endpoint, args.timeout)
print(f"zmtp10: connected as {rawpeer.whoami(sock)}", flush=True)
stream = b"\x01\x00"                              # an empty identity: length 1 (the flags), flags 0
for text in args.texts:
    body = text.encode()
    if len(body) > 253:
        raise SystemExit("zmtp10: a text of at most 253 bytes")
    stream += bytes([1 + len(body), 0]) + body    # length (flags + body), flags 0 (last frame)
    print(f"zmtp10: sending {text!r}", flush=True)
sock.sendall(stream)
greeting = sock.recv(64)                          # libzmq's answer: its own greeting
print(f"zmtp10: zmqlab answered {greeting[:10]!r}", flush=True)
if args.hold:
    rawpeer.hold("zmtp10", "close", args.timeout)
sock.close()
