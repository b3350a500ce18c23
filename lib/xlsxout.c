/* SPDX-License-Identifier: MIT */
/*
 * xlsxout: XLSX writing on libxlsxwriter; see xlsxout.h.  A book is
 * libxlsxwriter's workbook with the two formats padu uses, made once; a
 * sheet is its worksheet and a pointer back to the book's formats.
 */
#include <stdlib.h>

#include <xlsxwriter.h>

#include "xlsxout.h"

struct xo_sheet {
	struct xo_book *book;	/* the book the sheet belongs to */
	lxw_worksheet *ws;	/* libxlsxwriter's sheet */
	xo_sheet *next;		/* the book's other sheets, to free */
};

struct xo_book {
	lxw_workbook *wb;	/* the workbook */
	lxw_format *bold;	/* XO_BOLD */
	lxw_format *thousands;	/* XO_THOUSANDS */
	xo_sheet *sheets;	/* its sheets, freed by xo_close */
};

static lxw_format *
style(const xo_sheet *s, enum xo_style st)
{
	switch (st) {
	case XO_BOLD:
		return s->book->bold;
	case XO_THOUSANDS:
		return s->book->thousands;
	case XO_PLAIN:
		break;
	}
	return NULL;
}

xo_book *
xo_open(const char *path)
{
	xo_book *b = calloc(1, sizeof *b);

	if (b == NULL)
		return NULL;
	if ((b->wb = workbook_new(path)) == NULL) {
		free(b);
		return NULL;
	}
	b->bold = workbook_add_format(b->wb);
	b->thousands = workbook_add_format(b->wb);
	if (b->bold == NULL || b->thousands == NULL) {
		workbook_close(b->wb);
		free(b);
		return NULL;
	}
	format_set_bold(b->bold);
	format_set_text_wrap(b->bold);
	format_set_num_format(b->thousands, "#,##0");
	return b;
}

xo_sheet *
xo_add_sheet(xo_book *b, const char *name)
{
	xo_sheet *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	if ((s->ws = workbook_add_worksheet(b->wb, name)) == NULL) {
		free(s);
		return NULL;
	}
	s->book = b;
	s->next = b->sheets;
	b->sheets = s;
	return s;
}

int
xo_string(xo_sheet *s, unsigned r, unsigned c, const char *text,
    enum xo_style st)
{
	return worksheet_write_string(s->ws, r, (lxw_col_t)c, text,
	    style(s, st)) == LXW_NO_ERROR ? 0 : -1;
}

int
xo_number(xo_sheet *s, unsigned r, unsigned c, double v, enum xo_style st)
{
	return worksheet_write_number(s->ws, r, (lxw_col_t)c, v,
	    style(s, st)) == LXW_NO_ERROR ? 0 : -1;
}

int
xo_width(xo_sheet *s, unsigned c, double width)
{
	return worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, width,
	    NULL) == LXW_NO_ERROR ? 0 : -1;
}

void
xo_freeze(xo_sheet *s, unsigned r, unsigned c)
{
	worksheet_freeze_panes(s->ws, r, (lxw_col_t)c);
}

int
xo_close(xo_book *b)
{
	lxw_error e = workbook_close(b->wb);
	xo_sheet *s, *next;

	for (s = b->sheets; s; s = next) {
		next = s->next;
		free(s);
	}
	free(b);
	return e == LXW_NO_ERROR ? 0 : -1;
}
