/* store-lmdb.c - the store over one LMDB environment (with
 * store-lmdb-txn.c, the only files that call LMDB): opening it, the
 * transaction runner, stats and backups. One environment directory, one
 * named sub-database a table, durable commits always (never any of LMDB's
 * no-sync flags: a command that exits 0 must survive a crash), and a
 * transaction runner that re-runs the caller's function after growing the
 * map. */
#define _GNU_SOURCE /* mkostemp */
#include "store-lmdb.h"
#include "store-file.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new store starts small and doubles on demand; BERTH_MAP_SIZE and
 * BERTH_MAP_MAX (bytes, with an optional K/M/G/T suffix) override both, so
 * tests can exercise growth and the limit. */
#define MAP_INITIAL (64ull << 20)
#define MAP_LIMIT   (64ull << 30)

/* Ours, outside LMDB's error range (-30799..-30780) and errno's. */
#define LOCK_BEHIND (-30000)

/* A bit a table in the masks of opened and absent tables. */
_Static_assert(T_COUNT <= 64, "more tables than the masks have bits");

const char *const store_table_names[T_COUNT] = {
    [T_META] = "meta",	       [T_RESOURCE] = "resource", [T_RESID] = "resid",
    [T_HOLD] = "hold",	       [T_BOOKING] = "booking",	  [T_SPAN] = "span",
    [T_PROFILE] = "profile",   [T_SEAT] = "seat",	  [T_EXPIRY] = "expiry",
    [T_POLICY] = "policy",     [T_IDEM] = "idem",	  [T_AUDIT] = "audit",
    [T_AUDIT_BY] = "audit_by", [T_DUE] = "due",		  [T_BYRES] = "byres",
    [T_HOURS] = "hours",       [T_HOLIDAY] = "holiday",	  [T_HOLIDAY_DAY] = "holiday_day",
    [T_TIMEOFF] = "timeoff",   [T_TIMEOFF_BY] = "timeoff_by",
    [T_SERVICE] = "service",   [T_EVENT] = "event",
    [T_NOTIFIER] = "notifier", [T_DELIVERY] = "delivery",
    [T_REACH] = "reach",       [T_BYCUST] = "bycust", [T_SERIES] = "series",
    [T_CUSTOMER] = "customer", [T_CUSTHIST] = "custhist",
    [T_WAITLIST] = "waitlist", [T_WAITDAY] = "waitday",
    [T_WAITDUE] = "waitdue",   [T_SVCPOLICY] = "svcpolicy",
};

/* LMDB's own failures as statuses; an errno, as store-file.c maps it. */
static berth_status map_error(int rc, const char *what)
{
	switch (rc) {
	case MDB_MAP_FULL:
	case MDB_TXN_FULL:
		return berth_fail(BERTH_STORE_FULL, "store is full (%s): %s",
				  what, mdb_strerror(rc));
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_INCOMPATIBLE:
	case MDB_BAD_VALSIZE:
	case MDB_CURSOR_FULL:
	case MDB_PAGE_FULL:
		return berth_fail(
		    BERTH_STORE_CORRUPT,
		    "store is damaged (%s): %s; restore it from a "
		    "backup (berth restore)",
		    what, mdb_strerror(rc));
	case MDB_READERS_FULL:
		return berth_fail(BERTH_STORE_LOCKED, "%s: %s", what,
				  mdb_strerror(rc));
	case MDB_PANIC:
		return berth_fail(BERTH_IO, "%s: %s", what, mdb_strerror(rc));
	case LOCK_BEHIND:
		return berth_fail(
		    BERTH_STORE_LOCKED,
		    "%s: the store's lock file is behind its data "
		    "(a process died opening it); nothing was "
		    "written. Retry once no berth process runs",
		    what);
	default:
		return errno_status(rc, what);
	}
}
/* Compares the data file's length with what its meta page says it holds.
 * A file cut short (a bad copy, a full disk under another program) would
 * otherwise be read through the mapping past its end: SIGBUS. The meta
 * page is read first and the length after, because a writer only ever
 * grows the file, and writes its pages before the meta page that names
 * them. */
