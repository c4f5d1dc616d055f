#!/usr/bin/env bats
# Bad-input sweep: every verb and sub-verb the binary lists (--list-cmds),
# every option it lists (--list-opts) and every operand its usage line names,
# each fed malformed times, durations, numbers, ids, names, zones, over-long
# strings, invalid UTF-8 and control characters, plus unknown options and
# missing values; and book --batch fed the same in its request lines. Each
# case must exit 2 (3 for a well-formed id or resource that does not
# exist), print the error code on exactly one line with no control
# characters, print nothing on stdout, and leave the store byte-identical
# (see store_changed: an untouched data.mdb mtime, else mdb_dump against the
# seed's; every sweep ends with a full mdb_dump comparison). A last pass
# repeats a sample with --format json: one JSON error object on one line.
#
# The cases are generated from the binary, so a new verb or option is swept
# without editing this file: an option's kind comes from its name or, for an
# unknown name, from the placeholder --help shows for its value (TIME, DUR,
# N, ZONE, K=V; anything else is free text). The first test proves that every
# base invocation the cases start from succeeds, so only the bad value can be
# what a case is refused for; when it fails for a new verb, add the verb's
# required extras to BASE_EXTRA below. Each test loops over its cases and
# reports every failure at the end, not only the first.

bats_require_minimum_version 1.5.0
load helper

START=2026-06-10T09:00
# Paths known only when a test runs: the store, a file for backup to write,
# a backup to restore from, and a directory for restore to make.
DB_MARK=@DB@ FILE_MARK=@FILE@ BACKUP_MARK=@BACKUP@ NEWDB_MARK=@NEWDB@
# What export --all wrote of the seed, for import to read.
EXPORT_MARK=@EXPORT@
# The store's audit head as `audit head` prints it (SEQ:HASH).
ANCHOR_MARK=@ANCHOR@

# Options a verb needs before it does anything (pay needs --status; set
# needs something to change). Keyed by "verb" or "verb sub".
declare -A BASE_EXTRA=(
	[pay]="--status paid"
	[notify]="--once"
	["events prune"]="--before 2026-06-01"
	["resource set"]="--location x"
	[restore]="--db @NEWDB@"
	[import]="--db @NEWDB@"
	["timeoff add"]="--from 2026-06-10T09:00 --to 2026-06-10T10:00"
	["service add"]="--duration 1h"
	["service set"]="--duration 2h"
	["customer set"]="--name x"
	["waitlist add"]="--customer ok --duration 1h"
)

# An option that works only beside others: the operands and options its
# cases are given instead of the base's, keyed "path:option". (--location
# picks among a service's resources, so it wants a service and no
# resource.)
declare -A OPT_BASE=(
	["events:name"]="--dead"
	["lock:location"]="2026-06-10T09:00 --service cut"
	["book:location"]="2026-06-10T09:00 --service cut"
	["slots:service"]=""
	["slots:location"]="--service cut"
	["reschedule:seat"]="b1 2026-06-10T09:00 --resource hall"
	# a series' options go with --repeat and one of --count, --until
	["lock:repeat"]="hall 2026-06-10T09:00 --count 2"
	["book:repeat"]="hall 2026-06-10T09:00 --count 2"
	["lock:every"]="hall 2026-06-10T09:00 --repeat daily --count 2"
	["book:every"]="hall 2026-06-10T09:00 --repeat daily --count 2"
	["lock:count"]="hall 2026-06-10T09:00 --repeat daily"
	["book:count"]="hall 2026-06-10T09:00 --repeat daily"
	["lock:until"]="hall 2026-06-10T09:00 --repeat daily"
	["book:until"]="hall 2026-06-10T09:00 --repeat daily"
	# cancel --series takes no booking; --from goes with it (s1: the
	# seed's series)
	["cancel:series"]=""
	["cancel:from"]="--series s1"
	# so does confirm --series
	["confirm:series"]=""
	["waitlist add:service"]="--customer ok"
	["waitlist add:location"]="--service cut --customer ok"
)

# The booking an operand names, where b1 (pending, to come) will not do:
# checkin and noshow want b5, confirmed and started.
declare -A BOOKING_FOR=([checkin]=b5 [noshow]=b5)

# The resource an operand or --resource names, per command.
declare -A RES_FOR=(
	[lock]=hall [book]=hall [availability]=hall
)

# Numbers: the largest each option takes, and those where 0 is refused.
declare -A NUM_MAX=([capacity]=1000000 [quantity]=1000000 [seats]=100000
	[every]=1000 [count]=1000)
NUM_ZERO_BAD=" capacity quantity seats from every count "
# Durations where 0 is refused (options and policy keys).
DUR_ZERO_BAD=" duration ttl hold_ttl pending_timeout "

# Enumerated options: a value that works, and values that must not.
declare -A ENUM_GOOD=(
	["pay:status"]=paid ["list:status"]=confirmed ["confirm:payment"]=paid
	[format]=json [role]=admin [columns]=all ["list:sort"]=-start,id
	["report:by"]=hour ["report:heatmap"]=never
	[repeat]=daily [payment-method]=online
	["waitlist:status"]=waiting
)
declare -A ENUM_BAD=(
	["pay:status"]="none pending PAID"
	["confirm:payment"]="refunded none"
	["list:status"]="active used CONFIRMED"
	[format]="xml ical JSON"
	[role]="root Admin"
	[columns]="bogus ALL all, ,all"
	["list:sort"]="when START -- start,,id"
	["report:by"]="minute Day"
	["report:heatmap"]="sometimes AUTO"
	[repeat]="hourly DAILY yearly"
	[payment-method]="cash ONLINE on-arrival"
	["waitlist:status"]="WAITING active"
)

# ---------------------------------------------------------------- values

long() { printf "%${1}s" "" | tr ' ' "${2:-x}"; }

