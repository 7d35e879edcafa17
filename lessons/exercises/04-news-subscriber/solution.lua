-- Exercise 04, a solution: the subscription is a prefix, so it includes the space that
-- ends the topic. "news" would also let "newsletter …" through.
-- 练习 04 的参考答案：订阅是前缀匹配，所以把主题后面的空格也写进去。
-- 只写 "news" 的话，"newsletter …" 也会通过。

local socket = zmq.socket("SUB")
assert(socket:connect(params.connect))
socket:set("SUBSCRIBE", "news ")

while true do
  local message = socket:recv()
  log("Received: " .. message)
end
