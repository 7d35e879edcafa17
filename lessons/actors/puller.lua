-- puller.lua: the tutorial's Pull end. A PULL takes tasks; pullers share them, none gets a copy.
-- params: connect = "inproc://pushpull", rcvhwm (optional), work = 0 (seconds per task),
--         count (stop after N; default forever), quiet (no log per task)

local endpoint = params.connect or "inproc://pushpull"
local work = params.work or 0
local count = params.count

local receiver = zmq.socket("PULL")
-- libzmq sizes a connection's queue when the connection is made: set RCVHWM first.
if params.rcvhwm then receiver:set("RCVHWM", params.rcvhwm) end
assert(receiver:connect(endpoint))

log("Pull end started, waiting for tasks...")

local tasks = 0
while not count or tasks < count do
  local task = receiver:recv()
  if not params.quiet then log("Processing task: " .. task) end
  if work > 0 then sleep(work) end
  tasks = tasks + 1
  report("tasks", tasks)
end