# Bad values for every kind; the strings are fed to every option too.
BAD_string=(
	"$(long 300)" "$(long 257)" $'\xff\xfe' $'a\x01b' $'\x1b[31mred' $'a\nb'
	$'a\tb' $'a\x7fb' $'\xc0\xaf' $'\xed\xa0\x80' $'\xc2\x80' $'a\rb'
	$'a\xe2\x80\xaeb' $'\xe2\x81\xa6x'
)
BAD_string_few=("$(long 300)" $'\xff\xfe' $'a\x01b' $'a\nb')
BAD_time=(
	2026-13-01 2026-02-30T10:00 25:00 monday '' "$(long 40 9)"
	2026-06-10T09:00:00.Z 2026-06-10T24:01 2026-06-10T09:60 1969-12-31
	10000-01-01 @-1 @99999999999999999999 @ @1.5 2026-06-10T09:00+25:00
	2026-06-10T09:00Zjunk 2026-6-10 2026-06-10T9:00 '2026-06-10 '
	' 2026-06-10' 2026-02-29 2026-06-10T09:00:00+0200 'now 10:00'
	'tomorrow 9:00' 'next 10:00' +2x
)
BAD_dur=(-5m 5x 99999999999d 1h1h '' m 1m1h 3651d 1.5h ' 5m' '5m ' 5 '5 m'
	9223372036854775808s 1d-1h)
BAD_num=(-1 1e3 0x10 99999999999999999999 ' 3' '3 ' +3 '' 1.5 3x)
BAD_seatlist=(0 101 1,,2 1,1 , 1, ,1 a -1 99999999999999999999 '' ' 1' 1-3)
BAD_zone=(Nope/Zone '' ../../../../etc/passwd /etc/localtime zone.tab
	Europe/../UTC Europe/Paris/ $'UTC\n' 'UTC ')
BAD_name=('' 'a b' .x _x -x "$(long 65 a)" x/y $'x\xff' $'x\x01' $'x\ny'
	"$(printf 'caf\xc3\xa9')")
BAD_attr=(noeq =v 'bad key=v' .k=v "$(long 65 k)=v" $'k=\xff' $'k=a\x01'
	"k=$(long 300)" $'k=a\nb' $'\xff=v')
BAD_id=(x1 h h01 b-1 h99999999999999999999 '' h1x 'h 1' ' h1' $'h1\n'
	$'h\xff' H1 h+1 h-1 b1.0 "h$(long 300 1)")
BAD_enum=(bogus '')
BAD_date=(2026-13-01 2026-02-30 2026-6-10 '2026-06-10 ' ' 2026-06-10' monday
	2026-06-10T09:00 "$(long 40 9)" 10000-01-01 '')
BAD_hours=('mon 12:00-09:00' 'mun 09:00-10:00' 'mon 09:00-12:00,11:00-13:00'
	'mon 09:00-24:30' 'mon 9-12' '09:00-12:00,' 'mon-fri' '24:00-24:00'
	'sun-mon closed' '')

# ------------------------------------------------------------- the cases

# One case a line in $CASES, fields split by \x1f: category, exit, codes
# (a,b), mode, env, desc, argv; env, desc and argv are `printf %q` words,
# so any byte survives.
add_case() { # CAT EXIT CODES MODE ENV DESC -- ARGS...
	local cat=$1 ex=$2 codes=$3 mode=$4 env=$5 desc=$6 q=
	shift 7
	# notify's command is everything after --exec: it goes last, after
	# whatever a case adds.
	[ "${1:-}" = notify ] && set -- "$@" --exec true
	[ $# -gt 0 ] && printf -v q '%q ' "$@"
	printf -v desc '%q' "$desc"
	printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$cat" "$ex" "$codes" \
		"$mode" "$env" "$desc" "$q" >>"$CASES"
}

# The error code a bad value of a kind gets.
declare -A CODE_FOR=([time]=INVALID_TIME [date]=INVALID_TIME)

verbs() { berth --list-cmds | grep -vx help; }

# Every command path: "init", "resource add", ...
paths() {
	local v s subs
	for v in $(verbs); do
		subs=$(berth "$v" --list-cmds 2>/dev/null) || subs=
		if [ -n "$subs" ]; then
			for s in $subs; do echo "$v $s"; done
		else
			echo "$v"
		fi
	done
}

# The operand placeholders of a path's usage line, one a line.
operands() {
	local u w
	# shellcheck disable=SC2086
	u=$(berth $1 --help | head -n 1)
	u=${u#usage: berth $1}
	u=${u% \[options\]}
	u=${u%% | *}
	for w in $u; do echo "$w"; done
}

# "name ARG" for each option of a path that takes a value; "name" for
# flags: the names from --list-opts, the placeholders from --help.
options() {
	local path=$1 name line help
	# shellcheck disable=SC2086
	help=$(berth $path --help)
	# shellcheck disable=SC2086
	for name in $(berth $path --list-opts); do
		name=${name#--}
		while IFS= read -r line; do
			if [[ $line =~ ^\ \ --$name\ ([^ ]+)\  ]]; then
				echo "$name ${BASH_REMATCH[1]}"
				break
			elif [[ $line == "  --$name  "* ]]; then
				echo "$name"
				break
			fi
		done <<<"$help"
	done
}

# The kind of an option's value: by its name, else by its placeholder.
opt_kind() { # NAME ARG -> KIND
	[ "${2:-}" = DATE ] && { KIND=date; return; }
	[ "${2:-}" = SEQ ] && { KIND=num; return; }
	[ "${2:-}" = SEQ:HASH ] && { KIND=anchor; return; }
	case $1 in
	now | at | from | to | since | end) KIND=time ;;
	duration | ttl | buffer | slot) KIND=dur ;;
	capacity | quantity | seats) KIND=num ;;
	seat) KIND=seatlist ;;
	tz) KIND=zone ;;
	attr) KIND=attr ;;
	format | role | status | payment | columns | sort | by | heatmap | repeat | payment-method) KIND=enum ;;
	series) KIND=seriesid ;;
	db) KIND=db ;;
	resource) KIND=resname ;;
	resources) KIND=reslist ;;
	service) KIND=svcname ;;
	price | amount) KIND=price ;;
	*)
		case $2 in
		TIME) KIND=time ;;
		DUR) KIND=dur ;;
		N) KIND=num ;;
		'N[,N...]') KIND=seatlist ;;
		ZONE) KIND=zone ;;
		K=V) KIND=attr ;;
		STATUS | FMT | ROLE) KIND=enum ;;
		DIR) KIND=db ;;
		FILE) KIND=file ;;
		*) KIND=text ;;
		esac
		;;
	esac
}

