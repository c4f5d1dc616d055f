#!/usr/bin/env bash
# tests/stress/batch-crash.sh - SIGKILL `berth book --batch` mid-stream.
#
# Each round feeds a long batch (LINES lines, default 50000) to
# `berth book --batch`, from a file or through a pipe, and SIGKILLs it after
# a random delay within its expected run time. Most lines book a place on a
# resource with room for all of them; every 7th asks for a resource of
# capacity 3 (its first 3 lines a window book, the rest are CAPACITY_FULL);
# every 101st names a resource that does not exist. So the outcome of every
# line is known in advance. After each kill:
#  - every complete result line printed is for its input line, in order, with
#    the outcome expected, and each booking printed is in the store as
#    printed (printed means durable);
#  - the store holds, of this round, exactly the bookings expected of lines
#    1..M for some M: whole lines, in order, nothing half-applied; those not
#    printed (committed, killed before printing) are at most one group
#    (GROUP lines, at most 16384: GROUP_MAX in cmd/book.c; groups grow to it);
#  - `berth check` passes and the next writer is not blocked.
# It prints one summary line and exits 0 only when all of that holds.
#
# Uses bash, coreutils and jq. Environment: KILLS (rounds, default 10), LINES,
# BERTH_BIN (default build/berth), KEEP=1 to keep the work directory (it is
# always kept, and named, on failure), TMPDIR.

set -u
KILLS=${KILLS:-10}
LINES=${LINES:-50000}
GROUP=${GROUP:-16384}  # the most lines a group commits at once: GROUP_MAX in cmd/book.c
here=$(cd "$(dirname "$0")" && pwd)
BERTH_BIN=${BERTH_BIN:-$here/../../build/berth}
BERTH_BIN=$(cd "$(dirname "$BERTH_BIN")" && pwd)/$(basename "$BERTH_BIN")
[ -x "$BERTH_BIN" ] || { echo "batch-crash: no berth at $BERTH_BIN" >&2; exit 2; }
command -v jq >/dev/null || { echo "batch-crash: needs jq" >&2; exit 2; }
[ "$KILLS" -le 80 ] || { echo "batch-crash: at most 80 rounds (a day each, within the horizon)" >&2; exit 2; }

unset BERTH_DB BERTH_FORMAT BERTH_ROLE BERTH_ACTOR XDG_DATA_HOME
export TZ=UTC LC_ALL=C BERTH_NOW=2026-06-01T10:00:00Z

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-batch-crash.XXXXXX")
cp "$BERTH_BIN" "$work/berth" || exit 2
BERTH_BIN=$work/berth
# TORTURE_DB: a store to use instead of a new directory (PostgreSQL).
DB=${TORTURE_DB:-$work/db}
b() { "$BERTH_BIN" --db "$DB" "$@"; }
viol=$work/violations
: >"$viol"
v() { echo "round $k: $*" >>"$viol"; }

setup() {
	"$BERTH_BIN" --db "$1" -q init &&
		"$BERTH_BIN" --db "$1" -q resource add bulk --capacity 1000000 &&
		"$BERTH_BIN" --db "$1" -q resource add tight --capacity 3 ||
		{ echo "batch-crash: setup failed" >&2; exit 1; }
}
setup "$DB"

# gen DAY PREFIX: the requests on stdout; the expected outcome of each line
# (ok or an error code) in $work/expect.
gen() {
	awk -v n="$LINES" -v day="$1" -v p="$2" -v expf="$work/expect" '
	function t(min) { return sprintf("%sT%02d:%02d:00Z", day, int(min / 60), min % 60) }
	BEGIN {
		for (i = 1; i <= n; i++) {
			if (i % 101 == 0) {
				r = "nosuch"; s = t(0); d = "1h"; q = 1; e = "NOT_FOUND"
			} else if (i % 7 == 0) {
				w = int(i / 7) % 40
				r = "tight"; s = t(w * 30); d = "30m"; q = 1
				e = (used[w]++ < 3) ? "ok" : "CAPACITY_FULL"
			} else {
				r = "bulk"; s = t((i % 46) * 30); d = "1h"; q = i % 3 + 1; e = "ok"
			}
			printf "{\"resource\":\"%s\",\"start\":\"%s\",\"duration\":\"%s\",\"quantity\":%d,\"customer\":\"%s%d\"}\n", r, s, d, q, p, i
			print e > expf
		}
	}'
}

