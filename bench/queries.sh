# bench/queries.sh, sourced by bench/run.sh (it uses hf, note, copy, $work,
# $out, $BERTH, $N, $RUNS, $BIG and the stores run.sh built): issue 16,
# "queries cost what they answer". Each per-process command on a store of
# 1,000 bookings and on the big one (BIG records over the same 1,000
# resources), side by side in one hyperfine run, so the ratio says what
# the store's size costs a command; the goal is 1.2. Then the heap of
# each (valgrind massif's peak), which must not grow with the store.
#
# The questions are put to r0001 (one booking or so at 1k, BIG/1,000 at
# the big size) on 2030-06-01, a day inside the bookings' year: the big
# store answers a few rows there where the small one answers none, so the
# list of an empty month after the bookings' year is timed too, the same
# answer at both sizes.
note "[$(elapsed)s] queries"
QN=$((N / 2)) # processes a loop
QDAY=2030-06-01
# The 1k store: as gen_store makes the others, a tenth of it pending (none
# due at T5), 100 bookings on the probe.
copy "$work/base" "$work/q1k"
python3 bench/gen.py bookings --seed 1 --records 1000 --expiring 10 \
	--expiring-later 90 --probe 100 | "$BERTH" --db "$work/q1k" book --batch >/dev/null
"$BERTH" --db "$work/q1k" --format json stats | jq -e '.bookings == 1000' >/dev/null ||
	{ note "bench: the 1,000-record store is not as generated"; exit 1; }
# The writes go to copies, which they change (the reads' stores stay as
# built); each copy keeps its own counters of what its loops used.
copy "$work/q1k" "$work/q1k-w"
copy "$work/s$BIG" "$work/qbig-w"

# qloop WHAT N DIR: N processes of one command on store DIR. The writes
# take fresh targets every run from a counter in DIR: book and lock the
# next resource at a fixed start (capacity 10 a resource is never
# reached), confirm the next hold (lock made h1, h2, ... in this store,
# which had none) and cancel the next booking (b1 on, none cancelled).
cat >"$work/qloop.sh" <<'EOF'
what=$1 n=$2 dir=$3 i=0
next() { # NAME: the counter's value, moved on by n
	c=$(cat "$dir/q-$1" 2>/dev/null || echo 0)
	echo $((c + n)) >"$dir/q-$1"
	echo "$c"
}
case $what in
book | lock) base=$(next "$what") ;;
confirm) base=$(next hold) ;;
cancel) base=$(next booking) ;;
esac
while [ $i -lt "$n" ]; do
	case $what in
	book) "$BERTH" -q --db "$dir" book "$(printf r%04d $(((base + i) % 1000 + 1)))" \
		2031-01-01T09:00Z --duration 1h ;;
	lock) "$BERTH" -q --db "$dir" lock "$(printf r%04d $(((base + i) % 1000 + 1)))" \
		2031-01-02T09:00Z --duration 1h ;;
	confirm) "$BERTH" -q --db "$dir" confirm "h$((base + i + 1))" ;;
	cancel) "$BERTH" -q --db "$dir" cancel "b$((base + i + 1))" ;;
	show) "$BERTH" --db "$dir" show b500 >/dev/null ;;
	at) "$BERTH" --db "$dir" availability r0001 --at "${QDAY}T10:00Z" >/dev/null ;;
	range) "$BERTH" --db "$dir" --format tsv availability r0001 \
		--from "$QDAY" --to "$QDAY" >/dev/null ;;
	list) "$BERTH" --db "$dir" --format tsv list --resource r0001 \
		--from "$QDAY" --to "$QDAY" >/dev/null ;;
	empty) "$BERTH" --db "$dir" --format tsv list --resource r0001 \
		--from 2031-06-01 --to 2031-06-30 >/dev/null ;;
	slots) "$BERTH" --db "$dir" --format tsv slots r0001 --from "$QDAY" \
		--to "$QDAY" --duration 1h >/dev/null ;;
	expire) "$BERTH" -q --db "$dir" --now "$T5" expire ;;
	esac || exit 1
	i=$((i + 1))
