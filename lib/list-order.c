/* list-order.c - the order of `berth list`: by start unless --sort says
 * otherwise (a day's sheet is read in time order), ties by id.
 *
 * Sorting needs the whole list before the first line, where list_walk
 * streams. What is kept is small: per listed claim its id and the fields
 * it is sorted by (about 100 bytes and the two names), not the claim; once
 * sorted, each claim is read again by id and shown, through the same
 * scratch arena list_walk uses, so a list of a million bookings costs a
 * hundred megabytes at most, not the claims themselves. The orders the
 * store keeps stream without any of that: one resource's claims by start
 * (its index), all claims by id (the table) and all by start, the default
 * (list-merge.c: every resource's index, merged). */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "internal.h"

static const struct {
	const char *name;
	int field, holds, bookings;
} fields[] = {
	{"id", SORT_ID, 1, 1},
	{"resource", SORT_RESOURCE, 1, 1},
	{"start", SORT_START, 1, 1},
	{"end", SORT_END, 1, 1},
	{"quantity", SORT_QUANTITY, 1, 1},
	{"customer", SORT_CUSTOMER, 1, 1},
	{"status", SORT_STATUS, 1, 1},
	{"payment_status", SORT_PAYMENT, 0, 1},
	{"expires_at", SORT_EXPIRES, 1, 1},
	{"created_at", SORT_CREATED, 1, 1},
	{"updated_at", SORT_UPDATED, 0, 1},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

static berth_status unknown(const char *name, size_t n, int holds)
{
	char all[256];
	berth_choices c;

	berth_choices_init(&c, all, sizeof all);
	for (size_t i = 0; i < NFIELDS; i++)
		if (holds ? fields[i].holds : fields[i].bookings)
			berth_choices_add(&c, fields[i].name);
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "--sort: cannot sort %s by '%.*s' (choose from %s; "
			  "a leading - for descending)",
			  holds ? "holds" : "bookings", (int)(n > 40 ? 40 : n),
			  name, all);
}

berth_status berth_sort_parse(const char *spec, int holds, berth_sort *out)
{
	const char *p = spec;

	out->n = 0;
	for (;;) {
		size_t n;
		int desc = *p == '-', found = 0;

		p += desc;
		n = strcspn(p, ",");
		for (size_t i = 0; i < NFIELDS && !found; i++) {
			if (strlen(fields[i].name) != n ||
			    memcmp(fields[i].name, p, n) ||
			    !(holds ? fields[i].holds : fields[i].bookings))
				continue;
			if (out->n == BERTH_SORT_MAX)
				return berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "--sort: more than %d fields",
					       BERTH_SORT_MAX),
				    "--sort", spec);
			out->k[out->n].field = (unsigned char)fields[i].field;
			out->k[out->n].desc = (unsigned char)desc;
			out->n++;
			found = 1;
		}
		if (!found)
			return berth_detail_option(unknown(p, n, holds),
						   "--sort", spec);
		if (!p[n])
			return BERTH_OK;
		p += n + 1;
	}
}

struct entry {
	uint64_t id;
	btime start, end, expires, created, updated;
	int64_t quantity;
	const char *resource, *customer, *status, *payment;
};

struct collect {
	const berth_list_req *req;
	arena *names; /* the entries' resource and customer names */
	struct entry *v;
	size_t n, cap;
	int oom;
};

static int keep(const berth_claim *c, void *arg)
{
	struct collect *k = arg;
	struct entry *x;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 256;
		struct entry *v = realloc(k->v, cap * sizeof *v);
		if (!v) {
			k->oom = 1;
			return 1;
		}
		k->v = v;
		k->cap = cap;
	}
	x = &k->v[k->n++];
	x->id = c->id;
	x->start = c->start;
	x->end = c->end;
	x->expires = c->expires_at;
	x->created = c->created_at;
	x->updated = c->updated_at;
	x->quantity = c->quantity;
	x->status = berth_claim_status_name(c);
	x->payment = berth_payment_name(c->payment_status);
	x->resource = arena_strdup(k->names, c->resource ? c->resource : "");
	x->customer = c->customer ? arena_strdup(k->names, c->customer) : NULL;
	if (!x->resource || (c->customer && !x->customer)) {
		k->oom = 1;
		return 1;
	}
	return 0;
}

