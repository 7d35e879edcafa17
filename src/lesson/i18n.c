/*  i18n.c — language choice and zmqlab's own messages in English and Chinese. */
#define _GNU_SOURCE
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
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
    [MSG_COLON] = { ": ", "：" },
    [MSG_HINT_LABEL] = { "  (%s) ", "  （%s）" },
    [MSG_CANNOT_SAVE_PROGRESS] = { "cannot save progress", "无法保存进度" },
    [MSG_SANDBOX_HELP] = {
        "Sandbox: type lesson API commands, for example\n"
        "  spawn(\"publisher\", { name = \"pub\", rate = 2 })\n"
        "  spawn(\"subscriber\", { name = \"sub\", subscribe = \"news\" })\n"
        "  actor(\"sub\"):stats()      link(\"pub\", \"sub\")      wait(2)\n"
        "'stats' shows the actors and links, 'help' this text, 'quit' leaves.\n"
        "lessons/README.md describes every function.\n\n",
        "自由模式：输入课程 API 的命令，例如\n"
        "  spawn(\"publisher\", { name = \"pub\", rate = 2 })\n"
        "  spawn(\"subscriber\", { name = \"sub\", subscribe = \"news\" })\n"
        "  actor(\"sub\"):stats()      link(\"pub\", \"sub\")      wait(2)\n"
        "stats 显示参与者和连接，help 显示本说明，quit 退出。\n"
        "函数说明见 lessons/README.md。\n\n" },
    [MSG_FAILED] = { "failed", "失败" },

    [MSG_BUDGET_TAG] = { "instruction budget", "指令预算" },
    [MSG_BUDGET] = { "%s:%d: %s: ran %d instructions without waiting",
                     "%s:%d: 超出%s：连续执行了 %d 条指令而没有等待" },
    [MSG_TOO_LARGE] = { "%s: larger than 4 MiB, not a lesson", "%s：大于 4 MiB，不是课程文件" },
    [MSG_CANNOT_OPEN] = { "%s: cannot open: %m", "%s：无法打开：%m" },
    [MSG_NO_LUA_STATE] = { "cannot create a Lua state", "无法创建 Lua 状态" },
    [MSG_STILL_RUNNING] = { "the previous command is still running", "上一条命令还在运行" },
    [MSG_TEXT_EXPECTED] = {
        "%s: expected a text: a string or { en = \"…\", zh = \"…\" }, got %s",
        "%s：需要文本：字符串或 { en = \"…\", zh = \"…\" }，而这里是 %s" },
    [MSG_TEXT_NEITHER] = { "%s: the text table has neither en nor zh",
                           "%s：文本表里既没有 en 也没有 zh" },
    [MSG_TEXT_UNTRANSLATED] = { "%s %s %s", "%s 的%s%s" },
    [MSG_UNSHOWABLE] = { "(a value that cannot be shown)", "（一个无法显示的值）" },
    [MSG_NEVER_META] = { "%s:1: the lesson never called lesson { … }",
                         "%s:1: 课程从未调用 lesson { … }" },
    [MSG_ERROR_NOT_STRING] = { "error (not a string)", "错误（错误值不是字符串）" },
    [MSG_NO_META_AT_TOP] = { "no lesson { … } at the top of the file", "文件开头没有 lesson { … }" },

    [MSG_META_FIRST] = { "a lesson starts with lesson { … }: call it before anything else",
                         "课程以 lesson { … } 开头：请先调用它，再做别的事" },
    [MSG_META_TWICE] = { "lesson { … } is called once, at the top",
                         "lesson { … } 只能调用一次，放在文件开头" },
    [MSG_META_ID] = { "lesson { id = … }: an id of lower-case letters, digits and '-'",
                      "lesson { id = … }：id 由小写字母、数字和 '-' 组成" },
    [MSG_META_TITLE] = { "lesson { title = … }: every lesson has a title",
                         "lesson { title = … }：每个课程都要有标题" },
    [MSG_META_LEVEL] = { "lesson { level = … }: a word such as \"beginner\"",
                         "lesson { level = … }：应是一个词，例如 \"beginner\"" },
    [MSG_META_NO_LEVEL] = { "lesson { level = … } is missing", "缺少 lesson { level = … }" },
    [MSG_META_NO_SUMMARY] = { "lesson { summary = … } is missing", "缺少 lesson { summary = … }" },
    [MSG_META_NEEDS] = { "lesson { needs = … }: only \"outside\" (an outside program) is known",
                         "lesson { needs = … }：目前只认识 \"outside\"（需要外部程序）" },
    [MSG_ASK_CHOICES] = { "ask { choices = { … } }: a list of two to nine choices",
                          "ask { choices = { … } }：需要一个列表，含二到九个选项" },
    [MSG_ASK_N_CHOICES] = { "ask: %d choices; give two to nine", "ask：有 %d 个选项；请给出二到九个" },
    [MSG_ASK_ANSWER] = { "ask { answer = … }: the number of the right choice, 1 to %d",
                         "ask { answer = … }：正确选项的编号，1 到 %d" },
    [MSG_ASK_NO_EXPLAIN] = { "ask without explain: say why the answer is right",
                             "ask 缺少 explain：请说明为什么这个答案是对的" },
    [MSG_WAIT_SECONDS] = { "seconds from 0 to 3600", "秒数应在 0 到 3600 之间" },
    [MSG_WAIT_TIMEOUT] = { "timeout seconds from 0 to 3600", "超时秒数应在 0 到 3600 之间" },
    [MSG_SPEED_FACTOR] = { "a factor from 0.01 to 1000", "倍数应在 0.01 到 1000 之间" },
    [MSG_PARAMS_FINITE] = { "params: numbers must be finite", "参数：数字必须是有限值" },
    [MSG_PARAMS_DEEP] = { "params: tables nested too deep", "参数：表嵌套得太深" },
    [MSG_PARAMS_KEYS] = { "params: keys must be strings or numbers", "参数：键必须是字符串或数字" },
    [MSG_PARAMS_TYPE] = { "params hold strings, numbers, booleans and tables, not a %s",
                          "参数只能是字符串、数字、布尔值和表，不能是 %s" },
    [MSG_NO_ACTOR_YET] = { "no actor named '%s' (spawn it first)",
                           "没有名为 '%s' 的参与者（请先用 spawn 创建它）" },
    [MSG_NO_ACTOR] = { "no actor named '%s'", "没有名为 '%s' 的参与者" },
    [MSG_SPAWN_NAME_TYPE] = { "spawn: params.name must be a string", "spawn：params.name 必须是字符串" },
    [MSG_SPAWN_FAILED] = { "spawn %s: %s", "spawn %s：%s" },
    [MSG_RESTART_FAILED] = { "restart %s: %s", "restart %s：%s" },
    [MSG_SET_UNKNOWN] = {
        "set: unknown option '%s' (SNDHWM, RCVHWM, SUBSCRIBE, UNSUBSCRIBE, …)",
        "set：未知的套接字选项 '%s'（可用的有 SNDHWM、RCVHWM、SUBSCRIBE、UNSUBSCRIBE 等）" },
    [MSG_BEHAVIOUR_ERROR] = { "behaviour '%s': %s", "行为 '%s' 有错误：%s" },
    [MSG_SPAWN_UNKNOWN] = { "spawn: unknown behaviour '%s'", "spawn：未知的行为 '%s'" },
    [MSG_SPAWN_TAKEN] = { "spawn: there is already an actor named '%s'",
                          "spawn：已经有一个名为 '%s' 的参与者" },
    [MSG_SPAWN_BAD_NAME] = {
        "spawn %s: cannot spawn '%s': an actor name is 1 to 31 letters, digits, _ or -",
        "spawn %s：无法启动 '%s'：参与者的名字是 1 到 31 个字母、数字、_ 或 -" },
    [MSG_SPAWN_RESERVED] = {
        "spawn %s: cannot spawn '%s': ext1, ext2, … name outside programs",
        "spawn %s：无法启动 '%s'：ext1、ext2 …… 是外部程序的名字" },
    [MSG_BEHAVIOUR_NAME] = { "behaviour: '%s' is not a name (letters, digits, _ and -)",
                             "behaviour：'%s' 不是合法的行为名（只能用字母、数字、_ 和 -）" },

    [MSG_USAGE_ERROR] = { "zmqlab: %s '%s'\nRun zmqlab --help for the options.\n",
                          "zmqlab：%s '%s'\n运行 zmqlab --help 查看用法\n" },
    [MSG_LANG_BAD] = { "--lang wants en or zh, not", "--lang 需要 en 或 zh，而不是" },
    [MSG_UNKNOWN_OPTION] = { "unknown option", "未知选项" },
    [MSG_MISSING_VALUE] = { "missing value after", "缺少参数：" },
    [MSG_DEMO_BAD] = { "--demo wants reqrep, pubsub, pushpull, pipeline or all, not",
                       "--demo 需要 reqrep、pubsub、pushpull、pipeline 或 all，而不是" },
    [MSG_SECONDS_BAD] = { "--seconds wants a number from 0.1 to 86400, not",
                          "--seconds 需要 0.1 到 86400 之间的数，而不是" },
    [MSG_SPEED_BAD] = { "--speed wants a number from 0.01 to 1000, not",
                        "--speed 需要 0.01 到 1000 之间的数，而不是" },
    [MSG_TIMEOUT_BAD] = { "--timeout wants seconds from 1 to 86400, not",
                          "--timeout 需要 1 到 86400 之间的秒数，而不是" },
    [MSG_LISTEN_BAD] = {
        "--listen wants an IPv4 address, a host or an interface such as 0.0.0.0 or 192.168.1.10, not",
        "--listen 需要 IPv4 地址、主机名或网卡名，例如 0.0.0.0 或 192.168.1.10，而不是" },
    [MSG_MAX_MSG_SIZE_BAD] = { "--max-msg-size wants bytes from 1 to 1073741824, or -1, not",
                               "--max-msg-size 需要 1 到 1073741824 的字节数或 -1，而不是" },
    [MSG_MAX_PEERS_BAD] = { "--max-peers wants a whole number from 1 to 512, not",
                            "--max-peers 需要 1 到 512 的整数，而不是" },
    [MSG_HEADLESS_WANTS] = { "--headless wants lessons or --all", "--headless 需要课程或 --all" },
    [MSG_CHECK_WANTS] = { "--check wants files or --all", "--check 需要文件或 --all" },
    [MSG_FILE] = { "file", "个文件" },
    [MSG_FILES] = { "files", "个文件" },
    [MSG_PROBLEM] = { "problem", "个问题" },
    [MSG_PROBLEMS] = { "problems", "个问题" },
    [MSG_SKIPPED_OUTSIDE] = {
        "== Skipped lesson %02d (%s): it needs a program outside zmqlab; run it alone with zmqlab --headless %d and start that program in another terminal ==\n\n",
        "== 跳过课程 %02d（%s）：它需要一个外部程序；请用 zmqlab --headless %d 单独运行，并在另一个终端启动那个程序 ==\n\n" },
    [MSG_LESSONS_PASSED] = { "lessons passed", "个课程通过" },
    [MSG_LESSONS_FAILED] = { "failed", "个未通过" },
    [MSG_MENU_TITLE] = { "zmqlab — ZeroMQ lessons", "zmqlab —— ZeroMQ 课程" },
    [MSG_MENU_PROMPT] = { "Lesson number (q to quit): ", "课程编号（q 退出）：" },
    [MSG_CANNOT_READ_LESSONS] = { "zmqlab: cannot read the lessons in %s\n",
                                  "zmqlab：无法读取 %s 中的课程\n" },
    [MSG_INTERRUPTED] = { "zmqlab: interrupted\n", "zmqlab：已中断\n" },
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
    return id < MSG_COUNT ? lang_pick (s_messages [id], lang) : "?";
}

char *
i18n_format (i18n_lang_t lang, msg_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    char *text;
    if (vasprintf (&text, i18n_msg (lang, id), args) < 0)
        text = NULL;
    va_end (args);
    return text;
}

void
i18n_print (FILE *out, i18n_lang_t lang, msg_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    vfprintf (out, i18n_msg (lang, id), args);
    va_end (args);
}
