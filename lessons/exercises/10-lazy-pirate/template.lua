-- Exercise 10: the Lazy Pirate, a client that survives its server.
-- 练习 10：懒惰海盗，挺过服务端崩溃的客户端。
-- zmqlab --exercise lazy-pirate checks this file; edit it until every check passes.
-- 用 zmqlab --exercise lazy-pirate 检查这个文件；修改它，直到所有检查都通过。
--
-- This client is the plain one: it sends a request and waits for the reply forever. The
-- checker kills the server while it holds a request, and this client hangs. Make it a
-- Lazy Pirate: wait at most params.timeout lab seconds for a reply (zmq.poll); on a
-- timeout close the socket, make a new one, connect it and send the same request again;
-- give up after params.retries tries of one request ("Server seems to be offline,
-- abandoning").
-- 这是最普通的客户端：发送请求后永远等待应答。检查程序会在服务端拿着请求时杀掉它，
-- 于是这个客户端就卡住了。把它改成懒惰海盗：最多等待 params.timeout 实验秒（zmq.poll）；
-- 超时就关闭套接字、新建一个、连接上，再把同一个请求发一遍；同一个请求尝试
-- params.retries 次后放弃（"Server seems to be offline, abandoning"）。

local endpoint = params.connect or "tcp://localhost:5555"
local timeout = params.timeout or 2.5        -- lab seconds / 实验秒
local retries = params.retries or 3

local socket = zmq.socket("REQ")
assert(socket:connect(endpoint))

for sequence = 1, 10 do
  local request = "Hello " .. sequence
  socket:send(request)
  -- TODO: do not wait forever; poll with the timeout, and retry on a fresh socket.
  -- TODO：不要永远等下去；带超时地 poll，超时就换一个新套接字重试。
  local reply = socket:recv()
  log("Received reply: " .. reply)
end
