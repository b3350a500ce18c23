/* SPDX-License-Identifier: MIT */
/*
 * expr: padu's expression language (the contract is in expr.h).
 *
 * The text is cut into tokens once; a precedence-climbing parser then emits
 * code for a small stack machine as it reads, operands first and the
 * operator after them.  A chain of operators (1+1+1+..., a OR b OR ...) is
 * a loop in the parser and needs two stack slots at run time, so only real
 * nesting -- parentheses, calls, CASE, CAST, IN lists and prefix operators
 * -- counts towards EXPR_MAX_DEPTH, and nothing recurses when a row is
 * evaluated.  AND, OR and CASE jump over what they need not evaluate.
 *
 * SQLite's semantics are reproduced from its definitions rather than
 * approximated: text to number (sqlite3AtoF and sqlite3Atoi64, with the
 * same long double arithmetic, so that a REAL read here has the bits it has
 * in sqlite3), REAL to text ("%!.15g" of SQLite's printf, and "%.*f" for
 * round()), storage and comparison affinity, three-valued logic, and each
 * function.  tests/gen/expr_diff.py holds this file to the sqlite3 library
 * on random expressions over random typed rows.
 *
 * Chosen differences from SQLite, each where SQLite would raise a run-time
 * error or where padu wants a stricter compile-time answer: abs() of the
 * smallest integer is NULL (SQLite: "integer overflow"); the ESCAPE of
 * LIKE must be a one-character literal; a "double-quoted" name must be a
 * column (SQLite falls back to a string); hexadecimal literals, bitwise
 * operators, COLLATE, GLOB, REGEXP as an operator and subqueries are not
 * in the language.
 *
 * Registries: the tokens (puncts, keywords), the binary operators (binops)
 * and the functions (fns) are each one table.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "rx.h"

#define I64_MAX INT64_MAX
#define I64_MIN INT64_MIN

/* Affinities as SQLite orders them: none < blob < text < numeric ... */
enum aff {
	A_NONE,			/* an expression without affinity */
	A_BLOB,			/* a column with BLOB (no) affinity */
	A_TEXT,
	A_NUMERIC,
	A_INTEGER,
	A_REAL
};

/* ------------------------------------------------------------------ */
/* SQLite's conversions between text and numbers                      */
/* ------------------------------------------------------------------ */

static int
is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Compare the 19 digits at z with 2^63 = 9223372036854775808. */
static int
cmp_2pow63(const char *z)
{
	static const char pow63[] = "922337203685477580";
	int c = 0, i;

	for (i = 0; c == 0 && i < 18; i++)
		c = (z[i] - pow63[i]) * 10;
	if (c == 0)
		c = z[18] - '8';
	return c;
}

/*
 * num_atoi64: sqlite3Atoi64.  Stores the integer that z[0..n) begins with
 * (clamped to the 64-bit range) and returns 0 when that is all of z (but
 * for spaces), 1 when text follows, -1 when there are no digits, 2 when it
 * overflows, 3 when it is exactly 9223372036854775808.
 */
static int
num_atoi64(const char *z, size_t n, int64_t *out)
{
	const char *end = z + n, *start;
	uint64_t u = 0;
	int neg = 0, rc = 0, c;
	size_t i, j;

	while (z < end && is_space(*z))
		z++;
	if (z < end) {
		if (*z == '-') {
			neg = 1;
			z++;
		} else if (*z == '+')
			z++;
	}
	start = z;
	while (z < end && *z == '0')
		z++;
	for (i = 0; z + i < end && is_digit(z[i]); i++)
		u = u * 10 + (uint64_t)(z[i] - '0');
	if (u > (uint64_t)I64_MAX)
		*out = neg ? I64_MIN : I64_MAX;
	else if (neg)
		*out = -(int64_t)u;
	else
		*out = (int64_t)u;
	if (i == 0 && start == z)
		rc = -1;
	else
		for (j = i; z + j < end; j++)
			if (!is_space(z[j])) {
				rc = 1;
				break;
			}
	if (i < 19)
		return rc;
	c = i > 19 ? 1 : cmp_2pow63(z);
	if (c < 0)
		return rc;
	*out = neg ? I64_MIN : I64_MAX;
	if (c > 0)
		return 2;
	return neg ? rc : 3;
}

/* 10^e (e > 0) in long double by repeated squaring, as SQLite 3.40 does. */
static long double
pow10_sq(int e)
{
	long double x = 10.0, r = 1.0;

	for (;;) {
		if (e & 1)
			r *= x;
		e >>= 1;
		if (e == 0)
			return r;
		x *= x;
	}
}

/*
 * num_atof: sqlite3AtoF.  Stores the number that z[0..n) begins with and
 * returns 1 for a whole integer, 2 or 3 for a whole real (a '.' or an
 * exponent), -1 for a real prefix followed by text, 0 for anything else.
 * The digits are scaled in long double exactly as SQLite 3.40 does (10^e by
 * repeated squaring; checked against the machine code of Debian's 3.40.1),
 * so that the same text gives the same bits.
 */
static int
num_atof(const char *z, size_t n, double *res)
{
	const char *end = z + n;
	int sign = 1, esign = 1, e = 0, d = 0, evalid = 1, etype = 1;
	int ndigit = 0;
	int64_t s = 0;
	double result;

	*res = 0.0;
	if (n == 0)
		return 0;
	while (z < end && is_space(*z))
		z++;
	if (z >= end)
		return 0;
	if (*z == '-') {
		sign = -1;
		z++;
	} else if (*z == '+')
		z++;
	while (z < end && is_digit(*z)) {
		s = s * 10 + (*z - '0');
		z++;
		ndigit++;
		if (s >= (I64_MAX - 9) / 10)
			while (z < end && is_digit(*z)) {
				z++;
				d++;
			}
	}
	if (z >= end)
		goto calc;
	if (*z == '.') {
		z++;
		etype++;
		while (z < end && is_digit(*z)) {
			if (s < (I64_MAX - 9) / 10) {
				s = s * 10 + (*z - '0');
				d--;
				ndigit++;
			}
			z++;
		}
	}
	if (z >= end)
		goto calc;
	if (*z == 'e' || *z == 'E') {
		z++;
		evalid = 0;
		etype++;
		if (z >= end)
			goto calc;
		if (*z == '-') {
			esign = -1;
			z++;
		} else if (*z == '+')
			z++;
		while (z < end && is_digit(*z)) {
			e = e < 10000 ? e * 10 + (*z - '0') : 10000;
			z++;
			evalid = 1;
		}
	}
	while (z < end && is_space(*z))
		z++;
calc:
	e = e * esign + d;
	if (e < 0) {
		esign = -1;
		e = -e;
	} else
		esign = 1;
	if (s == 0)
		result = sign < 0 ? -0.0 : 0.0;
	else {
		while (e > 0) {
			if (esign > 0) {
				if (s >= I64_MAX / 10)
					break;
				s *= 10;
			} else {
				if (s % 10 != 0)
					break;
				s /= 10;
			}
			e--;
		}
		s = sign < 0 ? -s : s;
		if (e == 0)
			result = (double)s;
		else if (e > 307) {
			if (e < 342) {
				long double scale = pow10_sq(e - 308);
				if (esign < 0) {
					result = s / scale;
					result /= 1.0e+308;
				} else {
					result = s * scale;
					result *= 1.0e+308;
				}
			} else if (esign < 0)
				result = 0.0 * s;
			else
				result = INFINITY * s;
		} else {
			long double scale = pow10_sq(e);
			result = esign < 0 ? s / scale : s * scale;
		}
	}
	*res = result;
	if (z == end && ndigit > 0 && evalid && etype > 0)
		return etype;
	if (etype >= 2 && (etype == 3 || evalid) && ndigit > 0)
		return -1;
	return 0;
}

/* doubleToInt64: r clamped to the 64-bit range, truncated. */
static int64_t
real_to_i64(double r)
{
	if (r != r)
		return 0;
	if (r <= (double)I64_MIN)
		return I64_MIN;
	if (r >= (double)I64_MAX)
		return I64_MAX;
	return (int64_t)r;
}

/* sqlite3RealSameAsInt: r is exactly the small integer i. */
static int
same_as_int(double r, int64_t i)
{
	double r2 = (double)i;

	return r == 0.0 || (memcmp(&r, &r2, sizeof r) == 0 &&
	    i >= -2251799813685248LL && i < 2251799813685248LL);
}

/* One digit of a long double in [0, 10), for fmt_real. */
static char
get_digit(long double *v, int *cnt)
{
	int digit;
	long double d;

	if (*cnt <= 0)
		return '0';
	(*cnt)--;
	digit = (int)*v;
	d = digit;
	*v = (*v - d) * 10.0;
	return (char)(digit + '0');
}

/*
 * fmt_real: SQLite's printf of a double into out (room for 64 + prec
 * bytes): "%!.15g" when generic (CAST AS TEXT, quote), else "%.<prec>f"
 * (round()).  Returns the length.
 */
/* An integer as decimal text (what "%lld" prints, without printf). */
static size_t
fmt_int(char *out, int64_t i)
{
	char tmp[24], *q = tmp + sizeof tmp;
	uint64_t u = i < 0 ? -(uint64_t)i : (uint64_t)i;
	size_t n;

	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (i < 0)
		*--q = '-';
	n = (size_t)(tmp + sizeof tmp - q);
	memcpy(out, q, n);
	out[n] = '\0';
	return n;
}

