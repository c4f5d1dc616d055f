/* check.c - `berth check`: every entry of every table decodes and passes
 * its seal; ids run without gaps up to their counters; names and numbers
 * agree; every record has the index entries it implies and the audit
 * record that made it; and (check-index.c) every index entry has its
 * record, the profiles add up to the claims, no resource holds more than
 * it can; and (check-audit.c) the audit log is whole. One read
 * transaction: writers go on meanwhile. Each problem is reported and the
 * walk goes on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static void report(checker *ck, store_table tb, const char *key, int overbooked,
		   const char *fmt, va_list ap)
{
	char msg[320];
	/* Claims that do not fit are no index's fault: a rebuild leaves
	 * them as they are, so they never make --repair rebuild. */
	berth_problem p = {schema_table(tb), key, msg, overbooked,
			   !overbooked && schema_derived(tb)};

	vsnprintf(msg, sizeof msg, fmt, ap);
	ck->problems++;
	if (!ck->stop && ck->cb(&p, ck->arg))
		ck->stop = 1;
}

/* The key as people read it, described in an arena of its own so that a
 * long walk does not grow the transaction's. */
static void describe(checker *ck, store_table tb, sval k, char *buf,
		     size_t size)
{
	arena *keep = ck->t->a;

	arena_reset(ck->naming);
	ck->t->a = ck->naming;
	schema_describe(ck->t, tb, k, buf, size);
	ck->t->a = keep;
}

void problem(checker *ck, store_table tb, sval k, int overbooked,
	     const char *fmt, ...)
{
	char key[256];
	va_list ap;

	describe(ck, tb, k, key, sizeof key);
	va_start(ap, fmt);
	report(ck, tb, key, overbooked, fmt, ap);
	va_end(ap);
}

void entry_problem(checker *ck, store_table tb, const void *e, const char *fmt,
		   ...)
{
	char key[256];
	keybuf k;
	sval kv;
	va_list ap;

	schema_key(tb, e, &k);
	kv.data = k.b;
	kv.len = k.len;
	describe(ck, tb, kv, key, sizeof key);
	va_start(ap, fmt);
	report(ck, tb, key, 0, fmt, ap);
	va_end(ap);
}

void walk(checker *ck, store_table tb, walk_fn fn)
{
	store_cursor *c = store_cursor_open(ck->t->st, tb);
	any_entry e;
	char why[160];
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		if (is_counters_key(tb, k))
			continue; /* not a record: check_counters */
		/* What the entries before this one were read into is not
		 * kept: nor is what the store read them from. */
		store_release(ck->t->st);
		arena_reset(ck->scratch);
		if (schema_decode(tb, FORMAT_CURRENT, k, v, ck->scratch, &e,
				  why, sizeof why)) {
			problem(ck, tb, k, 0, "%s", why);
			/* Its id still counts in the run, when its key says
			 * one: the damage is reported once. */
			uint64_t id;
			if (ck->run.tb == tb && numbered_key(tb, k, &id))
				id_seen(ck, &ck->run, k, id);
			continue;
		}
		if (fn && fn(ck, k, v, &e))
			break;
	}
	store_cursor_close(c);
}

int compare_entry(checker *ck, store_table tb, const void *e)
{
	uint8_t small[512];
	keybuf k;
	wbuf w;
	sval v;
	int rc = 1;

	wb_on(&w, small, sizeof small);
	schema_encode(tb, e, &k, &w);
	if (w.oom) {
		arena_set_failed(ck->t->a);
		rc = 0;
	} else if (store_get(ck->t->st, tb, k.b, k.len, &v)) {
		rc = v.len == w.len && memcmp(v.data, w.p, w.len) == 0 ? 0 : 2;
		if (rc == 2) {
			/* One that does not decode is reported where its table
			 * is walked; say so, so that it is not twice. */
			char why[160];
			any_entry e2;
			sval kv = {k.b, k.len};
			if (schema_decode(tb, FORMAT_CURRENT, kv, v, ck->naming,
					  &e2, why, sizeof why))
				rc = 3;
		}
	}
	wb_free(&w);
	return rc;
}

int load_claim(checker *ck, claim_kind kind, uint64_t id, claim_entry *out)
{
	store_table tb = claim_table(kind);
	char why[160];
	keybuf k;
	sval kv, v;

	id_key(&k, id);
	if (!store_get(ck->t->st, tb, k.b, k.len, &v))
		return 0;
	kv.data = k.b;
	kv.len = k.len;
	return schema_decode(tb, FORMAT_CURRENT, kv, v, ck->scratch, out, why,
			     sizeof why)
		   ? -1
		   : 1;
}

