#!/bin/sh
# batch.sh ACTION PEER DIR [INPUT]: one peer of `book --batch` in section 4
# of bench/run.sh, in the directory DIR that bench/batch-peers.sh sets up.
# ACTION is prep (a fresh store of the 1,000 resources and no bookings, on
# disk before the timed run), run (book the requests INPUT: DIR/INPUT.jsonl
# for berth, DIR/INPUT.tsv or the script DIR/INPUT.PEER.sql for the
# others), or booked (the customers booked, sorted, one a line). PEER is
# berth (on a copy of DIR/base), floor (N = the number in DIR/n),
# sqlite-set, sqlite-each (on copies of DIR/template.db), pg-set or pg-each
# (in the schema of that name; the server's socket directory in DIR/pg),
# berth-pg (berth on that server, in the schema berthpg).
# hyperfine times `run`, so it does the peer's work and nothing else.
action=$1 peer=$2 dir=$3 in=${4:-}
sql=$(dirname "$0")/sql
pq() { # psql on the bench database (each script names its schema)
	psql -X -q -h "$(cat "$dir/pg")" -U bench -d bench -v ON_ERROR_STOP=1 "$@"
}
pgurl() {
	echo "postgresql:///bench?host=$(cat "$dir/pg")&user=bench&options=-csearch_path%3Dberthpg"
}
case $action.$peer in
prep.berth)
	rm -rf "$dir/berth" && cp -a "$dir/base" "$dir/berth" &&
		sync "$dir/berth/data.mdb" ;;
run.berth)
	# 4: some request was refused for want of room (the check input).
	"$BERTH" --db "$dir/berth" book --batch <"$dir/$in.jsonl" >/dev/null
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 4 ] ;;
booked.berth)
	"$BERTH" --db "$dir/berth" --format tsv list | tail -n +2 | cut -f8 | sort ;;
prep.berth-pg)
	# The base store copied in (berth's own copy, one transaction).
	pq -c "DROP SCHEMA IF EXISTS berthpg CASCADE; CREATE SCHEMA berthpg" &&
		"$BERTH" --db "$dir/base" backup "$(pgurl)" >/dev/null &&
		pq -c "CHECKPOINT" ;;
run.berth-pg)
	"$BERTH" --db "$(pgurl)" book --batch <"$dir/$in.jsonl" >/dev/null
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 4 ] ;;
booked.berth-pg)
	"$BERTH" --db "$(pgurl)" --format tsv list | tail -n +2 | cut -f8 | sort ;;
prep.floor)
	rm -rf "$dir/floor" ;;
run.floor)
	"$FLOOR" --batch "$dir/floor" "$(cat "$dir/n")" >/dev/null ;;
prep.sqlite-*)
	rm -f "$dir/$peer.db" "$dir/$peer.db-wal" "$dir/$peer.db-shm" &&
		cp "$dir/template.db" "$dir/$peer.db" && sync "$dir/$peer.db" ;;
run.sqlite-set)
	sqlite3 "$dir/$peer.db" ".read $sql/batch-sqlite-set.sql" <"$dir/$in.tsv" ;;
run.sqlite-each)
	sqlite3 "$dir/$peer.db" <"$dir/$in.$peer.sql" ;;
booked.sqlite-*)
	sqlite3 "$dir/$peer.db" "SELECT customer FROM booking" | sort ;;
prep.pg-*)
	# Emptied, and the cluster's dirty pages written out (CHECKPOINT), so
	# that no run pays for the one before it.
	pq -c "TRUNCATE \"$peer\".booking RESTART IDENTITY; CHECKPOINT" ;;
run.pg-set)
	pq -v schema="$peer" -f "$sql/batch-pg-set.sql" <"$dir/$in.tsv" ;;
run.pg-each)
	pq -f "$dir/$in.$peer.sql" >/dev/null ;;
booked.pg-*)
	pq -At -c "SELECT customer FROM \"$peer\".booking" | sort ;;
*)
	echo "batch.sh: no $action for $peer" >&2
	exit 2 ;;
esac
