/*  outside_mode.c — an exercise's checks judging a program outside zmqlab
    (--outside): the tutorial's server.py, or one in any language, on the
    tutorial's ports (exercise { outside = { … } } lists them).

    spawn (STUDENT, params) starts nothing. A dry run of the checks, before
    they run, noted the endpoints each STUDENT spawn names (bind, connect,
    then the others by name); the Nth is mapped to the exercise's Nth
    outside endpoint. Where the student binds (a wildcard host, as the
    tutorial's server binds port 5555) zmqlab's peers
    connect to tcp://127.0.0.1:5555; where the student connects, zmqlab's
    peers bind tcp://127.0.0.1:PORT. Every other spawn's params are sent
    with the mapped endpoint in place of the inproc one.

    The handle stands for the program: its stats are what it exchanged with
    zmqlab's peers in this check (outside peers seen after the spawn). A
    person starts it, so a check holds on (a person's time, not the lab's)
    until it listens where it binds, or until it connects where it connects.
    What cannot be done to an outside program (kill, pause, …) skips the
    check rather than failing it.
*/
#define _GNU_SOURCE
#include "internal.h"
#include "engine/monitor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { TALLY_MAX = 32, MAP_MAX = 16, PROBE_MAX = 8 };

//  An outside connection seen in this check, by its name (ext1, …).
typedef struct {
    char name [LAB_NAME_MAX];
    char address [64];
    uint64_t sent, received;        //  from the program's side
    bool live;
    bool left_by_itself;            //  it went while zmqlab's end still ran
    double left_seen;               //  real time it was first seen gone, that end running
} tally_t;

//  A socket closing ends its connections a moment before its actor is
//  stopped: a connection gone while its actor still runs this long after
//  was ended by the program.
static const double LEFT_SETTLE = 0.5;

//  A mapped endpoint: the inproc one the checks name, the tcp one zmqlab's
//  peers use, and what the student's program does there.
typedef struct {
    char *inproc;
    char *lab_side;                 //  "tcp://127.0.0.1:5555"
    char *student_side;             //  the endpoint as the program uses it
    int port;
    bool student_binds;
} map_t;

struct outside_mode_t {
    double patience;                //  real seconds a check holds on
    int port;                       //  --port: the first endpoint's port, 0 as declared
    char **declared;                //  exercise { outside = … }, ports moved
    int n_declared;
    char *joined;                   //  the same, ", " between
    map_t map [MAP_MAX];
    int n_map;
    //  This check.
    char name [LAB_NAME_MAX];       //  the STUDENT handle's name, "" before the spawn
    char **old;                     //  outside peers listed before the spawn
    int n_old;
    tally_t tally [TALLY_MAX];
    int n_tally;
    int probe [PROBE_MAX];          //  ports it binds, to see it listen
    int n_probe;
    bool listening;                 //  every one of them listens
    bool needs_peer;                //  it connects: hold on until it does
    bool peer_there;                //  a peer of this check has its endpoint to bind
    bool seen;                      //  it connected (or listens)
    bool gave_up;                   //  the patience ran out
    double since;                   //  real time the hold began, 0 none
    double lab_from;                //  lab time then
    char *skipped;                  //  why this check cannot run, or NULL
};

static double
s_real_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

outside_mode_t *
outside_mode_new (double patience, int port)
{
    outside_mode_t *self = calloc (1, sizeof *self);
    if (self) {
        self->patience = patience > 0 ? patience : 600;
        self->port = port;
    }
    return self;
}

static void
s_forget_check (outside_mode_t *self)
{
    lesson_list_free (self->old, self->n_old);
    self->old = NULL;
    self->n_old = 0;
    free (self->skipped);
    self->skipped = NULL;
    self->name [0] = 0;
    self->n_tally = self->n_probe = 0;
    self->listening = self->needs_peer = self->seen = self->gave_up = false;
    self->peer_there = false;
    self->since = self->lab_from = 0;
}

