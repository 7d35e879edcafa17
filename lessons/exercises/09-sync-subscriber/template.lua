-- Exercise 09: a subscriber that misses nothing (the Guide's syncsub).
-- 练习 09：一条不漏的订阅者（指南里的 syncsub）。
-- zmqlab --exercise sync-subscriber checks this file; edit it until every check passes.
-- 用 zmqlab --exercise sync-subscriber 检查这个文件；修改它，直到所有检查都通过。
--
-- The publisher publishes only after every subscriber has said "ready" on its REP socket
-- (params.sync), and it may start the moment it hears it. This subscriber never says it,
-- so the publisher waits forever. Add the handshake: a REQ socket connected to
-- params.sync sends "ready" and waits for the answer. Then no message may be missed.
-- 发布者要等每个订阅者都在它的 REP 套接字（params.sync）上说了 "ready" 才发布，而且一听到
-- 就可能马上开始。这个订阅者从来不说，所以发布者会一直等下去。加上握手：一个连接到
-- params.sync 的 REQ 套接字发送 "ready" 并等待答复。之后一条消息都不能错过。

local socket = zmq.socket("SUB")                 -- the data / 数据
assert(socket:connect(params.connect or "tcp://localhost:5556"))
socket:set("SUBSCRIBE", "news")

-- TODO: the handshake with the publisher (params.sync).
-- TODO：和发布者握手（params.sync）。

while true do
  local message = socket:recv()
  log("Received: " .. message)
end
