/* SPDX-License-Identifier: MIT */
/*
 * config: JSON configuration on jansson (see config.h).
 *
 * jansson does not keep the position of a value after parsing, so
 * cfg_where() does it the other way round: it finds the path from the root
 * to the value (keys and indexes), then scans the original text along that
 * path with a small JSON skipper.  Configurations are small and errors are
 * rare, so the cost of the walk does not matter.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "config.h"
#include "utf8.h"

struct cfg {
	json_t *root;		/* the parsed document */
	char *name;		/* file name for messages */
	char *text;		/* the original text, for cfg_where */
	size_t len;
};

static char *
msg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
msg(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(&b, (size_t)n) < 0)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.p;
}

cfg *
cfg_load_mem(const char *name, const char *text, size_t n, char **err)
{
	json_error_t je;
	cfg *c;

	*err = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->name = strdup(name)) == NULL ||
	    (c->text = malloc(n + 1)) == NULL) {
		if (c)
			free(c->name);
		free(c);
		*err = msg("%s: out of memory", name);
		return NULL;
	}
	memcpy(c->text, text, n);
	c->text[n] = '\0';
	c->len = n;
	c->root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
	if (c->root == NULL) {
		/* An error at the very start reports column 0: say 1. */
		*err = msg("%s:%d:%d: %s", name, je.line < 1 ? 1 : je.line,
		    je.column < 1 ? 1 : je.column, je.text);
		cfg_free(c);
		return NULL;
	}
	return c;
}

cfg *
cfg_load(const char *path, char **err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp;
	cfg *c;

	if ((fp = fopen(path, "rb")) == NULL) {
		*err = msg("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (buf_add(&b, chunk, n) < 0) {
			fclose(fp);
			buf_free(&b);
			*err = msg("%s: out of memory", path);
			return NULL;
		}
	if (ferror(fp)) {
		*err = msg("%s: read error: %s", path, strerror(errno));
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	c = cfg_load_mem(path, b.p ? b.p : "", b.len, err);
	buf_free(&b);
	return c;
}

void
cfg_free(cfg *c)
{
	if (c == NULL)
		return;
	json_decref(c->root);
	free(c->name);
	free(c->text);
	free(c);
}

cfg_node *
cfg_root(const cfg *c)
{
	return (cfg_node *)c->root;
}

const char *
cfg_name(const cfg *c)
{
	return c->name;
}

#define J(n) ((json_t *)(n))

enum cfg_type
cfg_type(const cfg_node *n)
{
	switch (json_typeof(J(n))) {
	case JSON_OBJECT:
		return CFG_OBJECT;
	case JSON_ARRAY:
		return CFG_ARRAY;
	case JSON_STRING:
		return CFG_STRING;
	case JSON_INTEGER:
		return CFG_INTEGER;
	case JSON_REAL:
		return CFG_REAL;
	case JSON_TRUE:
		return CFG_TRUE;
	case JSON_FALSE:
		return CFG_FALSE;
	case JSON_NULL:
		break;
	}
	return CFG_NULL;
}

const char *
cfg_type_name(enum cfg_type t)
{
	static const char *const names[] = {
		[CFG_OBJECT] = "object", [CFG_ARRAY] = "array",
		[CFG_STRING] = "string", [CFG_INTEGER] = "integer",
		[CFG_REAL] = "number", [CFG_TRUE] = "true",
		[CFG_FALSE] = "false", [CFG_NULL] = "null",
	};
	return names[t];
}

cfg_node *
cfg_get(const cfg_node *n, const char *key)
{
	return n ? (cfg_node *)json_object_get(J(n), key) : NULL;
}

size_t
cfg_size(const cfg_node *n)
{
	if (n && json_is_array(J(n)))
		return json_array_size(J(n));
	if (n && json_is_object(J(n)))
		return json_object_size(J(n));
	return 0;
}

cfg_node *
cfg_at(const cfg_node *n, size_t i)
{
	return n ? (cfg_node *)json_array_get(J(n), i) : NULL;
}

void *
cfg_iter(const cfg_node *obj)
{
	return obj ? json_object_iter(J(obj)) : NULL;
}

void *
cfg_next(const cfg_node *obj, void *it)
{
	return json_object_iter_next(J(obj), it);
}

const char *
cfg_iter_key(void *it)
{
	return json_object_iter_key(it);
}

cfg_node *
cfg_iter_value(void *it)
{
	return (cfg_node *)json_object_iter_value(it);
}

const char *
cfg_string(const cfg_node *n)
{
	return n ? json_string_value(J(n)) : NULL;
}

size_t
cfg_string_len(const cfg_node *n)
{
	return n ? json_string_length(J(n)) : 0;
}

long long
cfg_integer(const cfg_node *n)
{
	return n ? (long long)json_integer_value(J(n)) : 0;
}

double
cfg_number(const cfg_node *n)
{
	return n ? json_number_value(J(n)) : 0;
}

int
cfg_bool(const cfg_node *n)
{
	return n && json_is_true(J(n));
}

/*
 * The path to a value: a list of steps, each an object key or an array
 * index.  find_path() fills it by depth-first search from the root.
 */
struct step {
	const char *key;	/* object member, or NULL for an index */
	size_t index;		/* array element */
};

struct path {
	struct step *s;
	size_t n, cap;
};

static int
push(struct path *p, const char *key, size_t index)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct step *s = realloc(p->s, cap * sizeof *s);
		if (s == NULL)
			return -1;
		p->s = s;
		p->cap = cap;
	}
	p->s[p->n].key = key;
	p->s[p->n].index = index;
	p->n++;
	return 0;
}

