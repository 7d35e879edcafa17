#!/usr/bin/env bash
# layers.sh — the engine's files call one another one way only, and the
# layers include one another downwards only (see the end). Each file
# of src/engine has a layer below; a file may call a function defined in a
# file of a lower layer, never one of its own layer or above (no circle).
# A new engine file must be given a layer here.
#
# "Calls" is read from the text: a file calls NAME when it writes "NAME ("
# outside a comment line, and NAME is a function another engine file
# defines (CZMQ style: the name at the start of a line). Run from anywhere.

set -u
cd "$(dirname "$0")/../.." || exit 1

# Lowest first: pure text and data, then the lab's parts, the outside
# watcher, the services actor threads call on the lab, an actor thread's
# own services (actor_run), the sockets a behaviour uses (probe_*, then
# probe), the actor thread, the actor's controller side, the lab on top.
declare -A LAYER=(
    [endpoint]=0 [socktype]=0 [stamp]=0 [bytes]=0 [textfile]=0 [events]=0 [lang]=0 [paths]=0
    [notify]=0 [labclock]=0 [whois]=0 [snapshot]=0 [msgbudget]=0
    [journal]=1 [law]=1 [loss]=1 [behaviours]=1 [registry]=1 [monitor]=1
    [outside]=2
    [outside_view]=3 [labcore]=3
    [actor_run]=4
    [probe_options]=5 [probe_send]=5 [probe_recv]=5
    [probe]=6
    [actor_thread]=7
    [actor]=8
    [lab]=9
)

failed=0
declare -A OWNER=()
for file in src/engine/*.c; do
    module=$(basename "$file" .c)
    if [ -z "${LAYER[$module]+set}" ]; then
        echo "layers.sh: $file has no layer; add it to LAYER"
        failed=1
        continue
    fi
    # Functions defined here: a name at the start of a line, then " (",
    # not static helpers (s_…) and not main.
    for name in $(grep -oE '^[a-z_][a-z0-9_]* \(' "$file" | sed 's/ ($//' | sort -u); do
        case $name in s_*|main) continue ;; esac
        OWNER[$name]=$module
    done
done
[ ${#OWNER[@]} -gt 50 ] || { echo "layers.sh: found only ${#OWNER[@]} functions"; exit 1; }

edges=""
for file in src/engine/*.c; do
    module=$(basename "$file" .c)
    [ -n "${LAYER[$module]+set}" ] || continue
    # Every "name (" outside comment lines.
    for name in $(grep -vE '^\s*(//|/?\*)' "$file" | grep -oE '\b[a-z_][a-z0-9_]* \(' \
                  | sed 's/ ($//' | sort -u); do
        owner=${OWNER[$name]:-}
        [ -n "$owner" ] && [ "$owner" != "$module" ] || continue
        case "$edges" in *" $module>$owner "*) ;; *) edges="$edges $module>$owner " ;; esac
        if [ "${LAYER[$owner]}" -ge "${LAYER[$module]}" ]; then
            echo "layers.sh: $module.c (layer ${LAYER[$module]}) calls $name of" \
                 "$owner.c (layer ${LAYER[$owner]})"
            failed=1
        fi
    done
done

# The graph, for whoever reads the log.
for edge in $edges; do echo "$edge"; done | sort | awk -F'>' '
    $1 != last { if (last) print line; line = $1 " ->"; last = $1 }
    { line = line " " $2 }
    END { if (last) print line }'

# The rules the split was made for, spelled out.
if grep -nE '\blab_[a-z_]+ \(' src/engine/outside.c src/engine/outside_view.c src/engine/monitor.c \
        src/engine/registry.c src/engine/whois.c | grep -vE ':\s*(//|/?\*)'; then
    echo "layers.sh: the outside watcher or the registry calls the lab"
    failed=1
fi
# Between layers, an include names its layer, and only downwards: the
# engine includes nothing above it; the view reads the snapshot's data
# types (engine/snapshot.h) and a few pure helpers, never the lab itself,
# nor a lesson or a session.
s_includes () { grep -HnE '^#include "('"$2"')' $1 2>/dev/null; }
if s_includes "src/engine/*.[ch]" 'lesson/|tui/|cli/'; then
    echo "layers.sh: the engine includes a layer above it"; failed=1
fi
if s_includes "src/tui/*.[ch]" 'lesson/|cli/|engine/(lab|internal|labcore|actor|registry|outside)'; then
    echo "layers.sh: the view includes the lab, a lesson or the session"; failed=1
fi
if s_includes "src/lesson/*.[ch]" 'tui/|cli/|engine/internal'; then
    echo "layers.sh: the lesson runtime includes the view, the session or the engine's insides"
    failed=1
fi
if s_includes "src/cli/*.[ch] src/main.c tests/*.[ch] bench/*.c" 'engine/internal'; then
    echo "layers.sh: engine/internal.h is the engine's own"; failed=1
fi

if [ $failed -ne 0 ]; then
    echo "layers.sh: FAILED"
    exit 1
fi
echo "layers.sh: ok, ${#OWNER[@]} functions in $(ls src/engine/*.c | wc -l) files, one way"
