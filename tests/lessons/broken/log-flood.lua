-- expect: not enough memory: log
-- line: 10
-- log() copies its text into the item queue, which waits for the front
-- end: in one resume it must stay under the lesson's memory cap.
lesson { id = "broken-log-flood", title = { en = "Broken: log-flood", zh = "错误：日志：无尽" },
         summary = { en = "Logs without end.", zh = "无穷无尽的日志。" }, level = "test" }

local s = ("l"):rep(1024 * 1024)
for i = 1, 2000 do
  log(s)
end
