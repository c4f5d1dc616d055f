/* outbox.c - the events of every change, written in the change's own
 * transaction beside its audit record, so that an event exists exactly
 * when its change committed; and what is done to them from outside the
 * changes: listing, retrying what a notifier gave up, pruning what every
 * notifier has delivered. Delivering is notify.c's. */
#include <fnmatch.h>
#include <string.h>

#include "internal.h"

/* Each change names one action; the events it implies may be more than
 * one (DECISIONS.md): every booking has one booking.created, whether it
 * was booked or came from a hold, and one booking.confirmed once it is
 * confirmed; a payment also emits payment.updated and a resource's change
 * resource.changed, for a subscriber who wants the kind of change rather
 * than each step. */
size_t outbox_types(const char *action, int created, int confirmed,
		    const char *out[OUTBOX_TYPES])
{
	size_t n = 0;

	if (!strcmp(action, "booking.confirmed") && created)
		out[n++] = "booking.created";
	out[n++] = action;
	if (!strcmp(action, "booking.created") && confirmed)
		out[n++] = "booking.confirmed";
	else if (!strcmp(action, "booking.paid") ||
		 !strcmp(action, "booking.payment_failed") ||
		 !strcmp(action, "booking.refunded"))
		out[n++] = "payment.updated";
	else if (!strncmp(action, "resource.", 9))
		out[n++] = "resource.changed";
	return n;
}

int outbox_type_wanted(const char *type, const char *const *types, size_t n)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(types[i], type, 0))
			return 1;
	return 0;
}

void outbox_emit(berth_txn *t, uint64_t audit_seq, const char *action,
		 const char *entity, entity_type type, const void *before,
		 const void *after)
{
	const berth_claim *c = type == ENT_CLAIM ? after : NULL;
	const char *types[OUTBOX_TYPES];
	size_t n = t->db->no_events ? 0 : outbox_types(action, before == NULL,
				c && c->kind == CLAIM_BOOKING &&
				    c->status == BOOKING_CONFIRMED,
				types);

	for (size_t i = 0; i < n; i++) {
		event_entry e = {.at = t->now,
				 .type = types[i],
				 .entity = entity,
				 .audit_seq = audit_seq};
		if (!(e.seq = next_id(t, ID_EVENT)))
			return;
		entry_put_new(t, T_EVENT, &e);
	}
}

/* A notifier's delivery of event seq: 1 found, 0 none, -1 damaged. */
static int delivery_of(berth_txn *t, const char *name, uint64_t seq,
		       delivery_entry *d)
{
	d->name = name;
	d->seq = seq;
	return entry_get(t, T_DELIVERY, d);
}

void outbox_delivery_public(const delivery_entry *d, berth_delivery *out)
{
	out->status = (berth_delivery_status)d->status;
	out->attempts = d->attempts;
	out->next_at = d->next_at;
	out->last_at = d->last_at;
	out->last_exit = d->last_exit;
	out->last_error = d->last_error;
}

berth_status outbox_event_load(berth_txn *t, const event_entry *e,
			       arena *scratch, berth_event *out)
{
	berth_status st;

	memset(out, 0, sizeof *out);
	out->seq = e->seq;
	out->type = e->type;
	out->entity = e->entity;
	out->at = e->at;
	st = audit_load(t, e->audit_seq, scratch, &out->audit);
	if (st == BERTH_NOT_FOUND)
		return entry_corrupt(t, T_EVENT, e,
				     "its audit record is not there");
	return st;
}

