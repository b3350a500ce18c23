/* SPDX-License-Identifier: MIT */
/*
 * csvio: the CSV stream, read and written (see csvio.h for the contract).
 *
 * The reader has two engines behind csvio_read().  Both read the input a
 * chunk at a time into r->in and hand out one record per call.  Input in
 * Windows-1252 or Latin-1 is converted to UTF-8 on the way in (fill): the
 * bytes read go to r->raw, and their UTF-8, up to three bytes each, to
 * where they would have gone in r->in; the engines see only UTF-8.
 *
 * The scanner (scan_read, scan and their helpers) reads any dialect whose
 * delimiter and quote are two different bytes, neither CR nor LF (',' and
 * '"', ';' '|' or tab and '"', ',' and '\'' ...), in place: a record's
 * fields stay where they are in r->in, each NUL-terminated over the byte
 * that ended it (delimiter, line end or closing quote), consumed by then;
 * a quoted field with a doubled quote is unescaped in place, towards its
 * start.  A record cut by the end of the
 * chunk is moved to the front before the next chunk is read behind it, and
 * the buffer grows when a record fills it: memory is one chunk plus the
 * longest record.  The bytes that end unquoted fields are found 64 at a
 * time (a bit mask per block, SSE2 or word-at-a-time C), so a field costs
 * a few instructions.  It reads the benchmark file about eight times as
 * fast as the libcsv engine, which copies every byte twice.
 *
 * The libcsv engine (lc_read and the functions before it) reads the
 * dialects the scanner does not (a delimiter or quote that is CR or LF, or
 * the two the same byte), and is the reference the scanner is tested
 * against.  libcsv is a push parser: csv_parse() calls back once per field
 * and once per record for a whole chunk.  The callbacks copy fields into
 * one byte buffer and queue finished records; lc_read() pops the queue and
 * feeds the next chunk when it is empty.  Before a chunk is fed, the fields
 * of the record still in progress are moved to the front of the buffer, so
 * the buffer never holds more than one chunk's records.
 *
 * The scanner must give what the libcsv engine gives for every input, bad
 * ones included; tests/unit/test-csvscan.c compares the two on hundreds of
 * thousands of inputs at every chunk size.  csvio_set_engine() picks one.
 *
 * The writer copies a field that needs no quotes a word at a time while it
 * checks it, straight into its buffer, room for the record made once.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csvio.h"

#define CHUNK (256 * 1024)	/* bytes read from the input at a time */
#define SLACK 4			/* room past a chunk: BOM check, NUL, the
				   overshoot of a 4-byte store (convert) */
#define FLUSH_AT (128 * 1024)	/* writer buffer size that triggers a write */

static const char why_quote[] =
    "malformed quoting: quote character inside an unquoted field";
static const char why_text[] =
    "malformed quoting: text after the closing quote of a field";
static const char why_open[] =
    "unterminated quoted field (it runs to the end of the input)";

enum scan_state {		/* where the scanner is in a record */
	S_ROW,			/* between records (blank lines are skipped) */
	S_FIELD,		/* after a delimiter: a field begins */
	S_UNQ,			/* in an unquoted field */
	S_QUO,			/* in a quoted field */
	S_QEND,			/* after a quote in a quoted field */
	S_RESYNC		/* bad quoting: taking the rest of the line */
};

struct qrec {
	size_t first;		/* index of its first field */
	size_t n;		/* number of fields */
	const char *bad;	/* NULL, or why it is malformed */
};

struct ahead;

struct csvio_reader {
	int fd;			/* input after mem, or -1 */
	struct ahead *ra;	/* csvio_read_ahead's thread, or NULL */
	int own;		/* close fd at the end */
	const char *mem;	/* read first: csvio_open_mem's input, or pre */
	size_t mem_len, mem_pos;	/* its size, and the bytes read */
	char *pre;		/* csvio_open_fd: a copy of the prefix */
	int enc;		/* CSVIO_ENC_*: what the input is in */
	unsigned grow;		/* most UTF-8 bytes per input byte (1..3) */
	unsigned char seq[256][4];	/* enc: byte b as UTF-8, seq[b][0..3)
				   and its length seq[b][3] */
	char *raw;		/* enc: input bytes read, before conversion */
	char *name;		/* for messages */
	int engine;		/* CSVIO_ENGINE_SCAN or CSVIO_ENGINE_LIBCSV */
	int reading;		/* csvio_read has been called */
	int delim, quote;	/* dialect */
	unsigned char cls[256];	/* byte classes of the dialect (scanner) */
	size_t chunk;		/* bytes asked of read() at a time */
	char *in;		/* input bytes (allocated at the first read) */
	size_t in_cap;		/* bytes allocated for in */
	size_t in_len, in_pos;	/* bytes in it and the parse position */
	int eof;		/* read() has returned 0 */
	int done;		/* the input is finished: only EOF now */
	int started;		/* the first bytes have been seen (BOM check) */
	size_t *off, *len;	/* field i: at off[i] (in or data), len[i] bytes */
	size_t nf, fcap;	/* fields held, allocated */
	char **fp;		/* pointers handed out in a csvio_rec */
	size_t fpcap;		/* pointers allocated */
	unsigned long long num;	/* number of the next record handed out */
	unsigned long long bytes;	/* bytes read */
	size_t max_rec;		/* csvio_set_max_record, or 0 */
	char err[512];		/* last error message */

	/* the scanner */
	enum scan_state st;	/* state */
	size_t rs;		/* start of the record in progress in in */
	size_t fs;		/* start of the field in progress */
	size_t wp;		/* end of its unescaped bytes (S_QUO on) */
	const char *why;	/* NULL, or why the record is malformed */
	size_t mbase;		/* in[mbase..mbase+64) is summed up in mbits */
	uint64_t mbits;		/* bit k: in[mbase+k] may end a field */
	size_t cl_end;		/* the bytes from the record in progress up to
				   in[cl_end] are ASCII and not NUL; if
				   cl_end < in_len, in[cl_end] is not */

	/* the libcsv engine */
	struct csv_parser p;	/* libcsv state */
	int resync;		/* skipping to the line end after bad quoting */
	const char *resync_why;	/* reason for the record being skipped */
	struct buf data;	/* field bytes, each NUL-terminated */
	size_t cur;		/* first field of the record in progress */
	struct qrec *q;		/* finished records */
	size_t qn, qpos, qcap;	/* queued, next to hand out, allocated */
	int oom;		/* a callback ran out of memory */
};

/*
 * A pipe holds 64 KB by default, so a chunk of 256 KB passes between two
 * filters in four or more wake-ups of each side.  A pipe at either end is
 * grown to PIPE_BYTES (the most an unprivileged process may ask, by
 * default: /proc/sys/fs/pipe-max-size); when the kernel refuses (a user
 * past the quota of pipe memory), it stays as it was.  Linux only.
 */
#if defined(__linux__) && !defined(F_SETPIPE_SZ)
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif
#define PIPE_BYTES (1 << 20)

static void
grow_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	int n;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (n = fcntl(fd, F_GETPIPE_SZ)) >= 0 && n < PIPE_BYTES)
		(void)fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES);
#else
	(void)fd;
#endif
}

static int
fail(csvio_reader *r, const char *what)
{
	snprintf(r->err, sizeof r->err, "%s: %s", what, strerror(errno));
	return CSVIO_ERR;
}

/* Make room for one more field. 0 or -1. */
/* The record in progress holds held bytes: over max_rec is an error. */
static int
too_long(csvio_reader *r, size_t held)
{
	if (r->max_rec == 0 || held <= r->max_rec)
		return 0;
	snprintf(r->err, sizeof r->err, "record %llu is over %zu bytes "
	    "(an unterminated quote?); it is not read further", r->num,
	    r->max_rec);
	return 1;
}

static int
grow_fields(csvio_reader *r)
{
	size_t cap = r->fcap ? r->fcap * 2 : 256;
	size_t *o;

	if ((o = realloc(r->off, cap * sizeof *o)) == NULL)
		return -1;
	r->off = o;
	if ((o = realloc(r->len, cap * sizeof *o)) == NULL)
		return -1;
	r->len = o;
	r->fcap = cap;
	return 0;
}

