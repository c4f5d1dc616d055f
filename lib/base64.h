/* base64.h - RFC 4648 base64 (the standard alphabet, padded) decoded as
 * strictly as libsodium's sodium_base642bin with
 * sodium_base64_VARIANT_ORIGINAL and nothing ignored (more strictly in
 * one thing: libsodium 1.0.18 reads a byte from 0x80 up as a character
 * of the alphabet, where RFC 4648 has none), at a few
 * instructions a byte: an import of an audit log decodes every record,
 * and libsodium's constant-time decoder (made for secrets, which these
 * records are not) was a tenth of the import. */
#ifndef BERTH_BASE64_H
#define BERTH_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* s[0..n) into out (room for n / 4 * 3 bytes): 0 and *len, or -1 for
 * text that is not base64 (a length not a multiple of 4, a character
 * outside the alphabet, padding anywhere but at the end, or bits left
 * over that are not zero). */
int base64_decode(const char *s, size_t n, uint8_t *out, size_t *len);

#endif