operand_kind() { # PATH PLACEHOLDER -> KIND
	case "$1:$2" in
	"resource add:NAME") KIND=newname ;;
	"holiday rm:ID") KIND=holidayid ;;
	"timeoff rm:ID") KIND=timeoffid ;;
	"waitlist show:ID" | "waitlist rm:ID") KIND=waitlistid ;;
	"service add:NAME") KIND=newname ;;
	service*:NAME) KIND=svcname ;;
	"customer add:CUSTOMER") KIND=newcust ;;
	customer*:CUSTOMER) KIND=custid ;;
	*:RESOURCE | *:NAME | *:'[RESOURCE]' | *:'RESOURCE...' | *:'[RESOURCE...]') KIND=resname ;;
	*:DATE) KIND=date ;;
	*:HOURS...) KIND=hours ;;
	*:START | *:NEW_START | *:TIME) KIND=time ;;
	*:HOLD) KIND=hold ;;
	*:BOOKING) KIND=booking ;;
	*:'HOLD|BOOKING' | *:ID) KIND=anyid ;;
	*:FILE) KIND=file ;;
	*:KEY) KIND=policykey ;;
	*:'[SEQ]') KIND=seq ;;
	*:VALUE) KIND=policyvalue ;;
	*) KIND=text ;;
	esac
}

good_operand() { # PATH KIND -> GOOD
	case $2 in
	resname) GOOD=${RES_FOR[${1%% *}]:-stylist} ;;
	newname) GOOD=newres ;;
	time) GOOD=$START ;;
	hold | anyid) GOOD=h1 ;;
	booking) GOOD=${BOOKING_FOR[${1%% *}]:-b1} ;;
	holidayid) GOOD=d1 ;;
	timeoffid) GOOD=t1 ;;
	waitlistid) GOOD=w1 ;;
	svcname) GOOD=cut ;;
	newcust) GOOD=c9 ;;
	custid) GOOD=c1 ;;
	date) GOOD=2026-06-10 ;;
	hours) GOOD=09:00-18:00 ;;
	policykey) GOOD=hold_ttl ;;
	policyvalue) GOOD=10m ;;
	seq) GOOD=1 ;; # events retry: the seed's notifier gave it up
	file)
		case $1 in
		restore) GOOD=$BACKUP_MARK ;;
		import) GOOD=$EXPORT_MARK ;;
		apply) GOOD=- ;; # standard input, /dev/null: an empty catalogue
		*) GOOD=$FILE_MARK ;;
		esac
		;;
	text) GOOD=b1 ;; # audit [ID]
	*) GOOD=x ;;
	esac
}

good_option() { # PATH NAME KIND -> GOOD
	local verb=${1%% *}
	case $3 in
	time)
		case $2 in
		end) GOOD=2026-06-10T11:00 ;;
		now) GOOD=2026-06-01T10:00:00Z ;;
		to) [ "$1" = "timeoff add" ] && GOOD=2026-06-10T11:00 || GOOD=$START ;;
		*) GOOD=$START ;;
		esac
		;;
	dur) GOOD=1h ;;
	date) GOOD=2026-06-10 ;;
	num) GOOD=1 ;;
	seatlist) GOOD=5 ;;
	zone) GOOD=UTC ;;
	attr) GOOD=k=v ;;
	enum) GOOD=${ENUM_GOOD[$verb:$2]:-${ENUM_GOOD[$2]:-?}} ;;
	db) [ "$verb" = restore ] || [ "$verb" = import ] && GOOD=$NEWDB_MARK || GOOD=$DB_MARK ;;
	file) GOOD=$FILE_MARK ;;
	resname) GOOD=hall ;;
	reslist) GOOD=stylist,hall ;;
	svcname) GOOD=cut ;;
	price) GOOD=75.00 ;;
	anchor) GOOD=$ANCHOR_MARK ;;
	seriesid) GOOD=s1 ;;
	*)
		case $verb:$2 in
		*:location) GOOD=north ;;
		customer:email) GOOD=c1@example.org ;;
		customer:phone) GOOD=0301234 ;;
		waitlist:days) GOOD=mon-fri ;;
		waitlist:times) GOOD=09:00-18:00 ;;
		*:type) GOOD=booking.created ;;
		events:name | notify:name) GOOD=default ;;
		notify:exec) GOOD=true ;;
		*) GOOD=ok ;;
		esac
		;;
	esac
}

