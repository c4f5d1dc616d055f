/* emit_test.c - exact output of every format for the cases that break
 * naive emitters. With --dump DIR it writes a tricky data set for
 * emit_check.py to read back with independent parsers. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit-private.h"
#include "emit.h"
#include "unit.h"

static void show(const char *label, const char *p, size_t n)
{
	size_t i;

	fprintf(stderr, "  %s: \"", label);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			fputs("\\n", stderr);
		else if (c == '\r')
			fputs("\\r", stderr);
		else if (c == '\t')
			fputs("\\t", stderr);
		else if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			putc(c, stderr);
	}
	fputs("\"\n", stderr);
}

typedef void (*filler)(emitter *e);

/* Runs fill against a fresh emitter and compares the bytes written. */
static void check_out(const char *file, int line, emit_format fmt, int is_list,
		      filler fill, const char *want, size_t wantlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	emitter *e;
	int rc = -1;

	if (f) {
		e = emit_open(fmt, f, is_list);
		if (e) {
			fill(e);
			rc = emit_close(e);
		}
		fclose(f);
	}
	if (rc == 0 && len == wantlen && memcmp(buf, want, len) == 0) {
		passed++;
	} else {
		failed++;
		fprintf(stderr,
			"%s:%d: output differs (format %d, list %d, "
			"rc %d)\n",
			file, line, (int)fmt, is_list, rc);
		show("want", want, wantlen);
		show("got ", buf ? buf : "", buf ? len : 0);
	}
	free(buf);
}

#define CHECK_OUT(fmt, is_list, fill, want)                                    \
	check_out(__FILE__, __LINE__, fmt, is_list, fill, want,                \
		  sizeof(want) - 1)

static void field_s(emitter *e, const char *k, const char *v)
{
	emit_key(e, k);
	emit_string(e, v);
}

static void field_i(emitter *e, const char *k, int64_t v)
{
	emit_key(e, k);
	emit_integer(e, v);
}

static void fill_none(emitter *e)
{
	(void)e;
}

static void fill_two(emitter *e)
{
	emit_record_begin(e);
	field_i(e, "id", 1);
	field_s(e, "name", "a");
	emit_record_end(e);
	emit_record_begin(e);
	field_i(e, "id", 2);
	field_s(e, "name", "b");
	emit_record_end(e);
}

static void fill_one(emitter *e)
{
	emit_record_begin(e);
	field_i(e, "id", 1);
	field_s(e, "name", "a");
	emit_record_end(e);
}

static void test_shapes(void)
{
	CHECK_OUT(FORMAT_JSON, 1, fill_none, "[]\n");
	CHECK_OUT(FORMAT_JSON, 1, fill_one,
		  "[\n{\"id\":1,\"name\":\"a\"}\n]\n");
	CHECK_OUT(
	    FORMAT_JSON, 1, fill_two,
	    "[\n{\"id\":1,\"name\":\"a\"},\n{\"id\":2,\"name\":\"b\"}\n]\n");
	CHECK_OUT(FORMAT_JSON, 0, fill_one, "{\"id\":1,\"name\":\"a\"}\n");
	CHECK_OUT(FORMAT_JSON, 0, fill_none, "");
	CHECK_OUT(FORMAT_JSONL, 1, fill_none, "");
	CHECK_OUT(FORMAT_JSONL, 1, fill_two,
		  "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n");
	CHECK_OUT(FORMAT_JSONL, 0, fill_one, "{\"id\":1,\"name\":\"a\"}\n");

	CHECK_OUT(FORMAT_CSV, 1, fill_none, "");
	CHECK_OUT(FORMAT_CSV, 1, fill_two, "id,name\r\n1,a\r\n2,b\r\n");
	CHECK_OUT(FORMAT_CSV, 0, fill_one, "id,name\r\n1,a\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_none, "");
	CHECK_OUT(FORMAT_TSV, 1, fill_two, "id\tname\n1\ta\n2\tb\n");
	CHECK_OUT(FORMAT_TSV, 0, fill_one, "id\tname\n1\ta\n");

	CHECK_OUT(FORMAT_TABLE, 1, fill_none, "");
	CHECK_OUT(FORMAT_TABLE, 0, fill_none, "");
	CHECK_OUT(FORMAT_TABLE, 1, fill_two, "id  name\n1   a\n2   b\n");
	CHECK_OUT(FORMAT_TABLE, 0, fill_one, "id    1\nname  a\n");
}

static void fill_escape(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "s", "q\"b\\n\nt\tr\rb\bf\f\x01\x1f\x7f/");
	emit_record_end(e);
}

