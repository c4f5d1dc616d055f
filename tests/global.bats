#!/usr/bin/env bats
# Global options and environment: the store, the clock, output control,
# plugins, option order, and output errors that must never pass silently.

load helper
bats_require_minimum_version 1.5.0

@test "global: --db and BERTH_DB choose the store; --db wins" {
	seed
	other="$BATS_TEST_TMPDIR/other"
	berth --db "$other" init >/dev/null
	berth --db "$other" resource add stylist >/dev/null
	berth --db "$other" -q book stylist 2026-06-10T09:00 --duration 1h
	[ -e "$other/data.mdb" ]
	[ "$(berth --db "$other" --format json list | jq length)" = 1 ]
	[ "$(berth --format json list | jq length)" = 0 ]
	[ "$(BERTH_DB="$other" berth --format json list | jq length)" = 1 ]
	[ "$(BERTH_DB=/nonexistent berth --db "$other" --format json list | jq length)" = 1 ]
	# after the verb too
	[ "$(berth list --format json --db "$other" | jq length)" = 1 ]
	[ "$(berth list --format=json --db="$other" | jq length)" = 1 ]
}

@test "global: the default store is \$XDG_DATA_HOME/berth" {
	unset BERTH_DB
	export XDG_DATA_HOME="$BATS_TEST_TMPDIR/xdg" HOME="$BATS_TEST_TMPDIR/home"
	run --separate-stderr berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .path)" = "$XDG_DATA_HOME/berth" ]
	[ -e "$XDG_DATA_HOME/berth/data.mdb" ]
	[ ! -e "$HOME/.local/share/berth" ]
	berth resource add r >/dev/null
	[ "$(berth --format json resource list | jq -r '.[0].name')" = r ]
}

@test "global: without XDG_DATA_HOME the store is \$HOME/.local/share/berth, private" {
	unset BERTH_DB XDG_DATA_HOME
	export HOME="$BATS_TEST_TMPDIR/home"
	run --separate-stderr berth --format json init
	assert_success
	[ "$(echo "$output" | jq -r .path)" = "$HOME/.local/share/berth" ]
	[ -e "$HOME/.local/share/berth/data.mdb" ]
	[ "$(stat -c %a "$HOME/.local/share/berth")" = 700 ]
	[ "$(stat -c %a "$HOME/.local/share/berth/data.mdb")" = 600 ]
}

@test "global: a missing store is NOT_FOUND (3) for a read, and is not created" {
	export BERTH_DB="$BATS_TEST_TMPDIR/missing"
	run --separate-stderr berth list
	[ "$status" -eq 3 ]
	[[ $stderr == "berth: NOT_FOUND: "* ]]
	[ ! -e "$BERTH_DB" ]
}

@test "global: --now and BERTH_NOW set the clock; --now wins" {
	seed
	[ "$(field created_at -- book stylist 2026-06-10T09:00 --duration 1h)" = 2026-06-01T10:00:00+00:00 ]
	[ "$(field created_at -- --now 2026-06-02T08:30:00Z book stylist 2026-06-11T09:00 --duration 1h)" = 2026-06-02T08:30:00+00:00 ]
	[ "$(BERTH_NOW=2026-06-03T07:00:00Z field created_at -- book stylist 2026-06-12T09:00 --duration 1h)" = 2026-06-03T07:00:00+00:00 ]
	[ "$(field created_at -- book stylist 2026-06-13T09:00 --duration 1h --now 2026-06-04T06:00:00+02:00)" = 2026-06-04T04:00:00+00:00 ]
	# the clock decides what is past
	refuses 5 PAST -- --now 2026-06-20T00:00:00Z book stylist 2026-06-14T09:00 --duration 1h
}

@test "global: --now @EPOCH" {
	seed
	# 1780000000 = 2026-05-28T20:26:40Z
	[ "$(field created_at -- --now @1780000000 lock stylist 2026-06-10T09:00 --duration 1h)" = 2026-05-28T20:26:40+00:00 ]
	[ "$(field expires_at -- --now @1780000000 lock stylist 2026-06-11T09:00 --duration 1h)" = 2026-05-28T20:31:40+00:00 ]
}

