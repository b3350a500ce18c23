/* SPDX-License-Identifier: MIT */
/*
 * padu-clean: normalize the values of a canonical stream by rules.
 *
 *   padu-parse ... | padu-clean -f clean.json -g regions.csv -a aliases.csv
 *
 * A rules file (JSON) gives, per column, an ordered list of actions from
 * one registry (trim, collapse_space, upper, lower, title, replace, null,
 * map, yesno, number, date, codelist, name, nik), and a row-level region
 * step that turns whatever a source wrote for a place (a Kemendagri or BPS
 * code in any form, desa and kecamatan names in any spelling) into
 * kode_desa, kode_kecamatan and kode_desa_bps from the region reference.
 * A value that an action cannot read is kept as it was and flagged in
 * _flags (semicolon-separated, stable names: padu-clean(1)); rows are never
 * rejected for their values, only for their structure (a ragged or
 * malformed record, bytes that are not UTF-8).
 *
 * Memory: one row, plus the rules, the code lists and the region table
 * (streaming).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csvio.h"
#include "norm.h"
#include "padu.h"
#include "region.h"
#include "rx.h"
#include "strmap.h"
#include "strsim.h"
#include "utf8.h"

#define SYNOPSIS "padu-clean [-hnV] [-a FILE] [-g FILE] [-r FILE] " \
	"[-s FILE] -f RULES [FILE]..."

#define MAX_WARN 10		/* messages per kind of trouble, then a count */

static struct {
	const char *rules;	/* -f, --rules FILE */
	const char *regions;	/* -g, --regions FILE */
	const char *aliases;	/* -a, --aliases FILE */
	int check;		/* -n, --check: load the rules and stop */
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
} opt;

struct action;
struct row;

/* One entry of the action registry. */
struct actdef {
	const char *name;		/* "do" in the rules */
	const char *const *params;	/* members it accepts besides "do" */
	void (*load)(struct action *, cfg *, cfg_node *);
	/* Transform s[0..n) into out; return 1 when out holds the new value,
	 * 0 to keep s.  Flags go to the row. */
	int (*run)(struct action *, struct row *, const char *, size_t,
	    struct buf *);
};

/* A code list: codes, and the keys that name them. */
struct codelist {
	char **code;		/* the codes, list order */
	size_t ncode;
	strmap *keys;		/* key → code index, or -1 when two codes share it */
	char **fkey;		/* keys eligible for fuzzy matching */
	long *fcode;		/* their codes */
	size_t nfkey;
};

/* An action as loaded, with its parameters. */
struct action {
	const struct actdef *def;
	struct rule *rule;		/* the column it belongs to */
	char **src;			/* "src": only rows of these sources */
	size_t nsrc;
	int mode;			/* upper/lower/title: which */
	rx *re;				/* replace: the pattern */
	char *pattern;			/* replace: its text, for messages */
	char *with;			/* replace: the replacement */
	int global;			/* replace: every match */
	strmap *map;			/* map/null: key → output index */
	char **mapout;			/* map: output values */
	size_t nmapout;
	int map_keep;			/* map: unmapped values kept, not flagged */
	uint64_t null_first[4];		/* null: the first bytes of the folded
					   values, a bit each */
	enum norm_locale locale;	/* number */
	int ranged;			/* number: min and max apply */
	double min, max;		/* number: the range it may take */
	struct norm_date_opt date;	/* date */
	struct codelist *list;		/* codelist */
	int fuzzy;			/* codelist: allow typo matches */
	char *keycol;			/* name: the key column */
	long keyidx;			/* its output position */
	int kk;				/* nik: a No KK */
	char *birth, *sex;		/* nik: columns to check against */
	long birthidx, sexidx;		/* their positions, -1 when absent */
	struct norm_nik nik;		/* nik: this row's result */
	int nik_seen;			/* nik: ran on this row */
	unsigned long long limit_warned; /* replace: match-limit messages */
};

/* The actions of one column. */
struct rule {
	char *col;			/* column name */
	long idx;			/* its input position, -1 when absent */
	struct action *act;
	size_t nact;
};

/* The region step. */
struct region_rule {
	int on;
	char **code;			/* columns with Kemendagri codes */
	size_t ncode;
	char **bps;			/* columns with BPS codes */
	size_t nbps;
	char *desa, *kec;		/* name columns */
	long *codeidx, *bpsidx, desaidx, kecidx;
	char *out_desa, *out_kec, *out_bps;	/* output columns */
	long odesa, okec, obps;
	char *flag;			/* flag prefix, "desa" */
	char *regions_path, *aliases_path;	/* from the rules */
};

/* The row being cleaned. */
struct row {
	char **f;			/* current values, output order */
	size_t *len;
	struct buf *val;		/* owned values, per output column */
	struct buf flags;		/* this row's flags, ';'-separated */
	const char *file;		/* for messages */
	unsigned long long num;
};

static struct rule *rules;
static size_t nrules;
static struct region_rule reg;
static region_table *regions;
static strmap *lists;			/* vocabulary field → codelist index */
static struct codelist **codelists;
static size_t ncodelists;
static cfg_node *vocab_fields;		/* the vocabulary's "fields" */
static cfg *vocab;
static strmap *cols;			/* output column → position */
static long flags_idx;			/* position of _flags */
static long src_idx, row_idx;		/* positions of _src, _row or -1 */
static struct padu_run run;
static csvio_writer *wout;
static struct buf scratch;

/* ---- messages about the rules ---- */

static void noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* Refuse the rules at the place of n: "file:line:column: reason", exit 2. */
static void
noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
{
	char *where = cfg_where(c, n);
	va_list ap;

	buf_reset(&scratch);
	va_start(ap, fmt);
	{
		char tmp[1024];
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		buf_adds(&scratch, tmp);
	}
	va_end(ap);
	die(PADU_EXIT_USAGE, "%s: %s", where, scratch.p);
}

static const char *
want_string(cfg *c, cfg_node *obj, const char *member, int required)
{
	cfg_node *n = cfg_get(obj, member);

	if (n == NULL) {
		if (required)
			noreturn_cfg(c, obj, "'%s' is missing", member);
		return NULL;
	}
	if (cfg_type(n) != CFG_STRING || cfg_string_len(n) == 0)
		noreturn_cfg(c, n, "'%s' must be a non-empty string", member);
	return cfg_string(n);
}

static int
want_bool(cfg *c, cfg_node *obj, const char *member, int dflt)
{
	cfg_node *n = cfg_get(obj, member);

	if (n == NULL)
		return dflt;
	if (cfg_type(n) != CFG_TRUE && cfg_type(n) != CFG_FALSE)
		noreturn_cfg(c, n, "'%s' is true or false", member);
	return cfg_bool(n);
}

static long long
want_int(cfg *c, cfg_node *obj, const char *member, long long min,
    long long max, long long dflt)
{
	cfg_node *n = cfg_get(obj, member);
	long long v;

	if (n == NULL)
		return dflt;
	if (cfg_type(n) != CFG_INTEGER || (v = cfg_integer(n)) < min || v > max)
		noreturn_cfg(c, n, "'%s' must be an integer from %lld to %lld",
		    member, min, max);
	return v;
}

/* A list of strings, or one string. */
static char **
want_strings(cfg *c, cfg_node *n, const char *what, size_t *count)
{
	char **v;
	size_t i;

	if (cfg_type(n) == CFG_STRING) {
		v = xcalloc(1, sizeof *v);
		v[0] = xstrdup(cfg_string(n));
		*count = 1;
		return v;
	}
	if (cfg_type(n) != CFG_ARRAY)
		noreturn_cfg(c, n, "%s must be a string or a list of strings",
		    what);
	*count = cfg_size(n);
	v = xcalloc(*count ? *count : 1, sizeof *v);
	for (i = 0; i < *count; i++) {
		cfg_node *e = cfg_at(n, i);
		if (cfg_type(e) != CFG_STRING)
			noreturn_cfg(c, e, "%s must be strings", what);
		v[i] = xstrdup(cfg_string(e));
	}
	return v;
}

