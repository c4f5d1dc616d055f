#!/usr/bin/env bats
# PostgreSQL only (BERTH_TEST_STORE=pg; skipped on LMDB): the store's
# tables and layout, the connection string and its password, what a
# server that cannot be reached gives, a backend terminated in the middle
# of a transaction, writers racing for one resource and for eight, and
# copying a whole store from LMDB to PostgreSQL and back.

bats_require_minimum_version 1.5.0
load helper

S=2026-06-10T09:00Z

@test "pg: init makes the tables; stats names the server, never a password" {
	pg_only
	run --separate-stderr berth init
	assert_success
	run pg_sql -c "SELECT value FROM berth_store WHERE name = 'layout'"
	assert_output 1
	run --separate-stderr berth --format json stats
	assert_success
	assert_equal "$(jq -r .store <<<"$output")" postgresql
	[[ $(jq -r .server_version <<<"$output") == 1[0-9]* ]]
	# The same URL with a password: warned about once, shown nowhere.
	local url="$BERTH_DB&password=sekrit"
	run --separate-stderr berth --db "$url" --format json stats
	assert_success
	[[ $stderr == *"carries a password"* ]]
	refute_output --partial sekrit
	run --separate-stderr berth --db "$url" -v resource add bay
	assert_success
	[[ $stderr != *sekrit* ]]
	run --separate-stderr berth --db "$url" --format json audit
	refute_output --partial sekrit
	run --separate-stderr berth --db "${url/options=/badkey=x&options=}" stats
	assert_failure
	[[ $stderr != *sekrit* ]]
}

@test "pg: a read on a database with no store is NOT_FOUND; nothing is made" {
	pg_only
	refuses 3 NOT_FOUND -- list
	run pg_sql -c "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
	assert_output 0
}

@test "pg: a layout newer than ours is refused (STORE_FORMAT, exit 10), nothing written" {
	pg_only
	seed
	pg_sql -c "UPDATE berth_store SET value = '2' WHERE name = 'layout'"
	refuses 10 STORE_FORMAT -- book stylist "$S" --duration 1h
	refuses 10 STORE_FORMAT -- list
}

@test "pg: a server that cannot be reached: STORE_UNAVAILABLE after BERTH_PG_RETRY, retries shown with -v" {
	pg_only
	local dead=$BATS_TEST_TMPDIR/nosock
	mkdir -p "$dead"
	local t0=$SECONDS
	BERTH_PG_RETRY=1 run --separate-stderr berth -v \
		--db "postgresql:///berth?host=$dead&user=berth" list
	assert_failure 10
	[[ $stderr == *"berth: STORE_UNAVAILABLE: "*"gave up after"*"BERTH_PG_RETRY"* ]]
	[[ $stderr == *"try 2 again in"* ]]
	[ $((SECONDS - t0)) -lt 10 ]
	# A bad value of the variable is bad input.
	BERTH_PG_RETRY=soon run --separate-stderr berth list
	assert_failure 2
	[[ $stderr == "berth: INVALID_ARGUMENT: BERTH_PG_RETRY must be"* ]]
}

@test "pg: a backend terminated mid-transaction: the command runs again and books once" {
	pg_only
	seed
	# Someone holds the writers' lock: berth's transaction waits in it.
	pg_sql -c "BEGIN; LOCK TABLE berth_kv IN SHARE ROW EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT" &
	local holder=$!
	sleep 0.5
	berth -v --format json book stylist "$S" --duration 1h --customer ann \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	local booker=$!
	# Its backend, found waiting, terminated.
	local n=0
	for _ in $(seq 50); do
		n=$(pg_sql -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE application_name = 'berth' AND wait_event_type = 'Lock'")
		[ "$n" -gt 0 ] && break
		sleep 0.1
	done
	[ "$n" -gt 0 ]
	wait "$booker"
	wait "$holder"
	grep -q "terminating connection" "$BATS_TEST_TMPDIR/err"
	grep -q "try 2 again" "$BATS_TEST_TMPDIR/err"
	assert_equal "$(jq -r .id "$BATS_TEST_TMPDIR/out")" b1
	assert_equal "$(berth --format json list --customer ann | jq length)" 1
	berth check >/dev/null
	berth audit verify >/dev/null
}

@test "pg: 16 writers on one resource of capacity 10: exactly 10 win, the rest CAPACITY_FULL" {
	pg_only
	seed
	berth resource add room --capacity 10 >/dev/null
	local pids=()
	for i in $(seq 16); do
		(rc=0
		 berth --format json book room "$S" --duration 1h --customer "c$i" \
			>/dev/null 2>"$BATS_TEST_TMPDIR/e$i" || rc=$?
		 echo $rc >"$BATS_TEST_TMPDIR/rc$i") &
		pids+=($!)
	done
	wait "${pids[@]}" || true
	local ok=0 full=0
	for i in $(seq 16); do
		case $(cat "$BATS_TEST_TMPDIR/rc$i") in
		0) ok=$((ok + 1)) ;;
		4) grep -q CAPACITY_FULL "$BATS_TEST_TMPDIR/e$i" && full=$((full + 1)) ;;
		esac
	done
	assert_equal "$ok" 10
	assert_equal "$full" 6
	assert_equal "$(berth --format json list --resource room | jq length)" 10
	berth check >/dev/null
	berth audit verify >/dev/null
}

