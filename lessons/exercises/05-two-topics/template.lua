-- Exercise 05: a publisher for two topics.
-- 练习 05：发布两个主题的发布者。
-- zmqlab --exercise two-topics checks this file; edit it until every check passes.
-- 用 zmqlab --exercise two-topics 检查这个文件；修改它，直到所有检查都通过。
--
-- This is the tutorial's publisher: it publishes "news" only. Make it take turns between
-- two topics, news and weather: news, weather, news, weather, … forever. Keep the
-- tutorial's format, "topic text", and sleep params.interval seconds after each message.
-- 这是教程里的发布者：它只发布 "news"。把它改成两个主题轮流：news、weather、news、
-- weather……一直发下去。保持教程的格式“主题 内容”，每发一条消息后睡眠 params.interval 秒。

local socket = zmq.socket("PUB")             -- a publisher socket / 发布套接字
assert(socket:bind(params.bind))
local interval = params.interval or 1

while true do
  local topic = "news"                       -- TODO: news, then weather, then news… / TODO：news、weather 轮流
  local message = "Hello, subscribers!"
  socket:send(topic .. " " .. message)       -- topic, a space, the text / 主题、空格、内容
  sleep(interval)
end
