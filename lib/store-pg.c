/* store-pg.c - the store in a PostgreSQL database (with store-pg-txn.c
 * and store-pg-lib.c, the only files that call libpq): connecting, the
 * layout's tables, the transaction runner with its retries, stats.
 *
 * Writers are serialised by a table lock taken before their snapshot
 * (LOCK TABLE is the one statement that takes none), then run at
 * REPEATABLE READ: every write transaction sees everything committed
 * before it, as one LMDB writer after another does. The engine keeps its
 * id counters and the audit chain's head in one entry that every change
 * writes, so writers could not run in parallel anyway; under SERIALIZABLE
 * without the lock, every pair of them conflicts on that entry and one is
 * run again (measured: see docs/STORAGE.md). Readers take no lock and run
 * at REPEATABLE READ READ ONLY: one snapshot, never waiting. */
#define _GNU_SOURCE
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-file.h"
#include "store-pg.h"

/* The layout of the tables below; a newer one is refused. */
#define LAYOUT 1

static const char make_sql[] =
    "BEGIN;"
    /* Two inits at once: the second waits, then finds the tables. */
    "SELECT pg_advisory_xact_lock(7431277001);"
    "CREATE TABLE IF NOT EXISTS berth_store (name text PRIMARY KEY, "
    "value text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS berth_kv (tb smallint NOT NULL, "
    "k bytea NOT NULL, v bytea NOT NULL, PRIMARY KEY (tb, k));"
    "CREATE TABLE IF NOT EXISTS berth_token (token bytea PRIMARY KEY, "
    "at timestamptz NOT NULL DEFAULT now());"
    "INSERT INTO berth_store VALUES ('layout', '1') ON CONFLICT DO NOTHING;"
    "COMMIT";

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg, (void)msg; /* "relation exists, skipping" and the like */
}

/* The connection as people may see it: the keywords that say where,
 * never a password (nor a TLS key's). */
static char *shown(const char *conninfo, int *has_password)
{
	static const char *const show[] = {"host", "hostaddr", "port",
					   "dbname", "user", "service",
					   "options"};
	char *err = NULL, buf[1024] = "";
	size_t n = 0;
	PQconninfoOption *o = pq.conninfoParse(conninfo, &err), *p;

	*has_password = 0;
	if (!o) {
		if (err)
			pq.freemem(err);
		return NULL;
	}
	for (size_t i = 0; i < sizeof show / sizeof *show; i++)
		for (p = o; p->keyword; p++)
			if (strcmp(p->keyword, show[i]) == 0 && p->val &&
			    *p->val && n < sizeof buf)
				n += (size_t)snprintf(buf + n, sizeof buf - n,
						      "%s%s=%s", n ? " " : "",
						      p->keyword, p->val);
	for (p = o; p->keyword; p++)
		if (strcmp(p->keyword, "password") == 0 && p->val && *p->val)
			*has_password = 1;
	pq.conninfoFree(o);
	return strdup(n ? buf : "(libpq's defaults: PGHOST, PGDATABASE...)");
}

/* Refusals of a connection that waiting will not change. */
static int permanent(const char *msg)
{
	static const char *const words[] = {
	    "authentication failed", "does not exist", "no password supplied",
	    "pg_hba.conf",	     "permission denied", "invalid",
	    "certificate",	     "SSL",
	};

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(msg, words[i]))
			return 1;
	return 0;
}

static void first_line(char *dst, size_t size, const char *msg)
{
	/* libpq 15 says "connection to server on socket ... failed: why";
	 * the why is what a person needs, and its first line will do. */
	const char *why = strstr(msg, "failed: ");

	snprintf(dst, size, "%s", why ? why + 8 : msg);
	dst[strcspn(dst, "\n")] = '\0';
}

