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
	if (arena_failed(t->a))
		return oom();
	/* The store runner maps the sticky failure; any status will do. */
	return store_failed(t->st) ? BERTH_INTERNAL : BERTH_OK;
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
	if ((st = store_open(path,
			     (flags & BERTH_OPEN_CREATE ? STORE_WRITE : 0) |
				     (flags & BERTH_OPEN_TRUST ? STORE_TRUST : 0) |
				     (flags & BERTH_OPEN_READONLY ? STORE_RDONLY
								  : 0) |
				     (flags & BERTH_OPEN_PRIVATE ? STORE_PRIVATE
								 : 0),
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

void berth_set_actor(berth_db *db, const char *actor, berth_role role,
		     const char *source)
{
	db->actor = actor;
	db->role = role;
	db->source = source;
}

void berth_set_now(berth_db *db, const civil_time *now)
{
	db->now_civil = *now;
	db->now_set = 1;
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

struct run {
	berth_db *db;
	berth_fn fn;
	void *arg;
};

/* The meta table: a new store gets its schema and zone in its first write
 * transaction; every transaction refuses a schema newer than ours. */
static berth_status meta(berth_txn *t)
{
	static const char schema_key[] = "schema", tz_key[] = "tz";
	uint8_t ver[4];
	uint32_t schema;
	sval v;

	be_put(ver, BERTH_SCHEMA, 4);
	if (!store_get(t->st, T_META, schema_key, sizeof schema_key - 1, &v)) {
		char zone[128];
		if (store_failed(t->st))
			return txn_status(t);
		if (!store_writable(t->st))
			return berth_fail(BERTH_NOT_FOUND,
					  "the store at %s is empty (run 'berth "
					  "init')",
					  store_path(t->db->s));
		if (t->db->init_zone[0])
			snprintf(zone, sizeof zone, "%s", t->db->init_zone);
		else
			clock_system_zone(zone, sizeof zone);
		store_put(t->st, T_META, schema_key, sizeof schema_key - 1,
			  ver, sizeof ver);
		store_put(t->st, T_META, tz_key, sizeof tz_key - 1, zone,
			  strlen(zone));
		t->zone = arena_strdup(t->a, zone);
		return txn_status(t);
	}
	if (v.len != 4)
		return berth_fail(BERTH_STORE_CORRUPT, "bad schema record");
	schema = key_read_u32(v.data);
	if (schema > BERTH_SCHEMA)
		return berth_fail(BERTH_STORE_CORRUPT,
				  "store schema %u is newer than this berth "
				  "understands (%d): upgrade berth",
				  schema, BERTH_SCHEMA);
	if (!store_get(t->st, T_META, tz_key, sizeof tz_key - 1, &v))
		return berth_fail(BERTH_STORE_CORRUPT, "store has no zone");
	t->zone = arena_strndup(t->a, v.data, v.len);
	return t->zone ? BERTH_OK : oom();
}

static berth_status run_once(store_txn *st, void *arg)
{
	struct run *r = arg;
	berth_txn t = {.db = r->db, .st = st, .a = r->db->a,
		       .cache_arena = r->db->a};
	berth_status s;

	arena_reset(t.a);
	if ((s = meta(&t)))
		return s;
	if (r->db->now_set) {
		if ((s = clock_resolve(&r->db->now_civil, t.zone, &t.now)))
			return s;
	} else {
		t.now = (btime)time(NULL);
	}
	if ((s = r->fn(&t, r->arg)))
		return s;
	return txn_status(&t);
}

berth_status berth_run(berth_db *db, int write, berth_fn fn, void *arg)
{
	struct run r = {db, fn, arg};

	return store_run(db->s, write, run_once, &r);
}

static berth_status count_claims(berth_txn *t, void *arg)
{
	berth_stats *out = arg;
	store_cursor *c = store_cursor_open(t->st, T_SPAN);
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok; ok = store_next(c, &k, &v)) {
		if (k.len != SPAN_KEY_LEN || v.len != 24)
			continue;
		if (key_read_time((const uint8_t *)v.data + 16) <= t->now)
			continue;
		if (((const uint8_t *)k.data)[12] == CLAIM_HOLD)
			out->live_holds++;
		else if (key_read_time((const uint8_t *)v.data + 16) ==
			 BTIME_NEVER)
			out->confirmed++;
		else
			out->pending++;
	}
	store_cursor_close(c);
	return txn_status(t);
}

berth_status berth_get_stats(berth_db *db, berth_stats *out)
{
	store_stats ss;
	berth_status s;

	memset(out, 0, sizeof *out);
	if ((s = store_get_stats(db->s, &ss)))
		return s;
	out->path = store_path(db->s);
	out->map_size = ss.map_size;
	out->map_used = ss.map_used;
	out->map_limit = ss.map_limit;
	out->file_size = ss.file_size;
	out->readers = ss.readers;
	out->max_readers = ss.max_readers;
	out->resources = ss.entries[T_RESOURCE];
	out->holds = ss.entries[T_HOLD];
	out->bookings = ss.entries[T_BOOKING];
	out->audit_records = ss.entries[T_AUDIT];
	return berth_run(db, 0, count_claims, out);
}

void berth_id_format(claim_kind kind, uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%c%llu", kind == CLAIM_HOLD ? 'h' : 'b',
		 (unsigned long long)id);
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
		if (*p < '0' || *p > '9' || p - s > 19 || (p == s + 1 && *p == '0'))
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
