/* store-lmdb.c - the store over one LMDB environment: the only file that
 * calls LMDB. One environment directory, one named sub-database a table,
 * durable commits always (never any of LMDB's no-sync flags: a command that
 * exits 0 must survive a crash), and a transaction runner that re-runs the
 * caller's function after growing the map. */
#define _GNU_SOURCE /* renameat2 */
#include "store.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <fcntl.h>
#include <time.h>
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
	int rdonly;	/* opened for reading only; 2: a private copy */
	int nolock;	/* without lock.mdb: nobody can write (store_open) */
	int write_fd;	/* write.lock, held for each write transaction */
	double timeout; /* seconds any lock is waited for */
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
	case EFBIG:
	case EMLINK:
		return berth_fail(BERTH_STORE_FULL, "store is full (%s): %s",
				  what, mdb_strerror(rc));
	case EACCES:
	case EPERM:
	case EROFS:
		return berth_fail(BERTH_PERMISSION, "%s: %s", what,
				  mdb_strerror(rc));
	case ELOOP:
		return berth_fail(BERTH_PERMISSION,
				  "%s is a symbolic link: berth follows none "
				  "inside a store",
				  what);
	case EISDIR:
	case ENXIO:
		return berth_fail(BERTH_PERMISSION, "%s is not a regular file",
				  what);
	case ENOTDIR:
	case ENAMETOOLONG:
		return berth_fail(BERTH_INVALID_ARGUMENT, "%s: %s", what,
				  strerror(rc));
	case ENOENT:
		return berth_fail(BERTH_NOT_FOUND, "%s: %s", what,
				  strerror(rc));
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_INCOMPATIBLE:
	case MDB_BAD_VALSIZE:
	case MDB_CURSOR_FULL:
	case MDB_PAGE_FULL:
		return berth_fail(BERTH_STORE_CORRUPT,
				  "store is damaged (%s): %s; restore it from a "
				  "backup (berth restore)",
				  what, mdb_strerror(rc));
	case EAGAIN:
	case EBUSY:
	case ETXTBSY:
	case MDB_READERS_FULL:
		return berth_fail(BERTH_STORE_LOCKED, "%s: %s", what,
				  mdb_strerror(rc));
	case EIO:
	case MDB_PANIC:
	case EMFILE:
	case ENFILE:
	case ENODEV:
	case ENOLCK:
	case EOPNOTSUPP:
	case ESTALE:
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

/* BERTH_LOCK_TIMEOUT: how long any lock is waited for, in seconds
 * (fractions allowed; 0 tries once). */
static berth_status lock_timeout(double *out)
{
	const char *v = getenv("BERTH_LOCK_TIMEOUT");
	char *end;
	double d;

	*out = 30;
	if (!v || !*v)
		return BERTH_OK;
	errno = 0;
	d = strtod(v, &end);
	if (errno || end == v || *end || !(d >= 0 && d <= 1e6))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "BERTH_LOCK_TIMEOUT must be a number of "
				  "seconds from 0 to 1000000, not '%.40s'",
				  v);
	*out = d;
	return BERTH_OK;
}

/* mkdir -p, each directory it makes 0700: the store holds customers'
 * names. *made (when asked) is the length of the first prefix of path that
 * did not exist before, 0 when none was made: what to take back. */
static int make_dirs(const char *path, size_t *made)
{
	char *p = strdup(path);
	int rc = 0;

	if (made)
		*made = 0;
	if (!p)
		return ENOMEM;
	for (char *q = p + 1;; q++) {
		if (*q && *q != '/')
			continue;
		char c = *q;
		*q = '\0';
		if (mkdir(p, 0700) == 0) {
			if (made && !*made)
				*made = (size_t)(q - p);
		} else if (errno != EEXIST) {
			rc = errno;
		}
		*q = c;
		if (rc || !c)
			break;
	}
	free(p);
	return rc;
}

/* Takes back what make_dirs made: path and its parents, down to the
 * prefix of length `made`. */
