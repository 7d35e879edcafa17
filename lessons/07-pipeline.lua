-- 07-pipeline.lua: the tutorial's parallel pipeline: ventilator, workers and sink, with the
-- sync signal that starts the sink's clock. The same batch with 1, 2 and 4 workers shows
-- the speed-up; a ventilator that does not wait for its workers shows why it waits.

lesson {
  id = "pipeline",
  title = { en = "The parallel pipeline: ventilator, workers, sink",
            zh = "并行管道：任务分发者、工作节点、结果收集者" },
  summary = { en = "The tutorial's Ventilator, Worker and Sink. Time one batch with 1, 2 and 4 workers, then find out why the tutorial's ventilator waits for Enter before it sends.",
              zh = "教程里的 Ventilator、Worker 和 Sink。分别用 1、2、4 个工作节点处理同一批任务并计时，再弄清楚教程里的任务分发者为什么要等按下回车才开始发送。" },
  level = "intermediate",
}

local TASKS = 8
local WORK = 0.2        -- lab seconds a worker spends on one task

local sink, vent
local workers = {}
-- The batch times measured so far, by number of workers (a section run on its own, say
-- after a resume, compares with the ideal times instead).
local timed = {}

-- Each section starts on a fresh lab: the handles of the last one are gone.
local function fresh()
  sink, vent, workers = nil, nil, {}
end

-- A measured time for n workers, or the ideal one when it was not measured here.
local function time_of(n)
  return timed[n] or TASKS / n * WORK
end

-- A fresh run: every actor of the last run is stopped, then started again with new
-- params (restart), so the names stay sink, vent, worker1 … and the counters start at 0.
local function start(handle, behaviour, params)
  if handle then
    handle:restart(params)
    return handle
  end
  return spawn(behaviour, params)
end

local function start_sink()
  sink = start(sink, "sink", { name = "sink", expected = TASKS })
  wait_until(function() return sink:stats().state == "blocked in recv" end, 10)
end

local function start_worker(i)
  workers[i] = start(workers[i], "worker", { name = "worker" .. i, work = WORK })
end

local function workers_ready(n)
  for i = 1, n do
    if workers[i]:stats().state ~= "blocked in recv" then return false end
  end
  return true
end

local function finished()
  return sink:stats().report.results == TASKS
end

local function stop_workers()
  for _, w in ipairs(workers) do w:kill() end
end

-- One batch with n workers, the way the tutorial runs it: sink and workers first, then
-- the ventilator, which waits for Enter; the lesson presses Enter once all are ready.
local function batch(n)
  start_sink()
  for i = 1, n do start_worker(i) end
  wait_until(function() return workers_ready(n) end, 10)
  vent = start(vent, "ventilator", { name = "vent", tasks = TASKS, wait = "enter" })
  focus(sink)
  wait_until(function() return vent:stats().state == "waiting for input" end, 10)
  vent:feed("")         -- Enter
  wait_until(finished, 30)
  stop_workers()
  local report = sink:stats().report
  return tonumber(report.elapsed) or 0, tostring(report.per_worker or "")
end

-- The batch with n workers, timed like any benchmark: a run held up by a busy machine
-- (more than 20% over the ideal time) is run again, up to three times, keeping the best.
-- Slowed so that each run takes about 3 s of wall time, whatever n.
local function measure(n)
  local ideal = TASKS / n * WORK
  return slowed(ideal / 3.2, function()
    local best, best_spread
    for try = 1, 3 do
      local elapsed, spread = batch(n)
      if not best or elapsed < best then best, best_spread = elapsed, spread end
      if elapsed <= 1.2 * ideal or try == 3 then break end
      log { en = string.format("(%.2f s instead of about %.2f s: the machine was busy, so we run this batch again)", elapsed, ideal),
            zh = string.format("（用了 %.2f 秒，而不是大约 %.2f 秒：机器正忙，这一批再跑一次）", elapsed, ideal) }
    end
    return best, best_spread
  end)
