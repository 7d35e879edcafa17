-- req_client.lua: the tutorial's client.py. A REQ socket sends a request, then waits for the reply.
-- params: connect = "inproc://reqrep", text = "Hello", count = 10 (0 = forever), interval = 1;
--         feed = true reads each request with input() ("b" ends); mistakes to try: send_twice,
--         recv_first; timeout (RCVTIMEO in lab ms); relaxed (REQ_RELAXED)

local endpoint = params.connect or "inproc://reqrep"
local text = params.text or "Hello"
local count = params.count or 10
local interval = params.interval or 1

local socket = zmq.socket("REQ")
if params.timeout then socket:set("RCVTIMEO", params.timeout) end
if params.relaxed then socket:set("REQ_RELAXED", true) end
assert(socket:connect(endpoint))

if params.recv_first then
  -- A REQ must send first: receiving now breaks its send/recv lockstep (EFSM).
  local _, err = socket:recv()
  log("recv before send: " .. tostring(err))
end

-- The next request: typed by the learner (feed) or generated ("Hello 1", "Hello 2", ...).
local sent = 0
local function next_request()
  if params.feed then
    local line = input("Enter a request: "):match("^%s*(.-)%s*$")   -- strip spaces
    if line == "b" then return nil end                               -- "b" ends
    return line
  end
  if count > 0 and sent >= count then return nil end
  return text .. " " .. (sent + 1)
end

local replies = 0
local request = next_request()
while request do
  assert(socket:send(request))
  sent = sent + 1

  if params.send_twice then
    -- Another request before the reply has arrived: the REQ refuses it (EFSM).
    local ok, err = socket:send(request .. " (again)")
    log(ok and "second send accepted" or "second send: " .. err)
  end

  local reply, err, code = socket:recv()
  if not reply then
    if code == "EAGAIN" then
      log("No reply within " .. params.timeout .. " ms, giving up")
    else
      log("Error: " .. err)
    end
    break
  end
  log("Received reply: " .. reply)
  replies = replies + 1
  report("replies", replies)

  request = next_request()
  if request and not params.feed and interval > 0 then sleep(interval) end
end
