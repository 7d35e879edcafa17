-- ventilator.lua: the tutorial's pipeline Ventilator. A PUSH hands tasks to the workers, a
-- second PUSH tells the sink the batch has started. params: bind = "inproc://tasks", sink =
-- "inproc://sync", tasks = 10, text = "Task %d", wait = "workers" | "enter" | false, workers = 1,
-- sndhwm (optional), interval = 0 (the tutorial sleeps 1 s between tasks: hides the speed-up)

local endpoint = params.bind or "inproc://tasks"
local sink = params.sink or "inproc://sync"
local tasks = params.tasks or 10
local text = params.text or "Task %d"
local workers = params.workers or 1
local interval = params.interval or 0
local wait = params.wait
if wait == nil then wait = "workers" end

local sender = zmq.socket("PUSH")              -- tasks to the workers
if params.sndhwm then sender:set("SNDHWM", params.sndhwm) end
assert(sender:bind(endpoint))

local sync_sender = zmq.socket("PUSH", "sync") -- start signal to the sink
assert(sync_sender:connect(sink))

-- Why wait: a PUSH shares tasks only among the workers connected at that moment.
-- Start too early and the first worker to connect takes most of the batch.
if wait == "enter" then
  input("Press Enter when the workers are ready")
elseif wait == "workers" then
  log("Waiting for " .. workers .. " worker(s)...")
  while sender:peers() < workers do sleep(0.05) end
  sleep(0.1)                                   -- let the connections settle
elseif wait ~= false then
  error('wait must be "workers", "enter" or false, not ' .. tostring(wait))
end
log("Sending tasks to workers...")

-- Tell the sink the batch starts now, so it can start its clock.
sync_sender:send("0")

for task = 0, tasks - 1 do
  local message = string.format(text, task)
  sender:send(message)
  log("Sent task: " .. message)
  if interval > 0 then sleep(interval) end
end

sender:close()
sync_sender:close()
