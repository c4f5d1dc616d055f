/* codec.h - the bytes of stored values: a growing writer, a bounded
 * reader, and the seal (a checksum trailer) that every value of a format-2
 * store ends with. lib/schema.c says what each table's values hold; this
 * file only knows how integers, strings and seals are laid down. */
#ifndef BERTH_CODEC_H
#define BERTH_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "berth.h"

/* A growing buffer to encode into. wb_on starts it on the caller's
 * memory (a small value encodes without a malloc); it moves to the heap
 * only when it outgrows that. */
typedef struct {
	uint8_t *p;
	size_t len, cap;
	int oom;
	int borrowed; /* p is the caller's, not ours to free */
} wbuf;

void wb_on(wbuf *w, void *buf, size_t cap);
void wb_free(wbuf *w);
void wb_u8(wbuf *w, uint8_t v);
void wb_u32(wbuf *w, uint32_t v);
void wb_u64(wbuf *w, uint64_t v);
void wb_i64(wbuf *w, int64_t v);
void wb_str(wbuf *w, const char *s); /* NULL and "" are distinct */
void wb_bytes(wbuf *w, const void *p, size_t n);
void wb_raw(wbuf *w, const void *p, size_t n); /* no length prefix */
/* A number in as few bytes as it needs (7 bits a byte, LEB128), and a
 * signed one zigzagged first: small numbers take one byte. */
void wb_uvar(wbuf *w, uint64_t v);
void wb_svar(wbuf *w, int64_t v);
/* Zigzag: 0, -1, 1, -2 ... as 0, 1, 2, 3 ... */
static inline uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}
static inline int64_t unzigzag(uint64_t u)
{
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A bounded reader. The first read past the end, or rb_bad(), marks it
 * bad and keeps the first reason given, for the message that names the
 * damage. */
typedef struct {
	const uint8_t *p, *end;
	int bad;
	arena *a;
	char why[120];
} rbuf;

void rb_init(rbuf *r, const void *p, size_t n, arena *a);
void rb_bad(rbuf *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t rb_left(const rbuf *r);
uint8_t rb_u8(rbuf *r);
uint32_t rb_u32(rbuf *r);
uint64_t rb_u64(rbuf *r);
int64_t rb_i64(rbuf *r);
const char *rb_str(rbuf *r); /* copied into the arena, NUL-terminated */
const uint8_t *rb_bytes(rbuf *r, size_t *n);
uint64_t rb_uvar(rbuf *r);
int64_t rb_svar(rbuf *r);
/* Bad unless every byte was read. */
void rb_end(rbuf *r);

/* The seal: 32 bits of XXH3 (libxxhash) over the table's tag, the key and
 * the value's bytes, stored big-endian after them. Covering the key means
 * a flipped key byte is caught too, and the tag that an entry moved to
 * another table is. A damaged value passes with a chance of one in four
 * billion, and then still has its lengths and ranges to pass. What a
 * fuzzer builds with BERTH_FUZZ_UNSEALED skips the comparison so that it
 * reaches the decoders. */
#define SEAL_LEN 4
uint32_t seal_of(uint8_t tag, const void *key, size_t klen, const void *val,
		 size_t vlen);
void seal_append(wbuf *w, uint8_t tag, const void *key, size_t klen);
/* Whether the last SEAL_LEN bytes of v are its seal. */
int seal_ok(uint8_t tag, const void *key, size_t klen, const void *v,
	    size_t vlen);

#endif
