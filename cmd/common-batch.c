/* common-batch.c - one `book --batch` request line, parsed with jansson
 * into the same request the command line builds. Apart from book.c so the
 * fuzz harness can drive it. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common-batch.h"

/* jansson allocates some twenty pieces for a line and frees them all when
 * the line is read: they come from one block, reused line after line,
 * instead of from malloc and free. A line too big for the block takes the
 * rest from malloc. The block is static, so a process that never reads a
 * batch never touches it. */
static struct {
	_Alignas(16) char b[1 << 18];
	size_t used;
} line_mem;

static void *line_alloc(size_t n)
{
	size_t want = (n + 15) & ~(size_t)15;

	if (want >= n && sizeof line_mem.b - line_mem.used >= want) {
		void *p = line_mem.b + line_mem.used;
		line_mem.used += want;
		return p;
	}
	return malloc(n);
}

static void line_free(void *p)
{
	if ((char *)p < line_mem.b || (char *)p >= line_mem.b + sizeof line_mem.b)
		free(p);
}

/* The fields a line may have, in the order they are taken in. */
enum {
	F_RESOURCE, F_SERVICE, F_LOCATION, F_START, F_END, F_DURATION, F_TTL,
	F_CUSTOMER, F_IDEM, F_QUANTITY, F_PENDING, F_SEATS, F_ATTRS, F_REPEAT,
	F_EVERY, F_NCOUNT, F_UNTIL, F_SKIP, F_METHOD, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	[F_RESOURCE] = "resource", [F_SERVICE] = "service",
	[F_LOCATION] = "location", [F_START] = "start", [F_END] = "end",
	[F_DURATION] = "duration", [F_TTL] = "ttl", [F_CUSTOMER] = "customer",
	[F_IDEM] = "idempotency_key", [F_QUANTITY] = "quantity",
	[F_PENDING] = "pending", [F_SEATS] = "seats", [F_ATTRS] = "attrs",
	[F_REPEAT] = "repeat", [F_EVERY] = "every", [F_NCOUNT] = "count",
	[F_UNTIL] = "until", [F_SKIP] = "skip_conflicts",
	[F_METHOD] = "payment_method",
};

static int field_of(const char *key)
{
	for (int i = 0; i < F_COUNT; i++)
		if (key[0] == field_names[i][0] && strcmp(key, field_names[i]) == 0)
			return i;
	return -1;
}

/* A text field's value copied into the arena; NULL when absent or null,
 * and *bad when it is not a string or holds a NUL. */
static const char *jstr(json_t *v, arena *a, int *bad)
{
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
					  json_string_length(v)) {
		*bad = 1;
		return NULL;
	}
	return arena_strdup(a, json_string_value(v));
}

json_t *batch_json_loads(const char *text, json_error_t *err)
{
	json_set_alloc_funcs(line_alloc, line_free);
	line_mem.used = 0;
	return json_loads(text, JSON_REJECT_DUPLICATES, err);
}

void batch_json_done(json_t *o)
{
	json_decref(o);
	json_set_alloc_funcs(malloc, free);
	line_mem.used = 0;
}

/* A whole number from 1 to BERTH_SERIES_MAX, as --every and --count. */
static berth_status series_int(json_t *v, const char *name, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > BERTH_SERIES_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must be a whole number from 1 to %d",
				  name, BERTH_SERIES_MAX);
	*out = json_integer_value(v);
	return BERTH_OK;
}

/* repeat, every, count, until and skip_conflicts as book --repeat and
 * its options take them: the others only with repeat, and one of count
 * and until. */
static berth_status repeat_of(json_t *const *f, arena *a, berth_repeat *rep)
{
	static const int with[] = {F_EVERY, F_NCOUNT, F_UNTIL, F_SKIP};
	const char *s;
	berth_status st;
	int bad = 0;

	memset(rep, 0, sizeof *rep);
	if (!f[F_REPEAT] || json_is_null(f[F_REPEAT])) {
		for (size_t i = 0; i < sizeof with / sizeof *with; i++)
			if (f[with[i]])
				return berth_fail(BERTH_INVALID_ARGUMENT,
						  "%s goes with repeat",
						  field_names[with[i]]);
		return BERTH_OK;
	}
	s = jstr(f[F_REPEAT], a, &bad);
	if (bad || !s || berth_repeat_parse(s, &rep->unit))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "repeat must be daily, weekly or monthly");
	rep->every = 1;
	if (f[F_EVERY] && (st = series_int(f[F_EVERY], "every", &rep->every)))
		return st;
	if (!f[F_NCOUNT] == !f[F_UNTIL])
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "repeat needs count or until (one of them)");
	if (f[F_NCOUNT] && (st = series_int(f[F_NCOUNT], "count", &rep->count)))
		return st;
	if (f[F_UNTIL]) {
		if (!(s = jstr(f[F_UNTIL], a, &bad)) || bad)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "until must be a date string");
		if ((st = berth_date_parse("until", s, &rep->until)))
			return st;
	}
	if (f[F_SKIP]) {
		if (!json_is_boolean(f[F_SKIP]))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "skip_conflicts must be true or "
					  "false");
		rep->skip_conflicts = json_is_true(f[F_SKIP]);
	}
	return BERTH_OK;
}

