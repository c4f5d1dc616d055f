/* service-describe.c - a service as every verb shows it: its length and
 * buffer as durations, its price as an exact amount ("75.00"), and null
 * for a buffer or price it does not have. */
#include "common.h"

void describe_service_fields(emitter *e, const berth_service *s)
{
	char buf[32];

	emit_str(e, "name", s->name);
	clock_format_duration(s->duration, buf, sizeof buf);
	emit_str(e, "duration", buf);
	if (s->buffer >= 0)
		clock_format_duration(s->buffer, buf, sizeof buf);
	emit_str(e, "buffer", s->buffer >= 0 ? buf : NULL);
	if (s->price >= 0)
		berth_price_format(s->price, buf, sizeof buf);
	emit_str(e, "price", s->price >= 0 ? buf : NULL);
	emit_key(e, "resources");
	emit_list_begin(e);
	for (uint32_t i = 0; i < s->nres; i++)
		emit_string(e, s->resources[i]);
	emit_end(e);
	emit_time(e, "created_at", s->created_at, NULL);
	emit_time(e, "updated_at", s->updated_at, NULL);
}

void describe_service(emitter *e, const berth_service *s)
{
	emit_record_begin(e);
	describe_service_fields(e, s);
	emit_record_end(e);
}
