/* report.c - berth report: utilisation per resource and period, as rows
 * in every format, or as an occupancy heat map (a table on a terminal,
 * --format svg). The figures are lib/usage.c's; the map is drawn by
 * lib/emit-map.c and lib/emit-svg.c. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common-columns.h"
#include "common.h"
#include "verbs.h"

enum { O_RESOURCE, O_SERVICE, O_FROM, O_TO, O_BY, O_HEATMAP, O_COUNT };
static const struct opt opts[] = {
    {"resource", OPT_REPEAT, "R", "only this resource (again for more)"},
    {"service", OPT_VALUE, "S", "and the resources that perform it"},
    {"from", OPT_VALUE, "DATE",
     "the first day (default: six days "
     "before --to)"},
    {"to", OPT_VALUE, "DATE",
     "the last day, included (default: today, "
     "or six days after --from)"},
    {"by", OPT_VALUE, "PERIOD", "day, hour or weekday (default day)"},
    {"heatmap", OPT_VALUE, "WHEN",
     "table as a heat map: auto (on a "
     "terminal), always or never"},
    {NULL, 0, NULL, NULL},
};

static const char *const weekday[7] = {"mon", "tue", "wed", "thu",
				       "fri", "sat", "sun"};
static const char *const weekday_label[7] = {"Mon", "Tue", "Wed", "Thu",
					     "Fri", "Sat", "Sun"};

struct report {
	berth_usage_req req;
	emitter *e;	       /* rows */
	emit_map *m;	       /* or the heat map */
	int one_day;	       /* the map's rows are resources */
	berth_usage_by map_by; /* the map's rows: days, or weekdays */
	/* The map row being gathered: a resource's day, or weekday. */
	char group[256], label[64];
	int have;
	int64_t open[24], used[24];
	/* --by weekday on the map: each weekday's hours, a resource at a
	 * time. */
	int64_t wopen[7][24], wused[7][24];
	int wseen[7];
	char wgroup[256];
};

/* Digits by hand: a report by hour has a row an hour of every resource,
 * and snprintf was a sixth of its cost. */
static char *digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

static void period_text(const berth_usage_row *r, char buf[32])
{
	char *p = buf;

	if (r->by == USAGE_WEEKDAY) {
		memcpy(buf, weekday[r->weekday], 4);
		return;
	}
	p = digits(p, r->date / 10000, 4);
	*p++ = '-';
	p = digits(p, r->date / 100 % 100, 2);
	*p++ = '-';
	p = digits(p, r->date % 100, 2);
	if (r->by == USAGE_HOUR) {
		*p++ = 'T';
		p = digits(p, r->hour, 2);
		memcpy(p, ":00", 3);
		p += 3;
	}
	*p = 0;
}

static void describe(emitter *e, const berth_usage_row *r)
{
	char period[32];
	int64_t free = r->open - r->booked - r->held;

	period_text(r, period);
	emit_record_begin(e);
	emit_str(e, "resource", r->resource);
	emit_str(e, "period", period);
	emit_time(e, "start", r->start, r->zone);
	emit_time(e, "end", r->end, r->zone);
	emit_int(e, "capacity", r->capacity);
	emit_int(e, "open_minutes", r->open / 60);
	emit_int(e, "booked_minutes", r->booked / 60);
	emit_int(e, "held_minutes", r->held / 60);
	emit_int(e, "free_minutes", free > 0 ? free / 60 : 0);
	emit_key(e, "utilisation");
	if (r->open > 0)
		emit_integer(e, (r->booked * 100 + r->open / 2) / r->open);
	else
		emit_null(e);
	for (size_t i = 0; berth_usage_counter(i); i++) {
		char money[32];
		if (!berth_usage_counter_money(i)) {
			emit_int(e, berth_usage_counter(i), r->count[i]);
			continue;
		}
		/* Exact, as a price is written: never a float. */
		berth_price_format(r->count[i], money, sizeof money);
		emit_str(e, berth_usage_counter(i), money);
	}
	emit_record_end(e);
}

