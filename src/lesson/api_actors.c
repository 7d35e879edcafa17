/*  api_actors.c — the lesson calls about actors: spawn (its params as
    constructor text, the lab's refusals in the lesson's words), actor,
    behaviour, focus, the actor handles and their methods (stats, pause,
    resume, kill, restart, set, feed), link and outside. In a dry run the
    same checks run against the names the run spawned.
*/
#define _GNU_SOURCE
#include "internal.h"
#include "help.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ACTOR_META "zmqlab.actor"

enum { PARAMS_DEPTH_MAX = 4 };

//  --- params: a Lua table to constructor text for the actor's own state ---------

//  Appends TEXT to the list of pieces at index PARTS (a Lua table, so an
//  error half-way leaks nothing).
static void
s_piece (lua_State *L, int parts, const char *text, size_t len)
{
    lua_pushlstring (L, text, len);
    lua_rawseti (L, parts, (lua_Integer) lua_rawlen (L, parts) + 1);
}

static void
s_serialize (lua_State *L, int idx, int parts, int depth)
{
    idx = lua_absindex (L, idx);
    switch (lua_type (L, idx)) {
        case LUA_TSTRING: {
            size_t len;
            const char *text = lua_tolstring (L, idx, &len);
            //  --outside: an inproc endpoint of the student's, as tcp.
            const char *mapped = outside_mode_map (api_lesson (L), text);
            if (mapped != text) {
                text = mapped;
                len = strlen (mapped);
            }
            s_piece (L, parts, "\"", 1);
            size_t plain = 0;           //  start of the run not yet added
            for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char) text [i];
                if (c >= 32 && c != 127 && c != '"' && c != '\\')
                    continue;
                s_piece (L, parts, text + plain, i - plain);
                char escape [8];
                snprintf (escape, sizeof escape, "\\%03u", c);
                s_piece (L, parts, escape, strlen (escape));
                plain = i + 1;
            }
            s_piece (L, parts, text + plain, len - plain);
            s_piece (L, parts, "\"", 1);
            break;
        }
        case LUA_TNUMBER: {
            //  Read back with the same subtype: an integer as an integer
            //  (math.mininteger in hex: "-9223372036854775808" reads as a
            //  float), a float as a float ("3" would be the integer 3).
            char number [64];
            if (lua_isinteger (L, idx)) {
                lua_Integer value = lua_tointeger (L, idx);
                if (value == LUA_MININTEGER)
                    snprintf (number, sizeof number, "0x%llx", (unsigned long long) value);
                else
                    snprintf (number, sizeof number, "%lld", (long long) value);
            }
            else {
                double value = lua_tonumber (L, idx);
                if (!isfinite (value))
                    luaL_error (L, api_msg (L, MSG_PARAMS_FINITE));
                //  17 digits give the same double back.
                snprintf (number, sizeof number, "%.17g", value);
                if (!strpbrk (number, ".e"))
                    strcat (number, ".0");
            }
            s_piece (L, parts, number, strlen (number));
            break;
        }
        case LUA_TBOOLEAN:
            if (lua_toboolean (L, idx))
                s_piece (L, parts, "true", 4);
            else
                s_piece (L, parts, "false", 5);
            break;
        case LUA_TTABLE:
            if (depth >= PARAMS_DEPTH_MAX)
                luaL_error (L, api_msg (L, MSG_PARAMS_DEEP));
            s_piece (L, parts, "{", 1);
            lua_pushnil (L);
            while (lua_next (L, idx)) {
                if (lua_type (L, -2) != LUA_TSTRING && lua_type (L, -2) != LUA_TNUMBER)
                    luaL_error (L, api_msg (L, MSG_PARAMS_KEYS));
                s_piece (L, parts, "[", 1);
                s_serialize (L, -2, parts, depth + 1);
                s_piece (L, parts, "]=", 2);
                s_serialize (L, -1, parts, depth + 1);
                s_piece (L, parts, ",", 1);
                lua_pop (L, 1);
            }
            s_piece (L, parts, "}", 1);
            break;
        default:
            luaL_error (L, api_msg (L, MSG_PARAMS_TYPE), luaL_typename (L, idx));
    }
}

