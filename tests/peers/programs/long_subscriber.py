#!/usr/bin/env python3
"""long_subscriber.py: a SUB that sends one very long subscription (libzmq
keeps a subscription as a trie, one node per byte, and frees it
recursively: 256 KiB overflowed the stack of zmqlab's libzmq), sees the
connection end, then subscribes to TOPIC from a new socket and reads one
message.

    long_subscriber.py ENDPOINT TOPIC DONE [--size BYTES] [--timeout SECONDS]

DONE: once the message came, a PUSH sends "done" there (the lab knows).
Exits 0 when the connection ended after the long subscription and the
ordinary one got a message; 1 when either did not happen within --timeout
seconds.
"""
import argparse
import sys

import zmq

import rawpeer

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("topic")
parser.add_argument("--size", type=int, default=256 * 1024)
parser.add_argument("done")
parser.add_argument("--timeout", type=float, default=20.0)
args = parser.parse_args()
timeout_ms = int(args.timeout * 1000)

# By hand: pyzmq's own SUB would keep the long subscription in its own trie,
# and crash freeing it.
sock = rawpeer.connect(args.endpoint, args.timeout)
if not rawpeer.zmtp3_handshake(sock, "SUB"):
    print("long_subscriber: the handshake failed", flush=True)
    sys.exit(1)
print(f"long_subscriber: connected as {rawpeer.whoami(sock)}", flush=True)
try:
    # zmqlab may end the connection as soon as it has read the frame's size.
    sock.sendall(rawpeer.zmtp3_frame(b"\x01" + b"x" * args.size))
    print(f"long_subscriber: subscribed with {args.size} bytes", flush=True)
    while rawpeer.zmtp3_recv_frame(sock) is not None:
        pass
except (BrokenPipeError, ConnectionResetError):
    pass
except TimeoutError:
    print(f"long_subscriber: the connection was not ended within {args.timeout} s", flush=True)
    sys.exit(1)
print("long_subscriber: zmqlab ended the connection after the long subscription", flush=True)
sock.close()

context = zmq.Context()
plain = context.socket(zmq.SUB)
plain.LINGER = 0
plain.RCVTIMEO = timeout_ms
plain.connect(args.endpoint)
plain.setsockopt_string(zmq.SUBSCRIBE, args.topic)
try:
    message = plain.recv()
except zmq.Again:
    print(f"long_subscriber: no '{args.topic}' message within {args.timeout} s", flush=True)
    sys.exit(1)
print(f"Received: {message.decode(errors='replace')}", flush=True)
plain.close()
done = context.socket(zmq.PUSH)
done.LINGER = timeout_ms        # close waits until it is handed over
done.connect(args.done)
done.send_string("done")
done.close()
context.term()