# The bad values of a kind for one option or operand, into BADV.
bad_values() { # PATH NAME KIND -> BADV
	local verb=${1%% *} name=$2 kind=$3 v
	BADV=()
	case $kind in
	time) BADV=("${BAD_time[@]}") ;;
	date) BADV=("${BAD_date[@]}") ;;
	hours) BADV=("${BAD_hours[@]}") ;;
	dur | policyvalue)
		BADV=("${BAD_dur[@]}")
		[[ $DUR_ZERO_BAD == *" $name "* ]] && BADV+=(0 0s 0m)
		;;
	seq) BADV=("${BAD_num[@]}" 0) ;;
	num)
		BADV=("${BAD_num[@]}")
		[[ $NUM_ZERO_BAD == *" $name "* ]] && BADV+=(0 00)
		[ -n "${NUM_MAX[$name]:-}" ] && BADV+=($((NUM_MAX[$name] + 1)))
		;;
	seatlist) BADV=("${BAD_seatlist[@]}") ;;
	zone) BADV=("${BAD_zone[@]}") ;;
	resname | newname | svcname) BADV=("${BAD_name[@]}") ;;
	reslist) BADV=('a b' stylist,stylist , stylist, ,stylist stylist,,hall) ;;
	price) BADV=(1.234 -1 1,5 1. .5 1e3 '' ' 1' '1 ' 0x10 1000000000001 NONE) ;;
	hold | booking | anyid | holidayid | timeoffid | waitlistid) BADV=("${BAD_id[@]}") ;;
	seriesid) BADV=(x1 s s01 s-1 '' s1x S1 b1 h1 's 1' $'s1\n' "s$(long 30 1)") ;;
	attr)
		BADV=("${BAD_attr[@]}")
		[ "$1" != "resource set" ] && [ "$1" != "customer set" ] && BADV+=(k=)
		;;
	enum)
		BADV=("${BAD_enum[@]}")
		v=${ENUM_BAD[$verb:$name]:-${ENUM_BAD[$name]:-}}
		# shellcheck disable=SC2206
		[ -n "$v" ] && BADV+=($v)
		v=${ENUM_GOOD[$verb:$name]:-${ENUM_GOOD[$name]:-}}
		[ -n "$v" ] && BADV+=("$v"$'\n' " $v")
		;;
	db | file) BADV=('') ;; # any bytes but NUL name a file
	policykey) BADV=(nosuch_key HOLD_TTL $'hold_ttl\n' hold-ttl '') ;;
	# A new customer: none, or a pseudonym's reserved form.
	newcust) BADV=('' "forgotten:$(long 64 0)") ;;
	esac
	# Every value is text too: over-long, invalid UTF-8, control bytes;
	# the full set where text is what the value is.
	case $kind in
	db | file) ;;
	text | resname | newname | enum | attr | newcust | custid) BADV+=("${BAD_string[@]}") ;;
	*) BADV+=("${BAD_string_few[@]}") ;;
	esac
}

# The options every path accepts: swept in full on a few paths, sampled on
# the others (one parser serves them all).
FULL_GLOBALS=" lock list "

