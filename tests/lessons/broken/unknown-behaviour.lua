-- expect: unknown behaviour 'publsher'
-- line: 7
-- A typo in a behaviour's name.
lesson { id = "broken-behaviour", title = { en = "Broken: behaviour", zh = "错误：行为" },
         summary = { en = "An unknown behaviour.", zh = "未知的行为。" }, level = "test" }

local pub = spawn("publsher", { bind = "inproc://broken-behaviour" })
