-- An actor stuck in a string pattern (C, where kill cannot reach it): the
-- lesson's kill waits for it. tests/cli/stuck.sh sends SIGTERM and expects
-- zmqlab to end within its watchdog's time.
lesson { id = "stuck-pattern-actor", title = { en = "Stuck: pattern in an actor", zh = "卡住：参与者里的模式" },
         summary = { en = "An actor that cannot be killed.", zh = "一个无法被杀死的参与者。" }, level = "test" }

behaviour("matcher", [[
report("matching", 1)
local s = ("a"):rep(40)
report("found", tostring(s:find(("a*"):rep(40) .. "b")))
]])
local a = spawn("matcher", {})
wait_until(function () return a:stats().report.matching == 1 end, 10)
log("matching")
a:kill()
