#!/usr/bin/env bash
# tests/stress/torture.sh - a torture run against one store.
#
# WRITERS loops (default 8) book, lock, confirm, release and cancel on a few
# resources with small capacities and seats, for SECONDS_TO_RUN seconds
# (default 60); a waitlister adds waitlist entries for the same windows
# (each freed place is offered to one of them, as a hold with an
# offer_ttl of 3 s), confirms some offers and removes some entries; a
# killer loop SIGKILLs a random berth process of this run
# every 10-50 ms; two `berth expire` loops and a `berth check` loop run all
# the while. The clock is the real one, shared by every process: holds get a
# TTL of 1-4 s and pending bookings a pending_timeout of 3 s, so many of them
# really expire during the run and are swept by the concurrent `expire`.
#
# Afterwards it checks:
#  - every `berth check` during the storm and after it passed;
#  - every acknowledged (exit 0) book, lock, confirm, release and cancel is in
#    the store with the status it was given, or one that a later command of
#    the same writer that was killed (outcome unknown) may have given it;
#  - every hold confirmed has exactly one booking, which names it, and no two
#    bookings name the same hold;
#  - a command killed mid-way left at most one record (idempotency keys:
#    each killed command is retried with the same key), and nothing is in the
#    store that no command of this run asked for;
#  - recomputed from `berth list`, no resource over capacity and no seat
#    claimed twice;
#  - no hold was offered to two waitlist entries, no entry was offered two
#    holds, and each offer hold and its entry name each other;
#  - no command hung (each runs under `timeout 20`: exit 124 is a hang) and no
#    command failed in a way its man page does not allow (exit 1, 3, 10...).
# It prints one summary line and exits 0 only when all of that holds.
#
# Uses bash, coreutils and jq (and Linux /proc). Environment: WRITERS, SECONDS_TO_RUN,
# BERTH_BIN (default build/berth), KEEP=1 to keep the work directory (it is
# always kept, and named, on failure), TMPDIR.

set -u
WRITERS=${WRITERS:-8}
SECONDS_TO_RUN=${SECONDS_TO_RUN:-60}
here=$(cd "$(dirname "$0")" && pwd)
BERTH_BIN=${BERTH_BIN:-$here/../../build/berth}
BERTH_BIN=$(cd "$(dirname "$BERTH_BIN")" && pwd)/$(basename "$BERTH_BIN")
[ -x "$BERTH_BIN" ] || { echo "torture: no berth at $BERTH_BIN" >&2; exit 2; }
for tool in jq timeout; do
	command -v $tool >/dev/null || { echo "torture: needs $tool" >&2; exit 2; }
done

# TORTURE_DB: a store to torture instead of a new directory (a new,
# empty PostgreSQL schema's URL: the same run against PostgreSQL).
TORTURE_DB=${TORTURE_DB:-}
# Everything from the caller's environment that would change what berth
# does: the real clock, UTC, our own store.
unset BERTH_NOW BERTH_DB BERTH_FORMAT BERTH_ROLE BERTH_ACTOR XDG_DATA_HOME
export TZ=UTC LC_ALL=C

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-torture.XXXXXX")
DB=${TORTURE_DB:-$work/db}
# A private copy of the binary: a rebuild during the run cannot swap it, and
# its path names the processes of this run and no other.
cp "$BERTH_BIN" "$work/berth" || exit 2
BERTH_BIN=$work/berth
CMDTIMEOUT=20
MAXTTL=4          # seconds; holds get --ttl 1s..${MAXTTL}s
PENDING=3         # seconds; the pending_timeout policy

b() { "$BERTH_BIN" --db "$DB" "$@"; }

# bg TAG OUT ERR ARGS...: berth ARGS under `timeout`, stdout to OUT, stderr
# to ERR; sets rc. The pid of the timeout goes to $work/pid.TAG, where the
# killer finds it, and its child, the berth process.
bg() {
	local tag=$1 o=$2 e=$3 tp
	shift 3
	timeout $CMDTIMEOUT "$BERTH_BIN" --db "$DB" "$@" >"$o" 2>"$e" &
	tp=$!
	echo "$tp" >"$work/pid.$tag"
	# timeout dies of the signal that killed berth: no "Killed" notice
	{ wait "$tp"; } 2>/dev/null
	rc=$?
}

fail() { echo "torture: $*" >&2; exit 1; }

