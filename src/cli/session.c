/*  session.c — the interactive program: the lesson menu, a lesson, or the
    sandbox, in the terminal view. The main loop: keys → actions, the
    lesson coroutine → panel entries, the lab → snapshot and log → model,
    draw only when something changed, then sleep in poll() until a key, a
    lab notification or the next frame. With the lab paused and nothing
    pressed it sleeps without a timeout: an idle zmqlab uses no CPU.

    Its parts (session_parts.h says which does what): feed.c fills the
    model from the lab, panel.c from the lesson, screens.c opens the menu,
    a lesson or the sandbox, actions.c does what the keys ask.
*/
#define _GNU_SOURCE
#include "session_parts.h"
#include "clock.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FRAME_MS = 33 };             //  30 frames a second, at most

void
session_message (session_t *self, bool error, const char *format, ...)
{
    //  A question on the message line stays until a key answers it.
    if (self->model.prompt_open)
        return;
    va_list args;
    va_start (args, format);
    vsnprintf (self->model.message, sizeof self->model.message, format, args);
    va_end (args);
    //  One line: the message line has no room for more.
    char *newline = strchr (self->model.message, '\n');
    if (newline)
        *newline = 0;
    self->model.message_is_error = error;
    self->dirty = true;
}

//  --- the lab ----------------------------------------------------------------

