/* sha256.h - SHA-256 for the audit chain, on the CPU's SHA instructions
 * when it has them (sha256.c), else libsodium's: the same digests. */
#ifndef BERTH_SHA256_H
#define BERTH_SHA256_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

/* SHA-256 of p. */
void sha256(uint8_t out[32], const void *p, size_t n);
/* HMAC-SHA256 of p under the key `keyed` was initialised with. */
void sha256_hmac(const crypto_auth_hmacsha256_state *keyed, const void *p,
		 size_t n, uint8_t out[32]);

#endif
