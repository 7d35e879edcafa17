-- 02-reqrep-mistakes.lua: breaking the REQ socket's turns (EFSM), and a server
-- that dies while the client waits: why real clients use timeouts and retries.

lesson {
  id = "reqrep-mistakes",
  title = { en = "Request-reply mistakes",
            zh = "请求应答模式的常见错误" },
  summary = { en = "Break the REQ socket's turns on purpose, then kill the server while a client waits for its reply: what does each mistake do, and how do real clients protect themselves?",
              zh = "故意打乱 REQ 套接字的轮流顺序，再在客户端等待应答时杀掉服务端：每种错误会造成什么后果？实际的客户端又是怎样保护自己的？" },
  level = "beginner",
}

local ENDPOINT = "inproc://reqrep"

-- Actor states as the stats table shows them, in Chinese for the zh texts.
local STATE_ZH = { stopped = "已停止", ["blocked in recv"] = "阻塞在接收（blocked in recv）",
                   running = "运行中", sleeping = "休眠中" }
local function zh_state(state) return STATE_ZH[state] or state end

section({ en = "Breaking the turns", zh = "打乱轮流顺序" }, function()
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT })
  focus(server)

  say { en = "In lesson 1 the client always sent, then received, then sent again. What if a program does not keep to that order? We try it on purpose, against a server in the picture.",
        zh = "第 1 课里，客户端总是先发送、再接收、然后再发送。如果程序不按这个顺序来会怎样？我们对着画面里的服务端故意试一试。" }

  ask {
    q = { en = "A client sends \"Hello 1\" and then, without reading the reply, sends a second request. What happens to the second send?",
          zh = "客户端发送 \"Hello 1\" 之后，没有读取应答就紧接着发送第二个请求。第二次发送会怎样？" },
    choices = {
      { en = "It is queued and sent after the reply", zh = "先排队，收到应答后再发出" },
      { en = "It fails at once with an error", zh = "立即失败，返回错误" },
      { en = "It replaces the first request", zh = "替换掉第一个请求" },
      { en = "It blocks until the reply arrives", zh = "阻塞，直到应答到达" },
    },
    answer = 2,
    hints = {
      { en = "After its first send, what is the REQ socket waiting for? Does a second request fit into that?",
        zh = "第一次发送之后，REQ 套接字在等什么？第二个请求放得进这个状态吗？" },
      { en = "A ZeroMQ socket checks each call against its state before it queues anything. After its first send, the client's state is \"waiting for the reply\": what would such a check do with a second send? The client's box will show its errors column.",
        zh = "ZeroMQ 套接字在把任何东西放进队列之前，会先拿当前状态检查这次调用。第一次发送之后，客户端的状态是“等待应答”：这样的检查会怎样对待第二次发送？客户端的方框里会显示它的错误数。" },
    },
    explain = { en = "The REQ socket is waiting for a reply, so a send is not allowed in that state: zmq_send fails with EFSM, \"Operation cannot be accomplished in current state\". Nothing is queued.",
                zh = "REQ 套接字正在等待应答，此状态下不允许发送：zmq_send 立即失败，错误为 EFSM（\"Operation cannot be accomplished in current state\"，当前状态下无法完成该操作），什么也不会排队。" },
  }

  local twice = spawn("req_client", { name = "twice", connect = ENDPOINT, count = 1, send_twice = true })
  focus(twice)
  wait_until(function() return twice:stats().state == "stopped" end, 10)

  local t = twice:stats()
  expect(t.errors_by_kind.EFSM == 1,
         { en = string.format("The second send failed: %s (EFSM x%d)", t.last_error, t.errors_by_kind.EFSM),
           zh = string.format("第二次发送失败：%s（EFSM %d 次）", t.last_error, t.errors_by_kind.EFSM) })
  local asked = link("twice", "server")
  expect(asked and asked.delivered == 1 and t.received == 1,
         { en = string.format("Only the first request reached the server (%d), and its reply came back (%d)",
                              asked and asked.delivered or 0, t.received),
           zh = string.format("只有第一个请求到达了服务端（%d 个），它的应答也回来了（%d 个）",
                              asked and asked.delivered or 0, t.received) })

  say { en = "Now the other way round: a client that calls recv() before it has sent anything. There is no request, so there can be no reply.",
        zh = "再反过来：客户端还没发送任何东西就先调用 recv()。没有请求，自然也就没有应答。" }

  local eager = spawn("req_client", { name = "eager", connect = ENDPOINT, count = 1, recv_first = true })
  focus(eager)
  wait_until(function() return eager:stats().state == "stopped" end, 10)

  local e = eager:stats()
  expect(e.errors_by_kind.EFSM == 1,
         { en = string.format("recv before send failed too: %s (EFSM x%d)", e.last_error, e.errors_by_kind.EFSM),
           zh = string.format("先接收同样失败：%s（EFSM %d 次）", e.last_error, e.errors_by_kind.EFSM) })
  expect(e.sent == 1 and e.received == 1,
         { en = string.format("The refused call changed nothing: afterwards the client sent %d and received %d as usual",
                              e.sent, e.received),
           zh = string.format("被拒绝的调用没有造成影响：之后客户端照常发送 %d 个、接收 %d 个", e.sent, e.received) })

  hint { en = "In pyzmq the same mistakes raise zmq.ZMQError with this message; the try/except in server.py is there to catch such errors.",
         zh = "在 pyzmq 中，同样的错误会抛出带这条信息的 zmq.ZMQError；server.py 里的 try/except 就是用来捕获这类错误的。" }
  say { en = "Look at the picture before the next section clears it: twice and eager each show one error, and the server answered each of them once.",
        zh = "下一节会清空画面，先看一眼：twice 和 eager 各有一个错误，而服务端给它们各答复了一次。" }
