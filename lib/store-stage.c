/* store-stage.c - restore's staging: a backup copied into a directory of
 * its own beside the store to make, where it is opened and checked (by
 * lib/restore.c) before it is put in place, never over an existing store;
 * on any failure everything it made is taken back. No LMDB here: the
 * staged copy is opened as any store is. */
#define _GNU_SOURCE /* renameat2 */
#include "store-file.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	return errno_status(rc, dir);
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
	for (size_t i = 0; i < STORE_FILES; i++) {
		stage_file(st, store_files[i], f, sizeof f);
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

/* The stage's place for a store to be made at dir by `verb`: refused
 * when a store is there already. */
static berth_status stage_prepare(const char *dir, const char *verb,
				  store_stage **out)
{
	char data[4096];
	struct stat st, other;
	store_stage *sg;
	size_t len = strlen(dir);
	int rc;

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
	/* stat: a link to a directory is that directory, as store_open
	 * takes it; a link to nowhere is no directory. */
	if (stat(sg->dir, &st) == 0 || lstat(sg->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			stage_free(sg);
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s is not a directory", dir);
		}
		if (lstat(data, &other) == 0) {
			stage_free(sg);
			return berth_fail(BERTH_ALREADY_EXISTS,
					  "a store exists at %s already; "
					  "%s into a new --db",
					  dir, verb);
		}
		/* The files follow the directory, as store_open makes them. */
		sg->mode = store_file_mode(&st);
		snprintf(sg->path, STAGE_PATH, "%s/.%s-XXXXXX", sg->dir, verb);
	} else if (errno == ENOENT) {
		const char *base = strrchr(sg->dir, '/');
		sg->fresh = 1;
		sg->mode = 0600;
		snprintf(sg->path, STAGE_PATH, "%.*s.%s.%s-XXXXXX",
			 base ? (int)(base - sg->dir + 1) : 0, sg->dir,
			 base ? base + 1 : sg->dir, verb);
	} else {
		rc = errno;
		stage_free(sg);
		return errno_status(rc, dir);
	}
	*out = sg;
	return BERTH_OK;
}

/* The stage's directory, and the store's parents when it is new. */
static int stage_make(store_stage *sg)
{
	char parent[4096];
	const char *base = strrchr(sg->dir, '/');
	int rc;

	if (sg->fresh) {
		if (!base)
			snprintf(parent, sizeof parent, ".");
		else
			snprintf(parent, sizeof parent, "%.*s",
				 base == sg->dir ? 1 : (int)(base - sg->dir),
				 sg->dir);
		if ((rc = make_dirs(parent, &sg->made)))
			return rc;
	}
	return mkdtemp(sg->path) ? 0 : errno;
}

berth_status store_stage_empty(const char *dir, const char *verb,
			       store_stage **out)
{
	berth_status st = stage_prepare(dir, verb, out);
	int rc;

	if (st)
		return st;
	/* The store is made in the stage as store_open makes one, its
	 * files' modes following the directory's: a stage inside a group's
	 * directory is made group-writable as that one is, so the files
	 * linked out of it are the group's too. */
	if (!(rc = stage_make(*out)) && (*out)->mode == 0660 &&
	    chmod((*out)->path, 0770))
		rc = errno;
	if (rc) {
		restore_error(rc, (*out)->dir);
		store_stage_abort(*out);
		*out = NULL;
		return berth_last();
	}
	return BERTH_OK;
}

berth_status store_stage_new(const char *file, int fd, const char *dir,
			     store_stage **out)
{
	char data[4096];
	const char *name = file ? file : "standard input";
	struct stat st;
	store_stage *sg;
	off_t copied;
	int in = fd, rc;
	berth_status bs;

	if ((bs = stage_prepare(dir, "restore", &sg)))
		return bs;
	if (file && (in = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = errno;
		stage_free(sg);
		if (rc != ENOENT)
			return errno_status(rc, file);
		berth_fail(BERTH_NOT_FOUND, "%s: %s", file, strerror(rc));
		berth_detail_str("kind", "file");
		berth_detail_str("id", file);
		return BERTH_NOT_FOUND;
	}
	if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = EISDIR;
		goto fail;
	}
	if ((rc = stage_make(sg)))
		goto fail;
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
		sync_dir(from); /* the stage's entries */
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
