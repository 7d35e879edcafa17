-- 07-batch-sink: the tutorial's Sink, timing a batch of 100 results. The checks run the
-- shipped ventilator and workers, hold the batch back for a while after everyone is
-- ready, and compare the time the sink reports with what the batch can really take.

exercise {
  id = "batch-sink",
  title = { en = "A sink that times a batch of 100", zh = "为 100 个结果计时的 Sink" },
  statement = {
    en = "Write the tutorial's Sink, timing the batch: bind a PULL socket to params.bind for the workers' results and another PULL socket to params.sync for the ventilator's start signal. Wait for the signal; the batch starts then. Receive 100 results, then report how long the batch took, in lab seconds from the signal to the last result, with report(\"elapsed\", seconds), and the number of results with report(\"results\", 100); then end. now() gives the lab time.",
    zh = "写出教程里的 Sink，并为整批任务计时：把一个 PULL 套接字绑定到 params.bind，接收工作节点的结果；再把另一个 PULL 套接字绑定到 params.sync，接收 Ventilator 的开始信号。等待这个信号：整批任务从这时开始。接收 100 个结果，然后用 report(\"elapsed\", 秒数) 报告这批任务用了多长时间（从信号到最后一个结果的实验秒数），用 report(\"results\", 100) 报告结果的个数；然后结束。now() 返回实验时间。",
  },
  hints = {
    { en = "The tutorial's sink collects 10 results and says nothing about time. What must change for a batch of 100, and what must it remember?",
      zh = "教程里的 Sink 只收 10 个结果，也不计时。要处理 100 个结果的一批，需要改什么？它又需要记住什么？" },
    { en = "A duration is the difference of two readings of now(): one at the start of the batch, one at its end. Which line marks the start: the sink's own start, or the signal?",
      zh = "一段时长就是两次读取 now() 的差：一次在这批任务开始时，一次在结束时。哪一行标志着开始：Sink 自己启动的时候，还是收到信号的时候？" },
    { en = "Read now() right after the signal arrives, and again after the last result; report their difference, and the count, before the behaviour ends.",
      zh = "信号一到就读一次 now()，最后一个结果到达后再读一次；在行为结束之前报告两者之差，以及结果的个数。" },
  },
}

local RESULTS = "inproc://results"
local TASKS = "inproc://tasks"
local SYNC = "inproc://sync"
local BATCH = 100
local HELD = 4        -- lab seconds the batch is held back after everyone is ready

-- The sink (the student's), n workers and a ventilator that waits for Enter. Everyone
-- ready, the batch is held back `held` seconds, then Enter starts it. Returns the sink.
local function run_batch(n, work, held)
  local sink = spawn(STUDENT, { name = "sink", bind = RESULTS, sync = SYNC })
  local workers = {}
  for i = 1, n do
    workers[i] = spawn("worker", { name = "worker" .. i, tasks = TASKS, results = RESULTS,
                                   work = work, quiet = true })
  end
  local vent = spawn("ventilator", { name = "vent", bind = TASKS, sink = SYNC, tasks = BATCH,
                                     wait = "enter" })
  wait_until(function()
    for _, w in ipairs(workers) do
      if w:stats().state ~= "blocked in recv" then return false end
    end
    return vent:stats().state == "waiting for input"
  end, 10)
  if held > 0 then wait(held) end      -- the sink waits meanwhile: this is not the batch
  vent:feed("")                        -- Enter: the signal, then the tasks
  wait_until(function()
    local s = sink:stats()
    return s.report.results ~= nil or s.state == "stopped" or s.state == "crashed"
  end, 30)
  return sink
end

-- An actor's state in words, in both languages: "stopped (finished)", "已停止（运行结束）".
local STATE_ZH = { stopped = "已停止", crashed = "已崩溃", running = "运行中", sleeping = "休眠中",
                   starting = "启动中", paused = "已暂停", ["blocked in recv"] = "阻塞在接收",
                   ["blocked in send"] = "阻塞在发送", ["waiting for input"] = "等待输入",
                   ["waiting for step"] = "等待单步" }
local DETAIL_ZH = { finished = "运行结束", killed = "被杀掉" }
local function state_of(actor)
  local s = actor:stats()
  local en, zh = s.state, STATE_ZH[s.state] or s.state
  if s.state == "stopped" or s.state == "crashed" then
    en = en .. " (" .. s.detail .. ")"
    zh = zh .. "（" .. (DETAIL_ZH[s.detail] or s.detail) .. "）"
  end
  return { en = en, zh = zh }
end

local function expect_batch(sink)
  -- Read once it ended: whatever order it reported in, both values are there then.
  local ended = wait_until(function() return sink:stats().state == "stopped" end, 5)
  local s = sink:stats()
  local results = tonumber(s.report.results)
  expect(results == BATCH and s.received == BATCH + 1 and ended,
         { en = ("the sink reported results = %s after receiving %d messages, and is %s; expected %d, the signal and %d results, then the end"):format(
                 tostring(s.report.results), s.received, state_of(sink).en, BATCH, BATCH),
           zh = ("Sink 报告 results = %s，共收到 %d 条消息，状态是%s；应为 %d，即 1 个信号加 %d 个结果，然后结束"):format(
                 tostring(s.report.results), s.received, state_of(sink).zh, BATCH, BATCH) })
  return tonumber(s.report.elapsed)
end

check({ en = "4 workers, a batch held back 4 s", zh = "4 个工作节点，这批任务被压后 4 秒" }, function()
  -- 100 tasks of 0.02 s over 4 workers: at least 0.5 s of work. The sink has been
  -- waiting 4 s before the signal: that wait is not part of the batch.
  local sink = run_batch(4, 0.02, HELD)
  local elapsed = expect_batch(sink)
  expect(elapsed and elapsed >= 0.25 and elapsed < HELD,
         { en = ("the sink reported elapsed = %s s; expected the batch alone: 0.5 s of work or a little more, less than the %d s it waited before the signal"):format(
                 tostring(sink:stats().report.elapsed), HELD),
           zh = ("Sink 报告 elapsed = %s 秒；应只是这批任务的时间：0.5 秒的工作量或稍多一点，少于信号到来之前等待的 %d 秒"):format(
                 tostring(sink:stats().report.elapsed), HELD) })
end)

check({ en = "1 worker: the time follows the work", zh = "1 个工作节点：时间随工作量变化" }, function()
  -- 100 tasks of 0.01 s for one worker: 1 s at least. A time that is not measured from
  -- the signal to the last result would not know that.
  local sink = run_batch(1, 0.01, 0)
  local elapsed = expect_batch(sink)
  expect(elapsed and elapsed >= 0.8 and elapsed < 30,
         { en = ("the sink reported elapsed = %s s; expected about 1 s (100 tasks × 0.01 s for one worker), at least 0.8"):format(
                 tostring(sink:stats().report.elapsed)),
           zh = ("Sink 报告 elapsed = %s 秒；应约为 1 秒（一个工作节点处理 100 个任务 × 0.01 秒），至少 0.8 秒"):format(
                 tostring(sink:stats().report.elapsed)) })
end)
