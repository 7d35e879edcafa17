-- expect: attempt to index a nil value
-- line: 8
-- Reading a field of nil.
lesson { id = "broken-runtime", title = { en = "Broken: runtime", zh = "错误：运行时" },
         summary = { en = "A runtime error.", zh = "一个运行时错误。" }, level = "test" }

local stats = nil
expect(stats.sent > 0, { en = "something was sent", zh = "发送了消息" })
