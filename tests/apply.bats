#!/usr/bin/env bats
# apply FILE [--dry-run] [--prune] (berth(5)): each object of the file
# replaces the stored one of its key, in one transaction; a second apply
# of the same file changes nothing and writes no audit record; a value the
# store refuses is named at its FILE:LINE:COL and nothing is written.

load helper

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

# The action apply reports for KIND NAME (from its jsonl answer).
action_of() {
	jq -r --arg k "$1" --arg n "$2" \
		'select(.kind == $k and .name == $n) | .action' <<<"$output"
}

# Every object of the catalogue, as export writes it, to compare stores.
catalogue() { berth --format jsonl export; }

write_base() {
	cat >"$BATS_TEST_TMPDIR/base.yaml" <<-'EOF'
		resources:
		  - name: ana
		    tz: Europe/Paris
		    buffer: 15m
		    slot: 15m
		    location: Montmartre
		    attrs: {role: senior}
		    hours:
		      - mon-fri 09:00-12:30,13:30-18:00
		      - sat 09:00-13:00
		    exceptions:
		      2026-12-24: 09:00-12:00
		    policies:
		      min_notice: 2h
		  - name: room
		    capacity: 3
		services:
		  - name: cut
		    duration: 45m
		    buffer: 15m
		    price: "35.00"
		    resources: [ana]
		holidays:
		  - name: Christmas
		    date: 2026-12-25
		    recurring: true
		timeoff:
		  - resource: ana
		    from: 2026-07-01
		    to: 2026-07-14
		    reason: leave
		policies:
		  horizon: 90d
	EOF
}

@test "apply: creates every kind of object, and each is there afterwards" {
	berth init >/dev/null
	write_base
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_success
	assert_equal "$(action_of resource ana)" created
	assert_equal "$(action_of resource room)" created
	assert_equal "$(action_of hours ana)" created
	assert_equal "$(action_of policy ana/min_notice)" created
	assert_equal "$(action_of policy horizon)" created
	assert_equal "$(action_of service cut)" created
	assert_equal "$(action_of holiday Christmas)" created
	assert_equal "$(jq -r 'select(.kind == "timeoff") | .action' <<<"$output")" created
	run berth --format json resource show ana
	assert_equal "$(jq -r '.tz, .buffer, .location, .attrs.role' <<<"$output" | tr '\n' ' ')" "Europe/Paris 15m Montmartre senior "
	run berth --format json resource show room
	assert_equal "$(jq -r .capacity <<<"$output")" 3
	run berth --format tsv hours show ana
	assert_line --partial $'ana\tmon\t\t09:00-12:30,13:30-18:00'
	assert_line --partial $'ana\tthu\t2026-12-24\t09:00-12:00'
	run berth --format json service show cut
	assert_equal "$(jq -r '.duration, .buffer, .price' <<<"$output" | tr '\n' ' ')" "45m 15m 35.00 "
	run berth --format json holiday list
	assert_equal "$(jq -r '.[0].name, .[0].recurring' <<<"$output" | tr '\n' ' ')" "Christmas true "
	run berth --format json timeoff list ana
	assert_equal "$(jq -r '.[0].reason' <<<"$output")" leave
	run berth --format json policy list --resource ana
	assert_equal "$(jq -r '.[] | select(.key == "min_notice") | .value' <<<"$output")" 2h
}

@test "apply: a second apply is all unchanged and writes no audit record; every format" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	local before
	before=$(audit_count)
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_success
	assert_equal "$(jq -r .action <<<"$output" | sort -u)" unchanged
	assert_equal "$(audit_count)" "$before"
	run berth --format json apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_equal "$(jq -r '.[0] | keys | join(",")' <<<"$output")" "action,code,kind,name,reason"
	# RFC 4180 ends each line with CR LF.
	run bash -c "'$BERTH_BIN' --format csv apply '$BATS_TEST_TMPDIR/base.yaml' | tr -d '\r'"
	assert_line --index 0 "kind,name,action,code,reason"
	assert_line "resource,ana,unchanged,,"
	run berth --format tsv apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_line $'service\tcut\tunchanged\t\t'
	run berth apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_output --regexp 'holiday +Christmas +unchanged'
	assert_equal "$(audit_count)" "$before"
}

