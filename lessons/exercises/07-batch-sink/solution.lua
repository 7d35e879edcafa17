-- Exercise 07, a solution: the clock starts with the signal, stops with the last result.
-- 练习 07 的参考答案：收到信号时开始计时，最后一个结果到达时停止。

local receiver = zmq.socket("PULL")
assert(receiver:bind(params.bind or "tcp://*:5559"))

local sync_receiver = zmq.socket("PULL", "sync")
assert(sync_receiver:bind(params.sync or "tcp://*:5558"))

log("Waiting for synchronization signal...")
sync_receiver:recv()
local start = now()                                   -- the batch starts now / 这批任务现在开始

log("Collecting results...")
local results = 0
for _ = 1, 100 do
  local result = receiver:recv()
  log("Received result: " .. result)
  results = results + 1
end
local elapsed = now() - start

report("elapsed", string.format("%.2f", elapsed))
report("results", results)
log(string.format("Collected %d results in %.2f s", results, elapsed))

receiver:close()
sync_receiver:close()
