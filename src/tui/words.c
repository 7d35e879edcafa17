/*  words.c — the view's messages in English and Chinese (the rows are in
    words.def). */
#include "words.h"

#include <stdarg.h>
#include <stdio.h>

static const char *s_words [W_COUNT][LANG_COUNT] = {
#define MESSAGE(id, en, zh) [id] = { en, zh },
#define FORMAT(id, en, zh) [id] = { en, zh },
#include "words.def"
#undef MESSAGE
#undef FORMAT
    [W_STATE_FIRST + ACTOR_STARTING] = { "starting", "启动中" },
    [W_STATE_FIRST + ACTOR_RUNNING] = { "running", "运行中" },
    [W_STATE_FIRST + ACTOR_SLEEPING] = { "sleeping", "休眠" },
    [W_STATE_FIRST + ACTOR_BLOCKED_SEND] = { "blocked in send", "阻塞在发送" },
    [W_STATE_FIRST + ACTOR_BLOCKED_RECV] = { "blocked in recv", "阻塞在接收" },
    [W_STATE_FIRST + ACTOR_WAITING_INPUT] = { "waiting for input", "等待输入" },
    [W_STATE_FIRST + ACTOR_WAITING_STEP] = { "waiting for step", "等待单步" },
    [W_STATE_FIRST + ACTOR_PAUSED] = { "paused", "已暂停" },
    [W_STATE_FIRST + ACTOR_CRASHED] = { "crashed", "已崩溃" },
    [W_STATE_FIRST + ACTOR_STOPPED] = { "stopped", "已停止" },
    [W_STATE_FIRST + ACTOR_EXTERNAL] = { "external", "外部程序" },
};

const char *
words_msg (const model_t *model, word_id_t id)
{
    return id < W_COUNT ? lang_pick (s_words [id], model->zh ? LANG_ZH : LANG_EN) : "?";
}

//  The function itself, not words.h's checking macro of the same name.
#undef words_format

int
words_format (char *out, size_t size, const model_t *model, word_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    int n = vsnprintf (out, size, words_msg (model, id), args);
    va_end (args);
    return n;
}
