/* SPDX-License-Identifier: MIT */
/*
 * padu-cat: concatenate canonical CSV streams into one.
 *
 *   padu-cat dtks.csv p3ke.csv desa.csv > semua.csv
 *
 * The output header is the union of the input headers in first-seen order
 * (or the fields of a Table Schema first, with --schema); a row lacking a
 * column gets an empty field (NULL).  Rows whose field count differs from
 * their header, that are malformed CSV, or that are not valid UTF-8 or hold
 * NUL bytes are rejected.  Headers must be valid: named, unique, UTF-8.
 * Memory: one row plus the headers (streaming).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csvio.h"
#include "padu.h"
#include "strmap.h"
#include "utf8.h"

#define SYNOPSIS "padu-cat [-hV] [-r FILE] [-S SCHEMA] [-s FILE] [FILE]..."

static struct {
	const char *rejects;	/* -r, --rejects FILE */
	const char *schema;	/* -S, --schema FILE */
	const char *stats;	/* -s, --stats FILE */
} opt;

struct input {
	const char *path;	/* operand */
	csvio_reader *r;	/* open reader, or NULL between passes */
	size_t ncol;		/* header width */
	size_t *map;		/* input column → output column */
	int identity;		/* map is 0, 1, ... and covers the output */
	long src_col, row_col;	/* positions of _src and _row, or -1 */
};

static strmap *outcols;		/* output column name → position */
static struct padu_run run;
static csvio_writer *out;

