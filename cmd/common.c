#include "common.h"
#include "common-columns.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static berth_role fallback_role = ROLE_ADMIN;

void default_role(berth_role r)
{
	fallback_role = r;
}

/* This machine's name, asked once: source and source_detail both say it. */
static const char *host_name(void)
{
	static char host[128];

	if (!host[0]) {
		if (gethostname(host, sizeof host))
			snprintf(host, sizeof host, "unknown");
		host[sizeof host - 1] = '\0';
	}
	return host;
}

/* user@host, and the pid, for the audit log's source. */
static const char *source(const char *user)
{
	static char buf[BERTH_TEXT_MAX];

	snprintf(buf, sizeof buf, "%s@%s pid %ld", user, host_name(),
		 (long)getpid());
	return buf;
}

/* The source in parts, for the audit log's source_detail: the user, the
 * host, the pid, the terminal if any, the SSH client's address and port
 * (SSH_CONNECTION: the command line's equivalent of a web request's
 * remote address), and BERTH_SOURCE, what a calling program (a web front
 * end, a bot) says of its own client. Values that are not clean text are
 * left out, not refused: they describe, they decide nothing. */
static berth_attrs source_detail(const char *user)
{
	static berth_attr v[7];
	static char pid[24], addr[64], port[16];
	const char *ssh = getenv("SSH_CONNECTION"), *client;
	berth_attrs d = {0, v};
	char *tty = isatty(0) ? ttyname(0) : NULL;

	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	v[d.n++] = (berth_attr){"user", user};
	v[d.n++] = (berth_attr){"host", host_name()};
	v[d.n++] = (berth_attr){"pid", pid};
	if (tty && !berth_check_text("tty", tty))
		v[d.n++] = (berth_attr){"tty", tty};
	if (ssh && sscanf(ssh, "%63s %15s", addr, port) == 2 &&
	    !berth_check_text("ssh", addr) && !berth_check_text("ssh", port)) {
		v[d.n++] = (berth_attr){"ssh_addr", addr};
		v[d.n++] = (berth_attr){"ssh_port", port};
	}
	berth_clear();
	client = getenv("BERTH_SOURCE");
	if (client && *client && !berth_check_text("BERTH_SOURCE", client))
		v[d.n++] = (berth_attr){"client", client};
	berth_clear();
	return d;
}

/* The Unix user name as the login environment gives it (as git and
 * logger take it), else from the password database. Asking NSS costs every
 * booking process a parse of nsswitch.conf and a read of /etc/passwd, and
 * the name is the user's own word either way: --as can say anything. */
static const char *user_name(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (!u || !*u)
		u = getenv("LOGNAME");
	if (u && *u && !berth_check_text("user", u))
		return u;
	pw = getpwuid(geteuid());
	return pw ? pw->pw_name : "unknown";
}

const char *store_dir(void)
{
	static char buf[4096];
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (G.db)
		return G.db;
	if (xdg && *xdg == '/')
		snprintf(buf, sizeof buf, "%s/berth", xdg);
	else if (home && *home)
		snprintf(buf, sizeof buf, "%s/.local/share/berth", home);
	else
		return NULL;
	return buf;
}

unsigned open_flags(int create)
{
	const char *trust = getenv("BERTH_TRUST_DB");

	return (create ? BERTH_OPEN_CREATE : 0) |
	       (G.verbose ? BERTH_OPEN_VERBOSE : 0) |
	       (trust && strcmp(trust, "1") == 0 ? BERTH_OPEN_TRUST : 0);
}

void verb_writes(int yes)
{
	G.writes = !!yes;
	if (yes)
		keep_writing_on_epipe();
}

/* A write must say what it committed even when its reader has gone: with
 * SIGPIPE ignored a closed pipe is EPIPE, and the answer it could not
 * give is OUTPUT_FAILED (9), not a death by signal that says nothing.
 * Reads keep the default, so `berth list | head` ends quietly. Ignored
 * signals survive exec: a write verb that runs a program must restore it. */
void keep_writing_on_epipe(void)
{
	signal(SIGPIPE, SIG_IGN);
}

static const char *new_store_zone;

void create_zone(const char *zone)
{
	new_store_zone = zone;
}

