-- sections.lua: narration counts within its own section (tests/cli/lint.sh).
-- The say of section one names 20, the answer of both questions of section
-- two: only the second question, after the say of its own section, is flagged.

lesson {
  id = "lint-sections",
  title = { en = "Sections", zh = "分节" },
  level = "beginner",
  summary = { en = "Narration is scoped to its section.", zh = "讲解只在本节内有效。" },
}

section({ en = "One", zh = "一" }, function()
  say { en = "reader1 will get 20 messages.", zh = "reader1 会收到 20 条消息。" }
end)

section({ en = "Two", zh = "二" }, function()
  ask {
    q = { en = "How many messages will reader1 get?", zh = "reader1 会收到多少条？" },
    choices = { { en = "10", zh = "10 条" }, { en = "20", zh = "20 条" } },
    answer = 2,
    hints = { { en = "Count the topics that match.", zh = "数一数匹配的主题。" } },
    explain = { en = "Prefixes.", zh = "前缀。" },
  }
  say { en = "Again: reader1 will get 20 messages.", zh = "再来一次：reader1 会收到 20 条消息。" }
  ask {
    q = { en = "How many messages will reader1 get?", zh = "reader1 会收到多少条？" },
    choices = { { en = "10", zh = "10 条" }, { en = "20", zh = "20 条" } },
    answer = 2,
    hints = { { en = "Count the topics that match.", zh = "数一数匹配的主题。" } },
    explain = { en = "Prefixes.", zh = "前缀。" },
  }
end)
