/* catalogue-apply-service.c - apply of a service: every field replaced,
 * the resources it names in the order written. */
#include <string.h>

#include "catalogue-apply.h"

static int same_service(const berth_service *x, const berth_service *y)
{
	if (x->duration != y->duration || x->buffer != y->buffer ||
	    x->price != y->price || x->nres != y->nres)
		return 0;
	for (uint32_t i = 0; i < x->nres; i++)
		if (strcmp(x->resources[i], y->resources[i]))
			return 0;
	return 1;
}

static berth_status declared(ap *a, const cat_service *d, berth_service *s)
{
	berth_status st;

	memset(s, 0, sizeof *s);
	s->name = d->name.text;
	if ((st = berth_check_name(s->name)))
		return ap_at(a, d->name.at, st);
	s->duration = d->duration;
	s->buffer = d->has_buffer ? d->buffer : -1;
	s->price = -1;
	if (d->price.text && (st = berth_price_parse(d->price.text, &s->price)))
		return ap_at(a, d->price.at, st);
	s->nres = (uint32_t)d->resources.n;
	if (d->resources.n > BERTH_SERVICE_RESOURCES)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s:%u:%u: a service names at most %d "
				  "resources",
				  a->file, d->at.line, d->at.col,
				  BERTH_SERVICE_RESOURCES);
	s->resources = arena_alloc(berth_arena(a->t),
				   (d->resources.n + 1) * sizeof *s->resources);
	if (!s->resources)
		return berth_fail(BERTH_INTERNAL, "out of memory");
	for (size_t i = 0; i < d->resources.n; i++) {
		berth_resource *r;
		if ((st = ap_resource_named(a, &d->resources.v[i], "service",
					    s->name, &r)))
			return st;
		s->resources[i] = d->resources.v[i].text;
	}
	return BERTH_OK;
}

berth_status ap_service(ap *a, const cat_service *d)
{
	berth_service want, *had, *out;
	berth_service_change ch;
	berth_status st;

	if ((st = declared(a, d, &want)))
		return st;
	st = berth_service_get(a->t, want.name, &had);
	if (st == BERTH_NOT_FOUND) {
		berth_clear();
		if ((st = berth_service_add(a->t, &want, &out)))
			return ap_at(a, d->at, st);
		return ap_note(a, "service", want.name, "created");
	}
	if (st)
		return st;
	if (same_service(&want, had))
		return ap_note(a, "service", want.name, "unchanged");
	memset(&ch, 0, sizeof ch);
	ch.duration_set = ch.buffer_set = ch.price_set = ch.resources_set = 1;
	ch.v = want;
	if ((st = berth_service_set(a->t, want.name, &ch, &out)))
		return ap_at(a, d->at, st);
	return ap_note(a, "service", want.name, "changed");
}
