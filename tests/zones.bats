#!/usr/bin/env bats
# Zones come from the system's time-zone database (/usr/share/zoneinfo)
# and nowhere else, so a store means the same times on every machine: a
# zone found only under TZDIR, a damaged TZif file, and a POSIX TZ string
# are refused (INVALID_ARGUMENT, exit 2) wherever a zone is given (init
# --tz, TZ at init, resource add/set --tz), and TZDIR never changes what a
# stored zone means.

load helper
bats_require_minimum_version 1.5.0

# A private zoneinfo: Fake/Zone (Paris's data, found only here), a Paris
# that holds Tokyo's data, a UTC that does too, and two damaged files.
fake_tzdir() {
	Z=$BATS_TEST_TMPDIR/zoneinfo
	mkdir -p "$Z/Fake" "$Z/Europe" "$Z/Bad"
	cp /usr/share/zoneinfo/Europe/Paris "$Z/Fake/Zone"
	cp /usr/share/zoneinfo/Asia/Tokyo "$Z/Europe/Paris"
	cp /usr/share/zoneinfo/Asia/Tokyo "$Z/UTC"
	{ cat /usr/share/zoneinfo/Europe/Paris; echo garbage; } >"$Z/Bad/Garbage"
	head -c 1000 /usr/share/zoneinfo/Europe/Paris >"$Z/Bad/Cut"
}

@test "zones: a zone only under TZDIR is refused by init --tz, nothing made" {
	fake_tzdir
	TZDIR=$Z refuses 2 INVALID_ARGUMENT -- init --tz Fake/Zone
	[ ! -e "$BERTH_DB" ]
	TZDIR=$Z refuses 2 INVALID_ARGUMENT -- init --tz Bad/Garbage
	TZDIR=$Z refuses 2 INVALID_ARGUMENT -- init --tz Bad/Cut
	[ ! -e "$BERTH_DB" ]
}

@test "zones: a zone only under TZDIR is refused by resource add and set" {
	fake_tzdir
	seed
	for zone in Fake/Zone Bad/Garbage Bad/Cut; do
		TZDIR=$Z refuses 2 INVALID_ARGUMENT -- resource add r9 --tz "$zone"
		TZDIR=$Z refuses 2 INVALID_ARGUMENT -- resource set stylist --tz "$zone"
	done
	run --separate-stderr env TZDIR="$Z" "$BERTH_BIN" resource add r9 --tz Fake/Zone
	[[ $stderr == *"unknown time zone 'Fake/Zone'"* ]]
}

@test "zones: a zone with leap seconds (right/) is refused" {
	[ -e /usr/share/zoneinfo/right/Europe/Paris ] || skip "no right/ zones"
	seed
	refuses 2 INVALID_ARGUMENT -- resource add r9 --tz right/Europe/Paris
	refuses 2 INVALID_ARGUMENT -- init --tz right/UTC
}

@test "zones: TZ naming a zone only under TZDIR is refused at init, nothing made" {
	fake_tzdir
	TZ=Fake/Zone TZDIR=$Z refuses 2 INVALID_ARGUMENT -- init
	[ ! -e "$BERTH_DB" ]
	TZ=$Z/Fake/Zone refuses 2 INVALID_ARGUMENT -- init
	TZ=:$Z/Europe/Paris refuses 2 INVALID_ARGUMENT -- init
	[ ! -e "$BERTH_DB" ]
}

@test "zones: a POSIX TZ string at init is refused, not read as UTC" {
	for tz in 'EST+5EDT,M3.2.0/2,M11.1.0/2' 'CET-1CEST,M3.5.0,M10.5.0/3' \
		UTC0 '<+03>-3' Nowhere/City ../../etc/passwd; do
		TZ=$tz refuses 2 INVALID_ARGUMENT -- init
		[ ! -e "$BERTH_DB" ]
	done
	run --separate-stderr env TZ='EST+5EDT,M3.2.0/2,M11.1.0/2' "$BERTH_BIN" init
	[[ $stderr == *"TZ is 'EST+5EDT,M3.2.0/2,M11.1.0/2'"*"--tz"* ]]
}