/* Words of bytes: each byte 0x01, each byte 0x7F. */
#define ONES 0x0101010101010101ULL
#define LOW7 0x7F7F7F7F7F7F7F7FULL

/* Eight bytes at p, p[0] lowest (compilers make it one load). */
static inline uint64_t
load8(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

static inline unsigned
ctz64(uint64_t m)		/* m != 0 */
{
#ifdef __GNUC__
	return (unsigned)__builtin_ctzll(m);
#else
	unsigned k = 0;

	for (; !(m & 1); m >>= 1)
		k++;
	return k;
#endif
}

/*
 * Make room behind in[in_len] for the next read and return its size, at
 * least grow: the UTF-8 of up to chunk input bytes (no more than a memory
 * input has left), that is grow times as many, plus SLACK.  The buffer is
 * allocated at the first read, so that csvio_set_chunk can change its
 * size, and grows (doubling) only when less than half a chunk is free.
 * Returns 0 when memory runs out.
 */
static size_t
room(csvio_reader *r)
{
	size_t want = r->chunk, cap, free_ = r->in_cap - r->in_len;
	char *p;

	if (r->fd < 0 && r->mem_len - r->mem_pos < want)
		want = r->mem_len - r->mem_pos ? r->mem_len - r->mem_pos : 1;
	want *= r->grow;
	if (free_ >= want + SLACK)
		return want;
	if (free_ >= (want + 1) / 2 + SLACK && free_ - SLACK >= r->grow)
		return free_ - SLACK;
	cap = r->in_len + want + SLACK;
	if (cap < 2 * r->in_cap && r->in_cap <= SIZE_MAX / 2)
		cap = 2 * r->in_cap;
	if ((p = realloc(r->in, cap)) == NULL)
		return 0;
	r->in = p;
	r->in_cap = cap;
	return want;
}

/*
 * Up to max (>= 1) input bytes: what memory input is left, else read()
 * from fd (none when fd is -1).  Memory bytes are copied to dst, or left
 * where they are when dst is NULL; read() reads into dst, or into raw when
 * dst is NULL.  *src is where the bytes are.  Returns their number, 0 at
 * the end, -1 on a read error.
 */
/*
 * Read-ahead: a thread reads fd into a ring of RA_N chunks; input() takes
 * their bytes in order.  A chunk is the thread's until filled counts it,
 * and the reader's until used does; both move under mu.  A chunk of
 * length 0 (the end) or -1 (an error, err) stays the last one.
 */
#define RA_N 4

struct ahead {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* a chunk filled or taken, or stop */
	int fd;
	size_t chunk;
	char *buf[RA_N];
	ssize_t len[RA_N];
	int err[RA_N];
	unsigned long long filled, used;
	size_t pos;		/* bytes of chunk used % RA_N taken */
	int stop;
};

static void *
ahead_run(void *p)
{
	struct ahead *a = p;
	ssize_t n;
	char *b;
	int e;

	for (;;) {
		pthread_mutex_lock(&a->mu);
		while (!a->stop && a->filled - a->used == RA_N)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		b = a->buf[a->filled % RA_N];
		pthread_mutex_unlock(&a->mu);
		do
			n = read(a->fd, b, a->chunk);
		while (n < 0 && errno == EINTR);
		e = n < 0 ? errno : 0;
		pthread_mutex_lock(&a->mu);
		a->len[a->filled % RA_N] = n;
		a->err[a->filled % RA_N] = e;
		a->filled++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (n <= 0)
			return NULL;
	}
}

static ssize_t
ahead_take(struct ahead *a, char *dst, size_t max)
{
	size_t k, n;

	pthread_mutex_lock(&a->mu);
	while (a->filled == a->used)
		pthread_cond_wait(&a->cv, &a->mu);
	pthread_mutex_unlock(&a->mu);
	k = (size_t)(a->used % RA_N);
	if (a->len[k] <= 0) {
		if (a->len[k] < 0)
			errno = a->err[k];
		return a->len[k];
	}
	n = (size_t)a->len[k] - a->pos < max ? (size_t)a->len[k] - a->pos : max;
	memcpy(dst, a->buf[k] + a->pos, n);
	a->pos += n;
	if (a->pos == (size_t)a->len[k]) {
		a->pos = 0;
		pthread_mutex_lock(&a->mu);
		a->used++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	return (ssize_t)n;
}

static void
ahead_free(struct ahead *a)
{
	size_t k;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	for (k = 0; k < RA_N; k++)
		free(a->buf[k]);
	free(a);
}

int
csvio_read_ahead(csvio_reader *r)
{
	struct ahead *a;
	struct stat st;
	size_t k;

	if (r->ra || r->reading || r->fd < 0 || fstat(r->fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (a = calloc(1, sizeof *a)) == NULL)
		return 0;
	a->fd = r->fd;
	a->chunk = r->chunk;
	for (k = 0; k < RA_N; k++)
		if ((a->buf[k] = malloc(a->chunk)) == NULL)
			break;
	if (k < RA_N || pthread_mutex_init(&a->mu, NULL) != 0) {
		while (k-- > 0)
			free(a->buf[k]);
		free(a);
		return 0;
	}
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		goto fail;
	}
	if (pthread_create(&a->th, NULL, ahead_run, a) != 0) {
		pthread_cond_destroy(&a->cv);
		pthread_mutex_destroy(&a->mu);
		goto fail;
	}
	r->ra = a;
	return 1;
fail:
	for (k = 0; k < RA_N; k++)
		free(a->buf[k]);
	free(a);
	return 0;
}

static ssize_t
input(csvio_reader *r, char *dst, size_t max, const char **src)
{
	ssize_t n;

	if (r->pre && r->mem_pos == r->mem_len) {
		/* csvio_open_fd's prefix is all read: its copy can go. */
		free(r->pre);
		r->pre = NULL;
		r->mem = "";
		r->mem_len = r->mem_pos = 0;
	}
	if (r->mem_pos < r->mem_len) {
		n = (ssize_t)(r->mem_len - r->mem_pos < max ?
		    r->mem_len - r->mem_pos : max);
		*src = r->mem + r->mem_pos;
		if (dst) {
			memcpy(dst, *src, (size_t)n);
			*src = dst;
		}
		r->mem_pos += (size_t)n;
		return n;
	}
	if (r->fd < 0)
		return 0;
	if (dst == NULL && r->raw == NULL &&
	    (r->raw = malloc(r->chunk)) == NULL)
		return -1;
	*src = dst ? dst : r->raw;
	if (r->ra)
		return ahead_take(r->ra, (char *)*src, max);
	do
		n = read(r->fd, (char *)*src, max);
	while (n < 0 && errno == EINTR);
	return n;
}

/*
 * Convert the n input bytes at s to UTF-8 at o, which has room for grow
 * times n bytes plus SLACK; return the length.  ASCII goes 16 bytes (or 8)
 * at a time, stored whole before the first byte that is not ASCII is
 * found in them; every other byte goes through seq, 4 bytes stored and
 * its length kept.
 */
static size_t
convert(const unsigned char (*seq)[4], const unsigned char *s, size_t n,
    unsigned char *o)
{
	unsigned char *o0 = o;
	size_t i = 0, k;
	unsigned c;

	while (i < n) {
#ifdef __SSE2__
		if (n - i >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)
			    (const void *)(s + i));
			unsigned m = (unsigned)_mm_movemask_epi8(v);

			_mm_storeu_si128((__m128i *)(void *)o, v);
			k = m ? ctz64(m) : 16;
			i += k;
			o += k;
			if (m == 0)
				continue;
		}
#else
		if (n - i >= 8) {
			uint64_t w = load8(s + i), m = w & ~LOW7;

			memcpy(o, s + i, 8);
			k = m ? ctz64(m) / 8 : 8;
			i += k;
			o += k;
			if (m == 0)
				continue;
		}
#endif
		c = s[i++];
		memcpy(o, seq[c], 4);
		o += seq[c][3];
	}
	return (size_t)(o - o0);
}

