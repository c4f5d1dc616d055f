/* common-batch.h - parsing a batch request line. */
#ifndef BERTH_COMMON_BATCH_H
#define BERTH_COMMON_BATCH_H

#include <jansson.h>

#include "common.h"

/* A line parsed by jansson into one block of memory reused line after
 * line (what makes book --batch and import fast); batch_json_done frees
 * the value and gives the block back, before the next line. */
json_t *batch_json_loads(const char *text, json_error_t *err);
void batch_json_done(json_t *o);

/* One JSON object named like the options (resource, start, end,
 * duration, quantity, seats, customer, pending, attrs, idempotency_key,
 * ttl, payment_method) into req, and a repetition (repeat, every, count,
 * until, skip_conflicts) into rep (unit 0: none); strings are copied into
 * the arena. Unknown fields, wrong types and bad values are
 * INVALID_ARGUMENT or INVALID_TIME. */
berth_status batch_parse_line(const char *text, arena *a,
			      berth_claim_req *req, berth_repeat *rep);

#endif
