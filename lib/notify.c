/* notify.c - delivering the outbox to a notifier, in two short write
 * transactions around each batch: take leases the events that are due,
 * settle records what the command did. No transaction is held while the
 * command runs, so a slow hook never holds up a booking.
 *
 * Each notifier (by name) has a cursor: every event up to it is settled
 * for it, so a pass starts there instead of at the first event ever. What
 * is above the cursor has a delivery entry once it was first taken. An
 * event is due when it has no delivery yet, or a pending one whose time
 * has come and whose lease (if any) has run out; and only when no earlier
 * event of the same entity is still unsettled, so one entity's events
 * arrive in order. A dead event no longer holds back the ones after it:
 * it waits for `events retry`, and the entity's later news should not. */
#include <sodium.h>
#include <string.h>

#include "internal.h"

/* The entities met in a pass whose next event is taken or waiting: a
 * small open-addressed set of strings in the transaction's arena. */
typedef struct {
	const char **slot;
	size_t cap, n;
} entity_set;

static size_t hash_str(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* 1 when s was there already, 0 when it was added, -1 out of memory. */
static int set_add(arena *a, entity_set *set, const char *s)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 64;
		const char **slot = arena_alloc(a, cap * sizeof *slot);
		if (!slot)
			return -1;
		memset(slot, 0, cap * sizeof *slot);
		for (size_t j = 0; j < set->cap; j++) {
			if (!set->slot[j])
				continue;
			i = hash_str(set->slot[j]) & (cap - 1);
			while (slot[i])
				i = (i + 1) & (cap - 1);
			slot[i] = set->slot[j];
		}
		set->slot = slot;
		set->cap = cap;
	}
	i = hash_str(s) & (set->cap - 1);
	for (; set->slot[i]; i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slot[i], s))
			return 1;
	set->slot[i] = s;
	set->n++;
	return 0;
}

static int leased(const delivery_entry *d, btime now)
{
	return d->lease_until != BTIME_NEVER && d->lease_until > now;
}

berth_status berth_notify_take(berth_txn *t, berth_take_req *req,
			       berth_event_cb cb, void *arg)
{
	arena *scratch = arena_new(), *keep = t->a;
	notifier_entry n;
	entity_set waiting = {0};
	store_cursor *c;
	uint64_t cursor;
	int advancing = 1, rc, is_new, stop = 0;
	berth_status st = BERTH_OK;
	keybuf k;
	sval kv, v;

	req->taken = 0;
	req->next_due = BTIME_NEVER;
	if (!scratch)
		return oom();
	if ((is_new = outbox_notifier(t, req->name, &n)) < 0)
		goto out;
	is_new = !is_new;
	if (is_new)
		n = (notifier_entry){.name = req->name, .created_at = t->now};
	cursor = n.cursor;
	id_key(&k, cursor + 1);
	c = store_cursor_open(t->st, T_EVENT);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok && !stop;
	     ok = store_next(c, &kv, &v)) {
		event_entry e;
		delivery_entry d;
		berth_event ev;
		int have;

		if (entry_read(t, T_EVENT, kv, v, &e))
			break;
		if (!outbox_type_wanted(e.type, req->types, req->ntypes)) {
			if (advancing)
				cursor = e.seq;
			continue;
		}
		d = (delivery_entry){.name = req->name, .seq = e.seq};
		if ((have = entry_get(t, T_DELIVERY, &d)) < 0)
			break;
		if (have && d.status != DELIVERY_PENDING) {
			if (advancing)
				cursor = e.seq;
			continue;
		}
		advancing = 0;
		if ((rc = set_add(t->a, &waiting, e.entity)) < 0) {
			st = oom();
			break;
		}
		if (rc)
			continue; /* an earlier one of its entity is unsettled */
		if (have && leased(&d, t->now)) {
			if (d.lease_until < req->next_due)
				req->next_due = d.lease_until;
			continue;
		}
		if (have && (d.next_at > t->now || d.next_at > req->due_by)) {
			if (d.next_at < req->next_due)
				req->next_due = d.next_at;
			continue;
		}
		if (req->taken == req->max) {
			req->next_due = t->now; /* more is due already */
			break;
		}
		if (!have) {
			d.status = DELIVERY_PENDING;
			d.next_at = t->now;
			d.last_at = BTIME_NEVER;
		}
		d.lease_until = t->now + req->lease;
		d.lease_owner = req->owner;
		entry_put(t, T_DELIVERY, &d);
		arena_reset(scratch);
		if ((st = outbox_event_load(t, &e, scratch, &ev)))
			break;
		ev.attempt = d.attempts + 1;
		req->taken++;
		stop = cb(&ev, arg);
	}
	store_cursor_close(c);
	if (!st && !txn_status(t) && (is_new || cursor != n.cursor)) {
		n.cursor = cursor;
		n.last_at = t->now;
		entry_put(t, T_NOTIFIER, &n);
	}
out:
	t->a = keep;
	arena_free(scratch);
	return st ? st : txn_status(t);
}

/* 1 s × 2^(n-1), capped, and up to a quarter more at random, so that
 * notifiers that failed together do not all come back at once. */
static btime backoff(unsigned attempts, btime cap)
{
	btime d = attempts > 40 ? cap : (btime)1 << (attempts - 1);

	if (d > cap)
		d = cap;
	if (d < 1)
		d = 1;
	return d + (btime)randombytes_uniform((uint32_t)(d / 4 + 1));
}

berth_status berth_notify_settle(berth_txn *t, const char *name,
				 uint64_t owner, berth_attempt *a, size_t n,
				 unsigned max_attempts, btime backoff_cap)
{
	for (size_t i = 0; i < n; i++) {
		delivery_entry d = {.name = name, .seq = a[i].seq};
		int rc = entry_get(t, T_DELIVERY, &d);

		if (rc < 0)
			break;
		if (rc == 1 && a[i].untried) {
			if (d.lease_owner == owner) {
				d.lease_until = BTIME_NEVER;
				d.lease_owner = 0;
				entry_put(t, T_DELIVERY, &d);
			}
			a[i].status = (berth_delivery_status)d.status;
			a[i].next_at = d.next_at;
			continue;
		}
		if (rc == 0) {
			/* Pruned meanwhile: only a delivered event can be,
			 * and this one was being tried. Nothing to record. */
			a[i].status = BERTH_DELIVERY_DELIVERED;
			continue;
		}
		/* Our lease ran out and another process of this name took
		 * the event: a success still counts, a failure is theirs to
		 * record. */
		if (d.lease_owner != owner && leased(&d, t->now) && !a[i].ok) {
			a[i].status = (berth_delivery_status)d.status;
			a[i].next_at = d.next_at;
			continue;
		}
		if (d.status == DELIVERY_DELIVERED) {
			a[i].status = BERTH_DELIVERY_DELIVERED;
			continue;
		}
		d.attempts++;
		d.last_at = t->now;
		d.last_exit = a[i].exit;
		d.last_error = a[i].error;
		d.lease_until = BTIME_NEVER;
		d.lease_owner = 0;
		if (a[i].ok)
			d.status = DELIVERY_DELIVERED;
		else if (d.attempts >= max_attempts)
			d.status = DELIVERY_DEAD;
		else
			d.next_at = t->now + backoff(d.attempts, backoff_cap);
		entry_put(t, T_DELIVERY, &d);
		a[i].status = (berth_delivery_status)d.status;
		a[i].next_at = d.next_at;
	}
	return txn_status(t);
}
