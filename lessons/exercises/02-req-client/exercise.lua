-- 02-req-client: the tutorial's client.py as a behaviour: a REQ socket that sends ten
-- requests and reads each reply before the next one. The checks run it against the
-- tutorial's server: first in the usual order, then with the server starting late, then
-- twice at once against one slow server.

exercise {
  id = "req-client",
  title = { en = "A REQ client that gets 10 replies", zh = "收到 10 个应答的 REQ 客户端" },
  statement = {
    en = "Write the tutorial's client: make a REQ socket, connect it to params.connect, then send 10 requests (any text, e.g. \"Hello 1\") and receive the reply to each one before sending the next. Log each reply, and let the behaviour end after the tenth.",
    zh = "写出教程里的客户端：创建一个 REQ 套接字，连接到 params.connect，然后发送 10 个请求（内容随意，例如 \"Hello 1\"），每发一个请求都要先收到它的应答，再发下一个。把每个应答记到日志里，收到第十个应答后让行为结束。",
  },
  hints = {
    { en = "Your file already sends one request and reads one reply. What has to happen ten times?",
      zh = "你的文件已经会发送一个请求并读取一个应答。哪一部分需要做十次？" },
    { en = "A REQ socket takes turns: send, receive, send, receive… Both calls belong inside the repeated part.",
      zh = "REQ 套接字是轮流工作的：发送、接收、发送、接收……这两个调用都应该放在重复的那一部分里。" },
    { en = "A Lua loop that runs ten times: for i = 1, 10 do … end. Count your requests with i.",
      zh = "执行十次的 Lua 循环：for i = 1, 10 do … end。可以用 i 给请求编号。" },
  },
}

local ENDPOINT = "inproc://hello"
local REQUESTS = 10

-- The student's client: stopped on its own (not killed, not crashed) within the time.
local function finished(client, seconds)
  return wait_until(function()
    local s = client:stats()
    return (s.state == "stopped" and s.detail == "finished") or s.state == "crashed"
  end, seconds) and client:stats().state == "stopped"
end

-- An actor's state in words, in both languages: "stopped (finished)", "已停止（运行结束）".
local STATE_ZH = { stopped = "已停止", crashed = "已崩溃", running = "运行中", sleeping = "休眠中",
                   starting = "启动中", paused = "已暂停", ["blocked in recv"] = "阻塞在接收",
                   ["blocked in send"] = "阻塞在发送", ["waiting for input"] = "等待输入",
                   ["waiting for step"] = "等待单步" }
local DETAIL_ZH = { finished = "运行结束", killed = "被杀掉" }
local function state_of(actor)
  local s = actor:stats()
  local en, zh = s.state, STATE_ZH[s.state] or s.state
  if s.state == "stopped" or s.state == "crashed" then
    en = en .. " (" .. s.detail .. ")"
    zh = zh .. "（" .. (DETAIL_ZH[s.detail] or s.detail) .. "）"
  end
  return { en = en, zh = zh }
end

check({ en = "ten requests, ten replies", zh = "十个请求，十个应答" }, function()
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT })
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT })
  local ended = finished(client, 20)
  local c, s = client:stats(), server:stats()
  expect(c.received == REQUESTS and s.received == REQUESTS,
         { en = ("the client got %d replies and the server %d requests; expected %d of each"):format(c.received, s.received, REQUESTS),
           zh = ("客户端收到 %d 个应答，服务端收到 %d 个请求；应各为 %d 个"):format(c.received, s.received, REQUESTS) })
  expect(ended and c.sent == REQUESTS,
         { en = ("after its replies the client is %s, having sent %d requests; expected it to end after sending %d"):format(state_of(client).en, c.sent, REQUESTS),
           zh = ("收完应答后客户端的状态是%s，共发送 %d 个请求；应在发送 %d 个之后结束"):format(state_of(client).zh, c.sent, REQUESTS) })
  expect(c.errors == 0,
         { en = ("the client met %d ZeroMQ errors%s; expected none"):format(c.errors, c.errors > 0 and " (last: " .. c.last_error .. ")" or ""),
           zh = ("客户端遇到 %d 次 ZeroMQ 错误%s；应为 0 次"):format(c.errors, c.errors > 0 and "（最后一次：" .. c.last_error .. "）" or "") })
end)

check({ en = "the server starts after the client", zh = "服务端比客户端晚启动" }, function()
  -- Client first: its connect comes before anyone binds; it must wait, not fail.
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT })
  local waiting = wait_until(function()
    local state = client:stats().state
    return state == "blocked in recv" or state == "blocked in send" or state == "stopped"
        or state == "crashed"
  end, 10)
  local before = client:stats().state
  local said = state_of(client)
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT })
  local ended = finished(client, 20)
  local c = client:stats()
  expect(waiting and (before == "blocked in recv" or before == "blocked in send"),
         { en = ("with no server yet the client was %s; expected it to wait (blocked)"):format(said.en),
           zh = ("还没有服务端时，客户端的状态是%s；应当在等待（阻塞）"):format(said.zh) })
  expect(ended and c.received == REQUESTS and server:stats().received == REQUESTS,
         { en = ("once the server came, the client got %d replies and is %s; expected %d, then the end"):format(c.received, state_of(client).en, REQUESTS),
           zh = ("服务端出现后，客户端收到 %d 个应答，状态是%s；应收到 %d 个后结束"):format(c.received, state_of(client).zh, REQUESTS) })
end)

check({ en = "two clients, one slow server", zh = "两个客户端，一个慢服务端" }, function()
  -- The server takes 0.05 s per request: the clients' requests queue up there, and each
  -- reply must still find its way back to the client that asked.
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT, work = 0.05 })
  local one = spawn(STUDENT, { name = "client1", connect = ENDPOINT })
  local two = spawn(STUDENT, { name = "client2", connect = ENDPOINT })
  local ended = finished(one, 30) and finished(two, 30)
  local a, b, s = one:stats(), two:stats(), server:stats()
  expect(ended and a.received == REQUESTS and b.received == REQUESTS and s.received == 2 * REQUESTS,
         { en = ("client1 got %d replies (%s), client2 %d (%s), the server answered %d; expected %d, %d and %d"):format(
                 a.received, state_of(one).en, b.received, state_of(two).en, s.sent, REQUESTS, REQUESTS, 2 * REQUESTS),
           zh = ("client1 收到 %d 个应答（%s），client2 收到 %d 个（%s），服务端应答了 %d 个；应为 %d、%d 和 %d"):format(
                 a.received, state_of(one).zh, b.received, state_of(two).zh, s.sent, REQUESTS, REQUESTS, 2 * REQUESTS) })
end)