gen_cases() {
	local path verb name arg kind v base nreq i j p GOOD KIND cat sample
	local -a ops goods extra cmd a nf BADV all_paths ob
	local -A nopts=()
	mapfile -t all_paths < <(paths)
	# Globals: in every path's --list-opts.
	for path in "${all_paths[@]}"; do
		# shellcheck disable=SC2086
		for name in $(berth $path --list-opts); do
			nopts[$name]=$((${nopts[$name]:-0} + 1))
		done
	done
	for path in "${all_paths[@]}"; do
		verb=${path%% *}
		read -r -a extra <<<"${BASE_EXTRA[$path]:-}"
		# shellcheck disable=SC2206
		cmd=($path)
		# The operands, their kinds and good values.
		ops=()
		goods=()
		nreq=0
		while read -r arg; do
			[ -n "$arg" ] || continue
			operand_kind "$path" "$arg"
			good_operand "$path" "$KIND"
			ops+=("$arg:$KIND")
			goods+=("$GOOD")
			[[ $arg == \[* ]] || nreq=$((nreq + 1))
		done < <(operands "$path")
		base=("${cmd[@]}" "${goods[@]}" "${extra[@]}")
		add_case base 0 - ok '' "$path: the base invocation" -- "${base[@]}"

		# Operands: each replaced by bad values.
		for i in "${!ops[@]}"; do
			arg=${ops[i]%%:*}
			kind=${ops[i]#*:}
			p=$((${#cmd[@]} + i))
			bad_values "$path" "$arg" "$kind"
			for v in "${BADV[@]}"; do
				a=("${base[@]}")
				a[p]=$v
				add_case operand 2 "${CODE_FOR[$kind]:-INVALID_ARGUMENT}" err '' \
					"$path: operand $arg = ${v@Q}" -- "${a[@]}"
			done
			# Well-formed, but nothing has that name: 3.
			case $kind in
			resname) nf=(nosuch) ;;
			hold) nf=(h999) ;;
			booking) nf=(b999) ;;
			anyid) nf=(h999 b999) ;;
			holidayid) nf=(d999) ;;
			timeoffid) nf=(t999) ;;
			waitlistid) nf=(w999) ;;
			svcname | custid) nf=(nosuch) ;;
			*) nf=() ;;
			esac
			for v in "${nf[@]}"; do
				a=("${base[@]}")
				a[p]=$v
				add_case operand 3 NOT_FOUND err '' \
					"$path: operand $arg = $v (unknown)" -- "${a[@]}"
			done
			# The other kind of id where one kind is wanted: 2.
			case $kind in
			hold) v=b1 ;; booking) v=h1 ;; *) v= ;;
			esac
			if [ -n "$v" ]; then
				a=("${base[@]}")
				a[p]=$v
				add_case operand 2 INVALID_ARGUMENT err '' \
					"$path: operand $arg = $v (wrong kind)" -- "${a[@]}"
			fi
		done
		# Missing operands and one too many.
		if [ "$nreq" -gt 0 ]; then
			add_case operand 2 INVALID_ARGUMENT err '' "$path: no operands" \
				-- "${cmd[@]}" "${extra[@]}"
			[ "$nreq" -gt 1 ] &&
				add_case operand 2 INVALID_ARGUMENT err '' "$path: one operand short" \
					-- "${cmd[@]}" "${goods[@]:0:nreq-1}" "${extra[@]}"
		fi
		# (A verb of any number of operands, slots RESOURCE..., takes
		# "extra" as one more: only "-" is out of place there.)
		[[ ${ops[*]: -1} == *...* ]] ||
			add_case operand 2 INVALID_ARGUMENT err '' "$path: an extra operand" \
				-- "${base[@]}" extra
		add_case operand 2 INVALID_ARGUMENT err '' "$path: an extra operand -" \
			-- "${base[@]}" -

		# Options.
		while read -r name arg; do
			[ -n "$name" ] && [ "$name" != help ] || continue
			# The invocation this option's cases add to: the base, or
			# one it needs instead (OPT_BASE).
			ob=("${base[@]}")
			[ -n "${OPT_BASE[$path:$name]+set}" ] &&
				read -r -a ob <<<"${cmd[*]} ${OPT_BASE[$path:$name]}"
			if [ -z "$arg" ]; then # a flag given a value
				add_case option 2 INVALID_ARGUMENT err '' \
					"$path: flag --$name=1" -- "${ob[@]}" "--$name=1"
				continue
			fi
			opt_kind "$name" "$arg"
			kind=$KIND
			good_option "$path" "$name" "$kind"
			add_case base 0 - ok '' "$path: --$name $GOOD" -- "${ob[@]}" "--$name" "$GOOD"
			add_case option 2 INVALID_ARGUMENT err '' \
				"$path: --$name without its value" -- "${ob[@]}" "--$name"
			bad_values "$path" "$name" "$kind"
			sample=0
			[ "${nopts[--$name]}" -eq "${#all_paths[@]}" ] &&
				[[ $FULL_GLOBALS != *" $path "* ]] && sample=3
			case $kind in
			text | attr | resname | db) cat=text ;;
			*) cat=option ;;
			esac
			j=0
			for v in "${BADV[@]}"; do
				[ "$sample" -gt 0 ] && [ $((j++)) -ge "$sample" ] && break
				add_case "$cat" 2 "${CODE_FOR[$kind]:-INVALID_ARGUMENT}" err '' \
					"$path: --$name ${v@Q}" -- "${ob[@]}" "--$name" "$v"
			done
			[ "$sample" -gt 0 ] && continue
			# Empty, attached: wrong where a value has a form (free text
			# may be empty: --location= removes it).
			[ "$kind" != text ] &&
				add_case option 2 "${CODE_FOR[$kind]:-INVALID_ARGUMENT}" err '' \
					"$path: --$name= (empty, attached)" -- "${ob[@]}" "--$name="
			[ "$kind" = resname ] || [ "$kind" = svcname ] &&
				add_case option 3 NOT_FOUND err '' "$path: --$name nosuch" \
					-- "${ob[@]}" "--$name" nosuch
			if [ "$kind" = attr ]; then
				add_case option 2 INVALID_ARGUMENT err '' \
					"$path: --$name twice with one key" \
					-- "${ob[@]}" "--$name" k=v "--$name" k=w
				a=()
				for j in $(seq 65); do a+=("--$name" "k$j=v"); done
				add_case option 2 INVALID_ARGUMENT err '' \
					"$path: --$name 65 times" -- "${ob[@]}" "${a[@]}"
			fi
		done < <(options "$path")

		# Unknown options, wherever they stand.
		for v in --bogus --bogus=1 -Z -qZ $'--\xff' --- "--$(long 300 y)" --list-opts=1; do
			add_case unknown 2 INVALID_ARGUMENT err '' "$path: ${v@Q}" \
				-- "${base[@]}" "$v"
			add_case unknown 2 INVALID_ARGUMENT err '' "$path: ${v@Q} first" \
				-- "${cmd[@]}" "$v" "${goods[@]}" "${extra[@]}"
		done

		# Globals before the command, and the environment.
		for v in "--now monday" "--now 2026-02-30T10:00" "--format xml" \
			"--role root" "--db=" "--bogus" "-Z"; do
			arg=INVALID_ARGUMENT
			[[ $v == --now\ * ]] && arg=INVALID_TIME
			# shellcheck disable=SC2086
			add_case global 2 "$arg" err '' "$path: $v before the command" \
				-- $v "${base[@]}"
		done
		add_case global 2 INVALID_ARGUMENT err '' "$path: --as with an escape before the command" \
			-- --as $'\x1b[31m' "${base[@]}"
		for v in BERTH_NOW=monday BERTH_NOW=2026-02-30T10:00 \
			BERTH_FORMAT=xml BERTH_ROLE=root "BERTH_ACTOR=\$'\\E[31m'" \
			"BERTH_ACTOR=$(long 300)"; do
			arg=INVALID_ARGUMENT
			[[ $v == BERTH_NOW* ]] && arg=INVALID_TIME
			add_case env 2 "$arg" err "$v" "$path: env $v" -- "${base[@]}"
		done
	done

	# Policies: every key the binary lists, with its kind of value.
	local def
	while IFS=$'\t' read -r name def; do
		if [[ $def =~ ^[0-9]+$ ]]; then
			BADV=("${BAD_num[@]}" 1000001 "${BAD_string_few[@]}")
		else
			bad_values "policy set" "$name" dur
		fi
		for v in "${BADV[@]}"; do
			add_case operand 2 INVALID_ARGUMENT err '' \
				"policy set $name ${v@Q}" -- policy set "$name" "$v"
		done
		add_case base 0 - ok '' "policy set $name (its default)" -- policy set "$name" "$def"
	done < <(berth --format jsonl policy list | jq -r '[.key, (.value|tostring)] | @tsv')

	# Claims: an end not after the start, --end with --duration.
	for verb in lock book; do
		add_case option 2 INVALID_ARGUMENT,INVALID_TIME err '' "$verb: --end at the start" \
			-- "$verb" hall "$START" --end "$START"
		add_case option 2 INVALID_ARGUMENT,INVALID_TIME err '' "$verb: --end before the start" \
			-- "$verb" hall "$START" --end 2026-06-10T08:00
		add_case option 2 INVALID_ARGUMENT err '' "$verb: --end and --duration" \
			-- "$verb" hall "$START" --end 2026-06-10T11:00 --duration 1h
		add_case option 2 INVALID_ARGUMENT err '' "$verb: --seat on a resource without seats" \
			-- "$verb" stylist "$START" --seat 1
	done
	add_case option 2 INVALID_ARGUMENT err '' "book: --batch with an operand" \
		-- book --batch hall
	add_case option 2 INVALID_ARGUMENT err '' "book: --batch with an option" \
		-- book --batch --customer c1

	# Commands and sub-commands that do not exist, and help for them.
	local -a groups=()
	# Verbs that only hand over to their commands (resource add); one
	# that also runs on its own (audit ID, audit verify) takes any word.
	for verb in $(verbs); do
		[ -n "$(berth "$verb" --list-cmds 2>/dev/null)" ] &&
			! berth "$verb" --list-opts >/dev/null 2>&1 && groups+=("$verb")
	done
	for v in nosuch $'\xff' x/y $'a\nb' "$(long 300 z)" ''; do
		add_case unknown 2 INVALID_ARGUMENT err '' "command ${v@Q}" -- "$v"
		add_case unknown 2 INVALID_ARGUMENT err '' "help ${v@Q}" -- help "$v"
		for verb in "${groups[@]}"; do
			add_case unknown 2 INVALID_ARGUMENT err '' "$verb ${v@Q}" -- "$verb" "$v"
		done
	done
	for verb in "${groups[@]}"; do
		add_case unknown 2 INVALID_ARGUMENT err '' "$verb with no command" -- "$verb"
	done
	add_case global 2 INVALID_ARGUMENT err '' "a global option's value missing at the end" -- --format
}

