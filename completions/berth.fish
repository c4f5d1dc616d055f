# fish completion for berth(1)
#
# Verbs, sub-verbs and options come from the binary being completed
# (berth --list-cmds, berth VERB --list-opts), live values from the store
# (resource names, policy keys), so this file never drifts from the build.
# Only value sets that the SPEC fixes (formats, roles, statuses) are here.

# __berth_ask BIN DB ARGS...: ask the binary, with the line's --db if any.
function __berth_ask
    set -l bin $argv[1]
    set -l db $argv[2]
    set -e argv[1..2]
    # fish reports an unknown command even with stderr redirected.
    command -q $bin; or return 127
    if test -n "$db"
        command $bin --db $db $argv 2>/dev/null </dev/null
    else
        command $bin $argv 2>/dev/null </dev/null
    end
end

# Options of a command level, without a trailing '='; with no --list-opts
# there (berth, berth resource), the global options of the usage line.
function __berth_opts
    set -l bin $argv[1]
    set -l db $argv[2]
    set -l cmd $argv[3..-1]
    set -l out
    if set -q cmd[1]
        set out (__berth_ask $bin $db $cmd --list-opts)
    else
        set out (__berth_ask $bin $db --list-opts)
    end
    if not set -q out[1]
        set out (__berth_ask $bin $db --help | string match -r '^usage:.*' |
            string replace -ra '[][]' ' ' | string split ' ' | string match -r -- '^--[a-z].*') --help
        set -q cmd[1]; or set -a out --version
    end
    printf '%s\n' $out | string replace -r '=$' '' | sort -u
end

# Options that take a value: '--name=' in --list-opts, '--name ARG' in --help.
function __berth_valopts
    set -l bin $argv[1]
    set -l db $argv[2]
    set -l cmd $argv[3..-1]
    begin
        if set -q cmd[1]
            __berth_ask $bin $db $cmd --list-opts
        end
        __berth_ask $bin $db $cmd --help
    end | string match -ra -- '--[a-z][a-z0-9-]*(?:=$| [A-Z])' |
        string replace -r '(=| [A-Z])$' '' | sort -u
end

function __berth_resources
    __berth_ask $argv[1] $argv[2] resource list --format tsv | tail -n +2 | cut -f1
end

# Ids of claims from `berth list` with the options after BIN DB (at most
# 500: a prompt is no place for a million bookings).
function __berth_ids
    __berth_ask $argv[1] $argv[2] list $argv[3..-1] --format tsv | tail -n +2 | cut -f1 | head -n 500
end

# The event types (berth-events(1): the audit's actions and the events
# they imply), and a pattern for each kind of entity.
function __berth_event_types
    printf '%s\n' hold.created hold.used hold.released hold.expired booking.created booking.confirmed booking.cancelled booking.rescheduled booking.checked_in booking.checkin_undone booking.marked_no_show booking.noshow_undone booking.expired booking.paid booking.payment_failed booking.refunded payment.updated resource.created resource.updated resource.removed resource.changed policy.set policy.unset hours.set hours.cleared holiday.created holiday.removed timeoff.created timeoff.removed service.created service.changed service.removed customer.created customer.changed customer.forgotten waitlist.created waitlist.offered waitlist.fulfilled waitlist.lapsed waitlist.expired waitlist.removed \
        'booking.*' 'hold.*' 'resource.*' 'customer.*' 'waitlist.*'
end

