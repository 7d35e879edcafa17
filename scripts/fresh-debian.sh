#!/usr/bin/env bash
# fresh-debian.sh — proves the README's set-up on a fresh machine: builds a
# minimal Debian 12 root (debootstrap --variant=minbase, as a container image
# is) from the mirror this machine's own apt sources name, copies this
# project's HEAD into it (git archive), and runs there, as root, what the
# README says:
#
#   sh scripts/install-deps.sh build    the first step where make is missing
#   make test                           installs the rest itself, runs every test
#   make run ARGS=--version             and a lesson, headless
#   make install; zmqlab --list         the installed program, from /
#
# Before that, as a user without root or sudo, install-deps.sh must name
# every missing package and the exact command. Ends with "1 passed, 0
# failed" or "0 passed, 1 failed" (one test for .ci/run).
#
#   sudo scripts/fresh-debian.sh
#
# Needs root, debootstrap and the network. Environment: MIRROR (default: the
# first bookworm mirror of /etc/apt/sources.list{,.d}), FRESH_DIR (where the
# root is made, default /var/tmp), FRESH_KEEP=1 (keep the root afterwards),
# FRESH_CACHE (a directory debootstrap keeps its .debs in between runs).
set -euo pipefail

# All in one function: bash has read the whole script before it runs any of it.
main () {

suite=bookworm
here=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)

