-- 03-publish-subscribe.lua: the tutorial's publisher and subscriber. Topics are
-- prefixes, every subscriber gets its own copy, and no subscription means nothing.
-- Two sections, each with its own publisher and subscribers.

lesson {
  id = "publish-subscribe",
  title = { en = "Publish-subscribe: topics and copies",
            zh = "订阅发布模式：主题与副本" },
  summary = { en = "A PUB sends \"topic message\" and SUB sockets choose topics. Which messages does a subscriber get, and what does one that chose no topic get?",
              zh = "PUB 发送 \"主题 消息\"，SUB 套接字选择主题。订阅者会收到哪些消息？什么主题都没选的订阅者又会收到什么？" },
  level = "beginner",
}

local ENDPOINT = "inproc://pubsub"

-- Waits until every one of SUBS is blocked in recv: listening.
local function listening(subs)
  wait_until(function()
    for _, sub in ipairs(subs) do
      if sub:stats().state ~= "blocked in recv" then return false end
    end
    return true
  end, 10)
end

section({ en = "Topics are prefixes", zh = "主题是前缀" }, function()
  say { en = "The second pattern is publish-subscribe. Messages go one way only: the publisher (a PUB socket) sends, the subscribers (SUB sockets) receive and never answer.",
        zh = "第二个模式是订阅发布模式。消息是单向的：发布者（PUB 套接字）只管发送，订阅者（SUB 套接字）只管接收，从不回复。" }

  local reader1 = spawn("subscriber", { name = "reader1", connect = ENDPOINT, subscribe = "news", by_topic = true })
  local reader2 = spawn("subscriber", { name = "reader2", connect = ENDPOINT, subscribe = "news", by_topic = true })
  local forecaster = spawn("subscriber", { name = "forecaster", connect = ENDPOINT, subscribe = "weather", by_topic = true })
  focus(reader1)
  listening({ reader1, reader2, forecaster })

  hint { en = "They start before the publisher so that they are listening before the first message leaves. Lesson 4 shows what happens otherwise.",
         zh = "让它们先于发布者启动，是为了在第一条消息发出之前就已经在收听。否则会怎样，第 4 课再讲。" }
  say { en = "As in the tutorial, a message is the topic, a space, then the text: \"news Hello, subscribers!\". A subscriber chooses topics with setsockopt(zmq.SUBSCRIBE, \"news\"); lessons/actors/subscriber.lua does the same with socket:set(\"SUBSCRIBE\", …). In the picture: reader1 and reader2 subscribed to \"news\", forecaster to \"weather\".",
        zh = "和教程一样，每条消息由主题、一个空格和正文组成：\"news Hello, subscribers!\"。订阅者用 setsockopt(zmq.SUBSCRIBE, \"news\") 选择主题；lessons/actors/subscriber.lua 里用 socket:set(\"SUBSCRIBE\", …) 做同样的事。画面里：reader1 和 reader2 订阅了 \"news\"，forecaster 订阅了 \"weather\"。" }


  ask {
    q = { en = "The publisher will send three topics in turn, 10 messages each: \"news\", \"newsletter\" and \"weather\". How many messages will reader1, subscribed to \"news\", receive?",
          zh = "发布者将轮流发送三个主题，每个 10 条：\"news\"、\"newsletter\" 和 \"weather\"。订阅了 \"news\" 的 reader1 会收到多少条？" },
    choices = {
      { en = "10: only the news messages", zh = "10 条：只有 news" },
      { en = "20: news and newsletter", zh = "20 条：news 和 newsletter" },
      { en = "30: everything", zh = "30 条：全部" },
    },
    answer = 2,
    hints = {
      { en = "A subscription is not a name the publisher looks up: the SUB side compares the start of each message with what it subscribed to.",
        zh = "订阅并不是让发布者去查的一个名字：SUB 这一端拿每条消息的开头和自己订阅的内容作比较。" },
      { en = "Write the first letters of a \"newsletter …\" message under the word \"news\". reader1's box will count its messages by topic.",
        zh = "把一条 \"newsletter …\" 消息的开头几个字母写在 \"news\" 下面比一比。reader1 的方框会按主题统计它收到的消息。" },
    },
    explain = { en = "A subscription is a prefix: the SUB receives every message that starts with \"news\", and \"newsletter ...\" starts with \"news\".",
                zh = "订阅是按前缀匹配的：SUB 会收到所有以 \"news\" 开头的消息，而 \"newsletter ...\" 正好以 \"news\" 开头。" },
  }

  local pub
  slowed(0.5, function()
    pub = spawn("publisher", { name = "pub", bind = ENDPOINT, rate = 20, count = 30,
                               topics = { "news", "newsletter", "weather" } })
    focus(pub)
    wait_until(function()
      return pub:stats().state == "stopped" and reader1:stats().received >= 20
         and reader2:stats().received >= 20 and forecaster:stats().received >= 10
    end, 20)
  end)

  local p = pub:stats()
  local each = p.sent // 3          -- the three topics take turns
  local r1, r2, f = reader1:stats(), reader2:stats(), forecaster:stats()

  expect(r1.report.news == each and r1.report.newsletter == each and r1.report.weather == nil,
         { en = string.format("reader1 (\"news\") got news x%d and newsletter x%d, no weather",
                              r1.report.news or 0, r1.report.newsletter or 0),
           zh = string.format("reader1（订阅 \"news\"）收到 news %d 条、newsletter %d 条，没有 weather",
                              r1.report.news or 0, r1.report.newsletter or 0) })

  expect(f.received == each and f.report.weather == each,
         { en = string.format("forecaster (\"weather\") got %d messages, all weather", f.received),
           zh = string.format("forecaster（订阅 \"weather\"）收到 %d 条，全是 weather", f.received) })

  local to1, to2 = link("pub", "reader1"), link("pub", "reader2")
  expect(to1 and to2 and to1.delivered == 2 * each and to2.delivered == 2 * each and r2.received == 2 * each,
         { en = string.format("pub sent each of its %d messages once, yet reader1 and reader2 each got their own copy: %d and %d",
                              p.sent, to1 and to1.delivered or 0, to2 and to2.delivered or 0),
           zh = string.format("pub 的 %d 条消息每条只发送一次，reader1 和 reader2 却各自收到一份：%d 条和 %d 条",
                              p.sent, to1 and to1.delivered or 0, to2 and to2.delivered or 0) })

  expect(r1.missed + r1.lost + r2.missed + r2.lost + f.missed + f.lost == 0,
         { en = "Nothing was missed or lost: every subscriber was listening before the first message",
           zh = "没有任何消息被错过或丢失：每个订阅者都在第一条消息之前就开始收听了" })

  hint { en = "To match \"news\" but not \"newsletter\", make the separator part of the topic: subscribe to \"news \" with the space.",
         zh = "如果只想匹配 \"news\" 而不要 \"newsletter\"，可以把分隔符也算进主题：订阅 \"news \"（带上空格）。" }
  say { en = "Look at the links before the next section clears the picture: pub → reader1 and pub → reader2 each carried their own copies, pub → forecaster only the weather.",
        zh = "下一节会清空画面，先看看这几条连接：pub → reader1 和 pub → reader2 各自送了一份，pub → forecaster 只送了 weather。" }
end)

