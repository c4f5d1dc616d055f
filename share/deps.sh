#!/bin/sh
# Installs the Debian/Ubuntu packages berth needs to build and test, when
# some are missing; otherwise says nothing. Without root (or sudo) it
# prints the exact command to run instead.
set -u
need="gcc make pkg-config liblmdb-dev lmdb-utils libjansson-dev libxxhash-dev libyaml-dev \
libsodium-dev bats bats-assert bats-support bats-file jq mandoc python3 \
bash-completion zsh fish"
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
echo "berth: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null &&
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "berth: apt-get failed; run: sudo apt-get install -y$missing" >&2; exit 1; }
