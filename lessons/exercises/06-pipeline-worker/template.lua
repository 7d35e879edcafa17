-- Exercise 06: a pipeline worker (the tutorial's Worker).
-- 练习 06：管道里的工作节点（教程里的 Worker）。
-- zmqlab --exercise pipeline-worker checks this file; edit it until every check passes.
-- 用 zmqlab --exercise pipeline-worker 检查这个文件；修改它，直到所有检查都通过。
--
-- This worker pulls tasks and works on them, but its results go nowhere. Give it a PUSH
-- socket connected to params.results, and after the work send the result: "Processed "
-- followed by the task ("Processed Task 0").
-- 这个工作节点会拉取任务并处理，但结果没有发出去。给它一个连接到 params.results 的
-- PUSH 套接字，处理完之后发送结果："Processed " 加上任务本身（"Processed Task 0"）。

-- The task socket has a name, so the first unnamed socket, the results, carries this
-- worker's own name: that is how the sink tells the workers apart.
-- 任务套接字取了名字，这样第一个未命名的套接字（结果）就带着这个工作节点自己的名字：
-- Sink 就是靠它区分各个工作节点的。
local receiver = zmq.socket("PULL", "tasks")
assert(receiver:connect(params.tasks or "tcp://localhost:5557"))

-- TODO: a PUSH socket for the results, connected to params.results.
-- TODO：创建用于发送结果的 PUSH 套接字，连接到 params.results。

local work = params.work or 1
while true do
  local task = receiver:recv()
  log("Processing task: " .. task)
  sleep(work)                                -- the work itself / 处理任务本身
  -- TODO: send the result, "Processed " .. task
  -- TODO：发送结果 "Processed " .. task
end
