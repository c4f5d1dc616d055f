#!/usr/bin/env bats
# report (issue 12): utilisation per resource and period in every format,
# the occupancy heat map (text under a UTF-8 locale and under C, svg), and
# every refusal. A known week: the stylist open mon-fri 09:00-17:00 (UTC);
# Monday 09:00-11:00 booked (full), Tuesday 10:00-10:30 (half), Wednesday
# 13:00-13:15 (a quarter), Thursday 14:00-15:00 held, Friday's 09:00
# booking cancelled, the weekend closed.

load helper
bats_require_minimum_version 1.5.0

week() {
	berth init >/dev/null
	berth resource add stylist >/dev/null
	berth resource add room --capacity 2 >/dev/null
	berth hours set stylist 'mon-fri 09:00-17:00' >/dev/null
	berth book stylist 2026-06-08T09:00 --duration 2h --customer ann >/dev/null
	berth book stylist 2026-06-09T10:00 --duration 30m --customer bob >/dev/null
	berth book stylist 2026-06-10T13:00 --duration 15m --customer cy >/dev/null
	berth lock stylist 2026-06-11T14:00 --duration 1h --ttl 30d >/dev/null
	berth book stylist 2026-06-12T09:00 --duration 1h --customer dee >/dev/null
	berth cancel b4 >/dev/null
	berth book room 2026-06-08T10:00 --duration 3h --quantity 2 >/dev/null
}

# The row of one resource and period: row RESOURCE PERIOD ARGS...
row() {
	local r=$1 p=$2
	shift 2
	berth --format json report "$@" | jq -c --arg r "$r" --arg p "$p" \
		'.[] | select(.resource == $r and .period == $p) |
		 [.open_minutes, .booked_minutes, .held_minutes, .free_minutes,
		  .utilisation, .bookings, .cancellations]'
}

# 24 cells of two characters from a string of 24 level letters: c closed,
# e empty, l under half, h half or more, f full.
cells() {
	local s=$1 e=$2 l=$3 h=$4 f=$5 out="" i
	for ((i = 0; i < 24; i++)); do
		case ${s:i:1} in
		c) out+="  " ;;
		e) out+="$e$e" ;;
		l) out+="$l$l" ;;
		h) out+="$h$h" ;;
		f) out+="$f$f" ;;
		esac
	done
	printf '%s' "$out"
}

# The expected map rows of the known week, in the glyphs given.
expected_week() {
	local g=("$@")
	printf 'Mon 06-08 %s  25%%\n' "$(cells cccccccccffeeeeeeccccccc "${g[@]}")"
	printf 'Tue 06-09 %s   6%%\n' "$(cells ccccccccceheeeeeeccccccc "${g[@]}")"
	printf 'Wed 06-10 %s   3%%\n' "$(cells ccccccccceeeeleeeccccccc "${g[@]}")"
	printf 'Thu 06-11 %s  13%%\n' "$(cells ccccccccceeeeefeeccccccc "${g[@]}")"
	printf 'Fri 06-12 %s   0%%\n' "$(cells ccccccccceeeeeeeeccccccc "${g[@]}")"
	printf 'Sat 06-13 %s    -\n' "$(cells cccccccccccccccccccccccc "${g[@]}")"
	printf 'Sun 06-14 %s    -\n' "$(cells cccccccccccccccccccccccc "${g[@]}")"
}

map_rows() { grep -E '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) '; }

# --- figures ---