static size_t
fmt_real(char *out, double value, int prec, int generic)
{
	static const double rounders[] = { 5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04,
	    5.0e-05, 5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10 };
	long double v = value;
	double rounder;
	char prefix = 0, *p = out;
	int exp = 0, e2, idx, nsd, dp, rtz, use_exp = 0;
	int alt2 = generic;	/* the '!' flag */

	/* Whole numbers print as "N.0" under %!.15g: no digit loop. */
	if (generic && prec == 15 && value > -1e15 && value < 1e15 &&
	    value == (double)(int64_t)value && (value != 0 || !signbit(value))) {
		size_t n = fmt_int(out, (int64_t)value);
		memcpy(out + n, ".0", 3);
		return n + 2;
	}
	if (v < 0.0) {
		v = -v;
		prefix = '-';
	}
	if (generic && prec > 0)
		prec--;
	idx = prec & 0xfff;
	rounder = rounders[idx % 10];
	while (idx >= 10) {
		rounder *= 1.0e-10;
		idx -= 10;
	}
	if (!generic) {
		double dv = (double)v;
		uint64_t u;
		int ex;
		memcpy(&u, &dv, sizeof u);
		ex = -1023 + (int)((u >> 52) & 0x7ff);
		if (prec + (ex / 3) < 15)
			rounder += v * 3e-16;
		v += rounder;
	}
	if (isnan((double)v))
		return (size_t)sprintf(out, "NaN");
	if (v > 0.0) {
		long double scale = 1.0;
		while (v >= 1e100 * scale && exp <= 350) {
			scale *= 1e100;
			exp += 100;
		}
		while (v >= 1e10 * scale && exp <= 350) {
			scale *= 1e10;
			exp += 10;
		}
		while (v >= 10.0 * scale && exp <= 350) {
			scale *= 10.0;
			exp++;
		}
		v /= scale;
		while (v < 1e-8) {
			v *= 1e8;
			exp -= 8;
		}
		while (v < 1.0) {
			v *= 10.0;
			exp--;
		}
		if (exp > 350)
			return (size_t)sprintf(out, "%sInf", prefix ? "-" : "");
	}
	if (generic) {
		v += rounder;
		if (v >= 10.0) {
			v *= 0.1;
			exp++;
		}
		rtz = 1;
		if (exp < -4 || exp > prec)
			use_exp = 1;
		else
			prec = prec - exp;
	} else
		rtz = alt2;
	e2 = use_exp ? 0 : exp;
	nsd = 16 + alt2 * 10;
	dp = (prec > 0) | alt2;
	if (prefix)
		*p++ = prefix;
	if (e2 < 0)
		*p++ = '0';
	else
		for (; e2 >= 0; e2--)
			*p++ = get_digit(&v, &nsd);
	if (dp)
		*p++ = '.';
	for (e2++; e2 < 0; prec--, e2++)
		*p++ = '0';
	while (prec-- > 0)
		*p++ = get_digit(&v, &nsd);
	if (rtz && dp) {
		while (p[-1] == '0')
			p--;
		if (p[-1] == '.') {
			if (alt2)
				*p++ = '0';
			else
				p--;
		}
	}
	if (use_exp) {
		*p++ = 'e';
		if (exp < 0) {
			*p++ = '-';
			exp = -exp;
		} else
			*p++ = '+';
		if (exp >= 100) {
			*p++ = (char)(exp / 100 + '0');
			exp %= 100;
		}
		*p++ = (char)(exp / 10 + '0');
		*p++ = (char)(exp % 10 + '0');
	}
	*p = '\0';
	return (size_t)(p - out);
}

/* ------------------------------------------------------------------ */
/* The compiled expression                                            */
/* ------------------------------------------------------------------ */

enum opcode {
	OP_CONST,		/* push constant a */
	OP_COL,			/* push column a, affinity applied */
	OP_NULL,		/* push NULL */
	OP_POP,			/* drop the top */
	OP_NEG,			/* 0 - x */
	OP_NOT,			/* NOT x */
	OP_ISNULL,		/* x IS NULL (sub 0) or NOT NULL (sub 1) */
	OP_TRUTH,		/* x IS [NOT] TRUE|FALSE: truth(x, sub) ^ a */
	OP_ARITH,		/* x sub y (enum arith) */
	OP_CONCAT,		/* x || y */
	OP_CMP,			/* x sub y (enum cmp), affinity aff */
	OP_LIKE,		/* x LIKE y, b: the escape character or -1 */
	OP_IN,			/* x IN (a values) under affinity aff */
	OP_BETWEEN,		/* x BETWEEN y AND z, affinities aff, aff2 */
	OP_AND,			/* x AND y */
	OP_OR,			/* x OR y */
	OP_JFALSE,		/* top false: make it 0, jump to a */
	OP_JTRUE,		/* top true: make it 1, jump to a */
	OP_JNOT,		/* pop; not true: jump to a */
	OP_JUMP,		/* jump to a */
	OP_CASEEQ,		/* pop w; push (the top = w) under aff */
	OP_CAST,		/* CAST(x AS aff) */
	OP_CALL			/* function b on the top a values (c: its
				   regexp, sub: its variant) */
};

enum arith { AR_ADD, AR_SUB, AR_MUL, AR_DIV, AR_REM };
enum cmp { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE, C_IS, C_ISNOT };

struct ins {
	unsigned char op;	/* enum opcode */
	unsigned char sub;	/* enum arith, enum cmp, ... */
	unsigned char aff;	/* comparison affinity (enum aff) */
	unsigned char aff2;	/* BETWEEN: the upper bound's affinity */
	int a;			/* constant, column, jump target, count */
	int b;			/* function, escape character */
	int c;			/* regexp pattern */
};

struct konst {
	struct expr_value v;	/* the value (text owned by own) */
	char *own;		/* text bytes, malloc'd */
	int neg_min;		/* the literal 9223372036854775808 */
};

struct block {			/* a block of the per-evaluation arena */
	struct block *next;	/* older blocks */
	size_t cap;		/* bytes in data */
	char data[];
};

struct expr {
	struct ins *code;	/* the program */
	size_t ncode, capcode;
	struct konst *k;	/* constants */
	size_t nk, capk;
	rx **rx;		/* compiled regexp patterns */
	size_t nrx;
	unsigned char *colaff;	/* affinity of each column (enum aff) */
	size_t ncols;
	struct expr_value *stack;	/* the machine's stack */
	size_t nstack;
	struct block *arena;	/* text made while evaluating */
	size_t aused;		/* bytes used in arena->data */
	int has_ref;		/* ref_date given and valid */
	int ref_y, ref_m, ref_d;	/* age()'s default reference date */
	char *ref_text;		/* ref_date as given, for messages */
};

/* ---- the arena: text that lives until the next evaluation ---- */

static void
arena_reset(expr *e)
{
	struct block *b, *next;

	if (e->arena == NULL)
		return;
	for (b = e->arena->next; b; b = next) {
		next = b->next;
		free(b);
	}
	e->arena->next = NULL;
	e->aused = 0;
}

static char *
arena_alloc(expr *e, size_t n)
{
	struct block *b;
	size_t cap;

	if (e->arena && e->arena->cap - e->aused >= n) {
		e->aused += n;
		return e->arena->data + e->aused - n;
	}
	cap = e->arena ? e->arena->cap * 2 : 1024;
	if (cap < n)
		cap = n + 1024;
	/* Zeroed: PCRE2's JIT may read a few bytes past a subject. */
	if ((b = calloc(1, sizeof *b + cap)) == NULL)
		return NULL;
	b->cap = cap;
	b->next = e->arena;
	e->arena = b;
	e->aused = n;
	return b->data;
}

/* Give back the last n bytes of the last allocation. */
static void
arena_unalloc(expr *e, size_t n)
{
	e->aused -= n;
}

/* ---- values ---- */

static void
set_null(struct expr_value *v)
{
	v->type = EXPR_NULL;
	v->s = NULL;
	v->n = 0;
}

static void
set_int(struct expr_value *v, int64_t i)
{
	v->type = EXPR_INTEGER;
	v->i = i;
}

static void
set_real(struct expr_value *v, double r)
{
	v->type = EXPR_REAL;
	v->r = r;
}

static void
set_text(struct expr_value *v, const char *s, size_t n)
{
	v->type = EXPR_TEXT;
	v->s = s;
	v->n = n;
}

/* sqlite3VdbeIntegerAffinity: an integral REAL becomes an INTEGER. */
static void
integer_affinity(struct expr_value *v)
{
	int64_t ix = real_to_i64(v->r);

	if (v->r == (double)ix && ix > I64_MIN && ix < I64_MAX)
		set_int(v, ix);
}

/*
 * applyNumericAffinity: TEXT that is wholly a number becomes that number;
 * with try_int, an integral REAL becomes an INTEGER.
 */
static void
numeric_affinity(struct expr_value *v, int try_int)
{
	double r;
	int64_t i;
	int rc = num_atof(v->s, v->n, &r);

	if (rc <= 0)
		return;
	if (rc == 1) {
		i = real_to_i64(r);
		if (same_as_int(r, i) || num_atoi64(v->s, v->n, &i) == 0) {
			set_int(v, i);
			return;
		}
	}
	set_real(v, r);
	if (try_int)
		integer_affinity(v);
}

/* A field as SQLite stores it in a column of affinity aff. */
static void
column_value(const char *s, size_t n, int aff, struct expr_value *v)
{
	if (n == 0) {
		set_null(v);
		return;
	}
	set_text(v, s, n);
	if (aff >= A_NUMERIC) {
		numeric_affinity(v, 1);
		if (aff == A_REAL && v->type == EXPR_INTEGER)
			set_real(v, (double)v->i);
	}
}

/* sqlite3VdbeRealValue */
static double
val_real(const struct expr_value *v)
{
	double r = 0.0;

	switch (v->type) {
	case EXPR_INTEGER:
		return (double)v->i;
	case EXPR_REAL:
		return v->r;
	case EXPR_TEXT:
		num_atof(v->s, v->n, &r);
		return r;
	case EXPR_NULL:
		break;
	}
	return 0.0;
}

/* sqlite3VdbeIntValue */
static int64_t
val_int(const struct expr_value *v)
{
	int64_t i = 0;

	switch (v->type) {
	case EXPR_INTEGER:
		return v->i;
	case EXPR_REAL:
		return real_to_i64(v->r);
	case EXPR_TEXT:
		num_atoi64(v->s, v->n, &i);
		return i;
	case EXPR_NULL:
		break;
	}
	return 0;
}

/* sqlite3_value_int: the low 32 bits of val_int, as C's int. */
static int
val_int32(const struct expr_value *v)
{
	return (int)(int32_t)(uint32_t)(uint64_t)val_int(v);
}

/* sqlite3VdbeBooleanValue: 1 true, 0 false, ifnull for NULL. */
static int
truth(const struct expr_value *v, int ifnull)
{
	switch (v->type) {
	case EXPR_INTEGER:
		return v->i != 0;
	case EXPR_NULL:
		return ifnull;
	case EXPR_REAL:
	case EXPR_TEXT:
		break;
	}
	return val_real(v) != 0.0;
}

/*
 * Make v TEXT (numbers written as SQLite writes them, into the arena).
 * v must not be NULL.  Returns 0, or -1 out of memory.
 */
static int
stringify(expr *e, struct expr_value *v)
{
	char *p;
	size_t n;

	switch (v->type) {
	case EXPR_TEXT:
	case EXPR_NULL:
		return 0;
	case EXPR_INTEGER:
	case EXPR_REAL:
		break;
	}
	if ((p = arena_alloc(e, 64)) == NULL)
		return -1;
	if (v->type == EXPR_INTEGER)
		n = fmt_int(p, v->i);
	else
		n = fmt_real(p, v->r, 15, 1);
	arena_unalloc(e, 64 - n);
	set_text(v, p, n);
	return 0;
}

