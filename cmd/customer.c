/* customer.c - berth customer add|set|show|list|forget: contact data
 * kept under the customer id that claims name, a customer's history, and
 * erasing a customer (the engine's customer.c and customer-forget.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common-columns.h"
#include "common.h"
#include "verbs.h"

enum { O_NAME, O_EMAIL, O_PHONE, O_ATTR, O_COUNT };
static const struct opt fields[] = {
    {"name", OPT_VALUE, "NAME", "the customer's name ('' clears it)"},
    {"email", OPT_VALUE, "EMAIL", "an email address ('' clears it)"},
    {"phone", OPT_VALUE, "PHONE", "a phone number ('' clears it)"},
    {"attr", OPT_REPEAT, "K=V",
     "a free attribute, such as vehicle=... (K= removes, with set)"},
    {NULL, 0, NULL, NULL},
};

struct call {
	int what;
	const char *id;
	berth_customer in;
	berth_customer_change ch;
	berth_customer *out;
	berth_forget_result forgot;
	emitter *e;
};
enum { ADD, LIST, SHOW, SET, FORGET };

static int each(const berth_customer *cu, void *arg)
{
	emitter *e = ((struct call *)arg)->e;

	emit_record_begin(e);
	describe_customer_fields(e, cu);
	emit_record_end(e);
	return 0;
}

/* show: the claims, newest first, as lists of the customer's holds and
 * bookings; written as they come, inside the transaction, for the
 * emitter only buffers. */
static int one_claim(const berth_claim *c, void *arg)
{
	emitter *e = arg;

	emit_map_begin(e);
	describe_claim_fields(e, c);
	emit_end(e);
	return 0;
}

static int one_hold(const berth_claim *c, void *arg)
{
	return c->kind == CLAIM_HOLD ? one_claim(c, arg) : 0;
}

static int one_booking(const berth_claim *c, void *arg)
{
	return c->kind == CLAIM_BOOKING ? one_claim(c, arg) : 0;
}

/* An entry as `waitlist show` gives it, its status as it is now. */
struct entries {
	emitter *e;
	btime now;
};

static int one_entry(const berth_waitlist *w, void *arg)
{
	struct entries *x = arg;

	emit_map_begin(x->e);
	describe_waitlist_fields(x->e, w, x->now);
	emit_end(x->e);
	return 0;
}

static int any_entry(const berth_waitlist *w, void *arg)
{
	(void)w;
	return ++*(int *)arg;
}

static int any(const berth_claim *c, void *arg)
{
	(void)c;
	return ++*(int *)arg;
}

static berth_status show(berth_txn *t, struct call *c)
{
	berth_customer none = {.id = c->id};
	berth_waitlist_filter mine = {.customer = c->id, .status = -1};
	struct entries x = {c->e, berth_now(t)};
	berth_status st = berth_customer_get(t, c->id, &c->out);
	int found = 0;

	/* A customer with claims or waitlist entries but no record is shown
	 * with them: they may name a customer `customer add` has not met. */
	if (st == BERTH_NOT_FOUND) {
		berth_clear();
		if ((st = berth_customer_claims(t, c->id, any, &found)) ||
		    (!found &&
		     (st = berth_waitlist_each(t, &mine, any_entry, &found))))
			return st;
		if (!found)
			return berth_customer_get(t, c->id, &c->out);
		c->out = &none;
	} else if (st) {
		return st;
	}
	emit_record_begin(c->e);
	describe_customer_fields(c->e, c->out);
	emit_key(c->e, "holds");
	emit_list_begin(c->e);
	if ((st = berth_customer_claims(t, c->id, one_hold, c->e)))
		return st;
	emit_end(c->e);
	emit_key(c->e, "bookings");
	emit_list_begin(c->e);
	if ((st = berth_customer_claims(t, c->id, one_booking, c->e)))
		return st;
	emit_end(c->e);
	emit_key(c->e, "waitlist");
	emit_list_begin(c->e);
	if ((st = berth_waitlist_each(t, &mine, one_entry, &x)))
		return st;
	emit_end(c->e);
	emit_record_end(c->e);
	c->out = NULL;
	return BERTH_OK;
}

static berth_status txn(berth_txn *t, void *arg)
{
	struct call *c = arg;

	switch (c->what) {
	case ADD:
		return berth_customer_add(t, &c->in, &c->out);
	case SHOW:
		return show(t, c);
	case SET:
		return berth_customer_set(t, c->id, &c->ch, &c->out);
	case FORGET:
		return berth_customer_forget(t, c->id, &c->forgot);
	default:
		return berth_customer_each(t, each, c);
	}
}

