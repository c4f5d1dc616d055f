#!/usr/bin/env bats
# The store as a file, attacked from outside: a data file cut short, locks
# held by someone else, a store shared with a group, a read-only store,
# symbolic links, and a lock file that went missing. Each is a clean
# one-line refusal (or, for reading a read-only store, a success), never a
# signal and never a wait without end.

bats_require_minimum_version 1.5.0
load helper

teardown() {
	if [ -n "${holder:-}" ]; then
		pkill -P "$holder" 2>/dev/null || true
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
	fi
	[ -z "${MOUNTED:-}" ] || umount "$MOUNTED" || umount -l "$MOUNTED"
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

# hold_flock FILE: another process (flock(1)) holds an exclusive flock on
# FILE until teardown; $holder is its pid, the one /proc/locks names.
hold_flock() {
	mkfifo "$BATS_TEST_TMPDIR/ready"
	# -o: only flock itself holds the lock, not the command it runs. 3>&-:
	# a sleep left behind must not hold bats' output open (bats waits for
	# it to close: the file took a minute more).
	flock -o "$1" sh -c 'echo >"$0"; exec sleep 60' "$BATS_TEST_TMPDIR/ready" \
		>/dev/null 2>&1 3>&- &
	holder=$!
	read -r _ <"$BATS_TEST_TMPDIR/ready"
}

# locked_out NAME: while $holder holds the store's file NAME, reading and
# writing are refused within a short BERTH_LOCK_TIMEOUT, naming the file
# and the pid; once the holder is gone, writing goes on.
locked_out() {
	export BERTH_LOCK_TIMEOUT=1
	local t0=$SECONDS
	refuses 10 STORE_LOCKED -- list
	[[ $stderr == *"$1"*"pid $holder"* ]] || { echo "$stderr" >&2; return 1; }
	refuses 10 STORE_LOCKED -- book stylist 2026-06-10T09:00 --duration 1h
	[[ $stderr == *"$1"*"pid $holder"* ]]
	[ $((SECONDS - t0)) -lt 10 ]
	# Its sleep, if it is flock(1) (which then exits), or the holder itself.
	pkill -P "$holder" 2>/dev/null || true
	kill "$holder" 2>/dev/null || true
	wait "$holder" 2>/dev/null || true
	holder=
	run berth -q book stylist 2026-06-10T09:00 --duration 1h
	assert_success
}

# A digest of the store's data file: for a store mdb_dump cannot read.
digest() { sha256sum <"$BERTH_DB/data.mdb"; }

@test "store: a data file cut short is refused (10 STORE_CORRUPT) by every command, never a signal" {
	seed
	for i in $(seq 1 20); do
		berth -q book workshop "2026-06-10T09:00" --duration 1h --customer "c$i" || true
		berth -q book concert "2026-06-10T20:00" --duration 2h --seat "$i"
	done
	[ "$(stat -c %s "$BERTH_DB/data.mdb")" -gt 24576 ]
	truncate -s 24576 "$BERTH_DB/data.mdb"
	local sum
	sum=$(digest)
	for args in "list" "show b1" "check" "stats" "resource list" "audit" \
		"availability workshop" "book stylist 2026-06-10T09:00 --duration 1h" \
		"backup $BATS_TEST_TMPDIR/copy.mdb" "expire"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: exit $status: $stderr" >&2; return 1; }
		[[ $stderr == "berth: STORE_CORRUPT: "*"berth restore"* ]] ||
			{ echo "$args: $stderr" >&2; return 1; }
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	done
	[ "$(digest)" = "$sum" ]
	[ ! -e "$BATS_TEST_TMPDIR/copy.mdb" ]
	run --separate-stderr berth --format json check
	assert_failure 10
	[ "$(jq -r .error.code <<<"$stderr")" = STORE_CORRUPT ]
}

@test "store: a held open lock gives STORE_LOCKED (10) after BERTH_LOCK_TIMEOUT, naming the holder's pid" {
	seed
	hold_flock "$BERTH_DB/open.lock"
	locked_out open.lock
}

@test "store: a held write lock gives writers STORE_LOCKED (10) naming the pid; readers are not blocked" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	hold_flock "$BERTH_DB/write.lock"
	export BERTH_LOCK_TIMEOUT=1
	refuses 10 STORE_LOCKED -- book stylist 2026-06-10T09:00 --duration 1h
	[[ $stderr == *"write.lock"*"pid $holder"*"BERTH_LOCK_TIMEOUT"* ]] || { echo "$stderr" >&2; return 1; }
	refuses 10 STORE_LOCKED -- cancel b1
	refuses 10 STORE_LOCKED -- resource add other
	# Reading goes on, with no wait at all.
	BERTH_LOCK_TIMEOUT=0 run --separate-stderr timeout 10 "$BERTH_BIN" --format json list
	assert_success
	[ "$(jq length <<<"$output")" -eq 1 ]
	BERTH_LOCK_TIMEOUT=0 run timeout 10 "$BERTH_BIN" check
	assert_success
	BERTH_LOCK_TIMEOUT=0 run timeout 10 "$BERTH_BIN" backup "$BATS_TEST_TMPDIR/copy.mdb"
	assert_success
}

