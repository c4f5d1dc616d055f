# helper.bash - every bats file loads this: a private store, a fixed clock,
# a fixed zone and locale, and helpers to assert refusals change nothing.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

: "${BERTH_BIN:=$BATS_TEST_DIRNAME/../build/berth}"
BERTH_BIN=$(cd "$(dirname "$BERTH_BIN")" && pwd)/$(basename "$BERTH_BIN")

setup() {
	export BERTH_DB="$BATS_TEST_TMPDIR/db"
	export BERTH_NOW="2026-06-01T10:00:00Z"
	export TZ=UTC LC_ALL=C
	unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
}

# berth, from the build under test
berth() { "$BERTH_BIN" "$@"; }

# damage TABLE OP ...: breaks one entry of the test's store behind berth's
# back (tests/damage.c says how).
damage() { "$(dirname "$BERTH_BIN")/tests/damage" "$BERTH_DB" "$@"; }

# A byte-for-byte dump of every table, to prove a refusal wrote nothing.
store_dump() {
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

