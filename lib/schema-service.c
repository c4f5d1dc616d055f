/* schema-service.c - the service table: a service's record by its name.
 * The record is also what an audit record keeps as before and after, byte
 * for byte, so `check` can hold one against the other. A buffer or price
 * that is not set is stored as -1, so "none" is never read as zero. */
#include <string.h>

#include "schema-codec.h"

#define SERVICE_RECORD 1

void schema_put_service(wbuf *w, const berth_service *s)
{
	wb_u8(w, SERVICE_RECORD);
	wb_str(w, s->name);
	wb_i64(w, s->duration);
	wb_i64(w, s->buffer);
	wb_i64(w, s->price);
	wb_u32(w, s->nres);
	for (uint32_t i = 0; i < s->nres; i++)
		wb_str(w, s->resources[i]);
	wb_i64(w, s->created_at);
	wb_i64(w, s->updated_at);
}

static void get_service_fields(rbuf *r, berth_service *s)
{
	memset(s, 0, sizeof *s);
	s->name = rb_str(r);
	name_in_range(r, s->name);
	s->duration = rb_i64(r);
	s->buffer = rb_i64(r);
	s->price = rb_i64(r);
	if (!r->bad && (s->duration < 1 || s->duration > POLICY_MAX ||
			s->buffer < -1 || s->buffer > POLICY_MAX ||
			s->price < -1 || s->price > BERTH_PRICE_MAX))
		rb_bad(r, "duration, buffer or price out of range");
	s->nres = rb_u32(r);
	if (!r->bad && s->nres > BERTH_SERVICE_RESOURCES)
		rb_bad(r, "%u resources named", s->nres);
	if (r->bad)
		return;
	if (s->nres &&
	    !(s->resources = arena_alloc(r->a, s->nres * sizeof *s->resources))) {
		rb_bad(r, "out of memory");
		return;
	}
	for (uint32_t i = 0; i < s->nres && !r->bad; i++) {
		s->resources[i] = rb_str(r);
		name_in_range(r, s->resources[i]);
	}
	s->created_at = rb_i64(r);
	time_in_range(r, "creation time", s->created_at);
	s->updated_at = rb_i64(r);
	time_in_range(r, "update time", s->updated_at);
}

/* An audit record's copy: the version byte first, as in the table. */
void service_get_record(rbuf *r, berth_service *out)
{
	unsigned version = rb_u8(r);

	if (!r->bad && version != SERVICE_RECORD) {
		rb_bad(r, "service record version %u is unknown", version);
		return;
	}
	get_service_fields(r, out);
}

void enc_service(const void *ep, keybuf *k, wbuf *w)
{
	const service_entry *e = ep;

	name_key(k, e->s.name);
	if (w)
		schema_put_service(w, &e->s);
}

void dec_service(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	service_entry *e = ep;
	const char *name = rk_str(k);

	(void)version;
	get_service_fields(r, &e->s);
	if (!r->bad && !k->bad && strcmp(name, e->s.name))
		rb_bad(r, "the record is of service '%s'", e->s.name);
}