berth_status batch_parse_line(const char *text, arena *a,
			      berth_claim_req *req, berth_repeat *rep)
{
	json_error_t jerr;
	json_t *o, *v;
	json_t *f[F_COUNT] = {0};
	const char *key, *s;
	berth_status st = BERTH_OK;
	int bad = 0;

	memset(req, 0, sizeof *req);
	memset(rep, 0, sizeof *rep);
	/* Every value of the line is freed before this returns (what is
	 * kept is copied into the arena), so the block is whole again. */
	o = batch_json_loads(text, &jerr);
	if (!o || !json_is_object(o)) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"not a JSON object: %.80s",
				o ? "another JSON value" : jerr.text);
		goto out;
	}
	/* One walk over the line's fields: each is looked up once, and an
	 * unknown one refuses the line before anything else is read. */
	json_object_foreach(o, key, v)
	{
		int i = field_of(key);
		if (i < 0) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"unknown field '%.40s'", key);
			goto out;
		}
		f[i] = v;
	}
	req->resource = jstr(f[F_RESOURCE], a, &bad);
	req->service = jstr(f[F_SERVICE], a, &bad);
	req->location = jstr(f[F_LOCATION], a, &bad);
	if (bad || (!req->resource && !req->service) ||
	    !(s = jstr(f[F_START], a, &bad))) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"start and resource (or service) are required "
				"strings");
		goto out;
	}
	if ((st = parse_time("start", s, &req->start)))
		goto out;
	if (f[F_END] && f[F_DURATION]) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"give end or duration, not both");
		goto out;
	}
	if ((s = jstr(f[F_END], a, &bad))) {
		if ((st = parse_time("end", s, &req->end)))
			goto out;
		req->has_end = 1;
	}
	if ((s = jstr(f[F_DURATION], a, &bad)) &&
	    (st = parse_duration("duration", s, &req->duration)))
		goto out;
	if ((s = jstr(f[F_TTL], a, &bad)) &&
	    (st = parse_duration("ttl", s, &req->ttl)))
		goto out;
	req->customer = jstr(f[F_CUSTOMER], a, &bad);
	req->idem_key = jstr(f[F_IDEM], a, &bad);
	if (bad) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"text fields must be strings without NUL");
		goto out;
	}
	if ((v = f[F_QUANTITY])) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > BERTH_CAPACITY_MAX) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"quantity must be a whole number from 1 "
					"to %d",
					BERTH_CAPACITY_MAX);
			goto out;
		}
		req->quantity = json_integer_value(v);
	}
	if ((v = f[F_PENDING])) {
		if (!json_is_boolean(v)) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"pending must be true or false");
			goto out;
		}
		req->pending = json_is_true(v);
	}
	if ((v = f[F_SEATS])) {
		size_t i, n = json_is_array(v) ? json_array_size(v) : 0;
		json_t *x;
		if (!json_is_array(v) || n == 0 || n > BERTH_SEATS_MAX ||
		    !(req->seats = arena_alloc(a, n * sizeof *req->seats))) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"seats must be a list of seat numbers");
			goto out;
		}
		json_array_foreach(v, i, x)
		{
			if (!json_is_integer(x) || json_integer_value(x) < 1 ||
			    json_integer_value(x) > BERTH_SEATS_MAX) {
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"seats must be a list of seat "
						"numbers");
				goto out;
			}
			req->seats[i] = (uint32_t)json_integer_value(x);
		}
		req->nseats = (uint32_t)n;
	}
	if ((v = f[F_ATTRS])) {
		size_t n = json_is_object(v) ? json_object_size(v) : 0, i = 0;
		json_t *x;
		if (!json_is_object(v) ||
		    (n && !(req->attrs.v = arena_alloc(a, n * sizeof(berth_attr))))) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"attrs must be an object of strings");
			goto out;
		}
		json_object_foreach(v, key, x)
		{
			if (!json_is_string(x)) {
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"attrs must be an object of "
						"strings");
				goto out;
			}
			req->attrs.v[i].key = arena_strdup(a, key);
			req->attrs.v[i].value =
				arena_strdup(a, json_string_value(x));
			i++;
		}
		req->attrs.n = i;
	}
	if ((v = f[F_METHOD]) && !json_is_null(v)) {
		if (!(s = jstr(v, a, &bad)) || bad ||
		    berth_method_parse(s, &req->payment_method)) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"payment_method must be none, "
					"on_arrival or online");
			goto out;
		}
		req->has_payment_method = 1;
	}
	st = repeat_of(f, a, rep);
out:
	batch_json_done(o);
	return st;
}