@test "global: a local --now is in the store's zone" {
	unset BERTH_NOW
	TZ=Europe/Paris berth init >/dev/null
	berth resource add r >/dev/null
	# the store remembers its zone whatever TZ says later
	[ "$(TZ=UTC field created_at -- --now 2026-06-01T12:00 lock r 2026-06-10T09:00 --duration 1h)" = 2026-06-01T12:00:00+02:00 ]
	[ "$(TZ=UTC field created_at -- --now '2026-06-01 13:00' lock r 2026-06-11T09:00 --duration 1h)" = 2026-06-01T13:00:00+02:00 ]
	[ "$(TZ=UTC field created_at -- --now 2026-06-02 lock r 2026-06-12T09:00 --duration 1h)" = 2026-06-02T00:00:00+02:00 ]
	[ "$(TZ=UTC BERTH_NOW=2026-06-01T12:00 field created_at -- lock r 2026-06-13T09:00 --duration 1h)" = 2026-06-01T12:00:00+02:00 ]
}

@test "global: a bad --now or BERTH_NOW is refused (2)" {
	seed
	for t in bogus 2026-13-01 2026-06-01T25:00 @x ""; do
		refuses 2 INVALID_TIME -- --now "$t" list || refuses 2 INVALID_ARGUMENT -- --now "$t" list
	done
	BERTH_NOW=bogus run --separate-stderr berth list
	[ "$status" -eq 2 ]
	[[ $stderr == "berth: INVALID_TIME: "* ]]
	BERTH_NOW=bogus run --separate-stderr berth -q book stylist 2026-06-10T09:00 --duration 1h
	[ "$status" -eq 2 ]
	[ "$(berth --format json list | jq length)" = 0 ]
}

@test "global: error messages about bad values are not garbled" {
	seed
	BERTH_NOW=bogus run --separate-stderr berth list
	[[ $stderr == *"invalid time 'bogus'"* ]]
	[[ $stderr != *"BERTH_NOW: BERTH_NOW:"* ]]
	run --separate-stderr berth availability stylist --at bogus
	[[ $stderr == *"invalid time 'bogus'"* ]]
	[[ $stderr != *"--at: --at:"* ]]
	BERTH_FORMAT=xml run --separate-stderr berth list
	[[ $stderr == *"unknown format 'xml'"* ]]
}

@test "global: --version" {
	run --separate-stderr berth --version
	assert_success
	[[ $output =~ ^berth\ [0-9]+\.[0-9]+\.[0-9]+ ]]
	[ "${#lines[@]}" = 1 ]
}

@test "global: -q prints nothing on success" {
	seed
	run --separate-stderr berth -q lock stylist 2026-06-10T09:00 --duration 1h
	assert_success
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(berth --format json list --holds | jq length)" = 1 ]
	run --separate-stderr berth lock stylist 2026-06-11T09:00 --duration 1h -q
	assert_success
	[ -z "$output" ]
	run --separate-stderr berth --quiet list
	assert_success
	[ -z "$output" ]
}

@test "global: -q still fails with the error on failure" {
	seed
	berth -q lock stylist 2026-06-10T09:00 --duration 1h
	refuses 4 CAPACITY_FULL -- -q lock stylist 2026-06-10T09:00 --duration 1h
	[ -z "$output" ]
	refuses 3 NOT_FOUND -- -q show b5
	refuses 2 INVALID_ARGUMENT -- -q frobnicate
}

@test "global: -v names the store on stderr, not stdout" {
	seed
	run --separate-stderr berth -v --format json list
	assert_success
	[[ $stderr == *"$(db_shown)"* ]]
	[ "$(echo "$output" | jq length)" = 0 ]
	run --separate-stderr berth --format json list
	[ -z "$stderr" ]
}

@test "global: an unknown verb or option is refused (2)" {
	seed
	refuses 2 INVALID_ARGUMENT -- frobnicate
	refuses 2 INVALID_ARGUMENT -- frobnicate a b
	refuses 2 INVALID_ARGUMENT -- --bogus list
	refuses 2 INVALID_ARGUMENT -- list --bogus
	refuses 2 INVALID_ARGUMENT -- -x list
	refuses 2 INVALID_ARGUMENT -- resource frobnicate
	refuses 2 INVALID_ARGUMENT -- ../bin/sh
}

@test "global: an unknown short option is named, even inside a cluster" {
	seed
	refuses 2 INVALID_ARGUMENT -- list -zq
	assert_equal "$stderr" "berth: INVALID_ARGUMENT: unknown option '-z' (see berth list --help)"
	refuses 2 INVALID_ARGUMENT -- list -qz
	assert_equal "$stderr" "berth: INVALID_ARGUMENT: unknown option '-z' (see berth list --help)"
}