void
outside_mode_destroy (outside_mode_t **self_p)
{
    outside_mode_t *self = *self_p;
    if (!self)
        return;
    s_forget_check (self);
    lesson_list_free (self->declared, self->n_declared);
    free (self->joined);
    for (int i = 0; i < self->n_map; i++) {
        free (self->map [i].inproc);
        free (self->map [i].lab_side);
        free (self->map [i].student_side);
    }
    free (self);
    *self_p = NULL;
}

//  --- the endpoints ---------------------------------------------------------------

//  The order of a STUDENT spawn's endpoint params: bind, connect, then the
//  others by name (a Lua table has no order of its own).
static int
s_key_rank (const char *key)
{
    return strcmp (key, "bind") == 0 ? 0 : strcmp (key, "connect") == 0 ? 1 : 2;
}

static int
s_compare_keys (const void *a, const void *b)
{
    const char *x = *(const char * const *) a, *y = *(const char * const *) b;
    int rx = s_key_rank (x), ry = s_key_rank (y);
    return rx != ry ? rx - ry : strcmp (x, y);
}

void
outside_mode_collect (lesson_t *self, lua_State *L, int idx)
{
    if (!lua_istable (L, idx))
        return;
    //  "key\tinproc://…" for each endpoint param, sorted, then the spawn's
    //  end as "" (positions count from each spawn's first).
    char *found [PROBE_MAX];
    int n = 0;
    lua_pushnil (L);
    while (lua_next (L, idx)) {
        if (lua_type (L, -2) == LUA_TSTRING && lua_type (L, -1) == LUA_TSTRING && n < PROBE_MAX
        &&  strncmp (lua_tostring (L, -1), "inproc://", 9) == 0
        &&  asprintf (&found [n], "%s\t%s", lua_tostring (L, -2), lua_tostring (L, -1)) > 0)
            n++;
        lua_pop (L, 1);
    }
    qsort (found, (size_t) n, sizeof *found, s_compare_keys);
    //  --check: --outside could not run this spawn.
    if (self->n_outside_listed > 0 && n > self->n_outside_listed) {
        const char *last = found [self->n_outside_listed];
        const char *tab = strchr (last, '\t');
        char key [LAB_NAME_MAX];
        snprintf (key, sizeof key, "%.*s", (int) (tab - last), last);
        lesson_report (self, L, i18n_msg (self->lang, MSG_OUTSIDE_TOO_FEW), key, tab + 1,
                       self->n_outside_listed);
    }
    for (int i = 0; i < n; i++) {
        lesson_list_append (&self->student_params, &self->n_student_params, found [i]);
        free (found [i]);
    }
    lesson_list_append (&self->student_params, &self->n_student_params, "");
}

//  "tcp://HOST:PORT": the host's length and the port; false when not.
static bool
s_tcp_parts (const char *endpoint, size_t *host_len, int *port)
{
    if (strncmp (endpoint, "tcp://", 6) != 0)
        return false;
    const char *colon = strrchr (endpoint + 6, ':');
    if (!colon)
        return false;
    char *end;
    long value = strtol (colon + 1, &end, 10);
    if (*end || end == colon + 1 || value < 1 || value > 65535)
        return false;
    *host_len = (size_t) (colon - endpoint - 6);
    *port = (int) value;
    return true;
}

bool
outside_mode_endpoint_ok (const char *endpoint)
{
    size_t host_len;
    int port;
    return endpoint && s_tcp_parts (endpoint, &host_len, &port);
}

static map_t *
s_map_of (outside_mode_t *self, const char *inproc)
{
    for (int i = 0; i < self->n_map; i++)
        if (strcmp (self->map [i].inproc, inproc) == 0)
            return &self->map [i];
    return NULL;
}

