/* check-calendar.c - the calendar's tables: every entry decodes (walk
 * reports those that do not), ids are not beyond their counters, hours
 * and time off belong to a resource number there is, the resources a
 * holiday names were resources, each index entry is implied by its record
 * and each record's are there, and each record is what its last audit
 * record says. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "check.h"

static void beyond_counter(checker *ck, store_table tb, sval k, uint64_t id,
			   id_kind kind)
{
	if (ck->have_counters && id > ck->counter[kind])
		problem(ck, tb, k, 0,
			"is beyond its counter (%llu): the id would be given "
			"twice",
			(unsigned long long)ck->counter[kind]);
}

void check_audited(checker *ck, store_table tb, sval k, sval v,
		    const char *entity, entity_type type)
{
	size_t n = v.len - SEAL_LEN;
	audit_entry a;

	if (ck->audit_unsound)
		return;
	if (!last_audit(ck, entity, type, &a))
		problem(ck, tb, k, 0, "has no audit record");
	else if (a.after_len != n || memcmp(a.after, v.data, n))
		problem(ck, tb, k, 0,
			"is not what its last audit record (%llu) says",
			(unsigned long long)a.seq);
}

static int known_rid(checker *ck, uint32_t rid)
{
	keybuf k;
	sval v;

	rid_key(&k, rid);
	return store_get(ck->t->st, T_RESID, k.b, k.len, &v);
}

static int hours_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_hours *h = &e->hours.h;
	char entity[BERTH_NAME_MAX + 32], date[16];

	if (!known_rid(ck, e->hours.rid))
		problem(ck, T_HOURS, k, 0, "is of resource number %u, which "
			"was never given", e->hours.rid);
	berth_date_format(h->date, date, sizeof date);
	snprintf(entity, sizeof entity, "hours/%s%s%s", h->resource,
		 h->date ? "/" : "", h->date ? date : "");
	check_audited(ck, T_HOURS, k, v, entity, ENT_HOURS);
	return 0;
}

static int holiday_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_holiday *h = &e->holiday.h;
	uint32_t days[CAL_SPAN_MAX];
	int n = holiday_days(h, days);
	char entity[24];

	beyond_counter(ck, T_HOLIDAY, k, h->id, ID_HOLIDAY);
	for (uint32_t i = 0; i < h->nres; i++)
		if (!ck->audit_unsound && !created_seq(ck, h->resources[i]))
			problem(ck, T_HOLIDAY, k, 0,
				"names resource '%s', which never was",
				h->resources[i]);
	for (int i = 0; i < n; i++) {
		holiday_day_entry d = {days[i], h->id};
		if (compare_entry(ck, T_HOLIDAY_DAY, &d) == 1)
			entry_problem(ck, T_HOLIDAY_DAY, &d,
				      "missing, though d%llu implies it",
				      (unsigned long long)h->id);
	}
	snprintf(entity, sizeof entity, "d%llu", (unsigned long long)h->id);
	check_audited(ck, T_HOLIDAY, k, v, entity, ENT_HOLIDAY);
	return 0;
}

static int holiday_day_fn(checker *ck, sval k, sval v, any_entry *e)
{
	holiday_entry h = {.h = {.id = e->holiday_day.id}};
	uint32_t days[CAL_SPAN_MAX];
	char why[160];
	keybuf hk;
	sval hkv, hv;
	int n;

	(void)v;
	id_key(&hk, h.h.id);
	hkv.data = hk.b;
	hkv.len = hk.len;
	if (!store_get(ck->t->st, T_HOLIDAY, hk.b, hk.len, &hv)) {
		problem(ck, T_HOLIDAY_DAY, k, 0, "names d%llu, which is not there",
			(unsigned long long)h.h.id);
		return 0;
	}
	if (schema_decode(T_HOLIDAY, FORMAT_CURRENT, hkv, hv, ck->naming, &h,
			  why, sizeof why))
		return 0; /* reported with its table */
	n = holiday_days(&h.h, days);
	for (int i = 0; i < n; i++)
		if (days[i] == e->holiday_day.day)
			return 0;
	problem(ck, T_HOLIDAY_DAY, k, 0, "is not a day of d%llu",
		(unsigned long long)h.h.id);
	return 0;
}

static int timeoff_fn(checker *ck, sval k, sval v, any_entry *e)
{
	const berth_timeoff *o = &e->timeoff.o;
	timeoff_by_entry ix;
	char entity[24];

	beyond_counter(ck, T_TIMEOFF, k, o->id, ID_TIMEOFF);
	if (!known_rid(ck, o->rid))
		problem(ck, T_TIMEOFF, k, 0, "is of resource number %u, which "
			"was never given", o->rid);
	timeoff_index_of(o, &ix);
	if (compare_entry(ck, T_TIMEOFF_BY, &ix) == 1)
		entry_problem(ck, T_TIMEOFF_BY, &ix,
			      "missing, though t%llu implies it",
			      (unsigned long long)o->id);
	snprintf(entity, sizeof entity, "t%llu", (unsigned long long)o->id);
	check_audited(ck, T_TIMEOFF, k, v, entity, ENT_TIMEOFF);
	return 0;
}

static int timeoff_by_fn(checker *ck, sval k, sval v, any_entry *e)
{
	timeoff_entry o = {.o = {.id = e->timeoff_by.id}};
	timeoff_by_entry ix;
	char why[160];
	keybuf ok;
	sval okv, ov;

	(void)v;
	id_key(&ok, o.o.id);
	okv.data = ok.b;
	okv.len = ok.len;
	if (!store_get(ck->t->st, T_TIMEOFF, ok.b, ok.len, &ov)) {
		problem(ck, T_TIMEOFF_BY, k, 0, "names t%llu, which is not there",
			(unsigned long long)o.o.id);
		return 0;
	}
	if (schema_decode(T_TIMEOFF, FORMAT_CURRENT, okv, ov, ck->naming, &o,
			  why, sizeof why))
		return 0;
	timeoff_index_of(&o.o, &ix);
	if (ix.rid != e->timeoff_by.rid || ix.to != e->timeoff_by.to ||
	    ix.from != e->timeoff_by.from)
		problem(ck, T_TIMEOFF_BY, k, 0, "is not what t%llu says",
			(unsigned long long)o.o.id);
	return 0;
}

void check_calendar(checker *ck)
{
	walk(ck, T_HOURS, hours_fn);
	walk(ck, T_HOLIDAY, holiday_fn);
	walk(ck, T_HOLIDAY_DAY, holiday_day_fn);
	walk(ck, T_TIMEOFF, timeoff_fn);
	walk(ck, T_TIMEOFF_BY, timeoff_by_fn);
}
