/* store.c - store.h's calls, passed to the store behind the handle: the
 * LMDB environment of a directory, or a PostgreSQL database. Which one is
 * decided once, by the name the store is opened with (store_names_server);
 * everything above store.h is the same for both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-ops.h"
#include "store.h"

#define OPS(h) (((const struct store_head *)(const void *)(h))->ops)

/* BERTH_STORE_COUNTS set: every B-tree operation the process asks of its
 * store is counted here, by table and kind, and the counts are written to
 * stderr when the store is closed, so the cost of a command (a booking of
 * a batch) can be read as operations rather than guessed from a profile.
 * A cursor's steps are counted by kind only: the cursor does not say its
 * table. Counting is a few additions a call, on or off. */
enum { C_GET, C_PUT, C_NEW, C_DEL, C_OPEN, C_KINDS };
enum { S_SEEK, S_SEEK_LE, S_FIRST, S_NEXT, S_PREV, S_KINDS };
static uint64_t op_count[T_COUNT][C_KINDS], step_count[S_KINDS];

static void counts_print(void)
{
	static const char *const kinds[C_KINDS] = {"get", "put", "put_new",
						   "del", "cursor"};
	static const char *const steps[S_KINDS] = {"seek", "seek_le", "first",
						   "next", "prev"};
	const char *v = getenv("BERTH_STORE_COUNTS");

	if (!v || !*v)
		return;
	for (int tb = 0; tb < T_COUNT; tb++)
		for (int k = 0; k < C_KINDS; k++)
			if (op_count[tb][k])
				fprintf(stderr, "berth: store: %s %s %llu\n",
					store_table_names[tb],
					kinds[k],
					(unsigned long long)op_count[tb][k]);
	for (int k = 0; k < S_KINDS; k++)
		if (step_count[k])
			fprintf(stderr, "berth: store: cursor %s %llu\n",
				steps[k], (unsigned long long)step_count[k]);
	memset(op_count, 0, sizeof op_count);
	memset(step_count, 0, sizeof step_count);
}

/* libpq's own keywords that may begin a keyword string ("host=... dbname=
 * ..."): a directory of that name must be written ./host=..., as the man
 * page says. A URI is told by its scheme, which no relative path has
 * (a colon and two slashes) unless written so on purpose. */
static const char *const conn_keywords[] = {
    "host",	"hostaddr", "port",	    "dbname",	       "user",
    "service", "sslmode",  "passfile", "connect_timeout", "options",
    "application_name", "target_session_attrs",
};

int store_names_server(const char *name)
{
	size_t n;

	if (!name)
		return 0;
	if (strncmp(name, "postgresql://", 13) == 0 ||
	    strncmp(name, "postgres://", 11) == 0)
		return 1;
	for (size_t i = 0; i < sizeof conn_keywords / sizeof *conn_keywords;
	     i++) {
		n = strlen(conn_keywords[i]);
		if (strncmp(name, conn_keywords[i], n) == 0 &&
		    (name[n] == '=' || name[n] == ' '))
			return 1;
	}
	return 0;
}

berth_status store_open(const char *path, int flags, store **out)
{
	if (store_names_server(path))
		return store_pg_open(path, flags, out);
	return store_lmdb_open(path, flags, out);
}

int store_is_server(const store *s)
{
	return OPS(s) == &store_pg_ops;
}

void store_close(store *s)
{
	if (s) {
		counts_print();
		OPS(s)->close(s);
	}
}

const char *store_path(const store *s)
{
	return OPS(s)->path(s);
}

void store_set_verbose(store *s, int on)
{
	OPS(s)->set_verbose(s, on);
}

berth_status store_run(store *s, int write, store_fn fn, void *arg)
{
	return OPS(s)->run(s, write, fn, arg);
}

int store_get(store_txn *t, store_table tb, const void *key, size_t klen,
	      sval *val)
{
	op_count[tb][C_GET]++;
	return OPS(t)->get(t, tb, key, klen, val);
}

uint64_t store_count(store_txn *t, store_table tb)
{
	return OPS(t)->count(t, tb);
}

void store_put(store_txn *t, store_table tb, const void *key, size_t klen,
	       const void *val, size_t vlen)
{
	op_count[tb][C_PUT]++;
	OPS(t)->put(t, tb, key, klen, val, vlen, 0);
}

int store_put_new(store_txn *t, store_table tb, const void *key, size_t klen,
		  const void *val, size_t vlen)
{
	op_count[tb][C_NEW]++;
	return OPS(t)->put(t, tb, key, klen, val, vlen, 1);
}

void store_del(store_txn *t, store_table tb, const void *key, size_t klen)
{
	op_count[tb][C_DEL]++;
	OPS(t)->del(t, tb, key, klen);
}

void store_clear(store_txn *t, store_table tb)
{
	OPS(t)->clear(t, tb);
}

void store_release(store_txn *t)
{
	if (OPS(t)->release)
		OPS(t)->release(t);
}

int store_failed(const store_txn *t)
{
	return OPS(t)->failed(t);
}

int store_writable(const store_txn *t)
{
	return OPS(t)->writable(t);
}

store_cursor *store_cursor_open(store_txn *t, store_table tb)
{
	op_count[tb][C_OPEN]++;
	return OPS(t)->cursor_open(t, tb);
}

store_cursor *store_cursor_near(store_txn *t, store_table tb)
{
	op_count[tb][C_OPEN]++;
	return OPS(t)->cursor_near(t, tb);
}

/* A cursor that could not be made (out of memory) is NULL: every step on
 * it is the end, and the transaction has failed already. */
int store_seek(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v)
{
	step_count[S_SEEK]++;
	return c ? OPS(c)->seek(c, key, klen, k, v) : 0;
}

int store_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
		  sval *v)
{
	step_count[S_SEEK_LE]++;
	return c ? OPS(c)->seek_le(c, key, klen, k, v) : 0;
}

int store_first(store_cursor *c, sval *k, sval *v)
{
	step_count[S_FIRST]++;
	return c ? OPS(c)->first(c, k, v) : 0;
}

int store_next(store_cursor *c, sval *k, sval *v)
{
	step_count[S_NEXT]++;
	return c ? OPS(c)->next(c, k, v) : 0;
}

int store_prev(store_cursor *c, sval *k, sval *v)
{
	step_count[S_PREV]++;
	return c ? OPS(c)->prev(c, k, v) : 0;
}

void store_cursor_close(store_cursor *c)
{
	if (c)
		OPS(c)->cursor_close(c);
}

berth_status store_get_stats(store *s, store_stats *out)
{
	return OPS(s)->stats(s, out);
}

berth_status store_backup(store *s, const char *file)
{
	return OPS(s)->backup(s, file);
}

berth_status store_backup_fd(store *s, int fd)
{
	return OPS(s)->backup_fd(s, fd);
}

int store_watch_fd(store *s)
{
	return OPS(s)->watch_fd ? OPS(s)->watch_fd(s) : -1;
}

void store_watch_drain(store *s)
{
	if (OPS(s)->watch_drain)
		OPS(s)->watch_drain(s);
}
