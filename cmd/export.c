/* export.c - berth export [--format yaml|jsonl|json]: the whole
 * catalogue, in the file format apply reads (berth(5)), or as jsonl with
 * one object of the catalogue a line, each with its `kind` (json: the
 * same objects in one array). Applying what export wrote
 * changes nothing. */
#include <stdio.h>

#include "../lib/catalogue.h"
#include "common-columns.h"
#include "common.h"
#include "common-xitems.h"
#include "verbs.h"

enum { O_ALL, O_AUDIT, O_COUNT };
static const struct opt opts[] = {
    {"all", OPT_FLAG, NULL,
     "the whole store, one object a line (jsonl), for import"},
    {"audit", OPT_FLAG, NULL, "with --all: the audit log too"},
    {NULL, 0, NULL, NULL},
};

static berth_status txn(berth_txn *t, void *arg)
{
	return catalogue_export(t, arg);
}

static void duration(emitter *e, const char *key, int has, int64_t seconds)
{
	char buf[32];

	if (!has)
		return;
	clock_format_duration(seconds, buf, sizeof buf);
	emit_str(e, key, buf);
}

static void texts(emitter *e, const char *key, const cat_texts *l)
{
	if (!l->n)
		return;
	emit_key(e, key);
	emit_list_begin(e);
	for (size_t i = 0; i < l->n; i++)
		emit_string(e, l->v[i].text);
	emit_end(e);
}

static void policies(emitter *e, const cat_policies *ps)
{
	if (!ps->n)
		return;
	emit_key(e, "policies");
	emit_map_begin(e);
	for (size_t i = 0; i < ps->n; i++)
		emit_str(e, ps->v[i].key.text, ps->v[i].value.text);
	emit_end(e);
}

/* The same keys as the YAML file, so a line reads as its object there. */
static void describe_resource_object(emitter *e, const cat_resource *r)
{
	emit_record_begin(e);
	emit_str(e, "kind", "resource");
	emit_str(e, "name", r->name.text);
	if (r->has_seats)
		emit_int(e, "seats", r->seats);
	else if (r->has_capacity)
		emit_int(e, "capacity", r->capacity);
	emit_str(e, "tz", r->tz.text);
	if (r->location.text)
		emit_str(e, "location", r->location.text);
	duration(e, "buffer", r->has_buffer, r->buffer);
	duration(e, "slot", r->has_slot, r->slot);
	if (r->attrs.n) {
		emit_key(e, "attrs");
		emit_map_begin(e);
		for (size_t i = 0; i < r->attrs.n; i++)
			emit_str(e, r->attrs.v[i].key, r->attrs.v[i].value);
		emit_end(e);
	}
	texts(e, "hours", &r->hours);
	if (r->nexceptions) {
		emit_key(e, "exceptions");
		emit_map_begin(e);
		for (size_t i = 0; i < r->nexceptions; i++)
			emit_str(e, r->exceptions[i].date.text,
				 r->exceptions[i].hours.text);
		emit_end(e);
	}
	policies(e, &r->policies);
	emit_record_end(e);
}