/* 0 connected; 1 failed, worth retrying; -1 failed for good. */
static int pg_connect(store *s, char *why, size_t size)
{
	static const char *const keys[] = {"connect_timeout",
					   "fallback_application_name",
					   "dbname", NULL};
	const char *ct = getenv("PGCONNECT_TIMEOUT");
	const char *vals[] = {ct && *ct ? ct : "10", "berth", s->conninfo,
			      NULL};

	if (s->conn)
		pq.finish(s->conn);
	pg_pipe_reset(s);
	s->connects++;
	s->conn = pq.connectdbParams(keys, vals, 1);
	if (s->conn && pq.status(s->conn) == CONNECTION_OK) {
		pq.setNoticeProcessor(s->conn, quiet, NULL);
		return 0;
	}
	first_line(why, size,
		   s->conn ? pq.errorMessage(s->conn) : "out of memory");
	return permanent(why) ? -1 : 1;
}

/* A failure inside a transaction as a status; the transient ones (the
 * runner's to retry) are told apart by transient(). */
static int transient(const store_txn *t)
{
	return t->failed && (t->lost || strcmp(t->state, "40001") == 0 ||
			     strcmp(t->state, "40P01") == 0);
}

static berth_status map_failure(const store_txn *t)
{
	const store *s = t->s;

	if (strcmp(t->state, "55P03") == 0)
		return berth_fail(BERTH_STORE_LOCKED,
				  "another writer held the store for longer "
				  "than %g s (BERTH_LOCK_TIMEOUT); nothing was "
				  "written",
				  s->timeout);
	if (strncmp(t->state, "53", 2) == 0)
		return berth_fail(BERTH_STORE_FULL, "the server refused: %s",
				  t->msg);
	if (strcmp(t->state, "23505") == 0)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "an entry that must be new is there already: "
				  "its id was given twice, the counter is "
				  "behind (see berth check)");
	if (strcmp(t->state, "42501") == 0 || strcmp(t->state, "25006") == 0)
		return berth_fail(BERTH_PERMISSION, "the server refused: %s",
				  t->msg);
	if (strcmp(t->state, "42P01") == 0) {
		berth_fail(BERTH_NOT_FOUND, "no store at %s (run 'berth init')",
			   s->shown);
		berth_detail_str("kind", "store");
		berth_detail_str("id", s->shown);
		return BERTH_NOT_FOUND;
	}
	if (!t->state[0] && !t->lost)
		return berth_fail(BERTH_INTERNAL, "%s", t->msg);
	return berth_fail(BERTH_STORE_UNAVAILABLE, "%s%s%s", t->msg,
			  t->state[0] ? " (SQLSTATE " : "",
			  t->state[0] ? t->state : "");
}

/* Opens the transaction: sent, not waited for (its answer comes with
 * the first read's). Writers queue on the table lock, each for at most
 * BERTH_LOCK_TIMEOUT, before their snapshot is taken. */
static int begin(store_txn *t)
{
	char q[64];
	long ms = (long)(t->s->timeout * 1000 + 0.5);

	if (!t->write)
		return pg_send_sql(t, "BEGIN ISOLATION LEVEL REPEATABLE READ "
				      "READ ONLY",
				   PEND_DROP);
	/* SET and LOCK take no snapshot (a SELECT would, before the
	 * lock, and the writer would not see the one before it). */
	snprintf(q, sizeof q, "SET LOCAL lock_timeout = %ld", ms < 1 ? 1 : ms);
	return pg_send_sql(t, "BEGIN ISOLATION LEVEL REPEATABLE READ",
			   PEND_DROP) &&
	       pg_send_sql(t, q, PEND_DROP) &&
	       pg_send_sql(t, "SET LOCAL synchronous_commit = on", PEND_DROP) &&
	       pg_send_sql(t, "LOCK TABLE berth_kv IN SHARE ROW EXCLUSIVE MODE",
			   PEND_DROP);
}

/* Ends the transaction where nobody waits for the answer (a read's
 * COMMIT, a ROLLBACK): sent at once, read with the next statement. */
static void end_unwaited(store_txn *t, const char *how)
{
	store *s = t->s;

	if (!s->conn || pq.status(s->conn) != CONNECTION_OK || !s->piped)
		return;
	pg_orphan(s);
	t->failed = 0; /* to send it; the failure was read already */
	if (pg_send_sql(t, how, PEND_OLD))
		pg_flush(t);
}

