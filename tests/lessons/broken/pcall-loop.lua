-- expect: instruction budget
-- line: 10
-- The budget error caught by pcall must not give the loop a fresh budget (it
-- once hung when unbounded); bounded to 20 rounds, a regression shows as a failed check.
lesson { id = "broken-pcall-loop", title = { en = "Broken: pcall loop", zh = "错误：pcall 循环" },
         summary = { en = "An endless loop inside pcall.", zh = "pcall 里的死循环。" }, level = "test" }

for round = 1, 20 do
  pcall(function ()
    while true do end
  end)
end
expect(false, { en = "the loop escaped the budget", zh = "循环逃过了指令预算" })
