/* SPDX-License-Identifier: MIT */
/*
 * padu-aggregate: group rows and compute measures, with the region
 * hierarchy rolled up and every region of the reference present.
 *
 *   padu-aggregate -b kode_desa -R regions.csv -u \
 *       -m 'rt_total=count()' -m 'rt_lantai_tanah=count_if(lantai_tanah = 1)' rt.csv
 *
 * Measures come from one registry: count, count_if(expr), rate(expr),
 * sum(col), mean(col), min(col), max(col), median(col), count_distinct(col),
 * share(col, value), fgt(welfare, line, alpha[, weight]) and the
 * Alkire-Foster af_h, af_a, af_m0(k, col:weight, ...).  Numbers are read
 * as exact decimals (six decimal places; more are rounded half away from
 * zero) and summed in 128-bit integers, so sums and the FGT and
 * Alkire-Foster sums are exact and do not depend on the order of the rows;
 * ratios are rounded to six decimals when written.
 *
 * With --rollup REF the first group column holds desa codes of the region
 * reference: kecamatan and kabupaten rows are added, each the sum of its
 * desa, and a tingkat column tells the level; --universe adds every region
 * of the reference, with zero counts where nobody was listed; rows whose
 * code the reference does not know are one explicit group, tingkat
 * "tidak_cocok", never dropped.  Output is ordered by the group key bytes
 * (by region code with --rollup).
 *
 * --partial writes each group's state (counts, exact sums, distinct keys,
 * values for medians) instead of the measures; --merge reads such files
 * and writes what one run over all their rows would have written, byte
 * for byte -- the way to shard a province.
 *
 * Memory: O(groups) for the states, plus the distinct keys of
 * count_distinct and the values of median.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "expr.h"
#include "padu.h"
#include "region.h"
#include "strmap.h"

#define SYNOPSIS "padu-aggregate [-hpuV] [-b COLS] [-M] [-R REF] " \
	"[-r FILE] [-s FILE] [--max-memory SIZE] -m NAME=MEASURE(ARGS)... " \
	"[FILE]..."

#define SCALE 1000000		/* decimals are read in millionths */
/* The largest number read, 10^21: sums of 2^37 of them fit in 128 bits. */
#define MAXNUM ((i128)1000000000 * 1000000000000)

typedef __int128 i128;

static struct {
	const char *by;		/* -b, --by COLS */
	int merge;		/* -M, --merge: inputs are --partial states */
	int partial;		/* -p, --partial: write states */
	const char *ref;	/* -R, --rollup REF */
	int universe;		/* -u, --universe: every region of REF */
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
	const char *max_memory;	/* --max-memory SIZE */
} opt;

enum { OPT_MAX_MEMORY = 256 };	/* long options without a letter */

/* Bytes the groups hold (keys, states, distinct keys, median values). */
static unsigned long long held;

/* ---- the measure registry ---- */

enum mkind {
	M_COUNT, M_COUNT_IF, M_RATE, M_SUM, M_MEAN, M_MIN, M_MAX, M_MEDIAN,
	M_DISTINCT, M_SHARE, M_FGT, M_AF_H, M_AF_A, M_AF_M0
};

static const struct mdef {
	const char *name;
	enum mkind kind;
	int minargs, maxargs;	/* -1: any */
	int expr;		/* the argument is one expression */
	const char *state;	/* the state's fields, for --partial */
} mdefs[] = {
	{ "count", M_COUNT, 0, 0, 0, "n" },
	{ "count_if", M_COUNT_IF, 1, 1, 1, "n" },
	{ "rate", M_RATE, 1, 1, 1, "yes,known" },
	{ "sum", M_SUM, 1, 1, 0, "sum,n" },
	{ "mean", M_MEAN, 1, 1, 0, "sum,n" },
	{ "min", M_MIN, 1, 1, 0, "v,n" },
	{ "max", M_MAX, 1, 1, 0, "v,n" },
	{ "median", M_MEDIAN, 1, 1, 0, "values" },
	{ "count_distinct", M_DISTINCT, 1, 1, 0, "keys" },
	{ "share", M_SHARE, 2, 2, 0, "yes,known" },
	{ "fgt", M_FGT, 3, 4, 0, "n,sum" },
	{ "fgt100", M_FGT, 3, 4, 0, "n,sum" },
	{ "af_h", M_AF_H, 2, -1, 0, "n,q,c" },
	{ "af_a", M_AF_A, 2, -1, 0, "n,q,c" },
	{ "af_m0", M_AF_M0, 2, -1, 0, "n,q,c" },
};
#define NMDEFS (sizeof mdefs / sizeof *mdefs)

struct measure {
	char *name;		/* output column */
	const struct mdef *def;
	long col;		/* the column argument, -1 */
	char *text;		/* expr text (count_if, rate) */
	expr *e;
	char *value;		/* share: the category */
	i128 line;		/* fgt: the poverty line, scaled */
	int alpha;		/* fgt: 0, 1, 2 */
	long wcol;		/* fgt: weight column, -1 */
	i128 k;			/* af: cutoff, scaled */
	long *afcol;		/* af: deprivation columns */
	i128 *afw;		/* af: their weights, scaled */
	size_t naf;
	char **argv;		/* the raw arguments */
	size_t argc;
};

static struct measure *ms;
static size_t nms;

/*
 * count_distinct's keys.  Most groups see few distinct values (a NIK's
 * names, desa, KK), so a small set is one block of length-prefixed keys
 * searched in order -- a few dozen bytes where a hash map costs hundreds;
 * past DSET_SMALL keys or DSET_BYTES bytes it moves into a strmap.  Keys
 * keep their first-seen order either way (--partial writes them).
 */
#define DSET_SMALL 16
#define DSET_BYTES 1024
struct dset {
	strmap *map;		/* NULL while small */
	uint32_t n;		/* small: keys */
	uint32_t len, cap;	/* small: bytes used and allocated */
	unsigned char blob[];	/* small: (4-byte length, bytes) per key */
};

/*
 * One measure's state in one group: 64 bytes, what a kind does not use
 * shared (a million groups of five measures are 320 MB of states).
 */
struct state {
	uint64_t n, q;		/* counts; count_distinct: q is its one
				   inline key's length + 1, or 0 */
	union {
		struct {
			i128 a, b;	/* sums, values */
		};
		char inl[32];	/* count_distinct: its first key, while it
				   is the only one and fits (no dset) */
		struct {
			i128 *vals;	/* median: the values */
			size_t nvals, capvals;
		} md;
	};
	struct dset *keys;	/* count_distinct, from the second key */
};

