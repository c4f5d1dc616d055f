/* text.c - what a name or a free text may hold. Checked at the edge, before
 * any transaction, and again by the engine for input that skips the
 * command line (batch lines). */
#include <string.h>

#include "internal.h"

/* What a stored text may not hold. */
enum { TEXT_OK, TEXT_BAD, TEXT_BIDI, TEXT_LINE };

/* Characters that act on what follows them, far beyond their own place:
 * the bidirectional embeddings and overrides (U+202A-U+202E) and isolates
 * (U+2066-U+2069) reorder the rest of a line, so a name holding one can
 * make a table row read as another; and the line and paragraph separators
 * (U+2028, U+2029) break it like a newline. The marks (U+200E, U+200F,
 * U+061C) stay: right-to-left text is written with them, and one does no
 * more than any Hebrew or Arabic letter does. */
static int format_control(unsigned cp)
{
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return TEXT_BIDI;
	if (cp == 0x2028 || cp == 0x2029)
		return TEXT_LINE;
	return TEXT_OK;
}

/* Valid UTF-8 with no control characters: what we store is printed in
 * tables and terminals, and must never carry escape sequences. */
static int clean_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, n, cp;
		int why;
		if (c < 0x20 || c == 0x7f)
			return TEXT_BAD;
		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return TEXT_BAD;
		for (unsigned i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return TEXT_BAD;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return TEXT_BAD;
		if (n == 2 && (why = format_control(cp)))
			return why;
		s += n + 1;
	}
	return TEXT_OK;
}

static berth_status text_refused(const char *what, const char *s);

/* The refusal, with what carried the text (the option, or the field as the
 * engine names it) and the text itself in its details. */
berth_status berth_check_text(const char *what, const char *s)
{
	berth_status st = text_refused(what, s);

	return st ? berth_detail_option(st, what, s) : BERTH_OK;
}

static berth_status text_refused(const char *what, const char *s)
{
	if (strlen(s) > BERTH_TEXT_MAX)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s is longer than %d bytes", what,
				  BERTH_TEXT_MAX);
	switch (clean_utf8((const unsigned char *)s)) {
	case TEXT_OK:
		return BERTH_OK;
	case TEXT_BIDI:
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must not hold bidirectional embedding, "
				  "override or isolate characters "
				  "(U+202A-U+202E, U+2066-U+2069)",
				  what);
	case TEXT_LINE:
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must be one line: no line or paragraph "
				  "separator (U+2028, U+2029)",
				  what);
	default:
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "%s must be UTF-8 text without control "
				  "characters",
				  what);
	}
}

/* Names go in keys, file-like listings and shell completions: letters,
 * digits, and . _ - inside, never first. */
berth_status berth_check_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > BERTH_NAME_MAX)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
			goto bad;
	}
	return BERTH_OK;
bad:
	return berth_fail(BERTH_INVALID_ARGUMENT,
			  "invalid name '%.80s': 1 to %d letters, digits, "
			  "'.', '_' or '-', starting with a letter or digit",
			  s, BERTH_NAME_MAX);
}

berth_status berth_check_attrs(const berth_attrs *a)
{
	berth_status st;

	if (a->n > 64)
		return berth_fail(BERTH_INVALID_ARGUMENT,
				  "at most 64 attributes");
	for (size_t i = 0; i < a->n; i++) {
		if ((st = berth_check_name(a->v[i].key)))
			return berth_fail(st, "invalid attribute name '%.80s'",
					  a->v[i].key);
		if ((st = berth_check_text("an attribute value", a->v[i].value)))
			return st;
	}
	return BERTH_OK;
}
