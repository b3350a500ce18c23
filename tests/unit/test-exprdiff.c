/* SPDX-License-Identifier: MIT */
/*
 * test-exprdiff: the padu side of the differential test of lib/expr
 * against sqlite3 (tests/gen/expr_diff.py writes the inputs, runs sqlite3
 * and compares; tests/sh/expr-diff.sh runs it in make check).
 *
 *   test-exprdiff ROWS EXPRS
 *
 * ROWS: a header line of NAME:AFFINITY (text, numeric, integer, real,
 * none) separated by tabs, then one line per row of hex-encoded fields
 * separated by tabs (an empty field is NULL).  EXPRS: one expression per
 * line.  For every expression and then every row, writes one line:
 *   N                      NULL
 *   I <integer>
 *   R <bits> <text>        REAL: its IEEE-754 bits as an unsigned
 *                          decimal, and expr_text (sqlite3's CAST AS TEXT)
 *   T <hex>                TEXT
 *   E <message>            the expression did not compile
 * Without arguments it prints nothing and exits 0 (the test runner runs
 * every test-* program).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, len = 0, got;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	do {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			if ((p = realloc(p, cap + 1)) == NULL) {
				perror("realloc");
				exit(2);
			}
		}
		got = fread(p + len, 1, cap - len, fp);
		len += got;
	} while (got > 0);
	fclose(fp);
	p[len] = '\0';
	*n = len;
	return p;
}

static int
hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
}

/* Split s at sep into at most max fields (in place); the count. */
static size_t
split(char *s, int sep, char **out, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *q = strchr(s, sep);
		if (n < max)
			out[n++] = s;
		if (q == NULL)
			return n;
		*q = '\0';
		s = q + 1;
	}
}

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		enum expr_affinity aff;
	} affs[] = {
		{ "text", EXPR_AFF_TEXT }, { "numeric", EXPR_AFF_NUMERIC },
		{ "integer", EXPR_AFF_INTEGER }, { "real", EXPR_AFF_REAL },
		{ "none", EXPR_AFF_NONE },
	};
	enum { MAXCOL = 64 };
	char *names[MAXCOL], *lines, *exprs, *line, *next, **rows = NULL;
	enum expr_affinity aff[MAXCOL];
	size_t nrows = 0, ncols, i, j, k, n, *lens = NULL;
	struct expr_columns cols;

	if (argc == 1)
		return 0;
	if (argc != 3) {
		fprintf(stderr, "usage: test-exprdiff ROWS EXPRS\n");
		return 2;
	}
	lines = slurp(argv[1], &n);
	next = strchr(lines, '\n');
	if (next == NULL)
		return 2;
	*next++ = '\0';
	ncols = split(lines, '\t', names, MAXCOL);
	for (i = 0; i < ncols; i++) {
		char *colon = strchr(names[i], ':');
		if (colon == NULL)
			return 2;
		*colon++ = '\0';
		for (k = 0; k < sizeof affs / sizeof *affs; k++)
			if (strcmp(colon, affs[k].name) == 0)
				aff[i] = affs[k].aff;
	}
	/* Rows: decode each field in place. */
	for (line = next; line && *line; line = next) {
		char *f[MAXCOL];
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (split(line, '\t', f, MAXCOL) != ncols)
			return 2;
		rows = realloc(rows, (nrows + 1) * ncols * sizeof *rows);
		lens = realloc(lens, (nrows + 1) * ncols * sizeof *lens);
		if (rows == NULL || lens == NULL)
			return 2;
		for (i = 0; i < ncols; i++) {
			size_t m = strlen(f[i]) / 2;
			for (j = 0; j < m; j++)
				f[i][j] = (char)(hexval(f[i][2 * j]) * 16 +
				    hexval(f[i][2 * j + 1]));
			rows[nrows * ncols + i] = f[i];
			lens[nrows * ncols + i] = m;
		}
		nrows++;
	}
	cols.name = (const char *const *)names;
	cols.aff = aff;
	cols.n = ncols;
	exprs = slurp(argv[2], &n);
	for (line = exprs; line && *line; line = next) {
		struct expr_error err;
		expr *e;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		e = expr_compile(line, strlen(line), &cols, "2025-03-01", &err);
		for (k = 0; k < nrows; k++) {
			struct expr_value v;
			char buf[64];
			const char *t;
			size_t tn;
			uint64_t bits;
			if (e == NULL) {
				printf("E %zu %s\n", err.offset, err.msg);
				continue;
			}
			if (expr_eval(e, rows + k * ncols, lens + k * ncols,
			    &v) < 0) {
				printf("E eval failed\n");
				continue;
			}
			switch (v.type) {
			case EXPR_NULL:
				printf("N\n");
				break;
			case EXPR_INTEGER:
				printf("I %lld\n", v.i);
				break;
			case EXPR_REAL:
				memcpy(&bits, &v.r, sizeof bits);
				t = expr_text(&v, buf, &tn);
				printf("R %llu %.*s\n",
				    (unsigned long long)bits, (int)tn, t);
				break;
			case EXPR_TEXT:
				putchar('T');
				putchar(' ');
				for (j = 0; j < v.n; j++)
					printf("%02x", (unsigned char)v.s[j]);
				putchar('\n');
				break;
			}
		}
		expr_free(e);
	}
	free(rows);
	free(lens);
	free(lines);
	free(exprs);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
