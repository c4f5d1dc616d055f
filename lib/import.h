/* import.h - what the files of import share (import.c, import-catalogue.c,
 * import-claim.c): one put a type, each called in a write transaction of
 * the staged store with the item as the file gave it. */
#ifndef BERTH_IMPORT_H
#define BERTH_IMPORT_H

#include "internal.h"

/* Whether the file brings its audit log: then nothing is audited anew. */
int import_audited(const berth_import *im);

typedef berth_status import_put_fn(berth_txn *t, berth_import *im,
				   berth_xitem *it, const berth_xcivil *cv);
import_put_fn import_resource, import_resid, import_policy, import_hours,
    import_holiday, import_timeoff, import_service, import_claim;

#endif
