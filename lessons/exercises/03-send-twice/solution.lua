-- Exercise 03, a solution: one request per turn, its reply before the next request.
-- 练习 03 的参考答案：每一轮只发一个请求，收到它的应答再发下一个。

local socket = zmq.socket("REQ")
assert(socket:connect(params.connect))

for i = 1, 10 do
  assert(socket:send("Hello " .. i))
  local reply = assert(socket:recv())
  log("Received reply: " .. reply)
end
