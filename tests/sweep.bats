#!/usr/bin/env bats
# Audit sweep: every mutating command writes exactly one audit record per
# entity it changes, and every refused command writes none.
#
# The sweep is driven by the binary: every verb and sub-verb path that
# `berth --list-cmds` lists (a verb whose usage line names no COMMAND, such
# as `audit [ID]`, is a path itself beside its sub-verbs) must be in one of
# the two tables below, MUTATING or READONLY; a path in neither fails the
# first test with "verb X is not classified: add it to sweep.bats", so a
# verb added later is covered the day it appears.
#
#  - MUTATING: for each case, a good invocation against a store made once in
#    setup_file and copied per case (cp -a), the number of audit records it
#    must add, and the entities those records name (each new record's
#    `entity` in `berth --format jsonl audit`). The case must exit 0, add
#    exactly that many records, name exactly those entities, and leave a
#    chain `audit verify` accepts; a case that adds nothing must also leave
#    the store byte-identical (mdb_dump).
#  - REFUSALS: one or more refusals for every mutating path (invalid state,
#    not found, conflict, bad argument), run through `refuses` from
#    helper.bash (exit, error code, one line, store byte-identical), and
#    the change count unchanged.
#  - READONLY: a harmless invocation per path, run now and again after the
#    seed's hold and pending booking have expired (lazy expiry must stay
#    lazy): exit 0, the change count and the store dump unchanged.
#
#  - BOOKKEEPING: the mutating paths that write only delivery bookkeeping
#    (a notifier's cursor and attempts), never an audit record or an event:
#    their cases count 0 0, and for them "byte-identical" leaves out the
#    bookkeeping tables only; every other table must still be untouched.
#
# Everything is counted through one function, changes_count: the audit
# records and the events in the outbox (store format 5), and the events
# column of MUTATING says how many each case must emit: the audit action
# itself, plus booking.confirmed for a booking.created that is confirmed,
# booking.created before booking.confirmed for a new booking confirmed
# from a hold, payment.updated after booking.paid, booking.payment_failed
# and booking.refunded, and resource.changed after every resource.*.

bats_require_minimum_version 1.5.0
load helper

# A time after the seed's hold h1 (ttl 1d) and pending booking b1 (pending
# timeout 30m) have expired; nothing else of the seed expires by then.
LATER=2026-06-03T10:00Z

# ------------------------------------------------------------ the tables

