-- An actor stuck in a string pattern (C, where kill cannot reach it): the
-- lesson's kill waits for it. tests/cli/stuck.sh sends SIGTERM and expects
-- zmqlab to end within its watchdog's time.
lesson { id = "stuck-pattern-actor", title = { en = "Stuck: pattern in an actor", zh = "卡住：参与者里的模式" },
         summary = { en = "An actor that cannot be killed.", zh = "一个无法被杀死的参与者。" }, level = "test" }

-- gsub calls report("m", 2) for its first match, from C, then goes on
-- matching the 40 a's: no Lua instruction runs between the report and the
-- pattern's work, so the kill that follows the report cannot land before
-- it (it did, under load, when a few instructions ran in between).
behaviour("matcher", [[
local s = "mb" .. ("a"):rep(40)
local p = "(m?)" .. ("a*"):rep(40) .. "()b"
s:gsub(p, report)
]])
local a = spawn("matcher", {})
wait_until(function () return a:stats().report.m == 2 end, 10)
log("matching")
a:kill()
