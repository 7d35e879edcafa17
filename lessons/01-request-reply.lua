-- 01-request-reply.lua: the tutorial's server.py and client.py, run side by side.
-- Lockstep (send, receive, send, receive) and replies that find their way back
-- without the program ever handling an address.

lesson {
  id = "request-reply",
  title = { en = "Request-reply: server and client",
            zh = "请求应答模式：服务端与客户端" },
  summary = { en = "The tutorial's server.py and client.py side by side: how many requests can a client have on their way, and how does a reply find the client that asked?",
              zh = "把教程里的 server.py 和 client.py 并排运行：一个客户端同时能有几个请求在途中？应答又是怎样找到提问的客户端的？" },
  level = "beginner",
}

local ENDPOINT = "inproc://reqrep"

section({ en = "Server and client", zh = "服务端与客户端" }, function()
  say { en = "The first pattern of the tutorial is request-reply. A client sends a request with a REQ socket; the server receives it with a REP socket and must answer it.",
        zh = "教程介绍的第一个模式是请求应答模式。客户端用 REQ 套接字发送请求，服务端用 REP 套接字接收，并且必须给出答复。" }

  -- The server takes half a second per request, so we can watch the client wait.
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT, work = 0.5 })
  local client = spawn("req_client", { name = "client", connect = ENDPOINT, feed = true })
  focus(client)

  say { en = "The lab runs the tutorial's two programs as actors: lessons/actors/rep_server.lua plays server.py and req_client.lua plays client.py, and they read much the same. They share one context and talk over inproc:// instead of tcp://*:5555, so no port is needed.",
        zh = "实验室把教程里的两个程序作为角色来运行：lessons/actors/rep_server.lua 扮演 server.py，req_client.lua 扮演 client.py，写法和教程的代码基本一致。它们共用一个上下文，通过 inproc:// 通信，而不是 tcp://*:5555，所以用不到端口。" }

  say { en = "If you typed in the tutorial's code, you may have met a few small slips. server.py has a full-width colon in \"try：\" (and a full-width comma in the print), and the lines under try are not indented evenly: Python stops with a SyntaxError or IndentationError.",
        zh = "如果你照着教程敲过代码，可能遇到过几处小错误。server.py 的 \"try：\" 用了全角冒号（print 里也有一个全角逗号），try 下面几行的缩进也不一致，Python 会报 SyntaxError 或 IndentationError。" }

  say { en = "client.py reads the line into input1 but sends input.encode('utf-8'): input is Python's built-in function, so that line fails; it should be input1.encode('utf-8'). And the notes under server.py say the socket binds to 5556 (and call it a publisher), while the code binds a REP socket on 5555.",
        zh = "client.py 把输入读进 input1，发送的却是 input.encode('utf-8')。input 是 Python 的内置函数，这一行会出错，应写成 input1.encode('utf-8')。另外，server.py 下方的说明写的是绑定到 5556（还称它为发布者套接字），而代码实际是在 5555 上绑定 REP 套接字。" }

  wait_until(function() return client:stats().state == "waiting for input" end, 10)

  say { en = "The client now waits at input(), like client.py at its prompt \"请输入内容：\". We type \"Hello\" for it.",
        zh = "客户端现在停在 input() 处，就像 client.py 显示提示 \"请输入内容：\" 时那样。我们替它输入 \"Hello\"。" }

  client:feed("Hello")
  wait_until(function()
    return client:stats().received >= 1 and server:stats().sent >= 1
  end, 15)

  local s, c = server:stats(), client:stats()
  expect(s.received == 1 and s.sent == 1,
         { en = string.format("The server received %d request and sent %d reply", s.received, s.sent),
           zh = string.format("服务端收到 %d 个请求，发出 %d 个应答", s.received, s.sent) })
  expect(c.sent == 1 and c.received == 1,
         { en = string.format("The client sent %d request and got %d reply back", c.sent, c.received),
           zh = string.format("客户端发出 %d 个请求，收回 %d 个应答", c.sent, c.received) })

  ask {
    q = { en = "The server takes half a second per request. We now type two lines at once, \"one\" and \"two\". How many requests will the client have on their way at the same time?",
          zh = "服务端处理每个请求要半秒。现在我们一口气输入两行：\"one\" 和 \"two\"。客户端同一时刻最多会有几个请求在途中？" },
    choices = {
      { en = "Two: both lines go out at once", zh = "两个：两行一起发出去" },
      { en = "One: \"two\" waits until the reply to \"one\" has arrived", zh = "一个：\"two\" 要等 \"one\" 的应答回来以后才发送" },
      { en = "None: typing twice is an error", zh = "零个：连续输入两次会出错" },
    },
    answer = 2,
    hints = {
      { en = "Read the client's loop in client.py (or req_client.lua): what does it call right after socket.send?",
        zh = "读一读 client.py（或 req_client.lua）里客户端的循环：socket.send 之后紧接着调用的是什么？" },
      { en = "Watch the client's state in the picture while the server works on \"Hello\": could it send anything in that state?",
        zh = "服务端处理 \"Hello\" 的时候，看看画面里客户端的状态：处在这个状态时，它还能发送别的东西吗？" },
    },
    explain = { en = "A REQ socket works in lockstep: send, then receive, then send again. The client loop in client.py is written the same way: socket.send, then socket.recv.",
                zh = "REQ 套接字严格轮流工作：发送，然后接收，再发送。client.py 的循环也是这样写的：先 socket.send，再 socket.recv。" },
  }

  -- Sample the client on every frame: how many requests are waiting for a reply?
  local most = 0
  slowed(0.33, function()
    client:feed("one")
    client:feed("two")
    wait_until(function()
      local now = client:stats()
      most = math.max(most, now.sent - now.received)
      return now.received >= 3
    end, 20)
  end)

  c, s = client:stats(), server:stats()
  expect(most == 1 and c.sent == 3 and c.received == 3,
         { en = string.format("Lockstep: %d requests, %d replies, never more than %d outstanding", c.sent, c.received, most),
           zh = string.format("严格轮流：%d 个请求，%d 个应答，在途的请求从未超过 %d 个", c.sent, c.received, most) })

  hint { en = "In the view, the client shows \"blocked in recv\" while the server is working: it cannot send anything else until the reply comes.",
         zh = "在界面上，服务端处理请求时客户端显示 \"blocked in recv\"（阻塞在接收）：应答回来之前它什么也不能再发。" }

  say { en = "Like client.py, our client stops when you type \"b\".",
        zh = "和 client.py 一样，输入 \"b\" 客户端就会退出。" }

  client:feed("b")
  wait_until(function() return client:stats().state == "stopped" end, 10)
  expect(client:stats().state == "stopped",
         { en = "The client read \"b\" and stopped", zh = "客户端读到 \"b\" 后退出了" })
  say { en = "Look at the link client → server before the next section clears the picture: three requests went one way, three replies came back.",
        zh = "下一节会清空画面，先看看 client → server 这条连接：三个请求发了过去，三个应答回来了。" }
