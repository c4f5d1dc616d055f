/* sha256.c - SHA-256 and HMAC-SHA-256: libsodium's, or, on a processor
 * with the SHA extensions, the same function with its compression run on
 * them (sha256.h says why). Only the compression and the padding are
 * here; the portable path is libsodium's whole. */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static int forced_portable;

void sha256_force_portable(int on)
{
	forced_portable = on;
}

#ifdef SHA_NI

static const uint32_t iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint32_t rk[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The extensions keep the eight words as two halves, ABEF and CDGH; a
 * block is sixteen steps of four rounds, each step's four message words
 * made from the four steps before it. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress(uint32_t h[8], const uint8_t *p, size_t blocks)
{
	const __m128i bswap =
	    _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i s0, s1, t, save0, save1, w[4], m;

	t = _mm_loadu_si128((const __m128i *)&h[0]);  /* D C B A */
	s1 = _mm_loadu_si128((const __m128i *)&h[4]); /* H G F E */
	t = _mm_shuffle_epi32(t, 0xB1);		      /* C D A B */
	s1 = _mm_shuffle_epi32(s1, 0x1B);	      /* E F G H */
	s0 = _mm_alignr_epi8(t, s1, 8);		      /* A B E F */
	s1 = _mm_blend_epi16(s1, t, 0xF0);	      /* C D G H */
	for (; blocks; blocks--, p += 64) {
		save0 = s0;
		save1 = s1;
		for (int i = 0; i < 16; i++) {
			if (i < 4)
				w[i] = _mm_shuffle_epi8(
				    _mm_loadu_si128((const __m128i *)(p + 16 * i)),
				    bswap);
			else
				w[i & 3] = _mm_sha256msg2_epu32(
				    _mm_add_epi32(
					_mm_sha256msg1_epu32(w[i & 3],
							     w[(i + 1) & 3]),
					_mm_alignr_epi8(w[(i + 3) & 3],
							w[(i + 2) & 3], 4)),
				    w[(i + 3) & 3]);
			m = _mm_add_epi32(
			    w[i & 3], _mm_load_si128((const __m128i *)&rk[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1,
						   _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);   /* F E B A */
	s1 = _mm_shuffle_epi32(s1, 0xB1);  /* D C H G */
	s0 = _mm_blend_epi16(t, s1, 0xF0); /* D C B A */
	s1 = _mm_alignr_epi8(s1, t, 8);	   /* H G F E */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}

/* Hashes p after `done` bytes (whole blocks) already in h, pads, and
 * writes the digest. */
static void finish(uint32_t h[8], uint64_t done, const uint8_t *p, size_t n,
		   uint8_t out[SHA256_LEN])
{
	uint8_t tail[128];
	size_t whole = n / 64 * 64, rest = n - whole, len;
	uint64_t bits = (done + n) * 8;

	compress(h, p, n / 64);
	memset(tail, 0, sizeof tail);
	if (rest)
		memcpy(tail, p + whole, rest);
	tail[rest] = 0x80;
	len = rest < 56 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[len - 1 - i] = (uint8_t)(bits >> (8 * i));
	compress(h, tail, len / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

int sha256_accelerated(void)
{
	static int found = -1;
	unsigned a, b, c, d;

	if (found < 0)
		/* SHA (leaf 7, EBX bit 29), SSE4.1 and SSSE3 (leaf 1, ECX
		 * bits 19 and 9). */
		found = __get_cpuid(1, &a, &b, &c, &d) && (c >> 19 & 1) &&
			(c >> 9 & 1) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
			(b >> 29 & 1);
	return found && !forced_portable;
}

#else

int sha256_accelerated(void)
{
	return 0;
}

#endif

void sha256(uint8_t out[SHA256_LEN], const void *p, size_t n)
{
#ifdef SHA_NI
	if (sha256_accelerated()) {
		uint32_t h[8];
		memcpy(h, iv, sizeof h);
		finish(h, 0, p, n, out);
		return;
	}
#endif
	crypto_hash_sha256(out, p, n);
}

void sha256_hmac_init(sha256_hmac_key *k, const uint8_t *key, size_t n)
{
	crypto_auth_hmacsha256_init(&k->sodium, key, n);
	k->accelerated = 0;
#ifdef SHA_NI
	if (sha256_accelerated()) {
		k->accelerated = 1;
		uint8_t pad[64], hashed[SHA256_LEN];
		/* RFC 2104: a key longer than a block is its hash. */
		if (n > sizeof pad) {
			sha256(hashed, key, n);
			key = hashed;
			n = sizeof hashed;
		}
		memset(pad, 0x36, sizeof pad);
		for (size_t i = 0; i < n; i++)
			pad[i] ^= key[i];
		memcpy(k->inner, iv, sizeof k->inner);
		compress(k->inner, pad, 1);
		memset(pad, 0x5c, sizeof pad);
		for (size_t i = 0; i < n; i++)
			pad[i] ^= key[i];
		memcpy(k->outer, iv, sizeof k->outer);
		compress(k->outer, pad, 1);
		sodium_memzero(pad, sizeof pad);
		sodium_memzero(hashed, sizeof hashed);
	}
#endif
}

void sha256_hmac(uint8_t out[SHA256_LEN], const sha256_hmac_key *k,
		 const void *p, size_t n)
{
	crypto_auth_hmacsha256_state st;

#ifdef SHA_NI
	if (k->accelerated && sha256_accelerated()) {
		uint32_t h[8];
		uint8_t in[SHA256_LEN];
		memcpy(h, k->inner, sizeof h);
		finish(h, 64, p, n, in);
		memcpy(h, k->outer, sizeof h);
		finish(h, 64, in, sizeof in, out);
		return;
	}
#endif
	st = k->sodium;
	crypto_auth_hmacsha256_update(&st, p, n);
	crypto_auth_hmacsha256_final(&st, out);
}