//  Pushes the constructor text for the table at idx ("{}" when absent).
static const char *
s_params_text (lua_State *L, int idx)
{
    if (lua_isnoneornil (L, idx)) {
        lua_pushliteral (L, "{}");
        return lua_tostring (L, -1);
    }
    luaL_checktype (L, idx, LUA_TTABLE);
    idx = lua_absindex (L, idx);
    lua_newtable (L);
    int parts = lua_gettop (L);
    s_serialize (L, idx, parts, 0);
    //  The original table.concat, kept where a lesson cannot replace it.
    lua_getfield (L, LUA_REGISTRYINDEX, LESSON_CONCAT);
    lua_pushvalue (L, parts);
    lua_call (L, 1, 1);
    lua_replace (L, parts);
    return lua_tostring (L, -1);
}

typedef struct {
    char name [LAB_NAME_MAX];
} handle_t;

void
api_push_handle (lua_State *L, const char *name)
{
    handle_t *handle = lua_newuserdatauv (L, sizeof *handle, 0);
    snprintf (handle->name, sizeof handle->name, "%s", name);
    luaL_setmetatable (L, ACTOR_META);
}

static bool
s_dry_known (lesson_t *self, const char *name)
{
    for (size_t i = 0; i < self->n_dry_actors; i++)
        if (strcmp (self->dry_actors [i], name) == 0)
            return true;
    return false;
}

//  A string argument the lab keeps as a C string (a name, a label, an
//  option): one holding a NUL byte would be cut there without a word (and
//  "pub\0x" would name pub), so it is refused.
static const char *
s_check_cstring (lua_State *L, int idx, const char *what)
{
    size_t len;
    const char *text = luaL_checklstring (L, idx, &len);
    lesson_refuse_nul (api_lesson (L), L, text, len, what);
    return text;
}

//  The actor behind a handle or a name; raises when there is none. The
//  outside program (--outside) has none: WHAT (":kill") cannot be done to
//  it, which skips the check; NULL: the caller asks outside_mode_is.
static actor_t *
s_actor_arg (lua_State *L, lesson_t *self, int idx, const char **name, const char *what)
{
    handle_t *handle = luaL_testudata (L, idx, ACTOR_META);
    *name = handle ? handle->name : s_check_cstring (L, idx, "actor");
    if (outside_mode_is (self, *name)) {
        if (what)
            outside_mode_refuse (self, L, what);
        return NULL;
    }
    if (self->dry) {
        if (!s_dry_known (self, *name))
            luaL_error (L, api_msg (L, MSG_NO_ACTOR_YET), *name);
        return NULL;
    }
    actor_t *actor = lab_actor (self->lab, *name);
    if (!actor)
        luaL_error (L, api_msg (L, MSG_NO_ACTOR), *name);
    return actor;
}

