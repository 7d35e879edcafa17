/*  words.c — the view's messages in English and Chinese. */
#include "words.h"

#include <stdarg.h>
#include <stdio.h>

static const char *s_words [W_COUNT][LANG_COUNT] = {
    [W_HINT_PREFIX] = { "hint: ", "提示：" },
    [W_PRESS_TO_PREDICT] = { "Press 1-%d to predict.", "按 1-%d 选择你的预测。" },
    [W_NEXT] = { "[n] next", "[n] 下一步" },
    [W_LESSON_OVER] = { "Lesson over: %d of %d checks passed. [q] lessons",
                        "课程结束：%d/%d 项检查通过。[q] 课程列表" },
    [W_SANDBOX] = { "Sandbox", "自由模式" },
    [W_STEP_OF] = { "Step %d of %d", "第 %d/%d 步" },
    [W_MORE_ABOVE] = { "↑ PgUp", "↑ PgUp 上翻" },
    [W_MORE_ABOVE_ASCII] = { "^ PgUp", "^ PgUp" },

    [W_LOG_EMPTY] = { "(the event log is empty)", "（事件日志为空）" },
    [W_OUTSIDE_TITLE] = { "%s (%s): a program outside zmqlab at %s%s%s%s",
                          "%s（%s）：外部程序，地址 %s%s%s%s" },
    [W_OUTSIDE_LEFT] = { ", left", "，已离开" },
    [W_OUTSIDE_LINK] = { "  talks to %s's socket %s (%s)  it sent %llu  got %llu",
                         "  连接 %s 的 %s（%s）  它发出 %llu  收到 %llu" },
    [W_OUTSIDE_NOT_COUNTED] = {
        "  what zmqlab sent to it is not counted: libzmq does not say which peer got a message",
        "  zmqlab 发给它的消息无法计数：libzmq 不告诉我们消息去了哪个对端" },
    [W_OUTSIDE_NO_STAMPS] = {
        "  Its messages carry no stamp: they are counted, but lost or missed ones cannot be told.",
        "  它的消息不带印记：可以计数，但无法判断丢失或错过。" },
    [W_OUTSIDE_NO_CONTROL] = {
        "  zmqlab cannot pause, kill or restart it: stop it where it runs.",
        "  zmqlab 无法暂停、终止或重启它：请在它运行的地方停止它。" },
    [W_DETAILS_COUNTS] = {
        "sent %llu  received %llu  lost %llu  missed %llu  errors %llu  %.0f/s out %.0f/s in",
        "发送 %llu  接收 %llu  丢失 %llu  错过 %llu  错误 %llu  %.0f/秒 发 %.0f/秒 收" },
    [W_SUBSCRIBED] = { "  subscribed ", "  订阅 " },
    [W_CLOSED] = { "  (closed)", "（已关闭）" },
    [W_LAST_ERROR] = { "last error", "最近的错误" },
    [W_DETAILS_TITLE] = { " details (Esc: log) ", " 详情（Esc：日志） " },
    [W_LOG_SAMPLED_TITLE] = { " event log (%llu more not listed; counts are exact) ",
                              " 事件日志（另有 %llu 条未列出，计数不受影响） " },
    [W_LOG_TITLE] = { " event log ", " 事件日志 " },

    [W_TITLE_MENU] = { "ZeroMQ lessons", "ZeroMQ 课程" },
    [W_TITLE_SANDBOX] = { "sandbox", "自由模式" },
    [W_STATUS_MENU] = { " ↑↓ choose · Enter open · ? help · q quit",
                        " ↑↓ 选择 · Enter 打开 · ? 帮助 · q 退出" },
    [W_PAUSED] = { "PAUSED", "已暂停" },
    [W_STEPPING] = { "STEPPING", "单步" },
    [W_RUNNING] = { "running", "运行中" },
    [W_STATUS_SANDBOX] = {
        " %s ×%g │ : command · Esc keys · Space pause · . step · +/- speed · Tab select · ? help · q quit",
        " %s ×%g │ : 命令 · Esc 按键 · 空格 暂停 · . 单步 · +/- 速度 · Tab 选择 · ? 帮助 · q 退出" },
    [W_STATUS_LESSON] = {
        " %s ×%g │ Space pause · . step · +/- speed · n next · h hint · : command · ? help · q back",
        " %s ×%g │ 空格 暂停 · . 单步 · +/- 速度 · n 下一步 · h 提示 · : 命令 · ? 帮助 · q 返回" },
    [W_REACHABLE] = { " reachable from other machines: %s ", " 其他机器可连接：%s " },
    [W_REFUSED] = { ", refused %llu", "，已拒绝 %llu" },
    [W_OUTSIDE_COUNT] = { " outside: %zu%s ", " 外部连接 %zu%s " },
    //  One line each; the first is the overlay's title.
    [W_HELP] = {
        "Keys\n"
        "\n"
        "n, Enter      next step of the lesson\n"
        "1-9           answer the question (your prediction)\n"
        "h             show a hint\n"
        "Space         pause / resume every actor\n"
        ".             step: let exactly one message move\n"
        "+ / -         faster / slower\n"
        "Tab, Shift-Tab, arrows  select an actor (or click it)\n"
        "Esc           back to the log; leave the command line\n"
        "p / k / r     pause, kill, restart the selected actor\n"
        ":             command line: the lesson API, e.g.\n"
        "              spawn(\"subscriber\", { name = \"s2\" })\n"
        "PgUp / PgDn   scroll the lesson text and the event log\n"
        "l             the lesson list\n"
        "q             back to the lessons (on the list, in the sandbox: quit)\n"
        "\n"
        "Any key closes this help.",
        "按键\n"
        "\n"
        "n、Enter      课程的下一步\n"
        "1-9           回答问题（你的预测）\n"
        "h             显示提示\n"
        "空格          暂停 / 继续所有参与者\n"
        ".             单步：只让一条消息移动\n"
        "+ / -         加快 / 减慢\n"
        "Tab、Shift-Tab、方向键  选择参与者（或用鼠标点击）\n"
        "Esc           回到事件日志；离开命令行\n"
        "p / k / r     暂停、终止、重启选中的参与者\n"
        ":             命令行：课程 API，例如\n"
        "              spawn(\"subscriber\", { name = \"s2\" })\n"
        "PgUp / PgDn   滚动课程文本和事件日志\n"
        "l             课程列表\n"
        "q             返回课程列表（在列表或自由模式中：退出）\n"
        "\n"
        "按任意键关闭帮助。" },
    [W_MENU_INTRO] = {
        "Choose a lesson. Each one runs real ZeroMQ sockets and checks what happened.",
        "选择一个课程。每个课程都运行真实的 ZeroMQ 套接字，并检查实际发生了什么。" },
    [W_NO_LESSONS] = { "(no lessons found)", "（没有找到课程）" },
    [W_TOO_SMALL] = { "Terminal too small: %dx%d; zmqlab needs %dx%d",
                      "终端太小：%dx%d，至少需要 %dx%d" },

    [W_LOST] = { "lost", "丢失" },
    [W_MISSED] = { "missed", "错过" },
    [W_ERRORS] = { "errors", "错误" },
    [W_NO_STAMPS_WIDE] = { "outside: no stamps", "外部：无印记" },
    [W_NO_STAMPS] = { "no stamps", "无印记" },
    [W_NO_ACTORS_SANDBOX] = { "No actors yet: ':' spawn(\"publisher\") starts one.",
                              "还没有参与者：用 ':' spawn(\"publisher\") 启动一个。" },
    [W_NO_ACTORS_LESSON] = { "No actors yet: the lesson starts them.",
                             "还没有参与者：课程会启动它们。" },
    [W_ACTORS_HIDDEN] = { "+%d actors not shown (larger terminal?)",
                          "还有 %d 个参与者未显示（终端太小）" },
    [W_OUTSIDE] = { "outside", "外部程序" },
    [W_LEFT] = { "left", "已离开" },

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

int
words_format (char *out, size_t size, const model_t *model, word_id_t id, ...)
{
    va_list args;
    va_start (args, id);
    int n = vsnprintf (out, size, words_msg (model, id), args);
    va_end (args);
    return n;
}