/*
 * The offset of the first byte of s[i..n) that is NUL or not ASCII, or n.
 * The scanner hands out a record as ASCII when its bytes are all before
 * that offset, so that filters need not check its fields for UTF-8.
 */
static size_t
next_dirty(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i z = _mm_setzero_si128();

	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + i));
		unsigned m = (unsigned)(_mm_movemask_epi8(v) |
		    _mm_movemask_epi8(_mm_cmpeq_epi8(v, z)));
		if (m)
			return i + ctz64(m);
	}
#else
	for (; n - i >= 8; i += 8) {
		uint64_t w = load8(s + i);
		uint64_t m = (w & ~LOW7) | ((w - ONES) & ~w & ~LOW7);
		if (m) {
			for (; s[i] != 0 && s[i] < 0x80; i++)
				;
			return i;
		}
	}
#endif
	for (; i < n && s[i] != 0 && s[i] < 0x80; i++)
		;
	return i;
}

/*
 * Read once or more, up to max bytes of text, into in[in_len..], where
 * room() made space: max / grow input bytes, converted to UTF-8 when enc
 * says so.  The first read of UTF-8 input goes on until it has 3 bytes or
 * the end of the input, so that a byte order mark is seen whole however
 * the input arrives (that takes at most 2 bytes of SLACK); a BOM at the
 * start is skipped.  eof is set when no byte came.
 */
static int
fill(csvio_reader *r, size_t max)
{
	size_t old = r->in_len;
	const char *src;
	ssize_t n;

	do {
		if (r->enc == CSVIO_ENC_UTF8) {
			if ((n = input(r, r->in + r->in_len, max, &src)) < 0)
				return fail(r, "read error");
			r->in_len += (size_t)n;
		} else {
			if ((n = input(r, NULL, max / r->grow, &src)) < 0)
				return fail(r, "read error");
			r->in_len += convert((const unsigned char (*)[4])r->seq,
			    (const unsigned char *)src, (size_t)n,
			    (unsigned char *)r->in + r->in_len);
		}
		r->bytes += (size_t)n;
		max = 3 - r->in_len;	/* if !started, in_len began at 0 */
	} while (!r->started && r->enc == CSVIO_ENC_UTF8 && n > 0 &&
	    r->in_len < 3);
	if (r->in_len == old) {
		r->eof = 1;
		return 0;
	}
	if (!r->started) {
		r->started = 1;
		/* A UTF-8 byte order mark is not data. */
		if (r->enc == CSVIO_ENC_UTF8 && r->in_len >= 3 &&
		    memcmp(r->in, "\xEF\xBB\xBF", 3) == 0)
			r->in_pos = 3;
	}
	/*
	 * When the bytes held were all clean (or the scanner's compaction of
	 * a quoted field moved in_len back over clean bytes), look on into
	 * the new ones, before the scanner writes its NULs into them.
	 */
	if (r->engine == CSVIO_ENGINE_SCAN && r->cl_end >= old)
		r->cl_end = next_dirty((const unsigned char *)r->in,
		    old > r->in_pos ? old : r->in_pos, r->in_len);
	return 0;
}

/*
 * The scanner.
 *
 * It is libcsv's state machine (libcsv.c, csv_parse) as the libcsv engine
 * runs it, for a delimiter D and a quote Q (',' and '"' below), two
 * different bytes that are neither CR nor LF, so that libcsv's order of
 * comparisons in each state does not matter: CSV_STRICT, a space function that is always false (so libcsv's
 * space counting never starts and spaces are data), CR and LF as line
 * ends.  The states map one to one: S_ROW is ROW_NOT_BEGUN, S_FIELD
 * FIELD_NOT_BEGUN, S_UNQ and S_QUO are FIELD_BEGUN unquoted and quoted,
 * S_QEND FIELD_MIGHT_HAVE_ENDED; S_RESYNC is the libcsv engine's skip to
 * the line end after a strict error.  In words:
 *
 *   S_ROW     CR or LF: nothing (blank lines and the LF of CRLF are no
 *             records); otherwise as S_FIELD.
 *   S_FIELD   ',' ends an empty field; CR or LF ends an empty field and
 *             the record; '"' opens a quoted field; any other byte (space,
 *             tab and NUL included) begins an unquoted field.
 *   S_UNQ     ',' ends the field; CR or LF ends it and the record; '"' is
 *             bad quoting (why_quote).
 *   S_QUO     every byte is data up to a '"', which leads to S_QEND.
 *   S_QEND    ',' ends the field; CR or LF ends it and the record; '"' is
 *             an escaped quote (back to S_QUO); any other byte, a space
 *             included, is bad quoting (why_text).
 *   S_RESYNC  every byte up to the next CR or LF, quotes and delimiters
 *             included, joins the last field; the line end ends the bad
 *             record and the scanner starts afresh in S_ROW.
 *
 * The end of the input ends the record in progress: an empty field in
 * S_FIELD, the field in S_UNQ and S_QEND (OK), the field so far in S_QUO
 * (bad: why_open), the line so far in S_RESYNC (bad).
 *
 * What libcsv does, matched byte for byte, some of it odd:
 * - After bad quoting, the last field is libcsv's partial field followed
 *   by the raw rest of the line from the offending byte: for a quoted field
 *   that is the opening quote, the text with each "" already made one ",
 *   the closing quote, then the rest; "x""y" z gives the field "x"y" z.
 * - The resync after bad quoting ignores quotes: it takes the line up to
 *   the first CR or LF, even one inside a quoted field that was opened
 *   after the bad byte, and the next line is read as a fresh record; so
 *   "a"x,"b<LF>c" gives two bad records, ["a"x,"b] and [c"].
 * - A quoted field followed by a space ("a" ,b) is bad, not trimmed; a
 *   space before the opening quote ( "a") makes an unquoted field that
 *   is bad at the quote.
 * - An unterminated quote at the end takes everything to the end of the
 *   input as the field's text (line ends included, "" unescaped) and has
 *   no opening quote; the record is bad.
 * - A CR ends a record even inside CRLF, and the LF is then a blank line;
 *   so "a<CR>,b" is two records, [a] and [][b].
 */

/* Byte classes (r->cls): what may end an unquoted field. */
enum { C_DATA, C_DELIM, C_QUOTE, C_EOL };

/* Whether the scanner can read the dialect delim, quote. */
static int
scannable(int delim, int quote)
{
	return delim >= 0 && delim <= 255 && quote >= 0 && quote <= 255 &&
	    delim != quote && delim != '\r' && delim != '\n' &&
	    quote != '\r' && quote != '\n';
}

/*
 * Finding the bytes that end an unquoted field (the delimiter, the quote,
 * CR, LF), eight at a time in portable C, sixteen with SSE2 (every x86-64
 * has it).  The delimiter and the quote come broadcast to every byte of a
 * word or vector (struct dq); the writer's are ',' and '"'.  For a byte y,
 * ((y & 0x7F) + 0x7F) | y has its high bit set exactly when y is not zero
 * (no carry leaves the byte); y is the byte XOR one of the four.
 * The marks of a word gather into a byte with a multiply (bit 8k goes to
 * bit 56 + k, and no two partial products meet), and eight words into the
 * 64-bit mask of a block.  (make CFLAGS=-U__SSE2__ tests the portable
 * code on x86-64.)
 */

/* The delimiter and quote of a dialect, broadcast, and its byte classes. */
struct dq {
	uint64_t wd, wq;	/* in every byte of a word */
#ifdef __SSE2__
	__m128i vd, vq;		/* in every byte of a vector */
#endif
	const unsigned char *cls;	/* r->cls */
};

/* 0x80 in each byte of w that is the delimiter wd, the quote wq, CR or LF. */
static inline uint64_t
marks_dq(uint64_t w, uint64_t wd, uint64_t wq)
{
	uint64_t a = w ^ wd, b = w ^ wq;
	uint64_t c = w ^ (ONES * '\r'), d = w ^ (ONES * '\n');

	a |= (a & LOW7) + LOW7;
	b |= (b & LOW7) + LOW7;
	c |= (c & LOW7) + LOW7;
	d |= (d & LOW7) + LOW7;
	return ~(a & b & c & d) & ~LOW7;
}

