-- 08-ready-ventilator: the tutorial's Ventilator waits for Enter "when the workers are
-- ready". The student's ventilator waits for the workers itself. The checks bring the
-- workers in late, one alone first: a ventilator that does not wait hands that one the
-- whole batch; one that waits shares it among all of them.

exercise {
  id = "ready-ventilator",
  title = { en = "A ventilator that waits for its workers", zh = "等工作节点就绪的 Ventilator" },
  statement = {
    en = "Write the tutorial's Ventilator without the Enter key: bind a PUSH socket to params.bind for the tasks and connect another PUSH socket to params.sink for the start signal. Before anything is sent, wait until params.workers workers are connected to the task socket, so that no worker gets the batch alone. Then send the signal \"0\" to the sink, then params.tasks tasks, \"Task 0\", \"Task 1\", …, and end.",
    zh = "写出不用按回车的教程版 Ventilator（任务分发者）：把一个 PUSH 套接字绑定到 params.bind 用来发任务，再把另一个 PUSH 套接字连接到 params.sink 用来发开始信号。发送任何东西之前，先等到 params.workers 个工作节点都连上了任务套接字，这样就不会有哪个工作节点独自拿走整批任务。然后给 Sink 发送信号 \"0\"，再发送 params.tasks 个任务 \"Task 0\"、\"Task 1\"……，然后结束。",
  },
  hints = {
    { en = "Run the checks and look at the sink's count per worker: who got the tasks, and who was connected when they were sent?",
      zh = "运行检查，看看 Sink 统计的每个工作节点的任务数：谁拿到了任务？发送的时候又是谁已经连上了？" },
    { en = "A PUSH shares the tasks only among the pullers connected at the moment it sends. The tutorial waits for a person to press Enter; your behaviour can ask its socket instead (lessons/actors/API.md lists the socket methods).",
      zh = "PUSH 只会在发送那一刻已经连上的拉取者之间分配任务。教程靠人按回车来等待；你的行为可以直接问自己的套接字（lessons/actors/API.md 列出了套接字的方法）。" },
    { en = "socket:peers() says how many are connected now. Look again and again, with a short sleep between looks, until it reaches params.workers; send nothing before that.",
      zh = "socket:peers() 返回现在连上了几个。反复查看，每次之间短暂地睡一会儿，直到它达到 params.workers；在那之前什么都不要发送。" },
  },
}

-- Each check has endpoints of its own: a worker that connected after the last check's
-- ventilator had gone must not be found by the next one's bind.
local TASKS, RESULTS, SYNC
local function endpoints(n)
  TASKS, RESULTS, SYNC = "inproc://tasks" .. n, "inproc://results" .. n, "inproc://sync" .. n
end
local BATCH = 30
local ALONE = 2       -- lab seconds the first worker waits alone before the others come
local TWO = 6         -- and the first two before the third: longer than a guessed sleep()

-- "worker1=10 worker2=10 worker3=10" -> { worker1 = 10, … }
local function shares(text)
  local counts = {}
  for worker, n in tostring(text or ""):gmatch("(%S+)=(%d+)") do counts[worker] = tonumber(n) end
  return counts
end

local function worker(i)
  return spawn("worker", { name = "worker" .. i, tasks = TASKS, results = RESULTS, work = 0.01,
                           quiet = true })
end

local function ventilator()
  return spawn(STUDENT, { name = "vent", bind = TASKS, sink = SYNC, workers = 3, tasks = BATCH })
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

