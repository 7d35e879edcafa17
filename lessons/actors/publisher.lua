-- publisher.lua: the tutorial's publisher. A PUB sends "topic message" to every subscriber.
-- params: bind = "inproc://pubsub", topic = "news", topics (a list to rotate through),
--         text = "Hello, subscribers!", rate = 1 (per second; 0 = flat out), count (default
--         forever), sndhwm (optional), wait_subscribers (wait for N peers before publishing),
--         sync = "inproc://sync" with subscribers = N (the Guide's syncpub handshake)

local endpoint = params.bind or "inproc://pubsub"
local topics = params.topics or { params.topic or "news" }
local text = params.text or "Hello, subscribers!"
local rate = params.rate or 1
local count = params.count

local socket = zmq.socket("PUB")
if params.sndhwm then socket:set("SNDHWM", params.sndhwm) end
assert(socket:bind(endpoint))

-- A PUB keeps nothing for subscribers that are not there yet, so optionally wait
-- for them. Even then the first messages can be lost: a subscription reaches the
-- PUB a little after the connection does (the "slow joiner").
if params.wait_subscribers then
  while socket:peers() < params.wait_subscribers do sleep(0.05) end
end

-- The Guide's syncpub: every subscriber, once subscribed, says "ready" to our REP
-- socket. Answer each one, and publish only when all of them are there.
if params.sync then
  local syncservice = zmq.socket("REP", "sync")
  assert(syncservice:bind(params.sync))
  local subscribers = params.subscribers or 1
  log("Waiting for " .. subscribers .. " subscriber(s)...")
  for ready = 1, subscribers do
    syncservice:recv()
    syncservice:send("go")
    report("ready", ready)
  end
end

local published = 0
while not count or published < count do
  local topic = topics[published % #topics + 1]
  socket:send(topic .. " " .. text)   -- topic, a space, then the message
  published = published + 1

  if rate > 0 then
    report("published", published)
    sleep(1 / rate)
  elseif published % 1000 == 0 then   -- flat out: report now and then, not every time
    report("published", published)
  end
end
report("published", published)
