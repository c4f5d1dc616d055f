#!/usr/bin/env bats
# share/deps.sh: make demo installs what the build needs, make check what
# the tests need too, and both wait for another package manager instead of
# failing on its lock. apt-get, dpkg-query and id are stand-ins here that
# record what they were asked; nothing is installed.

load helper

top() { cd "$BATS_TEST_DIRNAME/.." && pwd; }

# A PATH whose dpkg-query says no package is installed, whose apt-get
# logs its arguments (and whether a lock was held when it ran), and whose
# id says root.
fake_apt() {
	fake="$BATS_TEST_TMPDIR/fake"
	mkdir -p "$fake"
	cat >"$fake/dpkg-query" <<-'SH'
		#!/bin/sh
		exit 1
	SH
	cat >"$fake/apt-get" <<-SH
		#!/bin/sh
		if flock -n "$BATS_TEST_TMPDIR/lock" true 2>/dev/null; then
			echo "free \$*" >>"$fake/calls"
		else
			echo "held \$*" >>"$fake/calls"
		fi
	SH
	cat >"$fake/id" <<-'SH'
		#!/bin/sh
		echo 0
	SH
	chmod +x "$fake"/*
	: >"$BATS_TEST_TMPDIR/lock"
	export BERTH_APT_LOCKS="$BATS_TEST_TMPDIR/lock"
}

# hold_lock SECONDS: another package manager, holding the lock that long
# from the moment this returns.
# flock holds it itself (-o: not its sleep), with no descriptor of bats'.
hold_lock() {
	flock -o "$BATS_TEST_TMPDIR/lock" sleep "$1" >/dev/null 2>&1 3>&- &
	holder=$!
	until ! flock -n "$BATS_TEST_TMPDIR/lock" true; do sleep 0.1; done
}

deps() { PATH="$fake:/usr/bin:/bin" sh "$(top)/share/deps.sh" "$@"; }

# The packages apt-get was asked to install.
installed() { sed -n 's/.* install -y -qq --no-install-recommends //p' "$fake/calls" | tr ' ' '\n'; }

@test "deps: make demo installs only what the build needs" {
	fake_apt
	run --separate-stderr deps demo
	assert_success
	run installed
	assert_line gcc
	assert_line liblmdb-dev
	assert_line libjansson-dev
	refute_line zsh
	refute_line fish
	refute_line bats
	refute_line jq
}

@test "deps: make check installs the tests' tools too, and BERTH_DEPS_EXTRA" {
	fake_apt
	BERTH_DEPS_EXTRA="clang libclang-rt-dev" run --separate-stderr deps check
	assert_success
	run installed
	assert_line gcc
	assert_line zsh
	assert_line fish
	assert_line bats
	assert_line xxd
	assert_line clang
	assert_line libclang-rt-dev
	# No argument is make check's set (make bench, make valgrind and CI
	# call it so).
	rm "$fake/calls"
	BERTH_DEPS_EXTRA=valgrind run --separate-stderr deps
	assert_success
	run installed
	assert_line zsh
	assert_line valgrind
}

@test "deps: an unknown set is a usage error, and nothing is installed" {
	fake_apt
	run --separate-stderr deps everything
	assert_failure 2
	[[ $stderr == usage:* ]]
	assert_file_not_exists "$fake/calls"
}

@test "deps: nothing missing, nothing said and nothing run" {
	fake_apt
	printf '#!/bin/sh\necho "install ok installed"\n' >"$fake/dpkg-query"
	run --separate-stderr deps check
	assert_success
	assert_equal "$stderr" ""
	assert_file_not_exists "$fake/calls"
}

@test "deps: waits for a package manager holding the dpkg lock, saying so once" {
	fake_apt
	hold_lock 3
	SECONDS=0
	run --separate-stderr deps demo
	assert_success
	[ "$SECONDS" -ge 2 ]
	[ "$(grep -c 'waiting for another package manager' <<<"$stderr")" -eq 1 ]
	[[ $stderr == *"(flock, pid $holder)"* ]]
	# apt-get ran only once the lock was free, told to wait itself too.
	run cat "$fake/calls"
	assert_line --regexp '^free -o DPkg::Lock::Timeout=[0-9]+ update'
	assert_line --regexp '^free -o DPkg::Lock::Timeout=[0-9]+ install '
	refute_line --regexp '^held '
	wait "$holder"
}

@test "deps: gives up after BERTH_APT_WAIT seconds with a message, installing nothing" {
	fake_apt
	hold_lock 10
	BERTH_APT_WAIT=1 run --separate-stderr deps demo
	assert_failure 1
	[[ $stderr == *"waiting for another package manager"* ]]
	[[ $stderr == *"still busy after 1s"* ]]
	assert_file_not_exists "$fake/calls"
	pkill -P "$holder" sleep
	wait "$holder" || true
}

@test "deps: make demo asks for the demo's packages, make check and make deps for the tests'" {
	local t
	t=$(top)
	run make -n -C "$t" demo
	assert_success
	assert_line --partial "share/deps.sh demo"
	refute_line --partial "share/deps.sh check"
	run make -n -C "$t" check
	assert_success
	assert_line --partial "share/deps.sh check"
	refute_line --partial "share/deps.sh demo"
	run make -n -C "$t" deps
	assert_line --partial "share/deps.sh check"
}
