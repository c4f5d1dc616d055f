#!/usr/bin/env bats
# Guard tests keep the docs honest (git's t0012-help.sh, t0450): every verb
# the binary knows has --help, a man page that lints clean and documents its
# options, and completions in bash, zsh and fish that really offer it. The
# verb and option lists come from the binary, never from this file.

bats_require_minimum_version 1.5.0
load helper

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
COMP=$TOP/completions
MAN=$TOP/man
BASH_COMPLETION=/usr/share/bash-completion/bash_completion

verbs() { berth --list-cmds | grep -vx help; }

# "VERB SUB" for every sub-verb of every verb that has them.
subverbs() {
	local v s
	for v in $(verbs); do
		for s in $(berth "$v" --list-cmds 2>/dev/null); do
			echo "$v $s"
		done
	done
}

# The options every verb accepts: those in every verb's --list-opts.
global_opts() {
	local v n=0
	for v in $(verbs); do
		[ -n "$(berth "$v" --list-opts 2>/dev/null)" ] && n=$((n + 1))
	done
	for v in $(verbs); do
		berth "$v" --list-opts 2>/dev/null
	done | sort | uniq -c | awk -v n="$n" '$1 == n { print $2 }'
}

# A man page as plain text.
man_text() { mandoc -Tascii "$1" | sed 's/.\x08//g'; }

# A sorted, space-separated word list, for comparing sets.
words() { sort -u | grep . | tr '\n' ' '; }

# Completion runs the binary found as "berth" on PATH: the one under test.
with_bin_path() { PATH="$(dirname "$BERTH_BIN"):$PATH" "$@"; }

