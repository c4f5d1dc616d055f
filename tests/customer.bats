#!/usr/bin/env bats
# Customers (issue 11): contact data under the id claims name (customer
# add|set|show|list), a customer's history from the lasting index by
# customer (custhist), and customer forget, which erases the contact data
# and replaces the id everywhere by a pseudonym carrying the HMAC the
# audit chain hashes it as, so audit verify and check keep passing.

load helper

# A store where ann has a record, a booking made under a key, a hold, a
# cancelled booking and a pending one; bob has one booking, no record.
garage() {
	seed
	berth -q customer add ann --name 'Ann Example' --email ann@example.org \
		--phone '+49 30 555 0101' --attr vehicle='VW Golf B-XY 123'
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer ann \
		--idempotency-key key-1 --attr note=winter-tyres
	berth -q lock stylist 2026-06-12T09:00 --duration 1h --customer ann
	berth -q book workshop 2026-06-11T09:00 --duration 1h --customer ann
	berth -q cancel b2 --reason 'changed plans'
	berth -q book workshop 2026-06-13T09:00 --duration 1h --customer ann --pending
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer bob
}

@test "customer add: keeps the contact data, and show, list and the audit log give it back" {
	seed
	run --separate-stderr berth --format json customer add ann --name 'Ann Example' \
		--email ann@example.org --phone '+49 30 555 0101' --attr vehicle='VW Golf B-XY 123'
	assert_success
	echo "$output" | jq -e '.id == "ann" and .name == "Ann Example" and .email == "ann@example.org"
		and .phone == "+49 30 555 0101" and .attrs.vehicle == "VW Golf B-XY 123"'
	run berth --format json customer list
	assert_success
	[ "$(echo "$output" | jq -c '[.[].id]')" = '["ann"]' ]
	run berth --format json customer show ann
	assert_success
	echo "$output" | jq -e '.name == "Ann Example" and .holds == [] and .bookings == [] and .waitlist == []'
	# Audited and an event, under the customer's digest, not its id.
	run berth --format json audit customer/ann
	assert_success
	echo "$output" | jq -e 'length == 1 and .[0].action == "customer.created"
		and (.[0].entity | test("^customer/[0-9a-f]{32}$")) and .[0].after.phone == "+49 30 555 0101"'
	[ "$(berth --format jsonl events | jq -r .type | tail -1)" = customer.created ]
	run berth check
	assert_success
}

@test "customer set: changes what is given, '' clears a field, K= removes an attribute" {
	seed
	berth -q customer add ann --name Ann --email ann@example.org --attr vehicle=Golf --attr colour=red
	berth -q --now 2026-06-01T11:00:00Z customer set ann --phone 0301234 --email '' --attr vehicle=
	run berth --format json customer show ann
	echo "$output" | jq -e '.name == "Ann" and .email == null and .phone == "0301234"
		and .attrs == {"colour":"red"} and .updated_at == "2026-06-01T11:00:00+00:00"'
	run berth audit customer/ann
	assert_output --partial "email changed"
	assert_output --partial "phone changed"
	run berth check
	assert_success
}

@test "customer show: every claim the customer ever had, holds and bookings apart, newest first" {
	garage
	run --separate-stderr berth --format json customer show ann
	assert_success
	[ "$(echo "$output" | jq -c '[.bookings[] | [.id, .status]]')" = \
		'[["b3","pending"],["b2","cancelled"],["b1","confirmed"]]' ]
	[ "$(echo "$output" | jq -c '[.holds[].id]')" = '["h1"]' ]
	# The hold used, released or expired stays in the history.
	berth -q --now 2026-06-01T11:00:00Z expire
	run berth --format json customer show ann
	[ "$(echo "$output" | jq -c '[.holds[] | [.id, .status]]')" = '[["h1","expired"]]' ]
	# A customer with claims but no record: its history, no contact data.
	run berth --format json customer show bob
	assert_success
	echo "$output" | jq -e '.id == "bob" and .name == null and [.bookings[].id] == ["b4"]'
}

@test "customer refusals: add of one that exists, set/show/forget of an unknown one, bad fields; nothing written" {
	garage
	refuses 4 ALREADY_EXISTS -- customer add ann
	refuses 3 NOT_FOUND -- customer set zed --name Zed
	refuses 3 NOT_FOUND -- customer show zed
	refuses 3 NOT_FOUND -- customer forget zed
	# bob has claims but no record: set needs one.
	refuses 3 NOT_FOUND -- customer set bob --name Bob
	refuses 2 INVALID_ARGUMENT -- customer add ''
	refuses 2 INVALID_ARGUMENT -- customer add cy --email not-an-address
	refuses 2 INVALID_ARGUMENT -- customer add cy --email 'a b@example.org'
	refuses 2 INVALID_ARGUMENT -- customer add cy --phone 'call me'
	refuses 2 INVALID_ARGUMENT -- customer add cy --phone '+-'
	refuses 2 INVALID_ARGUMENT -- customer add cy --name "$(printf 'a\tb')"
	refuses 2 INVALID_ARGUMENT -- customer add cy --attr novalue
	refuses 2 INVALID_ARGUMENT -- customer set ann
	refuses 2 INVALID_ARGUMENT -- customer add
	refuses 2 INVALID_ARGUMENT -- customer show ann bob
	# The pseudonym's form is reserved, for records and claims alike.
	p="forgotten:$(printf '%064d' 0)"
	refuses 2 INVALID_ARGUMENT -- customer add "$p"
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-20T09:00 --duration 1h --customer "$p"
	refuses 2 INVALID_ARGUMENT -- lock workshop 2026-06-20T09:00 --duration 1h --customer "$p"
}

