/* resource.c - berth resource add|list|show|set|rm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "verbs.h"
#include "common-columns.h"

enum { O_CAPACITY, O_SEATS, O_TZ, O_BUFFER, O_SLOT, O_LOCATION, O_ATTR,
       O_COUNT };
static const struct opt fields[] = {
	{"capacity", OPT_VALUE, "N", "units bookable at once (default 1)"},
	{"seats", OPT_VALUE, "N", "numbered seats 1..N (capacity N)"},
	{"tz", OPT_VALUE, "ZONE", "time zone (default the store's)"},
	{"buffer", OPT_VALUE, "DUR", "gap kept between appointments"},
	{"slot", OPT_VALUE, "DUR", "default length of a claim"},
	{"location", OPT_VALUE, "L", "where it is"},
	{"attr", OPT_REPEAT, "K=V", "a free attribute (K= removes, with set)"},
	{NULL, 0, NULL, NULL},
};

struct call {
	int what; /* the sub-verb */
	const char *name;
	berth_resource in;
	berth_resource_change ch;
	berth_resource *out;
	berth_claim_ref *misfits; /* set: the claims that no longer fit */
	size_t nmisfits;
	emitter *e;
};
enum { ADD, LIST, SHOW, SET, RM };

static int each(const berth_resource *r, void *arg)
{
	describe_resource(((struct call *)arg)->e, r);
	return 0;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case ADD:
		return berth_resource_add(t, &c->in, &c->out);
	case SHOW:
		return berth_resource_get(t, c->name, &c->out);
	case SET: {
		berth_status st =
		    berth_resource_set(t, c->name, &c->ch, &c->out);
		return st ? st
			  : berth_misfits(t, c->out, &c->misfits, &c->nmisfits);
	}
	case RM:
		return berth_resource_rm(t, c->name, &c->out);
	default:
		return berth_resource_each(t, each, c);
	}
}

/* set's answer: the resource, and the claims it no longer has room for
 * (a list, empty when all fit), so a script sees them without check. */
static void describe_set(emitter *e, const struct call *c)
{
	char id[24];

	emit_record_begin(e);
	describe_resource_fields(e, c->out);
	emit_key(e, "misfits");
	emit_list_begin(e);
	for (size_t i = 0; i < c->nmisfits; i++) {
		berth_id_format(c->misfits[i].kind, c->misfits[i].id, id,
				sizeof id);
		emit_string(e, id);
	}
	emit_end(e);
	emit_record_end(e);
}

/* The change stands (SPEC invariant 6: a booking is never dropped), so a
 * person is told on stderr, even with -q, which claims no longer fit: one
 * line, the first few ids; the answer lists them all. */
#define WARN_IDS 10
static void warn_misfits(const struct call *c)
{
	size_t nb = 0, nh;
	char id[24];

	if (!c->nmisfits)
		return;
	for (size_t i = 0; i < c->nmisfits; i++)
		nb += c->misfits[i].kind == CLAIM_BOOKING;
	nh = c->nmisfits - nb;
	fputs("berth: warning: ", stderr);
	if (nb)
		fprintf(stderr, "%zu booking%s", nb, nb == 1 ? "" : "s");
	if (nb && nh)
		fputs(" and ", stderr);
	if (nh)
		fprintf(stderr, "%zu hold%s", nh, nh == 1 ? "" : "s");
	fprintf(stderr, " no longer fit%s %s (", c->nmisfits == 1 ? "s" : "",
		c->out->name);
	if (c->out->seats)
		fprintf(stderr, "%u seat%s", c->out->seats,
			c->out->seats == 1 ? "" : "s");
	else
		fprintf(stderr, "capacity %lld", (long long)c->out->capacity);
	fputs("):", stderr);
	for (size_t i = 0; i < c->nmisfits && i < WARN_IDS; i++) {
		berth_id_format(c->misfits[i].kind, c->misfits[i].id, id,
				sizeof id);
		fprintf(stderr, "%s %s", i ? "," : "", id);
	}
	if (c->nmisfits > WARN_IDS)
		fprintf(stderr, " and %zu more", c->nmisfits - WARN_IDS);
	fputc('\n', stderr);
}