@test "global: before the verb, values join their option as getopt has it (-oVALUE, --name=VALUE, clusters)" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h --customer ann)
	want=$(berth -o id,customer show "$b")
	[ "$want" = "$(printf 'id        %s\ncustomer  ann' "$b")" ]
	[ "$(berth -oid,customer show "$b")" = "$want" ]
	[ "$(berth --columns=id,customer show "$b")" = "$want" ]
	[ "$(berth --columns id,customer show "$b")" = "$want" ]
	run --separate-stderr berth -void,customer show "$b"
	assert_success
	[ "$output" = "$want" ]
	[[ $stderr == *"$(db_shown)"* ]]
	[ "$(berth -vo id,customer show "$b" 2>/dev/null)" = "$want" ]
	run --separate-stderr berth -qoid,customer show "$b"
	assert_success
	assert_output ""
	# and after the verb, where getopt reads them
	[ "$(berth show "$b" -oid,customer)" = "$want" ]
	[ "$(berth --format=json show "$b" | jq -r .customer)" = ann ]
	[ "$(berth --db="$BERTH_DB" --now=2026-06-01T10:00Z --format=json show "$b" | jq -r .id)" = "$b" ]
	# a quiet cluster writes nothing
	[ "$(berth -qv -q book stylist 2026-06-11T09:00 --duration 1h 2>/dev/null)" = "" ]
	# refusals name the option
	refuses 2 INVALID_ARGUMENT -- -qz list
	assert_equal "$stderr" "berth: INVALID_ARGUMENT: unknown option '-z' (see berth --help)"
	refuses 2 INVALID_ARGUMENT -- -qo
	assert_equal "$stderr" "berth: INVALID_ARGUMENT: option '-o' needs a value"
	refuses 2 INVALID_ARGUMENT -- --quiet=yes list
	assert_equal "$stderr" "berth: INVALID_ARGUMENT: option '--quiet' takes no value"
	refuses 2 INVALID_ARGUMENT -- --format
	run --separate-stderr berth --format json -o
	[ "$(echo "$stderr" | jq -c .error.details)" = '{"option":"-o"}' ]
	run --separate-stderr berth --format json --now
	[ "$(echo "$stderr" | jq -c .error.details)" = '{"option":"--now"}' ]
}

@test "global: a plugin berth-NAME on PATH runs with its arguments" {
	seed
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/berth-hello" <<'EOF'
#!/bin/sh
printf 'hello %s\n' "$#"
for a in "$@"; do printf '[%s]\n' "$a"; done
exit 3
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/berth-hello"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run --separate-stderr berth hello a 'b c'
	[ "$status" -eq 3 ]
	[ "$output" = $'hello 2\n[a]\n[b c]' ]
	# without it on PATH, an unknown command
	run --separate-stderr berth hello a
	[ "$status" -eq 2 ]
	# a built-in verb is never shadowed by a plugin
	cat >"$BATS_TEST_TMPDIR/bin/berth-list" <<'EOF'
#!/bin/sh
echo plugin
EOF
	chmod +x "$BATS_TEST_TMPDIR/bin/berth-list"
	PATH="$BATS_TEST_TMPDIR/bin:$PATH" run --separate-stderr berth --format json list
	assert_success
	[ "$(echo "$output" | jq length)" = 0 ]
}

@test "global: writing to a full stdout is an error (10 IO_ERROR), never a silent 0" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	run --separate-stderr sh -c '"$0" resource list >/dev/full' "$BERTH_BIN"
	[ "$status" -eq 10 ]
	[[ $stderr == "berth: IO_ERROR: "* ]]
	run --separate-stderr sh -c '"$0" show "$1" >/dev/full' "$BERTH_BIN" "$b"
	[ "$status" -eq 10 ]
	[[ $stderr == "berth: IO_ERROR: "* ]]
	run --separate-stderr sh -c '"$0" --format json list >/dev/full' "$BERTH_BIN"
	[ "$status" -eq 10 ]
	[ "$(echo "$stderr" | jq -r .error.code)" = IO_ERROR ]
	run --separate-stderr sh -c '"$0" --version >/dev/full' "$BERTH_BIN"
	[ "$status" -ne 0 ]
}

@test "global: writing to a closed stdout is an error" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	run --separate-stderr sh -c '"$0" show "$1" >&-' "$BERTH_BIN" "$b"
	[ "$status" -ne 0 ]
	run --separate-stderr sh -c '"$0" --format json list >&-' "$BERTH_BIN"
	[ "$status" -ne 0 ]
}