static int
find_path(json_t *at, json_t *want, struct path *p)
{
	const char *k;
	json_t *v;
	size_t i;

	if (at == want)
		return 1;
	if (json_is_object(at)) {
		json_object_foreach(at, k, v) {
			if (push(p, k, 0) < 0)
				return -1;
			if (find_path(v, want, p))
				return 1;
			p->n--;
		}
	} else if (json_is_array(at)) {
		json_array_foreach(at, i, v) {
			if (push(p, NULL, i) < 0)
				return -1;
			if (find_path(v, want, p))
				return 1;
			p->n--;
		}
	}
	return 0;
}

/* The text scanner: positions only, the text is known to be valid JSON. */
static size_t
skip_ws(const char *t, size_t i, size_t n)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' ||
	    t[i] == '\r'))
		i++;
	return i;
}

/* Decode the string at t[i] == '"' into out; return the index past it. */
static size_t
scan_string(const char *t, size_t i, size_t n, struct buf *out)
{
	buf_reset(out);
	for (i++; i < n && t[i] != '"'; i++) {
		if (t[i] != '\\') {
			buf_addc(out, t[i]);
			continue;
		}
		if (++i >= n)
			break;
		switch (t[i]) {
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'u': {
			char u[5] = { 0 }, enc[4];
			unsigned long c;
			if (i + 4 >= n)
				return n;
			memcpy(u, t + i + 1, 4);
			c = strtoul(u, NULL, 16);
			i += 4;
			/* A surrogate pair: combine with the next \uXXXX. */
			if (c >= 0xD800 && c <= 0xDBFF && i + 6 < n &&
			    t[i + 1] == '\\' && t[i + 2] == 'u') {
				unsigned long lo;
				memcpy(u, t + i + 3, 4);
				lo = strtoul(u, NULL, 16);
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			buf_add(out, enc, utf8_encode((int32_t)c, enc));
			break;
		}
		default: buf_addc(out, t[i]); break;
		}
	}
	return i < n ? i + 1 : n;
}

static size_t
skip_value(const char *t, size_t i, size_t n, struct buf *tmp)
{
	int depth = 0;

	i = skip_ws(t, i, n);
	do {
		if (i >= n)
			return n;
		if (t[i] == '"') {
			i = scan_string(t, i, n, tmp);
			continue;
		}
		if (t[i] == '{' || t[i] == '[')
			depth++;
		else if (t[i] == '}' || t[i] == ']')
			depth--;
		else if (depth == 0 && (t[i] == ',' || t[i] == ' ' ||
		    t[i] == '\n' || t[i] == '\r' || t[i] == '\t'))
			return i;
		i++;
	} while (depth > 0 || (i < n && t[i] != ',' && t[i] != '}' &&
	    t[i] != ']' && t[i] != ' ' && t[i] != '\n' && t[i] != '\r' &&
	    t[i] != '\t'));
	return i;
}

/* Offset of the value at path p in the text, or (size_t)-1. */
static size_t
locate(const char *t, size_t n, const struct path *p)
{
	struct buf key = BUF_INIT, tmp = BUF_INIT;
	size_t i = skip_ws(t, 0, n), d;

	for (d = 0; d < p->n; d++) {
		const struct step *s = &p->s[d];
		size_t idx = 0;

		if (i >= n)
			goto fail;
		if (s->key) {
			if (t[i] != '{')
				goto fail;
			for (i++;;) {
				i = skip_ws(t, i, n);
				if (i >= n || t[i] != '"')
					goto fail;
				i = scan_string(t, i, n, &key);
				i = skip_ws(t, i, n);
				if (i >= n || t[i] != ':')
					goto fail;
				i = skip_ws(t, i + 1, n);
				if (key.p && strcmp(key.p, s->key) == 0)
					break;
				i = skip_ws(t, skip_value(t, i, n, &tmp), n);
				if (i >= n || t[i] != ',')
					goto fail;
				i++;
			}
		} else {
			if (t[i] != '[')
				goto fail;
			for (i = skip_ws(t, i + 1, n); idx < s->index; idx++) {
				i = skip_ws(t, skip_value(t, i, n, &tmp), n);
				if (i >= n || t[i] != ',')
					goto fail;
				i = skip_ws(t, i + 1, n);
			}
		}
	}
	buf_free(&key);
	buf_free(&tmp);
	return i;
fail:
	buf_free(&key);
	buf_free(&tmp);
	return (size_t)-1;
}

char *
cfg_where(const cfg *c, const cfg_node *n)
{
	struct path p = { NULL, 0, 0 };
	size_t off, i, line = 1, col = 1;
	char *s;

	if (find_path(c->root, J(n), &p) != 1 ||
	    (off = locate(c->text, c->len, &p)) == (size_t)-1) {
		free(p.s);
		return msg("%s", c->name);
	}
	free(p.s);
	for (i = 0; i < off; i++) {
		if (c->text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)c->text[i] & 0xC0) != 0x80) {
			col++;	/* columns count characters, as jansson's do */
		}
	}
	s = msg("%s:%zu:%zu", c->name, line, col);
	return s;
}