berth_status berth_events_each(berth_txn *t, const berth_events_req *req,
			       berth_event_cb cb, void *arg)
{
	arena *scratch = arena_new(), *keep = t->a;
	store_cursor *c;
	berth_status st = BERTH_OK;
	keybuf k;
	sval kv, v;

	if (!scratch)
		return oom();
	id_key(&k, req->after + 1);
	c = store_cursor_open(t->st, T_EVENT);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
	     ok = store_next(c, &kv, &v)) {
		event_entry e;
		delivery_entry d;
		berth_event ev;
		int rc = 0;

		arena_reset(scratch);
		t->a = scratch;
		if (entry_read(t, T_EVENT, kv, v, &e) ||
		    (req->dead && (rc = delivery_of(t, req->dead, e.seq, &d)) < 0)) {
			t->a = keep;
			st = txn_status(t);
			break;
		}
		t->a = keep;
		if (!outbox_type_wanted(e.type, req->types, req->ntypes) ||
		    (req->dead && (rc != 1 || d.status != DELIVERY_DEAD)))
			continue;
		if ((st = outbox_event_load(t, &e, scratch, &ev)))
			break;
		if (req->dead) {
			ev.has_delivery = 1;
			outbox_delivery_public(&d, &ev.delivery);
		}
		if (cb(&ev, arg))
			break;
	}
	store_cursor_close(c);
	t->a = keep;
	arena_free(scratch);
	return st ? st : txn_status(t);
}

/* A notifier by name: 1, 0 when there is none, -1 damaged. */
int outbox_notifier(berth_txn *t, const char *name, notifier_entry *out)
{
	out->name = name;
	return entry_get(t, T_NOTIFIER, out);
}

static berth_status retry_one(berth_txn *t, notifier_entry *n,
			      delivery_entry *d)
{
	d->status = DELIVERY_PENDING;
	d->attempts = 0;
	d->next_at = t->now;
	d->lease_until = BTIME_NEVER;
	d->lease_owner = 0;
	entry_put(t, T_DELIVERY, d);
	/* Below the cursor again: the next pass must find it. */
	if (n->cursor >= d->seq) {
		n->cursor = d->seq - 1;
		entry_put(t, T_NOTIFIER, n);
	}
	return txn_status(t);
}

berth_status berth_events_retry(berth_txn *t, const char *notifier,
				uint64_t seq, uint64_t *count)
{
	notifier_entry n;
	delivery_entry d;
	berth_status st;
	int rc;

	if ((st = role_may_run(t, "events.retried")))
		return st;
	*count = 0;
	if ((rc = outbox_notifier(t, notifier, &n)) <= 0) {
		if (rc < 0)
			return txn_status(t);
		berth_fail(BERTH_NOT_FOUND, "no notifier '%s' (see berth notify --name)",
			   notifier);
		berth_detail_str("kind", "notifier");
		berth_detail_str("id", notifier);
		return BERTH_NOT_FOUND;
	}
	if (seq) {
		event_entry e = {.seq = seq};
		if ((rc = entry_get(t, T_EVENT, &e)) <= 0) {
			if (rc < 0)
				return txn_status(t);
			berth_fail(BERTH_NOT_FOUND, "no event %llu",
				   (unsigned long long)seq);
			berth_detail_str("kind", "event");
			berth_detail_int("id", (int64_t)seq);
			return BERTH_NOT_FOUND;
		}
		if ((rc = delivery_of(t, notifier, seq, &d)) < 0)
			return txn_status(t);
		if (rc == 0 || d.status != DELIVERY_DEAD) {
			berth_fail(BERTH_INVALID_STATE,
				   "event %llu is not dead for notifier '%s' "
				   "(it is %s)",
				   (unsigned long long)seq, notifier,
				   rc == 0 ? "not tried yet"
				   : d.status == DELIVERY_DELIVERED
				       ? "delivered"
				       : "pending");
			berth_detail_int("seq", (int64_t)seq);
			return BERTH_INVALID_STATE;
		}
		if ((st = retry_one(t, &n, &d)))
			return st;
		*count = 1;
		return BERTH_OK;
	}
	/* Every dead one: collected first, as writing moves the cursor. */
	{
		store_cursor *c = store_cursor_open(t->st, T_DELIVERY);
		uint64_t *dead = NULL;
		size_t nd = 0, cap = 0;
		keybuf k;
		sval kv, v;

		delivery_key(&k, notifier, 0);
		for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok;
		     ok = store_next(c, &kv, &v)) {
			if (entry_read(t, T_DELIVERY, kv, v, &d))
				break;
			if (strcmp(d.name, notifier))
				break;
			if (d.status != DELIVERY_DEAD)
				continue;
			if (!(dead = arena_grow(t->a, dead, nd, nd + 1, &cap,
						sizeof *dead))) {
				store_cursor_close(c);
				return oom();
			}
			dead[nd++] = d.seq;
		}
		store_cursor_close(c);
		if ((st = txn_status(t)))
			return st;
		for (size_t i = 0; i < nd; i++) {
			if (delivery_of(t, notifier, dead[i], &d) != 1 ||
			    (st = retry_one(t, &n, &d)))
				return st ? st : txn_status(t);
		}
		*count = nd;
	}
	return txn_status(t);
}

