-- 04-late-subscriber.lua: a PUB keeps no queue for subscribers that are not there.
-- A late subscriber misses the start; two fixes: start order, and the ZeroMQ
-- Guide's synchronisation handshake (syncpub / syncsub).

lesson {
  id = "late-subscriber",
  title = { en = "The late subscriber",
            zh = "迟到的订阅者" },
  summary = { en = "A subscriber that starts after its publisher: what does it get of what was sent before? Then two ways to make sure nobody is late.",
              zh = "比发布者晚启动的订阅者，能收到之前发出的消息吗？然后看两种确保没有人迟到的办法。" },
  level = "beginner",
}

section({ en = "The late subscriber", zh = "迟到的订阅者" }, function()
  say { en = "Under its subscriber, the tutorial adds a warning about when to start it. Let us find out what it is about: here comes a publisher that starts before anyone listens.",
        zh = "教程在订阅者的代码下面加了一条提醒，说的是它该什么时候启动。我们来弄清楚这条提醒是怎么回事：下面先启动一个发布者，这时还没有人在收听。" }

  local pub = spawn("publisher", { name = "pub", bind = "inproc://late", topic = "news", rate = 10 })
  focus(pub)
  slowed(0.33, function()
    wait_until(function() return pub:stats().sent >= 10 end, 10)
  end)

  say { en = "pub has been publishing \"news Hello, subscribers!\" ten times a second, to nobody. Every message carries a number: #1, #2, …",
        zh = "pub 已经在以每秒十条的速度发布 \"news Hello, subscribers!\"，可是没有任何订阅者。每条消息都带有编号：#1、#2……" }

  ask {
    q = { en = "A subscriber to \"news\" starts now. Which message will be the first one it receives?",
          zh = "现在启动一个订阅 \"news\" 的订阅者。它收到的第一条消息会是哪一条？" },
    choices = {
      { en = "#1: ZeroMQ kept the earlier messages for it", zh = "#1：ZeroMQ 为它保留了之前的消息" },
      { en = "One sent after it joined: everything before is gone", zh = "它加入之后发出的某一条：之前的全都没了" },
      { en = "Only the most recent one, then the new ones", zh = "先收到最近的一条，然后是新的" },
    },
    answer = 2,
    hints = {
      { en = "Where could the earlier messages be now? Think of where a message waits in ZeroMQ: in a queue of a connection.",
        zh = "之前那些消息现在会在哪里？想想 ZeroMQ 里消息在哪里等待：在某条连接的队列里。" },
      { en = "Look at pub's box: it has been sending with no link to anyone. The new link pub → late will count the messages it missed.",
        zh = "看 pub 的方框：它一直在发送，却没有连向任何人的连接。新的连接 pub → late 会统计它错过的消息。" },
    },
    explain = { en = "A PUB sends each message to the subscribers connected at that moment and keeps nothing for anyone else. What was sent before the subscriber joined is gone.",
                zh = "PUB 只把消息发给当时已连接的订阅者，不为其他任何人保留。订阅者加入之前发出的消息就这样没了。" },
  }

  local before = pub:stats().sent
  local late = spawn("subscriber", { name = "late", connect = "inproc://late", subscribe = "news" })
  focus(late)
  slowed(0.33, function()
    wait_until(function() return late:stats().received >= 3 end, 10)
  end)

  local l = link("pub", "late")
  local missed, first, last = l and l.missed or 0, l and l.missed_first or 0, l and l.missed_last or 0
  log { en = string.format("pub had sent %d messages when late started.", before),
        zh = string.format("late 启动时，pub 已经发送了 %d 条消息。", before) }
  expect(missed >= before and first == 1 and last == missed,
         { en = string.format("late missed #%d-#%d: %d messages, all sent before it joined", first, last, missed),
           zh = string.format("late 错过了 #%d-#%d，共 %d 条，都是它加入之前发出的", first, last, missed) })
  expect(late:stats().lost == 0,
         { en = string.format("From #%d on it lost nothing: the missing messages are all at the start", last + 1),
           zh = string.format("从 #%d 开始它一条也没丢：缺的全是开头那一段", last + 1) })

  hint { en = "The range can reach a little past what was sent before the start: the subscription needs a moment to reach the publisher. The ZeroMQ Guide calls this the slow joiner.",
         zh = "错过的范围可能比启动前发出的还多几条：订阅信息传到发布者那里需要一点时间。ZeroMQ 指南把这叫作“慢加入者”（slow joiner）。" }
  say { en = "Look at the link pub → late before the next section clears the picture: its missed column holds the start of the stream.",
        zh = "下一节会清空画面，先看看 pub → late 这条连接：它的“错过”一栏记着消息流的开头那一段。" }
end)

