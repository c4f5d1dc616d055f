/* db.c - opening a store, the command's transaction, and the store's meta
 * table: schema version and zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static const char *const role_names[] = {"customer", "staff", "admin",
					 "system"};

const char *berth_role_name(berth_role r)
{
	return (unsigned)r < 4 ? role_names[r] : "admin";
}

int berth_role_parse(const char *s, berth_role *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (berth_role)i;
			return 0;
		}
	return -1;
}

berth_status oom(void)
{
	return berth_fail(BERTH_INTERNAL, "out of memory");
}

berth_status txn_status(berth_txn *t)
{
	if (t->failed)
		return berth_fail(t->failed, "%s", t->failed_msg);
	if (arena_failed(t->a))
		return oom();
	/* The store runner maps the sticky failure; any status will do. */
	return store_failed(t->st) ? BERTH_INTERNAL : BERTH_OK;
}

berth_status txn_fail(berth_txn *t, berth_status st)
{
	if (t->failed)
		return berth_fail(t->failed, "%s", t->failed_msg);
	t->failed = st;
	snprintf(t->failed_msg, sizeof t->failed_msg, "%s", berth_message());
	return st;
}

berth_status berth_open(const char *path, unsigned flags, berth_db **out)
{
	berth_db *db = calloc(1, sizeof *db);
	berth_status st;

	*out = NULL;
	if (!db || !(db->a = arena_new())) {
		free(db);
		return berth_fail(BERTH_INTERNAL, "out of memory");
	}
	db->role = ROLE_ADMIN;
	db->actor = "unknown";
	db->source = "unknown";
	if ((st = store_open(
		 path,
		 (flags & BERTH_OPEN_CREATE ? STORE_WRITE : 0) |
		     (flags & BERTH_OPEN_TRUST ? STORE_TRUST : 0) |
		     (flags & BERTH_OPEN_READONLY ? STORE_RDONLY : 0) |
		     (flags & BERTH_OPEN_PRIVATE ? STORE_PRIVATE : 0) |
		     (flags & BERTH_OPEN_VERBOSE ? STORE_VERBOSE : 0),
		 &db->s))) {
		arena_free(db->a);
		free(db);
		return st;
	}
	*out = db;
	return BERTH_OK;
}

berth_status berth_backup(berth_db *db, const char *file)
{
	return store_backup(db->s, file);
}

berth_status berth_backup_beside(berth_db *db, const char *why, char *path,
				 size_t size)
{
	char stamp[32];
	const char *dir;
	time_t now = time(NULL);
	struct tm tm;
	berth_status st;

	/* The wall clock, not --now: the name says when the copy was made.
	 * In the store's directory, which whoever may change the store can
	 * write; a second copy in the same second gets a number. */
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	/* A PostgreSQL store has no directory: its copy (an LMDB backup)
	 * goes to TMPDIR, and the command names it. */
	dir = store_path(db->s);
	if (store_is_server(db->s))
		dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
							    : "/tmp";
	for (int i = 1; i < 100; i++) {
		int n = i == 1 ? snprintf(path, size, "%s/%s-%s.bak", dir,
					  why, stamp)
			       : snprintf(path, size, "%s/%s-%s-%d.bak", dir,
					  why, stamp, i);
		if (n < 0 || (size_t)n >= size)
			return berth_fail(BERTH_INVALID_ARGUMENT,
					  "store path too long for a backup");
		st = store_backup(db->s, path);
		if (st != BERTH_ALREADY_EXISTS)
			return st ? berth_fail(st,
					       "cannot write a backup "
					       "first, so nothing was "
					       "changed: %s",
					       berth_message())
				  : BERTH_OK;
	}
	return berth_fail(BERTH_ALREADY_EXISTS, "too many backups named %s",
			  path);
}

unsigned berth_store_format(const berth_txn *t)
{
	return t->format;
}

berth_status berth_backup_fd(berth_db *db, int fd)
{
	return store_backup_fd(db->s, fd);
}

