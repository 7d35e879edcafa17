#!/usr/bin/env python3
"""push_client.py: a PUSH that hands N tasks ("Task 1" ... "Task N") to a
bound PULL, like the tutorial's pusher.

    push_client.py ENDPOINT N [--hold] [--timeout SECONDS]

--hold: after the last task, wait for a line on stdin before closing (so
the lab reads every task while the client is still connected). Exits 0
once every task was handed over; 1 when that took longer than --timeout
seconds.
"""
import argparse
import os
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("count", type=int)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()

context = zmq.Context()
sender = context.socket(zmq.PUSH)
sender.SNDTIMEO = int(args.timeout * 1000)
sender.LINGER = int(args.timeout * 1000)    # close waits until the tasks are handed over
sender.connect(args.endpoint)
print(f"push_client: pid {os.getpid()}, connecting to {args.endpoint}", flush=True)
for number in range(1, args.count + 1):
    try:
        sender.send_string(f"Task {number}")
    except zmq.Again:
        print(f"push_client: task {number} could not be sent within {args.timeout} s", flush=True)
        sys.exit(1)
    print(f"Sent task: Task {number}", flush=True)
if args.hold:
    rawpeer.hold("push_client", "close", args.timeout)
sender.close()
context.term()
print(f"push_client: {args.count} tasks", flush=True)
