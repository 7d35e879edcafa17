-- Exercise 05, a solution: a counter picks the topic from a list of two.
-- 练习 05 的参考答案：用计数器从两个主题的列表中轮流挑选。

local socket = zmq.socket("PUB")
assert(socket:bind(params.bind))
local interval = params.interval or 1
local topics = { "news", "weather" }

local published = 0
while true do
  local topic = topics[published % #topics + 1]
  socket:send(topic .. " " .. "Hello, subscribers!")
  published = published + 1
  sleep(interval)
end
