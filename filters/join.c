/* SPDX-License-Identifier: MIT */
/*
 * padu-join: attach the columns of one stream to the rows of another, by
 * key, as join(1) does for text.
 *
 *   padu-join -f rumah_tangga.csv -j _hh orang.csv > orang+rt.csv
 *
 * The table named by -f (the smaller side) is held in memory, indexed by
 * its key columns; the other inputs are streamed, and each row is written
 * with the attached columns of its partner.  Modes: left (every streamed
 * row, with empty attached fields when it has no partner), inner (only rows
 * with a partner), anti (only rows without one: "in P3KE but not in
 * DTKS").  A key that the table holds more than once is an error unless
 * --dups says first, last or all; an empty key value never matches (it is
 * NULL).  Attached columns whose names the streamed header already has get
 * the --prefix, or stop the run.
 *
 * Accounting: in = out + rejected + dropped - extra, where dropped counts
 * the rows that inner or anti leave out and extra the additional rows that
 * --dups all writes for a key with several partners; --stats reports them
 * (join_dropped, join_extra) beside join_unpaired.
 *
 * Memory: the key and attached columns of the table given by -f, plus
 * a batch of 32 streamed rows.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "padu.h"
#include "strmap.h"
#include "utf8.h"

#define SYNOPSIS "padu-join [-hV] [-c COLS] [-d POLICY] [-m MODE] " \
	"[-p PREFIX] [-r FILE] [-s FILE] -f TABLE -j KEYS [FILE]..."

enum mode { MODE_LEFT, MODE_INNER, MODE_ANTI };
enum dups { DUPS_ERROR, DUPS_FIRST, DUPS_LAST, DUPS_ALL };

static struct {
	const char *columns;	/* -c, --columns COLS: what to attach */
	enum dups dups;		/* -d, --dups POLICY */
	const char *table;	/* -f, --file TABLE */
	const char *keys;	/* -j, --on KEYS */
	enum mode mode;		/* -m, --mode MODE */
	const char *prefix;	/* -p, --prefix PREFIX */
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
} opt;

/* The key pairs: streamed column = table column. */
static char **skey, **tkey;
static size_t nkey;

/* The table. */
static char **thead;		/* its header */
static size_t tcols;
static long *tkeyidx;		/* key columns' positions */
static size_t *attach;		/* table columns attached, in order */
static size_t nattach;
static struct buf tdata;	/* the attached fields of every row, each
				   followed by a NUL */
static size_t *trow;		/* row r's fields start at trow[r] in the
				   offsets array foff */
static size_t *foff;		/* field offsets into tdata */
static size_t ntrow;
static strmap *index_;		/* key → first row, or chain head */
static long *chain;		/* next row with the same key, -1 */
static long *last_of;		/* key index → last row (for chaining) */

static struct padu_run run;
static csvio_writer *wout;
static struct buf scratch, keybuf;

static void
split_list(const char *s, char ***out, size_t *n)
{
	char *copy = xstrdup(s), *p, *save = NULL;

	*out = NULL;
	*n = 0;
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(p);
	}
	free(copy);
}

static long
find_col(char **head, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(head[i], name) == 0)
			return (long)i;
	return -1;
}

/* The key of a row as bytes: fields joined by 0x1F; 0 when a part is empty. */
static int
make_key(char *const *f, const size_t *len, const long *idx, struct buf *k)
{
	size_t i;

	buf_reset(k);
	for (i = 0; i < nkey; i++) {
		if (len[idx[i]] == 0)
			return 0;
		if (i)
			buf_addc(k, 0x1f);
		buf_add(k, f[idx[i]], len[idx[i]]);
	}
	if (k->p == NULL)
		buf_reserve(k, 1);
	return 1;
}

static const char *
tfield(size_t r, size_t c, size_t *n)
{
	size_t a = foff[trow[r] + c], b = foff[trow[r] + c + 1];

	*n = b - a - 1;
	return tdata.p + a;
}

/*
 * The table's keys go into the index PBATCH at a time: the index is far
 * larger than the caches for a table of a million rows, so each batch's
 * slots, entries and key bytes are prefetched, a pass each, before the
 * keys are put in order.
 */