void berth_close(berth_db *db)
{
	if (!db)
		return;
	store_close(db->s);
	arena_free(db->a);
	free(db);
}

const char *berth_path(const berth_db *db)
{
	return store_path(db->s);
}

const char *berth_store_name(const char *name)
{
	return store_shown_name(name);
}

int berth_names_server(const char *name)
{
	return store_names_server(name);
}

void berth_set_verbose(berth_db *db, int on)
{
	store_set_verbose(db->s, on);
}

void berth_set_actor(berth_db *db, const char *actor, berth_role role,
		     const char *source)
{
	db->actor = actor;
	db->role = role;
	db->source = source;
}

void berth_set_source_detail(berth_db *db, const berth_attrs *detail)
{
	db->source_detail = *detail;
}

void berth_set_now(berth_db *db, const civil_time *now)
{
	db->now_civil = *now;
	db->now_set = 1;
}

void berth_now_runs(berth_db *db)
{
	db->now_runs = 1;
}

void berth_allow_any_format(berth_db *db)
{
	db->any_format = 1;
}

void berth_diagnose(berth_db *db)
{
	db->diagnosing = 1;
}

void berth_set_init_zone(berth_db *db, const char *zone)
{
	snprintf(db->init_zone, sizeof db->init_zone, "%s", zone);
}

arena *berth_arena(berth_txn *t)
{
	return t->a;
}

btime berth_now(const berth_txn *t)
{
	return t->now;
}

const char *berth_zone(berth_txn *t)
{
	return t->zone;
}

const char *berth_store_id(berth_txn *t)
{
	return meta_store_id(t, t->format);
}

/* A notifier's clock that began at --now 10:00:00 must not read 10:00:01
 * after 10 ms because the real clock's second ticked meanwhile. */
static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

struct run {
	berth_db *db;
	berth_fn fn;
	void *arg;
	int dry; /* abort what fn wrote (berth_run_dry) */
};

/* What run_once returns for a dry run that went well, so that store_run
 * aborts its transaction; berth_run_dry turns it back into BERTH_OK. No
 * other code returns it. */
#define DRY_RUN_DONE BERTH_STATUS_COUNT

/* The bare "schema" says which format a store is in; it is the one value
 * without a seal (so that every berth can read it), and the sealed
 * "format" record of format 2 on must agree with it. */
static berth_status meta_agrees(berth_txn *t, unsigned format)
{
	char why[160];
	meta_entry m;
	int rc = meta_peek(t, "format", FORMAT_CURRENT, &m, why, sizeof why);

	if (format > FORMAT_CURRENT &&
	    (rc == 0 || (rc == 1 && m.number == format)))
		return BERTH_OK; /* a newer berth's: refused as such */
	if (format == 1 ? rc == 0 : rc == 1 && m.number == format)
		return BERTH_OK;
	return berth_fail(BERTH_STORE_CORRUPT,
			  "store meta: the store's format record disagrees "
			  "with its sealed copy (it says %u); see berth check, "
			  "or restore a backup (berth restore)",
			  format);
}

/* check on a store whose meta is damaged: it reads the store as the
 * format the bare record says (or ours), in the zone meta gives (or UTC),
 * and reports the rest (check_meta); it never writes. */
static berth_status diagnose(berth_txn *t, unsigned format)
{
	char why[160];
	meta_entry m;

	berth_clear();
	t->format = format;
	t->zone = meta_peek(t, "tz", format, &m, why, sizeof why) == 1 ? m.text
								       : "UTC";
	return txn_status(t);
}

/* The meta table: a new store gets its format, zone, id and counters in
 * its first write transaction; every transaction refuses a format other
 * than ours (upgrade alone opens an older one, to rewrite it). A store
 * with no "schema" is new only when there is nothing in it at all. */