@test "zones: a bad TZ is refused by every write that would make the store" {
	export TZ='EST+5EDT,M3.2.0/2,M11.1.0/2'
	refuses 2 INVALID_ARGUMENT -- resource add r1
	[ ! -e "$BERTH_DB" ]
	refuses 2 INVALID_ARGUMENT -- policy set hold_ttl 10m
	[ ! -e "$BERTH_DB" ]
}

@test "zones: --tz at init wins over a bad TZ" {
	TZ='EST+5EDT,M3.2.0/2,M11.1.0/2' run --separate-stderr berth --format json init --tz America/New_York
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = America/New_York ]
}

@test "zones: a bad TZ does not matter once the store exists" {
	TZ=Europe/Paris berth init >/dev/null
	export TZ='EST+5EDT,M3.2.0/2,M11.1.0/2'
	[ "$(field tz -- init)" = Europe/Paris ]
	berth -q resource add r1
	[ "$(field tz -- resource show r1)" = Europe/Paris ]
	berth -q policy set hold_ttl 10m
	[ "$(field start -- book r1 2026-06-10T09:00 --duration 1h)" = 2026-06-10T09:00:00+02:00 ]
}

@test "zones: TZ spelled as a zone of the system's database is taken" {
	TZ=:Asia/Tokyo run --separate-stderr berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = Asia/Tokyo ]
	store_rm
	TZ=/usr/share/zoneinfo/America/New_York run --separate-stderr berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = America/New_York ]
	store_rm
	TZ=EST5EDT run --separate-stderr berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = EST5EDT ]
}

@test "zones: an unset, empty or /etc/localtime TZ is the system's zone" {
	want=$(env -u TZ "$BERTH_BIN" --db "$BATS_TEST_TMPDIR/a" --format json init | jq -r .tz)
	[ -n "$want" ] && [ "$want" != null ]
	TZ= run --separate-stderr berth --db "$BATS_TEST_TMPDIR/b" --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = "$want" ]
	TZ=/etc/localtime run --separate-stderr berth --db "$BATS_TEST_TMPDIR/c" --format json init
	assert_success
	[ "$(echo "$output" | jq -r .tz)" = "$want" ]
}

@test "zones: TZDIR never changes what a stored zone means" {
	fake_tzdir
	berth init >/dev/null
	berth resource add paris --tz Europe/Paris >/dev/null
	berth resource add utc --tz UTC >/dev/null
	# Under TZDIR, Europe/Paris and UTC hold Tokyo's data (+09:00).
	export TZDIR=$Z
	[ "$(field start -- book paris 2026-06-10T09:00 --duration 1h)" = 2026-06-10T09:00:00+02:00 ]
	[ "$(field start -- book utc 2026-06-10T09:00 --duration 1h)" = 2026-06-10T09:00:00+00:00 ]
	[ "$(berth --format json list --resource paris | jq -r '.[0].end')" = 2026-06-10T10:00:00+02:00 ]
	# A TZDIR without the zone at all does not make it UTC either.
	export TZDIR=$BATS_TEST_TMPDIR/empty
	mkdir -p "$TZDIR"
	[ "$(field start -- book paris 2026-06-11T09:00 --duration 1h)" = 2026-06-11T09:00:00+02:00 ]
	[ "$(berth --format json list --resource paris --from 2026-06-11 | jq -r '.[0].start')" = 2026-06-11T09:00:00+02:00 ]
}

@test "zones: a zone given by TZDIR is not the store's zone either" {
	fake_tzdir
	TZDIR=$Z TZ=Europe/Paris run --separate-stderr berth --format json init
	assert_success
	# The name is the system's Paris, and times are Paris times.
	[ "$(echo "$output" | jq -r .tz)" = Europe/Paris ]
	berth -q resource add r1
	[ "$(TZDIR=$Z field start -- book r1 2026-06-10T09:00 --duration 1h)" = 2026-06-10T09:00:00+02:00 ]
}
