/* SPDX-License-Identifier: MIT */
/*
 * fuzz-expr: lib/expr, compiled and evaluated.
 *
 * The input is an expression, then, after a NUL byte, the row: the values
 * of the columns i t r n e d s b m (one of each affinity, as in
 * tests/unit/test-expr.c) separated by NUL bytes; missing values are
 * empty (NULL).  The expression is compiled against those columns with a
 * reference date for age(); when it compiles, it is evaluated twice (the
 * same answer both times), its columns used must be valid and in order,
 * and its value must print (expr_text) within the documented 64 bytes for
 * numbers.  A compile error must point inside the text.
 */
#include <stdint.h>
#include <string.h>

#include "expr.h"
#include "fuzz.h"

static const char *const names[] = { "i", "t", "r", "n", "e", "d", "s",
    "b", "m" };
static const enum expr_affinity affs[] = { EXPR_AFF_INTEGER, EXPR_AFF_TEXT,
    EXPR_AFF_REAL, EXPR_AFF_NUMERIC, EXPR_AFF_TEXT, EXPR_AFF_TEXT,
    EXPR_AFF_TEXT, EXPR_AFF_NONE, EXPR_AFF_INTEGER };
#define NCOL (sizeof names / sizeof *names)

static const struct expr_columns cols = { names, affs, NCOL };

static void
same_value(const struct expr_value *a, const struct expr_value *b)
{
	fuzz_check(a->type == b->type, "types %d and %d", a->type, b->type);
	switch (a->type) {
	case EXPR_NULL:
		break;
	case EXPR_INTEGER:
		fuzz_check(a->i == b->i, "%lld and %lld", a->i, b->i);
		break;
	case EXPR_REAL:
		fuzz_check(memcmp(&a->r, &b->r, sizeof a->r) == 0 ||
		    (a->r != a->r && b->r != b->r), "%.17g and %.17g", a->r,
		    b->r);
		break;
	case EXPR_TEXT:
		fuzz_check(a->n == b->n && (a->n == 0 ||
		    memcmp(a->s, b->s, a->n) == 0), "%s", "two texts");
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *p;
	char *f[NCOL], num[64], first[64];
	size_t len[NCOL], used[NCOL + 1], nused, i, tn;
	struct expr_value v, w;
	struct expr_error err;
	expr *e;
	int rc, rc2;

	p = memchr(s, '\0', size);
	if (p == NULL)
		p = end;
	e = expr_compile(s, (size_t)(p - s), &cols, "2025-03-01", &err);
	if (e == NULL) {
		fuzz_check(err.offset <= (size_t)(p - s), "offset %zu of %zu",
		    err.offset, (size_t)(p - s));
		fuzz_check(memchr(err.msg, '\0', sizeof err.msg) != NULL,
		    "%s", "message not terminated");
		return 0;
	}
	/* The row: NUL-separated values after the expression. */
	for (i = 0; i < NCOL; i++) {
		const char *q = p < end ? p + 1 : end;
		const char *z = q < end ? memchr(q, '\0', (size_t)(end - q)) :
		    NULL;
		if (z == NULL)
			z = end;
		f[i] = (char *)q;
		len[i] = (size_t)(z - q);
		p = z;
	}
	/* The fields must be NUL-terminated: copy them. */
	{
		static char row[NCOL][4096];
		for (i = 0; i < NCOL; i++) {
			if (len[i] >= sizeof row[i])
				len[i] = sizeof row[i] - 1;
			memcpy(row[i], f[i], len[i]);
			row[i][len[i]] = '\0';
			f[i] = row[i];
		}
	}
	nused = expr_columns_used(e, used, NCOL + 1);
	fuzz_check(nused <= NCOL, "%zu columns used", nused);
	for (i = 0; i < nused; i++)
		fuzz_check(used[i] < NCOL && (i == 0 || used[i - 1] < used[i]),
		    "column %zu used: %zu", i, used[i]);

	rc = expr_eval(e, f, len, &v);
	if (rc == 0) {
		const char *t = expr_text(&v, num, &tn);
		if (v.type == EXPR_INTEGER || v.type == EXPR_REAL)
			fuzz_check(tn < sizeof num && t == num, "number text of "
			    "%zu bytes", tn);
		memcpy(first, t, tn < sizeof first ? tn : sizeof first);
		(void)expr_true(&v);
		/* A text value may live in the expression's scratch: keep a
		 * copy of the first one's type and numbers only. */
		w = v;
		if (w.type == EXPR_TEXT)
			w.type = EXPR_NULL;
	}
	rc2 = expr_eval(e, f, len, &v);
	fuzz_check(rc == rc2, "evaluated %d, then %d", rc, rc2);
	if (rc == 0 && w.type != EXPR_NULL)
		same_value(&w, &v);
	expr_free(e);
	return 0;
}
