-- Exercise 10, a solution: the Guide's Lazy Pirate client (lpclient).
-- 练习 10 的参考答案：指南里的懒惰海盗客户端（lpclient）。

local endpoint = params.connect or "tcp://localhost:5555"
local timeout = params.timeout or 2.5
local retries = params.retries or 3

local function connect()
  local socket = zmq.socket("REQ")
  assert(socket:connect(endpoint))
  return socket
end

local socket = connect()
for sequence = 1, 10 do
  local request = "Hello " .. sequence
  local tries = 0
  local reply
  repeat
    assert(socket:send(request))
    tries = tries + 1
    if #zmq.poll({ socket }, timeout) > 0 then
      reply = assert(socket:recv())
    else
      -- The REQ socket waits for a reply that will not come: it would refuse another
      -- send. Throw it away and take a fresh one.
      -- 这个 REQ 套接字还在等一个不会来的应答，会拒绝再次发送。扔掉它，换一个新的。
      socket:close()
      if tries >= retries then
        log("Server seems to be offline, abandoning")
        return
      end
      log("No response from server, retrying...")
      socket = connect()
    end
  until reply
  log("Received reply: " .. reply)
end