void
outside_mode_endpoints (lesson_t *self, lua_State *L, int idx)
{
    outside_mode_t *mode = self->outside;
    lua_getfield (L, idx, "outside");
    int n = lua_istable (L, -1) ? (int) luaL_len (L, -1) : 0;
    if (n == 0) {
        lua_getfield (L, idx, "id");
        luaL_error (L, api_msg (L, MSG_OUTSIDE_NONE), lua_tostring (L, -1));
    }
    int shift = 0;
    for (int i = 1; i <= n; i++) {
        lua_geti (L, -1, i);
        const char *endpoint = lua_tostring (L, -1);
        size_t host_len;
        int port;
        if (!endpoint || !s_tcp_parts (endpoint, &host_len, &port))
            luaL_error (L, api_msg (L, MSG_OUTSIDE_TCP), endpoint ? endpoint : "?");
        if (i == 1 && mode->port)
            shift = mode->port - port;
        if (port + shift < 1 || port + shift > 65535)
            luaL_error (L, api_msg (L, MSG_OUTSIDE_PORT), mode->port, endpoint);
        char *moved;
        if (asprintf (&moved, "tcp://%.*s:%d", (int) host_len, endpoint + 6, port + shift) > 0) {
            lesson_list_append (&mode->declared, &mode->n_declared, moved);
            char *joined;
            if (asprintf (&joined, "%s%s%s", mode->joined ? mode->joined : "",
                          mode->joined ? ", " : "", moved) > 0) {
                free (mode->joined);
                mode->joined = joined;
            }
            free (moved);
        }
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
    //  Each STUDENT spawn's Nth endpoint is the Nth declared one.
    int position = 0;
    for (int i = 0; i < self->n_student_params; i++) {
        const char *entry = self->student_params [i];
        if (!*entry) {
            position = 0;
            continue;
        }
        const char *inproc = strchr (entry, '\t') + 1;
        if (position >= mode->n_declared) {
            char key [LAB_NAME_MAX];
            snprintf (key, sizeof key, "%.*s", (int) (inproc - entry - 1), entry);
            luaL_error (L, api_msg (L, MSG_OUTSIDE_TOO_FEW), key, inproc, mode->n_declared);
        }
        const char *declared = mode->declared [position++];
        if (s_map_of (mode, inproc) || mode->n_map >= MAP_MAX)
            continue;
        size_t host_len;
        int port;
        s_tcp_parts (declared, &host_len, &port);
        map_t *map = &mode->map [mode->n_map++];
        //  A wildcard host: the program binds there, zmqlab's peers connect.
        map->student_binds = host_len == 0 || strncmp (declared + 6, "*:", 2) == 0
                          || strncmp (declared + 6, "0.0.0.0:", 8) == 0;
        map->inproc = strdup (inproc);
        map->student_side = strdup (declared);
        map->port = port;
        if (asprintf (&map->lab_side, "tcp://127.0.0.1:%d", port) < 0)
            map->lab_side = NULL;
    }
}

const char *
outside_mode_map (lesson_t *self, const char *text)
{
    map_t *map = self->outside ? s_map_of (self->outside, text) : NULL;
    if (map && !map->student_binds)
        self->outside->peer_there = true;
    return map && map->lab_side ? map->lab_side : text;
}

//  --- the program -----------------------------------------------------------------

//  Whether something accepts tcp connections on 127.0.0.1:PORT: the
//  program listens where it binds (it sees a connection close unspoken,
//  which ZeroMQ ignores). Before zmqlab's peers connect, so that none of
//  them gives up on a program still being started.
static bool
s_listening (int port)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    bool up = connect (fd, (struct sockaddr *) &address, sizeof address) == 0;
    close (fd);
    return up;
}

static bool
s_all_listening (outside_mode_t *self)
{
    for (int i = 0; i < self->n_probe; i++)
        if (!s_listening (self->probe [i]))
            return false;
    return true;
}

static void
s_log (lesson_t *self, char *text)
{
    if (!text)
        return;
    lesson_item_t item = { .kind = ITEM_LOG, .text = text };
    lesson_push_item (self, &item);
}

