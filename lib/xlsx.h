/* SPDX-License-Identifier: MIT */
/*
 * xlsx: one sheet of an Excel workbook (.xlsx, Office Open XML) read as a
 * stream of records, the way csvio reads a CSV file.
 *
 * The workbook is a zip archive (libzip) of XML parts (expat).  The sheet
 * is found by name through xl/workbook.xml and the relationships in
 * xl/_rels/workbook.xml.rels, never by guessing sheetN.xml.  The shared
 * strings (xl/sharedStrings.xml) are loaded into memory once, when the
 * workbook is opened: memory is O(number and size of the shared strings).
 * The sheet itself is parsed incrementally, one 64 KB chunk of the
 * decompressed part at a time, and its rows are handed out one by one, so
 * memory does not grow with the number of rows.
 *
 * A row becomes a record of text fields, one per column up to its last
 * cell with a value; missing cells before it are empty fields, and empty
 * cells after it (a formatted blank) are dropped.  A row without values,
 * and a row missing from the XML, is no record, like a blank CSV line; the
 * record number still tells the spreadsheet row (row 1 is record 0, so that
 * with a header row the numbering is padu's).  Values are the text the
 * workbook stores, never reformatted: a number is its <v> text
 * ("3.3101141078E+15", "1250000", a date serial "45292"), a boolean TRUE or
 * FALSE, an error its code ("#N/A"), a string its characters with the
 * _xHHHH_ escapes of Office decoded (_x000D_ is CR).
 *
 * Messages name the file, and the sheet and cell, or the part with line and
 * column for XML errors:
 *     p3ke.xlsx: no sheet named 'Keluarga' (sheets: 'Sheet1', 'Individu')
 *     p3ke.xlsx: sheet 'Individu', cell B3: shared string 40 out of range
 *     p3ke.xlsx: xl/worksheets/sheet1.xml:2:318: mismatched tag
 * Nothing here prints or exits.
 */
#ifndef PADU_XLSX_H
#define PADU_XLSX_H

#include <stddef.h>

#include "csvio.h"

typedef struct xlsx xlsx;

/*
 * xlsx_open: open the workbook at path (a file: a zip archive cannot be
 * read from a pipe) and the sheet named sheet, or the first sheet in
 * workbook order when sheet is NULL; names are compared exactly.  Loads the
 * shared strings.  Returns the reader, or NULL with *err set to a malloc'd
 * message that names the file (NULL only when out of memory); err may be
 * NULL.
 */
xlsx *xlsx_open(const char *path, const char *sheet, char **err);

/*
 * xlsx_read: the next non-empty row of the sheet into *rec: rec->n fields
 * f[i] of len[i] bytes, each NUL-terminated (they may hold NUL bytes when
 * the workbook says _x0000_), rec->num the spreadsheet row number minus 1,
 * rec->bad NULL.  The memory belongs to the reader and stays valid until
 * the next call.  Returns CSVIO_OK, CSVIO_EOF, or CSVIO_ERR (malformed XML,
 * a bad cell, a read or memory error; see xlsx_strerror), which is sticky:
 * the rows before the error are all handed out first.
 */
int xlsx_read(xlsx *x, struct csvio_rec *rec);

/* xlsx_strerror: the message for the last CSVIO_ERR, naming the file. */
const char *xlsx_strerror(const xlsx *x);

/* xlsx_nsheets: the number of sheets in the workbook. */
size_t xlsx_nsheets(const xlsx *x);

/* xlsx_sheet_name: the name of sheet i (from 0, workbook order). */
const char *xlsx_sheet_name(const xlsx *x, size_t i);

/* xlsx_close: close the workbook and free the reader. NULL is a no-op. */
void xlsx_close(xlsx *x);

#endif
