#!/usr/bin/env python3
"""req_client.py: the tutorial's client.py. A REQ socket sends "Hello 1" ...
"Hello N" (then any --also texts), waits for each reply and prints it.

    req_client.py ENDPOINT N [--also TEXT]... [--hold] [--timeout SECONDS]

--hold: after the last reply, wait for a line on stdin before closing (so
the lab looks while the client is still connected). Exits 0 after every
reply came back; 1 when a reply takes longer than --timeout seconds (the
server is gone: nothing hangs).
"""
import argparse
import os
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("count", type=int)
parser.add_argument("--also", action="append", default=[], help="one more request text")
parser.add_argument("--hold", action="store_true", help="wait for a line on stdin before closing")
parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a reply")
args = parser.parse_args()

context = zmq.Context()
socket = context.socket(zmq.REQ)
socket.RCVTIMEO = int(args.timeout * 1000)
socket.LINGER = 0
socket.connect(args.endpoint)
print(f"req_client: pid {os.getpid()}, connecting to {args.endpoint}", flush=True)

requests = [f"Hello {i}" for i in range(1, args.count + 1)] + args.also
for number, request in enumerate(requests, 1):
    print(f"Sending request {number}: {request}", flush=True)
    socket.send_string(request)
    try:
        reply = socket.recv()
    except zmq.Again:
        print(f"req_client: no reply to request {number} within {args.timeout} s", flush=True)
        sys.exit(1)
    print(f"Received reply {number} [{request}]: {reply.decode(errors='replace')}", flush=True)

print(f"req_client: {len(requests)} replies", flush=True)
if args.hold:
    rawpeer.hold("req_client", "close", args.timeout)
socket.close()
context.term()
