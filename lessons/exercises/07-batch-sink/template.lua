-- Exercise 07: a sink that times a batch of 100 (the tutorial's Sink).
-- 练习 07：为 100 个结果计时的 Sink（教程里的 Sink）。
-- zmqlab --exercise batch-sink checks this file; edit it until every check passes.
-- 用 zmqlab --exercise batch-sink 检查这个文件；修改它，直到所有检查都通过。
--
-- This is the tutorial's sink: it waits for the start signal and collects 10 results.
-- Make it collect the batch of 100 and time it, from the signal to the last result, in
-- lab seconds (now()). Before it ends, report("elapsed", seconds) and
-- report("results", count).
-- 这是教程里的 Sink：它等待开始信号，然后收集 10 个结果。把它改成收集整批 100 个结果并
-- 计时：从收到信号到最后一个结果，用实验秒数（now()）。结束之前调用
-- report("elapsed", 秒数) 和 report("results", 个数)。

local receiver = zmq.socket("PULL")                   -- results / 结果
assert(receiver:bind(params.bind or "tcp://*:5559"))

local sync_receiver = zmq.socket("PULL", "sync")      -- the start signal / 开始信号
assert(sync_receiver:bind(params.sync or "tcp://*:5558"))

log("Waiting for synchronization signal...")
sync_receiver:recv()

log("Collecting results...")
for _ = 1, 10 do                                      -- TODO: the whole batch / TODO：整批
  local result = receiver:recv()
  log("Received result: " .. result)
end
-- TODO: report("elapsed", …) and report("results", …)
-- TODO：report("elapsed", …) 和 report("results", …)

receiver:close()
sync_receiver:close()
