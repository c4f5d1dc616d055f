/* check-audit.c - the audit log is whole: its records run from 1 to its
 * counter with no gap, each is indexed under its entity, every index entry
 * names a record of that entity, a change made under an idempotency key
 * left its key, and what the last record of each entity says it became is
 * there. (check.c holds each record against its last audit record.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* An entity's audit records, newest first, stopping at the first for
 * which fn returns nonzero. Resources and claims share the entity
 * namespace (a resource may be called b1), so callers look at the type. */
static int audit_back(checker *ck, const char *entity,
		      int (*fn)(const audit_entry *a, void *arg), void *arg,
		      audit_entry *out)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_AUDIT_BY);
	audit_by_entry be;
	char why[160];
	keybuf k;
	sval kv, v;
	int found = 0;

	audit_by_key(&k, entity, UINT64_MAX);
	for (int ok = store_seek_le(c, k.b, k.len, &kv, &v); ok && !found;
	     ok = store_prev(c, &kv, &v)) {
		keybuf ak;
		sval akv, av;
		if (schema_decode(T_AUDIT_BY, FORMAT_CURRENT, kv, v,
				  ck->scratch, &be, why, sizeof why) ||
		    strcmp(be.entity, entity))
			break;
		id_key(&ak, be.seq);
		akv.data = ak.b;
		akv.len = ak.len;
		if (!store_get(ck->t->st, T_AUDIT, ak.b, ak.len, &av) ||
		    schema_decode(T_AUDIT, FORMAT_CURRENT, akv, av, ck->scratch,
				  out, why, sizeof why))
			break;
		found = fn(out, arg);
	}
	store_cursor_close(c);
	return found;
}

static int of_type(const audit_entry *a, void *arg)
{
	return a->type == *(const entity_type *)arg;
}

int last_audit(checker *ck, const char *entity, entity_type type,
	       audit_entry *out)
{
	return audit_back(ck, entity, of_type, &type, out);
}

static int created(const audit_entry *a, void *arg)
{
	(void)arg;
	/* An import without the source's log makes each resource with
	 * resource.imported: that is where it begins in this store. */
	return a->type == ENT_RESOURCE && a->after &&
	       (strcmp(a->a.action, "resource.created") == 0 ||
		strcmp(a->a.action, "resource.imported") == 0);
}

uint64_t created_seq(checker *ck, const char *name)
{
	audit_entry a;

	return audit_back(ck, name, created, NULL, &a) ? a.seq : 0;
}

/* Each record's hash must follow from the one before and its own content
 * (audit-chain.c). The walk goes on from the hash stored, so one record
 * edited is one problem, not one for every record after it; a record
 * removed is a gap in the ids and a link that does not follow. */
static void chain_seen(checker *ck, sval k, const audit_entry *a)
{
	uint8_t want[CHAIN_HASH_LEN];

	if (!ck->have_key)
		return; /* no key: reported with meta */
	if (!a->a.has_hash) {
		problem(ck, T_AUDIT, k, 0, "has no link in the audit chain");
		return;
	}
	/* An import's stage: each link was made or verified as the record
	 * went in, in this process; only the walk's order is held here. */
	if (ck->t->db->chain_linked)
		goto linked;
	if (!ck->chain &&
	    !(ck->chain = chain_ctx_new(ck->t->cache_arena, ck->chain_key))) {
		arena_set_failed(ck->t->a);
		return;
	}
	if (chain_link_of(ck->chain, ck->chain_prev, a, want)) {
		arena_set_failed(ck->t->a);
		return;
	}
	/* After a record missing or damaged (a problem already) the link
	 * cannot be recomputed: the next one is taken as it is. */
	if (a->seq == ck->chain_seq + 1 &&
	    memcmp(want, a->a.hash, CHAIN_HASH_LEN))
		problem(ck, T_AUDIT, k, 0,
			"its hash does not follow from the record before it "
			"and its content: the log was edited (see berth audit "
			"verify)");
linked:
	memcpy(ck->chain_prev, a->a.hash, CHAIN_HASH_LEN);
	ck->chain_seq = a->seq;
}

static int audit_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const audit_entry *a = &any->audit;
	audit_by_entry be = {a->a.entity, a->seq};

	(void)v;
	id_seen(ck, &ck->run, k, a->seq);
	chain_seen(ck, k, a);
	/* Summed, not looked up: see by_one_by_one. */
	sum_entry(ck, &ck->implied[T_AUDIT_BY], T_AUDIT_BY, &be);
	if (a->idem_key) {
		keybuf ik;
		sval iv;
		name_key(&ik, a->idem_key);
		if (!store_get(ck->t->st, T_IDEM, ik.b, ik.len, &iv))
			problem(ck, T_AUDIT, k, 0,
				"was made under idempotency key '%s', which is "
				"not there",
				a->idem_key);
	}
	if (a->type == ENT_CLAIM) {
		claim_kind kind;
		uint64_t id;
		if (berth_id_parse(a->a.entity, &kind, &id)) {
			berth_clear();
			problem(ck, T_AUDIT, k, 0,
				"is of '%s', not a claim's id", a->a.entity);
		} else {
			keybuf ck2;
			sval cv;
			id_key(&ck2, id);
			if (!store_get(ck->t->st, claim_table(kind), ck2.b,
				       ck2.len, &cv))
				problem(ck, T_AUDIT, k, 0,
					"is of %s, which is not there",
					a->a.entity);
		}
	}
	return 0;
}

