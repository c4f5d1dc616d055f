/* store-file.c - the store's files and locks, apart from LMDB: making
 * its directory, opening its files safely, whose they are, whether anyone
 * can write them, and every lock wait with its bound (BERTH_LOCK_TIMEOUT).
 * store-lmdb.c (the environment) and store-stage.c (restore) share it. */
#define _GNU_SOURCE /* F_OFD_GETLK */
#include "store-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* An errno from the file system as a status: the SPEC code for what
 * happened, never INTERNAL for a thing a disk or a user can do. */
berth_status errno_status(int rc, const char *what)
{
	switch (rc) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
	case EMLINK:
		return berth_fail(BERTH_STORE_FULL, "store is full (%s): %s",
				  what, strerror(rc));
	case EACCES:
	case EPERM:
	case EROFS:
		return berth_fail(BERTH_PERMISSION, "%s: %s", what,
				  strerror(rc));
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
		berth_fail(BERTH_NOT_FOUND, "%s: %s", what, strerror(rc));
		berth_detail_str("kind", "file");
		berth_detail_str("id", what);
		return BERTH_NOT_FOUND;
	case EAGAIN:
	case EBUSY:
	case ETXTBSY:
		return berth_fail(BERTH_STORE_LOCKED, "%s: %s", what,
				  strerror(rc));
	case EIO:
	case EMFILE:
	case ENFILE:
	case ENODEV:
	case ENOLCK:
	case EOPNOTSUPP:
	case ESTALE:
		return berth_fail(BERTH_IO, "%s: %s", what, strerror(rc));
	default:
		return berth_fail(BERTH_INTERNAL, "%s: %s", what, strerror(rc));
	}
}

/* A disk or a quota without room for what we write. */
int no_room(int rc)
{
	return rc == ENOSPC || rc == EDQUOT || rc == EFBIG;
}

uint64_t size_from_env(const char *name, uint64_t dflt)
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
	case 'K':
	case 'k':
		n <<= 10;
		end++;
		break;
	case 'M':
	case 'm':
		n <<= 20;
		end++;
		break;
	case 'G':
	case 'g':
		n <<= 30;
		end++;
		break;
	case 'T':
	case 't':
		n <<= 40;
		end++;
		break;
	}
	if (*end || n < (1u << 16))
		return dflt;
	return n;
}

/* An environment variable of seconds (fractions allowed) from 0 to max;
 * dflt when it is unset or empty. */
berth_status env_seconds(const char *name, double dflt, double max,
			 double *out)
{
	const char *v = getenv(name);
	char *end;
	double d;

	*out = dflt;
	if (!v || !*v)
		return BERTH_OK;
	errno = 0;
	d = strtod(v, &end);
	if (errno || end == v || *end || !(d >= 0 && d <= max))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must be a number of seconds from 0 to "
				  "%.0f, not '%.40s'",
				  name, max, v);
	*out = d;
	return BERTH_OK;
}

/* BERTH_LOCK_TIMEOUT: how long any lock is waited for, in seconds
 * (fractions allowed; 0 tries once). */
berth_status lock_timeout(double *out)
{
	return env_seconds("BERTH_LOCK_TIMEOUT", 30, 1e6, out);
}

/* mkdir -p, each directory it makes 0700: the store holds customers'
 * names. *made (when asked) is the length of the first prefix of path that
 * did not exist before, 0 when none was made: what to take back. */
int make_dirs(const char *path, size_t *made)
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
void unmake_dirs(const char *path, size_t made)
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
berth_status sync_dir(const char *file)
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
int store_file(const char *file, int flags, int mode)
{
	int fd;

	if (mode) {
		fd = open(file,
			  flags | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
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
	struct flock fl = {
	    .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};

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
int lock_wait(int fd, double timeout)
{
	return wait_for(try_flock, fd, timeout);
}

berth_status lock_failed(int rc, int fd, const char *file, double timeout,
			 long pid)
{
	if (rc != EWOULDBLOCK)
		return errno_status(rc, file);
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
int reserve_lock_file(const char *f, int mode)
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

const char *const store_files[STORE_FILES] = {"data.mdb", "lock.mdb",
					      "open.lock", "write.lock"};

int store_file_mode(const struct stat *dir)
{
	return (dir->st_mode & S_IWGRP) ? 0660 : 0600;
}

/* The store must be ours: see store.h. */
berth_status check_owner(const char *path, const struct stat *dir)
{
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
	for (size_t i = 0; i < STORE_FILES; i++) {
		snprintf(f, sizeof f, "%s/%s", path, store_files[i]);
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
const char *read_only(const char *path, const struct stat *data)
{
	struct statvfs vfs;

	if (data && !(data->st_mode & 0222))
		return "its data.mdb has no write permission";
	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return "its file system is mounted read-only";
	return NULL;
}

/* A store file that a writer could not open for writing. */
berth_status not_writable(int rc, const char *file)
{
	if (rc != EACCES && rc != EPERM && rc != EROFS)
		return errno_status(rc, file);
	return berth_fail(BERTH_PERMISSION,
			  "the store is read-only to you: %s cannot be "
			  "written (%s); reading commands still work",
			  file, strerror(rc));
}

/* Takes the store's open.lock: see store_open. A reader that cannot
 * write the file locks it opened read-only (flock needs no write access),
 * or goes without when it cannot open it at all: then nobody who could
 * set lock.mdb up afresh can be racing it either. */
berth_status open_lock(const char *path, int mode, double timeout, int rdonly,
		       int *fd)
{
	char f[4096];
	int rc;

	snprintf(f, sizeof f, "%s/open.lock", path);
	*fd = store_file(f, O_RDWR, mode);
	if (*fd < 0 && rdonly &&
	    (errno == EACCES || errno == EPERM || errno == EROFS) &&
	    (*fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 &&
	    (errno == EACCES || errno == ENOENT))
		return BERTH_OK;
	if (*fd < 0)
		return rdonly ? errno_status(errno, f) : not_writable(errno, f);
	if ((rc = lock_wait(*fd, timeout)))
		return lock_failed(rc, *fd, f, timeout, 0);
	return BERTH_OK;
}

/* As it opens, LMDB waits without end (F_SETLKW) while another process
 * holds lock.mdb's set-up lock. berth processes hold it one at a time
 * under open.lock, briefly; another LMDB program (mdb_stat, mdb_load, a
 * stopped process) may hold it as long as it likes. So it is waited for
 * here first, with the same bound as every other lock. */
berth_status setup_lock_free(const char *f, double timeout)
{
	int fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc;
	long pid = 0;

	if (fd < 0)
		return BERTH_OK; /* LMDB will say why */
	if ((rc = wait_for(try_lmdb, fd, timeout)) == EWOULDBLOCK)
		lmdb_setup_lock(fd, &pid);
	/* Closing drops no lock of ours: we hold none on it yet. */
	close(fd);
	return rc ? lock_failed(rc, -1, f, timeout, pid) : BERTH_OK;
}
