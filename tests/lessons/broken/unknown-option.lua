-- expect: unknown option 'HWM'
-- line: 8
-- Socket options have their ZeroMQ names (SNDHWM, RCVHWM…).
lesson { id = "broken-option", title = { en = "Broken: option", zh = "错误：选项" },
         summary = { en = "An unknown socket option.", zh = "未知的套接字选项。" }, level = "test" }

local sub = spawn("subscriber", { connect = "inproc://broken-option", quiet = true })
sub:set("HWM", 10)
