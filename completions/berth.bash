# bash completion for berth(1)                              -*- shell-script -*-
#
# Verbs, sub-verbs and options come from the binary being completed
# (berth --list-cmds, berth VERB --list-opts), live values from the store
# (resource names, policy keys), so this file never drifts from the build.
# Only value sets that the SPEC fixes (formats, roles, statuses) are written
# here. Works with bash-completion loaded and without it.

# The binary the user is completing (./build/berth completes itself), with
# the --db they gave, if any. Never prints errors into the prompt.
_berth_ask()
{
	local bin=${_berth_bin:-berth}
	if [[ -n $_berth_db ]]; then
		command "$bin" --db "$_berth_db" "$@" 2>/dev/null </dev/null
	else
		command "$bin" "$@" 2>/dev/null </dev/null
	fi
}

# Options (one a line, without a trailing '=') of the command named by the
# arguments; none: the global ones, read from the usage line of --help.
_berth_opts()
{
	local out
	if (($#)); then
		out=$(_berth_ask "$@" --list-opts)
	else
		out=$(_berth_ask --list-opts)
	fi
	if [[ -z $out ]]; then
		# No --list-opts for this level (berth, berth resource): the
		# usage line names the global options.
		out=$(_berth_ask --help | sed -n '/^usage:/{s/[][]/ /g;p;q;}' |
			tr ' ' '\n' | grep -E -- '^--[a-z]')
		out+=$'\n--help'
		(($#)) || out+=$'\n--version'
	fi
	printf '%s\n' "$out" | sed 's/=$//' | sort -u
}

# Options that take a value: marked '--name=' by --list-opts, or shown with
# an argument ('--name ARG') by --help.
_berth_valopts()
{
	{
		if (($#)); then
			_berth_ask "$@" --list-opts
			_berth_ask "$@" --help
		else
			_berth_ask --help
		fi
	} | grep -oE -- '--[a-z][a-z0-9-]*(=$| [A-Z])' | sed -E 's/(=| [A-Z])$//' |
		sort -u
}

_berth_resources()
{
	_berth_ask resource list --format tsv | sed 1d | cut -f1
}

_berth_services()
{
	_berth_ask service list --format tsv | sed 1d | cut -f1
}

# Customers with a record (a claim may name others: those are typed).
_berth_customers()
{
	_berth_ask customer list --format tsv | sed 1d | cut -f1 | head -n 500
}

# Ids of claims, from `berth list` with the given options (at most 500:
# a prompt is no place for a million bookings).
_berth_ids()
{
	_berth_ask list "$@" --format tsv | sed 1d | cut -f1 | head -n 500
}

# The event types (berth-events(1): the audit's actions and the events
# they imply), and a pattern for each kind of entity.
_berth_event_types()
{
	printf '%s\n' hold.created hold.used hold.released hold.expired booking.created booking.confirmed booking.cancelled booking.rescheduled booking.checked_in booking.checkin_undone booking.marked_no_show booking.noshow_undone booking.expired booking.paid booking.payment_failed booking.refunded payment.updated resource.created resource.updated resource.removed resource.changed policy.set policy.unset hours.set hours.cleared holiday.created holiday.removed timeoff.created timeoff.removed service.created service.changed service.removed customer.created customer.changed customer.forgotten waitlist.created waitlist.offered waitlist.fulfilled waitlist.lapsed waitlist.expired waitlist.removed \
		'booking.*' 'hold.*' 'resource.*' 'customer.*' 'waitlist.*'
}

# Sets COMPREPLY to the words of $1 (one a line) that start with $cur.
_berth_reply()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_berth()
{
	local cur prev words cword
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur prev words cword
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		# Without bash-completion, '=' is a word of its own: join
		# "--db" "=" "dir" back into "--db=dir".
		local i j=0 w=()
		for ((i = 0; i < ${#words[@]}; i++)); do
			if [[ ${words[i]} == = && ${w[j - 1]} == --* && ${w[j - 1]} != *=* ]]; then
				w[j - 1]+==
				((i == COMP_CWORD)) && cword=$((j - 1))
				if ((i + 1 < ${#words[@]})) && [[ ${words[i + 1]} != -* ]]; then
					((i++))
					w[j - 1]+=${words[i]}
					((i == COMP_CWORD)) && cword=$((j - 1))
				fi
				continue
			fi
			((i == COMP_CWORD)) && cword=$j
			w[j++]=${words[i]}
		done
		words=("${w[@]}")
		cur=${words[cword]}
		prev=${words[cword - 1]}
	fi

	local _berth_bin=${words[0]/#\~/$HOME} _berth_db=""
	local verb="" sub="" subs="" nops=0 holds=0 seats=0 i w valopts="" valscope="-" first=""
	local -a cmd=()

	# --db, --holds and --seats count wherever they are on the line.
	for ((i = 1; i < ${#words[@]}; i++)); do
		case ${words[i]} in
		--db=*) ((i != cword)) && _berth_db=${words[i]#--db=} ;;
		--db) ((i + 1 != cword)) && _berth_db=${words[i + 1]} ;;
		--holds) holds=1 ;;
		--seats) seats=1 ;;
		esac
	done
	_berth_db=${_berth_db/#\~/$HOME}

	# Walk the words before the cursor: global options, the verb, its
	# sub-verb, options (skipping their values) and operands.
	# execn: notify's command words after --exec so far (-1: no --exec).
	local expect_value=0 ended=0 execn=-1
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if ((execn >= 0)); then
			((execn++))
			continue
		fi
		if ((!ended && !expect_value)) && [[ $verb == notify && $w == --exec ]]; then
			execn=0
			continue
		fi
		if ((expect_value)); then
			expect_value=0
			continue
		fi
		if ((!ended)) && [[ $w == --?* ]]; then
			[[ $w == *=* ]] && continue
			if [[ $valscope != "${cmd[*]}" ]]; then
				valscope="${cmd[*]}"
				valopts=$'\n'$(_berth_valopts "${cmd[@]}")$'\n'
			fi
			[[ $valopts == *$'\n'$w$'\n'* ]] && expect_value=1
			continue
		fi
		if ((!ended)) && [[ $w == -o ]]; then
			expect_value=1
			continue
		fi
		if ((!ended)) && [[ $w == -- ]]; then
			ended=1
			continue
		fi
		[[ $w == -?* ]] && ((!ended)) && continue
		if [[ -z $verb ]]; then
			verb=$w
			cmd=("$verb")
			[[ $verb != help ]] && subs=$(_berth_ask "$verb" --list-cmds)
		elif [[ -n $subs && -z $sub ]]; then
			sub=$w
			cmd+=("$sub")
		else
			((nops++ == 0)) && first=$w
		fi
	done

	# notify --exec CMD ARG...: everything after --exec is the command, a
	# program first, then its arguments (file names, mostly).
	if ((execn >= 0)); then
		local IFS=$'\n'
		if ((execn == 0)); then
			COMPREPLY=($(compgen -c -- "$cur" | sort -u))
		else
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return 0
	fi

	# The value of an option: --opt VALUE or --opt=VALUE.
	local opt="" val=$cur
	if [[ $cur == --?*=* ]]; then
		opt=${cur%%=*}
		val=${cur#*=}
	elif ((expect_value)); then
		opt=$prev
	fi
	if [[ -n $opt ]]; then
		local saved=$cur
		cur=$val
		case $opt in
		--db)
			if declare -F _filedir >/dev/null; then
				_filedir -d
			else
				compopt -o filenames 2>/dev/null
				local IFS=$'\n'
				COMPREPLY=($(compgen -d -- "$cur"))
			fi
			;;
		--format)
			if [[ $verb == export ]]; then
				_berth_reply $'yaml\njsonl\njson'
			elif [[ $verb == list || $verb == slots ]]; then
				_berth_reply $'table\njson\njsonl\ncsv\ntsv\nics'
			elif [[ $verb == report ]]; then
				_berth_reply $'table\njson\njsonl\ncsv\ntsv\nsvg'
			else
				_berth_reply $'table\njson\njsonl\ncsv\ntsv'
			fi
			;;
		--role) _berth_reply $'customer\nstaff\nadmin\nsystem' ;;
		--status)
			if [[ $verb == pay ]]; then
				_berth_reply $'paid\nfailed\nrefunded'
			elif [[ $verb == waitlist ]]; then
				_berth_reply $'waiting\noffered\nfulfilled\nlapsed\nexpired\nremoved'
			elif ((holds)); then
				_berth_reply $'active\nused\nreleased\nexpired'
			else
				_berth_reply $'pending\nconfirmed\ncancelled\nexpired\nattended\nno_show'
			fi
			;;
		--payment) _berth_reply $'paid\npending\nfailed' ;;
		--by) _berth_reply $'day\nhour\nweekday' ;;
		--heatmap) _berth_reply $'auto\nalways\nnever' ;;
		--repeat) _berth_reply $'daily\nweekly\nmonthly' ;;
		--payment-method) _berth_reply $'none\non_arrival\nonline' ;;
		# The series the store has, from its bookings and holds.
		--series)
			_berth_reply "$( (_berth_ask list --columns series --format tsv
				_berth_ask list --holds --columns series --format tsv) |
				grep -x 's[0-9]*' | sort -u | head -n 500)"
			;;
		--resource | --resources) _berth_reply "$(_berth_resources)" ;;
		--service) _berth_reply "$(_berth_services)" ;;
		--customer) _berth_reply "$(_berth_customers)" ;;
		--type) _berth_reply "$(_berth_event_types)" ;;
		--sort)
			_berth_reply $'start\n-start\nend\nid\nresource\ncustomer\nstatus\nquantity\npayment_status\nexpires_at\ncreated_at\nupdated_at'
			;;
		--columns | -o)
			# The command names its columns without opening the
			# store; --holds and --seats choose which.
			local flags=()
			((holds)) && flags+=(--holds)
			((seats)) && flags+=(--seats)
			_berth_reply "all