static berth_status check_length(store *s)
{
	MDB_envinfo info;
	MDB_stat ms;
	mdb_filehandle_t fd;
	struct stat st;
	uint64_t need;
	int rc;

	if ((rc = mdb_env_info(s->env, &info)) ||
	    (rc = mdb_env_stat(s->env, &ms)) ||
	    (rc = mdb_env_get_fd(s->env, &fd)))
		return map_error(rc, s->path);
	need = ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
	if (fstat(fd, &st))
		return map_error(errno, s->path);
	if ((uint64_t)st.st_size >= need)
		return BERTH_OK;
	if (s->private)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "cut short: %llu bytes where its pages need "
				  "%llu",
				  (unsigned long long)st.st_size,
				  (unsigned long long)need);
	return berth_fail(BERTH_STORE_CORRUPT,
			  "%s/data.mdb is cut short: %llu bytes where its "
			  "pages need %llu; restore the store from a backup "
			  "(berth restore)",
			  s->path, (unsigned long long)st.st_size,
			  (unsigned long long)need);
}

static int env_open(store *s, int exists, uint64_t initial, unsigned flags)
{
	int rc;

	if (s->env)
		mdb_env_close(s->env);
	s->env = NULL;
	if ((rc = mdb_env_create(&s->env)))
		return rc;
	mdb_env_set_maxdbs(s->env, T_COUNT + 2);
	/* An existing store keeps the size recorded in it (another process
	 * may have grown it); only a new one gets the initial size. */
	if (!exists)
		mdb_env_set_mapsize(s->env, initial);
	return mdb_env_open(s->env, s->path, flags, (mode_t)s->file_mode);
}

static void lmdb_close(store *s);

berth_status store_lmdb_open(const char *path, int flags, store **out)
{
	struct stat st, dst;
	char data[4096], f[4096];
	uint64_t initial;
	int rc, exists, opener = -1, nolock = 0;
	int rdonly = !!(flags & (STORE_RDONLY | STORE_PRIVATE));
	unsigned mflags = MDB_NOTLS | MDB_NORDAHEAD;
	const char *ro;
	double timeout;
	berth_status bst;
	store *s;

	*out = NULL;
	if (snprintf(data, sizeof data, "%s/data.mdb", path) >=
	    (int)sizeof data - 16)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "store path too long");
	if ((bst = lock_timeout(&timeout)))
		return bst;
	exists = stat(data, &dst) == 0;
	if (!exists && errno != ENOENT)
		return map_error(errno, data);
	/* An empty data file is a store whose making was cut off before
	 * LMDB wrote anything: made afresh by init, refused by the rest. */
	if (exists && dst.st_size == 0) {
		if (!(flags & STORE_WRITE) || rdonly)
			return berth_fail(BERTH_STORE_CORRUPT,
					  "%s is empty; restore the store from "
					  "a backup (berth restore)",
					  data);
		exists = 0;
	}
	if (!exists && !(flags & STORE_WRITE)) {
		berth_fail(BERTH_NOT_FOUND, "no store at %s (run 'berth init')",
			   path);
		berth_detail_str("kind", "store");
		berth_detail_str("id", path);
		return BERTH_NOT_FOUND;
	}
	if (!exists && (rc = make_dirs(path, NULL)))
		return map_error(rc, path);
	if (stat(path, &st))
		return map_error(errno, path);
	if (!S_ISDIR(st.st_mode))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s is not a directory", path);
	if (!(flags & STORE_TRUST) && (bst = check_owner(path, &st)))
		return bst;
	if (!rdonly && (ro = read_only(path, exists ? &dst : NULL)))
		return berth_fail(BERTH_PERMISSION,
				  "the store at %s is read-only (%s): reading "
				  "commands work, writing ones are refused",
				  path, ro);

	s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	s->ops = &store_lmdb_ops;
	s->write_fd = -1;
	s->rdonly = rdonly;
	s->timeout = timeout;
	/* Files follow the directory: private unless someone made the
	 * directory group-writable to share the store. */
	s->file_mode = store_file_mode(&st);
	s->map_max = size_from_env("BERTH_MAP_MAX", MAP_LIMIT);
	initial = size_from_env("BERTH_MAP_SIZE", MAP_INITIAL);
	if (initial > s->map_max)
		initial = s->map_max;

	/* A private copy (restore checks a backup in a directory of its own)
	 * is opened by nobody else: no lock of any kind. */
	if (flags & STORE_PRIVATE) {
		s->private = 1;
		if ((rc =
			 env_open(s, 1, 0, mflags | MDB_RDONLY | MDB_NOLOCK))) {
			if (map_error(rc, path) == BERTH_STORE_CORRUPT)
				berth_fail(BERTH_STORE_CORRUPT, "%s",
					   mdb_strerror(rc));
			goto fail_status;
		}
		if ((bst = check_length(s)))
			goto fail_status;
		*out = s;
		return BERTH_OK;
	}

	/* LMDB sets lock.mdb up when the first process opens the store, and
	 * only afterwards records in it the newest transaction. A process
	 * killed in between (kill -9, the OOM killer) leaves the next opener
	 * a lock file that looks set up but says transaction 0, and its first
	 * write then starts from an old snapshot and overwrites acknowledged
	 * commits. Opening one process at a time closes that window: whoever
	 * opens after a death finds nobody else and sets lock.mdb up afresh. */
	if ((bst =
		 open_lock(s->path, s->file_mode, s->timeout, rdonly, &opener)))
		goto fail_status;
	/* LMDB's own writer lock is a mutex that cannot be given up on; a
	 * writer first takes this one, which can (store_run). */
	if (!rdonly) {
		snprintf(f, sizeof f, "%s/write.lock", path);
		if ((s->write_fd = store_file(f, O_RDWR, s->file_mode)) < 0) {
			bst = not_writable(errno, f);
			goto fail_status;
		}
	}
	snprintf(f, sizeof f, "%s/lock.mdb", path);
	rc = reserve_lock_file(f, s->file_mode);
	if (rc && !(rdonly && (rc == EACCES || rc == EROFS))) {
		bst = rdonly ? map_error(rc, f) : not_writable(rc, f);
		goto fail_status;
	}
	if ((bst = setup_lock_free(f, s->timeout)))
		goto fail_status;
	rc = env_open(s, exists, initial, mflags | (rdonly ? MDB_RDONLY : 0));
	if (rc == EACCES && rdonly && read_only(path, &dst)) {
		/* lock.mdb cannot be opened for writing, so we cannot enter
		 * LMDB's reader table. Reading without it (MDB_NOLOCK) is
		 * safe only because nobody can write this store: a writer
		 * reuses pages that no registered reader holds, and here
		 * there is none to reuse them. */
		rc = env_open(s, exists, initial,
			      mflags | MDB_RDONLY | MDB_NOLOCK);
		nolock = 1;
	}
	if (rc == EACCES && !rdonly) {
		bst = not_writable(rc, access(f, R_OK | W_OK) ? f : data);
		goto fail_status;
	}
	if (rc == EACCES && access(f, R_OK | W_OK)) {
		bst = berth_fail(BERTH_PERMISSION,
				 "%s cannot be opened for writing (%s): every "
				 "reader must register in it while the store "
				 "can be written",
				 f, strerror(rc));
		goto fail_status;
	}
	if (rc)
		goto fail;
	if (!exists) {
		mdb_filehandle_t fd;
		if (mdb_env_get_fd(s->env, &fd) == 0)
			fchmod(fd, (mode_t)s->file_mode);
	}
	if ((bst = check_length(s)))
		goto fail_status;
	/* Reader slots of processes that died (kill -9 mid-read) would pin
	 * old pages forever; clear them before we add our own. */
	if (!nolock)
		mdb_reader_check(s->env, NULL);
	if (opener >= 0)
		close(opener);
	*out = s;
	return BERTH_OK;
