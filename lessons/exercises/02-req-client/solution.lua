-- Exercise 02, a solution: ten requests, each followed by its reply.
-- 练习 02 的参考答案：十个请求，每个请求之后读取它的应答。

local socket = zmq.socket("REQ")
assert(socket:connect(params.connect))

for i = 1, 10 do
  -- A REQ takes turns: one send, then one recv, before the next send.
  -- REQ 必须轮流：发送一次，接收一次，然后才能再发送。
  assert(socket:send("Hello " .. i))
  local reply = assert(socket:recv())
  log("Received reply: " .. reply)
end
