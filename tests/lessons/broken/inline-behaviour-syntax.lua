-- expect: behaviour 'echo'
-- line: 7
-- An inline behaviour that does not parse.
lesson { id = "broken-inline", title = { en = "Broken: inline behaviour", zh = "错误：内联行为" },
         summary = { en = "A behaviour with a syntax error.", zh = "有语法错误的行为。" }, level = "test" }

behaviour("echo", [[
local s = zmq.socket("REP"
]])