fail:
	map_error(rc, path);
fail_status:
	if (opener >= 0)
		close(opener);
	lmdb_close(s);
	return berth_last();
}

static void lmdb_close(store *s)
{
	if (!s)
		return;
	if (s->env)
		mdb_env_close(s->env);
	if (s->write_fd >= 0)
		close(s->write_fd);
	free(s->path);
	free(s);
}

static const char *lmdb_path(const store *s)
{
	return s->path;
}

/* Grows the map for a transaction that ran out of room, or says the limit
 * is reached. No transaction of ours may be open (LMDB's rule). */
static int grow(store *s)
{
	MDB_envinfo info;
	uint64_t size;

	mdb_env_info(s->env, &info);
	if (info.me_mapsize >= s->map_max)
		return 0;
	size = (uint64_t)info.me_mapsize * 2;
	if (size > s->map_max)
		size = s->map_max;
	return mdb_env_set_mapsize(s->env, size) == 0;
}

/* A write transaction takes its number from lock.mdb and its snapshot from
 * the meta page that number names. Should lock.mdb ever lag behind the
 * data file (see open_lock), writing would roll back acknowledged commits:
 * refuse instead, loudly. */
static int begin(store *s, int write, MDB_txn **txn)
{
	for (int tries = 0;; tries++) {
		MDB_envinfo info;
		int rc =
		    mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, txn);
		/* Another process grew the map: adopt its size and go on. */
		if (rc == MDB_MAP_RESIZED && tries < 8) {
			mdb_env_set_mapsize(s->env, 0);
			continue;
		}
		if (rc || !write)
			return rc;
		mdb_env_info(s->env, &info);
		if ((size_t)mdb_txn_id(*txn) != info.me_last_txnid + 1) {
			mdb_txn_abort(*txn);
			return LOCK_BEHIND;
		}
		return 0;
	}
}

