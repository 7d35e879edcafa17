-- spoilers.lua: a lesson whose narration gives its answers away, for the
-- spoiler lint of --check (tests/cli/lint.sh). Each ask below is flagged, in
-- the language named, for the reason given; and, having no hints, for that.

lesson {
  id = "lint-spoilers",
  title = { en = "Spoilers", zh = "剧透" },
  level = "beginner",
  summary = { en = "A REQ that sends twice fails at once with an error.",
              zh = "连续发送两次的 REQ 会立即失败。" },
}

-- 1: the summary uses the answer's own words (en).
ask {
  q = { en = "A REQ sends twice. What happens?", zh = "REQ 连续发送两次，会怎样？" },
  choices = {
    { en = "It is queued", zh = "排队" },
    { en = "It fails at once with an error", zh = "立即失败，返回错误" },
  },
  answer = 2,
  explain = { en = "EFSM.", zh = "EFSM。" },
}

-- 2: the key number 20 in the narration (en and zh).
say { en = "reader1 will get 20 messages.", zh = "reader1 会收到 20 条消息。" }
ask {
  q = { en = "How many messages will reader1 get?", zh = "reader1 会收到多少条？" },
  choices = {
    { en = "10: only news", zh = "10 条：只有 news" },
    { en = "20: news and newsletter", zh = "20 条：news 和 newsletter" },
    { en = "30: everything", zh = "30 条：全部" },
  },
  answer = 2,
  explain = { en = "Prefixes.", zh = "前缀。" },
}

-- 3: the answer's text, word for word (en and zh).
say { en = "Remember: the late subscriber misses the start.", zh = "记住：迟到的订阅者会错过开头。" }
ask {
  q = { en = "What does a subscriber that joins late get?", zh = "迟加入的订阅者会收到什么？" },
  choices = {
    { en = "Everything, from #1", zh = "全部，从 #1 开始" },
    { en = "The late subscriber misses the start", zh = "迟到的订阅者会错过开头" },
  },
  answer = 2,
  explain = { en = "No queue.", zh = "没有队列。" },
}