static void unmake_dirs(const char *path, size_t made)
{
	char *p = made ? strdup(path) : NULL;

	while (p && strlen(p) >= made) {
		char *slash = strrchr(p, '/');
		/* The store directory itself may never have been made. */
		if ((rmdir(p) && errno != ENOENT) || !slash)
			break;
		*slash = '\0';
	}
	free(p);
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

/* Opens a file of the store, never through a symbolic link. With a mode,
 * a missing file is created with exactly that mode: the umask would trim
 * a group-shared store's 0660 to 0640 and lock the group out. -1 and errno
 * on failure. */
static int store_file(const char *file, int flags, int mode)
{
	int fd;

	if (mode) {
		fd = open(file, flags | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
			  (mode_t)mode);
		if (fd >= 0) {
			if (fchmod(fd, (mode_t)mode)) {
				int e = errno;
				close(fd);
				unlink(file);
				errno = e;
				return -1;
			}
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	return open(file, flags | O_CLOEXEC | O_NOFOLLOW);
}

/* The pid that /proc/locks (Linux) names as holding a flock on fd's file,
 * or 0 when it does not say. Lines with "->" are waiters, not holders. */
static long lock_holder(int fd)
{
	struct stat st;
	char line[256];
	long pid = 0;
	FILE *f;

	if (fstat(fd, &st) || !(f = fopen("/proc/locks", "re")))
		return 0;
	while (!pid && fgets(line, sizeof line, f)) {
		char type[16];
		unsigned maj, min;
		unsigned long long ino;
		long p;
		if (strstr(line, "->") ||
		    sscanf(line, "%*d: %15s %*s %*s %ld %x:%x:%llu", type, &p,
			   &maj, &min, &ino) != 5)
			continue;
		if (strcmp(type, "FLOCK") == 0 && p > 0 &&
		    maj == major(st.st_dev) && min == minor(st.st_dev) &&
		    ino == (unsigned long long)st.st_ino)
			pid = p;
	}
	fclose(f);
	return pid;
}

/* One try at a lock: 0 got it (or it is free), EWOULDBLOCK held by
 * someone else, else an errno. */
typedef int (*lock_try)(int fd);

static int try_flock(int fd)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	return errno == EINTR ? EWOULDBLOCK : errno;
}

/* The lock LMDB holds on lock.mdb's first byte while it sets the file up;
 * the pid of a process-associated (POSIX) holder in *pid. */
static int lmdb_setup_lock(int fd, long *pid)
{
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET,
			   .l_start = 0, .l_len = 1};

	if (fcntl(fd, F_OFD_GETLK, &fl) || fl.l_type == F_UNLCK)
		return 0; /* free, or we cannot tell: LMDB will wait */
	if (pid)
		*pid = fl.l_pid;
	return EWOULDBLOCK;
}

static int try_lmdb(int fd)
{
	return lmdb_setup_lock(fd, NULL);
}

/* Tries `try` until it succeeds or `timeout` seconds have passed. A
 * blocking flock or F_SETLKW cannot be given up on without a signal, and
 * a library has no business installing handlers, so the wait polls, from
 * 20 us doubling to 1 ms: short enough that a writer who frees the lock
 * is followed almost at once (bench/conc.sh measures it), long enough to
 * cost nothing. EWOULDBLOCK when the time ran out. */
static int wait_for(lock_try try, int fd, double timeout)
{
	struct timespec t0, now, pause = {0, 20000};
	int rc;

	if ((rc = try(fd)) != EWOULDBLOCK)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		double left;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout - (double)(now.tv_sec - t0.tv_sec) -
		       (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
		if (left <= 0)
			return EWOULDBLOCK;
		if (left * 1e9 < (double)pause.tv_nsec)
			pause.tv_nsec = (long)(left * 1e9) + 1;
		nanosleep(&pause, NULL);
		if ((rc = try(fd)) != EWOULDBLOCK)
			return rc;
		if (pause.tv_nsec < 1000000)
			pause.tv_nsec *= 2;
	}
}

/* Takes an exclusive flock on fd within `timeout` seconds. */
static int lock_wait(int fd, double timeout)
{
	return wait_for(try_flock, fd, timeout);
}

static berth_status lock_failed(int rc, int fd, const char *file,
				double timeout, long pid)
{
	if (rc != EWOULDBLOCK)
		return map_error(rc, file);
	if (pid > 0 || (pid = lock_holder(fd)) > 0)
		return berth_fail(BERTH_STORE_LOCKED,
				  "%s is held by pid %ld; gave up after %g s "
				  "(BERTH_LOCK_TIMEOUT)",
				  file, pid, timeout);
	return berth_fail(BERTH_STORE_LOCKED,
			  "%s is held by another process; gave up after %g s "
			  "(BERTH_LOCK_TIMEOUT)",
			  file, timeout);
}

/* LMDB maps lock.mdb after extending it with ftruncate, which allocates
 * nothing: on a full disk the first touch of the mapping is SIGBUS. A
 * missing lock file (a new store, a restored one, one someone deleted) is
 * allocated for real first, so a full disk is a clean STORE_FULL. 64 KiB
 * holds LMDB's table of about a thousand readers. An existing one is left
 * alone: LMDB has already grown it. */
static int reserve_lock_file(const char *f, int mode)
{
	int fd, rc;

	fd = open(f, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  (mode_t)mode);
	if (fd < 0)
		return errno == EEXIST ? 0 : errno;
	rc = fchmod(fd, (mode_t)mode) ? errno : posix_fallocate(fd, 0, 65536);
	close(fd);
	if (rc)
		unlink(f);
	return rc;
}

/* The store must be ours: see store.h. */
static berth_status check_owner(const char *path, const struct stat *dir)
{
	static const char *const files[] = {"data.mdb", "lock.mdb",
					    "open.lock", "write.lock"};
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

/* Why nobody can write the store at all, or NULL when someone may: its
 * data file has no write bit for anyone (chmod a-w says so, and berth
 * holds even root to it), or its file system is mounted read-only. */
static const char *read_only(const char *path, const struct stat *data)
{
	struct statvfs vfs;

	if (data && !(data->st_mode & 0222))
		return "its data.mdb has no write permission";
	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return "its file system is mounted read-only";
	return NULL;
}

/* A store file that a writer could not open for writing. */
static berth_status not_writable(int rc, const char *file)
{
	if (rc != EACCES && rc != EPERM && rc != EROFS)
		return map_error(rc, file);
	return berth_fail(BERTH_PERMISSION,
			  "the store is read-only to you: %s cannot be "
			  "written (%s); reading commands still work",
			  file, strerror(rc));
}

/* Takes the store's open.lock: see store_open. A reader that cannot
 * write the file locks it opened read-only (flock needs no write access),
 * or goes without when it cannot open it at all: then nobody who could
 * set lock.mdb up afresh can be racing it either. */
static berth_status open_lock(store *s, int rdonly, int *fd)
{
	char f[4096];
	int rc;

	snprintf(f, sizeof f, "%s/open.lock", s->path);
	*fd = store_file(f, O_RDWR, s->file_mode);
	if (*fd < 0 && rdonly &&
	    (errno == EACCES || errno == EPERM || errno == EROFS) &&
	    (*fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 &&
	    (errno == EACCES || errno == ENOENT))
		return BERTH_OK;
	if (*fd < 0)
		return rdonly ? map_error(errno, f) : not_writable(errno, f);
	if ((rc = lock_wait(*fd, s->timeout)))
		return lock_failed(rc, *fd, f, s->timeout, 0);
	return BERTH_OK;
}

/* As it opens, LMDB waits without end (F_SETLKW) while another process
 * holds lock.mdb's set-up lock. berth processes hold it one at a time
 * under open.lock, briefly; another LMDB program (mdb_stat, mdb_load, a
 * stopped process) may hold it as long as it likes. So it is waited for
 * here first, with the same bound as every other lock. */
static berth_status lmdb_lock_free(store *s, const char *f)
{
	int fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc;
	long pid = 0;

	if (fd < 0)
		return BERTH_OK; /* LMDB will say why */
	if ((rc = wait_for(try_lmdb, fd, s->timeout)) == EWOULDBLOCK)
		lmdb_setup_lock(fd, &pid);
	/* Closing drops no lock of ours: we hold none on it yet. */
	close(fd);
	return rc ? lock_failed(rc, -1, f, s->timeout, pid) : BERTH_OK;
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
	if (s->rdonly > 1)
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

berth_status store_open(const char *path, int flags, store **out)
{
	struct stat st, dst;
	char data[4096], f[4096];
	uint64_t initial;
	int rc, exists, opener = -1;
	int rdonly = !!(flags & (STORE_RDONLY | STORE_PRIVATE));
	unsigned mflags = MDB_NOTLS | MDB_NORDAHEAD;
	const char *ro;
	double timeout;
	berth_status bst;
	store *s;

	*out = NULL;
	if (snprintf(data, sizeof data, "%s/data.mdb", path) >=
	    (int)sizeof data - 16)
		return berth_fail(BERTH_INVALID_ARGUMENT, "store path too long");
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
	if (!exists && !(flags & STORE_WRITE))
		return berth_fail(BERTH_NOT_FOUND,
				  "no store at %s (run 'berth init')", path);
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
	s->write_fd = -1;
	s->rdonly = rdonly;
	s->timeout = timeout;
	/* Files follow the directory: private unless someone made the
	 * directory group-writable to share the store. */
	s->file_mode = (st.st_mode & S_IWGRP) ? 0660 : 0600;
	s->map_max = size_from_env("BERTH_MAP_MAX", MAP_LIMIT);
	initial = size_from_env("BERTH_MAP_SIZE", MAP_INITIAL);
	if (initial > s->map_max)
		initial = s->map_max;

	/* A private copy (restore checks a backup in a directory of its own)
	 * is opened by nobody else: no lock of any kind. */
	if (flags & STORE_PRIVATE) {
		s->rdonly = 2;
		if ((rc = env_open(s, 1, 0, mflags | MDB_RDONLY | MDB_NOLOCK))) {
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
	if ((bst = open_lock(s, rdonly, &opener)))
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
	if ((bst = lmdb_lock_free(s, f)))
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
		s->nolock = 1;
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
	if (!s->nolock)
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
	store_close(s);
	return berth_last();
}

void store_close(store *s)
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

static int put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen, unsigned flags)
{
	MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
	MDB_dbi dbi;
	int rc;

	if (!t->write && !t->rc)
		t->rc = EACCES;
	if (!table(t, tb, 1, &dbi))
		return 1;
	rc = mdb_put(t->txn, dbi, &k, &v, flags);
	if (rc == MDB_KEYEXIST && (flags & MDB_NOOVERWRITE))
		return 0;
	if (rc)
		t->rc = rc;
	return 1;
}

void store_put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen)
{
	put(t, tb, key, klen, val, vlen, 0);
}

int store_put_new(store_txn *t, store_table tb, const void *key, size_t klen,
		  const void *val, size_t vlen)
{
	return put(t, tb, key, klen, val, vlen, MDB_NOOVERWRITE);
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

static berth_status run(store *s, int write, store_fn fn, void *arg)
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

berth_status store_run(store *s, int write, store_fn fn, void *arg)
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

/* A compacted copy from one read transaction's snapshot: writers go on
 * meanwhile, and everything committed before it began is in the copy.
 * LMDB writes it in one pass, so a pipe will do. */
static int copy_to(store *s, int fd)
{
	int rc = mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT);

	/* A pipe or a socket cannot be synced, and needs not be. */
	if (!rc && fsync(fd) && errno != EINVAL && errno != EROFS)
		rc = errno;
	return rc;
}

/* A disk or a quota without room for what we write. */
static int no_room(int rc)
{
	return rc == ENOSPC || rc == EDQUOT || rc == EFBIG;
}

static berth_status backup_error(int rc, const char *file)
{
	if (no_room(rc))
		return berth_fail(BERTH_STORE_FULL, "no room for the backup %s: %s",
				  file, strerror(rc));
	switch (rc) {
	case ENOENT:
	case ENOTDIR:
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "cannot write %s: no such directory", file);
	case EEXIST:
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "%s exists already; backup never overwrites",
				  file);
	default:
		return map_error(rc, file);
	}
}

berth_status store_backup(store *s, const char *file)
{
	char tmp[4096];
	struct stat st;
	int fd, rc;

	if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", file, (long)getpid()) >=
	    (int)sizeof tmp)
		return berth_fail(BERTH_INVALID_ARGUMENT, "backup path too long");
	/* lstat: a symbolic link, even one to nowhere, is a file there. */
	if (lstat(file, &st) == 0)
		return backup_error(EEXIST, file);
	if ((fd = store_file(tmp, O_WRONLY, s->file_mode)) < 0)
		return backup_error(errno, file);
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

berth_status store_backup_fd(store *s, int fd)
{
	int rc = copy_to(s, fd);

	return rc ? backup_error(rc, "standard output") : BERTH_OK;
}

static berth_status restore_error(int rc, const char *dir)
{
	if (rc == EEXIST)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "a store appeared at %s meanwhile; nothing "
				  "was restored",
				  dir);
	if (no_room(rc))
		return berth_fail(BERTH_STORE_FULL,
				  "no room to restore into %s: %s", dir,
				  strerror(rc));
	return map_error(rc, dir);
}

#define STAGE_PATH (4096 + 4096 + 64)

struct store_stage {
	char *dir;   /* the store to make */
	char *path;  /* the stage: a directory of its own */
	size_t made; /* make_dirs made dir's parents from this prefix */
	int fresh;   /* dir did not exist: the stage becomes it */
	int mode;    /* of the files, as store_open would make them */
};

/* Copies in to the file out, synced. 0, or an errno. */
static int copy_file(int in, const char *out, int mode, off_t *len)
{
	char buf[65536];
	ssize_t n;
	int fd, rc = 0;

	*len = 0;
	if ((fd = store_file(out, O_WRONLY, mode)) < 0)
		return errno;
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				rc = errno;
			break;
		}
		*len += n;
		for (ssize_t off = 0, w; off < n; off += w)
			if ((w = write(fd, buf + off, (size_t)(n - off))) < 0) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				rc = errno;
				break;
			}
		if (rc)
			break;
	}
	if (!rc && fsync(fd))
		rc = errno;
	if (close(fd) && !rc)
		rc = errno;
	return rc;
}

