-- expect: instruction budget
-- line: 9
-- A loop that never waits: the budget ends it. (It once came without file:line.)
lesson { id = "broken-loop", title = { en = "Broken: endless loop", zh = "错误：死循环" },
         summary = { en = "A loop without wait().", zh = "一个没有 wait() 的循环。" }, level = "test" }

local n = 0
while true do
  n = n + 1
end
