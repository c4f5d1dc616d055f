#!/usr/bin/env bats
# Tables for people: the columns a person needs by default, --columns
# (-o) for any others, times short in the resource's zone, padding by
# display width, and fitting a terminal's width (never a pipe's).

load helper
bats_require_minimum_version 1.5.0

sheet() {
	seed
	b1=$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 3,4 --customer alice --attr vip=yes --attr floor=2)
	b2=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer "山田太郎" --pending)
	b3=$(field id -- book workshop 2026-06-09T23:00 --duration 2h --customer carol)
	b4=$(field id -- book stylist 2026-06-12T09:00 --duration 1h --customer "Maria Fernanda de Albuquerque e Vasconcelos Pereira da Silva")
}

# The refusal's message says this.
stderr_has() {
	[[ $stderr == *"$1"* ]] || { echo "stderr lacks '$1': $stderr" >&2; return 1; }
}

# The header words of a table, one a line.
header() { head -n 1 | tr -s ' ' '\n'; }

# Runs berth under a pseudo-terminal COLS wide; the output, without CRs.
on_terminal() {
	local cols=$1
	shift
	local cmd="$BERTH_BIN"
	for a in "$@"; do cmd+=" $(printf '%q' "$a")"; done
	COLUMNS=$cols script -qec "$cmd" /dev/null | tr -d '\r'
}

# The widest line of stdin, in terminal columns (east Asian wide = 2).
widest() {
	python3 -c '
import sys, unicodedata
w = 0
for line in sys.stdin.read().split("\n"):
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)'
}

@test "columns: list shows the columns a person needs, short local times" {
	sheet
	run --separate-stderr berth list
	assert_success
	[ "$(echo "$output" | header | paste -sd' ')" = "id resource start end qty seats customer status payment" ]
	# concert is in Paris: 20:00 there, and the end on the same day
	# shows only its clock time; a booking past midnight keeps the date.
	# The rows are in two zones (Paris, and UTC for the others), so each
	# time carries its offset.
	assert_line --regexp "^$b1 +concert +2026-06-15 20:00\+02 +23:00\+02 +2 +3,4 +alice +confirmed +none$"
	assert_line --regexp "^$b3 +workshop +2026-06-09 23:00\+00 +2026-06-10 01:00\+00 +1 +- +carol +confirmed +none$"
	# No seats: '-', as documented.
	assert_line --regexp "^$b2 +stylist .* 1 +- +山田太郎 +pending +none$"
	# One zone: no offsets, the times as short as they go.
	run --separate-stderr berth list --resource concert
	assert_success
	assert_line --regexp "^$b1 +concert +2026-06-15 20:00 +23:00 +2 +3,4 +alice +confirmed +none$"
	refute_output --partial "+02"
}