@test "report: a day's open, booked, held and free minutes, utilisation and counts" {
	week
	[ "$(row stylist 2026-06-08 --from 2026-06-08 --to 2026-06-14)" = '[480,120,0,360,25,1,0]' ]
	[ "$(row stylist 2026-06-09 --from 2026-06-08 --to 2026-06-14)" = '[480,30,0,450,6,1,0]' ]
	# A hold is held, not booked; a cancelled booking counts as a
	# cancellation and takes no time.
	[ "$(row stylist 2026-06-11 --from 2026-06-08 --to 2026-06-14)" = '[480,0,60,420,0,0,0]' ]
	[ "$(row stylist 2026-06-12 --from 2026-06-08 --to 2026-06-14)" = '[480,0,0,480,0,0,1]' ]
	# Closed all day: nothing open, no utilisation.
	[ "$(row stylist 2026-06-13 --from 2026-06-08 --to 2026-06-14)" = '[0,0,0,0,null,0,0]' ]
	# Capacity multiplies: 2 units open all day, both booked for 3h.
	[ "$(row room 2026-06-08 --from 2026-06-08 --to 2026-06-14)" = '[2880,360,0,2520,13,1,0]' ]
}

@test "report: a no-show counts among bookings and as a no-show; its time stays booked" {
	week
	BERTH_NOW=2026-06-20T00:00:00Z berth -q noshow b1
	berth --format json report --from 2026-06-08 --to 2026-06-14 |
		jq -c '.[] | select(.resource == "stylist" and .period == "2026-06-08") |
			[.booked_minutes, .bookings, .no_shows]' >"$BATS_TEST_TMPDIR/row"
	[ "$(cat "$BATS_TEST_TMPDIR/row")" = '[120,1,1]' ]
	# A day without one shows 0.
	[ "$(berth --format json report --from 2026-06-08 --to 2026-06-14 |
		jq -c '.[] | select(.resource == "stylist" and .period == "2026-06-09") | .no_shows')" = 0 ]
}

@test "report: waitlist offers starting in the period, and those confirmed into bookings" {
	week
	# cy is offered 06-10 10:00 at once; dee waits for bob's half hour on
	# 06-09 and is offered it when bob cancels; only cy confirms.
	berth -q waitlist add stylist --customer cy --from 2026-06-10 --to 2026-06-10 --times 10:00-11:00 --duration 1h
	berth -q waitlist add stylist --customer dee --from 2026-06-09 --to 2026-06-09 --times 10:00-10:30 --duration 30m
	berth -q cancel b2
	[ "$(berth --format json list --holds | jq -r 'sort_by(.id) | map(.id + " " + (.attrs.waitlist // "-")) | join(",")')" = "h1 -,h2 w1,h3 w2" ]
	berth -q confirm h2
	run --separate-stderr berth --format json report --from 2026-06-08 --to 2026-06-14
	assert_success
	[ "$(jq -c '[.[] | select(.resource == "stylist") | [.period, .bookings, .offers, .conversions]]' <<<"$output")" = \
		'[["2026-06-08",1,0,0],["2026-06-09",0,1,0],["2026-06-10",2,1,1],["2026-06-11",0,0,0],["2026-06-12",0,0,0],["2026-06-13",0,0,0],["2026-06-14",0,0,0]]' ]
	# A hold that is no offer (h1, a plain lock) counts in neither.
	[ "$(jq '[.[] | .offers] | add' <<<"$output")" = 2 ]
	run --separate-stderr berth --format json report --from 2026-06-08 --to 2026-06-14 --by weekday
	[ "$(jq -c '[.[] | select(.resource == "stylist") | .conversions] | add' <<<"$output")" = 1 ]
}

@test "report: --by hour splits a day into its local hours; --by weekday sums the range" {
	week
	run --separate-stderr berth --format jsonl report --resource stylist --by hour --from 2026-06-08 --to 2026-06-14
	assert_success
	[ "${#lines[@]}" -eq 168 ]
	[ "$(row stylist 2026-06-09T10:00 --resource stylist --by hour --from 2026-06-09 --to 2026-06-09)" = '[60,30,0,30,50,1,0]' ]
	[ "$(row stylist 2026-06-09T11:00 --resource stylist --by hour --from 2026-06-09 --to 2026-06-09)" = '[60,0,0,60,0,0,0]' ]
	run --separate-stderr berth --format json report --resource stylist --by weekday --from 2026-06-01 --to 2026-06-14
	assert_success
	[ "$(echo "$output" | jq -r '[.[].period] | join(",")')" = mon,tue,wed,thu,fri,sat,sun ]
	# Two Mondays: 16h open, the 8th's 2h booked.
	[ "$(row stylist mon --resource stylist --by weekday --from 2026-06-01 --to 2026-06-14)" = '[960,120,0,840,13,1,0]' ]
	# Only the weekdays the range has.
	[ "$(berth --format json report --resource stylist --by weekday --from 2026-06-08 --to 2026-06-09 | jq -r '[.[].period] | join(",")')" = mon,tue ]
}

