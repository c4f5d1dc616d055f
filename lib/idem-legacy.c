/* idem-legacy.c - reads the request an idempotency key stored before
 * fingerprints were normalised (idem record version 1): the command's
 * options as given, verb by verb. Such a key is not refused for being old:
 * its request is read back here, normalised like a new one, and compared
 * by its fingerprint, so a retry across an upgrade of berth still replays
 * (and an equivalent spelling of it does too). */
#include <string.h>

#include "internal.h"

/* A time as version 1 kept it: the parsed civil time, field by field. */
static void get_civil(rbuf *r, civil_time *ct)
{
	int64_t date, clock;

	memset(ct, 0, sizeof *ct);
	ct->kind = (civil_kind)rb_u8(r);
	ct->is_epoch = rb_u8(r);
	ct->epoch = rb_i64(r);
	date = rb_i64(r);
	clock = rb_i64(r);
	ct->offset = (int)rb_i64(r);
	if (r->bad || ct->kind > CIVIL_DATE || date < 0 || clock < 0 ||
	    date > 99991231 || clock > 240000 || ct->offset < -86400 ||
	    ct->offset > 86400) {
		rb_bad(r, "not a time");
		return;
	}
	ct->year = (int)(date / 10000);
	ct->month = (int)(date / 100 % 100);
	ct->day = (int)(date % 100);
	ct->hour = (int)(clock / 10000);
	ct->minute = (int)(clock / 100 % 100);
	ct->second = (int)(clock % 100);
}

static void get_claim_req(rbuf *r, berth_claim_req *q)
{
	q->resource = rb_str(r);
	get_civil(r, &q->start);
	if ((q->has_end = rb_u8(r)))
		get_civil(r, &q->end);
	q->duration = rb_i64(r);
	q->quantity = rb_i64(r);
	q->nseats = rb_u32(r);
	if (r->bad || q->nseats > BERTH_SEATS_MAX ||
	    rb_left(r) < (size_t)q->nseats * 4) {
		rb_bad(r, "seats out of range");
		return;
	}
	if (q->nseats &&
	    !(q->seats = arena_alloc(r->a, q->nseats * sizeof *q->seats))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; i < q->nseats; i++)
		q->seats[i] = rb_u32(r);
	q->ttl = rb_i64(r);
	q->customer = rb_str(r);
	q->pending = rb_u8(r);
	q->attrs.n = rb_u32(r);
	if (r->bad || q->attrs.n > 64) {
		rb_bad(r, "attributes out of range");
		return;
	}
	if (q->attrs.n && !(q->attrs.v = arena_alloc(r->a, q->attrs.n *
							     sizeof *q->attrs.v))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (size_t i = 0; i < q->attrs.n; i++) {
		q->attrs.v[i].key = rb_str(r);
		q->attrs.v[i].value = rb_str(r);
		if (!r->bad && (!q->attrs.v[i].key || !q->attrs.v[i].value))
			rb_bad(r, "attribute without a name or value");
	}
}

int idem_legacy_read(const uint8_t *p, size_t n, arena *a, idem_legacy *out)
{
	rbuf r;

	memset(out, 0, sizeof *out);
	out->payment = -1;
	rb_init(&r, p, n, a);
	out->verb = rb_str(&r);
	if (r.bad || !out->verb)
		return -1;
	if (!strcmp(out->verb, "lock") || !strcmp(out->verb, "book")) {
		get_claim_req(&r, &out->claim);
		if (!r.bad && !out->claim.resource)
			return -1;
	} else if (!strcmp(out->verb, "confirm") ||
		   !strcmp(out->verb, "pay")) {
		out->id = rb_str(&r);
		out->payment = rb_i64(&r);
		out->ref = rb_str(&r);
	} else if (!strcmp(out->verb, "cancel")) {
		out->id = rb_str(&r);
		out->reason = rb_str(&r);
	} else {
		return -1;
	}
	rb_end(&r);
	return r.bad || (out->id == NULL && out->claim.resource == NULL) ? -1
									  : 0;
}