/* sqlite3MemCompare with the BINARY collation; NULL first. */
static int
mem_compare(const struct expr_value *a, const struct expr_value *b)
{
	int an = a->type == EXPR_INTEGER || a->type == EXPR_REAL;
	int bn = b->type == EXPR_INTEGER || b->type == EXPR_REAL;
	size_t n;
	int c;

	if (a->type == EXPR_NULL || b->type == EXPR_NULL)
		return (b->type == EXPR_NULL) - (a->type == EXPR_NULL);
	if (an && bn) {
		if (a->type == EXPR_INTEGER && b->type == EXPR_INTEGER)
			return a->i < b->i ? -1 : a->i > b->i;
		if (a->type == EXPR_REAL && b->type == EXPR_REAL)
			return a->r < b->r ? -1 : a->r > b->r;
		if (a->type == EXPR_INTEGER) {
			/* sqlite3IntFloatCompare, exactly. */
			long double x = (long double)a->i;
			return x < b->r ? -1 : x > b->r;
		}
		{
			long double x = (long double)b->i;
			return x < a->r ? 1 : -(x > a->r);
		}
	}
	if (an)
		return -1;
	if (bn)
		return 1;
	n = a->n < b->n ? a->n : b->n;
	c = n ? memcmp(a->s, b->s, n) : 0;
	if (c)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

/*
 * Compare a and b as SQLite's comparison opcodes do under affinity aff:
 * numeric affinity turns numeric TEXT into numbers, TEXT affinity turns
 * numbers into TEXT.  Returns 0 and sets *c, 1 when either is NULL, -1
 * out of memory.
 */
static int
compare_aff(expr *e, struct expr_value a, struct expr_value b, int aff,
    int *c)
{
	if (a.type == EXPR_NULL || b.type == EXPR_NULL)
		return 1;
	if (aff >= A_NUMERIC) {
		if (a.type == EXPR_TEXT)
			numeric_affinity(&a, 0);
		if (b.type == EXPR_TEXT)
			numeric_affinity(&b, 0);
	} else if (aff == A_TEXT) {
		if (stringify(e, &a) < 0 || stringify(e, &b) < 0)
			return -1;
	}
	*c = mem_compare(&a, &b);
	return 0;
}

/* The numeric type SQLite's arithmetic gives v (numericType). */
static int
num_type(const struct expr_value *v, int64_t *i)
{
	double r;
	int64_t ix;
	int rc;

	switch (v->type) {
	case EXPR_INTEGER:
		*i = v->i;
		return EXPR_INTEGER;
	case EXPR_REAL:
	case EXPR_NULL:
		return EXPR_REAL;
	case EXPR_TEXT:
		break;
	}
	rc = num_atof(v->s, v->n, &r);
	if (rc <= 0) {
		if (rc == 0 && num_atoi64(v->s, v->n, &ix) <= 1) {
			*i = ix;
			return EXPR_INTEGER;
		}
		return EXPR_REAL;
	}
	if (rc == 1 && num_atoi64(v->s, v->n, &ix) == 0) {
		*i = ix;
		return EXPR_INTEGER;
	}
	return EXPR_REAL;
}

/* l op r as SQLite's OP_Add ... OP_Remainder, into *out. */
static void
arith(int op, const struct expr_value *l, const struct expr_value *r,
    struct expr_value *out)
{
	int64_t ia = 0, ib = 0, x = 0;
	double ra, rb;

	if (l->type == EXPR_NULL || r->type == EXPR_NULL) {
		set_null(out);
		return;
	}
	if (num_type(l, &ib) != EXPR_INTEGER ||
	    num_type(r, &ia) != EXPR_INTEGER)
		goto fp;
	switch ((enum arith)op) {
	case AR_ADD:
		if (__builtin_add_overflow(ib, ia, &x))
			goto fp;
		break;
	case AR_SUB:
		if (__builtin_sub_overflow(ib, ia, &x))
			goto fp;
		break;
	case AR_MUL:
		if (__builtin_mul_overflow(ib, ia, &x))
			goto fp;
		break;
	case AR_DIV:
		if (ia == 0)
			goto null;
		if (ia == -1 && ib == I64_MIN)
			goto fp;
		x = ib / ia;
		break;
	case AR_REM:
		if (ia == 0)
			goto null;
		x = ia == -1 ? 0 : ib % ia;
		break;
	}
	set_int(out, x);
	return;
fp:
	ra = val_real(r);
	rb = val_real(l);
	switch ((enum arith)op) {
	case AR_ADD:
		rb += ra;
		break;
	case AR_SUB:
		rb -= ra;
		break;
	case AR_MUL:
		rb *= ra;
		break;
	case AR_DIV:
		if (ra == 0.0)
			goto null;
		rb /= ra;
		break;
	case AR_REM:
		ia = val_int(r);
		ib = val_int(l);
		if (ia == 0)
			goto null;
		if (ia == -1)
			ia = 1;
		rb = (double)(ib % ia);
		break;
	}
	if (isnan(rb))
		goto null;
	set_real(out, rb);
	return;
null:
	set_null(out);
}

/* One UTF-8 character as sqlite3Utf8Read reads it (leniently). */
static uint32_t
utf8_read(const unsigned char **p, const unsigned char *end)
{
	static const unsigned char trans1[] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
		0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x00, 0x01, 0x02, 0x03, 0x00, 0x01, 0x00, 0x00
	};
	uint32_t c = *(*p)++;

	if (c >= 0xc0) {
		c = trans1[c - 0xc0];
		while (*p < end && (**p & 0xc0) == 0x80)
			c = (c << 6) + (0x3f & *(*p)++);
		if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 ||
		    (c & 0xFFFFFFFE) == 0xFFFE)
			c = 0xFFFD;
	}
	return c;
}

/* Skip one character as SQLITE_SKIP_UTF8 does. */
static const unsigned char *
utf8_skip(const unsigned char *p, const unsigned char *end)
{
	if (*p++ >= 0xc0)
		while (p < end && (*p & 0xc0) == 0x80)
			p++;
	return p;
}

static uint32_t
ascii_lower(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * SQLite's LIKE: % any run, _ one character, ASCII letters without case,
 * esc (or -1) makes the next character literal.  Matches with one
 * backtracking point (the last %), so it is linear in practice.
 */
static int
like(const char *pat, size_t pn, const char *str, size_t sn, int32_t esc)
{
	const unsigned char *p = (const unsigned char *)pat, *pe = p + pn;
	const unsigned char *s = (const unsigned char *)str, *se = s + sn;
	const unsigned char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (p < pe) {
			const unsigned char *q = p;
			uint32_t c = utf8_read(&q, pe), c2;
			int any = 0;
			if (c == '%') {
				star_p = q;
				star_s = s;
				p = q;
				continue;
			}
			if (esc >= 0 && c == (uint32_t)esc) {
				if (q >= pe)
					return 0;
				c = utf8_read(&q, pe);
			} else if (c == '_')
				any = 1;
			if (s < se) {
				const unsigned char *t = s;
				c2 = utf8_read(&t, se);
				if (any || c == c2 || (c < 0x80 && c2 < 0x80 &&
				    ascii_lower(c) == ascii_lower(c2))) {
					p = q;
					s = t;
					continue;
				}
			}
		} else if (s >= se)
			return 1;
		if (star_p == NULL || star_s >= se)
			return 0;
		star_s = utf8_skip(star_s, se);
		s = star_s;
		p = star_p;
	}
}

/* ------------------------------------------------------------------ */
/* Functions                                                          */
/* ------------------------------------------------------------------ */

typedef int fn_impl(expr *e, const struct ins *in, struct expr_value *a,
    int n, struct expr_value *out);

/* A copy of s[0..n) in the arena, or NULL. */
static char *
arena_copy(expr *e, const char *s, size_t n)
{
	char *p = arena_alloc(e, n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return p;
}

static int
fn_abs(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	double r;

	(void)e, (void)in, (void)n;
	switch (a[0].type) {
	case EXPR_NULL:
		set_null(out);
		return 0;
	case EXPR_INTEGER:
		/* SQLite raises "integer overflow" for the smallest. */
		if (a[0].i == I64_MIN)
			set_null(out);
		else
			set_int(out, a[0].i < 0 ? -a[0].i : a[0].i);
		return 0;
	case EXPR_REAL:
	case EXPR_TEXT:
		break;
	}
	r = val_real(&a[0]);
	set_real(out, r < 0 ? -r : r);
	return 0;
}

/* An ISO yyyy-mm-dd date: 1 and its parts, or 0. */
static int
iso_date(const char *s, size_t n, int *y, int *m, int *d)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31,
	    31, 30, 31, 30, 31 };
	int i, leap;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*m < 1 || *m > 12 || *d < 1)
		return 0;
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	return *d <= mdays[*m - 1] + (*m == 2 && leap);
}

/* The date parts of v when it is an ISO date (as text), else 0. */
static int
val_date(expr *e, struct expr_value *v, int *y, int *m, int *d)
{
	if (v->type == EXPR_NULL || stringify(e, v) < 0)
		return 0;
	return iso_date(v->s, v->n, y, m, d);
}

static int
fn_age(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	int by, bm, bd, ry, rm, rd, age;

	(void)in;
	set_null(out);
	if (!val_date(e, &a[0], &by, &bm, &bd))
		return 0;
	if (n == 2) {
		if (!val_date(e, &a[1], &ry, &rm, &rd))
			return 0;
	} else {
		ry = e->ref_y;
		rm = e->ref_m;
		rd = e->ref_d;
	}
	age = ry - by - (rm < bm || (rm == bm && rd < bd));
	if (age >= 0)
		set_int(out, age);
	return 0;
}

static int
fn_year(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	int y, m, d;

	(void)in, (void)n;
	if (val_date(e, &a[0], &y, &m, &d))
		set_int(out, y);
	else
		set_null(out);
	return 0;
}

static int
fn_coalesce(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	int i;

	(void)e, (void)in;
	for (i = 0; i < n; i++)
		if (a[i].type != EXPR_NULL)
			break;
	if (i < n)
		*out = a[i];
	else
		set_null(out);
	return 0;
}

static int
fn_length(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	const unsigned char *p, *end;
	int64_t chars = 0;

	(void)in, (void)n;
	switch (a[0].type) {
	case EXPR_NULL:
		set_null(out);
		return 0;
	case EXPR_INTEGER:
	case EXPR_REAL:
		if (stringify(e, &a[0]) < 0)
			return -1;
		set_int(out, (int64_t)a[0].n);
		return 0;
	case EXPR_TEXT:
		break;
	}
	p = (const unsigned char *)a[0].s;
	end = p + a[0].n;
	while (p < end) {
		p = utf8_skip(p, end);
		chars++;
	}
	set_int(out, chars);
	return 0;
}

/* lower (sub 0) and upper (sub 1), ASCII only, as SQLite without ICU. */
static int
fn_case(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	char *p;
	size_t i;

	(void)n;
	if (a[0].type == EXPR_NULL) {
		set_null(out);
		return 0;
	}
	if (stringify(e, &a[0]) < 0 ||
	    (p = arena_copy(e, a[0].s, a[0].n)) == NULL)
		return -1;
	for (i = 0; i < a[0].n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (in->sub == 0 && c >= 'A' && c <= 'Z')
			p[i] = (char)(c + 32);
		else if (in->sub == 1 && c >= 'a' && c <= 'z')
			p[i] = (char)(c - 32);
	}
	set_text(out, p, a[0].n);
	return 0;
}

