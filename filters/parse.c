/* SPDX-License-Identifier: MIT */
/*
 * padu-parse: raw exports into the canonical stream.
 *
 *   padu-parse -p dtks DTKS.txt -p p3ke-keluarga P3KE.xlsx > mentah.csv
 *
 * Each input is read in its own dialect: CSV with any delimiter, quote,
 * encoding (UTF-8, Windows-1252, Latin-1), BOM and line ends; JSON (one
 * array of objects, or JSON Lines); or an XLSX sheet.  A source profile
 * (JSON) says how a kind of export is spelled: its dialect, the aliases of
 * every canonical column, the columns to drop, and the source id written
 * to _src.  Without a profile the dialect is sniffed and the headers are
 * kept, in snake_case.  Every output row starts with _src and _row (the
 * record number in the raw file, header = 0); the other columns are the
 * union of all inputs' canonical columns, in first-seen order.  Rows with
 * structural faults (ragged, malformed quoting, unterminated quote, a field
 * over --max-field, undecodable bytes, NUL bytes) are rejected.
 * CSV is read straight from its file or pipe: the first 256 KiB are read
 * to sniff it and handed to the reader, which converts Windows-1252 and
 * Latin-1 to UTF-8 as it reads.  Memory: one row per input, plus the
 * headers; only JSON and XLSX read from a pipe go through a temporary
 * file (JSON is read twice, since its columns are known only at its end;
 * XLSX is a zip archive).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "csvio.h"
#include "padu.h"
#include "sniff.h"
#include "strmap.h"
#include "utf8.h"
#include "xlsx.h"

#define SYNOPSIS "padu-parse [-HhnV] [-d DELIM] [-e ENC] [-f FORMAT] " \
	"[-m BYTES] [-P DIR] [-p PROFILE] [-q QUOTE] [-r FILE] [-S ID] " \
	"[-s FILE] [-t SHEET] [FILE]..."

#ifndef PADU_PROFILE_DIR
#define PADU_PROFILE_DIR "/usr/local/share/padu/profiles"
#endif

enum format { FMT_AUTO, FMT_CSV, FMT_JSON, FMT_XLSX };
enum unknown { UNKNOWN_KEEP, UNKNOWN_DROP };
enum encoding {		/* the reader's, csvio_set_encoding */
	ENC_UTF8 = CSVIO_ENC_UTF8, ENC_CP1252 = CSVIO_ENC_CP1252,
	ENC_LATIN1 = CSVIO_ENC_LATIN1
};

/* A source profile: how one kind of export is spelled. */
struct profile {
	char *id;		/* written to _src */
	char *path;		/* the file it came from */
	enum format format;	/* "format", FMT_AUTO when absent */
	int delim;		/* "delimiter", 0 when absent (sniff) */
	int quote;		/* "quote", 0 when absent */
	int encoding;		/* "encoding", -1 when absent (auto) */
	char *sheet;		/* "sheet" (XLSX), or NULL */
	int header;		/* "header": 1 (the default), 0 none */
	strmap *alias;		/* key of an alias → index in canon */
	char **canon;		/* canonical column names, profile order */
	char **aliases;		/* their aliases, for messages */
	size_t ncanon;
	strmap *drop;		/* keys of the columns to drop */
	size_t *required;	/* indexes into canon */
	size_t nrequired;
	enum unknown unknown;	/* what to do with other columns */
};

/* What applies to an input: set by the options before it. */
struct settings {
	struct profile *profile;	/* -p, or NULL */
	enum format format;		/* -f */
	int encoding;			/* -e, -1 = auto */
	int delim, quote;		/* -d, -q, 0 = from profile or sniff */
	const char *src;		/* -S */
	const char *sheet;		/* -t */
	int header;			/* -H 1, -n 0, -1 = profile or sniff */
};

struct input {
	const char *path;	/* operand */
	const char *name;	/* for messages */
	struct settings set;	/* its settings */
	enum format format;	/* resolved */
	const char *src;	/* its _src */
	char *own_src;		/* src when made from the file name */
	int encoding;		/* resolved (CSV) */
	int fd;			/* CSV: what csv reads after the peek, or -1 */
	csvio_reader *csv;	/* open reader (CSV) */
	xlsx *xl;		/* open workbook (XLSX) */
	char *spool;		/* JSON, XLSX from a pipe: the spooled copy */
	strmap *keys;		/* JSON: key → raw column */
	size_t ncol;		/* raw columns */
	char **raw;		/* raw header names (for messages) */
	long *map;		/* raw column → output column, -1 dropped */
	int headless;		/* no header: the first record is data */
	struct csvio_rec first;	/* headless: the first record, kept */
	int first_rc;		/* its csvio status, 0 when none */
};

static struct {
	const char *profile_dir;	/* -P, --profile-dir DIR */
	unsigned long long max_field;	/* -m, --max-field BYTES */
	const char *rejects;		/* -r, --rejects FILE */
	const char *stats;		/* -s, --stats FILE */
} opt;

static strmap *outcols;		/* output column → position */
static struct profile **profiles;	/* every profile loaded, to free */
static size_t nprofiles;
static struct padu_run run;
static csvio_writer *out;
static struct buf scratch;	/* per-row messages */

/* key: a name reduced for matching: lower-case ASCII letters and digits. */
static void
key(const char *s, size_t n, struct buf *k)
{
	char *f = xmalloc(n + 1);
	size_t i, m = utf8_fold(f, s, n, UTF8_FOLD_CASE | UTF8_FOLD_ACCENT);

	buf_reset(k);
	for (i = 0; i < m; i++)
		if ((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= '0' && f[i] <= '9'))
			buf_addc(k, f[i]);
	if (k->p == NULL)
		buf_reserve(k, 1);
	free(f);
}

