#!/usr/bin/env bats
# Policies of a service (issues 11 and 12, DECISIONS.md "Defaults"):
# `policy set|unset|list --service S`. A claim made for a service is bound
# by the service's policies beside the store's and its resource's: the
# strictest limit or deadline of the three, the service's own length.
# require_payment per service makes confirm of an unpaid online claim
# PAYMENT_REQUIRED (7). Every refusal leaves the store as it was.

load helper
bats_require_minimum_version 1.5.0

# A second, empty store of the kind under test: other_store NAME.
other_store() {
	if on_pg; then
		psql -X -q -h "$BERTH_TEST_PG_SOCK" -U berth -d berth -c "CREATE SCHEMA ${PG_SCHEMA}_$1" >/dev/null
		pg_url "${PG_SCHEMA}_$1"
	else
		echo "$BATS_TEST_TMPDIR/$1"
	fi
}

salon() {
	seed
	berth -q resource set stylist --slot 30m
	berth -q service add cut --duration 45m --price 35.00 --resources stylist
	berth -q service add wash --duration 15m --resources stylist
}

# The value and scope a list shows for KEY: in_force KEY ARGS...
in_force() {
	local key=$1
	shift
	berth --format json policy list "$@" | jq -c --arg k "$key" '.[] | select(.key == $k) | [.value, .scope, .source]'
}

