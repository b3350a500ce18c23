/* SPDX-License-Identifier: MIT */
/*
 * sniff: guess the dialect of a raw export from its first bytes, for
 * inputs that come without a source profile: the delimiter (',' ';' '|'
 * or tab), the quote character, the line ends, a byte order mark, and
 * whether the bytes are UTF-8.  The delimiter is the candidate that splits
 * the sample's lines (outside quotes) into the same number of fields most
 * consistently; ties go to the higher field count, then to the order
 * above.
 *
 * Whether the first line is a header is a vote over the columns, in the
 * spirit of Python's csv.Sniffer.has_header: a first-line value that is a
 * number, a code or a date ("3310012001", "21/06/1950", "1.250") is data,
 * so there is no header; a text value over a column of numbers, or of
 * values of one length that the first value does not share, votes for a
 * header; a first-line value repeated below it in its column votes
 * against.  No votes either way (one line, or text everywhere) means a
 * header, the common case.  Pure functions over a buffer: nothing is
 * read, printed or kept.
 */
#ifndef PADU_SNIFF_H
#define PADU_SNIFF_H

#include <stddef.h>

struct sniff {
	int delim;		/* ',' ';' '|' or '\t' */
	int quote;		/* '"', or '\'' when only that wraps fields */
	int crlf;		/* lines end in CRLF (else LF, or CR when cr) */
	int cr;			/* lines end in a lone CR */
	int bom;		/* starts with a UTF-8 byte order mark */
	int utf8;		/* the sample is valid UTF-8 (a cut tail ignored) */
	int nul;		/* the sample holds a NUL byte */
	int lines;		/* complete lines examined */
	int header;		/* the first line looks like a header */
};

/*
 * sniff_dialect: examine s[0..n) (the start of the input; eof tells that it
 * is the whole input) and fill *out.  Returns 0, or -1 when the sample
 * holds no line at all (empty input).
 */
int sniff_dialect(const char *s, size_t n, int eof, struct sniff *out);

#endif
