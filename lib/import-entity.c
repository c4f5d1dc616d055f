/* import-entity.c - a customer's record and a waitlist entry of an
 * import: each comes as its stored bytes (export-all.c), is read as a
 * read takes it (length, seal, every field), and is put back through the
 * codec with what it implies: a waiting entry's index entries (waitday,
 * waitdue), and the id counters kept past it. Without the file's audit
 * log each gets its record of its own, `customer.imported` or
 * `waitlist.imported`, as a claim does.
 *
 * A forgotten customer's pseudonym carries the HMAC of the id under the
 * audit key of the store it was forgotten in, and the index by customer
 * is keyed by that HMAC; the key travels only with the log (export
 * --audit). A file without the log that names a pseudonym is refused,
 * so that no store ever holds pseudonyms its own key did not make. */
#include <string.h>

#include "customer.h"
#include "import.h"

berth_status import_pseudonym_ok(const berth_import *im, const char *customer)
{
	if (import_audited(im) || !pseudonym_hex(customer))
		return BERTH_OK;
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "a forgotten customer (%.24s...) comes over only "
			  "with the audit log: export it with --all --audit",
			  customer);
}

berth_status import_customer(berth_txn *t, berth_import *im, berth_xitem *it,
			     const berth_xcivil *cv)
{
	customer_entry want = {.c.id = it->key};
	berth_customer *old;
	char entity[CUSTOMER_ENTITY_LEN];
	any_entry e;
	keybuf k;
	sval kv;
	berth_status st;
	int rc;

	(void)cv;
	if (!it->key || !*it->key)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a customer line needs its id");
	schema_key(T_CUSTOMER, &want, &k);
	kv.data = k.b;
	kv.len = k.len;
	if ((st = import_raw_read(t, T_CUSTOMER, kv, it, &e)) ||
	    (st = import_pseudonym_ok(im, e.customer.c.id)))
		return st;
	if ((rc = customer_find(t, e.customer.c.id, &old)) < 0)
		return txn_status(t);
	if (rc)
		return berth_fail(BERTH_ALREADY_EXISTS,
				  "customer '%.60s' is there already",
				  e.customer.c.id);
	entry_put(t, T_CUSTOMER, &e.customer);
	if (!import_audited(im)) {
		if ((st = audit_customer_entity(t, e.customer.c.id, entity,
						sizeof entity)))
			return st;
		audit_append(t, "customer.imported", entity, ENT_CUSTOMER,
			     NULL, &e.customer.c, NULL, NULL);
	}
	return txn_status(t);
}

berth_status import_waitlist(berth_txn *t, berth_import *im, berth_xitem *it,
			     const berth_xcivil *cv)
{
	waitlist_entry want = {.w.id = it->seq};
	berth_waitlist *old;
	any_entry e;
	char name[24];
	keybuf k;
	sval kv;
	berth_status st;

	(void)cv;
	if (!it->seq)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "a waitlist line needs its id");
	schema_key(T_WAITLIST, &want, &k);
	kv.data = k.b;
	kv.len = k.len;
	if ((st = import_raw_read(t, T_WAITLIST, kv, it, &e)) ||
	    (st = import_pseudonym_ok(im, e.waitlist.w.customer)))
		return st;
	/* --merge: its ids and resource numbers are another store's. */
	if (import_merge_ids(im) &&
	    (st = import_merge_waitlist(t, import_merge_ids(im),
					&e.waitlist.w)))
		return st;
	it->seq = e.waitlist.w.id;
	berth_waitlist_id_format(it->seq, name, sizeof name);
	if ((st = waitlist_load(t, it->seq, &old)) != BERTH_NOT_FOUND)
		return st ? st
			  : berth_fail(BERTH_ALREADY_EXISTS,
				       "%s is there already", name);
	berth_clear();
	if (ids_keep(t, ID_WAITLIST, it->seq))
		return txn_status(t);
	entry_put(t, T_WAITLIST, &e.waitlist);
	waitlist_index(t, &e.waitlist.w, 1);
	if (!import_audited(im))
		audit_append(t, "waitlist.imported", name, ENT_WAITLIST, NULL,
			     &e.waitlist.w, NULL, NULL);
	return txn_status(t);
}