# ---- the catalogue ------------------------------------------------------
b -q init || fail "init failed"
b -q resource add r1 --capacity 2 || fail setup
b -q resource add r2 --capacity 3 || fail setup
b -q resource add r3 --capacity 3 || fail setup
b -q resource add hall --seats 6 || fail setup
b -q policy set pending_timeout ${PENDING}s || fail setup
b -q policy set offer_ttl 3s || fail setup
PLACES=14
RESOURCES=(r1 r2 r3 hall)
# The day after tomorrow (UTC): past every notice and cancel deadline, well
# within the horizon. Windows overlap in part, so the "at any instant" check
# is not just a per-window count.
D=$(date -u -d '+2 days' +%F)
WSTART=("${D}T09:00Z" "${D}T10:00Z" "${D}T10:30Z" "${D}T11:00Z" "${D}T13:00Z")
WDUR=(3h 1h 1h 30m 1h)

stop=$work/stop

# ---- a writer -------------------------------------------------------------
# Runs random commands on its own holds and bookings until the deadline. Its
# log has one line a command; its .exp file, written at the end, says what
# the store must hold:
#   S ID STATUS[,STATUS...]   the statuses ID may have (after all expiries)
#   L HOLD BOOKING            an acknowledged confirm of HOLD made BOOKING
#   I ID CUSTOMER             an acknowledged command made ID, for CUSTOMER
#   C CUSTOMER                a customer this writer used (one a lock/book
#                             attempt, retries included)
#   V MESSAGE                 a violation seen while running
#   N NAME VALUE              a figure for the summary
writer() {
	local w=$1 deadline=$2
	local log=$work/w$w.log err=$work/w$w.err outf=$work/w$w.out
	local -A allow=()         # id -> allowed final statuses, comma list
	local -a holds=() bookings=() pendings=()
	local -A link=() holdcust=()
	local n=0 attempts=0 hung=0 killed=0 unknown=0 unexpected=0
	local acked_book=0 acked_lock=0 acked_confirm=0 acked_release=0
	local acked_cancel=0 expired_confirm=0
	local out rc id op i r q pick res start dur key cust extra
	RANDOM=$((w * 7919 + $$ % 1000))
	: >"$log"
	exec 4>"$work/w$w.exp"

	# run OP ARGS...: one attempt, under timeout; sets out, rc, id.
	run() {
		local what=$1
		shift
		attempts=$((attempts + 1))
		bg w$w "$outf" "$err" --format json "$@"
		out=$(<"$outf")
		id=
		[[ $out =~ ^\{\"id\":\"([hb][0-9]+)\" ]] && id=${BASH_REMATCH[1]}
		local e=
		[ $rc -eq 0 ] || [ $rc -eq 137 ] || e=$(head -c 300 "$err")
		printf '%s rc=%s id=%s :: %s :: %s\n' "$what" "$rc" "$id" "$*" "$e" >>"$log"
		case $rc in
		124) hung=$((hung + 1)); echo "V hung: $what $*" >&4 ;;
		137) killed=$((killed + 1)) ;;
		esac
		if [ $rc -eq 0 ] && [ -z "$id" ]; then
			echo "V $what exited 0 without an id: $* -> $out" >&4
		fi
	}
	# run_retry OP ARGS...: as run, but a killed attempt is retried (at most
	# 4 attempts): the idempotency key in ARGS makes that safe.
	run_retry() {
		local a
		for a in 1 2 3 4; do
			run "$@"
			[ $rc -eq 137 ] || return 0
		done
	}
	# expect OP CODES...: anything but these, 137 (killed) and 124 (hung,
	# counted already) is a violation.
	expect() {
		local op=$1 c
		shift
		case $rc in 124|137) return 0 ;; esac
		for c in "$@"; do [ "$rc" = "$c" ] && return 0; done
		unexpected=$((unexpected + 1))
		echo "V unexpected exit $rc from $op: $(head -c 300 "$err")" >&4
	}
	possible() { [[ ,${allow[$1]}, == *,$2,* ]]; }
	add() { possible "$1" "$2" || allow[$1]=${allow[$1]},$2; }
	drop() { # drop ARRAYNAME ID
		local -n arr=$1
		local k
		for k in "${!arr[@]}"; do
			[ "${arr[$k]}" = "$2" ] && unset 'arr[k]'
		done
		arr=("${arr[@]}")
	}
	errcode() { sed -n 's/.*"code":"\([A-Z_]*\)".*/\1/p' "$err" | head -n 1; }

	# a claim: sets res start dur and extra (quantity or seats)
	claim() {
		res=${RESOURCES[RANDOM % ${#RESOURCES[@]}]}
		i=$((RANDOM % ${#WSTART[@]}))
		start=${WSTART[i]} dur=${WDUR[i]}
		if [ "$res" = hall ]; then
			case $((RANDOM % 3)) in
			0) extra="--quantity $((RANDOM % 2 + 1))" ;;
			1) extra="--seat $((RANDOM % 6 + 1))" ;;
			2) q=$((RANDOM % 5 + 1)); extra="--seat $q,$((q + 1))" ;;
			esac
		else
			extra="--quantity $((RANDOM % 2 + 1))"
		fi
	}

	while [ "$EPOCHSECONDS" -lt "$deadline" ] && [ ! -e "$stop" ]; do
		pick=$((RANDOM % 100))
		# nothing of its own to confirm, release or cancel: book or lock
		if { [ $pick -ge 60 ] && [ $pick -lt 80 ] && [ ${#holds[@]} -eq 0 ]; } ||
			{ [ $pick -ge 80 ] && [ $pick -lt 85 ] && [ ${#pendings[@]} -eq 0 ]; } ||
			{ [ $pick -ge 85 ] && [ ${#bookings[@]} -eq 0 ]; }; then
			pick=$((RANDOM % 60))
		fi
		if [ $pick -lt 25 ]; then
			# book, confirmed or pending
			n=$((n + 1))
			claim
			cust=w$w-$n key=k-w$w-$n
			echo "C $cust" >&4
			local pend=
			[ $((RANDOM % 4)) -eq 0 ] && pend=--pending
			# shellcheck disable=SC2086
			run_retry book book "$res" "$start" --duration "$dur" $extra $pend \
				--customer "$cust" --idempotency-key "$key"
			expect book 0 4
			if [ $rc -eq 0 ]; then
				acked_book=$((acked_book + 1))
				echo "I $id $cust" >&4
				if [ -n "$pend" ]; then
					allow[$id]=expired
					pendings+=("$id")
				else
					allow[$id]=confirmed
				fi
				bookings+=("$id")
			elif [ $rc -eq 137 ]; then
				unknown=$((unknown + 1))
			fi
		elif [ $pick -lt 60 ]; then
			n=$((n + 1))
			claim
			cust=w$w-$n key=k-w$w-$n
			echo "C $cust" >&4
			# shellcheck disable=SC2086
			run_retry lock lock "$res" "$start" --duration "$dur" $extra \
				--ttl $((RANDOM % MAXTTL + 1))s --customer "$cust" \
				--idempotency-key "$key"
			expect lock 0 4
			if [ $rc -eq 0 ]; then
				acked_lock=$((acked_lock + 1))
				echo "I $id $cust" >&4
				holdcust[$id]=$cust
				allow[$id]=expired
				# one customer in two walks away: the hold must expire
				[ $((RANDOM % 2)) -eq 0 ] && holds+=("$id")
			elif [ $rc -eq 137 ]; then
				unknown=$((unknown + 1))
			fi
		elif [ $pick -lt 75 ]; then
			local h=${holds[RANDOM % ${#holds[@]}]}
			run_retry confirm confirm "$h" --idempotency-key "c-$h"
			expect confirm 0 4 6
			case $rc in
			0)
				acked_confirm=$((acked_confirm + 1))
				if [ -n "${link[$h]:-}" ] && [ "${link[$h]}" != "$id" ]; then
					echo "V confirm $h with its key gave $id, before ${link[$h]}" >&4
				fi
				allow[$h]=used
				link[$h]=$id
				echo "I $id ${holdcust[$h]}" >&4
				allow[$id]=confirmed
				bookings+=("$id")
				drop holds "$h"
				;;
			4)
				# used, with our key, would have answered 0; released
				# only if a killed release of ours got through
				if [ "$(errcode)" = HOLD_ALREADY_USED ] || ! possible "$h" released; then
					echo "V confirm $h refused $(errcode) but it can only be: ${allow[$h]}" >&4
				fi
				drop holds "$h"
				;;
			6) expired_confirm=$((expired_confirm + 1)); drop holds "$h" ;;
			137) add "$h" used ;;
			esac
		elif [ $pick -lt 80 ]; then
			local h=${holds[RANDOM % ${#holds[@]}]}
			run release release "$h"
			expect release 0 4 6
			case $rc in
			0) acked_release=$((acked_release + 1)); allow[$h]=released; drop holds "$h" ;;
			4)
				case $(errcode) in
				HOLD_ALREADY_USED) possible "$h" used ;;
				*) possible "$h" released ;;
				esac || echo "V release $h refused $(errcode) but it can only be: ${allow[$h]}" >&4
				drop holds "$h"
				;;
			6) drop holds "$h" ;;
			137) add "$h" released ;;
			esac
		elif [ $pick -lt 85 ]; then
			local p=${pendings[RANDOM % ${#pendings[@]}]}
			run_retry confirm-pending confirm "$p" --idempotency-key "c-$p"
			expect confirm-pending 0 4 6
			case $rc in
			0) acked_confirm=$((acked_confirm + 1)); allow[$p]=confirmed; drop pendings "$p" ;;
			4|6) drop pendings "$p" ;;
			137) add "$p" confirmed ;;
			esac
		else
			local bk=${bookings[RANDOM % ${#bookings[@]}]}
			run cancel cancel "$bk" --reason torture
			expect cancel 0 4 6
			case $rc in
			0) acked_cancel=$((acked_cancel + 1)); allow[$bk]=cancelled
			   drop bookings "$bk"; drop pendings "$bk" ;;
			4|6)
				possible "$bk" cancelled || possible "$bk" expired ||
					echo "V cancel $bk refused $(errcode) but it can only be: ${allow[$bk]}" >&4
				drop bookings "$bk"; drop pendings "$bk" ;;
			137) add "$bk" cancelled ;;
			esac
		fi
	done
	for id in "${!allow[@]}"; do echo "S $id ${allow[$id]}" >&4; done
	for id in "${!link[@]}"; do echo "L $id ${link[$id]}" >&4; done
	printf 'N %s %s\n' attempts $attempts hung $hung killed $killed \
		unknown $unknown unexpected $unexpected book $acked_book \
		lock $acked_lock confirm $acked_confirm release $acked_release \
		cancel $acked_cancel expired_confirm $expired_confirm >&4
	exec 4>&-
}

# ---- the waitlister -------------------------------------------------------
# Adds entries for the writers' windows (a new customer each, wl-N: an
# entry is never retried, so one customer has one entry and at most one
# offer), confirms an offer now and then, removes an entry now and then.
# Its .exp file names its customers (C) and its violations (V).
waitlister() {
	local deadline=$1 n=0 rc i res e h adds=0 confirms=0 rms=0
	local -a ents=()
	RANDOM=$(($$ % 7717))
	exec 5>"$work/wl.exp"
	while [ "$EPOCHSECONDS" -lt "$deadline" ] && [ ! -e "$stop" ]; do
		n=$((n + 1))
		res=${RESOURCES[RANDOM % 3]}
		i=$((RANDOM % ${#WSTART[@]}))
		echo "C wl-$n" >&5
		bg wl "$work/wl.out" "$work/wl.err" --format json waitlist add "$res" \
			--customer "wl-$n" --duration "${WDUR[i]}" --from "$D" --to "$D" \
			--times "$(date -u -d "${WSTART[i]}" +%H:%M)-24:00" \
			--quantity $((RANDOM % 2 + 1)) --priority $((RANDOM % 5))
		case $rc in
		0) adds=$((adds + 1)); ents+=("$(jq -r .id "$work/wl.out")") ;;
		137) ;;
		*) echo "V waitlist add exited $rc: $(head -c 300 "$work/wl.err")" >&5 ;;
		esac
		if [ ${#ents[@]} -gt 0 ] && [ $((RANDOM % 3)) -eq 0 ]; then
			e=${ents[RANDOM % ${#ents[@]}]}
			h=$(b --format json waitlist show "$e" 2>/dev/null | jq -r 'select(.status == "offered") | .offer')
			if [ -n "$h" ]; then
				bg wl "$work/wl.out" "$work/wl.err" confirm "$h" --idempotency-key "c-$h"
				case $rc in
				0) confirms=$((confirms + 1)) ;;
				4|6|137) ;; # lapsed meanwhile, or killed
				*) echo "V confirm of offer $h exited $rc: $(head -c 300 "$work/wl.err")" >&5 ;;
				esac
			elif [ $((RANDOM % 2)) -eq 0 ]; then
				bg wl "$work/wl.out" "$work/wl.err" waitlist rm "$e"
				case $rc in
				0) rms=$((rms + 1)) ;;
				4|137) ;; # waits no more, or killed
				*) echo "V waitlist rm exited $rc: $(head -c 300 "$work/wl.err")" >&5 ;;
				esac
			fi
		fi
		sleep "0.0$((RANDOM % 5 + 1))"
	done
	printf 'N %s %s\n' wl_adds $adds wl_confirms $confirms wl_rms $rms >&5
	exec 5>&-
}

# ---- the killer, the sweepers, the checker ----------------------------------
# Every 10-50 ms it SIGKILLs one berth process of this run, by pid: it
# picks a loop at random, reads the pid of that loop's `timeout` and its
# child from /proc, and kills the child when it is our berth binary. A berth
# command lives a millisecond or two, so it looks again (all shell builtins,
# microseconds each), up to 300 times, until one kill lands.
killer() {
	local kills=0 look tag tp cp
	local -a tags=(s1 s2 c wl)
	for w in $(seq 1 "$WRITERS"); do tags+=(w$w); done
	RANDOM=$(($$ % 30011))
	while [ ! -e "$stop" ]; do
		sleep "0.0$((RANDOM % 41 + 10))"
		for ((look = 0; look < 300; look++)); do
			tag=${tags[RANDOM % ${#tags[@]}]}
			read -r tp 2>/dev/null <"$work/pid.$tag" || continue
			cp=
			read -r cp _ 2>/dev/null <"/proc/$tp/task/$tp/children"
			[ -n "$cp" ] && [ "/proc/$cp/exe" -ef "$BERTH_BIN" ] || continue
			if kill -9 "$cp" 2>/dev/null; then
				kills=$((kills + 1))
				break
			fi
		done
	done
	echo "$kills" >"$work/kills"
}

sweeper() {
	local k=$1 swept=0 runs=0 rc
	RANDOM=$((k * 31 + $$ % 977))
	while [ ! -e "$stop" ]; do
		bg s$k "$work/expire.$k.out" "$work/expire.$k.err" --format jsonl expire
		runs=$((runs + 1))
		case $rc in
		0) swept=$((swept + $(grep -c . "$work/expire.$k.out"))) ;;
		137) ;;
		124) echo "V hung: expire" >>"$work/sweeper.$k.v" ;;
		*) echo "V expire exited $rc: $(head -c 300 "$work/expire.$k.err")" >>"$work/sweeper.$k.v" ;;
		esac
		sleep "0.$((RANDOM % 10 + 2))"
	done
	echo "$runs $swept" >"$work/sweeper.$k"
}

checker() {
	local runs=0 ok=0 rc
	while [ ! -e "$stop" ]; do
		bg c "$work/check.out" "$work/check.err" check
		runs=$((runs + 1))
		case $rc in
		0) ok=$((ok + 1)) ;;
		137) ;;
		*)
			echo "V check during the storm exited $rc: $(head -c 2000 "$work/check.out" "$work/check.err")" >>"$work/checker.v"
			cp -r "$DB" "$work/db-at-failed-check.$runs" 2>/dev/null
			;;
		esac
		sleep 0.2
	done
	echo "$runs $ok" >"$work/checker"
}

# ---- the storm ------------------------------------------------------------
# Interrupted (^C, or a timeout around the script): stop the loops we started.
trap 'touch "$stop"; kill $(jobs -p) 2>/dev/null; echo "torture: interrupted; work directory: $work" >&2; exit 130' INT TERM
deadline=$((EPOCHSECONDS + SECONDS_TO_RUN))
wpids=()
for w in $(seq 1 "$WRITERS"); do
	writer "$w" "$deadline" &
	wpids+=($!)
done
waitlister "$deadline" &
wlpid=$!
killer &
kpid=$!
sweeper 1 &
s1=$!
sweeper 2 &
s2=$!
checker &
cpid=$!

# The writers stop at the deadline; each command is bounded by timeout, so
# they are all done well within this.
limit=$((deadline + 4 * CMDTIMEOUT + 30))
for p in "${wpids[@]}" "$wlpid"; do
	while kill -0 "$p" 2>/dev/null && [ "$EPOCHSECONDS" -lt "$limit" ]; do sleep 0.5; done
done
touch "$stop"
stuck=0
for p in "${wpids[@]}"; do
	if kill -0 "$p" 2>/dev/null; then
		stuck=$((stuck + 1))
		kill "$p" 2>/dev/null
	fi
done
wait

# ---- the verdict ----------------------------------------------------------
viol=$work/violations
: >"$viol"
cat "$work"/w*.exp "$work"/sweeper.*.v "$work"/checker.v 2>/dev/null | sed -n 's/^V //p' >>"$viol"
[ $stuck -eq 0 ] || echo "$stuck writers still running $((4 * CMDTIMEOUT + 30))s after the deadline" >>"$viol"

# Right after the storm, with holds still live.
timeout $CMDTIMEOUT "$BERTH_BIN" --db "$DB" check >"$work/final-check.1" 2>&1 ||
	echo "check after the storm failed: $(head -c 2000 "$work/final-check.1")" >>"$viol"
# Nobody waits any more, so that the offers out lapse to no one: then
# every hold and pending booking is past its time, and swept.
for e in $(b --format jsonl waitlist list --status waiting | jq -r .id); do
	b -q waitlist rm "$e" || echo "waitlist rm $e after the storm failed" >>"$viol"
done
sleep $((MAXTTL > PENDING ? MAXTTL + 1 : PENDING + 1))
timeout $CMDTIMEOUT "$BERTH_BIN" --db "$DB" --format jsonl expire >"$work/final-expire" 2>&1 ||
	echo "the final expire failed: $(head -c 2000 "$work/final-expire")" >>"$viol"
final_swept=$(grep -c '"id"' "$work/final-expire")
timeout $CMDTIMEOUT "$BERTH_BIN" --db "$DB" check >"$work/final-check.2" 2>&1 ||
	echo "check after the final expire failed: $(head -c 2000 "$work/final-check.2")" >>"$viol"
# The audit chain survived the kills: every record a killed command's
# transaction wrote is whole and linked, or the transaction is gone with it.
timeout $CMDTIMEOUT "$BERTH_BIN" --db "$DB" audit verify >"$work/final-verify" 2>&1 ||
	echo "audit verify after the storm failed: $(head -c 2000 "$work/final-verify")" >>"$viol"
audited=$("$BERTH_BIN" --db "$DB" --format json stats | jq -r .audit_records)

# STRESS_SABOTAGE=1 tests the harness itself: it cancels an acknowledged
# confirmed booking behind the writers' backs and adds a booking no writer
# made; both must be reported.
if [ -n "${STRESS_SABOTAGE:-}" ]; then
	victim=$(sed -n 's/^S \(b[0-9]*\) confirmed$/\1/p' "$work"/w*.exp | head -n 1)
	[ -z "$victim" ] || b -q cancel "$victim" --reason sabotage
	b -q book r2 "${D}T20:00Z" --duration 1h --customer intruder
fi

b --format jsonl list >"$work/bookings.jsonl" || echo "list failed" >>"$viol"
b --format jsonl list --holds >"$work/holds.jsonl" || echo "list --holds failed" >>"$viol"

# id status customer hold-or-booking, for holds and bookings alike
jq -r '[.id, .status, (.customer // "-"), (.hold // .booking // "-")] | @tsv' \
	"$work/bookings.jsonl" "$work/holds.jsonl" >"$work/store.tsv"

missing=0 wrong=0 reused=0
declare -A st cu ln
while IFS=$'\t' read -r id s c l; do st[$id]=$s cu[$id]=$c ln[$id]=$l; done <"$work/store.tsv"
# Whom each id was acknowledged to: one id acknowledged to two customers
# was handed out twice (the first one's commit was lost).
declare -A idcust
while read -r tag a c; do
	[ "$tag" = I ] || continue
	if [ -n "${idcust[$a]:-}" ] && [ "${idcust[$a]}" != "$c" ]; then
		reused=$((reused + 1))
		echo "$a was acknowledged twice: made for ${idcust[$a]}, and made again for $c" >>"$viol"
	fi
	idcust[$a]=$c
done < <(cat "$work"/w*.exp)
declare -A custs
while read -r tag a rest; do
	case $tag in
	S)
		if [ -z "${st[$a]:-}" ]; then
			missing=$((missing + 1))
			echo "acknowledged $a is not in the store (may be: $rest)" >>"$viol"
		elif [ "${cu[$a]}" != "${idcust[$a]:-${cu[$a]}}" ]; then
			missing=$((missing + 1))
			echo "acknowledged $a (for ${idcust[$a]}) is gone: $a in the store is for ${cu[$a]}" >>"$viol"
		elif [[ ,$rest, != *,${st[$a]},* ]]; then
			wrong=$((wrong + 1))
			echo "$a is ${st[$a]}, but the commands acknowledged leave it: $rest" >>"$viol"
		fi
		;;
	L)
		[ "${ln[$a]:-}" = "$rest" ] ||
			echo "hold $a was confirmed as $rest, but the store's hold names ${ln[$a]:-nothing}" >>"$viol"
		[ "${ln[$rest]:-}" = "$a" ] ||
			echo "booking $rest was confirmed from $a, but the store's booking names ${ln[$rest]:-nothing}" >>"$viol"
		;;
	C) custs[$a]=1 ;;
	esac