@test "apply: a changed object is changed, the rest unchanged; a field left out goes back to its default" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	sed -e 's/capacity: 3/capacity: 5/' -e '/location: Montmartre/d' \
		-e 's/sat 09:00-13:00/sat 10:00-13:00/' -e 's/price: "35.00"/price: "38.00"/' \
		-e 's/reason: leave/reason: holiday/' -e 's/horizon: 90d/horizon: 60d/' \
		-e 's/recurring: true/recurring: false/' \
		"$BATS_TEST_TMPDIR/base.yaml" >"$BATS_TEST_TMPDIR/new.yaml"
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/new.yaml"
	assert_success
	assert_equal "$(action_of resource room)" changed
	assert_equal "$(action_of resource ana)" changed
	assert_equal "$(action_of hours ana)" changed
	assert_equal "$(action_of service cut)" changed
	assert_equal "$(action_of policy horizon)" changed
	assert_equal "$(action_of policy ana/min_notice)" unchanged
	assert_equal "$(action_of holiday Christmas)" changed
	assert_equal "$(jq -r 'select(.kind == "timeoff") | .action' <<<"$output")" changed
	assert_equal "$(berth --format json resource show ana | jq -r .location)" null
	assert_equal "$(berth --format json resource show room | jq -r .capacity)" 5
	assert_equal "$(berth --format json service show cut | jq -r .price)" 38.00
	assert_equal "$(berth --format json holiday list | jq -r '.[0].recurring')" false
	run berth --format json timeoff list
	assert_equal "$(jq -r 'length, .[0].reason' <<<"$output" | tr '\n' ' ')" "1 holiday "
	# Attributes are replaced, not merged.
	sed -i 's/attrs: {role: senior}/attrs: {level: "2"}/' "$BATS_TEST_TMPDIR/new.yaml"
	berth apply "$BATS_TEST_TMPDIR/new.yaml" >/dev/null
	assert_equal "$(berth --format json resource show ana | jq -c .attrs)" '{"level":"2"}'
}

@test "apply: objects not in the file are left alone; --prune removes them" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	berth resource add spare >/dev/null
	berth service add extra --duration 1h >/dev/null
	berth holiday add 2026-08-15 --name Assumption >/dev/null
	berth policy set max_reschedules 3 >/dev/null
	run berth --format jsonl apply "$BATS_TEST_TMPDIR/base.yaml"
	refute_output --partial removed
	berth --format json resource show spare >/dev/null
	run --separate-stderr berth --format jsonl apply --prune "$BATS_TEST_TMPDIR/base.yaml"
	assert_success
	assert_equal "$(action_of resource spare)" removed
	assert_equal "$(action_of service extra)" removed
	assert_equal "$(action_of holiday Assumption)" removed
	assert_equal "$(action_of policy max_reschedules)" removed
	assert_equal "$(action_of resource ana)" unchanged
	run berth resource show spare
	assert_failure 3
	assert_equal "$(berth --format json holiday list | jq -r 'map(.name) | join(",")')" Christmas
	# Pruning again finds nothing more to remove.
	run berth --format jsonl apply --prune "$BATS_TEST_TMPDIR/base.yaml"
	refute_output --partial removed
}

@test "apply --prune: a service of the file naming a resource it would remove is refused at its place" {
	berth init >/dev/null
	berth resource add old >/dev/null
	printf 'resources:\n  - name: new\nservices:\n  - name: s\n    duration: 1h\n    resources: [new, old]\n' \
		>"$BATS_TEST_TMPDIR/f.yaml"
	refuses 2 INVALID_ARGUMENT -- apply --prune "$BATS_TEST_TMPDIR/f.yaml"
	[[ $stderr == *"f.yaml:6:22: service s names resource 'old', which the file does not declare and --prune would remove"* ]]
	# Without --prune the file is fine: old stays.
	run --separate-stderr berth apply "$BATS_TEST_TMPDIR/f.yaml"
	assert_success
}

@test "apply --prune: a resource with a future booking is refused (IN_USE, 4) and nothing is written" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	berth resource add busy >/dev/null
	berth service add extra --duration 1h >/dev/null
	berth book busy 2026-06-10T09:00 --duration 1h --customer c1 >/dev/null
	refuses 4 IN_USE -- apply --prune "$BATS_TEST_TMPDIR/base.yaml"
	[[ $stderr == *"busy"* ]]
	berth --format json service show extra >/dev/null
}

