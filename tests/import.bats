#!/usr/bin/env bats
# export --all [--audit] and import FILE|- [--format csv]: a whole store
# out as lines and into a new store, all or nothing.

load helper

# A store with one of each thing: catalogue, claims of every state, a
# removed resource, a removed holiday, an idempotency key.
filled() {
	berth init --tz Europe/Paris >/dev/null
	berth -q resource add stylist --capacity 2 --slot 1h --attr role=senior
	berth -q resource add hall --seats 10 --slot 2h --tz Europe/London
	berth -q resource add gone --slot 1h
	berth -q --now 2026-05-01T08:00Z book gone 2026-05-01T10:00
	berth -q resource rm gone
	berth -q hours set stylist 'mon-fri 09:00-18:00'
	berth -q hours set stylist --date 2026-12-24 09:00-12:00
	berth -q policy set min_notice 1h
	berth -q policy set horizon 90d --resource stylist
	berth -q service add cut --duration 45m --price 30 --resources stylist
	berth -q holiday add 2026-12-25 --recurring --name Xmas
	berth -q holiday add 2026-12-26
	berth -q holiday rm d2
	berth -q timeoff add stylist --from 2026-07-01T09:00 --to 2026-07-01T12:00 --reason dentist
	berth -q book stylist 2026-06-02T10:00 --customer ann --attr note=hi
	berth -q book hall 2026-06-02T20:00 --seat 3,4 --customer bob
	berth -q lock stylist 2026-06-02T11:00
	berth -q book stylist 2026-06-03T10:00 --pending --idempotency-key k1
	berth -q cancel b3 --reason ill
	berth -q lock stylist 2026-06-02T12:00
	berth -q confirm h2
	berth -q pay b5 --status paid --ref p1
}

# The same answers from both stores, byte for byte.
same_answers() {
	local other=$1 c
	for c in "list" "list --holds" "show b2" "show b5" "show h1" \
		"slots stylist --from 2026-06-02 --to 2026-06-04" \
		"slots hall --from 2026-06-02 --to 2026-06-03" "holiday list" \
		"timeoff list" "policy list" "service list" "resource list" \
		"hours show stylist" "export"; do
		run diff <(berth --format json $c 2>&1) <(BERTH_DB=$other berth --format json $c 2>&1)
		[ "$status" -eq 0 ] || { echo "differs: $c"; echo "$output"; return 1; }
	done
}

@test "import: export --all --audit into a new store: the same answers, the same log, check and audit verify clean" {
	filled
	berth export --all --audit >"$BATS_TEST_TMPDIR/all.jsonl"
	run --separate-stderr env BERTH_DB="$BATS_TEST_TMPDIR/copy" "$BERTH_BIN" import "$BATS_TEST_TMPDIR/all.jsonl"
	assert_success
	assert_line --regexp '^bookings +5$'
	assert_line --regexp '^holds +2$'
	same_answers "$BATS_TEST_TMPDIR/copy"
	diff <(berth audit) <(BERTH_DB=$BATS_TEST_TMPDIR/copy berth audit)
	diff <(berth audit head) <(BERTH_DB=$BATS_TEST_TMPDIR/copy berth audit head)
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth check
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth -q audit verify
	# The store's id is kept, and no event was written.
	[ "$(jq -r 'select(.type=="store").store_id' "$BATS_TEST_TMPDIR/all.jsonl")" != null ]
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth export --all --audit | cmp - "$BATS_TEST_TMPDIR/all.jsonl"
	[ -z "$(BERTH_DB=$BATS_TEST_TMPDIR/copy berth events)" ]
	# Ids go on from where the source's did: the removed holiday's is not given again.
	[ "$(BERTH_DB=$BATS_TEST_TMPDIR/copy berth --format json holiday add 2026-08-01 | jq -r .id)" = d3 ]
}

