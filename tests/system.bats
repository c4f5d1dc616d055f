#!/usr/bin/env bats
# Expiry from the system: the systemd units and the cron line, and what
# `make install` puts where.

load helper

top() { cd "$BATS_TEST_DIRNAME/.." && pwd; }

@test "make install and uninstall place and remove every file under DESTDIR" {
	local dest="$BATS_TEST_TMPDIR/dest" t
	t=$(top)
	run make -s -C "$t" install DESTDIR="$dest" PREFIX=/usr
	assert_success
	assert_file_exists "$dest/usr/bin/berth"
	assert_file_exists "$dest/usr/share/man/man1/berth.1"
	assert_file_exists "$dest/usr/share/man/man1/berth-book.1"
	assert_file_exists "$dest/usr/share/man/man7/berth.7"
	assert_file_exists "$dest/usr/share/man/man5/berth.5"
	assert_file_exists "$dest/usr/share/berth/examples/salon.yaml"
	assert_file_exists "$dest/usr/share/berth/systemd/berth-expire.service"
	assert_file_exists "$dest/usr/share/berth/systemd/berth-expire.timer"
	assert_file_exists "$dest/usr/share/berth/cron/berth.cron"
	assert_file_exists "$dest/usr/share/bash-completion/completions/berth"
	grep -q '^ExecStart=/usr/bin/berth expire -q$' \
		"$dest/usr/share/berth/systemd/berth-expire.service"
	grep -q '^\* \* \* \* \* /usr/bin/berth expire -q$' \
		"$dest/usr/share/berth/cron/berth.cron"
	run make -s -C "$t" uninstall DESTDIR="$dest" PREFIX=/usr
	assert_success
	assert_file_not_exists "$dest/usr/bin/berth"
	assert_file_not_exists "$dest/usr/share/berth/systemd/berth-expire.timer"
	assert_file_not_exists "$dest/usr/share/man/man1/berth-book.1"
	assert_file_not_exists "$dest/usr/share/man/man5/berth.5"
	assert_file_not_exists "$dest/usr/share/berth/examples/salon.yaml"
}

