-- expect: not enough memory: behaviour
-- line: 11
-- modes: headless
-- behaviour() keeps a C copy of each source in the lab: 1 MiB sources
-- under new names once grew zmqlab past a gigabyte.
lesson { id = "broken-behaviour-flood", title = { en = "Broken: behaviour-flood", zh = "错误：行为：无尽" },
         summary = { en = "Behaviours without end.", zh = "无穷无尽的行为。" }, level = "test" }

local s = "-- " .. ("b"):rep(1024 * 1024)
for i = 1, 2000 do
  behaviour("b" .. i, s)
end
