#!/usr/bin/env bats
# A claim made for a service keeps the service and its price then
# (`service --price` becomes the booking's `price`), `pay --amount`
# records what was paid, show and list print service, price and
# amount_paid, export --all and import carry them, and `report` sums
# revenue and payments. Money is exact: hundredths, never a float.

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
	berth -q service add colour --duration 1h --price 0.1 --resources stylist
}

money() { berth --format json show "$1" | jq -c '[.service, .price, .amount_paid]'; }

@test "service money: a booking keeps its service and its price then; a later price does not change it" {
	salon
	run --separate-stderr berth --format json book --service cut 2026-06-10T09:00 --customer ann
	assert_success
	[ "$(echo "$output" | jq -c '[.service, .price, .amount_paid]')" = '["cut","35.00",null]' ]
	berth -q service set cut --price 40
	[ "$(money b1)" = '["cut","35.00",null]' ]
	berth -q book --service cut 2026-06-10T10:00
	[ "$(money b2)" = '["cut","40.00",null]' ]
	# A service without a price: the service, no price. 0.1 is 0.10.
	berth -q book --service wash 2026-06-10T11:00
	[ "$(money b3)" = '["wash",null,null]' ]
	berth -q book --service colour 2026-06-10T13:00
	[ "$(money b4)" = '["colour","0.10",null]' ]
	# No service: none of them.
	berth -q book stylist 2026-06-10T15:00
	[ "$(money b5)" = '[null,null,null]' ]
	run berth check
	assert_success
	run berth audit verify
	assert_success
}

@test "service money: a hold keeps them through confirm, reschedule keeps them, and a removed service leaves them" {
	salon
	berth -q lock --service cut 2026-06-10T09:00 --customer ann
	[ "$(berth --format json show h1 | jq -c '[.service, .price]')" = '["cut","35.00"]' ]
	berth -q confirm h1
	[ "$(money b1)" = '["cut","35.00",null]' ]
	berth -q reschedule b1 2026-06-10T11:00
	[ "$(money b1)" = '["cut","35.00",null]' ]
	berth -q service rm cut
	[ "$(money b1)" = '["cut","35.00",null]' ]
	run berth check
	assert_success
}

@test "service money: list prints them in json and csv, null or empty where unset" {
	salon
	berth -q book --service cut 2026-06-10T09:00
	berth -q book stylist 2026-06-10T11:00
	berth -q pay b1 --amount 35
	run --separate-stderr berth --format json list
	[ "$(echo "$output" | jq -c '[.[] | [.id, .service, .price, .amount_paid]]')" = \
		'[["b1","cut","35.00","35.00"],["b2",null,null,null]]' ]
	run --separate-stderr berth --format csv list
	[[ "${lines[0]}" == *",service,price,amount_paid"* ]]
	[[ "${lines[1]}" == b1,*",cut,35.00,35.00"* ]]
	[[ "${lines[2]}" == b2,*",,,"* ]]
	run --separate-stderr berth --format csv list --holds
	[[ "${lines[0]}" == *",service,price"* ]]
	run --separate-stderr berth list --columns id,service,price,amount_paid
	assert_success
	[[ "$output" == *"cut"*"35.00"*"35.00"* ]]
}

@test "pay --amount: records what was paid; alone it means --status paid and confirms a pending booking" {
	salon
	berth -q book --service cut 2026-06-10T09:00 --pending
	run --separate-stderr berth --format json pay b1 --amount 35.00
	assert_success
	[ "$(echo "$output" | jq -c '[.payment_status, .status, .amount_paid, .version]')" = '["paid","confirmed","35.00",2]' ]
	berth -q book --service cut 2026-06-10T10:00
	berth -q pay b2 --status paid --amount 20.5 --ref dep-1
	[ "$(berth --format json show b2 | jq -c '[.payment_status, .payment_ref, .amount_paid]')" = '["paid","dep-1","20.50"]' ]
	# A refund keeps what was paid on record.
	berth -q pay b2 --status refunded
	[ "$(money b2)" = '["cut","35.00","20.50"]' ]
	# Audited, with the amount in the record.
	[ "$(berth --format json audit b1 | jq -r '.[-1].after.amount_paid')" = 35.00 ]
	run berth audit verify
	assert_success
	run berth check
	assert_success
}

@test "pay --amount: refusals (bad amounts, a status that takes no money, a hold, no such booking) change nothing" {
	salon
	berth -q book --service cut 2026-06-10T09:00
	berth -q lock --service cut 2026-06-10T11:00
	for bad in 12.345 -1 abc 1e3 '' 1,50 .5 1000000000000.01; do
		refuses 2 INVALID_ARGUMENT -- pay b1 --amount "$bad"
	done
	refuses 2 INVALID_ARGUMENT -- pay b1 --status failed --amount 1.00
	refuses 2 INVALID_ARGUMENT -- pay b1 --status refunded --amount 1.00
	refuses 2 INVALID_ARGUMENT -- pay h1 --amount 1.00
	refuses 3 NOT_FOUND -- pay b9 --amount 1.00
	run --separate-stderr berth pay b1 --amount 12.345
	[[ "$stderr" == *"--amount: '12.345' has more than two decimals"* ]]
	berth -q pay b1 --amount 1.00
	# Paid already: a second payment is a move the status does not allow.
	refuses 4 INVALID_STATE -- pay b1 --amount 2.00
	[ "$(money b1)" = '["cut","35.00","1.00"]' ]
}