/* ltrim (sub 1), rtrim (sub 2), trim (sub 3): SQLite's trimFunc. */
static int
fn_trim(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	const unsigned char *s, *end, *set = (const unsigned char *)" ";
	const unsigned char *setend = set + 1;

	set_null(out);
	if (a[0].type == EXPR_NULL)
		return 0;
	if (stringify(e, &a[0]) < 0)
		return -1;
	if (n == 2) {
		if (a[1].type == EXPR_NULL)
			return 0;
		if (stringify(e, &a[1]) < 0)
			return -1;
		set = (const unsigned char *)a[1].s;
		setend = set + a[1].n;
	}
	s = (const unsigned char *)a[0].s;
	end = s + a[0].n;
	if (set < setend) {
		const unsigned char *c, *next;
		if (in->sub & 1)
			while (s < end) {
				size_t len = 0;
				for (c = set; c < setend; c = next) {
					next = utf8_skip(c, setend);
					len = (size_t)(next - c);
					if (len <= (size_t)(end - s) &&
					    memcmp(s, c, len) == 0)
						break;
				}
				if (c >= setend)
					break;
				s += len;
			}
		if (in->sub & 2)
			while (end > s) {
				int hit = 0;
				for (c = set; c < setend; c = next) {
					size_t len;
					next = utf8_skip(c, setend);
					len = (size_t)(next - c);
					if (len <= (size_t)(end - s) &&
					    memcmp(end - len, c, len) == 0) {
						end -= len;
						hit = 1;
						break;
					}
				}
				if (!hit)
					break;
			}
	}
	set_text(out, (const char *)s, (size_t)(end - s));
	return 0;
}

/* min (sub 0) and max (sub 1) of two or more: NULL if any is NULL. */
static int
fn_minmax(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	int i, best = 0, c;

	(void)e;
	set_null(out);
	for (i = 0; i < n; i++)
		if (a[i].type == EXPR_NULL)
			return 0;
	for (i = 1; i < n; i++) {
		c = mem_compare(&a[best], &a[i]);
		/* As SQLite: min takes the later of equals, max the earlier. */
		if (in->sub ? c < 0 : c >= 0)
			best = i;
	}
	*out = a[best];
	return 0;
}

static int
fn_nullif(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	(void)e, (void)in, (void)n;
	if (mem_compare(&a[0], &a[1]) != 0)
		*out = a[0];
	else
		set_null(out);
	return 0;
}

/* round(x[, digits]): SQLite's roundFunc, always REAL. */
static int
fn_round(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	char buf[128];
	int digits = 0;
	double r;
	size_t len;

	(void)e, (void)in;
	set_null(out);
	if (n == 2) {
		if (a[1].type == EXPR_NULL)
			return 0;
		digits = val_int32(&a[1]);
		if (digits > 30)
			digits = 30;
		if (digits < 0)
			digits = 0;
	}
	if (a[0].type == EXPR_NULL)
		return 0;
	r = val_real(&a[0]);
	if (r < -4503599627370496.0 || r > 4503599627370496.0)
		;	/* no fractional part */
	else if (digits == 0)
		r = (double)(int64_t)(r + (r < 0 ? -0.5 : 0.5));
	else {
		len = fmt_real(buf, r, digits, 0);
		num_atof(buf, len, &r);
	}
	set_real(out, r);
	return 0;
}

/* substr(x, start[, len]): SQLite's substrFunc on text. */
static int
fn_substr(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	const unsigned char *z, *z2, *end;
	int64_t p1, p2, len = 0;
	int negp2 = 0;

	(void)in;
	set_null(out);
	if (a[1].type == EXPR_NULL || (n == 3 && a[2].type == EXPR_NULL))
		return 0;
	if (a[0].type == EXPR_NULL)
		return 0;
	if (stringify(e, &a[0]) < 0)
		return -1;
	z = (const unsigned char *)a[0].s;
	end = z + a[0].n;
	p1 = val_int32(&a[1]);
	if (p1 < 0)
		for (z2 = z; z2 < end; len++)
			z2 = utf8_skip(z2, end);
	if (n == 3) {
		p2 = val_int32(&a[2]);
		if (p2 < 0) {
			p2 = -p2;
			negp2 = 1;
		}
	} else
		p2 = 1000000000;	/* SQLITE_LIMIT_LENGTH */
	if (p1 < 0) {
		p1 += len;
		if (p1 < 0) {
			p2 += p1;
			if (p2 < 0)
				p2 = 0;
			p1 = 0;
		}
	} else if (p1 > 0)
		p1--;
	else if (p2 > 0)
		p2--;
	if (negp2) {
		p1 -= p2;
		if (p1 < 0) {
			p2 += p1;
			p1 = 0;
		}
	}
	while (z < end && p1) {
		z = utf8_skip(z, end);
		p1--;
	}
	for (z2 = z; z2 < end && p2; p2--)
		z2 = utf8_skip(z2, end);
	set_text(out, (const char *)z, (size_t)(z2 - z));
	return 0;
}

static int
fn_typeof(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	static const char *const names[] = { "null", "integer", "real",
	    "text" };
	const char *s = names[a[0].type];

	(void)e, (void)in, (void)n;
	set_text(out, s, strlen(s));
	return 0;
}

static int
fn_regexp(expr *e, const struct ins *in, struct expr_value *a, int n,
    struct expr_value *out)
{
	int rc;

	(void)n;
	set_null(out);
	if (a[0].type == EXPR_NULL)
		return 0;
	if (stringify(e, &a[0]) < 0)
		return -1;
	rc = rx_match(e->rx[in->c], a[0].s, a[0].n, 0, NULL, 0);
	if (rc < 0)
		return -1;
	set_int(out, rc > 0);
	return 0;
}

enum {
	FN_PATTERN = 1,		/* argument 2: a literal regexp */
	FN_REFDATE = 2		/* with one argument, needs ref_date */
};

/* The functions, sorted by name; aliases are rows of their own. */
static const struct fn {
	const char *name;	/* lower case */
	signed char min, max;	/* argument counts; max -1: no limit */
	unsigned char sub;	/* passed to impl in the instruction */
	unsigned char flags;	/* FN_* */
	fn_impl *impl;
} fns[] = {
	{ "abs", 1, 1, 0, 0, fn_abs },
	{ "age", 1, 2, 0, FN_REFDATE, fn_age },
	{ "coalesce", 2, -1, 0, 0, fn_coalesce },
	{ "ifnull", 2, 2, 0, 0, fn_coalesce },
	{ "length", 1, 1, 0, 0, fn_length },
	{ "lower", 1, 1, 0, 0, fn_case },
	{ "ltrim", 1, 2, 1, 0, fn_trim },
	{ "max", 2, -1, 1, 0, fn_minmax },
	{ "min", 2, -1, 0, 0, fn_minmax },
	{ "nullif", 2, 2, 0, 0, fn_nullif },
	{ "regexp", 2, 2, 0, FN_PATTERN, fn_regexp },
	{ "round", 1, 2, 0, 0, fn_round },
	{ "rtrim", 1, 2, 2, 0, fn_trim },
	{ "substr", 2, 3, 0, 0, fn_substr },
	{ "substring", 2, 3, 0, 0, fn_substr },
	{ "trim", 1, 2, 3, 0, fn_trim },
	{ "typeof", 1, 1, 0, 0, fn_typeof },
	{ "upper", 1, 1, 1, 0, fn_case },
	{ "year", 1, 1, 0, 0, fn_year },
};

/* ------------------------------------------------------------------ */
/* Tokens                                                             */
/* ------------------------------------------------------------------ */

enum tk {
	T_END, T_INT, T_REAL, T_STR, T_ID, T_QID,
	T_LP, T_RP, T_COMMA, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_REM,
	T_CONCAT, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_AS, T_BETWEEN, T_CASE, T_CAST, T_DISTINCT, T_ELSE, T_ENDKW,
	T_ESCAPE, T_FALSE, T_FROM, T_IN, T_IS, T_ISNULL, T_LIKE, T_NOT,
	T_NOTNULL, T_NULL, T_OR, T_THEN, T_TRUE, T_WHEN
};

/* Operators and punctuation, longest first. */
static const struct {
	const char *text;
	enum tk kind;
} puncts[] = {
	{ "||", T_CONCAT }, { "==", T_EQ }, { "!=", T_NE }, { "<>", T_NE },
	{ "<=", T_LE }, { ">=", T_GE }, { "(", T_LP }, { ")", T_RP },
	{ ",", T_COMMA }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR },
	{ "/", T_SLASH }, { "%", T_REM }, { "=", T_EQ }, { "<", T_LT },
	{ ">", T_GT },
};

/* Keywords (any case). */
static const struct {
	const char *text;
	enum tk kind;
} keywords[] = {
	{ "AND", T_AND }, { "AS", T_AS }, { "BETWEEN", T_BETWEEN },
	{ "CASE", T_CASE }, { "CAST", T_CAST }, { "DISTINCT", T_DISTINCT },
	{ "ELSE", T_ELSE }, { "END", T_ENDKW }, { "ESCAPE", T_ESCAPE },
	{ "FALSE", T_FALSE }, { "FROM", T_FROM }, { "IN", T_IN },
	{ "IS", T_IS }, { "ISNULL", T_ISNULL }, { "LIKE", T_LIKE },
	{ "NOT", T_NOT }, { "NOTNULL", T_NOTNULL }, { "NULL", T_NULL },
	{ "OR", T_OR }, { "THEN", T_THEN }, { "TRUE", T_TRUE },
	{ "WHEN", T_WHEN },
};

/* Binding powers, loosest first (SQLite's). */
enum prec { P_OR = 1, P_AND, P_NOT, P_EQ, P_CMP, P_ADD, P_MUL, P_CONCAT };

/* The infix and postfix operators. */
static const struct binop {
	enum tk tok;
	unsigned char prec;	/* enum prec */
	unsigned char op;	/* enum opcode; OP_NULL: a special form */
	unsigned char sub;	/* enum arith or enum cmp */
} binops[] = {
	{ T_OR, P_OR, OP_OR, 0 },
	{ T_AND, P_AND, OP_AND, 0 },
	{ T_EQ, P_EQ, OP_CMP, C_EQ },
	{ T_NE, P_EQ, OP_CMP, C_NE },
	{ T_IS, P_EQ, OP_NULL, 0 },	/* IS [NOT] [DISTINCT FROM] */
	{ T_IN, P_EQ, OP_NULL, 0 },
	{ T_BETWEEN, P_EQ, OP_NULL, 0 },
	{ T_LIKE, P_EQ, OP_NULL, 0 },
	{ T_NOT, P_EQ, OP_NULL, 0 },	/* NOT IN/BETWEEN/LIKE/NULL */
	{ T_ISNULL, P_EQ, OP_ISNULL, 0 },
	{ T_NOTNULL, P_EQ, OP_ISNULL, 1 },
	{ T_LT, P_CMP, OP_CMP, C_LT },
	{ T_LE, P_CMP, OP_CMP, C_LE },
	{ T_GT, P_CMP, OP_CMP, C_GT },
	{ T_GE, P_CMP, OP_CMP, C_GE },
	{ T_PLUS, P_ADD, OP_ARITH, AR_ADD },
	{ T_MINUS, P_ADD, OP_ARITH, AR_SUB },
	{ T_STAR, P_MUL, OP_ARITH, AR_MUL },
	{ T_SLASH, P_MUL, OP_ARITH, AR_DIV },
	{ T_REM, P_MUL, OP_ARITH, AR_REM },
	{ T_CONCAT, P_CONCAT, OP_CONCAT, 0 },
};