int load_resource(checker *ck, uint32_t rid, resource_entry *out)
{
	char why[160];
	resid_entry re;
	keybuf k;
	sval kv, v;

	arena_reset(ck->naming);
	rid_key(&k, rid);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(ck->t->st, T_RESID, k.b, k.len, &v))
		return 0;
	if (schema_decode(T_RESID, FORMAT_CURRENT, kv, v, ck->naming, &re, why,
			  sizeof why))
		return -1;
	name_key(&k, re.name);
	kv.data = k.b;
	kv.len = k.len;
	if (!store_get(ck->t->st, T_RESOURCE, k.b, k.len, &v))
		return 0;
	if (schema_decode(T_RESOURCE, FORMAT_CURRENT, kv, v, ck->naming, out,
			  why, sizeof why))
		return -1;
	return out->r.rid == rid;
}

/* --- meta and counters --- */

/* The meta entries a store of this format must have; each one found,
 * sound or not, is ticked off, so that damage is reported once. */
static const char *const meta_names[] = {"schema", "format", "tz", "store_id",
					 "audit_key"};
#define NMETA (sizeof meta_names / sizeof *meta_names)

static void check_meta(checker *ck)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_META);
	int seen[NMETA] = {0};
	char why[160];
	meta_entry m;
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		int known = 0;
		for (size_t i = 0; i < NMETA; i++)
			if (k.len == strlen(meta_names[i]) &&
			    !memcmp(k.data, meta_names[i], k.len))
				seen[i] = known = 1;
		arena_reset(ck->scratch);
		if (!known) {
			problem(ck, T_META, k, 0, "is not a name berth writes");
			continue;
		}
		if (meta_decode(k, v, FORMAT_CURRENT, ck->scratch, &m, why,
				sizeof why)) {
			problem(ck, T_META, k, 0, "%s", why);
			continue;
		}
		if ((!strcmp(m.name, "schema") || !strcmp(m.name, "format")) &&
		    m.number != FORMAT_CURRENT)
			problem(ck, T_META, k, 0,
				"says format %llu, the store is in format %d",
				(unsigned long long)m.number, FORMAT_CURRENT);
		else if (!strcmp(m.name, "tz") && !clock_zone_valid(m.text))
			problem(ck, T_META, k, 0,
				"'%s' is not a zone of the system's database",
				m.text);
		else if (!strcmp(m.name, "audit_key") &&
			 chain_unhex(m.text, ck->chain_key))
			problem(ck, T_META, k, 0, "is not 64 hex digits");
		else if (!strcmp(m.name, "audit_key"))
			ck->have_key = 1;
	}
	store_cursor_close(c);
	for (size_t i = 0; i < NMETA; i++)
		if (!seen[i]) {
			sval k2 = {meta_names[i], strlen(meta_names[i])};
			problem(ck, T_META, k2, 0, "missing");
		}
}

/* The id counters, at the end of the audit table. */
static void check_counters(checker *ck)
{
	char why[160];
	keybuf k;
	sval kv;

	ck->have_counters = counters_get(ck->t, ck->counter, ck->chain_head,
					 why, sizeof why) == 1;
	if (ck->have_counters)
		return;
	counters_key(&k);
	kv.data = k.b;
	kv.len = k.len;
	problem(ck, T_AUDIT, kv, 0, "%s", why);
}

void id_seen(checker *ck, id_run *run, sval k, uint64_t id)
{
	if (id > run->next)
		problem(ck, run->tb, k, 0,
			"ids %llu to %llu before it are missing",
			(unsigned long long)run->next,
			(unsigned long long)(id - 1));
	if (ck->have_counters && id > ck->counter[run->kind])
		problem(ck, run->tb, k, 0,
			"is beyond its counter (%llu): the id would be given "
			"twice",
			(unsigned long long)ck->counter[run->kind]);
	run->next = id + 1;
}

