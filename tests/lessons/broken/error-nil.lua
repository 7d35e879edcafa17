-- expect: error raised with a nil value
-- line: 7
-- error (nil) once showed as a message without a line.
lesson { id = "broken-error-nil", title = { en = "Broken: error-nil", zh = "错误：error (nil)" },
         summary = { en = "error (nil).", zh = "error (nil)。" }, level = "test" }

error(nil)