@test "global: closed standard descriptors never become the store's files" {
	seed
	# With 0, 1 and 2 closed, the store's files would be opened on them
	# and -v's line written over data.mdb's first page.
	run sh -c '"$0" -v book stylist 2026-06-10T09:00 --duration 1h <&- >&- 2>&-' "$BERTH_BIN"
	[ "$status" -eq 9 ]
	run sh -c '"$0" -v --format json show b9 <&- >&- 2>&-' "$BERTH_BIN"
	[ "$status" -eq 3 ]
	run sh -c '"$0" -v list >&- 2>&-' "$BERTH_BIN"
	[ "$status" -eq 10 ]
	! grep -a -q berth "$BERTH_DB/lock.mdb" "$BERTH_DB/data.mdb"
	[ "$(field status -- show b1)" = confirmed ]
	run berth check
	assert_success
}

@test "global: a write whose output is lost fails loudly; its key retries safely" {
	seed
	run --separate-stderr sh -c '"$0" lock stylist 2026-06-10T09:00 --duration 1h --idempotency-key lost >/dev/full' "$BERTH_BIN"
	[ "$status" -eq 9 ]
	[[ $stderr == "berth: OUTPUT_FAILED: hold h1 was placed, "* ]]
	# the caller retries with the same key and learns what was done, once
	run --separate-stderr berth --format json lock stylist 2026-06-10T09:00 --duration 1h --idempotency-key lost
	assert_success
	h=$(echo "$output" | jq -r .id)
	[ "$(berth --format json list --holds | jq -r 'map(.id) | join(",")')" = "$h" ]
}

@test "global: options work before and after the verb" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	[ "$(berth --format json show "$b" | jq -r .id)" = "$b" ]
	[ "$(berth show "$b" --format json | jq -r .id)" = "$b" ]
	[ "$(berth show --format json "$b" | jq -r .id)" = "$b" ]
	[ "$(berth show --format=json "$b" | jq -r .id)" = "$b" ]
	[ "$(berth --format=json show "$b" | jq -r .id)" = "$b" ]
	[ "$(berth show "$b" --now 2026-06-01T10:00:00Z --format json | jq -r .id)" = "$b" ]
	[ "$(berth book stylist --duration 1h 2026-06-11T09:00 --format json --customer x | jq -r .customer)" = x ]
	[ "$(berth --as ann --role staff -q book stylist 2026-06-12T09:00 --duration 1h; berth --format json audit --actor ann | jq -r '.[0].role')" = staff ]
	[ "$(berth -q book stylist 2026-06-13T09:00 --duration 1h --as bea --role customer --customer bea; berth --format json audit --actor bea | jq -r '.[0].role')" = customer ]
}

@test "global: -- ends options" {
	seed
	b=$(field id -- book stylist 2026-06-10T09:00 --duration 1h)
	[ "$(berth --format json -- show "$b" | jq -r .id)" = "$b" ]
	[ "$(berth --format json show -- "$b" | jq -r .id)" = "$b" ]
	# after --, "-q" is an operand (an id), not the quiet flag
	run --separate-stderr berth show -- -q
	[ "$status" -eq 2 ]
	[[ $stderr == *"'-q'"* ]]
	# and "--format" is an operand, not an option
	run --separate-stderr berth show -- --format json
	[ "$status" -eq 2 ]
	[[ $stderr == *"too many operands"* ]]
	run --separate-stderr berth --format json list -- extra
	[ "$status" -eq 2 ]
}

@test "global: berth with no command prints the usage on stderr and exits 2, like git" {
	run --separate-stderr berth
	assert_failure 2
	assert_equal "$output" ""
	[[ $stderr == "usage: berth "* ]]
	[[ $stderr == *"  book "* ]]
	[[ $stderr == *"berth help COMMAND"* ]]
	# Global options alone are still no command; nothing is created.
	run --separate-stderr berth -q --db "$BERTH_DB"
	assert_failure 2
	assert_equal "$output" ""
	[[ $stderr == "usage: berth "* ]]
	[ ! -e "$BERTH_DB" ]
	# Asked for, the usage is the answer: stdout, exit 0.
	run --separate-stderr berth --help
	assert_success
	[[ $output == "usage: berth "* ]]
	assert_equal "$stderr" ""
	run --separate-stderr berth help
	assert_success
	[[ $output == "usage: berth "* ]]
	assert_equal "$stderr" ""
}

@test "global: --help works for berth and every verb" {
	run berth --help
	assert_success
	assert_output --partial usage
	for v in init lock release confirm book cancel pay show list availability expire check audit; do
		run --separate-stderr berth "$v" --help
		[ "$status" -eq 0 ] || { echo "$v --help: $status"; false; }
		[[ $output == *usage* ]] || { echo "$v --help: no usage"; false; }
	done
}
