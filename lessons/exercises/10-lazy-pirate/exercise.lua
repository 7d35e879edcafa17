-- 10-lazy-pirate: the ZeroMQ Guide's Lazy Pirate client. A REQ client that waits for a
-- reply at most a while, and on a timeout closes its socket, opens a fresh one and sends
-- the request again. The checker kills the server twice while it holds a request, and
-- restarts it once the client has retried; the client must still get all 10 replies.

exercise {
  id = "lazy-pirate",
  title = { en = "The Lazy Pirate: a client that survives its server", zh = "懒惰海盗：挺过服务端崩溃的客户端" },
  statement = {
    en = "Write the ZeroMQ Guide's Lazy Pirate client: send 10 requests to params.connect and get the reply to each, even though the server dies and comes back. After each send, wait for the reply at most params.timeout lab seconds (zmq.poll). If none came, the request is lost: close the REQ socket, make a new one, connect it and send the same request again. Try one request at most params.retries times in all (the first send included); then log \"Server seems to be offline, abandoning\" and end. After the tenth reply, end.",
    zh = "写出 ZeroMQ 指南里的懒惰海盗（Lazy Pirate）客户端：向 params.connect 发送 10 个请求，并收到每个请求的应答，即使服务端中途崩溃又重新启动。每次发送之后，最多等待 params.timeout 实验秒（zmq.poll）。如果应答没有来，就当这个请求丢了：关闭 REQ 套接字，新建一个，连接上，再把同一个请求发一遍。同一个请求最多尝试 params.retries 次（包括第一次发送）；之后记录 \"Server seems to be offline, abandoning\" 并结束。收到第十个应答后结束。",
  },
  hints = {
    { en = "A plain recv waits forever: once the server dies holding your request, no reply will ever come. What would let your client stop waiting?",
      zh = "普通的 recv 会永远等下去：一旦服务端拿着你的请求崩溃了，应答就永远不会来。怎样才能让客户端不再等下去？" },
    { en = "zmq.poll({ socket }, params.timeout) returns the sockets that have a message, or an empty table once the time is up. Only then call recv.",
      zh = "zmq.poll({ socket }, params.timeout) 返回有消息可读的套接字，时间到了还没有就返回空表。有消息时再调用 recv。" },
    { en = "After a timeout the REQ socket still waits for its reply and refuses another send (EFSM). That is why the Lazy Pirate closes it and makes a fresh one before sending again; keep the retry loop around one request.",
      zh = "超时之后，REQ 套接字仍在等它的应答，会拒绝再次发送（EFSM）。所以懒惰海盗在重发之前要关掉它、新建一个；重试的循环要套在同一个请求外面。" },
  },
}

local ENDPOINT = "inproc://pirate"
local REQUESTS = 10

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

local function ended(client)
  local state = client:stats().state
  return state == "stopped" or state == "crashed"
end

-- Once the client has `replies` replies and the server is busy with the next request
-- (sleeping over its work), kill the server: that request is lost. Restart the server
-- once the client has sent again. Returns whether the client got that far and retried.
local function crash(server, client, replies)
  local busy = wait_until(function()
    return (client:stats().received >= replies and server:stats().state == "sleeping")
        or ended(client)
  end, 15)
  server:kill()
  local sent = client:stats().sent
  local retried = wait_until(function() return client:stats().sent > sent or ended(client) end, 5)
  retried = retried and client:stats().sent > sent
  server:restart()
  return busy and retried
end

check({ en = "the server is killed and restarted twice", zh = "服务端被杀掉并重启两次" }, function()
  -- 0.1 s of work per request, so that a kill finds the server holding one.
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT, work = 0.1 })
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT, timeout = 0.5, retries = 20 })
  local first = crash(server, client, 3)
  local second = first and crash(server, client, 7)
  local done = wait_until(function() return ended(client) end, (first and second) and 30 or 2)
  local c = client:stats()
  local resent = (first and second) and { en = "both times", zh = "两次都重发了" }
              or first and { en = "only the first time", zh = "只有第一次重发了" }
              or { en = "no", zh = "没有重发" }
  expect(first and second,
         { en = ("the checker killed the server while it held a request, after 3 and after 7 replies; the client sent the request again within 5 s: %s; expected both times"):format(resent.en),
           zh = ("检查程序在服务端拿着请求时杀掉了它，分别在第 3 个和第 7 个应答之后；客户端在 5 秒内重发了请求：%s；应当两次都重发"):format(resent.zh) })
  expect(done and c.received == REQUESTS and c.detail == "finished",
         { en = ("with the server restarted %d times, the client got %d replies in %d sends and is %s; expected %d replies, then the end"):format(
                 server:stats().restarts, c.received, c.sent, state_of(client).en, REQUESTS),
           zh = ("服务端重启了 %d 次，客户端发送 %d 次，收到 %d 个应答，状态是%s；应收到 %d 个应答后结束"):format(
                 server:stats().restarts, c.sent, c.received, state_of(client).zh, REQUESTS) })
end)

check({ en = "a server that never comes", zh = "一个永远不来的服务端" }, function()
  -- Nobody binds the endpoint: after 3 tries of 0.2 s the client must give up and end.
  local client = spawn(STUDENT, { name = "client", connect = ENDPOINT, timeout = 0.2, retries = 3 })
  local done = wait_until(function() return ended(client) end, 10)
  local c = client:stats()
  expect(done and c.detail == "finished" and c.sent == 3 and c.received == 0,
         { en = ("with no server at all (timeout 0.2 s, retries 3), the client sent %d times and is %s; expected 3 tries, then the end"):format(c.sent, state_of(client).en),
           zh = ("完全没有服务端（timeout 0.2 秒，retries 3），客户端发送了 %d 次，状态是%s；应尝试 3 次后结束"):format(c.sent, state_of(client).zh) })
end)
