#!/usr/bin/env python3
"""worker.py: the tutorial's pipeline worker, for lesson 09.

Pulls tasks from zmqlab's ventilator, "works" on each, and pushes
"Processed <task>" to zmqlab's sink. Stops after COUNT tasks (default:
never) or when no task came for 30 s.

    python3 worker.py [TASKS] [RESULTS] [COUNT] [SECONDS_PER_TASK]
    (defaults: tcp://localhost:5557 tcp://localhost:5559, 0.2 s per task)
"""
import sys
import time

try:
    import zmq
except ImportError:  # say what to install, in both languages, not a traceback
    sys.exit(f"{sys.executable} has no pyzmq: on Debian, apt install python3-zmq; elsewhere, pip install pyzmq.\n"
             f"{sys.executable} 没有 pyzmq：Debian 上运行 apt install python3-zmq，其他系统运行 pip install pyzmq。")

tasks = sys.argv[1] if len(sys.argv) > 1 else "tcp://localhost:5557"
results = sys.argv[2] if len(sys.argv) > 2 else "tcp://localhost:5559"
count = int(sys.argv[3]) if len(sys.argv) > 3 else None
work = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2

context = zmq.Context()
receiver = context.socket(zmq.PULL)
receiver.setsockopt(zmq.RCVTIMEO, 30000)
receiver.connect(tasks)
sender = context.socket(zmq.PUSH)
sender.connect(results)

done = 0
try:
    while count is None or done < count:
        task = receiver.recv().decode("utf-8", "replace")
        print(f"Processing task: {task}", flush=True)
        time.sleep(work)                  # pretend to work
        result = f"Processed {task}"
        sender.send_string(result)
        print(f"Sent result: {result}", flush=True)
        done += 1
except zmq.Again:
    sys.exit("worker.py: no task for 30 s: is zmqlab's ventilator running?")
except KeyboardInterrupt:
    pass
finally:
    receiver.close(linger=0)
    sender.close(linger=5000)             # let the last results leave
    context.term()