# bash_complete MODE LINE: what bash offers at the end of LINE. MODE bc
# loads bash-completion first; plain runs the file on its own. Words are
# split as bash splits them: "--opt=val" is "--opt" "=" "val".
bash_complete() {
	with_bin_path bash --norc --noprofile -c '
		[ "$1" = bc ] && . "$4"
		. "$2"
		COMP_LINE=$3
		COMP_POINT=${#3}
		COMP_WORDS=()
		for w in $3; do
			if [[ $w == --*=* ]]; then
				COMP_WORDS+=("${w%%=*}" "=")
				[ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
			else
				COMP_WORDS+=("$w")
			fi
		done
		[[ $3 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_berth
		printf "%s\n" "${COMPREPLY[@]}"' _ "$1" "$COMP/berth.bash" "$2" "$BASH_COMPLETION"
}

bash_modes() {
	echo plain
	[ -r "$BASH_COMPLETION" ] && echo bc
}

fish_complete() {
	with_bin_path fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
		"$COMP/berth.fish" "$1" | cut -f1
}

# zsh_complete LINE...: the matches zsh's completion system offers for each
# LINE, typed into one interactive zsh on a pseudo-terminal with compadd
# wrapped to record what it added after matching; each answer ends with a
# line "--end--".
zsh_complete() {
	cat >"$BATS_TEST_TMPDIR/zc.zsh" <<-'EOF'
		zmodload zsh/zpty || exit 3
		zpty z zsh -f -i
		zpty -w z "fpath=(${(q)1} \$fpath); PS1=; PROMPT=; RPROMPT=
		autoload -U compinit && compinit -u -D
		_zc_hits=()
		compadd() { local -a _h; builtin compadd -A _h \"\$@\"; _zc_hits+=(\$_h); builtin compadd \"\$@\"; }
		_zc_complete() { _zc_hits=(); _main_complete; print -rl -- '<<<' \$_zc_hits '>>>' }
		zle -C zc-complete complete-word _zc_complete
		bindkey '^I' zc-complete; bindkey '^U' kill-whole-line"
		shift
		local l line on
		for l in "$@"; do
			zpty -w -n z "$l"$'\t'
			on=0
			while zpty -r z line; do
				line=${line//$'\r'/}; line=${line%$'\n'}
				[[ $line == '>>>'* ]] && break
				(( on )) && print -r -- $line
				[[ $line == *'<<<' ]] && on=1
			done
			print -r -- --end--
			zpty -w -n z $'\C-u'
		done
		zpty -d z
	EOF
	with_bin_path timeout 60 zsh -f "$BATS_TEST_TMPDIR/zc.zsh" "$COMP" "$@"
}

# The same answers from a function that takes one line at a time.
one_by_one() {
	local f=$1 l
	shift
	for l in "$@"; do
		"$f" "$l"
		echo --end--
	done
}

need_zpty() {
	command -v zsh >/dev/null || skip "zsh is not installed (make deps installs it)"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zpty module"
}

need_fish() {
	command -v fish >/dev/null || skip "fish is not installed (make deps installs it)"
}

# Two resources in the test's store, one in another store.
two_stores() {
	OTHER=$BATS_TEST_TMPDIR/other
	[ -d "$OTHER" ] && return
	berth init >/dev/null
	berth resource add concert --seats 100 >/dev/null
	berth resource add stylist >/dev/null
	berth --db "$OTHER" init >/dev/null
	berth --db "$OTHER" resource add garage >/dev/null
	# h1 a live hold, b1 confirmed, b2 pending: the operands of the
	# lifecycle verbs.
	berth -q lock stylist 2026-06-10T09:00 --duration 1h
	berth -q book concert 2026-06-15T20:00 --duration 3h --seat 1
	berth -q book stylist 2026-06-11T09:00 --duration 1h --pending
	# d1, d2 holidays, t1 time off: the operands of their rm
	berth -q holiday add 2026-12-25
	berth -q holiday add 2026-12-31
	berth -q timeoff add stylist --from 2026-07-01 --to 2026-07-02
	# services: the operands of service show|set|rm and of --service
	berth -q service add cut --duration 45m --resources stylist
	berth -q service add color --duration 2h
	# event 5 (h1's hold.created) given up: the operand of events retry
	berth -q notify --once --max-attempts 1 --type hold.created --exec false
	# w1 waits (stylist is held then): an operand of show and waitlist
	berth -q waitlist add stylist --customer ann --duration 1h --from 2026-06-10 --to 2026-06-10 --times 09:00-10:00
}

# check_shell NAME FUNC: the scenarios every shell's completion must pass.
# FUNC LINE... prints the words offered for each LINE, each answer ended by
# "--end--". Reports every mismatch, then fails.
check_shell() {
	local name=$1 f=$2 bad=0 got i v s
	local -a lines=() wants=()
	two_stores
	expect() { lines+=("$1"); wants+=("$2"); }
	expect "berth bo" "book "
	expect "berth book --cu" "--customer "
	expect "berth resource a" "add "
	expect "berth lock " "concert stylist "
	expect "berth book " "concert stylist "
	expect "berth availability " "concert stylist "
	expect "berth slots " "concert stylist "
	expect "berth slots concert " "concert stylist "
	expect "berth slots concert --du" "--duration "
	expect "berth list --resource " "concert stylist "
	expect "berth --format " "csv json jsonl table tsv "
	expect "berth list --format=j" "$([ "$name" = fish ] && echo "--format=json --format=jsonl " || echo "json jsonl ")"
	expect "berth export --format " "json jsonl yaml "
	expect "berth list --format " "csv ics json jsonl table tsv "
	expect "berth slots concert --format " "csv ics json jsonl table tsv "
	expect "berth report --format " "csv json jsonl svg table tsv "
	expect "berth report --by " "day hour weekday "
	expect "berth report --heatmap " "always auto never "
	expect "berth report --resource " "concert stylist "
	expect "berth report " ""
	expect "berth export " ""
	expect "berth --role " "admin customer staff system "
	expect "berth list --status " "attended cancelled confirmed expired no_show pending "
	expect "berth list --holds --status " "active expired released used "
	expect "berth pay --status " "failed paid refunded "
	expect "berth confirm --payment " "failed paid pending "
	expect "berth --db $OTHER lock " "garage "
	expect "berth lock --db $OTHER " "garage "
	expect "berth book --customer ann " "concert stylist "
	expect "berth lock concert " ""
	expect "berth help bo" "book "
	expect "berth release " "h1 "
	expect "berth confirm " "b2 h1 "
	expect "berth cancel " "b1 b2 "
	expect "berth reschedule " "b1 b2 "
	expect "berth reschedule b1 2026-06-12T09:00 --resource " "concert stylist "
	expect "berth reschedule b1 --re" "--reason --resource "
	expect "berth pay " "b1 b2 "
	expect "berth checkin " "b1 "
	expect "berth noshow " "b1 "
	expect "berth checkin b1 --u" "--undo "
	expect "berth book stylist 2026-06-10T09:00 --repeat " "daily monthly weekly "
	expect "berth lock stylist 2026-06-10T09:00 --sk" "--skip-conflicts "
	expect "berth cancel --ser" "--series "
	expect "berth confirm --ser" "--series "
	expect "berth confirm h1 --payment-method " "none on_arrival online "
	expect "berth book stylist 2026-06-10T09:00 --payment-method o" "on_arrival online "
	expect "berth show " "b1 b2 h1 w1 "
	expect "berth waitlist show " "w1 "
	expect "berth audit " "b1 b2 h1 head verify "
	expect "berth policy set " "$(berth policy list --format tsv | sed 1d | cut -f1 | words)"
	expect "berth policy unset " "$(berth policy list --format tsv | sed 1d | cut -f1 | words)"
	expect "berth policy unset min_notice " ""
	expect "berth policy set require_payment " "false true "
	expect "berth policy set min_notice " ""
	expect "berth hours set " "concert stylist "
	expect "berth hours show " "concert stylist "
	expect "berth timeoff add " "concert stylist "
	expect "berth holiday rm " "d1 d2 "
	expect "berth timeoff rm " "t1 "
	expect "berth service " "add list rm set show "
	expect "berth service show " "color cut "
	expect "berth service set " "color cut "
	expect "berth service rm " "color cut "
	expect "berth service add trim --resources " "concert stylist "
	expect "berth service set cut --pr" "--price "
	expect "berth lock --service " "color cut "
	expect "berth slots --service " "color cut "
	expect "berth book stylist 2026-06-10T09:00 --serv" "--service "
	# a service's policies, and what a payment took
	expect "berth policy set min_notice 2h --serv" "--service "
	expect "berth policy list --service " "color cut "
	expect "berth policy unset min_notice --service " "color cut "
	expect "berth pay b1 --am" "--amount "
	# the outbox: event types, the dead events, and notify's command
	expect "berth events --type booking.c" "booking.cancelled booking.checked_in booking.checkin_undone booking.confirmed booking.created "
	expect "berth notify --once --type hold.r" "hold.released "
	expect "berth events retry " "5 "
	expect "berth events prune " ""
	expect "berth notify " ""
	expect "berth notify --once --exec bert" "berth "
	expect "berth notify --exec true --" ""
	expect "berth init " ""
	expect "berth check " ""
	expect "berth stats " ""
	expect "berth expire " ""
	# --columns and -o values: the verb's own columns, and all
	expect "berth list --columns " "$( (echo all; berth list --list-columns) | words)"
	expect "berth list --holds -o " "$( (echo all; berth list --holds --list-columns) | words)"
	expect "berth show --columns p" "payment_method payment_ref payment_status price priority "
	expect "berth resource set -o m" "misfits "
	expect "berth availability concert --seats --columns s" "seats start "
	expect "berth availability concert --columns s" "start "
	expect "berth backup --columns " "all "
	# Every verb, sub-verb and option the binary knows.
	expect "berth " "$(berth --list-cmds | words)"
	for v in $(verbs); do
		if [ "$v" = audit ]; then
			# its commands, and the ids it takes on its own
			expect "berth $v " "$( (berth "$v" --list-cmds; echo b1 b2 h1 | tr ' ' '\n') | words)"
			expect "berth $v --" "$(berth "$v" --list-opts | sed 's/=$//' | words)"
		elif [ -n "$(berth "$v" --list-cmds 2>/dev/null)" ]; then
			expect "berth $v " "$(berth "$v" --list-cmds | words)"
		else
			expect "berth $v --" "$(berth "$v" --list-opts | sed 's/=$//' | words)"
		fi
	done
	while read -r v s; do
		expect "berth $v $s --" "$(berth "$v" "$s" --list-opts | sed 's/=$//' | words)"
	done < <(subverbs)

	i=0
	got=""
	while IFS= read -r l; do
		if [ "$l" != --end-- ]; then
			got+=$l$'\n'
			continue
		fi
		got=$(printf '%s' "$got" | words)
		if [ "$got" != "${wants[i]}" ]; then
			echo "$name: '${lines[i]}<TAB>' offered '$got', want '${wants[i]}'" >&2
			bad=1
		fi
		got=""
		i=$((i + 1))
	done < <("$f" "${lines[@]}")
	if [ "$i" -ne "${#lines[@]}" ]; then
		echo "$name: $i answers for ${#lines[@]} lines" >&2
		bad=1
	fi
	return "$bad"
}

@test "guard: the binary lists its verbs, and each verb its options" {
	run berth --list-cmds
	assert_success
	assert_line book
	assert_line help
	for v in $(verbs); do
		[ -n "$(berth "$v" --list-cmds 2>/dev/null)" ] && continue
		run berth "$v" --list-opts
		assert_success
		assert_line --regexp '^--help=?$'
		assert_line --regexp '^--db=?$'
	done
}

@test "guard: every verb has --help, with a usage line" {
	local bad=0
	for v in $(verbs); do
		run --separate-stderr berth "$v" --help
		if [ "$status" -ne 0 ] || [[ $output != "usage: berth $v"* ]]; then
			echo "berth $v --help: exit $status: ${output:0:200} $stderr" >&2
			bad=1
		fi
	done
	return "$bad"
}

@test "guard: resource and policy have sub-verbs, each with --help and --list-opts" {
	local bad=0 page
	[ -n "$(berth resource --list-cmds)" ]
	[ -n "$(berth policy --list-cmds)" ]
	while read -r v s; do
		run --separate-stderr berth "$v" "$s" --help
		if [ "$status" -ne 0 ] || [[ $output != "usage: berth $v $s"* ]]; then
			echo "berth $v $s --help: exit $status: ${output:0:200} $stderr" >&2
			bad=1
		fi
		# The manual it points to is the verb's.
		page=$(printf '%s\n' "$output" | sed -n 's/^See \([a-z-]*\)(1)\.$/\1/p')
		if [ -n "$page" ] && [ "$page" != "berth-$v" ]; then
			echo "berth $v $s --help points to $page(1), not berth-$v(1)" >&2
			bad=1
		fi
		run berth "$v" "$s" --list-opts
		if [ "$status" -ne 0 ] || [[ $output != *--help* ]]; then
			echo "berth $v $s --list-opts: exit $status: $output" >&2
			bad=1
		fi
	done < <(subverbs)
	return "$bad"
}

@test "guard: every verb has a man page, and berth(1) and berth(7) exist" {
	local bad=0
	for p in berth.1 berth.7 $(verbs | sed 's/.*/berth-&.1/'); do
		if [ ! -f "$MAN/$p" ]; then
			echo "missing man/$p" >&2
			bad=1
		fi
	done
	return "$bad"
}

@test "guard: mandoc -Tlint -W warning finds nothing in man/" {
	local pages=()
	for p in "$MAN"/*.[1-9]; do
		[ -f "$p" ] && pages+=("$p")
	done
	[ "${#pages[@]}" -gt 0 ] || { echo "no man pages in man/" >&2; return 1; }
	run mandoc -Tlint -W warning "${pages[@]}"
	assert_output ""
}

@test "guard: each man page documents its verb's options, berth(1) the global ones" {
	local bad=0 v s o text globals
	globals=$(global_opts)
	[ -n "$globals" ]
	if [ -f "$MAN/berth.1" ]; then
		text=$(man_text "$MAN/berth.1")
		for o in $globals; do
			o=${o%=}
			[ "$o" = --help ] && continue
			grep -qe "$o\b" <<<"$text" || { echo "berth.1 does not describe $o" >&2; bad=1; }
		done
	else
		echo "missing man/berth.1" >&2
		bad=1
	fi
	for v in $(verbs); do
		if [ ! -f "$MAN/berth-$v.1" ]; then
			echo "missing man/berth-$v.1" >&2
			bad=1
			continue
		fi
		text=$(man_text "$MAN/berth-$v.1")
		{
			if [ -n "$(berth "$v" --list-cmds 2>/dev/null)" ]; then
				for s in $(berth "$v" --list-cmds); do
					grep -qw -e "$s" <<<"$text" ||
						{ echo "berth-$v.1 does not describe $v $s" >&2; bad=1; }
					berth "$v" "$s" --list-opts
				done
				# A verb that runs on its own too (audit ID).
				berth "$v" --list-opts 2>/dev/null || true
			else
				berth "$v" --list-opts
			fi
		} >"$BATS_TEST_TMPDIR/opts"
		for o in $(sed 's/=$//' "$BATS_TEST_TMPDIR/opts" | sort -u); do
			grep -qx -e "$o=\?" <<<"$globals" && continue
			grep -qe "$o\b" <<<"$text" || { echo "berth-$v.1 does not describe $o" >&2; bad=1; }
		done
	done
	return "$bad"
}

# doc_check options|exits [TOP]: tests/helpers/doc_check.py, which says
# the rules; TOP is the tree whose man/, README.md and lib/status.c it
# reads (this one by default).
doc_check() {
	python3 "$BATS_TEST_DIRNAME/helpers/doc_check.py" "$1" "$BERTH_BIN" "${2:-$TOP}"
}

@test "guard: each verb's --help options are exactly the options its man page lists, berth(1)'s the global ones" {
	run doc_check options
	assert_output ""
	assert_success
}

@test "guard: EXIT STATUS in every man page and README.md agrees with the exit statuses berth gives" {
	run doc_check exits
	assert_output ""
	assert_success
}

@test "guard: the doc guard finds an option missing, an option too many, and a code under the wrong status" {
	local t=$BATS_TEST_TMPDIR/tree
	mkdir -p "$t/lib"
	cp -r "$MAN" "$t/man"
	cp "$TOP/README.md" "$t/"
	cp "$TOP/lib/status.c" "$t/lib/"
	run doc_check options "$t"
	assert_success
	run doc_check exits "$t"
	assert_success
	# book's page loses --pending and gains --bogus; show's page says
	# exit 3 for CAPACITY_FULL and 8 for nothing; berth(1) forgets 7.
	sed -i 's/^\.It Fl \\-pending$/.It Fl \\-bogus/' "$t/man/berth-book.1"
	sed -i 's/^\.Pq Er NOT_FOUND \.$/.Pq Er NOT_FOUND , Er CAPACITY_FULL ./; s/^\.It 10$/.It 8\nNothing.\n.It 10/' "$t/man/berth-show.1"
	sed -i '/^\.It 7$/,/^\.It 9$/{/^\.It 9$/!d}' "$t/man/berth.1"
	run doc_check options "$t"
	assert_failure
	assert_line "berth-book.1: --help lists --pending, the man page does not"
	assert_line "berth-book.1: the man page lists --bogus, --help does not"
	run doc_check exits "$t"
	assert_failure
	assert_line "berth-show.1: CAPACITY_FULL is listed under 3, but berth exits 4 with it"
	assert_line "berth-show.1: exit status 8 is not one berth gives"
	assert_line --partial "berth.1: EXIT STATUS lists [0, 1, 2, 3, 4, 5, 6, 9, 10], lib/status.c has"
}

@test "guard: berth help VERB shows the manual from the build tree" {
	[ -f "$MAN/berth-book.1" ] || { echo "missing man/berth-book.1" >&2; return 1; }
	command -v man >/dev/null || skip "man is not installed"
	MANPAGER=cat PAGER=cat MANWIDTH=80 run --separate-stderr berth help book
	echo "stderr: $stderr" >&2
	assert_success
	assert_output --partial "NAME"
	assert_output --regexp "BERTH-BOOK\(1\)|berth-book\(1\)"
	refute_output --partial "usage: berth book"
}

@test "guard: berth help VERB falls back to --help when man is missing" {
	local bin
	bin=$(dirname "$BERTH_BIN")
	[ ! -f "$bin/man" ]
	run --separate-stderr env PATH="$bin" "$BERTH_BIN" help book
	assert_success
	assert_output --partial "usage: berth book"
	[ "$stderr" = "" ]
	run --separate-stderr berth --help
	assert_success
	assert_output --partial "usage: berth"
}

@test "completion: bash offers verbs, sub-verbs, options and live values" {
	local m
	for m in $(bash_modes); do
		mode_complete() { bash_complete "$m" "$1"; }
		all_lines() { one_by_one mode_complete "$@"; }
		check_shell "bash ($m)" all_lines
	done
	[ -r "$BASH_COMPLETION" ] || skip "bash-completion is not installed: tested without it only"
}

@test "completion: bash completes --db with directories" {
	local m
	mkdir -p "$BATS_TEST_TMPDIR/stores/one" "$BATS_TEST_TMPDIR/stores/two"
	touch "$BATS_TEST_TMPDIR/stores/file"
	for m in $(bash_modes); do
		run bash_complete "$m" "berth --db $BATS_TEST_TMPDIR/stores/"
		assert_line "$BATS_TEST_TMPDIR/stores/one"
		assert_line "$BATS_TEST_TMPDIR/stores/two"
		refute_line "$BATS_TEST_TMPDIR/stores/file"
	done
}

@test "completion: backup and restore complete file names" {
	local m
	mkdir -p "$BATS_TEST_TMPDIR/bk/dir"
	touch "$BATS_TEST_TMPDIR/bk/copy.mdb"
	for m in $(bash_modes); do
		run bash_complete "$m" "berth restore $BATS_TEST_TMPDIR/bk/c"
		assert_output "$BATS_TEST_TMPDIR/bk/copy.mdb"
		run bash_complete "$m" "berth backup $BATS_TEST_TMPDIR/bk/"
		assert_line "$BATS_TEST_TMPDIR/bk/copy.mdb"
		assert_line "$BATS_TEST_TMPDIR/bk/dir"
	done
	if command -v fish >/dev/null; then
		run fish_complete "berth restore $BATS_TEST_TMPDIR/bk/c"
		assert_line --regexp "^$BATS_TEST_TMPDIR/bk/copy.mdb"
	fi
}

@test "completion: fish offers verbs, sub-verbs, options and live values" {
	need_fish
	run with_bin_path fish --no-config -c "source $COMP/berth.fish; complete -C 'berth bo'"
	assert_success
	assert_line --regexp '^book'
	all_lines() { one_by_one fish_complete "$@"; }
	check_shell fish all_lines
}

@test "completion: --columns values come from the binary, never from the store" {
	# No store at all: the columns are still offered, and none is made.
	export BERTH_DB=$BATS_TEST_TMPDIR/none
	local want m
	want=$( (echo all; berth audit --list-columns) | words)
	[ "$want" != "all " ]
	for m in $(bash_modes); do
		[ "$(bash_complete "$m" "berth audit --columns " | words)" = "$want" ]
		[ "$(bash_complete "$m" "berth audit -o " | words)" = "$want" ]
	done
	if command -v fish >/dev/null; then
		[ "$(fish_complete "berth audit --columns " | words)" = "$want" ]
	fi
	if command -v zsh >/dev/null && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
		[ "$(zsh_complete "berth audit --columns " | grep -v -- --end-- | words)" = "$want" ]
	fi
	[ ! -e "$BERTH_DB" ]
}

@test "completion: zsh file parses" {
	command -v zsh >/dev/null || skip "zsh is not installed (make deps installs it)"
	run zsh -n "$COMP/_berth"
	assert_success
	assert_output ""
	head -n 1 "$COMP/_berth" | grep -qx '#compdef berth'
}

@test "completion: zsh offers verbs, sub-verbs, options and live values" {
	need_zpty
	check_shell zsh zsh_complete
}
