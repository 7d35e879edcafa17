-- The reference solution of rep-server: the tutorial's server.py as a behaviour.

local socket = zmq.socket("REP")
assert(socket:bind(params.bind or "tcp://*:5555"))

while true do
  local message = socket:recv()
  log("Received request: " .. message)
  -- A REP answers before it receives again; ZeroMQ routes the reply to the
  -- client that asked.
  assert(socket:send("World from server!"))
end
