/* schema-codec.h - what the files of the schema module share and nothing
 * else sees: reading keys back, the range of every stored number, the
 * claim and resource records, and the index tables' codecs. schema-key.c
 * builds keys, schema-record.c lays down and reads the records,
 * schema-index.c the index entries, schema.c the rest and the table of
 * codecs. */
#ifndef BERTH_SCHEMA_CODEC_H
#define BERTH_SCHEMA_CODEC_H

#include "internal.h"

/* A text in a key longer than this is damage. */
#define NAME_LIMIT 4096
/* The record versions this berth writes: claims in version 4 when they
 * name a service, a price or an amount paid, else version 3 (compact; 1
 * was format 1's; schema_put_claim says why), resources and index entries
 * in version 1. */
#define CLAIM_RECORD 4
#define RESOURCE_RECORD 1
#define INDEX_RECORD 1
/* Idempotency keys in version 2 keep the request's fingerprint; version 1
 * kept the options as given, and is still read (and kept as it is). */
#define IDEM_RECORD 3

/* Key fields read back through a bounded reader. */
btime rk_time(rbuf *r);
const char *rk_str(rbuf *r);

/* Each marks the reader bad, saying why, when the number is not one a
 * store can hold. */
void time_in_range(rbuf *r, const char *what, btime t);
void expiry_in_range(rbuf *r, btime t);
void window_in_range(rbuf *r, btime s, btime e);
void quantity_in_range(rbuf *r, int64_t q);
claim_kind kind_of(rbuf *r, uint8_t b);
void id_in_range(rbuf *r, uint64_t id);
void rid_in_range(rbuf *r, uint32_t rid);
void name_in_range(rbuf *r, const char *name);

/* The records: with their version byte (get_claim, get_resource), or
 * after it (the _fields ones). */
void get_claim(rbuf *r, berth_claim *c);
void get_claim_fields(rbuf *r, unsigned version, berth_claim *c);
void get_resource(rbuf *r, berth_resource *res);
void get_resource_fields(rbuf *r, berth_resource *res);
/* 0 when every byte was read and nothing was wrong, else -1 with why. */
int finish(rbuf *r, char *why, size_t size);

/* The index tables (schema-index.c). */
void enc_resid(const void *ep, keybuf *k, wbuf *w);
void dec_resid(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_span(const void *ep, keybuf *k, wbuf *w);
void dec_span(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_seat(const void *ep, keybuf *k, wbuf *w);
void dec_seat(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_expiry(const void *ep, keybuf *k, wbuf *w);
void dec_expiry(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_due(const void *ep, keybuf *k, wbuf *w);
void dec_due(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_byres(const void *ep, keybuf *k, wbuf *w);
void enc_series(const void *ep, keybuf *k, wbuf *w);
void dec_series(rbuf *k, rbuf *r, unsigned version, void *ep);
void dec_byres(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_reach(const void *ep, keybuf *k, wbuf *w);
void dec_reach(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_waitlist(const void *ep, keybuf *k, wbuf *w);
void dec_waitlist(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_waitday(const void *ep, keybuf *k, wbuf *w);
void dec_waitday(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_waitdue(const void *ep, keybuf *k, wbuf *w);
void dec_waitdue(rbuf *k, rbuf *r, unsigned version, void *ep);
/* A waitlist entry's record with its version byte, and after it. */
void get_waitlist(rbuf *r, berth_waitlist *e);
void get_waitlist_fields(rbuf *r, berth_waitlist *e);
void enc_bycust(const void *ep, keybuf *k, wbuf *w);
void dec_bycust(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_profile(const void *ep, keybuf *k, wbuf *w);
void dec_profile(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_policy(const void *ep, keybuf *k, wbuf *w);
void dec_policy(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_svcpolicy(const void *ep, keybuf *k, wbuf *w);
void dec_svcpolicy(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_idem(const void *ep, keybuf *k, wbuf *w);
void dec_idem(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_audit_by(const void *ep, keybuf *k, wbuf *w);
void dec_audit_by(rbuf *k, rbuf *r, unsigned version, void *ep);

/* The calendar's tables and records (schema-calendar.c). */
void enc_hours(const void *ep, keybuf *k, wbuf *w);
void dec_hours(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_holiday(const void *ep, keybuf *k, wbuf *w);
void dec_holiday(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_holiday_day(const void *ep, keybuf *k, wbuf *w);
void dec_holiday_day(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_timeoff(const void *ep, keybuf *k, wbuf *w);
void dec_timeoff(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_timeoff_by(const void *ep, keybuf *k, wbuf *w);
void dec_timeoff_by(rbuf *k, rbuf *r, unsigned version, void *ep);
void get_holiday_fields(rbuf *r, berth_holiday *h);
void get_timeoff_fields(rbuf *r, berth_timeoff *o);
/* An hours, holiday or time-off record with its version byte, as an audit
 * record keeps it, decoded into *out (of the type's struct). */
void calendar_get_record(rbuf *r, entity_type type, void *out);

/* The service table and record (schema-service.c). */
void enc_customer(const void *ep, keybuf *k, wbuf *w);
void dec_customer(rbuf *k, rbuf *r, unsigned version, void *ep);
void customer_get_record(rbuf *r, berth_customer *out);
void enc_custhist(const void *ep, keybuf *k, wbuf *w);
void dec_custhist(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_service(const void *ep, keybuf *k, wbuf *w);
void dec_service(rbuf *k, rbuf *r, unsigned version, void *ep);
void service_get_record(rbuf *r, berth_service *out);

/* The outbox's tables (schema-outbox.c). */
void enc_event(const void *ep, keybuf *k, wbuf *w);
void dec_event(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_notifier(const void *ep, keybuf *k, wbuf *w);
void dec_notifier(rbuf *k, rbuf *r, unsigned version, void *ep);
void enc_delivery(const void *ep, keybuf *k, wbuf *w);
void dec_delivery(rbuf *k, rbuf *r, unsigned version, void *ep);

#endif
