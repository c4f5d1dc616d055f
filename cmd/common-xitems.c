/* common-xitems.c - each line of a whole-store file, written and read:
 * the fields of SPEC.md where they exist (a booking reads as `show`
 * prints it), and what a copy needs beyond them (a resource's number, a
 * claim's buffer and version). Times are RFC 3339 with the resource's
 * offset, to the second, so they read back as the same instant; a
 * duration as berth writes one (1h30m). An audit record and an
 * idempotency key's answer go as their stored bytes in base64 (`record`):
 * the chain hashed those bytes, and a log is never edited; the readable
 * fields beside an audit record are for people and are not read back.
 *
 * This file holds the table of types; common-xitems-write.c writes a
 * line, common-xitems-read.c reads one. */
#include "common-xitems-types.h"

#define FIELDS(...)                                                            \
	(const char *const[])                                                  \
	{                                                                      \
		"type", __VA_ARGS__, NULL                                      \
	}

#define CLAIM_FIELDS                                                           \
	"id", "resource", "resource_number", "start", "end", "buffer",         \
	    "quantity", "seats", "customer", "status", "payment_status",       \
	    "payment_method", "payment_ref", "series", "version",              \
	    "reschedules", "attrs", "created_at", "updated_at", "expires_at",   \
	    "service", "price", "amount_paid"

/* Each type: its name in the file, its writer and reader, and every
 * field a line of it may have: one a line does not know is refused, so
 * that what a newer berth wrote is never dropped unseen. */
const struct xtype xtypes[] = {
    {"store", BERTH_X_STORE, -1, xw_store, xr_store,
     FIELDS("store_id", "tz", "audit", "audit_key", "last_ids")},
    {"resource", BERTH_X_RESOURCE, -1, xw_resource, xr_resource,
     FIELDS("number", "name", "capacity", "seats", "tz", "buffer", "slot",
	    "location", "attrs", "created_at", "updated_at")},
    {"removed_resource", BERTH_X_RESID, -1, xw_resid, xr_resid,
     FIELDS("number", "name")},
    {"policy", BERTH_X_POLICY, -1, xw_policy, xr_policy,
     FIELDS("key", "value", "resource", "service")},
    {"hours", BERTH_X_HOURS, -1, xw_hours, xr_hours,
     FIELDS("resource", "date", "hours", "week")},
    {"holiday", BERTH_X_HOLIDAY, -1, xw_holiday, xr_holiday,
     FIELDS("id", "name", "from", "to", "recurring", "resources")},
    {"timeoff", BERTH_X_TIMEOFF, -1, xw_timeoff, xr_timeoff,
     FIELDS("id", "resource", "from", "to", "reason")},
    {"service", BERTH_X_SERVICE, -1, xw_service, xr_service,
     FIELDS("name", "duration", "buffer", "price", "resources", "created_at",
	    "updated_at")},
    {"hold", BERTH_X_CLAIM, 1, xw_claim, xr_hold,
     FIELDS(CLAIM_FIELDS, "booking")},
    {"booking", BERTH_X_CLAIM, 0, xw_claim, xr_booking,
     FIELDS(CLAIM_FIELDS, "hold")},
    {"idempotency", BERTH_X_IDEM, -1, xw_idem, xr_idem, FIELDS("key", "record")},
    {"audit", BERTH_X_AUDIT, -1, xw_audit, xr_audit,
     FIELDS("seq", "at", "actor", "action", "entity", "hash", "record")},
    {"customer", BERTH_X_CUSTOMER, -1, xw_customer, xr_customer,
     FIELDS("id", "record")},
    {"waitlist", BERTH_X_WAITLIST, -1, xw_waitlist, xr_waitlist,
     FIELDS("id", "customer", "status", "record")},
};
const size_t nxtypes = sizeof xtypes / sizeof *xtypes;

const struct xtype *xtype_of(const berth_xitem *it)
{
	for (size_t i = 0; i < nxtypes; i++)
		if (xtypes[i].type == it->type &&
		    (xtypes[i].hold < 0 ||
		     xtypes[i].hold == (it->claim.kind == CLAIM_HOLD)))
			return &xtypes[i];
	return NULL;
}

const char *xitem_type_name(const berth_xitem *it)
{
	const struct xtype *x = xtype_of(it);

	return x ? x->name : NULL;
}
