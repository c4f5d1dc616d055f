#!/usr/bin/env bats
# export [--format yaml|jsonl]: the whole catalogue, as apply reads it
# (berth(5)), so that applying it changes nothing.

load helper

# A store with one of everything, made by the verbs, not by apply.
catalogue_by_verbs() {
	berth init --tz Europe/Paris >/dev/null
	berth resource add stylist --buffer 15m --slot 15m --location 'Rue: 1' --attr 'role=senior' >/dev/null
	berth resource add concert --seats 100 --tz Europe/London >/dev/null
	berth resource add 007 --capacity 2 >/dev/null
	berth hours set stylist 'mon-fri 09:00-12:30,13:30-18:00' 'sat 09:00-13:00' >/dev/null
	berth hours set stylist --date 2026-12-24 09:00-12:00 >/dev/null
	berth policy set min_notice 2h --resource stylist >/dev/null
	berth policy set horizon 90d >/dev/null
	berth policy set require_payment true >/dev/null
	berth service add cut --duration 45m --buffer 10m --price 35 --resources stylist,007 >/dev/null
	berth holiday add 2026-12-25 --recurring --name Christmas >/dev/null
	berth holiday add 2026-08-10 --to 2026-08-14 --name 'yes' --resource stylist >/dev/null
	berth timeoff add stylist --from 2026-07-01T09:00 --to 2026-07-01T12:00 --reason dentist >/dev/null
}

@test "export: yaml by default, every kind of object, and applying it changes nothing" {
	catalogue_by_verbs
	run --separate-stderr berth export
	assert_success
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.yaml"
	assert_line "resources:"
	assert_line "- name: stylist"
	assert_line "  - mon-fri 09:00-12:30,13:30-18:00"
	assert_line "    2026-12-24: 09:00-12:00"
	assert_line "    min_notice: 2h"
	assert_line "  seats: 100"
	assert_line "  tz: Europe/London"
	assert_line "  recurring: true"
	assert_line "  from: 2026-07-01T09:00:00+02:00"
	assert_line "  require_payment: true"
	# What would read as something else is quoted by libyaml.
	assert_line "  location: 'Rue: 1'"
	local audit
	audit=$(audit_count)
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/out.yaml"
	assert_success
	assert_equal "$(jq -r .action <<<"$output" | sort -u)" unchanged
	assert_equal "$(jq -r .kind <<<"$output" | sort -u | tr '\n' ' ')" "holiday hours policy resource service timeoff "
	assert_equal "$(audit_count)" "$audit"
	# --format yaml says the same.
	run berth --format yaml export
	assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/out.yaml")"
}

@test "export: a holiday without a name goes out under its id, and applying it changes nothing" {
	berth init >/dev/null
	berth -q resource add anna
	berth -q holiday add 2026-12-25 --recurring
	berth export >"$BATS_TEST_TMPDIR/c.yaml"
	grep -q 'name: d1' "$BATS_TEST_TMPDIR/c.yaml"
	n=$(audit_count)
	run berth --format tsv apply "$BATS_TEST_TMPDIR/c.yaml"
	assert_success
	[ "$(echo "$output" | sed 1d | cut -f3 | sort -u)" = unchanged ]
	[ "$(audit_count)" = "$n" ]
	[ "$(berth --format json holiday list | jq -r '.[0].name')" = null ]
}

@test "export: into another store, the same catalogue" {
	catalogue_by_verbs
	berth export >"$BATS_TEST_TMPDIR/out.yaml"
	BERTH_DB=$BATS_TEST_TMPDIR/other berth init --tz Europe/Paris >/dev/null
	BERTH_DB=$BATS_TEST_TMPDIR/other run --separate-stderr berth apply "$BATS_TEST_TMPDIR/out.yaml"
	assert_success
	BERTH_DB=$BATS_TEST_TMPDIR/other run berth export
	assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/out.yaml")"
}

@test "export --format jsonl: one object a line, each with its kind" {
	catalogue_by_verbs
	run --separate-stderr berth --format jsonl export
	assert_success
	assert_equal "$(jq -r .kind <<<"$output" | uniq -c | awk '{print $2 $1}' | tr '\n' ' ')" \
		"resource3 service1 holiday2 timeoff1 policy2 "
	assert_equal "$(jq -r 'select(.name == "stylist") | .hours[0], .exceptions["2026-12-24"], .policies.min_notice, .buffer' <<<"$output" | tr '\n' ' ')" \
		"mon-fri 09:00-12:30,13:30-18:00 09:00-12:00 2h 15m "
	assert_equal "$(jq -r 'select(.kind == "service") | .resources | join(",")' <<<"$output")" "stylist,007"
	assert_equal "$(jq -r 'select(.kind == "policy" and .key == "horizon") | .value' <<<"$output")" 90d
}

@test "export --format json: the same objects in one array" {
	catalogue_by_verbs
	run --separate-stderr berth --format json export
	assert_success
	assert_equal "$(jq -c '.[]' <<<"$output")" "$(berth --format jsonl export)"
}

@test "export: an empty store is an empty catalogue, which applies" {
	berth init >/dev/null
	run --separate-stderr berth export
	assert_success
	assert_output "{}"
	run --separate-stderr berth apply - <<<"$output"
	assert_success
	assert_output ""
}

@test "export: refusals" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- --format csv export
	refuses 2 INVALID_ARGUMENT -- export --format tsv
	refuses 2 INVALID_ARGUMENT -- export extra
	refuses 2 INVALID_ARGUMENT -- --format yaml list
	refuses 2 INVALID_ARGUMENT -- list --format yaml
	refuses 2 INVALID_ARGUMENT -- resource add x --format yaml
	refuses 2 INVALID_ARGUMENT -- --format yml export
	BERTH_DB=$BATS_TEST_TMPDIR/none refuses 3 NOT_FOUND -- export
}