static void fill_scalars(emitter *e)
{
	emit_record_begin(e);
	field_i(e, "min", INT64_MIN);
	field_i(e, "max", INT64_MAX);
	field_i(e, "zero", 0);
	emit_key(e, "t");
	emit_boolean(e, 1);
	emit_key(e, "f");
	emit_boolean(e, 0);
	emit_key(e, "n");
	emit_null(e);
	emit_key(e, "ns");
	emit_string(e, NULL);
	field_s(e, "e", "");
	emit_record_end(e);
}

static void test_escaping(void)
{
	CHECK_OUT(FORMAT_JSON, 0, fill_escape,
		  "{\"s\":\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\f\\u0001\\u001f"
		  "\\u007f/\"}\n");
	CHECK_OUT(FORMAT_CSV, 0, fill_escape,
		  "s\r\n\"q\"\"b\\n\nt\tr\rb\bf\f\x01\x1f\x7f/\"\r\n");
	CHECK_OUT(FORMAT_TSV, 0, fill_escape,
		  "s\nq\"b\\\\n\\nt\\tr\\rb\bf\f\x01\x1f\x7f/\n");
	CHECK_OUT(FORMAT_TABLE, 0, fill_escape,
		  "s  q\"b\\n\\nt\\tr\\rb\\x08f\\x0c\\x01\\x1f\\x7f/\n");

	CHECK_OUT(FORMAT_JSON, 0, fill_scalars,
		  "{\"min\":-9223372036854775808,\"max\":9223372036854775807,"
		  "\"zero\":0,\"t\":true,\"f\":false,\"n\":null,\"ns\":null,"
		  "\"e\":\"\"}\n");
	CHECK_OUT(
	    FORMAT_CSV, 1, fill_scalars,
	    "min,max,zero,t,f,n,ns,e\r\n"
	    "-9223372036854775808,9223372036854775807,0,true,false,,,\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_scalars,
		  "min\tmax\tzero\tt\tf\tn\tns\te\n"
		  "-9223372036854775808\t9223372036854775807\t0\ttrue\tfalse"
		  "\t\t\t\n");
	CHECK_OUT(FORMAT_TABLE, 0, fill_scalars,
		  "min   -9223372036854775808\n"
		  "max   9223372036854775807\n"
		  "zero  0\n"
		  "t     true\n"
		  "f     false\n"
		  "n     -\n"
		  "ns    -\n"
		  "e     -\n"); /* empty text reads as null: "-" */
}

static void fill_nested(emitter *e)
{
	emit_record_begin(e);
	field_i(e, "id", 1);
	emit_key(e, "tags");
	emit_list_begin(e);
	emit_string(e, "a");
	emit_string(e, "b c");
	emit_integer(e, -3);
	emit_boolean(e, 1);
	emit_null(e);
	emit_end(e);
	emit_key(e, "meta");
	emit_map_begin(e);
	field_s(e, "k", "v\"");
	emit_key(e, "n");
	emit_list_begin(e);
	emit_integer(e, 1);
	emit_integer(e, 2);
	emit_end(e);
	emit_key(e, "m");
	emit_map_begin(e);
	emit_end(e);
	emit_end(e);
	emit_key(e, "deep");
	emit_list_begin(e);
	emit_list_begin(e);
	emit_string(e, "x");
	emit_end(e);
	emit_map_begin(e);
	field_i(e, "y", 1);
	emit_end(e);
	emit_end(e);
	emit_key(e, "empty");
	emit_list_begin(e);
	emit_end(e);
	field_s(e, "last", "z");
	emit_record_end(e);
}

