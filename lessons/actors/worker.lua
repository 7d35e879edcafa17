-- worker.lua: the tutorial's pipeline Worker. It pulls a task, works on it, pushes the result.
-- params: tasks = "inproc://tasks", results = "inproc://results", work = 1 (seconds per task),
--         rcvhwm (optional: how many tasks may wait in this worker's queue), quiet (no log
--         per task)

local tasks = params.tasks or "inproc://tasks"
local results = params.results or "inproc://results"
local work = params.work or 1

-- The task socket is named, so the result socket (the first unnamed one) carries
-- this worker's own name: that is how the sink tells the workers apart.
local receiver = zmq.socket("PULL", "tasks")
-- Set before connecting: libzmq sizes a connection's queue when it is made.
if params.rcvhwm then receiver:set("RCVHWM", params.rcvhwm) end
assert(receiver:connect(tasks))

local sender = zmq.socket("PUSH")
assert(sender:connect(results))

local done = 0
while true do
  local task = receiver:recv()
  if not params.quiet then log("Processing task: " .. task) end

  if work > 0 then sleep(work) end             -- the work itself

  local result = "Processed " .. task
  sender:send(result)
  done = done + 1
  report("done", done)
  if not params.quiet then log("Sent result: " .. result) end
end
