/* catalogue-apply-resource.c - apply of a resource: its fields, its hours
 * (the week and the dated exceptions, one object) and its policies. */
#include <stdlib.h>
#include <string.h>

#include "catalogue-apply.h"

static berth_status oom(void)
{
	return berth_fail(BERTH_INTERNAL, "out of memory");
}

/* The resource as the file declares it, every field: what is left out
 * takes the value `resource add` would give it, so a field removed from
 * the file goes back to its default. */
static berth_status declared(ap *a, const cat_resource *d, berth_resource *r)
{
	berth_status st;

	memset(r, 0, sizeof *r);
	r->name = d->name.text;
	if ((st = berth_check_name(r->name)))
		return ap_at(a, d->name.at, st);
	if (d->has_seats && d->has_capacity && d->capacity != (int64_t)d->seats)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s:%u:%u: capacity and seats disagree "
				  "(a seated resource's capacity is its seats)",
				  a->file, d->at.line, d->at.col);
	r->seats = d->has_seats ? d->seats : 0;
	r->capacity = d->has_seats	? d->seats
		      : d->has_capacity ? d->capacity
					: 1;
	r->tz = d->tz.text ? d->tz.text : berth_zone(a->t);
	if (d->tz.text && !clock_zone_valid(d->tz.text))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s:%u:%u: unknown time zone '%.80s'",
				  a->file, d->tz.at.line, d->tz.at.col,
				  d->tz.text);
	r->buffer = d->has_buffer ? d->buffer : 0;
	r->slot = d->has_slot ? d->slot : 0;
	r->location = d->location.text;
	if (r->location && (st = berth_check_text("location", r->location)))
		return ap_at(a, d->location.at, st);
	r->attrs = d->attrs;
	if ((st = berth_check_attrs(&r->attrs)))
		return ap_at(a, d->at, st);
	return BERTH_OK;
}

static const char *attr_value(const berth_attrs *as, const char *key)
{
	for (size_t i = 0; i < as->n; i++)
		if (!strcmp(as->v[i].key, key))
			return as->v[i].value;
	return NULL;
}

static int same_attrs(const berth_attrs *x, const berth_attrs *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (!ap_same_text(attr_value(y, x->v[i].key), x->v[i].value))
			return 0;
	return 1;
}

static int same_resource(const berth_resource *x, const berth_resource *y)
{
	return x->capacity == y->capacity && x->seats == y->seats &&
	       ap_same_text(x->tz, y->tz) && x->buffer == y->buffer &&
	       x->slot == y->slot && ap_same_text(x->location, y->location) &&
	       same_attrs(&x->attrs, &y->attrs);
}

/* `resource set` merges attributes; a replacement also removes the
 * stored keys the file no longer has (an empty value removes). */
static berth_status replacing_attrs(ap *a, const berth_attrs *want,
				    const berth_attrs *had, berth_attrs *out)
{
	size_t n = want->n;

	out->v = arena_alloc(berth_arena(a->t),
			     (want->n + had->n + 1) * sizeof *out->v);
	if (!out->v)
		return oom();
	if (want->n)
		memcpy(out->v, want->v, want->n * sizeof *out->v);
	for (size_t i = 0; i < had->n; i++)
		if (!attr_value(want, had->v[i].key))
			out->v[n++] = (berth_attr){had->v[i].key, ""};
	out->n = n;
	return BERTH_OK;
}

berth_status ap_resource(ap *a, const cat_resource *d)
{
	berth_resource want, *had, *out;
	berth_resource_change ch;
	berth_status st;

	if ((st = declared(a, d, &want)))
		return st;
	st = berth_resource_get(a->t, want.name, &had);
	if (st == BERTH_NOT_FOUND) {
		berth_clear();
		if ((st = berth_resource_add(a->t, &want, &out)))
			return ap_at(a, d->at, st);
		return ap_note(a, "resource", want.name, "created");
	}
	if (st)
		return st;
	if (same_resource(&want, had))
		return ap_note(a, "resource", want.name, "unchanged");
	memset(&ch, 0, sizeof ch);
	ch.capacity_set = ch.seats_set = ch.tz_set = ch.buffer_set =
	    ch.slot_set = ch.location_set = 1;
	ch.v = want;
	ch.v.location = want.location ? want.location : "";
	if ((st = replacing_attrs(a, &want.attrs, &had->attrs, &ch.attrs)) ||
	    (st = berth_resource_set(a->t, want.name, &ch, &out)))
		return ap_at(a, d->at, st);
	return ap_note(a, "resource", want.name, "changed");
}

/* --- hours --- */

static int keep_hours(const berth_hours *h, void *arg)
{
	stored_hours *s = arg;
	berth_hours *v;

	if (!h->date) {
		s->has_week = 1;
		s->week = *h;
		return 0;
	}
	if (!(v = arena_alloc(s->ar, (s->ndates + 1) * sizeof *v)))
		return 1;
	if (s->ndates)
		memcpy(v, s->dates, s->ndates * sizeof *v);
	v[s->ndates++] = *h;
	s->dates = v;
	return 0;
}

