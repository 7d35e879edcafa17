#!/usr/bin/env bash
# install.sh — make install and make uninstall: into DESTDIR with
# PREFIX=/usr, the installed zmqlab runs its lessons from another directory
# (found beside its prefix, not in this tree), --lessons and ZMQLAB_LESSONS
# override, a missing directory is a clear message; --version says the
# Makefile's VERSION; the man page is well-formed and describes every option
# of --help and every key of the README; uninstall leaves no file behind.
#
# Run from anywhere; $ZMQLAB names the binary (make test sets it): its
# build (build/<sanitizer>/zmqlab or ./zmqlab) is the one installed.

set -u
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
ZMQLAB=${ZMQLAB:-$root/zmqlab}
case $ZMQLAB in /*) ;; *) ZMQLAB=$root/$ZMQLAB ;; esac
unset ZMQLAB_LESSONS ZMQLAB_ACTORS LC_ALL LC_MESSAGES
# A make of our own, not a part of make test's (its jobserver is not ours).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
export LANG=C.UTF-8

tmp=$(mktemp -d /tmp/zmqlab-install-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state
failures=0
checks=0

ok () { checks=$((checks + 1)); echo "ok   $*"; }
fail () {
    checks=$((checks + 1)); failures=$((failures + 1))
    echo "FAIL $1"
    [ -n "${2:-}" ] && [ -e "$2" ] && tail -n 20 "$2" | sed 's/^/  | /'
}
# check TEXT COMMAND... — COMMAND succeeds (its output in $tmp/out).
check () {
    local text=$1; shift
    if "$@" >"$tmp/out" 2>&1; then ok "$text"; else fail "$text" "$tmp/out"; fi
}

# The build that $ZMQLAB is: make install must install it, not build another.
sanitizer=""
case $ZMQLAB in */build/*/zmqlab) sanitizer=${ZMQLAB%/zmqlab}; sanitizer=${sanitizer##*/} ;; esac
make_ () { make --no-print-directory -C "$root" ${sanitizer:+SANITIZER=$sanitizer} "$@"; }
version=$(sed -n 's/^VERSION := *//p' Makefile)
[ -n "$version" ] || fail "no VERSION in the Makefile"

dest=$tmp/dest
check "make install DESTDIR=… PREFIX=/usr" make_ install DESTDIR="$dest" PREFIX=/usr
zmqlab=$dest/usr/bin/zmqlab
lessons=$dest/usr/share/zmqlab/lessons
man_page=$dest/usr/share/man/man1/zmqlab.1
missing=""
for f in "$zmqlab" "$man_page" "$dest/usr/share/doc/zmqlab/README.md" "$lessons/README.md"; do
    [ -f "$f" ] || missing="$missing ${f#$dest}"
