-- expect: lesson {
-- No call at all: not a lesson. (BUG: headless says so without file:line.)
local greeting = "hello"