//  The endpoints of the program, as it uses them (comma-separated) for
//  those it binds (BINDS) or connects to.
static void
s_endpoints (outside_mode_t *self, lua_State *L, int params, bool binds, char *out, size_t size)
{
    out [0] = 0;
    if (!lua_istable (L, params))
        return;
    lua_pushnil (L);
    while (lua_next (L, params)) {
        map_t *map = lua_type (L, -1) == LUA_TSTRING ? s_map_of (self, lua_tostring (L, -1)) : NULL;
        if (map && map->student_binds == binds && !strstr (out, map->student_side)) {
            size_t used = strlen (out);
            snprintf (out + used, size - used, "%s%s", used ? ", " : "", map->student_side);
        }
        lua_pop (L, 1);
    }
}

static int
s_spawned (lua_State *L, int status, lua_KContext context)
{
    (void) status;
    (void) context;
    api_push_handle (L, api_lesson (L)->outside->name);
    return 1;
}

int
outside_mode_spawn (lesson_t *self, lua_State *L, const char *name)
{
    outside_mode_t *mode = self->outside;
    if (mode->name [0])
        return outside_mode_refuse (self, L, api_msg (L, MSG_OUTSIDE_TWICE));
    if (lab_check_name (name, true) != LAB_ACCEPTED || lab_actor (self->lab, name))
        return luaL_error (L, api_msg (L, MSG_SPAWN_BAD_NAME), LESSON_STUDENT, name);
    snprintf (mode->name, sizeof mode->name, "%s", name);
    //  Whatever is listed now came before: not this check's program.
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    for (size_t i = 0; snap && i < snap->n_actors; i++)
        if (snap->actors [i].external)
            lesson_list_append (&mode->old, &mode->n_old, snap->actors [i].name);
    lab_snapshot_destroy (&snap);
    //  Where it binds it must listen before the peers come; where it
    //  connects, a wait holds on until it did.
    if (lua_istable (L, 2)) {
        lua_pushnil (L);
        while (lua_next (L, 2)) {
            map_t *map = lua_type (L, -1) == LUA_TSTRING ? s_map_of (mode, lua_tostring (L, -1))
                                                         : NULL;
            if (map && map->student_binds && mode->n_probe < PROBE_MAX)
                mode->probe [mode->n_probe++] = map->port;
            if (map && !map->student_binds)
                mode->needs_peer = true;
            lua_pop (L, 1);
        }
    }
    char binds [256], connects [256];
    s_endpoints (mode, L, 2, true, binds, sizeof binds);
    s_endpoints (mode, L, 2, false, connects, sizeof connects);
    mode->listening = s_all_listening (mode);
    if (mode->n_probe && mode->listening)
        s_log (self, i18n_format (self->lang, MSG_OUTSIDE_LISTENING, binds));
    else
    if (mode->n_probe)
        s_log (self, i18n_format (self->lang, MSG_OUTSIDE_START_BIND, binds, mode->patience));
    if (connects [0])
        s_log (self, i18n_format (self->lang, MSG_OUTSIDE_START_CONNECT, connects,
                                  mode->patience));
    if (mode->n_probe && !mode->listening) {
        mode->since = s_real_now ();
        self->waiting = WAIT_OUTSIDE;
        return lua_yieldk (L, 0, 0, s_spawned);
    }
    mode->seen = mode->n_probe > 0;
    api_push_handle (L, name);
    return 1;
}

bool
outside_mode_is (lesson_t *self, const char *name)
{
    return self->outside && self->outside->name [0] && strcmp (self->outside->name, name) == 0;
}

static bool
s_old (outside_mode_t *self, const char *name)
{
    return lesson_list_has (self->old, self->n_old, name);
}

static const actor_stats_t *
s_actor_in (const lab_snapshot_t *snap, const char *name)
{
    for (size_t i = 0; name [0] && i < snap->n_actors; i++)
        if (strcmp (snap->actors [i].name, name) == 0)
            return &snap->actors [i];
    return NULL;
}

