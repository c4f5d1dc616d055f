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

@test "backup: refuses to overwrite, needs FILE, and a store" {
	seed
	touch "$BATS_TEST_TMPDIR/exists"
	refuses 4 ALREADY_EXISTS -- backup "$BATS_TEST_TMPDIR/exists"
	[ ! -s "$BATS_TEST_TMPDIR/exists" ]
	refuses 2 INVALID_ARGUMENT -- backup
	BERTH_DB="$BATS_TEST_TMPDIR/none" run --separate-stderr berth backup "$BATS_TEST_TMPDIR/x.mdb"
	assert_failure 3
	[ ! -e "$BATS_TEST_TMPDIR/x.mdb" ]
}

@test "restore: refuses an existing store, a missing file and a file that is not a store" {
	seed
	berth backup "$BATS_TEST_TMPDIR/copy.mdb"
	refuses 4 ALREADY_EXISTS -- restore "$BATS_TEST_TMPDIR/copy.mdb"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/new" restore "$BATS_TEST_TMPDIR/missing.mdb"
	assert_failure 3
	head -c 65536 /dev/urandom >"$BATS_TEST_TMPDIR/junk.mdb"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/new2" restore "$BATS_TEST_TMPDIR/junk.mdb"
	assert_failure 10
	[ ! -e "$BATS_TEST_TMPDIR/new2/data.mdb" ]
}

@test "safety: a store owned by another user, or writable by anyone, is refused unless trusted" {
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