@test "customer roles: a customer changes no record, staff may not forget" {
	garage
	refuses 5 FORBIDDEN -- --role customer --as cy customer add cy
	refuses 5 FORBIDDEN -- --role customer --as ann customer set ann --name A
	refuses 5 FORBIDDEN -- --role staff customer forget ann
	refuses 5 FORBIDDEN -- --role customer --as ann customer forget ann
	run berth -q --role staff customer set ann --name 'Ann E.'
	assert_success
	run berth -q --role staff customer add cy
	assert_success
}

@test "customer forget: no trace of the id or the contact data in the store, audit verify and check pass" {
	garage
	head=$(berth --format json audit head | jq -r .hash)
	run --separate-stderr berth --format json customer forget ann
	assert_success
	p=$(echo "$output" | jq -r .pseudonym)
	[[ "$p" =~ ^forgotten:[0-9a-f]{64}$ ]]
	echo "$output" | jq -e '.record == true and .claims == 4 and .idempotency_keys == 1 and .audit_records == 6'
	# Nothing of ann's anywhere in the store: every table, every value.
	dump=$(store_dump)
	for s in ann 'Ann Example' ann@example.org '555 0101' 'B-XY 123' 'VW Golf'; do
		hex=$(printf '%s' "$s" | xxd -p | tr -d '\n')
		if echo "$dump" | tr -d ' \n' | grep -qi "$hex"; then
			echo "found '$s' in the store" >&2
			return 1
		fi
	done
	# bob is as he was.
	echo "$dump" | tr -d ' \n' | grep -qi "$(printf bob | xxd -p)"
	# The chain is whole: every hash as it was, one record more.
	run berth audit verify
	assert_success
	run berth --format json audit verify --anchor "$(berth --format json audit head | jq -r '"\(.seq):\(.hash)"')"
	assert_success
	run berth check
	assert_success
	# The claims name the pseudonym, and the old audit records too.
	[ "$(field customer -- show b1)" = "$p" ]
	[ "$(berth --format json audit b2 | jq -r '[.[].after.customer] | unique | .[]')" = "$p" ]
	run berth --format json audit customer/ann
	echo "$output" | jq -e '.[-1].action == "customer.forgotten" and .[-1].after == null
		and (.[0].after.name | startswith("forgotten:"))'
	refuses 3 NOT_FOUND -- customer show zed
	run berth --format json customer list
	[ "$output" = "[]" ]
	# Forgotten already: nothing names ann, and nothing is written.
	refuses 3 NOT_FOUND -- customer forget ann
	# The head before the forget is still a link of the chain: every
	# hash up to it is as it was.
	run berth audit verify --anchor "$(( $(audit_count) - 1 )):$head"
	assert_success
}

@test "customer forget: the limits per customer and the index keep counting the forgotten claims" {
	garage
	berth -q policy set max_active_per_customer 3
	berth -q customer forget ann
	# ann's b1, h1 and b3 still count against her: the pseudonym maps to
	# the same digest, so the index entries stayed where they were.
	refuses 5 CUSTOMER_LIMIT -- book workshop 2026-06-20T09:00 --duration 1h --customer ann
	run berth --format json customer show ann
	assert_success
	[ "$(echo "$output" | jq -c '[.bookings[].id]')" = '["b3","b2","b1"]' ]
	# Cancelling a forgotten booking frees its entry like any other.
	berth -q cancel b3
	run berth -q book workshop 2026-06-20T09:00 --duration 1h --customer ann
	assert_success
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "customer forget: a customer with claims but no record" {
	garage
	run --separate-stderr berth --format json customer forget bob
	assert_success
	echo "$output" | jq -e '.record == false and .claims == 1'
	! store_dump | tr -d ' \n' | grep -qi "$(printf bob | xxd -p)"
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "customer forget: a retry under the idempotency key with the old id is another request" {
	garage
	berth -q customer forget ann
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h \
		--customer ann --idempotency-key key-1 --attr note=winter-tyres
}

@test "customer forget: a hold confirmed under a key, a reschedule and a payment: every copy erased, the chain whole" {
	seed
	berth -q customer add ann --email ann@example.org
	berth -q lock workshop 2026-06-10T09:00 --duration 1h --customer ann --idempotency-key lock-1
	berth -q confirm h1 --idempotency-key conf-1 --payment pending
	berth -q reschedule b1 2026-06-10T11:00
	berth -q pay b1 --status paid --ref pi-1 --idempotency-key pay-1
	berth -q expire
	run --separate-stderr berth --format json customer forget ann
	assert_success
	# h1 and b1; the keys of the lock, the confirm and the payment.
	echo "$output" | jq -e '.claims == 2 and .idempotency_keys == 3'
	! store_dump | tr -d ' \n' | grep -qi "$(printf ann | xxd -p)"
	run berth audit verify
	assert_success
	run berth check
	assert_success
	# The booking still works: cancelled like any other.
	run berth -q cancel b1
	assert_success
	run berth check
	assert_success
}
