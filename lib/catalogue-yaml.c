/* catalogue-yaml.c - reads a catalogue file (berth(5)) with libyaml's
 * document loader and walks it against the file's shape: every key known,
 * every value of its kind, every error at its line and column. libyaml
 * resolves no types, so `09:00` and `2026-12-25` stay the strings written;
 * numbers and durations are read here, by berth's own rules.
 *
 * Anchors and aliases are refused: a catalogue is short, and an alias
 * reached many times over is how a small file asks for a huge amount of
 * work. A node reached twice is an alias. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "catalogue.h"
#include "clock.h"
#include "status.h"

typedef struct {
	yaml_document_t doc;
	const char *file;
	arena *a;
	unsigned char *seen; /* by node index: reached already */
	size_t nnodes;
} reader;

static cat_mark mark_of(const yaml_node_t *n)
{
	return (cat_mark){(uint32_t)n->start_mark.line + 1,
			  (uint32_t)n->start_mark.column + 1};
}

static berth_status fail_mark(const reader *r, cat_mark at, const char *fmt,
			      ...) __attribute__((format(printf, 3, 4)));
static berth_status fail_mark(const reader *r, cat_mark at, const char *fmt,
			      ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return berth_fail(BERTH_INVALID_ARGUMENT, "%s:%u:%u: %s", r->file,
			  at.line, at.col, what);
}

#define fail_at(r, n, ...) fail_mark((r), mark_of(n), __VA_ARGS__)

static berth_status oom_at(const reader *r)
{
	return berth_fail(BERTH_INTERNAL, "%s: out of memory", r->file);
}

/* The node `id` names, refused when it was reached before (an alias). */
static berth_status node(reader *r, int id, yaml_node_t **out)
{
	yaml_node_t *n = yaml_document_get_node(&r->doc, id);

	if (!n)
		return berth_fail(BERTH_INTERNAL, "%s: a node is missing",
				  r->file);
	if (r->seen[id - 1])
		return fail_at(r, n,
			       "this value is used again through an alias; "
			       "a catalogue uses no anchors and aliases: "
			       "write the value out");
	r->seen[id - 1] = 1;
	*out = n;
	return BERTH_OK;
}

static const char *kind_name(const yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE	 ? "a mapping"
	       : n->type == YAML_SEQUENCE_NODE ? "a list"
					       : "a value";
}

static berth_status want(const reader *r, const yaml_node_t *n,
			 yaml_node_type_t type, const char *what)
{
	if (n->type == type)
		return BERTH_OK;
	return fail_at(r, n, "%s must be %s, not %s", what,
		       type == YAML_MAPPING_NODE    ? "a mapping (key: value)"
		       : type == YAML_SEQUENCE_NODE ? "a list"
						    : "a single value",
		       kind_name(n));
}

/* A scalar's text, refused when empty or holding a NUL byte. */
static berth_status text(reader *r, const yaml_node_t *n, const char *what,
			 cat_text *out)
{
	berth_status st;
	const char *v;
	size_t len;

	if ((st = want(r, n, YAML_SCALAR_NODE, what)))
		return st;
	v = (const char *)n->data.scalar.value;
	len = n->data.scalar.length;
	if (len == 0)
		return fail_at(r, n, "%s is empty: give a value or leave the "
				     "key out",
			       what);
	if (memchr(v, '\0', len))
		return fail_at(r, n, "%s holds a NUL byte", what);
	if (!(out->text = arena_strndup(r->a, v, len)))
		return oom_at(r);
	out->at = mark_of(n);
	return BERTH_OK;
}

static berth_status whole(reader *r, const yaml_node_t *n, const char *what,
			  int64_t lo, int64_t hi, int64_t *out)
{
	cat_text t;
	berth_status st;
	char *end;
	long long v;

	if ((st = text(r, n, what, &t)))
		return st;
	errno = 0;
	v = strtoll(t.text, &end, 10);
	if (t.text[0] < '0' || t.text[0] > '9' || *end || errno || v < lo ||
	    v > hi)
		return fail_at(r, n, "%s must be a whole number from %lld to %lld",
			       what, (long long)lo, (long long)hi);
	*out = v;
	return BERTH_OK;
}

