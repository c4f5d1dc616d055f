#!/usr/bin/env bats
# berth book --batch: one jsonl request a line, each its own all-or-nothing
# decision; one result line each; the exit status of the first failure.

bats_require_minimum_version 1.5.0
load helper

# batch < stdin: runs `berth book --batch`, output in $output and $lines,
# stderr in $stderr, exit in $status.
batch() {
	run --separate-stderr berth book --batch "$@"
}

# a request line for the workshop at 09:00 for an hour, with extra fields
req() {
	local extra=${1:+,$1}
	printf '{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"1h"%s}\n' "$extra"
}

# every output line parses, and there is one per request
parses() {
	local n=$1
	[ "$(printf '%s\n' "$output" | jq -c . | wc -l)" -eq "$n" ] || {
		echo "expected $n json lines, got: $output" >&2
		return 1
	}
}

@test "batch: each line booked, one result line each, exit 0" {
	seed
	batch < <(
		req '"customer":"c1"'
		req '"customer":"c2","quantity":2'
		printf '%s\n' '{"resource":"stylist","start":"2026-06-10T09:00Z","end":"2026-06-10T09:45Z"}'
	)
	assert_success
	parses 3
	[ -z "$stderr" ]
	[ "$(echo "${lines[0]}" | jq -c '[.id,.resource,.customer,.quantity,.status]')" = '["b1","workshop","c1",1,"confirmed"]' ]
	[ "$(echo "${lines[1]}" | jq -c '[.id,.customer,.quantity]')" = '["b2","c2",2]' ]
	[ "$(echo "${lines[2]}" | jq -c '[.id,.resource,.end]')" = '["b3","stylist","2026-06-10T09:45:00+00:00"]' ]
	[ "$(field status -- show b2)" = confirmed ]
	[ "$(field booked -- availability workshop --at 2026-06-10T09:00)" = 3 ]
	run berth check
	assert_success
}

@test "batch: results are jsonl whatever --format says" {
	seed
	run --separate-stderr berth --format table book --batch < <(req; req)
	assert_success
	parses 2
	[ "${#lines[@]}" -eq 2 ]
}

@test "batch: local times resolve in the resource's zone" {
	seed
	batch <<<'{"resource":"concert","start":"2026-06-15T20:00","duration":"3h"}'
	assert_success
	[ "$(echo "$output" | jq -r .start)" = 2026-06-15T20:00:00+02:00 ]
	[ "$(echo "$output" | jq -c .seats)" = '[1]' ]
}

@test "batch: the slot length is the default duration" {
	seed
	berth resource set workshop --slot 40m >/dev/null
	batch <<<'{"resource":"workshop","start":"2026-06-10T09:00Z"}'
	assert_success
	[ "$(echo "$output" | jq -r .end)" = 2026-06-10T09:40:00+00:00 ]
}

@test "batch: a batch that fills a resource: 3 booked, then CAPACITY_FULL lines" {
	seed
	batch < <(for c in a b c d e; do req "\"customer\":\"$c\""; done)
	[ "$status" -eq 4 ]
	parses 5
	for i in 0 1 2; do
		[ "$(echo "${lines[$i]}" | jq -r .status)" = confirmed ]
	done
	[ "$(echo "${lines[3]}" | jq -c '[.line,.error.code]')" = '[4,"CAPACITY_FULL"]' ]
	[ "$(echo "${lines[4]}" | jq -c '[.line,.error.code]')" = '[5,"CAPACITY_FULL"]' ]
	[ "$(berth --format jsonl list --resource workshop | wc -l)" -eq 3 ]
	run berth check
	assert_success
}

@test "batch: error lines name their line and carry code, message, details" {
	seed
	batch < <(req; echo 'not json'; req '"quantity":9')
	[ "$status" -eq 2 ]
	parses 3
	[ "$(echo "${lines[0]}" | jq -r .id)" = b1 ]
	[ "$(echo "${lines[1]}" | jq -c '[.line,.error.code,(.error.message|type),(.error.details|type)]')" = '[2,"INVALID_ARGUMENT","string","object"]' ]
	[ "$(echo "${lines[2]}" | jq -c '[.line,.error.code]')" = '[3,"CAPACITY_FULL"]' ]
}

