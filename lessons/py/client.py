#!/usr/bin/env python3
"""client.py: the tutorial's request-reply client, for lesson 09.

Connects a REQ socket to zmqlab's REP server and sends what you type, one
request at a time ('b' quits), like the tutorial's client.py. With a count
it sends "Hello 1" … "Hello N" by itself instead.

    python3 client.py [ENDPOINT] [COUNT]      (default tcp://localhost:5555)
"""
import sys

try:
    import zmq
except ImportError:  # say what to install, in both languages, not a traceback
    sys.exit(f"{sys.executable} has no pyzmq: on Debian, apt install python3-zmq; elsewhere, pip install pyzmq.\n"
             f"{sys.executable} 没有 pyzmq：Debian 上运行 apt install python3-zmq，其他系统运行 pip install pyzmq。")

endpoint = sys.argv[1] if len(sys.argv) > 1 else "tcp://localhost:5555"
count = int(sys.argv[2]) if len(sys.argv) > 2 else None

context = zmq.Context()
socket = context.socket(zmq.REQ)
socket.setsockopt(zmq.RCVTIMEO, 30000)  # a server that never answers ends us
socket.setsockopt(zmq.LINGER, 0)
socket.connect(endpoint)

def requests():
    if count is not None:
        for i in range(1, count + 1):
            yield f"Hello {i}"
        return
    while True:
        text = input("Request ('b' quits): ").strip()
        if text == "b":
            return
        yield text

try:
    for text in requests():
        socket.send(text.encode("utf-8"))
        reply = socket.recv().decode("utf-8", "replace")
        print(f"Received reply: {reply}", flush=True)
except zmq.Again:
    sys.exit("client.py: no reply in 30 s: is zmqlab's server running?")
except (EOFError, KeyboardInterrupt):
    pass
finally:
    socket.close()
    context.term()