done < <(cat "$work"/w*.exp) # wl.exp too: the waitlister's customers

# Holds and bookings in the store, whoever made them (killed commands too).
for id in "${!st[@]}"; do
	c=${cu[$id]}
	[ -n "${custs[$c]:-}" ] || echo "$id (customer $c) was made by no command of this run" >>"$viol"
done
jq -rn --slurpfile bk "$work/bookings.jsonl" --slurpfile hd "$work/holds.jsonl" '
	($bk | map(select(.hold != null))) as $fromhold
	| ($hd | map({key: .id, value: .}) | from_entries) as $h
	# no two bookings of one hold; each names a used hold that names it
	| ($fromhold | group_by(.hold)[] | select(length > 1)
	   | "hold \(.[0].hold) has \(length) bookings: \(map(.id) | join(","))"),
	  ($fromhold[] | select(($h[.hold].status // "") != "used" or $h[.hold].booking != .id)
	   | "booking \(.id) names hold \(.hold), which is \($h[.hold].status // "missing") and names \($h[.hold].booking // "nothing")"),
	  ($fromhold[] | select(.created_at > $h[.hold].expires_at)
	   | "booking \(.id) was made at \(.created_at), after its hold \(.hold) expired at \($h[.hold].expires_at)"),
	# each used hold has exactly one booking, which names it
	  ($hd[] | select(.status == "used") | . as $x
	   | ($fromhold | map(select(.hold == $x.id))) as $bs
	   | select(($bs | length) != 1 or $bs[0].id != $x.booking)
	   | "used hold \($x.id) names \($x.booking // "nothing") and has bookings \($bs | map(.id) | join(","))"),
	# one attempt (one customer) made at most one hold, one booking from a
	# hold, one direct booking: an idempotent retry did not make a second
	  ($bk | group_by([.customer, (.hold == null)])[] | select(length > 1)
	   | "customer \(.[0].customer) has \(length) bookings: \(map(.id) | join(","))"),
	  ($hd | group_by(.customer)[] | select(length > 1)
	   | "customer \(.[0].customer) has \(length) holds: \(map(.id) | join(","))")
' >>"$viol" 2>&1

# The waitlist: an offer hold names one entry, which names it back; no
# entry was offered two holds, no hold offered to two entries; a fulfilled
# entry's booking came from its offer.
b --format jsonl waitlist list >"$work/waitlist.jsonl" || echo "waitlist list failed" >>"$viol"
jq -rn --slurpfile bk "$work/bookings.jsonl" --slurpfile hd "$work/holds.jsonl" \
	--slurpfile wl "$work/waitlist.jsonl" '
	($wl | map({key: .id, value: .}) | from_entries) as $w
	| ($hd | map(select(.attrs.waitlist != null))) as $offers
	| ($offers | group_by(.attrs.waitlist)[] | select(length > 1)
	   | "entry \(.[0].attrs.waitlist) was offered \(length) holds: \(map(.id) | join(","))"),
	  ($offers[] | select(($w[.attrs.waitlist].offer // "") != .id)
	   | "offer \(.id) names \(.attrs.waitlist), which names \($w[.attrs.waitlist].offer // "nothing")"),
	  ($wl | map(select(.offer != null)) | group_by(.offer)[] | select(length > 1)
	   | "hold \(.[0].offer) was offered to \(length) entries: \(map(.id) | join(","))"),
	  ($wl[] | select(.status == "fulfilled") | . as $e
	   | select([$bk[] | select(.id == $e.booking and .hold == $e.offer)] | length != 1)
	   | "fulfilled \($e.id) names booking \($e.booking), which is not from its offer \($e.offer)")
' >>"$viol" 2>&1
offered=$(jq -s 'map(select(.offer != null)) | length' "$work/waitlist.jsonl")
fulfilled=$(jq -s 'map(select(.status == "fulfilled")) | length' "$work/waitlist.jsonl")

# Capacity and seats, recomputed here rather than trusted to `berth check`:
# after the final expiry only confirmed bookings count (none is pending,
# no hold is active; anything else is a violation of its own).
caps='{"r1":2,"r2":3,"r3":3}'
jq -rn --argjson caps "$caps" --slurpfile bk "$work/bookings.jsonl" --slurpfile hd "$work/holds.jsonl" '
	($bk | map(select(.status == "pending")) | .[] | "booking \(.id) is still pending after its timeout"),
	($hd | map(select(.status == "active")) | .[] | "hold \(.id) is still active after its TTL"),
	($bk | map(select(.status == "confirmed" or .status == "pending"))
	 | group_by(.resource)[] | . as $bs | $bs[0].resource as $r
	 | if $caps[$r] then
	     ([ $bs[] | [.start, 1, .quantity], [.end, 0, -.quantity] ] | sort
	      | reduce .[] as $e ({n: 0, max: 0, at: null};
	          .n += $e[2] | if .n > .max then .max = .n | .at = $e[0] else . end))
	     | select(.max > $caps[$r])
	     | "\($r) holds \(.max) at \(.at), over its capacity \($caps[$r])"
	   else
	     ([ $bs[] | . as $b | .seats[] | {seat: ., start: $b.start, end: $b.end, id: $b.id} ]
	      | group_by(.seat)[] | sort_by(.start)
	      | . as $s | range(1; length) | select($s[.].start < $s[. - 1].end)
	      | "seat \($s[.].seat) of \($r) is claimed by \($s[. - 1].id) and \($s[.].id) at once")
	   end)
' >>"$viol" 2>&1

# `berth show` agrees with `berth list`, on a sample of the acknowledged ids.
for id in $(sed -n 's/^S \([hb][0-9]*\) .*/\1/p' "$work"/w*.exp | shuf -n 40 2>/dev/null); do
	s=$(b --format json show "$id" | jq -r .status) ||
		{ echo "show $id failed" >>"$viol"; continue; }
	[ "$s" = "${st[$id]:-}" ] || echo "show $id says $s, list says ${st[$id]:-nothing}" >>"$viol"
done

# ---- figures --------------------------------------------------------------
sum() { cat "$work"/w*.exp | awk -v k="$1" '$1 == "N" && $2 == k { s += $3 } END { print s + 0 }'; }
attempts=$(sum attempts)
hung=$(($(sum hung) + $(cat "$work"/sweeper.*.v 2>/dev/null | grep -c 'hung') + stuck))
kills=$(cat "$work/kills" 2>/dev/null || echo 0)
read -r _ swept1 <"$work/sweeper.1" 2>/dev/null || swept1=0
read -r _ swept2 <"$work/sweeper.2" 2>/dev/null || swept2=0
swept=$((swept1 + swept2))
read -r checks checks_ok <"$work/checker" 2>/dev/null || { checks=0 checks_ok=0; }
live=$(jq -s 'map(select(.status == "confirmed")) | length' "$work/bookings.jsonl")
nviol=$(grep -c . "$viol")

# Expiry must have been exercised: holds that really expired and were swept
# while the others wrote.
if [ "$SECONDS_TO_RUN" -ge 5 ] && [ "$swept" -eq 0 ]; then
	echo "no hold or pending booking was swept during the storm" >>"$viol"
	nviol=$((nviol + 1))
fi

verdict="check ok"
[ "$nviol" -eq 0 ] || verdict="$nviol violations"
echo "torture: $WRITERS writers x $attempts attempts" \
	"($(sum book) booked, $(sum lock) held, $(sum confirm) confirmed," \
	"$(sum release) released, $(sum cancel) cancelled," \
	"$(sum expired_confirm) confirms too late), $kills kills ($(sum killed) commands killed)," \
	"$(sum unknown) unknown outcomes, $swept swept by expire during the run" \
	"($final_swept after), $checks_ok checks passed during the run ($((checks - checks_ok)) killed)," \
	"$(sum wl_adds) waitlist entries, $offered offered, $fulfilled fulfilled," \
	"$live live bookings on $PLACES places," \
	"$missing acknowledged-but-missing, $reused ids handed out twice, $wrong wrong status," \
	"$(sum unexpected) unexpected exits, $hung hung, $audited audit records verified, $verdict"

if [ "$nviol" -ne 0 ]; then
	head -n 40 "$viol" >&2
	echo "torture: work directory kept: $work" >&2
	exit 1
fi
[ -n "${KEEP:-}" ] && echo "torture: work directory kept: $work" >&2 || rm -rf "$work"
exit 0
