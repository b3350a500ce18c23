/* SPDX-License-Identifier: MIT */
/*
 * Differential tests of lib/csvio's two reader engines: padu's scanner
 * (the default for every dialect it reads) must give exactly what the
 * libcsv engine gives, for every input, malformed ones included.  Each
 * input is read by both, at read chunk sizes 1, 2, 3, 7, 64 and the
 * default, and every csvio_read result is compared: status, field count,
 * each field's bytes, length and NUL terminator, record number, reason.
 * The inputs are random strings over the bytes that matter to CSV, random
 * well-formed records, the same with random single-byte mutations, a few
 * big ones, and the oddities of libcsv that the scanner reproduces, spelled
 * out.  All of it runs in five dialects: ',' '"' (the canonical one, with
 * the most random inputs), ';' '"', '|' '"', tab '"' and ',' '\''.  Inputs
 * are made in the canonical dialect, with the other dialects' delimiters
 * and quotes among the data bytes, and then mapped to the dialect under
 * test by a byte permutation that swaps ',' with its delimiter and '"'
 * with its quote, so that every dialect meets its own delimiter and quote
 * and the others' as data.  Everything is deterministic: fixed seeds and a
 * PRNG of our own.  Inputs are read from memory (csvio_open_mem), a chunk
 * at a time as from a file.
 *
 * The readers' conversion of Windows-1252 and Latin-1 (csvio_set_encoding)
 * is held to the C library's iconv in the same way: random byte strings
 * read with the conversion, by both engines, at every chunk size, from
 * memory and from a file, must give the records of the same strings
 * converted by iconv first (byte by byte; a byte iconv refuses, one of the
 * five Windows-1252 leaves undefined, stays as it is) and read as UTF-8.
 */
#define T_NAME "csvscan"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "csvio.h"
#include "t.h"

static char tmpl[] = "/tmp/padu-test-csvscan-XXXXXX";
static char path[256];
static unsigned long long ninputs, nreads, nrecords;
static unsigned long long ngenerated;	/* random inputs made */
static unsigned stride = 1;	/* compare one random input in stride */
static int shown;		/* mismatches printed so far */

static const size_t all_chunks[] = { 1, 2, 3, 7, 64, 0 };	/* 0: default */
static const size_t big_chunks[] = { 7, 4093, 0 };

/* The dialects; the first is the canonical one, the others get 1/4 of the
 * random inputs.  Each delimiter differs from '"' and each quote from ','
 * (the permutation in tr() needs it). */
static const struct {
	int delim, quote;	/* as given to csvio */
	const char *name;	/* for messages */
} dialects[] = {
	{ ',', '"', "',' '\"'" }, { ';', '"', "';' '\"'" },
	{ '|', '"', "'|' '\"'" }, { '\t', '"', "tab '\"'" },
	{ ',', '\'', "',' '\''" },
};
enum { NDIALECTS = sizeof dialects / sizeof *dialects };
static size_t dialect;		/* the one under test, index in dialects */

/*
 * Map s from the canonical dialect to the one under test, in place: swap
 * ',' with its delimiter and '"' with its quote.  The two swaps touch four
 * different bytes (or fewer), so the map is its own inverse.
 */
static void
tr(char *s, size_t n)
{
	unsigned char d = (unsigned char)dialects[dialect].delim;
	unsigned char q = (unsigned char)dialects[dialect].quote;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ',' || c == d)
			c = c == ',' ? d : ',';
		else if (c == '"' || c == q)
			c = c == '"' ? q : '"';
		s[i] = (char)c;
	}
}

/* splitmix64: the test's own PRNG, the same on every platform. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static size_t
below(uint64_t *s, size_t n)
{
	return (size_t)(rnd(s) % n);
}

/* Write s (n bytes) to the test's file. */
static void
put_file(const char *s, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t off = 0;
	ssize_t k;

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	while (off < n && (k = write(fd, s + off, n - off)) > 0)
		off += (size_t)k;
	if (off != n || close(fd) != 0) {
		perror(path);
		exit(1);
	}
}

/* Print s escaped, for reproducing a mismatch. */
static void
show(const char *what, const char *s, size_t n)
{
	size_t i;

	printf("# %s: %zu bytes: \"", what, n);
	for (i = 0; i < n && i < 400; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7F)
			putchar(c);
		else
			printf("\\x%02X", c);
	}
	printf("%s\"\n", i < n ? "..." : "");
}

/* A reader of s[0..n) with the given engine and chunk size (0: default). */
static csvio_reader *
open_engine(const char *s, size_t n, int engine, size_t chunk)
{
	csvio_reader *r = csvio_open_mem(s, n, "test", dialects[dialect].delim,
	    dialects[dialect].quote);

	if (r == NULL || csvio_set_engine(r, engine) != 0 ||
	    (chunk && csvio_set_chunk(r, chunk) != 0)) {
		printf("# cannot open a reader: %s\n", strerror(errno));
		exit(1);
	}
	return r;
}

static unsigned long long nascii;	/* records handed out as ASCII */

/* Whether a record said to be ASCII (rec.ascii) is: no NUL, no byte >= 0x80. */
static int
ascii_true(const struct csvio_rec *x)
{
	size_t i, k;

	if (!x->ascii)
		return 1;
	nascii++;
	for (i = 0; i < x->n; i++)
		for (k = 0; k < x->len[i]; k++)
			if (x->f[i][k] == '\0' ||
			    (unsigned char)x->f[i][k] >= 0x80)
				return 0;
	return 1;
}

static unsigned long long nencoded;	/* records csvio_encode_read checked */

/* Whether csvio_encode_read gives x, just read by r, the bytes that
 * csvio_encode_record does. */