@test "pg: 8 writers on 8 resources: every booking made, check and audit verify clean" {
	pg_only
	berth init >/dev/null
	for r in $(seq 8); do berth resource add "r$r" >/dev/null; done
	for r in $(seq 8); do
		(for h in $(seq 0 4); do
			berth -q book "r$r" "2026-06-10T1$h:00Z" --duration 1h || echo fail
		done >"$BATS_TEST_TMPDIR/w$r") &
	done
	wait
	assert_equal "$(cat "$BATS_TEST_TMPDIR"/w* | wc -c)" 0
	assert_equal "$(berth --format json list | jq length)" 40
	berth check >/dev/null
	run berth --format json audit verify
	assert_success
}

@test "pg: LMDB -> PostgreSQL -> LMDB: the same list, show and audit; check and verify pass" {
	pg_only
	local lm=$BATS_TEST_TMPDIR/lmdb back=$BATS_TEST_TMPDIR/back
	BERTH_DB=$lm berth init >/dev/null
	BERTH_DB=$lm berth resource add stylist >/dev/null
	BERTH_DB=$lm berth resource add hall --seats 10 >/dev/null
	BERTH_DB=$lm berth book stylist "$S" --duration 1h --customer ann >/dev/null
	BERTH_DB=$lm berth book hall "$S" --duration 2h --seat 3,4 --customer bo >/dev/null
	BERTH_DB=$lm berth lock stylist 2026-06-10T11:00Z --duration 1h >/dev/null
	BERTH_DB=$lm berth cancel b1 --reason moved >/dev/null
	for v in "list" "list --holds" "show b2" "audit" "audit head"; do
		BERTH_DB=$lm berth --format json $v >"$BATS_TEST_TMPDIR/lm.$v"
	done
	# Into the test's (empty) schema, in one command.
	run --separate-stderr berth --db "$lm" backup "$BERTH_DB"
	assert_success
	for v in "list" "list --holds" "show b2" "audit" "audit head"; do
		run berth --format json $v
		assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/lm.$v")"
	done
	berth check >/dev/null
	berth audit verify >/dev/null
	# A second copy into it is refused: a copy never overwrites.
	before=$(store_dump)
	run --separate-stderr berth --db "$lm" backup "$BERTH_DB"
	assert_failure 4
	[[ $stderr == "berth: ALREADY_EXISTS: "* ]]
	assert_equal "$(store_dump)" "$before"
	# A new booking on PostgreSQL, then back: a backup file, restored.
	berth book stylist 2026-06-11T09:00Z --duration 1h >/dev/null
	run --separate-stderr berth backup "$BATS_TEST_TMPDIR/pg.bak"
	assert_success
	BERTH_DB=$back berth restore "$BATS_TEST_TMPDIR/pg.bak" >/dev/null
	for v in "list" "show b3" "audit" "audit head"; do
		assert_equal "$(BERTH_DB=$back berth --format json $v)" "$(berth --format json $v)"
	done
	BERTH_DB=$back berth check >/dev/null
	BERTH_DB=$back berth audit verify >/dev/null
}

