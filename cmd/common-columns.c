/* common-columns.c - the views: what each kind of record has, what a list shows
 * of it by default, and --columns checked against it. The field lists
 * follow the describe functions (common.c and the verbs); a guard test
 * (tests/columns.bats) holds them to what json prints. */
#include <string.h>

#include "common-columns.h"

#define FIELDS(...)                                                          \
	(const char *const[])                                                \
	{                                                                    \
		__VA_ARGS__, NULL                                            \
	}

/* A person's sheet of claims: when, what, who, and where it stands. */
#define CLAIM_HEAD "id", "resource", "start", "end", "quantity", "seats", "customer"
/* Every field: the head with the end of the time the claim occupies. */
#define CLAIM_ALL                                                              \
	"id", "resource", "start", "end", "buffer_end", "quantity", "seats",   \
	    "customer"

const struct view view_booking = {
	"booking",
	FIELDS(CLAIM_ALL, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "series", "version", "reschedules",
	       "expires_at", "attrs", "created_at", "updated_at", "service",
	       "price", "amount_paid"),
	FIELDS(CLAIM_HEAD, "status", "payment_status"),
};

const struct view view_hold = {
	"hold",
	FIELDS(CLAIM_ALL, "status", "booking", "expires_at", "attrs",
	       "created_at", "service", "price"),
	FIELDS(CLAIM_HEAD, "status", "expires_at"),
};

/* One claim of either kind (show, book, confirm, ...): every field a hold
 * or a booking has; one record shows them all by default. */
const struct view view_claim = {
	"hold or booking",
	FIELDS(CLAIM_ALL, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "booking", "series", "version",
	       "reschedules", "expires_at", "attrs", "created_at",
	       "updated_at", "service", "price", "amount_paid"),
	NULL,
};

/* show ID: a hold, a booking or a waitlist entry. The options are read
 * against every field of the three (--list-columns names them all); the
 * id then picks view_claim or view_waitlist, which --columns must fit. */
const struct view view_shown = {
	"hold, booking or waitlist entry",
	FIELDS(CLAIM_ALL, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "booking", "series", "version",
	       "reschedules", "expires_at", "attrs", "created_at",
	       "updated_at", "service", "price", "amount_paid", "location",
	       "from", "to", "days", "times", "duration", "priority", "offer",
	       "offer_expires_at"),
	NULL,
};

/* What expire swept: which claims, on what, for whom. */
const struct view view_expired = {
	"hold or booking",
	FIELDS(CLAIM_ALL, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "booking", "series", "version",
	       "reschedules", "expires_at", "attrs", "created_at",
	       "updated_at", "service", "price", "amount_paid"),
	FIELDS(CLAIM_HEAD, "status"),
};

const struct view view_audit = {
	"audit record",
	FIELDS("seq", "at", "actor", "role", "source", "source_detail",
	       "action", "entity", "before", "after", "changes", "reason",
	       "hash"),
	FIELDS("seq", "at", "actor", "action", "entity", "changes"),
};

const struct view view_audit_verify = {
	"chain verified",
	FIELDS("from", "checked", "seq", "hash", "anchor"),
	NULL,
};

const struct view view_audit_head = {
	"chain head",
	FIELDS("seq", "hash", "anchor"),
	NULL,
};

const struct view view_resource = {
	"resource",
	FIELDS("name", "capacity", "seats", "tz", "buffer", "slot", "location",
	       "attrs", "created_at", "updated_at"),
	FIELDS("name", "capacity", "seats", "tz", "buffer", "slot", "location",
	       "attrs"),
};

/* set's answer: the resource, and the claims it no longer has room for. */
const struct view view_resource_set = {
	"resource",
	FIELDS("name", "capacity", "seats", "tz", "buffer", "slot", "location",
	       "attrs", "created_at", "updated_at", "misfits"),
	NULL,
};

const struct view view_policy = {
	"policy", FIELDS("key", "value", "scope", "source"), NULL};

const struct view view_hours = {
	"hours", FIELDS("resource", "day", "date", "hours"), NULL};

const struct view view_holiday = {
	"holiday",
	FIELDS("id", "from", "to", "name", "recurring", "resources"), NULL};

const struct view view_waitlist = {
	"waitlist entry",
	FIELDS("id", "resource", "service", "location", "customer", "from", "to",
	       "days", "times", "duration", "quantity", "priority", "status",
	       "offer", "offer_expires_at", "booking", "version", "created_at",
	       "updated_at"),
	FIELDS("id", "resource", "service", "customer", "from", "to",
	       "priority", "status", "offer"),
};

