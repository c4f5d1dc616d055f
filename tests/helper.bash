# helper.bash - every bats file loads this: a private store, a fixed clock,
# a fixed zone and locale, and helpers to assert refusals change nothing.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

: "${BERTH_BIN:=$BATS_TEST_DIRNAME/../build/berth}"
BERTH_BIN=$(cd "$(dirname "$BERTH_BIN")" && pwd)/$(basename "$BERTH_BIN")

# BERTH_TEST_STORE=pg runs every test against PostgreSQL: tests/run.sh
# starts a throwaway cluster (tests/pg-cluster.sh) and says where its
# socket is (BERTH_TEST_PG_SOCK); each test gets a schema of its own in
# database berth, named in the URL's options, so that tests never see
# each other's tables and nothing is dropped between them.
: "${BERTH_TEST_STORE:=lmdb}"

on_pg() { [ "$BERTH_TEST_STORE" = pg ]; }

# lmdb_only REASON: this test is about LMDB's files (data.mdb, its lock
# files and modes, its map, tests/damage, backup files): skipped on
# PostgreSQL, saying why.
lmdb_only() {
	on_pg && skip "LMDB only: $*"
	return 0
}

# pg_only: the PostgreSQL tests, skipped on LMDB.
pg_only() {
	on_pg || skip "PostgreSQL only (BERTH_TEST_STORE=pg)"
	return 0
}

# psql itself, not Debian's wrapper (a Perl script that costs every call
# more than the query).
: "${BERTH_TEST_PSQL:=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)}"
: "${BERTH_TEST_PSQL:=psql}"
psql() { "$BERTH_TEST_PSQL" "$@"; }

# The store as berth names it: the directory, or the test's connection
# string as keywords, without what could be secret.
db_shown() {
	if on_pg && [[ $BERTH_DB == postgresql://* ]]; then
		echo "host=$BERTH_TEST_PG_SOCK dbname=berth user=berth options=-csearch_path=$PG_SCHEMA"
	else
		echo "$BERTH_DB"
	fi
}

# psql on the test's own schema, quietly, stopping at the first error.
pg_sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 "$BERTH_DB" "$@"
}

pg_url() { # pg_url SCHEMA
	echo "postgresql:///berth?host=$BERTH_TEST_PG_SOCK&user=berth&options=-csearch_path%3D$1"
}

# Whole files about LMDB's files, skipped on PostgreSQL with the reason.
lmdb_only_file() {
	case "$(basename "${BATS_TEST_FILENAME:-}" .bats)" in
	store) echo "the store directory's locks, modes and files" ;;
	damage | integrity) echo "entries broken with LMDB's own calls (tests/damage)" ;;
	mapgrowth) echo "LMDB's map growth" ;;
	diskfull) echo "a full file system under data.mdb" ;;
	durability-lmdb) echo "kill -9 at LMDB's commit points" ;;
	upgrade) echo "the fixtures are LMDB stores of older formats" ;;
	schema) echo "formats planted with mdb_load" ;;
	badinput) echo "its cases run on copies of a seed directory" ;;
	esac
}

setup() {
	local why
	if on_pg && why=$(lmdb_only_file) && [ -n "$why" ]; then
		skip "LMDB only: $why"
	fi
	export BERTH_DB="$BATS_TEST_TMPDIR/db"
	export BERTH_NOW="2026-06-01T10:00:00Z"
	export TZ=UTC LC_ALL=C
	unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
	if on_pg; then
		PG_SCHEMA="t_${BATS_ROOT_PID:-$$}_${BATS_SUITE_TEST_NUMBER:-0}"
		psql -X -q -h "$BERTH_TEST_PG_SOCK" -U berth -d berth \
			-c "CREATE SCHEMA $PG_SCHEMA" >/dev/null || return 1
		export BERTH_DB=$(pg_url "$PG_SCHEMA")
	fi
}

# berth, from the build under test
berth() { "$BERTH_BIN" "$@"; }

