-- puller.lua: the tutorial's Pull end. A PULL takes tasks; pullers share them, none gets a copy.
-- params: connect = "inproc://pushpull", or bind = "…" (one puller, several pushers connect),
--         rcvhwm (optional), work = 0 (seconds per task), count (stop after N; default
--         forever), quiet (no log per task). Reports tasks, and order: who sent the first tasks.

local endpoint = params.connect or "inproc://pushpull"
local work = params.work or 0
local count = params.count

local receiver = zmq.socket("PULL")
-- libzmq sizes a connection's queue when the connection is made: set RCVHWM first.
if params.rcvhwm then receiver:set("RCVHWM", params.rcvhwm) end
if params.bind then
  assert(receiver:bind(params.bind))
else
  assert(receiver:connect(endpoint))
end

log("Pull end started, waiting for tasks...")

local tasks = 0
local order = ""                      -- senders of the first tasks: "pushA pushB pushC pushA"
while not count or tasks < count do
  local task, from = receiver:recv()  -- from: the sending socket's name
  if not params.quiet then log("Processing task: " .. task) end
  if work > 0 then sleep(work) end
  tasks = tasks + 1
  report("tasks", tasks)
  if #order < 50 then
    order = order .. (order == "" and "" or " ") .. (from or "?")
    report("order", order)
  end
end