-- The sink collected the batch (or gave up after 30 s): each worker's share must be a
-- third of the batch, give or take; the ventilator must have ended.
local function expect_shared(sink, vent, how)
  wait_until(function() return sink:stats().report.results == BATCH end, 30)
  local r = sink:stats().report
  local counts = shares(r.per_worker)
  local fair = true
  for i = 1, 3 do
    local n = counts["worker" .. i] or 0
    if n < BATCH // 6 or n > BATCH // 2 then fair = false end
  end
  local per_worker = tostring(r.per_worker or "-")
  expect(r.results == BATCH and fair,
         { en = ("%s: the sink collected %s results, per worker: %s; expected the %d tasks shared among the 3 workers (%d to %d each)"):format(
                 how.en, tostring(r.results or 0), per_worker, BATCH, BATCH // 6, BATCH // 2),
           zh = ("%s：Sink 收集到 %s 个结果，各工作节点：%s；应由 3 个工作节点分担 %d 个任务（每个 %d 到 %d 个）"):format(
                 how.zh, tostring(r.results or 0), per_worker, BATCH, BATCH // 6, BATCH // 2) })
  local ended = wait_until(function() return vent:stats().state == "stopped" end, 5)
  local v = vent:stats()
  expect(ended and v.sent == BATCH + 1,
         { en = ("the ventilator sent %d messages and is %s; expected the signal and %d tasks, then the end"):format(v.sent, state_of(vent).en, BATCH),
           zh = ("Ventilator 发送了 %d 条消息，状态是%s；应发送 1 个信号和 %d 个任务，然后结束"):format(v.sent, state_of(vent).zh, BATCH) })
end

-- The ventilator is up and waiting (for workers, or in a send nobody takes yet).
local function ventilator_waits(vent)
  return wait_until(function()
    local state = vent:stats().state
    return state ~= "starting" and state ~= "running"
  end, 10)
end

check({ en = "one worker first, two more later", zh = "先来一个工作节点，另外两个晚到" }, function()
  endpoints(1)
  local sink = spawn("sink", { name = "sink", bind = RESULTS, sync = SYNC, expected = BATCH })
  local vent = ventilator()
  ventilator_waits(vent)
  worker(1)
  -- worker1 alone for ALONE seconds: a ventilator that does not wait sends it all now.
  wait_until(function() return vent:stats().sent > BATCH end, ALONE)
  local early = vent:stats().sent
  worker(2)
  worker(3)
  expect(early == 0,
         { en = ("while worker1 was alone (%d s), the ventilator sent %d messages; expected none before the 3 workers were there"):format(ALONE, early),
           zh = ("worker1 独自等待的 %d 秒里，Ventilator 发送了 %d 条消息；3 个工作节点到齐之前应当一条也不发"):format(ALONE, early) })
  expect_shared(sink, vent, { en = "worker1 alone first, then worker2 and worker3",
                              zh = "先是 worker1 独自一个，然后 worker2 和 worker3 到来" })
end)

check({ en = "two workers first, the third later", zh = "先来两个工作节点，第三个晚到" }, function()
  endpoints(2)
  local sink = spawn("sink", { name = "sink", bind = RESULTS, sync = SYNC, expected = BATCH })
  local vent = ventilator()
  ventilator_waits(vent)
  worker(1)
  worker(2)
  -- A ventilator that sleeps a while instead of looking sends before the third comes.
  wait_until(function() return vent:stats().sent > BATCH end, TWO)
  local early = vent:stats().sent
  worker(3)
  expect(early == 0,
         { en = ("with 2 of the 3 workers there (%d s), the ventilator sent %d messages; expected none before the third came"):format(TWO, early),
           zh = ("3 个工作节点只到了 2 个的那 %d 秒里，Ventilator 发送了 %d 条消息；第三个到来之前应当一条也不发"):format(TWO, early) })
  expect_shared(sink, vent, { en = "worker1 and worker2 first, then worker3",
                              zh = "先是 worker1 和 worker2，然后 worker3 到来" })
end)

check({ en = "the workers are there before it starts", zh = "启动之前工作节点已经到齐" }, function()
  endpoints(3)
  local sink = spawn("sink", { name = "sink", bind = RESULTS, sync = SYNC, expected = BATCH })
  local workers = { worker(1), worker(2), worker(3) }
  wait_until(function()
    for _, w in ipairs(workers) do
      if w:stats().state ~= "blocked in recv" then return false end
    end
    return true
  end, 10)
  local vent = ventilator()
  expect_shared(sink, vent, { en = "all 3 workers waiting before the ventilator started",
                              zh = "Ventilator 启动之前 3 个工作节点都已在等待" })
end)
