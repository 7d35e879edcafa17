-- Your REP server: the tutorial's server.py as a behaviour (lessons/actors/API.md).
-- zmqlab --exercise rep-server checks it; edit this file until every check passes.

local socket = zmq.socket("REP")
assert(socket:bind(params.bind or "tcp://*:5555"))

while true do
  local message = socket:recv()
  log("Received request: " .. message)
  -- TODO: answer the client with "World from server!".
  -- A REP socket must send its reply before it may receive again.
end
