/* store-file.h - the store's files and locks, apart from LMDB (see
 * store-file.c), for store-lmdb.c and store-stage.c only. */
#ifndef BERTH_STORE_FILE_H
#define BERTH_STORE_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "status.h"

/* The files a store's directory holds, and their mode: a directory its
 * group may write gets files its group may write (0660), else 0600. */
#define STORE_FILES 4
extern const char *const store_files[STORE_FILES];
int store_file_mode(const struct stat *dir);

/* An errno from the file system as a status. */
berth_status errno_status(int rc, const char *what);
/* A disk or a quota without room for what we write. */
int no_room(int rc);
/* A size in bytes from the environment (K, M, G, T suffixes), else dflt. */
uint64_t size_from_env(const char *name, uint64_t dflt);
/* BERTH_LOCK_TIMEOUT in seconds (default 30). */
berth_status lock_timeout(double *out);
/* NAME's value, seconds from 0 to max (dflt when unset or empty). */
berth_status env_seconds(const char *name, double dflt, double max,
			 double *out);
/* mkdir -p at 0700; *made: the prefix it made, for unmake_dirs. */
int make_dirs(const char *path, size_t *made);
void unmake_dirs(const char *path, size_t made);
/* fsync of the directory that holds file. */
berth_status sync_dir(const char *file);
/* A store file opened, never through a link; with mode, created with
 * exactly that mode. -1 and errno on failure. */
int store_file(const char *file, int flags, int mode);
/* An exclusive flock within timeout seconds: 0, EWOULDBLOCK, an errno. */
int lock_wait(int fd, double timeout);
/* STORE_LOCKED naming the holder where it is known (pid, or /proc/locks
 * for fd); another errno mapped. */
berth_status lock_failed(int rc, int fd, const char *file, double timeout,
			 long pid);
/* The store's open.lock taken (see store_open); *fd -1 when a reader
 * could not open it at all. */
berth_status open_lock(const char *path, int mode, double timeout, int rdonly,
		       int *fd);
/* Waits, within timeout, until no one holds lock.mdb's set-up lock. */
berth_status setup_lock_free(const char *f, double timeout);
/* lock.mdb allocated for real when missing: 0 or an errno. */
int reserve_lock_file(const char *f, int mode);
/* The store is ours: the directory's owner, its modes, its files. */
berth_status check_owner(const char *path, const struct stat *dir);
/* Why nobody can write the store at all, or NULL. */
const char *read_only(const char *path, const struct stat *data);
/* A store file a writer could not open for writing. */
berth_status not_writable(int rc, const char *file);

#endif
