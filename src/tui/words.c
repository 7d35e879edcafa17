/*  words.c — the view's messages in English and Chinese (the rows are in
    words.def). */
#include "words.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

//  --- a crash in one line ------------------------------------------------------

//  Past a "file:line: " prefix (a Lua error's place), if TEXT has one.
static const char *
s_past_place (const char *text)
{
    const char *colon = strchr (text, ':');
    if (!colon || colon == text || memchr (text, ' ', (size_t) (colon - text)))
        return text;
    const char *digits = colon + 1;
    while (*digits >= '0' && *digits <= '9')
        digits++;
    if (digits == colon + 1 || strncmp (digits, ": ", 2) != 0)
        return text;
    return digits + 2;
}

void
words_crash (char *out, size_t size, const model_t *model, const char *detail,
             const char *last_error)
{
    //  libzmq's error texts a crash usually ends in, in the model's language.
    static const struct { const char *text; word_id_t id; } known [] = {
        { "Address already in use", W_CRASH_ADDRINUSE },
        { "Connection refused", W_CRASH_REFUSED },
        { "Operation cannot be accomplished in current state", W_CRASH_EFSM },
        { "Protocol not supported", W_CRASH_PROTOCOL },
        { "Invalid argument", W_CRASH_EINVAL },
    };
    const char *message = detail ? detail : "";
    if (strncmp (message, "crashed: ", 9) == 0)
        message += 9;
    for (const char *past = s_past_place (message); past != message; past = s_past_place (message))
        message = past;
    //  "bind inproc://x: Address already in use": the endpoint it was about.
    char endpoint [LAB_ENDPOINT_MAX] = "";
    const char *space = last_error ? strchr (last_error, ' ') : NULL;
    const char *tail = space ? strstr (space, ": ") : NULL;
    if (tail && message [0] && strcasecmp (tail + 2, message) == 0
    &&  (size_t) (tail - space - 1) < sizeof endpoint) {
        memcpy (endpoint, space + 1, (size_t) (tail - space - 1));
        endpoint [tail - space - 1] = 0;
    }
    const char *said = message;
    for (size_t i = 0; i < sizeof known / sizeof known [0]; i++)
        if (strcasecmp (message, known [i].text) == 0)
            said = words_msg (model, known [i].id);
    if (endpoint [0])
        snprintf (out, size, "%s (%s)", said, endpoint);
    else
        snprintf (out, size, "%s", said);
}