@test "import: without the log, each thing gets one TYPE.imported record, and check is clean" {
	filled
	berth export --all | BERTH_DB=$BATS_TEST_TMPDIR/copy berth -q import -
	same_answers "$BATS_TEST_TMPDIR/copy"
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth check
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth -q audit verify
	run berth --db "$BATS_TEST_TMPDIR/copy" --format jsonl audit
	for t in booking hold resource hours policy service holiday timeoff; do
		jq -r .action <<<"$output" | grep -qx "$t.imported" || { echo "no $t.imported"; false; }
	done
	[ "$(jq -r .action <<<"$output" | sed 's/.*\.//' | sort -u)" = imported ]
	# The idempotency keys come over: a retry under one replays its answer.
	run --separate-stderr env BERTH_DB="$BATS_TEST_TMPDIR/copy" "$BERTH_BIN" --format json book stylist 2026-06-03T10:00 --pending --idempotency-key k1
	assert_success
	[ "$(jq -r .id <<<"$output")" = b4 ]
	[ "$(berth --db "$BATS_TEST_TMPDIR/copy" --format json list | jq length)" = 5 ]
}

@test "import: a store the torture run filled comes over whole" {
	WRITERS=2 SECONDS_TO_RUN=3 KEEP=1 bash "$BATS_TEST_DIRNAME/stress/torture.sh" 2>"$BATS_TEST_TMPDIR/torture.err" || { cat "$BATS_TEST_TMPDIR/torture.err"; false; }
	work=$(sed -n 's/^torture: work directory kept: //p' "$BATS_TEST_TMPDIR/torture.err")
	src=$(dirname "$(find "$work" -name data.mdb | head -1)")
	export BERTH_NOW=2030-01-01T00:00:00Z
	berth --db "$src" export --all --audit >"$BATS_TEST_TMPDIR/t.jsonl"
	berth --db "$BATS_TEST_TMPDIR/copy" -q import "$BATS_TEST_TMPDIR/t.jsonl"
	for c in "list" "list --holds" "audit"; do
		diff <(berth --db "$src" --format jsonl $c) <(berth --db "$BATS_TEST_TMPDIR/copy" --format jsonl $c)
	done
	berth --db "$BATS_TEST_TMPDIR/copy" check
	berth --db "$BATS_TEST_TMPDIR/copy" -q audit verify
	rm -rf "$work"
}

@test "import: into an existing store is refused, and that store is left as it was" {
	filled
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	refuses 4 ALREADY_EXISTS -- import "$BATS_TEST_TMPDIR/all.jsonl"
	assert_file_not_exist "$BERTH_DB/.import-"*
}

@test "import: into an empty PostgreSQL database, whole in one transaction; a refused file leaves no store there" {
	pg_only
	filled
	berth export --all --audit >"$BATS_TEST_TMPDIR/all.jsonl"
	psql -X -q -h "$BERTH_TEST_PG_SOCK" -U berth -d berth -c "CREATE SCHEMA ${PG_SCHEMA}_to; CREATE SCHEMA ${PG_SCHEMA}_bad"
	to=$(pg_url "${PG_SCHEMA}_to")
	run --separate-stderr berth --db "$to" import "$BATS_TEST_TMPDIR/all.jsonl"
	assert_success
	assert_line --regexp '^bookings +5$'
	same_answers "$to"
	diff <(berth audit) <(berth --db "$to" audit)
	berth --db "$to" check
	berth --db "$to" -q audit verify
	berth --db "$to" export --all --audit | cmp - "$BATS_TEST_TMPDIR/all.jsonl"
	# Its stage, an LMDB store in TMPDIR, is gone.
	[ -z "$(ls -A "$TMPDIR" | grep berth-import || true)" ]
	# Again: a store is there now.
	run --separate-stderr berth --db "$to" import "$BATS_TEST_TMPDIR/all.jsonl"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "berth: ALREADY_EXISTS: "* ]]
	# A file that does not make a sound store: nothing in the database.
	jq -c 'if .type=="booking" and .id=="b2" then .resource="nosuch" else . end' "$BATS_TEST_TMPDIR/all.jsonl" >"$BATS_TEST_TMPDIR/bad.jsonl"
	run --separate-stderr berth --db "$(pg_url "${PG_SCHEMA}_bad")" import "$BATS_TEST_TMPDIR/bad.jsonl"
	assert_failure
	run --separate-stderr berth --db "$(pg_url "${PG_SCHEMA}_bad")" stats
	assert_failure
	[[ "$stderr" == "berth: NOT_FOUND: "* ]]
}

