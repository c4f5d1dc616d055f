/* emit-formula.c - which csv and tsv cells a spreadsheet would run as a
 * formula, so that the emitter makes them inert with a leading ' (CSV
 * injection). Only those: a leading quote on a phone number or a signed
 * number would change the data for every reader that is not a spreadsheet.
 *
 * The rule: a cell runs when it starts with = or @, a tab or a carriage
 * return; or with + or - followed by anything but
 *   - a plain number: digits with an optional fraction (-5, +3.5, -.5), or
 *   - after + only, a phone number: digit groups parted by single spaces,
 *     hyphens or dots (+351912345678, +351 912 345 678, +1-555-0100).
 * What is left alone holds nothing but digits and those separators, so a
 * spreadsheet can at most read it as a number or as arithmetic on digits,
 * never call a function or another program (which needs a letter, a |,
 * a ! or a quote). A lone + or - is text. */
#include "emit-private.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits with an optional fraction, or a fraction alone, and nothing
 * after. */
static int plain_number(const char *p, size_t n)
{
	size_t i = 0, whole, frac = 0;

	while (i < n && digit(p[i]))
		i++;
	whole = i;
	if (i < n && p[i] == '.') {
		i++;
		while (i < n && digit(p[i]))
			i++, frac++;
		if (!frac)
			return 0;
	}
	return i == n && (whole || frac);
}

/* Groups of digits, each parted from the next by one space, hyphen or
 * dot; it starts and ends with a digit. */
static int phone_number(const char *p, size_t n)
{
	size_t i;

	if (!n || !digit(p[0]) || !digit(p[n - 1]))
		return 0;
	for (i = 1; i < n; i++)
		if (!digit(p[i]) && !digit(p[i - 1]))
			return 0;
		else if (!digit(p[i]) && p[i] != ' ' && p[i] != '-' &&
			 p[i] != '.')
			return 0;
	return 1;
}

int emit_runs_as_formula(const char *p, size_t n)
{
	if (!n)
		return 0;
	switch (p[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
		return 1;
	case '-':
		return n > 1 && !plain_number(p + 1, n - 1);
	case '+':
		return n > 1 && !plain_number(p + 1, n - 1) &&
		       !phone_number(p + 1, n - 1);
	default:
		return 0;
	}
}