section({ en = "No subscription", zh = "没有订阅" }, function()
  local nobody = spawn("subscriber", { name = "nobody", connect = ENDPOINT, subscribe = false,
                                       by_topic = true })
  local everyone = spawn("subscriber", { name = "everyone", connect = ENDPOINT, subscribe = "", by_topic = true })
  focus(nobody)
  listening({ nobody, everyone })

  say { en = "A fresh lab with two new subscribers: nobody connected but never called SUBSCRIBE, everyone subscribed to the empty topic \"\".",
        zh = "全新的实验室，两个新的订阅者：nobody 连上了，但从没调用 SUBSCRIBE；everyone 订阅了空主题 \"\"。" }

  ask {
    q = { en = "The same 30 messages again. How many will nobody, subscribed to nothing, receive?",
          zh = "还是那 30 条消息。什么也没订阅的 nobody 会收到多少条？" },
    choices = {
      { en = "All 30: no filter means everything", zh = "全部 30 条：不过滤就是全收" },
      { en = "None", zh = "一条也收不到" },
    },
    answer = 2,
    hints = {
      { en = "A SUB socket filters what it receives. What does a filter with nothing in it let through: is it the same as a filter that matches every message?",
        zh = "SUB 套接字会过滤它收到的消息。一个里面什么都没有的过滤器，会放过什么？它和一个匹配所有消息的过滤器一样吗？" },
      { en = "everyone is in the picture for comparison: its subscription \"\" is the prefix of every message. nobody has no subscription at all.",
        zh = "画面里的 everyone 用来对照：它订阅的 \"\" 是每条消息的前缀。而 nobody 根本没有任何订阅。" },
    },
    explain = { en = "A SUB socket starts with no subscription and receives nothing until it subscribes. To receive everything, subscribe to the empty topic \"\", as everyone did.",
                zh = "SUB 套接字一开始没有任何订阅，订阅之前什么也收不到。想收到全部消息，要像 everyone 那样订阅空主题 \"\"。" },
  }

  local pub
  slowed(0.5, function()
    pub = spawn("publisher", { name = "pub", bind = ENDPOINT, rate = 20, count = 30,
                               topics = { "news", "newsletter", "weather" } })
    focus(pub)
    wait_until(function()
      return pub:stats().state == "stopped" and everyone:stats().received >= 30
    end, 20)
  end)

  local n, e = nobody:stats(), everyone:stats()
  expect(n.received == 0,
         { en = string.format("nobody (no subscription) received %d messages", n.received),
           zh = string.format("nobody（没有订阅）收到 %d 条消息", n.received) })
  expect(e.received == pub:stats().sent,
         { en = string.format("everyone (subscribed to \"\") received all %d", e.received),
           zh = string.format("everyone（订阅了 \"\"）收到了全部 %d 条", e.received) })

  -- Your turn: a subscription of your own, on a publisher that does not stop.
  -- (inproc does not reconnect to a new binder: nobody starts again, on radio.)
  local radio = spawn("publisher", { name = "radio", bind = "inproc://radio", rate = 4,
                                     topics = { "news", "newsletter", "weather" } })
  nobody:restart({ connect = "inproc://radio", subscribe = false, by_topic = true })
  focus(nobody)
  log { en = "A new publisher, radio, publishes news, newsletter and weather in turn, without end; nobody now listens to radio, still without a subscription.",
        zh = "新的发布者 radio 轮流发布 news、newsletter 和 weather，不会停；nobody 现在改听 radio，仍然没有订阅。" }

  -- Counted from the last message of another topic: a wrong subscription
  -- can be taken back (UNSUBSCRIBE, or r) and the goal still reached.
  local base_news, base_other
  goal {
    text = { en = "Make nobody receive the news and only the news: 5 news in a row, nothing else",
             zh = "让 nobody 只收新闻：连续 5 条 news，别的一条也没有" },
    check = function()
      local r = nobody:stats().report
      local news = r.news or 0
      local other = (r.newsletter or 0) + (r.weather or 0)
      if base_news == nil or other ~= base_other or news < base_news then
        base_news, base_other = news, other
      end
      local row = news - base_news
      return row >= 5,
             { en = string.format("nobody: news %d in a row · newsletter %d · weather %d — goal: 5 news, nothing else",
                                  row, r.newsletter or 0, r.weather or 0),
               zh = string.format("nobody：连续 news %d 条 · newsletter %d · weather %d — 目标：5 条 news，别的没有",
                                  row, r.newsletter or 0, r.weather or 0) }
    end,
    hints = {
      { en = "nobody receives nothing because it never subscribed. A running socket can subscribe at any time: help(\"set\") shows how, from the ':' command line.",
        zh = "nobody 什么也收不到，是因为它从没订阅过。正在运行的套接字随时都可以订阅：help(\"set\") 说明了怎样在 ':' 命令行里做。" },
      { en = "A subscription is a prefix of the whole message. Write out a news message and a newsletter message: where is the first character that tells them apart?",
        zh = "订阅是整条消息的前缀。把一条 news 消息和一条 newsletter 消息写出来：从哪个字符开始它们才不一样？" },
    },
    solution = { en = "Type :actor(\"nobody\"):set(\"SUBSCRIBE\", \"news \") — with the space after news, as the first section's last hint said: \"newsletter …\" starts with \"news\" but not with \"news \". A subscription you added before stays until :set(\"UNSUBSCRIBE\", …) or r on nobody (playing the solution starts nobody again first).",
                 zh = "输入 :actor(\"nobody\"):set(\"SUBSCRIBE\", \"news \")，news 后面带一个空格，正如第一节最后一条提示所说：\"newsletter …\" 以 \"news\" 开头，却不以 \"news \" 开头。之前加过的订阅会一直有效，直到 :set(\"UNSUBSCRIBE\", …) 或对 nobody 按 r（演示解法时会先重启 nobody）。" },
    -- Whatever the learner tried before: radio runs, nobody starts again
    -- without a subscription, then takes the one the solution says.
    play = function()
      local r = radio:stats()
      if r.paused or r.state == "stopped" or r.state == "crashed" then radio:restart() end
      nobody:restart({ connect = "inproc://radio", subscribe = false, by_topic = true })
      wait_until(function() return nobody:stats().state == "blocked in recv" end, 10)
      nobody:set("SUBSCRIBE", "news ")
    end,
  }
  radio:kill()

  say { en = "To remember: a topic is a prefix of the message, each subscriber gets its own copy of what matches, and a SUB with no subscription gets nothing.",
        zh = "要点：主题就是消息的前缀；匹配的消息每个订阅者各得一份；没有订阅的 SUB 什么也收不到。" }
end)