struct tok {
	enum tk kind;
	size_t off, len;	/* its bytes in the text */
};

/* The compiler's state. */
struct cc {
	expr *e;		/* what is being built */
	const char *text;	/* the expression */
	size_t n;
	struct tok *t;		/* its tokens, ending with T_END */
	size_t nt, pos;
	const struct expr_columns *cols;
	const char *ref_date;	/* expr_compile's argument */
	int depth;		/* current nesting */
	size_t h, hmax;		/* stack height now, at most */
	struct expr_error *err;
};

/* What the parser knows of the expression it has just emitted. */
struct pres {
	unsigned char aff;	/* enum aff */
	int lit;		/* constant index of a bare literal, or -1 */
	int tf;			/* a bare TRUE (1) or FALSE (0), or -1 */
};

/* r describes a computed value (not a literal) of affinity aff. */
static void
computed(struct pres *r, int aff)
{
	r->aff = (unsigned char)aff;
	r->lit = -1;
	r->tf = -1;
}

static int
fail(struct cc *c, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct cc *c, size_t off, const char *fmt, ...)
{
	va_list ap;

	c->err->offset = off;
	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static int
nomem(struct cc *c)
{
	return fail(c, 0, "out of memory");
}

static int
id_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (unsigned char)c >= 0x80;
}

static int
id_char(int c)
{
	return id_start(c) || is_digit(c) || c == '$';
}

/* ASCII case-insensitive s[0..n) == word (NUL-terminated). */
static int
word_eq(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)word[i]))
			return 0;
	return word[n] == '\0';
}

/* The length of the number at p, or 0 when none; *real when it is. */
static size_t
scan_number(const char *p, const char *end, int *real)
{
	const char *q = p;

	*real = 0;
	while (q < end && is_digit(*q))
		q++;
	if (q < end && *q == '.') {
		*real = 1;
		q++;
		while (q < end && is_digit(*q))
			q++;
	}
	if (q == p + (*real ? 1 : 0))
		return 0;	/* "." alone */
	if (q < end && (*q == 'e' || *q == 'E') && ((q + 1 < end &&
	    is_digit(q[1])) || (q + 2 < end && (q[1] == '+' || q[1] == '-') &&
	    is_digit(q[2])))) {
		*real = 1;
		q += 2;
		while (q < end && is_digit(*q))
			q++;
	}
	return (size_t)(q - p);
}

/* Cut the text into tokens.  0, or -1 with the error set. */
static int
tokenize(struct cc *c)
{
	const char *p = c->text, *end = c->text + c->n;
	size_t cap = 16, i;

	if ((c->t = malloc(cap * sizeof *c->t)) == NULL)
		return nomem(c);
	for (;;) {
		struct tok t;
		int real;
		size_t n;

		while (p < end) {
			if (is_space(*p))
				p++;
			else if (*p == '-' && p + 1 < end && p[1] == '-') {
				while (p < end && *p != '\n')
					p++;
			} else if (*p == '/' && p + 1 < end && p[1] == '*') {
				const char *q = p + 2;
				while (q + 1 < end && !(q[0] == '*' &&
				    q[1] == '/'))
					q++;
				if (q + 1 >= end)
					return fail(c, (size_t)(p - c->text),
					    "unterminated comment");
				p = q + 2;
			} else
				break;
		}
		if (c->nt + 1 >= cap) {
			struct tok *nt = realloc(c->t, 2 * cap * sizeof *nt);
			if (nt == NULL)
				return nomem(c);
			c->t = nt;
			cap *= 2;
		}
		t.off = (size_t)(p - c->text);
		if (p >= end) {
			t.kind = T_END;
			t.len = 0;
			c->t[c->nt++] = t;
			return 0;
		}
		if ((n = scan_number(p, end, &real)) > 0) {
			t.kind = real ? T_REAL : T_INT;
			if (p + n < end && id_char(p[n])) {
				while (p + n < end && id_char(p[n]))
					n++;
				return fail(c, t.off,
				    "unrecognized token '%.*s'", (int)n, p);
			}
		} else if (*p == '\'' || *p == '"') {
			char q = *p;
			for (n = 1;; n++) {
				if (p + n >= end)
					return fail(c, t.off, q == '\'' ?
					    "unterminated string" :
					    "unterminated quoted name");
				if (p[n] == q) {
					if (p + n + 1 < end && p[n + 1] == q)
						n++;
					else
						break;
				}
			}
			n++;
			t.kind = q == '\'' ? T_STR : T_QID;
		} else if (id_start(*p)) {
			for (n = 1; p + n < end && id_char(p[n]); n++)
				;
			t.kind = T_ID;
			for (i = 0; i < sizeof keywords / sizeof *keywords;
			    i++)
				if (word_eq(p, n, keywords[i].text)) {
					t.kind = keywords[i].kind;
					break;
				}
		} else {
			for (i = 0; i < sizeof puncts / sizeof *puncts; i++) {
				n = strlen(puncts[i].text);
				if ((size_t)(end - p) >= n &&
				    memcmp(p, puncts[i].text, n) == 0)
					break;
			}
			if (i == sizeof puncts / sizeof *puncts) {
				n = (size_t)(utf8_skip((const unsigned char *)p,
				    (const unsigned char *)end) -
				    (const unsigned char *)p);
				return fail(c, t.off,
				    "unrecognized token '%.*s'", (int)n, p);
			}
			t.kind = puncts[i].kind;
		}
		t.len = n;
		c->t[c->nt++] = t;
		p += n;
	}
}

/* ------------------------------------------------------------------ */
/* The parser, emitting code                                          */
/* ------------------------------------------------------------------ */

static const struct tok *
cur(struct cc *c)
{
	return &c->t[c->pos];
}

static const struct tok *
peek(struct cc *c, size_t k)
{
	return c->pos + k < c->nt ? &c->t[c->pos + k] : &c->t[c->nt - 1];
}

/* "unexpected 'tok'" (with what was expected, when given). */
static int
unexpected(struct cc *c, const char *want)
{
	const struct tok *t = cur(c);
	int n = t->len > 40 ? 40 : (int)t->len;

	if (t->kind == T_END)
		return fail(c, t->off, "unexpected end of expression%s%s%s",
		    want ? " (expected " : "", want ? want : "",
		    want ? ")" : "");
	return fail(c, t->off, "unexpected '%.*s%s'%s%s%s", n,
	    c->text + t->off, t->len > 40 ? "..." : "", want ?
	    " (expected " : "", want ? want : "", want ? ")" : "");
}

static int
expect(struct cc *c, enum tk kind, const char *want)
{
	if (cur(c)->kind != kind)
		return unexpected(c, want);
	c->pos++;
	return 0;
}

static int
enter(struct cc *c, size_t off)
{
	if (++c->depth > EXPR_MAX_DEPTH)
		return fail(c, off, "expression nested deeper than %d",
		    EXPR_MAX_DEPTH);
	return 0;
}

/* Append an instruction popping pop and pushing push values; its index. */
static int
emit(struct cc *c, enum opcode op, int sub, int a, size_t pop, size_t push)
{
	expr *e = c->e;
	struct ins *in;

	if (e->ncode == e->capcode) {
		size_t cap = e->capcode ? 2 * e->capcode : 32;
		struct ins *p = realloc(e->code, cap * sizeof *p);
		if (p == NULL)
			return nomem(c), -1;
		e->code = p;
		e->capcode = cap;
	}
	in = &e->code[e->ncode];
	memset(in, 0, sizeof *in);
	in->op = (unsigned char)op;
	in->sub = (unsigned char)sub;
	in->a = a;
	c->h = c->h - pop + push;
	if (c->h > c->hmax)
		c->hmax = c->h;
	return (int)e->ncode++;
}

/* Add a constant; its index, or -1. */
static int
konst(struct cc *c, const struct expr_value *v)
{
	expr *e = c->e;

	if (e->nk == e->capk) {
		size_t cap = e->capk ? 2 * e->capk : 8;
		struct konst *p = realloc(e->k, cap * sizeof *p);
		if (p == NULL)
			return nomem(c), -1;
		e->k = p;
		e->capk = cap;
	}
	memset(&e->k[e->nk], 0, sizeof e->k[e->nk]);
	e->k[e->nk].v = *v;
	return (int)e->nk++;
}

/* A literal token as a constant pushed; r describes it. */
static int
literal(struct cc *c, struct pres *r)
{
	const struct tok *t = cur(c);
	const char *s = c->text + t->off;
	struct expr_value v;
	int64_t i;
	int k, rc, neg_min = 0;

	memset(&v, 0, sizeof v);
	if (t->kind == T_INT) {
		rc = num_atoi64(s, t->len, &i);
		if (rc == 0)
			set_int(&v, i);
		else {	/* too big: REAL, as in SQLite */
			set_real(&v, 0);
			num_atof(s, t->len, &v.r);
			neg_min = rc == 3;
		}
	} else if (t->kind == T_REAL) {
		set_real(&v, 0);
		num_atof(s, t->len, &v.r);
	} else if (t->kind == T_NULL)
		set_null(&v);
	else if (t->kind == T_TRUE || t->kind == T_FALSE)
		set_int(&v, t->kind == T_TRUE);
	else if (t->kind == T_STR) {
		char *p = malloc(t->len);	/* at least the quotes */
		size_t j, n = 0;
		if (p == NULL)
			return nomem(c);
		for (j = 1; j + 1 < t->len; j++) {
			p[n++] = s[j];
			if (s[j] == '\'')
				j++;
		}
		set_text(&v, p, n);
		if ((k = konst(c, &v)) < 0) {
			free(p);
			return -1;
		}
		c->e->k[k].own = p;
		goto push;
	} else
		return unexpected(c, NULL);
	if ((k = konst(c, &v)) < 0)
		return -1;
	c->e->k[k].neg_min = neg_min;
push:
	c->pos++;
	if (emit(c, OP_CONST, 0, k, 0, 1) < 0)
		return -1;
	computed(r, A_NONE);
	if (t->kind == T_TRUE || t->kind == T_FALSE)
		r->tf = t->kind == T_TRUE;
	else
		r->lit = k;
	return 0;
}

/* The name of an identifier token (quotes removed) into out. */
static size_t
tok_name(struct cc *c, const struct tok *t, char *out, size_t cap)
{
	const char *s = c->text + t->off;
	size_t j, n = 0;

	if (t->kind != T_QID) {
		n = t->len < cap ? t->len : cap - 1;
		memcpy(out, s, n);
	} else
		for (j = 1; j + 1 < t->len && n + 1 < cap; j++) {
			out[n++] = s[j];
			if (s[j] == '"')
				j++;
		}
	out[n] = '\0';
	return n;
}