struct group {
	const char *key;	/* the group's key bytes (0x1F-separated),
				   the groups map's copy */
	size_t keylen;
	struct state *st;	/* nms states */
	uint64_t rows;		/* input rows (rollups: of its desa) */
	long region;		/* rollup: region index, -1 unmatched */
};

static strmap *groups;		/* key → index in grp */
static struct group *grp;
static size_t ngrp, capgrp;
static char **by;		/* group columns */
static size_t nby;
static long *byidx;
static char **head;		/* the input header */
static size_t nhead;
static region_table *regions;
static struct padu_run run;
static csvio_writer *wout;
static struct buf scratch, keybuf;

/* ---- numbers ---- */

/*
 * Parse a decimal into millionths; 0 on success, -1 when not a number, -2
 * when beyond ±MAXNUM (so that sums of any real row count fit in 128 bits).
 */
static int
dec(const char *s, size_t n, i128 *out)
{
	i128 v = 0;
	int neg = 0, digits = 0, frac = -1, round = 0;
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	while (n > i && s[n - 1] == ' ')
		n--;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		digits++;
		if (frac >= 0 && frac >= 6) {
			if (frac == 6)
				round = s[i] >= '5';
			frac++;
			continue;
		}
		if (v > MAXNUM * SCALE)
			return -2;
		v = v * 10 + (s[i] - '0');
		if (frac >= 0)
			frac++;
	}
	if (digits == 0)
		return -1;
	for (frac = frac < 0 ? 0 : frac > 6 ? 6 : frac; frac < 6; frac++)
		v *= 10;
	v += round;
	if (v > MAXNUM * SCALE)
		return -2;
	*out = neg ? -v : v;
	return 0;
}

/* dec for a field of a row: a number out of range is flagged, not used. */
static int
field_dec(const char *s, size_t n, i128 *out)
{
	int r = dec(s, n, out);

	if (r == -2)
		padu_flag(&run, "aggregate_number_range");
	return r;
}

/* Write a millionths value as decimal text: trailing zeros dropped. */
static void
put_dec(struct buf *b, i128 v)
{
	char tmp[64];
	int n = 0, neg = v < 0;
	unsigned __int128 u = neg ? (unsigned __int128)-v : (unsigned __int128)v;
	unsigned __int128 ip = u / SCALE;
	unsigned long fr = (unsigned long)(u % SCALE);
	char digits[48];
	int d = sizeof digits;

	do {
		digits[--d] = (char)('0' + (int)(ip % 10));
		ip /= 10;
	} while (ip);
	n = snprintf(tmp, sizeof tmp, "%s%.*s", neg && u ? "-" : "",
	    (int)sizeof digits - d, digits + d);
	if (fr) {
		n += snprintf(tmp + n, sizeof tmp - (size_t)n, ".%06lu", fr);
		while (tmp[n - 1] == '0')
			n--;
	}
	buf_add(b, tmp, (size_t)n);
}

/* num / den as a decimal rounded half away from zero to 6 places. */
static void
put_ratio(struct buf *b, i128 num, i128 den)
{
	int neg;
	i128 q;

	if (den == 0)
		return;		/* NULL */
	neg = (num < 0) != (den < 0);
	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	/* q = round(num * SCALE / den), without overflowing 128 bits */
	{
		i128 r = num % den, t;

		q = num / den * SCALE;
		if (!__builtin_mul_overflow(r, (i128)SCALE * 2, &t) &&
		    den < ((i128)1 << 125))
			q += (t + den) / (den * 2);
		else
			q += (i128)((long double)r * SCALE / (long double)den +
			    0.5L);
	}
	put_dec(b, neg ? -q : q);
}

/* ---- reading measures ---- */

static long
col_of(const char *name)
{
	size_t i;

	for (i = 0; i < nhead; i++)
		if (strcmp(head[i], name) == 0)
			return (long)i;
	buf_reset(&scratch);
	for (i = 0; i < nhead && scratch.len < 400; i++)
		buf_printf(&scratch, "%s%s", i ? ", " : "", head[i]);
	die(PADU_EXIT_USAGE, "unknown column '%s' (columns: %s)", name,
	    scratch.p ? scratch.p : "none");
}

static char *
trimdup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	{
		char *p = xmalloc(n + 1);
		memcpy(p, s, n);
		p[n] = '\0';
		return p;
	}
}

/* Parse NAME=FUNC(ARGS): the name, the function, the raw arguments. */
static void
parse_measure(const char *spec, struct measure *m)
{
	const char *eq = strchr(spec, '='), *lp, *rp;
	size_t i, depth = 0;
	const char *p, *start;
	int q = 0;

	if (eq == NULL || eq == spec)
		die(PADU_EXIT_USAGE, "--measure: '%s' is not NAME=MEASURE(ARGS)",
		    spec);
	m->name = trimdup(spec, (size_t)(eq - spec));
	lp = strchr(eq, '(');
	rp = strrchr(eq, ')');
	if (lp == NULL || rp == NULL || rp < lp || rp[1 + strspn(rp + 1, " ")])
		die(PADU_EXIT_USAGE, "--measure: '%s' is not NAME=MEASURE(ARGS)",
		    spec);
	{
		char *fn = trimdup(eq + 1, (size_t)(lp - eq - 1));
		for (i = 0; i < NMDEFS; i++)
			if (strcmp(mdefs[i].name, fn) == 0)
				break;
		if (i == NMDEFS) {
			size_t j;
			buf_reset(&scratch);
			for (j = 0; j < NMDEFS; j++)
				buf_printf(&scratch, "%s%s", j ? ", " : "",
				    mdefs[j].name);
			die(PADU_EXIT_USAGE, "--measure: unknown measure '%s' "
			    "(%s)", fn, scratch.p);
		}
		free(fn);
	}
	m->def = &mdefs[i];
	if (m->def->expr) {
		m->text = trimdup(lp + 1, (size_t)(rp - lp - 1));
		if (m->text[0] == '\0')
			die(PADU_EXIT_USAGE, "--measure: %s of '%s' needs an "
			    "expression", m->def->name, m->name);
		return;
	}
	/* Split the arguments at top-level commas. */
	for (p = start = lp + 1; p <= rp; p++) {
		if (*p == '\'')
			q = !q;
		if (q)
			continue;
		if (*p == '(')
			depth++;
		else if (*p == ')' && p < rp)
			depth--;
		if ((*p == ',' && depth == 0) || p == rp) {
			char *a = trimdup(start, (size_t)(p - start));
			if (a[0] == '\0' && p == rp && m->argc == 0) {
				free(a);
				break;
			}
			m->argv = xrealloc(m->argv, (m->argc + 1) *
			    sizeof *m->argv);
			m->argv[m->argc++] = a;
			start = p + 1;
		}
	}
	if ((int)m->argc < m->def->minargs || (m->def->maxargs >= 0 &&
	    (int)m->argc > m->def->maxargs))
		die(PADU_EXIT_USAGE, "--measure: %s takes %d%s argument%s, not "
		    "%zu ('%s')", m->def->name, m->def->minargs,
		    m->def->maxargs < 0 ? " or more" : m->def->maxargs >
		    m->def->minargs ? " or 4" : "", m->def->minargs == 1 &&
		    m->def->maxargs == 1 ? "" : "s", m->argc, spec);
}