@test "store: LMDB's own set-up lock held by another program gives STORE_LOCKED (10), not a wait without end" {
	seed
	mkfifo "$BATS_TEST_TMPDIR/ready"
	# What an LMDB program holds while it sets lock.mdb up: a write lock
	# on its first byte (fcntl), which LMDB's openers wait on unbounded.
	python3 -c '
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)
open(sys.argv[2], "w").write("locked\n")
time.sleep(30)' "$BERTH_DB/lock.mdb" "$BATS_TEST_TMPDIR/ready" &
	holder=$!
	read -r _ <"$BATS_TEST_TMPDIR/ready"
	locked_out lock.mdb
}

@test "store: a writer waits for the write lock while it is held less than the timeout" {
	seed
	mkfifo "$BATS_TEST_TMPDIR/go"
	# Holds the write lock until told to let go through the fifo.
	flock -o "$BERTH_DB/write.lock" sh -c 'read -r _ <"$0"' "$BATS_TEST_TMPDIR/go" &
	holder=$!
	until ! flock -n "$BERTH_DB/write.lock" true; do :; done
	BERTH_LOCK_TIMEOUT=30 "$BERTH_BIN" -q book stylist 2026-06-10T09:00 --duration 1h &
	local writer=$!
	echo >"$BATS_TEST_TMPDIR/go"
	wait "$holder"
	holder=
	wait "$writer"
	[ "$(berth --format json list | jq length)" -eq 1 ]
}

@test "store: BERTH_LOCK_TIMEOUT must be a number of seconds" {
	seed
	BERTH_LOCK_TIMEOUT=soon refuses 2 INVALID_ARGUMENT -- list
	BERTH_LOCK_TIMEOUT=-1 refuses 2 INVALID_ARGUMENT -- list
	BERTH_LOCK_TIMEOUT=0.5 run berth list
	assert_success
}

@test "store: in a group-shared directory every file is group-readable and -writable whatever the umask" {
	mkdir "$BERTH_DB"
	chmod 2770 "$BERTH_DB"
	umask 022
	berth -q init
	berth -q resource add r
	berth -q book r 2026-06-10T09:00 --duration 1h
	local f
	for f in data.mdb lock.mdb open.lock write.lock; do
		[ "$(stat -c %a "$BERTH_DB/$f")" = 660 ] ||
			{ echo "$f is $(stat -c %a "$BERTH_DB/$f")" >&2; return 1; }
	done
	berth backup "$BATS_TEST_TMPDIR/shared.mdb"
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/shared.mdb")" = 660 ]
	# A lock file made again later follows the same rule.
	rm "$BERTH_DB/lock.mdb"
	berth -q list
	[ "$(stat -c %a "$BERTH_DB/lock.mdb")" = 660 ]
	# Restored into a shared directory, the same.
	mkdir "$BATS_TEST_TMPDIR/r"
	chmod 2770 "$BATS_TEST_TMPDIR/r"
	berth --db "$BATS_TEST_TMPDIR/r" restore "$BATS_TEST_TMPDIR/shared.mdb"
	berth --db "$BATS_TEST_TMPDIR/r" -q list
	for f in data.mdb lock.mdb; do
		[ "$(stat -c %a "$BATS_TEST_TMPDIR/r/$f")" = 660 ] ||
			{ echo "restored $f is $(stat -c %a "$BATS_TEST_TMPDIR/r/$f")" >&2; return 1; }
	done
	# A private store stays private.
	umask 000
	berth --db "$BATS_TEST_TMPDIR/private" -q init
	for f in data.mdb lock.mdb open.lock write.lock; do
		[ "$(stat -c %a "$BATS_TEST_TMPDIR/private/$f")" = 600 ]
	done
}

