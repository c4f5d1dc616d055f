/* store-pg-pipe.c - the statements of a transaction sent down libpq's
 * pipeline: a write needs no answer before the next statement, so puts
 * and deletes are sent and not waited for, and go to the server with the
 * next read (or the COMMIT) in one round trip. Their failures are read
 * then, and stick to the transaction as any other: nothing is committed
 * after one, the server aborts the group at its first error.
 *
 * The connection stays in pipeline mode while the store is open. What a
 * transaction sent and never read (the COMMIT of a read, a ROLLBACK after
 * a refusal: nobody waits for their answers) is read at the next wait,
 * as not its own (PEND_OLD). */
#include <stdlib.h>
#include <string.h>

#include "store-pg.h"

extern const char *const pg_sql[Q_COUNT_ALL];

static int push(store_txn *t, int kind, int aux)
{
	store *s = t->s;

	if (s->npend == s->cpend) {
		size_t cap = s->cpend ? s->cpend * 2 : 64;
		struct pg_pend *p = realloc(s->pend, cap * sizeof *p);
		if (!p) {
			pg_fail(t, "", "out of memory");
			return 0;
		}
		s->pend = p;
		s->cpend = cap;
	}
	s->pend[s->npend].kind = kind;
	s->pend[s->npend].aux = aux;
	s->npend++;
	return 1;
}

static int piped(store_txn *t)
{
	store *s = t->s;

	if (t->failed)
		return 0;
	if (!s->piped) {
		if (!pq.enterPipelineMode(s->conn)) {
			pg_fail(t, "", pq.errorMessage(s->conn));
			return 0;
		}
		s->piped = 1;
	}
	return 1;
}

/* A send that libpq refused: the connection is gone, or a bug. */
static int refused(store_txn *t)
{
	pg_fail(t, "", pq.errorMessage(t->s->conn));
	return 0;
}

int pg_send(store_txn *t, int q, int n, const char *const *vals,
	    const int *lens, int binary_out, int kind)
{
	static const int formats[3] = {1, 1, 1};
	store *s = t->s;
	char name[8];

	if (!piped(t))
		return 0;
	snprintf(name, sizeof name, "b%d", q);
	/* Prepared at its first use, in the same round trip: a one-shot
	 * command parses each statement once either way, a batch parses
	 * none again. */
	if (!(s->prepared & (1u << q))) {
		if (!pq.sendPrepare(s->conn, name, pg_sql[q], 0, NULL))
			return refused(t);
		s->prepared |= 1u << q;
		if (!push(t, PEND_PREPARE, q))
			return 0;
	}
	if (!pq.sendQueryPrepared(s->conn, name, n, vals, lens, formats,
				  binary_out))
		return refused(t);
	s->statements++;
	return push(t, kind, q);
}

int pg_send_sql(store_txn *t, const char *sql, int kind)
{
	if (!piped(t))
		return 0;
	if (!pq.sendQueryParams(t->s->conn, sql, 0, NULL, NULL, NULL, NULL, 0))
		return refused(t);
	t->s->statements++;
	return push(t, kind, -1);
}

/* One result read for the statement p: handed over, checked or dropped.
 * 0 when the connection is gone. */
static int take(store_txn *t, struct pg_pend *p, PGresult **want, int nwant,
		int *got)
{
	store *s = t->s;
	PGresult *r = pq.getResult(s->conn), *extra;
	ExecStatusType es = r ? pq.resultStatus(r) : PGRES_FATAL_ERROR;

	if (p->kind == PEND_SYNC) {
		pq.clear(r);
		return es == PGRES_PIPELINE_SYNC;
	}
	/* Each statement's results end with a NULL. */
	while ((extra = pq.getResult(s->conn)))
		pq.clear(extra);
	if (!r || pq.status(s->conn) != CONNECTION_OK) {
		pg_fail_res(t, r);
		pq.clear(r);
		return 0;
	}
	if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
		/* A statement not prepared is prepared again at its next
		 * use; an aborted one failed for an earlier one's reason. */
		if (p->kind == PEND_PREPARE)
			s->prepared &= ~(1u << p->aux);
		if (es != PGRES_PIPELINE_ABORTED && p->kind != PEND_OLD)
			pg_fail_res(t, r);
		pq.clear(r);
		return 1;
	}
	switch (p->kind) {
	case PEND_WANT:
		if (*got < nwant) {
			want[(*got)++] = r;
			return 1;
		}
		break;
	case PEND_PREFETCH:
		pg_cache_load(t, r);
		return 1;
	}
	pq.clear(r);
	return 1;
}

static void drop_wanted(PGresult **want, int nwant)
{
	for (int i = 0; i < nwant; i++) {
		pq.clear(want[i]);
		want[i] = NULL;
	}
}

int pg_sync(store_txn *t, PGresult **want, int nwant)
{
	store *s = t->s;
	size_t end;
	int got = 0;

	for (int i = 0; i < nwant; i++)
		want[i] = NULL;
	if (!piped(t))
		return 0;
	if (!pq.pipelineSync(s->conn))
		return refused(t);
	if (!push(t, PEND_SYNC, 0))
		return 0;
	s->trips++;
	end = s->npend;
	while (s->pend_at < end) {
		struct pg_pend p = s->pend[s->pend_at++];
		if (!take(t, &p, want, nwant, &got)) {
			pg_pipe_reset(s);
			drop_wanted(want, nwant);
			if (!t->failed)
				pg_fail(t, "", pq.errorMessage(s->conn));
			t->lost = 1;
			return 0;
		}
	}
	s->npend = s->pend_at = 0;
	if (t->failed)
		drop_wanted(want, nwant);
	return !t->failed;
}

void pg_flush(store_txn *t)
{
	store *s = t->s;

	if (!s->piped || s->npend == s->pend_at ||
	    pq.status(s->conn) != CONNECTION_OK)
		return;
	if (pq.pipelineSync(s->conn))
		push(t, PEND_SYNC, 0);
}

void pg_orphan(store *s)
{
	for (size_t i = s->pend_at; i < s->npend; i++)
		if (s->pend[i].kind != PEND_SYNC &&
		    s->pend[i].kind != PEND_PREPARE)
			s->pend[i].kind = PEND_OLD;
}

void pg_settle(store *s)
{
	store_txn t = {.ops = &store_pg_ops, .s = s};

	if (!s->conn || !s->piped)
		return;
	if (s->npend > s->pend_at)
		pg_sync(&t, NULL, 0);
	if (s->conn && s->piped && pq.status(s->conn) == CONNECTION_OK &&
	    pq.exitPipelineMode(s->conn))
		s->piped = 0;
}

void pg_pipe_reset(store *s)
{
	s->npend = s->pend_at = 0;
	s->piped = 0;
	s->prepared = 0;
}
