#!/bin/sh
# Runs a representative set of berth commands, each under valgrind's
# memcheck: every verb, list in every format, book --batch, help, and
# refusals (bad input, not found, conflicts, unknown options). Fails on any
# memory error or definite leak (valgrind exits 99), or when a command's
# exit status is not the one expected. Ends with one line
# "valgrind: N commands, N failed". Used by `make valgrind`.
set -u
BERTH_BIN=${BERTH_BIN:-build/berth}
case "$BERTH_BIN" in /*) ;; *) BERTH_BIN="$(pwd)/$BERTH_BIN" ;; esac
command -v valgrind >/dev/null 2>&1 || {
	echo "valgrind: not installed (apt-get install valgrind)" >&2
	exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BERTH_DB="$tmp/db" BERTH_NOW=2026-06-01T10:00:00Z TZ=UTC LC_ALL=C
unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
n=0 failed=0

# vg EXIT ARGS...: berth ARGS under memcheck (stdin from $tmp/in when it
# exists); exit EXIT is expected.
vg() {
	want=$1
	shift
	n=$((n + 1))
	in=/dev/null
	[ -f "$tmp/in" ] && in=$tmp/in
	valgrind --leak-check=full --errors-for-leak-kinds=definite \
		--error-exitcode=99 -q --log-file="$tmp/vg.log" \
		"$BERTH_BIN" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	rm -f "$tmp/in"
	if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
		failed=$((failed + 1))
		echo "FAIL (valgrind): berth $*"
		sed 's/^/    /' "$tmp/vg.log"
	elif [ "$rc" -ne "$want" ]; then
		failed=$((failed + 1))
		echo "FAIL (exit $rc, want $want): berth $*"
		sed 's/^/    /' "$tmp/err"
	fi
}

# The setup
vg 0 init --tz UTC
vg 0 resource add stylist --slot 1h --location Salon --attr role=stylist
vg 0 resource add workshop --capacity 3 --slot 2h
vg 0 resource add hall --seats 100 --tz Europe/Paris
vg 0 resource add tmp
vg 0 resource list
vg 0 resource show hall
vg 0 resource set workshop --capacity 4 --attr teacher=ana --buffer 10m
vg 0 resource set stylist --attr role= --location ''
vg 0 resource rm tmp
vg 0 policy set hold_ttl 15m
vg 0 policy set pending_timeout 1h --resource workshop
vg 0 policy set max_reschedules 2
vg 0 policy list
vg 0 policy list --resource workshop

# The lifecycle
vg 0 lock hall 2026-06-15T20:00 --duration 3h --seat 12,13 --customer alice \
	--idempotency-key k-lock --attr source=web
vg 0 lock hall 2026-06-15T20:00 --duration 3h --seat 12,13 --customer alice \
	--idempotency-key k-lock --attr source=web
vg 0 lock workshop 2026-06-10T10:00 --quantity 2 --ttl 10m --customer bea
vg 0 lock stylist 2026-06-10T09:00 --customer carl
vg 0 confirm h1 --payment paid --payment-ref card-4242 --idempotency-key k-conf
vg 0 release h2
vg 7 confirm h3 --payment failed
vg 0 book stylist 2026-06-11T09:00 --end 2026-06-11T10:30 --customer dan --attr note=first
vg 0 book workshop 2026-06-10T14:00 --quantity 3 --pending --customer eve \
	--idempotency-key k-book
vg 0 book hall 2026-06-16T20:00 --duration 2h --quantity 4
vg 0 availability hall --at 'tomorrow 20:00'
vg 0 list --from today --to 'next mon 10:00'
vg 0 --format ics list
vg 0 --format ics slots workshop --duration 1h --to 2026-06-11
vg 0 report --by hour --from 2026-06-10 --to 2026-06-16
vg 0 report --heatmap always --by weekday --from 2026-06-10
vg 0 --format svg report --from 2026-06-10 --to 2026-06-10
vg 3 --format svg report --resource nosuch
vg 2 report --from 2026-06-10T09:00
vg 0 availability hall --at 2026-06-16T20:30:00.123Z
cat >"$tmp/in" <<'EOF'
{"resource":"workshop","start":"2026-06-12T09:00Z","duration":"1h","customer":"c1"}
{"resource":"workshop","start":"2026-06-12T09:00Z","duration":"1h","quantity":3,"pending":true,"attrs":{"k":"v"}}
{"resource":"hall","start":"2026-06-17T20:00","duration":"1h","seats":[1,2,3],"idempotency_key":"k-b3"}
{"resource":"workshop","start":"2026-06-12T09:00Z","duration":"1h","quantity":4}
{"resource":"nosuch","start":"2026-06-12T09:00Z"}
not json

{"resource":"stylist","start":"2026-06-12T09:00Z","bogus":1}
EOF
vg 4 book --batch
vg 0 confirm b3
vg 0 pay b3 --status paid --ref pi_1 --idempotency-key k-pay
vg 0 pay b3 --status refunded --ref re_1
vg 0 cancel b4 --reason "customer called" --idempotency-key k-cancel
vg 0 customer add dan --name 'Dan D.' --email dan@example.org --attr vehicle='VW Golf'
vg 0 customer set dan --phone '+49 30 1234' --attr vehicle=
vg 0 customer list
vg 0 --format json customer show dan
vg 4 customer add dan
vg 3 customer show nobody
vg 2 customer add x --email nope
vg 0 customer forget dan
vg 0 customer forget eve
vg 0 --format json audit customer/dan
vg 0 show h1
vg 0 show b1
vg 0 --format json show b2
for f in table json jsonl csv tsv; do
	vg 0 --format "$f" list
	vg 0 --format "$f" list --holds
	vg 0 --format "$f" audit
done
vg 0 list --resource workshop --status confirmed --from 2026-06-10 --to 2026-06-13
vg 0 list --customer alice
vg 0 availability workshop
vg 0 availability hall --at "2026-06-15 21:00"
vg 0 --format json availability stylist --at 2026-06-10T09:30Z
vg 0 --now 2026-06-10T12:00Z expire --dry-run
vg 0 --now 2026-06-10T12:00Z expire
vg 0 check
vg 0 check --repair
# Damage an index and a record, then check, repair and refuse.
if [ -x "$(dirname "$BERTH_BIN")/tests/damage" ]; then
	"$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" byres delete
	"$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" profile flip
	vg 10 check
	vg 10 --format json check
	vg 10 book stylist 2026-06-11T09:00 --duration 1h
	vg 0 check --repair
	vg 0 check
fi
vg 0 stats
vg 0 --format json stats
# The waitlist: an entry on the full stylist slot, offered at the cancel,
# lapsing at expire; one offered at once; one expired; the refusals.
wb=$("$BERTH_BIN" --format json book stylist 2026-06-21T09:00 --duration 1h | jq -r .id)
vg 0 waitlist add stylist --customer wl1 --duration 1h --times 09:00-10:00 \
	--from 2026-06-21 --to 2026-06-21 --priority 3
vg 0 waitlist add workshop --customer wl2 --duration 30m --days mon-fri
vg 0 waitlist add workshop --customer wl3 --duration 1h --to 2026-06-02 --days sun
vg 3 waitlist add --service nosuch --customer wl4
vg 0 cancel "$wb"
vg 0 waitlist list
vg 0 --format json waitlist list --status offered
vg 0 waitlist show w1
vg 0 waitlist rm w2
vg 2 waitlist add stylist --customer x
vg 3 waitlist show w99
vg 4 waitlist rm w2
vg 0 --now 2026-06-10T12:00Z expire
vg 0 audit w1
vg 0 audit b1
vg 0 audit --since 2026-06-01 --actor "$(id -un)" --action booking.created
if "$BERTH_BIN" --list-cmds | grep -qx backup; then
	vg 0 backup "$tmp/backup.mdb"
	"$BERTH_BIN" --list-cmds | grep -qx restore &&
		vg 0 --db "$tmp/restored" restore "$tmp/backup.mdb"
fi
# The whole store out, and into new stores; bookings merged from csv.
vg 0 export --all --audit
cp "$tmp/out" "$tmp/all.jsonl"
vg 0 --db "$tmp/imported" import "$tmp/all.jsonl"
vg 3 --db "$tmp/imported2" import "$tmp/none.jsonl.missing"
printf 'resource,start,duration,customer\nworkshop,2026-05-01 10:00,1h,"Smith, Jo"\n' >"$tmp/in"
vg 0 --format csv import --merge -
printf 'resource,start,colour\n' >"$tmp/in"
vg 2 --db "$tmp/imported3" --format csv import -
# A store of format 1, upgraded.
if [ -f tests/fixtures/v1/store.mdb ]; then
	mkdir -p "$tmp/v1"
	cp tests/fixtures/v1/store.mdb "$tmp/v1/data.mdb"
	vg 10 --db "$tmp/v1" list
	vg 0 --db "$tmp/v1" upgrade
	vg 0 --db "$tmp/v1" --now 2026-06-01T10:20:00Z check
fi

# Help, versions, listings
vg 0 --help
vg 0 help
vg 0 lock --help
vg 0 resource --help
vg 0 --version
vg 0 --list-cmds
vg 0 book --list-opts
vg 0 resource --list-cmds

# Refusals
vg 2 lock stylist 2026-02-30T10:00
vg 2 book workshop 'mon 10:00'
vg 2 lock stylist 2026-06-10T09:00:00.Z
vg 2 book workshop 2026-06-10T09:00 --quantity 0x10
vg 2 lock hall 2026-06-15T20:00 --seat 1,1
vg 2 resource add 'bad name'
vg 2 resource add x --attr "$(printf 'k=\001')"
vg 2 show x1
vg 2 --format json lock stylist 2026-06-10T09:00 --bogus
vg 2 lock stylist
vg 2 policy set hold_ttl 0
vg 2 --now never list
vg 2 nosuch
vg 2 help nosuch
vg 2
vg 2 -q
vg 3 show b999
vg 3 lock nosuch 2026-06-10T09:00
vg 4 book stylist 2026-06-11T09:00 --duration 1h
vg 4 lock hall 2026-06-15T20:00 --duration 3h --seat 12
vg 4 book workshop 2026-06-10T10:00 --quantity 9 --idempotency-key k-book
vg 4 release h1
vg 4 cancel b4
vg 5 book stylist 2026-05-01T09:00
vg 6 --now 2026-06-10T12:00Z confirm b6
vg 3 --db "$tmp/none" list

echo "valgrind: $n commands, $failed failed"
[ "$failed" -eq 0 ]