# Mutating cases, one a line, fields split by "|":
#   path | store | stdin | audit | events | entities | arguments
# store: the store the case runs in, a fresh copy each time (see use_store):
#   seed      the seed of setup_file (ids below)
#   salon     the seed with share/examples/salon.yaml applied
#   salononly a store made only by applying salon.yaml (nothing booked)
#   empty     no store at all
#   new       no store yet: the target of a restore of the seed's backup
#   v1, v2... the older-format store tests/fixtures/vN/store.mdb
#   dead      the seed after a notifier (default) gave up on every event
#             (notify --once --max-attempts 1 --exec false)
# stdin: "-" for /dev/null, else a file setup_file wrote in $INPUTS.
# audit: how many audit records the case adds. events: how many events it
# emits into the outbox (see the rules above).
# entities: the `entity` of each record added, in any order ("-": none).
# arguments: shell words; @SALON@, @SMALL@ and @BACKUP@ name files.
# Not in the table, as undecided: a set that changes nothing (resource set
# or service set to the values it has, policy set to its value, hours set
# to the same hours) today writes one record whose before equals its after,
# where policy unset of an unset key and a second apply write none.
#
# The seed (setup_file): resources stylist (capacity 1, hours 00-24 and an
# exception on 2026-06-10), workshop (3), hall (100 seats), spare (nothing
# refers to it); h1 live hold on workshop 06-10 09:00 (ttl 1d), h2 used
# (confirmed as b3), h3 released; b1 pending (workshop 09:00), b2
# confirmed (workshop 10:00), b3 confirmed (workshop 11:00, from h2), b4
# cancelled (stylist 06-11), b5 confirmed (stylist 06-10 09:00, so the
# stylist is full then), b6 confirmed (hall seats 1,2); holiday d1
# (2026-12-25, stylist), time off t1 (stylist, 2027-07-01), service cut
# (stylist, hall), policy hold_ttl 10m; b7 confirmed (workshop 06-12
# 09:00, idempotency key k0); customer c1 has a record, c2 none. Next ids:
# h4, b8, d2, t2.
MUTATING=$(
	cat <<'EOF'
init         | empty     | -      | 0  | 0  | -                 | init
init         | seed      | -      | 0  | 0  | -                 | init
resource add | seed      | -      | 1  | 2  | newres            | resource add newres --capacity 2 --tz Europe/Paris
resource set | seed      | -      | 1  | 2  | stylist           | resource set stylist --location south --attr floor=1
resource rm  | seed      | -      | 1  | 2  | spare             | resource rm spare
policy set   | seed      | -      | 1  | 1  | policy/min_notice | policy set min_notice 1h
policy set   | seed      | -      | 1  | 1  | policy/hold_ttl/stylist | policy set hold_ttl 20m --resource stylist
policy unset | seed      | -      | 1  | 1  | policy/hold_ttl   | policy unset hold_ttl
policy unset | seed      | -      | 0  | 0  | -                 | policy unset min_notice
lock         | seed      | -      | 1  | 1  | h4                | lock workshop 2026-06-10T12:00 --customer c8 --ttl 1h
lock         | seed      | -      | 1  | 1  | h4                | lock hall 2026-06-10T09:00 --seat 3,4
lock         | seed      | -      | 1  | 1  | h4                | lock 2026-06-10T13:00 --service cut
release      | seed      | -      | 1  | 1  | h1                | release h1
confirm      | seed      | -      | 2  | 3  | h1 b8             | confirm h1 --payment-ref r1
confirm      | seed      | -      | 1  | 1  | b1                | confirm b1
book         | seed      | -      | 1  | 2  | b8                | book workshop 2026-06-10T12:00 --customer c8 --attr k=v
book         | seed      | -      | 1  | 1  | b8                | book workshop 2026-06-10T12:00 --pending --idempotency-key k1
book         | seed      | -      | 1  | 2  | b8                | book hall 2026-06-10T09:00 --seat 3,4
book         | seed      | -      | 1  | 2  | b8                | book 2026-06-10T13:00 --service cut
book         | seed      | -      | 1  | 2  | b8                | book workshop 2026-06-10T09:00 --quantity 3 --now 2026-06-03T10:00Z
book         | seed      | -      | 0  | 0  | -                 | book workshop 2026-06-12T09:00 --customer c9 --idempotency-key k0
book         | seed      | batch3 | 3  | 5  | b10 b8 b9         | book --batch
cancel       | seed      | -      | 1  | 1  | b2                | cancel b2 --reason sick
cancel       | seed      | -      | 1  | 1  | b1                | cancel b1
book         | seed      | -      | 2  | 4  | b8 b9             | book workshop 2026-06-15T09:00 --repeat daily --count 2
lock         | seed      | -      | 2  | 2  | h4 h5             | lock workshop 2026-06-15T09:00 --repeat weekly --count 2 --ttl 1h
book         | seed      | -      | 1  | 2  | b8                | book workshop 2026-06-10T12:00 --payment-method on_arrival
confirm      | seed      | -      | 2  | 3  | h1 b8             | confirm h1 --payment-method online --payment paid
checkin      | seed      | -      | 1  | 1  | b5                | checkin b5 --now 2026-06-10T09:30Z
checkin      | seed      | -      | 1  | 1  | b5                | checkin b5 --now 2026-06-10T09:30Z --if-version 1 --reason came
noshow       | seed      | -      | 1  | 1  | b5                | noshow b5 --now 2026-06-10T09:30Z
cancel       | seed      | -      | 3  | 3  | b5 h4 w1          | cancel b5
waitlist add | seed      | -      | 1  | 1  | w2                | waitlist add stylist --customer c11 --duration 1h --times 09:00-10:00 --from 2026-06-10 --to 2026-06-10
waitlist add | seed      | -      | 3  | 3  | h4 w2 w2          | waitlist add spare --customer c11 --duration 1h
waitlist rm  | seed      | -      | 1  | 1  | w1                | waitlist rm w1
reschedule   | seed      | -      | 1  | 1  | b2                | reschedule b2 2026-06-10T12:00
reschedule   | seed      | -      | 1  | 1  | b5                | reschedule b5 2026-06-10T09:15 --reason moved
reschedule   | seed      | -      | 1  | 1  | b6                | reschedule b6 2026-06-10T10:00 --seat 3,4
reschedule   | seed      | -      | 1  | 1  | b1                | reschedule b1 2026-06-10T13:00 --if-version 1
reschedule   | seed      | -      | 1  | 1  | b2                | reschedule b2 2026-06-10T12:00 --resource hall
pay          | seed      | -      | 1  | 2  | b2                | pay b2 --status paid --ref r1
pay          | seed      | -      | 1  | 2  | b1                | pay b1 --status paid
expire       | seed      | -      | 0  | 0  | -                 | expire
expire       | seed      | -      | 2  | 2  | b1 h1             | expire --now 2026-06-03T10:00Z
expire       | seed      | -      | 0  | 0  | -                 | expire --dry-run --now 2026-06-03T10:00Z
check        | seed      | -      | 0  | 0  | -                 | check
check        | seed      | -      | 0  | 0  | -                 | check --repair
check        | seed      | -      | 0  | 0  | -                 | check --report
restore      | new       | -      | 0  | 0  | -                 | restore @BACKUP@
import       | empty     | -      | 2  | 0  | r b1              | import @IMPORT@
import       | seed      | -      | 1  | 0  | b8                | --format csv import --merge @CSV@
upgrade      | seed      | -      | 0  | 0  | -                 | upgrade
upgrade      | v1        | -      | 0  | 0  | -                 | upgrade
upgrade      | v2        | -      | 0  | 0  | -                 | upgrade
upgrade      | v3        | -      | 0  | 0  | -                 | upgrade
upgrade      | v4        | -      | 0  | 0  | -                 | upgrade
hours set    | seed      | -      | 1  | 1  | hours/workshop    | hours set workshop 'mon-fri 09:00-18:00' 'sat 08:00-16:00'
hours set    | seed      | -      | 1  | 1  | hours/workshop/2026-06-12 | hours set workshop --date 2026-06-12 10:00-12:00
hours set    | seed      | -      | 0  | 0  | -                 | hours set stylist 'mon 09:00-10:00' --dry-run
hours clear  | seed      | -      | 1  | 1  | hours/stylist     | hours clear stylist
hours clear  | seed      | -      | 1  | 1  | hours/stylist/2026-06-10 | hours clear stylist --date 2026-06-10
hours clear  | seed      | -      | 0  | 0  | -                 | hours clear stylist --dry-run
holiday add  | seed      | -      | 1  | 1  | d2                | holiday add 2026-12-26 --to 2026-12-27 --name boxing --recurring
holiday add  | seed      | -      | 0  | 0  | -                 | holiday add 2026-06-10 --resource stylist --dry-run
holiday rm   | seed      | -      | 1  | 1  | d1                | holiday rm d1
timeoff add  | seed      | -      | 1  | 1  | t2                | timeoff add stylist --from 2027-08-01 --to 2027-08-02 --reason leave
timeoff add  | seed      | -      | 0  | 0  | -                 | timeoff add stylist --from 2026-06-10T08:00 --to 2026-06-10T10:00 --dry-run
timeoff rm   | seed      | -      | 1  | 1  | t1                | timeoff rm t1
service add  | seed      | -      | 1  | 1  | service/perm      | service add perm --duration 2h --price 80.00 --resources stylist
service set  | seed      | -      | 1  | 1  | service/cut       | service set cut --price 30.00
service rm   | seed      | -      | 1  | 1  | service/cut       | service rm cut
apply        | seed      | -      | 15 | 18 | ana ben cleo hours/ana hours/ben hours/cleo hours/cleo/2026-12-24 policy/min_notice policy/horizon policy/cancel_deadline policy/reschedule_deadline policy/max_reschedules service/cut service/colour d2 | apply @SALON@
apply        | salon     | -      | 0  | 0  | -                 | apply @SALON@
apply        | seed      | -      | 0  | 0  | -                 | apply @SALON@ --dry-run
apply        | salononly | -      | 13 | 15 | d1 service/colour service/cut policy/min_notice policy/horizon policy/cancel_deadline policy/reschedule_deadline policy/max_reschedules hours/ben ben hours/cleo hours/cleo/2026-12-24 cleo | apply @SMALL@ --prune
events retry | dead      | -      | 0  | 0  | -                 | events retry --dead
events retry | dead      | -      | 0  | 0  | -                 | events retry 1
events prune | seed      | -      | 0  | 0  | -                 | events prune --before 2027-01-01
events prune | seed      | -      | 0  | 0  | -                 | events prune --before 2027-01-01 --delivered
notify       | seed      | -      | 0  | 0  | -                 | notify --once --exec true
notify       | seed      | -      | 0  | 0  | -                 | notify --once --name n2 --type 'booking.*' --max-attempts 2 --timeout 5s --exec true
notify       | dead      | -      | 0  | 0  | -                 | notify --once --exec true
customer add | seed      | -      | 1  | 1  | customer/DIGEST   | customer add c8 --name 'C. Eight' --email c8@example.org --attr vehicle=golf
customer set | seed      | -      | 1  | 1  | customer/DIGEST   | customer set c1 --phone 0301234 --attr vehicle=
customer forget | seed   | -      | 1  | 1  | customer/DIGEST   | customer forget c1
customer forget | seed   | -      | 1  | 1  | customer/DIGEST   | customer forget c2
EOF
)

