/* customer.h - what customer.c shares with customer-forget.c and
 * check-customer.c. */
#ifndef BERTH_CUSTOMER_H
#define BERTH_CUSTOMER_H

#include "internal.h"

/* The record of customer id: 1, 0 when there is none, -1 with the
 * transaction failed. */
int customer_find(berth_txn *t, const char *id, berth_customer **out);
/* The customer's history entries (custhist), malloc'd (*out, *n): the
 * caller frees them. */
berth_status customer_history(berth_txn *t, const char *id,
			      custhist_entry **out, size_t *n);

#endif