$(_berth_ask "${cmd[@]}" "${flags[@]}" --list-columns)"
			;;
		*) COMPREPLY=() ;;
		esac
		# Where '=' does not break words, bash replaces "--opt=value".
		if [[ $saved == --?*=* && $COMP_WORDBREAKS != *=* ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
		fi
		return 0
	fi

	if [[ $cur == -* ]] && ((!ended)); then
		if [[ -n $subs && -z $sub ]]; then
			_berth_reply "$(_berth_opts "$verb")"
		elif [[ $verb == help ]]; then
			COMPREPLY=()
		else
			_berth_reply "$(_berth_opts "${cmd[@]}")"
		fi
		return 0
	fi

	if [[ -z $verb ]]; then
		_berth_reply "$(_berth_ask --list-cmds)"
	elif [[ $verb == help ]]; then
		((nops == 0)) && _berth_reply "$(_berth_ask --list-cmds | grep -vx help)"
	elif [[ -n $subs && -z $sub ]]; then
		# audit takes an id as well as its commands (audit b7, audit verify).
		if [[ $verb == audit ]]; then
			_berth_reply "$subs"$'\n'"$(_berth_ids --holds; _berth_ids)"
		else
			_berth_reply "$subs"
		fi
	elif ((nops == 0)); then
		case $verb${sub:+ $sub} in
		lock | book | availability | slots | "resource show" | "resource set" | "resource rm" | \
			"hours set" | "hours show" | "hours clear" | "timeoff add" | "timeoff list" | \
			"waitlist add")
			_berth_reply "$(_berth_resources)"
			;;
		"waitlist show" | "waitlist rm")
			_berth_reply "$(_berth_ask waitlist list --format tsv | sed 1d | cut -f1)"
			;;
		"holiday rm") _berth_reply "$(_berth_ask holiday list --format tsv | sed 1d | cut -f1)" ;;
		"timeoff rm") _berth_reply "$(_berth_ask timeoff list --format tsv | sed 1d | cut -f1)" ;;
		"service show" | "service set" | "service rm") _berth_reply "$(_berth_services)" ;;
		"customer show" | "customer set" | "customer forget") _berth_reply "$(_berth_customers)" ;;
		"policy set" | "policy unset")
			_berth_reply "$(_berth_ask policy list --format tsv | sed 1d | cut -f1 | sort -u)"
			;;
		# What each verb's operand can be, from the store as it is now.
		release) _berth_reply "$(_berth_ids --holds --status active)" ;;
		confirm)
			_berth_reply "$(_berth_ids --holds --status active
				_berth_ids --status pending)"
			;;
		cancel | reschedule)
			_berth_reply "$(_berth_ids --status pending
				_berth_ids --status confirmed)"
			;;
		# A booking is marked from confirmed, and undone from its mark.
		checkin | noshow)
			_berth_reply "$(_berth_ids --status confirmed
				_berth_ids --status attended
				_berth_ids --status no_show)"
			;;
		pay) _berth_reply "$(_berth_ids)" ;;
		# The events the default notifier gave up on.
		"events retry") _berth_reply "$(_berth_ask events --dead --format tsv | sed 1d | cut -f1)" ;;
		audit) _berth_reply "$(_berth_ids --holds; _berth_ids)" ;;
		# show names a hold, a booking or a waitlist entry.
		show)
			_berth_reply "$(_berth_ids --holds; _berth_ids
				_berth_ask waitlist list --format tsv | sed 1d | cut -f1)"
			;;
		apply)
			# The catalogue file (berth(5)); - reads stdin.
			compopt -o filenames 2>/dev/null
			local IFS=$'\n'
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		backup | restore | import)
			# A file: the backup to write, or the one to restore.
			compopt -o filenames 2>/dev/null
			local IFS=$'\n'
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		init | check | stats | expire | upgrade | export | notify | report | "events prune") COMPREPLY=() ;; # no operands
		esac
	elif ((nops == 1)) && [[ "$verb $sub" == "policy set" && $first == require_payment ]]; then
		_berth_reply $'true\nfalse'
	elif [[ $verb == slots ]]; then
		_berth_reply "$(_berth_resources)" # one resource or several
	fi
	return 0
}
complete -F _berth berth

# ex: filetype=sh noexpandtab
