#!/usr/bin/env bats
# Output formats, read back by real parsers: jq for json and jsonl, python's
# csv module for csv; tsv and table by their header. Errors in json.

load helper
bats_require_minimum_version 1.5.0

# Bookings whose text needs quoting, and one per spreadsheet trigger.
tricky() {
	seed
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer 'Smith, "Jo"' \
		--attr 'note=a, "quoted", b' --attr 'k=v'
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer '=HYPERLINK("http://x","y")'
	berth -q book workshop 2026-06-10T09:00 --duration 1h --customer '+1+2'
	berth -q book stylist 2026-06-10T09:00 --duration 1h --customer '-3' --attr 'x=@y'
	berth -q book stylist 2026-06-11T09:00 --duration 1h --customer '@SUM(A1)'
}

@test "output: json list is an array, show an object, with the same fields" {
	tricky
	run --separate-stderr berth --format json list
	assert_success
	[ "$(echo "$output" | jq -r type)" = array ]
	[ "$(echo "$output" | jq length)" = 5 ]
	[ "$(echo "$output" | jq -r '.[0].customer')" = 'Smith, "Jo"' ]
	[ "$(echo "$output" | jq -r '.[0].attrs.note')" = 'a, "quoted", b' ]
	[ "$(echo "$output" | jq -r '.[1].customer')" = '=HYPERLINK("http://x","y")' ]
	keys=$(echo "$output" | jq -c '.[0] | keys_unsorted')
	run --separate-stderr berth --format json show b1
	assert_success
	[ "$(echo "$output" | jq -r type)" = object ]
	[ "$(echo "$output" | jq -c keys_unsorted)" = "$keys" ]
	# json is not inert-prefixed: it is data, not a spreadsheet
	[ "$(echo "$output" | jq -r .customer)" = 'Smith, "Jo"' ]
}

@test "output: jsonl is one object a line" {
	tricky
	run --separate-stderr berth --format jsonl list
	assert_success
	[ "${#lines[@]}" = 5 ]
	for l in "${lines[@]}"; do
		[ "$(echo "$l" | jq -r type)" = object ]
	done
	[ "$(printf '%s\n' "${lines[@]}" | jq -s -c .)" = "$(berth --format json list | jq -c .)" ]
	run --separate-stderr berth --format jsonl show b2
	assert_success
	[ "${#lines[@]}" = 1 ]
	[ "$(echo "$output" | jq -r .id)" = b2 ]
}

@test "output: csv parses with python's csv module, quoting intact, formulas inert" {
	tricky
	berth --format csv list >"$BATS_TEST_TMPDIR/out.csv"
	berth --format json list >"$BATS_TEST_TMPDIR/out.json"
	run python3 - "$BATS_TEST_TMPDIR/out.csv" "$BATS_TEST_TMPDIR/out.json" <<'EOF'
import csv, json, re, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
want = json.load(open(sys.argv[2]))
head, body = rows[0], rows[1:]
assert head == list(want[0].keys()), (head, list(want[0].keys()))
assert len(body) == len(want), len(body)
assert all(len(r) == len(head) for r in body)
got = [dict(zip(head, r)) for r in body]
for g, w in zip(got, want):
    assert g['id'] == w['id']
    c = w['customer']
    # a signed number is data, not a formula (tests/formula.bats)
    number = re.fullmatch(r'[+-][0-9]+', c)
    expect = "'" + c if c[0] in '=+-@' and not number else c
    assert g['customer'] == expect, (g['customer'], expect)
    assert json.loads(g['attrs']) == w['attrs'], g['attrs']
assert got[0]['customer'] == 'Smith, "Jo"'
assert got[1]['customer'] == '\'=HYPERLINK("http://x","y")'
assert got[2]['customer'] == "'+1+2"
assert got[3]['customer'] == "-3"
assert got[4]['customer'] == "'@SUM(A1)"
assert got[0]['quantity'] == '1'
print('ok')
EOF
	assert_success
	assert_output ok
	# RFC 4180: CRLF line ends
	[ "$(head -c 400 "$BATS_TEST_TMPDIR/out.csv" | grep -c $'\r$')" -ge 1 ]
}

