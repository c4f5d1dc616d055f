/* import.h - what the files of import share (import.c, import-catalogue.c,
 * import-claim.c): one put a type, each called in a write transaction of
 * the staged store with the item as the file gave it. */
#ifndef BERTH_IMPORT_H
#define BERTH_IMPORT_H

#include "internal.h"

/* The id counter of last_ids[i] (export-all.c). */
id_kind xid_kind(int i);

/* A stored value a line brought (it->raw), read under key k as a read
 * takes it, into *e; INVALID_ARGUMENT when it does not read. */
berth_status import_raw_read(berth_txn *t, store_table tb, sval k,
			     const berth_xitem *it, any_entry *e);

/* Whether the file brings its audit log: then nothing is audited anew. */
int import_audited(const berth_import *im);

typedef berth_status import_put_fn(berth_txn *t, berth_import *im,
				   berth_xitem *it, const berth_xcivil *cv);
import_put_fn import_resource, import_resid, import_policy, import_hours,
    import_holiday, import_timeoff, import_service, import_claim,
    import_customer, import_waitlist;

/* import --merge's renumbering (import-merge.c): the map of the file's
 * ids to this store's, NULL when the import makes a new store (ids are
 * kept). */
typedef struct import_ids import_ids;
import_ids *import_ids_new(void);
void import_ids_clear(import_ids *m);
void import_ids_free(import_ids *m);
import_ids *import_merge_ids(berth_import *im);
/* A claim's own id, its links, its series and the waitlist entry it is
 * an offer to, renumbered; ALREADY_EXISTS when the file gives its id
 * twice. */
berth_status import_merge_claim(berth_txn *t, import_ids *m, berth_claim *c);
/* A waitlist entry's id, its resources (found again by name), its offer
 * and its booking, renumbered. */
berth_status import_merge_waitlist(berth_txn *t, import_ids *m,
				   berth_waitlist *w);

/* A forgotten customer's pseudonym: refused from a file without its
 * audit log (see import-entity.c). */
berth_status import_pseudonym_ok(const berth_import *im, const char *customer);

#endif
