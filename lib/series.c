/* series.c - a recurring series: book or lock --repeat. Each occurrence is
 * made by the same code a single claim is (berth_book, berth_lock), with
 * every rule that code applies -- capacity, seats, hours, holidays, time
 * off, notice, horizon, customer limits -- and all of them in the
 * caller's one write transaction: a refusal of any throws the whole
 * transaction away, so a series is all or none. With skip_conflicts an
 * occurrence refused for what is in the store or by a rule (exit 4 or 5)
 * or falling in a DST gap is left out and reported instead; a series of
 * which nothing could be made is refused as its first occurrence was.
 *
 * Times repeat on the wall clock of the resource's zone (the store's when
 * the request names a service and no resource): a weekly 09:00 stays
 * 09:00 across a DST change, the instant moving by the hour. A monthly
 * series keeps the first occurrence's day of the month; a month without
 * that day takes its last day (the 31st is the 30th in April, the 28th or
 * 29th in February), and the day comes back in the months that have it.
 *
 * An idempotency key stands for the whole series: its fingerprint is the
 * first occurrence's request with the repetition added to its verb, its
 * answer the first occurrence made; a replay returns the occurrences of
 * that series as they now are, and changes nothing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar.h"

int berth_repeat_parse(const char *s, int *unit)
{
	static const char *const names[] = {"daily", "weekly", "monthly"};

	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*unit = REPEAT_DAILY + i;
			return 0;
		}
	return -1;
}

void berth_series_format(uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "s%llu", (unsigned long long)id);
}

berth_status berth_series_parse(const char *s, uint64_t *id)
{
	uint64_t n = 0;
	const char *p;

	/* Printed one way, parsed one way: s, then digits without a
	 * leading zero. */
	if (s[0] != 's' || !s[1] || s[1] == '0' || strlen(s) > 20)
		goto bad;
	for (p = s + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*id = n;
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "invalid series id '%.40s': expected s123", s);
}

static int days_in_month(int64_t y, int64_t m)
{
	int64_t ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;

	return (int)(cal_days((int32_t)(ny * 10000 + nm * 100 + 1)) -
		     cal_days((int32_t)(y * 10000 + m * 100 + 1)));
}

/* The wall-clock date of occurrence k (0: the first). */
static int32_t occurrence_date(const berth_repeat *rep, int32_t ymd0, int64_t k)
{
	int64_t y, m, d, dim;

	switch (rep->unit) {
	case REPEAT_DAILY:
		return cal_ymd(cal_days(ymd0) + k * rep->every);
	case REPEAT_WEEKLY:
		return cal_ymd(cal_days(ymd0) + 7 * k * rep->every);
	default:
		m = ymd0 / 100 % 100 - 1 + k * rep->every;
		y = ymd0 / 10000 + m / 12;
		m = m % 12 + 1;
		d = ymd0 % 100;
		dim = days_in_month(y, m);
		return (int32_t)(y * 10000 + m * 100 + (d > dim ? dim : d));
	}
}

/* How many occurrences the series has: count, or those up to until. */
static berth_status occurrences(const berth_repeat *rep, int32_t ymd0,
				int64_t *n)
{
	if (rep->count) {
		*n = rep->count;
	} else {
		for (*n = 0; *n <= BERTH_SERIES_MAX &&
			     occurrence_date(rep, ymd0, *n) <= rep->until;
		     ++*n)
			;
		if (*n == 0)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "--until is before the first "
					  "occurrence");
	}
	if (*n > BERTH_SERIES_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a series has at most %d occurrences",
				  BERTH_SERIES_MAX);
	/* The last date must be one a time can be written for. */
	if (occurrence_date(rep, ymd0, *n - 1) > 99991231)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "the series runs past the year 9999");
	return BERTH_OK;
}

/* Refusals an occurrence may be skipped for: what is in the store (4), a
 * rule (5), or a wall-clock time the zone skips (DECISIONS.md). */
static int skippable(berth_status st)
{
	int x = berth_status_exit(st);

	return x == 4 || x == 5 || st == BERTH_INVALID_TIME;
}

/* The request with its repetition, as the key's fingerprint sees it. */
static const char *verb_of(berth_txn *t, claim_kind kind,
			   const berth_repeat *rep)
{
	char buf[128];

	snprintf(buf, sizeof buf,
		 "%s repeat %d every %lld count %lld "
		 "until %ld skip %d",
		 kind == CLAIM_HOLD ? "lock" : "book", rep->unit,
		 (long long)rep->every, (long long)rep->count, (long)rep->until,
		 !!rep->skip_conflicts);
	return arena_strdup(t->a, buf);
}

static int gather(berth_txn *t, const series_entry *e, void *arg)
{
	berth_series *out = arg;
	berth_claim **v, *c;

	if (claim_load(t, e->kind, e->id, &c))
		return 1;
	claim_effective(c, t->now);
	if (!(v = arena_alloc(t->a, (out->n + 1) * sizeof *v))) {
		oom();
		return 1;
	}
	if (out->n)
		memcpy(v, out->claims, out->n * sizeof *v);
	v[out->n++] = c;
	out->claims = v;
	return 0;
}

/* A series made before under the same key: its occurrences now. */
static berth_status replay(berth_txn *t, const berth_claim *first,
			   berth_series *out)
{
	out->id = first->series;
	out->replayed = 1;
	return series_each(t, first->series, gather, out);
}

/* The key's settling: 1 when it answered (a replay, or a failure in
 * *st), 0 to go on and make the series. */