/* ---- text helpers ---- */

/*
 * key: a value reduced for matching labels: accents and case folded,
 * upper-case ASCII letters, digits, '<' and '>' only ("Semen/Bata  merah"
 * → "SEMENBATAMERAH"; "Gas >3 kg" → "GAS>3KG", not "Gas 3 kg").
 */
static void
key(const char *s, size_t n, struct buf *k)
{
	char *f = xmalloc(n + 1);
	size_t i, m = utf8_fold(f, s, n, UTF8_FOLD_CASE | UTF8_FOLD_ACCENT);

	buf_reset(k);
	if (k->p == NULL)
		buf_reserve(k, 1);
	for (i = 0; i < m; i++)
		if (f[i] >= 'a' && f[i] <= 'z')
			buf_addc(k, f[i] - 'a' + 'A');
		else if ((f[i] >= '0' && f[i] <= '9') || f[i] == '>' ||
		    f[i] == '<')
			buf_addc(k, f[i]);
	free(f);
}

/* A numeric code without its leading zeros ("01" → "1"), else as is. */
static void
code_key(const char *s, size_t n, struct buf *k)
{
	size_t i;

	key(s, n, k);
	for (i = 0; i < k->len; i++)
		if (k->p[i] < '0' || k->p[i] > '9')
			return;
	for (i = 0; i + 1 < k->len && k->p[i] == '0'; i++)
		;
	memmove(k->p, k->p + i, k->len - i + 1);
	k->len -= i;
}

/* Whitespace: ASCII space, tab, CR, LF, and the no-break space U+00A0. */
static size_t
space_at(const char *s, size_t n, size_t i)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xC2 &&
	    (unsigned char)s[i + 1] == 0xA0)
		return 2;
	return 0;
}

/* ---- the row's flags ---- */

/* Add flag a_b (b may be NULL) to the row once, and count it. */
static void
flag(struct row *r, const char *a, const char *b)
{
	char name[256];
	const char *p;
	size_t n;

	snprintf(name, sizeof name, "%s%s%s", a, b ? "_" : "", b ? b : "");
	n = strlen(name);
	for (p = r->flags.p; p && (p = strstr(p, name)) != NULL; p += n)
		if ((p == r->flags.p || p[-1] == ';') &&
		    (p[n] == ';' || p[n] == '\0'))
			return;
	if (r->flags.len)
		buf_addc(&r->flags, ';');
	buf_add(&r->flags, name, n);
	padu_flag(&run, name);
}

/* ---- actions: text ---- */

static int
run_trim(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	size_t i = 0, k;

	(void)a;
	(void)r;
	while (i < n && (k = space_at(s, n, i)) != 0)
		i += k;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n' || (n - i >= 2 &&
	    (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)))
		n -= (unsigned char)s[n - 1] == 0xA0 ? 2 : 1;
	buf_add(out, s + i, n - i);
	return 1;
}

static int
run_collapse(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	size_t i = 0, k;
	int sp = 0;

	(void)a;
	(void)r;
	/* Most values have nothing to collapse: single inner spaces only. */
	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == '\t' || c == '\r' || c == '\n' || c == 0xC2 ||
		    (c == ' ' && (k == 0 || k + 1 == n || s[k + 1] == ' ')))
			break;
	}
	if (k == n) {
		buf_add(out, s, n);
		if (out->p == NULL)
			buf_reserve(out, 1);
		return 1;
	}
	while (i < n) {
		if ((k = space_at(s, n, i)) != 0) {
			sp = 1;
			i += k;
			continue;
		}
		if (sp && out->len)
			buf_addc(out, ' ');
		else if (sp && out->len == 0 && i > 0)
			buf_addc(out, ' ');
		sp = 0;
		buf_addc(out, s[i++]);
	}
	if (sp && out->len)
		buf_addc(out, ' ');
	if (out->p == NULL)
		buf_reserve(out, 1);
	return 1;
}

enum { CASE_UPPER, CASE_LOWER, CASE_TITLE };

/* One code point's case: ASCII and Latin-1 letters. */
static int32_t
to_case(int32_t c, int upper)
{
	if (upper) {
		if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE &&
		    c != 0xF7))
			return c - 0x20;
		if (c == 0xFF)
			return 0x178;
	} else {
		if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE &&
		    c != 0xD7))
			return c + 0x20;
		if (c == 0x178)
			return 0xFF;
	}
	return c;
}

static int
run_case(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	const char *p = s, *end = s + n, *q;
	int start = 1;
	char enc[4];

	(void)r;
	if (a->mode != CASE_TITLE) {
		/* ASCII a byte at a time, into room made once. */
		if (buf_reserve(out, n) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		while (p < end && (unsigned char)*p < 0x80) {
			char b = *p++;
			if (a->mode == CASE_UPPER ? b >= 'a' && b <= 'z' :
			    b >= 'A' && b <= 'Z')
				b ^= 0x20;
			out->p[out->len++] = b;
		}
		out->p[out->len] = '\0';
	}
	while (p < end) {
		int32_t c;
		int up;
		q = p;
		c = utf8_decode(&p, end);
		if (c < 0) {
			buf_add(out, q, (size_t)(p - q));
			start = 0;
			continue;
		}
		up = a->mode == CASE_UPPER || (a->mode == CASE_TITLE && start);
		c = to_case(c, up);
		buf_add(out, enc, utf8_encode(c, enc));
		/* A word starts after a space or punctuation, not after an
		 * apostrophe (Ma'ruf) or inside one. */
		start = c == ' ' || c == '-' || c == '/' || c == '.' ||
		    c == '(' || c == ',' || c == '"';
	}
	if (out->p == NULL)
		buf_reserve(out, 1);
	return 1;
}

static void
load_case(struct action *a, cfg *c, cfg_node *n)
{
	(void)c;
	(void)n;
	a->mode = strcmp(a->def->name, "upper") == 0 ? CASE_UPPER :
	    strcmp(a->def->name, "lower") == 0 ? CASE_LOWER : CASE_TITLE;
}

/* ---- actions: patterns ---- */

static void
load_replace(struct action *a, cfg *c, cfg_node *n)
{
	const char *pat = want_string(c, n, "pattern", 1);
	cfg_node *w = cfg_get(n, "with");
	char *err;

	if (w == NULL || cfg_type(w) != CFG_STRING)
		noreturn_cfg(c, w ? w : n, "'with' must be a string (the "
		    "replacement; \"\" deletes)");
	a->re = rx_compile(pat, strlen(pat),
	    want_bool(c, n, "caseless", 0) ? RX_CASELESS : 0, &err);
	if (a->re == NULL)
		noreturn_cfg(c, cfg_get(n, "pattern"), "%s", err);
	a->pattern = xstrdup(pat);
	a->with = xstrdup(cfg_string(w));
	a->global = want_bool(c, n, "all", 1);
	/* A bad replacement ($9 with no group 9) is found now, not per row. */
	if (rx_check_replacement(a->re, a->with, &err) < 0)
		noreturn_cfg(c, w, "%s", err);
}

static int
run_replace(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	char *err = NULL;
	int rc = rx_replace(a->re, s, n, a->with, a->global, out, &err);

	if (rc >= 0)
		return 1;
	free(err);
	if (rc == RX_ELIMIT) {
		if (a->limit_warned++ < MAX_WARN)
			warn("%s:%llu: column '%s': pattern '%s' hit the match "
			    "limit on a %zu-byte value; the value is left as it "
			    "was (flag %s_regex_limit)", r->file, r->num,
			    a->rule->col, a->pattern, n, a->rule->col);
		flag(r, a->rule->col, "regex_limit");
	} else {
		flag(r, a->rule->col, "regex_error");
	}
	buf_reset(out);
	return 0;
}

/* ---- actions: value tables ---- */

/* "null": values that mean "no value" become empty. */
static void
load_null(struct action *a, cfg *c, cfg_node *n)
{
	static const char *const dflt[] = { "-", "--", "NULL", "N/A", "NA",
		"#N/A", "(kosong)", "kosong", "tidak ada data", "0000-00-00" };
	cfg_node *v = cfg_get(n, "values");
	char **vals = NULL;
	size_t i, nv;
	char *f;

	if (v)
		vals = want_strings(c, v, "'values'", &nv);
	else
		nv = sizeof dflt / sizeof *dflt;
	if ((a->map = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < nv; i++) {
		const char *s = vals ? vals[i] : dflt[i];
		size_t m;
		f = xmalloc(strlen(s) + 1);
		m = utf8_fold(f, s, strlen(s), UTF8_FOLD_CASE);
		smap_put(a->map, f, m, 0, NULL);
		if (m)
			a->null_first[(unsigned char)f[0] >> 6] |=
			    (uint64_t)1 << ((unsigned char)f[0] & 63);
		free(f);
		if (vals)
			free(vals[i]);
	}
	free(vals);
}

static int
run_null(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	char f[64];
	size_t m;
	unsigned c;

	(void)r;
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof f)
		return 0;
	/* Most values are not null words: an ASCII first byte that, folded,
	 * begins none of them says so without the fold and the lookup. */
	c = (unsigned char)s[0];
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!(a->null_first[c >> 6] & (uint64_t)1 << (c & 63)))
			return 0;
	}
	m = utf8_fold(f, s, n, UTF8_FOLD_CASE);
	if (smap_find(a->map, f, m) < 0)
		return 0;
	buf_reserve(out, 1);
	return 1;
}