/* snake: a raw header as a canonical-looking name (Nama Lengkap → nama_lengkap). */
static void
snake(const char *s, size_t n, struct buf *out_)
{
	char *f = xmalloc(n + 1);
	size_t i, m = utf8_fold(f, s, n, UTF8_FOLD_CASE | UTF8_FOLD_ACCENT);
	int gap = 0;

	buf_reset(out_);
	for (i = 0; i < m; i++) {
		int alnum = (f[i] >= 'a' && f[i] <= 'z') ||
		    (f[i] >= '0' && f[i] <= '9');
		if (!alnum) {
			gap = 1;
			continue;
		}
		if (gap && out_->len)
			buf_addc(out_, '_');
		gap = 0;
		buf_addc(out_, f[i]);
	}
	if (out_->p == NULL)
		buf_reserve(out_, 1);
	free(f);
}

static const struct {
	const char *name;	/* as written in profiles and -e */
	int enc;		/* csvio encoding */
} encodings[] = {
	{ "utf-8", ENC_UTF8 }, { "utf8", ENC_UTF8 },
	{ "windows-1252", ENC_CP1252 }, { "cp1252", ENC_CP1252 },
	{ "latin-1", ENC_LATIN1 }, { "latin1", ENC_LATIN1 },
	{ "iso-8859-1", ENC_LATIN1 }, { "auto", -1 },
};

static int
encoding_of(const char *s, int *enc)
{
	size_t i;

	for (i = 0; i < sizeof encodings / sizeof *encodings; i++)
		if (strcasecmp(s, encodings[i].name) == 0) {
			*enc = encodings[i].enc;
			return 0;
		}
	return -1;
}

static const char *
encoding_name(int enc)
{
	return enc == ENC_CP1252 ? "Windows-1252" :
	    enc == ENC_LATIN1 ? "Latin-1" : "UTF-8";
}

static int
format_of(const char *s, enum format *f)
{
	static const struct { const char *name; enum format f; } t[] = {
		{ "auto", FMT_AUTO }, { "csv", FMT_CSV }, { "json", FMT_JSON },
		{ "jsonl", FMT_JSON }, { "xlsx", FMT_XLSX },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (strcasecmp(s, t[i].name) == 0) {
			*f = t[i].f;
			return 0;
		}
	return -1;
}

/* A delimiter or quote given as one character, or "tab"/"\t". */
static int
char_of(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ||
	    strcmp(s, "\t") == 0)
		return '\t';
	if (strlen(s) == 1 && s[0] != '\n' && s[0] != '\r' && s[0] != '\0')
		return (unsigned char)s[0];
	return -1;
}

static void noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* Refuse a profile at the place of n: "file:line:column: reason", exit 2. */
static void
noreturn_cfg(cfg *c, cfg_node *n, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char *where = cfg_where(c, n);
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(&b, (size_t)len);
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	die(PADU_EXIT_USAGE, "%s: %s", where, b.p);
}

static const char *
want_string(cfg *c, cfg_node *obj, const char *member, int required)
{
	cfg_node *n = cfg_get(obj, member);

	if (n == NULL) {
		if (required)
			noreturn_cfg(c, obj, "the profile needs '%s'", member);
		return NULL;
	}
	if (cfg_type(n) != CFG_STRING || cfg_string_len(n) == 0)
		noreturn_cfg(c, n, "'%s' must be a non-empty string", member);
	return cfg_string(n);
}

static void
add_alias(struct profile *p, cfg *c, cfg_node *at, const char *alias,
    size_t canon, struct buf *k)
{
	int added;
	long i;

	key(alias, strlen(alias), k);
	if (k->len == 0)
		noreturn_cfg(c, at, "alias '%s' has no letters or digits", alias);
	if ((i = smap_put(p->alias, k->p, k->len, (long)canon, &added)) < 0)
		die(PADU_EXIT_FAIL, "out of memory");
	if (!added && (size_t)*smap_val(p->alias, (size_t)i) != canon)
		noreturn_cfg(c, at, "alias '%s' is given for both '%s' and '%s'",
		    alias, p->canon[*smap_val(p->alias, (size_t)i)],
		    p->canon[canon]);
}