//  The dry run's lab_has_behaviour: there is no lab to ask.
static bool
s_behaviour_exists (lesson_t *self, lua_State *L, const char *behaviour)
{
    if (lab_check_name (behaviour, false) != LAB_ACCEPTED)
        return false;       //  the lab would not look for it either
    bool inline_ = false;
    if (lua_getfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours") == LUA_TTABLE) {
        inline_ = lua_getfield (L, -1, behaviour) == LUA_TSTRING;
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
    if (inline_)
        return true;
    char *path;
    if (!self->actors_dir || asprintf (&path, "%s/%s.lua", self->actors_dir, behaviour) < 0)
        return true;        //  cannot tell: do not complain
    bool found = access (path, R_OK) == 0;
    free (path);
    return found;
}

//  The behaviours a spawn may name: the shipped ones, then the lesson's.
static void
s_known_behaviours (lua_State *L, char *buffer, size_t size)
{
    help_behaviour_names (buffer, size);
    if (lua_getfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours") == LUA_TTABLE) {
        lua_pushnil (L);
        while (lua_next (L, -2)) {
            lua_pop (L, 1);
            if (lua_type (L, -1) == LUA_TSTRING && !help_behaviour (lua_tostring (L, -1))) {
                size_t used = strlen (buffer);
                snprintf (buffer + used, size - used, ", %s", lua_tostring (L, -1));
            }
        }
    }
    lua_pop (L, 1);
}

//  Raises what the lab refuses, in the lesson's words: the rules are the
//  lab's (lab_check_spawn, lab_check_name), only the wording is ours.
static int
s_refuse (lua_State *L, lab_refusal_t refusal, const char *behaviour, const char *name)
{
    char known [512];
    switch (refusal) {
        case LAB_UNKNOWN_BEHAVIOUR:
            s_known_behaviours (L, known, sizeof known);
            return luaL_error (L, api_msg (L, MSG_SPAWN_UNKNOWN), behaviour, known);
        case LAB_NAME_TAKEN:
            if (api_lesson (L)->sandbox)
                return names_refuse_taken (L, api_lesson (L), name);
            return luaL_error (L, api_msg (L, MSG_SPAWN_TAKEN), name);
        case LAB_RESERVED_NAME:
            return luaL_error (L, api_msg (L, MSG_SPAWN_RESERVED), behaviour, name);
        default:
            return luaL_error (L, api_msg (L, MSG_SPAWN_BAD_NAME), behaviour, name);
    }
}

static int
l_spawn (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    const char *behaviour = s_check_cstring (L, 1, "spawn");
    if (!lua_isnoneornil (L, 2))
        luaL_checktype (L, 2, LUA_TTABLE);
    //  The actor's name: params.name, else the behaviour's name.
    const char *name = behaviour;
    if (lua_istable (L, 2)) {
        lua_getfield (L, 2, "name");
        if (!lua_isnil (L, -1)) {
            name = lua_tostring (L, -1);
            if (!name)
                return luaL_error (L, api_msg (L, MSG_SPAWN_NAME_TYPE));
            lesson_refuse_nul (self, L, name, lua_rawlen (L, -1), "spawn { name = … }");
        }
        lua_pop (L, 1);     //  still referenced by the params table
    }
    //  --outside: the student's program is outside zmqlab; nothing starts.
    if (self->outside && strcmp (behaviour, LESSON_STUDENT) == 0)
        return outside_mode_spawn (self, L, name);
    if (self->dry && self->exercise && strcmp (behaviour, LESSON_STUDENT) == 0)
        outside_mode_collect (self, L, 2);
    const char *params = s_params_text (L, 2);
    if (self->dry) {
        //  No lab: the same refusals, from what the dry run knows.
        lab_refusal_t refusal = !s_behaviour_exists (self, L, behaviour) ? LAB_UNKNOWN_BEHAVIOUR
                              : lab_check_name (name, true);
        if (refusal == LAB_ACCEPTED && s_dry_known (self, name))
            refusal = LAB_NAME_TAKEN;
        if (refusal != LAB_ACCEPTED)
            return s_refuse (L, refusal, behaviour, name);
        char **grown = realloc (self->dry_actors, (self->n_dry_actors + 1) * sizeof *grown);
        if (grown) {
            self->dry_actors = grown;
            grown [self->n_dry_actors++] = strdup (name);
        }
        api_push_handle (L, name);
        return 1;
    }
    //  What the lab would refuse, in the lesson's language (the lab's own
    //  messages are English).
    lab_refusal_t refusal = lab_check_spawn (self->lab, behaviour, name);
    //  A command never takes a name the lesson beside it uses or will use.
    if (refusal == LAB_ACCEPTED && self->sandbox && names_taken (L, self, name))
        refusal = LAB_NAME_TAKEN;
    //  The lesson needs a name a command took (one the dry run did not
    //  foresee): the student's actor makes way, and the lesson says so.
    if (refusal == LAB_NAME_TAKEN && !self->sandbox && !names_spawned (L, name)
    &&  lab_remove (self->lab, name) == 0) {
        lesson_item_t item = { .kind = ITEM_LOG, .line = lesson_current_line (L) };
        item.text = i18n_format (self->lang, MSG_NAME_MADE_WAY, name);
        lesson_push_item (self, &item);
        refusal = lab_check_spawn (self->lab, behaviour, name);
    }
    if (refusal != LAB_ACCEPTED)
        return s_refuse (L, refusal, behaviour, name);
    char *error = NULL;
    actor_t *actor = lab_spawn (self->lab, behaviour, name, params, &error);
    if (!actor) {
        lua_pushfstring (L, api_msg (L, MSG_SPAWN_FAILED), behaviour,
                         error ? error : api_msg (L, MSG_FAILED));
        free (error);
        return luaL_error (L, "%s", lua_tostring (L, -1));
    }
    if (!self->sandbox)
        names_mark_spawned (L, name);
    api_push_handle (L, name);
    return 1;
}

static int
l_actor (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    const char *name = s_check_cstring (L, 1, "actor");
    if (outside_mode_is (self, name)
    ||  (self->dry ? s_dry_known (self, name) : lab_actor (self->lab, name) != NULL))
        api_push_handle (L, name);
    else
        lua_pushnil (L);
    return 1;
}

static int
l_behaviour (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    const char *name = s_check_cstring (L, 1, "behaviour");
    size_t len;
    const char *source = luaL_checklstring (L, 2, &len);
    if (lab_check_name (name, false) != LAB_ACCEPTED)
        return luaL_error (L, api_msg (L, MSG_BEHAVIOUR_NAME), name);
    //  Beside a lesson, a command does not replace what the lesson spawns.
    if (self->sandbox && help_behaviour (name) && names_beside_lesson (L))
        return luaL_error (L, api_msg (L, MSG_BEHAVIOUR_SHIPPED), name);
    //  Compile it here too, so a syntax error points at the lesson.
    if (luaL_loadbufferx (L, source, len, name, "t") != LUA_OK)
        return luaL_error (L, api_msg (L, MSG_BEHAVIOUR_ERROR), name, lua_tostring (L, -1));
    lua_pop (L, 1);
    //  Compiled whole, but the lab keeps it as a C string.
    lesson_refuse_nul (self, L, source, len, "behaviour");
    lua_getfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours");
    if (!lua_istable (L, -1)) {
        lua_pop (L, 1);
        lua_newtable (L);
        lua_pushvalue (L, -1);
        lua_setfield (L, LUA_REGISTRYINDEX, "zmqlab.behaviours");
    }
    //  The lab keeps a C copy of every source defined: counted in the
    //  lesson's memory, the one it replaces given back (this table holds
    //  the same sources, by name).
    lua_getfield (L, -1, name);
    size_t replaced = lua_isstring (L, -1) ? lua_rawlen (L, -1) + 1 : 0;
    lua_pop (L, 1);
    if (len + 1 > replaced)
        lesson_room (self, L, len + 1 - replaced, "behaviour");
    if (!self->dry && lab_define (self->lab, name, source) != 0)
        return luaL_error (L, api_msg (L, MSG_BEHAVIOUR_NAME), name);
    if (!self->dry) {
        lesson_unhold (self, replaced);
        lesson_hold (self, len + 1);
    }
    lua_pushvalue (L, 2);
    lua_setfield (L, -2, name);
    return 0;
}

static int
l_focus (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    const char *name;
    s_actor_arg (L, self, 1, &name, NULL);
    lesson_item_t item = { .kind = ITEM_FOCUS, .text = strdup (name),
                           .line = lesson_current_line (L) };
    lesson_push_item (self, &item);
    return 0;
}

static void
s_set_number (lua_State *L, const char *key, double value)
{
    lua_pushnumber (L, value);
    lua_setfield (L, -2, key);
}

static void
s_set_integer (lua_State *L, const char *key, uint64_t value)
{
    lua_pushinteger (L, (lua_Integer) value);
    lua_setfield (L, -2, key);
}

static void
s_set_string (lua_State *L, const char *key, const char *value)
{
    lua_pushstring (L, value);
    lua_setfield (L, -2, key);
}

static void
s_push_stats (lua_State *L, const actor_stats_t *stats)
{
    lua_createtable (L, 0, 16);
    s_set_integer (L, "sent", stats->sent);
    s_set_integer (L, "received", stats->received);
    s_set_integer (L, "lost", stats->lost);
    s_set_integer (L, "missed", stats->missed);
    s_set_integer (L, "discarded", stats->discarded);
    s_set_integer (L, "unroutable", stats->unroutable);
    s_set_integer (L, "in_flight", stats->in_flight);
    s_set_integer (L, "subscriptions", stats->subscriptions);
    s_set_integer (L, "errors", stats->errors);
    s_set_integer (L, "restarts", (uint64_t) stats->restarts);
    s_set_string (L, "state", actor_state_name (stats->state));
    lua_pushboolean (L, stats->paused);
    lua_setfield (L, -2, "paused");
    s_set_string (L, "detail", stats->detail);
    s_set_string (L, "last_error", stats->last_error);
    lua_createtable (L, 0, ERR_KIND_COUNT);
    for (int i = 0; i < ERR_KIND_COUNT; i++)
        s_set_integer (L, error_kind_name ((error_kind_t) i), stats->errors_by_kind [i]);
    lua_setfield (L, -2, "errors_by_kind");
    //  Reports are text; numbers come back as numbers for easy comparison.
    lua_createtable (L, 0, stats->n_reports);
    for (int i = 0; i < stats->n_reports; i++) {
        const char *value = stats->reports [i].value;
        if (lua_stringtonumber (L, value) == 0)
            lua_pushstring (L, value);
        lua_setfield (L, -2, stats->reports [i].key);
    }
    lua_setfield (L, -2, "report");
}

static int
m_stats (lua_State *L)
{
    lesson_t *self = api_lesson (L);
    const char *name;
    actor_t *actor = s_actor_arg (L, self, 1, &name, NULL);
    actor_stats_t stats;
    memset (&stats, 0, sizeof stats);
    snprintf (stats.name, sizeof stats.name, "%s", name);
    stats.state = ACTOR_RUNNING;
    if (actor)
        actor_stats (actor, &stats);
    else
    if (outside_mode_is (self, name))
        outside_mode_stats (self, &stats);
    s_push_stats (L, &stats);
    return 1;
}

static int
m_pause (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":pause()");
    if (actor)
        actor_pause (actor);
    return 0;
}