void
outside_mode_poll (lesson_t *self)
{
    outside_mode_t *mode = self->outside;
    if (!mode || !mode->name [0] || !self->lab)
        return;
    lab_snapshot_t *snap = lab_snapshot (self->lab);
    for (size_t i = 0; snap && i < snap->n_actors; i++) {
        const actor_stats_t *peer = &snap->actors [i];
        //  Not this check's, or not a ZeroMQ program (a port scan).
        if (!peer->external || s_old (mode, peer->name)
        ||  strncmp (peer->detail, MONITOR_HANDSHAKE_FAILED,
                     strlen (MONITOR_HANDSHAKE_FAILED)) == 0)
            continue;
        tally_t *tally = NULL;
        for (int t = 0; t < mode->n_tally && !tally; t++)
            if (strcmp (mode->tally [t].name, peer->name) == 0)
                tally = &mode->tally [t];
        if (!tally && mode->n_tally < TALLY_MAX) {
            tally = &mode->tally [mode->n_tally++];
            memset (tally, 0, sizeof *tally);
            snprintf (tally->name, sizeof tally->name, "%s", peer->name);
        }
        if (!tally)
            continue;
        snprintf (tally->address, sizeof tally->address, "%s", peer->address);
        //  A peer gone for a minute leaves the snapshots: its counts stay.
        if (peer->sent > tally->sent)
            tally->sent = peer->sent;
        if (peer->received > tally->received)
            tally->received = peer->received;
        //  What zmqlab sent to it is known only where libzmq says who got
        //  it (a request queued before the connection is not); a REP
        //  replies only to what it received.
        if (strcmp (peer->behaviour, "REP") == 0 && tally->sent > tally->received)
            tally->received = tally->sent;
        tally->live = peer->state == ACTOR_EXTERNAL;
        if (tally->live) {
            tally->left_by_itself = false;
            tally->left_seen = 0;
        }
        else
        if (!tally->left_by_itself) {
            //  Gone while zmqlab's end still runs: the program went.
            bool end_runs = false;
            for (size_t l = 0; l < snap->n_links; l++) {
                const link_stats_t *link = &snap->links [l];
                bool from = strcmp (link->from_actor, peer->name) == 0;
                if (!link->external || (!from && strcmp (link->to_actor, peer->name) != 0))
                    continue;
                const actor_stats_t *end = s_actor_in (snap, from ? link->to_actor
                                                                  : link->from_actor);
                if (end && end->state != ACTOR_STOPPED && end->state != ACTOR_CRASHED)
                    end_runs = true;
            }
            double now = s_real_now ();
            if (!end_runs)
                tally->left_seen = -1;          //  zmqlab's end went: not the program
            else
            if (tally->left_seen == 0)
                tally->left_seen = now;
            else
            if (tally->left_seen > 0 && now - tally->left_seen >= LEFT_SETTLE)
                tally->left_by_itself = true;
        }
    }
    lab_snapshot_destroy (&snap);
}

void
outside_mode_stats (lesson_t *self, actor_stats_t *stats)
{
    outside_mode_t *mode = self->outside;
    outside_mode_poll (self);
    snprintf (stats->behaviour, sizeof stats->behaviour, "%s", LESSON_STUDENT);
    bool live = false, gone = false;
    for (int i = 0; i < mode->n_tally; i++) {
        stats->sent += mode->tally [i].sent;
        stats->received += mode->tally [i].received;
        live |= mode->tally [i].live;
        gone |= mode->tally [i].left_by_itself;
    }
    //  Not seen yet: starting. Connected, or last seen alive: running.
    //  Where it binds, it runs while it listens; else gone from a peer of
    //  zmqlab's that still runs: stopped.
    if (!live && mode->n_probe && mode->seen)
        gone = !s_all_listening (mode);
    stats->state = !mode->seen && mode->n_tally == 0 ? ACTOR_STARTING
                 : !live && gone ? ACTOR_STOPPED : ACTOR_RUNNING;
    //  Stopped: it ended on its own, as far as zmqlab can tell, which an
    //  actor's detail calls "finished" (checks compare it).
    snprintf (stats->detail, sizeof stats->detail, "%s",
              stats->state == ACTOR_STOPPED ? "finished"
                                            : i18n_msg (self->lang, MSG_OUTSIDE_PROGRAM));
}

