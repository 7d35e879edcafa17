-- expect: cannot run inside a function the lab calls
-- line: 10
-- modes: headless
-- wait() inside wait_until's condition once failed with "attempt to
-- yield from outside a coroutine" and no file:line.
lesson { id = "broken-yield-in-condition", title = { en = "Broken: yield-in-condition", zh = "错误：条件里的等待" },
         summary = { en = "A wait in a condition.", zh = "条件里的 wait。" }, level = "test" }

wait_until(function ()
  wait(1)
  return true
end)
