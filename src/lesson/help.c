/*  help.c — the table behind help(), Tab completion and the list of known
    behaviours. Parameter names are code and stay English; what a function
    or behaviour does is said in both languages.
*/
#include "help.h"

#include <stdio.h>
#include <string.h>

static const help_function_t s_functions [] = {
    { "help", "help() · help(\"spawn\") · help(\"publisher\")",
      { "this list; a function's or a behaviour's details", "本列表；某个函数或行为的详细说明" }, false },
    { "spawn", "spawn(behaviour, { name = …, param = … })",
      { "start an actor running a behaviour", "启动一个运行某行为的参与者" }, false },
    { "actor", "actor(name)",
      { "the handle of an actor, or nil", "参与者的句柄，或 nil" }, false },
    { "link", "link(from, to)",
      { "the link between two actors: delivered, lost, in_flight…", "两个参与者之间的连接：已送达、丢失、在途……" }, false },
    { "behaviour", "behaviour(name, lua_source)",
      { "define a behaviour of your own", "定义你自己的行为" }, false },
    { "speed", "speed(x)",
      { "the lab's speed factor (1 = real time)", "实验的速度倍数（1 = 实时）" }, false },
    { "pause_all", "pause_all()", { "pause every actor", "暂停所有参与者" }, false },
    { "resume_all", "resume_all()", { "resume every actor", "继续所有参与者" }, false },
    { "stepping", "stepping(on)",
      { "stepping mode: each step() lets one message move", "单步模式：每次 step() 只让一条消息移动" }, false },
    { "step", "step()", { "let one message move (in stepping mode)", "让一条消息移动（单步模式）" }, false },
    { "print", "print(…)", { "show values (also log(…))", "显示值（也可用 log(…)）" }, false },
    { "log", "log(…)", { "show values, as print", "显示值，同 print" }, false },
    { "outside", "outside()",
      { "programs outside zmqlab connected to the lab", "连接到实验的外部程序" }, false },
    { "focus", "focus(name)", { "point the view at an actor", "让视图指向某个参与者" }, false },
    { "wait", "wait(seconds)", { "a lesson waits (lab time)", "课程等待（实验时间）" }, true },
    { "wait_until", "wait_until(function, timeout)",
      { "a lesson waits until the function returns true", "课程等待，直到函数返回 true" }, true },
    { "say", "say { en = …, zh = … }", { "a lesson's text", "课程的文字" }, true },
    { "ask", "ask { q = …, choices = {…}, answer = n }", { "a lesson's question", "课程的问题" }, true },
    { "hint", "hint { en = …, zh = … }", { "a hint for the current step", "当前步骤的提示" }, true },
    { "expect", "expect(condition, label)", { "a lesson's check", "课程的检查" }, true },
    { "lesson", "lesson { id = …, title = … }", { "a lesson's head", "课程的开头" }, true },
    { "section", "section({ en = …, zh = … }, function() … end)",
      { "a part of a lesson, on a fresh lab (R restarts it)", "课程的一节，在新的实验室中进行（R 重做本节）" }, true },
    { "goal", "goal { text = …, check = fn, hints = {…}, solution = …, play = fn }",
      { "a state of the lab the learner reaches; waits until check() is true",
        "学习者要让实验达到的状态；等到 check() 为 true" }, true },
    { "reveal", "reveal()", { "show the open question's answer now", "现在揭晓当前问题的答案" }, true },
    { "slowed", "slowed(0.5, function() … end)",
      { "run a part slowed down so it can be watched (lab time stays exact)",
        "放慢运行一段，方便观察（实验时间依然准确）" }, true },
};

static const help_function_t s_methods [] = {
    { "stats", "actor(\"x\"):stats()",
      { "its counts: sent, received, lost, missed, state, detail…", "它的计数：发送、接收、丢失、错过、状态、详情……" }, false },
    { "pause", "actor(\"x\"):pause()", { "pause it", "暂停它" }, false },
    { "resume", "actor(\"x\"):resume()", { "resume it", "继续它" }, false },
    { "kill", "actor(\"x\"):kill()", { "stop it (it keeps its name)", "终止它（名字保留）" }, false },
    { "restart", "actor(\"x\"):restart({ param = … })",
      { "run it again, with new params if given", "重新运行它，可给新的参数" }, false },
    { "set", "actor(\"x\"):set(\"SNDHWM\", 10)",
      { "a socket option: SNDHWM, RCVHWM, SUBSCRIBE, UNSUBSCRIBE…", "套接字选项：SNDHWM、RCVHWM、SUBSCRIBE、UNSUBSCRIBE……" }, false },
    { "feed", "actor(\"x\"):feed(\"text\")",
      { "a line for an actor waiting for input()", "给等待 input() 的参与者一行文字" }, false },
};