@test "columns: a list over several zones shows each time with its offset, so its order reads right" {
	seed
	berth resource add tokyo --tz Asia/Tokyo >/dev/null
	# In start order: 18:00Z (Paris 20:00), 19:00Z, 20:00Z (Tokyo 05:00
	# the next day). Without offsets the first two would read 20:00 then
	# 19:00, and the third 05:00.
	p=$(field id -- book concert 2026-06-15T20:00 --duration 3h --seat 1 --customer ann)
	u=$(field id -- book workshop 2026-06-15T19:00 --duration 1h --customer bob)
	t=$(field id -- book tokyo 2026-06-16T05:00 --duration 30m --customer cid)
	run --separate-stderr berth list
	assert_success
	[ "$(echo "$output" | sed 1d | awk '{print $1}' | paste -sd,)" = "$p,$u,$t" ]
	assert_line --regexp "^$p +concert +2026-06-15 20:00\+02 +23:00\+02 "
	assert_line --regexp "^$u +workshop +2026-06-15 19:00\+00 +20:00\+00 "
	assert_line --regexp "^$t +tokyo +2026-06-16 05:00\+09 +05:30\+09 "
	# Columns stay aligned: every row's end starts in the same column.
	[ "$(echo "$output" | sed 1d | awk '{print index($0, " " $5 " ")}' | sort -u | wc -l)" -eq 1 ]
	# Two resources of one zone (UTC): as short as before.
	berth book stylist 2026-06-15T21:00 --duration 1h --customer dee >/dev/null
	run --separate-stderr berth list --customer bob
	assert_success
	assert_line --regexp "^$u +workshop +2026-06-15 19:00 +20:00 +1 "
	run --separate-stderr berth list --from 2026-06-15T18:30Z --to 2026-06-15T23:59Z --resource workshop
	refute_output --partial "+00"
	# An offset with minutes keeps them.
	berth resource add ktm --tz Asia/Kathmandu >/dev/null
	k=$(field id -- book ktm 2026-06-16T05:00 --duration 30m --customer eve)
	run --separate-stderr berth list --from 2026-06-15T19:30Z
	assert_line --regexp "^$k +ktm +2026-06-16 05:00\+05:45 +05:30\+05:45 "
	# json, csv and tsv keep RFC 3339 as they always did.
	run --separate-stderr berth --format csv list
	assert_output --partial "2026-06-15T20:00:00+02:00"
}

@test "columns: show and book show every field, short times and attrs as k=v" {
	sheet
	run --separate-stderr berth show "$b1"
	assert_success
	assert_line --regexp '^start +2026-06-15 20:00$'
	assert_line --regexp '^end +2026-06-15 23:00$'
	assert_line --regexp '^attrs +(vip=yes,floor=2|floor=2,vip=yes)$'
	assert_line --regexp '^payment_status +none$'
	[ "$(echo "$output" | wc -l)" -eq "$(berth --format json show "$b1" | jq 'keys | length')" ]
}

@test "columns: --columns and -o pick fields in their order, before or after the verb" {
	sheet
	run --separate-stderr berth list --columns customer,id
	assert_success
	[ "$(echo "$output" | header | paste -sd' ')" = "customer id" ]
	assert_line --regexp "^alice +$b1$"
	run --separate-stderr berth -o id,qty list
	assert_success
	[ "$(echo "$output" | header | paste -sd' ')" = "id qty" ]
	run --separate-stderr berth list -o id,payment_status,expires_at
	assert_success
	[ "$(echo "$output" | header | paste -sd' ')" = "id payment expires" ]
	assert_line --regexp "^$b2 +none +2026-06-01 10:30$"
}

@test "columns: --columns all shows every field json has, in the same order" {
	sheet
	h=$(field id -- lock workshop 2026-06-20T09:00 --duration 1h --customer bob)
	check_all() {
		local want got
		want=$(berth --format json "$@" | jq -r 'if type == "array" then .[0] else . end | keys_unsorted | join(",")')
		got=$(berth --format csv --columns all "$@" | head -n 1 | tr -d '\r')
		[ -n "$want" ] && [ "$want" = "$got" ] || { echo "$*: json $want, --columns all $got" >&2; return 1; }
	}
	check_all list
	check_all list --holds
	check_all audit
	check_all resource list
	check_all policy list
	check_all availability workshop --at 2026-06-20T09:00
	check_all stats
	check_all --now 2026-06-20T00:00Z expire --dry-run
	check_all availability concert --seats --at 2026-06-20T09:00
	check_all resource set workshop --capacity 4
	# and in a table, one column a field
	[ "$(berth list --columns all | header | wc -l)" -eq "$(berth --format json list | jq '.[0] | keys | length')" ]
}

