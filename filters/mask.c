/* SPDX-License-Identifier: MIT */
/*
 * padu-mask: pseudonymize identity numbers and drop or mask names and
 * addresses, for handing data outside the team that may see them.
 *
 *   padu-mask -k kunci -m nama -d alamat orang.csv > orang-samaran.csv
 *
 * A pseudonym is a keyed hash: BLAKE2b (libsodium's crypto_generichash,
 * 80 bits) of the value under a secret key, written as "ps_" and 16
 * base32 characters.  The same key gives the same pseudonym for the same
 * value in any column of any file, so masked sources still link on it;
 * without the key it cannot be recomputed from a guessed NIK.  The key is
 * the BLAKE2b-256 hash of the bytes of a key file, which must be a regular
 * file that only its owner can read (mode 0600) and hold 32 to 4096 bytes;
 * --keygen writes a new one.  The key is never printed.
 *
 * What happens to a column is an action of one registry: pseudonym (-c),
 * drop (-d), or a mask (-m): initials, year, blank.  nik and no_kk are
 * pseudonymized by default, when the stream has them, unless an option
 * names them.  Empty values stay empty.  A column named with '?' may be
 * absent; any other named column must be in the header.  Rows that are
 * malformed, ragged, not UTF-8 or hold NUL bytes are rejected (the
 * rejects file holds them unmasked, mode 0600: it is not for handing out).
 *
 * Memory: one row (streaming).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "csvio.h"
#include "padu.h"
#include "strmap.h"
#include "utf8.h"

#define SYNOPSIS "padu-mask [-hV] [-c COLS] [-d COLS] [-m COLS] " \
	"[-r FILE] [-s FILE] -k KEYFILE [FILE]... | padu-mask --keygen"

enum {
	KEY_MIN = 32,		/* bytes a key file holds at least */
	KEY_MAX = 4096,		/* ... and at most */
	PS_BYTES = 10,		/* hash bytes in a pseudonym (80 bits) */
	PS_CHARS = 16,		/* base32 characters for them */
	OPT_KEYGEN = 256	/* --keygen (no short option) */
};

static const char ps_prefix[] = "ps_";
/* Crockford's base32 in lower case: no i, l, o, u to misread. */
static const char b32[] = "0123456789abcdefghjkmnpqrstvwxyz";

static struct {
	const char *key;	/* -k, --key KEYFILE */
	int keygen;		/* --keygen */
	const char *rejects;	/* -r, --rejects FILE */
	const char *stats;	/* -s, --stats FILE */
} opt;

typedef int act_fn(const char *s, size_t n, struct buf *out);
static act_fn act_blank, act_initials, act_pseudonym, act_year;

/* The actions, one row each; apply NULL drops the column. */
static const struct action {
	const char *name;	/* as written after '=' in -m */
	act_fn *apply;		/* appends the new value of a non-empty one;
				   0, or -1 out of memory */
} actions[] = {
	{ "blank", act_blank },
	{ "drop", NULL },
	{ "initials", act_initials },
	{ "pseudonym", act_pseudonym },
	{ "year", act_year },
};
#define NACTIONS (sizeof actions / sizeof actions[0])

static const struct action *
find_action(const char *name)
{
	size_t i;

	for (i = 0; i < NACTIONS; i++)
		if (strcmp(actions[i].name, name) == 0)
			return &actions[i];
	return NULL;
}

/* A column named by an option (or by default). */
struct spec {
	char *name;		/* column name */
	const struct action *act;
	const char *from;	/* the option that named it, for messages */
	int optional;		/* written NAME? (or a default) */
	long col;		/* its position in the header, or -1 */
	struct buf val;		/* its new value in the current row */
};

static struct spec *specs;
static size_t nspec;

static crypto_generichash_state keyed;	/* the hash state after the key */
static struct padu_run run;
static csvio_writer *out;

static int
act_blank(const char *s, size_t n, struct buf *o)
{
	(void)s;
	(void)n;
	(void)o;
	return 0;
}

static int
separator(int c)
{
	return c == ' ' || c == '\t' || c == '.' || c == ',' || c == '-';
}

