-- pusher.lua: the tutorial's Push end. A PUSH hands out tasks; each one goes to exactly one puller.
-- params: bind = "inproc://pushpull", or connect = "…" (several pushers feed one puller),
--         count = 10, text = "Task %d" (numbered from 0), interval = 1 (seconds between
--         tasks; 0 = flat out), sndhwm (optional), quiet

local endpoint = params.bind or "inproc://pushpull"
local count = params.count or 10
local text = params.text or "Task %d"
local interval = params.interval or 1

local sender = zmq.socket("PUSH")
if params.sndhwm then sender:set("SNDHWM", params.sndhwm) end
if params.connect then
  assert(sender:connect(params.connect))
else
  assert(sender:bind(endpoint))
end

log("Push end started, sending tasks...")

-- With no puller connected (or every queue full) send waits: a PUSH never drops.
for task = 0, count - 1 do
  local message = string.format(text, task)
  sender:send(message)
  if not params.quiet then log("Sent task: " .. message) end
  if interval > 0 then sleep(interval) end   -- pretend it takes time to make a task
end
report("sent", count)

sender:close()