/* Whether the commit whose answer was lost happened: its token is there
 * exactly when it did. -1: cannot tell (yet). */
static int token_committed(store *s, const unsigned char *token)
{
	store_txn t = {.ops = &store_pg_ops, .s = s};
	const char *vals[1] = {(const char *)token};
	int lens[1] = {16};
	char why[256];
	PGresult *r;
	int found;

	if (pg_connect(s, why, sizeof why))
		return -1;
	if (!(r = pg_exec(&t, Q_HAS_TOKEN, 1, vals, lens, 1)))
		return -1;
	found = pq.ntuples(r) == 1;
	pq.clear(r);
	return found;
}

enum { DONE, RETRY, COMMIT_LOST };

/* One run of fn in one transaction; *st its outcome when DONE. */
static int attempt(store *s, int write, store_fn fn, void *arg,
		   store_txn *t, unsigned char *token, berth_status *st)
{
	char why[256];
	int c;

	*st = BERTH_OK;
	if (!s->conn || pq.status(s->conn) != CONNECTION_OK) {
		if ((c = pg_connect(s, why, sizeof why))) {
			snprintf(t->msg, sizeof t->msg, "%s", why);
			t->failed = 1;
			t->lost = c > 0;
			if (c > 0)
				return RETRY;
			*st = berth_fail(BERTH_STORE_UNAVAILABLE,
					 "cannot connect to %s: %s", s->shown,
					 why);
			return DONE;
		}
	}
	if (!begin(t))
		goto failed;
	berth_clear();
	*st = fn(t, arg);
	if (*st == BERTH_OK && !t->failed) {
		if (!write || !t->wrote) {
			/* Nothing to make durable: nobody waits. */
			pg_txn_end(t);
			end_unwaited(t, "COMMIT");
			return DONE;
		}
		/* Now and then, the tokens of a day ago go. */
		if (randombytes_uniform(256) == 0)
			pg_send_sql(t, "DELETE FROM berth_token WHERE at < "
				       "now() - interval '1 day'",
				    PEND_DROP);
		randombytes_buf(token, 16);
		{
			const char *vals[1] = {(const char *)token};
			int lens[1] = {16};
			pg_send(t, Q_TOKEN, 1, vals, lens, 0, PEND_DROP);
		}
		/* The writes not yet answered, the token and the COMMIT:
		 * one round trip. The server skips the COMMIT after any
		 * failure among them. */
		if (pg_send_sql(t, "COMMIT", PEND_DROP) &&
		    pg_sync(t, NULL, 0)) {
			pg_txn_end(t);
			return DONE;
		}
		pg_txn_end(t);
		if (t->lost)
			return COMMIT_LOST;
		goto failed;
	}
	pg_txn_end(t);
	if (!t->failed) {
		end_unwaited(t, "ROLLBACK");
		return DONE; /* fn's own refusal, at once */
	}
failed:
	pg_txn_end(t);
	{
		store_txn end = *t;
		end_unwaited(&end, "ROLLBACK");
	}
	if (transient(t))
		return RETRY;
	*st = map_failure(t);
	return DONE;
}

/* Runs fn until it is done, or transient failures (a lost connection, a
 * serialization failure, a deadlock) have been retried for BERTH_PG_RETRY
 * seconds: from scratch each time, after a pause that doubles from 10 ms
 * to at most 1 s, less a random part of it so that writers who failed
 * together do not come back together. */