# Refusals, one a line: path | store | exit | code | arguments (store as
# above). Each must exit so, name the code on one line, and change nothing.
REFUSALS=$(
	cat <<'EOF'
init         | seed  | 2 | INVALID_ARGUMENT  | init --tz Nope/Zone
init         | empty | 2 | INVALID_ARGUMENT  | init --tz Nope/Zone
resource add | seed  | 4 | ALREADY_EXISTS    | resource add stylist
resource add | seed  | 2 | INVALID_ARGUMENT  | resource add x --capacity 0
resource set | seed  | 3 | NOT_FOUND         | resource set nosuch --location x
resource set | seed  | 2 | INVALID_ARGUMENT  | resource set stylist --capacity 0
resource rm  | seed  | 4 | IN_USE            | resource rm workshop
resource rm  | seed  | 3 | NOT_FOUND         | resource rm nosuch
policy set   | seed  | 2 | INVALID_ARGUMENT  | policy set bogus 1
policy set   | seed  | 3 | NOT_FOUND         | policy set hold_ttl 10m --resource nosuch
policy unset | seed  | 2 | INVALID_ARGUMENT  | policy unset bogus
policy unset | seed  | 3 | NOT_FOUND         | policy unset hold_ttl --resource nosuch
lock         | seed  | 4 | CAPACITY_FULL     | lock stylist 2026-06-10T09:00
lock         | seed  | 4 | SEAT_TAKEN        | lock hall 2026-06-10T09:00 --seat 2
lock         | seed  | 5 | PAST              | lock workshop 2026-05-01T09:00
lock         | seed  | 3 | NOT_FOUND         | lock nosuch 2026-06-10T09:00
release      | seed  | 4 | HOLD_ALREADY_USED | release h2
release      | seed  | 4 | INVALID_STATE     | release h3
release      | seed  | 3 | NOT_FOUND         | release h999
release      | seed  | 2 | INVALID_ARGUMENT  | release b1
release      | seed  | 6 | HOLD_EXPIRED      | release h1 --now 2026-06-03T10:00Z
confirm      | seed  | 4 | INVALID_STATE     | confirm b2
confirm      | seed  | 4 | INVALID_STATE     | confirm b4
confirm      | seed  | 4 | HOLD_ALREADY_USED | confirm h2
confirm      | seed  | 6 | HOLD_EXPIRED      | confirm h1 --now 2026-06-03T10:00Z
confirm      | seed  | 6 | BOOKING_EXPIRED   | confirm b1 --now 2026-06-03T10:00Z
confirm      | seed  | 7 | PAYMENT_FAILED    | confirm h1 --payment failed
confirm      | seed  | 3 | NOT_FOUND         | confirm h999
book         | seed  | 4 | CAPACITY_FULL     | book stylist 2026-06-10T09:00
book         | seed  | 4 | SEAT_TAKEN        | book hall 2026-06-10T09:00 --seat 1
book         | seed  | 5 | PAST              | book workshop 2026-05-01T09:00
book         | seed  | 3 | NOT_FOUND         | book nosuch 2026-06-10T09:00
book         | seed  | 2 | INVALID_ARGUMENT  | book workshop 2026-06-10T12:00 --quantity 0
book         | seed  | 4 | IDEMPOTENCY_MISMATCH | book workshop 2026-06-12T10:00 --customer c9 --idempotency-key k0
cancel       | seed  | 4 | INVALID_STATE     | cancel b4
cancel       | seed  | 6 | BOOKING_EXPIRED   | cancel b1 --now 2026-06-03T10:00Z
cancel       | seed  | 3 | NOT_FOUND         | cancel b999
cancel       | seed  | 2 | INVALID_ARGUMENT  | cancel h1
cancel       | seed  | 3 | NOT_FOUND         | cancel --series s1
cancel       | seed  | 2 | INVALID_ARGUMENT  | cancel --series s1 --idempotency-key k
book         | seed  | 4 | CAPACITY_FULL     | book stylist 2026-06-09T09:00 --repeat daily --count 2
book         | seed  | 2 | INVALID_ARGUMENT  | book workshop 2026-06-15T09:00 --repeat daily
confirm      | seed  | 2 | INVALID_ARGUMENT  | confirm h1 --payment-method on_arrival --payment failed
checkin      | seed  | 4 | INVALID_STATE     | checkin b5
checkin      | seed  | 4 | VERSION_MISMATCH  | checkin b5 --now 2026-06-10T09:30Z --if-version 2
checkin      | seed  | 5 | FORBIDDEN         | checkin b5 --now 2026-06-10T09:30Z --role customer --as c6
checkin      | seed  | 3 | NOT_FOUND         | checkin b999
checkin      | seed  | 2 | INVALID_ARGUMENT  | checkin h1
noshow       | seed  | 4 | INVALID_STATE     | noshow b4
noshow       | seed  | 4 | INVALID_STATE     | noshow b5 --now 2026-06-10T09:30Z --undo
noshow       | seed  | 3 | NOT_FOUND         | noshow b999
waitlist add | seed  | 2 | INVALID_ARGUMENT  | waitlist add stylist --duration 1h
waitlist add | seed  | 3 | NOT_FOUND         | waitlist add nosuch --customer c --duration 1h
waitlist add | seed  | 5 | PAST              | waitlist add stylist --customer c --duration 1h --from 2026-05-01 --to 2026-05-31
waitlist add | seed  | 5 | FORBIDDEN         | waitlist add stylist --customer c --duration 1h --role customer --as c9
waitlist rm  | seed  | 3 | NOT_FOUND         | waitlist rm w999
waitlist rm  | seed  | 2 | INVALID_ARGUMENT  | waitlist rm b1
reschedule   | seed  | 4 | CAPACITY_FULL     | reschedule b2 2026-06-10T09:00 --resource stylist
reschedule   | seed  | 4 | SEAT_TAKEN        | reschedule b2 2026-06-10T09:00 --resource hall --seat 1
reschedule   | seed  | 4 | INVALID_STATE     | reschedule b4 2026-06-12T09:00
reschedule   | seed  | 4 | VERSION_MISMATCH  | reschedule b2 2026-06-10T12:00 --if-version 2
reschedule   | seed  | 5 | PAST              | reschedule b2 2026-05-01T09:00
reschedule   | seed  | 5 | HOLIDAY           | reschedule b5 2026-12-25T09:00
reschedule   | seed  | 5 | FORBIDDEN         | reschedule b2 2026-06-10T12:00 --role customer --as c9
reschedule   | seed  | 6 | BOOKING_EXPIRED   | reschedule b1 2026-06-10T13:00 --now 2026-06-03T10:00Z
reschedule   | seed  | 3 | NOT_FOUND         | reschedule b999 2026-06-10T12:00
reschedule   | seed  | 2 | INVALID_ARGUMENT  | reschedule h1 2026-06-10T12:00
pay          | seed  | 4 | INVALID_STATE     | pay b2 --status refunded
pay          | seed  | 4 | INVALID_STATE     | pay b4 --status paid
pay          | seed  | 6 | BOOKING_EXPIRED   | pay b1 --status paid --now 2026-06-03T10:00Z
pay          | seed  | 3 | NOT_FOUND         | pay b999 --status paid
pay          | seed  | 2 | INVALID_ARGUMENT  | pay b2
expire       | seed  | 2 | INVALID_TIME      | expire --now bogus
expire       | seed  | 2 | INVALID_ARGUMENT  | expire extra
check        | seed  | 2 | INVALID_ARGUMENT  | check extra
check        | seed  | 2 | INVALID_ARGUMENT  | check --report --repair
restore      | seed  | 4 | ALREADY_EXISTS    | restore @BACKUP@
restore      | new   | 3 | NOT_FOUND         | restore @MISSING@
import       | seed  | 4 | ALREADY_EXISTS    | import @IMPORT@
import       | new   | 3 | NOT_FOUND         | import @MISSING@
import       | seed  | 4 | CAPACITY_FULL     | --format csv import --merge @CSVFULL@
upgrade      | empty | 3 | NOT_FOUND         | upgrade
upgrade      | seed  | 2 | INVALID_ARGUMENT  | upgrade extra
hours set    | seed  | 3 | NOT_FOUND         | hours set nosuch 09:00-10:00
hours set    | seed  | 2 | INVALID_ARGUMENT  | hours set stylist 25:00-26:00
hours clear  | seed  | 3 | NOT_FOUND         | hours clear workshop
hours clear  | seed  | 3 | NOT_FOUND         | hours clear stylist --date 2026-06-11
holiday add  | seed  | 2 | INVALID_TIME      | holiday add 2026-13-01
holiday add  | seed  | 3 | NOT_FOUND         | holiday add 2026-12-26 --resource nosuch
holiday rm   | seed  | 3 | NOT_FOUND         | holiday rm d999
holiday rm   | seed  | 2 | INVALID_ARGUMENT  | holiday rm t1
timeoff add  | seed  | 2 | INVALID_ARGUMENT  | timeoff add stylist --from 2027-08-02 --to 2027-08-01
timeoff add  | seed  | 3 | NOT_FOUND         | timeoff add nosuch --from 2027-08-01 --to 2027-08-02
timeoff rm   | seed  | 3 | NOT_FOUND         | timeoff rm t999
timeoff rm   | seed  | 2 | INVALID_ARGUMENT  | timeoff rm d1
service add  | seed  | 4 | ALREADY_EXISTS    | service add cut --duration 1h
service add  | seed  | 2 | INVALID_ARGUMENT  | service add perm
service add  | seed  | 3 | NOT_FOUND         | service add perm --duration 1h --resources nosuch
service set  | seed  | 3 | NOT_FOUND         | service set nosuch --duration 1h
service set  | seed  | 3 | NOT_FOUND         | service set cut --resources nosuch
service rm   | seed  | 3 | NOT_FOUND         | service rm nosuch
apply        | seed  | 3 | NOT_FOUND         | apply @MISSING@
apply        | seed  | 2 | INVALID_ARGUMENT  | apply @BADYAML@
apply        | seed  | 4 | IN_USE            | apply @SALON@ --prune
events retry | seed  | 3 | NOT_FOUND         | events retry --dead
events retry | seed  | 3 | NOT_FOUND         | events retry 1
events retry | dead  | 3 | NOT_FOUND         | events retry --dead --name nosuch
events prune | seed  | 2 | INVALID_ARGUMENT  | events prune
events prune | seed  | 2 | INVALID_TIME      | events prune --before bogus
notify       | seed  | 2 | INVALID_ARGUMENT  | notify --once
notify       | seed  | 2 | INVALID_ARGUMENT  | notify --once --exec /nonexistent
customer add | seed  | 4 | ALREADY_EXISTS    | customer add c1
customer add | seed  | 2 | INVALID_ARGUMENT  | customer add c8 --email nope
customer set | seed  | 3 | NOT_FOUND         | customer set nosuch --name x
customer forget | seed | 3 | NOT_FOUND       | customer forget nosuch
customer forget | seed | 5 | FORBIDDEN       | --role staff customer forget c1
EOF
)

