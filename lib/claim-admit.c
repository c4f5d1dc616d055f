/* claim-admit.c - the questions every change of a claim asks before its
 * own rules: may this role act on it, and is it still the version the
 * caller saw (--if-version, optimistic locking: a script that read a
 * booking and decided on it is told when someone changed it meanwhile).
 * Every change of a booking adds one to its version, so a stale one is
 * always seen. */
#include "internal.h"

berth_status claim_change_admit(berth_txn *t, const berth_claim *c,
				int64_t if_version)
{
	char id[24];
	berth_status st;

	berth_id_format(c->kind, c->id, id, sizeof id);
	if ((st = role_may_claim(t, c->customer, id)))
		return st;
	if (!if_version || if_version == c->version)
		return BERTH_OK;
	berth_fail(BERTH_VERSION_MISMATCH,
		   "%s is at version %lld, not %lld: it changed since it was "
		   "read",
		   id, (long long)c->version, (long long)if_version);
	berth_detail_str("id", id);
	berth_detail_int("version", c->version);
	berth_detail_int("if_version", if_version);
	return BERTH_VERSION_MISMATCH;
}

berth_status claim_req_admit(berth_txn *t, const berth_claim_req *req)
{
	berth_status st;

	if (req->reason && (st = berth_check_text("reason", req->reason)))
		return st;
	if ((st = force_begin(t, req->force, req->reason)))
		return st;
	return role_may_claim(t, req->customer, NULL);
}
