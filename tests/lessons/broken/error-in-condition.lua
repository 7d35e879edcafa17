-- expect: attempt to compare
-- line: 10
-- modes: headless
-- The condition of wait_until() raises (a check does not call it).
lesson { id = "broken-condition", title = { en = "Broken: condition", zh = "错误：条件" },
         summary = { en = "An error inside wait_until.", zh = "wait_until 里的错误。" }, level = "test" }

local pub = spawn("publisher", { bind = "inproc://broken-condition", rate = 100 })
wait_until(function ()
  return pub:stats().sent > nil
end, 5)