/* marks_dq for the canonical ',' and '"' (the writer). */
static inline uint64_t
marks(uint64_t w)
{
	return marks_dq(w, ONES * ',', ONES * '"');
}

#ifdef __SSE2__
/* The same for 16 bytes at p, with SSE2: bit k set when p[k] is one. */
static inline unsigned
special16_dq(const unsigned char *p, __m128i vd, __m128i vq)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, vd), _mm_cmpeq_epi8(v, vq)),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
}

/* special16_dq for the canonical ',' and '"' (the writer). */
static inline unsigned
special16(const unsigned char *p)
{
	return special16_dq(p, _mm_set1_epi8(','), _mm_set1_epi8('"'));
}
#endif

/* Bit k set when s[k] ends an unquoted field, for k < min(64, n). */
static inline uint64_t
block_mask(const unsigned char *s, size_t n, const struct dq *dq)
{
	uint64_t m = 0;
	size_t k;

	if (n >= 64) {
#ifdef __SSE2__
		for (k = 0; k < 64; k += 16)
			m |= (uint64_t)special16_dq(s + k, dq->vd, dq->vq) << k;
#else
		for (k = 0; k < 64; k += 8)
			m |= ((marks_dq(load8(s + k), dq->wd, dq->wq) >> 7) *
			    0x0102040810204080ULL) >> 56 << k;
#endif
		return m;
	}
	for (k = 0; k < n; k++)
		if (dq->cls[s[k]] != C_DATA)
			m |= 1ULL << k;
	return m;
}

#define NO_BLOCK (SIZE_MAX / 2)	/* an mbase that no offset is near */

/*
 * The offset of the first byte of s[i..n) that ends an unquoted field, or
 * n.  The mask of the block of 64 bytes at mbase is kept from call to call
 * (the caller sets mbase to NO_BLOCK when bytes from i on may change), so
 * that finding the end of the next field is a shift and a count of zeros,
 * with no dependence on the bytes: a few cycles.
 */
static inline size_t
next_special(const unsigned char *s, size_t i, size_t n, size_t *mbase,
    uint64_t *mbits, const struct dq *dq)
{
	uint64_t m;

	for (;;) {
		if (i - *mbase < 64) {
			if ((m = *mbits >> (i - *mbase)) != 0)
				return i + ctz64(m);
			i = *mbase + 64;
		}
		if (i >= n)
			return n;
		*mbase = i;
		*mbits = block_mask(s + i, n - i, dq);
	}
}

/*
 * Add the field s[a..a+b) to the record in progress, or return -1 from
 * scan() when memory runs out.  scan()'s own copies of r->nf, off, len and
 * fcap stay in registers (stores through s may alias anything in r).
 */
#define FIELD(a, b) do {						\
	if (nf == fcap) {						\
		r->nf = nf;						\
		if (grow_fields(r) < 0)					\
			return -1;					\
		off = r->off, len = r->len, fcap = r->fcap;		\
	}								\
	off[nf] = (a);							\
	len[nf++] = (b);						\
} while (0)

/*
 * Scan in[in_pos..in_len) on from the state in r.  Returns 1 when a record
 * is complete (its fields are off/len[0..nf), r->why says whether it is
 * bad), 0 when the bytes ran out first, -1 (ENOMEM).
 */
static int
scan(csvio_reader *r)
{
	unsigned char *s = (unsigned char *)r->in, *q;
	size_t i = r->in_pos, n = r->in_len, fs = r->fs, wp = r->wp, j;
	size_t nf = r->nf, fcap = r->fcap, *off = r->off, *len = r->len;
	size_t mbase = r->mbase;
	uint64_t mbits = r->mbits;
	enum scan_state st = r->st;
	const unsigned char *cls = r->cls, quote = (unsigned char)r->quote;
	struct dq dq;

	dq.wd = ONES * (unsigned char)r->delim;
	dq.wq = ONES * quote;
#ifdef __SSE2__
	dq.vd = _mm_set1_epi8((char)r->delim);
	dq.vq = _mm_set1_epi8((char)quote);
#endif
	dq.cls = cls;

	for (;;) {
		switch (st) {
		case S_ROW:
			while (i < n && (s[i] == '\n' || s[i] == '\r'))
				i++;
			r->rs = i;
			/* FALLTHROUGH */
		case S_FIELD:
			if (i == n)
				goto out;
			if (s[i] == quote) {
				fs = wp = ++i;
				st = S_QUO;
				continue;
			}
			/* Unquoted; a delimiter or a line end here ends it. */
			fs = i;
			st = S_UNQ;
			/* FALLTHROUGH */
		case S_UNQ:
			i = next_special(s, i, n, &mbase, &mbits, &dq);
			if (i == n)
				goto out;
			switch (cls[s[i]]) {
			case C_DELIM:
				FIELD(fs, i - fs);
				s[i++] = '\0';
				st = S_FIELD;
				continue;
			case C_EOL:
				FIELD(fs, i - fs);
				s[i++] = '\0';
				goto record;
			default:	/* C_QUOTE: the field so far, then raw */
				r->why = why_quote;
				wp = i;
				st = S_RESYNC;
				continue;
			}
		case S_QUO:
			q = memchr(s + i, quote, n - i);
			j = q ? (size_t)(q - s) : n;
			if (wp != i)
				memmove(s + wp, s + i, j - i);
			wp += j - i;
			i = j;
			if (q == NULL)
				goto out;
			i++;
			st = S_QEND;
			/* FALLTHROUGH */
		case S_QEND:
			if (i == n)
				goto out;
			switch (cls[s[i]]) {
			case C_DELIM:
				FIELD(fs, wp - fs);
				s[wp] = '\0';
				i++;
				st = S_FIELD;
				continue;
			case C_EOL:
				FIELD(fs, wp - fs);
				s[wp] = '\0';
				i++;
				goto record;
			case C_QUOTE:	/* "" is one quote */
				s[wp++] = quote;
				i++;
				st = S_QUO;
				continue;
			default:
				/*
				 * libcsv's partial field: the opening quote
				 * (still at fs - 1), the text, the closing
				 * quote; then the raw rest of the line.
				 */
				r->why = why_text;
				s[wp++] = quote;
				fs--;
				st = S_RESYNC;
				continue;
			}
		case S_RESYNC:
			for (j = i; j < n && s[j] != '\n' && s[j] != '\r'; j++)
				;
			if (wp != i)
				memmove(s + wp, s + i, j - i);
			wp += j - i;
			i = j;
			if (i == n)
				goto out;
			FIELD(fs, wp - fs);
			s[wp] = '\0';
			i++;
			goto record;
		}
	}
record:
	r->mbase = mbase;
	r->mbits = mbits;
	r->nf = nf;
	r->in_pos = r->rs = i;
	r->st = S_ROW;
	return 1;
out:
	/*
	 * Out of bytes.  From S_QUO on, the field's bytes end at wp and what
	 * lies behind them has been consumed: the next chunk goes there.
	 */
	if (st == S_QUO || st == S_RESYNC)
		i = wp;
	else if (st == S_QEND)
		i = wp + 1;	/* a byte for the closing quote: wp < i */
	/*
	 * The compaction may have moved a byte that is not ASCII (cl_end <
	 * n: in this record) below the new end: mark the record instead.
	 */
	if (i < n && r->cl_end < n)
		r->cl_end = r->rs;
	r->mbase = NO_BLOCK;	/* the next bytes go to in_len */
	r->nf = nf;
	r->in_pos = r->in_len = i;
	r->st = st;
	r->fs = fs;
	r->wp = wp;
	return 0;
}

#undef FIELD

/*
 * Read more input behind the record in progress, first moving it to the
 * front of the buffer (room() grows the buffer when it fills it).
 */