/* The last record of an entity says what it became: a resource or a
 * policy that it left in place must be there (claims are held against
 * their records from the other side, in check.c). */
typedef struct {
	char *entity;
	uint64_t seq[ENT_COUNT]; /* the last record of each type */
	int removed[ENT_COUNT];
	/* What the last record of a claim says it became (removed: none). */
	uint8_t *after;
	size_t after_len, after_cap;
} last_seen;

/* A claim's record against its last audit record, from the audit side:
 * one lookup of the record by its id here, where check.c would have
 * sought the claim's last audit record in the index and read it. When
 * every claim is vouched for so, check.c need not look (check.h). */
static void vouch_claim(checker *ck, const last_seen *l)
{
	claim_kind kind;
	uint64_t id;
	char again[24];
	keybuf k;
	sval v;

	if (berth_id_parse(l->entity, &kind, &id)) {
		berth_clear();
		return; /* not a claim's id: reported with the audit table */
	}
	/* b01 names b1's record too: only the id as berth writes it
	 * vouches, so that no record is counted twice. */
	berth_id_format(kind, id, again, sizeof again);
	if (strcmp(again, l->entity))
		return;
	id_key(&k, id);
	if (!store_get(ck->t->st, claim_table(kind), k.b, k.len, &v))
		return; /* reported with the audit table */
	if (!l->removed[ENT_CLAIM] && v.len >= SEAL_LEN &&
	    l->after_len == v.len - SEAL_LEN &&
	    !memcmp(l->after, v.data, l->after_len))
		ck->claims_vouched++;
	else
		ck->claims_doubted = 1;
}

/* An entry the audit trail says is there: its last record `did` it. */
static void expect_entry(checker *ck, store_table tb, const keybuf *k,
			 uint64_t seq, const char *did)
{
	sval v, kv = {k->b, k->len};

	if (!store_get(ck->t->st, tb, k->b, k->len, &v))
		problem(ck, tb, kv, 0,
			"is not there, though its last audit record (%llu) "
			"%s it",
			(unsigned long long)seq, did);
}

/* d12 or t3: the id when the entity is one. */
static int calendar_id(const char *entity, char prefix, uint64_t *id)
{
	char *end;

	if (entity[0] != prefix || entity[1] < '1' || entity[1] > '9')
		return 0;
	*id = strtoull(entity + 1, &end, 10);
	return !*end;
}

/* hours/RESOURCE or hours/RESOURCE/DATE, whose last record set them: the
 * entry is there, under the number of the resource of that name, unless
 * that resource is gone or came after (its hours stay with the old one). */
static void hours_done(checker *ck, const last_seen *l)
{
	char name[BERTH_NAME_MAX + 1];
	const char *rest = l->entity + 6, *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	int32_t date = 0;
	resource_entry res;
	char why[160];
	keybuf k;
	sval rk, v;

	if (n > BERTH_NAME_MAX)
		return;
	memcpy(name, rest, n);
	name[n] = '\0';
	if (slash) {
		int y, m, d;
		if (sscanf(slash + 1, "%4d-%2d-%2d", &y, &m, &d) != 3)
			return;
		date = y * 10000 + m * 100 + d;
	}
	arena_reset(ck->naming);
	name_key(&k, name);
	rk.data = k.b;
	rk.len = k.len;
	if (!store_get(ck->t->st, T_RESOURCE, k.b, k.len, &v) ||
	    schema_decode(T_RESOURCE, FORMAT_CURRENT, rk, v, ck->naming, &res,
			  why, sizeof why) ||
	    l->seq[ENT_HOURS] < created_seq(ck, name))
		return;
	hours_key(&k, res.r.rid, date);
	expect_entry(ck, T_HOURS, &k, l->seq[ENT_HOURS], "sets");
}

