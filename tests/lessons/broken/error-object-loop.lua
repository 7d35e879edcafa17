-- expect: the error value's __tostring did not finish
-- line: 8
-- An error value whose __tostring loops: the lesson says so at the error's
-- line (the loop runs under a budget; it must not hang the lesson).
lesson { id = "broken-error-object-loop", title = { en = "Broken: error object loop", zh = "错误：错误对象死循环" },
         summary = { en = "An error value that never turns into text.", zh = "无法变成文字的错误值。" }, level = "test" }

error(setmetatable({}, { __tostring = function () while true do end end }))
