/* store-lmdb.c - the store over one LMDB environment: the only file that
 * calls LMDB. One environment directory, one named sub-database a table,
 * durable commits always (never any of LMDB's no-sync flags: a command that
 * exits 0 must survive a crash), and a transaction runner that re-runs the
 * caller's function after growing the map. */
#include "store.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

static const char *const table_names[T_COUNT] = {
	[T_META] = "meta",	   [T_RESOURCE] = "resource",
	[T_RESID] = "resid",	   [T_HOLD] = "hold",
	[T_BOOKING] = "booking",   [T_SPAN] = "span",
	[T_PROFILE] = "profile",   [T_SEAT] = "seat",
	[T_EXPIRY] = "expiry",	   [T_POLICY] = "policy",
	[T_IDEM] = "idem",	   [T_AUDIT] = "audit",
	[T_AUDIT_BY] = "audit_by", [T_DUE] = "due",
	[T_BYRES] = "byres",
};

/* A new store starts small and doubles on demand; BERTH_MAP_SIZE and
 * BERTH_MAP_MAX (bytes, with an optional K/M/G/T suffix) override both, so
 * tests can exercise growth and the limit. */
#define MAP_INITIAL (64ull << 20)
#define MAP_LIMIT (64ull << 30)

struct store {
	MDB_env *env;
	char *path;
	uint64_t map_max;
	MDB_dbi dbi[T_COUNT];
	unsigned open_mask; /* handles valid in the environment */
	int file_mode;
};

struct store_txn {
	store *s;
	MDB_txn *txn;
	int rc; /* the first LMDB failure; sticky */
	int write;
	unsigned open_mask;   /* handles opened or confirmed in this txn */
	unsigned absent_mask; /* tables that do not exist (read txn) */
	MDB_dbi dbi[T_COUNT];
};

struct store_cursor {
	store_txn *t;
	MDB_cursor *cur; /* NULL: the table is absent or failed */
};

/* Ours, outside LMDB's error range (-30799..-30780) and errno's. */
#define LOCK_BEHIND (-30000)

static berth_status map_error(int rc, const char *what)
{
	switch (rc) {
	case MDB_MAP_FULL:
	case MDB_TXN_FULL:
	case ENOSPC:
	case EDQUOT:
		return berth_fail(BERTH_STORE_FULL, "store is full (%s): %s",
				  what, mdb_strerror(rc));
	case EACCES:
	case EPERM:
	case EROFS:
		return berth_fail(BERTH_PERMISSION, "%s: %s", what,
				  mdb_strerror(rc));
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_INCOMPATIBLE:
	case MDB_BAD_VALSIZE:
		return berth_fail(BERTH_STORE_CORRUPT, "store is damaged (%s): %s",
				  what, mdb_strerror(rc));
	case EIO:
		return berth_fail(BERTH_IO, "%s: %s", what, mdb_strerror(rc));
	case LOCK_BEHIND:
		return berth_fail(BERTH_STORE_LOCKED,
				  "%s: the store's lock file is behind its data "
				  "(a process died opening it); nothing was "
				  "written. Retry once no berth process runs",
				  what);
	default:
		return berth_fail(BERTH_INTERNAL, "%s: %s", what,
				  mdb_strerror(rc));
	}
}

static uint64_t size_from_env(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v)
		return dflt;
	switch (*end) {
	case 'K': case 'k': n <<= 10; end++; break;
	case 'M': case 'm': n <<= 20; end++; break;
	case 'G': case 'g': n <<= 30; end++; break;
	case 'T': case 't': n <<= 40; end++; break;
	}
	if (*end || n < (1u << 16))
		return dflt;
	return n;
}

/* mkdir -p, each directory it makes 0700: the store holds customers' names. */
static int make_dirs(const char *path)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p)
		return ENOMEM;
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0700) && errno != EEXIST)
			rc = errno;
		*q = '/';
		if (rc)
			break;
	}
	if (!rc && mkdir(p, 0700) && errno != EEXIST)
		rc = errno;
	free(p);
	return rc;
}

