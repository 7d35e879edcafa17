-- expect: __gc is not allowed
-- line: 9
-- Lua runs a __gc finalizer with hooks off: a loop there once hung zmqlab
-- for good (no budget, SIGTERM ignored). setmetatable refuses __gc; a
-- regression shows as a run that does not end within the time limit.
lesson { id = "broken-gc-finalizer", title = { en = "Broken: gc-finalizer", zh = "错误：死循环的终结器" },
         summary = { en = "A finalizer that loops.", zh = "一个死循环的终结器。" }, level = "test" }

setmetatable({}, { __gc = function () while true do end end })
say("the finalizer was accepted")
