/* common-batch.h - parsing a batch request line. */
#ifndef BERTH_COMMON_BATCH_H
#define BERTH_COMMON_BATCH_H

#include "common.h"

/* One JSON object named like the options (resource, start, end,
 * duration, quantity, seats, customer, pending, attrs, idempotency_key,
 * ttl) into req; strings are copied into the arena. Unknown fields, wrong
 * types and bad values are INVALID_ARGUMENT or INVALID_TIME. */
berth_status batch_parse_line(const char *text, arena *a,
			      berth_claim_req *req);

#endif
