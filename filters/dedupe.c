/* SPDX-License-Identifier: MIT */
/*
 * padu-dedupe: find the rows that describe the same entity (a person, a
 * household, anything the match rules say), within and across sources, and
 * write one row per entity.
 *
 *   padu-cat dtks.csv p3ke.csv desa.csv | padu-dedupe -f orang.json --links l.csv
 *
 * Linking, in the order of the match rules:
 *   1. exact keys: rows with equal values of a key (say, a valid NIK) are
 *      one entity;
 *   2. fuzzy linkage: rows that share a blocking key are compared column by
 *      column, each comparison falling in one of its levels (exact, Jaro-
 *      Winkler over a threshold, edit distance, dates with day and month
 *      swapped, within N days, numbers within a tolerance, else; a missing
 *      value is neutral); each level adds its Fellegi-Sunter weight
 *      log2(m/u), and a pair whose total reaches the threshold is a link.
 *      m and u come from the rules or are estimated: u from random pairs, m
 *      by expectation-maximization over the blocked pairs (as Splink does).
 *      A pair that several blocking keys share is made once (block_pairs);
 *      with every m and u given, a pair's comparisons are made cheapest
 *      first and stop once it cannot reach the threshold (cmp_span).
 * Links are taken strongest first; a link that would put two different
 * values of a "distinct" column (two valid NIKs) into one entity is refused,
 * so no chain of weak links can join two people.
 *
 * Every row ends as an output row or as merged into one (in = out +
 * merged); --links records every link taken or refused with its weight and
 * each comparison's level and weight.
 *
 * Memory: O(rows) for the matched columns, the row index and the candidate
 * pairs; the rows themselves are spooled to a temporary file (TMPDIR), each
 * as its fields' lengths (LEB128) and bytes, so that reading one back needs
 * no CSV parser (with --keep-all, as the CSV it is written out as); the entities are written in the order of their first rows,
 * so the spool is read front to back through a window, and only a row that
 * joins an entity first seen earlier is read on its own.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* mremap */
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_POPULATE
#define MAP_POPULATE 0		/* Linux: map the window's pages at once */
#endif

#include "config.h"
#include "csvio.h"
#include "padu.h"
#include "strmap.h"
#include "strsim.h"

#define SYNOPSIS "padu-dedupe [-hkV] [--first] [-C FILE] [--clusters-cols COLS] " \
	"[-E FILE] [--entities-stats FILE] [-i NAME] [-j N] [-l FILE] " \
	"[-r FILE] [-s FILE] [--max-memory SIZE] -f RULES [FILE]..."

#define MAXJOBS 8		/* threads that compare pairs, at most */

static struct {
	const char *rules;	/* -f, --rules FILE */
	const char *id;		/* -i, --id NAME: the entity id column */
	int keep_all;		/* -k, --keep-all: every row, with _cluster */
	const char *links;	/* -l, --links FILE */
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
	const char *max_memory;	/* --max-memory SIZE */
	long jobs;		/* -j, --jobs N: threads comparing pairs */
	int first;		/* --first: the first row of each key */
	const char *clusters;	/* -C, --clusters FILE */
	const char *clusters_cols; /* --clusters-cols COLS */
	const char *entities;	/* -E, --entities FILE (with --keep-all) */
	const char *entities_stats; /* --entities-stats FILE */
} opt;

/* long options without a letter */
enum { OPT_MAX_MEMORY = 256, OPT_FIRST, OPT_CLUSTERS_COLS, OPT_ENTITIES_STATS };

/* --clusters: its columns, as slots, and its file. */
static size_t *cl_slot;		/* the columns' slots */
static char **cl_col;
static size_t ncl;
static int clusters_fd = -1;
static csvio_writer *wclusters;
static int clusters_errno;	/* write_clusters' write error, or 0 */

/* ---- the rules ---- */

enum lkind { L_EXACT, L_JW, L_OSA, L_LEV, L_SWAP, L_DAYS, L_NUM };

static const struct {
	const char *name;	/* member in a level object */
	enum lkind kind;
	int numeric;		/* takes a number (else true) */
} lkinds[] = {
	{ "exact", L_EXACT, 0 },
	{ "jaro_winkler", L_JW, 1 },
	{ "osa", L_OSA, 1 },
	{ "damerau", L_OSA, 1 },
	{ "levenshtein", L_LEV, 1 },
	{ "date_swap", L_SWAP, 0 },
	{ "within_days", L_DAYS, 1 },
	{ "numeric", L_NUM, 1 },
};
#define NLKINDS (sizeof lkinds / sizeof *lkinds)

/* A key: columns whose values, all non-empty, make a key. */
struct key {
	size_t *slot;		/* value slots */
	size_t n;
	char **col;		/* column names, for messages and links */
	char **unless;		/* flags that disqualify a row's key */
	size_t nunless;
};

struct level {
	enum lkind kind;
	double param;		/* threshold, distance, days, tolerance */
	char label[48];		/* "jaro_winkler>=0.92", for the links */
	double m, u;		/* probabilities; < 0 when to estimate */
	double w;		/* log2(m/u) */
};

#define MAXLEVELS 14		/* levels of a comparison, "else" included */
#define NULL_LEVEL 15		/* a missing value: weight 0 */

struct comparison {
	char *col;		/* the column compared */
	size_t slot;		/* its value slot */
	size_t ccol;		/* its column of interned values (ccols) */
	int bytes;		/* a level reads the values' bytes (not only
				   their ids or days) */
	struct key unless;	/* flags that make a value missing */
	struct level lv[MAXLEVELS];
	size_t nlv;		/* levels, the last being "else" */
	int m_given;		/* m given for every level (no EM) */
	int u_given;		/* u given for every level (no sampling) */
};

enum surv { S_PRIORITY, S_FREQUENT, S_RECENT, S_UNION, S_MAX, S_MIN };

static struct {
	struct key *exact;	/* exact keys, in order */
	size_t nexact;
	struct key *block;	/* blocking keys */
	size_t nblock;
	struct comparison *cmp;
	size_t ncmp;
	struct key *distinct;	/* columns a cluster may not hold two of */
	size_t ndistinct;
	double threshold;	/* bits */
	size_t max_block;	/* larger blocks are skipped */
	unsigned long long random_pairs;
	uint64_t seed;
	int em_iter;
	double prior;		/* share of candidate pairs that match */
	char **priority;	/* sources, most trusted first */
	size_t npriority;
	strmap *surv;		/* column → enum surv */
	char **surv_by;		/* S_RECENT: column to compare, per entry */
	size_t nsurv_by;
	enum surv surv_default;
} R;

/* ---- the rows ---- */

static char **slot_col;		/* value slots: column names */
static size_t nslot;
static long *slot_idx;		/* slot → input column, -1 absent */
static size_t src_slot, row_slot, flags_slot;

struct row {
	uint64_t off;		/* in the spool */
	uint32_t len;		/* its spooled bytes (lengths and fields) */
	uint32_t parent;	/* union-find */
	uint32_t rank_src;	/* position of its _src in the priority */
};

static struct row *rows;
static size_t nrows, caprows;
static uint64_t *voff;		/* nrows × nslot value offsets into arena */
static uint32_t *vlen;
static struct buf arena;

static int spool_fd = -1;
static int spool_raw;		/* the spool holds rows as CSV (read_input) */
static uint64_t spool_size;
static struct buf spool_buf;	/* spooled bytes not yet written */
#define SPOOL_WINDOW (1 << 20)	/* bytes of the spool read at a time */
/* A window on the spool: its bytes [off, off + len), for reading it front
 * to back (each reader of the spool has its own). */
struct window {
	char *p;
	uint64_t off;
	size_t len;
	int mapped;		/* p is mapped, not read into a buffer */
};

static unsigned long long held_pairs;	/* bytes of the candidate pairs */
static unsigned long long held_links;	/* bytes of the links kept */
static unsigned long long held_bh;	/* bytes of block_pairs' block hashes */
static unsigned long long held_ccols;	/* bytes of the interned values */

/* Check the bytes the rows, pairs and links hold against --max-memory. */
static void
hold_check(void)
{
	padu_mem_check((unsigned long long)caprows * (sizeof *rows +
	    nslot * (sizeof *voff + sizeof *vlen)) + arena.cap + held_pairs +
	    held_links + held_bh + held_ccols, nrows, "rows");
}

static struct padu_run run;
static csvio_writer *wout, *wlinks;
static int links_fd = -1;		/* --links FILE, open */
static struct buf scratch;
static char **header;		/* the input header */
static size_t nheader;

/* ---- messages about the rules ---- */

static void noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
{
	char *where = cfg_where(c, n), tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	die(PADU_EXIT_USAGE, "%s: %s", where, tmp);
}

static size_t
slot_of(const char *col)
{
	size_t i;

	for (i = 0; i < nslot; i++)
		if (strcmp(slot_col[i], col) == 0)
			return i;
	slot_col = xrealloc(slot_col, (nslot + 1) * sizeof *slot_col);
	slot_col[nslot] = xstrdup(col);
	return nslot++;
}

static char **
strings(cfg *c, cfg_node *n, const char *what, size_t *count)
{
	char **v;
	size_t i;

	if (cfg_type(n) == CFG_STRING) {
		v = xcalloc(1, sizeof *v);
		v[0] = xstrdup(cfg_string(n));
		*count = 1;
		return v;
	}
	if (cfg_type(n) != CFG_ARRAY || cfg_size(n) == 0)
		noreturn_cfg(c, n, "%s must be a string or a non-empty list of "
		    "strings", what);
	*count = cfg_size(n);
	v = xcalloc(*count, sizeof *v);
	for (i = 0; i < *count; i++) {
		if (cfg_type(cfg_at(n, i)) != CFG_STRING ||
		    cfg_string_len(cfg_at(n, i)) == 0)
			noreturn_cfg(c, cfg_at(n, i), "%s must be non-empty "
			    "strings", what);
		v[i] = xstrdup(cfg_string(cfg_at(n, i)));
	}
	return v;
}

static void
check_members(cfg *c, cfg_node *obj, const char *what,
    const char *const *known)
{
	size_t i;

	for (void *it = cfg_iter(obj); it; it = cfg_next(obj, it)) {
		for (i = 0; known[i]; i++)
			if (strcmp(cfg_iter_key(it), known[i]) == 0)
				break;
		if (known[i] == NULL)
			noreturn_cfg(c, cfg_iter_value(it), "%s takes no '%s'",
			    what, cfg_iter_key(it));
	}
}

/* A key: ["a", "b"], or {"columns": [...], "unless_flags": [...]}. */
static void
load_key(cfg *c, cfg_node *n, struct key *k, const char *what)
{
	static const char *const known[] = { "columns", "unless_flags", NULL };
	cfg_node *cols = n, *u;
	size_t i;

	if (cfg_type(n) == CFG_OBJECT) {
		check_members(c, n, what, known);
		if ((cols = cfg_get(n, "columns")) == NULL)
			noreturn_cfg(c, n, "%s needs 'columns'", what);
		if ((u = cfg_get(n, "unless_flags")) != NULL)
			k->unless = strings(c, u, "'unless_flags'",
			    &k->nunless);
	}
	k->col = strings(c, cols, "the columns of a key", &k->n);
	k->slot = xcalloc(k->n, sizeof *k->slot);
	for (i = 0; i < k->n; i++)
		k->slot[i] = slot_of(k->col[i]);
}

static void
load_comparison(cfg *c, cfg_node *n, struct comparison *cp)
{
	static const char *const known[] = { "column", "levels", "else",
		"unless_flags", NULL };
	cfg_node *col, *lvs, *e, *uf;
	size_t i, j, nm = 0, nu = 0;

	if (cfg_type(n) != CFG_OBJECT)
		noreturn_cfg(c, n, "a comparison is an object with 'column' and "
		    "'levels'");
	check_members(c, n, "a comparison", known);
	col = cfg_get(n, "column");
	if (col == NULL || cfg_type(col) != CFG_STRING)
		noreturn_cfg(c, n, "a comparison needs a 'column' string");
	cp->col = xstrdup(cfg_string(col));
	cp->slot = slot_of(cp->col);
	if ((uf = cfg_get(n, "unless_flags")) != NULL)
		cp->unless.unless = strings(c, uf, "'unless_flags'",
		    &cp->unless.nunless);
	lvs = cfg_get(n, "levels");
	if (lvs == NULL || cfg_type(lvs) != CFG_ARRAY || cfg_size(lvs) == 0 ||
	    cfg_size(lvs) >= MAXLEVELS)
		noreturn_cfg(c, lvs ? lvs : n, "'levels' must be a list of 1 to "
		    "%d levels", MAXLEVELS - 1);
	for (i = 0; i < cfg_size(lvs); i++) {
		cfg_node *l = cfg_at(lvs, i);
		struct level *lv = &cp->lv[cp->nlv++];
		int found = 0;
		if (cfg_type(l) != CFG_OBJECT)
			noreturn_cfg(c, l, "a level is an object such as "
			    "{\"jaro_winkler\": 0.9}");
		lv->m = lv->u = -1;
		for (void *it = cfg_iter(l); it; it = cfg_next(l, it)) {
			const char *k = cfg_iter_key(it);
			cfg_node *v = cfg_iter_value(it);
			if (strcmp(k, "m") == 0 || strcmp(k, "u") == 0) {
				double p;
				if ((cfg_type(v) != CFG_REAL &&
				    cfg_type(v) != CFG_INTEGER) ||
				    (p = cfg_number(v)) <= 0 || p >= 1)
					noreturn_cfg(c, v, "'%s' is a probability "
					    "between 0 and 1, exclusive", k);
				*(k[0] == 'm' ? &lv->m : &lv->u) = p;
				continue;
			}
			for (j = 0; j < NLKINDS; j++)
				if (strcmp(k, lkinds[j].name) == 0)
					break;
			if (j == NLKINDS) {
				noreturn_cfg(c, v, "unknown level '%s' (exact, "
				    "jaro_winkler, osa, levenshtein, date_swap, "
				    "within_days, numeric; m, u)", k);
			}
			if (found++)
				noreturn_cfg(c, v, "a level has one kind");
			lv->kind = lkinds[j].kind;
			if (lkinds[j].numeric) {
				if (cfg_type(v) != CFG_REAL &&
				    cfg_type(v) != CFG_INTEGER)
					noreturn_cfg(c, v, "'%s' takes a number",
					    k);
				lv->param = cfg_number(v);
				if (lv->kind == L_JW && (lv->param <= 0 ||
				    lv->param > 1))
					noreturn_cfg(c, v, "a Jaro-Winkler "
					    "threshold is in (0, 1]");
				if (lv->param < 0)
					noreturn_cfg(c, v, "'%s' must not be "
					    "negative", k);
				snprintf(lv->label, sizeof lv->label, "%s<=%g",
				    k, lv->param);
				if (lv->kind == L_JW)
					snprintf(lv->label, sizeof lv->label,
					    "%s>=%g", k, lv->param);
			} else {
				if (cfg_type(v) != CFG_TRUE)
					noreturn_cfg(c, v, "'%s' takes true", k);
				snprintf(lv->label, sizeof lv->label, "%s", k);
			}
		}
		if (!found)
			noreturn_cfg(c, l, "a level needs a kind (exact, "
			    "jaro_winkler, ...)");
		nm += lv->m > 0;
		nu += lv->u > 0;
	}
	/* The last level: everything else. */
	cp->lv[cp->nlv].kind = L_EXACT;
	snprintf(cp->lv[cp->nlv].label, sizeof cp->lv[cp->nlv].label, "else");
	cp->lv[cp->nlv].m = cp->lv[cp->nlv].u = -1;
	if ((e = cfg_get(n, "else")) != NULL) {
		cfg_node *m = cfg_get(e, "m"), *u = cfg_get(e, "u");
		if (cfg_type(e) != CFG_OBJECT || (m == NULL && u == NULL))
			noreturn_cfg(c, e, "'else' is {\"m\": ..., \"u\": ...}");
		for (i = 0; i < 2; i++) {
			cfg_node *v = i ? u : m;
			double p;
			if (v == NULL)
				continue;
			if ((cfg_type(v) != CFG_REAL && cfg_type(v) !=
			    CFG_INTEGER) || (p = cfg_number(v)) <= 0 || p >= 1)
				noreturn_cfg(c, v, "'%s' is a probability between "
				    "0 and 1, exclusive", i ? "u" : "m");
			*(i ? &cp->lv[cp->nlv].u : &cp->lv[cp->nlv].m) = p;
		}
		nm += m != NULL;
		nu += u != NULL;
	}
	cp->nlv++;
	if ((nm && nm != cp->nlv) || (nu && nu != cp->nlv))
		noreturn_cfg(c, n, "give m (or u) for every level of '%s' and "
		    "'else', or for none (it is then estimated)", cp->col);
	cp->m_given = nm == cp->nlv;
	cp->u_given = nu == cp->nlv;
}

static enum surv
surv_of(cfg *c, cfg_node *v, size_t *by)
{
	const char *s;

	*by = (size_t)-1;
	if (cfg_type(v) == CFG_OBJECT) {
		cfg_node *r = cfg_get(v, "most_recent");
		if (r == NULL || cfg_type(r) != CFG_STRING || cfg_size(v) != 1)
			noreturn_cfg(c, v, "a rule object is {\"most_recent\": "
			    "COLUMN}");
		R.surv_by = xrealloc(R.surv_by, (R.nsurv_by + 1) *
		    sizeof *R.surv_by);
		R.surv_by[R.nsurv_by] = xstrdup(cfg_string(r));
		slot_of(cfg_string(r));
		*by = R.nsurv_by++;
		return S_RECENT;
	}
	if (cfg_type(v) != CFG_STRING)
		noreturn_cfg(c, v, "survivorship is \"priority\", "
		    "\"most_frequent\", \"union\" or {\"most_recent\": COLUMN}");
	s = cfg_string(v);
	if (strcmp(s, "priority") == 0)
		return S_PRIORITY;
	if (strcmp(s, "most_frequent") == 0)
		return S_FREQUENT;
	if (strcmp(s, "union") == 0)
		return S_UNION;
	if (strcmp(s, "max") == 0)
		return S_MAX;
	if (strcmp(s, "min") == 0)
		return S_MIN;
	noreturn_cfg(c, v, "unknown survivorship '%s' (priority, most_frequent, "
	    "union, max, min, {\"most_recent\": COLUMN})", s);
}