# Refusals of a new store: nothing is made, no stage left behind.
nothing_made() {
	assert_dir_not_exist "$BATS_TEST_TMPDIR/copy"
	[ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep '\.copy\.import' || true)" ]
}

@test "import: a file that would overbook is refused at its line, and nothing is made" {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth -q book r 2026-06-02T10:00
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	# The same booking again under another id.
	jq -c 'select(.type=="booking") | .id="b9"' "$BATS_TEST_TMPDIR/all.jsonl" >>"$BATS_TEST_TMPDIR/all.jsonl"
	n=$(wc -l <"$BATS_TEST_TMPDIR/all.jsonl")
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/all.jsonl"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "berth: CAPACITY_FULL: line $n: "* ]]
	nothing_made
}

@test "import: a seat taken twice is refused at its line" {
	berth init >/dev/null
	berth -q resource add hall --seats 5 --slot 1h
	berth -q book hall 2026-06-02T10:00 --seat 2
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	jq -c 'select(.type=="booking") | .id="b2"' "$BATS_TEST_TMPDIR/all.jsonl" >>"$BATS_TEST_TMPDIR/all.jsonl"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/all.jsonl"
	[ "$status" -eq 4 ]
	[[ "$stderr" == "berth: SEAT_TAKEN: line "* ]]
	nothing_made
}

@test "import: bad lines are refused with their number (exit 2), and nothing is made" {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth -q book r 2026-06-02T10:00
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	for bad in 'not json' '{"type":"spaceship"}' '{"id":"b1"}' \
		'{"type":"booking","id":"b7","resource":"r","start":"tomorrow","end":"2026-06-02T11:00:00Z","status":"confirmed"}' \
		'{"type":"booking","id":"b7","resource":"r","start":"2026-06-02T10:00:00Z","end":"2026-06-02T11:00:00Z","status":"sleeping"}' \
		'{"type":"holiday","id":"d5","from":"2026-12-24","colour":"red"}' \
		'{"type":"store","tz":"UTC"}'; do
		cp "$BATS_TEST_TMPDIR/all.jsonl" "$BATS_TEST_TMPDIR/bad.jsonl"
		printf '%s\n' "$bad" >>"$BATS_TEST_TMPDIR/bad.jsonl"
		n=$(wc -l <"$BATS_TEST_TMPDIR/bad.jsonl")
		run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/bad.jsonl"
		[ "$status" -eq 2 ] || { echo "$bad: $status $stderr"; false; }
		[[ "$stderr" == "berth: INVALID_ARGUMENT: line $n: "* ]] || { echo "$stderr"; false; }
		nothing_made
	done
	# A booking of a resource the file does not have.
	printf '%s\n' '{"type":"booking","id":"b7","resource":"nope","start":"2026-06-02T10:00:00Z","end":"2026-06-02T11:00:00Z","status":"confirmed"}' >"$BATS_TEST_TMPDIR/bad.jsonl"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/bad.jsonl"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "berth: NOT_FOUND: line 1: "* ]]
	nothing_made
}

@test "import: an edited audit log is refused at the record (TAMPERED), and a missing file is NOT_FOUND" {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth -q book r 2026-06-02T10:00 --customer ann
	berth -q book r 2026-06-02T11:00
	berth export --all --audit >"$BATS_TEST_TMPDIR/all.jsonl"
	# Record 2 swapped for record 3: the seqs no longer follow.
	jq -c 'if .type=="audit" and .seq==2 then .seq=3 else . end' "$BATS_TEST_TMPDIR/all.jsonl" >"$BATS_TEST_TMPDIR/bad.jsonl"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/bad.jsonl"
	[ "$status" -eq 2 ]
	nothing_made
	# A booking edited while its log says otherwise: check refuses the store.
	jq -c 'if .type=="booking" and .id=="b1" then .customer="eve" else . end' "$BATS_TEST_TMPDIR/all.jsonl" >"$BATS_TEST_TMPDIR/bad.jsonl"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/bad.jsonl"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"does not make a sound store"* ]]
	nothing_made
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/none.jsonl"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "berth: NOT_FOUND: "* ]]
	nothing_made
}