static int
encode_same(const csvio_reader *r, const struct csvio_rec *x)
{
	static struct buf e1, e2;

	static char *more[] = { "", "a,b", " x" };
	static const size_t morelen[] = { 0, 3, 2 };
	static char *all[64 + 3];
	static size_t alllen[64 + 3];
	size_t i, k = nencoded % 3 + 1, m = x->n < 64 ? x->n : 64;

	buf_reset(&e1);
	buf_reset(&e2);
	if (csvio_encode_read(&e1, r, x) != 0 ||
	    csvio_encode_record(&e2, x->f, x->len, x->n) != 0)
		return 0;
	nencoded++;
	if (e1.len != e2.len || memcmp(e1.p, e2.p, e1.len) != 0)
		return 0;
	/* Followed by k more fields, the first of them empty (a record of
	 * one empty field is then no longer written ""). */
	for (i = 0; i < m; i++) {
		all[i] = x->f[i];
		alllen[i] = x->len[i];
	}
	for (i = 0; i < k; i++) {
		all[m + i] = more[i];
		alllen[m + i] = morelen[i];
	}
	buf_reset(&e1);
	buf_reset(&e2);
	if (x->n > 64)
		return 1;
	if (csvio_encode_read_more(&e1, r, x, more, k == 3 ? NULL : morelen,
	    k) != 0 || csvio_encode_record(&e2, all, alllen, m + k) != 0)
		return 0;
	return e1.len == e2.len && memcmp(e1.p, e2.p, e1.len) == 0;
}

/* Why two results differ, or NULL. */
static const char *
differ(int ra, const struct csvio_rec *a, int rb, const struct csvio_rec *b)
{
	size_t i;

	if (ra != rb)
		return "status";
	if (ra != CSVIO_OK && ra != CSVIO_BAD)
		return NULL;
	if (!ascii_true(a) || !ascii_true(b))
		return "a record handed out as ASCII is not";
	if (a->n != b->n)
		return "field count";
	if (a->num != b->num)
		return "record number";
	if ((a->bad == NULL) != (b->bad == NULL) ||
	    (a->bad && strcmp(a->bad, b->bad) != 0))
		return "reason";
	for (i = 0; i < a->n; i++) {
		if (a->len[i] != b->len[i])
			return "field length";
		if (memcmp(a->f[i], b->f[i], a->len[i]) != 0)
			return "field bytes";
		if (a->f[i][a->len[i]] != '\0' || b->f[i][b->len[i]] != '\0')
			return "NUL terminator";
	}
	return NULL;
}

/*
 * Read ra and rb to their ends (or the first difference) and close them;
 * count the reads, the records and a mismatch.  what says how each reads
 * s[0..n), the input shown on a mismatch.
 */
static void
same_records(csvio_reader *ra, csvio_reader *rb, const char *what,
    const char *s, size_t n)
{
	struct csvio_rec a, b;
	const char *why;
	size_t k;
	int sa, sb;

	for (k = 0;; k++) {
		sa = csvio_read(ra, &a);
		sb = csvio_read(rb, &b);
		nreads++;
		why = differ(sa, &a, sb, &b);
		if (why == NULL && (sa == CSVIO_OK || sa == CSVIO_BAD) &&
		    (!encode_same(ra, &a) || !encode_same(rb, &b)))
			why = "csvio_encode_read(_more) differs from csvio_encode_record";
		if (why != NULL) {
			t_failed++;
			if (shown++ < 5) {
				printf("# mismatch (%s) at record %zu, dialect "
				    "%s, %s: %d against %d\n", why, k,
				    dialects[dialect].name, what, sa, sb);
				show("input", s, n);
				if (sa > 0)
					show("first's last field",
					    a.f[a.n - 1], a.len[a.n - 1]);
				if (sb > 0)
					show("second's last field",
					    b.f[b.n - 1], b.len[b.n - 1]);
			}
			break;
		}
		if (sa != CSVIO_OK && sa != CSVIO_BAD)
			break;
		nrecords++;
	}
	csvio_close(ra);
	csvio_close(rb);
}

/* Read s[0..n) with both engines at each chunk size; count mismatches. */
static void
compare(const char *s, size_t n, const size_t *chunks, size_t nchunks)
{
	char what[64];
	size_t c;

	ninputs++;
	for (c = 0; c < nchunks; c++) {
		snprintf(what, sizeof what, "chunk %zu: scanner, libcsv",
		    chunks[c]);
		same_records(open_engine(s, n, CSVIO_ENGINE_SCAN, chunks[c]),
		    open_engine(s, n, CSVIO_ENGINE_LIBCSV, chunks[c]), what,
		    s, n);
	}
}

/*
 * Read s (canonical) in the dialect under test with the given engine, as
 * "num!:[f]|[f]" lines into out, the fields mapped back to canonical.
 */
static void
read_all(const char *s, size_t n, int engine, size_t chunk, struct buf *out)
{
	struct csvio_rec rec;
	csvio_reader *r;
	char *t = malloc(n ? n : 1);
	size_t i;
	int rc;

	memcpy(t, s, n);
	tr(t, n);
	r = open_engine(t, n, engine, chunk);
	buf_reset(out);
	while ((rc = csvio_read(r, &rec)) == CSVIO_OK || rc == CSVIO_BAD) {
		buf_printf(out, "%llu%s:", rec.num, rc == CSVIO_BAD ? "!" : "");
		for (i = 0; i < rec.n; i++) {
			buf_adds(out, i ? "|[" : "[");
			buf_add(out, rec.f[i], rec.len[i]);
			tr(out->p + out->len - rec.len[i], rec.len[i]);
			buf_addc(out, ']');
		}
		buf_addc(out, '\n');
	}
	csvio_close(r);
	free(t);
}

/*
 * libcsv's behaviour where it is not obvious, as both engines must show
 * it (see the scanner's comment in lib/csvio.c).
 */
