/* SPDX-License-Identifier: MIT */
/* sniff: dialect detection (see sniff.h). */
#include <string.h>
#include <strings.h>

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

/* What a sample value looks like, for the header vote. */
enum kind { K_EMPTY, K_NUM, K_TEXT };

static enum kind
kind_of(const char *s, size_t n)
{
	size_t i, digits = 0;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return K_EMPTY;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!strchr("+-.,/: ", c) && !((c == 'E' || c == 'e') &&
		    i > 0 && i + 1 < n))
			return K_TEXT;
	}
	return digits ? K_NUM : K_TEXT;
}

#define MAXCOLS 256		/* columns voted on */

struct field {
	const char *p;		/* the value, outer quotes stripped */
	size_t n;
};

/*
 * Split the line at s[*pos..n) into fields (quotes honored, doubled
 * quotes left as they are: the vote needs only a rough value).  Returns
 * the number of fields (the first MAXCOLS kept in f), or -1 at the end of
 * the sample or when the line is cut by it.
 */
static int
split_line(const char *s, size_t n, size_t *pos, int eof, int delim,
    int quote, struct field *f)
{
	size_t i = *pos, start = i;
	int nf = 0, q = 0;

	if (i >= n)
		return -1;
	for (;; i++) {
		int end = i == n || (!q && (s[i] == '\n' || s[i] == '\r'));
		if (i == n && !eof)
			return -1;
		if (end || (!q && s[i] == delim)) {
			const char *p = s + start;
			size_t len = i - start;
			if (len >= 2 && p[0] == quote && p[len - 1] == quote) {
				p++;
				len -= 2;
			}
			if (nf < MAXCOLS) {
				f[nf].p = p;
				f[nf].n = len;
			}
			nf++;
			start = i + 1;
			if (end)
				break;
			continue;
		}
		if (s[i] == quote)
			q = !q;
	}
	if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		i++;
	*pos = i + 1;
	return nf;
}

/* The header vote (see sniff.h). */
static int
has_header(const char *s, size_t n, int eof, int delim, int quote)
{
	static struct field head[MAXCOLS], row[MAXCOLS];
	size_t pos = 0, j, ncol;
	size_t num[MAXCOLS], rows[MAXCOLS], len0[MAXCOLS];
	int lenvar[MAXCOLS], rep[MAXCOLS], nf, hn, lines, vote = 0;

	if ((nf = split_line(s, n, &pos, eof, delim, quote, head)) < 0)
		return 1;
	hn = nf;
	ncol = nf < MAXCOLS ? (size_t)nf : MAXCOLS;
	for (j = 0; j < ncol; j++) {
		if (kind_of(head[j].p, head[j].n) == K_NUM)
			return 0;
		num[j] = rows[j] = len0[j] = 0;
		lenvar[j] = rep[j] = 0;
	}
	for (lines = 1; lines < MAXLINES; lines++) {
		if ((nf = split_line(s, n, &pos, eof, delim, quote, row)) < 0)
			break;
		if (nf != hn)
			continue;	/* ragged: no vote */
		for (j = 0; j < ncol; j++) {
			enum kind k = kind_of(row[j].p, row[j].n);
			if (k == K_EMPTY)
				continue;
			rows[j]++;
			num[j] += k == K_NUM;
			if (rows[j] == 1)
				len0[j] = row[j].n;
			else if (row[j].n != len0[j])
				lenvar[j] = 1;
			if (row[j].n == head[j].n && head[j].n > 0 &&
			    strncasecmp(row[j].p, head[j].p, head[j].n) == 0)
				rep[j] = 1;
		}
	}
	for (j = 0; j < ncol; j++) {
		if (kind_of(head[j].p, head[j].n) == K_EMPTY || rows[j] == 0)
			continue;
		if (rep[j])
			vote--;
		else if (num[j] * 2 > rows[j])
			vote++;
		else if (!lenvar[j] && rows[j] > 1 && len0[j] != head[j].n)
			vote++;
	}
	return vote >= 0;
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
	out->header = has_header(s, n, eof, out->delim, out->quote);
	return 0;
}