/* A column reference: exactly the name, else the name in any case. */
static int
column(struct cc *c, struct pres *r)
{
	const struct tok *t = cur(c);
	const struct expr_columns *cols = c->cols;
	char name[256];
	size_t n = tok_name(c, t, name, sizeof name), i, found = (size_t)-1;
	size_t used;

	for (i = 0; cols && i < cols->n; i++)
		if (strlen(cols->name[i]) == n &&
		    memcmp(cols->name[i], name, n) == 0) {
			found = i;
			break;
		}
	for (i = 0; found == (size_t)-1 && cols && i < cols->n; i++)
		if (word_eq(name, n, cols->name[i]))
			found = i;
	if (found == (size_t)-1) {
		char *m = c->err->msg;
		size_t cap = sizeof c->err->msg;
		fail(c, t->off, "unknown column '%s' (columns:", name);
		used = strlen(m);
		for (i = 0; cols && i < cols->n; i++) {
			size_t l = strlen(cols->name[i]);
			if (used + l + 8 >= cap) {
				snprintf(m + used, cap - used, " ...");
				used = strlen(m);
				break;
			}
			used += (size_t)snprintf(m + used, cap - used, "%s %s",
			    i ? "," : "", cols->name[i]);
		}
		if (cols == NULL || cols->n == 0)
			snprintf(m + used, cap - used, " none)");
		else
			snprintf(m + used, cap - used, ")");
		return -1;
	}
	c->pos++;
	if (emit(c, OP_COL, 0, (int)found, 0, 1) < 0)
		return -1;
	computed(r, c->e->colaff[found]);
	return 0;
}

/* SQLite's comparison affinity of two operands (sqlite3CompareAffinity). */
static int
cmp_aff(int a1, int a2)
{
	if (a1 != A_NONE && a2 != A_NONE)
		return a1 >= A_NUMERIC || a2 >= A_NUMERIC ? A_NUMERIC : A_BLOB;
	return a1 != A_NONE ? a1 : a2;
}

static int parse(struct cc *c, int min, struct pres *r);

/* A function call; the name is the current token, '(' the next. */
static int
call(struct cc *c, struct pres *r)
{
	const struct tok *name = cur(c);
	const struct fn *f = NULL;
	struct pres a;
	size_t i, nargs = 0;
	int in;

	for (i = 0; i < sizeof fns / sizeof *fns; i++)
		if (word_eq(c->text + name->off, name->len, fns[i].name)) {
			f = &fns[i];
			break;
		}
	if (f == NULL)
		return fail(c, name->off, "unknown function '%.*s'",
		    (int)name->len, c->text + name->off);
	if (enter(c, name->off) < 0)
		return -1;
	c->pos += 2;
	if (cur(c)->kind != T_RP)
		for (;;) {
			const struct tok *at = cur(c);
			if (parse(c, 0, &a) < 0)
				return -1;
			nargs++;
			if (nargs == 2 && (f->flags & FN_PATTERN)) {
				const struct expr_value *pv;
				char *err;
				rx **p;
				if (a.lit < 0 ||
				    c->e->k[a.lit].v.type != EXPR_TEXT)
					return fail(c, at->off, "%s(): the "
					    "pattern must be a 'literal'",
					    f->name);
				pv = &c->e->k[a.lit].v;
				p = realloc(c->e->rx, (c->e->nrx + 1) *
				    sizeof *p);
				if (p == NULL)
					return nomem(c);
				c->e->rx = p;
				if ((p[c->e->nrx] = rx_compile(pv->s, pv->n, 0,
				    &err)) == NULL) {
					fail(c, at->off, "%s: %s", f->name,
					    err ? err : "out of memory");
					free(err);
					return -1;
				}
				c->e->nrx++;
			}
			if (cur(c)->kind != T_COMMA)
				break;
			c->pos++;
		}
	if (expect(c, T_RP, "')' or ','") < 0)
		return -1;
	c->depth--;
	if ((int)nargs < f->min || (f->max >= 0 && (int)nargs > f->max)) {
		if (f->max < 0)
			return fail(c, name->off, "%s() takes at least %d "
			    "arguments, not %zu", f->name, f->min, nargs);
		if (f->min == f->max)
			return fail(c, name->off, "%s() takes %d argument%s, "
			    "not %zu", f->name, f->min, f->min == 1 ? "" : "s",
			    nargs);
		return fail(c, name->off, "%s() takes %d to %d arguments, "
		    "not %zu", f->name, f->min, f->max, nargs);
	}
	if ((f->flags & FN_REFDATE) && nargs == 1 && !c->e->has_ref) {
		if (c->ref_date == NULL)
			return fail(c, name->off, "%s() needs a reference "
			    "date: give a second argument or set ref_date",
			    f->name);
		return fail(c, name->off, "%s(): bad ref_date '%s' (want "
		    "yyyy-mm-dd)", f->name, c->ref_date);
	}
	if ((in = emit(c, OP_CALL, f->sub, (int)nargs, nargs, 1)) < 0)
		return -1;
	c->e->code[in].b = (int)(f - fns);
	c->e->code[in].c = (f->flags & FN_PATTERN) ? (int)c->e->nrx - 1 : 0;
	computed(r, A_NONE);
	return 0;
}

/* CASE [x] WHEN .. THEN .. [ELSE ..] END; CASE is the current token. */
static int
parse_case(struct cc *c, struct pres *r)
{
	struct pres x = { A_NONE, -1, -1 }, w;
	int base = 0, jnot, jend = -1, in;
	size_t h0 = c->h;

	if (enter(c, cur(c)->off) < 0)
		return -1;
	c->pos++;
	if (cur(c)->kind == T_ENDKW)
		return unexpected(c, "WHEN");
	if (cur(c)->kind != T_WHEN) {
		if (parse(c, 0, &x) < 0)
			return -1;
		base = 1;
	}
	if (cur(c)->kind != T_WHEN)
		return unexpected(c, "WHEN");
	while (cur(c)->kind == T_WHEN) {
		c->pos++;
		if (parse(c, 0, &w) < 0)
			return -1;
		if (base) {
			if ((in = emit(c, OP_CASEEQ, 0, 0, 1, 1)) < 0)
				return -1;
			c->e->code[in].aff = (unsigned char)cmp_aff(x.aff,
			    w.aff);
		}
		if ((jnot = emit(c, OP_JNOT, 0, 0, 1, 0)) < 0 ||
		    expect(c, T_THEN, "THEN") < 0)
			return -1;
		if (base && emit(c, OP_POP, 0, 0, 1, 0) < 0)
			return -1;
		if (parse(c, 0, &w) < 0)
			return -1;
		/* The JUMPs to the end are chained through their a. */
		if ((in = emit(c, OP_JUMP, 0, jend, 0, 0)) < 0)
			return -1;
		jend = in;
		c->e->code[jnot].a = (int)c->e->ncode;
		c->h = h0 + (size_t)base;
	}
	if (base && emit(c, OP_POP, 0, 0, 1, 0) < 0)
		return -1;
	if (cur(c)->kind == T_ELSE) {
		c->pos++;
		if (parse(c, 0, &w) < 0)
			return -1;
	} else if (emit(c, OP_NULL, 0, 0, 0, 1) < 0)
		return -1;
	if (expect(c, T_ENDKW, "END") < 0)
		return -1;
	while (jend >= 0) {
		int next = c->e->code[jend].a;
		c->e->code[jend].a = (int)c->e->ncode;
		jend = next;
	}
	c->depth--;
	computed(r, A_NONE);
	return 0;
}

/* sqlite3AffinityType of a type name. */
static int
type_affinity(const char *s, size_t n)
{
	int aff = A_NUMERIC;
	size_t i;

	for (i = 0; i + 3 <= n; i++) {
		if (word_eq(s + i, 3, "int"))
			return A_INTEGER;
		if (i + 4 > n)
			continue;
		if (word_eq(s + i, 4, "char") || word_eq(s + i, 4, "clob") ||
		    word_eq(s + i, 4, "text"))
			aff = A_TEXT;
		else if (word_eq(s + i, 4, "blob") && (aff == A_NUMERIC ||
		    aff == A_REAL))
			aff = A_BLOB;
		else if ((word_eq(s + i, 4, "real") || word_eq(s + i, 4,
		    "floa") || word_eq(s + i, 4, "doub")) && aff == A_NUMERIC)
			aff = A_REAL;
	}
	return aff;
}

/* CAST(x AS type); CAST is the current token. */
static int
parse_cast(struct cc *c, struct pres *r)
{
	const struct tok *ty, *last;
	struct pres x;
	int aff;

	if (enter(c, cur(c)->off) < 0)
		return -1;
	c->pos++;
	if (expect(c, T_LP, "'('") < 0 || parse(c, 0, &x) < 0 ||
	    expect(c, T_AS, "AS") < 0)
		return -1;
	/* A type name: words, then maybe (n) or (n, m), as in SQLite. */
	ty = cur(c);
	if (ty->kind != T_ID)
		return unexpected(c, "a type");
	while (cur(c)->kind == T_ID)
		c->pos++;
	last = &c->t[c->pos - 1];
	aff = type_affinity(c->text + ty->off, last->off + last->len - ty->off);
	if (aff == A_BLOB)
		return fail(c, ty->off, "CAST to '%.*s' is not supported "
		    "(INTEGER, REAL, TEXT or NUMERIC)",
		    (int)(last->off + last->len - ty->off), c->text + ty->off);
	if (cur(c)->kind == T_LP) {
		int k;
		c->pos++;
		for (k = 0; k < 2; k++) {
			if (cur(c)->kind == T_PLUS || cur(c)->kind == T_MINUS)
				c->pos++;
			if (cur(c)->kind != T_INT && cur(c)->kind != T_REAL)
				return unexpected(c, "a number");
			c->pos++;
			if (k == 1 || cur(c)->kind != T_COMMA)
				break;
			c->pos++;
		}
		if (expect(c, T_RP, "')'") < 0)
			return -1;
	}
	if (expect(c, T_RP, "')'") < 0 || emit(c, OP_CAST, aff, 0, 1, 1) < 0)
		return -1;
	c->depth--;
	computed(r, aff);
	return 0;
}

static int
parse_primary(struct cc *c, struct pres *r)
{
	const struct tok *t = cur(c);

	switch (t->kind) {
	case T_INT:
	case T_REAL:
	case T_STR:
	case T_NULL:
	case T_TRUE:
	case T_FALSE:
		return literal(c, r);
	case T_ID:
		if (peek(c, 1)->kind == T_LP)
			return call(c, r);
		return column(c, r);
	case T_QID:
		return column(c, r);
	case T_LP:
		if (enter(c, t->off) < 0)
			return -1;
		c->pos++;
		if (parse(c, 0, r) < 0 || expect(c, T_RP, "')'") < 0)
			return -1;
		c->depth--;
		return 0;
	case T_CASE:
		return parse_case(c, r);
	case T_CAST:
		return parse_cast(c, r);
	case T_END: case T_RP: case T_COMMA: case T_PLUS: case T_MINUS:
	case T_STAR: case T_SLASH: case T_REM: case T_CONCAT: case T_EQ:
	case T_NE: case T_LT: case T_LE: case T_GT: case T_GE: case T_AND:
	case T_AS: case T_BETWEEN: case T_DISTINCT: case T_ELSE:
	case T_ENDKW: case T_ESCAPE: case T_FROM: case T_IN: case T_IS:
	case T_ISNULL: case T_LIKE: case T_NOT: case T_NOTNULL: case T_OR:
	case T_THEN: case T_WHEN:
		break;
	}
	return unexpected(c, t->kind == T_END ? "an operand" : NULL);
}

