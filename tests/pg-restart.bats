#!/usr/bin/env bats
# PostgreSQL only: the server restarted under a loop of bookings. Run
# alone (tests/run.sh), because it restarts the cluster every test of the
# pass shares.

bats_require_minimum_version 1.5.0
load helper

@test "pg: a server restart mid-loop: every booking acknowledged and there once, or refused and absent; retries shown" {
	pg_only
	seed
	berth resource add room --capacity 1000 >/dev/null
	local log=$BATS_TEST_TMPDIR/log err=$BATS_TEST_TMPDIR/err
	(
		for i in $(seq 40); do
			rc=0
			BERTH_PG_RETRY=30 berth -v -q book room 2026-06-10T09:00Z \
				--duration 1h --customer "c$i" 2>>"$err" || rc=$?
			echo "$i $rc" >>"$log"
		done
	) &
	local loop=$!
	# Restart once the loop is well under way.
	for _ in $(seq 100); do
		[ "$(wc -l <"$log" 2>/dev/null || echo 0)" -ge 5 ] && break
		sleep 0.05
	done
	sh "$BATS_TEST_DIRNAME/pg-cluster.sh" restart "$(dirname "$BERTH_TEST_PG_SOCK")"
	wait "$loop"
	assert_equal "$(wc -l <"$log")" 40
	local acked=0 i rc n
	while read -r i rc; do
		n=$(berth --format json list --customer "c$i" | jq length)
		if [ "$rc" -eq 0 ]; then
			acked=$((acked + 1))
			assert_equal "$n" 1 # acknowledged: there, once
		else
			assert_equal "$n" 0 # failed: absent
			[ "$rc" -eq 10 ]    # and only as unavailable
		fi
	done <"$log"
	# The restart was retried through: every booking made.
	assert_equal "$acked" 40
	assert_equal "$(berth --format json list --resource room | jq length)" 40
	grep -q "try 2 again" "$err"
	berth check >/dev/null
	berth audit verify >/dev/null
}
