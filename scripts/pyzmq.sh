#!/bin/sh
# pyzmq.sh — prints the python3 that can `import zmq` (pyzmq plays the outside
# program in the tests), or exits 1 when there is none. Debian's python3-zmq
# belongs to /usr/bin/python3, whatever python3 is first on PATH.
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import zmq' 2>/dev/null; then
        command -v "$py"
        exit 0
    fi
done
exit 1