const char *
outside_mode_link_name (lesson_t *self, const char *name)
{
    outside_mode_poll (self);
    return outside_mode_is (self, name) && self->outside->n_tally
         ? self->outside->tally [0].name : name;
}

int
outside_mode_refuse (lesson_t *self, lua_State *L, const char *what)
{
    outside_mode_t *mode = self->outside;
    free (mode->skipped);
    mode->skipped = i18n_format (self->lang, MSG_OUTSIDE_SKIPPED, what);
    return luaL_error (L, api_msg (L, MSG_OUTSIDE_CANNOT), what);
}

//  The hold ends: the wait that held on gets its whole time still.
static void
s_release (lesson_t *self)
{
    outside_mode_t *mode = self->outside;
    if (mode->lab_from > 0 && (self->waiting == WAIT_TIME || self->waiting == WAIT_UNTIL))
        self->deadline += lab_now (self->lab) - mode->lab_from;
    mode->since = mode->lab_from = 0;
}

bool
outside_mode_holds (lesson_t *self)
{
    outside_mode_t *mode = self->outside;
    if (!mode || !mode->name [0] || mode->gave_up || mode->skipped)
        return false;
    bool spawning = self->waiting == WAIT_OUTSIDE;
    //  Where it connects, it can show up once a peer of this check binds
    //  there (a check may start that peer late).
    if (!spawning && (!mode->needs_peer || mode->seen || !mode->peer_there))
        return false;
    if (spawning ? s_all_listening (mode) : (outside_mode_poll (self), mode->n_tally > 0)) {
        char ends [256] = "";
        for (int i = 0; spawning && i < mode->n_map; i++)
            for (int p = 0; p < mode->n_probe; p++)
                if (mode->map [i].port == mode->probe [p] && mode->map [i].student_binds
                &&  !strstr (ends, mode->map [i].student_side)) {
                    size_t used = strlen (ends);
                    snprintf (ends + used, sizeof ends - used, "%s%s", used ? ", " : "",
                              mode->map [i].student_side);
                }
        s_log (self, spawning ? i18n_format (self->lang, MSG_OUTSIDE_LISTENING, ends)
                              : i18n_format (self->lang, MSG_OUTSIDE_CONNECTED,
                                             mode->tally [0].name, mode->tally [0].address));
        mode->seen = true;
        s_release (self);
        return false;
    }
    double now = s_real_now ();
    if (mode->since == 0) {
        mode->since = now;
        mode->lab_from = lab_now (self->lab);
    }
    if (now - mode->since < mode->patience)
        return true;
    s_log (self, i18n_format (self->lang, MSG_OUTSIDE_ABSENT, mode->patience));
    mode->gave_up = true;
    s_release (self);
    return false;
}

bool
lesson_outside_waiting (lesson_t *self)
{
    outside_mode_t *mode = self->outside;
    return mode && mode->since > 0 && !mode->gave_up
        && (self->waiting == WAIT_OUTSIDE || self->waiting == WAIT_TIME
            || self->waiting == WAIT_UNTIL);
}

void
outside_mode_check_begins (lesson_t *self)
{
    if (self->outside)
        s_forget_check (self->outside);
}

const char *
outside_mode_skipped (lesson_t *self)
{
    return self->outside ? self->outside->skipped : NULL;
}

const char *
lesson_outside_endpoints (lesson_t *self)
{
    return self->outside ? self->outside->joined : NULL;
}

int
lesson_checks_skipped (lesson_t *self)
{
    return self->checks_skipped;
}
