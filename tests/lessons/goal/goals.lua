-- goals.lua: two goals for tests/tui/goal.sh. The first is reached with the
-- ':' command line, the second by playing its solution (S, then P).

lesson {
  id = "goals",
  title = { en = "Goals", zh = "目标练习" },
  summary = { en = "Two goals on one server.", zh = "同一个服务端上的两个目标。" },
  level = "beginner",
}

local ENDPOINT = "inproc://goals"
spawn("rep_server", { name = "server", bind = ENDPOINT })

-- A goal: CLIENT gets N replies from the server.
local function replies_goal(client, n, en, zh)
  goal {
    text = { en = en, zh = zh },
    check = function()
      local c = actor(client)
      local got = c and c:stats().received or 0
      return got >= n, { en = string.format("%s: %d of %d replies", client, got, n),
                         zh = string.format("%s：%d / %d 个应答", client, got, n) }
    end,
    hints = {
      { en = "First hint: a client is an actor.", zh = "第一条提示：客户端是一个参与者。" },
      { en = "Second hint: help(\"req_client\").", zh = "第二条提示：help(\"req_client\")。" },
    },
    solution = { en = string.format("spawn req_client %s, count %d", client, n),
                 zh = string.format("启动 req_client %s，count 为 %d", client, n) },
    play = function()
      wait(0.5)
      spawn("req_client", { name = client, connect = ENDPOINT, count = n, interval = 0.2 })
    end,
  }
end

say { en = "Two goals follow.", zh = "下面有两个目标。" }
replies_goal("alpha", 2, "Get alpha 2 replies", "让 alpha 收到 2 个应答")
expect(actor("alpha"):stats().received >= 2, { en = "alpha got its replies", zh = "alpha 收到了应答" })
replies_goal("beta", 3, "Get beta 3 replies", "让 beta 收到 3 个应答")
say { en = "Both goals reached.", zh = "两个目标都达成了。" }