# Read-only paths: a harmless invocation of each (shell words; @FILE@ is a
# file that does not exist yet). Run against the seed.
declare -gA READONLY=(
	[help]="help"
	["resource list"]="resource list"
	["resource show"]="resource show stylist"
	["policy list"]="policy list --resource stylist"
	[show]="show b1"
	[list]="list --holds"
	[availability]="availability workshop --at 2026-06-10T09:00"
	[slots]="slots stylist --from 2026-06-10 --to 2026-06-11"
	[report]="report --by hour --from 2026-06-10 --to 2026-06-11 --heatmap always"
	[stats]="stats"
	[audit]="audit b1"
	["audit verify"]="audit verify"
	["audit head"]="audit head"
	[backup]="backup @FILE@"
	[export]="export"
	["hours show"]="hours show stylist"
	["holiday list"]="holiday list"
	["timeoff list"]="timeoff list"
	["service list"]="service list"
	["service show"]="service show cut"
	["waitlist list"]="waitlist list"
	["waitlist show"]="waitlist show w1"
	[events]="events --after 2 --type 'booking.*'"
	["customer list"]="customer list"
	["customer show"]="customer show c1"
)

# Mutating paths that write delivery bookkeeping only, in these tables.
declare -gA BOOKKEEPING=([notify]=1 ["events retry"]=1 ["events prune"]=1)
BOOKKEEPING_TABLES="delivery notifier"

