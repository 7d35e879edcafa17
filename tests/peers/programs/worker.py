#!/usr/bin/env python3
"""worker.py: the tutorial's pipeline worker. PULL a task from the
ventilator, PUSH "Processed <task>" to the sink; N tasks, then exit.

    worker.py TASKS_ENDPOINT RESULTS_ENDPOINT N [--hold] [--timeout SECONDS]

--hold: after the N results, wait for a line on stdin before closing (so
the lab reads every result while the worker is still connected). Exits 0
after N tasks; 1 when no task comes for --timeout seconds.
"""
import argparse
import os
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("tasks")
parser.add_argument("results")
parser.add_argument("count", type=int)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a task")
args = parser.parse_args()

context = zmq.Context()
receiver = context.socket(zmq.PULL)
receiver.RCVTIMEO = int(args.timeout * 1000)
receiver.LINGER = 0
receiver.connect(args.tasks)

sender = context.socket(zmq.PUSH)
sender.LINGER = int(args.timeout * 1000)   # on close, deliver the last results first
sender.connect(args.results)
print(f"worker: pid {os.getpid()}, tasks from {args.tasks}, results to {args.results}", flush=True)

for number in range(1, args.count + 1):
    try:
        task = receiver.recv().decode(errors="replace")
    except zmq.Again:
        print(f"worker: task {number} did not come within {args.timeout} s", flush=True)
        sys.exit(1)
    print(f"Processing task: {task}", flush=True)
    sender.send_string(f"Processed {task}")

print(f"worker: {args.count} tasks", flush=True)
if args.hold:
    rawpeer.hold("worker", "close", args.timeout)
receiver.close()
sender.close()      # waits (LINGER) until the results are handed over
context.term()
