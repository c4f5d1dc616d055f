/* import-claim.c - a hold or a booking of an import: checked against its
 * resource's capacity and seats like any new claim (avail_admit: an
 * import that would overbook is refused at that claim), but not against
 * the calendar, the clock or the limits per customer, which judged it
 * when it was made (DECISIONS.md: historical bookings skip calendar rules
 * and PAST, never capacity or seats). A claim that no longer counts
 * (cancelled, expired, released, used) takes no capacity and is only
 * kept. Its id, times, version and status are the file's; a claim the
 * file gives without an id (a spreadsheet's) gets the next one. */
#include <string.h>

#include "import.h"

static berth_status resolve(berth_txn *t, const berth_resource *r,
			    berth_claim *c, const berth_xcivil *cv)
{
	berth_status st;

	if (cv->has_start &&
	    (st = clock_resolve_at(&cv->start, r->tz, t->now, &c->start)))
		return st;
	if (cv->has_end) {
		if ((st = clock_resolve_at(&cv->end, r->tz, t->now, &c->end)))
			return st;
	} else if (cv->has_start) {
		int64_t d = cv->duration ? cv->duration : r->slot;
		if (!d)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "give an end or a duration: %s has "
					  "no slot length",
					  r->name);
		c->end = c->start + d;
	}
	return BERTH_OK;
}

static berth_status values(berth_txn *t, const berth_resource *r,
			   berth_claim *c)
{
	berth_status st;

	if (c->end <= c->start)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a claim ends after it starts");
	if ((st = clock_check_printable("the end", claim_busy_end(c),
					r ? r->tz : t->zone)))
		return st;
	if (c->buffer < 0 || c->version < 0 || c->reschedules < 0)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "buffer, version and reschedules cannot be "
				  "negative");
	if (r && c->nseats && !r->seats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s has no numbered seats", r->name);
	if (c->nseats && c->quantity != (int64_t)c->nseats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a claim of %u seats has quantity %lld",
				  c->nseats, (long long)c->quantity);
	if (c->quantity < 1 || c->quantity > BERTH_CAPACITY_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "quantity must be 1 to %d",
				  BERTH_CAPACITY_MAX);
	if ((c->customer && (st = berth_check_text("customer", c->customer))) ||
	    (c->payment_ref &&
	     (st = berth_check_text("payment_ref", c->payment_ref))) ||
	    (c->service && (st = berth_check_name(c->service))))
		return st;
	return berth_check_attrs(&c->attrs);
}

berth_status import_claim(berth_txn *t, berth_import *im, berth_xitem *it,
			  const berth_xcivil *cv)
{
	berth_claim *c = &it->claim;
	berth_resource *r = NULL;
	uint8_t small[512];
	char name[24];
	berth_status st;
	keybuf k;
	sval v;
	wbuf w;

	if (!c->resource)
		return berth_fail(BERTH_INVALID_ARGUMENT, "no resource named");
	st = res_by_name(t, c->resource, &r);
	if (st == BERTH_NOT_FOUND && c->rid) {
		/* The claim of a resource removed since: kept under the
		 * number a removed-resource line brought. */
		resid_entry id = {.rid = c->rid};
		int rc = entry_get(t, T_RESID, &id);
		if (rc < 0)
			return txn_status(t);
		if (rc == 0 || strcmp(id.name, c->resource))
			return st;
		berth_clear();
		r = NULL;
		if (claim_counts(c) && claim_busy_end(c) > t->now)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s was removed, and a claim still "
					  "to come cannot name it",
					  c->resource);
		c->zone = t->zone;
	} else if (st) {
		return st;
	} else {
		if (c->rid && c->rid != r->rid)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "%s is resource number %u, not %u",
					  r->name, r->rid, c->rid);
		c->rid = r->rid;
		c->resource = r->name;
		c->zone = r->tz;
		if ((st = resolve(t, r, c, cv)))
			return st;
	}
	if ((st = values(t, r, c)) ||
	    (st = import_pseudonym_ok(im, c->customer)))
		return st;
	/* --merge: the file's ids are another store's (import-merge.c). */
	if (import_merge_ids(im) &&
	    (st = import_merge_claim(t, import_merge_ids(im), c)))
		return st;
	if (!c->created_at)
		c->created_at = t->now;
	if (!c->updated_at)
		c->updated_at = c->created_at;
	if (c->id) {
		id_key(&k, c->id);
		if (store_get(t->st, claim_table(c->kind), k.b, k.len, &v)) {
			berth_id_format(c->kind, c->id, name, sizeof name);
			return berth_fail(BERTH_ALREADY_EXISTS,
					  "%s is there already", name);
		}
		if (ids_keep(t, claim_id_kind(c->kind), c->id))
			return txn_status(t);
	} else if (!(c->id = next_id(t, claim_id_kind(c->kind)))) {
		return txn_status(t);
	}
	/* A claim of a removed resource counts for nothing to come. */
	if (claim_counts(c) && r && (st = avail_admit(t, r, c)))
		return st;
	wb_on(&w, small, sizeof small);
	claim_store(t, NULL, c, &w);
	if (claim_counts(c))
		avail_add(t, c);
	if (!import_audited(im)) {
		berth_id_format(c->kind, c->id, name, sizeof name);
		audit_append(t,
			     c->kind == CLAIM_HOLD ? "hold.imported"
						   : "booking.imported",
			     name, ENT_CLAIM, NULL, c, w.oom ? NULL : &w, NULL);
	}
	wb_free(&w);
	return txn_status(t);
}
