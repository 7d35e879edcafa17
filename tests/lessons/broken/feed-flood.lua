-- expect: not enough memory: :feed()
-- line: 13
-- modes: headless
-- :feed() queues lines in an actor that never reads them: the unread
-- lines count in the lesson's memory.
lesson { id = "broken-feed-flood", title = { en = "Broken: feed-flood", zh = "错误：输入：无人读" },
         summary = { en = "Input nobody reads.", zh = "没人读取的输入。" }, level = "test" }

behaviour("deaf", [[while true do sleep(1) end]])
local deaf = spawn("deaf", {})
local s = ("f"):rep(1024 * 1024)
for i = 1, 2000 do
  deaf:feed(s)
end
