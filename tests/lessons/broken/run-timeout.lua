-- expect: did not end
-- line: 8
-- modes: headless
-- args: --timeout 1
-- Still waiting when the run's time is up. (It once came without file:line.)
lesson { id = "broken-timeout", title = { en = "Broken: timeout", zh = "错误：超时" },
         summary = { en = "Waits longer than allowed.", zh = "等待超过允许的时间。" }, level = "test" }
wait(3600)