static int
scan_fill(csvio_reader *r)
{
	size_t keep = r->in_len - r->rs, k, max;

	if (r->rs > 0) {
		if (keep)
			memmove(r->in, r->in + r->rs, keep);
		for (k = 0; k < r->nf; k++)
			r->off[k] -= r->rs;
		if (r->st != S_ROW && r->st != S_FIELD) {
			r->fs -= r->rs;
			r->wp -= r->st != S_UNQ ? r->rs : 0;
		}
		r->in_pos -= r->rs;
		r->in_len = keep;
		r->cl_end = r->cl_end > r->rs ? r->cl_end - r->rs : 0;
		r->rs = 0;
	}
	if ((max = room(r)) == 0) {
		errno = ENOMEM;
		return fail(r, "cannot read");
	}
	return fill(r, max);
}

/* The end of the input ends the record in progress, if there is one. */
static int
scan_finish(csvio_reader *r)
{
	size_t end = r->in_len;

	r->done = 1;
	switch (r->st) {
	case S_ROW:
		return 0;
	case S_FIELD:
		r->fs = end;
		break;
	case S_UNQ:
		break;
	case S_QUO:
		r->why = why_open;
		/* FALLTHROUGH */
	case S_QEND:
	case S_RESYNC:
		end = r->wp;
		break;
	}
	if (r->nf == r->fcap && grow_fields(r) < 0)
		return -1;
	r->off[r->nf] = r->fs;
	r->len[r->nf++] = end - r->fs;
	r->in[end] = '\0';
	r->st = S_ROW;
	return 1;
}

static int
scan_read(csvio_reader *r, struct csvio_rec *rec)
{
	size_t i;
	int rc;
	size_t end;

	if (r->done)
		return CSVIO_EOF;
	if (r->st == S_ROW) {
		r->nf = 0;
		r->why = NULL;
	}
	while ((rc = scan(r)) == 0) {
		if (too_long(r, r->in_len - r->rs))
			return CSVIO_ERR;
		if (scan_fill(r) < 0)
			return CSVIO_ERR;
		if (r->eof) {
			rc = scan_finish(r);
			break;
		}
	}
	if (rc < 0)
		goto nomem;
	if (rc == 0)
		return CSVIO_EOF;
	/* The record's bytes end at in_pos (at in_len at the end). */
	end = r->done ? r->in_len : r->in_pos;
	rec->ascii = r->cl_end >= end;
	if (!rec->ascii && !r->done)
		r->cl_end = next_dirty((const unsigned char *)r->in, end,
		    r->in_len);
	if (r->nf > r->fpcap) {
		size_t cap = r->nf > 2 * r->fpcap ? r->nf : 2 * r->fpcap;
		char **fp = realloc(r->fp, cap * sizeof *fp);
		if (fp == NULL)
			goto nomem;
		r->fp = fp;
		r->fpcap = cap;
	}
	for (i = 0; i < r->nf; i++)
		r->fp[i] = r->in + r->off[i];
	rec->n = r->nf;
	rec->f = r->fp;
	rec->len = r->len;
	rec->num = r->num++;
	rec->bad = r->why;
	return r->why ? CSVIO_BAD : CSVIO_OK;
nomem:
	errno = ENOMEM;
	return fail(r, "cannot read");
}

/*
 * The libcsv engine.
 */

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
add_field(csvio_reader *r, const void *s, size_t n)
{
	if (r->nf == r->fcap && grow_fields(r) < 0)
		return -1;
	r->off[r->nf] = r->data.len;
	r->len[r->nf] = n;
	if (buf_add(&r->data, s, n) < 0 || buf_addc(&r->data, '\0') < 0)
		return -1;
	r->nf++;
	return 0;
}

static int
end_record(csvio_reader *r, const char *bad)
{
	if (r->qn == r->qcap) {
		size_t cap = r->qcap ? r->qcap * 2 : 64;
		struct qrec *q = realloc(r->q, cap * sizeof *q);
		if (q == NULL)
			return -1;
		r->q = q;
		r->qcap = cap;
	}
	r->q[r->qn].first = r->cur;
	r->q[r->qn].n = r->nf - r->cur;
	r->q[r->qn].bad = bad;
	r->qn++;
	r->cur = r->nf;
	return 0;
}

static void
cb_field(void *s, size_t n, void *data)
{
	csvio_reader *r = data;

	if (!r->oom && add_field(r, s ? s : "", s ? n : 0) < 0)
		r->oom = 1;
}

static void
cb_record(int c, void *data)
{
	csvio_reader *r = data;

	(void)c;
	if (!r->oom && end_record(r, NULL) < 0)
		r->oom = 1;
}

static int
parser_init(csvio_reader *r)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_quote(&r->p, (unsigned char)r->quote);
	csv_set_space_func(&r->p, no_space);
	csv_set_blk_size(&r->p, 64 * 1024);
	return 0;
}

/* Move the fields of the record in progress to the front of the buffer. */
static void
compact(csvio_reader *r)
{
	size_t i, base, keep;

	r->qn = r->qpos = 0;
	if (r->cur == 0)
		return;
	base = r->cur < r->nf ? r->off[r->cur] : r->data.len;
	keep = r->data.len - base;
	if (keep)
		memmove(r->data.p, r->data.p + base, keep);
	r->data.len = keep;
	if (r->data.cap)
		r->data.p[keep] = '\0';
	for (i = r->cur; i < r->nf; i++) {
		r->off[i - r->cur] = r->off[i] - base;
		r->len[i - r->cur] = r->len[i];
	}
	r->nf -= r->cur;
	r->cur = 0;
}

/*
 * The parser stopped on bad quoting at in[in_pos]: keep what it had of the
 * current field, then collect the raw rest of the line as the record's last
 * field (resync), so that the rejected record shows what was there.
 */
static int
start_resync(csvio_reader *r)
{
	unsigned char c = (unsigned char)r->in[r->in_pos];
	char q = (char)r->quote;

	r->resync_why = c == r->quote ? why_quote : why_text;
	/*
	 * The partial field as libcsv holds it (with its opening quote back
	 * when it was quoted), then the raw rest: the original text.
	 */
	if (add_field(r, &q, r->p.quoted ? 1 : 0) < 0)
		return -1;
	r->data.len--;	/* extend the field: drop its NUL */
	if (r->p.entry_buf && (buf_add(&r->data, r->p.entry_buf,
	    r->p.entry_pos) < 0 || buf_addc(&r->data, '\0') < 0))
		return -1;
	if (!r->p.entry_buf && buf_addc(&r->data, '\0') < 0)
		return -1;
	r->len[r->nf - 1] += r->p.entry_buf ? r->p.entry_pos : 0;
	r->resync = 1;
	csv_free(&r->p);
	return parser_init(r);
}

/* Skip to the end of the line, appending the bytes to the last field. */
static int
do_resync(csvio_reader *r)
{
	size_t i, last = r->nf - 1;
	const char *s = r->in + r->in_pos;
	size_t n = r->in_len - r->in_pos;
	int end = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r') {
			end = 1;
			break;
		}
	/* The last field is at the end of the buffer: extend it. */
	r->data.len--;		/* drop its NUL */
	if (buf_add(&r->data, s, i) < 0 || buf_addc(&r->data, '\0') < 0)
		return -1;
	r->len[last] += i;
	r->in_pos += i;
	if (end) {
		if (r->in[r->in_pos] == '\r' && r->in_pos + 1 < r->in_len &&
		    r->in[r->in_pos + 1] == '\n')
			r->in_pos++;
		r->in_pos++;
		r->resync = 0;
		return end_record(r, r->resync_why);
	}
	return 0;
}

static int
finish(csvio_reader *r)
{
	r->done = 1;
	if (r->resync) {
		r->resync = 0;
		return end_record(r, r->resync_why) < 0 ? -1 : 0;
	}
	if (csv_fini(&r->p, cb_field, cb_record, r) != 0) {
		/* Unterminated quote: take what there is and say so. */
		size_t q0 = r->qn;
		csv_set_opts(&r->p, 0);
		csv_fini(&r->p, cb_field, cb_record, r);
		if (r->oom)
			return -1;
		if (r->qn > q0)
			r->q[r->qn - 1].bad = why_open;
	}
	return r->oom ? -1 : 0;
}