static void test_nested(void)
{
	CHECK_OUT(
	    FORMAT_JSON, 0, fill_nested,
	    "{\"id\":1,\"tags\":[\"a\",\"b c\",-3,true,null],"
	    "\"meta\":{\"k\":\"v\\\"\",\"n\":[1,2],\"m\":{}},"
	    "\"deep\":[[\"x\"],{\"y\":1}],\"empty\":[],\"last\":\"z\"}\n");
	CHECK_OUT(
	    FORMAT_JSONL, 1, fill_nested,
	    "{\"id\":1,\"tags\":[\"a\",\"b c\",-3,true,null],"
	    "\"meta\":{\"k\":\"v\\\"\",\"n\":[1,2],\"m\":{}},"
	    "\"deep\":[[\"x\"],{\"y\":1}],\"empty\":[],\"last\":\"z\"}\n");
	CHECK_OUT(
	    FORMAT_CSV, 1, fill_nested,
	    "id,tags,meta,deep,empty,last\r\n"
	    "1,\"a,b c,-3,true,\","
	    "\"{\"\"k\"\":\"\"v\\\"\"\"\",\"\"n\"\":[1,2],\"\"m\"\":{}}\","
	    "\"[[\"\"x\"\"],{\"\"y\"\":1}]\",,z\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_nested,
		  "id\ttags\tmeta\tdeep\tempty\tlast\n"
		  "1\ta,b c,-3,true,\t"
		  "{\"k\":\"v\\\\\"\",\"n\":[1,2],\"m\":{}}\t"
		  "[[\"x\"],{\"y\":1}]\t\tz\n");
	CHECK_OUT(FORMAT_TABLE, 0, fill_nested,
		  "id     1\n"
		  "tags   a,b c,-3,true,-\n"
		  "meta   {\"k\":\"v\\\"\",\"n\":[1,2],\"m\":{}}\n"
		  "deep   [[\"x\"],{\"y\":1}]\n"
		  "empty  -\n"
		  "last   z\n");
}

static void fill_inert(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "eq", "=SUM(A1)");
	field_s(e, "plus", "+1");
	field_s(e, "minus", "-x");
	field_s(e, "at", "@cmd");
	field_s(e, "tab", "\tx");
	field_s(e, "cr", "\rx");
	field_s(e, "mid", "a=b");
	field_i(e, "neg", -5);
	emit_key(e, "l1");
	emit_list_begin(e);
	emit_string(e, "=a");
	emit_string(e, "b");
	emit_end(e);
	emit_key(e, "l2");
	emit_list_begin(e);
	emit_integer(e, -5);
	emit_string(e, "=x");
	emit_end(e);
	emit_record_end(e);
}

static void test_inert(void)
{
	CHECK_OUT(FORMAT_CSV, 1, fill_inert,
		  "eq,plus,minus,at,tab,cr,mid,neg,l1,l2\r\n"
		  "'=SUM(A1),+1,'-x,'@cmd,'\tx,\"'\rx\",a=b,-5,\"'=a,b\","
		  "\"-5,=x\"\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_inert,
		  "eq\tplus\tminus\tat\ttab\tcr\tmid\tneg\tl1\tl2\n"
		  "'=SUM(A1)\t+1\t'-x\t'@cmd\t'\\tx\t'\\rx\ta=b\t-5\t'=a,b\t"
		  "-5,=x\n");
	/* People read the table; nothing there runs formulas. */
	CHECK_OUT(FORMAT_TABLE, 1, fill_inert,
		  "eq        plus  minus  at    tab  cr   mid  neg  l1    l2\n"
		  "=SUM(A1)  +1    -x     @cmd  \\tx  \\rx  a=b  -5   =a,b  "
		  "-5,=x\n");
	CHECK_OUT(FORMAT_JSON, 0, fill_inert,
		  "{\"eq\":\"=SUM(A1)\",\"plus\":\"+1\",\"minus\":\"-x\","
		  "\"at\":\"@cmd\",\"tab\":\"\\tx\",\"cr\":\"\\rx\","
		  "\"mid\":\"a=b\",\"neg\":-5,\"l1\":[\"=a\",\"b\"],"
		  "\"l2\":[-5,\"=x\"]}\n");
}

