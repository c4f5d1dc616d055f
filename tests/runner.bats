#!/usr/bin/env bats
# tests/run.sh, the runner of make check: a line for each bats file as it
# finishes, the TAP of each failure, the final "N passed, N failed" line
# that .ci/run reads, and files run at once.

load helper

top() { cd "$BATS_TEST_DIRNAME/.." && pwd; }

# runner FILE...: tests/run.sh over these bats files, with no unit tests
# (an empty build directory), in an environment without this bats' own
# (its PATH leads to bats' inner script, not to the bats command).
runner() {
	local path
	path=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -v bats-core | paste -sd:)
	mkdir -p "$BATS_TEST_TMPDIR/build"
	(cd "$(top)" && env -i PATH="$path" HOME="$HOME" TMPDIR="$BATS_TEST_TMPDIR" \
		BUILD="$BATS_TEST_TMPDIR/build" BERTH_BIN="$BERTH_BIN" \
		BERTH_TEST_STORES="${STORES:-lmdb}" \
		${BERTH_TEST_JOBS:+BERTH_TEST_JOBS=$BERTH_TEST_JOBS} sh tests/run.sh "$@")
}

@test "runner: a line per file with its counts, the failures' TAP, the total last" {
	local d=$BATS_TEST_TMPDIR/t
	mkdir -p "$d"
	printf '%s\n' '@test "one" { true; }' '@test "two" { true; }' \
		'@test "skipped" { skip "not here"; }' >"$d/good.bats"
	printf '%s\n' '@test "fine" { true; }' \
		'@test "broken" { echo "what went wrong"; false; }' >"$d/bad.bats"
	printf '%s\n' '@test "unclosed" {' >"$d/syntax.bats"
	BERTH_TEST_JOBS=2 run --separate-stderr runner "$d/good.bats" "$d/bad.bats" "$d/syntax.bats"
	assert_failure 1
	assert_line --regexp "^$d/good.bats: 2 passed \(1 skipped\), 0 failed \([0-9]+ s\)$"
	assert_line --regexp "^$d/bad.bats: 1 passed, 1 failed \([0-9]+ s\)$"
	assert_line --regexp "^$d/syntax.bats: 0 passed, 1 failed \([0-9]+ s\)$"
	assert_line "    not ok 2 broken"
	assert_line "    # what went wrong"
	# A skipped test ran nothing: named, and counted in no total.
	assert_line --regexp '^bats: 3 passed \(1 skipped\), 2 failed \([0-9]+ s\)$'
	assert_equal "${lines[${#lines[@]} - 1]}" "3 passed, 2 failed"
	# The times are kept, for the next run's order (longest first).
	[ "$(wc -l <"$BATS_TEST_TMPDIR/build/bats-times")" -eq 3 ]
}

@test "runner: all passing exits 0" {
	local d=$BATS_TEST_TMPDIR/t
	mkdir -p "$d"
	printf '%s\n' '@test "one" { true; }' >"$d/good.bats"
	run --separate-stderr runner "$d/good.bats"
	assert_success
	assert_equal "${lines[${#lines[@]} - 1]}" "1 passed, 0 failed"
}

@test "runner: one pass a store (BERTH_TEST_STORES), each counted in the total" {
	local d=$BATS_TEST_TMPDIR/t
	mkdir -p "$d"
	printf '%s\n' '@test "one" { echo "$BERTH_TEST_STORE" >>"$BATS_TEST_DIRNAME/seen"; }' >"$d/good.bats"
	STORES="lmdb lmdb" run --separate-stderr runner "$d/good.bats"
	assert_success
	assert_equal "$(grep -c '^bats: 1 passed, 0 failed' <<<"$output")" 2
	assert_equal "${lines[${#lines[@]} - 1]}" "2 passed, 0 failed"
	assert_equal "$(cat "$d/seen")" "$(printf 'lmdb\nlmdb')"
}

# Without a clock: the first file waits for a mark that only the second
# makes. One after the other, the first would give up after 60 s and fail.
@test "runner: bats files run at once" {
	local d=$BATS_TEST_TMPDIR/t
	mkdir -p "$d"
	# (printf: bats would read a test line inside a here-document as its own)
	printf '%s\n' '@test "waits for b" {' \
		"for i in \$(seq 600); do [ -e '$d/mark' ] && return 0; sleep 0.1; done" \
		'false' '}' >"$d/a.bats"
	printf '@test "marks" { touch "%s/mark"; }\n' "$d" >"$d/b.bats"
	BERTH_TEST_JOBS=2 run --separate-stderr runner "$d/a.bats" "$d/b.bats"
	assert_success
	assert_line --regexp "^$d/a.bats: 1 passed, 0 failed"
	assert_line --regexp "^$d/b.bats: 1 passed, 0 failed"
}
