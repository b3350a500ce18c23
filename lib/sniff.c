/* SPDX-License-Identifier: MIT */
/* sniff: dialect detection (see sniff.h). */
#include <string.h>

#include "sniff.h"
#include "utf8.h"

#define MAXLINES 50		/* lines examined */

static const int cand[] = { ',', ';', '|', '\t' };
#define NCAND (int)(sizeof cand / sizeof cand[0])

/*
 * Count fields per line for every candidate at once, honoring '"' quotes
 * (a quoted line break does not end a line).  counts[c][l] is the number
 * of candidate c's delimiters on line l.
 */
static int
count_lines(const char *s, size_t n, int eof, int counts[NCAND][MAXLINES])
{
	int l = 0, q = 0, k, tally[NCAND] = { 0 };
	size_t i;

	for (i = 0; i < n && l < MAXLINES; i++) {
		char c = s[i];
		if (c == '"') {
			q = !q;
			continue;
		}
		if (q)
			continue;
		if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			for (k = 0; k < NCAND; k++) {
				counts[k][l] = tally[k];
				tally[k] = 0;
			}
			l++;
			continue;
		}
		for (k = 0; k < NCAND; k++)
			tally[k] += c == cand[k];
	}
	/* The whole input's last line may lack its line end. */
	if (eof && i == n && l < MAXLINES && i > 0 && s[n - 1] != '\n' &&
	    s[n - 1] != '\r') {
		for (k = 0; k < NCAND; k++)
			counts[k][l] = tally[k];
		l++;
	}
	return l;
}

int
sniff_dialect(const char *s, size_t n, int eof, struct sniff *out)
{
	int counts[NCAND][MAXLINES], lines, k, l, best = 0, best_agree = -1,
	    best_count = -1;
	size_t i, bad, dq = 0, sq = 0;

	memset(out, 0, sizeof *out);
	out->delim = ',';
	out->quote = '"';
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		out->bom = 1;
		s += 3;
		n -= 3;
	}
	out->nul = memchr(s, '\0', n) != NULL;
	out->utf8 = utf8_valid(s, n, &bad);
	if (!out->utf8 && !eof && n - bad < 4) {
		/* A multi-byte character cut by the sample's end is fine. */
		unsigned char c = (unsigned char)s[bad];
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (need && n - bad < need && utf8_valid(s, bad, NULL))
			out->utf8 = 1;
	}
	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r') {
			out->crlf = s[i] == '\r' && i + 1 < n && s[i + 1] == '\n';
			out->cr = s[i] == '\r' && !out->crlf &&
			    (i + 1 < n || eof);
			break;
		}
	lines = count_lines(s, n, eof, counts);
	out->lines = lines;
	if (lines == 0)
		return -1;
	for (k = 0; k < NCAND; k++) {
		int agree = 0, mode = counts[k][0];
		/* Agreement with the header's count: lines that match it. */
		for (l = 0; l < lines; l++)
			agree += counts[k][l] == mode;
		if (mode == 0)
			continue;
		if (agree > best_agree ||
		    (agree == best_agree && mode > best_count)) {
			best = k;
			best_agree = agree;
			best_count = mode;
		}
	}
	out->delim = cand[best];
	/* The quote: what wraps fields right after a delimiter or line start. */
	for (i = 0; i < n; i++) {
		int start = i == 0 || s[i - 1] == out->delim || s[i - 1] == '\n' ||
		    s[i - 1] == '\r';
		if (start && s[i] == '"')
			dq++;
		else if (start && s[i] == '\'')
			sq++;
	}
	if (dq == 0 && sq > 0)
		out->quote = '\'';
	return 0;
}
