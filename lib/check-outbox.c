/* check-outbox.c - the outbox: every event decodes, is numbered within
 * its counter, and is one of those its audit record's change implies, of
 * the same entity; every notifier and delivery decodes, every delivery
 * belongs to a notifier and an event that are there, and nothing below a
 * notifier's cursor still waits for it. Events may be missing below the
 * newest (pruned), so their ids need not run without gaps. */
#include <string.h>

#include "check.h"

/* The audit record events were last held against: a change makes its
 * events together, so they come in runs naming the same record, which is
 * read and decoded once a run, into an arena of its own. */
typedef struct {
	arena *a;
	uint64_t seq; /* 0: none yet */
	int rc;	      /* 1 read, 0 not there, -1 does not decode */
	audit_entry e;
} audit_memo;

static int event_audit(checker *ck, audit_memo *m, uint64_t seq,
		       audit_entry *out)
{
	char why[160];
	keybuf ak;
	sval akv, av;

	if (m->seq != seq || !seq) {
		arena_reset(m->a);
		id_key(&ak, seq);
		akv.data = ak.b;
		akv.len = ak.len;
		if (!store_get(ck->t->st, T_AUDIT, ak.b, ak.len, &av))
			m->rc = 0;
		else
			m->rc = schema_decode(T_AUDIT, FORMAT_CURRENT, akv, av,
					      m->a, &m->e, why, sizeof why)
				    ? -1
				    : 1;
		m->seq = seq;
	}
	*out = m->e;
	return m->rc;
}

static int event_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const event_entry *e = &any->event;
	const char *types[OUTBOX_TYPES];
	audit_entry a;
	size_t n, i;
	int rc;

	(void)v;
	if (ck->have_counters && e->seq > ck->counter[ID_EVENT])
		problem(ck, T_EVENT, k, 0,
			"is beyond its counter (%llu): the seq would be given "
			"twice",
			(unsigned long long)ck->counter[ID_EVENT]);
	rc = event_audit(ck, ck->state, e->audit_seq, &a);
	if (rc == 0) {
		problem(ck, T_EVENT, k, 0, "its audit record %llu is not there",
			(unsigned long long)e->audit_seq);
		return 0;
	}
	/* One that does not decode is the audit walk's to report. */
	if (rc < 0)
		return 0;
	if (strcmp(a.a.entity, e->entity)) {
		problem(ck, T_EVENT, k, 0,
			"is of %s, but its audit record %llu is of %s",
			e->entity, (unsigned long long)e->audit_seq,
			a.a.entity);
		return 0;
	}
	n = outbox_types(a.a.action, !a.before,
			 a.a.after_claim &&
			     a.a.after_claim->kind == CLAIM_BOOKING &&
			     a.a.after_claim->status == BOOKING_CONFIRMED,
			 types);
	for (i = 0; i < n && strcmp(types[i], e->type); i++)
		;
	if (i == n)
		problem(ck, T_EVENT, k, 0,
			"is %s, which its audit record %llu (%s) does not "
			"imply",
			e->type, (unsigned long long)e->audit_seq, a.a.action);
	return 0;
}

static int delivery_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const delivery_entry *d = &any->delivery;
	notifier_entry n = {.name = d->name};
	char why[160];
	keybuf nk, ek;
	sval nv, ev;

	(void)v;
	schema_key(T_NOTIFIER, &n, &nk);
	if (!store_get(ck->t->st, T_NOTIFIER, nk.b, nk.len, &nv))
		problem(ck, T_DELIVERY, k, 0, "its notifier is not there");
	else if (schema_decode(T_NOTIFIER, FORMAT_CURRENT,
			       (sval){nk.b, nk.len}, nv, ck->scratch, &n, why,
			       sizeof why) == 0 &&
		 d->status == DELIVERY_PENDING && d->seq <= n.cursor)
		problem(ck, T_DELIVERY, k, 0,
			"is pending below its notifier's cursor (%llu): it "
			"would never be tried",
			(unsigned long long)n.cursor);
	id_key(&ek, d->seq);
	if (!store_get(ck->t->st, T_EVENT, ek.b, ek.len, &ev))
		problem(ck, T_DELIVERY, k, 0, "its event is not there");
	return 0;
}

static int notifier_fn(checker *ck, sval k, sval v, any_entry *any)
{
	(void)v;
	if (ck->have_counters && any->notifier.cursor > ck->counter[ID_EVENT])
		problem(ck, T_NOTIFIER, k, 0,
			"its cursor (%llu) is beyond the last event (%llu)",
			(unsigned long long)any->notifier.cursor,
			(unsigned long long)ck->counter[ID_EVENT]);
	return 0;
}

void check_outbox(checker *ck)
{
	audit_memo m = {arena_new(), 0, 0, {0}};

	if (!m.a) {
		arena_set_failed(ck->t->a);
		return;
	}
	ck->state = &m;
	walk(ck, T_EVENT, event_fn);
	ck->state = NULL;
	arena_free(m.a);
	walk(ck, T_NOTIFIER, notifier_fn);
	walk(ck, T_DELIVERY, delivery_fn);
}