done
EOF
export QDAY T5
ql() { echo "sh $work/qloop.sh $1 $QN $2"; }
# Reads on the stores as built; writes on the copies. lock runs before
# confirm in every round, so there is always a hold to confirm; cancel
# after book, so there are bookings enough in the 1k store.
for q in show at range list empty slots expire; do
	hf "q-$q" "$RUNS" "$(ql $q "$work/q1k")" "$(ql $q "$work/s$BIG")"
done
for q in book lock confirm cancel; do
	hf "q-$q" "$RUNS" "$(ql $q "$work/q1k-w")" "$(ql $q "$work/qbig-w")"
done

# One process of each command under valgrind at both sizes, twice: massif
# for the heap's peak (heap and allocator overhead, no stacks, no map
# pages), and callgrind for its instructions, the figure no other load on
# the machine moves. And expire with 1,000 due (10k records against the
# big store), on fresh copies: the one command whose work is a thousand
# claims.
qone() { # TOOL NAME SIZE CMD...
	tool=$1 name=$2 size=$3
	shift 3
	valgrind -q --tool="$tool" --"$tool"-out-file="$work/qvg" "$@" >"$work/qvg-out" ||
		{ note "bench: $name under $tool failed"; exit 1; }
	if [ "$tool" = massif ]; then
		awk -v n="$name" -v s="$size" '/^mem_heap_B=/ { split($0, a, "="); h = a[2] }
			/^mem_heap_extra_B=/ { split($0, a, "="); if (h + a[2] > m) m = h + a[2] }
			END { printf "%s %s %d\n", n, s, m }' "$work/qvg" >>"$out/queries-heap"
	else
		# and the lines it answered: a query over the big store may
		# answer more rows, which cost what they cost.
		awk -v n="$name" -v s="$size" -v l="$(wc -l <"$work/qvg-out")" \
			'/^summary:/ { printf "%s %s %s %s\n", n, s, $2, l }' \
			"$work/qvg" >>"$out/queries-ir"
	fi
}
# bump NAME DIR: the next id after those a counter of qloop.sh has used,
# now used too.
bump() {
	c=$(($(cat "$2/q-$1") + 1))
	echo "$c" >"$2/q-$1"
	echo "$c"
}
if command -v valgrind >/dev/null; then
	hour=9
	for tool in massif callgrind; do
		for size in 1000 "$BIG"; do
			r=$work/s$size w=$work/qbig-w
			[ "$size" = 1000 ] && r=$work/q1k w=$work/q1k-w
			v="qone $tool"
			$v show "$size" "$BERTH" --db "$r" show b500
			$v at "$size" "$BERTH" --db "$r" availability r0001 --at "${QDAY}T10:00Z"
			$v range "$size" "$BERTH" --db "$r" --format tsv availability r0001 --from "$QDAY" --to "$QDAY"
			$v list "$size" "$BERTH" --db "$r" --format tsv list --resource r0001 --from "$QDAY" --to "$QDAY"
			$v empty "$size" "$BERTH" --db "$r" --format tsv list --resource r0001 --from 2031-06-01 --to 2031-06-30
			$v slots "$size" "$BERTH" --db "$r" --format tsv slots r0001 --from "$QDAY" --to "$QDAY" --duration 1h
			$v expire "$size" "$BERTH" -q --db "$r" --now "$T5" expire
			$v book "$size" "$BERTH" -q --db "$w" book r0001 "2031-01-03T0${hour}:00Z" --duration 1h
			# The hold lock makes is the one confirm takes.
			$v lock "$size" "$BERTH" -q --db "$w" lock r0001 "2031-01-04T0${hour}:00Z" --duration 1h
			$v confirm "$size" "$BERTH" -q --db "$w" confirm "h$(bump hold "$w")"
			$v cancel "$size" "$BERTH" -q --db "$w" cancel "b$(bump booking "$w")"
			$v list-probe "$size" "$BERTH" --db "$r" list --resource probe
		done
		hour=$((hour - 1))
	done
	for size in 10000 "$BIG"; do
		copy "$work/s$size" "$work/x"
		qone massif expire-1000 "$size" "$BERTH" -q --db "$work/x" --now "$T15" expire
	done
	rm -rf "$work/x"
fi
rm -rf "$work/q1k-w" "$work/qbig-w"
