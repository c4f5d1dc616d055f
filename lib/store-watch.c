/* store-watch.c - waiting until the store may have changed, for the
 * commands that follow it (events --follow, notify): inotify on the data
 * file, which every commit writes (berth maps it read-only and LMDB writes
 * pages with pwrite, so each commit shows as a modification), with the
 * caller's timeout as the poll that covers a file system where inotify
 * says nothing (NFS) or a system without it. No busy loop either way.
 * On PostgreSQL, LISTEN on a connection of the store's own: each commit
 * that changed something notifies the store's channel (store-pg). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "internal.h"

struct berth_watch {
	int fd; /* -1: no inotify, the timeout alone */
	store *server; /* PostgreSQL: LISTEN/NOTIFY on a connection of its own */
};

berth_watch *berth_watch_open(berth_db *db)
{
	berth_watch *w = malloc(sizeof *w);
	char path[4096];

	if (!w)
		return NULL;
	w->server = NULL;
	if (store_is_server(db->s)) {
		w->server = db->s;
		w->fd = -1;
		return w;
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	snprintf(path, sizeof path, "%s/data.mdb", store_path(db->s));
	if (w->fd >= 0 && inotify_add_watch(w->fd, path, IN_MODIFY) < 0) {
		close(w->fd);
		w->fd = -1;
	}
	return w;
}

int berth_watch_wait(berth_watch *w, int ms)
{
	struct pollfd p = {.fd = w ? w->fd : -1, .events = POLLIN};
	char buf[4096];
	int rc;

	/* The listener may have been made again since (a server restart). */
	if (w && w->server)
		p.fd = store_watch_fd(w->server);
	rc = poll(&p, 1, ms);
	if (rc < 0)
		return errno == EINTR ? -1 : 0;
	if (rc == 0)
		return 0;
	if (w->server) {
		store_watch_drain(w->server);
		return 1;
	}
	/* Drained: a burst of writes is one wake-up. */
	while (read(w->fd, buf, sizeof buf) > 0)
		;
	return 1;
}

void berth_watch_close(berth_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}