@test "batch: exit status is the first failing line's, later lines still run" {
	seed
	berth book stylist 2026-06-10T09:00 --duration 1h >/dev/null
	batch < <(
		req
		printf '%s\n' '{"resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}'
		printf '%s\n' '{"resource":"nope","start":"2026-06-10T09:00Z","duration":"1h"}'
		req '"quantity":0'
		req
	)
	[ "$status" -eq 4 ]
	parses 5
	[ "$(printf '%s\n' "$output" | jq -r '.error.code // .status' | paste -sd,)" = confirmed,CAPACITY_FULL,NOT_FOUND,INVALID_ARGUMENT,confirmed ]
	[ "$(field booked -- availability workshop --at 2026-06-10T09:00)" = 2 ]
}

@test "batch: the first failure's exit wins, whatever fails later" {
	seed
	batch < <(
		printf '%s\n' '{"resource":"nope","start":"2026-06-10T09:00Z","duration":"1h"}'
		req '"quantity":4'
		printf '%s\n' '{"resource":"workshop","start":"2026-05-10T09:00Z","duration":"1h"}'
	)
	[ "$status" -eq 3 ]
	[ "$(printf '%s\n' "$output" | jq -r .error.code | paste -sd,)" = NOT_FOUND,CAPACITY_FULL,PAST ]
}

