#!/usr/bin/env python3
"""flood.py: K PUSH sockets, each sending BYTES in messages of 60000 bytes
to one endpoint, then waiting (so the lab sees them, unread).

    flood.py ENDPOINT K BYTES [--hold] [--timeout SECONDS]

--hold: wait for a line on stdin before closing. Exits 0 once every
message was queued.
"""
import argparse
import os

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("clients", type=int)
parser.add_argument("bytes", type=int)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

SIZE = 60000
count = (args.bytes + SIZE - 1) // SIZE
context = zmq.Context()
senders = []
for _ in range(args.clients):
    sender = context.socket(zmq.PUSH)
    sender.LINGER = 0
    sender.SNDHWM = count + 1       # every message queues at once
    sender.connect(args.endpoint)
    senders.append(sender)
payload = b"f" * SIZE
for sender in senders:
    for _ in range(count):
        sender.send(payload, zmq.DONTWAIT)
print(f"flood: pid {os.getpid()}, {args.clients} x {count} messages of {SIZE} bytes queued",
      flush=True)
if args.hold:
    rawpeer.hold("flood", "close", args.timeout)
for sender in senders:
    sender.close()
context.term()
print("flood: closed", flush=True)