/* Prefix operators, then a primary. */
static int
parse_unary(struct cc *c, struct pres *r)
{
	const struct tok *t = cur(c);

	if (t->kind != T_NOT && t->kind != T_MINUS && t->kind != T_PLUS)
		return parse_primary(c, r);
	if (enter(c, t->off) < 0)
		return -1;
	c->pos++;
	if (t->kind == T_NOT) {
		/* NOT binds looser than comparisons: NOT a = b. */
		if (parse(c, P_NOT, r) < 0 || emit(c, OP_NOT, 0, 0, 1, 1) < 0)
			return -1;
	} else if (parse_unary(c, r) < 0)
		return -1;
	else if (t->kind == T_MINUS) {
		struct konst *k = r->lit >= 0 ? &c->e->k[r->lit] : NULL;
		/* A numeric literal is negated as SQLite's parser does:
		 * -9223372036854775808 is an integer, -0.0 is -0.0. */
		if (k && k->neg_min)
			set_int(&k->v, I64_MIN);
		else if (k && k->v.type == EXPR_INTEGER)
			k->v.i = -k->v.i;
		else if (k && k->v.type == EXPR_REAL)
			k->v.r = -k->v.r;
		else if (emit(c, OP_NEG, 0, 0, 1, 1) < 0)
			return -1;
		if (k)
			k->neg_min = 0;
	}
	c->depth--;
	computed(r, A_NONE);	/* unary + strips affinity, as in SQLite */
	return 0;
}

static const struct binop *
binop_for(enum tk kind)
{
	size_t i;

	for (i = 0; i < sizeof binops / sizeof *binops; i++)
		if (binops[i].tok == kind)
			return &binops[i];
	return NULL;
}

/*
 * x [NOT] IN (a, b, ...); the current token is IN.  As SQLite's parser,
 * x IN () is FALSE whatever x is (its code is dropped: start is where it
 * begins, h0 the stack height before it); returns 1 then, else 0.
 */
static int
parse_in(struct cc *c, struct pres *x, size_t start, size_t h0)
{
	struct pres a;
	size_t n = 0;
	int in;

	c->pos++;
	if (cur(c)->kind != T_LP)
		return unexpected(c, "'('");
	if (enter(c, cur(c)->off) < 0)
		return -1;
	c->pos++;
	if (cur(c)->kind != T_RP)
		for (;;) {
			if (parse(c, 0, &a) < 0)
				return -1;
			n++;
			if (cur(c)->kind != T_COMMA)
				break;
			c->pos++;
		}
	if (expect(c, T_RP, "')' or ','") < 0)
		return -1;
	c->depth--;
	if (n == 0) {
		struct expr_value v;
		int k;
		c->e->ncode = start;
		c->h = h0;
		set_int(&v, 0);
		if ((k = konst(c, &v)) < 0 || emit(c, OP_CONST, 0, k, 0, 1) < 0)
			return -1;
		return 1;
	}
	if ((in = emit(c, OP_IN, 0, (int)n, n + 1, 1)) < 0)
		return -1;
	/* The list compares under the left side's affinity alone. */
	c->e->code[in].aff = x->aff;
	return 0;
}

/* x [NOT] BETWEEN a AND b; the current token is BETWEEN. */
static int
parse_between(struct cc *c, struct pres *x)
{
	struct pres a, b;
	int in;

	/* The lower bound may hold another BETWEEN: that is nesting. */
	if (enter(c, cur(c)->off) < 0)
		return -1;
	c->pos++;
	if (parse(c, P_EQ, &a) < 0 || expect(c, T_AND, "AND") < 0 ||
	    parse(c, P_EQ + 1, &b) < 0)
		return -1;
	c->depth--;
	if ((in = emit(c, OP_BETWEEN, 0, 0, 3, 1)) < 0)
		return -1;
	c->e->code[in].aff = (unsigned char)cmp_aff(x->aff, a.aff);
	c->e->code[in].aff2 = (unsigned char)cmp_aff(x->aff, b.aff);
	return 0;
}

/* x [NOT] LIKE p [ESCAPE 'c']; the current token is LIKE. */
static int
parse_like(struct cc *c)
{
	struct pres p;
	int in, esc = -1;

	c->pos++;
	if (parse(c, P_EQ + 1, &p) < 0)
		return -1;
	if (cur(c)->kind == T_ESCAPE) {
		/* SQLite's ESCAPE takes an operand of the operators that
		 * bind tighter than LIKE (ESCAPE 'x' < y is ESCAPE ('x' <
		 * y)); padu wants a literal of one character. */
		const struct tok *t;
		const unsigned char *q, *end;
		struct pres x;
		c->pos++;
		t = cur(c);
		if (parse(c, P_CMP, &x) < 0)
			return -1;
		if (x.lit >= 0 && c->e->k[x.lit].v.type == EXPR_TEXT &&
		    c->e->k[x.lit].v.n > 0) {
			q = (const unsigned char *)c->e->k[x.lit].v.s;
			end = q + c->e->k[x.lit].v.n;
			esc = (int)utf8_read(&q, end);
			if (q != end)
				esc = -1;
		}
		if (esc < 0)
			return fail(c, t->off, "ESCAPE needs a one-character "
			    "'literal'");
		/* The escape's constant stays on the stack: pop it. */
		if (emit(c, OP_POP, 0, 0, 1, 0) < 0)
			return -1;
	}
	if ((in = emit(c, OP_LIKE, 0, 0, 2, 1)) < 0)
		return -1;
	c->e->code[in].b = esc;
	return 0;
}

/*
 * parse: an expression of operators binding at least as tightly as min
 * (enum prec; 0 for all).  Operators of one level are a loop, left to
 * right; only a tighter right operand recurses.
 */
static int
parse(struct cc *c, int min, struct pres *r)
{
	size_t start = c->e->ncode, h0 = c->h;

	if (parse_unary(c, r) < 0)
		return -1;
	for (;;) {
		const struct tok *t = cur(c);
		const struct binop *b = binop_for(t->kind);
		struct pres y;
		int not = 0, in, j, tf = -1;

		if (b == NULL || b->prec < min)
			return 0;
		if (t->kind == T_NOT) {
			enum tk k = peek(c, 1)->kind;
			if (k != T_IN && k != T_BETWEEN && k != T_LIKE &&
			    k != T_NULL)
				return 0;
			c->pos++;
			not = 1;
			t = cur(c);
		}
		switch (t->kind) {
		case T_IN:
			if ((j = parse_in(c, r, start, h0)) < 0)
				return -1;
			if (j == 1) {	/* IN (): FALSE; NOT IN (): TRUE */
				c->e->k[c->e->code[c->e->ncode - 1].a].v.i =
				    not;
				tf = not;
				not = 0;
			}
			break;
		case T_BETWEEN:
			if (parse_between(c, r) < 0)
				return -1;
			break;
		case T_LIKE:
			if (parse_like(c) < 0)
				return -1;
			break;
		case T_NULL:	/* x NOT NULL */
			c->pos++;
			if (emit(c, OP_ISNULL, 1, 0, 1, 1) < 0)
				return -1;
			not = 0;
			break;
		case T_IS: {
			int sub = C_IS;
			c->pos++;
			if (cur(c)->kind == T_NOT) {
				c->pos++;
				sub = C_ISNOT;
			}
			if (cur(c)->kind == T_DISTINCT) {
				c->pos++;
				if (expect(c, T_FROM, "FROM") < 0)
					return -1;
				sub = sub == C_IS ? C_ISNOT : C_IS;
			}
			if (parse(c, P_EQ + 1, &y) < 0)
				return -1;
			if (y.tf >= 0) {
				/* x IS [NOT] TRUE|FALSE tests truth, as
				 * SQLite does: drop the literal. */
				int is = sub == C_IS;
				c->e->ncode--;
				c->h--;
				if (emit(c, OP_TRUTH, !y.tf, y.tf ^ is, 1,
				    1) < 0)
					return -1;
				break;
			}
			if ((in = emit(c, OP_CMP, sub, 0, 2, 1)) < 0)
				return -1;
			c->e->code[in].aff = (unsigned char)cmp_aff(r->aff,
			    y.aff);
			break;
		}
		case T_AND:
		case T_OR:
			c->pos++;
			if ((j = emit(c, t->kind == T_AND ? OP_JFALSE :
			    OP_JTRUE, 0, 0, 0, 0)) < 0 ||
			    parse(c, b->prec + 1, &y) < 0 ||
			    emit(c, (enum opcode)b->op, 0, 0, 2, 1) < 0)
				return -1;
			c->e->code[j].a = (int)c->e->ncode;
			break;
		case T_ISNULL:
		case T_NOTNULL:
			c->pos++;
			if (emit(c, OP_ISNULL, b->sub, 0, 1, 1) < 0)
				return -1;
			break;
		case T_END: case T_INT: case T_REAL: case T_STR: case T_ID:
		case T_QID: case T_LP: case T_RP: case T_COMMA: case T_PLUS:
		case T_MINUS: case T_STAR: case T_SLASH: case T_REM:
		case T_CONCAT: case T_EQ: case T_NE: case T_LT: case T_LE:
		case T_GT: case T_GE: case T_AS: case T_CASE: case T_CAST:
		case T_DISTINCT: case T_ELSE: case T_ENDKW: case T_ESCAPE:
		case T_FALSE: case T_FROM: case T_NOT: case T_THEN:
		case T_TRUE: case T_WHEN:
			/* An ordinary left-associative operator. */
			c->pos++;
			if (parse(c, b->prec + 1, &y) < 0 ||
			    (in = emit(c, (enum opcode)b->op, b->sub, 0, 2,
			    1)) < 0)
				return -1;
			if (b->op == OP_CMP)
				c->e->code[in].aff =
				    (unsigned char)cmp_aff(r->aff, y.aff);
			break;
		}
		if (not && emit(c, OP_NOT, 0, 0, 1, 1) < 0)
			return -1;
		computed(r, A_NONE);
		r->tf = tf;
	}
}

/* ------------------------------------------------------------------ */
/* The interface                                                      */
/* ------------------------------------------------------------------ */

static int
to_aff(enum expr_affinity a)
{
	switch (a) {
	case EXPR_AFF_TEXT:
		return A_TEXT;
	case EXPR_AFF_NUMERIC:
		return A_NUMERIC;
	case EXPR_AFF_INTEGER:
		return A_INTEGER;
	case EXPR_AFF_REAL:
		return A_REAL;
	case EXPR_AFF_NONE:
		break;
	}
	return A_BLOB;
}