static void fill_utf8(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "ok", "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80");
	field_s(e, "overlong", "<\xc0\xaf>");
	field_s(e, "overlong3", "<\xe0\x80\xaf>");
	field_s(e, "surrogate", "<\xed\xa0\x80>");
	field_s(e, "big", "<\xf4\x90\x80\x80>");
	field_s(e, "lead", "<\xff\xfe>");
	field_s(e, "cont", "<\x80>");
	field_s(e, "trunc", "<\xe2\x82>");
	field_s(e, "end", "\xf0\x9f\x98");
	emit_key(e, "bad\xff");
	emit_integer(e, 1);
	emit_record_end(e);
}

#define R "\xef\xbf\xbd"

static void test_utf8(void)
{
	CHECK_OUT(FORMAT_JSON, 0, fill_utf8,
		  "{\"ok\":\"caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80\","
		  "\"overlong\":\"<" R R ">\","
		  "\"overlong3\":\"<" R R R ">\","
		  "\"surrogate\":\"<" R R R ">\","
		  "\"big\":\"<" R R R R ">\","
		  "\"lead\":\"<" R R ">\","
		  "\"cont\":\"<" R ">\","
		  "\"trunc\":\"<" R ">\","
		  "\"end\":\"" R "\","
		  "\"bad" R "\":1}\n");
	CHECK_OUT(FORMAT_CSV, 1, fill_utf8,
		  "ok,overlong,overlong3,surrogate,big,lead,cont,trunc,end,"
		  "bad" R "\r\n"
		  "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80,<" R R ">,"
		  "<" R R R ">,<" R R R ">,<" R R R R ">,<" R R ">,<" R ">,"
		  "<" R ">," R ",1\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_utf8,
		  "ok\toverlong\toverlong3\tsurrogate\tbig\tlead\tcont\ttrunc"
		  "\tend\tbad" R "\n"
		  "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80\t<" R R ">\t"
		  "<" R R R ">\t<" R R R ">\t<" R R R R ">\t<" R R ">\t<" R
		  ">\t<" R ">\t" R "\t1\n");
}

static void fill_align(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "name", "caf\xc3\xa9");
	field_i(e, "qty", 1);
	field_s(e, "note", "\xe2\x98\x95 hot");
	emit_record_end(e);
	emit_record_begin(e);
	field_s(e, "name", "x");
	field_i(e, "qty", 100);
	emit_key(e, "note");
	emit_null(e);
	emit_record_end(e);
	emit_record_begin(e);
	field_s(e, "name",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7"
		"\xe3\x81\x99");
	field_i(e, "qty", 2);
	field_s(e, "note", "");
	emit_record_end(e);
}

static void fill_c1(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "s",
		"a\xc2\x9b"
		"b\xc2\xa0"
		"c\x1b[31m");
	emit_record_end(e);
}

static void test_table(void)
{
	CHECK_OUT(FORMAT_TABLE, 1, fill_align,
		  "name        qty  note\n"
		  "caf\xc3\xa9        1    \xe2\x98\x95 hot\n"
		  "x           100  -\n"
		  "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7\xe3\x81\x99"
		  "  2    -\n");
	CHECK_OUT(FORMAT_TABLE, 0, fill_c1,
		  "s  a\\u009bb\xc2\xa0"
		  "c\\x1b[31m\n");
	CHECK_OUT(FORMAT_JSON, 0, fill_c1,
		  "{\"s\":\"a\xc2\x9b"
		  "b\xc2\xa0"
		  "c\\u001b[31m\"}\n");
}

/* Later records with other keys: the first record's columns rule. */
static void fill_ragged(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "a", "1");
	field_s(e, "b", "2");
	field_s(e, "c", "3");
	emit_record_end(e);
	emit_record_begin(e);
	field_s(e, "c", "33");
	field_s(e, "x", "dropped");
	field_s(e, "a", "11");
	emit_key(e, "y");
	emit_list_begin(e);
	emit_string(e, "gone");
	emit_end(e);
	emit_record_end(e);
	emit_record_begin(e);
	emit_record_end(e);
}

