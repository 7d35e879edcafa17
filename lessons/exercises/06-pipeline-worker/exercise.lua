-- 06-pipeline-worker: the tutorial's Worker. It PULLs tasks from the ventilator, works on
-- each, and PUSHes "Processed <task>" on to the sink. The checks feed it numbered tasks
-- and read every result back, once alone and once as two workers sharing a batch.

exercise {
  id = "pipeline-worker",
  title = { en = "A pipeline worker: PULL tasks, PUSH results", zh = "管道里的工作节点：PULL 任务，PUSH 结果" },
  statement = {
    en = "Write the tutorial's Worker: a PULL socket connected to params.tasks receives tasks (\"Task 0\", \"Task 1\", …); for each one, sleep params.work seconds (the work), then send the result \"Processed \" followed by the task (\"Processed Task 0\") on a PUSH socket connected to params.results. Keep doing that for as long as tasks come.",
    zh = "写出教程里的 Worker（工作节点）：连接到 params.tasks 的 PULL 套接字接收任务（\"Task 0\"、\"Task 1\"……）；每收到一个任务，睡眠 params.work 秒（模拟处理），然后在连接到 params.results 的 PUSH 套接字上发送结果：\"Processed \" 加上任务本身（\"Processed Task 0\"）。只要还有任务，就一直这样做下去。",
  },
  hints = {
    { en = "Your worker takes tasks but nothing leaves it. Which socket does it still need, and where does it connect?",
      zh = "你的工作节点收下了任务，却什么也没发出去。它还缺哪个套接字？这个套接字要连到哪里？" },
    { en = "Results travel one way, to the sink: the same kind of socket as the ventilator's, made once before the loop and connected to params.results.",
      zh = "结果只朝一个方向流向 Sink：和 Ventilator 用的套接字是同一种，在循环之前创建一次，连接到 params.results。" },
    { en = "Inside the loop, after the work, send the result text on that socket: \"Processed \" .. task.",
      zh = "在循环里、处理完之后，在那个套接字上发送结果文本：\"Processed \" .. task。" },
  },
}

local TASKS = "inproc://tasks"
local RESULTS = "inproc://results"
local SYNC = "inproc://sync"
local WORK = 0.02

-- The checker's sink: reads every result and checks it names a task it has not seen,
-- "Processed Task N". Reports results, good, repeated, bad (the first malformed text),
-- senders (how many workers sent results) and by_sender ("w1=5 w2=5").
behaviour("result_checker", [[
  local receiver = zmq.socket("PULL")
  assert(receiver:bind(params.bind))
  if params.sync then                        -- the ventilator's start signal, read and dropped
    local sync = zmq.socket("PULL", "sync")
    assert(sync:bind(params.sync))
  end
  local seen, by_sender, results, good, repeated, told = {}, {}, 0, 0, 0, false
  while true do
    local result, from = receiver:recv()
    results = results + 1
    local task = result:match("^Processed Task (%d+)$")
    if not task then
      if not told then
        told = true
        report("bad", string.format("%q", result))
      end
    elseif seen[task] then
      repeated = repeated + 1
      report("repeated", repeated)
    else
      seen[task] = true
      good = good + 1
    end
    local sender = from or "?"
    if not by_sender[sender] then
      by_sender[sender] = 0
      local n = 0
      for _ in pairs(by_sender) do n = n + 1 end
      report("senders", n)
    end
    by_sender[sender] = by_sender[sender] + 1
    local names = {}
    for name in pairs(by_sender) do names[#names + 1] = name end
    table.sort(names)
    for i, name in ipairs(names) do names[i] = name .. "=" .. by_sender[name] end
    report("by_sender", table.concat(names, " "))
    report("good", good)
    report("results", results)               -- last: a reader that sees it sees the rest
  end
]])

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

local function number(report, key)
  return tonumber(report[key]) or 0
end

-- Until the sink has the whole batch, or the workers took every task, sent what they
-- will send, and wait for more: nothing else is coming then.
local function settled(sink, workers, tasks)
  return wait_until(function()
    local results = number(sink:stats().report, "results")
    if results >= tasks then return true end
    local taken, sent = 0, 0
    for _, worker in ipairs(workers) do
      local s = worker:stats()
      if s.state ~= "blocked in recv" and s.state ~= "stopped" and s.state ~= "crashed" then
        return false
      end
      taken, sent = taken + s.received, sent + s.sent
    end
    return taken >= tasks and results >= sent
  end, 20)
end

local function expect_results(sink, expected, how)
  local r = sink:stats().report
  local results, good = number(r, "results"), number(r, "good")
  local bad = r.bad and tostring(r.bad) or nil
  expect(results == expected,
         { en = ("%s, the sink received %d results; expected %d"):format(how.en, results, expected),
           zh = ("%s，Sink 收到 %d 个结果；应为 %d 个"):format(how.zh, results, expected) })
  expect(good == expected and not bad and number(r, "repeated") == 0,
         { en = ("%d of the results read \"Processed Task N\", one for each task%s%s; expected all %d"):format(
                 good, bad and ", the first other one was " .. bad or "",
                 number(r, "repeated") > 0 and ", " .. number(r, "repeated") .. " repeated" or "", expected),
           zh = ("其中 %d 个结果是 \"Processed Task N\"，每个任务一个%s%s；应全部 %d 个都是"):format(
                 good, bad and "，第一个不是的是 " .. bad or "",
                 number(r, "repeated") > 0 and "，重复 " .. number(r, "repeated") .. " 个" or "", expected) })
end

check({ en = "one worker, ten tasks", zh = "一个工作节点，十个任务" }, function()
  -- The worker first: it connects to the ventilator and the sink before they bind.
  local worker = spawn(STUDENT, { name = "worker", tasks = TASKS, results = RESULTS, work = WORK })
  local sink = spawn("result_checker", { name = "sink", bind = RESULTS })
  spawn("pusher", { name = "vent", bind = TASKS, count = 10, interval = 0, quiet = true })
  settled(sink, { worker }, 10)
  expect_results(sink, 10, { en = "10 tasks pushed to the worker", zh = "向工作节点推送了 10 个任务" })
  local state = worker:stats().state
  expect(state ~= "stopped" and state ~= "crashed",
         { en = ("after the 10 tasks the worker is %s; expected it to wait for more"):format(state_of(worker).en),
           zh = ("10 个任务之后工作节点的状态是%s；应当继续等待新任务"):format(state_of(worker).zh) })
end)

check({ en = "two workers share a batch of 20", zh = "两个工作节点分担一批 20 个任务" }, function()
  local sink = spawn("result_checker", { name = "sink", bind = RESULTS, sync = SYNC })
  spawn("ventilator", { name = "vent", bind = TASKS, sink = SYNC, tasks = 20, wait = "workers",
                        workers = 2 })
  local w1 = spawn(STUDENT, { name = "w1", tasks = TASKS, results = RESULTS, work = WORK })
  local w2 = spawn(STUDENT, { name = "w2", tasks = TASKS, results = RESULTS, work = WORK })
  settled(sink, { w1, w2 }, 20)
  expect_results(sink, 20, { en = "20 tasks shared by w1 and w2", zh = "w1 和 w2 分担 20 个任务" })
  local r = sink:stats().report
  expect(number(r, "senders") == 2,
         { en = ("the results came from %d workers (%s); expected both w1 and w2"):format(number(r, "senders"), tostring(r.by_sender or "-")),
           zh = ("结果来自 %d 个工作节点（%s）；应来自 w1 和 w2 两个"):format(number(r, "senders"), tostring(r.by_sender or "-")) })
end)
