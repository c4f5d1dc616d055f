# wholestore.sh - sourced by bench/run.sh (issue 16): the verbs that read
# the whole store, on the $BIG-booking store run.sh built ($work/s$BIG):
# check (records a second, and its peak heap on two store sizes), backup
# beside `mdb_copy -c` (lmdb-utils) in the same hyperfine rounds, list
# --format jsonl of every booking (rows a second, and peak heap on two
# sizes), and what a booking costs the store (stats, mdb_stat -a per
# table). Uses run.sh's hf, note, $work, $out, $BERTH, $RUNS and $BIG.
note "[$(elapsed)s] whole store"
ws="$work/s$BIG"

# What check reads: every entry of every table (mdb_stat -a's entries,
# less the catalogue), and the bookings among them.
"$BERTH" --db "$ws" --format json stats >"$out/ws-stats.json"
if command -v mdb_stat >/dev/null; then
	mdb_stat -a "$ws" | awk '
		/^Status of / { t = $3 }
		/Branch pages:/ { b = $3 } /Leaf pages:/ { l = $3 }
		/Overflow pages:/ { o = $3 }
		/Entries:/ { if (t != "Main") printf "%s %d %d\n", t, $2, b + l + o }' \
		>"$out/ws-tables"
fi

# check: the whole store in one read transaction.
hf ws-check "$RUNS" "$BERTH -q --db $ws check"

# backup, and mdb_copy -c making the same compacted copy, alternating;
# each into a place emptied before every run.
bk="$work/ws-backup"
prep="sh -c 'rm -rf $bk && mkdir -p $bk/mdb'"
if command -v mdb_copy >/dev/null; then
	hf ws-backup "$RUNS" --prepare "$prep" \
		"$BERTH --db $ws backup $bk/copy.mdb" "mdb_copy -c $ws $bk/mdb"
else
	note "bench: mdb_copy not installed (apt-get install lmdb-utils): backup alone"
	echo "mdb_copy is not installed" >"$out/ws-mdb-copy-skip"
	hf ws-backup "$RUNS" --prepare "$prep" "$BERTH --db $ws backup $bk/copy.mdb"
fi
"$BERTH" --db "$ws" backup "$bk.size" && stat -c %s "$bk.size" >"$out/ws-backup-bytes"
rm -rf "$bk" "$bk.size"

# list: every booking, jsonl, in its default order (by start).
hf ws-list "$RUNS" "$BERTH --db $ws --format jsonl list"
/usr/bin/time -f %M -o "$work/rss" "$BERTH" --db "$ws" --format jsonl list >/dev/null
echo "list $BIG $(tail -n 1 "$work/rss")" >"$out/ws-rss"
/usr/bin/time -f %M -o "$work/rss" "$BERTH" -q --db "$ws" check
echo "check $BIG $(tail -n 1 "$work/rss")" >>"$out/ws-rss"

# Peak heap (valgrind massif: heap and its overhead, no map pages) of
# check and list on the 10k and 100k stores: flat when it does not grow
# with the bookings. (Under valgrind the 1M store would take minutes.)
if command -v valgrind >/dev/null; then
	for m in 10000 100000; do
		for verb in check list; do
			if [ $verb = check ]; then set -- -q --db "$work/s$m" check
			else set -- --db "$work/s$m" --format jsonl list; fi
			valgrind -q --tool=massif --massif-out-file="$work/massif" \
				"$BERTH" "$@" >/dev/null
			awk -v v=$verb -v m=$m '/^mem_heap_B=/ { split($0, a, "="); h = a[2] }
				/^mem_heap_extra_B=/ { split($0, a, "="); if (h + a[2] > x) x = h + a[2] }
				END { printf "%s %d %d\n", v, m, x / 1024 }' \
				"$work/massif" >>"$out/ws-heap"
		done
	done
fi
