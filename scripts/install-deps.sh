#!/bin/sh
# Installs what zmqlab needs to build, run and test. Idempotent: does nothing
# when every dependency is already there. Debian/Ubuntu via apt-get (sudo when
# not root); elsewhere prints the packages to install and fails.
set -eu

# pkg-config module -> Debian package
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
# Lua 5.4 under any of its pkg-config names (other distributions' "lua" may be older).
have_lua() {
    pkg-config --atleast-version=5.4 lua5.4 2>/dev/null ||
    pkg-config --atleast-version=5.4 lua-5.4 2>/dev/null ||
    pkg-config --atleast-version=5.4 lua 2>/dev/null
}

command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
have_pc libzmq || need="$need libzmq3-dev"
have_lua || need="$need liblua5.4-dev"
have_pc ncursesw || need="$need libncurses-dev"
have_pc cmocka || need="$need libcmocka-dev"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
sh "$(dirname "$0")/pyzmq.sh" >/dev/null || need="$need python3-zmq"

if [ -z "$need" ]; then
    exit 0
fi

echo "zmqlab: installing missing dependencies:$need" >&2
if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "zmqlab: not root and no sudo; as root run: apt-get install$need" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
    echo "zmqlab: dependencies installed" >&2
else
    cat >&2 <<MSG
zmqlab: no apt-get here. Please install, with your system's package manager:
  a C11 compiler, GNU make, pkg-config,
  libzmq (development files), Lua 5.4 (development files),
  ncursesw (development files), cmocka (development files), tmux,
  Python 3 with pyzmq (for the tests).
Debian names:$need
MSG
    exit 1
fi