static berth_status meta(berth_txn *t)
{
	char why[160];
	meta_entry m;
	unsigned format;
	berth_status st;
	int rc;

	/* check reads on past damaged meta, to say what else is wrong. */
	if (t->db->diagnosing &&
	    meta_peek(t, "schema", 0, &m, why, sizeof why) < 0)
		return diagnose(t, FORMAT_CURRENT);
	if ((rc = meta_format(t, &format)) < 0)
		return txn_status(t);
	if (rc == 0 &&
	    (table_has_entries(t, T_META) || table_has_entries(t, T_AUDIT))) {
		if (t->db->diagnosing)
			return diagnose(t, FORMAT_CURRENT);
		return berth_fail(BERTH_STORE_CORRUPT,
				  "store meta: the store's format record is "
				  "missing, though the store holds data; see "
				  "berth check, or restore a backup (berth "
				  "restore)");
	}
	if (rc == 0) {
		char zone[128];
		if (store_failed(t->st))
			return txn_status(t);
		if (!store_writable(t->st)) {
			berth_fail(BERTH_NOT_FOUND,
				   "the store at %s is empty (run 'berth "
				   "init')",
				   store_path(t->db->s));
			berth_detail_str("kind", "store");
			berth_detail_str("id", store_path(t->db->s));
			return BERTH_NOT_FOUND;
		}
		if (t->db->init_zone[0])
			snprintf(zone, sizeof zone, "%s", t->db->init_zone);
		else if ((rc = clock_system_zone(zone, sizeof zone)))
			return (berth_status)rc;
		meta_create(t, zone);
		t->format = FORMAT_CURRENT;
		t->zone = arena_strdup(t->a, zone);
		return txn_status(t);
	}
	if (format >= FORMAT_OLDEST && (st = meta_agrees(t, format))) {
		if (t->db->diagnosing && format == FORMAT_CURRENT)
			return diagnose(t, format);
		return st;
	}
	if (format > FORMAT_CURRENT)
		return berth_fail(BERTH_STORE_FORMAT,
				  "the store is in format %u, newer than this "
				  "berth's (%d): use a newer berth",
				  format, FORMAT_CURRENT);
	if (format < FORMAT_OLDEST)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "the store's format record says %u, which "
				  "no berth wrote (see berth check)",
				  format);
	if (format < FORMAT_CURRENT && !t->db->any_format)
		return berth_fail(BERTH_STORE_FORMAT,
				  "the store is in format %u, older than this "
				  "berth's (%d): run 'berth upgrade' (it keeps "
				  "a backup)",
				  format, FORMAT_CURRENT);
	if (t->db->diagnosing &&
	    meta_peek(t, "tz", format, &m, why, sizeof why) != 1)
		return diagnose(t, format);
	t->format = format;
	t->zone = meta_zone(t, format);
	return t->zone ? BERTH_OK : txn_status(t);
}

static berth_status run_once(store_txn *st, void *arg)
{
	struct run *r = arg;
	berth_txn t = {
	    .db = r->db, .st = st, .a = r->db->a, .cache_arena = r->db->a};
	berth_status s;

	arena_reset(t.a);
	if ((s = meta(&t)))
		return s;
	/* --now may itself be relative (--now +1d): to the real clock. Then
	 * every relative time the command resolves counts from t.now, which
	 * each resolve is handed (clock_resolve_at). */
	t.now = (btime)time(NULL);
	if (r->db->now_runs && r->db->now_based)
		t.now = r->db->now_base +
			(mono_ns() - r->db->mono_base) / 1000000000;
	else if (r->db->now_set &&
		 (s = clock_resolve_at(&r->db->now_civil, t.zone, t.now,
				       &t.now)))
		return s;
	if (r->db->now_runs && !r->db->now_based) {
		r->db->now_based = 1;
		r->db->now_base = t.now;
		r->db->mono_base = mono_ns();
	}
	s = r->fn(&t, r->arg);
	/* Damage met anywhere wins over whatever the function made of it:
	 * a refusal computed from a damaged store is not an answer. */
	if (t.failed)
		return txn_status(&t);
	if (s)
		return s;
	if (r->dry)
		return txn_status(&t) ? txn_status(&t) : DRY_RUN_DONE;
	/* Capacity the change freed goes to the waitlist in the same
	 * transaction, whichever path freed it (cancel, release, expire,
	 * reschedule, capacity raised, time off removed, and any path to
	 * come): deliberately here, where every write passes, and not in
	 * each verb, where one could forget it. */
	if (t.nfreed && store_writable(st))
		waitlist_settle(&t);
	if (t.failed)
		return txn_status(&t);
	if (store_writable(st))
		counters_flush(&t);
	return txn_status(&t);
}