/* The directory entry of a new file must reach the disk too, or a crash
 * can lose the file though its data was synced. */
static berth_status sync_dir(const char *file)
{
	char dir[4096], *slash;
	int fd, rc = 0;

	snprintf(dir, sizeof dir, "%s", file);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return BERTH_OK; /* cannot open it: nothing more we can do */
	if (fsync(fd) && errno != EINVAL)
		rc = errno;
	close(fd);
	return rc ? berth_fail(BERTH_IO, "%s: %s", dir, strerror(rc))
		  : BERTH_OK;
}

/* Takes the store's open.lock exclusively; closing the descriptor (or
 * dying) lets the next opener in. */
static int open_lock(const char *path, int mode, int *fd)
{
	char f[4096];

	snprintf(f, sizeof f, "%s/open.lock", path);
	if ((*fd = open(f, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			(mode_t)mode)) < 0)
		return errno;
	while (flock(*fd, LOCK_EX))
		if (errno != EINTR)
			return errno;
	return 0;
}

/* LMDB maps lock.mdb after extending it with ftruncate, which allocates
 * nothing: on a full disk the first touch of the mapping is SIGBUS. A new
 * store's lock file is allocated for real first, so a full disk is a clean
 * STORE_FULL. 64 KiB holds LMDB's table of about a thousand readers. */
static int reserve_lock_file(const char *path, int mode)
{
	char f[4096];
	int fd, rc;

	snprintf(f, sizeof f, "%s/lock.mdb", path);
	fd = open(f, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  (mode_t)mode);
	if (fd < 0)
		return errno == EEXIST ? 0 : errno;
	rc = posix_fallocate(fd, 0, 65536);
	close(fd);
	if (rc)
		unlink(f);
	return rc;
}

/* The store must be ours: see store.h. */
static berth_status check_owner(const char *path, const struct stat *dir)
{
	static const char *const files[] = {"data.mdb", "lock.mdb",
					    "open.lock"};
	struct stat st;
	char f[4096];

	if (dir->st_uid != geteuid())
		return berth_fail(BERTH_PERMISSION,
				  "%s belongs to another user (uid %ld); set "
				  "BERTH_TRUST_DB=1 to use it anyway",
				  path, (long)dir->st_uid);
	if ((dir->st_mode & S_IWOTH) && !(dir->st_mode & S_ISVTX))
		return berth_fail(BERTH_PERMISSION,
				  "%s is writable by anyone; chmod o-w it, or "
				  "set BERTH_TRUST_DB=1",
				  path);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(f, sizeof f, "%s/%s", path, files[i]);
		if (lstat(f, &st))
			continue;
		if (!S_ISREG(st.st_mode) || st.st_uid != dir->st_uid)
			return berth_fail(BERTH_PERMISSION,
					  "%s is not a regular file of the "
					  "store's owner (a symbolic link?); "
					  "set BERTH_TRUST_DB=1 to use it "
					  "anyway",
					  f);
	}
	return BERTH_OK;
}

