-- expect: NUL byte
-- line: 7
-- A NUL byte in a text once cut it there without a word.
lesson { id = "broken-say-nul", title = { en = "Broken: say-nul", zh = "错误：含 NUL 的文字" },
         summary = { en = "A text with a NUL.", zh = "含有 NUL 的文字。" }, level = "test" }

say("before\0after")