static void entity_done(checker *ck, last_seen *l)
{
	uint64_t id;
	keybuf k;
	sval v;

	if (!l->entity)
		return;
	if (l->seq[ENT_CLAIM])
		vouch_claim(ck, l);
	if (l->seq[ENT_HOURS] && !l->removed[ENT_HOURS] &&
	    strncmp(l->entity, "hours/", 6) == 0)
		hours_done(ck, l);
	if (l->seq[ENT_HOLIDAY] && !l->removed[ENT_HOLIDAY] &&
	    calendar_id(l->entity, 'd', &id)) {
		id_key(&k, id);
		expect_entry(ck, T_HOLIDAY, &k, l->seq[ENT_HOLIDAY], "made");
	}
	if (l->seq[ENT_TIMEOFF] && !l->removed[ENT_TIMEOFF] &&
	    calendar_id(l->entity, 't', &id)) {
		id_key(&k, id);
		expect_entry(ck, T_TIMEOFF, &k, l->seq[ENT_TIMEOFF], "made");
	}
	if (l->seq[ENT_WAITLIST] && !l->removed[ENT_WAITLIST] &&
	    calendar_id(l->entity, 'w', &id)) {
		id_key(&k, id);
		expect_entry(ck, T_WAITLIST, &k, l->seq[ENT_WAITLIST], "made");
	}
	if (l->seq[ENT_SERVICE] && !l->removed[ENT_SERVICE] &&
	    strncmp(l->entity, "service/", 8) == 0) {
		name_key(&k, l->entity + 8);
		expect_entry(ck, T_SERVICE, &k, l->seq[ENT_SERVICE], "keeps");
	}
	if (l->seq[ENT_CUSTOMER] && !l->removed[ENT_CUSTOMER] &&
	    strncmp(l->entity, "customer/", 9) == 0) {
		/* Named by a digest: the id is in the record it left. */
		berth_customer cu;
		arena_reset(ck->naming);
		if (!schema_customer_record(l->after, l->after_len, ck->naming,
					    &cu)) {
			name_key(&k, cu.id);
			expect_entry(ck, T_CUSTOMER, &k, l->seq[ENT_CUSTOMER],
				     "keeps");
		}
	}
	if (l->seq[ENT_RESOURCE] && !l->removed[ENT_RESOURCE]) {
		name_key(&k, l->entity);
		expect_entry(ck, T_RESOURCE, &k, l->seq[ENT_RESOURCE], "keeps");
	}
	if (l->seq[ENT_POLICY] && !l->removed[ENT_POLICY] &&
	    strncmp(l->entity, "policy/", 7) == 0) {
		/* policy/KEY, policy/KEY/RESOURCE or policy/KEY/service:NAME */
		char key[96];
		const char *slash = strchr(l->entity + 7, '/');
		uint32_t rid = 0;
		snprintf(key, sizeof key, "%.*s",
			 (int)(slash ? slash - l->entity - 7
				     : (long)strlen(l->entity + 7)),
			 l->entity + 7);
		if (slash && !strncmp(slash + 1, "service:", 8)) {
			svcpolicy_key(&k, slash + 9, key);
			expect_entry(ck, T_SVCPOLICY, &k, l->seq[ENT_POLICY],
				     "sets");
			return;
		}
		if (slash) {
			resource_entry res;
			char why[160];
			sval rk;
			arena_reset(ck->naming);
			name_key(&k, slash + 1);
			rk.data = k.b;
			rk.len = k.len;
			if (!store_get(ck->t->st, T_RESOURCE, k.b, k.len, &v) ||
			    schema_decode(T_RESOURCE, FORMAT_CURRENT, rk, v,
					  ck->naming, &res, why, sizeof why))
				return; /* gone: its policies stay behind */
			/* Set for a resource of that name that was removed
			 * before this one was made: not this one's. */
			if (l->seq[ENT_POLICY] < created_seq(ck, slash + 1))
				return;
			rid = res.r.rid;
		}
		policy_key(&k, rid, key);
		expect_entry(ck, T_POLICY, &k, l->seq[ENT_POLICY], "sets");
	}
}

static int audit_by_fn(checker *ck, sval k, sval v, any_entry *any)
{
	const audit_by_entry *be = &any->audit_by;
	last_seen *l = ck->state;
	audit_entry a;
	char why[160];
	keybuf ak;
	sval akv, av;

	(void)v;
	if (l && (!l->entity || strcmp(l->entity, be->entity))) {
		uint8_t *after = l->after;
		size_t cap = l->after_cap;
		entity_done(ck, l);
		free(l->entity);
		memset(l, 0, sizeof *l);
		l->after = after;
		l->after_cap = cap;
		if (!(l->entity = strdup(be->entity))) {
			arena_set_failed(ck->t->a);
			return 1;
		}
	}
	id_key(&ak, be->seq);
	akv.data = ak.b;
	akv.len = ak.len;
	if (!store_get(ck->t->st, T_AUDIT, ak.b, ak.len, &av)) {
		problem(ck, T_AUDIT_BY, k, 0,
			"names record %llu, which is not "
			"there",
			(unsigned long long)be->seq);
		return 0;
	}
	if (schema_decode(T_AUDIT, FORMAT_CURRENT, akv, av, ck->scratch, &a,
			  why, sizeof why))
		return 0; /* reported with the audit table */
	if (!l && strcmp(a.a.entity, be->entity))
		problem(ck, T_AUDIT_BY, k, 0,
			"names record %llu, which is of "
			"'%s'",
			(unsigned long long)be->seq, a.a.entity);
	if (l && a.type != ENT_NONE) {
		l->seq[a.type] = be->seq;
		l->removed[a.type] = !a.after;
	}
	if (l && (a.type == ENT_CLAIM || a.type == ENT_CUSTOMER) && a.after) {
		if (a.after_len > l->after_cap) {
			uint8_t *p = realloc(l->after, a.after_len);
			if (!p) {
				arena_set_failed(ck->t->a);
				return 1;
			}
			l->after = p;
			l->after_cap = a.after_len;
		}
		memcpy(l->after, a.after, a.after_len);
		l->after_len = a.after_len;
	}
	return 0;
}

