-- expect: custom message
-- line: 7
-- An error value with __tostring once showed as "error (not a string)".
lesson { id = "broken-error-object", title = { en = "Broken: error-object", zh = "错误：错误对象" },
         summary = { en = "An error object.", zh = "一个错误对象。" }, level = "test" }

error(setmetatable({}, { __tostring = function () return "custom message" end }))