static berth_status duration(reader *r, const yaml_node_t *n,
			     const char *what, int64_t *out)
{
	cat_text t;
	berth_status st;

	if ((st = text(r, n, what, &t)))
		return st;
	if (clock_parse_duration(t.text, out)) {
		berth_clear();
		return fail_at(r, n,
			       "%s must be a duration such as 45m, 1h30m or 2d",
			       what);
	}
	return BERTH_OK;
}

static berth_status flag(reader *r, const yaml_node_t *n, const char *what,
			 int *out)
{
	cat_text t;
	berth_status st;

	if ((st = text(r, n, what, &t)))
		return st;
	if (!strcmp(t.text, "true"))
		*out = 1;
	else if (!strcmp(t.text, "false"))
		*out = 0;
	else
		return fail_at(r, n, "%s must be true or false", what);
	return BERTH_OK;
}

/* Walks a mapping's pairs: each key a value, none twice; `pair` is called
 * with the key's text and the value's node. */
typedef berth_status (*pair_fn)(reader *r, void *ctx, const cat_text *key,
				 yaml_node_t *value);

static berth_status each_pair(reader *r, const yaml_node_t *map,
			      const char *what, pair_fn fn, void *ctx)
{
	const yaml_node_pair_t *p0 = map->data.mapping.pairs.start;
	const yaml_node_pair_t *top = map->data.mapping.pairs.top;
	berth_status st;

	if ((st = want(r, map, YAML_MAPPING_NODE, what)))
		return st;
	for (const yaml_node_pair_t *p = p0; p < top; p++) {
		yaml_node_t *k, *v;
		cat_text key;
		if ((st = node(r, p->key, &k)) ||
		    (st = text(r, k, "a key", &key)))
			return st;
		for (const yaml_node_pair_t *q = p0; q < p; q++) {
			const yaml_node_t *o =
				yaml_document_get_node(&r->doc, q->key);
			if (o->data.scalar.length == k->data.scalar.length &&
			    !memcmp(o->data.scalar.value, k->data.scalar.value,
				    k->data.scalar.length))
				return fail_at(r, k, "%s is given twice",
					       key.text);
		}
		if ((st = node(r, p->value, &v)) || (st = fn(r, ctx, &key, v)))
			return st;
	}
	return BERTH_OK;
}

/* A list's items, as an array of `size` bytes each, zeroed, in *out. */
typedef berth_status (*item_fn)(reader *r, yaml_node_t *item, void *slot);

static berth_status each_item(reader *r, const yaml_node_t *seq,
			      const char *what, size_t size, item_fn fn,
			      void **out, size_t *n)
{
	const yaml_node_item_t *i0 = seq->data.sequence.items.start;
	size_t count;
	berth_status st;
	char *v;

	if ((st = want(r, seq, YAML_SEQUENCE_NODE, what)))
		return st;
	count = (size_t)(seq->data.sequence.items.top - i0);
	*out = NULL;
	*n = 0;
	if (!count)
		return BERTH_OK;
	if (!(v = arena_alloc(r->a, count * size)))
		return oom_at(r);
	memset(v, 0, count * size);
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *item;
		if ((st = node(r, i0[i], &item)) ||
		    (st = fn(r, item, v + i * size)))
			return st;
	}
	*out = v;
	*n = count;
	return BERTH_OK;
}

static berth_status unknown(reader *r, const cat_text *key, const char *in,
			    const char *known)
{
	return fail_mark(r, key->at, "unknown key '%s' in %s (known: %s)",
			 key->text, in, known);
}

/* --- lists of names, policies, attributes --- */

static berth_status name_item(reader *r, yaml_node_t *n, void *slot)
{
	return text(r, n, "a name", slot);
}

static berth_status names(reader *r, yaml_node_t *n, const char *what,
			  cat_texts *out)
{
	void *v;
	berth_status st = each_item(r, n, what, sizeof(cat_text), name_item,
				    &v, &out->n);

	out->v = v;
	return st;
}

