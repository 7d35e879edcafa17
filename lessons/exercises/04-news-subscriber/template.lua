-- Exercise 04: a subscriber that takes only "news".
-- 练习 04：只收 "news" 的订阅者。
-- zmqlab --exercise news-subscriber checks this file; edit it until every check passes.
-- 用 zmqlab --exercise news-subscriber 检查这个文件；修改它，直到所有检查都通过。
--
-- This is the tutorial's subscriber. The publisher in the checks sends three topics:
-- news, newsletter and weather. Run the checks and count what this subscriber takes.
-- Change the subscription so that ZeroMQ delivers the news messages only. Keep the
-- filtering in the subscription: do not receive messages and throw them away.
-- 这是教程里的订阅者。检查程序里的发布者会发送三个主题：news、newsletter 和 weather。
-- 运行检查，数一数这个订阅者收下了多少。修改订阅，让 ZeroMQ 只投递 news 消息。
-- 过滤要靠订阅完成：不要先收下消息再丢掉。

local socket = zmq.socket("SUB")             -- a subscriber socket / 订阅套接字
assert(socket:connect(params.connect))       -- connect to the publisher / 连接到发布者
socket:set("SUBSCRIBE", "news")              -- TODO: only news / TODO：只要 news

while true do
  local message = socket:recv()              -- "topic text" / “主题 内容”
  log("Received: " .. message)
end
