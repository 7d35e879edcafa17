#!/usr/bin/env python3
"""crowd.py: more outside clients at once than zmqlab takes. Connects K REQ
sockets to one endpoint and waits until one of the connections is ended
(refused), closes them all, then asks once more from a new socket.

    crowd.py ENDPOINT [--clients K] [--hold] [--timeout SECONDS]

--hold: wait for a line on stdin before closing the crowd and another
before the last request (so the lab can look in between). Exits 0 when a
connection was refused and the last request got its reply; 1 otherwise.
"""
import argparse
import os
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--clients", type=int, default=3)
parser.add_argument("--hold", action="store_true")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()
timeout_ms = int(args.timeout * 1000)

context = zmq.Context()
crowd, monitors = [], []
for _ in range(args.clients):
    client = context.socket(zmq.REQ)
    client.LINGER = 0
    monitors.append(client.get_monitor_socket(zmq.EVENT_DISCONNECTED))
    crowd.append(client)
for client in crowd:
    client.connect(args.endpoint)
print(f"crowd: pid {os.getpid()}, {args.clients} clients connecting to {args.endpoint}", flush=True)

poller = zmq.Poller()
for monitor in monitors:
    poller.register(monitor, zmq.POLLIN)
if not poller.poll(timeout_ms):
    print(f"crowd: no connection was ended within {args.timeout} s", flush=True)
    sys.exit(1)
print("crowd: zmqlab ended a connection (refused)", flush=True)

if args.hold:
    rawpeer.hold("crowd", "close the crowd", args.timeout)
for client in crowd:
    client.disable_monitor()
    client.close()
for monitor in monitors:
    monitor.close()
print(f"crowd: closed the {args.clients} clients", flush=True)

if args.hold:
    rawpeer.hold("crowd", "ask once more", args.timeout)
last = context.socket(zmq.REQ)
last.LINGER = 0
last.RCVTIMEO = timeout_ms
last.connect(args.endpoint)
last.send_string("Hello after the crowd")
try:
    reply = last.recv()
except zmq.Again:
    print(f"crowd: no reply within {args.timeout} s", flush=True)
    sys.exit(1)
print(f"Received reply: {reply.decode(errors='replace')}", flush=True)
last.close()
context.term()
