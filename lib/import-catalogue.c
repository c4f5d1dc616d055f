/* import-catalogue.c - the catalogue's items of an import: each written
 * as the verb that makes it would write it (record and derived entries),
 * with its id, number and times as the file gives them, checked as that
 * verb checks its values; audited as TYPE.imported unless the file brings
 * its log. A name or id there already is ALREADY_EXISTS. */
#include <string.h>

#include "calendar.h"
#include "import.h"
#include "service.h"

static void audit_new(berth_txn *t, berth_import *im, const char *action,
		      const char *entity, entity_type type, const void *e)
{
	if (!import_audited(im))
		audit_append(t, action, entity, type, NULL, e, NULL, NULL);
}

static berth_status resource_of(berth_txn *t, const char *name,
				berth_resource **r)
{
	if (!name)
		return berth_fail(BERTH_INVALID_ARGUMENT, "no resource named");
	return res_by_name(t, name, r);
}

berth_status import_resource(berth_txn *t, berth_import *im, berth_xitem *it,
			     const berth_xcivil *cv)
{
	berth_resource *r = &it->resource;
	resid_entry id = {.rid = r->rid};
	berth_status st;
	keybuf k;
	sval v;

	(void)cv;
	if ((st = berth_check_name(r->name)))
		return st;
	if (!r->tz)
		r->tz = t->zone;
	if ((st = resource_validate(r)))
		return st;
	name_key(&k, r->name);
	if (store_get(t->st, T_RESOURCE, k.b, k.len, &v))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "resource '%s' is there already", r->name);
	if (r->rid == 0 && !(r->rid = (uint32_t)next_id(t, ID_RESOURCE)))
		return txn_status(t);
	id.rid = r->rid;
	if (entry_get(t, T_RESID, &id) != 0)
		return txn_status(t) ? txn_status(t)
				     : berth_fail(BERTH_ALREADY_EXISTS,
						  "resource number %u is "
						  "there already",
						  r->rid);
	if (ids_keep(t, ID_RESOURCE, r->rid))
		return txn_status(t);
	if (!r->created_at)
		r->created_at = t->now;
	if (!r->updated_at)
		r->updated_at = r->created_at;
	entry_put(t, T_RESOURCE, &(resource_entry){.name = r->name, .r = *r});
	entry_put(t, T_RESID, &(resid_entry){r->rid, r->name});
	audit_new(t, im, "resource.imported", r->name, ENT_RESOURCE, r);
	return txn_status(t);
}

/* A removed resource's number: its claims name it still. */
berth_status import_resid(berth_txn *t, berth_import *im, berth_xitem *it,
			  const berth_xcivil *cv)
{
	resid_entry id = {.rid = it->resource.rid};

	(void)cv;
	if (!id.rid || !it->resource.name)
		return berth_fail(
		    BERTH_INVALID_ARGUMENT,
		    "a removed resource needs its number and name");
	if (entry_get(t, T_RESID, &id) != 0)
		return txn_status(t) ? txn_status(t)
				     : berth_fail(BERTH_ALREADY_EXISTS,
						  "resource number %u is "
						  "there already",
						  id.rid);
	if (ids_keep(t, ID_RESOURCE, id.rid))
		return txn_status(t);
	entry_put(t, T_RESID, &(resid_entry){id.rid, it->resource.name});
	/* Without the log, one record that says it is gone: before it, its
	 * number and name, after it nothing, as a removal leaves it. */
	if (!import_audited(im)) {
		berth_resource r = {.rid = id.rid,
				    .name = it->resource.name,
				    .capacity = 1,
				    .tz = t->zone};
		audit_append(t, "resource.imported", r.name, ENT_RESOURCE, &r,
			     NULL, NULL, NULL);
	}
	return txn_status(t);
}

berth_status import_policy(berth_txn *t, berth_import *im, berth_xitem *it,
			   const berth_xcivil *cv)
{
	(void)cv;
	if (!it->policy.key || !it->policy_value)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a policy needs its key and value");
	if (it->policy.service) {
		if (it->policy.scope)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "a policy is a resource's or a "
					  "service's, not both");
		return policy_import_service(t, it->policy.key,
					     it->policy_value,
					     it->policy.service,
					     import_audited(im), &it->policy);
	}
	return policy_import(t, it->policy.key, it->policy_value,
			     it->policy.scope, import_audited(im), &it->policy);
}