@test "policy --service: set, list and unset a service's own value, audited" {
	salon
	run --separate-stderr berth --format json policy set min_notice 2h --service cut
	assert_success
	[ "$(echo "$output" | jq -c '[.key, .value, .scope, .source]')" = '["min_notice","2h","service:cut","set"]' ]
	[ "$(in_force min_notice --service cut)" = '["2h","service:cut","set"]' ]
	# Another service, the store and the resource are not touched.
	[ "$(in_force min_notice --service wash)" = '["0s","store","default"]' ]
	[ "$(in_force min_notice)" = '["0s","store","default"]' ]
	[ "$(in_force min_notice --resource stylist)" = '["0s","store","default"]' ]
	[ "$(berth --format json audit policy/min_notice/service:cut | jq -r '.[-1].action')" = policy.set ]
	run --separate-stderr berth --format json policy unset min_notice --service cut
	assert_success
	[ "$(echo "$output" | jq -c '[.value, .scope, .source]')" = '["0s","store","default"]' ]
	[ "$(berth --format json audit policy/min_notice/service:cut | jq -r '.[-1].action')" = policy.unset ]
	# Unsetting what is not set writes nothing.
	before=$(store_dump)
	run berth -q policy unset min_notice --service cut
	assert_success
	[ "$(store_dump)" = "$before" ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "policy --service: the strictest of store, resource and service applies; a length is the service's own" {
	salon
	berth -q policy set min_notice 1h
	berth -q policy set min_notice 3h --resource stylist
	berth -q policy set min_notice 2h --service cut
	[ "$(in_force min_notice --service cut)" = '["2h","service:cut","set"]' ]
	[ "$(in_force min_notice --service cut --resource stylist)" = '["3h","stylist","set"]' ]
	berth -q policy set min_notice 4h --service cut
	[ "$(in_force min_notice --service cut --resource stylist)" = '["4h","service:cut","set"]' ]
	# The horizon: the shortest, 0 (off) never winning.
	berth -q policy set horizon 30d
	berth -q policy set horizon 10d --service cut
	[ "$(in_force horizon --service cut)" = '["10d","service:cut","set"]' ]
	berth -q policy set horizon 0s --service cut
	[ "$(in_force horizon --service cut)" = '["30d","store","set"]' ]
	# A length: the service's own, whether longer or shorter.
	berth -q policy set hold_ttl 10m --resource stylist
	berth -q policy set hold_ttl 1h --service cut
	[ "$(in_force hold_ttl --service cut --resource stylist)" = '["1h","service:cut","set"]' ]
	[ "$(in_force hold_ttl --service wash --resource stylist)" = '["10m","stylist","set"]' ]
	[ "$(in_force require_payment --service cut)" = '[false,"store","default"]' ]
	berth -q policy set require_payment true --service cut
	[ "$(in_force require_payment --service cut)" = '[true,"service:cut","set"]' ]
}

@test "policy --service: refusals (no such service, two scopes, bad key or value, a staff member) change nothing" {
	salon
	refuses 3 NOT_FOUND -- policy set min_notice 2h --service nosuch
	refuses 3 NOT_FOUND -- policy unset min_notice --service nosuch
	refuses 3 NOT_FOUND -- policy list --service nosuch
	refuses 3 NOT_FOUND -- policy list --service cut --resource nosuch
	refuses 2 INVALID_ARGUMENT -- policy set min_notice 2h --service cut --resource stylist
	refuses 2 INVALID_ARGUMENT -- policy unset min_notice --service cut --resource stylist
	refuses 2 INVALID_ARGUMENT -- policy set min_notice 2h --service 'bad name'
	refuses 2 INVALID_ARGUMENT -- policy set no_such_policy 2h --service cut
	refuses 2 INVALID_ARGUMENT -- policy set min_notice soon --service cut
	refuses 2 INVALID_ARGUMENT -- policy set require_payment yes --service cut
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 0s --service cut
	refuses 5 FORBIDDEN -- --role staff policy set min_notice 2h --service cut
	berth -q policy set min_notice 2h --service cut
	refuses 5 FORBIDDEN -- --role staff policy unset min_notice --service cut
	export BERTH_DB=$BATS_TEST_TMPDIR/none
	refuses 3 NOT_FOUND -- policy set min_notice 2h --service cut
	[ ! -e "$BERTH_DB" ]
}

@test "policy --service: a claim for the service is bound by its notice and horizon; one without the service is not" {
	salon
	berth -q policy set min_notice 1d --service cut
	berth -q policy set horizon 20d --service cut
	refuses 5 MIN_NOTICE -- book --service cut 2026-06-01T18:00
	refuses 5 MIN_NOTICE -- lock --service cut 2026-06-01T18:00
	refuses 5 MIN_NOTICE -- book stylist 2026-06-01T18:00 --service cut
	run --separate-stderr berth --format json book --service cut 2026-06-01T18:00
	[[ "$stderr" == *"service cut needs 1d notice"* ]]
	refuses 5 BEYOND_HORIZON -- book --service cut 2026-06-25T10:00
	# slots --service starts where the service's notice allows.
	[ "$(berth --format json slots --service cut --from 2026-06-01T10:00 --to 2026-06-03 | jq -r '.[0].start')" = 2026-06-02T10:00:00+00:00 ]
	# The resource alone, or another service: not bound.
	berth -q book stylist 2026-06-01T18:00 --duration 45m
	berth -q book --service wash 2026-06-01T19:00
	berth -q book --service cut 2026-06-02T10:00
	# An admin may force past it, with a reason.
	berth -q --role admin book --service cut 2026-06-01T20:00 --force --reason 'walk-in'
	run berth check
	assert_success
}

@test "policy --service: cancel and reschedule deadlines and max_reschedules of the service bind its bookings" {
	salon
	berth -q book --service cut 2026-06-03T10:00
	berth -q book stylist 2026-06-03T12:00 --duration 45m
	berth -q policy set cancel_deadline 3d --service cut
	berth -q policy set reschedule_deadline 3d --service cut
	refuses 5 CANCEL_DEADLINE -- cancel b1
	refuses 5 RESCHEDULE_DEADLINE -- reschedule b1 2026-06-03T14:00
	berth -q cancel b2
	berth -q policy unset reschedule_deadline --service cut
	berth -q policy set max_reschedules 1 --service cut
	berth -q reschedule b1 2026-06-03T14:00
	refuses 5 MAX_RESCHEDULES -- reschedule b1 2026-06-03T15:00
	run --separate-stderr berth --format json reschedule b1 2026-06-03T15:00
	[ "$(echo "$stderr" | jq -r .error.details.scope)" = service:cut ]
}

@test "policy --service: customer limits and the hold's time to live of the service" {
	salon
	berth -q policy set max_active_per_customer 1 --service cut
	berth -q book --service cut 2026-06-03T10:00 --customer ann
	refuses 5 CUSTOMER_LIMIT -- book --service cut 2026-06-04T10:00 --customer ann
	berth -q book --service cut 2026-06-04T10:00 --customer bob
	berth -q book --service wash 2026-06-04T12:00 --customer ann
	berth -q policy set max_per_customer_per_day 1 --service wash
	refuses 5 CUSTOMER_LIMIT -- book --service wash 2026-06-04T14:00 --customer ann
	berth -q policy set hold_ttl 2h --service cut
	[ "$(berth --format json lock --service cut 2026-06-05T10:00 | jq -r .expires_at)" = 2026-06-01T12:00:00+00:00 ]
	[ "$(berth --format json lock --service wash 2026-06-05T12:00 | jq -r .expires_at)" = 2026-06-01T10:05:00+00:00 ]
	berth -q policy set pending_timeout 3h --service cut
	[ "$(berth --format json book --service cut 2026-06-06T10:00 --pending | jq -r .expires_at)" = 2026-06-01T13:00:00+00:00 ]
}

@test "policy --service: require_payment of the service makes confirm of an unpaid online claim PAYMENT_REQUIRED (7)" {
	salon
	berth -q policy set require_payment true --service cut
	berth -q lock --service cut 2026-06-03T10:00 --payment-method online
	refuses 7 PAYMENT_REQUIRED -- confirm h1
	run --separate-stderr berth --format json confirm h1
	[ "$(echo "$stderr" | jq -r .error.details.scope)" = service:cut ]
	refuses 7 PAYMENT_REQUIRED -- book --service cut 2026-06-03T12:00 --payment-method online
	# Another service's claim, or an on-arrival one, is not bound.
	berth -q lock --service wash 2026-06-04T10:00 --payment-method online
	berth -q confirm h2
	berth -q lock --service cut 2026-06-04T12:00 --payment-method on_arrival
	berth -q confirm h3
	# Paid, it confirms; a pending booking paid with an amount confirms too.
	berth -q confirm h1 --payment paid
	berth -q book --service cut 2026-06-05T10:00 --payment-method online --pending
	run --separate-stderr berth --format json pay b4 --amount 35.00
	assert_success
	[ "$(echo "$output" | jq -c '[.status, .payment_status, .amount_paid]')" = '["confirmed","paid","35.00"]' ]
	run berth check
	assert_success
}

@test "policy --service: service rm takes the service's policies with it, audited; a new service of the name has none" {
	salon
	berth -q policy set min_notice 2h --service cut
	berth -q policy set require_payment true --service cut
	berth -q service rm cut
	[ "$(berth --format json audit policy/min_notice/service:cut | jq -r '.[-1].action')" = policy.unset ]
	[ "$(damage list | awk '$1 == "svcpolicy" { print $2 }')" = "" ] || [ "$(damage list | awk '$1 == "svcpolicy" { print $2 }')" = 0 ] || lmdb_only
	berth -q service add cut --duration 30m --resources stylist
	[ "$(in_force min_notice --service cut)" = '["0s","store","default"]' ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "policy --service: export --all and import keep a service's policies" {
	salon
	berth -q policy set min_notice 2h --service cut
	berth -q policy set require_payment true --service cut
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	grep -q '"type":"policy","key":"min_notice","value":"2h","service":"cut"' "$BATS_TEST_TMPDIR/all.jsonl"
	local other
	other=$(other_store copy)
	BERTH_DB=$other berth -q import "$BATS_TEST_TMPDIR/all.jsonl"
	diff <(berth --format jsonl policy list --service cut) <(BERTH_DB=$other berth --format jsonl policy list --service cut)
	run env BERTH_DB="$other" "$BERTH_BIN" check
	assert_success
	# A line naming a resource and a service is refused.
	sed 's/"service":"cut"}/"service":"cut","resource":"stylist"}/' "$BATS_TEST_TMPDIR/all.jsonl" >"$BATS_TEST_TMPDIR/bad.jsonl"
	local third
	third=$(other_store bad)
	run --separate-stderr env BERTH_DB="$third" "$BERTH_BIN" import "$BATS_TEST_TMPDIR/bad.jsonl"
	[ "$status" -eq 2 ]
}

@test "policy --service: check finds a service policy its audit log sets but is gone, and one of a service that is not there" {
	lmdb_only
	salon
	berth -q policy set min_notice 2h --service cut
	berth -q policy set hold_ttl 1h --service cut
	run berth check
	assert_success
	cp -a "$BERTH_DB" "$BATS_TEST_TMPDIR/sound"
	damage svcpolicy delete --entry 0
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	[[ "$output$stderr" == *"of service 'cut'"*"its last audit record"* ]]
	rm -rf "$BERTH_DB" && cp -a "$BATS_TEST_TMPDIR/sound" "$BERTH_DB"
	damage service delete --entry 0
	run --separate-stderr berth check
	[ "$status" -eq 10 ]
	[[ "$output$stderr" == *"its service 'cut' is not there"* ]]
}

@test "policy --service: apply sets a service's policies from its YAML object, export writes them back, --prune removes the undeclared" {
	salon
	cat >"$BATS_TEST_TMPDIR/cat.yaml" <<-'YAML'
	services:
	- name: cut
	  duration: 45m
	  price: 35.00
	  resources: [stylist]
	  policies:
	    min_notice: 2h
	    require_payment: true
	YAML
	run --separate-stderr berth --format json apply "$BATS_TEST_TMPDIR/cat.yaml"
	assert_success
	[ "$(echo "$output" | jq -c '[.[] | select(.kind == "policy") | [.name, .action]]')" = \
		'[["service:cut/min_notice","created"],["service:cut/require_payment","created"]]' ]
	[ "$(in_force min_notice --service cut)" = '["2h","service:cut","set"]' ]
	# Applied again: nothing changes.
	before=$(store_dump)
	run --separate-stderr berth --format json apply "$BATS_TEST_TMPDIR/cat.yaml"
	[ "$(echo "$output" | jq -c '[.[] | select(.kind == "policy") | .action] | unique')" = '["unchanged"]' ]
	[ "$(store_dump)" = "$before" ]
	# export writes them under the service, and applying that changes nothing.
	berth export >"$BATS_TEST_TMPDIR/out.yaml"
	grep -A3 '^  policies:' "$BATS_TEST_TMPDIR/out.yaml" | grep -q 'min_notice: 2h'
	[ "$(berth --format jsonl export | jq -c 'select(.kind == "service" and .name == "cut") | .policies')" = '{"min_notice":"2h","require_payment":"true"}' ]
	run --separate-stderr berth --format json apply "$BATS_TEST_TMPDIR/out.yaml"
	[ "$(echo "$output" | jq -c '[.[] | select(.action != "unchanged")] | length')" = 0 ]
	# --prune: a policy the service's object no longer declares is unset.
	sed -i '/require_payment/d; s/min_notice: 2h/min_notice: 3h/' "$BATS_TEST_TMPDIR/out.yaml" "$BATS_TEST_TMPDIR/cat.yaml"
	run --separate-stderr berth --format json apply --prune "$BATS_TEST_TMPDIR/out.yaml"
	[ "$(echo "$output" | jq -c '[.[] | select(.kind == "policy") | [.name, .action]]')" = \
		'[["service:cut/min_notice","changed"],["service:cut/require_payment","removed"]]' ]
	[ "$(in_force require_payment --service cut)" = '[false,"store","default"]' ]
	run berth check
	assert_success
	# A bad value in a service's policies is refused at its line, nothing written.
	sed -i 's/min_notice: 3h/min_notice: soon/' "$BATS_TEST_TMPDIR/cat.yaml"
	refuses 2 INVALID_ARGUMENT -- apply "$BATS_TEST_TMPDIR/cat.yaml"
	run --separate-stderr berth apply "$BATS_TEST_TMPDIR/cat.yaml"
	[[ "$stderr" == *cat.yaml:* ]]
}
