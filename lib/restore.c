/* restore.c - a new store from a backup, checked in full before it counts:
 * either the store that comes out checks clean, or the target is left as
 * it was. */
#include "internal.h"

/* Damage counts; overbooking does not: a store whose capacity was lowered
 * below what it had booked is a sound store, and its backup restores
 * (check then says OVERBOOKED, as it did before). */
static int count_damage(const berth_problem *p, void *arg)
{
	*(uint64_t *)arg += !p->overbooked;
	return 0;
}

static berth_status verify(berth_txn *t, void *arg)
{
	uint64_t all;

	*(uint64_t *)arg = 0;
	return berth_check(t, count_damage, arg, &all);
}

/* The staged copy, opened for reading only, checked in full. */
static berth_status check_stage(const char *path, uint64_t *problems)
{
	berth_db *db;
	berth_status st = berth_open(path,
				     BERTH_OPEN_PRIVATE | BERTH_OPEN_READONLY |
					     BERTH_OPEN_TRUST,
				     &db);

	if (!st) {
		st = berth_run(db, 0, verify, problems);
		berth_close(db);
	}
	return st;
}

static berth_status upgrade(berth_txn *t, void *arg)
{
	unsigned from;

	(void)arg;
	return berth_upgrade(t, &from);
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

berth_status berth_restore(const char *file, int fd, const char *dir)
{
	const char *name = file ? file : "the backup on standard input";
	store_stage *stage;
	uint64_t problems = 0;
	berth_status st;

	if ((st = store_stage_new(file, fd, dir, &stage)))
		return st;
	st = check_stage(store_stage_path(stage), &problems);
	if (st == BERTH_STORE_FORMAT &&
	    !(st = upgrade_stage(store_stage_path(stage))))
		st = check_stage(store_stage_path(stage), &problems);
	switch (st) {
	case BERTH_OK:
		if (problems)
			st = berth_fail(BERTH_STORE_CORRUPT,
					"%s fails berth check (%llu "
					"problem%s); nothing was restored",
					name, (unsigned long long)problems,
					problems == 1 ? "" : "s");
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
		st = berth_fail(BERTH_STORE_FORMAT, "%s: %s; nothing was restored",
				name, berth_message());
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
