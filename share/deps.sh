#!/bin/sh
# Installs the Debian/Ubuntu packages berth needs, when some are missing;
# otherwise says nothing. Without root (or sudo) it prints the exact
# command to run instead.
#
#   sh share/deps.sh demo    what make demo needs: the build's packages
#   sh share/deps.sh check   what make check needs: those and the tests'
#                            tools (the default, and make deps)
#
# BERTH_DEPS_EXTRA adds packages (CI's clang, make bench's peers).
# Another apt or dpkg at work (unattended-upgrades, cloud-init on first
# boot) holds their locks: we wait for it, up to BERTH_APT_WAIT seconds
# (600), rather than fail at once. BERTH_APT_LOCKS names the lock files
# (for the tests).
set -u
# Compiled and linked by the Makefile; the demo runs nothing else.
build="gcc make pkg-config liblmdb-dev libjansson-dev libxxhash-dev libyaml-dev libsodium-dev libpq-dev"
# Run by the tests: bats and its libraries, mdb_dump (store_dump), jq,
# xxd, python3 (the emitters read back; the webhook's receiver), mandoc
# (the man page guards), the three shells whose completions are tested,
# curl and openssl (the example webhook sends and signs with them; a
# minimal Debian has neither). libsodium is the library DESIGN.md names
# for the audit chain. python3-icalendar reads back --format ics, and
# rsvg-convert (librsvg2-bin) draws report's svg once to prove it draws.
# postgresql: the suite's second pass runs on a throwaway cluster of it
# (tests/pg-cluster.sh), and psql looks at it.
tests="lmdb-utils bats bats-assert bats-support bats-file jq xxd mandoc \
python3 bash-completion zsh fish libsodium-dev curl openssl \
python3-icalendar librsvg2-bin postgresql"
case "${1:-check}" in
demo) need=$build ;;
check) need="$build $tests" ;;
*)
	echo "usage: sh share/deps.sh [demo|check]" >&2
	exit 2
	;;
esac
[ -n "${BERTH_DEPS_EXTRA:-}" ] && need="$need $BERTH_DEPS_EXTRA"

missing=""
for p in $need; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "berth: please install:$missing" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "berth: missing packages; run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

wait_max=${BERTH_APT_WAIT:-600}
locks=${BERTH_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock \
/var/lib/apt/lists/lock /var/cache/apt/archives/lock}

# The pid holding one of the locks, if any. apt and dpkg take fcntl locks,
# which /proc/locks lists by inode ("1: POSIX ADVISORY WRITE PID
# MAJ:MIN:INODE 0 EOF"); reading it needs no root and no fuser or lsof,
# which a fresh machine may not have.
lock_holder() {
	for f in $locks; do
		[ -e "$f" ] || continue
		awk -v ino="$(stat -c %i "$f")" '
			$2 == "->" { next }
			{ for (i = 2; i < NF; i++)
				if ($i ~ /^[0-9a-f]+:[0-9a-f]+:[0-9]+$/) {
					split($i, a, ":")
					if (a[3] == ino) { print $(i - 1); exit }
				} }' /proc/locks 2>/dev/null
	done | head -n 1
}

# Waits, saying so once, until no other package manager holds a lock.
wait_for_apt() {
	pid=$(lock_holder)
	[ -n "$pid" ] || return 0
	name=$(cat "/proc/$pid/comm" 2>/dev/null || echo "pid $pid")
	echo "berth: waiting for another package manager ($name, pid $pid) to finish, up to ${wait_max}s" >&2
	waited=0
	while [ -n "$(lock_holder)" ]; do
		if [ "$waited" -ge "$wait_max" ]; then
			echo "berth: the package manager is still busy after ${wait_max}s; run make again when it is done" >&2
			return 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
}

echo "berth: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# DPkg::Lock::Timeout makes apt itself wait for a lock taken after our
# look (apt >= 1.9.11; older ones ignore it).
apt="$sudo apt-get -o DPkg::Lock::Timeout=$wait_max"
wait_for_apt || exit 1
$apt update -qq >/dev/null ||
	{ wait_for_apt && $apt update -qq >/dev/null; } ||
	{ echo "berth: apt-get update failed; run: sudo apt-get update" >&2; exit 1; }
wait_for_apt || exit 1
$apt install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "berth: apt-get failed; run: sudo apt-get install -y$missing" >&2; exit 1; }