/* Resolve columns and compile expressions, once the header is known. */
static void
bind_measure(struct measure *m)
{
	struct expr_columns cols;
	struct expr_error err;
	enum expr_affinity *aff;
	size_t i;

	m->col = m->wcol = -1;
	switch (m->def->kind) {
	case M_COUNT:
		break;
	case M_COUNT_IF:
	case M_RATE:
		aff = xcalloc(nhead + 1, sizeof *aff);
		for (i = 0; i < nhead; i++)
			aff[i] = EXPR_AFF_NUMERIC;
		cols.name = (const char *const *)head;
		cols.aff = aff;
		cols.n = nhead;
		m->e = expr_compile(m->text, strlen(m->text), &cols, NULL, &err);
		free(aff);
		if (m->e == NULL)
			die(PADU_EXIT_USAGE, "--measure %s: column %zu: %s",
			    m->name, err.offset + 1, err.msg);
		break;
	case M_SUM:
	case M_MEAN:
	case M_MIN:
	case M_MAX:
	case M_MEDIAN:
	case M_DISTINCT:
		m->col = col_of(m->argv[0]);
		break;
	case M_SHARE:
		m->col = col_of(m->argv[0]);
		m->value = m->argv[1];
		if (m->value[0] == '\'' && strlen(m->value) >= 2) {
			m->value++;
			m->value[strlen(m->value) - 1] = '\0';
		}
		break;
	case M_FGT:
		m->col = col_of(m->argv[0]);
		if (dec(m->argv[1], strlen(m->argv[1]), &m->line) < 0 ||
		    m->line <= 0)
			die(PADU_EXIT_USAGE, "--measure %s: the poverty line '%s' "
			    "is not a positive number", m->name, m->argv[1]);
		if (strcmp(m->argv[2], "0") && strcmp(m->argv[2], "1") &&
		    strcmp(m->argv[2], "2"))
			die(PADU_EXIT_USAGE, "--measure %s: alpha is 0, 1 or 2, "
			    "not '%s'", m->name, m->argv[2]);
		m->alpha = m->argv[2][0] - '0';
		if (m->argc > 3)
			m->wcol = col_of(m->argv[3]);
		break;
	case M_AF_H:
	case M_AF_A:
	case M_AF_M0:
		if (dec(m->argv[0], strlen(m->argv[0]), &m->k) < 0 || m->k < 0)
			die(PADU_EXIT_USAGE, "--measure %s: the cutoff '%s' is not "
			    "a number", m->name, m->argv[0]);
		m->naf = m->argc - 1;
		m->afcol = xcalloc(m->naf, sizeof *m->afcol);
		m->afw = xcalloc(m->naf, sizeof *m->afw);
		for (i = 0; i < m->naf; i++) {
			char *colon = strrchr(m->argv[i + 1], ':');
			if (colon == NULL || dec(colon + 1, strlen(colon + 1),
			    &m->afw[i]) < 0 || m->afw[i] < 0)
				die(PADU_EXIT_USAGE, "--measure %s: '%s' is not "
				    "COLUMN:WEIGHT", m->name, m->argv[i + 1]);
			*colon = '\0';
			m->afcol[i] = col_of(m->argv[i + 1]);
		}
		break;
	}
}

/* ---- groups ---- */

/* Count bytes more held by the groups, against --max-memory. */
static void
hold(size_t bytes)
{
	held += bytes;
	padu_mem_check(held, ngrp, "groups");
}

/*
 * A group's nms states, zeroed, from slabs of STATE_SLAB groups' worth
 * that are never moved or freed before the end (a calloc per group cost
 * its own header and time, with a million groups).
 */
#define STATE_SLAB 4096
static struct state *
new_states(void)
{
	static struct state *slab;
	static size_t left;
	size_t n = nms ? nms : 1;

	if (left == 0) {
		slab = xcalloc(STATE_SLAB * n, sizeof *slab);
		left = STATE_SLAB;
	}
	left--;
	return slab + (STATE_SLAB - 1 - left) * n;
}