end)

section({ en = "The server dies", zh = "服务端挂掉" }, function()
  local doomed = spawn("rep_server", { name = "doomed", bind = "inproc://doomed", work = 10 })
  focus(doomed)

  say { en = "Second kind of trouble: the server dies. A slow server, doomed, is in the picture: it will receive a client's request, and we kill it before it can answer.",
        zh = "第二类问题：服务端挂掉。画面里是一个处理很慢的服务端 doomed：它会收到客户端的请求，而我们会在它答复之前把它杀掉。" }

  ask {
    q = { en = "The server has the client's request and dies before it answers. What does the client, blocked in recv(), do?",
          zh = "服务端已经拿到客户端的请求，却在答复之前挂掉了。阻塞在 recv() 里的客户端会怎样？" },
    choices = {
      { en = "recv() returns an error", zh = "recv() 返回错误" },
      { en = "It waits forever", zh = "永远等下去" },
      { en = "ZeroMQ sends the request again", zh = "ZeroMQ 自动重发请求" },
      { en = "It receives an empty reply", zh = "收到一个空应答" },
    },
    answer = 2,
    hints = {
      { en = "Who could tell the client that the server died? Does anything travel back to it when doomed is killed?",
        zh = "谁能告诉客户端服务端挂了？doomed 被杀掉的时候，有什么东西会传回给客户端吗？" },
      { en = "The client waiting was started without a timeout. Watch its state in the picture after doomed is gone.",
        zh = "客户端 waiting 启动时没有设置超时。doomed 消失以后，看看画面里它的状态。" },
    },
    explain = { en = "Nobody tells a REQ socket that its request was lost. By default recv() has no timeout, so the client waits for a reply that will never come.",
                zh = "没有人会告诉 REQ 套接字它的请求丢了。recv() 默认没有超时，所以客户端会一直等待一个永远不会到来的应答。" },
  }

  local waiting = spawn("req_client", { name = "waiting", connect = "inproc://doomed", count = 1 })
  focus(waiting)
  wait_until(function() return doomed:stats().received >= 1 end, 10)
  doomed:kill()
  log { en = "doomed had the request and was killed before it replied.",
        zh = "doomed 拿到请求后、答复之前被杀掉了。" }

  wait(3)
  local w = waiting:stats()
  expect(doomed:stats().state == "stopped" and w.state == "blocked in recv" and w.received == 0,
         { en = string.format("The server is %s; 3 s later the client is still %s, %d replies",
                              doomed:stats().state, w.state, w.received),
           zh = string.format("服务端%s；3 秒后客户端仍然%s，收到 %d 个应答",
                              zh_state(doomed:stats().state), zh_state(w.state), w.received) })

  hint { en = "\"blocked in recv\" means the thread sits in recv() waiting for a message. Nothing will wake it: a restarted server would not know about the lost request either.",
         zh = "\"blocked in recv\" 表示线程停在 recv() 里等待消息。没有任何东西会唤醒它：即使重启服务端，它也不知道那个丢失的请求。" }
  say { en = "Look at waiting in the picture: doomed is gone, and waiting still sits in recv().",
        zh = "看画面里的 waiting：doomed 已经不在了，waiting 却还停在 recv() 里。" }

  -- Your turn: get the stuck client its reply with the keys (or ':').
  goal {
    text = { en = "Get waiting a reply after all",
             zh = "想办法让 waiting 最终收到一个应答" },
    check = function()
      local d, w = doomed:stats(), waiting:stats()
      return w.received >= 1,
             { en = string.format("doomed: %s · waiting: %s, replies %d — goal: 1", d.state, w.state, w.received),
               zh = string.format("doomed：%s · waiting：%s，%d 个应答 — 目标：1",
                                  zh_state(d.state), zh_state(w.state), w.received) }
    end,
    hints = {
      { en = "A reply needs two things: a server that is running, and a request that this server has received. Which of the two is missing now? Maybe both.",
        zh = "要得到应答需要两样东西：一个正在运行的服务端，以及这个服务端收到过的请求。现在缺的是哪一样？也许两样都缺。" },
      { en = "Tab selects an actor and r restarts it: its behaviour starts again from the top. What does a req_client do first when it starts? And a rep_server?",
        zh = "Tab 选中一个参与者，r 重启它：它的行为会从头开始运行。req_client 启动后第一件事做什么？rep_server 呢？" },
    },
    solution = { en = "Restart both: select doomed with Tab and press r (or :actor(\"doomed\"):restart()), then select waiting and press r (or :actor(\"waiting\"):restart()). A server alone does not help: the request it had died with it, so the client must send again. doomed takes 10 s to answer.",
                 zh = "两个都重启：用 Tab 选中 doomed 按 r（或 :actor(\"doomed\"):restart()），再选中 waiting 按 r（或 :actor(\"waiting\"):restart()）。只重启服务端没有用：它收到的请求已经随它一起消失了，客户端必须重新发送。doomed 需要 10 秒才能答复。" },
    play = function()
      doomed:restart()
      wait_until(function() return doomed:stats().state ~= "stopped" end, 5)
      waiting:restart()
    end,
  }
end)

