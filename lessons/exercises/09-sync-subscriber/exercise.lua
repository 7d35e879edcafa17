-- 09-sync-subscriber: the Guide's syncsub. The publisher (syncpub) publishes only once
-- every subscriber has said "ready"; the student's subscriber must subscribe, then say so,
-- and miss nothing. One check uses a publisher that starts the moment it hears "ready",
-- before it even answers: a subscriber that says "ready" before it subscribed misses it all.

exercise {
  id = "sync-subscriber",
  title = { en = "A subscriber that misses nothing: the handshake", zh = "一条不漏的订阅者：握手同步" },
  statement = {
    en = "The publisher here is the Guide's syncpub: it binds a PUB socket and a REP socket, waits until every subscriber it expects has said \"ready\" on the REP, answers each one, and publishes 100 \"news\" messages. Write the subscriber (syncsub): a SUB socket connected to params.connect and subscribed to \"news\"; then the handshake: a REQ socket connected to params.sync sends \"ready\" and waits for the answer; then receive and log messages for as long as it runs. It must miss none of the 100.",
    zh = "这里的发布者是 ZeroMQ 指南里的 syncpub：它绑定一个 PUB 套接字和一个 REP 套接字，等它预期的每个订阅者都在 REP 上说了 \"ready\"，逐一答复，然后发布 100 条 \"news\" 消息。请写出订阅者（syncsub）：一个连接到 params.connect 并订阅 \"news\" 的 SUB 套接字；然后握手：一个连接到 params.sync 的 REQ 套接字发送 \"ready\" 并等待答复；之后只要在运行就一直接收消息并记到日志里。100 条消息一条都不能错过。",
  },
  hints = {
    { en = "The publisher publishes nothing until it has heard from every subscriber. Has yours said anything to it?",
      zh = "发布者在收到每个订阅者的消息之前什么都不发布。你的订阅者跟它说过话吗？" },
    { en = "The handshake is a little request-reply beside the data: a REQ socket of your own, connected to params.sync, one send, one recv.",
      zh = "握手是数据之外的一次小小的请求-应答：你自己的一个 REQ 套接字，连接到 params.sync，发送一次，接收一次。" },
    { en = "\"Ready\" is a promise: the publisher may start the moment it hears it. What must already be true of your SUB socket when you make that promise?",
      zh = "\"ready\" 是一个承诺：发布者一听到它就可能开始发布。做出这个承诺的时候，你的 SUB 套接字必须已经处于什么状态？" },
  },
}

local DATA = "inproc://data"
local SYNC = "inproc://sync"
local COUNT = 100

-- A syncpub that starts publishing the moment the last "ready" comes in, before it even
-- answers. A subscriber that subscribed before saying "ready" gets everything all the same.
behaviour("eager_syncpub", [[
  local publisher = zmq.socket("PUB")
  assert(publisher:bind(params.bind))
  local syncservice = zmq.socket("REP", "sync")
  assert(syncservice:bind(params.sync))
  for ready = 1, params.subscribers do
    syncservice:recv()
    report("ready", ready)
    if ready == params.subscribers then
      for i = 1, params.count do publisher:send("news " .. i) end
      report("published", params.count)
    end
    syncservice:send("go")
  end
]])

-- What is on its way to a subscriber. link() between two actors prefers the link of their
-- first sockets; when that is the handshake's (the student made the REQ first), nothing
-- is known here and the state decides.
local function in_flight(pub, sub)
  local l = link(pub, sub)
  return (l and l.endpoint == DATA) and l.in_flight or 0
end

-- The publisher published and every subscriber has everything, or reads nothing more.
local function settled(pub, subs)
  local done = wait_until(function()
    if pub:stats().state ~= "stopped" then return false end
    for _, sub in ipairs(subs) do
      local s = sub:stats()
      if s.received < COUNT + 1 and (in_flight(pub, sub) > 0 or (s.state ~= "blocked in recv"
                                     and s.state ~= "stopped" and s.state ~= "crashed")) then
        return false
      end
    end
    return true
  end, 10)
  -- One more second for a subscriber still short, in case it was caught between two reads.
  wait_until(function()
    for _, sub in ipairs(subs) do
      if sub:stats().received < COUNT + 1 then return false end
    end
    return true
  end, done and 1 or 0.1)
end

-- A subscriber's messages are the publisher's answer to its "ready" and the data.
local function expect_all(pub, subs, how)
  local published = tonumber(pub:stats().report.published) or 0
  local ready = tonumber(pub:stats().report.ready) or 0
  for _, sub in ipairs(subs) do
    local s = sub:stats()
    expect(published == COUNT and s.received == COUNT + 1 and s.missed == 0 and s.lost == 0,
           { en = ("%s: %d of %d subscribers said ready, the publisher published %d; %s received %d messages in all, missed %d, lost %d; expected %d: the answer to its ready and all %d"):format(
                   how.en, ready, #subs, published, sub.name, s.received, s.missed, s.lost, COUNT + 1, COUNT),
             zh = ("%s：%d/%d 个订阅者说了 ready，发布者发布了 %d 条；%s 一共收到 %d 条消息，错过 %d 条，丢失 %d 条；应为 %d 条：对它的 ready 的答复，加上全部 %d 条数据"):format(
                   how.zh, ready, #subs, published, sub.name, s.received, s.missed, s.lost, COUNT + 1, COUNT) })
  end
end

check({ en = "the Guide's syncpub, one subscriber", zh = "指南里的 syncpub，一个订阅者" }, function()
  local pub = spawn("publisher", { name = "pub", bind = DATA, sync = SYNC, subscribers = 1,
                                   topic = "news", rate = 0, count = COUNT })
  local sub = spawn(STUDENT, { name = "sub", connect = DATA, sync = SYNC })
  settled(pub, { sub })
  expect_all(pub, { sub }, { en = "syncpub waiting for 1 subscriber", zh = "syncpub 等待 1 个订阅者" })
end)

check({ en = "a publisher that starts the moment it hears \"ready\"", zh = "一听到 \"ready\" 就开始发布的发布者" },
      function()
  local pub = spawn("eager_syncpub", { name = "pub", bind = DATA, sync = SYNC, subscribers = 1,
                                       count = COUNT })
  local sub = spawn(STUDENT, { name = "sub", connect = DATA, sync = SYNC })
  settled(pub, { sub })
  expect_all(pub, { sub }, { en = "the publisher published before answering \"ready\"",
                             zh = "发布者在答复 \"ready\" 之前就发布了" })
end)

check({ en = "three subscribers", zh = "三个订阅者" }, function()
  local pub = spawn("publisher", { name = "pub", bind = DATA, sync = SYNC, subscribers = 3,
                                   topic = "news", rate = 0, count = COUNT })
  local subs = {}
  for i = 1, 3 do
    subs[i] = spawn(STUDENT, { name = "sub" .. i, connect = DATA, sync = SYNC })
  end
  settled(pub, subs)
  expect_all(pub, subs, { en = "syncpub waiting for 3 subscribers", zh = "syncpub 等待 3 个订阅者" })
end)
