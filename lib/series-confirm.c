/* series-confirm.c - confirm --series: every occurrence of a series still
 * waiting to be confirmed -- a hold not yet used or released, a booking
 * still pending -- confirmed in one transaction by berth_confirm, with
 * every rule a single confirm has: the role, the payment and its method,
 * require_payment, and a hold or pending booking whose time is up. One
 * refusal refuses them all (DECISIONS.md: confirm --series acts on the
 * whole series), so a series is never half confirmed; the message names
 * the occurrence. Occurrences already confirmed, cancelled, released or
 * marked are left as they are.
 *
 * The series' entries are gathered first and confirmed after: a hold's
 * confirmation adds its booking to the very index being walked. */
#include <string.h>

#include "internal.h"

typedef struct {
	series_entry *v;
	size_t n;
} entries;

static int gather(berth_txn *t, const series_entry *e, void *arg)
{
	entries *es = arg;
	series_entry *v = arena_alloc(t->a, (es->n + 1) * sizeof *v);

	if (!v) {
		arena_set_failed(t->a);
		return 1;
	}
	if (es->n)
		memcpy(v, es->v, es->n * sizeof *v);
	v[es->n++] = *e;
	es->v = v;
	return 0;
}

/* Whether c still waits for its confirmation (a hold or pending booking
 * that ran out does too: confirming it is refused, as confirm refuses). */
static int waiting(const berth_claim *c)
{
	if (c->kind == CLAIM_HOLD)
		return c->status == HOLD_ACTIVE || c->status == HOLD_EXPIRED;
	return c->status == BOOKING_PENDING || c->status == BOOKING_EXPIRED;
}

/* The refusal again, its message led by the occurrence, its details
 * kept, and the occurrence added to them. */
static berth_status named(berth_txn *t, berth_status st, const char *id)
{
	const char *msg = arena_strdup(t->a, berth_message());
	berth_details d = berth_details_copy(t->a);

	berth_fail(st, "occurrence %s: %s", id, msg ? msg : "refused");
	for (size_t i = 0; i < d.n; i++) {
		const berth_detail *x = &d.v[i];
		switch (x->kind) {
		case DETAIL_STR:
			berth_detail_str(x->key, x->str);
			break;
		case DETAIL_INT:
			berth_detail_int(x->key, x->num);
			break;
		case DETAIL_NULL:
			berth_detail_null(x->key);
			break;
		case DETAIL_LIST:
		case DETAIL_MAP:
			berth_detail_begin(x->kind, x->key);
			break;
		case DETAIL_END:
			berth_detail_end();
			break;
		}
	}
	berth_detail_str("occurrence", id);
	return st;
}

berth_status berth_series_confirm(berth_txn *t,
				  const berth_series_confirm_req *req,
				  berth_series *out)
{
	berth_confirm_req cr = {.payment = req->payment,
				.payment_ref = req->payment_ref,
				.has_payment_method = req->has_payment_method,
				.payment_method = req->payment_method};
	entries es = {NULL, 0};
	berth_status st;
	char sid[24], id[24];

	memset(out, 0, sizeof *out);
	out->id = req->series;
	berth_series_format(req->series, sid, sizeof sid);
	if ((st = series_each(t, req->series, gather, &es)))
		return st;
	if (!es.n) {
		berth_fail(BERTH_NOT_FOUND, "no series %s", sid);
		berth_detail_str("id", sid);
		return BERTH_NOT_FOUND;
	}
	for (size_t i = 0; i < es.n; i++) {
		berth_claim *c, **v;
		int replayed;
		if ((st = claim_load(t, es.v[i].kind, es.v[i].id, &c)))
			return st;
		claim_effective(c, t->now);
		if (!waiting(c))
			continue;
		berth_id_format(c->kind, c->id, id, sizeof id);
		cr.id = id;
		if ((st = berth_confirm(t, &cr, &c, &replayed)))
			return txn_status(t) ? txn_status(t) : named(t, st, id);
		if (!(v = arena_alloc(t->a, (out->n + 1) * sizeof *v)))
			return oom();
		if (out->n)
			memcpy(v, out->claims, out->n * sizeof *v);
		v[out->n++] = c;
		out->claims = v;
	}
	if (!out->n) {
		berth_fail(BERTH_INVALID_STATE,
			   "series %s has no hold or pending booking left to "
			   "confirm",
			   sid);
		berth_detail_str("id", sid);
		return BERTH_INVALID_STATE;
	}
	return txn_status(t);
}