static int
m_resume (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":resume()");
    if (actor)
        actor_resume (actor);
    return 0;
}

static int
m_kill (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":kill()");
    if (actor)
        actor_kill (actor);
    return 0;
}

static int
m_restart (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":restart()");
    const char *params = lua_isnoneornil (L, 2) ? NULL : s_params_text (L, 2);
    if (!actor)
        return 0;
    char *error = NULL;
    if (actor_restart (actor, params, &error) != 0) {
        lua_pushfstring (L, api_msg (L, MSG_RESTART_FAILED), name,
                         error ? error : api_msg (L, MSG_FAILED));
        free (error);
        return luaL_error (L, "%s", lua_tostring (L, -1));
    }
    return 0;
}

static int
m_set (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":set()");
    const char *option = s_check_cstring (L, 2, ":set()");
    luaL_checkany (L, 3);
    size_t len = 1;
    const char *value = lua_isboolean (L, 3) ? (lua_toboolean (L, 3) ? "1" : "0")
                                             : luaL_tolstring (L, 3, &len);
    lesson_refuse_nul (api_lesson (L), L, value, len, ":set()");
    if (!actor_option_known (option))
        return luaL_error (L, api_msg (L, MSG_SET_UNKNOWN), option);
    if (actor)
        actor_set_option (actor, option, value);
    return 0;
}

