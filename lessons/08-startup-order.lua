-- 08-startup-order.lua: the start-up order lab. Which side binds and which connects
-- first no longer matters over inproc; what matters is whether anything is sent before
-- the other side is attached. Four runs, each with a prediction first: PULL before PUSH,
-- PUSH before PULL, PUB before SUB, SUB before PUB.

lesson {
  id = "startup-order",
  title = { en = "Start-up order: who starts first, who sends first",
            zh = "启动顺序：谁先启动，谁先发送" },
  summary = { en = "Start the two ends of a connection in both orders, for PUSH and PULL and for PUB and SUB, and count what arrives. Which order loses messages, and why?",
              zh = "把一条连接的两端按两种顺序分别启动，PUSH/PULL 和 PUB/SUB 各试一遍，数一数收到了多少。哪种顺序会丢消息？为什么？" },
  level = "beginner",
}

local TASKS = 10

local function counts(from, to)
  return link(from, to) or { delivered = 0, lost = 0, missed = 0, missed_first = 0,
                             missed_last = 0, in_flight = 0, capacity = 0 }
end

section({ en = "PUSH and PULL", zh = "PUSH 与 PULL" }, function()
  say { en = "The tutorial always starts the binding side first: server.py, the publisher and the pusher bind, the others connect. Does the order matter? Two questions hide in there: who binds or connects first, and who sends before the other side is attached. We try both orders, for PUSH and PULL and then for PUB and SUB, and count.",
        zh = "教程里总是先启动绑定的一方：server.py、发布者和 Push 端负责绑定，其余的去连接。顺序重要吗？这里面其实藏着两个问题：谁先绑定或先连接，以及在对方接上之前有没有人已经开始发送。下面 PUSH/PULL 和 PUB/SUB 各按两种顺序试一遍，数一数结果。" }

  -- Run 1: the PULL connects before anyone has bound the endpoint.
  ask {
    q = { en = string.format("Run 1: puller1 connects to inproc://order-1 before anything is bound there. Then pusher1 binds it and sends %d tasks. What happens?", TASKS),
          zh = string.format("第 1 次：puller1 连接 inproc://order-1，这时那里还没有任何套接字绑定。然后 pusher1 绑定这个地址并发送 %d 个任务。结果会怎样？", TASKS) },
    choices = {
      { en = "The connect fails: nobody is there", zh = "连接失败：那里没有人" },
      { en = string.format("It works: puller1 gets all %d tasks", TASKS), zh = string.format("没问题：puller1 收到全部 %d 个任务", TASKS) },
      { en = "It connects, but the first tasks are lost on the way", zh = "能连上，但最前面的几个任务在路上丢了" },
    },
    answer = 2,
    hints = {
      { en = "A connect names an address; is it a call that must find someone there, or a wish to be connected whenever someone is?",
        zh = "连接时给出的是一个地址：这个调用是必须当场找到对方，还是表示“一旦有人在就连上”？" },
      { en = "puller1 will appear first: watch whether its box shows errors or just waits, and then what the link pusher1 → puller1 counts.",
        zh = "puller1 会先出现：看它的方框里是报错还是只在等待，然后看 pusher1 → puller1 这条连接计了多少。" },
    },
    explain = { en = "Since ZeroMQ 4.0, an inproc connect before the bind is fine: the connection is completed when the bind comes. Over tcp it always was: ZeroMQ keeps retrying in the background.",
                zh = "从 ZeroMQ 4.0 起，inproc 先连接、后绑定也没有问题：等绑定出现时，连接自动完成。tcp 一向如此：ZeroMQ 会在后台不断重试连接。" },
  }

  local puller1 = spawn("puller", { name = "puller1", connect = "inproc://order-1" })
  focus(puller1)
  wait_until(function() return puller1:stats().state == "blocked in recv" end, 10)
  local s = puller1:stats()
  log { en = string.format("puller1 connected to an endpoint nobody had bound: %d errors, now %s", s.errors, s.state),
        zh = string.format("puller1 连接了一个还没人绑定的地址：错误 %d 次，现在的状态是 %s", s.errors, s.state) }
  local connected = s.errors == 0 and s.state == "blocked in recv"

  local pusher1
  slowed(0.2, function()
    pusher1 = spawn("pusher", { name = "pusher1", bind = "inproc://order-1", count = TASKS,
                                interval = 0.05 })
    wait_until(function()
      return pusher1:stats().state == "stopped" and puller1:stats().received >= TASKS
    end, 20)
  end)
  local l1 = counts("pusher1", "puller1")
  expect(connected and l1.delivered == TASKS and l1.lost == 0,
         { en = string.format("puller1 received %d of %d tasks, %d lost", l1.delivered, pusher1:stats().sent, l1.lost),
           zh = string.format("puller1 收到了 %d 个任务中的 %d 个，丢失 %d 个", pusher1:stats().sent, l1.delivered, l1.lost) })

  -- Run 2: the PUSH binds and starts sending before any PULL exists.
  ask {
    q = { en = "Run 2, the other order: pusher2 binds and tries to send before any puller exists; puller2 connects half a second later. How many tasks does puller2 get?",
          zh = "第 2 次，换个顺序：pusher2 先绑定并试着发送，这时还没有任何 Pull 端；半秒以后 puller2 才连接上来。puller2 能收到几个任务？" },
    choices = {
      { en = string.format("All %d", TASKS), zh = string.format("全部 %d 个", TASKS) },
      { en = "Fewer: the first tasks went nowhere", zh = "少一些：最前面的任务没有去处，丢了" },
      { en = "None: it came too late", zh = "一个也没有：它来得太晚了" },
    },
    answer = 1,
    hints = {
      { en = "Where could a PUSH put a task when no puller is connected? Remember what a PUSH does when its queue is full (lesson 5).",
        zh = "没有任何 Pull 端连接时，PUSH 能把任务放到哪里？回想一下 PUSH 的队列满了时会怎样（第 5 课）。" },
      { en = "Watch pusher2's state and its sent count in the half second before puller2 comes.",
        zh = "在 puller2 到来之前的那半秒里，看 pusher2 的状态和它的发送计数。" },
    },
    explain = { en = "A PUSH with nobody connected does not throw tasks away: its send waits until a puller is there. Nothing was sent before the peer was attached.",
                zh = "没有任何 Pull 端连接时，PUSH 不会把任务扔掉：它的 send 会一直等到有 Pull 端出现。在对方接上之前，根本没有任务被发出去。" },
  }

  local pusher2, puller2, blocked
  slowed(0.2, function()
    pusher2 = spawn("pusher", { name = "pusher2", bind = "inproc://order-2", count = TASKS,
                                interval = 0.05 })
    focus(pusher2)
    wait_until(function() return pusher2:stats().state == "blocked in send" end, 10)
    wait(0.5)
    s = pusher2:stats()
    log { en = string.format("With no puller, pusher2 is %s and has sent %d tasks", s.state, s.sent),
          zh = string.format("没有 Pull 端时，pusher2 的状态是 %s，已发送 %d 个任务", s.state, s.sent) }
    blocked = s.state == "blocked in send" and s.sent == 0

    puller2 = spawn("puller", { name = "puller2", connect = "inproc://order-2" })
    wait_until(function()
      return pusher2:stats().state == "stopped" and puller2:stats().received >= TASKS
    end, 20)
  end)
  local l2 = counts("pusher2", "puller2")
  expect(blocked and l2.delivered == TASKS and l2.lost == 0 and l2.missed == 0,
         { en = string.format("puller2 received %d of %d tasks, %d lost, %d missed", l2.delivered, pusher2:stats().sent, l2.lost, l2.missed),
           zh = string.format("puller2 收到了 %d 个任务中的 %d 个，丢失 %d 个，错过 %d 个", pusher2:stats().sent, l2.delivered, l2.lost, l2.missed) })

  say { en = "So for PUSH and PULL the order makes no difference at all. Next: the same with a publisher and a subscriber.",
        zh = "可见对 PUSH 和 PULL 来说，先后顺序完全没有影响。接下来：换成发布者和订阅者再试一遍。" }
end)