end

section({ en = "One worker", zh = "一个工作节点" }, function()
  fresh()
  say { en = "The tutorial's last pattern, the parallel pipeline, has three parts. The Ventilator hands out tasks with a PUSH. Each Worker pulls a task, works on it and pushes the result on. The Sink pulls the results together.",
        zh = "教程的最后一个模式是并行管道（Parallel Pipeline），由三部分组成。Ventilator（任务分发者）用 PUSH 分发任务。每个 Worker（工作节点）拉取一个任务，处理完再把结果推送出去。Sink（结果收集者）把所有结果拉取回来。" }

  start_sink()
  focus(sink)

  say { en = "There is a fourth connection: before the first task the ventilator sends a sync signal, \"0\", straight to the sink. The sink, already in the picture, waits for it (\"Waiting for synchronization signal...\") and starts its clock then, so it can time the whole batch.",
        zh = "还有第四条连接：发第一个任务之前，任务分发者先直接给结果收集者发一个同步信号 \"0\"。画面里已经有的结果收集者一直在等它（\"Waiting for synchronization signal...\"），收到后开始计时，这样就能测出整批任务用了多长时间。" }

  say { en = string.format("In the tutorial a worker sleeps 1 s per task and the ventilator waits for Enter until the workers are ready. Here a task takes %.1f s, a batch is %d tasks, and the lesson presses Enter for you once every worker is waiting.", WORK, TASKS),
        zh = string.format("教程里工作节点每个任务睡 1 秒，任务分发者要等人按回车，确认工作节点都准备好了。这里每个任务耗时 %.1f 秒，一批 %d 个任务，等所有工作节点都就绪后，由本课替你按回车。", WORK, TASKS) }

  ask {
    q = { en = string.format("With one worker, how long will the batch of %d tasks take?", TASKS),
          zh = string.format("只有一个工作节点时，这一批 %d 个任务要花多长时间？", TASKS) },
    choices = {
      { en = string.format("About %.1f s: one task's time", WORK), zh = string.format("大约 %.1f 秒：一个任务的时间", WORK) },
      { en = string.format("About %.1f s: %d × %.1f s", TASKS * WORK, TASKS, WORK), zh = string.format("大约 %.1f 秒：%d × %.1f 秒", TASKS * WORK, TASKS, WORK) },
      { en = "No time at all: ZeroMQ is fast", zh = "几乎不花时间：ZeroMQ 很快" },
    },
    answer = 2,
    hints = {
      { en = "Think of one person with a pile of tasks: does sending the pile make the work go faster?",
        zh = "想象一个人面前有一摞任务：把这摞任务递过去，会让活干得更快吗？" },
      { en = "Watch the sink's box once the batch starts: its clock starts with the sync signal and stops with the last result. What must worker1 do in between?",
        zh = "这批任务开始后看结果收集者的方框：它收到同步信号时开始计时，收到最后一个结果时停止。这中间 worker1 要做些什么？" },
    },
    explain = { en = "One worker does the tasks one after another. Sending them costs next to nothing; the work is what takes time.",
                zh = "一个工作节点只能一个接一个地处理任务。发送任务几乎不花时间，花时间的是处理本身。" },
  }

  local e1, spread1 = measure(1)
  timed[1] = e1
  expect(finished() and e1 > 0,
         { en = string.format("1 worker: the sink collected %d results in %.2f s (%s)", TASKS, e1, spread1),
           zh = string.format("1 个工作节点：结果收集者在 %.2f 秒内收齐了 %d 个结果（%s）", e1, TASKS, spread1) })
  expect(sink:stats().received == TASKS + 1,
         { en = string.format("The sink received %d messages: the sync signal and %d results", sink:stats().received, TASKS),
           zh = string.format("结果收集者共收到 %d 条消息：1 个同步信号加 %d 个结果", sink:stats().received, TASKS) })
  say { en = "Look at the picture before the next section clears it: worker1 did every task, one after another, and the sink's time is the sum of their work.",
        zh = "下一节会清空画面，先看一眼：worker1 一个接一个地做完了所有任务，结果收集者测到的时间就是这些工作时间的总和。" }
end)

