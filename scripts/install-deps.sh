#!/bin/sh
# install-deps.sh — the one list of what zmqlab needs, a check of it, and its
# installation. The Makefile and the README use this list; nothing else
# keeps one.
#
#   sh scripts/install-deps.sh [build|test]          install what is missing
#   sh scripts/install-deps.sh --check [build|test]  print what is missing, one
#                                                    Debian package a line
#
# build: what compiling and running ./zmqlab needs (make, make run, make
# install). test: that, and what `make test` needs besides (the default).
# Installing is idempotent: nothing happens when nothing is missing. It uses
# apt-get (Debian, Ubuntu), through sudo when not root; without apt-get, or
# without root and sudo, it names every missing package and the exact
# command, and fails.
set -eu

# The list: Debian package, goal, how to tell it is there.
#   gcc               build  a C11 compiler ($CC, default cc)
#   make              build  GNU make
#   pkg-config        build  finds the libraries below
#   libzmq3-dev       build  libzmq
#   liblua5.4-dev     build  Lua 5.4
#   libncurses-dev    build  ncursesw
#   libcmocka-dev     test   the unit tests
#   tmux              test   the terminal tests drive zmqlab in tmux
#   procps            test   ps: the terminal tests find zmqlab's process
#   python3-zmq       test   pyzmq plays the outside programs
here=$(dirname "$0")
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

has () { command -v "$1" >/dev/null 2>&1; }
have_pc () { has "$PKG_CONFIG" && "$PKG_CONFIG" --exists "$1" 2>/dev/null; }
# Lua 5.4 under any of its pkg-config names (other distributions' "lua" may be older).
have_lua () {
    has "$PKG_CONFIG" || return 1
    for name in lua5.4 lua-5.4 lua; do
        "$PKG_CONFIG" --atleast-version=5.4 "$name" 2>/dev/null && return 0
    done
    return 1
}

# missing GOAL: the Debian names of what is missing for GOAL, one a line.
missing () {
    # $CC may carry flags ("gcc -m32"): its first word is the program.
    set -- "$1" ${CC:-cc}
    has "$2" || echo gcc
    has make || echo make
    has "$PKG_CONFIG" || echo pkg-config
    have_pc libzmq || echo libzmq3-dev
    have_lua || echo liblua5.4-dev
    have_pc ncursesw || echo libncurses-dev
    [ "$1" = test ] || return 0
    have_pc cmocka || echo libcmocka-dev
    has tmux || echo tmux
    has ps || echo procps
    sh "$here/pyzmq.sh" >/dev/null || echo python3-zmq
}

check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
goal=${1:-test}
case $goal in
    build|test) ;;
    *) echo "usage: sh scripts/install-deps.sh [--check] [build|test]" >&2; exit 2 ;;
esac

need=$(missing "$goal" | tr '\n' ' ' | sed 's/ *$//')
if [ "$check" -eq 1 ]; then
    [ -z "$need" ] || echo "$need"
    exit 0
fi
[ -n "$need" ] || exit 0

command="apt-get update && apt-get install -y --no-install-recommends $need"
if ! has apt-get; then
    cat >&2 <<MSG
zmqlab: missing: $need
There is no apt-get here: install these with your system's package manager
(Debian's names above: a C11 compiler, GNU make, pkg-config, the development
files of libzmq, Lua 5.4, ncursesw and cmocka, tmux, ps, Python 3's pyzmq).
MSG
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if has sudo; then
        sudo=sudo
    else
        cat >&2 <<MSG
zmqlab: missing: $need
You are not root and there is no sudo, so nothing can be installed from here.
As root, run:
  $command
MSG
        exit 1
    fi
fi
echo "zmqlab: missing $need; installing them:" >&2
echo "  ${sudo:+sudo sh -c '}$command${sudo:+'}" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get update -qq >/dev/null \
   || ! $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null; then
    echo "zmqlab: installing failed; as root, run:" >&2
    echo "  $command" >&2
    exit 1
fi
still=$(missing "$goal" | tr '\n' ' ' | sed 's/ *$//')
if [ -n "$still" ]; then
    echo "zmqlab: installed, but still missing: $still" >&2
    exit 1
fi
echo "zmqlab: dependencies installed" >&2