berth_status ap_stored_hours(ap *a, const char *resource, stored_hours *s)
{
	memset(s, 0, sizeof *s);
	s->ar = berth_arena(a->t);
	return berth_hours_each(a->t, resource, keep_hours, s);
}

static int same_days(const berth_hours *x, const berth_hours *y)
{
	if (x->ndays != y->ndays)
		return 0;
	for (int i = 0; i < x->ndays; i++) {
		if (x->day[i].n != y->day[i].n)
			return 0;
		for (int j = 0; j < x->day[i].n; j++)
			if (x->day[i].r[j].start != y->day[i].r[j].start ||
			    x->day[i].r[j].end != y->day[i].r[j].end)
				return 0;
	}
	return 1;
}

/* One line, or all of them, through `hours set`'s own parser: each line
 * alone first, so a bad one is named where it is written. */
static berth_status parse_week(ap *a, const cat_texts *lines, berth_hours *h)
{
	char **v = arena_alloc(berth_arena(a->t), lines->n * sizeof *v);
	berth_status st;

	if (!v)
		return oom();
	for (size_t i = 0; i < lines->n; i++) {
		if (!(v[i] = arena_strdup(berth_arena(a->t), lines->v[i].text)))
			return oom();
		if ((st = berth_hours_parse(&v[i], 1, 0, h)))
			return ap_at(a, lines->v[i].at, st);
		if (!(v[i] = arena_strdup(berth_arena(a->t), lines->v[i].text)))
			return oom();
	}
	if ((st = berth_hours_parse(v, (int)lines->n, 0, h)))
		return ap_at(a, lines->v[0].at, st);
	return BERTH_OK;
}

static berth_status parse_date(ap *a, const cat_exception *e, berth_hours *h)
{
	char *line = arena_strdup(berth_arena(a->t), e->hours.text);
	int32_t ymd;
	berth_status st;

	if (!line)
		return oom();
	if ((st = berth_date_parse("an exception's date", e->date.text, &ymd)))
		return ap_at(a, e->date.at, st);
	if ((st = berth_hours_parse(&line, 1, 1, h)))
		return ap_at(a, e->hours.at, st);
	h->date = ymd;
	return BERTH_OK;
}

/* A resource's hours are one object: its week and its dated exceptions
 * together replace what is stored. A resource that declares neither
 * leaves its hours alone (--prune clears them). */
berth_status ap_hours(ap *a, const cat_resource *d)
{
	const char *name = d->name.text;
	berth_hours week, *dates = NULL;
	stored_hours s;
	berth_status st;
	int wrote = 0;

	if (!d->hours.n && !d->nexceptions)
		return BERTH_OK;
	if ((st = ap_stored_hours(a, name, &s)))
		return st;
	if (d->hours.n) {
		if ((st = parse_week(a, &d->hours, &week)))
			return st;
		week.resource = name;
		week.date = 0;
		if (!s.has_week || !same_days(&week, &s.week)) {
			if ((st = berth_hours_set(a->t, &week)))
				return ap_at(a, d->hours.v[0].at, st);
			wrote = 1;
		}
	} else if (s.has_week) {
		if ((st = berth_hours_clear(a->t, name, 0)))
			return st;
		wrote = 1;
	}
	if (d->nexceptions &&
	    !(dates = arena_alloc(berth_arena(a->t),
				  d->nexceptions * sizeof *dates)))
		return oom();
	for (size_t i = 0; i < d->nexceptions; i++) {
		const berth_hours *had = NULL;
		if ((st = parse_date(a, &d->exceptions[i], &dates[i])))
			return st;
		/* Two spellings of one date would set it twice. */
		for (size_t j = 0; j < i; j++)
			if (dates[j].date == dates[i].date)
				return berth_fail(
				    BERTH_INVALID_ARGUMENT,
				    "%s:%u:%u: the date %s is given twice",
				    a->file, d->exceptions[i].date.at.line,
				    d->exceptions[i].date.at.col,
				    d->exceptions[i].date.text);
		for (size_t j = 0; j < s.ndates; j++)
			if (s.dates[j].date == dates[i].date)
				had = &s.dates[j];
		dates[i].resource = name;
		if (had && same_days(had, &dates[i]))
			continue;
		if ((st = berth_hours_set(a->t, &dates[i])))
			return ap_at(a, d->exceptions[i].hours.at, st);
		wrote = 1;
	}
	for (size_t j = 0; j < s.ndates; j++) {
		int declared_here = 0;
		for (size_t i = 0; i < d->nexceptions; i++)
			declared_here |= dates[i].date == s.dates[j].date;
		if (declared_here)
			continue;
		if ((st = berth_hours_clear(a->t, name, s.dates[j].date)))
			return st;
		wrote = 1;
	}
	return ap_note(a, "hours", name,
		       !wrote			? "unchanged"
		       : s.has_week || s.ndates ? "changed"
						: "created");
}