static void flush_day(struct report *q)
{
	if (!q->have)
		return;
	emit_map_row(q->m, q->one_day ? NULL : q->group, q->label, q->open,
		     q->used);
	q->have = 0;
}

static void flush_week(struct report *q)
{
	for (int wd = 0; wd < 7; wd++)
		if (q->wseen[wd])
			emit_map_row(q->m, q->wgroup, weekday_label[wd],
				     q->wopen[wd], q->wused[wd]);
	memset(q->wopen, 0, sizeof q->wopen);
	memset(q->wused, 0, sizeof q->wused);
	memset(q->wseen, 0, sizeof q->wseen);
}

/* The map is drawn from hours: they are gathered into a row a day (or a
 * resource, for a single day), or into the resource's weekdays. */
static void map_hour(struct report *q, const berth_usage_row *r)
{
	char group[256], label[64];
	int mo = r->date / 100 % 100, d = r->date % 100;

	snprintf(group, sizeof group, "%s (%s)", r->resource, r->zone);
	if (q->map_by == USAGE_WEEKDAY) {
		if (strcmp(group, q->wgroup)) {
			flush_week(q);
			snprintf(q->wgroup, sizeof q->wgroup, "%s", group);
		}
		q->wopen[r->weekday][r->hour] += r->open;
		q->wused[r->weekday][r->hour] += r->booked + r->held;
		q->wseen[r->weekday] = 1;
		return;
	}
	if (q->one_day)
		snprintf(label, sizeof label, "%s", r->resource);
	else
		snprintf(label, sizeof label, "%s %02d-%02d",
			 weekday_label[r->weekday], mo, d);
	if (!q->have || strcmp(group, q->group) || strcmp(label, q->label)) {
		flush_day(q);
		snprintf(q->group, sizeof q->group, "%s", group);
		snprintf(q->label, sizeof q->label, "%s", label);
		memset(q->open, 0, sizeof q->open);
		memset(q->used, 0, sizeof q->used);
		q->have = 1;
	}
	q->open[r->hour] += r->open;
	q->used[r->hour] += r->booked + r->held;
}

static int each(const berth_usage_row *r, void *arg)
{
	struct report *q = arg;

	if (q->m)
		map_hour(q, r);
	else
		describe(q->e, r);
	return ferror(stdout) != 0; /* out_end says so */
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct report *q = arg;
	berth_status st = berth_usage(t, &q->req, each, q);

	if (!st && q->m) {
		flush_day(q);
		flush_week(q);
	}
	return st;
}

/* A date, or a day word (today, mon): a report counts whole days. */
static berth_status date_opt(const char *what, const optval *v, civil_time *out,
			     int *has)
{
	berth_status st = parse_time_opt(what, v, out, has);

	if (st || !*has || out->kind == CIVIL_DATE ||
	    (out->kind == CIVIL_RELATIVE && out->anchor != RELATIVE_NOW &&
	     !out->has_clock))
		return st;
	return berth_detail_option(
	    berth_fail(BERTH_INVALID_TIME,
		       "%s takes a date (2026-06-15, today), not a time", what),
	    what, v->value);
}