/* The fields add and set share, parsed once. */
static berth_status parse_fields(const optval *v, berth_resource_change *ch)
{
	berth_resource *r = &ch->v;
	berth_status st;
	int64_t n;

	if (v[O_CAPACITY].set) {
		if ((st = parse_int("--capacity", v[O_CAPACITY].value, 1,
				    BERTH_CAPACITY_MAX, &r->capacity)))
			return st;
		ch->capacity_set = 1;
	}
	if (v[O_SEATS].set) {
		if ((st = parse_int("--seats", v[O_SEATS].value, 1,
				    BERTH_SEATS_MAX, &n)))
			return st;
		r->seats = (uint32_t)n;
		ch->seats_set = 1;
	}
	if (v[O_TZ].set) {
		if (!clock_zone_valid(v[O_TZ].value))
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "unknown time zone '%.80s'",
					  v[O_TZ].value);
		r->tz = v[O_TZ].value;
		ch->tz_set = 1;
	}
	if (v[O_BUFFER].set) {
		if (clock_parse_duration(v[O_BUFFER].value, &r->buffer))
			return berth_fail(BERTH_INVALID_ARGUMENT, "--buffer: %s",
					  berth_message());
		ch->buffer_set = 1;
	}
	if (v[O_SLOT].set) {
		if (clock_parse_duration(v[O_SLOT].value, &r->slot))
			return berth_fail(BERTH_INVALID_ARGUMENT, "--slot: %s",
					  berth_message());
		ch->slot_set = 1;
	}
	if (v[O_LOCATION].set) {
		if ((st = parse_text("--location", v[O_LOCATION].value)))
			return st;
		r->location = v[O_LOCATION].value;
		ch->location_set = 1;
	}
	return BERTH_OK;
}

static int sub(const struct verb *v, int argc, char **argv, int what)
{
	optval vals[O_COUNT];
	struct call c = {.what = what};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done;
	size_t nopts = opt_count(v->opts);

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		goto out;
	if ((st = need_args(nargs, what == LIST ? 0 : 1, what == LIST ? 0 : 1)))
		goto out;
	c.name = argv[1];
	if (what == ADD && (st = berth_check_name(c.name)))
		goto out;
	if (what == ADD || what == SET) {
		if ((st = parse_fields(vals, &c.ch)) ||
		    (st = parse_attrs(&vals[O_ATTR], what == SET,
				      what == SET ? &c.ch.attrs : &c.in.attrs)))
			goto out;
		if (what == ADD) {
			berth_attrs attrs = c.in.attrs;
			if (c.ch.capacity_set && c.ch.seats_set &&
			    c.ch.v.capacity != (int64_t)c.ch.v.seats) {
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"--capacity and --seats disagree");
				goto out;
			}
			c.in = c.ch.v;
			c.in.attrs = attrs;
			c.in.name = c.name;
		} else if (!c.ch.capacity_set && !c.ch.seats_set &&
			   !c.ch.tz_set && !c.ch.buffer_set &&
			   !c.ch.slot_set && !c.ch.location_set &&
			   !c.ch.attrs.n) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"nothing to change (see %s --help)",
					G.prog);
			goto out;
		}
	}
	if ((st = open_db(what == ADD, &db)))
		goto out;
	c.e = out_open(what == LIST);
	if (what == LIST && emit_template(c.e)) {
		berth_resource none = {.name = "", .tz = "UTC"};
		describe_resource(c.e, &none);
	}
	st = berth_run(db, what != LIST && what != SHOW, txn, &c);
	if (!st && what != LIST && what != SHOW)
		committed("resource %s was %s", c.name,
			  what == ADD	? "added"
			  : what == SET ? "changed"
					: "removed");
	if (!st && what == SET) {
		warn_misfits(&c);
		describe_set(c.e, &c);
	} else if (!st && what != LIST) {
		describe_resource(c.e, c.out);
	}
	st = out_end(c.e, st);
out:
	berth_close(db);
	free(c.in.attrs.v);
	free(c.ch.attrs.v);
	opt_free(vals, nopts);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_show, SHOW)
SUB_VERB(run_set, SET)
SUB_VERB(run_rm, RM)

static const struct opt none[] = {{NULL, 0, NULL, NULL}};

static const struct verb subs[] = {
	{"add", run_add, "add a resource", "NAME", fields, VERB_WRITES, NULL,
	 &view_resource, NULL, 0},
	{"list", run_list, "list resources", NULL, none, VERB_READS, NULL,
	 &view_resource, NULL, 0},
	{"show", run_show, "show a resource", "NAME", none, VERB_READS, NULL,
	 &view_resource, NULL, 0},
	{"set", run_set, "change a resource", "NAME", fields, VERB_WRITES,
	 NULL, &view_resource_set, NULL, 0},
	{"rm", run_rm, "remove a resource nothing claims any more", "NAME",
	 none, VERB_WRITES, NULL, &view_resource, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_resource = {
	.name = "resource",
	.summary = "add, list, show, change and remove resources",
	.operands = "add|list|show|set|rm",
	.subs = subs,
};