static void
test_oddities(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		/* Spaces are data, also around quotes; never trimmed. */
		{ "\"a\" ,b\n", "0!:[\"a\" ,b]\n" },
		{ " \"a\",b\n", "0!:[ \"a\",b]\n" },
		{ "\"a\"\t\n", "0!:[\"a\"\t]\n" },
		/* After bad quoting: libcsv's partial field ("" already one
		 * quote, the opening and closing quotes kept), then the raw
		 * rest of the line, whatever its quotes. */
		{ "\"x\"\"y\" z,w\n1\n", "0!:[\"x\"y\" z,w]\n1:[1]\n" },
		{ "1,ab\"c,\"d\ne\"\n", "0!:[1]|[ab\"c,\"d]\n1!:[e\"]\n" },
		{ "\"a\"b\r\nc\n", "0!:[\"a\"b]\n1:[c]\n" },
		{ "\"a\"x,\"b\nc\"\n", "0!:[\"a\"x,\"b]\n1!:[c\"]\n" },
		{ "\"a\"b", "0!:[\"a\"b]\n" },
		/* "" inside quotes is one quote; """" alone is one quote. */
		{ "\"\"\"\"\n\"\"\n", "0:[\"]\n1:[]\n" },
		/* A CR ends the record, also right after a closing quote; the
		 * LF of CRLF is then a blank line. */
		{ "\"a\"\r,b\r\n", "0:[a]\n1:[]|[b]\n" },
		{ "a\r\r\n\n\rb", "0:[a]\n1:[b]\n" },
		/* Quoted CR and LF are data. */
		{ "\"\r\",\"\n\"\n", "0:[\r]|[\n]\n" },
		/* An unterminated quote runs to the end, unescaped, without
		 * its opening quote. */
		{ "a,\"b\r\n\"\"c\n", "0!:[a]|[b\r\n\"c\n]\n" },
		{ "\"", "0!:[]\n" },
		/* A final empty field, with and without a line end. */
		{ "a,", "0:[a]|[]\n" },
		{ "a,\n,", "0:[a]|[]\n1:[]|[]\n" },
		/* A BOM only at the very start; alone it is an empty input. */
		{ "\xEF\xBB\xBF", "" },
		{ "\xEF\xBB\xBF\xEF\xBB\xBF" "a", "0:[\xEF\xBB\xBF" "a]\n" },
	};
	static const int engines[] = { CSVIO_ENGINE_SCAN, CSVIO_ENGINE_LIBCSV };
	struct buf b = BUF_INIT;
	size_t i, e, c;

	for (dialect = 0; dialect < NDIALECTS; dialect++)
	for (i = 0; i < sizeof t / sizeof *t; i++)
		for (e = 0; e < 2; e++)
			for (c = 0; c < sizeof all_chunks / sizeof *all_chunks;
			    c++) {
				read_all(t[i].in, strlen(t[i].in), engines[e],
				    all_chunks[c], &b);
				if (strcmp(b.p ? b.p : "", t[i].want) == 0)
					continue;
				if (t_failed++ > 5)
					continue;
				printf("# dialect %s, engine %d, chunk %zu:\n",
				    dialects[dialect].name, engines[e],
				    all_chunks[c]);
				show("input", t[i].in, strlen(t[i].in));
				show("got", b.p ? b.p : "", b.len);
				show("want", t[i].want, strlen(t[i].want));
			}
	/* NUL bytes are data. */
	for (dialect = 0; dialect < NDIALECTS; dialect++)
		for (e = 0; e < 2; e++) {
			static const char want[] = "0:[a\0b]|[\0]\n";
			read_all("a\0b,\"\0\"\n", 8, engines[e], 0, &b);
			CHECK(b.len == sizeof want - 1 &&
			    memcmp(b.p, want, sizeof want - 1) == 0);
		}
	dialect = 0;
	buf_free(&b);
}

/*
 * The number of random inputs of a kind for the dialect under test: n for
 * the canonical dialect, n / 4 for the others.
 */
static size_t
share(size_t n)
{
	return dialect == 0 ? n : n / 4;
}

/*
 * Random strings over the bytes that matter (the other dialects'
 * delimiters and quotes too), some of them with a BOM.
 */
static void
random_strings(void)
{
	static const char *const alpha[] = { "a", "b", ",", "\"", "\r", "\n",
		" ", "\t", "\xC3\xA9", "", ";", "|", "'" };	/* "": NUL */
	enum { NALPHA = sizeof alpha / sizeof *alpha, N = 200000 };
	struct buf in = BUF_INIT;
	uint64_t seed = 20261128 + dialect;
	size_t k, len, i, a;
	unsigned mask;

	for (k = 0; k < share(N); k++) {
		buf_reset(&in);
		if (below(&seed, 8) == 0)
			buf_adds(&in, "\xEF\xBB\xBF");
		/* Half of the inputs use a random part of the alphabet. */
		mask = below(&seed, 2) ? (1u << NALPHA) - 1 :
		    (unsigned)below(&seed, (1u << NALPHA) - 1) + 1;
		len = below(&seed, 4) == 0 ? below(&seed, 400) :
		    below(&seed, 40);
		for (i = 0; i < len; i++) {
			do
				a = below(&seed, NALPHA);
			while (!(mask & (1u << a)));
			if (*alpha[a])
				buf_adds(&in, alpha[a]);
			else
				buf_addc(&in, '\0');
		}
		tr(in.p, in.len);
		if (ngenerated++ % stride == 0)
			compare(in.p, in.len, all_chunks,
			    sizeof all_chunks / sizeof *all_chunks);
	}
	buf_free(&in);
}

static void
test_random_strings(void)
{
	for (dialect = 0; dialect < NDIALECTS; dialect++)
		random_strings();
	dialect = 0;
}

/* A random record stream, well formed: quoted where needed or at random. */
static void
random_records(struct buf *b, uint64_t *s)
{
	static const char *const atoms[] = { "a", "bc", " ", ",", "\"", "\r",
		"\n", "\r\n", "\t", "\xC3\xA9", "Z9", "", ";", "|", "'" };
	static const char *const eols[] = { "\n", "\r\n", "\r" };
	size_t nrec = 1 + below(s, 8), nf, natom, k, i, j, start;
	const char *eol = eols[below(s, 3)];
	struct buf f = BUF_INIT;
	int quote;

	buf_reset(b);
	if (below(s, 8) == 0)
		buf_adds(b, "\xEF\xBB\xBF");
	for (k = 0; k < nrec; k++) {
		nf = 1 + below(s, 6);
		for (i = 0; i < nf; i++) {
			buf_reset(&f);
			natom = below(s, 7);
			for (j = 0; j < natom; j++) {
				const char *t = atoms[below(s,
				    sizeof atoms / sizeof *atoms)];
				if (*t)
					buf_adds(&f, t);
				else
					buf_addc(&f, '\0');
			}
			quote = below(s, 4) == 0 || (nf == 1 && f.len == 0);
			for (j = 0; j < f.len && !quote; j++)
				quote = strchr(",\"\r\n", f.p[j]) && f.p[j];
			if (i)
				buf_addc(b, ',');
			if (quote)
				buf_addc(b, '"');
			for (start = j = 0; j < f.len; j++)
				if (quote && f.p[j] == '"') {
					buf_add(b, f.p + start, j - start + 1);
					buf_addc(b, '"');
					start = j + 1;
				}
			buf_add(b, f.p + start, f.len - start);
			if (quote)
				buf_addc(b, '"');
		}
		if (k + 1 < nrec || below(s, 4))
			buf_adds(b, eol);
		if (below(s, 10) == 0)
			buf_adds(b, eol);	/* a blank line */
	}
	buf_free(&f);
}

