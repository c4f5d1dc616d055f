/* columns.c - the views: what each kind of record has, what a list shows
 * of it by default, and --columns checked against it. The field lists
 * follow the describe functions (common.c and the verbs); a guard test
 * (tests/columns.bats) holds them to what json prints. */
#include <string.h>

#include "columns.h"

#define FIELDS(...)                                                          \
	(const char *const[])                                                \
	{                                                                    \
		__VA_ARGS__, NULL                                            \
	}

/* A person's sheet of claims: when, what, who, and where it stands. */
#define CLAIM_HEAD "id", "resource", "start", "end", "quantity", "seats", "customer"

const struct view view_booking = {
	"booking",
	FIELDS(CLAIM_HEAD, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "series", "version", "reschedules",
	       "expires_at", "attrs", "created_at", "updated_at"),
	FIELDS(CLAIM_HEAD, "status", "payment_status"),
};

const struct view view_hold = {
	"hold",
	FIELDS(CLAIM_HEAD, "status", "booking", "expires_at", "attrs",
	       "created_at"),
	FIELDS(CLAIM_HEAD, "status", "expires_at"),
};

/* One claim of either kind (show, book, confirm, ...): every field a hold
 * or a booking has; one record shows them all by default. */
const struct view view_claim = {
	"hold or booking",
	FIELDS(CLAIM_HEAD, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "booking", "series", "version",
	       "reschedules", "expires_at", "attrs", "created_at",
	       "updated_at"),
	NULL,
};

/* What expire swept: which claims, on what, for whom. */
const struct view view_expired = {
	"hold or booking",
	FIELDS(CLAIM_HEAD, "status", "payment_status", "payment_ref",
	       "payment_method", "hold", "booking", "series", "version",
	       "reschedules", "expires_at", "attrs", "created_at",
	       "updated_at"),
	FIELDS(CLAIM_HEAD, "status"),
};

const struct view view_audit = {
	"audit record",
	FIELDS("seq", "at", "actor", "role", "source", "action", "entity",
	       "before", "after", "changes", "reason", "hash"),
	FIELDS("seq", "at", "actor", "action", "entity", "changes"),
};

const struct view view_resource = {
	"resource",
	FIELDS("name", "capacity", "seats", "tz", "buffer", "slot", "location",
	       "attrs", "created_at", "updated_at"),
	FIELDS("name", "capacity", "seats", "tz", "buffer", "slot", "location",
	       "attrs"),
};

const struct view view_policy = {
	"policy", FIELDS("key", "value", "scope", "source"), NULL};

const struct view view_hours = {
	"hours", FIELDS("resource", "day", "date", "hours"), NULL};

const struct view view_holiday = {
	"holiday",
	FIELDS("id", "from", "to", "name", "recurring", "resources"), NULL};

const struct view view_timeoff = {
	"time off", FIELDS("id", "resource", "from", "to", "reason"), NULL};

const struct view view_availability = {
	"availability",
	FIELDS("resource", "start", "end", "total", "held", "booked",
	       "available"),
	NULL,
};

const struct view view_problem = {
	"problem", FIELDS("table", "key", "problem"), NULL};

const struct view view_repair = {
	"repair", FIELDS("problems", "repaired", "entries", "backup"), NULL};

const struct view view_stats = {
	"stats",
	FIELDS("path", "file_size", "map_size", "map_used", "map_limit",
	       "readers", "max_readers", "resources", "holds", "bookings",
	       "live_holds", "pending", "confirmed", "audit_records"),
	NULL,
};

const struct view view_by_option = {NULL, NULL, NULL};

const struct view view_init = {"store", FIELDS("path", "tz"), NULL};

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

/* Room for every field of the widest view, named more than once. */
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

static berth_status unknown(const struct view *v, const char *name, size_t n)
{
	char all[512];
	size_t at = 0;

	all[0] = '\0';
	for (size_t i = 0; v->fields[i] && at < sizeof all; i++)
		at += (size_t)snprintf(all + at, sizeof all - at, "%s, ",
				       v->fields[i]);
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "--columns: no %s column '%.*s' (choose from %sor "
			  "all)",
			  v->what, (int)(n > 40 ? 40 : n), name, all);
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

berth_status view_use(const struct view *v)
{
	const char *p = G.columns;

	if (v == &view_by_option)
		return BERTH_OK; /* the verb calls again once it knows */
	G.view = v;
	npicked = 0;
	if (!p)
		return BERTH_OK;
	if (!v && strcmp(p, "all"))
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "--columns: %s prints no columns (choose "
				  "from all)",
				  G.prog);
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
		if (npicked == MAX_PICK)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "--columns: more than %d columns",
					  MAX_PICK);
		picked[npicked++] = f;
		if (!p[n])
			break;
		p += n + 1;
	}
	return BERTH_OK;
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
