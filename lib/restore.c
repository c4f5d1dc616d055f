/* restore.c - a new store from a backup, checked in full before it counts:
 * either the store that comes out checks clean, or the target is left as
 * it was. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Overbooking is no damage: a store whose capacity was lowered below what
 * it had booked is a sound store, and its backup restores (check then
 * says OVERBOOKED, as it did before). */
static berth_status verify(berth_txn *t, void *arg)
{
	(void)arg;
	return check_sound(t, NULL);
}

/* The staged copy, opened for reading only, checked in full. */
static berth_status check_stage(const char *path)
{
	berth_db *db;
	berth_status st =
	    berth_open(path, BERTH_OPEN_PRIVATE | BERTH_OPEN_TRUST, &db);

	if (!st) {
		st = berth_run(db, 0, verify, NULL);
		berth_close(db);
	}
	return st;
}

static berth_status upgrade(berth_txn *t, void *arg)
{
	(void)arg;
	return berth_upgrade(t);
}

/* A backup of an older format is upgraded in its staged copy (the backup
 * itself stays as it was): restore always makes a store this berth uses.
 * A newer one is refused by the upgrade as by everything else. */
static berth_status upgrade_stage(const char *path)
{
	berth_db *db;
	berth_status st = berth_open(path, BERTH_OPEN_TRUST, &db);

	if (!st) {
		berth_allow_any_format(db);
		st = berth_run(db, 1, upgrade, NULL);
		berth_close(db);
	}
	return st;
}

/* Into a PostgreSQL store: the backup is staged and checked in a
 * directory of its own, then copied into the server in one transaction. */
static berth_status restore_to_server(const char *file, int fd,
				      const char *url)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	store_stage *stage;
	berth_status st;

	snprintf(dir, sizeof dir, "%s/berth-restore-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return berth_fail(BERTH_IO, "cannot make %s: %s", dir,
				  strerror(errno));
	if (!(st = store_stage_new(file, fd, dir, &stage))) {
		st = check_stage(store_stage_path(stage));
		if (st == BERTH_STORE_FORMAT)
			st = upgrade_stage(store_stage_path(stage));
		if (!st)
			st = store_copy_path(store_stage_path(stage), url);
		store_stage_abort(stage);
	}
	rmdir(dir);
	return st;
}

berth_status berth_restore(const char *file, int fd, const char *dir)
{
	const char *name = file ? file : "the backup on standard input";
	store_stage *stage;
	berth_status st;

	if (store_names_server(dir))
		st = restore_to_server(file, fd, dir);
	else if ((st = store_stage_new(file, fd, dir, &stage)))
		return st;
	if (store_names_server(dir)) {
		if (st == BERTH_STORE_CORRUPT || st == BERTH_NOT_FOUND)
			st = berth_fail(BERTH_STORE_CORRUPT,
					"%s is not a sound berth backup; "
					"nothing was restored: %s",
					name, berth_message());
		return st;
	}
	/* The upgrade checks what it made, as a repair does. */
	st = check_stage(store_stage_path(stage));
	if (st == BERTH_STORE_FORMAT)
		st = upgrade_stage(store_stage_path(stage));
	switch (st) {
	case BERTH_OK:
		break;
	case BERTH_STORE_CORRUPT:
	case BERTH_NOT_FOUND:
	case BERTH_INVALID_ARGUMENT:
	case BERTH_PERMISSION:
		/* Whatever the copy was refused for, the copy is ours: it is
		 * the backup that is wrong. */
		st = berth_fail(BERTH_STORE_CORRUPT,
				"%s is not a sound berth backup; nothing was "
				"restored: %s",
				name, berth_message());
		break;
	case BERTH_STORE_FORMAT:
		st = berth_fail(BERTH_STORE_FORMAT,
				"%s: %s; nothing was restored", name,
				berth_message());
		break;
	default:
		break;
	}
	if (st) {
		store_stage_abort(stage);
		return st;
	}
	return store_stage_commit(stage);
}
