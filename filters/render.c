/* SPDX-License-Identifier: MIT */
/*
 * padu-render: an indicator table as a document -- a Markdown table, JSON,
 * one self-contained HTML report (table, bar chart, choropleth maps) or an
 * XLSX workbook.
 *
 *   padu-render -f html -c codebook.json -M manifest.json -k 5 \
 *       -g kecamatan.geojson -m rt_desil_1 tabel-indikator.csv > laporan.html
 *
 * The table is read whole (render is the end of a pipeline, and small
 * disclosure control and class breaks need every row): memory is O(cells).
 * A malformed or ragged record stops the run (exit 1): a report is never
 * drawn from part of a table.  Columns are text or numbers: a column is a
 * number when every non-empty value is a plain decimal without a leading
 * zero (-12, 0, 3.25) and its name is not a code (kode*, nik, no_kk, id_*,
 * _*); such values are copied as they are (JSON numbers, XLSX numbers),
 * never through a float, so a 16-digit code stays its digits.  A number
 * column whose values are all whole and not negative is a count.
 *
 * Labels: --codebook maps rt_X and jiwa_X to the label of indicator X
 * ("Jumlah rumah tangga", "Jumlah jiwa" for *_total), with the unit as a
 * suffix; a column X_Y whose parts are two indicators (or an indicator
 * named *_X) gets both labels.  Other columns keep their names.
 *
 * Disclosure control (--suppress-below K): counts 1..K-1 are primary
 * cells, shown as "<K"; zeros are published.  The regions form a
 * hierarchy by code (33.10.01.2001 is in 33.10.01, which is in 33.10).
 * A reader knows a published cell exactly, a "<K" cell to be in 1..K-1
 * and an "x" cell not at all; from that and parent = sum of children for
 * every parent, bounds on every cell are tightened until they settle.
 * While a primary cell is left one possible value, one more cell is
 * hidden (complementary, "x"): its smallest non-zero published sibling,
 * else child, else the cell itself shows "x" instead of "<K", else its
 * parent.  Relations between columns are not protected.
 *
 * JSON Lines (-f jsonl) streams instead: one object per record, written
 * as it is read (memory: one record), for any CSV, not only indicator
 * tables.  A value is typed on its own: a plain decimal in a column that
 * is not a code is a number, an empty field null, anything else a string.
 * A malformed, ragged or non-UTF-8 record stops the run (exit 1) after the
 * records before it.
 *
 * The data-quality report (--quality) reads a run's --stats files instead
 * (one JSON object per step and input, as padu_run_end writes them) and
 * writes, in md, html or json: each step's accounting (in = out + rejected
 * + merged, with a join's dropped and extra rows) and whether it holds;
 * the checks of a label table (flags grouped by check, rejected rows,
 * merged rows of named steps); every flag counted with its label (an
 * unknown flag by its code); flags per step and input; rejected rows with
 * their rejects file; and --table CSVs such as counts per desa that a
 * pipeline computed with padu-aggregate.  Every word a reader sees about
 * a flag, check, step or column comes from the label table (--labels),
 * which is data.  The report exits 0 even when a step does not balance
 * (pipelines check that themselves), so that it can show which.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "csvio.h"
#include "padu.h"
#include "strmap.h"
#include "utf8.h"
#include "xlsxout.h"

#define SYNOPSIS "padu-render [-hQV] [-c CODEBOOK] [-G GEOJSON] [-g GEOJSON] " \
	"[-k K] [-L LABELS] [-M MANIFEST] [-m COL] [-T TABLE]... [-t TITLE] " \
	"-f FORMAT [TABLE | STATS]..."

#define MAX_TABLES 16		/* --table, at most */

enum format { FMT_MD, FMT_JSON, FMT_JSONL, FMT_HTML, FMT_XLSX };

static const struct fmtdef {
	const char *name;	/* --format NAME */
	enum format fmt;
	int many;		/* takes several tables */
} fmts[] = {
	{ "html", FMT_HTML, 0 },
	{ "json", FMT_JSON, 0 },
	{ "jsonl", FMT_JSONL, 0 },
	{ "md", FMT_MD, 0 },
	{ "xlsx", FMT_XLSX, 1 },
};

static struct {
	const char *codebook;	/* -c, --codebook FILE */
	const struct fmtdef *format; /* -f, --format FORMAT */
	const char *geo_desa;	/* -G, --geojson-desa FILE */
	const char *geo;	/* -g, --geojson FILE: kecamatan */
	long long k;		/* -k, --suppress-below K (0: none) */
	const char *manifest;	/* -M, --manifest FILE */
	const char *measure;	/* -m, --measure COL: chart and maps */
	const char *title;	/* -t, --title TEXT */
	int quality;		/* -Q, --quality: the data-quality report */
	const char *labels;	/* -L, --labels FILE: its label table */
	const char *tables[MAX_TABLES]; /* -T, --table FILE: its tables */
	size_t ntables;
} opt;

/* ---- the table ---- */

enum ckind { C_TEXT, C_NUMBER, C_COUNT };

struct table {
	const char *name;	/* the input's name for messages */
	char *sheet;		/* its base name, for an XLSX sheet */
	size_t ncol, nrow;
	char **head;		/* column names */
	char **label;		/* column labels (names without a codebook) */
	enum ckind *kind;	/* per column */
	char **cell;		/* row r, column c at cell[r * ncol + c] */
	unsigned char *sup;	/* 0, SUP_PRIMARY or SUP_COMPLEMENT per cell */
	long tingkat, kode, nama; /* those columns, or -1 */
	long *parent;		/* per row: the row of its parent region, -1 */
};

enum { SUP_PRIMARY = 1, SUP_COMPLEMENT = 2 };

static struct table *tabs;
static size_t ntab;

/* The codebook and the manifest, for labels and the footer. */
static cfg *codebook, *manifest;

/* Disclosure markers. */
static char primary_mark[32];
static const char complement_mark[] = "x";

static const char *
cell(const struct table *t, size_t r, size_t c)
{
	return t->cell[r * t->ncol + c];
}

/* A plain decimal: -?(0|[1-9][0-9]*)(\.[0-9]+)?; *whole when no fraction
   and not negative. */