static void test_ragged(void)
{
	CHECK_OUT(FORMAT_CSV, 1, fill_ragged,
		  "a,b,c\r\n1,2,3\r\n11,,33\r\n,,\r\n");
	CHECK_OUT(FORMAT_TSV, 1, fill_ragged,
		  "a\tb\tc\n1\t2\t3\n11\t\t33\n\t\t\n");
	CHECK_OUT(FORMAT_TABLE, 1, fill_ragged,
		  "a   b  c\n1   2  3\n11  -  33\n-   -  -\n"); /* missing: - */
	CHECK_OUT(
	    FORMAT_JSONL, 1, fill_ragged,
	    "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}\n"
	    "{\"c\":\"33\",\"x\":\"dropped\",\"a\":\"11\",\"y\":[\"gone\"]}\n"
	    "{}\n");
}

static void fill_single_col(emitter *e)
{
	emit_record_begin(e);
	field_s(e, "only", "");
	emit_record_end(e);
	emit_record_begin(e);
	field_s(e, "only", "v");
	emit_record_end(e);
}

static void test_csv_corners(void)
{
	/* A bare empty line would read back as no row. */
	CHECK_OUT(FORMAT_CSV, 1, fill_single_col, "only\r\n\"\"\r\nv\r\n");
}

static int run_misuse(emit_format fmt, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	emitter *e = emit_open(fmt, f, 1);
	int rc, i;

	emit_string(e, "outside");
	emit_end(e);
	emit_record_begin(e);
	emit_string(e, "no key");
	emit_key(e, "a");
	emit_key(e, "b");
	emit_integer(e, 1);
	emit_record_begin(e);
	emit_key(e, "deep");
	for (i = 0; i < EMIT_MAX_DEPTH + 10; i++)
		emit_list_begin(e);
	emit_string(e, "bottom");
	for (i = 0; i < EMIT_MAX_DEPTH + 10; i++)
		emit_end(e);
	emit_key(e, "open");
	emit_map_begin(e);
	emit_key(e, "k");
	rc = emit_close(e);
	fclose(f);
	return rc;
}

static void test_misuse(void)
{
	static const emit_format fmts[] = {
	    FORMAT_TABLE, FORMAT_JSON, FORMAT_JSONL, FORMAT_CSV, FORMAT_TSV};
	const char *head = "[\n{\"a\":null,\"b\":1,\"deep\":[[[[";
	const char *tail = "]]]],\"open\":{\"k\":null}}\n]\n";
	char *buf;
	size_t len, i;

	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		buf = NULL;
		CHECK(run_misuse(fmts[i], &buf, &len) == -1);
		free(buf);
	}
	/* Even after misuse the json stays well-formed. */
	buf = NULL;
	run_misuse(FORMAT_JSON, &buf, &len);
	CHECK(buf && len >= strlen(head) &&
	      strncmp(buf, head, strlen(head)) == 0);
	CHECK(buf && len >= strlen(tail) &&
	      strcmp(buf + len - strlen(tail), tail) == 0);
	free(buf);

	CHECK(emit_close(NULL) == -1);
	emit_record_begin(NULL);
	emit_key(NULL, "k");
	emit_string(NULL, "v");
	emit_end(NULL);
	CHECK(emit_open(FORMAT_JSON, NULL, 1) == NULL);
	CHECK(emit_open((emit_format)99, stdout, 1) == NULL);
}

static void test_parse(void)
{
	emit_format f = FORMAT_TABLE;

	CHECK(emit_parse_format("json", &f) == 0 && f == FORMAT_JSON);
	CHECK(emit_parse_format("jsonl", &f) == 0 && f == FORMAT_JSONL);
	CHECK(emit_parse_format("csv", &f) == 0 && f == FORMAT_CSV);
	CHECK(emit_parse_format("tsv", &f) == 0 && f == FORMAT_TSV);
	CHECK(emit_parse_format("table", &f) == 0 && f == FORMAT_TABLE);
	f = FORMAT_CSV;
	CHECK(emit_parse_format("JSON", &f) == -1 && f == FORMAT_CSV);
	CHECK(emit_parse_format("", &f) == -1);
	CHECK(emit_parse_format("js", &f) == -1);
	CHECK(emit_parse_format("jsonlx", &f) == -1);
	CHECK(emit_parse_format(NULL, &f) == -1);
}

