/* show.c - berth show: one hold, booking or waitlist entry by its id. */
#include "common-claim.h"
#include "verbs.h"
#include "common-columns.h"

static berth_status op(berth_txn *t, void *arg, berth_claim **out)
{
	return berth_show(t, arg, out);
}

struct entry_call {
	const char *id;
	berth_waitlist *out;
	btime now;
};

static berth_status entry_txn(berth_txn *t, void *arg)
{
	struct entry_call *c = arg;

	c->now = berth_now(t);
	return berth_waitlist_get(t, c->id, &c->out);
}

/* A waitlist entry, as `waitlist show` prints it. */
static int show_entry(const char *id)
{
	struct entry_call c = {id, NULL, 0};
	berth_db *db;
	berth_status st;
	emitter *e;

	if ((st = open_db(0, &db)))
		return fail(st);
	st = berth_run(db, 0, entry_txn, &c);
	if (!st) {
		e = out_open(0);
		emit_record_begin(e);
		describe_waitlist_fields(e, c.out, c.now);
		emit_record_end(e);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

static int run(const struct verb *v, int argc, char **argv)
{
	berth_status st;
	int nargs, helped, entry;

	if ((st = opt_parse(v, argc, argv, NULL, &nargs, &helped)))
		return fail(st);
	if (helped)
		return 0;
	if ((st = need_args(nargs, 1, 1)))
		return fail(st);
	/* The id says what it names; --columns must be fields of that. */
	entry = argv[1][0] == 'w';
	if (!entry && argv[1][0] != 'h' && argv[1][0] != 'b')
		return fail(berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "invalid id '%.40s': expected h123, b123 or "
			       "w123",
			       argv[1]),
		    "id", argv[1]));
	if ((st = view_use(entry ? &view_waitlist : &view_claim)))
		return fail(st);
	return entry ? show_entry(argv[1]) : claim_op_run(NULL, op, argv[1]);
}

const struct verb verb_show = {
	.name = "show",
	.run = run,
	.summary = "show a hold, a booking or a waitlist entry",
	.operands = "ID",
	.mode = VERB_READS,
	.view = &view_shown,
};
