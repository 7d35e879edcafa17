-- Exercise 02: a REQ client that gets 10 replies (the tutorial's client.py).
-- 练习 02：收到 10 个应答的 REQ 客户端（教程里的 client.py）。
-- zmqlab --exercise req-client checks this file; edit it until every check passes.
-- 用 zmqlab --exercise req-client 检查这个文件；修改它，直到所有检查都通过。
--
-- This client sends ONE request and reads ONE reply, then ends. Make it send 10
-- requests, reading the reply to each one before it sends the next, and end after the
-- tenth reply. The checks give you the endpoint in params.connect.
-- 这个客户端只发送一个请求、读取一个应答就结束了。把它改成发送 10 个请求：每个请求都要
-- 先读到它的应答，再发下一个；收到第十个应答后结束。检查程序通过 params.connect 给出地址。

local socket = zmq.socket("REQ")          -- a request socket / 请求套接字
assert(socket:connect(params.connect))    -- connect to the server / 连接到服务端

-- TODO: do this ten times, not once.
-- TODO：这里要做十次，而不是一次。
socket:send("Hello")
local reply = socket:recv()               -- wait for the server's reply / 等待服务端的应答
log("Received reply: " .. reply)