@test "columns: availability --seats shows its seats, resource set its misfits" {
	sheet
	run --separate-stderr berth availability concert --seats --from 2026-06-15T20:00 --to 2026-06-15T21:00 -o seats,available
	assert_success
	# one record, one field a line, in the order asked; seats 3 and 4
	# are b1's
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --regexp "^seats +$(seq -s, 1 100 | sed 's/,3,4,/,/')$"
	assert_line --index 1 --regexp '^available +98$'
	# a count of seats has no held or booked column
	refuses 2 INVALID_ARGUMENT -- availability concert --seats -o held
	stderr_has "choose from resource, start, end, total, available, seats"
	# without --seats there is no seats column
	refuses 2 INVALID_ARGUMENT -- availability concert -o seats
	# set names the claims that no longer fit
	berth -q book workshop 2026-06-20T09:00 --duration 1h --quantity 3
	run --separate-stderr berth resource set workshop --capacity 2 -o name,misfits
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 --regexp '^name +workshop$'
	assert_line --index 1 --regexp '^misfits +b5$'
	refuses 2 INVALID_ARGUMENT -- resource show workshop -o misfits
}

@test "columns: VERB --list-columns names the columns, one a line, without the store" {
	sheet
	# the same names, in the same order, as json's fields
	keys() { berth --format json "$@" | jq -r 'if type == "array" then .[0] else . end | keys_unsorted[]'; }
	[ "$(berth list --list-columns)" = "$(keys list)" ]
	[ "$(berth list --holds --list-columns)" = "$(berth list --list-columns --holds)" ]
	berth -q lock workshop 2026-06-20T09:00 --duration 1h
	[ "$(berth list --holds --list-columns)" = "$(keys list --holds)" ]
	[ "$(berth availability concert --seats --list-columns)" = "$(keys availability concert --seats)" ]
	[ "$(berth availability concert --list-columns)" = "$(keys availability concert)" ]
	[ "$(berth resource set --list-columns)" = "$(keys resource set workshop --capacity 4)" ]
	[ "$(berth show --list-columns | paste -sd' ')" = "id resource start end buffer_end quantity seats customer status payment_status payment_ref payment_method hold booking series version reschedules expires_at attrs created_at updated_at service price amount_paid location from to days times duration priority offer offer_expires_at" ]
	# a verb that prints no columns names none
	run --separate-stderr berth backup --list-columns
	assert_success
	assert_output ""
	# no store is read, nor made
	export BERTH_DB=$BATS_TEST_TMPDIR/none
	run --separate-stderr berth audit --list-columns
	assert_success
	[ "$(echo "$output" | paste -sd' ')" = "seq at actor role source source_detail action entity before after changes reason hash" ]
	[ ! -e "$BERTH_DB" ]
}

@test "columns: a cell with nothing in it shows -, whether null or a field the record has not" {
	sheet
	h=$(field id -- lock workshop 2026-06-20T09:00 --duration 1h)
	# a hold has no payment, no series, no version: - as for null
	run --separate-stderr berth show "$h" -o id,payment_status,series,customer,booking
	assert_success
	assert_line --index 0 --regexp "^id +$h$"
	assert_line --index 1 --regexp '^payment_status +-$'
	assert_line --index 2 --regexp '^series +-$'
	assert_line --index 3 --regexp '^customer +-$'
	assert_line --index 4 --regexp '^booking +-$'
	# every field of show: none blank
	run --separate-stderr berth show "$h"
	assert_success
	refute_line --regexp '^[a-z_]+ *$'
	# in a list of both kinds, the hold's row has - where it has nothing
	export BERTH_NOW=2026-06-21T00:00:00Z
	run --separate-stderr berth expire --dry-run -o id,payment_status,version
	assert_success
	assert_line --regexp "^$h +- +-$"
	# empty text too
	berth resource add hall --location '' >/dev/null
	run --separate-stderr berth resource list -o name,location
	assert_line --regexp '^hall +-$'
	# csv leaves them empty, as it does null
	run --separate-stderr berth --format csv show "$h" -o id,payment_status
	assert_line $'h1,\r'
}

