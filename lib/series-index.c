/* series-index.c - the series index: every claim of a series by series id
 * and start (schema.h's series_entry), so that `list --series` and `cancel
 * --series` read one range of it, however large the store. claim_write
 * keeps it as claims are made and moved; check holds it against the
 * claims' series field and repair rebuilds it from them. */
#include "internal.h"

int series_entry_of(const berth_claim *c, series_entry *out)
{
	if (!c->series)
		return 0;
	*out = (series_entry){c->series, c->start, c->kind, c->id};
	return 1;
}

void series_index_note(berth_txn *t, const berth_claim *before,
		       const berth_claim *after)
{
	series_entry e;

	/* An entry is keyed by where its claim starts: a claim that moved
	 * (reschedule) moves in it. Nothing else of a claim is in it. */
	if (before && before->start == after->start &&
	    before->series == after->series)
		return;
	if (before && series_entry_of(before, &e))
		entry_del(t, T_SERIES, &e);
	if (series_entry_of(after, &e))
		entry_put(t, T_SERIES, &e);
}

berth_status series_each(berth_txn *t, uint64_t series,
			 int (*fn)(berth_txn *t, const series_entry *e,
				   void *arg),
			 void *arg)
{
	store_cursor *c;
	keybuf k;
	sval kv, v;
	int stop = 0;

	series_key(&k, series, TIME_FIRST, CLAIM_HOLD, 0);
	c = store_cursor_open(t->st, T_SERIES);
	for (int ok = store_seek(c, k.b, k.len, &kv, &v); ok && !stop;
	     ok = store_next(c, &kv, &v)) {
		any_entry e;
		if (kv.len < 8 || key_read_u64(kv.data) != series)
			break;
		if (entry_read(t, T_SERIES, kv, v, &e))
			break;
		stop = fn(t, &e.series, arg);
	}
	store_cursor_close(c);
	return txn_status(t);
}