/* "map": {"values": {"OUT": ["in", ...], ...}, "else": "flag"|"keep"} */
static void
load_map(struct action *a, cfg *c, cfg_node *n)
{
	cfg_node *v = cfg_get(n, "values");
	struct buf k = BUF_INIT;
	const char *e;
	void *it;
	size_t i, j, nin;
	char **in;
	int added;

	if (v == NULL || cfg_type(v) != CFG_OBJECT || cfg_size(v) == 0)
		noreturn_cfg(c, v ? v : n, "'values' must be an object of "
		    "output value → list of input values");
	if ((e = want_string(c, n, "else", 0)) != NULL) {
		if (strcmp(e, "keep") == 0)
			a->map_keep = 1;
		else if (strcmp(e, "flag") != 0)
			noreturn_cfg(c, cfg_get(n, "else"), "'else' is \"flag\" "
			    "(the default) or \"keep\"");
	}
	if ((a->map = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	a->nmapout = cfg_size(v);
	a->mapout = xcalloc(a->nmapout, sizeof *a->mapout);
	for (it = cfg_iter(v), i = 0; it; it = cfg_next(v, it), i++) {
		a->mapout[i] = xstrdup(cfg_iter_key(it));
		in = want_strings(c, cfg_iter_value(it), "input values", &nin);
		/* The output value names itself too. */
		for (j = 0; j <= nin; j++) {
			const char *s = j < nin ? in[j] : a->mapout[i];
			long at;
			key(s, strlen(s), &k);
			if (k.len == 0 && j < nin)
				noreturn_cfg(c, cfg_iter_value(it), "input value "
				    "'%s' has no letters or digits", s);
			at = smap_put(a->map, k.p, k.len, (long)i, &added);
			if (!added && *smap_val(a->map, (size_t)at) != (long)i) {
				if (j == nin)
					continue;	/* an input value wins */
				noreturn_cfg(c, cfg_iter_value(it), "input value "
				    "'%s' is given for both '%s' and '%s'", s,
				    a->mapout[*smap_val(a->map, (size_t)at)],
				    a->mapout[i]);
			}
			if (!added && j < nin)
				*smap_val(a->map, (size_t)at) = (long)i;
		}
		for (j = 0; j < nin; j++)
			free(in[j]);
		free(in);
	}
	buf_free(&k);
}

static int
run_map(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	long i;

	key(s, n, &scratch);
	if (scratch.len == 0)
		return 0;
	if ((i = smap_find(a->map, scratch.p, scratch.len)) < 0) {
		if (!a->map_keep)
			flag(r, a->rule->col, "unmapped");
		return 0;
	}
	buf_adds(out, a->mapout[*smap_val(a->map, (size_t)i)]);
	return 1;
}

/* ---- actions: typed values ---- */

static int
run_yesno(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	int v = norm_yesno(s, n);

	if (v == 0)
		return 0;
	if (v < 0) {
		flag(r, a->rule->col, "invalid");
		return 0;
	}
	buf_addc(out, v);
	return 1;
}

static void
load_number(struct action *a, cfg *c, cfg_node *n)
{
	const char *l = want_string(c, n, "locale", 0);

	a->locale = NORM_LOCALE_ID;
	if (l == NULL || strcmp(l, "id") == 0)
		a->locale = NORM_LOCALE_ID;
	else if (strcmp(l, "us") == 0 || strcmp(l, "en") == 0)
		a->locale = NORM_LOCALE_US;
	else if (strcmp(l, "auto") == 0)
		a->locale = NORM_LOCALE_AUTO;
	else
		noreturn_cfg(c, cfg_get(n, "locale"), "unknown locale '%s' "
		    "(id: 1.250.000,50; us: 1,250,000.50; auto: only what is "
		    "unambiguous)", l);
	a->ranged = cfg_get(n, "min") != NULL || cfg_get(n, "max") != NULL;
	a->min = (double)want_int(c, n, "min", LLONG_MIN, LLONG_MAX,
	    LLONG_MIN);
	a->max = (double)want_int(c, n, "max", LLONG_MIN, LLONG_MAX,
	    LLONG_MAX);
	if (a->min > a->max)
		noreturn_cfg(c, n, "'min' is above 'max'");
}

/* The flag for a norm status, or NULL for NORM_OK and NORM_EMPTY. */
static const char *
status_flag(int st)
{
	switch (st) {
	case NORM_OK:
	case NORM_EMPTY:
		return NULL;
	case NORM_AMBIGUOUS:
		return "ambiguous";
	case NORM_IMPOSSIBLE:
		return "impossible";
	case NORM_BAD:
		break;
	}
	return "invalid";
}

static int
run_number(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	int st = norm_number(s, n, a->locale, out);
	const char *f = status_flag(st);
	char num[64];
	double v;

	if (f)
		flag(r, a->rule->col, f);
	if (st != NORM_OK || !a->ranged)
		return st == NORM_OK;
	/* Out of its range (a negative desil): missing, flagged. */
	snprintf(num, sizeof num, "%.*s", (int)out->len, out->p ? out->p : "");
	v = strtod(num, NULL);
	if (out->len < sizeof num && v >= a->min && v <= a->max)
		return 1;
	flag(r, a->rule->col, "range");
	buf_reset(out);
	return 1;
}

static void
load_date(struct action *a, cfg *c, cfg_node *n)
{
	const char *o = want_string(c, n, "order", 0);

	a->date.order = 'd';
	if (o && strcmp(o, "mdy") == 0)
		a->date.order = 'm';
	else if (o && strcmp(o, "dmy") != 0)
		noreturn_cfg(c, cfg_get(n, "order"), "'order' is \"dmy\" (the "
		    "default) or \"mdy\"");
	a->date.pivot = (int)want_int(c, n, "pivot", 0, 99, 0);
	a->date.serial = want_bool(c, n, "serial", 0);
	a->date.date1904 = want_bool(c, n, "date1904", 0);
	a->date.min_year = (int)want_int(c, n, "min_year", 0, 9999, 1800);
	a->date.max_year = (int)want_int(c, n, "max_year", 0, 9999, 2200);
	if (a->date.min_year > a->date.max_year)
		noreturn_cfg(c, n, "'min_year' is after 'max_year'");
}

static int
run_date(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	int st = norm_date(s, n, &a->date, out);
	const char *f = status_flag(st);

	if (f)
		flag(r, a->rule->col, f);
	return st == NORM_OK;
}

/* ---- actions: code lists ---- */

/* Register key k for code i; a key two codes share names neither. */
static void
list_key(struct codelist *l, const char *k, size_t n, long i, int fuzzy)
{
	int added;
	long at;

	if (n == 0)
		return;
	if ((at = smap_put(l->keys, k, n, i, &added)) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	if (!added && *smap_val(l->keys, (size_t)at) != i)
		*smap_val(l->keys, (size_t)at) = -1;
	if (added && fuzzy) {
		l->fkey = xrealloc(l->fkey, (l->nfkey + 1) * sizeof *l->fkey);
		l->fcode = xrealloc(l->fcode, (l->nfkey + 1) * sizeof *l->fcode);
		l->fkey[l->nfkey] = xstrdup(k);
		l->fcode[l->nfkey++] = i;
	}
}

/*
 * A code list from a vocabulary field: its enum codes and padu:labels;
 * each label also by each of its '/'-separated parts ("Marmer/granit" →
 * MARMER, GRANIT) unless another code has that part too.
 */
static struct codelist *
vocab_list(cfg *c, cfg_node *at, const char *field)
{
	struct codelist *l;
	cfg_node *f = NULL, *en, *lab;
	struct buf k = BUF_INIT;
	size_t i;
	long li;

	if (lists && (li = smap_find(lists, field, strlen(field))) >= 0)
		return codelists[*smap_val(lists, (size_t)li)];
	if (vocab_fields == NULL)
		noreturn_cfg(c, at, "a codelist needs the 'vocabulary' of the "
		    "rules (a Table Schema with enum constraints)");
	for (i = 0; i < cfg_size(vocab_fields); i++) {
		cfg_node *nm = cfg_get(cfg_at(vocab_fields, i), "name");
		if (nm && cfg_type(nm) == CFG_STRING &&
		    strcmp(cfg_string(nm), field) == 0)
			f = cfg_at(vocab_fields, i);
	}
	if (f == NULL)
		noreturn_cfg(c, at, "the vocabulary has no field '%s'", field);
	en = cfg_get(f, "constraints");
	en = en ? cfg_get(en, "enum") : NULL;
	if (en == NULL || cfg_type(en) != CFG_ARRAY || cfg_size(en) == 0)
		noreturn_cfg(c, at, "vocabulary field '%s' has no enum (no code "
		    "list)", field);
	lab = cfg_get(f, "padu:labels");
	l = xcalloc(1, sizeof *l);
	if ((l->keys = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	l->ncode = cfg_size(en);
	l->code = xcalloc(l->ncode, sizeof *l->code);
	for (i = 0; i < l->ncode; i++) {
		cfg_node *e = cfg_at(en, i), *lv;
		if (cfg_type(e) != CFG_STRING)
			noreturn_cfg(vocab, e, "enum codes must be strings");
		l->code[i] = xstrdup(cfg_string(e));
		code_key(l->code[i], strlen(l->code[i]), &k);
		list_key(l, k.p, k.len, (long)i, 0);
		if (lab && (lv = cfg_get(lab, l->code[i])) != NULL &&
		    cfg_type(lv) == CFG_STRING) {
			const char *s = cfg_string(lv), *p = s, *q;
			key(s, strlen(s), &k);
			list_key(l, k.p, k.len, (long)i, 1);
			if (strchr(s, '/'))
				for (;; p = q + 1) {
					q = strchr(p, '/');
					key(p, q ? (size_t)(q - p) : strlen(p), &k);
					if (k.len >= 4)
						list_key(l, k.p, k.len, (long)i, 1);
					if (q == NULL)
						break;
				}
		}
	}
	if (lists == NULL && (lists = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	smap_put(lists, field, strlen(field), (long)ncodelists, NULL);
	codelists = xrealloc(codelists, (ncodelists + 1) * sizeof *codelists);
	codelists[ncodelists++] = l;
	buf_free(&k);
	return l;
}

/*
 * "codelist": {"list": FIELD (default: the column), "synonyms": {"CODE":
 * [...]}, "fuzzy": true}.  Synonyms are per action: they are added to a
 * copy of the shared list.
 */
static void
load_codelist(struct action *a, cfg *c, cfg_node *n)
{
	const char *field = want_string(c, n, "list", 0);
	cfg_node *syn = cfg_get(n, "synonyms");
	struct codelist *base = vocab_list(c, n, field ? field : a->rule->col);
	struct buf k = BUF_INIT;
	size_t i, j, ns;

	a->fuzzy = want_bool(c, n, "fuzzy", 1);
	if (syn == NULL) {
		a->list = base;
		return;
	}
	if (cfg_type(syn) != CFG_OBJECT)
		noreturn_cfg(c, syn, "'synonyms' must be an object of code → "
		    "list of labels");
	/* A private copy with the synonyms. */
	a->list = xcalloc(1, sizeof *a->list);
	if ((a->list->keys = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	a->list->ncode = base->ncode;
	a->list->code = xcalloc(base->ncode, sizeof *a->list->code);
	for (i = 0; i < base->ncode; i++)
		a->list->code[i] = xstrdup(base->code[i]);
	for (i = 0; i < smap_count(base->keys); i++)
		smap_put(a->list->keys, smap_key(base->keys, i),
		    smap_keylen(base->keys, i), *smap_val(base->keys, i), NULL);
	for (i = 0; i < base->nfkey; i++) {
		a->list->fkey = xrealloc(a->list->fkey,
		    (i + 1) * sizeof *a->list->fkey);
		a->list->fcode = xrealloc(a->list->fcode,
		    (i + 1) * sizeof *a->list->fcode);
		a->list->fkey[i] = xstrdup(base->fkey[i]);
		a->list->fcode[i] = base->fcode[i];
	}
	a->list->nfkey = base->nfkey;
	for (void *it = cfg_iter(syn); it; it = cfg_next(syn, it)) {
		const char *code = cfg_iter_key(it);
		char **v;
		long ci = -1;
		for (i = 0; i < base->ncode; i++)
			if (strcmp(base->code[i], code) == 0)
				ci = (long)i;
		if (ci < 0)
			noreturn_cfg(c, cfg_iter_value(it), "'%s' is not a code "
			    "of list '%s'", code, field ? field : a->rule->col);
		v = want_strings(c, cfg_iter_value(it), "synonyms", &ns);
		for (j = 0; j < ns; j++) {
			long at;
			key(v[j], strlen(v[j]), &k);
			if (k.len == 0)
				noreturn_cfg(c, cfg_iter_value(it), "synonym '%s' "
				    "has no letters or digits", v[j]);
			at = smap_find(a->list->keys, k.p, k.len);
			if (at >= 0 && *smap_val(a->list->keys, (size_t)at) !=
			    ci && *smap_val(a->list->keys, (size_t)at) >= 0)
				noreturn_cfg(c, cfg_iter_value(it), "synonym "
				    "'%s' already names code '%s'", v[j],
				    a->list->code[*smap_val(a->list->keys,
				    (size_t)at)]);
			if (at >= 0)
				*smap_val(a->list->keys, (size_t)at) = ci;
			else
				list_key(a->list, k.p, k.len, ci, 1);
			free(v[j]);
		}
		free(v);
	}
	/* Owned by the action: registered for freeing. */
	codelists = xrealloc(codelists, (ncodelists + 1) * sizeof *codelists);
	codelists[ncodelists++] = a->list;
	buf_free(&k);
}

static int
run_codelist(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	struct codelist *l = a->list;
	long at, best = -1;
	int bestd, d, tie = 0;
	size_t i;

	code_key(s, n, &scratch);
	if (scratch.len == 0)
		return 0;
	if ((at = smap_find(l->keys, scratch.p, scratch.len)) >= 0 &&
	    *smap_val(l->keys, (size_t)at) >= 0) {
		buf_adds(out, l->code[*smap_val(l->keys, (size_t)at)]);
		return 1;
	}
	if (a->fuzzy && at < 0 && scratch.len >= 5) {
		int max = scratch.len >= 8 ? 2 : 1;
		bestd = max + 1;
		for (i = 0; i < l->nfkey; i++) {
			d = strsim_osa(scratch.p, scratch.len, l->fkey[i],
			    strlen(l->fkey[i]), max);
			if (d < bestd) {
				bestd = d;
				best = l->fcode[i];
				tie = 0;
			} else if (d == bestd && l->fcode[i] != best) {
				tie = 1;
			}
		}
		if (best >= 0 && !tie) {
			flag(r, a->rule->col, "fuzzy");
			buf_adds(out, l->code[best]);
			return 1;
		}
	}
	flag(r, a->rule->col, "unknown");
	return 0;
}

/* ---- actions: names and identity numbers ---- */

static void
load_name(struct action *a, cfg *c, cfg_node *n)
{
	const char *k = want_string(c, n, "key", 0);

	if (k == NULL) {
		buf_reset(&scratch);
		buf_printf(&scratch, "%s_kunci", a->rule->col);
		a->keycol = xstrdup(scratch.p);
	} else {
		a->keycol = xstrdup(k);
	}
	a->keyidx = -1;
}

static int
run_name(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	struct buf *kb = &r->val[a->keyidx];

	(void)out;
	buf_reset(kb);
	norm_namekey(s, n, kb);
	if (kb->p == NULL)
		buf_reserve(kb, 1);
	r->f[a->keyidx] = kb->p;
	r->len[a->keyidx] = kb->len;
	return 0;
}

static void
load_nik(struct action *a, cfg *c, cfg_node *n)
{
	const char *k = want_string(c, n, "kind", 0);

	a->kk = 0;
	if (k && strcmp(k, "kk") == 0)
		a->kk = 1;
	else if (k && strcmp(k, "nik") != 0)
		noreturn_cfg(c, cfg_get(n, "kind"), "'kind' is \"nik\" (the "
		    "default) or \"kk\"");
	if ((k = want_string(c, n, "birth", 0)) != NULL)
		a->birth = xstrdup(k);
	if ((k = want_string(c, n, "sex", 0)) != NULL)
		a->sex = xstrdup(k);
	if (a->kk && (a->birth || a->sex))
		noreturn_cfg(c, n, "a No KK holds no birth date or sex: "
		    "'birth' and 'sex' are for kind \"nik\"");
	a->birthidx = a->sexidx = -1;
}

static const struct {
	unsigned bit;
	const char *name;
} nik_flags[] = {
	{ NIK_EMPTY, "missing" },
	{ NIK_EXPONENT, "excel" },
	{ NIK_FLOAT, "excel" },
	{ NIK_CHARS, "chars" },
	{ NIK_LENGTH, "length" },
	{ NIK_PROVINCE, "province" },
	{ NIK_DATE, "date" },
	{ NIK_SERIAL, "serial" },
	{ NIK_DUMMY, "dummy" },
};

static int
run_nik(struct action *a, struct row *r, const char *s, size_t n,
    struct buf *out)
{
	unsigned bits = norm_nik(s, n, a->kk, &a->nik);
	size_t i;

	a->nik_seen = 1;
	for (i = 0; i < sizeof nik_flags / sizeof *nik_flags; i++)
		if (bits & nik_flags[i].bit)
			flag(r, a->rule->col, nik_flags[i].name);
	if (a->nik.digits[0] && (n != 16 || memcmp(s, a->nik.digits, 16))) {
		buf_add(out, a->nik.digits, 16);
		return 1;
	}
	return 0;
}

/*
 * Whether the row's _src is one of the action's "src": equal, or
 * beginning with it and an underscore (regsosek covers regsosek_2022).
 */
static int
src_is(const struct action *a, const struct row *r)
{
	size_t i, n, l;

	if (src_idx < 0)
		return 0;
	n = r->len[src_idx];
	for (i = 0; i < a->nsrc; i++) {
		l = strlen(a->src[i]);
		if ((l == n || (l < n && r->f[src_idx][l] == '_')) &&
		    memcmp(a->src[i], r->f[src_idx], l) == 0)
			return 1;
	}
	return 0;
}

/* The 10 bytes at d as yyyy-mm-dd, digits only: 1, else 0. */
static int
ymd(const char *d, int *y, int *m, int *dd)
{
	static const char shape[] = "9999-99-99";
	size_t i;

	for (i = 0; i < 10; i++)
		if (shape[i] == '9' ? d[i] < '0' || d[i] > '9' : d[i] != '-')
			return 0;
	*y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
	    (d[3] - '0');
	*m = (d[5] - '0') * 10 + (d[6] - '0');
	*dd = (d[8] - '0') * 10 + (d[9] - '0');
	return 1;
}

/* After the row's columns: the NIK against the birth date and sex. */
static void
nik_cross(struct action *a, struct row *r)
{
	const struct norm_nik *k = &a->nik;

	if (!a->nik_seen || k->digits[0] == '\0' ||
	    (k->bits & (NIK_DATE | NIK_EMPTY)))
		return;
	if (a->birthidx >= 0 && r->len[a->birthidx] == 10) {
		const char *d = r->f[a->birthidx];
		int y, m, dd;
		if (ymd(d, &y, &m, &dd) &&
		    (dd != k->day || m != k->month || y % 100 != k->yy))
			flag(r, a->rule->col, "birth_mismatch");
	}
	if (a->sexidx >= 0 && r->len[a->sexidx] == 1) {
		char sx = r->f[a->sexidx][0];
		if ((sx == 'L' && k->female) || (sx == 'P' && !k->female))
			flag(r, a->rule->col, "sex_mismatch");
	}
}

/* ---- the registry ---- */

static const char *const p_none[] = { NULL };
static const char *const p_replace[] = { "pattern", "with", "all",
	"caseless", NULL };
static const char *const p_null[] = { "values", NULL };
static const char *const p_map[] = { "values", "else", NULL };
static const char *const p_number[] = { "locale", "min", "max", NULL };
static const char *const p_date[] = { "order", "pivot", "serial",
	"date1904", "min_year", "max_year", NULL };
static const char *const p_codelist[] = { "list", "synonyms", "fuzzy", NULL };
static const char *const p_name[] = { "key", NULL };
static const char *const p_nik[] = { "kind", "birth", "sex", NULL };

static const struct actdef actdefs[] = {
	{ "trim", p_none, NULL, run_trim },
	{ "collapse_space", p_none, NULL, run_collapse },
	{ "collapse", p_none, NULL, run_collapse },
	{ "upper", p_none, load_case, run_case },
	{ "lower", p_none, load_case, run_case },
	{ "title", p_none, load_case, run_case },
	{ "replace", p_replace, load_replace, run_replace },
	{ "null", p_null, load_null, run_null },
	{ "map", p_map, load_map, run_map },
	{ "yesno", p_none, NULL, run_yesno },
	{ "number", p_number, load_number, run_number },
	{ "date", p_date, load_date, run_date },
	{ "codelist", p_codelist, load_codelist, run_codelist },
	{ "name", p_name, load_name, run_name },
	{ "nik", p_nik, load_nik, run_nik },
};
#define NACTDEFS (sizeof actdefs / sizeof *actdefs)

static void
load_action(struct rule *ru, struct action *a, cfg *c, cfg_node *n)
{
	const char *d;
	size_t i, j;

	if (cfg_type(n) == CFG_STRING) {
		d = cfg_string(n);	/* "trim" for {"do": "trim"} */
	} else if (cfg_type(n) == CFG_OBJECT) {
		d = want_string(c, n, "do", 1);
	} else {
		noreturn_cfg(c, n, "an action is a name or an object with "
		    "\"do\"");
	}
	for (i = 0; i < NACTDEFS; i++)
		if (strcmp(actdefs[i].name, d) == 0)
			break;
	if (i == NACTDEFS) {
		struct buf names = BUF_INIT;
		for (j = 0; j < NACTDEFS; j++)
			buf_printf(&names, "%s%s", j ? ", " : "",
			    actdefs[j].name);
		noreturn_cfg(c, n, "unknown action '%s' (%s)", d, names.p);
	}
	a->def = &actdefs[i];
	a->rule = ru;
	if (cfg_type(n) == CFG_OBJECT)
		for (void *it = cfg_iter(n); it; it = cfg_next(n, it)) {
			const char *m = cfg_iter_key(it);
			if (strcmp(m, "do") == 0)
				continue;
			if (strcmp(m, "src") == 0) {
				a->src = want_strings(c, cfg_iter_value(it),
				    "'src'", &a->nsrc);
				continue;
			}
			for (j = 0; a->def->params[j]; j++)
				if (strcmp(a->def->params[j], m) == 0)
					break;
			if (a->def->params[j] == NULL)
				noreturn_cfg(c, cfg_iter_value(it), "action '%s' "
				    "takes no '%s'", d, m);
		}
	else if (a->def->params[0] && (strcmp(d, "replace") == 0 ||
	    strcmp(d, "map") == 0))
		noreturn_cfg(c, n, "action '%s' needs parameters: write it as "
		    "an object", d);
	if (a->def->load)
		a->def->load(a, c, n);
}

/* ---- loading the rules ---- */

static char *
relative(const char *base, const char *path)
{
	const char *slash = strrchr(base, '/');

	if (path[0] == '/' || slash == NULL)
		return xstrdup(path);
	buf_reset(&scratch);
	buf_add(&scratch, base, (size_t)(slash - base + 1));
	buf_adds(&scratch, path);
	return xstrdup(scratch.p);
}

static void
load_region(cfg *c, cfg_node *n)
{
	static const char *const known[] = { "code", "bps_code", "desa",
		"kecamatan", "out", "flag", "regions", "aliases" };
	cfg_node *v;
	const char *s;
	size_t i;

	if (cfg_type(n) != CFG_OBJECT)
		noreturn_cfg(c, n, "'region' must be an object");
	for (void *it = cfg_iter(n); it; it = cfg_next(n, it)) {
		for (i = 0; i < sizeof known / sizeof *known; i++)
			if (strcmp(cfg_iter_key(it), known[i]) == 0)
				break;
		if (i == sizeof known / sizeof *known)
			noreturn_cfg(c, cfg_iter_value(it), "'region' takes no "
			    "'%s' (code, bps_code, desa, kecamatan, out, flag, "
			    "regions, aliases)", cfg_iter_key(it));
	}
	reg.on = 1;
	if ((v = cfg_get(n, "code")) != NULL)
		reg.code = want_strings(c, v, "'code'", &reg.ncode);
	if ((v = cfg_get(n, "bps_code")) != NULL)
		reg.bps = want_strings(c, v, "'bps_code'", &reg.nbps);
	s = want_string(c, n, "desa", 0);
	reg.desa = s ? xstrdup(s) : NULL;
	s = want_string(c, n, "kecamatan", 0);
	reg.kec = s ? xstrdup(s) : NULL;
	if (reg.ncode + reg.nbps == 0 && reg.desa == NULL)
		noreturn_cfg(c, n, "'region' needs a 'code', 'bps_code' or "
		    "'desa' column");
	reg.out_desa = xstrdup("kode_desa");
	reg.out_kec = xstrdup("kode_kecamatan");
	reg.out_bps = xstrdup("kode_desa_bps");
	if ((v = cfg_get(n, "out")) != NULL) {
		if (cfg_type(v) != CFG_OBJECT)
			noreturn_cfg(c, v, "'out' must be an object with 'desa', "
			    "'kecamatan', 'bps'");
		if ((s = want_string(c, v, "desa", 0)) != NULL) {
			free(reg.out_desa);
			reg.out_desa = xstrdup(s);
		}
		if ((s = want_string(c, v, "kecamatan", 0)) != NULL) {
			free(reg.out_kec);
			reg.out_kec = xstrdup(s);
		}
		if ((s = want_string(c, v, "bps", 0)) != NULL) {
			free(reg.out_bps);
			reg.out_bps = xstrdup(s);
		}
	}
	s = want_string(c, n, "flag", 0);
	reg.flag = xstrdup(s ? s : "desa");
	if ((s = want_string(c, n, "regions", 0)) != NULL)
		reg.regions_path = relative(cfg_name(c), s);
	if ((s = want_string(c, n, "aliases", 0)) != NULL)
		reg.aliases_path = relative(cfg_name(c), s);
}

static void
load_rules(const char *path)
{
	static const char *const known[] = { "padu_rules", "id", "title",
		"description", "source", "vocabulary", "columns", "region" };
	cfg_node *root, *colsn, *v;
	char *err;
	size_t i, j;
	cfg *c;

	if ((c = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "rules %s", err);
	root = cfg_root(c);
	if (cfg_type(root) != CFG_OBJECT)
		noreturn_cfg(c, root, "rules are a JSON object");
	for (void *it = cfg_iter(root); it; it = cfg_next(root, it)) {
		for (i = 0; i < sizeof known / sizeof *known; i++)
			if (strcmp(cfg_iter_key(it), known[i]) == 0)
				break;
		if (i == sizeof known / sizeof *known)
			noreturn_cfg(c, cfg_iter_value(it), "unknown member '%s'",
			    cfg_iter_key(it));
	}
	if ((v = cfg_get(root, "padu_rules")) == NULL ||
	    cfg_type(v) != CFG_INTEGER || cfg_integer(v) != 1)
		noreturn_cfg(c, v ? v : root, "'padu_rules' must be 1 (the "
		    "rules format version)");
	if (want_string(c, root, "vocabulary", 0)) {
		char *vp = relative(path, cfg_string(cfg_get(root,
		    "vocabulary")));
		if ((vocab = cfg_load(vp, &err)) == NULL)
			die(PADU_EXIT_USAGE, "vocabulary %s", err);
		free(vp);
		vocab_fields = cfg_get(cfg_root(vocab), "fields");
		if (vocab_fields == NULL || cfg_type(vocab_fields) != CFG_ARRAY)
			noreturn_cfg(vocab, cfg_root(vocab), "a vocabulary is "
			    "a Table Schema with a 'fields' array");
	}
	colsn = cfg_get(root, "columns");
	if (colsn == NULL || cfg_type(colsn) != CFG_OBJECT)
		noreturn_cfg(c, colsn ? colsn : root, "'columns' must be an "
		    "object of column → list of actions");
	nrules = cfg_size(colsn);
	rules = xcalloc(nrules ? nrules : 1, sizeof *rules);
	i = 0;
	for (void *it = cfg_iter(colsn); it; it = cfg_next(colsn, it), i++) {
		cfg_node *list = cfg_iter_value(it);
		struct rule *ru = &rules[i];
		ru->col = xstrdup(cfg_iter_key(it));
		ru->idx = -1;
		if (cfg_type(list) != CFG_ARRAY)
			noreturn_cfg(c, list, "the actions of '%s' must be a "
			    "list", ru->col);
		ru->nact = cfg_size(list);
		ru->act = xcalloc(ru->nact ? ru->nact : 1, sizeof *ru->act);
		for (j = 0; j < ru->nact; j++)
			load_action(ru, &ru->act[j], c, cfg_at(list, j));
	}
	if ((v = cfg_get(root, "region")) != NULL)
		load_region(c, v);
	cfg_free(c);
}

/* ---- the stream ---- */

static long
col_add(const char *name)
{
	long at;
	int added;

	if ((at = smap_put(cols, name, strlen(name), (long)smap_count(cols),
	    &added)) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	return *smap_val(cols, (size_t)at);
}

static long
col_find(const char *name)
{
	long at = smap_find(cols, name, strlen(name));

	return at < 0 ? -1 : *smap_val(cols, (size_t)at);
}

/* Build the output columns from the first input's header. */
static void
setup_columns(const char *name, char **f, const size_t *len, size_t n)
{
	size_t i, j, bad;
	int added;

	if ((cols = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < n; i++) {
		if (len[i] == 0)
			die(PADU_EXIT_FAIL, "%s: header: column %zu has no name",
			    name, i + 1);
		if (utf8_check(f[i], len[i], &bad) != UTF8_OK)
			die(PADU_EXIT_FAIL, "%s: header: column %zu: name is not "
			    "valid UTF-8 text", name, i + 1);
		if (smap_put(cols, f[i], len[i], (long)i, &added) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		if (!added)
			die(PADU_EXIT_FAIL, "%s: header: duplicate column '%s'",
			    name, f[i]);
	}
	src_idx = col_find("_src");
	row_idx = col_find("_row");
	for (i = 0; i < nrules; i++) {
		rules[i].idx = col_find(rules[i].col);
		for (j = 0; j < rules[i].nact; j++) {
			struct action *a = &rules[i].act[j];
			if (a->keycol && rules[i].idx >= 0)
				a->keyidx = col_add(a->keycol);
		}
	}
	for (i = 0; i < nrules; i++)
		for (j = 0; j < rules[i].nact; j++) {
			struct action *a = &rules[i].act[j];
			if (a->birth)
				a->birthidx = col_find(a->birth);
			if (a->sex)
				a->sexidx = col_find(a->sex);
		}
	if (reg.on) {
		reg.codeidx = xcalloc(reg.ncode + 1, sizeof *reg.codeidx);
		reg.bpsidx = xcalloc(reg.nbps + 1, sizeof *reg.bpsidx);
		for (i = 0; i < reg.ncode; i++)
			reg.codeidx[i] = col_find(reg.code[i]);
		for (i = 0; i < reg.nbps; i++)
			reg.bpsidx[i] = col_find(reg.bps[i]);
		reg.desaidx = reg.desa ? col_find(reg.desa) : -1;
		reg.kecidx = reg.kec ? col_find(reg.kec) : -1;
		reg.odesa = col_add(reg.out_desa);
		reg.okec = col_add(reg.out_kec);
		reg.obps = col_add(reg.out_bps);
	}
	flags_idx = col_add("_flags");
}

/* The region step of a row. */
static void
clean_region(struct row *r)
{
	const struct region *d = NULL, *k;
	enum region_how how = REGION_NONE;
	long i = -1, byname;
	size_t j;
	int conflict = 0, dist, tried_code = 0;
	const char *fl = reg.flag;

	for (j = 0; j < reg.ncode && i < 0; j++) {
		long c = reg.codeidx[j];
		if (c < 0 || r->len[c] == 0)
			continue;
		tried_code = 1;
		if ((i = region_by_code(regions, r->f[c], r->len[c], 0, &how))
		    < 0 || region_at(regions, (size_t)i)->level != REGION_DESA) {
			i = -1;
			flag(r, reg.code[j], "unknown");
		}
	}
	for (j = 0; j < reg.nbps && i < 0; j++) {
		long c = reg.bpsidx[j];
		if (c < 0 || r->len[c] == 0)
			continue;
		tried_code = 1;
		if ((i = region_by_code(regions, r->f[c], r->len[c], 1, &how))
		    < 0 || region_at(regions, (size_t)i)->level != REGION_DESA) {
			i = -1;
			flag(r, reg.bps[j], "unknown");
		}
	}
	if (reg.desaidx >= 0 && r->len[reg.desaidx] > 0) {
		enum region_how nhow;
		byname = region_find_desa(regions, r->f[reg.desaidx],
		    r->len[reg.desaidx], reg.kecidx >= 0 ? r->f[reg.kecidx] : "",
		    reg.kecidx >= 0 ? r->len[reg.kecidx] : 0, &nhow, &conflict);
		if (i >= 0) {
			/* A code wins; a name of another desa is noted. */
			if (byname >= 0 && byname != i &&
			    (nhow == REGION_NAME || nhow == REGION_ALIAS))
				flag(r, fl, "code_conflict");
		} else {
			i = byname;
			how = nhow;
			if (conflict)
				flag(r, fl, "kecamatan_conflict");
		}
	} else if (i < 0 && !tried_code) {
		how = REGION_NONE;
	}
	(void)dist;
	if (i < 0) {
		if (how != REGION_NONE || tried_code)
			flag(r, fl, "unmatched");
		return;
	}
	if (how == REGION_FUZZY)
		flag(r, fl, "fuzzy");
	d = region_at(regions, (size_t)i);
	k = d->parent >= 0 ? region_at(regions, (size_t)d->parent) : NULL;
	r->f[reg.odesa] = (char *)d->kode;
	r->len[reg.odesa] = strlen(d->kode);
	r->f[reg.obps] = (char *)d->kode_bps;
	r->len[reg.obps] = strlen(d->kode_bps);
	if (k && k->level == REGION_KECAMATAN) {
		r->f[reg.okec] = (char *)k->kode;
		r->len[reg.okec] = strlen(k->kode);
	}
}

static void
clean_rows(csvio_reader *rd, const char *name, size_t nin, size_t ncol,
    struct row *r)
{
	struct csvio_rec rec;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct action **nik;	/* the nik actions, for the cross-check */
	size_t i, j, bad, nnik = 0;
	int rc;

	nik = xcalloc(1, sizeof *nik);
	for (i = 0; i < nrules; i++)
		for (j = 0; j < rules[i].nact; j++)
			if (rules[i].act[j].def->run == run_nik) {
				nik = xrealloc(nik, (nnik + 1) * sizeof *nik);
				nik[nnik++] = &rules[i].act[j];
			}
	for (;;) {
		rc = csvio_read(rd, &rec);
		if (rc == CSVIO_EOF)
			break;
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		run.in++;
		padu_progress(&run, csvio_bytes(rd));
		r->num = rec.num;
		buf_reset(&scratch);
		if (rc == CSVIO_BAD) {
			buf_adds(&scratch, rec.bad);
		} else if (rec.n != nin) {
			buf_printf(&scratch, "ragged row: %zu field%s, the header "
			    "has %zu", rec.n, rec.n == 1 ? "" : "s", nin);
		} else {
			for (i = 0; !rec.ascii && i < rec.n; i++)
				if (utf8_check(rec.f[i], rec.len[i], &bad) !=
				    UTF8_OK) {
					buf_printf(&scratch, "field %zu is not "
					    "valid UTF-8 text", i + 1);
					break;
				}
		}
		if (scratch.len) {
			padu_reject_stream(&run, name, &rec, src_idx, row_idx,
			    scratch.p);
			continue;
		}
		for (i = 0; i < ncol; i++) {
			r->f[i] = i < nin ? rec.f[i] : "";
			r->len[i] = i < nin ? rec.len[i] : 0;
		}
		buf_reset(&r->flags);
		if ((size_t)flags_idx < nin)
			buf_add(&r->flags, rec.f[flags_idx], rec.len[flags_idx]);
		for (i = 0; i < nrules; i++) {
			struct rule *ru = &rules[i];
			const char *s;
			size_t n;
			if (ru->idx < 0)
				continue;
			s = r->f[ru->idx];
			n = r->len[ru->idx];
			for (j = 0; j < ru->nact; j++) {
				struct action *ac = &ru->act[j];
				struct buf *o = s == a.p ? &b : &a;
				ac->nik_seen = 0;
				if (ac->nsrc && !src_is(ac, r))
					continue;
				buf_reset(o);
				if (ac->def->run(ac, r, s, n, o)) {
					if (o->p == NULL)
						buf_reserve(o, 1);
					s = o->p;
					n = o->len;
				}
			}
			if (s != r->f[ru->idx]) {
				struct buf *v = &r->val[ru->idx];
				buf_reset(v);
				buf_add(v, s, n);
				if (v->p == NULL)
					buf_reserve(v, 1);
				r->f[ru->idx] = v->p;
				r->len[ru->idx] = v->len;
			}
		}
		for (i = 0; i < nnik; i++)
			nik_cross(nik[i], r);
		if (reg.on)
			clean_region(r);
		r->f[flags_idx] = r->flags.p ? r->flags.p : "";
		r->len[flags_idx] = r->flags.len;
		if (csvio_write(wout, r->f, r->len, ncol) < 0)
			padu_write_error();
		run.out++;
	}
	buf_free(&a);
	buf_free(&b);
	free(nik);
}

static void
free_all(void)
{
	size_t i, j, k;

	for (i = 0; i < nrules; i++) {
		for (j = 0; j < rules[i].nact; j++) {
			struct action *a = &rules[i].act[j];
			rx_free(a->re);
			free(a->pattern);
			free(a->with);
			smap_free(a->map);
			for (k = 0; k < a->nmapout; k++)
				free(a->mapout[k]);
			free(a->mapout);
			free(a->keycol);
			free(a->birth);
			free(a->sex);
			for (k = 0; k < a->nsrc; k++)
				free(a->src[k]);
			free(a->src);
		}
		free(rules[i].act);
		free(rules[i].col);
	}
	free(rules);
	for (i = 0; i < ncodelists; i++) {
		struct codelist *l = codelists[i];
		for (k = 0; k < l->ncode; k++)
			free(l->code[k]);
		for (k = 0; k < l->nfkey; k++)
			free(l->fkey[k]);
		free(l->code);
		free(l->fkey);
		free(l->fcode);
		smap_free(l->keys);
		free(l);
	}
	free(codelists);
	smap_free(lists);
	for (i = 0; i < reg.ncode; i++)
		free(reg.code[i]);
	for (i = 0; i < reg.nbps; i++)
		free(reg.bps[i]);
	free(reg.code);
	free(reg.bps);
	free(reg.codeidx);
	free(reg.bpsidx);
	free(reg.desa);
	free(reg.kec);
	free(reg.out_desa);
	free(reg.out_kec);
	free(reg.out_bps);
	free(reg.flag);
	free(reg.regions_path);
	free(reg.aliases_path);
	region_free(regions);
	cfg_free(vocab);
	smap_free(cols);
	buf_free(&scratch);
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Normalize the values of a canonical stream by rules: text, yes/no,\n"
	    "Indonesian numbers and dates, code lists, name keys, NIK and No KK\n"
	    "checks, and region names or codes → Kemendagri codes.  Values that\n"
	    "cannot be read are kept and flagged in _flags.\n"
	    "\n"
	    "  -f, --rules FILE     the cleaning rules (JSON); required\n"
	    "  -g, --regions FILE   the region reference (regions.csv), for the\n"
	    "                       rules' region step (default: the rules')\n"
	    "  -a, --aliases FILE   other spellings of region names (aliases.csv)\n"
	    "  -n, --check          load and check the rules, read no rows\n"
	    "  -r, --rejects FILE   write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE     append the run's statistics to FILE (JSON)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Exit status:\n"
	    "0 done; 1 failed (rejected rows without --rejects, I/O); 2 bad\n"
	    "usage, rules or reference.  See padu-clean(1), padu(7).\n",
	    SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "aliases", required_argument, NULL, 'a' },
		{ "check", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "regions", required_argument, NULL, 'g' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "rules", required_argument, NULL, 'f' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct csvio_rec rec;
	struct row r;
	csvio_reader **rd;
	char **paths, *err;
	size_t ncol = 0, nin = 0, i;
	int c, n, k, rc, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":Va:f:g:hnr:s:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'V':
			printf("padu-clean %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'a':
			opt.aliases = optarg;
			break;
		case 'f':
			opt.rules = optarg;
			break;
		case 'g':
			opt.regions = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'n':
			opt.check = 1;
			break;
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	if (opt.rules == NULL) {
		warn("no rules: say -f RULES");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	paths = padu_operands(argc - optind, argv + optind, &n);

	load_rules(opt.rules);
	if (reg.on) {
		const char *rp = opt.regions ? opt.regions : reg.regions_path;
		const char *ap = opt.aliases ? opt.aliases :
		    opt.regions ? NULL : reg.aliases_path;
		if (rp == NULL)
			die(PADU_EXIT_USAGE, "%s: the rules have a region step: "
			    "say --regions FILE (or 'regions' in the rules)",
			    opt.rules);
		if ((regions = region_load(rp, ap, &err)) == NULL)
			die(PADU_EXIT_USAGE, "%s", err);
	} else if (opt.regions || opt.aliases) {
		die(PADU_EXIT_USAGE, "%s: --regions and --aliases need a "
		    "'region' step in the rules", opt.rules);
	}
	if (opt.check) {
		free_all();

		return padu_close_stdout();
	}

	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);
	rd = xcalloc((size_t)n, sizeof *rd);
	memset(&r, 0, sizeof r);
	if ((wout = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (k = 0; k < n; k++) {
		const char *name;
		if ((rd[k] = csvio_open(paths[k], ',', '"')) == NULL)
			die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" :
			    "%s:", paths[k]);
		name = csvio_name(rd[k]);
		rc = csvio_read(rd[k], &rec);
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name,
			    csvio_strerror(rd[k]));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
		if (rc == CSVIO_EOF) {
			csvio_close(rd[k]);
			rd[k] = NULL;
			continue;	/* an empty input: no header, no rows */
		}
		if (cols == NULL) {
			nin = rec.n;
			setup_columns(name, rec.f, rec.len, rec.n);
			ncol = smap_count(cols);
			r.f = xcalloc(ncol, sizeof *r.f);
			r.len = xcalloc(ncol, sizeof *r.len);
			r.val = xcalloc(ncol, sizeof *r.val);
			padu_write_header(wout, cols);
		} else {
			int same = rec.n == nin;
			for (i = 0; same && i < nin; i++)
				same = rec.len[i] == smap_keylen(cols, i) &&
				    memcmp(rec.f[i], smap_key(cols, i),
				    rec.len[i]) == 0;
			if (!same)
				die(PADU_EXIT_FAIL, "%s: header differs from "
				    "the first input's; join the inputs with "
				    "padu-cat first", name);
		}
		r.file = name;
		clean_rows(rd[k], name, nin, ncol, &r);
		csvio_close(rd[k]);
	}
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	for (i = 0; i < ncol; i++)
		buf_free(&r.val[i]);
	buf_free(&r.flags);
	free(r.f);
	free(r.len);
	free(r.val);
	free(rd);

	free_all();
	return status | padu_close_stdout();
}