@test "columns: an unknown column is refused (2) naming the valid ones, nothing written" {
	sheet
	refuses 2 INVALID_ARGUMENT -- list --columns id,bogus
	stderr_has "'bogus'"
	stderr_has "choose from id, resource, start, end, buffer_end, quantity, seats, customer, status, payment_status"
	refuses 2 INVALID_ARGUMENT -- list --holds -o payment_status
	stderr_has "choose from id, resource"
	refuses 2 INVALID_ARGUMENT -- audit -o id
	stderr_has "choose from seq, at, actor"
	refuses 2 INVALID_ARGUMENT -- list --columns ''
	# a column named twice, by its name or its header
	refuses 2 INVALID_ARGUMENT -- list -o id,start,id
	stderr_has "column 'id' named twice"
	refuses 2 INVALID_ARGUMENT -- list -o quantity,qty
	stderr_has "column 'qty' named twice"
	refuses 2 INVALID_ARGUMENT -- show "$b1" -o id,id
	refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-20T09:00 --duration 1h -o id,id
	refuses 2 INVALID_ARGUMENT -- list --columns id,
	# A write is refused before it writes: no booking made.
	refuses 2 INVALID_ARGUMENT -- book stylist 2026-06-20T09:00 --duration 1h -o nope
	refuses 2 INVALID_ARGUMENT -- --now 2026-06-20T00:00Z expire -o nope
	refuses 2 INVALID_ARGUMENT -- -o
	refuses 2 INVALID_ARGUMENT -- backup "$BATS_TEST_TMPDIR/x.mdb" -o id
}

@test "columns: csv and tsv keep every field unless --columns narrows them; json always does" {
	sheet
	[ "$(berth --format csv list | head -n 1 | tr -d '\r')" = "$(berth --format json list | jq -r '.[0] | keys_unsorted | join(",")')" ]
	run --separate-stderr berth --format csv list --columns id,customer,seats
	assert_success
	[ "${lines[0]}" = $'id,customer,seats\r' ]
	assert_line $'b1,alice,"3,4"\r'
	[ "$(berth --format tsv -o id list | sort | paste -sd' ')" = "$b1 $b2 $b3 $b4 id" ]
	[ "$(berth --format json -o id list | jq '.[0] | keys | length')" -gt 10 ]
	# The csv of an empty list still says its columns.
	[ "$(berth --format csv -o id,start list --status cancelled | tr -d '\r')" = "id,start" ]
}

@test "columns: tables fit an 80-column terminal: list, expire, show, audit" {
	sheet
	berth -q lock workshop 2026-06-20T09:00 --duration 1h --customer "a customer with a name far longer than a column"
	berth -q confirm "$b2"
	berth -q pay "$b1" --status paid --ref "card-0001-a-long-reference-from-the-bank" 2>/dev/null || true
	for cmd in "list" "--now 2026-06-20T00:00Z expire --dry-run" "show $b4" "audit" "audit $b1" "list --holds" "resource list"; do
		# shellcheck disable=SC2086
		out=$(on_terminal 80 $cmd)
		[ -n "$out" ] || { echo "$cmd printed nothing" >&2; return 1; }
		w=$(echo "$out" | widest)
		[ "$w" -le 80 ] || { echo "$cmd is $w wide:" >&2; echo "$out" >&2; return 1; }
	done
	# The long name was cut, with an ellipsis.
	out=$(on_terminal 80 list)
	[[ $out == *"Ma"*"…"* ]]
	[[ $out != *"Pereira da Silva"* ]]
	# Times are never cut.
	[[ $out == *"2026-06-12 09:00"* ]]
	# A wider terminal gets it whole.
	out=$(on_terminal 200 list)
	[[ $out == *"Pereira da Silva"* ]]
}

@test "columns: piped or redirected output is never cut" {
	sheet
	COLUMNS=40 berth list >"$BATS_TEST_TMPDIR/out"
	grep -q "Maria Fernanda de Albuquerque e Vasconcelos Pereira da Silva" "$BATS_TEST_TMPDIR/out"
	! grep -q "…" "$BATS_TEST_TMPDIR/out"
	run --separate-stderr env COLUMNS=40 "$BERTH_BIN" audit
	assert_success
	refute_output --partial "…"
}