static struct group *
group_for(const char *k, size_t n)
{
	int added;
	long at = smap_put(groups, k, n, (long)ngrp, &added);

	if (at < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	if (!added)
		return &grp[*smap_val(groups, (size_t)at)];
	if (ngrp == capgrp) {
		capgrp = capgrp ? capgrp * 2 : 256;
		grp = xrealloc(grp, capgrp * sizeof *grp);
	}
	/* The map's copy of the key, which stays where it is. */
	grp[ngrp].key = smap_key(groups, (size_t)at);
	grp[ngrp].keylen = n;
	grp[ngrp].st = new_states();
	grp[ngrp].rows = 0;
	grp[ngrp].region = -1;
	ngrp++;
	hold(sizeof *grp + n + 1 + 32 + nms * sizeof *grp->st);
	return &grp[ngrp - 1];
}

static void
add_val(struct state *s, i128 v)
{
	if (s->md.nvals == s->md.capvals) {
		hold((s->md.capvals ? s->md.capvals : 16) * sizeof *s->md.vals);
		s->md.capvals = s->md.capvals ? s->md.capvals * 2 : 16;
		s->md.vals = xrealloc(s->md.vals, s->md.capvals *
		    sizeof *s->md.vals);
	}
	s->md.vals[s->md.nvals++] = v;
}

static size_t
dset_count(const struct dset *d)
{
	return d == NULL ? 0 : d->map ? smap_count(d->map) : d->n;
}

/* Call fn on each key of d in first-seen order. */
static void
dset_walk(const struct dset *d, void (*fn)(void *, const char *, size_t),
    void *ctx)
{
	const unsigned char *p, *e;
	uint32_t n;
	size_t i;

	if (d == NULL)
		return;
	if (d->map) {
		for (i = 0; i < smap_count(d->map); i++)
			fn(ctx, smap_key(d->map, i), smap_keylen(d->map, i));
		return;
	}
	for (p = d->blob, e = d->blob + d->len; p < e; p += 4 + n) {
		memcpy(&n, p, 4);
		fn(ctx, (const char *)p + 4, n);
	}
}

static void
dset_free(struct dset *d)
{
	if (d)
		smap_free(d->map);
	free(d);
}

static void
to_map(void *ctx, const char *k, size_t n)
{
	if (smap_put(ctx, k, n, 0, NULL) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
}

static void add_key_set(struct state *, const char *, size_t);

/*
 * count_distinct: add key k.  Most groups of a high-cardinality group-by
 * (a NIK per source) see one value: it stays in the state itself, and
 * only a second distinct value makes a dset.
 */
static void
add_key(struct state *s, const char *k, size_t n)
{
	char first[sizeof s->inl];
	size_t fn;

	if (s->keys == NULL && s->q == 0 && n <= sizeof s->inl) {
		memcpy(s->inl, k, n);
		s->q = n + 1;
		return;
	}
	if (s->keys == NULL && s->q > 0) {
		fn = (size_t)s->q - 1;
		if (fn == n && memcmp(s->inl, k, n) == 0)
			return;
		memcpy(first, s->inl, fn);
		memset(s->inl, 0, sizeof s->inl);
		s->q = 0;
		add_key_set(s, first, fn);
	}
	add_key_set(s, k, n);
}

/* count_distinct: the number of keys. */
static size_t
distinct_count(const struct state *s)
{
	return s->keys ? dset_count(s->keys) : s->q > 0;
}

/* count_distinct: fn on each key, in first-seen order. */
static void
distinct_walk(const struct state *s, void (*fn)(void *, const char *, size_t),
    void *ctx)
{
	if (s->keys)
		dset_walk(s->keys, fn, ctx);
	else if (s->q > 0)
		fn(ctx, s->inl, (size_t)s->q - 1);
}

static void
add_key_set(struct state *s, const char *k, size_t n)
{
	struct dset *d = s->keys;
	const unsigned char *p, *e;
	uint32_t m;
	int added;

	if (d && d->map == NULL) {
		for (p = d->blob, e = d->blob + d->len; p < e; p += 4 + m) {
			memcpy(&m, p, 4);
			if (m == n && memcmp(p + 4, k, n) == 0)
				return;
		}
		if (d->n < DSET_SMALL && d->len + 4 + n <= DSET_BYTES) {
			if (d->len + 4 + n > d->cap) {
				size_t cap = d->cap * 2 > d->len + 4 + n ?
				    d->cap * 2 : d->len + 4 + n;
				hold(cap - d->cap);
				d = xrealloc(d, sizeof *d + cap);
				d->cap = (uint32_t)cap;
				s->keys = d;
			}
			m = (uint32_t)n;
			memcpy(d->blob + d->len, &m, 4);
			memcpy(d->blob + d->len + 4, k, n);
			d->len += (uint32_t)(4 + n);
			d->n++;
			return;
		}
		/* Too many or too long: into a map, in the same order. */
		{
			strmap *map = smap_new();
			if (map == NULL)
				die(PADU_EXIT_FAIL, "out of memory");
			dset_walk(d, to_map, map);
			hold(2 * d->len + 32 * (size_t)d->n + 64);
			d->map = map;
		}
	}
	if (d == NULL && n + 4 <= DSET_BYTES) {
		size_t cap = 4 + n < 24 ? 24 : 4 + n;
		d = xmalloc(sizeof *d + cap);
		d->map = NULL;
		d->n = 1;
		d->len = (uint32_t)(4 + n);
		d->cap = (uint32_t)cap;
		m = (uint32_t)n;
		memcpy(d->blob, &m, 4);
		memcpy(d->blob + 4, k, n);
		s->keys = d;
		hold(sizeof *d + cap + 16);
		return;
	}
	if (d == NULL) {
		d = xcalloc(1, sizeof *d);
		if ((d->map = smap_new()) == NULL)
			die(PADU_EXIT_FAIL, "out of memory");
		s->keys = d;
		hold(sizeof *d + 192);
	}
	if (smap_put(d->map, k, n, 0, &added) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	if (added)
		hold(2 * (n + 1) + 32);
}

static void
add_key_cb(void *ctx, const char *k, size_t n)
{
	add_key(ctx, k, n);
}

/* SQLite's truth: a non-zero number, or text that reads as one. */
static int
truthy(const struct expr_value *v)
{
	return expr_true(v);
}

/* Add one row to group g. */
static void
accumulate(struct group *g, char *const *f, const size_t *len)
{
	size_t i, j;

	for (i = 0; i < nms; i++) {
		struct measure *m = &ms[i];
		struct state *s = &g->st[i];
		struct expr_value v;
		i128 x, w;
		switch (m->def->kind) {
		case M_COUNT:
			s->n++;
			break;
		case M_COUNT_IF:
			if (expr_eval(m->e, f, len, &v) < 0)
				padu_flag(&run, "aggregate_regex_limit");
			s->n += truthy(&v);
			break;
		case M_RATE:
			if (expr_eval(m->e, f, len, &v) < 0)
				padu_flag(&run, "aggregate_regex_limit");
			if (v.type != EXPR_NULL) {
				s->q++;
				s->n += truthy(&v);
			}
			break;
		case M_SUM:
		case M_MEAN:
			if (len[m->col] &&
			    field_dec(f[m->col], len[m->col], &x) == 0) {
				s->a += x;
				s->n++;
			}
			break;
		case M_MIN:
		case M_MAX:
			if (len[m->col] &&
			    field_dec(f[m->col], len[m->col], &x) == 0) {
				if (s->n == 0 || (m->def->kind == M_MIN ? x < s->a :
				    x > s->a))
					s->a = x;
				s->n++;
			}
			break;
		case M_MEDIAN:
			if (len[m->col] &&
			    field_dec(f[m->col], len[m->col], &x) == 0)
				add_val(s, x);
			break;
		case M_DISTINCT:
			if (len[m->col])
				add_key(s, f[m->col], len[m->col]);
			break;
		case M_SHARE:
			if (len[m->col]) {
				s->q++;
				s->n += len[m->col] == strlen(m->value) &&
				    memcmp(f[m->col], m->value, len[m->col]) == 0;
			}
			break;
		case M_FGT:
			w = SCALE;
			if (m->wcol >= 0 && (len[m->wcol] == 0 ||
			    field_dec(f[m->wcol], len[m->wcol], &w) < 0))
				break;
			if (len[m->col] == 0 || field_dec(f[m->col], len[m->col],
			    &x) < 0)
				break;
			/* n: total weight; a: Σ w·((z−y)/z)^α, scaled. */
			s->b += w;
			s->n++;
			if (x < m->line) {
				i128 gap = ((m->line - x) * SCALE + m->line / 2) /
				    m->line;	/* (z−y)/z, millionths */
				i128 t = m->alpha == 0 ? SCALE : m->alpha == 1 ?
				    gap : (gap * gap + SCALE / 2) / SCALE;
				s->a += (t * w + SCALE / 2) / SCALE;
			}
			break;
		case M_AF_H:
		case M_AF_A:
		case M_AF_M0: {
			i128 c = 0;
			int known = 1;
			for (j = 0; j < m->naf; j++) {
				long cc = m->afcol[j];
				if (len[cc] == 0 ||
				    field_dec(f[cc], len[cc], &x) < 0) {
					known = 0;
					break;
				}
				if (x != 0)
					c += m->afw[j];
			}
			if (!known)
				break;
			s->n++;
			if (c >= m->k && c > 0) {
				s->q++;
				s->a += c;
			}
			break;
		}
		}
	}
}

/* Add state b into a (merging groups, or rolling up). */
static void
combine(const struct measure *m, struct state *a, const struct state *b)
{
	size_t i;

	switch (m->def->kind) {
	case M_MIN:
	case M_MAX:
		if (b->n && (a->n == 0 || (m->def->kind == M_MIN ? b->a < a->a :
		    b->a > a->a)))
			a->a = b->a;
		a->n += b->n;
		return;
	case M_MEDIAN:
		for (i = 0; i < b->md.nvals; i++)
			add_val(a, b->md.vals[i]);
		return;
	case M_DISTINCT:
		distinct_walk(b, add_key_cb, a);
		return;
	case M_COUNT:
	case M_COUNT_IF:
	case M_RATE:
	case M_SUM:
	case M_MEAN:
	case M_SHARE:
	case M_FGT:
	case M_AF_H:
	case M_AF_A:
	case M_AF_M0:
		a->n += b->n;
		a->q += b->q;
		a->a += b->a;
		a->b += b->b;
		return;
	}
}

static int
i128cmp(const void *x, const void *y)
{
	i128 a = *(const i128 *)x, b = *(const i128 *)y;

	return a < b ? -1 : a > b;
}

/* The measure's value from its state, appended to b (nothing for NULL). */
/* n in decimal, as printf's %llu. */
static void
put_u64(struct buf *b, uint64_t n)
{
	char t[24], *p = t + sizeof t;

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	buf_add(b, p, (size_t)(t + sizeof t - p));
}

static void
finish(const struct measure *m, struct state *s, struct buf *b)
{
	switch (m->def->kind) {
	case M_COUNT:
	case M_COUNT_IF:
		put_u64(b, s->n);
		return;
	case M_RATE:
	case M_SHARE:
		put_ratio(b, (i128)s->n, (i128)s->q);
		return;
	case M_SUM:
		put_dec(b, s->a);
		return;
	case M_MEAN:
		if (s->n)
			put_ratio(b, s->a, (i128)s->n * SCALE);
		return;
	case M_MIN:
	case M_MAX:
		if (s->n)
			put_dec(b, s->a);
		return;
	case M_MEDIAN:
		if (s->md.nvals == 0)
			return;
		qsort(s->md.vals, s->md.nvals, sizeof *s->md.vals, i128cmp);
		if (s->md.nvals % 2)
			put_dec(b, s->md.vals[s->md.nvals / 2]);
		else
			put_ratio(b, s->md.vals[s->md.nvals / 2 - 1] +
			    s->md.vals[s->md.nvals / 2], 2 * SCALE);
		return;
	case M_DISTINCT:
		put_u64(b, distinct_count(s));
		return;
	case M_FGT:
		/* P_alpha = Σ w·gap^α / Σ w; fgt100 on BPS's scale (×100). */
		if (s->n)
			put_ratio(b, m->def->name[3] ? s->a * 100 : s->a, s->b);
		return;
	case M_AF_H:
		if (s->n)
			put_ratio(b, (i128)s->q, (i128)s->n);
		return;
	case M_AF_A:
		if (s->q)
			put_ratio(b, s->a, (i128)s->q * SCALE);
		return;
	case M_AF_M0:
		if (s->n)
			put_ratio(b, s->a, (i128)s->n * SCALE);
		return;
	}
}

/* ---- partial states ---- */

static void
put_i128(struct buf *b, i128 v)
{
	char tmp[48];
	int n = sizeof tmp, neg = v < 0;
	unsigned __int128 u = neg ? (unsigned __int128)-v : (unsigned __int128)v;

	do {
		tmp[--n] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (neg)
		tmp[--n] = '-';
	buf_add(b, tmp + n, sizeof tmp - (size_t)n);
}

static int
get_i128(const char *s, size_t n, i128 *out)
{
	i128 v = 0;
	size_t i = 0;
	int neg = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, s[i] - '0', &v))
			return -1;
	}
	*out = neg ? -v : v;
	return 0;
}

/* The state as fields: n, q, a, b, then the keys or values (';'). */
/* Append key k to a --partial state's list (0x1F between keys). */
static void
list_key(void *ctx, const char *k, size_t n)
{
	struct buf *list = ctx;

	if (list->len || list->p)
		buf_addc(list, 0x1f);
	buf_add(list, k, n);
}

static void
put_state(struct buf *b, const struct state *s, int kind)
{
	size_t i;

	if (kind == M_DISTINCT) {
		/* Only the keys: the counts and sums are 0. */
		buf_adds(b, "0,0,0,0,");
	} else if (kind == M_MEDIAN) {
		/* The counts, no sums (their place holds the values). */
		buf_printf(b, "%llu,%llu,0,0,", (unsigned long long)s->n,
		    (unsigned long long)s->q);
	} else {
		buf_printf(b, "%llu,%llu,", (unsigned long long)s->n,
		    (unsigned long long)s->q);
		put_i128(b, s->a);
		buf_addc(b, ',');
		put_i128(b, s->b);
		buf_addc(b, ',');
	}
	{
		struct buf list = BUF_INIT;
		if (kind == M_DISTINCT)
			distinct_walk(s, list_key, &list);
		for (i = 0; kind == M_MEDIAN && i < s->md.nvals; i++) {
			if (i)
				buf_addc(&list, ';');
			put_i128(&list, s->md.vals[i]);
		}
		csvio_encode_field(b, list.p ? list.p : "", list.len, 0);
		buf_free(&list);
	}
}

/* ---- output ---- */

/*
 * The groups in key order, unmatched regions last: a multikey quicksort
 * (three-way partitions on the byte at depth d, a key that ends sorting
 * first), which reads each key's bytes about once where qsort's compares
 * read a long shared prefix (a source id) again at every step.  A part
 * whose partitions nest too deep is left to qsort, which gives the same
 * order (the keys are distinct).
 */
struct skey {
	const unsigned char *p;
	size_t n;
	struct group *g;
};

static int
skey_at(const struct skey *k, size_t d)
{
	return d < k->n ? k->p[d] : -1;
}

static int
skey_cmp(const void *x, const void *y)
{
	const struct skey *a = x, *b = y;
	int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);

	return c ? c : a->n < b->n ? -1 : a->n > b->n;
}

