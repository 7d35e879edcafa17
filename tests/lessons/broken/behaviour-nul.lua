-- expect: NUL byte
-- line: 9
-- A NUL byte in a behaviour source once cut the source there without a
-- word (the lesson compiled all of it, the actor ran the first part). Here
-- it is inside a string literal, so the source compiles.
lesson { id = "broken-behaviour-nul", title = { en = "Broken: behaviour-nul", zh = "错误：含 NUL 的源码" },
         summary = { en = "A source with a NUL.", zh = "含有 NUL 的源码。" }, level = "test" }

behaviour("cut", "report(\"a\", \"x\0y\") error(\"the rest\")")
