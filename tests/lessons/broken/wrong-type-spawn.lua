-- expect: bad argument #2 to 'spawn' (table expected, got string)
-- line: 7
-- spawn()'s params are a table.
lesson { id = "broken-spawn", title = { en = "Broken: spawn params", zh = "错误：spawn 参数" },
         summary = { en = "A wrong argument type.", zh = "参数类型错误。" }, level = "test" }

spawn("publisher", "x")
