#!/usr/bin/env bats
# A full disk: a write that cannot be stored fails cleanly with exit 10
# (STORE_FULL, or IO_ERROR when LMDB's write came up short), writes nothing,
# and leaves a store that passes check with every acknowledged booking in
# it; freeing space lets writing go on. The file system is a small tmpfs,
# which needs root (the tests say so and skip otherwise). LMDB on Linux does
# not preallocate data.mdb: it grows by writing past its end, and that is
# where ENOSPC comes. A full standard output (/dev/full) needs no root: what
# cannot be printed is an error, never a silent exit 0.

bats_require_minimum_version 1.5.0
load helper

# The store as mdb_dump sees it, through the store's own lock file: `-n`
# would create data.mdb-lock beside it, on the full file system.
dump() { mdb_dump -a "$BERTH_DB"; }

# A one-line store-unavailable error on stderr: the codes a full disk gives.
full_error() {
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || {
		echo "error is not one line: $stderr" >&2
		return 1
	}
	[[ $stderr =~ ^(berth:\ |\{\"error\":\{\"code\":\")(STORE_FULL|IO_ERROR)[:\"] ]] || {
		echo "want STORE_FULL or IO_ERROR, got: $stderr" >&2
		return 1
	}
}

# Books one place on r1 for customer $1; the id in $id.
book_one() {
	run --separate-stderr berth --format json book r1 2026-06-10T09:00 --duration 1h --customer "$1"
	[ "$status" -eq 0 ] && id=$(jq -r .id <<<"$output")
	return 0
}

@test "diskfull: a write on a full disk exits 10, writes nothing, and the store recovers" {
	mount_small_fs
	berth -q init
	berth -q resource add r1 --capacity 1000000
	local n=0 last= before
	for n in $(seq 1 20); do
		book_one "c$n"
		assert_success
		last=$id
	done
	fill_fs
	# Pages LMDB freed inside the file are still there to reuse: book
	# until the file has to grow.
	for n in $(seq 21 20000); do
		before=$(dump)
		book_one "c$n"
		[ "$status" -eq 0 ] || break
		last=$id
	done
	echo "# booking $n was the first that did not fit" >&3
	[ "$status" -eq 10 ] || {
		echo "want exit 10, got $status: $stderr" >&2
		return 1
	}
	full_error
	[ "$before" = "$(dump)" ] || {
		echo "the failed write changed the store" >&2
		return 1
	}
	# Every acknowledged booking is there, the refused one is not.
	[ -n "$last" ]
	[ "$(field customer -- show "$last")" = "c$((n - 1))" ]
	[ "$(berth --format json list --customer "c$n" | jq length)" -eq 0 ]
	[ "$(berth --format json stats | jq .bookings)" -eq $((n - 1)) ]
	run berth check
	assert_success
	# Failing again changes nothing either.
	book_one "c$n"
	[ "$status" -eq 10 ]
	full_error
	[ "$before" = "$(dump)" ]
	# Room again: writing goes on.
	rm -f "$FS/filler"
	book_one "c$n"
	assert_success
	[ "$(field customer -- show "$id")" = "c$n" ]
	run berth check
	assert_success
}

@test "diskfull: a batch that fills the disk stops with exit 10; every booking it printed is stored" {
	# Room for a few groups of 1000 lines before the disk is full (each
	# booking writes its claim, indexes, audit record and two events).
	mount_small_fs 5m
	berth -q init
	berth -q resource add r1 --capacity 1000000
	# More than 1m of bookings: the disk fills mid-batch.
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
		printf "{\"resource\":\"r1\",\"start\":\"2026-06-10T09:00\",\"duration\":\"1h\",\"customer\":\"customer-%06d-%s\"}\n", i, "padding-padding-padding-padding-padding" }' \
		>"$BATS_TEST_TMPDIR/requests.jsonl"
	run --separate-stderr berth book --batch <"$BATS_TEST_TMPDIR/requests.jsonl"
	[ "$status" -eq 10 ] || {
		echo "want exit 10, got $status: $stderr" >&2
		return 1
	}
	full_error
	# Whatever was printed is durable: the printed bookings are exactly
	# those in the store, the first lines of the batch, in order.
	local printed stored
	printed=$(printf '%s\n' "$output" | jq -r 'select(.id) | .id')
	[ -n "$printed" ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.error) | .line' | wc -l)" -eq 0 ] || {
		echo "a line was refused before the disk filled" >&2
		return 1
	}
	stored=$(berth --format jsonl list | jq -r .id)
	[ "$printed" = "$stored" ] || {
		echo "printed $(wc -l <<<"$printed") bookings, stored $(wc -l <<<"$stored")" >&2
		diff <(echo "$printed") <(echo "$stored") | head >&2
		return 1
	}
	local n
	n=$(wc -l <<<"$printed")
	echo "# $n bookings stored before the disk was full" >&3
	[ "$(berth --format jsonl list | jq -r .customer | tail -n 1)" = "$(printf 'customer-%06d-padding-padding-padding-padding-padding' "$n")" ]
	run berth check
	assert_success
}

@test "diskfull: making a store on a full disk fails cleanly with exit 10" {
	mount_small_fs
	fill_fs
	run --separate-stderr berth --db "$FS/new" init
	[ "$status" -eq 10 ] || {
		echo "want exit 10, got $status: $stderr" >&2
		return 1
	}
	full_error
	rm -f "$FS/filler"
	# Once there is room, the same store can be made.
	run berth --db "$FS/new" init
	assert_success
	run berth --db "$FS/new" check
	assert_success
}

# Output that cannot be written is an error: the exit status says so and
# stderr says why, in one line. A read says IO_ERROR (10); a write whose
# change committed says OUTPUT_FAILED (9, see output-failed.bats).
@test "diskfull: output to a full stdout is an error, not a silent exit 0" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer c1
	berth -q lock workshop 2026-06-10T10:00 --duration 1h --customer c2
	local fails=() args f
	local -a cmds=(
		"list" "--format json list" "--format jsonl list" "--format csv list"
		"--format tsv list" "list --holds" "show b1" "resource list"
		"resource show workshop" "policy list" "availability workshop"
		"stats" "audit" "--version" "--help" "help" "help lock" "--list-cmds"
		"lock --help" "lock --list-opts" "resource --help" "resource --list-cmds"
		"book stylist 2026-06-10T11:00 --duration 1h"
		"lock stylist 2026-06-10T12:00 --duration 1h"
	)
	for args in "${cmds[@]}"; do
		# A reading command prints something when stdout has room.
		if [[ $args != book* && $args != lock* ]]; then
			# shellcheck disable=SC2086
			run --separate-stderr berth $args
			[ "$status" -eq 0 ] && [ -n "$output" ] ||
				{ fails+=("$args: exit $status or no output without /dev/full"); continue; }
		fi
		# shellcheck disable=SC2086
		"$BERTH_BIN" $args >/dev/full 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
		stderr=$(cat "$BATS_TEST_TMPDIR/err")
		if [[ $args == "book stylist"* || $args == "lock stylist"* ]]; then
			[ "$status" -eq 9 ] && [[ $stderr == "berth: OUTPUT_FAILED: "* ]] ||
				fails+=("$args >/dev/full: exit $status, want 9: $stderr")
		elif [ "$status" -ne 10 ]; then
			fails+=("$args >/dev/full: exit $status, want 10")
		elif [[ $args == "help "* ]]; then
			# man(1) may have said something too ("No manual entry").
			[[ $stderr == *"berth: IO_ERROR: "* ]] ||
				fails+=("$args >/dev/full: want an IO_ERROR line, got: $stderr")
		elif ! [[ $stderr =~ ^(berth:\ IO_ERROR:\ |\{\"error\":\{\"code\":\"IO_ERROR\") ]] ||
			[ "$(printf '%s\n' "$stderr" | wc -l)" -ne 1 ]; then
			fails+=("$args >/dev/full: want one IO_ERROR line, got: $stderr")
		fi
	done
	# A batch whose results cannot be printed fails too.
	f='{"resource":"stylist","start":"2026-06-10T14:00","duration":"1h"}'
	"$BERTH_BIN" book --batch <<<"$f" >/dev/full 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	[ "$status" -eq 9 ] || fails+=("book --batch >/dev/full: exit $status, want 9")
	# With -q nothing is written, so nothing fails.
	for args in "list" "show b1" "stats"; do
		# shellcheck disable=SC2086
		"$BERTH_BIN" -q $args >/dev/full 2>"$BATS_TEST_TMPDIR/err" ||
			fails+=("-q $args >/dev/full: exit $?: $(cat "$BATS_TEST_TMPDIR/err")")
	done
	[ "${#fails[@]}" -eq 0 ] || {
		printf '%s\n' "${fails[@]}" >&2
		return 1
	}
	run berth check
	assert_success
}
