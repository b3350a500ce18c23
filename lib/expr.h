/* SPDX-License-Identifier: MIT */
/*
 * expr: padu's expression language -- a subset of SQL expressions with
 * SQLite's semantics, so that an indicator written in a codebook gives the
 * same answer here as in sqlite3 on the same typed table.
 *
 * Grammar (SQLite's precedence, lowest first):
 *   OR;  AND;  NOT;  = == != <> IS [NOT] IN BETWEEN LIKE ISNULL NOTNULL;
 *   < <= > >=;  + - ;  * / % ;  || ;  unary - + ;  primary
 * primary: integer and real literals ('1', '2.5', '1e3'), 'text' ('' inside
 *   for a quote), NULL, TRUE, FALSE, a column (identifier, or "quoted"; an
 *   exact match first, else any case), ( expr ), CASE [x] WHEN .. THEN ..
 *   [ELSE ..] END, CAST(x AS INTEGER | REAL | TEXT | NUMERIC, or any type
 *   name SQLite maps to one of those), x IS [NOT] NULL, x [NOT] NULL,
 *   x IS [NOT] y, x IS [NOT] DISTINCT FROM y, x [NOT] IN (a, b, ...),
 *   x [NOT] BETWEEN a AND b, x [NOT] LIKE pattern [ESCAPE 'c'] (ASCII
 *   case-insensitive, % and _; the escape a one-character literal), and
 *   function calls.  Keywords and function names are in any case; -- and
 *   slash-star comments are allowed.
 * Functions: coalesce(a, b, ...), ifnull(a, b), nullif(a, b), lower, upper
 *   (ASCII only, as SQLite without ICU), trim, ltrim, rtrim (x[, chars]),
 *   length (characters), substr or substring(x, start[, n]), abs,
 *   round(x[, digits]) (REAL, half away from zero), typeof, min(a, b, ...)
 *   and max(a, b, ...) (scalar: NULL when any argument is NULL), and
 *   padu's own: regexp(x, 'pattern') (PCRE2 via lib/rx, 1/0, NULL for
 *   NULL; the pattern must be a literal and is compiled once), year(date)
 *   (the year of an ISO yyyy-mm-dd text as an integer, else NULL),
 *   age(date[, ref]) (whole years from date to ref, both ISO dates; NULL
 *   when either is not a valid date or ref is before date; ref defaults to
 *   the compile-time parameter ref_date -- never the clock).
 * Values: NULL, INTEGER (64-bit), REAL (double), TEXT.  Booleans are the
 *   integers 1 and 0.  Comparison, arithmetic, NULL propagation, integer
 *   division, % on integers, division by zero (NULL), text-to-number
 *   conversion in arithmetic, and the type ordering of comparisons
 *   (NULL < numbers < text) follow SQLite 3, including column affinity: a
 *   column's affinity (from the vocabulary's Table Schema type) is applied
 *   to the comparison operands as SQLite does for a typed table.  REAL
 *   values are read and written with SQLite's own algorithms, so they have
 *   the same bits and the same text as in sqlite3 (3.40).
 * Where this differs from SQLite (each time SQLite would fail at run time,
 *   or padu prefers a compile-time error): abs() of the smallest integer
 *   is NULL, not an "integer overflow" error; the ESCAPE of LIKE must be a
 *   one-character literal; a "quoted" name must be a column (SQLite falls
 *   back to a string); hexadecimal literals, bitwise operators, COLLATE,
 *   GLOB, REGEXP as an operator and subqueries are not in the language.
 * SQLite's surprises are kept, so that the same text gives the same answer:
 *   x IS TRUE, x IS NOT FALSE (...) test x's truth instead of comparing it
 *   with 1 or 0; x IN () is FALSE and x NOT IN () TRUE, even for a NULL x;
 *   unary + takes away a column's affinity (for an INTEGER column i
 *   holding 5, i = '5' is 1 but +i = '5' is 0); the operand of ESCAPE
 *   takes in the operators that bind tighter than LIKE (x LIKE p ESCAPE
 *   '!' < 1 is ESCAPE ('!' < 1) in SQLite, so padu refuses it).
 * A row's fields come as text; the empty field is NULL; a field of a column
 *   with INTEGER, REAL or NUMERIC affinity that looks like a number is that
 *   number (as SQLite stores it on INSERT), else it stays TEXT.
 *
 * Nothing here prints or exits; compile errors come back in struct
 * expr_error.  Nesting deeper than EXPR_MAX_DEPTH (parentheses, calls,
 * CASE, CAST, IN lists, BETWEEN bounds, prefix operators) is a compile
 * error, never a stack overflow; chains of one operator (1 + 1 + ... or
 * a OR b OR ...) are not nesting and have no limit.  A compiled
 * expression is not for sharing between threads (it keeps scratch).
 */
