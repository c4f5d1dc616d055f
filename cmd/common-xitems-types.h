/* common-xitems-types.h - inside the lines of a whole-store file: the
 * table of types (common-xitems.c), each type's writer
 * (common-xitems-write.c) and reader (common-xitems-read.c). Only those
 * three files include it; everything else speaks common-xitems.h. */
#ifndef BERTH_COMMON_XITEMS_TYPES_H
#define BERTH_COMMON_XITEMS_TYPES_H

#include "common-xitems.h"
#include "../lib/jline.h"

/* A line being read: its object, where its strings go, and the first
 * field that did not read. */
typedef struct {
	const jline *j;
	size_t o; /* the line's object: j->v[o] */
	arena *a;
	const char *bad; /* the first field that did not read */
} rd;

/* Each type: its name in the file, its writer and reader, and every
 * field a line of it may have. */
struct xtype {
	const char *name;
	berth_xtype type;
	int hold; /* a claim line: 1 hold, 0 booking, -1 another type */
	void (*write)(emitter *e, const berth_xitem *it);
	void (*read)(rd *r, berth_xitem *it, berth_xcivil *cv);
	const char *const *fields;
};
extern const struct xtype xtypes[];
extern const size_t nxtypes;
/* The type of an item (a claim's by its kind), or NULL. */
const struct xtype *xtype_of(const berth_xitem *it);

void xw_store(emitter *e, const berth_xitem *it);
void xw_resource(emitter *e, const berth_xitem *it);
void xw_resid(emitter *e, const berth_xitem *it);
void xw_policy(emitter *e, const berth_xitem *it);
void xw_hours(emitter *e, const berth_xitem *it);
void xw_holiday(emitter *e, const berth_xitem *it);
void xw_timeoff(emitter *e, const berth_xitem *it);
void xw_service(emitter *e, const berth_xitem *it);
void xw_claim(emitter *e, const berth_xitem *it);
void xw_idem(emitter *e, const berth_xitem *it);
void xw_audit(emitter *e, const berth_xitem *it);
void xw_customer(emitter *e, const berth_xitem *it);
void xw_waitlist(emitter *e, const berth_xitem *it);

void xr_store(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_resource(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_resid(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_policy(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_hours(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_holiday(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_timeoff(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_service(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_hold(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_booking(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_idem(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_audit(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_customer(rd *r, berth_xitem *it, berth_xcivil *cv);
void xr_waitlist(rd *r, berth_xitem *it, berth_xcivil *cv);

#endif