berth_status berth_events_prune(berth_txn *t, const civil_time *when,
				uint64_t *count)
{
	btime before;
	store_cursor *c;
	const char **names = NULL;
	size_t nn = 0, cap = 0;
	uint64_t upto = UINT64_MAX, *gone = NULL;
	size_t ng = 0, gcap = 0;
	berth_status st;
	sval kv, v;

	if ((st = role_may_run(t, "events.pruned")))
		return st;
	*count = 0;
	if ((st = clock_resolve_at(when, t->zone, t->now, &before)))
		return st;
	/* Settled for every notifier: at or below each one's cursor. */
	c = store_cursor_open(t->st, T_NOTIFIER);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		notifier_entry n;
		if (entry_read(t, T_NOTIFIER, kv, v, &n))
			break;
		if (n.cursor < upto)
			upto = n.cursor;
		if (!(names = arena_grow(t->a, names, nn, nn + 1, &cap,
					 sizeof *names))) {
			store_cursor_close(c);
			return oom();
		}
		names[nn++] = n.name;
	}
	store_cursor_close(c);
	if ((st = txn_status(t)) || !nn)
		return st;
	c = store_cursor_open(t->st, T_EVENT);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		event_entry e;
		int dead = 0;
		if (entry_read(t, T_EVENT, kv, v, &e) || e.seq > upto)
			break;
		if (e.at >= before)
			continue;
		for (size_t i = 0; i < nn && !dead; i++) {
			delivery_entry d;
			int rc = delivery_of(t, names[i], e.seq, &d);
			if (rc < 0)
				break;
			dead = rc == 1 && d.status == DELIVERY_DEAD;
		}
		if (dead)
			continue;
		if (!(gone = arena_grow(t->a, gone, ng, ng + 1, &gcap,
					sizeof *gone))) {
			store_cursor_close(c);
			return oom();
		}
		gone[ng++] = e.seq;
	}
	store_cursor_close(c);
	if ((st = txn_status(t)))
		return st;
	for (size_t i = 0; i < ng; i++) {
		entry_del(t, T_EVENT, &(event_entry){.seq = gone[i]});
		for (size_t j = 0; j < nn; j++)
			entry_del(t, T_DELIVERY,
				  &(delivery_entry){.name = names[j],
						    .seq = gone[i]});
	}
	*count = ng;
	return txn_status(t);
}

berth_status outbox_count(berth_txn *t, uint64_t *dead, uint64_t *notifiers)
{
	store_cursor *c = store_cursor_open(t->st, T_DELIVERY);
	arena *scratch = arena_new(), *keep = t->a;
	sval kv, v;

	*dead = *notifiers = 0;
	if (!scratch) {
		store_cursor_close(c);
		return oom();
	}
	t->a = scratch;
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v)) {
		delivery_entry d;
		arena_reset(scratch);
		if (entry_read(t, T_DELIVERY, kv, v, &d))
			break;
		*dead += d.status == DELIVERY_DEAD;
	}
	store_cursor_close(c);
	t->a = keep;
	arena_free(scratch);
	c = store_cursor_open(t->st, T_NOTIFIER);
	for (int ok = store_first(c, &kv, &v); ok; ok = store_next(c, &kv, &v))
		++*notifiers;
	store_cursor_close(c);
	return txn_status(t);
}
