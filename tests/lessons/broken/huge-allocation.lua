-- expect: not enough memory
-- line: 9
-- A string doubling until the memory cap. (It once came without file:line.)
lesson { id = "broken-memory", title = { en = "Broken: memory", zh = "错误：内存" },
         summary = { en = "A string growing without end.", zh = "无限增长的字符串。" }, level = "test" }

local s = "x"
while true do
  s = s .. s
end