static int
lc_read(csvio_reader *r, struct csvio_rec *rec)
{
	struct qrec *q;
	size_t i;

	while (r->qpos == r->qn) {
		if (r->done)
			return CSVIO_EOF;
		compact(r);
		if (too_long(r, r->p.entry_pos + (r->nf > 0 ?
		    r->data.len - r->off[0] : 0)))
			return CSVIO_ERR;
		if (r->in_pos == r->in_len) {
			r->in_pos = r->in_len = 0;
			if ((i = room(r)) == 0)
				goto nomem;
			if (fill(r, i) < 0)
				return CSVIO_ERR;
			if (r->eof) {
				if (finish(r) < 0)
					goto nomem;
				continue;
			}
		}
		if (r->resync) {
			if (do_resync(r) < 0)
				goto nomem;
			continue;
		}
		i = csv_parse(&r->p, r->in + r->in_pos, r->in_len - r->in_pos,
		    cb_field, cb_record, r);
		if (r->oom)
			goto nomem;
		r->in_pos += i;
		if (r->in_pos < r->in_len) {
			if (csv_error(&r->p) != CSV_EPARSE)
				goto nomem;
			if (start_resync(r) < 0)
				goto nomem;
		}
	}
	q = &r->q[r->qpos++];
	if (q->n > r->fpcap) {
		size_t cap = q->n > 2 * r->fpcap ? q->n : 2 * r->fpcap;
		char **fp = realloc(r->fp, cap * sizeof *fp);
		if (fp == NULL)
			goto nomem;
		r->fp = fp;
		r->fpcap = cap;
	}
	for (i = 0; i < q->n; i++)
		r->fp[i] = r->data.p + r->off[q->first + i];
	rec->n = q->n;
	rec->f = r->fp;
	rec->len = r->len + q->first;
	rec->num = r->num++;
	rec->bad = q->bad;
	rec->ascii = 0;
	return q->bad ? CSVIO_BAD : CSVIO_OK;
nomem:
	errno = ENOMEM;
	return fail(r, "cannot read");
}

/*
 * The reader.
 */

/* A reader named name, with no input yet. */
static csvio_reader *
reader_new(const char *name, int delim, int quote)
{
	csvio_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->fd = -1;
	r->mbase = NO_BLOCK;
	r->delim = delim;
	r->quote = quote;
	r->engine = scannable(delim, quote) ? CSVIO_ENGINE_SCAN :
	    CSVIO_ENGINE_LIBCSV;
	if (r->engine == CSVIO_ENGINE_SCAN) {
		r->cls[delim] = C_DELIM;
		r->cls[quote] = C_QUOTE;
		r->cls['\r'] = r->cls['\n'] = C_EOL;
	}
	r->chunk = CHUNK;
	r->enc = CSVIO_ENC_UTF8;
	r->grow = 1;
	r->name = strdup(name);
	if (r->name == NULL || parser_init(r) < 0) {
		free(r->name);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	return r;
}

csvio_reader *
csvio_open(const char *path, int delim, int quote)
{
	csvio_reader *r;
	int stdin_ = path == NULL || strcmp(path, "-") == 0, e;

	if ((r = reader_new(stdin_ ? "<stdin>" : path, delim, quote)) == NULL)
		return NULL;
	if (stdin_) {
		r->fd = 0;
	} else {
		if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			e = errno;
			csvio_close(r);
			errno = e;
			return NULL;
		}
		r->own = 1;
	}
	grow_pipe(r->fd);
	return r;
}

csvio_reader *
csvio_open_fd(int fd, const char *name, const void *prefix, size_t n,
    int delim, int quote)
{
	csvio_reader *r = reader_new(name, delim, quote);

	if (r == NULL)
		return NULL;
	if (n && (r->pre = malloc(n)) == NULL) {
		csvio_close(r);
		errno = ENOMEM;
		return NULL;
	}
	if (n)
		memcpy(r->pre, prefix, n);
	r->mem = n ? r->pre : "";
	r->mem_len = n;
	r->fd = fd;
	grow_pipe(fd);
	return r;
}

csvio_reader *
csvio_open_mem(const void *p, size_t n, const char *name, int delim,
    int quote)
{
	csvio_reader *r = reader_new(name, delim, quote);

	if (r == NULL)
		return NULL;
	r->mem = n ? p : "";
	r->mem_len = n;
	return r;
}

int
csvio_set_engine(csvio_reader *r, int engine)
{
	if (r->reading || (engine != CSVIO_ENGINE_SCAN &&
	    engine != CSVIO_ENGINE_LIBCSV) || (engine == CSVIO_ENGINE_SCAN &&
	    !scannable(r->delim, r->quote))) {
		errno = EINVAL;
		return -1;
	}
	r->engine = engine;
	return 0;
}

/* Windows-1252's 0x80..0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int
csvio_set_encoding(csvio_reader *r, int enc)
{
	unsigned b, c;

	if (r->reading || (enc != CSVIO_ENC_UTF8 && enc != CSVIO_ENC_CP1252 &&
	    enc != CSVIO_ENC_LATIN1) || (enc != CSVIO_ENC_UTF8 &&
	    ((unsigned)r->delim >= 0x80 || (unsigned)r->quote >= 0x80))) {
		errno = EINVAL;
		return -1;
	}
	r->enc = enc;
	r->grow = enc == CSVIO_ENC_CP1252 ? 3 : enc == CSVIO_ENC_LATIN1 ? 2 : 1;
	for (b = 0; b < 256; b++) {
		c = b;
		if (enc == CSVIO_ENC_CP1252 && b >= 0x80 && b < 0xA0)
			c = cp1252[b - 0x80];	/* 0: undefined */
		if (b < 0x80 || c == 0) {
			/* ASCII, or an undefined byte kept as it is. */
			r->seq[b][0] = (unsigned char)b;
			r->seq[b][3] = 1;
		} else if (c < 0x800) {
			r->seq[b][0] = (unsigned char)(0xC0 | c >> 6);
			r->seq[b][1] = (unsigned char)(0x80 | (c & 0x3F));
			r->seq[b][3] = 2;
		} else {
			r->seq[b][0] = (unsigned char)(0xE0 | c >> 12);
			r->seq[b][1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			r->seq[b][2] = (unsigned char)(0x80 | (c & 0x3F));
			r->seq[b][3] = 3;
		}
	}
	return 0;
}

int
csvio_set_chunk(csvio_reader *r, size_t n)
{
	if (r->reading || n == 0 || n > SIZE_MAX / 4) {
		errno = EINVAL;
		return -1;
	}
	r->chunk = n;
	return 0;
}

int
csvio_set_max_record(csvio_reader *r, size_t max)
{
	r->max_rec = max;
	return 0;
}

int
csvio_read(csvio_reader *r, struct csvio_rec *rec)
{
	r->reading = 1;
	if (r->engine == CSVIO_ENGINE_SCAN)
		return scan_read(r, rec);
	return lc_read(r, rec);
}

const char *
csvio_strerror(const csvio_reader *r)
{
	return r->err;
}

const char *
csvio_name(const csvio_reader *r)
{
	return r->name;
}

unsigned long long
csvio_bytes(const csvio_reader *r)
{
	return r->bytes;
}

int
csvio_regular(const csvio_reader *r)
{
	struct stat st;

	return r->fd >= 0 && fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
}

void
csvio_close(csvio_reader *r)
{
	if (r == NULL)
		return;
	ahead_free(r->ra);	/* before fd closes under its read() */
	if (r->own)
		close(r->fd);
	csv_free(&r->p);
	buf_free(&r->data);
	free(r->off);
	free(r->len);
	free(r->q);
	free(r->fp);
	free(r->in);
	free(r->raw);
	free(r->pre);
	free(r->name);
	free(r);
}

/*
 * Copy field s[0..n) (n > 0) to d as it is, if it can go out so: with no
 * delimiter, quote, CR or LF anywhere, no space or tab at either end, and
 * no U+FEFF (a byte order mark) at the start.  Returns 1, or 0 when it must be quoted (d then holds some of it).  One
 * pass, a word at a time; the end of the field, and a field shorter than a
 * word, is done with overlapping loads and stores inside it.
 */
