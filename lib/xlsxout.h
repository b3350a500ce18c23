/* SPDX-License-Identifier: MIT */
/*
 * xlsxout: XLSX workbooks written, through libxlsxwriter, behind a small
 * API of its own so that no other module includes <xlsxwriter.h> (lib/xlsx
 * reads XLSX; this writes it).  A workbook is a file; sheets are filled
 * cell by cell in any order and the file is written by xo_close.  Cells are
 * strings (plain or bold) or numbers (plain, or with a thousands format
 * that the spreadsheet shows in its own locale).  Nothing here prints or
 * exits: functions return 0 or -1.
 */
#ifndef PADU_XLSXOUT_H
#define PADU_XLSXOUT_H

typedef struct xo_book xo_book;
typedef struct xo_sheet xo_sheet;

/* The look of a cell. */
enum xo_style {
	XO_PLAIN = 0,		/* as it is */
	XO_BOLD = 1,		/* bold text (a header) */
	XO_THOUSANDS = 2	/* a whole number shown as #,##0 */
};

/* xo_open: a new workbook to be written to path, or NULL. */
xo_book *xo_open(const char *path);

/*
 * xo_add_sheet: a new sheet named name (at most 31 characters, none of
 * []:*?/\ ; the caller makes it so), or NULL.  It belongs to the book.
 */
xo_sheet *xo_add_sheet(xo_book *b, const char *name);

/* xo_string: write text s into row r, column c (from 0). 0 or -1. */
int xo_string(xo_sheet *s, unsigned r, unsigned c, const char *text,
    enum xo_style st);

/* xo_number: write the number v into row r, column c. 0 or -1. */
int xo_number(xo_sheet *s, unsigned r, unsigned c, double v,
    enum xo_style st);

/* xo_width: set the width of column c in characters. 0 or -1. */
int xo_width(xo_sheet *s, unsigned c, double width);

/* xo_freeze: freeze the rows above r and the columns left of c. */
void xo_freeze(xo_sheet *s, unsigned r, unsigned c);

/*
 * xo_close: write the file and free the book (also on failure).  0, or -1
 * when the file could not be written.
 */
int xo_close(xo_book *b);

#endif
