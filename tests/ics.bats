#!/usr/bin/env bats
# --format ics (issue 12): list writes RFC 5545 iCalendar, one VEVENT a
# booking, and slots one transparent VEVENT a free window. Every document is
# read back by python3-icalendar (tests/helpers/ics-read.py), which also
# fails on a line over 75 octets, a line not ending in CRLF, and a fold
# inside a UTF-8 sequence.

load helper
bats_require_minimum_version 1.5.0

# The Python that has Debian's python3-icalendar (a python3 earlier in PATH,
# a pyenv one, may not).
ics_python() {
	local py
	for py in python3 /usr/bin/python3; do
		"$py" -c 'import icalendar' 2>/dev/null && { echo "$py"; return; }
	done
	echo "python3-icalendar is not installed (sh share/deps.sh)" >&2
	return 1
}
ics_read() { "$(ics_python)" "$BATS_TEST_DIRNAME/helpers/ics-read.py"; }

# The events of `berth ARGS --format ics`, one line each (ics-read.py).
events() { berth --format ics "$@" | ics_read; }

@test "ics: every booking is one VEVENT with its UTC times, UID, SEQUENCE and STATUS" {
	seed
	berth book stylist 2026-06-10T09:00 --duration 1h --customer ann >/dev/null
	berth book stylist 2026-06-10T11:00 --duration 30m --customer bob --pending >/dev/null
	berth book concert 2026-06-12T20:00 --duration 2h --seat 7 --customer cy >/dev/null
	run --separate-stderr events list
	assert_success
	[ "$(echo "$output" | wc -l)" -eq 3 ]
	sid=$(echo "$output" | head -n 1 | cut -f2 | sed 's/^b1@//')
	[[ "$sid" =~ ^[0-9a-f]{32}$ ]]
	assert_line -n 0 "$(printf 'VEVENT\tb1@%s\t2026-06-10T09:00:00Z\t2026-06-10T10:00:00Z\tCONFIRMED\t1\tstylist: ann\tstylist\tOPAQUE' "$sid")"
	assert_line -n 1 "$(printf 'VEVENT\tb2@%s\t2026-06-10T11:00:00Z\t2026-06-10T11:30:00Z\tTENTATIVE\t1\tstylist: bob\tstylist\tOPAQUE' "$sid")"
	# Europe/Paris is +02:00 in June: 20:00 there is 18:00 UTC.
	assert_line -n 2 "$(printf 'VEVENT\tb3@%s\t2026-06-12T18:00:00Z\t2026-06-12T20:00:00Z\tCONFIRMED\t1\tconcert: cy\tconcert\tOPAQUE' "$sid")"
}

@test "ics: the UID is stable across runs and names the store, so two stores never collide" {
	seed
	berth book stylist 2026-06-10T09:00 --duration 1h >/dev/null
	a=$(events list | cut -f2)
	b=$(BERTH_NOW=2026-06-02T10:00:00Z events list | cut -f2)
	[ "$a" = "$b" ]
	BERTH_DB=$BATS_TEST_TMPDIR/other seed
	BERTH_DB=$BATS_TEST_TMPDIR/other berth book stylist 2026-06-10T09:00 --duration 1h >/dev/null
	c=$(BERTH_DB=$BATS_TEST_TMPDIR/other events list | cut -f2)
	[ "${a%@*}" = b1 ] && [ "${c%@*}" = b1 ]
	[ "$a" != "$c" ]
}

@test "ics: a cancelled booking stays in the feed as CANCELLED with a higher SEQUENCE" {
	seed
	berth book stylist 2026-06-10T09:00 --duration 1h --customer ann >/dev/null
	berth cancel b1 >/dev/null
	run --separate-stderr events list
	assert_success
	[ "$(echo "$output" | cut -f5,6)" = "$(printf 'CANCELLED\t2')" ]
	# A calendar program keeps the newer of two copies by SEQUENCE.
	berth book stylist 2026-06-11T09:00 --duration 1h >/dev/null
	berth reschedule b2 2026-06-11T10:00 >/dev/null
	[ "$(events list --status confirmed | cut -f3,6)" = "$(printf '2026-06-11T10:00:00Z\t2')" ]
}