static void
skey_sort(struct skey *a, size_t n, size_t d, int depth)
{
	struct skey t;
	size_t lt, i, gt, j;
	int v, c;

	while (n > 1) {
		if (n < 12 || depth > 200) {
			if (n < 12)	/* insertion sort; keys share d bytes */
				for (i = 1; i < n; i++)
					for (j = i; j > 0 && skey_cmp(&a[j - 1],
					    &a[j]) > 0; j--) {
						t = a[j];
						a[j] = a[j - 1];
						a[j - 1] = t;
					}
			else
				qsort(a, n, sizeof *a, skey_cmp);
			return;
		}
		t = a[0];
		a[0] = a[n / 2];
		a[n / 2] = t;
		v = skey_at(&a[0], d);
		for (lt = 0, i = 1, gt = n; i < gt;) {
			c = skey_at(&a[i], d);
			if (c < v) {
				t = a[lt];
				a[lt++] = a[i];
				a[i++] = t;
			} else if (c > v) {
				t = a[i];
				a[i] = a[--gt];
				a[gt] = t;
			} else {
				i++;
			}
		}
		skey_sort(a, lt, d, depth + 1);
		skey_sort(a + gt, n - gt, d, depth + 1);
		if (v < 0)
			return;		/* equal keys, all ended */
		a += lt;
		n = gt - lt;
		d++;
	}
}

