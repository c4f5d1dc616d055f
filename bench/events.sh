# bench/events.sh - sourced by bench/run.sh (its hf, note, copy, $work,
# $out, $BIG, $RUNS): 8. the audit chain and the outbox (issue 9).
#
# 8a. audit verify over the big store's whole chain (a record a booking,
#     a resource and a policy: about BIG records): the time, records a
#     second, and the audit table's bytes (mdb_stat: its pages) a second,
#     to show that the walk is bound by hashing and reading, not by a cost
#     per record of its own.
# 8b. notify --once over 10,000 due events (the booking.created of the
#     10k store) to /bin/true, on a fresh copy each run: events a second,
#     bound by fork and exec, one process an event.
note "[$(elapsed)s] audit and events"
hf audit-verify "$RUNS" "$BERTH -q --db $work/s$BIG audit verify"
"$BERTH" --db "$work/s$BIG" --format json stats | jq .audit_records >"$out/audit-records"
mdb_stat -s audit "$work/s$BIG" |
	awk '/pages:/ { p += $NF } END { print p * 4096 }' >"$out/audit-bytes"

hf notify 3 --prepare "sh -c 'rm -rf $work/nx && cp -a $work/s10000 $work/nx && sync $work/nx/data.mdb'" \
	"$BERTH -q --db $work/nx notify --once --type booking.created --exec /bin/true"
got=$("$BERTH" --db "$work/nx" --format jsonl events --type booking.created | wc -l)
left=$("$BERTH" --db "$work/nx" notify --once --type booking.created --exec /bin/true | wc -l)
[ "$got" -eq 10000 ] && [ "$left" -eq 0 ] ||
	{ note "bench: notify: $got booking.created events, $left left undelivered"; exit 1; }
echo "$got" >"$out/notify-events"
rm -rf "$work/nx"
