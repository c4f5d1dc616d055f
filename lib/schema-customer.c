/* schema-customer.c - the customer table: a customer's contact data by
 * its id. The record is also what an audit record keeps as before and
 * after, byte for byte, so `check` can hold one against the other, and
 * `customer forget` rewrites the audit's copies field by field (each
 * personal text replaced by its pseudonym, pseudonym.c). A field not
 * given is stored as none, never as an empty text. */
#include <string.h>

#include "schema-codec.h"

#define CUSTOMER_RECORD 1

void schema_put_customer(wbuf *w, const berth_customer *c)
{
	wb_u8(w, CUSTOMER_RECORD);
	wb_str(w, c->id);
	wb_str(w, c->name);
	wb_str(w, c->email);
	wb_str(w, c->phone);
	schema_put_attrs(w, &c->attrs);
	wb_i64(w, c->created_at);
	wb_i64(w, c->updated_at);
}

static void text_in_range(rbuf *r, const char *what, const char *s)
{
	if (!r->bad && s && strlen(s) > BERTH_TEXT_MAX)
		rb_bad(r, "%s too long", what);
}

static void get_customer_fields(rbuf *r, berth_customer *c)
{
	memset(c, 0, sizeof *c);
	c->id = rb_str(r);
	if (!r->bad && (!c->id || !*c->id))
		rb_bad(r, "customer record without an id");
	text_in_range(r, "customer id", c->id);
	c->name = rb_str(r);
	text_in_range(r, "name", c->name);
	c->email = rb_str(r);
	text_in_range(r, "email", c->email);
	c->phone = rb_str(r);
	text_in_range(r, "phone", c->phone);
	schema_get_attrs(r, &c->attrs);
	c->created_at = rb_i64(r);
	time_in_range(r, "creation time", c->created_at);
	c->updated_at = rb_i64(r);
	time_in_range(r, "update time", c->updated_at);
}

/* An audit record's copy: the version byte first, as in the table. */
void customer_get_record(rbuf *r, berth_customer *out)
{
	unsigned version = rb_u8(r);

	if (!r->bad && version != CUSTOMER_RECORD) {
		rb_bad(r, "customer record version %u is unknown", version);
		return;
	}
	get_customer_fields(r, out);
}

void enc_customer(const void *ep, keybuf *k, wbuf *w)
{
	const customer_entry *e = ep;

	name_key(k, e->c.id);
	if (w)
		schema_put_customer(w, &e->c);
}

void dec_customer(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	customer_entry *e = ep;
	const char *id = rk_str(k);

	(void)version;
	get_customer_fields(r, &e->c);
	if (!r->bad && !k->bad && strcmp(id, e->c.id))
		rb_bad(r, "the record is of customer '%s'", e->c.id);
}

int schema_customer_record(const uint8_t *p, size_t n, arena *a,
			   berth_customer *out)
{
	rbuf r;

	rb_init(&r, p, n, a);
	customer_get_record(&r, out);
	rb_end(&r);
	return r.bad ? -1 : 0;
}