@test "columns: padding counts display width, so wide characters keep columns aligned" {
	sheet
	for loc in C.UTF-8 C; do
		out=$(LC_ALL=$loc berth list -o customer,status)
		# Where "status" starts in the header, each status starts too.
		python3 - "$out" <<-'EOF'
			import sys, unicodedata
			def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
			lines = sys.argv[1].split("\n")
			col = w(lines[0][:lines[0].index("status")])
			for l in lines[1:]:
			    i = max(l.find("pending"), l.find("confirmed"))
			    assert w(l[:i]) == col, (l, w(l[:i]), col)
		EOF
	done
}

@test "columns: audit shows what changed in one short column" {
	sheet
	berth -q confirm "$b2"
	run --separate-stderr berth audit "$b2"
	assert_success
	[ "$(echo "$output" | header | paste -sd' ')" = "seq at actor action entity changes" ]
	assert_line --regexp "booking.created +$b2 +stylist 2026-06-10 09:00, quantity 1, 山田太郎, pending$"
	assert_line --regexp "booking.confirmed +$b2 +status pending->confirmed$"
	refute_output --partial '{"id"'
	# json keeps before and after, and says the same changes.
	[ "$(berth --format json audit "$b2" | jq -r '.[1].changes')" = "status pending->confirmed" ]
	[ "$(berth --format json audit "$b2" | jq -r '.[1].after.status')" = confirmed ]
}

@test "columns: refusals of --columns, --status and --sort carry the option and value in json" {
	sheet
	details() {
		refuses 2 INVALID_ARGUMENT -- --format json "$@"
		echo "$stderr" | jq -c .error.details
	}
	[ "$(details list --columns id,bogus)" = '{"option":"--columns","value":"id,bogus","column":"bogus"}' ]
	[ "$(details list -o id,id)" = '{"option":"--columns","value":"id,id","column":"id"}' ]
	[ "$(details list --columns '')" = '{"option":"--columns","value":"","column":""}' ]
	[ "$(details backup "$BATS_TEST_TMPDIR/x.mdb" -o id)" = '{"option":"--columns","value":"id"}' ]
	[ "$(details list --status booked)" = '{"option":"--status","value":"booked"}' ]
	[ "$(details list --holds --status confirmed)" = '{"option":"--status","value":"confirmed"}' ]
	[ "$(details list --sort when)" = '{"option":"--sort","value":"when"}' ]
	[ "$(details list --sort start,-when)" = '{"option":"--sort","value":"start,-when"}' ]
	[ "$(details list --sort "$(printf 'id,%.0s' $(seq 20))id")" = \
		"{\"option\":\"--sort\",\"value\":\"$(printf 'id,%.0s' $(seq 20))id\"}" ]
}

@test "columns: errors that refuse a value from a fixed set name the choices" {
	sheet
	refuses 2 INVALID_ARGUMENT -- list --status booked
	stderr_has "choose from pending, confirmed, cancelled, expired"
	refuses 2 INVALID_ARGUMENT -- list --holds --status booked
	stderr_has "choose from active, used, released, expired"
	refuses 2 INVALID_ARGUMENT -- policy set hold_time 5m
	stderr_has "choose from hold_ttl, pending_timeout, offer_ttl, min_notice"
	refuses 2 INVALID_ARGUMENT -- list --sort when
	stderr_has "choose from id, resource, start"
	refuses 2 INVALID_ARGUMENT -- --format xml list
	stderr_has "table, json, jsonl, csv, tsv"
	refuses 2 INVALID_ARGUMENT -- pay "$b1" --status done
	stderr_has "paid, failed or refunded"
	refuses 2 INVALID_ARGUMENT -- --role boss list
	stderr_has "customer, staff, admin, system"
}