static void check_error(const char *file, int line, emit_format fmt,
			const char *code, const char *msg, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	emit_error(fmt, f, code, msg, NULL);
	fclose(f);
	if (buf && strcmp(buf, want) == 0) {
		passed++;
	} else {
		failed++;
		fprintf(stderr, "%s:%d: error line differs\n", file, line);
		show("want", want, strlen(want));
		show("got ", buf ? buf : "", buf ? len : 0);
	}
	free(buf);
}

#define CHECK_ERROR(fmt, code, msg, want)                                      \
	check_error(__FILE__, __LINE__, fmt, code, msg, want)

static void test_error(void)
{
	const char *msg = "no resource \"r\\1\"\nsee\tlog\x1b\xff";

	CHECK_ERROR(FORMAT_TABLE, "NOT_FOUND", msg,
		    "berth: NOT_FOUND: no resource \"r\\1\"\\nsee\\tlog\\x1b" R
		    "\n");
	CHECK_ERROR(FORMAT_CSV, "NOT_FOUND", "gone",
		    "berth: NOT_FOUND: gone\n");
	CHECK_ERROR(FORMAT_TSV, "IO_ERROR", "", "berth: IO_ERROR: \n");
	CHECK_ERROR(FORMAT_JSON, "NOT_FOUND", msg,
		    "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":"
		    "\"no resource \\\"r\\\\1\\\"\\nsee\\tlog\\u001b" R
		    "\",\"details\":{}}}\n");
	CHECK_ERROR(FORMAT_JSONL, "SEAT_TAKEN", "seat 4A",
		    "{\"error\":{\"code\":\"SEAT_TAKEN\",\"message\":"
		    "\"seat 4A\",\"details\":{}}}\n");
	CHECK_ERROR(FORMAT_JSON, NULL, NULL,
		    "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"\","
		    "\"details\":{}}}\n");
}

/* Details recorded by the library come out as the error's "details",
 * nested and escaped by the json emitter; the person's line is unchanged,
 * and a new failure forgets the last one's details. */
static void test_error_details(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	berth_details d;
	const char *want =
	    "{\"error\":{\"code\":\"SEAT_TAKEN\",\"message\":\"seat 3\","
	    "\"details\":{\"resource\":\"hall\\n\",\"seats\":[3,4],"
	    "\"claims\":[{\"seat\":3,\"id\":\"b1\"}],\"next\":null}}}\n";

	berth_fail(BERTH_SEAT_TAKEN, "seat 3");
	berth_detail_str("resource", "hall\n");
	berth_detail_begin(DETAIL_LIST, "seats");
	berth_detail_int(NULL, 3);
	berth_detail_int(NULL, 4);
	berth_detail_end();
	berth_detail_begin(DETAIL_LIST, "claims");
	berth_detail_begin(DETAIL_MAP, NULL);
	berth_detail_int("seat", 3);
	berth_detail_str("id", "b1");
	berth_detail_end();
	berth_detail_end();
	berth_detail_null("next");
	d = berth_details_get();
	emit_error(FORMAT_JSON, f, "SEAT_TAKEN", "seat 3", &d);
	fclose(f);
	CHECK(buf && strcmp(buf, want) == 0);
	if (buf && strcmp(buf, want))
		fprintf(stderr, "got %s", buf);
	free(buf);
	CHECK_ERROR(FORMAT_TABLE, "SEAT_TAKEN", "seat 3",
		    "berth: SEAT_TAKEN: seat 3\n");
	berth_fail(BERTH_NOT_FOUND, "gone");
	CHECK(berth_details_get().n == 0);
	berth_detail_option(BERTH_NOT_FOUND, "--at", "x");
	CHECK(berth_details_get().n == 2);
	berth_clear();
	CHECK(berth_details_get().n == 0);
}

static void test_dev_full(void)
{
	static const emit_format fmts[] = {
	    FORMAT_TABLE, FORMAT_JSON, FORMAT_JSONL, FORMAT_CSV, FORMAT_TSV};
	size_t i;

	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		FILE *f = fopen("/dev/full", "w");
		emitter *e;

		CHECK(f != NULL);
		if (!f)
			return;
		e = emit_open(fmts[i], f, 1);
		CHECK(e != NULL);
		fill_nested(e);
		CHECK(emit_close(e) == -1);
		fclose(f);
	}
}

