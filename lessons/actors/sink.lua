-- sink.lua: the tutorial's pipeline Sink. It waits for the ventilator's start signal, then
-- collects the workers' results and times the batch. params: bind = "inproc://results",
-- sync = "inproc://sync", expected = 10. Reports expected, and after every result elapsed
-- (start to the latest result), per_worker ("w1=4 w2=3 w3=3") and results (how many so far):
-- with tasks lost on the way the figures so far are there, the batch is done when
-- results = expected.

local endpoint = params.bind or "inproc://results"
local sync = params.sync or "inproc://sync"
local expected = params.expected or 10

local receiver = zmq.socket("PULL")             -- results from the workers
assert(receiver:bind(endpoint))

local sync_receiver = zmq.socket("PULL", "sync") -- start signal from the ventilator
assert(sync_receiver:bind(sync))

log("Waiting for synchronization signal...")
sync_receiver:recv()
local start = now()                             -- the batch starts now

log("Collecting results...")
local results = 0
local per_worker = {}                           -- worker name -> results counted
local elapsed = 0

-- "w1=4 w2=3 w3=3", sorted by worker name
local function spread()
  local names = {}
  for worker in pairs(per_worker) do names[#names + 1] = worker end
  table.sort(names)
  local parts = {}
  for i, worker in ipairs(names) do parts[i] = worker .. "=" .. per_worker[worker] end
  return table.concat(parts, " ")
end

-- The figures so far. "results" last: a reader that sees results = N finds the
-- elapsed time and the spread of those N results already there.
local function publish()
  report("elapsed", string.format("%.2f", elapsed))
  report("per_worker", spread())
  report("results", results)
end

report("expected", expected)
publish()                                       -- the batch has started: 0 so far
while results < expected do                     -- anything beyond expected is left unread
  local result, from = receiver:recv()          -- from: the sending worker's name
  log("Received result: " .. result)
  local worker = from or "?"                    -- "?": sent from outside the lab
  per_worker[worker] = (per_worker[worker] or 0) + 1
  results = results + 1
  elapsed = now() - start
  publish()
end
log(string.format("Collected %d results in %.2f s (%s)", results, elapsed, spread()))

receiver:close()
sync_receiver:close()