# How long a whole batch takes here, on a store of its own: the kills land
# between 2% and 90% of it.
gen 2026-06-02 cal- >"$work/cal.jsonl"
setup "$work/cal-db"
t0=$(date +%s%N)
"$BERTH_BIN" --db "$work/cal-db" book --batch <"$work/cal.jsonl" >"$work/cal.out" 2>&1
[ "$(grep -c '"id"' "$work/cal.out")" -gt $((LINES / 2)) ] ||
	{ echo "batch-crash: the calibration batch failed: $(head -c 300 "$work/cal.out")" >&2; exit 1; }
full_ms=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$work/cal-db" "$work/cal.jsonl" "$work/cal.out"
[ "$full_ms" -ge 20 ] || full_ms=20

lost_total=0 printed_total=0 unprinted_total=0 stored_total=0 finished=0 maxgap=0
for k in $(seq 1 "$KILLS"); do
	day=$(date -u -d "2026-06-02 + $k days" +%F)
	next=$(date -u -d "$day + 1 day" +%F)
	gen "$day" "k$k-L" >"$work/in.$k"
	out=$work/out.$k
	delay_ms=$((full_ms * 2 / 100 + RANDOM % (full_ms * 88 / 100)))
	if [ $((k % 2)) -eq 1 ]; then
		"$BERTH_BIN" --db "$DB" book --batch <"$work/in.$k" >"$out" 2>"$work/err.$k" &
	else
		cat "$work/in.$k" | "$BERTH_BIN" --db "$DB" book --batch >"$out" 2>"$work/err.$k" &
	fi
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	if [ "/proc/$pid/exe" -ef "$BERTH_BIN" ] && kill -9 "$pid" 2>/dev/null; then
		:
	else
		finished=$((finished + 1))
	fi
	{ wait "$pid"; } 2>/dev/null
	wait

	# Complete lines only: a line cut by the kill was never "printed".
	total=$(wc -l <"$out")
	head -n "$total" "$out" >"$work/printed.$k"
	# line, id (or -), code (ok or the error code), and the booking as
	# printed, compacted, when it is one
	jq -r --slurpfile x <(jq -R . "$work/expect") -n '
		foreach inputs as $r (0; . + 1;
			. as $n
			| [$n, ($r.id // "-"),
			   (if $r.id then "ok" else ($r.error.code // "?") end),
			   (if $r.id and $r.line == null then "" else "line=\($r.line)" end),
			   $x[$n - 1],
			   (if $r.id then ($r | {id, resource, start, "end": ."end", quantity, customer, status} | tojson) else "" end)]
			| @tsv)' "$work/printed.$k" >"$work/printed.$k.tsv" 2>"$work/jq.$k" ||
		v "printed output is not jsonl: $(head -c 300 "$work/jq.$k")"
	awk -F'\t' -v k="$k" '
		$3 != $5 { printf "round %s: line %s gave %s, expected %s\n", k, $1, $3, $5 }
		$3 == "ok" && $6 !~ "\"customer\":\"k" k "-L" $1 "\"" { printf "round %s: result line %s is not for input line %s: %s\n", k, $1, $1, $6 }
		$3 != "ok" && $4 != "line=" $1 { printf "round %s: error result %s says %s\n", k, $1, $4 }
	' "$work/printed.$k.tsv" >>"$viol"

	# STRESS_SABOTAGE=1 tests the harness itself: a printed booking is
	# cancelled behind its back, which must be reported.
	if [ -n "${STRESS_SABOTAGE:-}" ] && [ "$k" -eq 1 ]; then
		victim=$(awk -F'\t' '$3 == "ok" { print $2; exit }' "$work/printed.$k.tsv")
		[ -z "$victim" ] || b -q cancel "$victim" --reason sabotage
	fi

	# What the store holds of this round.
	timeout 20 "$BERTH_BIN" --db "$DB" --format jsonl list --from "$day" --to "$next" >"$work/stored.$k" ||
		v "list failed"
	jq -c '{id, resource, start, "end": ."end", quantity, customer, status}' "$work/stored.$k" |
		sort >"$work/stored.$k.rec"
	awk -F'\t' '$3 == "ok" { print $6 }' "$work/printed.$k.tsv" | sort >"$work/printed.$k.rec"
	# printed is a subset of stored, record for record
	comm -23 "$work/printed.$k.rec" "$work/stored.$k.rec" >"$work/lost.$k"
	lost_total=$((lost_total + $(grep -c . "$work/lost.$k")))
	head -n 5 "$work/lost.$k" | sed "s/^/round $k: printed but not stored as printed: /" >>"$viol"
	# stored is exactly the expected successes of lines 1..M
	jq -r '.customer' "$work/stored.$k" | sed -n "s/^k$k-L//p" | sort -n >"$work/stored.$k.lines"
	m=$(tail -n 1 "$work/stored.$k.lines")
	m=${m:-0}
	awk -v m="$m" '$0 == "ok" && NR <= m { print NR }' "$work/expect" >"$work/want.$k.lines"
	if ! cmp -s "$work/want.$k.lines" "$work/stored.$k.lines"; then
		v "the store holds lines that are not those expected of lines 1..$m: $(diff "$work/want.$k.lines" "$work/stored.$k.lines" | head -n 6 | paste -sd' ')"
	fi
	printed=$(grep -c . "$work/printed.$k.rec")
	stored=$(grep -c . "$work/stored.$k.lines")
	# lines committed but not printed: those after the last printed one
	# (the last printed may be an error, so the store can end before it)
	gap=$((m > total ? m - total : 0))
	[ "$gap" -le "$GROUP" ] || v "lines $((total + 1))..$m are stored but were not printed: more than one group ($GROUP lines)"
	[ "$gap" -le "$maxgap" ] || maxgap=$gap
	printed_total=$((printed_total + printed))
	stored_total=$((stored_total + stored))
	unprinted_total=$((unprinted_total + stored - printed))

	timeout 20 "$BERTH_BIN" --db "$DB" check >"$work/check.$k" 2>&1 ||
		v "check failed: $(head -c 1000 "$work/check.$k")"
	# the killed writer does not block the next one
	timeout 20 "$BERTH_BIN" --db "$DB" -q book bulk "${day}T23:00Z" --duration 30m --customer "after-$k" >/dev/null 2>"$work/after.$k" ||
		v "a book after the kill failed: $(head -c 300 "$work/after.$k")"
done

nviol=$(grep -c . "$viol")
verdict="check ok"
[ "$nviol" -eq 0 ] || verdict="$nviol violations"
echo "batch-crash: $KILLS kills of a $LINES-line batch (~${full_ms} ms whole)," \
	"$printed_total bookings printed, $stored_total stored" \
	"($unprinted_total committed but not yet printed, at most $maxgap lines in one round)," \
	"$finished finished before the kill, $lost_total printed-but-lost, $verdict"

if [ "$nviol" -ne 0 ]; then
	head -n 40 "$viol" >&2
	echo "batch-crash: work directory kept: $work" >&2
	exit 1
fi
[ -n "${KEEP:-}" ] && echo "batch-crash: work directory kept: $work" >&2 || rm -rf "$work"
exit 0