static berth_status policy_pair(reader *r, void *ctx, const cat_text *key,
				yaml_node_t *value)
{
	cat_policies *ps = ctx;
	cat_policy *p = &ps->v[ps->n];
	berth_status st;

	p->key = *key;
	if ((st = text(r, value, key->text, &p->value)))
		return st;
	ps->n++;
	return BERTH_OK;
}

static berth_status policies(reader *r, yaml_node_t *n, cat_policies *out)
{
	size_t count;
	berth_status st;

	if ((st = want(r, n, YAML_MAPPING_NODE, "policies")))
		return st;
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	out->n = 0;
	if (count && !(out->v = arena_alloc(r->a, count * sizeof *out->v)))
		return oom_at(r);
	return each_pair(r, n, "policies", policy_pair, out);
}

static berth_status attr_pair(reader *r, void *ctx, const cat_text *key,
			      yaml_node_t *value)
{
	berth_attrs *as = ctx;
	cat_text v;
	berth_status st;

	if ((st = text(r, value, key->text, &v)))
		return st;
	as->v[as->n].key = key->text;
	as->v[as->n].value = v.text;
	as->n++;
	return BERTH_OK;
}

static berth_status attrs(reader *r, yaml_node_t *n, berth_attrs *out)
{
	size_t count;
	berth_status st;

	if ((st = want(r, n, YAML_MAPPING_NODE, "attrs")))
		return st;
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	out->n = 0;
	if (count && !(out->v = arena_alloc(r->a, count * sizeof *out->v)))
		return oom_at(r);
	return each_pair(r, n, "attrs", attr_pair, out);
}

/* --- resources --- */

static berth_status hours_item(reader *r, yaml_node_t *n, void *slot)
{
	return text(r, n, "a line of hours", slot);
}

static berth_status exception_pair(reader *r, void *ctx, const cat_text *key,
				   yaml_node_t *value)
{
	cat_resource *res = ctx;
	cat_exception *e = &res->exceptions[res->nexceptions];
	berth_status st;

	e->date = *key;
	if ((st = text(r, value, "a day's hours", &e->hours)))
		return st;
	res->nexceptions++;
	return BERTH_OK;
}

static berth_status exceptions(reader *r, yaml_node_t *n, cat_resource *res)
{
	size_t count;
	berth_status st;

	if ((st = want(r, n, YAML_MAPPING_NODE, "exceptions")))
		return st;
	count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	res->nexceptions = 0;
	if (count &&
	    !(res->exceptions = arena_alloc(r->a, count * sizeof *res->exceptions)))
		return oom_at(r);
	return each_pair(r, n, "exceptions", exception_pair, res);
}

static berth_status resource_pair(reader *r, void *ctx, const cat_text *key,
				  yaml_node_t *v)
{
	cat_resource *res = ctx;
	const char *k = key->text;
	void *hv;

	if (!strcmp(k, "name"))
		return text(r, v, "name", &res->name);
	if (!strcmp(k, "capacity")) {
		res->has_capacity = 1;
		return whole(r, v, "capacity", 1, 1000000, &res->capacity);
	}
	if (!strcmp(k, "seats")) {
		int64_t seats;
		berth_status st = whole(r, v, "seats", 1, 100000, &seats);
		if (st)
			return st;
		res->has_seats = 1;
		res->seats = (uint32_t)seats;
		return BERTH_OK;
	}
	if (!strcmp(k, "tz"))
		return text(r, v, "tz", &res->tz);
	if (!strcmp(k, "location"))
		return text(r, v, "location", &res->location);
	if (!strcmp(k, "buffer")) {
		res->has_buffer = 1;
		return duration(r, v, "buffer", &res->buffer);
	}
	if (!strcmp(k, "slot")) {
		res->has_slot = 1;
		return duration(r, v, "slot", &res->slot);
	}
	if (!strcmp(k, "attrs"))
		return attrs(r, v, &res->attrs);
	if (!strcmp(k, "hours")) {
		berth_status st = each_item(r, v, "hours", sizeof(cat_text),
					    hours_item, &hv, &res->hours.n);
		res->hours.v = hv;
		return st;
	}
	if (!strcmp(k, "exceptions"))
		return exceptions(r, v, res);
	if (!strcmp(k, "policies"))
		return policies(r, v, &res->policies);
	return unknown(r, key, "a resource",
		       "name, capacity, seats, tz, location, buffer, slot, "
		       "attrs, hours, exceptions, policies");
}

