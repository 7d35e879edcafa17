-- 06-push-pull.lua: the tutorial's Push end and Pull end. Each task reaches exactly one
-- puller; a PUSH deals tasks out in turn (round robin); a PULL with several pushers
-- takes one from each in turn (fair queueing).

lesson {
  id = "push-pull",
  title = { en = "Push-pull: handing out tasks",
            zh = "推送-拉取模式：分发任务" },
  summary = { en = "The tutorial's pusher and puller. How does one PUSH share ten tasks among three pullers, and in which order does one PULL read the tasks of three pushers?",
              zh = "教程里的 Push 端和 Pull 端。一个 PUSH 怎样把十个任务分给三个 Pull 端？一个 PULL 又按什么顺序读取三个 Push 端的任务？" },
  level = "beginner",
}

local TASKS = 10
local PUSHERS = { "pushA", "pushB", "pushC" }
local PER_PUSHER = 4

local function counts(from, to)
  return link(from, to) or { delivered = 0, lost = 0, missed = 0, in_flight = 0, capacity = 0 }
end

local function words(text)
  local list = {}
  for word in tostring(text or ""):gmatch("%S+") do list[#list + 1] = word end
  return list
end

section({ en = "One pusher, three pullers", zh = "一个 Push 端，三个 Pull 端" }, function()
  say { en = "Push-pull is the tutorial's third pattern. Like publish-subscribe it is one-way, and the tutorial stresses how it differs from publish-subscribe. It is made for handing out tasks.",
        zh = "推送-拉取模式是教程里的第三个模式。它和发布-订阅一样是单向的，教程特别强调了它和发布-订阅的区别。这个模式是用来分发任务的。" }

  local pullers = {}
  for i = 1, 3 do
    pullers[i] = spawn("puller", { name = "puller" .. i, connect = "inproc://tasks" })
  end
  wait_until(function()
    for i = 1, 3 do
      if pullers[i]:stats().state ~= "blocked in recv" then return false end
    end
    return true
  end, 10)

  say { en = "Three Pull ends, puller1, puller2 and puller3, have connected and wait for tasks, like three copies of the tutorial's puller (\"Pull end started, waiting for tasks...\").",
        zh = "三个 Pull 端 puller1、puller2 和 puller3 已经连上，正在等待任务，就像同时运行了三份教程里的 Pull 端程序（\"Pull 端已启动，等待任务...\"）。" }

  ask {
    q = { en = string.format("The Push end now sends the tutorial's %d tasks, \"Task 0\" to \"Task %d\". How many does each puller get?", TASKS, TASKS - 1),
          zh = string.format("现在 Push 端发送教程里的 %d 个任务，从 \"Task 0\" 到 \"Task %d\"。每个 Pull 端各收到几个？", TASKS, TASKS - 1) },
    choices = {
      { en = string.format("All %d each, like subscribers", TASKS), zh = string.format("每个都收到全部 %d 个，和订阅者一样", TASKS) },
      { en = string.format("%d in all, shared: 4, 3 and 3", TASKS), zh = string.format("一共 %d 个，大家分：4、3、3", TASKS) },
      { en = string.format("All %d go to the first puller", TASKS), zh = string.format("全部 %d 个都给第一个 Pull 端", TASKS) },
    },
    answer = 2,
    hints = {
      { en = "The pattern is made for handing out tasks. Would a task done three times, or a pile of tasks on one desk, serve that?",
        zh = "这个模式是用来分发任务的。一个任务被做三遍，或者所有任务堆在一个人桌上，符合这个用途吗？" },
      { en = "Watch the three links pusher → puller1, puller2, puller3 as the tasks go out, one every 0.1 s: which link counts each task?",
        zh = "任务每 0.1 秒发出一个，看 pusher → puller1、puller2、puller3 这三条连接：每个任务记在哪条连接上？" },
    },
    explain = { en = "Each task goes to exactly one puller, and a PUSH deals them out in turn to the pullers connected at the time: round robin. Ten tasks over three pullers is 4, 3 and 3.",
                zh = "每个任务只交给一个 Pull 端，而 PUSH 会把任务轮流分给当时已连接的 Pull 端，这叫轮询（round robin）。十个任务分给三个 Pull 端，就是 4、3、3。" },
  }

  local pusher
  slowed(0.33, function()
    pusher = spawn("pusher", { name = "pusher", bind = "inproc://tasks", count = TASKS,
                               interval = 0.1 })
    focus(pusher)
    wait_until(function()
      local got = 0
      for i = 1, 3 do got = got + pullers[i]:stats().received end
      return pusher:stats().state == "stopped" and got >= TASKS
    end, 20)
  end)

  local sent = pusher:stats().sent
  local got, lost, least, most = {}, 0, math.huge, 0
  local total = 0
  for i = 1, 3 do
    got[i] = pullers[i]:stats().received
    total = total + got[i]
    lost = lost + counts("pusher", "puller" .. i).lost
    least, most = math.min(least, got[i]), math.max(most, got[i])
  end
  expect(least > 0 and most - least <= 1,
         { en = string.format("Round robin: puller1 got %d, puller2 %d, puller3 %d", got[1], got[2], got[3]),
           zh = string.format("轮流分配：puller1 收到 %d 个，puller2 %d 个，puller3 %d 个", got[1], got[2], got[3]) })
  expect(total == sent and lost == 0,
         { en = string.format("The pullers received %d tasks in all, the pusher sent %d: no task went to two pullers, none was lost", total, sent),
           zh = string.format("Pull 端一共收到 %d 个任务，Push 端发出 %d 个：没有任务被两个 Pull 端同时收到，也没有丢失", total, sent) })
  hint { en = "The event log shows each task with the puller that processed it: the pullers take turns.",
         zh = "事件日志里能看到每个任务由哪个 Pull 端处理：三个 Pull 端轮流接活。" }

  say { en = "Round robin is fair by count, not by speed: the PUSH does not know how busy each puller is. A slow puller gets as many tasks as a fast one, as long as its queue has room.",
        zh = "轮询按个数公平，而不是按速度公平：PUSH 并不知道每个 Pull 端有多忙。只要队列还有空位，慢的 Pull 端和快的分到一样多的任务。" }
end)

section({ en = "Three pushers, one puller", zh = "三个 Push 端，一个 Pull 端" }, function()
  local collector = spawn("puller", { name = "collector", bind = "inproc://collect" })
  focus(collector)
  wait_until(function() return collector:stats().state == "blocked in recv" end, 10)
  collector:pause()
  wait_until(function() return collector:stats().state == "paused" end, 10)

  say { en = "Now the other way round: several Push ends feed one Pull end (the tutorial calls push-pull \"one-to-one or many-to-one\"). This time the Pull end, collector, binds, and the Push ends connect to it: either side may bind. We pause collector for a moment.",
        zh = "现在反过来：多个 Push 端给同一个 Pull 端送任务（教程说推送-拉取是“一对一或者多对一”）。这次由 Pull 端 collector 绑定，Push 端去连接它：哪一端绑定都可以。我们先让 collector 暂停一下。" }

  for _, name in ipairs(PUSHERS) do
    local p = spawn("pusher", { name = name, connect = "inproc://collect", count = PER_PUSHER,
                                interval = 0, text = "Task " .. name:sub(-1) .. "%d" })
    wait_until(function() return p:stats().state == "stopped" end, 10)
  end

  say { en = string.format("pushA sent its %d tasks (A0 to A%d) and stopped; only then did pushB start, then pushC. All %d tasks are waiting for collector.", PER_PUSHER, PER_PUSHER - 1, PER_PUSHER * #PUSHERS),
        zh = string.format("pushA 发完它的 %d 个任务（A0 到 A%d）就结束了，之后 pushB 才启动，然后是 pushC。%d 个任务都在等 collector 来读。", PER_PUSHER, PER_PUSHER - 1, PER_PUSHER * #PUSHERS) }

  ask {
    q = { en = "collector resumes. pushA's tasks arrived first. In which order does it read them?",
          zh = "collector 恢复运行。pushA 的任务最先到达。它按什么顺序读取这些任务？" },
    choices = {
      { en = "A0 A1 A2 A3, then B's, then C's: first come, first served", zh = "A0 A1 A2 A3，然后是 B 的，再是 C 的：先到先得" },
      { en = "A, B, C, A, B, C, …: one from each pusher in turn", zh = "A、B、C、A、B、C……：轮流从每个 Push 端取一个" },
      { en = "In random order", zh = "随机顺序" },
    },
    answer = 2,
    hints = {
      { en = "If a PULL read strictly in order of arrival, what could one pusher that sends very much do to the others?",
        zh = "如果 PULL 严格按到达顺序读取，一个发得特别多的 Push 端会给其他 Push 端带来什么影响？" },
      { en = "The tasks did not arrive on one line: look at the picture, there are three links into collector, each holding its pusher's tasks.",
        zh = "这些任务不是从同一条线上来的：看画面，有三条连接通向 collector，每条连接里放着各自 Push 端的任务。" },
    },
    explain = { en = "A PULL keeps one queue per connection and reads from them in turn: fair queueing. A pusher that sends a lot cannot starve the others.",
                zh = "PULL 为每条连接各保留一个队列，并轮流从中读取，这叫公平排队（fair queueing）。发得多的 Push 端也不能让其他 Push 端“饿着”。" },
  }

  collector:resume()
  wait_until(function() return collector:stats().received >= PER_PUSHER * #PUSHERS end, 10)

  local order = words(collector:stats().report.order)
  local turns = #order >= 2 * #PUSHERS
  local seen = {}
  for i = 1, math.min(#order, #PUSHERS) do seen[order[i]] = true end
  for _, name in ipairs(PUSHERS) do turns = turns and seen[name] == true end
  for i = 1, #order - #PUSHERS do turns = turns and order[i] == order[i + #PUSHERS] end
  local shown = table.concat(order, " ")
  expect(turns,
         { en = string.format("collector read them in turns: %s …", shown),
           zh = string.format("collector 轮流读取：%s ……", shown) })

  local each = {}
  local all_arrived = true
  for i, name in ipairs(PUSHERS) do
    local l = counts(name, "collector")
    each[i] = l.delivered
    all_arrived = all_arrived and l.delivered == PER_PUSHER and l.lost == 0
  end
  expect(all_arrived,
         { en = string.format("Every pusher's tasks arrived: pushA → collector %d, pushB → collector %d, pushC → collector %d", each[1], each[2], each[3]),
           zh = string.format("每个 Push 端的任务都送到了：pushA → collector %d 个，pushB → collector %d 个，pushC → collector %d 个", each[1], each[2], each[3]) })
  -- The first tasks collector read, from the order above: "Task A0", "Task B0", …
  local first, numbered = {}, {}
  for i = 1, math.min(#order, 4) do
    local letter = order[i]:sub(-1)
    first[i] = "Task " .. letter .. (numbered[letter] or 0)
    numbered[letter] = (numbered[letter] or 0) + 1
  end
  hint { en = string.format("Read collector's log lines in the event log: %s, …", table.concat(first, ", ")),
         zh = string.format("看事件日志里 collector 的输出：%s……", table.concat(first, "、")) }

  -- Your turn: one pusher's pile already waits in front of the paused collector. A fresh
  -- collector (restarted, so its order report starts empty) and a fresh pushA, which
  -- connects again since collector is the side that binds.
  local pile = 2 * PER_PUSHER
  local pushA = actor("pushA")
  local function pile_up()
    collector:restart({ name = "collector", bind = "inproc://collect" })
    wait_until(function() return collector:stats().state == "blocked in recv" end, 10)
    collector:pause()
    wait_until(function() return collector:stats().state == "paused" end, 10)
    pushA:restart({ name = "pushA", connect = "inproc://collect", count = pile, interval = 0, text = "Task A%d" })
    wait_until(function() return pushA:stats().state == "stopped" end, 10)
  end
  pile_up()
  focus(pushA)

  say { en = string.format("Your turn. collector is paused again, and pushA has just queued %d tasks for it. Spawn a pusher of your own from the command line (help(\"pusher\") lists its params; name it, say, pushD). Space pauses and resumes everything; Tab selects an actor and p pauses or resumes it.", pile),
        zh = string.format("轮到你了。collector 又被暂停了，pushA 刚刚给它排好了 %d 个任务。用命令行启动一个你自己的 Push 端（help(\"pusher\") 列出它的参数；名字可以叫 pushD）。空格键暂停或恢复全部；Tab 选中参与者，p 暂停或恢复它。", pile) }

  goal {
    text = { en = "Get another pusher's task read second, right after pushA's first",
             zh = "让另一个 Push 端的任务第二个被读到，紧跟在 pushA 的第一个之后" },
    check = function()
      local order = words(collector:stats().report.order)
      local shown = table.concat(order, " ", 1, math.min(#order, 4))
      return #order >= 2 and order[1] ~= order[2],
             { en = string.format("collector read first: %s — goal: a second sender right after the first",
                                  #order > 0 and shown or "nothing yet"),
               zh = string.format("collector 最先读到的：%s — 目标：第二个就换一个发送者",
                                  #order > 0 and shown or "还没有") }
    end,
    hints = {
      { en = "While collector is paused nothing is read: whatever is in its queues by the time it resumes takes part in the turns.",
        zh = "collector 暂停时一个也不读：它恢复运行时，所有队列里已经有的任务都会参与轮流。" },
      { en = "Fair queueing takes turns between connections, not between messages. Which connection would a newcomer's tasks come on?",
        zh = "公平排队是在连接之间轮流，而不是在消息之间。新来的 Push 端的任务会从哪条连接上来？" },
      { en = "The order counts only the first tasks collector reads after it resumes. If it already read pushA's pile, R starts the section again.",
        zh = "只有 collector 恢复后最先读的那几个任务算数。如果它已经把 pushA 那一堆读完了，按 R 重新开始这一节。" },
    },
    solution = { en = "Spawn a second pusher connected to collector, then resume collector: :spawn(\"pusher\", { name = \"pushD\", connect = \"inproc://collect\", count = 2, interval = 0 })  then select collector and press p (or :actor(\"collector\"):resume()).",
                 zh = "启动第二个连到 collector 的 Push 端，然后让 collector 恢复运行：:spawn(\"pusher\", { name = \"pushD\", connect = \"inproc://collect\", count = 2, interval = 0 })，然后选中 collector 按 p（或者 :actor(\"collector\"):resume()）。" },
    play = function()
      -- Whatever the learner tried before (collector may have read the pile already):
      -- a running lab and the pile again, then the solution.
      resume_all()
      stepping(false)
      pile_up()
      local params = { name = "pushD", connect = "inproc://collect", count = 2, interval = 0 }
      local pushD = actor("pushD")
      if pushD then pushD:restart(params) else pushD = spawn("pusher", params) end
      wait_until(function() return pushD:stats().state == "stopped" end, 10)
      collector:resume()
    end,
    timeout = 30,
  }

  say { en = "To remember: PUSH deals tasks out in turn (round robin), PULL takes them in turn (fair queueing), and every task is delivered to exactly one puller. The next lesson builds the tutorial's parallel pipeline from these two sockets.",
        zh = "要点：PUSH 轮流分发任务（轮询），PULL 轮流收取任务（公平排队），每个任务只送到一个 Pull 端。下一课用这两种套接字搭建教程里的并行管道（Parallel Pipeline）。" }
end)