static void
sort_groups(struct group **order, size_t n)
{
	struct skey *k = xmalloc((n ? n : 1) * sizeof *k);
	size_t i, m = 0, u;

	for (i = 0; i < n; i++)
		if (order[i]->region != -2) {
			k[m].p = (const unsigned char *)order[i]->key;
			k[m].n = order[i]->keylen;
			k[m++].g = order[i];
		}
	for (i = 0, u = m; i < n; i++)
		if (order[i]->region == -2) {
			k[u].p = (const unsigned char *)order[i]->key;
			k[u].n = order[i]->keylen;
			k[u++].g = order[i];
		}
	skey_sort(k, m, 0, 0);
	skey_sort(k + m, n - m, 0, 0);
	for (i = 0; i < n; i++)
		order[i] = k[i].g;
	free(k);
}

static void
write_header(void)
{
	size_t i;

	buf_reset(&scratch);
	if (opt.ref && !opt.partial) {
		buf_adds(&scratch, "tingkat,kode,nama");
	} else {
		for (i = 0; i < nby; i++) {
			if (i)
				buf_addc(&scratch, ',');
			csvio_encode_field(&scratch, by[i], strlen(by[i]), 0);
		}
	}
	for (i = 0; i < nms; i++) {
		if (scratch.len)
			buf_addc(&scratch, ',');
		if (opt.partial)
			buf_printf(&scratch, "%s@%s", ms[i].name,
			    ms[i].def->name);
		else
			csvio_encode_field(&scratch, ms[i].name,
			    strlen(ms[i].name), 0);
	}
	buf_addc(&scratch, '\n');
	if (csvio_write_raw(wout, scratch.p, scratch.len) < 0)
		padu_write_error();
}

static const char *
level_name(enum region_level l)
{
	switch (l) {
	case REGION_PROVINSI:
		return "provinsi";
	case REGION_KABUPATEN:
		return "kabupaten";
	case REGION_KECAMATAN:
		return "kecamatan";
	case REGION_DESA:
		break;
	}
	return "desa";
}

