-- rep_server.lua: the tutorial's server.py. A REP socket answers every request it receives.
-- params: bind = "inproc://reqrep", reply = "World from server!", work = 0 (seconds per
--         request), sndhwm, rcvhwm (optional), count (stop after N replies; default forever)

local endpoint = params.bind or "inproc://reqrep"
local reply = params.reply or "World from server!"
local work = params.work or 0
local count = params.count

local socket = zmq.socket("REP")
if params.sndhwm then socket:set("SNDHWM", params.sndhwm) end
if params.rcvhwm then socket:set("RCVHWM", params.rcvhwm) end
assert(socket:bind(endpoint))

local replies = 0
while not count or replies < count do
  local message, err = socket:recv()
  if not message then
    log("Error: " .. err)          -- like the tutorial: print the ZMQError and exit
    return
  end
  log("Received request: " .. message)

  if work > 0 then sleep(work) end -- pretend to do some work

  -- A REP must answer before it may receive again; ZeroMQ routes the reply
  -- back to whichever client asked, we never handle the address ourselves.
  local ok
  ok, err = socket:send(reply)
  if not ok then
    log("Error: " .. err)
    return
  end
  replies = replies + 1
end
