/* common-batch.c - one `book --batch` request line, parsed with jansson
 * into the same request the command line builds. Apart from book.c so the
 * fuzz harness can drive it. */
#include <jansson.h>
#include <string.h>

#include "common-batch.h"

static const char *jstr(json_t *o, const char *key, arena *a, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
					  json_string_length(v)) {
		*bad = 1;
		return NULL;
	}
	return arena_strdup(a, json_string_value(v));
}

berth_status batch_parse_line(const char *text, arena *a,
			      berth_claim_req *req)
{
	static const char *const known[] = {
		"resource", "start", "end", "duration", "quantity", "seats",
		"customer", "pending", "attrs", "idempotency_key", "ttl",
		"service", "location", NULL};
	json_error_t jerr;
	json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr), *v;
	const char *key, *s;
	berth_status st = BERTH_OK;
	int bad = 0;

	memset(req, 0, sizeof *req);
	if (!o || !json_is_object(o)) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"not a JSON object: %.80s",
				o ? "another JSON value" : jerr.text);
		goto out;
	}
	json_object_foreach(o, key, v)
	{
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= strcmp(key, known[i]) == 0;
		if (!ok) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"unknown field '%.40s'", key);
			goto out;
		}
	}
	req->resource = jstr(o, "resource", a, &bad);
	req->service = jstr(o, "service", a, &bad);
	req->location = jstr(o, "location", a, &bad);
	if (bad || (!req->resource && !req->service) ||
	    !(s = jstr(o, "start", a, &bad))) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"start and resource (or service) are required "
				"strings");
		goto out;
	}
	if ((st = parse_time("start", s, &req->start)))
		goto out;
	if (json_object_get(o, "end") && json_object_get(o, "duration")) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"give end or duration, not both");
		goto out;
	}
	if ((s = jstr(o, "end", a, &bad))) {
		if ((st = parse_time("end", s, &req->end)))
			goto out;
		req->has_end = 1;
	}
	if ((s = jstr(o, "duration", a, &bad)) &&
	    (st = parse_duration("duration", s, &req->duration)))
		goto out;
	if ((s = jstr(o, "ttl", a, &bad)) &&
	    (st = parse_duration("ttl", s, &req->ttl)))
		goto out;
	req->customer = jstr(o, "customer", a, &bad);
	req->idem_key = jstr(o, "idempotency_key", a, &bad);
	if (bad) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"text fields must be strings without NUL");
		goto out;
	}
	if ((v = json_object_get(o, "quantity"))) {
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
	if ((v = json_object_get(o, "pending"))) {
		if (!json_is_boolean(v)) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"pending must be true or false");
			goto out;
		}
		req->pending = json_is_true(v);
	}
	if ((v = json_object_get(o, "seats"))) {
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
	if ((v = json_object_get(o, "attrs"))) {
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
out:
	json_decref(o);
	return st;
}

