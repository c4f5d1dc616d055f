#include "common-claim.h"
#include "verbs.h"

#include <stdlib.h>
#include <string.h>

/* --seat 3,4 --seat 7 asks for 3, 4 and 7: every --seat counts, as
 * --attr does, rather than the last one given. Each value is read on its
 * own, so a refusal names the one the user typed. */
static berth_status seats_of(const optval *o, berth_claim_req *req)
{
	berth_status st = BERTH_OK;

	req->seats = NULL;
	req->nseats = 0;
	for (size_t i = 0; i < o->n && !st; i++)
		st = parse_seats(o->values[i], &req->seats, &req->nseats);
	return st;
}

berth_status claim_req_parse(char **args, int nargs, const optval *v,
			     berth_claim_req *req)
{
	berth_status st;

	if (nargs < 2 && !v[CO_SERVICE].set)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "give RESOURCE START, or --service S START");
	req->resource = nargs == 2 ? args[0] : NULL;
	if ((st = parse_time("start", args[nargs - 1], &req->start)))
		return st;
	if (v[CO_END].set && v[CO_DURATION].set)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "give --end or --duration, not both");
	if ((st = opt_text(&v[CO_SERVICE], "--service", &req->service)) ||
	    (st = opt_text(&v[CO_LOCATION], "--location", &req->location)))
		return st;
	if (v[CO_END].set) {
		if ((st = parse_time("--end", v[CO_END].value, &req->end)))
			return st;
		req->has_end = 1;
	}
	if (v[CO_DURATION].set &&
	    (st = parse_duration("--duration", v[CO_DURATION].value,
				 &req->duration)))
		return st;
	if (v[CO_QUANTITY].set &&
	    (st = parse_int("--quantity", v[CO_QUANTITY].value, 1,
			    BERTH_CAPACITY_MAX, &req->quantity)))
		return st;
	if (v[CO_SEAT].n && (st = seats_of(&v[CO_SEAT], req)))
		return st;
	if (v[CO_TTL].set &&
	    (st = parse_duration("--ttl", v[CO_TTL].value, &req->ttl)))
		return st;
	if ((st = opt_text(&v[CO_CUSTOMER], "--customer", &req->customer)) ||
	    (st = opt_text(&v[CO_IDEM], "--idempotency-key", &req->idem_key)) ||
	    (st = opt_text(&v[CO_REASON], "--reason", &req->reason)))
		return st;
	req->force = v[CO_FORCE].set;
	return parse_attrs(&v[CO_ATTR], 0, &req->attrs);
}

struct op_call {
	claim_op op;
	void *arg;
	berth_claim *out;
};

static berth_status op_txn(berth_txn *t, void *arg)
{
	struct op_call *c = arg;

	return c->op(t, c->arg, &c->out);
}

int claim_op_run(const char *done, claim_op op, void *arg)
{
	struct op_call call = {op, arg, NULL};
	berth_db *db;
	berth_status st;
	emitter *e;
	char id[24];

	if ((st = open_db(0, &db)))
		return fail(st);
	st = berth_run(db, done != NULL, op_txn, &call);
	if (!st) {
		if (done) {
			berth_id_format(call.out->kind, call.out->id, id,
					sizeof id);
			committed(done, id);
		}
		e = out_open(0);
		describe_claim(e, call.out);
		st = out_close(e);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

int claim_id_verb(const struct verb *v, int argc, char **argv,
		  const char *done, claim_op op)
{
	berth_status st;
	int nargs, helped;

	if ((st = opt_parse(v, argc, argv, NULL, &nargs, &helped)))
		return fail(st);
	if (helped)
		return 0;
	if ((st = need_args(nargs, 1, 1)))
		return fail(st);
	return claim_op_run(done, op, argv[1]);
}

struct claim_call {
	const berth_claim_req *req;
	int replayed;
};

static berth_status lock_op(berth_txn *t, void *arg, berth_claim **out)
{
	struct claim_call *c = arg;
	return berth_lock(t, c->req, out, &c->replayed);
}

static berth_status book_op(berth_txn *t, void *arg, berth_claim **out)
{
	struct claim_call *c = arg;
	return berth_book(t, c->req, out, &c->replayed);
}

int claim_run(int book, berth_claim_req *req)
{
	struct claim_call call = {req, 0};

	return claim_op_run(book ? "%s was booked" : "hold %s was placed",
			    book ? book_op : lock_op, &call);
}