static void id_end(checker *ck, id_run *run)
{
	uint64_t last = run->next - 1, want = ck->counter[run->kind];

	if (ck->have_counters && last < want) {
		keybuf rk;
		sval k;
		/* Resource numbers are an index: the gap is the index's. A
		 * record's is the counters' word against the records. */
		if (schema_derived(run->tb))
			rid_key(&rk, (uint32_t)(last + 1));
		else
			counters_key(&rk);
		k.data = rk.b;
		k.len = rk.len;
		problem(ck, schema_derived(run->tb) ? run->tb : T_AUDIT, k, 0,
			"count %llu %s, but %llu to %llu are missing (the "
			"newest cut off?)",
			(unsigned long long)want, counter_name(run->kind),
			(unsigned long long)(last + 1),
			(unsigned long long)want);
	}
}

/* --- resources --- */

static int resource_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_resource *r = &e->resource.r;
	resid_entry re = {.rid = r->rid};
	audit_entry a;
	size_t n;

	(void)k;
	if (compare_entry(ck, T_RESID, &(resid_entry){r->rid, r->name}) % 3)
		entry_problem(ck, T_RESID, &re,
			      "does not name resource '%s', whose number it is",
			      r->name);
	n = v.len - SEAL_LEN;
	if (ck->audit_unsound)
		return 0;
	if (!last_audit(ck, r->name, ENT_RESOURCE, &a))
		problem(ck, T_RESOURCE, k, 0, "has no audit record");
	else if (a.after_len != n || memcmp(a.after, v.data, n))
		problem(ck, T_RESOURCE, k, 0,
			"is not what its last audit record (%llu) says",
			(unsigned long long)a.seq);
	return 0;
}

static int resid_fn(checker *ck, sval k, sval v, any_entry *e)
{
	keybuf rk;
	sval rv;

	(void)v;
	id_seen(ck, &ck->run, k, e->resid.rid);
	name_key(&rk, e->resid.name);
	/* A resource gone (or its name taken again) leaves its number
	 * naming it: its last audit record must say it was removed. */
	if (!store_get(ck->t->st, T_RESOURCE, rk.b, rk.len, &rv)) {
		audit_entry a;
		sval nk = {rk.b, rk.len};
		if (ck->audit_unsound)
			return 0;
		if (!last_audit(ck, e->resid.name, ENT_RESOURCE, &a) || a.after)
			problem(ck, T_RESOURCE, nk, 0,
				"is not there, though resource number %u names "
				"it and no audit record removed it",
				e->resid.rid);
	}
	return 0;
}

/* --- claims --- */

/* An entry a record implies must be there; one that is there but says
 * otherwise is reported from the index's side (check-index.c). */
static void expect_entry(checker *ck, store_table tb, const void *e,
			 const char *id)
{
	if (compare_entry(ck, tb, e) == 1)
		entry_problem(ck, tb, e, "missing, though %s implies it", id);
}

/* A claim's own checks: its resource, its links, its index entries, its
 * audit record. */