static void
add_column(const char *name, size_t n)
{
	if (smap_put(outcols, name, n, (long)smap_count(outcols), NULL) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
}

/* Put the fields of the schema first, in its order. */
static void
load_schema(const char *path)
{
	cfg_node *root, *fields, *f, *name;
	char *err, *where;
	size_t i;
	cfg *c;

	if ((c = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "%s", err);
	root = cfg_root(c);
	fields = cfg_get(root, "fields");
	if (cfg_type(root) != CFG_OBJECT || fields == NULL ||
	    cfg_type(fields) != CFG_ARRAY) {
		where = cfg_where(c, fields ? fields : root);
		die(PADU_EXIT_USAGE, "%s: a Table Schema needs a 'fields' array",
		    where);
	}
	for (i = 0; i < cfg_size(fields); i++) {
		f = cfg_at(fields, i);
		name = cfg_get(f, "name");
		if (name == NULL || cfg_type(name) != CFG_STRING ||
		    cfg_string_len(name) == 0) {
			where = cfg_where(c, name ? name : f);
			die(PADU_EXIT_USAGE, "%s: field %zu needs a 'name' "
			    "string", where, i + 1);
		}
		add_column(cfg_string(name), cfg_string_len(name));
	}
	cfg_free(c);
}

static csvio_reader *
open_input(const char *path)
{
	csvio_reader *r = csvio_open(path, ',', '"');

	if (r == NULL) {
		if (errno == ENOMEM)
			die(PADU_EXIT_FAIL, "out of memory");
		die(PADU_EXIT_FAIL, "%s:", path);
	}
	return r;
}

/* Read and check the header of in, and merge it into the output columns. */
static void
read_header(struct input *in)
{
	struct csvio_rec rec;
	strmap *seen;
	const char *name;
	size_t i, bad;
	int rc, added;
	long j;

	in->r = open_input(in->path);
	in->src_col = in->row_col = -1;
	name = csvio_name(in->r);
	rc = csvio_read(in->r, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(in->r));
	if (rc == CSVIO_EOF)
		return;		/* an empty input: no columns, no rows */
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
	if ((seen = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	in->ncol = rec.n;
	in->map = xmalloc(rec.n * sizeof *in->map);
	in->identity = 1;
	for (i = 0; i < rec.n; i++) {
		if (rec.len[i] == 0)
			die(PADU_EXIT_FAIL, "%s: header: column %zu has no name",
			    name, i + 1);
		if (utf8_check(rec.f[i], rec.len[i], &bad) != UTF8_OK)
			die(PADU_EXIT_FAIL, "%s: header: column %zu: name is "
			    "not valid UTF-8 text", name, i + 1);
		j = smap_put(seen, rec.f[i], rec.len[i], (long)i, &added);
		if (j < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		if (!added)
			die(PADU_EXIT_FAIL, "%s: header: duplicate column '%s' "
			    "(columns %ld and %zu)", name, rec.f[i],
			    *smap_val(seen, (size_t)j) + 1, i + 1);
		add_column(rec.f[i], rec.len[i]);
		in->map[i] = (size_t)*smap_val(outcols,
		    (size_t)smap_find(outcols, rec.f[i], rec.len[i]));
		if (in->map[i] != i)
			in->identity = 0;
		if (strcmp(rec.f[i], "_src") == 0)
			in->src_col = (long)i;
		else if (strcmp(rec.f[i], "_row") == 0)
			in->row_col = (long)i;
	}
	smap_free(seen);
	/* Reopen regular files later: this keeps few descriptors open. */
	if (strcmp(in->path, "-") != 0 && csvio_regular(in->r)) {
		csvio_close(in->r);
		in->r = NULL;
	}
}

/* Why rec cannot pass, or NULL. */
static const char *
check_row(const struct input *in, const struct csvio_rec *rec,
    struct buf *why)
{
	size_t i, bad;

	buf_reset(why);
	if (rec->bad)
		return rec->bad;
	if (rec->n != in->ncol) {
		buf_printf(why, "ragged row: %zu field%s, the header has %zu",
		    rec->n, rec->n == 1 ? "" : "s", in->ncol);
		return why->p;
	}
	for (i = 0; !rec->ascii && i < rec->n; i++) {
		switch (utf8_check(rec->f[i], rec->len[i], &bad)) {
		case UTF8_OK:
			continue;
		case UTF8_ENUL:
			buf_printf(why, "NUL byte in column %zu", i + 1);
			return why->p;
		default:
			buf_printf(why, "invalid UTF-8 in column %zu at byte "
			    "%zu", i + 1, bad + 1);
			return why->p;
		}
	}
	return NULL;
}

static void
reject(const struct input *in, const struct csvio_rec *rec,
    const char *reason)
{
	char num[32], *src = (char *)csvio_name(in->r), *row = num;

	snprintf(num, sizeof num, "%llu", rec->num);
	/* A row that carries its origin is traced back to it. */
	if (!rec->bad && rec->n == in->ncol) {
		if (in->src_col >= 0 && rec->len[in->src_col])
			src = rec->f[in->src_col];
		if (in->row_col >= 0 && rec->len[in->row_col])
			row = rec->f[in->row_col];
	}
	padu_reject(&run, csvio_name(in->r), rec->num, src, row, reason,
	    rec->f, rec->len, rec->n);
}

static void
copy_rows(struct input *in, size_t ncol, char **f, size_t *len)
{
	struct buf why = BUF_INIT;
	struct csvio_rec rec;
	const char *reason;
	size_t i;
	int rc;

	if (in->ncol == 0 && in->r == NULL)
		return;		/* empty input */
	if (in->r == NULL) {
		in->r = open_input(in->path);
		if (csvio_read(in->r, &rec) != CSVIO_OK)	/* the header */
			die(PADU_EXIT_FAIL, "%s: changed while being read",
			    in->path);
	}
	while ((rc = csvio_read(in->r, &rec)) != CSVIO_EOF) {
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", csvio_name(in->r),
			    csvio_strerror(in->r));
		run.in++;
		padu_progress(&run, csvio_bytes(in->r));
		if ((reason = check_row(in, &rec, &why)) != NULL) {
			reject(in, &rec, reason);
			continue;
		}
		if (in->identity && in->ncol == ncol) {
			rc = csvio_write_read(out, in->r, &rec);
		} else {
			for (i = 0; i < ncol; i++) {
				f[i] = "";
				len[i] = 0;
			}
			for (i = 0; i < rec.n; i++) {
				f[in->map[i]] = rec.f[i];
				len[in->map[i]] = rec.len[i];
			}
			rc = csvio_write(out, f, len, ncol);
		}
		if (rc < 0)
			padu_write_error();
		run.out++;
	}
	buf_free(&why);
	csvio_close(in->r);
	in->r = NULL;
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Concatenate canonical CSV streams into one: the union of their\n"
	    "headers in first-seen order, missing fields empty.\n"
	    "\n"
	    "  -r, --rejects FILE  write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -S, --schema FILE   put the fields of this Table Schema (JSON)\n"
	    "                      first, in its order\n"
	    "  -s, --stats FILE    append the run's statistics to FILE (JSON)\n"
	    "  -h, --help          show this help and exit\n"
	    "  -V, --version       show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Rows that\n"
	    "are malformed, ragged, not UTF-8 or hold NUL bytes are rejected.\n"
	    "Exit status: 0 done; 1 failed (rejected rows without --rejects,\n"
	    "bad input, I/O); 2 bad usage or configuration.  See padu-cat(1),\n"
	    "padu(7).\n", SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "schema", required_argument, NULL, 'S' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct input *in;
	char **paths, **f;
	size_t ncol, *len;
	int c, n, k, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":S:Vhr:s:", longopts, NULL)) != -1)
		switch (c) {
		case 'S':
			opt.schema = optarg;
			break;
		case 'V':
			printf("padu-cat %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'h':
			usage();
			return padu_close_stdout();
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	paths = padu_operands(argc - optind, argv + optind, &n);

	if ((outcols = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	if (opt.schema)
		load_schema(opt.schema);
	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);

	in = xcalloc((size_t)n, sizeof *in);
	for (k = 0; k < n; k++) {
		in[k].path = paths[k];
		read_header(&in[k]);
	}
	if ((out = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	ncol = smap_count(outcols);
	f = xmalloc((ncol ? ncol : 1) * sizeof *f);
	len = xmalloc((ncol ? ncol : 1) * sizeof *len);
	padu_write_header(out, outcols);
	for (k = 0; k < n; k++) {
		copy_rows(&in[k], ncol, f, len);
		free(in[k].map);
	}
	if (csvio_writer_free(out) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	free(f);
	free(len);
	free(in);
	smap_free(outcols);
	return status | padu_close_stdout();
}