@test "apply --dry-run: prints the plan, writes nothing, lists the booking a change of hours leaves outside" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	# Tuesday 2026-06-02 10:00 Paris: inside the hours.
	local b
	b=$(berth --format json book ana 2026-06-02T10:00 --duration 45m --customer c1 | jq -r .id)
	sed 's/mon-fri 09:00-12:30,13:30-18:00/mon-fri 14:00-18:00/' \
		"$BATS_TEST_TMPDIR/base.yaml" >"$BATS_TEST_TMPDIR/late.yaml"
	local before after audit
	before=$(store_dump)
	audit=$(audit_count)
	run --separate-stderr berth --format jsonl apply --dry-run "$BATS_TEST_TMPDIR/late.yaml"
	assert_success
	after=$(store_dump)
	assert_equal "$after" "$before"
	assert_equal "$(audit_count)" "$audit"
	assert_equal "$(action_of hours ana)" changed
	assert_equal "$(action_of resource ana)" unchanged
	assert_equal "$(action_of booking "$b")" outside
	assert_equal "$(jq -r --arg b "$b" 'select(.name == $b) | .code' <<<"$output")" OUTSIDE_HOURS
	assert_equal "$stderr" "berth: dry run, nothing was written; the file would leave 1 claim outside the calendar"
	# The hours are still the old ones.
	run berth --format tsv hours show ana
	assert_line --partial $'ana\tmon\t\t09:00-12:30,13:30-18:00'
	# A dry run of a file that changes nothing lists nothing outside.
	run --separate-stderr berth --format jsonl apply --dry-run "$BATS_TEST_TMPDIR/base.yaml"
	refute_output --partial outside
	# A dry run leaves no store behind where there was none.
	BERTH_DB=$BATS_TEST_TMPDIR/none refuses 3 NOT_FOUND -- apply --dry-run "$BATS_TEST_TMPDIR/base.yaml"
	assert_file_not_exist "$BATS_TEST_TMPDIR/none"
}

@test "apply: a change that leaves a booking outside the hours is made, lists it, and warns on stderr" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	local b
	b=$(berth --format json book ana 2026-06-02T10:00 --duration 45m --customer c1 | jq -r .id)
	sed 's/mon-fri 09:00-12:30,13:30-18:00/mon-fri 14:00-18:00/' \
		"$BATS_TEST_TMPDIR/base.yaml" >"$BATS_TEST_TMPDIR/late.yaml"
	run --separate-stderr berth -q apply "$BATS_TEST_TMPDIR/late.yaml"
	assert_success
	assert_output ""
	assert_equal "$stderr" "berth: warning: 1 claim is now outside the calendar ($b); they stand: see berth check --report"
	# The booking stands (SPEC invariant 6), and check --report agrees.
	assert_equal "$(berth --format json show "$b" | jq -r .status)" confirmed
	run berth --format json check --report
	assert_equal "$(jq -r '.[0].id' <<<"$output")" "$b"
	# Outside already, it is not this apply's doing: not listed again.
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/late.yaml"
	assert_success
	refute_output --partial outside
	assert_equal "$stderr" ""
}

@test "apply: makes the store when there is none" {
	write_base
	run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/base.yaml"
	assert_success
	assert_equal "$(action_of resource ana)" created
	# The store is there, on either kind (stats refuses a missing one).
	berth stats >/dev/null
	on_pg || assert_file_exists "$BERTH_DB/data.mdb"
}

@test "apply: reads the file from standard input with -" {
	berth init >/dev/null
	run --separate-stderr berth --format jsonl apply - <<-'EOF'
		resources:
		  - name: bay
	EOF
	assert_success
	assert_equal "$(action_of resource bay)" created
	run --separate-stderr berth apply - <<<'resources: [{name: bay, colour: red}]'
	assert_failure 2
	[[ $stderr == "berth: INVALID_ARGUMENT: (stdin):1:"*"unknown key 'colour'"* ]]
}