berth_status import_hours(berth_txn *t, berth_import *im, berth_xitem *it,
			  const berth_xcivil *cv)
{
	berth_hours *h = &it->hours;
	hours_entry e;
	berth_resource *r;
	char entity[BERTH_NAME_MAX + 32];
	berth_status st;
	int rc;

	(void)cv;
	if ((st = resource_of(t, h->resource, &r)))
		return st;
	h->resource = r->name;
	e = (hours_entry){.rid = r->rid};
	e.h.date = h->date;
	if ((rc = entry_get(t, T_HOURS, &e)) != 0)
		return rc < 0 ? txn_status(t)
			      : berth_fail(BERTH_ALREADY_EXISTS,
					   "%s's hours are there already",
					   r->name);
	e.h = *h;
	entry_put(t, T_HOURS, &e);
	hours_entity(h, entity, sizeof entity);
	audit_new(t, im, "hours.imported", entity, ENT_HOURS, h);
	return txn_status(t);
}

berth_status import_holiday(berth_txn *t, berth_import *im, berth_xitem *it,
			    const berth_xcivil *cv)
{
	berth_holiday *h = &it->holiday;
	holiday_entry e;
	char entity[24];
	berth_status st;

	(void)cv;
	if (h->to < h->from ||
	    cal_days(h->to) - cal_days(h->from) >= CAL_SPAN_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a holiday runs forward, at most %d days",
				  CAL_SPAN_MAX);
	if (h->name && (st = berth_check_text("name", h->name)))
		return st;
	for (uint32_t i = 0; i < h->nres; i++) {
		berth_resource *r;
		if ((st = res_by_name(t, h->resources[i], &r)))
			return st;
		h->resources[i] = r->name;
	}
	if (!h->id && !(h->id = next_id(t, ID_HOLIDAY)))
		return txn_status(t);
	e.h.id = h->id;
	if (entry_get(t, T_HOLIDAY, &e) != 0)
		return txn_status(t)
			   ? txn_status(t)
			   : berth_fail(BERTH_ALREADY_EXISTS,
					"holiday d%llu is there already",
					(unsigned long long)h->id);
	if (ids_keep(t, ID_HOLIDAY, h->id))
		return txn_status(t);
	entry_put(t, T_HOLIDAY, &(holiday_entry){*h});
	holiday_index(t, h, 1);
	holiday_entity(h->id, entity, sizeof entity);
	audit_new(t, im, "holiday.imported", entity, ENT_HOLIDAY, h);
	return txn_status(t);
}

berth_status import_timeoff(berth_txn *t, berth_import *im, berth_xitem *it,
			    const berth_xcivil *cv)
{
	berth_timeoff *o = &it->timeoff;
	timeoff_entry e;
	timeoff_by_entry ix;
	berth_resource *r;
	char entity[24];
	berth_status st;

	(void)cv;
	if ((st = resource_of(t, o->resource, &r)))
		return st;
	if (o->reason && (st = berth_check_text("reason", o->reason)))
		return st;
	if (o->to <= o->from)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "time off must end after it starts");
	o->rid = r->rid;
	o->resource = r->name;
	o->zone = r->tz;
	if (!o->id && !(o->id = next_id(t, ID_TIMEOFF)))
		return txn_status(t);
	e.o.id = o->id;
	if (entry_get(t, T_TIMEOFF, &e) != 0)
		return txn_status(t) ? txn_status(t)
				     : berth_fail(BERTH_ALREADY_EXISTS,
						  "time off t%llu is there "
						  "already",
						  (unsigned long long)o->id);
	if (ids_keep(t, ID_TIMEOFF, o->id))
		return txn_status(t);
	entry_put(t, T_TIMEOFF, &(timeoff_entry){*o});
	timeoff_index_of(o, &ix);
	entry_put(t, T_TIMEOFF_BY, &ix);
	timeoff_entity(o->id, entity, sizeof entity);
	audit_new(t, im, "timeoff.imported", entity, ENT_TIMEOFF, o);
	return txn_status(t);
}

berth_status import_service(berth_txn *t, berth_import *im, berth_xitem *it,
			    const berth_xcivil *cv)
{
	berth_service *s = &it->service;
	char entity[BERTH_NAME_MAX + 16];
	berth_status st;
	keybuf k;
	sval v;

	(void)cv;
	if ((st = berth_check_name(s->name)) || (st = svc_validate(t, s)))
		return st;
	name_key(&k, s->name);
	if (store_get(t->st, T_SERVICE, k.b, k.len, &v))
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "service '%s' is there already", s->name);
	if (!s->created_at)
		s->created_at = t->now;
	if (!s->updated_at)
		s->updated_at = s->created_at;
	entry_put(t, T_SERVICE, &(service_entry){*s});
	svc_entity(s->name, entity, sizeof entity);
	audit_new(t, im, "service.imported", entity, ENT_SERVICE, s);
	return txn_status(t);
}