/* A store that is missing is made only once its zone is known: --tz, else
 * TZ or the system's. A TZ that names no zone of the system's database is
 * refused before anything is made, rather than read as UTC; once the store
 * exists, TZ plays no part, so it is looked at only then. */
static berth_status open_new(const char *dir, berth_db **db)
{
	char zone[256];
	berth_status st = berth_open(dir, open_flags(0), db);

	if (st != BERTH_NOT_FOUND)
		return st;
	if (!new_store_zone && (st = clock_system_zone(zone, sizeof zone)))
		return st;
	if ((st = berth_open(dir, open_flags(1), db)))
		return st;
	berth_set_init_zone(*db, new_store_zone ? new_store_zone : zone);
	return BERTH_OK;
}

berth_status open_db(int create, berth_db **db)
{
	const char *dir = store_dir();
	berth_status st;

	if (!dir)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "no store: give --db or set BERTH_DB or HOME");
	if (G.writes < 0)
		return berth_fail(BERTH_INTERNAL,
				  "%s did not say whether it writes (a bug)",
				  G.prog);
	st = create ? open_new(dir, db)
		    : berth_open(dir,
				 open_flags(0) |
					 (G.writes ? 0 : BERTH_OPEN_READONLY),
				 db);
	if (st)
		return st;
	db_configure(*db);
	if (G.verbose) {
		berth_set_verbose(*db, 1);
		fprintf(stderr, "berth: store %s\n", berth_path(*db));
	}
	return BERTH_OK;
}

void db_configure(berth_db *db)
{
	const char *user = user_name();

	berth_set_actor(db, G.actor ? G.actor : user,
			G.role_set ? G.role : fallback_role, source(user));
	if (G.writes) {
		berth_attrs d = source_detail(user);
		berth_set_source_detail(db, &d);
	}
	if (G.now_set)
		berth_set_now(db, &G.now);
}

berth_status parse_time(const char *what, const char *s, civil_time *out)
{
	if (clock_parse(s, out))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_TIME, "%s: %s", what,
			       berth_message()),
		    what, s);
	return BERTH_OK;
}

berth_status parse_time_opt(const char *what, const optval *v,
			    civil_time *out, int *has)
{
	berth_status st;

	if (!v->set)
		return BERTH_OK;
	if ((st = parse_time(what, v->value, out)))
		return st;
	*has = 1;
	return BERTH_OK;
}

berth_status parse_duration(const char *what, const char *s, int64_t *out)
{
	if (clock_parse_duration(s, out))
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT, "%s: %s", what,
			       berth_message()),
		    what, s);
	if (*out <= 0)
		return berth_detail_option(
		    berth_fail(BERTH_INVALID_ARGUMENT,
			       "%s must be longer than zero", what),
		    what, s);
	return BERTH_OK;
}

berth_status parse_int(const char *what, const char *s, int64_t min,
		       int64_t max, int64_t *out)
{
	char *end;
	long long n;

	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end || n < min || n > max)
		goto bad;
	*out = n;
	return BERTH_OK;
bad:
	return berth_detail_option(
	    berth_fail(BERTH_INVALID_ARGUMENT,
		       "%s must be a whole number from %lld to %lld, not "
		       "'%.40s'",
		       what, (long long)min, (long long)max, s),
	    what, s);
}

berth_status parse_seats(const char *s, uint32_t **seats, uint32_t *n)
{
	size_t cap = 1;
	const char *p;
	uint32_t *more;
	berth_status st;

	for (p = s; *p; p++)
		cap += *p == ',';
	if (cap > BERTH_SEATS_MAX - *n) {
		st = berth_fail(BERTH_INVALID_ARGUMENT, "too many seats");
		goto fail;
	}
	if (!(more = realloc(*seats, (*n + cap) * sizeof **seats))) {
		st = berth_fail(BERTH_INTERNAL, "out of memory");
		goto fail;
	}
	*seats = more;
	for (p = s;;) {
		char num[16];
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int64_t v;
		if (len == 0 || len >= sizeof num) {
			st = berth_fail(BERTH_INVALID_ARGUMENT,
					"--seat takes numbers such as 3 or "
					"3,4,7, not '%.40s'",
					s);
			goto fail;
		}
		memcpy(num, p, len);
		num[len] = '\0';
		if ((st = parse_int("a seat", num, 1, BERTH_SEATS_MAX, &v)))
			goto fail;
		for (uint32_t i = 0; i < *n; i++)
			if ((*seats)[i] == (uint32_t)v) {
				st = berth_fail(BERTH_INVALID_ARGUMENT,
						"seat %lld named twice",
						(long long)v);
				goto fail;
			}
		(*seats)[(*n)++] = (uint32_t)v;
		if (!comma)
			break;
		p = comma + 1;
	}
	return BERTH_OK;
fail:
	free(*seats);
	*seats = NULL;
	*n = 0;
	/* Whichever part was wrong, the option and the value it was in, as
	 * typed: one --seat of several. */
	if (st != BERTH_INTERNAL) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", berth_message());
		berth_fail(st, "%s", msg);
		berth_detail_option(st, "--seat", s);
	}
	return st;
}