@test "apply -> export -> apply: a no-op for each example, and for the test file" {
	local f
	for f in "$TOP"/share/examples/*.yaml "$BATS_TEST_TMPDIR/base.yaml"; do
		store_rm
		berth init >/dev/null
		[ "$f" != "$BATS_TEST_TMPDIR/base.yaml" ] || write_base
		run --separate-stderr berth --format jsonl apply "$f"
		assert_success
		refute_output --partial '"action":"unchanged"'
		berth export >"$BATS_TEST_TMPDIR/out.yaml"
		local audit
		audit=$(audit_count)
		run --separate-stderr berth --format jsonl apply "$BATS_TEST_TMPDIR/out.yaml"
		assert_success
		assert_equal "$(jq -r .action <<<"$output" | sort -u)" unchanged
		assert_equal "$(audit_count)" "$audit"
		# jsonl: every line an object with its kind.
		catalogue | jq -s -e 'all(has("kind")) and any(.kind == "resource")' >/dev/null
	done
}

@test "apply: the examples apply cleanly and offer slots" {
	berth init >/dev/null
	run --separate-stderr berth apply "$TOP/share/examples/salon.yaml"
	assert_success
	run berth --format json slots --service cut --from 2026-06-02 --to 2026-06-03
	assert_success
	[ "$(jq length <<<"$output")" -gt 0 ]
	store_rm; berth init >/dev/null
	run --separate-stderr berth apply "$TOP/share/examples/garage.yaml"
	assert_success
	run berth --format json slots --service oil-change --location Southside --from 2026-06-02 --to 2026-06-03
	assert_success
	assert_equal "$(jq -r 'map(.resource) | unique | join(",")' <<<"$output")" south-bay-1
	store_rm; berth init >/dev/null
	run --separate-stderr berth apply "$TOP/share/examples/workshop.yaml"
	assert_success
	run berth --format json slots workshop --from 2026-06-03 --to 2026-06-04
	assert_equal "$(jq -r '.[0].available' <<<"$output")" 3
}

# bad NAME YAML EXIT CODE MESSAGE: apply of a file refused at its place.
bad() {
	printf '%s\n' "$2" >"$BATS_TEST_TMPDIR/$1.yaml"
	refuses "$3" "$4" -- apply "$BATS_TEST_TMPDIR/$1.yaml"
	[[ $stderr == *"$BATS_TEST_TMPDIR/$1.yaml:$5"* ]] || {
		echo "got: $stderr" >&2
		return 1
	}
}

@test "apply: malformed files are refused at FILE:LINE:COL (exit 2) and nothing is written" {
	berth init >/dev/null
	write_base
	berth apply "$BATS_TEST_TMPDIR/base.yaml" >/dev/null
	bad indent $'resources:\n  - name: x\n   capacity: 2' 2 INVALID_ARGUMENT "3:4: "
	bad unknown $'resources:\n  - name: x\n    colour: red' 2 INVALID_ARGUMENT "3:5: unknown key 'colour'"
	bad type $'resources:\n  - name: x\n    capacity: [1]' 2 INVALID_ARGUMENT "3:15: capacity must be a single value"
	bad negative $'resources:\n  - name: x\n    capacity: -1' 2 INVALID_ARGUMENT "3:15: capacity must be a whole number"
	bad backwards $'resources:\n  - name: x\n    hours:\n      - mon-fri 09:00-17:00\n      - sat 13:00-09:00' 2 INVALID_ARGUMENT "5:9: "
	bad zone $'resources:\n  - name: x\n    tz: Mars/Olympus' 2 INVALID_ARGUMENT "3:9: unknown time zone"
	bad missing $'resources:\n  - name: x\nservices:\n  - name: s\n    duration: 1h\n    resources: [x, nobody]' 2 INVALID_ARGUMENT "6:20: service s names resource 'nobody'"
	bad date $'holidays:\n  - name: h\n    date: 2026-13-45' 2 INVALID_TIME "3:11: "
	bad exception $'resources:\n  - name: ana\n    exceptions:\n      24-12: closed' 2 INVALID_TIME "4:7: "
	bad policy $'policies:\n  min_notice: soon' 2 INVALID_ARGUMENT "2:15: "
	bad policykey $'policies:\n  min_notise: 2h' 2 INVALID_ARGUMENT "2:3: "
	bad twice $'resources:\n  - name: x\n  - name: x' 2 INVALID_ARGUMENT "3:11: resource x is declared twice"
	bad holidayres $'holidays:\n  - name: h\n    date: 2026-12-25\n    resources: [ghost]' 2 INVALID_ARGUMENT "4:17: holiday h names resource 'ghost'"
	bad timeoffres $'timeoff:\n  - resource: ghost\n    from: 2026-07-01\n    to: 2026-07-02' 2 INVALID_ARGUMENT "2:15: "
	bad timeoffback $'timeoff:\n  - resource: ana\n    from: 2026-07-02T10:00\n    to: 2026-07-02T09:00' 2 INVALID_ARGUMENT "4:9: time off must end after it starts"
	# A later error undoes the earlier objects of the same file.
	bad late $'resources:\n  - name: newone\nservices:\n  - name: s\n    duration: 1h\n    resources: [nobody]' 2 INVALID_ARGUMENT "6:17: "
	run berth resource show newone
	assert_failure 3
}

@test "apply: usage refusals" {
	berth init >/dev/null
	refuses 2 INVALID_ARGUMENT -- apply
	refuses 2 INVALID_ARGUMENT -- apply a.yaml b.yaml
	refuses 3 NOT_FOUND -- apply "$BATS_TEST_TMPDIR/nosuch.yaml"
	refuses 2 INVALID_ARGUMENT -- apply --frobnicate x.yaml
	refuses 2 INVALID_ARGUMENT -- --format yaml apply x.yaml
	refuses 2 INVALID_ARGUMENT -- apply ''
	# An empty standard input is an empty catalogue: nothing to do.
	run --separate-stderr berth apply - </dev/null
	assert_success
	assert_output ""
}
