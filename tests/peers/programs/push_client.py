#!/usr/bin/env python3
"""push_client.py: a PUSH that hands N tasks ("Task 1" ... "Task N") to a
bound PULL, like the tutorial's pusher.

    push_client.py ENDPOINT N [--timeout SECONDS]

Exits 0 once every task was handed over; 1 when that took longer than
--timeout seconds.
"""
import argparse
import os
import sys

import zmq

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("count", type=int)
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
sender.close()
context.term()
print(f"push_client: {args.count} tasks", flush=True)
