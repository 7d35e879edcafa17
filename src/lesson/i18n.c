/*  i18n.c — language choice and zmqlab's own messages in English and Chinese. */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static const char *s_messages [MSG_COUNT][LANG_COUNT] = {
    [MSG_LESSON] = { "Lesson", "课程" },
    [MSG_STEP] = { "step", "步骤" },
    [MSG_QUESTION] = { "Predict", "预测" },
    [MSG_PREDICTED] = { "predicted", "预测为" },
    [MSG_ANSWER] = { "Answer", "答案" },
    [MSG_CHECK_PASSED] = { "passed", "通过" },
    [MSG_CHECK_FAILED] = { "FAILED", "未通过" },
    [MSG_HINT] = { "hint", "提示" },
    [MSG_RESULT] = { "Result", "结果" },
    [MSG_CHECKS] = { "checks passed", "项检查通过" },
    [MSG_ACTORS] = { "Actors", "参与者" },
    [MSG_LINKS] = { "Links", "连接" },
    [MSG_ERROR] = { "error", "错误" },
    [MSG_LESSON_FAILED] = { "the lesson stopped with an error", "课程因错误而停止" },
    [MSG_NO_LESSON] = { "no such lesson", "没有这个课程" },
    [MSG_FINISHED] = { "finished", "已完成" },
    [MSG_NOT_FINISHED] = { "-", "-" },
    [MSG_HINT_SYNTAX] = {
        "the Lua text does not parse: look for a missing 'end', ')', '}' or quote near that line",
        "Lua 语法错误：请检查该行附近是否缺少 'end'、')'、'}' 或引号" },
    [MSG_HINT_RUNTIME] = {
        "see lessons/README.md for what each lesson function takes",
        "各个课程函数的参数见 lessons/README.md" },
    [MSG_HINT_BUDGET] = {
        "a loop that never waits? Lessons must call wait() or wait_until() to let the lab run",
        "是否有一个从不等待的循环？课程需要调用 wait() 或 wait_until() 让实验运行" },
    [MSG_HINT_MEMORY] = {
        "the lesson tried to use too much memory (a table growing without end?)",
        "课程使用的内存过多（是否有无限增长的表？）" },
    [MSG_HINT_BEHAVIOUR] = {
        "shipped behaviours: rep_server, req_client, publisher, subscriber, pusher, puller, ventilator, worker, sink; or define one with behaviour(name, source)",
        "自带的行为：rep_server、req_client、publisher、subscriber、pusher、puller、ventilator、worker、sink；也可以用 behaviour(name, source) 自己定义" },
    [MSG_HINT_META] = {
        "a lesson starts with lesson { id = …, title = { en = …, zh = … } }",
        "课程以 lesson { id = …, title = { en = …, zh = … } } 开头" },
    [MSG_MISSING_TRANSLATION] = { "text has no translation in", "文本缺少翻译：" },
    [MSG_PROGRESS_BAD] = {
        "progress file ignored (unreadable or damaged)", "进度文件已忽略（无法读取或已损坏）" },
    [MSG_ALL_PASSED] = { "every check passed", "所有检查都通过了" },
    [MSG_SOME_FAILED] = { "some checks failed", "有检查未通过" },
    [MSG_PRESS_ENTER] = { "(the learner presses Enter)", "（学习者按下回车）" },
    [MSG_COLUMNS_ACTORS] = {
        "actor        state               sent  received    lost  missed  errors",
        "参与者       状态                发送      接收    丢失    错过    错误" },
    [MSG_COLUMNS_LINKS] = {
        "link                          delivered    lost  missed  in flight",
        "连接                          已送达      丢失    错过    在途" },
    [MSG_PROMPT_NEXT] = { "[Enter]", "[回车继续]" },
    [MSG_PROMPT_CHOICE] = { "your prediction (number)>", "你的预测（编号）>" },
    [MSG_TIMEOUT] = { "the lesson did not end in time", "课程没有在限定时间内结束" },
    [MSG_NO_LAB] = { "cannot create the lab (zmq context)", "无法创建实验（zmq 上下文）" },
    [MSG_CANNOT_READ] = { "cannot read the file", "无法读取文件" },
};

int
i18n_parse (const char *name, i18n_lang_t *lang)
{
    if (!name)
        return -1;
    if (strncmp (name, "zh", 2) == 0)
        *lang = LANG_ZH;
    else
    if (strncmp (name, "en", 2) == 0)
        *lang = LANG_EN;
    else
        return -1;
    return 0;
}

i18n_lang_t
i18n_from_environment (void)
{
    static const char *names [] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (int i = 0; i < 3; i++) {
        const char *value = getenv (names [i]);
        if (value && *value)
            return strncmp (value, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
    }
    return LANG_EN;
}

const char *
i18n_code (i18n_lang_t lang)
{
    return lang == LANG_ZH ? "zh" : "en";
}

const char *
i18n_msg (i18n_lang_t lang, msg_id_t id)
{
    if (id >= MSG_COUNT || lang >= LANG_COUNT)
        return "?";
    const char *text = s_messages [id][lang];
    return text ? text : s_messages [id][LANG_EN];
}
