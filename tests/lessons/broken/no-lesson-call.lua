-- expect: lesson {
-- No call at all: not a lesson. (It once came without file:line.)
local greeting = "hello"
