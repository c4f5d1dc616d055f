#!/bin/sh
# conc.sh K TOTAL [WHAT]: K loops of bench/loop.sh at once, TOTAL/K
# bookings each, all on r1 of $BERTH_DB. Fails if any loop failed.
k=$1 total=$2 what=${3:-berth}
here=$(dirname "$0")
i=0 pids=""
while [ $i -lt "$k" ]; do
	sh "$here/loop.sh" "$what" $((total / k)) . &
	pids="$pids $!"
	i=$((i + 1))
done
rc=0
for p in $pids; do
	wait "$p" || rc=1
done
exit $rc
