-- expect: title: expected a text
-- line: 4
-- The title is a text, not a number.
lesson { id = "broken-meta", title = 42,
         summary = { en = "Wrong metadata.", zh = "元数据错误。" }, level = "test" }

say({ en = "Never shown", zh = "不会显示" })