static void stage_free(store_stage *st)
{
	free(st->dir);
	free(st->path);
	free(st);
}

static void stage_file(const store_stage *st, const char *name, char *buf,
		       size_t size)
{
	snprintf(buf, size, "%s/%s", st->path, name);
}

void store_stage_abort(store_stage *st)
{
	char f[4096];

	if (!st)
		return;
	/* What a store opened there leaves: its data and its lock files (a
	 * backup of an older format is upgraded in its stage). */
	static const char *const files[] = {"data.mdb", "lock.mdb",
					    "open.lock", "write.lock"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		stage_file(st, files[i], f, sizeof f);
		unlink(f);
	}
	rmdir(st->path);
	if (st->made)
		unmake_dirs(st->dir, st->made);
	stage_free(st);
}

const char *store_stage_path(const store_stage *st)
{
	return st->path;
}

berth_status store_stage_new(const char *file, int fd, const char *dir,
			 store_stage **out)
{
	char data[4096], parent[4096];
	const char *name = file ? file : "standard input";
	struct stat st;
	store_stage *sg;
	size_t len = strlen(dir);
	off_t copied;
	int in = fd, rc;

	*out = NULL;
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || len > 4000)
		return berth_fail(BERTH_INVALID_ARGUMENT, "bad store path");
	if (!(sg = calloc(1, sizeof *sg)) || !(sg->dir = strndup(dir, len)) ||
	    !(sg->path = malloc(STAGE_PATH))) {
		if (sg)
			stage_free(sg);
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	snprintf(data, sizeof data, "%s/data.mdb", sg->dir);
	if (lstat(sg->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			stage_free(sg);
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s is not a directory", dir);
		}
		if (lstat(data, &st) == 0) {
			stage_free(sg);
			return berth_fail(BERTH_ALREADY_EXISTS,
					  "a store exists at %s already; "
					  "restore into a new --db",
					  dir);
		}
		/* The files follow the directory, as store_open makes them. */
		sg->mode = (st.st_mode & S_IWGRP) ? 0660 : 0600;
		snprintf(sg->path, STAGE_PATH, "%s/.restore-XXXXXX", sg->dir);
	} else if (errno == ENOENT) {
		const char *base = strrchr(sg->dir, '/');
		sg->fresh = 1;
		sg->mode = 0600;
		if (!base)
			snprintf(parent, sizeof parent, ".");
		else
			snprintf(parent, sizeof parent, "%.*s",
				 base == sg->dir ? 1 : (int)(base - sg->dir),
				 sg->dir);
		snprintf(sg->path, STAGE_PATH, "%s/.%s.restore-XXXXXX", parent,
			 base ? base + 1 : sg->dir);
	} else {
		rc = errno;
		stage_free(sg);
		return map_error(rc, dir);
	}
	if (file && (in = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = errno;
		stage_free(sg);
		return rc == ENOENT ? berth_fail(BERTH_NOT_FOUND, "%s: %s", file,
						 strerror(rc))
				    : map_error(rc, file);
	}
	if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = EISDIR;
		goto fail;
	}
	if (sg->fresh && (rc = make_dirs(parent, &sg->made)))
		goto fail;
	if (!mkdtemp(sg->path)) {
		rc = errno;
		goto fail;
	}
	stage_file(sg, "data.mdb", data, sizeof data);
	if ((rc = copy_file(in, data, sg->mode, &copied)))
		goto fail;
	if (file)
		close(in);
	if (copied == 0) {
		store_stage_abort(sg);
		return berth_fail(BERTH_STORE_CORRUPT,
				  "%s is empty: not a backup", name);
	}
	*out = sg;
	return BERTH_OK;
fail:
	if (file)
		close(in);
	if (rc == EISDIR)
		berth_fail(BERTH_INVALID_ARGUMENT, "%s is a directory", name);
	else
		restore_error(rc, sg->dir);
	store_stage_abort(sg);
	return berth_last();
}

