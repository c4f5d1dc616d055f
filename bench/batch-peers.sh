# shellcheck shell=sh disable=SC2154 # work, out, pg ...: set by run.sh
# batch-peers.sh, sourced by bench/run.sh in section 4 (it uses run.sh's
# work, out, hf, note, elapsed, PG_RUNS, pg and pg_skip, and the stores'
# base $work/base): `book --batch` and its peers book the same requests,
# $work/batch.jsonl, side by side in one hyperfine run, each into a fresh
# store of the same 1,000 resources, one durable transaction each (berth's
# groups of up to 4,096 aside). What is timed is bench/batch.sh run.
#
#   berth        book --batch, the JSON lines on its standard input
#   floor        bench/floor.c --batch: N puts of a 160-byte record in one
#                durable LMDB transaction, N the number berth booked
#   sqlite-set   sqlite3: .import into a staging table, one INSERT ...
#                SELECT through a capacity trigger (bench/sql/batch-sqlite*)
#   sqlite-each  sqlite3: one INSERT a request through the same trigger
#   pg-set       psql: COPY into staging, one INSERT ... SELECT through the
#                same check in plpgsql (bench/sql/batch-pg*)
#   pg-each      psql: one SELECT book(...) a request, one session
#   berth-pg     book --batch on PostgreSQL: the same server, a store in
#                the schema berthpg copied from the base store
#
# The pg peers run when the throwaway cluster of section 1b is up. Every
# peer must book what berth books, or the bench fails: first on a small
# input where many requests are refused (the same customers, not only as
# many), then, after the timed runs, as many as berth on the real one.
bp="$work/bp"
mkdir -p "$bp"
cp -a "$work/base" "$bp/base"
cp "$work/batch.jsonl" "$bp/batch.jsonl"
# The check's requests: 5,000 crowded onto 20 resources over one day, so
# that about a quarter are refused and one admitted by a peak of the
# window's bookings but not by their mere count is common.
python3 bench/gen.py bookings --seed 3 --records 5000 --resources 20 \
	--days 1 >"$bp/check.jsonl"

# The peers are given the requests untimed as tab-separated lines: line,
# resource, start and end (Unix seconds), customer; they are spared
# parsing the JSON, the times and the durations, which berth does.
for in in batch check; do
	jq -r '[input_line_number, .resource,
		(.start | strptime("%Y-%m-%dT%H:%MZ") | mktime) as $s | $s,
		$s + (.duration | .[:-1] | tonumber) *
			(if .duration | endswith("h") then 3600 else 60 end),
		.customer] | @tsv' <"$bp/$in.jsonl" >"$bp/$in.tsv"
	# One statement a request, in one transaction, as an application
	# would send them; the names from gen.py need no quoting.
	awk -F '\t' -v q="'" '
		BEGIN { print "PRAGMA synchronous=FULL;"; print "BEGIN IMMEDIATE;" }
		{ print "INSERT INTO booking(resource, start, end_, customer) VALUES (" \
			q $2 q ", " $3 ", " $4 ", " q $5 q ");" }
		END { print "COMMIT;" }' "$bp/$in.tsv" >"$bp/$in.sqlite-each.sql"
	awk -F '\t' -v q="'" '
		BEGIN { print "SET search_path = \"pg-each\";"; print "BEGIN;" }
		{ print "SELECT book(" q $2 q ", " $3 ", " $4 ", " q $5 q ");" }
		END { print "COMMIT;" }' "$bp/$in.tsv" >"$bp/$in.pg-each.sql"
done
[ "$(wc -l <"$bp/batch.tsv")" -eq "$(wc -l <"$bp/batch.jsonl")" ] ||
	{ note "bench: the batch's requests did not all convert for the peers"; exit 1; }

# The same 1,000 resources (and the probe) as the base store.
python3 bench/gen.py resources --resources 1000 --early 10 |
	awk '{ print $1 "\t" $2 }' >"$bp/resources.tsv"
sqlite3 "$bp/template.db" <bench/sql/batch-sqlite.sql >/dev/null
sqlite3 "$bp/template.db" ".mode tabs" ".import $bp/resources.tsv resource"
peers="berth floor sqlite-set sqlite-each"
[ "$ONLY" != pg ] || peers="berth"
if [ -z "$pg_skip" ]; then
	echo "$pg" >"$bp/pg"
	for s in pg-set pg-each; do
		psql -X -q -h "$pg" -U bench -d bench -v ON_ERROR_STOP=1 \
			-v schema="$s" -f bench/sql/batch-pg.sql >/dev/null
		psql -X -q -h "$pg" -U bench -d bench -v ON_ERROR_STOP=1 \
			-c "\\copy \"$s\".resource FROM '$bp/resources.tsv'"
	done
	peers="$peers berth-pg pg-set pg-each"
fi

note "[$(elapsed)s] batch peers: the check"
for p in $peers; do
	[ "$p" != floor ] || continue # it checks nothing
	{ sh bench/batch.sh prep "$p" "$bp" && sh bench/batch.sh run "$p" "$bp" check &&
		sh bench/batch.sh booked "$p" "$bp" >"$bp/check.$p"; } ||
		{ note "bench: $p failed on the check's requests"; exit 1; }
	cmp -s "$bp/check.berth" "$bp/check.$p" || {
		note "bench: $p booked $(wc -l <"$bp/check.$p") of the check's" \
			"5,000 requests, berth $(wc -l <"$bp/check.berth"), or not the same"
		exit 1
	}
done
echo "$(wc -l <"$bp/check.berth") 5000" >"$out/batch-check"

# N for the floor: what berth books of the batch, untimed.
{ sh bench/batch.sh prep berth "$bp" && sh bench/batch.sh run berth "$bp" batch; } ||
	{ note "bench: book --batch failed"; exit 1; }
"$BERTH" --db "$bp/berth" --format json stats | jq .bookings >"$bp/n"
n=$(cat "$bp/n")

# The timed runs: PG_RUNS rounds, since the slowest peers take seconds.
set --
for p in $peers; do set -- "$@" --prepare "sh bench/batch.sh prep $p $bp"; done
for p in $peers; do set -- "$@" "sh bench/batch.sh run $p $bp batch"; done
hf batch "$PG_RUNS" "$@"

# Each store holds its last run's bookings: as many as berth's.
: >"$out/batch-peers"
for p in $peers; do
	if [ "$p" = floor ]; then got=$n; else
		got=$(sh bench/batch.sh booked "$p" "$bp" | wc -l)
	fi
	[ "$got" -eq "$n" ] ||
		{ note "bench: $p booked $got of the batch, berth $n"; exit 1; }
	echo "$p $got" >>"$out/batch-peers"
done
