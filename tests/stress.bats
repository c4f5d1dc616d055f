#!/usr/bin/env bats
# The short versions of the torture runs in tests/stress/ (the long ones are
# `make stress`): writers booking, locking, confirming, releasing and
# cancelling while berth processes are SIGKILLed at random and expire and
# check run alongside; and `book --batch` SIGKILLed mid-stream. Each script
# checks its own invariants and prints one summary line, shown here in TAP.

bats_require_minimum_version 1.5.0
load helper

# show the output as TAP comments, so the figures are in the log
show() {
	local l
	for l in "${lines[@]}"; do echo "# $l" >&3; done
}

@test "stress: torture, 4 writers for 8 s under SIGKILL, expire and check" {
	# On PostgreSQL, the test's own schema (empty): the same run there.
	local db=""
	on_pg && db=$BERTH_DB
	run timeout 120 env WRITERS=4 SECONDS_TO_RUN=8 BERTH_BIN="$BERTH_BIN" \
		TORTURE_DB="$db" bash "$BATS_TEST_DIRNAME/stress/torture.sh"
	show
	assert_success
	assert_line --regexp '^torture: 4 writers x [0-9]+ attempts .* 0 acknowledged-but-missing, 0 ids handed out twice, 0 wrong status, 0 unexpected exits, 0 hung, [0-9]+ audit records verified, check ok$'
}

@test "stress: book --batch SIGKILLed mid-stream 3 times: what was printed is durable" {
	local db=""
	on_pg && db=$BERTH_DB
	run timeout 120 env KILLS=3 LINES=20000 BERTH_BIN="$BERTH_BIN" TORTURE_DB="$db" \
		bash "$BATS_TEST_DIRNAME/stress/batch-crash.sh"
	show
	assert_success
	assert_line --regexp '^batch-crash: 3 kills .* 0 printed-but-lost, check ok$'
}
