-- 01-rep-server: the tutorial's server.py as a behaviour. The student's file
-- binds a REP socket where params.bind says and answers every request with
-- the tutorial's reply, for as long as requests come.

exercise {
  id = "rep-server",
  title = { en = "A REP server like the tutorial's",
            zh = "像教程里那样的 REP 服务端" },
  statement = {
    en = "Write the tutorial's server.py as a behaviour: make a REP socket, bind it to params.bind (the checks give an inproc:// endpoint; the tutorial binds tcp://*:5555), then loop forever: receive a request, log \"Received request: \" followed by it, and answer \"World from server!\". A REP socket must send its reply before it may receive again.",
    zh = "把教程里的 server.py 写成一个行为：创建 REP 套接字，绑定到 params.bind（检查会给出 inproc:// 端点；教程绑定的是 tcp://*:5555），然后一直循环：接收请求，用 log 输出 \"Received request: \" 加上请求内容，再回复 \"World from server!\"。REP 套接字必须先发出应答，才能再次接收。",
  },
  hints = {
    { en = "Compare your loop with server.py: after socket.recv() it calls socket.send(...). What does your loop do after recv?",
      zh = "把你的循环和 server.py 对照一下：socket.recv() 之后它调用了 socket.send(...)。你的循环在 recv 之后做了什么？" },
    { en = "In a behaviour, sending is socket:send(\"World from server!\"), right after the log line.",
      zh = "在行为里，发送写作 socket:send(\"World from server!\")，紧跟在 log 那一行之后。" },
  },
  outside = { "tcp://*:5555" },
}

local ENDPOINT = "inproc://hello"
-- Actor states as the Chinese view words them.
local STATE_ZH = { stopped = "已停止", crashed = "已崩溃", running = "运行中", sleeping = "休眠中",
                   starting = "启动中", paused = "已暂停", ["blocked in recv"] = "阻塞在接收",
                   ["blocked in send"] = "阻塞在发送" }
local REPLY = "World from server!"

-- A client that sends one request and reports the reply it got, word for word.
behaviour("asker", [[
local socket = zmq.socket("REQ")
socket:set("RCVTIMEO", 5000)
assert(socket:connect(params.connect))
assert(socket:send(params.text))
local reply = socket:recv()
report("reply", reply or "(no reply within 5 s)")
]])

check({ en = "answers three requests from one client", zh = "回答同一个客户端的三个请求" }, function()
  local server = spawn(STUDENT, { name = "server", bind = ENDPOINT })
  local client = spawn("req_client", { name = "client", connect = ENDPOINT, count = 3, interval = 0 })
  wait_until(function() return client:stats().state == "stopped" end, 10)
  local got = client:stats().received
  expect(got == 3,
         { en = ("a client sent 3 requests and got %d replies (expected 3)"):format(got),
           zh = ("客户端发出 3 个请求，收到 %d 个应答（应为 3 个）"):format(got) })
  -- One reply per request: a second send (or a recv before the send) is refused (EFSM).
  -- The client can have its last reply before the server's send is counted: read the
  -- server once it waits again (or ended).
  wait_until(function()
    local state = server:stats().state
    return state == "blocked in recv" or state == "stopped" or state == "crashed"
  end, 5)
  local s = server:stats()
  expect(s.errors == 0 and s.sent == got,
         { en = ("the server sent %d replies for %d requests, with %d ZeroMQ errors (expected one reply each, 0 errors)"):format(s.sent, s.received, s.errors),
           zh = ("服务端为 %d 个请求发出 %d 个应答，出现 %d 个 ZeroMQ 错误（应为每个请求一个应答，0 个错误）"):format(s.received, s.sent, s.errors) })
end)

check({ en = "answers with the tutorial's reply", zh = "用教程里的应答内容回复" }, function()
  spawn(STUDENT, { name = "server", bind = ENDPOINT })
  local asker = spawn("asker", { name = "asker", connect = ENDPOINT, text = "Hello" })
  wait_until(function() return asker:stats().state == "stopped" end, 10)
  local reply = asker:stats().report.reply
  local got_en = reply == nil and "nothing" or ("\"" .. tostring(reply) .. "\"")
  local got_zh = reply == nil and "（什么也没有）" or ("\"" .. tostring(reply) .. "\"")
  expect(reply == REPLY,
         { en = ("a client sent \"Hello\" and got %s (expected \"%s\")"):format(got_en, REPLY),
           zh = ("客户端发送 \"Hello\"，收到 %s（应为 \"%s\"）"):format(got_zh, REPLY) })
end)

check({ en = "keeps answering: two clients, 5 requests each", zh = "一直回答：两个客户端，各发 5 个请求" }, function()
  local server = spawn(STUDENT, { name = "server", bind = ENDPOINT })
  local one = spawn("req_client", { name = "one", connect = ENDPOINT, count = 5, interval = 0 })
  local two = spawn("req_client", { name = "two", connect = ENDPOINT, count = 5, interval = 0 })
  wait_until(function()
    return one:stats().state == "stopped" and two:stats().state == "stopped"
  end, 10)
  local a, b = one:stats().received, two:stats().received
  expect(a == 5 and b == 5,
         { en = ("two clients sent 5 requests each and got %d and %d replies (expected 5 and 5)"):format(a, b),
           zh = ("两个客户端各发 5 个请求，分别收到 %d 和 %d 个应答（应为 5 和 5）"):format(a, b) })
  local state = server:stats().state
  expect(state ~= "stopped" and state ~= "crashed",
         { en = ("after 10 requests the server is %s (expected: still running, waiting for more)"):format(state),
           zh = ("10 个请求之后，服务端的状态是%s（应仍在运行，等待更多请求）"):format(STATE_ZH[state] or state) })
end)