static int
m_feed (lua_State *L)
{
    const char *name;
    actor_t *actor = s_actor_arg (L, api_lesson (L), 1, &name, ":feed()");
    size_t len;
    const char *text = luaL_checklstring (L, 2, &len);
    lesson_t *self = api_lesson (L);
    lesson_refuse_nul (self, L, text, len, ":feed()");
    if (!actor)
        return 0;
    //  Lines wait in the actors until read: each actor's unread lines
    //  count in the lesson's memory.
    lesson_room (self, L, lab_feed_queued (self->lab) + len + 1, ":feed()");
    if (actor_feed (actor, text) != 0)
        return luaL_error (L, i18n_msg (self->lang, MSG_C_MEMORY), ":feed()",
                           (int) (self->memory.max >> 20));
    return 0;
}

static int
m_index (lua_State *L)
{
    handle_t *handle = luaL_checkudata (L, 1, ACTOR_META);
    const char *key = luaL_checkstring (L, 2);
    if (strcmp (key, "name") == 0) {
        lua_pushstring (L, handle->name);
        return 1;
    }
    lua_getfield (L, lua_upvalueindex (1), key);
    return 1;
}

static int
m_tostring (lua_State *L)
{
    handle_t *handle = luaL_checkudata (L, 1, ACTOR_META);
    lua_pushfstring (L, "actor %s", handle->name);
    return 1;
}

