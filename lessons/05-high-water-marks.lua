-- 05-high-water-marks.lua: what a full queue does. Over inproc one connection holds
-- SNDHWM + RCVHWM messages; a PUB drops what does not fit, a PUSH waits for room.
-- Three experiments: a paused subscriber (an exact count), a slow subscriber (a count
-- that depends on timing) and a paused puller (the pusher blocks, nothing is lost).

lesson {
  id = "high-water-marks",
  title = { en = "High-water marks: when a queue is full",
            zh = "高水位线：队列满了会怎样" },
  summary = { en = "Every connection has a queue with a limit, the high-water mark (HWM). Fill it with 1000 messages: how many does a paused subscriber get, what does a slow one get, and what does a PUSH do when its queue is full?",
              zh = "每条连接都有一个有上限的队列，这个上限叫高水位线（HWM）。用 1000 条消息把它塞满：暂停的订阅者能收到多少条？慢速的订阅者呢？PUSH 的队列满了又会怎样？" },
  level = "intermediate",
}

local HWM = 10          -- SNDHWM of the senders and RCVHWM of the receivers
local BURST = 1000      -- messages per experiment

-- A link's counters, zero until the link exists (it appears once both ends are up).
local function counts(from, to)
  return link(from, to) or { delivered = 0, lost = 0, missed = 0, in_flight = 0, capacity = 0 }
end

local function settled(from, to, sent)
  local l = counts(from, to)
  return l.delivered + l.lost >= sent
end

