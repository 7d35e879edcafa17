-- 03-send-twice: a client that sends two requests before reading a reply. Its REQ socket
-- refuses the second send (EFSM) and the second recv, so half the requests never leave
-- and ten errors are counted. The fix keeps the REQ socket's turns.

exercise {
  id = "send-twice",
  title = { en = "Fix a client that sends twice", zh = "修好连续发送两次的客户端" },
  statement = {
    en = "This client must send the requests \"Hello 1\" to \"Hello 10\", in that order, and get the reply to each one. It sends two requests before it reads any reply, and its REQ socket refuses that: half the requests never leave and the client counts errors (EFSM). Fix it so that all 10 requests reach the server in order, all 10 replies come back, and no ZeroMQ error happens.",
    zh = "这个客户端要按顺序发送 \"Hello 1\" 到 \"Hello 10\" 这些请求，并收到每个请求的应答。可它在读取任何应答之前就连发两个请求，它的 REQ 套接字不允许这样：一半的请求根本没有发出去，客户端还记下了错误（EFSM）。修好它：10 个请求都按顺序到达服务端，10 个应答都收回来，而且不出现任何 ZeroMQ 错误。",
  },
  hints = {
    { en = "Run the checks and read the numbers: which requests reached the server, and which calls failed?",
      zh = "运行检查，看看那些数字：哪些请求到达了服务端？哪些调用失败了？" },
    { en = "After a send, a REQ socket accepts only a recv; after that recv, only a send. Any other call fails with EFSM and does nothing.",
      zh = "REQ 套接字发送之后只接受接收，接收之后只接受发送。其他任何调用都会以 EFSM 失败，而且什么也不做。" },
    { en = "Each request needs its own turn: one send, then its recv. Count the turns of your loop: how many requests does each one send now?",
      zh = "每个请求都要有自己的一轮：发送一次，然后接收它的应答。数一数你的循环有几轮：现在每一轮发送几个请求？" },
  },
}

local ENDPOINT = "inproc://twice"
local REQUESTS = 10

-- A REP server that also checks the order: it expects "Hello 1", "Hello 2", … and reports
-- how many requests came in that order and the first one that did not.
behaviour("order_server", [[
  local socket = zmq.socket("REP")
  assert(socket:bind(params.bind))
  local expected, in_order, told = 1, 0, false
  while true do
    local request = socket:recv()
    if request == "Hello " .. expected and in_order == expected - 1 then
      in_order = in_order + 1
      report("in_order", in_order)
    elseif not told then
      told = true
      report("out_of_order", string.format("%q after %d in order", request, in_order))
    end
    expected = expected + 1
    if params.work then sleep(params.work) end
    socket:send("World from server!")
  end
]])

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

-- The three expects of a run: the requests, the replies, the errors.
local function expect_clean_run(server, client, ended)
  local s, c = server:stats(), client:stats()
  local in_order = s.report.in_order or 0
  local wrong = s.report.out_of_order
  expect(s.received == REQUESTS and in_order == REQUESTS,
         { en = ("the server got %d requests, %d of them in order (Hello 1, Hello 2, …)%s; expected %d, all in order"):format(
                 s.received, in_order, wrong and ", then " .. wrong or "", REQUESTS),
           zh = ("服务端收到 %d 个请求，其中 %d 个顺序正确（Hello 1、Hello 2……）%s；应为 %d 个，全部按顺序"):format(
                 s.received, in_order, wrong and "，之后是 " .. wrong or "", REQUESTS) })
  expect(ended and c.received == REQUESTS,
         { en = ("the client got %d replies and is %s; expected %d replies, then the end"):format(c.received, state_of(client).en, REQUESTS),
           zh = ("客户端收到 %d 个应答，状态是%s；应收到 %d 个应答后结束"):format(c.received, state_of(client).zh, REQUESTS) })
  local efsm = c.errors_by_kind.EFSM or 0
  expect(c.errors == 0,
         { en = ("the client met %d ZeroMQ errors, %d of them EFSM%s; expected none"):format(
                 c.errors, efsm, c.errors > 0 and " (last: " .. c.last_error .. ")" or ""),
           zh = ("客户端遇到 %d 次 ZeroMQ 错误，其中 EFSM %d 次%s；应为 0 次"):format(
                 c.errors, efsm, c.errors > 0 and "（最后一次：" .. c.last_error .. "）" or "") })
end

check({ en = "ten requests in order, no error", zh = "十个请求按顺序发出，没有错误" }, function()
  local server = spawn("order_server", { name = "server", bind = ENDPOINT })
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT })
  expect_clean_run(server, client, finished(client, 20))
end)

check({ en = "the same against a slow server (0.1 s per request)", zh = "换成慢服务端（每个请求 0.1 秒）再来一次" },
      function()
  -- A slow reply must not tempt the client into sending ahead: it waits its turn.
  local server = spawn("order_server", { name = "server", bind = ENDPOINT, work = 0.1 })
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT })
  expect_clean_run(server, client, finished(client, 30))
end)