say () { printf '\n==== fresh-debian: %s (%d s)\n' "$*" "$(( $(date +%s) - start ))"; }
verdict () {
    echo
    if [ "$1" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
}

if [ "$(id -u)" -ne 0 ]; then
    echo "fresh-debian.sh: needs root (debootstrap, chroot, mount); run it with sudo" >&2
    verdict 1; exit 1
fi
# In a mount namespace of its own, so that its mounts (/dev bound into the
# root among them) vanish with it on every exit, even a SIGKILL, and never
# spread into the host's (a shared / would carry them).
if [ -z "${FRESH_PRIVATE_MOUNTS:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
    export FRESH_PRIVATE_MOUNTS=1
    exec unshare --mount --propagation private -- "$here/scripts/fresh-debian.sh" "$@"
fi
if ! command -v debootstrap >/dev/null 2>&1; then
    echo "fresh-debian.sh: needs debootstrap: apt-get update && apt-get install -y debootstrap" >&2
    verdict 1; exit 1
fi

# The first deb URI that serves $suite, from one-line (.list) and deb822
# (.sources) files; commented lines and disabled files do not count.
mirror_from_sources () {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk -v suite="$suite" '
            /^[ \t]*deb[ \t]/ {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk -v suite="$suite" '
            function flush() {
                if (deb && uri != "" && (" " suites " ") ~ (" " suite " ")) { print uri; found = 1 }
                deb = 0; uri = ""; suites = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); if (found) exit; next }
            tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
            tolower($1) == "uris:" { uri = $2 }
            tolower($1) == "suites:" { suites = ""; for (i = 2; i <= NF; i++) suites = suites " " $i }
            tolower($1) == "enabled:" && tolower($2) == "no" { deb = 0; uri = "" }
            END { if (!found) flush() }' "$f"
    done
}
mirror=${MIRROR:-$(mirror_from_sources | head -n 1)}
if [ -z "$mirror" ]; then
    echo "fresh-debian.sh: no $suite mirror in /etc/apt/sources.list{,.d}; set MIRROR=URL" >&2
    verdict 1; exit 1
fi

root=$(mktemp -d "${FRESH_DIR:-/var/tmp}/zmqlab-fresh.XXXXXX")
chmod 755 "$root"                       # it becomes /: mktemp made it root's alone
mounts=()
cleanup () {
    local status=$? i
    for (( i = ${#mounts[@]} - 1; i >= 0; i-- )); do
        umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" 2>/dev/null || true
    done
    # Never remove a tree with anything still mounted in it: /dev is the host's.
    if grep -q -F " $root/" /proc/mounts; then
        echo "fresh-debian.sh: still mounted under $root; not removing it" >&2
    elif [ "${FRESH_KEEP:-}" = 1 ]; then
        echo "fresh-debian.sh: the root is kept in $root"
    else
        rm -rf "$root"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

say "debootstrap --variant=minbase $suite $root $mirror"
cache=()
if [ -n "${FRESH_CACHE:-}" ]; then mkdir -p "$FRESH_CACHE"; cache=(--cache-dir="$(cd "$FRESH_CACHE" && pwd)"); fi
if ! debootstrap --variant=minbase "${cache[@]}" "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1; then
    tail -n 30 "$root.debootstrap.log" >&2
    rm -f "$root.debootstrap.log"
    verdict 1; exit 1
fi
rm -f "$root.debootstrap.log"

say "copying the project's HEAD ($(git -C "$here" rev-parse --short HEAD))"
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
    echo "fresh-debian.sh: note: uncommitted changes are not part of the test; HEAD is"
fi
mkdir -p "$root/root/zmqlab"
git -C "$here" archive --format=tar HEAD | tar -x -C "$root/root/zmqlab"

mount_ () { mount "$@"; mounts+=("${!#}"); }
mount_ -t proc proc "$root/proc"
mount_ -t sysfs sysfs "$root/sys"
mount_ --bind /dev "$root/dev"
mount_ --bind /dev/pts "$root/dev/pts"
mount_ -t tmpfs tmpfs "$root/dev/shm"
# What a container runtime gives every container, and debootstrap does not:
# the name server, and localhost in /etc/hosts (lesson 9's programs connect
# to tcp://localhost:5555, as the tutorial's do).
cp /etc/resolv.conf "$root/etc/resolv.conf"
[ -e "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
    >"$root/etc/hosts"

# in_root root|nobody SCRIPT — runs SCRIPT with sh -e in the project's copy,
# with a clean environment, as a container would; as nobody, without any
# privilege.
in_root () {
    local as=()
    [ "$1" = root ] || as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    chroot "$root" /usr/bin/env -i HOME=/root \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/sh -c 'cd /root/zmqlab && exec "$@"' sh "${as[@]}" sh -ec "$2"
}

failed=0
step () {
    local name=$1; shift
    say "$name"
    local t0; t0=$(date +%s)
    if "$@"; then echo "fresh-debian: $name: ok ($(( $(date +%s) - t0 )) s)"
    else echo "fresh-debian: $name: FAILED ($(( $(date +%s) - t0 )) s)"; failed=1; fi
}

# Without root or sudo: every missing package named, and the exact command.
no_root_message () {
    chmod -R a+rX "$root/root"
    local out; out=$(in_root nobody 'sh scripts/install-deps.sh 2>&1 || echo "exit $?"') || true
    echo "$out"
    local ok=1 item
    for item in gcc make pkg-config libzmq3-dev liblua5.4-dev libncurses-dev \
                libcmocka-dev tmux procps python3-zmq "apt-get update && apt-get install" "exit 1"; do
        grep -q -F -- "$item" <<<"$out" || { echo "missing from the message: $item"; ok=0; }
    done
    [ "$ok" -eq 1 ]
}
step "as a user without root: install-deps.sh names what is missing" no_root_message
step "sh scripts/install-deps.sh build" in_root root 'sh scripts/install-deps.sh build'
step "make test" in_root root 'make test'
step "make run ARGS=--version" in_root root 'make run ARGS=--version'
step "make run ARGS=\"--headless 1\"" in_root root 'make run ARGS="--headless 1"'
step "make install; zmqlab --list from /" in_root root \
    'make install && cd / && zmqlab --version && zmqlab --list && cd /root/zmqlab && make uninstall'

say "done: $([ "$failed" -eq 0 ] && echo "every step passed" || echo "a step failed")"
verdict "$failed"
[ "$failed" -eq 0 ]
}

main "$@"