/* Load and check a profile; every error is file:line:column, exit 2. */
static struct profile *
load_profile(const char *arg)
{
	struct profile *p = xcalloc(1, sizeof *p);
	struct buf path = BUF_INIT, k = BUF_INIT, b = BUF_INIT;
	cfg_node *root, *n, *cols, *v;
	const char *s, *dir;
	char *err;
	size_t i, j;
	void *it;
	cfg *c;

	if (strchr(arg, '/') || strstr(arg, ".json")) {
		buf_adds(&path, arg);
	} else {
		dir = opt.profile_dir ? opt.profile_dir :
		    getenv("PADU_PROFILE_DIR") ? getenv("PADU_PROFILE_DIR") :
		    PADU_PROFILE_DIR;
		buf_printf(&path, "%s/%s.json", dir, arg);
	}
	if ((c = cfg_load(path.p, &err)) == NULL)
		die(PADU_EXIT_USAGE, "profile %s", err);
	p->path = path.p;
	root = cfg_root(c);
	if (cfg_type(root) != CFG_OBJECT)
		noreturn_cfg(c, root, "a profile is a JSON object");
	p->id = xstrdup(want_string(c, root, "id", 1));
	p->format = FMT_AUTO;
	if ((s = want_string(c, root, "format", 0)) && format_of(s, &p->format))
		noreturn_cfg(c, cfg_get(root, "format"), "unknown format '%s' "
		    "(csv, json, jsonl, xlsx)", s);
	p->encoding = -1;
	if ((s = want_string(c, root, "encoding", 0)) &&
	    encoding_of(s, &p->encoding))
		noreturn_cfg(c, cfg_get(root, "encoding"), "unknown encoding "
		    "'%s' (utf-8, windows-1252, latin-1, auto)", s);
	if ((s = want_string(c, root, "delimiter", 0)) &&
	    (p->delim = char_of(s)) < 0)
		noreturn_cfg(c, cfg_get(root, "delimiter"), "a delimiter is "
		    "one character or \"tab\"");
	if ((s = want_string(c, root, "quote", 0)) &&
	    ((p->quote = char_of(s)) < 0 || p->quote == p->delim))
		noreturn_cfg(c, cfg_get(root, "quote"), "a quote is one "
		    "character, other than the delimiter");
	if ((s = want_string(c, root, "sheet", 0)))
		p->sheet = xstrdup(s);
	p->header = 1;
	if ((v = cfg_get(root, "header")) != NULL) {
		if (cfg_type(v) != CFG_TRUE && cfg_type(v) != CFG_FALSE)
			noreturn_cfg(c, v, "'header' is true or false");
		p->header = cfg_bool(v);
	}
	if ((s = want_string(c, root, "unknown", 0))) {
		if (strcmp(s, "keep") == 0)
			p->unknown = UNKNOWN_KEEP;
		else if (strcmp(s, "drop") == 0)
			p->unknown = UNKNOWN_DROP;
		else
			noreturn_cfg(c, cfg_get(root, "unknown"), "'unknown' is "
			    "\"keep\" or \"drop\"");
	}
	if ((p->alias = smap_new()) == NULL || (p->drop = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");

	cols = cfg_get(root, "columns");
	if (cols == NULL || cfg_type(cols) != CFG_OBJECT)
		noreturn_cfg(c, cols ? cols : root, "'columns' must be an object "
		    "of canonical name → list of aliases");
	p->ncanon = cfg_size(cols);
	p->canon = xcalloc(p->ncanon, sizeof *p->canon);
	p->aliases = xcalloc(p->ncanon, sizeof *p->aliases);
	for (i = 0, it = cfg_iter(cols); it; it = cfg_next(cols, it), i++) {
		const char *name = cfg_iter_key(it);
		v = cfg_iter_value(it);
		snake(name, strlen(name), &b);
		if (strcmp(b.p, name) != 0)
			noreturn_cfg(c, v, "canonical name '%s' is not "
			    "snake_case (say '%s')", name, b.p);
		p->canon[i] = xstrdup(name);
		if (cfg_type(v) != CFG_ARRAY)
			noreturn_cfg(c, v, "the aliases of '%s' must be an array "
			    "of strings", name);
		add_alias(p, c, v, name, i, &k);
		buf_reset(&b);
		buf_adds(&b, name);
		for (j = 0; j < cfg_size(v); j++) {
			n = cfg_at(v, j);
			if (cfg_type(n) != CFG_STRING)
				noreturn_cfg(c, n, "an alias must be a string");
			add_alias(p, c, n, cfg_string(n), i, &k);
			buf_printf(&b, ", %s", cfg_string(n));
		}
		p->aliases[i] = xstrdup(b.p);
	}
	if ((n = cfg_get(root, "drop")) != NULL) {
		if (cfg_type(n) != CFG_ARRAY)
			noreturn_cfg(c, n, "'drop' must be an array of strings");
		for (j = 0; j < cfg_size(n); j++) {
			v = cfg_at(n, j);
			if (cfg_type(v) != CFG_STRING)
				noreturn_cfg(c, v, "a column to drop is a string");
			key(cfg_string(v), cfg_string_len(v), &k);
			if (smap_find(p->alias, k.p, k.len) >= 0)
				noreturn_cfg(c, v, "'%s' is both dropped and an "
				    "alias", cfg_string(v));
			if (smap_put(p->drop, k.p, k.len, 0, NULL) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
		}
	}
	if ((n = cfg_get(root, "required")) != NULL) {
		if (cfg_type(n) != CFG_ARRAY)
			noreturn_cfg(c, n, "'required' must be an array of "
			    "canonical names");
		p->required = xcalloc(cfg_size(n), sizeof *p->required);
		for (j = 0; j < cfg_size(n); j++) {
			v = cfg_at(n, j);
			for (i = 0; i < p->ncanon; i++)
				if (cfg_string(v) && strcmp(cfg_string(v),
				    p->canon[i]) == 0)
					break;
			if (i == p->ncanon)
				noreturn_cfg(c, v, "required column is not in "
				    "'columns'");
			p->required[p->nrequired++] = i;
		}
	}
	for (it = cfg_iter(root); it; it = cfg_next(root, it)) {
		static const char *const known[] = { "id", "title",
			"description", "source", "format", "encoding",
			"delimiter", "quote", "sheet", "columns", "drop",
			"required", "unknown", "header", "padu_profile" };
		for (i = 0; i < sizeof known / sizeof *known; i++)
			if (strcmp(cfg_iter_key(it), known[i]) == 0)
				break;
		if (i == sizeof known / sizeof *known)
			noreturn_cfg(c, cfg_iter_value(it), "unknown member "
			    "'%s'", cfg_iter_key(it));
	}
	buf_free(&k);
	buf_free(&b);
	cfg_free(c);
	profiles = xrealloc(profiles, (nprofiles + 1) * sizeof *profiles);
	profiles[nprofiles++] = p;
	return p;
}

static void
free_profile(struct profile *p)
{
	size_t i;

	for (i = 0; i < p->ncanon; i++) {
		free(p->canon[i]);
		free(p->aliases[i]);
	}
	free(p->canon);
	free(p->aliases);
	free(p->required);
	smap_free(p->alias);
	smap_free(p->drop);
	free(p->id);
	free(p->path);
	free(p->sheet);
	free(p);
}

static enum format
guess_format(const char *path, const char *peek, size_t n)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot && (strcasecmp(dot, ".xlsx") == 0))
		return FMT_XLSX;
	if (dot && (strcasecmp(dot, ".json") == 0 ||
	    strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0))
		return FMT_JSON;
	if (n >= 4 && memcmp(peek, "PK\003\004", 4) == 0)
		return FMT_XLSX;
	i = n >= 3 && memcmp(peek, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (peek[i] == ' ' || peek[i] == '\t' || peek[i] == '\r' ||
	    peek[i] == '\n'))
		i++;
	if (i < n && (peek[i] == '[' || peek[i] == '{'))
		return FMT_JSON;
	return FMT_CSV;
}

/*
 * Whether the regular file open on fd is UTF-8 throughout: read once with
 * pread (the descriptor's offset stays where it is), 64 KiB at a time.
 */
static int
file_is_utf8(int fd)
{
	char buf[1 << 16];
	size_t have = 0, bad;
	off_t off = 0;
	ssize_t n;
	int ok = 1;

	while (ok && (n = pread(fd, buf + have, sizeof buf - have, off)) != 0) {
		size_t len, keep = 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;	/* the reading will say it */
		off += n;
		len = have + (size_t)n;
		if (!utf8_valid(buf, len, &bad)) {
			/* A character cut at the buffer's end: carry it over. */
			unsigned char c = (unsigned char)buf[bad];
			size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
			if (need && len - bad < need && utf8_valid(buf, bad, NULL))
				keep = len - bad;
			else
				ok = 0;
		}
		memmove(buf, buf + len - keep, keep);
		have = keep;
	}
	return ok && have == 0;
}

/* The spooled copy of standard input (one at most), removed at exit. */
static char *spooled;

static void
unlink_spooled(void)
{
	if (spooled)
		unlink(spooled);
}

/*
 * Spool standard input to a temporary file (unlinked when the input is
 * done): the n bytes at peek already read from fd, then the rest of fd
 * (none when fd is -1).  Returns its path.
 */
static char *
spool_stdin(int fd, const char *peek, size_t npeek)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct buf path = BUF_INIT;
	char buf[1 << 16];
	ssize_t n;
	int out_fd;

	buf_printf(&path, "%s/padu-parse.XXXXXX", tmp);
	if ((out_fd = mkstemp(path.p)) < 0)
		die(PADU_EXIT_FAIL, "cannot spool <stdin> to '%s':", path.p);
	spooled = path.p;
	atexit(unlink_spooled);
	if (npeek && write(out_fd, peek, npeek) != (ssize_t)npeek)
		die(PADU_EXIT_FAIL, "%s: write error:", path.p);
	while (fd >= 0 && (n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(PADU_EXIT_FAIL, "<stdin>: read error:");
		if (write(out_fd, buf, (size_t)n) != n)
			die(PADU_EXIT_FAIL, "%s: write error:", path.p);
	}
	if (close(out_fd) != 0)
		die(PADU_EXIT_FAIL, "%s: write error:", path.p);
	return path.p;
}

/*
 * Name the raw columns: blank names become col_N and repeated names get
 * _2, _3 (each with a warning); map them through the profile; check the
 * required columns; merge into the output columns.
 */
static void
map_header(struct input *in, char **names, const size_t *lens, size_t n)
{
	struct profile *p = in->set.profile;
	struct buf k = BUF_INIT, name = BUF_INIT, alt = BUF_INIT;
	strmap *seen = smap_new();
	char *found;
	size_t i, r;
	long j;
	int *have = p ? xcalloc(p->ncanon, sizeof *have) : NULL;

	in->ncol = n;
	in->raw = xcalloc(n ? n : 1, sizeof *in->raw);
	in->map = xcalloc(n ? n : 1, sizeof *in->map);
	for (i = 0; i < n; i++) {
		in->raw[i] = xstrdup(names[i]);
		key(names[i], lens[i], &k);
		buf_reset(&name);
		if (p && (j = smap_find(p->alias, k.p, k.len)) >= 0) {
			buf_adds(&name, p->canon[*smap_val(p->alias, (size_t)j)]);
			have[*smap_val(p->alias, (size_t)j)] = 1;
		} else if (p && k.len && (smap_find(p->drop, k.p, k.len) >= 0 ||
		    p->unknown == UNKNOWN_DROP)) {
			in->map[i] = -1;
			continue;
		} else {
			snake(names[i], lens[i], &name);
		}
		if (name.len == 0) {
			buf_printf(&name, "col_%zu", i + 1);
			warn("%s: header: column %zu has no name; calling it "
			    "'%s'", in->name, i + 1, name.p);
		}
		if (smap_find(seen, name.p, name.len) >= 0) {
			for (r = 2;; r++) {
				buf_reset(&alt);
				buf_printf(&alt, "%s_%zu", name.p, r);
				if (smap_find(seen, alt.p, alt.len) < 0)
					break;
			}
			warn("%s: header: column %zu repeats '%s'; calling it "
			    "'%s'", in->name, i + 1, name.p, alt.p);
			buf_reset(&name);
			buf_add(&name, alt.p, alt.len);
		}
		if (smap_put(seen, name.p, name.len, 0, NULL) < 0 ||
		    (j = smap_put(outcols, name.p, name.len,
		    (long)smap_count(outcols), NULL)) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		in->map[i] = *smap_val(outcols, (size_t)j);
	}
	for (r = 0; p && r < p->nrequired; r++) {
		if (have[p->required[r]])
			continue;
		buf_reset(&name);
		for (i = 0; i < n; i++)
			buf_printf(&name, "%s'%s'", i ? ", " : "", names[i]);
		found = name.p ? name.p : "nothing";
		smap_free(seen);	/* nothing of ours is lost at exit */
		free(have);
		die(PADU_EXIT_USAGE, "%s: header: profile '%s' expects "
		    "column '%s' (or: %s); found: %s", in->name, p->id,
		    p->canon[p->required[r]], p->aliases[p->required[r]], found);
	}
	free(have);
	smap_free(seen);
	buf_free(&k);
	buf_free(&name);
	buf_free(&alt);
}

/* The header must be text: a NUL or undecodable byte means binary data. */
static void
check_header(struct input *in, char **f, const size_t *len, size_t n)
{
	size_t i, bad;

	for (i = 0; i < n; i++)
		if (utf8_check(f[i], len[i], &bad) != UTF8_OK)
			die(PADU_EXIT_FAIL, "%s: header: column %zu is not text "
			    "in %s (binary data, or the wrong --encoding?)",
			    in->name, i + 1, encoding_name(in->encoding));
}

/*
 * The first bytes of the input open on fd (none when fd is -1), up to
 * cap, for sniffing; *eof says whether they are all of it.
 */
static size_t
sample(int fd, const char *name, char *buf, size_t cap, int *eof)
{
	size_t have = 0;
	ssize_t n;

	while (fd >= 0 && have < cap &&
	    (n = read(fd, buf + have, cap - have)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(PADU_EXIT_FAIL, "%s: read error:", name);
		have += (size_t)n;
	}
	*eof = have < cap;
	return have;
}

/*
 * No header: keep the first record (it is data, and comes out after the
 * stream's header is written) and name the columns kolom_1, kolom_2, ...
 */
static void
headless(struct input *in, int rc, const struct csvio_rec *rec)
{
	struct buf name = BUF_INIT;
	char **names = xcalloc(rec->n ? rec->n : 1, sizeof *names);
	size_t *lens = xcalloc(rec->n ? rec->n : 1, sizeof *lens), i;

	in->headless = 1;
	in->first_rc = rc;
	in->first.n = rec->n;
	in->first.num = rec->num;
	in->first.bad = rec->bad ? xstrdup(rec->bad) : NULL;
	in->first.ascii = 0;	/* the copy is checked in full */
	in->first.f = xcalloc(rec->n ? rec->n : 1, sizeof *in->first.f);
	in->first.len = xcalloc(rec->n ? rec->n : 1, sizeof *in->first.len);
	for (i = 0; i < rec->n; i++) {
		in->first.f[i] = xmalloc(rec->len[i] + 1);
		memcpy(in->first.f[i], rec->f[i], rec->len[i]);
		in->first.f[i][rec->len[i]] = '\0';
		in->first.len[i] = rec->len[i];
		buf_reset(&name);
		buf_printf(&name, "kolom_%zu", i + 1);
		names[i] = xstrdup(name.p);
		lens[i] = name.len;
	}
	map_header(in, names, lens, rec->n);
	for (i = 0; i < rec->n; i++)
		free(names[i]);
	free(names);
	free(lens);
	buf_free(&name);
}

/* Whether an input has a header: -H/-n, else its profile, else sniffed. */
static int
want_header(const struct input *in, int sniffed)
{
	if (in->set.header >= 0)
		return in->set.header;
	if (in->set.profile)
		return in->set.profile->header;
	if (!sniffed)
		warn("%s: the first row looks like data, not a header; the "
		    "columns are named kolom_1, kolom_2, ... (say --header to "
		    "read it as one)", in->name);
	return sniffed;
}

/*
 * CSV: the reader takes the sniffed peek and then reads on from in->fd.
 * With -e auto, a regular file is checked whole for UTF-8 first, a pipe by
 * its peek.
 */
static void
open_csv(struct input *in, const char *peek, size_t npeek, int eof)
{
	struct profile *p = in->set.profile;
	struct csvio_rec rec;
	struct sniff sn;
	struct stat st;
	int rc, enc;

	sniff_dialect(peek, npeek, eof, &sn);
	enc = in->set.encoding >= 0 ? in->set.encoding :
	    p && p->encoding >= 0 ? p->encoding : -1;
	if (enc < 0) {
		int utf8 = sn.utf8 && (in->fd < 0 || fstat(in->fd, &st) != 0 ||
		    !S_ISREG(st.st_mode) || file_is_utf8(in->fd));
		enc = utf8 ? ENC_UTF8 : ENC_CP1252;
		if (!utf8)
			warn("%s: not UTF-8; reading it as Windows-1252 (say "
			    "--encoding to choose)", in->name);
	}
	in->encoding = enc;
	in->csv = csvio_open_fd(in->fd, in->name, peek, npeek,
	    in->set.delim ? in->set.delim : p && p->delim ? p->delim : sn.delim,
	    in->set.quote ? in->set.quote : p && p->quote ? p->quote : sn.quote);
	if (in->csv == NULL)
		die(PADU_EXIT_FAIL, "%s:", in->name);
	if (csvio_set_encoding(in->csv, enc) < 0)
		die(PADU_EXIT_USAGE, "%s: to read %s, the delimiter and the "
		    "quote must be ASCII", in->name, encoding_name(enc));
	/* Memory: a row holds at most 16 fields at the limit. */
	csvio_set_max_record(in->csv, (size_t)opt.max_field * 16);
	rc = csvio_read(in->csv, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s: %s", in->name, csvio_strerror(in->csv));
	if (rc == CSVIO_EOF) {
		warn("%s: empty input (no header, no rows)", in->name);
		map_header(in, NULL, NULL, 0);
		return;
	}
	if (!want_header(in, sn.header)) {
		headless(in, rc, &rec);
		return;
	}
	if (rc == CSVIO_BAD)
		die(PADU_EXIT_FAIL, "%s: header: %s", in->name, rec.bad);
	check_header(in, rec.f, rec.len, rec.n);
	map_header(in, rec.f, rec.len, rec.n);
}

/*
 * Exit 1 with a library message about in; a spooled standard input is
 * named <stdin> there, not by its temporary copy.
 */
static void __attribute__((noreturn))
die_input(const struct input *in, const char *err)
{
	size_t n = in->spool ? strlen(in->spool) : 0;

	if (n && strncmp(err, in->spool, n) == 0)
		die(PADU_EXIT_FAIL, "%s%s", in->name, err + n);
	die(PADU_EXIT_FAIL, "%s", err);
}

static void
open_xlsx(struct input *in)
{
	struct profile *p = in->set.profile;
	const char *sheet = in->set.sheet ? in->set.sheet :
	    p && p->sheet ? p->sheet : NULL;
	struct csvio_rec rec;
	char *err;
	int rc;

	in->xl = xlsx_open(in->spool ? in->spool : in->path, sheet, &err);
	if (in->xl == NULL)
		die_input(in, err);
	in->encoding = ENC_UTF8;
	rc = xlsx_read(in->xl, &rec);
	if (rc == CSVIO_ERR)
		die(PADU_EXIT_FAIL, "%s", xlsx_strerror(in->xl));
	if (rc == CSVIO_EOF) {
		warn("%s: empty sheet (no header, no rows)", in->name);
		map_header(in, NULL, NULL, 0);
		return;
	}
	if (in->set.header == 0 || (in->set.header < 0 && p && !p->header)) {
		headless(in, rc, &rec);
		return;
	}
	check_header(in, rec.f, rec.len, rec.n);
	map_header(in, rec.f, rec.len, rec.n);
}

/* JSON: a first pass collects the keys, in first-seen order. */
static void
open_json(struct input *in)
{
	cfg_node *obj;
	cfg_stream *s;
	char *err, **names;
	size_t i, n, *lens;
	int rc;

	in->encoding = ENC_UTF8;
	if ((in->keys = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	if ((s = cfg_stream_open(in->spool ? in->spool : in->path, &err)) == NULL)
		die_input(in, err);
	while ((rc = cfg_stream_next(s, &obj, &err)) != 0) {
		if (rc < 0)
			die_input(in, err);
		if (rc == 2) {
			free(err);
			continue;	/* rejected in the second pass */
		}
		for (void *it = cfg_iter(obj); it; it = cfg_next(obj, it)) {
			const char *k = cfg_iter_key(it);
			if (smap_put(in->keys, k, strlen(k),
			    (long)smap_count(in->keys), NULL) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
		}
	}
	cfg_stream_close(s);
	n = smap_count(in->keys);
	names = xcalloc(n ? n : 1, sizeof *names);
	lens = xcalloc(n ? n : 1, sizeof *lens);
	for (i = 0; i < n; i++) {
		names[i] = (char *)smap_key(in->keys, i);
		lens[i] = smap_keylen(in->keys, i);
	}
	if (n == 0)
		warn("%s: no records (no columns)", in->name);
	check_header(in, names, lens, n);
	map_header(in, names, lens, n);
	free(names);
	free(lens);
}

static void
open_input(struct input *in)
{
	static char peekbuf[256 * 1024];
	static int stdin_taken;	/* an earlier "-" reads standard input */
	const char *peek = "";
	size_t npeek = 0;
	int eof = 1, std = strcmp(in->path, "-") == 0;

	in->name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
	in->src = in->set.src ? in->set.src : in->set.profile ?
	    in->set.profile->id : NULL;
	if (in->src == NULL) {
		/* The file's base name without its extension. */
		const char *b = strrchr(in->path, '/');
		char *s = xstrdup(b ? b + 1 : in->path), *dot = strrchr(s, '.');
		if (dot && dot != s)
			*dot = '\0';
		in->own_src = s;
		in->src = strcmp(in->path, "-") == 0 ? "stdin" : s;
	}
	in->format = in->set.format != FMT_AUTO ? in->set.format :
	    in->set.profile ? in->set.profile->format : FMT_AUTO;
	/*
	 * Peek at the input (standard input, or a file that may be CSV); a
	 * second "-" finds standard input taken, and empty.  CSV is then read
	 * on from the descriptor; JSON and XLSX from standard input are
	 * spooled, the peek first.
	 */
	in->fd = -1;
	if (std || in->format == FMT_AUTO || in->format == FMT_CSV) {
		if (std)
			in->fd = stdin_taken++ ? -1 : 0;
		else if ((in->fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0)
			die(PADU_EXIT_FAIL, "%s:", in->path);
		npeek = sample(in->fd, in->name, peekbuf, sizeof peekbuf, &eof);
		peek = peekbuf;
		if (in->format == FMT_AUTO)
			in->format = guess_format(in->path, peek, npeek);
	}
	if (in->format != FMT_CSV) {
		if (std)
			in->spool = spool_stdin(in->fd, peek, npeek);
		if (in->fd > 0)
			close(in->fd);
		in->fd = -1;
	}
	switch (in->format) {
	case FMT_CSV:
		open_csv(in, peek, npeek, eof);
		break;
	case FMT_XLSX:
		open_xlsx(in);
		break;
	case FMT_JSON:
		open_json(in);
		break;
	case FMT_AUTO:
		break;
	}
}

/*
 * Why a row of n fields cannot pass, or NULL.  ascii: the reader found
 * every byte ASCII and none NUL (csvio_rec.ascii), so no UTF-8 check.
 */
static const char *
check_row(const struct input *in, char **f, const size_t *len, size_t n,
    int ascii)
{
	size_t i, bad;

	buf_reset(&scratch);
	if (n != in->ncol) {
		buf_printf(&scratch, "ragged row: %zu field%s, the header has "
		    "%zu", n, n == 1 ? "" : "s", in->ncol);
		return scratch.p;
	}
	for (i = 0; i < n; i++) {
		if (len[i] > opt.max_field) {
			buf_printf(&scratch, "field '%s' is %zu bytes, over "
			    "--max-field %llu", in->raw[i], len[i], opt.max_field);
			return scratch.p;
		}
		if (ascii)
			continue;
		switch (utf8_check(f[i], len[i], &bad)) {
		case UTF8_OK:
			break;
		case UTF8_ENUL:
			buf_printf(&scratch, "NUL byte in field '%s'", in->raw[i]);
			return scratch.p;
		default:
			buf_printf(&scratch, "byte 0x%02X in field '%s' cannot be "
			    "decoded as %s", (unsigned char)f[i][bad], in->raw[i],
			    encoding_name(in->encoding));
			return scratch.p;
		}
	}
	return NULL;
}

static void
reject(const struct input *in, unsigned long long num, const char *reason,
    char **f, const size_t *len, size_t n)
{
	char row[32];

	snprintf(row, sizeof row, "%llu", num);
	padu_reject(&run, in->name, num, in->src, row, reason, f, len, n);
}

/* Write one row: _src, _row, then the mapped fields. */
static void
emit(const struct input *in, unsigned long long num, char **f,
    const size_t *len, size_t n, char **of, size_t *olen, size_t ncol)
{
	char row[32];
	size_t i;

	for (i = 0; i < ncol; i++) {
		of[i] = "";
		olen[i] = 0;
	}
	of[0] = (char *)in->src;
	olen[0] = strlen(in->src);
	olen[1] = (size_t)snprintf(row, sizeof row, "%llu", num);
	of[1] = row;
	for (i = 0; i < n; i++)
		if (in->map[i] >= 0) {
			of[in->map[i]] = f[i];
			olen[in->map[i]] = len[i];
		}
	if (csvio_write(out, of, olen, ncol) < 0)
		padu_write_error();
	run.out++;
}

static void
rows_tabular(struct input *in, char **of, size_t *olen, size_t ncol)
{
	struct csvio_rec rec;
	static struct {		/* static: reachable when die() exits */
		char **f;	/* a short XLSX row, padded */
		size_t *len;
	} pad;
	const char *why;
	int rc;

	pad.f = xcalloc(in->ncol ? in->ncol : 1, sizeof *pad.f);
	pad.len = xcalloc(in->ncol ? in->ncol : 1, sizeof *pad.len);
	for (;;) {
		if (in->first_rc) {
			rc = in->first_rc;
			rec = in->first;
			in->first_rc = 0;
		} else {
			rc = in->csv ? csvio_read(in->csv, &rec) :
			    xlsx_read(in->xl, &rec);
		}
		if (rc == CSVIO_EOF)
			break;
		/* Headless: records count from 1, as the header's would. */
		rec.num += (unsigned long long)in->headless;
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", in->name, in->csv ?
			    csvio_strerror(in->csv) : xlsx_strerror(in->xl));
		run.in++;
		padu_progress(&run, in->csv ? csvio_bytes(in->csv) : 0);
		/* XLSX leaves trailing empty cells out: pad the row. */
		if (in->xl && rec.n < in->ncol) {
			size_t i;
			for (i = 0; i < rec.n; i++) {
				pad.f[i] = rec.f[i];
				pad.len[i] = rec.len[i];
			}
			for (; i < in->ncol; i++) {
				pad.f[i] = "";
				pad.len[i] = 0;
			}
			rec.f = pad.f;
			rec.len = pad.len;
			rec.n = in->ncol;
		}
		if (rc == CSVIO_BAD)
			why = rec.bad;
		else
			why = check_row(in, rec.f, rec.len, rec.n,
			    in->csv != NULL && rec.ascii);
		if (why)
			reject(in, rec.num, why, rec.f, rec.len, rec.n);
		else
			emit(in, rec.num, rec.f, rec.len, rec.n, of, olen, ncol);
	}
	free(pad.f);
	free(pad.len);
}

static void
rows_json(struct input *in, char **of, size_t *olen, size_t ncol)
{
	struct buf *vals = xcalloc(in->ncol ? in->ncol : 1, sizeof *vals);
	char **f = xcalloc(in->ncol ? in->ncol : 1, sizeof *f);
	size_t *len = xcalloc(in->ncol ? in->ncol : 1, sizeof *len), i;
	cfg_node *obj;
	cfg_stream *s;
	const char *why;
	char *err;
	int rc;

	if ((s = cfg_stream_open(in->spool ? in->spool : in->path, &err)) == NULL)
		die_input(in, err);
	while ((rc = cfg_stream_next(s, &obj, &err)) != 0) {
		if (rc < 0)
			die_input(in, err);
		run.in++;
		if (rc == 2) {
			/* The reason without the file name (it is in _src). */
			const char *r = strchr(err, ':');
			reject(in, cfg_stream_num(s), r ? r + 1 : err, NULL,
			    NULL, 0);
			free(err);
			continue;
		}
		for (i = 0; i < in->ncol; i++) {
			buf_reset(&vals[i]);
			f[i] = "";
			len[i] = 0;
		}
		for (void *it = cfg_iter(obj); it; it = cfg_next(obj, it)) {
			const char *k = cfg_iter_key(it);
			cfg_node *v = cfg_iter_value(it);
			long j = smap_find(in->keys, k, strlen(k));
			if (j < 0)
				continue;
			if (cfg_type(v) == CFG_STRING) {
				f[j] = (char *)cfg_string(v);
				len[j] = cfg_string_len(v);
				continue;
			}
			if (cfg_type(v) == CFG_NULL)
				continue;
			if (cfg_dump(v, &vals[j]) < 0)
				die(PADU_EXIT_FAIL, "out of memory");
			f[j] = vals[j].p;
			len[j] = vals[j].len;
		}
		if ((why = check_row(in, f, len, in->ncol, 0)) != NULL)
			reject(in, cfg_stream_num(s), why, f, len, in->ncol);
		else
			emit(in, cfg_stream_num(s), f, len, in->ncol, of, olen,
			    ncol);
	}
	cfg_stream_close(s);
	for (i = 0; i < in->ncol; i++)
		buf_free(&vals[i]);
	free(vals);
	free(f);
	free(len);
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Read raw exports (CSV in any dialect and encoding, JSON, JSON Lines,\n"
	    "XLSX) and write one canonical CSV stream, with _src and _row.\n"
	    "Options apply to the FILEs after them.\n"
	    "\n"
	    "  -p, --profile PROFILE  source profile: a NAME in the profile\n"
	    "                         directory, or a FILE.json; 'none' sniffs\n"
	    "  -P, --profile-dir DIR  where profile NAMEs are (default\n"
	    "                         $PADU_PROFILE_DIR, else %s)\n"
	    "  -f, --format FORMAT    auto, csv, json, jsonl, xlsx\n"
	    "  -e, --encoding ENC     auto, utf-8, windows-1252, latin-1\n"
	    "  -d, --delimiter C      field delimiter: , ; | or tab\n"
	    "  -q, --quote C          quote character\n"
	    "  -H, --header           the first row is a header (the default\n"
	    "                         with a profile; else it is sniffed)\n"
	    "  -n, --no-header        the first row is data: columns are\n"
	    "                         kolom_1, kolom_2, ... (CSV, XLSX)\n"
	    "  -S, --src ID           source id for _src (default: the\n"
	    "                         profile's id, else the file's base name)\n"
	    "  -t, --sheet NAME       XLSX sheet (default: the first)\n"
	    "  -m, --max-field BYTES  reject rows with a longer field\n"
	    "                         (default 1048576); a record over 16\n"
	    "                         times that stops the run\n"
	    "  -r, --rejects FILE     write rejected rows to FILE (CSV, mode 0600)\n"
	    "  -s, --stats FILE       append the run's statistics to FILE (JSON)\n"
	    "  -h, --help             show this help and exit\n"
	    "  -V, --version          show the version and exit\n"
	    "\n"
	    "With no FILE, or when FILE is -, read standard input.  Exit status:\n"
	    "0 done; 1 failed (rejected rows without --rejects, unreadable\n"
	    "input, I/O); 2 bad usage or a bad profile.  See padu-parse(1),\n"
	    "padu(7).\n", SYNOPSIS, PADU_PROFILE_DIR);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "delimiter", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "header", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "max-field", required_argument, NULL, 'm' },
		{ "no-header", no_argument, NULL, 'n' },
		{ "profile", required_argument, NULL, 'p' },
		{ "profile-dir", required_argument, NULL, 'P' },
		{ "quote", required_argument, NULL, 'q' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "sheet", required_argument, NULL, 't' },
		{ "src", required_argument, NULL, 'S' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct settings set = { NULL, FMT_AUTO, -1, 0, 0, NULL, NULL, -1 };
	struct input *in = NULL;
	char **of, **names = NULL;
	size_t *olen, ncol, i;
	int c, n = 0, k, status;

	padu_init(argv[0]);
	opt.max_field = 1024 * 1024;
	opterr = 0;
	/* "-" first: operands come back in order (as 1), between options. */
	while ((c = getopt_long(argc, argv, "-:HP:S:Vd:e:f:hm:np:q:r:s:t:",
	    longopts, NULL)) != -1)
		switch (c) {
		case 1:
			in = xrealloc(in, ((size_t)n + 1) * sizeof *in);
			memset(&in[n], 0, sizeof *in);
			in[n].path = optarg;
			in[n].set = set;
			n++;
			break;
		case 'H':
			set.header = 1;
			break;
		case 'P':
			opt.profile_dir = optarg;
			break;
		case 'S':
			set.src = optarg;
			break;
		case 'V':
			printf("padu-parse %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'd':
			if ((set.delim = char_of(optarg)) < 0 || set.delim == '"' ||
			    set.delim == '\'')
				die(PADU_EXIT_USAGE, "--delimiter: '%s' is not "
				    "one character or \"tab\"", optarg);
			break;
		case 'e':
			if (encoding_of(optarg, &set.encoding) < 0)
				die(PADU_EXIT_USAGE, "--encoding: unknown "
				    "encoding '%s' (auto, utf-8, windows-1252, "
				    "latin-1)", optarg);
			break;
		case 'f':
			if (format_of(optarg, &set.format) < 0)
				die(PADU_EXIT_USAGE, "--format: unknown format "
				    "'%s' (auto, csv, json, jsonl, xlsx)", optarg);
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'm':
			opt.max_field = (unsigned long long)padu_number(
			    "--max-field", optarg, 1, 1LL << 40);
			break;
		case 'n':
			set.header = 0;
			break;
		case 'p':
			set.profile = strcmp(optarg, "none") == 0 ? NULL :
			    load_profile(optarg);
			break;
		case 'q':
			if ((set.quote = char_of(optarg)) < 0)
				die(PADU_EXIT_USAGE, "--quote: '%s' is not one "
				    "character", optarg);
			break;
		case 'r':
			opt.rejects = optarg;
			break;
		case 's':
			opt.stats = optarg;
			break;
		case 't':
			set.sheet = optarg;
			break;
		default:
			padu_bad_option(c, argv, SYNOPSIS);
		}
	if (n == 0) {
		in = xcalloc(1, sizeof *in);
		in[0].path = "-";
		in[0].set = set;
		n = 1;
	}
	for (k = 0; k < n; k++)
		if (in[k].set.delim && in[k].set.delim == in[k].set.quote)
			die(PADU_EXIT_USAGE, "the delimiter and the quote must "
			    "differ");

	if ((outcols = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	smap_put(outcols, "_src", 4, 0, NULL);
	smap_put(outcols, "_row", 4, 1, NULL);
	padu_run_begin(&run, opt.rejects, opt.stats);
	names = xcalloc((size_t)n, sizeof *names);
	for (k = 0; k < n; k++)
		names[k] = (char *)in[k].path;
	padu_run_inputs(&run, names, n);

	for (k = 0; k < n; k++)
		open_input(&in[k]);
	if ((out = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	ncol = smap_count(outcols);
	of = xcalloc(ncol, sizeof *of);
	olen = xcalloc(ncol, sizeof *olen);
	padu_write_header(out, outcols);
	for (k = 0; k < n; k++) {
		if (in[k].format == FMT_JSON)
			rows_json(&in[k], of, olen, ncol);
		else
			rows_tabular(&in[k], of, olen, ncol);
		csvio_close(in[k].csv);
		if (in[k].fd > 0)
			close(in[k].fd);
		xlsx_close(in[k].xl);
		smap_free(in[k].keys);
		if (in[k].spool) {
			unlink(in[k].spool);
			free(in[k].spool);
			spooled = NULL;
		}
		for (i = 0; i < in[k].ncol; i++)
			free(in[k].raw[i]);
		free(in[k].raw);
		free(in[k].map);
		for (i = 0; i < in[k].first.n; i++)
			free(in[k].first.f[i]);
		free(in[k].first.f);
		free(in[k].first.len);
		free((char *)in[k].first.bad);
		free(in[k].own_src);
	}
	for (i = 0; i < nprofiles; i++)
		free_profile(profiles[i]);
	free(profiles);
	if (csvio_writer_free(out) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	free(of);
	free(olen);
	free(names);
	free(in);
	smap_free(outcols);
	buf_free(&scratch);
	return status | padu_close_stdout();
}
