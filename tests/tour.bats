#!/usr/bin/env bats
# The README's tour, run exactly as written: every line of its code block,
# comments stripped, through a shell whose PATH finds this build as
# `berth`, on a fresh store under a fresh HOME, with the machine's real
# clock (no BERTH_NOW). Every line must exit 0 and what its comment claims
# must hold, so the tour works on whatever day a newcomer copies it.

load helper
bats_require_minimum_version 1.5.0

README=$BATS_TEST_DIRNAME/../README.md

# The indented block that follows "## A tour", one command a line.
tour_lines() {
	awk '/^## A tour/ { on = 1; next }
	     on && /^## / { exit }
	     on && /^    [^ ]/ { sub(/^    /, ""); print; seen = 1; next }
	     on && seen && /^[^ ]/ { exit }' "$README"
}

# A user's shell: a fresh HOME, nothing of the test helper's clock, store
# or format, berth found on PATH.
fresh_user() {
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir -p "$HOME" "$BATS_TEST_TMPDIR/bin"
	ln -sf "$BERTH_BIN" "$BATS_TEST_TMPDIR/bin/berth"
	export PATH=$BATS_TEST_TMPDIR/bin:$PATH
	unset BERTH_NOW BERTH_DB BERTH_FORMAT XDG_DATA_HOME
}

# run_tour: runs each line, asserting exit 0 and each comment's claim.
run_tour() {
	local line cmd comment n=0
	while IFS= read -r line; do
		n=$((n + 1))
		cmd=${line%%  #*}
		comment=
		[ "$cmd" = "$line" ] || comment=${line#*  # }
		run --separate-stderr bash -c "$cmd"
		if [ "$status" -ne 0 ]; then
			echo "tour line $n: '$cmd' exited $status: $stderr" >&2
			return 1
		fi
		# "total 100, held 2, available 98": the same line as data.
		if [[ $comment =~ total\ ([0-9]+),\ held\ ([0-9]+),\ available\ ([0-9]+) ]]; then
			local want="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}" got
			got=$(BERTH_FORMAT=json bash -c "$cmd" | jq -r '"\(.total) \(.held) \(.available)"')
			if [ "$got" != "$want" ]; then
				echo "tour line $n: '$cmd' claims $want, says $got" >&2
				return 1
			fi
		fi
	done < <(tour_lines)
	[ "$n" -ge 10 ] || { echo "only $n tour lines found" >&2; return 1; }
}

# What the tour's comments and commands say the store then holds.
tour_outcome() {
	local db=$HOME/.local/share/berth
	# "the store: $XDG_DATA_HOME/berth": XDG_DATA_HOME unset is ~/.local/share.
	assert_file_exists "$db/data.mdb"
	export BERTH_DB=$db
	run --separate-stderr berth --format json show b1
	assert_success
	[ "$(echo "$output" | jq -r '[.resource, .status, .payment_status, .payment_ref, (.seats | join(","))] | join(" ")')" = \
		"concert confirmed paid card-4242 1,2" ]
	# The concert starts tomorrow evening in Paris, in the future.
	[ "$(date -d "$(echo "$output" | jq -r .start)" +%s)" -gt "$(date +%s)" ]
	# The hold was given half an hour: time for a person typing the tour
	# to reach confirm before it expires (the default is 5 minutes).
	run --separate-stderr berth --format json show h1
	assert_success
	[ "$(( $(date -d "$(echo "$output" | jq -r .expires_at)" +%s) - $(date -d "$(echo "$output" | jq -r .created_at)" +%s) ))" -eq 1800 ]
	[ "$(berth --format json show b2 | jq -r '.resource + " " + .status')" = "workshop cancelled" ]
	[ "$(berth --format json list --customer alice | jq -r 'map(.id) | join(",")')" = b1 ]
	[ "$(berth --format json audit b1 | jq length)" -ge 1 ]
	# "a consistent copy": the backup is a store that passes check.
	local copy
	copy=$(awk '/^    berth backup / { print $3 }' "$README")
	copy=${copy/#\~/$HOME}
	[[ $copy == "$HOME"/* ]]
	assert_file_exists "$copy"
	mkdir "$HOME/restored"
	cp "$copy" "$HOME/restored/data.mdb"
	BERTH_DB=$HOME/restored run --separate-stderr berth check
	assert_success
}

@test "tour: the README's tour runs as written on a fresh store, today" {
	fresh_user
	unset TZ
	run_tour
	tour_outcome
}

@test "tour: the tour runs as written in zones far east and west of UTC" {
	for zone in Pacific/Kiritimati Pacific/Pago_Pago; do
		rm -rf "$BATS_TEST_TMPDIR/home"
		fresh_user
		export TZ=$zone
		run_tour
		tour_outcome
	done
}