@test "import: only an admin imports; export options are checked" {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" --role staff import "$BATS_TEST_TMPDIR/all.jsonl"
	[ "$status" -eq 5 ]
	[[ "$stderr" == "berth: FORBIDDEN: line 1: "* ]]
	nothing_made
	refuses 2 INVALID_ARGUMENT -- export --audit
	refuses 2 INVALID_ARGUMENT -- --format csv export --all
}

@test "import --format csv: the header names known fields, each bad row is refused with its number" {
	printf 'resource,start,colour\nanna,2025-03-04 10:00,red\n' >"$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" --format csv import "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"INVALID_ARGUMENT"*"line 1: unknown column 'colour' (column 3)"* ]]
	nothing_made
	printf 'resource,start,duration\nanna,2025-03-04 10:00,45m\n"anna,2025-03-05 10:00,45m\n' >"$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" --format csv import "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"line 3: the row does not read as csv"* ]]
	nothing_made
	printf 'resource,start,quantity\nanna,2025-03-04 10:00,lots\n' >"$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" --format csv import "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"line 2: quantity: "* ]]
	nothing_made
	# A csv file carries bookings alone, and import makes a new store:
	# their resource is not there (into a store with its catalogue is
	# --merge, still to come).
	printf 'resource,start,duration,customer\nanna,2025-03-04 10:00,45m,"Smith, Jo"\n' >"$BATS_TEST_TMPDIR/b.csv"
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/copy" --format csv import "$BATS_TEST_TMPDIR/b.csv"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "berth: NOT_FOUND: line 2: "* ]]
	nothing_made
}

@test "import --merge --format csv: last year's bookings into a store with its catalogue, in one transaction" {
	berth init >/dev/null
	berth -q resource add anna --tz Europe/Paris --slot 30m
	berth -q --now 2025-01-01T00:00Z book anna 2025-03-04T12:00 --duration 1h
	cat >"$BATS_TEST_TMPDIR/b.csv" <<-'CSV'
	resource,start,duration,customer,status,payment_status
	anna,2025-03-04 10:00,45m,"Smith, Jo",confirmed,paid
	anna,2025-03-04T11:00,,Lee,cancelled,
	CSV
	run --separate-stderr berth --format csv import --merge "$BATS_TEST_TMPDIR/b.csv"
	assert_success
	run berth --format json list
	[ "$(jq -r 'map(.id + " " + .start + " " + .end + " " + (.customer // "-") + " " + .status) | join(",")' <<<"$output")" = \
		"b2 2025-03-04T10:00:00+01:00 2025-03-04T10:45:00+01:00 Smith, Jo confirmed,b3 2025-03-04T11:00:00+01:00 2025-03-04T11:30:00+01:00 Lee cancelled,b1 2025-03-04T12:00:00+01:00 2025-03-04T13:00:00+01:00 - confirmed" ]
	berth check
	[ "$(berth --format jsonl audit | jq -r .action | tail -2 | sort -u)" = booking.imported ]
}

@test "import --merge: every conflicting line is named, and the store is left as it was" {
	berth init >/dev/null
	berth -q resource add anna --slot 30m
	berth -q --now 2025-01-01T00:00Z book anna 2025-03-04T12:00 --duration 1h
	printf 'resource,start,duration\nanna,2025-03-04 12:00,45m\nanna,2025-03-05 10:00,1h\nanna,2025-03-04 12:30,1h\n' >"$BATS_TEST_TMPDIR/c.csv"
	refuses 4 CAPACITY_FULL -- --format csv import --merge "$BATS_TEST_TMPDIR/c.csv"
	[ "$(jq -r .line <<<"$output" | tr '\n' ' ')" = "2 4 " ]
	[[ "$stderr" == *"line 2: "*"(2 lines refused; nothing was imported)" ]]
	# A resource that is there already, and another store's log.
	berth export --all --audit >"$BATS_TEST_TMPDIR/all.jsonl"
	refuses 2 INVALID_ARGUMENT -- import --merge "$BATS_TEST_TMPDIR/all.jsonl"
	grep -v '"type":"store"' "$BATS_TEST_TMPDIR/all.jsonl" | grep -v '"type":"audit"' >"$BATS_TEST_TMPDIR/noaudit.jsonl"
	refuses 4 ALREADY_EXISTS -- import --merge "$BATS_TEST_TMPDIR/noaudit.jsonl"
}