int
cfg_dump(const cfg_node *n, struct buf *out)
{
	char *s = json_dumps(J(n), JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_PRESERVE_ORDER);
	int rc;

	if (s == NULL)
		return -1;
	rc = buf_adds(out, s);
	free(s);
	return rc;
}

struct cfg_stream {
	int fd;			/* input */
	int own;		/* close it at the end */
	char *name;		/* for messages */
	char in[65536];		/* read buffer */
	size_t len, pos;	/* bytes in it, next to consume */
	int eof;		/* read() returned 0 */
	int ioerr;		/* read() failed: errno */
	int array;		/* a top-level array (else JSON Lines) */
	int started;		/* the first byte has been looked at */
	int done;		/* the array's ']' was seen */
	unsigned long long line, col;	/* position of the next byte */
	unsigned long long num;		/* records returned */
	unsigned long long rec_line;	/* line of the last record */
	json_t *cur;		/* the last record */
	int fed;		/* the last byte fed to jansson, or EOF */
	unsigned long long fed_line, fed_col;	/* where it was */
};

cfg_stream *
cfg_stream_open(const char *path, char **err)
{
	cfg_stream *s;
	int stdin_ = strcmp(path, "-") == 0;

	*err = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->name = strdup(stdin_ ? "<stdin>" : path)) == NULL) {
		free(s);
		*err = msg("%s: out of memory", path);
		return NULL;
	}
	s->line = 1;
	s->col = 1;
	if (stdin_) {
		s->fd = 0;
	} else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*err = msg("%s: %s", path, strerror(errno));
		free(s->name);
		free(s);
		return NULL;
	} else {
		s->own = 1;
	}
	return s;
}

/* The next byte without consuming it, or EOF. */
static int
peek(cfg_stream *s)
{
	ssize_t n;

	if (s->pos < s->len)
		return (unsigned char)s->in[s->pos];
	if (s->eof || s->ioerr)
		return EOF;
	do
		n = read(s->fd, s->in, sizeof s->in);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		s->ioerr = errno;
		return EOF;
	}
	if (n == 0) {
		s->eof = 1;
		return EOF;
	}
	s->len = (size_t)n;
	s->pos = 0;
	if (!s->started) {
		s->started = 1;
		if (n >= 3 && memcmp(s->in, "\xEF\xBB\xBF", 3) == 0)
			s->pos = 3;	/* a UTF-8 byte order mark */
		return peek(s);
	}
	return (unsigned char)s->in[s->pos];
}

static int
next(cfg_stream *s)
{
	int c = peek(s);

	if (c == EOF)
		return c;
	s->pos++;
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		s->col++;
	}
	return c;
}