/* The first letter of every word, upper case, each with a dot: "S.A.". */
static int
act_initials(const char *s, size_t n, struct buf *o)
{
	const char *p = s, *end = s + n;
	char enc[4];
	int32_t c;
	int rc = 0;

	while (p < end) {
		while (p < end && separator((unsigned char)*p))
			p++;
		if (p == end)
			break;
		c = utf8_decode(&p, end);
		if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe &&
		    c != 0xf7))	/* ASCII and Latin-1 letters: upper case */
			c -= 'a' - 'A';
		if (c >= 0)
			rc |= buf_add(o, enc, utf8_encode(c, enc));
		rc |= buf_addc(o, '.');
		while (p < end && !separator((unsigned char)*p))
			p++;
	}
	return rc;
}

/* "ps_" and the keyed hash of the value in base32. */
static int
act_pseudonym(const char *s, size_t n, struct buf *o)
{
	crypto_generichash_state st = keyed;
	unsigned char h[PS_BYTES];
	unsigned bits = 0, acc = 0;
	size_t i;
	int rc;

	crypto_generichash_update(&st, (const unsigned char *)s, n);
	crypto_generichash_final(&st, h, sizeof h);
	rc = buf_adds(o, ps_prefix);
	for (i = 0; i < sizeof h; i++) {
		acc = (acc << 8 | h[i]) & 0xfff;
		for (bits += 8; bits >= 5; bits -= 5)
			rc |= buf_addc(o, b32[(acc >> (bits - 5)) & 31]);
	}
	sodium_memzero(&st, sizeof st);
	return rc;
}

/* The year of an ISO date (yyyy or yyyy-...); else empty, flagged. */
static int
act_year(const char *s, size_t n, struct buf *o)
{
	size_t i;

	for (i = 0; i < 4 && i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i < 4 || (n > 4 && s[4] != '-')) {
		padu_flag(&run, "mask_not_a_date");
		return 0;
	}
	return buf_add(o, s, 4);
}

/* Add the columns of list (NAME[?][=ACTION],...) named by option from. */
static void
add_specs(const char *list, const struct action *dflt, const char *from)
{
	char *copy = xstrdup(list), *p, *next, *eq;
	const struct action *act;
	size_t i, len;

	for (p = copy; p; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		act = dflt;
		if (dflt == NULL && (eq = strchr(p, '=')) != NULL) {
			*eq = '\0';
			if ((act = find_action(eq + 1)) == NULL ||
			    act->apply == NULL)
				die(PADU_EXIT_USAGE, "%s: unknown mask '%s' for "
				    "'%s' (initials, year, blank, pseudonym)",
				    from, eq + 1, p);
		} else if (act == NULL) {
			act = find_action("initials");
		}
		len = strlen(p);
		specs = xrealloc(specs, (nspec + 1) * sizeof *specs);
		memset(&specs[nspec], 0, sizeof specs[nspec]);
		if (len && p[len - 1] == '?') {
			p[--len] = '\0';
			specs[nspec].optional = 1;
		}
		if (len == 0)
			die(PADU_EXIT_USAGE, "%s: an empty column name in '%s'",
			    from, list);
		for (i = 0; i < nspec; i++)
			if (strcmp(specs[i].name, p) == 0)
				die(PADU_EXIT_USAGE, "column '%s' is named twice "
				    "(%s and %s)", p, specs[i].from, from);
		specs[nspec].name = xstrdup(p);
		specs[nspec].act = act;
		specs[nspec].from = from;
		specs[nspec].col = -1;
		nspec++;
	}
	free(copy);
}

/* nik and no_kk: pseudonyms when present, unless an option named them. */
static void
add_defaults(void)
{
	static const char *const dflt[] = { "nik", "no_kk" };
	size_t i, k;

	for (k = 0; k < sizeof dflt / sizeof dflt[0]; k++) {
		for (i = 0; i < nspec && strcmp(specs[i].name, dflt[k]); i++)
			;
		if (i == nspec) {
			add_specs(dflt[k], find_action("pseudonym"), "default");
			specs[nspec - 1].optional = 1;
		}
	}
}

