/* jline_fuzz.c - libFuzzer harness for import's readers of a line
 * (lib/jline.c, lib/base64.c), each against the library it replaced:
 *  - jline_read takes a line as an object exactly when jansson
 *    (json_loads, JSON_REJECT_DUPLICATES) does, and reads every top-level
 *    member to the same kind and value (lines nested deeper than jline's
 *    32 levels, which jansson reads, are only run for memory safety);
 *  - base64_decode takes exactly the texts sodium_base642bin takes (the
 *    original alphabet, padded, nothing ignored), to the same bytes,
 *    but for those with a byte from 0x80 up, which libsodium 1.0.18 reads
 *    as characters of the alphabet and base64_decode refuses.
 * The input is one line: its bytes up to a NUL. */
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "jline.h"

static jline jl;

static int deep(const char *s, size_t n)
{
	int d = 0, max = 0, in = 0;

	for (size_t i = 0; i < n; i++) {
		if (in && s[i] == '\\')
			i++;
		else if (s[i] == '"')
			in = !in;
		else if (!in && (s[i] == '[' || s[i] == '{') && ++d > max)
			max = d;
		else if (!in && (s[i] == ']' || s[i] == '}'))
			d--;
	}
	return max > 30;
}

static void same_members(json_t *o)
{
	size_t n = 0;

	for (size_t m = 1; m < jl.v[0].end; m = jl.v[m].end, n++) {
		const jl_value *v = &jl.v[m];
		char *key = strndup(v->key, v->klen);
		json_t *x = json_object_get(o, key);
		free(key);
		if (!x)
			__builtin_trap();
		if (v->kind == JL_STR &&
		    (!json_is_string(x) || json_string_length(x) != v->n ||
		     memcmp(json_string_value(x), v->s, v->n)))
			__builtin_trap();
		if (v->kind == JL_INT &&
		    (!json_is_integer(x) || json_integer_value(x) != v->i))
			__builtin_trap();
		if (v->kind == JL_OBJ &&
		    (!json_is_object(x) || json_object_size(x) != v->n))
			__builtin_trap();
		if (v->kind == JL_ARR &&
		    (!json_is_array(x) || json_array_size(x) != v->n))
			__builtin_trap();
	}
	if (n != json_object_size(o))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t n;
	int a, b;
	json_error_t err;
	json_t *o;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	n = strlen(s);

	b = jline_read(&jl, s, n) == 0 && jl.v[0].kind == JL_OBJ;
	if (!deep(s, n)) {
		o = json_loads(s, JSON_REJECT_DUPLICATES, &err);
		a = o && json_is_object(o);
		if (a != b)
			__builtin_trap();
		if (a)
			same_members(o);
		json_decref(o);
	}

	{
		uint8_t *x = malloc(n / 4 * 3 + 3), *y = malloc(n / 4 * 3 + 3);
		size_t nx = 0, ny = 0;
		int rx, ry;
		if (x && y) {
			rx = sodium_base642bin(x, n / 4 * 3 + 3, s, n, NULL, &nx,
					       NULL,
					       sodium_base64_VARIANT_ORIGINAL);
			ry = base64_decode(s, n, y, &ny);
			/* libsodium 1.0.18 reads a byte from 0x80 up as a
			 * character of the alphabet; RFC 4648 has none. */
			for (size_t i = 0; i < n && rx == 0; i++)
				if ((unsigned char)s[i] >= 0x80)
					rx = -2;
			if ((rx == 0) != (ry == 0) ||
			    (rx == 0 && (nx != ny || memcmp(x, y, nx))))
				__builtin_trap();
		}
		free(x);
		free(y);
	}
	free(s);
	return 0;
}