# The reading verbs, each expected to succeed on a read-only store, and the
# writing ones, each refused with PERMISSION.
reading_verbs=(
	"list" "list --holds" "show b1" "check" "stats" "audit" "availability workshop"
	"resource list" "resource show workshop" "policy list" "expire --dry-run"
)
writing_verbs=(
	"init" "book stylist 2026-06-11T09:00 --duration 1h"
	"lock stylist 2026-06-11T09:00 --duration 1h" "release h2" "confirm h2"
	"cancel b1" "pay b1 --status paid" "expire" "resource add other"
	"resource set workshop --capacity 5" "resource rm stylist"
	"policy set hold_ttl 10m"
)

# Books what the verbs above act on: b1, and a live hold h2.
fill() {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer c1
	berth -q lock workshop 2026-06-10T10:00 --duration 1h --ttl 1h
	berth -q lock workshop 2026-06-10T11:00 --duration 1h --ttl 1h
}

# read_only_verbs [RUNNER...]: runs every reading verb (success) and every
# writing verb (10 PERMISSION saying read-only), with RUNNER before berth.
read_only_verbs() {
	local args fails=()
	for args in "${reading_verbs[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$@" "$BERTH_BIN" $args
		[ "$status" -eq 0 ] || fails+=("$args: exit $status: $stderr")
	done
	run --separate-stderr "$@" "$BERTH_BIN" backup "$BACKUP_TO"
	[ "$status" -eq 0 ] || fails+=("backup: exit $status: $stderr")
	for args in "${writing_verbs[@]}"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$@" "$BERTH_BIN" $args
		[ "$status" -eq 10 ] && [[ $stderr == "berth: PERMISSION: "*"read-only"* ]] ||
			fails+=("$args: want 10 PERMISSION read-only, got $status: $stderr")
	done
	[ "${#fails[@]}" -eq 0 ] || {
		printf '%s\n' "${fails[@]}" >&2
		return 1
	}
}