berth_status berth_run(berth_db *db, int write, berth_fn fn, void *arg)
{
	struct run r = {db, fn, arg, 0};

	return store_run(db->s, write, run_once, &r);
}

berth_status berth_run_dry(berth_db *db, berth_fn fn, void *arg)
{
	struct run r = {db, fn, arg, 1};
	berth_status st = store_run(db->s, 1, run_once, &r);

	return st == DRY_RUN_DONE ? BERTH_OK : st;
}

static berth_status count_claims(berth_txn *t, void *arg)
{
	berth_stats *out = arg;
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	span_entry e;
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		if (entry_read(t, T_SPAN, k, v, &e))
			break;
		if (e.expires_at <= t->now)
			continue;
		if (e.kind == CLAIM_HOLD)
			out->live_holds++;
		else if (e.expires_at == BTIME_NEVER)
			out->confirmed++;
		else
			out->pending++;
	}
	store_cursor_close(c);
	if (txn_status(t))
		return txn_status(t);
	return outbox_count(t, &out->events_dead, &out->notifiers);
}

berth_status berth_get_stats(berth_db *db, berth_stats *out)
{
	store_stats ss;
	berth_status s;

	memset(out, 0, sizeof *out);
	if ((s = store_get_stats(db->s, &ss)))
		return s;
	out->path = store_path(db->s);
	out->store = ss.kind;
	memcpy(out->server, ss.server, sizeof out->server);
	out->map_size = ss.map_size;
	out->map_used = ss.map_used;
	out->map_limit = ss.map_limit;
	out->file_size = ss.file_size;
	out->readers = ss.readers;
	out->max_readers = ss.max_readers;
	out->resources = ss.entries[T_RESOURCE];
	out->holds = ss.entries[T_HOLD];
	out->bookings = ss.entries[T_BOOKING];
	/* Less the id counters, which end the audit table. */
	out->audit_records = ss.entries[T_AUDIT] ? ss.entries[T_AUDIT] - 1 : 0;
	out->events = ss.entries[T_EVENT];
	out->data_bytes = ss.data_bytes;
	if (out->bookings + out->holds)
		out->bytes_per_booking =
		    ss.data_bytes / (out->bookings + out->holds);
	return berth_run(db, 0, count_claims, out);
}

void berth_id_format(claim_kind kind, uint64_t id, char *buf, size_t size)
{
	char tmp[24], digits[20];
	size_t n = 0, d = 0;

	/* By hand, not snprintf: a batch names every claim it makes twice
	 * (its audit record, its answer), and snprintf cost more than the
	 * rest of naming it. Cut short as snprintf would. */
	tmp[n++] = kind == CLAIM_HOLD ? 'h' : 'b';
	do {
		digits[d++] = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	while (d)
		tmp[n++] = digits[--d];
	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
}

berth_status berth_id_parse(const char *s, claim_kind *kind, uint64_t *id)
{
	uint64_t n = 0;
	const char *p;

	if (s[0] == 'h')
		*kind = CLAIM_HOLD;
	else if (s[0] == 'b')
		*kind = CLAIM_BOOKING;
	else
		goto bad;
	/* Digits only, no leading zero, at most 19 of them: ids are printed
	 * one way, so they parse one way. */
	for (p = s + 1; *p; p++) {
		if (*p < '0' || *p > '9' || p - s > 19 ||
		    (p == s + 1 && *p == '0'))
			goto bad;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (p == s + 1)
		goto bad;
	*id = n;
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "invalid id '%.40s': expected h123 or b123", s);
}