const struct view view_timeoff = {
	"time off", FIELDS("id", "resource", "from", "to", "reason"), NULL};

/* check --report: a claim outside its calendar, and why. */
const struct view view_report = {
	"claim outside its calendar",
	FIELDS("id", "resource", "start", "end", "customer", "status", "code",
	       "reason"),
	NULL,
};

/* apply: what became of each object of the file, then the claims left
 * outside the calendar (code and reason, as check --report gives them). */
const struct view view_changes = {
	"change", FIELDS("kind", "name", "action", "code", "reason"), NULL};

/* export --format jsonl: one object of the catalogue a line. */
const struct view view_export = {"object", FIELDS("kind", "name"), NULL};

const struct view view_slots = {
	"slot",
	FIELDS("resource", "start", "end", "available"),
	NULL,
};

/* report: the counters (lib/usage-count.c) follow the minutes; a
 * counter added there is added here too. */
const struct view view_usage = {
	"report row",
	FIELDS("resource", "period", "start", "end", "capacity",
	       "open_minutes", "booked_minutes", "held_minutes",
	       "free_minutes", "utilisation", "bookings", "cancellations",
	       "no_shows", "offers", "conversions", "revenue", "paid"),
	FIELDS("resource", "period", "open_minutes", "booked_minutes",
	       "held_minutes", "free_minutes", "utilisation", "bookings",
	       "cancellations", "no_shows", "offers", "conversions",
	       "revenue", "paid"),
};

const struct view view_service = {
	"service",
	FIELDS("name", "duration", "buffer", "price", "resources",
	       "created_at", "updated_at"),
	FIELDS("name", "duration", "buffer", "price", "resources")};

const struct view view_customer = {
	"customer",
	FIELDS("id", "name", "email", "phone", "attrs", "created_at",
	       "updated_at"),
	FIELDS("id", "name", "email", "phone", "attrs")};

/* show: the record and the customer's claims, newest first. */
const struct view view_customer_show = {
	"customer",
	FIELDS("id", "name", "email", "phone", "attrs", "created_at",
	       "updated_at", "holds", "bookings", "waitlist"),
	NULL};

const struct view view_customer_forget = {
	"customer",
	FIELDS("pseudonym", "record", "claims", "waitlist_entries",
	       "audit_records", "idempotency_keys"),
	NULL};

const struct view view_availability = {
	"availability",
	FIELDS("resource", "start", "end", "total", "held", "booked",
	       "available"),
	NULL,
};

/* availability --seats: which seats are free, not what is held. */
const struct view view_free_seats = {
	"availability --seats",
	FIELDS("resource", "start", "end", "total", "available", "seats"),
	NULL,
};

const struct view view_problem = {
	"problem", FIELDS("table", "key", "problem"), NULL};

const struct view view_repair = {
	"repair", FIELDS("problems", "repaired", "entries", "backup"), NULL};

const struct view view_stats = {
	"stats",
	FIELDS("path", "store", "server_version", "file_size", "map_size", "map_used", "map_limit",
	       "readers", "max_readers", "resources", "holds", "bookings",
	       "live_holds", "pending", "confirmed", "audit_records", "events",
	       "events_dead", "notifiers", "data_bytes", "bytes_per_booking"),
	NULL,
};

const struct view view_init = {"store", FIELDS("path", "tz"), NULL};

const struct view view_ping = {
	"ping", FIELDS("path", "store", "writable", "ms"), NULL};

const struct view view_upgrade = {
	"upgrade", FIELDS("from", "to", "backup"), NULL};

/* A list's header for a long field name, so that the default sheet of
 * bookings fits 80 columns; --columns takes either. json, csv and tsv
 * always say the field's name. */
static const struct {
	const char *field, *label;
} labels[] = {
	{"quantity", "qty"},
	{"payment_status", "payment"},
	{"payment_method", "method"},
	{"payment_ref", "ref"},
	{"expires_at", "expires"},
	{"created_at", "created"},
	{"updated_at", "updated"},
	{"reschedules", "resched"},
};

static const char *label_of(const char *field)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].field, field) == 0)
			return labels[i].label;
	return NULL;
}

/* Room for every field of the widest view, each named once. */
#define MAX_PICK 64

static const char *picked[MAX_PICK + 1];
static size_t npicked;

static size_t count(const char *const *list)
{
	size_t n = 0;

	while (list && list[n])
		n++;
	return n;
}

/* A refusal of --columns, with the option and its value in the details,
 * and the column refused when there is one (n is its length). */