static berth_status parse(const optval *vals, struct report *q, int *map)
{
	static const char *const by[] = {"day", "hour", "weekday"};
	static const char *const when[] = {"auto", "always", "never"};
	const char *b = vals[O_BY].set ? vals[O_BY].value : "day";
	const char *w = vals[O_HEATMAP].set ? vals[O_HEATMAP].value : "auto";
	berth_status st;
	int i, k;

	for (i = 0; i < 3 && strcmp(b, by[i]); i++)
		;
	if (i == 3)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--by is day, hour or weekday, not '%.40s'", b),
		    "--by", b);
	q->req.by = i == 0 ? USAGE_DAY : i == 1 ? USAGE_HOUR : USAGE_WEEKDAY;
	for (k = 0; k < 3 && strcmp(w, when[k]); k++)
		;
	if (k == 3)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--heatmap is auto, always or never, not "
			       "'%.40s'",
			       w),
		    "--heatmap", w);
	if (k == 1 && G.format != FORMAT_TABLE)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--heatmap always is for --format table (svg "
			       "is always a map)"),
		    "--heatmap", w);
	for (size_t j = 0; j < vals[O_RESOURCE].n; j++)
		if ((st = parse_text("--resource", vals[O_RESOURCE].values[j])))
			return st;
	q->req.resources = vals[O_RESOURCE].values;
	q->req.nresources = vals[O_RESOURCE].n;
	if ((st = opt_text(&vals[O_SERVICE], "--service", &q->req.service)) ||
	    (st = date_opt("--from", &vals[O_FROM], &q->req.from,
			   &q->req.has_from)) ||
	    (st = date_opt("--to", &vals[O_TO], &q->req.to, &q->req.has_to)))
		return st;
	*map = G.format == FORMAT_SVG ||
	       (G.format == FORMAT_TABLE &&
		(k == 1 || (k == 0 && isatty(STDOUT_FILENO))));
	q->one_day =
	    q->req.has_from && q->req.has_to &&
	    q->req.from.kind == CIVIL_DATE && q->req.to.kind == CIVIL_DATE &&
	    q->req.from.year == q->req.to.year &&
	    q->req.from.month == q->req.to.month &&
	    q->req.from.day == q->req.to.day && q->req.by != USAGE_WEEKDAY;
	return BERTH_OK;
}

static void title_of(const struct report *q, char *buf, size_t size)
{
	const civil_time *f = &q->req.from;

	if (q->one_day)
		snprintf(buf, size,
			 "occupancy on %04d-%02d-%02d: booked or held, of "
			 "what was open",
			 f->year, f->month, f->day);
	else
		snprintf(buf, size,
			 "occupancy by %s and hour: booked or "
			 "held, of what was open",
			 q->map_by == USAGE_WEEKDAY ? "weekday" : "day");
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	struct report q = {0};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, map = 0;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done) {
		opt_free(vals, O_COUNT);
		return st ? fail(st) : 0;
	}
	if (!(st = need_args(nargs, 0, 0)))
		st = parse(vals, &q, &map);
	if (!st && !(st = open_db(0, &db))) {
		if (map) {
			char title[128];
			berth_usage_by by = q.req.by;
			q.map_by = by;
			title_of(&q, title, sizeof title);
			q.m = emit_map_open(G.format, stdout, title,
					    q.one_day		  ? "resource"
					    : by == USAGE_WEEKDAY ? "weekday"
								  : "day");
			/* The map is drawn from hours whatever the rows'
			 * period; --by weekday gathers them by weekday. */
			q.map_by = by;
			q.req.by = USAGE_HOUR;
			st = berth_run(db, 0, txn, &q);
			if (st)
				emit_map_discard(q.m);
			else if (emit_map_close(q.m))
				st = output_failed();
		} else {
			/* Written whole, not followed: in large blocks,
			 * as list does. */
			if (!isatty(STDOUT_FILENO))
				setvbuf(stdout, NULL, _IOFBF, 1 << 16);
			q.e = out_open(1);
			emit_hold(q.e, 1);
			if (emit_template(q.e)) {
				berth_usage_row none = {.resource = "",
							.zone = "UTC"};
				describe(q.e, &none);
			}
			st = out_end(q.e, berth_run(db, 0, txn, &q));
		}
	}
	berth_close(db);
	opt_free(vals, O_COUNT);
	return st ? fail(st) : 0;
}

const struct verb verb_report = {
    .name = "report",
    .run = run,
    .summary = "utilisation per resource and period, or a heat map",
    .opts = opts,
    .mode = VERB_READS,
    .view = &view_usage,
    .draws = FORMAT_SVG,
};