/*
 * Well-formed records, then the same with a few single-byte mutations;
 * made canonical, read in the dialect under test.
 */
static void
mutated_records(void)
{
	static const char bytes[] = "ab,\"\r\n \t\xC3\0;|'";
	enum { N = 20000, MUTANTS = 3 };
	struct buf in = BUF_INIT, m = BUF_INIT;
	uint64_t seed = 4242 + dialect;
	size_t k, j, e, edits, at;

	for (k = 0; k < share(N); k++) {
		random_records(&in, &seed);
		tr(in.p, in.len);
		if (ngenerated++ % stride == 0)
			compare(in.p, in.len, all_chunks,
			    sizeof all_chunks / sizeof *all_chunks);
		tr(in.p, in.len);	/* back to canonical, to mutate */
		for (j = 0; j < MUTANTS; j++) {
			buf_reset(&m);
			buf_add(&m, in.p, in.len);
			edits = 1 + below(&seed, 3);
			for (e = 0; e < edits; e++) {
				char c = bytes[below(&seed, sizeof bytes - 1)];
				at = below(&seed, m.len + 1);
				switch (below(&seed, 3)) {
				case 0:		/* replace */
					if (at < m.len) {
						m.p[at] = c;
						break;
					}
					/* FALLTHROUGH */
				case 1:		/* insert */
					buf_addc(&m, 0);
					memmove(m.p + at + 1, m.p + at,
					    m.len - 1 - at);
					m.p[at] = c;
					break;
				default:	/* delete */
					if (at < m.len) {
						memmove(m.p + at, m.p + at + 1,
						    m.len - at - 1);
						m.len--;
					}
				}
			}
			tr(m.p, m.len);
			if (ngenerated++ % stride == 0)
				compare(m.p, m.len, all_chunks,
				    sizeof all_chunks / sizeof *all_chunks);
		}
	}
	buf_free(&in);
	buf_free(&m);
}

static void
test_mutated_records(void)
{
	for (dialect = 0; dialect < NDIALECTS; dialect++)
		mutated_records();
	dialect = 0;
}

/* compare() for canonical s[0..n), mapped to the dialect under test. */
static void
compare_tr(char *s, size_t n, const size_t *chunks, size_t nchunks)
{
	tr(s, n);
	compare(s, n, chunks, nchunks);
	tr(s, n);
}

/* Big fields and wide records, across many chunks. */
static void
big(void)
{
	enum { FIELD = 3 * 1024 * 1024, WIDE = 100000 };
	size_t nbig = sizeof big_chunks / sizeof *big_chunks, i, body;
	struct buf b = BUF_INIT;
	uint64_t seed = 7;

	/* A 3 MB unquoted field between two small records. */
	buf_adds(&b, "x,y\n");
	for (i = 0; i < FIELD; i++)
		buf_addc(&b, "abcdefgh"[i % 8]);
	buf_adds(&b, ",z\r\nlast\n");
	compare_tr(b.p, b.len, big_chunks, nbig);
	/* A 3 MB quoted field full of "", CR, LF and commas. */
	buf_reset(&b);
	buf_adds(&b, "x,\"");
	for (i = 0; i < FIELD; i++) {
		const char *t = (const char *[]){ "a", "\"\"", "\r\n", ",",
		    "\xC3\xA9" }[below(&seed, 5)];
		buf_adds(&b, t);
	}
	body = b.len;
	buf_adds(&b, "\"\nz\n");
	compare_tr(b.p, b.len, big_chunks, nbig);
	/* The same, but its bad quoting sends it to resync at the end. */
	b.len = body;
	buf_adds(&b, "\" tail,\"more\" text\r\nz");
	compare_tr(b.p, b.len, big_chunks, nbig);
	/* The same, unterminated: it runs to the end of the input. */
	b.len = body;
	compare_tr(b.p, b.len, big_chunks, nbig);
	/* A record of 100,000 fields, quoted or not, some empty. */
	buf_reset(&b);
	for (i = 0; i < WIDE; i++) {
		if (i)
			buf_addc(&b, ',');
		switch (below(&seed, 4)) {
		case 0:
			break;
		case 1:
			buf_printf(&b, "\"q,%zu\"", i);
			break;
		default:
			buf_printf(&b, "f%zu", i);
		}
	}
	buf_adds(&b, "\n1,2\n");
	compare_tr(b.p, b.len, big_chunks, nbig);
	/* A 100 KB field at every chunk size. */
	buf_reset(&b);
	buf_adds(&b, "\"");
	for (i = 0; i < 100000; i++)
		buf_addc(&b, "a\"\"b,\n"[i % 6]);
	buf_adds(&b, "\"\n");
	compare_tr(b.p, b.len, all_chunks, sizeof all_chunks / sizeof *all_chunks);
	buf_free(&b);
}

/* Under the wrapper (stride > 1), the first two dialects only: minutes less. */
static void
test_big(void)
{
	for (dialect = 0; dialect < (stride > 1 ? 2 : NDIALECTS); dialect++)
		big();
	dialect = 0;
}

/*
 * The encodings: what csvio_set_encoding must give, by iconv.
 */
