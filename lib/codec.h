/* record.h - values: a version byte, then fields in a fixed order as
 * big-endian integers and length-prefixed strings. Decoding checks every
 * length, so a damaged value is BERTH_STORE_CORRUPT, never a crash. */
#ifndef BERTH_RECORD_H
#define BERTH_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "berth.h"

#define RECORD_VERSION 1

/* A growing buffer to encode into. */
typedef struct {
	uint8_t *p;
	size_t len, cap;
	int oom;
} wbuf;

void wb_free(wbuf *w);
void wb_u8(wbuf *w, uint8_t v);
void wb_u32(wbuf *w, uint32_t v);
void wb_u64(wbuf *w, uint64_t v);
void wb_i64(wbuf *w, int64_t v);
void wb_str(wbuf *w, const char *s); /* NULL and "" are distinct */
void wb_bytes(wbuf *w, const void *p, size_t n);

/* A bounded reader; `bad` is set by the first read past the end. */
typedef struct {
	const uint8_t *p, *end;
	int bad;
	arena *a;
} rbuf;

void rb_init(rbuf *r, const void *p, size_t n, arena *a);
uint8_t rb_u8(rbuf *r);
uint32_t rb_u32(rbuf *r);
uint64_t rb_u64(rbuf *r);
int64_t rb_i64(rbuf *r);
const char *rb_str(rbuf *r); /* copied into the arena, NUL-terminated */
const uint8_t *rb_bytes(rbuf *r, size_t *n);

void record_put_claim(wbuf *w, const berth_claim *c);
berth_status record_get_claim(const void *p, size_t n, arena *a,
			      berth_claim *out);
void record_put_resource(wbuf *w, const berth_resource *r);
berth_status record_get_resource(const void *p, size_t n, arena *a,
				 berth_resource *out);

#endif