section({ en = "A paused subscriber", zh = "暂停的订阅者" }, function()
  say { en = "The tutorial says of publish-subscribe: there is no queue for a subscriber that is not connected; what it misses is lost for good. A connected subscriber does have a queue, but a queue with a limit: the high-water mark, HWM.",
        zh = "教程讲发布-订阅模式时提到：它不替订阅者缓存消息，订阅者没连上的时候，发出的数据就永远丢了。已经连上的订阅者是有队列的，但这个队列有上限，叫作高水位线（HWM，high-water mark）。" }

  say { en = "Each socket has two limits: SNDHWM for what it sends and RCVHWM for what it receives, 1000 messages each by default. Over inproc:// the two sockets of a connection share one queue between them; the gauge on a link in the picture shows how full it is.",
        zh = "每个套接字有两个上限：发送方向的 SNDHWM 和接收方向的 RCVHWM，默认各 1000 条消息。在 inproc:// 上，一条连接两端的套接字共用一个队列；画面里连接线上的指示条显示这个队列有多满。" }

  -- Experiment 1: a paused subscriber. It subscribes before the publisher binds, so the
  -- publisher knows about it from its first message on, and then it reads nothing.
  local sub = spawn("subscriber", { name = "sub", connect = "inproc://hwm-paused",
                                    subscribe = "news", rcvhwm = HWM, quiet = true })
  focus(sub)
  wait_until(function() return sub:stats().state == "blocked in recv" end, 10)
  sub:pause()
  wait_until(function() return sub:stats().state == "paused" end, 10)

  say { en = string.format("We set the limits to %d. The subscriber sub (RCVHWM %d) has connected and subscribed to \"news\", and then we paused it: it is there, but it reads nothing.", HWM, HWM),
        zh = string.format("我们把上限设为 %d。订阅者 sub（RCVHWM 为 %d）已经连上并订阅了主题 \"news\"，然后我们把它暂停了：它在线，但一条消息也不读。", HWM, HWM) }

  ask {
    q = { en = string.format("A publisher with SNDHWM %d now sends %d \"news\" messages as fast as it can. When sub resumes, how many will it get?", HWM, BURST),
          zh = string.format("现在一个 SNDHWM 为 %d 的发布者以最快速度发送 %d 条 \"news\" 消息。sub 恢复运行后，能收到多少条？", HWM, BURST) },
    choices = {
      { en = string.format("All %d: they wait in the queue", BURST), zh = string.format("全部 %d 条：它们在队列里等着", BURST) },
      { en = string.format("%d: SNDHWM + RCVHWM", 2 * HWM), zh = string.format("%d 条：SNDHWM + RCVHWM", 2 * HWM) },
      { en = string.format("%d: its RCVHWM", HWM), zh = string.format("%d 条：它的 RCVHWM", HWM) },
      { en = "None: a paused subscriber is dropped", zh = "一条也收不到：暂停的订阅者会被丢掉" },
    },
    answer = 2,
    hints = {
      { en = "sub reads nothing while pub sends, so what it gets later is whatever fits in the queue between them. Which limits belong to that queue?",
        zh = "pub 发送期间 sub 一条也不读，所以它之后能收到的，就是它们之间的队列装得下的那些。这个队列受哪些上限约束？" },
      { en = "Over inproc the two sockets of a connection share one queue, and each socket brings its own limit. Once pub runs, the link pub → sub shows how many it holds.",
        zh = "在 inproc 上，一条连接两端的套接字共用一个队列，而每个套接字都带着自己的上限。pub 一运行，pub → sub 这条连接就会显示队列里有多少条。" },
    },
    explain = { en = "The queue between them holds SNDHWM + RCVHWM messages. A PUB never waits for a subscriber: once that queue is full, it drops each further message for that subscriber, and its send still reports success.",
                zh = "两者之间的队列能容纳 SNDHWM + RCVHWM 条消息。PUB 从不等待订阅者：队列一满，之后发给这个订阅者的每条消息都被丢弃，而它的 send 照样返回成功。" },
  }

  local pub = spawn("publisher", { name = "pub", bind = "inproc://hwm-paused", topic = "news",
                                   rate = 0, count = BURST, sndhwm = HWM })
  focus(pub)
  wait_until(function() return pub:stats().state == "stopped" end, 20)

  local p, l = pub:stats(), counts("pub", "sub")
  expect(l.capacity == 2 * HWM,
         { en = string.format("The queue pub → sub holds %d messages (SNDHWM %d + RCVHWM %d)", l.capacity, HWM, HWM),
           zh = string.format("pub → sub 的队列容量是 %d 条（SNDHWM %d + RCVHWM %d）", l.capacity, HWM, HWM) })
  expect(p.sent == BURST and p.errors == 0,
         { en = string.format("pub sent %d messages without waiting, and not one send failed (%d errors)", p.sent, p.errors),
           zh = string.format("pub 没有任何等待就发完了 %d 条消息，没有一次 send 失败（错误 %d 次）", p.sent, p.errors) })
  expect(l.in_flight == l.capacity and l.delivered == 0,
         { en = string.format("The queue is full: %d of %d, and sub has read %d", l.in_flight, l.capacity, l.delivered),
           zh = string.format("队列满了：%d / %d，sub 读了 %d 条", l.in_flight, l.capacity, l.delivered) })
  hint { en = "In the view, the gauge on the link pub → sub is full, and pub has already stopped: it did not wait for anyone.",
         zh = "在界面上，pub → sub 这条连接的队列指示条已经满了，而 pub 已经结束：它没有等任何人。" }

  say { en = "Now sub resumes and reads what is there.",
        zh = "现在让 sub 恢复运行，读出队列里的消息。" }
  sub:resume()
  wait_until(function() return settled("pub", "sub", BURST) end, 20)

  l = counts("pub", "sub")
  expect(l.delivered == 2 * HWM and l.lost == BURST - 2 * HWM,
         { en = string.format("sub received %d messages; %d were dropped", l.delivered, l.lost),
           zh = string.format("sub 收到 %d 条消息，%d 条被丢弃", l.delivered, l.lost) })

  say { en = string.format("%d received, %d dropped, and it is the same every time you run this lesson: sub read nothing during the burst, so only the size of the queue decided.", l.delivered, l.lost),
        zh = string.format("收到 %d 条，丢弃 %d 条，每次运行这一课结果都一样：发送期间 sub 一条也没读，所以只有队列的大小起作用。", l.delivered, l.lost) }
end)