# --------------------------------------------------------------- counting

# changes_count: what the store has recorded of its changes, one number a
# kind, space separated: "AUDIT EVENTS", the audit records and the events
# in the outbox (from `berth stats`). Every test below counts through this,
# baseline and changes_want only. A store that does not exist has recorded
# nothing.
changes_count() {
	[ -e "$BERTH_DB/data.mdb" ] || { echo 0 0; return; }
	berth --format json stats | jq -r '"\(.audit_records) \(.events)"'
}

# changes_want AUDIT EVENTS: how much changes_count must grow by.
changes_want() {
	echo "$1 $2"
}

# changes_diff BEFORE AFTER: AFTER - BEFORE, kind by kind.
changes_diff() {
	local -a b a d=()
	local i
	read -r -a b <<<"$1"
	read -r -a a <<<"$2"
	for i in "${!a[@]}"; do d+=($((a[i] - ${b[i]:-0}))); done
	echo "${d[*]}"
}

# baseline STORE: what changes_count was before the case, for the stores
# it cannot be asked of: the backup a restore copies holds the seed's
# records; a store of an older format refuses `stats` until upgraded, so
# its fixture's audit.jsonl says how many records it holds, and it has no
# outbox (format 5), so no events.
baseline() {
	case $1 in
	empty) echo 0 ;;
	new) cat "$BATS_FILE_TMPDIR/seed.count" ;;
	v[0-9]*) echo "$(grep -c . "$BATS_TEST_DIRNAME/fixtures/$1/audit.jsonl") 0" ;;
	*) changes_count ;;
	esac
}

# ------------------------------------------------------------- the stores

# Every command path the binary lists: "init", "resource add", ..., and a
# verb with sub-verbs also by itself when its usage line names no COMMAND
# (`audit [ID]`).
paths() {
	local v s subs
	for v in $(berth --list-cmds); do
		subs=$(berth "$v" --list-cmds 2>/dev/null) || subs=
		if [ -n "$subs" ]; then
			berth "$v" --help 2>/dev/null | head -n 1 | grep -q ' COMMAND ' ||
				echo "$v"
			for s in $subs; do echo "$v $s"; done
		else
			echo "$v"
		fi
	done
}