/* A write transaction that fills the map is run again from the start
 * after the map grows: a batch's group of thousands of lines would be
 * decided twice (a tenth of a 100,000-line batch's work was such
 * reruns). So a map more than half used is grown before a writer begins,
 * while it is at least the default initial size: smaller maps are made on
 * purpose (BERTH_MAP_SIZE, the tests of growth) and grow only when full.
 * The file itself grows only as pages are written. */
static void grow_ahead(store *s)
{
	MDB_envinfo info;
	MDB_stat ms;

	if (mdb_env_info(s->env, &info) || mdb_env_stat(s->env, &ms) ||
	    info.me_mapsize < MAP_INITIAL ||
	    ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize <=
		(uint64_t)info.me_mapsize / 2)
		return;
	(void)grow(s);
}

static berth_status run(store *s, int write, store_fn fn, void *arg)
{
	if (write)
		grow_ahead(s);
	for (;;) {
		store_txn t = {.ops = &store_lmdb_ops, .s = s, .write = write};
		berth_status st;
		int rc;

		if ((rc = begin(s, write, &t.txn)))
			return map_error(rc, "begin transaction");
		berth_clear();
		st = fn(&t, arg);
		for (int i = 0; i < T_COUNT; i++)
			free(t.near[i]);
		if (st == BERTH_OK && !t.rc) {
			rc = mdb_txn_commit(t.txn);
			if (rc == 0) {
				s->open_mask |= t.open_mask;
				for (int i = 0; i < T_COUNT; i++)
					if (t.open_mask & ((uint64_t)1 << i))
						s->dbi[i] = t.dbi[i];
				return BERTH_OK;
			}
			t.rc = rc;
		} else {
			mdb_txn_abort(t.txn);
		}
		if (t.rc == MDB_MAP_FULL && grow(s))
			continue;
		if (t.rc)
			return map_error(t.rc, write ? "write" : "read");
		return st;
	}
}

static berth_status lmdb_run(store *s, int write, store_fn fn, void *arg)
{
	char f[4096];
	berth_status st;
	int rc;

	if (!write)
		return run(s, 0, fn, arg);
	if (s->rdonly)
		return berth_fail(BERTH_INTERNAL,
				  "a write to the store at %s, opened for "
				  "reading only (a bug)",
				  s->path);
	/* write.lock before LMDB's writer mutex, which cannot time out:
	 * whoever waits here can give up (store_open). */
	if ((rc = lock_wait(s->write_fd, s->timeout))) {
		snprintf(f, sizeof f, "%s/write.lock", s->path);
		return lock_failed(rc, s->write_fd, f, s->timeout, 0);
	}
	st = run(s, 1, fn, arg);
	flock(s->write_fd, LOCK_UN);
	return st;
}

static berth_status lmdb_get_stats(store *s, store_stats *out)
{
	MDB_envinfo info;
	MDB_stat ms;
	MDB_txn *txn;
	struct stat st;
	char data[4096];
	int rc;

	memset(out, 0, sizeof *out);
	out->kind = "lmdb";
	mdb_env_info(s->env, &info);
	mdb_env_stat(s->env, &ms);
	out->map_size = info.me_mapsize;
	out->map_used = (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize;
	out->map_limit = s->map_max;
	out->max_readers = info.me_maxreaders;
	out->readers = info.me_numreaders;
	/* The two meta pages and the catalogue of named tables. */
	out->data_bytes = (uint64_t)(2 + ms.ms_branch_pages + ms.ms_leaf_pages +
				     ms.ms_overflow_pages) * ms.ms_psize;
	snprintf(data, sizeof data, "%s/data.mdb", s->path);
	if (stat(data, &st) == 0)
		out->file_size = (uint64_t)st.st_size;
	if ((rc = begin(s, 0, &txn)))
		return map_error(rc, "stats");
	for (int i = 0; i < T_COUNT; i++) {
		MDB_dbi dbi;
		if (mdb_dbi_open(txn, store_table_names[i], 0, &dbi) == 0 &&
		    mdb_stat(txn, dbi, &ms) == 0) {
			out->entries[i] = ms.ms_entries;
			out->data_bytes += (uint64_t)(ms.ms_branch_pages +
						      ms.ms_leaf_pages +
						      ms.ms_overflow_pages) *
					   ms.ms_psize;
		}
	}
	mdb_txn_abort(txn);
	return BERTH_OK;
}

/* A compacted copy from one read transaction's snapshot: writers go on
 * meanwhile, and everything committed before it began is in the copy.
 * LMDB writes it in one pass, so a pipe will do. */
static int copy_to(store *s, int fd)
{
	struct stat st;
	int rc;

	/* Into a file, straight to the disk as mdb_copy writes it: LMDB
	 * writes whole aligned pages, so O_DIRECT takes them as they are;
	 * through the page cache the copy is written twice over (into the
	 * cache, then out by the fsync below), which measured 4-5 times as
	 * long as mdb_copy -c. A file system without O_DIRECT (tmpfs)
	 * refuses the flag and the copy goes the cached way. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		int fl = fcntl(fd, F_GETFL);
		if (fl != -1)
			(void)fcntl(fd, F_SETFL, fl | O_DIRECT);
	}
	rc = mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT);

	/* A pipe or a socket cannot be synced, and needs not be. */
	if (!rc && fsync(fd) && errno != EINVAL && errno != EROFS)
		rc = errno;
	return rc;
}

/* The directory a backup is written in, as the user named it: the
 * error is about that, not about the temporary file made in it. */
static void dir_of(const char *file, char *dir, size_t size)
{
	const char *slash = strrchr(file, '/');
	size_t n = slash ? (size_t)(slash - file) : 0;

	if (!slash)
		snprintf(dir, size, ".");
	else if (n == 0)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)n, file);
}

