-- sections.lua — a small lesson in three sections, for the player's tests:
-- each section sets up its own experiment on a fresh lab (the same actor
-- names and endpoint in every section), a question with graduated hints
-- whose answer comes only with its check, and a hint scoped to one step.
lesson {
  id = "player-sections",
  title = { en = "Sections", zh = "分节" },
  summary = { en = "Three sections, each on a fresh lab.", zh = "三节，每节都在全新的实验室里。" },
  level = "beginner",
}

local function experiment (rate)
  local pub = spawn("publisher", { name = "pub", bind = "inproc://player-sections", rate = rate })
  local sub = spawn("subscriber", { name = "sub", connect = "inproc://player-sections" })
  return pub, sub
end

section({ en = "Warm-up", zh = "热身" }, function ()
  say { en = "Section one: a publisher and a subscriber.", zh = "第一节：一个发布者和一个订阅者。" }
  local _, sub = experiment(20)
  wait_until(function () return sub:stats().received >= 3 end, 20)
  expect(sub:stats().received >= 3, { en = "sub received messages", zh = "sub 收到了消息" })
end)

section({ en = "Predict", zh = "预测" }, function ()
  say { en = "Section two: the same names again, on a fresh lab.", zh = "第二节：同样的名字，全新的实验室。" }
  ask {
    q = { en = "The subscriber subscribes to everything. Does it receive?", zh = "订阅者订阅了全部消息。它能收到吗？" },
    choices = { { en = "yes", zh = "能" }, { en = "no", zh = "不能" } },
    answer = 1,
    hints = { { en = "Nudge: what does an empty subscription match?", zh = "提示一：空的订阅匹配什么？" },
              { en = "Evidence: watch sub's received count.", zh = "提示二：看 sub 的接收计数。" } },
    explain = { en = "An empty prefix matches every message.", zh = "空前缀匹配所有消息。" },
  }
  local _, sub = experiment(5)
  say { en = "The experiment runs: watch sub.", zh = "实验正在运行：看 sub。" }
  wait_until(function () return sub:stats().received >= 5 end, 30)
  expect(sub:stats().received >= 5, { en = "sub received five", zh = "sub 收到了五条" })
end)

section({ en = "The end", zh = "结束" }, function ()
  hint { en = "This hint belongs to the last step only.", zh = "这条提示只属于最后一步。" }
  say { en = "Section three: nothing left of section two.", zh = "第三节：第二节的东西都没有了。" }
  expect(actor("pub") == nil and actor("sub") == nil,
         { en = "a fresh lab: no pub, no sub", zh = "全新的实验室：没有 pub，也没有 sub" })
end)