@test "pg: restore of a backup into an empty database, checked first" {
	pg_only
	local lm=$BATS_TEST_TMPDIR/lmdb
	BERTH_DB=$lm seed
	BERTH_DB=$lm berth book stylist "$S" --duration 1h >/dev/null
	BERTH_DB=$lm berth backup "$BATS_TEST_TMPDIR/x.bak"
	# Not a backup: refused, nothing made.
	head -c 5000 /dev/urandom >"$BATS_TEST_TMPDIR/junk"
	refuses 10 STORE_CORRUPT -- restore "$BATS_TEST_TMPDIR/junk"
	run --separate-stderr berth restore "$BATS_TEST_TMPDIR/x.bak"
	assert_success
	assert_equal "$(berth --format json list | jq -r '.[0].id')" b1
	berth audit verify >/dev/null
	refuses 4 ALREADY_EXISTS -- restore "$BATS_TEST_TMPDIR/x.bak"
}

@test "pg: round trips: a booking's writes ride with its reads (BERTH_PG_TRIPS)" {
	pg_only
	seed
	# One line on stderr, counting the connection; none without it.
	BERTH_PG_TRIPS=1 run --separate-stderr berth -q book stylist "$S" --duration 1h
	assert_success
	[[ $stderr =~ ^"berth: postgresql: "([0-9]+)" round trips, "([0-9]+)" statements, 1 connections"$ ]]
	# 41 before the pipeline; the budget leaves room, not a return.
	[ "${BASH_REMATCH[1]}" -le 10 ]
	BERTH_PG_TRIPS=1 run --separate-stderr berth -q cancel b1
	assert_success
	[[ $stderr =~ ^"berth: postgresql: "([0-9]+)" round trips" ]]
	[ "${BASH_REMATCH[1]}" -le 10 ]
	BERTH_PG_TRIPS=1 run --separate-stderr berth --format json show b1
	assert_success
	[[ $stderr =~ ^"berth: postgresql: "([0-9]+)" round trips" ]]
	[ "${BASH_REMATCH[1]}" -le 6 ]
	run --separate-stderr berth -q book stylist "$S" --duration 1h
	assert_success
	assert_equal "$stderr" ""
}

@test "pg: a batch's writes are pipelined: every booking there, none doubled, one round trip or two each" {
	pg_only
	seed
	local n=70
	for d in $(seq 0 9); do for h in 09 10 11 12 13 14 15; do
		echo "{\"resource\": \"stylist\", \"start\": \"2026-06-1${d}T${h}:00Z\", \"duration\": \"30m\"}"
	done; done >"$BATS_TEST_TMPDIR/in.jsonl"
	BERTH_PG_TRIPS=1 run --separate-stderr berth -q book --batch <"$BATS_TEST_TMPDIR/in.jsonl"
	assert_success
	[[ $stderr =~ "berth: postgresql: "([0-9]+)" round trips" ]]
	[ "${BASH_REMATCH[1]}" -le $((2 * n + 5)) ]
	assert_equal "$(berth --format json list | jq length)" "$n"
	berth check >/dev/null
	berth audit verify >/dev/null
}

@test "pg: a record already at the next id (a counter behind) is STORE_CORRUPT, nothing written" {
	pg_only
	seed
	berth book stylist "$S" --duration 1h >/dev/null
	# b1's record copied to b2's key: the next booking's id is taken.
	pg_sql -c "INSERT INTO berth_kv SELECT tb, '\\x0000000000000002'::bytea, v
		FROM berth_kv WHERE tb = 4 AND k = '\\x0000000000000001'::bytea" >/dev/null
	refuses 10 STORE_CORRUPT -- book stylist 2026-06-10T11:00Z --duration 1h
	[[ $stderr == *"given twice"* ]]
}

@test "pg: check on a store larger than its batches reads it in bounded chunks, and finds damage" {
	pg_only
	seed
	for h in $(seq 0 9); do for m in 00 10 20 30 40 50; do
		echo "{\"resource\": \"workshop\", \"start\": \"2026-06-1${h}T09:${m}Z\", \"duration\": \"10m\"}"
	done; done | berth -q book --batch
	run --separate-stderr berth check
	assert_success
	# A span index entry gone: check still walks past every batch to it.
	pg_sql -c "DELETE FROM berth_kv WHERE tb = 5 AND k = (SELECT k FROM berth_kv WHERE tb = 5 ORDER BY k DESC LIMIT 1)" >/dev/null
	run --separate-stderr berth check
	assert_failure
}
