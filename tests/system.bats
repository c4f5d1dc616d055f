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
	assert_file_exists "$dest/usr/share/berth/systemd/berth-expire.service"
	assert_file_exists "$dest/usr/share/berth/systemd/berth-expire.timer"
	assert_file_exists "$dest/usr/share/berth/cron/berth.cron"
	assert_file_exists "$dest/usr/share/bash-completion/completions/berth"
	grep -q '^ExecStart=/usr/bin/berth expire -q$' \
		"$dest/usr/share/berth/systemd/berth-expire.service"
	run make -s -C "$t" uninstall DESTDIR="$dest" PREFIX=/usr
	assert_success
	assert_file_not_exists "$dest/usr/bin/berth"
	assert_file_not_exists "$dest/usr/share/berth/systemd/berth-expire.timer"
	assert_file_not_exists "$dest/usr/share/man/man1/berth-book.1"
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
	[ "$(echo "$line" | cut -d' ' -f6-)" = "berth expire -q" ]
	# And what it runs prints nothing and succeeds.
	berth init >/dev/null
	run berth expire -q
	assert_success
	assert_output ""
}