static berth_status pg_run(store *s, int write, store_fn fn, void *arg)
{
	double until = mono() + s->retry, pause = 0.01;
	unsigned char token[16];
	berth_status st;

	if (write && s->rdonly)
		return berth_fail(BERTH_INTERNAL,
				  "a write to the store at %s, opened for "
				  "reading only (a bug)",
				  s->shown);
	for (int tries = 1;; tries++) {
		store_txn t = {.ops = &store_pg_ops, .s = s, .write = write};
		int r = attempt(s, write, fn, arg, &t, token, &st);
		double wait;

		if (r == DONE)
			return st;
		if (r == COMMIT_LOST) {
			/* The answer of COMMIT was lost, not necessarily the
			 * commit: run again only once it is known that it did
			 * not happen, or this booking would be made twice. */
			int known;
			while ((known = token_committed(s, token)) < 0 &&
			       mono() < until) {
				struct timespec ts = {0, 100 * 1000 * 1000};
				nanosleep(&ts, NULL);
			}
			if (known == 1) {
				if (s->verbose)
					fprintf(stderr,
						"berth: the connection was lost "
						"as the change committed; it "
						"did\n");
				return BERTH_OK;
			}
			if (known < 0)
				return berth_fail(
				    BERTH_STORE_UNAVAILABLE,
				    "the connection to %s was lost during the "
				    "commit, and the server has not come back "
				    "within BERTH_PG_RETRY (%g s) to say "
				    "whether it happened",
				    s->shown, s->retry);
		}
		if (mono() >= until)
			return berth_fail(BERTH_STORE_UNAVAILABLE,
					  "%s: %s; gave up after %d tries in "
					  "%g s (BERTH_PG_RETRY)",
					  s->shown, t.msg, tries, s->retry);
		wait = pause / 2 + pause / 2 * randombytes_uniform(1001) / 1000;
		if (s->verbose)
			fprintf(stderr, "berth: %s%s%s%s; try %d again in %.0f "
					"ms\n",
				t.msg, t.state[0] ? " (SQLSTATE " : "", t.state,
				t.state[0] ? ")" : "", tries + 1, wait * 1000);
		{
			struct timespec ts = {
			    (time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
			nanosleep(&ts, NULL);
		}
		if (pause < 1)
			pause *= 2;
		if (t.lost && s->conn) {
			pq.finish(s->conn);
			s->conn = NULL;
		}
	}
}

/* BERTH_PG_RETRY: seconds, 0 to 3600. */
static berth_status retry_from_env(double *out)
{
	return env_seconds("BERTH_PG_RETRY", 10, 3600, out);
}

/* Makes the tables (with STORE_WRITE) or finds them: the layout they are
 * in must be ours. Retried like any transaction: a server that is
 * restarting is waited for. */
struct opening {
	int create;
	int layout; /* found; 0: no store */
};

static berth_status find_layout(store_txn *t, void *arg)
{
	struct opening *o = arg;
	PGresult *r;

	o->layout = 0;
	if (pg_send(t, Q_LAYOUT, 0, NULL, NULL, 0, PEND_WANT) &&
	    pg_sync(t, &r, 1)) {
		if (r && pq.ntuples(r) == 1)
			o->layout = atoi(pq.getvalue(r, 0, 0));
		pq.clear(r);
		return BERTH_OK;
	}
	if (strcmp(t->state, "42P01") == 0) {
		/* No tables: no store (yet). Not a failure of the txn. */
		t->failed = 0;
		t->state[0] = '\0';
	}
	return BERTH_OK;
}

static berth_status open_layout(store *s, int create)
{
	struct opening o = {create, 0};
	berth_status st;

	/* A read transaction: a failed statement aborts it, and the
	 * runner rolls back. */
	if ((st = pg_run(s, 0, find_layout, &o)))
		return st;
	if (!o.layout && create) {
		PGresult *r;
		pg_settle(s);
		s->trips++;
		r = pq.exec(s->conn, make_sql);
		ExecStatusType es = r ? pq.resultStatus(r) : PGRES_FATAL_ERROR;
		if (es != PGRES_COMMAND_OK) {
			store_txn t = {.ops = &store_pg_ops, .s = s};
			pg_fail_res(&t, r);
			pq.clear(r);
			r = pq.exec(s->conn, "ROLLBACK");
			pq.clear(r);
			return berth_fail(strcmp(t.state, "42501") == 0
						  ? BERTH_PERMISSION
						  : BERTH_STORE_UNAVAILABLE,
					  "cannot make the store's tables at "
					  "%s: %s",
					  s->shown, t.msg);
		}
		pq.clear(r);
		o.layout = LAYOUT;
	}
	if (!o.layout) {
		berth_fail(BERTH_NOT_FOUND, "no store at %s (run 'berth init')",
			   s->shown);
		berth_detail_str("kind", "store");
		berth_detail_str("id", s->shown);
		return BERTH_NOT_FOUND;
	}
	if (o.layout != LAYOUT)
		return berth_fail(BERTH_STORE_FORMAT,
				  "the PostgreSQL store at %s has tables of "
				  "layout %d; this berth knows layout %d: use "
				  "a newer berth",
				  s->shown, o.layout, LAYOUT);
	return BERTH_OK;
}

/* A connection of its own that LISTENs on the store's channel (named
 * after the schema: stores in one database do not wake each other), made
 * again after the server went away. -1: none now (the caller polls). */
static int pg_watch_fd(store *s)
{
	store keep = *s;
	char why[256], q[300];
	PGresult *r;
	char *id;

	if (s->listen && pq.status(s->listen) == CONNECTION_OK)
		return pq.socket(s->listen);
	if (s->listen)
		pq.finish(s->listen);
	s->listen = NULL;
	/* pg_connect makes s->conn; borrow it for the listener. */
	keep.conn = NULL;
	if (pg_connect(&keep, why, sizeof why)) {
		if (keep.conn)
			pq.finish(keep.conn);
		return -1;
	}
	r = pq.exec(keep.conn, "SELECT 'berth:' || current_schema()");
	if (!r || pq.resultStatus(r) != PGRES_TUPLES_OK || pq.ntuples(r) != 1 ||
	    !(id = pq.escapeIdentifier(keep.conn, pq.getvalue(r, 0, 0),
					strlen(pq.getvalue(r, 0, 0))))) {
		pq.clear(r);
		pq.finish(keep.conn);
		return -1;
	}
	pq.clear(r);
	snprintf(q, sizeof q, "LISTEN %s", id);
	pq.freemem(id);
	r = pq.exec(keep.conn, q);
	if (!r || pq.resultStatus(r) != PGRES_COMMAND_OK) {
		pq.clear(r);
		pq.finish(keep.conn);
		return -1;
	}
	pq.clear(r);
	s->listen = keep.conn;
	return pq.socket(s->listen);
}

/* After the socket was readable: the notifications read and dropped (a
 * burst of commits is one wake-up), or the listener given up if the
 * server went away (the next pg_watch_fd connects again). */
static void pg_watch_drain(store *s)
{
	PGnotify *n;

	if (!s->listen)
		return;
	if (!pq.consumeInput(s->listen)) {
		pq.finish(s->listen);
		s->listen = NULL;
		return;
	}
	while ((n = pq.notifies(s->listen)))
		pq.freemem(n);
}

static void pg_close(store *s)
{
	if (!s)
		return;
	if (s->count_trips)
		fprintf(stderr,
			"berth: postgresql: %lu round trips, %lu statements, "
			"%lu connections\n",
			s->trips + s->connects, s->statements, s->connects);
	free(s->pend);
	if (s->listen)
		pq.finish(s->listen);
	if (s->conn)
		pq.finish(s->conn);
	free(s->conninfo);
	free(s->shown);
	free(s);
}

berth_status store_pg_open(const char *conninfo, int flags, store **out)
{
	berth_status st;
	store *s;
	int password;

	*out = NULL;
	if ((st = pq_load()))
		return st;
	if (!(s = calloc(1, sizeof *s)))
		return berth_fail(BERTH_INTERNAL, "out of memory");
	s->ops = &store_pg_ops;
	s->rdonly = !!(flags & (STORE_RDONLY | STORE_PRIVATE));
	s->verbose = !!(flags & STORE_VERBOSE);
	s->count_trips = getenv("BERTH_PG_TRIPS") &&
			 strcmp(getenv("BERTH_PG_TRIPS"), "1") == 0;
	if (!(s->conninfo = strdup(conninfo))) {
		pg_close(s);
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	if (!(s->shown = shown(conninfo, &password))) {
		pg_close(s);
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "not a PostgreSQL connection string (a "
				  "postgresql:// URI or host=... dbname=...)");
	}
	/* Said once a process, on stderr: it is the user's choice. */
	if (password && !getenv("BERTH_PG_PASSWORD_OK"))
		fprintf(stderr, "berth: warning: the connection string carries "
				"a password (others may read it in ps); use "
				"~/.pgpass or PGPASSFILE\n");
	if ((st = lock_timeout(&s->timeout)) || (st = retry_from_env(&s->retry)) ||
	    (st = open_layout(s, !!(flags & STORE_WRITE) && !s->rdonly))) {
		pg_close(s);
		return st;
	}
	*out = s;
	return BERTH_OK;
}

static const char *pg_path(const store *s)
{
	return s->shown;
}

static void pg_set_verbose(store *s, int on)
{
	s->verbose = on;
}

/* stats: the server, the tables' size on disk, and per table the entries
 * and the bytes of their keys and values. */
static berth_status read_stats(store_txn *t, void *arg)
{
	store_stats *out = arg;
	PGresult *rs[2], *r;

	if (!pg_send_sql(t,
			 "SELECT current_setting('server_version'), "
			 "pg_total_relation_size('berth_kv') + "
			 "pg_total_relation_size('berth_token') + "
			 "pg_total_relation_size('berth_store'), "
			 "(SELECT count(*) FROM pg_stat_activity WHERE "
			 "datname = current_database())",
			 PEND_WANT) ||
	    !pg_send_sql(t,
			 "SELECT tb, count(*), sum(octet_length(k) + "
			 "octet_length(v)) FROM berth_kv GROUP BY tb",
			 PEND_WANT) ||
	    !pg_sync(t, rs, 2))
		return BERTH_OK;
	r = rs[0];
	snprintf(out->server, sizeof out->server, "%s", pq.getvalue(r, 0, 0));
	out->file_size = strtoull(pq.getvalue(r, 0, 1), NULL, 10);
	out->readers = (unsigned)strtoul(pq.getvalue(r, 0, 2), NULL, 10);
	pq.clear(r);
	r = rs[1];
	for (int i = 0; i < pq.ntuples(r); i++) {
		int tb = atoi(pq.getvalue(r, i, 0));
		if (tb >= 0 && tb < T_COUNT) {
			out->entries[tb] = strtoull(pq.getvalue(r, i, 1), NULL, 10);
			out->data_bytes += strtoull(pq.getvalue(r, i, 2), NULL, 10);
		}
	}
	pq.clear(r);
	return BERTH_OK;
}

static berth_status pg_get_stats(store *s, store_stats *out)
{
	memset(out, 0, sizeof *out);
	out->kind = "postgresql";
	return pg_run(s, 0, read_stats, out);
}

static berth_status pg_backup(store *s, const char *file)
{
	return store_copy_to(s, file);
}

/* An LMDB backup on a stream: made in TMPDIR, then written out. */
static berth_status pg_backup_fd(store *s, int fd)
{
	return store_copy_to_fd(s, fd);
}

const struct store_ops store_pg_ops = {
    .close = pg_close,
    .path = pg_path,
    .set_verbose = pg_set_verbose,
    .run = pg_run,
    .get = pg_get,
    .count = pg_count,
    .put = pg_put,
    .del = pg_del,
    .clear = pg_clear,
    .release = pg_release,
    .failed = pg_failed,
    .writable = pg_writable,
    .cursor_open = pg_cursor_open,
    .cursor_near = pg_cursor_near,
    .seek = pg_seek,
    .seek_le = pg_seek_le,
    .first = pg_first,
    .next = pg_next,
    .prev = pg_prev,
    .cursor_close = pg_cursor_close,
    .stats = pg_get_stats,
    .backup = pg_backup,
    .backup_fd = pg_backup_fd,
    .watch_fd = pg_watch_fd,
    .watch_drain = pg_watch_drain,
};