section({ en = "Fix one: start order", zh = "办法一：启动顺序" }, function()
  say { en = "The tutorial's idea: start the subscriber first. Does that do it? A new subscriber, early, connects and subscribes; only then will pub2 start and send 20 messages.",
        zh = "教程的办法：先启动订阅者。这样就行了吗？新的订阅者 early 先连接并订阅，然后才启动 pub2，发送 20 条消息。" }

  local early = spawn("subscriber", { name = "early", connect = "inproc://ordered", subscribe = "news" })
  focus(early)
  wait_until(function() return early:stats().state == "blocked in recv" end, 10)

  ask {
    q = { en = "How many of pub2's 20 messages will early miss?",
          zh = "pub2 的 20 条消息，early 会错过几条？" },
    choices = {
      { en = "None", zh = "一条也不会" },
      { en = "A few at the start", zh = "开头几条" },
      { en = "All 20", zh = "全部 20 条" },
    },
    answer = 1,
    hints = {
      { en = "In the first section the trouble was messages sent while nobody was attached. Will that happen here?",
        zh = "第一节的问题出在没有人接上时发出的消息。这里还会发生这种情况吗？" },
      { en = "early is already in the picture, blocked in recv, before pub2 exists. The link pub2 → early will count what it missed.",
        zh = "pub2 出现之前，early 已经在画面里了，状态是阻塞在接收。pub2 → early 这条连接会统计它错过了多少。" },
    },
    explain = { en = "early was connected and subscribed before pub2 existed. Over inproc the subscription is handed to the publisher the moment it binds, before its first send.",
                zh = "pub2 出现之前，early 就已经连接并订阅好了。在 inproc 上，发布者一绑定，订阅就立刻交给了它，早于它的第一次发送。" },
  }

  local pub2
  slowed(0.33, function()
    pub2 = spawn("publisher", { name = "pub2", bind = "inproc://ordered", topic = "news",
                                rate = 20, count = 20 })
    focus(pub2)
    wait_until(function()
      return pub2:stats().state == "stopped" and early:stats().received >= 20
    end, 15)
  end)

  local l2 = link("pub2", "early")
  local e = early:stats()
  expect(l2 and l2.missed == 0 and e.received == pub2:stats().sent,
         { en = string.format("early received %d of %d, missed %d", e.received, pub2:stats().sent, l2 and l2.missed or -1),
           zh = string.format("early 收到 %d 条（共 %d 条），错过 %d 条", e.received, pub2:stats().sent, l2 and l2.missed or -1) })

  -- Your turn: the first section's situation again, to be fixed by hand with what this
  -- section showed. A publisher that keeps its numbers cannot give back what was sent
  -- before, so the fix is a fresh run in the right order (over inproc a connect that
  -- comes before the bind is completed when the bind comes).
  local pub = spawn("publisher", { name = "pub", bind = "inproc://again", topic = "news", rate = 10 })
  wait_until(function() return pub:stats().sent >= 5 end, 10)
  local late = spawn("subscriber", { name = "late", connect = "inproc://again", subscribe = "news", quiet = true })
  focus(late)
  wait_until(function() return late:stats().received >= 3 end, 10)

  say { en = "Your turn. pub is publishing again and late joined late, as in the first section: the link pub → late shows what it missed. Keys: Tab selects an actor, k kills it, r restarts it; or the command line, :actor(\"pub\"):kill() and so on.",
        zh = "轮到你了。pub 又在发布了，late 又来晚了，和第一节一样：pub → late 这条连接显示着它错过的消息。按键：Tab 选中参与者，k 停止它，r 重启它；也可以用命令行，例如 :actor(\"pub\"):kill()。" }

  goal {
    text = { en = "Make late miss nothing of pub's messages",
             zh = "让 late 一条也不错过 pub 的消息" },
    check = function()
      local l = link("pub", "late")
      local missed, got = l and l.missed or 0, l and l.delivered or 0
      return l ~= nil and missed == 0 and l.lost == 0 and got >= 10,
             { en = string.format("late received %d, missed %d — goal: at least 10 received, 0 missed", got, missed),
               zh = string.format("late 收到 %d 条，错过 %d 条 — 目标：至少收到 10 条，错过 0 条", got, missed) }
    end,
    hints = {
      { en = "late cannot get back what pub sent before it was there, and pub keeps counting from where it is. What would a run look like in which nothing is sent before late is there?",
        zh = "pub 在 late 到来之前发出的消息，late 再也拿不回来，而 pub 会接着往下编号。要让 late 到来之前一条都不发，这一轮该怎么跑？" },
      { en = "This section's run: early was blocked in recv before pub2 existed. k and r work in the order you press them, and a connect that comes before the bind is fine.",
        zh = "回想这一节：pub2 出现之前，early 已经阻塞在接收了。k 和 r 按你按下的顺序生效，而且先连接、后绑定是没问题的。" },
      { en = "Restarting pub alone is not enough over inproc: late's connection went away with the old pub and does not come back by itself. Watch the link pub → late after each key.",
        zh = "在 inproc 上只重启 pub 还不够：late 的连接随旧的 pub 一起断了，不会自己恢复。每按一次键，都看看 pub → late 这条连接。" },
    },
    solution = { en = "Stop pub, restart late (it connects and subscribes while nobody publishes), then restart pub: select pub and press k, select late and press r, select pub and press r. On the command line: :actor(\"pub\"):kill()  then  :actor(\"late\"):restart()  then  :actor(\"pub\"):restart()",
                 zh = "先停止 pub，再重启 late（它在没人发布时连接并订阅），最后重启 pub：选中 pub 按 k，选中 late 按 r，再选中 pub 按 r。用命令行：:actor(\"pub\"):kill()，然后 :actor(\"late\"):restart()，然后 :actor(\"pub\"):restart()" },
    play = function()
      -- Whatever the learner tried before: a running lab, and the actors' own params.
      resume_all()
      stepping(false)
      pub:kill()
      late:restart({ name = "late", connect = "inproc://again", subscribe = "news", quiet = true })
      wait_until(function() return late:stats().state == "blocked in recv" end, 10)
      pub:restart({ name = "pub", bind = "inproc://again", topic = "news", rate = 10 })
    end,
    timeout = 30,
  }

  say { en = "Start order alone is fragile, though. Over tcp the connection takes time even when the subscriber starts first, and a real publisher cannot know when its subscribers will come.",
        zh = "不过光靠启动顺序并不可靠。在 tcp 上，即使订阅者先启动，建立连接也需要时间；而且真实的发布者并不知道订阅者什么时候会来。" }
end)

