#!/usr/bin/env bats
# make demo: share/demo.sh runs against the built binary and tells the
# truth about what it shows, the exit status of a refusal included.

load helper

@test "demo: runs to the end and prints the refused booking's real exit status" {
	local top want
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	BERTH_BIN=$BERTH_BIN TMPDIR=$BATS_TEST_TMPDIR run --separate-stderr sh "$top/share/demo.sh"
	assert_success
	assert_line "demo: done (the store is deleted on exit)."
	# The workshop's fourth booking is refused: CAPACITY_FULL, exit 4.
	[[ $stderr == *"berth: CAPACITY_FULL: "* ]]
	want=$(printf '%s\n' "$output" |
		sed -n '/^\$ berth book workshop .* --customer erik$/,/^(exit /p' |
		tail -n 1)
	assert_equal "$want" "(exit 4)"
	# Every refusal the demo shows says a failing status, never 0.
	refute_line "(exit 0)"
	# The demo's store is gone with it.
	run ls "$BATS_TEST_TMPDIR"
	refute_output --partial berth-demo
}
