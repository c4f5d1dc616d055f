/* calendar_test.c - berth_open_each (lib/calendar-open.c), the open time
 * of a resource over a window, on a real store: breaks, 24:00 meeting
 * 00:00, a dated exception over a holiday, time off cut out, a resource
 * without hours, and a DST day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "berth.h"
#include "unit.h"

typedef struct {
	const char *resource;
	btime from, to;
	char out[1024];
	size_t len;
	int limit; /* stop after this many; 0 none */
	int n;
} walk;

/* Each interval as "HH:MM-HH:MM" in UTC, days apart with "+d" marks:
 * enough to read the answers here. */
static int each(btime s, btime e, void *arg)
{
	walk *w = arg;
	char a[CLOCK_TIME_MAX], b[CLOCK_TIME_MAX];

	clock_format(s, "UTC", a, sizeof a);
	clock_format(e, "UTC", b, sizeof b);
	w->len += (size_t)snprintf(w->out + w->len, sizeof w->out - w->len,
				   "%s%.16s/%.16s", w->len ? " " : "", a, b);
	return w->limit && ++w->n >= w->limit;
}

static berth_status open_txn(berth_txn *t, void *arg)
{
	walk *w = arg;

	w->len = 0;
	w->n = 0;
	w->out[0] = '\0';
	return berth_open_each(t, w->resource, w->from, w->to, each, w);
}

static btime at(const char *s)
{
	civil_time ct;
	btime t = 0;

	if (clock_parse(s, &ct) || clock_resolve_at(&ct, "UTC", 0, &t))
		abort();
	return t;
}

static const char *open_in(berth_db *db, const char *res, const char *from,
			   const char *to, int limit)
{
	static walk w;

	memset(&w, 0, sizeof w);
	w.resource = res;
	w.from = at(from);
	w.to = at(to);
	w.limit = limit;
	if (berth_run(db, 0, open_txn, &w))
		return "(failed)";
	return w.out;
}

/* Sets up the calendar through the same calls the verbs make. */
static berth_status add_resource(berth_txn *t, const char *name,
				 const char *tz)
{
	berth_resource in = {.name = name, .capacity = 1, .tz = tz};
	berth_resource *out;

	return berth_resource_add(t, &in, &out);
}

static berth_status setup(berth_txn *t, void *arg)
{
	char *week[] = {"mon-fri 09:00-12:00,13:00-17:00", "sat 18:00-24:00",
			"sun 00:00-02:00"};
	char *dated[] = {"10:00-11:00"};
	char *berlin[] = {"sun 01:00-05:00"};
	berth_hours h;
	berth_holiday hol = {.from = 20261225, .to = 20261225,
			     .recurring = 1};
	berth_timeoff *o;
	berth_timeoff_req tr = {.resource = "salon"};
	berth_status st;

	(void)arg;
	if ((st = add_resource(t, "salon", "UTC")) ||
	    (st = add_resource(t, "event", "UTC")) ||
	    (st = add_resource(t, "night", "Europe/Berlin")))
		return st;
	if ((st = berth_hours_parse(week, 3, 0, &h)))
		return st;
	h.resource = "salon";
	if ((st = berth_hours_set(t, &h)))
		return st;
	if ((st = berth_hours_parse(dated, 1, 1, &h)))
		return st;
	h.resource = "salon";
	h.date = 20271225;
	if ((st = berth_hours_set(t, &h)) || (st = berth_holiday_add(t, &hol)))
		return st;
	if ((st = berth_hours_parse(berlin, 1, 0, &h)))
		return st;
	h.resource = "night";
	if ((st = berth_hours_set(t, &h)))
		return st;
	if (clock_parse("2026-06-10T10:00:00Z", &tr.from) ||
	    clock_parse("2026-06-10T10:30:00Z", &tr.to))
		return BERTH_INTERNAL;
	return berth_timeoff_add(t, &tr, &o);
}

int main(void)
{
	char dir[] = "/tmp/berth-calendar-XXXXXX", path[64];
	berth_db *db = NULL;
	civil_time now;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/db", dir);
	if (berth_open(path, BERTH_OPEN_CREATE, &db))
		return 1;
	berth_set_init_zone(db, "UTC");
	clock_parse("2026-06-01T00:00:00Z", &now);
	berth_set_now(db, &now);
	CHECK(berth_run(db, 1, setup, NULL) == BERTH_OK);

	/* A Wednesday: two ranges, time off cut out of the first. */
	CHECK(!strcmp(open_in(db, "salon", "2026-06-10", "2026-06-11", 0),
		      "2026-06-10T09:00/2026-06-10T10:00 "
		      "2026-06-10T10:30/2026-06-10T12:00 "
		      "2026-06-10T13:00/2026-06-10T17:00"));
	/* Clipped to the window, and stopped when the callback says. */
	CHECK(!strcmp(open_in(db, "salon", "2026-06-10T11:00:00Z",
			      "2026-06-10T14:00:00Z", 0),
		      "2026-06-10T11:00/2026-06-10T12:00 "
		      "2026-06-10T13:00/2026-06-10T14:00"));
	CHECK(!strcmp(open_in(db, "salon", "2026-06-11", "2026-06-12", 1),
		      "2026-06-11T09:00/2026-06-11T12:00"));
	/* Saturday 18:00-24:00 meets Sunday 00:00-02:00: two ranges, each
	 * the start of its own grid. */
	CHECK(!strcmp(open_in(db, "salon", "2026-06-13", "2026-06-15", 0),
		      "2026-06-13T18:00/2026-06-14T00:00 "
		      "2026-06-14T00:00/2026-06-14T02:00"));
	/* A yearly holiday closes 25 December (a Friday in 2026); the
	 * date's own hours open it in 2027 (a Saturday). */
	CHECK(!strcmp(open_in(db, "salon", "2026-12-25", "2026-12-26", 0),
		      ""));
	CHECK(!strcmp(open_in(db, "salon", "2027-12-25", "2027-12-26", 0),
		      "2027-12-25T10:00/2027-12-25T11:00"));
	/* No hours: open at all times, a day at a time (UTC here), the
	 * holiday for all not its own. */
	CHECK(!strcmp(open_in(db, "event", "2026-12-24T20:00:00Z",
			      "2026-12-26T04:00:00Z", 0),
		      "2026-12-24T20:00/2026-12-25T00:00 "
		      "2026-12-25T00:00/2026-12-26T00:00 "
		      "2026-12-26T00:00/2026-12-26T04:00"));
	/* Europe/Berlin, 2026-03-29: 01:00-05:00 local is 00:00Z-03:00Z. */
	CHECK(!strcmp(open_in(db, "night", "2026-03-28", "2026-03-30", 0),
		      "2026-03-29T00:00/2026-03-29T03:00"));
	/* 2026-10-25: 01:00-05:00 local is 23:00Z-04:00Z, five hours. */
	CHECK(!strcmp(open_in(db, "night", "2026-10-24", "2026-10-26", 0),
		      "2026-10-24T23:00/2026-10-25T04:00"));
	CHECK(!strcmp(open_in(db, "nobody", "2026-10-24", "2026-10-26", 0),
		      "(failed)"));
	berth_close(db);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path))
		failed++;
	printf("calendar_test: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