/* Fails each allocation in turn: the emitter must neither crash nor leak
 * (the sanitizer build checks the latter) and must report the failure. */
static void test_alloc_failure(void)
{
	static const emit_format fmts[] = {FORMAT_TABLE, FORMAT_JSON,
					   FORMAT_CSV, FORMAT_TSV};
	size_t i;
	long n;

	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		int done = 0, right = 1;

		for (n = 1; n < 1000 && !done; n++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			emitter *e;
			int k, rc, fired;

			emit_test_fail_alloc = n;
			e = emit_open(fmts[i], f, 1);
			for (k = 0; k < 40; k++) {
				fill_nested(e);
				fill_align(e);
			}
			rc = emit_close(e);
			fired = emit_test_fail_alloc == 0;
			emit_test_fail_alloc = 0;
			/* Past the last allocation the countdown never
			 * fires and the run must succeed. */
			if (fired != (rc == -1))
				right = 0;
			done = !fired;
			fclose(f);
			free(buf);
		}
		CHECK(done);
		CHECK(right);
	}
}

static const char *const tricky[] = {
    "plain",
    "a,b",
    "say \"hi\"",
    "line1\nline2",
    "cr\r\nlf",
    "=SUM(A1)",
    "+1",
    "-x",
    "@cmd",
    "caf\xc3\xa9 \xe2\x98\x95",
    "tab\there",
    "\tlead",
    "\rlead",
    "back\\slash",
    "",
    " spaced ",
    "'quoted",
    "bad\xff"
    "utf8\xe2\x82"
    "A",
    "ctl\x01\x1f\x7f",
    "\\n literally",
    "+351912345678",
    "+351 912 345 678",
    "+1-555-0100",
    "-2+3",
    "-5",
    "+3.5",
    "+cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://x\",\"y\")",
    "-",
    "+1--2",
};

static void fill_tricky(emitter *e)
{
	size_t i;

	for (i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
		emit_record_begin(e);
		field_i(e, "id", (int64_t)i);
		field_s(e, "text", tricky[i]);
		field_i(e, "neg", -(int64_t)i - 1);
		emit_key(e, "list");
		emit_list_begin(e);
		emit_string(e, tricky[i]);
		emit_string(e, "x");
		emit_integer(e, (int64_t)i);
		emit_end(e);
		emit_key(e, "map");
		emit_map_begin(e);
		field_s(e, "s", tricky[i]);
		emit_key(e, "n");
		emit_list_begin(e);
		emit_integer(e, (int64_t)i);
		emit_end(e);
		emit_end(e);
		emit_key(e, "flag");
		emit_boolean(e, (int)(i % 2));
		emit_key(e, "none");
		emit_null(e);
		emit_record_end(e);
	}
}

static int dump(const char *dir)
{
	static const struct {
		const char *name;
		emit_format fmt;
	} outs[] = {
	    {"out.json", FORMAT_JSON},
	    {"out.jsonl", FORMAT_JSONL},
	    {"out.csv", FORMAT_CSV},
	    {"out.tsv", FORMAT_TSV},
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof outs / sizeof outs[0]; i++) {
		FILE *f;
		emitter *e;

		snprintf(path, sizeof path, "%s/%s", dir, outs[i].name);
		f = fopen(path, "wb");
		if (!f) {
			fprintf(stderr, "emit_test: %s: %s\n", path,
				strerror(errno));
			return 1;
		}
		e = emit_open(outs[i].fmt, f, 1);
		fill_tricky(e);
		if (emit_close(e) != 0 || fclose(f) != 0) {
			fprintf(stderr, "emit_test: %s: write failed\n", path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--dump") == 0)
		return dump(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: emit_test [--dump DIR]\n");
		return 2;
	}
	test_shapes();
	test_escaping();
	test_nested();
	test_inert();
	test_utf8();
	test_table();
	test_ragged();
	test_csv_corners();
	test_misuse();
	test_parse();
	test_error();
	test_error_details();
	test_dev_full();
	test_alloc_failure();
	printf("emit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