#define PBATCH 32
static struct pend {
	size_t koff, klen;	/* key bytes in pkeys */
	unsigned long long h;	/* their smap_hash */
	unsigned long long num;	/* record number, for messages */
	size_t row;
} pend[PBATCH];
static size_t npend, lastcap;
static struct buf pkeys;

/* Put the table row's key into the index, as --dups says. */
static void
table_put(const char *name, struct pend *p)
{
	char *k = pkeys.p + p->koff;
	int added;
	long at = smap_put_hashed(index_, k, p->klen, p->h, (long)p->row,
	    &added);
	size_t i;

	if (at < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	if (!added) {
		long first = *smap_val(index_, (size_t)at);
		switch (opt.dups) {
		case DUPS_ERROR:
			for (i = 0; i < p->klen; i++)
				if (k[i] == 0x1f)
					k[i] = ',';
			die(PADU_EXIT_FAIL, "%s:%llu: key '%.*s' is also on "
			    "record %llu; say --dups first, last or all", name,
			    p->num, (int)p->klen, k,
			    (unsigned long long)first + 1);
		case DUPS_FIRST:
			break;
		case DUPS_LAST:
			*smap_val(index_, (size_t)at) = (long)p->row;
			break;
		case DUPS_ALL:
			chain[last_of[at]] = (long)p->row;
			break;
		}
	}
	if (opt.dups == DUPS_ALL) {
		if ((size_t)at >= lastcap) {
			lastcap = lastcap ? lastcap * 2 : 1024;
			last_of = xrealloc(last_of, lastcap * sizeof *last_of);
		}
		last_of[at] = (long)p->row;
	}
}

static void
pend_flush(const char *name)
{
	size_t i;
	int step;

	for (step = 1; step <= 2; step++)
		for (i = 0; i < npend; i++)
			smap_prefetch(index_, pend[i].h, step);
	for (i = 0; i < npend; i++)
		table_put(name, &pend[i]);
	npend = 0;
	buf_reset(&pkeys);
}

static void
pend_add(const char *name, const char *k, size_t n, unsigned long long num,
    size_t row)
{
	struct pend *p;

	if (npend == PBATCH)
		pend_flush(name);
	p = &pend[npend++];
	p->koff = pkeys.len;
	p->klen = n;
	if (buf_add(&pkeys, k, n) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	p->h = smap_hash(k, n);
	p->num = num;
	p->row = row;
	smap_prefetch(index_, p->h, 0);
}

static void
read_table(void)
{
	struct csvio_rec rec;
	csvio_reader *rd;
	const char *name;
	size_t i, cap = 0, fcap = 0, nf = 0;
	char **want = NULL;
	size_t nwant = 0;
	int rc;
	long *tmpidx;

	if ((rd = csvio_open(opt.table, ',', '"')) == NULL)
		die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" : "%s:",
		    opt.table);
	padu_read_ahead(rd);
	name = csvio_name(rd);
	rc = csvio_read(rd, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
	if (rc == CSVIO_EOF)
		die(PADU_EXIT_FAIL, "%s: empty table (no header)", name);
	tcols = rec.n;
	thead = xcalloc(tcols, sizeof *thead);
	for (i = 0; i < tcols; i++)
		thead[i] = xstrdup(rec.f[i]);
	tkeyidx = xcalloc(nkey, sizeof *tkeyidx);
	for (i = 0; i < nkey; i++)
		if ((tkeyidx[i] = find_col(thead, tcols, tkey[i])) < 0)
			die(PADU_EXIT_USAGE, "%s: header: no key column '%s'",
			    name, tkey[i]);
	/* The attached columns: -c, or every column but the keys. */
	if (opt.columns) {
		split_list(opt.columns, &want, &nwant);
		attach = xcalloc(nwant ? nwant : 1, sizeof *attach);
		for (i = 0; i < nwant; i++) {
			long c = find_col(thead, tcols, want[i]);
			if (c < 0)
				die(PADU_EXIT_USAGE, "%s: header: no column '%s' "
				    "to attach", name, want[i]);
			attach[nattach++] = (size_t)c;
			free(want[i]);
		}
		free(want);
	} else {
		attach = xcalloc(tcols, sizeof *attach);
		for (i = 0; i < tcols; i++) {
			size_t k;
			int iskey = 0;
			for (k = 0; k < nkey; k++)
				iskey |= tkeyidx[k] == (long)i;
			if (!iskey)
				attach[nattach++] = i;
		}
	}
	if ((index_ = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	tmpidx = tkeyidx;
	while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s:%llu: %s", name, rec.num, rec.bad);
		if (rec.n != tcols)
			die(PADU_EXIT_FAIL, "%s:%llu: ragged row: %zu field%s, "
			    "the header has %zu", name, rec.num, rec.n,
			    rec.n == 1 ? "" : "s", tcols);
		if (ntrow == cap) {
			cap = cap ? cap * 2 : 1024;
			trow = xrealloc(trow, cap * sizeof *trow);
			chain = xrealloc(chain, cap * sizeof *chain);
		}
		if (nf + nattach + 1 > fcap) {
			fcap = (nf + nattach + 1) * 2;
			foff = xrealloc(foff, fcap * sizeof *foff);
		}
		/* Only the attached columns are kept. */
		trow[ntrow] = nf;
		for (i = 0; i < nattach; i++) {
			foff[nf++] = tdata.len;
			if (buf_add(&tdata, rec.f[attach[i]],
			    rec.len[attach[i]]) < 0 ||
			    buf_addc(&tdata, '\0') < 0)
				die(PADU_EXIT_FAIL, "out of memory");
		}
		foff[nf] = tdata.len;	/* the end of the last field */
		chain[ntrow] = -1;
		if (make_key(rec.f, rec.len, tmpidx, &keybuf))
			pend_add(name, keybuf.p, keybuf.len, rec.num, ntrow);
		ntrow++;
		nf++;	/* the end offset stays as a row separator */
	}
	pend_flush(name);
	buf_free(&pkeys);
	csvio_close(rd);
}

/*
 * The streamed rows go through in batches of SBATCH, for the same reason
 * as the table's keys: each row's key is hashed and its slot prefetched as
 * the row is read, and the index is probed (after two more prefetch
 * passes) when the batch is full.  A row's own fields are encoded as it
 * is read (csvio_encode_read: runs of plain fields copied at once); the
 * attached fields are added behind them when its partner is known.
 */
#define SBATCH 32
static struct srow {
	size_t ooff, olen;	/* its encoded fields in sbout */
	size_t koff, klen;	/* its key in sbkeys */
	unsigned long long h;	/* the key's smap_hash */
	int haskey;		/* no part of the key is empty */
} sb[SBATCH];
static size_t nsb;
static struct buf sbout, sbkeys, sbline;
static char **shead;		/* the streamed header */
static size_t nshead, ncol;	/* its width; the output's */
static int lone;		/* a one-column stream with columns attached:
				   its empty field is not written "" */

/* Write the batch: each row with its partner's fields, as the mode says. */
static void
stream_flush(void)
{
	size_t i, j, n;
	int step;

	for (step = 1; step <= 2; step++)
		for (i = 0; i < nsb; i++)
			if (sb[i].haskey)
				smap_prefetch(index_, sb[i].h, step);
	buf_reset(&sbline);
	for (i = 0; i < nsb; i++) {
		struct srow *s = &sb[i];
		long r = -1;
		if (s->haskey) {
			long at = smap_find_hashed(index_, sbkeys.p + s->koff,
			    s->klen, s->h);
			if (at >= 0)
				r = *smap_val(index_, (size_t)at);
		}
		if (r < 0)
			padu_flag(&run, "join_unpaired");
		if ((opt.mode == MODE_INNER && r < 0) ||
		    (opt.mode == MODE_ANTI && r >= 0)) {
			padu_flag(&run, "join_dropped");
			continue;
		}
		do {
			if (buf_add(&sbline, sbout.p + s->ooff, s->olen) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			for (j = 0; opt.mode != MODE_ANTI && j < nattach; j++) {
				const char *v = "";
				n = 0;
				if (r >= 0)
					v = tfield((size_t)r, j, &n);
				if (buf_addc(&sbline, ',') < 0 ||
				    csvio_encode_field(&sbline, v, n, 0) < 0)
					die(PADU_EXIT_FAIL, "out of memory");
			}
			if (buf_addc(&sbline, '\n') < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			run.out++;
			r = r >= 0 && opt.dups == DUPS_ALL ? chain[r] : -1;
			if (r >= 0)
				padu_flag(&run, "join_extra");
		} while (r >= 0);
	}
	if (sbline.len && csvio_write_raw(wout, sbline.p, sbline.len) < 0)
		padu_write_error();
	nsb = 0;
	buf_reset(&sbout);
	buf_reset(&sbkeys);
}

/* Take rec, just read by rd (as wide as the header), into the batch. */
static void
stream_add(const csvio_reader *rd, const struct csvio_rec *rec,
    const long *idx)
{
	struct srow *s = &sb[nsb++];
	int rc;

	s->koff = sbkeys.len;
	s->klen = 0;
	if ((s->haskey = make_key(rec->f, rec->len, idx, &keybuf)) != 0) {
		if (buf_add(&sbkeys, keybuf.p, keybuf.len) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		s->klen = keybuf.len;
		s->h = smap_hash(keybuf.p, keybuf.len);
		smap_prefetch(index_, s->h, 0);
	}
	s->ooff = sbout.len;
	rc = lone ? csvio_encode_field(&sbout, rec->f[0], rec->len[0], 0) :
	    csvio_encode_read(&sbout, rd, rec);
	if (rc < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	s->olen = sbout.len - s->ooff;
	if (nsb == SBATCH)
		stream_flush();
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Attach the columns of TABLE (held in memory) to the rows of the\n"
	    "streamed FILEs whose key columns match.\n"
	    "\n"
	    "  -f, --file TABLE     the table to attach (the smaller side)\n"
	    "  -j, --on KEYS        key columns, comma-separated; COL=TCOL when the\n"
	    "                       table names it TCOL\n"
	    "  -m, --mode MODE      left (default: every row), inner (rows with a\n"
	    "                       partner), anti (rows without one)\n"
	    "  -d, --dups POLICY    a key the table holds twice: error (default),\n"
	    "                       first, last, all (a row per partner)\n"
	    "  -c, --columns COLS   the table's columns to attach (default: all\n"
	    "                       but the keys)\n"
	    "  -p, --prefix PREFIX  prefix for attached columns whose names the\n"
	    "                       stream already has (default: an error)\n"
	    "  -r, --rejects FILE   write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE     append the run's statistics to FILE (JSON)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Exit status:\n"
	    "0 done; 1 failed (rejected rows without --rejects, a repeated key,\n"
	    "I/O); 2 bad usage.  See padu-join(1), padu(7).\n", SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "columns", required_argument, NULL, 'c' },
		{ "dups", required_argument, NULL, 'd' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "mode", required_argument, NULL, 'm' },
		{ "on", required_argument, NULL, 'j' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct csvio_rec rec;
	char **paths, **keys;
	size_t i, k, nkeys;
	long *skeyidx = NULL;
	int c, n, in, rc, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":Vc:d:f:hj:m:p:r:s:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'V':
			printf("padu-join %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'c':
			opt.columns = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "error") == 0)
				opt.dups = DUPS_ERROR;
			else if (strcmp(optarg, "first") == 0)
				opt.dups = DUPS_FIRST;
			else if (strcmp(optarg, "last") == 0)
				opt.dups = DUPS_LAST;
			else if (strcmp(optarg, "all") == 0)
				opt.dups = DUPS_ALL;
			else
				die(PADU_EXIT_USAGE, "--dups: '%s' is not error, "
				    "first, last or all", optarg);
			break;
		case 'f':
			opt.table = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'j':
			opt.keys = optarg;
			break;
		case 'm':
			if (strcmp(optarg, "left") == 0)
				opt.mode = MODE_LEFT;
			else if (strcmp(optarg, "inner") == 0)
				opt.mode = MODE_INNER;
			else if (strcmp(optarg, "anti") == 0)
				opt.mode = MODE_ANTI;
			else
				die(PADU_EXIT_USAGE, "--mode: '%s' is not left, "
				    "inner or anti", optarg);
			break;
		case 'p':
			opt.prefix = optarg;
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
	if (opt.table == NULL || opt.keys == NULL) {
		warn("%s", opt.table == NULL ? "no table: say -f TABLE" :
		    "no key: say -j KEYS");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	split_list(opt.keys, &keys, &nkeys);
	if (nkeys == 0)
		die(PADU_EXIT_USAGE, "--on: no key columns in '%s'", opt.keys);
	nkey = nkeys;
	skey = xcalloc(nkey, sizeof *skey);
	tkey = xcalloc(nkey, sizeof *tkey);
	for (i = 0; i < nkey; i++) {
		char *eq = strchr(keys[i], '=');
		if (eq) {
			*eq = '\0';
			tkey[i] = xstrdup(eq + 1);
		} else {
			tkey[i] = xstrdup(keys[i]);
		}
		skey[i] = keys[i];
		if (*skey[i] == '\0' || *tkey[i] == '\0')
			die(PADU_EXIT_USAGE, "--on: an empty column name in '%s'",
			    opt.keys);
	}
	free(keys);
	paths = padu_operands(argc - optind, argv + optind, &n);
	for (in = 0; in < n; in++)
		if (strcmp(paths[in], opt.table) == 0 && strcmp(paths[in], "-"))
			die(PADU_EXIT_USAGE, "'%s' is both the table and a "
			    "streamed input", opt.table);

	read_table();
	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);
	if ((wout = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (in = 0; in < n; in++) {
		csvio_reader *rd = csvio_open(paths[in], ',', '"');
		const char *name;
		if (rd == NULL)
			die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" :
			    "%s:", paths[in]);
		padu_read_ahead(rd);
		name = csvio_name(rd);
		rc = csvio_read(rd, &rec);
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
		if (rc == CSVIO_EOF) {
			csvio_close(rd);
			continue;
		}
		if (shead == NULL) {
			nshead = rec.n;
			shead = xcalloc(nshead, sizeof *shead);
			for (i = 0; i < nshead; i++)
				shead[i] = xstrdup(rec.f[i]);
			skeyidx = xcalloc(nkey, sizeof *skeyidx);
			for (k = 0; k < nkey; k++)
				if ((skeyidx[k] = find_col(shead, nshead,
				    skey[k])) < 0)
					die(PADU_EXIT_USAGE, "%s: header: no key "
					    "column '%s'", name, skey[k]);
			/* The output header: the stream's, then the table's. */
			ncol = nshead + (opt.mode == MODE_ANTI ? 0 : nattach);
			lone = nshead == 1 && ncol > 1;
			buf_reset(&scratch);
			for (i = 0; i < nshead; i++) {
				if (i)
					buf_addc(&scratch, ',');
				csvio_encode_field(&scratch, shead[i],
				    strlen(shead[i]), 0);
			}
			for (i = 0; opt.mode != MODE_ANTI && i < nattach; i++) {
				const char *a = thead[attach[i]];
				buf_addc(&scratch, ',');
				if (find_col(shead, nshead, a) >= 0) {
					if (opt.prefix == NULL)
						die(PADU_EXIT_USAGE, "column '%s' "
						    "is in both %s and %s; say "
						    "--prefix, or choose columns "
						    "with --columns", a, name,
						    opt.table);
					buf_adds(&scratch, opt.prefix);
				}
				buf_adds(&scratch, a);
			}
			buf_addc(&scratch, '\n');
			if (csvio_write_raw(wout, scratch.p, scratch.len) < 0)
				padu_write_error();
		} else {
			int same = rec.n == nshead;
			for (i = 0; same && i < nshead; i++)
				same = strcmp(rec.f[i], shead[i]) == 0;
			if (!same)
				die(PADU_EXIT_FAIL, "%s: header differs from the "
				    "first input's; join the inputs with padu-cat "
				    "first", name);
		}
		while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
			if (rc == CSVIO_ERR)
				die(PADU_EXIT_FAIL, "%s: %s", name,
				    csvio_strerror(rd));
			run.in++;
			padu_progress(&run, csvio_bytes(rd));
			if (rc == CSVIO_BAD || rec.n != nshead) {
				buf_reset(&scratch);
				if (rc == CSVIO_BAD)
					buf_adds(&scratch, rec.bad);
				else
					buf_printf(&scratch, "ragged row: %zu "
					    "field%s, the header has %zu", rec.n,
					    rec.n == 1 ? "" : "s", nshead);
				padu_reject_stream(&run, name, &rec,
				    find_col(shead, nshead, "_src"),
				    find_col(shead, nshead, "_row"), scratch.p);
				continue;
			}
			stream_add(rd, &rec, skeyidx);
		}
		stream_flush();
		csvio_close(rd);
	}
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	for (i = 0; shead != NULL && i < nshead; i++)
		free(shead[i]);
	free(shead);
	free(skeyidx);
	return status | padu_close_stdout();
}
