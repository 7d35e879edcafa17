-- expect: text has no translation in zh
-- line: 11
-- modes: check pass
-- One text in English only: a check reports it; a run falls back and passes.
lesson { id = "broken-translation", title = { en = "Broken: translation", zh = "错误：翻译" },
         summary = { en = "A text without Chinese.", zh = "缺少中文的文本。" }, level = "test" }

say({ en = "Both languages.", zh = "两种语言。" })
ask { q = { en = "Two plus two?", zh = "二加二？" }, choices = { "4", "5" }, answer = 1,
      explain = { en = "Arithmetic.", zh = "算术。" } }
say({ en = "Only English here." })
expect(true, { en = "fine", zh = "好" })
