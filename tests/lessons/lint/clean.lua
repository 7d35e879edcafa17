-- clean.lua: the same questions as spoilers.lua with narration that sets up
-- the experiment without telling its outcome: the lint of --check says
-- nothing (tests/cli/lint.sh). Numbers of the question itself (10, 3) and
-- words that every choice shares are not key; every question has a hint.

lesson {
  id = "lint-clean",
  title = { en = "No spoilers", zh = "没有剧透" },
  level = "beginner",
  summary = { en = "What does a REQ socket do when you break its turns?",
              zh = "打乱 REQ 套接字的轮流顺序会怎样？" },
}

say { en = "A client will send twice in a row.", zh = "客户端将连续发送两次。" }
ask {
  q = { en = "A REQ sends twice. What happens?", zh = "REQ 连续发送两次，会怎样？" },
  choices = {
    { en = "It is queued", zh = "排队" },
    { en = "It fails at once with an error", zh = "立即失败，返回错误" },
  },
  answer = 2,
  hints = { { en = "What is the socket waiting for after its first send?", zh = "第一次发送之后，套接字在等什么？" } },
  explain = { en = "EFSM.", zh = "EFSM。" },
}

say { en = "The publisher sends three topics, 10 messages each.", zh = "发布者发送三个主题，每个 10 条。" }
ask {
  q = { en = "How many of the 3 topics' messages will reader1 get?", zh = "3 个主题的消息，reader1 会收到多少条？" },
  choices = {
    { en = "10: only news", zh = "10 条：只有 news" },
    { en = "20: news and newsletter", zh = "20 条：news 和 newsletter" },
    { en = "30: everything", zh = "30 条：全部" },
  },
  answer = 2,
  hints = { { en = "Compare the start of each topic with \"news\".", zh = "拿每个主题的开头和 \"news\" 比一比。" } },
  explain = { en = "Prefixes.", zh = "前缀。" },
}