end)

section({ en = "Replies find their way back", zh = "应答自己找到回去的路" }, function()
  local server = spawn("rep_server", { name = "server", bind = ENDPOINT, work = 0.5 })
  focus(server)

  say { en = "Look at rep_server.lua: the server calls socket:recv() and then socket:send(reply). It never says where the reply goes. With one client that is easy; now two clients, alice and bob, will share this server.",
        zh = "看一下 rep_server.lua：服务端先调用 socket:recv()，再调用 socket:send(reply)，从来没有说明应答要发到哪里。只有一个客户端时这不成问题；现在会有两个客户端 alice 和 bob 共用这个服务端。" }

  ask {
    q = { en = "Two clients, alice (3 requests) and bob (2 requests), talk to the same server at the same time. Where do bob's replies go?",
          zh = "两个客户端 alice（3 个请求）和 bob（2 个请求）同时向同一个服务端发送请求。bob 的应答会送到哪里？" },
    choices = {
      { en = "To bob, every one of them", zh = "全部送给 bob" },
      { en = "Alternately to alice and bob", zh = "轮流送给 alice 和 bob" },
      { en = "To every connected client", zh = "送给所有已连接的客户端" },
      { en = "Nowhere: the server must be told the address", zh = "哪里也去不了：必须告诉服务端地址" },
    },
    answer = 1,
    hints = {
      { en = "The server's code calls socket:send(reply) with no address. Which of the choices would still let a client make sense of the reply it gets?",
        zh = "服务端的代码调用 socket:send(reply) 时没有写地址。哪个选项还能让客户端理解它收到的应答？" },
      { en = "Remember the previous section: the client sent 3 requests and got 3 replies back, never one more or less. The links server → alice and server → bob will count the replies.",
        zh = "回想上一节：客户端发出 3 个请求，收回 3 个应答，不多也不少。server → alice 和 server → bob 这两条连接会统计各自的应答数。" },
    },
    explain = { en = "Each reply goes back to the client that sent the request. ZeroMQ remembers who asked, hidden in the request, and the REP sends the reply back there: the application never handles the address.",
                zh = "每个应答都回到发出该请求的客户端。ZeroMQ 在请求里隐含地记下了是谁提问的，REP 就把应答送回那里：应用程序从不需要处理地址。" },
  }

  local alice, bob
  slowed(0.5, function()
    alice = spawn("req_client", { name = "alice", connect = ENDPOINT, count = 3, interval = 0 })
    bob = spawn("req_client", { name = "bob", connect = ENDPOINT, count = 2, interval = 0 })
    wait_until(function()
      return alice:stats().state == "stopped" and bob:stats().state == "stopped"
    end, 20)
  end)

  local a, b = alice:stats(), bob:stats()
  local to_alice, to_bob = link("server", "alice"), link("server", "bob")
  expect(to_bob and to_bob.delivered == b.sent and b.received == b.sent,
         { en = string.format("bob sent %d requests; the server delivered %d replies to him", b.sent, to_bob and to_bob.delivered or 0),
           zh = string.format("bob 发出 %d 个请求，服务端给他送回 %d 个应答", b.sent, to_bob and to_bob.delivered or 0) })

  expect(to_alice and to_alice.delivered == a.sent and a.received == a.sent,
         { en = string.format("alice sent %d requests; the server delivered %d replies to her", a.sent, to_alice and to_alice.delivered or 0),
           zh = string.format("alice 发出 %d 个请求，服务端给她送回 %d 个应答", a.sent, to_alice and to_alice.delivered or 0) })
  -- Your turn: a third client of your own, with the ':' command line.
  goal {
    text = { en = "Bring a third client, carol, to the same server and get her 4 replies",
             zh = "再让第三个客户端 carol 连到同一个服务端，并收到她的 4 个应答" },
    check = function()
      local carol = actor("carol")
      local to_carol = carol and link("server", "carol")
      local got = to_carol and to_carol.delivered or 0
      return got >= 4 and carol:stats().received >= 4,
             { en = string.format("server → carol: %d replies — goal: 4", got),
               zh = string.format("server → carol：%d 个应答 — 目标：4", got) }
    end,
    hints = {
      { en = "A client is an actor running req_client, like alice and bob. The ':' command line runs any call a lesson makes, and starts actors too.",
        zh = "客户端就是运行 req_client 的参与者，和 alice、bob 一样。':' 命令行可以执行课程里的任何调用，也能启动参与者。" },
      { en = "help(\"req_client\") lists a client's params: its name, where it connects (the endpoint alice and bob used: Tab selects one, and its details show it) and how many requests it sends.",
        zh = "help(\"req_client\") 会列出客户端的参数：名字、连接到哪里（alice 和 bob 用的端点：用 Tab 选中其中一个，详情里就有）以及发送多少个请求。" },
    },
    solution = { en = "Type :spawn(\"req_client\", { name = \"carol\", connect = \"inproc://reqrep\", count = 4 }) and press Enter. Each of carol's replies comes back to her, as alice's and bob's did.",
                 zh = "输入 :spawn(\"req_client\", { name = \"carol\", connect = \"inproc://reqrep\", count = 4 }) 再按回车。carol 的每个应答都会回到她那里，和 alice、bob 的一样。" },
    -- Whatever the learner tried before: the server runs, and a carol
    -- they started already starts again with the right params.
    play = function()
      local s = server:stats()
      if s.paused or s.state == "stopped" or s.state == "crashed" then server:restart() end
      local params = { name = "carol", connect = ENDPOINT, count = 4 }
      if actor("carol") then actor("carol"):restart(params) else spawn("req_client", params) end
    end,
  }

  say { en = "To remember: request and reply take turns, the REP must answer every request, and the reply finds its way back by itself. Next lesson: what happens when the turns are broken.",
        zh = "要点：请求和应答轮流进行，REP 必须答复每个请求，应答会自己找到回去的路。下一课：打乱这种轮流会发生什么。" }
end)