section({ en = "More workers", zh = "更多工作节点" }, function()
  fresh()
  start_sink()
  focus(sink)

  ask {
    q = { en = "Now the same batch with 2 workers, then with 4. What happens to the time?",
          zh = "现在用 2 个工作节点处理同一批任务，然后再用 4 个。时间会怎样变化？" },
    choices = {
      { en = "It stays the same: the ventilator is the bottleneck", zh = "不变：瓶颈在任务分发者" },
      { en = "Half with 2 workers, a quarter with 4", zh = "2 个时减半，4 个时变成四分之一" },
      { en = "It gets longer: more workers, more messages", zh = "变长：工作节点越多，消息越多" },
    },
    answer = 2,
    hints = {
      { en = "Is anything in the pipeline shared that the workers would have to wait for, or does each work on its own tasks?",
        zh = "管道里有没有什么东西是工作节点必须排队等待的？还是每个工作节点各干各的任务？" },
      { en = "Remember the sink's per-worker count from the one-worker run (worker1=8), and from lesson 6 how a PUSH shares tasks among its pullers.",
        zh = "回想一个工作节点那次结果收集者统计的数目（worker1=8），再回想第 6 课里 PUSH 是怎样把任务分给各个 Pull 端的。" },
    },
    explain = { en = string.format("The PUSH deals the %d tasks out in turn, so each of n workers gets %d/n of them, and they work at the same time.", TASKS, TASKS),
                zh = string.format("PUSH 把 %d 个任务轮流分发出去，n 个工作节点每个分到 %d/n 个，而且它们同时工作。", TASKS, TASKS) },
  }

  local e2, spread2 = measure(2)
  local e4, spread4 = measure(4)
  timed[2], timed[4] = e2, e4
  local e1 = time_of(1)
  expect(e1 > 1.5 * e2 and e2 > 1.4 * e4,
         { en = string.format("Speed-up: %.2f s → %.2f s → %.2f s, 4 workers are %.1f times as fast as 1", e1, e2, e4, e1 / math.max(e4, 0.001)),
           zh = string.format("加速：%.2f 秒 → %.2f 秒 → %.2f 秒，4 个工作节点的速度是 1 个的 %.1f 倍", e1, e2, e4, e1 / math.max(e4, 0.001)) })
  expect(finished(),
         { en = string.format("2 workers: %.2f s (%s); 4 workers: %.2f s (%s)", e2, spread2, e4, spread4),
           zh = string.format("2 个工作节点：%.2f 秒（%s）；4 个工作节点：%.2f 秒（%s）", e2, spread2, e4, spread4) })
  hint { en = "The sink's per-worker count (worker1=2 …) comes from the name stamped on each result: the sink never asks who sent it.",
         zh = "结果收集者统计的每个工作节点的数目（worker1=2 ……）来自每个结果上标记的发送者名字：结果收集者从不需要去问是谁发的。" }
  say { en = "In every run so far the ventilator waited for Enter until all the workers were ready. Next: what that waiting is good for.",
        zh = "到目前为止，每次运行任务分发者都等到所有工作节点就绪、按下回车才开始。下一节：这种等待有什么用。" }
end)

