/* text_test.c - what stored text may hold (lib/text.c): every code point
 * of the planes that matter, encoded, against the rule written out here a
 * second way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "berth.h"
#include "unit.h"

static size_t utf8(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The rule: C0 and C1 controls and DEL, surrogates, bidi embeddings,
 * overrides and isolates, line and paragraph separators. */
static int refused(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0xd800 && cp <= 0xdfff) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* "a" CP "b": accepted or refused as the rule says, the refusal naming
 * what the text was, on one line. */
static void every_code_point(void)
{
	for (unsigned cp = 1; cp < 0x110000; cp++) {
		char s[8] = "a";
		size_t n = 1 + utf8(cp, s + 1);
		berth_status st;

		/* Not every code point: all of the first planes' first half,
		 * and a sample beyond, is plenty and stays fast. */
		if (cp >= 0x3000 && cp % 97)
			continue;
		s[n] = 'b';
		s[n + 1] = '\0';
		st = berth_check_text("customer", s);
		if (refused(cp))
			CHECK(st == BERTH_INVALID_ARGUMENT &&
				  strncmp(berth_message(), "customer ", 9) ==
				      0 &&
				  !strchr(berth_message(), '\n'),
			      "U+%04X: %s", cp, berth_message());
		else
			CHECK(st == BERTH_OK, "U+%04X refused: %s", cp,
			      berth_message());
	}
}

static void messages(void)
{
	CHECK(berth_check_text("customer", "a\xe2\x80\xae"
					   "b") &&
		  strstr(berth_message(), "bidirectional"),
	      "%s", berth_message());
	CHECK(berth_check_text("reason", "\xe2\x81\xa6") &&
		  strstr(berth_message(), "U+2066"),
	      "%s", berth_message());
	CHECK(berth_check_text("location", "a\xe2\x80\xa8"
					   "b") &&
		  strstr(berth_message(), "one line"),
	      "%s", berth_message());
	CHECK(berth_check_text("customer", "a\x1b[31m") &&
		  strstr(berth_message(), "control characters"),
	      "%s", berth_message());
}

/* Encodings that are not UTF-8 stay refused, bidi bytes included. */
static void malformed(void)
{
	static const char *const bad[] = {
	    "\xe2\x80",		/* cut short */
	    "\xe2\x80\xae\xe2", /* a refused one, then cut short */
	    "\xe0\x80\xae",	/* overlong */
	    "\xc0\xae",		/* overlong '.' */
	    "\xed\xa0\x80",	/* a surrogate */
	    "\xf4\x90\x80\x80", /* past U+10FFFF */
	    "\xff",
	    "\xc2\x85", /* NEL */
	};
	static const char *const good[] = {
	    "",
	    "\xd7\xa9\xd7\xa8\xd7\x94\xe2\x80\x8f 12",	/* Hebrew + RLM */
	    "\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9\xd8\x9c", /* Arabic + ALM */
	    "\xe2\x80\x8e"
	    "Ann",		/* LRM */
	    "\xf0\x9f\x8e\xb5", /* U+1F3B5 */
	    "\xf4\x8f\xbf\xbf", /* U+10FFFF */
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(berth_check_text("x", bad[i]) == BERTH_INVALID_ARGUMENT,
		      "bad[%zu]", i);
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(berth_check_text("x", good[i]) == BERTH_OK,
		      "good[%zu]: %s", i, berth_message());
}

int main(void)
{
	every_code_point();
	messages();
	malformed();
	printf("text: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