berth_status store_open(const char *path, int flags, store **out)
{
	struct stat st;
	char data[4096];
	uint64_t initial;
	int rc, exists, opener = -1;
	store *s;

	*out = NULL;
	if (snprintf(data, sizeof data, "%s/data.mdb", path) >= (int)sizeof data)
		return berth_fail(BERTH_INVALID_ARGUMENT, "store path too long");
	exists = stat(data, &st) == 0;
	if (!exists && !(flags & STORE_WRITE)) {
		if (errno == EACCES)
			return berth_fail(BERTH_PERMISSION, "%s: %s", path,
					  strerror(errno));
		return berth_fail(BERTH_NOT_FOUND,
				  "no store at %s (run 'berth init')", path);
	}
	if (!exists && (rc = make_dirs(path)))
		return berth_fail(rc == EACCES ? BERTH_PERMISSION : BERTH_IO,
				  "cannot create %s: %s", path, strerror(rc));
	if (stat(path, &st))
		return berth_fail(BERTH_IO, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s is not a directory", path);
	if (!(flags & STORE_TRUST)) {
		berth_status bst = check_owner(path, &st);
		if (bst)
			return bst;
	}

	s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	/* Files follow the directory: private unless someone made the
	 * directory group-writable to share the store. */
	s->file_mode = (st.st_mode & S_IWGRP) ? 0660 : 0600;
	s->map_max = size_from_env("BERTH_MAP_MAX", MAP_LIMIT);
	initial = size_from_env("BERTH_MAP_SIZE", MAP_INITIAL);
	if (initial > s->map_max)
		initial = s->map_max;

	/* LMDB sets lock.mdb up when the first process opens the store, and
	 * only afterwards records in it the newest transaction. A process
	 * killed in between (kill -9, the OOM killer) leaves the next opener
	 * a lock file that looks set up but says transaction 0, and its first
	 * write then starts from an old snapshot and overwrites acknowledged
	 * commits. Opening one process at a time closes that window: whoever
	 * opens after a death finds nobody else and sets lock.mdb up afresh. */
	if ((rc = open_lock(path, s->file_mode, &opener)))
		goto fail;
	if (!exists && (rc = reserve_lock_file(path, s->file_mode)))
		goto fail;
	if ((rc = mdb_env_create(&s->env)))
		goto fail;
	mdb_env_set_maxdbs(s->env, T_COUNT + 2);
	/* An existing store keeps the size recorded in it (another process
	 * may have grown it); only a new one gets the initial size. */
	if (!exists)
		mdb_env_set_mapsize(s->env, initial);
	rc = mdb_env_open(s->env, path, MDB_NOTLS | MDB_NORDAHEAD,
			  s->file_mode);
	if (rc)
		goto fail;
	/* The umask trims the mode LMDB creates files with; a directory
	 * made group-writable to share the store means it, so say it again. */
	if (!exists && s->file_mode == 0660) {
		char lock[4096];
		snprintf(lock, sizeof lock, "%s/lock.mdb", path);
		chmod(data, 0660);
		chmod(lock, 0660);
	}
	/* Reader slots of processes that died (kill -9 mid-read) would pin
	 * old pages forever; clear them before we add our own. */
	mdb_reader_check(s->env, NULL);
	close(opener);
	*out = s;
	return BERTH_OK;
fail:
	if (opener >= 0)
		close(opener);
	map_error(rc, path);
	if (s->env)
		mdb_env_close(s->env);
	free(s->path);
	free(s);
	return berth_last();
}

void store_close(store *s)
{
	if (!s)
		return;
	mdb_env_close(s->env);
	free(s->path);
	free(s);
}

const char *store_path(const store *s)
{
	return s->path;
}

/* The handle of a table in this transaction, opening it on first use: a
 * command touches few tables, and opening all of them costs every process
 * a lookup per table. A table is created by the first write into it, never
 * by a read, so a write transaction that only read commits nothing. */
static int table(store_txn *t, store_table tb, int create, MDB_dbi *dbi)
{
	unsigned bit = 1u << tb;
	int rc;

	if (t->rc)
		return 0;
	if (t->open_mask & bit) {
		*dbi = t->dbi[tb];
		return 1;
	}
	if (t->s->open_mask & bit) {
		*dbi = t->s->dbi[tb];
		return 1;
	}
	if ((t->absent_mask & bit) && !create)
		return 0;
	rc = mdb_dbi_open(t->txn, table_names[tb], create ? MDB_CREATE : 0,
			  &t->dbi[tb]);
	if (rc == MDB_NOTFOUND) {
		t->absent_mask |= bit;
		return 0;
	}
	if (rc) {
		t->rc = rc;
		return 0;
	}
	t->absent_mask &= ~bit;
	t->open_mask |= bit;
	*dbi = t->dbi[tb];
	return 1;
}

int store_get(store_txn *t, store_table tb, const void *key, size_t klen,
	      sval *val)
{
	MDB_val k = {klen, (void *)key}, v;
	MDB_dbi dbi;
	int rc;

	if (!table(t, tb, 0, &dbi))
		return 0;
	rc = mdb_get(t->txn, dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc) {
		t->rc = rc;
		return 0;
	}
	val->data = v.mv_data;
	val->len = v.mv_size;
	return 1;
}

void store_put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen)
{
	MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (!table(t, tb, 1, &dbi))
		return;
	if ((rc = mdb_put(t->txn, dbi, &k, &v, 0)))
		t->rc = rc;
}