static const struct {
	int enc;		/* CSVIO_ENC_* */
	const char *iconv;	/* its iconv name */
} encodings[] = {
	{ CSVIO_ENC_CP1252, "CP1252" }, { CSVIO_ENC_LATIN1, "ISO-8859-1" },
};

/* s[0..n) in UTF-8 by iconv, a byte at a time, into out. */
static void
ref_convert(const char *iconv_name, const char *s, size_t n, struct buf *out)
{
	static iconv_t cd = (iconv_t)-1;
	static const char *cd_name;
	char u[8], *ip, *op;
	size_t i, il, ol;

	if (cd_name != iconv_name) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		cd = iconv_open("UTF-8", iconv_name);
		cd_name = iconv_name;
	}
	if (cd == (iconv_t)-1) {
		printf("# iconv_open %s: %s\n", iconv_name, strerror(errno));
		exit(1);
	}
	buf_reset(out);
	buf_reserve(out, 1);
	for (i = 0; i < n; i++) {
		ip = (char *)s + i;
		il = 1;
		op = u;
		ol = sizeof u;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			buf_addc(out, s[i]);	/* undefined: kept */
			iconv(cd, NULL, NULL, NULL, NULL);
		} else {
			buf_add(out, u, sizeof u - ol);
		}
	}
}

/* A reader of s[0..n) in encoding enc with engine and chunk (0: default). */
static csvio_reader *
open_enc(const char *s, size_t n, int enc, int engine, size_t chunk)
{
	csvio_reader *r = open_engine(s, n, engine, chunk);

	if (csvio_set_encoding(r, enc) != 0) {
		printf("# csvio_set_encoding: %s\n", strerror(errno));
		exit(1);
	}
	return r;
}

/*
 * Read raw[0..n) in encodings[e] with both engines at each chunk size,
 * from memory, and when file is set from a file at some of them, against
 * conv[0..m) (raw converted by iconv) read as UTF-8.
 */
static void
compare_enc(size_t e, const char *raw, size_t n, const char *conv, size_t m,
    const size_t *chunks, size_t nchunks, int file)
{
	static const int engines[] = { CSVIO_ENGINE_SCAN, CSVIO_ENGINE_LIBCSV };
	char what[96];
	csvio_reader *r;
	size_t c, g;

	ninputs++;
	for (c = 0; c < nchunks; c++)
		for (g = 0; g < 2; g++) {
			snprintf(what, sizeof what, "%s, engine %d, chunk %zu: "
			    "converted, iconv", encodings[e].iconv, engines[g],
			    chunks[c]);
			same_records(open_enc(raw, n, encodings[e].enc,
			    engines[g], chunks[c]), open_engine(conv, m,
			    CSVIO_ENGINE_LIBCSV, 0), what, raw, n);
		}
	/* From a file: the conversion reads into a buffer of its own. */
	if (!file)
		return;
	put_file(raw, n);
	for (c = 0; c < nchunks; c += 2) {
		r = csvio_open(path, dialects[dialect].delim,
		    dialects[dialect].quote);
		if (r == NULL || csvio_set_encoding(r, encodings[e].enc) != 0 ||
		    (chunks[c] && csvio_set_chunk(r, chunks[c]) != 0)) {
			printf("# cannot open %s: %s\n", path, strerror(errno));
			exit(1);
		}
		snprintf(what, sizeof what, "%s, file, chunk %zu: converted, "
		    "iconv", encodings[e].iconv, chunks[c]);
		same_records(r, open_engine(conv, m, CSVIO_ENGINE_LIBCSV, 0),
		    what, raw, n);
	}
}

/*
 * Every byte in every encoding, alone in a field and all in one; random
 * strings over the CSV bytes, high bytes and the BOM's in the canonical
 * dialect and ';'; a big one across many chunks.
 */
static void
test_encodings(void)
{
	static const char *const alpha[] = { "a", ",", "\"", "\r", "\n", " ",
		";", "\xEF\xBB\xBF", "\x81", "\x9D", "\x80", "", "h", "h", "h" };
	enum { NALPHA = sizeof alpha / sizeof *alpha, N = 10000 };
	struct buf raw = BUF_INIT, conv = BUF_INIT;
	uint64_t seed = 1252;
	size_t e, k, i, len, a, nall = sizeof all_chunks / sizeof *all_chunks;
	struct csvio_rec rec;
	csvio_reader *r;

	for (e = 0; e < sizeof encodings / sizeof *encodings; e++) {
		dialect = 0;
		/* Each byte alone in a field, then all high bytes in one. */
		for (k = 0; k < 256; k++) {
			buf_reset(&raw);
			buf_printf(&raw, "x%cy,z\n", (int)k);
			ref_convert(encodings[e].iconv, raw.p, raw.len, &conv);
			compare_enc(e, raw.p, raw.len, conv.p, conv.len,
			    all_chunks, nall, 1);
		}
		buf_reset(&raw);
		for (k = 0x80; k < 0x100; k++)
			buf_addc(&raw, (int)k);
		ref_convert(encodings[e].iconv, raw.p, raw.len, &conv);
		compare_enc(e, raw.p, raw.len, conv.p, conv.len, all_chunks,
		    nall, 1);
		/* csvio_bytes counts input bytes; the field is UTF-8. */
		r = open_enc(raw.p, raw.len, encodings[e].enc,
		    CSVIO_ENGINE_SCAN, 0);
		CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
		CHECK_EQ(rec.n, 1);
		CHECK_EQ(rec.len[0], conv.len);
		CHECK_EQ(csvio_bytes(r), 128);
		csvio_close(r);
		/* Random strings, in two dialects. */
		for (dialect = 0; dialect < 2; dialect++)
			for (k = 0; k < N; k++) {
				buf_reset(&raw);
				len = below(&seed, 4) == 0 ? below(&seed, 400) :
				    below(&seed, 40);
				for (i = 0; i < len; i++) {
					a = below(&seed, NALPHA);
					if (*alpha[a] == 'h')
						buf_addc(&raw, 0x80 +
						    (int)below(&seed, 128));
					else if (*alpha[a])
						buf_adds(&raw, alpha[a]);
					else
						buf_addc(&raw, '\0');
				}
				tr(raw.p, raw.len);
				ref_convert(encodings[e].iconv, raw.p, raw.len,
				    &conv);
				if (ngenerated++ % stride == 0)
					compare_enc(e, raw.p, raw.len, conv.p,
					    conv.len, all_chunks, nall, k % 16 == 0);
			}
		dialect = 0;
		/* A megabyte of text, most of it high bytes. */
		buf_reset(&raw);
		for (i = 0; i < 1024 * 1024; i++)
			buf_addc(&raw, below(&seed, 3) ? 0x80 +
			    (int)below(&seed, 128) : ",\"\n a"[below(&seed, 5)]);
		ref_convert(encodings[e].iconv, raw.p, raw.len, &conv);
		compare_enc(e, raw.p, raw.len, conv.p, conv.len, big_chunks,
		    sizeof big_chunks / sizeof *big_chunks, 1);
	}
	buf_free(&raw);
	buf_free(&conv);
}

