/* sha256.c - SHA-256 on the x86 SHA extensions (SHA-NI).
 *
 * check hashes every audit record to follow the chain, and the portable
 * SHA-256 libsodium has was 35% of check's instructions on a store of a
 * million bookings; the CPU's own SHA-256 rounds do a block several
 * times faster. The digest is SHA-256's whichever way it is made
 * (tests/unit/sha256_test.c holds this one against libsodium's on every
 * length that crosses a block boundary); a CPU without the extensions,
 * or another architecture, uses libsodium as before. */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define SHA_NI 1

static const uint32_t K[64] = {
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

/* n blocks of 64 bytes into the state h (a, b, ... h as SHA-256 keeps
 * them). The instructions want the state as ABEF and CDGH. */
__attribute__((target("sha,sse4.1"))) static void
blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
					    0x0405060700010203ULL);
	__m128i s0, s1, t, w[4], save0, save1;

	t = _mm_loadu_si128((const __m128i *)&h[0]);
	s1 = _mm_loadu_si128((const __m128i *)&h[4]);
	t = _mm_shuffle_epi32(t, 0xB1);		/* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);	/* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);		/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);	/* CDGH */
	for (; n; n--, p += 64) {
		save0 = s0;
		save1 = s1;
		for (int i = 0; i < 4; i++)
			w[i] = _mm_shuffle_epi8(
			    _mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
		for (int r = 0; r < 16; r++) {
			__m128i m = _mm_add_epi32(
			    w[r & 3], _mm_loadu_si128((const __m128i *)&K[4 * r]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			m = _mm_shuffle_epi32(m, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, m);
			/* The schedule's next four words, from the four groups
			 * before them, in place of the oldest. */
			if (r < 12) {
				__m128i x = _mm_alignr_epi8(w[(r + 3) & 3],
							    w[(r + 2) & 3], 4);
				__m128i y = _mm_add_epi32(
				    _mm_sha256msg1_epu32(w[r & 3],
							 w[(r + 1) & 3]),
				    x);
				w[r & 3] = _mm_sha256msg2_epu32(y, w[(r + 3) & 3]);
			}
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);	/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);	/* DCHG */
	s0 = _mm_blend_epi16(t, s1, 0xF0);	/* DCBA */
	s1 = _mm_alignr_epi8(s1, t, 8);		/* HGFE */
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}

static int have_sha(void)
{
	static int known = -1;

	if (known < 0) {
		__builtin_cpu_init();
		known = __builtin_cpu_supports("sha") &&
			__builtin_cpu_supports("sse4.1");
	}
	return known;
}

/* The digest of `done` bytes already in h, then p: the rest of p's
 * blocks, the padding, and the length. */
static void finish(uint32_t h[8], uint64_t done, const uint8_t *p, size_t n,
		   uint8_t out[32])
{
	uint8_t last[128];
	uint64_t bits = (done + n) * 8;
	size_t full = n / 64, rest = n % 64, len;

	blocks(h, p, full);
	memcpy(last, p + full * 64, rest);
	last[rest] = 0x80;
	len = rest + 1 + 8 <= 64 ? 64 : 128;
	memset(last + rest + 1, 0, len - rest - 1 - 8);
	for (int i = 0; i < 8; i++)
		last[len - 1 - i] = (uint8_t)(bits >> (8 * i));
	blocks(h, last, len / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}
#else
#define SHA_NI 0
#endif

void sha256(uint8_t out[32], const void *p, size_t n)
{
#if SHA_NI
	if (have_sha()) {
		uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				 0xa54ff53a, 0x510e527f, 0x9b05688c,
				 0x1f83d9ab, 0x5be0cd19};
		finish(h, 0, p, n, out);
		return;
	}
#endif
	crypto_hash_sha256(out, p, n);
}

void sha256_hmac(const crypto_auth_hmacsha256_state *keyed, const void *p,
		 size_t n, uint8_t out[32])
{
#if SHA_NI
	/* libsodium's keyed state is the inner and outer hashes each with
	 * its padded key block (64 bytes) taken in and nothing buffered:
	 * go on from there. */
	if (have_sha() && keyed->ictx.count == 512 &&
	    keyed->octx.count == 512) {
		uint32_t h[8];
		uint8_t inner[32];
		memcpy(h, keyed->ictx.state, sizeof h);
		finish(h, 64, p, n, inner);
		memcpy(h, keyed->octx.state, sizeof h);
		finish(h, 64, inner, sizeof inner, out);
		return;
	}
#endif
	{
		crypto_auth_hmacsha256_state st = *keyed;
		crypto_auth_hmacsha256_update(&st, p, n);
		crypto_auth_hmacsha256_final(&st, out);
	}
}