void store_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	MDB_val k = {klen, (void *)key};
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (!table(t, tb, 0, &dbi))
		return;
	rc = mdb_del(t->txn, dbi, &k, NULL);
	if (rc && rc != MDB_NOTFOUND)
		t->rc = rc;
}

void store_clear(store_txn *t, store_table tb)
{
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (table(t, tb, 0, &dbi) && (rc = mdb_drop(t->txn, dbi, 0)))
		t->rc = rc;
}

int store_failed(const store_txn *t)
{
	return t->rc != 0;
}

int store_writable(const store_txn *t)
{
	return t->write;
}

store_cursor *store_cursor_open(store_txn *t, store_table tb)
{
	store_cursor *c = calloc(1, sizeof *c);
	MDB_dbi dbi;
	int rc;

	if (!c) {
		if (!t->rc)
			t->rc = ENOMEM;
		return NULL;
	}
	c->t = t;
	if (table(t, tb, 0, &dbi) && (rc = mdb_cursor_open(t->txn, dbi, &c->cur)))
		t->rc = rc;
	return c;
}

static int step(store_cursor *c, MDB_val *k, MDB_cursor_op op, sval *key,
		sval *val)
{
	MDB_val v;
	int rc;

	if (!c || !c->cur || c->t->rc)
		return 0;
	rc = mdb_cursor_get(c->cur, k, &v, op);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc) {
		c->t->rc = rc;
		return 0;
	}
	if (key) {
		key->data = k->mv_data;
		key->len = k->mv_size;
	}
	if (val) {
		val->data = v.mv_data;
		val->len = v.mv_size;
	}
	return 1;
}

int store_seek(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v)
{
	MDB_val mk = {klen, (void *)key};
	return step(c, &mk, MDB_SET_RANGE, k, v);
}

int store_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
		  sval *v)
{
	MDB_val mk = {klen, (void *)key};
	sval got;

	if (step(c, &mk, MDB_SET_RANGE, &got, v)) {
		if (got.len == klen && memcmp(got.data, key, klen) == 0) {
			if (k)
				*k = got;
			return 1;
		}
		return step(c, &mk, MDB_PREV, k, v);
	}
	if (!c || !c->cur || c->t->rc)
		return 0;
	return step(c, &mk, MDB_LAST, k, v);
}

int store_first(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_FIRST, k, v);
}

int store_next(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_NEXT, k, v);
}

int store_prev(store_cursor *c, sval *k, sval *v)
{
	MDB_val mk;
	return step(c, &mk, MDB_PREV, k, v);
}

void store_cursor_close(store_cursor *c)
{
	if (!c)
		return;
	if (c->cur)
		mdb_cursor_close(c->cur);
	free(c);
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
		int rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY,
				       txn);
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