setup_file() {
	export TZ=UTC LC_ALL=C BERTH_NOW=2026-06-01T10:00:00Z
	unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
	export INPUTS=$BATS_FILE_TMPDIR/in
	local S=2026-06-10T09:00
	mkdir -p "$INPUTS"
	export BERTH_DB=$BATS_FILE_TMPDIR/seed
	berth -q init
	berth -q resource add stylist --slot 1h
	berth -q resource add workshop --capacity 3 --slot 1h
	berth -q resource add hall --seats 100 --slot 1h
	berth -q resource add spare --slot 1h
	berth -q lock workshop "$S" --ttl 1d --customer c1           # h1
	berth -q book workshop "$S" --pending --customer c2          # b1
	berth -q book workshop 2026-06-10T10:00 --customer c3        # b2
	berth -q lock workshop 2026-06-10T11:00 --ttl 1d --customer c4 # h2
	berth -q confirm h2                                          # b3
	berth -q lock stylist 2026-06-10T12:00                       # h3
	berth -q release h3
	berth -q book stylist 2026-06-11T09:00 --customer c5         # b4
	berth -q cancel b4
	berth -q book stylist "$S" --customer c6                     # b5
	berth -q book hall "$S" --seat 1,2 --customer c7             # b6
	berth -q hours set stylist 00:00-24:00
	berth -q hours set stylist --date 2026-06-10 00:00-24:00
	berth -q holiday add 2026-12-25 --resource stylist           # d1
	berth -q timeoff add stylist --from 2027-07-01 --to 2027-07-02 # t1
	berth -q service add cut --duration 1h --resources stylist,hall
	berth -q policy set hold_ttl 10m
	berth -q book workshop 2026-06-12T09:00 --customer c9 --idempotency-key k0 # b7
	berth -q customer add c1 --name 'C. One' --attr vehicle=golf
	# w1 waits for stylist 06-10 09:00-10:00, which b5 holds
	berth -q waitlist add stylist --customer c10 --duration 1h --times 09:00-10:00 --from 2026-06-10 --to 2026-06-10
	changes_count >"$BATS_FILE_TMPDIR/seed.count"
	berth -q backup "$BATS_FILE_TMPDIR/backup.mdb"
	# The seed with the salon applied, for a second apply of the same file.
	cp -a "$BERTH_DB" "$BATS_FILE_TMPDIR/salon"
	BERTH_DB=$BATS_FILE_TMPDIR/salon berth -q apply "$BATS_TEST_DIRNAME/../share/examples/salon.yaml"
	# The seed after a notifier gave up on every event at once.
	cp -a "$BERTH_DB" "$BATS_FILE_TMPDIR/dead"
	BERTH_DB=$BATS_FILE_TMPDIR/dead berth -q notify --once --max-attempts 1 --exec false
	[ "$(BERTH_DB=$BATS_FILE_TMPDIR/dead berth --format json stats | jq -r .events_dead)" -gt 0 ]
	# The salon alone: nothing booked, so apply --prune may remove.
	BERTH_DB=$BATS_FILE_TMPDIR/salononly berth -q init
	BERTH_DB=$BATS_FILE_TMPDIR/salononly berth -q apply "$BATS_TEST_DIRNAME/../share/examples/salon.yaml"
	# Only ana, as the salon declares her: a prune of the salon removes
	# everything else (each its own record) and leaves ana unchanged.
	cat >"$INPUTS/small.yaml" <<-'EOF'
		resources:
		  - name: ana
		    tz: Europe/Paris
		    location: Rue des Martyrs
		    slot: 15m
		    buffer: 15m
		    attrs: {role: senior}
		    hours:
		      - mon-fri 09:00-12:30,13:30-18:00
		      - sat 09:00-13:00
		      - sun closed
	EOF
	printf 'resources: [\n' >"$INPUTS/bad.yaml"
	# A store of one resource and one booking, as export --all writes
	# them (no store line, no log: each gets an import record); a
	# spreadsheet's booking, and one where the seed's b5 is.
	cat >"$INPUTS/import.jsonl" <<-'EOF'
		{"type":"resource","name":"r","capacity":1}
		{"type":"booking","id":"b1","resource":"r","start":"2026-06-10T09:00:00Z","end":"2026-06-10T10:00:00Z","status":"confirmed"}
	EOF
	printf 'resource,start,duration,customer\nworkshop,2026-06-20 09:00,1h,c1\n' >"$INPUTS/book.csv"
	printf 'resource,start,duration\nstylist,2026-06-10 09:00,1h\n' >"$INPUTS/full.csv"
	# Three requests, three bookings: one record each.
	cat >"$INPUTS/batch3" <<-'EOF'
		{"resource":"workshop","start":"2026-06-11T09:00Z","duration":"1h","customer":"a"}
		{"resource":"hall","start":"2026-06-11T09:00Z","duration":"1h","seats":[3,4]}
		{"resource":"stylist","start":"2026-06-11T12:00Z","pending":true}
	EOF
}

# use_store STORE: points BERTH_DB at a fresh copy of STORE (see MUTATING).
use_store() {
	export BERTH_DB=$BATS_TEST_TMPDIR/db
	rm -rf "$BERTH_DB" "$BATS_TEST_TMPDIR/file"
	case $1 in
	empty | new) ;;
	v[0-9]*)
		mkdir -p "$BERTH_DB"
		cp "$BATS_TEST_DIRNAME/fixtures/$1/store.mdb" "$BERTH_DB/data.mdb"
		chmod 0600 "$BERTH_DB/data.mdb"
		;;
	*) cp -a "$BATS_FILE_TMPDIR/$1" "$BERTH_DB" ;;
	esac
}