static inline int
copy_plain(char *d, const unsigned char *s, size_t n)
{
	uint64_t w, x;
	uint32_t a, b;
	size_t i;

	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return 0;
	/* A leading U+FEFF would be taken for a byte order mark at the
	 * start of a stream and dropped by the reader. */
	if (s[0] == 0xEF && n >= 3 && s[1] == 0xBB && s[2] == 0xBF)
		return 0;
#ifdef __SSE2__
	if (n >= 16) {
		for (i = 0; i + 16 < n; i += 16) {
			if (special16(s + i))
				return 0;
			memcpy(d + i, s + i, 16);
		}
		if (special16(s + n - 16))
			return 0;
		memcpy(d + n - 16, s + n - 16, 16);
		return 1;
	}
#endif
	if (n >= 8) {
		for (i = 0; i + 16 < n; i += 8) {
			if (marks(load8(s + i)))
				return 0;
			memcpy(d + i, s + i, 8);
		}
		/* The last 9 to 16 bytes: two words, maybe overlapping. */
		w = load8(s + i);
		x = load8(s + n - 8);
		if (marks(w) | marks(x))
			return 0;
		memcpy(d + i, s + i, 8);
		memcpy(d + n - 8, s + n - 8, 8);
		return 1;
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		if (marks((uint64_t)a << 32 | b))
			return 0;
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
		return 1;
	}
	if (marks((uint64_t)s[0] << 16 | (uint64_t)s[n / 2] << 8 | s[n - 1]))
		return 0;
	d[0] = (char)s[0];
	d[n / 2] = (char)s[n / 2];
	d[n - 1] = (char)s[n - 1];
	return 1;
}

/* Append field f (n > 0 bytes) quoted, with its quotes doubled. 0 or -1. */
static int
quote_field(struct buf *out, const char *f, size_t n)
{
	const char *q;
	size_t start;

	if (buf_reserve(out, n + 2) < 0 || buf_addc(out, '"') < 0)
		return -1;
	for (start = 0; (q = memchr(f + start, '"', n - start)) != NULL;
	    start = (size_t)(q - f) + 1)
		if (buf_add(out, f + start, (size_t)(q - f) - start + 1) < 0 ||
		    buf_addc(out, '"') < 0)
			return -1;
	if (buf_add(out, f + start, n - start) < 0)
		return -1;
	return buf_addc(out, '"');
}

/* csvio_encode_record, with len never NULL. */
static int
encode(struct buf *out, const char *const *f, const size_t *len, size_t n)
{
	size_t i, all = n;
	char *d;

	/* Room for the fields as they are, the commas and the NUL. */
	for (i = 0; i < n; i++)
		all += len[i];
	if (out->cap - out->len <= all && buf_reserve(out, all) < 0)
		return -1;
	d = out->p + out->len;
	for (i = 0; i < n; i++) {
		if (i)
			*d++ = ',';
		if (len[i] && copy_plain(d, (const unsigned char *)f[i],
		    len[i])) {
			d += len[i];
			continue;
		}
		/* Quoted, or empty: the buffer may grow, make room again. */
		out->len = (size_t)(d - out->p);
		if (len[i] == 0 && n == 1) {
			if (buf_add(out, "\"\"", 2) < 0)
				return -1;
		} else if (len[i] && quote_field(out, f[i], len[i]) < 0) {
			return -1;
		}
		if (buf_reserve(out, all) < 0)
			return -1;
		d = out->p + out->len;
	}
	out->len = (size_t)(d - out->p);
	if (out->cap)
		*d = '\0';
	return 0;
}

int
csvio_encode_field(struct buf *out, const char *f, size_t n, int lone)
{
	if (n == 0)
		return lone ? buf_add(out, "\"\"", 2) : 0;
	return encode(out, &f, &n, 1);
}

int
csvio_encode_record(struct buf *out, char *const *f, const size_t *len,
    size_t n)
{
	size_t i;

	if (len)
		return encode(out, (const char *const *)f, len, n);
	for (i = 0; i < n; i++)
		if ((i && buf_addc(out, ',') < 0) ||
		    csvio_encode_field(out, f[i], strlen(f[i]), n == 1) < 0)
			return -1;
	return 0;
}

/*
 * Whether field k of rec, the record scanner r has just read, went out as
 * it is: it was not quoted in the input (the byte before it is not the
 * quote: an opening quote stays in front of a quoted field, an unquoted
 * one follows the NUL that replaced its delimiter, a line end, or nothing
 * at the front of the buffer), so in the canonical dialect it holds no
 * comma, quote, CR or LF; and no space or tab at either end, no leading
 * U+FEFF.
 */
static inline int
plain_field(const csvio_reader *r, const struct csvio_rec *rec, size_t k)
{
	const unsigned char *s = (const unsigned char *)rec->f[k];
	size_t n = rec->len[k];

	if (s > (const unsigned char *)r->in && s[-1] == '"')
		return 0;
	if (n == 0)
		return rec->n > 1;
	return s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' &&
	    s[n - 1] != '\t' && !(s[0] == 0xEF && n >= 3 && s[1] == 0xBB &&
	    s[2] == 0xBF);
}

/*
 * A field the scanner read quoted, its n bytes s[0..n) still in place:
 * 1 when the writer quotes it too, 0 when it would not, -1 when it holds a
 * quote (then its "" were made one and the bytes moved: not in place).
 */
static int
quoted_again(const unsigned char *s, size_t n, int lone)
{
	unsigned need = 0;
	size_t i = 0;

	if (n == 0)
		return lone;
#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))
			return -1;
		need |= (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
	}
#endif
	for (; i < n; i++) {
		if (s[i] == '"')
			return -1;
		need |= s[i] == ',' || s[i] == '\r' || s[i] == '\n';
	}
	return need || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t' || (s[0] == 0xEF && n >= 3 && s[1] == 0xBB &&
	    s[2] == 0xBF);
}

/*
 * The leading fields of rec, just read by scanner r, whose input bytes are
 * what the writer makes of them: each where the one before it ended (one
 * delimiter, and a quote for a quoted field, apart), unquoted and plain,
 * or quoted and needing its quotes.  They are copied at once, the NULs the
 * scanner wrote in place of their delimiters and closing quotes put back.
 * Returns their number, or -1 (ENOMEM).
 */
static long
encode_same(struct buf *out, const csvio_reader *r, const struct csvio_rec *rec)
{
	const char *in = r->in, *start, *pos, *end;
	size_t k, m, n = rec->n;
	char *d;

	start = pos = end = rec->f[0] - (rec->f[0] > in && rec->f[0][-1] == '"');
	for (k = 0; k < n; k++) {
		const char *s = rec->f[k];
		size_t l = rec->len[k];
		if (s > in && s[-1] == '"') {
			if (s != pos + 1 || quoted_again((const unsigned char *)s,
			    l, n == 1) != 1)
				break;
			end = s + l + 1;
		} else {
			if (s != pos || !plain_field(r, rec, k))
				break;
			end = s + l;
		}
		pos = end + 1;
	}
	if (k == 0)
		return 0;
	if (out->cap - out->len <= (size_t)(end - start) &&
	    buf_reserve(out, (size_t)(end - start)) < 0)
		return -1;
	d = out->p + out->len;
	memcpy(d, start, (size_t)(end - start));
	for (m = 0; m < k; m++) {
		const char *s = rec->f[m], *e = s + rec->len[m];
		if (s > in && s[-1] == '"')
			d[e - start] = '"';	/* after it, the delimiter */
		else if (m + 1 < k)
			d[e - start] = ',';
	}
	out->len += (size_t)(end - start);
	out->p[out->len] = '\0';
	return (long)k;
}

#ifdef __SSE2__
/*
 * The common record of a canonical stream, all of it at once: every field
 * unquoted, one delimiter apart (so none was quoted: a quote and its
 * closing NUL would stand between two), with nothing the writer would
 * quote.  Sixteen bytes at a time, the record is copied with the NULs the
 * scanner wrote over its delimiters made commas, while masks say whether
 * any byte forbids it: a quote, CR, LF or 0xEF (a byte order mark may
 * begin with it; rare otherwise) anywhere, a space or tab beside a
 * delimiter or at either end, or more NULs than delimiters (a NUL in a
 * field).  Returns 1 when done, 0 when the record must go field by field
 * (out unchanged), -1 (ENOMEM).
 */