# book --batch: each field of a good request given bad values, and lines
# that are not requests at all.
json_str() { # a JSON string of any bytes, control characters escaped
	local s=$1 out= c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		'"') out+='\"' ;;
		'\') out+='\\' ;;
		[$'\x01'-$'\x1f'] | $'\x7f') out+=$(printf '\\u%04x' "'$c") ;;
		*) out+=$c ;;
		esac
	done
	printf '"%s"' "$out"
}

gen_batch() {
	local f kind v line rest
	local -a BADV
	local good='"resource":"hall","start":"2026-06-10T09:00","duration":"1h","customer":"c1"'
	add_case base 0 - batch-ok '' "batch: the base request" -- book --batch "{$good}"
	for f in resource:resname start:time end:time duration:dur ttl:dur \
		customer:text idempotency_key:text; do
		kind=${f#*:}
		f=${f%%:*}
		if [ "$f" = end ]; then
			rest=$(jq -cn --argjson a "{$good}" '$a | del(.duration)')
		else
			rest=$(jq -cn --argjson a "{$good}" --arg f "$f" '$a | del(.[$f])')
		fi
		bad_values book "$f" "$kind"
		for v in "${BADV[@]}"; do
			line="${rest%\}},\"$f\":$(json_str "$v")}"
			add_case batch 2 "${CODE_FOR[$kind]:-INVALID_ARGUMENT},INVALID_ARGUMENT" batch '' \
				"batch: $f ${v@Q}" -- book --batch "$line"
		done
	done
	for v in -1 0 1.5 1e3 '"3"' 99999999999999999999 1000001 true null '[1]'; do
		add_case batch 2 INVALID_ARGUMENT batch '' "batch: quantity $v" \
			-- book --batch "{$good,\"quantity\":$v}"
	done
	for v in '[0]' '[101]' '[1,1]' '["1"]' '5' '[]' '[-1]' '[1.5]' '[99999999999999999999]' '{}'; do
		add_case batch 2 INVALID_ARGUMENT batch '' "batch: seats $v" \
			-- book --batch "{$good,\"seats\":$v}"
	done
	for v in '"yes"' 1 null '[]'; do
		add_case batch 2 INVALID_ARGUMENT batch '' "batch: pending $v" \
			-- book --batch "{$good,\"pending\":$v}"
	done
	for v in '{"k":1}' '{"bad key":"v"}' '{"k":"\u0001"}' '[]' '"k=v"' \
		"{\"k\":\"$(long 300)\"}"; do
		add_case batch 2 INVALID_ARGUMENT batch '' "batch: attrs $v" \
			-- book --batch "{$good,\"attrs\":$v}"
	done
	for v in '{' '[]' '"x"' 42 null "{$good" "{$good}}" "{$good,\"bogus\":1}" \
		"{$good,\"customer\":1}" "{$good,\"resource\":null}" $'{"resource":"hall\xff"}' \
		"{$good,\"customer\":\"a\\u0000b\"}" "{$good,\"customer\":\"\\ud800\"}" \
		'{"start":"2026-06-10T09:00"}' '{"resource":"hall"}' \
		"{$good,\"resource\":\"hall\"}" "{\"resource\":\"hall\",\"start\":\"$START\",\"end\":\"2026-06-10T11:00\",\"duration\":\"1h\"}"; do
		add_case batch 2 INVALID_ARGUMENT,INVALID_TIME batch '' \
			"batch: line ${v@Q}" -- book --batch "$v"
	done
	add_case batch 3 NOT_FOUND batch '' "batch: resource nosuch" \
		-- book --batch "{${good/hall/nosuch}}"
	add_case batch 2 INVALID_ARGUMENT batch-long '' "batch: a line of 65537 bytes" \
		-- book --batch "{$good,\"attrs\":{\"k\":\"$(long 65600)\"}}"
}

setup_file() {
	export TZ=UTC LC_ALL=C BERTH_NOW=2026-06-01T10:00:00Z
	unset BERTH_FORMAT BERTH_ACTOR BERTH_ROLE XDG_DATA_HOME
	export SEED=$BATS_FILE_TMPDIR/seed CASES=$BATS_FILE_TMPDIR/cases.tsv
	export BERTH_DB=$SEED
	berth -q init
	berth -q resource add stylist --slot 1h
	berth -q resource add workshop --capacity 3 --slot 1h
	berth -q resource add hall --seats 100 --slot 1h
	berth -q lock workshop "$START" --ttl 1d --customer c1           # h1
	berth -q book workshop "$START" --pending --customer c2          # b1
	berth -q book workshop 2026-06-10T10:00 --customer c3            # b2
	# s1: b3, b4, a series for list, and pending for confirm --series
	# and cancel --series
	berth -q book workshop 2026-06-20T09:00 --repeat daily --count 2 --pending
	# b5: confirmed and started, for checkin and noshow
	BERTH_NOW=2026-06-01T08:00:00Z berth -q book workshop 2026-06-01T09:00 --duration 2h
	# a calendar that closes nothing the cases book, for hours, holiday
	# and timeoff to act on
	berth -q hours set stylist 00:00-24:00
	berth -q hours set stylist --date 2026-06-10 00:00-24:00
	berth -q holiday add 2026-12-25 --resource stylist              # d1
	berth -q timeoff add stylist --from 2027-07-01 --to 2027-07-02  # t1
	berth -q service add cut --duration 1h --resources stylist,hall
	berth -q customer add c1 --name 'C. One'
	berth -q resource set stylist --location north
	berth -q waitlist add workshop --customer c4 --duration 1h --days sun --from 2026-06-10 --to 2026-06-10 # w1, waiting
	# A notifier that gave every event up: events retry has one to take.
	berth -q notify --once --max-attempts 1 --exec false
	store_dump >"$BATS_FILE_TMPDIR/seed.dump"
	# An old mtime, so that any later write shows (see store_changed).
	touch -d @1000000000 "$SEED/data.mdb"
	# A backup for restore to read, when this berth has backup.
	berth --list-cmds | grep -qx backup &&
		berth -q backup "$BATS_FILE_TMPDIR/backup.mdb"
	# The seed as export --all writes it, for import to read.
	berth --list-cmds | grep -qx import &&
		berth export --all >"$BATS_FILE_TMPDIR/export.jsonl"
	: >"$CASES"
	local dbg
	dbg=$(trap -p DEBUG)
	trap - DEBUG
	gen_cases
	gen_batch
	eval "$dbg"
	# One file a category, so that each sweep reads only its own.
	awk -F '\x1f' '{ print > (FILENAME "." $1) }' "$CASES"
}

# A fresh copy of the seed store. Its data.mdb keeps the seed's old mtime
# (set in setup_file), so any write to it since shows as a newer mtime.
reset_store() {
	rm -rf "$BERTH_DB" "$BATS_TEST_TMPDIR/newdb" "$BATS_TEST_TMPDIR/copy.mdb"
	cp -a "$SEED" "$BERTH_DB"
}

# sweep CATEGORY [PREFIX...]: runs every case of CATEGORY (with PREFIX
# before its arguments), checks each, and reports every failure at once.
sweep() {
	# Bats traps every command a test runs; over thousands of cases that
	# costs more than berth itself. The loop runs without the trap.
	local dbg rc=0
	dbg=$(trap -p DEBUG)
	trap - DEBUG
	sweep_cases "$@" || rc=$?
	eval "$dbg"
	return "$rc"
}

# The store check. LMDB (no MDB_WRITEMAP) writes data.mdb only when a
# transaction commits, with pwrite, which sets its mtime: a data.mdb no
# newer than the seed's has not been written, so a refusal costs no
# process. When it is newer, mdb_dump says what changed; every sweep also
# ends with a full mdb_dump comparison.
store_changed() {
	[[ $BERTH_DB/data.mdb -nt $SEED/data.mdb ]] || return 1
	[ "$(store_dump)" != "$SEED_DUMP" ] && return 0
	echo "committed, but mdb_dump is the same"
}

sweep_cases() {
	local cat=$1 want_fmt=table
	shift
	local -a prefix=("$@")
	[ "${prefix[*]}" = "--format json" ] && want_fmt=json
	local c ex codes mode env desc args n=0 bad=0 rc out err seen=0 why i got
	local kth=0
	local errf=$BATS_TEST_TMPDIR/err outf=$BATS_TEST_TMPDIR/out
	local jsonf=$BATS_TEST_TMPDIR/json-errors
	local -a fails=() argv envv
	[ -f "$CASES.$cat" ] || { echo "no $cat cases generated" >&2; return 1; }
	SEED_DUMP=$(cat "$BATS_FILE_TMPDIR/seed.dump")
	: >"$jsonf"
	reset_store
	while IFS=$'\x1f' read -r c ex codes mode env desc args; do
		[ "$c" = "$cat" ] || continue
		if [ "$want_fmt" = json ]; then
			[[ $mode == batch* || -n $env ]] && continue
			# A fifth of the cases: the emitter is the same for all.
			[ $((seen++ % 5)) -eq 0 ] || continue
		fi
		# BERTH_TEST_SWEEP_EVERY=K: every K-th case only (CI's
		# sanitizer pass, where the fuzzers also drive the parsers).
		[ $((kth++ % ${BERTH_TEST_SWEEP_EVERY:-1})) -eq 0 ] || continue
		n=$((n + 1))
		eval "argv=($args)"
		eval "desc=$desc"
		eval "envv=($env)"
		for i in "${!argv[@]}"; do
			case ${argv[i]} in
			"$DB_MARK") argv[i]=$BERTH_DB ;;
			"$FILE_MARK") argv[i]=$BATS_TEST_TMPDIR/copy.mdb ;;
			"$BACKUP_MARK") argv[i]=$BATS_FILE_TMPDIR/backup.mdb ;;
			"$EXPORT_MARK") argv[i]=$BATS_FILE_TMPDIR/export.jsonl ;;
			"$NEWDB_MARK") argv[i]=$BATS_TEST_TMPDIR/newdb ;;
			"$ANCHOR_MARK") argv[i]=$("$BERTH_BIN" --db "$BERTH_DB" \
				--format tsv audit head -o anchor | tail -n 1) ;;
			esac
		done
		rc=0
		if [[ $mode == batch* ]]; then
			"$BERTH_BIN" book --batch <<<"${argv[2]}" >"$outf" 2>"$errf" || rc=$?
		elif [ ${#envv[@]} -gt 0 ]; then
			env "${envv[@]}" "$BERTH_BIN" "${prefix[@]}" "${argv[@]}" \
				>"$outf" 2>"$errf" </dev/null || rc=$?
		else
			"$BERTH_BIN" "${prefix[@]}" "${argv[@]}" >"$outf" 2>"$errf" </dev/null || rc=$?
		fi
		out= err=
		IFS= read -r -d '' out <"$outf" || :
		IFS= read -r -d '' err <"$errf" || :
		why=
		if [ "$rc" -ge 128 ]; then
			why="crashed (exit $rc, signal $((rc - 128)))"
		elif [ "$want_fmt" = json ] && [ "$rc" -le 1 ]; then
			why="exit $rc" # the plain pass checks the exact status
		elif [ "$want_fmt" = table ] && [ "$rc" -ne "$ex" ]; then
			why="exit $rc, want $ex"
		elif [ "$mode" = err ]; then
			if [[ $err != *$'\n' || ${err%$'\n'} == *$'\n'* ]]; then
				why="stderr is not one line"
			elif [[ ${err%$'\n'} == *[$'\x01'-$'\x1f'$'\x7f']* ]]; then
				why="stderr carries control characters"
			elif [ -n "$out" ]; then
				why="printed on stdout"
			elif [ "$want_fmt" = json ] && [[ $err == '{"error":{"code":"'* ]]; then
				printf '%s' "$err" >>"$jsonf"
				[[ $err =~ ^\{\"error\":\{\"code\":\"[A-Z_]+\",\"message\":\" ]] ||
					why="want {\"error\":{\"code\":\"CODE\",\"message\":...}}"
			elif [ "$want_fmt" = json ] && [[ $desc != *format* ]]; then
				# Only a bad --format itself may leave the plain form.
				why="not a JSON error"
			elif ! [[ $err =~ ^berth:\ ([A-Z_]+):\  && ,$codes, == *",${BASH_REMATCH[1]},"* ]] &&
				[ "$want_fmt" = table ]; then
				why="want code $codes"
			fi
		elif [[ $mode == batch || $mode == batch-long ]]; then
			if [ "$mode" = batch-long ] && [ -z "$out" ]; then
				[[ $err =~ ^berth:\ ([A-Z_]+):\  && ,$codes, == *",${BASH_REMATCH[1]},"* ]] ||
					why="want code $codes on stderr or stdout"
			elif [[ $out != *$'\n' || ${out%$'\n'} == *$'\n'* ]]; then
				why="stdout is not one line"
			elif ! [[ $out =~ ^\{\"line\":1,\"error\":\{\"code\":\"([A-Z_]+)\" &&
				,$codes, == *",${BASH_REMATCH[1]},"* ]]; then
				why="want {\"line\":1,\"error\":{\"code\":\"$codes\",...}}"
			elif [ -n "$err" ]; then
				why="printed on stderr"
			else
				printf '%s' "$out" >>"$jsonf"
			fi
		fi
		if [[ $mode == ok || $mode == batch-ok ]]; then
			# A case expected to succeed changes the store: start again.
			reset_store
		else
			if got=$(store_changed); then
				why="${why:+$why; }the store changed${got:+ ($got)}"
				reset_store
			fi
			if [ -e "$BATS_TEST_TMPDIR/newdb" ] || [ -e "$BATS_TEST_TMPDIR/copy.mdb" ]; then
				why="${why:+$why; }a file was left behind"
				reset_store
			fi
		fi
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			fails+=("$(printf '%s\n    %s\n    berth %s\n    stderr: %q\n    stdout: %q' \
				"$why" "$desc" "${prefix[*]:+${prefix[*]} }${args:0:400}" "${err:0:400}" "${out:0:300}")")
		fi
	done <"$CASES.$cat"
	# Whatever was read as JSON above must parse as JSON.
	if [ -s "$jsonf" ] && ! jq -e . "$jsonf" >/dev/null 2>&1; then
		bad=$((bad + 1))
		fails+=("an error line is not valid JSON: $(jq -e . "$jsonf" 2>&1 >/dev/null | head -n 1)")
	fi
	# And the store is byte-identical by mdb_dump, whatever mtimes say.
	if [ "$(store_dump)" != "$SEED_DUMP" ] && [ "$cat" != base ]; then
		bad=$((bad + 1))
		fails+=("the store differs from the seed at the end (mdb_dump)")
	fi
	echo "# $cat${prefix[*]:+ (${prefix[*]})}: $n cases, $bad failed" >&3
	[ "$n" -gt 0 ] || { echo "no $cat cases generated" >&2; return 1; }
	if [ "$bad" -gt 0 ]; then
		printf '%s\n' "${fails[@]}" >&2
		echo "$bad of $n $cat cases failed" >&2
		return 1
	fi
}

@test "badinput: every command, sub-command and option is swept" {
	local path name arg missing=()
	for path in $(paths | tr ' ' '+'); do
		path=${path//+/ }
		grep -qF "$(printf '%q' "$path: the base invocation")" "$CASES" ||
			missing+=("$path: no cases")
		while read -r name arg; do
			[ -n "$name" ] && [ "$name" != help ] || continue
			grep -qF -e "$(printf '%q' "$path: --$name")" \
				-e "$(printf '%q' "$path: flag --$name")" "$CASES" ||
				missing+=("$path --$name: no cases")
		done < <(options "$path")
	done
	[ "${#missing[@]}" -eq 0 ] || {
		printf '%s\n' "${missing[@]}" >&2
		return 1
	}
	echo "# $(grep -vc '^base' "$CASES") bad-input cases" >&3
}

@test "badinput: every base invocation succeeds, so only the bad value refuses" {
	sweep base
}

@test "badinput: malformed operands: ids, names, times, keys, missing and extra" {
	sweep operand
}

@test "badinput: malformed option values: times, durations, numbers, seats, zones, enums" {
	sweep option
}

@test "badinput: text options: over-long, invalid UTF-8, control characters, names" {
	sweep text
}

@test "badinput: unknown options, commands and sub-commands" {
	sweep unknown
}

@test "badinput: bad global options before the command and in the environment" {
	sweep global
	sweep env
}

@test "badinput: book --batch refuses malformed request lines" {
	sweep batch
}

# The exit statuses and codes are the plain pass's to check; this one
# checks the form: one line, one JSON object with the code.
@test "badinput: with --format json every refusal is one JSON error line" {
	local c failed=0
	for c in operand option text unknown global; do
		sweep "$c" --format json || failed=1
	done
	[ "$failed" -eq 0 ]
}