expr *
expr_compile(const char *text, size_t n, const struct expr_columns *cols,
    const char *ref_date, struct expr_error *err)
{
	struct cc c;
	struct pres r;
	expr *e;
	size_t i;

	memset(err, 0, sizeof *err);
	memset(&c, 0, sizeof c);
	c.text = text;
	c.n = n;
	c.cols = cols;
	c.ref_date = ref_date;
	c.err = err;
	if ((e = c.e = calloc(1, sizeof *e)) == NULL) {
		nomem(&c);
		return NULL;
	}
	e->ncols = cols ? cols->n : 0;
	if ((e->colaff = calloc(e->ncols + 1, 1)) == NULL)
		goto nomem;
	for (i = 0; i < e->ncols; i++)
		e->colaff[i] = (unsigned char)(cols->aff ?
		    to_aff(cols->aff[i]) : A_TEXT);
	if (ref_date && iso_date(ref_date, strlen(ref_date), &e->ref_y,
	    &e->ref_m, &e->ref_d))
		e->has_ref = 1;
	if (tokenize(&c) < 0)
		goto fail;
	if (c.t[0].kind == T_END) {
		fail(&c, 0, "empty expression");
		goto fail;
	}
	if (parse(&c, 0, &r) < 0)
		goto fail;
	if (cur(&c)->kind != T_END) {
		unexpected(&c, NULL);
		goto fail;
	}
	e->nstack = c.hmax;
	if ((e->stack = calloc(e->nstack, sizeof *e->stack)) == NULL)
		goto nomem;
	free(c.t);
	return e;
nomem:
	nomem(&c);
fail:
	free(c.t);
	expr_free(e);
	return NULL;
}

void
expr_free(expr *e)
{
	size_t i;

	if (e == NULL)
		return;
	arena_reset(e);
	free(e->arena);
	for (i = 0; i < e->nk; i++)
		free(e->k[i].own);
	for (i = 0; i < e->nrx; i++)
		rx_free(e->rx[i]);
	free(e->rx);
	free(e->k);
	free(e->code);
	free(e->colaff);
	free(e->stack);
	free(e);
}

int
expr_eval(expr *e, char *const *f, const size_t *len, struct expr_value *out)
{
	struct expr_value *st = e->stack, *x;
	size_t sp = 0, pc = 0;
	int c, rc;

	arena_reset(e);
	while (pc < e->ncode) {
		const struct ins *in = &e->code[pc++];
		switch ((enum opcode)in->op) {
		case OP_CONST:
			st[sp++] = e->k[in->a].v;
			break;
		case OP_COL:
			column_value(f[in->a], len[in->a], e->colaff[in->a],
			    &st[sp++]);
			break;
		case OP_NULL:
			set_null(&st[sp++]);
			break;
		case OP_POP:
			sp--;
			break;
		case OP_NEG: {
			struct expr_value zero;
			set_int(&zero, 0);
			x = &st[sp - 1];
			arith(AR_SUB, &zero, x, x);
			break;
		}
		case OP_NOT:
			x = &st[sp - 1];
			if (x->type != EXPR_NULL)
				set_int(x, !truth(x, 0));
			break;
		case OP_ISNULL:
			x = &st[sp - 1];
			set_int(x, (x->type == EXPR_NULL) ^ in->sub);
			break;
		case OP_TRUTH:
			x = &st[sp - 1];
			set_int(x, truth(x, in->sub) ^ in->a);
			break;
		case OP_ARITH:
			sp--;
			arith(in->sub, &st[sp - 1], &st[sp], &st[sp - 1]);
			break;
		case OP_CONCAT: {
			struct expr_value *a = &st[sp - 2], *b = &st[sp - 1];
			char *p;
			sp--;
			if (a->type == EXPR_NULL || b->type == EXPR_NULL) {
				set_null(a);
				break;
			}
			if (stringify(e, a) < 0 || stringify(e, b) < 0)
				goto nomem;
			if (e->arena && a->s + a->n == e->arena->data +
			    e->aused && e->arena->cap - e->aused >= b->n) {
				/* a is the newest text: grow it in place, so
				 * that a || b || c ... is linear. */
				memcpy(e->arena->data + e->aused, b->s, b->n);
				e->aused += b->n;
				a->n += b->n;
				break;
			}
			if ((p = arena_alloc(e, a->n + b->n)) == NULL)
				goto nomem;
			memcpy(p, a->s, a->n);
			memcpy(p + a->n, b->s, b->n);
			set_text(a, p, a->n + b->n);
			break;
		}
		case OP_CMP: {
			struct expr_value *a = &st[sp - 2], *b = &st[sp - 1];
			int res;
			sp--;
			if ((rc = compare_aff(e, *a, *b, in->aff, &c)) < 0)
				goto nomem;
			if (rc > 0) {	/* a NULL */
				if (in->sub == C_IS || in->sub == C_ISNOT)
					set_int(a, (a->type == b->type) ^
					    (in->sub == C_ISNOT));
				else
					set_null(a);
				break;
			}
			switch ((enum cmp)in->sub) {
			case C_EQ: case C_IS: res = c == 0; break;
			case C_NE: case C_ISNOT: res = c != 0; break;
			case C_LT: res = c < 0; break;
			case C_LE: res = c <= 0; break;
			case C_GT: res = c > 0; break;
			case C_GE: res = c >= 0; break;
			default: res = 0; break;
			}
			set_int(a, res);
			break;
		}
		case OP_LIKE: {
			struct expr_value *a = &st[sp - 2], *b = &st[sp - 1];
			sp--;
			if (a->type == EXPR_NULL || b->type == EXPR_NULL) {
				set_null(a);
				break;
			}
			if (stringify(e, a) < 0 || stringify(e, b) < 0)
				goto nomem;
			set_int(a, like(b->s, b->n, a->s, a->n, in->b));
			break;
		}
		case OP_IN: {
			struct expr_value *a = &st[sp - 1 - (size_t)in->a];
			size_t k;
			int found = 0, null = a->type == EXPR_NULL;
			for (k = 1; !found && k <= (size_t)in->a; k++) {
				rc = compare_aff(e, *a, a[k], in->aff, &c);
				if (rc < 0)
					goto nomem;
				if (rc > 0)
					null = 1;
				else if (c == 0)
					found = 1;
			}
			sp -= (size_t)in->a;
			if (found)
				set_int(a, 1);
			else if (null && in->a > 0)
				set_null(a);
			else
				set_int(a, 0);
			break;
		}
		case OP_BETWEEN: {
			struct expr_value *a = &st[sp - 3];
			int lo = -1, hi = -1;	/* -1 NULL, else truth */
			sp -= 2;
			if ((rc = compare_aff(e, *a, a[1], in->aff, &c)) < 0)
				goto nomem;
			if (rc == 0)
				lo = c >= 0;
			if ((rc = compare_aff(e, *a, a[2], in->aff2, &c)) < 0)
				goto nomem;
			if (rc == 0)
				hi = c <= 0;
			if (lo == 0 || hi == 0)
				set_int(a, 0);
			else if (lo < 0 || hi < 0)
				set_null(a);
			else
				set_int(a, 1);
			break;
		}
		case OP_AND:
		case OP_OR: {
			int v1, v2, and = in->op == OP_AND;
			sp--;
			v1 = truth(&st[sp - 1], 2);
			v2 = truth(&st[sp], 2);
			if (and ? (v1 == 0 || v2 == 0) : (v1 == 1 || v2 == 1))
				set_int(&st[sp - 1], !and);
			else if (v1 == 2 || v2 == 2)
				set_null(&st[sp - 1]);
			else
				set_int(&st[sp - 1], and);
			break;
		}
		case OP_JFALSE:
			if (truth(&st[sp - 1], 2) == 0) {
				set_int(&st[sp - 1], 0);
				pc = (size_t)in->a;
			}
			break;
		case OP_JTRUE:
			if (truth(&st[sp - 1], 2) == 1) {
				set_int(&st[sp - 1], 1);
				pc = (size_t)in->a;
			}
			break;
		case OP_JNOT:
			sp--;
			if (truth(&st[sp], 0) != 1)
				pc = (size_t)in->a;
			break;
		case OP_JUMP:
			pc = (size_t)in->a;
			break;
		case OP_CASEEQ:
			rc = compare_aff(e, st[sp - 2], st[sp - 1], in->aff,
			    &c);
			if (rc < 0)
				goto nomem;
			set_int(&st[sp - 1], rc == 0 && c == 0);
			break;
		case OP_CAST:
			x = &st[sp - 1];
			if (x->type == EXPR_NULL)
				break;
			switch (in->sub) {
			case A_TEXT:
				if (stringify(e, x) < 0)
					goto nomem;
				break;
			case A_INTEGER:
				set_int(x, val_int(x));
				break;
			case A_REAL:
				set_real(x, val_real(x));
				break;
			default: {	/* NUMERIC: sqlite3VdbeMemNumerify */
				double r;
				int64_t ix;
				if (x->type != EXPR_TEXT)
					break;
				rc = num_atof(x->s, x->n, &r);
				if ((rc == 0 || rc == 1) &&
				    num_atoi64(x->s, x->n, &ix) <= 1)
					set_int(x, ix);
				else if (same_as_int(r, ix = real_to_i64(r)))
					set_int(x, ix);
				else
					set_real(x, r);
				break;
			}
			}
			break;
		case OP_CALL: {
			const struct fn *fn = &fns[in->b];
			struct expr_value *a = &st[sp - (size_t)in->a], res;
			if (fn->impl(e, in, a, in->a, &res) < 0) {
				if (fn->flags & FN_PATTERN)
					goto limit;
				goto nomem;
			}
			sp -= (size_t)in->a;
			st[sp++] = res;
			break;
		}
		}
	}
	*out = st[0];
	return 0;
nomem:
	errno = ENOMEM;
limit:
	set_null(out);
	return -1;
}

const char *
expr_text(const struct expr_value *v, char *buf, size_t *n)
{
	switch (v->type) {
	case EXPR_NULL:
		buf[0] = '\0';
		*n = 0;
		return buf;
	case EXPR_INTEGER:
		*n = fmt_int(buf, v->i);
		return buf;
	case EXPR_REAL:
		*n = fmt_real(buf, v->r, 15, 1);
		return buf;
	case EXPR_TEXT:
		break;
	}
	*n = v->n;
	return v->s;
}

int
expr_true(const struct expr_value *v)
{
	return truth(v, 0);
}

size_t
expr_columns_used(const expr *e, size_t *idx, size_t max)
{
	size_t i, j, n = 0;

	for (j = 0; j < e->ncols; j++)
		for (i = 0; i < e->ncode; i++)
			if (e->code[i].op == OP_COL &&
			    (size_t)e->code[i].a == j) {
				if (n < max)
					idx[n] = j;
				n++;
				break;
			}
	return n;
}