# words ARGS: the table's shell words into ARGV, the file marks replaced.
words() {
	local i
	eval "ARGV=($1)"
	for i in "${!ARGV[@]}"; do
		case ${ARGV[i]} in
		@SALON@) ARGV[i]=$BATS_TEST_DIRNAME/../share/examples/salon.yaml ;;
		@SMALL@) ARGV[i]=$INPUTS/small.yaml ;;
		@BADYAML@) ARGV[i]=$INPUTS/bad.yaml ;;
		@BACKUP@) ARGV[i]=$BATS_FILE_TMPDIR/backup.mdb ;;
		@MISSING@) ARGV[i]=$BATS_TEST_TMPDIR/missing ;;
		@IMPORT@) ARGV[i]=$INPUTS/import.jsonl ;;
		@CSV@) ARGV[i]=$INPUTS/book.csv ;;
		@CSVFULL@) ARGV[i]=$INPUTS/full.csv ;;
		@FILE@) ARGV[i]=$BATS_TEST_TMPDIR/file ;;
		esac
	done
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	printf '%s' "$s"
}

# store_dump_without TABLE...: store_dump, the named tables left out.
store_dump_without() {
	store_dump | awk -v skip=" $* " '
		/^VERSION=/ { buf = ""; drop = 0 }
		/^database=/ { if (index(skip, " " substr($0, 10) " ")) drop = 1 }
		{ buf = buf $0 "\n" }
		/^DATA=END$/ { if (!drop) printf "%s", buf; buf = "" }
		END { printf "%s", buf }'
}

# The paths a table names, one a line.
table_paths() { printf '%s\n' "$1" | cut -d '|' -f 1 | sed 's/ *$//' | sort -u; }

# The entities of the audit records after seq BASE, sorted, on one line.
# A customer's entity is its digest under the store's own key
# (berth-customer(1)): customer/DIGEST stands for any.
new_entities() {
	berth --format jsonl audit | jq -r --argjson b "$1" 'select(.seq > $b) | .entity' |
		sed 's#^customer/[0-9a-f]\{32\}$#customer/DIGEST#' |
		sort | tr '\n' ' ' | sed 's/ $//'
}

# -------------------------------------------------------------- the tests

@test "sweep: every verb and sub-verb is classified, mutating or read-only" {
	local p bad=() mut ref all
	all=$(paths)
	mut=$(table_paths "$MUTATING")
	ref=$(table_paths "$REFUSALS")
	[ "$(printf '%s\n' "$all" | grep -c .)" -gt 20 ] ||
		{ echo "--list-cmds gave too few paths: $all"; false; }
	while IFS= read -r p; do
		if [ -n "${READONLY[$p]+x}" ]; then
			! grep -qxF "$p" <<<"$mut" ||
				bad+=("verb $p is both read-only and mutating in sweep.bats")
		elif grep -qxF "$p" <<<"$mut"; then
			# A mutating path is swept both ways.
			grep -qxF "$p" <<<"$ref" ||
				bad+=("verb $p has no refusal in REFUSALS: add one to sweep.bats")
		else
			bad+=("verb $p is not classified: add it to sweep.bats")
		fi
	done <<<"$all"
	# A table entry for a path the binary does not list is stale, or a
	# typo that would leave the real path unswept.
	for p in "${!READONLY[@]}"; do
		grep -qxF "$p" <<<"$all" || bad+=("READONLY names $p, which berth does not list")
	done
	while IFS= read -r p; do
		grep -qxF "$p" <<<"$all" || bad+=("MUTATING or REFUSALS names $p, which berth does not list")
	done < <(printf '%s\n%s\n' "$mut" "$ref" | sort -u)
	[ "${#bad[@]}" -eq 0 ] || { printf '%s\n' "${bad[@]}" >&2; false; }
	echo "# $(printf '%s\n' "$all" | grep -c .) paths: $(grep -c . <<<"$mut") mutating, ${#READONLY[@]} read-only" >&3
}

@test "sweep: every mutating command writes one audit record per entity it changes" {
	local line path store in audit events ents args want after got
	local dump0 n=0 fails=() why base stdin
	while IFS= read -r line; do
		IFS='|' read -r path store in audit events ents args <<<"$line"
		path=$(trim "$path") store=$(trim "$store") in=$(trim "$in")
		audit=$(trim "$audit") events=$(trim "$events") ents=$(trim "$ents")
		args=$(trim "$args")
		n=$((n + 1))
		use_store "$store"
		words "$args"
		stdin=/dev/null
		[ "$in" = - ] || stdin=$INPUTS/$in
		base=$(baseline "$store")
		dump0=$(store_dump)
		[ -z "${BOOKKEEPING[$path]+x}" ] || dump0=$(store_dump_without $BOOKKEEPING_TABLES)
		why=
		run --separate-stderr berth "${ARGV[@]}" <"$stdin"
		if [ "$status" -ne 0 ]; then
			why="exit $status: $stderr"
		else
			after=$(changes_count)
			want=$(changes_want "$audit" "$events")
			got=$(changes_diff "$base" "$after")
			[ "$got" = "$want" ] || why="changes +$got, want +$want"
			# The records the case wrote are the last ones: their seq
			# follows the baseline's count.
			[ "$ents" != - ] || ents=
			ents=$(tr -s ' ' '\n' <<<"$ents" | grep . | sort | tr '\n' ' ' | sed 's/ $//')
			got=$(new_entities "${base%% *}")
			[ "$got" = "$ents" ] ||
				why="${why:+$why; }entities '$got', want '$ents'"
			berth -q audit verify >/dev/null 2>&1 ||
				why="${why:+$why; }audit verify fails after it"
			# A case that records nothing on a store it was given must
			# not have touched it (init creates, restore and upgrade
			# rewrite: their stores are not compared), but for the
			# delivery bookkeeping of a BOOKKEEPING path.
			if [ "$audit" -eq 0 ] && [[ $store != empty && $store != new && $store != v[0-9]* ]]; then
				if [ -n "${BOOKKEEPING[$path]+x}" ]; then
					[ "$(store_dump_without $BOOKKEEPING_TABLES)" = "$dump0" ] ||
						why="${why:+$why; }no record, but the store changed beyond bookkeeping"
				elif [ "$(store_dump)" != "$dump0" ]; then
					why="${why:+$why; }no record, but the store changed"
				fi
			fi
		fi
		[ -z "$why" ] || fails+=("berth $args ($store): $why")
	done < <(grep -v '^[[:space:]]*$' <<<"$MUTATING")
	echo "# $n mutating cases, ${#fails[@]} failed" >&3
	[ "${#fails[@]}" -eq 0 ] || { printf '%s\n' "${fails[@]}" >&2; false; }
	[ "$n" -gt 20 ]
}

