-- Exercise 03: fix a client that sends twice.
-- 练习 03：修好连续发送两次的客户端。
-- zmqlab --exercise send-twice checks this file; edit it until every check passes.
-- 用 zmqlab --exercise send-twice 检查这个文件；修改它，直到所有检查都通过。
--
-- This client wants to send "Hello 1" … "Hello 10" and get a reply to each. To "save
-- time" it sends two requests, then reads two replies. Run the checks: only half the
-- requests reach the server, and the client counts errors (EFSM). Find out why, and fix
-- it: all 10 requests in order, all 10 replies, no error.
-- 这个客户端想发送 "Hello 1" … "Hello 10"，并收到每个请求的应答。为了“省时间”，它先连发
-- 两个请求，再读两个应答。运行检查：只有一半请求到达服务端，客户端还记下了错误（EFSM）。
-- 找出原因并修好它：10 个请求按顺序发出，10 个应答全部收到，没有错误。

local socket = zmq.socket("REQ")
assert(socket:connect(params.connect))

for i = 1, 10, 2 do
  -- A failed call returns nil and the error's text and name; we print what it says.
  -- 调用失败时返回 nil、错误说明和错误名称；这里把它们打印出来。
  local ok, err, code = socket:send("Hello " .. i)
  if not ok then log("send Hello " .. i .. ": " .. err .. " (" .. code .. ")") end
  ok, err, code = socket:send("Hello " .. (i + 1))
  if not ok then log("send Hello " .. (i + 1) .. ": " .. err .. " (" .. code .. ")") end

  for _ = 1, 2 do
    local reply
    reply, err, code = socket:recv()
    if reply then
      log("Received reply: " .. reply)
    else
      log("recv: " .. err .. " (" .. code .. ")")
    end
  end
end