@test "import: a progress line (lines, rate) on a terminal's stderr, and only the summary otherwise" {
	command -v script >/dev/null || skip "script(1) is not installed"
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth -q book r 2026-06-02T10:00
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	run script -qec "'$BERTH_BIN' --db '$BATS_TEST_TMPDIR/tty' import '$BATS_TEST_TMPDIR/all.jsonl' 2>&1 >/dev/null" /dev/null
	assert_success
	assert_output --regexp $'\rberth: import: 3 lines, [0-9]+ lines/s'
	assert_output --partial "berth: imported 3 lines into $BATS_TEST_TMPDIR/tty in "
	run --separate-stderr berth --db "$BATS_TEST_TMPDIR/pipe" import "$BATS_TEST_TMPDIR/all.jsonl"
	assert_success
	[[ "$stderr" =~ ^"berth: imported 3 lines into $BATS_TEST_TMPDIR/pipe in "[0-9.]+" s ("[0-9]+" lines/s)"$ ]]
	assert_line --regexp '^bookings +1$'
}

@test "import: into a group's empty directory, the store's files are the group's, as init makes them" {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth export --all >"$BATS_TEST_TMPDIR/all.jsonl"
	mkdir "$BATS_TEST_TMPDIR/shared"
	chmod 2770 "$BATS_TEST_TMPDIR/shared"
	berth --db "$BATS_TEST_TMPDIR/shared" -q import "$BATS_TEST_TMPDIR/all.jsonl"
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/shared/data.mdb")" = 660 ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/shared" | grep import || true)" ]
	berth --db "$BATS_TEST_TMPDIR/shared" check
}

# Customers, a series and waitlist entries, one waiting and one offered.
with_waitlist() {
	berth init >/dev/null
	berth -q resource add r --slot 1h
	berth -q customer add ann --name "Ann A" --email ann@example.org --attr vehicle=golf
	berth -q customer add bob --phone "+49 30 1234"
	berth -q book r 2026-06-02T10:00 --customer ann --repeat weekly --count 3
	berth -q waitlist add r --customer bob --from 2026-06-02 --to 2026-06-02 --times 10:00-11:00 --duration 1h
	berth -q waitlist add r --customer ann --from 2026-06-03 --to 2026-06-03 --duration 1h
}

same_waitlist_answers() {
	local other=$1 c
	for c in "list" "list --holds" "list --series s1" "show b1" "waitlist list" \
		"waitlist show w1" "waitlist show w2" "customer show ann" \
		"customer show bob" "customer list"; do
		run diff <(berth --format json $c 2>&1) <(BERTH_DB=$other berth --format json $c 2>&1)
		[ "$status" -eq 0 ] || { echo "differs: $c"; echo "$output"; return 1; }
	done
	BERTH_DB=$other berth check
	BERTH_DB=$other berth -q audit verify
	# The counters go on: the series', the waitlist's.
	[ "$(BERTH_DB=$other berth --format json book r 2026-06-04T10:00 --repeat daily --count 2 | jq -r .series)" = s2 ]
	[ "$(BERTH_DB=$other berth --format json waitlist add r --customer cy --duration 1h | jq -r .id)" = w3 ]
}

@test "import: customers, a series and waitlist entries (waiting, offered) come over, with the log and without" {
	with_waitlist
	[ "$(berth --format json waitlist show w1 | jq -r .status)" = waiting ]
	[ "$(berth --format json waitlist show w2 | jq -r .status)" = offered ]
	berth export --all --audit >"$BATS_TEST_TMPDIR/a.jsonl"
	run --separate-stderr env BERTH_DB="$BATS_TEST_TMPDIR/copy" "$BERTH_BIN" import "$BATS_TEST_TMPDIR/a.jsonl"
	assert_success
	assert_line --regexp '^customers +2$'
	assert_line --regexp '^waitlist +2$'
	same_waitlist_answers "$BATS_TEST_TMPDIR/copy"
	berth export --all >"$BATS_TEST_TMPDIR/n.jsonl"
	BERTH_DB=$BATS_TEST_TMPDIR/plain berth -q import "$BATS_TEST_TMPDIR/n.jsonl"
	same_waitlist_answers "$BATS_TEST_TMPDIR/plain"
	run berth --db "$BATS_TEST_TMPDIR/plain" --format jsonl audit
	for t in customer waitlist; do
		jq -r .action <<<"$output" | grep -qx "$t.imported" || { echo "no $t.imported"; false; }
	done
}