static berth_status backup_error(int rc, const char *file)
{
	char dir[4096];
	struct stat st;

	if (no_room(rc))
		return berth_fail(BERTH_STORE_FULL,
				  "no room for the backup %s: %s", file,
				  strerror(rc));
	switch (rc) {
	case ENOENT:
		dir_of(file, dir, sizeof dir);
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "cannot write %s: the directory %s does not "
				  "exist",
				  file, dir);
	case ENOTDIR:
		dir_of(file, dir, sizeof dir);
		if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "cannot write %s: %s is not a "
					  "directory",
					  file, dir);
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "cannot write %s: a part of %s is not a "
				  "directory",
				  file, dir);
	case EEXIST:
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "%s exists already; backup never overwrites",
				  file);
	default:
		return map_error(rc, file);
	}
}

static berth_status lmdb_backup(store *s, const char *file)
{
	char tmp[4096];
	struct stat st;
	int fd, rc;

	if (store_names_server(file))
		return store_copy_to(s, file);
	if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", file) >= (int)sizeof tmp)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "backup path too long");
	/* lstat: a symbolic link, even one to nowhere, is a file there. */
	if (lstat(file, &st) == 0)
		return backup_error(EEXIST, file);
	/* A name no file has yet: a stale one left by a killed backup is
	 * never written into (its tail would outlive the copy). */
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return backup_error(errno, file);
	if (fchmod(fd, (mode_t)s->file_mode)) {
		rc = errno;
		close(fd);
		unlink(tmp);
		return backup_error(rc, file);
	}
	rc = copy_to(s, fd);
	if (close(fd) && !rc)
		rc = errno;
	/* link() refuses to replace a file that appeared meanwhile. */
	if (!rc && link(tmp, file))
		rc = errno;
	unlink(tmp);
	if (rc)
		return backup_error(rc, file);
	return sync_dir(file);
}

static berth_status lmdb_backup_fd(store *s, int fd)
{
	int rc = copy_to(s, fd);

	return rc ? backup_error(rc, "standard output") : BERTH_OK;
}

static void lmdb_set_verbose(store *s, int on)
{
	(void)s, (void)on; /* nothing is retried that a user would see */
}

const struct store_ops store_lmdb_ops = {
    .close = lmdb_close,
    .path = lmdb_path,
    .set_verbose = lmdb_set_verbose,
    .run = lmdb_run,
    .get = lmdb_get,
    .count = lmdb_count,
    .put = lmdb_put,
    .del = lmdb_del,
    .clear = lmdb_clear,
    .failed = lmdb_failed,
    .writable = lmdb_writable,
    .cursor_open = lmdb_cursor_open,
    .cursor_near = lmdb_cursor_near,
    .seek = lmdb_seek,
    .seek_le = lmdb_seek_le,
    .first = lmdb_first,
    .next = lmdb_next,
    .prev = lmdb_prev,
    .cursor_close = lmdb_cursor_close,
    .stats = lmdb_get_stats,
    .backup = lmdb_backup,
    .backup_fd = lmdb_backup_fd,
};