static void check_claim(checker *ck, sval k, sval v, const berth_claim *c)
{
	char id[24], other[24];
	resid_entry re = {.rid = c->rid};
	claim_entry ce;
	claim_index ix;
	seat_entry se;
	audit_entry a;
	keybuf rk;
	sval rv;
	size_t n;

	berth_id_format(c->kind, c->id, id, sizeof id);
	rid_key(&rk, c->rid);
	if (!store_get(ck->t->st, T_RESID, rk.b, rk.len, &rv))
		entry_problem(ck, T_RESID, &re, "missing, though %s names it",
			      id);
	else if (compare_entry(ck, T_RESID,
			       &(resid_entry){c->rid, c->resource}) == 2)
		entry_problem(ck, T_RESID, &re,
			      "does not name '%s', as %s says", c->resource,
			      id);

	/* A used hold and its booking name each other. */
	if (c->link) {
		claim_kind ok =
		    c->kind == CLAIM_HOLD ? CLAIM_BOOKING : CLAIM_HOLD;
		arena *keep = ck->scratch;
		berth_id_format(ok, c->link, other, sizeof other);
		/* The linked claim decodes in the naming arena, so that
		 * this one's fields stay where they are. */
		ck->scratch = ck->naming;
		arena_reset(ck->naming);
		if (load_claim(ck, ok, c->link, &ce) != 1 || ce.c.link != c->id)
			problem(ck, c->kind ? T_BOOKING : T_HOLD, k, 0,
				"links to %s, which does not link back", other);
		ck->scratch = keep;
	} else if (c->kind == CLAIM_HOLD && c->status == HOLD_USED) {
		problem(ck, T_HOLD, k, 0, "is used, but names no booking");
	}

	/* Its index entries are summed, not looked up: check-index.c holds
	 * the sums against the indexes' own, and looks entries up only
	 * where they differ. */
	claim_index_of(c, &ix);
	sum_entry(ck, &ck->implied[T_BYRES], T_BYRES, &ix.byres);
	check_reach(ck, c, id);
	{
		series_entry sr;
		if (series_entry_of(c, &sr)) {
			sum_entry(ck, &ck->implied[T_SERIES], T_SERIES, &sr);
			if (ck->have_counters && c->series > ck->counter[ID_SERIES])
				problem(ck, c->kind ? T_BOOKING : T_HOLD, k, 0,
					"is in series s%llu, beyond its counter "
					"(%llu)",
					(unsigned long long)c->series,
					(unsigned long long)
					    ck->counter[ID_SERIES]);
		}
	}
	if (c->customer && *c->customer && ck->have_key) {
		custhist_entry he;
		if (ck->chain || (ck->chain = chain_ctx_new(ck->t->cache_arena,
							    ck->chain_key)))
			if (custhist_entry_of(ck->chain, c, &he))
				sum_entry(ck, &ck->implied[T_CUSTHIST],
					  T_CUSTHIST, &he);
	}
	if (ix.counts) {
		bycust_entry be;
		if (check_cust_of(ck, c, &be) == 1)
			sum_entry(ck, &ck->implied[T_BYCUST], T_BYCUST, &be);
		sum_entry(ck, &ck->implied[T_SPAN], T_SPAN, &ix.span);
		for (uint32_t i = 0; i < c->nseats; i++) {
			claim_seat(c, i, &se);
			sum_entry(ck, &ck->implied[T_SEAT], T_SEAT, &se);
		}
	}
	if (ix.expires) {
		sum_entry(ck, &ck->implied[T_EXPIRY], T_EXPIRY, &ix.expiry);
		sum_entry(ck, &ck->implied[T_DUE], T_DUE, &ix.due);
	}

	n = v.len - SEAL_LEN;
	if (ck->audit_unsound || ck->claims_vouched_all)
		return;
	if (!last_audit(ck, id, ENT_CLAIM, &a))
		problem(ck, c->kind ? T_BOOKING : T_HOLD, k, 0,
			"has no audit record");
	else if (a.after_len != n || memcmp(a.after, v.data, n))
		problem(ck, c->kind ? T_BOOKING : T_HOLD, k, 0,
			"is not what its last audit record (%llu) says",
			(unsigned long long)a.seq);
}

/* The entries of table tb that claim c implies, each looked up. */
static void expect_claim_entries(checker *ck, const berth_claim *c,
				 store_table tb)
{
	claim_index ix;
	seat_entry se;
	char id[24];

	berth_id_format(c->kind, c->id, id, sizeof id);
	claim_index_of(c, &ix);
	if (tb == T_BYRES)
		expect_entry(ck, T_BYRES, &ix.byres, id);
	if (tb == T_SPAN && ix.counts)
		expect_entry(ck, T_SPAN, &ix.span, id);
	for (uint32_t i = 0; tb == T_SEAT && ix.counts && i < c->nseats; i++) {
		claim_seat(c, i, &se);
		expect_entry(ck, T_SEAT, &se, id);
	}
	if (tb == T_EXPIRY && ix.expires)
		expect_entry(ck, T_EXPIRY, &ix.expiry, id);
	if (tb == T_DUE && ix.expires)
		expect_entry(ck, T_DUE, &ix.due, id);
	if (tb == T_SERIES) {
		series_entry sr;
		if (series_entry_of(c, &sr))
			expect_entry(ck, T_SERIES, &sr, id);
	}
	if (tb == T_BYCUST && ix.counts) {
		bycust_entry be;
		if (check_cust_of(ck, c, &be) == 1)
			expect_entry(ck, T_BYCUST, &be, id);
	}
	if (tb == T_CUSTHIST && c->customer && *c->customer && ck->have_key) {
		custhist_entry he;
		if (ck->chain || (ck->chain = chain_ctx_new(ck->t->cache_arena,
							    ck->chain_key)))
			if (custhist_entry_of(ck->chain, c, &he))
				expect_entry(ck, T_CUSTHIST, &he, id);
	}
}

void expect_claims_in(checker *ck, store_table claims, store_table tb)
{
	store_cursor *c = store_cursor_open(ck->t->st, claims);
	char why[160];
	any_entry e;
	sval k, v;

	/* A record that does not decode was reported when its table was
	 * walked, and implies nothing. */
	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		store_release(ck->t->st);
		arena_reset(ck->scratch);
		if (!schema_decode(claims, FORMAT_CURRENT, k, v, ck->scratch,
				   &e, why, sizeof why))
			expect_claim_entries(ck, &e.claim.c, tb);
	}
	store_cursor_close(c);
}