@test "report: holidays and time off close time; each resource counts in its own zone" {
	week
	berth holiday add 2026-06-10 --name closed >/dev/null
	berth timeoff add stylist --from 2026-06-09T09:00 --to 2026-06-09T13:00 >/dev/null
	[ "$(row stylist 2026-06-10 --resource stylist --from 2026-06-08)" = '[0,15,0,0,null,1,0]' ]
	[ "$(row stylist 2026-06-09 --resource stylist --from 2026-06-08)" = '[240,30,0,210,13,1,0]' ]
	berth resource add ktm --tz Asia/Kathmandu >/dev/null
	berth book ktm 2026-06-10T23:00 --duration 2h >/dev/null
	# 23:00-01:00 in Kathmandu: an hour on each local day.
	[ "$(row ktm 2026-06-10 --resource ktm --from 2026-06-10 --to 2026-06-11)" = '[1440,60,0,1380,4,1,0]' ]
	[ "$(row ktm 2026-06-11 --resource ktm --from 2026-06-10 --to 2026-06-11)" = '[1440,60,0,1380,4,0,0]' ]
	[ "$(berth --format json report --resource ktm --from 2026-06-10 --to 2026-06-10 | jq -r '.[0].start')" = 2026-06-10T00:00:00+05:45 ]
}

@test "report: on the day clocks go forward the skipped hour is empty and the day 23 hours" {
	berth init >/dev/null
	berth resource add paris --tz Europe/Paris >/dev/null
	[ "$(row paris 2026-03-29 --from 2026-03-29 --to 2026-03-29)" = '[1380,0,0,1380,0,0,0]' ]
	run --separate-stderr berth --format json report --by hour --from 2026-03-29 --to 2026-03-29
	assert_success
	[ "$(echo "$output" | jq length)" -eq 24 ]
	[ "$(echo "$output" | jq -c '.[2] | [.period, .open_minutes]')" = '["2026-03-29T02:00",0]' ]
	[ "$(row paris 2026-10-25 --from 2026-10-25 --to 2026-10-25)" = '[1500,0,0,1500,0,0,0]' ]
}

@test "report: the range defaults to the seven days ending today, or starting at --from" {
	week
	run --separate-stderr berth --format json report --resource room
	assert_success
	[ "$(echo "$output" | jq -r '[.[0].period, .[-1].period, length] | join(",")')" = 2026-05-26,2026-06-01,7 ]
	run --separate-stderr berth --format json report --resource room --from 2026-06-08
	[ "$(echo "$output" | jq -r '[.[0].period, .[-1].period] | join(",")')" = 2026-06-08,2026-06-14 ]
	run --separate-stderr berth --format json report --resource room --to 2026-06-08
	[ "$(echo "$output" | jq -r '[.[0].period, .[-1].period] | join(",")')" = 2026-06-02,2026-06-08 ]
}

@test "report: --resource and --service choose the resources; every one by default, by name" {
	week
	berth service add cut --duration 30m --resources stylist >/dev/null
	[ "$(berth --format json report --from 2026-06-08 --to 2026-06-08 | jq -r '[.[].resource] | join(",")')" = room,stylist ]
	[ "$(berth --format json report --service cut --from 2026-06-08 --to 2026-06-08 | jq -r '[.[].resource] | join(",")')" = stylist ]
	[ "$(berth --format json report --resource room --resource stylist --resource room --from 2026-06-08 --to 2026-06-08 | jq -r '[.[].resource] | join(",")')" = room,stylist ]
}

