-- subscriber.lua: the tutorial's subscriber. A SUB gets the messages whose topic it subscribed to.
-- params: connect = "inproc://pubsub", subscribe = "news" (a string or a list; "" = everything;
--         false = nothing), rcvhwm (optional), work = 0 (seconds per message: a slow
--         subscriber), count (stop after N; default forever), quiet (no log per message),
--         sync = "inproc://sync" (the Guide's syncsub handshake), by_topic (report how many
--         of each topic arrived: stats().report.news, .newsletter, ...)

local endpoint = params.connect or "inproc://pubsub"
local subscribe = params.subscribe
if subscribe == nil then subscribe = "news" end
local work = params.work or 0
local count = params.count

local socket = zmq.socket("SUB")
-- libzmq sizes a connection's queue when the connection is made: set RCVHWM first.
if params.rcvhwm then socket:set("RCVHWM", params.rcvhwm) end
assert(socket:connect(endpoint))

-- A subscription is a prefix: "news" matches every message that starts with "news".
-- A SUB with no subscription at all receives nothing.
if subscribe ~= false then
  if type(subscribe) == "string" then subscribe = { subscribe } end
  for _, topic in ipairs(subscribe) do
    socket:set("SUBSCRIBE", topic)
  end
end

-- The Guide's syncsub: now that we are subscribed, tell the publisher we are
-- ready (a REQ to its REP) and wait for its answer before we start reading.
if params.sync then
  local syncclient = zmq.socket("REQ", "sync")
  assert(syncclient:connect(params.sync))
  syncclient:send("ready")
  syncclient:recv()
  syncclient:close()
end

local received = 0
local per_topic = {}
while not count or received < count do
  local message = socket:recv()
  received = received + 1
  if params.by_topic then
    local topic = message:match("^%S*")   -- the text before the first space
    per_topic[topic] = (per_topic[topic] or 0) + 1
    report(topic, per_topic[topic])
  end
  if not params.quiet then log("Received: " .. message) end
  if work > 0 then sleep(work) end   -- a slow subscriber: its queue fills up meanwhile
end
