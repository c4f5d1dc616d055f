#!/bin/sh
# make demo: a real booking flow on a temporary store, printed as it runs.
set -eu
B=${BERTH_BIN:-build/berth}
case "$B" in /*) ;; *) B="$(pwd)/$B" ;; esac
dir=$(mktemp -d "${TMPDIR:-/tmp}/berth-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export BERTH_DB="$dir/db" BERTH_NOW="2026-06-01T10:00:00+02:00"
unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
	say() { printf '\n$ %s\n' "$*"; }
fi
run() { say "berth $*"; "$B" "$@"; }
# A command that must be refused: show it, and its exit status. The status
# is taken where the command ends: after an `if`, $? is the if's own (0).
refused() {
	say "berth $*"
	rc=0
	"$B" "$@" || rc=$?
	if [ "$rc" -eq 0 ]; then echo "demo: expected a refusal" >&2; exit 1; fi
	echo "(exit $rc)"
}

echo "A temporary store at $BERTH_DB; the clock is $BERTH_NOW (BERTH_NOW)."
run init --tz Europe/Paris

echo; echo "== A concert: 100 numbered seats, two locked, paid, confirmed =="
run resource add concert --seats 100 --location "Salle Pleyel"
h1=$("$B" --format json lock concert 2026-06-15T20:00 --duration 3h --seat 1 --customer alice | sed 's/.*"id":"\([^"]*\)".*/\1/')
h2=$("$B" --format json lock concert 2026-06-15T20:00 --duration 3h --seat 2 --customer alice | sed 's/.*"id":"\([^"]*\)".*/\1/')
say "berth lock concert 2026-06-15T20:00 --duration 3h --seat 1 --customer alice   # -> $h1"
say "berth lock concert 2026-06-15T20:00 --duration 3h --seat 2 --customer alice   # -> $h2"
run availability concert
run confirm "$h1" --payment paid --payment-ref card-4242
run confirm "$h2" --payment paid --payment-ref card-4243
run availability concert
run --format tsv list --customer alice
run --format tsv list --holds

echo; echo "== A flower workshop: capacity 3, the fourth is refused =="
run resource add workshop --capacity 3 --slot 2h
for who in bea carl dina; do
	run -q book workshop 2026-06-20T10:00 --customer "$who"
done
refused book workshop 2026-06-20T10:00 --customer erik

echo; echo "== A salon from its catalogue file: three stylists, a lunch break, 45-minute cuts =="
top=$(cd "$(dirname "$0")/.." && pwd)
say "berth apply share/examples/salon.yaml"
"$B" apply "$top/share/examples/salon.yaml"
run -q book ana 2026-06-02T10:00 --duration 1h --customer hana
run slots --service cut --from 2026-06-02 --to '2026-06-02 10:30'
refused book ana 2026-06-02T12:00 --duration 1h --customer ivan

echo; echo "== A hold expires, is free at once, and is swept by berth expire =="
run lock ana 2026-06-02T09:00 --duration 45m --customer fay --ttl 5m
say "(ten minutes later: BERTH_NOW=2026-06-01T10:10:00+02:00)"
export BERTH_NOW="2026-06-01T10:10:00+02:00"
run --format tsv list --holds --resource ana
run book ana 2026-06-02T09:00 --duration 45m --customer gus
run expire

echo; echo "== Who changed the booking, and the events it sent out =="
run audit b1
# A hook: here a script that logs each event it is given (its standard
# output joins notify's standard error); a webhook is
# share/examples/webhook (see berth-notify(1)).
cat >"$dir/hook" <<'EOF2'
#!/bin/sh
printf 'hook: event %s %s (attempt %s)\n' "$BERTH_EVENT_ID" "$BERTH_EVENT_TYPE" "$BERTH_EVENT_ATTEMPT"
EOF2
chmod +x "$dir/hook"
run --format table notify --once --type 'booking.*' --exec "$dir/hook"
run check
echo "(exit $?: every invariant holds)"
echo
echo "demo: done (the store is deleted on exit)."