section({ en = "Starting too early", zh = "过早启动" }, function()
  -- The ventilator that does not wait: only worker1 is there when it starts.
  fresh()
  say { en = "Why does the ventilator wait for Enter at all? Let us start it too early: only worker1 is up, the other three come a moment later.",
        zh = "任务分发者为什么要等人按回车？我们让它提前启动试试：这时只有 worker1 在，另外三个稍后才来。" }

  ask {
    q = { en = string.format("How will the %d tasks be shared among the four workers?", TASKS),
          zh = string.format("这 %d 个任务会怎样分给四个工作节点？", TASKS) },
    choices = {
      { en = string.format("%d each, as before", TASKS // 4), zh = string.format("和刚才一样，每个 %d 个", TASKS // 4) },
      { en = "worker1 takes most of them, or all", zh = "worker1 拿走大部分，甚至全部" },
      { en = "The late workers get most: worker1 is busy", zh = "后来的工作节点拿到大部分：worker1 正忙着" },
    },
    answer = 2,
    hints = {
      { en = "A PUSH deals tasks out in turn, but among whom? Those that will come, or those that are there?",
        zh = "PUSH 轮流分发任务，可是分给谁？是将来会来的，还是此刻已经在的？" },
      { en = "Compare two speeds: how fast the ventilator sends a task, and how long a worker needs to start and connect. worker1 is the only box in the picture when vent starts.",
        zh = "比较两个速度：任务分发者发出一个任务有多快，一个工作节点启动并连上要多久。vent 启动时，画面里只有 worker1 一个工作节点。" },
    },
    explain = { en = "A PUSH shares tasks only among the workers connected at that moment. Sending is much faster than connecting, let alone working: the whole batch is queued for worker1 before the others arrive.",
                zh = "PUSH 只在当时已连接的工作节点之间分配任务。发送比建立连接快得多，更不用说比处理任务快了：其他工作节点还没到，整批任务就已经排进 worker1 的队列了。" },
  }

  slowed(0.5, function()
    start_sink()
    start_worker(1)
    wait_until(function() return workers_ready(1) end, 10)
    vent = start(vent, "ventilator", { name = "vent", tasks = TASKS, wait = false })
    focus(vent)
    wait_until(function() return vent:stats().state == "stopped" end, 10)
    for i = 2, 4 do start_worker(i) end
    wait_until(finished, 30)
  end)

  local share = {}
  for i = 1, 4 do share[i] = workers[i]:stats().received end
  local late = sink:stats().report
  local e_late = tonumber(late.elapsed) or 0
  expect(share[1] > TASKS / 2,
         { en = string.format("worker1 took %d of the %d tasks; worker2, worker3 and worker4 took %d, %d and %d", share[1], TASKS, share[2], share[3], share[4]),
           zh = string.format("worker1 拿走了 %d 个任务中的 %d 个；worker2、worker3、worker4 分别拿到 %d、%d、%d 个", TASKS, share[1], share[2], share[3], share[4]) })
  local e1, e4 = time_of(1), time_of(4)
  expect(e_late > 1.5 * e4,
         { en = string.format("Four workers ran, yet the batch took %.2f s: about as long as one worker (%.2f s), not %.2f s", e_late, e1, e4),
           zh = string.format("四个工作节点都在运行，这批任务却用了 %.2f 秒：和一个工作节点差不多（%.2f 秒），而不是 %.2f 秒", e_late, e1, e4) })
  local idle = workers[2]:stats().state
  hint { en = string.format("worker2, worker3 and worker4 show \"%s\": idle, waiting for tasks that all went to worker1.", idle),
         zh = string.format("worker2、worker3、worker4 的状态是 \"%s\"：闲着，它们等的任务早已全给了 worker1。", idle) }

  -- Your turn: the same actors, run again by hand. Half of one worker's ideal time is
  -- the target: four workers that all share the batch need a quarter of it, so the
  -- target leaves room for a busy machine, while a batch that one worker mostly does
  -- cannot reach it.
  local target = TASKS * WORK / 2
  say { en = "Your turn: run this batch again with these actors. Keys: Tab selects an actor, r restarts it with the params it has (vent's: send at once, without waiting); the command line takes :actor(\"vent\"):restart() and the like.",
        zh = "轮到你了：用这些参与者把这批任务再跑一遍。按键：Tab 选中参与者，r 按它现有的参数重启它（vent 的参数是：不等待，立刻发送）；命令行可以用 :actor(\"vent\"):restart() 之类的命令。" }

  goal {
    text = { en = string.format("Run the batch again and finish it in under %.2f s, half of one worker's time", target),
             zh = string.format("把这批任务再跑一遍，在 %.2f 秒内完成，也就是一个工作节点所需时间的一半", target) },
    check = function()
      local s = sink:stats()
      local elapsed = tonumber(s.report.elapsed)
      if s.report.results == TASKS and elapsed then
        local spread = tostring(s.report.per_worker or "")
        return elapsed < target,
               { en = string.format("last batch: %.2f s (%s) — goal: under %.2f s", elapsed, spread, target),
                 zh = string.format("上一批：%.2f 秒（%s）— 目标：%.2f 秒以内", elapsed, spread, target) }
      end
      local got = math.max(s.received - 1, 0)   -- the first message is the start signal
      return false,
             { en = string.format("the sink has %d of %d results — goal: all %d in under %.2f s", got, TASKS, TASKS, target),
               zh = string.format("结果收集者收到 %d / %d 个结果 — 目标：%.2f 秒内收齐 %d 个", got, TASKS, target, TASKS) }
    end,
    hints = {
      { en = "The sink has stopped, and a stopped actor collects nothing: every part of the pipeline needs a fresh start. In which order?",
        zh = "结果收集者已经结束了，结束了的参与者什么也收不到：管道的每一部分都要重新启动。按什么顺序？" },
      { en = "A PUSH deals tasks only among the workers connected at that moment. Over inproc, a worker's connection went away with the vent or the sink it was connected to: it comes back when the worker restarts.",
        zh = "PUSH 只在当时已连接的工作节点之间分配任务。在 inproc 上，工作节点连着的 vent 或 sink 一停，它的连接也就断了：工作节点重启时才会重新连上。" },
      { en = "Watch the workers' states before vent goes: all four should be blocked in recv.",
        zh = "vent 开始之前先看工作节点的状态：四个都应该是阻塞在接收（blocked in recv）。" },
    },
    solution = { en = "Restart the sink, then the four workers, and only when all four are blocked in recv, vent: select each with Tab and press r in that order. On the command line: :actor(\"sink\"):restart(), :actor(\"worker1\"):restart() … :actor(\"worker4\"):restart(), then :actor(\"vent\"):restart()",
                 zh = "先重启结果收集者，再重启四个工作节点，等四个都阻塞在接收，最后重启 vent：用 Tab 依次选中，按这个顺序按 r。用命令行：:actor(\"sink\"):restart()，:actor(\"worker1\"):restart() …… :actor(\"worker4\"):restart()，然后 :actor(\"vent\"):restart()" },
    play = function()
      -- Whatever the learner tried before: a running lab, and the lesson's params.
      resume_all()
      stepping(false)
      -- Timed like measure(): a run held up by a busy machine is run again.
      for _ = 1, 3 do
        start_sink()
        for i = 1, 4 do start_worker(i) end
        wait_until(function() return workers_ready(4) end, 10)
        vent:restart({ name = "vent", tasks = TASKS, wait = false })
        wait_until(finished, 30)
        if (tonumber(sink:stats().report.elapsed) or target) < target then break end
      end
    end,
    timeout = 30,
  }

  say { en = "That is why the tutorial's ventilator waits for Enter: start the workers, wait until they are connected, then send. Our ventilator can also wait by itself until a given number of workers have connected (wait = \"workers\"). And the sync signal lets the sink measure the batch from its real start.",
        zh = "这就是教程里的任务分发者要等回车的原因：先启动工作节点，等它们都连上，再发送任务。我们的任务分发者也可以自己等到指定数量的工作节点连上后再开始（wait = \"workers\"）。而同步信号让结果收集者从这批任务真正开始的那一刻计时。" }

  stop_workers()
end)
