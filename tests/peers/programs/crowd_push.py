#!/usr/bin/env python3
"""crowd_push.py: more outside PUSH sockets at once than zmqlab takes. K
sockets connect to one endpoint and each sends N tasks ("s3 task 7": its
number, then the task's), then they wait and close.

    crowd_push.py ENDPOINT K N [--hold] [--timeout SECONDS]

Sockets zmqlab refused reconnect and are refused again while the crowd is
there (libzmq does that by itself). --hold: wait for a line on stdin before
closing (so the lab can look). Exits 0 once every task was queued.
"""
import argparse
import os

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("clients", type=int)
parser.add_argument("count", type=int)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

context = zmq.Context()
crowd = []
for _ in range(args.clients):
    sender = context.socket(zmq.PUSH)
    sender.LINGER = 0
    sender.SNDHWM = args.count + 1      # every task queues at once
    sender.connect(args.endpoint)
    crowd.append(sender)
print(f"crowd_push: pid {os.getpid()}, {args.clients} PUSH sockets connecting to {args.endpoint}",
      flush=True)
for number, sender in enumerate(crowd, 1):
    for task in range(1, args.count + 1):
        sender.send_string(f"s{number} task {task}", zmq.DONTWAIT)
print(f"crowd_push: {args.count} tasks queued on each socket", flush=True)
if args.hold:
    rawpeer.hold("crowd_push", "close", args.timeout)
for sender in crowd:
    sender.close()
context.term()
print("crowd_push: closed", flush=True)