@test "pay --amount: an idempotency key replays, and refuses another amount under it" {
	salon
	berth -q book --service cut 2026-06-10T09:00
	berth -q pay b1 --amount 10.00 --idempotency-key p1
	run --separate-stderr berth --format json pay b1 --amount 10 --idempotency-key p1
	assert_success
	[ "$(echo "$output" | jq -r .amount_paid)" = 10.00 ]
	refuses 4 IDEMPOTENCY_MISMATCH -- pay b1 --amount 11.00 --idempotency-key p1
}

@test "service money: export --all and import carry service, price and amount_paid" {
	salon
	berth -q book --service cut 2026-06-10T09:00 --customer ann
	berth -q pay b1 --amount 35.00
	berth -q lock --service colour 2026-06-10T11:00 --ttl 30d
	berth -q book stylist 2026-06-10T14:00
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	grep -q '"service":"cut","price":"35.00","amount_paid":"35.00"' "$BATS_TEST_TMPDIR/all.jsonl"
	local other
	other=$(other_store copy)
	BERTH_DB=$other berth -q import "$BATS_TEST_TMPDIR/all.jsonl"
	diff <(berth --format jsonl list) <(BERTH_DB=$other berth --format jsonl list)
	diff <(berth --format jsonl list --holds) <(BERTH_DB=$other berth --format jsonl list --holds)
	diff <(berth --format jsonl report --from 2026-06-10 --to 2026-06-10) \
		<(BERTH_DB=$other berth --format jsonl report --from 2026-06-10 --to 2026-06-10)
	run env BERTH_DB="$other" "$BERTH_BIN" check
	assert_success
	# A line with an amount that is not one is refused, naming the field.
	sed 's/"amount_paid":"35.00"/"amount_paid":"3.5.0"/' "$BATS_TEST_TMPDIR/all.jsonl" >"$BATS_TEST_TMPDIR/bad.jsonl"
	local third
	third=$(other_store bad)
	run --separate-stderr env BERTH_DB="$third" "$BERTH_BIN" import "$BATS_TEST_TMPDIR/bad.jsonl"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *amount_paid* ]]
}

@test "report: revenue sums the prices of the bookings that count, paid what was paid, in every format" {
	salon
	berth -q book --service cut 2026-06-10T09:00
	berth -q book --service colour 2026-06-10T10:00
	berth -q book --service cut 2026-06-10T13:00
	berth -q cancel b3
	berth -q book --service cut 2026-06-11T09:00 --pending
	berth -q lock --service cut 2026-06-11T13:00 --ttl 30d
	berth -q pay b1 --amount 30.00
	berth -q pay b4 --amount 35.00
	row() { berth --format json report --resource stylist --from 2026-06-10 --to 2026-06-11 "$@" | jq -c '[.[] | [.period, .bookings, .revenue, .paid]]'; }
	# b3 cancelled and h1 held add no revenue; b4 pending then paid does.
	[ "$(row)" = '[["2026-06-10",2,"35.10","30.00"],["2026-06-11",1,"35.00","35.00"]]' ]
	# A refund takes it out of paid; revenue stays.
	berth -q pay b1 --status refunded
	[ "$(row)" = '[["2026-06-10",2,"35.10","0.00"],["2026-06-11",1,"35.00","35.00"]]' ]
	[ "$(berth --format json report --resource stylist --from 2026-06-08 --to 2026-06-14 --by weekday | jq -c '[.[] | select(.revenue != "0.00") | [.period, .revenue, .paid]]')" = \
		'[["wed","35.10","0.00"],["thu","35.00","35.00"]]' ]
	run --separate-stderr berth --format csv report --resource stylist --from 2026-06-10 --to 2026-06-10
	[[ "${lines[0]}" == *",revenue,paid"* ]]
	[[ "${lines[1]}" == *",35.10,0.00"* ]]
	run --separate-stderr berth --format tsv report --resource stylist --from 2026-06-10 --to 2026-06-10 --by hour
	[ "$(printf '%s\n' "${lines[@]}" | awk -F'\t' '$2 ~ /T10/ { print $(NF-1) }')" = 0.10 ]
}

@test "import --format csv: bookings with their service, price and amount paid" {
	salon
	cat >"$BATS_TEST_TMPDIR/old.csv" <<-'CSV'
	id,resource,start,duration,customer,payment_status,service,price,amount_paid
	b1,stylist,2026-05-10T09:00,45m,ann,paid,cut,30.00,30.00
	b2,stylist,2026-05-11T09:00,45m,bob,,cut,30,
	CSV
	local other
	other=$(other_store csv)
	BERTH_DB=$other berth -q init
	BERTH_DB=$other berth -q resource add stylist
	BERTH_DB=$other berth -q import --merge --format csv "$BATS_TEST_TMPDIR/old.csv"
	[ "$(BERTH_DB=$other berth --format json list | jq -c '[.[] | [.id, .service, .price, .amount_paid]]')" = \
		'[["b1","cut","30.00","30.00"],["b2","cut","30.00",null]]' ]
	[ "$(BERTH_DB=$other berth --format json report --from 2026-05-10 --to 2026-05-11 | jq -c '[.[] | [.revenue, .paid]]')" = \
		'[["30.00","30.00"],["30.00","0.00"]]' ]
	# A price that is not an amount is refused with its line.
	printf 'id,resource,start,duration,price\nb3,stylist,2026-05-12T09:00,45m,12.345\n' >"$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr env BERTH_DB="$other" "$BERTH_BIN" import --merge --format csv "$BATS_TEST_TMPDIR/bad.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *price* ]]
	[ "$(BERTH_DB=$other berth --format json list | jq length)" = 2 ]
}

@test "pay --amount: the audit log's changes say what was paid" {
	salon
	berth -q book --service cut 2026-06-10T09:00
	berth -q pay b1 --amount 35.00
	[[ "$(berth --format json audit b1 | jq -r '.[-1].changes')" == *"paid 35.00"* ]]
}