@test "ics: a long summary folds at 75 octets without splitting a UTF-8 sequence, and text is escaped" {
	seed
	long="Zoë, Ñandú; \\ Kraków — ✓✓✓ and a summary long enough to fold more than once, twice over: $(printf 'é%.0s' $(seq 40))"
	berth book stylist 2026-06-10T09:00 --duration 1h --customer "$long" >/dev/null
	berth --format ics list >"$BATS_TEST_TMPDIR/feed.ics"
	# Folded: at least two continuation lines for the summary.
	[ "$(grep -c $'^ ' "$BATS_TEST_TMPDIR/feed.ics")" -ge 2 ]
	# Escaped as RFC 5545 says: \, \; and \\.
	grep -q 'SUMMARY:stylist: Zoë\\, Ñandú\\; \\\\ Kraków' "$BATS_TEST_TMPDIR/feed.ics"
	run --separate-stderr ics_read <"$BATS_TEST_TMPDIR/feed.ics"
	assert_success
	[ "$(echo "$output" | cut -f7)" = "stylist: $long" ]
}

@test "ics: a resource in Asia/Kathmandu (+05:45) is placed at the right UTC instant" {
	seed
	berth resource add ktm --tz Asia/Kathmandu >/dev/null
	berth book ktm 2026-06-10T10:00 --duration 45m --customer dev >/dev/null
	run --separate-stderr events list --resource ktm
	assert_success
	[ "$(echo "$output" | cut -f3,4)" = "$(printf '2026-06-10T04:15:00Z\t2026-06-10T05:00:00Z')" ]
	berth --format ics list --resource ktm | grep -q $'^X-WR-CALNAME:ktm\r$'
}

@test "ics: every line ends in CRLF; an empty listing is an empty calendar" {
	seed
	run --separate-stderr berth --format ics list
	assert_success
	[ "$(printf '%s\n' "$output" | grep -vc $'\r$')" -eq 0 ]
	[ "$(printf '%s\n' "$output" | head -n 1)" = $'BEGIN:VCALENDAR\r' ]
	[ "$(printf '%s\n' "$output" | tail -n 1)" = $'END:VCALENDAR\r' ]
	run --separate-stderr events list
	assert_success
	assert_output ""
}

@test "ics: DTSTAMP is the booking's last change, so an unchanged feed is the same bytes" {
	seed
	berth book stylist 2026-06-10T09:00 --duration 1h >/dev/null
	a=$(berth --format ics list)
	b=$(BERTH_NOW=2026-06-03T10:00:00Z berth --format ics list)
	[ "$a" = "$b" ]
	echo "$a" | grep -q $'^DTSTAMP:20260601T100000Z\r$'
	BERTH_NOW=2026-06-02T10:00:00Z berth cancel b1 >/dev/null
	berth --format ics list | grep -q $'^DTSTAMP:20260602T100000Z\r$'
}

@test "ics: holds are TENTATIVE while live, CANCELLED once released" {
	seed
	berth lock stylist 2026-06-10T09:00 --duration 1h >/dev/null
	berth lock stylist 2026-06-10T11:00 --duration 1h >/dev/null
	berth release h2 >/dev/null
	run --separate-stderr events list --holds
	assert_success
	[ "$(echo "$output" | cut -f2 | sed 's/@.*//' | paste -sd,)" = h1,h2 ]
	[ "$(echo "$output" | cut -f5 | paste -sd,)" = TENTATIVE,CANCELLED ]
}

