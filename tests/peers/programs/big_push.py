#!/usr/bin/env python3
"""big_push.py: a PUSH that sends one message bigger than zmqlab takes
(1 MiB; zmqlab's default limit is 64 KiB), sees the connection end, then
sends a small message from a new socket.

    big_push.py ENDPOINT [--size BYTES] [--hold] [--timeout SECONDS]

--hold: wait for a line on stdin before the big message, before the small
one and before closing (so the lab can look in between). Exits 0 when the connection
ended after the big message and the small one was handed over; 1 when the
connection was not ended within --timeout seconds.
"""
import argparse
import os
import sys

import zmq
from zmq.utils.monitor import recv_monitor_message

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--size", type=int, default=1 << 20)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()
timeout_ms = int(args.timeout * 1000)

context = zmq.Context()
big = context.socket(zmq.PUSH)
big.RECONNECT_IVL = -1          # once ended, stay away: the lab sees "left"
big.LINGER = 0
monitor = big.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED | zmq.EVENT_DISCONNECTED)
monitor.RCVTIMEO = timeout_ms
big.connect(args.endpoint)
print(f"big_push: pid {os.getpid()}, connecting to {args.endpoint}", flush=True)


def wait_event(wanted, what):
    while True:
        try:
            event = recv_monitor_message(monitor)
        except zmq.Again:
            print(f"big_push: {what} did not happen within {args.timeout} s", flush=True)
            sys.exit(1)
        if event["event"] == wanted:
            return


wait_event(zmq.EVENT_HANDSHAKE_SUCCEEDED, "the handshake")
print("big_push: connected", flush=True)
if args.hold:
    rawpeer.hold("big_push", "send the big message", args.timeout)
big.send(b"B" * args.size)
print(f"big_push: sent {args.size} bytes", flush=True)
wait_event(zmq.EVENT_DISCONNECTED, "the end of the connection")
print("big_push: zmqlab ended the connection after the big message", flush=True)
big.disable_monitor()
monitor.close()
big.close()

if args.hold:
    rawpeer.hold("big_push", "send the small message", args.timeout)
small = context.socket(zmq.PUSH)
small.LINGER = timeout_ms       # close waits until it is handed over
small.SNDTIMEO = timeout_ms
small.connect(args.endpoint)
try:
    small.send_string("small after big")
except zmq.Again:
    print(f"big_push: could not send the small message within {args.timeout} s", flush=True)
    sys.exit(1)
print("big_push: sent the small message", flush=True)
if args.hold:
    rawpeer.hold("big_push", "close", args.timeout)
small.close()
context.term()
