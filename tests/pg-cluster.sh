#!/bin/sh
# pg-cluster.sh - a throwaway PostgreSQL cluster for the tests (and the
# bench): initdb in DIR, a Unix socket in DIR/sock, no TCP at all
# (listen_addresses ''), trust for local connections, and fsync off: the
# cluster dies with the run, and durability is what the LMDB pass and the
# crash tests prove. PostgreSQL refuses to run as root, so as root the
# cluster belongs to the `postgres` user (runuser), as Debian's does.
#
#   sh tests/pg-cluster.sh start DIR   prints the socket directory
#   sh tests/pg-cluster.sh stop DIR    stops it and deletes DIR
#   sh tests/pg-cluster.sh restart DIR (the resilience tests)
set -u
cmd=${1:?usage: pg-cluster.sh start|stop|restart DIR} dir=${2:?DIR}
bin=${BERTH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/initdb" ] || { echo "pg-cluster: no initdb (install postgresql)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
	as() { runuser -u postgres -- "$@"; }
else
	as() { "$@"; }
fi
# The server gets no descriptor of ours: one it kept (bats' TAP on fd 3,
# a pipe of the runner's) would keep its reader waiting for as long as
# the server lives.
ctl() {
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w "$@" </dev/null \
		>/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
}
case $cmd in
start)
	mkdir -p "$dir/sock" || exit 1
	if [ "$(id -u)" -eq 0 ]; then
		chown -R postgres "$dir"
		# The postgres user must get through the (private, temporary)
		# directory the cluster is in: passing, not listing.
		chmod a+x "$(dirname "$dir")"
	fi
	as "$bin/initdb" -D "$dir/data" -U berth --auth=trust -E UTF8 \
		--locale=C >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	ctl -o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' \
-c fsync=off -c full_page_writes=off -c max_connections=300 \
-c shared_buffers=64MB" start || { cat "$dir/log" >&2; exit 1; }
	as "$bin/createdb" -h "$dir/sock" -U berth berth || exit 1
	echo "$dir/sock"
	;;
restart)
	ctl -m fast restart
	;;
stop)
	ctl -m immediate stop 2>/dev/null
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-cluster.sh start|stop|restart DIR" >&2
	exit 2
	;;
esac
