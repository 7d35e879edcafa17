-- Exercise 08: a ventilator that waits for its workers.
-- 练习 08：等工作节点就绪的 Ventilator。
-- zmqlab --exercise ready-ventilator checks this file; edit it until every check passes.
-- 用 zmqlab --exercise ready-ventilator 检查这个文件；修改它，直到所有检查都通过。
--
-- The tutorial's ventilator waits for Enter, "when the workers are ready". This one does
-- not wait at all: it sends as soon as it can, and the first worker to connect gets the
-- whole batch. Make it wait, before it sends anything, until params.workers workers are
-- connected to the task socket.
-- 教程里的 Ventilator 会等人按回车，“等工作节点就绪时”。这个版本完全不等：能发就发，
-- 结果第一个连上的工作节点拿走了整批任务。让它在发送任何东西之前，先等到 params.workers
-- 个工作节点都连上了任务套接字。

local sender = zmq.socket("PUSH")                     -- tasks to the workers / 发给工作节点的任务
assert(sender:bind(params.bind or "tcp://*:5557"))

local sync_sender = zmq.socket("PUSH", "sync")        -- the start signal to the sink / 发给 Sink 的开始信号
assert(sync_sender:connect(params.sink or "tcp://localhost:5558"))

-- TODO: wait here until params.workers workers are connected.
-- TODO：在这里等待，直到 params.workers 个工作节点都已连上。

log("Sending tasks to workers...")
sync_sender:send("0")                                 -- the batch starts now / 这批任务现在开始

for task = 0, (params.tasks or 10) - 1 do
  sender:send("Task " .. task)
end

sender:close()
sync_sender:close()
