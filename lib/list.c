/* list.c - showing one claim and listing many: each shown as it is now
 * (expired once its time is up, swept or not). */
#include <string.h>

#include "internal.h"

berth_status berth_show(berth_txn *t, const char *id, berth_claim **out)
{
	berth_status st = claim_load_id(t, id, out);

	if (!st)
		claim_effective(*out, t->now);
	return st;
}

/* A claim a listing may show: decoded into the scratch arena, shown as it
 * is now (expired once its time is up), and kept when the filters say so. */
int list_admits(berth_txn *t, const berth_list_req *req, store_table tb,
		sval k, sval v, btime from, btime to, berth_claim **out,
		berth_status *st)
{
	berth_claim *cl;

	if ((*st = claim_decode(t, tb, k, v, &cl)))
		return 0;
	claim_effective(cl, t->now);
	*out = cl;
	return !(req->customer &&
		 (!cl->customer || strcmp(cl->customer, req->customer))) &&
	       !(req->status >= 0 && cl->status != req->status) &&
	       cl->end > from && cl->start < to;
}

berth_status list_window(berth_txn *t, const berth_list_req *req,
			 btime *from, btime *to)
{
	berth_status st;

	*from = INT64_MIN;
	*to = INT64_MAX;
	if (req->has_from &&
	    (st = clock_resolve_at(&req->from, t->zone, t->now, from)))
		return st;
	/* A date (or a day word) given to --to is inclusive: the list runs to
	 * the end of that day, as availability's --to does. */
	if (req->has_to &&
	    (st = clock_resolve_until(&req->to, t->zone, t->now, to)))
		return st;
	return BERTH_OK;
}

/* One series' claims, from its index in start order (then kind and id),
 * with the list's other filters. */
typedef struct {
	const berth_list_req *req;
	const berth_resource *r;
	btime from, to;
	berth_claim_cb cb;
	void *arg;
	berth_status st;
} series_walk;

static int series_one(berth_txn *t, const series_entry *e, void *arg)
{
	series_walk *w = arg;
	store_table tb = w->req->holds ? T_HOLD : T_BOOKING;
	keybuf id;
	sval k, v;
	berth_claim *cl;

	if (e->kind != (w->req->holds ? CLAIM_HOLD : CLAIM_BOOKING))
		return 0;
	if (e->start >= w->to)
		return 1;
	id_key(&id, e->id);
	k.data = id.b;
	k.len = id.len;
	arena_reset(t->a);
	if (!store_get(t->st, tb, id.b, id.len, &v)) {
		keybuf sk;
		sval skv;
		schema_key(T_SERIES, e, &sk);
		skv.data = sk.b;
		skv.len = sk.len;
		w->st = store_failed(t->st) ? BERTH_INTERNAL
					    : schema_corrupt(t, T_SERIES, skv,
							     "its claim is not "
							     "there");
		return 1;
	}
	if (list_admits(t, w->req, tb, k, v, w->from, w->to, &cl, &w->st) &&
	    (!w->r || cl->rid == w->r->rid) && w->cb(cl, w->arg))
		return 1;
	return w->st != BERTH_OK;
}

/* Lists decode into a scratch arena emptied after each record, so memory
 * stays flat however long the list is. One resource's claims come from its
 * own index in start order (then id); everything else is the table in id
 * order. list-order.c puts them in the order asked for. */
berth_status list_walk(berth_txn *t, const berth_list_req *req,
		       berth_claim_cb cb, void *arg)
{
	store_table tb = req->holds ? T_HOLD : T_BOOKING;
	claim_kind kind = req->holds ? CLAIM_HOLD : CLAIM_BOOKING;
	store_cursor *c;
	berth_status st = BERTH_OK;
	btime from = INT64_MIN, to = INT64_MAX;
	berth_resource *r = NULL;
	arena *keep = t->a;
	berth_claim *cl;
	keybuf k;
	sval kv, v;

	if (req->resource && (st = res_by_name(t, req->resource, &r)))
		return st;
	if ((st = list_window(t, req, &from, &to)))
		return st;
	if (!(t->a = arena_new())) {
		t->a = keep;
		return oom();
	}
	if (req->series) {
		series_walk w = {req, r, from, to, cb, arg, BERTH_OK};
		st = series_each(t, req->series, series_one, &w);
		if (!st)
			st = w.st;
		goto done;
	}
	if (r) {
		byres_entry be;
		int64_t reach;
		/* A claim that overlaps --from starts no earlier than the
		 * resource's longest claim before it: seek there, not to the
		 * resource's first claim. */
		if (from == INT64_MIN)
			rid_prefix(&k, r->rid);
		else if ((st = reach_of(t, r->rid, &reach)))
			goto done;
		else
			byres_key(&k, r->rid,
				  from > INT64_MIN + reach ? from - reach
							 : INT64_MIN,
				  CLAIM_HOLD, 0);
		c = store_cursor_open(t->st, T_BYRES);
		for (int ok = store_seek(c, k.b, k.len, &kv, &v);
		     ok && key_of_rid(kv, r->rid); ok = store_next(c, &kv, &v)) {
			sval idk;
			keybuf id;
			if (entry_read(t, T_BYRES, kv, v, &be)) {
				st = txn_status(t);
				break;
			}
			if (be.kind != kind)
				continue;
			/* Nothing that starts at or after --to can end after
			 * --from inside it: the walk is in start order. */
			if (be.start >= to)
				break;
			id_key(&id, be.id);
			idk.data = id.b;
			idk.len = id.len;
			arena_reset(t->a);
			if (!store_get(t->st, tb, id.b, id.len, &v)) {
				st = store_failed(t->st)
					     ? BERTH_INTERNAL
					     : schema_corrupt(t, T_BYRES, kv,
							      "its claim is not "
							      "there");
				break;
			}
			if (list_admits(t, req, tb, idk, v, from, to, &cl, &st) &&
			    cb(cl, arg))
				break;
			if (st)
				break;
		}
	} else {
		c = store_cursor_open(t->st, tb);
		for (int ok = store_first(c, &kv, &v); ok;
		     ok = store_next(c, &kv, &v)) {
			arena_reset(t->a);
			if (list_admits(t, req, tb, kv, v, from, to, &cl, &st) &&
			    cb(cl, arg))
				break;
			if (st)
				break;
		}
	}
	store_cursor_close(c);
done:
	arena_free(t->a);
	t->a = keep;
	return st ? st : txn_status(t);
}
