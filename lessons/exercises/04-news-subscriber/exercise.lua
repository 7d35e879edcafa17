-- 04-news-subscriber: the tutorial's subscriber, taking the topic "news" and nothing
-- else. The publisher also sends "newsletter" and "weather", in different amounts, so
-- what the subscriber took tells which topics its subscription let through.

exercise {
  id = "news-subscriber",
  title = { en = "A subscriber that takes only \"news\"", zh = "只收 \"news\" 的订阅者" },
  statement = {
    en = "Write the tutorial's subscriber: a SUB socket connected to params.connect that receives and logs messages for as long as it runs (the tutorial's while True). The publisher sends \"topic text\" messages on three topics: news, newsletter and weather. Subscribe so that ZeroMQ hands your subscriber the news messages and nothing else: not weather, and not newsletter either. A message your code receives and throws away still counts as received.",
    zh = "写出教程里的订阅者：一个连接到 params.connect 的 SUB 套接字，只要在运行就不停地接收消息并记到日志里（教程里的 while True）。发布者发送 \"主题 内容\" 格式的消息，有三个主题：news、newsletter 和 weather。订阅时要让 ZeroMQ 只把 news 消息交给你的订阅者：不要 weather，也不要 newsletter。你的代码收下之后再丢掉的消息，仍然算作收到了。",
  },
  hints = {
    { en = "Run the checks: the publisher sends 10 news, 20 newsletter and 40 weather messages, so the number you received tells which topics got through.",
      zh = "运行检查：发布者发送 10 条 news、20 条 newsletter 和 40 条 weather，所以你收到的数量说明了哪些主题通过了过滤。" },
    { en = "A subscription is a prefix: the SUB takes every message whose first bytes are the subscription. Which messages start with the four letters n, e, w, s?",
      zh = "订阅是一个前缀：SUB 会收下开头几个字节与订阅相同的所有消息。哪些消息是以 n、e、w、s 这四个字母开头的？" },
    { en = "Look at how a message is built: the topic, a space, then the text. What comes right after the topic in a news message, and not in a newsletter message?",
      zh = "看看消息是怎样组成的：主题、一个空格，然后是内容。在 news 消息里紧跟在主题后面的是什么？newsletter 消息里又是什么？" },
  },
}

local ENDPOINT = "inproc://news"
local COUNTS = { news = 10, newsletter = 20, weather = 40 }
-- The publisher's rotation: 1 news, 2 newsletter, 4 weather in every 7 messages, so each
-- set of topics adds up to a different total (10, 20, 30, … 70).
local ROTATION = { "news", "newsletter", "newsletter", "weather", "weather", "weather", "weather" }

-- Which topics add up to a total: 30 -> "news + newsletter" (every set has its own total).
local TOPICS = { "news", "newsletter", "weather" }
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

local function topics_of(total)
  for set = 0, 7 do
    local names, sum = {}, 0
    for i, topic in ipairs(TOPICS) do
      if set & (1 << (i - 1)) ~= 0 then
        names[#names + 1] = topic
        sum = sum + COUNTS[topic]
      end
    end
    if sum == total then
      if #names == 0 then return { en = "nothing", zh = "什么也没有" } end
      local list = table.concat(names, " + ")
      return { en = list, zh = list }
    end
  end
  return { en = "part of the topics", zh = "部分主题" }
end

local function counts(pub, sub)
  return link(pub, sub) or { delivered = 0, lost = 0, missed = 0, in_flight = 0 }
end

-- The subscriber has read everything the publisher sent it, once the publisher stopped.
local function drained(pub, sub)
  return wait_until(function()
    local state = sub:stats().state
    return pub:stats().state == "stopped" and counts(pub, sub).in_flight == 0
       and (state == "blocked in recv" or state == "stopped" or state == "crashed")
  end, 20)
end

local function listening(sub)
  local state = sub:stats().state
  return state == "blocked in recv" or state == "paused" or state == "running"
end

-- Start the student's subscriber and let it subscribe before anything is published.
local function start_subscriber()
  local sub = spawn(STUDENT, { name = "reader", connect = ENDPOINT })
  local ready = wait_until(function()
    local state = sub:stats().state
    return state == "blocked in recv" or state == "stopped" or state == "crashed"
  end, 10)
  return sub, ready
end

check({ en = "10 news among 70 messages", zh = "70 条消息里的 10 条 news" }, function()
  local sub, ready = start_subscriber()
  local pub = spawn("publisher", { name = "pub", bind = ENDPOINT, topics = ROTATION, rate = 0,
                                   count = 70, wait_subscribers = 1, text = "Hello, subscribers!" })
  local done = drained(pub, sub)
  local l = counts(pub, sub)
  -- Counted with what it missed before its subscription was there, so that the total
  -- still names the topics.
  local what = topics_of(l.delivered + l.missed)
  expect(ready and done and l.delivered == COUNTS.news and l.missed == 0 and l.lost == 0,
         { en = ("the publisher sent 10 news, 20 newsletter, 40 weather; the subscriber took %d (%s), missed %d, lost %d; expected the 10 news only"):format(l.delivered, what.en, l.missed, l.lost),
           zh = ("发布者发送了 10 条 news、20 条 newsletter、40 条 weather；订阅者收下 %d 条（%s），错过 %d 条，丢失 %d 条；应只收下那 10 条 news"):format(l.delivered, what.zh, l.missed, l.lost) })
  expect(listening(sub),
         { en = ("after the 70 messages the subscriber is %s; expected it to keep listening"):format(state_of(sub).en),
           zh = ("70 条消息之后订阅者的状态是%s；应当继续等待接收"):format(state_of(sub).zh) })
end)

check({ en = "a long stream: 100 news, 100 newsletter", zh = "长长的一串：100 条 news、100 条 newsletter" },
      function()
  local sub, ready = start_subscriber()
  local pub = spawn("publisher", { name = "pub", bind = ENDPOINT, topics = { "newsletter", "news" },
                                   rate = 0, count = 200, wait_subscribers = 1 })
  local done = drained(pub, sub)
  local l = counts(pub, sub)
  local s = sub:stats()
  expect(ready and done and l.delivered == 100 and s.received == 100 and l.lost == 0,
         { en = ("of 100 news and 100 newsletter sent, the subscriber received %d (%d lost); expected the 100 news"):format(s.received, l.lost),
           zh = ("发送了 100 条 news 和 100 条 newsletter，订阅者收到 %d 条（丢失 %d 条）；应收到那 100 条 news"):format(s.received, l.lost) })
  expect(listening(sub),
         { en = ("after the stream the subscriber is %s; expected it to keep listening"):format(state_of(sub).en),
           zh = ("这一串消息之后订阅者的状态是%s；应当继续等待接收"):format(state_of(sub).zh) })
end)
