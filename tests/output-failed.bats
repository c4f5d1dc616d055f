#!/usr/bin/env bats
# A write whose change committed but whose answer could not be written
# exits 9 OUTPUT_FAILED, saying what was done: a script that retries on 10
# (the store failed, nothing was written) must not book twice. A read whose
# output fails stays 10 IO_ERROR, and a refused write keeps its own code.

load helper
bats_require_minimum_version 1.5.0

# to_full ARGS...: berth with stdout on /dev/full; sets status and stderr.
to_full() {
	"$BERTH_BIN" "$@" >/dev/full 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
}

# committed_but_lost WHAT ARGS...: exit 9, one OUTPUT_FAILED line that
# names WHAT was done.
committed_but_lost() {
	local what=$1
	shift
	to_full "$@"
	if [ "$status" -ne 9 ]; then
		echo "berth $* >/dev/full: exit $status, want 9: $stderr" >&2
		return 1
	fi
	case "$stderr" in
	"berth: OUTPUT_FAILED: $what, but its answer could not be written"*) ;;
	*) echo "berth $*: want 'OUTPUT_FAILED: $what, ...', got: $stderr" >&2
	   return 1 ;;
	esac
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

@test "output failed: init makes the store and exits 9" {
	committed_but_lost "the store at $(db_shown) is ready" init
	[ "$(field tz -- init)" = UTC ]
	run berth check
	assert_success
}

@test "output failed: resource add, set and rm are done and exit 9" {
	berth init >/dev/null
	committed_but_lost "resource r1 was added" resource add r1 --capacity 3
	[ "$(field capacity -- resource show r1)" = 3 ]
	committed_but_lost "resource r1 was changed" resource set r1 --capacity 5
	[ "$(field capacity -- resource show r1)" = 5 ]
	committed_but_lost "resource r1 was removed" resource rm r1
	refuses 3 NOT_FOUND -- resource show r1
}

@test "output failed: resource add on a missing store makes both, exit 9" {
	committed_but_lost "resource r1 was added" resource add r1
	[ "$(field name -- resource show r1)" = r1 ]
}

@test "output failed: policy set is done and exits 9" {
	seed
	committed_but_lost "policy hold_ttl was set" policy set hold_ttl 10m
	committed_but_lost "policy hold_ttl was set for workshop" \
		policy set hold_ttl 20m --resource workshop
	[ "$(berth --format json policy list | jq -r '.[] | select(.key == "hold_ttl" and .scope == "store") | .value')" = 10m ]
	[ "$(berth --format json policy list --resource workshop | jq -r '.[] | select(.key == "hold_ttl") | .value')" = 20m ]
}

@test "output failed: policy unset is done and exits 9; with nothing to unset, 10" {
	seed
	berth -q policy set min_notice 2h --resource workshop
	committed_but_lost "policy min_notice was unset for workshop" \
		policy unset min_notice --resource workshop
	[ "$(berth --format json policy list --resource workshop | jq -r '.[] | select(.key == "min_notice") | .source')" = default ]
	# nothing was done, so nothing is lost but the answer
	to_full policy unset min_notice --resource workshop
	[ "$status" -eq 10 ]
	[[ $stderr == "berth: IO_ERROR: "* ]]
}

@test "output failed: lock, release, confirm, book, cancel, pay: each done, exit 9" {
	seed
	committed_but_lost "hold h1 was placed" lock workshop 2026-06-10T09:00 --duration 1h
	[ "$(field status -- show h1)" = active ]
	committed_but_lost "h1 was released" release h1
	[ "$(field status -- show h1)" = released ]
	committed_but_lost "hold h2 was placed" lock workshop 2026-06-10T09:00 --duration 1h
	committed_but_lost "b1 was confirmed" confirm h2
	[ "$(field status -- show b1)" = confirmed ]
	committed_but_lost "b2 was booked" book workshop 2026-06-10T10:00 --duration 1h
	[ "$(field status -- show b2)" = confirmed ]
	committed_but_lost "the payment of b2 was recorded" pay b2 --status paid
	[ "$(field payment_status -- show b2)" = paid ]
	committed_but_lost "b2 was cancelled" cancel b2 --reason moved
	[ "$(field status -- show b2)" = cancelled ]
	run berth check
	assert_success
}

@test "output failed: json says it in the error object" {
	seed
	to_full --format json book workshop 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 9 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = OUTPUT_FAILED ]
	[[ $(echo "$stderr" | jq -r .error.message) == "b1 was booked, but its answer could not be written"* ]]
	[ "$(field status -- show b1)" = confirmed ]
}

@test "output failed: expire sweeps and exits 9; --dry-run reads and exits 10" {
	seed
	berth -q lock workshop 2026-06-10T09:00 --duration 1h --ttl 5m
	before=$(store_dump)
	to_full --now 2026-06-01T10:06:00Z --format json expire --dry-run
	[ "$status" -eq 10 ]
	[[ $stderr == *'"code":"IO_ERROR"'* ]]
	[ "$before" = "$(store_dump)" ]
	committed_but_lost "1 hold or booking expired" --now 2026-06-01T10:06:00Z expire
	# The sweep is done: nothing is left to expire.
	[ "$(berth --now 2026-06-01T10:07:00Z --format json expire | jq length)" = 0 ]
}

@test "output failed: a retry with the same key learns what was done, once" {
	seed
	committed_but_lost "b1 was booked" book stylist 2026-06-10T09:00 \
		--duration 1h --idempotency-key k1
	run --separate-stderr berth --format json book stylist 2026-06-10T09:00 \
		--duration 1h --idempotency-key k1
	assert_success
	[ "$(echo "$output" | jq -r .id)" = b1 ]
	[ "$(berth --format json list | jq length)" = 1 ]
}

