-- goal.lua: a goal's solution says in words what to do, numbers included,
-- and its text and hints are the goal's own: none of them is narration, so
-- the lint of --check says nothing about the question after it, even where
-- the solution holds that question's answer (tests/cli/lint.sh).

lesson {
  id = "lint-goal",
  title = { en = "A goal before a question", zh = "问题之前的目标" },
  level = "beginner",
  summary = { en = "A goal, then a question.", zh = "先一个目标，再一个问题。" },
}

goal {
  text = { en = "Make reader1 get 20: news and newsletter", zh = "让 reader1 收到 20 条：news 和 newsletter" },
  check = function() return true end,
  hints = { { en = "It fails at once with an error otherwise", zh = "否则立即失败，返回错误" } },
  solution = { en = "Subscribe to news: 20: news and newsletter. It fails at once with an error otherwise.",
               zh = "订阅 news：20 条：news 和 newsletter。否则立即失败，返回错误。" },
  play = function() end,
}

ask {
  q = { en = "How many of the 3 topics' messages will reader1 get?", zh = "3 个主题的消息，reader1 会收到多少条？" },
  choices = {
    { en = "10: only news", zh = "10 条：只有 news" },
    { en = "20: news and newsletter", zh = "20 条：news 和 newsletter" },
    { en = "It fails at once with an error", zh = "立即失败，返回错误" },
  },
  answer = 2,
  hints = { { en = "Prefixes.", zh = "前缀。" } },
  explain = { en = "A prefix.", zh = "前缀。" },
}