@test "sweep: every refused command writes nothing" {
	local line path store ex code args before n=0 fails=() msg
	while IFS= read -r line; do
		IFS='|' read -r path store ex code args <<<"$line"
		store=$(trim "$store") ex=$(trim "$ex") code=$(trim "$code")
		args=$(trim "$args")
		n=$((n + 1))
		use_store "$store"
		words "$args"
		before=$(changes_count)
		if ! msg=$(refuses "$ex" "$code" -- "${ARGV[@]}" 2>&1 </dev/null); then
			fails+=("berth $args ($store): $msg")
		elif [ "$(changes_count)" != "$before" ]; then
			fails+=("berth $args ($store): the change count moved")
		fi
	done < <(grep -v '^[[:space:]]*$' <<<"$REFUSALS")
	echo "# $n refusals, ${#fails[@]} failed" >&3
	[ "${#fails[@]}" -eq 0 ] || { printf '%s\n' "${fails[@]}" >&2; false; }
	[ "$n" -gt 20 ]
}

@test "sweep: every read-only command writes nothing, even after expiry is due" {
	local p now before dump0 n=0 fails=()
	use_store seed
	for p in "${!READONLY[@]}"; do
		for now in "$BERTH_NOW" "$LATER"; do
			n=$((n + 1))
			words "${READONLY[$p]}"
			rm -f "$BATS_TEST_TMPDIR/file"
			before=$(changes_count)
			dump0=$(store_dump)
			run --separate-stderr berth --now "$now" "${ARGV[@]}" </dev/null
			if [ "$status" -ne 0 ]; then
				fails+=("berth ${READONLY[$p]} (now $now): exit $status: $stderr")
			elif [ "$(changes_count)" != "$before" ]; then
				fails+=("berth ${READONLY[$p]} (now $now): the change count moved")
			elif [ "$(store_dump)" != "$dump0" ]; then
				fails+=("berth ${READONLY[$p]} (now $now): the store changed")
			fi
		done
	done
	echo "# $n read-only runs, ${#fails[@]} failed" >&3
	[ "${#fails[@]}" -eq 0 ] || { printf '%s\n' "${fails[@]}" >&2; false; }
	[ "$n" -ge 20 ]
}

# A batch is one decision a line: a refused line writes nothing, the lines
# around it one record each, and the exit status is the refused line's.
@test "sweep: book --batch writes one record per booked line and none for a refused one" {
	local base dump0
	use_store seed
	base=$(changes_count)
	run --separate-stderr berth book --batch <<-'EOF'
		{"resource":"workshop","start":"2026-06-11T09:00Z","duration":"1h"}
		{"resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}
		{"resource":"hall","start":"2026-06-11T09:00Z","seats":[3,4]}
	EOF
	[ "$status" -eq 4 ]
	[ "$(printf '%s\n' "$output" | sed -n 2p | jq -r .error.code)" = CAPACITY_FULL ]
	[ "$(changes_diff "$base" "$(changes_count)")" = "$(changes_want 2 4)" ]
	[ "$(new_entities "${base%% *}")" = "b8 b9" ]
	berth -q audit verify

	# Every line refused: nothing at all.
	use_store seed
	base=$(changes_count)
	dump0=$(store_dump)
	run --separate-stderr berth book --batch <<-'EOF'
		{"resource":"stylist","start":"2026-06-10T09:00Z","duration":"1h"}
		{"resource":"nosuch","start":"2026-06-10T09:00Z","duration":"1h"}
	EOF
	[ "$status" -eq 4 ]
	[ "$(changes_count)" = "$base" ]
	[ "$(store_dump)" = "$dump0" ]
}

# check --repair rebuilds what is derived (indexes), which is no entity:
# the store changes, the audit log does not, and its chain still verifies.
@test "sweep: check --repair of a damaged index writes no audit record" {
	[ -x "$(dirname "$BERTH_BIN")/tests/damage" ] ||
		skip "no damage tool (make build/tests/damage)"
	local base dump0
	use_store seed
	damage byres delete
	run berth check
	[ "$status" -ne 0 ]
	base=$(changes_count)
	dump0=$(store_dump)
	run --separate-stderr berth check --repair
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ "$(store_dump)" != "$dump0" ]
	[ "$(changes_count)" = "$base" ]
	berth -q check
	berth -q audit verify
}

# Found by this sweep: audit_changes (cmd/common-changes.c) knew claims,
# resources, policies and services but not hours, so an hours.set with a
# `before` fell through to "removed" while the hours were there. It now
# names the days whose hours differ (mon 00:00-24:00->09:00-12:00).
@test "sweep: an hours.set that replaces hours is not described as removed" {
	local args fails=()
	for args in "hours set stylist 'mon 09:00-12:00'" \
		"hours set stylist --date 2026-06-10 10:00-12:00"; do
		use_store seed
		words "$args"
		berth -q "${ARGV[@]}" 2>/dev/null
		run berth --format jsonl audit
		[ "$(printf '%s\n' "$output" | tail -n 1 | jq -r '.after != null and .changes == "removed"')" = false ] ||
			fails+=("berth $args: audited as $(printf '%s\n' "$output" | tail -n 1 | jq -c '{action, entity, changes}')")
	done
	[ "${#fails[@]}" -eq 0 ] || { printf '%s\n' "${fails[@]}" >&2; false; }
}
