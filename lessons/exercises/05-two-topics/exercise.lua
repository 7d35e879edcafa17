-- 05-two-topics: the publisher side. The student's publisher sends two topics, news and
-- weather, taking turns; the checks run a subscriber per topic (and one that takes
-- everything) and count what each got.

exercise {
  id = "two-topics",
  title = { en = "A publisher for two topics", zh = "发布两个主题的发布者" },
  statement = {
    en = "Write a publisher: a PUB socket bound to params.bind that publishes for as long as it runs, taking turns between two topics: a \"news\" message, then a \"weather\" message, then news again, and so on. Each message is the topic, a space, then any text (the tutorial's f\"{topic} {message}\"). Sleep params.interval seconds after each message. The checks connect one subscriber to news, one to weather, and one to everything.",
    zh = "写一个发布者：一个绑定到 params.bind 的 PUB 套接字，只要在运行就一直发布，两个主题轮流：一条 \"news\" 消息，然后一条 \"weather\" 消息，再一条 news，依此类推。每条消息都是主题、一个空格、然后是任意内容（教程里的 f\"{topic} {message}\"）。每发一条消息后睡眠 params.interval 秒。检查程序会连上一个订阅 news 的订阅者、一个订阅 weather 的订阅者，以及一个什么都订阅的订阅者。",
  },
  hints = {
    { en = "The subscriber decides what it gets, but only from what you publish. Which topics does your publisher send now?",
      zh = "订阅者决定自己收什么，但只能从你发布的消息里选。你的发布者现在发送了哪些主题？" },
    { en = "The topic is only the first word of the message. To send two topics, vary that first word from one message to the next.",
      zh = "主题只是消息的第一个词。要发送两个主题，就让这个词在相邻的消息之间变化。" },
    { en = "A list of the two topics and a counter that picks the next one (the counter modulo 2, plus 1) make them take turns.",
      zh = "用一个装着两个主题的列表，再用一个计数器挑出下一个（计数器对 2 取余再加 1），它们就会轮流出现。" },
  },
}

local ENDPOINT = "inproc://topics"
local INTERVAL = 0.02
local ENOUGH = 10

-- The readers: shipped subscribers counting each topic they get (report.news, …).
-- "news " and "weather " with the space: the topic must be a whole word.
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

local function readers()
  local r = {
    news = spawn("subscriber", { name = "newsreader", connect = ENDPOINT, subscribe = "news ",
                                 by_topic = true, quiet = true }),
    weather = spawn("subscriber", { name = "weatherreader", connect = ENDPOINT,
                                    subscribe = "weather ", by_topic = true, quiet = true }),
    all = spawn("subscriber", { name = "allreader", connect = ENDPOINT, subscribe = "",
                                by_topic = true, quiet = true }),
  }
  wait_until(function()
    for _, reader in pairs(r) do
      if reader:stats().state ~= "blocked in recv" then return false end
    end
    return true
  end, 10)
  return r
end

-- Until each topic reader has ENOUGH, or the everything reader has seen six times as
-- many messages without that happening (the evidence is in by then).
local function enough(r)
  return wait_until(function()
    return (r.news:stats().received >= ENOUGH and r.weather:stats().received >= ENOUGH)
        or r.all:stats().received >= 6 * ENOUGH
  end, 20)
end

-- Pause the publisher and let the readers read what is on its way, so that every count
-- is read at one moment.
local function hold(pub, r)
  pub:pause()
  wait_until(function()
    if pub:stats().state ~= "paused" then return false end
    for _, reader in pairs(r) do
      local l = link(pub, reader)
      if (l and l.in_flight > 0) or reader:stats().state ~= "blocked in recv" then return false end
    end
    return true
  end, 10)
end

-- "news=12 weather=11" from a reader's by_topic counts, sorted.
local function topics(reader)
  local report = reader:stats().report
  local names = {}
  for topic in pairs(report) do names[#names + 1] = topic end
  table.sort(names)
  for i, topic in ipairs(names) do names[i] = topic .. "=" .. tostring(report[topic]) end
  return #names > 0 and table.concat(names, " ") or "-"
end

-- Only the topics wanted, at least ENOUGH of the one.
local function only(reader, topic)
  local report = reader:stats().report
  for other in pairs(report) do
    if other ~= topic then return false end
  end
  return (report[topic] or 0) >= ENOUGH
end

local function expect_readers(r, how)
  local s_all = r.all:stats().report
  local news, weather = s_all.news or 0, s_all.weather or 0
  expect(only(r.news, "news"),
         { en = ("%s, newsreader (subscribed to \"news \") got %s; expected %d news or more, nothing else"):format(how.en, topics(r.news), ENOUGH),
           zh = ("%s，newsreader（订阅了 \"news \"）收到 %s；应收到至少 %d 条 news，没有别的"):format(how.zh, topics(r.news), ENOUGH) })
  expect(only(r.weather, "weather"),
         { en = ("%s, weatherreader (subscribed to \"weather \") got %s; expected %d weather or more, nothing else"):format(how.en, topics(r.weather), ENOUGH),
           zh = ("%s，weatherreader（订阅了 \"weather \"）收到 %s；应收到至少 %d 条 weather，没有别的"):format(how.zh, topics(r.weather), ENOUGH) })
  local turns = true
  for topic in pairs(s_all) do
    if topic ~= "news" and topic ~= "weather" then turns = false end
  end
  expect(turns and math.abs(news - weather) <= 1 and news + weather == r.all:stats().received,
         { en = ("allreader (subscribed to everything) got %s; expected news and weather only, taking turns (their counts differ by 1 at most)"):format(topics(r.all)),
           zh = ("allreader（订阅了全部）收到 %s；应只有 news 和 weather，轮流出现（两者的数量最多相差 1）"):format(topics(r.all)) })
end

check({ en = "a subscriber per topic", zh = "每个主题一个订阅者" }, function()
  local r = readers()
  local pub = spawn(STUDENT, { name = "pub", bind = ENDPOINT, interval = INTERVAL })
  enough(r)
  hold(pub, r)
  expect_readers(r, { en = "readers first, then the publisher", zh = "先启动订阅者，再启动发布者" })
  expect(pub:stats().state == "paused" and pub:stats().errors == 0,
         { en = ("the publisher ran until the checker paused it (now %s), with %d ZeroMQ errors; expected it to keep publishing, with none"):format(state_of(pub).en, pub:stats().errors),
           zh = ("发布者一直运行到检查程序将它暂停（现在是%s），ZeroMQ 错误 %d 次；应当一直发布，没有错误"):format(state_of(pub).zh, pub:stats().errors) })
end)

check({ en = "subscribers that come late", zh = "迟到的订阅者" }, function()
  -- The publisher starts alone: a PUB never waits for subscribers, it keeps publishing.
  local pub = spawn(STUDENT, { name = "pub", bind = ENDPOINT, interval = INTERVAL })
  local early = wait_until(function() return pub:stats().sent >= 20 end, 10)
  local r = readers()
  enough(r)
  hold(pub, r)
  expect(early,
         { en = ("alone, the publisher sent %d messages; expected it to publish with nobody listening (20 or more)"):format(pub:stats().sent),
           zh = ("没有订阅者时，发布者发送了 %d 条消息；即使没有人在听也应当照常发布（至少 20 条）"):format(pub:stats().sent) })
  expect_readers(r, { en = "joining after 20 messages", zh = "在 20 条消息之后才加入" })
end)