static long *surv_by_of;	/* column position → surv_by index */

static void
load_rules(const char *path)
{
	static const char *const known[] = { "padu_match", "id", "title",
		"description", "source", "exact", "blocking", "compare",
		"threshold", "max_block", "estimate", "distinct",
		"survivorship", NULL };
	static const char *const est_known[] = { "random_pairs", "seed",
		"em_iterations", "prior", NULL };
	static const char *const surv_known[] = { "priority", "default",
		"columns", NULL };
	cfg_node *root, *v, *e;
	char *err;
	size_t i, by;
	cfg *c;

	if ((c = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "rules %s", err);
	root = cfg_root(c);
	if (cfg_type(root) != CFG_OBJECT)
		noreturn_cfg(c, root, "match rules are a JSON object");
	check_members(c, root, "the rules file", known);
	if ((v = cfg_get(root, "padu_match")) == NULL ||
	    cfg_type(v) != CFG_INTEGER || cfg_integer(v) != 1)
		noreturn_cfg(c, v ? v : root, "'padu_match' must be 1 (the "
		    "match rules format version)");
	src_slot = slot_of("_src");
	row_slot = slot_of("_row");
	flags_slot = slot_of("_flags");
	if ((v = cfg_get(root, "exact")) != NULL) {
		if (cfg_type(v) != CFG_ARRAY)
			noreturn_cfg(c, v, "'exact' is a list of keys");
		R.nexact = cfg_size(v);
		R.exact = xcalloc(R.nexact + 1, sizeof *R.exact);
		for (i = 0; i < R.nexact; i++)
			load_key(c, cfg_at(v, i), &R.exact[i], "an exact key");
	}
	if ((v = cfg_get(root, "blocking")) != NULL) {
		if (cfg_type(v) != CFG_ARRAY)
			noreturn_cfg(c, v, "'blocking' is a list of keys");
		R.nblock = cfg_size(v);
		R.block = xcalloc(R.nblock + 1, sizeof *R.block);
		for (i = 0; i < R.nblock; i++)
			load_key(c, cfg_at(v, i), &R.block[i], "a blocking key");
	}
	if ((v = cfg_get(root, "compare")) != NULL) {
		if (cfg_type(v) != CFG_ARRAY || cfg_size(v) == 0)
			noreturn_cfg(c, v, "'compare' is a list of comparisons");
		R.ncmp = cfg_size(v);
		R.cmp = xcalloc(R.ncmp, sizeof *R.cmp);
		for (i = 0; i < R.ncmp; i++)
			load_comparison(c, cfg_at(v, i), &R.cmp[i]);
	}
	if (R.nblock && R.ncmp == 0)
		noreturn_cfg(c, cfg_get(root, "blocking"), "blocking needs "
		    "'compare' (how to score the pairs it finds)");
	if (R.ncmp && R.nblock == 0)
		noreturn_cfg(c, cfg_get(root, "compare"), "'compare' needs "
		    "'blocking' (which pairs to compare)");
	if (R.nexact == 0 && R.nblock == 0)
		noreturn_cfg(c, root, "the rules need 'exact' keys, or "
		    "'blocking' and 'compare'");
	R.threshold = 10;
	if ((v = cfg_get(root, "threshold")) != NULL) {
		if (cfg_type(v) != CFG_REAL && cfg_type(v) != CFG_INTEGER)
			noreturn_cfg(c, v, "'threshold' is a match weight in "
			    "bits (a number)");
		R.threshold = cfg_number(v);
	}
	R.max_block = 1000;
	if ((v = cfg_get(root, "max_block")) != NULL) {
		if (cfg_type(v) != CFG_INTEGER || cfg_integer(v) < 2 ||
		    cfg_integer(v) > 1000000)
			noreturn_cfg(c, v, "'max_block' is an integer from 2 to "
			    "1000000");
		R.max_block = (size_t)cfg_integer(v);
	}
	R.random_pairs = 1000000;
	R.seed = 3310;
	R.em_iter = 25;
	R.prior = 0.01;
	if ((e = cfg_get(root, "estimate")) != NULL) {
		if (cfg_type(e) != CFG_OBJECT)
			noreturn_cfg(c, e, "'estimate' is an object");
		check_members(c, e, "'estimate'", est_known);
		if ((v = cfg_get(e, "random_pairs")) != NULL) {
			if (cfg_type(v) != CFG_INTEGER || cfg_integer(v) < 1000)
				noreturn_cfg(c, v, "'random_pairs' is an "
				    "integer of at least 1000");
			R.random_pairs = (unsigned long long)cfg_integer(v);
		}
		if ((v = cfg_get(e, "seed")) != NULL) {
			if (cfg_type(v) != CFG_INTEGER)
				noreturn_cfg(c, v, "'seed' is an integer");
			R.seed = (uint64_t)cfg_integer(v);
		}
		if ((v = cfg_get(e, "em_iterations")) != NULL) {
			if (cfg_type(v) != CFG_INTEGER || cfg_integer(v) < 0 ||
			    cfg_integer(v) > 1000)
				noreturn_cfg(c, v, "'em_iterations' is an "
				    "integer from 0 to 1000");
			R.em_iter = (int)cfg_integer(v);
		}
		if ((v = cfg_get(e, "prior")) != NULL) {
			if ((cfg_type(v) != CFG_REAL && cfg_type(v) !=
			    CFG_INTEGER) || cfg_number(v) <= 0 ||
			    cfg_number(v) >= 1)
				noreturn_cfg(c, v, "'prior' is a probability "
				    "between 0 and 1, exclusive");
			R.prior = cfg_number(v);
		}
	}
	if ((v = cfg_get(root, "distinct")) != NULL) {
		if (cfg_type(v) != CFG_ARRAY)
			noreturn_cfg(c, v, "'distinct' is a list of keys");
		R.ndistinct = cfg_size(v);
		R.distinct = xcalloc(R.ndistinct + 1, sizeof *R.distinct);
		for (i = 0; i < R.ndistinct; i++)
			load_key(c, cfg_at(v, i), &R.distinct[i],
			    "a distinct key");
	}
	if ((R.surv = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	R.surv_default = S_PRIORITY;
	if ((e = cfg_get(root, "survivorship")) != NULL) {
		if (cfg_type(e) != CFG_OBJECT)
			noreturn_cfg(c, e, "'survivorship' is an object");
		check_members(c, e, "'survivorship'", surv_known);
		if ((v = cfg_get(e, "priority")) != NULL)
			R.priority = strings(c, v, "'priority'", &R.npriority);
		if ((v = cfg_get(e, "default")) != NULL) {
			R.surv_default = surv_of(c, v, &by);
			if (R.surv_default == S_RECENT)
				smap_put(R.surv, "", 0, (long)(S_RECENT |
				    (int)(by << 4)), NULL);
		}
		if ((v = cfg_get(e, "columns")) != NULL) {
			if (cfg_type(v) != CFG_OBJECT)
				noreturn_cfg(c, v, "'columns' is an object of "
				    "column → rule");
			for (void *it = cfg_iter(v); it; it = cfg_next(v, it)) {
				enum surv s = surv_of(c, cfg_iter_value(it), &by);
				const char *k = cfg_iter_key(it);
				smap_put(R.surv, k, strlen(k), (long)s |
				    (s == S_RECENT ? (long)(by << 4) : 0), NULL);
			}
		}
	}
	cfg_free(c);
}

/* ---- reading ---- */

static const char *
val(size_t r, size_t s, size_t *n)
{
	*n = vlen[r * nslot + s];
	return arena.p + voff[r * nslot + s];
}

/* Whether flags field f (n bytes, ';'-separated) holds one of k's
 * unless_flags. */
static int
flags_hold(const char *f, size_t n, const struct key *k)
{
	const char *p, *end = f + n;
	size_t i, fl;

	for (p = f; p < end; p += fl + 1) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		fl = semi ? (size_t)(semi - p) : (size_t)(end - p);
		for (i = 0; i < k->nunless; i++)
			if (strlen(k->unless[i]) == fl &&
			    memcmp(k->unless[i], p, fl) == 0)
				return 1;
	}
	return 0;
}

/* Whether row r's flags hold one of the key's unless_flags. */
static int
flagged(size_t r, const struct key *k)
{
	size_t n;
	const char *f = val(r, flags_slot, &n);

	return flags_hold(f, n, k);
}

static int
key_usable(size_t r, const struct key *k)
{
	size_t i, n;

	for (i = 0; i < k->n; i++) {
		val(r, k->slot[i], &n);
		if (n == 0)
			return 0;
	}
	return !flagged(r, k);
}

static uint64_t
key_hash(size_t r, const struct key *k)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i, j, n;

	for (i = 0; i < k->n; i++) {
		const char *p = val(r, k->slot[i], &n);
		for (j = 0; j < n; j++) {
			h ^= (unsigned char)p[j];
			h *= 1099511628211ULL;
		}
		h ^= 0x1f;		/* a separator byte no value holds */
		h *= 1099511628211ULL;
	}
	return h;
}

static int
key_equal(size_t a, size_t b, const struct key *k)
{
	size_t i, na, nb;

	for (i = 0; i < k->n; i++) {
		const char *pa = val(a, k->slot[i], &na);
		const char *pb = val(b, k->slot[i], &nb);
		if (na != nb || memcmp(pa, pb, na) != 0)
			return 0;
	}
	return 1;
}

static void spool_writer(void);

static void
spool_open(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s/padu-dedupe.XXXXXX", tmp);
	if ((spool_fd = mkstemp(path.p)) < 0)
		die(PADU_EXIT_FAIL, "cannot create a temporary file in '%s':",
		    tmp);
	unlink(path.p);
	buf_free(&path);
	spool_writer();
}

/*
 * With -j above 1 the spool is written by a thread of its own while the
 * rows are parsed: spool_flush hands it the buffer just filled and goes on
 * filling the other (the parser waits only when the writer is behind).
 */
static struct {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct buf out;		/* the buffer being written */
	int on;			/* the thread runs */
	int busy;		/* out is to be written */
	int quit;
	int err;		/* errno of a write error, or 0 */
} sw = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Write p[0..len) at the spool's end: 0, or an errno. */
static int
spool_write(const char *p, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(spool_fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno ? errno : EIO;
		done += (size_t)n;
	}
	return 0;
}

static void *
spool_run(void *unused)
{
	int e;

	(void)unused;
	pthread_mutex_lock(&sw.mu);
	for (;;) {
		while (!sw.busy && !sw.quit)
			pthread_cond_wait(&sw.cv, &sw.mu);
		if (!sw.busy)
			break;
		pthread_mutex_unlock(&sw.mu);
		e = spool_write(sw.out.p, sw.out.len);
		pthread_mutex_lock(&sw.mu);
		if (e && !sw.err)
			sw.err = e;
		sw.busy = 0;
		pthread_cond_broadcast(&sw.cv);
	}
	pthread_mutex_unlock(&sw.mu);
	return NULL;
}

static void
spool_flush(void)
{
	struct buf t;
	int e;

	if (!sw.on) {
		if ((e = spool_write(spool_buf.p, spool_buf.len)) != 0) {
			errno = e;
			die(PADU_EXIT_FAIL, "temporary file: write error:");
		}
		buf_reset(&spool_buf);
		return;
	}
	pthread_mutex_lock(&sw.mu);
	while (sw.busy)
		pthread_cond_wait(&sw.cv, &sw.mu);
	if ((e = sw.err) == 0) {
		t = sw.out;
		sw.out = spool_buf;
		spool_buf = t;
		sw.busy = 1;
		pthread_cond_broadcast(&sw.cv);
	}
	pthread_mutex_unlock(&sw.mu);
	if (e) {
		errno = e;
		die(PADU_EXIT_FAIL, "temporary file: write error:");
	}
	buf_reset(&spool_buf);
}

/* With -j above 1, start the spool's writer. */
static void
spool_writer(void)
{
	sw.on = opt.jobs > 1 && pthread_create(&sw.th, NULL, spool_run,
	    NULL) == 0;
}

/* The last rows spooled, the spool complete in its file, its writer
 * stopped. */
static void
spool_done(void)
{
	int e;

	spool_flush();
	if (!sw.on)
		return;
	pthread_mutex_lock(&sw.mu);
	while (sw.busy)
		pthread_cond_wait(&sw.cv, &sw.mu);
	sw.quit = 1;
	pthread_cond_broadcast(&sw.cv);
	e = sw.err;
	pthread_mutex_unlock(&sw.mu);
	pthread_join(sw.th, NULL);
	sw.on = 0;
	buf_free(&sw.out);
	if (e) {
		errno = e;
		die(PADU_EXIT_FAIL, "temporary file: write error:");
	}
}

/* Append a record to the spool: each field's length (LEB128), its bytes. */
static void
spool_put(const csvio_reader *rd, const struct csvio_rec *rec)
{
	size_t i, all = 0;
	char *d;

	if (spool_raw) {
		if ((rd ? csvio_encode_read(&spool_buf, rd, rec) :
		    csvio_encode_record(&spool_buf, rec->f, rec->len,
		    rec->n)) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		return;
	}
	for (i = 0; i < rec->n; i++)
		all += rec->len[i] + 10;
	if (buf_reserve(&spool_buf, all) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	d = spool_buf.p + spool_buf.len;
	for (i = 0; i < rec->n; i++) {
		size_t n = rec->len[i];
		while (n >= 0x80) {
			*d++ = (char)(n | 0x80);
			n >>= 7;
		}
		*d++ = (char)n;
		memcpy(d, rec->f[i], rec->len[i]);
		d += rec->len[i];
	}
	spool_buf.len = (size_t)(d - spool_buf.p);
	spool_buf.p[spool_buf.len] = '\0';
}

/*
 * The rank of a source in the priority list: its own entry, else the
 * longest entry it begins with followed by '_' (p3ke_individu covers
 * p3ke_individu_a); unlisted sources come last.
 */
static size_t
source_rank(const char *s, size_t n)
{
	size_t i, best = R.npriority, bestlen = 0;

	for (i = 0; i < R.npriority; i++) {
		size_t l = strlen(R.priority[i]);
		if (l == n && memcmp(R.priority[i], s, n) == 0)
			return i;
		if (l < n && l > bestlen && s[l] == '_' &&
		    memcmp(R.priority[i], s, l) == 0) {
			best = i;
			bestlen = l;
		}
	}
	return best;
}

/* Reject a malformed or ragged record of input name, with its origin. */
static void
reject_rec(const char *name, const struct csvio_rec *rec, int rc,
    const long *idx, size_t width)
{
	long sc = idx[src_slot], rc2 = idx[row_slot];
	char num[32], src[128];
	const char *sp = name;

	buf_reset(&scratch);
	if (rc == CSVIO_BAD)
		buf_adds(&scratch, rec->bad);
	else
		buf_printf(&scratch, "ragged row: %zu field%s, the header has "
		    "%zu", rec->n, rec->n == 1 ? "" : "s", width);
	snprintf(num, sizeof num, "%llu", rec->num);
	/* The row's own origin when it carries one. */
	if (sc >= 0 && (size_t)sc < rec->n && rec->len[sc] < sizeof src) {
		memcpy(src, rec->f[sc], rec->len[sc]);
		src[rec->len[sc]] = '\0';
		sp = src;
	}
	if (rc2 >= 0 && (size_t)rc2 < rec->n && rec->len[rc2] < sizeof num) {
		memcpy(num, rec->f[rc2], rec->len[rc2]);
		num[rec->len[rc2]] = '\0';
	}
	padu_reject(&run, name, rec->num, sp, num, scratch.p, rec->f,
	    rec->len, rec->n);
}

/*
 * An input of the default mode: its reader, positioned after its header,
 * and where its columns go in the stream's header (the union of the
 * inputs' headers in first-seen order, as padu-cat makes it).
 */
struct input {
	csvio_reader *rd;
	size_t ncol;		/* its header's width */
	size_t *map;		/* its column → the stream's */
	long *idx;		/* slot → its column, -1 absent */
	int same;		/* its columns are the stream's, in order */
};

static strmap *hcols;		/* the stream's header: name → column */

/* The column of header h (n wide) named name, or -1. */
static long
col_of(char **h, size_t n, const char *name)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (strcmp(h[j], name) == 0)
			return (long)j;
	return -1;
}

/*
 * The stream's header is whole (every input opened): the columns that the
 * rules and --clusters-cols name must be in it, and slot_idx places them.
 */
static void
header_done(const char *name)
{
	size_t i;

	for (i = 0; i < ncl; i++)
		if (col_of(header, nheader, cl_col[i]) < 0)
			die(PADU_EXIT_USAGE, "%s: header: --clusters-cols names "
			    "column '%s', which the stream does not have", name,
			    cl_col[i]);
	slot_idx = xcalloc(nslot, sizeof *slot_idx);
	for (i = 0; i < nslot; i++) {
		slot_idx[i] = col_of(header, nheader, slot_col[i]);
		if (slot_idx[i] < 0 && i != flags_slot && i != src_slot &&
		    i != row_slot)
			die(PADU_EXIT_USAGE, "%s: header: the match rules use "
			    "column '%s', which the stream does not have", name,
			    slot_col[i]);
	}
	if (slot_idx[src_slot] < 0 || slot_idx[row_slot] < 0)
		warn("%s: header: no _src or _row: entities are named by input "
		    "record numbers", name);
}

/*
 * Open path and read its header.  With --first, the first input's is the
 * stream's and every other must equal it; else each input's new columns
 * join the stream's header (in.map says where its columns go).  Returns
 * the reader, or NULL when the input is empty.
 */
static csvio_reader *
open_input(const char *path, struct input *in)
{
	struct csvio_rec rec;
	csvio_reader *rd;
	strmap *seen;		/* this header: name → column */
	const char *name;
	size_t i;
	int rc;

	if ((rd = csvio_open(path, ',', '"')) == NULL)
		die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" : "%s:",
		    path);
	/* With -j above 1, a file is read ahead while it is parsed. */
	if (opt.jobs > 1)
		csvio_read_ahead(rd);
	name = csvio_name(rd);
	rc = csvio_read(rd, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
	if (rc == CSVIO_EOF) {
		csvio_close(rd);
		return NULL;
	}
	if ((seen = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < rec.n; i++) {
		int added;
		long at;
		if (rec.len[i] == 0)
			die(PADU_EXIT_FAIL, "%s: header: column %zu has no name",
			    name, i + 1);
		/* As padu-cat: a column's name is its own. */
		if ((at = smap_put(seen, rec.f[i], rec.len[i], (long)i,
		    &added)) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		if (!added)
			die(PADU_EXIT_FAIL, "%s: header: duplicate column '%s' "
			    "(columns %ld and %zu)", name, rec.f[i],
			    *smap_val(seen, (size_t)at) + 1, i + 1);
	}
	if (header == NULL) {
		nheader = rec.n;
		header = xcalloc(rec.n, sizeof *header);
		for (i = 0; i < rec.n; i++)
			header[i] = xstrdup(rec.f[i]);
		if (in == NULL)		/* --first: the stream's, now */
			header_done(name);
	} else if (opt.first) {
		int same = rec.n == nheader;
		for (i = 0; same && i < nheader; i++)
			same = strcmp(rec.f[i], header[i]) == 0;
		if (!same)
			die(PADU_EXIT_FAIL, "%s: header differs from the first "
			    "input's; join the inputs with padu-cat first", name);
	}
	if (in == NULL) {
		smap_free(seen);
		return rd;
	}
	in->rd = rd;
	in->ncol = rec.n;
	in->map = xcalloc(rec.n ? rec.n : 1, sizeof *in->map);
	in->idx = xcalloc(nslot, sizeof *in->idx);
	in->same = 1;
	if (hcols == NULL && (hcols = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	if (smap_count(hcols) == 0)
		for (i = 0; i < nheader; i++)
			if (smap_put(hcols, header[i], strlen(header[i]),
			    (long)i, NULL) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < rec.n; i++) {
		int added;
		long at = smap_put(hcols, rec.f[i], rec.len[i], (long)nheader,
		    &added);
		if (at < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		if (added) {
			header = xrealloc(header, (nheader + 1) *
			    sizeof *header);
			header[nheader++] = xstrdup(rec.f[i]);
		}
		in->map[i] = (size_t)*smap_val(hcols, (size_t)at);
		in->same &= in->map[i] == i;
	}
	for (i = 0; i < nslot; i++) {
		long at = smap_find(seen, slot_col[i], strlen(slot_col[i]));
		in->idx[i] = at < 0 ? -1 : *smap_val(seen, (size_t)at);
	}
	smap_free(seen);
	return rd;
}

/* The rows of input in, into the spool and the rows' values. */
static void
read_input(struct input *in)
{
	struct csvio_rec rec;
	csvio_reader *rd = in->rd;
	const char *name = csvio_name(rd);
	char **f = NULL;
	size_t i, start, *len = NULL;
	int rc;

	if (!in->same || in->ncol != nheader) {
		/* Its rows go out in the stream's columns, the others empty. */
		f = xcalloc(nheader, sizeof *f);
		len = xcalloc(nheader, sizeof *len);
		for (i = 0; i < nheader; i++)
			f[i] = "";
	}
	while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		run.in++;
		padu_progress(&run, csvio_bytes(rd));
		if (rc == CSVIO_BAD || rec.n != in->ncol) {
			reject_rec(name, &rec, rc, in->idx, in->ncol);
			continue;
		}
		if (nrows == caprows) {
			caprows = caprows ? caprows * 2 : 4096;
			if (caprows > UINT32_MAX)
				die(PADU_EXIT_FAIL, "%s: more than %u rows",
				    name, UINT32_MAX);
			rows = xrealloc(rows, caprows * sizeof *rows);
			voff = xrealloc(voff, caprows * nslot * sizeof *voff);
			vlen = xrealloc(vlen, caprows * nslot * sizeof *vlen);
		}
		start = spool_buf.len;
		if (f == NULL) {
			spool_put(rd, &rec);
		} else {
			struct csvio_rec u = rec;
			for (i = 0; i < in->ncol; i++) {
				f[in->map[i]] = rec.f[i];
				len[in->map[i]] = rec.len[i];
			}
			u.f = f;
			u.len = len;
			u.n = nheader;
			spool_put(NULL, &u);
		}
		if (spool_buf.len - start > UINT32_MAX)
			die(PADU_EXIT_FAIL, "%s:%llu: a record of more than 4 GB",
			    name, rec.num);
		rows[nrows].off = spool_size;
		rows[nrows].len = (uint32_t)(spool_buf.len - start);
		rows[nrows].parent = (uint32_t)nrows;
		spool_size += spool_buf.len - start;
		if (spool_buf.len > (1 << 20))
			spool_flush();
		for (i = 0; i < nslot; i++) {
			long c = in->idx[i];
			size_t n = c >= 0 ? rec.len[c] : 0;
			voff[nrows * nslot + i] = arena.len;
			vlen[nrows * nslot + i] = (uint32_t)n;
			if (n && buf_add(&arena, rec.f[c], n) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
		}
		/* A row without _src ranks as an empty one (last). */
		rows[nrows].rank_src = (uint32_t)(in->idx[src_slot] >= 0 ?
		    source_rank(rec.f[in->idx[src_slot]],
		    rec.len[in->idx[src_slot]]) : R.npriority);
		nrows++;
		hold_check();
	}
	free(f);
	free(len);
	csvio_close(rd);
	free(in->map);
	free(in->idx);
}

/* ---- union-find with the distinct constraint ---- */

/*
 * Once linking is done, every row points at its root (flatten): find()
 * then only reads, so the rows and the links can be written side by side.
 */
static int flat;

static uint32_t
find(uint32_t x)
{
	if (flat)
		return rows[x].parent;
	while (rows[x].parent != x) {
		rows[x].parent = rows[rows[x].parent].parent;
		x = rows[x].parent;
	}
	return x;
}

static uint32_t *dvalue;	/* root × ndistinct: a row holding the value,
				   or UINT32_MAX */

/* Join the entities of a and b: 1, or 0 when a distinct column forbids. */
static int
unite(uint32_t a, uint32_t b, size_t *why)
{
	uint32_t ra = find(a), rb = find(b), t;
	size_t k;

	if (ra == rb)
		return 1;
	for (k = 0; k < R.ndistinct; k++) {
		uint32_t va = dvalue[(size_t)ra * R.ndistinct + k];
		uint32_t vb = dvalue[(size_t)rb * R.ndistinct + k];
		if (va != UINT32_MAX && vb != UINT32_MAX &&
		    !key_equal(va, vb, &R.distinct[k])) {
			*why = k;
			return 0;
		}
	}
	/* The smaller index is the root: roots do not depend on link order. */
	if (rb < ra) {
		t = ra;
		ra = rb;
		rb = t;
	}
	rows[rb].parent = ra;
	for (k = 0; k < R.ndistinct; k++)
		if (dvalue[(size_t)ra * R.ndistinct + k] == UINT32_MAX)
			dvalue[(size_t)ra * R.ndistinct + k] =
			    dvalue[(size_t)rb * R.ndistinct + k];
	return 1;
}

/* ---- comparing ---- */

/* Parse yyyy-mm-dd into days since 0000-03-01; -1 when not a date. */
static long
days(const char *s, size_t n)
{
	long y, m, d;

	static const char shape[] = "9999-99-99";
	size_t i;

	if (n != 10)
		return -1;
	for (i = 0; i < 10; i++)
		if (shape[i] == '9' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 +
	    d - 1;
}

/* Bit c of row r: comparison c's unless_flags hold one of r's flags. */
static uint64_t *unless_bits;

static void
mark_unless(void)
{
	size_t c, r;

	unless_bits = xcalloc(nrows ? nrows : 1, sizeof *unless_bits);
	for (c = 0; c < R.ncmp && c < 64; c++)
		if (R.cmp[c].unless.nunless)
			for (r = 0; r < nrows; r++)
				if (flagged(r, &R.cmp[c].unless))
					unless_bits[r] |= (uint64_t)1 << c;
}

/*
 * The compared values, interned.  Each column that a comparison reads gets
 * an id per row (0: empty), the same id for the same bytes, and its
 * distinct values side by side in an arena of its own.  Comparing pairs
 * then reads two ids, not the rows' scattered values: an exact level is
 * an equality of ids, and a date's days are counted once per value.
 */
struct ccol {
	size_t slot;		/* the value slot */
	int dates;		/* a comparison on it has within_days */
	size_t i;		/* its place in a row of crow */
	uint32_t *id;		/* nrows ids, until crow holds them */
	uint32_t n;		/* distinct values, ids 1..n */
	uint64_t *off;		/* of value id in arena, [0] unused */
	uint32_t *len;
	int64_t *days;		/* days(value id), or NULL */
	int edits;		/* a comparison on it has osa or levenshtein */
	unsigned long long *sig; /* edits: each value's strsim_sig */
	struct buf arena;
};

static struct ccol *ccols;	/* at most one per comparison */
static size_t nccol;
/*
 * The ids again, a row's side by side (nccol of them, then its unless
 * bits, low and high half): the comparisons of a pair read one or two
 * cache lines per row, where the columns' ids would take one per column.
 */
static uint32_t *crow;
static size_t cstride;

static uint64_t fhash(const char *, size_t);

/* Intern the values of columns [lo, hi) of ccols. */
static void
intern_span(size_t lo, size_t hi, void *ctx)
{
	size_t k, r, cap, mask, i, n;

	(void)ctx;
	for (k = lo; k < hi; k++) {
		struct ccol *cc = &ccols[k];
		uint32_t *tab, ncap = 1024;
		for (cap = 1024; cap < 2 * nrows; cap *= 2)
			;
		mask = cap - 1;
		tab = xcalloc(cap, sizeof *tab);
		cc->id = xmalloc((nrows ? nrows : 1) * sizeof *cc->id);
		cc->off = xmalloc(ncap * sizeof *cc->off);
		cc->len = xmalloc(ncap * sizeof *cc->len);
		cc->n = 0;
		cc->off[0] = 0;		/* id 0, empty: read by prefetches */
		cc->len[0] = 0;
		for (r = 0; r < nrows; r++) {
			const char *v = val(r, cc->slot, &n);
			uint32_t id;
			if (n == 0) {
				cc->id[r] = 0;
				continue;
			}
			for (i = fhash(v, n) & mask; (id = tab[i]) != 0;
			    i = (i + 1) & mask)
				if (cc->len[id] == n && memcmp(cc->arena.p +
				    cc->off[id], v, n) == 0)
					break;
			if (id == 0) {
				id = ++cc->n;
				if (id == ncap) {
					ncap *= 2;
					cc->off = xrealloc(cc->off, ncap *
					    sizeof *cc->off);
					cc->len = xrealloc(cc->len, ncap *
					    sizeof *cc->len);
				}
				cc->off[id] = cc->arena.len;
				cc->len[id] = (uint32_t)n;
				if (buf_add(&cc->arena, v, n) < 0)
					die(PADU_EXIT_FAIL, "out of memory");
				tab[i] = id;
			}
			cc->id[r] = id;
		}
		free(tab);
		cc->sig = NULL;
		if (cc->edits) {
			cc->sig = xmalloc(((size_t)cc->n + 1) * sizeof *cc->sig);
			cc->sig[0] = STRSIM_SIG_NONE;
			for (i = 1; i <= cc->n; i++)
				cc->sig[i] = strsim_sig(cc->arena.p +
				    cc->off[i], cc->len[i]);
		}
		cc->days = NULL;
		if (cc->dates) {
			cc->days = xmalloc(((size_t)cc->n + 1) *
			    sizeof *cc->days);
			cc->days[0] = -1;
			for (i = 1; i <= cc->n; i++)
				cc->days[i] = days(cc->arena.p + cc->off[i],
				    cc->len[i]);
		}
	}
}

/* The columns to intern, and a first count of their bytes. */
static void
intern_plan(void)
{
	size_t c, k, l;

	nccol = 0;
	ccols = xcalloc(R.ncmp ? R.ncmp : 1, sizeof *ccols);
	for (c = 0; c < R.ncmp; c++) {
		struct comparison *cp = &R.cmp[c];
		for (k = 0; k < nccol && ccols[k].slot != cp->slot; k++)
			;
		if (k == nccol) {
			ccols[k].slot = cp->slot;
			ccols[k].i = k;
			nccol++;
		}
		cp->ccol = k;
		for (l = 0; l < cp->nlv; l++)
			if (cp->lv[l].kind == L_DAYS)
				ccols[k].dates = 1;
			else if (cp->lv[l].kind == L_OSA ||
			    cp->lv[l].kind == L_LEV)
				ccols[k].edits = 1;
		for (l = 0; l + 1 < cp->nlv; l++)
			if (cp->lv[l].kind != L_EXACT && cp->lv[l].kind != L_DAYS)
				cp->bytes = 1;
	}
	held_ccols = (unsigned long long)nccol * nrows * (sizeof(uint32_t) * 3);
	hold_check();
}

/* After intern_span: the bytes the interned values hold. */
static void
intern_held(void)
{
	size_t k;

	for (k = 0, held_ccols = (unsigned long long)nrows * cstride *
	    sizeof *crow; k < nccol; k++)
		held_ccols += ccols[k].arena.cap + (ccols[k].n + 1ULL) * (sizeof(uint64_t) +
		    sizeof(uint32_t) + (ccols[k].days ? sizeof(int64_t) : 0) +
		    (ccols[k].sig ? sizeof *ccols[k].sig : 0));
	hold_check();
}

/* crow from the columns' ids and unless_bits, which are then freed. */
static void
intern_rows(void)
{
	size_t r, k;
	uint32_t *p;

	cstride = nccol + 2;
	crow = xmalloc((nrows ? nrows : 1) * cstride * sizeof *crow);
	for (r = 0, p = crow; r < nrows; r++, p += cstride) {
		for (k = 0; k < nccol; k++)
			p[k] = ccols[k].id[r];
		p[nccol] = (uint32_t)unless_bits[r];
		p[nccol + 1] = (uint32_t)(unless_bits[r] >> 32);
	}
	for (k = 0; k < nccol; k++) {
		free(ccols[k].id);
		ccols[k].id = NULL;
	}
	free(unless_bits);
	unless_bits = NULL;
}

static void *
intern_run(void *p)
{
	intern_span(0, nccol, p);
	return NULL;
}

static void
free_cols(void)
{
	size_t k;

	for (k = 0; k < nccol; k++) {
		free(ccols[k].off);
		free(ccols[k].len);
		free(ccols[k].days);
		free(ccols[k].sig);
		buf_free(&ccols[k].arena);
	}
	free(ccols);
	ccols = NULL;
	free(crow);
	crow = NULL;
	nccol = 0;
	held_ccols = 0;
}

/* The level of comparison cp for rows a and b (NULL_LEVEL when a value is
 * missing). */
static int
level(const struct comparison *cp, size_t a, size_t b)
{
	const struct ccol *cc = &ccols[cp->ccol];
	const uint32_t *ra = crow + a * cstride, *rb = crow + b * cstride;
	uint32_t ia = ra[cp->ccol], ib = rb[cp->ccol];
	size_t na, nb, i;
	const char *pa, *pb;

	if (ia == 0 || ib == 0)
		return NULL_LEVEL;
	if (cp->unless.nunless) {
		size_t c = (size_t)(cp - R.cmp);
		if (c < 64) {
			uint32_t u = c < 32 ? ra[nccol] | rb[nccol] :
			    ra[nccol + 1] | rb[nccol + 1];
			if ((u >> (c & 31)) & 1)
				return NULL_LEVEL;
		} else if (flagged(a, &cp->unless) || flagged(b, &cp->unless))
			return NULL_LEVEL;
	}
	pa = pb = NULL;
	na = nb = 0;
	if (cp->bytes) {
		pa = cc->arena.p + cc->off[ia];
		na = cc->len[ia];
		pb = cc->arena.p + cc->off[ib];
		nb = cc->len[ib];
	}
	for (i = 0; i + 1 < cp->nlv; i++) {
		const struct level *l = &cp->lv[i];
		switch (l->kind) {
		case L_EXACT:
			if (ia == ib)
				return (int)i;
			break;
		case L_JW:
			if (strsim_jaro_winkler_reaches(pa, na, pb, nb,
			    l->param))
				return (int)i;
			break;
		case L_OSA:
			if (cc->sig && cc->sig[ia] != STRSIM_SIG_NONE &&
			    cc->sig[ib] != STRSIM_SIG_NONE &&
			    strsim_sig_bound(cc->sig[ia], cc->sig[ib]) >
			    (unsigned)l->param)
				break;
			if (strsim_osa(pa, na, pb, nb, (int)l->param) <=
			    (int)l->param)
				return (int)i;
			break;
		case L_LEV:
			if (cc->sig && cc->sig[ia] != STRSIM_SIG_NONE &&
			    cc->sig[ib] != STRSIM_SIG_NONE &&
			    strsim_sig_bound(cc->sig[ia], cc->sig[ib]) >
			    (unsigned)l->param)
				break;
			if (strsim_levenshtein(pa, na, pb, nb, (int)l->param) <=
			    (int)l->param)
				return (int)i;
			break;
		case L_SWAP:
			/* yyyy-mm-dd against yyyy-dd-mm */
			if (na == 10 && nb == 10 && pa[0] == pb[0] &&
			    pa[1] == pb[1] && pa[2] == pb[2] && pa[3] == pb[3] &&
			    pa[4] == pb[4] && pa[5] == pb[8] && pa[6] == pb[9] &&
			    pa[8] == pb[5] && pa[9] == pb[6])
				return (int)i;
			break;
		case L_DAYS: {
			int64_t da = cc->days[ia], db = cc->days[ib];
			if (da >= 0 && db >= 0 && llabs(da - db) <=
			    (long long)l->param)
				return (int)i;
			break;
		}
		case L_NUM: {
			char ba[64], bb[64], *ea, *eb;
			double x, y;
			if (na >= sizeof ba || nb >= sizeof bb)
				break;
			memcpy(ba, pa, na);
			ba[na] = '\0';
			memcpy(bb, pb, nb);
			bb[nb] = '\0';
			x = strtod(ba, &ea);
			y = strtod(bb, &eb);
			if (*ea == '\0' && *eb == '\0' && fabs(x - y) <= l->param)
				return (int)i;
			break;
		}
		}
	}
	return (int)cp->nlv - 1;
}

struct pair {
	uint32_t a, b;		/* rows, a < b: a candidate pair */
};

/*
 * Threads.  Comparing pairs is the one costly step that splits: each
 * pair's levels depend on its two rows alone, and each thread writes its
 * own part of an array, so the results, and every byte written, are the
 * same whatever -j says.  level() reads the rows' values, the flags and
 * the rules, which nothing changes while the threads run.
 */
struct span {
	size_t lo, hi;		/* the items [lo, hi) */
	void (*fn)(size_t, size_t, void *);
	void *ctx;
};

static void *
span_run(void *p)
{
	struct span *sp = p;

	sp->fn(sp->lo, sp->hi, sp->ctx);
	return NULL;
}

/* fn(lo, hi, ctx) over [0, n), in opt.jobs parts run side by side. */
static void
par_for(size_t n, void (*fn)(size_t, size_t, void *), void *ctx)
{
	pthread_t th[MAXJOBS];
	struct span sp[MAXJOBS];
	int started[MAXJOBS];
	size_t t = (size_t)opt.jobs, k;

	if (t > MAXJOBS)
		t = MAXJOBS;
	if (t <= 1 || n < 4096) {
		fn(0, n, ctx);
		return;
	}
	for (k = 0; k < t; k++) {
		sp[k].lo = n / t * k;
		sp[k].hi = k + 1 == t ? n : n / t * (k + 1);
		sp[k].fn = fn;
		sp[k].ctx = ctx;
		/* A thread that cannot start: its part runs here instead. */
		started[k] = k > 0 &&
		    pthread_create(&th[k], NULL, span_run, &sp[k]) == 0;
	}
	for (k = 0; k < t; k++)
		if (!started[k])
			span_run(&sp[k]);
	for (k = 1; k < t; k++)
		if (started[k])
			pthread_join(th[k], NULL);
}

/* fn(i, i + 1, ctx) for each of the n (at most MAXJOBS) items, side by
 * side; an item whose thread cannot start runs here. */
static void
par_items(size_t n, void (*fn)(size_t, size_t, void *), void *ctx)
{
	pthread_t th[MAXJOBS];
	struct span sp[MAXJOBS];
	int started[MAXJOBS];
	size_t k;

	for (k = 0; k < n && k < MAXJOBS; k++) {
		sp[k].lo = k;
		sp[k].hi = k + 1;
		sp[k].fn = fn;
		sp[k].ctx = ctx;
		started[k] = k > 0 &&
		    pthread_create(&th[k], NULL, span_run, &sp[k]) == 0;
	}
	for (k = 0; k < n && k < MAXJOBS; k++)
		if (!started[k])
			span_run(&sp[k]);
	for (k = 1; k < n && k < MAXJOBS; k++)
		if (started[k])
			pthread_join(th[k], NULL);
}

struct cmp_job {
	const struct pair *pairs;	/* the pairs */
	uint8_t *out;			/* their levels, ncmp each */
	const struct comparison *cp;	/* one comparison, or NULL: all */
	const double *rest;		/* NULL, or, when every m and u is
					   given: rest[k], the most weight the
					   comparisons after the k-th can add */
	const uint8_t *low;		/* ... low[c], comparison c's level of
					   least weight (NULL_LEVEL for 0) */
	const uint8_t *order;		/* ... and the comparisons in the
					   order they are made */
};

/*
 * Levels of pairs [lo, hi): of job->cp alone, else of every comparison.
 * With job->rest, the comparisons are made in job->order, and a pair that
 * can no longer reach the threshold is not compared further: its other
 * comparisons get their levels of least weight, so that its total stays
 * under the threshold, and no estimate reads them (every m and u is given).
 */
static void
cmp_span(size_t lo, size_t hi, void *ctx)
{
	const struct cmp_job *j = ctx;
	size_t i, c, d, k;

	for (i = lo; i < hi; i++) {
		double w = 0;
		if (j->cp) {
			/* Random pairs (estimate): rows far apart, so their
			 * ids, offsets and values are fetched ahead. */
			const struct ccol *cc = &ccols[j->cp->ccol];
			if (i + 24 < hi) {
				const struct pair *q = &j->pairs[i + 24];
				__builtin_prefetch(&crow[q->a * cstride]);
				__builtin_prefetch(&crow[q->b * cstride]);
			}
			if (i + 12 < hi) {
				const struct pair *q = &j->pairs[i + 12];
				uint32_t ia = crow[q->a * cstride + cc->i],
				    ib = crow[q->b * cstride + cc->i];
				__builtin_prefetch(&cc->off[ia]);
				__builtin_prefetch(&cc->off[ib]);
				__builtin_prefetch(&cc->len[ia]);
				__builtin_prefetch(&cc->len[ib]);
				if (cc->days) {
					__builtin_prefetch(&cc->days[ia]);
					__builtin_prefetch(&cc->days[ib]);
				}
			}
			if (i + 4 < hi) {
				const struct pair *q = &j->pairs[i + 4];
				__builtin_prefetch(cc->arena.p + cc->off[crow[q->a *
				    cstride + cc->i]]);
				__builtin_prefetch(cc->arena.p + cc->off[crow[q->b *
				    cstride + cc->i]]);
			}
			j->out[i] = j->pairs[i].a == j->pairs[i].b ?
			    UINT8_MAX : (uint8_t)level(j->cp,
			    j->pairs[i].a, j->pairs[i].b);
			continue;
		}
		if (j->rest == NULL) {
			for (c = 0; c < R.ncmp; c++)
				j->out[i * R.ncmp + c] = (uint8_t)level(&R.cmp[c],
				    j->pairs[i].a, j->pairs[i].b);
			continue;
		}
		for (k = 0; k < R.ncmp; k++) {
			int lv;
			c = j->order[k];
			lv = level(&R.cmp[c], j->pairs[i].a, j->pairs[i].b);
			j->out[i * R.ncmp + c] = (uint8_t)lv;
			if (lv != NULL_LEVEL)
				w += R.cmp[c].lv[lv].w;
			if (w + j->rest[k] < R.threshold - 1e-9) {
				for (d = k + 1; d < R.ncmp; d++)
					j->out[i * R.ncmp + j->order[d]] =
					    j->low[j->order[d]];
				break;
			}
		}
	}
}

struct scored {
	uint32_t a, b;		/* a candidate pair */
	double w;		/* its total weight */
	size_t i;		/* its place in pairs */
};

static struct pair *pairs;	/* the candidate pairs, as block_pairs makes them */
static size_t npairs;
static uint8_t *gamma_;		/* npairs × ncmp levels */

struct hrow {
	uint64_t h;
	uint32_t r;
};

static unsigned long long skipped_blocks, skipped_rows, refused;

/* A link taken or refused, written to --links once entity ids are known. */
struct link {
	uint32_t a, b;		/* rows */
	double w;		/* weight, INFINITY for an exact key */
	int refused;		/* a distinct column forbade it */
	long rule;		/* exact key index, or -1 (fuzzy) */
	size_t g;		/* levels in gsorted (fuzzy) */
};

static struct link *links;
static size_t nlinks, caplinks;
static uint8_t *gsorted;	/* levels of the scored pairs, by weight */

static void
add_link(uint32_t a, uint32_t b, double w, int refused_, long rule, size_t g)
{
	if (opt.links == NULL)
		return;
	if (nlinks == caplinks) {
		caplinks = caplinks ? caplinks * 2 : 1024;
		held_links = caplinks * sizeof *links;
		hold_check();
		links = xrealloc(links, caplinks * sizeof *links);
	}
	links[nlinks].a = a;
	links[nlinks].b = b;
	links[nlinks].w = w;
	links[nlinks].refused = refused_;
	links[nlinks].rule = rule;
	links[nlinks++].g = g;
}

/*
 * Sort h[0..n) by (h, r): a stable radix sort on h, 16 bits a pass; the
 * rows went in in increasing r, so ties stay in that order (what qsort
 * with hrow_cmp gives, in a fraction of the time).
 */
static void
hrows_sort(struct hrow *h, size_t n)
{
	struct hrow *tmp = xmalloc((n ? n : 1) * sizeof *tmp), *from = h,
	    *to = tmp;
	size_t *cnt = xcalloc(65536, sizeof *cnt), i, sum;
	unsigned d;

	for (d = 0; d < 4; d++) {
		unsigned shift = 16 * d;
		memset(cnt, 0, 65536 * sizeof *cnt);
		for (i = 0; i < n; i++)
			cnt[(from[i].h >> shift) & 0xffff]++;
		for (i = sum = 0; i < 65536; i++) {
			size_t c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[cnt[(from[i].h >> shift) & 0xffff]++] = from[i];
		from = to;
		to = to == tmp ? h : tmp;
	}
	/* Four passes: the sorted rows are back in h. */
	free(tmp);
	free(cnt);
}

/*
 * Candidate pairs: rows that share a blocking key, each pair once.  A pair
 * that an earlier key also blocks together was made by that key; so each
 * row keeps the hash of every key's block it was paired in (0: none), and
 * a pair is made by the first key whose block holds both rows.  The pairs
 * come in the order they are made (keys in order, blocks by hash, rows in
 * input order), which is the same for the same rows: nothing sorts them.
 *
 * A key's blocks are cut into parts of about equal pairs, each made by a
 * thread of its own (-j) into its own array, the arrays then joined in
 * order: the same pairs in the same order for every -j.  Meanwhile every
 * row points at its root, so find() only reads.
 */
struct bpart {
	const struct hrow *h;	/* the key's rows, sorted by block hash */
	size_t lo, hi;		/* the blocks starting in [lo, hi) */
	size_t k;		/* the key */
	uint64_t *bh;		/* row × key: its block's hash, or 0 */
	struct pair *p;		/* where its pairs go: room for all its
				   blocks' pairs */
	size_t n;		/* the pairs made */
	unsigned long long skipped, skipped_rows;
};

static void
bpart_run(size_t lo, size_t hi, void *ctx)
{
	struct bpart *parts = ctx;
	size_t t;

	for (t = lo; t < hi; t++) {
		struct bpart *b = &parts[t];
		const struct hrow *h = b->h;
		uint32_t *root = NULL;
		size_t s, e, i, j, q, k = b->k, nb = R.nblock, rcap = 0;
		int same, dup;

		for (s = b->lo; s < b->hi; s = e) {
			for (e = s + 1; e < b->hi && h[e].h == h[s].h; e++)
				;
			if (e - s > R.max_block) {
				b->skipped++;
				b->skipped_rows += e - s;
				continue;
			}
			if (e - s == 1)
				continue;
			if (b->bh != NULL && k + 1 < nb)
				for (i = s; i < e; i++)
					b->bh[h[i].r * nb + k] = h[s].h | 1;
			/*
			 * One hash is almost always one key: then no pair
			 * needs its keys compared.  Each row's entity is
			 * looked up once.
			 */
			for (i = s + 1, same = 1; same && i < e; i++)
				same = key_equal(h[s].r, h[i].r, &R.block[k]);
			if (e - s > rcap) {
				rcap = e - s;
				root = xrealloc(root, rcap * sizeof *root);
			}
			for (i = s; i < e; i++)
				root[i - s] = find(h[i].r);
			for (i = s; i < e; i++)
				for (j = i + 1; j < e; j++) {
					uint32_t a = h[i].r, c = h[j].r;
					if (root[i - s] == root[j - s] ||
					    (!same && !key_equal(a, c,
					    &R.block[k])))
						continue;
					for (q = dup = 0; !dup && q < k; q++)
						dup = b->bh[a * nb + q] != 0 &&
						    b->bh[a * nb + q] ==
						    b->bh[c * nb + q] &&
						    key_equal(a, c,
						    &R.block[q]);
					if (dup)
						continue;
					/* a < c: rows in input order. */
					b->p[b->n].a = a < c ? a : c;
					b->p[b->n++].b = a < c ? c : a;
				}
		}
		free(root);
	}
}

static void
block_pairs(void)
{
	struct hrow *h = xcalloc(nrows ? nrows : 1, sizeof *h);
	uint64_t *bh = NULL;		/* row × key: its block's hash, or 0 */
	struct bpart parts[MAXJOBS];
	unsigned long long work, per, acc, most[MAXJOBS], all;
	size_t k, i, n, s, e, t, np, nb = R.nblock, cap = 0, at;

	if (nb > 1) {
		bh = xcalloc(nrows ? nrows * nb : 1, sizeof *bh);
		held_bh = (nrows ? nrows * nb : 1) * sizeof *bh;
		hold_check();
	}
	for (i = 0; i < nrows; i++)
		rows[i].parent = find((uint32_t)i);
	flat = 1;
	np = (size_t)opt.jobs < MAXJOBS ? (size_t)opt.jobs : MAXJOBS;
	for (k = 0; k < nb; k++) {
		for (i = n = 0; i < nrows; i++)
			if (key_usable(i, &R.block[k])) {
				h[n].h = key_hash(i, &R.block[k]);
				h[n++].r = (uint32_t)i;
			}
		hrows_sort(h, n);
		/*
		 * The blocks cut into np parts of about equal pairs; each
		 * part gets room for all its blocks' pairs, at most.
		 */
		for (s = 0, work = 0; s < n; s = e) {
			for (e = s + 1; e < n && h[e].h == h[s].h; e++)
				;
			if (e - s <= R.max_block)
				work += (unsigned long long)(e - s) * (e - s - 1) / 2;
		}
		per = work / np + 1;
		memset(parts, 0, sizeof parts);
		memset(most, 0, sizeof most);
		for (s = 0, t = 0, acc = 0; s < n; s = e) {
			for (e = s + 1; e < n && h[e].h == h[s].h; e++)
				;
			if (e - s <= R.max_block) {
				acc += (unsigned long long)(e - s) * (e - s - 1) / 2;
				most[t] += (unsigned long long)(e - s) *
				    (e - s - 1) / 2;
			}
			if (acc >= per * (t + 1) && t + 1 < np && e < n) {
				parts[t].hi = e;
				parts[++t].lo = e;
			}
		}
		parts[t].hi = n;
		for (i = 0, all = 0; i <= t; i++)
			all += most[i];
		if (all > SIZE_MAX / 2 / sizeof *pairs - npairs)
			die(PADU_EXIT_FAIL, "too many candidate pairs");
		if (npairs + all > cap) {
			cap = npairs + (size_t)all;
			held_pairs = cap * (sizeof *pairs + R.ncmp);
			hold_check();
			pairs = xrealloc(pairs, (cap ? cap : 1) * sizeof *pairs);
		}
		for (i = 0, at = npairs; i <= t; i++) {
			parts[i].h = h;
			parts[i].k = k;
			parts[i].bh = bh;
			parts[i].p = pairs + at;
			at += (size_t)most[i];
		}
		if (t > 0)
			par_items(t + 1, bpart_run, parts);
		else
			bpart_run(0, 1, parts);
		/* The parts' pairs, one after another. */
		for (i = 0; i <= t; i++) {
			skipped_blocks += parts[i].skipped;
			skipped_rows += parts[i].skipped_rows;
			if (parts[i].n && parts[i].p != pairs + npairs)
				memmove(pairs + npairs, parts[i].p, parts[i].n *
				    sizeof *pairs);
			npairs += parts[i].n;
		}
	}
	/* What was room and not pairs goes. */
	if (npairs < cap) {
		pairs = xrealloc(pairs, (npairs ? npairs : 1) * sizeof *pairs);
		held_pairs = npairs * (sizeof *pairs + R.ncmp);
	}
	flat = 0;
	free(h);
	free(bh);
	held_bh = 0;
}

/* A deterministic generator for the random pairs (xorshift64*). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

#define MAXPATTERNS 65536	/* patterns of levels EM keeps a chance for */

/* The pairs counted by pattern of levels, by spans side by side: each
 * span counts into its own table, added to the total under a lock. */
struct hist_job {
	const size_t *stride;
	size_t npat;
	uint64_t *hist;
	pthread_mutex_t mu;
};

static void
hist_span(size_t lo, size_t hi, void *ctx)
{
	struct hist_job *j = ctx;
	uint64_t *h = xcalloc(j->npat, sizeof *h);
	size_t i, c, pat;

	for (i = lo; i < hi; i++) {
		const uint8_t *g = gamma_ + i * R.ncmp;
		pat = 0;
		for (c = 0; c < R.ncmp && c < 64; c++)
			pat += j->stride[c] * (g[c] == NULL_LEVEL ?
			    R.cmp[c].nlv : g[c]);
		h[pat]++;
	}
	pthread_mutex_lock(&j->mu);
	for (pat = 0; pat < j->npat; pat++)
		j->hist[pat] += h[pat];
	pthread_mutex_unlock(&j->mu);
	free(h);
}

/* The chance that a pair with levels g is a match, given the prior. */
static double
match_chance(const uint8_t *g, double lambda)
{
	double lm = log(lambda), lu = log(1 - lambda);
	size_t c;

	for (c = 0; c < R.ncmp && c < 64; c++) {
		int lv = g[c];
		if (lv == NULL_LEVEL)
			continue;
		lm += log(R.cmp[c].lv[lv].m);
		lu += log(R.cmp[c].lv[lv].u);
	}
	return 1 / (1 + exp(lu - lm));
}

#define RBATCH ((size_t)1 << 18)	/* random pairs compared at a time */

/* m and u: given, or estimated (u from random pairs, m by EM). */
static void
estimate(void)
{
	double cnt[MAXLEVELS], tot, lambda = R.prior;
	double *used = NULL;		/* pairs with each pattern that occurs */
	uint8_t *ugamma = NULL;		/* ... and its levels */
	size_t stride[64], npat = 1, nused = 0;
	uint64_t s = R.seed ? R.seed : 1;
	unsigned long long p, np = R.random_pairs;
	struct pair *rp = NULL;		/* a batch of random pairs */
	uint8_t *rl = NULL;		/* ... and their levels */
	size_t c, l, i, nb;
	int it;

	for (c = 0; c < R.ncmp; c++) {
		struct comparison *cp = &R.cmp[c];
		if (cp->u_given && cp->m_given)
			continue;
		if (cp->u_given)
			goto start_m;
		memset(cnt, 0, sizeof cnt);
		tot = 0;
		/*
		 * The random pairs a batch at a time, drawn in turn (as one
		 * thread would), compared side by side, counted in order.
		 */
		for (p = 0; nrows > 1 && p < np; p += nb) {
			struct cmp_job job;
			nb = np - p < RBATCH ? (size_t)(np - p) : RBATCH;
			if (rp == NULL) {
				rp = xmalloc(RBATCH * sizeof *rp);
				rl = xmalloc(RBATCH);
			}
			for (i = 0; i < nb; i++) {
				rp[i].a = (uint32_t)(rnd(&s) % nrows);
				rp[i].b = (uint32_t)(rnd(&s) % nrows);
			}
			job.pairs = rp;
			job.out = rl;
			job.cp = cp;
			job.rest = NULL;
			job.low = NULL;
			job.order = NULL;
			par_for(nb, cmp_span, &job);
			for (i = 0; i < nb; i++) {
				if (rl[i] == UINT8_MAX || rl[i] == NULL_LEVEL)
					continue;	/* a == b, or a value missing */
				cnt[rl[i]]++;
				tot++;
			}
		}
		for (l = 0; l < cp->nlv; l++)
			cp->lv[l].u = (cnt[l] + 1) / (tot + (double)cp->nlv);
	start_m:
		if (cp->m_given)
			continue;
		/* A starting m: most mass on the strictest level. */
		for (l = 0; l < cp->nlv; l++)
			cp->lv[l].m = l + 1 == cp->nlv ? 0.05 :
			    0.95 / (double)(1 << l) / 2 + 0.01;
	}
	free(rp);
	free(rl);
	/*
	 * EM over the candidate pairs: only m and the prior move.  A pair's
	 * chance of being a match depends only on its pattern of levels, so
	 * the pairs are counted by pattern once, and each iteration works
	 * over the patterns that occur (in pattern order, so the sums are
	 * the same whatever the order of the pairs).  With more patterns
	 * than MAXPATTERNS, pair by pair.
	 */
	for (c = 0; c < R.ncmp && c < 64; c++) {
		stride[c] = npat;
		if (npat <= MAXPATTERNS)
			npat *= R.cmp[c].nlv + 1;
	}
	if (npat <= MAXPATTERNS && npairs) {
		uint64_t *hist = xcalloc(npat, sizeof *hist);
		size_t pat, k;
		struct hist_job hj = { stride, npat, hist,
		    PTHREAD_MUTEX_INITIALIZER };
		par_for(npairs, hist_span, &hj);
		for (pat = 0; pat < npat; pat++)
			if (hist[pat])
				nused++;
		used = xmalloc(nused * sizeof *used);
		ugamma = xmalloc(nused * (R.ncmp ? R.ncmp : 1));
		for (pat = 0, k = 0; pat < npat; pat++) {
			if (!hist[pat])
				continue;
			used[k] = (double)hist[pat];
			for (c = 0; c < R.ncmp; c++) {
				size_t d = c < 64 ? pat / stride[c] %
				    (R.cmp[c].nlv + 1) : R.cmp[c].nlv;
				ugamma[k * R.ncmp + c] = d == R.cmp[c].nlv ?
				    NULL_LEVEL : (uint8_t)d;
			}
			k++;
		}
		free(hist);
	}
	for (it = 0; it < R.em_iter && npairs; it++) {
		double msum[64][MAXLEVELS], psum = 0;
		const uint8_t *gs = used ? ugamma : gamma_;
		size_t n = used ? nused : npairs;
		int any = 0;
		memset(msum, 0, sizeof msum);
		for (i = 0; i < n; i++) {
			const uint8_t *g = gs + i * R.ncmp;
			double pm = match_chance(g, lambda);
			if (used)
				pm *= used[i];
			psum += pm;
			for (c = 0; c < R.ncmp && c < 64; c++)
				if (g[c] != NULL_LEVEL)
					msum[c][g[c]] += pm;
		}
		for (c = 0; c < R.ncmp && c < 64; c++) {
			struct comparison *cp = &R.cmp[c];
			double t = 0;
			if (cp->m_given)
				continue;
			any = 1;
			for (l = 0; l < cp->nlv; l++)
				t += msum[c][l];
			for (l = 0; l < cp->nlv && t > 0; l++) {
				double m = (msum[c][l] + 1e-6) / (t + 1e-6 *
				    (double)cp->nlv);
				cp->lv[l].m = m;
			}
		}
		lambda = psum / (double)npairs;
		if (lambda < 1e-9)
			lambda = 1e-9;
		if (lambda > 1 - 1e-9)
			lambda = 1 - 1e-9;
		if (!any)
			break;
	}
	free(used);
	free(ugamma);
	for (c = 0; c < R.ncmp; c++)
		for (l = 0; l < R.cmp[c].nlv; l++)
			R.cmp[c].lv[l].w = log2(R.cmp[c].lv[l].m /
			    R.cmp[c].lv[l].u);
}

/* ---- output ---- */

/* Entity ids: the smallest member by (_src, _row number), as "src:row". */
static int
ident_less(size_t a, size_t b)
{
	size_t na, nb, ra, rb;
	const char *sa = val(a, src_slot, &na), *sb = val(b, src_slot, &nb);
	const char *pa, *pb;
	int c = memcmp(sa, sb, na < nb ? na : nb);

	if (c != 0 || na != nb)
		return c != 0 ? c < 0 : na < nb;
	pa = val(a, row_slot, &ra);
	pb = val(b, row_slot, &rb);
	if (ra != rb)
		return ra < rb;
	c = memcmp(pa, pb, ra);
	if (c != 0)
		return c < 0;
	return a < b;
}

static uint32_t *ident;		/* root → its identifying member */

static void
ident_of(size_t r, struct buf *out)
{
	size_t n;
	const char *p;

	buf_reset(out);
	if (slot_idx[src_slot] >= 0 && slot_idx[row_slot] >= 0) {
		p = val(r, src_slot, &n);
		buf_add(out, p, n);
		buf_addc(out, ':');
		p = val(r, row_slot, &n);
		buf_add(out, p, n);
	} else {
		buf_printf(out, "%zu", r + 1);
	}
}

static int links_errno;		/* write_links' write error, or 0 */

/*
 * fmt3: w as printf's "%.3f" writes it (into b, 32 bytes), faster: the
 * thousandths are rounded here unless w * 1000 lies within a hair of a
 * half, where the rounding of the product could differ from printf's of
 * w itself; then printf decides.
 */
static void
fmt3(char *b, double w)
{
	double x = fabs(w) * 1000, fl;
	unsigned long long t;
	char tmp[32];
	size_t n = 0, i;

	fl = floor(x);
	if (!(x < 1e9) || fabs(x - fl - 0.5) < 1e-6) {
		snprintf(b, 32, "%.3f", w);
		return;
	}
	t = (unsigned long long)fl + (x - fl > 0.5);
	/* The digits backwards, then the sign, then turned around. */
	do {
		tmp[n++] = (char)('0' + t % 10);
		t /= 10;
		if (n == 3)
			tmp[n++] = '.';
	} while (t || n < 5);
	if (signbit(w))
		tmp[n++] = '-';
	for (i = 0; i < n; i++)
		b[i] = tmp[n - 1 - i];
	b[n] = '\0';
}

/* Write the links: entity, decision, rule, the two rows, the weight, and
 * each comparison's level and weight (fuzzy links). */
static void
write_links(void)
{
	struct buf id = BUF_INIT, *rule;
	char *f[8 + 2 * 64], wb[32];
	size_t len[8 + 2 * 64], n, c, i, j, nn, lv, ncmp = R.ncmp < 64 ?
	    R.ncmp : 64;
	char (*wt)[MAXLEVELS + 1][32];	/* comparison, level → weight */

	/*
	 * What repeats is made once: each exact rule's name, and each
	 * level's weight as text (the null level's last, 0.000).
	 */
	rule = xcalloc(R.nexact + 1, sizeof *rule);
	for (i = 0; i <= R.nexact; i++) {
		if (i == R.nexact) {
			buf_adds(&rule[i], "fuzzy");
			continue;
		}
		buf_adds(&rule[i], "exact:");
		for (j = 0; j < R.exact[i].n; j++)
			buf_printf(&rule[i], "%s%s", j ? "+" : "",
			    R.exact[i].col[j]);
	}
	wt = xcalloc(ncmp ? ncmp : 1, sizeof *wt);
	for (c = 0; c < ncmp; c++)
		for (lv = 0; lv <= R.cmp[c].nlv; lv++)
			fmt3(wt[c][lv], lv == R.cmp[c].nlv ? 0.0 :
			    R.cmp[c].lv[lv].w);
	for (i = 0; i < nlinks; i++) {
		const struct link *l = &links[i];
		n = 0;
		ident_of(ident[find(l->a)], &id);
		f[n] = id.p;
		len[n++] = id.len;
		f[n] = l->refused ? "refused" : "merged";
		len[n++] = l->refused ? 7 : 6;
		j = l->rule >= 0 ? (size_t)l->rule : R.nexact;
		f[n] = rule[j].p;
		len[n++] = rule[j].len;
		f[n] = (char *)val(l->a, src_slot, &nn);
		len[n++] = nn;
		f[n] = (char *)val(l->a, row_slot, &nn);
		len[n++] = nn;
		f[n] = (char *)val(l->b, src_slot, &nn);
		len[n++] = nn;
		f[n] = (char *)val(l->b, row_slot, &nn);
		len[n++] = nn;
		if (l->w == INFINITY)
			memcpy(wb, "inf", 4);
		else
			fmt3(wb, l->w);
		f[n] = wb;
		len[n++] = strlen(wb);
		for (c = 0; c < ncmp; c++) {
			if (l->rule >= 0) {
				f[n] = f[n + 1] = "";
				len[n] = len[n + 1] = 0;
				n += 2;
				continue;
			}
			lv = gsorted[l->g + c];
			if (lv == NULL_LEVEL) {
				f[n] = "null";
				len[n++] = 4;
				lv = R.cmp[c].nlv;
			} else {
				f[n] = R.cmp[c].lv[lv].label;
				len[n] = strlen(f[n]);
				n++;
			}
			f[n] = wt[c][lv];
			len[n] = strlen(f[n]);
			n++;
		}
		if (csvio_write(wlinks, f, len, n) < 0) {
			links_errno = errno ? errno : EIO;
			break;
		}
	}
	for (i = 0; i <= R.nexact; i++)
		buf_free(&rule[i]);
	free(rule);
	free(wt);
	buf_free(&id);
}

static void *
links_run(void *unused)
{
	(void)unused;
	write_links();
	return NULL;
}

static void
links_header(void)
{
	static const char *const fixed[] = { "_cluster", "decision", "rule",
		"a_src", "a_row", "b_src", "b_row", "weight" };
	struct buf b = BUF_INIT;
	size_t c, i;

	for (i = 0; i < 8; i++)
		buf_printf(&b, "%s%s", i ? "," : "", fixed[i]);
	for (c = 0; c < R.ncmp && c < 64; c++) {
		buf_addc(&b, ',');
		csvio_encode_field(&b, R.cmp[c].col, strlen(R.cmp[c].col), 0);
		buf_adds(&b, "_level,");
		csvio_encode_field(&b, R.cmp[c].col, strlen(R.cmp[c].col), 0);
		buf_adds(&b, "_weight\n");
		b.len--;
		b.p[b.len] = '\0';
	}
	buf_addc(&b, '\n');
	if (csvio_write_raw(wlinks, b.p, b.len) < 0)
		die(PADU_EXIT_FAIL, "%s: write error:", opt.links);
	buf_free(&b);
}

/* A writer of path, opened into *fd, owner only even when it existed:
 * --links and --clusters name rows and values. */
static csvio_writer *
private_writer(const char *path, int *fd)
{
	csvio_writer *w = NULL;

	*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (*fd < 0 || (w = csvio_writer_new(*fd)) == NULL)
		die(PADU_EXIT_FAIL, "%s:", path);
	padu_private_fd(*fd);
	return w;
}

/* Open --links FILE and write its header. */
static void
links_open(void)
{
	wlinks = private_writer(opt.links, &links_fd);
	links_header();
}

/*
 * --clusters FILE: every input row, in input order, as the columns of
 * --clusters-cols (default _src,_row) and its entity's id: which entity
 * each row went into, small enough to join back onto anything.
 */

/* The columns of --clusters-cols, made slots (before any row is read). */
static void
clusters_plan(void)
{
	char *copy, *p, *save = NULL;

	if (opt.clusters == NULL)
		return;
	copy = xstrdup(opt.clusters_cols ? opt.clusters_cols : "_src,_row");
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		cl_col = xrealloc(cl_col, (ncl + 1) * sizeof *cl_col);
		cl_slot = xrealloc(cl_slot, (ncl + 1) * sizeof *cl_slot);
		cl_col[ncl] = xstrdup(p);
		cl_slot[ncl++] = slot_of(p);
	}
	free(copy);
	if (ncl == 0)
		die(PADU_EXIT_USAGE, "--clusters-cols: no columns in '%s'",
		    opt.clusters_cols);
}

/* Open --clusters FILE (owner only: it names rows) and write its header. */
static void
clusters_open(void)
{
	struct buf h = BUF_INIT;
	const char *id = opt.id ? opt.id : "_cluster";
	size_t i;

	wclusters = private_writer(opt.clusters, &clusters_fd);
	for (i = 0; i < ncl; i++) {
		csvio_encode_field(&h, cl_col[i], strlen(cl_col[i]), 0);
		buf_addc(&h, ',');
	}
	csvio_encode_field(&h, id, strlen(id), 0);
	buf_addc(&h, '\n');
	if (csvio_write_raw(wclusters, h.p, h.len) < 0)
		die(PADU_EXIT_FAIL, "%s: write error:", opt.clusters);
	buf_free(&h);
}

/* The rows of --clusters; on a write error, clusters_errno is set (this
 * may run in a thread of its own: main reports it). */
static void
write_clusters(void)
{
	char **f = xcalloc(ncl + 1, sizeof *f);
	size_t *len = xcalloc(ncl + 1, sizeof *len), i, k;
	struct buf id = BUF_INIT;

	for (i = 0; i < nrows && !clusters_errno; i++) {
		for (k = 0; k < ncl; k++)
			f[k] = (char *)val(i, cl_slot[k], &len[k]);
		ident_of(ident[find((uint32_t)i)], &id);
		f[ncl] = id.p;
		len[ncl] = id.len;
		if (csvio_write(wclusters, f, len, ncl + 1) < 0)
			clusters_errno = errno ? errno : EIO;
	}
	if (!clusters_errno && csvio_flush(wclusters) < 0)
		clusters_errno = errno ? errno : EIO;
	buf_free(&id);
	free(f);
	free(len);
}

static void *
clusters_run(void *unused)
{
	(void)unused;
	write_clusters();
	return NULL;
}

/*
 * Exact keys: for each row, the first row whose key equals its own
 * (rep[k][i]), or UINT32_MAX (no usable key, or the first of its value).
 * An open-addressing table of rows by key hash, each slot with the hash's
 * high half, so that a probe compares keys only when the hashes agree.
 * Thread t of nt takes keys t, t + nt, ...; each has its own table.
 */
struct first_ctx {
	uint32_t **rep;
	size_t nt;
};

static void
first_rows(size_t t, size_t unused, void *p)
{
	const struct first_ctx *ctx = p;
	size_t k, i, cap;
	struct { uint32_t row, tag; } *table;	/* row UINT32_MAX: empty */

	(void)unused;
	for (cap = 16; cap < nrows * 2; cap *= 2)
		;
	table = xmalloc(cap * sizeof *table);
	for (k = t; k < R.nexact; k += ctx->nt) {
		const struct key *key = &R.exact[k];
		uint32_t *rep = ctx->rep[k];
		/*
		 * The table is far larger than the caches: hash AHEAD rows
		 * before probing and prefetch their slots, so that the probes
		 * do not wait on memory one at a time.
		 */
		enum { AHEAD = 16 };
		uint64_t hq[AHEAD];
		unsigned char uq[AHEAD];
		size_t ahead;
		memset(table, 0xff, cap * sizeof *table);
		for (ahead = 0; ahead < nrows + AHEAD; ahead++) {
			uint64_t hash = 0;
			uint32_t tag, at;
			size_t h, q = ahead % AHEAD;
			int use = 0;
			/* Row i = ahead - AHEAD leaves the ring slot q ... */
			if (ahead >= AHEAD) {
				i = ahead - AHEAD;
				use = uq[q];
				hash = hq[q];
				rep[i] = UINT32_MAX;
			}
			/* ... which row ahead takes. */
			if (ahead < nrows &&
			    (uq[q] = key_usable(ahead, key) != 0)) {
				hq[q] = key_hash(ahead, key);
				__builtin_prefetch(&table[(size_t)hq[q] &
				    (cap - 1)]);
			}
			if (!use)
				continue;
			tag = (uint32_t)(hash >> 32);
			h = (size_t)hash & (cap - 1);
			while ((at = table[h].row) != UINT32_MAX &&
			    (table[h].tag != tag || !key_equal(at, i, key)))
				h = (h + 1) & (cap - 1);
			if (at == UINT32_MAX) {
				table[h].row = (uint32_t)i;
				table[h].tag = tag;
				continue;
			}
			rep[i] = at;
		}
	}
	free(table);
}

/* Link everything: exact keys, then scored pairs strongest first. */
static void
link_rows(void)
{
	size_t k, i, why, nt;
	uint32_t **rep;
	struct first_ctx ctx;

	dvalue = xmalloc((nrows ? nrows : 1) * (R.ndistinct ? R.ndistinct : 1) *
	    sizeof *dvalue);
	for (i = 0; i < nrows; i++)
		for (k = 0; k < R.ndistinct; k++)
			dvalue[i * R.ndistinct + k] = key_usable(i,
			    &R.distinct[k]) ? (uint32_t)i : UINT32_MAX;
	/*
	 * Each row's first row of equal key, per exact key (the keys side by
	 * side, in -j threads); then the rows are united key by key, in
	 * order, as one pass over them would.
	 */
	nt = R.nexact < (size_t)opt.jobs ? R.nexact : (size_t)opt.jobs;
	if (nt > MAXJOBS)
		nt = MAXJOBS;
	rep = xmalloc((R.nexact ? R.nexact : 1) * sizeof *rep);
	for (k = 0; k < R.nexact; k++)
		rep[k] = xmalloc((nrows ? nrows : 1) * sizeof **rep);
	ctx.rep = rep;
	ctx.nt = nt ? nt : 1;
	par_items(ctx.nt, first_rows, &ctx);
	for (k = 0; k < R.nexact; k++) {
		for (i = 0; i < nrows; i++) {
			uint32_t at = rep[k][i];
			if (at == UINT32_MAX)
				continue;
			if (unite(at, (uint32_t)i, &why)) {
				add_link(at, (uint32_t)i, INFINITY, 0, (long)k, 0);
			} else {
				refused++;
				add_link(at, (uint32_t)i, INFINITY, 1, (long)k, 0);
			}
		}
		free(rep[k]);
	}
	free(rep);
}

/*
 * When every comparison's m and u are given (nothing to estimate), their
 * weights now, and for cmp_span's pruning rest[c] and low[c]; returns 0
 * when something is to be estimated.
 */
static int
given_weights(double *rest, uint8_t *low, uint8_t *order)
{
	double hi[64], after = 0;
	size_t c, l, k, n = 0;
	int cost;

#ifdef DEDUPE_NO_PRUNE
	/* The test build that compares every pair in full (Makefile). */
	(void)hi, (void)after, (void)c, (void)l, (void)k, (void)n, (void)cost;
	(void)rest, (void)low, (void)order;
	return 0;
#endif
	if (R.ncmp == 0 || R.ncmp > 64)
		return 0;
	for (c = 0; c < R.ncmp; c++)
		if (!R.cmp[c].m_given || !R.cmp[c].u_given)
			return 0;
	for (c = 0; c < R.ncmp; c++) {
		struct comparison *cp = &R.cmp[c];
		double lo = 0;		/* the null level weighs 0 */
		hi[c] = 0;
		low[c] = NULL_LEVEL;
		for (l = 0; l < cp->nlv; l++) {
			cp->lv[l].w = log2(cp->lv[l].m / cp->lv[l].u);
			if (cp->lv[l].w > hi[c])
				hi[c] = cp->lv[l].w;
			if (cp->lv[l].w < lo) {
				lo = cp->lv[l].w;
				low[c] = (uint8_t)l;
			}
		}
	}
	/*
	 * The cheap comparisons first (equality, dates, numbers), then edit
	 * distances, then Jaro-Winkler: a pair that the cheap ones already
	 * put out of reach of the threshold never pays for the others.
	 */
	for (cost = 0; cost < 3; cost++)
		for (c = 0; c < R.ncmp; c++) {
			int cc = 0;
			for (l = 0; l + 1 < R.cmp[c].nlv; l++) {
				enum lkind kd = R.cmp[c].lv[l].kind;
				if (kd == L_JW)
					cc = 2;
				else if ((kd == L_OSA || kd == L_LEV) && cc < 1)
					cc = 1;
			}
			if (cc == cost)
				order[n++] = (uint8_t)c;
		}
	for (k = R.ncmp; k-- > 0;) {
		rest[k] = after;
		after += hi[order[k]];
	}
	return 1;
}

static int
weight_cmp(const void *x, const void *y)
{
	const struct scored *p = x, *q = y;

	if (p->w != q->w)
		return p->w > q->w ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}


/*
 * The pairs' weights, by spans side by side: each span keeps the pairs
 * that reach the threshold in an array of its own, the arrays then joined
 * in pair order.
 */
struct weigh_part {
	size_t lo, n;
	struct scored *s;
};
struct weigh_job {
	pthread_mutex_t mu;
	struct weigh_part parts[MAXJOBS + 1];
	size_t nparts;
};

static void
weigh_span(size_t lo, size_t hi, void *ctx)
{
	struct weigh_job *j = ctx;
	struct scored *s = NULL;
	size_t i, c, n = 0;

	for (i = lo; i < hi; i++) {
		double w = 0;
		for (c = 0; c < R.ncmp; c++) {
			int lv = gamma_[i * R.ncmp + c];
			if (lv != NULL_LEVEL)
				w += R.cmp[c].lv[lv].w;
		}
		if (!(w >= R.threshold))
			continue;
		if ((n & (n - 1)) == 0)		/* 0, 1, 2, 4, ...: grow */
			s = xrealloc(s, (n ? 2 * n : 1) * sizeof *s);
		s[n].a = pairs[i].a;
		s[n].b = pairs[i].b;
		s[n].i = i;
		s[n++].w = w;
	}
	pthread_mutex_lock(&j->mu);
	j->parts[j->nparts].lo = lo;
	j->parts[j->nparts].n = n;
	j->parts[j->nparts++].s = s;
	pthread_mutex_unlock(&j->mu);
}

static void
link_fuzzy(void)
{
	size_t i, why, n;
	struct scored *sorted;
	pthread_t ith;
	int ithread = 0;

	if (R.nblock == 0)
		return;
	/*
	 * The values are interned while the pairs are made: both only read
	 * the rows (block_pairs' find() moves parents, which interning does
	 * not read).
	 */
	intern_plan();
	if (opt.jobs > 1 && nccol > 0 &&
	    pthread_create(&ith, NULL, intern_run, NULL) == 0)
		ithread = 1;
	else
		intern_span(0, nccol, NULL);
	block_pairs();
	if (ithread)
		pthread_join(ith, NULL);
	mark_unless();
	intern_rows();
	intern_held();
	gamma_ = xmalloc((npairs ? npairs : 1) * R.ncmp);
	{
		struct cmp_job job = { pairs, gamma_, NULL, NULL, NULL, NULL };
		double rest[64];
		uint8_t low[64], order[64];
		if (given_weights(rest, low, order)) {
			job.rest = rest;
			job.low = low;
			job.order = order;
		}
		par_for(npairs, cmp_span, &job);
	}
	estimate();
	/*
	 * Weigh the pairs; only those that reach the threshold can link, so
	 * only they are sorted by weight, carrying their levels along.
	 */
	{
		struct weigh_job wj;
		size_t t, u;
		memset(&wj, 0, sizeof wj);
		pthread_mutex_init(&wj.mu, NULL);
		par_for(npairs, weigh_span, &wj);
		pthread_mutex_destroy(&wj.mu);
		/* The spans' pairs, in pair order. */
		for (t = 1; t < wj.nparts; t++)
			for (u = t; u > 0 && wj.parts[u - 1].lo >
			    wj.parts[u].lo; u--) {
				struct weigh_part x = wj.parts[u];
				wj.parts[u] = wj.parts[u - 1];
				wj.parts[u - 1] = x;
			}
		for (t = n = 0; t < wj.nparts; t++)
			n += wj.parts[t].n;
		sorted = xmalloc((n ? n : 1) * sizeof *sorted);
		for (t = n = 0; t < wj.nparts; t++) {
			if (wj.parts[t].n)
				memcpy(sorted + n, wj.parts[t].s,
				    wj.parts[t].n * sizeof *sorted);
			n += wj.parts[t].n;
			free(wj.parts[t].s);
		}
	}
	if (n)
		qsort(sorted, n, sizeof *sorted, weight_cmp);
	gsorted = xmalloc((n ? n : 1) * R.ncmp);
	for (i = 0; i < n; i++)
		memcpy(gsorted + i * R.ncmp, gamma_ + sorted[i].i * R.ncmp,
		    R.ncmp);
	for (i = 0; i < n; i++) {
		if (find(sorted[i].a) == find(sorted[i].b))
			continue;
		if (unite(sorted[i].a, sorted[i].b, &why)) {
			add_link(sorted[i].a, sorted[i].b, sorted[i].w, 0, -1,
			    i * R.ncmp);
		} else {
			refused++;
			add_link(sorted[i].a, sorted[i].b, sorted[i].w, 1, -1,
			    i * R.ncmp);
		}
	}
	free(sorted);
	free(gamma_);
	free(unless_bits);
	unless_bits = NULL;
	free_cols();
	gamma_ = NULL;
	free(pairs);
	pairs = NULL;
	npairs = 0;
}

/* Read n bytes of the spool at off into p. */
static void
spool_pread(char *p, size_t n, uint64_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = pread(spool_fd, p + done, n - done,
		    (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die(PADU_EXIT_FAIL, "temporary file: read error:");
		done += (size_t)k;
	}
}

struct member {
	uint32_t row;
	struct buf rec;		/* its spooled bytes, when not in the window */
	struct csvio_rec f;	/* its fields (f.f and f.len hold nheader) */
};

/* The window's end: unmapped or freed. */
static void
window_free(struct window *w)
{
	if (w->mapped)
		munmap(w->p, w->len);
	else
		free(w->p);
	w->p = NULL;
	w->off = w->len = 0;
	w->mapped = 0;
}

/*
 * Move the window to the spool bytes from off on: mapped where the system
 * lets us (no copy), else read into a buffer.
 */
static void
window_at(struct window *w, uint64_t off)
{
	/* Asked each time: windows move in two threads with -E. */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t start;
	void *p;

	window_free(w);
	start = off - off % page;
	w->len = spool_size - start < SPOOL_WINDOW ?
	    (size_t)(spool_size - start) : SPOOL_WINDOW;
	p = mmap(NULL, w->len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
	    spool_fd, (off_t)start);
	if (p != MAP_FAILED) {
		w->p = p;
		w->off = start;
		w->mapped = 1;
		return;
	}
	/* No mapping: a buffer, read from off itself. */
	w->p = xmalloc(SPOOL_WINDOW);
	w->off = off;
	w->len = spool_size - off < SPOOL_WINDOW ?
	    (size_t)(spool_size - off) : SPOOL_WINDOW;
	spool_pread(w->p, w->len, w->off);
}

/* A LEB128 length at p[*at..len), moving *at past it; -1 when bad. */
static int
leb128(const unsigned char *p, size_t len, size_t *at, size_t *n)
{
	int shift = 0;

	*n = 0;
	do {
		if (*at == len || shift > 28)
			return -1;
		*n |= (size_t)(p[*at] & 0x7f) << shift;
		shift += 7;
	} while (p[(*at)++] & 0x80);
	return 0;
}

/*
 * Row i's fields into m->f, pointing into the window or m->rec.  With
 * slide, a row outside the window moves the window to it (rows are asked
 * in input order, each entity's first row first); else it is read on its
 * own.  The fields stay valid until the window moves.
 */
/*
 * Row i's spooled bytes: in the window (moved there when slide is set and
 * the row fits, for reading front to back), else read into tmp.
 */
static const unsigned char *
spool_at(struct window *w, size_t i, int slide, struct buf *tmp)
{
	uint64_t off = rows[i].off;
	size_t len = rows[i].len;

	if (w->p == NULL || off < w->off || off + len > w->off + w->len) {
		if (slide && len <= SPOOL_WINDOW / 2) {
			window_at(w, off);
			return (const unsigned char *)w->p + (off - w->off);
		}
		buf_reset(tmp);
		if (buf_reserve(tmp, len) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		spool_pread(tmp->p, len, off);
		return (const unsigned char *)tmp->p;
	}
	return (const unsigned char *)w->p + (off - w->off);
}

/* Row i's fields from the spool into m (see spool_at for slide). */
static void
spool_fields(struct window *w, size_t i, struct member *m, int slide)
{
	size_t len = rows[i].len, k, at, n;
	const unsigned char *p;

	if (m->f.f == NULL) {
		m->f.f = xcalloc(nheader ? nheader : 1, sizeof *m->f.f);
		m->f.len = xcalloc(nheader ? nheader : 1, sizeof *m->f.len);
	}
	p = spool_at(w, i, slide, &m->rec);
	for (k = at = 0; k < nheader; k++) {
		if (at < len && p[at] < 0x80)	/* most lengths: one byte */
			n = p[at++];
		else if (leb128(p, len, &at, &n) < 0)
			die(PADU_EXIT_FAIL, "temporary file: a record does not "
			    "read back");
		if (n > len - at)
			die(PADU_EXIT_FAIL, "temporary file: a record does not "
			    "read back");
		m->f.f[k] = (char *)(p + at);
		m->f.len[k] = n;
		at += n;
	}
	if (at != len)
		die(PADU_EXIT_FAIL, "temporary file: a record does not read back");
	m->f.n = nheader;
}

static int
member_cmp(const void *x, const void *y)
{
	const struct member *p = x, *q = y;

	if (rows[p->row].rank_src != rows[q->row].rank_src)
		return rows[p->row].rank_src < rows[q->row].rank_src ? -1 : 1;
	return p->row < q->row ? -1 : p->row > q->row;
}

/* Append value p[0..n) to the ';'-list in u unless it is there. */
static void
union_add(struct buf *u, const char *p, size_t n)
{
	const char *q = u->p, *end = u->p + u->len;

	while (q && q < end) {
		const char *semi = memchr(q, ';', (size_t)(end - q));
		size_t l = semi ? (size_t)(semi - q) : (size_t)(end - q);
		if (l == n && memcmp(q, p, n) == 0)
			return;
		q += l + 1;
	}
	if (u->len)
		buf_addc(u, ';');
	buf_add(u, p, n);
}

/* A column's survivorship, worked out once from the rules. */
struct colrule {
	long rule;		/* enum surv, and for S_RECENT its entry << 4 */
	int first;		/* _src or _row: always the first member's */
};

static struct colrule *colrule;	/* per input column */
static size_t outpos[3];	/* output positions of the id, _n, _srcs */
static size_t nhave;		/* how many of them the input has */

static void
colrules(void)
{
	size_t col;

	colrule = xcalloc(nheader ? nheader : 1, sizeof *colrule);
	for (col = 0; col < nheader; col++) {
		long at = smap_find(R.surv, header[col], strlen(header[col]));
		colrule[col].rule = at >= 0 ? *smap_val(R.surv, (size_t)at) :
		    (long)R.surv_default;
		if (strcmp(header[col], "_flags") == 0 && at < 0)
			colrule[col].rule = S_UNION;
		colrule[col].first = strcmp(header[col], "_src") == 0 ||
		    strcmp(header[col], "_row") == 0;
	}
}

/* The surviving value of column col among the members mem[0..n). */
static void
survive(struct member *mem, size_t n, size_t col, struct buf *u,
    char **f, size_t *len)
{
	long rule = colrule[col].rule;
	enum surv s = (enum surv)(rule & 15);
	size_t j, k, best = (size_t)-1, bestn = 0, c2;

	*f = "";
	*len = 0;
	if (n == 1 || colrule[col].first) {
		*f = mem[0].f.f[col];
		*len = mem[0].f.len[col];
		return;
	}
	switch (s) {
	case S_PRIORITY:
		for (j = 0; j < n && best == (size_t)-1; j++)
			if (mem[j].f.len[col])
				best = j;
		break;
	case S_FREQUENT:
		for (j = 0; j < n; j++) {
			if (mem[j].f.len[col] == 0)
				continue;
			for (k = c2 = 0; k < n; k++)
				c2 += mem[k].f.len[col] == mem[j].f.len[col] &&
				    memcmp(mem[k].f.f[col], mem[j].f.f[col],
				    mem[j].f.len[col]) == 0;
			if (c2 > bestn) {
				bestn = c2;
				best = j;
			}
		}
		break;
	case S_RECENT: {
		long by = surv_by_of[rule >> 4];
		for (j = 0; j < n && by >= 0; j++) {
			const struct csvio_rec *a = &mem[j].f, *b;
			size_t la, lb;
			int c3;
			if (a->len[col] == 0)
				continue;
			if (best == (size_t)-1) {
				best = j;
				continue;
			}
			b = &mem[best].f;
			la = a->len[by];
			lb = b->len[by];
			c3 = memcmp(a->f[by], b->f[by], la < lb ? la : lb);
			if (c3 > 0 || (c3 == 0 && la > lb))
				best = j;
		}
		break;
	}
	case S_MAX:
	case S_MIN:
		for (j = 0; j < n; j++) {
			const struct csvio_rec *a = &mem[j].f, *b;
			size_t la = a->len[col], lb;
			int c3;
			if (la == 0)
				continue;
			if (best == (size_t)-1) {
				best = j;
				continue;
			}
			b = &mem[best].f;
			lb = b->len[col];
			c3 = memcmp(a->f[col], b->f[col], la < lb ? la : lb);
			if (c3 == 0)
				c3 = la < lb ? -1 : la > lb;
			if (s == S_MAX ? c3 > 0 : c3 < 0)
				best = j;
		}
		break;
	case S_UNION:
		buf_reset(u);
		for (j = 0; j < n; j++) {
			const char *p = mem[j].f.f[col], *end = p +
			    mem[j].f.len[col], *q;
			for (; p < end; p = q + 1) {
				q = memchr(p, ';', (size_t)(end - p));
				if (q == NULL)
					q = end;
				if (q > p)
					union_add(u, p, (size_t)(q - p));
			}
		}
		*f = u->p ? u->p : "";
		*len = u->len;
		return;
	}
	if (best != (size_t)-1) {
		*f = mem[best].f.f[col];
		*len = mem[best].f.len[col];
	}
}

/*
 * Where the entity rows go: standard output, or -E FILE beside the rows
 * of --keep-all (then in a thread of its own with -j above 1: a write
 * error is kept in err, for main to report).
 */
struct ents {
	csvio_writer *w;
	int fd;
	int err;			/* errno of a write error, or 0 */
	unsigned long long out, merged;	/* entity rows, rows merged */
};
static struct ents ents_file;		/* -E FILE */
static void write_entities(struct ents *);

static void *
entities_run(void *unused)
{
	(void)unused;
	write_entities(&ents_file);
	return NULL;
}

/* One row per entity, at the place of its first row. */
static void
write_entities(struct ents *e)
{
	uint32_t *next, *head, *count;
	struct window win = { 0 };
	struct member *mem = NULL;
	size_t capmem = 0, i, j, col, ncol = nheader + 3 - nhave;
	char **f = xcalloc(nheader + 3, sizeof *f);
	size_t *len = xcalloc(nheader + 3, sizeof *len);
	struct buf id = BUF_INIT, srcs = BUF_INIT, nb = BUF_INIT;
	struct buf *u = xcalloc(nheader, sizeof *u);
	long sc = slot_idx[src_slot];

	head = xmalloc((nrows ? nrows : 1) * sizeof *head);
	next = xmalloc((nrows ? nrows : 1) * sizeof *next);
	count = xcalloc(nrows ? nrows : 1, sizeof *count);
	memset(head, 0xff, (nrows ? nrows : 1) * sizeof *head);
	for (i = nrows; i-- > 0;) {
		uint32_t r = find((uint32_t)i);
		next[i] = head[r];
		head[r] = (uint32_t)i;
		count[r]++;
	}
	for (i = 0; i < nrows; i++) {
		uint32_t r = find((uint32_t)i), m;
		size_t n;
		if (head[r] != i)
			continue;	/* written with its entity's first row */
		n = count[r];
		if (n > capmem) {
			mem = xrealloc(mem, n * sizeof *mem);
			memset(mem + capmem, 0, (n - capmem) * sizeof *mem);
			capmem = n;
		}
		/* The first member first: it may move the window. */
		for (m = head[r], j = 0; m != UINT32_MAX; m = next[m], j++) {
			mem[j].row = m;
			spool_fields(&win, m, &mem[j], j == 0);
		}
		if (n > 1)
			qsort(mem, n, sizeof *mem, member_cmp);
		for (col = 0; col < nheader; col++)
			survive(mem, n, col, &u[col], &f[col], &len[col]);
		buf_reset(&srcs);
		for (j = 0; j < n && sc >= 0; j++)
			if (mem[j].f.len[sc])
				union_add(&srcs, mem[j].f.f[sc], mem[j].f.len[sc]);
		ident_of(ident[r], &id);
		f[outpos[0]] = id.p;
		len[outpos[0]] = id.len;
		f[outpos[1]] = "1";
		len[outpos[1]] = 1;
		if (n > 1) {
			buf_reset(&nb);
			buf_printf(&nb, "%zu", n);
			f[outpos[1]] = nb.p;
			len[outpos[1]] = nb.len;
		}
		f[outpos[2]] = srcs.p ? srcs.p : "";
		len[outpos[2]] = srcs.len;
		if (csvio_write(e->w, f, len, ncol) < 0) {
			e->err = errno ? errno : EIO;
			break;
		}
		e->out++;
		e->merged += n - 1;
	}
	if (!e->err && csvio_flush(e->w) < 0)
		e->err = errno ? errno : EIO;
	for (j = 0; j < capmem; j++) {
		buf_free(&mem[j].rec);
		free(mem[j].f.f);
		free(mem[j].f.len);
	}
	for (col = 0; col < nheader; col++)
		buf_free(&u[col]);
	free(u);
	free(mem);
	free(head);
	free(next);
	free(count);
	window_free(&win);
	free(f);
	free(len);
	buf_free(&id);
	buf_free(&srcs);
	buf_free(&nb);
}

/*
 * Write the output header to w: the input's columns, then the first ne of
 * the id, _n and _srcs that the input does not have.  Sets outpos (the
 * positions of all three in an entity row) and nhave.  0, or -1 on a
 * write error.
 */
static int
put_header(csvio_writer *w, size_t ne)
{
	const char *extra[3];
	struct buf h = BUF_INIT;
	size_t e, i, at = nheader;
	int rc;

	extra[0] = opt.id ? opt.id : "_cluster";
	extra[1] = "_n";
	extra[2] = "_srcs";
	nhave = 0;
	for (i = 0; i < nheader; i++) {
		if (i)
			buf_addc(&h, ',');
		csvio_encode_field(&h, header[i], strlen(header[i]), 0);
	}
	for (e = 0; e < 3; e++) {
		for (i = 0; i < nheader; i++)
			if (strcmp(header[i], extra[e]) == 0)
				break;
		if (i < nheader) {
			outpos[e] = i;
			nhave++;
			continue;
		}
		outpos[e] = at++;
		if (e < ne) {
			buf_addc(&h, ',');
			csvio_encode_field(&h, extra[e], strlen(extra[e]), 0);
		}
	}
	buf_addc(&h, '\n');
	rc = csvio_write_raw(w, h.p, h.len);
	buf_free(&h);
	return rc < 0 ? -1 : 0;
}

/* --keep-all: every row in input order, with its entity's id. */
static void
write_all(void)
{
	struct buf rec = BUF_INIT, id = BUF_INIT;
	struct member m = { 0 };
	struct window win = { 0 };
	size_t i;

	for (i = 0; i < nrows; i++) {
		if (spool_raw) {
			/* The row as CSV, then its id. */
			const unsigned char *p = spool_at(&win, i, 1, &m.rec);
			ident_of(ident[find((uint32_t)i)], &id);
			buf_reset(&rec);
			buf_addc(&rec, ',');
			csvio_encode_field(&rec, id.p, id.len, 0);
			buf_addc(&rec, '\n');
			if (csvio_write_raw(wout, (const char *)p, rows[i].len) < 0 ||
			    csvio_write_raw(wout, rec.p, rec.len) < 0)
				padu_write_error();
			run.out++;
			continue;
		}
		spool_fields(&win, i, &m, 1);
		ident_of(ident[find((uint32_t)i)], &id);
		if (outpos[0] < nheader) {
			/* The id column is in the input: replace its value. */
			char *keep = m.f.f[outpos[0]];
			size_t keeplen = m.f.len[outpos[0]];
			m.f.f[outpos[0]] = id.p;
			m.f.len[outpos[0]] = id.len;
			buf_reset(&rec);
			csvio_encode_record(&rec, m.f.f, m.f.len, m.f.n);
			m.f.f[outpos[0]] = keep;
			m.f.len[outpos[0]] = keeplen;
		} else {
			buf_reset(&rec);
			if (csvio_encode_record(&rec, m.f.f, m.f.len, m.f.n) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			buf_addc(&rec, ',');
			csvio_encode_field(&rec, id.p, id.len, 0);
		}
		buf_addc(&rec, '\n');
		if (csvio_write_raw(wout, rec.p, rec.len) < 0)
			padu_write_error();
		run.out++;
	}
	buf_free(&rec);
	buf_free(&id);
	buf_free(&m.rec);
	window_free(&win);
	free(m.f.f);
	free(m.f.len);
}

/* ---- --first: one row per key, as the rows come ---- */

/*
 * With --first and rules of one exact key, every row is decided as it is
 * read: the first row of each key value is written as it came, a later
 * row of the value is merged into it, a row without a usable key is
 * written as an entity of its own.  Memory is O(keys): a table of the key
 * values seen.  The table is far larger than the caches, so rows are
 * taken FBATCH at a time: each row's slot is prefetched as it is read and
 * probed when the batch is full, its encoded bytes held until then.
 */
#define FBATCH 64

/*
 * A slot of the key table: 0 empty, else the top 24 bits of the key's
 * hash (a tag: keys are compared only when it agrees) over the offset of
 * the key's entry in fkeys, plus 1.  Eight bytes, at most 3/4 full.
 */
#ifndef FTAG_BITS
#define FTAG_BITS 24		/* tests build it with 2: tags then agree
				   for unequal keys all the time */
#endif
#define FTAG(h) ((h) >> (64 - FTAG_BITS))	/* of a hash */
#define STAG(s) ((s) >> 40)			/* of a slot */
#define FSLOT(h, off) (FTAG(h) << 40 | ((off) + 1))
#define FOFF(s) (((s) & (((uint64_t)1 << 40) - 1)) - 1)

struct frow {
	uint64_t h;		/* key hash; 0: no usable key */
	size_t koff, klen;	/* key bytes in fbkeys */
	size_t ioff, ilen;	/* --links: src and row, in fbkeys */
	size_t ooff, olen;	/* encoded record in fbout */
	size_t slot;		/* loop 1: slot of an equal tag, or SIZE_MAX */
	int keep;
};

static uint64_t *ftab;
static size_t fcap, fcount, fmaplen;
static struct {
	char *p;		/* entries: klen (LEB128), key, [ilen, id] */
	size_t len, cap;	/* bytes used, mapped */
} fkeys;
static struct buf fbkeys, fbout;	/* the batch's keys and records */
static struct frow fb[FBATCH];
static size_t fbn;
static long *fcol;		/* the key's columns in the header */

/* The hash of a key: eight bytes at a time, mixed. */
static uint64_t
fhash(const char *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
	}
	if (n) {
		w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
	}
	h ^= h >> 29;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 32;
	return h;
}

/*
 * Map *n bytes, rounded up to whole huge pages, which the kernel may back
 * with 2 MB pages: fewer TLB misses for memory read at random.
 */
static void *
huge_map(size_t *n)
{
	void *p;

	*n = (*n + ((size_t)2 << 20) - 1) & ~(((size_t)2 << 20) - 1);
	p = mmap(NULL, *n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		die(PADU_EXIT_FAIL, "out of memory");
#ifdef MADV_HUGEPAGE
	madvise(p, *n, MADV_HUGEPAGE);
#endif
	return p;
}

static uint64_t *
ftab_alloc(size_t cap, size_t *maplen)
{
	*maplen = cap * sizeof *ftab;
	return huge_map(maplen);
}

static void
leb_put(struct buf *b, size_t n)
{
	while (n >= 0x80) {
		buf_addc(b, (char)(n | 0x80));
		n >>= 7;
	}
	buf_addc(b, (char)n);
}

static const char *
leb_get(const char *p, size_t *n)
{
	size_t v = 0;
	unsigned sh = 0;

	while ((unsigned char)*p & 0x80) {
		v |= (size_t)((unsigned char)*p++ & 0x7f) << sh;
		sh += 7;
	}
	*n = v | (size_t)(unsigned char)*p++ << sh;
	return p;
}

/* The key of entry off of fkeys, its id (--links) in *id; the next entry
 * in *next. */
static const char *
fkey_at(uint64_t off, size_t *n, const char **id, size_t *idn,
    uint64_t *next)
{
	const char *p = leb_get(fkeys.p + off, n), *q;
	size_t m = 0;

	q = p + *n;
	if (opt.links)
		q = leb_get(q, &m);
	if (id) {
		*id = q;
		*idn = m;
	}
	if (next)
		*next = (uint64_t)(q + m - fkeys.p);
	return p;
}

/* Double the table: the entries are hashed again, in the order of fkeys,
 * a group at a time, their new slots prefetched before they are taken. */
static void
ftab_grow(void)
{
	enum { G = 32 };
	size_t ncap = fcap ? fcap * 2 : 1 << 16, nlen, i, n, g, ng;
	uint64_t *t = ftab_alloc(ncap, &nlen), off, next, gh[G], go[G];

	for (off = 0; off < fkeys.len; ) {
		for (ng = 0; ng < G && off < fkeys.len; ng++, off = next) {
			const char *k = fkey_at(off, &n, NULL, NULL, &next);
			gh[ng] = fhash(k, n) | 1;	/* as fbatch_add */
			go[ng] = off;
			__builtin_prefetch(&t[gh[ng] & (ncap - 1)], 1);
		}
		for (g = 0; g < ng; g++) {
			for (i = gh[g] & (ncap - 1); t[i]; i = (i + 1) & (ncap - 1))
				;
			t[i] = FSLOT(gh[g], go[g]);
		}
	}
	if (ftab)
		munmap(ftab, fmaplen);
	ftab = t;
	fcap = ncap;
	fmaplen = nlen;
	padu_mem_check((unsigned long long)fmaplen + fkeys.cap, fcount, "keys");
}

/* Room for n more bytes of entries: a mapping that grows (in 2 MB pages
 * where the kernel gives them, as the table: the keys are read at random). */
static void
fkeys_reserve(size_t n)
{
	size_t cap;
	void *p;

	if (fkeys.cap - fkeys.len >= n)
		return;
	for (cap = fkeys.cap ? fkeys.cap : (size_t)4 << 20; cap - fkeys.len < n;
	    cap *= 2)
		;
#ifdef MREMAP_MAYMOVE
	/* The pages move, uncopied; only the new part is touched later. */
	if (fkeys.p) {
		cap = (cap + ((size_t)2 << 20) - 1) & ~(((size_t)2 << 20) - 1);
		p = mremap(fkeys.p, fkeys.cap, cap, MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			die(PADU_EXIT_FAIL, "out of memory");
		fkeys.p = p;
		fkeys.cap = cap;
		return;
	}
#endif
	p = huge_map(&cap);
	if (fkeys.p) {
		memcpy(p, fkeys.p, fkeys.len);
		munmap(fkeys.p, fkeys.cap);
	}
	fkeys.p = p;
	fkeys.cap = cap;
}

static void
fkeys_leb(size_t n)
{
	while (n >= 0x80) {
		fkeys.p[fkeys.len++] = (char)(n | 0x80);
		n >>= 7;
	}
	fkeys.p[fkeys.len++] = (char)n;
}

static void
fkey_insert(size_t slot, const struct frow *r)
{
	if (fkeys.len >= ((uint64_t)1 << 40) - 1)
		die(PADU_EXIT_FAIL, "more than 1 TB of keys");
	ftab[slot] = FSLOT(r->h, (uint64_t)fkeys.len);
	fkeys_reserve(r->klen + r->ilen + 20);
	fkeys_leb(r->klen);
	memcpy(fkeys.p + fkeys.len, fbkeys.p + r->koff, r->klen);
	fkeys.len += r->klen;
	if (opt.links) {
		fkeys_leb(r->ilen);
		memcpy(fkeys.p + fkeys.len, fbkeys.p + r->ioff, r->ilen);
		fkeys.len += r->ilen;
	}
	fcount++;
}

static int
fkey_equal(size_t slot, const struct frow *r)
{
	size_t n;
	const char *k = fkey_at(FOFF(ftab[slot]), &n, NULL, NULL, NULL);

	return n == r->klen && memcmp(k, fbkeys.p + r->koff, n) == 0;
}

/* A link of row r (merged) to the entry in slot. */
static void
flink(size_t slot, const struct frow *r)
{
	const struct key *k = &R.exact[0];
	struct buf rule = BUF_INIT;
	const char *id, *colon, *rcolon;
	char *f[8];
	size_t len[8], n, idn, j;

	fkey_at(FOFF(ftab[slot]), &n, &id, &idn, NULL);
	buf_adds(&rule, "exact:");
	for (j = 0; j < k->n; j++)
		buf_printf(&rule, "%s%s", j ? "+" : "", k->col[j]);
	/* ids are src:row; a source id holds no ':', a row may not */
	colon = memchr(id, ':', idn);
	rcolon = memchr(fbkeys.p + r->ioff, ':', r->ilen);
	f[0] = (char *)id;
	len[0] = idn;
	f[1] = "merged";
	len[1] = 6;
	f[2] = rule.p;
	len[2] = rule.len;
	f[3] = (char *)id;
	len[3] = colon ? (size_t)(colon - id) : 0;
	f[4] = colon ? (char *)colon + 1 : (char *)id;
	len[4] = colon ? idn - len[3] - 1 : idn;
	f[5] = fbkeys.p + r->ioff;
	len[5] = rcolon ? (size_t)(rcolon - f[5]) : 0;
	f[6] = rcolon ? (char *)rcolon + 1 : f[5];
	len[6] = rcolon ? r->ilen - len[5] - 1 : r->ilen;
	f[7] = "inf";
	len[7] = 3;
	if (csvio_write(wlinks, f, len, 8) < 0)
		die(PADU_EXIT_FAIL, "%s: write error:", opt.links);
	buf_free(&rule);
}

/* Decide the rows of the batch, in order, and write those kept. */
static void
fbatch_flush(void)
{
	size_t i, j, run0;

	while (fcount + fbn > fcap / 4 * 3)
		ftab_grow();
	/* Loop 1: the slot of each key, now in the cache: a new tag is
	 * inserted at once (a later row of the batch finds it), an equal
	 * tag is kept for loop 2, its key prefetched. */
	for (i = 0; i < fbn; i++) {
		struct frow *r = &fb[i];
		r->keep = 1;
		r->slot = SIZE_MAX;
		if (r->h == 0)
			continue;
		for (j = r->h & (fcap - 1); ftab[j] && STAG(ftab[j]) !=
		    FTAG(r->h); j = (j + 1) & (fcap - 1))
			;
		if (ftab[j] == 0) {
			fkey_insert(j, r);
			continue;
		}
		r->slot = j;
		__builtin_prefetch(fkeys.p + FOFF(ftab[j]));
	}
	/* Loop 2: compare the keys; tags equal for unequal keys (rare)
	 * go on probing from there, in order, so a key inserted here by an
	 * earlier row of the batch is found by a later one. */
	for (i = 0; i < fbn; i++) {
		struct frow *r = &fb[i];
		if (r->slot == SIZE_MAX)
			continue;
		for (j = r->slot; ftab[j]; j = (j + 1) & (fcap - 1))
			if (STAG(ftab[j]) == FTAG(r->h) && fkey_equal(j, r))
				break;
		if (ftab[j] == 0) {
			fkey_insert(j, r);
			continue;
		}
		r->keep = 0;
		run.merged++;
		if (wlinks)
			flink(j, r);
	}
	/* Write the kept rows, a run of them at a time. */
	for (i = 0; i < fbn; i = j) {
		for (; i < fbn && !fb[i].keep; i++)
			;
		if (i == fbn)
			break;
		run0 = i;
		for (j = i; j < fbn && fb[j].keep; j++)
			run.out++;
		if (csvio_write_raw(wout, fbout.p + fb[run0].ooff,
		    fb[j - 1].ooff + fb[j - 1].olen - fb[run0].ooff) < 0)
			padu_write_error();
	}
	fbn = 0;
	buf_reset(&fbkeys);
	buf_reset(&fbout);
	padu_mem_check((unsigned long long)fmaplen + fkeys.cap, fcount, "keys");
}

/* Take row rec (the nrow-th row kept as a row, from 0) into the batch. */
static void
fbatch_add(const csvio_reader *rd, const struct csvio_rec *rec,
    unsigned long long nrow)
{
	const struct key *k = &R.exact[0];
	struct frow *r = &fb[fbn++];
	long fl = slot_idx[flags_slot];
	size_t i;
	int usable = 1;

	for (i = 0; i < k->n && usable; i++)
		usable = rec->len[fcol[i]] != 0;
	if (usable && k->nunless && fl >= 0)
		usable = !flags_hold(rec->f[fl], rec->len[fl], k);
	/* Room for the key and the id first: the appends below cannot fail. */
	{
		size_t need = 48;
		for (i = 0; i < k->n; i++)
			need += rec->len[fcol[i]] + 10;
		if (opt.links && slot_idx[src_slot] >= 0 && slot_idx[row_slot] >= 0)
			need += rec->len[slot_idx[src_slot]] +
			    rec->len[slot_idx[row_slot]];
		if (buf_reserve(&fbkeys, need) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
	}
	r->h = 0;
	if (usable) {
		r->koff = fbkeys.len;
		for (i = 0; i < k->n; i++) {
			const char *p = rec->f[fcol[i]];
			size_t n = rec->len[fcol[i]];
			if (k->n > 1)
				leb_put(&fbkeys, n);
			buf_add(&fbkeys, p, n);
		}
		r->klen = fbkeys.len - r->koff;
		r->h = fhash(fbkeys.p + r->koff, r->klen) | 1;
		if (fcap)
			__builtin_prefetch(&ftab[r->h & (fcap - 1)]);
	}
	r->ilen = 0;
	if (opt.links) {
		long sc = slot_idx[src_slot], rc = slot_idx[row_slot];
		r->ioff = fbkeys.len;
		if (sc >= 0 && rc >= 0) {
			buf_add(&fbkeys, rec->f[sc], rec->len[sc]);
			buf_addc(&fbkeys, ':');
			buf_add(&fbkeys, rec->f[rc], rec->len[rc]);
		} else {
			buf_printf(&fbkeys, "%llu", nrow + 1);
		}
		r->ilen = fbkeys.len - r->ioff;
	}
	r->ooff = fbout.len;
	if (csvio_encode_read(&fbout, rd, rec) < 0 ||
	    buf_addc(&fbout, '\n') < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	r->olen = fbout.len - r->ooff;
	if (fbn == FBATCH)
		fbatch_flush();
}

/* --first: the whole run. */
static void
first_run(char **paths, int n)
{
	const struct key *k = &R.exact[0];
	unsigned long long nrow = 0;
	struct csvio_rec rec;
	struct buf h = BUF_INIT;
	csvio_reader *rd;
	const char *name;
	size_t i;
	int p, rc;

	if ((wout = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (p = 0; p < n; p++) {
		if ((rd = open_input(paths[p], NULL)) == NULL)
			continue;
		name = csvio_name(rd);
		if (fcol == NULL) {
			fcol = xcalloc(k->n, sizeof *fcol);
			for (i = 0; i < k->n; i++)
				fcol[i] = slot_idx[k->slot[i]];
			if (csvio_encode_record(&h, header, NULL, nheader) < 0 ||
			    buf_addc(&h, '\n') < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			if (csvio_write_raw(wout, h.p, h.len) < 0)
				padu_write_error();
			if (opt.links)
				links_open();
		}
		while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
			if (rc == CSVIO_ERR)
				die(PADU_EXIT_FAIL, "%s: %s", name,
				    csvio_strerror(rd));
			run.in++;
			padu_progress(&run, csvio_bytes(rd));
			if (rc == CSVIO_BAD || rec.n != nheader) {
				/* The batch first: rows stay in order. */
				fbatch_flush();
				reject_rec(name, &rec, rc, slot_idx, nheader);
				continue;
			}
			fbatch_add(rd, &rec, nrow++);
		}
		csvio_close(rd);
	}
	fbatch_flush();
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	if (wlinks && (csvio_writer_free(wlinks) < 0 || close(links_fd) != 0))
		die(PADU_EXIT_FAIL, "%s: write error:", opt.links);
	buf_free(&h);
	if (fkeys.p)
		munmap(fkeys.p, fkeys.cap);
	buf_free(&fbkeys);
	buf_free(&fbout);
	free(fcol);
	if (ftab)
		munmap(ftab, fmaplen);
}

/*
 * Whether the rules can stream (--first): one exact key, no fuzzy
 * linkage, and distinct keys only of columns of the exact key (rows of
 * one key value then never hold two values of them).  NULL, or why not.
 */
static const char *
first_refusal(void)
{
	size_t d, i, j;

	if (R.nblock || R.ncmp)
		return "the rules have fuzzy linkage (blocking, compare), "
		    "which needs every row before the first is written";
	if (R.nexact != 1)
		return "the rules have more than one exact key; --first "
		    "streams one";
	for (d = 0; d < R.ndistinct; d++)
		for (i = 0; i < R.distinct[d].n; i++) {
			for (j = 0; j < R.exact[0].n; j++)
				if (R.distinct[d].slot[i] == R.exact[0].slot[j])
					break;
			if (j == R.exact[0].n)
				return "a distinct key has a column that is not "
				    "in the exact key, so a link could be "
				    "refused after its row was written";
		}
	return NULL;
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Find the rows that describe the same entity, within and across\n"
	    "sources (exact keys, then Fellegi-Sunter scoring of blocked pairs),\n"
	    "and write one row per entity with _cluster, _n and _srcs.\n"
	    "\n"
	    "  -f, --rules FILE     the match rules (JSON); required\n"
	    "  -C, --clusters FILE  write every input row's _src, _row and entity\n"
	    "                       id to FILE (CSV, mode 0600), in input order\n"
	    "      --clusters-cols COLS  the columns written before the id there\n"
	    "                       (comma-separated; default _src,_row)\n"
	    "      --first          rules of one exact key: write the first row\n"
	    "                       of each key as it comes and merge the later\n"
	    "                       ones (streams; memory grows with the keys)\n"
	    "  -E, --entities FILE  with --keep-all: also write one row per\n"
	    "                       entity (as without it) to FILE (CSV, mode\n"
	    "                       0600)\n"
	    "      --entities-stats FILE  append the statistics of -E's rows\n"
	    "                       (out: entities, merged) to FILE (JSON)\n"
	    "  -i, --id NAME        the entity id column (default _cluster)\n"
	    "  -j, --jobs N         compare pairs in N threads, and read a file\n"
	    "                       ahead when N > 1 (default: the processors\n"
	    "                       online, at most 8); the output is the same\n"
	    "                       for every N\n"
	    "  -k, --keep-all       write every row, with its entity's _cluster\n"
	    "  -l, --links FILE     write every link taken or refused, with its\n"
	    "                       weight and each comparison's level (CSV)\n"
	    "  -r, --rejects FILE   write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE     append the run's statistics to FILE (JSON)\n"
	    "      --max-memory SIZE  exit 1 when the rows' match values, pairs\n"
	    "                       and links take more (bytes, or K, M, G;\n"
	    "                       default $PADU_MAX_MEMORY)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Several FILEs\n"
	    "are one stream, their headers joined as padu-cat joins them.  Exit\n"
	    "status: 0 done; 1 failed (rejected rows without --rejects, I/O, over\n"
	    "--max-memory); 2 bad usage or rules.  See padu-dedupe(1), padu(7).\n",
	    SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "clusters", required_argument, NULL, 'C' },
		{ "clusters-cols", required_argument, NULL, OPT_CLUSTERS_COLS },
		{ "entities", required_argument, NULL, 'E' },
		{ "entities-stats", required_argument, NULL, OPT_ENTITIES_STATS },
		{ "first", no_argument, NULL, OPT_FIRST },
		{ "help", no_argument, NULL, 'h' },
		{ "id", required_argument, NULL, 'i' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep-all", no_argument, NULL, 'k' },
		{ "links", required_argument, NULL, 'l' },
		{ "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
		{ "rejects", required_argument, NULL, 'r' },
		{ "rules", required_argument, NULL, 'f' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char **paths;
	size_t i;
	int c, n, k, status, links_thread, clusters_thread, ents_thread;
	pthread_t links_tid, clusters_tid, ents_tid;
	struct input *ins;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:E:Vf:hi:j:kl:r:s:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'C':
			opt.clusters = optarg;
			break;
		case OPT_CLUSTERS_COLS:
			opt.clusters_cols = optarg;
			break;
		case 'E':
			opt.entities = optarg;
			break;
		case OPT_ENTITIES_STATS:
			opt.entities_stats = optarg;
			break;
		case 'V':
			printf("padu-dedupe %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'f':
			opt.rules = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'i':
			opt.id = optarg;
			break;
		case 'j': {
			char *end;
			errno = 0;
			opt.jobs = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || opt.jobs < 1 ||
			    opt.jobs > 1024) {
				warn("-j: '%s' is not a number of threads "
				    "(1 to 1024)", optarg);
				fprintf(stderr, "usage: %s\n", SYNOPSIS);
				return PADU_EXIT_USAGE;
			}
			break;
		}
		case 'k':
			opt.keep_all = 1;
			break;
		case 'l':
			opt.links = optarg;
			break;
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		case OPT_MAX_MEMORY:
			opt.max_memory = optarg;
			break;
		case OPT_FIRST:
			opt.first = 1;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	if (opt.rules == NULL) {
		warn("no rules: say -f RULES");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	padu_mem_cap(opt.max_memory);
	if (opt.jobs == 0) {
		long np = sysconf(_SC_NPROCESSORS_ONLN);
		opt.jobs = np < 1 ? 1 : np > MAXJOBS ? MAXJOBS : np;
	}
	if (opt.first && (opt.keep_all || opt.id || opt.clusters)) {
		warn("--first writes the rows as they came: no %s",
		    opt.keep_all ? "--keep-all" : opt.clusters ?
		    "--clusters (no entity ids are made)" :
		    "-i (no id column is added)");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if (opt.entities && !opt.keep_all) {
		warn("-E: the entity rows go to standard output without "
		    "--keep-all");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if (opt.entities_stats && !opt.entities) {
		warn("--entities-stats: say -E FILE too");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	if (opt.clusters_cols && !opt.clusters) {
		warn("--clusters-cols: say --clusters FILE too");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	paths = padu_operands(argc - optind, argv + optind, &n);
	load_rules(opt.rules);
	clusters_plan();
	if (opt.first && first_refusal())
		die(PADU_EXIT_USAGE, "--first: %s: %s", opt.rules,
		    first_refusal());

	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);
	if (opt.first) {
		first_run(paths, n);
		status = padu_run_end(&run);
		return status | padu_close_stdout();
	}
	/* Every header first: the stream's is their union. */
	ins = xcalloc(n ? (size_t)n : 1, sizeof *ins);
	for (k = 0; k < n; k++)
		if (open_input(paths[k], &ins[k]) == NULL)
			ins[k].rd = NULL;
	if (header != NULL) {
		const char *idname = opt.id ? opt.id : "_cluster";
		header_done(n == 1 ? csvio_name(ins[0].rd) : "the inputs");
		/*
		 * --keep-all writes each row as it came with its id added
		 * after it: then the spool holds the row as CSV, written out
		 * as it is.  When the id column is one of the stream's, its
		 * value is replaced, and the spool holds fields.
		 */
		spool_raw = opt.keep_all && !opt.entities &&
		    col_of(header, nheader, idname) < 0;
	}
	spool_open();
	for (k = 0; k < n; k++)
		if (ins[k].rd)
			read_input(&ins[k]);
	free(ins);
	spool_done();
	if (header == NULL) {
		/* No input had a header: nothing to do, an empty output. */
		status = padu_run_end(&run);
		return status | padu_close_stdout();
	}
	surv_by_of = xcalloc(R.nsurv_by + 1, sizeof *surv_by_of);
	for (i = 0; i < R.nsurv_by; i++) {
		size_t j;
		surv_by_of[i] = -1;
		for (j = 0; j < nheader; j++)
			if (strcmp(header[j], R.surv_by[i]) == 0)
				surv_by_of[i] = (long)j;
	}
	if (opt.links)
		links_open();
	if (opt.clusters)
		clusters_open();
	ident = xmalloc((nrows ? nrows : 1) * sizeof *ident);
	for (i = 0; i < nrows; i++)
		ident[i] = (uint32_t)i;
	link_rows();
	link_fuzzy();
	/* Entity ids: the least member of each root. */
	for (i = 0; i < nrows; i++) {
		uint32_t r = find((uint32_t)i);
		if (ident[r] != i && ident_less(i, ident[r]))
			ident[r] = (uint32_t)i;
	}
	if (skipped_blocks)
		warn("%llu blocks of more than %zu rows (%llu rows) were not "
		    "compared; raise max_block or use narrower blocking keys",
		    skipped_blocks, R.max_block, skipped_rows);

	if ((wout = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	if (opt.entities) {
		ents_file.w = private_writer(opt.entities, &ents_file.fd);
		if (put_header(ents_file.w, 3) < 0)
			die(PADU_EXIT_FAIL, "%s: write error:", opt.entities);
	}
	if (put_header(wout, opt.keep_all ? 1 : 3) < 0)
		padu_write_error();
	/*
	 * The links go out in a thread of their own while the rows are
	 * written (with -j above 1): both only read what linking made.
	 */
	for (i = 0; i < nrows; i++)
		rows[i].parent = find((uint32_t)i);
	flat = 1;
	links_thread = wlinks && opt.jobs > 1 &&
	    pthread_create(&links_tid, NULL, links_run, NULL) == 0;
	clusters_thread = wclusters && opt.jobs > 1 &&
	    pthread_create(&clusters_tid, NULL, clusters_run, NULL) == 0;
	if (opt.entities)
		colrules();
	ents_thread = opt.entities && opt.jobs > 1 &&
	    pthread_create(&ents_tid, NULL, entities_run, NULL) == 0;
	if (opt.keep_all) {
		write_all();
		if (ents_thread)
			pthread_join(ents_tid, NULL);
		else if (opt.entities)
			write_entities(&ents_file);
	} else {
		struct ents e = { 0 };
		e.w = wout;
		colrules();
		write_entities(&e);
		run.out += e.out;
		run.merged += e.merged;
		if (e.err) {
			errno = e.err;
			padu_write_error();
		}
	}
	if (links_thread)
		pthread_join(links_tid, NULL);
	else if (wlinks)
		write_links();
	if (clusters_thread)
		pthread_join(clusters_tid, NULL);
	else if (wclusters)
		write_clusters();
	if (links_errno) {
		errno = links_errno;
		die(PADU_EXIT_FAIL, "%s: write error:", opt.links);
	}
	if (clusters_errno || (wclusters && (csvio_writer_free(wclusters) < 0 ||
	    close(clusters_fd) != 0))) {
		errno = clusters_errno ? clusters_errno : errno;
		die(PADU_EXIT_FAIL, "%s: write error:", opt.clusters);
	}
	if (ents_file.err || (opt.entities &&
	    (csvio_writer_free(ents_file.w) < 0 || close(ents_file.fd) != 0))) {
		errno = ents_file.err ? ents_file.err : errno;
		die(PADU_EXIT_FAIL, "%s: write error:", opt.entities);
	}
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	if (wlinks && (csvio_writer_free(wlinks) < 0 || close(links_fd) != 0))
		die(PADU_EXIT_FAIL, "%s: write error:", opt.links);
	if (opt.entities_stats)
		padu_run_stats(&run, opt.entities_stats, ents_file.out,
		    ents_file.merged);
	status = padu_run_end(&run);
	return status | padu_close_stdout();
}