//  A link's end: an actor (handle or name) or one of its sockets by label
//  ("vent.sync"); the actor must exist.
static const char *
s_link_end (lua_State *L, lesson_t *self, int idx)
{
    handle_t *handle = luaL_testudata (L, idx, ACTOR_META);
    if (handle)
        return outside_mode_link_name (self, handle->name);
    const char *label = s_check_cstring (L, idx, "link");
    if (outside_mode_is (self, label))
        return outside_mode_link_name (self, label);
    char actor [LAB_NAME_MAX];
    snprintf (actor, sizeof actor, "%.*s", (int) strcspn (label, "."), label);
    //  ext1, ext2…: outside programs, which come and go on their own.
    bool outside = lab_check_name (actor, true) == LAB_RESERVED_NAME;
    bool known = outside || (self->dry ? s_dry_known (self, actor)
                                       : lab_actor (self->lab, actor) != NULL);
    if (!known)
        luaL_error (L, api_msg (L, MSG_NO_ACTOR), actor);
    return label;
}

static int
l_link (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    const char *from = s_link_end (L, self, 1), *to = s_link_end (L, self, 2);
    link_stats_t zero;
    memset (&zero, 0, sizeof zero);
    zero.in_flight_known = true;
    //  A copy, and the snapshot gone before anything here can raise.
    lab_snapshot_t *snap = self->dry ? NULL : lab_snapshot (self->lab);
    const link_stats_t *found = self->dry ? &zero : lab_snapshot_link (snap, from, to);
    link_stats_t copy;
    if (found)
        copy = *found;
    lab_snapshot_destroy (&snap);
    if (!found) {
        lua_pushnil (L);
        return 1;
    }
    const link_stats_t *link = &copy;
    lua_createtable (L, 0, 10);
    s_set_integer (L, "delivered", link->delivered);
    s_set_integer (L, "lost", link->lost);
    s_set_integer (L, "missed", link->missed);
    s_set_integer (L, "missed_first", link->missed_first);
    s_set_integer (L, "missed_last", link->missed_last);
    //  nil where it is not known: one of several links of a round-robin
    //  sender (its total is the sender's :stats().in_flight). An outside
    //  program's link keeps 0, as documented: unstamped, never counted.
    if (link->in_flight_known || link->external)
        s_set_integer (L, "in_flight", link->in_flight);
    s_set_integer (L, "discarded", link->discarded);
    s_set_string (L, "discard_reason", link->discarded ? LINK_DISCARD_REASON : "");
    if (link->capacity < 0)
        s_set_number (L, "capacity", HUGE_VAL);
    else
        s_set_integer (L, "capacity", (uint64_t) link->capacity);
    s_set_string (L, "endpoint", link->endpoint);
    lua_pushboolean (L, link->active);
    lua_setfield (L, -2, "active");
    return 1;
}

