-- Exercise 08, a solution: ask the task socket how many workers are connected, and send
-- only once all of them are.
-- 练习 08 的参考答案：询问任务套接字已经连上了几个工作节点，全部到齐之后才发送。

local sender = zmq.socket("PUSH")
assert(sender:bind(params.bind or "tcp://*:5557"))

local sync_sender = zmq.socket("PUSH", "sync")
assert(sync_sender:connect(params.sink or "tcp://localhost:5558"))

local workers = params.workers or 1
log("Waiting for " .. workers .. " worker(s)...")
while sender:peers() < workers do
  sleep(0.05)
end

log("Sending tasks to workers...")
sync_sender:send("0")

for task = 0, (params.tasks or 10) - 1 do
  sender:send("Task " .. task)
end

sender:close()
sync_sender:close()