/* What csvio_set_encoding refuses. */
static void
test_encoding_errors(void)
{
	struct csvio_rec rec;
	csvio_reader *r;

	r = csvio_open_mem("a\n", 2, "test", ',', '"');
	CHECK_EQ(csvio_set_encoding(r, 3), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_CP1252), 0);
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_UTF8), 0);
	CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_LATIN1), -1);	/* too late */
	csvio_close(r);
	r = csvio_open_mem("a\n", 2, "test", 0xA7, '"');	/* not ASCII */
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_LATIN1), -1);
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_UTF8), 0);
	csvio_close(r);
	r = csvio_open_mem("a\n", 2, "test", ';', 0xB4);
	CHECK_EQ(csvio_set_encoding(r, CSVIO_ENC_CP1252), -1);
	csvio_close(r);
}

/* The ';' input of the csvio_open_fd cases: BOM, CRLF, a quoted field
 * with a line end and "", bytes that are not UTF-8, an open quote. */
static const char fd_in[] = "\xEF\xBB\xBF" "id;nama\r\n1;\"Jos\xE9\n\"\"x\"\"\"\r\n"
    "2;\x81\x80" "b\n3;\"open";

/*
 * fd_in read as csvio_open_fd does it after a sniff: its first cut bytes
 * (every step-th cut) read from the file and handed over as the prefix,
 * then the file from there, at every chunk size, as UTF-8 and as
 * Windows-1252, read ahead when ahead is set: the records of a reader of
 * the same bytes in memory; and csvio_close leaves fd open.
 */
static void
prefix_cases(size_t step, int ahead)
{
	size_t n = sizeof fd_in - 1, cut, c, e;
	char what[96], buf[64];
	csvio_reader *r;
	int fd;

	put_file(fd_in, n);
	for (e = 0; e < 2; e++)
		for (cut = 0; cut <= n; cut += step)
			for (c = 0; c < sizeof all_chunks / sizeof *all_chunks;
			    c++) {
				if ((fd = open(path, O_RDONLY)) < 0 ||
				    read(fd, buf, cut) != (ssize_t)cut) {
					perror(path);
					exit(1);
				}
				r = csvio_open_fd(fd, "test", buf, cut, ';', '"');
				CHECK(r != NULL);
				if (e)
					CHECK_EQ(csvio_set_encoding(r,
					    CSVIO_ENC_CP1252), 0);
				if (all_chunks[c])
					CHECK_EQ(csvio_set_chunk(r,
					    all_chunks[c]), 0);
				if (ahead)
					CHECK_EQ(csvio_read_ahead(r), 1);
				snprintf(what, sizeof what, "prefix %zu, "
				    "chunk %zu, encoding %zu%s", cut,
				    all_chunks[c], e, ahead ? ", read ahead" :
				    "");
				same_records(r, e ? open_enc(fd_in, n,
				    CSVIO_ENC_CP1252, CSVIO_ENGINE_SCAN, 0) :
				    open_engine(fd_in, n, CSVIO_ENGINE_SCAN, 0),
				    what, fd_in, n);
				CHECK(fcntl(fd, F_GETFD) != -1);
				close(fd);
			}
}

/*
 * csvio_open_fd: a prefix already read from a file or a pipe, then the
 * rest from the descriptor, must read as the whole input does, wherever
 * the prefix ends (in a BOM, a quoted field, a character to convert),
 * with and without conversion, at every chunk size.
 */
static void
test_open_fd(void)
{
	const char *in = fd_in;
	size_t n = sizeof fd_in - 1, cut;
	int p[2];

	dialect = 1;	/* ';' '"' */
	prefix_cases(1, 0);
	/* From a pipe, and fd -1: only the prefix. */
	for (cut = 0; cut <= n; cut += 7) {
		if (pipe(p) != 0 || write(p[1], in + cut, n - cut) !=
		    (ssize_t)(n - cut)) {
			perror("pipe");
			exit(1);
		}
		close(p[1]);
		same_records(csvio_open_fd(p[0], "pipe", in, cut, ';', '"'),
		    open_engine(in, n, CSVIO_ENGINE_SCAN, 0), "pipe", in, n);
		close(p[0]);
		same_records(csvio_open_fd(-1, "prefix", in, cut, ';', '"'),
		    open_engine(in, cut, CSVIO_ENGINE_SCAN, 0), "fd -1", in,
		    cut);
	}
	dialect = 0;
}

/*
 * csvio_read_ahead: from a regular file, the records of a reader of the
 * same bytes in memory, at every prefix split, chunk size and encoding
 * (the thread's chunks are the reader's); on a 4 MB input of many records;
 * it refuses a pipe and a reader that has read; a reader closed long
 * before the end stops its thread (the test would hang otherwise).
 */
