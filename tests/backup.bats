#!/usr/bin/env bats
# backup and restore, and the checks that a store is ours.

load helper

@test "backup: a copy while writers keep writing holds every booking acknowledged before it began" {
	berth init >/dev/null
	berth resource add r --capacity 100000 >/dev/null
	for i in $(seq 1 30); do berth -q book r 2026-07-01T09:00 --duration 1h; done
	# Writers keep going while the backup runs.
	(
		for i in $(seq 1 60); do
			berth --format json book r 2026-07-01T09:00 --duration 1h |
				jq -r .id >>"$BATS_TEST_TMPDIR/during"
		done
	) &
	writer=$!
	acked=$(berth --format jsonl list | jq -r .id | sort)
	run berth backup "$BATS_TEST_TMPDIR/copy.mdb"
	assert_success
	wait "$writer"
	run berth --db "$BATS_TEST_TMPDIR/restored" restore "$BATS_TEST_TMPDIR/copy.mdb"
	assert_success
	run berth --db "$BATS_TEST_TMPDIR/restored" check
	assert_success
	restored=$(berth --db "$BATS_TEST_TMPDIR/restored" --format jsonl list | jq -r .id | sort)
	# Everything acknowledged before the backup began is in the copy.
	[ -z "$(comm -23 <(echo "$acked") <(echo "$restored"))" ]
	[ "$(echo "$acked" | wc -l)" -ge 30 ]
	# And the copy is a store like any other: it takes bookings.
	run berth --db "$BATS_TEST_TMPDIR/restored" book r 2026-07-02T09:00 --duration 1h
	assert_success
}

@test "backup: into a directory that is missing says so, naming the directory, not a temporary file" {
	seed
	refuses 2 INVALID_ARGUMENT -- backup "$BATS_TEST_TMPDIR/missing/dir/x.mdb"
	[ "$stderr" = "berth: INVALID_ARGUMENT: cannot write $BATS_TEST_TMPDIR/missing/dir/x.mdb: the directory $BATS_TEST_TMPDIR/missing/dir does not exist" ]
	[ ! -e "$BATS_TEST_TMPDIR/missing" ]
	touch "$BATS_TEST_TMPDIR/file"
	refuses 2 INVALID_ARGUMENT -- backup "$BATS_TEST_TMPDIR/file/x.mdb"
	[ "$stderr" = "berth: INVALID_ARGUMENT: cannot write $BATS_TEST_TMPDIR/file/x.mdb: $BATS_TEST_TMPDIR/file is not a directory" ]
	refuses 2 INVALID_ARGUMENT -- backup "$BATS_TEST_TMPDIR/file/deeper/x.mdb"
	[[ $stderr != *tmp?????? ]]
	[[ $stderr == *": a part of $BATS_TEST_TMPDIR/file/deeper is not a directory" ]]
	# A name without a directory is written where we are.
	cd "$BATS_TEST_TMPDIR"
	run berth backup here.mdb
	assert_success
	[ -s "$BATS_TEST_TMPDIR/here.mdb" ]
}

