#!/usr/bin/env python3
"""subscriber.py: the tutorial's subscriber. A SUB subscribes to one topic,
prints the first N messages it gets, then exits.

    subscriber.py ENDPOINT TOPIC N [--hold] [--timeout SECONDS]

--hold: after N messages, wait for a line on stdin before closing (so the
lab sees it connected). Exits 0 after N messages; 1 when none comes for --timeout seconds.
"""
import argparse
import os
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("topic")
parser.add_argument("count", type=int)
parser.add_argument("--hold", action="store_true", help="wait for a line on stdin before closing")
parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a message")
args = parser.parse_args()

context = zmq.Context()
socket = context.socket(zmq.SUB)
socket.RCVTIMEO = int(args.timeout * 1000)
socket.LINGER = 0
socket.connect(args.endpoint)
socket.setsockopt_string(zmq.SUBSCRIBE, args.topic)   # a prefix: "weather" matches "weather ..."
print(f"subscriber: pid {os.getpid()}, subscribed to '{args.topic}' at {args.endpoint}", flush=True)

for number in range(1, args.count + 1):
    try:
        message = socket.recv()
    except zmq.Again:
        print(f"subscriber: message {number} did not come within {args.timeout} s", flush=True)
        sys.exit(1)
    print(f"Received: {message.decode(errors='replace')}", flush=True)

print(f"subscriber: {args.count} messages", flush=True)
if args.hold:
    rawpeer.hold("subscriber", "close", args.timeout)
socket.close()
context.term()
