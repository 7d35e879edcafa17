-- expect: not enough memory: hint
-- line: 10
-- hint() copies its text into C: 1 MiB hints in a loop once grew zmqlab
-- past a gigabyte; the lesson's memory cap bounds them.
lesson { id = "broken-hint-flood", title = { en = "Broken: hint-flood", zh = "错误：提示：无尽" },
         summary = { en = "Hints without end.", zh = "无穷无尽的提示。" }, level = "test" }

local s = ("h"):rep(1024 * 1024)
for i = 1, 2000 do
  hint(s)
end