berth_status parse_attrs(const optval *o, int allow_empty, berth_attrs *out)
{
	berth_status st;

	out->n = 0;
	out->v = NULL;
	if (!o->n)
		return BERTH_OK;
	if (!(out->v = calloc(o->n, sizeof *out->v)))
		return berth_fail(BERTH_INTERNAL, "out of memory");
	for (size_t i = 0; i < o->n; i++) {
		char *eq = strchr(o->values[i], '=');
		char *key;
		if (!eq || eq == o->values[i] || (!allow_empty && !eq[1]))
			return berth_detail_option(
			    berth_fail(BERTH_INVALID_ARGUMENT,
				       "--attr takes KEY=VALUE, not '%.60s'",
				       o->values[i]),
			    "--attr", o->values[i]);
		/* Split in place: argv is ours to edit. */
		key = (char *)o->values[i];
		*eq = '\0';
		for (size_t j = 0; j < out->n; j++)
			if (strcmp(out->v[j].key, key) == 0)
				return berth_detail_option(
				    berth_fail(BERTH_INVALID_ARGUMENT,
					       "attribute '%s' given twice",
					       key),
				    "--attr", key);
		out->v[out->n].key = key;
		out->v[out->n].value = eq + 1;
		out->n++;
	}
	if ((st = berth_check_attrs(out)))
		return st;
	return BERTH_OK;
}

berth_status parse_text(const char *what, const char *s)
{
	return berth_check_text(what, s);
}

berth_status opt_text(const optval *v, const char *what, const char **out)
{
	berth_status st;

	if (!v->set)
		return BERTH_OK;
	if ((st = parse_text(what, v->value)))
		return st;
	*out = v->value;
	return BERTH_OK;
}

berth_status need_args(int nargs, int min, int max)
{
	if (nargs < min)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s: missing operand (see %s --help)", G.prog,
				  G.prog);
	if (nargs > max)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s: too many operands (see %s --help)",
				  G.prog, G.prog);
	return BERTH_OK;
}

/* -q: the command still runs and its status tells; nothing is described
 * at all (a NULL emitter ignores every call), which also spares a quiet
 * booking the cost of formatting what nobody reads. */
void out_default(emit_format fmt)
{
	if (!G.format_set) {
		G.format = fmt;
		G.format_defaulted = 1;
	}
}

emitter *out_open(int is_list)
{
	emitter *e = G.quiet ? NULL : emit_open(G.format, stdout, is_list);

	view_apply(e, is_list);
	return e;
}

static char done[256];

void committed(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(done, sizeof done, fmt, ap);
	va_end(ap);
}

berth_status output_failed(void)
{
	const char *why = strerror(errno ? errno : EIO);

	if (*done)
		return berth_fail(BERTH_OUTPUT_FAILED,
				  "%s, but its answer could not be written: %s",
				  done, why);
	return berth_fail(BERTH_IO, "cannot write the output: %s", why);
}

berth_status out_close(emitter *e)
{
	if (G.quiet && !e)
		return BERTH_OK;
	if (!e || emit_close(e))
		return output_failed();
	return BERTH_OK;
}

berth_status out_end(emitter *e, berth_status st)
{
	if (st) {
		emit_discard(e);
		return st;
	}
	return out_close(e);
}

void calendar_of(berth_txn *t, emitter *e, const char *name)
{
	char now[CLOCK_TIME_MAX];
	const char *id;

	if (G.format != FORMAT_ICS || !(id = berth_store_id(t)))
		return; /* a missing id has failed the transaction */
	if (!clock_format(berth_now(t), "UTC", now, sizeof now))
		now[0] = 0;
	emit_calendar(e, id, now, name ? name : "berth");
}