@test "import: a forgotten customer comes over with the log only" {
	with_waitlist
	berth -q customer forget ann
	berth export --all >"$BATS_TEST_TMPDIR/n.jsonl"
	refuses 2 INVALID_ARGUMENT -- --db "$BATS_TEST_TMPDIR/copy" import "$BATS_TEST_TMPDIR/n.jsonl"
	[[ "$stderr" == *'forgotten customer'* ]]
	nothing_made
	berth export --all --audit >"$BATS_TEST_TMPDIR/a.jsonl"
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth -q import "$BATS_TEST_TMPDIR/a.jsonl"
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth check
	BERTH_DB=$BATS_TEST_TMPDIR/copy berth -q audit verify
}

# m: a store with the same catalogue as the default one, and things of
# its own in the ids the file uses too: b1-b3 (b2, b3 a series s1), h1,
# w1. The file (claims and waitlist only, the catalogue being here):
# a series s1 (b1 and b2 of its own store), a cancel that offered
# stylist to bob (w1, h2 live) while cy waits (w2), and a service's
# entry (w3) whose offer h1 was confirmed (b4): fulfilled.
merge_pair() {
	berth init >/dev/null
	berth -q resource add stylist
	berth -q resource add ana
	berth -q service add cut --duration 1h --resources stylist,ana
	berth -q book stylist 2026-06-02T09:00 --duration 1h --repeat weekly --count 2 --customer reg
	berth -q book stylist 2026-06-10T10:00 --duration 1h --customer ann
	berth -q book ana 2026-06-10T09:00 --duration 4h
	berth -q waitlist add stylist --customer bob --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10 --priority 2
	berth -q waitlist add stylist --customer cy --duration 1h --times 10:00-11:00 --from 2026-06-10 --to 2026-06-10
	berth -q waitlist add --service cut --customer dee --times 09:00-13:00 --from 2026-06-10 --to 2026-06-10
	berth -q cancel b3
	berth -q confirm h1
	berth export --all | grep -E '"type":"(hold|booking|waitlist)"' >"$BATS_TEST_TMPDIR/m.jsonl"
	M=$BATS_TEST_TMPDIR/m
	export BERTH_DB=$M
	berth init >/dev/null
	berth -q resource add stylist
	berth -q resource add ana
	berth -q service add cut --duration 1h --resources ana,stylist
	berth -q book stylist 2026-06-20T09:00 --duration 1h
	berth -q book stylist 2026-06-22T09:00 --duration 1h --repeat daily --count 2
	berth -q waitlist add ana --customer zed --duration 1h --from 2026-06-11 --to 2026-06-11 --times 09:00-10:00
}