static int
plain_number(const char *s, int *whole)
{
	const char *p = s;

	*whole = 1;
	if (*p == '-') {
		*whole = 0;
		p++;
	}
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		*whole = 0;
		if (!(*++p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0' && strcmp(s, "-0") != 0;
}

/* A column that holds codes, whatever its values look like. */
static int
code_column(const char *name)
{
	return strncmp(name, "kode", 4) == 0 || strcmp(name, "nik") == 0 ||
	    strcmp(name, "no_kk") == 0 || strncmp(name, "id_", 3) == 0 ||
	    name[0] == '_';
}

static long
find_col(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		if (strcmp(t->head[i], name) == 0)
			return (long)i;
	return -1;
}

/* Open a table and read its header into *rec: named, UTF-8; any fault
   ends the run (exit 1). */
static csvio_reader *
open_table(const char *path, struct csvio_rec *rec)
{
	csvio_reader *rd;
	const char *name;
	size_t i;
	int rc;

	if ((rd = csvio_open(path, ',', '"')) == NULL)
		die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" : "%s:",
		    path);
	name = csvio_name(rd);
	rc = csvio_read(rd, rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", name, rec->bad);
	if (rc == CSVIO_EOF)
		die(PADU_EXIT_FAIL, "%s: empty table (no header)", name);
	for (i = 0; i < rec->n; i++)
		if (utf8_check(rec->f[i], rec->len[i], NULL) != UTF8_OK)
			die(PADU_EXIT_FAIL, "%s: header: column %zu is not UTF-8",
			    name, i + 1);
	return rd;
}

static void
read_table(const char *path, struct table *t)
{
	struct csvio_rec rec;
	csvio_reader *rd;
	size_t i, cap = 0, c, r;
	const char *base;
	int rc;
	strmap *bykode;

	rd = open_table(path, &rec);
	t->name = xstrdup(csvio_name(rd));
	t->ncol = rec.n;
	t->head = xcalloc(t->ncol, sizeof *t->head);
	for (i = 0; i < t->ncol; i++)
		t->head[i] = xstrdup(rec.f[i]);
	while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", t->name, csvio_strerror(rd));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s:%llu: %s", t->name, rec.num,
			    rec.bad);
		if (rec.n != t->ncol)
			die(PADU_EXIT_FAIL, "%s:%llu: ragged row: %zu fields, the "
			    "header has %zu", t->name, rec.num, rec.n, t->ncol);
		if (t->nrow == cap) {
			cap = cap ? cap * 2 : 256;
			t->cell = xrealloc(t->cell, cap * t->ncol *
			    sizeof *t->cell);
		}
		for (i = 0; i < t->ncol; i++) {
			if (utf8_check(rec.f[i], rec.len[i], NULL) != UTF8_OK)
				die(PADU_EXIT_FAIL, "%s:%llu: field %zu is not "
				    "UTF-8", t->name, rec.num, i + 1);
			t->cell[t->nrow * t->ncol + i] = xstrdup(rec.f[i]);
		}
		t->nrow++;
	}
	csvio_close(rd);

	base = strrchr(t->name, '/') ? strrchr(t->name, '/') + 1 : t->name;
	t->sheet = xstrdup(base);
	if (strrchr(t->sheet, '.') && strrchr(t->sheet, '.') != t->sheet)
		*strrchr(t->sheet, '.') = '\0';

	/* Column kinds. */
	t->kind = xcalloc(t->ncol, sizeof *t->kind);
	for (c = 0; c < t->ncol; c++) {
		int num = !code_column(t->head[c]), count = 1, any = 0, whole;
		for (r = 0; num && r < t->nrow; r++) {
			const char *v = cell(t, r, c);
			if (*v == '\0')
				continue;
			any = 1;
			num = plain_number(v, &whole);
			count &= whole;
		}
		t->kind[c] = !num || !any ? C_TEXT : count ? C_COUNT : C_NUMBER;
	}
	t->tingkat = find_col(t, "tingkat");
	t->kode = find_col(t, "kode");
	t->nama = find_col(t, "nama");

	/* The region hierarchy: a row's parent is the row whose kode is its
	   own without the last dotted part. */
	t->parent = xcalloc(t->nrow ? t->nrow : 1, sizeof *t->parent);
	for (r = 0; r < t->nrow; r++)
		t->parent[r] = -1;
	if (t->kode < 0)
		return;
	if ((bykode = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (r = 0; r < t->nrow; r++) {
		const char *k = cell(t, r, (size_t)t->kode);
		int added;
		long at = smap_put(bykode, k, strlen(k), (long)r, &added);
		if (at < 0)
			die(PADU_EXIT_FAIL, "out of memory");
	}
	for (r = 0; r < t->nrow; r++) {
		const char *k = cell(t, r, (size_t)t->kode), *dot = strrchr(k, '.');
		long at;
		if (dot == NULL)
			continue;
		at = smap_find(bykode, k, (size_t)(dot - k));
		if (at >= 0)
			t->parent[r] = *smap_val(bykode, (size_t)at);
	}
	smap_free(bykode);
}

/* ---- labels from the codebook ---- */

/* The label of indicator id (n bytes), or of the one indicator whose id
   ends in "_id" when fuzzy; NULL when none (or several). */
static const char *
indicator_label(const char *id, size_t n, int fuzzy)
{
	cfg_node *inds = cfg_get(cfg_root(codebook), "indicators");
	const char *found = NULL;
	size_t i, nfound = 0;

	for (i = 0; i < cfg_size(inds); i++) {
		cfg_node *ind = cfg_at(inds, i);
		const char *x = cfg_string(cfg_get(ind, "id"));
		size_t xl = x ? strlen(x) : 0;
		if (x == NULL)
			continue;
		if (xl == n && memcmp(x, id, n) == 0)
			return cfg_string(cfg_get(ind, "label"));
		if (fuzzy && xl > n + 1 && x[xl - n - 1] == '_' &&
		    memcmp(x + xl - n, id, n) == 0 &&
		    strncmp(x, "data_", 5) != 0) {
			found = cfg_string(cfg_get(ind, "label"));
			nfound++;
		}
	}
	return nfound == 1 ? found : NULL;
}

static char *
label_of(const char *col)
{
	static const struct {
		const char *prefix, *total, *unit;
	} units[] = {
		{ "rt_", "Jumlah rumah tangga", "rumah tangga" },
		{ "jiwa_", "Jumlah jiwa", "jiwa" },
	};
	struct buf b = BUF_INIT;
	const char *x, *l, *m;
	size_t u, n, cut;

	if (codebook == NULL)
		return xstrdup(col);
	for (u = 0; u < sizeof units / sizeof units[0]; u++)
		if (strncmp(col, units[u].prefix, strlen(units[u].prefix)) == 0)
			break;
	if (u == sizeof units / sizeof units[0])
		return xstrdup(col);
	x = col + strlen(units[u].prefix);
	n = strlen(x);
	if (strcmp(x, "total") == 0)
		return xstrdup(units[u].total);
	if ((l = indicator_label(x, n, 1)) != NULL) {
		buf_printf(&b, "%s (%s)", l, units[u].unit);
		return b.p;
	}
	/* X_Y: two indicators, the longest first part that works. */
	for (cut = n; cut-- > 1;) {
		if (x[cut] != '_')
			continue;
		if ((l = indicator_label(x, cut, 1)) != NULL &&
		    (m = indicator_label(x + cut + 1, n - cut - 1, 1)) != NULL) {
			buf_printf(&b, "%s, %s (%s)", l, m, units[u].unit);
			return b.p;
		}
	}
	return xstrdup(col);
}

static void
load_doc(const char *path, cfg **out, const char *what, const char *member)
{
	char *err;

	if ((*out = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "%s", err);
	if (cfg_type(cfg_root(*out)) != CFG_OBJECT ||
	    cfg_get(cfg_root(*out), member) == NULL)
		die(PADU_EXIT_USAGE, "%s: not a %s (no '%s')", path, what,
		    member);
}

/* ---- disclosure control ---- */

static int
suppressed(const struct table *t, size_t r, size_t c)
{
	return t->sup[r * t->ncol + c] != 0;
}

/* The value of a count cell (counts fit: they are digits, checked). */
static long long
count_value(const struct table *t, size_t r, size_t c)
{
	return strtoll(cell(t, r, c), NULL, 10);
}

/* "Infinity" for bounds: no count comes near it, and sums of a few of
   them do not overflow. */
#define BIG (1LL << 50)

/*
 * bounds: what a reader knows of cell (r, c) from what it shows: its value
 * when published, 1..K-1 for "<K", and nothing (0..BIG) for "x".
 */
static void
bounds(const struct table *t, size_t r, size_t c, long long *lo,
    long long *hi)
{
	switch (t->sup[r * t->ncol + c]) {
	case SUP_PRIMARY:
		*lo = 1;
		*hi = opt.k - 1;
		break;
	case SUP_COMPLEMENT:
		*lo = 0;
		*hi = BIG;
		break;
	default:
		*lo = *hi = count_value(t, r, c);
	}
}

/*
 * deduce: what a reader can deduce about column c of every row, into
 * lo[] and hi[]: start from what the cells show (bounds) and tighten with
 * parent = sum of children for every parent, until nothing changes.
 */
static void
deduce(const struct table *t, size_t c, const size_t *first,
    const size_t *next, long long *lo, long long *hi)
{
	size_t r, k;
	int changed;

	for (r = 0; r < t->nrow; r++)
		bounds(t, r, c, &lo[r], &hi[r]);
	do {
		changed = 0;
		for (r = 0; r < t->nrow; r++) {
			long long slo = 0, shi = 0, l, h;
			if (first[r] == (size_t)-1)
				continue;
			for (k = first[r]; k != (size_t)-1; k = next[k]) {
				slo += lo[k];
				shi += hi[k];
			}
			if (slo > lo[r] || shi < hi[r]) {
				lo[r] = slo > lo[r] ? slo : lo[r];
				hi[r] = shi < hi[r] ? shi : hi[r];
				changed = 1;
			}
			for (k = first[r]; k != (size_t)-1; k = next[k]) {
				l = lo[r] - (shi - hi[k]);
				h = hi[r] - (slo - lo[k]);
				if (l > lo[k] || h < hi[k]) {
					lo[k] = l > lo[k] ? l : lo[k];
					hi[k] = h < hi[k] ? h : hi[k];
					changed = 1;
				}
			}
		}
	} while (changed);
}

/* The smallest published count among the children of p in column c,
   other than row not, non-zero unless zero_ok; (size_t)-1 when none. */
static size_t
smallest_child(const struct table *t, size_t p, size_t c, size_t not,
    int zero_ok, const size_t *first, const size_t *next)
{
	size_t k, best = (size_t)-1;

	if (p == (size_t)-1)
		return best;
	for (k = first[p]; k != (size_t)-1; k = next[k])
		if (k != not && !suppressed(t, k, c) && *cell(t, k, c) &&
		    (zero_ok || count_value(t, k, c) > 0) &&
		    (best == (size_t)-1 ||
		    count_value(t, k, c) < count_value(t, best, c)))
			best = k;
	return best;
}

/* Whether cell (r, c) holds a count 1..K-1 (hidden, as "<K" or "x"). */
static int
small(const struct table *t, size_t r, size_t c)
{
	long long v;

	if (*cell(t, r, c) == '\0')
		return 0;
	v = count_value(t, r, c);
	return v >= 1 && v < opt.k;
}

/*
 * protect: while a reader can deduce the exact value of a primary cell of
 * column c, hide one more cell: the smallest non-zero published sibling,
 * else child, else the cell itself shows "x" (no range) instead of "<K",
 * else the parent when it is published, else a zero sibling or child.
 * When nothing is left to hide, exit 1 rather than publish the count.
 */
static void
protect(struct table *t, size_t c, const size_t *first, const size_t *next)
{
	long long *lo = xcalloc(t->nrow + 1, sizeof *lo);
	long long *hi = xcalloc(t->nrow + 1, sizeof *hi);
	size_t r, h, p;

	for (;;) {
		deduce(t, c, first, next, lo, hi);
		for (r = 0; r < t->nrow; r++)
			if (small(t, r, c) && lo[r] >= hi[r])
				break;
		if (r == t->nrow)
			break;
		p = t->parent[r] < 0 ? (size_t)-1 : (size_t)t->parent[r];
		h = smallest_child(t, p, c, r, 0, first, next);
		if (h == (size_t)-1)
			h = smallest_child(t, r, c, r, 0, first, next);
		if (h == (size_t)-1 && t->sup[r * t->ncol + c] == SUP_PRIMARY)
			h = r;
		if (h == (size_t)-1 && p != (size_t)-1 && !suppressed(t, p, c))
			h = p;
		if (h == (size_t)-1)	/* a zero hidden is a range opened */
			h = smallest_child(t, p, c, r, 1, first, next);
		if (h == (size_t)-1)
			h = smallest_child(t, r, c, r, 1, first, next);
		if (h == (size_t)-1)
			die(PADU_EXIT_FAIL, "%s: column '%s': the count of %s "
			    "cannot be hidden", t->name, t->head[c],
			    t->kode >= 0 ? cell(t, r, (size_t)t->kode) : "a row");
		t->sup[h * t->ncol + c] = SUP_COMPLEMENT;
	}
	free(lo);
	free(hi);
}

static void
suppress(struct table *t)
{
	size_t r, c, *first, *next;

	t->sup = xcalloc(t->nrow * t->ncol + 1, 1);
	if (opt.k <= 1)
		return;
	for (r = 0; r < t->nrow; r++)
		for (c = 0; c < t->ncol; c++) {
			long long v;
			if (t->kind[c] != C_COUNT || *cell(t, r, c) == '\0')
				continue;
			v = count_value(t, r, c);
			if (v >= 1 && v < opt.k)
				t->sup[r * t->ncol + c] = SUP_PRIMARY;
		}
	/* Children lists, in row order. */
	first = xcalloc(t->nrow + 1, sizeof *first);
	next = xcalloc(t->nrow + 1, sizeof *next);
	for (r = 0; r < t->nrow; r++)
		first[r] = next[r] = (size_t)-1;
	for (r = t->nrow; r-- > 0;)
		if (t->parent[r] >= 0) {
			next[r] = first[t->parent[r]];
			first[t->parent[r]] = r;
		}
	for (c = 0; c < t->ncol; c++)
		if (t->kind[c] == C_COUNT)
			protect(t, c, first, next);
	free(first);
	free(next);
}

/* What a cell shows: the marker of a suppressed cell, else its value. */
static const char *
shown(const struct table *t, size_t r, size_t c)
{
	switch (t->sup[r * t->ncol + c]) {
	case SUP_PRIMARY:
		return primary_mark;
	case SUP_COMPLEMENT:
		return complement_mark;
	default:
		return cell(t, r, c);
	}
}

/* ---- writing ---- */

static void
put_html(const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '&': fputs("&amp;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		default: putchar(*s);
		}
}

static void
put_md(const char *s)
{
	for (; *s; s++)
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' ||
		    *s == '`' || *s == '<' || *s == '[')
			printf("\\%c", *s);
		else if (*s == '\n' || *s == '\r')
			putchar(' ');
		else
			putchar(*s);
}

static void
put_json(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch == '\r')
			fputs("\\r", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* A plain decimal the Indonesian way: 1.234.567,5 (into a static buffer). */
static const char *
id_number(const char *s)
{
	static struct buf b;
	const char *dot = strchr(s, '.'), *p = s;
	size_t n;

	buf_reset(&b);
	if (*p == '-')
		buf_addc(&b, *p++);
	n = dot ? (size_t)(dot - p) : strlen(p);
	for (; n > 0; n--, p++) {
		buf_addc(&b, *p);
		if (n > 1 && (n - 1) % 3 == 0)
			buf_addc(&b, '.');
	}
	if (dot) {
		buf_addc(&b, ',');
		buf_adds(&b, dot + 1);
	}
	return b.p ? b.p : "";
}

/* A cell for readers: numbers the Indonesian way, markers as they are. */
static const char *
readable(const struct table *t, size_t r, size_t c)
{
	if (t->kind[c] != C_TEXT && !suppressed(t, r, c) &&
	    *cell(t, r, c) != '\0')
		return id_number(cell(t, r, c));
	return shown(t, r, c);
}

static const char *
title_of(void)
{
	if (opt.title)
		return opt.title;
	return "Tabel indikator kemiskinan";
}

/* The footer lines, as (label, text) for every format. */
static void
footer(void (*line)(const char *label, const char *text))
{
	struct buf b = BUF_INIT;
	cfg_node *files, *geo;
	size_t i;

	if (codebook) {
		cfg_node *root = cfg_root(codebook);
		buf_printf(&b, "%s, versi %s",
		    cfg_string(cfg_get(root, "id")) ? cfg_string(cfg_get(root,
		    "id")) : "?", cfg_string(cfg_get(root, "version")) ?
		    cfg_string(cfg_get(root, "version")) : "?");
		if (cfg_string(cfg_get(root, "title")))
			buf_printf(&b, " (%s)", cfg_string(cfg_get(root,
			    "title")));
		line("Buku kode", b.p);
		buf_reset(&b);
	}
	if (opt.k > 1) {
		buf_printf(&b, "angka 1 sampai %lld ditulis \"%s\"; \"%s\" "
		    "adalah angka yang disembunyikan (berapa pun) agar angka "
		    "kecil tidak dapat dihitung dari jumlah wilayah di "
		    "atasnya; angka 0 ditampilkan", opt.k - 1, primary_mark,
		    complement_mark);
		line("Kerahasiaan", b.p);
		buf_reset(&b);
	}
	if (manifest) {
		cfg_node *root = cfg_root(manifest);
		const char *s = cfg_string(cfg_get(root, "start")),
		    *e = cfg_string(cfg_get(root, "end")),
		    *v = cfg_string(cfg_get(root, "padu_version"));
		buf_printf(&b, "dijalankan %s sampai %s, padu %s", s ? s : "?",
		    e ? e : "?", v ? v : "?");
		line("Proses", b.p);
		buf_reset(&b);
		files = cfg_get(root, "files");
		for (i = 0; i < cfg_size(files); i++) {
			cfg_node *f = cfg_at(files, i);
			const char *path = cfg_string(cfg_get(f, "path")),
			    *sha = cfg_string(cfg_get(f, "sha256"));
			buf_printf(&b, "%s sha256 %s", path ? path : "?",
			    sha ? sha : "?");
			line("Masukan", b.p);
			buf_reset(&b);
		}
	}
	for (i = 0; i < 2; i++) {
		const char *path = i ? opt.geo_desa : opt.geo;
		cfg *g;
		char *err;
		if (path == NULL || (g = cfg_load(path, &err)) == NULL)
			continue;
		geo = cfg_get(cfg_root(g), "source");
		if (cfg_string(geo)) {
			line("Batas wilayah", cfg_string(geo));
		}
		cfg_free(g);
	}
	buf_free(&b);
}

/* ---- Markdown ---- */

static void
md_footer_line(const char *label, const char *text)
{
	printf("- %s: ", label);
	put_md(text);
	putchar('\n');
}

static void
render_md(const struct table *t)
{
	size_t r, c;

	printf("# ");
	put_md(title_of());
	printf("\n\n|");
	for (c = 0; c < t->ncol; c++) {
		putchar(' ');
		put_md(t->label[c]);
		fputs(" |", stdout);
	}
	printf("\n|");
	for (c = 0; c < t->ncol; c++)
		fputs(t->kind[c] == C_TEXT ? "---|" : "---:|", stdout);
	putchar('\n');
	for (r = 0; r < t->nrow; r++) {
		putchar('|');
		for (c = 0; c < t->ncol; c++) {
			putchar(' ');
			put_md(readable(t, r, c));
			fputs(" |", stdout);
		}
		putchar('\n');
	}
	putchar('\n');
	footer(md_footer_line);
}

/* ---- JSON ---- */

static void
render_json(const struct table *t)
{
	size_t r, c;

	putchar('[');
	for (r = 0; r < t->nrow; r++) {
		fputs(r ? ",\n{" : "\n{", stdout);
		for (c = 0; c < t->ncol; c++) {
			const char *v = shown(t, r, c);
			if (c)
				putchar(',');
			put_json(t->head[c]);
			putchar(':');
			if (*v == '\0')
				fputs("null", stdout);
			else if (t->kind[c] != C_TEXT && !suppressed(t, r, c))
				fputs(v, stdout);
			else
				put_json(v);
		}
		putchar('}');
	}
	fputs(t->nrow ? "\n]\n" : "]\n", stdout);
}

/* ---- JSON Lines: streaming ---- */

/* Bytes a JSON string escapes: controls, '"' and '\\'. */
static unsigned char json_esc[256];

/* Append s (n bytes) to b as a JSON string; returns the OR of its bytes,
   with 0x100 for a NUL byte (either: for the caller to validate). */
static unsigned
jsonl_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s, *end = s + n;
	unsigned hi = 0;

	buf_addc(b, '"');
	for (; s < end; s++) {
		unsigned char ch = (unsigned char)*s;
		hi |= ch;
		if (!json_esc[ch])
			continue;
		buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		buf_addc(b, '\\');
		hi |= ch == 0 ? 0x100 : 0;
		switch (ch) {
		case '"': case '\\': buf_addc(b, (char)ch); break;
		case '\n': buf_addc(b, 'n'); break;
		case '\r': buf_addc(b, 'r'); break;
		case '\t': buf_addc(b, 't'); break;
		default:
			buf_add(b, "u00", 3);
			buf_addc(b, hex[ch >> 4]);
			buf_addc(b, hex[ch & 15]);
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_addc(b, '"');
	return hi;
}

static void
render_jsonl(const char *path)
{
	/* Static: reachable when a bad record ends the run (leak checks). */
	static struct buf b, *key;
	static unsigned char *code;
	struct csvio_rec rec;
	csvio_reader *rd;
	csvio_writer *w;
	const char *name;
	size_t i, ncol, keys = 2, need;
	int rc, whole, u;

	for (i = 0; i < 0x20; i++)
		json_esc[i] = 1;
	json_esc['"'] = json_esc['\\'] = 1;
	rd = open_table(path, &rec);
	name = csvio_name(rd);
	ncol = rec.n;
	key = xcalloc(ncol, sizeof *key);
	code = xcalloc(ncol, 1);
	for (i = 0; i < ncol; i++) {
		buf_addc(&key[i], i ? ',' : '{');
		jsonl_string(&key[i], rec.f[i], rec.len[i]);
		buf_addc(&key[i], ':');
		if (key[i].len == 0 || key[i].p[key[i].len - 1] != ':')
			die(PADU_EXIT_FAIL, "out of memory");
		keys += key[i].len + 4;
		code[i] = (unsigned char)code_column(rec.f[i]);
	}
	if ((w = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
		if (rc != CSVIO_OK || rec.n != ncol)
			csvio_flush(w);	/* the records before it stand */
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s:%llu: %s", name, rec.num,
			    rec.bad);
		if (rec.n != ncol)
			die(PADU_EXIT_FAIL, "%s:%llu: ragged row: %zu fields, the "
			    "header has %zu", name, rec.num, rec.n, ncol);
		/* Room for the worst case (every byte as \\u00XX), so that
		   no append below can fail. */
		buf_reset(&b);
		for (i = 0, need = keys; i < ncol; i++)
			need += 6 * rec.len[i] + 2;
		if (buf_reserve(&b, need) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		for (i = 0; i < ncol; i++) {
			const char *v = rec.f[i];
			size_t n = rec.len[i];
			buf_add(&b, key[i].p, key[i].len);
			if (n == 0)
				buf_add(&b, "null", 4);
			else if (!code[i] && (v[0] == '-' || (v[0] >= '0' &&
			    v[0] <= '9')) && memchr(v, '\0', n) == NULL &&
			    plain_number(v, &whole))
				buf_add(&b, v, n);
			else if ((jsonl_string(&b, v, n) & 0x180) &&
			    (u = utf8_check(v, n, NULL)) != UTF8_OK) {
				csvio_flush(w);	/* the records before it */
				die(PADU_EXIT_FAIL, "%s:%llu: field %zu %s", name,
				    rec.num, i + 1, u == UTF8_ENUL ? "holds a NUL "
				    "byte" : "is not UTF-8");
			}
		}
		if (ncol == 0)
			buf_addc(&b, '{');
		buf_add(&b, "}\n", 2);
		if (csvio_write_raw(w, b.p, b.len) < 0)
			padu_write_error();
	}
	csvio_close(rd);
	if (csvio_writer_free(w) < 0)
		padu_write_error();
	for (i = 0; i < ncol; i++)
		buf_free(&key[i]);
	free(key);
	free(code);
	buf_free(&b);
}

/* ---- HTML: the chart, the maps ---- */

static const char *const palette[5] = {
	"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"
};

/* Rows of one tingkat whose measure is published, sorted by value. */
struct point {
	size_t row;
	double v;
};

static int
by_value_desc(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int
by_value_asc(const void *a, const void *b)
{
	return -by_value_desc(a, b);
}

/* Quantile breaks for 5 classes (nearest rank), fewer when values repeat;
   returns the class count (0: no values). */
static int
breaks(const struct table *t, long m, const char *tingkat, double br[4])
{
	struct point *pt = xcalloc(t->nrow + 1, sizeof *pt);
	size_t r, n = 0;
	int i, nb;

	for (r = 0; r < t->nrow; r++)
		if (strcmp(cell(t, r, (size_t)t->tingkat), tingkat) == 0 &&
		    !suppressed(t, r, (size_t)m) && *cell(t, r, (size_t)m)) {
			pt[n].row = r;
			pt[n++].v = strtod(cell(t, r, (size_t)m), NULL);
		}
	if (n == 0) {
		free(pt);
		return 0;
	}
	qsort(pt, n, sizeof *pt, by_value_asc);
	for (i = 1, nb = 0; i < 5; i++) {
		size_t rank = (size_t)ceil((double)i * (double)n / 5.0);
		double b = pt[rank ? rank - 1 : 0].v;
		/* Equal breaks would make empty classes: one is enough, and
		   none at the maximum. */
		if ((nb == 0 || b > br[nb - 1]) && b < pt[n - 1].v)
			br[nb++] = b;
	}
	free(pt);
	return nb + 1;
}

static int
class_of(double v, const double br[4], int ncls)
{
	int i = 0;

	while (i < ncls - 1 && v > br[i])
		i++;
	return i;
}

/* The colour of class c of ncls: spread over the palette. */
static const char *
colour(int c, int ncls)
{
	return palette[ncls > 1 ? c * 4 / (ncls - 1) : 2];
}

/* A number for the legend, the Indonesian way. */
static const char *
id_double(double v)
{
	static char s[64];

	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(s, sizeof s, "%.0f", v);
	else
		snprintf(s, sizeof s, "%.2f", v);
	return id_number(s);
}

static void
bar_chart(const struct table *t, long m)
{
	struct point *pt = xcalloc(t->nrow + 1, sizeof *pt);
	size_t r, n = 0, i, nsup = 0;
	double max = 0;
	const int rowh = 20, left = 160, width = 420;

	for (r = 0; r < t->nrow; r++) {
		if (strcmp(cell(t, r, (size_t)t->tingkat), "kecamatan") != 0)
			continue;
		pt[n].row = r;
		pt[n].v = suppressed(t, r, (size_t)m) ? -1 :
		    strtod(cell(t, r, (size_t)m), NULL);
		if (pt[n].v > max)
			max = pt[n].v;
		nsup += pt[n].v < 0;
		n++;
	}
	qsort(pt, n, sizeof *pt, by_value_desc);
	printf("<h2>%s per kecamatan</h2>\n", "Grafik");
	printf("<p>");
	put_html(t->label[m]);
	printf("</p>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" role=\"img\">\n",
	    left + width + 80, n * (size_t)rowh + 10, left + width + 80,
	    n * (size_t)rowh + 10);
	for (i = 0; i < n; i++) {
		const char *name = t->nama >= 0 ? cell(t, pt[i].row,
		    (size_t)t->nama) : cell(t, pt[i].row, (size_t)t->kode);
		double w = pt[i].v > 0 && max > 0 ? pt[i].v / max * width : 0;
		int y = (int)i * rowh + 5;
		printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 6,
		    y + 14);
		put_html(name);
		printf("</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
		    "height=\"%d\" fill=\"#3b6ea5\"><title>", left, y, w,
		    rowh - 4);
		put_html(name);
		fputs(": ", stdout);
		put_html(readable(t, pt[i].row, (size_t)m));
		printf("</title></rect>\n<text x=\"%.1f\" y=\"%d\">", left + w + 4,
		    y + 14);
		put_html(readable(t, pt[i].row, (size_t)m));
		printf("</text>\n");
	}
	printf("</svg>\n");
	(void)nsup;
	free(pt);
}

/* A GeoJSON position [lon, lat]. */
static int
position(const cfg_node *p, double *lon, double *lat)
{
	if (cfg_size(p) < 2)
		return -1;
	*lon = cfg_number(cfg_at(p, 0));
	*lat = cfg_number(cfg_at(p, 1));
	return 0;
}

/* Visit every ring of a Polygon or MultiPolygon geometry. */
static void
rings(const cfg_node *geom, void (*fn)(const cfg_node *ring, void *arg),
    void *arg)
{
	const char *type = cfg_string(cfg_get(geom, "type"));
	cfg_node *co = cfg_get(geom, "coordinates");
	size_t i, j;

	if (type == NULL || co == NULL)
		return;
	if (strcmp(type, "Polygon") == 0)
		for (i = 0; i < cfg_size(co); i++)
			fn(cfg_at(co, i), arg);
	else if (strcmp(type, "MultiPolygon") == 0)
		for (i = 0; i < cfg_size(co); i++)
			for (j = 0; j < cfg_size(cfg_at(co, i)); j++)
				fn(cfg_at(cfg_at(co, i), j), arg);
}

struct proj {
	double minlon, maxlon, minlat, maxlat;	/* the bounding box */
	double k;				/* cos(mean latitude) */
	double scale;				/* pixels per projected unit */
	int w, h;				/* the picture */
};

static void
bbox_ring(const cfg_node *ring, void *arg)
{
	struct proj *pr = arg;
	double lon, lat;
	size_t i;

	for (i = 0; i < cfg_size(ring); i++) {
		if (position(cfg_at(ring, i), &lon, &lat) < 0)
			continue;
		if (lon < pr->minlon) pr->minlon = lon;
		if (lon > pr->maxlon) pr->maxlon = lon;
		if (lat < pr->minlat) pr->minlat = lat;
		if (lat > pr->maxlat) pr->maxlat = lat;
	}
}

static void
path_ring(const cfg_node *ring, void *arg)
{
	const struct proj *pr = arg;
	double lon, lat;
	size_t i, n = 0;

	for (i = 0; i < cfg_size(ring); i++) {
		if (position(cfg_at(ring, i), &lon, &lat) < 0)
			continue;
		printf("%s%.1f %.1f", n++ ? "L" : "M",
		    (lon - pr->minlon) * pr->k * pr->scale + 5,
		    (pr->maxlat - lat) * pr->scale + 5);
	}
	if (n)
		putchar('Z');
}

static void
choropleth(const struct table *t, long m, const char *path,
    const char *tingkat)
{
	cfg_node *feats, *f, *props;
	struct proj pr = { 1e9, -1e9, 1e9, -1e9, 1, 1, 0, 0 };
	double br[4], spanx, spany;
	strmap *bykode;
	size_t i, r, nfeat = 0;
	char *err;
	cfg *g;
	int ncls, c;

	if ((g = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "%s", err);
	feats = cfg_get(cfg_root(g), "features");
	if (cfg_type(cfg_root(g)) != CFG_OBJECT || feats == NULL ||
	    cfg_type(feats) != CFG_ARRAY)
		die(PADU_EXIT_USAGE, "%s: not a GeoJSON FeatureCollection", path);
	for (i = 0; i < cfg_size(feats); i++)
		rings(cfg_get(cfg_at(feats, i), "geometry"), bbox_ring, &pr);
	if (pr.minlon > pr.maxlon)
		die(PADU_EXIT_USAGE, "%s: no polygons", path);
	pr.k = cos((pr.minlat + pr.maxlat) / 2 * M_PI / 180);
	spanx = (pr.maxlon - pr.minlon) * pr.k;
	spany = pr.maxlat - pr.minlat;
	pr.scale = 600 / (spanx > spany ? spanx : spany);
	pr.w = (int)ceil(spanx * pr.scale) + 10;
	pr.h = (int)ceil(spany * pr.scale) + 10;

	if ((bykode = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (r = 0; r < t->nrow; r++) {
		int added;
		const char *k = cell(t, r, (size_t)t->kode);
		if (strcmp(cell(t, r, (size_t)t->tingkat), tingkat) == 0 &&
		    smap_put(bykode, k, strlen(k), (long)r, &added) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
	}
	ncls = breaks(t, m, tingkat, br);

	printf("<h2>Peta per %s</h2>\n<p>", tingkat);
	put_html(t->label[m]);
	printf("</p>\n<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
	    pr.w, pr.h, pr.w, pr.h);
	for (i = 0; i < cfg_size(feats); i++) {
		const char *kode, *nama, *fill = "#dddddd", *val = "tidak ada data";
		long at;
		f = cfg_at(feats, i);
		props = cfg_get(f, "properties");
		kode = cfg_string(cfg_get(props, "kode_kemendagri"));
		if (kode == NULL)
			kode = cfg_string(cfg_get(props, "kode"));
		nama = cfg_string(cfg_get(props, "nama"));
		at = kode ? smap_find(bykode, kode, strlen(kode)) : -1;
		if (at >= 0) {
			r = (size_t)*smap_val(bykode, (size_t)at);
			val = readable(t, r, (size_t)m);
			if (suppressed(t, r, (size_t)m))
				fill = "url(#rahasia)";
			else if (ncls && *cell(t, r, (size_t)m))
				fill = colour(class_of(strtod(cell(t, r,
				    (size_t)m), NULL), br, ncls), ncls);
		}
		printf("<path fill=\"%s\" d=\"", fill);
		rings(cfg_get(f, "geometry"), path_ring, &pr);
		printf("\"><title>");
		put_html(nama ? nama : kode ? kode : "?");
		if (kode) {
			fputs(" (", stdout);
			put_html(kode);
			fputs(")", stdout);
		}
		fputs(": ", stdout);
		put_html(val);
		printf("</title></path>\n");
		nfeat++;
	}
	printf("</svg>\n<div class=\"legend\">");
	for (c = 0; c < ncls; c++) {
		printf("<span><i style=\"background:%s\"></i>",
		    colour(c, ncls));
		if (ncls == 1)
			printf("semua");
		else if (c == 0)
			printf("&le; %s", id_double(br[0]));
		else if (c == ncls - 1)
			printf("&gt; %s", id_double(br[c - 1]));
		else {
			printf("&gt; %s", id_double(br[c - 1]));
			printf(" &ndash; %s", id_double(br[c]));
		}
		printf("</span>");
	}
	printf("<span><i style=\"background:#dddddd\"></i>tidak ada data</span>");
	if (opt.k > 1)
		printf("<span><i class=\"rahasia\"></i>disembunyikan</span>");
	printf("</div>\n");
	smap_free(bykode);
	cfg_free(g);
}

static void
html_footer_line(const char *label, const char *text)
{
	printf("<li><b>");
	put_html(label);
	printf("</b>: ");
	put_html(text);
	printf("</li>\n");
}

static void
render_html(const struct table *t, long m)
{
	size_t r, c;

	fputs("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", stdout);
	put_html(title_of());
	fputs("</title>\n<style>\n"
	    "body{font-family:sans-serif;margin:1em;color:#222}\n"
	    ".wrap{max-height:80vh;overflow:auto;border:1px solid #999}\n"
	    "table{border-collapse:collapse;font-size:13px}\n"
	    "th,td{border:1px solid #ccc;padding:2px 6px}\n"
	    "thead th{position:sticky;top:0;background:#eef;z-index:1;"
	    "vertical-align:bottom}\n"
	    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	    "tr.kabupaten td{font-weight:bold;background:#f4f4f4}\n"
	    "tr.kecamatan td{background:#fafafa;font-weight:bold}\n"
	    "svg text{font-size:12px}\n"
	    "svg.map path{stroke:#555;stroke-width:0.5}\n"
	    "svg.map path:hover{stroke:#000;stroke-width:2}\n"
	    ".legend span{margin-right:1em;white-space:nowrap}\n"
	    ".legend i{display:inline-block;width:14px;height:14px;"
	    "margin-right:4px;vertical-align:middle;border:1px solid #555}\n"
	    ".legend i.rahasia{background:repeating-linear-gradient(45deg,"
	    "#bbb 0 2px,#fff 2px 5px)}\n"
	    "footer{margin-top:2em;font-size:12px;color:#444}\n"
	    "</style>\n</head>\n<body>\n<h1>", stdout);
	put_html(title_of());
	fputs("</h1>\n", stdout);
	if (opt.k > 1)
		fputs("<svg width=\"0\" height=\"0\" style=\"position:absolute\">"
		    "<defs><pattern id=\"rahasia\" width=\"5\" height=\"5\" "
		    "patternUnits=\"userSpaceOnUse\" patternTransform=\""
		    "rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
		    "<rect width=\"2\" height=\"5\" fill=\"#bbb\"/></pattern>"
		    "</defs></svg>\n", stdout);
	if (m >= 0 && t->tingkat >= 0 && t->kode >= 0) {
		bar_chart(t, m);
		if (opt.geo)
			choropleth(t, m, opt.geo, "kecamatan");
		if (opt.geo_desa)
			choropleth(t, m, opt.geo_desa, "desa");
	}
	fputs("<h2>Tabel</h2>\n<div class=\"wrap\">\n<table>\n<thead><tr>",
	    stdout);
	for (c = 0; c < t->ncol; c++) {
		printf("<th title=\"");
		put_html(t->head[c]);
		printf("\">");
		put_html(t->label[c]);
		printf("</th>");
	}
	fputs("</tr></thead>\n<tbody>\n", stdout);
	for (r = 0; r < t->nrow; r++) {
		if (t->tingkat >= 0) {
			printf("<tr class=\"");
			put_html(cell(t, r, (size_t)t->tingkat));
			printf("\">");
		} else {
			printf("<tr>");
		}
		for (c = 0; c < t->ncol; c++) {
			printf(t->kind[c] == C_TEXT ? "<td>" : "<td class=\"n\">");
			put_html(readable(t, r, c));
			printf("</td>");
		}
		printf("</tr>\n");
	}
	fputs("</tbody>\n</table>\n</div>\n<footer>\n<ul>\n", stdout);
	footer(html_footer_line);
	fputs("</ul>\n</footer>\n</body>\n</html>\n", stdout);
}

/* ---- XLSX ---- */

static xo_sheet *notes;		/* the Keterangan sheet */
static unsigned notes_row;

static void
xlsx_footer_line(const char *label, const char *text)
{
	if (xo_string(notes, notes_row, 0, label, XO_BOLD) < 0 ||
	    xo_string(notes, notes_row, 1, text, XO_PLAIN) < 0)
		die(PADU_EXIT_FAIL, "xlsx: cannot write a cell");
	notes_row++;
}

/* The characters of UTF-8 text s (its width in a sheet, roughly). */
static double
chars(const char *s)
{
	double n = 0;

	for (; *s; s++)
		n += (*s & 0xc0) != 0x80;
	return n;
}

/* The workbook's sheet names so far (Excel compares them without case). */
static char **sheets;
static size_t nsheets;

/* A sheet name: at most 31 characters, none of []:*?/\\, unique among
   sheets[] (where it is added). */
static char *
sheet_name(const char *want, size_t i)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t n = 0, j;

	for (p = want; *p && n < 28; p++) {
		if ((*p & 0xc0) == 0x80) {
			buf_addc(&b, *p);
			continue;
		}
		buf_addc(&b, strchr("[]:*?/\\", *p) ? '_' : *p);
		n++;
	}
	if (b.p == NULL || b.len == 0) {
		buf_reset(&b);
		buf_printf(&b, "tabel_%zu", i + 1);
	}
	for (j = 0; j < nsheets; j++)
		if (strcasecmp(sheets[j], b.p) == 0) {
			buf_printf(&b, "_%zu", i + 1);
			break;
		}
	if (b.p == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	sheets = xrealloc(sheets, (nsheets + 1) * sizeof *sheets);
	sheets[nsheets++] = b.p;
	return b.p;
}

/* Start a workbook in a temporary file (libxlsxwriter writes a file, not
   a stream); its name goes to tmpl.  The Keterangan sheet's name is taken
   first, so that no table can take it. */
static xo_book *
xlsx_begin(char *tmpl, size_t size)
{
	const char *dir = getenv("TMPDIR");
	xo_book *book;
	int fd;

	snprintf(tmpl, size, "%s/padu-render.XXXXXX",
	    dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmpl)) < 0)
		die(PADU_EXIT_FAIL, "%s:", tmpl);
	close(fd);
	if ((book = xo_open(tmpl)) == NULL) {
		unlink(tmpl);
		die(PADU_EXIT_FAIL, "xlsx: cannot start a workbook");
	}
	sheet_name("Keterangan", 0);
	return book;
}

/* Add the Keterangan sheet (title and footer), close the workbook and copy
   it to standard output. */
static void
xlsx_end(xo_book *book, char *tmpl, const char *title)
{
	char copy[65536];
	ssize_t n;
	int fd;

	if ((notes = xo_add_sheet(book, "Keterangan")) == NULL) {
		xo_close(book);
		unlink(tmpl);
		die(PADU_EXIT_FAIL, "xlsx: cannot add the Keterangan sheet");
	}
	xlsx_footer_line("Judul", title);
	footer(xlsx_footer_line);
	xo_width(notes, 0, 16);
	xo_width(notes, 1, 100);
	if (xo_close(book) < 0) {
		unlink(tmpl);
		die(PADU_EXIT_FAIL, "xlsx: cannot write the workbook");
	}
	if ((fd = open(tmpl, O_RDONLY)) < 0) {
		unlink(tmpl);
		die(PADU_EXIT_FAIL, "%s:", tmpl);
	}
	unlink(tmpl);
	while ((n = read(fd, copy, sizeof copy)) > 0)
		if (fwrite(copy, 1, (size_t)n, stdout) != (size_t)n)
			break;
	if (n < 0)
		die(PADU_EXIT_FAIL, "%s:", tmpl);
	close(fd);
}

static void
render_xlsx(void)
{
	char tmpl[4096];
	xo_book *book;
	size_t i, r, c;

	book = xlsx_begin(tmpl, sizeof tmpl);
	for (i = 0; i < ntab; i++) {
		struct table *t = &tabs[i];
		char *name = sheet_name(t->sheet, i);
		xo_sheet *s = xo_add_sheet(book, name);
		double *w = xcalloc(t->ncol + 1, sizeof *w);
		int bad = s == NULL;

		free(t->sheet);
		t->sheet = xstrdup(name);
		for (c = 0; !bad && c < t->ncol; c++) {
			w[c] = chars(t->label[c]);
			bad |= xo_string(s, 0, (unsigned)c, t->label[c],
			    XO_BOLD) < 0;
		}
		for (r = 0; !bad && r < t->nrow; r++)
			for (c = 0; !bad && c < t->ncol; c++) {
				const char *v = shown(t, r, c);
				double vw = chars(v);
				if (vw > w[c])
					w[c] = vw;
				if (*v == '\0')
					continue;
				if (t->kind[c] != C_TEXT && !suppressed(t, r, c))
					bad |= xo_number(s, (unsigned)r + 1,
					    (unsigned)c, strtod(v, NULL),
					    t->kind[c] == C_COUNT ?
					    XO_THOUSANDS : XO_PLAIN) < 0;
				else
					bad |= xo_string(s, (unsigned)r + 1,
					    (unsigned)c, v, XO_PLAIN) < 0;
			}
		for (c = 0; !bad && c < t->ncol; c++) {
			double width = w[c] + 2;
			if (t->label[c] != t->head[c] && width > 24)
				width = 24;	/* labels wrap */
			bad |= xo_width(s, (unsigned)c, width < 6 ? 6 :
			    width > 50 ? 50 : width) < 0;
		}
		free(w);
		if (bad) {
			xo_close(book);
			unlink(tmpl);
			die(PADU_EXIT_FAIL, "%s: xlsx: cannot write the sheet",
			    t->name);
		}
		xo_freeze(s, 1, t->nama >= 0 ? (unsigned)t->nama + 1 : 0);
	}
	xlsx_end(book, tmpl, title_of());
}

/* ---- the data-quality report (--quality) ---- */

/*
 * The report is a list of sections -- a title, paragraphs, a table of text
 * and numbers -- built once from the stats and written by one writer per
 * format, so that md, html and json say the same things.  Its words come
 * from the label table (--labels), which is data: flags, checks, steps and
 * columns are named there in Indonesian and English, never here.
 */
struct qsec {
	char *id;		/* the section's id (JSON) */
	char *title;		/* its heading */
	char **para;		/* paragraphs before the table */
	size_t npara;
	size_t ncol, nrow, cap;	/* the table (ncol 0: none) */
	char **code;		/* column codes (JSON keys) */
	char **label;		/* column labels */
	int *num;		/* 1: a number column */
	char **cell;		/* row r, column c at cell[r * ncol + c] */
};

static struct qsec *qs;
static size_t nqs;

/* One record of a --stats file: a step of a run. */
struct qstep {
	char *stage;		/* the stats file's base name, no .json */
	char *input;		/* the base name of its first input */
	char *src;		/* that without its extension */
	unsigned long long in, out, rejected, merged;
	unsigned long long dropped, extra; /* flags *_dropped, *_extra */
	strmap *flags;		/* flag → count, in the record's order */
};

static struct qstep *steps;
static size_t nsteps;
static cfg *labels;		/* --labels */

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(&b, (size_t)n) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.p;
}

static char *
ulltoa(unsigned long long v)
{
	return xprintf("%llu", v);
}

static struct qsec *
q_section(const char *id, const char *title)
{
	struct qsec *s;

	qs = xrealloc(qs, (nqs + 1) * sizeof *qs);
	s = &qs[nqs++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(id);
	s->title = xstrdup(title);
	return s;
}

/* Add a paragraph to section s; takes text (malloc'd). */
static void
q_para(struct qsec *s, char *text)
{
	s->para = xrealloc(s->para, (s->npara + 1) * sizeof *s->para);
	s->para[s->npara++] = text;
}

/* Give section s a table of columns "code:label" ('#' first: numbers). */
static void
q_columns(struct qsec *s, const char *const *cols, size_t n)
{
	size_t c;

	s->ncol = n;
	s->code = xcalloc(n, sizeof *s->code);
	s->label = xcalloc(n, sizeof *s->label);
	s->num = xcalloc(n, sizeof *s->num);
	for (c = 0; c < n; c++) {
		const char *p = cols[c], *colon;
		s->num[c] = *p == '#';
		p += s->num[c];
		colon = strchr(p, ':');
		s->code[c] = xstrdup(p);
		s->code[c][colon - p] = '\0';
		s->label[c] = xstrdup(colon + 1);
	}
}

/* Add a row of section s's table; takes the ncol cells (malloc'd). */
static void
q_row(struct qsec *s, char **cells)
{
	if (s->nrow == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->cell = xrealloc(s->cell, s->cap * s->ncol * sizeof *s->cell);
	}
	memcpy(&s->cell[s->nrow++ * s->ncol], cells, s->ncol * sizeof *cells);
}

/* ---- the label table ---- */

static void bad_labels(const cfg_node *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void
bad_labels(const cfg_node *n, const char *fmt, ...)
{
	char *where = cfg_where(labels, n), msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	die(PADU_EXIT_USAGE, "%s: %s", where, msg);
}

/* An entry {"label": ..., "label_en"?, "explain"?, "explain_en"?}. */
static void
check_entry(const cfg_node *e, const char *what, const char *key)
{
	static const char *const known[] = { "label", "label_en", "explain",
	    "explain_en", "check", "from", "id", NULL };
	void *it;
	size_t i;

	if (cfg_type(e) != CFG_OBJECT)
		bad_labels(e, "%s '%s': not an object", what, key);
	if (cfg_string(cfg_get(e, "label")) == NULL)
		bad_labels(e, "%s '%s': no \"label\" (text)", what, key);
	for (it = cfg_iter(e); it; it = cfg_next(e, it)) {
		const char *k = cfg_iter_key(it);
		for (i = 0; known[i] && strcmp(known[i], k) != 0; i++)
			;
		if (strcmp(k, "steps") == 0 && strcmp(what, "check") == 0)
			continue;	/* checked by load_labels */
		if (known[i] == NULL)
			bad_labels(cfg_iter_value(it), "%s '%s': unknown member "
			    "'%s'", what, key, k);
		if (cfg_type(cfg_iter_value(it)) != CFG_STRING)
			bad_labels(cfg_iter_value(it), "%s '%s': '%s' is not "
			    "text", what, key, k);
	}
}

static cfg_node *
check_by_id(const char *id)
{
	cfg_node *checks = cfg_get(cfg_root(labels), "checks");
	size_t i;

	for (i = 0; i < cfg_size(checks); i++)
		if (strcmp(cfg_string(cfg_get(cfg_at(checks, i), "id")), id) == 0)
			return cfg_at(checks, i);
	return NULL;
}

/* Load and check --labels FILE (exit 2 naming the place of a fault). */
static void
load_labels(const char *path)
{
	static const char *const members[] = { "flags", "steps", "columns",
	    "tables", NULL };
	cfg_node *root, *m, *v;
	char *err;
	void *it;
	size_t i, j;

	if ((labels = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "%s", err);
	root = cfg_root(labels);
	if (cfg_type(root) != CFG_OBJECT ||
	    cfg_integer(cfg_get(root, "padu_quality_labels")) != 1)
		die(PADU_EXIT_USAGE, "%s: not a label table (no "
		    "\"padu_quality_labels\": 1)", path);
	m = cfg_get(root, "checks");
	if (m && cfg_type(m) != CFG_ARRAY)
		bad_labels(m, "'checks' is not an array");
	for (i = 0; i < cfg_size(m); i++) {
		const char *id = cfg_string(cfg_get(cfg_at(m, i), "id")), *from;
		if (id == NULL)
			bad_labels(cfg_at(m, i), "a check without \"id\" (text)");
		for (j = 0; j < i; j++)
			if (strcmp(cfg_string(cfg_get(cfg_at(m, j), "id")), id) == 0)
				bad_labels(cfg_at(m, i), "check '%s' twice", id);
		check_entry(cfg_at(m, i), "check", id);
		from = cfg_string(cfg_get(cfg_at(m, i), "from"));
		v = cfg_get(cfg_at(m, i), "steps");
		if (v && cfg_type(v) != CFG_ARRAY)
			bad_labels(v, "check '%s': 'steps' is not an array", id);
		for (j = 0; j < cfg_size(v); j++)
			if (cfg_string(cfg_at(v, j)) == NULL)
				bad_labels(cfg_at(v, j), "check '%s': a step that "
				    "is not text", id);
		if (from && strcmp(from, "flags") != 0 &&
		    strcmp(from, "rejected") != 0 && strcmp(from, "merged") != 0)
			bad_labels(cfg_get(cfg_at(m, i), "from"), "check '%s': "
			    "'from' is flags, rejected or merged", id);
	}
	for (i = 0; members[i]; i++) {
		m = cfg_get(root, members[i]);
		if (m && cfg_type(m) != CFG_OBJECT)
			bad_labels(m, "'%s' is not an object", members[i]);
		for (it = cfg_iter(m); it; it = cfg_next(m, it)) {
			const char *c;
			v = cfg_iter_value(it);
			check_entry(v, members[i], cfg_iter_key(it));
			c = cfg_string(cfg_get(v, "check"));
			if (c && (i != 0 || check_by_id(c) == NULL))
				bad_labels(cfg_get(v, "check"), "%s '%s': unknown "
				    "check '%s'", members[i], cfg_iter_key(it), c);
		}
	}
	m = cfg_get(root, "rejects");
	if (m && cfg_type(m) != CFG_OBJECT)
		bad_labels(m, "'rejects' is not an object");
	for (it = cfg_iter(m); it; it = cfg_next(m, it))
		if (cfg_type(cfg_iter_value(it)) != CFG_STRING)
			bad_labels(cfg_iter_value(it), "rejects '%s': not text",
			    cfg_iter_key(it));
}

/* Whether check k counts step st: it has no "steps", or names st's. */
static int
counts_step(const cfg_node *k, const struct qstep *st)
{
	cfg_node *steps_ = cfg_get(k, "steps");
	size_t i;

	if (steps_ == NULL)
		return 1;
	for (i = 0; i < cfg_size(steps_); i++)
		if (strcmp(cfg_string(cfg_at(steps_, i)), st->stage) == 0)
			return 1;
	return 0;
}

/* labels.member.key, or NULL. */
static cfg_node *
lab(const char *member, const char *key)
{
	return labels ? cfg_get(cfg_get(cfg_root(labels), member), key) : NULL;
}

/* "id / en" from members a and a_en of entry e; else dflt (malloc'd). */
static char *
bilingual(const cfg_node *e, const char *a, const char *dflt)
{
	char en[32];
	const char *s, *t;

	snprintf(en, sizeof en, "%s_en", a);
	if ((s = cfg_string(cfg_get(e, a))) == NULL)
		return xstrdup(dflt);
	if ((t = cfg_string(cfg_get(e, en))) == NULL)
		return xstrdup(s);
	return xprintf("%s / %s", s, t);
}

/* A flag's entry: its own, else the longest "*suffix" it ends with. */
static cfg_node *
flag_entry(const char *flag)
{
	cfg_node *flags = labels ? cfg_get(cfg_root(labels), "flags") : NULL,
	    *best = NULL;
	size_t fl = strlen(flag), bestn = 0, kl;
	void *it;

	if (flags == NULL)
		return NULL;
	if ((best = cfg_get(flags, flag)) != NULL)
		return best;
	for (it = cfg_iter(flags); it; it = cfg_next(flags, it)) {
		const char *k = cfg_iter_key(it);
		kl = strlen(k);
		if (k[0] == '*' && kl - 1 <= fl && kl - 1 > bestn &&
		    strcmp(flag + fl - (kl - 1), k + 1) == 0) {
			best = cfg_iter_value(it);
			bestn = kl - 1;
		}
	}
	return best;
}

/* The place of a flag's check in the label table; after all when none. */
static size_t
check_rank(const char *flag)
{
	cfg_node *checks = labels ? cfg_get(cfg_root(labels), "checks") : NULL;
	const char *c = cfg_string(cfg_get(flag_entry(flag), "check"));
	size_t i;

	for (i = 0; c && i < cfg_size(checks); i++)
		if (strcmp(cfg_string(cfg_get(cfg_at(checks, i), "id")), c) == 0)
			return i;
	return (size_t)-1;
}

/* ---- reading the stats ---- */

static const char *
base_name(const char *path)
{
	return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

/* Member key of rec, a count; what names it in a message. */
static unsigned long long
stat_count(const char *where, const cfg_node *rec, const char *key,
    const char *what)
{
	const cfg_node *n = cfg_get(rec, key);

	if (n == NULL || cfg_type(n) != CFG_INTEGER || cfg_integer(n) < 0)
		die(PADU_EXIT_FAIL, "%s: not a --stats record: %s '%s' is not "
		    "a count", where, what, key);
	return (unsigned long long)cfg_integer(n);
}

static void
read_step(const char *stage, const char *where, const cfg_node *rec)
{
	struct qstep *st;
	cfg_node *inputs = cfg_get(rec, "inputs"), *flags = cfg_get(rec, "flags");
	const char *in;
	void *it;
	size_t n;

	if (cfg_string(cfg_get(rec, "filter")) == NULL)
		die(PADU_EXIT_FAIL, "%s: not a --stats record (no 'filter')",
		    where);
	if (inputs == NULL || flags == NULL || cfg_type(inputs) != CFG_ARRAY ||
	    cfg_type(flags) != CFG_OBJECT)
		die(PADU_EXIT_FAIL, "%s: not a --stats record (no 'inputs' "
		    "array or 'flags' object)", where);
	steps = xrealloc(steps, (nsteps + 1) * sizeof *steps);
	st = &steps[nsteps++];
	memset(st, 0, sizeof *st);
	st->stage = xstrdup(stage);
	in = cfg_string(cfg_at(inputs, 0));
	st->input = xstrdup(in ? base_name(in) : "");
	st->src = xstrdup(st->input);
	if (strrchr(st->src, '.') && strrchr(st->src, '.') != st->src)
		*strrchr(st->src, '.') = '\0';
	st->in = stat_count(where, rec, "in", "member");
	st->out = stat_count(where, rec, "out", "member");
	st->rejected = stat_count(where, rec, "rejected", "member");
	st->merged = stat_count(where, rec, "merged", "member");
	if ((st->flags = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (it = cfg_iter(flags); it; it = cfg_next(flags, it)) {
		const char *k = cfg_iter_key(it);
		unsigned long long v = stat_count(where, flags, k, "flag");
		int added;
		long at = smap_put(st->flags, k, strlen(k), (long)v, &added);
		if (at < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		n = strlen(k);
		if (n > 8 && strcmp(k + n - 8, "_dropped") == 0)
			st->dropped += v;
		if (n > 6 && strcmp(k + n - 6, "_extra") == 0)
			st->extra += v;
	}
}

/* Read one --stats file: one JSON object per line, a step each. */
static void
read_stats(const char *path)
{
	cfg_stream *s;
	cfg_node *rec;
	char *err, *stage, *where;
	int rc;

	if ((s = cfg_stream_open(path, &err)) == NULL)
		die(PADU_EXIT_FAIL, "%s", err);
	stage = xstrdup(strcmp(path, "-") == 0 ? "stdin" : base_name(path));
	if (strlen(stage) > 5 && strcmp(stage + strlen(stage) - 5, ".json") == 0)
		stage[strlen(stage) - 5] = '\0';
	while ((rc = cfg_stream_next(s, &rec, &err)) > 0) {
		if (rc == 2)
			die(PADU_EXIT_FAIL, "%s", err);
		where = xprintf("%s:%llu", strcmp(path, "-") == 0 ? "<stdin>" :
		    path, cfg_stream_line(s));
		read_step(stage, where, rec);
		free(where);
	}
	if (rc < 0)
		die(PADU_EXIT_FAIL, "%s", err);
	cfg_stream_close(s);
	free(stage);
}

/* ---- the sections ---- */

static int
balanced(const struct qstep *st)
{
	return st->in + st->extra == st->out + st->rejected + st->merged +
	    st->dropped;
}

static char *
step_label(const struct qstep *st)
{
	return bilingual(lab("steps", st->stage), "label", st->stage);
}

static void
q_steps(void)
{
	static const char *const cols[] = { "langkah:Langkah / Step",
	    "masukan:Masukan / Input", "#masuk:Masuk / In",
	    "#keluar:Keluar / Out", "#ditolak:Ditolak / Rejected",
	    "#digabung:Digabung / Merged", "#dibuang:Dibuang / Dropped",
	    "#tambahan:Tambahan / Extra", "seimbang:Seimbang / Balanced" };
	struct qsec *s = q_section("langkah", "Langkah dan jumlah baris / "
	    "Steps and row counts");
	char *c[9];
	size_t i, nbad = 0;

	q_para(s, xstrdup("Setiap baris masukan berakhir sebagai baris "
	    "keluaran, baris ditolak, atau baris yang digabung ke baris lain: "
	    "masuk = keluar + ditolak + digabung (+ dibuang - tambahan pada "
	    "penggabungan tabel). / Every input row ends as an output row, a "
	    "rejected row or a row merged into another: in = out + rejected + "
	    "merged (+ dropped - extra in a join)."));
	q_columns(s, cols, 9);
	for (i = 0; i < nsteps; i++) {
		const struct qstep *st = &steps[i];
		c[0] = step_label(st);
		c[1] = xstrdup(st->input);
		c[2] = ulltoa(st->in);
		c[3] = ulltoa(st->out);
		c[4] = ulltoa(st->rejected);
		c[5] = ulltoa(st->merged);
		c[6] = ulltoa(st->dropped);
		c[7] = ulltoa(st->extra);
		c[8] = xstrdup(balanced(st) ? "ya / yes" : "TIDAK / NO");
		nbad += !balanced(st);
		q_row(s, c);
	}
	if (nbad == 0)
		q_para(s, xprintf("Semua %zu langkah seimbang. / All %zu steps "
		    "balance.", nsteps, nsteps));
	else
		q_para(s, xprintf("%zu dari %zu langkah TIDAK seimbang: ada "
		    "baris yang hilang atau bertambah. / %zu of %zu steps do NOT "
		    "balance: rows were lost or added.", nbad, nsteps, nbad,
		    nsteps));
}

/* Every flag of every step, with its total, in check order then code. */
static strmap *allflags;
static size_t *flagorder;

static int
by_check(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t rx = check_rank(smap_key(allflags, x)),
	    ry = check_rank(smap_key(allflags, y));

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(smap_key(allflags, x), smap_key(allflags, y));
}

static void
count_flags(void)
{
	size_t i, j, n;

	if ((allflags = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < nsteps; i++)
		for (j = 0; j < smap_count(steps[i].flags); j++) {
			const char *k = smap_key(steps[i].flags, j);
			long at = smap_put(allflags, k, strlen(k), 0, NULL);
			if (at < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			*smap_val(allflags, (size_t)at) +=
			    *smap_val(steps[i].flags, j);
		}
	n = smap_count(allflags);
	flagorder = xcalloc(n + 1, sizeof *flagorder);
	for (i = 0; i < n; i++)
		flagorder[i] = i;
	qsort(flagorder, n, sizeof *flagorder, by_check);
}

/* What check k counts in the steps it names: rows rejected or merged, or
   the occurrences of the flags whose check is id. */
static unsigned long long
check_count(const cfg_node *k, const char *id, const char *from)
{
	unsigned long long v = 0;
	size_t i, j;

	for (i = 0; i < nsteps; i++) {
		const struct qstep *st = &steps[i];
		if (!counts_step(k, st))
			continue;
		if (from && strcmp(from, "rejected") == 0) {
			v += st->rejected;
			continue;
		}
		if (from && strcmp(from, "merged") == 0) {
			v += st->merged;
			continue;
		}
		for (j = 0; j < smap_count(st->flags); j++) {
			const char *c = cfg_string(cfg_get(flag_entry(
			    smap_key(st->flags, j)), "check"));
			if (c && strcmp(c, id) == 0)
				v += (unsigned long long)*smap_val(st->flags, j);
		}
	}
	return v;
}

static void
q_checks(void)
{
	static const char *const cols[] = { "pemeriksaan:Pemeriksaan / Check",
	    "#jumlah:Jumlah / Count", "keterangan:Keterangan / Explanation" };
	cfg_node *checks = labels ? cfg_get(cfg_root(labels), "checks") : NULL;
	struct qsec *s;
	char *c[3];
	size_t i;

	if (cfg_size(checks) == 0)
		return;
	s = q_section("pemeriksaan", "Pemeriksaan / Checks");
	q_para(s, xstrdup("Jumlah kejadian per pemeriksaan: satu baris dapat "
	    "terkena lebih dari satu tanda. Rinciannya di bagian tanda "
	    "kualitas. / Occurrences per check: a row may carry more than one "
	    "flag. The quality flags section has the detail."));
	q_columns(s, cols, 3);
	for (i = 0; i < cfg_size(checks); i++) {
		cfg_node *k = cfg_at(checks, i);
		const char *id = cfg_string(cfg_get(k, "id")),
		    *from = cfg_string(cfg_get(k, "from"));
		c[0] = bilingual(k, "label", id);
		c[1] = ulltoa(check_count(k, id, from));
		c[2] = bilingual(k, "explain", "");
		q_row(s, c);
	}
}

static void
q_flags(void)
{
	static const char *const cols[] = { "kode:Kode / Code",
	    "tanda:Tanda / Flag", "pemeriksaan:Pemeriksaan / Check",
	    "#jumlah:Jumlah / Count", "keterangan:Keterangan / Explanation" };
	struct qsec *s = q_section("tanda", "Tanda kualitas / Quality flags");
	char *c[5];
	size_t i, j, nunk = 0;

	q_columns(s, cols, 5);
	for (i = 0; i < smap_count(allflags); i++) {
		const char *k = smap_key(allflags, flagorder[i]);
		cfg_node *e = flag_entry(k);
		const char *ck = cfg_string(cfg_get(e, "check"));
		c[0] = xstrdup(k);
		c[1] = bilingual(e, "label", "(tanpa label / no label)");
		c[2] = ck ? bilingual(check_by_id(ck), "label", ck) : xstrdup("");
		c[3] = ulltoa((unsigned long long)*smap_val(allflags,
		    flagorder[i]));
		c[4] = bilingual(e, "explain", "");
		nunk += e == NULL;
		q_row(s, c);
	}
	if (smap_count(allflags) == 0)
		q_para(s, xstrdup("Tidak ada tanda kualitas. / No quality flag."));
	else if (nunk)
		q_para(s, xprintf("Tanda yang tidak ada dalam tabel label "
		    "ditulis dengan kodenya: %zu. / Flags not in the label table "
		    "are shown by their code: %zu.", nunk, nunk));

	s = q_section("rincian", "Tanda per langkah dan masukan / Flags per "
	    "step and input");
	{
		static const char *const dcols[] = { "langkah:Langkah / Step",
		    "masukan:Masukan / Input", "kode:Kode / Code",
		    "#jumlah:Jumlah / Count" };
		q_columns(s, dcols, 4);
	}
	for (i = 0; i < nsteps; i++)
		for (j = 0; j < smap_count(steps[i].flags); j++) {
			c[0] = step_label(&steps[i]);
			c[1] = xstrdup(steps[i].input);
			c[2] = xstrdup(smap_key(steps[i].flags, j));
			c[3] = ulltoa((unsigned long long)*smap_val(steps[i].flags,
			    j));
			q_row(s, c);
		}
}

/* The rejects file of a step: the label table's pattern, {src} replaced. */
static char *
rejects_file(const struct qstep *st)
{
	const char *p = cfg_string(lab("rejects", st->stage)), *at;
	struct buf b = BUF_INIT;

	if (p == NULL)
		return xstrdup("");
	while ((at = strstr(p, "{src}")) != NULL) {
		buf_add(&b, p, (size_t)(at - p));
		buf_adds(&b, st->src);
		p = at + 5;
	}
	buf_adds(&b, p);
	return b.p ? b.p : xstrdup("");
}

static void
q_rejects(void)
{
	static const char *const cols[] = { "langkah:Langkah / Step",
	    "masukan:Masukan / Input", "#ditolak:Ditolak / Rejected",
	    "berkas:Berkas / File" };
	struct qsec *s = q_section("ditolak", "Baris ditolak / Rejected rows");
	unsigned long long total = 0;
	char *c[4];
	size_t i;

	q_columns(s, cols, 4);
	for (i = 0; i < nsteps; i++) {
		if (steps[i].rejected == 0)
			continue;
		c[0] = step_label(&steps[i]);
		c[1] = xstrdup(steps[i].input);
		c[2] = ulltoa(steps[i].rejected);
		c[3] = rejects_file(&steps[i]);
		total += steps[i].rejected;
		q_row(s, c);
	}
	if (total == 0)
		q_para(s, xstrdup("Tidak ada baris yang ditolak. / No row was "
		    "rejected."));
	else
		q_para(s, xprintf("%llu baris ditolak; setiap baris ada di "
		    "berkas tolakannya dengan alasannya. / %llu rows rejected; "
		    "each is in its rejects file with the reason.", total,
		    total));
}

/* A --table: its title and explanation from the label table. */
static void
q_table(struct table *t)
{
	char *id = xstrdup(t->sheet), **c = xcalloc(t->ncol + 1, sizeof *c);
	cfg_node *e = lab("tables", id);
	struct qsec *s = q_section(id, "");
	size_t r, k;

	free(s->title);
	s->title = bilingual(e, "label", id);
	if (cfg_get(e, "explain"))
		q_para(s, bilingual(e, "explain", ""));
	s->ncol = t->ncol;
	s->code = xcalloc(t->ncol, sizeof *s->code);
	s->label = xcalloc(t->ncol, sizeof *s->label);
	s->num = xcalloc(t->ncol, sizeof *s->num);
	for (k = 0; k < t->ncol; k++) {
		s->code[k] = xstrdup(t->head[k]);
		s->label[k] = bilingual(lab("columns", t->head[k]), "label",
		    t->head[k]);
		s->num[k] = t->kind[k] != C_TEXT;
	}
	for (r = 0; r < t->nrow; r++) {
		for (k = 0; k < t->ncol; k++)
			c[k] = xstrdup(shown(t, r, k));
		q_row(s, c);
	}
	if (t->nrow == 0)
		q_para(s, xstrdup("Tidak ada baris. / No rows."));
	free(c);
	free(id);
}

/* ---- writing the report ---- */

/* Whether cell (r, c) of section s is written as a number. */
static int
q_number(const struct qsec *s, size_t r, size_t c)
{
	int whole;

	return s->num[c] && plain_number(s->cell[r * s->ncol + c], &whole);
}

static const char *
q_readable(const struct qsec *s, size_t r, size_t c)
{
	return q_number(s, r, c) ? id_number(s->cell[r * s->ncol + c]) :
	    s->cell[r * s->ncol + c];
}

static const char *
quality_title(void)
{
	return opt.title ? opt.title :
	    "Laporan kualitas data / Data-quality report";
}

static void
quality_md(void)
{
	size_t i, j, r, c;

	printf("# ");
	put_md(quality_title());
	printf("\n");
	for (i = 0; i < nqs; i++) {
		const struct qsec *s = &qs[i];
		printf("\n## ");
		put_md(s->title);
		printf("\n");
		for (j = 0; j < s->npara; j++) {
			printf("\n");
			put_md(s->para[j]);
			printf("\n");
		}
		if (s->nrow == 0)
			continue;
		printf("\n|");
		for (c = 0; c < s->ncol; c++) {
			putchar(' ');
			put_md(s->label[c]);
			fputs(" |", stdout);
		}
		printf("\n|");
		for (c = 0; c < s->ncol; c++)
			fputs(s->num[c] ? "---:|" : "---|", stdout);
		putchar('\n');
		for (r = 0; r < s->nrow; r++) {
			putchar('|');
			for (c = 0; c < s->ncol; c++) {
				putchar(' ');
				put_md(q_readable(s, r, c));
				fputs(" |", stdout);
			}
			putchar('\n');
		}
	}
	if (manifest || opt.k > 1) {
		printf("\n");
		footer(md_footer_line);
	}
}

static void
quality_html(void)
{
	size_t i, j, r, c;

	fputs("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", stdout);
	put_html(quality_title());
	fputs("</title>\n<style>\n"
	    "body{font-family:sans-serif;margin:1em;color:#222;max-width:70em}\n"
	    "table{border-collapse:collapse;font-size:13px;margin:0.5em 0}\n"
	    "th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}\n"
	    "thead th{background:#eef}\n"
	    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	    "td.tidak{background:#fdd;font-weight:bold}\n"
	    "code{font-size:12px}\n"
	    "footer{margin-top:2em;font-size:12px;color:#444}\n"
	    "</style>\n</head>\n<body>\n<h1>", stdout);
	put_html(quality_title());
	fputs("</h1>\n", stdout);
	for (i = 0; i < nqs; i++) {
		const struct qsec *s = &qs[i];
		printf("<h2 id=\"");
		put_html(s->id);
		printf("\">");
		put_html(s->title);
		printf("</h2>\n");
		for (j = 0; j < s->npara; j++) {
			printf("<p>");
			put_html(s->para[j]);
			printf("</p>\n");
		}
		if (s->nrow == 0)
			continue;
		printf("<table>\n<thead><tr>");
		for (c = 0; c < s->ncol; c++) {
			printf("<th title=\"");
			put_html(s->code[c]);
			printf("\">");
			put_html(s->label[c]);
			printf("</th>");
		}
		printf("</tr></thead>\n<tbody>\n");
		for (r = 0; r < s->nrow; r++) {
			printf("<tr>");
			for (c = 0; c < s->ncol; c++) {
				const char *v = s->cell[r * s->ncol + c];
				if (s->num[c])
					printf("<td class=\"n\">");
				else if (strncmp(v, "TIDAK", 5) == 0)
					printf("<td class=\"tidak\">");
				else if (strcmp(s->code[c], "kode") == 0)
					printf("<td><code>");
				else
					printf("<td>");
				put_html(q_readable(s, r, c));
				printf(!s->num[c] && strncmp(v, "TIDAK", 5) != 0 &&
				    strcmp(s->code[c], "kode") == 0 ?
				    "</code></td>" : "</td>");
			}
			printf("</tr>\n");
		}
		printf("</tbody>\n</table>\n");
	}
	fputs("<footer>\n<ul>\n", stdout);
	footer(html_footer_line);
	fputs("</ul>\n</footer>\n</body>\n</html>\n", stdout);
}

static void
quality_json(void)
{
	size_t i, j, r, c, nbad = 0;

	for (i = 0; i < nsteps; i++)
		nbad += !balanced(&steps[i]);
	fputs("{\"title\":", stdout);
	put_json(quality_title());
	printf(",\n\"balanced\":%s,\n\"sections\":[", nbad ? "false" : "true");
	for (i = 0; i < nqs; i++) {
		const struct qsec *s = &qs[i];
		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", stdout);
		put_json(s->id);
		fputs(",\"title\":", stdout);
		put_json(s->title);
		fputs(",\"text\":[", stdout);
		for (j = 0; j < s->npara; j++) {
			if (j)
				putchar(',');
			put_json(s->para[j]);
		}
		fputs("],\"rows\":[", stdout);
		for (r = 0; r < s->nrow; r++) {
			fputs(r ? ",\n{" : "\n{", stdout);
			for (c = 0; c < s->ncol; c++) {
				const char *v = s->cell[r * s->ncol + c];
				if (c)
					putchar(',');
				put_json(s->code[c]);
				putchar(':');
				if (*v == '\0')
					fputs("null", stdout);
				else if (q_number(s, r, c))
					fputs(v, stdout);
				else
					put_json(v);
			}
			putchar('}');
		}
		fputs(s->nrow ? "\n]}" : "]}", stdout);
	}
	fputs(nqs ? "\n]}\n" : "]}\n", stdout);
}

/* The report as a workbook: a sheet per section (its title, paragraphs,
   then its table with the header frozen; numbers as numbers) and the
   Keterangan sheet. */
static void
quality_xlsx(void)
{
	char tmpl[4096];
	xo_book *book;
	size_t i, j, r, c;

	book = xlsx_begin(tmpl, sizeof tmpl);
	for (i = 0; i < nqs; i++) {
		const struct qsec *q = &qs[i];
		/* The sheet is named by the title's Indonesian half. */
		const char *sl = strstr(q->title, " / ");
		char *want = sl ? xprintf("%.*s", (int)(sl - q->title),
		    q->title) : xstrdup(q->title);
		xo_sheet *s = xo_add_sheet(book, sheet_name(want, i));
		double *w = xcalloc(q->ncol + 1, sizeof *w);
		unsigned row = 0;
		int bad = s == NULL;

		if (!bad)
			bad |= xo_string(s, row++, 0, q->title, XO_BOLD) < 0;
		for (j = 0; !bad && j < q->npara; j++)
			bad |= xo_string(s, row++, 0, q->para[j], XO_PLAIN) < 0;
		if (q->nrow > 0)
			row++;
		for (c = 0; !bad && q->nrow > 0 && c < q->ncol; c++) {
			w[c] = chars(q->label[c]);
			bad |= xo_string(s, row, (unsigned)c, q->label[c],
			    XO_BOLD) < 0;
		}
		if (!bad && q->nrow > 0)
			xo_freeze(s, ++row, 0);
		for (r = 0; !bad && r < q->nrow; r++, row++)
			for (c = 0; !bad && c < q->ncol; c++) {
				const char *v = q->cell[r * q->ncol + c];
				int whole;
				if (chars(v) > w[c])
					w[c] = chars(v);
				if (*v == '\0')
					continue;
				if (q_number(q, r, c)) {
					plain_number(v, &whole);
					bad |= xo_number(s, row, (unsigned)c,
					    strtod(v, NULL), whole ?
					    XO_THOUSANDS : XO_PLAIN) < 0;
				} else
					bad |= xo_string(s, row, (unsigned)c, v,
					    XO_PLAIN) < 0;
			}
		for (c = 0; !bad && c < q->ncol; c++)
			bad |= xo_width(s, (unsigned)c, w[c] + 2 < 8 ? 8 :
			    w[c] + 2 > 60 ? 60 : w[c] + 2) < 0;
		free(w);
		free(want);
		if (bad) {
			xo_close(book);
			unlink(tmpl);
			die(PADU_EXIT_FAIL, "xlsx: cannot write the sheet '%s'",
			    q->title);
		}
	}
	xlsx_end(book, tmpl, quality_title());
}

/*
 * quality: the data-quality report of the --stats files paths[0..n) and
 * the --table files, in the chosen format.
 */
static void
quality(char **paths, int n)
{
	size_t i;
	int in;

	for (in = 0; in < n; in++)
		read_stats(paths[in]);
	if (nsteps == 0)
		die(PADU_EXIT_FAIL, "%s: no --stats record: nothing to report",
		    n == 1 && strcmp(paths[0], "-") != 0 ? paths[0] : "<input>");
	count_flags();
	q_steps();
	q_checks();
	q_flags();
	q_rejects();
	tabs = xcalloc(opt.ntables + 1, sizeof *tabs);
	for (i = 0; i < opt.ntables; i++) {
		struct table *t = &tabs[ntab++];
		read_table(opt.tables[i], t);
		suppress(t);
		q_table(t);
	}
	switch (opt.format->fmt) {
	case FMT_MD:
		quality_md();
		break;
	case FMT_HTML:
		quality_html();
		break;
	case FMT_JSON:
		quality_json();
		break;
	case FMT_XLSX:
		quality_xlsx();
		break;
	case FMT_JSONL:
		break;
	}
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Write an indicator table as a document: Markdown, JSON, an HTML\n"
	    "report with a bar chart and maps, or an XLSX workbook; or, with\n"
	    "-Q, a run's data-quality report from its --stats files.\n"
	    "\n"
	    "  -f, --format FORMAT      md, json, html or xlsx (several TABLEs:\n"
	    "                           xlsx only, a sheet each); or jsonl,\n"
	    "                           JSON Lines of any CSV, streamed\n"
	    "  -c, --codebook FILE      label rt_X and jiwa_X columns with the\n"
	    "                           codebook's indicator labels\n"
	    "  -M, --manifest FILE      a pipeline's manifest.json: its inputs,\n"
	    "                           their sha256 and dates in the footer\n"
	    "  -k, --suppress-below K   show counts 1..K-1 as <K, and hide more\n"
	    "                           cells (x) so that none can be computed\n"
	    "                           from the totals\n"
	    "  -m, --measure COL        the column of the chart and maps\n"
	    "                           (default: the first count column)\n"
	    "  -g, --geojson FILE       html: map the kecamatan rows on FILE's\n"
	    "                           polygons (property kode_kemendagri)\n"
	    "  -G, --geojson-desa FILE  html: map the desa rows as well\n"
	    "  -t, --title TEXT         the document's title\n"
	    "  -Q, --quality            the data-quality report of a run instead:\n"
	    "                           each operand is a --stats file (one JSON\n"
	    "                           object per line); -f md, html, json\n"
	    "                           or xlsx\n"
	    "  -L, --labels FILE        -Q: the label table (JSON) naming flags,\n"
	    "                           checks, steps, columns and rejects files\n"
	    "  -T, --table FILE         -Q: also show this table (CSV), such as\n"
	    "                           quality counts per desa (up to 16)\n"
	    "  -h, --help               show this help and exit\n"
	    "  -V, --version            show the version and exit\n"
	    "\n"
	    "With no TABLE (STATS), or when it is -, read standard input.  Exit\n"
	    "status: 0 done; 1 failed (a malformed table or stats file, I/O); 2\n"
	    "bad usage or a bad codebook, manifest, GeoJSON or label table.  See\n"
	    "padu-render(1), padu(7).\n",
	    SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "geojson", required_argument, NULL, 'g' },
		{ "geojson-desa", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "labels", required_argument, NULL, 'L' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "measure", required_argument, NULL, 'm' },
		{ "quality", no_argument, NULL, 'Q' },
		{ "suppress-below", required_argument, NULL, 'k' },
		{ "table", required_argument, NULL, 'T' },
		{ "title", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char **paths;
	size_t i, c;
	long m = -1;
	int ch, n, in;

	padu_init(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":G:L:M:QT:Vc:f:g:hk:m:t:", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'G':
			opt.geo_desa = optarg;
			break;
		case 'L':
			opt.labels = optarg;
			break;
		case 'M':
			opt.manifest = optarg;
			break;
		case 'Q':
			opt.quality = 1;
			break;
		case 'T':
			if (opt.ntables == MAX_TABLES)
				die(PADU_EXIT_USAGE, "--table: at most %d",
				    MAX_TABLES);
			opt.tables[opt.ntables++] = optarg;
			break;
		case 'V':
			printf("padu-render %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'c':
			opt.codebook = optarg;
			break;
		case 'f':
			for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
				if (strcmp(optarg, fmts[i].name) == 0)
					opt.format = &fmts[i];
			if (opt.format == NULL)
				die(PADU_EXIT_USAGE, "--format: '%s' is not md, "
				    "json, jsonl, html or xlsx", optarg);
			break;
		case 'g':
			opt.geo = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'k':
			opt.k = padu_number("--suppress-below", optarg, 2,
			    1000000);
			break;
		case 'm':
			opt.measure = optarg;
			break;
		case 't':
			opt.title = optarg;
			break;
		default:
			padu_bad_option(ch, argv, SYNOPSIS);
		}
	if (opt.format == NULL) {
		warn("no format: say -f md, json, jsonl, html or xlsx");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if ((opt.geo || opt.geo_desa) && opt.format->fmt != FMT_HTML)
		die(PADU_EXIT_USAGE, "--geojson and --geojson-desa are for "
		    "-f html");
	if (opt.quality && (opt.codebook || opt.geo || opt.geo_desa ||
	    opt.measure || opt.format->fmt == FMT_JSONL))
		die(PADU_EXIT_USAGE, "--quality takes -f md, html, json or "
		    "xlsx, and none of --codebook, --geojson, --geojson-desa, "
		    "--measure");
	if (!opt.quality && (opt.labels || opt.ntables))
		die(PADU_EXIT_USAGE, "--labels and --table are for --quality");
	if (opt.format->fmt == FMT_JSONL && (opt.quality || opt.codebook ||
	    opt.manifest || opt.k || opt.measure || opt.title))
		die(PADU_EXIT_USAGE, "-f jsonl streams the records as they are: "
		    "none of --quality, --codebook, --manifest, "
		    "--suppress-below, --measure, --title");
	paths = padu_operands(argc - optind, argv + optind, &n);
	snprintf(primary_mark, sizeof primary_mark, "<%lld", opt.k);
	if (opt.format->fmt == FMT_XLSX && isatty(1))
		die(PADU_EXIT_USAGE, "-f xlsx: standard output is a terminal; "
		    "redirect it to a file");
	if (opt.quality) {
		if (opt.labels)
			load_labels(opt.labels);
		if (opt.manifest)
			load_doc(opt.manifest, &manifest, "manifest", "files");
		quality(paths, n);
		cfg_free(labels);
		cfg_free(manifest);
		return padu_close_stdout();
	}
	if (n > 1 && !opt.format->many)
		die(PADU_EXIT_USAGE, "-f %s writes one table; %d given",
		    opt.format->name, n);
	if (opt.format->fmt == FMT_JSONL) {
		render_jsonl(paths[0]);
		return padu_close_stdout();
	}
	if (opt.codebook)
		load_doc(opt.codebook, &codebook, "codebook", "indicators");
	if (opt.manifest)
		load_doc(opt.manifest, &manifest, "manifest", "files");

	tabs = xcalloc((size_t)n, sizeof *tabs);
	for (in = 0; in < n; in++) {
		struct table *t = &tabs[ntab++];
		read_table(paths[in], t);
		t->label = xcalloc(t->ncol, sizeof *t->label);
		for (c = 0; c < t->ncol; c++)
			t->label[c] = label_of(t->head[c]);
		suppress(t);
	}
	if (opt.format->fmt == FMT_HTML) {
		const struct table *t = &tabs[0];
		if (opt.measure) {
			if ((m = find_col(t, opt.measure)) < 0 ||
			    t->kind[m] == C_TEXT)
				die(PADU_EXIT_USAGE, "%s: --measure: no number "
				    "column '%s'", t->name, opt.measure);
		} else {
			for (c = 0; c < t->ncol && m < 0; c++)
				if (t->kind[c] == C_COUNT)
					m = (long)c;
		}
		if ((opt.geo || opt.geo_desa) && (t->tingkat < 0 || t->kode < 0))
			die(PADU_EXIT_USAGE, "%s: maps need the columns tingkat "
			    "and kode", t->name);
	}
	switch (opt.format->fmt) {
	case FMT_MD:
		render_md(&tabs[0]);
		break;
	case FMT_JSON:
		render_json(&tabs[0]);
		break;
	case FMT_HTML:
		render_html(&tabs[0], m);
		break;
	case FMT_XLSX:
		render_xlsx();
		break;
	case FMT_JSONL:
		break;
	}
	cfg_free(codebook);
	cfg_free(manifest);
	return padu_close_stdout();
}