static const help_behaviour_t s_behaviours [] = {
    { "rep_server", "bind=\"inproc://reqrep\" reply work=0 sndhwm rcvhwm count",
      { "REP: answers every request (server.py)", "REP：回答每个请求（server.py）" } },
    { "req_client", "connect=\"inproc://reqrep\" text=\"Hello\" count=10 interval=1 feed "
                    "send_twice recv_first timeout relaxed",
      { "REQ: sends a request, waits for the reply (client.py)", "REQ：发送请求并等待应答（client.py）" } },
    { "publisher", "bind=\"inproc://pubsub\" topic=\"news\" topics text rate=1 count sndhwm "
                   "wait_subscribers sync subscribers",
      { "PUB: sends \"topic text\" to every subscriber", "PUB：向每个订阅者发送 \"主题 文字\"" } },
    { "subscriber", "connect=\"inproc://pubsub\" subscribe=\"news\" rcvhwm work=0 count quiet "
                    "sync by_topic",
      { "SUB: receives the topics it subscribed to", "SUB：接收它订阅的主题" } },
    { "pusher", "bind=\"inproc://pushpull\" | connect, count=10 text=\"Task %d\" interval=1 "
                "sndhwm quiet",
      { "PUSH: hands out tasks, each to one puller", "PUSH：分发任务，每个任务给一个 puller" } },
    { "puller", "connect=\"inproc://pushpull\" | bind, rcvhwm work=0 count quiet",
      { "PULL: takes tasks", "PULL：接收任务" } },
    { "ventilator", "bind=\"inproc://tasks\" sink=\"inproc://sync\" tasks=10 text wait=\"workers\" "
                    "workers=1 sndhwm interval=0",
      { "pipeline: PUSH tasks to the workers, a start signal to the sink",
        "流水线：把任务 PUSH 给 worker，把开始信号发给 sink" } },
    { "worker", "tasks=\"inproc://tasks\" results=\"inproc://results\" work=1 rcvhwm quiet",
      { "pipeline: PULL a task, work, PUSH the result", "流水线：PULL 一个任务，处理，PUSH 结果" } },
    { "sink", "bind=\"inproc://results\" sync=\"inproc://sync\" expected=10",
      { "pipeline: waits for the start, collects and times the results (reported as they come)",
        "流水线：等待开始信号，收集结果并计时（边收边报）" } },
};

#define S_COUNT(array) (sizeof (array) / sizeof (array) [0])

const help_function_t *
help_functions (size_t *n)
{
    *n = S_COUNT (s_functions);
    return s_functions;
}

const help_function_t *
help_methods (size_t *n)
{
    *n = S_COUNT (s_methods);
    return s_methods;
}

const help_behaviour_t *
help_behaviours (size_t *n)
{
    *n = S_COUNT (s_behaviours);
    return s_behaviours;
}

const help_function_t *
help_function (const char *name)
{
    for (size_t i = 0; name && i < S_COUNT (s_functions); i++)
        if (strcmp (s_functions [i].name, name) == 0)
            return &s_functions [i];
    for (size_t i = 0; name && i < S_COUNT (s_methods); i++)
        if (strcmp (s_methods [i].name, name) == 0)
            return &s_methods [i];
    return NULL;
}

const help_behaviour_t *
help_behaviour (const char *name)
{
    for (size_t i = 0; name && i < S_COUNT (s_behaviours); i++)
        if (strcmp (s_behaviours [i].name, name) == 0)
            return &s_behaviours [i];
    return NULL;
}

void
help_behaviour_names (char *buffer, size_t size)
{
    size_t used = 0;
    if (size)
        buffer [0] = 0;
    for (size_t i = 0; i < S_COUNT (s_behaviours); i++) {
        int wrote = snprintf (buffer + used, size > used ? size - used : 0, "%s%s",
                              i ? ", " : "", s_behaviours [i].name);
        if (wrote < 0 || used + (size_t) wrote >= size)
            break;
        used += (size_t) wrote;
    }
}
