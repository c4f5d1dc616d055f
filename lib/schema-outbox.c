/* schema-outbox.c - the outbox's tables: events by seq, each notifier's
 * cursor by its name, and each delivery by notifier and event. An event
 * keeps the seq of the audit record it came from instead of a copy of the
 * entity: the log holds the state after the change, and keeps it. */
#include <string.h>

#include "schema-codec.h"

#define OUTBOX_RECORD 1

/* A type is the audit's vocabulary: ENTITY.VERB, lower case. */
static void type_in_range(rbuf *r, const char *type)
{
	const char *dot;

	if (r->bad)
		return;
	if (!type || !(dot = strchr(type, '.')) || dot == type || !dot[1] ||
	    strlen(type) > 64)
		rb_bad(r, "event type is not ENTITY.VERB");
}

static void at_or_none(rbuf *r, const char *what, btime t)
{
	if (t != BTIME_NEVER)
		time_in_range(r, what, t);
}

void enc_event(const void *ep, keybuf *k, wbuf *w)
{
	const event_entry *e = ep;

	id_key(k, e->seq);
	if (!w)
		return;
	wb_u8(w, OUTBOX_RECORD);
	wb_i64(w, e->at);
	wb_str(w, e->type);
	wb_str(w, e->entity);
	wb_u64(w, e->audit_seq);
}

void dec_event(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	event_entry *e = ep;

	(void)version;
	memset(e, 0, sizeof *e);
	e->seq = rb_u64(k);
	id_in_range(k, e->seq);
	e->at = rb_i64(r);
	time_in_range(r, "time", e->at);
	e->type = rb_str(r);
	type_in_range(r, e->type);
	e->entity = rb_str(r);
	if (!r->bad && (!e->entity || !*e->entity))
		rb_bad(r, "no entity");
	e->audit_seq = rb_u64(r);
	if (!r->bad)
		id_in_range(r, e->audit_seq);
}

void enc_notifier(const void *ep, keybuf *k, wbuf *w)
{
	const notifier_entry *e = ep;

	name_key(k, e->name);
	if (!w)
		return;
	wb_u8(w, OUTBOX_RECORD);
	wb_u64(w, e->cursor);
	wb_i64(w, e->created_at);
	wb_i64(w, e->last_at);
}

void dec_notifier(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	notifier_entry *e = ep;

	(void)version;
	memset(e, 0, sizeof *e);
	e->name = rk_str(k);
	name_in_range(k, e->name);
	e->cursor = rb_u64(r);
	if (!r->bad && e->cursor > (uint64_t)INT64_MAX)
		rb_bad(r, "cursor %llu is out of range",
		       (unsigned long long)e->cursor);
	e->created_at = rb_i64(r);
	time_in_range(r, "creation time", e->created_at);
	e->last_at = rb_i64(r);
	time_in_range(r, "last run", e->last_at);
}

void enc_delivery(const void *ep, keybuf *k, wbuf *w)
{
	const delivery_entry *e = ep;

	delivery_key(k, e->name, e->seq);
	if (!w)
		return;
	wb_u8(w, OUTBOX_RECORD);
	wb_u8(w, (uint8_t)e->status);
	wb_u32(w, e->attempts);
	wb_i64(w, e->next_at);
	wb_i64(w, e->lease_until);
	wb_u64(w, e->lease_owner);
	wb_i64(w, e->last_at);
	wb_i64(w, e->last_exit);
	wb_str(w, e->last_error);
}

void dec_delivery(rbuf *k, rbuf *r, unsigned version, void *ep)
{
	delivery_entry *e = ep;
	unsigned status;

	(void)version;
	memset(e, 0, sizeof *e);
	e->name = rk_str(k);
	name_in_range(k, e->name);
	e->seq = rb_u64(k);
	id_in_range(k, e->seq);
	status = rb_u8(r);
	if (!r->bad && status > DELIVERY_DEAD)
		rb_bad(r, "delivery status %u is unknown", status);
	e->status = (delivery_status)status;
	e->attempts = rb_u32(r);
	if (!r->bad && e->attempts > 1000000)
		rb_bad(r, "%u attempts", e->attempts);
	e->next_at = rb_i64(r);
	time_in_range(r, "next attempt", e->next_at);
	e->lease_until = rb_i64(r);
	at_or_none(r, "lease", e->lease_until);
	e->lease_owner = rb_u64(r);
	e->last_at = rb_i64(r);
	at_or_none(r, "last attempt", e->last_at);
	e->last_exit = rb_i64(r);
	if (!r->bad && (e->last_exit < -1 || e->last_exit > 255))
		rb_bad(r, "exit status %lld is out of range",
		       (long long)e->last_exit);
	e->last_error = rb_str(r);
}