static void
write_groups(void)
{
	struct group **order;
	struct buf row = BUF_INIT;
	size_t i, j;

	/* Rollup: every group's desa adds into its ancestors. */
	if (opt.ref && !opt.partial) {
		size_t nreg = region_count(regions), n0 = ngrp;
		long *gi = xmalloc(nreg * sizeof *gi);
		for (i = 0; i < nreg; i++)
			gi[i] = -1;
		for (i = 0; i < n0; i++) {
			long r = region_by_code(regions, grp[i].key,
			    grp[i].keylen, 0, NULL);
			if (r < 0 || region_at(regions, (size_t)r)->level !=
			    REGION_DESA) {
				grp[i].region = -2;	/* unmatched */
				continue;
			}
			grp[i].region = r;
			gi[r] = (long)i;
		}
		/* Every region of the reference, with zero states. */
		for (i = 0; i < nreg; i++) {
			const struct region *rg = region_at(regions, i);
			struct group *g;
			if (gi[i] >= 0)
				continue;
			if (!opt.universe && rg->level == REGION_DESA)
				continue;
			g = group_for(rg->kode, strlen(rg->kode));
			g->region = (long)i;
			gi[i] = (long)(g - grp);
		}
		/* Roll desa up through their parents (desa rows first). */
		for (i = 0; i < ngrp; i++) {
			long r = grp[i].region, p;
			if (r < 0 || region_at(regions, (size_t)r)->level !=
			    REGION_DESA)
				continue;
			for (p = region_at(regions, (size_t)r)->parent; p >= 0;
			    p = region_at(regions, (size_t)p)->parent) {
				grp[gi[p]].rows += grp[i].rows;
				for (j = 0; j < nms; j++)
					combine(&ms[j], &grp[gi[p]].st[j],
					    &grp[i].st[j]);
			}
		}
		/* Without --universe, regions with no rows are left out. */
		free(gi);
	}
	order = xmalloc((ngrp ? ngrp : 1) * sizeof *order);
	for (i = 0; i < ngrp; i++)
		order[i] = &grp[i];
	sort_groups(order, ngrp);
	/* The unmatched desa are one group. */
	if (opt.ref && !opt.partial) {
		struct group *um = NULL;
		size_t k = 0;
		for (i = 0; i < ngrp; i++) {
			if (order[i]->region != -2) {
				order[k++] = order[i];
				continue;
			}
			if (um == NULL) {
				um = order[i];
				order[k++] = um;
				continue;
			}
			for (j = 0; j < nms; j++)
				combine(&ms[j], &um->st[j], &order[i]->st[j]);
		}
		ngrp = k;
	}
	for (i = 0; i < ngrp; i++) {
		struct group *g = order[i];
		int empty = 1;
		buf_reset(&row);
		if (opt.ref && !opt.partial) {
			if (g->region == -2) {
				buf_adds(&row, "tidak_cocok,,(tidak cocok dengan "
				    "rujukan wilayah)");
			} else {
				const struct region *rg = region_at(regions,
				    (size_t)g->region);
				if (!opt.universe && rg->level != REGION_DESA) {
					/* keep ancestors only when they have rows */
					if (g->rows)
						empty = 0;
					if (empty && nms)
						continue;
				}
				buf_printf(&row, "%s,%s,", level_name(rg->level),
				    rg->kode);
				csvio_encode_field(&row, rg->nama,
				    strlen(rg->nama), 0);
			}
		} else {
			const char *p = g->key, *end = g->key + g->keylen;
			for (j = 0; j < nby; j++) {
				const char *q = memchr(p, 0x1f,
				    (size_t)(end - p));
				size_t l = q ? (size_t)(q - p) : (size_t)(end - p);
				if (j)
					buf_addc(&row, ',');
				csvio_encode_field(&row, p, l, 0);
				p += l + 1;
			}
		}
		for (j = 0; j < nms; j++) {
			if (j || nby || (opt.ref && !opt.partial))
				buf_addc(&row, ',');
			if (opt.partial) {
				struct buf st = BUF_INIT;
				put_state(&st, &g->st[j], (int)ms[j].def->kind);
				csvio_encode_field(&row, st.p, st.len, 0);
				buf_free(&st);
			} else {
				struct buf v = BUF_INIT;
				finish(&ms[j], &g->st[j], &v);
				csvio_encode_field(&row, v.p ? v.p : "", v.len, 0);
				buf_free(&v);
			}
		}
		buf_addc(&row, '\n');
		if (csvio_write_raw(wout, row.p, row.len) < 0)
			padu_write_error();
	}
	free(order);
	buf_free(&row);
}

/* ---- reading ---- */

/* Read a --partial state field back into s. */
static int
get_state(const char *f, size_t n, struct state *s, int kind)
{
	struct csvio_rec rec;
	csvio_reader *rd = csvio_open_mem(f, n, "state", ',', '"');
	int ok = -1;

	if (rd && csvio_read(rd, &rec) == CSVIO_OK && rec.n == 5) {
		i128 a, b, x;
		char *end;
		s->n = strtoull(rec.f[0], &end, 10);
		s->q = strtoull(rec.f[1], &end, 10);
		if (get_i128(rec.f[2], rec.len[2], &a) == 0 &&
		    get_i128(rec.f[3], rec.len[3], &b) == 0) {
			const char *p = rec.f[4], *e = p + rec.len[4], *q;
			if (kind != M_MEDIAN) {
				/* A median's sums are 0 (put_state). */
				s->a = a;
				s->b = b;
			}
			if (kind == M_DISTINCT) {
				/* Only the keys count (put_state). */
				memset(s, 0, sizeof *s);
			}
			ok = 0;
			for (; rec.len[4] && p <= e; p = q + 1) {
				q = memchr(p, kind == M_DISTINCT ? 0x1f : ';',
				    (size_t)(e - p));
				if (q == NULL)
					q = e;
				if (kind == M_DISTINCT)
					add_key(s, p, (size_t)(q - p));
				else if (get_i128(p, (size_t)(q - p), &x) == 0)
					add_val(s, x);
				else
					ok = -1;
				if (q == e)
					break;
			}
		}
	}
	csvio_close(rd);
	return ok;
}