static void
test_read_ahead(void)
{
	struct buf b = BUF_INIT;
	struct csvio_rec rec;
	uint64_t seed = 11;
	char what[96];
	csvio_reader *r;
	size_t c, i;
	int p[2];

	dialect = 1;	/* ';' '"' */
	prefix_cases(3, 1);
	dialect = 0;
	/* Many records, quoted fields across chunk ends. */
	for (i = 0; b.len < 4 << 20; i++)
		buf_printf(&b, "%zu,\"a,\"\"%llu\"\"\nb\",plain %llu\n", i,
		    (unsigned long long)below(&seed, 1000000),
		    (unsigned long long)below(&seed, 99));
	put_file(b.p, b.len);
	for (c = 0; c < sizeof big_chunks / sizeof *big_chunks; c++) {
		r = csvio_open(path, ',', '"');
		CHECK(r != NULL);
		if (big_chunks[c])
			CHECK_EQ(csvio_set_chunk(r, big_chunks[c]), 0);
		CHECK_EQ(csvio_read_ahead(r), 1);
		CHECK_EQ(csvio_read_ahead(r), 0);	/* once */
		snprintf(what, sizeof what, "read ahead: 4 MB, chunk %zu",
		    big_chunks[c]);
		same_records(r, open_engine(b.p, b.len, CSVIO_ENGINE_SCAN, 0),
		    what, b.p, b.len);
	}
	/* Closed after one record, the thread four chunks ahead. */
	r = csvio_open(path, ',', '"');
	CHECK(r != NULL);
	CHECK_EQ(csvio_set_chunk(r, 4096), 0);
	CHECK_EQ(csvio_read_ahead(r), 1);
	CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
	csvio_close(r);
	/* Not after a read; not for a pipe. */
	r = csvio_open(path, ',', '"');
	CHECK(r != NULL);
	CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
	CHECK_EQ(csvio_read_ahead(r), 0);
	csvio_close(r);
	if (pipe(p) != 0) {
		perror("pipe");
		exit(1);
	}
	r = csvio_open_fd(p[0], "pipe", NULL, 0, ',', '"');
	CHECK(r != NULL);
	CHECK_EQ(csvio_read_ahead(r), 0);
	csvio_close(r);
	close(p[0]);
	close(p[1]);
	buf_free(&b);
}

/*
 * The writer: csvio_encode_field and csvio_encode_record copy plain fields
 * a word at a time; they must give the bytes of this plain reference (the
 * first csvio encoder) for every field.
 */
static void
ref_field(struct buf *out, const char *f, size_t n, int lone)
{
	size_t i;
	int q = 0;

	if (n == 0) {
		if (lone)
			buf_adds(out, "\"\"");
		return;
	}
	if (f[0] == ' ' || f[0] == '\t' || f[n - 1] == ' ' || f[n - 1] == '\t')
		q = 1;
	for (i = 0; i < n; i++)
		if (memchr(",\"\r\n", f[i], 4) != NULL)
			q = 1;
	if (!q) {
		buf_add(out, f, n);
		return;
	}
	buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		if (f[i] == '"')
			buf_addc(out, '"');
		buf_addc(out, f[i]);
	}
	buf_addc(out, '"');
}

/*
 * csvio_encode_read's whole-record path (encode_plain) on records it must
 * take and records it must refuse: fields that cross its 16-byte blocks,
 * with now and then a space or tab at either end of a field, a byte order
 * mark or another 0xEF sequence at its start or inside, a NUL or CR
 * inside, an empty field, a quoted field that needs its quotes (a comma,
 * an edge space) or not, or holds a doubled quote (encode_plain leaves
 * every record with a quoted field to the field-by-field path); each as
 * csvio_encode_record writes it.
 */
static void
test_encode_plain(void)
{
	static const char *const odd[] = { " ", "\t", "\xEF\xBB\xBF",
	    "\xEF\xBF\xBD", "\r", "\xC3\xA9" };
	enum { N = 20000 };
	struct buf in = BUF_INIT, e1 = BUF_INIT, e2 = BUF_INIT;
	struct csvio_rec rec;
	csvio_reader *r;
	uint64_t seed = 7;
	size_t k, i, j, n, l, nrec = 0, bad = 0;
	int rc;

	for (k = 0; k < N; k++) {
		n = 2 + below(&seed, 30);
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(&in, ',');
			if (below(&seed, 5) == 0) {
				/* Quoted: with a comma (as it must be), an
				 * edge space, a doubled quote, or nothing that
				 * needs quotes. */
				buf_addc(&in, '"');
				l = below(&seed, 30);
				for (j = 0; j < l; j++)
					switch (below(&seed, 40)) {
					case 0: buf_adds(&in, ", "); break;
					case 1: buf_adds(&in, "\"\""); break;
					case 2: buf_adds(&in, " "); break;
					case 3: buf_adds(&in, odd[below(&seed,
					    6)]); break;
					default: buf_addc(&in, "az09-./,"
					    [below(&seed, 8)]); break;
					}
				buf_addc(&in, '"');
				continue;
			}
			if (below(&seed, 40) == 0)
				buf_adds(&in, odd[below(&seed, 6)]);
			l = below(&seed, 6) == 0 ? 0 : below(&seed, 40);
			for (j = 0; j < l; j++) {
				if (below(&seed, 500) == 0)
					buf_add(&in, "\0", 1);
				else if (below(&seed, 300) == 0)
					buf_adds(&in, odd[below(&seed, 6)]);
				else
					buf_addc(&in, "az09-./"[below(&seed, 7)]);
			}
			if (below(&seed, 40) == 0)
				buf_adds(&in, odd[below(&seed, 2)]);
		}
		buf_adds(&in, below(&seed, 10) ? "\n" : "\r\n");
	}
	r = csvio_open_mem(in.p, in.len, "test", ',', '"');
	CHECK(r != NULL);
	while ((rc = csvio_read(r, &rec)) == CSVIO_OK || rc == CSVIO_BAD) {
		if (rc == CSVIO_BAD)
			continue;
		buf_reset(&e1);
		buf_reset(&e2);
		buf_adds(&e1, "x");
		buf_adds(&e2, "x");
		if (csvio_encode_read(&e1, r, &rec) != 0 ||
		    csvio_encode_record(&e2, rec.f, rec.len, rec.n) != 0 ||
		    e1.len != e2.len || memcmp(e1.p, e2.p, e1.len) != 0) {
			if (bad++ < 3)
				printf("# record %llu: csvio_encode_read gives "
				    "%zu bytes, csvio_encode_record %zu\n",
				    rec.num, e1.len, e2.len);
		}
		nrec++;
	}
	CHECK(rc == CSVIO_EOF);
	printf("# %zu records through encode_plain's checks\n", nrec);
	CHECK(nrec > N / 2);
	CHECK(bad == 0);
	csvio_close(r);
	buf_free(&in);
	buf_free(&e1);
	buf_free(&e2);
}