@test "backup: refuses to overwrite, needs FILE, and a store" {
	seed
	touch "$BATS_TEST_TMPDIR/exists"
	refuses 4 ALREADY_EXISTS -- backup "$BATS_TEST_TMPDIR/exists"
	[ ! -s "$BATS_TEST_TMPDIR/exists" ]
	refuses 2 INVALID_ARGUMENT -- backup
	BERTH_DB="$BATS_TEST_TMPDIR/none" refuses 3 NOT_FOUND -- backup "$BATS_TEST_TMPDIR/x.mdb"
	[ ! -e "$BATS_TEST_TMPDIR/x.mdb" ]
	[ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "restore: refuses an existing store, a missing file and a file that is not a store" {
	seed
	berth backup "$BATS_TEST_TMPDIR/copy.mdb"
	refuses 4 ALREADY_EXISTS -- restore "$BATS_TEST_TMPDIR/copy.mdb"
	refuses 3 NOT_FOUND -- --db "$BATS_TEST_TMPDIR/new" restore "$BATS_TEST_TMPDIR/missing.mdb"
	[ ! -e "$BATS_TEST_TMPDIR/new" ]
	head -c 65536 /dev/urandom >"$BATS_TEST_TMPDIR/junk.mdb"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/new2" restore "$BATS_TEST_TMPDIR/junk.mdb"
	assert_failure 10
	[ ! -e "$BATS_TEST_TMPDIR/new2/data.mdb" ]
}

@test "safety: a store owned by another user, or writable by anyone, is refused unless trusted" {
	lmdb_only "the store directory's owner and modes"
	[ "$(id -u)" -eq 0 ] || skip "needs root to give the store away"
	seed
	chown nobody "$BERTH_DB"
	refuses 10 PERMISSION -- resource list
	run --separate-stderr berth resource list
	[[ "$stderr" == *"another user"*"BERTH_TRUST_DB"* ]]
	BERTH_TRUST_DB=1 run berth resource list
	assert_success
	chown root "$BERTH_DB"
	chmod 0777 "$BERTH_DB"
	refuses 10 PERMISSION -- book workshop 2026-06-10T09:00 --duration 1h
	chmod 0700 "$BERTH_DB"
	run berth book workshop 2026-06-10T09:00 --duration 1h
	assert_success
}

@test "safety: store files that are symbolic links are refused; a link to our own directory is fine" {
	lmdb_only "the store's files"
	seed
	ln -s "$BERTH_DB" "$BATS_TEST_TMPDIR/link"
	BERTH_DB="$BATS_TEST_TMPDIR/link" run berth resource list
	assert_success
	mkdir "$BATS_TEST_TMPDIR/evil"
	cp "$BERTH_DB/data.mdb" "$BATS_TEST_TMPDIR/victim"
	ln -s "$BATS_TEST_TMPDIR/victim" "$BATS_TEST_TMPDIR/evil/data.mdb"
	BERTH_DB="$BATS_TEST_TMPDIR/evil" run --separate-stderr berth resource list
	assert_failure 10
	[[ "$stderr" == "berth: PERMISSION: "*"symbolic link"* ]]
}

@test "backup: to a dangling symbolic link is ALREADY_EXISTS (4), and the link's target is not made" {
	seed
	ln -s "$BATS_TEST_TMPDIR/nowhere" "$BATS_TEST_TMPDIR/link"
	refuses 4 ALREADY_EXISTS -- backup "$BATS_TEST_TMPDIR/link"
	[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]
	refuses 2 INVALID_ARGUMENT -- backup "$BATS_TEST_TMPDIR/no/such/dir/copy.mdb"
}

@test "backup: - writes the copy to standard output, which restores like a file" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer c1
	berth backup - >"$BATS_TEST_TMPDIR/out.mdb"
	berth backup - | cat >"$BATS_TEST_TMPDIR/piped.mdb"
	for f in out piped; do
		run berth --db "$BATS_TEST_TMPDIR/r-$f" restore "$BATS_TEST_TMPDIR/$f.mdb"
		assert_success
		[ "$(berth --db "$BATS_TEST_TMPDIR/r-$f" --format jsonl list | jq -r .customer)" = c1 ]
	done
	# and back in through standard input
	run berth --db "$BATS_TEST_TMPDIR/r-stdin" restore - <"$BATS_TEST_TMPDIR/piped.mdb"
	assert_success
	run berth --db "$BATS_TEST_TMPDIR/r-stdin" check
	assert_success
	[ ! -e ./- ] && [ ! -e "$BERTH_DB/-" ]
}

@test "restore: into a link to an empty directory restores there; a link to nowhere or a file is refused (2)" {
	seed
	berth backup "$BATS_TEST_TMPDIR/copy.mdb"
	mkdir "$BATS_TEST_TMPDIR/real"
	ln -s real "$BATS_TEST_TMPDIR/link"
	run berth --db "$BATS_TEST_TMPDIR/link" restore "$BATS_TEST_TMPDIR/copy.mdb"
	assert_success
	[ -L "$BATS_TEST_TMPDIR/link" ]
	[ -s "$BATS_TEST_TMPDIR/real/data.mdb" ]
	[ "$(berth --db "$BATS_TEST_TMPDIR/link" --format json list | jq length)" = \
		"$(berth --format json list | jq length)" ]
	ln -s nowhere "$BATS_TEST_TMPDIR/dangling"
	refuses 2 INVALID_ARGUMENT -- --db "$BATS_TEST_TMPDIR/dangling" restore "$BATS_TEST_TMPDIR/copy.mdb"
	[[ $stderr == *"is not a directory"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]
	touch "$BATS_TEST_TMPDIR/file"
	refuses 2 INVALID_ARGUMENT -- --db "$BATS_TEST_TMPDIR/file" restore "$BATS_TEST_TMPDIR/copy.mdb"
	[ ! -s "$BATS_TEST_TMPDIR/file" ]
}

@test "backup: - on a terminal is refused (2); so is restore - from one" {
	seed
	run script -qec "$BERTH_BIN backup -" /dev/null
	[ "$status" -eq 2 ] || { echo "exit $status: $output" >&2; return 1; }
	[[ $output == *"INVALID_ARGUMENT"*"terminal"* ]]
	run script -qec "$BERTH_BIN --db $BATS_TEST_TMPDIR/r restore -" /dev/null
	[ "$status" -eq 2 ] || { echo "exit $status: $output" >&2; return 1; }
	[[ $output == *"INVALID_ARGUMENT"*"terminal"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/r" ]
	[ ! -e ./- ]
}

# The target of a refused restore, as it was: nothing at all when it did
# not exist, or the listing of what it held.
target_state() {
	if [ -e "$1" ]; then ls -la "$1" | tail -n +2 | awk '{ print $1, $NF }'; else echo absent; fi
}

# restore_refused FILE: a restore of FILE into a new and into an existing
# (empty) directory is refused with 10 and leaves each as it was; then the
# good backup restores there.
restore_refused() {
	local t
	mkdir -p "$BATS_TEST_TMPDIR/empty"
	for t in "$BATS_TEST_TMPDIR/new/db" "$BATS_TEST_TMPDIR/empty"; do
		local before
		before=$(target_state "$t")
		run --separate-stderr berth --db "$t" restore "$1"
		[ "$status" -eq 10 ] || { echo "$1 into $t: exit $status: $stderr" >&2; return 1; }
		[[ $stderr =~ ^berth:\ (STORE_CORRUPT|STORE_FORMAT|STORE_FULL|IO_ERROR):\  ]] || { echo "$stderr" >&2; return 1; }
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[ "$(target_state "$t")" = "$before" ] || {
			echo "$1 changed $t: $(target_state "$t")" >&2
			return 1
		}
	done
	[ ! -e "$BATS_TEST_TMPDIR/new" ]
	for t in "$BATS_TEST_TMPDIR/new/db" "$BATS_TEST_TMPDIR/empty"; do
		run berth --db "$t" restore "$BATS_TEST_TMPDIR/good.mdb"
		assert_success
		run berth --db "$t" check
		assert_success
		[ "$(berth --db "$t" --format json list | jq length)" -eq 20 ]
	done
	rm -rf "$BATS_TEST_TMPDIR/new" "$BATS_TEST_TMPDIR/empty"
}

good_backup() {
	seed
	for i in $(seq 1 20); do
		berth -q book concert 2026-06-10T20:00 --duration 2h --seat "$i" --customer "c$i"
	done
	berth backup "$BATS_TEST_TMPDIR/good.mdb"
}

@test "restore: a backup cut short is refused (10) at every length and leaves the target as it was" {
	good_backup
	local size
	size=$(stat -c %s "$BATS_TEST_TMPDIR/good.mdb")
	for n in 0 4096 24576 $((size - 4096)); do
		head -c "$n" "$BATS_TEST_TMPDIR/good.mdb" >"$BATS_TEST_TMPDIR/cut.mdb"
		restore_refused "$BATS_TEST_TMPDIR/cut.mdb"
		[[ $stderr == *"STORE_CORRUPT"* ]]
	done
}

@test "restore: junk and a backup from a newer berth are refused (10), the target left as it was" {
	good_backup
	head -c 65536 /dev/urandom >"$BATS_TEST_TMPDIR/junk.mdb"
	restore_refused "$BATS_TEST_TMPDIR/junk.mdb"
	# A store whose meta says a newer schema (as tests/schema.bats plants).
	mkdir "$BATS_TEST_TMPDIR/newer"
	cp "$BATS_TEST_TMPDIR/good.mdb" "$BATS_TEST_TMPDIR/newer/data.mdb"
	d="$(dirname "$BERTH_BIN")/tests/damage"
	"$d" "$BATS_TEST_TMPDIR/newer" meta set 00000063 --key "$(printf schema | xxd -p)"
	"$d" "$BATS_TEST_TMPDIR/newer" meta set 01000000000000006300000000 --reseal \
		--key "$(printf format | xxd -p)"
	rm -f "$BATS_TEST_TMPDIR/newer/lock.mdb"
	restore_refused "$BATS_TEST_TMPDIR/newer/data.mdb"
	[[ $stderr == *"STORE_FORMAT"*"newer.mdb"*"format 99"*"newer"* ]] ||
		[[ $stderr == *"STORE_FORMAT"*"format 99"*"newer"* ]]
}

@test "restore: a backup whose check finds a problem is refused (10)" {
	good_backup
	# One seat entry cut to 8 bytes (mdb_load overwrites the value): the
	# backup opens, but check finds the damage.
	mkdir "$BATS_TEST_TMPDIR/damaged"
	cp "$BATS_TEST_TMPDIR/good.mdb" "$BATS_TEST_TMPDIR/damaged/data.mdb"
	mdb_dump -s seat "$BATS_TEST_TMPDIR/damaged" |
		awk '/HEADER=END/ { h = 1; print; next } h && ++n == 2 { $0 = " 0000000000000000" } { print }' \
			>"$BATS_TEST_TMPDIR/seat.dump"
	mdb_load -s seat -f "$BATS_TEST_TMPDIR/seat.dump" "$BATS_TEST_TMPDIR/damaged"
	run berth --db "$BATS_TEST_TMPDIR/damaged" check
	assert_failure 10
	restore_refused "$BATS_TEST_TMPDIR/damaged/data.mdb"
	[[ $stderr == *"STORE_CORRUPT"*"problem"* ]]
}

@test "restore: onto a full file system is refused (10) and leaves nothing behind" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	good_backup
	local fs=$BATS_TEST_TMPDIR/fs
	mkdir -p "$fs"
	mount -t tmpfs -o size=1m,mode=0700 tmpfs "$fs" 2>/dev/null || skip "cannot mount a tmpfs"
	MOUNTED=$fs
	local size
	size=$(stat -c %s "$BATS_TEST_TMPDIR/good.mdb")
	# Room for less than the copy, then room for the copy but not for its
	# lock file.
	for room in $((size / 2)) $((size + 8192)); do
		rm -f "$fs/filler"
		dd if=/dev/zero of="$fs/filler" bs=4k 2>/dev/null || true
		rm "$fs/filler"
		dd if=/dev/zero of="$fs/filler" bs=4k count=$((($(df -k --output=avail "$fs" | tail -n 1) * 1024 - room) / 4096)) 2>/dev/null
		mkdir -p "$fs/existing"
		local before after
		# The entries, without . and .. (on a tmpfs a directory's size
		# is its entries', and .. is the test's own) and without times
		# (a temporary file that came and went moves a directory's mtime,
		# and on a slow run the minute turns).
		before=$(ls -lA --time-style=+ "$fs/existing" "$fs")
		for t in "$fs/new" "$fs/existing"; do
			run --separate-stderr berth --db "$t" restore "$BATS_TEST_TMPDIR/good.mdb"
			[ "$status" -eq 10 ] || { echo "room $room, $t: exit $status: $stderr" >&2; return 1; }
			[[ $stderr == "berth: STORE_FULL: "* ]] || { echo "$stderr" >&2; return 1; }
		done
		after=$(ls -lA --time-style=+ "$fs/existing" "$fs")
		[ "$after" = "$before" ] || { diff <(echo "$before") <(echo "$after") >&2; return 1; }
	done
	rm "$fs/filler"
	run berth --db "$fs/new" restore "$BATS_TEST_TMPDIR/good.mdb"
	assert_success
	run berth --db "$fs/new" check
	assert_success
}

teardown() {
	[ -z "${MOUNTED:-}" ] || umount "$MOUNTED" || umount -l "$MOUNTED"
}

@test "restore: a backup of an overbooked store restores; check says OVERBOOKED, as it did" {
	berth init >/dev/null
	berth -q resource add r --capacity 2
	berth -q book r 2026-06-10T09:00 --duration 1h --quantity 2
	berth -q resource set r --capacity 1
	run berth check
	assert_failure 4
	berth backup "$BATS_TEST_TMPDIR/over.mdb"
	run berth --db "$BATS_TEST_TMPDIR/new" restore "$BATS_TEST_TMPDIR/over.mdb"
	assert_success
	run berth --db "$BATS_TEST_TMPDIR/new" check
	assert_failure 4
}