section({ en = "A timeout", zh = "超时" }, function()
  say { en = "This is why real clients set a receive timeout (RCVTIMEO). When it expires they give up, or close the socket, open a new one and send again: the ZeroMQ Guide calls this the Lazy Pirate pattern.",
        zh = "所以实际的客户端都会设置接收超时（RCVTIMEO）。超时之后就放弃，或者关闭套接字、新建一个再重新发送请求，ZeroMQ 指南把这种做法称为 Lazy Pirate（懒惰海盗）模式。" }

  local doomed2 = spawn("rep_server", { name = "doomed2", bind = "inproc://doomed2", work = 10 })
  local careful = spawn("req_client", { name = "careful", connect = "inproc://doomed2", count = 1,
                                        timeout = 3000 })
  focus(careful)
  wait_until(function() return doomed2:stats().received >= 1 end, 10)
  doomed2:kill()
  wait_until(function() return careful:stats().state == "stopped" end, 15)

  local k = careful:stats()
  expect(k.errors_by_kind.EAGAIN == 1 and k.received == 0 and k.state == "stopped",
         { en = string.format("With a 3000 ms timeout the client's recv() gave up (EAGAIN x%d) and the client is %s, not stuck",
                              k.errors_by_kind.EAGAIN, k.state),
           zh = string.format("设置 3000 毫秒超时后，客户端的 recv() 放弃了（EAGAIN %d 次），客户端%s，没有卡住",
                              k.errors_by_kind.EAGAIN, zh_state(k.state)) })

  say { en = "To remember: a REQ must alternate send and recv (otherwise EFSM), and a client that waits without a timeout can wait forever.",
        zh = "要点：REQ 必须交替调用 send 和 recv（否则报 EFSM）；不设超时的客户端可能会永远等下去。" }
end)