@test "ics: slots are transparent events, one a free window, with what is left" {
	seed
	berth resource add room --capacity 3 --slot 1h >/dev/null
	berth book room 2026-06-10T09:00 --quantity 2 >/dev/null
	run --separate-stderr events slots room --from 2026-06-10T09:00 --to 2026-06-10T10:59
	assert_success
	[ "$(echo "$output" | wc -l)" -eq 2 ]
	assert_line -n 0 --regexp $'^VEVENT\tfree-20260610T090000Z-room@[0-9a-f]{32}\t2026-06-10T09:00:00Z\t2026-06-10T10:00:00Z\t\t\tfree: room \\(1 left\\)\troom\tTRANSPARENT$'
	assert_line -n 1 --regexp $'\tfree: room \\(3 left\\)\t'
}

@test "ics: refused by the verbs that do not write it, and svg by list" {
	seed
	refuses 2 INVALID_ARGUMENT -- --format ics show b1
	refuses 2 INVALID_ARGUMENT -- --format ics resource list
	refuses 2 INVALID_ARGUMENT -- --format svg list
	BERTH_FORMAT=ics refuses 2 INVALID_ARGUMENT -- availability stylist
	refuses 2 INVALID_ARGUMENT -- --format ical list
}

# The job line of a crontab file (not a comment, not an assignment).
cron_job() { grep -v '^#' "$1" | grep -v '^$' | grep -v '^[A-Z_]*=' | cut -d' ' -f6-; }

@test "ics-feed.cron: the installed job writes the feed whole, by rename, under cron's PATH" {
	local t root feeds db job
	t=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	root="$BATS_TEST_TMPDIR/root" feeds="$BATS_TEST_TMPDIR/www" db="$BATS_TEST_TMPDIR/store"
	run make -s -C "$t" install PREFIX="$root"
	assert_success
	job=$(cron_job "$root/share/berth/examples/ics-feed.cron")
	# The binary by its full path, and every five minutes.
	[[ $job == *"$root/bin/berth --format ics list"* ]]
	[ "$(grep -v '^#' "$root/share/berth/examples/ics-feed.cron" | grep -v '^[A-Z_]*=' | grep -v '^$' | cut -d' ' -f1-5)" = '*/5 * * * *' ]
	grep -qx 'RESOURCE=stylist' "$root/share/berth/examples/ics-feed.cron"
	# Far enough ahead that the real clock (cron passes no BERTH_NOW)
	# keeps them in the feed's 30 days back and on.
	BERTH_DB=$db seed
	BERTH_DB=$db berth book stylist 2031-06-10T09:00 --duration 1h --customer ann >/dev/null
	BERTH_DB=$db berth book workshop 2031-06-10T09:00 --duration 1h >/dev/null
	mkdir -p "$feeds"
	echo old >"$feeds/stylist.ics"
	run --separate-stderr env -i PATH=/usr/bin:/bin HOME="$BATS_TEST_TMPDIR" SHELL=/bin/sh \
		BERTH_DB="$db" FEED_DIR="$feeds" RESOURCE=stylist sh -c "$job"
	assert_success
	assert_equal "$stderr" ""
	# One booking, the stylist's, and no temporary file left beside it.
	[ "$(ics_read <"$feeds/stylist.ics" | cut -f2 | sed 's/@.*//')" = b1 ]
	[ "$(ls "$feeds")" = stylist.ics ]
	[ "$(stat -c %a "$feeds/stylist.ics")" = 644 ]
	# A failure leaves the last feed as it was, removes its temporary
	# file, and says why on stderr (cron mails it).
	cp "$feeds/stylist.ics" "$BATS_TEST_TMPDIR/before.ics"
	run --separate-stderr env -i PATH=/usr/bin:/bin HOME="$BATS_TEST_TMPDIR" SHELL=/bin/sh \
		BERTH_DB="$db" FEED_DIR="$feeds" RESOURCE=nosuch sh -c "$job; f=\$FEED_DIR/stylist.ics; test -s \"\$f\""
	[[ $stderr == "berth: NOT_FOUND: "* ]]
	cmp "$feeds/stylist.ics" "$BATS_TEST_TMPDIR/before.ics"
	[ "$(ls "$feeds")" = stylist.ics ]
}