section({ en = "PUB and SUB", zh = "PUB 与 SUB" }, function()
  -- Run 3: the PUB starts first and publishes before the SUB is attached.
  ask {
    q = { en = "Run 3: pub3 binds and publishes \"news\" ten times a second. sub3 connects and subscribes only after pub3 has sent five. What does sub3 get?",
          zh = "第 3 次：pub3 绑定后每秒发布 10 条 \"news\"。等 pub3 发出 5 条以后，sub3 才连接并订阅。sub3 能收到什么？" },
    choices = {
      { en = "Everything from #1: the first five were kept for it", zh = "从第 1 条开始全部收到：前 5 条替它留着" },
      { en = "Only what was sent after it was attached: it misses the first ones", zh = "只收到它接上以后发的消息：前面那些错过了" },
      { en = "Nothing: a late subscriber is refused", zh = "什么也收不到：迟到的订阅者会被拒绝" },
    },
    answer = 2,
    hints = {
      { en = "The PUSH waited when nobody was there. Would waiting suit a publisher, which may have any number of subscribers, or none?",
        zh = "没人在时，PUSH 会等待。对一个可能有任意多个订阅者、也可能一个都没有的发布者来说，等待合适吗？" },
      { en = "Watch pub3's sent count climb before sub3 exists; the link pub3 → sub3 will count missed messages separately from lost ones.",
        zh = "sub3 出现之前，看 pub3 的发送计数不断增加；pub3 → sub3 这条连接会把“错过”和“丢失”分开统计。" },
    },
    explain = { en = "A PUB sends each message to the subscribers attached at that moment and keeps nothing for anyone else. Unlike the PUSH, it never waits for a peer.",
                zh = "PUB 只把消息发给当时已经接上的订阅者，不会替其他人保留任何消息。和 PUSH 不同，它从不等待对方。" },
  }

  local pub3, sub3
  slowed(0.33, function()
    pub3 = spawn("publisher", { name = "pub3", bind = "inproc://order-3", topic = "news",
                                rate = 10 })
    focus(pub3)
    wait_until(function() return pub3:stats().sent >= 5 end, 10)
    sub3 = spawn("subscriber", { name = "sub3", connect = "inproc://order-3", subscribe = "news" })
    wait_until(function() return sub3:stats().received >= 3 end, 10)
  end)
  local l3 = counts("pub3", "sub3")
  pub3:kill()
  sub3:kill()
  expect(l3.missed >= 5 and l3.lost == 0 and l3.delivered >= 3,
         { en = string.format("sub3 missed #%d–#%d (%d messages) and then received %d without a gap", l3.missed_first, l3.missed_last, l3.missed, l3.delivered),
           zh = string.format("sub3 错过了 #%d–#%d（%d 条消息），之后连续收到 %d 条，没有缺口", l3.missed_first, l3.missed_last, l3.missed, l3.delivered) })
  hint { en = "\"Missed\" counts messages sent before the subscriber was attached; \"lost\" counts messages dropped afterwards, when its queue was full (previous lesson).",
         zh = "“错过”（missed）统计的是订阅者接上之前发出的消息；“丢失”（lost）统计的是接上之后因为队列满而被丢弃的消息（上一课）。" }

  say { en = "Run 3 is over: pub3 and sub3 are stopped. Now the other order.",
        zh = "第 3 次结束了：pub3 和 sub3 都已停止。下面换个顺序。" }

  -- Run 4: the SUB first, then the PUB.
  ask {
    q = { en = string.format("Run 4: swap them. sub4 connects and subscribes first, then pub4 binds and publishes %d messages. How many does sub4 miss?", TASKS),
          zh = string.format("第 4 次：两者对调。sub4 先连接并订阅，然后 pub4 绑定并发布 %d 条消息。sub4 会错过几条？", TASKS) },
    choices = {
      { en = "None", zh = "一条也不会错过" },
      { en = "About five, as in run 3", zh = "和第 3 次一样，大约 5 条" },
      { en = "All of them: the publisher must start first", zh = "全部：发布者必须先启动" },
    },
    answer = 1,
    hints = {
      { en = "Run 3 lost messages that were sent while sub3 was not attached. Is there such a moment in this run?",
        zh = "第 3 次丢掉的是 sub3 还没接上时发出的消息。这一次还会有这样的时刻吗？" },
      { en = "sub4 will be in the picture, blocked in recv, before pub4 exists. Remember run 1: a connect before the bind is completed when the bind comes.",
        zh = "pub4 出现之前，sub4 已经在画面里，状态是阻塞在接收。回想第 1 次：先连接、后绑定，等绑定出现时连接就完成了。" },
    },
    explain = { en = "The subscription is already waiting in the connection when pub4 binds, so pub4 knows about sub4 before its first message. The connect came first, and that is fine (run 1).",
                zh = "pub4 绑定的时候，订阅请求已经在连接里等着了，所以 pub4 发第一条消息之前就知道有 sub4。先连接、后绑定完全没问题（第 1 次已经看到了）。" },
  }

  local sub4 = spawn("subscriber", { name = "sub4", connect = "inproc://order-4", subscribe = "news" })
  focus(sub4)
  wait_until(function() return sub4:stats().state == "blocked in recv" end, 10)
  local pub4
  slowed(0.33, function()
    pub4 = spawn("publisher", { name = "pub4", bind = "inproc://order-4", topic = "news",
                                rate = 10, count = TASKS })
    wait_until(function()
      return pub4:stats().state == "stopped" and sub4:stats().received >= TASKS
    end, 20)
  end)
  local l4 = counts("pub4", "sub4")
  expect(l4.missed == 0 and l4.lost == 0 and l4.delivered == pub4:stats().sent,
         { en = string.format("sub4 received %d of %d messages: %d missed, %d lost", l4.delivered, pub4:stats().sent, l4.missed, l4.lost),
           zh = string.format("sub4 收到了 %d 条消息中的 %d 条：错过 %d 条，丢失 %d 条", pub4:stats().sent, l4.delivered, l4.missed, l4.lost) })

  say { en = string.format("The PUB and SUB runs: PUB first, %d missed; SUB first, %d missed. With the PUSH and PULL runs before (none lost in either order): bind and connect may come in any order; what loses messages is a PUB sending before its subscriber is attached.", l3.missed, l4.missed),
        zh = string.format("PUB 与 SUB 的两次：先 PUB，错过 %d 条；先 SUB，错过 %d 条。再加上前面 PUSH 与 PULL 的两次（哪种顺序都没丢）：绑定和连接的先后可以随意；会丢消息的，是 PUB 在订阅者接上之前就开始发送。", l3.missed, l4.missed) }

  hint { en = "Try other orders yourself: zmqlab --sandbox, then for example spawn(\"subscriber\", { connect = \"inproc://x\" }) and spawn(\"publisher\", { bind = \"inproc://x\", rate = 5 }), in either order, and watch the missed column.",
         zh = "自己试试别的顺序：运行 zmqlab --sandbox，然后比如输入 spawn(\"subscriber\", { connect = \"inproc://x\" }) 和 spawn(\"publisher\", { bind = \"inproc://x\", rate = 5 })，调换先后，看“错过”那一列。" }

  -- Your turn: both ends started by the learner, from nothing.
  local function mine()
    local ok, l = pcall(link, "mypub", "mysub")
    return ok and l or nil
  end
  say { en = "Your turn, from nothing: you start both ends on the command line (:), with spawn, and choose the order. help(\"publisher\") and help(\"subscriber\") list their params.",
        zh = "轮到你了，从零开始：用命令行（:）和 spawn 亲手启动两端，先后由你决定。help(\"publisher\") 和 help(\"subscriber\") 列出它们的参数。" }

  goal {
    text = { en = "Start a publisher mypub and a subscriber mysub yourself: mysub gets 10 of mypub's messages, missing none",
             zh = "亲手启动发布者 mypub 和订阅者 mysub：mysub 收到 mypub 的 10 条消息，一条也不错过" },
    check = function()
      local l = mine()
      if not l then
        return false, { en = "no link mypub → mysub yet — goal: 10 received, 0 missed",
                        zh = "还没有 mypub → mysub 这条连接 — 目标：收到 10 条，错过 0 条" }
      end
      return l.delivered >= 10 and l.missed == 0 and l.lost == 0,
             { en = string.format("mysub received %d from mypub, missed %d — goal: 10 received, 0 missed", l.delivered, l.missed),
               zh = string.format("mysub 从 mypub 收到 %d 条，错过 %d 条 — 目标：收到 10 条，错过 0 条", l.delivered, l.missed) }
    end,
    hints = {
      { en = "Of the four runs, which one missed nothing, and what came first there?",
        zh = "四次运行里，哪一次一条也没错过？那一次是谁先来的？" },
      { en = "The two must agree on the endpoint: the publisher binds it, the subscriber connects to it, and the subscriber's topic must match the publisher's (both \"news\" unless you say otherwise).",
        zh = "两端的端点要一致：发布者绑定，订阅者连接；订阅者的主题也要和发布者的一致（不另外指定时都是 \"news\"）。" },
      { en = "A name is taken for good once spawned, even when the actor is stopped: to run one again, select it and press r, or :actor(\"mysub\"):restart().",
        zh = "名字一旦用过就一直被占着，即使参与者已经停止：要再运行它，选中它按 r，或者 :actor(\"mysub\"):restart()。" },
    },
    solution = { en = "Subscriber first, then the publisher: :spawn(\"subscriber\", { name = \"mysub\", connect = \"inproc://mine\" })  then  :spawn(\"publisher\", { name = \"mypub\", bind = \"inproc://mine\", rate = 10 })",
                 zh = "先订阅者，后发布者：:spawn(\"subscriber\", { name = \"mysub\", connect = \"inproc://mine\" })，然后 :spawn(\"publisher\", { name = \"mypub\", bind = \"inproc://mine\", rate = 10 })" },
    play = function()
      -- Whatever the learner tried before: a running lab; the names may be taken already.
      resume_all()
      stepping(false)
      local function run(behaviour, params)
        local handle = actor(params.name)
        if handle then handle:restart(params) return handle end
        return spawn(behaviour, params)
      end
      if actor("mypub") then actor("mypub"):kill() end
      local mysub = run("subscriber", { name = "mysub", connect = "inproc://mine" })
      wait_until(function() return mysub:stats().state == "blocked in recv" end, 10)
      run("publisher", { name = "mypub", bind = "inproc://mine", rate = 10 })
    end,
    timeout = 30,
  }

  say { en = "One caution: over tcp, starting the subscriber first is not always enough. The connection and the subscription are made in the background, and the publisher may already be sending by then (the slow joiner). When a subscriber must not miss anything, a handshake, as in lesson 4, is the sure way.",
        zh = "还要提醒一点：在 tcp 上，先启动订阅者也不总是万无一失。连接和订阅都是在后台完成的，等它们完成时，发布者可能已经在发送了（所谓“慢加入者”，slow joiner）。如果订阅者一条都不能错过，可靠的做法是像第 4 课那样做一次握手同步。" }
end)