@test "report: every format carries the same rows and fields" {
	week
	a=(--resource stylist --from 2026-06-08 --to 2026-06-14)
	json=$(berth --format json report "${a[@]}" | jq -c '.[] | [.period, .booked_minutes, .utilisation]')
	jsonl=$(berth --format jsonl report "${a[@]}" | jq -c '[.period, .booked_minutes, .utilisation]')
	[ "$json" = "$jsonl" ]
	csv=$(berth --format csv report "${a[@]}" | python3 -c '
import csv, json, sys
for r in csv.DictReader(sys.stdin):
    u = int(r["utilisation"]) if r["utilisation"] else None
    print(json.dumps([r["period"], int(r["booked_minutes"]), u], separators=(",", ":")))')
	[ "$json" = "$csv" ]
	run --separate-stderr berth --format tsv report "${a[@]}"
	[ "${lines[0]}" = "$(printf 'resource\tperiod\tstart\tend\tcapacity\topen_minutes\tbooked_minutes\theld_minutes\tfree_minutes\tutilisation\tbookings\tcancellations\tno_shows\toffers\tconversions\trevenue\tpaid')" ]
	[ "${#lines[@]}" -eq 8 ]
	# Off a terminal, table is the rows a script can read.
	run --separate-stderr berth report "${a[@]}"
	assert_success
	assert_line -n 0 --regexp '^resource +period +open_minutes +booked_minutes +held_minutes +free_minutes +utilisation +bookings +cancellations +no_shows +offers +conversions +revenue +paid$'
	assert_line -n 1 --regexp '^stylist +2026-06-08 +480 +120 +0 +360 +25 +1 +0 +0 +0 +0 +0.00 +0.00$'
	# An empty store: csv still has its header.
	BERTH_DB=$BATS_TEST_TMPDIR/empty berth init >/dev/null
	[ "$(BERTH_DB=$BATS_TEST_TMPDIR/empty berth --format csv report | wc -l)" -eq 1 ]
}

# --- the heat map ---

@test "report heat map: the known week's cells under LC_ALL=C.UTF-8 are the blocks of their levels" {
	week
	run --separate-stderr env LC_ALL=C.UTF-8 "$BERTH_BIN" report --heatmap always --resource stylist --from 2026-06-08 --to 2026-06-14
	assert_success
	[ "$(echo "$output" | map_rows)" = "$(expected_week ░ ▒ ▓ █)" ]
	assert_line --partial '░░ empty  ▒▒ under half  ▓▓ half or more  ██ full'
	# No colour off a terminal, and a week fits 80 columns.
	[[ $output != *$'\033'* ]]
	[ "$(echo "$output" | LC_ALL=C.UTF-8 wc -L)" -le 80 ]
}

@test "report heat map: under LC_ALL=C the same levels in ASCII" {
	week
	run --separate-stderr berth report --heatmap always --resource stylist --from 2026-06-08 --to 2026-06-14
	assert_success
	[ "$(echo "$output" | map_rows)" = "$(expected_week . - + '#')" ]
	assert_line --partial '.. empty  -- under half  ++ half or more  ## full'
	[ "$(echo "$output" | LC_ALL=C grep -c '[^ -~]')" -eq 0 ]
	assert_line -n 1 'stylist (UTC)'
}

@test "report heat map: one day's map has a row a resource; --by weekday a row a weekday" {
	week
	run --separate-stderr berth report --heatmap always --from 2026-06-08 --to 2026-06-08
	assert_success
	assert_line --regexp "^room +$(cells eeeeeeeeeefffeeeeeeeeeee . - + '#' | sed 's/[.+#]/\\&/g')  13%$"
	assert_line --regexp "^stylist +$(cells cccccccccffeeeeeeccccccc . - + '#' | sed 's/[.+#]/\\&/g')  25%$"
	run --separate-stderr berth report --heatmap always --by weekday --resource stylist --from 2026-06-08 --to 2026-06-14
	assert_success
	assert_line --regexp '^Mon +[ .#]+  25%$'
	[ "$(echo "$output" | grep -cE '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ')" -eq 7 ]
}

@test "report heat map: on a terminal table is the map, coloured unless NO_COLOR" {
	command -v script >/dev/null || skip "script(1) is not installed (bsdutils)"
	week
	# script(1) gives berth a terminal for its standard output.
	run script -qec "$BERTH_BIN report --resource stylist --from 2026-06-08 --to 2026-06-14" /dev/null
	assert_success
	assert_line --partial 'stylist (UTC)'
	[[ $output == *$'\033[31m##\033[0m'* ]]
	[[ $output == *$'\033[2m..\033[0m'* ]]
	run env NO_COLOR=1 script -qec "$BERTH_BIN report --resource stylist --from 2026-06-08 --to 2026-06-14" /dev/null
	assert_success
	[[ $output != *$'\033'* ]]
	[ "$(echo "$output" | tr -d '\r' | map_rows)" = "$(expected_week . - + '#')" ]
	# --heatmap never: the rows, terminal or not.
	run script -qec "$BERTH_BIN report --heatmap never --resource stylist --from 2026-06-08 --to 2026-06-08" /dev/null
	assert_line -n 0 --regexp '^resource +period'
}

@test "report --format svg: a well-formed standalone image that rsvg-convert draws" {
	command -v rsvg-convert >/dev/null || fail "rsvg-convert is not installed (sh share/deps.sh: librsvg2-bin)"
	week
	berth report --format svg --from 2026-06-08 --to 2026-06-14 >"$BATS_TEST_TMPDIR/week.svg"
	python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
ns = {"s": "http://www.w3.org/2000/svg"}
texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
for want in ("hour of the day", "day", "room (UTC)", "stylist (UTC)", "Mon 06-08", "23", "full", "closed"):
    assert want in texts, want
# 14 rows of 24 cells, each with its title; and the legend.
cells = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("s:title", ns) is not None]
assert len(cells) == 14 * 24, len(cells)
assert not any(e.get("href") or e.get("{http://www.w3.org/1999/xlink}href") for e in root.iter()), "refers elsewhere"
' "$BATS_TEST_TMPDIR/week.svg"
	rsvg-convert "$BATS_TEST_TMPDIR/week.svg" -o "$BATS_TEST_TMPDIR/week.png"
	[ "$(head -c 8 "$BATS_TEST_TMPDIR/week.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
}

# --- refusals ---

@test "report: refuses bad periods, bad --heatmap, times for dates, a backward or too long range" {
	week
	refuses 2 INVALID_ARGUMENT -- report --by minute
	refuses 2 INVALID_ARGUMENT -- report --heatmap sometimes
	refuses 2 INVALID_ARGUMENT -- --format json report --heatmap always
	refuses 2 INVALID_TIME -- report --from 2026-06-08T10:00
	refuses 2 INVALID_TIME -- report --to '+2h'
	refuses 2 INVALID_TIME -- report --from 2026-13-01
	refuses 2 INVALID_ARGUMENT -- report --from 2026-06-10 --to 2026-06-09
	refuses 2 INVALID_ARGUMENT -- report --from 2016-01-01 --to 2026-06-09
	refuses 2 INVALID_ARGUMENT -- report stylist
	refuses 2 INVALID_ARGUMENT -- --format ics report
	refuses 2 INVALID_ARGUMENT -- --format svg list
}

@test "report: an unknown resource or service is NOT_FOUND, in svg too, and nothing is written" {
	week
	refuses 3 NOT_FOUND -- report --resource nosuch
	refuses 3 NOT_FOUND -- report --service nosuch
	refuses 3 NOT_FOUND -- --format svg report --resource nosuch
	[ -z "$output" ]
	refuses 3 NOT_FOUND -- report --heatmap always --resource stylist --resource nosuch
	[ -z "$output" ]
}