/*
 * Read the key file: a regular file of KEY_MIN..KEY_MAX bytes that only its
 * owner may access; the key is the BLAKE2b-256 of its bytes.  Leaves the
 * keyed hash state in keyed.  Nothing of the key is ever printed.
 */
static void
load_key(const char *path)
{
	unsigned char raw[KEY_MAX + 1], key[crypto_generichash_KEYBYTES];
	struct stat st;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		die(PADU_EXIT_USAGE, "key file '%s':", path);
	if (fstat(fd, &st) != 0)
		die(PADU_EXIT_USAGE, "key file '%s':", path);
	if (!S_ISREG(st.st_mode))
		die(PADU_EXIT_USAGE, "key file '%s' is not a regular file",
		    path);
	if (st.st_mode & 077)
		die(PADU_EXIT_USAGE, "key file '%s' is open to group or "
		    "others (mode %04o); chmod 600 '%s'", path,
		    (unsigned)(st.st_mode & 07777), path);
	while (n < sizeof raw) {
		if ((r = read(fd, raw + n, sizeof raw - n)) == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die(PADU_EXIT_FAIL, "%s: read error:", path);
		}
		n += (size_t)r;
	}
	close(fd);
	if (n < KEY_MIN || n > KEY_MAX)
		die(PADU_EXIT_USAGE, "key file '%s' holds %s%zu bytes; a key "
		    "is %d to %d bytes (padu-mask --keygen makes one)", path,
		    n > KEY_MAX ? "more than " : "", n > KEY_MAX ? KEY_MAX : n,
		    KEY_MIN, KEY_MAX);
	crypto_generichash(key, sizeof key, raw, n, NULL, 0);
	sodium_memzero(raw, sizeof raw);
	crypto_generichash_init(&keyed, key, sizeof key, PS_BYTES);
	sodium_memzero(key, sizeof key);
}

/* --keygen: 32 random bytes as 64 hex digits; a regular file gets 0600. */
static int
keygen(void)
{
	unsigned char k[32];
	char hex[2 * sizeof k + 1];
	struct stat st;

	if (fstat(1, &st) == 0 && S_ISREG(st.st_mode) && fchmod(1, 0600) != 0)
		die(PADU_EXIT_FAIL, "stdout: cannot make the key file mode "
		    "0600:");
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	sodium_memzero(k, sizeof k);
	printf("%s\n", hex);
	sodium_memzero(hex, sizeof hex);
	return padu_close_stdout();
}

