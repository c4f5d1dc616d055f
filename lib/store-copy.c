/* store-copy.c - a whole store copied into another of either kind, entry
 * by entry through store.h alone: LMDB to PostgreSQL (`berth --db DIR
 * backup postgresql://...`), PostgreSQL to an LMDB backup file, and a
 * backup restored into PostgreSQL. The copy reads in one transaction and
 * writes in one: the target gets the whole store, audit chain, counters
 * and store_id included, or nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-file.h"
#include "store-ops.h"
#include "store.h"

struct copy {
	store *from, *to;
	store_txn *src;
	uint64_t entries;
};

static berth_status write_all(store_txn *t, void *arg)
{
	struct copy *cp = arg;
	sval k, v;

	cp->entries = 0;
	/* A copy never overwrites: a target with anything in it is some
	 * store already. */
	if (store_count(t, T_META) || store_count(t, T_AUDIT))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "a store exists at %s already; copy into a "
				  "new one",
				  store_path(cp->to));
	for (int tb = 0; tb < T_COUNT && !store_failed(t); tb++) {
		store_cursor *c = store_cursor_open(cp->src, (store_table)tb);
		for (int ok = store_first(c, &k, &v); ok;
		     ok = store_next(c, &k, &v)) {
			if (!store_put_new(t, (store_table)tb, k.data, k.len,
					   v.data, v.len) &&
			    !store_failed(t)) {
				store_cursor_close(c);
				return berth_fail(BERTH_ALREADY_EXISTS,
						  "a store exists at %s "
						  "already; copy into a new "
						  "one",
						  store_path(cp->to));
			}
			cp->entries++;
		}
		store_cursor_close(c);
		if (store_failed(cp->src))
			return BERTH_INTERNAL; /* the reader's runner says */
	}
	return BERTH_OK;
}

static berth_status read_all(store_txn *t, void *arg)
{
	struct copy *cp = arg;

	cp->src = t;
	return store_run(cp->to, 1, write_all, cp);
}

static berth_status copy(store *from, store *to)
{
	struct copy cp = {from, to, NULL, 0};

	return store_run(from, 0, read_all, &cp);
}

/* The files an LMDB store made in dir, and dir. */
static void remove_store_dir(const char *dir)
{
	char f[4200];

	for (int i = 0; i < STORE_FILES; i++) {
		if (snprintf(f, sizeof f, "%.4096s/%s", dir, store_files[i]) <
		    (int)sizeof f)
			unlink(f);
	}
	rmdir(dir);
}

berth_status store_copy_to(store *from, const char *to)
{
	char dir[4096];
	struct stat st;
	berth_status bst;
	store *dst;

	if (store_names_server(to)) {
		if ((bst = store_open(to, STORE_WRITE, &dst)))
			return bst;
		bst = copy(from, dst);
		store_close(dst);
		return bst;
	}
	/* An LMDB backup file: the store made in a directory beside it,
	 * then written as any LMDB store's backup is. */
	if (lstat(to, &st) == 0)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "%s exists already; backup never overwrites",
				  to);
	if (snprintf(dir, sizeof dir, "%s.tmpXXXXXX", to) >= (int)sizeof dir)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "backup path too long");
	if (!mkdtemp(dir)) {
		const char *slash = strrchr(to, '/');
		/* Named as LMDB's backup names them: the directory the
		 * user gave, not our temporary one. */
		if (errno == ENOENT && slash && slash != to)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "cannot write %s: the directory %.*s "
					  "does not exist",
					  to, (int)(slash - to), to);
		if (errno == ENOTDIR && slash && slash != to) {
			char parent[4096];
			snprintf(parent, sizeof parent, "%.*s",
				 (int)(slash - to), to);
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  stat(parent, &st) == 0
					      ? "cannot write %s: %s is not a "
						"directory"
					      : "cannot write %s: a part of %s "
						"is not a directory",
					  to, parent);
		}
		return errno_status(errno, to);
	}
	if (!(bst = store_open(dir, STORE_WRITE | STORE_TRUST, &dst))) {
		if (!(bst = copy(from, dst)))
			bst = store_backup(dst, to);
		store_close(dst);
	}
	remove_store_dir(dir);
	return bst;
}

berth_status store_copy_to_fd(store *from, int fd)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	berth_status bst;
	store *dst;

	snprintf(dir, sizeof dir, "%s/berth-copy-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return errno_status(errno, dir);
	if (!(bst = store_open(dir, STORE_WRITE | STORE_TRUST, &dst))) {
		if (!(bst = copy(from, dst)))
			bst = store_backup_fd(dst, fd);
		store_close(dst);
	}
	remove_store_dir(dir);
	return bst;
}

berth_status store_copy_path(const char *from, const char *to)
{
	store *src;
	berth_status st;

	if ((st = store_open(from, STORE_PRIVATE | STORE_TRUST, &src)))
		return st;
	st = store_copy_to(src, to);
	store_close(src);
	return st;
}

/* A connection string with its password taken out, for messages; the
 * name of a directory as it is. Text alone, no libpq: the name may be
 * shown before anything is loaded. */
const char *store_shown_name(const char *name)
{
	static char buf[4096];
	const char *p = name, *at, *colon, *slash;
	size_t n = 0;

	if (!store_names_server(name))
		return name;
	/* URI userinfo: scheme://user:password@host */
	if ((slash = strstr(name, "://"))) {
		const char *auth = slash + 3, *end = auth + strcspn(auth, "/?");
		at = memchr(auth, '@', (size_t)(end - auth));
		colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			n = (size_t)snprintf(buf, sizeof buf, "%.*s",
					     (int)(colon - name), name);
			p = at;
		}
	}
	/* password=... as a URI parameter or a keyword. */
	while (*p && n < sizeof buf - 1) {
		if (strncmp(p, "password=", 9) == 0 &&
		    (p == name || p[-1] == '?' || p[-1] == '&' ||
		     p[-1] == ' ')) {
			n += (size_t)snprintf(buf + n, sizeof buf - n,
					      "password=***");
			p += 9;
			p += strcspn(p, "& ");
			continue;
		}
		buf[n++] = *p++;
	}
	buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
	return buf;
}