# damage TABLE OP ...: breaks one entry of the test's store behind berth's
# back (tests/damage.c says how). `damage list` (each table and its
# entries) works on PostgreSQL too, from berth_kv: tb is store.h's
# store_table, whose names are LMDB's tables' in upper case.
damage() {
	if on_pg && [ "${1:-}" = list ]; then
		local names
		names=$(awk '/^typedef enum/ { on = 1; next } on && /store_table;/ { exit }
			on && match($0, /^[ \t]*T_[A-Z_]+/) {
				n = substr($0, RSTART, RLENGTH); gsub(/[ \t]/, "", n); sub(/^T_/, "", n)
				if (n != "COUNT") printf "%s\x27%s\x27", (c++ ? "," : ""), tolower(n) }' \
			"$BATS_TEST_DIRNAME/../lib/store.h")
		pg_sql -F ' ' -c "SELECT (ARRAY[$names])[tb + 1], count(*)
			FROM berth_kv GROUP BY tb ORDER BY tb"
		return
	fi
	lmdb_only "tests/damage breaks an entry with LMDB's own calls"
	"$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" "$@"
}

# store_rm: the test's store gone, to start again (rm -rf of the
# directory; on PostgreSQL, the store's tables dropped).
store_rm() {
	if on_pg; then
		pg_sql -c "DROP TABLE IF EXISTS berth_kv, berth_store, berth_token"
	else
		rm -rf "$BERTH_DB"
	fi
}

# A byte-for-byte dump of every table, to prove a refusal wrote nothing.
# On PostgreSQL, berth_kv in order (every table's entries, as bytes).
store_dump() {
	if on_pg; then
		pg_sql -c "SELECT tb, encode(k, 'hex'), encode(v, 'hex') FROM
			berth_kv ORDER BY tb, k" 2>/dev/null || echo "(no store)"
		return
	fi
	[ -e "$BERTH_DB/data.mdb" ] || { echo "(no store)"; return; }
	# A copy, dumped where the test's own files are: mdb_dump takes no
	# lock of the store's (a test may hold one) and writes its lock file
	# beside the copy, never on a file system a test has filled.
	local copy="$BATS_TEST_TMPDIR/.dump.mdb"
	cp "$BERTH_DB/data.mdb" "$copy" && mdb_dump -a -n "$copy"
	rm -f "$copy" "$copy-lock"
}

# refuses EXIT CODE -- berth ARGS...: runs berth, asserts the exit status,
# the error code on stderr (one line), and that the store did not change.
refuses() {
	local want_exit=$1 want_code=$2 before after
	shift 3
	if [ "${1:-}" = berth ]; then
		echo "refuses: write the arguments without 'berth'" >&2
		return 1
	fi
	before=$(store_dump)
	run --separate-stderr berth "$@"
	after=$(store_dump)
	if [ "$status" -ne "$want_exit" ]; then
		echo "expected exit $want_exit, got $status; stderr: $stderr" >&2
		return 1
	fi
	case "$stderr" in
	"berth: $want_code: "*) ;;
	*'"code":"'"$want_code"'"'*) ;;
	*) echo "expected error code $want_code, got: $stderr" >&2; return 1 ;;
	esac
	if [ "$(printf '%s\n' "$stderr" | wc -l)" -ne 1 ]; then
		echo "error is not one line: $stderr" >&2
		return 1
	fi
	if [ "$before" != "$after" ]; then
		echo "the store changed on a refusal" >&2
		diff <(echo "$before") <(echo "$after") >&2
		return 1
	fi
}

# A field of a one-record json output: field NAME -- berth ARGS...
field() {
	local name=$1
	shift 2
	berth --format json "$@" | jq -r ".$name"
}

# The seed catalogue most tests start from.
seed() {
	berth init >/dev/null
	berth resource add concert --seats 100 --tz Europe/Paris >/dev/null
	berth resource add workshop --capacity 3 >/dev/null
	berth resource add stylist >/dev/null
}

# How many audit records the store holds (from `berth stats`, so it does not
# depend on how `berth audit` prints them).
audit_count() {
	berth --format json stats | jq -r .audit_records
}

# mount_small_fs [SIZE]: mounts a tmpfs (default 1m) at $FS and puts the
# store in it; skips when that cannot be done.
mount_small_fs() {
	local size=${1:-1m}
	lmdb_only "a full disk under the store's files"
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs (run as root to test a full disk)"
	FS=$BATS_TEST_TMPDIR/fs
	mkdir -p "$FS"
	mount -t tmpfs -o "size=$size,mode=0700" tmpfs "$FS" 2>"$BATS_TEST_TMPDIR/mount.err" ||
		skip "cannot mount a tmpfs: $(head -n 1 "$BATS_TEST_TMPDIR/mount.err")"
	MOUNTED=$FS
	export BERTH_DB=$FS/db
	# Start the map small, so that it grows (and the file with it) as the
	# disk fills.
	export BERTH_MAP_SIZE=64K
}

# A file that defines its own teardown calls this from it.
unmount_small_fs() {
	if [ -n "${MOUNTED:-}" ]; then
		umount "$MOUNTED" || umount -l "$MOUNTED"
	fi
}

teardown() { unmount_small_fs; }

# Fills the file system with a filler file until it is full.
fill_fs() {
	dd if=/dev/zero of="$FS/filler" bs=4k 2>/dev/null || true
	[ "$(df -k --output=avail "$FS" | tail -n 1 | tr -d ' ')" -eq 0 ]
}