@test "output: csv of one record is a header and one row" {
	tricky
	berth --format csv show b2 >"$BATS_TEST_TMPDIR/one.csv"
	run python3 - "$BATS_TEST_TMPDIR/one.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert len(rows) == 1, rows
assert rows[0]['customer'] == '\'=HYPERLINK("http://x","y")', rows[0]['customer']
print(rows[0]['id'])
EOF
	assert_success
	assert_output b2
}

@test "output: csv of an empty list still has its header row" {
	seed
	run --separate-stderr berth --format csv list
	assert_success
	[[ ${lines[0]} == id,resource,start,end,* ]]
}

@test "output: a newline in text is refused at the door (2), so no format has to carry one" {
	seed
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-10T09:00 --duration 1h --customer $'two\nlines'
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-10T09:00 --duration 1h --attr $'note=a\nb'
	refuses 2 INVALID_ARGUMENT -- book workshop 2026-06-10T09:00 --duration 1h --customer $'esc\033[31m'
}

@test "output: tsv is a header and rows with the same columns" {
	tricky
	run --separate-stderr berth --format tsv list
	assert_success
	[ "${#lines[@]}" = 6 ]
	IFS=$'\t' read -r -a head <<<"${lines[0]}"
	[ "$(printf '%s,' "${head[@]}")" = "$(berth --format json list | jq -r '.[0] | keys_unsorted | join(",")'),"  ]
	for l in "${lines[@]}"; do
		[ "$(printf '%s' "$l" | tr -cd '\t' | wc -c)" = $((${#head[@]} - 1)) ]
	done
	[[ ${lines[1]} == b1$'\t'workshop$'\t'* ]]
	[[ ${lines[1]} == *$'\t''Smith, "Jo"'$'\t'* ]]
}

@test "output: table has a header" {
	tricky
	run --separate-stderr berth list
	assert_success
	[[ ${lines[0]} =~ ^id\ +resource\ +start\ +end ]]
	[ "${#lines[@]}" = 6 ]
	run --separate-stderr berth list --holds
	assert_success
	run --separate-stderr berth resource list
	assert_success
	[[ ${lines[0]} =~ ^name\ +capacity ]]
	[ "${#lines[@]}" = 4 ]
}

@test "output: BERTH_FORMAT chooses the format; --format wins" {
	tricky
	BERTH_FORMAT=json run --separate-stderr berth list
	assert_success
	[ "$(echo "$output" | jq length)" = 5 ]
	BERTH_FORMAT=jsonl run --separate-stderr berth list
	[ "${#lines[@]}" = 5 ]
	BERTH_FORMAT=csv run --separate-stderr berth --format json list
	[ "$(echo "$output" | jq -r type)" = array ]
}

@test "output: errors with --format json are one JSON object on stderr" {
	seed
	run --separate-stderr berth --format json show b9
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" = 1 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = NOT_FOUND ]
	[ "$(echo "$stderr" | jq -r '.error.message | type')" = string ]
	run --separate-stderr berth --format jsonl book stylist 2026-06-10T09:00
	[ "$status" -eq 2 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = INVALID_ARGUMENT ]
	BERTH_FORMAT=json run --separate-stderr berth lock nope 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 3 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = NOT_FOUND ]
	# in table format the error is one plain line
	run --separate-stderr berth show b9
	[[ $stderr == "berth: NOT_FOUND: "* ]]
}

@test "output: an unknown --format is refused (2)" {
	seed
	refuses 2 INVALID_ARGUMENT -- --format xml list
	refuses 2 INVALID_ARGUMENT -- list --format yaml
	refuses 2 INVALID_ARGUMENT -- --format "" list
	BERTH_FORMAT=xml run --separate-stderr berth list
	[ "$status" -eq 2 ]
	[[ $stderr == "berth: INVALID_ARGUMENT: "* ]]
}
