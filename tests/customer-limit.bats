#!/usr/bin/env bats
# The limits per customer (issue 11, DECISIONS): max_active_per_customer
# (holds not expired and bookings not expired whose end is after now) and
# max_per_customer_per_day (the customer's live claims starting on one
# local day of the resource's zone). A new hold or booking past either is
# CUSTOMER_LIMIT (5) and writes nothing; confirm adds no claim; a claim
# with no customer is not limited; admin --force --reason goes past, and
# the audit record says so. The count reads the customer's entries of the
# index by customer (bycust), which check holds against the claims.

load helper

last_audit() { berth --format json audit "$1" | jq -c '.[-1]'; }

@test "max_active_per_customer: the claim past it is refused (5) and the store is unchanged" {
	seed
	berth -q policy set max_active_per_customer 2
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	berth -q lock workshop 2026-06-11T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-12T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- lock stylist 2026-06-12T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-12T09:00 --duration 1h --customer ann --pending
	run --separate-stderr berth --format json book workshop 2026-06-12T09:00 --duration 1h --customer ann
	[ "$status" -eq 5 ]
	echo "$stderr" | jq -e '.error.details | .customer == "ann" and .policy == "max_active_per_customer"
		and .value == 2 and .count == 2 and .scope == "store" and .resource == "workshop"'
	# Others, and claims for nobody, are not limited by ann's.
	berth -q book workshop 2026-06-12T09:00 --duration 1h --customer bob
	berth -q book workshop 2026-06-12T09:00 --duration 1h
	berth -q book workshop 2026-06-12T09:00 --duration 1h
	# Confirming ann's hold adds no claim.
	run berth confirm h1
	assert_success
	run berth check
	assert_success
}

@test "max_active_per_customer: the count drops after cancel, release and expiry" {
	seed
	berth -q policy set max_active_per_customer 1
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-11T09:00 --duration 1h --customer ann
	berth -q cancel b1
	berth -q lock workshop 2026-06-11T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-12T09:00 --duration 1h --customer ann
	berth -q release h1
	berth -q lock workshop 2026-06-12T09:00 --duration 1h --customer ann --ttl 10m
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-13T09:00 --duration 1h --customer ann
	# The hold's time is up: it counts for nothing, swept or not.
	export BERTH_NOW=2026-06-01T10:10:00Z
	berth -q book workshop 2026-06-13T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-14T09:00 --duration 1h --customer ann
	berth -q expire
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-14T09:00 --duration 1h --customer ann
	# A pending booking past its timeout does not count either.
	berth -q cancel b2
	berth -q book workshop 2026-06-14T09:00 --duration 1h --customer ann --pending
	BERTH_NOW=2026-06-01T10:40:00Z run berth -q book workshop 2026-06-15T09:00 --duration 1h --customer ann
	assert_success
	# A booking that is over is no longer active.
	BERTH_NOW=2026-06-15T10:30:00Z run berth -q book workshop 2026-06-16T09:00 --duration 1h --customer ann
	assert_success
	run berth check
	assert_success
}

@test "max_active_per_customer: the strictest of the store's and the resource's" {
	seed
	berth -q policy set max_active_per_customer 3
	berth -q policy set max_active_per_customer 1 --resource stylist
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	run --separate-stderr berth --format json book stylist 2026-06-10T09:00 --duration 1h --customer ann
	[ "$status" -eq 5 ]
	echo "$stderr" | jq -e '.error.details | .value == 1 and .scope == "stylist"'
	berth -q book workshop 2026-06-11T09:00 --duration 1h --customer ann
	berth -q book workshop 2026-06-12T09:00 --duration 1h --customer ann
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-13T09:00 --duration 1h --customer ann
}

@test "max_per_customer_per_day: counts the day in the resource's zone" {
	seed
	berth -q policy set max_per_customer_per_day 2
	# concert is in Europe/Paris: 2026-06-10 there is 06-09T22:00Z to
	# 06-10T22:00Z.
	berth -q book concert 2026-06-09T22:30Z --duration 1h --customer ann --seat 1
	berth -q book concert 2026-06-10T21:00Z --duration 1h --customer ann --seat 2
	run --separate-stderr berth --format json book concert 2026-06-10T12:00Z --duration 1h --customer ann --seat 3
	[ "$status" -eq 5 ]
	echo "$stderr" | jq -e '.error.details | .policy == "max_per_customer_per_day" and .count == 2'
	[[ "$(echo "$stderr" | jq -r .error.message)" == *"2026-06-10"* ]]
	refuses 5 CUSTOMER_LIMIT -- lock concert 2026-06-10T12:00Z --duration 1h --customer ann --seat 3
	# Paris's next day, though still 2026-06-10 in UTC, is free.
	berth -q book concert 2026-06-10T22:00Z --duration 1h --customer ann --seat 4
	# Another day, and another customer, are not counted.
	berth -q book concert 2026-06-12T12:00Z --duration 1h --customer ann --seat 5
	berth -q book concert 2026-06-10T12:00Z --duration 1h --customer bob --seat 6
	# A cancel frees the day's place.
	berth -q cancel b1
	berth -q book concert 2026-06-10T12:00Z --duration 1h --customer ann --seat 3
	run berth check
	assert_success
}