function __berth_complete
    set -l words (commandline -opc)
    set -l all (commandline -op)
    set -l cur (commandline -ct)
    set -l bin (string replace -r '^~' $HOME -- $words[1])
    set -l nw (count $words)

    # --db, --holds and --seats count wherever they are on the line (but
    # a --db being typed is not one yet).
    set -l db
    set -l holds 0
    set -l seats 0
    for i in (seq 2 (count $all))
        set -l w $all[$i]
        switch $w
            case '--db=*'
                test $i -le $nw; and set db (string replace -- '--db=' '' $w)
            case --db
                test $i -lt $nw; and set db $all[(math $i + 1)]
            case --holds
                set holds 1
            case --seats
                set seats 1
        end
    end
    set db (string replace -r '^~' $HOME -- $db)

    set -l verb
    set -l sub
    set -l subs
    set -l cmd
    set -l nops 0
    set -l first
    set -l expect 0
    set -l ended 0
    set -l valopts
    set -l scope -
    # execn: notify's command words after --exec so far (-1: no --exec).
    set -l execn -1
    for w in $words[2..-1]
        if test $execn -ge 0
            set execn (math $execn + 1)
            continue
        end
        if test $ended = 0; and test $expect = 0; and test "$verb" = notify; and test "$w" = --exec
            set execn 0
            continue
        end
        if test $expect = 1
            set expect 0
            continue
        end
        if test $ended = 0; and string match -qr -- '^--.' $w
            string match -q -- '*=*' $w; and continue
            if test "$scope" != "$cmd"
                set scope "$cmd"
                set valopts (__berth_valopts $bin "$db" $cmd)
            end
            contains -- $w $valopts; and set expect 1
            continue
        end
        if test $ended = 0; and test "$w" = -o
            set expect 1
            continue
        end
        if test $ended = 0; and test "$w" = --
            set ended 1
            continue
        end
        if test $ended = 0; and string match -qr -- '^-.' $w
            continue
        end
        if test -z "$verb"
            set verb $w
            set cmd $verb
            test "$verb" != help; and set subs (__berth_ask $bin "$db" $verb --list-cmds)
        else if set -q subs[1]; and test -z "$sub"
            set sub $w
            set -a cmd $sub
        else
            test $nops = 0; and set first $w
            set nops (math $nops + 1)
        end
    end

    # notify --exec CMD ARG...: everything after --exec is the command, a
    # program first, then its arguments (file names, mostly).
    if test $execn = 0
        complete -C "$cur" | string match -rv -- '^-'
        return
    else if test $execn -gt 0
        __fish_complete_path $cur
        return
    end

    # An option's value: --opt VALUE or --opt=VALUE.
    set -l opt
    set -l val $cur
    set -l pre ''
    if string match -qr -- '^--[^=]+=' $cur
        set opt (string replace -r '=.*' '' -- $cur)
        set val (string replace -r '^[^=]*=' '' -- $cur)
        set pre "$opt="
    else if test $expect = 1
        set opt $words[-1]
    end
    if test -n "$opt"
        set -l vals
        switch $opt
            case --db
                for d in (__fish_complete_directories "$val" "")
                    echo $pre$d
                end
                return
            case --format
                if test "$verb" = export
                    set vals yaml jsonl json
                else if test "$verb" = list; or test "$verb" = slots
                    set vals table json jsonl csv tsv ics
                else if test "$verb" = report
                    set vals table json jsonl csv tsv svg
                else
                    set vals table json jsonl csv tsv
                end
            case --role
                set vals customer staff admin system
            case --by
                set vals day hour weekday
            case --heatmap
                set vals auto always never
            case --status
                if test "$verb" = pay
                    set vals paid failed refunded
                else if test "$verb" = waitlist
                    set vals waiting offered fulfilled lapsed expired removed
                else if test $holds = 1
                    set vals active used released expired
                else
                    set vals pending confirmed cancelled expired attended no_show
                end
            case --payment
                set vals paid pending failed
            case --repeat
                set vals daily weekly monthly
            case --payment-method
                set vals none on_arrival online
            # The series the store has, from its bookings and holds.
            case --series
                set vals (begin
                    __berth_ask $bin "$db" list --columns series --format tsv
                    __berth_ask $bin "$db" list --holds --columns series --format tsv
                end | grep -x 's[0-9]*' | sort -u | head -n 500)
            case --resource --resources
                set vals (__berth_resources $bin "$db")
            case --service
                set vals (__berth_ask $bin "$db" service list --format tsv | tail -n +2 | cut -f1)
            case --customer
                set vals (__berth_ask $bin "$db" customer list --format tsv | tail -n +2 | cut -f1)
            case --type
                set vals (__berth_event_types)
            case --sort
                set vals start -start end id resource customer status quantity payment_status expires_at created_at updated_at
            case --columns -o
                # The command names its columns without opening the
                # store; --holds and --seats choose which.
                set -l flags
                test $holds = 1; and set -a flags --holds
                test $seats = 1; and set -a flags --seats
                set vals all (__berth_ask $bin "$db" $cmd $flags --list-columns)
        end
        for v in $vals
            echo $pre$v
        end
        return
    end

    if test $ended = 0; and string match -q -- '-*' $cur
        if set -q subs[1]; and test -z "$sub"
            __berth_opts $bin "$db" $verb
        else if test "$verb" != help
            __berth_opts $bin "$db" $cmd
        end
        return
    end

    if test -z "$verb"
        __berth_ask $bin "$db" --list-cmds
    else if test "$verb" = help
        test $nops = 0; and __berth_ask $bin "$db" --list-cmds | string match -v help
    else if set -q subs[1]; and test -z "$sub"
        printf '%s\n' $subs
        # audit takes an id as well as its commands (audit b7, audit verify).
        if test "$verb" = audit
            __berth_ids $bin "$db" --holds
            __berth_ids $bin "$db"
        end
    else if test $nops = 0
        switch "$cmd"
            case lock book availability slots 'resource show' 'resource set' 'resource rm' \
                'hours set' 'hours show' 'hours clear' 'timeoff add' 'timeoff list' \
                'waitlist add'
                __berth_resources $bin "$db"
            case 'holiday rm'
                __berth_ask $bin "$db" holiday list --format tsv | tail -n +2 | cut -f1
            case 'timeoff rm'
                __berth_ask $bin "$db" timeoff list --format tsv | tail -n +2 | cut -f1
            case 'waitlist show' 'waitlist rm'
                __berth_ask $bin "$db" waitlist list --format tsv | tail -n +2 | cut -f1
            case 'service show' 'service set' 'service rm'
                __berth_ask $bin "$db" service list --format tsv | tail -n +2 | cut -f1
            case 'customer show' 'customer set' 'customer forget'
                __berth_ask $bin "$db" customer list --format tsv | tail -n +2 | cut -f1
            case 'policy set' 'policy unset'
                __berth_ask $bin "$db" policy list --format tsv | tail -n +2 | cut -f1 | sort -u
            # What each verb's operand can be, from the store as it is now.
            case release
                __berth_ids $bin "$db" --holds --status active
            case confirm
                __berth_ids $bin "$db" --holds --status active
                __berth_ids $bin "$db" --status pending
            case cancel reschedule
                __berth_ids $bin "$db" --status pending
                __berth_ids $bin "$db" --status confirmed
            # A booking is marked from confirmed, and undone from its mark.
            case checkin noshow
                __berth_ids $bin "$db" --status confirmed
                __berth_ids $bin "$db" --status attended
                __berth_ids $bin "$db" --status no_show
            case pay
                __berth_ids $bin "$db"
            case 'events retry'
                # The events the default notifier gave up on.
                __berth_ask $bin "$db" events --dead --format tsv | tail -n +2 | cut -f1
            case show audit
                __berth_ids $bin "$db" --holds
                __berth_ids $bin "$db"
                # show names a waitlist entry too.
                if test "$verb" = show
                    __berth_ask $bin "$db" waitlist list --format tsv | tail -n +2 | cut -f1
                end
            case apply
                # The catalogue file (berth(5)).
                __fish_complete_path $cur
            case backup restore import
                # A file: the backup to write, or the one to restore.
                __fish_complete_path $cur
            case init check stats expire upgrade export notify report 'events prune'
                # no operands
        end
    else if test $nops = 1; and test "$cmd" = 'policy set'; and test "$first" = require_payment
        printf '%s\n' true false
    else if test "$cmd" = slots
        __berth_resources $bin "$db" # one resource or several
    end
end

complete -c berth -e
complete -c berth -f -a '(__berth_complete)'
