/* common-import-csv.h - bookings from a spreadsheet (import --format csv): a
 * header row naming the fields, then one booking a row. */
#ifndef BERTH_IMPORT_CSV_H
#define BERTH_IMPORT_CSV_H

#include "common.h"

#define CSV_COLUMNS 32
typedef struct {
	size_t n;		  /* columns; 0 before the header */
	int field[CSV_COLUMNS];	  /* each column's field */
	char *names[CSV_COLUMNS]; /* as the header gave them */
} csv_header;

/* The header row: every name one of the fields berth-import(1) lists,
 * none twice, resource and start among them; anything else is refused
 * naming the column. */
berth_status csv_header_read(char *line, arena *a, csv_header *h);
/* The names copied out of the arena, which each group empties. */
berth_status csv_header_keep(csv_header *h);
void csv_header_free(csv_header *h);
/* One row as a booking to import: local times are read in its
 * resource's zone by the store (cv). */
berth_status csv_row_read(const csv_header *h, char *line, arena *a,
			  berth_xitem *it, berth_xcivil *cv);

#endif