@test "customer limits: admin --force goes past them, audited with the rule; others may not" {
	seed
	berth -q policy set max_active_per_customer 1
	berth -q policy set max_per_customer_per_day 1
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	refuses 5 FORBIDDEN -- --role staff book workshop 2026-06-10T11:00 --duration 1h --customer ann --force --reason vip
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-10T11:00 --duration 1h --customer ann --force
	b=$(field id -- --as maria book workshop 2026-06-10T11:00 --duration 1h --customer ann --force --reason "regular customer")
	a=$(last_audit "$b")
	[ "$(echo "$a" | jq -r .actor)" = maria ]
	[ "$(echo "$a" | jq -r .role)" = admin ]
	[ "$(echo "$a" | jq -r .reason)" = "forced past CUSTOMER_LIMIT: regular customer" ]
	h=$(field id -- lock workshop 2026-06-11T11:00 --duration 1h --customer ann --force --reason family)
	[ "$(last_audit "$h" | jq -r .reason)" = "forced past CUSTOMER_LIMIT: family" ]
	run berth check
	assert_success
}

@test "customer limits: a batch line past the limit is refused while the others are booked" {
	seed
	berth -q policy set max_active_per_customer 2
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	run --separate-stderr berth --format jsonl book --batch <<'EOF'
{"resource":"workshop","start":"2026-06-11T09:00Z","duration":"1h","customer":"ann"}
{"resource":"workshop","start":"2026-06-12T09:00Z","duration":"1h","customer":"ann"}
{"resource":"workshop","start":"2026-06-12T09:00Z","duration":"1h","customer":"bob"}
EOF
	[ "$status" -eq 5 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(echo "${lines[0]}" | jq -r .customer)" = ann ]
	[ "$(echo "${lines[1]}" | jq -r '.line, .error.code' | paste -sd ' ')" = "2 CUSTOMER_LIMIT" ]
	[ "$(echo "${lines[2]}" | jq -r .customer)" = bob ]
	[ "$(berth --format json list --customer ann | jq length)" -eq 2 ]
	run berth check
	assert_success
}

@test "customer limits: off by default, and 0 turns one off again" {
	seed
	for d in 10 11 12 13; do
		berth -q book workshop 2026-06-${d}T09:00 --duration 1h --customer ann
	done
	berth -q policy set max_active_per_customer 4
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-14T09:00 --duration 1h --customer ann
	berth -q policy set max_active_per_customer 0
	berth -q book workshop 2026-06-14T09:00 --duration 1h --customer ann
}

@test "check: a missing or extra entry by customer is reported; repair mends it" {
	lmdb_only "tests/damage lists LMDB's entries"
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	berth -q lock workshop 2026-06-11T09:00 --duration 1h --customer bob
	berth -q book workshop 2026-06-12T09:00 --duration 1h
	berth -q book workshop 2026-06-13T09:00 --duration 1h --customer cy
	berth -q cancel b3
	# Only the counting claims that name a customer.
	[ "$(damage list | awk '$1 == "bycust" { print $2 }')" = 2 ]
	run berth check
	assert_success
	damage bycust delete
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "bycust" and (.problem | startswith("missing, though ")))) | length == 1'
	run berth check --repair
	assert_success
	run berth check
	assert_success
	# An entry of the cancelled booking, copied back under its own key.
	k=$(damage dump bycust | head -n 1 | cut -d ' ' -f 1)
	damage bycust put "${k%??????????????????}010000000000000003" --reseal
	run --separate-stderr berth --format json check
	[ "$status" -eq 10 ]
	echo "$output" | jq -e 'map(select(.table == "bycust" and (.problem | test("b3")))) | length >= 1'
	run berth check --repair
	assert_success
	run berth check
	assert_success
	[ "$(damage list | awk '$1 == "bycust" { print $2 }')" = 2 ]
}

@test "customer limits: a damaged entry by customer fails the claim (10), never counted as none" {
	seed
	berth -q policy set max_active_per_customer 5
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann
	damage bycust flip
	refuses 10 STORE_CORRUPT -- book workshop 2026-06-11T09:00 --duration 1h --customer ann
}