//  A fresh snapshot for the model; the feed works out the rates from it.
static void
s_refresh_snapshot (session_t *self)
{
    if (!self->lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    if (!snap)
        return;
    feed_snapshot (self->feed, &snap, clock_now ());
    self->dirty = true;
}

//  True while something on screen moves by itself: then the loop wakes
//  every frame; otherwise it sleeps until a key or a notification.
static bool
s_animating (const session_t *self)
{
    //  Glyphs, and rates: they fall to zero only if someone looks again
    //  after traffic stops.
    if (feed_moving (self->feed))
        return true;
    const lab_snapshot_t *snap = self->model.snap;
    if (!self->lab || !snap || snap->paused)
        return false;
    //  A goal's check runs each frame: its status is live.
    if (self->lesson && (lesson_status (self->lesson) == LESSON_WAITING
                         || lesson_status (self->lesson) == LESSON_GOAL))
        return true;
    if (self->commands && lesson_status (self->commands) == LESSON_WAITING)
        return true;
    for (size_t i = 0; i < snap->n_actors; i++) {
        actor_state_t state = snap->actors [i].state;
        if (state == ACTOR_RUNNING || state == ACTOR_SLEEPING || state == ACTOR_STARTING)
            return true;
    }
    return false;
}

//  --- the loop -------------------------------------------------------------

//  Signals arrive on a signalfd, so poll() wakes for them: SIGWINCH means
//  a new terminal size, the others (SIGINT, SIGTERM, SIGHUP) the end.
static int
s_signal_fd (const session_options_t *options)
{
    if (!options->signals)
        return -1;
    sigset_t set = *options->signals;
    sigaddset (&set, SIGWINCH);
    sigaddset (&set, SIGTSTP);
    return signalfd (-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void
s_take_signals (session_t *self, int fd)
{
    struct signalfd_siginfo info;
    while (fd >= 0 && read (fd, &info, sizeof info) == (ssize_t) sizeof info) {
        if (info.ssi_signo == SIGWINCH) {
            tui_resize (self->tui);
            self->dirty = true;
        }
        else
        if (info.ssi_signo == SIGTSTP) {
            //  Ctrl-Z: give the terminal back, stop, and repaint on return.
            tui_suspend (self->tui);
            self->dirty = true;
        }
        else {
            self->status = 130;
            self->quit = true;
        }
    }
}

int
session_run (const session_options_t *options)
{
    session_t session;
    memset (&session, 0, sizeof session);
    session_t *self = &session;
    self->options = options;
    self->model.zh = options->lang == LANG_ZH;
    self->model.selected = -1;
    self->cmdline = cmdline_new ();
    self->feed = feed_new (&self->model);
    if (!self->cmdline || !self->feed) {
        fprintf (stderr, "zmqlab: out of memory\n");
        cmdline_destroy (&self->cmdline);
        feed_destroy (&self->feed);
        return 1;
    }
    char *error = NULL;
    self->tui = tui_new (&error);
    if (!self->tui) {
        fprintf (stderr, "zmqlab: %s\n", error ? error : "cannot start the terminal view");
        free (error);
        cmdline_destroy (&self->cmdline);
        feed_destroy (&self->feed);
        return 1;
    }
    self->model.utf8 = tui_utf8 (self->tui);
    screens_load_history (self);
    if (options->exercises_dir)
        self->exercises = exercises_load (options->exercises_dir, options->lang);
    if (options->exercise_dir && options->student_file)
        exercise_open (self, options->exercise_dir, options->student_file, options->student_copied);
    else
    if (options->sandbox)
        screens_sandbox (self, options->script);
    else
    if (options->lesson_path)
        screens_lesson (self, options->lesson_path);
    else
        screens_menu (self);

    int signals = s_signal_fd (options);
    double last_snapshot = 0, last_draw = 0;
    bool lab_changed = true;
    bool keyed = true;              //  a key was just handled: draw at once
    bool watch_woken = false;       //  the learner's file may have changed
    while (!self->quit) {
        panel_advance (self);
        double now = clock_now ();
        if (self->lab && feed_take_events (self->feed, self->lab, now))
            self->dirty = true;
        //  A snapshot takes the lab's lock: at most one a frame, however
        //  often the lab signals (a busy lab signals thousands of times).
        int wait_snapshot = -1;
        if (self->lab && (lab_changed || self->dirty)) {
            double since = (now - last_snapshot) * 1000;
            if (since >= FRAME_MS) {
                s_refresh_snapshot (self);
                last_snapshot = now;
                lab_changed = false;
            }
            else
                wait_snapshot = FRAME_MS - (int) since;
        }
        //  At most one frame per FRAME_MS, except right after a key.
        int wait_draw = -1;
        if (self->dirty) {
            double since = (now - last_draw) * 1000;
            if (keyed || since >= FRAME_MS) {
                tui_draw (self->tui, &self->model);
                self->dirty = false;
                last_draw = now;
            }
            else
                wait_draw = FRAME_MS - (int) since;
        }
        keyed = false;
        //  Sleep until a key, a lab notification or (when moving) the frame.
        struct pollfd fds [4] = {
            { .fd = tui_fd (self->tui), .events = POLLIN },
            { .fd = self->lab ? lab_notify_fd (self->lab) : -1, .events = POLLIN },
            { .fd = signals, .events = POLLIN },
            { .fd = exercise_fd (self), .events = POLLIN },
        };
        int timeout = s_animating (self) ? FRAME_MS : -1;
        //  An exercise's file is looked at a few times a second.
        int wait_watch = exercise_poll (self, now, watch_woken);
        watch_woken = false;
        if (wait_watch >= 0 && (timeout < 0 || wait_watch < timeout))
            timeout = wait_watch;
        if (wait_draw >= 0 && (timeout < 0 || wait_draw < timeout))
            timeout = wait_draw;
        if (wait_snapshot >= 0 && (timeout < 0 || wait_snapshot < timeout))
            timeout = wait_snapshot;
        //  While a snapshot is due anyway, more lab signals add nothing.
        if (wait_snapshot >= 0)
            fds [1].fd = -1;
        int rc = poll (fds, 4, timeout);
        watch_woken = fds [3].revents != 0;
        if (rc < 0 && errno != EINTR)
            break;
        if (fds [2].revents) {
            s_take_signals (self, signals);
            if (self->quit)
                break;
        }
        if (fds [0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            //  The terminal is gone (closed window, SIGHUP ignored): no one
            //  is left to see anything.
            self->status = 130;
            break;
        }
        if (self->lab && fds [1].revents) {
            lab_wait (self->lab, 0);            //  clears the notification
            lab_changed = true;
        }
        lab_changed |= rc == 0;
        //  Every key waiting, so a paste does not take a frame per key.
        char utf8 [8];
        int key;
        while ((key = tui_key (self->tui, utf8)) != 0) {
            action_t action = input_action (self->model.screen, &self->model, key);
            actions_do (self, action, key, utf8);
            keyed = true;
            if (self->quit)
                break;
        }
    }
    if (signals >= 0)
        close (signals);
    tui_destroy (&self->tui);
    screens_close_lab (self);           //  records how far the lesson got
    exercise_close (self);
    exercises_destroy (&self->exercises);
    screens_save_history (self);
    panel_clear (self);
    for (int i = 0; i < self->model.n_menu; i++) {
        free (self->model.menu [i].id);
        free (self->model.menu [i].title);
        free (self->model.menu [i].level);
    }
    cmdline_destroy (&self->cmdline);
    feed_destroy (&self->feed);
    return self->status;
}