static int
skip_blank(cfg_stream *s)
{
	int c;

	while ((c = peek(s)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		next(s);
	return c;
}

/* jansson reads the record through this, one byte at a time. */
static size_t
feed(void *buffer, size_t buflen, void *data)
{
	cfg_stream *s = data;
	int c;

	s->fed = EOF;
	if (buflen == 0)
		return 0;
	s->fed_line = s->line;
	s->fed_col = s->col;
	if ((c = next(s)) == EOF)
		return 0;
	*(char *)buffer = (char)c;
	s->fed = c;
	return 1;
}

/*
 * jansson ends a number, true, false or null by reading the byte after it
 * (the ',' or ']' of the array): give that byte back.
 */
static void
unfeed(cfg_stream *s)
{
	if (s->fed == EOF || s->pos == 0 || json_is_object(s->cur) ||
	    json_is_array(s->cur) || json_is_string(s->cur))
		return;
	s->pos--;
	s->line = s->fed_line;
	s->col = s->fed_col;
	s->fed = EOF;
}

/* A message placed at the record's start plus jansson's relative place. */
static char *
place(cfg_stream *s, unsigned long long line, unsigned long long col,
    const json_error_t *je)
{
	unsigned long long l = line + (je->line > 1 ? (unsigned)je->line - 1 : 0);
	unsigned long long c = je->line > 1 ? (unsigned long long)je->column :
	    col + (je->column > 0 ? (unsigned)je->column - 1 : 0);

	return msg("%s:%llu:%llu: %s", s->name, l, c ? c : 1, je->text);
}

/* Skip the rest of the current line (JSON Lines recovery). */
static void
skip_line(cfg_stream *s)
{
	int c;

	while ((c = next(s)) != EOF && c != '\n')
		;
}

int
cfg_stream_next(cfg_stream *s, cfg_node **obj, char **err)
{
	unsigned long long line, col;
	json_error_t je;
	int c;

	*err = NULL;
	json_decref(s->cur);
	s->cur = NULL;
	if (s->done)
		return 0;
	c = skip_blank(s);
	if (s->ioerr)
		goto ioerr;
	if (s->num == 0 && !s->array && c == '[') {
		s->array = 1;
		next(s);
		c = skip_blank(s);
		if (c == ']') {
			next(s);
			s->done = 1;
		}
	} else if (s->array && s->num > 0) {
		if (c == ']') {
			next(s);
			s->done = 1;
		} else if (c == ',') {
			next(s);
			c = skip_blank(s);
		} else {
			*err = msg("%s:%llu:%llu: ',' or ']' expected after "
			    "record %llu", s->name, s->line, s->col, s->num);
			return -1;
		}
	}
	if (s->done) {
		if (skip_blank(s) != EOF) {
			*err = msg("%s:%llu:%llu: text after the top-level array",
			    s->name, s->line, s->col);
			return -1;
		}
		return 0;
	}
	if (c == EOF) {
		if (s->ioerr)
			goto ioerr;
		if (s->array) {
			*err = msg("%s:%llu:%llu: the top-level array is not "
			    "closed", s->name, s->line, s->col);
			return -1;
		}
		return 0;
	}
	line = s->line;
	col = s->col;
	s->num++;
	s->rec_line = line;
	s->fed = EOF;
	s->cur = json_load_callback(feed, s, JSON_DISABLE_EOF_CHECK |
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (s->ioerr)
		goto ioerr;
	if (s->cur)
		unfeed(s);
	if (s->cur == NULL) {
		*err = place(s, line, col, &je);
		if (s->array)
			return -1;
		skip_line(s);
		return 2;
	}
	if (!json_is_object(s->cur)) {
		*err = msg("%s:%llu:%llu: record %llu is %s %s, not an object",
		    s->name, line, col, s->num,
		    json_is_array(s->cur) || json_is_integer(s->cur) ? "an" : "a",
		    cfg_type_name(cfg_type((cfg_node *)s->cur)));
		return 2;
	}
	*obj = (cfg_node *)s->cur;
	return 1;
ioerr:
	*err = msg("%s: read error: %s", s->name, strerror(s->ioerr));
	return -1;
}

unsigned long long
cfg_stream_num(const cfg_stream *s)
{
	return s->num;
}

unsigned long long
cfg_stream_line(const cfg_stream *s)
{
	return s->rec_line;
}

void
cfg_stream_close(cfg_stream *s)
{
	if (s == NULL)
		return;
	json_decref(s->cur);
	if (s->own)
		close(s->fd);
	free(s->name);
	free(s);
}