void emit_time(emitter *e, const char *key, btime t, const char *zone)
{
	char buf[CLOCK_TIME_MAX];

	emit_key(e, key);
	if (t == BTIME_NEVER || !clock_format(t, zone, buf, sizeof buf))
		emit_null(e);
	else
		emit_instant(e, buf, zone);
}

void emit_str(emitter *e, const char *key, const char *s)
{
	emit_key(e, key);
	emit_string(e, s);
}

void emit_int(emitter *e, const char *key, int64_t v)
{
	emit_key(e, key);
	emit_integer(e, v);
}

void emit_attrs(emitter *e, const berth_attrs *a)
{
	emit_key(e, "attrs");
	emit_map_begin(e);
	for (size_t i = 0; i < a->n; i++) {
		emit_key(e, a->v[i].key);
		emit_string(e, a->v[i].value);
	}
	emit_end(e);
}

static void describe_claim_money(emitter *e, const berth_claim *c,
				int booking_fields);

/* SPEC's field names, the same in every format. A hold and a booking
 * share most fields; a listing that mixes them (expire) describes both
 * with every field, null where one does not apply, so every row has the
 * same columns. */
void describe_claim_as(emitter *e, const berth_claim *c, claim_shape shape)
{
	char id[24], link[24];
	int hold = c->kind == CLAIM_HOLD;
	int hf = shape != SHAPE_BOOKING, bf = shape != SHAPE_HOLD;

	berth_id_format(c->kind, c->id, id, sizeof id);
	emit_str(e, "id", id);
	emit_str(e, "resource", c->resource);
	emit_time(e, "start", c->start, c->zone);
	emit_time(e, "end", c->end, c->zone);
	emit_time(e, "buffer_end", c->end + c->buffer, c->zone);
	emit_int(e, "quantity", c->quantity);
	emit_key(e, "seats");
	emit_list_begin(e);
	for (uint32_t i = 0; i < c->nseats; i++)
		emit_integer(e, c->seats[i]);
	emit_end(e);
	emit_str(e, "customer", c->customer);
	emit_str(e, "status", berth_claim_status_name(c));
	if (bf) {
		emit_str(e, "payment_status",
			 hold ? NULL : berth_payment_name(c->payment_status));
		emit_str(e, "payment_ref", hold ? NULL : c->payment_ref);
		emit_str(e, "payment_method",
			 hold ? NULL : berth_method_name(c->payment_method));
		if (!hold && c->link)
			berth_id_format(CLAIM_HOLD, c->link, link, sizeof link);
		emit_str(e, "hold", !hold && c->link ? link : NULL);
	}
	if (hf) {
		if (hold && c->link)
			berth_id_format(CLAIM_BOOKING, c->link, link, sizeof link);
		emit_str(e, "booking", hold && c->link ? link : NULL);
	}
	if (bf) {
		char sid[24];
		if (c->series) /* formatted only when there is one */
			berth_series_format(c->series, sid, sizeof sid);
		emit_str(e, "series", c->series ? sid : NULL);
		emit_key(e, "version");
		hold ? emit_null(e) : emit_integer(e, c->version);
		emit_key(e, "reschedules");
		hold ? emit_null(e) : emit_integer(e, c->reschedules);
	}
	emit_time(e, "expires_at", c->expires_at, c->zone);
	emit_attrs(e, &c->attrs);
	emit_time(e, "created_at", c->created_at, c->zone);
	if (bf)
		emit_time(e, "updated_at", hold ? BTIME_NEVER : c->updated_at,
			  c->zone);
	describe_claim_money(e, c, bf);
}

/* The service a claim was made for, its price then, and (a booking's)
 * what was paid: money as exact text ("35.00"), null when there is
 * none. Last, so the columns of before keep their places. */
static void describe_claim_money(emitter *e, const berth_claim *c,
				int booking_fields)
{
	char buf[32];

	emit_str(e, "service", c->service);
	if (c->has_price)
		berth_price_format(c->price, buf, sizeof buf);
	emit_str(e, "price", c->has_price ? buf : NULL);
	if (!booking_fields)
		return;
	if (c->has_paid)
		berth_price_format(c->amount_paid, buf, sizeof buf);
	emit_str(e, "amount_paid",
		 c->kind == CLAIM_BOOKING && c->has_paid ? buf : NULL);
}

