-- expect: a lesson starts with lesson { … }
-- line: 5
-- The lesson forgot lesson { … } and starts talking.

say({ en = "Hello", zh = "你好" })