@test "batch: PAST and INVALID_TIME lines" {
	seed
	before=$(store_dump)
	batch < <(
		printf '%s\n' '{"resource":"workshop","start":"2026-05-10T09:00Z","duration":"1h"}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-10T09:00Z","end":"2026-06-10T08:00Z"}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-31T09:00Z","duration":"1h"}'
	)
	[ "$status" -eq 5 ]
	[ "$(printf '%s\n' "$output" | jq -r .error.code | paste -sd,)" = PAST,INVALID_TIME,INVALID_TIME ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: blank lines are ignored but counted" {
	seed
	batch < <(
		req
		echo
		printf '   \t\n'
		echo 'oops'
		echo
		req
	)
	[ "$status" -eq 2 ]
	parses 3
	[ "$(echo "${lines[1]}" | jq -c '[.line,.error.code]')" = '[4,"INVALID_ARGUMENT"]' ]
	[ "$(echo "${lines[2]}" | jq -r .id)" = b2 ]
}

@test "batch: every answer carries its input line, blank lines counted, successes and errors alike" {
	seed
	before=$(audit_count)
	batch < <(
		echo
		req '"customer":"a"'
		printf '  \t\r\n'
		echo 'oops'
		req '"quantity":3'
		echo
		echo
		printf '%s\n' '{"resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}'
		printf '%s\n' '{"resource":"nope","start":"2026-06-10T09:00Z","duration":"1h"}'
		printf '%s' '{"resource":"workshop","start":"2026-06-10T10:00Z","duration":"1h"}'
	)
	[ "$status" -eq 2 ]
	parses 6
	[ "$(printf '%s\n' "$output" | jq -r '"\(.line):\(.error.code // .id)"' | paste -sd,)" = \
		2:b1,4:INVALID_ARGUMENT,5:CAPACITY_FULL,8:b2,9:NOT_FOUND,10:b3 ]
	# a success is the booking with its line, nothing else added
	[ "$(echo "${lines[0]}" | jq -c '[.line,.id,.customer,.status]')" = '[2,"b1","a","confirmed"]' ]
	[ "$(echo "${lines[0]}" | jq -c 'del(.line)')" = "$(berth --format json show b1 | jq -c .)" ]
	[ "$(audit_count)" -eq $((before + 3)) ]
}

@test "batch: line numbers stay with their answers across the groups of a long batch" {
	seed
	berth resource add big --capacity 1000 >/dev/null
	batch < <(for i in $(seq 1 600); do
		[ $((i % 7)) -eq 0 ] && echo
		printf '{"resource":"big","start":"2026-06-10T09:00Z","duration":"1h","customer":"c%d"}\n' "$i"
	done)
	assert_success
	parses 600
	# line N of the input holds customer cK: the answer for it says line N
	printf '%s\n' "$output" | jq -r '"\(.line) \(.customer)"' >"$BATS_TEST_TMPDIR/got"
	n=0 k=0
	for i in $(seq 1 600); do
		[ $((i % 7)) -eq 0 ] && n=$((n + 1))
		n=$((n + 1)) k=$((k + 1))
		echo "$n c$k"
	done >"$BATS_TEST_TMPDIR/want"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "batch: empty input, exit 0 and nothing written" {
	seed
	before=$(store_dump)
	batch </dev/null
	assert_success
	[ -z "$output" ]
	batch < <(printf '\n\n  \n')
	assert_success
	[ -z "$output" ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: the last line may lack its newline" {
	seed
	batch < <(req; printf '%s' '{"resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}')
	assert_success
	parses 2
}

@test "batch: invalid JSON lines are INVALID_ARGUMENT" {
	seed
	before=$(store_dump)
	batch < <(
		echo '{"resource":"workshop"'
		echo '[1,2]'
		echo '"a string"'
		echo '42'
		echo 'null'
		echo '{"resource":"workshop","resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}'
		echo "{'resource':'workshop'}"
	)
	[ "$status" -eq 2 ]
	parses 7
	[ "$(printf '%s\n' "$output" | jq -r '"\(.line):\(.error.code)"' | paste -sd,)" = \
		1:INVALID_ARGUMENT,2:INVALID_ARGUMENT,3:INVALID_ARGUMENT,4:INVALID_ARGUMENT,5:INVALID_ARGUMENT,6:INVALID_ARGUMENT,7:INVALID_ARGUMENT ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: unknown fields are INVALID_ARGUMENT" {
	seed
	before=$(store_dump)
	batch < <(req '"colour":"red"'; req '"Resource":"x"'; req '"seat":3')
	[ "$status" -eq 2 ]
	parses 3
	[ "$(printf '%s\n' "$output" | jq -r .error.code | sort -u)" = INVALID_ARGUMENT ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: wrong types are INVALID_ARGUMENT" {
	seed
	before=$(store_dump)
	batch < <(
		printf '%s\n' '{"resource":5,"start":"2026-06-10T09:00Z","duration":"1h"}'
		printf '%s\n' '{"resource":"workshop","start":1781082000,"duration":"1h"}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-10T09:00Z"}'
		printf '%s\n' '{"start":"2026-06-10T09:00Z","duration":"1h"}'
		req '"duration":60' | sed 's/"duration":"1h",//'
		req '"quantity":"2"'
		req '"quantity":1.5'
		req '"quantity":0'
		req '"quantity":true'
		req '"pending":"yes"'
		req '"pending":1'
		req '"customer":7'
		req '"customer":["a"]'
		req '"attrs":{"k":1}'
		req '"attrs":["k","v"]'
		req '"attrs":"k=v"'
		req '"idempotency_key":5'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":"3"}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[0]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":["3"]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[2.5]}'
	)
	[ "$status" -eq 2 ]
	parses 22
	[ "$(printf '%s\n' "$output" | jq -r .error.code | sort | uniq -c | awk '{print $1, $2}')" = "22 INVALID_ARGUMENT" ]
	[ "$(printf '%s\n' "$output" | jq -r .line | paste -sd,)" = "$(seq -s, 1 22)" ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: bad values inside strings are refused per line" {
	seed
	n=$(audit_count)
	batch < <(
		req '"customer":"a\u001bb"'
		req '"attrs":{"bad key":"v"}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"0s"}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"soon"}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[3,3]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[101]}'
		printf '%s\n' '{"resource":"workshop","start":"2026-06-10T09:00Z","duration":"1h","seats":[1]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[1,2],"quantity":3}'
	)
	[ "$status" -eq 2 ]
	parses 8
	[ "$(printf '%s\n' "$output" | jq -r .error.code | sort -u)" = INVALID_ARGUMENT ]
	[ "$(audit_count)" = "$n" ]
	[ "$(berth --format jsonl list | wc -l)" -eq 0 ]
}

@test "batch: a group of refused lines leaves the store byte-identical" {
	seed
	before=$(store_dump)
	batch < <(
		printf '%s\n' '{"resource":"concert","start":"2026-06-10T09:00Z","duration":"1h","seats":[101]}'
		req '"quantity":4'
	)
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$output" | jq -r .error.code | paste -sd,)" = INVALID_ARGUMENT,CAPACITY_FULL ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: a line with both end and duration is refused like the options" {
	seed
	batch < <(req '"end":"2026-06-10T11:00Z"')
	[ "$status" -eq 2 ]
	[ "$(echo "$output" | jq -r .error.code)" = INVALID_ARGUMENT ]
}

@test "batch: seats and attrs fields" {
	seed
	batch < <(
		printf '%s\n' '{"resource":"concert","start":"2026-06-15T20:00","duration":"3h","seats":[10,11],"attrs":{"row":"B","vip":"yes"},"customer":"ann"}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-15T20:00","duration":"3h","seats":[11,12]}'
		printf '%s\n' '{"resource":"concert","start":"2026-06-15T20:00","duration":"3h","quantity":2}'
	)
	[ "$status" -eq 4 ]
	parses 3
	[ "$(echo "${lines[0]}" | jq -c '[.quantity,(.seats|sort),.attrs,.customer]')" = '[2,[10,11],{"row":"B","vip":"yes"},"ann"]' ]
	[ "$(echo "${lines[1]}" | jq -c '[.line,.error.code]')" = '[2,"SEAT_TAKEN"]' ]
	# all or nothing: seat 12 stayed free and is among the lowest free
	[ "$(echo "${lines[2]}" | jq -c .seats)" = '[1,2]' ]
	run berth --format json book concert 2026-06-15T20:00 --duration 3h --seat 12
	assert_success
}

@test "batch: pending" {
	seed
	batch < <(req '"pending":true'; req '"pending":false')
	assert_success
	[ "$(echo "${lines[0]}" | jq -c '[.status,.expires_at]')" = '["pending","2026-06-01T10:30:00+00:00"]' ]
	[ "$(echo "${lines[1]}" | jq -c '[.status,.expires_at]')" = '["confirmed",null]' ]
}

@test "batch: payment_method, as --payment-method" {
	seed
	batch < <(req '"payment_method":"online","pending":true'; req '"payment_method":"on_arrival"'; req)
	assert_success
	[ "$(echo "$output" | jq -r '.payment_method + " " + .payment_status' | paste -sd,)" = "online pending,on_arrival pending,none none" ]
}

@test "batch: a line with repeat is a series, all or none by itself; each line stays its own decision" {
	seed
	# stylist is taken on 2026-06-17 09:00 (b1)
	berth -q book stylist 2026-06-17T09:00 --duration 1h
	cat >"$BATS_TEST_TMPDIR/in.jsonl" <<-'EOF'
	{"resource":"stylist","start":"2026-06-02T09:00","duration":"1h","customer":"a"}
	{"resource":"stylist","start":"2026-06-03T09:00","duration":"1h","repeat":"weekly","count":3,"customer":"b"}
	{"resource":"stylist","start":"2026-06-03T12:00","duration":"1h","repeat":"weekly","every":2,"count":2,"payment_method":"online","pending":true}
	{"resource":"stylist","start":"2026-06-03T09:00","duration":"1h","repeat":"weekly","until":"2026-06-24","skip_conflicts":true,"customer":"c"}
	{"resource":"stylist","start":"2026-06-04T09:00","duration":"1h","customer":"d"}
	EOF
	n=$(audit_count)
	batch <"$BATS_TEST_TMPDIR/in.jsonl"
	# line 2's third occurrence conflicts: the line is refused whole
	[ "$status" -eq 4 ]
	[ "$(echo "$output" | jq -r 'select(.line == 2) | .error.code + " " + (.error.details.occurrence|tostring)')" = "CAPACITY_FULL 3" ]
	[ "$(echo "$output" | jq -c 'select(.line == 2)' | wc -l)" -eq 1 ]
	# line 3: two occurrences, two weeks apart, of one series
	[ "$(echo "$output" | jq -r 'select(.line == 3) | .id + " " + .series + " " + .start + " " + .status + " " + .payment_method' | paste -sd,)" = \
		"b3 s1 2026-06-03T12:00:00+00:00 pending online,b4 s1 2026-06-17T12:00:00+00:00 pending online" ]
	# line 4: skip_conflicts makes three, and reports the fourth as a
	# refused line, with its occurrence
	[ "$(echo "$output" | jq -r 'select(.line == 4 and .id) | .id + " " + .series' | paste -sd,)" = "b5 s2,b6 s2,b7 s2" ]
	[ "$(echo "$output" | jq -c 'select(.line == 4 and .error) | [.series, .occurrence, .start, .error.code]')" = '["s2",3,"2026-06-17T09:00:00+00:00","CAPACITY_FULL"]' ]
	# lines 1 and 5, single bookings, before and after the series
	[ "$(echo "$output" | jq -r 'select(.line == 1 or .line == 5) | .id + " " + (.series // "-")' | paste -sd,)" = "b2 -,b8 -" ]
	# the answers in the order of the lines
	[ "$(echo "$output" | jq -r .line | paste -sd' ')" = "1 2 3 3 4 4 4 4 5" ]
	# nothing of line 2 was written: seven bookings made, one record each
	[ "$(audit_count)" = $((n + 7)) ]
	[ "$(berth --format json list --customer b | jq length)" = 0 ]
	[ "$(berth --format json list --series s2 | jq -r '[.[].customer] | unique | join(" ")')" = c ]
	run berth check
	assert_success
}

@test "batch: repetition fields as the options take them, each wrong one refused (2) and nothing written" {
	seed
	before=$(store_dump)
	batch < <(req '"every":2'
		req '"count":2'
		req '"skip_conflicts":true'
		req '"repeat":"yearly","count":2'
		req '"repeat":"weekly"'
		req '"repeat":"weekly","count":2,"until":"2026-07-01"'
		req '"repeat":"weekly","count":0'
		req '"repeat":"weekly","count":1001'
		req '"repeat":"weekly","count":"2"'
		req '"repeat":"weekly","count":2,"every":0'
		req '"repeat":"weekly","until":"July"'
		req '"repeat":"weekly","until":20260701'
		req '"repeat":"weekly","count":2,"skip_conflicts":"yes"'
		req '"repeat":7,"count":2'
		req '"payment_method":"card"'
		req '"payment_method":1')
	[ "$status" -eq 2 ]
	parses 16
	# a date that is not one is INVALID_TIME, as --until's
	[ "$(echo "$output" | jq -r 'select(.line != 11) | .error.code' | sort -u)" = INVALID_ARGUMENT ]
	[ "$(echo "$output" | jq -r 'select(.line == 11) | .error.code')" = INVALID_TIME ]
	[ "$(echo "$output" | jq -r .line | paste -sd' ')" = "$(seq -s' ' 1 16)" ]
	[ "$before" = "$(store_dump)" ]
	# an until before the first occurrence, as --until
	batch < <(req '"repeat":"daily","until":"2026-06-01"')
	[ "$status" -eq 2 ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: a series line's idempotency_key replays the whole series" {
	seed
	batch < <(req '"repeat":"daily","count":2,"idempotency_key":"s-1"')
	assert_success
	first=$(echo "$output" | jq -c 'del(.line)')
	before=$(store_dump)
	batch < <(echo; req '"repeat":"daily","count":2,"idempotency_key":"s-1"')
	assert_success
	[ "$(echo "$output" | jq -r .line | paste -sd' ')" = "2 2" ]
	[ "$(echo "$output" | jq -c 'del(.line)')" = "$first" ]
	[ "$before" = "$(store_dump)" ]
}

@test "batch: idempotency_key replays within and across batches, writing nothing" {
	seed
	batch < <(req '"idempotency_key":"o-1"'; req '"idempotency_key":"o-1"')
	assert_success
	parses 2
	# the same answer, each with its own line
	[ "$(echo "${lines[0]}" | jq -c .line)" = 1 ]
	[ "$(echo "${lines[1]}" | jq -c .line)" = 2 ]
	[ "$(echo "${lines[0]}" | jq -c 'del(.line)')" = "$(echo "${lines[1]}" | jq -c 'del(.line)')" ]
	first=${lines[0]}
	before=$(store_dump)
	batch < <(req '"idempotency_key":"o-1"')
	assert_success
	[ "$output" = "$first" ]
	[ "$before" = "$(store_dump)" ]
	# the command line and the batch share keys
	run berth --format jsonl book workshop 2026-06-10T09:00Z --duration 1h --idempotency-key o-1
	assert_success
	[ "$output" = "$(echo "$first" | jq -c 'del(.line)')" ]
	[ "$(field booked -- availability workshop --at 2026-06-10T09:00)" = 1 ]
}

@test "batch: idempotency_key with another request is IDEMPOTENCY_MISMATCH" {
	seed
	batch < <(req '"idempotency_key":"o-1"'; req '"idempotency_key":"o-1","quantity":2'; req '"idempotency_key":"o-2"')
	[ "$status" -eq 4 ]
	[ "$(echo "${lines[1]}" | jq -c '[.line,.error.code]')" = '[2,"IDEMPOTENCY_MISMATCH"]' ]
	[ "$(echo "${lines[2]}" | jq -r .id)" = b2 ]
	refuses 4 IDEMPOTENCY_MISMATCH -- book workshop 2026-06-10T09:00Z --duration 2h --idempotency-key o-2
}

@test "batch: an unknown option beside --batch is refused" {
	seed
	refuses 2 INVALID_ARGUMENT -- book --batch --quantity 2 </dev/null
	refuses 2 INVALID_ARGUMENT -- book --batch --pending </dev/null
	refuses 2 INVALID_ARGUMENT -- book --batch workshop </dev/null
	refuses 2 INVALID_ARGUMENT -- book --batch --bogus </dev/null
}

@test "batch: on a missing store, NOT_FOUND and nothing created" {
	refuses 3 NOT_FOUND -- book --batch < <(req)
	[ ! -e "$BERTH_DB" ]
}

@test "batch: more than one group of lines (1500 lines)" {
	seed
	berth resource add hall --capacity 2000 >/dev/null
	batch < <(jq -nc 'range(1500) | {resource:"hall",start:"2026-07-01T18:00Z",end:"2026-07-01T23:00Z",customer:"c\(.)"}')
	assert_success
	parses 1500
	[ "$(printf '%s\n' "$output" | jq -r .id | sort -u | wc -l)" -eq 1500 ]
	[ "$(field booked -- availability hall --at 2026-07-01T18:00Z)" = 1500 ]
}

@test "batch: 49,999 units on a 50,000 window, then one more book fits and the next does not" {
	lmdb_only "50,000 one-line transactions take minutes of round trips to PostgreSQL"
	seed
	berth resource add arena --capacity 50000 >/dev/null
	batch < <(jq -nc 'range(49999) | {resource:"arena",start:"2026-07-01T18:00Z",end:"2026-07-01T23:00Z",customer:"c\(.)"}')
	assert_success
	[ "${#lines[@]}" -eq 49999 ]
	[ "$(printf '%s\n' "$output" | jq -r 'select(.error) | .line' | wc -l)" -eq 0 ]
	[ "$(field available -- availability arena --at 2026-07-01T18:00Z)" = 1 ]
	run berth book arena 2026-07-01T18:00Z --end 2026-07-01T23:00Z --customer last
	assert_success
	refuses 4 CAPACITY_FULL -- book arena 2026-07-01T18:00Z --end 2026-07-01T23:00Z --customer one-too-many
	refuses 4 CAPACITY_FULL -- book arena 2026-07-01T22:59Z --end 2026-07-01T23:30Z
	run berth book arena 2026-07-01T23:00Z --end 2026-07-01T23:30Z
	assert_success
	run berth check
	assert_success
}
