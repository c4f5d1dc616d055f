/* emit-csv.c - csv (RFC 4180) and tsv (the linear TSV convention: no
 * quoting, escapes instead). Only the row being built is held; the header
 * waits for the first record because its keys are the columns. */
#include "emit-private.h"

/* A row is put together in `line` and written with one fwrite: cell by
 * cell, a separator and a few bytes at a time, stdio's cost per call was
 * more than the bytes'. */
struct csv {
	emitter base;
	struct emit_cells cells;
	int tab;
	struct emit_buf line;
};

static struct emit_sink line_sink(struct csv *c)
{
	struct emit_sink s = {NULL, &c->line};
	return s;
}

static void write_line(struct csv *c)
{
	if (c->line.len)
		fwrite_unlocked(c->line.p, 1, c->line.len, c->base.out);
	c->line.len = 0;
}

/* UTF-8 repair only: quoting, not escaping, protects csv cells. */
static const char *const csv_esc[128] = {['"'] = "\"\""};

static const char *const tsv_esc[128] = {
    ['\t'] = "\\t",
    ['\n'] = "\\n",
    ['\r'] = "\\r",
    ['\\'] = "\\\\",
};

static int needs_quotes(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n')
			return 1;
	return 0;
}

static void put_cell(struct csv *c, const struct emit_sink *s, const char *p,
		     size_t n)
{
	int quote;

	if (c->tab) {
		emit_escape(s, p, n, tsv_esc, 0);
		return;
	}
	/* A lone empty cell would make a blank line, which readers take
	 * for no row at all. */
	quote = needs_quotes(p, n) || (n == 0 && c->cells.ncols == 1);
	if (quote)
		emit_putc(s, '"');
	emit_escape(s, p, n, csv_esc, 0);
	if (quote)
		emit_putc(s, '"');
}

static void csv_header(struct csv *c)
{
	struct emit_cells *cells = &c->cells;
	struct emit_sink s = line_sink(c);

	for (size_t i = 0; i < cells->ncols; i++) {
		if (i)
			emit_putc(&s, c->tab ? '\t' : ',');
		put_cell(c, &s, emit_buf_at(&cells->names, cells->name[i].off),
			 cells->name[i].len);
	}
	emit_puts(&s, c->tab ? "\n" : "\r\n");
}

static void csv_row(emitter *e)
{
	struct csv *c = (struct csv *)e;
	struct emit_cells *cells = &c->cells;
	struct emit_sink s = line_sink(c);
	const char *eol = c->tab ? "\n" : "\r\n";
	char sep = c->tab ? '\t' : ',';
	size_t i;

	if (!cells->ncols)
		return;
	if (cells->rows == 0)
		csv_header(c);
	for (i = 0; i < cells->ncols; i++) {
		struct emit_span *cell = &cells->cell[i];

		if (i)
			emit_putc(&s, sep);
		if (cell->off == EMIT_MISSING)
			put_cell(c, &s, "", 0);
		else
			put_cell(c, &s, emit_buf_at(&cells->text, cell->off),
				 cell->len);
	}
	emit_puts(&s, eol);
	write_line(c);
}

/* A list with no rows still says what its columns are, when the caller
 * gave a template. */
static void csv_finish(emitter *e)
{
	struct csv *c = (struct csv *)e;

	if (c->cells.rows == 0 && c->cells.ncols)
		csv_header(c);
	write_line(c);
}

static void csv_destroy(emitter *e)
{
	struct csv *c = (struct csv *)e;

	emit_cells_free(e->cells);
	emit_buf_free(&c->line);
}

static const struct emit_ops csv_ops = {
    .record_begin = emit_cells_record_begin,
    .record_end = emit_cells_record_end,
    .key = emit_cells_key,
    .string = emit_cells_string,
    .integer = emit_cells_integer,
    .boolean = emit_cells_boolean,
    .null = emit_cells_null,
    .map_begin = emit_cells_map_begin,
    .list_begin = emit_cells_list_begin,
    .end = emit_cells_end,
    .finish = csv_finish,
    .destroy = csv_destroy,
};

emitter *emit_csv_new(int tab)
{
	struct csv *c = emit_zalloc(sizeof *c);

	if (!c)
		return NULL;
	c->base.ops = &csv_ops;
	c->tab = tab;
	emit_buf_init(&c->line, &c->base.failed);
	emit_cells_init(&c->base, &c->cells, csv_row, "", 1);
	return &c->base;
}
