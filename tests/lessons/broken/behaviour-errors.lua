-- expect: every check passes
-- modes: pass
-- A behaviour's error shows where (chunk:line) and what, in words: error
-- (nil) once read "nil", a table "table: 0x…", the memory error "not enough
-- memory" without a line. A __gc finalizer in a behaviour once hung zmqlab
-- for good (Lua runs it with hooks off: neither the kill nor SIGTERM got
-- through), and a socket opened in one kept zmq_ctx_term waiting at exit;
-- setmetatable refuses __gc, the actor can be killed, zmqlab ends. A
-- regression shows as a failed check or a run past the time limit.
lesson { id = "broken-behaviour-errors", title = { en = "Broken: behaviour errors", zh = "错误：行为的错误" },
         summary = { en = "Errors of behaviours, each with its line.", zh = "行为的错误，各带行号。" },
         level = "test" }

behaviour("gcloop", [[
local refused = not pcall(setmetatable, {}, { __gc = function () while true do end end })
report("refused", tostring(refused))
-- A non-function __gc would mark the table too, and a function put there later would run.
local flag = {}
local refused_flag = not pcall(setmetatable, flag, { __gc = true })
report("refused_flag", tostring(refused_flag))
while true do sleep(0.05) end
]])
behaviour("gcsocket", [[
setmetatable({}, { __gc = function () zmq.socket("PUSH") end })
]])
behaviour("enil", [[error(nil)]])
behaviour("etable", [[error({})]])
behaviour("eobject", [[
local value = setmetatable({}, { __tostring = function () return "custom words" end })
error(value)]])
behaviour("eloops", [[
error(setmetatable({}, { __tostring = function () while true do end end }))]])
behaviour("ememory", [[
local s = "x"
while true do s = s .. s end]])
behaviour("enul", [[report("k", "a\0b")]])
behaviour("ebind", [[
local s = zmq.socket("PUSH")
s:bind("inproc://cut\0here")]])
behaviour("eclose", [[
local guard <close> = setmetatable({}, { __close = function () report("closed", "yes") end })
error("boom")]])
behaviour("ecloseloop", [[
local guard <close> = setmetatable({}, { __close = function () while true do end end })
error("boom")]])
behaviour("ecstack", [[
local function f (s) return (s:gsub(".", f)) end
f("x")]])

local looping = spawn("gcloop", {})
wait_until(function () return looping:stats().report.refused_flag ~= nil end, 10)
expect(looping:stats().report.refused == "true", "setmetatable refused a __gc function")
expect(looping:stats().report.refused_flag == "true", "setmetatable refused a __gc that is no function")
looping:kill()
expect(looping:stats().state == "stopped", "the actor that tried a finalizer is killed")

local function crash (behaviour_name)
  local a = spawn(behaviour_name, {})
  wait_until(function () return a:stats().state == "crashed" end, 60)
  local detail = a:stats().detail
  log(behaviour_name .. ": " .. detail)
  return detail
end

local function expect_detail (name, pattern)
  local detail = crash(name)
  expect(detail:find(pattern) ~= nil, name .. " says where and what: " .. detail)
end

expect_detail("gcsocket", "^gcsocket:1: setmetatable: a metatable with __gc is not allowed")
expect_detail("enil", "^enil:1: error raised with nil, not a message$")
expect_detail("etable", "^etable:1: error raised with a table value, not a message$")
expect_detail("eobject", "^eobject:2: custom words$")
expect_detail("eloops", "^eloops:1: the error value's __tostring takes too long")
expect_detail("ememory", "^ememory:2: not enough memory %(a behaviour may use 64 MiB%)$")
expect_detail("ecstack", "^ecstack:1: .*stack overflow")
-- The <close> variables an error leaves open are closed, as pcall did; a
-- __close that loops is bounded.
expect_detail("eclose", "^eclose:2: boom$")
expect(actor("eclose"):stats().report.closed == "yes", "the error closed the <close> variable")
expect_detail("ecloseloop", "^ecloseloop:2: boom$")
-- A NUL byte would cut a report or an endpoint without a word: refused.
expect_detail("enul", "^enul:1: bad argument #2 to 'report' %(holds a NUL byte")
expect_detail("ebind", "^ebind:2: bad argument #1 to 'bind' %(holds a NUL byte")
