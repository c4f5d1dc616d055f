/* key.h - building and reading keys: big-endian fixed-width integers, so
 * that byte order is numeric order and a cursor scan walks time order
 * (MDB_INTEGERKEY is native-endian and would not). */
#ifndef BERTH_KEY_H
#define BERTH_KEY_H

#include <stddef.h>
#include <stdint.h>

/* LMDB's default limit is 511 bytes; our longest key (an idempotency key
 * or an audit entity, capped at 256 bytes) fits with room to spare. */
#define KEY_MAX 480

typedef struct {
	uint8_t b[KEY_MAX];
	size_t len;
	int overflow;
} keybuf;

void key_reset(keybuf *k);
void key_u8(keybuf *k, uint8_t v);
void key_u32(keybuf *k, uint32_t v);
void key_u64(keybuf *k, uint64_t v);
/* A signed time, offset by 2^63 so negative values sort first. */
void key_time(keybuf *k, int64_t v);
/* The bytes of s and a NUL, so "ab" sorts before "abc" and a key with s
 * is never a prefix of one with a longer s. */
void key_str(keybuf *k, const char *s);

/* The big-endian bytes of v, and back: what keys and values share. */
void be_put(uint8_t *p, uint64_t v, unsigned bytes);
uint64_t be_get(const void *p, unsigned bytes);

uint32_t key_read_u32(const void *p);
uint64_t key_read_u64(const void *p);
int64_t key_read_time(const void *p);

#endif