/* An object of a list: a mapping whose `name`-like key must be there. */
static berth_status object(reader *r, yaml_node_t *n, const char *what,
			   pair_fn fn, void *obj, cat_mark *at)
{
	*at = mark_of(n);
	return each_pair(r, n, what, fn, obj);
}

static berth_status needs(const reader *r, cat_mark at, const cat_text *t,
			  const char *what, const char *key)
{
	if (t->text)
		return BERTH_OK;
	return fail_mark(r, at, "%s has no %s", what, key);
}

static berth_status resource_item(reader *r, yaml_node_t *n, void *slot)
{
	cat_resource *res = slot;
	berth_status st;

	if ((st = object(r, n, "a resource", resource_pair, res, &res->at)))
		return st;
	return needs(r, res->at, &res->name, "a resource", "name");
}

/* --- services --- */

static berth_status service_pair(reader *r, void *ctx, const cat_text *key,
				 yaml_node_t *v)
{
	cat_service *s = ctx;
	const char *k = key->text;

	if (!strcmp(k, "name"))
		return text(r, v, "name", &s->name);
	if (!strcmp(k, "duration"))
		return duration(r, v, "duration", &s->duration);
	if (!strcmp(k, "buffer")) {
		s->has_buffer = 1;
		return duration(r, v, "buffer", &s->buffer);
	}
	if (!strcmp(k, "price"))
		return text(r, v, "price", &s->price);
	if (!strcmp(k, "resources"))
		return names(r, v, "resources", &s->resources);
	if (!strcmp(k, "policies"))
		return policies(r, v, &s->policies);
	return unknown(r, key, "a service",
		       "name, duration, buffer, price, resources, policies");
}

static berth_status service_item(reader *r, yaml_node_t *n, void *slot)
{
	cat_service *s = slot;
	berth_status st;

	if ((st = object(r, n, "a service", service_pair, s, &s->at)) ||
	    (st = needs(r, s->at, &s->name, "a service", "name")))
		return st;
	if (s->duration <= 0)
		return fail_mark(r, s->at, "service %s has no duration",
				 s->name.text);
	return BERTH_OK;
}

/* --- holidays and time off --- */

static berth_status holiday_pair(reader *r, void *ctx, const cat_text *key,
				 yaml_node_t *v)
{
	cat_holiday *h = ctx;
	const char *k = key->text;

	if (!strcmp(k, "name"))
		return text(r, v, "name", &h->name);
	if (!strcmp(k, "date"))
		return text(r, v, "date", &h->date);
	if (!strcmp(k, "to"))
		return text(r, v, "to", &h->to);
	if (!strcmp(k, "recurring"))
		return flag(r, v, "recurring", &h->recurring);
	if (!strcmp(k, "resources"))
		return names(r, v, "resources", &h->resources);
	return unknown(r, key, "a holiday",
		       "name, date, to, recurring, resources");
}

static berth_status holiday_item(reader *r, yaml_node_t *n, void *slot)
{
	cat_holiday *h = slot;
	berth_status st;

	if ((st = object(r, n, "a holiday", holiday_pair, h, &h->at)) ||
	    (st = needs(r, h->at, &h->name, "a holiday", "name")))
		return st;
	return needs(r, h->at, &h->date, "a holiday", "date");
}

static berth_status timeoff_pair(reader *r, void *ctx, const cat_text *key,
				 yaml_node_t *v)
{
	cat_timeoff *o = ctx;
	const char *k = key->text;

	if (!strcmp(k, "resource"))
		return text(r, v, "resource", &o->resource);
	if (!strcmp(k, "from"))
		return text(r, v, "from", &o->from);
	if (!strcmp(k, "to"))
		return text(r, v, "to", &o->to);
	if (!strcmp(k, "reason"))
		return text(r, v, "reason", &o->reason);
	return unknown(r, key, "time off", "resource, from, to, reason");
}