@test "store: a store whose files are 0444 is read: reading verbs work, writing ones refuse (10 PERMISSION)" {
	fill
	chmod 0444 "$BERTH_DB"/*
	chmod 0555 "$BERTH_DB"
	local before
	before=$(store_dump)
	BACKUP_TO=$BATS_TEST_TMPDIR/copy.mdb read_only_verbs
	[ "$(store_dump)" = "$before" ]
	refuses 10 PERMISSION -- book stylist 2026-06-11T09:00 --duration 1h
	chmod 0700 "$BERTH_DB"
	chmod 0600 "$BERTH_DB"/*
	run berth -q book stylist 2026-06-11T09:00 --duration 1h
	assert_success
}

@test "store: a store on a read-only mount is read: reading verbs work, writing ones refuse (10 PERMISSION)" {
	[ "$(id -u)" -eq 0 ] || skip "needs root for a read-only bind mount"
	fill
	local src=$BERTH_DB
	export BERTH_DB=$BATS_TEST_TMPDIR/ro
	mkdir "$BERTH_DB"
	mount --bind "$src" "$BERTH_DB" 2>/dev/null || skip "cannot bind-mount here"
	MOUNTED=$BERTH_DB
	mount -o remount,ro,bind "$BERTH_DB" 2>/dev/null || skip "cannot remount read-only here"
	touch "$BERTH_DB/probe" 2>/dev/null && skip "the mount is not read-only"
	local before
	before=$(mdb_dump -a "$src")
	BACKUP_TO=$BATS_TEST_TMPDIR/copy.mdb read_only_verbs
	[ "$(mdb_dump -a "$src")" = "$before" ]
	run berth --db "$BATS_TEST_TMPDIR/restored" restore "$BATS_TEST_TMPDIR/copy.mdb"
	assert_success
	[ "$(berth --db "$BATS_TEST_TMPDIR/restored" --format json list | jq length)" -eq 1 ]
}

@test "store: another user reads a 0444 store without its lock file (MDB_NOLOCK), and cannot write" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to become nobody"
	NOBODY_DIR=$(mktemp -d /tmp/berth-ro.XXXXXX)
	chmod 0755 "$NOBODY_DIR"
	export BERTH_DB=$NOBODY_DIR/db
	fill
	chown -R nobody "$BERTH_DB"
	chmod 0444 "$BERTH_DB"/*
	chmod 0555 "$BERTH_DB"
	chown nobody "$NOBODY_DIR"
	BACKUP_TO=$NOBODY_DIR/copy.mdb read_only_verbs runuser -u nobody --
	[ "$(stat -c %U "$NOBODY_DIR/copy.mdb")" = nobody ]
	# lock.mdb and open.lock are not writable by nobody: a store that
	# someone can still write is refused rather than read unregistered.
	chmod 0644 "$BERTH_DB/data.mdb"
	run --separate-stderr runuser -u nobody -- "$BERTH_BIN" list
	assert_failure 10
	[[ $stderr == "berth: PERMISSION: "*"lock.mdb"* ]] || { echo "$stderr" >&2; return 1; }
}

@test "store: symbolic links and non-files in the store are PERMISSION (10) naming the file, trusted or not" {
	seed
	rm "$BERTH_DB/write.lock"
	mv "$BERTH_DB/open.lock" "$BATS_TEST_TMPDIR/elsewhere"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BERTH_DB/open.lock"
	for trust in 0 1; do
		BERTH_TRUST_DB=$trust refuses 10 PERMISSION -- list
		[[ $stderr == *"$BERTH_DB/open.lock"* ]] || { echo "$stderr" >&2; return 1; }
	done
	rm "$BERTH_DB/open.lock"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$BERTH_DB/write.lock"
	BERTH_TRUST_DB=1 refuses 10 PERMISSION -- book stylist 2026-06-10T09:00 --duration 1h
	[[ $stderr == *"$BERTH_DB/write.lock"* ]]
	rm "$BERTH_DB/write.lock"
	mkdir "$BERTH_DB/write.lock"
	BERTH_TRUST_DB=1 refuses 10 PERMISSION -- book stylist 2026-06-10T09:00 --duration 1h
	[[ $stderr == *"$BERTH_DB/write.lock"* ]]
	rmdir "$BERTH_DB/write.lock"
	run berth -q book stylist 2026-06-10T09:00 --duration 1h
	assert_success
}

@test "store: a store path that is not a directory or too long is a usage error (2)" {
	touch "$BATS_TEST_TMPDIR/file"
	BERTH_DB=$BATS_TEST_TMPDIR/file/db refuses 2 INVALID_ARGUMENT -- init
	BERTH_DB=$BATS_TEST_TMPDIR/file refuses 2 INVALID_ARGUMENT -- list
	BERTH_DB=$BATS_TEST_TMPDIR/$(printf 'x%.0s' $(seq 300)) refuses 2 INVALID_ARGUMENT -- init
}

@test "store: a missing lock.mdb is made again preallocated" {
	seed
	rm "$BERTH_DB/lock.mdb"
	berth -q list
	# Allocated for real: as many blocks as its length needs.
	[ "$(stat -c %s "$BERTH_DB/lock.mdb")" -ge 65536 ]
	[ $(($(stat -c %b "$BERTH_DB/lock.mdb") * $(stat -c %B "$BERTH_DB/lock.mdb"))) -ge 65536 ]
}

@test "store: a missing lock.mdb on a full disk is a clean STORE_FULL (10), never a signal" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	local fs=$BATS_TEST_TMPDIR/fs
	mkdir -p "$fs"
	mount -t tmpfs -o size=1m,mode=0700 tmpfs "$fs" 2>/dev/null || skip "cannot mount a tmpfs"
	MOUNTED=$fs
	export BERTH_DB=$fs/db BERTH_MAP_SIZE=64K
	seed
	rm "$BERTH_DB/lock.mdb"
	dd if=/dev/zero of="$fs/filler" bs=4k 2>/dev/null || true
	for args in "list" "book stylist 2026-06-10T09:00 --duration 1h"; do
		# shellcheck disable=SC2086
		run --separate-stderr berth $args
		[ "$status" -eq 10 ] || { echo "$args: exit $status: $stderr" >&2; return 1; }
		[[ $stderr == "berth: STORE_FULL: "* ]] || { echo "$args: $stderr" >&2; return 1; }
	done
	rm "$fs/filler"
	run berth check
	assert_success
}
