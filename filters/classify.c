/* SPDX-License-Identifier: MIT */
/*
 * padu-classify: evaluate the indicator codebook on every row, adding one
 * column per indicator.
 *
 *   padu-classify -f pipelines/codebook/klaten.json rumah_tangga.csv
 *
 * The codebook (JSON) is the one written definition of every indicator --
 * "persamaan persepsi": an id, an Indonesian label and description, the
 * unit (rumah tangga or jiwa), the level (household or person), its source
 * (a regulation, a BPS definition) and an expression in padu's subset of
 * SQL (lib/expr: SQLite's semantics, so sqlite3 gives the same answer).
 * Indicators may use the indicators before them, and the codebook's
 * parameters as ${name} (a poverty line per year, the m² per person of
 * unfit housing, the reference date for ages): values written once, in
 * the codebook, and overridable with --param.  A result is 1/0 for a
 * condition, a number or text for a value, empty for NULL.
 *
 * --where keeps only the rows where an expression is true (the others are
 * counted as classify_dropped); --describe writes the codebook as a
 * document (Markdown or HTML) instead of reading rows.
 *
 * Memory: one row, plus the codebook (streaming).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csvio.h"
#include "expr.h"
#include "padu.h"
#include "strmap.h"

#define SYNOPSIS "padu-classify [-hnV] [-D FORMAT] [-l LEVEL] " \
	"[-P NAME=VALUE]... [-r FILE] [-s FILE] [-w EXPR] -f CODEBOOK [FILE]..."

static struct {
	const char *codebook;	/* -f, --codebook FILE */
	const char *describe;	/* -D, --describe FORMAT: md or html */
	const char *level;	/* -l, --level LEVEL: only its indicators */
	int check;		/* -n, --check: load and stop */
	char **param;		/* -P, --param NAME=VALUE */
	size_t nparam;
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
	const char *where;	/* -w, --where EXPR */
} opt;

struct param {
	char *name;		/* ${name} */
	char *value;		/* as SQL text: 533141 or 'text' */
	char *label;		/* for --describe */
	int overridden;		/* by --param */
};

struct indicator {
	char *id;		/* the output column */
	char *label;		/* Indonesian label */
	char *description;
	char *unit;		/* rumah tangga, jiwa */
	char *level;		/* household, person */
	char *source;		/* regulation or definition */
	char *text;		/* the expression as written */
	char *sql;		/* ... with the parameters put in */
	expr *e;		/* compiled */
	int on;			/* evaluated (its level is wanted) */
};

static struct {
	char *id, *title, *version, *description, *source;
	struct param *param;
	size_t nparam;
	struct indicator *ind;
	size_t nind;
} cb;

static cfg *vocab;		/* the vocabulary, for column affinities */
static struct padu_run run;
static csvio_writer *wout;
static struct buf scratch;