#ifndef PADU_EXPR_H
#define PADU_EXPR_H

#include <stddef.h>

#define EXPR_MAX_DEPTH 200

enum expr_affinity {
	EXPR_AFF_TEXT,		/* string, date, boolean (Y/N) columns */
	EXPR_AFF_NUMERIC,	/* numeric-looking text becomes a number */
	EXPR_AFF_INTEGER,	/* as NUMERIC (SQLite's INTEGER affinity) */
	EXPR_AFF_REAL,		/* as NUMERIC, integers become REAL */
	EXPR_AFF_NONE		/* BLOB/none: values stay as given */
};

enum expr_type { EXPR_NULL, EXPR_INTEGER, EXPR_REAL, EXPR_TEXT };

struct expr_value {
	enum expr_type type;
	long long i;		/* EXPR_INTEGER */
	double r;		/* EXPR_REAL */
	const char *s;		/* EXPR_TEXT: bytes, valid until the next
				   expr_eval of the same expression, or
				   while the row's fields are (when it is
				   a field) */
	size_t n;		/* their length */
};

/* The columns an expression may name, and their affinities. */
struct expr_columns {
	const char *const *name;	/* column names */
	const enum expr_affinity *aff;	/* their affinities */
	size_t n;
};

struct expr_error {
	size_t offset;		/* byte offset in the text */
	char msg[512];		/* "unknown column 'lantai' (columns: ...)" */
};

typedef struct expr expr;

/*
 * expr_compile: compile text[0..n) against the columns; ref_date (an ISO
 * date, or NULL) is age()'s default reference.  Returns the expression, or
 * NULL with *err filled: the offset of the offending token and a message
 * naming it ("unexpected ')'", "unknown column 'x' (columns: a, b, c)",
 * "unknown function 'foo'", "regexp: bad pattern ...", "expression nested
 * deeper than 200").
 */
expr *expr_compile(const char *text, size_t n, const struct expr_columns *cols,
    const char *ref_date, struct expr_error *err);

/* expr_free: free an expression (NULL is fine). */
void expr_free(expr *e);

/*
 * expr_eval: evaluate e on one row: f[i] (len[i] bytes) is the text of
 * column i of the expr_columns given at compile time.  Fills *out.
 * Returns 0, or -1 when a regexp hit its match limit or could not match
 * (a subject that is not UTF-8), or memory ran out (errno ENOMEM); *out is
 * NULL then.  Nothing recurses: the time and stack an evaluation takes are
 * bounded by the compiled code.
 */
int expr_eval(expr *e, char *const *f, const size_t *len,
    struct expr_value *out);

/*
 * expr_true: whether v counts as true where SQLite tests a condition
 * (WHERE, CASE WHEN): a number other than 0, or text that begins with
 * one; NULL and everything else is not true.
 */
int expr_true(const struct expr_value *v);

/*
 * expr_columns_used: the columns e reads, as indexes into the
 * expr_columns given at compile time, in increasing order: stores up to
 * max of them in idx and returns how many there are.
 */
size_t expr_columns_used(const expr *e, size_t *idx, size_t max);

/*
 * expr_text: the value as SQLite's CAST(v AS TEXT) writes it, into buf (at
 * least 64 bytes for numbers); NULL is "".  Returns the text and sets *n.
 * REAL prints with up to 15 significant digits and ".0" when integral
 * (2.0, 0.5, 1e+20 as "1.0e+20"), as sqlite3 prints it.
 */
const char *expr_text(const struct expr_value *v, char *buf, size_t *n);

#endif
