#!/usr/bin/env bats
# Idempotency keys compare the request as it means, not as it is spelled:
# every verb fingerprints the normalised request (the resolved resource,
# UTC instants, the resolved end and hold time, sorted seats, quantity,
# customer, attributes sorted by key) with one function. An equivalent
# spelling replays the first answer and writes nothing; a different request
# is still IDEMPOTENCY_MISMATCH with the store unchanged.

load helper

# replays KEY ID -- ARGS...: berth ARGS answers ID, exit 0, writes nothing.
replays() {
	local want=$1 before
	shift 2
	before=$(store_dump)
	run --separate-stderr berth --format json "$@"
	if [ "$status" -ne 0 ]; then
		echo "expected a replay of $want, got exit $status: $stderr" >&2
		return 1
	fi
	if [ "$(echo "$output" | jq -r .id)" != "$want" ]; then
		echo "expected $want, got: $output" >&2
		return 1
	fi
	if [ "$before" != "$(store_dump)" ]; then
		echo "a replay wrote to the store" >&2
		return 1
	fi
}

@test "idempotency: the default duration spelled out is the same request" {
	seed
	berth resource add salon --slot 1h >/dev/null
	[ "$(field id -- book salon 2026-06-10T09:00 --idempotency-key k)" = b1 ]
	replays b1 -- book salon 2026-06-10T09:00 --duration 1h --idempotency-key k
	replays b1 -- book salon 2026-06-10T09:00 --end 2026-06-10T10:00 --idempotency-key k
	replays b1 -- book salon 2026-06-10T09:00 --duration 60m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book salon 2026-06-10T09:00 --duration 30m --idempotency-key k
}

@test "idempotency: Z, an offset and a local time in a UTC store are the same instant" {
	seed
	[ "$(field id -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key k)" = b1 ]
	replays b1 -- book stylist 2026-06-10T09:00Z --duration 1h --idempotency-key k
	replays b1 -- book stylist 2026-06-10T09:00:00+00:00 --duration 1h --idempotency-key k
	replays b1 -- book stylist '2026-06-10 09:00' --duration 1h --idempotency-key k
	replays b1 -- book stylist 2026-06-10T11:00+02:00 --end 2026-06-10T10:00Z --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00+02:00 --duration 1h --idempotency-key k
}

@test "idempotency: a local time in the resource's zone equals its UTC instant" {
	seed
	[ "$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 9 --idempotency-key k)" = b1 ]
	replays b1 -- book concert 2026-06-15T18:00Z --duration 3h --seat 9 --idempotency-key k
	replays b1 -- book concert 2026-06-15T20:00 --end 2026-06-15T23:00 --seat 9 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book concert 2026-06-15T20:00Z --duration 3h --seat 9 --idempotency-key k
}

@test "idempotency: seats in any order, and the quantity they imply, are the same request" {
	seed
	[ "$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4,7 --idempotency-key k)" = b1 ]
	replays b1 -- book concert 2026-06-15T20:00 --duration 3h --seat 7,3,4 --idempotency-key k
	replays b1 -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4,7 --quantity 3 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4,8 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book concert 2026-06-15T20:00 --duration 3h --quantity 3 --idempotency-key k
}

@test "idempotency: quantity 1 spelled out, and attributes in any order" {
	seed
	[ "$(field id -- book workshop 2026-06-10T09:00 --duration 1h --attr b=2 --attr a=1 --customer ann --idempotency-key k)" = b1 ]
	replays b1 -- book workshop 2026-06-10T09:00 --duration 1h --attr a=1 --attr b=2 --customer ann --quantity 1 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h --attr a=1 --attr b=3 --customer ann --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h --attr a=1 --customer ann --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00 --duration 1h --attr a=1 --attr b=2 --customer Ann --idempotency-key k
}

@test "idempotency: a hold's time spelled as the hold_ttl policy is the same request" {
	seed
	berth policy set hold_ttl 10m >/dev/null
	[ "$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --idempotency-key k)" = h1 ]
	replays h1 -- lock stylist 2026-06-10T09:00Z --duration 1h --ttl 10m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- lock stylist 2026-06-10T09:00 --duration 1h --ttl 5m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key k
}

@test "idempotency: a pending booking's time spelled as the pending_timeout policy" {
	seed
	[ "$(field id -- book stylist 2026-06-10T09:00 --duration 1h --pending --idempotency-key k)" = b1 ]
	replays b1 -- book stylist 2026-06-10T09:00Z --duration 1h --pending --ttl 30m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00Z --duration 1h --pending --ttl 20m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00Z --duration 1h --idempotency-key k
}

@test "idempotency: a batch line and the command line are the same request when they mean it" {
	seed
	[ "$(field id -- book workshop 2026-06-10T09:00 --duration 1h --customer ann --idempotency-key k)" = b1 ]
	before=$(store_dump)
	run --separate-stderr berth book --batch <<<'{"resource":"workshop","start":"2026-06-10T09:00:00+00:00","end":"2026-06-10T10:00Z","quantity":1,"customer":"ann","idempotency_key":"k"}'
	assert_success
	[ "$(echo "$output" | jq -r .id)" = b1 ]
	[ "$before" = "$(store_dump)" ]
	run --separate-stderr berth book --batch <<<'{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"2h","customer":"ann","idempotency_key":"k"}'
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq -r .error.code)" = IDEMPOTENCY_MISMATCH ]
	[ "$before" = "$(store_dump)" ]
}

@test "idempotency: a replay after the start has passed still answers" {
	seed
	[ "$(field id -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key k)" = b1 ]
	replays b1 -- book stylist 2026-06-10T09:00Z --duration 1h --now 2026-06-11T00:00:00Z --idempotency-key k
	refuses 5 PAST -- book stylist 2026-06-10T09:00Z --duration 1h --now 2026-06-11T00:00:00Z --idempotency-key other
}