@test "import --merge: a series stays one series, and waitlist entries come over with their offers and bookings, under new ids" {
	merge_pair
	run --separate-stderr berth --format json import --merge "$BATS_TEST_TMPDIR/m.jsonl"
	assert_success
	[ "$(jq -r .waitlist <<<"$output")" = 3 ]
	# the file's series: one new series here, s2, beside this store's s1
	[ "$(berth --format json list --series s1 | jq -r '[.[].id] | join(" ")')" = "b2 b3" ]
	[ "$(berth --format json list --series s2 | jq -r '[.[] | .customer + " " + .start] | join(",")')" = \
		"reg 2026-06-02T09:00:00+00:00,reg 2026-06-09T09:00:00+00:00" ]
	# the service's entry: fulfilled by its offer's booking, linked both ways
	e=$(berth --format jsonl waitlist list --customer dee)
	[ "$(jq -r '.service + " " + .status' <<<"$e")" = "cut fulfilled" ]
	h=$(jq -r .offer <<<"$e") b=$(jq -r .booking <<<"$e")
	[ "$(berth --format json show "$h" | jq -r '.status + " " + .booking + " " + .attrs.waitlist')" = "used $b $(jq -r .id <<<"$e")" ]
	[ "$(berth --format json show "$b" | jq -r '.hold + " " + .customer')" = "$h dee" ]
	# bob's live offer names his entry, and holds stylist 10:00
	e=$(berth --format jsonl waitlist list --customer bob)
	[ "$(jq -r '.status + " " + .resource' <<<"$e")" = "offered stylist" ]
	[ "$(berth --format json show "$(jq -r .offer <<<"$e")" | jq -r '.attrs.waitlist + " " + .start')" = "$(jq -r .id <<<"$e") 2026-06-10T10:00:00+00:00" ]
	[ "$(berth --format jsonl waitlist list --customer cy | jq -r .status)" = waiting ]
	# this store's own entry is untouched; new ids go on from the counters
	[ "$(berth --format json waitlist show w1 | jq -r .customer)" = zed ]
	[ "$(berth --format jsonl waitlist list | jq -r .id | sort | paste -sd' ')" = "w1 w2 w3 w4" ]
	[ "$(berth --format json waitlist add ana --customer eve --duration 1h --from 2026-06-12 --to 2026-06-12 | jq -r .id)" = w5 ]
	[ "$(berth --format json book stylist 2026-06-25T09:00 --duration 1h --repeat daily --count 1 | jq -r .series)" = s3 ]
	[ "$(berth --format jsonl audit | jq -r .action | grep -c '^waitlist.imported$')" = 3 ]
	run berth check
	assert_success
	# a cancel offers the freed room to the merged waiting entry, as to
	# any: bob's offer released, cy is next
	berth -q release "$(berth --format jsonl waitlist list --customer bob | jq -r .offer)"
	[ "$(berth --format jsonl waitlist list --customer cy | jq -r .status)" = offered ]
}

@test "import --merge: a waitlist entry that conflicts is a named line, and nothing is merged" {
	merge_pair
	f=$BATS_TEST_TMPDIR/m.jsonl
	# into a store without the service (nor ana): the service's entry
	# is refused at its line, with the claims on ana
	BERTH_DB=$BATS_TEST_TMPDIR/n berth init >/dev/null
	BERTH_DB=$BATS_TEST_TMPDIR/n berth -q resource add stylist
	BERTH_DB=$BATS_TEST_TMPDIR/n refuses 3 NOT_FOUND -- import --merge "$f"
	jq -r '.line' <<<"$output" | grep -qx "$(grep -n '"customer":"dee","status":"fulfilled"' "$f" | cut -d: -f1)"
	[[ "$output" == *"no service 'cut'"* ]]
	[ "$(jq -r '.error.code' <<<"$output" | sort -u)" = NOT_FOUND ]
	# the same entry twice in the file
	{ cat "$f"; grep '"type":"waitlist"' "$f" | tail -n 1; } >"$BATS_TEST_TMPDIR/twice.jsonl"
	refuses 4 ALREADY_EXISTS -- import --merge "$BATS_TEST_TMPDIR/twice.jsonl"
	[ "$(jq -r .line <<<"$output")" = "$(wc -l <"$BATS_TEST_TMPDIR/twice.jsonl")" ]
	[[ "$stderr" == *"the file gives w"*" twice"* ]]
	# an offered entry whose hold the file does not bring
	grep -v '"type":"hold"' "$f" >"$BATS_TEST_TMPDIR/noholds.jsonl"
	refuses 2 INVALID_ARGUMENT -- import --merge "$BATS_TEST_TMPDIR/noholds.jsonl"
	[[ "$stderr" == *"which the file does not bring before it"* ]]
	# a booking of the file twice, as a claim's id twice
	{ cat "$f"; grep '"type":"booking"' "$f" | head -n 1; } >"$BATS_TEST_TMPDIR/b2.jsonl"
	refuses 4 ALREADY_EXISTS -- import --merge "$BATS_TEST_TMPDIR/b2.jsonl"
	[[ "$stderr" == *"the file gives b1 twice"* ]]
}