static void noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
{
	char *where = cfg_where(c, n), tmp[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	die(PADU_EXIT_USAGE, "%s: %s", where, tmp);
}

static char *
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
	return xstrdup(cfg_string(n));
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

static int
snake(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

/* A parameter's value as SQL: a number as it is, text quoted. */
static char *
sql_value(const char *v, int number)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (number) {
		buf_adds(&b, v);
		return b.p;
	}
	buf_addc(&b, '\'');
	for (p = v; *p; p++) {
		if (*p == '\'')
			buf_addc(&b, '\'');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\'');
	return b.p;
}

static int
looks_numeric(const char *s)
{
	char *end;

	if (*s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

static struct param *
param_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < cb.nparam; i++)
		if (strlen(cb.param[i].name) == n &&
		    memcmp(cb.param[i].name, name, n) == 0)
			return &cb.param[i];
	return NULL;
}

/* Put the parameters into an expression: ${name} → its SQL value. */
static char *
substitute(cfg *c, cfg_node *at, const char *id, const char *text)
{
	struct buf b = BUF_INIT;
	const char *p = text, *q;

	while ((q = strstr(p, "${")) != NULL) {
		const char *end = strchr(q, '}');
		struct param *pm;
		buf_add(&b, p, (size_t)(q - p));
		if (end == NULL)
			noreturn_cfg(c, at, "indicator '%s': '${' at offset %zu "
			    "is not closed", id, (size_t)(q - text));
		if ((pm = param_find(q + 2, (size_t)(end - q - 2))) == NULL)
			noreturn_cfg(c, at, "indicator '%s': unknown parameter "
			    "'%.*s' at offset %zu", id, (int)(end - q - 2), q + 2,
			    (size_t)(q - text));
		buf_adds(&b, pm->value);
		p = end + 1;
	}
	buf_adds(&b, p);
	return b.p;
}

/* The affinity of a column, from the vocabulary's field type. */
static enum expr_affinity
affinity(const char *name)
{
	cfg_node *fields = vocab ? cfg_get(cfg_root(vocab), "fields") : NULL;
	size_t i;

	if (strcmp(name, "_row") == 0 || strcmp(name, "_n") == 0)
		return EXPR_AFF_INTEGER;
	for (i = 0; fields && i < cfg_size(fields); i++) {
		cfg_node *f = cfg_at(fields, i), *nm = cfg_get(f, "name"),
		    *ty = cfg_get(f, "type");
		const char *t;
		if (nm == NULL || cfg_type(nm) != CFG_STRING ||
		    strcmp(cfg_string(nm), name) != 0)
			continue;
		t = ty && cfg_type(ty) == CFG_STRING ? cfg_string(ty) : "string";
		if (strcmp(t, "integer") == 0)
			return EXPR_AFF_INTEGER;
		if (strcmp(t, "number") == 0)
			return EXPR_AFF_REAL;
		return EXPR_AFF_TEXT;
	}
	return name[0] == '_' ? EXPR_AFF_TEXT : EXPR_AFF_NUMERIC;
}

static void
load_codebook(const char *path)
{
	static const char *const known[] = { "padu_codebook", "id", "title",
		"version", "description", "source", "vocabulary", "parameters",
		"indicators", NULL };
	static const char *const ind_known[] = { "id", "label", "description",
		"unit", "level", "expr", "source", NULL };
	static const char *const par_known[] = { "value", "label",
		"description", "source", NULL };
	cfg_node *root, *v, *inds;
	char *err, *vp;
	size_t i, j;
	cfg *c;

	if ((c = cfg_load(path, &err)) == NULL)
		die(PADU_EXIT_USAGE, "codebook %s", err);
	root = cfg_root(c);
	if (cfg_type(root) != CFG_OBJECT)
		noreturn_cfg(c, root, "a codebook is a JSON object");
	check_members(c, root, "the codebook", known);
	if ((v = cfg_get(root, "padu_codebook")) == NULL ||
	    cfg_type(v) != CFG_INTEGER || cfg_integer(v) != 1)
		noreturn_cfg(c, v ? v : root, "'padu_codebook' must be 1 (the "
		    "codebook format version)");
	cb.id = want_string(c, root, "id", 1);
	cb.version = want_string(c, root, "version", 1);
	cb.title = want_string(c, root, "title", 0);
	cb.description = want_string(c, root, "description", 0);
	cb.source = want_string(c, root, "source", 0);
	if ((vp = want_string(c, root, "vocabulary", 0)) != NULL) {
		const char *slash = strrchr(path, '/');
		buf_reset(&scratch);
		if (vp[0] != '/' && slash)
			buf_add(&scratch, path, (size_t)(slash - path + 1));
		buf_adds(&scratch, vp);
		if ((vocab = cfg_load(scratch.p, &err)) == NULL)
			die(PADU_EXIT_USAGE, "vocabulary %s", err);
		free(vp);
	}
	if ((v = cfg_get(root, "parameters")) != NULL) {
		if (cfg_type(v) != CFG_OBJECT)
			noreturn_cfg(c, v, "'parameters' is an object of name → "
			    "{\"value\": ..., \"label\": ...}");
		cb.param = xcalloc(cfg_size(v) + 1, sizeof *cb.param);
		for (void *it = cfg_iter(v); it; it = cfg_next(v, it)) {
			cfg_node *p = cfg_iter_value(it), *val;
			struct param *pm = &cb.param[cb.nparam++];
			pm->name = xstrdup(cfg_iter_key(it));
			if (!snake(pm->name))
				noreturn_cfg(c, p, "parameter '%s' must be "
				    "snake_case", pm->name);
			if (cfg_type(p) != CFG_OBJECT)
				noreturn_cfg(c, p, "parameter '%s' is "
				    "{\"value\": ..., \"label\": ...}", pm->name);
			check_members(c, p, "a parameter", par_known);
			val = cfg_get(p, "value");
			if (val == NULL)
				noreturn_cfg(c, p, "parameter '%s' needs a "
				    "'value'", pm->name);
			if (cfg_type(val) == CFG_STRING)
				pm->value = sql_value(cfg_string(val), 0);
			else if (cfg_type(val) == CFG_INTEGER ||
			    cfg_type(val) == CFG_REAL) {
				struct buf b = BUF_INIT;
				cfg_dump(val, &b);
				pm->value = b.p;
			} else
				noreturn_cfg(c, val, "a parameter's value is a "
				    "number or a string");
			pm->label = want_string(c, p, "label", 1);
		}
	}
	/* --param NAME=VALUE overrides. */
	for (i = 0; i < opt.nparam; i++) {
		char *eq = strchr(opt.param[i], '=');
		struct param *pm;
		if (eq == NULL || eq == opt.param[i])
			die(PADU_EXIT_USAGE, "--param: '%s' is not NAME=VALUE",
			    opt.param[i]);
		if ((pm = param_find(opt.param[i], (size_t)(eq -
		    opt.param[i]))) == NULL)
			die(PADU_EXIT_USAGE, "--param: the codebook has no "
			    "parameter '%.*s'", (int)(eq - opt.param[i]),
			    opt.param[i]);
		free(pm->value);
		pm->value = sql_value(eq + 1, looks_numeric(eq + 1));
		pm->overridden = 1;
	}
	inds = cfg_get(root, "indicators");
	if (inds == NULL || cfg_type(inds) != CFG_ARRAY || cfg_size(inds) == 0)
		noreturn_cfg(c, inds ? inds : root, "'indicators' must be a "
		    "non-empty list");
	cb.nind = cfg_size(inds);
	cb.ind = xcalloc(cb.nind, sizeof *cb.ind);
	for (i = 0; i < cb.nind; i++) {
		cfg_node *n = cfg_at(inds, i);
		struct indicator *d = &cb.ind[i];
		if (cfg_type(n) != CFG_OBJECT)
			noreturn_cfg(c, n, "an indicator is an object");
		check_members(c, n, "an indicator", ind_known);
		d->id = want_string(c, n, "id", 1);
		if (!snake(d->id))
			noreturn_cfg(c, cfg_get(n, "id"), "indicator id '%s' must "
			    "be snake_case", d->id);
		for (j = 0; j < i; j++)
			if (strcmp(cb.ind[j].id, d->id) == 0)
				noreturn_cfg(c, cfg_get(n, "id"), "indicator "
				    "'%s' is defined twice", d->id);
		d->label = want_string(c, n, "label", 1);
		d->description = want_string(c, n, "description", 0);
		d->unit = want_string(c, n, "unit", 1);
		d->level = want_string(c, n, "level", 1);
		if (strcmp(d->level, "household") != 0 &&
		    strcmp(d->level, "person") != 0)
			noreturn_cfg(c, cfg_get(n, "level"), "'level' is "
			    "\"household\" or \"person\"");
		d->source = want_string(c, n, "source", 1);
		d->text = want_string(c, n, "expr", 1);
		d->sql = substitute(c, cfg_get(n, "expr"), d->id, d->text);
		d->on = opt.level == NULL || strcmp(opt.level, d->level) == 0;
	}
	cfg_free(c);
}

/*
 * Compile the indicators against the stream's columns and the indicators
 * before each; an error names the codebook, the indicator, the offset and
 * the token.
 */
static void
compile_all(char **head, size_t nhead, size_t *ncol)
{
	/* Static, so that they stay reachable when die() exits. */
	static const char **names;
	static enum expr_affinity *aff;
	static char *refdate;
	struct expr_columns cols;
	struct expr_error err;
	struct param *ref = param_find("ref_date", 8);
	size_t i, n = nhead;

	names = xcalloc(nhead + cb.nind + 1, sizeof *names);
	aff = xcalloc(nhead + cb.nind + 1, sizeof *aff);
	refdate = NULL;

	if (ref && ref->value[0] == '\'') {
		refdate = xstrdup(ref->value + 1);
		refdate[strlen(refdate) - 1] = '\0';
	}
	for (i = 0; i < nhead; i++) {
		names[i] = head[i];
		aff[i] = affinity(head[i]);
	}
	for (i = 0; i < cb.nind; i++) {
		struct indicator *d = &cb.ind[i];
		size_t k;
		if (!d->on)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(names[k], d->id) == 0)
				die(PADU_EXIT_USAGE, "%s: indicator '%s': the "
				    "stream already has a column '%s'",
				    opt.codebook, d->id, d->id);
		cols.name = names;
		cols.aff = aff;
		cols.n = n;
		if ((d->e = expr_compile(d->sql, strlen(d->sql), &cols, refdate,
		    &err)) == NULL) {
			/* The expression and a caret, when it fits a line. */
			if (strlen(d->sql) <= 160)
				die(PADU_EXIT_USAGE, "%s: indicator '%s': column "
				    "%zu: %s\n    %s\n    %*s^", opt.codebook,
				    d->id, err.offset + 1, err.msg, d->sql,
				    (int)err.offset, "");
			die(PADU_EXIT_USAGE, "%s: indicator '%s': column %zu: %s",
			    opt.codebook, d->id, err.offset + 1, err.msg);
		}
		names[n] = d->id;
		aff[n++] = EXPR_AFF_NUMERIC;
	}
	*ncol = n;
	free(names);
	free(aff);
	free(refdate);
	names = NULL;
	aff = NULL;
	refdate = NULL;
}