static int claim_fn(checker *ck, sval k, sval v, any_entry *e)
{
	id_seen(ck, &ck->run, k, e->claim.id);
	check_claim(ck, k, v, &e->claim.c);
	return 0;
}

/* --- policies and idempotency keys --- */

static int policy_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const policy_entry *p = &e->policy;
	char entity[BERTH_NAME_MAX + 96];
	resid_entry re = {.rid = p->rid};
	resource_entry now;
	const char *scope = NULL;
	audit_entry a;

	(void)v;
	if (!policy_known(p->key, p->value))
		problem(ck, T_POLICY, k, 0, "%lld is not a value it can have",
			(long long)p->value);
	if (p->rid) {
		char why[64];
		keybuf rk;
		sval rkv, rv;
		rid_key(&rk, p->rid);
		rkv.data = rk.b;
		rkv.len = rk.len;
		if (!store_get(ck->t->st, T_RESID, rk.b, rk.len, &rv)) {
			entry_problem(ck, T_RESID, &re,
				      "missing, though a policy names it");
			return 0;
		}
		if (schema_decode(T_RESID, FORMAT_CURRENT, rkv, rv, ck->scratch,
				  &re, why, sizeof why))
			return 0; /* reported with its table */
		scope = re.name;
		/* A policy of a resource since removed (its name perhaps
		 * taken again) stays behind, and its audit records are not
		 * told apart from the new one's: nothing to hold it to. */
		if (load_resource(ck, p->rid, &now) != 1)
			return 0;
	}
	snprintf(entity, sizeof entity, "policy/%s%s%s", p->key,
		 scope ? "/" : "", scope ? scope : "");
	if (ck->audit_unsound)
		return 0;
	if (!last_audit(ck, entity, ENT_POLICY, &a) || !a.a.after_policy ||
	    (scope && a.seq < created_seq(ck, scope)))
		problem(ck, T_POLICY, k, 0, "has no audit record");
	else if (a.a.after_policy->value != p->value)
		problem(ck, T_POLICY, k, 0,
			"is %lld, its last audit record (%llu) says %lld",
			(long long)p->value, (unsigned long long)a.seq,
			(long long)a.a.after_policy->value);
	return 0;
}

static int idem_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_claim *r = &e->idem.result;
	claim_entry ce;
	char id[24];

	(void)v;
	berth_id_format(r->kind, r->id, id, sizeof id);
	if (load_claim(ck, r->kind, r->id, &ce) == 0)
		problem(ck, T_IDEM, k, 0,
			"answered with %s, which is not there", id);
	return 0;
}

void numbered(checker *ck, store_table tb, id_kind kind, walk_fn fn)
{
	ck->run = (id_run){1, tb, kind};
	walk(ck, tb, fn);
	id_end(ck, &ck->run);
}

berth_status berth_check(berth_txn *t, berth_problem_cb cb, void *arg,
			 uint64_t *problems)
{
	checker ck = {.t = t, .cb = cb, .arg = arg};

	sum_seed(&ck);
	ck.scratch = arena_new();
	ck.naming = arena_new();
	if (!ck.scratch || !ck.naming) {
		arena_free(ck.scratch);
		arena_free(ck.naming);
		return oom();
	}
	check_meta(&ck);
	check_counters(&ck);
	/* The audit log first: records are held against their last audit
	 * record, found through its index, which must be sound for that. */
	check_audit(&ck);
	walk(&ck, T_RESOURCE, resource_fn);
	numbered(&ck, T_RESID, ID_RESOURCE, resid_fn);
	numbered(&ck, T_HOLD, ID_HOLD, claim_fn);
	numbered(&ck, T_BOOKING, ID_BOOKING, claim_fn);
	walk(&ck, T_POLICY, policy_fn);
	walk(&ck, T_IDEM, idem_fn);
	check_calendar(&ck);
	check_service(&ck);
	check_customer(&ck);
	check_waitlist(&ck);
	check_outbox(&ck);
	if (!ck.stop)
		check_indexes(&ck);
	arena_free(ck.scratch);
	arena_free(ck.naming);
	berth_clear();
	*problems = ck.problems;
	return txn_status(t);
}
