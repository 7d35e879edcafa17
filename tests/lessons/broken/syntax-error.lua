-- expect: ')' expected
-- line: 9
-- A call that is never closed: Lua notices at the next statement.
lesson { id = "broken-syntax", title = { en = "Broken: syntax", zh = "错误：语法" },
         summary = { en = "A syntax error.", zh = "一个语法错误。" }, level = "test" }

say({ en = "Hello", zh = "你好" }

say({ en = "Never shown", zh = "不会显示" })
