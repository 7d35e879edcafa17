#!/usr/bin/env python3
"""vanish.py: connects a plain socket and closes it without a word.

    vanish.py ENDPOINT [--times N] [--hold] [--timeout SECONDS]

--times N: N connections, one after another, each closed at once.
--hold: wait for a line on stdin before closing (so the lab sees the
connection first). Exits 0.
"""
import argparse

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--times", type=int, default=1)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

for _ in range(args.times - 1):
    rawpeer.connect(args.endpoint, args.timeout).close()
sock = rawpeer.connect(args.endpoint, args.timeout)
print(f"vanish: connected as {rawpeer.whoami(sock)}", flush=True)
if args.hold:
    rawpeer.hold("vanish", "close", args.timeout)
sock.close()
print("vanish: closed", flush=True)