static int
encode_plain(struct buf *out, const csvio_reader *r,
    const struct csvio_rec *rec, size_t all)
{
	const unsigned char *s = (const unsigned char *)rec->f[0];
	size_t n = rec->n, span, i, nuls = 0;
	unsigned bad = 0, zc = 0, sc = 0, z, sp;
	unsigned char *d;
	const __m128i zero = _mm_setzero_si128(), comma = _mm_set1_epi8(',');

	if (n < 2 || (s > (const unsigned char *)r->in && s[-1] == '"'))
		return 0;
	span = (size_t)(rec->f[n - 1] + rec->len[n - 1] - rec->f[0]);
	if (span + 1 != all || s[0] == ' ' || s[0] == '\t' ||
	    s[span - 1] == ' ' || s[span - 1] == '\t')
		return 0;
	if (out->cap - out->len <= span + 16 &&
	    buf_reserve(out, span + 16) < 0)
		return -1;
	d = (unsigned char *)out->p + out->len;
	for (i = 0; i + 16 <= span; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + i));
		__m128i vz = _mm_cmpeq_epi8(v, zero);
		z = (unsigned)_mm_movemask_epi8(vz);
		sp = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
		bad |= (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))), _mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)))));
		/* byte k and byte k - 1: a space after or before a NUL */
		bad |= (sp & ((z << 1) | zc)) | (z & ((sp << 1) | sc));
		zc = z >> 15;
		sc = sp >> 15;
		nuls += (size_t)__builtin_popcount(z);
		_mm_storeu_si128((__m128i *)(void *)(d + i), _mm_or_si128(
		    _mm_andnot_si128(vz, v), _mm_and_si128(vz, comma)));
	}
	for (; i < span; i++) {
		unsigned c = s[i];
		z = c == 0;
		sp = c == ' ' || c == '\t';
		bad |= c == '"' || c == '\r' || c == '\n' || c == 0xEF;
		bad |= (sp & zc) | (z & sc);
		zc = z;
		sc = sp;
		nuls += z;
		d[i] = z ? ',' : (unsigned char)c;
	}
	if (bad || nuls != n - 1)
		return 0;
	out->len += span;
	out->p[out->len] = '\0';
	return 1;
}
#endif

int
csvio_encode_read(struct buf *out, const csvio_reader *r,
    const struct csvio_rec *rec)
{
	size_t i, j, n = rec->n, all = n;
	char *d;
	long k;

	if (r->engine != CSVIO_ENGINE_SCAN || r->delim != ',' ||
	    r->quote != '"' || rec->bad != NULL || r->enc != CSVIO_ENC_UTF8)
		return encode(out, (const char *const *)rec->f, rec->len, n);
	for (i = 0; i < n; i++)
		all += rec->len[i];
#ifdef __SSE2__
	if ((k = encode_plain(out, r, rec, all)) != 0)
		return k < 0 ? -1 : 0;
#endif
	/* The leading fields as they came (all of them, in most records of
	 * a canonical stream), then the rest by runs. */
	if ((k = encode_same(out, r, rec)) < 0)
		return -1;
	if (out->cap - out->len <= all && buf_reserve(out, all) < 0)
		return -1;
	for (i = (size_t)k; i < n; i = j) {
		/* A run of plain fields, one after another in the buffer,
		 * each followed by the NUL of its delimiter: copied at once,
		 * the NULs made commas. */
		for (j = i; j < n && plain_field(r, rec, j) && (j == i ||
		    rec->f[j] == rec->f[j - 1] + rec->len[j - 1] + 1); j++)
			;
		if (j > i) {
			size_t span = (size_t)(rec->f[j - 1] + rec->len[j - 1] -
			    rec->f[i]);
			d = out->p + out->len;
			if (i)
				*d++ = ',';
			memcpy(d, rec->f[i], span);
			for (size_t m = i; m + 1 < j; m++)
				d[rec->f[m] - rec->f[i] + rec->len[m]] = ',';
			out->len = (size_t)(d + span - out->p);
			continue;
		}
		/* Field i on its own: quoted if it must be. */
		if (i && buf_addc(out, ',') < 0)
			return -1;
		if (csvio_encode_field(out, rec->f[i], rec->len[i], n == 1) < 0 ||
		    buf_reserve(out, all) < 0)
			return -1;
		j = i + 1;
	}
	if (out->cap)
		out->p[out->len] = '\0';
	return 0;
}

struct csvio_writer {
	int fd;			/* output, not owned */
	struct buf b;		/* pending bytes */
	int err;		/* sticky errno of a failed write, or 0 */
};

csvio_writer *
csvio_writer_new(int fd)
{
	csvio_writer *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->fd = fd;
	grow_pipe(fd);
	if (buf_reserve(&w->b, FLUSH_AT + 4096) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

int
csvio_flush(csvio_writer *w)
{
	size_t off = 0;
	ssize_t n;

	if (w->err) {
		errno = w->err;
		return -1;
	}
	while (off < w->b.len) {
		n = write(w->fd, w->b.p + off, w->b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			w->err = errno;
			return -1;
		}
		off += (size_t)n;
	}
	buf_reset(&w->b);
	return 0;
}

int
csvio_write(csvio_writer *w, char *const *f, const size_t *len, size_t n)
{
	if (w->err) {
		errno = w->err;
		return -1;
	}
	if (csvio_encode_record(&w->b, f, len, n) < 0 ||
	    buf_addc(&w->b, '\n') < 0) {
		w->err = errno = ENOMEM;
		return -1;
	}
	return w->b.len >= FLUSH_AT ? csvio_flush(w) : 0;
}

int
csvio_write_raw(csvio_writer *w, const char *p, size_t n)
{
	if (w->err) {
		errno = w->err;
		return -1;
	}
	if (buf_add(&w->b, p, n) < 0) {
		w->err = errno = ENOMEM;
		return -1;
	}
	return w->b.len >= FLUSH_AT ? csvio_flush(w) : 0;
}

int
csvio_write_read(csvio_writer *w, const csvio_reader *r,
    const struct csvio_rec *rec)
{
	if (w->err) {
		errno = w->err;
		return -1;
	}
	if (csvio_encode_read(&w->b, r, rec) < 0 || buf_addc(&w->b, '\n') < 0) {
		w->err = errno = ENOMEM;
		return -1;
	}
	return w->b.len >= FLUSH_AT ? csvio_flush(w) : 0;
}

int
csvio_encode_read_more(struct buf *out, const csvio_reader *r,
    const struct csvio_rec *rec, char *const *f, const size_t *len, size_t n)
{
	size_t i;
	int rc;

	/* A record of one field is not a lone field once others follow. */
	rc = n && rec->n == 1 ?
	    csvio_encode_field(out, rec->f[0], rec->len[0], 0) :
	    csvio_encode_read(out, r, rec);
	for (i = 0; rc >= 0 && i < n; i++)
		if ((rc = buf_addc(out, ',')) >= 0)
			rc = csvio_encode_field(out, f[i], len ? len[i] :
			    strlen(f[i]), 0);
	return rc < 0 ? -1 : 0;
}

int
csvio_write_read_more(csvio_writer *w, const csvio_reader *r,
    const struct csvio_rec *rec, char *const *f, const size_t *len, size_t n)
{
	if (w->err) {
		errno = w->err;
		return -1;
	}
	if (csvio_encode_read_more(&w->b, r, rec, f, len, n) < 0 ||
	    buf_addc(&w->b, '\n') < 0) {
		w->err = errno = ENOMEM;
		return -1;
	}
	return w->b.len >= FLUSH_AT ? csvio_flush(w) : 0;
}

int
csvio_writer_free(csvio_writer *w)
{
	int rc, e;

	if (w == NULL)
		return 0;
	rc = csvio_flush(w);
	e = errno;
	buf_free(&w->b);
	free(w);
	errno = e;
	return rc;
}
