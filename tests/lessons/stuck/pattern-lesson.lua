-- A string pattern that backtracks for ages: Lua matches it in C, where no
-- hook (and so no instruction budget) reaches. tests/cli/stuck.sh sends
-- SIGTERM and expects zmqlab to end within its watchdog's time.
lesson { id = "stuck-pattern", title = { en = "Stuck: pattern", zh = "卡住：模式" },
         summary = { en = "A pattern that takes forever.", zh = "一个永远算不完的模式。" }, level = "test" }

log("matching")
local s = ("a"):rep(40)
log(s:find(("a*"):rep(40) .. "b"))
