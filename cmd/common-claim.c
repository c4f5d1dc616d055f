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
	if ((st = parse_payment_method(&v[CO_METHOD], &req->has_payment_method,
				       &req->payment_method)))
		return st;
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

int series_op_run(berth_fn fn, void *arg, uint64_t series,
		  const berth_series *out, const char *noun, const char *done)
{
	berth_db *db;
	berth_status st;
	emitter *e;
	char sid[24];

	if ((st = open_db(0, &db)))
		return fail(st);
	st = berth_run(db, 1, fn, arg);
	if (!st) {
		berth_series_format(series, sid, sizeof sid);
		committed("%zu %s of series %s were %s", out->n, noun, sid,
			  done);
		e = out_open(1);
		describe_claim_columns(e, SHAPE_BOOKING);
		for (size_t i = 0; i < out->n; i++)
			describe_claim(e, out->claims[i]);
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

berth_status parse_payment_method(const optval *v, int *has, int *method)
{
	if (!v->set)
		return BERTH_OK;
	if (berth_method_parse(v->value, method))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "unknown --payment-method '%.40s' (choose from "
			       "none, on_arrival, online)",
			       v->value),
		    "payment-method", v->value);
	*has = 1;
	return BERTH_OK;
}

berth_status claim_repeat_parse(const optval *v, berth_repeat *rep)
{
	static const char *const with[] = {"--every", "--count", "--until",
					   "--skip-conflicts"};
	berth_status st;

	memset(rep, 0, sizeof *rep);
	if (!v[CO_REPEAT].set) {
		for (int i = CO_EVERY; i <= CO_SKIP; i++)
			if (v[i].set)
				return berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "%s goes with --repeat",
					       with[i - CO_EVERY]),
				    with[i - CO_EVERY] + 2, NULL);
		return BERTH_OK;
	}
	if (berth_repeat_parse(v[CO_REPEAT].value, &rep->unit))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "unknown --repeat '%.40s' (choose from daily, "
			       "weekly, monthly)",
			       v[CO_REPEAT].value),
		    "repeat", v[CO_REPEAT].value);
	rep->every = 1;
	if (v[CO_EVERY].set &&
	    (st = parse_int("--every", v[CO_EVERY].value, 1, BERTH_SERIES_MAX,
			    &rep->every)))
		return st;
	if (v[CO_COUNT_N].set == v[CO_UNTIL].set)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--repeat needs --count N or --until DATE (one "
			       "of them)"),
		    "repeat", NULL);
	if (v[CO_COUNT_N].set &&
	    (st = parse_int("--count", v[CO_COUNT_N].value, 1,
			    BERTH_SERIES_MAX, &rep->count)))
		return st;
	if (v[CO_UNTIL].set &&
	    (st = berth_date_parse("--until", v[CO_UNTIL].value, &rep->until)))
		return st;
	rep->skip_conflicts = v[CO_SKIP].set;
	return BERTH_OK;
}

/* --- a series --- */

struct series_call {
	int book;
	const berth_claim_req *req;
	const berth_repeat *rep;
	berth_series out;
};

static berth_status series_txn(berth_txn *t, void *arg)
{
	struct series_call *c = arg;

	return berth_series_claim(t, c->book ? CLAIM_BOOKING : CLAIM_HOLD,
				  c->req, c->rep, &c->out);
}

void describe_series_skip(emitter *e, const berth_series_skip *s)
{
	emit_int(e, "occurrence", s->n);
	if (s->start != BTIME_NEVER)
		emit_time(e, "start", s->start, s->zone);
	else
		emit_str(e, "start", s->local);
	emit_key(e, "error");
	emit_map_begin(e);
	emit_str(e, "code", berth_status_name(s->st));
	emit_str(e, "message", s->message);
	emit_key(e, "details");
	emit_details(e, &s->details);
	emit_end(e);
}

/* json: one object, the series with what was made and what was skipped;
 * jsonl: a line an occurrence made, then a line an occurrence skipped
 * ({"series":..,"occurrence":..,"start":..,"error":{..}}, as book --batch
 * answers a refused line); table, csv and tsv: the occurrences made as
 * list prints them, and each skipped one a line on stderr. */
static berth_status series_print(const struct series_call *c)
{
	const berth_series *s = &c->out;
	char sid[24];
	emitter *e;

	berth_series_format(s->id, sid, sizeof sid);
	if (G.format == FORMAT_JSON) {
		e = out_open(0);
		emit_record_begin(e);
		emit_str(e, "series", sid);
		emit_key(e, "occurrences");
		emit_list_begin(e);
		for (size_t i = 0; i < s->n; i++) {
			emit_map_begin(e);
			describe_claim_fields(e, s->claims[i]);
			emit_end(e);
		}
		emit_end(e);
		emit_key(e, "skipped");
		emit_list_begin(e);
		for (size_t i = 0; i < s->nskips; i++) {
			emit_map_begin(e);
			describe_series_skip(e, &s->skips[i]);
			emit_end(e);
		}
		emit_end(e);
		emit_record_end(e);
		return out_close(e);
	}
	e = out_open(1);
	describe_claim_columns(e, c->book ? SHAPE_BOOKING : SHAPE_HOLD);
	for (size_t i = 0; i < s->n; i++)
		describe_claim(e, s->claims[i]);
	for (size_t i = 0; G.format == FORMAT_JSONL && i < s->nskips; i++) {
		emit_record_begin(e);
		emit_str(e, "series", sid);
		describe_series_skip(e, &s->skips[i]);
		emit_record_end(e);
	}
	for (size_t i = 0; G.format != FORMAT_JSONL && i < s->nskips; i++) {
		const berth_series_skip *k = &s->skips[i];
		char when[CLOCK_TIME_MAX];
		if (k->start != BTIME_NEVER)
			clock_format(k->start, k->zone, when, sizeof when);
		fprintf(stderr, "berth: skipped %s occurrence %d (%s): %s: %s\n",
			sid, k->n,
			k->start != BTIME_NEVER ? when : k->local,
			berth_status_name(k->st), k->message);
	}
	return out_close(e);
}

static int series_run(int book, berth_claim_req *req, const berth_repeat *rep)
{
	struct series_call call = {book, req, rep, {0}};
	berth_db *db;
	berth_status st;
	char sid[24];

	if ((st = open_db(0, &db)))
		return fail(st);
	st = berth_run(db, 1, series_txn, &call);
	if (!st) {
		berth_series_format(call.out.id, sid, sizeof sid);
		if (!call.out.replayed)
			committed("series %s was %s (%zu occurrences, %zu "
				  "skipped)",
				  sid, book ? "booked" : "held", call.out.n,
				  call.out.nskips);
		st = series_print(&call);
	}
	berth_close(db);
	return st ? fail(st) : 0;
}

int claim_run(int book, berth_claim_req *req, const berth_repeat *rep)
{
	struct claim_call call = {req, 0};

	if (rep && rep->unit)
		return series_run(book, req, rep);
	return claim_op_run(book ? "%s was booked" : "hold %s was placed",
			    book ? book_op : lock_op, &call);
}
