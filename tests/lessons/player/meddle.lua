-- meddle.lua — one section whose check the learner can break (k on sub
-- before going on): the failed check says what the learner did and offers
-- R; after R the section runs clean. For the player's tests.
lesson {
  id = "player-meddle",
  title = { en = "Meddling", zh = "捣乱" },
  summary = { en = "Break the experiment, then get back with R.", zh = "弄坏实验，再用 R 恢复。" },
  level = "beginner",
}

section({ en = "Steady", zh = "稳定" }, function ()
  local sub = spawn("subscriber", { name = "sub", connect = "inproc://player-meddle" })
  spawn("publisher", { name = "pub", bind = "inproc://player-meddle", rate = 20 })
  wait_until(function () return sub:stats().received >= 2 end, 20)
  say { en = "Both run. Go on to check that sub keeps receiving.",
        zh = "两个都在运行。继续，检查 sub 是否还在接收。" }
  local before = sub:stats().received
  wait(0.5)
  local now = sub:stats()
  expect(now.state ~= "stopped" and now.received > before,
         { en = "sub keeps receiving", zh = "sub 仍在接收" })
end)