@test "output failed: book --batch says which lines were committed, exit 9" {
	seed
	printf '%s\n' \
		'{"resource":"stylist","start":"2026-06-10T09:00","duration":"1h"}' \
		'{"resource":"stylist","start":"2026-06-10T09:00","duration":"1h"}' \
		'' \
		'{"resource":"workshop","start":"2026-06-10T09:00","duration":"1h"}' \
		>"$BATS_TEST_TMPDIR/in"
	to_full book --batch <"$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 9 ] || { echo "exit $status: $stderr" >&2; return 1; }
	[[ $stderr == "berth: OUTPUT_FAILED: the batch committed lines 1 to 4 (2 booked, 1 refused), but its answer could not be written"* ]] ||
		{ echo "got: $stderr" >&2; return 1; }
	[ "$(berth --format json list | jq -r 'map(.id) | join(",")')" = b1,b2 ]
}

@test "output failed: a batch that booked nothing and cannot answer is 10" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	before=$(store_dump)
	to_full book --batch <<<'{"resource":"stylist","start":"2026-06-10T09:00","duration":"1h"}'
	[ "$status" -eq 10 ]
	[[ $stderr == "berth: IO_ERROR: "* ]]
	[ "$before" = "$(store_dump)" ]
}

@test "output failed: reads whose output fails are 10 IO_ERROR" {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	for args in "list" "show b1" "resource list" "resource show workshop" \
		"policy list" "availability workshop" "stats" "audit" \
		"--format json check"; do
		# shellcheck disable=SC2086
		to_full $args
		[ "$status" -eq 10 ] && [[ $stderr == *IO_ERROR* ]] || {
			echo "berth $args >/dev/full: exit $status: $stderr" >&2
			return 1
		}
	done
}

@test "output failed: a refused write keeps its own code and writes nothing" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	before=$(store_dump)
	to_full book stylist 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 4 ]
	[[ $stderr == "berth: CAPACITY_FULL: "* ]]
	to_full book nowhere 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 3 ]
	[[ $stderr == "berth: NOT_FOUND: "* ]]
	to_full book stylist 2026-13-10T09:00 --duration 1h
	[ "$status" -eq 2 ]
	[[ $stderr == "berth: INVALID_TIME: "* ]]
	to_full cancel b9
	[ "$status" -eq 3 ]
	[[ $stderr == "berth: NOT_FOUND: "* ]]
	to_full resource add stylist
	[ "$status" -eq 4 ]
	[[ $stderr == "berth: ALREADY_EXISTS: "* ]]
	to_full init --tz Europe/Paris
	[ "$status" -eq 4 ]
	[[ $stderr == "berth: ALREADY_EXISTS: "* ]]
	[ "$before" = "$(store_dump)" ]
}

@test "output failed: with -q nothing is written, so a write exits 0" {
	seed
	to_full -q book stylist 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 0 ]
	[ "$(field status -- show b1)" = confirmed ]
}

@test "output failed: restore prints nothing, so a full stdout loses nothing" {
	seed
	berth -q book stylist 2026-06-10T09:00 --duration 1h
	berth backup "$BATS_TEST_TMPDIR/copy.mdb" >/dev/null
	to_full --db "$BATS_TEST_TMPDIR/restored" restore "$BATS_TEST_TMPDIR/copy.mdb"
	[ "$status" -eq 0 ] || { echo "exit $status: $stderr" >&2; return 1; }
	[ "$(berth --db "$BATS_TEST_TMPDIR/restored" --format json list | jq -r '.[0].id')" = b1 ]
}

# closed_pipe ARGS...: berth with stdout on a pipe whose reader is gone;
# prints berth's exit status (negative: killed by that signal).
closed_pipe() {
	python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
print(subprocess.run(sys.argv[1:], stdout=w).returncode)
' "$BERTH_BIN" "$@"
}

@test "output failed: a write into a closed pipe exits 9, not killed by SIGPIPE" {
	seed
	run --separate-stderr closed_pipe book stylist 2026-06-10T09:00 --duration 1h
	[ "$output" = 9 ] || { echo "exit $output: $stderr" >&2; return 1; }
	[[ $stderr == "berth: OUTPUT_FAILED: b1 was booked, but its answer could not be written: Broken pipe" ]]
	[ "$(field status -- show b1)" = confirmed ]
	run --separate-stderr closed_pipe resource add r9
	[ "$output" = 9 ]
	# A read stays quiet under `| head`: SIGPIPE ends it, as any filter.
	run --separate-stderr closed_pipe list
	[ "$output" = -13 ]
	[ -z "$stderr" ]
}

@test "output failed: check --repair and upgrade are done and exit 9" {
	lmdb_only "tests/damage breaks an index with LMDB's calls"
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h
	"$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" byres delete
	to_full check --repair
	[ "$status" -eq 9 ]
	[[ "$stderr" == "berth: OUTPUT_FAILED: the indexes were rebuilt (a backup is at $BERTH_DB/repair-"*".bak), but its answer could not be written"* ]]
	run berth check
	assert_success
	# A store of format 1, upgraded with nowhere to say so.
	rm -rf "$BERTH_DB" && mkdir -p "$BERTH_DB"
	cp "$BATS_TEST_DIRNAME/fixtures/v1/store.mdb" "$BERTH_DB/data.mdb"
	to_full upgrade
	[ "$status" -eq 9 ]
	[[ "$stderr" == "berth: OUTPUT_FAILED: the store was upgraded from format 1 (a backup is at $BERTH_DB/upgrade-"*".bak), but its answer could not be written"* ]]
	BERTH_NOW=2026-06-01T10:20:00Z run berth check
	assert_success
}