/* Syncs a directory itself: the entries made in it. */
static void sync_this_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

berth_status store_stage_commit(store_stage *st)
{
	char from[4096], to[4096], lock[4096];
	int rc, made_lock = 0;
	berth_status bs;

	stage_file(st, "data.mdb", from, sizeof from);
	snprintf(to, sizeof to, "%s/data.mdb", st->dir);
	/* lock.mdb allocated now (store_open's reserve_lock_file), so that a
	 * disk with room for the data but not for the lock file refuses the
	 * restore rather than the first command after it. */
	if (st->fresh) {
		stage_file(st, "lock.mdb", lock, sizeof lock);
		if ((rc = reserve_lock_file(lock, st->mode)))
			goto fail;
		sync_this_dir(st->path);
		/* The whole new directory at once, and never over one that
		 * appeared meanwhile. */
		if (renameat2(AT_FDCWD, st->path, AT_FDCWD, st->dir,
			      RENAME_NOREPLACE)) {
			rc = errno == ENOTEMPTY ? EEXIST : errno;
			goto fail;
		}
		bs = sync_dir(st->dir);
		stage_free(st);
		return bs;
	}
	snprintf(lock, sizeof lock, "%s/lock.mdb", st->dir);
	if (access(lock, F_OK)) {
		if ((rc = reserve_lock_file(lock, st->mode)))
			goto fail;
		made_lock = 1;
	}
	/* link() never replaces an existing data.mdb. */
	if (link(from, to)) {
		rc = errno;
		if (made_lock)
			unlink(lock);
		goto fail;
	}
	bs = sync_dir(to);
	store_stage_abort(st);
	return bs;
fail:
	restore_error(rc, st->dir);
	store_stage_abort(st);
	return berth_last();
}