static void
test_encode_reference(void)
{
	static const char bytes[] = "ab ,\"\r\n\t\xC3\xA9x\0";
	enum { N = 200000, MAXF = 6 };
	struct buf f[MAXF], got = BUF_INIT, want = BUF_INIT;
	char *fp[MAXF];
	size_t len[MAXF], k, i, j, n, l, bad = 0;
	uint64_t seed = 99;
	int nul;

	for (i = 0; i < MAXF; i++)
		f[i] = (struct buf)BUF_INIT;
	for (k = 0; k < N; k++) {
		n = 1 + below(&seed, MAXF);
		nul = 0;
		for (i = 0; i < n; i++) {
			buf_reset(&f[i]);
			buf_reserve(&f[i], 1);	/* f[i].p is not NULL */
			l = below(&seed, 8) == 0 ? below(&seed, 300) :
			    below(&seed, 20);
			/* Mostly plain bytes, so that plain fields are many. */
			for (j = 0; j < l; j++)
				buf_addc(&f[i], below(&seed, 4) ? "az09-.:/"
				    [below(&seed, 8)] : bytes[below(&seed,
				    sizeof bytes - 1)]);
			nul |= memchr(f[i].p, 0, f[i].len) != NULL;
			fp[i] = f[i].p;
			len[i] = f[i].len;
		}
		buf_reset(&want);
		for (i = 0; i < n; i++) {
			if (i)
				buf_addc(&want, ',');
			ref_field(&want, fp[i], len[i], n == 1);
		}
		/* After some bytes already in the buffer, which stay. */
		buf_reset(&got);
		buf_adds(&got, "x");
		csvio_encode_record(&got, fp, len, n);
		if (got.len != want.len + 1 ||
		    memcmp(got.p + 1, want.p, want.len) != 0 ||
		    got.p[got.len] != '\0')
			bad++;
		if (!nul) {	/* by strlen */
			buf_reset(&got);
			csvio_encode_record(&got, fp, NULL, n);
			if (got.len != want.len ||
			    memcmp(got.p, want.p, want.len) != 0)
				bad++;
		}
		for (i = 0; i < n; i++) {
			buf_reset(&want);
			ref_field(&want, fp[i], len[i], (int)(k & 1));
			buf_reset(&got);
			csvio_encode_field(&got, fp[i], len[i], (int)(k & 1));
			if (got.len != want.len ||
			    memcmp(got.p ? got.p : "", want.p ? want.p : "",
			    want.len) != 0)
				bad++;
		}
		if (bad) {
			t_failed++;
			if (shown++ < 5)
				show("the writer got this record wrong", want.p,
				    want.len);
			bad = 0;
		}
	}
	for (i = 0; i < MAXF; i++)
		buf_free(&f[i]);
	buf_free(&got);
	buf_free(&want);
}

static void
test_engine_choice(void)
{
	csvio_reader *r;
	struct csvio_rec rec;

	put_file("a;b\n", 4);
	r = csvio_open(path, ';', ';');		/* libcsv only */
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_SCAN), -1);
	CHECK_EQ(errno, EINVAL);
	csvio_close(r);
	r = csvio_open(path, '\n', '"');	/* libcsv only */
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_SCAN), -1);
	csvio_close(r);
	r = csvio_open(path, ';', '\r');	/* libcsv only */
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_SCAN), -1);
	csvio_close(r);
	r = csvio_open(path, ';', '"');
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_SCAN), 0);
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_LIBCSV), 0);
	CHECK_EQ(csvio_set_chunk(r, 0), -1);
	CHECK_EQ(csvio_read(r, &rec), CSVIO_OK);
	CHECK_EQ(rec.n, 2);
	CHECK_EQ(csvio_set_chunk(r, 1), -1);	/* too late */
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_LIBCSV), -1);
	csvio_close(r);
	r = csvio_open(path, ',', '"');
	CHECK_EQ(csvio_set_engine(r, 3), -1);
	CHECK_EQ(csvio_set_engine(r, CSVIO_ENGINE_SCAN), 0);
	csvio_close(r);
}

int
main(void)
{
	char *dir = mkdtemp(tmpl);

	if (dir == NULL) {
		perror(tmpl);
		return 1;
	}
	snprintf(path, sizeof path, "%s/in.csv", dir);
	/*
	 * Under the runner's wrapper (make valgrind), where every read costs
	 * fifty times more, compare one random input in 10, and the big
	 * inputs in two dialects: all the paths, in minutes less.  make check
	 * and make sanitize compare them all.
	 */
	if (getenv("PADU_WRAP") != NULL && *getenv("PADU_WRAP") != '\0')
		stride = 10;
	RUN(test_engine_choice);
	RUN(test_oddities);
	RUN(test_random_strings);
	RUN(test_mutated_records);
	RUN(test_big);
	RUN(test_encodings);
	RUN(test_encoding_errors);
	RUN(test_open_fd);
	RUN(test_read_ahead);
	RUN(test_encode_reference);
	RUN(test_encode_plain);
	printf("# %llu inputs compared (%llu random ones made, 1 in %u "
	    "compared) in %d dialects at up to %zu chunk sizes: %llu reads, "
	    "%llu records\n", ninputs, ngenerated, stride, (int)NDIALECTS,
	    sizeof all_chunks / sizeof *all_chunks, nreads, nrecords);
	/* The ASCII fast path is taken (and every claim of it held). */
	printf("# %llu records handed out as ASCII, each checked\n", nascii);
	CHECK(nascii > 0);
	printf("# %llu records encoded by csvio_encode_read, each checked\n",
	    nencoded);
	CHECK(nencoded > 0);
	unlink(path);
	rmdir(dir);
	return T_DONE();
}
