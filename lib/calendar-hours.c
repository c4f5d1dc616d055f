/* calendar-hours.c - a resource's opening hours: its week, and hours set
 * for single dates, each one entry keyed by the resource's number and the
 * date (0 for the week), each change audited. Changing hours never
 * touches a claim: bookings made before stay as they are. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"

void hours_entity(const berth_hours *h, char *buf, size_t size)
{
	char date[16];

	if (!h->date) {
		snprintf(buf, size, "hours/%s", h->resource);
		return;
	}
	berth_date_format(h->date, date, sizeof date);
	snprintf(buf, size, "hours/%s/%s", h->resource, date);
}

berth_status berth_hours_set(berth_txn *t, berth_hours *h)
{
	char entity[BERTH_NAME_MAX + 32];
	hours_entry old, e;
	berth_resource *r;
	berth_status st;
	int rc;

	if ((st = role_may_change(t, ENT_HOURS, "hours.set")))
		return st;
	if ((st = res_by_name(t, h->resource, &r)))
		return st;
	h->resource = r->name;
	old = (hours_entry){.rid = r->rid};
	old.h.date = h->date;
	if ((rc = entry_get(t, T_HOURS, &old)) < 0)
		return txn_status(t);
	e.rid = r->rid;
	e.h = *h;
	entry_put(t, T_HOURS, &e);
	hours_entity(h, entity, sizeof entity);
	audit_append(t, "hours.set", entity, ENT_HOURS, rc ? &old.h : NULL, h,
		     NULL, NULL);
	return txn_status(t);
}

berth_status berth_hours_clear(berth_txn *t, const char *resource,
			       int32_t date)
{
	char entity[BERTH_NAME_MAX + 32], day[16];
	berth_resource *r;
	berth_status st;
	hours_entry old;
	int rc;

	if ((st = role_may_change(t, ENT_HOURS, "hours.cleared")))
		return st;
	if ((st = res_by_name(t, resource, &r)))
		return st;
	old = (hours_entry){.rid = r->rid};
	old.h.date = date;
	if ((rc = entry_get(t, T_HOURS, &old)) < 0)
		return txn_status(t);
	if (!rc) {
		berth_date_format(date, day, sizeof day);
		return berth_fail(BERTH_NOT_FOUND, "%s has no hours %s%s",
				  r->name, date ? "set for " : "set",
				  date ? day : "");
	}
	entry_del(t, T_HOURS, &old);
	hours_entity(&old.h, entity, sizeof entity);
	audit_append(t, "hours.cleared", entity, ENT_HOURS, &old.h, NULL, NULL,
		     NULL);
	return txn_status(t);
}

berth_status berth_hours_each(berth_txn *t, const char *resource,
			      berth_hours_cb cb, void *arg)
{
	berth_resource *r;
	berth_status st;
	store_cursor *c;
	keybuf k;
	sval kv, v;

	if ((st = res_by_name(t, resource, &r)))
		return st;
	c = store_cursor_open(t->st, T_HOURS);
	rid_prefix(&k, r->rid);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		hours_entry e;
		if (!key_of_rid(kv, r->rid) || entry_read(t, T_HOURS, kv, v, &e))
			break;
		e.h.resource = r->name;
		if (cb(&e.h, arg))
			break;
	}
	store_cursor_close(c);
	return txn_status(t);
}
