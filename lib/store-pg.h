/* store-pg.h - what the files of the PostgreSQL store share, and nothing
 * else sees: libpq's calls as loaded at run time (store-pg-lib.c), and
 * the handles behind store.h's names. store-pg.c has the connection, the
 * transaction runner, stats and copies; store-pg-txn.c what runs inside a
 * transaction. They are the only files that call libpq.
 *
 * The database holds one table of every berth table's entries,
 *
 *     berth_kv (tb smallint, k bytea, v bytea, primary key (tb, k))
 *
 * (bytea orders as LMDB's keys do: bytes, then length), berth_store for
 * the layout's version, and berth_token for the tokens of commits whose
 * answer was lost (see run_write). */
#ifndef BERTH_STORE_PG_H
#define BERTH_STORE_PG_H

#include <libpq-fe.h>

#include "store-ops.h"
#include "store.h"

/* libpq, loaded by the first PostgreSQL store a process opens: a command
 * on an LMDB store never maps it (nor the TLS libraries it pulls in). */
struct pq_api {
	__typeof__(PQconnectdbParams) *connectdbParams;
	__typeof__(PQstatus) *status;
	__typeof__(PQerrorMessage) *errorMessage;
	__typeof__(PQfinish) *finish;
	__typeof__(PQexec) *exec;
	__typeof__(PQexecParams) *execParams;
	__typeof__(PQprepare) *prepare;
	__typeof__(PQexecPrepared) *execPrepared;
	__typeof__(PQresultStatus) *resultStatus;
	__typeof__(PQresultErrorField) *resultErrorField;
	__typeof__(PQresultErrorMessage) *resultErrorMessage;
	__typeof__(PQclear) *clear;
	__typeof__(PQntuples) *ntuples;
	__typeof__(PQgetvalue) *getvalue;
	__typeof__(PQgetlength) *getlength;
	__typeof__(PQgetisnull) *getisnull;
	__typeof__(PQcmdTuples) *cmdTuples;
	__typeof__(PQserverVersion) *serverVersion;
	__typeof__(PQparameterStatus) *parameterStatus;
	__typeof__(PQconninfoParse) *conninfoParse;
	__typeof__(PQconninfoFree) *conninfoFree;
	__typeof__(PQconninfo) *conninfo;
	__typeof__(PQsetNoticeProcessor) *setNoticeProcessor;
	__typeof__(PQfreemem) *freemem;
	__typeof__(PQsocket) *socket;
	__typeof__(PQconsumeInput) *consumeInput;
	__typeof__(PQnotifies) *notifies;
	__typeof__(PQescapeIdentifier) *escapeIdentifier;
};
extern struct pq_api pq;
berth_status pq_load(void);

/* The statements, prepared on a connection when first used. */
enum {
	Q_GET,
	Q_PUT,
	Q_PUT_NEW,
	Q_DEL,
	Q_CLEAR,
	Q_COUNT,
	Q_FIRST,
	Q_LAST,
	Q_GE,
	Q_GT,
	Q_LE,
	Q_LT,
	Q_TOKEN,
	Q_HAS_TOKEN,
	Q_COUNT_ALL
};

struct store {
	const struct store_ops *ops; /* first: see store-ops.h */
	PGconn *conn;
	char *conninfo; /* as given: passed to libpq only */
	char *shown;	/* the connection without its password */
	int rdonly;
	int verbose;
	double timeout; /* BERTH_LOCK_TIMEOUT: lock_timeout */
	double retry;	/* BERTH_PG_RETRY: seconds of retrying at most */
	unsigned prepared; /* Q_ bits prepared on this connection */
	unsigned used;	   /* Q_ bits run once on it, unprepared */
	PGconn *listen;	   /* LISTENing for commits (store_watch_fd) */
};

/* A result kept while what it holds may still be read. */
struct pg_keep {
	PGresult *res;
	struct pg_keep *next;
};

struct store_txn {
	const struct store_ops *ops;
	store *s;
	int write;
	int wrote;	    /* something was written: a token to commit */
	int failed;	    /* sticky: the first failure */
	char state[6];	    /* its SQLSTATE ("" for none or a lost link) */
	char msg[256];	    /* its message */
	int lost;	    /* the connection went away */
	unsigned gen;	    /* bumped by every write: cursors re-read */
	struct pg_keep *keep; /* results read from, freed at a write */
	struct store_cursor *cursors; /* open ones, freed at the end */
};

struct store_cursor {
	const struct store_ops *ops;
	store_txn *t;
	store_table tb;
	PGresult *res;	     /* this batch (those before: the txn's keep) */
	int pos, n;	     /* the row we are on in res, and its rows */
	int dir;	     /* res's order: 1 ascending, -1 descending */
	int full;	     /* res had as many rows as were asked for */
	int batch;	     /* rows to ask for next */
	unsigned gen;	     /* the transaction's writes when res was read */
	unsigned char *key;  /* the key we are on (a copy) */
	size_t klen, kcap;
	int has_key;	     /* the cursor stands on key */
	struct store_cursor *next_open;
};

/* store-pg-txn.c: a statement run inside t, its failure made sticky.
 * NULL when it failed (or t had). */
PGresult *pg_exec(store_txn *t, int q, int n, const char *const *vals,
		  const int *lens, int binary_out);
/* A failure of libpq's kept in t (sticky). */
void pg_fail_res(store_txn *t, PGresult *r);
void pg_txn_end(store_txn *t);

/* The half of store_pg_ops in store-pg-txn.c. */
int pg_get(store_txn *t, store_table tb, const void *key, size_t klen,
	   sval *val);
uint64_t pg_count(store_txn *t, store_table tb);
int pg_put(store_txn *t, store_table tb, const void *key, size_t klen,
	   const void *val, size_t vlen, int fresh);
void pg_del(store_txn *t, store_table tb, const void *key, size_t klen);
void pg_clear(store_txn *t, store_table tb);
int pg_failed(const store_txn *t);
int pg_writable(const store_txn *t);
store_cursor *pg_cursor_open(store_txn *t, store_table tb);
store_cursor *pg_cursor_near(store_txn *t, store_table tb);
int pg_seek(store_cursor *c, const void *key, size_t klen, sval *k, sval *v);
int pg_seek_le(store_cursor *c, const void *key, size_t klen, sval *k,
	       sval *v);
int pg_first(store_cursor *c, sval *k, sval *v);
int pg_next(store_cursor *c, sval *k, sval *v);
int pg_prev(store_cursor *c, sval *k, sval *v);
void pg_cursor_close(store_cursor *c);

#endif