/* No customer sorts before any. */
static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_int(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_field(const struct entry *a, const struct entry *b, int f)
{
	switch (f) {
	case SORT_RESOURCE:
		return cmp_str(a->resource, b->resource);
	case SORT_START:
		return cmp_int(a->start, b->start);
	case SORT_END:
		return cmp_int(a->end, b->end);
	case SORT_QUANTITY:
		return cmp_int(a->quantity, b->quantity);
	case SORT_CUSTOMER:
		return cmp_str(a->customer, b->customer);
	case SORT_STATUS:
		return cmp_str(a->status, b->status);
	case SORT_PAYMENT:
		return cmp_str(a->payment, b->payment);
	case SORT_EXPIRES:
		return cmp_int(a->expires, b->expires);
	case SORT_CREATED:
		return cmp_int(a->created, b->created);
	case SORT_UPDATED:
		return cmp_int(a->updated, b->updated);
	default:
		return (a->id > b->id) - (a->id < b->id);
	}
}

static int cmp(const void *pa, const void *pb, void *arg)
{
	const struct entry *a = pa, *b = pb;
	const berth_sort *s = arg;

	for (int i = 0; i < s->n; i++) {
		int r = cmp_field(a, b, s->k[i].field);

		if (r)
			return s->k[i].desc ? -r : r;
	}
	return (a->id > b->id) - (a->id < b->id);
}

static berth_status show_sorted(berth_txn *t, const berth_list_req *req,
				const struct collect *k, berth_claim_cb cb,
				void *arg)
{
	claim_kind kind = req->holds ? CLAIM_HOLD : CLAIM_BOOKING;
	arena *outer = t->a;
	berth_status st = BERTH_OK;

	if (!(t->a = arena_new())) {
		t->a = outer;
		return oom();
	}
	for (size_t i = 0; i < k->n; i++) {
		berth_claim *c;

		arena_reset(t->a);
		if ((st = claim_load(t, kind, k->v[i].id, &c)))
			break;
		claim_effective(c, t->now);
		if (cb(c, arg))
			break;
	}
	arena_free(t->a);
	t->a = outer;
	return st ? st : txn_status(t);
}

berth_status berth_list(berth_txn *t, const berth_list_req *req,
			berth_claim_cb cb, void *arg)
{
	berth_sort by_start = {1, {{SORT_START, 0}}};
	const berth_sort *s = req->sort.n ? &req->sort : &by_start;
	struct collect k = {req, NULL, NULL, 0, 0, 0};
	berth_status st;

	/* The orders the store keeps stream as they are read: one
	 * resource's claims by start (its index), all of them by id (the
	 * table), and all of them by start (every resource's index,
	 * merged). */
	if (s->n == 1 && !s->k[0].desc &&
	    s->k[0].field ==
		(req->resource || req->series ? SORT_START : SORT_ID))
		return list_walk(t, req, cb, arg);
	if (s->n == 1 && !s->k[0].desc && s->k[0].field == SORT_START &&
	    !req->series)
		return list_merged(t, req, cb, arg);
	if (!(k.names = arena_new()))
		return oom();
	st = list_walk(t, req, keep, &k);
	if (!st && (k.oom || arena_failed(k.names)))
		st = oom();
	if (!st) {
		if (k.n) /* an empty list has no array to hand qsort */
			qsort_r(k.v, k.n, sizeof *k.v, cmp, (void *)s);
		st = show_sorted(t, req, &k, cb, arg);
	}
	free(k.v);
	arena_free(k.names);
	return st;
}