static void describe_forgot(emitter *e, const berth_forget_result *f)
{
	emit_record_begin(e);
	emit_str(e, "pseudonym", f->pseudonym);
	emit_key(e, "record");
	emit_boolean(e, f->had_record);
	emit_key(e, "claims");
	emit_integer(e, (int64_t)f->claims);
	emit_key(e, "waitlist_entries");
	emit_integer(e, (int64_t)f->waitlist_entries);
	emit_key(e, "audit_records");
	emit_integer(e, (int64_t)f->audit_records);
	emit_key(e, "idempotency_keys");
	emit_integer(e, (int64_t)f->idem_keys);
	emit_record_end(e);
}

static berth_status parse_fields(const optval *v, struct call *c)
{
	berth_status st;

	if ((st = opt_text(&v[O_NAME], "--name", &c->ch.name)) ||
	    (st = opt_text(&v[O_EMAIL], "--email", &c->ch.email)) ||
	    (st = opt_text(&v[O_PHONE], "--phone", &c->ch.phone)) ||
	    (st = parse_attrs(&v[O_ATTR], c->what == SET, &c->ch.attrs)))
		return st;
	if (c->ch.email && (st = berth_check_email(c->ch.email)))
		return st;
	if (c->ch.phone && (st = berth_check_phone(c->ch.phone)))
		return st;
	if (c->what == SET && !c->ch.name && !c->ch.email && !c->ch.phone &&
	    !c->ch.attrs.n)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "nothing to change (see %s --help)", G.prog);
	c->in.id = c->id;
	c->in.name = c->ch.name;
	c->in.email = c->ch.email;
	c->in.phone = c->ch.phone;
	c->in.attrs = c->ch.attrs;
	return BERTH_OK;
}

static int sub(const struct verb *v, int argc, char **argv, int what)
{
	optval vals[O_COUNT];
	struct call c = {.what = what};
	berth_db *db = NULL;
	berth_status st;
	int nargs, done, writes = what == ADD || what == SET || what == FORGET;
	size_t nopts = opt_count(v->opts);

	st = opt_parse(v, argc, argv, vals, &nargs, &done);
	if (st || done)
		goto out;
	if ((st = need_args(nargs, what == LIST ? 0 : 1, what == LIST ? 0 : 1)))
		goto out;
	c.id = argv[1];
	if (what != LIST && (st = (what == ADD ? berth_check_customer(c.id)
					       : parse_text("customer", c.id))))
		goto out;
	if (what == ADD && !*c.id) {
		st = berth_fail(BERTH_INVALID_ARGUMENT,
				"a customer id must not be empty");
		goto out;
	}
	if ((what == ADD || what == SET) && (st = parse_fields(vals, &c)))
		goto out;
	if ((st = open_db(0, &db)))
		goto out;
	c.e = out_open(what == LIST);
	if (what == LIST && emit_template(c.e)) {
		berth_customer none = {.id = ""};
		each(&none, &c);
	}
	st = berth_run(db, writes, txn, &c);
	if (!st && what == FORGET)
		committed("the customer was forgotten: now %s",
			  c.forgot.pseudonym);
	else if (!st && writes)
		committed("customer %s was %s", c.id,
			  what == ADD ? "added" : "changed");
	if (!st && what == FORGET)
		describe_forgot(c.e, &c.forgot);
	else if (!st && c.out)
		each(c.out, &c);
	st = out_end(c.e, st);
out:
	berth_close(db);
	free(c.ch.attrs.v);
	opt_free(vals, nopts);
	return st ? fail(st) : 0;
}

SUB_VERB(run_add, ADD)
SUB_VERB(run_list, LIST)
SUB_VERB(run_show, SHOW)
SUB_VERB(run_set, SET)
SUB_VERB(run_forget, FORGET)

static const struct opt none[] = {{NULL, 0, NULL, NULL}};

static const struct verb subs[] = {
    {"add", run_add, "add a customer's contact data", "CUSTOMER", fields,
     VERB_WRITES, NULL, &view_customer, NULL, 0},
    {"list", run_list, "list customers", NULL, none, VERB_READS, NULL,
     &view_customer, NULL, 0},
    {"show", run_show,
     "show a customer: contact data, holds, bookings and waitlist", "CUSTOMER",
     none, VERB_READS, NULL, &view_customer_show, NULL, 0},
    {"set", run_set, "change a customer's contact data", "CUSTOMER", fields,
     VERB_WRITES, NULL, &view_customer, NULL, 0},
    {"forget", run_forget,
     "erase a customer: contact data, and its id everywhere", "CUSTOMER", none,
     VERB_WRITES, NULL, &view_customer_forget, NULL, 0},
    {NULL, NULL, NULL, NULL, NULL, VERB_UNSAID, NULL, NULL, NULL, 0},
};

const struct verb verb_customer = {
    .name = "customer",
    .summary = "add, change, show, list and forget customers",
    .operands = "add|set|show|list|forget",
    .subs = subs,
};
