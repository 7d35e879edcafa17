-- expect: not enough memory
-- line: 11
-- modes: headless
-- Memory running out inside wait_until's condition once said "not enough
-- memory" with no file:line.
lesson { id = "broken-memory-in-condition", title = { en = "Broken: memory-in-condition", zh = "错误：条件里的内存" },
         summary = { en = "Memory in a condition.", zh = "条件里耗尽内存。" }, level = "test" }

local t = {}
wait_until(function ()
  for i = 1, 1e9 do t[i] = { i } end
end)
