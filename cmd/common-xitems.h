/* common-xitems.h - the lines of a whole-store file (export --all,
 * import): one writer and one reader a type, in one table, so that a type
 * added to the store is one entry here (and one walk and one put in lib/). */
#ifndef BERTH_COMMON_XITEMS_H
#define BERTH_COMMON_XITEMS_H

#include "common.h"
#include "../lib/jline.h"

/* The type a line names in its "type" field. */
const char *xitem_type_name(const berth_xitem *it);
/* One item as one object: export --all's line. */
void xitem_describe(emitter *e, const berth_xitem *it);
/* One line (len bytes) read back into *it (strings into a), with what of
 * a claim's times is left for the store to resolve in *cv; j is the
 * reader's, kept from line to line so that a line allocates nothing.
 * BERTH_OK, or INVALID_ARGUMENT naming the field. */
berth_status xitem_read(jline *j, const char *line, size_t len, arena *a,
			berth_xitem *it, berth_xcivil *cv);

#endif
