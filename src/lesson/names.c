/*  names.c — the names reservation of names.h: the sets of names kept in
    a state's registry (the lesson's names, told to the ':' commands; the
    names a lesson spawned itself), and the refusal that lists the taken
    names with a free one.
*/
#include "internal.h"
#include "names.h"

#include <stdio.h>
#include <string.h>

//  Whether NAME is one a command may not take: an actor in the lab, or
//  one the lesson running beside the commands spawns (now or later).
static bool
s_in_set (lua_State *L, const char *key, const char *name)
{
    bool found = false;
    if (lua_getfield (L, LUA_REGISTRYINDEX, key) == LUA_TTABLE) {
        found = lua_getfield (L, -1, name) != LUA_TNIL;
        lua_pop (L, 1);
    }
    lua_pop (L, 1);
    return found;
}

static void
s_add_to_set (lua_State *L, const char *key, const char *name)
{
    if (lua_getfield (L, LUA_REGISTRYINDEX, key) != LUA_TTABLE) {
        lua_pop (L, 1);
        lua_newtable (L);
        lua_pushvalue (L, -1);
        lua_setfield (L, LUA_REGISTRYINDEX, key);
    }
    //  A set, and a list in the order the names came (for messages).
    if (lua_getfield (L, -1, name) == LUA_TNIL) {
        lua_pushstring (L, name);
        lua_seti (L, -3, (lua_Integer) luaL_len (L, -3) + 1);
    }
    lua_pop (L, 1);
    lua_pushboolean (L, 1);
    lua_setfield (L, -2, name);
    lua_pop (L, 1);
}

//  Whether the lesson in L spawned NAME itself; marking it so.
bool
names_spawned (lua_State *L, const char *name)
{
    return s_in_set (L, NAMES_SPAWNED, name);
}

void
names_mark_spawned (lua_State *L, const char *name)
{
    s_add_to_set (L, NAMES_SPAWNED, name);
}

void
names_reserve (lesson_t *commands, const lesson_t *dry)
{
    if (!commands || !dry)
        return;
    //  The set exists even when empty: it says a lesson runs beside.
    lua_State *L = commands->L;
    if (lua_getfield (L, LUA_REGISTRYINDEX, NAMES_RESERVED) != LUA_TTABLE) {
        lua_newtable (L);
        lua_setfield (L, LUA_REGISTRYINDEX, NAMES_RESERVED);
    }
    lua_pop (L, 1);
    for (int i = 0; i < dry->n_dry_names; i++)
        s_add_to_set (commands->L, NAMES_RESERVED, dry->dry_names [i]);
    for (size_t i = 0; i < dry->n_dry_actors; i++)
        s_add_to_set (commands->L, NAMES_RESERVED, dry->dry_actors [i]);
}

//  Whether these commands run beside a lesson (they were told its names).
bool
names_beside_lesson (lua_State *L)
{
    bool beside = lua_getfield (L, LUA_REGISTRYINDEX, NAMES_RESERVED) == LUA_TTABLE;
    lua_pop (L, 1);
    return beside;
}

bool
names_taken (lua_State *L, lesson_t *self, const char *name)
{
    return s_in_set (L, NAMES_RESERVED, name) || (self->lab && lab_actor (self->lab, name));
}

//  "spawn: the name 'x' is taken (…); try name = "x2"": the names a
//  command cannot take, and a free one like the one asked for.
int
names_refuse_taken (lua_State *L, lesson_t *self, const char *name)
{
    char taken [512] = "";
    size_t used = 0;
    //  The lesson's names first, then the lab's (without repeating one).
    if (lua_getfield (L, LUA_REGISTRYINDEX, NAMES_RESERVED) == LUA_TTABLE) {
        lua_Integer n = luaL_len (L, -1);
        for (lua_Integer i = 1; i <= n && used < sizeof taken; i++) {
            if (lua_geti (L, -1, i) == LUA_TSTRING)
                used += (size_t) snprintf (taken + used, sizeof taken - used, "%s%s",
                                           used ? ", " : "", lua_tostring (L, -1));
            lua_pop (L, 1);
        }
    }
    lua_pop (L, 1);
    lab_snapshot_t *snap = self->lab ? lab_snapshot (self->lab) : NULL;
    for (size_t i = 0; snap && i < snap->n_actors && used < sizeof taken; i++) {
        const char *actor = snap->actors [i].name;
        if (!s_in_set (L, NAMES_RESERVED, actor) && !snap->actors [i].external)
            used += (size_t) snprintf (taken + used, sizeof taken - used, "%s%s",
                                       used ? ", " : "", actor);
    }
    lab_snapshot_destroy (&snap);
    //  A free name like the one asked for: name2, name3, … (puller2: puller3).
    int base = (int) strlen (name);
    while (base > 1 && name [base - 1] >= '0' && name [base - 1] <= '9')
        base--;
    if (base > LAB_NAME_MAX - 5)
        base = LAB_NAME_MAX - 5;
    char free_name [LAB_NAME_MAX] = "";
    for (int n = 2; n < 1000 && !free_name [0]; n++) {
        char candidate [LAB_NAME_MAX + 8];
        snprintf (candidate, sizeof candidate, "%.*s%d", base, name, n);
        if (lab_check_name (candidate, true) == LAB_ACCEPTED && !names_taken (L, self, candidate))
            memcpy (free_name, candidate, strlen (candidate) + 1);  //  accepted: it fits
    }
    return luaL_error (L, api_msg (L, MSG_SPAWN_TAKEN_BY), name, free_name, taken);
}
