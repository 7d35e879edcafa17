#!/usr/bin/env python3
"""solution.py: the tutorial's server.py, fixed, for zmqlab --outside.

A REP socket bound to tcp://*:5555 answers every request with
"World from server!". The tutorial's file mixes its indentation and has a
full-width comma (it does not run); this one runs, and ends cleanly on
Ctrl-C. Check it with

    python3 solution.py [PORT]                  (default 5555)
    zmqlab --exercise rep-server --outside [--port PORT]
"""
import sys

try:
    import zmq
except ImportError:  # say what to install, in both languages, not a traceback
    sys.exit(f"{sys.executable} has no pyzmq: on Debian, apt install python3-zmq; elsewhere, pip install pyzmq.\n"
             f"{sys.executable} 没有 pyzmq：Debian 上运行 apt install python3-zmq，其他系统运行 pip install pyzmq。")

port = int(sys.argv[1]) if len(sys.argv) > 1 else 5555

context = zmq.Context()
socket = context.socket(zmq.REP)
socket.bind(f"tcp://*:{port}")

try:
    while True:
        message = socket.recv()
        print(f"Received request: {message.decode('utf-8', 'replace')}", flush=True)
        # A REP answers before it receives again.
        socket.send(b"World from server!")
except KeyboardInterrupt:
    pass
finally:
    socket.close(linger=0)
    context.term()
