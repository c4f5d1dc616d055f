/* stats.c - berth stats: the store's size, map use, readers and counts. */
#include "common.h"
#include "verbs.h"
#include "common-columns.h"

static int run(const struct verb *v, int argc, char **argv)
{
	berth_db *db = NULL;
	berth_stats s;
	berth_status st;
	int nargs, done;

	st = opt_parse(v, argc, argv, NULL, &nargs, &done);
	if (st || done)
		return st ? fail(st) : 0;
	if (!(st = need_args(nargs, 0, 0)) && !(st = open_db(0, &db)) &&
	    !(st = berth_get_stats(db, &s))) {
		emitter *e = out_open(0);
		emit_record_begin(e);
		emit_str(e, "path", s.path);
		emit_str(e, "store", s.store);
		/* null on LMDB: the fields are the same for both stores */
		emit_str(e, "server_version", s.server[0] ? s.server : NULL);
		emit_int(e, "file_size", (int64_t)s.file_size);
		emit_int(e, "map_size", (int64_t)s.map_size);
		emit_int(e, "map_used", (int64_t)s.map_used);
		emit_int(e, "map_limit", (int64_t)s.map_limit);
		emit_int(e, "readers", s.readers);
		emit_int(e, "max_readers", s.max_readers);
		emit_int(e, "resources", (int64_t)s.resources);
		emit_int(e, "holds", (int64_t)s.holds);
		emit_int(e, "bookings", (int64_t)s.bookings);
		emit_int(e, "live_holds", (int64_t)s.live_holds);
		emit_int(e, "pending", (int64_t)s.pending);
		emit_int(e, "confirmed", (int64_t)s.confirmed);
		emit_int(e, "audit_records", (int64_t)s.audit_records);
		emit_int(e, "events", (int64_t)s.events);
		emit_int(e, "events_dead", (int64_t)s.events_dead);
		emit_int(e, "notifiers", (int64_t)s.notifiers);
		emit_int(e, "data_bytes", (int64_t)s.data_bytes);
		emit_int(e, "bytes_per_booking", (int64_t)s.bytes_per_booking);
		emit_record_end(e);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_stats = {
	.name = "stats",
	.run = run,
	.summary = "show the store's size, map use, readers and counts",
	.mode = VERB_READS,
	.view = &view_stats,
};