static berth_status timeoff_item(reader *r, yaml_node_t *n, void *slot)
{
	cat_timeoff *o = slot;
	berth_status st;

	if ((st = object(r, n, "time off", timeoff_pair, o, &o->at)) ||
	    (st = needs(r, o->at, &o->resource, "time off", "resource")) ||
	    (st = needs(r, o->at, &o->from, "time off", "from")))
		return st;
	return needs(r, o->at, &o->to, "time off", "to");
}

/* --- the file --- */

static berth_status top_pair(reader *r, void *ctx, const cat_text *key,
			     yaml_node_t *v)
{
	catalogue *c = ctx;
	const char *k = key->text;
	berth_status st;
	void *p;

	if (!strcmp(k, "resources")) {
		st = each_item(r, v, "resources", sizeof(cat_resource),
			       resource_item, &p, &c->nresources);
		c->resources = p;
	} else if (!strcmp(k, "services")) {
		st = each_item(r, v, "services", sizeof(cat_service),
			       service_item, &p, &c->nservices);
		c->services = p;
	} else if (!strcmp(k, "holidays")) {
		st = each_item(r, v, "holidays", sizeof(cat_holiday),
			       holiday_item, &p, &c->nholidays);
		c->holidays = p;
	} else if (!strcmp(k, "timeoff")) {
		st = each_item(r, v, "timeoff", sizeof(cat_timeoff),
			       timeoff_item, &p, &c->ntimeoff);
		c->timeoff = p;
	} else if (!strcmp(k, "policies")) {
		st = policies(r, v, &c->policies);
	} else {
		st = unknown(r, key, "the catalogue",
			     "resources, services, holidays, timeoff, "
			     "policies");
	}
	return st;
}

static berth_status parse_failed(const reader *r, const yaml_parser_t *p)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;

	if (p->error == YAML_MEMORY_ERROR)
		return oom_at(r);
	return berth_fail(BERTH_INVALID_ARGUMENT, "%s:%zu:%zu: %s%s%s",
			  r->file, m->line + 1, m->column + 1,
			  p->problem ? p->problem : "not YAML",
			  p->context ? " " : "",
			  p->context ? p->context : "");
}

/* Nothing may follow the first document: a second one would be ignored. */
static berth_status one_document(reader *r, yaml_parser_t *p)
{
	yaml_document_t next;
	yaml_node_t *root;
	berth_status st = BERTH_OK;

	if (!yaml_parser_load(p, &next))
		return parse_failed(r, p);
	if ((root = yaml_document_get_root_node(&next)))
		st = fail_mark(r, mark_of(root),
			       "a second document: a catalogue is one");
	yaml_document_delete(&next);
	return st;
}

berth_status catalogue_read(const char *yaml, size_t len, const char *file,
			    arena *a, catalogue *out)
{
	reader r = {.file = file, .a = a};
	yaml_parser_t p;
	yaml_node_t *root;
	berth_status st;

	memset(out, 0, sizeof *out);
	if (!yaml_parser_initialize(&p))
		return oom_at(&r);
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
	if (!yaml_parser_load(&p, &r.doc)) {
		st = parse_failed(&r, &p);
		yaml_parser_delete(&p);
		return st;
	}
	r.nnodes = (size_t)(r.doc.nodes.top - r.doc.nodes.start);
	if (!(r.seen = calloc(r.nnodes ? r.nnodes : 1, 1))) {
		st = oom_at(&r);
		goto out;
	}
	/* An empty file, or a document with nothing in it (a bare ---): an
	 * empty catalogue. */
	root = yaml_document_get_root_node(&r.doc);
	if (!root || (root->type == YAML_SCALAR_NODE &&
		      !root->data.scalar.length &&
		      root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)) {
		st = one_document(&r, &p);
		goto out;
	}
	r.seen[0] = 1;
	if (!(st = each_pair(&r, root, "the catalogue", top_pair, out)))
		st = one_document(&r, &p);
out:
	free(r.seen);
	yaml_document_delete(&r.doc);
	yaml_parser_delete(&p);
	return st;
}