/* Find the named columns in the header of in; all missing ones exit 2. */
static void
bind_columns(const char *name, const struct csvio_rec *h)
{
	struct buf missing = BUF_INIT;
	strmap *seen;
	size_t i, k;
	long j;
	int added;

	if ((seen = smap_new()) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	for (i = 0; i < h->n; i++) {
		if ((j = smap_put(seen, h->f[i], h->len[i], (long)i,
		    &added)) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		if (!added)	/* a second copy would pass unmasked */
			die(PADU_EXIT_FAIL, "%s: header: duplicate column "
			    "'%s' (columns %ld and %zu)", name, h->f[i],
			    *smap_val(seen, (size_t)j) + 1, i + 1);
	}
	for (k = 0; k < nspec; k++) {
		j = smap_find(seen, specs[k].name, strlen(specs[k].name));
		specs[k].col = j < 0 ? -1 : *smap_val(seen, (size_t)j);
		if (j < 0 && !specs[k].optional)
			buf_printf(&missing, "%s'%s' (%s)", missing.len ? ", " :
			    "", specs[k].name, specs[k].from);
	}
	smap_free(seen);
	if (missing.len)
		die(PADU_EXIT_USAGE, "%s: header: no column %s; write NAME? "
		    "for a column that may be absent", name, missing.p);
}

/* Why rec cannot pass, or NULL. */
static const char *
check_row(const struct csvio_rec *rec, size_t ncol, struct buf *why)
{
	size_t i, bad;

	buf_reset(why);
	if (rec->bad)
		return rec->bad;
	if (rec->n != ncol) {
		buf_printf(why, "ragged row: %zu field%s, the header has %zu",
		    rec->n, rec->n == 1 ? "" : "s", ncol);
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

/*
 * The output row of rec into f, len: kept fields, new values; returns
 * the count.  how[i] is the spec of input column i, or -1.
 */
static size_t
mask_row(const struct csvio_rec *rec, const long *how, char **f, size_t *len)
{
	struct spec *s;
	size_t i, k = 0;

	for (i = 0; i < rec->n; i++) {
		if (how[i] < 0) {
			f[k] = rec->f[i];
			len[k++] = rec->len[i];
			continue;
		}
		s = &specs[how[i]];
		if (s->act->apply == NULL)
			continue;
		buf_reset(&s->val);
		if ((rec->len[i] && s->act->apply(rec->f[i], rec->len[i],
		    &s->val) < 0) || buf_reserve(&s->val, 0) < 0)
			die(PADU_EXIT_FAIL, "out of memory");
		f[k] = s->val.p;
		len[k++] = s->val.len;
	}
	return k;
}

/* The output header: the input's without the dropped columns. */
static size_t
write_header(const struct csvio_rec *h, const long *how, char **f,
    size_t *len)
{
	size_t i, k = 0;

	for (i = 0; i < h->n; i++) {
		if (how[i] >= 0 && specs[how[i]].act->apply == NULL)
			continue;
		f[k] = h->f[i];
		len[k++] = h->len[i];
	}
	if (k == 0)
		die(PADU_EXIT_USAGE, "every column is dropped");
	if (csvio_write(out, f, len, k) < 0)
		padu_write_error();
	return k;
}

/* Mask every input; the headers after the first must equal it. */
static void
mask_inputs(char **paths, int n)
{
	struct buf why = BUF_INIT;
	struct csvio_rec rec;
	csvio_reader *rd;
	const char *name, *reason;
	char **head = NULL, **f = NULL;
	size_t i, ncol = 0, *len = NULL;
	long *how = NULL, src_col = -1, row_col = -1;
	int in, rc, same;

	for (in = 0; in < n; in++) {
		if ((rd = csvio_open(paths[in], ',', '"')) == NULL)
			die(PADU_EXIT_FAIL, errno == ENOMEM ? "out of memory" :
			    "%s:", paths[in]);
		name = csvio_name(rd);
		rc = csvio_read(rd, &rec);
		if (rc == CSVIO_ERR)
			die(PADU_EXIT_FAIL, "%s: %s", name, csvio_strerror(rd));
		if (rc == CSVIO_BAD)
			die(PADU_EXIT_FAIL, "%s: header: %s", name, rec.bad);
		if (rc == CSVIO_EOF) {	/* an empty input: no columns, no rows */
			csvio_close(rd);
			continue;
		}
		if (head == NULL) {
			bind_columns(name, &rec);
			ncol = rec.n;
			head = xcalloc(ncol, sizeof *head);
			how = xcalloc(ncol, sizeof *how);
			f = xcalloc(ncol, sizeof *f);
			len = xcalloc(ncol, sizeof *len);
			for (i = 0; i < ncol; i++) {
				head[i] = xstrdup(rec.f[i]);
				how[i] = -1;
				if (strcmp(head[i], "_src") == 0)
					src_col = (long)i;
				else if (strcmp(head[i], "_row") == 0)
					row_col = (long)i;
			}
			for (i = 0; i < nspec; i++)
				if (specs[i].col >= 0)
					how[specs[i].col] = (long)i;
			write_header(&rec, how, f, len);
		} else {
			same = rec.n == ncol;
			for (i = 0; same && i < ncol; i++)
				same = strcmp(rec.f[i], head[i]) == 0;
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
			if ((reason = check_row(&rec, ncol, &why)) != NULL) {
				padu_reject_stream(&run, name, &rec,
				    rec.bad || rec.n != ncol ? -1 : src_col,
				    rec.bad || rec.n != ncol ? -1 : row_col,
				    reason);
				continue;
			}
			if (csvio_write(out, f, len, mask_row(&rec, how, f,
			    len)) < 0)
				padu_write_error();
			run.out++;
		}
		csvio_close(rd);
	}
	for (i = 0; head != NULL && i < ncol; i++)
		free(head[i]);
	free(head);
	free(how);
	free(f);
	free(len);
	buf_free(&why);
}

static void
usage(void)
{
	printf("usage: %s\n"
	    "Pseudonymize identity numbers (a keyed hash: the same key gives\n"
	    "the same pseudonym, so masked files still link) and drop or mask\n"
	    "names and addresses.  nik and no_kk get pseudonyms by default.\n"
	    "\n"
	    "  -k, --key KEYFILE    the secret key: a file of 32 to 4096 bytes\n"
	    "                       only its owner can read (mode 0600)\n"
	    "      --keygen         write a new random key to standard output\n"
	    "                       (a regular file is made mode 0600)\n"
	    "  -c, --pseudonymize COLS  columns to replace by pseudonyms\n"
	    "  -d, --drop COLS      columns to leave out\n"
	    "  -m, --mask COLS      columns to mask, each NAME[=HOW]: initials\n"
	    "                       (default: \"Siti Aminah\" -> S.A.), year\n"
	    "                       (1950-06-21 -> 1950), blank\n"
	    "  -r, --rejects FILE   write rejected rows to FILE (CSV, mode 0600;\n"
	    "                       unmasked)\n"
	    "  -s, --stats FILE     append the run's statistics to FILE (JSON)\n"
	    "  -h, --help           show this help and exit\n"
	    "  -V, --version        show the version and exit\n"
	    "\n"
	    "COLS is a comma-separated list; options may repeat.  A column\n"
	    "named NAME? may be absent from the input; other named columns\n"
	    "must be there.  Empty values stay empty.  With no FILE, or when\n"
	    "FILE is -, read standard input.  Exit status: 0 done; 1 failed\n"
	    "(rejected rows without --rejects, I/O); 2 bad usage, a missing\n"
	    "column or a bad key file.  See padu-mask(1), padu(7).\n", SYNOPSIS);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "drop", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "keygen", no_argument, NULL, OPT_KEYGEN },
		{ "mask", required_argument, NULL, 'm' },
		{ "pseudonymize", required_argument, NULL, 'c' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "stats", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char **paths;
	size_t i;
	int c, n, status;

	padu_init(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":Vc:d:hk:m:r:s:", longopts,
	    NULL)) != -1)
		switch (c) {
		case OPT_KEYGEN:
			opt.keygen = 1;
			break;
		case 'V':
			printf("padu-mask %s\n", PADU_VERSION);
			return padu_close_stdout();
		case 'c':
			add_specs(optarg, find_action("pseudonym"),
			    "--pseudonymize");
			break;
		case 'd':
			add_specs(optarg, find_action("drop"), "--drop");
			break;
		case 'h':
			usage();
			return padu_close_stdout();
		case 'k':
			opt.key = optarg;
			break;
		case 'm':
			add_specs(optarg, NULL, "--mask");
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
	if (sodium_init() < 0)
		die(PADU_EXIT_FAIL, "libsodium cannot start");
	if (opt.keygen) {
		if (argc > 2)
			die(PADU_EXIT_USAGE, "--keygen takes no other options "
			    "or operands");
		return keygen();
	}
	if (opt.key == NULL) {
		warn("no key: say -k KEYFILE (padu-mask --keygen makes one)");
		fprintf(stderr, "usage: %s\n", SYNOPSIS);
		return PADU_EXIT_USAGE;
	}
	add_defaults();
	paths = padu_operands(argc - optind, argv + optind, &n);
	load_key(opt.key);

	padu_run_begin(&run, opt.rejects, opt.stats);
	padu_run_inputs(&run, paths, n);
	if ((out = csvio_writer_new(1)) == NULL)
		die(PADU_EXIT_FAIL, "out of memory");
	mask_inputs(paths, n);
	if (csvio_writer_free(out) < 0)
		padu_write_error();
	status = padu_run_end(&run);
	sodium_memzero(&keyed, sizeof keyed);
	for (i = 0; i < nspec; i++) {
		free(specs[i].name);
		buf_free(&specs[i].val);
	}
	free(specs);
	return status | padu_close_stdout();
}
