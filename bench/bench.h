/*  bench.h — what the benchmark's files share: the clock, the options
    main sets, the lab helpers the rounds and the view benchmark both use,
    and each file's runs. bench.c holds main and the figures' arithmetic,
    bench_raw.c the raw libzmq runs, bench_lab.c the same traffic through
    the lab (and shutdown, memory), bench_view.c the terminal view.
*/
#ifndef ZMQLAB_BENCH_H
#define ZMQLAB_BENCH_H

#include "engine/lab.h"

#include <stdbool.h>

enum {
    MSG_SIZE = 16,                  //  bytes a message, raw and lab alike
    SUBSCRIBERS = 3,                //  SUBs behind the one PUB
    VIEW_SAMPLES_MAX = 4096         //  most frames one benchmark keeps
};

static const double FRAME = 1.0 / 30;        //  the reader's snapshot period

typedef struct _view_t view_t;

//  A view-like reader beside a lab round (bench_lab.c).
typedef struct {
    double next_frame;              //  when the next frame is due
    long wakeups;                   //  notifications the reader woke up for
    long frames;                    //  frames it took
} reader_t;

//  The options, as main sets them (bench.c).
extern bool bench_reader;           //  false: --no-reader
extern const char *bench_actors_dir;    //  where the lab finds its behaviours
extern view_t *bench_screen;        //  the screen, for the view rounds

//  bench.c: the monotonic clock in seconds; doubles in order for qsort;
//  per-subscriber msg/s of a fan-out.
double bench_now (void);
int bench_compare (const void *a, const void *b);
double bench_fan_out_rate (const double *first, const double *last, long count);

//  bench_raw.c: raw libzmq rounds. Each returns msg/s (0: incomplete).
double bench_raw_push_pull (long count);
double bench_raw_pub_sub (long count);

//  bench_lab.c: labs with the benchmark's behaviours, and the lab rounds.
extern reader_t bench_last_reader;  //  the last lab round's, for the round line
lab_t *bench_lab_new (void);
actor_t *bench_spawn (lab_t *lab, const char *behaviour, const char *name,
                      const char *params);
bool bench_finished (actor_state_t state);
void bench_wait_states (lab_t *lab, actor_t **actors, int n, actor_state_t state,
                        reader_t *reader);
double bench_lab_push_pull (long count);
double bench_lab_push_pull_view (long count);
double bench_lab_pub_sub (long count);
double bench_rss_100_actors (void);
double bench_shutdown_ms (void);

//  bench_reload.c: an exercise's reload, from a write of the learner's
//  file to its first check started; WRITES per exercise of EXERCISES_DIR.
void bench_reload (const char *exercises_dir, int writes);

//  bench_view.c: the terminal view on /dev/null.
view_t *bench_view_new (void);
void bench_view_destroy (view_t **self_p);
void bench_view_detach (view_t *self);
void bench_view_frames (view_t *view, int frames);
void bench_view_round_frame (view_t *self, lab_t *lab);
void bench_view_rounds_reset (void);
void bench_view_rounds_details (void);

#endif
