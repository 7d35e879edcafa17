-- expect: say: expected a text
-- line: 7
-- say() takes a text, not a number.
lesson { id = "broken-say", title = { en = "Broken: say(42)", zh = "错误：say(42)" },
         summary = { en = "A wrong argument type.", zh = "参数类型错误。" }, level = "test" }

say(42)