berth_status store_run(store *s, int write, store_fn fn, void *arg)
{
	for (;;) {
		store_txn t = {.s = s, .write = write};
		berth_status st;
		int rc;

		if ((rc = begin(s, write, &t.txn)))
			return map_error(rc, "begin transaction");
		berth_clear();
		st = fn(&t, arg);
		if (st == BERTH_OK && !t.rc) {
			rc = mdb_txn_commit(t.txn);
			if (rc == 0) {
				s->open_mask |= t.open_mask;
				for (int i = 0; i < T_COUNT; i++)
					if (t.open_mask & (1u << i))
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

berth_status store_get_stats(store *s, store_stats *out)
{
	MDB_envinfo info;
	MDB_stat ms;
	MDB_txn *txn;
	struct stat st;
	char data[4096];
	int rc;

	memset(out, 0, sizeof *out);
	mdb_env_info(s->env, &info);
	mdb_env_stat(s->env, &ms);
	out->map_size = info.me_mapsize;
	out->map_used = (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize;
	out->map_limit = s->map_max;
	out->max_readers = info.me_maxreaders;
	out->readers = info.me_numreaders;
	snprintf(data, sizeof data, "%s/data.mdb", s->path);
	if (stat(data, &st) == 0)
		out->file_size = (uint64_t)st.st_size;
	if ((rc = begin(s, 0, &txn)))
		return map_error(rc, "stats");
	for (int i = 0; i < T_COUNT; i++) {
		MDB_dbi dbi;
		if (mdb_dbi_open(txn, table_names[i], 0, &dbi) == 0 &&
		    mdb_stat(txn, dbi, &ms) == 0)
			out->entries[i] = ms.ms_entries;
	}
	mdb_txn_abort(txn);
	return BERTH_OK;
}

berth_status store_backup(store *s, const char *file)
{
	char tmp[4096];
	int fd, rc;

	if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", file, (long)getpid()) >=
	    (int)sizeof tmp)
		return berth_fail(BERTH_INVALID_ARGUMENT, "backup path too long");
	if (access(file, F_OK) == 0)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "%s exists already; backup never overwrites",
				  file);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, s->file_mode);
	if (fd < 0)
		return berth_fail(errno == EACCES ? BERTH_PERMISSION : BERTH_IO,
				  "cannot create %s: %s", tmp, strerror(errno));
	/* A read transaction's snapshot, compacted: writers go on meanwhile
	 * and everything committed before it began is in the copy. */
	rc = mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT);
	if (!rc && fsync(fd))
		rc = errno;
	if (close(fd) && !rc)
		rc = errno;
	/* link() refuses to replace a file that appeared meanwhile. */
	if (!rc && link(tmp, file))
		rc = errno;
	unlink(tmp);
	if (rc)
		return map_error(rc, file);
	return sync_dir(file);
}

berth_status store_restore(const char *file, const char *dir)
{
	char data[4096], tmp[4096], buf[65536];
	int in, out, rc = 0;
	ssize_t n;
	store *s;
	berth_status st;

	if (snprintf(data, sizeof data, "%s/data.mdb", dir) >= (int)sizeof data ||
	    snprintf(tmp, sizeof tmp, "%s/data.mdb.restore", dir) >=
		    (int)sizeof tmp)
		return berth_fail(BERTH_INVALID_ARGUMENT, "store path too long");
	if (access(data, F_OK) == 0)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "a store exists at %s already; restore into "
				  "a new --db",
				  dir);
	if ((in = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return berth_fail(errno == ENOENT ? BERTH_NOT_FOUND : BERTH_IO,
				  "%s: %s", file, strerror(errno));
	if ((rc = make_dirs(dir))) {
		close(in);
		return berth_fail(BERTH_IO, "cannot create %s: %s", dir,
				  strerror(rc));
	}
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		rc = errno;
		close(in);
		return berth_fail(BERTH_IO, "cannot create %s: %s", tmp,
				  strerror(rc));
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = errno ? errno : EIO;
			break;
		}
	if (n < 0)
		rc = errno;
	if (!rc && fsync(out))
		rc = errno;
	close(in);
	if (close(out) && !rc)
		rc = errno;
	if (!rc && rename(tmp, data))
		rc = errno;
	if (rc) {
		unlink(tmp);
		return map_error(rc, dir);
	}
	if ((st = sync_dir(data)))
		return st;
	/* It must open as a store; a file that is not one is taken back. */
	if ((st = store_open(dir, 0, &s))) {
		unlink(data);
		return st;
	}
	store_close(s);
	return BERTH_OK;
}