@test "idempotency: confirm, cancel and pay replay their answers and refuse other requests" {
	seed
	h=$(field id -- lock stylist 2026-06-10T09:00 --duration 1h)
	[ "$(field id -- confirm "$h" --payment-ref r1 --idempotency-key c)" = b1 ]
	replays b1 -- confirm "$h" --payment-ref r1 --idempotency-key c
	refuses 4 IDEMPOTENCY_MISMATCH -- confirm "$h" --payment-ref r2 --idempotency-key c
	refuses 4 IDEMPOTENCY_MISMATCH -- cancel b1 --idempotency-key c
	[ "$(field id -- pay b1 --status paid --ref p1 --idempotency-key p)" = b1 ]
	replays b1 -- pay b1 --status paid --ref p1 --idempotency-key p
	refuses 4 IDEMPOTENCY_MISMATCH -- pay b1 --status failed --ref p1 --idempotency-key p
	[ "$(field id -- cancel b1 --reason moved --idempotency-key x)" = b1 ]
	replays b1 -- cancel b1 --reason moved --idempotency-key x
	refuses 4 IDEMPOTENCY_MISMATCH -- cancel b1 --reason other --idempotency-key x
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key x
}

# DECISIONS: a replay returns the original answer even if the entity changed
# since. What the first request left to a default is read from its answer,
# not from the policy or resource as they are now.
@test "idempotency: a retry replays after the policy it defaulted to changed" {
	seed
	[ "$(field id -- lock stylist 2026-06-10T09:00 --duration 1h --idempotency-key k)" = h1 ]
	berth -q policy set hold_ttl 10m
	replays h1 -- lock stylist 2026-06-10T09:00 --duration 1h --idempotency-key k
	# The default as it was still is the same request; another time is not.
	replays h1 -- lock stylist 2026-06-10T09:00 --duration 1h --ttl 5m --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- lock stylist 2026-06-10T09:00 --duration 1h --ttl 10m --idempotency-key k
}

@test "idempotency: a retry replays after the slot length it defaulted to changed" {
	seed
	berth -q resource add salon --slot 1h
	[ "$(field id -- book salon 2026-06-10T09:00 --idempotency-key k)" = b1 ]
	berth -q resource set salon --slot 30m
	replays b1 -- book salon 2026-06-10T09:00 --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book salon 2026-06-10T09:00 --duration 30m --idempotency-key k
}

@test "idempotency: a retry replays after its resource was removed" {
	seed
	[ "$(field id -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key k)" = b1 ]
	berth -q cancel b1
	berth -q resource rm stylist
	replays b1 -- book stylist 2026-06-10T09:00 --duration 1h --idempotency-key k
	replays b1 -- book stylist 2026-06-10T09:00Z --end 2026-06-10T10:00Z --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book stylist 2026-06-10T09:00 --duration 2h --idempotency-key k
	# Without its key the request meets the store as it is now.
	refuses 3 NOT_FOUND -- book stylist 2026-06-10T09:00 --duration 1h
}

@test "idempotency: a retry after its resource was removed and made again in another zone" {
	seed
	berth -q resource add salon --tz Europe/Paris
	[ "$(field id -- book salon 2026-06-10T09:00 --duration 1h --idempotency-key k)" = b1 ]
	berth -q cancel b1
	berth -q resource rm salon
	berth -q resource add salon --tz America/New_York
	# The key names the first salon, at 07:00Z.
	replays b1 -- book salon 2026-06-10T07:00Z --duration 1h --idempotency-key k
	refuses 4 IDEMPOTENCY_MISMATCH -- book salon 2026-06-10T13:00Z --duration 1h --idempotency-key k
}

# From the review: a value the first request gave is not a default; a
# retry that leaves it out asks for the default, another request.
@test "idempotency: leaving out what the first request gave is another request" {
	seed
	berth -q resource add salon --slot 30m
	[ "$(field id -- book salon 2026-06-10T09:00Z --duration 2h --idempotency-key k)" = b1 ]
	refuses 4 IDEMPOTENCY_MISMATCH -- book salon 2026-06-10T09:00Z --idempotency-key k
	replays b1 -- book salon 2026-06-10T09:00Z --duration 2h --idempotency-key k
	[ "$(field id -- lock salon 2026-06-11T09:00Z --ttl 1h --idempotency-key h)" = h1 ]
	refuses 4 IDEMPOTENCY_MISMATCH -- lock salon 2026-06-11T09:00Z --idempotency-key h
	# And the default spelled out on the retry is still the first's.
	[ "$(field id -- lock salon 2026-06-12T09:00Z --idempotency-key d)" = h2 ]
	berth -q resource set salon --slot 1h
	replays h2 -- lock salon 2026-06-12T09:00Z --duration 30m --ttl 5m --idempotency-key d
	replays h2 -- lock salon 2026-06-12T09:00Z --idempotency-key d
}

@test "idempotency: a retry reads its local times in the zone the first was read in" {
	seed
	berth -q resource add k2 --tz Europe/Paris --slot 30m
	[ "$(field id -- book k2 2026-06-10T09:00 --idempotency-key key1)" = b1 ]
	berth -q resource set k2 --tz America/New_York
	replays b1 -- book k2 2026-06-10T09:00 --idempotency-key key1
	replays b1 -- book k2 2026-06-10T07:00Z --idempotency-key key1
	refuses 4 IDEMPOTENCY_MISMATCH -- book k2 2026-06-10T09:00Z --idempotency-key key1
	# Removed, the zone is still the one it was read in.
	berth -q cancel b1
	berth -q resource rm k2
	replays b1 -- book k2 2026-06-10T09:00 --idempotency-key key1
}