section({ en = "Fix two: a handshake", zh = "办法二：握手同步" }, function()
  say { en = "Second fix, from the ZeroMQ Guide (syncpub / syncsub): the publisher also binds a REP socket, and it is told how many subscribers to expect, here 3. Each subscriber subscribes, then sends \"ready\" on a REQ socket and waits for the publisher's answer. Two of them start now.",
        zh = "第二种办法来自 ZeroMQ 指南（syncpub / syncsub）：发布者再绑定一个 REP 套接字。发布者还知道要等几个订阅者，这里是 3 个。每个订阅者先订阅，然后用 REQ 套接字发送 \"ready\" 并等待发布者的答复。现在先启动其中两个。" }

  local syncpub = spawn("publisher", { name = "syncpub", bind = "inproc://data", sync = "inproc://sync",
                                       subscribers = 3, topic = "news", rate = 20, count = 20 })
  focus(syncpub)
  local subs = {}
  for i = 1, 2 do
    subs[i] = spawn("subscriber", { name = "sync" .. i, connect = "inproc://data", sync = "inproc://sync",
                                    subscribe = "news", count = 20 })
  end
  wait_until(function() return syncpub:stats().report.ready == 2 end, 10)
  wait(0.5)

  local sp = syncpub:stats()
  expect(sp.report.ready == 2 and sp.report.published == nil,
         { en = string.format("syncpub has %d of 3 subscribers ready and has published %d messages: it waits",
                              sp.report.ready or 0, sp.report.published or 0),
           zh = string.format("syncpub 已有 %d/3 个订阅者就绪，发布了 %d 条消息：它在等待",
                              sp.report.ready or 0, sp.report.published or 0) })

  ask {
    q = { en = "The third subscriber, sync3, starts now, well after the other two. How many of the 20 messages will it miss?",
          zh = "第三个订阅者 sync3 现在才启动，比另外两个晚了不少。20 条消息中它会错过几条？" },
    choices = {
      { en = "None", zh = "一条也不会" },
      { en = "The ones sent while it was starting", zh = "它启动期间发出的那些" },
      { en = "All of them", zh = "全部" },
    },
    answer = 1,
    hints = {
      { en = "Being late only costs messages that were sent before you arrived. Has syncpub sent anything yet?",
        zh = "迟到只会让你错过你到达之前发出的消息。syncpub 已经发过什么了吗？" },
      { en = "Look at the last check: syncpub has 2 of 3 subscribers ready and has published nothing. What is it waiting for?",
        zh = "看上一项检查：syncpub 的 3 个订阅者中已有 2 个就绪，它一条也没发布。它在等什么？" },
    },
    explain = { en = "syncpub sends nothing until sync3 has said \"ready\", and sync3 says it only after subscribing. Nobody can be late.",
                zh = "sync3 说 \"ready\" 之前，syncpub 一条也不会发；而 sync3 是订阅之后才说的。所以没有人会迟到。" },
  }

  slowed(0.33, function()
    subs[3] = spawn("subscriber", { name = "sync3", connect = "inproc://data", sync = "inproc://sync",
                                    subscribe = "news", count = 20 })
    focus(subs[3])
    -- syncpub reports a message as published just after sending it: the
    -- subscribers can have the last one first.
    wait_until(function()
      for _, sub in ipairs(subs) do
        if sub:stats().state ~= "stopped" then return false end
      end
      return (syncpub:stats().report.published or 0) >= 20
    end, 15)
  end)

  local counts, all_done = {}, true
  for i, sub in ipairs(subs) do
    local s = sub:stats()
    counts[i] = s.missed
    all_done = all_done and s.state == "stopped" and s.missed == 0 and s.lost == 0
  end
  local published = syncpub:stats().report.published or 0
  expect(all_done and published == 20,
         { en = string.format("syncpub published %d; sync1, sync2 and sync3 each received all of them, missed %d, %d, %d",
                              published, counts[1], counts[2], counts[3]),
           zh = string.format("syncpub 发布了 %d 条；sync1、sync2、sync3 都全部收到，分别错过 %d、%d、%d 条",
                              published, counts[1], counts[2], counts[3]) })

  hint { en = "Over tcp the Guide's syncsub also pauses a moment after subscribing, because the subscription and the \"ready\" travel on different connections. Over inproc the order is kept.",
         zh = "在 tcp 上，指南里的 syncsub 订阅之后还会稍等片刻，因为订阅信息和 \"ready\" 走的是不同的连接。在 inproc 上顺序是有保证的。" }

  say { en = "To remember: a publisher keeps nothing for absent subscribers. Start subscribers first, or better, let the publisher wait until they say they are ready.",
        zh = "要点：发布者不会为不在场的订阅者保留任何消息。要么先启动订阅者，要么更好的办法：让发布者等到订阅者报告就绪再开始发布。" }
end)