done
for f in lessons/[0-9]*.lua lessons/actors/* lessons/py/*.py; do
    [ -f "$lessons/${f#lessons/}" ] || missing="$missing ${f}"
done
if [ -d lessons/exercises ]; then
    while IFS= read -r f; do
        [ -f "$lessons/${f#lessons/}" ] || missing="$missing $f"
    done < <(find lessons/exercises -type f ! -name '*.pyc')
fi
if [ -z "$missing" ]; then ok "installed: the binary, lessons, behaviours, programs, man page, README"
else fail "not installed:$missing"; fi
[ -x "$zmqlab" ] || { echo "install.sh: no installed zmqlab; $checks checks, $((failures + 1)) failed"; exit 1; }

# The installed binary, run from a directory that is neither this tree nor
# its prefix.
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1
n_lessons=$(ls "$root"/lessons/[0-9]*.lua | wc -l)
check "zmqlab --list from elsewhere lists the $n_lessons lessons" \
    bash -c '[ "$("$1" --list | wc -l)" -eq "$2" ]' _ "$zmqlab" "$n_lessons"
check "zmqlab --headless 1 from elsewhere passes" "$zmqlab" --headless 1 --lang en
grep -q "checks passed" "$tmp/out" || fail "--headless 1 printed no result" "$tmp/out"
check "zmqlab --version says $version" bash -c '"$1" --version | grep -qx "zmqlab $2"' _ "$zmqlab" "$version"
ln -s "$zmqlab" "$tmp/elsewhere/zl"
check "through a symbolic link it finds its lessons too" "$tmp/elsewhere/zl" --list

# It found the installed lessons, not this tree's: without them it says so.
mv "$dest/usr/share/zmqlab" "$dest/usr/share/zmqlab.away"
if "$zmqlab" --list >"$tmp/out" 2>&1; then fail "--list without installed lessons succeeded" "$tmp/out"
elif grep -q "no lessons found beside $dest/usr/bin" "$tmp/out"; then ok "no installed lessons: a clear message"
else fail "no installed lessons: no clear message" "$tmp/out"; fi
check "--lessons DIR overrides" "$zmqlab" --lessons "$dest/usr/share/zmqlab.away/lessons" --list
check "ZMQLAB_LESSONS overrides" env ZMQLAB_LESSONS="$dest/usr/share/zmqlab.away/lessons" "$zmqlab" --list
if ZMQLAB_LESSONS=$lessons "$zmqlab" --lessons "$dest/usr/share/zmqlab.away/lessons" --list >"$tmp/out" 2>&1
then ok "--lessons wins over ZMQLAB_LESSONS"; else fail "--lessons does not win over ZMQLAB_LESSONS" "$tmp/out"; fi
mv "$dest/usr/share/zmqlab.away" "$dest/usr/share/zmqlab"
mkdir -p "$tmp/empty"
for how in "--lessons $tmp/nowhere" "--lessons $tmp/empty" "ZMQLAB_LESSONS=$tmp/nowhere"; do
    case $how in
        --lessons*) "$zmqlab" $how --list >"$tmp/out" 2>&1 ;;
        *)          env "$how" "$zmqlab" --list >"$tmp/out" 2>&1 ;;
    esac
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q -E "(no such directory|no lessons \(NN-name.lua\) and no actors/)" "$tmp/out"
    then ok "$how: exit 1 and says why"; else fail "$how: exit $rc, unclear" "$tmp/out"; fi
done
cd "$root" || exit 1

# The man page: its version, well-formed, every option of --help and every
# key of the README's table in it.
if grep -q "^\.TH ZMQLAB 1 .*\"zmqlab $version\"" "$man_page"; then ok "man page: version $version"
else fail "man page: not version $version" "$man_page"; fi
if command -v man >/dev/null 2>&1; then
    MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -l "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err"
    rc=$?
elif command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww -P-cbou "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err"
    rc=$?
else
    # The checks below then read the source, its macros and escapes taken out.
    echo "skip man page rendering: neither man nor groff here"
    sed -e '/^\.\\"/d' -e 's/^\.[A-Za-z]* *//' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
        -e 's/\\(en/–/g' -e 's/\\(dq/"/g' -e 's/\\&//g' "$man_page" >"$tmp/man.txt"
    : >"$tmp/man.err"; rc=0
fi
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/man.err" ] && grep -q "^NAME" "$tmp/man.txt" \
   && grep -q "^KEYS" "$tmp/man.txt"; then
    ok "man page renders without warnings"
else fail "man page: exit $rc, warnings or no NAME and KEYS" "$tmp/man.err"; fi
options=$("$zmqlab" --help | grep -o -E -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[ ,]*//' | sort -u)
absent=""
for option in $options; do
    grep -q -F -e "$option" "$tmp/man.txt" || absent="$absent $option"
done
if [ -z "$absent" ] && [ -n "$options" ]; then ok "man page: every option of --help ($(echo $options | wc -w))"
else fail "man page lacks options of --help:$absent"; fi
keys=$(sed -n '/^### Keys/,/^## /p' README.md | grep '^| `' | cut -d'|' -f2 | grep -o '`[^`]*`' | tr -d '`' | sort -u)
keys_section=$(sed -n '/^KEYS/,/^ENVIRONMENT/p' "$tmp/man.txt")
absent=""
while IFS= read -r key; do
    [ -n "$key" ] || continue
    grep -q -F -e "$key" <<<"$keys_section" || absent="$absent '$key'"
done <<<"$keys"
if [ -z "$absent" ] && [ -n "$keys" ]; then ok "man page: every key of the README ($(echo "$keys" | wc -l))"
else fail "man page lacks keys of the README:$absent"; fi

# The default prefix is /usr/local.
check "make install DESTDIR=… (default PREFIX)" make_ install DESTDIR="$tmp/dest2"
if [ -x "$tmp/dest2/usr/local/bin/zmqlab" ] && [ -f "$tmp/dest2/usr/local/share/zmqlab/lessons/README.md" ]
then ok "the default prefix is /usr/local"; else fail "nothing under /usr/local"; fi
check "make uninstall DESTDIR=… (default PREFIX)" make_ uninstall DESTDIR="$tmp/dest2"

check "make uninstall DESTDIR=… PREFIX=/usr" make_ uninstall DESTDIR="$dest" PREFIX=/usr
left=$(find "$dest" "$tmp/dest2" -type f -o -type l | sed "s|^$tmp/||")
if [ -z "$left" ]; then ok "uninstall leaves no file"
else fail "uninstall left: $(echo $left)"; fi

echo "install.sh: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