static void describe_objects(emitter *e, const catalogue *c)
{
	for (size_t i = 0; i < c->nresources; i++)
		describe_resource_object(e, &c->resources[i]);
	for (size_t i = 0; i < c->nservices; i++) {
		const cat_service *s = &c->services[i];
		emit_record_begin(e);
		emit_str(e, "kind", "service");
		emit_str(e, "name", s->name.text);
		duration(e, "duration", 1, s->duration);
		duration(e, "buffer", s->has_buffer, s->buffer);
		if (s->price.text)
			emit_str(e, "price", s->price.text);
		texts(e, "resources", &s->resources);
		policies(e, &s->policies);
		emit_record_end(e);
	}
	for (size_t i = 0; i < c->nholidays; i++) {
		const cat_holiday *h = &c->holidays[i];
		emit_record_begin(e);
		emit_str(e, "kind", "holiday");
		emit_str(e, "name", h->name.text);
		emit_str(e, "date", h->date.text);
		if (h->to.text)
			emit_str(e, "to", h->to.text);
		emit_key(e, "recurring");
		emit_boolean(e, h->recurring);
		texts(e, "resources", &h->resources);
		emit_record_end(e);
	}
	for (size_t i = 0; i < c->ntimeoff; i++) {
		const cat_timeoff *o = &c->timeoff[i];
		emit_record_begin(e);
		emit_str(e, "kind", "timeoff");
		emit_str(e, "resource", o->resource.text);
		emit_str(e, "from", o->from.text);
		emit_str(e, "to", o->to.text);
		if (o->reason.text)
			emit_str(e, "reason", o->reason.text);
		emit_record_end(e);
	}
	for (size_t i = 0; i < c->policies.n; i++) {
		emit_record_begin(e);
		emit_str(e, "kind", "policy");
		emit_str(e, "key", c->policies.v[i].key.text);
		emit_str(e, "value", c->policies.v[i].value.text);
		emit_record_end(e);
	}
}

/* --all: each item a line as the walk meets it, so a store of a million
 * bookings streams in the memory of one. */
static int item_cb(const berth_xitem *it, void *arg)
{
	emitter *e = arg;

	xitem_describe(e, it);
	return ferror(stdout) != 0;
}

typedef struct {
	emitter *e;
	int audit;
} all_ctx;

static berth_status all_txn(berth_txn *t, void *arg)
{
	all_ctx *x = arg;

	return berth_export_all(t, x->audit, item_cb, x->e);
}

static berth_status export_all(int audit)
{
	berth_db *db = NULL;
	all_ctx x = {NULL, audit};
	berth_status st;

	if (G.format != FORMAT_TABLE && G.format != FORMAT_JSONL)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "export --all writes jsonl (--format): one "
			       "object a line, each with its type"),
		    "--format", NULL);
	if ((st = open_db(0, &db)))
		return st;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	x.e = emit_open(FORMAT_JSONL, stdout, 1);
	emit_hold(x.e, 1);
	st = berth_run(db, 0, all_txn, &x);
	if (emit_flush(x.e) || ferror(stdout))
		st = st ? st : output_failed();
	if (out_close(x.e) && !st)
		st = berth_last();
	berth_close(db);
	return st;
}

static int run(const struct verb *v, int argc, char **argv)
{
	optval vals[O_COUNT];
	catalogue cat;
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, yaml;

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		goto out;
	if ((st = need_args(nargs, 0, 0)))
		goto out;
	if (vals[O_AUDIT].set && !vals[O_ALL].set) {
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "--audit goes with --all"),
		    "--audit", NULL);
		goto out;
	}
	if (vals[O_ALL].set) {
		st = export_all(vals[O_AUDIT].set);
		goto out;
	}
	/* yaml is the default: table, the default of other verbs, means it. */
	yaml = G.yaml || G.format == FORMAT_TABLE;
	if (G.format == FORMAT_CSV || G.format == FORMAT_TSV) {
		st = berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "export writes yaml, jsonl or json (--format): "
			       "a catalogue is not a table"),
		    "--format", NULL);
		goto out;
	}
	if ((st = open_db(0, &db)) || (st = berth_run(db, 0, txn, &cat)))
		goto out;
	if (yaml) {
		if (!G.quiet && catalogue_write_yaml(&cat, stdout))
			st = output_failed();
	} else {
		emitter *e = out_open(1);
		describe_objects(e, &cat);
		st = out_end(e, BERTH_OK);
	}
out:
	opt_free(vals, O_COUNT);
	berth_close(db);
	return st ? fail(st) : 0;
}

const struct verb verb_export = {
    .name = "export",
    .run = run,
    .summary = "write the whole catalogue, as apply reads it",
    .operands = NULL,
    .opts = opts,
    .mode = VERB_READS,
    .view = &view_export,
};