@test "systemd units verify, the timer fires every minute to the second" {
	local t d
	t=$(top)
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
	d="$BATS_TEST_TMPDIR/units"
	mkdir -p "$d"
	sed "s|@BINDIR@|$(dirname "$BERTH_BIN")|" \
		"$t/share/systemd/berth-expire.service" >"$d/berth-expire.service"
	cp "$t/share/systemd/berth-expire.timer" "$d/"
	# verify follows Documentation=man:berth-expire(1): give it our pages.
	mkdir -p "$d/man/man1"
	cp "$t"/man/*.1 "$d/man/man1/"
	MANPATH="$d/man" run systemd-analyze verify "$d/berth-expire.service" "$d/berth-expire.timer"
	assert_success
	refute_output --partial "rror"
	grep -q '^AccuracySec=1s$' "$d/berth-expire.timer"
	grep -q '^Type=oneshot$' "$d/berth-expire.service"
	run systemd-analyze calendar --iterations=2 '*-*-* *:*:00'
	assert_success
}

@test "the cron line runs berth expire -q every minute" {
	local t line
	t=$(top)
	line=$(grep -v '^#' "$t/share/cron/berth.cron" | grep -v '^$')
	[ "$(echo "$line" | wc -l)" -eq 1 ]
	[ "$(echo "$line" | awk '{print $1,$2,$3,$4,$5}')" = "* * * * *" ]
	# The binary by its full path, written in by make install.
	[ "$(echo "$line" | cut -d' ' -f6-)" = "@BINDIR@/berth expire -q" ]
	# And what it runs prints nothing and succeeds.
	berth init >/dev/null
	run berth expire -q
	assert_success
	assert_output ""
}

# The command of the one job line of a crontab file.
cron_command() { grep -v '^#' "$1" | grep -v '^$' | cut -d' ' -f6-; }

@test "the installed cron line runs under cron's PATH=/usr/bin:/bin" {
	local t root home db before
	t=$(top)
	root="$BATS_TEST_TMPDIR/root" home="$BATS_TEST_TMPDIR/home"
	run make -s -C "$t" install PREFIX="$root"
	assert_success
	# A user's default store, with a hold that expired long ago by the
	# real clock (cron passes no BERTH_NOW).
	db="$home/.local/share/berth"
	berth --db "$db" init >/dev/null
	berth --db "$db" resource add stylist >/dev/null
	berth --db "$db" --now 2020-01-01T00:00Z -q lock stylist 2020-01-02T09:00 --duration 1h --ttl 5m
	before=$(berth --db "$db" --format json stats | jq -r .audit_records)
	# What cron runs: its own PATH and HOME, nothing else.
	run --separate-stderr env -i PATH=/usr/bin:/bin HOME="$home" SHELL=/bin/sh \
		sh -c "$(cron_command "$root/share/berth/cron/berth.cron")"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	# The sweep ran: the hold's expiry is audited.
	[ "$(berth --db "$db" --format json stats | jq -r .audit_records)" -eq $((before + 1)) ]
	assert_equal "$(cron_command "$root/share/berth/cron/berth.cron")" \
		"$root/bin/berth expire -q"
}

@test "make install writes BINDIR into the units and the cron line, and leaves no @BINDIR@" {
	local t dest data
	t=$(top)
	dest="$BATS_TEST_TMPDIR/dest" data="$dest/usr/local/share/berth"
	run make -s -C "$t" install DESTDIR="$dest"
	assert_success
	assert_file_executable "$dest/usr/local/bin/berth"
	grep -qx 'ExecStart=/usr/local/bin/berth expire -q' "$data/systemd/berth-expire.service"
	assert_equal "$(cron_command "$data/cron/berth.cron")" "/usr/local/bin/berth expire -q"
	cmp "$t/share/systemd/berth-expire.timer" "$data/systemd/berth-expire.timer"
	run grep -rl '@BINDIR@' "$data"
	assert_failure 1
	assert_output ""
	# A BINDIR of its own is what both name.
	dest="$BATS_TEST_TMPDIR/dest2" data="$dest/usr/local/share/berth"
	run make -s -C "$t" install DESTDIR="$dest" BINDIR=/opt/berth/bin
	assert_success
	assert_file_executable "$dest/opt/berth/bin/berth"
	grep -qx 'ExecStart=/opt/berth/bin/berth expire -q' "$data/systemd/berth-expire.service"
	assert_equal "$(cron_command "$data/cron/berth.cron")" "/opt/berth/bin/berth expire -q"
}

@test "the installed units verify and name the installed binary" {
	local t root d
	t=$(top)
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
	root="$BATS_TEST_TMPDIR/root"
	run make -s -C "$t" install PREFIX="$root"
	assert_success
	d="$root/share/berth/systemd"
	grep -qx "ExecStart=$root/bin/berth expire -q" "$d/berth-expire.service"
	MANPATH="$root/share/man" run systemd-analyze verify \
		"$d/berth-expire.service" "$d/berth-expire.timer"
	assert_success
	refute_output --partial "rror"
}

# The README's systemd steps, run as written (with the PREFIX of a test
# install) against a stand-in systemctl and loginctl that record their
# arguments: the units land where systemd --user reads them, and lingering
# is turned on so the timer runs with nobody logged in.
@test "the README's systemd steps work from a fresh home directory" {
	local t root home fake steps
	t=$(top)
	root="$BATS_TEST_TMPDIR/root" home="$BATS_TEST_TMPDIR/home"
	fake="$BATS_TEST_TMPDIR/fake"
	run make -s -C "$t" install PREFIX="$root"
	assert_success
	mkdir -p "$fake" "$home"
	for c in systemctl loginctl; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$fake" >"$fake/$c"
		chmod +x "$fake/$c"
	done
	# The indented block after "with systemd", in the expiry section.
	steps=$(sed -n '/^## Expiry from cron or systemd/,/^## /p' "$t/README.md" |
		awk '/with systemd/ { f = 1; next }
			f && /^    / { print substr($0, 5); got = 1; next }
			got && /^[^ ]/ { exit }')
	[ -n "$steps" ]
	steps=${steps//\/usr\/local/$root}
	run env HOME="$home" USER=someone PATH="$fake:/usr/bin:/bin" sh -ec "$steps"
	assert_success
	assert_file_exists "$home/.config/systemd/user/berth-expire.service"
	assert_file_exists "$home/.config/systemd/user/berth-expire.timer"
	grep -qx "ExecStart=$root/bin/berth expire -q" \
		"$home/.config/systemd/user/berth-expire.service"
	run cat "$fake/calls"
	assert_line "systemctl --user enable --now berth-expire.timer"
	assert_line --regexp '^loginctl enable-linger( |$)'
}
