/* SPDX-License-Identifier: MIT */
/*
 * csvio: the CSV stream on libcsv (see csvio.h for the contract).
 *
 * libcsv is a push parser: csv_parse() calls back once per field and once
 * per record for a whole chunk.  The callbacks copy fields into one byte
 * buffer and queue finished records; csvio_read() pops the queue and feeds
 * the next chunk when it is empty.  Before a chunk is fed, the fields of the
 * record still in progress are moved to the front of the buffer, so the
 * buffer never holds more than one chunk's records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "csvio.h"

#define CHUNK (256 * 1024)	/* bytes read from the input at a time */
#define FLUSH_AT (128 * 1024)	/* writer buffer size that triggers a write */

struct qrec {
	size_t first;		/* index of its first field */
	size_t n;		/* number of fields */
	const char *bad;	/* NULL, or why it is malformed */
};

struct csvio_reader {
	int fd;			/* input */
	int own;		/* close fd at the end */
	char *name;		/* for messages */
	struct csv_parser p;	/* libcsv state */
	int delim, quote;	/* dialect */
	char *in;		/* current chunk */
	size_t in_len, in_pos;	/* its bytes and the parse position */
	int eof;		/* read() has returned 0 */
	int done;		/* csv_fini has run */
	int started;		/* the first chunk has been seen (BOM check) */
	int resync;		/* skipping to the line end after bad quoting */
	const char *resync_why;	/* reason for the record being skipped */
	struct buf data;	/* field bytes, each NUL-terminated */
	size_t *off, *len;	/* field i: data.p + off[i], len[i] bytes */
	size_t nf, fcap;	/* fields queued, allocated */
	size_t cur;		/* first field of the record in progress */
	struct qrec *q;		/* finished records */
	size_t qn, qpos, qcap;	/* queued, next to hand out, allocated */
	char **fp;		/* pointers handed out in a csvio_rec */
	size_t fpcap;
	unsigned long long num;	/* number of the next record handed out */
	unsigned long long bytes;	/* bytes read */
	int oom;		/* a callback ran out of memory */
	char err[512];		/* last error message */
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
add_field(csvio_reader *r, const void *s, size_t n)
{
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? r->fcap * 2 : 256;
		size_t *o = realloc(r->off, cap * sizeof *o);
		if (o == NULL)
			return -1;
		r->off = o;
		if ((o = realloc(r->len, cap * sizeof *o)) == NULL)
			return -1;
		r->len = o;
		r->fcap = cap;
	}
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

csvio_reader *
csvio_open(const char *path, int delim, int quote)
{
	csvio_reader *r;
	int stdin_ = path == NULL || strcmp(path, "-") == 0;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->delim = delim;
	r->quote = quote;
	r->name = strdup(stdin_ ? "<stdin>" : path);
	r->in = malloc(CHUNK);
	if (r->name == NULL || r->in == NULL || parser_init(r) < 0)
		goto fail;
	if (stdin_) {
		r->fd = 0;
	} else {
		if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			goto fail_parser;
		r->own = 1;
	}
	return r;
fail_parser:
	csv_free(&r->p);
fail:
	{
		int e = errno;
		free(r->name);
		free(r->in);
		free(r);
		errno = e;
	}
	return NULL;
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

	return fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
}

void
csvio_close(csvio_reader *r)
{
	if (r == NULL)
		return;
	if (r->own)
		close(r->fd);
	csv_free(&r->p);
	buf_free(&r->data);
	free(r->off);
	free(r->len);
	free(r->q);
	free(r->fp);
	free(r->in);
	free(r->name);
	free(r);
}

static int
fail(csvio_reader *r, const char *what)
{
	snprintf(r->err, sizeof r->err, "%s: %s", what, strerror(errno));
	return CSVIO_ERR;
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

static int
fill(csvio_reader *r)
{
	ssize_t n;

	do
		n = read(r->fd, r->in, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(r, "read error");
	r->in_len = (size_t)n;
	r->in_pos = 0;
	r->bytes += (size_t)n;
	if (n == 0)
		r->eof = 1;
	if (!r->started && n > 0) {
		r->started = 1;
		/* A UTF-8 byte order mark is not data. */
		if (n >= 3 && memcmp(r->in, "\xEF\xBB\xBF", 3) == 0)
			r->in_pos = 3;
	}
	return 0;
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

	r->resync_why = c == r->quote
	    ? "malformed quoting: quote character inside an unquoted field"
	    : "malformed quoting: text after the closing quote of a field";
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
			r->q[r->qn - 1].bad = "unterminated quoted field "
			    "(it runs to the end of the input)";
	}
	return r->oom ? -1 : 0;
}

int
csvio_read(csvio_reader *r, struct csvio_rec *rec)
{
	struct qrec *q;
	size_t i;

	while (r->qpos == r->qn) {
		if (r->done)
			return CSVIO_EOF;
		compact(r);
		if (r->in_pos == r->in_len) {
			if (fill(r) < 0)
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
	return q->bad ? CSVIO_BAD : CSVIO_OK;
nomem:
	errno = ENOMEM;
	return fail(r, "cannot read");
}

/* Bytes that force quoting anywhere in a field (the delimiter is ','). */
static const unsigned char must_quote[256] = {
	['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1,
};

int
csvio_encode_field(struct buf *out, const char *f, size_t n, int lone)
{
	const unsigned char *s = (const unsigned char *)f;
	size_t i, start;
	int q = 0;

	if (n == 0)
		return lone ? buf_add(out, "\"\"", 2) : 0;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		q = 1;
	for (i = 0; !q && i < n; i++)
		if (must_quote[s[i]])
			q = 1;
	if (!q)
		return buf_add(out, f, n);
	if (buf_reserve(out, n + 2) < 0 || buf_addc(out, '"') < 0)
		return -1;
	for (start = i = 0; i < n; i++)
		if (s[i] == '"') {
			if (buf_add(out, f + start, i - start + 1) < 0 ||
			    buf_addc(out, '"') < 0)
				return -1;
			start = i + 1;
		}
	if (buf_add(out, f + start, n - start) < 0)
		return -1;
	return buf_addc(out, '"');
}

int
csvio_encode_record(struct buf *out, char *const *f, const size_t *len,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i && buf_addc(out, ',') < 0)
			return -1;
		if (csvio_encode_field(out, f[i], len ? len[i] : strlen(f[i]),
		    n == 1) < 0)
			return -1;
	}
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
