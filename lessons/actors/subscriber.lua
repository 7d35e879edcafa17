-- subscriber.lua: the tutorial's subscriber. A SUB gets the messages whose topic it subscribed to.
-- params: connect = "inproc://pubsub", subscribe = "news" (a string or a list; "" = everything;
--         false = nothing), rcvhwm (optional), work = 0 (seconds per message: a slow
--         subscriber), count (stop after N; default forever), quiet (no log per message)

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

local received = 0
while not count or received < count do
  local message = socket:recv()
  received = received + 1
  if not params.quiet then log("Received: " .. message) end
  if work > 0 then sleep(work) end   -- a slow subscriber: its queue fills up meanwhile
end