static void
read_input(const char *path)
{
	struct csvio_rec rec;
	csvio_reader *rd;
	const char *name;
	size_t i;
	int rc;
	long src_col = -1, row_col = -1;

	if ((rd = csvio_open(path, ',', '"')) == NULL)
		die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" : "%s:",
		    path);
	padu_read_ahead(rd);
	name = csvio_name(rd);
	rc = csvio_read(rd, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
	if (rc == CSVIO_EOF) {
		csvio_close(rd);
		return;
	}
	if (head == NULL) {
		nhead = rec.n;
		head = xcalloc(nhead, sizeof *head);
		for (i = 0; i < nhead; i++)
			head[i] = xstrdup(rec.f[i]);
		byidx = xcalloc(nby + 1, sizeof *byidx);
		if (opt.merge) {
			/* A partial file: the group columns, then NAME@MEASURE. */
			if (nhead != nby + nms)
				die(PADU_EXIT_USAGE, "%s: header: not a --partial "
				    "output of these --by and --measure options",
				    name);
			for (i = 0; i < nby; i++)
				if (strcmp(head[i], by[i]) != 0)
					die(PADU_EXIT_USAGE, "%s: header: column "
					    "%zu is '%s', not '%s'", name, i + 1,
					    head[i], by[i]);
			for (i = 0; i < nms; i++) {
				buf_reset(&scratch);
				buf_printf(&scratch, "%s@%s", ms[i].name,
				    ms[i].def->name);
				if (strcmp(head[nby + i], scratch.p) != 0)
					die(PADU_EXIT_USAGE, "%s: header: column "
					    "%zu is '%s', not '%s'", name,
					    nby + i + 1, head[nby + i],
					    scratch.p);
			}
			for (i = 0; i < nby; i++)
				byidx[i] = (long)i;
		} else {
			for (i = 0; i < nby; i++)
				byidx[i] = col_of(by[i]);
			for (i = 0; i < nms; i++)
				bind_measure(&ms[i]);
		}
	} else {
		int same = rec.n == nhead;
		for (i = 0; same && i < nhead; i++)
			same = strcmp(rec.f[i], head[i]) == 0;
		if (!same)
			die(PADU_EXIT_FAIL, "%s: header differs from the first "
			    "input's; join the inputs with padu-cat first", name);
	}
	for (i = 0; i < nhead; i++) {
		if (strcmp(head[i], "_src") == 0)
			src_col = (long)i;
		if (strcmp(head[i], "_row") == 0)
			row_col = (long)i;
	}
	while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
		struct group *g;
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		run.in++;
		padu_progress(&run, csvio_bytes(rd));
		if (rc == CSVIO_BAD || rec.n != nhead) {
			buf_reset(&scratch);
			if (rc == CSVIO_BAD)
				buf_adds(&scratch, rec.bad);
			else
				buf_printf(&scratch, "ragged row: %zu field%s, "
				    "the header has %zu", rec.n, rec.n == 1 ?
				    "" : "s", nhead);
			padu_reject_stream(&run, name, &rec, src_col, row_col,
			    scratch.p);
			continue;
		}
		buf_reset(&keybuf);
		for (i = 0; i < nby; i++) {
			if (i)
				buf_addc(&keybuf, 0x1f);
			buf_add(&keybuf, rec.f[byidx[i]], rec.len[byidx[i]]);
		}
		if (keybuf.p == NULL)
			buf_reserve(&keybuf, 1);
		g = group_for(keybuf.p, keybuf.len);
		g->rows++;
		if (opt.merge) {
			for (i = 0; i < nms; i++) {
				struct state s;
				memset(&s, 0, sizeof s);
				if (get_state(rec.f[nby + i], rec.len[nby + i], &s,
				    (int)ms[i].def->kind) < 0)
					die(PADU_EXIT_FAIL, "%s:%llu: column '%s' "
					    "is not a --partial state", name,
					    rec.num, head[nby + i]);
				combine(&ms[i], &g->st[i], &s);
				dset_free(s.keys);
				if (ms[i].def->kind == M_MEDIAN)
					free(s.md.vals);
			}
		} else {
			accumulate(g, rec.f, rec.len);
		}
		run.out++;	/* every row is counted into a group */
	}
	csvio_close(rd);
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Group rows and compute measures; roll desa up to kecamatan and\n"
	    "kabupaten over the region reference, with every region present.\n"
	    "\n"
	    "  -b, --by COLS          group columns, comma-separated\n"
	    "  -m, --measure SPEC     NAME=MEASURE(ARGS), repeatable: count(),\n"
	    "                         count_if(EXPR), rate(EXPR), sum(COL),\n"
	    "                         mean(COL), min(COL), max(COL), median(COL),\n"
	    "                         count_distinct(COL), share(COL, VALUE),\n"
	    "                         fgt(COL, LINE, ALPHA[, WEIGHT]), fgt100(...),\n"
	    "                         af_h|af_a|af_m0(K, COL:W, ...)\n"
	    "  -R, --rollup REF       the first group column holds desa codes of\n"
	    "                         REF (regions.csv): add kecamatan and\n"
	    "                         kabupaten rows and a tingkat column\n"
	    "  -u, --universe         with --rollup: every region of REF, zero\n"
	    "                         where nobody was listed\n"
	    "  -p, --partial          write mergeable states, not measures\n"
	    "  -M, --merge            the inputs are --partial outputs\n"
	    "  -r, --rejects FILE     write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE       append the run's statistics to FILE (JSON)\n"
	    "      --max-memory SIZE  exit 1 when the groups take more (bytes,\n"
	    "                         or K, M, G; default $PADU_MAX_MEMORY)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -V, --version          show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Exit status:\n"
	    "0 done; 1 failed (rejected rows without --rejects, I/O, over\n"
	    "--max-memory); 2 bad usage.  See padu-aggregate(1), padu(7).\n",
	    SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
		{ "measure", required_argument, NULL, 'm' },
		{ "merge", no_argument, NULL, 'M' },
		{ "partial", no_argument, NULL, 'p' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "rollup", required_argument, NULL, 'R' },
		{ "stats", required_argument, NULL, 's' },
		{ "universe", no_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char **paths, *err;
	int c, n, k, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":MR:Vb:hm:pr:s:u", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'M':
			opt.merge = 1;
			break;
		case 'R':
			opt.ref = optarg;
			break;
		case 'V':
			printf("padu-aggregate %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'b':
			opt.by = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'm':
			ms = xrealloc(ms, (nms + 1) * sizeof *ms);
			memset(&ms[nms], 0, sizeof *ms);
			parse_measure(optarg, &ms[nms++]);
			break;
		case 'p':
			opt.partial = 1;
			break;
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		case 'u':
			opt.universe = 1;
			break;
		case OPT_MAX_MEMORY:
			opt.max_memory = optarg;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	if (nms == 0)
		die(PADU_EXIT_USAGE, "no measures: say -m NAME=MEASURE(ARGS)");
	padu_mem_cap(opt.max_memory);
	if (opt.partial && opt.merge)
		die(PADU_EXIT_USAGE, "--partial and --merge: choose one");
	if (opt.universe && opt.ref == NULL)
		die(PADU_EXIT_USAGE, "--universe needs --rollup REF");
	if (opt.by) {
		char *copy = xstrdup(opt.by), *p, *save = NULL;
		for (p = strtok_r(copy, ",", &save); p;
		    p = strtok_r(NULL, ",", &save)) {
			by = xrealloc(by, (nby + 1) * sizeof *by);
			by[nby++] = xstrdup(p);
		}
		free(copy);
	}
	if (opt.ref && nby != 1)
		die(PADU_EXIT_USAGE, "--rollup needs exactly one --by column "
		    "(the desa code)");
	for (k = 0; k < (int)nms; k++) {
		int j;
		for (j = 0; j < k; j++)
			if (strcmp(ms[j].name, ms[k].name) == 0)
				die(PADU_EXIT_USAGE, "--measure: '%s' is named "
				    "twice", ms[k].name);
	}
	if (opt.ref && (regions = region_load(opt.ref, NULL, &err)) == NULL)
		die(PADU_EXIT_USAGE, "%s", err);
	paths = padu_operands(argc - optind, argv + optind, &n);
	if ((groups = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);
	for (k = 0; k < n; k++)
		read_input(paths[k]);
	if (nby == 0 && ngrp == 0 && head)
		group_for("", 0);	/* one group, even without rows */
	if ((wout = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	write_header();
	write_groups();
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	/* Rows are aggregated, not passed on: out counts the rows read. */
	status = padu_run_end(&run);
	return status | padu_close_stdout();
}