static berth_status refused(berth_status st, const char *name, size_t n)
{
	char column[48];

	berth_detail_option(st, "--columns", G.columns);
	if (name) {
		if (n >= sizeof column)
			n = sizeof column - 1;
		memcpy(column, name, n);
		column[n] = '\0';
		berth_detail_str("column", column);
	}
	return st;
}

static berth_status unknown(const struct view *v, const char *name, size_t n)
{
	char all[512];
	berth_choices c;

	berth_choices_init(&c, all, sizeof all);
	for (size_t i = 0; v->fields[i]; i++)
		berth_choices_add(&c, v->fields[i]);
	return refused(berth_fail(BERTH_INVALID_ARGUMENT,
				  "--columns: no %s column '%.*s' (choose "
				  "from %s, or all)",
				  v->what, (int)(n > 40 ? 40 : n), name, all),
		       name, n);
}

static const char *find(const struct view *v, const char *name, size_t n)
{
	for (size_t i = 0; v->fields[i]; i++) {
		const char *f = v->fields[i], *l = label_of(f);

		if ((strlen(f) == n && memcmp(f, name, n) == 0) ||
		    (l && strlen(l) == n && memcmp(l, name, n) == 0))
			return f;
	}
	return NULL;
}

/* A column shown twice would be printed once and leave the other empty:
 * a typo more likely than a wish, so it is refused, named as written. */
static int already_picked(const char *field)
{
	for (size_t i = 0; i < npicked; i++)
		if (picked[i] == field)
			return 1;
	return 0;
}

berth_status view_use(const struct view *v)
{
	const char *p = G.columns;

	G.view = v;
	npicked = 0;
	if (!p)
		return BERTH_OK;
	if (!v && strcmp(p, "all"))
		return refused(berth_fail(BERTH_INVALID_ARGUMENT,
					  "--columns: %s prints no columns "
					  "(choose from all)",
					  G.prog),
			       NULL, 0);
	if (!v)
		return BERTH_OK; /* all of nothing */
	if (strcmp(p, "all") == 0) {
		npicked = count(v->fields);
		memcpy(picked, v->fields, npicked * sizeof *picked);
		return BERTH_OK;
	}
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *f = find(v, p, n);

		if (!f)
			return unknown(v, p, n);
		if (already_picked(f))
			return refused(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--columns: column '%.*s' named twice",
				       (int)n, p),
			    p, n);
		if (npicked == MAX_PICK)
			return refused(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--columns: more than %d columns",
				       MAX_PICK),
			    NULL, 0);
		picked[npicked++] = f;
		if (!p[n])
			break;
		p += n + 1;
	}
	return BERTH_OK;
}

void view_list(const struct view *v, FILE *out)
{
	for (size_t i = 0; v && v->fields[i]; i++)
		fprintf(out, "%s\n", v->fields[i]);
}

void view_apply(emitter *e, int is_list)
{
	static const char *heads[MAX_PICK + 1];
	const struct view *v = G.view;
	const char *const *names;
	size_t n;

	if (!e || !v || G.format == FORMAT_JSON || G.format == FORMAT_JSONL)
		return;
	if (G.columns) {
		names = picked;
		n = npicked;
	} else if (G.format != FORMAT_TABLE) {
		return; /* a script's csv has every field unless it asks */
	} else if (is_list && v->listing) {
		names = v->listing;
		n = count(names);
	} else if (is_list) {
		names = v->fields;
		n = count(names);
	} else {
		return; /* one record shows what it has, all of it */
	}
	if (G.format == FORMAT_TABLE && is_list) {
		for (size_t i = 0; i < n && i < MAX_PICK; i++)
			heads[i] = label_of(names[i]);
		emit_columns(e, names, heads, n);
	} else {
		emit_columns(e, names, NULL, n);
	}
}

/* An event of the outbox; a dead one with its last attempt. */
const struct view view_event = {
	"event",
	FIELDS("seq", "type", "at", "entity", "action", "audit_seq", "actor",
	       "state"),
	FIELDS("seq", "type", "at", "entity", "action"),
};

const struct view view_event_dead = {
	"event",
	FIELDS("seq", "type", "at", "entity", "action", "audit_seq", "actor",
	       "state", "notifier", "attempts", "last_at", "last_exit",
	       "last_error"),
	FIELDS("seq", "type", "entity", "attempts", "last_at", "last_error"),
};

/* events retry, events prune: how many. */
const struct view view_events_done = {
	"result", FIELDS("notifier", "retried", "pruned"), NULL};

/* notify: one line an attempt. */
const struct view view_attempt = {
	"attempt",
	FIELDS("seq", "type", "entity", "attempt", "result", "exit", "error",
	       "next_at"),
	NULL,
};