static int keyed(berth_txn *t, claim_kind kind, const berth_claim_req *req,
		 const berth_repeat *rep, idem_req *ir, berth_series *out,
		 berth_status *st)
{
	idem_prior prior;
	idem_request n;
	berth_resource *r;
	berth_claim *first;
	int replayed = 0;

	if ((*st = idem_prior_of(t, ir->key, &prior)) ||
	    (*st = claim_normalise(t, kind, req, prior.answer ? &prior : NULL,
				   &r, &n)))
		return 1;
	n.verb = verb_of(t, kind, rep);
	ir->defaulted = claim_defaulted(req);
	ir->zone = r->tz;
	idem_fingerprint(&ir->request, &n);
	if (!claim_answered(t, ir, &first, &replayed, st))
		return 0;
	if (!*st)
		*st = replay(t, first, out);
	return 1;
}

static berth_status skip(berth_txn *t, berth_series *out, int k,
			 const civil_time *at, const char *zone,
			 berth_status why)
{
	berth_series_skip *v, *s;

	if (!(v = arena_alloc(t->a, (out->nskips + 1) * sizeof *v)))
		return oom();
	if (out->nskips)
		memcpy(v, out->skips, out->nskips * sizeof *v);
	s = &v[out->nskips];
	memset(s, 0, sizeof *s);
	s->n = k + 1;
	s->st = why;
	s->zone = zone;
	s->message = arena_strdup(t->a, berth_message());
	s->details = berth_details_copy(t->a);
	snprintf(s->local, sizeof s->local, "%04d-%02d-%02dT%02d:%02d:%02d",
		 at->year, at->month, at->day, at->hour, at->minute,
		 at->second);
	if (clock_resolve_at(at, zone, t->now, &s->start))
		s->start = BTIME_NEVER;
	berth_clear();
	out->skips = v;
	out->nskips++;
	return BERTH_OK;
}

static berth_status keep(berth_txn *t, berth_series *out, berth_claim *c)
{
	berth_claim **v = arena_alloc(t->a, (out->n + 1) * sizeof *v);

	if (!v)
		return oom();
	if (out->n)
		memcpy(v, out->claims, out->n * sizeof *v);
	v[out->n++] = c;
	out->claims = v;
	return BERTH_OK;
}

berth_status berth_series_claim(berth_txn *t, claim_kind kind,
				const berth_claim_req *req,
				const berth_repeat *rep, berth_series *out)
{
	idem_req ir = {.key = req->idem_key};
	const char *zone;
	berth_resource *r;
	berth_status st;
	btime s0, e0;
	int64_t n, length = 0;
	struct tm tm;
	int32_t ymd0;

	memset(out, 0, sizeof *out);
	if (rep->unit < REPEAT_DAILY || rep->unit > REPEAT_MONTHLY ||
	    rep->every < 1 || rep->every > BERTH_SERIES_MAX || rep->count < 0 ||
	    (!rep->count == !rep->until))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a series needs --repeat, an --every of 1 "
				  "to %d, and --count or --until",
				  BERTH_SERIES_MAX);
	if (req->resource) {
		if ((st = res_by_name(t, req->resource, &r)))
			return st;
		zone = r->tz;
	} else {
		zone = berth_zone(t);
	}
	/* The first start as the resource's wall clock shows it: the time
	 * of day every occurrence keeps. */
	if ((st = clock_resolve_at(&req->start, zone, t->now, &s0)))
		return st;
	clock_local(s0, zone, &tm);
	ymd0 = (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
			 tm.tm_mday);
	if (req->has_end) {
		/* --end is the first occurrence's: every one is as long. */
		if ((st = clock_resolve_at(&req->end, zone, t->now, &e0)))
			return st;
		if (e0 <= s0)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "--end must be after the start");
		length = e0 - s0;
	}
	if ((st = occurrences(rep, ymd0, &n)))
		return st;
	if (ir.key && keyed(t, kind, req, rep, &ir, out, &st))
		goto out;
	if (!(out->id = next_id(t, ID_SERIES))) {
		st = txn_status(t);
		goto out;
	}
	for (int64_t k = 0; k < n; k++) {
		int32_t ymd = occurrence_date(rep, ymd0, k);
		berth_claim_req q = *req;
		berth_claim *c;
		int replayed;

		q.idem_key = NULL;
		q.series = out->id;
		q.start = (civil_time){.kind = CIVIL_LOCAL,
				       .year = ymd / 10000,
				       .month = ymd / 100 % 100,
				       .day = ymd % 100,
				       .hour = tm.tm_hour,
				       .minute = tm.tm_min,
				       .second = tm.tm_sec};
		if (length) {
			q.has_end = 0;
			q.duration = length;
		}
		st = kind == CLAIM_HOLD ? berth_lock(t, &q, &c, &replayed)
					: berth_book(t, &q, &c, &replayed);
		if (!st) {
			if ((st = keep(t, out, c)))
				goto out;
			continue;
		}
		if (t->failed || st == BERTH_INTERNAL || !rep->skip_conflicts ||
		    !skippable(st)) {
			berth_detail_int("occurrence", k + 1);
			berth_detail_int("occurrences", n);
			goto out;
		}
		if ((st = skip(t, out, (int)k, &q.start, zone, st)))
			goto out;
	}
	if (!out->n) {
		const berth_series_skip *s = &out->skips[0];
		st = berth_fail(s->st,
				"none of the %lld occurrences could be made; "
				"the first: %s",
				(long long)n, s->message);
		berth_detail_int("occurrences", n);
		goto out;
	}
	idem_store(t, &ir, out->claims[0]);
	st = txn_status(t);
out:
	wb_free(&ir.request);
	return st;
}
