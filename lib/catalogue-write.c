/* catalogue-write.c - a catalogue written as berth(5) YAML through
 * libyaml's emitter, which owns quoting: a name that looks like a number,
 * a boolean or holds a colon comes back as the same text. Keys are in the
 * order berth(5) documents them; a field at its default is left out. */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "catalogue.h"

typedef struct {
	yaml_emitter_t em;
	int failed;
} writer;

static void put(writer *w, yaml_event_t *ev, int ok)
{
	if (w->failed || !ok || !yaml_emitter_emit(&w->em, ev))
		w->failed = 1;
}

static void scalar(writer *w, const char *s)
{
	yaml_event_t ev;

	put(w, &ev,
	    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					 (int)strlen(s), 1, 1,
					 YAML_ANY_SCALAR_STYLE));
}

static void map_begin(writer *w)
{
	yaml_event_t ev;

	put(w, &ev,
	    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						YAML_BLOCK_MAPPING_STYLE));
}

static void list_begin(writer *w, int flow)
{
	yaml_event_t ev;

	put(w, &ev,
	    yaml_sequence_start_event_initialize(
		&ev, NULL, NULL, 1,
		flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void map_end(writer *w)
{
	yaml_event_t ev;

	put(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void list_end(writer *w)
{
	yaml_event_t ev;

	put(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void pair(writer *w, const char *key, const char *value)
{
	if (!value)
		return;
	scalar(w, key);
	scalar(w, value);
}

static void number(writer *w, const char *key, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	pair(w, key, buf);
}

static void duration(writer *w, const char *key, int64_t seconds)
{
	char buf[32];

	clock_format_duration(seconds, buf, sizeof buf);
	pair(w, key, buf);
}

static void names(writer *w, const char *key, const cat_texts *l, int flow)
{
	if (!l->n)
		return;
	scalar(w, key);
	list_begin(w, flow);
	for (size_t i = 0; i < l->n; i++)
		scalar(w, l->v[i].text);
	list_end(w);
}

static void policies(writer *w, const cat_policies *ps)
{
	if (!ps->n)
		return;
	scalar(w, "policies");
	map_begin(w);
	for (size_t i = 0; i < ps->n; i++)
		pair(w, ps->v[i].key.text, ps->v[i].value.text);
	map_end(w);
}

static void resource(writer *w, const cat_resource *r)
{
	map_begin(w);
	pair(w, "name", r->name.text);
	if (r->has_seats)
		number(w, "seats", r->seats);
	else if (r->has_capacity)
		number(w, "capacity", (long long)r->capacity);
	pair(w, "tz", r->tz.text);
	pair(w, "location", r->location.text);
	if (r->has_buffer)
		duration(w, "buffer", r->buffer);
	if (r->has_slot)
		duration(w, "slot", r->slot);
	if (r->attrs.n) {
		scalar(w, "attrs");
		map_begin(w);
		for (size_t i = 0; i < r->attrs.n; i++)
			pair(w, r->attrs.v[i].key, r->attrs.v[i].value);
		map_end(w);
	}
	names(w, "hours", &r->hours, 0);
	if (r->nexceptions) {
		scalar(w, "exceptions");
		map_begin(w);
		for (size_t i = 0; i < r->nexceptions; i++)
			pair(w, r->exceptions[i].date.text,
			     r->exceptions[i].hours.text);
		map_end(w);
	}
	policies(w, &r->policies);
	map_end(w);
}

static void service(writer *w, const cat_service *s)
{
	map_begin(w);
	pair(w, "name", s->name.text);
	duration(w, "duration", s->duration);
	if (s->has_buffer)
		duration(w, "buffer", s->buffer);
	pair(w, "price", s->price.text);
	names(w, "resources", &s->resources, 1);
	policies(w, &s->policies);
	map_end(w);
}

static void holiday(writer *w, const cat_holiday *h)
{
	map_begin(w);
	pair(w, "name", h->name.text);
	pair(w, "date", h->date.text);
	pair(w, "to", h->to.text);
	if (h->recurring)
		pair(w, "recurring", "true");
	names(w, "resources", &h->resources, 1);
	map_end(w);
}

static void timeoff(writer *w, const cat_timeoff *o)
{
	map_begin(w);
	pair(w, "resource", o->resource.text);
	pair(w, "from", o->from.text);
	pair(w, "to", o->to.text);
	pair(w, "reason", o->reason.text);
	map_end(w);
}

/* Each section, when it has anything. */
#define SECTION(w, key, v, n, fn)                                              \
	do {                                                                   \
		if (n) {                                                       \
			scalar(w, key);                                        \
			list_begin(w, 0);                                      \
			for (size_t i_ = 0; i_ < (n); i_++)                    \
				fn(w, &(v)[i_]);                               \
			list_end(w);                                           \
		}                                                              \
	} while (0)

int catalogue_write_yaml(const catalogue *c, FILE *out)
{
	writer w = {0};
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&w.em))
		return -1;
	yaml_emitter_set_output_file(&w.em, out);
	yaml_emitter_set_unicode(&w.em, 1);
	yaml_emitter_set_width(&w.em, -1);
	put(&w, &ev,
	    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	put(&w, &ev,
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	map_begin(&w);
	SECTION(&w, "resources", c->resources, c->nresources, resource);
	SECTION(&w, "services", c->services, c->nservices, service);
	SECTION(&w, "holidays", c->holidays, c->nholidays, holiday);
	SECTION(&w, "timeoff", c->timeoff, c->ntimeoff, timeoff);
	policies(&w, &c->policies);
	map_end(&w);
	put(&w, &ev, yaml_document_end_event_initialize(&ev, 1));
	put(&w, &ev, yaml_stream_end_event_initialize(&ev));
	yaml_emitter_delete(&w.em);
	return w.failed || ferror(out) ? -1 : 0;
}
