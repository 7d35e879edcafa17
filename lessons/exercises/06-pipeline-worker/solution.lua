-- Exercise 06, a solution: the tutorial's Worker.
-- 练习 06 的参考答案：教程里的 Worker。

local receiver = zmq.socket("PULL", "tasks")
assert(receiver:connect(params.tasks or "tcp://localhost:5557"))

local sender = zmq.socket("PUSH")            -- results to the sink / 结果发给 Sink
assert(sender:connect(params.results or "tcp://localhost:5559"))

local work = params.work or 1
while true do
  local task = receiver:recv()
  log("Processing task: " .. task)
  sleep(work)
  local result = "Processed " .. task
  assert(sender:send(result))
  log("Sent result: " .. result)
end