void describe_claim_fields(emitter *e, const berth_claim *c)
{
	describe_claim_as(e, c,
			  c->kind == CLAIM_HOLD ? SHAPE_HOLD : SHAPE_BOOKING);
}

void describe_claim(emitter *e, const berth_claim *c)
{
	emit_record_begin(e);
	describe_claim_fields(e, c);
	emit_record_end(e);
}

/* The columns of a listing of claims, for csv and tsv to print even when
 * the list is empty. */
void describe_claim_columns(emitter *e, claim_shape shape)
{
	berth_claim c = {.kind = shape == SHAPE_HOLD ? CLAIM_HOLD
						     : CLAIM_BOOKING,
			 .resource = "", .zone = "UTC"};

	if (!emit_template(e))
		return;
	emit_record_begin(e);
	describe_claim_as(e, &c, shape);
	emit_record_end(e);
}

void describe_resource_fields(emitter *e, const berth_resource *r)
{
	char buf[32];

	emit_str(e, "name", r->name);
	emit_int(e, "capacity", r->capacity);
	emit_int(e, "seats", r->seats);
	emit_str(e, "tz", r->tz);
	clock_format_duration(r->buffer, buf, sizeof buf);
	emit_str(e, "buffer", buf);
	if (r->slot)
		clock_format_duration(r->slot, buf, sizeof buf);
	emit_str(e, "slot", r->slot ? buf : NULL);
	emit_str(e, "location", r->location);
	emit_attrs(e, &r->attrs);
	emit_time(e, "created_at", r->created_at, r->tz);
	emit_time(e, "updated_at", r->updated_at, r->tz);
}

void describe_resource(emitter *e, const berth_resource *r)
{
	emit_record_begin(e);
	describe_resource_fields(e, r);
	emit_record_end(e);
}

void opt_free(optval *vals, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(vals[i].values);
}

/* A service as every verb shows it: its length and buffer as durations,
 * its price as an exact amount ("75.00"), and null for a buffer or price
 * it does not have. */
void describe_service_fields(emitter *e, const berth_service *s)
{
	char buf[32];

	emit_str(e, "name", s->name);
	clock_format_duration(s->duration, buf, sizeof buf);
	emit_str(e, "duration", buf);
	if (s->buffer >= 0)
		clock_format_duration(s->buffer, buf, sizeof buf);
	emit_str(e, "buffer", s->buffer >= 0 ? buf : NULL);
	if (s->price >= 0)
		berth_price_format(s->price, buf, sizeof buf);
	emit_str(e, "price", s->price >= 0 ? buf : NULL);
	emit_key(e, "resources");
	emit_list_begin(e);
	for (uint32_t i = 0; i < s->nres; i++)
		emit_string(e, s->resources[i]);
	emit_end(e);
	emit_time(e, "created_at", s->created_at, NULL);
	emit_time(e, "updated_at", s->updated_at, NULL);
}

void describe_customer_fields(emitter *e, const berth_customer *c)
{
	emit_str(e, "id", c->id);
	emit_str(e, "name", c->name);
	emit_str(e, "email", c->email);
	emit_str(e, "phone", c->phone);
	emit_attrs(e, &c->attrs);
	emit_time(e, "created_at", c->created_at, NULL);
	emit_time(e, "updated_at", c->updated_at, NULL);
}

void describe_service(emitter *e, const berth_service *s)
{
	emit_record_begin(e);
	describe_service_fields(e, s);
	emit_record_end(e);
}

void describe_report(emitter *e, const berth_report_row *row)
{
	const berth_claim *c = row->claim;
	char id[24];

	berth_id_format(c->kind, c->id, id, sizeof id);
	emit_record_begin(e);
	emit_str(e, "id", id);
	emit_str(e, "resource", c->resource);
	emit_time(e, "start", c->start, c->zone);
	emit_time(e, "end", c->end, c->zone);
	emit_str(e, "customer", c->customer);
	emit_str(e, "status", berth_claim_status_name(c));
	emit_str(e, "code", row->code);
	emit_str(e, "reason", row->reason);
	emit_record_end(e);
}