/* Write s for a document: HTML-escaped, or as it is for Markdown. */
static void
put(int html, const char *s)
{
	for (; s && *s; s++) {
		if (html && *s == '<')
			fputs("&lt;", stdout);
		else if (html && *s == '>')
			fputs("&gt;", stdout);
		else if (html && *s == '&')
			fputs("&amp;", stdout);
		else if (!html && *s == '|')
			fputs("\\|", stdout);
		else
			putchar(*s);
	}
}

/* --describe: the codebook as a document for the Rakor (in Indonesian). */
static void
describe(int html)
{
	const char *title = cb.title ? cb.title : cb.id;
	size_t i;

	if (html) {
		fputs("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<title>", stdout);
		put(1, title);
		fputs("</title>\n<style>body{font-family:sans-serif;"
		    "max-width:60em;margin:auto;padding:1em}table{border-"
		    "collapse:collapse;margin-bottom:1em}td,th{border:1px solid "
		    "#999;padding:4px;text-align:left;vertical-align:top}code{"
		    "white-space:pre-wrap}</style>\n</head>\n<body>\n<h1>",
		    stdout);
		put(1, title);
		printf("</h1>\n<p>Buku kode <b>");
		put(1, cb.id);
		printf("</b>, versi <b>");
		put(1, cb.version);
		printf("</b>.</p>\n");
		if (cb.description) {
			printf("<p>");
			put(1, cb.description);
			printf("</p>\n");
		}
	} else {
		printf("# %s\n\nBuku kode **%s**, versi **%s**.\n\n", title,
		    cb.id, cb.version);
		if (cb.description)
			printf("%s\n\n", cb.description);
	}
	if (cb.nparam) {
		printf(html ? "<h2>Parameter</h2>\n<table>\n<tr><th>Nama</th>"
		    "<th>Nilai</th><th>Keterangan</th></tr>\n" :
		    "## Parameter\n\n| Nama | Nilai | Keterangan |\n"
		    "|---|---|---|\n");
		for (i = 0; i < cb.nparam; i++) {
			const struct param *pm = &cb.param[i];
			printf(html ? "<tr><td><code>" : "| `");
			put(html, pm->name);
			printf(html ? "</code></td><td>" : "` | ");
			put(html, pm->value);
			if (pm->overridden)
				printf(" (--param)");
			printf(html ? "</td><td>" : " | ");
			put(html, pm->label);
			printf(html ? "</td></tr>\n" : " |\n");
		}
		printf(html ? "</table>\n" : "\n");
	}
	printf(html ? "<h2>Indikator</h2>\n" : "## Indikator\n\n");
	for (i = 0; i < cb.nind; i++) {
		const struct indicator *d = &cb.ind[i];
		const char *lvl = strcmp(d->level, "household") == 0 ?
		    "rumah tangga" : "orang";
		static const char *const rows[] = { "Kode", "Satuan",
			"Tingkat", "Rumus", "Sumber" };
		const char *vals[5];
		size_t k;
		if (!d->on)
			continue;
		vals[0] = d->id;
		vals[1] = d->unit;
		vals[2] = lvl;
		vals[3] = d->text;
		vals[4] = d->source;
		if (html) {
			printf("<h3 id=\"%s\">", d->id);
			put(1, d->label);
			printf("</h3>\n<table>\n");
			for (k = 0; k < 5; k++) {
				printf("<tr><th>%s</th><td>%s", rows[k],
				    k == 0 || k == 3 ? "<code>" : "");
				put(1, vals[k]);
				printf("%s</td></tr>\n", k == 0 || k == 3 ?
				    "</code>" : "");
			}
			printf("</table>\n");
			if (d->description) {
				printf("<p>");
				put(1, d->description);
				printf("</p>\n");
			}
		} else {
			printf("### %s\n\n", d->label);
			for (k = 0; k < 5; k++)
				printf("- %s: %s%s%s\n", rows[k],
				    k == 0 || k == 3 ? "`" : "", vals[k],
				    k == 0 || k == 3 ? "`" : "");
			if (d->description)
				printf("\n%s\n", d->description);
			printf("\n");
		}
	}
	if (html)
		printf("</body>\n</html>\n");
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Evaluate the indicator codebook on every row: one column per\n"
	    "indicator (1/0 for a condition, a value, or empty for NULL).\n"
	    "\n"
	    "  -f, --codebook FILE   the indicator codebook (JSON); required\n"
	    "  -l, --level LEVEL     only the indicators of LEVEL (household,\n"
	    "                        person)\n"
	    "  -P, --param NAME=VALUE  set a codebook parameter (repeatable)\n"
	    "  -w, --where EXPR      keep only the rows where EXPR is true\n"
	    "  -D, --describe FORMAT write the codebook as a document (md, html)\n"
	    "                        and read no rows\n"
	    "  -n, --check           load and check the codebook, read no rows\n"
	    "  -r, --rejects FILE    write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE      append the run's statistics to FILE (JSON)\n"
	    "  -h, --help            show this help and exit\n"
	    "  -V, --version         show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Exit status:\n"
	    "0 done; 1 failed (rejected rows without --rejects, I/O); 2 bad\n"
	    "usage or codebook.  See padu-classify(1), padu(7).\n", SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'n' },
		{ "codebook", required_argument, NULL, 'f' },
		{ "describe", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "level", required_argument, NULL, 'l' },
		{ "param", required_argument, NULL, 'P' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "where", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct csvio_rec rec;
	char **paths, **head = NULL, **f = NULL, (*vbuf)[64] = NULL;
	struct buf *tbuf = NULL;
	size_t i, nhead = 0, ncol = 0, nx = 0, *len = NULL;
	long src_col = -1, row_col = -1;
	expr *where = NULL;
	unsigned long long limit_warned = 0;
	int c, n, in, rc, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":D:P:Vf:hl:nr:s:w:", longopts,
	    NULL)) != -1)
		switch (c) {
		case 'D':
			if (strcmp(optarg, "md") != 0 &&
			    strcmp(optarg, "html") != 0)
				die(PADU_EXIT_USAGE, "--describe: '%s' is not md "
				    "or html", optarg);
			opt.describe = optarg;
			break;
		case 'P':
			opt.param = xrealloc(opt.param, (opt.nparam + 1) *
			    sizeof *opt.param);
			opt.param[opt.nparam++] = optarg;
			break;
		case 'V':
			printf("padu-classify %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'f':
			opt.codebook = optarg;
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'l':
			if (strcmp(optarg, "household") != 0 &&
			    strcmp(optarg, "person") != 0)
				die(PADU_EXIT_USAGE, "--level: '%s' is not "
				    "household or person", optarg);
			opt.level = optarg;
			break;
		case 'n':
			opt.check = 1;
			break;
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		case 'w':
			opt.where = optarg;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	if (opt.codebook == NULL) {
		warn("no codebook: say -f CODEBOOK");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	paths = padu_operands(argc - optind, argv + optind, &n);
	load_codebook(opt.codebook);
	if (opt.describe) {
		describe(strcmp(opt.describe, "html") == 0);
		return padu_close_stdout();
	}
	if (opt.check) {
		/* Compile against the vocabulary's columns. */
		cfg_node *fields = vocab ? cfg_get(cfg_root(vocab), "fields") :
		    NULL;
		size_t nf = fields ? cfg_size(fields) : 0;
		char **names = xcalloc(nf + 1, sizeof *names);
		for (i = 0; i < nf; i++)
			names[i] = (char *)cfg_string(cfg_get(cfg_at(fields, i),
			    "name"));
		compile_all(names, nf, &ncol);
		free(names);
		return padu_close_stdout();
	}

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
		if (head == NULL) {
			struct expr_error err;
			nhead = rec.n;
			head = xcalloc(nhead, sizeof *head);
			for (i = 0; i < nhead; i++) {
				head[i] = xstrdup(rec.f[i]);
				if (strcmp(head[i], "_src") == 0)
					src_col = (long)i;
				if (strcmp(head[i], "_row") == 0)
					row_col = (long)i;
			}
			/* Vocabulary columns the stream lacks are NULL. */
			nx = 0;
			{
				cfg_node *fl = vocab ? cfg_get(cfg_root(vocab),
				    "fields") : NULL;
				size_t j, nf = fl ? cfg_size(fl) : 0;
				head = xrealloc(head, (nhead + nf + 1) *
				    sizeof *head);
				for (j = 0; j < nf; j++) {
					cfg_node *nm = cfg_get(cfg_at(fl, j), "name");
					size_t k2;
					if (nm == NULL || cfg_type(nm) != CFG_STRING)
						continue;
					for (k2 = 0; k2 < nhead + nx; k2++)
						if (strcmp(head[k2],
						    cfg_string(nm)) == 0)
							break;
					if (k2 == nhead + nx)
						head[nhead + nx++] =
						    xstrdup(cfg_string(nm));
				}
			}
			compile_all(head, nhead + nx, &ncol);
			if (opt.where) {
				const char **names = xcalloc(ncol + 1,
				    sizeof *names);
				enum expr_affinity *aff = xcalloc(ncol + 1,
				    sizeof *aff);
				struct expr_columns cols;
				size_t k = 0;
				for (i = 0; i < nhead + nx; i++, k++) {
					names[k] = head[i];
					aff[k] = affinity(head[i]);
				}
				for (i = 0; i < cb.nind; i++)
					if (cb.ind[i].on) {
						names[k] = cb.ind[i].id;
						aff[k++] = EXPR_AFF_NUMERIC;
					}
				cols.name = names;
				cols.aff = aff;
				cols.n = k;
				where = expr_compile(opt.where, strlen(opt.where),
				    &cols, NULL, &err);
				free(names);
				free(aff);
				if (where == NULL)
					die(PADU_EXIT_USAGE, "--where: column "
					    "%zu: %s", err.offset + 1, err.msg);
			}
			f = xcalloc(ncol, sizeof *f);
			len = xcalloc(ncol, sizeof *len);
			for (i = nhead; i < nhead + nx; i++) {
				f[i] = "";
				len[i] = 0;
			}
			vbuf = xcalloc(ncol, sizeof *vbuf);
			tbuf = xcalloc(ncol, sizeof *tbuf);
			for (i = 0; i < ncol; i++)
				buf_reserve(&tbuf[i], 64);
			buf_reset(&scratch);
			for (i = 0; i < nhead; i++) {
				if (i)
					buf_addc(&scratch, ',');
				csvio_encode_field(&scratch, head[i],
				    strlen(head[i]), 0);
			}
			for (i = 0; i < cb.nind; i++)
				if (cb.ind[i].on)
					buf_printf(&scratch, ",%s", cb.ind[i].id);
			buf_addc(&scratch, '\n');
			if (csvio_write_raw(wout, scratch.p, scratch.len) < 0)
				padu_write_error();
		} else {
			int same = rec.n == nhead;
			for (i = 0; same && i < nhead; i++)
				same = strcmp(rec.f[i], head[i]) == 0;
			if (!same)
				die(PADU_EXIT_FAIL, "%s: header differs from the "
				    "first input's; join the inputs with padu-cat "
				    "first", name);
		}
		while ((rc = csvio_read(rd, &rec)) != CSVIO_EOF) {
			size_t k;
			if (rc == CSVIO_ERR)
				die(PADU_EXIT_FAIL, "%s: %s", name,
				    csvio_strerror(rd));
			run.in++;
			padu_progress(&run, csvio_bytes(rd));
			if (rc == CSVIO_BAD || rec.n != nhead) {
				buf_reset(&scratch);
				if (rc == CSVIO_BAD)
					buf_adds(&scratch, rec.bad);
				else
					buf_printf(&scratch, "ragged row: %zu "
					    "field%s, the header has %zu", rec.n,
					    rec.n == 1 ? "" : "s", nhead);
				padu_reject_stream(&run, name, &rec, src_col,
				    row_col, scratch.p);
				continue;
			}
			for (i = 0; i < nhead; i++) {
				f[i] = rec.f[i];
				len[i] = rec.len[i];
			}
			for (i = 0, k = nhead + nx; i < cb.nind; i++) {
				struct expr_value v;
				const char *t;
				size_t tn;
				if (!cb.ind[i].on)
					continue;
				if (expr_eval(cb.ind[i].e, f, len, &v) < 0) {
					if (limit_warned++ < 10)
						warn("%s:%llu: indicator '%s': a "
						    "regexp hit its match limit; "
						    "the value is NULL", name,
						    rec.num, cb.ind[i].id);
					padu_flag(&run, "classify_regex_limit");
				}
				t = expr_text(&v, vbuf[k], &tn);
				/* Text may live in the expression's scratch:
				 * keep a copy for later indicators and the
				 * output. */
				buf_reset(&tbuf[k]);
				if (buf_add(&tbuf[k], t, tn) < 0)
					die(PADU_EXIT_FAIL, "out of memory");
				f[k] = tbuf[k].p;
				len[k++] = tn;
			}
			if (where) {
				struct expr_value w;
				int keep = expr_eval(where, f, len, &w) == 0 &&
				    expr_true(&w);
				if (!keep) {
					padu_flag(&run, "classify_dropped");
					continue;
				}
			}
			/* The row's own fields as they were read (runs of
			 * plain fields copied at once), then the indicators. */
			if (csvio_write_read_more(wout, rd, &rec, f + nhead + nx,
			    len + nhead + nx, ncol - nhead - nx) < 0)
				padu_write_error();
			run.out++;
		}
		csvio_close(rd);
	}
	if (csvio_writer_free(wout) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	for (i = 0; head != NULL && i < nhead + nx; i++)
		free(head[i]);
	for (i = 0; tbuf != NULL && i < ncol; i++)
		buf_free(&tbuf[i]);
	free(head);
	free(tbuf);
	free(vbuf);
	free(f);
	free(len);
	expr_free(where);
	return status | padu_close_stdout();
}