static int by_sum_fn(checker *ck, sval k, sval v, any_entry *any)
{
	(void)any;
	sum_add(ck, &ck->held[T_AUDIT_BY], k, v);
	return 0;
}

/* The audit index against the records the slow way, when their sums
 * differ: every record's entry looked up, every entry's record read. What
 * does not decode was reported by the walks. */
static void by_one_by_one(checker *ck)
{
	store_cursor *c = store_cursor_open(ck->t->st, T_AUDIT);
	char why[160];
	any_entry e;
	sval k, v;

	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		audit_by_entry be;
		if (is_counters_key(T_AUDIT, k))
			continue;
		store_release(ck->t->st);
		arena_reset(ck->scratch);
		if (schema_decode(T_AUDIT, FORMAT_CURRENT, k, v, ck->scratch,
				  &e, why, sizeof why))
			continue;
		be.entity = e.audit.a.entity;
		be.seq = e.audit.seq;
		if (compare_entry(ck, T_AUDIT_BY, &be) == 1)
			entry_problem(ck, T_AUDIT_BY, &be,
				      "missing, though record %llu is of '%s'",
				      (unsigned long long)be.seq, be.entity);
	}
	store_cursor_close(c);
	c = store_cursor_open(ck->t->st, T_AUDIT_BY);
	ck->state = NULL;
	for (int ok = store_first(c, &k, &v); ok && !ck->stop;
	     ok = store_next(c, &k, &v)) {
		store_release(ck->t->st);
		arena_reset(ck->scratch);
		if (!schema_decode(T_AUDIT_BY, FORMAT_CURRENT, k, v,
				   ck->scratch, &e, why, sizeof why))
			audit_by_fn(ck, k, v, &e);
	}
	store_cursor_close(c);
}

void check_audit(checker *ck)
{
	last_seen l = {0};
	uint64_t before = ck->problems;

	/* Only what these two walks find makes the trail unsound: damaged
	 * counters (kept at the audit table's last key) say nothing of the
	 * records, and must not hide what the records show. */
	memset(ck->chain_prev, 0, CHAIN_HASH_LEN);
	ck->chain_seq = 0;
	numbered(ck, T_AUDIT, ID_AUDIT, audit_fn);
	if (ck->have_key && ck->have_counters && !ck->stop &&
	    ck->chain_seq == ck->counter[ID_AUDIT] &&
	    memcmp(ck->chain_prev, ck->chain_head, CHAIN_HASH_LEN)) {
		keybuf ck2;
		sval kv;
		counters_key(&ck2);
		kv.data = ck2.b;
		kv.len = ck2.len;
		problem(ck, T_AUDIT, kv, 0,
			"the audit chain's head is not the last record's "
			"hash");
	}
	/* Each index entry names a record of its entity when the index is
	 * exactly the entries the records imply: summed, and looked up one
	 * by one only when the sums differ. */
	walk(ck, T_AUDIT_BY, by_sum_fn);
	if (!ck->stop &&
	    !sum_same(&ck->implied[T_AUDIT_BY], &ck->held[T_AUDIT_BY]))
		by_one_by_one(ck);
	ck->audit_unsound = ck->problems > before;
	/* What each entity's last record left in place is looked for only
	 * through a sound index: through a damaged one, "last" may not be. */
	if (ck->audit_unsound || ck->stop)
		return;
	ck->state = &l;
	walk(ck, T_AUDIT_BY, audit_by_fn);
	entity_done(ck, &l);
	free(l.entity);
	free(l.after);
	/* Every claim's record is what its last audit record says when as
	 * many were vouched for as there are, and none doubted. */
	ck->claims_vouched_all =
	    !ck->stop && !ck->claims_doubted &&
	    ck->claims_vouched == store_count(ck->t->st, T_HOLD) +
				      store_count(ck->t->st, T_BOOKING);
}