section({ en = "A slow subscriber", zh = "慢速的订阅者" }, function()
  -- A slow subscriber, not paused. It reads while the publisher sends.
  local slow = spawn("subscriber", { name = "slowsub", connect = "inproc://hwm-slow",
                                     subscribe = "news", rcvhwm = HWM, work = 0.01, quiet = true })
  focus(slow)
  wait_until(function() return slow:stats().state == "blocked in recv" end, 10)

  say { en = string.format("Real subscribers are seldom paused; more often they are slow. slowsub (RCVHWM %d) needs 10 ms per message, so it handles about 100 a second. The next publisher sends %d messages at 1000 a second, again with SNDHWM %d.", HWM, BURST, HWM),
        zh = string.format("实际的订阅者很少被暂停，更常见的是处理得慢。slowsub（RCVHWM 为 %d）每条消息要花 10 毫秒，每秒大约处理 100 条。下一个发布者以每秒 1000 条的速度发送 %d 条消息，SNDHWM 仍然是 %d。", HWM, BURST, HWM) }

  ask {
    q = { en = "How many messages will slowsub lose?",
          zh = "slowsub 会丢失多少条消息？" },
    choices = {
      { en = "None: it keeps reading, so the queue never overflows", zh = "一条也不丢：它一直在读，队列不会溢出" },
      { en = string.format("Exactly %d, as before", BURST - 2 * HWM), zh = string.format("和刚才一样，正好 %d 条", BURST - 2 * HWM) },
      { en = "Many, but fewer than before: what it read meanwhile made room, and the exact number depends on timing",
        zh = "很多，但比刚才少：它一边读一边腾出空间，具体丢多少取决于两边的快慢" },
    },
    answer = 3,
    hints = {
      { en = "Compare with the paused subscriber: what is different while the burst is going on?",
        zh = "和暂停的订阅者比一比：发送进行的时候，有什么不一样？" },
      { en = "slowsub takes about 100 a second while pub2 sends 1000 a second, into a queue of 20. Does reading make room, and is it enough room?",
        zh = "pub2 每秒发 1000 条，slowsub 每秒只处理大约 100 条，中间的队列能装 20 条。一边读会不会腾出空间？腾出的空间够不够？" },
    },
    explain = { en = "While slowsub reads, space frees up and the publisher can queue more. How much depends on how fast each side runs, and on when ZeroMQ tells the publisher that space is free again: in batches, not after every message. So the loss is no longer fixed by the HWM alone.",
                zh = "slowsub 一边读，队列一边腾出空间，发布者就能再放进一些消息。能多放进多少，取决于两边各自的速度，还取决于 ZeroMQ 什么时候通知发布者有空位了：它是成批通知的，而不是每读一条就通知一次。所以丢失的数目不再只由 HWM 决定。" },
  }

  local pub2
  slowed(0.33, function()
    pub2 = spawn("publisher", { name = "pub2", bind = "inproc://hwm-slow", topic = "news",
                                rate = 1000, count = BURST, sndhwm = HWM })
    focus(pub2)
    wait_until(function()
      return pub2:stats().state == "stopped" and settled("pub2", "slowsub", BURST)
    end, 30)
  end)

  local sent2 = pub2:stats().sent
  local l = counts("pub2", "slowsub")
  expect(l.lost > 0 and l.lost < BURST - 2 * HWM,
         { en = string.format("slowsub lost messages too: %d of %d, fewer than the %d a paused subscriber loses", l.lost, sent2, BURST - 2 * HWM),
           zh = string.format("slowsub 同样丢了消息：%d 条中丢了 %d 条，比暂停的订阅者丢的 %d 条少", sent2, l.lost, BURST - 2 * HWM) })
  expect(l.delivered > 2 * HWM,
         { en = string.format("It received %d, more than the %d the queue holds: it read while pub2 was sending", l.delivered, 2 * HWM),
           zh = string.format("它收到 %d 条，比队列能装的 %d 条多：pub2 发送的同时它在读", l.delivered, 2 * HWM) })
  expect(l.delivered + l.lost == sent2,
         { en = string.format("Every message is accounted for: %d received + %d dropped = %d sent", l.delivered, l.lost, sent2),
           zh = string.format("每条消息都有着落：收到 %d + 丢弃 %d = 发送 %d", l.delivered, l.lost, sent2) })
  hint { en = "The lab finds drops from the sequence numbers it stamps on every message: a gap between #17 and #23 means five were dropped.",
         zh = "实验室在每条消息上都打了序号，丢了多少就是从序号的缺口算出来的：从 #17 直接跳到 #23，说明中间丢了 5 条。" }

  say { en = "A PUB drops for a full subscriber on purpose: one slow subscriber must not hold up the publisher and every other subscriber. Fine for live data such as prices or the weather, where old news is worth little.",
        zh = "PUB 对队列已满的订阅者丢弃消息，是有意这样设计的：一个慢的订阅者不应该拖住发布者和其他所有订阅者。这对行情、天气这类实时数据是合适的，过时的消息本来就没什么价值。" }
end)

