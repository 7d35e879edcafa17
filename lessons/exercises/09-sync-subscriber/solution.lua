-- Exercise 09, a solution: subscribe first, then say "ready". Once the publisher hears it,
-- the subscription is already there, so nothing is missed.
-- 练习 09 的参考答案：先订阅，再说 "ready"。发布者听到它的时候，订阅已经生效，
-- 所以一条也不会错过。

local socket = zmq.socket("SUB")
assert(socket:connect(params.connect or "tcp://localhost:5556"))
socket:set("SUBSCRIBE", "news")

local syncclient = zmq.socket("REQ", "sync")
assert(syncclient:connect(params.sync or "tcp://localhost:5562"))
assert(syncclient:send("ready"))
assert(syncclient:recv())                        -- the publisher's answer / 发布者的答复
syncclient:close()

while true do
  local message = socket:recv()
  log("Received: " .. message)
end