//  outside() -> { peers = { {name, address, type, state, sent, received,
//  detail, actor, socket, endpoint}, … }, live, refused, handshake_failed,
//  reachable }: the programs outside zmqlab that connected over tcp/ipc.
static int
l_outside (lua_State *L)
{
    lesson_t *self = api_lesson_met (L);
    lab_snapshot_t *snap = self->dry ? NULL : lab_snapshot (self->lab);
    lua_createtable (L, 0, 5);
    lua_newtable (L);
    int n = 0;
    for (size_t i = 0; snap && i < snap->n_actors; i++) {
        const actor_stats_t *peer = &snap->actors [i];
        if (!peer->external)
            continue;
        lua_createtable (L, 0, 10);
        s_set_string (L, "name", peer->name);
        s_set_string (L, "address", peer->address);
        s_set_string (L, "type", strcmp (peer->behaviour, "external") == 0 ? "" : peer->behaviour);
        s_set_string (L, "state", peer->state == ACTOR_EXTERNAL ? "connected" : "left");
        s_set_integer (L, "sent", peer->sent);
        s_set_integer (L, "received", peer->received);
        s_set_string (L, "detail", peer->detail);
        for (size_t l = 0; l < snap->n_links; l++) {
            const link_stats_t *link = &snap->links [l];
            bool from = strcmp (link->from_actor, peer->name) == 0;
            if (link->external && (from || strcmp (link->to_actor, peer->name) == 0)) {
                s_set_string (L, "actor", from ? link->to_actor : link->from_actor);
                s_set_string (L, "socket", from ? link->to : link->from);
                s_set_string (L, "endpoint", link->endpoint);
            }
        }
        lua_seti (L, -2, ++n);
    }
    lua_setfield (L, -2, "peers");
    s_set_integer (L, "live", snap ? snap->outside_live : 0);
    s_set_integer (L, "refused", snap ? snap->outside_refused : 0);
    s_set_integer (L, "handshake_failed", snap ? snap->outside_handshake_failed : 0);
    s_set_string (L, "reachable", snap ? snap->reachable : "");
    lab_snapshot_destroy (&snap);
    return 1;
}

void
api_open_actors (lua_State *L)
{
    static const luaL_Reg functions [] = {
        { "spawn", l_spawn }, { "actor", l_actor }, { "behaviour", l_behaviour },
        { "focus", l_focus }, { "link", l_link }, { "outside", l_outside },
        { NULL, NULL }
    };
    luaL_setfuncs (L, functions, 0);
    static const luaL_Reg methods [] = {
        { "stats", m_stats }, { "pause", m_pause }, { "resume", m_resume },
        { "kill", m_kill }, { "restart", m_restart }, { "set", m_set },
        { "feed", m_feed }, { NULL, NULL }
    };
    if (luaL_newmetatable (L, ACTOR_META)) {
        luaL_newlib (L, methods);
        lua_pushcclosure (L, m_index, 1);
        lua_setfield (L, -2, "__index");
        lua_pushcfunction (L, m_tostring);
        lua_setfield (L, -2, "__tostring");
        lua_pushboolean (L, 0);
        lua_setfield (L, -2, "__metatable");
    }
    lua_pop (L, 1);
}
