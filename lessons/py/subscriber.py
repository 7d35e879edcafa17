#!/usr/bin/env python3
"""subscriber.py: the tutorial's subscriber, for lesson 09.

Connects a SUB socket to zmqlab's publisher, subscribes to a topic and
prints what arrives. Stops after COUNT messages (default: never).

    python3 subscriber.py [ENDPOINT] [TOPIC] [COUNT]
    (defaults: tcp://localhost:5556 news)
"""
import sys

try:
    import zmq
except ImportError:  # say what to install, in both languages, not a traceback
    sys.exit(f"{sys.executable} has no pyzmq: on Debian, apt install python3-zmq; elsewhere, pip install pyzmq.\n"
             f"{sys.executable} 没有 pyzmq：Debian 上运行 apt install python3-zmq，其他系统运行 pip install pyzmq。")

endpoint = sys.argv[1] if len(sys.argv) > 1 else "tcp://localhost:5556"
topic = sys.argv[2] if len(sys.argv) > 2 else "news"
count = int(sys.argv[3]) if len(sys.argv) > 3 else None

context = zmq.Context()
socket = context.socket(zmq.SUB)
socket.setsockopt(zmq.RCVTIMEO, 30000)
socket.setsockopt(zmq.LINGER, 0)
socket.connect(endpoint)
socket.setsockopt_string(zmq.SUBSCRIBE, topic)

received = 0
try:
    while count is None or received < count:
        message = socket.recv().decode("utf-8", "replace")
        received += 1
        print(f"Received: {message}", flush=True)
except zmq.Again:
    sys.exit("subscriber.py: nothing for 30 s: is zmqlab's publisher running?")
except KeyboardInterrupt:
    pass
finally:
    socket.close()
    context.term()
