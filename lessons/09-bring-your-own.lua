-- 09-bring-your-own.lua: the tutorial's own programs against zmqlab over tcp. zmqlab
-- plays one side of each pattern on the tutorial's ports (REP 5555, PUB 5556, the
-- pipeline 5557-5559); the learner runs the Python program for the other side in a
-- second terminal and watches it appear as an outside peer, "ext1".

lesson {
  id = "bring-your-own",
  title = { en = "Bring your own program",
            zh = "带上你自己的程序" },
  summary = { en = "Run the tutorial's Python client, subscriber and worker against zmqlab over tcp and watch them in the picture as outside programs.",
              zh = "用教程里的 Python 客户端、订阅者和 worker 通过 tcp 连接 zmqlab，看它们作为外部程序出现在画面里。" },
  level = "intermediate",
  needs = "outside",
}

-- Long enough to open a terminal and type; a class may take a while.
local PATIENCE = 300

-- The outside peers of one actor, as outside() lists them.
local function peers_of(name)
  local found = {}
  for _, peer in ipairs(outside().peers) do
    if peer.actor == name then found[#found + 1] = peer end
  end
  return found
end

-- What all of NAME's outside peers sent it, added up.
local function sent_by_outside(name)
  local total = 0
  for _, peer in ipairs(peers_of(name)) do total = total + peer.sent end
  return total
end

-- For section 2, publish-subscribe: an XPUB shows the subscription.
behaviour("news_desk", [[
-- A PUB that also shows its subscribers' subscriptions: an XPUB hands each
-- subscription to the program as a message, "\1topic" (or "\0topic" when one ends).
local desk = zmq.socket("XPUB")
assert(desk:bind(params.bind))
local texts = { "news Hello, subscribers!", "weather Sunny, 25 degrees" }
local turn = 0
local topics = {}     -- subscribed now, for the goal: a later one does not hide it
while true do
  while #zmq.poll({ desk }, 0) > 0 do
    local subscription, from = desk:recv()
    local topic = subscription:sub(2)
    local who = from or "a subscriber"
    if subscription:byte(1) == 1 then
      log(who .. " subscribed to '" .. topic .. "'")
      report("subscribed", topic)
      topics[topic] = (topics[topic] or 0) + 1
    else
      log(who .. " unsubscribed from '" .. topic .. "'")
      topics[topic] = (topics[topic] or 1) - 1
    end
    local now = {}
    for name, n in pairs(topics) do
      if n > 0 then now[#now + 1] = name end
    end
    table.sort(now)
    report("topics", " " .. table.concat(now, " ") .. " ")
  end
  turn = turn % #texts + 1
  desk:send(texts[turn])
  sleep(params.interval or 0.5)
end
]])

section({ en = "Request-reply over tcp", zh = "tcp 上的请求应答" }, function()
  say { en = "The tutorial's programs are ordinary pyzmq scripts talking over tcp. zmqlab can play one side while your own program plays the other: ZeroMQ does not care who is at the other end of a socket. Anything that connects from outside zmqlab appears as a box named ext1, ext2, … with its address.",
        zh = "教程里的程序都是普通的 pyzmq 脚本，通过 tcp 通信。zmqlab 可以扮演其中一方，由你自己的程序扮演另一方：ZeroMQ 并不关心套接字另一端是谁。从 zmqlab 外部连进来的程序会显示为名为 ext1、ext2……的方框，并标出它的地址。" }

  say { en = "You need Python 3 with pyzmq (Debian: apt install python3-zmq) and a second terminal. zmqlab ships fixed copies of the tutorial's programs in lessons/py/: client.py, subscriber.py and worker.py. The tutorial's own files work too once their small mistakes are fixed: in server.py the full-width colon after try and the indentation below it, in client.py socket.send(input.encode(...)) must be input1.",
        zh = "你需要装有 pyzmq 的 Python 3（Debian：apt install python3-zmq）和第二个终端。zmqlab 在 lessons/py/ 里附带了教程程序修正后的副本：client.py、subscriber.py 和 worker.py。教程原文的程序改掉几处小错误后也能用：server.py 里 try 后面的全角冒号和它下面的缩进，client.py 里 socket.send(input.encode(...)) 应为 input1。" }

  -- 1. Request-reply: zmqlab is server.py, the learner runs client.py.
  local server = spawn("rep_server", { name = "server", bind = "tcp://127.0.0.1:5555" })
  focus(server)

  say { en = "zmqlab's server is a REP socket bound to tcp://127.0.0.1:5555: loopback, so only this machine can reach it (start zmqlab with --listen 0.0.0.0 to let a class connect; the status bar then says the lab is reachable). In another terminal, in zmqlab's directory, run:\n\n  python3 lessons/py/client.py\n\nand type three requests, pressing Enter after each. zmqlab waits up to five minutes.",
        zh = "zmqlab 的服务端是绑定在 tcp://127.0.0.1:5555 上的 REP 套接字：回环地址，只有本机能连上（用 --listen 0.0.0.0 启动 zmqlab，全班就都能连接，状态栏会提示实验可被其他机器访问）。请在另一个终端里、zmqlab 的目录下运行：\n\n  python3 lessons/py/client.py\n\n然后输入三个请求，每个后面按回车。zmqlab 最多等五分钟。" }

  wait_until(function() return sent_by_outside("server") >= 3 end, PATIENCE)

  local clients = peers_of("server")
  local client = clients[1]
  expect(client ~= nil and sent_by_outside("server") >= 3,
         { en = string.format("An outside program sent the server %d requests%s", sent_by_outside("server"),
                              client and (" (" .. client.name .. " at " .. client.address .. ")") or ""),
           zh = string.format("一个外部程序向服务端发送了 %d 个请求%s", sent_by_outside("server"),
                              client and ("（" .. client.name .. "，地址 " .. client.address .. "）") or "") })

  if client then
    ask {
      q = { en = "Messages from zmqlab's own actors carry a stamp, [sender#sequence], from which zmqlab counts lost and missed messages. Your client's requests carry none. What can zmqlab tell about the line from " .. client.name .. " to the server?",
            zh = "zmqlab 自己的参与者发出的消息都带一个印记 [发送者#序号]，zmqlab 靠它统计丢失和错过的消息。你的客户端发出的请求没有印记。关于从 " .. client.name .. " 到服务端的这条线，zmqlab 能知道什么？" },
      choices = {
        { en = "How many arrived, but not whether any were lost", zh = "到了多少条，但不知道有没有丢失" },
        { en = "Everything, as for its own actors", zh = "和自己的参与者一样，什么都知道" },
        { en = "Nothing: outside messages are invisible", zh = "什么也不知道：外部消息看不见" },
      },
      answer = 1,
      hints = {
        { en = "Counting and checking are two things: which of them needs the numbers in the stamp?",
          zh = "计数和核对是两回事：哪一件需要印记里的序号？" },
        { en = "Look at the line from your client to the server in the picture: it counts what comes in on that connection. What would it need to see a gap?",
          zh = "看画面里从你的客户端到服务端的那条线：它统计从这条连接进来的消息。要看出缺口，它还需要什么？" },
      },
      explain = { en = "zmqlab counts each message by the connection it came in on, so the counts are exact; without sequence numbers a gap cannot be seen. The line says \"no stamps\".",
                  zh = "zmqlab 按消息到达的连接来计数，所以数量是准确的；但没有序号就看不出缺口。那条线上标着\"无印记\"。" },
    }
    local line = link(client.name, "server")
    local s = server:stats()
    client = peers_of("server")[1]
    expect(line ~= nil and line.delivered == client.sent and client.received == client.sent
           and s.lost == 0 and s.missed == 0,
           { en = string.format("The line from %s counted %d requests, the server answered %d, and shows no loss: there is nothing to check it against", client.name, line and line.delivered or 0, client.received),
             zh = string.format("从 %s 过来的线上计了 %d 个请求，服务端回了 %d 个应答，没有显示丢失：没有可以对照的序号", client.name, line and line.delivered or 0, client.received) })
    hint { en = "The replies your client printed end with [server#1], [server#2], …: zmqlab stamps every message its actors send, also to programs outside.",
           zh = "你的客户端打印出的应答末尾带着 [server#1]、[server#2]……：zmqlab 给自己参与者发出的每条消息都加印记，发给外部程序的也不例外。" }
    say { en = "Look at the replies in your client's terminal, and at its line in the picture, before the next section starts a new experiment.",
          zh = "下一节开始新的实验之前，看看你的客户端终端里的应答，以及画面里它的那条线。" }
  end
end)

section({ en = "Publish-subscribe over tcp", zh = "tcp 上的订阅发布" }, function()

  local desk = spawn("news_desk", { name = "desk", bind = "tcp://127.0.0.1:5556" })
  focus(desk)

  say { en = "Now zmqlab publishes on tcp://127.0.0.1:5556, in turn \"news …\" and \"weather …\". Stop the client (type b), then run the subscriber, which subscribes to \"news\":\n\n  python3 lessons/py/subscriber.py\n\nzmqlab's publisher is an XPUB, a PUB that also tells the program each subscription, so you see yours arrive.",
        zh = "现在 zmqlab 在 tcp://127.0.0.1:5556 上轮流发布 \"news …\" 和 \"weather …\"。先停掉客户端（输入 b），再运行订阅者，它订阅 \"news\"：\n\n  python3 lessons/py/subscriber.py\n\nzmqlab 的发布者是一个 XPUB：它和 PUB 一样发布消息，还会把每个订阅告诉程序，所以你能看到你的订阅到达。" }

  wait_until(function()
    return desk:stats().report.subscribed ~= nil and #peers_of("desk") > 0
  end, PATIENCE)

  local subscription = desk:stats().report.subscribed
  expect(subscription == "news",
         { en = string.format("The subscription from outside reached the publisher: '%s'", subscription or "none"),
           zh = string.format("外部的订阅到达了发布者：'%s'", subscription or "无") })
  -- A section ends with a fresh lab: desk must have served the subscriber first. It
  -- alternates news and weather, so eight sends after the subscription are four news:
  -- one more than the tutorial's subscriber prints, so that its three have left.
  local from = desk:stats().sent
  wait_until(function() return desk:stats().sent >= from + 8 end, PATIENCE)
  local since = desk:stats().sent - from
  expect(since >= 8,
         { en = string.format("Since your subscription arrived, desk has published %d messages, half of them news", since),
           zh = string.format("你的订阅到达之后，desk 又发布了 %d 条消息，其中一半是 news", since) })
  say { en = "Your subscriber prints only the \"news …\" messages: the filtering happens at the publisher, which never sends \"weather …\" over the network to a subscriber that did not ask for it.",
        zh = "你的订阅者只打印 \"news …\" 消息：过滤发生在发布者一端，没订阅 \"weather\" 的订阅者根本不会通过网络收到 \"weather …\"。" }

  -- Your turn: desk tells every subscription it gets (report "subscribed"), from an outside
  -- program or from an actor of the lab alike.
  goal {
    text = { en = "Get desk's weather too: make a subscription to \"weather\" reach desk",
             zh = "把 desk 的天气也收下来：让一个 \"weather\" 订阅到达 desk" },
    check = function()
      local topics = desk:stats().report.topics or ""
      local shown = topics:match("^%s*(.-)%s*$")
      return topics:find(" weather ", 1, true) ~= nil,
             { en = string.format("desk's subscriptions now: %s — goal: weather among them", shown ~= "" and shown or "none"),
               zh = string.format("desk 现在的订阅：%s — 目标：其中有 weather", shown ~= "" and shown or "无") }
    end,
    hints = {
      { en = "The subscription is chosen by the subscriber, not by the publisher: desk sends weather already, to whoever asks.",
        zh = "订阅由订阅者决定，而不是发布者：desk 已经在发天气了，谁订阅就发给谁。" },
      { en = "Look at the top of lessons/py/subscriber.py: it says which arguments it takes.",
        zh = "看看 lessons/py/subscriber.py 开头的说明：里面写着它接受哪些参数。" },
      { en = "Without Python, an actor of the lab can subscribe over tcp too: help(\"subscriber\") on the command line.",
        zh = "没有 Python 的话，实验里的参与者也能通过 tcp 订阅：在命令行里输入 help(\"subscriber\")。" },
    },
    solution = { en = "In the second terminal: python3 lessons/py/subscriber.py tcp://localhost:5556 weather\nOr on zmqlab's command line: :spawn(\"subscriber\", { name = \"weather\", connect = \"tcp://127.0.0.1:5556\", subscribe = \"weather\" })",
                 zh = "在第二个终端里：python3 lessons/py/subscriber.py tcp://localhost:5556 weather\n或者在 zmqlab 的命令行里：:spawn(\"subscriber\", { name = \"weather\", connect = \"tcp://127.0.0.1:5556\", subscribe = \"weather\" })" },
    play = function()
      resume_all()
      stepping(false)
      local d = desk:stats()
      if d.paused or d.state == "stopped" or d.state == "crashed" then desk:restart() end
      local params = { name = "weather", connect = "tcp://127.0.0.1:5556", subscribe = "weather" }
      if actor("weather") then actor("weather"):restart(params) else spawn("subscriber", params) end
    end,
    timeout = 30,
  }
end)

section({ en = "The pipeline over tcp", zh = "tcp 上的并行管道" }, function()
  -- The pipeline: zmqlab is the ventilator and the sink, the learner is the worker.
  local TASKS = 10
  local sink = spawn("sink", { name = "sink", bind = "tcp://127.0.0.1:5559",
                               sync = "tcp://127.0.0.1:5558", expected = TASKS })
  local vent = spawn("ventilator", { name = "vent", bind = "tcp://127.0.0.1:5557",
                                     sink = "tcp://127.0.0.1:5558", tasks = TASKS,
                                     wait = "workers", workers = 1 })
  focus(sink)

  say { en = "Last, the parallel pipeline on the tutorial's ports: zmqlab's ventilator hands out tasks on 5557, its sink collects results on 5559 (and the start signal on 5558). Stop the subscriber (Ctrl-C) and be the worker:\n\n  python3 lessons/py/worker.py\n\nThe ventilator waits until a worker has connected, then sends " .. TASKS .. " tasks. Your worker appears twice, once per socket: one box takes the tasks, the other hands in the results.",
        zh = "最后是教程端口上的并行管道：zmqlab 的 ventilator 在 5557 上分发任务，sink 在 5559 上收集结果（5558 上收开始信号）。停掉订阅者（Ctrl-C），由你来当 worker：\n\n  python3 lessons/py/worker.py\n\nventilator 会等到有 worker 连上，然后发出 " .. TASKS .. " 个任务。你的 worker 会出现两次，每个套接字一个方框：一个领任务，一个交结果。" }

  -- The sink reports its figures after every result: wait for all of them.
  wait_until(function() return (sink:stats().report.results or 0) >= TASKS end, PATIENCE)

  local results = sink:stats().report.results or 0
  local workers = peers_of("sink")
  local worker = workers[#workers]
  expect(results == TASKS and worker ~= nil and sent_by_outside("sink") == TASKS,
         { en = string.format("The sink collected %d of %d results, all from outside (%s)", results, TASKS,
                              sink:stats().report.per_worker or ""),
           zh = string.format("sink 收齐了 %d/%d 个结果，全部来自外部（%s）", results, TASKS,
                              sink:stats().report.per_worker or "") })
  expect(sink:stats().lost == 0 and sink:stats().missed == 0,
         { en = "Your worker's results quote the task with its stamp, \"Processed Task 0 [vent#1]\", yet the sink counts nothing as lost or missed: zmqlab reads stamps only from its own actors, by the connection a message came in on, never by its text",
           zh = "你的 worker 发回的结果引用了带印记的任务（\"Processed Task 0 [vent#1]\"），但 sink 没有记下任何丢失或错过：zmqlab 只按消息到达的连接识别自己参与者的印记，从不按文本判断" })

  say { en = "To remember: ZeroMQ is the same library on both sides, whatever the language. zmqlab sees an outside program by its connection (libzmq's socket monitor) and counts its messages, but cannot check them for gaps. A teacher can run zmqlab --listen 0.0.0.0 and let a whole class connect; the status bar shows the lab is reachable, and --max-peers (default 64) limits how many may connect at once.",
        zh = "要点：无论用什么语言，两边用的都是同一个 ZeroMQ 库。zmqlab 通过连接（libzmq 的 socket monitor）看到外部程序，并统计它的消息，但无法检查缺口。老师可以用 zmqlab --listen 0.0.0.0 让全班连进来；状态栏会提示实验可被访问，--max-peers（默认 64）限制同时连接的数量。" }
end)
