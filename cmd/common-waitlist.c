/* common-waitlist.c - a waitlist entry as every verb shows it (waitlist,
 * and the before and after of its audit records and events). */
#include "common.h"

void describe_waitlist_fields(emitter *e, const berth_waitlist *w, btime now)
{
	char buf[64], from[16], to[16];
	size_t n = 0;

	berth_waitlist_id_format(w->id, buf, sizeof buf);
	emit_str(e, "id", buf);
	emit_str(e, "resource", w->resource);
	emit_str(e, "service", w->service);
	emit_str(e, "location", w->location);
	emit_str(e, "customer", w->customer);
	berth_date_format(w->from, from, sizeof from);
	berth_date_format(w->to, to, sizeof to);
	emit_str(e, "from", from);
	emit_str(e, "to", to);
	buf[0] = 0;
	for (int i = 0; i < 7; i++)
		if (w->days & (1u << i))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
					      n ? "," : "",
					      berth_weekday_name(i));
	emit_str(e, "days", buf);
	snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", w->times_start / 60,
		 w->times_start % 60, w->times_end / 60, w->times_end % 60);
	emit_str(e, "times", buf);
	clock_format_duration(w->duration, buf, sizeof buf);
	emit_str(e, "duration", buf);
	emit_int(e, "quantity", w->quantity);
	emit_int(e, "priority", w->priority);
	emit_str(e, "status",
		 berth_waitlist_status_name(berth_waitlist_effective(w, now)));
	if (w->offer) {
		berth_id_format(CLAIM_HOLD, w->offer, buf, sizeof buf);
		emit_str(e, "offer", buf);
		emit_time(e, "offer_expires_at", w->offer_expires, w->zone);
	} else {
		emit_str(e, "offer", NULL);
		emit_time(e, "offer_expires_at", BTIME_NEVER, w->zone);
	}
	if (w->booking)
		berth_id_format(CLAIM_BOOKING, w->booking, buf, sizeof buf);
	emit_str(e, "booking", w->booking ? buf : NULL);
	emit_int(e, "version", w->version);
	emit_time(e, "created_at", w->created_at, w->zone);
	emit_time(e, "updated_at", w->updated_at, w->zone);
}