section({ en = "PUSH and a full queue", zh = "PUSH 与满了的队列" }, function()
  -- The same full queue with PUSH and PULL.
  local puller = spawn("puller", { name = "puller", connect = "inproc://hwm-push",
                                   rcvhwm = HWM, quiet = true })
  focus(puller)
  wait_until(function() return puller:stats().state == "blocked in recv" end, 10)
  puller:pause()
  wait_until(function() return puller:stats().state == "paused" end, 10)

  say { en = string.format("Tasks are different: a task that is dropped is work that never gets done. Here is a Pull end, puller (RCVHWM %d), paused like sub was.", HWM),
        zh = string.format("任务就不一样了：丢掉一个任务，就有一份工作永远没人做。这里有一个 Pull 端 puller（RCVHWM 为 %d），和刚才的 sub 一样被暂停了。", HWM) }

  ask {
    q = { en = string.format("A Push end with SNDHWM %d sends 50 tasks as fast as it can. What happens once the queue is full?", HWM),
          zh = string.format("一个 SNDHWM 为 %d 的 Push 端以最快速度发送 50 个任务。队列满了以后会怎样？", HWM) },
    choices = {
      { en = "It drops the rest, like the PUB", zh = "和 PUB 一样，把剩下的丢掉" },
      { en = "Its send waits until there is room again", zh = "它的 send 会一直等，直到队列又有空位" },
      { en = "Its send fails with an error", zh = "它的 send 失败并报错" },
    },
    answer = 2,
    hints = {
      { en = "A PUB dropped so that one slow subscriber cannot hold up the others. Is that a good trade for tasks, which must all be done?",
        zh = "PUB 丢弃消息，是为了不让一个慢的订阅者拖住其他订阅者。对于每一个都必须完成的任务来说，这样取舍合适吗？" },
      { en = "Watch pusher's state in the picture once the link pusher → puller is full: does it stop, go on, or report errors?",
        zh = "pusher → puller 这条连接满了以后，看画面里 pusher 的状态：它是停住了、继续发，还是报错？" },
    },
    explain = { en = "PUSH (like REQ, DEALER and PAIR) blocks when the queue is full: send does not return until a puller takes something. Nothing is lost, but the sender is held up.",
                zh = "PUSH（还有 REQ、DEALER 和 PAIR）在队列满时会阻塞：send 一直不返回，直到有 Pull 端取走消息。什么也不会丢，但发送方被拖住了。" },
  }

  local pusher = spawn("pusher", { name = "pusher", bind = "inproc://hwm-push", count = 50,
                                   interval = 0, sndhwm = HWM, quiet = true })
  focus(pusher)
  wait_until(function()
    local s = pusher:stats()
    return s.state == "blocked in send" and s.sent >= 2 * HWM
  end, 20)
  wait(2)                 -- it stays blocked: nothing moves while puller is paused

  local s = pusher:stats()
  local l = counts("pusher", "puller")
  expect(s.state == "blocked in send" and s.sent == l.capacity,
         { en = string.format("pusher sent %d tasks (the queue holds %d) and is now %s", s.sent, l.capacity, s.state),
           zh = string.format("pusher 发出 %d 个任务（队列容量为 %d），现在的状态是 %s（阻塞在发送）", s.sent, l.capacity, s.state) })
  hint { en = "A blocked sender is easy to miss in a real program: it looks like a hang. In the view its state says \"blocked in send\".",
         zh = "在真实程序里，阻塞的发送方很容易被忽略，看上去就像程序卡死了。在界面上它的状态显示为 \"blocked in send\"。" }

  say { en = "puller resumes.",
        zh = "让 puller 恢复运行。" }
  puller:resume()
  wait_until(function()
    return pusher:stats().state == "stopped" and puller:stats().received >= 50
  end, 20)

  s, l = pusher:stats(), counts("pusher", "puller")
  expect(l.delivered == s.sent and l.lost == 0 and s.sent == 50,
         { en = string.format("All %d tasks arrived, %d lost: the pusher went on as soon as there was room", l.delivered, l.lost),
           zh = string.format("%d 个任务全部送达，丢失 %d 个：一有空位，pusher 就接着发送", l.delivered, l.lost) })

  -- Your turn: the same full queue, with the roles of bind and connect swapped so that
  -- restarting the Push end (the connecting side) reconnects it by itself.
  local taker = spawn("puller", { name = "taker", bind = "inproc://hwm-goal", rcvhwm = HWM, quiet = true })
  wait_until(function() return taker:stats().state == "blocked in recv" end, 10)
  taker:pause()
  wait_until(function() return taker:stats().state == "paused" end, 10)
  local giver = spawn("pusher", { name = "giver", connect = "inproc://hwm-goal", count = BURST,
                                  interval = 0, sndhwm = HWM, quiet = true })
  focus(giver)
  wait_until(function()
    local g = giver:stats()
    return g.state == "blocked in send" and g.sent >= 2 * HWM
  end, 20)

  say { en = string.format("Your turn. taker (a Pull end, RCVHWM %d) is paused, and giver (a Push end, SNDHWM %d, connected to it) has %d tasks to hand over: it is stuck after %d. Keys: Tab selects an actor, r restarts it; the command line takes :actor(\"giver\"):restart({ … }) with new params (help(\"pusher\") lists them).", HWM, HWM, BURST, giver:stats().sent),
        zh = string.format("轮到你了。taker（Pull 端，RCVHWM 为 %d）被暂停了；giver（Push 端，SNDHWM 为 %d，已连到 taker）要交出 %d 个任务，发了 %d 个就卡住了。按键：Tab 选中参与者，r 重启它；命令行可以用 :actor(\"giver\"):restart({ … }) 换上新的参数（help(\"pusher\") 列出这些参数）。", HWM, HWM, BURST, giver:stats().sent) }

  goal {
    text = { en = string.format("Let giver hand over all %d tasks while taker stays paused, losing none", BURST),
             zh = string.format("在 taker 保持暂停的情况下，让 giver 交出全部 %d 个任务，一个不丢", BURST) },
    check = function()
      local g, t = giver:stats(), taker:stats()
      local l = counts("giver", "taker")
      -- The first giver's tasks stay queued too: its label's stream goes on.
      local queued = l.in_flight or 0
      local state_zh = ({ ["blocked in send"] = "阻塞在发送", stopped = "已结束", running = "运行中",
                          paused = "暂停中", sleeping = "休眠中" })[g.state] or g.state
      return g.sent == BURST and g.state == "stopped" and t.paused and l.delivered == 0
               and l.lost == 0 and queued >= BURST,
             { en = string.format("giver sent %d of %d (%s), %d waiting for taker (%s) — goal: all %d sent, none read yet",
                                  g.sent, BURST, g.state, queued, t.paused and "paused" or "not paused", BURST),
               zh = string.format("giver 发出 %d / %d 个（%s），%d 个在等 taker（%s）— 目标：%d 个全部发出，taker 一个都还没读",
                                  g.sent, BURST, state_zh, queued, t.paused and "暂停中" or "没有暂停", BURST) }
    end,
    hints = {
      { en = "giver stops at the capacity of the link giver → taker. What decides that capacity, and what value would make it big enough?",
        zh = "giver 停在 giver → taker 这条连接的容量上。这个容量由什么决定？取什么值才够大？" },
      { en = "A high-water mark of 0 means no limit. :set cannot change an HWM once the socket is connected (libzmq sized the queue then): the params given at the start can, with a restart.",
        zh = "高水位线为 0 表示不设上限。套接字连上以后，:set 就改不了 HWM 了（libzmq 在连接时已经定好了队列的大小）；启动时给的参数可以改，用重启。" },
      { en = "Restarting taker would also lift its pause, and taker is the side that binds: keep it as it is and change giver.",
        zh = "重启 taker 会解除它的暂停，而且 taker 是绑定的一方：让它保持原样，去改 giver。" },
    },
    solution = { en = string.format("Restart giver with no send limit, sndhwm = 0 (or a big one, such as 2000): :actor(\"giver\"):restart({ connect = \"inproc://hwm-goal\", count = %d, interval = 0, sndhwm = 0, quiet = true })", BURST),
                 zh = string.format("把发送高水位线设为不限（sndhwm = 0，或者一个很大的值，比如 2000），重启 giver：:actor(\"giver\"):restart({ connect = \"inproc://hwm-goal\", count = %d, interval = 0, sndhwm = 0, quiet = true })", BURST) },
    play = function()
      -- Whatever the learner tried before: a running lab, and taker bound and paused.
      resume_all()
      stepping(false)
      local t = taker:stats()
      if not t.paused or t.state == "stopped" or t.state == "crashed" then
        taker:restart({ name = "taker", bind = "inproc://hwm-goal", rcvhwm = HWM, quiet = true })
        wait_until(function() return taker:stats().state == "blocked in recv" end, 10)
        taker:pause()
        wait_until(function() return taker:stats().state == "paused" end, 10)
      end
      giver:restart({ name = "giver", connect = "inproc://hwm-goal", count = BURST, interval = 0,
                      sndhwm = 0, quiet = true })
    end,
    timeout = 60,
  }

  say { en = "To remember: over inproc a connection queues SNDHWM + RCVHWM messages. When it is full, a PUB drops (silently, and exactly, when nothing is read) and a PUSH waits. Choose the limits, and the socket type, for what your messages are worth.",
        zh = "要点：在 inproc 上，一条连接最多排队 SNDHWM + RCVHWM 条消息。队列满了，PUB 丢弃消息（悄无声息；接收方一条不读时，丢多少是确定的），PUSH 则等待。根据消息的价值来选择上限和套接字类型。" }
end)
